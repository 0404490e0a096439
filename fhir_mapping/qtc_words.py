"""VAL-QTC-TEXT: a QTc written in words — an ECG reading's value ("窦性心律；QT/QTc：402/468ms"),
or the pair ECG carts print ("QT/QTc 398/456 ms"), whose second number is the QTc. Each value
with the formula its words name, when they name one (VAL-QTC-FORMULAS: "QTc 452ms (Bazett),
QTcF 441ms")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from eligibility.facts import Comparator
from fhir_mapping.elements import get, items
from fhir_mapping.value_strings import closing_bracket

_NUMBER = r"(\d+(?:\.\d+)?)"
_UNIT = r"\s*(ms|msec|毫秒|s|sec|秒)?(?![a-z\d/])"
# "QT/QTc 398/456 ms", "QT/QTc间期：402/468ms", "QT/QTcF: 0.398/0.456 s".
_PAIR = re.compile(
    r"\bQT\s*/\s*(?:QTc[FB]?|校正QT)\s*(?:间期|interval)?\s*[:：=]?\s*"
    + _NUMBER
    + r"\s*/\s*"
    + _NUMBER
    + _UNIT,
    re.IGNORECASE,
)
# A value that is the pair alone, under a title naming it ("QT/QTc": "398/456 ms").
_BARE_PAIR = re.compile(r"^\s*" + _NUMBER + r"\s*/\s*" + _NUMBER + _UNIT + r"\s*$", re.IGNORECASE)
_PAIR_TITLE = re.compile(r"\bQT\s*/\s*(?:QTc|校正QT)", re.IGNORECASE)
# "QTc 468ms", "QTcF=446 ms", "QTc间期延长(468ms)": the number after the name, in its clause.
# The corrected QT's names, hyphenated or bracketed too ("Q-Tc", "Q-T间期(校正)"): VAL-QTC.
_CORRECTED = r"Q-?Tc[FB]?(?![a-z])|校正\s*Q-?T|Q-?T\s*间期\s*[（(]?\s*校正[)）]?"
_LABELLED = re.compile(
    rf"(?:{_CORRECTED})[^\d。；;，,]{{0,12}}?" + _NUMBER + _UNIT,
    re.IGNORECASE,
)
_NAMED = re.compile(rf"{_CORRECTED}|corrected Q-?T", re.IGNORECASE)


# The correction formulas a cart names, by a word or by the letter after QTc (QTcF, QTcB).
_FORMULA_WORDS = (
    ("fridericia", "Fridericia"),
    ("bazett", "Bazett"),
    ("framingham", "Framingham"),
    ("hodges", "Hodges"),
)
_FORMULA_LETTER = re.compile(r"Q-?Tc([FB])(?![a-z])", re.IGNORECASE)
_BRACKETED_AFTER = re.compile(r"\s*[（(]\s*([a-z]+)\s*[)）]", re.IGNORECASE)


# VAL-QTC-BOUND: the words between the QTc's name and its number that make it a bound or an
# estimate; and a bracket quoting an older tracing, which is not this ECG's QTc.
_BOUNDS: tuple[tuple[re.Pattern[str], Comparator], ...] = (
    (re.compile(r"≤|<=|不超过|不大于"), "<="),
    (re.compile(r"≥|>=|不低于|不小于"), ">="),
    (re.compile(r"<|小于|低于|不足"), "<"),
    (re.compile(r">|大于|高于|超过"), ">"),
)
_ESTIMATE = re.compile(r"约|~|≈|大约|approx|about|左右", re.IGNORECASE)
_EARLIER = re.compile(
    r"[（(][^()（）]*(?:\d{4}\s*[-/.年]\s*\d{1,2}|较前|前次|上次|previous|prior|compared|was)"
    r"[^()（）]*[)）]",
    re.IGNORECASE,
)
# A bracketed word after a value that leaves it the value: the reader's interpretation
# ("462 ms (延长)"), the formula ("445ms(Bazett)"), or who or how it was measured, as a form or
# a cart notes it ("452ms (自查)" self-checked, "(机测)" by the machine, "(manual)").
_FLAG_AFTER = re.compile(r"^(?P<value>.*?\S)\s*[↑↓]\s*$")
_INTERPRETATION = re.compile(
    r"^(?:正常|延长|偏长|临界|异常|增高|normal|prolonged|borderline|high|abnormal|long"
    r"|自查|复查|机测|手测|人工测量|手工测量|自动测量|manual|machine|automatic|auto)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class QtcValue:
    """One QTc a text gives: its number, its unit ("" when none), the formula its words name
    (None when they name none), and the bound it is (`comparator`, "<" ... ">=") or whether it
    is only an estimate (VAL-QTC-BOUND)."""

    number: float
    unit: str
    formula: str | None = None
    comparator: Comparator | None = None
    estimate: bool = False


@dataclass(frozen=True, slots=True)
class QtcWords:
    """What a text says of the QTc: the values it gives; none when it names the QTc without a
    number it can be read from."""

    values: tuple[QtcValue, ...]


def formula_of(named: str, after: str = "") -> str | None:
    """The correction formula a QTc's name ("QTcF") or the words by it ("(Bazett)") name."""
    words = f"{named} {after}".lower()
    for word, formula in _FORMULA_WORDS:
        if word in words:
            return formula
    letter = _FORMULA_LETTER.search(named)
    if letter is None:
        return None
    return "Fridericia" if letter.group(1).upper() == "F" else "Bazett"


