"""What the previous run in the same output folder found, so a re-run recomputes only what
changed: `OUT_DIR/prescreen-state.sqlite3` and its entries' shards (`state_shards`).

Per patient: the content hash of their resources, and their result (the worklist entries, or
why they were skipped). A patient whose hash is unchanged, under the same catalog (fingerprint),
the same code (`screening_code`: another release may read the chart otherwise), the same as-of
date and time zone and the same asked trials, keeps the stored result; any other patient is
screened again. The as-of date is part of the key on purpose: verdicts move with it
(an age limit passed, a result grown too old), so a run for another day recomputes everyone; so
is the zone, which dates the charts' instants (GEN-LOCAL-DAY). So are the
asked trials (`--trial`, or all): a run for some trials stores those trials' entries only, so
a stored result says nothing of any other trial — a run for other trials, or for all, must
screen everyone again rather than reuse results that lack its rows.

Why OUT_DIR and not the service database: the state is the outputs' own cache — the folder's
worklists are a function of it — so deleting the folder is a clean full run, and the service
database (maybe a PostgreSQL shared by replicas) is spared a row and a nightly rewrite for
every patient of the hospital, most of whom are on no worklist. The database keeps what staff
read: the worklists (`worklists.WorklistStore`).

This file holds the key and the patients; the entries are in shards by trial, each settled by
a task on the engine's workers once every partition is screened (`settle`): the main process
reads each partition's patients as its result file comes (`merge`), never its entries. Workers
never open this file for writing: they read `previous_hashes`, a read-only copy of the hashes
beside the partitions, and a shard's task reads which patients are gone.

A state is whole only when its run ended: its patients' hashes stand for entries in the
shards. A run marks it incomplete when it starts and complete once every shard is settled, so
the state of a run that stopped midway (its patients merged, their entries maybe not) is not
reused: the next run screens everyone.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Final

from cds_service.prescreen.errors import ResultFileError
from cds_service.prescreen.export_reader import SkipReason
from cds_service.prescreen.partitioning import RunTasks, in_process
from cds_service.prescreen.patient_job import TrialEntry
from cds_service.prescreen.sqlite_files import open_read_only
from cds_service.prescreen.state_shards import (
    SHARDS_DIR,
    ShardTask,
    VerdictCounts,
    csv_lines,
    settle_shard,
    shard_count,
    shard_of,
    shard_path,
)
from cds_service.prescreen.stored_entries import StoredEntry, trial_entry
from cds_service.prescreen.worklists import EntryCopy

STATE_FILE = "prescreen-state.sqlite3"
_SCHEMA_VERSION = "4"  # 4: entries in shards by trial
_TABLES = ("meta", "patient", "entry", "unknown_set", "staged_entry")  # those of any version
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS patient (
    patient_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, skipped TEXT, seen INTEGER NOT NULL
);
"""
# Meta rows beside the key: how many shards the entries are in, and whether the run that
# wrote the state ended (see the module's docstring).
_SHARDS: Final = "shards"
_COMPLETE: Final = "complete"


