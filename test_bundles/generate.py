"""Writes the scenario Bundles in this folder. Run from the checkout's root:

    .venv/bin/python -m test_bundles.generate

The committed JSON files are the test data; this script documents how they were made and
regenerates them byte for byte (the charts come from `tools.charts`, shared with the benchmark
and the tests). Every date is relative to AS_OF = 2026-11-25, the `as_of` the tests use.
Expected facts and verdicts for NCT07188584 are in README.md.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tools.charts.chart import Chart, Component, MedicationKind, Resource
from tools.charts.codes import AJCC, ICD10CM, LOINC, RXNORM, SNOMED, Concept, concept, quantity

HERE = Path(__file__).parent
AS_OF = "2026-11-25"


def new_chart(pid: str, birth: str | None, gender: str) -> Chart:
    """A chart whose Patient carries an MRN and a name made from its id."""
    chart = Chart(pid)
    chart.patient(gender, birth, mrn=f"MRN-{pid}", name=("Test", pid.replace("-", " ").title()))
    return chart


# --- drugs -------------------------------------------------------------------------------------
CISPLATIN = concept("Cisplatin", (RXNORM, "2555", "cisplatin"))
GEMCITABINE = concept("Gemcitabine", (RXNORM, "12574", "gemcitabine"))
TORIPALIMAB = concept("Toripalimab (特瑞普利单抗)")
ATEZOLIZUMAB = concept("Atezolizumab (Tecentriq)")
DOCETAXEL = concept("Docetaxel", (RXNORM, "72962", "docetaxel"))
ONDANSETRON = concept("Ondansetron 8 mg")
DEXAMETHASONE = concept("Dexamethasone 4 mg")
NPC_CODE = concept(
    "Nasopharyngeal carcinoma", (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx, unspecified")
)
BONE_METS = concept(
    "Secondary malignant neoplasm of bone",
    (ICD10CM, "C79.51", "Secondary malignant neoplasm of bone"),
)


def stage_observations(
    chart: Chart, t: str, n: str, m: str, group: tuple[str, str], when: str = "2025-09-20"
) -> None:
    method = concept("AJCC 8th edition")
    for loinc, display, value in (
        ("21905-5", "Primary tumor.clinical [Class] Cancer", t),
        ("21906-3", "Regional lymph nodes.clinical [Class] Cancer", n),
        ("21907-1", "Distant metastases.clinical [Class] Cancer", m),
    ):
        chart.observation(
            concept(None, (LOINC, loinc, display)),
            when,
            value_concept=concept(None, (AJCC, value, value)),
            method=method,
        )
    chart.observation(
        concept(None, (LOINC, "21908-9", "Stage group.clinical Cancer")),
        when,
        value_concept=concept(None, (AJCC, group[0], group[1])),
        method=method,
    )


def first_line(
    chart: Chart,
    resource_type: MedicationKind = "MedicationStatement",
    pd1: Concept = TORIPALIMAB,
    ongoing: bool = False,
    platinum: Concept | None = CISPLATIN,
) -> None:
    if platinum is not None:
        chart.medication_use(resource_type, platinum, "2025-10-01", "2026-01-20", "completed")
    chart.medication_use(resource_type, GEMCITABINE, "2025-10-01", "2026-01-20", "completed")
    chart.medication_use(resource_type, pd1, "2025-10-01", "2026-01-20", "completed")
    # PD-1 maintenance after the combination: the same line.
    if ongoing:
        chart.medication_use(resource_type, pd1, "2026-02-10", None, "active")
    else:
        chart.medication_use(resource_type, pd1, "2026-02-10", "2026-08-30", "completed")
    chart.medication_use(resource_type, ONDANSETRON, "2025-10-01", "2026-01-20", "completed")
    chart.medication_use(resource_type, DEXAMETHASONE, "2025-10-01", "2026-01-20", "completed")


def base(
    pid: str,
    *,
    birth: str | None = "1975-03-10",
    gender: str = "male",
    ecog: int | None = 1,
    qtc: float | None = 428,
    staging: bool = True,
    therapy: bool = True,
    **line_options: Any,
) -> Chart:
    chart = new_chart(pid, birth, gender)
    chart.condition(NPC_CODE, "2025-09-15")
    chart.condition(
        concept("Essential hypertension", (ICD10CM, "I10", "Essential (primary) hypertension")),
        "2020-05-01",
    )
    if staging:
        stage_observations(chart, "cT3", "cN2", "cM1", ("4B", "IVB"))
        chart.condition(BONE_METS, "2025-09-20")
    if ecog is not None:
        chart.observation(
            concept(None, (LOINC, "89247-1", "ECOG Performance Status score")),
            "2025-09-16",
            value_integer=0,
        )
        chart.observation(
            concept(None, (LOINC, "89247-1", "ECOG Performance Status score")),
            "2026-11-10",
            value_integer=ecog,
        )
    if qtc is not None:
        chart.observation(
            concept(None, (LOINC, "8636-3", "QTc interval")),
            "2026-11-12",
            value_quantity=quantity(qtc, "ms"),
        )
    labs = (
        ("718-7", "Hemoglobin [Mass/volume] in Blood", 125, "g/L", 160),
        ("751-8", "Neutrophils [#/volume] in Blood by Automated count", 3.2, "10*9/L", 7.5),
        ("777-3", "Platelets [#/volume] in Blood by Automated count", 210, "10*3/uL", 350),
        ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", 80, "umol/L", 106),
        ("1975-2", "Bilirubin.total [Mass/volume] in Serum or Plasma", 12, "umol/L", 21),
        ("1920-8", "Aspartate aminotransferase", 28, "U/L", 40),
        ("1742-6", "Alanine aminotransferase", 30, "U/L", 40),
    )
    for code, display, value, unit, high in labs:
        chart.observation(
            concept(None, (LOINC, code, display)),
            "2026-11-12",
            value_quantity=quantity(value, unit),
            reference_high=quantity(high, unit),
        )
    # Vitals: irrelevant to the mapper, dropped before validation.
    chart.observation(
        concept(None, (LOINC, "8867-4", "Heart rate")),
        "2026-11-12",
        value_quantity=quantity(72, "/min"),
    )
    chart.observation(
        concept(None, (LOINC, "29463-7", "Body weight")),
        "2026-11-12",
        value_quantity=quantity(64, "kg"),
    )
    if therapy:
        first_line(chart, **line_options)
    chart.observation(
        concept("Plasma EBV DNA load"),
        "2026-11-12",
        value_quantity=quantity(1200, "copies/mL", ucum=False),
    )
    return chart


def without(chart: Chart, predicate: Callable[[Resource], bool]) -> Chart:
    chart.resources = [r for r in chart.resources if not predicate(r)]
    return chart


def is_loinc(*codes: str) -> Callable[[Resource], bool]:
    def check(resource: Resource) -> bool:
        codings = resource.get("code", {}).get("coding", [])
        return resource["resourceType"] == "Observation" and any(
            c.get("code") in codes for c in codings
        )

    return check


# --- scenarios ---------------------------------------------------------------------------------


def npc_eligible() -> Chart:
    return base("npc-eligible")


def npc_age_70() -> Chart:
    # 70th birthday on 2026-11-25 itself: exactly 70.
    return base("npc-age-70", birth="1956-11-25")


def npc_age_71() -> Chart:
    return base("npc-age-71", birth="1955-06-01")


def npc_no_birthdate() -> Chart:
    return base("npc-no-birthdate", birth=None)


def npc_ecog_2() -> Chart:
    return base("npc-ecog-2", ecog=2)


def npc_no_ecog() -> Chart:
    return base("npc-no-ecog", ecog=None)


def npc_karnofsky_only() -> Chart:
    chart = base("npc-karnofsky-only", ecog=None)
    chart.observation(
        concept(None, (LOINC, "89243-0", "Karnofsky Performance Status score")),
        "2026-11-10",
        value_integer=80,
    )
    return chart


def npc_no_stage() -> Chart:
    return base("npc-no-stage", staging=False)


def npc_stage_text_only() -> Chart:
    chart = base("npc-stage-text-only", staging=False)
    # Set on the reference chart's cancer Condition after the fact, as the variants do.
    chart.resources[1]["stage"] = [
        {
            "summary": {"text": "Stage IVB (T3N2M1)"},
            "type": {"text": "Clinical staging, AJCC 8th edition"},
        }
    ]
    return chart


def npc_m0_locoregional() -> Chart:
    chart = base("npc-m0-locoregional", staging=False)
    stage_observations(chart, "cT4", "cN2", "cM0", ("4A", "IVA"))
    return chart


def npc_two_lines() -> Chart:
    chart = base("npc-two-lines")
    chart.medication_use("MedicationStatement", DOCETAXEL, "2026-09-15", "2026-11-01", "completed")
    return chart


def npc_no_prior_therapy() -> Chart:
    return base("npc-no-prior-therapy", therapy=False)


def npc_pdl1_instead_of_pd1() -> Chart:
    return base("npc-pdl1-instead-of-pd1", pd1=ATEZOLIZUMAB)


def npc_no_platinum() -> Chart:
    return base("npc-no-platinum", platinum=None)


def npc_meds_only_medicationrequest() -> Chart:
    chart = base("npc-meds-only-medicationrequest", therapy=False)
    first_line(chart, resource_type="MedicationRequest")
    return chart


def npc_first_line_ongoing() -> Chart:
    return base("npc-first-line-ongoing", ongoing=True)


def npc_qtc_male_450() -> Chart:
    return base("npc-qtc-male-450", qtc=450)


def npc_qtc_male_451() -> Chart:
    # Recorded in seconds, as some ECG carts do: 0.451 s = 451 ms.
    chart = base("npc-qtc-male-451", qtc=None)
    chart.observation(
        concept(None, (LOINC, "8636-3", "QTc interval")),
        "2026-11-12",
        value_quantity=quantity(0.451, "s"),
    )
    return chart


def _ecg_panel(chart: Chart, qtc_ms: float) -> None:
    chart.observation(
        concept("12 lead ECG panel", (LOINC, "34534-8", "12 lead EKG panel")),
        "2026-11-12",
        components=[
            Component(concept(None, (LOINC, "8867-4", "Heart rate")), quantity(70, "/min")),
            Component(concept(None, (LOINC, "8636-3", "QTc interval")), quantity(qtc_ms, "ms")),
        ],
    )


def npc_qtc_female_470() -> Chart:
    chart = base("npc-qtc-female-470", gender="female", qtc=None)
    _ecg_panel(chart, 470)
    return chart


def npc_qtc_female_471() -> Chart:
    chart = base("npc-qtc-female-471", gender="female", qtc=None)
    _ecg_panel(chart, 471)
    return chart


def npc_no_qtc() -> Chart:
    return base("npc-no-qtc", qtc=None)


def npc_heart_failure() -> Chart:
    chart = base("npc-heart-failure")
    chart.condition(
        concept(
            "Chronic systolic heart failure, NYHA class II",
            (ICD10CM, "I50.22", "Chronic systolic (congestive) heart failure"),
        ),
        "2024-03-01",
    )
    return chart


def npc_heart_failure_grade_1() -> Chart:
    chart = base("npc-heart-failure-grade-1")
    chart.condition(
        concept("Heart failure, NYHA class I", (ICD10CM, "I50.9", "Heart failure, unspecified")),
        "2024-03-01",
    )
    return chart


def npc_coronary_heart_disease() -> Chart:
    chart = base("npc-coronary-heart-disease")
    chart.condition(
        concept("Stable angina", (ICD10CM, "I20.9", "Angina pectoris, unspecified")),
        "2023-06-01",
        severity=concept("Moderate", (SNOMED, "6736007", "Moderate")),
    )
    return chart


def npc_arrhythmia() -> Chart:
    chart = base("npc-arrhythmia")
    chart.condition(
        concept(
            "Paroxysmal atrial fibrillation, CTCAE grade 3",
            (ICD10CM, "I48.0", "Paroxysmal atrial fibrillation"),
        ),
        "2026-03-01",
    )
    return chart


def npc_chinese_ehr() -> Chart:
    """Texts only, in Chinese, as a hospital system in China may send them: no codes at all."""
    chart = new_chart("npc-chinese-ehr", "1968-08-08", "female")
    chart.condition(
        {"text": "鼻咽癌（非角化性未分化型）"},
        "2025-06-01",
        stage=[{"summary": {"text": "IVB期 (T2N3M1)"}, "type": {"text": "临床分期 AJCC第8版"}}],
    )
    chart.condition({"text": "多发骨转移"}, "2025-06-01")
    chart.observation({"text": "ECOG评分"}, "2026-11-01", value_integer=1)
    chart.observation(
        {"text": "心电图 QTc"}, "2026-11-01", value_quantity=quantity(440, "ms", ucum=False)
    )
    for drug in ("顺铂", "吉西他滨", "卡瑞利珠单抗"):
        chart.medication_use(
            "MedicationRequest", {"text": drug}, "2025-07-01", "2025-11-15", "completed"
        )
    chart.medication_use(
        "MedicationRequest", {"text": "卡瑞利珠单抗"}, "2025-12-01", "2026-06-01", "completed"
    )
    return chart


def npc_nedaplatin_sintilimab() -> Chart:
    return base(
        "npc-nedaplatin-sintilimab",
        platinum=concept("Nedaplatin 奈达铂"),
        pd1=concept("Sintilimab (Tyvyt, 信迪利单抗)"),
    )


def npc_other_patient_data() -> Chart:
    """Another patient's ECOG 3 and Patient resource in the same answer: both must be ignored."""
    chart = base("npc-other-patient-data")
    chart.add(
        {
            "resourceType": "Patient",
            "id": "someone-else",
            "gender": "female",
            "birthDate": "1940-01-01",
        }
    )
    chart.add(
        {
            "resourceType": "Observation",
            "id": "someone-else-ecog",
            "status": "final",
            "code": concept(None, (LOINC, "89247-1", "ECOG Performance Status score")),
            "subject": {"reference": "Patient/someone-else"},
            "effectiveDateTime": "2026-11-20",
            "valueInteger": 3,
        }
    )
    return chart


