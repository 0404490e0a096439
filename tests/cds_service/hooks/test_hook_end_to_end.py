"""Every test-bundle scenario over HTTP: the verdict a trial coordinator would agree with.

Expected verdicts are read from the scenario table in test_bundles/README.md, the same table a
person reads, so the table and the service cannot silently disagree.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cards import TRIAL_MATCH_KEY
from cards.models import HookResponse
from cds_service.service import create_app
from cds_service.settings import Settings
from fhir_mapping import bundle_to_hook_request
from tests.cds_service.conftest import FIXED_NOW
from tools.spec_checks import extension_violations, spec_violations

REPO = Path(__file__).resolve().parents[3]
BUNDLES = REPO / "test_bundles"
GOLDEN = Path(__file__).parent / "golden" / "npc_eligible_hook_response.json"
URL = "/cds-services/oncomatch-trials"
SEED = "NCT07188584"
BASE = "https://oncomatch.example.org"

_ROW = re.compile(r"^\| `(?P<name>[a-z0-9_]+)` \|[^|]*\| (?P<verdict>[a-z_]+) \|")


def scenario_table() -> dict[str, str]:
    rows = {}
    for line in (BUNDLES / "README.md").read_text().splitlines():
        match = _ROW.match(line)
        if match:
            rows[match["name"]] = match["verdict"]
    return rows


SCENARIOS = scenario_table()


def counter(prefix: str) -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"{prefix}-{next(numbers):04d}"


@pytest.fixture
def client(make_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    app = create_app(
        make_settings(public_base_url=BASE),
        clock=lambda: FIXED_NOW,
        new_id=counter("00000000-0000-4000-8000"),
        new_token=counter("token"),
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def hook(client: TestClient, scenario: str) -> dict[str, Any]:
    bundle = json.loads((BUNDLES / f"{scenario}.json").read_text())
    request = bundle_to_hook_request(bundle, hook_instance=f"hook-{scenario}")
    response = client.post(URL, json=request)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_table_covers_every_bundle() -> None:
    files = {path.stem for path in BUNDLES.glob("*.json")}
    assert files == set(SCENARIOS), "test_bundles/README.md and the bundle files disagree"
    assert len(SCENARIOS) >= 15


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_scenario_verdict_for_the_seed_trial(client: TestClient, scenario: str) -> None:
    body = hook(client, scenario)
    seed_cards = [
        card
        for card in body["cards"]
        if card.get("extension", {}).get(TRIAL_MATCH_KEY, {}).get("nctId") == SEED
    ]
    expected = SCENARIOS[scenario]
    if expected == "not_eligible":
        assert seed_cards == [], f"{scenario}: a not-eligible trial must get no card"
    else:
        assert len(seed_cards) == 1
        assert seed_cards[0]["extension"][TRIAL_MATCH_KEY]["verdict"] == expected


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_response_keeps_the_spec_and_our_contract(client: TestClient, scenario: str) -> None:
    body = hook(client, scenario)
    HookResponse.model_validate(body)
    patient_id = json.loads((BUNDLES / f"{scenario}.json").read_text())["id"]
    assert spec_violations(body, forbidden_in_urls=[patient_id]) == []
    assert extension_violations(body) == []


def test_unknown_criteria_say_what_to_record(client: TestClient) -> None:
    body = hook(client, "npc_no_ecog")
    (card,) = body["cards"]
    criteria = {c["id"]: c for c in card["extension"][TRIAL_MATCH_KEY]["criteria"]}
    assert criteria["ecog"]["status"] == "unknown"
    assert "ECOG" in card["detail"]


def test_eligible_card_matches_the_golden_response(client: TestClient) -> None:
    body = hook(client, "npc_eligible")
    if os.environ.get("ONCOMATCH_REGENERATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        pytest.skip("golden file regenerated: review the diff before committing")
    assert body == json.loads(GOLDEN.read_text())


def test_card_link_opens_the_stored_match(client: TestClient) -> None:
    body = hook(client, "npc_eligible")
    (card,) = body["cards"]
    link = next(link["url"] for link in card["links"] if "/match/" in link["url"])
    assert link == f"{BASE}/match/token-0001"
    stored = client.app.state.runtime.tokens.get("token-0001", FIXED_NOW)  # type: ignore[attr-defined]
    assert stored is not None
    assert stored.nct_id == SEED
    assert stored.facts.patient == "Patient/anonymous"
    # The stored facts name nobody: not as `patient`, not as evidence of demographics.
    assert "Patient/npc-eligible" not in stored.facts.model_dump_json()
    assert "Patient/anonymous" in stored.facts.demographics.evidence


def test_feedback_is_tied_to_the_trial_and_verdict_shown(client: TestClient) -> None:
    body = hook(client, "npc_no_ecog")
    (card,) = body["cards"]
    feedback = {
        "feedback": [
            {
                "card": card["uuid"],
                "outcome": "overridden",
                "overrideReason": {"reason": card["overrideReasons"][1]},
                "outcomeTimestamp": "2026-11-25T09:31:00Z",
            }
        ]
    }
    assert client.post(f"{URL}/feedback", json=feedback).status_code == 200
    rows = client.app.state.runtime.feedback_store.summary()  # type: ignore[attr-defined]
    assert [(r.nct_id, r.verdict, r.outcome, r.count) for r in rows] == [
        (SEED, "possibly_eligible", "overridden", 1)
    ]
    assert rows[0].override_reason == card["overrideReasons"][1]["display"]


def test_a_reopened_chart_gets_the_same_cards_with_new_uuids_links_and_records(
    client: TestClient,
) -> None:
    first = hook(client, "npc_no_ecog")
    again = hook(client, "npc_no_ecog")  # the same resources: answered from the chart cache
    (card,), (card_again,) = first["cards"], again["cards"]
    assert card_again["uuid"] != card["uuid"]
    assert card_again["suggestions"][0]["uuid"] != card["suggestions"][0]["uuid"]
    links = [link["url"] for link in card_again["links"]]
    assert f"{BASE}/match/token-0002" in links
    assert f"{BASE}/match/token-0001" not in links

    def without_issue(c: dict[str, Any]) -> dict[str, Any]:
        return {
            **c,
            "uuid": None,
            "suggestions": [{**s, "uuid": None} for s in c["suggestions"]],
            "links": [link for link in c["links"] if "/match/" not in link["url"]],
        }

    assert without_issue(card_again) == without_issue(card)
    stored = client.app.state.runtime.tokens.get("token-0002", FIXED_NOW)  # type: ignore[attr-defined]
    assert stored is not None
    assert stored.nct_id == SEED
    feedback = {
        "feedback": [
            {
                "card": card_again["uuid"],
                "outcome": "accepted",
                "acceptedSuggestions": [{"id": card_again["suggestions"][0]["uuid"]}],
                "outcomeTimestamp": "2026-11-25T09:32:00Z",
            }
        ]
    }
    assert client.post(f"{URL}/feedback", json=feedback).status_code == 200
    rows = client.app.state.runtime.feedback_store.summary()  # type: ignore[attr-defined]
    assert [(r.nct_id, r.verdict, r.outcome) for r in rows] == [
        (SEED, "possibly_eligible", "accepted")
    ]
