"""Errors of the client-authentication library.

Two families, kept apart on purpose:

- ``AuthError`` and its subclasses: a request's credentials were rejected. The HTTP layer maps
  every one of them to a bare 401. ``reason`` is for the service's own log only: it must never be
  sent to the caller (it would teach an attacker which check to work around) and never contains
  the token or claim values other than ``iss``/``kid``.
- ``AuthConfigError``: the service's own configuration (the trusted-issuers file) is wrong. That
  is an operator mistake and should stop the service at startup, naming the file and field.
"""

from __future__ import annotations


class AuthError(Exception):
    """A bearer token was rejected; ``reason`` is a log-only explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MissingCredentialsError(AuthError):
    """No usable ``Authorization: Bearer`` header."""


class MalformedTokenError(AuthError):
    """Not a well-formed compact JWS, or its header/payload is not a JSON object."""


class DisallowedAlgorithmError(AuthError):
    """``alg`` is not one we accept (``none``, HMAC, or anything other than ES384/RS384)."""


class InvalidHeaderError(AuthError):
    """Missing ``kid``, wrong ``typ``, or an unsupported critical header."""


class UntrustedIssuerError(AuthError):
    """``iss`` is absent or not on the trusted-issuers allowlist."""


class UntrustedKeySetUrlError(AuthError):
    """A ``jku`` header that is not on the issuer's allowlist."""


class UnknownKeyError(AuthError):
    """No key with the token's ``kid`` in the issuer's key set (even after a refetch)."""


class KeySetUnavailableError(AuthError):
    """The issuer's key set could not be fetched or parsed."""


class UnsuitableKeyError(AuthError):
    """The key found for ``kid`` does not fit the token's algorithm (type, curve, size, use)."""


class SignatureMismatchError(AuthError):
    """The signature does not verify with the issuer's key."""


class InvalidClaimsError(AuthError):
    """A required claim is missing or has the wrong type."""


class InvalidAudienceError(AuthError):
    """``aud`` does not name the endpoint being called."""


class TokenExpiredError(AuthError):
    """``exp`` is in the past (beyond the allowed clock skew)."""


class TokenNotYetValidError(AuthError):
    """``iat`` (or ``nbf``) is in the future beyond the allowed clock skew."""


class TokenLifetimeTooLongError(AuthError):
    """``exp - iat`` exceeds the accepted maximum lifetime."""


class TenantMismatchError(AuthError):
    """``tenant`` does not match the tenant configured for the issuer."""


class ReplayedTokenError(AuthError):
    """This ``jti`` was already used by the issuer within the token's lifetime."""


class ReplayCacheUnavailableError(AuthError):
    """The replay cache could not record the ``jti``; failing closed is the safe answer."""


class VerificationFailedError(AuthError):
    """An unexpected failure inside verification; refused rather than risk accepting."""


class AuthConfigError(Exception):
    """The trusted-issuers file is invalid; ``field`` says where, e.g. ``issuers[0].jwks``."""

    def __init__(self, source: str, field: str, message: str) -> None:
        super().__init__(f"{source}: {field}: {message}")
        self.source = source
        self.field = field
        self.message = message
