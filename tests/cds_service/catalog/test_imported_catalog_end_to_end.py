"""End to end: `oncomatch catalog import` of recorded API pages, then a hook
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
    # Extracted criteria quote the protocol sentence they came from — a met one on the checklist
    # page behind the card (the card keeps met criteria to one line); unread ones await review.
    assert "ECOG performance status 0-1." not in card["detail"]
    assert "Manual review" in card["detail"] or "manual review" in card["detail"]
    checklist = next(link["url"] for link in card["links"] if "/match/" in link["url"])
    page = client.get("/" + checklist.split("://", 1)[1].split("/", 1)[1])
    assert page.status_code == 200
    assert "Protocol text:" in page.text
    assert "ECOG performance status 0-1." in page.text


def import_with_status(settings: Settings, tmp_path: Path, status: str) -> None:
    record = json.loads(FIXTURE.read_text())
    record["protocolSection"]["statusModule"]["overallStatus"] = status
    path = tmp_path / "study.json"
    path.write_text(json.dumps(record))
    result = CliRunner().invoke(
        cli, ["catalog", "import", str(path), "--database-url", settings.resolved_database_url()]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("at", ["startup", "refresh"])
def test_an_imported_trial_that_is_not_recruiting_has_its_page_and_says_why_no_card(
    at: str, settings: Settings, tmp_path: Path
) -> None:
    if at == "startup":
        import_with_status(settings, tmp_path, "ACTIVE_NOT_RECRUITING")
    with TestClient(create_app(settings, clock=lambda: FIXED_NOW)) as client:
        if at == "refresh":
            import_with_status(settings, tmp_path, "ACTIVE_NOT_RECRUITING")
            deadline = time.monotonic() + 10
            while IMPORTED not in client.app.state.runtime.catalog.catalog:  # type: ignore[attr-defined]
                assert time.monotonic() < deadline, "the running service did not pick it up"
                time.sleep(0.05)
        page = client.get(f"/trials/{IMPORTED}")
        assert page.status_code == 200
        assert "Active, not recruiting" in page.text or "ACTIVE_NOT_RECRUITING" in page.text
        assert "Not suggested in clinicians" in page.text
        assert "ACTIVE_NOT_RECRUITING" in page.text
        assert IMPORTED not in trial_ids(hook(client))


def test_configured_statuses_decide_what_is_suggested(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = make_settings(trial_statuses=["RECRUITING", "ACTIVE_NOT_RECRUITING"])
    import_with_status(settings, tmp_path, "ACTIVE_NOT_RECRUITING")
    with TestClient(create_app(settings, clock=lambda: FIXED_NOW)) as client:
        assert IMPORTED in trial_ids(hook(client))
        assert "Not suggested in clinicians" not in client.get(f"/trials/{IMPORTED}").text
