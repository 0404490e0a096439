"""Wiring of the client-JWT verifier (cds_service.auth) into requests.

Every call (discovery included) must carry `Authorization: Bearer <JWT>`; `aud` must equal
ONCOMATCH_PUBLIC_BASE_URL + the path called — never derived from the Host header, which the
caller controls. Any failure is a bare 401; the reason goes to one log line, never the token.
"""

from __future__ import annotations

from sqlalchemy import Engine
from starlette.requests import Request

from cds_service.auth import (
    AuthConfigError,
    AuthError,
    ClientJwtVerifier,
    HttpJwksKeySource,
    InMemoryReplayCache,
    SqlReplayCache,
    TrustedIssuers,
    extract_bearer_token,
    load_trusted_issuers,
)
from cds_service.auth.replay import ReplayCache
from cds_service.clock import Clock
from cds_service.http.errors import NotAuthenticatedError
from cds_service.runtime import Authenticator
from cds_service.settings import Settings


class AuthSetupError(RuntimeError):
    """ONCOMATCH_AUTH=jwt without a usable trusted-issuers file: refuse to start."""


def trusted_issuers(settings: Settings) -> TrustedIssuers:
    if settings.trusted_issuers is None:
        raise AuthSetupError(
            "ONCOMATCH_AUTH=jwt needs ONCOMATCH_TRUSTED_ISSUERS (a JSON file of trusted "
            "issuers and their keys); set ONCOMATCH_AUTH=off only for a local trial"
        )
    try:
        return load_trusted_issuers(settings.trusted_issuers)
    except (AuthConfigError, OSError) as error:
        raise AuthSetupError(f"cannot use ONCOMATCH_TRUSTED_ISSUERS: {error}") from None


def build_verifier(settings: Settings, engine: Engine, clock: Clock) -> ClientJwtVerifier:
    issuers = trusted_issuers(settings)
    replay: ReplayCache = (
        SqlReplayCache(engine, clock)
        if settings.replay_cache == "database"
        else InMemoryReplayCache(clock)
    )
    return ClientJwtVerifier(
        issuers,
        HttpJwksKeySource(
            ttl_seconds=settings.jwks_cache_ttl_seconds,
            min_refetch_interval_seconds=settings.jwks_min_refetch_seconds,
        ),
        replay,
        clock,
        leeway_seconds=settings.jwt_leeway_seconds,
        max_lifetime_seconds=settings.jwt_max_lifetime_seconds,
    )


def jwt_authenticator(settings: Settings, engine: Engine, clock: Clock) -> Authenticator:
    verifier = build_verifier(settings, engine, clock)
    base = settings.public_base_url.rstrip("/")

    async def authenticate(request: Request) -> None:
        try:
            token = extract_bearer_token(request.headers.get("authorization"))
            await verifier.verify_async(token, base + request.url.path)
        except AuthError as error:
            raise NotAuthenticatedError(f"{type(error).__name__}: {error.reason}") from None

    return authenticate