class RunState:
    """The state of an output folder, opened for one run: `merge` each partition's result
    file, then `settle` once (the shards' tasks), then read."""

    def __init__(
        self,
        out_dir: Path,
        *,
        catalog_fingerprint: str,
        screening_code: str,
        as_of: date,
        time_zone: str,
        trials: Sequence[str] | None,
        workers: int = 1,
    ) -> None:
        """`screening_code`: the fingerprint of the code verdicts are made with (another release
        recomputes everyone); `time_zone`: the hospital's (`ONCOMATCH_TIME_ZONE`), whose
        calendar dates the charts' instants (GEN-LOCAL-DAY); `trials`: the run's asked trials
        (None: every trial of the catalog); `workers`: the engine's, which size a new state's
        shards."""
        self.path = out_dir / STATE_FILE
        self._dir = out_dir
        self._connection = sqlite3.connect(self.path)
        key = {
            "schema": _SCHEMA_VERSION,
            "catalog": catalog_fingerprint,
            "screening_code": screening_code,
            "as_of": as_of.isoformat(),
            "time_zone": time_zone,
            "trials": trials_key(trials),
        }
        if _stored_meta(self._connection).get("schema") != _SCHEMA_VERSION:
            # Another state format (or a new file): its tables are made again.
            with self._connection:
                for table in _TABLES:
                    self._connection.execute(f"DROP TABLE IF EXISTS {table}")
        self._connection.executescript(_SCHEMA)
        stored = _stored_meta(self._connection)
        complete = stored.pop(_COMPLETE, None) == "1"
        stored_shards = stored.pop(_SHARDS, None)
        # A shard gone (removed by hand) would leave its trials' entries of reused patients out.
        whole = stored_shards is not None and all(
            shard_path(out_dir, shard).is_file() for shard in range(int(stored_shards))
        )
        with self._connection:
            if stored != key or not complete or not whole:
                # Another catalog, code, day, zone or list of trials, a run that stopped midway,
                # or a shard missing: nothing stored can be reused.
                for table in ("meta", "patient"):
                    self._connection.execute(f"DELETE FROM {table}")  # noqa: S608 - constants
                self._connection.executemany("INSERT INTO meta VALUES (?, ?)", key.items())
                stored_shards = None
            self._connection.execute("UPDATE patient SET seen = 0")
        # Fresh: no stored patient, so no stored entry either. Its shards are made anew (their
        # entries staged and sorted once), sized for this run's workers.
        self.fresh = not _has_rows(self._connection, "patient")
        self.shards = (
            shard_count(workers) if self.fresh or stored_shards is None else int(stored_shards)
        )
        if self.fresh:
            shutil.rmtree(out_dir / SHARDS_DIR, ignore_errors=True)
        (out_dir / SHARDS_DIR).mkdir(exist_ok=True)
        with self._connection:
            self._connection.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                ((_SHARDS, str(self.shards)), (_COMPLETE, "0")),
            )
        self._results: list[Path] = []
        self._settled = False
        self._counts: dict[str, VerdictCounts] = {}
        self._written: list[str] = []
        self._forgotten = 0

    def close(self) -> None:
        self._connection.close()

    @property
    def shard_paths(self) -> list[Path]:
        """The shards' files, in shard order."""
        return [shard_path(self._dir, shard) for shard in range(self.shards)]

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
        """A partition's result file (`partition_results`): its screened patients' hashes and
        skips replace the stored ones, its reused patients are marked seen. Its entries are the
        shards' to merge (`settle`): the file is kept until then."""
        if self._settled:
            raise RuntimeError("the state is settled: a run merges every result file first")
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
        finally:
            self._connection.execute("DETACH DATABASE part")
        self._results.append(results)

    def settle(
        self,
        run: RunTasks = in_process,
        out_dir: Path | None = None,
        copy: EntryCopy | None = None,
    ) -> None:
        """Every merged file's entries into the shards, a task per shard on `run` (an engine's
        runner, or this process), each writing its trials' worklist CSVs into `out_dir` and
        copying its entries into the service database (`copy`) when given; then the patients
        the export no longer holds are forgotten, and the state is complete. Once: the reads
        below settle first."""
        if self._settled:
            return
        tasks = [
            ShardTask(
                path,
                shard,
                tuple(self._results),
                self.fresh,
                None if self.fresh else self.path,
                out_dir,
                copy,
            )
            for shard, path in enumerate(self.shard_paths)
        ]
        for settled in run(settle_shard, tasks):
            self._counts.update(settled.counts)
            self._written.extend(settled.written)
        with self._connection as db:
            gone = db.execute("SELECT count(*) FROM patient WHERE seen = 0").fetchone()[0]
            db.execute("DELETE FROM patient WHERE seen = 0")
            db.execute("UPDATE meta SET value = '1' WHERE key = ?", (_COMPLETE,))
        self._forgotten = int(gone)
        self._settled = True

    def forgotten(self) -> int:
        """How many patients the export no longer holds `settle` dropped, with their entries."""
        self.settle()
        return self._forgotten

    @property
    def written(self) -> list[str]:
        """The worklist files the shards' tasks wrote (`settle` with an `out_dir`)."""
        return list(self._written)

    def skipped_patients(self) -> dict[SkipReason, int]:
        rows = self._connection.execute(
            "SELECT skipped, count(*) FROM patient WHERE skipped IS NOT NULL GROUP BY skipped"
        )
        return {SkipReason(reason): count for reason, count in rows}

    def counts(self) -> dict[str, VerdictCounts]:
        """Trial -> its patients by verdict (a worklist's two), as the shards counted them."""
        self.settle()
        return dict(self._counts)

    def entries(self, nct_id: str) -> Iterator[TrialEntry]:
        """One trial's entries: eligible first, then by patient id."""
        return map(trial_entry, self.stored_entries(nct_id))

    def stored_entries(self, nct_id: str) -> Iterator[StoredEntry]:
        """`entries` as stored (their undecided criteria as JSON)."""
        self.settle()
        with closing(open_read_only(self._shard_of(nct_id), immutable=True)) as shard:
            rows = shard.execute(
                "SELECT e.nct_id, e.patient_id, e.verdict, s.json, e.data_date "
                "FROM entry AS e JOIN unknown_set AS s USING (set_id) WHERE e.nct_id = ? "
                "ORDER BY e.verdict != 'eligible', e.patient_id",
                (nct_id,),
            ).fetchall()
        for nct, patient_id, verdict, unknowns, data_date in rows:
            day = date.fromisoformat(data_date) if data_date else None
            yield StoredEntry(nct, patient_id, verdict, unknowns, day)

    def csv_lines(self, nct_id: str) -> list[str]:
        """One trial's worklist CSV rows, each a finished line, in `entries` order."""
        self.settle()
        with closing(open_read_only(self._shard_of(nct_id), immutable=True)) as shard:
            return list(csv_lines(shard, nct_id))

    def _shard_of(self, nct_id: str) -> Path:
        return shard_path(self._dir, shard_of(nct_id, self.shards))


def trials_key(trials: Sequence[str] | None) -> str:
    """The state key's part for the asked trials: "all", or a SHA-256 of the distinct ids,
    sorted (a list of hundreds of ids would make a long key; the order they were asked in does
    not change what is stored)."""
    if trials is None:
        return "all"
    return hashlib.sha256("\n".join(sorted(set(trials))).encode()).hexdigest()


def _has_rows(connection: sqlite3.Connection, table: str) -> bool:
    query = f"SELECT 1 FROM {table} LIMIT 1"  # noqa: S608 - this module's table names
    return connection.execute(query).fetchone() is not None


def _stored_meta(connection: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError:  # a new file: no table yet
        return {}
