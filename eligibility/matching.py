"""Matching a patient against the catalog: the `Matcher`, and its `TrialMatch` results."""

from __future__ import annotations

from collections.abc import Collection

from eligibility.bitmaps import UnknownCounts
from eligibility.catalog import Catalog, CompiledTrial, compile_trial
from eligibility.compilation import Evaluation
from eligibility.facts import PatientFacts
from eligibility.index import patient_nodes
from eligibility.ranking import BitmapRanking, MatchGroup, RankedMatches
from eligibility.results import CriterionStatus, Verdict
from eligibility.trial import OPEN_STATUSES, Trial, TrialStatus
from eligibility.trial_match import TrialMatch

__all__ = ["Matcher", "RankedMatches", "TrialMatch"]


class Matcher:
    """Evaluates patients against a catalog.

    Candidates come from the catalog's cancer-type index, restricted to the trials a patient could
    be referred to (`statuses`, default recruiting and not yet recruiting; optional `countries`).
    `rank` works a set of trials at a time (`eligibility.bitmaps`): each distinct rule is decided
    once and applied to every candidate holding it with one operation, instead of a loop over
    thousands of candidates in Python, and the result stays a set of bitmaps until it is read
    (`eligibility.ranking`). `match` is the same as a list. `evaluate` works on any trial, open
    or not, for the web pages.
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
        self._bitmaps = self._selected.bitmaps  # built now, not in the first hook call

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
        """Trials whose verdict is at least `minimum_verdict`, in display order (eligible first,
        then fewest unknowns, then by id)."""
        return list(self.rank(facts, minimum_verdict=minimum_verdict))

    def rank(
        self, facts: PatientFacts, *, minimum_verdict: Verdict = Verdict.POSSIBLY_ELIGIBLE
    ) -> RankedMatches:
        """`match`, made only as far as it is read."""
        if facts.demographics.deceased:
            # PAT-DECEASED: a patient who has died is offered no trial, whatever the criteria.
            return RankedMatches.of([])
        floor = _RANK[minimum_verdict]
        if floor == 0:
            return RankedMatches.of(self._match_all(facts))
        reach = self._bitmaps.reachable(patient_nodes(facts, self._selected.taxonomy))
        alive = reach.everyone
        evaluation = Evaluation(facts)  # shared: each distinct criterion is decided once
        decided = evaluation.decided
        decide = evaluation.decide_new
        unknown = UnknownCounts()
        # A trial's verdict is the Kleene AND of its criteria: one criterion not met (or, for an
        # eligible-only match, unknown) drops it. So rules are decided one at a time for every
        # candidate holding them at once, and a rule held only by trials already dropped is
        # never decided at all.
        for entry in reach.rules:
            occurrences = entry.occurrences
            holders = occurrences[0] & alive
            if not holders:
                continue
            rule = entry.rule
            status = (decided.get(rule) or decide(rule)).status
            if status is _NOT_MET or (status is _UNKNOWN and floor > 1):
                alive ^= holders
            elif status is _UNKNOWN:
                for copies in occurrences:
                    unknown.add(copies)
        # Eligible first (no unknown criterion), then by number of unknowns; within a count,
        # by position, which is NCT id order.
        groups = [
            MatchGroup(Verdict.POSSIBLY_ELIGIBLE if count else Verdict.ELIGIBLE, count, group)
            for count, group in unknown.by_count(alive)
        ]
        return BitmapRanking(groups, reach, self._selected.compiled_trials, decided, facts.as_of)

    def _match_all(self, facts: PatientFacts) -> list[TrialMatch]:
        """Every candidate with its verdict, not-eligible ones included (the CLI's checklists)."""
        evaluation = Evaluation(facts)
        floor = _RANK[Verdict.NOT_ELIGIBLE]
        matches = [
            _evaluate(compiled, evaluation, floor=floor)
            for compiled in self._selected.candidates(facts)
        ]
        return [match for match in matches if match is not None]

    def evaluate(self, trial: Trial, facts: PatientFacts) -> TrialMatch:
        """The full checklist for one trial (whatever its status)."""
        compiled = self._catalog.compiled(trial.nct_id)
        if compiled is None or compiled.trial != trial:
            compiled = compile_trial(trial, self._catalog.rules)
        match = _evaluate(compiled, Evaluation(facts), floor=_RANK[Verdict.NOT_ELIGIBLE])
        assert match is not None  # nothing ranks below not_eligible
        return match


# Higher is better; `match` drops trials ranked below the requested minimum.
_RANK: dict[Verdict, int] = {
    Verdict.NOT_ELIGIBLE: 0,
    Verdict.POSSIBLY_ELIGIBLE: 1,
    Verdict.ELIGIBLE: 2,
}
_NOT_MET = CriterionStatus.NOT_MET
_UNKNOWN = CriterionStatus.UNKNOWN


def _evaluate(compiled: CompiledTrial, evaluation: Evaluation, *, floor: int) -> TrialMatch | None:
    """Decide the criteria in order; give up (None) as soon as the verdict must rank below
    `floor`."""
    decided = evaluation.decided  # hot loop: a dict lookup before a method call
    decide = evaluation.decide_new
    unknown = 0
    failed = False
    for rule in compiled.rules:
        status = (decided.get(rule) or decide(rule)).status
        if status is _NOT_MET:
            if floor > 0:
                return None
            failed = True
        elif status is _UNKNOWN:
            if floor > 1:
                return None
            unknown += 1
    # Same rule as results.verdict_of, on statuses already in hand.
    if failed:
        verdict = Verdict.NOT_ELIGIBLE
    elif unknown:
        verdict = Verdict.POSSIBLY_ELIGIBLE
    else:
        verdict = Verdict.ELIGIBLE
    return TrialMatch.deferred(compiled, verdict, evaluation.facts.as_of, unknown, decided)
