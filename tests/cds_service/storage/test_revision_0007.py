"""Revision 0007 on SQLite and PostgreSQL: runs record whether they matched the whole catalog;
runs saved before it read as whole (the staff pages read them so until then), keep every row,
and the downgrade drops the column alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, text

from cds_service.prescreen.summary import TrialCount
from cds_service.prescreen.worklists import WorklistStore
from cds_service.storage.db import make_engine
from cds_service.storage.migrations import alembic_config
from cds_service.storage.schema import database_revision, upgrade_schema
from tests.cds_service.prescreen.test_worklist_store import summary
from tests.cds_service.storage.test_revision_0005 import NCT, SAVED, add_run

RUNS = "SELECT id, as_of, summary_json FROM prescreen_runs ORDER BY id"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A new database at revision 0006 holding two runs' worklists of one trial."""
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0006")
            for run_id in (1, 2):
                add_run(connection, run_id, run_id, 0)
                connection.execute(
                    text("INSERT INTO prescreen_unknown_sets VALUES (:run, 1, '[]')"),
                    {"run": run_id},
                )
                connection.execute(
                    text(
                        "INSERT INTO prescreen_entries "
                        "(run_id, nct_id, patient_id, verdict, set_id) "
                        "VALUES (:run, :nct, :patient, 'eligible', 1)"
                    ),
                    {"run": run_id, "nct": NCT, "patient": f"p{run_id}"},
                )
        yield engine
    finally:
        engine.dispose()


def runs(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(RUNS))]


def test_runs_saved_before_read_as_whole_and_a_trial_run_after_them_replaces_its_own(
    engine: Engine,
) -> None:
    before = runs(engine)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0007")
    assert runs(engine) == before
    with engine.connect() as connection:  # a run's trials and sets stay with it
        trials = connection.execute(text("SELECT count(*) FROM prescreen_run_trials")).scalar()
        sets = connection.execute(text("SELECT count(*) FROM prescreen_unknown_sets")).scalar()
    assert (trials, sets) == (2, 2)
    with engine.connect() as connection:
        scopes = connection.execute(
            text("SELECT id, whole_catalog FROM prescreen_runs ORDER BY id")
        ).all()
    assert [(run_id, bool(whole)) for run_id, whole in scopes] == [(1, True), (2, True)]
    upgrade_schema(engine)  # the store uses tables later revisions add
    store = WorklistStore(engine, clock=lambda: SAVED)
    worklist = store.worklist(NCT)
    assert worklist is not None
    assert (worklist.run.id, [row.patient_id for row in worklist.entries]) == (2, ["p2"])
    # A --trial run for another trial, saved after the upgrade: the old run's worklist stays.
    store.save_run(
        summary(SAVED.date(), [TrialCount(nct_id="NCT00000077", title="Another")]).model_copy(
            update={"whole_catalog": False}
        ),
        [],
    )
    index = store.trials_with_worklists()
    assert [(w.nct_id, w.run_id) for w in index] == [(NCT, 2), ("NCT00000077", 3)]
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0006")
    assert database_revision(engine) == "0006"
    assert runs(engine)[:2] == before
    with engine.connect() as connection:  # nothing went with the column
        kept = connection.execute(
            text("SELECT run_id, nct_id FROM prescreen_run_trials ORDER BY run_id, nct_id")
        ).all()
        entries = connection.execute(text("SELECT count(*) FROM prescreen_entries")).scalar_one()
    assert [tuple(row) for row in kept] == [(1, NCT), (2, NCT), (3, "NCT00000077")]
    assert entries == 2
