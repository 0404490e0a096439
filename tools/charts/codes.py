"""Code systems and the small FHIR data types every synthetic chart is made of.

Each system URI is defined here once, so that the scenario bundles, the benchmark charts and the
test charts cannot drift apart in how they spell LOINC or RxNorm.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeAlias

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
AJCC = "http://cancerstaging.org"
UCUM = "http://unitsofmeasure.org"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
MRN_SYSTEM = "urn:oid:1.2.36.146.595.217.0.1"

Concept: TypeAlias = dict[str, Any]  # a CodeableConcept
Quantity: TypeAlias = dict[str, Any]
# (system, code) or (system, code, display)
Coding: TypeAlias = tuple[str, str] | tuple[str, str, str]
# Dates are ISO strings (any FHIR date or dateTime) or `date`s, written as ISO dates.
DateLike: TypeAlias = str | date


def concept(text: str | None = None, *codings: Coding) -> Concept:
    """A CodeableConcept: codings first, then text (the key order of the committed bundles)."""
    result: Concept = {}
    if codings:
        result["coding"] = [_coding(*coding) for coding in codings]
    if text:
        result["text"] = text
    return result


def _coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    coding = {"system": system, "code": code}
    if display is not None:
        coding["display"] = display
    return coding


def quantity(value: float, unit: str, *, ucum: bool = True) -> Quantity:
    """A Quantity; `ucum=False` leaves out system and code, as many EHRs do."""
    if not ucum:
        return {"value": value, "unit": unit}
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def iso(day: DateLike) -> str:
    return day.isoformat() if isinstance(day, date) else day


ACTIVE = concept(None, (CONDITION_CLINICAL, "active", "Active"))
CONFIRMED = concept(None, (CONDITION_VERIFICATION, "confirmed", "Confirmed"))
PROBLEM_LIST_ITEM = concept(None, (CONDITION_CATEGORY, "problem-list-item", "Problem List Item"))
