"""From a worker's result file to the outputs: the merge into the state and its shards by
trial, the sets of undecided criteria stored once per shard, the CSV lines made by SQLite (equal
to `csv.writer`'s), and the database worklists copied from the shards (SQLite and PostgreSQL)
equal to those saved entry by entry."""

from __future__ import annotations

import csv
import io
import random
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text

from cds_service.prescreen import unknown_sets
from cds_service.prescreen.errors import ResultFileError
from cds_service.prescreen.export_reader import SkipReason
from cds_service.prescreen.partition_results import ResultFile
from cds_service.prescreen.patient_job import PatientResult, TrialEntry, Unknown
from cds_service.prescreen.reuse import RunState
from cds_service.prescreen.state_shards import (
    ShardTask,
    settle_shard,
    shard_count,
    shard_of,
    shard_path,
)
from cds_service.prescreen.summary import TrialCount
from cds_service.prescreen.unknown_sets import SetTable, csv_row
from cds_service.prescreen.worklists import (
    CSV_COLUMNS,
    EntryCopy,
    WorklistStore,
    csv_rows,
    write_csv,
)
from eligibility.results import Verdict
from tests.cds_service.prescreen.test_worklist_store import SAVED, summary

NCT = "NCT00000001"
OTHER = "NCT00000002"  # in another shard than NCT's (of 4 and of 12)
AS_OF = date(2026, 11, 25)
ECOG = Unknown("ecog", "ECOG 0–1", "Record an ECOG performance status")
QTC = Unknown("qtc", 'QTc ≤ 450 ms, "male"', "Record a QTc interval")
BY_HAND = Unknown("free-1", "Adequate organ function", None, manual_review=True)
FORMULA = Unknown("f", "=cmd()", "+record")
NO_HINT = Unknown("n", "Line one\nline two", None)


def entry(
    patient: str, verdict: Verdict, *unknowns: Unknown, nct: str = NCT, day: date | None = None
) -> TrialEntry:
    return TrialEntry(nct, patient, verdict, tuple(unknowns), day)


def patient(ident: str, *entries: TrialEntry) -> PatientResult:
    return PatientResult(ident, f"hash-{ident}", entries=entries)


def result_file(
    path: Path, patients: Sequence[PatientResult], shards: int = shard_count(1)
) -> Path:
    """A partition's result file for a state of `shards` shards (the fixture's, one worker)."""
    out = ResultFile.create(path, shards)
    for result in patients:
        out.add(result)
    out.close()
    return path


@pytest.fixture
def state(tmp_path: Path) -> Iterator[RunState]:
    opened = reopened(tmp_path)
    yield opened
    opened.close()


# Patient ids a spreadsheet or a CSV reader could trip on: formulas, commas, quotes, breaks.
TRICKY = [
    patient("p3", entry("p3", Verdict.POSSIBLY_ELIGIBLE, ECOG, QTC, day=date(2026, 11, 1))),
    patient("-p1", entry("-p1", Verdict.ELIGIBLE)),
    patient("p2", entry("p2", Verdict.POSSIBLY_ELIGIBLE, QTC, BY_HAND)),
    patient("p,4", entry("p,4", Verdict.POSSIBLY_ELIGIBLE, ECOG, QTC)),
    patient('p"5', entry('p"5', Verdict.POSSIBLY_ELIGIBLE, FORMULA, NO_HINT)),
    patient("=p6", entry("=p6", Verdict.ELIGIBLE, BY_HAND, nct=OTHER)),
    patient("@p7,", entry("@p7,", Verdict.POSSIBLY_ELIGIBLE, ECOG)),
    patient("\rp8", entry("\rp8", Verdict.POSSIBLY_ELIGIBLE, NO_HINT)),
    patient("p\n9", entry("p\n9", Verdict.ELIGIBLE, ECOG, day=date(2025, 1, 31))),
    patient("p\\1\t0", entry("p\\1\t0", Verdict.POSSIBLY_ELIGIBLE, QTC)),  # COPY's escapes
]

# The trials TRICKY's entries are on, with their counts by verdict.
TRICKY_TRIALS = [
    TrialCount(nct_id=NCT, title="A trial", eligible=2, possibly_eligible=7),
    TrialCount(nct_id=OTHER, title="Another", eligible=1),
]


