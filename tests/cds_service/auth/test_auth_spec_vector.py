"""The CDS Hooks 2.0.1 spec's signed example JWT, verified with the spec's public JWK Set."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from auth_testkit import SPEC_EXAMPLES, FakeClock

from cds_service.auth import (
    ClientJwtVerifier,
    InMemoryReplayCache,
    StaticKeySource,
    VerifiedClient,
    parse_trusted_issuers,
)
from cds_service.auth import errors as e

SPEC_ISS = "https://fhir-ehr.example.com/"
SPEC_JKU = "https://fhir-ehr.example.com/jwk_uri"
SPEC_AUD = "https://cds.example.org/cds-services/some-service"


def _read(name: str) -> str:
    path = SPEC_EXAMPLES / name
    if not path.is_file():
        pytest.skip(f"{path} not present (../shared is absent)")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def token() -> str:
    return _read("22b-example-jwt-ES384.txt").strip()


@pytest.fixture
def jwks() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_read("24-jwks-public.json"))
    return data


@pytest.fixture
def now() -> FakeClock:
    return FakeClock(datetime(2026, 6, 1, tzinfo=UTC))


def _verifier(jwks: dict[str, Any], clock: FakeClock, *, skip_expiry: bool) -> ClientJwtVerifier:
    # The example's header carries a jku; it is allowlisted and pinned to the spec's key set.
    issuers = parse_trusted_issuers(
        {"issuers": [{"iss": SPEC_ISS, "jwks": jwks, "jku_allowlist": [SPEC_JKU]}]}
    )
    return ClientJwtVerifier(
        issuers,
        StaticKeySource({SPEC_JKU: jwks}),
        InMemoryReplayCache(clock),
        clock,
        insecure_skip_expiry_checks=skip_expiry,
    )


def _segment(token: str, index: int) -> Any:
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_spec_token_matches_the_documented_header_and_payload(token: str) -> None:
    assert _segment(token, 0) == json.loads(_read("22-jwt-header.json"))
    assert _segment(token, 1) == json.loads(_read("23-jwt-payload.json"))


def test_spec_example_verifies_with_expiry_checks_off(
    token: str, jwks: dict[str, Any], now: FakeClock
) -> None:
    client = _verifier(jwks, now, skip_expiry=True).verify(token, SPEC_AUD)
    assert client == VerifiedClient(
        iss=SPEC_ISS,
        sub=None,
        jti="ee22b021-e1b7-4611-ba5b-8eec6a33ac1e",
        tenant="2ddd6c3a-8e9a-44c6-a305-52111ad302a2",
        kid="example-kid",
    )


def test_spec_example_is_expired_with_expiry_checks_on(
    token: str, jwks: dict[str, Any], now: FakeClock
) -> None:
    with pytest.raises(e.TokenExpiredError):
        _verifier(jwks, now, skip_expiry=False).verify(token, SPEC_AUD)


def test_spec_example_still_needs_the_right_audience_and_signature(
    token: str, jwks: dict[str, Any], now: FakeClock
) -> None:
    verifier = _verifier(jwks, now, skip_expiry=True)
    with pytest.raises(e.InvalidAudienceError):
        verifier.verify(token, "https://cds.example.org/cds-services/other-service")
    header, payload, signature = token.split(".")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    with pytest.raises(e.SignatureMismatchError):
        verifier.verify(f"{header}.{payload}.{flipped}", SPEC_AUD)
