"""The trusted-issuers allowlist, loaded from a JSON file (``ONCOMATCH_TRUSTED_ISSUERS``).

The file format is documented in the README (Deployment). Each issuer has exactly one of
``jwks`` (keys agreed out-of-band, inline) or ``jwks_url``. Everything is validated at load so a
typo stops the service at startup instead of turning into 401s for one hospital at 3 a.m.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import AuthConfigError
from .jwks import JwkDict, JwksFormatError, parse_jwks

_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def _check_key_set_url(url: str) -> str:
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError("must be an absolute URL")
    # Keys fetched over plain HTTP could be swapped in transit, which would let anyone mint
    # tokens; plain HTTP is allowed only on loopback (tests, a sidecar).
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS):
        return url
    raise ValueError("must use https (http is allowed only for loopback hosts)")


class TrustedIssuer(BaseModel):
    """One CDS client we trust, and where its public keys come from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    iss: str = Field(min_length=1)
    jwks: dict[str, Any] | None = None
    jwks_url: str | None = None
    jku_allowlist: tuple[str, ...] = ()
    tenant: str | None = Field(default=None, min_length=1)

    @field_validator("jwks_url")
    @classmethod
    def _jwks_url_is_safe(cls, value: str | None) -> str | None:
        return None if value is None else _check_key_set_url(value)

    @field_validator("jku_allowlist")
    @classmethod
    def _jku_urls_are_safe(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_check_key_set_url(url) for url in value)

    @field_validator("jwks")
    @classmethod
    def _jwks_is_a_key_set(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            try:
                parse_jwks(value, strict=True)
            except JwksFormatError as exc:
                raise ValueError(str(exc)) from None
        return value

    @model_validator(mode="after")
    def _exactly_one_key_source(self) -> TrustedIssuer:
        if (self.jwks is None) == (self.jwks_url is None):
            raise ValueError("exactly one of 'jwks' (inline) or 'jwks_url' is required")
        return self

    def inline_keys(self) -> dict[str, JwkDict] | None:
        """Inline keys by ``kid``, or None when the keys are fetched from ``jwks_url``."""
        return None if self.jwks is None else parse_jwks(self.jwks, strict=True)


class _IssuersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issuers: list[TrustedIssuer]


class TrustedIssuers:
    """Lookup of trusted issuers by exact ``iss``."""

    def __init__(self, issuers: Iterable[TrustedIssuer]) -> None:
        by_iss: dict[str, TrustedIssuer] = {}
        for issuer in issuers:
            if issuer.iss in by_iss:
                raise ValueError(f"duplicate issuer {issuer.iss!r}")
            by_iss[issuer.iss] = issuer
        self._by_iss = by_iss
        # Parsed once: verify() is on the hot path and the inline sets never change.
        self._inline = {iss: issuer.inline_keys() for iss, issuer in by_iss.items()}

    def get(self, iss: str) -> TrustedIssuer | None:
        return self._by_iss.get(iss)

    def inline_keys(self, iss: str) -> dict[str, JwkDict] | None:
        return self._inline.get(iss)

    def __len__(self) -> int:
        return len(self._by_iss)

    def __iter__(self) -> Iterator[TrustedIssuer]:
        return iter(self._by_iss.values())


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path or "(file)"


def parse_trusted_issuers(data: object, source: str = "<trusted issuers>") -> TrustedIssuers:
    """Validate already-decoded JSON; raises AuthConfigError naming the first bad field."""
    if not isinstance(data, Mapping):
        raise AuthConfigError(source, "(file)", 'expected a JSON object {"issuers": [...]}')
    try:
        parsed = _IssuersFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if len(exc.errors()) > 1:
            message += f" (and {len(exc.errors()) - 1} more error(s))"
        raise AuthConfigError(source, _field_path(tuple(first["loc"])), message) from None
    seen: dict[str, int] = {}
    for index, issuer in enumerate(parsed.issuers):
        if issuer.iss in seen:
            raise AuthConfigError(
                source, f"issuers[{index}].iss", f"duplicate of issuers[{seen[issuer.iss]}].iss"
            )
        seen[issuer.iss] = index
    return TrustedIssuers(parsed.issuers)


def load_trusted_issuers(path: str | Path) -> TrustedIssuers:
    """Read and validate the trusted-issuers JSON file."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise AuthConfigError(source, "(file)", f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise AuthConfigError(source, "(file)", "not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AuthConfigError(
            source, "(file)", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    return parse_trusted_issuers(data, source)
