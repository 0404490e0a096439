"""`run_prescreen`: a bulk export folder in, worklists and a summary out.

1. List the export's data files (`export_reader`), load the catalog (`worker_catalog`, the same
   loader the workers use; of the asked trials alone, `--trial`) and check the asked trials
   are in it and matched.
2. Hash every resource to disk by patient id (`partitioning`, tasks on the engine's workers),
   in partitions of at most the memory bound's number of patients.
3. Run one task per partition on the engine (`engines`); each patient is mapped and matched by
   the hook's own function (`patient_job`), unless unchanged since the previous run (`reuse`).
   Asked trials travel with each task: workers load and match those only, so the result
   files, the state, the CSVs and the database hold nothing of other trials.
   A task writes its results into a file beside its partition (`partition_results`), each
   shard's entries in their own table; this process merges its patients into the state file
   (`reuse`) as tasks finish.
4. Settle the state: one task per shard of the trials on the engine's workers
   (`state_shards`) merges every result file's entries of its trials, sorts and counts them
   and writes their `worklist-<NCT>.csv` into OUT_DIR. Then `summary.json`, and the run is
   stored in the database (`worklists.WorklistStore`) for the staff pages, from the shards.
"""

from __future__ import annotations

import logging
import math
import shutil
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from cds_service.clock import Clock, local_date
from cds_service.prescreen.engines import Engine, LocalEngine
from cds_service.prescreen.errors import (
    AsOfError,
    OutputBusyError,
    OutputDirError,
    UnknownTrialError,
    os_reason,
)
from cds_service.prescreen.export_reader import (
    export_bytes,
    export_files,
    transaction_time,
)
from cds_service.prescreen.merges import Merges, find_merges
from cds_service.prescreen.partition_results import results_path
from cds_service.prescreen.partitioning import (
    CHUNK_BYTES,
    MAX_SPLIT,
    PartitionPlan,
    partition_export,
    remove_partition,
)
from cds_service.prescreen.patient_job import PartitionResult, PartitionTask, run_partition
from cds_service.prescreen.reuse import STATE_FILE, RunState
from cds_service.prescreen.screening_code import screening_code_fingerprint
from cds_service.prescreen.state_shards import NO_PATIENTS
from cds_service.prescreen.summary import SUMMARY_FILE, RunSummary, TrialCount
from cds_service.prescreen.worker_catalog import WorkerCatalog, fresh_catalog
from cds_service.prescreen.worklists import EntryCopy, WorklistStore, worklist_name, write_csv
from cds_service.service import open_database
from cds_service.settings import Settings

logger = logging.getLogger("oncomatch.prescreen")

WORK_DIR = ".prescreen-work"
LOCK_FILE = ".prescreen.lock"
WORKLIST_GLOB = "worklist-*.csv"
# Routing tasks per worker at least, before chunks grow past `CHUNK_BYTES`: enough that the
# workers finish together although chunks differ (a gzip is one chunk whatever its size).
CHUNKS_PER_WORKER = 8
# Partitions per worker at least (see `_fanout`).
PARTITIONS_PER_WORKER = 4


@dataclass(slots=True)
class _Tally:
    screened: int = 0
    reused: int = 0
    peak: int = 0
    standing_apart: int = 0

    def add(self, result: PartitionResult) -> None:
        self.screened += result.screened
        self.reused += result.reused
        self.peak = max(self.peak, result.in_memory)
        self.standing_apart += result.standing_apart