def ordered(entries: Sequence[TrialEntry]) -> list[TrialEntry]:
    return sorted(entries, key=lambda e: (e.verdict is not Verdict.ELIGIBLE, e.patient_id))


def shard_file(state: RunState, nct_id: str) -> Path:
    return shard_path(state.path.parent, shard_of(nct_id, state.shards))


def test_a_merged_result_file_is_read_back_as_the_entries_written(
    state: RunState, tmp_path: Path
) -> None:
    state.merge(result_file(tmp_path / "part.sqlite3", TRICKY))
    written = [e for result in TRICKY for e in result.entries]
    assert list(state.entries(NCT)) == ordered([e for e in written if e.nct_id == NCT])
    assert list(state.entries(OTHER)) == [e for e in written if e.nct_id == OTHER]
    assert state.counts() == {NCT: (2, 7), OTHER: (1, 0)}
    # Each trial's entries are in its shard alone.
    assert shard_file(state, NCT) != shard_file(state, OTHER)
    assert table_rows(shard_file(state, NCT), "entry") == 9
    assert table_rows(shard_file(state, OTHER), "entry") == 1


def test_the_main_process_merges_patients_and_the_shards_entries(
    state: RunState, tmp_path: Path
) -> None:
    results = result_file(tmp_path / "part.sqlite3", TRICKY)
    state.merge(results)
    # Before settling, the entries are in the result file only, a table per shard.
    assert not shard_file(state, NCT).exists()
    assert table_rows(results, f"entry_{shard_of(NCT, state.shards):03d}") == 9
    state.settle()
    assert [table_rows(path, "staged_entry") for path in state.shard_paths] == [0] * 4
    assert sum(table_rows(path, "entry") for path in state.shard_paths) == 10
    with pytest.raises(RuntimeError, match="settled"):
        state.merge(results)


def test_a_shard_task_run_again_makes_the_same_shard(state: RunState, tmp_path: Path) -> None:
    """A task whose worker was lost is run again: it starts from the shard as it was."""
    results = result_file(tmp_path / "part.sqlite3", TRICKY)
    state.merge(results)
    state.settle()
    path = shard_file(state, NCT)
    before = path.read_bytes()
    task = ShardTask(path, shard_of(NCT, state.shards), (results,), True, None, None)
    settle_shard(task)
    assert list(state.entries(NCT)) == ordered(
        [e for r in TRICKY for e in r.entries if e.nct_id == NCT]
    )
    assert path.read_bytes() == before
    assert not path.with_name(path.name + ".work").exists()


def test_a_set_of_undecided_criteria_is_stored_once_across_partitions(
    state: RunState, tmp_path: Path
) -> None:
    first = [
        patient(f"a{i}", entry(f"a{i}", Verdict.POSSIBLY_ELIGIBLE, ECOG, QTC)) for i in range(3)
    ]
    second = [
        patient("b1", entry("b1", Verdict.POSSIBLY_ELIGIBLE, ECOG, QTC)),
        patient("b2", entry("b2", Verdict.POSSIBLY_ELIGIBLE, QTC, ECOG)),  # another order
        patient("b3", entry("b3", Verdict.ELIGIBLE)),
    ]
    one = result_file(tmp_path / "one.sqlite3", first)
    with sqlite3.connect(one) as written:
        assert written.execute("SELECT count(*) FROM unknown_set").fetchone() == (1,)
    state.merge(one)
    state.merge(result_file(tmp_path / "two.sqlite3", second))
    state.settle()
    assert table_rows(shard_file(state, NCT), "unknown_set") == 3  # (ECOG, QTC), (QTC, ECOG), ()
    assert [e.unknowns for e in state.entries(NCT)][-1] == (QTC, ECOG)


def test_the_set_table_gives_one_key_per_set_and_stays_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = SetTable()
    assert table.key((ECOG, QTC)) == table.key((ECOG, QTC)) != table.key((QTC,))
    assert [key for key, _, _ in table.take_new()] == [1, 2]
    assert table.take_new() == []
    monkeypatch.setattr(unknown_sets, "MAX_SETS", 2)
    third = table.key(())
    again = table.key((ECOG, QTC))  # forgotten when the table was full: a new key
    assert (third, again) == (3, 4)
    assert [key for key, _, _ in table.take_new()] == [3, 4]
    # Sets are told apart by value: an equal set of other objects is the same set.
    equal = (ECOG._replace(), QTC)
    assert equal[0] is not ECOG
    assert table.key(equal) == 4
    assert table.take_new() == []


