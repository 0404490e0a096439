"""CSRF protection of staff forms: a synchronizer token bound to the session.

Every staff form carries `csrf_input(request)` (a hidden `csrf_token` field); every staff POST
route declares `Depends(verify_csrf)`, which compares the field (or an `X-CSRF-Token` header, for
scripts) with the session's token in constant time. The sign-in form has no session yet: its
token is a double-submit cookie (`SameSite=Strict`, scoped to /staff/login), signed so that only
a value this server issued is accepted.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from markupsafe import Markup, escape

from cds_service.staff.access import require_session
from cds_service.staff.errors import CsrfError
from cds_service.staff.services import staff_services

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
LOGIN_CSRF_COOKIE = "oncomatch_staff_login"
LOGIN_PURPOSE = "staff-login-csrf"


def csrf_input(request: Request) -> Markup:
    """The hidden field for a staff form of this request (its route declared `require_staff`,
    or it is the sign-in page)."""
    token = getattr(request.state, "csrf_token", None)
    if token is None:
        lookup = require_session(request)
        token = lookup.csrf_token
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, escape(token))


async def verify_csrf(request: Request) -> None:
    """The dependency of every staff POST: a signed-in session, and its token in the request."""
    session = await run_in_threadpool(require_session, request)
    _compare(await _sent_token(request), session.csrf_token)


def new_login_token() -> str:
    return secrets.token_urlsafe(32)


async def verify_login_csrf(request: Request) -> None:
    """The sign-in form's check: its field equals the signed cookie set with the form."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    expected = staff_services(request).signer.unsign(cookie, LOGIN_PURPOSE) if cookie else None
    if expected is None:
        sent = await _sent_token(request)
        raise CsrfError(
            "the sign-in form's security cookie is missing or damaged"
            if sent
            else "the form's security token is missing"
        )
    _compare(await _sent_token(request), expected)


async def _sent_token(request: Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return None
    value = (await request.form()).get(CSRF_FIELD)
    return value if isinstance(value, str) and value else None


def _compare(sent: str | None, expected: str) -> None:
    if sent is None:
        raise CsrfError("the form's security token is missing")
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CsrfError("the form's security token does not match this sign-in")
