"""A small OpenID Connect provider for the tests, served by a real uvicorn on loopback:
discovery, keys, an authorization endpoint that signs in whoever the test says, and a token
endpoint that checks the client secret, the redirect URI and PKCE before it signs an ID token."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

import jwt
from fastapi import FastAPI, Form, Header
from fastapi.responses import JSONResponse, RedirectResponse

from tests.cds_service.auth.auth_testkit import SigningKey, jwks_of, make_key

CLIENT_ID = "oncomatch-staff"
CLIENT_SECRET = "provider-issued-secret-for-tests"


@dataclass
class Grant:
    user: dict[str, Any]
    nonce: str
    challenge: str
    redirect_uri: str


@dataclass
class FakeProvider:
    clock: Callable[[], datetime]
    issuer: str = ""
    key: SigningKey = field(default_factory=lambda: make_key("RS256"))
    # Signs the ID tokens instead of the published `key` when set (a forger's key).
    signing_key: SigningKey | None = None
    # Who the next authorization signs in (claims merged into the ID token).
    user: dict[str, Any] = field(default_factory=lambda: {"preferred_username": "alice"})
    # Claims forced onto the next ID token (a wrong nonce, audience, expiry...).
    overrides: dict[str, Any] = field(default_factory=dict)
    grants: dict[str, Grant] = field(default_factory=dict)
    token_requests: int = 0

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/.well-known/openid-configuration")
        def discovery() -> dict[str, Any]:
            return {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "id_token_signing_alg_values_supported": ["RS256"],
            }

        @app.get("/jwks")
        def keys() -> dict[str, Any]:
            return jwks_of(self.key)

        @app.get("/authorize")
        def authorize(
            client_id: str,
            redirect_uri: str,
            state: str,
            nonce: str,
            code_challenge: str,
            code_challenge_method: str,
            response_type: str,
            scope: str,
        ) -> RedirectResponse:
            assert (client_id, response_type, code_challenge_method) == (
                CLIENT_ID,
                "code",
                "S256",
            )
            assert "openid" in scope.split()
            code = secrets.token_urlsafe(16)
            self.grants[code] = Grant(dict(self.user), nonce, code_challenge, redirect_uri)
            query = urlencode({"code": code, "state": state})
            return RedirectResponse(f"{redirect_uri}?{query}", status_code=302)

        @app.post("/token")
        def token(
            grant_type: Annotated[str, Form()],
            code: Annotated[str, Form()],
            redirect_uri: Annotated[str, Form()],
            code_verifier: Annotated[str, Form()],
            authorization: Annotated[str, Header()] = "",
        ) -> JSONResponse:
            self.token_requests += 1
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            if authorization != f"Basic {expected}":
                return JSONResponse({"error": "invalid_client"}, status_code=401)
            grant = self.grants.pop(code, None)
            if grant is None or grant_type != "authorization_code":
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            digest = hashlib.sha256(code_verifier.encode()).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if challenge != grant.challenge or redirect_uri != grant.redirect_uri:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            now = int(self.clock().timestamp())
            claims = {
                "iss": self.issuer,
                "aud": CLIENT_ID,
                "sub": "user-" + secrets.token_hex(4),
                "iat": now,
                "exp": now + 300,
                "nonce": grant.nonce,
                **grant.user,
                **self.overrides,
            }
            signer = self.signing_key or self.key
            id_token = jwt.encode(
                claims, signer.private, algorithm="RS256", headers={"kid": signer.kid}
            )
            return JSONResponse(
                {"access_token": "at", "token_type": "Bearer", "id_token": id_token}
            )

        return app
