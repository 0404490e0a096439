"""Performance status: ECOG and Karnofsky scores, newest first, readable or not.

A score is an Observation coded ECOG or Karnofsky, or such a component of an assessment panel.
How values are read, and why an unreadable newest score is kept rather than skipped: rules
VAL-STRING, VAL-NEWEST and CNV-KPS-ECOG in docs/clinical-rules.md (the KPS -> ECOG table is
`eligibility.performance_scales`). Which scale a score is on, when its title names none or its
value names another: VAL-PS-SCALE.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from eligibility.facts import PerformanceStatus
from eligibility.performance_scales import single_ecog_of_karnofsky, valid_karnofsky
from eligibility.vocabulary import PerformanceScale
from fhir_mapping.elements import coded, get, items
from fhir_mapping.observations import newest_first, number, observation_date, usable
from fhir_mapping.parsing import Parsed
from fhir_mapping.terminology import CodedText, answer_table, observation_table
from fhir_mapping.value_strings import read_number

# What may follow a score in a string: a points suffix, or (for a coded answer's text) a
# description without digits ("1 - Restricted in physically strenuous activity").
_SUFFIXES = {
    "performance:ecog": frozenset({"", "分", "级"}),
    "performance:karnofsky": frozenset({"", "分", "%"}),
    "performance:unspecified": frozenset({"", "分", "级"}),
}
_DESCRIPTION = re.compile(r"^[-–:：]\s*\D+$")

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
    string = get(holder, "valueString")
    if isinstance(string, str):
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
        return ECOG, "the scale is not named"
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
    if is_ecog:
        if not 0 <= score <= 5:
            return None
        return PerformanceStatus(evidence=evidence, scale=kind, score=score, ecog=score, date=when)
    if not valid_karnofsky(score):
        return None
    ecog = single_ecog_of_karnofsky(score)
    return PerformanceStatus(evidence=evidence, scale=kind, score=score, ecog=ecog, date=when)


def read_performance(observations: list[Parsed], as_of: date) -> tuple[PerformanceStatus, ...]:
    dated: list[tuple[date | None, int, PerformanceStatus]] = []
    for index, observation in enumerate(observations):
        if not usable(observation, as_of):
            continue
        model = observation.model
        when = observation_date(model)
        for scale, holder in _scores(model):
            fact = _fact(observation, scale, holder, when)
            if fact is not None:
                dated.append((when, index, fact))
                break
    return tuple(newest_first(dated))
