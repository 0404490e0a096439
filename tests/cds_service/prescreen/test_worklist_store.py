"""`WorklistStore`, the worklists the staff pages read: runs, the index of trials, one trial's
worklist filtered by verdict or by an undecided criterion, retention. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, func, select

from cds_service.prescreen.patient_job import TrialEntry, Unknown
from cds_service.prescreen.stored_entries import stored
from cds_service.prescreen.summary import RunSummary, TrialCount
from cds_service.prescreen.worklists import (
    PrescreenEntry,
    PrescreenUnknownSet,
    WorklistStore,
)
from eligibility.results import Verdict

SAVED = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
ECOG = Unknown("ecog", "ECOG 0–1", "Record an ECOG performance status")
QTC = Unknown("qtc", "QTc ≤ 450 ms (male)", "Record a QTc interval")
BY_HAND = Unknown("free-1", "Adequate organ function", None, manual_review=True)


def summary(as_of: date, trials: list[TrialCount]) -> RunSummary:
    return RunSummary(
        as_of=as_of,
        started_at=SAVED,
        engine="local",
        workers=2,
        catalog_trials=3,
        catalog_fingerprint="f" * 64,
        resources_read=100,
        patients_read=4,
        patients_screened=4,
        patients_reused=0,
        partitions=1,
        max_patients_in_memory=2000,
        peak_patients_in_memory=4,
        seconds=1.5,
        patients_per_second=2.7,
        trials=trials,
    )


def entry(
    patient: str, verdict: Verdict, *unknowns: Unknown, nct: str = "NCT00000001"
) -> TrialEntry:
    return TrialEntry(nct, patient, verdict, tuple(unknowns), date(2026, 11, 10))


def save_first_run(store: WorklistStore) -> int:
    trials = [
        TrialCount(nct_id="NCT00000001", title="A trial", eligible=1, possibly_eligible=2),
        TrialCount(nct_id="NCT00000002", title="Nobody qualifies", eligible=0),
    ]
    return store.save_run(
        summary(date(2026, 11, 25), trials),
        [
            entry("p3", Verdict.POSSIBLY_ELIGIBLE, ECOG, QTC),
            entry("p1", Verdict.ELIGIBLE),
            entry("p2", Verdict.POSSIBLY_ELIGIBLE, QTC, BY_HAND),
        ],
    )


def test_an_empty_store_has_no_run_and_no_worklist(engine: Engine) -> None:
    store = WorklistStore(engine, clock=lambda: SAVED)
    assert store.latest_run() is None
    assert store.runs() == []
    assert store.trials_with_worklists() == []
    assert store.worklist("NCT00000001") is None


def test_a_saved_run_lists_its_trials_with_counts_by_verdict(engine: Engine) -> None:
    store = WorklistStore(engine, clock=lambda: SAVED)
    run_id = save_first_run(store)
    latest = store.latest_run()
    assert latest is not None
    assert (latest.id, latest.saved_at, latest.as_of) == (run_id, SAVED, date(2026, 11, 25))
    assert latest.summary.workers == 2
    index = store.trials_with_worklists()
    assert [(w.nct_id, w.title, w.eligible, w.possibly_eligible, w.total) for w in index] == [
        ("NCT00000001", "A trial", 1, 2, 3),
        ("NCT00000002", "Nobody qualifies", 0, 0, 0),
    ]
    assert index[0].run_as_of == date(2026, 11, 25)


def test_a_run_saved_before_its_time_zone_was_recorded_reads_back_without_one(
    engine: Engine,
) -> None:
    """Stored summaries are parsed back into `RunSummary`: one saved before `time_zone` was a
    field (GEN-LOCAL-DAY) still reads, with no zone rather than a guessed one."""
    older = summary(date(2026, 11, 25), []).model_dump(mode="json")
    del older["time_zone"]
    assert RunSummary.model_validate_json(json.dumps(older)).time_zone is None
    store = WorklistStore(engine, clock=lambda: SAVED)
    store.save_run(summary(date(2026, 11, 25), []).model_copy(update={"time_zone": "UTC"}), [])
    latest = store.latest_run()
    assert latest is not None
    assert latest.time_zone == "UTC"


def test_a_worklist_is_eligible_first_then_fewest_unknowns(engine: Engine) -> None:
    store = WorklistStore(engine, clock=lambda: SAVED)
    save_first_run(store)
    worklist = store.worklist("NCT00000001")
    assert worklist is not None
    assert worklist.title == "A trial"
    assert [row.patient_id for row in worklist.entries] == ["p1", "p2", "p3"]
    p3 = worklist.entries[2]
    assert p3.unknowns == (ECOG, QTC)
    assert p3.unknowns[0].to_record == "Record an ECOG performance status"
    assert p3.data_date == date(2026, 11, 10)
    assert store.worklist("NCT00000002") is not None
    assert store.worklist("NCT00000003") is None


def test_a_worklist_filters_by_verdict_and_by_undecided_criterion(engine: Engine) -> None:
    store = WorklistStore(engine, clock=lambda: SAVED)
    save_first_run(store)
    eligible = store.worklist("NCT00000001", verdict=Verdict.ELIGIBLE)
    assert eligible is not None
    assert [row.patient_id for row in eligible.entries] == ["p1"]
    qtc = store.worklist("NCT00000001", unknown="qtc")
    assert qtc is not None
    assert [row.patient_id for row in qtc.entries] == ["p2", "p3"]
    both = store.worklist("NCT00000001", verdict=Verdict.POSSIBLY_ELIGIBLE, unknown="ecog")
    assert both is not None
    assert [row.patient_id for row in both.entries] == ["p3"]


def test_a_worklist_lists_its_undecided_criteria_most_patients_first(engine: Engine) -> None:
    store = WorklistStore(engine, clock=lambda: SAVED)
    save_first_run(store)
    worklist = store.worklist("NCT00000001")
    assert worklist is not None
    assert [(u.criterion_id, u.patients, u.to_record) for u in worklist.undecided] == [
        ("qtc", 2, "Record a QTc interval"),
        ("free-1", 1, None),
        ("ecog", 1, "Record an ECOG performance status"),
    ]
    assert worklist.undecided[1].manual_review


def test_the_latest_run_replaces_the_worklists_and_old_worklists_are_deleted(
    engine: Engine,
) -> None:
    times = iter(SAVED + timedelta(days=day) for day in range(10))
    store = WorklistStore(engine, clock=lambda: next(times), keep_runs=2)
    first = save_first_run(store)
    second = save_first_run(store)
    last = store.save_run(
        summary(
            date(2026, 11, 27), [TrialCount(nct_id="NCT00000001", title="A trial", eligible=1)]
        ),
        [entry("p9", Verdict.ELIGIBLE)],
    )
    # Every run's summary stays; the newest first.
    assert [run.id for run in store.runs()] == [last, second, first]
    assert store.runs()[0].as_of == date(2026, 11, 27)
    worklist = store.worklist("NCT00000001")
    assert worklist is not None
    assert worklist.run.id == last
    assert [row.patient_id for row in worklist.entries] == ["p9"]
    assert store.worklist("NCT00000002") is None  # not a worklist of the latest run
    with engine.connect() as connection:
        kept = connection.execute(
            select(PrescreenEntry.run_id, func.count()).group_by(PrescreenEntry.run_id)
        ).all()
    assert sorted(kept) == [(second, 3), (last, 1)]  # the first run's worklists are gone
    with engine.connect() as connection:
        sets = connection.execute(
            select(PrescreenUnknownSet.run_id, func.count()).group_by(PrescreenUnknownSet.run_id)
        ).all()
    assert sorted(sets) == [(second, 3), (last, 1)]  # and so are its sets


def test_each_set_of_undecided_criteria_is_stored_once_per_run(engine: Engine) -> None:
    store = WorklistStore(engine, clock=lambda: SAVED)
    trials = [
        TrialCount(nct_id="NCT00000001", title="A trial", eligible=1, possibly_eligible=2),
        TrialCount(nct_id="NCT00000002", title="Another", possibly_eligible=2),
    ]
    run_id = store.save_run(
        summary(date(2026, 11, 25), trials),
        [
            entry("p1", Verdict.ELIGIBLE),
            entry("p2", Verdict.POSSIBLY_ELIGIBLE, QTC, BY_HAND),
            entry("p3", Verdict.POSSIBLY_ELIGIBLE, QTC, BY_HAND),
            entry("p2", Verdict.POSSIBLY_ELIGIBLE, QTC, BY_HAND, nct="NCT00000002"),
            entry("p3", Verdict.POSSIBLY_ELIGIBLE, BY_HAND, QTC, nct="NCT00000002"),
        ],
    )
    with engine.connect() as connection:
        sets = connection.execute(
            select(PrescreenUnknownSet.set_id, PrescreenUnknownSet.unknowns_json)
            .where(PrescreenUnknownSet.run_id == run_id)
            .order_by(PrescreenUnknownSet.set_id)
        ).all()
        refers = connection.execute(
            select(PrescreenEntry.nct_id, PrescreenEntry.patient_id, PrescreenEntry.set_id)
            .where(PrescreenEntry.run_id == run_id)
            .order_by(PrescreenEntry.nct_id, PrescreenEntry.patient_id)
        ).all()
    # The checklist's order is kept: the same criteria in another order are another set.
    assert [set_id for set_id, _ in sets] == [1, 2, 3]
    assert sets[0][1] == "[]"
    assert {row.set_id for row in refers if row.patient_id != "p1"} == {2, 3}
    assert refers[1].set_id == refers[2].set_id == refers[3].set_id == 2
    other = store.worklist("NCT00000002")
    assert other is not None
    assert [row.unknowns for row in other.entries] == [(QTC, BY_HAND), (BY_HAND, QTC)]


def test_stored_entries_save_and_read_back_like_the_entries_they_store(engine: Engine) -> None:
    store = WorklistStore(engine, clock=lambda: SAVED)
    entries = [
        entry("p3", Verdict.POSSIBLY_ELIGIBLE, ECOG, QTC),
        entry("p1", Verdict.ELIGIBLE),
        entry("p2", Verdict.POSSIBLY_ELIGIBLE, QTC, BY_HAND),
    ]
    trials = [TrialCount(nct_id="NCT00000001", title="A trial", eligible=1, possibly_eligible=2)]
    store.save_run(summary(date(2026, 11, 25), trials), entries)
    as_objects = store.worklist("NCT00000001")
    store.save_run(summary(date(2026, 11, 25), trials), [stored(e) for e in entries])
    as_stored = store.worklist("NCT00000001")
    assert as_objects is not None
    assert as_stored is not None
    assert as_stored.entries == as_objects.entries
    assert {row.unknowns for row in as_stored.entries} == {(), (ECOG, QTC), (QTC, BY_HAND)}


def trial_run(as_of: date, trials: list[TrialCount]) -> RunSummary:
    """A --trial run's summary: it matched its listed trials only."""
    return summary(as_of, trials).model_copy(update={"whole_catalog": False})


