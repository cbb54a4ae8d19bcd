"""Forms of the review workflow."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.storage.models import ROLES
from app.web.projects.forms import ChoiceField as KnownChoiceField

BODY_RULES = [DataRequired(message="Write something first."),
              Length(max=5000, message="Keep it to 5,000 characters or fewer.")]


class CommentForm(FlaskForm):
    target = KnownChoiceField("About", choices=[])
    body = TextAreaField("Comment", validators=BODY_RULES)


class ReplyForm(FlaskForm):
    body = TextAreaField("Reply", validators=BODY_RULES)


class WaiverForm(FlaskForm):
    rule = HiddenField(validators=[DataRequired()])
    subject = HiddenField(validators=[DataRequired()])
    reason = TextAreaField("Reason for accepting this warning", validators=[
        DataRequired(message="Say why this warning is acceptable."),
        Length(max=5000, message="Keep it to 5,000 characters or fewer.")])


class DecisionForm(FlaskForm):
    # The revision the reviewer's page showed: the decision is about that revision and no other.
    revision = HiddenField()
    # No decision is chosen for the reviewer: a note asking for changes must never approve by default.
    decision = KnownChoiceField("Decision", choices=[("", "Choose approve or request changes"),
                                                     ("approved", "Approve this revision"),
                                                     ("changes-requested", "Request changes")],
                                default="", validators=[DataRequired(message="Choose whether to approve "
                                                                             "this revision or request changes.")])
    note = TextAreaField("Note to the team (optional)", validators=[
        Length(max=5000, message="Keep it to 5,000 characters or fewer.")])


class MemberForm(FlaskForm):
    username = StringField("User name", validators=[DataRequired(message="Enter the user's name."),
                                                    Length(max=80, message="User names are at most 80 characters.")])
    role = KnownChoiceField("Role", choices=[(r, r.title()) for r in ROLES if r != "owner"], default="reviewer")


class CompareForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it changes nothing

    a = SelectField("From revision", choices=[], validate_choice=False)
    b = SelectField("To revision", choices=[], validate_choice=False)
