"""Meta-tests: the stored catalog against the spec's rule tables (shared/spec/rules.md)."""
from __future__ import annotations

import itertools
import re
import string
import tomllib
from dataclasses import fields

import pytest

from app.domain.plan import vocab
from app.domain.plan.model import Exchange, Plan, Windows
from app.domain.rules.catalog import CATALOG_FILE, SEVERITIES, STEPS, load_catalog
from app.domain.rules.checks import CHECKS
from tests.domain.plans import SPEC_DIR

RULES_MD = SPEC_DIR / "rules.md"
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ROW = re.compile(r"^\| ([a-z0-9]+(?:-[a-z0-9]+)+) \|")
STEP_HEADING = re.compile(r"^## .*\(step: ([a-z-]+)\)\s*$")
SOURCE_DEFINITION = re.compile(r"(?:^|(?<=\. ))([A-Z][A-Z0-9]*): ")

CATALOG = load_catalog()
RAW = tomllib.loads(CATALOG_FILE.read_text(encoding="utf-8"))


def spec_rows() -> list[dict]:
    """Every row of the spec's rule tables: id, sev, applies, fires when, src, and its step."""
    rows, step = [], None
    for line in RULES_MD.read_text(encoding="utf-8").splitlines():
        heading = STEP_HEADING.match(line)
        if heading:
            step = heading.group(1)
        if not ROW.match(line):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        assert len(cells) == 5, line
        rule_id, severity, applies, fires_when, sources = cells
        rows.append({"id": rule_id, "severity": severity, "applies": applies, "fires_when": fires_when,
                     "sources": [s.strip() for s in sources.split(",")], "step": step})
    return rows


SPEC_ROWS = spec_rows()
SPEC_BY_ID = {row["id"]: row for row in SPEC_ROWS}


def spec_source_codes() -> set[str]:
    text = RULES_MD.read_text(encoding="utf-8").split("## Sources", 1)[1]
    return set(SOURCE_DEFINITION.findall(" ".join(text.split())))


def test_spec_tables_were_parsed():
    # Guards the parser itself: the spec has six tables and some 70 rules.
    assert len(SPEC_ROWS) > 60
    # The spec files its rules under six of the plan's sections (none under storage groups or setup).
    assert {row["step"] for row in SPEC_ROWS} == set(STEPS) - {"storage-groups", "setup"}
    assert "dns-dynamic-updates" in SPEC_BY_ID and "sa-resources-automatic" in SPEC_BY_ID


def test_catalog_holds_every_spec_id_exactly_once():
    catalog_ids = [entry["id"] for entry in RAW["rule"]]
    duplicated = sorted({i for i in catalog_ids if catalog_ids.count(i) > 1})
    assert not duplicated, f"duplicated in the catalog: {duplicated}"
    missing = sorted(set(SPEC_BY_ID) - set(catalog_ids))
    assert not missing, f"spec rules missing from the catalog: {missing}"
    spec_ids = [row["id"] for row in SPEC_ROWS]
    assert len(spec_ids) == len(set(spec_ids)), "the spec itself lists an id twice"


def test_loaded_catalog_matches_the_file():
    assert [rule.id for rule in CATALOG.rules] == [entry["id"] for entry in RAW["rule"]]


@pytest.mark.parametrize("entry", RAW["rule"], ids=lambda entry: entry.get("id", "?"))
def test_catalog_entry_is_complete(entry):
    assert KEBAB.match(entry["id"]), f"{entry['id']} is not kebab-case"
    for key in ("title", "message", "remediation", "rationale"):
        assert isinstance(entry.get(key), str) and entry[key].strip(), f"{entry['id']}: no {key}"
    assert entry.get("severity") in SEVERITIES
    for version, override in entry.get("by_exchange", {}).items():
        assert version in vocab.EXCHANGE_VERSIONS
        assert set(override) <= {"severity", "message", "remediation"}
        assert override.get("severity", entry["severity"]) in SEVERITIES
    assert entry.get("step") in STEPS
    assert entry.get("sources"), f"{entry['id']}: no source"
    for code in entry["sources"]:
        assert code in RAW["sources"], f"{entry['id']}: source {code} is not defined"
        assert RAW["sources"][code]["text"].strip()
    assert entry.get("check") in CHECKS and callable(CHECKS[entry["check"]])
    assert entry.get("subjects"), f"{entry['id']}: no subject"


@pytest.mark.parametrize("entry", RAW["rule"], ids=lambda entry: entry.get("id", "?"))
def test_message_placeholders_are_plain_names(entry):
    for key in ("message", "remediation"):
        for _, name, spec, conversion in string.Formatter().parse(entry[key]):
            if name is not None:
                assert re.fullmatch(r"[a-z_]+", name), f"{entry['id']}.{key}: odd placeholder {{{name}}}"
                assert not spec and not conversion


