"""A value known only as a bound ("< 3.4 µmol/L", "QTc > 500 ms"): it decides a comparison only
when every value it allows decides it alike (VAL-LAB-BOUND, VAL-QTC-BOUND in
docs/clinical-rules.md)."""

from __future__ import annotations

from eligibility.facts import Comparator

# The comparison that fails exactly where the other holds.
NEGATION: dict[Comparator, Comparator] = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def every_allowed(
    bound: Comparator, value: float, comparator: Comparator, threshold: float
) -> bool:
    """Whether every number on the `bound` side of `value` compares with `threshold` as
    `comparator` says ("< 3.4" all "<= 30.75"; "> 8" not all ">= 9")."""
    below = bound in ("<", "<=")
    if below is not (comparator in ("<", "<=")):
        # The bound's side has no end where the comparison fails.
        return False
    if bound in ("<=", ">=") and comparator in ("<", ">"):
        # The bound's own number is allowed, and fails the strict comparison at the threshold.
        return value < threshold if below else value > threshold
    return value <= threshold if below else value >= threshold
