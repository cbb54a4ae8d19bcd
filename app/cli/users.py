"""`flask --app app users ...`: create accounts, and an administrator's actions on one.

    flask --app app users create NAME [--admin]   create an account (asks for its password)
    flask --app app users set-password NAME       give it a new password; its sessions end
    flask --app app users end-sessions NAME       sign it out everywhere (a lost laptop, a copied cookie)
    flask --app app users disable NAME            it cannot sign in any more; its sessions end
    flask --app app users enable NAME             it can sign in again
"""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from app.storage import accounts as service

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("name")
@click.option("--admin", is_flag=True, help="Make the user an administrator (owns projects from before accounts).")
@click.password_option("--password", prompt="Password", help="Asked for when not given.")
def create_command(name: str, admin: bool, password: str) -> None:
    """Create the account NAME."""
    try:
        user = service.create_user(name, password, admin=admin, wait_for_hashing=True)
    except service.AccountError as error:
        _fail(str(error))
    kind = "administrator" if user.is_admin else "user"
    click.echo(f"Created {kind} {user.username}.")


@users_cli.command("set-password")
@click.argument("name")
@click.password_option("--password", prompt="New password", help="Asked for when not given.")
def set_password_command(name: str, password: str) -> None:
    """Give NAME a new password and end every session of it."""
    user = _user(name)
    try:
        service.change_password(user, password, wait_for_hashing=True)
    except service.AccountError as error:
        _fail(str(error))
    click.echo(f"Set a new password for {name}; every session of it has ended.")


@users_cli.command("end-sessions")
@click.argument("name")
def end_sessions_command(name: str) -> None:
    """Sign NAME out of every browser."""
    service.end_sessions(_user(name))
    click.echo(f"Every session of {name} has ended.")


@users_cli.command("disable")
@click.argument("name")
def disable_command(name: str) -> None:
    """Stop NAME from signing in, and end its sessions (its plans and memberships stay)."""
    service.set_disabled(_user(name), True)
    click.echo(f"{name} is disabled and signed out everywhere.")


@users_cli.command("enable")
@click.argument("name")
def enable_command(name: str) -> None:
    """Let a disabled NAME sign in again."""
    service.set_disabled(_user(name), False)
    click.echo(f"{name} can sign in again.")


def _user(name: str):
    user = service.find_user(name)
    if user is None:
        _fail(f"there is no user called {name}")
    return user


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)
