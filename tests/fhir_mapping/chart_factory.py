"""A deterministic ~300-resource chart shaped like a real oncology patient's (issue 7's W1):
Patient, 15 Conditions, 150 Observations (mostly vitals), 120 medication records from 6 chemo
cycles and many other drugs, 15 Procedures. `RELEVANT` is how many of them the mapper needs."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

LOINC = "http://loinc.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
PATIENT = "w1-patient"
SUBJECT = {"reference": f"Patient/{PATIENT}"}
START = date(2026, 3, 2)

OTHER_CONDITIONS = (
    ("I10", "Essential hypertension"),
    ("E11.9", "Type 2 diabetes mellitus without complications"),
    ("E78.5", "Hyperlipidemia"),
    ("K21.9", "Gastro-oesophageal reflux disease"),
    ("M54.5", "Low back pain"),
    ("J30.9", "Allergic rhinitis"),
    ("F41.1", "Generalized anxiety disorder"),
    ("D64.9", "Anaemia"),
    ("R11.0", "Nausea"),
    ("K59.00", "Constipation"),
    ("G47.00", "Insomnia"),
    ("E03.9", "Hypothyroidism"),
    ("R53.83", "Fatigue"),
)
VITALS = (
    ("8867-4", "Heart rate", "/min"),
    ("8480-6", "Systolic blood pressure", "mm[Hg]"),
    ("8462-4", "Diastolic blood pressure", "mm[Hg]"),
    ("8310-5", "Body temperature", "Cel"),
    ("29463-7", "Body weight", "kg"),
    ("9279-1", "Respiratory rate", "/min"),
)
LABS = (
    ("718-7", "Hemoglobin", 118, "g/L"),
    ("751-8", "Neutrophils", 2.9, "10*9/L"),
    ("777-3", "Platelets", 190, "10*3/uL"),
    ("2160-0", "Creatinine", 75, "umol/L"),
)
OTHER_DRUGS = (
    "omeprazole",
    "paracetamol",
    "metformin",
    "amlodipine",
    "atorvastatin",
    "lorazepam",
    "senna",
    "levothyroxine",
    "zolpidem",
    "ibuprofen",
    "loratadine",
    "cetirizine",
    "lactulose",
    "metoclopramide",
    "tramadol",
)
# 1 Patient + 2 cancer Conditions + 20 labs + 5 ECOG + 4 staging + 1 QTc Observations
# + 18 chemo + 12 supportive medication records + 3 radiotherapy Procedures
RELEVANT = 1 + 2 + 20 + 5 + 4 + 1 + 18 + 12 + 3


def _day(offset: int) -> str:
    return (START + timedelta(days=offset)).isoformat()


def chart() -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = [
        {"resourceType": "Patient", "id": PATIENT, "gender": "female", "birthDate": "1969-04-04"}
    ]
    counter = iter(range(10_000))

    def add(resource: dict[str, Any]) -> None:
        resource["id"] = f"w1-{resource['resourceType'].lower()}-{next(counter)}"
        resource.setdefault("subject", SUBJECT)
        resources.append(resource)

    def condition(code: str, text: str) -> None:
        coding = {"system": ICD10CM, "code": code, "display": text}
        add({"resourceType": "Condition", "code": {"coding": [coding], "text": text}})

    def observation(code: str, text: str, when: str, **value: Any) -> None:
        coding = {"system": LOINC, "code": code, "display": text}
        add(
            {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": [coding]},
                "effectiveDateTime": when,
                **value,
            }
        )

    condition("C11.9", "Nasopharyngeal carcinoma")
    condition("C79.51", "Secondary malignant neoplasm of bone")
    for code, text in OTHER_CONDITIONS:
        condition(code, text)
    for index in range(120):
        code, text, unit = VITALS[index % len(VITALS)]
        observation(code, text, _day(index), valueQuantity={"value": 70 + index % 9, "unit": unit})
    for index in range(20):
        code, text, value, unit = LABS[index % len(LABS)]
        observation(code, text, _day(index * 7), valueQuantity={"value": value, "unit": unit})
    for index in range(5):
        observation("89247-1", "ECOG", _day(index * 30), valueInteger=1)
    for code, value in (
        ("21905-5", "cT3"),
        ("21906-3", "cN1"),
        ("21907-1", "cM1"),
        ("21908-9", "4B"),
    ):
        cc = {"coding": [{"system": "http://cancerstaging.org", "code": value}]}
        observation(code, "TNM", _day(0), valueCodeableConcept=cc)
    observation("8636-3", "QTc", _day(20), valueQuantity={"value": 431, "unit": "ms"})

    def medication(text: str, offset: int, rxnorm: str | None = None) -> None:
        concept: dict[str, Any] = {"text": text}
        if rxnorm:
            concept["coding"] = [{"system": RXNORM, "code": rxnorm, "display": text}]
        add(
            {
                "resourceType": "MedicationAdministration",
                "status": "completed",
                "medicationCodeableConcept": concept,
                "effectiveDateTime": _day(offset),
            }
        )

    for cycle in range(6):
        medication("cisplatin", cycle * 21, "2555")
        medication("gemcitabine", cycle * 21, "12574")
        medication("toripalimab", cycle * 21)
        medication("ondansetron", cycle * 21)
        medication("dexamethasone", cycle * 21)
    for index in range(90):
        medication(OTHER_DRUGS[index % len(OTHER_DRUGS)], index)
    for index in range(15):
        text = "Intensity modulated radiation therapy" if index < 3 else "Venous blood sampling"
        add(
            {
                "resourceType": "Procedure",
                "status": "completed",
                "code": {"text": text},
                "performedDateTime": _day(140 + index),
            }
        )
    return resources
