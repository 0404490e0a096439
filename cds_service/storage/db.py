"""Database plumbing: one declarative base for every table, and the engine factory.

SQLite is the embedded default (a file under ONCOMATCH_DATA_DIR); PostgreSQL is used when
ONCOMATCH_DATABASE_URL names it. The tables are declared on `Base` by the modules that use
them; the schema itself is made and upgraded by Alembic revisions (`cds_service.storage.schema`),
never by `create_all`, which two replicas starting together would race on.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, sessionmaker


class Base(DeclarativeBase):
    pass


def make_engine(url: str) -> Engine:
    kwargs: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the single writer; busy_timeout makes writers wait, not fail.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    _use_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _use_wal(cursor: Any, patience_seconds: float = 30.0) -> None:
    """Switch the file to WAL (a no-op once it is). Connections opening a new file together
    (replicas starting at once) all try to switch it; the switch needs the file alone, and
    SQLite refuses it at once ("database is locked") instead of waiting on busy_timeout, since
    two switchers waiting on each other would deadlock. So the losers try again shortly."""
    deadline = time.monotonic() + patience_seconds
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


# SQLite has one writer at a time. Left to busy_timeout, a writer that finds the database
# locked sleeps (1, 2, 5 ... 100 ms at a time) and keeps losing to newcomers: with 8 hook calls
# in flight, a 1 ms commit waited up to 2.4 s. Queuing this process's writers on a lock hands
# the database over as soon as it is free; busy_timeout still covers other processes (the
# catalog CLI beside a running service).
_sqlite_write_locks: WeakKeyDictionary[Engine, threading.Lock] = WeakKeyDictionary()
_locks_guard = threading.Lock()


def write_lock(engine: Engine) -> threading.Lock | nullcontext[None]:
    """Hold it around a write transaction: SQLite's single writer per process, nothing for
    PostgreSQL (its row locks already let writers run side by side)."""
    if engine.dialect.name != "sqlite":
        return nullcontext()
    with _locks_guard:
        lock = _sqlite_write_locks.get(engine)
        if lock is None:
            lock = _sqlite_write_locks[engine] = threading.Lock()
        return lock


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """`engine.begin()` for a transaction that writes (see `write_lock`)."""
    with write_lock(engine), engine.begin() as connection:
        yield connection


def dialect_insert(dialect: str) -> Any:
    """The INSERT construct of `dialect` (an engine's `dialect.name`): it has ON CONFLICT."""
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"unsupported database dialect {dialect!r}")
    return insert


def session_factory(engine: Engine) -> sessionmaker:  # type: ignore[type-arg]
    return sessionmaker(engine, expire_on_commit=False)
