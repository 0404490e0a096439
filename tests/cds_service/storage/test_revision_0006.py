"""Revision 0006 on SQLite and PostgreSQL: worklist entries lose their foreign key to their run
and keep every row; the downgrade gives the key back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from cds_service.prescreen.worklists import WorklistStore
from cds_service.storage.db import make_engine
from cds_service.storage.migrations import alembic_config
from cds_service.storage.schema import database_revision, upgrade_schema
from tests.cds_service.storage.test_revision_0005 import NCT, SAVED, add_run

ENTRIES = "SELECT run_id, patient_id, verdict, set_id FROM prescreen_entries ORDER BY patient_id"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A new database at revision 0005 holding one run's worklist."""
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0005")
            add_run(connection, 1, 1, 1)
            connection.execute(
                text("INSERT INTO prescreen_unknown_sets VALUES (1, 1, '[]')"),
            )
            connection.execute(
                text(
                    "INSERT INTO prescreen_entries (run_id, nct_id, patient_id, verdict, set_id) "
                    "VALUES (1, :nct, 'p1', 'eligible', 1), "
                    "(1, :nct, 'p2', 'possibly_eligible', 1)"
                ),
                {"nct": NCT},
            )
        yield engine
    finally:
        engine.dispose()


def run_keys(engine: Engine) -> list[str]:
    keys = inspect(engine).get_foreign_keys("prescreen_entries")
    return [key["referred_table"] for key in keys]


def rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(ENTRIES))]


def test_entries_lose_their_run_key_and_keep_every_row(engine: Engine) -> None:
    before = rows(engine)
    assert run_keys(engine) == ["prescreen_runs"]
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0006")
    assert database_revision(engine) == "0006"
    assert run_keys(engine) == []
    assert rows(engine) == before
    upgrade_schema(engine)  # the store reads columns later revisions add
    worklist = WorklistStore(engine, clock=lambda: SAVED).worklist(NCT)
    assert worklist is not None
    assert [row.patient_id for row in worklist.entries] == ["p1", "p2"]
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0005")
    assert database_revision(engine) == "0005"
    assert run_keys(engine) == ["prescreen_runs"]
    assert rows(engine) == before
