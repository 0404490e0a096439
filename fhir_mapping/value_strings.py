"""Reading the number a result string holds (rule VAL-STRING in docs/clinical-rules.md).

Feeds send results as text ("452 ms", "0.438s", "QTc 448", "ECOG 1分", "KPS 80分", "1级"). A
string gives its first number and everything after it as the unit; the caller accepts only the
units it knows, so a range, a second number or a note after the value ("440-460", "1 (was 2)")
leaves an unknown unit and the value unreadable, as does a string without a number ("见报告",
"normal") or with a bound or an estimate ("<450", "约450"). A range is read only where a caller
asks for one (`read_range`, VAL-PS-RANGE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_RANGE_END = re.compile(r"\s*(?:[-–—~〜～至到]|to\b)\s*\d", re.I)
# Marks that make a number a bound or an estimate instead of a value; a tilde too, but a tilde
# also joins a range ("1~2"), which `read_range` reads.
_BOUND_MARKS = r"[<>≤≥≈±]|约|大约|小于|大于|不足|超过|以上|以下|左右|approx"
_QUALIFIED = re.compile(rf"~|{_BOUND_MARKS}", re.I)
_BOUND = re.compile(_BOUND_MARKS, re.I)


@dataclass(frozen=True, slots=True)
class Reading:
    """The number a string holds and the text after it, stripped and lower-cased: its unit or
    suffix ("ms", "s", "分", "级", "g/l"), or "" for a bare number."""

    value: float
    unit: str


def read_number(text: object) -> Reading | None:
    """The first number in `text` with what follows it; None for anything but a string with a
    number, or when the number is negative, a bound or an estimate."""
    if not isinstance(text, str) or _QUALIFIED.search(text):
        return None
    found = _NUMBER.search(text)
    if found is None:
        return None
    if found.start() > 0 and text[found.start() - 1] in "-–—−":
        return None
    if _RANGE_END.match(text, found.end()):
        # "440-460", "1-2级", "1~2": a range is not a value.
        return None
    return Reading(float(found.group()), text[found.end() :].strip().rstrip(".。").strip().lower())


# "0-1分", "ECOG 1~2", "KPS 70-80", "PS 0/1", "1 or 2": two whole numbers joined as a range (a
# slash or "or" between two grades is a choice between them, VAL-PS-RANGE), a label before them
# and a unit after; nothing that makes either a bound or an estimate.
_WHOLE_RANGE = re.compile(
    r"^(?P<label>\D*?)(?P<low>\d+)\s*(?:[-–—~〜～/至到]|to\b|or\b)\s*(?P<high>\d+)(?P<unit>\D*)$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Span:
    """A range of whole numbers, the lower first, and the text after it as `Reading.unit` is."""

    low: int
    high: int
    unit: str


def read_range(text: object) -> Span | None:
    """VAL-PS-RANGE: the range of whole numbers a string holds ("0-1分" -> 0..1, "分"); None for
    anything else, a single number, a reversed or empty range, or one with a bound or an
    estimate."""
    if not isinstance(text, str):
        return None
    found = _WHOLE_RANGE.match(text.strip())
    if found is None or _BOUND.search(found["label"]) or _BOUND.search(found["unit"]):
        return None
    if found["label"].rstrip().endswith(("-", "–", "—", "−")):
        return None
    low, high = int(found["low"]), int(found["high"])
    if low >= high:
        return None
    return Span(low, high, found["unit"].strip().rstrip(".。").strip().lower())


# VAL-LAB-ULN: a reference range written as text, as laboratory systems send it when they keep no
# quantities ("0-40", "3.5~5.5 g/L", "0.0--0.3"), or its upper end alone ("<40", "≤ 1.2 mg/dL").
_WRITTEN_RANGE = re.compile(
    r"^\s*(?:(?P<low>\d+(?:\.\d+)?)\s*(?:-{1,2}|[–—~〜～]|至|to\b)|(?:<=?|[≤＜]))"
    # The unit is whatever follows ("10^9/L" after a space too); the caller knows the units.
    r"\s*(?P<high>\d+(?:\.\d+)?)(?:\s*(?P<unit>[^\d\s.].*)|\s+(?P<spaced>\S.*))?$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class WrittenRange:
    """A reference range read from its text: its ends (no lower end for "<40") and the text
    after them as `Reading.unit` is ("" for none)."""

    low: float | None
    high: float
    unit: str


def read_written_range(text: object) -> WrittenRange | None:
    """VAL-LAB-ULN: the range a reference range's text gives ("0-40", "<40 U/L"); None for
    anything else, or a range whose lower end is above its upper."""
    if not isinstance(text, str):
        return None
    found = _WRITTEN_RANGE.match(text)
    if found is None:
        return None
    low = None if found["low"] is None else float(found["low"])
    high = float(found["high"])
    if low is not None and low > high:
        return None
    unit = found["unit"] or found["spaced"] or ""
    return WrittenRange(low, high, unit.strip().rstrip(".。").strip().lower())


# A bracket closing a value: what a system or a reader wrote beside it ("ECOG 1 (2026-11-16)",
# "462 ms (延长)").
_CLOSING_BRACKET = re.compile(r"^(?P<value>.*?\S)\s*[（(]\s*(?P<inside>[^()（）]+?)\s*[)）]\s*$")


def closing_bracket(text: str) -> tuple[str, str] | None:
    """(the value, the words inside) of a text that ends in a bracket, or None: "ECOG 1
    (2026-11-16)" -> ("ECOG 1", "2026-11-16"). What the words are, the caller decides."""
    found = _CLOSING_BRACKET.match(text)
    return None if found is None else (found["value"], found["inside"])


def read_integer(text: object, suffixes: frozenset[str]) -> int | None:
    """A whole number in `text` followed by nothing but one of `suffixes` ("" for none), e.g. a
    grade "1级" or a score "ECOG 1分"; None for anything else."""
    reading = read_number(text)
    if reading is None or not reading.value.is_integer() or reading.unit not in suffixes:
        return None
    return int(reading.value)
