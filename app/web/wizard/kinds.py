"""Question kinds: one class per kind of control, owning how posted text becomes a plan value
(parse), how a value is shown (display), its WTForms field, and the markup of its control.

Whether a value is valid is decided by app/domain/plan/values.py, the same judgement the format
loader makes; a kind only words the answer for the person at the field. Parsing never raises on
bad input: it returns an `Invalid` with the message meant for the field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import escape
from wtforms import FieldList, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from app.domain.plan import values
from app.domain.shell import invisible_characters
from app.domain.plan.model import MAX_TEXT, MISSING, Plan

# Annotations name Question (questions.py), FieldContext and QuestionText (render.py) as text:
# those modules build on the kinds, so the kinds do not import them.
NOT_ANSWERED = ("", "— not answered —")
YES_NO_CHOICES = [NOT_ANSWERED, ("yes", "Yes"), ("no", "No")]
CODE_LIKE = {"spellcheck": "false", "autocomplete": "off"}  # addresses and paths: no spelling help


@dataclass(frozen=True)
class Invalid:
    message: str


def short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def plain_text(raw: Any, longest: int = MAX_TEXT, line_breaks: bool = False) -> str | Invalid:
    """Posted text, stripped; refused when too long or holding control characters (line breaks
    and tabs only where `line_breaks` allows several lines)."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        return Invalid("Enter text here.")
    text = raw.strip()
    if line_breaks:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > longest:
        return Invalid(f"This is {len(text):,} characters long; keep it to {longest:,} or fewer.")
    if any(ord(c) < 32 and not (line_breaks and c in "\n\t") for c in text):
        return Invalid("Remove the control characters from this answer.")
    hidden = [c for c in invisible_characters(text) if not (line_breaks and c in "\n\t")]
    if hidden:
        codes = ", ".join(f"U+{ord(c):04X}" for c in hidden[:3])
        return Invalid(f"Remove the invisible characters ({codes}) from this answer: they make text read "
                       "differently from what it holds.")
    return text


def as_list(raw: Any) -> list:
    return raw if isinstance(raw, list) else ([] if raw in (None, "") else [raw])


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _option_tags(options, chosen) -> str:
    """As WTForms' SelectField: the option equal to the value as text is selected, if any."""
    chosen = None if chosen is None else str(escape(chosen))
    return "".join(o.selected_html if o.value == chosen else o.html for o in options)


class Kind:
    """A text box whose text is the value."""

    name = "text"
    attributes: dict[str, str] = {}
    many = False  # the form data is a list

    def parse(self, question: "Question", raw: Any, plan: Plan) -> Any:
        text = plain_text(raw, question.spec.max_length or MAX_TEXT)
        if isinstance(text, Invalid) or not text:
            return text or MISSING
        return self.parse_text(question, text, plan)

    def parse_text(self, question: "Question", text: str, plan: Plan) -> Any:
        return text

    def display(self, question: "Question", value: Any) -> Any:
        if value is MISSING or value is None:
            return [] if self.many else ""
        return self.shown(question, value)

    def shown(self, question: "Question", value: Any) -> Any:
        return value

    def options(self, question: "Question", plan: Plan) -> list[tuple[str, str]]:
        return question.offered(plan)

    def nothing(self, question: "Question", raw: Any, plan: Plan) -> Any:
        """The answer its "none" checkbox gives (a question with `none_label`): null."""
        return None

    def is_nothing(self, value: Any) -> bool:
        """Whether a saved answer is the one its "none" checkbox gives."""
        return value is None

    def form_field(self, question: "Question", plan: Plan, order_length: int = 0):
        return StringField(question.label)

    def control(self, context: "FieldContext", text: "QuestionText", field_id: str, value, error, described,
                none_html: str = "") -> str:
        """The control, and after it the question's "none" checkbox if it has one."""
        described_by = f'aria-describedby="{" ".join(described)}" ' if described else ""
        invalid = "true" if error else "false"
        attributes = f'{described_by}aria-invalid="{invalid}" id="{field_id}" name="{field_id}"{text.attributes}'
        widget = self.widget(context, text, attributes, value)
        return f"{widget}\n{none_html}" if none_html else widget

    def widget(self, context: "FieldContext", text: "QuestionText", attributes: str, value) -> str:
        return f'<input {attributes} type="text" value="{"" if value is None else escape(value)}">'

    def labelled(self, text: "QuestionText", field_id: str, body: str) -> str:
        return f'<label for="{field_id}">{text.label}</label>\n{body}'


