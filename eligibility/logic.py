"""Kleene's strong three-valued logic over criterion statuses.

`unknown` means "the data needed is missing": it could turn out either way, so
`not_met AND unknown` is `not_met` (no data can rescue it) while `met AND unknown` stays unknown;
dually for OR. NOT swaps met and not_met and leaves unknown alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from eligibility.results import CriterionStatus

MET = CriterionStatus.MET
NOT_MET = CriterionStatus.NOT_MET
UNKNOWN = CriterionStatus.UNKNOWN


def all_of(statuses: Iterable[CriterionStatus]) -> CriterionStatus:
    """Conjunction; the empty conjunction is met."""
    result = MET
    for status in statuses:
        if status is NOT_MET:
            return NOT_MET
        if status is UNKNOWN:
            result = UNKNOWN
    return result


def any_of(statuses: Iterable[CriterionStatus]) -> CriterionStatus:
    """Disjunction; the empty disjunction is not met."""
    result = NOT_MET
    for status in statuses:
        if status is MET:
            return MET
        if status is UNKNOWN:
            result = UNKNOWN
    return result


def negate(status: CriterionStatus) -> CriterionStatus:
    if status is MET:
        return NOT_MET
    if status is NOT_MET:
        return MET
    return UNKNOWN
