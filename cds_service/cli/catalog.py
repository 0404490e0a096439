"""`oncomatch catalog import|sync`: build the imported part of the catalog from ClinicalTrials.gov.

Mounted by the main CLI as the `catalog` group (`app.add_typer(catalog_app, name="catalog")`).
Both commands write to the database named by ONCOMATCH_DATABASE_URL (default: the SQLite file in
ONCOMATCH_DATA_DIR) or `--database-url`, and end with a one-line summary. Like
`oncomatch db upgrade`, they bring the database's schema to this version first (an operator
runs them by hand, and the upgrade is safe beside running replicas).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from cds_service.catalog.ctgov_sync import (
    DEFAULT_BASE_URL,
    CtgovClient,
    CtgovSync,
    CtgovSyncError,
    SyncQuery,
)
from cds_service.catalog.store import ImportedTrialStore
from cds_service.cli.database import DatabaseUrl, open_engine
from cds_service.cli.errors import database_errors
from cds_service.cli.wording import counted
from cds_service.storage.schema import upgrade_schema
from eligibility.ctgov import CtgovFormatError, convert_study, iter_studies
from eligibility.trial import Trial, TrialStatus

catalog_app = typer.Typer(
    help="Import and sync trials from ClinicalTrials.gov (API v2).", no_args_is_help=True
)


@contextmanager
def _store(database_url: str | None) -> Iterator[ImportedTrialStore]:
    with database_errors(), open_engine(database_url) as engine:
        upgrade_schema(engine)
        yield ImportedTrialStore(engine)


def _json_files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*.json") if p.is_file())
    else:
        yield path


def _split_csv(values: list[str] | None) -> tuple[str, ...]:
    found: list[str] = []
    for value in values or []:
        found.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(found)


def _today() -> date:
    return datetime.now(UTC).date()


@catalog_app.command("import")
def import_command(
    path: Annotated[
        Path,
        typer.Argument(
            exists=True,
            help="API v2 JSON: one study, a list, a paged answer, or a directory of such files.",
        ),
    ],
    database_url: DatabaseUrl = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Retrieval date recorded on the trials (YYYY-MM-DD)."),
    ] = None,
) -> None:
    """Import recorded ClinicalTrials.gov API v2 study JSON into the catalog database."""
    try:
        retrieved = date.fromisoformat(as_of) if as_of else _today()
    except ValueError as error:
        raise typer.BadParameter(
            f"{as_of!r} is not a date like 2026-06-01", param_hint="--as-of"
        ) from error
    trials: list[Trial] = []
    raw: dict[str, Mapping[str, Any]] = {}
    last_update: dict[str, date | None] = {}
    for file in _json_files(path):
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
            for study in iter_studies(document, where=str(file)):
                imported = convert_study(study, retrieved=retrieved)
                trials.append(imported.trial)
                raw[imported.trial.nct_id] = study
                last_update[imported.trial.nct_id] = imported.last_update
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            typer.echo(f"error: {file}: cannot be read as JSON: {error}", err=True)
            raise typer.Exit(1) from error
        except CtgovFormatError as error:
            typer.echo(f"error: {file}: {error}", err=True)
            raise typer.Exit(1) from error
    if not trials:
        typer.echo(f"error: no studies found in {path}", err=True)
        raise typer.Exit(1)
    # A study listed twice (overlapping pages): the later record wins.
    unique = list({trial.nct_id: trial for trial in trials}.values())
    with _store(database_url) as store:
        counts = store.upsert(unique, raw, last_update_by_id=last_update)
    structured = sum(1 for trial in unique for c in trial.criteria if c.type != "free_text")
    review = sum(1 for trial in unique for c in trial.criteria if c.type == "free_text")
    typer.echo(
        f"imported {counted(len(unique), 'study', 'studies')}: {counts.new} new, "
        f"{counts.updated} updated, "
        f"{counts.closed} withdrawn/closed, {counts.unchanged} unchanged; "
        f"{counted(structured, 'structured criterion', 'structured criteria')}, "
        f"{review} for manual review"
    )


def _progress(fetched: int, total: int | None) -> None:
    shown = f"{fetched}/{total}" if total is not None else str(fetched)
    end = "\n" if total is not None and fetched >= total else ""
    sys.stderr.write(f"\rfetched {shown} studies{end}")
    sys.stderr.flush()


@catalog_app.command("sync")
def sync_command(
    condition: Annotated[
        list[str] | None,
        typer.Option("--condition", help="Condition query (repeat or comma-separate)."),
    ] = None,
    status: Annotated[
        str,
        typer.Option("--status", help="Overall statuses to fetch, comma-separated."),
    ] = "RECRUITING,NOT_YET_RECRUITING",
    country: Annotated[
        list[str] | None,
        typer.Option("--country", help="Site country (repeat or comma-separate)."),
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="Fetch everything, not only what changed.")
    ] = False,
    base_url: Annotated[
        str,
        typer.Option("--base-url", envvar="ONCOMATCH_CTGOV_BASE_URL", help="API v2 base URL."),
    ] = DEFAULT_BASE_URL,
    page_size: Annotated[int, typer.Option("--page-size", min=1, max=1000)] = 100,
    min_interval: Annotated[
        float, typer.Option("--min-interval", min=0.0, help="Seconds between requests.")
    ] = 1.0,
    max_retries: Annotated[int, typer.Option("--max-retries", min=0)] = 5,
    database_url: DatabaseUrl = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress output.")] = False,
) -> None:
    """Fetch trials from the ClinicalTrials.gov API v2 and store them.

    Incremental by default: only studies updated since the newest stored LastUpdatePostDate,
    without the status filter so that closures are seen. Use --full after changing the query.
    """
    try:
        statuses = tuple(TrialStatus(s.upper()) for s in _split_csv([status]))
    except ValueError as error:
        allowed = ", ".join(s.value for s in TrialStatus)
        raise typer.BadParameter(f"{error}; use {allowed}", param_hint="--status") from error
    query = SyncQuery(
        conditions=_split_csv(condition),
        statuses=statuses,
        countries=_split_csv(country),
        page_size=page_size,
    )
    client = CtgovClient(base_url, min_interval=min_interval, max_retries=max_retries)
    with _store(database_url) as store:
        sync = CtgovSync(client, store, progress=None if quiet else _progress)
        try:
            summary = sync.run(query, incremental=not full)
        except CtgovSyncError as error:
            typer.echo(f"\nerror: {error}", err=True)
            raise typer.Exit(1) from error
    if not quiet:
        sys.stderr.write("\n")
    for problem in summary.errors:
        typer.echo(f"warning: {problem}", err=True)
    typer.echo(summary.line())
