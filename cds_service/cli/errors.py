"""How the commands report what stops them: one line on stderr, exit 2, never a traceback.

Exit 2 is for what the operator must fix before the command can run: a bad ONCOMATCH_* setting,
a database that cannot be reached or whose schema does not fit this version.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from cds_service.settings import Settings
from cds_service.startup import StartupError, read_settings
from cds_service.storage.errors import SchemaError

CONFIGURATION_ERROR = 2


def load_settings(prefix: str = "error") -> Settings:
    """The settings from the environment, or each bad one named on its own line and exit 2."""
    try:
        return read_settings()
    except StartupError as error:
        for line in str(error).splitlines():
            typer.echo(f"{prefix}: {line}", err=True)
        raise typer.Exit(CONFIGURATION_ERROR) from None


@contextmanager
def database_errors(prefix: str = "error") -> Iterator[None]:
    """Around a command's use of the database: a schema that does not fit, or a database that
    cannot be reached or read, is one line and exit 2."""
    try:
        yield
    except SchemaError as error:
        typer.echo(f"{prefix}: {error}", err=True)
        raise typer.Exit(CONFIGURATION_ERROR) from None
    except SQLAlchemyError as error:
        typer.echo(f"{prefix}: database: {_first_line(error)}", err=True)
        raise typer.Exit(CONFIGURATION_ERROR) from None


def _first_line(error: SQLAlchemyError) -> str:
    # The driver's own message, without SQLAlchemy's statement and link lines; it names host
    # and port, never the password.
    cause = error.orig if isinstance(error, DBAPIError) else error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__
