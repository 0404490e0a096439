"""Performance status: ECOG and Karnofsky scores, newest first, readable or not.

A score is an Observation coded ECOG or Karnofsky, or such a component of an assessment panel.
How values are read, and why an unreadable newest score is kept rather than skipped: rules
VAL-STRING, VAL-NEWEST and CNV-KPS-ECOG in docs/clinical-rules.md (the KPS -> ECOG table is
`eligibility.performance_scales`).
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
from fhir_mapping.terminology import answer_table, observation_table
from fhir_mapping.value_strings import read_number

# What may follow a score in a string: a points suffix, or (for a coded answer's text) a
# description without digits ("1 - Restricted in physically strenuous activity").
_SUFFIXES = {
    "performance:ecog": frozenset({"", "分", "级"}),
    "performance:karnofsky": frozenset({"", "分", "%"}),
}
_DESCRIPTION = re.compile(r"^[-–:：]\s*\D+$")


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
    if answer is not None and scale == "performance:ecog":
        return int(answer)
    texts = list(concept.texts())
    string = get(holder, "valueString")
    if isinstance(string, str):
        texts.append(string)
    for text in texts:
        score = _from_text(text, scale)
        if score is not None:
            return score
    return None


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
    observation: Parsed, scale: str, holder: Any, when: date | None
) -> PerformanceStatus | None:
    score = _score(holder, scale)
    is_ecog = scale == "performance:ecog"
    kind = PerformanceScale.ECOG if is_ecog else PerformanceScale.KARNOFSKY
    evidence = (observation.reference,)
    if score is None:
        # A value that cannot be read is kept, so it is the newest and no older score stands in.
        text = _value_text(holder)
        if text is None:
            return None
        return PerformanceStatus(
            evidence=evidence, scale=kind, score=None, ecog=None, date=when, unreadable=text
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
