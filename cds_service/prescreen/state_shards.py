"""The state's worklist entries, in shards by trial: `OUT_DIR/prescreen-state.shards/NNN.sqlite3`.

A trial's entries are all in one shard (`shard_of`), so everything made per trial — its rows
sorted by trial and patient, its counts, its CSV, on PostgreSQL its rows in the service
database (`worklists.copy_shard_entries`) — is made from one shard, and the shards by tasks on
the engine's workers at once (`settle_shard`): no step of the run reads or writes every entry
in one process but, on SQLite, the service database's copy. With one state file the main
process merged every partition's entries, sorted them all and counted them while the workers
waited: a serial tail that grew with the patients and not down with the workers (~28 of a
million-patient night's minutes on any number of workers, docs/performance.md).

A partition's result file (`partition_results`) holds its entries in a table per shard; the
task of shard k reads table k of every result file. Tables: `unknown_set` (each distinct set of
undecided criteria once, see `unknown_sets`; a shard holds the sets its entries refer to),
`entry` (patient, trial, verdict, set, data date; keyed by trial and patient) and
`staged_entry` (a fresh state's entries before their one sort).

A task works on a copy and puts it in place when done (`os.replace`): a task run again (a lost
worker) starts from the shard as it was, and a run that stops midway leaves whole shards.
Which patients' entries a shard may hold is the main state's business (`reuse.RunState`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NamedTuple

from cds_service.prescreen.errors import ResultFileError
from cds_service.prescreen.sqlite_files import open_read_only
from cds_service.prescreen.unknown_sets import FORMULA_STARTS, QUOTED_CHARS
from cds_service.prescreen.worklists import EntryCopy, copy_shard_entries, write_csv
from eligibility.results import Verdict

SHARDS_DIR: Final = "prescreen-state.shards"
# Shards per worker: enough that the workers end together although trials differ in size.
SHARDS_PER_WORKER: Final = 4
MAX_SHARDS: Final = 256  # tables per result file, files per state
SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS unknown_set (
    set_id INTEGER PRIMARY KEY, json TEXT NOT NULL UNIQUE, cells TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entry (
    patient_id TEXT NOT NULL, nct_id TEXT NOT NULL, verdict TEXT NOT NULL,
    set_id INTEGER NOT NULL, data_date TEXT, PRIMARY KEY (nct_id, patient_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS staged_entry (
    patient_id TEXT NOT NULL, nct_id TEXT NOT NULL, verdict TEXT NOT NULL,
    set_id INTEGER NOT NULL, data_date TEXT
);
"""
# Finds a patient's entries to replace them on a re-run over stored entries.
_PATIENT_INDEX: Final = "CREATE INDEX IF NOT EXISTS entry_patient ON entry (patient_id)"
_ENTRY_COLUMNS: Final = "patient_id, nct_id, verdict, set_id, data_date"
# A worklist CSV row made by SQLite as `csv.writer` (QUOTE_MINIMAL, CRLF) writes it: the patient
# id cell after the formula guard, quoted when it holds a comma, a quote or a line break. The
# verdict and the date never need quoting; a set's cells are stored already written.
_FORMULA_CHARS: Final = ", ".join(f"char({ord(c)})" for c in FORMULA_STARTS)
_NEEDS_QUOTES: Final = f"*[{QUOTED_CHARS}]*"
_CSV_LINES: Final = f"""
WITH rows AS (
    SELECT CASE WHEN substr(e.patient_id, 1, 1) IN ({_FORMULA_CHARS})
            THEN '''' || e.patient_id ELSE e.patient_id END AS cell,
        e.patient_id, e.verdict, e.set_id, e.data_date
    FROM entry AS e WHERE e.nct_id = :nct_id
)
SELECT CASE WHEN cell GLOB :needs_quotes THEN '"' || replace(cell, '"', '""') || '"' ELSE cell END
    || ',' || verdict || ',' || s.cells || ',' || coalesce(data_date, '') || char(13, 10)
FROM rows JOIN unknown_set AS s USING (set_id)
ORDER BY verdict != 'eligible', patient_id
"""  # noqa: S608 - made of this module's constants


