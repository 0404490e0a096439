"""Fixtures of the pre-screening tests: a bulk export made from every test bundle plus the real
Synthea export (linked in place), a synthetic catalog beside the shipped trial, settings on a
temporary data dir, and the fixed clock of the test bundles (as_of 2026-11-25)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from cds_service.settings import AuthMode, Settings
from tests.cds_service.prescreen.bulk_export import test_bundle_paths, write_export
from tests.support.database import migrated_engine
from tools.bench.catalog import write_catalog

FIXED_NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
# Enough synthetic trials for varied verdicts, few enough that the hook's cards (at most 50)
# show every trial a test patient may qualify for: the oracle must see them all.
SYNTHETIC_TRIALS = 150


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture(scope="session")
def bundles() -> dict[str, dict[str, Any]]:
    """Every committed test bundle by patient id (a Bundle's id is its patient's)."""
    loaded = [json.loads(path.read_text()) for path in test_bundle_paths()]
    return {bundle["id"]: bundle for bundle in loaded}


@pytest.fixture(scope="session")
def synthetic_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_catalog(
        tmp_path_factory.mktemp("catalog") / "synthetic.ndjson", count=SYNTHETIC_TRIALS, seed=19
    )


@pytest.fixture
def make_settings(tmp_path: Path, synthetic_catalog: Path) -> Callable[..., Settings]:
    def factory(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "data_dir": tmp_path / "data",
            "auth": AuthMode.OFF,
            "synthetic_catalog": synthetic_catalog,
            "max_cards": 50,
        }
        values.update(overrides)
        return Settings(**values)

    return factory


@pytest.fixture
def bundle_export(tmp_path: Path, bundles: dict[str, dict[str, Any]]) -> Path:
    """The test bundles as a bulk export (NDJSON per type, some gzipped)."""
    return write_export(tmp_path / "export", bundles.values())


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A service database at this version's schema, on SQLite and on PostgreSQL."""
    with migrated_engine(database_url) as engine:
        yield engine
