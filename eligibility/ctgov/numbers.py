"""Reading a threshold that follows a keyword: "≤ 1", "0-2", "0 or 1", "at least 70", "2 or more".

The result is the constraint *as written*; callers decide what it means for the patient (an
exclusion item states what must not hold).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from eligibility.criteria import Comparator

NUM = r"(\d+(?:[.,]\d+)?(?:,\d{3})*)"
_WORD_NUMBERS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
}
_LE = (
    r"≤|<=|=<|≦|⩽|less than or equal to|lower than or equal to|equal to or less than|"
    r"equal or less than|(?:no|not) (?:more|greater|higher) than|at most|up to|maximum(?: of)?"
)
_GE = (
    r"≥|>=|=>|≧|⩾|greater than or equal to|higher than or equal to|more than or equal to|"
    r"equal to or (?:greater|higher|more) than|equal or greater than|at least|"
    r"(?:no|not) (?:less|lower|fewer) than|minimum(?: of)?"
)
_LT = r"<|less than|lower than|below|under|fewer than"
_GT = r">|greater than|more than|higher than|above|over|exceeding|exceeds|in excess of"
_PREFIX = re.compile(
    rf"(?:(?P<le>{_LE})|(?P<ge>{_GE})|(?P<lt>{_LT})|(?P<gt>{_GT}))\s*:?\s*{NUM}", re.IGNORECASE
)
_RANGE = re.compile(
    rf"(?:between\s+)?{NUM}\s*%?\s*(?:-|–|—|to|through|and)\s*{NUM}(?!\s*[.,]?\d)",
    re.IGNORECASE,
)
_POSTFIX = re.compile(
    rf"{NUM}\s*%?\s*(?:[a-zµμ/²0-9.]+\s+){{0,3}}?(?:or|and)\s+"
    r"(?P<dir>less|lower|below|under|fewer|younger|more|greater|higher|above|over|older)\b",
    re.IGNORECASE,
)
_LIST = re.compile(r"\b(\d)((?:\s*,\s*\d)*)\s*,?\s*(?:or|and|/)\s*(\d)\b", re.IGNORECASE)
_BARE = re.compile(rf"(?<![\w.]){NUM}(?![\w.])")


def number(text: str) -> float:
    """Parse "1.5", "1,5" (decimal comma) or "100,000" (thousands)."""
    if re.fullmatch(r"\d+(?:,\d{3})+", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def words_to_digits(text: str) -> str:
    """ "zero or one" -> "0    or 1  ": padded, so that positions in the text stay valid."""
    return re.sub(
        r"\b(zero|one|two|three|four|five|six)\b",
        lambda m: _WORD_NUMBERS[m.group(1).lower()].ljust(len(m.group(1))),
        text,
        flags=re.IGNORECASE,
    )


@dataclass(frozen=True, slots=True)
class Stated:
    """A constraint as written: `kind="cmp"` (op, value), `"range"` (lo..hi), `"set"`."""

    kind: Literal["cmp", "range", "set"]
    op: Comparator | None = None
    value: float = 0.0
    low: float = 0.0
    high: float = 0.0
    values: tuple[float, ...] = ()
    start: int = 0  # position of the match in the searched text
    end: int = 0

    def allowed_ints(self, lowest: int, highest: int) -> set[int]:
        """The integers in [lowest, highest] this constraint admits."""
        scale = range(lowest, highest + 1)
        if self.kind == "range":
            return {n for n in scale if self.low <= n <= self.high}
        if self.kind == "set":
            return {n for n in scale if n in self.values}
        return {n for n in scale if compare(n, self.op, self.value)}


def compare(left: float, op: Comparator | None, right: float) -> bool:
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    if op == ">=":
        return left >= right
    return left == right


_NEGATED: dict[Comparator, Comparator] = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def negate(op: Comparator) -> Comparator:
    """The comparator a patient must satisfy when `x op value` excludes them."""
    return _NEGATED[op]


def find_constraint(text: str, *, allow_bare: bool = True) -> Stated | None:
    """The first constraint in `text` (earliest start; longest on a tie)."""
    candidates: list[Stated] = []
    for match in _PREFIX.finditer(text):
        op: Comparator = (
            "<="
            if match.group("le")
            else ">="
            if match.group("ge")
            else "<"
            if match.group("lt")
            else ">"
        )
        candidates.append(
            Stated("cmp", op=op, value=number(match.group(5)), start=match.start(), end=match.end())
        )
        break
    for match in _RANGE.finditer(text):
        low, high = number(match.group(1)), number(match.group(2))
        if low < high:
            candidates.append(
                Stated("range", low=low, high=high, start=match.start(), end=match.end())
            )
            break
    for match in _POSTFIX.finditer(text):
        direction = match.group("dir").lower()
        op = "<=" if direction in {"less", "lower", "below", "under", "fewer", "younger"} else ">="
        candidates.append(
            Stated("cmp", op=op, value=number(match.group(1)), start=match.start(), end=match.end())
        )
        break
    for match in _LIST.finditer(text):
        digits = [match.group(1), *re.findall(r"\d", match.group(2)), match.group(3)]
        candidates.append(
            Stated(
                "set",
                values=tuple(float(d) for d in digits),
                start=match.start(),
                end=match.end(),
            )
        )
        break
    if not candidates and allow_bare:
        bare = _BARE.search(text)
        if bare is not None:
            return Stated(
                "set", values=(number(bare.group(1)),), start=bare.start(), end=bare.end()
            )
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c.start, -(c.end - c.start)))
