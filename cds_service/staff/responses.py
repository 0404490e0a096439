"""How a refused staff request is answered (called by `cds_service.http.error_handlers`).

No session: a browser's GET is sent to `/staff/login?next=<path>`; other requests get 401 — an
HTML page for browsers, JSON for scripts (`Accept: application/json`). Wrong role, bad CSRF token
and throttled sign-ins get their status with a page saying what happened and what to do.
A refused session cookie is cleared, so the browser stops sending it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from cds_service.http.error_handlers import error_response
from cds_service.staff.access import SESSION_COOKIE
from cds_service.staff.errors import SignInRequiredError, SignInThrottledError, StaffError
from cds_service.web.templating import render, root_path

NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def staff_error_response(request: Request, error: StaffError) -> Response:
    root = root_path(request)
    response: Response
    if (
        isinstance(error, SignInRequiredError)
        and request.method in {"GET", "HEAD"}
        and not wants_json(request)
    ):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        query = urlencode({"next": target})
        response = RedirectResponse(f"{root}/staff/login?{query}", status_code=303)
        response.headers.update(NO_STORE)
    elif wants_json(request):
        response = error_response(
            request, error.status_code, error.message, error.problems, error.issue_code
        )
        response.headers.update(NO_STORE)
    else:
        response = render(
            request,
            "staff_error.html",
            {"title": error.title, "message": error.message, "status": error.status_code},
            status_code=error.status_code,
            headers=NO_STORE,
        )
    if isinstance(error, SignInThrottledError):
        response.headers["Retry-After"] = str(error.retry_after_seconds)
    if isinstance(error, SignInRequiredError) and SESSION_COOKIE in request.cookies:
        response.delete_cookie(SESSION_COOKIE, path=f"{root}/")
    return response
