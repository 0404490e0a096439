"""A database engine for a test, at this version's schema (the Alembic revisions run, as the
service runs them at start-up), disposed of afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from cds_service.storage.db import make_engine
from cds_service.storage.schema import upgrade_schema


@contextmanager
def migrated_engine(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    upgrade_schema(engine)
    try:
        yield engine
    finally:
        engine.dispose()
