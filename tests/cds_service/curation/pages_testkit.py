"""Helpers of the curation page tests: the whole service with staff accounts of each role, the
seed trial's test patients, and the form round trips a curator's browser makes."""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from cds_service.catalog.store import ImportedTrialStore
from cds_service.curation.pages import CurationServices
from cds_service.staff.roles import Role
from eligibility.ctgov import convert_study
from fhir_mapping.bundle_request import bundle_to_hook_request
from tests.cds_service.staff.staff_testkit import (
    MovableClock,
    StaffSite,
    csrf_token,
    staff_app,
    staff_settings,
)

REPO = Path(__file__).resolve().parents[3]
BUNDLES = REPO / "test_bundles"
STUDY = REPO / "tests" / "fixtures" / "ctgov" / "study_NCT00000001.json"
SEED = "NCT07188584"
IMPORTED = "NCT00000001"
HOOK = "/cds-services/oncomatch-trials"
DRAFT_PATTERN = re.compile(r'name="draft" value="([^"]*)"')

CURATOR, COORDINATOR, ADMIN = "cora", "colin", "ada"


def draft_of(page: str) -> str:
    found = DRAFT_PATTERN.search(page)
    assert found, "no draft field on the page"
    return html.unescape(found.group(1))


def study(eligibility_text: str | None = None) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(STUDY.read_text("utf-8"))
    if eligibility_text is not None:
        record = copy.deepcopy(record)
        record["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = eligibility_text
    return record


@dataclass
class CurationSite(StaffSite):
    """The service as a curator's browser sees it."""

    @property
    def curation(self) -> CurationServices:
        services: CurationServices = self.app.state.curation
        return services

    def as_member(self, name: str) -> None:
        self.client.cookies.clear()
        response = self.sign_in(name)
        assert response.status_code == 303, response.text

    def open(self, nct_id: str = SEED) -> str:
        page = self.client.get(f"/curation/{nct_id}")
        assert page.status_code == 200, page.text
        return page.text

    def act(
        self, page: str, action: str, nct_id: str = SEED, **fields: str | list[str]
    ) -> httpx.Response:
        """Press a button of the curation page `page` (its draft and token go with it)."""
        form: dict[str, Any] = {
            "csrf_token": csrf_token(page),
            "draft": draft_of(page),
            "action": action,
        }
        form.update(fields)
        return self.client.post(f"/curation/{nct_id}", data=form)

    def publish(self, page: str, note: str = "", nct_id: str = SEED) -> httpx.Response:
        form = {"csrf_token": csrf_token(page), "draft": draft_of(page), "note": note}
        return self.client.post(f"/curation/{nct_id}/publish", data=form, follow_redirects=False)

    def hook_card_for(self, bundle_name: str, nct_id: str = SEED) -> dict[str, Any] | None:
        """The card the hook gives the test patient for the trial, if any."""
        bundle = json.loads((BUNDLES / f"{bundle_name}.json").read_text("utf-8"))
        request = bundle_to_hook_request(bundle, hook_instance=f"test-{bundle_name}")
        answer = self.client.post(HOOK, json=request)
        assert answer.status_code == 200, answer.text
        for card in answer.json().get("cards", []):
            match = card.get("extension", {}).get("oncomatch.trial-match", {})
            if match.get("nctId") == nct_id:
                found: dict[str, Any] = card
                return found
        return None

    def import_study(self, eligibility_text: str | None = None) -> None:
        """Store the fixture study as a ClinicalTrials.gov import (a sync does the same), and
        let the running catalog follow."""
        record = study(eligibility_text)
        trial = convert_study(record, retrieved=date(2026, 11, 20)).trial
        ImportedTrialStore(self.app.state.runtime.engine, clock=self.clock).upsert(
            [trial], {trial.nct_id: record}
        )
        self.app.state.runtime.catalog_source.refresh()


def curation_site(tmp_path: Path, database_url: str | None = None) -> Iterator[CurationSite]:
    clock = MovableClock()
    settings = staff_settings(
        tmp_path / "data", database_url=database_url, test_bundles_dir=BUNDLES
    )
    app = staff_app(settings, clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        site = CurationSite(app, client, clock)
        site.add(CURATOR, Role.CURATOR)
        site.add(COORDINATOR, Role.COORDINATOR)
        site.add(ADMIN, Role.ADMIN)
        yield site
