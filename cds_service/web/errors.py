"""Errors of the web pages.

Hierarchy (below `cds_service.http.errors.ServiceError`):
    PageNotFoundError   404 as an HTML page: unknown trial, unknown or expired match link
    StaffError (`cds_service.staff.errors`), rendered as a staff page:
        WorklistNotFoundError   404: no worklist for that trial in the latest pre-screening
                                run, or a checklist link of an earlier run
        WorklistFilterError     400: a worklist filter that names no verdict or criterion

`cds_service.http.error_handlers` maps `PageNotFoundError` to the HTML page rendered by
`cds_service.web.pages.error_page`; JSON endpoints under /api raise the ordinary
`NotFoundError` / `BadRequestError` and get the JSON body every other endpoint gets.
"""

from __future__ import annotations

from cds_service.http.errors import NotFoundError
from cds_service.staff.errors import StaffError


class PageNotFoundError(NotFoundError):
    """A page a person asked for that does not exist (or no longer does)."""

    def __init__(self, message: str, *, title: str = "Page not found") -> None:
        super().__init__(message)
        self.title = title


class WorklistNotFoundError(StaffError):
    status_code = 404
    issue_code = "not-found"
    title = "Worklist not found"


class WorklistFilterError(StaffError):
    status_code = 400
    issue_code = "invalid"
    title = "Filter not understood"


MATCH_PREFIX = "/match/"


def loggable_path(path: str) -> str:
    """The path for a log line: a `/match/{token}` link's token is a capability, so it is cut."""
    return MATCH_PREFIX + "…" if path.startswith(MATCH_PREFIX) else path
