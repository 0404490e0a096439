"""A real ClinicalTrials.gov sync (the recorded local server) that changes a curated trial's
eligibility text flags its version, which stays in force; a review or a publish clears it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from curation_testkit import SteppingClock
from sqlalchemy import Engine

from cds_service.catalog.ctgov_sync import CtgovClient, CtgovSync, SyncQuery
from cds_service.catalog.source import load_catalog_source
from cds_service.catalog.store import ImportedTrialStore
from cds_service.settings import Settings
from eligibility.trial import TrialStatus
from tests.cds_service.catalog.ctgov_recorded_server import RecordedRegistry, serve

CURATED = "NCT00000011"  # fabricated, in the recorded full and incremental pages
ADDED = "* Adequate hepatic function."


@pytest.fixture
def registry() -> RecordedRegistry:
    return RecordedRegistry()


@pytest.fixture
def registry_url(registry: RecordedRegistry) -> Iterator[str]:
    with serve(registry) as url:
        yield url


def run_sync(engine: Engine, url: str, *, incremental: bool) -> None:
    client = CtgovClient(url, session=requests.Session(), min_interval=0.0, sleep=lambda _s: None)
    CtgovSync(client, ImportedTrialStore(engine), today=lambda: date(2026, 6, 5)).run(
        SyncQuery(), incremental=incremental
    )


def change_text(registry: RecordedRegistry, extra: str) -> None:
    """The next incremental answer carries the curated trial with one more exclusion item."""
    page: dict[str, Any] = copy.deepcopy(registry.incremental_pages[None])
    for study in page["studies"]:
        protocol = study["protocolSection"]
        if protocol["identificationModule"]["nctId"] == CURATED:
            module = protocol["eligibilityModule"]
            module["eligibilityCriteria"] = module["eligibilityCriteria"].rstrip() + "\n" + extra
    registry.incremental_pages[None] = page


def test_a_sync_that_changes_the_text_flags_the_curated_version(
    engine: Engine, registry: RecordedRegistry, registry_url: str, tmp_path: Path
) -> None:
    run_sync(engine, registry_url, incremental=False)
    source = load_catalog_source(Settings(data_dir=tmp_path), engine, clock=SteppingClock())
    store = source.curation
    extracted = source.holder.catalog.get(CURATED)
    assert extracted is not None
    read = store.registry_text(CURATED)
    store.publish(extracted, by="ana", registry_text_hash=read.hash)
    assert store.registry_changes(CURATED) is None

    change_text(registry, ADDED)
    run_sync(engine, registry_url, incremental=True)

    change = store.registry_changes(CURATED)
    assert change is not None
    assert f"+{ADDED}" in change.diff
    assert change.read_text == read.text
    assert change.current_text is not None
    assert change.current_text.endswith(ADDED)
    # The curated version stays in force; the registry's status (closed since) is followed.
    assert source.refresh()
    in_force = source.holder.catalog.get(CURATED)
    assert in_force is not None
    assert in_force.curation is not None
    assert in_force.curation.version == 1
    assert in_force.overall_status is TrialStatus.COMPLETED

    assert store.mark_reviewed(CURATED, "ben")
    assert store.registry_changes(CURATED) is None

    # Changed again (the registry's last-update date moves on), then published: cleared too.
    change_text(registry, ADDED + "\n* Adequate renal function.")
    studies = registry.incremental_pages[None]["studies"]
    for study in studies:
        status = study["protocolSection"]["statusModule"]
        status["lastUpdatePostDateStruct"] = {"date": "2026-06-10", "type": "ACTUAL"}
    run_sync(engine, registry_url, incremental=True)
    assert store.registry_changes(CURATED) is not None
    store.publish(extracted, by="ana", registry_text_hash=store.registry_text(CURATED).hash)
    assert store.registry_changes(CURATED) is None
