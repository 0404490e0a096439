"""`/staff/login` (the form and its POST), `/staff/logout` (POST) and `/staff`, the home page
listing what the signed-in member can reach. Thin: the work is in `sign_in`, `access`, `csrf`."""

from __future__ import annotations

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
from cds_service.staff.next_path import safe_next
from cds_service.staff.responses import NO_STORE
from cds_service.staff.roles import Role, role_allows
from cds_service.staff.services import StaffServices, staff_services
from cds_service.staff.sign_in import SIGN_OUT, attempt_sign_in
from cds_service.web.templating import render, root_path

staff_router = APIRouter(tags=["staff pages"], include_in_schema=False)

# Form fields are cut to these before use: the sign-in form is open to anyone.
FIELD_LIMIT = 1024
# The login page's CSRF cookie: long enough to type a password, short enough to go stale.
LOGIN_FORM_SECONDS = 3600
RECENT_AUDIT_ROWS = 20

# The staff pages, and the roles that reach each (an admin reaches all).
STAFF_PAGES = (
    (
        "/curation",
        "Trial curation",
        "Review and publish the structured criteria of trials.",
        (Role.CURATOR,),
    ),
    (
        "/worklists",
        "Pre-screening worklists",
        "Patients pre-screened against each trial.",
        (Role.COORDINATOR,),
    ),
)


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
        {"next_path": next_path, "name": name, "message": message},
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


@staff_router.post("/staff/login", summary="Sign in", dependencies=[Depends(verify_login_csrf)])
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
    pages = [
        {"path": path, "title": title, "about": about}
        for path, title, about, roles in STAFF_PAGES
        if role_allows(member.role, roles)
    ]
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
