"""Replay caches: in-memory, and SQL on SQLite (a temporary file) and on the local PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from auth_testkit import FakeClock
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from cds_service.auth import InMemoryReplayCache, JwtReplayRecord, SqlReplayCache
from cds_service.auth import errors as e
from cds_service.storage.db import make_engine
from cds_service.storage.schema import upgrade_schema

POSTGRES_URL = os.environ.get(
    "ONCOMATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _unique(prefix: str) -> str:
    # Random values keep concurrent runs against the shared PostgreSQL database apart.
    return f"{prefix}-{uuid.uuid4().hex}"


# --- in memory ---------------------------------------------------------------------------


def test_in_memory_records_and_detects_a_replay(clock: FakeClock) -> None:
    cache = InMemoryReplayCache(clock)
    until = clock() + timedelta(minutes=5)
    assert cache.seen_before("iss-a", "jti-1", until) is False
    assert cache.seen_before("iss-a", "jti-1", until) is True
    assert cache.seen_before("iss-b", "jti-1", until) is False  # jti is per issuer


def test_in_memory_forgets_expired_entries(clock: FakeClock) -> None:
    cache = InMemoryReplayCache(clock)
    assert cache.seen_before("iss", "jti", clock() + timedelta(seconds=60)) is False
    assert cache.seen_before("iss", "other", clock() + timedelta(seconds=600)) is False
    clock.advance(61)
    assert len(cache) == 2
    assert cache.seen_before("iss", "jti", clock() + timedelta(seconds=60)) is False
    assert len(cache) == 2  # the expired entry was purged and the new one recorded


def test_in_memory_fails_closed_when_full_of_live_entries(clock: FakeClock) -> None:
    cache = InMemoryReplayCache(clock, max_entries=3)
    for n in range(3):
        assert cache.seen_before("iss", f"jti-{n}", clock() + timedelta(seconds=60)) is False
    with pytest.raises(e.ReplayCacheUnavailableError):
        cache.seen_before("iss", "jti-3", clock() + timedelta(seconds=60))
    clock.advance(61)
    assert cache.seen_before("iss", "jti-3", clock() + timedelta(seconds=60)) is False


def test_in_memory_is_atomic_under_threads(clock: FakeClock) -> None:
    cache = InMemoryReplayCache(clock)
    until = clock() + timedelta(minutes=5)
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: cache.seen_before("iss", "jti", until), range(64)))
    assert results.count(False) == 1


# --- SQL: SQLite and PostgreSQL --------------------------------------------------------


def _create_table(engine: Engine) -> None:
    try:
        JwtReplayRecord.__table__.create(engine, checkfirst=True)
    except SQLAlchemyError:
        # Another test run created it between our check and our CREATE.
        JwtReplayRecord.__table__.create(engine, checkfirst=True)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'replay.db'}"


@pytest.fixture
def postgres_url() -> str:
    engine = make_engine(POSTGRES_URL)
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at ONCOMATCH_TEST_POSTGRES_URL unreachable under CI: {exc}")
        pytest.skip("PostgreSQL not reachable (set ONCOMATCH_TEST_POSTGRES_URL)")
    finally:
        engine.dispose()
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(name)
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    if db_url.startswith("sqlite"):
        upgrade_schema(engine)  # proves the revisions make the table
    else:
        _create_table(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def _rows(engine: Engine, iss: str) -> int:
    with engine.connect() as conn:
        count = conn.execute(
            select(func.count()).select_from(JwtReplayRecord).where(JwtReplayRecord.iss == iss)
        ).scalar_one()
    return int(count)


def test_sql_records_and_detects_a_replay(engine: Engine, clock: FakeClock) -> None:
    cache = SqlReplayCache(engine, clock)
    iss, jti = _unique("iss"), _unique("jti")
    until = clock() + timedelta(minutes=5)
    assert cache.seen_before(iss, jti, until) is False
    assert cache.seen_before(iss, jti, until) is True
    assert cache.seen_before(_unique("other-iss"), jti, until) is False
    assert _rows(engine, iss) == 1


def test_sql_replicas_sharing_the_database_see_each_others_tokens(
    db_url: str, engine: Engine, clock: FakeClock
) -> None:
    other_engine = make_engine(db_url)
    try:
        replica_a = SqlReplayCache(engine, clock)
        replica_b = SqlReplayCache(other_engine, clock)
        iss, jti = _unique("iss"), _unique("jti")
        until = clock() + timedelta(minutes=5)
        assert replica_a.seen_before(iss, jti, until) is False
        assert replica_b.seen_before(iss, jti, until) is True
    finally:
        other_engine.dispose()


def test_sql_allows_a_jti_again_once_the_earlier_token_expired(
    engine: Engine, clock: FakeClock
) -> None:
    cache = SqlReplayCache(engine, clock, purge_interval_seconds=10**9)
    iss, jti = _unique("iss"), _unique("jti")
    assert cache.seen_before(iss, jti, clock() + timedelta(seconds=60)) is False
    clock.advance(61)
    assert cache.seen_before(iss, jti, clock() + timedelta(seconds=60)) is False
    assert cache.seen_before(iss, jti, clock() + timedelta(seconds=60)) is True
    assert _rows(engine, iss) == 1


def test_sql_purges_expired_rows(engine: Engine, clock: FakeClock) -> None:
    cache = SqlReplayCache(engine, clock)
    iss = _unique("iss")
    cache.seen_before(iss, "short", clock() + timedelta(seconds=60))
    cache.seen_before(iss, "long", clock() + timedelta(seconds=3600))
    clock.advance(120)
    assert cache.purge_expired() >= 1
    assert _rows(engine, iss) == 1


def test_sql_purges_on_its_own_at_the_interval(engine: Engine, clock: FakeClock) -> None:
    cache = SqlReplayCache(engine, clock, purge_interval_seconds=300)
    iss = _unique("iss")
    cache.seen_before(iss, "short", clock() + timedelta(seconds=60))
    clock.advance(301)
    cache.seen_before(iss, "next", clock() + timedelta(seconds=60))
    assert _rows(engine, iss) == 1


def test_sql_is_atomic_under_concurrent_requests(engine: Engine, clock: FakeClock) -> None:
    cache = SqlReplayCache(engine, clock)
    iss, jti = _unique("iss"), _unique("jti")
    until = clock() + timedelta(minutes=5)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: cache.seen_before(iss, jti, until), range(32)))
    assert results.count(False) == 1


def test_sql_refuses_backends_it_has_no_atomic_upsert_for(clock: FakeClock) -> None:
    from sqlalchemy import create_mock_engine

    # A mock engine carries the MySQL dialect without needing a MySQL driver.
    mysql = create_mock_engine("mysql://", executor=lambda *_args, **_kw: None)
    with pytest.raises(ValueError, match="SQLite and PostgreSQL"):
        SqlReplayCache(mysql, clock)  # type: ignore[arg-type]


def test_sql_fails_closed_when_the_database_is_unusable(tmp_path: Path, clock: FakeClock) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'no-table.db'}")  # schema never created
    try:
        with pytest.raises(e.ReplayCacheUnavailableError):
            SqlReplayCache(engine, clock).seen_before("iss", "jti", clock() + timedelta(hours=1))
    finally:
        engine.dispose()
