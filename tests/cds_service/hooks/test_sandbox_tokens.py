"""Tokens signed the way the CDS Hooks Sandbox signs them are accepted with the README's
configuration: an inline `jwks` for the sandbox's issuer, a header carrying `jku` beside `kid`.

A key configured inline decides without any fetch, so neither a `jku` missing from the allowlist
nor an unreachable allowlisted `jku` can defeat it; a `kid` that is not configured still needs
an allowlisted `jku`."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from cds_service.service import create_app
from cds_service.settings import AuthMode, Settings
from fhir_mapping.bundle_request import load_hook_input
from tests.cds_service.auth.auth_testkit import SigningKey, jwks_of, make_key
from tests.cds_service.conftest import FIXED_NOW, RecordingPipeline

BASE = "https://oncomatch.example.org"
SANDBOX = "https://sandbox.cds-hooks.org"
SANDBOX_JKU = "https://sandbox.cds-hooks.org/.well-known/jwks.json"
# Nothing listens here: a fetch would fail, so a 200 proves no fetch was made.
UNREACHABLE_JKU = "http://127.0.0.1:9/jwks.json"
HOOK = "/cds-services/oncomatch-trials"
BUNDLES = Path(__file__).resolve().parents[3] / "test_bundles"


@pytest.fixture(scope="module")
def sandbox_key() -> SigningKey:
    return make_key("ES384", "sandbox-kid-1")


def sandbox_token(key: SigningKey, path: str, jku: str = SANDBOX_JKU) -> str:
    """Header `alg`, `typ`, `kid`, `jku`; claims `iss`, `aud`, `exp` 5 minutes after `iat`, `jti`:
    what the sandbox sends."""
    now = int(FIXED_NOW.timestamp())
    claims: dict[str, Any] = {
        "iss": SANDBOX,
        "aud": BASE + path,
        "exp": now + 300,
        "iat": now,
        "jti": str(uuid.uuid4()),
    }
    headers = {"alg": "ES384", "typ": "JWT", "kid": key.kid, "jku": jku}
    return jwt.encode(claims, key.private, algorithm="ES384", headers=headers)


def serve_with(
    issuer: dict[str, Any],
    tmp_path: Path,
    make_settings: Callable[..., Settings],
    pipeline: RecordingPipeline,
) -> TestClient:
    issuers = tmp_path / "issuers.json"
    issuers.write_text(json.dumps({"issuers": [issuer]}))
    settings = make_settings(auth=AuthMode.JWT, trusted_issuers=issuers, public_base_url=BASE)
    return TestClient(create_app(settings, clock=lambda: FIXED_NOW, pipeline=pipeline))


@pytest.fixture
def readme_configured(
    tmp_path: Path,
    sandbox_key: SigningKey,
    make_settings: Callable[..., Settings],
    recording_pipeline: RecordingPipeline,
) -> Iterator[TestClient]:
    issuer = {"iss": SANDBOX, "jwks": jwks_of(sandbox_key)}
    with serve_with(issuer, tmp_path, make_settings, recording_pipeline) as client:
        yield client


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def hook_call() -> dict[str, Any]:
    return load_hook_input(str(BUNDLES / "npc_eligible.json"))


def test_sandbox_tokens_are_accepted_with_the_readme_configuration(
    readme_configured: TestClient, sandbox_key: SigningKey
) -> None:
    discovery = readme_configured.get(
        "/cds-services", headers=bearer(sandbox_token(sandbox_key, "/cds-services"))
    )
    assert discovery.status_code == 200
    hook = readme_configured.post(
        HOOK, json=hook_call(), headers=bearer(sandbox_token(sandbox_key, HOOK))
    )
    assert hook.status_code == 200, hook.text


def test_an_unreachable_allowlisted_jku_does_not_defeat_an_inline_kid(
    tmp_path: Path,
    sandbox_key: SigningKey,
    make_settings: Callable[..., Settings],
    recording_pipeline: RecordingPipeline,
) -> None:
    issuer = {"iss": SANDBOX, "jwks": jwks_of(sandbox_key), "jku_allowlist": [UNREACHABLE_JKU]}
    with serve_with(issuer, tmp_path, make_settings, recording_pipeline) as client:
        token = sandbox_token(sandbox_key, "/cds-services", jku=UNREACHABLE_JKU)
        assert client.get("/cds-services", headers=bearer(token)).status_code == 200


def test_a_kid_not_configured_still_needs_an_allowlisted_jku(
    readme_configured: TestClient,
) -> None:
    stranger = make_key("ES384", "not-configured")
    token = sandbox_token(stranger, "/cds-services")
    response = readme_configured.get("/cds-services", headers=bearer(token))
    assert response.status_code == 401
    assert response.content == b""
