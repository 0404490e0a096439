"""Errors of the curation pages, each a staff page saying what is wrong and what to do.

Hierarchy (below `cds_service.staff.errors.StaffError`, so the staff handler in
`cds_service.http.error_handlers` renders them as staff pages — HTML for browsers, JSON for
scripts — with their status):
    CurationPageError
        CurationNotFoundError     404: an unknown NCT id, a version the trial does not have
        CurationInputError        400: a form or query the page cannot use (bad version number,
                                  unknown criterion type, a draft not written by the page)
"""

from __future__ import annotations

from cds_service.staff.errors import StaffError


class CurationPageError(StaffError):
    issue_code = "invalid"
    title = "Curation"


class CurationNotFoundError(CurationPageError):
    status_code = 404
    issue_code = "not-found"
    title = "Not found"


class CurationInputError(CurationPageError):
    status_code = 400
    title = "This request cannot be used"
