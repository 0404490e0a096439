"""Verification of the CDS client's bearer JWT (CDS Hooks 2.0 "Trusting CDS Clients").

Everything the token alone can decide is decided before any key is fetched, and the ``jti`` is
recorded last (see `_verify`). Every rejection raises an ``AuthError`` subclass and writes exactly
one log line with the reason, ``iss`` and ``kid``; never the token, never other claim values.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import anyio.to_thread
import jwt
from jwt.exceptions import InvalidSignatureError, PyJWTError

from .errors import (
    AuthError,
    DisallowedAlgorithmError,
    InvalidAudienceError,
    InvalidClaimsError,
    InvalidHeaderError,
    MalformedTokenError,
    MissingCredentialsError,
    ReplayedTokenError,
    SignatureMismatchError,
    TenantMismatchError,
    TokenExpiredError,
    TokenLifetimeTooLongError,
    TokenNotYetValidError,
    UnknownKeyError,
    UntrustedIssuerError,
    UntrustedKeySetUrlError,
    VerificationFailedError,
)
from .issuers import TrustedIssuer, TrustedIssuers
from .jwks import ALLOWED_ALGORITHMS, JwkDict, KeySource, public_key_for
from .replay import MAX_ISS_LENGTH, MAX_JTI_LENGTH, ReplayCache

logger = logging.getLogger(__name__)

# Real client JWTs are well under 2 KiB; the cap keeps base64/JSON work on hostile input small.
MAX_TOKEN_LENGTH = 8192
_LOGGED_VALUE_LIMIT = 200
_B64URL = re.compile(r"[A-Za-z0-9_-]+")
_MAX_TIMESTAMP = 253402300799  # 9999-12-31T23:59:59Z


@dataclass(frozen=True, slots=True)
class VerifiedClient:
    """Who called: established only after every check passed."""

    iss: str
    sub: str | None
    jti: str
    tenant: str | None
    kid: str


def extract_bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer <JWT>`` header value."""
    if not authorization:
        raise MissingCredentialsError("no Authorization header")
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise MissingCredentialsError("Authorization header is not a Bearer token")
    return token


def _loggable(value: object) -> str:
    # iss/kid come from an unauthenticated token: repr() neutralises newlines (log forging)
    # and the cap keeps an attacker from writing kilobytes into our logs.
    text = repr(value)
    return text if len(text) <= _LOGGED_VALUE_LIMIT else text[:_LOGGED_VALUE_LIMIT] + "...'"


def _json_object(segment: str, part: str) -> dict[str, Any]:
    # Parsed by hand rather than with jwt.get_unverified_header so every refusal gets its own
    # precise log reason; the signature is still checked by PyJWT on the original token.
    if not _B64URL.fullmatch(segment) or len(segment) % 4 == 1:
        raise MalformedTokenError(f"{part} is not base64url")
    try:
        value = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, RecursionError):
        raise MalformedTokenError(f"{part} is not JSON") from None
    if not isinstance(value, dict):
        raise MalformedTokenError(f"{part} is not a JSON object")
    return value


def _number(claims: Mapping[str, Any], name: str) -> float:
    value = claims.get(name)
    # bool is an int subclass; `true` is not a timestamp.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidClaimsError(f"claim {name!r} missing or not a number")
    # Python's JSON parser accepts NaN and Infinity, which compare false with everything and
    # would slip past every time check; absurd values would overflow datetime later.
    if not math.isfinite(value) or not 0 <= value <= _MAX_TIMESTAMP:
        raise InvalidClaimsError(f"claim {name!r} is not a plausible timestamp")
    return float(value)


def _string(claims: Mapping[str, Any], name: str, *, max_length: int) -> str:
    value = claims.get(name)
    if not isinstance(value, str) or not value:
        raise InvalidClaimsError(f"claim {name!r} missing or not a non-empty string")
    if len(value) > max_length:
        raise InvalidClaimsError(f"claim {name!r} longer than {max_length} characters")
    return value


