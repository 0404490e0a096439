"""A partition's results as a file the worker writes beside the partition, not as objects.

A partition's patients make hundreds of thousands of worklist entries; pickling them back to
the main process and writing them into the state row by row there was most of a run's serial
time. The worker writes them into `<partition>.results.sqlite3` (SQLite, on the work folder's
storage, which every worker already reads partitions from) and returns its path and counts;
the main process merges the file into the state in SQL (`reuse.RunState.merge`).

Tables: `unknown_set` (each distinct set of undecided criteria once: `unknown_sets`),
`patient` (every patient of the partition: content hash, skip reason, reused) and, per shard
of the state (`state_shards`), `entry_NNN` (patient, trial, verdict, set key, data date) of the
shard's trials: the task settling a shard reads its table of every file, and nothing else of
the entries.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Final

from cds_service.prescreen.errors import ResultFileError
from cds_service.prescreen.patient_job import PatientResult
from cds_service.prescreen.state_shards import entry_table, shard_of
from cds_service.prescreen.unknown_sets import SetTable

SUFFIX: Final = ".results.sqlite3"
SCHEMA: Final = """
CREATE TABLE unknown_set (key INTEGER PRIMARY KEY, json TEXT NOT NULL, cells TEXT NOT NULL);
CREATE TABLE patient (
    patient_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, skipped TEXT,
    reused INTEGER NOT NULL
);
"""
_ENTRY_TABLE: Final = """
CREATE TABLE {table} (
    patient_id TEXT NOT NULL, nct_id TEXT NOT NULL, verdict TEXT NOT NULL,
    set_key INTEGER NOT NULL, data_date TEXT
)
"""


def results_path(partition: Path) -> Path:
    return partition.with_name(partition.name + SUFFIX)


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    try:
        yield
    except (OSError, sqlite3.Error):
        raise ResultFileError.unwritable(str(path.parent)) from None


class ResultFile:
    """Written by one worker for one partition, in one transaction, then closed. Failing to
    write it (no space, a read-only folder) raises `ResultFileError`."""

    def __init__(self, path: Path, connection: sqlite3.Connection, shards: int) -> None:
        self.path = path
        self._connection = connection
        self._shards = shards
        self._sets = SetTable()
        self._days: dict[date, str] = {}
        # Each trial's shard's INSERT, found once per trial.
        self._inserts: dict[str, str] = {}

    def _day(self, day: date | None) -> str | None:
        # A partition's entries hold a few hundred distinct dates: each formatted once.
        if day is None:
            return None
        found = self._days.get(day)
        if found is None:
            found = self._days[day] = day.isoformat()
        return found

    def _insert(self, nct_id: str) -> str:
        found = self._inserts.get(nct_id)
        if found is None:
            table = entry_table(shard_of(nct_id, self._shards))
            found = self._inserts[nct_id] = f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)"  # noqa: S608 - entry_table
        return found

    @classmethod
    def create(cls, path: Path, shards: int) -> ResultFile:
        """A new file for a state of `shards` shards."""
        with _writing(path):
            path.unlink(missing_ok=True)  # a retried task starts afresh
            connection = sqlite3.connect(path, isolation_level=None)
            # Scratch: a worker that dies fails its task, and the file is never read.
            connection.execute("PRAGMA journal_mode=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            connection.executescript(SCHEMA)
            for shard in range(shards):
                connection.execute(_ENTRY_TABLE.format(table=entry_table(shard)))
            connection.execute("BEGIN")
        return cls(path, connection, shards)

    def add(self, result: PatientResult) -> None:
        with _writing(self.path):
            self._add(result)

    def _add(self, result: PatientResult) -> None:
        skipped = str(result.skipped) if result.skipped else None
        self._connection.execute(
            "INSERT INTO patient VALUES (?, ?, ?, ?)",
            (result.patient_id, result.content_hash, skipped, int(result.reused)),
        )
        if not result.entries:
            return
        key = self._sets.key
        day = self._day
        insert = self._insert
        by_table: dict[str, list[tuple[str, str, str, int, str | None]]] = {}
        for entry in result.entries:
            # The verdict is a `StrEnum`: SQLite stores the string it is.
            row = (
                entry.patient_id,
                entry.nct_id,
                entry.verdict,
                key(entry.unknowns),
                day(entry.data_date),
            )
            rows = by_table.get(sql := insert(entry.nct_id))
            if rows is None:
                by_table[sql] = [row]
            else:
                rows.append(row)
        self._connection.executemany(
            "INSERT INTO unknown_set VALUES (?, ?, ?)", self._sets.take_new()
        )
        for sql, rows in by_table.items():
            self._connection.executemany(sql, rows)

    def close(self) -> None:
        with _writing(self.path):
            self._connection.execute("COMMIT")
            self._connection.close()

    def abandon(self) -> None:
        self._connection.close()
        self.path.unlink(missing_ok=True)
