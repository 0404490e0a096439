"""A curation error a page lets through is answered by the one error handler: its status and
what is wrong, never a 500."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from cds_service.curation.errors import (
    CurationError,
    InvalidTrialError,
    NotACuratorError,
    StaleRegistryTextError,
    TrialProblem,
    UnknownTrialError,
    VersionNotFoundError,
)
from cds_service.service import create_app
from cds_service.settings import Settings
from tests.cds_service.conftest import FIXED_NOW

ERRORS: list[tuple[CurationError, int]] = [
    (
        InvalidTrialError(
            [TrialProblem("criteria.0.age.max_years", "Input should be a valid integer")]
        ),
        422,
    ),
    (VersionNotFoundError("NCT00000001", 4), 404),
    (UnknownTrialError("NCT00000099"), 404),
    (StaleRegistryTextError("NCT00000001"), 409),
    (NotACuratorError("the staff account 'cora' has the coordinator role"), 403),
]


@pytest.mark.parametrize(("error", "status"), ERRORS, ids=lambda e: type(e).__name__)
def test_curation_errors_become_their_status(
    error: CurationError, status: int, make_settings: Callable[..., Settings]
) -> None:
    app = create_app(make_settings(), clock=lambda: FIXED_NOW)

    def fail() -> None:
        raise error

    app.add_api_route("/curation-test", fail)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/curation-test")
    assert response.status_code == status
    assert response.json()["error"] == error.message
    if isinstance(error, InvalidTrialError):
        assert response.json()["problems"] == [
            {"message": "Input should be a valid integer", "location": "criteria.0.age.max_years"}
        ]
