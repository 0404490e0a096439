"""The lock every schema upgrade runs under, so replicas starting together take turns.

PostgreSQL: a session-level advisory lock on a fixed key, held by the connection the upgrade
runs on; a replica that waited finds the schema current. SQLite: an exclusive `flock` on
`<database>.migration-lock` beside the database (left in place); an in-memory database needs none.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, text

# "oncomatc" in ASCII: any fixed bigint would do, this one reads back as its owner in pg_locks.
ADVISORY_LOCK_KEY = 0x6F6E636F6D617463


@contextmanager
def migration_lock(engine: Engine) -> Iterator[Connection]:
    """A connection on which this process alone may change the schema until the block ends."""
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine) as connection:
            yield connection
    else:
        with _file_lock(_sqlite_file(engine)), engine.connect() as connection:
            yield connection


@contextmanager
def _advisory_lock(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        connection.commit()  # the lock is the session's; no transaction is left open around it
        try:
            yield connection
        finally:
            # A broken connection has lost its session, and the lock with it.
            if not connection.invalidated:
                connection.rollback()
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY}
                )
                connection.commit()


def _sqlite_file(engine: Engine) -> Path | None:
    # None: nothing to lock (an in-memory database is one process's own).
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


@contextmanager
def _file_lock(database: Path | None) -> Iterator[None]:
    if database is None:
        yield
        return
    import fcntl  # POSIX only, like the service's deployments (Linux containers)

    # SQLite's own locking is not enough: pysqlite runs DDL outside transactions, so two
    # processes could both see an empty database and both create tables.
    path = database.with_name(database.name + ".migration-lock")
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