def test_catalog_defines_every_spec_source():
    assert spec_source_codes() <= set(RAW["sources"])


@pytest.mark.parametrize("row", SPEC_ROWS, ids=lambda row: row["id"])
def test_catalog_agrees_with_spec_row(row):
    rule = CATALOG.get(row["id"])
    assert rule is not None
    assert rule.step == row["step"]
    assert set(row["sources"]) <= set(rule.sources), f"spec sources {row['sources']}, catalog {rule.sources}"
    severity = row["severity"]
    match = re.fullmatch(r"(\w+) for 2000/2003, (\w+) for 2007", severity)
    if match:
        expected = {"2000": match.group(1), "2003": match.group(1), "2007": match.group(2)}
    else:
        expected = {version: severity for version in vocab.EXCHANGE_VERSIONS}
    for version, want in expected.items():
        assert rule.variant_for(version).severity == want, f"{row['id']} for Exchange {version}"


def test_dns_dynamic_updates_is_error_for_2003_and_warning_for_2007():
    rule = CATALOG.get("dns-dynamic-updates")
    assert rule.variant_for("2000").severity == "error"
    assert rule.variant_for("2003").severity == "error"
    assert rule.variant_for("2007").severity == "warning"
    assert "A record" in rule.variant_for("2007").remediation
    assert rule.variant_for("2007").remediation != rule.variant_for("2003").remediation


# ---------------------------------------------------------------- applicability

def spec_applies(text: str):
    """The spec's "applies" column as a predicate over (exchange, windows, cluster_type)."""
    alternatives = []
    for part in text.split(", "):
        if part == "all":
            alternatives.append(lambda ex, win, ct: True)
            continue
        match = re.fullmatch(r"Windows ([0-9/r]+)", part)
        if match:
            versions = match.group(1).split("/")
            alternatives.append(lambda ex, win, ct, versions=versions: win in versions)
            continue
        match = re.fullmatch(r"([0-9/]+)(?: (scc|ccr))?(?: on Windows ([0-9/r]+))?", part)
        assert match, f"unknown applicability {part!r}"
        exchanges = match.group(1).split("/")
        cluster_type = match.group(2)
        windows = match.group(3).split("/") if match.group(3) else None
        alternatives.append(lambda ex, win, ct, exchanges=exchanges, cluster_type=cluster_type, windows=windows:
                            ex in exchanges and (cluster_type is None or ct == cluster_type)
                            and (windows is None or win in windows))
    return lambda ex, win, ct: any(alt(ex, win, ct) for alt in alternatives)


def version_grid():
    for exchange, windows in itertools.product(vocab.EXCHANGE_VERSIONS, vocab.WINDOWS_VERSIONS):
        for cluster_type in (vocab.CLUSTER_TYPES if exchange == "2007" else (None,)):
            yield exchange, windows, cluster_type


@pytest.mark.parametrize("row", SPEC_ROWS, ids=lambda row: row["id"])
def test_catalog_applicability_matches_spec(row):
    expected = spec_applies(row["applies"])
    rule = CATALOG.get(row["id"])
    for exchange, windows, cluster_type in version_grid():
        plan = Plan(exchange=Exchange(version=exchange, cluster_type=cluster_type), windows=Windows(version=windows))
        assert rule.applies_to(plan) == expected(exchange, windows, cluster_type), (
            f"{row['id']} ({row['applies']}) on Exchange {exchange} {cluster_type or ''} / Windows {windows}")


def test_applicability_keys_use_the_format_vocabulary():
    allowed = {"exchange": vocab.EXCHANGE_VERSIONS, "windows": vocab.WINDOWS_VERSIONS,
               "cluster_type": vocab.CLUSTER_TYPES}
    for rule in CATALOG.rules:
        for alternative in rule.applies:
            for key, values in alternative.items():
                assert set(values) <= set(allowed[key]), f"{rule.id}: {key} = {values}"


# ---------------------------------------------------------------- subjects name real fields

def _field_exists(subject: str) -> bool:
    cls = Plan
    parts = subject.split(".")
    for position, part in enumerate(parts):
        name = part.removesuffix("[]")
        known = {f.name: f for f in fields(cls)}
        if name not in known:
            return False
        spec = known[name].metadata["spec"]
        last = position == len(parts) - 1
        if spec.kind == "object":
            cls = spec.cls
        elif spec.kind == "list" and spec.item.kind == "object":
            cls = spec.item.cls
        elif not last:
            return False
    return True


@pytest.mark.parametrize("rule", CATALOG.rules, ids=lambda rule: rule.id)
def test_subjects_are_fields_of_the_format(rule):
    for subject in rule.subjects:
        assert _field_exists(subject), f"{rule.id}: {subject} is not a field of the plan format"
