"""Alembic migrations of the service's database, shipped inside the package and configured in
code (no alembic.ini): `alembic_config` points Alembic here and hands `env.py` the connection to
run on, which `cds_service.storage.schema` holds under the migration lock.

Writing a new revision: README.md, "Database schema".
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the shipped scripts; `env.py` runs on `connection`."""
    config = Config()
    # ConfigParser interpolates '%': a data dir with one in its path must not break this.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("file_template", "r%%(rev)s_%%(slug)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def script_directory() -> ScriptDirectory:
    """The revisions, read once per process (the files do not change under a running one)."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    if head is None:  # pragma: no cover - versions/ always holds the baseline
        raise RuntimeError("no Alembic revision found in " + str(MIGRATIONS_DIR))
    return head


def known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in script_directory().walk_revisions())
