"""Revision 0008 on SQLite and PostgreSQL: the table SQLite reserves pre-screening run ids from.
Its sequence starts after every id in use, so the first run saved after the upgrade takes the
next id; the downgrade drops the table alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from cds_service.prescreen.summary import TrialCount
from cds_service.prescreen.worklists import WorklistStore
from cds_service.storage.db import make_engine
from cds_service.storage.migrations import alembic_config
from cds_service.storage.schema import database_revision, upgrade_schema
from tests.cds_service.prescreen.test_worklist_store import summary
from tests.cds_service.storage.test_revision_0005 import NCT, SAVED, add_run


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A new database at revision 0007 holding runs 1 and 2."""
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0007")
            for run_id in (1, 2):
                add_run(connection, run_id, run_id, 0)
        yield engine
    finally:
        engine.dispose()


def test_the_first_run_after_the_upgrade_takes_the_next_id(engine: Engine) -> None:
    assert upgrade_schema(engine).after == "0008"
    store = WorklistStore(engine, clock=lambda: SAVED)
    trials = [TrialCount(nct_id=NCT, title="A trial")]
    assert store.save_run(summary(SAVED.date(), trials), []) == 3
    assert store.save_run(summary(SAVED.date(), trials), []) == 4
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0007")
    assert database_revision(engine) == "0007"
    assert "prescreen_run_ids" not in inspect(engine).get_table_names()
    with engine.connect() as connection:
        ids = connection.execute(text("SELECT id FROM prescreen_runs ORDER BY id")).scalars()
        assert list(ids) == [1, 2, 3, 4]