def npc_messy_real_world() -> Chart:
    """What real EHRs send: local dateTimes, empty strings, nulls in arrays, broken entries."""
    chart = base("npc-messy-real-world")
    for resource in chart.resources:
        if resource["resourceType"] == "Observation":
            resource["effectiveDateTime"] = resource["effectiveDateTime"] + "T09:30:00"
            resource["issued"] = ""
            resource.setdefault("category", []).append(None)
    chart.add({"resourceType": "Foo", "id": "not-a-fhir-type"})
    chart.add(
        {
            "resourceType": "Observation",
            "id": "broken-ecog",
            "status": "final",
            "code": concept(None, (LOINC, "89247-1", "ECOG Performance Status score")),
            "subject": chart.subject,
            "effectiveDateTime": "2026-11-20",
            "valueInteger": "three",
        }
    )
    chart.add(
        {
            "resourceType": "Observation",
            "id": "ecog-not-assessed",
            "status": "final",
            "code": concept(None, (LOINC, "89247-1", "ECOG Performance Status score")),
            "subject": chart.subject,
            "effectiveDateTime": "2026-11-21",
            "valueInteger": -1,
        }
    )
    return chart


def breast_cancer() -> Chart:
    chart = new_chart("breast-cancer", "1970-02-02", "female")
    chart.condition(
        concept(
            "Malignant neoplasm of upper-outer quadrant of left female breast",
            (
                ICD10CM,
                "C50.412",
                "Malignant neoplasm of upper-outer quadrant of left female breast",
            ),
        ),
        "2024-04-01",
    )
    chart.condition(
        concept(
            "Secondary malignant neoplasm of liver",
            (ICD10CM, "C78.7", "Secondary malignant neoplasm of liver and intrahepatic bile duct"),
        ),
        "2025-08-01",
    )
    chart.observation(
        concept(None, (LOINC, "21908-9", "Stage group.clinical Cancer")),
        "2025-08-05",
        value_concept=concept(None, (AJCC, "4", "IV")),
    )
    chart.observation(
        concept(None, (LOINC, "89247-1", "ECOG Performance Status score")),
        "2026-11-01",
        value_integer=0,
    )
    chart.medication_use(
        "MedicationStatement",
        concept("Paclitaxel", (RXNORM, "56946", "paclitaxel")),
        "2025-09-01",
        "2026-01-15",
        "completed",
    )
    chart.medication_use(
        "MedicationStatement", concept("Trastuzumab (Herceptin)"), "2025-09-01", None, "active"
    )
    return chart


