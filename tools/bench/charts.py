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

from tools.charts.chart import Chart, SequentialIds
from tools.charts.codes import (
    AJCC,
    ICD10CM,
    LOINC,
    OBSERVATION_CATEGORY,
    RXNORM,
    SNOMED,
    Concept,
    Quantity,
    concept,
    quantity,
)

AS_OF = date(2026, 11, 1)


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
STAGE_IVB = ("cT3", "cN2", "cM1", "IVB")
_PROCEDURES = (
    ("77477000", "Computed tomography of chest, abdomen and pelvis"),
    ("86273004", "Biopsy"),
    ("241615005", "Magnetic resonance imaging of brain"),
    ("82078001", "Blood draw"),
    ("233527006", "Insertion of central venous port"),
    ("71651007", "Mammography"),
)


def chart_request(workload: Workload, number: int, seed: int = 7) -> dict[str, Any]:
    """The patient-view request of synthetic patient `number` (distinct ids per number)."""
    rng = random.Random(f"{seed}:{workload.name}:{number}")  # noqa: S311 - test data
    pid = f"bench-{workload.name.lower()}-{number:05d}"
    # Plain numbered ids; number 1 went to the Patient when these charts were first generated,
    # and the Patient keeps the chart's id, so the others start at 2 (the requests stay as they
    # were, byte for byte).
    chart = BenchChart(Chart(pid, SequentialIds(pid, typed=False, next_number=2)), rng)
    code, text, sex, regimen = _CANCERS[number % len(_CANCERS)]
    gender = sex or rng.choice(("male", "female"))
    birth = date(rng.randint(1946, 1985), rng.randint(1, 12), rng.randint(1, 28))
    chart.chart.patient(
        gender,
        birth,
        mrn=f"MRN-{pid}",
        name=("Bench", f"Patient {number}"),
        address={"city": "Springfield", "country": "US"},
    )
    diagnosed = AS_OF - timedelta(days=365 * workload.years + 60)
    chart.conditions(workload, code, text, diagnosed)
    chart.staging(diagnosed)
    chart.treatment(regimen, 6 * workload.years, first=diagnosed + timedelta(days=14))
    qtc = quantity(432, "ms")
    chart.observation("8636-3", "QTc interval", AS_OF - timedelta(days=9), value_quantity=qtc)
    chart.observation(
        "89247-1", "ECOG Performance Status score", AS_OF - timedelta(days=5), value_integer=1
    )
    chart.chronic_medications(workload.years, diagnosed)
    chart.procedures(workload, diagnosed)
    return chart.chart.patient_view_request(
        f"00000000-0000-4000-8000-{number:012d}", "Practitioner/bench"
    )


