"""Authentication of CDS clients (CDS Hooks 2.0 "Trusting CDS Clients").

A self-contained library: the FastAPI layer builds one ``ClientJwtVerifier`` at startup and
calls ``verify_async(token, audience)`` per request, mapping any ``AuthError`` to a bare 401.
"""

from .errors import AuthConfigError, AuthError
from .issuers import TrustedIssuer, TrustedIssuers, load_trusted_issuers, parse_trusted_issuers
from .jwks import HttpJwksKeySource, KeySource, StaticKeySource
from .replay import InMemoryReplayCache, JwtReplayRecord, ReplayCache, SqlReplayCache
from .verifier import ClientJwtVerifier, VerifiedClient, extract_bearer_token

__all__ = [
    "AuthConfigError",
    "AuthError",
    "ClientJwtVerifier",
    "HttpJwksKeySource",
    "InMemoryReplayCache",
    "JwtReplayRecord",
    "KeySource",
    "ReplayCache",
    "SqlReplayCache",
    "StaticKeySource",
    "TrustedIssuer",
    "TrustedIssuers",
    "VerifiedClient",
    "extract_bearer_token",
    "load_trusted_issuers",
    "parse_trusted_issuers",
]
