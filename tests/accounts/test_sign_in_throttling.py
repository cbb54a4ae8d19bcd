"""Signing in against a guesser: every refusal reads and costs the same, no account can be locked
by someone else, and guessing is slowed per client address and overall, in the shared database
(so several workers count together)."""
from __future__ import annotations

import fcntl
import os
import re
from datetime import timedelta

import pytest
from werkzeug import security

from app import create_app
from app.extensions import db
from app.storage import accounts
from tests.conftest import PASSWORD, TEST_CONFIG, csrf_token, make_user

from app.storage import hashing, models, sign_in
from app.storage.models import SignInFailure


def attempt(client, name, password, address="192.0.2.10", headers=None):
    environ = {"REMOTE_ADDR": address}
    token = csrf_token(client, "/login")
    return client.post("/login", data={"csrf_token": token, "username": name, "password": password},
                       environ_base=environ, headers=headers or {})


def answer(response) -> tuple[int, str]:
    """The status and the page without the per-request CSRF token and the name typed (shown again)."""
    html = re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", response.get_data(as_text=True))
    return response.status_code, re.sub(r'(<input id="username"[^>]* value=")[^"]*"', r"\1", html)


@pytest.fixture
def hashes(monkeypatch):
    """Counts password checks wherever sign-in does them."""
    counted = []

    def counting(stored, password):
        counted.append(stored)
        return security.check_password_hash(stored, password)
    for module in (hashing, sign_in, accounts, models):  # wherever this version checks it
        if hasattr(module, "check_password_hash"):
            monkeypatch.setattr(module, "check_password_hash", counting)
    return counted


def test_an_unknown_name_and_a_wrong_password_get_the_same_answer_and_the_same_work(app, hashes):
    make_user(app, "alice")
    client = app.test_client()
    unknown = attempt(client, "nobody", "wrong-password-1")
    assert len(hashes) == 1
    wrong = attempt(client, "alice", "wrong-password-1")
    assert len(hashes) == 2
    assert answer(unknown) == answer(wrong)
    assert unknown.status_code == 401 and "The user name or password is not right." in answer(unknown)[1]
    # The unknown name is checked against a hash made the way real ones are (not a cheaper one).
    assert hashes[0].split("$")[0] == hashes[1].split("$")[0]


def test_after_many_wrong_passwords_a_real_account_still_answers_like_an_unknown_name(app, hashes):
    make_user(app, "alice")
    client = app.test_client()
    for _ in range(6):
        attempt(client, "alice", "wrong-password-1")
    checks_before = len(hashes)
    real, unknown = attempt(client, "alice", "wrong-password-1"), attempt(client, "nobody", "wrong-password-1")
    assert answer(real) == answer(unknown)
    assert "Too many failed attempts" not in answer(real)[1]
    assert len(hashes) == checks_before + 2  # both checked a hash: the same work


def test_nobody_can_lock_someone_else_out(app):
    make_user(app, "victim")
    attacker = app.test_client()
    for _ in range(30):
        attempt(attacker, "victim", "guess-password-1", address="198.51.100.66")
    response = attempt(app.test_client(), "victim", PASSWORD, address="192.0.2.20")
    assert response.status_code == 302


def test_one_address_is_throttled_after_its_failures_without_checking_passwords(app, hashes):
    make_user(app, "alice")
    client = app.test_client()
    for _ in range(sign_in.PER_ADDRESS.count):
        assert attempt(client, "alice", "guess-password-1", address="198.51.100.7").status_code == 401
    checks = len(hashes)
    refused = attempt(client, "alice", PASSWORD, address="198.51.100.7")  # even the right password waits
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins from your network address" in refused.get_data(as_text=True)
    assert len(hashes) == checks  # refused before any password was checked
    assert attempt(app.test_client(), "alice", PASSWORD, address="192.0.2.99").status_code == 302


def test_the_throttle_is_the_same_for_a_real_and_an_unknown_name(app):
    make_user(app, "alice")
    client = app.test_client()
    for _ in range(sign_in.PER_ADDRESS.count):
        attempt(client, "nobody", "guess-password-1", address="198.51.100.8")
    assert answer(attempt(client, "alice", "x-password-1", address="198.51.100.8")) == \
        answer(attempt(client, "nobody", "x-password-1", address="198.51.100.8"))


def test_an_address_may_try_again_once_its_failures_are_old(app, monkeypatch):
    make_user(app, "alice")
    client = app.test_client()
    for _ in range(sign_in.PER_ADDRESS.count):
        attempt(client, "alice", "guess-password-1", address="198.51.100.9")
    assert attempt(client, "alice", PASSWORD, address="198.51.100.9").status_code == 429
    later = models.utcnow() + sign_in.PER_ADDRESS.window + timedelta(seconds=1)
    monkeypatch.setattr(sign_in, "utcnow", lambda: later)  # a quarter of an hour later
    assert attempt(client, "alice", PASSWORD, address="198.51.100.9").status_code == 302


def test_failures_from_many_addresses_pause_sign_in_overall(app, monkeypatch):
    monkeypatch.setattr(sign_in, "OVERALL", sign_in.Limit(5, timedelta(minutes=1)))
    make_user(app, "alice")
    client = app.test_client()
    for host in range(5):
        attempt(client, "alice", "guess-password-1", address=f"203.0.113.{host + 1}")
    refused = attempt(client, "alice", PASSWORD, address="192.0.2.50")
    assert refused.status_code == 429 and "sign-in is paused" in refused.get_data(as_text=True)


