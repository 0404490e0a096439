"""The database schema, kept by the Alembic revisions in `cds_service.storage.migrations`.

At startup `prepare_schema` either upgrades the database to this version's head (under
`migration_lock`, so replicas starting together take turns) or, with ONCOMATCH_AUTO_MIGRATE off,
refuses a database that is behind. `oncomatch db upgrade` and `oncomatch db current` use the
same functions.

A database created before migrations (tables made by `create_all`, no `alembic_version`) is
adopted: its tables are checked against the baseline revision, any the old code left out are
created, and it is stamped at the baseline before the usual upgrade.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, MetaData, inspect

from cds_service.storage.errors import (
    SchemaBehindError,
    UnexpectedTablesError,
    UnknownRevisionError,
)
from cds_service.storage.migrations import alembic_config, head_revision, known_revisions
from cds_service.storage.migrations.baseline import REVISION as BASELINE_REVISION
from cds_service.storage.migrations.baseline import baseline_metadata
from cds_service.storage.schema_lock import migration_lock

logger = logging.getLogger("oncomatch.schema")


@dataclass(frozen=True, slots=True)
class SchemaUpgrade:
    """What `upgrade_schema` did: the revision before (None: no revision table) and after, and
    whether a database from before migrations was adopted on the way."""

    before: str | None
    after: str
    adopted: bool = False

    @property
    def changed(self) -> bool:
        return self.before != self.after


def declared_metadata() -> MetaData:
    """The tables the models declare, every module that declares one imported (a fresh process
    may not have imported them all yet). Revisions are compared with it."""
    import cds_service.auth.replay
    import cds_service.catalog.store
    import cds_service.prescreen.worklists
    import cds_service.staff.audit
    import cds_service.staff.sessions
    import cds_service.staff.throttle
    import cds_service.storage.feedback
    import cds_service.storage.match_tokens  # noqa: F401 - imported for their tables
    from cds_service.storage.db import Base

    return Base.metadata


def current_revision(connection: Connection) -> str | None:
    """The database's revision; None when it has no `alembic_version` table (new, or older)."""
    return MigrationContext.configure(connection).get_current_revision()


def database_revision(engine: Engine) -> str | None:
    """The database's revision, refused (`UnknownRevisionError`) when this version lacks it."""
    with engine.connect() as connection:
        revision = current_revision(connection)
    _refuse_unknown(revision)
    return revision


def check_schema(engine: Engine) -> None:
    """Raise unless the database is at this version's head revision."""
    current = database_revision(engine)
    if current != head_revision():
        raise SchemaBehindError(current, head_revision())


def upgrade_schema(engine: Engine) -> SchemaUpgrade:
    """Bring the database to the head revision; safe to run from several processes at once."""
    head = head_revision()
    # Checked before taking the lock: a replica starting on a current schema never waits.
    before = database_revision(engine)
    if before == head:
        return SchemaUpgrade(before, head)
    with migration_lock(engine) as connection, connection.begin():
        # Again under the lock: another process may have upgraded it while this one waited.
        before = current_revision(connection)
        _refuse_unknown(before)
        adopted = before is None and _adopt_pre_migration_tables(connection)
        command.upgrade(alembic_config(connection), "head")
        after = current_revision(connection)
    if after != head:  # pragma: no cover - Alembic's own guarantee
        raise RuntimeError(f"upgrade ended at {after}, not {head}")
    if before != after:
        logger.info("database schema upgraded from %s to %s", before or "nothing", after)
    return SchemaUpgrade(before, after, adopted)


def prepare_schema(engine: Engine, *, auto_migrate: bool) -> None:
    """Startup: upgrade (ONCOMATCH_AUTO_MIGRATE, the default) or refuse a schema behind."""
    if auto_migrate:
        upgrade_schema(engine)
    else:
        check_schema(engine)


def _refuse_unknown(revision: str | None) -> None:
    if revision is not None and revision not in known_revisions():
        raise UnknownRevisionError(revision)


def _adopt_pre_migration_tables(connection: Connection) -> bool:
    """Stamp a database made by `create_all` at the baseline; False when it has none of its
    tables (a new database, or one shared with other applications' tables)."""
    baseline = baseline_metadata()
    inspector = inspect(connection)
    present = sorted(set(inspector.get_table_names()) & set(baseline.tables))
    if not present:
        return False
    problems: list[str] = []
    for name in present:
        expected = {column.name for column in baseline.tables[name].columns}
        found = {column["name"] for column in inspector.get_columns(name)}
        if missing := sorted(expected - found):
            problems.append(f"table {name} lacks {', '.join(missing)}")
        if extra := sorted(found - expected):
            problems.append(f"table {name} has unknown columns {', '.join(extra)}")
    if problems:
        raise UnexpectedTablesError(problems)
    # Older code did not always create every table (see the baseline's docstring).
    baseline.create_all(connection, checkfirst=True)
    command.stamp(alembic_config(connection), BASELINE_REVISION)
    logger.info(
        "database created before migrations (tables %s): stamped at revision %s",
        ", ".join(present),
        BASELINE_REVISION,
    )
    return True
