"""Matching a patient against the catalog: `TrialMatch` results and the `Matcher`."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from pydantic import BaseModel, ConfigDict

from eligibility.catalog import Catalog, CompiledTrial, compile_trial
from eligibility.facts import PatientFacts
from eligibility.results import CriterionResult, CriterionStatus, Verdict, verdict_of
from eligibility.trial import OPEN_STATUSES, Trial, TrialStatus


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


class Matcher:
    """Evaluates patients against a catalog.

    Candidates come from the catalog's cancer-type index, restricted to the trials a patient could
    be referred to (`statuses`, default recruiting and not yet recruiting; optional `countries`).
    `evaluate` works on any trial, open or not, for the web pages.
    """

    def __init__(
        self,
        catalog: Catalog,
        *,
        statuses: Collection[TrialStatus] = OPEN_STATUSES,
        countries: Collection[str] | None = None,
    ) -> None:
        self._catalog = catalog
        self._selected = catalog.select(statuses, countries)

    @property
    def catalog(self) -> Catalog:
        """The whole catalog, before the status and country filters."""
        return self._catalog

    @property
    def selected(self) -> Catalog:
        """The trials `match` considers."""
        return self._selected

    def match(
        self, facts: PatientFacts, *, minimum_verdict: Verdict = Verdict.POSSIBLY_ELIGIBLE
    ) -> list[TrialMatch]:
        """Trials whose verdict is at least `minimum_verdict`: eligible first, then fewest
        unknowns, then by id."""
        floor = _RANK[minimum_verdict]
        matches: list[TrialMatch] = []
        for compiled in self._selected.candidates(facts):
            match = _evaluate(compiled, facts, stop_below=floor)
            if match is not None:
                matches.append(match)
        matches.sort(key=lambda m: (-_RANK[m.verdict], m.unknown_count, m.trial.nct_id))
        return matches

    def evaluate(self, trial: Trial, facts: PatientFacts) -> TrialMatch:
        """The full checklist for one trial (whatever its status)."""
        compiled = self._catalog.compiled(trial.nct_id)
        if compiled is None or compiled.trial != trial:
            compiled = compile_trial(trial, self._catalog.taxonomy)
        match = _evaluate(compiled, facts, stop_below=_RANK[Verdict.NOT_ELIGIBLE])
        assert match is not None  # nothing ranks below not_eligible
        return match


# Higher is better; `match` drops trials ranked below the requested minimum.
_RANK: dict[Verdict, int] = {
    Verdict.NOT_ELIGIBLE: 0,
    Verdict.POSSIBLY_ELIGIBLE: 1,
    Verdict.ELIGIBLE: 2,
}


def _evaluate(
    compiled: CompiledTrial, facts: PatientFacts, *, stop_below: int
) -> TrialMatch | None:
    """Evaluate criteria in order; give up (None) as soon as the verdict must fall below
    `stop_below` — most candidates fail early, and their checklists are never shown."""
    results: list[CriterionResult] = []
    for criterion in compiled.criteria:
        result = criterion(facts)
        if result.status is CriterionStatus.NOT_MET and stop_below > 0:
            return None
        if result.status is CriterionStatus.UNKNOWN and stop_below > 1:
            return None
        results.append(result)
    return TrialMatch(
        trial=compiled.trial,
        verdict=verdict_of(results),
        results=tuple(results),
        as_of=facts.as_of,
    )
