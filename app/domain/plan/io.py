"""Reading and writing the `exchange-cluster-plan/1` JSON format.

Loading is strict: the first bad value refuses the whole document with a
message naming its exact path, so nothing half-read is ever stored.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import fields, is_dataclass
from typing import Any

from app.domain.plan import values, vocab
from app.domain.plan.model import MISSING, Plan, Spec, cluster_type_problem, specs_of
from app.domain.plan.paths import join
from app.domain.shell import invisible_characters

MAX_DOCUMENT_BYTES = 2_000_000


class PlanFormatError(ValueError):
    """The document is not a valid plan; `path` names the offending key."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)


def show(value: Any) -> str:
    """A value as it appears in JSON, shortened so messages stay one line."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):  # nested too deeply, or a whole number too long to write
        text = f"(a {type(value).__name__} too large to show)"
    if not text.isprintable():
        # Lone UTF-16 halves would break any page or terminal showing the message, and line or
        # paragraph separators (U+0085, U+2028) would split it: write them as JSON escapes.
        text = "".join(c if c.isprintable() else json.dumps(c)[1:-1] for c in text)
    return text if len(text) <= 80 else text[:77] + "..."


# JSON may spell half of a UTF-16 pair ("\ud800") or a NUL character ("\u0000"); neither is text: the
# first cannot be stored, shown or exported as UTF-8, the second cannot be stored by PostgreSQL.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_non_text(value: str, path: str) -> None:
    if _LONE_SURROGATE.search(value):
        raise PlanFormatError(path, f"{show(value)} is not valid Unicode text (it holds half of a surrogate pair)")
    if "\x00" in value:
        raise PlanFormatError(path, f"{show(value)} holds a NUL character (\\u0000), which text cannot contain")


# ---------------------------------------------------------------- loading

def loads_plan(text: str | bytes) -> Plan:
    if isinstance(text, bytes):
        if len(text) > MAX_DOCUMENT_BYTES:
            raise PlanFormatError("", "the document is larger than 2 MB")
        try:
            text = text.decode("utf-8-sig")  # Notepad saves UTF-8 with a BOM
        except UnicodeDecodeError:
            raise PlanFormatError("", "the file is not UTF-8 text") from None
    try:
        data = json.loads(text, parse_int=_whole_number)
    except _NumberTooLong as long_number:
        raise PlanFormatError("", f"the file holds a whole number of {long_number.digits:,} digits; Python reads "
                                  f"whole numbers of at most {long_number.limit:,} digits (its limit on converting "
                                  f"text to numbers), and no answer of a plan needs more than a few") from None
    except RecursionError:
        raise PlanFormatError("", f"the file nests lists or objects more deeply than Python's JSON reader allows "
                                  f"(about {sys.getrecursionlimit():,} levels); a plan needs four") from None
    except ValueError as exc:
        detail = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise PlanFormatError("", f"the file is not valid JSON{detail}") from None
    return load_plan(data)


class _NumberTooLong(ValueError):
    def __init__(self, digits: int, limit: int):
        super().__init__(digits)
        self.digits, self.limit = digits, limit


def _whole_number(text: str) -> int:
    """A JSON integer, or _NumberTooLong past Python's int-string conversion limit (which int()
    would report as a ValueError, and json as a file that is not JSON)."""
    limit = sys.get_int_max_str_digits()
    digits = len(text) - text.startswith("-")
    if limit and digits > limit:
        raise _NumberTooLong(digits, limit)
    return int(text)


def load_stored_plan(data: Any) -> Plan:
    """A document the app stored. The plan's name was not refused invisible characters before it
    was (values.invisible_problem); a name stored then loads without them, so the plan opens."""
    name = data.get("name") if isinstance(data, dict) else None
    if isinstance(name, str) and values.invisible_problem(name):
        data = {**data, "name": "".join(c for c in name if not invisible_characters(c))}
    return load_plan(data)


def load_plan(data: Any) -> Plan:
    if not isinstance(data, dict):
        raise PlanFormatError("", "the document must be a JSON object")
    if "format" not in data:
        raise PlanFormatError("format", f'missing; expected "{vocab.FORMAT_ID}"')
    if data["format"] != vocab.FORMAT_ID:
        raise PlanFormatError("format", f'{show(data["format"])} is not "{vocab.FORMAT_ID}"')
    plan = _load_object(Plan, data, "")
    _check_dependent_vocabularies(plan)
    return plan


def _load_object(cls: type, data: Any, path: str):
    if not isinstance(data, dict):
        raise PlanFormatError(path or "(document)", f"{show(data)} is not an object")
    known = dict(specs_of(cls))
    for key in data:
        if key not in known:
            raise PlanFormatError(join(path, _key_in_path(key)), "is not a known key here")
    values = {}
    for name, spec in known.items():
        if name in data:
            values[name] = _load_value(spec, data[name], join(path, name))
    return cls(**values)


def _key_in_path(key: str) -> str:
    """An unknown key as it appears in a path: quoted when it would not read as one line."""
    return key if key.isprintable() and len(key) <= 80 else show(key)


def _load_value(spec: Spec, value: Any, path: str) -> Any:
    if value is None:
        if spec.nullable:
            return None
        raise PlanFormatError(path, "must not be null")
    loader = _LOADERS[spec.kind]
    return loader(spec, value, path)


def _refuse_long_text(spec: Spec, value: str, path: str) -> None:
    if spec.max_length is not None and len(value) > spec.max_length:
        raise PlanFormatError(path, f"{show(value)} is {len(value):,} characters long; the most is {spec.max_length:,}")


def _load_text(spec: Spec, value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise PlanFormatError(path, f"{show(value)} is not a string")
    _refuse_long_text(spec, value, path)
    _refuse_non_text(value, path)
    problem = values.invisible_problem(value) if spec.visible else None
    if problem:
        raise PlanFormatError(path, f"{show(value)} {problem}")
    return value


def _load_bool(spec: Spec, value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise PlanFormatError(path, f"{show(value)} is not true or false")
    return value


def _load_int(spec: Spec, value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlanFormatError(path, f"{show(value)} is not a whole number")
    if not values.within(value, spec.minimum, spec.maximum):
        raise PlanFormatError(path, f"{show(value)} is outside {spec.minimum}-{spec.maximum}")
    return value


def _load_choice(spec: Spec, value: Any, path: str) -> str:
    if not isinstance(value, str) or value not in spec.choices:
        allowed = ", ".join(show(choice) for choice in spec.choices)
        kind = "" if isinstance(value, str) else " (not a string)"
        raise PlanFormatError(path, f"{show(value)}{kind} is not one of {allowed}")
    return value


def _load_ipv4(spec: Spec, value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise PlanFormatError(path, f"{show(value)} is not an IPv4 address")
    if not values.is_ipv4(value):
        raise PlanFormatError(path, f"{show(value)} is not an IPv4 address")
    return value


def _load_network(spec: Spec, value: Any, path: str) -> str:
    try:
        if not isinstance(value, str):
            raise values.NetworkProblem()
        values.check_network(value)
    except values.NetworkProblem as problem:
        if problem.suggestion:
            raise PlanFormatError(path, f"{show(value)} has host bits set; the network is {problem.suggestion}") from None
        raise PlanFormatError(path, f"{show(value)} is not an IPv4 network in CIDR form (like 10.0.0.0/24)") from None
    return value


def _load_drive(spec: Spec, value: Any, path: str) -> str:
    if not isinstance(value, str) or not values.is_drive(value):
        raise PlanFormatError(path, f"{show(value)} is not a drive letter with a colon (like R:)")
    return value


def _load_unc(spec: Spec, value: Any, path: str) -> str:
    if isinstance(value, str):
        _refuse_long_text(spec, value, path)
    if not isinstance(value, str) or not values.is_unc(value):
        raise PlanFormatError(path, f"{show(value)} is not a UNC path (like \\\\server\\share)")
    _refuse_non_text(value, path)
    return value


def _load_path(spec: Spec, value: Any, path: str) -> str:
    if isinstance(value, str):
        _refuse_long_text(spec, value, path)
    if not isinstance(value, str) or not values.is_local_path(value):
        raise PlanFormatError(path, f"{show(value)} is not a folder path with its drive "
                                    f"(like {spec.example or values.PATH_EXAMPLE})")
    _refuse_non_text(value, path)
    return value


def _load_list(spec: Spec, value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise PlanFormatError(path, f"{show(value)} is not a list")
    if spec.max_items is not None and len(value) > spec.max_items:
        why = f" ({spec.limit.why})" if spec.limit and spec.limit.why else ""
        raise PlanFormatError(path, f"holds {len(value):,} entries; a plan may hold at most {spec.max_items:,}{why}")
    return [_load_value(spec.item, item, join(path, index)) for index, item in enumerate(value)]


def _load_nested(spec: Spec, value: Any, path: str):
    return _load_object(spec.cls, value, path)


_LOADERS = {
    "text": _load_text, "bool": _load_bool, "int": _load_int, "choice": _load_choice,
    "ipv4": _load_ipv4, "network": _load_network, "drive": _load_drive, "unc": _load_unc, "path": _load_path,
    "list": _load_list, "object": _load_nested,
}


def _check_dependent_vocabularies(plan: Plan) -> None:
    """Vocabularies that depend on another answer: the edition by Windows version, and the
    cluster type, which only Exchange 2007 has."""
    windows = plan.windows
    if windows.version is not MISSING and windows.edition is not MISSING:
        spec = dict(specs_of(type(windows)))["edition"]
        editions = spec.offered(plan)
        if windows.edition not in editions:
            raise PlanFormatError(
                "windows.edition",
                f"{show(windows.edition)} is not an edition of Windows {windows.version} "
                f"(one of {', '.join(editions)})")
    problem = cluster_type_problem(plan.exchange.version, plan.exchange.cluster_type)
    if problem:
        shown_value = "" if plan.exchange.cluster_type is None else f"{show(plan.exchange.cluster_type)} "
        raise PlanFormatError("exchange.cluster_type", shown_value + problem)


# ---------------------------------------------------------------- dumping

def dump_plan(plan: Plan) -> dict:
    """The plan as a JSON-ready dict; unanswered keys are left out."""
    return _dump_object(plan)


def dumps_plan(plan: Plan) -> str:
    return json.dumps(dump_plan(plan), indent=2, ensure_ascii=False)


def _dump_object(obj) -> dict:
    out = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        if value is MISSING:
            continue
        dumped = _dump_value(value)
        if is_dataclass(value) and not dumped:
            continue  # an object with nothing answered is the same as an absent one
        out[f.name] = dumped
    return out


def _dump_value(value):
    if is_dataclass(value):
        return _dump_object(value)
    if isinstance(value, list):
        return [_dump_value(item) for item in value]
    return value
