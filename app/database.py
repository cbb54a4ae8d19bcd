"""Engine settings per database: SQLite gets WAL, a busy timeout and enforced foreign keys."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 15_000


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        # WAL lets readers go on while one writer commits; the busy timeout makes
        # concurrent writers wait their turn instead of failing with "database is locked".
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleting a project relies on ON DELETE CASCADE, which SQLite only honours when asked.
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
