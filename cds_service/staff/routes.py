"""`/staff/login` (the form and its POST), `/staff/oidc/start` and `/staff/oidc/callback` (the
identity provider's round trip, when one is configured), `/staff/logout` (POST) and `/staff`,
the home page listing what the signed-in member can reach. Thin: the work is in `sign_in`,
`oidc`, `access` and `csrf`."""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from cds_service.staff.access import (
    SESSION_COOKIE,
    SESSION_PURPOSE,
    StaffMember,
    require_session,
    require_staff,
    session_of,
)
from cds_service.staff.audit import recent_actions, record_action
from cds_service.staff.csrf import (
    LOGIN_CSRF_COOKIE,
    LOGIN_PURPOSE,
    new_login_token,
    verify_csrf,
    verify_login_csrf,
)
from cds_service.staff.errors import OidcFlowError, PasswordSignInOffError
from cds_service.staff.next_path import safe_next
from cds_service.staff.oidc import (
    PENDING_COOKIE,
    PENDING_LIFETIME,
    PENDING_PURPOSE,
    IdTokenError,
    OidcProvider,
    PendingSignIn,
)
from cds_service.staff.pages import pages_for
from cds_service.staff.responses import NO_STORE
from cds_service.staff.roles import Role
from cds_service.staff.services import StaffServices, staff_services
from cds_service.staff.sign_in import (
    SIGN_OUT,
    SignedIn,
    attempt_sign_in,
    oidc_sign_in,
    record_oidc_failure,
)
from cds_service.web.errors import PageNotFoundError
from cds_service.web.templating import render, root_path

staff_router = APIRouter(tags=["staff pages"], include_in_schema=False)

# Form fields are cut to these before use: the sign-in form is open to anyone.
FIELD_LIMIT = 1024
# The login page's CSRF cookie: long enough to type a password, short enough to go stale.
LOGIN_FORM_SECONDS = 3600
RECENT_AUDIT_ROWS = 20


def _cookie_path(request: Request) -> str:
    return f"{root_path(request)}/"


def _secure(request: Request, services: StaffServices) -> bool:
    if services.cookie_secure is not None:
        return services.cookie_secure
    return request.url.scheme == "https"


def _client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _login_page(
    request: Request,
    *,
    next_path: str,
    name: str = "",
    message: str | None = None,
    status_code: int = 200,
) -> Response:
    services = staff_services(request)
    token = new_login_token()
    request.state.csrf_token = token
    response = render(
        request,
        "staff_login.html",
        {
            "next_path": next_path,
            "name": name,
            "message": message,
            "password_sign_in": services.password_sign_in,
            "oidc_label": services.oidc.label if services.oidc else None,
        },
        status_code=status_code,
        headers=NO_STORE,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        services.signer.sign(token, LOGIN_PURPOSE),
        max_age=LOGIN_FORM_SECONDS,
        path=f"{_cookie_path(request)}staff/login",
        secure=_secure(request, services),
        httponly=True,
        samesite="strict",
    )
    return response


@staff_router.get("/staff/login", summary="The staff sign-in form")
def login_form(request: Request, next: str | None = None) -> Response:
    target = safe_next(next, root_path(request))
    if session_of(request) is not None:
        return RedirectResponse(target, status_code=303, headers=NO_STORE)
    return _login_page(request, next_path=target)


def _password_sign_in_on(request: Request) -> None:
    if not staff_services(request).password_sign_in:
        raise PasswordSignInOffError()


@staff_router.post(
    "/staff/login",
    summary="Sign in",
    dependencies=[Depends(_password_sign_in_on), Depends(verify_login_csrf)],
)
async def login(request: Request) -> Response:
    services = staff_services(request)
    form = await request.form()
    name = _field(form.get("username"))
    password = _field(form.get("password"))
    target = safe_next(_field(form.get("next")) or None, root_path(request))
    if not name or not password:
        return _login_page(
            request,
            next_path=target,
            name=name,
            message="Enter both your name and your password.",
            status_code=400,
        )
    signed = await run_in_threadpool(
        attempt_sign_in, services, name, password, _client_address(request)
    )
    if signed is None:
        return _login_page(
            request,
            next_path=target,
            name=name,
            message="That name and password do not match an active staff account.",
            status_code=401,
        )
    return await _signed_in_response(request, services, signed, target)


async def _signed_in_response(
    request: Request, services: StaffServices, signed: SignedIn, target: str
) -> Response:
    """Off to `target` with the new session's cookie; a session this browser had is closed."""
    previous = session_of(request)
    if previous is not None:
        await run_in_threadpool(services.sessions.close, previous.session_id)
    response = RedirectResponse(target, status_code=303, headers=NO_STORE)
    response.set_cookie(
        SESSION_COOKIE,
        services.signer.sign(signed.session.token, SESSION_PURPOSE),
        max_age=int(services.sessions.lifetime.total_seconds()),
        path=_cookie_path(request),
        secure=_secure(request, services),
        httponly=True,
        samesite="lax",
    )
    return response


