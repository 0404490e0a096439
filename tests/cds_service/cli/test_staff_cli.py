"""`oncomatch staff add|disable|list`: passwords from stdin, the password rule, refused names,
what the list shows (never a hash), and the audit rows the commands leave."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from cds_service.cli.main import app
from cds_service.staff.accounts import AccountStore
from cds_service.staff.audit import recent_actions
from cds_service.staff.passwords import PasswordBook
from cds_service.staff.sessions import SessionStore
from cds_service.storage.db import make_engine
from cds_service.storage.schema import upgrade_schema

PASSWORD = "correct horse battery staple"
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    monkeypatch.setenv("ONCOMATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ONCOMATCH_AUTO_MIGRATE", raising=False)
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'data' / 'oncomatch.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_schema_url")
    monkeypatch.setenv("ONCOMATCH_DATABASE_URL", url)
    return url


@pytest.fixture
def engine(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """The command's database, looked at from the test (at this version's schema, as the
    commands leave it)."""
    (tmp_path / "data").mkdir(exist_ok=True)
    engine = make_engine(database_url)
    upgrade_schema(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def staff(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["staff", *args], input=stdin)
    assert "Traceback" not in result.output
    return result.exit_code, result.output.strip()


def test_add_reads_the_password_from_stdin_and_stores_only_a_hash(engine: Engine) -> None:
    assert staff("add", "alice", "--role", "curator", stdin=PASSWORD + "\n") == (
        0,
        "staff account alice added with the curator role",
    )
    credentials = AccountStore(engine).credentials("alice")
    assert credentials is not None
    assert credentials.password_hash.startswith("$argon2id$")
    assert PASSWORD not in credentials.password_hash
    assert PasswordBook().verify(credentials.password_hash, PASSWORD)
    (entry,) = recent_actions(engine)
    assert (entry.action, entry.target, entry.detail) == (
        "staff.account_added",
        "alice",
        "role curator",
    )
    assert entry.actor.startswith("cli")


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("short pass", "the password is too short: at least 12 characters, got 10"),
        ("alice-is-my-password", "the password contains the account name"),
        ("aaaaaaaaaaaaaaaa", "the password repeats too few different characters"),
        ("", "no password on stdin"),
    ],
)
def test_a_weak_or_missing_password_is_refused(engine: Engine, password: str, says: str) -> None:
    code, output = staff(
        "add", "alice", "--role", "admin", stdin=f"{password}\n" if password else ""
    )
    assert code == 1
    assert output == f"error: {says}" or output.startswith(f"error: {says}")
    assert AccountStore(engine).accounts() == []


def test_a_duplicate_name_is_refused(engine: Engine) -> None:
    staff("add", "alice", "--role", "curator", stdin=PASSWORD)
    assert staff("add", "alice", "--role", "admin", stdin=PASSWORD + "!") == (
        1,
        "error: a staff account named 'alice' already exists",
    )
    (account,) = AccountStore(engine).accounts()
    assert account.role.value == "curator"


@pytest.mark.parametrize("name", ["Alice", "a", "bob smith", "<b>", "9lives"])
def test_a_name_that_is_not_an_account_name_is_refused(database_url: str, name: str) -> None:
    code, output = staff("add", name, "--role", "curator", stdin=PASSWORD)
    assert code == 1
    assert output.startswith(f"error: {name!r} is not a valid account name: 2 to 64 characters")


def test_an_unknown_role_is_a_usage_error(database_url: str) -> None:
    code, output = staff("add", "alice", "--role", "chief", stdin=PASSWORD)
    assert code == 2
    assert "Invalid value for '--role'" in output
    assert "chief" in output


def test_disable_ends_the_sessions_and_is_audited(engine: Engine) -> None:
    staff("add", "alice", "--role", "curator", stdin=PASSWORD)
    sessions = SessionStore(engine, timedelta(hours=8))
    opened = sessions.open("alice", datetime.now(UTC))
    assert sessions.find(opened.token, datetime.now(UTC)) is not None

    assert staff("disable", "alice") == (0, "staff account alice disabled (1 session(s) ended)")

    assert sessions.find(opened.token, datetime.now(UTC)) is None
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM staff_sessions")) == 0
    assert staff("disable", "alice") == (0, "staff account alice was already disabled")
    actions = [(e.action, e.target, e.detail) for e in recent_actions(engine)]
    assert actions[0] == ("staff.account_disabled", "alice", "1 session(s) ended")
    assert len(actions) == 2  # added, disabled: the repeat changed nothing


def test_disable_of_an_unknown_name_is_refused(database_url: str) -> None:
    assert staff("disable", "zed") == (1, "error: no staff account named 'zed'")


def test_list_shows_accounts_without_hashes(engine: Engine) -> None:
    assert staff("list") == (
        0,
        "no staff accounts yet: add one with `oncomatch staff add NAME --role admin`",
    )
    staff("add", "bob", "--role", "coordinator", stdin=PASSWORD)
    staff("add", "alice", "--role", "admin", stdin=PASSWORD)
    staff("disable", "bob")
    AccountStore(engine).record_sign_in("alice", NOW)

    code, output = staff("list")

    assert code == 0
    header, alice, bob = output.splitlines()
    assert header.split() == ["name", "role", "enabled", "created", "last", "sign-in"]
    assert alice.split()[:3] == ["alice", "admin", "yes"]
    assert alice.endswith("2026-11-25 09:30 UTC")
    assert bob.split()[:3] == ["bob", "coordinator", "no"]
    assert bob.endswith("never")
    assert "argon2" not in output


def test_an_unreachable_database_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2"
    code, output = staff("list", "--database-url", unreachable)
    assert code == 2
    assert output.startswith("error: database: ")
    assert len(output.splitlines()) == 1


def test_enable_lets_a_disabled_account_back_in(engine: Engine) -> None:
    staff("add", "alice", "--role", "curator", stdin=PASSWORD)
    staff("disable", "alice")
    assert staff("enable", "alice") == (0, "staff account alice enabled")
    assert staff("enable", "alice") == (0, "staff account alice was already enabled")
    credentials = AccountStore(engine).credentials("alice")
    assert credentials is not None
    assert credentials.enabled
    assert recent_actions(engine)[0].action == "staff.account_enabled"
    assert staff("enable", "zed") == (1, "error: no staff account named 'zed'")


def test_password_sets_a_new_one_and_ends_the_sessions(engine: Engine) -> None:
    staff("add", "alice", "--role", "curator", stdin=PASSWORD)
    sessions = SessionStore(engine, timedelta(hours=8))
    opened = sessions.open("alice", datetime.now(UTC))

    assert staff("password", "alice", stdin="a brand new passphrase\n") == (
        0,
        "password of alice changed (1 session(s) ended)",
    )

    credentials = AccountStore(engine).credentials("alice")
    assert credentials is not None
    book = PasswordBook()
    assert book.verify(credentials.password_hash, "a brand new passphrase")
    assert not book.verify(credentials.password_hash, PASSWORD)
    assert sessions.find(opened.token, datetime.now(UTC)) is None
    entry = recent_actions(engine)[0]
    assert (entry.action, entry.target) == ("staff.password_changed", "alice")
    assert staff("password", "alice", stdin="short\n")[0] == 1
    assert staff("password", "zed", stdin=PASSWORD) == (1, "error: no staff account named 'zed'")
