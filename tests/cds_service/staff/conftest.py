"""Fixtures of the staff sign-in tests: an app on SQLite (and, for the flows that touch every
table, on PostgreSQL), with a movable clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from cds_service.storage.db import make_engine
from cds_service.storage.schema import upgrade_schema
from tests.cds_service.staff.staff_testkit import MovableClock, StaffSite, staff_app, staff_settings

BOTH_DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'staff.sqlite3'}"
    # A throw-away schema (tests/conftest.py): runs never see each other's rows.
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


@pytest.fixture(params=BOTH_DATABASES)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database at this version's schema, of each kind."""
    engine = make_engine(_database_url(request, tmp_path))
    upgrade_schema(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def _site(database_url: str | None, tmp_path: Path) -> Iterator[StaffSite]:
    clock = MovableClock()
    settings = staff_settings(tmp_path / "data", database_url=database_url)
    app = staff_app(settings, clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield StaffSite(app, client, clock)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[StaffSite]:
    """The service on SQLite, as a browser sees it."""
    yield from _site(None, tmp_path)


@pytest.fixture(params=BOTH_DATABASES)
def site_any_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StaffSite]:
    """The service on SQLite and on PostgreSQL."""
    yield from _site(_database_url(request, tmp_path), tmp_path)
