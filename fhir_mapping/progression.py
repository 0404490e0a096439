"""Documented disease progression (LOT-PROGRESSION): an assessment Observation (LOINC 97509-4
"Cancer disease progression", or a response evaluation such as 疗效评价) whose value says the
disease progressed (SNOMED CT 271299001 "worsened", RECIST "PD", 疾病进展), dated, and about the
cancer its `focus` names. An assessment saying stable, improved or "no progression" is not one.
"""

from __future__ import annotations

import re
from datetime import date

from eligibility.facts import DiseaseProgression
from fhir_mapping.elements import coded, concepts_of, get, items
from fhir_mapping.observations import observation_date, usable
from fhir_mapping.parsing import Parsed
from fhir_mapping.terminology import observation_table

SNOMED = "http://snomed.info/sct"
WORSENED = "271299001"  # Patient's condition worsened (finding), the mCODE value for progression
_PROGRESSED = re.compile(r"(?<![a-z])pd(?![a-z])|progress|worsen|进展|恶化", re.IGNORECASE)
_NOT_PROGRESSED = re.compile(
    r"\b(no|not|without|non)\b[^.;,]*progress|non-?progress|stable|improv|无进展|未见[^。；，]*进展"
    r"|未进展|非进展|稳定|缓解",
    re.IGNORECASE,
)


def _progressed(model: object) -> bool:
    value = get(model, "valueCodeableConcept")
    concept = coded(value)
    if any(c.system == SNOMED and c.code == WORSENED for c in concept.codings):
        return True
    texts = list(concept.texts())
    value_string = get(model, "valueString")
    if isinstance(value_string, str):
        texts.append(value_string)
    return any(_PROGRESSED.search(t) and not _NOT_PROGRESSED.search(t) for t in texts)


def read_progressions(observations: list[Parsed], as_of: date) -> tuple[DiseaseProgression, ...]:
    table = observation_table()
    found = []
    for observation in observations:
        model = observation.model
        if "progression" not in concepts_of(table, get(model, "code")):
            continue
        when = observation_date(model)
        if when is None or not usable(observation, as_of) or not _progressed(model):
            continue  # an undated progression cannot order lines
        focus = next(
            (
                r
                for f in items(model, "focus")
                if isinstance(r := get(f, "reference"), str) and r.startswith("Condition/")
            ),
            None,
        )
        value = get(model, "valueString")
        text = value if isinstance(value, str) else coded(get(model, "valueCodeableConcept")).text
        found.append(
            DiseaseProgression(
                evidence=(observation.reference,), date=when, condition=focus, text=text
            )
        )
    found.sort(key=lambda p: p.date)
    return tuple(found)
