"""ONCOMATCH_AUTH=jwt in the running app: every route needs a valid client JWT; 401 is bare."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from cds_service.hooks.client_auth import AuthSetupError
from cds_service.service import create_app
from cds_service.settings import AuthMode, Settings
from tests.cds_service.auth.auth_testkit import SigningKey, jwks_of, make_key
from tests.cds_service.conftest import FIXED_NOW, RecordingPipeline

BASE = "https://oncomatch.example.org"
ISSUER = "https://ehr.example.org/"


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return make_key("ES384")


def token(key: SigningKey, path: str, **overrides: Any) -> str:
    now = int(FIXED_NOW.timestamp())
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "sub": "ehr-client",
        "aud": BASE + path,
        "exp": now + 300,
        "iat": now,
        "jti": str(uuid.uuid4()),
    }
    claims.update(overrides)
    return jwt.encode(
        claims, key.private, algorithm=key.alg, headers={"kid": key.kid, "typ": "JWT"}
    )


@pytest.fixture
def client(
    tmp_path: Path,
    key: SigningKey,
    make_settings: Callable[..., Settings],
    recording_pipeline: RecordingPipeline,
) -> Iterator[TestClient]:
    issuers = tmp_path / "issuers.json"
    issuers.write_text(json.dumps({"issuers": [{"iss": ISSUER, "jwks": jwks_of(key)}]}))
    settings = make_settings(auth=AuthMode.JWT, trusted_issuers=issuers, public_base_url=BASE)
    app = create_app(settings, clock=lambda: FIXED_NOW, pipeline=recording_pipeline)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def test_discovery_with_a_valid_token(client: TestClient, key: SigningKey) -> None:
    response = client.get("/cds-services", headers=bearer(token(key, "/cds-services")))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/cds-services", "GET"),
        ("/cds-services/oncomatch-trials", "POST"),
        ("/cds-services/oncomatch-trials/feedback", "POST"),
    ],
)
def test_no_token_is_a_bare_401(client: TestClient, path: str, method: str) -> None:
    response = client.request(method, path, json={})
    assert response.status_code == 401
    assert response.content == b""


def test_token_for_another_url_is_401(client: TestClient, key: SigningKey) -> None:
    response = client.get("/cds-services", headers=bearer(token(key, "/cds-services/other")))
    assert response.status_code == 401


def test_replayed_token_is_401(client: TestClient, key: SigningKey) -> None:
    once = token(key, "/cds-services")
    assert client.get("/cds-services", headers=bearer(once)).status_code == 200
    assert client.get("/cds-services", headers=bearer(once)).status_code == 401


def test_expired_token_is_401_and_logged_without_the_token(
    client: TestClient, key: SigningKey, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    now = int(FIXED_NOW.timestamp())
    stale = token(key, "/cds-services", iat=now - 900, exp=now - 600)
    assert client.get("/cds-services", headers=bearer(stale)).status_code == 401
    messages = [record.getMessage() for record in caplog.records]
    assert any("401" in message and "Expired" in message for message in messages)
    assert all(stale not in message for message in messages)
    for part in stale.split("."):
        assert all(part not in message for message in messages)


def test_jwt_mode_without_trusted_issuers_refuses_to_start(
    make_settings: Callable[..., Settings],
) -> None:
    with pytest.raises(AuthSetupError, match="ONCOMATCH_TRUSTED_ISSUERS"):
        create_app(make_settings(auth=AuthMode.JWT))


def test_health_needs_no_token(client: TestClient) -> None:
    assert client.get("/healthz").status_code == 200
