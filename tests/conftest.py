"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from eligibility.caches import clear_caches

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def cold_caches() -> Iterator[None]:
    """Every registered cache (see `eligibility.caches`) empty before and after the test."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(scope="session")
def shared_reference() -> Path:
    """../shared/reference, which a fresh clone may not have: skip cleanly without it."""
    reference = SHARED / "reference"
    if not reference.is_dir():
        pytest.skip("../shared/reference is not present beside this checkout")
    return reference


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The machine's PostgreSQL. Under CI=true it must be reachable: a skip would hide a gap."""
    url = os.environ.get("ONCOMATCH_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {url} is required under CI=true: {error}")
        pytest.skip(f"PostgreSQL not reachable at {url}")
    finally:
        engine.dispose()
    return url


@contextmanager
def throwaway_schema(postgres_url: str) -> Iterator[str]:
    """A URL on a new schema of the PostgreSQL at `postgres_url`, dropped afterwards."""
    import secrets

    schema = f"oncomatch_test_{secrets.token_hex(6)}"
    admin = create_engine(postgres_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{postgres_url}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """A throw-away schema, so concurrent test runs on the shared database never collide."""
    with throwaway_schema(postgres_url) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database of each kind: a SQLite file, a throw-away PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'service.sqlite3'}"
    url: str = request.getfixturevalue("postgres_schema_url")
    return url
