"""ClientJwtVerifier: positive cases for ES384 and RS384, and one negative test per check."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import threading
from typing import Any

import pytest
from auth_testkit import (
    AUDIENCE,
    DROP,
    ISSUER,
    FakeClock,
    Minter,
    SigningKey,
    b64json,
    b64url,
    jwks_of,
    make_key,
)
from cryptography.hazmat.primitives import serialization

from cds_service.auth import (
    ClientJwtVerifier,
    InMemoryReplayCache,
    StaticKeySource,
    VerifiedClient,
    extract_bearer_token,
    parse_trusted_issuers,
)
from cds_service.auth import errors as e
from cds_service.auth.jwks import JwkDict

JKU = "https://ehr.example.org/jwks/rotating.json"
TENANT_ISSUER = "https://tenant-ehr.example.org"


class RecordingKeySource:
    """A fake KeySource that records lookups (and the thread doing them)."""

    def __init__(self, inner: StaticKeySource) -> None:
        self.inner = inner
        self.calls: list[tuple[str, str]] = []
        self.threads: list[int] = []

    def get_jwk(self, url: str, kid: str) -> JwkDict:
        self.calls.append((url, kid))
        self.threads.append(threading.get_ident())
        return self.inner.get_jwk(url, kid)


@pytest.fixture
def jku_key() -> SigningKey:
    return make_key("ES384", "jku-key")


@pytest.fixture
def key_source(jku_key: SigningKey) -> RecordingKeySource:
    return RecordingKeySource(StaticKeySource({JKU: jwks_of(jku_key)}))


@pytest.fixture
def verifier(
    es384_key: SigningKey,
    rs384_key: SigningKey,
    key_source: RecordingKeySource,
    clock: FakeClock,
) -> ClientJwtVerifier:
    issuers = parse_trusted_issuers(
        {
            "issuers": [
                {"iss": ISSUER, "jwks": jwks_of(es384_key, rs384_key), "jku_allowlist": [JKU]},
                {"iss": TENANT_ISSUER, "jwks": jwks_of(es384_key), "tenant": "hospital-a"},
            ]
        }
    )
    return ClientJwtVerifier(
        issuers, key_source, InMemoryReplayCache(clock), clock, leeway_seconds=60
    )


def unsigned(header: dict[str, Any], payload: dict[str, Any], signature: str = "") -> str:
    return f"{b64json(header)}.{b64json(payload)}.{signature}"


# --- positive -----------------------------------------------------------------------------


@pytest.mark.parametrize("key_name", ["es384_key", "rs384_key"])
def test_valid_token_is_accepted(
    key_name: str, request: pytest.FixtureRequest, verifier: ClientJwtVerifier, mint: Minter
) -> None:
    key: SigningKey = request.getfixturevalue(key_name)
    token = mint(key, jti="jti-ok", tenant="any-tenant")
    client = verifier.verify(token, AUDIENCE)
    assert client == VerifiedClient(
        iss=ISSUER, sub="ehr-client", jti="jti-ok", tenant="any-tenant", kid=key.kid
    )


def test_aud_may_be_a_list_containing_the_endpoint(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    token = mint(es384_key, aud=["https://elsewhere.example.org", AUDIENCE])
    assert verifier.verify(token, AUDIENCE).iss == ISSUER


def test_typ_may_be_absent(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    token = mint(es384_key, headers={"typ": None})
    assert verifier.verify(token, AUDIENCE).kid == es384_key.kid


def test_small_clock_skew_is_tolerated(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey, clock: FakeClock
) -> None:
    now = clock.epoch()
    token = mint(es384_key, iat=now + 30, exp=now - 30 + 300)
    assert verifier.verify(token, AUDIENCE).iss == ISSUER
    late = mint(es384_key, iat=now - 300, exp=now - 30)
    assert verifier.verify(late, AUDIENCE).iss == ISSUER


def test_jku_on_the_allowlist_is_used(
    verifier: ClientJwtVerifier,
    mint: Minter,
    jku_key: SigningKey,
    key_source: RecordingKeySource,
) -> None:
    token = mint(jku_key, headers={"jku": JKU})
    assert verifier.verify(token, AUDIENCE).kid == "jku-key"
    assert key_source.calls == [(JKU, "jku-key")]


def test_matching_tenant_is_accepted(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    token = mint(es384_key, iss=TENANT_ISSUER, tenant="hospital-a")
    assert verifier.verify(token, AUDIENCE).tenant == "hospital-a"


def test_verify_async_runs_off_the_event_loop_thread(
    verifier: ClientJwtVerifier,
    mint: Minter,
    jku_key: SigningKey,
    key_source: RecordingKeySource,
) -> None:
    token = mint(jku_key, headers={"jku": JKU})

    async def call() -> tuple[VerifiedClient, int]:
        return await verifier.verify_async(token, AUDIENCE), threading.get_ident()

    client, loop_thread = asyncio.run(call())
    assert client.kid == "jku-key"
    assert key_source.threads
    assert key_source.threads[0] != loop_thread


# --- negative: one per check --------------------------------------------------------------


def test_alg_none_is_rejected_before_any_key_lookup(
    verifier: ClientJwtVerifier, claims: Any, key_source: RecordingKeySource
) -> None:
    token = unsigned({"alg": "none", "typ": "JWT", "kid": "jku-key", "jku": JKU}, claims())
    with pytest.raises(e.DisallowedAlgorithmError):
        verifier.verify(token, AUDIENCE)
    assert key_source.calls == []


def test_hs384_with_the_public_key_as_secret_is_rejected(
    verifier: ClientJwtVerifier, claims: Any, rs384_key: SigningKey
) -> None:
    # The classic algorithm-confusion forgery: HMAC keyed with the issuer's public key.
    pem = rs384_key.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS384", "typ": "JWT", "kid": rs384_key.kid}
    signing_input = f"{b64json(header)}.{b64json(claims())}"
    mac = hmac.new(pem, signing_input.encode(), hashlib.sha384).digest()
    with pytest.raises(e.DisallowedAlgorithmError):
        verifier.verify(f"{signing_input}.{b64url(mac)}", AUDIENCE)


@pytest.mark.parametrize("alg", ["ES256", "RS256", "PS384", "EdDSA", "HS256", "", None, 384])
def test_other_algorithms_are_rejected(
    alg: object, verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    signature = mint(es384_key).rsplit(".", 1)[1]
    token = unsigned({"alg": alg, "kid": es384_key.kid}, {"iss": ISSUER}, signature)
    with pytest.raises(e.DisallowedAlgorithmError):
        verifier.verify(token, AUDIENCE)


def test_key_of_another_type_than_alg_is_refused(
    verifier: ClientJwtVerifier, mint: Minter, rs384_key: SigningKey, es384_key: SigningKey
) -> None:
    # RS384 signature, but the kid points at the EC key.
    token = mint(rs384_key, headers={"kid": es384_key.kid})
    with pytest.raises(e.UnsuitableKeyError):
        verifier.verify(token, AUDIENCE)


def test_missing_kid_is_rejected(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    with pytest.raises(e.InvalidHeaderError):
        verifier.verify(mint(es384_key, headers={"kid": DROP}), AUDIENCE)


def test_wrong_typ_is_rejected(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    with pytest.raises(e.InvalidHeaderError):
        verifier.verify(mint(es384_key, headers={"typ": "at+jwt"}), AUDIENCE)


def test_unknown_issuer_is_rejected(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    with pytest.raises(e.UntrustedIssuerError):
        verifier.verify(mint(es384_key, iss="https://evil.example.com/"), AUDIENCE)


def test_missing_issuer_is_rejected(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    with pytest.raises(e.UntrustedIssuerError):
        verifier.verify(mint(es384_key, iss=DROP), AUDIENCE)


def test_jku_off_the_allowlist_is_rejected_without_fetching(
    verifier: ClientJwtVerifier,
    mint: Minter,
    jku_key: SigningKey,
    key_source: RecordingKeySource,
) -> None:
    token = mint(jku_key, headers={"jku": "https://attacker.example.com/jwks.json"})
    with pytest.raises(e.UntrustedKeySetUrlError):
        verifier.verify(token, AUDIENCE)
    assert key_source.calls == []


def test_tampered_payload_is_rejected(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey, claims: Any
) -> None:
    header, _, signature = mint(es384_key, sub="nurse").split(".")
    forged = b64json(claims(sub="admin"))
    with pytest.raises(e.SignatureMismatchError):
        verifier.verify(f"{header}.{forged}.{signature}", AUDIENCE)


def test_signature_by_another_key_with_the_same_kid_is_rejected(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    impostor = make_key("ES384", es384_key.kid)
    with pytest.raises(e.SignatureMismatchError):
        verifier.verify(mint(impostor), AUDIENCE)


def test_unknown_kid_is_rejected(verifier: ClientJwtVerifier, mint: Minter) -> None:
    with pytest.raises(e.UnknownKeyError):
        verifier.verify(mint(make_key("ES384", "not-configured")), AUDIENCE)


@pytest.mark.parametrize(
    "aud", ["https://oncomatch.example.org/cds-services", [], ["https://x.example"], 7, DROP]
)
def test_wrong_or_missing_audience_is_rejected(
    aud: object, verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    with pytest.raises(e.InvalidAudienceError):
        verifier.verify(mint(es384_key, aud=aud), AUDIENCE)


def test_expired_token_is_rejected(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey, clock: FakeClock
) -> None:
    now = clock.epoch()
    with pytest.raises(e.TokenExpiredError):
        verifier.verify(mint(es384_key, iat=now - 400, exp=now - 61), AUDIENCE)


def test_token_expires_as_the_clock_moves(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey, clock: FakeClock
) -> None:
    token = mint(es384_key)
    clock.advance(300 + 61)
    with pytest.raises(e.TokenExpiredError):
        verifier.verify(token, AUDIENCE)


def test_future_iat_is_rejected(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey, clock: FakeClock
) -> None:
    now = clock.epoch()
    with pytest.raises(e.TokenNotYetValidError):
        verifier.verify(mint(es384_key, iat=now + 120, exp=now + 400), AUDIENCE)


def test_future_nbf_is_rejected(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey, clock: FakeClock
) -> None:
    with pytest.raises(e.TokenNotYetValidError):
        verifier.verify(mint(es384_key, nbf=clock.epoch() + 120), AUDIENCE)


@pytest.mark.parametrize("claim", ["exp", "iat", "jti"])
def test_required_claims_must_be_present(
    claim: str, verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    with pytest.raises(e.InvalidClaimsError):
        verifier.verify(mint(es384_key, **{claim: DROP}), AUDIENCE)


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("exp", "soon"),
        ("iat", True),
        ("jti", 42),
        ("exp", float("nan")),
        ("exp", float("inf")),
        ("iat", float("nan")),
        ("exp", 10**30),
        ("iat", -5),
        ("nbf", float("nan")),
    ],
)
def test_claims_of_the_wrong_type_are_rejected(
    claim: str, value: object, verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    with pytest.raises(e.InvalidClaimsError):
        verifier.verify(mint(es384_key, **{claim: value}), AUDIENCE)


def test_absurd_timestamps_fail_cleanly_even_without_a_lifetime_cap(
    es384_key: SigningKey, mint: Minter, clock: FakeClock
) -> None:
    issuers = parse_trusted_issuers({"issuers": [{"iss": ISSUER, "jwks": jwks_of(es384_key)}]})
    verifier = ClientJwtVerifier(
        issuers,
        StaticKeySource({}),
        InMemoryReplayCache(clock),
        clock,
        max_lifetime_seconds=None,
    )
    with pytest.raises(e.InvalidClaimsError):
        verifier.verify(mint(es384_key, exp=10**30), AUDIENCE)
    near_max = mint(es384_key, exp=253402300799)  # year 9999: accepted, and no overflow
    assert verifier.verify(near_max, AUDIENCE).iss == ISSUER


def test_a_naive_clock_is_refused_at_construction(es384_key: SigningKey) -> None:
    from datetime import datetime

    issuers = parse_trusted_issuers({"issuers": [{"iss": ISSUER, "jwks": jwks_of(es384_key)}]})
    naive = datetime(2026, 6, 1, 12, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        ClientJwtVerifier(
            issuers, StaticKeySource({}), InMemoryReplayCache(lambda: naive), lambda: naive
        )


def test_unexpected_failures_become_auth_errors(
    es384_key: SigningKey, mint: Minter, clock: FakeClock
) -> None:
    class BrokenReplayCache:
        def seen_before(self, iss: str, jti: str, expires_at: object) -> bool:
            raise RuntimeError("boom")

    issuers = parse_trusted_issuers({"issuers": [{"iss": ISSUER, "jwks": jwks_of(es384_key)}]})
    verifier = ClientJwtVerifier(issuers, StaticKeySource({}), BrokenReplayCache(), clock)
    with pytest.raises(e.VerificationFailedError):
        verifier.verify(mint(es384_key), AUDIENCE)


def test_lifetime_longer_than_the_maximum_is_rejected(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey, clock: FakeClock
) -> None:
    now = clock.epoch()
    with pytest.raises(e.TokenLifetimeTooLongError):
        verifier.verify(mint(es384_key, iat=now, exp=now + 86400), AUDIENCE)


def test_replayed_jti_is_rejected(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    token = mint(es384_key)
    verifier.verify(token, AUDIENCE)
    with pytest.raises(e.ReplayedTokenError):
        verifier.verify(token, AUDIENCE)
    # A different token reusing the jti is a replay too.
    again = mint(es384_key, jti=json.loads(_payload(token))["jti"])
    with pytest.raises(e.ReplayedTokenError):
        verifier.verify(again, AUDIENCE)


def test_rejected_token_does_not_consume_its_jti(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    token = mint(es384_key)
    with pytest.raises(e.InvalidAudienceError):
        verifier.verify(token, "https://oncomatch.example.org/cds-services")
    assert verifier.verify(token, AUDIENCE).iss == ISSUER


@pytest.mark.parametrize("tenant", ["hospital-b", DROP])
def test_tenant_must_match_the_configured_tenant(
    tenant: object, verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    with pytest.raises(e.TenantMismatchError):
        verifier.verify(mint(es384_key, iss=TENANT_ISSUER, tenant=tenant), AUDIENCE)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "abc",
        "a.b",
        "a.b.c.d",
        "!!!.@@@.###",
        f"{b64url(b'not json')}.{b64json({})}.",
        f"{b64json(['a list'])}.{b64json({})}.",
        f"{b64json({'alg': 'ES384', 'kid': 'k'})}.{b64url(b'[1]')}.AAAA",
        "x" * 10_000,
    ],
)
def test_garbage_is_rejected_as_malformed(token: str, verifier: ClientJwtVerifier) -> None:
    with pytest.raises(e.AuthError):
        verifier.verify(token, AUDIENCE)


def test_crit_header_is_rejected(
    verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    token = mint(es384_key, headers={"crit": ["exp"], "exp": 1})
    with pytest.raises(e.InvalidHeaderError):
        verifier.verify(token, AUDIENCE)


# --- the Authorization header ------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "token"),
    [("Bearer abc.def.ghi", "abc.def.ghi"), ("bearer  abc.def.ghi ", "abc.def.ghi")],
)
def test_bearer_token_is_extracted(header: str, token: str) -> None:
    assert extract_bearer_token(header) == token


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer   ", "Basic dXNlcjpwYXNz", "abc"])
def test_missing_or_non_bearer_credentials_are_rejected(header: str | None) -> None:
    with pytest.raises(e.MissingCredentialsError):
        extract_bearer_token(header)


# --- logging ----------------------------------------------------------------------------


def _payload(token: str) -> bytes:
    segment = token.split(".")[1]
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def test_logs_name_reason_iss_and_kid_but_never_the_token_or_other_claims(
    verifier: ClientJwtVerifier,
    mint: Minter,
    es384_key: SigningKey,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = clock.epoch()
    secret_jti = "jti-4f1c-secret"
    secret_sub = "dr-house-subject"
    secret_tenant = "tenant-mercy-general"
    valid = mint(es384_key, jti=secret_jti, sub=secret_sub, tenant=secret_tenant)
    bad_tokens = [
        mint(es384_key, aud="https://wrong.example/", sub=secret_sub, tenant=secret_tenant),
        mint(es384_key, iat=now - 600, exp=now - 100, sub=secret_sub, tenant=secret_tenant),
        mint(es384_key, iat=now + 600, exp=now + 900, sub=secret_sub, tenant=secret_tenant),
        mint(es384_key, iss="https://evil.example/", sub=secret_sub, tenant=secret_tenant),
        mint(make_key("ES384", es384_key.kid), sub=secret_sub, tenant=secret_tenant),
    ]
    caplog.set_level(logging.DEBUG)
    verifier.verify(valid, AUDIENCE)
    with pytest.raises(e.ReplayedTokenError):
        verifier.verify(valid, AUDIENCE)
    for token in bad_tokens:
        with pytest.raises(e.AuthError):
            verifier.verify(token, AUDIENCE)

    records = [r for r in caplog.records if r.name == "cds_service.auth.verifier"]
    assert len(records) == 1 + len(bad_tokens)  # exactly one line per rejection
    text = caplog.text
    for token in [valid, *bad_tokens]:
        _header, payload, signature = token.split(".")
        assert token not in text
        assert payload not in text
        assert signature not in text
    for value in (secret_jti, secret_sub, secret_tenant, AUDIENCE, "wrong.example"):
        assert value not in text
    for record in records:
        message = record.getMessage()
        assert "kid='es384-key'" in message
        assert "iss=" in message
    assert "iss='https://evil.example/'" in text
    assert "ReplayedTokenError" in text


def test_log_values_are_escaped_and_capped(
    verifier: ClientJwtVerifier,
    mint: Minter,
    es384_key: SigningKey,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    forged_iss = "https://x.example/\nINFO fake log line " + "A" * 1000
    with pytest.raises(e.UntrustedIssuerError):
        verifier.verify(mint(es384_key, iss=forged_iss), AUDIENCE)
    (record,) = caplog.records
    assert "\n" not in record.getMessage()
    assert len(record.getMessage()) < 600