def run_prescreen(
    export_dir: Path,
    out_dir: Path,
    *,
    settings: Settings,
    clock: Clock,
    engine: Engine | None = None,
    trials: Sequence[str] = (),
    as_of: date | None = None,
    store: WorklistStore | None = None,
) -> RunSummary:
    """Pre-screen every patient of `export_dir` as of `as_of` (default: the clock's today in the
    hospital's zone; a later day raises `AsOfError`)."""
    started_at = clock()
    laps = _Laps()
    engine = engine or LocalEngine()
    files = export_files(export_dir)
    today = local_date(started_at, settings.zone)
    if as_of is not None and as_of > today:
        raise AsOfError.after_today(as_of.isoformat(), today.isoformat(), settings.time_zone)
    as_of = as_of or today
    if out_dir.exists() and not out_dir.is_dir():
        # Before the catalog loads: a slip of the command line is told at once.
        raise OutputDirError.not_a_folder(str(out_dir))
    # The schema at this version (or refused) before any worker reads imported trials from it.
    open_database(settings).dispose()
    wanted = _asked(trials)
    catalog = fresh_catalog(settings, wanted)
    _check_trials(catalog, wanted)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputDirError.not_made(str(out_dir), os_reason(error)) from None
    with _only_run_in(out_dir):
        return _run(
            export_dir,
            out_dir,
            files,
            catalog,
            wanted,
            engine,
            settings,
            store,
            started_at=started_at,
            as_of=as_of,
            laps=laps,
        )


@dataclass(slots=True)
class _Laps:
    """Wall seconds of the run so far, and of each phase since the one before."""

    started: float = field(default_factory=time.perf_counter)
    phases: dict[str, float] = field(default_factory=dict)
    _last: float | None = None

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = round(now - (self.started if self._last is None else self._last), 3)
        self._last = now

    def total(self) -> float:
        return time.perf_counter() - self.started


