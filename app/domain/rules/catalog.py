"""Loads the stored rule catalog (catalog.toml) into typed Rule objects."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from app.domain import sections
from app.domain.rules.checks import CHECKS, Check

CATALOG_FILE = Path(__file__).with_name("catalog.toml")
SEVERITIES = ("error", "warning", "info")
STEPS = sections.ORDER
APPLICABILITY_KEYS = {"exchange", "windows", "cluster_type"}


class CatalogError(ValueError):
    pass


# How a source's address reads as a link: "KB 258750", "TechNet cc779429".
_LINK_NAMES = ((re.compile(r"https://support\.microsoft\.com/kb/(\d+)\Z"), "KB {}"),
               (re.compile(r"https://technet\.microsoft\.com/library/([\w.-]+)\Z"), "TechNet {}"))


@dataclass(frozen=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True)
class Source:
    """A source of the catalog's [sources] table: how it is named, and its pages where it has one."""

    code: str
    text: str
    urls: tuple[str, ...] = ()

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(Link(_link_name(url), url) for url in self.urls)

    def segments(self) -> list[tuple[str, str | None]]:
        """The text in pieces, (text, url) where the text names a page of the source ("KB 258750",
        "TechNet cc779429", or the bare id after "TechNet bb123996, ..."), (text, None) elsewhere;
        a page the text does not name follows in parentheses."""
        pieces: list[tuple[str, str | None]] = [(self.text, None)]
        unnamed = []
        for link in self.links:
            for name in (link.name, link.name.removeprefix("TechNet ")):
                found = next(((i, p) for i, (p, url) in enumerate(pieces) if url is None and name in p), None)
                if found:
                    index, text = found
                    before, _, after = text.partition(name)
                    pieces[index:index + 1] = [(before, None), (name, link.url), (after, None)]
                    break
            else:
                unnamed.append(link)
        for number, link in enumerate(unnamed):
            pieces += [(" (" if number == 0 else ", ", None), (link.name, link.url)]
        if unnamed:
            pieces.append((")", None))
        return [(text, url) for text, url in pieces if text]


def _link_name(url: str) -> str:
    for pattern, name in _LINK_NAMES:
        match = pattern.match(url)
        if match:
            return name.format(match.group(1))
    return url


@dataclass(frozen=True)
class Variant:
    """What a rule says for one Exchange version when it differs."""

    severity: str
    message: str
    remediation: str


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    step: str
    subjects: tuple[str, ...]
    check_name: str
    message: str
    remediation: str
    rationale: str
    sources: tuple[str, ...]
    applies: tuple[dict, ...] = ()
    by_exchange: dict = field(default_factory=dict)

    @property
    def check(self) -> Check:
        return CHECKS[self.check_name]

    def applies_to(self, plan) -> bool:
        if not self.applies:
            return True
        return any(_matches(alternative, plan) for alternative in self.applies)

    def variant_for(self, exchange_version) -> Variant:
        override = self.by_exchange.get(exchange_version, {})
        return Variant(
            severity=override.get("severity", self.severity),
            message=override.get("message", self.message),
            remediation=override.get("remediation", self.remediation),
        )

    @property
    def severities(self) -> tuple[str, ...]:
        found = [self.severity] + [v.get("severity", self.severity) for v in self.by_exchange.values()]
        return tuple(s for s in SEVERITIES if s in found)

    @property
    def versions_text(self) -> str:
        """Where the rule applies, in the spec's shorthand ("2000/2003", "2007 scc", "all")."""
        if not self.applies:
            return "all"
        parts = []
        for alternative in self.applies:
            words = []
            if "exchange" in alternative:
                words.append("Exchange " + "/".join(alternative["exchange"]))
            if "cluster_type" in alternative:
                words.append("/".join(t.upper() for t in alternative["cluster_type"]))
            if "windows" in alternative:
                words.append("on Windows " + "/".join(alternative["windows"]))
            parts.append(" ".join(words))
        return ", ".join(parts)


def _matches(alternative: dict, plan) -> bool:
    values = {"exchange": plan.exchange.version, "windows": plan.windows.version,
              "cluster_type": plan.exchange.cluster_type}
    return all(values[key] in allowed for key, allowed in alternative.items())


@dataclass(frozen=True)
class Catalog:
    rules: tuple[Rule, ...]
    sources: dict[str, Source]

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id().get(rule_id)

    @lru_cache(maxsize=1)
    def _by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    def __hash__(self) -> int:
        return id(self)


def parse_catalog(text: str) -> Catalog:
    data = tomllib.loads(text)
    sources = {code: _parse_source(code, entry) for code, entry in data.get("sources", {}).items()}
    rules = tuple(_parse_rule(entry, sources) for entry in data.get("rule", []))
    ids = [rule.id for rule in rules]
    duplicated = {i for i in ids if ids.count(i) > 1}
    if duplicated:
        raise CatalogError(f"duplicate rule ids: {', '.join(sorted(duplicated))}")
    return Catalog(rules=rules, sources=sources)


def _parse_source(code: str, entry) -> Source:
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or not entry["text"].strip():
        raise CatalogError(f"source {code}: needs a text")
    urls = entry.get("urls", [])
    if set(entry) - {"text", "urls"} or not all(isinstance(u, str) and u.startswith("https://") for u in urls):
        raise CatalogError(f"source {code}: only text and urls (https addresses) are allowed")
    return Source(code, entry["text"], tuple(urls))


def _parse_rule(entry: dict, sources: dict) -> Rule:
    rule_id = entry.get("id", "?")
    try:
        rule = Rule(
            id=entry["id"], title=entry["title"], severity=entry["severity"], step=entry["step"],
            subjects=tuple(entry["subjects"]), check_name=entry["check"], message=entry["message"],
            remediation=entry["remediation"], rationale=entry["rationale"],
            sources=tuple(entry["sources"]), applies=tuple(entry.get("applies", ())),
            by_exchange=entry.get("by_exchange", {}),
        )
    except KeyError as missing:
        raise CatalogError(f"rule {rule_id}: missing key {missing}") from None
    problems = []
    if rule.severity not in SEVERITIES or any(
            v.get("severity", rule.severity) not in SEVERITIES for v in rule.by_exchange.values()):
        problems.append("unknown severity")
    if rule.step not in STEPS:
        problems.append(f"unknown step {rule.step}")
    if rule.check_name not in CHECKS:
        problems.append(f"unknown check {rule.check_name}")
    if any(source not in sources for source in rule.sources):
        problems.append("unknown source")
    if any(set(alt) - APPLICABILITY_KEYS for alt in rule.applies):
        problems.append("unknown applicability key")
    if problems:
        raise CatalogError(f"rule {rule_id}: " + "; ".join(problems))
    return rule


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    return parse_catalog(CATALOG_FILE.read_text(encoding="utf-8"))
