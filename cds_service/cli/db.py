"""`oncomatch db upgrade|current`: the database schema, kept by the revisions shipped in
`cds_service.storage.migrations`.

The service upgrades the schema itself at startup unless ONCOMATCH_AUTO_MIGRATE is off; these
commands are for deployments that upgrade as a separate step, and for looking. Both use the
database named by ONCOMATCH_DATABASE_URL (default: the SQLite file in ONCOMATCH_DATA_DIR) or
`--database-url`.
"""

from __future__ import annotations

import typer

from cds_service.cli.database import DatabaseUrl, open_engine
from cds_service.cli.errors import database_errors
from cds_service.storage.migrations import head_revision
from cds_service.storage.schema import database_revision, upgrade_schema

db_app = typer.Typer(
    help="The database schema: upgrade it to this version, or show where it is.",
    no_args_is_help=True,
)

BEHIND = 1


@db_app.command("upgrade")
def upgrade_command(database_url: DatabaseUrl = None) -> None:
    """Upgrade the schema to this version (safe while replicas run or start)."""
    with database_errors(), open_engine(database_url) as engine:
        result = upgrade_schema(engine)
    if not result.changed:
        typer.echo(f"database schema already at {result.after}")
        return
    adopted = " (tables from before migrations adopted)" if result.adopted else ""
    typer.echo(
        f"database schema upgraded from {result.before or 'nothing'} to {result.after}{adopted}"
    )


@db_app.command("current")
def current_command(database_url: DatabaseUrl = None) -> None:
    """Print the schema's revision; exit 1 when it is behind this version."""
    head = head_revision()
    with database_errors(), open_engine(database_url) as engine:
        current = database_revision(engine)
    if current == head:
        typer.echo(f"database schema at {current} (current)")
        return
    at = f"at {current}" if current else "not initialised"
    typer.echo(f"database schema {at}; this version needs {head}: run `oncomatch db upgrade`")
    raise typer.Exit(BEHIND)