def test_a_csv_row_is_what_the_csv_writer_writes() -> None:
    rows: list[tuple[str, ...]] = [
        ('QTc ≤ 450 ms, "male"', "Record a QTc", ""),
        ("plain", "Line one\nline two", "a,b"),
        ("'=cmd()", "", "x"),
        ("short",),
        ("",),
        ("", "", ""),
        (" lead and trail ", "tab\there", "cr\ronly"),
    ]
    # And cells drawn from the characters a writer may treat specially, seeded.
    alphabet = ['"', ",", "\r", "\n", " ", "\t", ";", "'", "\\", "a", "é", "=", "\x00"]
    draw = random.Random(19)
    for _ in range(500):
        width = draw.randint(1, 4)
        rows.append(
            tuple("".join(draw.choices(alphabet, k=draw.randint(0, 6))) for _ in range(width))
        )
    for cells in rows:
        expected = io.StringIO()
        csv.writer(expected).writerow(cells)
        assert csv_row(cells) == expected.getvalue().removesuffix("\r\n"), cells


def test_a_re_merged_patient_replaces_their_entries_and_a_reused_one_keeps_them(
    state: RunState, tmp_path: Path
) -> None:
    state.merge(result_file(tmp_path / "one.sqlite3", TRICKY[:3]))
    state.settle()
    state.close()
    again = reopened(tmp_path)
    try:
        assert not again.fresh
        again.merge(
            result_file(
                tmp_path / "two.sqlite3",
                [
                    PatientResult("p3", "hash-p3", reused=True),
                    patient("-p1", entry("-p1", Verdict.POSSIBLY_ELIGIBLE, BY_HAND)),
                    PatientResult("p2", "new", skipped=SkipReason.NO_PATIENT_RESOURCE),
                ],
            )
        )
        assert again.forgotten() == 0
        assert [(e.patient_id, e.verdict, e.unknowns) for e in again.entries(NCT)] == [
            ("-p1", Verdict.POSSIBLY_ELIGIBLE, (BY_HAND,)),
            ("p3", Verdict.POSSIBLY_ELIGIBLE, (ECOG, QTC)),
        ]
        assert again.skipped_patients() == {SkipReason.NO_PATIENT_RESOURCE: 1}
        with closing(sqlite3.connect(shard_file(again, NCT))) as stored:
            left = stored.execute("SELECT json FROM unknown_set ORDER BY json").fetchall()
        # The sets of replaced entries (none, (QTC, BY_HAND)) are gone with them.
        assert [row[0] for row in left] == [
            '[["ecog","ECOG 0–1","Record an ECOG performance status",false],'
            '["qtc","QTc ≤ 450 ms, \\"male\\"","Record a QTc interval",false]]',
            '[["free-1","Adequate organ function",null,true]]',
        ]
    finally:
        again.close()


def test_the_csv_made_from_the_state_is_what_csv_writer_writes(
    state: RunState, tmp_path: Path
) -> None:
    state.merge(result_file(tmp_path / "part.sqlite3", TRICKY))
    out = tmp_path / "out"
    out.mkdir()
    state.settle(out_dir=out)  # the shards' tasks write their trials' files
    assert sorted(state.written) == [f"worklist-{NCT}.csv", f"worklist-{OTHER}.csv"]
    for nct_id in (NCT, OTHER):
        expected = io.StringIO(newline="")
        writer = csv.writer(expected)
        writer.writerow(CSV_COLUMNS)
        trial = [e for result in TRICKY for e in result.entries if e.nct_id == nct_id]
        writer.writerows(csv_rows(ordered(trial)))
        path = write_csv(tmp_path, nct_id, state.csv_lines(nct_id))
        assert path.read_bytes().decode() == expected.getvalue()
        assert (out / path.name).read_bytes() == path.read_bytes()
    assert "'-p1,eligible" in (tmp_path / f"worklist-{NCT}.csv").read_text()