class LongTextKind(Kind):
    """Free text of several lines (the plan's description)."""

    name = "longtext"

    def parse(self, question, raw, plan):
        text = plain_text(raw, question.spec.max_length or MAX_TEXT, line_breaks=True)
        return text or MISSING

    def form_field(self, question, plan, order_length=0):
        return TextAreaField(question.label)

    def widget(self, context, text, attributes, value):
        return f'<textarea {attributes} rows="3">{"" if value is None else escape(value)}</textarea>'


class Ipv4Kind(Kind):
    name = "ipv4"
    attributes = CODE_LIKE

    def parse_text(self, question, text, plan):
        if not values.is_ipv4(text):
            return Invalid(f"“{short(text)}” is not an IPv4 address; write four numbers 0-255 with dots, like 10.0.0.50.")
        return text


class NetworkKind(Kind):
    name = "network"
    attributes = CODE_LIKE

    def parse_text(self, question, text, plan):
        try:
            values.check_network(text)
        except values.NetworkProblem as problem:
            if problem.suggestion:
                return Invalid(f"“{short(text)}” has host bits set; did you mean {problem.suggestion}?")
            return Invalid(f"“{short(text)}” is not a network; write it in CIDR form, like 10.0.0.0/24.")
        return text


class DriveKind(Kind):
    name = "drive"
    attributes = CODE_LIKE

    def parse_text(self, question, text, plan):
        if re.fullmatch(r"[A-Za-z]", text):
            text += ":"
        if not values.is_drive(text):
            return Invalid(f"“{short(text)}” is not a drive letter; write one letter and a colon, like R:.")
        return text.upper()


class UncKind(Kind):
    name = "unc"
    attributes = CODE_LIKE

    def parse_text(self, question, text, plan):
        if not values.is_unc(text):
            return Invalid(f"“{short(text)}” is not a UNC path; write it like \\\\HUB1\\FSW_EXCLUS.")
        return text


class PathKind(Kind):
    name = "path"
    attributes = CODE_LIKE

    def parse_text(self, question, text, plan):
        if not values.is_local_path(text):
            example = question.spec.example or values.PATH_EXAMPLE
            return Invalid(f"“{short(text)}” is not a folder with its drive letter; write it like {example}.")
        return text


class IntKind(Kind):
    name = "int"
    attributes = {"inputmode": "numeric"}

    def parse_text(self, question, text, plan):
        allowed = allowed_range(question.spec.minimum, question.spec.maximum)
        if not re.fullmatch(r"[+-]?\d+", text):
            return Invalid(f"“{short(text)}” is not a whole number; {allowed}.")
        number = int(text)  # at most MAX_TEXT digits: plain_text refused anything longer
        if not values.within(number, question.spec.minimum, question.spec.maximum):
            return Invalid(f"{short(text)} is {'too large' if number > 0 else 'too small'} here; {allowed}.")
        return number

    def shown(self, question, value):
        return str(value)


def allowed_range(minimum: int | None, maximum: int | None) -> str:
    """What a number may be, as the end of a sentence: "enter a number from 0 to 100"."""
    if minimum is not None and maximum is not None:
        return f"enter a number from {minimum} to {maximum}"
    if minimum is not None:
        return f"enter a number of at least {minimum}"
    if maximum is not None:
        return f"enter a number of at most {maximum}"
    return "enter a number with digits only, like 2"


