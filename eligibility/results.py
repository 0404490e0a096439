"""What evaluating a trial produces: per-criterion results and a verdict.

`cards` and the web pages read these; they never look at criteria internals.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from eligibility.facts import Evidence


class CriterionStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    POSSIBLY_ELIGIBLE = "possibly_eligible"
    NOT_ELIGIBLE = "not_eligible"


class CriterionResult(BaseModel):
    """One line of the checklist.

    `reason` says what decided it ("ECOG 1 on 2026-10-30; trial requires 0–1"); for an unknown,
    `to_settle` says what to record ("Record an ECOG performance status"). `manual_review` marks
    free-text criteria that are never evaluated automatically (their status is always unknown).
    """

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    status: CriterionStatus
    reason: str
    evidence: Evidence = ()
    to_settle: str | None = None
    manual_review: bool = False
    source_text: str | None = None


class CriterionOutcome(NamedTuple):
    """A checklist line without its phrasing (`reason`, `source_text`): what a reader of many
    matches needs (`TrialMatch.outcomes`), at a fraction of a `CriterionResult`'s cost."""

    id: str
    label: str
    status: CriterionStatus
    evidence: Evidence
    to_settle: str | None
    manual_review: bool


def verdict_of(results: Iterable[CriterionResult]) -> Verdict:
    """The verdict rule (docs/architecture.md): any not_met -> not_eligible; else any unknown ->
    possibly_eligible; else eligible."""
    statuses = {result.status for result in results}
    if CriterionStatus.NOT_MET in statuses:
        return Verdict.NOT_ELIGIBLE
    if CriterionStatus.UNKNOWN in statuses:
        return Verdict.POSSIBLY_ELIGIBLE
    return Verdict.ELIGIBLE