@pytest.mark.parametrize("workers", [1, 3])  # 4 shards; 12, more than SQLite attaches at once
def test_worklists_saved_from_the_state_are_those_saved_entry_by_entry(
    engine: Engine, tmp_path: Path, workers: int
) -> None:
    state = reopened(tmp_path, workers=workers)
    assert state.shards == shard_count(workers)
    state.merge(result_file(tmp_path / "part.sqlite3", TRICKY, state.shards))
    state.settle()  # as the run does before anything reads the shards
    store = WorklistStore(engine, clock=lambda: SAVED)
    # The state holds the run's trials and no other (its workers made no other's entries).
    trials = TRICKY_TRIALS
    by_entry = store.save_run(summary(AS_OF, trials), [e for r in TRICKY for e in r.entries])
    as_saved = {nct_id: store.worklist(nct_id) for nct_id in (NCT, OTHER)}
    from_state = store.save_state(summary(AS_OF, trials), state.shard_paths)
    state.close()
    copied = {nct_id: store.worklist(nct_id) for nct_id in (NCT, OTHER)}
    for nct_id, size in ((NCT, 9), (OTHER, 1)):
        saved, made = as_saved[nct_id], copied[nct_id]
        assert saved is not None
        assert made is not None
        assert (saved.run.id, made.run.id) == (by_entry, from_state)
        assert made.entries == saved.entries
        assert len(made.entries) == size
        assert [u.criterion_id for u in made.undecided] == [u.criterion_id for u in saved.undecided]


def test_a_result_file_that_cannot_be_written_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(ResultFileError, match="cannot write its results"):
        ResultFile.create(tmp_path / "not-a-folder" / "part.sqlite3", 4)
    out = ResultFile.create(tmp_path / "part.sqlite3", 4)
    out.close()
    with pytest.raises(ResultFileError, match="cannot write its results"):
        out.add(TRICKY[0])  # closed: as if the storage went away mid-task


def test_a_missing_result_file_is_a_typed_error_and_leaves_the_state_as_it_was(
    state: RunState, tmp_path: Path
) -> None:
    state.merge(result_file(tmp_path / "one.sqlite3", TRICKY[:2]))
    with pytest.raises(ResultFileError, match="not in"):
        state.merge(tmp_path / "gone.sqlite3")
    assert not (tmp_path / "gone.sqlite3").exists()
    assert [e.patient_id for e in state.entries(NCT)] == ["-p1", "p3"]


