"""The staff tables on SQLite and PostgreSQL: accounts, sessions, failed sign-ins, audit rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, text

from cds_service.staff.accounts import AccountStore
from cds_service.staff.audit import AuditEntry, recent_actions, record_action
from cds_service.staff.errors import DuplicateAccountError, InvalidNameError, UnknownAccountError
from cds_service.staff.roles import Role
from cds_service.staff.sessions import SessionStore, StaffSession, end_sessions_of, session_id
from cds_service.staff.throttle import SignInThrottle
from cds_service.storage.db import write_transaction

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
HASH = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"


def test_accounts_are_added_listed_and_disabled(engine: Engine) -> None:
    accounts = AccountStore(engine)
    accounts.add("bob", Role.COORDINATOR, HASH, NOW)
    accounts.add("alice", Role.ADMIN, HASH, NOW + timedelta(minutes=1))
    with pytest.raises(DuplicateAccountError, match="'alice' already exists"):
        accounts.add("alice", Role.CURATOR, HASH, NOW)
    with pytest.raises(InvalidNameError):
        accounts.add("Alice", Role.CURATOR, HASH, NOW)

    assert accounts.disable("bob") is True
    assert accounts.disable("bob") is False
    with pytest.raises(UnknownAccountError):
        accounts.disable("zed")
    accounts.record_sign_in("alice", NOW + timedelta(hours=1), new_hash=HASH + "x")

    alice, bob = accounts.accounts()
    assert (alice.name, alice.role, alice.enabled) == ("alice", Role.ADMIN, True)
    assert alice.created_at == NOW + timedelta(minutes=1)
    assert alice.last_sign_in_at == NOW + timedelta(hours=1)
    assert (bob.name, bob.enabled, bob.last_sign_in_at) == ("bob", False, None)
    credentials = accounts.credentials("alice")
    assert credentials is not None
    assert credentials.password_hash == HASH + "x"
    assert accounts.credentials("nobody") is None


def test_a_session_is_stored_by_hash_and_ends_with_expiry_or_account(engine: Engine) -> None:
    accounts = AccountStore(engine)
    accounts.add("alice", Role.CURATOR, HASH, NOW)
    sessions = SessionStore(engine, timedelta(hours=8))
    opened = sessions.open("alice", NOW)

    with engine.connect() as connection:
        (stored,) = connection.execute(select(StaffSession.id)).scalars()
    assert stored == session_id(opened.token) != opened.token
    found = sessions.find(opened.token, NOW + timedelta(hours=7))
    assert found is not None
    assert (found.name, found.role, found.expires_at) == ("alice", Role.CURATOR, opened.expires_at)
    assert len(found.csrf_token) >= 32
    assert sessions.find(opened.token, NOW + timedelta(hours=8)) is None
    assert sessions.find(opened.token + "x", NOW) is None

    accounts.disable("alice")
    assert sessions.find(opened.token, NOW) is None
    assert end_sessions_of(engine, "alice") == 1
    assert end_sessions_of(engine, "alice") == 0


def test_closing_a_session_leaves_the_others(engine: Engine) -> None:
    AccountStore(engine).add("alice", Role.CURATOR, HASH, NOW)
    sessions = SessionStore(engine, timedelta(hours=8))
    phone, desk = sessions.open("alice", NOW), sessions.open("alice", NOW)
    sessions.close(session_id(phone.token))
    assert sessions.find(phone.token, NOW) is None
    assert sessions.find(desk.token, NOW) is not None


def test_expired_sessions_are_dropped_as_new_ones_open(engine: Engine) -> None:
    AccountStore(engine).add("alice", Role.CURATOR, HASH, NOW)
    sessions = SessionStore(engine, timedelta(hours=1))
    sessions.open("alice", NOW)
    sessions.open("alice", NOW + timedelta(hours=2))
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM staff_sessions")) == 1


def test_the_throttle_counts_in_a_sliding_window(engine: Engine) -> None:
    throttle = SignInThrottle(engine, max_failures=3, window=timedelta(minutes=15))
    for minute in range(3):
        assert throttle.retry_after("alice", "10.0.0.1", NOW) is None
        throttle.record_failure("alice", "10.0.0.1", NOW + timedelta(minutes=minute))
    at = NOW + timedelta(minutes=5)
    # Free when the first of the three leaves the window: at NOW + 15 min.
    assert throttle.retry_after("alice", "10.9.9.9", at) == 10 * 60
    assert throttle.retry_after("bob", "10.0.0.1", at) == 10 * 60
    assert throttle.retry_after("bob", "10.9.9.9", at) is None
    assert throttle.retry_after("alice", "10.9.9.9", NOW + timedelta(minutes=15)) is None

    throttle.record_failure("carol", "10.0.0.1", at)
    throttle.forget_name("alice")
    assert throttle.retry_after("alice", "10.9.9.9", at) is None
    assert throttle.retry_after("bob", "10.0.0.1", at) is None  # 1 failure left: carol's
    throttle.record_failure("dave", "10.0.0.1", at)
    throttle.record_failure("erin", "10.0.0.1", at)
    assert throttle.retry_after("alice", "10.0.0.1", at) == 15 * 60


def test_old_failures_are_dropped_as_new_ones_come(engine: Engine) -> None:
    throttle = SignInThrottle(engine, max_failures=3, window=timedelta(minutes=15))
    throttle.record_failure("alice", "10.0.0.1", NOW)
    throttle.record_failure("alice", "10.0.0.1", NOW + timedelta(hours=1))
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM staff_sign_in_failures")) == 1


def test_audit_rows_come_back_newest_first(engine: Engine) -> None:
    record_action(engine, actor="alice", action="staff.sign_in", target=None, when=NOW)
    record_action(
        engine,
        actor="alice",
        action="curation.publish",
        target="NCT07188584",
        detail="note: ECOG wording",
        when=NOW + timedelta(minutes=1),
    )
    record_action(engine, actor="x" * 300, action="staff.sign_in_failed", target=None, when=NOW)

    newest, *_ = recent_actions(engine)
    assert newest == AuditEntry(
        NOW + timedelta(minutes=1), "alice", "curation.publish", "NCT07188584", "note: ECOG wording"
    )
    assert [e.action for e in recent_actions(engine, limit=2)] == [
        "curation.publish",
        "staff.sign_in_failed",  # same time as the sign-in, written later
    ]
    assert recent_actions(engine)[1].actor == "x" * 64  # cut, never lost


def test_an_audit_row_commits_with_the_callers_transaction(engine: Engine) -> None:
    def failed_change() -> None:
        with write_transaction(engine) as connection:
            record_action(
                engine, actor="a", action="x.y", target=None, when=NOW, connection=connection
            )
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failed_change()
    assert recent_actions(engine) == []
    with write_transaction(engine) as connection:
        record_action(engine, actor="a", action="x.y", target=None, when=NOW, connection=connection)
    assert len(recent_actions(engine)) == 1
