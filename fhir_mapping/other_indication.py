"""LOT-OTHER-INDICATION (twenty-eighth session): an anticancer drug given for a disease that is not
a cancer makes no line.

Methotrexate is anticancer chemotherapy and also the rheumatologist's first drug: 7.5–25 mg by
mouth once a week for rheumatoid arthritis, psoriasis and the other autoimmune diseases. A
coordinator does not count it as a line where its record says it treats such a disease (its
`reasonReference` a Condition of one, its `reasonCode` naming one), or where it is given in that
low-dose weekly oral pattern and the chart holds such a disease. Given so with no such disease on
the chart, or for no recorded reason beside one with no dose or route recorded, it may be either:
the record is an unconfirmed one (EXP-GIVEN's), its count unknown ("Record what methotrexate …
was given for"). A dose the pattern does not fit (3 g/m² into a vein) is the cancer's, as before.
The exposure itself stays (the drug was given); only the lines leave it out.

The drugs and their diseases are `data/other_indications.csv`'s (twenty-eighth session, later):
methotrexate for the autoimmune diseases and psoriasis (银屑病), rituximab for them and for the
ANCA vasculitides. A drug whose dose tells no use apart (rituximab: 375 mg/m² weekly for a
vasculitis and a lymphoma) is read by its reason only: naming such a disease, no line; none,
beside such a disease on the chart, its line is asked; else a line, as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from eligibility.facts import (
    INDICATION_NOT_RECORDED,
    INDICATION_NOT_RECORDED_BESIDE,
    INDICATIONS_NOT_RECORDED,
    TherapyExposure,
)
from fhir_mapping.comorbidities import comorbidity_kinds
from fhir_mapping.diagnoses import usable_condition
from fhir_mapping.elements import coded, get
from fhir_mapping.intrathecal import DOSAGE_ELEMENT
from fhir_mapping.other_indication_drugs import tables, treats
from fhir_mapping.parsing import Parsed
from fhir_mapping.therapy import unconfirmed

# Once a week, also written in days (twenty-eighth session): "q7d", "every 7 days", 每7天.
_WEEKLY = re.compile(
    r"weekly|once a week|every week|per week|/\s*w(?:ee)?k|\bq\.?\s?w(?:ee)?k\b|\bqw\b|"
    r"\bq\.?\s?7\s?d(?:ays?)?\b|every\s+(?:7|seven)\s+days|"
    r"每周|每星期|每週|一周一次|周一次|每\s?7\s?天|7天一次|7天1次",
    re.IGNORECASE,
)
_ORAL = re.compile(r"\bp\.?o\.?\b|\boral(?:ly)?\b|by mouth|口服", re.IGNORECASE)
_DOSE_MG = re.compile(r"(\d+(?:\.\d+)?)\s*mg(?!\s*/\s*m)", re.IGNORECASE)
_OTHER_ROUTE = re.compile(r"\biv\b|ivgtt|静滴|静脉|intravenous|鞘|intrathecal", re.IGNORECASE)
_ORAL_ROUTE_CODE = "26643006"  # SNOMED CT Oral route
_WEEK_UNITS = {"wk"}


def with_other_indications(
    exposures: tuple[TherapyExposure, ...],
    medication_records: Sequence[tuple[str, Parsed]],
    conditions: Sequence[Parsed],
) -> tuple[TherapyExposure, ...]:
    """The exposures lines are read from: those given for a disease that is not a cancer left
    out, those that may be marked unconfirmed (`INDICATION_NOT_RECORDED`)."""
    # A cheap literal test first: most charts hold no such drug.
    drugs = tables()[0]
    if not any(e.agent in drugs and e.resolved for e in exposures):
        return exposures
    return _read(exposures, medication_records, conditions)


def not_shown_for_the_cancer(
    exposures: tuple[TherapyExposure, ...], read: tuple[TherapyExposure, ...]
) -> tuple[TherapyExposure, ...]:
    """The chart's exposures with those `with_other_indications` made unconfirmed in their
    place (a card asks what they were given for); those left out stay: the drug was given."""
    if read is exposures:
        return exposures
    asked = {e.evidence: e for e in read if e.unconfirmed_why in INDICATIONS_NOT_RECORDED}
    return tuple(asked.get(e.evidence, e) for e in exposures)


def _read(
    exposures: tuple[TherapyExposure, ...],
    medication_records: Sequence[tuple[str, Parsed]],
    conditions: Sequence[Parsed],
) -> tuple[TherapyExposure, ...]:
    drugs, ceilings = tables()
    present = [
        (condition.reference, concept, comorbidity_kinds(concept))
        for condition in conditions
        if usable_condition(condition)
        for concept in (coded(get(condition.model, "code")),)
    ]
    records = {record.reference: (kind, record.model) for kind, record in medication_records}
    kept: list[TherapyExposure] = []
    for exposure in exposures:
        agent = exposure.agent
        if agent not in drugs or not exposure.resolved or exposure.reason_cancer_type is not None:
            kept.append(exposure)
            continue
        beside = {r for r, concept, kinds in present if treats(agent, concept, kinds)}
        found = [records[r] for r in exposure.evidence if r in records]
        if _for_another_disease(exposure, found, beside):
            continue
        ceiling = ceilings.get(agent)
        if ceiling is None:
            # No dose tells the uses apart (rituximab 375 mg/m2 weekly for a vasculitis or a
            # lymphoma): beside such a disease, its line is asked; else the cancer's, as before.
            kept.append(
                unconfirmed(exposure, INDICATION_NOT_RECORDED_BESIDE) if beside else exposure
            )
            continue
        pattern = [_low_dose_weekly_oral(kind, model, ceiling) for kind, model in found]
        if found and all(p is True for p in pattern):
            if not beside:
                kept.append(unconfirmed(exposure, INDICATION_NOT_RECORDED))
            continue
        if beside and found and all(p is None for p in pattern):
            kept.append(unconfirmed(exposure, INDICATION_NOT_RECORDED_BESIDE))  # no dose or route
            continue
        kept.append(exposure)
    return tuple(kept)


def _for_another_disease(
    exposure: TherapyExposure, found: list[tuple[str, Any]], beside: set[str]
) -> bool:
    """The record's reason names a disease that is not a cancer the drug also treats: a
    Condition of one, or a code or words."""
    if any(_same(reference, beside) for reference in exposure.reason_references):
        return True
    for _, model in found:
        for reason in get(model, "reasonCode") or ():
            concept = coded(reason)
            if treats(exposure.agent, concept, comorbidity_kinds(concept)):
                return True
    return False


def _same(reference: str, conditions: set[str]) -> bool:
    ids = {c.split("/")[-1] for c in conditions}
    return reference in conditions or reference.split("/")[-1] in ids


def _low_dose_weekly_oral(kind: str, model: Any, ceiling: float) -> bool | None:
    """True: every dosage weekly, by mouth, at no more than the ceiling; False: a dosage another
    route, a higher dose or not weekly; None: no dosage says route or timing."""
    element = DOSAGE_ELEMENT.get(kind)
    dosages = get(model, element) if element is not None else None
    if dosages is None:
        return None
    if not isinstance(dosages, list | tuple):
        dosages = [dosages]
    read = [_one(dosage, ceiling) for dosage in dosages]
    if not read or all(r is None for r in read):
        return None
    return all(r is True for r in read)


def _one(dosage: Any, ceiling: float) -> bool | None:
    text = get(dosage, "text") or ""
    route = coded(get(dosage, "route"))
    route_words = " ".join(route.texts())
    words = f"{text} {route_words}"
    repeat = get(get(dosage, "timing"), "repeat")
    unit, period = get(repeat, "periodUnit"), get(repeat, "period")
    weekly = bool(_WEEKLY.search(words)) or (
        (unit in _WEEK_UNITS and period in (1, 1.0)) or (unit == "d" and period in (7, 7.0))
    )
    oral = bool(_ORAL.search(words)) or any(
        getattr(c, "code", None) == _ORAL_ROUTE_CODE for c in route.codings
    )
    if _OTHER_ROUTE.search(words):
        return False
    doses = [float(m) for m in _DOSE_MG.findall(text)]
    if not (weekly or oral or doses):
        return None
    return weekly and oral and all(d <= ceiling for d in doses) and "/m" not in text.lower()
