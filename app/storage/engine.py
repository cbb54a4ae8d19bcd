"""Engine settings per database, and the short write transactions every change goes through.

SQLite gets WAL (readers never wait for the writer), a busy timeout (writers queue instead of
failing), enforced foreign keys, and transactions begun by us.

Reading and writing are separate transactions. A request reads in a plain transaction (BEGIN:
no lock), and does its slow work there or after its change is committed: hashing a password,
binding and checking a plan, rendering a page. Each change runs inside `write_transaction()`,
which ends the read transaction and begins a new one that takes SQLite's write lock up front
(BEGIN IMMEDIATE), so it never finds its snapshot outdated ("database is locked" in WAL mode)
and holds the lock only for its few statements. SQLite has one write lock for the whole
database, so slow work under it would make every other user's save, comment and tick wait.

What a change depends on, it checks inside its write transaction: a save is a compare-and-set
on the revision its document was worked out from, a decision names the revision it is about.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from flask import current_app, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE")

_writing: ContextVar[bool] = ContextVar("writing", default=False)


class WriteOutsideTransaction(RuntimeError):
    """A change was sent outside write_transaction() (raised in tests, where every path is run)."""


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run the block as one short write transaction and commit it (roll back on an exception).

    The read transaction open until now ends first; objects read in it keep the values read (they
    are not loaded again), so what a change depends on is compared inside the block: a save is a
    compare-and-set on the revision and review state it read, and anything else is queried anew.
    Nested blocks are part of the outermost one.
    """
    if _writing.get():
        yield
        return
    session = db.session()
    keep = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()  # ends the read transaction and its snapshot; a change belongs inside the block
    finally:
        session.expire_on_commit = keep
    token = _writing.set(True)
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _writing.reset(token)


def writing() -> bool:
    return _writing.get()


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
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writing.get() else "BEGIN")

    @event.listens_for(engine, "before_cursor_execute")
    def _refuse_writes_in_read_transactions(connection, cursor, statement, parameters, context, executemany):
        """Under test, a request's change outside write_transaction() fails loudly: in production
        it would mostly work, and fail only when another writer committed since its transaction
        began. (Tests themselves may write directly, outside requests.)"""
        if _writing.get() or not has_request_context() or not current_app.testing:
            return
        if statement.lstrip().upper().startswith(WRITE_STATEMENTS):
            raise WriteOutsideTransaction(f"a change outside write_transaction(): {statement.split()[0:3]}")
