"""What the previous run in the same output folder found, so a re-run recomputes only what
changed: `OUT_DIR/prescreen-state.sqlite3`.

Per patient: the content hash of their resources, and their result (the worklist entries, or
why they were skipped). A patient whose hash is unchanged, under the same catalog (fingerprint)
and the same as-of date, keeps the stored result; any other patient is screened again. The
as-of date is part of the key on purpose: verdicts move with it (an age limit passed, a result
grown too old), so a run for another day recomputes everyone.

Why OUT_DIR and not the service database: the state is the outputs' own cache — the folder's
worklists are a function of it — so deleting the folder is a clean full run, and the service
database (maybe a PostgreSQL shared by replicas) is spared a row and a nightly rewrite for
every patient of the hospital, most of whom are on no worklist. The database keeps what staff
read: the worklists (`worklists.WorklistStore`).

The state is also the run's scratch: results are written here as partitions finish, so the
CSVs and the database worklists are made from it trial by trial, whatever the export's size.
Workers never open it: they read `previous_hashes`, a read-only copy of the hashes beside the
partitions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from cds_service.prescreen.export_reader import SkipReason
from cds_service.prescreen.patient_job import PatientResult, TrialEntry
from cds_service.prescreen.stored_entries import (
    StoredEntry,
    trial_entry,
    unknowns_json,
)
from eligibility.results import Verdict

STATE_FILE = "prescreen-state.sqlite3"
_SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS patient (
    patient_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, skipped TEXT, seen INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entry (
    patient_id TEXT NOT NULL, nct_id TEXT NOT NULL, verdict TEXT NOT NULL,
    unknowns TEXT NOT NULL, data_date TEXT, PRIMARY KEY (nct_id, patient_id)
);
CREATE INDEX IF NOT EXISTS entry_patient ON entry (patient_id);
"""


class RunState:
    """The state file of an output folder, opened for one run."""

    def __init__(self, out_dir: Path, *, catalog_fingerprint: str, as_of: date) -> None:
        self._connection = sqlite3.connect(out_dir / STATE_FILE)
        self._connection.executescript(_SCHEMA)
        key = {
            "schema": _SCHEMA_VERSION,
            "catalog": catalog_fingerprint,
            "as_of": as_of.isoformat(),
        }
        stored = dict(self._connection.execute("SELECT key, value FROM meta").fetchall())
        with self._connection:
            if stored != key:
                # Another catalog, day or state format: nothing stored can be reused.
                self._connection.execute("DELETE FROM entry")
                self._connection.execute("DELETE FROM patient")
                self._connection.execute("DELETE FROM meta")
                self._connection.executemany("INSERT INTO meta VALUES (?, ?)", key.items())
            self._connection.execute("UPDATE patient SET seen = 0")

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

    def record(self, results: Iterable[PatientResult]) -> None:
        """A partition's results: new ones replace the stored, reused ones are marked seen.
        One statement per kind of change for the whole partition, in one transaction."""
        reused: list[tuple[str]] = []
        fresh: list[PatientResult] = []
        for result in results:
            if result.reused:
                reused.append((result.patient_id,))
            else:
                fresh.append(result)
        with self._connection as db:
            db.executemany("UPDATE patient SET seen = 1 WHERE patient_id = ?", reused)
            db.executemany(
                "INSERT OR REPLACE INTO patient VALUES (?, ?, ?, 1)",
                [
                    (r.patient_id, r.content_hash, str(r.skipped) if r.skipped else None)
                    for r in fresh
                ],
            )
            db.executemany(
                "DELETE FROM entry WHERE patient_id = ?", [(r.patient_id,) for r in fresh]
            )
            db.executemany(
                "INSERT INTO entry VALUES (?, ?, ?, ?, ?)",
                (_entry_row(entry) for r in fresh for entry in r.entries),
            )

    def forget_unseen(self) -> int:
        """Drop patients the export no longer holds; how many."""
        with self._connection:
            gone = [
                row[0]
                for row in self._connection.execute("SELECT patient_id FROM patient WHERE seen = 0")
            ]
            self._connection.executemany(
                "DELETE FROM entry WHERE patient_id = ?", [(ident,) for ident in gone]
            )
            self._connection.execute("DELETE FROM patient WHERE seen = 0")
        return len(gone)

    def skipped_patients(self) -> dict[SkipReason, int]:
        rows = self._connection.execute(
            "SELECT skipped, count(*) FROM patient WHERE skipped IS NOT NULL GROUP BY skipped"
        )
        return {SkipReason(reason): count for reason, count in rows}

    def counts(self) -> dict[str, dict[Verdict, int]]:
        """Trial -> verdict -> patients."""
        counts: dict[str, dict[Verdict, int]] = {}
        rows = self._connection.execute(
            "SELECT nct_id, verdict, count(*) FROM entry GROUP BY nct_id, verdict"
        )
        for nct_id, verdict, count in rows:
            counts.setdefault(nct_id, {})[Verdict(verdict)] = count
        return counts

    def entries(self, nct_id: str) -> Iterator[TrialEntry]:
        """One trial's entries: eligible first, then by patient id."""
        return map(trial_entry, self.stored_entries(nct_id))

    def stored_entries(self, nct_id: str) -> Iterator[StoredEntry]:
        """`entries` as stored (their undecided criteria as JSON), for the writers."""
        rows = self._connection.execute(
            "SELECT nct_id, patient_id, verdict, unknowns, data_date FROM entry WHERE nct_id = ? "
            "ORDER BY verdict != 'eligible', patient_id",
            (nct_id,),
        )
        for nct, patient_id, verdict, unknowns, data_date in rows:
            day = date.fromisoformat(data_date) if data_date else None
            yield StoredEntry(nct, patient_id, verdict, unknowns, day)


def _entry_row(entry: TrialEntry) -> tuple[str, str, str, str, str | None]:
    return (
        entry.patient_id,
        entry.nct_id,
        entry.verdict.value,
        unknowns_json(entry.unknowns),
        entry.data_date.isoformat() if entry.data_date else None,
    )
