"""The key that signs staff cookies, and the signing itself.

ONCOMATCH_STAFF_SECRET when set (replicas must share one). Otherwise a key generated once into
`<data_dir>/staff-secret`, readable by its owner only (0600), so `make run` needs no setup and
sessions survive a restart. Signing is HMAC-SHA256 with a purpose in the message, so a value
signed for one cookie is never accepted as another.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
import stat
from pathlib import Path

from cds_service.settings import Settings
from cds_service.startup import StartupError

logger = logging.getLogger("oncomatch.staff")

SECRET_FILE = "staff-secret"  # noqa: S105 - a file name, not a secret


class StaffSecretError(StartupError):
    """The generated key file cannot be read or made; the message says where and why."""


def staff_secret(settings: Settings) -> bytes:
    if settings.staff_secret is not None:
        return settings.staff_secret.get_secret_value().encode()
    return _secret_file(settings.data_dir / SECRET_FILE)


def _secret_file(path: Path) -> bytes:
    try:
        if not path.exists():
            _create_key_file(path)
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise StaffSecretError(
                f"{path} is readable by others (mode {stat.S_IMODE(mode):o}): "
                "chmod 600 it, or set ONCOMATCH_STAFF_SECRET"
            )
        key = path.read_text().strip()
    except OSError as error:
        raise StaffSecretError(f"cannot use the staff cookie key file {path}: {error}") from None
    if len(key) < 32:
        raise StaffSecretError(f"the staff cookie key file {path} is shorter than 32 characters")
    return key.encode()


def _create_key_file(path: Path) -> None:
    """Write the key whole to a private temporary file, then link it into place: of processes
    starting together, one link wins and the others read the winner's complete key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:
            os.link(temporary, path)
        except FileExistsError:
            return
        logger.info("generated the staff cookie key in %s", path)
    finally:
        temporary.unlink(missing_ok=True)


class CookieSigner:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def sign(self, value: str, purpose: str) -> str:
        return f"{value}.{self._mac(value, purpose)}"

    def unsign(self, signed: str, purpose: str) -> str | None:
        """The value, or None when the signature does not hold (tampered, or another key)."""
        value, dot, mac = signed.rpartition(".")
        if not dot or not value:
            return None
        if not hmac.compare_digest(mac, self._mac(value, purpose)):
            return None
        return value

    def _mac(self, value: str, purpose: str) -> str:
        digest = hmac.new(self._key, f"{purpose}\n{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
