"""Decisions of `all_of`, `any_of` and `not`: Kleene's logic over the children's statuses, and a
reason that quotes the children that decided the outcome (not every child)."""

from __future__ import annotations

from collections.abc import Sequence

from eligibility import logic
from eligibility.results import CriterionStatus
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, distinct

Labelled = tuple[str, Decision]
"""A child's label with its decision: combined reasons name the children that decided."""


def _combine(
    status: CriterionStatus,
    children: Sequence[Labelled],
    prefix: str,
    *,
    first_only: bool = False,
) -> Decision:
    deciding: Sequence[Labelled] = [
        child for child in children if child[1].status is status
    ] or children
    if first_only:
        deciding = deciding[:1]
    if len(deciding) == 1:  # the common case: one child decided
        label, only = deciding[0]
        reason = f"{prefix}{label}: {only.reason}"
        evidence = only.evidence  # a decision's evidence is distinct already
    else:
        reason = prefix + "; ".join(f"{label}: {d.reason}" for label, d in deciding)
        evidence = distinct(ref for _, d in deciding for ref in d.evidence)
    if status is not UNKNOWN:
        # Hints and manual review only concern open answers.
        return Decision(status, reason, evidence)
    settle = [d.to_settle for _, d in children if d.status is UNKNOWN and d.to_settle]
    return Decision(
        status,
        reason,
        evidence,
        "; ".join(dict.fromkeys(settle)) or None,
        any(d.manual_review for _, d in children if d.status is UNKNOWN),
    )


_ALL_OF_PREFIX = {MET: "All met — ", NOT_MET: "Not met — ", UNKNOWN: "Undecided — "}
_ANY_OF_PREFIX = {MET: "Met by ", NOT_MET: "None met — ", UNKNOWN: "Undecided — "}
_NOT_PREFIX = {MET: "Not the case — ", NOT_MET: "Excluded — ", UNKNOWN: "Undecided — "}


def all_of_decision(children: Sequence[Labelled]) -> Decision:
    status = logic.all_of(d.status for _, d in children)
    return Decision.explained_later(
        status, lambda: _combine(status, children, _ALL_OF_PREFIX[status])
    )


def any_of_decision(children: Sequence[Labelled]) -> Decision:
    status = logic.any_of(d.status for _, d in children)
    return Decision.explained_later(
        status,
        lambda: _combine(status, children, _ANY_OF_PREFIX[status], first_only=status is MET),
    )


def not_decision(child: Labelled) -> Decision:
    label, inner = child
    status = logic.negate(inner.status)
    return Decision.explained_later(
        status,
        lambda: Decision(
            status,
            f"{_NOT_PREFIX[status]}{label}: {inner.reason}",
            inner.evidence,
            inner.to_settle,
            inner.manual_review,
        ),
    )
