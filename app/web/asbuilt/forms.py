"""Forms of the As built page and of the Nodes prefill (they carry the CSRF token; the views read
the posted text and files themselves, to refuse what is too large or not text in words)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, MultipleFileField, SelectField, TextAreaField

NEW_ROW = "new"
BY_NAME = "match"


class CaptureForm(FlaskForm):
    capture_files = MultipleFileField("Capture files")
    capture_text = TextAreaField("Or paste the text")


class TickProvenForm(FlaskForm):
    capture_id = HiddenField()


class PrefillForm(FlaskForm):
    server_text = TextAreaField("Output of ipconfig /all and systeminfo on one server")
    row = SelectField("Fill", choices=[], validate_choice=False)


class PrefillConfirmForm(FlaskForm):
    server_text = HiddenField()
    row = HiddenField()
    base_revision = HiddenField()


def row_choices(document: dict) -> list[tuple[str, str]]:
    nodes = document.get("nodes") if isinstance(document.get("nodes"), list) else []
    choices = [(BY_NAME, "The node named like the server (else the first without a name, else a new one)")]
    for index, node in enumerate(nodes):
        name = node.get("name") if isinstance(node, dict) and isinstance(node.get("name"), str) else ""
        choices.append((str(index), f"Node {index + 1}: {name}" if name.strip() else f"Node {index + 1} (no name yet)"))
    choices.append((NEW_ROW, "A new node"))
    return choices
