"""Fixtures for curation: a migrated database on SQLite and on PostgreSQL, the fabricated study
imported into it, and a curation store on a stepping clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from curation_testkit import SteppingClock, import_record, study_record
from sqlalchemy import Engine

from cds_service.curation.versions import CurationStore
from eligibility.trial import Trial
from tests.cds_service.curation.pages_testkit import CurationSite, curation_site
from tests.support.database import migrated_engine


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    # `database_url` (tests/conftest.py): a new database of each kind, SQLite and PostgreSQL.
    with migrated_engine(database_url) as engine:
        yield engine


@pytest.fixture
def extracted(engine: Engine) -> Trial:
    """The fixture study imported: its criteria read by the extractor."""
    return import_record(engine, study_record())


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


@pytest.fixture
def curation(engine: Engine, clock: SteppingClock) -> CurationStore:
    return CurationStore(engine, clock=clock)


# --- the curation pages (tests/cds_service/curation/test_curation_pages.py) ---------------------


@pytest.fixture
def site(tmp_path: Path) -> Iterator[CurationSite]:
    """The whole service on SQLite, with a curator, a coordinator and an admin."""
    yield from curation_site(tmp_path)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def site_any_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CurationSite]:
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_schema_url")
    yield from curation_site(tmp_path, url)