def table_rows(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as stored:
        return int(stored.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def indexes(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as stored:
        rows = stored.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    return {name for (name,) in rows}


def reopened(tmp_path: Path, fingerprint: str = "f" * 64, workers: int = 1) -> RunState:
    """The state of `tmp_path` opened for a run (of every trial, on `workers` workers)."""
    return RunState(
        tmp_path,
        catalog_fingerprint=fingerprint,
        screening_code="c" * 64,
        as_of=AS_OF,
        time_zone="UTC",
        trials=None,
        workers=workers,
    )


def test_a_fresh_state_sorts_its_entries_once_and_a_re_run_keeps_an_index_by_patient(
    state: RunState, tmp_path: Path
) -> None:
    assert state.fresh
    state.merge(result_file(tmp_path / "one.sqlite3", TRICKY[:5]))
    state.merge(result_file(tmp_path / "two.sqlite3", TRICKY[5:]))
    state.settle()
    path = shard_file(state, NCT)
    assert (table_rows(path, "staged_entry"), table_rows(path, "entry")) == (0, 9)
    written = [e for result in TRICKY for e in result.entries]
    assert list(state.entries(NCT)) == ordered([e for e in written if e.nct_id == NCT])
    # A fresh state's entries are sorted once, without an index to keep up meanwhile.
    assert "entry_patient" not in indexes(path)
    state.close()
    again = reopened(tmp_path)
    assert not again.fresh
    reused = [PatientResult(r.patient_id, r.content_hash, reused=True) for r in TRICKY]
    again.merge(result_file(tmp_path / "three.sqlite3", reused))
    again.settle()
    again.close()
    # A re-run replaces patients' entries, found by patient.
    assert "entry_patient" in indexes(path)
    assert table_rows(path, "entry") == 9
    # A run under another key starts afresh: its shards are made anew.
    fresh = reopened(tmp_path, "e" * 64)
    assert fresh.fresh
    assert not path.exists()
    fresh.close()


def test_a_re_run_over_stored_entries_merges_into_them(state: RunState, tmp_path: Path) -> None:
    state.merge(result_file(tmp_path / "one.sqlite3", TRICKY[:3]))
    state.settle()
    state.close()
    again = reopened(tmp_path)
    try:
        reused = [PatientResult(r.patient_id, r.content_hash, reused=True) for r in TRICKY[:3]]
        again.merge(result_file(tmp_path / "two.sqlite3", [*reused, TRICKY[3]]))
        assert [e.patient_id for e in again.entries(NCT)] == ["-p1", "p,4", "p2", "p3"]
        path = shard_file(again, NCT)
        assert (table_rows(path, "staged_entry"), table_rows(path, "entry")) == (0, 4)
    finally:
        again.close()


def test_patients_the_export_no_longer_holds_are_forgotten_with_their_entries(
    state: RunState, tmp_path: Path
) -> None:
    state.merge(result_file(tmp_path / "one.sqlite3", TRICKY[:3]))
    state.settle()
    state.close()
    again = reopened(tmp_path)
    try:
        again.merge(
            result_file(tmp_path / "two.sqlite3", [PatientResult("p3", "hash-p3", reused=True)])
        )
        assert again.forgotten() == 2
        assert [e.patient_id for e in again.entries(NCT)] == ["p3"]
        # Only the set p3's entry has is left.
        assert table_rows(shard_file(again, NCT), "unknown_set") == 1
    finally:
        again.close()
    assert reopened(tmp_path).previous_hashes(tmp_path / "hashes.sqlite3").exists()
    with closing(sqlite3.connect(tmp_path / "hashes.sqlite3")) as hashes:
        assert hashes.execute("SELECT patient_id FROM hashes").fetchall() == [("p3",)]


def test_a_run_that_stopped_before_settling_is_not_reused(state: RunState, tmp_path: Path) -> None:
    """Its patients' hashes were merged, their entries maybe not: reusing them could drop a
    patient from every worklist. The next run screens everyone."""
    state.merge(result_file(tmp_path / "one.sqlite3", TRICKY[:3]))
    state.close()  # no settle: the run stopped here
    again = reopened(tmp_path)
    try:
        assert again.fresh
        again.previous_hashes(tmp_path / "hashes.sqlite3")
        with closing(sqlite3.connect(tmp_path / "hashes.sqlite3")) as hashes:
            assert hashes.execute("SELECT count(*) FROM hashes").fetchone() == (0,)
    finally:
        again.close()


def test_a_state_missing_a_shard_is_not_reused(state: RunState, tmp_path: Path) -> None:
    """Its patients would be reused without their entries of that shard's trials."""
    state.merge(result_file(tmp_path / "one.sqlite3", TRICKY))
    state.settle()
    state.close()
    shard_path(tmp_path, 3).unlink()
    again = reopened(tmp_path)
    try:
        assert again.fresh
        assert not shard_path(tmp_path, 0).exists()
    finally:
        again.close()


def test_a_fresh_state_keeps_exactly_the_sets_its_entries_refer_to(
    state: RunState, tmp_path: Path
) -> None:
    """A fresh state's shards skip the end's scan for sets no entry refers to: they are made
    anew, so none holds a set of before, and a set is taken only with an entry of the shard."""
    state.close()
    stray = shard_path(tmp_path, 0)
    with closing(sqlite3.connect(stray)) as stored, stored:
        stored.execute("CREATE TABLE unknown_set (set_id INTEGER PRIMARY KEY, json, cells)")
        stored.execute("INSERT INTO unknown_set (json, cells) VALUES ('[\"left\"]', 'left')")
    again = reopened(tmp_path)
    try:
        assert again.fresh
        assert not stray.exists()
        again.merge(result_file(tmp_path / "one.sqlite3", TRICKY))
        assert again.forgotten() == 0
        referenced = 0
        for path in again.shard_paths:
            with closing(sqlite3.connect(path)) as stored:
                unreferenced = stored.execute(
                    "SELECT count(*) FROM unknown_set "
                    "WHERE set_id NOT IN (SELECT set_id FROM entry)"
                ).fetchone()[0]
            assert unreferenced == 0
            referenced += table_rows(path, "unknown_set")
        assert referenced == len({(e.nct_id, e.unknowns) for r in TRICKY for e in r.entries})
    finally:
        again.close()


def test_a_worker_that_does_not_see_the_state_says_so(tmp_path: Path) -> None:
    """A cluster worker without the output folder mounted would make a shard of its own."""
    results = result_file(tmp_path / "part.sqlite3", TRICKY)
    unseen = shard_path(tmp_path / "not-mounted", 0)
    task = ShardTask(unseen, 0, (results,), True, None, None)
    with pytest.raises(ResultFileError, match="cannot read the run's state"):
        settle_shard(task)
    assert not unseen.parent.exists()


def test_on_postgresql_the_shards_copy_their_entries_unseen_until_the_run_is_saved(
    engine: Engine, state: RunState, tmp_path: Path
) -> None:
    """The shards' tasks copy a run's entries in parallel, each in its own transaction, under a
    reserved run id; no reader sees them before the run is saved with that id. SQLite has one
    writer: its store copies everything when it saves."""
    store = WorklistStore(engine, clock=lambda: SAVED, keep_runs=1)
    trials = TRICKY_TRIALS
    # The latest run until this one is saved, and then too old to keep worklists of.
    first = store.save_run(summary(AS_OF, trials), TRICKY[0].entries)
    copied = store.reserve_copy(state.shards)
    state.merge(result_file(tmp_path / "part.sqlite3", TRICKY))
    if engine.dialect.name == "sqlite":
        assert copied is None
        state.settle()
        with pytest.raises(ValueError, match="copies a run's entries itself"):
            store.save_state(summary(AS_OF, trials), state.shard_paths, copied=EntryCopy("x", 1, 4))
        return
    assert copied is not None
    state.settle(copy=copied)
    # A shard's task run again replaces what it copied.
    shard = shard_of(NCT, state.shards)
    settle_shard(ShardTask(shard_file(state, NCT), shard, (), False, None, None, copied))
    latest, before = store.latest_run(), store.worklist(NCT)
    assert latest is not None
    assert before is not None
    assert (latest.id, [row.patient_id for row in before.entries]) == (first, ["p3"])
    saved = store.save_state(summary(AS_OF, trials), state.shard_paths, copied=copied)
    assert saved == copied.run_id
    with engine.connect() as connection:
        assert count_entries(connection, first) == 0
    made = store.worklist(NCT)
    assert made is not None
    assert sorted((r.patient_id, r.verdict, r.unknowns) for r in made.entries) == sorted(
        (e.patient_id, e.verdict, e.unknowns) for r in TRICKY for e in r.entries if e.nct_id == NCT
    )


def test_on_postgresql_the_entries_of_a_run_never_saved_are_deleted(
    engine: Engine, state: RunState, tmp_path: Path
) -> None:
    store = WorklistStore(engine, clock=lambda: SAVED)
    copied = store.reserve_copy(state.shards)
    if copied is None:  # SQLite: nothing is copied before the run is saved
        assert engine.dialect.name == "sqlite"
        return
    state.merge(result_file(tmp_path / "part.sqlite3", TRICKY))
    state.settle(copy=copied)
    with engine.connect() as connection:
        assert count_entries(connection, copied.run_id) == 10
    store.abandon_copy(copied)
    with engine.connect() as connection:
        assert count_entries(connection, copied.run_id) == 0


def count_entries(connection: Connection, run_id: int) -> int:
    query = text("SELECT count(*) FROM prescreen_entries WHERE run_id = :run")
    return int(connection.execute(query, {"run": run_id}).scalar_one())


def writer_gets_through(engine: Engine) -> bool:
    """Whether another process's writer (the service storing a hook call's links) finds
    SQLite's one write lock free right now, without waiting for it."""
    database = engine.url.database
    assert database is not None
    with closing(sqlite3.connect(database, timeout=0, isolation_level=None)) as other:
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return False
        other.execute("ROLLBACK")
        return True


def test_on_sqlite_a_run_is_copied_in_short_transactions_unseen_until_saved(
    engine: Engine, state: RunState, tmp_path: Path
) -> None:
    """The copy of a whole run used to hold SQLite's one writer from its first entry to its last
    (~10 s per 20,000 patients, minutes for a large hospital), and a hook call waiting to store
    its cards' links waited as long, then failed. The copy now commits a bounded number of
    entries at a time under the run's reserved id and rests between transactions; readers see
    the previous run until the new one is saved, whole."""
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL: the shards' tasks copy in transactions of their own (above)
    rests: list[tuple[bool, int | None, list[str]]] = []

    def rest() -> None:
        latest, worklist = store.latest_run(), store.worklist(NCT)
        rows = [row.patient_id for row in worklist.entries] if worklist else []
        rests.append((writer_gets_through(engine), latest.id if latest else None, rows))

    store = WorklistStore(engine, clock=lambda: SAVED, keep_runs=1, copy_batch=3, rest=rest)
    trials = TRICKY_TRIALS
    first = store.save_run(summary(AS_OF, trials), TRICKY[0].entries)
    state.merge(result_file(tmp_path / "part.sqlite3", TRICKY))
    state.settle()
    saved = store.save_state(summary(AS_OF, trials), state.shard_paths)
    assert saved > first
    made = store.worklist(NCT)
    assert made is not None
    assert made.run.id == saved
    # 10 entries, 3 a transaction (9 in one trial's shard, 1 in the other's): 4 rests before
    # the run is saved; then the first run's entry is deleted, a transaction too.
    published = (True, saved, [row.patient_id for row in made.entries])
    assert rests == [(True, first, ["p3"])] * 4 + [published]
    assert sorted((r.patient_id, r.verdict, r.unknowns) for r in made.entries) == sorted(
        (e.patient_id, e.verdict, e.unknowns) for r in TRICKY for e in r.entries if e.nct_id == NCT
    )
    with engine.connect() as connection:
        assert count_entries(connection, first) == 0  # kept runs: 1


def test_on_sqlite_a_copy_stopped_midway_leaves_the_previous_run_and_no_row(
    engine: Engine, state: RunState, tmp_path: Path
) -> None:
    if engine.dialect.name != "sqlite":
        return
    rests: list[None] = []

    def rest() -> None:
        rests.append(None)
        if len(rests) == 2:  # Ctrl-C, or SIGTERM, after two transactions of entries
            raise KeyboardInterrupt

    trials = TRICKY_TRIALS[:1]
    store = WorklistStore(engine, clock=lambda: SAVED, copy_batch=3, rest=rest)
    first = store.save_run(summary(AS_OF, trials), TRICKY[0].entries)
    state.merge(result_file(tmp_path / "part.sqlite3", TRICKY))
    state.settle()
    with pytest.raises(KeyboardInterrupt):
        store.save_state(summary(AS_OF, trials), state.shard_paths)
    latest = store.latest_run()
    assert latest is not None
    assert latest.id == first
    with engine.connect() as connection:
        (rows,) = connection.execute(text("SELECT count(*) FROM prescreen_entries")).one()
        (sets,) = connection.execute(text("SELECT count(*) FROM prescreen_unknown_sets")).one()
    assert (rows, sets) == (1, 1)  # the first run's, alone
    # The stopped copy's id is never given again: rows of it left by a crash stay its own.
    again = WorklistStore(engine, clock=lambda: SAVED).save_run(summary(AS_OF, trials), [])
    assert again > first + 1


def test_on_sqlite_rows_a_lost_copy_left_go_with_the_next_save(
    engine: Engine, state: RunState, tmp_path: Path
) -> None:
    # A copy whose machine died mid-way (no clean-up ran): its reserved id has entries and no
    # run. They are never read (readers go through saved runs) and go with a later save.
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL deletes every id below the kept runs in one statement
    trials = TRICKY_TRIALS[:1]
    store = WorklistStore(engine, clock=lambda: SAVED, keep_runs=1, rest=lambda: None)
    first = store.save_run(summary(AS_OF, trials), TRICKY[0].entries)
    with engine.begin() as connection:
        lost = connection.execute(
            text("INSERT INTO prescreen_run_ids DEFAULT VALUES RETURNING id")
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO prescreen_entries (run_id, nct_id, patient_id, verdict, set_id) "
                "VALUES (:run, :nct, 'p-lost', 'eligible', 1)"
            ),
            {"run": lost, "nct": NCT},
        )
    state.merge(result_file(tmp_path / "part.sqlite3", TRICKY))
    state.settle()
    saved = store.save_state(summary(AS_OF, trials), state.shard_paths)
    assert saved > lost > first
    with engine.connect() as connection:
        assert (count_entries(connection, first), count_entries(connection, lost)) == (0, 0)
        assert count_entries(connection, saved) == 10
