"""Sign-in through the hospital's OpenID Connect provider (authorization code flow with PKCE).

`/staff/oidc/start` keeps a fresh `state`, `nonce` and PKCE verifier in a signed, short-lived
cookie and sends the browser to the provider; `/staff/oidc/callback` checks `state` against that
cookie, exchanges the code (Authlib's OAuth2 client, client secret in HTTP Basic), and verifies
the ID token against the provider's published keys: signature (asymmetric algorithms only),
issuer, audience (and `azp` when there are several), `nonce`, `exp` and `iat` by the injected
clock. The claim ONCOMATCH_STAFF_OIDC_NAME_CLAIM names a local account, which must exist and be
enabled: the provider proves who the person is, OncoMatch keeps deciding what they may do. From
there it is an ordinary staff session.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
import orjson
import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session

from cds_service.settings import Settings
from cds_service.staff.errors import IdentityProviderError, OidcFlowError

PENDING_COOKIE = "oncomatch_staff_oidc"
PENDING_PURPOSE = "staff-oidc-pending"
PENDING_LIFETIME = timedelta(minutes=10)
CALLBACK_PATH = "/staff/oidc/callback"
# Never `none` or a shared-secret algorithm: the client secret is not a signing key here.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
LEEWAY = timedelta(seconds=60)
HTTP_TIMEOUT = (3.0, 10.0)
METADATA_SECONDS = 300.0


class IdTokenError(Exception):
    """The provider's ID token does not hold; the message says which check failed."""


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    state: str
    nonce: str
    verifier: str
    next_path: str
    started: datetime

    def encode(self) -> str:
        payload = {
            "state": self.state,
            "nonce": self.nonce,
            "verifier": self.verifier,
            "next": self.next_path,
            "started": self.started.isoformat(),
        }
        return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> PendingSignIn:
        try:
            payload = orjson.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            return cls(
                state=str(payload["state"]),
                nonce=str(payload["nonce"]),
                verifier=str(payload["verifier"]),
                next_path=str(payload["next"]),
                started=datetime.fromisoformat(str(payload["started"])),
            )
        except (ValueError, KeyError, TypeError):
            raise OidcFlowError("its cookie is damaged") from None


@dataclass(frozen=True, slots=True)
class _Metadata:
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