def test_a_trial_run_replaces_its_trials_worklists_and_leaves_the_others(
    engine: Engine,
) -> None:
    """A coordinator re-runs one trial at noon: the other trials' worklists of the night's whole
    run stay on the pages (before, the index held the one trial until the next night)."""
    times = iter(SAVED + timedelta(hours=hour) for hour in range(0, 48, 6))
    store = WorklistStore(engine, clock=lambda: next(times))
    night = store.save_run(
        summary(
            date(2026, 11, 25),
            [
                TrialCount(nct_id="NCT00000001", title="A trial", eligible=1),
                TrialCount(nct_id="NCT00000002", title="Another", possibly_eligible=1),
            ],
        ),
        [entry("p1", Verdict.ELIGIBLE), entry("p2", Verdict.POSSIBLY_ELIGIBLE, nct="NCT00000002")],
    )
    noon = store.save_run(
        trial_run(date(2026, 11, 25), [TrialCount(nct_id="NCT00000001", title="A trial")]), []
    )
    index = store.trials_with_worklists()
    assert [(w.nct_id, w.run_id, w.total) for w in index] == [
        ("NCT00000001", noon, 0),  # nobody qualifies any more: its own run says so
        ("NCT00000002", night, 1),
    ]
    assert index[1].run_saved_at == SAVED
    one, other = store.worklist("NCT00000001"), store.worklist("NCT00000002")
    assert one is not None
    assert (one.run.id, one.entries) == (noon, ())
    assert other is not None
    assert (other.run.id, [row.patient_id for row in other.entries]) == (night, ["p2"])

    # The next whole run matched every trial: one it made no worklist for has none.
    store.save_run(
        summary(
            date(2026, 11, 26), [TrialCount(nct_id="NCT00000001", title="A trial", eligible=1)]
        ),
        [entry("p1", Verdict.ELIGIBLE)],
    )
    assert [w.nct_id for w in store.trials_with_worklists()] == ["NCT00000001"]
    assert store.worklist("NCT00000002") is None


