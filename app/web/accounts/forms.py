"""Sign-in, registration and password forms."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from app.storage.accounts import MAX_PASSWORD, MIN_PASSWORD, password_problem, username_problem


class LoginForm(FlaskForm):
    username = StringField("User name", validators=[DataRequired(message="Enter your user name."),
                                                    Length(max=80, message="User names are at most 80 characters.")])
    password = PasswordField("Password", validators=[
        DataRequired(message="Enter your password."),
        Length(max=MAX_PASSWORD, message=f"Passwords are at most {MAX_PASSWORD} characters.")])
    next = HiddenField()


class NewPasswordMixin:
    """The password rules of accounts.py, shown at the field; the user name is `_name_for_rules`."""

    password_hint = (f"At least {MIN_PASSWORD} characters, and not a common password, your user name or a "
                     "pattern such as keys in a row.")

    def validate_password(self, field):
        problem = password_problem(field.data, self._name_for_rules())
        if problem:
            raise ValidationError(problem)


class RegisterForm(NewPasswordMixin, FlaskForm):
    username = StringField("User name", validators=[DataRequired(message="Choose a user name.")])
    password = PasswordField("Password", validators=[DataRequired(message="Choose a password.")])
    confirm = PasswordField("Password again", validators=[EqualTo("password", message="The two passwords differ.")])

    def validate_username(self, field):
        problem = username_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def _name_for_rules(self) -> str:
        return (self.username.data or "").strip()


class PasswordForm(NewPasswordMixin, FlaskForm):
    current = PasswordField("Current password", validators=[
        DataRequired(message="Enter your current password."), Length(max=MAX_PASSWORD)])
    password = PasswordField("New password", validators=[DataRequired(message="Choose a new password.")])
    confirm = PasswordField("New password again", validators=[
        EqualTo("password", message="The two passwords differ.")])

    def __init__(self, *args, username: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._username = username

    def _name_for_rules(self) -> str:
        return self._username