def _value(found: re.Match[str], number: int, text: str) -> QtcValue:
    bracketed = _BRACKETED_AFTER.match(text, found.end())
    formula = formula_of(found.group(0), bracketed.group(1) if bracketed else "")
    unit = (found.group(number + 1) or "").lower()
    gap = text[found.start() : found.start(number)]
    after = text[found.end() : found.end() + 3]
    comparator: Comparator | None = next(
        (sign for words, sign in _BOUNDS if words.search(gap)), None
    )
    if comparator is None and after.startswith("以上"):
        comparator = ">="
    if comparator is None and after.startswith("以下"):
        comparator = "<="
    estimate = bool(_ESTIMATE.search(gap) or after.startswith("左右"))
    return QtcValue(float(found.group(number)), unit, formula, comparator, estimate)


def without_note(value: str) -> tuple[str, str | None]:
    """A value without the bracketed word or flag a reader set after it, and the formula that
    word names: "445ms(Bazett)" -> ("445ms", "Bazett"), "462 ms (延长)" -> ("462 ms", None).
    Any other bracket stays (the value is then unreadable)."""
    flagged = _FLAG_AFTER.match(value)
    if flagged is not None:
        return flagged["value"], None
    closed = closing_bracket(value)
    if closed is None or any(character.isdigit() for character in closed[1]):
        return value, None
    bare, note = closed
    formula = formula_of("", note)
    if formula is None and not _INTERPRETATION.match(note):
        return value, None
    return bare, formula


def pair_value(value: str, title: str) -> tuple[float, str] | None:
    """The QTc of a value that is a QT/QTc pair: written with its names, or bare under a title
    that names the pair."""
    found = _PAIR.search(value)
    if found is None and _PAIR_TITLE.search(title):
        found = _BARE_PAIR.match(value)
    if found is None:
        return None
    return float(found.group(2)), (found.group(3) or "").lower()


def qtc_in_words(text: str) -> QtcWords | None:
    """The QTc values a text gives, or None when it does not name the QTc at all. A bracket
    quoting an older tracing ("较前(2026-10-20 QTc 470ms)好转") is not read."""
    if not _NAMED.search(text):
        return None
    values: list[QtcValue] = []
    text = _EARLIER.sub(lambda quoted: " " * len(quoted.group(0)), text)
    rest = text
    for found in _PAIR.finditer(text):
        values.append(_value(found, 2, text))
        rest = rest.replace(found.group(0), " " * len(found.group(0)))
    for found in _LABELLED.finditer(rest):
        values.append(_value(found, 1, rest))
    return QtcWords(tuple(dict.fromkeys(values)))


def form_gives_qtc(source: Any) -> bool:
    """VAL-QTC-TEXT: an assessment form's Observation (category `survey`: a nurse's form, a
    questionnaire's item) whose value words give the QTc with a number ("心率 78次/分，QTc 478ms
    (自查)"); a form's words naming the QTc without one ("注意QTc") give none. Read on every
    Observation: a value in words is looked for first (most Observations are numbers), the
    category next, the words only on a form."""
    text = get(source, "valueString")
    if not isinstance(text, str):
        return False
    if not any(
        get(coding, "code") == "survey"
        for category in items(source, "category")
        for coding in items(category, "coding")
    ):
        return False
    words = qtc_in_words(text)
    return words is not None and bool(words.values)
