"""The one place where errors become HTTP responses.

Hook and feedback calls (paths under /cds-services) get a FHIR OperationOutcome; other paths get
`{"error": ..., "problems": [...]}`. A 401 is bare. Nothing a client sends reaches the generic
handler; if our own bug does, the caller sees a plain 500 without a trace and the log has the
exception type and path only (never the body, which may hold patient data).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from cds_service.http.errors import (
    BadRequestError,
    NotAuthenticatedError,
    Problem,
    ServiceBusyError,
    ServiceError,
)
from cds_service.http.json_response import JsonResponse

logger = logging.getLogger("oncomatch.errors")

_STARLETTE_ISSUE = {404: "not-found", 405: "not-supported", 413: "too-costly"}


def problems_from_validation(error: ValidationError | RequestValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
        problems.append(Problem(str(item.get("msg", "invalid value")), location or None))
    return problems


def invalid_body(error: ValidationError, what: str) -> BadRequestError:
    problems = problems_from_validation(error)
    fields = ", ".join(sorted({p.location for p in problems if p.location})) or "body"
    return BadRequestError(f"the {what} does not fit the CDS Hooks model ({fields})", problems)


def error_response(
    request: Request, status: int, message: str, problems: list[Problem], issue_code: str
) -> Response:
    if request.url.path.startswith("/cds-services"):
        return JsonResponse(operation_outcome(message, problems, issue_code), status_code=status)
    body: dict[str, Any] = {"error": message}
    listed = [p for p in problems if p.location or p.message != message]
    if listed:
        body["problems"] = [_problem_json(p) for p in listed]
    return JsonResponse(body, status_code=status)


def operation_outcome(message: str, problems: list[Problem], issue_code: str) -> dict[str, Any]:
    issues = []
    for problem in problems:
        issue: dict[str, Any] = {
            "severity": "error",
            "code": issue_code,
            "diagnostics": problem.message,
        }
        if problem.location:
            issue["expression"] = [problem.location]
        issues.append(issue)
    return {
        "resourceType": "OperationOutcome",
        "text": {"status": "generated", "div": _div(message)},
        "issue": issues,
    }


def _div(message: str) -> str:
    escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<div xmlns="http://www.w3.org/1999/xhtml">{escaped}</div>'


def _problem_json(problem: Problem) -> dict[str, str]:
    body = {"message": problem.message}
    if problem.location:
        body["location"] = problem.location
    return body


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotAuthenticatedError)
    async def _unauthenticated(request: Request, error: NotAuthenticatedError) -> Response:
        logger.warning("401 on %s %s: %s", request.method, request.url.path, error.log_reason)
        return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})

    # Pages for people get an HTML page instead of JSON (the web package renders it).
    from cds_service.web.errors import PageNotFoundError, loggable_path
    from cds_service.web.pages import error_page

    @app.exception_handler(PageNotFoundError)
    async def _page_not_found(request: Request, error: PageNotFoundError) -> Response:
        # The path of a /match/ link is a capability: never logged whole.
        logger.info("404 page on %s %s", request.method, loggable_path(request.url.path))
        return error_page(request, error)

    # Staff pages: a sign-in redirect, or a page saying what is needed (the staff package
    # renders it); the log gets the status and path, never a cookie or a password.
    from cds_service.staff.errors import SignInRequiredError, StaffError
    from cds_service.staff.responses import staff_error_response

    @app.exception_handler(StaffError)
    async def _staff_error(request: Request, error: StaffError) -> Response:
        reason = f": {error.log_reason}" if isinstance(error, SignInRequiredError) else ""
        logger.info("%d on %s %s%s", error.status_code, request.method, request.url.path, reason)
        return staff_error_response(request, error)

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, error: ServiceError) -> Response:
        # The message is for the caller, who sent what it names (a patient id, a URL holding
        # one); the log gets only where the problems are.
        where = ", ".join(sorted({p.location for p in error.problems if p.location})) or "-"
        logger.info(
            "%d on %s %s (%s)",
            error.status_code,
            request.method,
            loggable_path(request.url.path),
            where,
        )
        response = error_response(
            request, error.status_code, error.message, error.problems, error.issue_code
        )
        if isinstance(error, ServiceBusyError):
            response.headers["Retry-After"] = str(error.retry_after_seconds)
        return response

    @app.exception_handler(RequestValidationError)
    async def _request_validation(request: Request, error: RequestValidationError) -> Response:
        problems = problems_from_validation(error)
        fields = ", ".join(sorted({p.location for p in problems if p.location})) or "request"
        return error_response(request, 400, f"invalid request ({fields})", problems, "invalid")

    @app.exception_handler(StarletteHTTPException)
    async def _http_exception(request: Request, error: StarletteHTTPException) -> Response:
        message = str(error.detail) if error.detail else "request failed"
        issue = _STARLETTE_ISSUE.get(error.status_code, "processing")
        response = error_response(request, error.status_code, message, [Problem(message)], issue)
        if error.headers:
            response.headers.update(error.headers)
        return response

    @app.exception_handler(OperationalError)
    async def _database_unavailable(request: Request, error: OperationalError) -> Response:
        # The database could not serve in time: SQLite's one writer held by another process
        # past busy_timeout (a long import), PostgreSQL gone. The caller may try again; the
        # log names the driver's error class, never SQLAlchemy's text of it, which quotes the
        # statement and its parameters (patient data).
        logger.warning(
            "503 on %s %s: database unavailable (%s)",
            request.method,
            loggable_path(request.url.path),
            type(error.orig).__name__,
        )
        message = "the service's database is busy or unreachable; try again in a moment"
        response = error_response(request, 503, message, [Problem(message)], "transient")
        response.headers["Retry-After"] = str(ServiceBusyError.retry_after_seconds)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        logger.error(
            "unexpected %s on %s %s", type(error).__name__, request.method, request.url.path
        )
        message = "internal error"
        return error_response(request, 500, message, [Problem(message)], "exception")
