"""`Decision`: what a criterion's content says about a patient, and the shape of a leaf rule.

A decision is a status (met / not_met / unknown), the reason a clinician reads, the evidence
(references of the resources it rests on), what to record to settle an open answer, and whether
a person must review it. It carries no criterion id or label: identical criteria in different
trials share one decision per patient (`eligibility.compilation`), and the criterion is attached
only when a checklist line is built (`Decision.result`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from eligibility.criteria import Criterion
from eligibility.facts import Evidence, PatientFacts
from eligibility.results import CriterionResult, CriterionStatus
from eligibility.taxonomy import CancerTaxonomy

MET = CriterionStatus.MET
NOT_MET = CriterionStatus.NOT_MET
UNKNOWN = CriterionStatus.UNKNOWN

LeafRule = Callable[[PatientFacts], "Decision"]
"""A leaf criterion ready to decide: facts in, decision out."""

CompileRule = Callable[[Any, CancerTaxonomy], LeafRule]
"""Prepares one leaf criterion type's rule, once per distinct criterion content. Everything that
depends on the criterion alone (its requirement phrased, its thresholds) is worked out here, so
the rule it returns does only the patient's part."""


class Decision:
    """The one way a rule states its outcome. Two rules hold for every decision: a hint to
    settle (`to_settle`) is kept only while the status is unknown (it makes no sense once the
    answer is known), and `evidence` names each reference once (`distinct` makes it so; the
    callers whose evidence is distinct already, such as the exposure index, pass it as it is).

    Immutable. A combinator's explanation (its reason quotes the children that decided it) is
    worked out on first read (`explained_later`): the matcher reads only the `status` of most
    combinators, and only the checklists of the few trials shown read the rest.
    """

    __slots__ = ("_evidence", "_explain", "_manual_review", "_reason", "_to_settle", "status")

    status: CriterionStatus
    _reason: str
    _evidence: Evidence
    _to_settle: str | None
    _manual_review: bool
    _explain: Callable[[], Decision] | None

    # Called positionally by the rules: keyword arguments cost measurably more on the hot path.
    def __init__(
        self,
        status: CriterionStatus,
        reason: str,
        evidence: Evidence = (),
        to_settle: str | None = None,
        manual_review: bool = False,
    ) -> None:
        self.status = status
        self._reason = reason
        self._evidence = evidence
        self._to_settle = to_settle if status is UNKNOWN else None
        self._manual_review = manual_review
        self._explain = None

    @classmethod
    def explained_later(cls, status: CriterionStatus, explain: Callable[[], Decision]) -> Decision:
        """A decision of `status` whose reason, evidence and hints are `explain()`'s (a decision
        of the same status), worked out when first read."""
        decision = cls.__new__(cls)
        decision.status = status
        decision._explain = explain
        return decision

    def _explained(self) -> None:
        explain = self._explain
        if explain is not None:
            full = explain()
            assert full.status is self.status
            # Fields first, then the marker: a thread that sees no `_explain` sees them set
            # (threads racing here compute equal explanations; either may win).
            self._reason, self._evidence = full.reason, full.evidence
            self._to_settle, self._manual_review = full.to_settle, full.manual_review
            self._explain = None

    @property
    def reason(self) -> str:
        if self._explain is not None:
            self._explained()
        return self._reason

    @property
    def evidence(self) -> Evidence:
        if self._explain is not None:
            self._explained()
        return self._evidence

    @property
    def to_settle(self) -> str | None:
        if self._explain is not None:
            self._explained()
        return self._to_settle

    @property
    def manual_review(self) -> bool:
        if self._explain is not None:
            self._explained()
        return self._manual_review

    def _fields(self) -> tuple[CriterionStatus, str, Evidence, str | None, bool]:
        return (self.status, self.reason, self.evidence, self.to_settle, self.manual_review)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Decision):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        status, reason, evidence, to_settle, manual_review = self._fields()
        return (
            f"Decision(status={status!r}, reason={reason!r}, evidence={evidence!r}, "
            f"to_settle={to_settle!r}, manual_review={manual_review!r})"
        )

    def result(self, criterion: Criterion) -> CriterionResult:
        # model_construct: every value here is already valid; validation would only cost time
        # (it runs for every line of every checklist shown).
        return CriterionResult.model_construct(
            id=criterion.id,
            label=criterion.label,
            status=self.status,
            reason=self.reason,
            evidence=self.evidence,
            to_settle=self.to_settle,
            manual_review=self.manual_review,
            source_text=criterion.source_text,
        )


def distinct(refs: Iterable[str]) -> Evidence:
    """The references in their order, each once: a decision's evidence."""
    if type(refs) is tuple and len(refs) < 2:
        return refs  # nothing to deduplicate (the common case: one resource or none)
    return tuple(dict.fromkeys(refs))


def alike_or_ask(decisions: Sequence[Decision], differ: str, to_settle: str) -> Decision:
    """One answer from a criterion decided for each of a patient's cancers (one that names no
    cancer: LOT-CANCER, STG-OWNER): theirs when they agree, else unknown, asking which cancer
    the trial means (`differ` says what disagreed)."""
    first = decisions[0]
    if all(d.status is first.status for d in decisions):
        return first
    return Decision(
        UNKNOWN, differ, distinct(ref for d in decisions for ref in d.evidence), to_settle
    )
