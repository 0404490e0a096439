"""Where issuers' public keys come from: JWK Set parsing, key suitability, and key sources.

``KeySource.get_jwk(url, kid)`` is the only thing the verifier needs. ``HttpJwksKeySource`` is
the real one: it fetches over HTTPS with timeouts and a size cap, caches each set for a TTL, and
refetches once when a ``kid`` is unknown (key rotation) but no more often than a minimum interval,
so a flood of tokens with made-up ``kid`` values cannot turn us into a traffic amplifier against
the issuer. All of this is blocking I/O: call it from a worker thread (the verifier's
``verify_async`` does), never from the event loop.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import requests
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt import PyJWK
from jwt.exceptions import PyJWTError

from .errors import KeySetUnavailableError, UnknownKeyError, UnsuitableKeyError

logger = logging.getLogger(__name__)

JwkDict = dict[str, Any]

# The only algorithms we accept, and the key each needs (spec: ES384 and RS384 RECOMMENDED;
# `none` and symmetric algorithms SHALL NOT be used). Anything else is refused before any key
# lookup, which also rules out the classic "HS256 with the RSA public key as secret" confusion.
ALLOWED_ALGORITHMS: Mapping[str, tuple[str, str | None]] = {
    "ES384": ("EC", "P-384"),
    "RS384": ("RSA", None),
}
MIN_RSA_BITS = 2048
_PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})


class JwksFormatError(ValueError):
    """A JWK Set document is not usable."""


def parse_jwks(data: object, *, strict: bool) -> dict[str, JwkDict]:
    """Public keys of a JWK Set by ``kid``.

    ``strict`` (our own config file) rejects any questionable key so the operator fixes it;
    non-strict (a set fetched from an issuer) skips keys we could never use, because one odd key
    in a vendor's set must not lock out the keys that do work.
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("keys"), list):
        raise JwksFormatError('a JWK Set must be an object with a "keys" array')
    keys: dict[str, JwkDict] = {}
    duplicates: set[str] = set()
    for index, jwk in enumerate(data["keys"]):
        problem = _jwk_problem(jwk)
        if problem is not None:
            if strict:
                raise JwksFormatError(f"keys[{index}]: {problem}")
            continue
        assert isinstance(jwk, Mapping)
        kid = jwk["kid"]
        if kid in keys or kid in duplicates:
            if strict:
                raise JwksFormatError(f"keys[{index}]: duplicate kid {kid!r}")
            # Which of two keys with one kid is meant is unknowable; trust neither.
            duplicates.add(kid)
            keys.pop(kid, None)
            continue
        keys[kid] = dict(jwk)
    return keys


def _jwk_problem(jwk: object) -> str | None:
    if not isinstance(jwk, Mapping):
        return "a key must be a JSON object"
    kid = jwk.get("kid")
    if not isinstance(kid, str) or not kid:
        return '"kid" (non-empty string) is required'
    if _PRIVATE_MEMBERS & jwk.keys():
        # A private or symmetric key in a trust store is a leak waiting to happen.
        return "contains private or symmetric key material; publish only public keys"
    if jwk.get("kty") not in {"EC", "RSA"}:
        return '"kty" must be "EC" or "RSA"'
    if jwk.get("use", "sig") != "sig":
        return '"use" must be "sig" when present'
    alg = jwk.get("alg")
    if alg is not None and alg not in ALLOWED_ALGORITHMS:
        return f'"alg" must be one of {sorted(ALLOWED_ALGORITHMS)} when present'
    return None


def public_key_for(jwk: Mapping[str, Any], alg: str) -> EllipticCurvePublicKey | RSAPublicKey:
    """The verification key for ``alg``, refusing any key not made for it."""
    if alg not in ALLOWED_ALGORITHMS:
        raise UnsuitableKeyError(f"algorithm {alg!r} not allowed")
    kty, crv = ALLOWED_ALGORITHMS[alg]
    if jwk.get("alg", alg) != alg:
        raise UnsuitableKeyError(f"key is declared for {jwk.get('alg')!r}, token uses {alg}")
    if jwk.get("kty") != kty or (crv is not None and jwk.get("crv") != crv):
        raise UnsuitableKeyError(f"key type does not fit {alg}")
    key_ops = jwk.get("key_ops")
    if key_ops is not None and (not isinstance(key_ops, list) or "verify" not in key_ops):
        raise UnsuitableKeyError('key_ops does not allow "verify"')
    try:
        key = PyJWK(dict(jwk), algorithm=alg).key
    except (PyJWTError, ValueError, TypeError, KeyError):
        raise UnsuitableKeyError("key material could not be loaded") from None
    if isinstance(key, RSAPublicKey):
        if key.key_size < MIN_RSA_BITS:
            raise UnsuitableKeyError(f"RSA key shorter than {MIN_RSA_BITS} bits")
        return key
    if isinstance(key, EllipticCurvePublicKey):
        return key
    raise UnsuitableKeyError("not a public key")


class KeySource(Protocol):
    """Resolves a ``kid`` in the JWK Set published at ``url``."""

    def get_jwk(self, url: str, kid: str) -> JwkDict:
        """Return the JWK; raise UnknownKeyError or KeySetUnavailableError."""
        ...


