"""The service on a database created by the code before migrations (`create_all` at startup,
no `alembic_version`): it adopts it at startup, keeps its rows, and serves. On SQLite and on
PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cds_service.hooks.request import FeedbackRequest
from cds_service.service import create_app
from cds_service.settings import Settings
from cds_service.storage.db import make_engine
from cds_service.storage.errors import SchemaBehindError
from cds_service.storage.feedback import FeedbackStore
from cds_service.storage.migrations import head_revision
from cds_service.storage.migrations.baseline import baseline_metadata
from cds_service.storage.schema import database_revision
from fhir_mapping import bundle_to_hook_request
from tests.cds_service.conftest import FIXED_NOW

BUNDLE = Path(__file__).resolve().parents[2] / "test_bundles" / "npc_eligible.json"
EARLIER = {"card": "card-0", "outcome": "accepted", "outcomeTimestamp": "2026-11-24T09:00:00Z"}


def test_a_database_from_before_migrations_is_adopted_at_startup(
    make_settings: Callable[..., Settings], database_url: str
) -> None:
    engine = make_engine(database_url)
    # The tables the code before migrations made (the baseline revision's).
    baseline_metadata().create_all(engine)
    earlier = FeedbackRequest.model_validate({"feedback": [EARLIER]}).feedback
    FeedbackStore(engine).store(earlier, datetime(2026, 11, 24, 9, 30, tzinfo=UTC))

    app = create_app(make_settings(database_url=database_url), clock=lambda: FIXED_NOW)
    with TestClient(app) as client:
        assert client.get("/readyz").status_code == 200
        hook = bundle_to_hook_request(json.loads(BUNDLE.read_text()), hook_instance="adopted")
        answer = client.post("/cds-services/oncomatch-trials", json=hook)
        assert answer.status_code == 200
        (card,) = answer.json()["cards"]
        feedback = {"card": card["uuid"], "outcome": "accepted", "outcomeTimestamp": "2026-11-25"}
        stored = client.post(
            "/cds-services/oncomatch-trials/feedback", json={"feedback": [feedback]}
        )
        assert stored.status_code == 200, stored.text

    try:
        assert database_revision(engine) == head_revision()
        assert FeedbackStore(engine).count() == 2
    finally:
        engine.dispose()


def test_without_auto_migrate_a_database_behind_stops_the_service(
    make_settings: Callable[..., Settings],
) -> None:
    with pytest.raises(SchemaBehindError, match="run `oncomatch db upgrade`"):
        create_app(make_settings(auto_migrate=False))
