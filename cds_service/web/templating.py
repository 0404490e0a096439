"""The Jinja2 environment of the web pages: templates shipped in the package, autoescape on."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from cds_service.web.describe import STATUS_LABELS

# Pages for people: never cached by proxies, never framed elsewhere, nothing loaded from outside.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def root_path(request: Request) -> str:
    """The prefix the app is served under (uvicorn --root-path behind a proxy), or ''."""
    return str(request.scope.get("root_path", "")).rstrip("/")


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("cds_service.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["status_labels"] = STATUS_LABELS
    return env


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    body = (
        environment()
        .get_template(template)
        .render(request=request, root=root_path(request), **context)
    )
    response = HTMLResponse(body, status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    if headers:
        response.headers.update(headers)
    return response