class ClientJwtVerifier:
    """Verifies CDS client JWTs against the trusted-issuers allowlist.

    ``clock`` must return timezone-aware datetimes. ``leeway_seconds`` is the tolerated clock
    skew for ``exp``/``iat``/``nbf``. ``max_lifetime_seconds`` bounds ``exp - iat`` (best
    practice: no more than an hour), which also bounds how long the replay cache holds entries;
    None disables it.

    ``insecure_skip_expiry_checks`` exists only to verify the spec's 2015 test vector; it turns
    off ``exp`` and lifetime checks and must never be set in a running service.
    """

    def __init__(
        self,
        issuers: TrustedIssuers,
        key_source: KeySource,
        replay_cache: ReplayCache,
        clock: Callable[[], datetime],
        leeway_seconds: float = 60.0,
        max_lifetime_seconds: float | None = 3600.0,
        *,
        insecure_skip_expiry_checks: bool = False,
    ) -> None:
        if clock().tzinfo is None:
            # Naive datetimes would be read as local time and shift every exp/iat check.
            raise ValueError("the verifier's clock must return timezone-aware datetimes")
        self._issuers = issuers
        self._key_source = key_source
        self._replay_cache = replay_cache
        self._clock = clock
        self._leeway = float(leeway_seconds)
        self._max_lifetime = max_lifetime_seconds
        self._skip_expiry = insecure_skip_expiry_checks
        if insecure_skip_expiry_checks:
            logger.warning("JWT expiry checks are OFF; this is only for historical test vectors")

    async def verify_async(self, token: str, audience: str) -> VerifiedClient:
        """``verify`` on a worker thread: it may fetch a key set, which must not block the loop."""
        return await anyio.to_thread.run_sync(self.verify, token, audience)

    def verify(self, token: str, audience: str) -> VerifiedClient:
        """Verify ``token`` for a call to ``audience`` (the full URL called); raise AuthError."""
        context: dict[str, object] = {"iss": None, "kid": None}
        try:
            return self._verify(token, audience, context)
        except AuthError as exc:
            self._log_rejection(exc, context)
            raise
        except Exception as exc:
            # A bug of ours or a library surprise must still be a 401, never a 500 carrying a
            # traceback; only the exception type is logged, its message might quote the token.
            error = VerificationFailedError(f"unexpected {type(exc).__name__} during verification")
            self._log_rejection(error, context)
            raise error from None

    @staticmethod
    def _log_rejection(exc: AuthError, context: Mapping[str, object]) -> None:
        logger.warning(
            "client JWT rejected: %s: %s iss=%s kid=%s",
            type(exc).__name__,
            exc.reason,
            _loggable(context["iss"]),
            _loggable(context["kid"]),
        )

    def _verify(self, token: str, audience: str, context: dict[str, object]) -> VerifiedClient:
        header_segment, payload_segment = _compact_segments(token)
        header = _json_object(header_segment, "header")
        context["kid"] = header.get("kid")
        alg, kid = _checked_header(header)

        unverified = _json_object(payload_segment, "payload")
        iss = unverified.get("iss")
        context["iss"] = iss
        if not isinstance(iss, str) or not iss or len(iss) > MAX_ISS_LENGTH:
            raise UntrustedIssuerError("iss missing or not a string")
        issuer = self._issuers.get(iss)
        if issuer is None:
            raise UntrustedIssuerError("iss is not on the trusted-issuers allowlist")

        # Everything above, and the jku allowlist in `_find_key`, is decided from the token alone
        # before any key is fetched: a forged token costs no network traffic and cannot pick
        # its own key.
        jwk = self._find_key(issuer, header, kid)
        key = public_key_for(jwk, alg)
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=[alg],
                # Claims are checked below against the injected clock, not PyJWT's own.
                options={
                    "verify_signature": True,
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                    "verify_aud": False,
                    "verify_iss": False,
                    "verify_sub": False,
                    "verify_jti": False,
                    "require": [],
                },
            )
        except InvalidSignatureError:
            raise SignatureMismatchError("signature does not verify") from None
        except PyJWTError as exc:
            raise SignatureMismatchError(f"signature check failed: {type(exc).__name__}") from None
        if claims.get("iss") != iss:
            raise InvalidClaimsError("iss changed between parses")

        return self._check_claims(claims, issuer, audience, kid)

    def _find_key(self, issuer: TrustedIssuer, header: Mapping[str, Any], kid: str) -> JwkDict:
        # A key configured inline for this issuer was agreed out of band: it decides without any
        # fetch, whatever `jku` says (the CDS Hooks sandbox sends both; a hospital network often
        # cannot reach the jku, and must not need to).
        inline = self._issuers.inline_keys(issuer.iss)
        if inline is not None and kid in inline:
            return inline[kid]
        jku = header.get("jku")
        if jku is not None:
            # jku is attacker-supplied: honouring an arbitrary URL would let anyone host a key
            # set and sign with it. Only exact matches on the issuer's allowlist count.
            if not isinstance(jku, str) or jku not in issuer.jku_allowlist:
                raise UntrustedKeySetUrlError("jku is not on the issuer's allowlist")
            return self._key_source.get_jwk(jku, kid)
        if inline is not None:
            raise UnknownKeyError("kid not in the issuer's configured key set")
        assert issuer.jwks_url is not None
        return self._key_source.get_jwk(issuer.jwks_url, kid)

    def _check_claims(
        self, claims: Mapping[str, Any], issuer: TrustedIssuer, audience: str, kid: str
    ) -> VerifiedClient:
        aud = claims.get("aud")
        audiences = [aud] if isinstance(aud, str) else aud
        if not isinstance(audiences, list) or not all(isinstance(a, str) for a in audiences):
            raise InvalidAudienceError("aud missing or not a string / list of strings")
        if audience not in audiences:
            raise InvalidAudienceError("aud does not name the endpoint called")

        now = self._clock().timestamp()
        exp = _number(claims, "exp")
        iat = _number(claims, "iat")
        if not self._skip_expiry:
            if exp <= now - self._leeway:
                raise TokenExpiredError("exp is in the past")
            if self._max_lifetime is not None and exp - iat > self._max_lifetime:
                raise TokenLifetimeTooLongError(f"exp - iat exceeds {self._max_lifetime:.0f}s")
        if iat > now + self._leeway:
            raise TokenNotYetValidError("iat is in the future")
        if "nbf" in claims and _number(claims, "nbf") > now + self._leeway:
            raise TokenNotYetValidError("nbf is in the future")

        jti = _string(claims, "jti", max_length=MAX_JTI_LENGTH)
        sub = claims.get("sub")
        if sub is not None and not isinstance(sub, str):
            raise InvalidClaimsError("sub is not a string")
        tenant = claims.get("tenant")
        if tenant is not None and not isinstance(tenant, str):
            raise InvalidClaimsError("tenant is not a string")
        if issuer.tenant is not None and tenant != issuer.tenant:
            raise TenantMismatchError("tenant does not match the issuer's configured tenant")

        # Recorded last, only for tokens that passed everything else, so garbage cannot fill the
        # replay cache. Kept until the token can no longer pass the exp check, then forgotten.
        remember_until = datetime.fromtimestamp(
            min(max(exp, now) + self._leeway, _MAX_TIMESTAMP), tz=UTC
        )
        if self._replay_cache.seen_before(issuer.iss, jti, remember_until):
            raise ReplayedTokenError("jti already used within its lifetime")
        return VerifiedClient(iss=issuer.iss, sub=sub, jti=jti, tenant=tenant, kid=kid)


def _compact_segments(token: str) -> tuple[str, str]:
    """The header and payload segments of a compact JWS, refused early when it cannot be one."""
    if not isinstance(token, str) or not token:
        raise MalformedTokenError("empty token")
    if len(token) > MAX_TOKEN_LENGTH:
        raise MalformedTokenError(f"token longer than {MAX_TOKEN_LENGTH} characters")
    if token.count(".") != 2:
        raise MalformedTokenError("not a compact JWS (three dot-separated parts)")
    header_segment, payload_segment, _signature = token.split(".")
    return header_segment, payload_segment


def _checked_header(header: Mapping[str, Any]) -> tuple[str, str]:
    """The header's `alg` and `kid`, once the header is one this verifier may act on."""
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in ALLOWED_ALGORITHMS:
        raise DisallowedAlgorithmError(f"alg {_loggable(alg)} is not ES384 or RS384")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise InvalidHeaderError("kid header missing or empty")
    typ = header.get("typ")
    if typ is not None and (not isinstance(typ, str) or typ.upper() != "JWT"):
        raise InvalidHeaderError("typ header is not JWT")
    if "crit" in header:
        raise InvalidHeaderError("critical header extensions are not supported")
    return alg, kid
