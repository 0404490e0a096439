"""Matching a patient against the catalog: `TrialMatch` results and the `Matcher`."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from eligibility.results import CriterionResult, CriterionStatus, Verdict
from eligibility.trial import Trial


class TrialMatch(BaseModel):
    """One trial evaluated for one patient: the checklist (`results`, in the trial's criterion
    order) and the verdict it implies (`results.verdict_of`)."""

    model_config = ConfigDict(frozen=True)

    trial: Trial
    verdict: Verdict
    results: tuple[CriterionResult, ...]
    as_of: date

    @property
    def unknown_count(self) -> int:
        return sum(1 for result in self.results if result.status is CriterionStatus.UNKNOWN)

    @property
    def criteria_needing_review(self) -> tuple[CriterionResult, ...]:
        """Unknown results: data to record or free text a person must read."""
        return tuple(r for r in self.results if r.status is CriterionStatus.UNKNOWN)
