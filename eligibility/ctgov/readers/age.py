"""Age limits stated in the text, and the label shared with the API's age fields."""

from __future__ import annotations

import re

from eligibility.criteria import AgeCriterion, Criterion
from eligibility.ctgov.numbers import find_constraint, negate
from eligibility.ctgov.readers.reading import Reading, span_of

_I = re.IGNORECASE


def age_label(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"Age {low}–{high} years"
    if low is not None:
        return f"Age ≥ {low} years"
    return f"Age ≤ {high} years"


_AGE_WORD = re.compile(r"\b(?:age[ds]?|years? old|years? of age)\b", _I)


def read_age(reading: Reading) -> None:
    text = reading.text
    if not _AGE_WORD.search(text) or len(text) > 120:
        return
    if re.search(
        r"\b(?:month|week|day)s?\b|\bif\b|\bwith\b|\bfor\b|pediatric|child|karnofsky|lansky|ecog",
        text,
        _I,
    ):
        reading.unsure.add("age")
        return
    stated = find_constraint(text, allow_bare=False)
    if stated is None or not re.search(r"year|yrs|\bage", text[stated.start : stated.end + 12]):
        reading.unsure.add("age")
        return
    rest = text[: stated.start] + text[stated.end :]
    if re.search(r"\d|;|\bor\b(?!\s+(?:older|over|above|more|greater|younger|less))", rest, _I):
        reading.unsure.add("age")  # other numbers or an alternative: not a plain age range
        return
    low: int | None = None
    high: int | None = None
    if stated.kind == "range" and not reading.excludes:
        low, high = int(stated.low), int(stated.high)
    elif stated.kind == "cmp" and stated.op is not None:
        op = negate(stated.op) if reading.excludes else stated.op
        value = int(stated.value)
        low = value if op == ">=" else value + 1 if op == ">" else None
        high = value if op == "<=" else value - 1 if op == "<" else None
    if (low is None and high is None) or any(v is not None and v > 120 for v in (low, high)):
        reading.unsure.add("age")
        return

    def build(cid: str) -> Criterion:
        return AgeCriterion(
            id=cid,
            label=age_label(low, high),
            min_years=low,
            max_years=high,
            source_text=text,
        )

    reading.add(
        "age", build, (stated.start, stated.end), *(span_of(m) for m in _AGE_WORD.finditer(text))
    )
