"""A curator's whole round in a real browser: Playwright driving Debian's headless Chromium
against the whole service under uvicorn, on SQLite and on PostgreSQL.

Sign in, edit a criterion, see the validation error at its field, fix it, preview, publish and see
the hook's card for a test patient change; the sync flag after the registry text changes, mark it
reviewed; the version diff; restore; sign out. Skipped with the reason when Playwright or Chromium
is missing, except under CI=true, where that fails the run.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from fastapi import FastAPI

from cds_service.staff.roles import Role
from fhir_mapping.bundle_request import bundle_to_hook_request
from tests.cds_service.curation.pages_testkit import BUNDLES, HOOK, IMPORTED, SEED, study
from tests.cds_service.staff.staff_testkit import (
    FIXED_NOW,
    PASSWORD,
    MovableClock,
    staff_app,
    staff_settings,
)
from tests.support.browser import bound_socket, chromium, served

pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
CURATOR = "cora"


@dataclass
class Server:
    base_url: str
    app: FastAPI

    def card_for(self, bundle_name: str) -> dict[str, Any] | None:
        """The hook's card for the seed trial and this test patient, if any."""
        bundle = json.loads((BUNDLES / f"{bundle_name}.json").read_text("utf-8"))
        request = bundle_to_hook_request(bundle, hook_instance=f"browser-{bundle_name}")
        answer = httpx.post(self.base_url + HOOK, json=request, timeout=30)
        assert answer.status_code == 200, answer.text
        for card in answer.json().get("cards", []):
            if card["extension"]["oncomatch.trial-match"]["nctId"] == SEED:
                found: dict[str, Any] = card
                return found
        return None

    def sync(self, eligibility_text: str | None = None) -> None:
        """What a ClinicalTrials.gov sync does: store the record, the catalog follows."""
        from datetime import date

        from cds_service.catalog.store import ImportedTrialStore
        from eligibility.ctgov import convert_study

        record = study(eligibility_text)
        trial = convert_study(record, retrieved=date(2026, 11, 20)).trial
        runtime = self.app.state.runtime
        ImportedTrialStore(runtime.engine, clock=lambda: FIXED_NOW).upsert(
            [trial], {trial.nct_id: record}
        )
        runtime.catalog_source.refresh()


def _clean_bundles(folder: Path) -> Path:
    """The clean test bundles alone, listed for the seed trial. The round is about a curator's
    edits; each preview of the whole folder maps every realistic chart too (1,060 in the
    twenty-eighth session), which on a slow VM outlasted the click's 30 s. test_preview.py holds
    the whole folder's preview."""
    folder.mkdir()
    for path in BUNDLES.glob("*.json"):
        shutil.copy(path, folder / path.name)
    rows = (BUNDLES / "trials.csv").read_text("utf-8").splitlines()
    (folder / "trials.csv").write_text(
        "\n".join(row for row in rows if not row.startswith("realistic,")) + "\n", "utf-8"
    )
    return folder


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_schema_url")
    sock, base_url = bound_socket()
    settings = staff_settings(
        tmp_path / "data",
        database_url=url,
        test_bundles_dir=_clean_bundles(tmp_path / "bundles"),
        public_base_url=base_url,
    )
    app = staff_app(settings, MovableClock())
    staff = app.state.staff
    staff.accounts.add(CURATOR, Role.CURATOR, staff.passwords.hash(PASSWORD), FIXED_NOW)
    with served(app, sock):
        yield Server(base_url, app)


@pytest.fixture
def page(server: Server) -> Iterator[Page]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        try:
            yield context.new_page()
        finally:
            context.close()


def _shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _sign_in(page: Page, server: Server) -> None:
    page.goto(f"{server.base_url}/curation")
    assert "/staff/login?next=" in page.url
    page.get_by_label("Name", exact=True).fill(CURATOR)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.url == f"{server.base_url}/curation"
    assert page.get_by_role("heading", level=1).inner_text() == "Trial curation"


