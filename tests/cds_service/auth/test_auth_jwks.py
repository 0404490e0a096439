"""Key sets fetched over real HTTP (a server on 127.0.0.1): TTL cache, refetch-once on unknown
kid with a minimum interval, jku allowlist, timeouts, and refusal of unusable documents."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from auth_testkit import (
    AUDIENCE,
    ISSUER,
    FakeClock,
    FakeMonotonic,
    JwksServer,
    Minter,
    SigningKey,
    jwks_of,
    make_key,
)

from cds_service.auth import (
    ClientJwtVerifier,
    HttpJwksKeySource,
    InMemoryReplayCache,
    parse_trusted_issuers,
)
from cds_service.auth import errors as e
from cds_service.auth.jwks import JwksFormatError, parse_jwks, public_key_for

TTL = 300.0
MIN_REFETCH = 30.0


@pytest.fixture
def monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def source(http_session: requests.Session, monotonic: FakeMonotonic) -> Iterator[HttpJwksKeySource]:
    with HttpJwksKeySource(
        ttl_seconds=TTL,
        min_refetch_interval_seconds=MIN_REFETCH,
        max_stale_seconds=600,
        connect_timeout_seconds=1,
        read_timeout_seconds=0.3,
        total_timeout_seconds=2,
        max_bytes=64 * 1024,
        session=http_session,
        monotonic=monotonic,
    ) as key_source:
        yield key_source


@pytest.fixture
def verifier(
    jwks_server: JwksServer, source: HttpJwksKeySource, clock: FakeClock
) -> ClientJwtVerifier:
    issuers = parse_trusted_issuers(
        {
            "issuers": [
                {
                    "iss": ISSUER,
                    "jwks_url": jwks_server.url("/jwks.json"),
                    "jku_allowlist": [jwks_server.url("/jku.json")],
                }
            ]
        }
    )
    return ClientJwtVerifier(issuers, source, InMemoryReplayCache(clock), clock)


def test_key_set_is_fetched_once_and_cached_for_its_ttl(
    jwks_server: JwksServer,
    verifier: ClientJwtVerifier,
    mint: Minter,
    es384_key: SigningKey,
    rs384_key: SigningKey,
    monotonic: FakeMonotonic,
) -> None:
    jwks_server.documents["/jwks.json"] = jwks_of(es384_key, rs384_key)
    for key in (es384_key, rs384_key, es384_key):
        assert verifier.verify(mint(key), AUDIENCE).kid == key.kid
    assert jwks_server.count("/jwks.json") == 1

    monotonic.advance(TTL - 1)
    verifier.verify(mint(es384_key), AUDIENCE)
    assert jwks_server.count("/jwks.json") == 1

    monotonic.advance(2)  # past the TTL
    verifier.verify(mint(es384_key), AUDIENCE)
    assert jwks_server.count("/jwks.json") == 2


def test_unknown_kid_triggers_exactly_one_refetch_then_waits(
    jwks_server: JwksServer,
    verifier: ClientJwtVerifier,
    mint: Minter,
    es384_key: SigningKey,
    monotonic: FakeMonotonic,
) -> None:
    jwks_server.documents["/jwks.json"] = jwks_of(es384_key)
    verifier.verify(mint(es384_key), AUDIENCE)
    monotonic.advance(MIN_REFETCH)
    assert jwks_server.count("/jwks.json") == 1

    with pytest.raises(e.UnknownKeyError):
        verifier.verify(mint(make_key("ES384", "bogus-1")), AUDIENCE)
    assert jwks_server.count("/jwks.json") == 2  # one refetch, still unknown

    # A flood of made-up kids right after must not reach the issuer.
    for n in range(20):
        with pytest.raises(e.UnknownKeyError):
            verifier.verify(mint(make_key("ES384", f"bogus-flood-{n}")), AUDIENCE)
    assert jwks_server.count("/jwks.json") == 2

    monotonic.advance(MIN_REFETCH)
    with pytest.raises(e.UnknownKeyError):
        verifier.verify(mint(make_key("ES384", "bogus-later")), AUDIENCE)
    assert jwks_server.count("/jwks.json") == 3


def test_rotated_key_is_picked_up_by_the_refetch(
    jwks_server: JwksServer,
    verifier: ClientJwtVerifier,
    mint: Minter,
    es384_key: SigningKey,
    monotonic: FakeMonotonic,
) -> None:
    jwks_server.documents["/jwks.json"] = jwks_of(es384_key)
    verifier.verify(mint(es384_key), AUDIENCE)
    rotated = make_key("RS384", "rotated-key")
    jwks_server.documents["/jwks.json"] = jwks_of(es384_key, rotated)
    monotonic.advance(MIN_REFETCH)
    assert verifier.verify(mint(rotated), AUDIENCE).kid == "rotated-key"
    assert jwks_server.count("/jwks.json") == 2


def test_allowlisted_jku_is_fetched_and_others_are_never_contacted(
    jwks_server: JwksServer, verifier: ClientJwtVerifier, mint: Minter
) -> None:
    jku_key = make_key("ES384", "jku-key")
    jwks_server.documents["/jku.json"] = jwks_of(jku_key)
    jwks_server.documents["/evil.json"] = jwks_of(jku_key)
    token = mint(jku_key, headers={"jku": jwks_server.url("/jku.json")})
    assert verifier.verify(token, AUDIENCE).kid == "jku-key"
    assert jwks_server.count("/jku.json") == 1

    off_list = mint(jku_key, headers={"jku": jwks_server.url("/evil.json")})
    with pytest.raises(e.UntrustedKeySetUrlError):
        verifier.verify(off_list, AUDIENCE)
    assert jwks_server.count("/evil.json") == 0
    assert jwks_server.count("/jwks.json") == 0


def test_slow_key_server_times_out(
    jwks_server: JwksServer, verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    jwks_server.documents["/jwks.json"] = jwks_of(es384_key)
    jwks_server.delay_seconds = 10
    started = time.monotonic()
    with pytest.raises(e.KeySetUnavailableError):
        verifier.verify(mint(es384_key), AUDIENCE)
    assert time.monotonic() - started < 3


def test_concurrent_cold_lookups_share_one_fetch(
    jwks_server: JwksServer, source: HttpJwksKeySource, es384_key: SigningKey
) -> None:
    jwks_server.documents["/jwks.json"] = jwks_of(es384_key)
    jwks_server.delay_seconds = 0.2
    url = jwks_server.url("/jwks.json")
    with ThreadPoolExecutor(max_workers=10) as pool:
        kids = list(pool.map(lambda _: source.get_jwk(url, es384_key.kid)["kid"], range(10)))
    assert kids == [es384_key.kid] * 10
    assert jwks_server.count("/jwks.json") == 1


def test_verify_async_keeps_the_event_loop_running_during_a_slow_fetch(
    jwks_server: JwksServer,
    http_session: requests.Session,
    clock: FakeClock,
    mint: Minter,
    es384_key: SigningKey,
) -> None:
    jwks_server.documents["/jwks.json"] = jwks_of(es384_key)
    jwks_server.delay_seconds = 0.5
    issuers = parse_trusted_issuers(
        {"issuers": [{"iss": ISSUER, "jwks_url": jwks_server.url("/jwks.json")}]}
    )
    with HttpJwksKeySource(session=http_session, read_timeout_seconds=3) as slow_source:
        verifier = ClientJwtVerifier(issuers, slow_source, InMemoryReplayCache(clock), clock)
        token = mint(es384_key)

        async def scenario() -> int:
            ticks = 0

            async def ticker() -> None:
                nonlocal ticks
                while True:
                    await asyncio.sleep(0.01)
                    ticks += 1

            task = asyncio.create_task(ticker())
            try:
                await verifier.verify_async(token, AUDIENCE)
            finally:
                task.cancel()
            return ticks

        # ~0.5 s of fetching: a blocked loop would manage zero ticks.
        assert asyncio.run(scenario()) >= 10


def test_failed_fetch_is_not_retried_before_the_minimum_interval(
    jwks_server: JwksServer,
    verifier: ClientJwtVerifier,
    mint: Minter,
    es384_key: SigningKey,
    monotonic: FakeMonotonic,
) -> None:
    jwks_server.documents["/jwks.json"] = jwks_of(es384_key)
    jwks_server.status = 503
    for _ in range(5):
        with pytest.raises(e.KeySetUnavailableError):
            verifier.verify(mint(es384_key), AUDIENCE)
    assert jwks_server.count("/jwks.json") == 1
    jwks_server.status = 200
    monotonic.advance(MIN_REFETCH)
    assert verifier.verify(mint(es384_key), AUDIENCE).kid == es384_key.kid


def test_cached_keys_keep_working_while_the_issuer_is_down(
    jwks_server: JwksServer,
    verifier: ClientJwtVerifier,
    mint: Minter,
    es384_key: SigningKey,
    monotonic: FakeMonotonic,
) -> None:
    jwks_server.documents["/jwks.json"] = jwks_of(es384_key)
    verifier.verify(mint(es384_key), AUDIENCE)
    jwks_server.status = 500
    monotonic.advance(TTL + 1)
    assert verifier.verify(mint(es384_key), AUDIENCE).kid == es384_key.kid
    assert jwks_server.count("/jwks.json") == 2
    # ...but not forever: past TTL + max_stale the stale set is dropped.
    monotonic.advance(600)
    with pytest.raises(e.KeySetUnavailableError):
        verifier.verify(mint(es384_key), AUDIENCE)


@pytest.mark.parametrize(
    "body",
    [b"<html>not json</html>", b'{"no_keys": []}', b'{"keys": "nope"}', b"[1, 2]", b"x" * 70_000],
)
def test_unusable_documents_are_refused(
    body: bytes,
    jwks_server: JwksServer,
    verifier: ClientJwtVerifier,
    mint: Minter,
    es384_key: SigningKey,
) -> None:
    jwks_server.raw_body = body
    with pytest.raises(e.KeySetUnavailableError):
        verifier.verify(mint(es384_key), AUDIENCE)


def test_redirects_are_not_followed(
    jwks_server: JwksServer, verifier: ClientJwtVerifier, mint: Minter, es384_key: SigningKey
) -> None:
    jwks_server.documents["/elsewhere.json"] = jwks_of(es384_key)
    jwks_server.redirect_to = jwks_server.url("/elsewhere.json")
    with pytest.raises(e.KeySetUnavailableError):
        verifier.verify(mint(es384_key), AUDIENCE)
    assert jwks_server.count("/elsewhere.json") == 0


def test_unreachable_key_server_is_key_set_unavailable(
    source: HttpJwksKeySource, jwks_server: JwksServer
) -> None:
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    with pytest.raises(e.KeySetUnavailableError):
        source.get_jwk("http://127.0.0.1:9/jwks.json", "any")


# --- key-set parsing and key suitability --------------------------------------------------


def test_fetched_sets_skip_unusable_keys_but_keep_good_ones(es384_key: SigningKey) -> None:
    data = {
        "keys": [
            {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
            {"kty": "EC", "crv": "P-384"},  # no kid
            {**es384_key.public_jwk, "kid": "enc", "use": "enc"},
            {**es384_key.public_jwk, "kid": "dup"},
            {**es384_key.public_jwk, "kid": "dup"},
            es384_key.public_jwk,
        ]
    }
    assert list(parse_jwks(data, strict=False)) == [es384_key.kid]
    with pytest.raises(JwksFormatError):
        parse_jwks(data, strict=True)


def test_short_rsa_keys_are_refused() -> None:
    weak = make_key("RS384", "weak", rsa_bits=1024)
    with pytest.raises(e.UnsuitableKeyError):
        public_key_for(weak.public_jwk, "RS384")


@pytest.mark.parametrize(
    "change", [{"alg": "RS384"}, {"crv": "P-256"}, {"key_ops": ["encrypt"]}, {"x": "AAAA"}]
)
def test_keys_not_made_for_the_algorithm_are_refused(
    change: dict[str, object], es384_key: SigningKey
) -> None:
    with pytest.raises(e.UnsuitableKeyError):
        public_key_for({**es384_key.public_jwk, **change}, "ES384")
