"""Errors the HTTP layer turns into responses; `error_handlers.py` is the one place that maps them.

`ServiceError`: a status and a message that says what the client got wrong. Subclasses:
`BadRequestError` 400 (malformed JSON, a body that does not fit the model) and its
`UnsupportedHookError` (a hook other than patient-view); `NotAuthenticatedError` 401 (bare: the
reason goes to the log only); `NotFoundError` 404 (unknown service id, trial, token);
`PreconditionFailedError` 412 (required FHIR data could not be had; the spec says SHALL 412);
`PayloadTooLargeError` 413; `UnsupportedMediaTypeError` 415; `ServiceBusyError` 503.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the request: where (a field path or prefetch key) and what."""

    message: str
    location: str | None = None


class ServiceError(Exception):
    status_code = 500
    issue_code = "exception"  # FHIR OperationOutcome issue type

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or [Problem(message)]


class BadRequestError(ServiceError):
    status_code = 400
    issue_code = "invalid"


class UnsupportedHookError(BadRequestError):
    issue_code = "not-supported"


class NotAuthenticatedError(ServiceError):
    status_code = 401
    issue_code = "login"

    def __init__(self, log_reason: str) -> None:
        # The reason is for the log line only; the caller gets a bare 401.
        super().__init__("not authenticated")
        self.log_reason = log_reason


class NotFoundError(ServiceError):
    status_code = 404
    issue_code = "not-found"


class PayloadTooLargeError(ServiceError):
    status_code = 413
    issue_code = "too-costly"


class UnsupportedMediaTypeError(ServiceError):
    status_code = 415
    issue_code = "structure"


class ServiceBusyError(ServiceError):
    """Too many calls already wait for a turn: try again in a moment (503, Retry-After)."""

    status_code = 503
    issue_code = "transient"
    retry_after_seconds = 1


class PreconditionFailedError(ServiceError):
    status_code = 412
    issue_code = "incomplete"
