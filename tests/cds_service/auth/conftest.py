"""Fixtures for the client-authentication tests: a settable clock, keys generated at test
time, a token minter and a real JWKS server on 127.0.0.1."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import jwt
import pytest
import requests
from auth_testkit import (
    AUDIENCE,
    DROP,
    ISSUER,
    FakeClock,
    JwksServer,
    Minter,
    SigningKey,
    make_key,
    serve_jwks,
)


@pytest.fixture(scope="session")
def es384_key() -> SigningKey:
    return make_key("ES384", "es384-key")


@pytest.fixture(scope="session")
def rs384_key() -> SigningKey:
    return make_key("RS384", "rs384-key")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC))


@pytest.fixture
def claims(clock: FakeClock) -> Callable[..., dict[str, Any]]:
    def build(**overrides: Any) -> dict[str, Any]:
        now = clock.epoch()
        base: dict[str, Any] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + 300,
            "jti": str(uuid.uuid4()),
            "sub": "ehr-client",
        }
        base.update(overrides)
        return {k: v for k, v in base.items() if v is not DROP}

    return build


@pytest.fixture
def mint(claims: Callable[..., dict[str, Any]]) -> Minter:
    """Sign a token with ``key``; claim overrides as kwargs, header overrides in ``headers``."""

    def sign(key: SigningKey, *, headers: dict[str, Any] | None = None, **overrides: Any) -> str:
        header: dict[str, Any] = {"kid": key.kid, "typ": "JWT"}
        header.update(headers or {})
        header = {k: v for k, v in header.items() if v is not DROP}
        return jwt.encode(claims(**overrides), key.private, algorithm=key.alg, headers=header)

    return sign


@pytest.fixture
def jwks_server() -> Iterator[JwksServer]:
    with serve_jwks() as server:
        yield server


@pytest.fixture
def http_session() -> Iterator[requests.Session]:
    session = requests.Session()
    # Loopback traffic must not go to whatever proxy the CI environment configures.
    session.trust_env = False
    try:
        yield session
    finally:
        session.close()
