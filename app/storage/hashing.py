"""Password hashing: slow on purpose, so it is the one thing an attacker can make the server do a lot
of by sending sign-ins, registrations or password changes.

Hashing therefore takes one of a few slots shared by every worker of the installation (a lock
file each, next to the app's instance folder): PASSWORD_HASHING_SLOTS at a time, by default half
the processors. A request that finds every slot taken is refused at once (HashingBusy) instead
of queueing: the workers and the processors then stay free for everyone else's pages, however
many sign-ins arrive. The command line waits for a slot instead.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash


class HashingBusy(RuntimeError):
    """Every slot is taken: say "try again in a moment" without hashing."""


def slot_count() -> int:
    return current_app.config.get("PASSWORD_HASHING_SLOTS") or max(1, (os.cpu_count() or 2) // 2)


def _slot_folder() -> Path:
    """One set of slots per installation: per instance folder and database."""
    database = current_app.config["SQLALCHEMY_DATABASE_URI"].encode("utf-8")
    folder = Path(current_app.instance_path) / "locks" / f"password-hashing-{hashlib.sha1(database).hexdigest()[:12]}"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


@contextmanager
def hashing_slot(wait: bool = False) -> Iterator[None]:
    """Hold a slot for the block; HashingBusy when none is free (unless `wait`)."""
    folder = _slot_folder()
    while True:
        for number in range(slot_count()):
            handle = os.open(folder / f"slot-{number}", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                continue
            try:
                yield
            finally:
                os.close(handle)  # closing the file releases its lock
            return
        if not wait:
            raise HashingBusy("every password hashing slot is taken")
        time.sleep(0.05)


def hash_password(password: str, wait: bool = False) -> str:
    """scrypt (memory-hard) by default; tests may configure a cheaper method to run fast. Call it
    before a write transaction, never inside one."""
    with hashing_slot(wait):
        return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash() -> str:
    """A hash of nothing anyone types, made with the configured method, so an unknown name costs
    what a wrong password for a real account costs."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash("no account has this password", method=method)
    return _DUMMY_HASHES[method]


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches `stored_hash`; with no hash (no such account) a dummy one is
    checked, so the answer takes as long either way."""
    with hashing_slot():
        return check_password_hash(stored_hash if stored_hash is not None else _dummy_hash(), password or "")
