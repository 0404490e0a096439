"""The QTc interval limit, for both sexes or per sex."""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import Literal

from eligibility.criteria import (
    Comparator,
    Criterion,
    QTcCriterion,
)
from eligibility.ctgov.numbers import negate
from eligibility.ctgov.readers.reading import HEDGES, Reading, limit_unless

_I = re.IGNORECASE

_QTC = re.compile(r"\bQTc[FB]?\b|\bQT[cC]?\s*interval\b|\bcorrected QT\b|\bQT\s*\(QTc[FB]?\)", _I)
_MS_VALUE = re.compile(
    r"(?:(?P<le>≤|<=|=<)|(?P<ge>≥|>=|=>)|(?P<lt><|less than|below)|"
    r"(?P<gt>>|greater than|more than|longer than|above|exceeding|exceeds|over))\s*"
    r"(?P<value>\d{3})\s*(?:msec|milliseconds?|ms)?",
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
# CT-QTC-ECGS: a limit on more than one ECG. "Repeated" first: "repeated demonstration ... on
# the triplicate ECGs" asks for the QTc over the limit on more than one of them, not their mean.
_REPEATED = re.compile(
    r"\brepeated(?:ly)?\b|\b(?:2|two) or more (?:time[- ]?points|ECGs|electrocardiograms|"
    r"occasions|readings|measurements)|\bat least (?:2|two) (?:time[- ]?points|ECGs|"
    r"electrocardiograms|occasions|readings|measurements)|\bon (?:2|two) (?:separate )?"
    r"(?:occasions|ECGs|electrocardiograms)",
    _I,
)
_MEAN = re.compile(
    r"\b(?:mean|average[ds]?|averaging)\b|\btriplicate\b|\b(?:three|3) (?:consecutive|serial|"
    r"separate) (?:ECGs|electrocardiograms)",
    _I,
)
# The words naming the ECGs after the phrase ("... triplicate 12-lead electrocardiogram (ECG)",
# "... triplicate readings"): read with it, they leave nothing over (CT-LEFTOVER-CONDITION).
_ECG_WORDS = re.compile(
    r"(?:[\s,]+(?:of|the|screening|baseline|resting|12-lead|ECGs?|electrocardiograms?|\(ECGs?\)|"
    r"readings?|records?|tracings?|within|a|24-hour|period))*",
    _I,
)
# Words that join the limit to the ECGs it is on ("> 470 msec on 2 or more time points", "(males)
# based on average of ..."): the span read reaches over them to the ECGs, never over anything
# else (a condition named between is another exclusion, CT-LEFTOVER-CONDITION).
_JOINING = re.compile(
    r"[\s()\[\],]*(?:(?:based|on|from|obtained|of|the|an?|using|in|at|as|by|measured|"
    r"calculated)[\s()\[\],]+)*",
    _I,
)
_SENTENCE_END = re.compile(r"[.;](?:\s|$)")
# VAL-QTC-FORMULAS: the correction formula the limit's sentence names ("QTcF", "Fridericia's
# correction", misspelt "Fredericia"; "QTcB", "Bazett").
_FRIDERICIA = re.compile(r"\bQTcF\b|\bFri?e?dericia", _I)
_BAZETT = re.compile(r"\bQTcB\b|\bBazett", _I)
_MALE = re.compile(r"\b(?:males?|men)\b", _I)
_FEMALE = re.compile(r"\b(?:females?|women)\b", _I)


# CT-QT-EXCEPTION: patients the limit does not hold for, named after it — a sentence of their
# own ("NOTE: This criterion does not apply to patients with a complete or incomplete right or
# left bundle branch block.") or the end of the limit's sentence ("> 470 msec in patients
# without pacemaker."). Who they are is a condition (no number, no hedge, no other patients).
_WHO = r"(?:patients|participants|subjects)"
_EXEMPTION = re.compile(
    rf"(?:(?<=[.;])|(?<=[.;]\s))\s*(?:NOTE\s*:\s*)?This criterion does not apply to {_WHO} with "
    rf"(?P<having>[^.;\d]{{3,100}}?)\s*(?:[.;]|$)|"
    rf"\s+in {_WHO} without (?P<without>(?:an?\s+)?(?:[a-z-]+\s+){{0,4}}?"
    r"(?:pacemakers?|bundle branch block))\s*(?:[.;]|$)",
    _I,
)
_EXEMPTION_BLOCKED = re.compile(r"\b(?:if|unless|only|investigator|discretion|cohort)\b", _I)


def _exemption(text: str) -> tuple[str, str | None]:
    """The text with the exemption after the limit blanked out (same length), and who is
    exempt; the text unchanged and None when there is none (CT-QT-EXCEPTION)."""
    first = _QTC.search(text)
    found = _EXEMPTION.search(text, first.end()) if first else None
    if found is None:
        return text, None
    having = found.group("having") or found.group("without")
    if _EXEMPTION_BLOCKED.search(having):
        return text, None
    blanked = text[: found.start()] + " " * (found.end() - found.start()) + text[found.end() :]
    return blanked, f"patients with {having.strip()}"


def read_qtc(reading: Reading) -> None:
    """The QTc limit; with an exemption (CT-QT-EXCEPTION) "any of (the limit, the exemption)",
    so a QTc over the limit is unknown, never not met, and the item stays for review."""
    text, exempt = _exemption(reading.text)
    found = len(reading.found)
    _read_limit(reading, text)
    if exempt is None:
        return
    reading.unsure.add("qtc_exception")
    if len(reading.found) > found:
        limit = reading.found[-1]
        reading.found[-1] = replace(
            limit,
            build=functools.partial(
                limit_unless, limit.build, exempt, reading.text, note="Exempt from the QTc limit"
            ),
        )


def _read_limit(reading: Reading, text: str) -> None:
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

    ecgs, (ecgs_start, ecgs_end) = _ecgs(text, window_start, window_start + read_to)
    formula = _formula(text, _sentence(text, window_start, window_start + read_to))

    def build(cid: str) -> Criterion:
        label = (
            f"QTc ≤ {male:g} ms"
            if male == female
            else f"QTc ≤ {male:g} ms (men), ≤ {female:g} ms (women)"
        )
        label += {"one": "", "mean": " (mean of several ECGs)", "repeated": " (on repeated ECGs)"}[
            ecgs
        ]
        return QTcCriterion(
            id=cid,
            label=label,
            max_ms_male=male,
            max_ms_female=female,
            ecgs=ecgs,
            formula=formula,
            source_text=text,
        )

    # The words read end with the last limit (and the sex named after it), or with the ECGs the
    # limit is on: a condition named after them is another exclusion ("QTc > 470 ms or active
    # infection").
    end = window_start + max(read_to, _sex_word_end(window))
    if _JOINING.fullmatch(text, end, max(end, ecgs_start)):
        end = max(end, ecgs_end)
    reading.add("qtc", build, (window_start, end))


def _ecgs(
    text: str, start: int, end: int
) -> tuple[Literal["one", "mean", "repeated"], tuple[int, int]]:
    """CT-QTC-ECGS: what the limit is on — one ECG, the mean of several, or repeated ECGs — and
    where the words saying so are ((0, 0) when none do). Only the sentence of the limit (`start` to
    `end`) says it: a mean named in another sentence of the item is another measure's."""
    sentence = _sentence(text, start, end)
    kind: Literal["one", "mean", "repeated"] = "repeated"
    found = _REPEATED.search(text, *sentence)
    if found is None:
        kind, found = "mean", _MEAN.search(text, *sentence)
    if found is None:
        return "one", (0, 0)
    words = _ECG_WORDS.match(text, found.end())
    return kind, (found.start(), words.end() if words else found.end())


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence ("." or ";") holding `start` to `end`."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return before[-1] if before else 0, after.start() if after else len(text)


def _formula(text: str, sentence: tuple[int, int]) -> Literal["Fridericia", "Bazett"] | None:
    """VAL-QTC-FORMULAS: the formula the limit's sentence names; None when it names none or
    both ("according to Fridericia's formula (QTcB)": which is meant is not said)."""
    fridericia = _FRIDERICIA.search(text, *sentence) is not None
    bazett = _BAZETT.search(text, *sentence) is not None
    if fridericia == bazett:
        return None
    return "Fridericia" if fridericia else "Bazett"


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
