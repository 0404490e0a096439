"""The database a command works on: `--database-url`, else ONCOMATCH_DATABASE_URL, else the
SQLite file in ONCOMATCH_DATA_DIR (its folder created)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from cds_service.cli.errors import load_settings
from cds_service.storage.db import make_engine

DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="Overrides ONCOMATCH_DATABASE_URL for this command."),
]


@contextmanager
def open_engine(explicit_url: str | None) -> Iterator[Engine]:
    """An engine on the command's database, disposed at the end of the block."""
    url = explicit_url or load_settings().resolved_database_url()
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
