"""The day a chart is read on is the hospital's date, not UTC's (GEN-AS-OF, ONCOMATCH_TIME_ZONE).

A Shanghai clinic, 07:50 on 25 November (23:50 UTC on the 24th). This morning at 07:30 the
nurse recorded ECOG 3 for the eligible NPC reference patient, whose previous ECOG was 1 on
10 November. A coordinator reads today's ECOG 3: NCT07188584 (ECOG 0-1) is not for them. Read
as of UTC's date with the record dated in its own offset, it would be "tomorrow's" and the
ECOG 1 of two weeks ago would decide: an unsafe "eligible". Both days are now on one calendar
(GEN-LOCAL-DAY), the hospital's when the zone is set.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from cards import TRIAL_MATCH_KEY
from cds_service.clock import local_date
from cds_service.service import create_app
from cds_service.settings import Settings
from fhir_mapping import bundle_to_hook_request

BUNDLES = Path(__file__).resolve().parents[3] / "test_bundles"
URL = "/cds-services/oncomatch-trials"
SEED = "NCT07188584"
MORNING_IN_SHANGHAI = datetime(2026, 11, 24, 23, 50, tzinfo=UTC)
EVENING_IN_NEW_YORK = datetime(2026, 11, 25, 1, 30, tzinfo=UTC)  # 20:30 on the 24th


def _chart_with_ecog_3(when: str) -> dict[str, Any]:
    bundle: dict[str, Any] = json.loads((BUNDLES / "npc_eligible.json").read_text("utf-8"))
    ecog = next(
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"].get("effectiveDateTime") == "2026-11-10"
        and e["resource"]["code"]["coding"][0]["code"] == "89247-1"
    )
    today = json.loads(json.dumps(ecog))
    today["id"] = "ecog-this-morning"
    today["effectiveDateTime"] = when
    today["valueInteger"] = 3
    bundle["entry"].append({"resource": today})
    return bundle


@pytest.fixture
def shanghai_client(make_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    app = create_app(make_settings(time_zone="Asia/Shanghai"), clock=lambda: MORNING_IN_SHANGHAI)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_gen_as_of_this_mornings_ecog_decides_in_a_hospital_east_of_utc(
    shanghai_client: TestClient,
) -> None:
    chart = _chart_with_ecog_3("2026-11-25T07:30:00+08:00")
    assert _seed_cards(shanghai_client, chart) == []  # ECOG 3 today: not eligible, so no card


def test_gen_local_day_tonights_ecog_from_a_server_writing_utc_decides_in_new_york(
    make_settings: Callable[..., Settings],
) -> None:
    """GEN-LOCAL-DAY: the EHR's FHIR server writes instants in UTC. At 20:30 in New York the
    nurse's ECOG 3 of 20:00 arrives as 01:00 UTC on the 25th; dated in its own offset it would
    be tomorrow's, and the ECOG 1 of the 10th would put a card in the chart all evening."""
    settings = make_settings(time_zone="America/New_York")
    app = create_app(settings, clock=lambda: EVENING_IN_NEW_YORK)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert _seed_cards(client, _chart_with_ecog_3("2026-11-25T01:00:00Z")) == []
        # An ECOG dated after midnight in New York has not happened by 20:30: the ECOG 1
        # decides and the card shows, so the line above is not the chart failing anyway.
        assert len(_seed_cards(client, _chart_with_ecog_3("2026-11-25T05:30:00Z"))) == 1


def _seed_cards(client: TestClient, chart: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post(URL, json=bundle_to_hook_request(chart, hook_instance="h-day"))
    assert response.status_code == 200, response.text
    return [
        card
        for card in response.json()["cards"]
        if card.get("extension", {}).get(TRIAL_MATCH_KEY, {}).get("nctId") == SEED
    ]


def test_gen_as_of_the_hospitals_date_of_an_instant() -> None:
    assert local_date(MORNING_IN_SHANGHAI, ZoneInfo("Asia/Shanghai")) == date(2026, 11, 25)
    assert local_date(MORNING_IN_SHANGHAI, ZoneInfo("UTC")) == date(2026, 11, 24)
    evening_in_new_york = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    assert local_date(evening_in_new_york, ZoneInfo("America/New_York")) == date(2026, 11, 24)


def test_the_time_zone_setting_defaults_to_utc_and_refuses_an_unknown_zone(
    make_settings: Callable[..., Settings],
) -> None:
    assert make_settings().zone == ZoneInfo("UTC")
    assert make_settings(time_zone="Asia/Shanghai").zone == ZoneInfo("Asia/Shanghai")
    for wrong in ("China Standard Time", "+08:00", "Asia/Atlantis", "../etc/passwd", ""):
        with pytest.raises(ValidationError, match="IANA time zone"):
            make_settings(time_zone=wrong)
