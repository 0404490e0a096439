"""Performance status: ECOG and Karnofsky scores, newest first, readable or not.

A score is an Observation coded ECOG or Karnofsky, or such a component of an assessment panel.
How values are read, and why an unreadable newest score is kept rather than skipped: rules
VAL-STRING, VAL-NEWEST and CNV-KPS-ECOG in docs/clinical-rules.md (the KPS -> ECOG table is
`eligibility.performance_scales`). Which scale a score is on, when its title names none or its
value names another: VAL-PS-SCALE. A score written as a range ("0-1分"): VAL-PS-RANGE; one that
names the day it was assessed ("ECOG 1 (2025-09-08)"): VAL-VALUE-DATE. A value giving a score
on each scale ("ECOG 1分，KPS 80分"): VAL-PS-BOTH. One giving an earlier score and today's
("ECOG 1 (baseline), now 3"): VAL-PS-NOW.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from eligibility.facts import PerformanceStatus
from eligibility.performance_scales import single_ecog_of_karnofsky, valid_karnofsky
from eligibility.vocabulary import PerformanceScale
from fhir_mapping.chronology import date_in_words
from fhir_mapping.elements import coded, get, items
from fhir_mapping.observations import newest_first, number, observation_date, usable
from fhir_mapping.parsing import Parsed
from fhir_mapping.terminology import CodedText, answer_table, observation_table
from fhir_mapping.value_strings import closing_bracket, read_number, read_range

# What may follow a score in a string: a points suffix, or (for a coded answer's text) a
# description without digits ("1 - Restricted in physically strenuous activity").
_SUFFIXES = {
    "performance:ecog": frozenset({"", "分", "级"}),
    "performance:karnofsky": frozenset({"", "分", "%"}),
    "performance:unspecified": frozenset({"", "分", "级"}),
}
_DESCRIPTION = re.compile(r"^[-–:：]\s*\D+$")
# VAL-PS-BOTH: where a scale's name opens a part of the value ("ECOG 1分，KPS 80分").
_SCALE_NAME = re.compile(r"\b(?:ECOG|ZPS|Zubrod|KPS|Karnofsky)\b|卡氏", re.IGNORECASE)

ECOG = "performance:ecog"
KARNOFSKY = "performance:karnofsky"
# A title that names no scale ("体力状况", "体力状况评分", "performance status").
UNSPECIFIED = "performance:unspecified"


def _from_text(text: str, scale: str) -> int | None:
    reading = read_number(text)
    if reading is None or not reading.value.is_integer():
        return None
    if reading.unit in _SUFFIXES[scale] or _DESCRIPTION.match(reading.unit):
        return int(reading.value)
    return None


def _dated_string(holder: Any) -> tuple[str | None, date | None]:
    """The valueString without a day it closes with, and that day (VAL-VALUE-DATE)."""
    string = get(holder, "valueString")
    if not isinstance(string, str):
        return None, None
    # VAL-VALUE-DATE: a day in brackets closing the value ("1分（2026年11月）").
    closed = closing_bracket(string)
    day = date_in_words(closed[1]) if closed else None
    if closed is None or day is None:
        return string, None
    return closed[0], day


def _assessed_on(holder: Any, recorded: date | None) -> date | None:
    """The day a score was assessed: the record's, or an earlier day its value names
    (VAL-VALUE-DATE: a score copied forward is as old as its assessment)."""
    _, named = _dated_string(holder)
    if named is None or (recorded is not None and named >= recorded):
        return recorded
    return named


def _value_text(holder: Any) -> str | None:
    """The value as recorded, for a reason that quotes it; None when there is no value."""
    string = get(holder, "valueString")
    if isinstance(string, str):
        return string
    quantity = get(get(holder, "valueQuantity"), "value")
    if quantity is not None:
        return str(quantity)
    concept = get(holder, "valueCodeableConcept")
    if concept is not None:
        texts = coded(concept).texts()
        return texts[0] if texts else "a code that is not a score"
    return None


def _score(holder: Any, scale: str) -> int | None:
    integer = get(holder, "valueInteger")
    if isinstance(integer, int) and not isinstance(integer, bool):
        return integer
    quantity = number(get(get(holder, "valueQuantity"), "value"))
    if quantity is not None:
        return int(quantity) if quantity.is_integer() else None
    concept = coded(get(holder, "valueCodeableConcept"))
    answer = answer_table().first(concept)
    if answer is not None and scale in (ECOG, UNSPECIFIED):  # the answers are ECOG grades
        return int(answer)
    texts = list(concept.texts())
    string, _ = _dated_string(holder)
    if string is not None:
        texts.append(string)
    for text in texts:
        score = _from_text(text, scale)
        if score is not None:
            return score
    if isinstance(string, str) and scale in (ECOG, UNSPECIFIED):
        # VAL-PS-WORDS: the scale's own words for a grade, with no number.
        said = answer_table().first(CodedText(text=string))
        if said is not None:
            return int(said)
    return None


def _range(holder: Any, scale: str) -> tuple[int, int] | None:
    """VAL-PS-RANGE: the scores a value written as a range allows ("0-1分": 0 and 1)."""
    string, _ = _dated_string(holder)
    for text in (*coded(get(holder, "valueCodeableConcept")).texts(), string):
        span = read_range(text)
        if span is not None and (span.unit in _SUFFIXES[scale] or _DESCRIPTION.match(span.unit)):
            return span.low, span.high
    return None


def _value_scale(holder: Any) -> str | None:
    """The scale a value names ("ECOG 2分", "KPS 60分"), read with the titles' own words."""
    texts = list(coded(get(holder, "valueCodeableConcept")).texts())
    string = get(holder, "valueString")
    if isinstance(string, str):
        texts.append(string)
    for text in texts:
        scale = observation_table().first(CodedText(text=text))
        if scale in (ECOG, KARNOFSKY):
            return scale
    return None


