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

from app.extensions import db

BACKUP_FORMAT = "exchange-cluster-planner-backup/1"


def _tables():
    # Parents before children, so foreign keys hold while restoring.
    return [table for table in db.metadata.sorted_tables]


def _encode(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def dump_database() -> dict:
    data = {"format": BACKUP_FORMAT, "created_at": datetime.utcnow().isoformat(timespec="seconds"), "tables": {}}
    with db.engine.connect() as connection:
        with connection.begin():  # one snapshot of every table
            data["schema_revision"] = MigrationContext.configure(connection).get_current_revision()
            for table in _tables():
                rows = connection.execute(table.select().order_by(*table.primary_key.columns)).mappings()
                data["tables"][table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
    return data


def load_database(data: dict) -> int:
    if data.get("format") != BACKUP_FORMAT:
        raise click.ClickException("this file is not a backup of this application")
    existing = set(inspect(db.engine).get_table_names())
    missing = [t.name for t in _tables() if t.name not in existing]
    if missing:
        raise click.ClickException("the database has no schema yet; run `flask --app app db upgrade` first")
    count = 0
    with db.engine.begin() as connection:
        for table in reversed(_tables()):
            connection.execute(table.delete())
        for table in _tables():
            rows = [_decode_row(table, row) for row in data["tables"].get(table.name, [])]
            if rows:
                connection.execute(table.insert(), rows)
                count += len(rows)
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
    for table in _tables():
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
    """Replace everything in the database with the backup in FILE."""
    try:
        opener = gzip.open if file.endswith(".gz") else open
        with opener(file, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError, EOFError) as error:
        click.echo(f"error: {file}: cannot read the backup ({error})", err=True)
        sys.exit(2)
    if not isinstance(data, dict):
        click.echo(f"error: {file}: this file is not a backup of this application", err=True)
        sys.exit(2)
    if not yes and not click.confirm("This replaces every project, user and comment in the database. Go on?"):
        click.echo("Nothing was changed.")
        return
    count = load_database(data)
    click.echo(f"Restored {count} rows from {file}.")
