"""SQLite writers of one process queue on a lock instead of SQLite's busy-wait sleeps."""

from __future__ import annotations

import threading
from contextlib import nullcontext
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text

from cds_service.storage.db import make_engine, write_lock, write_transaction

WAIT = 10.0  # seconds: the bound of every wait


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'writes.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE row (writer INTEGER, n INTEGER)"))
    return engine


def test_one_lock_per_sqlite_engine_and_none_for_postgresql(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    other = make_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert write_lock(sqlite_engine) is write_lock(sqlite_engine)
    assert write_lock(sqlite_engine) is not write_lock(other)
    postgres = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none")  # never connects
    assert isinstance(write_lock(postgres), nullcontext)


def test_a_writer_waits_while_another_holds_the_lock(sqlite_engine: Engine) -> None:
    wrote = threading.Event()

    def write() -> None:
        with write_transaction(sqlite_engine) as connection:
            connection.execute(text("INSERT INTO row VALUES (1, 1)"))
        wrote.set()

    with write_lock(sqlite_engine):
        writer = threading.Thread(target=write)
        writer.start()
        assert not wrote.wait(0.2), "the write went ahead while the lock was held"
    writer.join(WAIT)
    assert wrote.is_set()


def test_concurrent_writers_never_find_the_database_locked(sqlite_engine: Engine) -> None:
    # With no busy timeout at all, any overlap of two writers would raise "database is locked":
    # the lock must be what keeps them apart.
    @event.listens_for(sqlite_engine, "connect")
    def no_busy_wait(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=0")  # type: ignore[attr-defined]

    sqlite_engine.dispose()
    writers, rows_each = 8, 40
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(writer: int) -> None:
        start.wait(WAIT)
        try:
            for n in range(rows_each):
                with write_transaction(sqlite_engine) as connection:
                    connection.execute(
                        text("INSERT INTO row VALUES (:w, :n)"), {"w": writer, "n": n}
                    )
                    connection.execute(text("SELECT count(*) FROM row")).scalar_one()
        except BaseException as error:  # collected, then asserted on the main thread
            errors.append(error)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 3)
    assert errors == []
    with sqlite_engine.connect() as connection:
        assert (
            connection.execute(text("SELECT count(*) FROM row")).scalar_one() == writers * rows_each
        )
