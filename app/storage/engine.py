"""Engine settings per database.

SQLite gets WAL (readers never wait for the writer), a busy timeout (writers
queue instead of failing), enforced foreign keys, and transactions begun by us:
a POST request begins with BEGIN IMMEDIATE, taking the write lock up front, so
a request that reads and then writes can never find its snapshot outdated
("database is locked" in WAL mode) when another request committed in between.
"""
from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let SQLAlchemy's begin event start transactions
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleting a project relies on ON DELETE CASCADE, which SQLite only honours when asked.
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        writing = has_request_context() and request.method in WRITING_METHODS
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