def test_workers_count_together_through_the_database(app):
    """Two app instances on one database stand for two gunicorn workers."""
    make_user(app, "alice")
    other_worker = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    first, second = app.test_client(), other_worker.test_client()
    for number in range(sign_in.PER_ADDRESS.count):
        attempt(first if number % 2 else second, "alice", "guess-password-1", address="198.51.100.10")
    assert attempt(second, "alice", PASSWORD, address="198.51.100.10").status_code == 429
    assert attempt(first, "alice", PASSWORD, address="198.51.100.10").status_code == 429


def test_what_is_kept_of_a_failure_is_when_and_from_where_never_what_was_typed(app):
    client = app.test_client()
    attempt(client, "my-password-in-the-name-box", "x-password-1", address="198.51.100.11")
    with app.app_context():
        rows = db.session.execute(db.text("SELECT * FROM sign_in_failure")).mappings().all()
    assert [row["address"] for row in rows] == ["198.51.100.11"]
    assert not any("my-password" in str(value) for row in rows for value in row.values())


@pytest.mark.parametrize("trusted, expected", [(0, "127.0.0.1"), (1, "198.51.100.12")])
def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(tmp_path, migrated_sqlite, trusted, expected):
    import shutil
    shutil.copy(migrated_sqlite, tmp_path / "proxy.sqlite")
    app = create_app(TEST_CONFIG | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'proxy.sqlite'}",
                                    "TRUSTED_PROXIES": trusted})
    attempt(app.test_client(), "nobody", "x-password-1", address="127.0.0.1",
            headers={"X-Forwarded-For": "198.51.100.12"})
    with app.app_context():
        assert db.session.scalars(db.select(SignInFailure.address)).all() == [expected]
        db.engine.dispose()


def test_ipv6_clients_are_counted_by_their_network():
    assert sign_in.address_key("2001:db8:1:2:3:4:5:6") == sign_in.address_key("2001:db8:1:2:ffff::1")
    assert sign_in.address_key("2001:db8:1:2::1") != sign_in.address_key("2001:db8:1:3::1")
    assert sign_in.address_key("::ffff:192.0.2.1") == "192.0.2.1"


@pytest.fixture
def alice(app):
    make_user(app, "alice")


@pytest.fixture
def every_slot_taken(app):
    """Another worker holds every password hashing slot (as during a flood of sign-ins)."""
    handles = []
    with app.app_context():
        folder = hashing._slot_folder()
        for number in range(hashing.slot_count()):
            handle = os.open(folder / f"slot-{number}", os.O_CREAT | os.O_RDWR, 0o600)
            fcntl.flock(handle, fcntl.LOCK_EX)
            handles.append(handle)
    yield
    for handle in handles:
        os.close(handle)


def test_with_every_hashing_slot_taken_sign_in_answers_busy_without_hashing(app, alice, hashes, every_slot_taken):
    response = attempt(app.test_client(), "alice", PASSWORD, address="192.0.2.60")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "Many sign-ins are being checked at this moment" in response.get_data(as_text=True)
    assert hashes == []
    with app.app_context():  # not a failure of this address: nothing was checked
        assert db.session.scalar(db.select(db.func.count()).select_from(SignInFailure)) == 0


def test_a_busy_answer_is_the_same_for_a_real_and_an_unknown_name(app, alice, every_slot_taken):
    client = app.test_client()
    assert answer(attempt(client, "alice", "x-password-1")) == answer(attempt(client, "nobody", "x-password-1"))


def test_registration_answers_busy_too(app, every_slot_taken):
    client = app.test_client()
    token = csrf_token(client, "/register")
    response = client.post("/register", data={"csrf_token": token, "username": "bob",
                                              "password": "a-long-passphrase", "confirm": "a-long-passphrase"})
    assert response.status_code == 429 and "Many sign-ins" in response.get_data(as_text=True)
    with app.app_context():
        assert accounts.find_user("bob") is None


def test_sign_in_works_again_once_a_slot_is_free(app):
    make_user(app, "alice")
    assert attempt(app.test_client(), "alice", PASSWORD).status_code == 302


def test_a_paused_address_is_answered_before_anything_else_is_done(app, monkeypatch):
    """Once a worker knows of the pause, a flood costs it next to nothing: no session, form or query."""
    client = app.test_client()
    for _ in range(sign_in.PER_ADDRESS.count + 1):
        attempt(client, "nobody", "guess-password-1", address="198.51.100.13")
    monkeypatch.setattr(sign_in, "throttled", lambda *args: pytest.fail("the database was asked"))
    response = client.post("/login", data={"username": "nobody"}, environ_base={"REMOTE_ADDR": "198.51.100.13"})
    assert response.status_code == 429  # not 400: the missing CSRF token was never looked at
    assert "Too many failed sign-ins from your network address" in response.get_data(as_text=True)
    other = client.post("/login", data={"username": "nobody"}, environ_base={"REMOTE_ADDR": "192.0.2.99"})
    assert other.status_code == 400  # another address goes the usual way (here: no CSRF token)


def test_an_address_guessing_while_every_slot_is_taken_is_paused_in_a_few_attempts(app, hashes, every_slot_taken):
    """Its busy answers count once its password failed within the minute: it stops holding the slots
    after a few quick attempts instead of ten slow checks (a flood jammed sign-in for everyone)."""
    with app.app_context():
        sign_in.record_failure("192.0.2.70")
    client = app.test_client()
    answers = [attempt(client, "nobody", "x-password-1", address="192.0.2.70") for _ in range(sign_in.PER_ADDRESS.count)]
    assert "Many sign-ins are being checked" in answers[0].get_data(as_text=True)
    assert "Too many failed sign-ins from your network address" in answers[-1].get_data(as_text=True)
    assert hashes == []
    # Another address, with no failure of its own, is only told to try again: it is not counted.
    assert "Many sign-ins are being checked" in attempt(client, "alice", PASSWORD, address="192.0.2.71").get_data(as_text=True)
    with app.app_context():
        assert sign_in.throttled("192.0.2.71") is None