def _oidc(request: Request) -> tuple[StaffServices, OidcProvider]:
    services = staff_services(request)
    if services.oidc is None:
        raise PageNotFoundError("This OncoMatch has no hospital sign-in configured.")
    return services, services.oidc


@staff_router.get("/staff/oidc/start", summary="Sign in through the identity provider")
def oidc_start(request: Request, next: str | None = None) -> Response:
    services, provider = _oidc(request)
    url, pending = provider.start(safe_next(next, root_path(request)), services.clock())
    response = RedirectResponse(url, status_code=303, headers=NO_STORE)
    response.set_cookie(
        PENDING_COOKIE,
        services.signer.sign(pending.encode(), PENDING_PURPOSE),
        max_age=int(PENDING_LIFETIME.total_seconds()),
        path=f"{_cookie_path(request)}staff/oidc",
        secure=_secure(request, services),
        httponly=True,
        # Lax, not Strict: the provider sends the browser back with a cross-site navigation.
        samesite="lax",
    )
    return response


@staff_router.get("/staff/oidc/callback", summary="The identity provider's answer")
async def oidc_callback(
    request: Request,
    code: str | None = None,
    state: str | None = None,
    error: str | None = None,
) -> Response:
    services, provider = _oidc(request)
    pending = _pending(request, services)
    address = _client_address(request)
    if not state or not hmac.compare_digest(state.encode(), pending.state.encode()):
        raise OidcFlowError("the answer does not belong to the sign-in this browser started")
    if error or not code:
        reason = f"the provider answered {(error or 'without a code')[:64]}"
        await run_in_threadpool(record_oidc_failure, services, "(oidc)", address, reason)
        return _oidc_refused(
            request, pending, f"Your hospital account did not sign you in ({reason})."
        )
    try:
        claims = await run_in_threadpool(provider.finish, code, pending, services.clock())
    except IdTokenError as refused:
        await run_in_threadpool(record_oidc_failure, services, "(oidc)", address, str(refused))
        return _oidc_refused(
            request, pending, "The hospital sign-in's answer could not be verified."
        )
    claimed = provider.account_name(claims)
    signed = await run_in_threadpool(oidc_sign_in, services, claimed, address) if claimed else None
    if signed is None:
        return _oidc_refused(
            request,
            pending,
            f"Your hospital account ({claimed or 'no name given'}) has no active OncoMatch staff "
            "account. Ask an OncoMatch administrator to add it.",
        )
    response = await _signed_in_response(request, services, signed, pending.next_path)
    response.delete_cookie(PENDING_COOKIE, path=f"{_cookie_path(request)}staff/oidc")
    return response


def _pending(request: Request, services: StaffServices) -> PendingSignIn:
    cookie = request.cookies.get(PENDING_COOKIE)
    value = services.signer.unsign(cookie, PENDING_PURPOSE) if cookie else None
    if value is None:
        raise OidcFlowError("it began in another browser, or its cookie was lost")
    pending = PendingSignIn.decode(value)
    if services.clock() - pending.started > PENDING_LIFETIME:
        raise OidcFlowError("it took longer than ten minutes")
    return pending


def _oidc_refused(request: Request, pending: PendingSignIn, message: str) -> Response:
    response = _login_page(request, next_path=pending.next_path, message=message, status_code=401)
    response.delete_cookie(PENDING_COOKIE, path=f"{_cookie_path(request)}staff/oidc")
    return response


@staff_router.post("/staff/logout", summary="Sign out", dependencies=[Depends(verify_csrf)])
def logout(request: Request) -> Response:
    services = staff_services(request)
    session = require_session(request)
    services.sessions.close(session.session_id)
    record_action(
        services.engine,
        actor=session.name,
        action=SIGN_OUT,
        target=None,
        when=services.clock(),
    )
    response = RedirectResponse(
        f"{root_path(request)}/staff/login", status_code=303, headers=NO_STORE
    )
    response.delete_cookie(SESSION_COOKIE, path=_cookie_path(request))
    return response


@staff_router.get("/staff", summary="The staff home page")
def staff_home(
    request: Request, member: Annotated[StaffMember, Depends(require_staff())]
) -> Response:
    services = staff_services(request)
    pages = pages_for(member.role)
    audit = recent_actions(services.engine, RECENT_AUDIT_ROWS) if member.role is Role.ADMIN else []
    return render(
        request,
        "staff_home.html",
        {"member": member, "pages": pages, "audit": audit, "when": _when},
        headers=NO_STORE,
    )


def _field(value: object) -> str:
    return value[:FIELD_LIMIT] if isinstance(value, str) else ""


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")
