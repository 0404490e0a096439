"""Matching a patient against the catalog: `TrialMatch` results and the `Matcher`."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date

from eligibility.bitmaps import UnknownCounts, positions
from eligibility.catalog import Catalog, CompiledTrial, compile_trial
from eligibility.compilation import CompiledCriterion, Evaluation, Rule
from eligibility.evaluation import Decision
from eligibility.facts import PatientFacts
from eligibility.index import patient_nodes
from eligibility.results import CriterionResult, CriterionStatus, Verdict
from eligibility.trial import OPEN_STATUSES, Trial, TrialStatus


class TrialMatch:
    """One trial evaluated for one patient: the checklist (`results`, in the trial's criterion
    order), the verdict it implies (`results.verdict_of`) and the date it was evaluated for.

    Immutable. Not a pydantic model on purpose: a patient can reach a couple of thousand trials
    and the cards show a handful, so `Matcher` creates matches whose checklist lines are built
    on first access to `results` (verdict and unknown count are known without them).
    Constructing one directly with `results` works as for any value object.
    """

    __slots__ = (
        "_criteria",
        "_decided",
        "_results",
        "_unknown_count",
        "as_of",
        "trial",
        "verdict",
    )

    trial: Trial
    verdict: Verdict
    as_of: date
    _unknown_count: int
    _results: tuple[CriterionResult, ...] | None
    _decided: Mapping[Rule, Decision] | None
    _criteria: tuple[CompiledCriterion, ...] | None

    def __init__(
        self,
        *,
        trial: Trial,
        verdict: Verdict,
        results: Sequence[CriterionResult],
        as_of: date,
    ) -> None:
        results = tuple(results)
        unknown = sum(1 for r in results if r.status is CriterionStatus.UNKNOWN)
        self._assign(trial, verdict, as_of, unknown, results, None, None)

    @classmethod
    def _deferred(
        cls,
        compiled: CompiledTrial,
        verdict: Verdict,
        as_of: date,
        unknown_count: int,
        decided: Mapping[Rule, Decision],
    ) -> TrialMatch:
        """A match whose checklist is built from `decided` (every rule of the trial decided)
        on first access to `results`."""
        match = cls.__new__(cls)
        _set_trial(match, compiled.trial)
        _set_verdict(match, verdict)
        _set_as_of(match, as_of)
        _set_unknown_count(match, unknown_count)
        _set_results(match, None)
        _set_decided(match, decided)
        _set_criteria(match, compiled.criteria)
        return match

    def _assign(
        self,
        trial: Trial,
        verdict: Verdict,
        as_of: date,
        unknown_count: int,
        results: tuple[CriterionResult, ...] | None,
        decided: Mapping[Rule, Decision] | None,
        criteria: tuple[CompiledCriterion, ...] | None,
    ) -> None:
        for name, value in (
            ("trial", trial),
            ("verdict", verdict),
            ("as_of", as_of),
            ("_unknown_count", unknown_count),
            ("_results", results),
            ("_decided", decided),
            ("_criteria", criteria),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"TrialMatch is immutable (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"TrialMatch is immutable (cannot delete {name!r})")

    @property
    def results(self) -> tuple[CriterionResult, ...]:
        results: tuple[CriterionResult, ...] | None = self._results
        if results is None:
            decided, criteria = self._decided, self._criteria
            assert decided is not None
            assert criteria is not None
            results = tuple(decided[entry.rule].result(entry.criterion) for entry in criteria)
            # Two threads racing here build equal tuples; either may win.
            object.__setattr__(self, "_results", results)
            object.__setattr__(self, "_decided", None)
            object.__setattr__(self, "_criteria", None)
        return results

    @property
    def criterion_count(self) -> int:
        """Lines in the checklist, without building them (`results` builds every line)."""
        results = self._results
        if results is not None:
            return len(results)
        criteria = self._criteria
        if criteria is None:  # another thread built the results in between
            return len(self.results)
        return len(criteria)

    @property
    def unknown_count(self) -> int:
        return self._unknown_count

    @property
    def criteria_needing_review(self) -> tuple[CriterionResult, ...]:
        """Unknown results: data to record or free text a person must read."""
        return tuple(r for r in self.results if r.status is CriterionStatus.UNKNOWN)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TrialMatch):
            return NotImplemented
        return (self.trial, self.verdict, self.as_of, self.results) == (
            other.trial,
            other.verdict,
            other.as_of,
            other.results,
        )

    __hash__ = None  # type: ignore[assignment]  # equality is by value; results may be large

    def __repr__(self) -> str:
        return (
            f"TrialMatch(nct_id={self.trial.nct_id!r}, verdict={self.verdict.value!r}, "
            f"unknown={self.unknown_count}, as_of={self.as_of.isoformat()!r})"
        )


class Matcher:
    """Evaluates patients against a catalog.

    Candidates come from the catalog's cancer-type index, restricted to the trials a patient could
    be referred to (`statuses`, default recruiting and not yet recruiting; optional `countries`).
    `match` works a set of trials at a time (`eligibility.bitmaps`): each distinct rule is decided
    once and applied to every candidate holding it with one operation, instead of a loop over
    thousands of candidates in Python. `evaluate` works on any trial, open or not, for the web
    pages.
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
        """Trials whose verdict is at least `minimum_verdict`: eligible first, then fewest
        unknowns, then by id."""
        floor = _RANK[minimum_verdict]
        if floor == 0:
            return self._match_all(facts)
        alive, reachable = self._bitmaps.reachable(patient_nodes(facts, self._selected.taxonomy))
        evaluation = Evaluation(facts)  # shared: each distinct criterion is decided once
        decided = evaluation.decided
        decide = evaluation.decide
        unknown = UnknownCounts()
        # A trial's verdict is the Kleene AND of its criteria: one criterion not met (or, for an
        # eligible-only match, unknown) drops it. So rules are decided one at a time for every
        # candidate holding them at once, and a rule held only by trials already dropped is
        # never decided at all.
        for entry in reachable:
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
        as_of = facts.as_of
        compiled = self._selected.compiled_trials
        matches: list[TrialMatch] = []
        for count, group in unknown.by_count(alive):
            verdict = Verdict.POSSIBLY_ELIGIBLE if count else Verdict.ELIGIBLE
            matches.extend(
                TrialMatch._deferred(compiled[position], verdict, as_of, count, decided)
                for position in positions(group)
            )
        return matches

    def _match_all(self, facts: PatientFacts) -> list[TrialMatch]:
        """Every candidate with its verdict, not-eligible ones included (the CLI's checklists)."""
        evaluation = Evaluation(facts)
        floor = _RANK[Verdict.NOT_ELIGIBLE]
        matches = [
            _evaluate(compiled, evaluation, floor=floor)
            for compiled in self._selected.candidates(facts)
        ]
        found = [match for match in matches if match is not None]
        found.sort(key=lambda m: (-_RANK[m.verdict], m.unknown_count, m.trial.nct_id))
        return found

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
    decide = evaluation.decide
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
    return TrialMatch._deferred(compiled, verdict, evaluation.facts.as_of, unknown, decided)


# Slot setters of the immutable TrialMatch, for `_deferred` (one per match, ~1,000 per call).
_set_trial = TrialMatch.__dict__["trial"].__set__
_set_verdict = TrialMatch.__dict__["verdict"].__set__
_set_as_of = TrialMatch.__dict__["as_of"].__set__
_set_unknown_count = TrialMatch.__dict__["_unknown_count"].__set__
_set_results = TrialMatch.__dict__["_results"].__set__
_set_decided = TrialMatch.__dict__["_decided"].__set__
_set_criteria = TrialMatch.__dict__["_criteria"].__set__
