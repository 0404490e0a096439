"""Errors raised while reading ClinicalTrials.gov API v2 records.

Hierarchy:
    EligibilityError (eligibility.errors)
    └── CtgovFormatError   a document is not API v2 study JSON (names the place and the field)
"""

from __future__ import annotations

from eligibility.errors import EligibilityError


class CtgovFormatError(EligibilityError):
    """A document or study record does not have the API v2 shape."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")