class ChoiceKind(Kind):
    """A drop-down of the field's vocabulary (or of choices the plan gives)."""

    name = "choice"

    def parse_text(self, question, text, plan):
        if text not in dict(question.accepted(plan)):
            return Invalid(f"“{short(text)}” is not one of the choices offered here.")
        return int(text) if question.integer else text

    def shown(self, question, value):
        return str(value) if question.integer else value

    def options(self, question, plan):
        return [NOT_ANSWERED] + question.offered(plan)

    def form_field(self, question, plan, order_length=0):
        return SelectField(question.label, choices=self.options(question, plan), validate_choice=False)

    def widget(self, context, text, attributes, value):
        return f"<select {attributes}>{_option_tags(context.options_for(text.question), value)}</select>"


class YesNoKind(ChoiceKind):
    name = "yesno"

    def parse_text(self, question, text, plan):
        if text not in ("yes", "no"):
            return Invalid("Answer yes or no.")
        return text == "yes"

    def shown(self, question, value):
        return "yes" if value else "no"

    def options(self, question, plan):
        return YES_NO_CHOICES


class MultiKind(Kind):
    """Checkboxes; the value is the list of ticked choices, in the offered order.

    Nothing ticked is "not answered yet", so a row just added is not judged before it is filled
    in; the empty answer ("no preferred owners") is its own checkbox, the question's `none_label`."""

    name = "multi"
    many = True

    def parse(self, question, raw, plan):
        chosen = as_list(raw)
        allowed = dict(question.offered(plan))
        unknown = [v for v in chosen if v not in allowed]
        if unknown:
            return Invalid(f"“{short(str(unknown[0]))}” is not one of the choices offered here.")
        # Keep the offered order so the saved plan does not depend on the browser.
        return [value for value in allowed if value in chosen] or MISSING

    def nothing(self, question, raw, plan):
        if as_list(raw):
            return Invalid(f"Tick what applies or “{question.none_label}”, not both.")
        return []

    def is_nothing(self, value):
        return value == []

    def form_field(self, question, plan, order_length=0):
        return CheckboxList(question.label, choices=question.offered(plan), validate_choice=False)

    def control(self, context, text, field_id, value, error, described, none_html="") -> str:
        labelled = f' aria-describedby="{" ".join(described)}"' if described else ""
        options = context.options_for(text.question)
        if not options:
            body = '<p class="hint">Nothing to choose from yet.</p>'
        else:
            ticked = {str(escape(v)) for v in value} if isinstance(value, (list, tuple)) else set()
            boxes = {option.value: self._box(field_id, number, option, ticked)
                     for number, option in enumerate(options)}
            body = self._lists(text.question, field_id, boxes)
        return f'<fieldset class="checkboxes"{labelled}><legend>{text.label}</legend>{body}{none_html}</fieldset>'

    @staticmethod
    def _box(field_id: str, number: int, option, ticked: set[str]) -> str:
        box_id = f"{field_id}-{number}"
        checked = "checked " if option.value in ticked else ""
        return (f'<li><input {checked}id="{box_id}" name="{field_id}" type="checkbox" '
                f'value="{option.value}"> <label for="{box_id}">{option.label}</label></li>')

    @staticmethod
    def _lists(question: "Question", field_id: str, boxes: dict[str, str]) -> str:
        """One list, or a fieldset per group of choices the question declares (components: those
        that run in a cluster, and those that do not), in the offered order."""
        if not question.option_groups:
            return f'<ul id="{field_id}">{"".join(boxes.values())}</ul>'
        parts = []
        for number, group in enumerate(question.option_groups):
            items = [boxes.pop(str(escape(value))) for value in group.values if str(escape(value)) in boxes]
            if not items:
                continue
            hint_id = f"{field_id}-group{number}-hint"
            hint = f'<p class="hint" id="{hint_id}">{escape(group.help)}</p>' if group.help else ""
            described = f' aria-describedby="{hint_id}"' if group.help else ""
            list_id = f' id="{field_id}"' if not parts else ""  # as the plain list's, once
            parts.append(f'<fieldset class="option-group"{described}><legend>{escape(group.legend)}</legend>{hint}'
                         f'<ul{list_id}>{"".join(items)}</ul></fieldset>')
        if boxes:  # choices no group names
            parts.append(f'<ul>{"".join(boxes.values())}</ul>')
        return "".join(parts)

    def labelled(self, text, field_id, body):
        return body


