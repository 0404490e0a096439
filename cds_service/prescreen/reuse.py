"""What the previous run in the same output folder found, so a re-run recomputes only what
changed: `OUT_DIR/prescreen-state.sqlite3`.

Per patient: the content hash of their resources, and their result (the worklist entries, or
why they were skipped). A patient whose hash is unchanged, under the same catalog (fingerprint),
the same as-of date and the same asked trials, keeps the stored result; any other patient is
screened again. The as-of date is part of the key on purpose: verdicts move with it (an age
limit passed, a result grown too old), so a run for another day recomputes everyone. So are the
asked trials (`--trial`, or all): a run for some trials stores those trials' entries only, so
a stored result says nothing of any other trial — a run for other trials, or for all, must
screen everyone again rather than reuse results that lack its rows.

Why OUT_DIR and not the service database: the state is the outputs' own cache — the folder's
worklists are a function of it — so deleting the folder is a clean full run, and the service
database (maybe a PostgreSQL shared by replicas) is spared a row and a nightly rewrite for
every patient of the hospital, most of whom are on no worklist. The database keeps what staff
read: the worklists (`worklists.WorklistStore`).

The state is also the run's scratch: each partition's result file (`partition_results`) is
merged here as it comes, in SQL, so the CSVs and the database worklists are made from it trial
by trial, whatever the export's size. Workers never open it: they read `previous_hashes`, a
read-only copy of the hashes beside the partitions.

A run that starts from an empty state (the first, or another catalog or day: every nightly run
under the default `--as-of`) stages the merged entries in `staged_entry`, a table without an
index, and settles them into `entry`, in the key's order, once all are merged (`settle`): a
partition's entries go to every trial's part of `entry`, so merging them one file at a time
into the indexed table touched its whole B-tree each time (~8 µs an entry against ~3 µs for
appending and sorting once). Such a run needs no patient index and can leave no set without
an entry: it neither makes the one (a re-run that opens a state with entries does) nor looks
for the other. A re-run over stored entries merges into `entry` itself: it replaces a few
patients, and rebuilding everyone's rows would cost more.

Entries refer to their set of undecided criteria by key (`unknown_set`: its JSON and its CSV
cells, once per distinct set, see `unknown_sets`): the sets are most of an entry's bytes, and
a few thousand distinct ones are shared by millions of entries.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Final, NamedTuple

from cds_service.prescreen.errors import ResultFileError
from cds_service.prescreen.export_reader import SkipReason
from cds_service.prescreen.patient_job import TrialEntry
from cds_service.prescreen.stored_entries import StoredEntry, trial_entry
from cds_service.prescreen.unknown_sets import FORMULA_STARTS, QUOTED_CHARS
from eligibility.results import Verdict

STATE_FILE = "prescreen-state.sqlite3"
SORT_THREADS: Final = min(4, os.cpu_count() or 1)
_SCHEMA_VERSION = "3"
_TABLES = ("meta", "patient", "entry", "unknown_set", "staged_entry")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS patient (
    patient_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, skipped TEXT, seen INTEGER NOT NULL
);
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
# Finds a patient's entries to replace them on a re-run (made when a run opens a state with some).
_PATIENT_INDEX = "CREATE INDEX IF NOT EXISTS entry_patient ON entry (patient_id)"
_ENTRY_COLUMNS = "patient_id, nct_id, verdict, set_id, data_date"
# A worklist CSV row made by SQLite as `csv.writer` (QUOTE_MINIMAL, CRLF) writes it: the patient
# id cell after the formula guard, quoted when it holds a comma, a quote or a line break. The
# verdict and the date never need quoting; a set's cells are stored already written.
_FORMULA_CHARS = ", ".join(f"char({ord(c)})" for c in FORMULA_STARTS)
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


class RunState:
    """The state file of an output folder, opened for one run."""

    def __init__(
        self,
        out_dir: Path,
        *,
        catalog_fingerprint: str,
        as_of: date,
        trials: Sequence[str] | None,
    ) -> None:
        """`trials`: the run's asked trials (None: every trial of the catalog)."""
        self.path = out_dir / STATE_FILE
        self._connection = sqlite3.connect(self.path)
        # Settling sorts every entry of the run while the workers wait: helper threads for
        # SQLite's sorter (7.9 M entries: 14.2 -> 10.9 s on 2 cores, docs/performance.md).
        self._connection.execute(f"PRAGMA threads = {SORT_THREADS}")
        key = {
            "schema": _SCHEMA_VERSION,
            "catalog": catalog_fingerprint,
            "as_of": as_of.isoformat(),
            "trials": trials_key(trials),
        }
        if _stored_meta(self._connection).get("schema") != _SCHEMA_VERSION:
            # Another state format (or a new file): its tables are made again.
            with self._connection:
                for table in _TABLES:
                    self._connection.execute(f"DROP TABLE IF EXISTS {table}")
        self._connection.executescript(_SCHEMA)
        stored = _stored_meta(self._connection)
        with self._connection:
            if stored != key:
                # Another catalog, day or list of trials (a state of before the list was in
                # the key has none either): nothing stored can be reused.
                for table in _TABLES:
                    self._connection.execute(f"DELETE FROM {table}")  # noqa: S608 - _TABLES
                self._connection.executemany("INSERT INTO meta VALUES (?, ?)", key.items())
            self._connection.execute("UPDATE patient SET seen = 0")
        # Entries a run merged but never settled (it stopped before the end) are settled now:
        # their patients' results are stored, and a merge into `entry` may replace them.
        self._staging = _has_rows(self._connection, "staged_entry")
        self.settle()
        # Empty: this run's entries are staged and settled at once (see above).
        self._staging = not _has_rows(self._connection, "entry")
        # A set loses its last entry only when entries of before this run are replaced or
        # forgotten: a run that starts with none (the first, or any after a key change) has no
        # set to clean at the end, once those no entry refers to now are gone.
        self._started_empty = self._staging
        with self._connection:
            if self._staging:
                self._connection.execute("DROP INDEX IF EXISTS entry_patient")
                self._connection.execute("DELETE FROM unknown_set")
            else:
                # Merges replace stored patients' entries, found by patient. Made here, when
                # entries are kept, not when settling: a nightly run's new date empties the
                # state, and the index made the night before would be dropped unused.
                self._connection.execute(_PATIENT_INDEX)

    def close(self) -> None:
        self._connection.close()

    def previous_hashes(self, path: Path) -> Path:
        """The stored content hashes, copied to a read-only file for the workers."""
        path.unlink(missing_ok=True)
        with self._connection:
            self._connection.execute("ATTACH DATABASE ? AS previous", (str(path),))
        try:
            with self._connection:
                self._connection.execute(
                    "CREATE TABLE previous.hashes (patient_id TEXT PRIMARY KEY, content_hash TEXT)"
                )
                self._connection.execute(
                    "INSERT INTO previous.hashes SELECT patient_id, content_hash FROM patient"
                )
        finally:
            self._connection.execute("DETACH DATABASE previous")
        return path

    def merge(self, results: Path) -> None:
        """A partition's result file (`partition_results`): its new results replace the
        stored ones, its reused patients are marked seen. In SQL, in one transaction."""
        if not results.is_file():  # ATTACH would make an empty database of the name
            raise ResultFileError.missing(str(results.parent))
        with self._connection:
            self._connection.execute("ATTACH DATABASE ? AS part", (str(results),))
        try:
            with self._connection as db:
                db.execute(
                    "UPDATE patient SET seen = 1 WHERE patient_id IN "
                    "(SELECT patient_id FROM part.patient WHERE reused)"
                )
                db.execute(
                    "INSERT OR REPLACE INTO patient SELECT patient_id, content_hash, skipped, 1 "
                    "FROM part.patient WHERE NOT reused"
                )
                db.execute(
                    "DELETE FROM entry WHERE patient_id IN "
                    "(SELECT patient_id FROM part.patient WHERE NOT reused)"
                )
                db.execute(
                    "INSERT OR IGNORE INTO unknown_set (json, cells) "
                    "SELECT json, cells FROM part.unknown_set"
                )
                # The file's set keys -> the state's, looked up once per set, not per entry.
                db.execute(
                    "CREATE TEMP TABLE set_keys (key INTEGER PRIMARY KEY, set_id INTEGER NOT NULL)"
                )
                db.execute(
                    "INSERT INTO set_keys SELECT p.key, s.set_id FROM part.unknown_set AS p "
                    "JOIN unknown_set AS s ON s.json = p.json"
                )
                # Into the table's order: each B-tree page is visited once per merge.
                into, order = (
                    ("staged_entry", "")
                    if self._staging
                    else ("entry", " ORDER BY e.nct_id, e.patient_id")
                )
                db.execute(
                    f"INSERT INTO {into} SELECT e.patient_id, e.nct_id, e.verdict, k.set_id, "  # noqa: S608 - constants
                    "e.data_date FROM part.entry AS e JOIN set_keys AS k ON k.key = e.set_key"
                    + order
                )
                db.execute("DROP TABLE set_keys")
        finally:
            self._connection.execute("DETACH DATABASE part")

    def settle(self) -> None:
        """The staged entries into `entry`, sorted once (the patient index is made when a later
        run opens the state with them, `__init__`).
        Called once every partition is merged, before anything else opens the file (the
        worklist tasks, the database copy); this object's own reads settle it first."""
        if not self._staging:
            return
        with self._connection as db:
            db.execute(
                f"INSERT INTO entry ({_ENTRY_COLUMNS}) SELECT {_ENTRY_COLUMNS} "  # noqa: S608 - constants
                "FROM staged_entry ORDER BY nct_id, patient_id"
            )
            db.execute("DELETE FROM staged_entry")
        self._staging = False

    def forget_unseen(self) -> int:
        """Drop the patients the export no longer holds (how many), and the sets no entry
        refers to any more (a scan of every entry: not after a run that started with none,
        see `__init__`, whose forgotten patients have no entries)."""
        self.settle()
        with self._connection as db:
            gone = db.execute("SELECT count(*) FROM patient WHERE seen = 0").fetchone()[0]
            # Every entry of a run that started with none is a patient's seen in it.
            if not self._started_empty:
                db.execute(
                    "DELETE FROM entry WHERE patient_id IN "
                    "(SELECT patient_id FROM patient WHERE seen = 0)"
                )
                db.execute("DELETE FROM unknown_set WHERE set_id NOT IN (SELECT set_id FROM entry)")
            db.execute("DELETE FROM patient WHERE seen = 0")
        return int(gone)

    def skipped_patients(self) -> dict[SkipReason, int]:
        rows = self._connection.execute(
            "SELECT skipped, count(*) FROM patient WHERE skipped IS NOT NULL GROUP BY skipped"
        )
        return {SkipReason(reason): count for reason, count in rows}

    def counts(self) -> dict[str, VerdictCounts]:
        """Trial -> its patients by verdict (a worklist's two). One pass over `entry` in its
        key order: grouping by trial and verdict had SQLite sort every entry first (7.9 M
        entries: 5.3 -> 1.2 s, serial while the workers wait)."""
        self.settle()
        rows = self._connection.execute(
            "SELECT nct_id, sum(verdict = ?), sum(verdict = ?) FROM entry GROUP BY nct_id",
            (Verdict.ELIGIBLE, Verdict.POSSIBLY_ELIGIBLE),
        )
        return {nct_id: VerdictCounts(eligible, possibly) for nct_id, eligible, possibly in rows}

    def entries(self, nct_id: str) -> Iterator[TrialEntry]:
        """One trial's entries: eligible first, then by patient id."""
        return map(trial_entry, self.stored_entries(nct_id))

    def stored_entries(self, nct_id: str) -> Iterator[StoredEntry]:
        """`entries` as stored (their undecided criteria as JSON)."""
        self.settle()
        rows = self._connection.execute(
            "SELECT e.nct_id, e.patient_id, e.verdict, s.json, e.data_date "
            "FROM entry AS e JOIN unknown_set AS s USING (set_id) WHERE e.nct_id = ? "
            "ORDER BY e.verdict != 'eligible', e.patient_id",
            (nct_id,),
        )
        for nct, patient_id, verdict, unknowns, data_date in rows:
            day = date.fromisoformat(data_date) if data_date else None
            yield StoredEntry(nct, patient_id, verdict, unknowns, day)

    def csv_lines(self, nct_id: str) -> Iterator[str]:
        """One trial's worklist CSV rows, each a finished line, in `entries` order."""
        self.settle()
        return csv_lines(self._connection, nct_id)


def trials_key(trials: Sequence[str] | None) -> str:
    """The state key's part for the asked trials: "all", or a SHA-256 of the distinct ids,
    sorted (a list of hundreds of ids would make a long key; the order they were asked in does
    not change what is stored)."""
    if trials is None:
        return "all"
    return hashlib.sha256("\n".join(sorted(set(trials))).encode()).hexdigest()


def csv_lines(state: sqlite3.Connection, nct_id: str) -> Iterator[str]:
    """`RunState.csv_lines` from a connection to a state file (a worker's, read-only)."""
    rows = state.execute(_CSV_LINES, {"nct_id": nct_id, "needs_quotes": _NEEDS_QUOTES})
    return (line for (line,) in rows)


def _has_rows(connection: sqlite3.Connection, table: str) -> bool:
    query = f"SELECT 1 FROM {table} LIMIT 1"  # noqa: S608 - this module's table names
    return connection.execute(query).fetchone() is not None


def _stored_meta(connection: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError:  # a new file: no table yet
        return {}
