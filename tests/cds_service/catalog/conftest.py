"""Fixtures for imported-trial storage and sync: a store on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ctgov_recorded_server import RecordedRegistry, serve
from sqlalchemy import Engine

from cds_service.catalog.store import ImportedTrialStore
from cds_service.storage.db import make_engine
from cds_service.storage.schema import upgrade_schema
from eligibility.catalog import ReferralFilter
from eligibility.trial import OPEN_STATUSES


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'catalog.sqlite3'}"
    else:
        # A throw-away schema (tests/conftest.py): runs never see each other's rows.
        url = request.getfixturevalue("postgres_schema_url")
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def store(engine: Engine) -> ImportedTrialStore:
    upgrade_schema(engine)
    return ImportedTrialStore(engine)


@pytest.fixture
def registry() -> RecordedRegistry:
    return RecordedRegistry()


@pytest.fixture
def registry_url(registry: RecordedRegistry) -> Iterator[str]:
    with serve(registry) as url:
        yield url


def suggestible_ids(store: ImportedTrialStore) -> list[str]:
    """Stored trials the service's cards may suggest with its default statuses."""
    referral = ReferralFilter(OPEN_STATUSES, None)
    return [t.nct_id for t in store.load_all() if referral.why_not(t) is None]