def _edit_ecog_with_a_mistake_then_fix(page: Page) -> None:
    page.get_by_role("link", name=SEED).click()
    page.get_by_role("button", name="Edit ecog").click()
    page.locator("#c-label").fill("ECOG 0–2")
    page.get_by_label("ECOG max", exact=True).fill("two")
    page.get_by_role("button", name="Save criterion").click()
    error = page.locator("#c-ecog_max-error")
    assert "Input should be a valid integer" in error.inner_text()
    assert page.get_by_label("ECOG max", exact=True).get_attribute("aria-invalid") == "true"
    assert page.get_by_label("ECOG max", exact=True).input_value() == "two"
    assert page.locator("#c-label").input_value() == "ECOG 0–2"  # nothing typed is lost
    _shoot(page, "curation-field-error.png")
    page.get_by_label("ECOG max", exact=True).fill("2")
    page.get_by_role("button", name="Save criterion").click()
    assert "saved in the draft" in page.locator("#bench-message").inner_text()


def _publish(page: Page, number: int, note: str) -> None:
    page.get_by_label("Note for the version history").fill(note)
    page.get_by_role("button", name=f"Publish version {number}").click()
    assert f"Version {number} published" in page.locator("#bench-message").inner_text()


def test_a_curators_round_in_the_browser(page: Page, server: Server) -> None:
    assert server.card_for("npc_ecog_2") is None  # ECOG 2 against ECOG 0–1: no card
    _sign_in(page, server)
    _edit_ecog_with_a_mistake_then_fix(page)

    page.get_by_role("button", name="Preview the draft").click()
    assert "would get a different verdict" in page.locator("#preview-summary").inner_text()
    changed = page.locator("tr.preview-changed", has_text="npc_ecog_2")
    assert "eligible" in changed.inner_text()
    _shoot(page, "curation-preview.png")
    _publish(page, 1, "ECOG 2 allowed by amendment 3")
    card = server.card_for("npc_ecog_2")
    assert card is not None
    assert card["extension"]["oncomatch.trial-match"]["verdict"] == "eligible"

    # Version 2 drops the QTc limit; the diff shows it; restoring version 1 brings it back.
    page.get_by_role("button", name="Remove qtc").click()
    _publish(page, 2, "QTc limit dropped")
    assert server.card_for("npc_qtc_male_451") is not None
    page.get_by_role("link", name="Versions").click()
    page.get_by_label("Compare version").select_option("1")
    page.get_by_label("with version").select_option("2")
    page.get_by_role("button", name="Compare").click()
    assert "Criteria removed" in page.locator("main").inner_text()
    assert "qtc" in page.locator(".diff-list").inner_text()
    _shoot(page, "curation-diff.png")
    page.get_by_role("link", name="Back to the versions").click()
    page.get_by_role("button", name="Restore version 1").click()
    assert "Version 3 published as a restore" in page.locator("#versions-message").inner_text()
    assert server.card_for("npc_qtc_male_451") is None  # QTc 451 > 450 again

    # A registry sync changes an imported trial's text after curation: the flag, then reviewed.
    server.sync()
    page.goto(f"{server.base_url}/curation/{IMPORTED}")
    _publish(page, 1, "read against the registry")
    text = server.app.state.curation.store.registry_text(IMPORTED).text
    server.sync(text.replace("ECOG performance status 0-1.", "ECOG performance status 0-2."))
    page.reload()
    flag = page.locator("#sync-flag")
    assert "The registry text changed since version 1 was curated" in flag.inner_text()
    assert "+* ECOG performance status 0-2." in flag.inner_text()
    _shoot(page, "curation-sync-flag.png")
    page.get_by_role("button", name="Mark reviewed").click()
    assert page.locator("#sync-flag").count() == 0

    page.get_by_role("button", name="Sign out").click()
    assert "/staff/login" in page.url
    page.goto(f"{server.base_url}/curation/{SEED}")
    assert "/staff/login?next=" in page.url
