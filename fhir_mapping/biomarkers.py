"""Tumour biomarkers: PD-L1 (TPS / CPS), EBV DNA, ER, PR, HER2, MSI / MMR, TMB.

Recognised by code or name (`data/observation_concepts.csv`, concepts `biomarker:<name>`).
The latest usable result per biomarker name is kept (newest first overall). The value:
- a Quantity -> `value_number` and `unit` as recorded (PD-L1 %, EBV DNA copies/mL);
- a coded or string value -> `value_text`, and `positive` when it says so: "positive", "present",
  "detected", "阳性" -> True; "negative", "absent", "not detected", "阴性" -> False (negative
  words are checked first, since "not detected" contains "detected"); the SNOMED / LOINC answer
  codes for positive and negative seen in mCODE data are read too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from eligibility.facts import Biomarker
from fhir_mapping.elements import coded, get
from fhir_mapping.observations import (
    Candidate,
    latest_per_key,
    newest_first,
    number,
    observation_date,
    usable,
)
from fhir_mapping.parsing import Parsed
from fhir_mapping.terminology import CodedText, observation_table

_NEGATIVE = re.compile(r"negative|absent|not detected|undetect|阴性|未检出", re.IGNORECASE)
_POSITIVE = re.compile(r"positive|present|detected|阳性|检出", re.IGNORECASE)
# Answer codes with the meaning their displays give in the mCODE fixtures (unverified, so the
# display/text words above decide too).
_ANSWERS = {"10828004": True, "260385009": False, "LA6576-8": True, "LA6577-6": False}


def _positive(concept: CodedText) -> bool | None:
    for coding in concept.codings:
        if coding.code in _ANSWERS:
            return _ANSWERS[coding.code]
    for text in concept.texts():
        if _NEGATIVE.search(text):
            return False
        if _POSITIVE.search(text):
            return True
    return None


def _result(model: Any) -> tuple[str | None, float | None, str | None, bool | None] | None:
    quantity = get(model, "valueQuantity")
    value = number(get(quantity, "value"))
    if value is not None:
        unit = get(quantity, "unit") or get(quantity, "code")
        return None, value, unit if isinstance(unit, str) else None, None
    concept = coded(get(model, "valueCodeableConcept"))
    string = get(model, "valueString")
    if isinstance(string, str):
        concept = concept + CodedText(text=string)
    texts = concept.texts()
    if not texts and not concept.codings:
        return None
    return (texts[0] if texts else None), None, None, _positive(concept)


def _name(concepts: tuple[str, ...]) -> str | None:
    return next(
        (c.removeprefix("biomarker:") for c in concepts if c.startswith("biomarker:")), None
    )


def _biomarker(observation: Parsed, as_of: date) -> Biomarker | None:
    if not usable(observation, as_of):
        return None
    model = observation.model
    name = _name(observation_table().concepts(coded(get(model, "code"))))
    if name is None:
        return None
    result = _result(model)
    if result is None:
        return None
    value_text, value_number, unit, positive = result
    return Biomarker(
        evidence=(observation.reference,),
        name=name,
        value_text=value_text,
        value_number=value_number,
        unit=unit,
        positive=positive,
        date=observation_date(model),
    )


def read_biomarkers(observations: Sequence[Candidate], as_of: date) -> tuple[Biomarker, ...]:
    latest = latest_per_key(
        observations, lambda seen: _name(seen.concepts), lambda o: _biomarker(o, as_of)
    )
    # Newest first overall; equal dates in the order the biomarkers first appear.
    return tuple(newest_first([(b.date, position, b) for position, b in latest]))
