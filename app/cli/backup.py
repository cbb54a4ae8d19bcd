"""`flask --app app backup FILE` and `flask --app app restore FILE`.

The backup is a JSON document of every table, read inside one transaction so it
is consistent while the app keeps running; it restores into SQLite or
PostgreSQL alike, which also makes it the way to move between the two.
"""
from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
from datetime import date, datetime

import click
from alembic.migration import MigrationContext
from flask.cli import with_appcontext
from sqlalchemy import DateTime, inspect
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.storage.backup_check import BACKUP_FORMAT, BackupRefused, check_backup, tables
from app.storage.engine import write_transaction


def _encode(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def dump_database() -> dict:
    data = {"format": BACKUP_FORMAT, "created_at": datetime.utcnow().isoformat(timespec="seconds"), "tables": {}}
    with db.engine.connect() as connection:
        with connection.begin():  # one snapshot of every table
            data["schema_revision"] = MigrationContext.configure(connection).get_current_revision()
            for table in tables():
                rows = connection.execute(table.select().order_by(*table.primary_key.columns)).mappings()
                data["tables"][table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
    return data


def current_schema_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def load_database(data: dict) -> int:
    """Replace every table with the backup's rows, in one write transaction (all or nothing).
    The backup must have passed check_backup."""
    existing = set(inspect(db.engine).get_table_names())
    missing = [t.name for t in tables() if t.name not in existing]
    if missing:
        raise click.ClickException("the database has no schema yet; run `flask --app app db upgrade` first")
    count = 0
    with write_transaction():
        for table in reversed(tables()):
            db.session.execute(table.delete())
        for table in tables():
            rows = [_decode_row(table, row) for row in data["tables"].get(table.name, [])]
            if rows:
                db.session.execute(table.insert(), rows)
                count += len(rows)
        connection = db.session.connection()
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection)
    return count


def _decode_row(table, row: dict) -> dict:
    decoded = {}
    for column in table.columns:
        value = row.get(column.name)
        if value is not None and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
        decoded[column.name] = value
    return decoded


def _reset_sequences(connection) -> None:
    for table in tables():
        for column in table.primary_key.columns:
            if column.autoincrement is not False and isinstance(column.type, db.Integer):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"COALESCE((SELECT MAX({column.name}) FROM \"{table.name}\"), 0) + 1, false)")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(file: str) -> None:
    """Write a consistent copy of the whole database to FILE (gzip-compressed when FILE ends in .gz)."""
    data = dump_database()
    directory = os.path.dirname(os.path.abspath(file))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".backup-")
    try:
        with (gzip.open(temporary, "wt", encoding="utf-8") if file.endswith(".gz")
              else open(handle, "w", encoding="utf-8", closefd=False)) as out:
            json.dump(data, out, ensure_ascii=False)
        os.close(handle)
        os.replace(temporary, file)  # never leave a half-written backup under the real name
    except BaseException:
        os.path.exists(temporary) and os.remove(temporary)
        raise
    rows = sum(len(rows) for rows in data["tables"].values())
    click.echo(f"Backed up {rows} rows from {len(data['tables'])} tables to {file}.")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(file: str, yes: bool) -> None:
    """Replace everything in the database with the backup in FILE.

    The whole backup is checked first; a damaged one is refused in one line and nothing changes."""
    try:
        opener = gzip.open if file.endswith(".gz") else open
        with opener(file, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError, EOFError, RecursionError) as error:
        _refuse(file, f"cannot read the backup ({' '.join(str(error).split())[:200]})")
    try:
        check_backup(data, current_schema_revision())
    except BackupRefused as refused:
        _refuse(file, f"refused, nothing was changed: {refused}")
    if not yes and not click.confirm("This replaces every project, user and comment in the database. Go on?"):
        click.echo("Nothing was changed.")
        return
    try:
        count = load_database(data)
    except SQLAlchemyError as error:
        detail = " ".join(str(getattr(error, "orig", error)).split())[:200]
        _refuse(file, f"the database refused the backup, nothing was changed ({detail})")
    click.echo(f"Restored {count} rows from {file}.")


def _refuse(file: str, message: str) -> None:
    shown = file if file.isprintable() else json.dumps(file)
    click.echo(f"error: {shown}: {message}", err=True)
    sys.exit(2)
