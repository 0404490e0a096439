"""A sign-in attempt, start to end: the throttle, the password, the session, the audit row.

Unknown name, disabled account and wrong password give the same answer, after the same argon2
work (`PasswordBook.verify`), and are counted and audited alike. A sign-in through the identity
provider (`oidc_sign_in`) ends the same way: a session for an enabled local account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cds_service.staff.accounts import normalise_name
from cds_service.staff.audit import record_action
from cds_service.staff.errors import SignInThrottledError
from cds_service.staff.services import StaffServices
from cds_service.staff.sessions import NewSession

SIGN_IN = "staff.sign_in"
SIGN_IN_FAILED = "staff.sign_in_failed"
SIGN_IN_THROTTLED = "staff.sign_in_throttled"
SIGN_OUT = "staff.sign_out"


@dataclass(frozen=True, slots=True)
class SignedIn:
    name: str
    session: NewSession


def attempt_sign_in(
    services: StaffServices, raw_name: str, password: str, address: str
) -> SignedIn | None:
    """A new session for the account, or None (wrong name or password); raises
    `SignInThrottledError` when the name or the address has failed too often."""
    name = normalise_name(raw_name)
    now = services.clock()
    wait = services.throttle.retry_after(name, address, now)
    if wait is not None:
        record_action(
            services.engine,
            actor=name or "(no name)",
            action=SIGN_IN_THROTTLED,
            target=None,
            detail=f"from {address}",
            when=now,
        )
        raise SignInThrottledError(wait)
    account = services.accounts.credentials(name) if name else None
    usable = account if account is not None and account.enabled else None
    matched = services.passwords.verify(usable.password_hash if usable else None, password)
    if usable is None or not matched:
        services.throttle.record_failure(name, address, now)
        record_action(
            services.engine,
            actor=name or "(no name)",
            action=SIGN_IN_FAILED,
            target=None,
            detail=f"from {address}",
            when=now,
        )
        return None
    rehashed = (
        services.passwords.hash(password)
        if services.passwords.needs_rehash(usable.password_hash)
        else None
    )
    services.accounts.record_sign_in(name, now, rehashed)
    services.throttle.forget_name(name)
    return _open(services, name, now, detail=f"from {address}")


def oidc_sign_in(services: StaffServices, claimed_name: str, address: str) -> SignedIn | None:
    """A session for the account the identity provider vouched for, or None (and an audit
    row) when no enabled account has that name."""
    name = normalise_name(claimed_name)
    now = services.clock()
    account = services.accounts.credentials(name)
    if account is None or not account.enabled:
        record_oidc_failure(services, name or "(no name)", address, "no enabled account")
        return None
    services.accounts.record_sign_in(name, now)
    return _open(services, name, now, detail=f"via oidc from {address}")


def record_oidc_failure(services: StaffServices, actor: str, address: str, reason: str) -> None:
    record_action(
        services.engine,
        actor=actor,
        action=SIGN_IN_FAILED,
        target=None,
        detail=f"via oidc from {address}: {reason}",
        when=services.clock(),
    )


def _open(services: StaffServices, name: str, now: datetime, *, detail: str) -> SignedIn:
    session = services.sessions.open(name, now)
    record_action(services.engine, actor=name, action=SIGN_IN, target=None, detail=detail, when=now)
    return SignedIn(name, session)
