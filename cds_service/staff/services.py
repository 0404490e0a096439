"""The staff objects the routes and dependencies share, built once per app and kept on
`app.state.staff`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import FastAPI, Request
from sqlalchemy import Engine

from cds_service.clock import Clock
from cds_service.settings import Settings
from cds_service.staff.accounts import AccountStore
from cds_service.staff.oidc import OidcProvider
from cds_service.staff.passwords import PasswordBook
from cds_service.staff.secret import CookieSigner, staff_secret
from cds_service.staff.sessions import SessionStore
from cds_service.staff.throttle import SignInThrottle


@dataclass(frozen=True, slots=True)
class StaffServices:
    engine: Engine
    clock: Clock
    accounts: AccountStore
    sessions: SessionStore
    throttle: SignInThrottle
    passwords: PasswordBook
    signer: CookieSigner
    # None: Secure when the request came over https (behind a proxy: X-Forwarded-Proto, which
    # uvicorn honours from trusted proxies).
    cookie_secure: bool | None
    # The hospital's identity provider, when one is configured; and whether the password form
    # is offered beside it.
    oidc: OidcProvider | None
    password_sign_in: bool


def build_staff(
    settings: Settings, engine: Engine, clock: Clock, passwords: PasswordBook | None = None
) -> StaffServices:
    return StaffServices(
        engine=engine,
        clock=clock,
        accounts=AccountStore(engine),
        sessions=SessionStore(engine, timedelta(hours=settings.staff_session_hours)),
        throttle=SignInThrottle(
            engine,
            max_failures=settings.staff_login_max_failures,
            window=timedelta(minutes=settings.staff_login_window_minutes),
        ),
        passwords=passwords or PasswordBook(),
        signer=CookieSigner(staff_secret(settings)),
        cookie_secure=settings.staff_cookie_secure,
        oidc=OidcProvider.from_settings(settings),
        password_sign_in=settings.staff_password_sign_in,
    )


def install_staff(app: FastAPI, settings: Settings, engine: Engine, clock: Clock) -> None:
    """The staff services on `app.state.staff`, the sign-in routes, and the template helpers
    (`csrf_input(request)`, `signed_in(request)`, `pages_for(role)`) staff pages use."""
    from cds_service.staff.access import signed_in
    from cds_service.staff.csrf import csrf_input
    from cds_service.staff.pages import pages_for
    from cds_service.staff.routes import staff_router
    from cds_service.web.templating import environment

    app.state.staff = build_staff(settings, engine, clock)
    app.include_router(staff_router)
    environment().globals.update(
        csrf_input=csrf_input, signed_in=signed_in, staff_pages_for=pages_for
    )


def staff_services(request: Request) -> StaffServices:
    services: StaffServices = request.app.state.staff
    return services