class FlagsKind(MultiKind):
    """Checkboxes for a section of yes/no answers (prerequisites, protocols): once any is ticked,
    each offered flag is true when ticked and false when not; all false is the "none" checkbox."""

    name = "flags"

    def parse(self, question, raw, plan):
        chosen = super().parse(question, raw, plan)
        if isinstance(chosen, Invalid) or chosen is MISSING:
            return chosen
        return {value: value in chosen for value in dict(question.offered(plan))}

    def nothing(self, question, raw, plan):
        empty = super().nothing(question, raw, plan)
        return empty if isinstance(empty, Invalid) else {value: False for value in dict(question.offered(plan))}

    def is_nothing(self, value):
        return isinstance(value, dict) and not any(value.values())

    def shown(self, question, value):
        return [key for key, on in value.items() if on]


class Ipv4ListKind(Kind):
    name = "ipv4list"
    attributes = CODE_LIKE

    def parse_text(self, question, text, plan):
        addresses = [part for part in re.split(r"[\s,;]+", text) if part]
        most = question.spec.max_items
        if most is not None and len(addresses) > most:
            return Invalid(f"List at most {most} addresses here; this holds {len(addresses)}.")
        for address in addresses:
            if not values.is_ipv4(address):
                return Invalid(f"“{short(address)}” is not an IPv4 address; separate several with commas.")
        return addresses

    def shown(self, question, value):
        return ", ".join(value)


class OrderKind(Kind):
    """One text box per place in an order (the nodes' setup order), all offering the plan's nodes
    from one shared list (<datalist>). A drop-down per place would repeat every node in every
    place: a page that grows with the square of the nodes."""

    name = "order"
    many = True

    def parse(self, question, raw, plan):
        chosen = [v.strip() for v in as_list(raw) if isinstance(v, str) and v.strip()]
        if not chosen:
            return MISSING
        names = {name.casefold(): name for name in dict(question.offered(plan))}
        unknown = [v for v in chosen if v.casefold() not in names]
        if unknown:
            return Invalid(f"“{short(unknown[0])}” is not a node of this plan.")
        return [names[v.casefold()] for v in chosen]

    def form_field(self, question, plan, order_length=0):
        return FieldList(StringField(question.label), min_entries=order_length,
                         max_entries=question.spec.max_items)

    def control(self, context, text, field_id, value, error, described, none_html="") -> str:
        labelled = f' aria-describedby="{" ".join(described)}"' if described else ""
        choices_id = f"{field_id}-choices"
        options = "".join(f'<option value="{option.value}">' for option in context.options_for(text.question))
        entries = list(value) if isinstance(value, (list, tuple)) else []
        # One place per node at least, as the form's FieldList(min_entries=...) offers when posting.
        entries += [None] * (max(len(context.plan.node_list), 1) - len(entries))
        items = []
        for number, chosen in enumerate(entries):
            entry_id = f"{field_id}-{number}"
            shown = "" if chosen is None else escape(chosen)
            items.append(f'<li><label for="{entry_id}">Position {number + 1}</label> '
                         f'<input autocomplete="off" id="{entry_id}" list="{choices_id}" name="{entry_id}" '
                         f'spellcheck="false" type="text" value="{shown}"></li>')
        return (f'<fieldset class="order"{labelled}><legend>{text.label}</legend><datalist id="{choices_id}">'
                f'{options}</datalist><ol>{"".join(items)}</ol></fieldset>')

    def labelled(self, text, field_id, body):
        return body


class SubsetKind(MultiKind):
    """Checkboxes that narrow a default of "all of them" (a server's possible owners): none
    ticked, or every one, leaves the answer out, which means all."""

    name = "subset"

    def parse(self, question, raw, plan):
        chosen = super().parse(question, raw, plan)
        if isinstance(chosen, list) and not 0 < len(chosen) < len(question.offered(plan)):
            return MISSING
        return chosen


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind(), LongTextKind(), Ipv4Kind(), NetworkKind(), DriveKind(), UncKind(), PathKind(), IntKind(), ChoiceKind(),
    YesNoKind(), MultiKind(), FlagsKind(), Ipv4ListKind(), OrderKind(), SubsetKind())}
