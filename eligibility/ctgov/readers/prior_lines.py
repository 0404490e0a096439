"""How many prior lines of therapy are required or allowed."""

from __future__ import annotations

import re

from eligibility.criteria import Comparator, Criterion, PriorLinesCriterion
from eligibility.ctgov.numbers import negate, words_to_digits
from eligibility.ctgov.readers.reading import HEDGES, Reading, negated_before, span_of

_I = re.IGNORECASE

_LINE_NOUN = r"(?:prior |previous |systemic |standard |treatment |therapy )*(?:lines?|regimens?)\b"
_LINE_OF_SOMETHING = re.compile(
    r"^\s*(?:of|containing|including|with|that included)\s+(?!(?:prior\s+|previous\s+)?"
    r"(?:systemic\s+|standard\s+|anti-?cancer\s+|of\s+)*(?:therapy|therapies|treatments?)\b)",
    _I,
)
_LINES_PATTERNS: tuple[tuple[re.Pattern[str], Comparator], ...] = (
    (re.compile(r"at least (\d),? but", _I), ">="),
    (
        re.compile(
            rf"(?:no more than|not more than|at most|≤|<=|up to|a maximum of|maximum of|"
            rf"maximum)\s*(\d)\s*{_LINE_NOUN}",
            _I,
        ),
        "<=",
    ),
    (re.compile(rf"(\d)\s*or (?:fewer|less)\s*{_LINE_NOUN}", _I), "<="),
    (re.compile(rf"(?<!no )(?<!not )(?:<|less than|fewer than)\s*(\d)\s*{_LINE_NOUN}", _I), "<"),
    (
        re.compile(rf"(?:at least|≥|>=|a minimum of|minimum of|minimum)\s*(\d)\s*{_LINE_NOUN}", _I),
        ">=",
    ),
    (re.compile(rf"(\d)\s*or more\s*{_LINE_NOUN}", _I), ">="),
    (re.compile(rf"(?<!no )(?<!not )(?:>|more than|greater than)\s*(\d)\s*{_LINE_NOUN}", _I), ">"),
)
_TREATMENT_NAIVE = re.compile(
    r"\btreatment[- ]na[iï]ve\b|\bno prior systemic (?:anti-?cancer )?(?:therapy|treatment|"
    r"chemotherapy)\b",
    _I,
)


_Bounds = tuple[int | None, int | None]  # (at least, at most) prior lines


def read_prior_lines(reading: Reading) -> None:
    text = words_to_digits(reading.text)  # same length: the words replaced are digits
    stated = _stated_bounds(reading, text)
    if stated is None:
        reading.unsure.add("prior_lines")  # lines of one kind of therapy only
        return
    (low, high), spans = stated
    if re.search(r"\d\s*(?:-|–|to)\s*\d\s*(?:prior\s+|previous\s+)?(?:lines?|regimens?)", text, _I):
        reading.unsure.add("prior_lines")  # "1 to 3 prior lines for X, up to 4 for Y"
        return
    naive = _TREATMENT_NAIVE.search(text)
    if naive is not None and not reading.excludes and not spans:
        high = 0
        spans.append(span_of(naive))
    if not spans:
        if re.search(r"\blines?\b|\bregimens?\b", text, _I):
            reading.unsure.add("prior_lines")
        return
    if _doubtful(reading, text, (low, high), spans):
        reading.unsure.add("prior_lines")
        return

    def build(cid: str) -> Criterion:
        return PriorLinesCriterion(
            id=cid,
            label=_label(low, high),
            min_lines=low,
            max_lines=high,
            source_text=reading.text,
        )

    reading.add("prior_lines", build, *spans)


def _stated_bounds(reading: Reading, text: str) -> tuple[_Bounds, list[tuple[int, int]]] | None:
    """The bounds every line count in `text` sets, and their spans; None when a count is of
    lines of one kind of therapy ("2 lines of platinum-based chemotherapy")."""
    low: int | None = None
    high: int | None = None
    spans: list[tuple[int, int]] = []
    for pattern, written in _LINES_PATTERNS:
        for match in pattern.finditer(text):
            following = text[match.end() : match.end() + 60]
            if _LINE_OF_SOMETHING.match(following) or re.search(
                r"\b(?:with|containing|including|included|based)\b", following, _I
            ):
                return None
            op: Comparator = negate(written) if reading.excludes else written
            value = int(match.group(1))
            if op == ">=":
                low = max(low or 0, value)
            elif op == ">":
                low = max(low or 0, value + 1)
            elif op == "<=":
                high = value if high is None else min(high, value)
            else:
                high = value - 1 if high is None else min(high, value - 1)
            spans.append(span_of(match))
    return (low, high), spans


def _doubtful(reading: Reading, text: str, bounds: _Bounds, spans: list[tuple[int, int]]) -> bool:
    """Hedged, conditional, contradictory or alternative counts are left for review."""
    low, high = bounds
    return bool(
        HEDGES.search(text)
        or (high is not None and high < 0)
        or (low is not None and high is not None and high < low)
        or re.search(r"\bif\b|\bexcept\b|\bunless\b", text, _I)
        or (reading.excludes and negated_before(text, spans[0][0], 40))
        or (len(spans) > 1 and (low is None or high is None))
        or (not reading.excludes and re.search(r"\bor\b", text, _I))
    )


def _label(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}–{high} prior lines" if low != high else f"Exactly {low} prior line(s)"
    if low is not None:
        return f"At least {low} prior line(s)"
    return "No prior systemic therapy" if high == 0 else f"At most {high} prior lines"
