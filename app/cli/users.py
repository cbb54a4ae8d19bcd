"""`flask --app app users create NAME [--admin]`."""
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
        user = service.create_user(name, password, admin=admin)
    except service.AccountError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    kind = "administrator" if user.is_admin else "user"
    click.echo(f"Created {kind} {user.username}.")
