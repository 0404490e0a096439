"""Issue 8's promise end to end: `oncomatch catalog import` of recorded API pages, then a hook
call suggests the imported trial, its checklist quoting the protocol sentences it came from,
and the running service picks the import up without a restart."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cards import TRIAL_MATCH_KEY
from cds_service.cli.main import app as cli
from cds_service.service import create_app
from cds_service.settings import Settings
from fhir_mapping import bundle_to_hook_request
from tests.cds_service.conftest import FIXED_NOW

REPO = Path(__file__).resolve().parents[3]
FIXTURE = REPO / "tests" / "fixtures" / "ctgov" / "study_NCT00000001.json"
IMPORTED = "NCT00000001"  # a fabricated fixture study (tests/fixtures/ctgov/README.md)


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(catalog_refresh_seconds=0.05)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, clock=lambda: FIXED_NOW)) as test_client:
        yield test_client


def import_fixture(settings: Settings) -> None:
    result = CliRunner().invoke(
        cli,
        ["catalog", "import", str(FIXTURE), "--database-url", settings.resolved_database_url()],
    )
    assert result.exit_code == 0, result.output


def hook(client: TestClient) -> dict[str, Any]:
    bundle = json.loads((REPO / "test_bundles" / "npc_eligible.json").read_text())
    response = client.post(
        "/cds-services/oncomatch-trials", json=bundle_to_hook_request(bundle, hook_instance="h")
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def trial_ids(body: dict[str, Any]) -> list[str]:
    return [
        card["extension"][TRIAL_MATCH_KEY]["nctId"]
        for card in body["cards"]
        if TRIAL_MATCH_KEY in card.get("extension", {})
    ]


def test_imported_trial_is_suggested_after_import_without_restart(
    client: TestClient, settings: Settings
) -> None:
    assert IMPORTED not in trial_ids(hook(client))
    import_fixture(settings)
    deadline = time.monotonic() + 10
    while IMPORTED not in client.app.state.runtime.catalog.catalog:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, "the running service did not pick up the import"
        time.sleep(0.05)
    body = hook(client)
    assert IMPORTED in trial_ids(body)
    card = next(c for c in body["cards"] if c["extension"][TRIAL_MATCH_KEY]["nctId"] == IMPORTED)
    assert card["extension"][TRIAL_MATCH_KEY]["verdict"] == "possibly_eligible"
    criteria = card["extension"][TRIAL_MATCH_KEY]["criteria"]
    ecog = next(c for c in criteria if c["label"].startswith("ECOG"))
    assert ecog["status"] == "met"
    # Extracted criteria quote the protocol sentence they came from; unread ones await review.
    assert "ECOG performance status 0-1." in card["detail"]
    assert "Manual review" in card["detail"] or "manual review" in card["detail"]
