"""Fixtures for the fhir_mapping tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fhir_mapping import MappingResult, ValidationCache, build_facts

REPO = Path(__file__).resolve().parents[2]
BUNDLES = REPO / "test_bundles"
AS_OF = date(2026, 11, 25)


def load_bundle(name: str) -> dict[str, Any]:
    return json.loads((BUNDLES / f"{name}.json").read_text("utf-8"))


def map_bundle(name: str, cache: ValidationCache | None = None) -> MappingResult:
    bundle = load_bundle(name)
    return build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=cache or ValidationCache()
    )


@pytest.fixture
def mapped() -> Callable[[str], MappingResult]:
    return map_bundle
