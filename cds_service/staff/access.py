"""Who is signed in: `require_staff(*roles)`, the dependency every staff page declares.

    member: StaffMember = Depends(require_staff(Role.CURATOR))

No session, or an expired, tampered or revoked one, or a disabled account: `SignInRequiredError`
(a browser GET is sent to the sign-in page with `next=`, anything else gets 401). Signed in
without a role the page needs: `RoleRequiredError` (403, naming the role). An admin passes
every check. The session is looked up once per request and kept on `request.state`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from cds_service.staff.errors import RoleRequiredError, SignInRequiredError
from cds_service.staff.roles import Role, role_allows, role_words
from cds_service.staff.services import staff_services
from cds_service.staff.sessions import OpenSession

SESSION_COOKIE = "oncomatch_staff"
SESSION_PURPOSE = "staff-session"


@dataclass(frozen=True, slots=True)
class StaffMember:
    name: str
    role: Role


@dataclass(frozen=True, slots=True)
class _Lookup:
    session: OpenSession | None
    why_not: str  # for the log when there is no session


def session_of(request: Request) -> OpenSession | None:
    """The request's live session, or None; looked up once per request."""
    return _lookup(request).session


def require_session(request: Request) -> OpenSession:
    lookup = _lookup(request)
    if lookup.session is None:
        raise SignInRequiredError(lookup.why_not)
    return lookup.session


def require_staff(*roles: Role) -> Callable[[Request], StaffMember]:
    """A dependency giving the signed-in member, who must hold one of `roles` (none: any)."""
    needed = tuple(roles)

    # Sync on purpose: FastAPI runs it in a worker thread, so the database lookup never
    # blocks the event loop.
    def dependency(request: Request) -> StaffMember:
        session = require_session(request)
        member = StaffMember(session.name, session.role)
        if not role_allows(member.role, needed):
            raise RoleRequiredError(
                f"This page needs {role_words(needed)}. You are signed in as {member.name}, "
                f"who has the {member.role.value} role; ask an administrator if you need more."
            )
        return member

    return dependency


def signed_in(request: Request) -> StaffMember | None:
    """The member whose session this request carries, if any (templates: the header)."""
    session = getattr(request.state, "staff_lookup", None)
    if not isinstance(session, _Lookup) or session.session is None:
        return None
    return StaffMember(session.session.name, session.session.role)


def _lookup(request: Request) -> _Lookup:
    cached = getattr(request.state, "staff_lookup", None)
    if isinstance(cached, _Lookup):
        return cached
    lookup = _find(request)
    request.state.staff_lookup = lookup
    return lookup


def _find(request: Request) -> _Lookup:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return _Lookup(None, "no staff session cookie")
    services = staff_services(request)
    token = services.signer.unsign(cookie, SESSION_PURPOSE)
    if token is None:
        return _Lookup(None, "staff session cookie with a bad signature")
    session = services.sessions.find(token, services.clock())
    if session is None:
        return _Lookup(None, "staff session expired, signed out, or its account disabled")
    return _Lookup(session, "")
