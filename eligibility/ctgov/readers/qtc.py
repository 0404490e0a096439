"""The QTc interval limit, for both sexes or per sex."""

from __future__ import annotations

import re

from eligibility.criteria import Comparator, Criterion, QTcCriterion
from eligibility.ctgov.numbers import negate
from eligibility.ctgov.readers.reading import HEDGES, Reading

_I = re.IGNORECASE

_QTC = re.compile(r"\bQTc[FB]?\b|\bQT[cC]?\s*interval\b|\bcorrected QT\b|\bQT\s*\(QTc[FB]?\)", _I)
_MS_VALUE = re.compile(
    r"(?:(?P<le>≤|<=|=<)|(?P<ge>≥|>=|=>)|(?P<lt><|less than|below)|"
    r"(?P<gt>>|greater than|more than|longer than|above|exceeding|exceeds|over))\s*"
    r"(?P<value>\d{3})\s*(?:ms|msec|milliseconds?)?",
    _I,
)
# CT-QT-UNCORRECTED: what says the interval is corrected for heart rate.
_CORRECTED = re.compile(r"QTc|corrected|Fridericia|Fredericia|Bazett|heart[- ]rate", _I)
# CT-QT-METHOD: a bracketed note on how the ECG is read ("(machine or manual read allowed)")
# allows a way of measuring, not patients: it is no hedge on the limit.
_METHOD_ASIDE = re.compile(
    r"\([^()]*\b(?:machine|manual|automated|computer|central|local)\b[^()]*"
    r"\b(?:read|reads|reading|readings|measurement)\b[^()]*\)",
    _I,
)
_MALE = re.compile(r"\b(?:males?|men)\b", _I)
_FEMALE = re.compile(r"\b(?:females?|women)\b", _I)


def read_qtc(reading: Reading) -> None:
    text = reading.text
    mentions = list(_QTC.finditer(text))
    if not mentions:
        return
    match = _limited(text, mentions)
    if match is None:
        reading.unsure.add("qtc")
        return
    window_start = match.start()
    window = text[window_start : window_start + 160]
    limits: list[tuple[int, float]] = []  # (position, allowed maximum)
    read_to = 0  # the end, in the window, of the words read (CT-LEFTOVER-CONDITION)
    for value_match in _MS_VALUE.finditer(window):
        value = float(value_match.group("value"))
        if not 300 <= value <= 700:
            continue
        written: Comparator = (
            "<="
            if value_match.group("le")
            else ">="
            if value_match.group("ge")
            else "<"
            if value_match.group("lt")
            else ">"
        )
        op = negate(written) if reading.excludes else written
        if op not in {"<=", "<"}:
            reading.unsure.add("qtc")
            return
        limits.append((value_match.start(), value if op == "<=" else value - 1))
        read_to = value_match.end()
    if (
        not limits
        or len(limits) > 2
        or HEDGES.search(_METHOD_ASIDE.sub(" ", text))
        or re.search(
            r"\bonly\b|\bif\b|to be treated|receiving|treated with|\bfor (?:patients|participants|"
            r"subjects)\b|\bin (?:patients|participants|subjects)\b|\bappl(?:y|ies)\b",
            text,
            _I,
        )
    ):
        reading.unsure.add("qtc")
        return
    if len(limits) == 1:
        male = female = limits[0][1]
    else:
        by_sex = _by_sex(limits, window)
        if by_sex is None:
            reading.unsure.add("qtc")
            return
        male, female, named_to = by_sex
        read_to = max(read_to, named_to)

    def build(cid: str) -> Criterion:
        label = (
            f"QTc ≤ {male:g} ms"
            if male == female
            else f"QTc ≤ {male:g} ms (men), ≤ {female:g} ms (women)"
        )
        return QTcCriterion(
            id=cid, label=label, max_ms_male=male, max_ms_female=female, source_text=text
        )

    # The words read end with the last limit (and the sex named after it): a condition named
    # after them is another exclusion ("QTc > 470 ms or active infection").
    reading.add("qtc", build, (window_start, window_start + max(read_to, _sex_word_end(window))))


def _by_sex(limits: list[tuple[int, float]], window: str) -> tuple[float, float, int] | None:
    """Two limits, one per sex: (men's, women's, the end of the sex words read after a limit);
    None when the sexes are not each given one."""
    words = sorted(
        [(m.start(), "male") for m in _MALE.finditer(window)]
        + [(m.start(), "female") for m in _FEMALE.finditer(window)]
    )
    assigned: dict[str, float] = {}
    read_to = 0
    for position, limit in limits:
        # "> 450 ms for males" names the sex after the value; "males: > 450 ms" before it.
        after = [(start, sex) for start, sex in words if position < start <= position + 35]
        before = [sex for start, sex in words if start < position]
        sex = after[0][1] if after else before[-1] if before else None
        if after:
            read_to = max(read_to, after[0][0] + len(after[0][1]))
        if sex is None:
            return None
        assigned[sex] = limit
    if len(assigned) != 2:
        return None
    return assigned["male"], assigned["female"], read_to


def _limited(text: str, mentions: list[re.Match[str]]) -> re.Match[str] | None:
    """The mention the limit follows: "prolongation of QT/QTc interval. ... defined as ... QTcF >
    450 ms in males" states it after a later mention. None for a limit on the QT uncorrected for
    heart rate ("QT interval > 470 msec", CT-QT-UNCORRECTED): it is not the QTc the chart
    records, and the two part either way with the heart rate."""
    first_value = _MS_VALUE.search(text, mentions[0].start())
    if first_value is not None and not _CORRECTED.search(text, 0, first_value.start()):
        return None
    before_value = [m for m in mentions if first_value is None or m.start() < first_value.start()]
    return before_value[-1] if before_value else mentions[0]


def _sex_word_end(window: str) -> int:
    """The end of a sex word right after the limits ("..., 470 ms in women"), else 0."""
    found = [m.end() for m in (*_MALE.finditer(window), *_FEMALE.finditer(window))]
    return max(found, default=0)
