"""Performance status: ECOG and Karnofsky scores, with KPS mapped to ECOG.

ECOG (LOINC 89247-1): valueInteger, an integer-valued valueQuantity, a LOINC answer code
LA9622-7 … LA9627-6 (ECOG 0 … 5), or a value whose text starts with the grade ("1 - Restricted
in physically strenuous activity"). Karnofsky (LOINC 89243-0): an integer 0–100 in steps of 10.

Out-of-range values (ECOG outside 0–5, e.g. the -1 some systems use for "not assessed"; KPS
outside 0–100 or not a multiple of 10) and Observations without a value are ignored, so they are
never taken as the latest score.

KPS -> ECOG (the conventional correspondence, e.g. Oken 1982 / Buccheri 1996):
    100      -> 0
    80–90    -> 1
    60–70    -> 2
    40–50    -> 3
    10–30    -> 4
    0        -> 5 (dead)
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from eligibility.facts import PerformanceStatus
from eligibility.vocabulary import PerformanceScale
from fhir_mapping.elements import coded, get
from fhir_mapping.observations import newest_first, number, observation_date, usable
from fhir_mapping.parsing import Parsed
from fhir_mapping.terminology import answer_table, observation_table

_LEADING_NUMBER = re.compile(r"^\s*(?:ecog|kps|karnofsky)?\s*[:=]?\s*(\d{1,3})\b", re.IGNORECASE)


def kps_to_ecog(kps: int) -> int:
    if kps >= 100:
        return 0
    if kps >= 80:
        return 1
    if kps >= 60:
        return 2
    if kps >= 40:
        return 3
    if kps >= 10:
        return 4
    return 5


def _score(model: Any) -> int | None:
    integer = get(model, "valueInteger")
    if isinstance(integer, int) and not isinstance(integer, bool):
        return integer
    quantity = number(get(get(model, "valueQuantity"), "value"))
    if quantity is not None:
        return int(quantity) if quantity.is_integer() else None
    concept = coded(get(model, "valueCodeableConcept"))
    answer = answer_table().first(concept)
    if answer is not None:
        return int(answer)
    texts = list(concept.texts())
    string = get(model, "valueString")
    if isinstance(string, str):
        texts.append(string)
    for text in texts:
        match = _LEADING_NUMBER.match(text)
        if match:
            return int(match.group(1))
    return None


def read_performance(observations: list[Parsed], as_of: date) -> tuple[PerformanceStatus, ...]:
    dated: list[tuple[date | None, int, PerformanceStatus]] = []
    for index, observation in enumerate(observations):
        if not usable(observation, as_of):
            continue
        model = observation.model
        concepts = observation_table().concepts(coded(get(model, "code")))
        scale = next((c for c in concepts if c.startswith("performance:")), None)
        if scale is None:
            continue
        score = _score(model)
        if score is None:
            continue
        when = observation_date(model)
        if scale == "performance:ecog":
            if not 0 <= score <= 5:
                continue
            fact = PerformanceStatus(
                evidence=(observation.reference,),
                scale=PerformanceScale.ECOG,
                score=score,
                ecog=score,
                date=when,
            )
        else:
            if not 0 <= score <= 100 or score % 10:
                continue
            fact = PerformanceStatus(
                evidence=(observation.reference,),
                scale=PerformanceScale.KARNOFSKY,
                score=score,
                ecog=kps_to_ecog(score),
                date=when,
            )
        dated.append((when, index, fact))
    return tuple(newest_first(dated))