def _on_scale(title: str, holder: Any) -> tuple[str, str | None]:
    """VAL-PS-SCALE: the scale a score is on, and why it cannot be read when the record leaves
    that open. The value's own scale decides under a title that names none; a value naming the
    other scale than its title's contradicts it. Under a title naming none, a valid Karnofsky
    score from 10 is Karnofsky and 0-5 is ECOG: the two ranges meet only at 0, Karnofsky's
    "dead"."""
    named = _value_scale(holder)
    if named is not None and title != UNSPECIFIED and named != title:
        return title, "the value names another scale than its title"
    if named is not None or title != UNSPECIFIED:
        return named or title, None
    score = _score(holder, UNSPECIFIED)
    if score is None:
        span = _range(holder, UNSPECIFIED)
        if span is None:
            return ECOG, "the scale is not named"
        score = span[1]
    if score >= 10 and valid_karnofsky(score):
        return KARNOFSKY, None
    # 0-5 is ECOG; a number on neither scale is no score, as under an ECOG title.
    return ECOG, None


def _scored(holder: Any) -> str | None:
    """The scale (`performance:ecog` / `performance:karnofsky`) a code names, if any."""
    concepts = observation_table().concepts(coded(get(holder, "code")))
    return next((c for c in concepts if c.startswith("performance:")), None)


def _scores(model: Any) -> list[tuple[str, Any]]:
    """(scale, what holds the value): the Observation itself, or its performance components."""
    scale = _scored(model)
    if scale is not None:
        return [(scale, model)]
    return [(s, c) for c in items(model, "component") if (s := _scored(c)) is not None]


def _fact(
    observation: Parsed, title: str, holder: Any, when: date | None
) -> PerformanceStatus | None:
    scale, unsettled = _on_scale(title, holder)
    score = None if unsettled else _score(holder, scale)
    is_ecog = scale == ECOG
    kind = PerformanceScale.ECOG if is_ecog else PerformanceScale.KARNOFSKY
    evidence = (observation.reference,)
    when = _assessed_on(holder, when)
    span = None if unsettled or score is not None else _range(holder, scale)
    if span is not None and all(_on_its_scale(end, is_ecog) for end in span):
        # A range gives no single ECOG equivalent: the rule judges each score (VAL-PS-RANGE).
        low, high = span
        return PerformanceStatus(
            evidence=evidence, scale=kind, score=low, score_high=high, ecog=None, date=when
        )
    if score is None:
        # A value that cannot be read is kept, so it is the newest and no older score stands in.
        text = _value_text(holder)
        if text is None:
            return None
        unreadable = f"{text} ({unsettled})" if unsettled else text
        return PerformanceStatus(
            evidence=evidence, scale=kind, score=None, ecog=None, date=when, unreadable=unreadable
        )
    # Out-of-scale numbers (the -1 some systems send for "not assessed") are not scores.
    if not _on_its_scale(score, is_ecog):
        return None
    ecog = score if is_ecog else single_ecog_of_karnofsky(score)
    return PerformanceStatus(evidence=evidence, scale=kind, score=score, ecog=ecog, date=when)


def _scored_parts(holder: Any) -> list[str]:
    """VAL-PS-BOTH: the parts of a value that gives a score on each of several scales, each
    opened by its scale's name; none for any other value."""
    string = get(holder, "valueString")
    if not isinstance(string, str):
        return []
    starts = [found.start() for found in _SCALE_NAME.finditer(string)]
    if len(starts) < 2 or re.search(r"\d", string[: starts[0]]):
        return []
    ends = [*starts[1:], len(string)]
    parts = [string[a:b].strip(" ，,；;、()（）") for a, b in zip(starts, ends, strict=True)]
    # A name said twice around one score ("ECOG评分(ECOG): 1分") is one value, not two.
    return parts if all(re.search(r"\d", part) for part in parts) else []


