"""Cancer diagnoses from Condition resources, placed on the cancer-type taxonomy.

A Condition is a cancer diagnosis when its codes (ICD-10-CM / ICD-10 / ICD-O-3 topography by
site chapter, SNOMED CT rows of `data/cancer_concepts.csv`) or its text (English and Chinese
names) name a cancer. Text alone counts only when it also says the condition is malignant
("carcinoma", "cancer", "malignant", "癌", ...), so "breast pain" is not breast cancer.

Which node, when codes disagree: verified code rows first, then text, then unverified code rows;
if another candidate is a descendant of the chosen node (C34 "lung" + text "non-small cell"),
the most specific one wins.

Suspected cancers, screening, family history and "history of" Conditions are not diagnoses.

Secondary malignancies (ICD-10-CM C77–C79, C7B, "secondary ... of", "metastasis to ...") are not
primary diagnoses; they are returned separately for the metastatic status (staging) and brain
metastases (comorbidities). Conditions whose verificationStatus is `refuted` or
`entered-in-error` are ignored altogether; other statuses are recorded as given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from eligibility.codes import Code
from eligibility.facts import DISOWNED_VERIFICATION, CancerDiagnosis
from eligibility.taxonomy import default_taxonomy
from fhir_mapping.chronology import period_bounds, to_date
from fhir_mapping.elements import coded, get, status_code
from fhir_mapping.parsing import Parsed
from fhir_mapping.terminology import TEXT, cancer_concepts

INACTIVE_CLINICAL = frozenset({"inactive", "remission", "resolved"})
SECONDARY_KINDS = frozenset({"secondary", "secondary_regional_nodes", "secondary_brain"})
# Not a diagnosis of the patient's cancer: suspicion, screening, family history. A personal
# "history of" is a prior malignancy (comorbidities), not a current diagnosis.
_NOT_A_DIAGNOSIS = re.compile(
    r"suspect|\brule out\b|\br/o\b|screening|family history|history of|疑似|家族史", re.IGNORECASE
)
_METASTATIC_PRIMARY = re.compile(r"\bmetastatic\b|转移", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SecondaryMalignancy:
    reference: str
    kind: str  # secondary | secondary_regional_nodes | secondary_brain
    onset: date | None
    active: bool


@dataclass(frozen=True, slots=True)
class DiagnosisReading:
    diagnoses: tuple[CancerDiagnosis, ...]
    secondaries: tuple[SecondaryMalignancy, ...]
    metastatic_text: tuple[str, ...]  # primary diagnoses described as metastatic
    cancer_type_by_condition: dict[str, str | None]  # every primary diagnosis Condition


def usable_condition(condition: Parsed) -> bool:
    return status_code(get(condition.model, "verificationStatus")) not in DISOWNED_VERIFICATION


def condition_onset(condition: Parsed) -> date | None:
    model = condition.model
    onset = to_date(get(model, "onsetDateTime"))
    if onset is None:
        onset = period_bounds(get(model, "onsetPeriod"))[0]
    return onset


def abatement_dates(conditions: list[Parsed]) -> dict[str, date]:
    """When each abated Condition abated (LOT-CANCER: therapy after it is not for it)."""
    found = {}
    for condition in conditions:
        model = condition.model
        abated = to_date(get(model, "abatementDateTime"))
        if abated is None:
            abated = period_bounds(get(model, "abatementPeriod"))[1]
        if abated is not None:
            found[condition.reference] = abated
    return found


def condition_active(condition: Parsed) -> bool:
    return status_code(get(condition.model, "clinicalStatus")) not in INACTIVE_CLINICAL


def most_specific(candidates: Sequence[str]) -> str | None:
    taxonomy = default_taxonomy()
    nodes = [c for c in candidates if c in taxonomy]
    if not nodes:
        return None
    chosen = nodes[0]
    for other in nodes[1:]:
        if other != chosen and taxonomy.is_a(other, chosen):
            chosen = other
    return chosen


def read_diagnoses(conditions: list[Parsed]) -> DiagnosisReading:
    diagnoses: list[CancerDiagnosis] = []
    secondaries: list[SecondaryMalignancy] = []
    metastatic_text: list[str] = []
    by_condition: dict[str, str | None] = {}
    for condition in conditions:
        if not usable_condition(condition):
            continue
        model = condition.model
        concept = coded(get(model, "code"))
        if any(_NOT_A_DIAGNOSIS.search(text) for text in concept.texts()):
            continue
        candidates = cancer_concepts(concept)
        if not candidates:
            continue
        onset = condition_onset(condition)
        kind = next((c for c in candidates if c in SECONDARY_KINDS), None)
        # An ICD code for a primary site outranks a "metastatic" word in the text; a secondary
        # code (C77-C79) or a text that only names a secondary site makes it a secondary.
        if kind is not None and candidates[0] in SECONDARY_KINDS:
            secondaries.append(
                SecondaryMalignancy(condition.reference, kind, onset, condition_active(condition))
            )
            continue
        node = most_specific(candidates)
        codes = tuple(
            Code(system=c.system, code=c.code)
            for c in concept.codings
            if c.system and c.system != TEXT
        )
        diagnosis = CancerDiagnosis(
            evidence=(condition.reference,),
            cancer_type=node,
            codes=codes,
            text=concept.text or next(iter(concept.texts()), None),
            onset=onset,
            recorded=to_date(get(model, "recordedDate")),
            clinical_status=status_code(get(model, "clinicalStatus")),
            verification_status=status_code(get(model, "verificationStatus")),
        )
        diagnoses.append(diagnosis)
        by_condition[condition.reference] = node
        if any(_METASTATIC_PRIMARY.search(text) for text in concept.texts()):
            metastatic_text.append(condition.reference)
    return DiagnosisReading(
        tuple(diagnoses), tuple(secondaries), tuple(metastatic_text), by_condition
    )