class BenchChart:
    """The benchmark's way of filling a `Chart`: every random draw comes from `rng`, in an order
    that must not change (the same seed gives the same request). The pre-screening population
    (`tools.population`) fills its charts with the same steps."""

    def __init__(self, chart: Chart, rng: random.Random) -> None:
        self.chart = chart
        self.rng = rng

    def conditions(self, workload: Workload, code: str, text: str, diagnosed: date) -> None:
        self.condition(code, text, diagnosed)
        self.condition("C79.51", "Secondary malignant neoplasm of bone", diagnosed)
        self.condition("C78.00", "Secondary malignant neoplasm of lung", diagnosed)
        self.other_conditions(workload.extra_conditions, diagnosed)

    def other_conditions(self, count: int, diagnosed: date) -> None:
        """`count` long-standing non-cancer conditions, diagnosed before the cancer."""
        for index in range(count):
            other_code, other_text = _OTHER_CONDITIONS[index % len(_OTHER_CONDITIONS)]
            onset = diagnosed - timedelta(days=self.rng.randint(30, 3000))
            self.condition(other_code, other_text, onset)

    def condition(self, code: str, text: str, onset: date) -> None:
        self.chart.condition(concept(text, (ICD10CM, code, text)), onset)

    def staging(self, diagnosed: date, tnm: tuple[str, str, str, str] = STAGE_IVB) -> None:
        """Clinical T, N, M and stage group (AJCC 8th edition), as `(T, N, M, group)`."""
        t, n, m, group = tnm
        for loinc, display, value in (
            ("21905-5", "Primary tumor.clinical [Class] Cancer", t),
            ("21906-3", "Regional lymph nodes.clinical [Class] Cancer", n),
            ("21907-1", "Distant metastases.clinical [Class] Cancer", m),
            ("21908-9", "Stage group.clinical Cancer", group),
        ):
            self.observation(
                loinc,
                display,
                diagnosed,
                value_concept=concept(None, (AJCC, value, value)),
                method=concept("AJCC 8th edition"),
            )

    def treatment(self, regimen: tuple[str, str, str | None], cycles: int, *, first: date) -> None:
        """Cycles every 21 days until AS_OF, with vitals and labs each time."""
        for cycle in range(cycles):
            day = first + timedelta(days=21 * cycle)
            if day >= AS_OF:
                break
            for drug in (d for d in regimen if d is not None):
                self.infused(drug, day)
            for drug in self.rng.sample(_SUPPORTIVE, 3):
                self.infused(drug, day)
                # Take-home antiemetics for the days after the infusion.
                self.chart.medication_statement(
                    drug_concept(drug), (day + timedelta(days=1), day + timedelta(days=3))
                )
            self.vitals(day)
            for lab_code, display, low, high, unit, upper in _LABS:
                amount = round(self.rng.uniform(low, high), 1)
                self.observation(
                    lab_code,
                    display,
                    day - timedelta(days=1),
                    value_quantity=quantity(amount, unit),
                    reference_high=quantity(upper, unit),
                )
            score = self.rng.choice((0, 1))
            self.observation("89247-1", "ECOG Performance Status score", day, value_integer=score)

    def infused(self, drug: str, day: date) -> None:
        """Ordered and given on the infusion day."""
        name = _drug_name(drug)
        self.chart.medication_request(
            drug_concept(drug), day, day, dosage_text=f"{name} as directed"
        )
        self.chart.medication_administration(
            drug_concept(drug),
            (f"{day.isoformat()}T08:00:00+08:00", f"{day.isoformat()}T12:00:00+08:00"),
            route=concept("Intravenous"),
            dosage_text="per protocol",
        )

    def vitals(self, day: date) -> None:
        for offset in (0, 7, 14):  # vitals at the infusion and at two nurse visits
            for vital_code, display, low, high, unit in self.rng.sample(
                _VITALS, 7 if offset == 0 else 4
            ):
                amount = round(self.rng.uniform(low, high), 1)
                when = day + timedelta(days=offset)
                self.observation(vital_code, display, when, value_quantity=quantity(amount, unit))

    def chronic_medications(self, years: int, diagnosed: date) -> None:
        """Long-term medications, renewed every few months."""
        for drug in _CHRONIC:
            for renewal in range(0, 12 * years, 3):
                start = diagnosed + timedelta(days=30 * renewal)
                end = start + timedelta(days=89)
                status = "completed" if end < AS_OF else "active"
                self.chart.medication_statement(drug_concept(drug), (start, end), status=status)

    def procedures(self, workload: Workload, diagnosed: date) -> None:
        for index in range(workload.procedures):
            code, display = _PROCEDURES[index % len(_PROCEDURES)]
            when = diagnosed + timedelta(days=self.rng.randint(0, 365 * workload.years))
            self.chart.procedure(concept(display, (SNOMED, code, display)), when)

    def observation(
        self,
        code: str,
        display: str,
        when: date,
        *,
        value_quantity: Quantity | None = None,
        value_concept: Concept | None = None,
        value_integer: int | None = None,
        reference_high: Quantity | None = None,
        method: Concept | None = None,
    ) -> None:
        """Taken at a random minute past nine; labs are those with a reference range."""
        category = "laboratory" if reference_high is not None else "vital-signs"
        self.chart.observation(
            concept(display, (LOINC, code, display)),
            f"{when.isoformat()}T09:{self.rng.randint(10, 59)}:00+08:00",
            category=concept(None, (OBSERVATION_CATEGORY, category, category)),
            issued=f"{when.isoformat()}T11:00:00+08:00",
            value_quantity=value_quantity,
            value_concept=value_concept,
            value_integer=value_integer,
            reference_high=reference_high,
            method=method,
        )


def _drug_name(drug: str) -> str:
    return drug.capitalize() if " " in drug else drug.title()


def drug_concept(drug: str) -> Concept:
    code = _DRUG_CODES.get(drug)
    name = _drug_name(drug)
    return concept(name, (RXNORM, code, drug)) if code else concept(name)


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
