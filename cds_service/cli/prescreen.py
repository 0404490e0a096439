"""`oncomatch prescreen EXPORT_DIR --out OUT_DIR`: every patient of a FHIR Bulk Data export
against the catalog; worklists per trial (CSV, and in the database for the staff pages) and a
summary. What stops the run is one line on stderr and exit 2, never a traceback.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from cds_service.cli.errors import CONFIGURATION_ERROR, database_errors, load_settings
from cds_service.cli.wording import counted
from cds_service.clock import system_clock
from cds_service.prescreen.engines import (
    SCHEDULER_TIMEOUT_SECONDS,
    DaskEngine,
    Engine,
    LocalEngine,
    require_dask,
)
from cds_service.prescreen.errors import PrescreenError
from cds_service.prescreen.summary import SUMMARY_FILE, RunSummary


class EngineChoice(StrEnum):
    LOCAL = "local"
    DASK = "dask"


def prescreen(
    export_dir: Annotated[Path, typer.Argument(help="Bulk export folder (*.ndjson, *.ndjson.gz)")],
    out: Annotated[Path, typer.Option("--out", help="Where worklists and summary.json go")],
    trial: Annotated[
        list[str] | None,
        typer.Option(
            "--trial",
            help="Match only this trial (repeat for several): its worklist, and no work or "
            "storage spent on the catalog's other trials",
        ),
    ] = None,
    engine: Annotated[EngineChoice, typer.Option(help="local processes or a Dask cluster")] = (
        EngineChoice.LOCAL
    ),
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (tcp://host:8786); --engine dask")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Worker processes (local, or a LocalCluster); default: CPUs", min=1),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Match as of YYYY-MM-DD, today or before; default: today in ONCOMATCH_TIME_ZONE",
        ),
    ] = None,
    connect_timeout: Annotated[
        float, typer.Option(help="Seconds to wait for --scheduler", min=0.1)
    ] = SCHEDULER_TIMEOUT_SECONDS,
) -> None:
    """Pre-screen every patient of a bulk export: worklist-<NCT>.csv per trial, summary.json."""
    from cds_service.prescreen.run import run_prescreen
    from cds_service.prescreen.worklists import WorklistStore
    from cds_service.service import open_database

    day = _as_of(as_of)
    if any(not nct_id.strip() for nct_id in trial or ()):
        _fail("a --trial is blank: give an NCT id (or no --trial for every trial)")
    chosen = _engine(engine, scheduler, workers or os.cpu_count() or 1, connect_timeout)
    settings = load_settings()
    with database_errors(), _stopped_by_signals():
        database = open_database(settings)
        try:
            summary = run_prescreen(
                export_dir,
                out,
                settings=settings,
                clock=system_clock,
                engine=chosen,
                trials=trial or (),
                as_of=day,
                store=WorklistStore(database, clock=system_clock),
            )
        except PrescreenError as error:
            _fail(str(error))
        finally:
            database.dispose()
    typer.echo(_report(summary, out))


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the run is, as Ctrl-C is: the same way out, through every
    clean-up on the way (workers stopped, work folder removed, transaction rolled back)."""


def _terminated(signum: int, frame: object) -> NoReturn:
    raise _Terminated


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """A run stopped by SIGTERM (a scheduler's time limit) or SIGINT (Ctrl-C) ends with one
    line and the shell's code for the signal (143, 130). Nothing of it reaches the staff pages
    (the database is written last, in one transaction); the folder's worklists may be of
    either run until the next one ends, and a state left half made is not reused (`reuse`)."""
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    except KeyboardInterrupt as stop:
        received = signal.SIGTERM if isinstance(stop, _Terminated) else signal.SIGINT
        typer.echo(
            f"error: pre-screening stopped ({received.name}): the staff pages keep the previous "
            "run; run it again for this folder's worklists",
            err=True,
        )
        raise typer.Exit(128 + received) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"--as-of {value!r} is not a date (YYYY-MM-DD)")


def _engine(choice: EngineChoice, scheduler: str | None, workers: int, timeout: float) -> Engine:
    if choice is EngineChoice.LOCAL:
        if scheduler is not None:
            _fail("--scheduler names a Dask scheduler: use it with --engine dask")
        return LocalEngine(workers)
    try:
        require_dask()
    except PrescreenError as error:
        _fail(str(error))
    return DaskEngine(workers=workers, scheduler=scheduler, connect_timeout=timeout)


def _report(summary: RunSummary, out: Path) -> str:
    skipped = sum(summary.patients_skipped.values())
    # The day is the hospital's (GEN-LOCAL-DAY): an operator in another zone reads which one.
    day = f"{summary.as_of} ({summary.time_zone})" if summary.time_zone else str(summary.as_of)
    lines = [
        f"pre-screened {counted(summary.patients_read, 'patient')} as of {day} "
        f"({summary.patients_screened} screened, {summary.patients_reused} unchanged, "
        f"{skipped} skipped) in {summary.seconds:.1f} s on {summary.engine} "
        f"with {counted(summary.workers, 'worker')}",
        f"{counted(len(summary.trials), 'worklist')} in {out}; details in {out / SUMMARY_FILE}",
    ]
    for reason, count in {**summary.resources_skipped, **summary.patients_skipped}.items():
        lines.append(f"  skipped: {count} {reason.replace('_', ' ')}")
    if summary.records_merged:
        lines.append(
            f"  merged: {counted(summary.records_merged, 'record')}, each read as part of "
            "the record that replaced it (Patient.link)"
        )
    if summary.records_merged_into_none:
        lines.append(
            f"  not merged: {counted(summary.records_merged_into_none, 'record')} whose merge "
            "links disagree, each screened on its own data"
        )
    return "\n".join(lines)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(CONFIGURATION_ERROR)
