"""Revision 0005 on SQLite and PostgreSQL: worklist entries saved under revision 0004 (each
holding its undecided criteria as JSON) come through the upgrade as entries referring to their
run's sets, read back as they were, and the downgrade gives each entry its JSON again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, text

from cds_service.prescreen.patient_job import Unknown
from cds_service.prescreen.stored_entries import unknowns_json
from cds_service.prescreen.worklists import WorklistStore
from cds_service.storage.db import make_engine
from cds_service.storage.migrations import alembic_config
from cds_service.storage.schema import database_revision, upgrade_schema
from eligibility.results import Verdict

SAVED = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
ECOG = Unknown("ecog", "ECOG 0–1", "Record an ECOG performance status")
BY_HAND = Unknown("free-1", "Adequate organ function", None, manual_review=True)
SUMMARY = (
    '{"as_of":"2026-11-25","started_at":"2026-11-25T02:00:00Z","engine":"local","workers":1,'
    '"catalog_trials":1,"catalog_fingerprint":"f","resources_read":1,"patients_read":3,'
    '"patients_screened":3,"patients_reused":0,"partitions":1,"max_patients_in_memory":10,'
    '"peak_patients_in_memory":3,"seconds":1.0,"patients_per_second":3.0,"trials":[]}'
)
NCT = "NCT00000001"
# Per run: (patient, verdict, undecided criteria).
RUNS = {
    1: [
        ("p1", Verdict.ELIGIBLE, ()),
        ("p2", Verdict.POSSIBLY_ELIGIBLE, (ECOG, BY_HAND)),
        ("p3", Verdict.POSSIBLY_ELIGIBLE, (ECOG, BY_HAND)),
    ],
    2: [
        ("p2", Verdict.POSSIBLY_ELIGIBLE, (BY_HAND,)),
        ("p3", Verdict.POSSIBLY_ELIGIBLE, (ECOG, BY_HAND)),
    ],
}


def add_run(connection: Connection, run_id: int, eligible: int, possibly: int) -> None:
    """A saved run's row and its one trial's counts, as revisions 0004 on keep them. Its id
    is given: PostgreSQL's sequence is moved past it, so runs saved next take the ids after."""
    connection.execute(
        text(
            "INSERT INTO prescreen_runs (id, saved_at, started_at, as_of, summary_json) "
            "VALUES (:id, :at, :at, :day, :summary)"
        ),
        {"id": run_id, "at": SAVED, "day": date(2026, 11, 25), "summary": SUMMARY},
    )
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('prescreen_runs', 'id'), "
                "(SELECT max(id) FROM prescreen_runs))"
            )
        )
    connection.execute(
        text("INSERT INTO prescreen_run_trials VALUES (:run, :nct, 'A trial', :e, :p)"),
        {"run": run_id, "nct": NCT, "e": eligible, "p": possibly},
    )


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A new database at revision 0004, holding two runs' worklists as 0004 stored them."""
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0004")
            for run_id, entries in RUNS.items():
                add_run(connection, run_id, 1, 2)
                connection.execute(
                    text(
                        "INSERT INTO prescreen_entries (run_id, nct_id, patient_id, verdict, "
                        "unknowns_json, data_date) VALUES (:run, :nct, :patient, :verdict, "
                        ":unknowns, :day)"
                    ),
                    [
                        {
                            "run": run_id,
                            "nct": NCT,
                            "patient": patient,
                            "verdict": verdict.value,
                            "unknowns": unknowns_json(unknowns),
                            "day": date(2026, 11, run_id),
                        }
                        for patient, verdict, unknowns in entries
                    ],
                )
        yield engine
    finally:
        engine.dispose()


def entries_as_0004_stored_them(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT run_id, patient_id, verdict, unknowns_json, data_date "
                "FROM prescreen_entries ORDER BY run_id, patient_id"
            )
        )
        return [tuple(row) for row in rows]


def test_upgrading_keeps_every_entry_and_its_criteria_with_each_set_stored_once_per_run(
    engine: Engine,
) -> None:
    before = entries_as_0004_stored_them(engine)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0005")
    with engine.connect() as connection:
        sets = connection.execute(
            text("SELECT run_id, count(*) FROM prescreen_unknown_sets GROUP BY run_id")
        ).all()
        shared = connection.execute(
            text(
                "SELECT count(DISTINCT set_id) FROM prescreen_entries "
                "WHERE run_id = 1 AND patient_id IN ('p2', 'p3')"
            )
        ).scalar_one()
    assert sorted(tuple(row) for row in sets) == [(1, 2), (2, 2)]
    assert shared == 1  # p2 and p3 had the same JSON in run 1: one set
    # The store (at the head revision: it reads columns later revisions add) reads the latest
    # run (2) as it was saved.
    upgrade_schema(engine)
    worklist = WorklistStore(engine, clock=lambda: SAVED).worklist(NCT)
    assert worklist is not None
    assert [
        (row.patient_id, row.verdict, row.unknowns, row.data_date) for row in worklist.entries
    ] == [
        ("p2", Verdict.POSSIBLY_ELIGIBLE, (BY_HAND,), date(2026, 11, 2)),
        ("p3", Verdict.POSSIBLY_ELIGIBLE, (ECOG, BY_HAND), date(2026, 11, 2)),
    ]
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0004")
    assert database_revision(engine) == "0004"
    assert entries_as_0004_stored_them(engine) == before
