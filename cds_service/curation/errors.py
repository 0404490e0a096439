"""Errors of the curation package. Each is a `ServiceError` with its HTTP status, so the one
`ServiceError` handler (`cds_service.http.error_handlers`) answers any a page lets through; the
CLI prints them as one line each.

Hierarchy (below `cds_service.http.errors.ServiceError`):
    CurationError
    ├── InvalidTrialError        422: the submitted trial does not fit the catalog's models
    │                            (each problem located by field path)
    ├── NotCuratedError          404: the trial has no published version
    │   └── VersionNotFoundError 404: that version number does not exist for the trial
    ├── StaleRegistryTextError   409: the registry text the curator saw is no longer the stored one
    ├── UnknownTrialError        404: no catalog layer has the NCT id
    └── NotACuratorError         403: the name is no enabled staff account with the curator role
"""

from __future__ import annotations

from dataclasses import dataclass

from cds_service.http.errors import Problem, ServiceError


@dataclass(frozen=True, slots=True)
class TrialProblem:
    """One thing wrong with a submitted trial: a field path ("criteria.2.ecog_max") and what."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class CurationError(ServiceError):
    """Base of every error this package raises."""

    status_code = 400
    issue_code = "invalid"


class InvalidTrialError(CurationError):
    status_code = 422

    def __init__(self, problems: list[TrialProblem]) -> None:
        self.trial_problems = problems
        shown = "; ".join(str(problem) for problem in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(
            f"the trial is not valid: {shown}{more}",
            [Problem(problem.message, problem.location) for problem in problems],
        )


class NotCuratedError(CurationError):
    status_code = 404
    issue_code = "not-found"

    def __init__(self, nct_id: str) -> None:
        self.nct_id = nct_id
        super().__init__(f"{nct_id} has no published curated version")


class VersionNotFoundError(NotCuratedError):
    def __init__(self, nct_id: str, number: int) -> None:
        self.nct_id = nct_id
        self.number = number
        CurationError.__init__(self, f"{nct_id} has no curated version {number}")


class StaleRegistryTextError(CurationError):
    """Publishing against registry text that a sync has replaced since the curator read it:
    the curator must see the new text first, or the new version would hide the change."""

    status_code = 409
    issue_code = "conflict"

    def __init__(self, nct_id: str) -> None:
        self.nct_id = nct_id
        super().__init__(
            f"{nct_id}: the registry eligibility text changed since it was read for this "
            "curation; read the current text and publish again"
        )


class UnknownTrialError(CurationError):
    status_code = 404
    issue_code = "not-found"

    def __init__(self, nct_id: str) -> None:
        self.nct_id = nct_id
        super().__init__(
            f"{nct_id} is not in the catalog (no curated file, imported record or curated "
            "version has it)"
        )


class NotACuratorError(CurationError):
    """The message says why: no such account, disabled, or another role."""

    status_code = 403
    issue_code = "forbidden"
