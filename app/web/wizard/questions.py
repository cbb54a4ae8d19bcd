"""Questions: one answer of the plan as the wizard asks it.

A question knows its plan path, how the text a user typed becomes a plan value
and back, and when it is asked. Conversion never raises on bad input; it
returns an :class:`Invalid` with a message meant for the field.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any, Callable

from app.domain.plan.io import DRIVE_PATTERN, UNC_PATTERN
from app.domain.plan.model import MISSING, Plan

Choices = Callable[[Plan], list[tuple[str, str]]]
MAX_TEXT = 255


def always(plan: Plan) -> bool:
    return True


@dataclass(frozen=True)
class Invalid:
    message: str


@dataclass(frozen=True)
class Question:
    """kind: text | ipv4 | network | drive | unc | int | choice | yesno | multi | flags | ipv4list | order"""

    key: str
    label: str
    kind: str = "text"
    help: str = ""
    choices: Choices | None = None
    applies: Callable[[Plan], bool] = always
    none_label: str = ""          # offers "none" (JSON null) as a checkbox, e.g. "No private network"
    minimum: int | None = None
    maximum: int | None = None
    placeholder: str = ""
    default: Any = MISSING        # pre-filled value for new rows, or a function of the plan
    integer: bool = False         # a choice whose plan value is a number (service packs)
    accepts: Choices | None = None  # wider than what is offered: the format loader judges the rest

    @property
    def field_name(self) -> str:
        return self.key.replace(".", "__")

    def offered(self, plan: Plan) -> list[tuple[str, str]]:
        return self.choices(plan) if self.choices else []

    # ------------------------------------------------------------ text -> value

    def parse(self, raw: Any, none_ticked: bool, plan: Plan) -> Any:
        """Plan value for what was posted: a value, None, MISSING, or Invalid."""
        if self.none_label and none_ticked:
            return None
        parser = getattr(self, f"_parse_{self.kind}")
        return parser(raw, plan)

    def _text(self, raw: Any) -> str | Invalid:
        if raw is None:
            return ""
        if not isinstance(raw, str):
            return Invalid("Enter text here.")
        text = raw.strip()
        if len(text) > MAX_TEXT:
            return Invalid(f"This is {len(text):,} characters long; keep it to {MAX_TEXT} or fewer.")
        if any(ord(c) < 32 for c in text):
            return Invalid("Remove the control characters from this answer.")
        return text

    def _parse_text(self, raw, plan):
        text = self._text(raw)
        return text if isinstance(text, Invalid) or text else MISSING

    def _parse_ipv4(self, raw, plan):
        text = self._text(raw)
        if isinstance(text, Invalid) or not text:
            return text or MISSING
        try:
            ipaddress.IPv4Address(text)
        except ValueError:
            return Invalid(f"“{_short(text)}” is not an IPv4 address; write four numbers 0-255 with dots, like 10.0.0.50.")
        return text

    def _parse_network(self, raw, plan):
        text = self._text(raw)
        if isinstance(text, Invalid) or not text:
            return text or MISSING
        try:
            if "/" not in text:
                raise ValueError
            network = ipaddress.IPv4Network(text, strict=False)
        except ValueError:
            return Invalid(f"“{_short(text)}” is not a network; write it in CIDR form, like 10.0.0.0/24.")
        if ipaddress.IPv4Interface(text).ip != network.network_address:
            return Invalid(f"“{_short(text)}” has host bits set; did you mean {network}?")
        return text

    def _parse_drive(self, raw, plan):
        text = self._text(raw)
        if isinstance(text, Invalid) or not text:
            return text or MISSING
        if re.fullmatch(r"[A-Za-z]", text):
            text += ":"
        if not DRIVE_PATTERN.match(text):
            return Invalid(f"“{_short(text)}” is not a drive letter; write one letter and a colon, like R:.")
        return text.upper()

    def _parse_unc(self, raw, plan):
        text = self._text(raw)
        if isinstance(text, Invalid) or not text:
            return text or MISSING
        if not UNC_PATTERN.match(text):
            return Invalid(f"“{_short(text)}” is not a UNC path; write it like \\\\HUB1\\FSW_EXCLUS.")
        return text

    def _parse_int(self, raw, plan):
        text = self._text(raw)
        if isinstance(text, Invalid) or not text:
            return text or MISSING
        if not re.fullmatch(r"[+-]?\d{1,9}", text):
            return Invalid(f"“{_short(text)}” is not a whole number.")
        number = int(text)
        if self.minimum is not None and number < self.minimum or self.maximum is not None and number > self.maximum:
            return Invalid(f"Enter a number from {self.minimum} to {self.maximum}.")
        return number

    def _parse_choice(self, raw, plan):
        text = self._text(raw)
        if isinstance(text, Invalid) or not text:
            return text or MISSING
        accepted = self.accepts(plan) if self.accepts else self.offered(plan)
        if text not in dict(accepted):
            return Invalid(f"“{_short(text)}” is not one of the choices offered here.")
        return int(text) if self.integer else text

    def default_for(self, plan: Plan) -> Any:
        return self.default(plan) if callable(self.default) else self.default

    def _parse_yesno(self, raw, plan):
        text = self._text(raw)
        if isinstance(text, Invalid) or not text:
            return text or MISSING
        if text not in ("yes", "no"):
            return Invalid("Answer yes or no.")
        return text == "yes"

    def _parse_multi(self, raw, plan):
        values = raw if isinstance(raw, list) else ([] if raw in (None, "") else [raw])
        allowed = dict(self.offered(plan))
        unknown = [v for v in values if v not in allowed]
        if unknown:
            return Invalid(f"“{_short(str(unknown[0]))}” is not one of the choices offered here.")
        # Keep the offered order so the saved plan does not depend on the browser.
        return [value for value in allowed if value in values]

    def _parse_flags(self, raw, plan):
        chosen = self._parse_multi(raw, plan)
        if isinstance(chosen, Invalid):
            return chosen
        return {value: value in chosen for value in dict(self.offered(plan))}

    def _parse_ipv4list(self, raw, plan):
        text = self._text(raw)
        if isinstance(text, Invalid) or not text:
            return text or MISSING
        addresses = [part for part in re.split(r"[\s,;]+", text) if part]
        for address in addresses:
            try:
                ipaddress.IPv4Address(address)
            except ValueError:
                return Invalid(f"“{_short(address)}” is not an IPv4 address; separate several with commas.")
        return addresses

    def _parse_order(self, raw, plan):
        values = raw if isinstance(raw, list) else ([] if raw in (None, "") else [raw])
        chosen = [v for v in values if isinstance(v, str) and v.strip()]
        if not chosen:
            return MISSING
        allowed = dict(self.offered(plan))
        unknown = [v for v in chosen if v not in allowed]
        if unknown:
            return Invalid(f"“{_short(unknown[0])}” is not a node of this plan.")
        return chosen

    # ------------------------------------------------------------ value -> text

    def display(self, value: Any) -> Any:
        """What the form shows for a stored value."""
        if value is MISSING or value is None:
            return [] if self.kind in ("multi", "flags", "order") else ""
        if self.kind == "yesno":
            return "yes" if value else "no"
        if self.kind == "flags":
            return [key for key, on in value.items() if on]
        if self.kind == "ipv4list":
            return ", ".join(value)
        if self.kind == "int" or self.integer:
            return str(value)
        return value


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class Group:
    """A fieldset of questions on a step page."""

    legend: str
    questions: tuple[Question, ...]
    applies: Callable[[Plan], bool] = always
    help: str = ""
