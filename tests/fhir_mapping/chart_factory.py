"""A deterministic ~300-resource chart shaped like a real oncology patient's (the benchmark's
typical W1 size): Patient, 15 Conditions, 150 Observations (mostly vitals), 120 medication
records from 6 chemo cycles and many other drugs, 15 Procedures. `RELEVANT` is how many of them
the mapper needs; the rest is what selection must skip. The resources are bare: no statuses or
categories, quantities without UCUM codes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tools.charts.chart import Chart, SequentialIds
from tools.charts.codes import AJCC, ICD10CM, LOINC, RXNORM, concept, quantity

PATIENT = "w1-patient"
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
    chart = Chart(PATIENT, SequentialIds("w1", next_number=0))
    chart.patient("female", "1969-04-04")
    _conditions(chart)
    _observations(chart)
    _medications(chart)
    for index in range(15):
        text = "Intensity modulated radiation therapy" if index < 3 else "Venous blood sampling"
        chart.procedure(concept(text), _day(140 + index))
    return chart.resources


def _conditions(chart: Chart) -> None:
    for code, text in (
        ("C11.9", "Nasopharyngeal carcinoma"),
        ("C79.51", "Secondary malignant neoplasm of bone"),
        *OTHER_CONDITIONS,
    ):
        chart.condition(
            concept(text, (ICD10CM, code, text)),
            clinical_status=None,
            verification_status=None,
            category=None,
        )


def _observations(chart: Chart) -> None:
    def loinc(code: str, text: str) -> dict[str, Any]:
        return concept(None, (LOINC, code, text))

    for index in range(120):
        code, text, unit = VITALS[index % len(VITALS)]
        value = quantity(70 + index % 9, unit, ucum=False)
        chart.observation(loinc(code, text), _day(index), value_quantity=value)
    for index in range(20):
        code, text, amount, unit = LABS[index % len(LABS)]
        value = quantity(amount, unit, ucum=False)
        chart.observation(loinc(code, text), _day(index * 7), value_quantity=value)
    for index in range(5):
        chart.observation(loinc("89247-1", "ECOG"), _day(index * 30), value_integer=1)
    for code, stage in (
        ("21905-5", "cT3"),
        ("21906-3", "cN1"),
        ("21907-1", "cM1"),
        ("21908-9", "4B"),
    ):
        value_concept = concept(None, (AJCC, stage))
        chart.observation(loinc(code, "TNM"), _day(0), value_concept=value_concept)
    qtc = quantity(431, "ms", ucum=False)
    chart.observation(loinc("8636-3", "QTc"), _day(20), value_quantity=qtc)


def _medications(chart: Chart) -> None:
    def given(text: str, offset: int, rxnorm: str | None = None) -> None:
        drug = concept(text, (RXNORM, rxnorm, text)) if rxnorm else concept(text)
        chart.medication_administration(drug, _day(offset))

    for cycle in range(6):
        given("cisplatin", cycle * 21, "2555")
        given("gemcitabine", cycle * 21, "12574")
        given("toripalimab", cycle * 21)
        given("ondansetron", cycle * 21)
        given("dexamethasone", cycle * 21)
    for index in range(90):
        given(OTHER_DRUGS[index % len(OTHER_DRUGS)], index)