class OidcProvider:
    """One configured provider: its discovery document and keys, fetched and kept a while."""

    def __init__(
        self,
        *,
        issuer: str,
        client_id: str,
        client_secret: str,
        name_claim: str,
        label: str,
        redirect_uri: str,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.issuer = issuer
        self.client_id = client_id
        self._client_secret = client_secret
        self.name_claim = name_claim
        self.label = label
        self.redirect_uri = redirect_uri
        self._monotonic = monotonic
        self._metadata: tuple[float, _Metadata] | None = None
        self._keys: tuple[float, jwt.PyJWKSet] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> OidcProvider | None:
        if not settings.staff_oidc_issuer:
            return None
        if settings.staff_oidc_client_id is None or settings.staff_oidc_client_secret is None:
            return None  # pragma: no cover - refused by the settings' own check
        return cls(
            issuer=settings.staff_oidc_issuer,
            client_id=settings.staff_oidc_client_id,
            client_secret=settings.staff_oidc_client_secret.get_secret_value(),
            name_claim=settings.staff_oidc_name_claim,
            label=settings.staff_oidc_label,
            redirect_uri=settings.public_base_url.rstrip("/") + CALLBACK_PATH,
        )

    def start(self, next_path: str, now: datetime) -> tuple[str, PendingSignIn]:
        """The provider's authorization URL, and what the callback must find in the cookie."""
        pending = PendingSignIn(
            state=secrets.token_urlsafe(32),
            nonce=secrets.token_urlsafe(32),
            verifier=secrets.token_urlsafe(48),
            next_path=next_path,
            started=now,
        )
        url, _state = self._client().create_authorization_url(
            self._fetch_metadata().authorization_endpoint,
            state=pending.state,
            code_verifier=pending.verifier,
            nonce=pending.nonce,
        )
        return str(url), pending

    def finish(self, code: str, pending: PendingSignIn, now: datetime) -> dict[str, Any]:
        """The verified ID token claims for `code`; `IdTokenError` when the token does not
        hold, `IdentityProviderError` when the provider cannot be used."""
        metadata = self._fetch_metadata()
        try:
            token = self._client().fetch_token(
                metadata.token_endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=pending.verifier,
                timeout=HTTP_TIMEOUT,
            )
        except OAuthError as error:
            raise IdTokenError(f"the provider refused the code ({error.error})") from None
        except (requests.RequestException, ValueError) as error:
            raise IdentityProviderError(f"token endpoint: {type(error).__name__}") from None
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise IdTokenError("the provider's answer has no ID token")
        return self._verify(id_token, pending.nonce, now)

    def account_name(self, claims: dict[str, Any]) -> str | None:
        value = claims.get(self.name_claim)
        return value if isinstance(value, str) and value else None

    def _client(self) -> OAuth2Session:
        return OAuth2Session(
            self.client_id,
            self._client_secret,
            scope="openid profile",
            redirect_uri=self.redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method name
        )

    def _verify(self, id_token: str, nonce: str, now: datetime) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError:
            raise IdTokenError("the ID token is not a JWT") from None
        algorithm = header.get("alg")
        if algorithm not in SIGNING_ALGORITHMS:
            raise IdTokenError(f"the ID token is signed with {algorithm!r}, which is not allowed")
        key = self._signing_key(str(header.get("kid", "")))
        try:
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key.key,
                algorithms=[algorithm],
                audience=self.client_id,
                issuer=self.issuer,
                # Times are checked below against the injected clock.
                options={
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                    "require": ["iss", "aud", "sub", "exp", "iat", "nonce"],
                },
            )
        except jwt.PyJWTError as error:
            raise IdTokenError(f"the ID token does not hold: {error}") from None
        _check_times(claims, now)
        if not hmac.compare_digest(str(claims["nonce"]).encode(), nonce.encode()):
            raise IdTokenError("the ID token's nonce is not this sign-in's")
        audience = claims["aud"]
        if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != self.client_id:
            raise IdTokenError("the ID token names several audiences and another party (azp)")
        return claims

    def _signing_key(self, kid: str) -> jwt.PyJWK:
        for refetch in (False, True):
            keys = self._fetch_keys(force=refetch)
            for key in keys.keys:
                if key.key_id == kid:
                    return key
        raise IdTokenError("the ID token's key is not among the provider's keys")

    def _fetch_metadata(self) -> _Metadata:
        if self._metadata and self._monotonic() - self._metadata[0] < METADATA_SECONDS:
            return self._metadata[1]
        document = self._get_json(self.issuer.rstrip("/") + "/.well-known/openid-configuration")
        if document.get("issuer") != self.issuer:
            raise IdentityProviderError("its discovery document names another issuer")
        try:
            metadata = _Metadata(
                str(document["authorization_endpoint"]),
                str(document["token_endpoint"]),
                str(document["jwks_uri"]),
            )
        except KeyError as missing:
            raise IdentityProviderError(f"its discovery document lacks {missing}") from None
        self._metadata = (self._monotonic(), metadata)
        return metadata

    def _fetch_keys(self, *, force: bool) -> jwt.PyJWKSet:
        fresh = self._keys and self._monotonic() - self._keys[0] < METADATA_SECONDS
        if self._keys and fresh and not force:
            return self._keys[1]
        try:
            keys = jwt.PyJWKSet.from_dict(self._get_json(self._fetch_metadata().jwks_uri))
        except jwt.PyJWTError:
            raise IdentityProviderError("its key set cannot be read") from None
        self._keys = (self._monotonic(), keys)
        return keys

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = requests.get(url, timeout=HTTP_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise IdentityProviderError(f"{url}: {type(error).__name__}") from None
        if not isinstance(document, dict):
            raise IdentityProviderError(f"{url}: not a JSON object")
        return document


def _check_times(claims: dict[str, Any], now: datetime) -> None:
    try:
        expires = float(claims["exp"])
        issued = float(claims["iat"])
    except (TypeError, ValueError):
        raise IdTokenError("the ID token's exp or iat is not a number") from None
    moment = now.timestamp()
    if expires <= moment - LEEWAY.total_seconds():
        raise IdTokenError("the ID token has expired")
    if issued > moment + LEEWAY.total_seconds():
        raise IdTokenError("the ID token was issued in the future")
