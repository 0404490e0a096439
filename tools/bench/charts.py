"""Deterministic synthetic patient-view requests, shaped like real oncology charts.

W1 "typical" (about 300 resources): Patient, ~15 Conditions, ~150 Observations (mostly vitals and
labs drawn at every cycle), ~120 medication records (6 cycles of a chemo-immunotherapy doublet
with their supportive drugs, ordered and administered, plus long-term medications), ~15
Procedures. W2 "heavy" (about 3,000 resources) is the same patient followed for years: ten times
the history. Each chart is a complete `patient-view` request with the prefetch keys the service
advertises; Observations are all sent (many EHRs ignore the code filter of the template).

Same (kind, number, seed), same request: every draw comes from one `random.Random`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
AJCC = "http://cancerstaging.org"
UCUM = "http://unitsofmeasure.org"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
AS_OF = date(2026, 11, 1)

Resource = dict[str, Any]


@dataclass(frozen=True)
class Workload:
    name: str
    description: str
    years: int  # of follow-up: scales every kind of history
    extra_conditions: int
    procedures: int


W1 = Workload("W1", "typical chart, ~300 resources", years=1, extra_conditions=11, procedures=15)
W2 = Workload("W2", "heavy chart, ~3,000 resources", years=10, extra_conditions=90, procedures=150)
WORKLOADS = {"W1": W1, "W2": W2}

# (ICD-10-CM code, text, sex or None, first-line regimen: (platinum/other, partner, IO))
_CANCERS = (
    ("C34.90", "Non-small cell lung cancer", None, ("carboplatin", "pemetrexed", "pembrolizumab")),
    ("C50.911", "Malignant neoplasm of breast", "female", ("carboplatin", "paclitaxel", None)),
    ("C18.9", "Malignant neoplasm of colon", None, ("oxaliplatin", "fluorouracil", "bevacizumab")),
    ("C11.9", "Nasopharyngeal carcinoma", None, ("cisplatin", "gemcitabine", "toripalimab")),
    ("C16.9", "Malignant neoplasm of stomach", None, ("oxaliplatin", "capecitabine", "nivolumab")),
    ("C61", "Malignant neoplasm of prostate", "male", ("docetaxel", "leuprolide", None)),
)
_DRUG_CODES = {
    "cisplatin": "2555",
    "carboplatin": "40048",
    "oxaliplatin": "32592",
    "gemcitabine": "12574",
    "docetaxel": "72962",
}
_SUPPORTIVE = ("ondansetron", "dexamethasone", "aprepitant", "granisetron")
_CHRONIC = (
    "Amlodipine 5 mg",
    "Metformin 500 mg",
    "Atorvastatin 20 mg",
    "Omeprazole 20 mg",
    "Levothyroxine 50 mcg",
    "Oxycodone 5 mg",
    "Lorazepam 1 mg",
)
_OTHER_CONDITIONS = (
    ("I10", "Essential (primary) hypertension"),
    ("E11.9", "Type 2 diabetes mellitus without complications"),
    ("E78.5", "Hyperlipidemia, unspecified"),
    ("K21.9", "Gastro-esophageal reflux disease"),
    ("F41.9", "Anxiety disorder, unspecified"),
    ("G89.3", "Neoplasm related pain"),
    ("D64.9", "Anemia, unspecified"),
    ("R53.83", "Other fatigue"),
    ("E03.9", "Hypothyroidism, unspecified"),
    ("J44.9", "Chronic obstructive pulmonary disease"),
    ("M81.0", "Age-related osteoporosis"),
    ("I48.91", "Unspecified atrial fibrillation"),
    ("N18.3", "Chronic kidney disease, stage 3"),
    ("R11.0", "Nausea"),
)
_VITALS = (
    ("8867-4", "Heart rate", 60, 95, "/min"),
    ("8480-6", "Systolic blood pressure", 105, 150, "mm[Hg]"),
    ("8462-4", "Diastolic blood pressure", 60, 95, "mm[Hg]"),
    ("8310-5", "Body temperature", 36.2, 37.6, "Cel"),
    ("29463-7", "Body weight", 55, 90, "kg"),
    ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", 93, 100, "%"),
    ("9279-1", "Respiratory rate", 12, 20, "/min"),
)
_LABS = (
    ("718-7", "Hemoglobin [Mass/volume] in Blood", 95, 150, "g/L", 160),
    ("751-8", "Neutrophils [#/volume] in Blood by Automated count", 1.2, 6.0, "10*9/L", 7.5),
    ("777-3", "Platelets [#/volume] in Blood by Automated count", 90, 380, "10*3/uL", 350),
    ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", 55, 120, "umol/L", 106),
    ("1975-2", "Bilirubin.total [Mass/volume] in Serum or Plasma", 5, 25, "umol/L", 21),
    ("1920-8", "Aspartate aminotransferase", 12, 60, "U/L", 40),
    ("1742-6", "Alanine aminotransferase", 10, 60, "U/L", 40),
    ("2951-2", "Sodium [Moles/volume] in Serum or Plasma", 134, 145, "mmol/L", 145),
    ("2823-3", "Potassium [Moles/volume] in Serum or Plasma", 3.4, 5.1, "mmol/L", 5.1),
    ("6690-2", "Leukocytes [#/volume] in Blood by Automated count", 2.5, 11, "10*9/L", 10),
)
_PROCEDURES = (
    ("77477000", "Computed tomography of chest, abdomen and pelvis"),
    ("86273004", "Biopsy"),
    ("241615005", "Magnetic resonance imaging of brain"),
    ("82078001", "Blood draw"),
    ("233527006", "Insertion of central venous port"),
    ("71651007", "Mammography"),
)


def _concept(text: str | None, *codings: tuple[str, str, str]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if codings:
        result["coding"] = [{"system": s, "code": c, "display": d} for s, c, d in codings]
    if text:
        result["text"] = text
    return result


def _quantity(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


class _Chart:
    def __init__(self, patient_id: str, rng: random.Random) -> None:
        self.pid = patient_id
        self.rng = rng
        self.resources: dict[str, list[Resource]] = {}
        self.counter = 0

    def add(self, key: str, resource: Resource) -> None:
        self.counter += 1
        resource["id"] = f"{self.pid}-{self.counter}"
        if resource["resourceType"] != "Patient":
            resource["subject"] = {"reference": f"Patient/{self.pid}"}
        self.resources.setdefault(key, []).append(resource)

    def condition(self, code: str, text: str, onset: date, system: str = ICD10CM) -> None:
        self.add(
            "conditions",
            {
                "resourceType": "Condition",
                "clinicalStatus": _concept(None, (CLINICAL, "active", "Active")),
                "verificationStatus": _concept(None, (VERIFICATION, "confirmed", "Confirmed")),
                "category": [
                    _concept(
                        None,
                        (
                            "http://terminology.hl7.org/CodeSystem/condition-category",
                            "problem-list-item",
                            "Problem List Item",
                        ),
                    )
                ],
                "code": _concept(text, (system, code, text)),
                "onsetDateTime": onset.isoformat(),
                "recordedDate": onset.isoformat(),
            },
        )

    def observation(self, code: str, display: str, when: date, **value: Any) -> None:
        category = "laboratory" if "referenceRange" in value else "vital-signs"
        self.add(
            "observations",
            {
                "resourceType": "Observation",
                "status": "final",
                "category": [
                    _concept(
                        None,
                        (
                            "http://terminology.hl7.org/CodeSystem/observation-category",
                            category,
                            category,
                        ),
                    )
                ],
                "code": _concept(display, (LOINC, code, display)),
                "effectiveDateTime": f"{when.isoformat()}T09:{self.rng.randint(10, 59)}:00+08:00",
                "issued": f"{when.isoformat()}T11:00:00+08:00",
                **value,
            },
        )

    def medication(
        self, key: str, resource_type: str, drug: str, start: date, end: date, status: str
    ) -> None:
        code = _DRUG_CODES.get(drug)
        name = drug.capitalize() if " " in drug else drug.title()
        concept = _concept(name, (RXNORM, code, drug)) if code else _concept(name)
        resource: Resource = {
            "resourceType": resource_type,
            "status": status,
            "medicationCodeableConcept": concept,
        }
        if resource_type == "MedicationRequest":
            resource["intent"] = "order"
            resource["authoredOn"] = start.isoformat()
            resource["dosageInstruction"] = [
                {
                    "text": f"{name} as directed",
                    "timing": {
                        "repeat": {
                            "boundsPeriod": {"start": start.isoformat(), "end": end.isoformat()}
                        }
                    },
                }
            ]
        elif resource_type == "MedicationAdministration":
            resource["effectivePeriod"] = {
                "start": f"{start.isoformat()}T08:00:00+08:00",
                "end": f"{end.isoformat()}T12:00:00+08:00",
            }
            resource["dosage"] = {"route": _concept("Intravenous"), "text": "per protocol"}
        else:
            resource["effectivePeriod"] = {"start": start.isoformat(), "end": end.isoformat()}
        self.add(key, resource)


def _bundle(resources: list[Resource]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [
            {"fullUrl": f"urn:uuid:{r['id']}", "resource": r, "search": {"mode": "match"}}
            for r in resources
        ],
    }


def chart_request(workload: Workload, number: int, seed: int = 7) -> dict[str, Any]:
    """The patient-view request of synthetic patient `number` (distinct ids per number)."""
    rng = random.Random(f"{seed}:{workload.name}:{number}")  # noqa: S311 - test data
    pid = f"bench-{workload.name.lower()}-{number:05d}"
    chart = _Chart(pid, rng)
    code, text, sex, regimen = _CANCERS[number % len(_CANCERS)]
    gender = sex or rng.choice(("male", "female"))
    birth = date(rng.randint(1946, 1985), rng.randint(1, 12), rng.randint(1, 28))
    patient: Resource = {
        "resourceType": "Patient",
        "identifier": [{"system": "urn:oid:1.2.36.146.595.217.0.1", "value": f"MRN-{pid}"}],
        "name": [{"family": "Bench", "given": [f"Patient {number}"]}],
        "gender": gender,
        "birthDate": birth.isoformat(),
        "address": [{"city": "Springfield", "country": "US"}],
    }
    chart.add("patient", patient)
    patient["id"] = pid

    years = workload.years
    diagnosed = AS_OF - timedelta(days=365 * years + 60)
    chart.condition(code, text, diagnosed)
    chart.condition("C79.51", "Secondary malignant neoplasm of bone", diagnosed)
    chart.condition("C78.00", "Secondary malignant neoplasm of lung", diagnosed)
    for index in range(workload.extra_conditions):
        other_code, other_text = _OTHER_CONDITIONS[index % len(_OTHER_CONDITIONS)]
        onset = diagnosed - timedelta(days=rng.randint(30, 3000))
        chart.condition(other_code, other_text, onset)

    # Staging at diagnosis.
    method = {"method": _concept("AJCC 8th edition")}
    for loinc, display, value in (
        ("21905-5", "Primary tumor.clinical [Class] Cancer", "cT3"),
        ("21906-3", "Regional lymph nodes.clinical [Class] Cancer", "cN2"),
        ("21907-1", "Distant metastases.clinical [Class] Cancer", "cM1"),
        ("21908-9", "Stage group.clinical Cancer", "IVB"),
    ):
        chart.observation(
            loinc,
            display,
            diagnosed,
            valueCodeableConcept=_concept(None, (AJCC, value, value)),
            **method,
        )

    # Treatment cycles: 6 per year of follow-up, every 21 days, with vitals and labs each time.
    platinum, partner, immuno = regimen
    cycles = 6 * years
    first = diagnosed + timedelta(days=14)

    def infused(drug: str, day: date) -> None:
        # Ordered and given on the infusion day.
        for key, resource_type in (
            ("medicationRequests", "MedicationRequest"),
            ("medicationAdministrations", "MedicationAdministration"),
        ):
            chart.medication(key, resource_type, drug, day, day, "completed")

    for cycle in range(cycles):
        day = first + timedelta(days=21 * cycle)
        if day >= AS_OF:
            break
        for drug in (d for d in (platinum, partner, immuno) if d is not None):
            infused(drug, day)
        for drug in rng.sample(_SUPPORTIVE, 3):
            infused(drug, day)
            # Take-home antiemetics for the days after the infusion.
            chart.medication(
                "medicationStatements",
                "MedicationStatement",
                drug,
                day + timedelta(days=1),
                day + timedelta(days=3),
                "completed",
            )
        for offset in (0, 7, 14):  # vitals at the infusion and at two nurse visits
            for vital_code, display, low, high, unit in rng.sample(
                _VITALS, 7 if offset == 0 else 4
            ):
                amount = round(rng.uniform(low, high), 1)
                when = day + timedelta(days=offset)
                chart.observation(vital_code, display, when, valueQuantity=_quantity(amount, unit))
        for lab_code, display, low, high, unit, upper in _LABS:
            amount = round(rng.uniform(low, high), 1)
            chart.observation(
                lab_code,
                display,
                day - timedelta(days=1),
                valueQuantity=_quantity(amount, unit),
                referenceRange=[{"high": _quantity(upper, unit)}],
            )
        chart.observation(
            "89247-1", "ECOG Performance Status score", day, valueInteger=rng.choice((0, 1))
        )
    chart.observation(
        "8636-3", "QTc interval", AS_OF - timedelta(days=9), valueQuantity=_quantity(432, "ms")
    )
    chart.observation(
        "89247-1", "ECOG Performance Status score", AS_OF - timedelta(days=5), valueInteger=1
    )
    # Long-term medications, renewed every few months.
    for drug in _CHRONIC:
        for renewal in range(0, 12 * years, 3):
            start = diagnosed + timedelta(days=30 * renewal)
            chart.medication(
                "medicationStatements",
                "MedicationStatement",
                drug,
                start,
                start + timedelta(days=89),
                "completed" if start + timedelta(days=89) < AS_OF else "active",
            )
    for index in range(workload.procedures):
        proc_code, display = _PROCEDURES[index % len(_PROCEDURES)]
        when = diagnosed + timedelta(days=rng.randint(0, 365 * years))
        chart.add(
            "procedures",
            {
                "resourceType": "Procedure",
                "status": "completed",
                "code": _concept(display, (SNOMED, proc_code, display)),
                "performedDateTime": when.isoformat(),
            },
        )

    prefetch: dict[str, Any] = {"patient": patient}
    for key in (
        "conditions",
        "observations",
        "medicationStatements",
        "medicationRequests",
        "medicationAdministrations",
        "procedures",
    ):
        prefetch[key] = _bundle(chart.resources.get(key, []))
    return {
        "hook": "patient-view",
        "hookInstance": f"00000000-0000-4000-8000-{number:012d}",
        "context": {"userId": "Practitioner/bench", "patientId": pid},
        "prefetch": prefetch,
    }


def resource_count(request: dict[str, Any]) -> int:
    count = 0
    for value in request["prefetch"].values():
        if value.get("resourceType") == "Bundle":
            count += len(value["entry"])
        else:
            count += 1
    return count


def with_hook_instance(request: dict[str, Any], instance: int) -> dict[str, Any]:
    """The same chart opened again: a new hookInstance, identical resources."""
    return {**request, "hookInstance": f"11111111-0000-4000-8000-{instance:012d}"}
