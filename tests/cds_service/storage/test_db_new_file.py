"""Engines on a new SQLite file: connections opening it together all get WAL, none fails."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, text

from cds_service.storage.db import make_engine


def test_first_connections_to_a_new_file_opened_together_all_succeed(tmp_path: Path) -> None:
    # Without the retry, about one round in fifteen had a connection refused with
    # "database is locked" while another switched the new file to WAL.
    errors: list[Exception] = []
    for round_ in range(60):
        engines = [make_engine(f"sqlite:///{tmp_path / f'new{round_}.sqlite3'}") for _ in range(4)]
        barrier = threading.Barrier(len(engines))

        def connect(engine: Engine, barrier: threading.Barrier) -> None:
            barrier.wait()
            try:
                with engine.begin() as connection:
                    connection.execute(text("CREATE TABLE IF NOT EXISTS t (x INTEGER)"))
                    mode = connection.execute(text("PRAGMA journal_mode")).scalar()
                    assert str(mode).lower() == "wal"
            except Exception as error:  # collected, so the assertion shows it
                errors.append(error)

        threads = [threading.Thread(target=connect, args=(e, barrier)) for e in engines]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        for engine in engines:
            engine.dispose()
    assert errors == []
