"""`oncomatch curation ...`: a trial's curated versions from the command line.

`export NCT...` writes the trial in force in the `trials/*.json` format, `publish FILE --by NAME`
publishes an edited one as the next version (NAME: an enabled staff account with the curator or
admin role), `versions`, `diff`, `restore`, and `changes` / `review` for registry text that a
sync changed since curation. Each publish, restore and review is in the staff audit trail.

A running service takes a published version in within ONCOMATCH_CATALOG_REFRESH_SECONDS. Mistakes
are one line each on stderr and exit 1 (2 for the database or the settings, as elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from cds_service.catalog.source import CatalogLayers, load_local_catalog
from cds_service.catalog.store import ImportedTrialStore
from cds_service.cli.database import DatabaseUrl, open_engine
from cds_service.cli.errors import CONFIGURATION_ERROR, database_errors, load_settings
from cds_service.cli.table import print_table
from cds_service.clock import system_clock
from cds_service.curation.curators import curator
from cds_service.curation.errors import (
    CurationError,
    InvalidTrialError,
    StaleRegistryTextError,
    UnknownTrialError,
)
from cds_service.curation.registry_text import registry_text_hash
from cds_service.curation.trial_file import exportable_trial, trial_file_json
from cds_service.curation.validation import validated_trial
from cds_service.curation.versions import CurationStore
from cds_service.storage.schema import upgrade_schema
from eligibility.errors import CatalogError
from eligibility.provenance import provenance_line

curation_app = typer.Typer(
    help="Curated versions of trials' criteria: export, publish, versions, diff, restore.",
    no_args_is_help=True,
)

CURATION_ERROR = 1

NctId = Annotated[str, typer.Argument(help="The trial's NCT id.", show_default=False)]
ByName = Annotated[
    str,
    typer.Option("--by", help="Your staff account (curator or admin role).", show_default=False),
]
Note = Annotated[str | None, typer.Option("--note", help="Why: kept with the version.")]


@dataclass(frozen=True, slots=True)
class _Workspace:
    engine: Engine
    layers: CatalogLayers

    @property
    def store(self) -> CurationStore:
        return self.layers.curation


@contextmanager
def _workspace(database_url: str | None) -> Iterator[_Workspace]:
    settings = load_settings()
    try:
        local = load_local_catalog(settings)
    except CatalogError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(CONFIGURATION_ERROR) from None
    with database_errors(), open_engine(database_url) as engine:
        upgrade_schema(engine)
        layers = CatalogLayers(
            local=local,
            imported=ImportedTrialStore(engine),
            curation=CurationStore(engine, clock=system_clock),
            site_name=settings.site_name,
        )
        try:
            yield _Workspace(engine, layers)
        except InvalidTrialError as error:
            for problem in error.trial_problems:
                typer.echo(f"error: {problem}", err=True)
            raise typer.Exit(CURATION_ERROR) from None
        except CurationError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(CURATION_ERROR) from None


def _nct(raw: str) -> str:
    return raw.strip().upper()


@curation_app.command("export")
def export_command(
    nct_ids: Annotated[list[str], typer.Argument(help="NCT ids.", show_default=False)],
    out_dir: Annotated[
        Path | None,
        typer.Option("--out-dir", help="Write NCT….json files here (needed for several ids)."),
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the trial in force in the trials/*.json format (stdout for one id)."""
    if out_dir is None and len(nct_ids) > 1:
        typer.echo("error: several trials: give --out-dir to write one file each", err=True)
        raise typer.Exit(CURATION_ERROR)
    with _workspace(database_url) as work:
        trials = [exportable_trial(work.layers, _nct(nct_id)) for nct_id in nct_ids]
    if out_dir is None:
        typer.echo(trial_file_json(trials[0]), nl=False)
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    for trial in trials:
        path = out_dir / f"{trial.nct_id}.json"
        path.write_text(trial_file_json(trial), encoding="utf-8")
        typer.echo(f"wrote {path}")


