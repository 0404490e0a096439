"""The schema's revisions on SQLite and PostgreSQL: they make exactly what the models declare,
adopt a database made by `create_all` before migrations, refuse what they do not know, and let
several upgraders run at once (the migration lock)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, inspect, text

from cds_service.hooks.request import FeedbackRequest
from cds_service.storage.db import make_engine
from cds_service.storage.errors import (
    SchemaBehindError,
    UnexpectedTablesError,
    UnknownRevisionError,
)
from cds_service.storage.feedback import FeedbackStore
from cds_service.storage.migrations import head_revision
from cds_service.storage.migrations.baseline import baseline_metadata
from cds_service.storage.schema import (
    check_schema,
    database_revision,
    declared_metadata,
    prepare_schema,
    upgrade_schema,
)
from cds_service.storage.schema_lock import ADVISORY_LOCK_KEY
from tests.conftest import throwaway_schema

FEEDBACK = {
    "card": "card-1",
    "outcome": "accepted",
    "outcomeTimestamp": "2026-11-25T09:00:00Z",
}

UrlMaker = Callable[[], AbstractContextManager[str]]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def new_database(request: pytest.FixtureRequest, tmp_path: Path) -> UrlMaker:
    """Makes URLs of new, empty databases of the parametrised kind."""
    if request.param == "sqlite":
        names = iter(range(1000))

        @contextmanager
        def sqlite_file() -> Iterator[str]:
            yield f"sqlite:///{tmp_path / f'db{next(names)}.sqlite3'}"

        return sqlite_file
    postgres_url: str = request.getfixturevalue("postgres_url")
    return lambda: throwaway_schema(postgres_url)


@pytest.fixture
def engine(new_database: UrlMaker) -> Iterator[Engine]:
    with new_database() as url:
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


def describe(engine: Engine) -> dict[str, Any]:
    """Every table as the database reports it: columns, keys, indexes, constraints."""
    inspector = inspect(engine)
    tables: dict[str, Any] = {}
    for name in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
        tables[name] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
                for c in inspector.get_columns(name)
            ],
            "primary key": inspector.get_pk_constraint(name)["constrained_columns"],
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), i["unique"])
                for i in inspector.get_indexes(name)
            ),
            "unique": sorted(
                (u["name"], tuple(u["column_names"]))
                for u in inspector.get_unique_constraints(name)
            ),
            "foreign keys": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                for f in inspector.get_foreign_keys(name)
            ),
        }
    return tables


def schema_differences(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, declared_metadata()))


def test_the_revisions_make_exactly_what_the_models_declare(
    engine: Engine, new_database: UrlMaker
) -> None:
    result = upgrade_schema(engine)
    assert (result.before, result.after, result.adopted) == (None, head_revision(), False)
    assert schema_differences(engine) == []
    with new_database() as url:
        by_create_all = make_engine(url)
        try:
            declared_metadata().create_all(by_create_all)
            assert describe(engine) == describe(by_create_all)
        finally:
            by_create_all.dispose()
    assert set(describe(engine)) == set(declared_metadata().tables)


def test_an_upgrade_of_a_current_schema_changes_nothing(engine: Engine) -> None:
    upgrade_schema(engine)
    again = upgrade_schema(engine)
    assert (again.before, again.after, again.changed) == (head_revision(), head_revision(), False)


def test_without_auto_migrate_a_schema_behind_is_refused(engine: Engine) -> None:
    with pytest.raises(SchemaBehindError) as refused:
        prepare_schema(engine, auto_migrate=False)
    assert "run `oncomatch db upgrade`" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert inspect(engine).get_table_names() == []  # refusing touched nothing
    prepare_schema(engine, auto_migrate=True)
    prepare_schema(engine, auto_migrate=False)
    check_schema(engine)


def test_a_database_from_before_migrations_is_adopted_and_keeps_its_rows(engine: Engine) -> None:
    # What the code before migrations made at startup: the baseline's tables, no
    # alembic_version (later revisions' tables did not exist then).
    baseline_metadata().create_all(engine)
    store = FeedbackStore(engine)
    before = FeedbackRequest.model_validate({"feedback": [FEEDBACK]}).feedback
    store.store(before, datetime(2026, 11, 25, 9, 30, tzinfo=UTC))
    with pytest.raises(SchemaBehindError, match="not initialised"):
        check_schema(engine)

    result = upgrade_schema(engine)

    assert (result.before, result.after, result.adopted) == (None, head_revision(), True)
    assert database_revision(engine) == head_revision()
    assert schema_differences(engine) == []
    assert store.count() == 1
    again = FeedbackRequest.model_validate({"feedback": [{**FEEDBACK, "card": "card-2"}]})
    assert store.store(again.feedback, datetime(2026, 11, 25, 9, 31, tzinfo=UTC)).stored == 1


def test_a_database_with_only_some_tables_gets_the_others(engine: Engine) -> None:
    # `oncomatch catalog import` made only its table; an old release left `match_tokens` behind.
    baseline_metadata().tables["imported_trials"].create(engine)
    Table("match_tokens", MetaData(), Column("token", String(64), primary_key=True)).create(engine)

    assert upgrade_schema(engine).adopted

    (left_alone,) = schema_differences(engine)  # not ours to drop
    assert (left_alone[0], left_alone[1].name) == ("remove_table", "match_tokens")


def test_tables_with_our_names_but_other_columns_are_left_alone(engine: Engine) -> None:
    Table(
        "feedback",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("rating", Integer),
    ).create(engine)

    with pytest.raises(UnexpectedTablesError) as refused:
        upgrade_schema(engine)

    assert "table feedback lacks accepted_suggestions, card_uuid," in str(refused.value)
    assert "has unknown columns rating" in str(refused.value)
    assert inspect(engine).get_table_names() == ["feedback"]


def test_a_revision_this_version_does_not_know_is_refused(engine: Engine) -> None:
    upgrade_schema(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    for attempt in (upgrade_schema, check_schema, database_revision):
        with pytest.raises(UnknownRevisionError, match="revision f00d"):
            attempt(engine)


def test_upgraders_starting_together_take_turns(new_database: UrlMaker) -> None:
    # Each thread has its own engine, as each replica has: only the lock keeps them apart.
    with new_database() as url:
        engines = [make_engine(url) for _ in range(4)]
        barrier = threading.Barrier(len(engines))
        results: list[Any] = []

        def upgrade(engine: Engine) -> None:
            barrier.wait()
            try:
                results.append(upgrade_schema(engine))
            except Exception as error:  # collected, so the assertion shows it
                results.append(error)

        threads = [threading.Thread(target=upgrade, args=(e,)) for e in engines]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        try:
            assert all(not isinstance(r, Exception) for r in results), results
            assert sorted(r.changed for r in results) == [False, False, False, True]
            assert schema_differences(engines[0]) == []
        finally:
            for engine in engines:
                engine.dispose()


@contextmanager
def lock_held_elsewhere(engine: Engine) -> Iterator[None]:
    """The migration lock, taken the way another replica would take it."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as other:
            other.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            try:
                yield
            finally:
                other.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
                other.commit()
    else:
        import fcntl

        database = Path(str(engine.url.database))
        with database.with_name(database.name + ".migration-lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield


def test_an_upgrade_waits_for_the_lock(engine: Engine) -> None:
    done = threading.Event()
    thread = threading.Thread(target=lambda: (upgrade_schema(engine), done.set()))
    with lock_held_elsewhere(engine):
        thread.start()
        assert not done.wait(0.5)
        assert database_revision(engine) is None
    thread.join(timeout=30)
    assert done.is_set()
    assert database_revision(engine) == head_revision()
