"""The "N more" card links this patient's whole list (behind a token, no identifiers), and each
listed trial opens its checklist under the same token; a one-trial link opens only its trial."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_testkit import SEED, settings_for, trial_json, visible_text, web_app, write_catalog

from cards import MORE_MATCHES_KEY
from fhir_mapping.bundle_request import bundle_to_hook_request

REPO = Path(__file__).resolve().parents[3]
NPC_TRIAL = "NCT00000071"  # a fabricated second NPC trial, so the seed trial has company
NPC_ONLY = [
    {
        "type": "cancer_type",
        "id": "cancer-type",
        "label": "Nasopharyngeal carcinoma",
        "allowed": ["nasopharyngeal_carcinoma"],
    }
]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    catalog = write_catalog(
        tmp_path / "catalog",
        [trial_json(NPC_TRIAL, criteria=NPC_ONLY, conditions=["Nasopharyngeal Carcinoma"])],
    )
    settings = settings_for(tmp_path, catalog_dir=catalog, max_cards=1)
    with TestClient(web_app(settings).app) as test_client:
        yield test_client


def hook(client: TestClient) -> dict[str, Any]:
    bundle = json.loads((REPO / "test_bundles" / "npc_eligible.json").read_text())
    response = client.post(
        "/cds-services/oncomatch-trials", json=bundle_to_hook_request(bundle, hook_instance="h")
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_more_card_opens_this_patients_full_list(client: TestClient) -> None:
    cards = hook(client)["cards"]
    more = next(card for card in cards if MORE_MATCHES_KEY in card.get("extension", {}))
    (link,) = more["links"]
    assert link["label"] == "All this patient's matching trials"
    path = link["url"].split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "All matching trials" in text
    assert SEED in text
    assert NPC_TRIAL in text
    assert "npc-eligible" not in page.text  # no patient identifiers
    # Both trials are catalog files: the caveat says a person curated their criteria.
    assert "Structured criteria were curated by a person and may still contain errors" in text
    entry = client.get(f"/{path}/trials/{NPC_TRIAL}")
    assert entry.status_code == 200
    assert "Eligibility checklist" in visible_text(entry.text)


def test_a_one_trial_link_does_not_open_the_list_or_other_trials(client: TestClient) -> None:
    cards = hook(client)["cards"]
    trial_card = cards[0]
    checklist = next(link for link in trial_card["links"] if "/match/" in link["url"])
    path = checklist["url"].split("://", 1)[1].split("/", 1)[1]
    assert client.get(f"/{path}").status_code == 200
    assert client.get(f"/{path}/trials/{NPC_TRIAL}").status_code == 404


def test_a_reopened_chart_gets_a_fresh_full_list_link(client: TestClient) -> None:
    def more_link(body: dict[str, Any]) -> str:
        more = next(c for c in body["cards"] if MORE_MATCHES_KEY in c.get("extension", {}))
        url: str = more["links"][0]["url"]
        return url

    first, second = more_link(hook(client)), more_link(hook(client))
    assert first != second
    assert "/match/" in second
