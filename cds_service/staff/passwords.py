"""Password hashing (argon2id, argon2-cffi's RFC 9106 defaults) and the password rule.

Verification costs the same whether or not the account exists: an unknown name is checked
against a hash of a random password (`PasswordBook.verify` with `None`), so the answer's timing
does not tell which names are accounts.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from cds_service.staff.errors import WeakPasswordError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; a megabyte "password" is an attack


def check_password_rule(password: str, *, name: str) -> None:
    """Raise `WeakPasswordError` saying what is wrong with `password` for the account `name`."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(
            f"the password is too short: at least {MIN_PASSWORD_LENGTH} characters, "
            f"got {len(password)} (a passphrase of a few words is easiest)"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPasswordError(f"the password is longer than {MAX_PASSWORD_LENGTH} characters")
    if password.strip() != password:
        raise WeakPasswordError("the password starts or ends with a space")
    if name.lower() in password.lower():
        raise WeakPasswordError("the password contains the account name")
    if len(set(password)) < 5:
        raise WeakPasswordError("the password repeats too few different characters")


class PasswordBook:
    """Hashes and checks passwords; holds the decoy hash unknown names are checked against."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()
        self._decoy: str | None = None  # made on first use: an app that no one signs in to
        # (tests, the CLI) never pays for it

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """True when `password` matches; `None` (no usable account) is always False, at the
        same cost."""
        # No stored password can be that long (the rule), so it cannot match; the decoy keeps
        # the cost the same.
        too_long = len(password) > MAX_PASSWORD_LENGTH
        checked = stored_hash if stored_hash is not None and not too_long else self._decoy_hash()
        try:
            matched = self._hasher.verify(checked, password[:MAX_PASSWORD_LENGTH])
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        return matched and checked is not self._decoy

    def _decoy_hash(self) -> str:
        if self._decoy is None:
            self._decoy = self._hasher.hash(secrets.token_urlsafe(24))
        return self._decoy

    def needs_rehash(self, stored_hash: str) -> bool:
        return self._hasher.check_needs_rehash(stored_hash)