def nsclc() -> Chart:
    chart = new_chart("nsclc", "1962-12-01", "male")
    chart.condition(
        concept(
            "Non-small cell lung cancer, adenocarcinoma",
            (
                ICD10CM,
                "C34.90",
                "Malignant neoplasm of unspecified part of unspecified bronchus or lung",
            ),
        ),
        "2025-01-10",
    )
    chart.condition(
        concept(
            "Secondary malignant neoplasm of brain",
            (ICD10CM, "C79.31", "Secondary malignant neoplasm of brain"),
        ),
        "2025-01-20",
    )
    chart.observation(
        concept(None, (LOINC, "21907-1", "Distant metastases.clinical [Class] Cancer")),
        "2025-01-20",
        value_concept=concept(None, (AJCC, "cM1c", "M1c")),
    )
    chart.observation(
        concept(None, (LOINC, "89247-1", "ECOG Performance Status score")),
        "2026-11-01",
        value_concept=concept(
            None, (LOINC, "LA9623-5", "Restricted in physically strenuous activity")
        ),
    )
    for drug, rx in (("Carboplatin", "40048"), ("Pemetrexed", None), ("Pembrolizumab", "1547545")):
        code = concept(drug, (RXNORM, rx, drug.lower())) if rx else concept(drug)
        chart.medication_use(
            "MedicationAdministration", code, "2025-02-01", "2025-06-01", "completed"
        )
    chart.medication_use(
        "MedicationAdministration",
        concept("Pembrolizumab", (RXNORM, "1547545", "pembrolizumab")),
        "2025-06-22",
        "2026-05-01",
        "completed",
    )
    return chart


