"""Matching a patient against the catalog: `TrialMatch` results and the `Matcher`."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from eligibility.catalog import Catalog, CompiledTrial, compile_trial
from eligibility.compilation import CompiledCriterion, Evaluation, Rule
from eligibility.evaluation import Decision
from eligibility.facts import PatientFacts
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
        "_decisions",
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
    _decisions: tuple[Decision, ...] | None
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
        decisions: tuple[Decision, ...],
    ) -> TrialMatch:
        match = cls.__new__(cls)
        match._assign(
            compiled.trial, verdict, as_of, unknown_count, None, decisions, compiled.criteria
        )
        return match

    def _assign(
        self,
        trial: Trial,
        verdict: Verdict,
        as_of: date,
        unknown_count: int,
        results: tuple[CriterionResult, ...] | None,
        decisions: tuple[Decision, ...] | None,
        criteria: tuple[CompiledCriterion, ...] | None,
    ) -> None:
        for name, value in (
            ("trial", trial),
            ("verdict", verdict),
            ("as_of", as_of),
            ("_unknown_count", unknown_count),
            ("_results", results),
            ("_decisions", decisions),
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
            assert self._decisions is not None
            assert self._criteria is not None
            results = tuple(
                decision.result(entry.criterion)
                for decision, entry in zip(self._decisions, self._criteria, strict=True)
            )
            # Two threads racing here build equal tuples; either may win.
            object.__setattr__(self, "_results", results)
            object.__setattr__(self, "_decisions", None)
            object.__setattr__(self, "_criteria", None)
        return results

    @property
    def criterion_count(self) -> int:
        """Lines in the checklist, without building them (`results` builds every line)."""
        results = self._results
        if results is not None:
            return len(results)
        decisions = self._decisions
        if decisions is None:  # another thread built the results in between
            return len(self.results)
        return len(decisions)

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
        evaluation = Evaluation(facts)  # shared: each distinct criterion is decided once
        # Rules already decided below the floor for this patient. A trial holding one of them
        # cannot rank high enough whatever its other criteria say, so it is skipped by a
        # C-level scan of its rules (most candidates fail on a handful of common criteria).
        rejecting: set[Rule] = set()
        contains = rejecting.__contains__
        matches: list[TrialMatch] = []
        for compiled in self._selected.candidates(facts):
            if rejecting and any(map(contains, compiled.rules)):
                continue
            match = _evaluate(compiled, evaluation, floor=floor, rejecting=rejecting)
            if match is not None:
                matches.append(match)
        matches.sort(key=lambda m: (-_RANK[m.verdict], m.unknown_count, m.trial.nct_id))
        return matches

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


def _evaluate(
    compiled: CompiledTrial,
    evaluation: Evaluation,
    *,
    floor: int,
    rejecting: set[Rule] | None = None,
) -> TrialMatch | None:
    """Decide the criteria in order; give up (None) as soon as the verdict must rank below
    `floor` — most candidates fail early, and their checklists are never shown. The rule that
    gave up is added to `rejecting`, when given."""
    decided = evaluation.decided  # hot loop: a dict lookup before a method call
    decide = evaluation.decide
    decisions = []
    unknown = 0
    failed = False
    for rule in compiled.rules:
        decision = decided.get(rule) or decide(rule)
        status = decision.status
        if status is _NOT_MET:
            if floor > 0:
                if rejecting is not None:
                    rejecting.add(rule)
                return None
            failed = True
        elif status is _UNKNOWN:
            if floor > 1:
                if rejecting is not None:
                    rejecting.add(rule)
                return None
            unknown += 1
        decisions.append(decision)
    # Same rule as results.verdict_of, on statuses already in hand.
    if failed:
        verdict = Verdict.NOT_ELIGIBLE
    elif unknown:
        verdict = Verdict.POSSIBLY_ELIGIBLE
    else:
        verdict = Verdict.ELIGIBLE
    as_of = evaluation.facts.as_of
    return TrialMatch._deferred(compiled, verdict, as_of, unknown, tuple(decisions))