# VAL-PS-NOW: the clause naming today's score at the end of a value that also gives an earlier
# one ("ECOG 1 (baseline), now 3", "基线1分，目前3分"): the marker opens the value or follows a
# separator (not "known", not 出现), and the clause runs to the end.
_NOW = re.compile(
    r"(?:^|[\s,;，；、(（])(?:now|currently|current|today|at present|目前|现在|现|当前|本次|此次)"
    r"\s*[:：]?\s*(?P<rest>[^,;，；(（]+?)\s*[.。)）]?\s*$",
    re.IGNORECASE,
)
_NOW_WORDS = ("now", "current", "today", "present", "目前", "现", "当前", "本次", "此次")
# VAL-PS-NOW: a change written with an arrow between scores ("ECOG 1→3", "PS 1 -> 2",
# "1分变为3分"): the score after the last arrow is today's; a bracketed marker closing it
# ("ECOG 1 → 3 (现)") only says so.
_ARROWS = ("→", "->", "⇒", "➔", "⟶", "转为", "变为", "改为")
_ARROW = re.compile("|".join(map(re.escape, _ARROWS)))
_NOW_CLOSING = re.compile(
    r"\s*[(（]\s*(?:now|currently|current|today|at present|目前|现在|现|当前|本次|此次)"
    r"\s*[)）]\s*$",
    re.IGNORECASE,
)


def _after_arrow(string: str) -> str | None:
    """VAL-PS-NOW: the score after the last arrow of a value that gives one before it, under
    the label the value opens with ("ECOG 1→3" -> "ECOG 3"); None without an arrow."""
    parts = _ARROW.split(string)
    before = "".join(parts[:-1])
    first = re.search(r"\d", before)
    if first is None:
        return None
    return before[: first.start()] + _NOW_CLOSING.sub("", parts[-1]).strip()


def _current_clause(string: str) -> str | None:
    """VAL-PS-NOW: the score a value gives for today when it gives an earlier one before it
    ("ECOG 1 (baseline), now 3" -> "3", "ECOG 1→3" -> "ECOG 3"); None for any other value."""
    if any(arrow in string for arrow in _ARROWS):
        return _after_arrow(string)
    lowered = string.lower()
    if not any(word in lowered for word in _NOW_WORDS):
        return None
    found = _NOW.search(string)
    if found is None or not re.search(r"\d", string[: found.start()]):
        return None
    return found["rest"]


# VAL-UNREADABLE: no flowsheet writes a score in more words than this; a longer value (a note
# pasted into the field, or a hostile body) is unreadable without being searched.
_LONGEST_VALUE = 2_000


def _facts(
    observation: Parsed, title: str, holder: Any, when: date | None
) -> list[PerformanceStatus]:
    string = get(holder, "valueString")
    if isinstance(string, str) and len(string) > _LONGEST_VALUE:
        kind = PerformanceScale.KARNOFSKY if title == KARNOFSKY else PerformanceScale.ECOG
        return [
            PerformanceStatus(
                evidence=(observation.reference,),
                scale=kind,
                score=None,
                ecog=None,
                date=when,
                unreadable=f"{string[:80]}… ({len(string)} characters)",
            )
        ]
    current = _current_clause(string) if isinstance(string, str) else None
    if current is not None:
        # VAL-PS-NOW: today's score decides; the earlier one the value quotes is history.
        holder = {"valueString": current}
    parts = _scored_parts(holder)
    if not parts:
        fact = _fact(observation, title, holder, when)
        return [fact] if fact is not None else []
    # Each part on the scale it names, as a value under a title naming none would be.
    read = (_fact(observation, UNSPECIFIED, {"valueString": part}, when) for part in parts)
    return [fact for fact in read if fact is not None]


def _on_its_scale(score: int, is_ecog: bool) -> bool:
    return 0 <= score <= 5 if is_ecog else valid_karnofsky(score)


def read_performance(observations: list[Parsed], as_of: date) -> tuple[PerformanceStatus, ...]:
    dated: list[tuple[date | None, int, PerformanceStatus]] = []
    for index, observation in enumerate(observations):
        if not usable(observation, as_of):
            continue
        model = observation.model
        when = observation_date(model)
        # Every score of a panel, whatever their order: the same day's scores are judged
        # together (VAL-SAME-DAY).
        for scale, holder in _scores(model):
            facts = _facts(observation, scale, holder, when)
            # By the day it was assessed, which a copied-forward score names (VAL-VALUE-DATE).
            dated.extend((fact.date, index, fact) for fact in facts)
    return tuple(newest_first(dated))