class StaticKeySource:
    """Key sets pinned in memory by URL: for tests and for deployments that mirror an issuer's
    keys instead of fetching them."""

    def __init__(self, key_sets: Mapping[str, object]) -> None:
        self._keys = {url: parse_jwks(jwks, strict=True) for url, jwks in key_sets.items()}

    def get_jwk(self, url: str, kid: str) -> JwkDict:
        keys = self._keys.get(url)
        if keys is None:
            raise KeySetUnavailableError("no pinned key set for this URL")
        try:
            return keys[kid]
        except KeyError:
            raise UnknownKeyError("kid not in the pinned key set") from None


@dataclass
class _CachedSet:
    keys: dict[str, JwkDict] | None = None
    fetched_at: float = 0.0
    last_attempt: float | None = None


class HttpJwksKeySource:
    """Fetches JWK Sets over HTTP(S), with a TTL cache and a rate-limited refetch on unknown kid.

    ``monotonic`` drives the cache (inject a fake in tests); request deadlines always use the
    real ``time.monotonic`` because they bound real waiting.
    """

    def __init__(
        self,
        *,
        ttl_seconds: float = 300.0,
        min_refetch_interval_seconds: float = 30.0,
        max_stale_seconds: float = 3600.0,
        connect_timeout_seconds: float = 3.0,
        read_timeout_seconds: float = 5.0,
        total_timeout_seconds: float = 10.0,
        max_bytes: int = 256 * 1024,
        session: requests.Session | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._min_refetch = min_refetch_interval_seconds
        self._max_stale = max_stale_seconds
        self._timeouts = (connect_timeout_seconds, read_timeout_seconds)
        self._total_timeout = total_timeout_seconds
        self._max_bytes = max_bytes
        self._owns_session = session is None
        self._session = session if session is not None else requests.Session()
        self._monotonic = monotonic
        self._sets: dict[str, _CachedSet] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def close(self) -> None:
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> HttpJwksKeySource:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _lock_for(self, url: str) -> threading.Lock:
        # One lock per URL: concurrent requests for one issuer share a single fetch instead of
        # stampeding it, while a slow issuer does not hold up the others. URLs come only from
        # the config's allowlists, so this dict stays small.
        with self._locks_guard:
            return self._locks.setdefault(url, threading.Lock())

    def get_jwk(self, url: str, kid: str) -> JwkDict:
        with self._lock_for(url):
            cached = self._sets.setdefault(url, _CachedSet())
            now = self._monotonic()
            fresh = cached.keys is not None and now - cached.fetched_at < self._ttl
            if fresh and cached.keys is not None and kid in cached.keys:
                return cached.keys[kid]
            may_fetch = (
                cached.last_attempt is None or now - cached.last_attempt >= self._min_refetch
            )
            if may_fetch:
                cached.last_attempt = now
                try:
                    cached.keys = self._fetch(url)
                    cached.fetched_at = now
                except KeySetUnavailableError:
                    if not self._usable_stale(cached, now, kid):
                        raise
                    # Keep serving the last good set while the issuer is down, within bounds.
                    logger.warning("JWKS refresh failed, using cached set: url=%r", url)
            if cached.keys is None:
                raise KeySetUnavailableError("key set not available; waiting before the next fetch")
            if kid not in cached.keys:
                raise UnknownKeyError("kid not in the issuer's key set")
            if now - cached.fetched_at < self._ttl or self._usable_stale(cached, now, kid):
                return cached.keys[kid]
            raise KeySetUnavailableError("cached key set too old and the issuer is unreachable")

    def _usable_stale(self, cached: _CachedSet, now: float, kid: str) -> bool:
        return (
            cached.keys is not None
            and kid in cached.keys
            and now - cached.fetched_at < self._ttl + self._max_stale
        )

    def _fetch(self, url: str) -> dict[str, JwkDict]:
        deadline = time.monotonic() + self._total_timeout
        try:
            # No redirects: the allowlisted URL is what we trust, not wherever it points.
            response = self._session.get(
                url,
                timeout=self._timeouts,
                allow_redirects=False,
                stream=True,
                headers={"Accept": "application/jwk-set+json, application/json"},
            )
            with response:
                if response.status_code != 200:
                    raise KeySetUnavailableError(f"JWKS fetch answered HTTP {response.status_code}")
                body = bytearray()
                # The read timeout bounds each socket read, not the whole body; a server
                # dripping one byte at a time is cut off by the overall deadline instead.
                for chunk in response.iter_content(chunk_size=16384):
                    body += chunk
                    if len(body) > self._max_bytes:
                        raise KeySetUnavailableError("JWKS document too large")
                    if time.monotonic() > deadline:
                        raise KeySetUnavailableError("JWKS fetch exceeded its overall deadline")
        except requests.RequestException as exc:
            raise KeySetUnavailableError(f"JWKS fetch failed: {type(exc).__name__}") from None
        try:
            data = json.loads(bytes(body))
        except (ValueError, RecursionError):
            raise KeySetUnavailableError("JWKS document is not JSON") from None
        try:
            return parse_jwks(data, strict=False)
        except JwksFormatError as exc:
            raise KeySetUnavailableError(f"JWKS document unusable: {exc}") from None
