"""Signing in: checking a name and password, and slowing guessing down.

Every refusal reads the same and costs about the same: an unknown name is checked against a
dummy hash made with the configured method, so it takes as long as a wrong password, and no
account is ever locked (a lock that anyone can set on someone else's account is a way to keep
them out). Guessing is slowed by client address and overall instead, counted in a table that
every worker shares:

- an address with `PER_ADDRESS.count` failures within `PER_ADDRESS.window` waits until the
  oldest of them is that old;
- when `OVERALL.count` failures arrive from all addresses together within `OVERALL.window`, sign-in
  pauses for everyone until the window has room again. That bounds what a guesser spread over
  many addresses gets, and the password hashing an attack can make the server do.

A throttled attempt is answered without checking the password at all, so it reveals nothing; so
is one that finds every password hashing slot taken (hashing.py).
"""
from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, insert, select

from app.extensions import db
from app.storage.accounts import find_user
from app.storage.engine import write_transaction
from app.storage.hashing import HashingBusy, password_matches
from app.storage.models import SignInFailure, User, utcnow

__all__ = ["HashingBusy", "Limit", "Throttled", "address_key", "known_pause", "record_failure", "throttled", "verify"]


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta


PER_ADDRESS = Limit(10, timedelta(minutes=15))
OVERALL = Limit(100, timedelta(minutes=1))


@dataclass(frozen=True)
class Throttled:
    """Sign-in from this address (`everyone` False) or from anywhere is paused for `seconds`."""

    seconds: int
    everyone: bool

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.seconds / 60))
        wait = f"{minutes} minute{'' if minutes == 1 else 's'}"
        if self.everyone:
            return f"Too many failed sign-ins are arriving from many places, so sign-in is paused. Try again in {wait}."
        return f"Too many failed sign-ins from your network address. Try again in {wait}."


def address_key(remote_address: str | None) -> str:
    """What attempts are counted by: an IPv4 address, or the /64 network of an IPv6 address (one
    household or host usually holds a whole /64)."""
    try:
        address = ipaddress.ip_address((remote_address or "").split("%")[0])
    except ValueError:
        return (remote_address or "unknown")[:64]
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


# The failure that, while it is within its window, keeps the count at the limit: the limit-th most
# recent one (built once: a flood of sign-ins asks on every attempt).
_NTH_RECENT_HERE = (select(SignInFailure.created_at)
                    .where(SignInFailure.address == bindparam("address"), SignInFailure.created_at > bindparam("since"))
                    .order_by(SignInFailure.created_at.desc()).offset(bindparam("nth")).limit(1))
_NTH_RECENT_ANYWHERE = (select(SignInFailure.created_at).where(SignInFailure.created_at > bindparam("since"))
                        .order_by(SignInFailure.created_at.desc()).offset(bindparam("nth")).limit(1))

_EVERYONE = ""  # the key of the overall pause (no address is empty)


def _known_pauses() -> dict[str, datetime]:
    """Pauses this worker has already found, until they end: a throttled flood then costs no query
    at all. (Every worker finds a pause in the database once; a pause never ends early.)"""
    return current_app.extensions.setdefault("sign_in_pauses", {})


def known_pause(address: str, now: datetime | None = None) -> Throttled | None:
    """A pause this worker already knows of, for this address or everyone: no query at all."""
    now = now or utcnow()
    for key, everyone in ((address, False), (_EVERYONE, True)):
        until = _known_pauses().get(key)
        if until is not None and until > now:
            return Throttled(int((until - now).total_seconds()) + 1, everyone)
    return None


def throttled(address: str, now: datetime | None = None) -> Throttled | None:
    """Whether sign-in is paused for this address (key from address_key), and for how long."""
    now = now or utcnow()
    known = known_pause(address, now)
    if known is not None:
        return known
    for limit, statement, everyone in ((PER_ADDRESS, _NTH_RECENT_HERE, False),
                                       (OVERALL, _NTH_RECENT_ANYWHERE, True)):
        nth = db.session.scalar(statement, {"address": address, "since": now - limit.window, "nth": limit.count - 1})
        if nth is not None:
            until = nth + limit.window
            _remember_pause(_EVERYONE if everyone else address, until, now)
            return Throttled(max(int((until - now).total_seconds()) + 1, 1), everyone)
    return None


def _remember_pause(key: str, until: datetime, now: datetime) -> None:
    pauses = _known_pauses()
    if len(pauses) > 10_000:  # addresses beyond count: keep only the pauses still running
        for old in [k for k, end in pauses.items() if end <= now]:
            del pauses[old]
    pauses[key] = until


# An address whose password failed this recently and that then finds every hashing slot taken is
# taken for one guessing at speed: its busy answers count as failures, so it is paused after a
# few milliseconds instead of holding the slots for the ten slow checks its limit would need.
# Colleagues signing in behind one address at the same moment get "busy" without it counting.
GUESSING_WINDOW = timedelta(minutes=1)
_RECENT_FAILURE_HERE = (select(SignInFailure.id)
                        .where(SignInFailure.address == bindparam("address"), SignInFailure.created_at > bindparam("since"))
                        .limit(1))


def busy_counts_as_failure(address: str, now: datetime | None = None) -> bool:
    """Whether a busy answer to this address counts towards its limit (see GUESSING_WINDOW)."""
    now = now or utcnow()
    return db.session.scalar(_RECENT_FAILURE_HERE, {"address": address, "since": now - GUESSING_WINDOW}) is not None


def record_failure(address: str, now: datetime | None = None) -> None:
    """One short write: the failure, and away with those no window counts any more."""
    now = now or utcnow()
    oldest_counted = now - max(PER_ADDRESS.window, OVERALL.window)
    with write_transaction():
        db.session.execute(delete(SignInFailure).where(SignInFailure.created_at < oldest_counted))
        db.session.execute(insert(SignInFailure), {"address": address, "created_at": now})


def verify(name: str, password: str) -> User | None:
    """The account if the name and password match and it is not disabled. Reads only: the hash
    is checked outside any write transaction, and exactly once whatever the outcome. HashingBusy
    when every hashing slot is taken (nothing was checked)."""
    user = find_user(name)
    matches = password_matches(user.password_hash if user is not None else None, password)
    if user is None or not matches or user.disabled:
        return None
    return user