SCENARIOS: tuple[Callable[[], Chart], ...] = (
    npc_eligible,
    npc_age_70,
    npc_age_71,
    npc_no_birthdate,
    npc_ecog_2,
    npc_no_ecog,
    npc_karnofsky_only,
    npc_no_stage,
    npc_stage_text_only,
    npc_m0_locoregional,
    npc_two_lines,
    npc_no_prior_therapy,
    npc_pdl1_instead_of_pd1,
    npc_no_platinum,
    npc_meds_only_medicationrequest,
    npc_first_line_ongoing,
    npc_qtc_male_450,
    npc_qtc_male_451,
    npc_qtc_female_470,
    npc_qtc_female_471,
    npc_no_qtc,
    npc_heart_failure,
    npc_heart_failure_grade_1,
    npc_coronary_heart_disease,
    npc_arrhythmia,
    npc_chinese_ehr,
    npc_nedaplatin_sintilimab,
    npc_other_patient_data,
    npc_messy_real_world,
    breast_cancer,
    nsclc,
)


def main() -> None:
    for scenario in SCENARIOS:
        bundle = scenario().bundle()
        if scenario is npc_messy_real_world:
            # A nested Bundle, as message-style exports contain.
            inner = {"resourceType": "Bundle", "type": "collection", "entry": bundle["entry"][-3:]}
            bundle["entry"] = [*bundle["entry"][:-3], {"resource": inner}]
        path = HERE / f"{scenario.__name__}.json"
        path.write_text(
            json.dumps(copy.deepcopy(bundle), indent=2, ensure_ascii=False) + "\n", "utf-8"
        )
    print(f"wrote {len(SCENARIOS)} bundles to {HERE}")


if __name__ == "__main__":
    main()
