"""Sign-in and registration forms."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from app.storage.accounts import password_problem, username_problem


class LoginForm(FlaskForm):
    username = StringField("User name", validators=[DataRequired(message="Enter your user name."),
                                                    Length(max=80, message="User names are at most 80 characters.")])
    password = PasswordField("Password", validators=[DataRequired(message="Enter your password."),
                                                     Length(max=200, message="Passwords are at most 200 characters.")])
    next = HiddenField()


class RegisterForm(FlaskForm):
    username = StringField("User name", validators=[DataRequired(message="Choose a user name.")])
    password = PasswordField("Password", validators=[DataRequired(message="Choose a password.")])
    confirm = PasswordField("Password again", validators=[EqualTo("password", message="The two passwords differ.")])

    def validate_username(self, field):
        problem = username_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_password(self, field):
        problem = password_problem(field.data)
        if problem:
            raise ValidationError(problem)