@curation_app.command("publish")
def publish_command(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="A trial in the trials/*.json format."),
    ],
    by: ByName,
    note: Note = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Publish the file as the trial's next curated version (in force at once)."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        typer.echo(f"error: {file}: cannot be read: {error}", err=True)
        raise typer.Exit(CURATION_ERROR) from None
    with _workspace(database_url) as work:
        try:
            trial = validated_trial(text)
        except InvalidTrialError as error:
            for problem in error.trial_problems:
                typer.echo(f"error: {file}: {problem}", err=True)
            raise typer.Exit(CURATION_ERROR) from None
        member = curator(work.engine, by)
        if work.layers.trial(trial.nct_id) is None:
            raise UnknownTrialError(trial.nct_id)
        # The file's eligibility text is the registry text read (the export put it there).
        imported = work.store.registry_text(trial.nct_id).text is not None
        read = registry_text_hash(trial.eligibility_text) if imported else None
        try:
            version = work.store.publish(trial, by=member.name, note=note, registry_text_hash=read)
        except StaleRegistryTextError:
            typer.echo(
                f"error: {trial.nct_id}: the file's eligibility_text is not the registry text "
                "stored now (a sync changed it since the export, or it was edited): export "
                f"again, see `oncomatch curation changes {trial.nct_id}`, and redo the edits",
                err=True,
            )
            raise typer.Exit(CURATION_ERROR) from None
    typer.echo(f"published {version.nct_id} version {version.number} by {version.published_by}")


@curation_app.command("versions")
def versions_command(nct_id: NctId, database_url: DatabaseUrl = None) -> None:
    """The trial's curated versions, newest first."""
    nct = _nct(nct_id)
    with _workspace(database_url) as work:
        versions = work.store.versions(nct)
        in_force = work.layers.trial(nct)
        if in_force is None:
            raise UnknownTrialError(nct)
        change = work.store.registry_changes(nct)
    if not versions:
        typer.echo(f"{nct} has no curated version; in force: {provenance_line(in_force)}")
        return
    typer.echo(f"{nct}: version {versions[0].number} in force")
    print_table(
        ("version", "published (UTC)", "by", "note"),
        [
            (
                str(v.number),
                v.published_at.strftime("%Y-%m-%d %H:%M"),
                v.published_by,
                _note(v.note, v.restored_from),
            )
            for v in versions
        ],
    )
    if change is not None:
        typer.echo(
            f"registry text changed since version {change.version} was curated: "
            f"`oncomatch curation changes {nct}`"
        )


def _note(note: str | None, restored_from: int | None) -> str:
    parts = [f"restored version {restored_from}"] if restored_from is not None else []
    if note:
        parts.append(note)
    return "; ".join(parts) or "-"


@curation_app.command("diff")
def diff_command(
    nct_id: NctId,
    a: Annotated[int, typer.Argument(help="Version from.", min=1)],
    b: Annotated[int, typer.Argument(help="Version to.", min=1)],
    database_url: DatabaseUrl = None,
) -> None:
    """What changed from version A to version B, criterion by criterion."""
    with _workspace(database_url) as work:
        diff = work.store.compare(_nct(nct_id), a, b)
    for line in diff.lines():
        typer.echo(line)


@curation_app.command("restore")
def restore_command(
    nct_id: NctId,
    number: Annotated[int, typer.Argument(help="The version to bring back.", min=1)],
    by: ByName,
    note: Note = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Publish a new version equal to version N (history is kept)."""
    with _workspace(database_url) as work:
        member = curator(work.engine, by)
        version = work.store.restore(_nct(nct_id), number, by=member.name, note=note)
    typer.echo(
        f"published {version.nct_id} version {version.number} (equal to version {number}) "
        f"by {version.published_by}"
    )


@curation_app.command("changes")
def changes_command(nct_id: NctId, database_url: DatabaseUrl = None) -> None:
    """The registry's eligibility text against what the version in force was curated on."""
    nct = _nct(nct_id)
    with _workspace(database_url) as work:
        change = work.store.registry_changes(nct)
        if change is None and work.layers.trial(nct) is None:
            raise UnknownTrialError(nct)
    if change is None:
        typer.echo(f"{nct}: no registry text change to review")
        return
    typer.echo(
        f"{nct}: registry text changed (stored {change.registry_changed_at:%Y-%m-%d %H:%M} UTC) "
        f"since version {change.version} was curated"
    )
    for line in change.diff:
        typer.echo(line)


@curation_app.command("review")
def review_command(nct_id: NctId, by: ByName, database_url: DatabaseUrl = None) -> None:
    """Keep the version in force after reading the registry's changed text (clears the flag)."""
    nct = _nct(nct_id)
    with _workspace(database_url) as work:
        member = curator(work.engine, by)
        cleared = work.store.mark_reviewed(nct, member.name)
    if cleared:
        typer.echo(f"{nct}: registry text change reviewed by {member.name}; flag cleared")
    else:
        typer.echo(f"{nct}: there was no registry text change to review; review recorded")
