"""Fixtures for curation: a migrated database on SQLite and on PostgreSQL, a fabricated study
imported into it (tests/fixtures/ctgov), and a curation store on a stepping clock."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from cds_service.catalog.store import ImportedTrialStore
from cds_service.curation.versions import CurationStore
from cds_service.storage.db import make_engine
from cds_service.storage.schema import upgrade_schema
from eligibility.ctgov import convert_study
from eligibility.trial import Trial

REPO = Path(__file__).resolve().parents[3]
STUDY = REPO / "tests" / "fixtures" / "ctgov" / "study_NCT00000001.json"
IMPORTED = "NCT00000001"  # fabricated (tests/fixtures/ctgov/README.md)
RETRIEVED = date(2026, 11, 20)
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class SteppingClock:
    """Each reading one minute after the last: versions get distinct, ordered times."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'curation.sqlite3'}"
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade_schema(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def study_record() -> dict[str, Any]:
    record: dict[str, Any] = json.loads(STUDY.read_text(encoding="utf-8"))
    return record


def import_record(engine: Engine, record: dict[str, Any]) -> Trial:
    trial = convert_study(record, retrieved=RETRIEVED).trial
    ImportedTrialStore(engine).upsert([trial], {trial.nct_id: record})
    return trial


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
