"""Errors of the curation package; `cds_service.http.error_handlers` maps them to responses
and the CLI to one line each.

Hierarchy:
    CurationError
    ├── InvalidTrialError        the submitted trial does not fit the catalog's models (located)
    ├── NotCuratedError          the trial has no published version
    │   └── VersionNotFoundError that version number does not exist for the trial
    ├── StaleRegistryTextError   the registry text the curator saw is no longer the stored one
    ├── UnknownTrialError        no catalog layer has the NCT id (the CLI's check)
    └── NotACuratorError         the name is no enabled staff account with the curator role
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TrialProblem:
    """One thing wrong with a submitted trial: a field path ("criteria.2.ecog_max") and what."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class CurationError(Exception):
    """Base of every error this package raises."""


class InvalidTrialError(CurationError):
    def __init__(self, problems: list[TrialProblem]) -> None:
        self.problems = problems
        shown = "; ".join(str(problem) for problem in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"the trial is not valid: {shown}{more}")


class NotCuratedError(CurationError):
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

    def __init__(self, nct_id: str) -> None:
        self.nct_id = nct_id
        super().__init__(
            f"{nct_id}: the registry eligibility text changed since it was read for this "
            "curation; read the current text and publish again"
        )


class UnknownTrialError(CurationError):
    def __init__(self, nct_id: str) -> None:
        self.nct_id = nct_id
        super().__init__(
            f"{nct_id} is not in the catalog (no curated file, imported record or curated "
            "version has it)"
        )


class NotACuratorError(CurationError):
    """The message says why: no such account, disabled, or another role."""