def test_a_whole_run_still_read_keeps_its_worklists_past_the_runs_kept(engine: Engine) -> None:
    times = iter(SAVED + timedelta(hours=hour) for hour in range(0, 48, 6))
    store = WorklistStore(engine, clock=lambda: next(times), keep_runs=2)
    night = save_first_run(store)  # whole: NCT00000001 (3 patients), NCT00000002 (none)
    trial_runs = [
        store.save_run(
            trial_run(
                date(2026, 11, 25), [TrialCount(nct_id="NCT00000001", title="A trial", eligible=1)]
            ),
            [entry(f"p{run}", Verdict.ELIGIBLE)],
        )
        for run in range(3)
    ]
    with engine.connect() as connection:
        kept = dict(
            connection.execute(
                select(PrescreenEntry.run_id, func.count()).group_by(PrescreenEntry.run_id)
            ).all()
        )
    # The night's run is still NCT00000002's worklist; the first trial run is no one's.
    assert kept == {night: 3, trial_runs[1]: 1, trial_runs[2]: 1}
    nobody = store.worklist("NCT00000002")
    assert nobody is not None
    assert nobody.run.id == night
    latest = store.worklist("NCT00000001")
    assert latest is not None
    assert (latest.run.id, [row.patient_id for row in latest.entries]) == (trial_runs[2], ["p2"])