@contextmanager
def _only_run_in(out_dir: Path) -> Iterator[None]:
    """Hold OUT for this run: a second run in the same folder would delete this one's
    partitions and interleave its state."""
    import fcntl  # POSIX only, like the service's deployments (Linux containers)

    try:
        held = (out_dir / LOCK_FILE).open("a")
    except OSError as error:
        raise OutputDirError.unusable(str(out_dir), LOCK_FILE, os_reason(error)) from None
    with held as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusyError(
                f"another pre-screening is running with --out {out_dir}; wait for it to end"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run(
    export_dir: Path,
    out_dir: Path,
    files: list[Path],
    catalog: WorkerCatalog,
    wanted: tuple[str, ...] | None,
    engine: Engine,
    settings: Settings,
    store: WorklistStore | None,
    *,
    started_at: datetime,
    as_of: date,
    laps: _Laps,
) -> RunSummary:
    work_dir = out_dir / WORK_DIR
    shutil.rmtree(work_dir, ignore_errors=True)
    copied: EntryCopy | None = None
    try:
        state = RunState(
            out_dir,
            catalog_fingerprint=catalog.fingerprint,
            screening_code=screening_code_fingerprint(),
            as_of=as_of,
            time_zone=settings.time_zone,
            trials=wanted,
            workers=engine.workers,
        )
    except (OSError, sqlite3.Error) as error:
        reason = os_reason(error) if isinstance(error, OSError) else str(error)
        raise OutputDirError.unusable(str(out_dir), STATE_FILE, reason) from None
    laps.lap("start")
    try:
        with engine.start(settings, catalog.fingerprint, wanted) as runner:
            total_bytes = export_bytes(files)
            chunk_bytes = _chunk_bytes(total_bytes, engine.workers)
            merges = find_merges(files, runner.run, chunk_bytes)
            plan = partition_export(
                files,
                work_dir,
                max_patients=settings.prescreen_max_patients_in_memory,
                fanout=_fanout(total_bytes, settings, engine.workers),
                run=runner.run,
                chunk_bytes=chunk_bytes,
                merges=merges.survivors,
            )
            laps.lap("partition")
            previous = state.previous_hashes(work_dir / "previous.sqlite3")
            tasks = {
                results_path(partition.path): PartitionTask(
                    partition.path,
                    plan.medications,
                    as_of,
                    settings,
                    catalog.fingerprint,
                    state.shards,
                    previous,
                    wanted,
                )
                for partition in plan.partitions
            }
            tally = _Tally()
            for result in runner.run(run_partition, list(tasks.values())):
                state.merge(result.path)
                # Screened: the work folder keeps its results (for the shards) and what is to come.
                remove_partition(tasks[result.path].partition)
                tally.add(result)
            laps.lap("screening")
            # The shards' tasks merge the results, sort and count each trial's entries, write
            # its worklist CSV and, on PostgreSQL, copy the entries into the service database.
            copied = store.reserve_copy(state.shards) if store is not None else None
            state.settle(runner.run, out_dir, copied)
            laps.lap("shards")
            shutil.rmtree(work_dir, ignore_errors=True)
            forgotten = state.forgotten()
            counts = _trial_counts(catalog, state, wanted)
            laps.lap("settle")
        written = set(state.written)
        written |= _write_empty_worklists(out_dir, counts, written)
        _remove_stale_worklists(out_dir, written)
        laps.lap("worklists")
        summary = _summary(
            plan=plan,
            merges=merges,
            state=state,
            counts=counts,
            tally=tally,
            forgotten=forgotten,
            catalog=catalog,
            engine=engine,
            started_at=started_at,
            as_of=as_of,
            export_time=transaction_time(export_dir),
            laps=laps,
            settings=settings,
        )
        try:
            summary.write(out_dir)
        except OSError as error:
            raise OutputDirError.unwritable(str(out_dir), SUMMARY_FILE, os_reason(error)) from None
        if store is not None:
            store.save_state(summary, state.shard_paths, copied=copied)
            copied = None  # saved: the run owns them
    finally:
        if copied is not None and store is not None:
            _abandon(store, copied)
        state.close()
        shutil.rmtree(work_dir, ignore_errors=True)
    logger.info(
        "pre-screening: %d patients (%d screened, %d reused) in %.1f s on %s",
        summary.patients_read,
        summary.patients_screened,
        summary.patients_reused,
        summary.seconds,
        summary.engine,
    )
    return summary


def _abandon(store: WorklistStore, copied: EntryCopy) -> None:
    """The entries copied for a run that stopped before it was saved: deleted, or left to the
    next saves' clean-up of old runs (their id is below every later run's) when the database
    cannot be reached either; the run's own error is the one raised."""
    try:
        store.abandon_copy(copied)
    except Exception:
        logger.warning("pre-screening: could not delete the entries of an unsaved run")


def _asked(trials: Sequence[str]) -> tuple[str, ...] | None:
    """The asked trials (`--trial`), as ids, sorted, once each; None when none was asked:
    every trial."""
    if not trials:
        return None
    return tuple(sorted({nct_id.strip().upper() for nct_id in trials}))


def _check_trials(catalog: WorkerCatalog, wanted: tuple[str, ...] | None) -> None:
    """Each asked trial is in the catalog (loaded for them) and matched, else
    `UnknownTrialError`."""
    if wanted is None:
        return
    problems = []
    for nct_id in wanted:
        trial = catalog.holder.catalog.get(nct_id)
        why_not = catalog.holder.referral.why_not(trial) if trial is not None else None
        if trial is None:
            problems.append(nct_id)
        elif why_not is not None:
            problems.append(f"{nct_id} (never matched: {why_not})")
    if problems:
        raise UnknownTrialError(problems)


def _fanout(total_bytes: int, settings: Settings, workers: int) -> int:
    """First-pass partitions: enough for the bytes per partition aimed at, and
    `PARTITIONS_PER_WORKER` per worker at least: the run ends when its last partition does, so
    the smaller that is, the less the other workers wait idle (2,000 patients in 5 partitions on
    2 workers left one idle for a fifth of the screening). Partitions too full are split later."""
    by_size = math.ceil(total_bytes / settings.prescreen_partition_bytes)
    return max(1, min(MAX_SPLIT, max(by_size, PARTITIONS_PER_WORKER * workers)))


def _chunk_bytes(total_bytes: int, workers: int) -> int:
    """Bytes per routing task: `CHUNK_BYTES`, or more for an export far larger than the
    workers need to be kept busy, since each task writes a shard file per bucket (a 130 GB
    export in 32 MB chunks would be a million shard files)."""
    return max(CHUNK_BYTES, math.ceil(total_bytes / (CHUNKS_PER_WORKER * max(1, workers))))


def _trial_counts(
    catalog: WorkerCatalog, state: RunState, wanted: tuple[str, ...] | None
) -> list[TrialCount]:
    """A worklist per asked trial (even one no patient reached: an operator who asked for it
    gets its file), or, when none was asked, per trial some patient reached. The state holds
    the asked trials' entries only (`PartitionTask.trials`): the counts are read, not filtered."""
    counts = state.counts()
    shown = sorted(counts) if wanted is None else wanted
    out = []
    for nct_id in shown:
        trial = catalog.holder.catalog.get(nct_id)
        found = counts.get(nct_id, NO_PATIENTS)
        out.append(
            TrialCount(
                nct_id=nct_id,
                title=(trial.short_title or trial.title) if trial else nct_id,
                eligible=found.eligible,
                possibly_eligible=found.possibly_eligible,
            )
        )
    return out


def _summary(
    *,
    plan: PartitionPlan,
    merges: Merges,
    state: RunState,
    counts: list[TrialCount],
    tally: _Tally,
    forgotten: int,
    catalog: WorkerCatalog,
    engine: Engine,
    started_at: datetime,
    as_of: date,
    export_time: datetime | None,
    laps: _Laps,
    settings: Settings,
) -> RunSummary:
    seconds = laps.total()
    return RunSummary.model_validate(
        {
            "as_of": as_of,
            "time_zone": settings.time_zone,
            "started_at": started_at,
            "export_transaction_time": export_time,
            "engine": engine.name,
            "workers": engine.workers,
            "whole_catalog": catalog.trials is None,
            "catalog_trials": len(catalog.holder.catalog),
            "catalog_fingerprint": catalog.fingerprint,
            "screening_code_fingerprint": screening_code_fingerprint(),
            "resources_read": plan.lines,
            "resources_skipped": {str(k): v for k, v in sorted(plan.skipped.items())},
            "patients_read": plan.patients + tally.standing_apart,
            "records_merged": len(merges.survivors),
            "records_merged_into_none": merges.ambiguous,
            "patients_screened": tally.screened,
            "patients_reused": tally.reused,
            "patients_skipped": {str(k): v for k, v in sorted(state.skipped_patients().items())},
            "patients_forgotten": forgotten,
            "trials": counts,
            "partitions": len(plan.partitions),
            "max_patients_in_memory": settings.prescreen_max_patients_in_memory,
            "peak_patients_in_memory": tally.peak,
            "seconds": round(seconds, 3),
            "patients_per_second": round((plan.patients + tally.standing_apart) / seconds, 1)
            if seconds > 0
            else 0.0,
            "phase_seconds": laps.phases,
        }
    )


def _write_empty_worklists(out_dir: Path, counts: list[TrialCount], written: set[str]) -> set[str]:
    """A header-only file for each worklist no patient reached (an asked trial's): the shards
    wrote the others (`written`)."""
    return {
        write_csv(out_dir, count.nct_id, ()).name
        for count in counts
        if worklist_name(count.nct_id) not in written
    }


def _remove_stale_worklists(out_dir: Path, written: set[str]) -> None:
    # A trial no longer on any worklist must not keep the previous run's file.
    for stale in out_dir.glob(WORKLIST_GLOB):
        if stale.name not in written:
            try:
                stale.unlink()
            except OSError as error:
                raise OutputDirError.unwritable(
                    str(out_dir), stale.name, os_reason(error)
                ) from None
