"""Feedback: the spec's bodies, persisted once, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cds_service.hooks.request import FeedbackRequest
from cds_service.service import create_app
from cds_service.settings import Settings
from cds_service.storage.db import make_engine
from cds_service.storage.feedback import CardIssue, FeedbackStore
from cds_service.storage.schema import upgrade_schema
from tests.cds_service.conftest import FIXED_NOW, RecordingPipeline

URL = "/cds-services/oncomatch-trials/feedback"

ACCEPTED = {
    "feedback": [
        {
            "card": "4e0a3a1e-3283-4575-ab82-028d55fe2719",
            "outcome": "accepted",
            "acceptedSuggestions": [{"id": "e56e1945-20b3-4393-8503-a1a20fd73152"}],
            "outcomeTimestamp": "2021-12-11T10:05:31Z",
        }
    ]
}
OVERRIDDEN = {
    "feedback": [
        {
            "card": "9368d37b-283f-44a0-93ea-547cebab93ed",
            "outcome": "overridden",
            "overrideReason": {
                "reason": {
                    "code": "site-too-far",
                    "system": "https://oncomatch.example/fhir/CodeSystem/override-reason",
                    "display": "Trial site too far",
                },
                "userComment": "Lives 900 km away.",
            },
            "outcomeTimestamp": "2020-12-11T00:00:00Z",
        }
    ]
}


def test_feedback_is_stored_once(protocol_client: TestClient) -> None:
    first = protocol_client.post(URL, json=ACCEPTED)
    assert first.status_code == 200
    # Accepted per the spec, and counted apart: no answer of this service issued that card.
    assert first.json() == {"stored": 1, "duplicates": 0, "unknownCards": 1}
    again = protocol_client.post(URL, json=ACCEPTED)
    assert again.status_code == 200
    assert again.json() == {"stored": 0, "duplicates": 1, "unknownCards": 1}


def test_feedback_on_an_unknown_card_is_logged_as_such(
    protocol_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="oncomatch.hook"):
        assert protocol_client.post(URL, json=OVERRIDDEN).status_code == 200
    lines = [r.getMessage() for r in caplog.records if "did not issue" in r.getMessage()]
    assert lines == ["feedback on 1 card(s) this service did not issue (1 stored, 0 repeated)"]
    assert all("900 km" not in r.getMessage() for r in caplog.records)


def test_issued_cards_are_not_counted_unknown(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'f.db'}")
    upgrade_schema(engine)
    store = FeedbackStore(engine)
    card = OVERRIDDEN["feedback"][0]["card"]
    store.record_issued([CardIssue(card, "NCT07188584", "eligible", "h1")], FIXED_NOW)
    report = FeedbackRequest.model_validate(OVERRIDDEN)
    assert store.store(report.feedback, FIXED_NOW).unknown_cards == 0


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"feedback": []},
        {"feedback": [{"card": "x", "outcome": "maybe", "outcomeTimestamp": "2020-01-01T00:00Z"}]},
        {"feedback": [{"card": "x", "outcome": "accepted"}]},
        {"feedback": [{"card": "x", "outcome": "accepted", "outcomeTimestamp": "yesterday"}]},
    ],
)
def test_bad_feedback_is_400(protocol_client: TestClient, body: dict[str, Any]) -> None:
    response = protocol_client.post(URL, json=body)
    assert response.status_code == 400
    assert response.json()["resourceType"] == "OperationOutcome"


def test_feedback_for_unknown_service_is_404(protocol_client: TestClient) -> None:
    assert protocol_client.post("/cds-services/other/feedback", json=ACCEPTED).status_code == 404


def test_tolerant_parsing_of_client_variants(protocol_client: TestClient) -> None:
    bare = dict(OVERRIDDEN["feedback"][0], outcome="OVERRIDDEN")
    bare["outcomeTimestamp"] = "2020-12-11T00:00:00"  # no zone: UTC per the spec
    response = protocol_client.post(URL, json=bare)
    assert response.status_code == 200
    assert response.json()["stored"] == 1


def exercise_store(store: FeedbackStore) -> None:
    issued_at = datetime(2026, 11, 25, tzinfo=UTC)
    store.record_issued(
        [
            CardIssue("4e0a3a1e-3283-4575-ab82-028d55fe2719", "NCT07188584", "eligible", "h1"),
            CardIssue(
                "9368d37b-283f-44a0-93ea-547cebab93ed", "NCT07188584", "possibly_eligible", "h2"
            ),
        ],
        issued_at,
    )
    for body in (ACCEPTED, OVERRIDDEN, ACCEPTED):
        store.store(FeedbackRequest.model_validate(body).feedback, issued_at)
    assert store.count() == 2
    summary = {
        (r.nct_id, r.verdict, r.outcome, r.override_reason): r.count for r in store.summary()
    }
    assert summary == {
        ("NCT07188584", "eligible", "accepted", ""): 1,
        ("NCT07188584", "possibly_eligible", "overridden", "Trial site too far"): 1,
    }


def test_store_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'f.sqlite3'}")
    upgrade_schema(engine)
    exercise_store(FeedbackStore(engine))


@pytest.mark.postgres
def test_store_on_postgres(postgres_schema_url: str) -> None:
    engine = make_engine(postgres_schema_url)
    upgrade_schema(engine)
    try:
        exercise_store(FeedbackStore(engine))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_feedback_endpoint_on_postgres(
    postgres_schema_url: str,
    make_settings: Callable[..., Settings],
    recording_pipeline: RecordingPipeline,
) -> None:
    settings = make_settings(database_url=postgres_schema_url)
    app = create_app(settings, clock=lambda: FIXED_NOW, pipeline=recording_pipeline)
    with TestClient(app) as client:
        assert client.post(URL, json=OVERRIDDEN).json() == {
            "stored": 1,
            "duplicates": 0,
            "unknownCards": 1,
        }
        assert client.post(URL, content=json.dumps(OVERRIDDEN)).json()["duplicates"] == 1
    app.state.runtime.engine.dispose()
