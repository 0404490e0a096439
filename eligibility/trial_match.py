"""`TrialMatch`: one trial evaluated for one patient."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import TypeVar

from eligibility.catalog import CompiledTrial
from eligibility.compilation import CompiledCriterion, Rule
from eligibility.match_digests import MatchDigest, MatchDigests
from eligibility.results import CriterionOutcome, CriterionResult, CriterionStatus, Verdict
from eligibility.rules import Decision
from eligibility.trial import Trial

U = TypeVar("U")


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
    def deferred(
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

    def outcomes(self) -> Iterator[CriterionOutcome]:
        """Each checklist line's status, evidence and what would settle it, in `results` order
        and with its values, without building the checklist: for readers of thousands of
        matches (pre-screening a hospital), where building every `CriterionResult` would be
        most of the work."""
        decided, criteria = self._decided, self._criteria
        if decided is None or criteria is None:  # the checklist is built already: read it
            for r in self.results:
                yield CriterionOutcome(
                    r.id, r.label, r.status, r.evidence, r.to_settle, r.manual_review
                )
            return
        for entry in criteria:
            decision = decided[entry.rule]
            yield CriterionOutcome(
                entry.criterion.id,
                entry.criterion.label,
                decision.status,
                decision.evidence,
                decision.to_settle,
                decision.manual_review,
            )

    def digest(self, digests: MatchDigests[U]) -> MatchDigest[U]:
        """The match's unknown lines and the date of its met lines' newest evidence, without
        building the checklist (`MatchDigests`: what the patient's other matches share is read
        once for all): pre-screening reads ~400 matches per patient."""
        decided, criteria = self._decided, self._criteria
        if decided is None or criteria is None:  # the checklist is built already: read it
            return digests.of_lines(self.outcomes())
        return digests.of_criteria(criteria, decided)

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


# Slot setters of the immutable TrialMatch, for `deferred` (one per match, ~1,000 per call).
_set_trial = TrialMatch.__dict__["trial"].__set__
_set_verdict = TrialMatch.__dict__["verdict"].__set__
_set_as_of = TrialMatch.__dict__["as_of"].__set__
_set_unknown_count = TrialMatch.__dict__["_unknown_count"].__set__
_set_results = TrialMatch.__dict__["_results"].__set__
_set_decided = TrialMatch.__dict__["_decided"].__set__
_set_criteria = TrialMatch.__dict__["_criteria"].__set__
