"""Forms for creating, renaming, deleting and importing projects."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.domain.plan import vocab
from app.domain.plan.starters import STARTERS

NAME_RULES = [DataRequired(message="Give the plan a name."),
              Length(max=200, message="Keep the name to 200 characters or fewer.")]


class ListedChoice:
    """A choice field whose refusal of an unknown value reads like the rest of the app."""

    def pre_validate(self, form):
        if self.data not in {value for value, _ in self.choices}:
            raise ValidationError("Choose one of the listed options.")


class ChoiceField(ListedChoice, SelectField):
    pass


class StartField(ListedChoice, RadioField):
    """An empty plan ("") or one of the plans to start from."""


class NewProjectForm(FlaskForm):
    start = StartField("Start from", choices=[("", "An empty plan")] + [(s.key, s.title) for s in STARTERS],
                       default="")
    name = StringField("Plan name", validators=NAME_RULES)
    description = TextAreaField("Description", validators=[
        Length(max=2000, message="Keep the description to 2,000 characters or fewer.")])
    exchange_version = ChoiceField(
        "Exchange version", choices=list(vocab.VOCABULARIES["exchange-version"]),
        default="2003")
    windows_version = ChoiceField(
        "Windows version", choices=[(v, vocab.WINDOWS_VERSION_LABELS[v]) for v in vocab.WINDOWS_VERSIONS],
        default="2003")


class RenameForm(FlaskForm):
    name = StringField("New name", validators=NAME_RULES)


class ConfirmForm(FlaskForm):
    """An empty form: just the CSRF token for confirm-and-POST actions."""


class ImportForm(FlaskForm):
    plan_file = FileField("Plan file (JSON)", validators=[FileRequired(message="Choose a plan file to import.")])