class VerdictCounts(NamedTuple):
    eligible: int
    possibly_eligible: int


NO_PATIENTS: Final = VerdictCounts(0, 0)


def shard_count(workers: int) -> int:
    """Shards for a state made by a run on `workers` workers."""
    return max(1, min(MAX_SHARDS, SHARDS_PER_WORKER * workers))


def shard_of(nct_id: str, shards: int) -> int:
    """A trial's shard: stable across processes and machines (unlike `hash`)."""
    return zlib.crc32(nct_id.encode()) % shards


def shard_path(state_dir: Path, shard: int) -> Path:
    return state_dir / SHARDS_DIR / f"{shard:03d}.sqlite3"


def entry_table(shard: int) -> str:
    """A result file's table of the entries of `shard`'s trials."""
    return f"entry_{shard:03d}"


@dataclass(frozen=True, slots=True)
class ShardTask:
    """Merge every partition's entries of one shard's trials into its file, sort them, count
    them, write their worklist CSVs into `out_dir` (None: no CSV), and copy them into the
    service database when it is PostgreSQL (`copy`, see `WorklistStore.reserve_copy`)."""

    path: Path
    shard: int
    results: tuple[Path, ...]  # every partition's result file
    # The state held no patient when the run began: its entries are staged and sorted once,
    # and no stored entry is replaced or forgotten.
    fresh: bool
    # The patients the main state no longer holds (read-only; None when fresh): their entries go.
    state: Path | None
    out_dir: Path | None
    # Where the task copies its entries into the service database itself (PostgreSQL), or None.
    copy: EntryCopy | None = None


@dataclass(frozen=True, slots=True)
class ShardResult:
    shard: int
    counts: dict[str, VerdictCounts]
    written: list[str]  # the worklist files written


def settle_shard(task: ShardTask) -> ShardResult:
    """One shard's task, in a worker."""
    if not task.path.parent.is_dir():  # a worker that does not see OUT would make a new one
        raise ResultFileError.state_unseen(str(task.path.parent.parent))
    work = task.path.with_name(task.path.name + ".work")
    work.unlink(missing_ok=True)
    if not task.fresh and task.path.exists():
        shutil.copyfile(task.path, work)
    with closing(sqlite3.connect(work, isolation_level=None)) as shard:
        # The copy is scratch until it replaces the shard: a worker that dies leaves the shard.
        shard.execute("PRAGMA journal_mode=OFF")
        shard.execute("PRAGMA synchronous=OFF")
        shard.executescript(SCHEMA)
        if not task.fresh:
            shard.execute(_PATIENT_INDEX)
        for results in task.results:
            _merge(shard, results, task.shard, staged=task.fresh)
        if task.fresh:
            _sort_staged(shard)
        else:
            _forget(shard, task.state)
        counts = _counts(shard)
        written = _write_csvs(shard, counts, task.out_dir) if task.out_dir is not None else []
    os.replace(work, task.path)
    if task.copy is not None:
        copy_shard_entries(task.copy, task.shard, task.path, counts)
    return ShardResult(task.shard, counts, written)


def _merge(shard: sqlite3.Connection, results: Path, index: int, *, staged: bool) -> None:
    """A result file's entries of this shard, and the sets they refer to; on a re-run, the
    entries of the file's screened patients are replaced first (reused ones keep theirs)."""
    if not results.is_file():  # ATTACH would make an empty database of the name
        raise ResultFileError.missing(str(results.parent))
    table = entry_table(index)
    shard.execute("ATTACH DATABASE ? AS part", (str(results),))
    try:
        shard.execute("BEGIN")
        if not staged:
            shard.execute(
                "DELETE FROM entry WHERE patient_id IN "
                "(SELECT patient_id FROM part.patient WHERE NOT reused)"
            )
        shard.execute("CREATE TEMP TABLE wanted (key INTEGER PRIMARY KEY)")
        shard.execute(f"INSERT OR IGNORE INTO wanted SELECT set_key FROM part.{table}")  # noqa: S608 - entry_table
        # CROSS JOIN: SQLite then loops over the wanted keys (this shard's few) and looks each
        # up, instead of reading every set of the file (all shards') and probing the keys.
        shard.execute(
            "INSERT OR IGNORE INTO unknown_set (json, cells) SELECT p.json, p.cells "
            "FROM wanted CROSS JOIN part.unknown_set AS p ON p.key = wanted.key"
        )
        # The file's set keys -> the shard's, looked up once per set, not per entry.
        shard.execute(
            "CREATE TEMP TABLE set_keys (key INTEGER PRIMARY KEY, set_id INTEGER NOT NULL)"
        )
        shard.execute(
            "INSERT INTO set_keys SELECT p.key, s.set_id FROM wanted "
            "CROSS JOIN part.unknown_set AS p ON p.key = wanted.key "
            "CROSS JOIN unknown_set AS s ON s.json = p.json"
        )
        # Into the table's order: each B-tree page is visited once per merge.
        into, order = (
            ("staged_entry", "") if staged else ("entry", " ORDER BY e.nct_id, e.patient_id")
        )
        shard.execute(
            f"INSERT INTO {into} SELECT e.patient_id, e.nct_id, e.verdict, k.set_id, "  # noqa: S608 - constants
            f"e.data_date FROM part.{table} AS e JOIN set_keys AS k ON k.key = e.set_key" + order
        )
        shard.execute("DROP TABLE set_keys")
        shard.execute("DROP TABLE wanted")
        shard.execute("COMMIT")
    finally:
        if shard.in_transaction:
            shard.execute("ROLLBACK")
        shard.execute("DETACH DATABASE part")


def _sort_staged(shard: sqlite3.Connection) -> None:
    """A fresh state's entries into `entry`, sorted once: appending a partition's entries at a
    time and sorting at the end cost ~3 µs an entry, merging each into the keyed table ~8."""
    with shard:
        shard.execute(
            f"INSERT INTO entry ({_ENTRY_COLUMNS}) SELECT {_ENTRY_COLUMNS} "  # noqa: S608 - constants
            "FROM staged_entry ORDER BY nct_id, patient_id"
        )
        shard.execute("DELETE FROM staged_entry")


def _forget(shard: sqlite3.Connection, state: Path | None) -> None:
    """The entries of patients the main state holds unseen (the export no longer has them),
    and the sets no entry refers to any more (replaced or forgotten entries had them)."""
    gone: list[tuple[str]] = []
    if state is not None:
        # Nobody writes the main state while the shards' tasks run: the command waits for them.
        with closing(open_read_only(state, immutable=True)) as main:
            gone = main.execute("SELECT patient_id FROM patient WHERE seen = 0").fetchall()
    with shard:
        if gone:
            shard.execute("CREATE TEMP TABLE gone (patient_id TEXT PRIMARY KEY)")
            shard.executemany("INSERT OR IGNORE INTO gone VALUES (?)", gone)
            shard.execute("DELETE FROM entry WHERE patient_id IN (SELECT patient_id FROM gone)")
            shard.execute("DROP TABLE gone")
        shard.execute("DELETE FROM unknown_set WHERE set_id NOT IN (SELECT set_id FROM entry)")


def _counts(shard: sqlite3.Connection) -> dict[str, VerdictCounts]:
    """Trial -> its patients by verdict. One pass over `entry` in its key order (grouping by
    trial and verdict would sort every entry first)."""
    rows = shard.execute(
        "SELECT nct_id, sum(verdict = ?), sum(verdict = ?) FROM entry GROUP BY nct_id",
        (Verdict.ELIGIBLE, Verdict.POSSIBLY_ELIGIBLE),
    )
    return {nct_id: VerdictCounts(eligible, possibly) for nct_id, eligible, possibly in rows}


def _write_csvs(
    shard: sqlite3.Connection, counts: dict[str, VerdictCounts], out_dir: Path
) -> list[str]:
    return [write_csv(out_dir, nct_id, csv_lines(shard, nct_id)).name for nct_id in counts]


def csv_lines(shard: sqlite3.Connection, nct_id: str) -> Iterator[str]:
    """One trial's worklist CSV rows, each a finished line: eligible first, then by patient."""
    rows = shard.execute(_CSV_LINES, {"nct_id": nct_id, "needs_quotes": _NEEDS_QUOTES})
    return (line for (line,) in rows)
