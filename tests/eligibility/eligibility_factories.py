"""Hand-built PatientFacts and trials for the eligibility tests (fakes, not mocks).

`seed_patient()` is a patient eligible for NCT07188584; tests change one thing at a time with
`model_copy(update=...)` so each scenario shows exactly what differs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eligibility.facts import (
    CancerDiagnosis,
    Demographics,
    MetastaticStatus,
    PatientFacts,
    PerformanceStatus,
    QTc,
    Stage,
    TherapyExposure,
    TherapyLine,
)
from eligibility.trial import Trial
from eligibility.vocabulary import DrugClass, PerformanceScale, Sex

AS_OF = date(2026, 11, 1)

FIRST_LINE = TherapyLine(
    number=1,
    agents=("cisplatin", "gemcitabine", "toripalimab"),
    classes=frozenset({DrugClass.PLATINUM, DrugClass.ANTIMETABOLITE, DrugClass.ANTI_PD1}),
    start=date(2026, 3, 2),
    end=date(2026, 7, 20),
    evidence=("MedicationAdministration/c1", "MedicationAdministration/t1"),
)

FIRST_LINE_EXPOSURES = (
    TherapyExposure(
        agent="cisplatin",
        classes=frozenset({DrugClass.PLATINUM, DrugClass.CHEMOTHERAPY}),
        start=date(2026, 3, 2),
        end=date(2026, 7, 20),
        status="completed",
        source="MedicationAdministration",
        evidence=("MedicationAdministration/c1",),
    ),
    TherapyExposure(
        agent="toripalimab",
        classes=frozenset({DrugClass.ANTI_PD1, DrugClass.IMMUNE_CHECKPOINT_INHIBITOR}),
        start=date(2026, 3, 2),
        end=date(2026, 7, 20),
        status="completed",
        source="MedicationAdministration",
        evidence=("MedicationAdministration/t1",),
    ),
)


def ecog(score: int, when: date = date(2026, 10, 30)) -> PerformanceStatus:
    return PerformanceStatus(
        scale=PerformanceScale.ECOG,
        score=score,
        ecog=score,
        date=when,
        evidence=(f"Observation/ecog-{score}",),
    )


def karnofsky(score: int, ecog_equivalent: int) -> PerformanceStatus:
    return PerformanceStatus(
        scale=PerformanceScale.KARNOFSKY,
        score=score,
        ecog=ecog_equivalent,
        date=date(2026, 10, 30),
        evidence=(f"Observation/kps-{score}",),
    )


def seed_patient(**update: Any) -> PatientFacts:
    """Eligible for NCT07188584: NPC, M1 (AJCC 8th IVB), ECOG 1, 55, one completed first line of
    cisplatin + gemcitabine + toripalimab, QTc 430 ms, male, no cardiac history."""
    facts = PatientFacts(
        as_of=AS_OF,
        patient="Patient/p1",
        demographics=Demographics(
            birth_date=date(1971, 4, 12),
            birth_date_precision="day",
            age_years=55,
            sex=Sex.MALE,
            evidence=("Patient/p1",),
        ),
        diagnoses=(
            CancerDiagnosis(
                cancer_type="nasopharyngeal_carcinoma",
                text="Nasopharyngeal carcinoma",
                onset=date(2026, 2, 10),
                evidence=("Condition/npc",),
            ),
        ),
        stages=(
            Stage(
                t="T3",
                n="N2",
                m="M1",
                group="IVB",
                edition="8",
                date=date(2026, 2, 20),
                evidence=("Observation/stage",),
            ),
        ),
        metastatic=MetastaticStatus(
            value=True, reason="M1 on 2026-02-20", evidence=("Observation/stage",)
        ),
        performance=(ecog(1),),
        qtc=QTc(milliseconds=430, date=date(2026, 10, 28), evidence=("Observation/qtc",)),
        exposures=FIRST_LINE_EXPOSURES,
        lines=(FIRST_LINE,),
    )
    return facts.model_copy(update=update)


def trial(nct_id: str, criteria: list[dict[str, Any]], **fields: Any) -> Trial:
    """A minimal trial in catalog-JSON shape; tests name what matters and nothing else."""
    data: dict[str, Any] = {
        "nct_id": nct_id,
        "title": f"Test trial {nct_id}",
        "overall_status": "RECRUITING",
        "data_as_of": "2026-06-01",
        "criteria": criteria,
        "source": {"kind": "synthetic" if nct_id.startswith("SYN-") else "curated"},
        **fields,
    }
    return Trial.model_validate(data)


def cancer_type(*allowed: str, excluded: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "cancer_type",
        "id": "cancer-type",
        "label": "Cancer type",
        "allowed": list(allowed),
        "excluded": list(excluded),
    }


def _exposure(agent: str, classes: set[DrugClass], *, ended: bool) -> TherapyExposure:
    return TherapyExposure(
        agent=agent,
        classes=frozenset(classes),
        start=date(2026, 8, 3),
        end=date(2026, 10, 12) if ended else None,
        status="completed" if ended else "active",
        source="MedicationStatement",
        evidence=(f"MedicationStatement/{agent}",),
    )


ONGOING_FIRST_LINE = FIRST_LINE.model_copy(
    update={"ongoing": True, "start": date(2026, 8, 3), "end": None}
)

FIRST_LINE_IN_PROGRESS: dict[str, Any] = {
    "lines": (ONGOING_FIRST_LINE,),
    "exposures": (
        _exposure("cisplatin", {DrugClass.PLATINUM}, ended=False),
        _exposure("gemcitabine", {DrugClass.ANTIMETABOLITE}, ended=False),
        _exposure("toripalimab", {DrugClass.ANTI_PD1}, ended=False),
    ),
}
"""First line started recently, every agent still being given."""

FIRST_LINE_IN_MAINTENANCE: dict[str, Any] = {
    "lines": (ONGOING_FIRST_LINE,),
    "exposures": (
        _exposure("cisplatin", {DrugClass.PLATINUM}, ended=True),
        _exposure("gemcitabine", {DrugClass.ANTIMETABOLITE}, ended=True),
        _exposure("toripalimab", {DrugClass.ANTI_PD1}, ended=False),
    ),
}
"""Chemotherapy done, anti-PD-1 continuing as maintenance: still the (received) first line."""


# Criteria in catalog-JSON shape that generated catalogs mix (tests/eligibility/test_*bitmaps,
# test_*ranking): for the seed patient (ECOG 1, no labs), met, not met and unknown.
ECOG_0_1 = {"type": "performance_status", "id": "ps1", "label": "ECOG 0–1", "ecog_max": 1}
ECOG_0 = {"type": "performance_status", "id": "ps0", "label": "ECOG 0", "ecog_max": 0}
ANC_1_5 = {
    "type": "lab",
    "id": "anc",
    "label": "ANC ≥ 1.5",
    "analyte": "anc",
    "comparator": ">=",
    "value": 1.5,
}


ONE_OF_EACH_TYPE: tuple[dict[str, Any], ...] = (
    {
        "type": "other_malignancy",
        "id": "other-malignancy",
        "label": "No other malignancy within 5 years",
        "section": "exclusion",
        "within_years": 5,
        "excepted": ["non_melanoma_skin", "in_situ"],
    },
    cancer_type("nasopharyngeal_carcinoma"),
    {"type": "stage", "id": "stage", "label": "M1", "m_categories": ["M1"], "edition": "8"},
    {"type": "metastatic", "id": "met", "label": "Metastatic"},
    {
        "type": "disease_extent",
        "id": "extent",
        "label": "Locally advanced or metastatic",
        "allowed": ["metastatic", "locally_advanced"],
    },
    {"type": "measurable_disease", "id": "recist", "label": "Measurable", "standard": "RECIST 1.1"},
    ECOG_0_1,
    {"type": "age", "id": "age", "label": "Age 18–70", "min_years": 18, "max_years": 70},
    {"type": "sex", "id": "sex", "label": "Male", "allowed": ["male"]},
    {"type": "prior_lines", "id": "lines", "label": "One prior line", "min_lines": 1},
    {"type": "prior_therapy", "id": "pd1", "label": "Anti-PD-1", "drug_class": "anti_pd1"},
    {"type": "qtc", "id": "qtc", "label": "QTc", "max_ms_male": 450, "max_ms_female": 470},
    ANC_1_5,
    {"type": "comorbidity", "id": "hf", "label": "No HF", "condition": "heart_failure"},
    {"type": "prior_radiotherapy", "id": "rt", "label": "No neck RT", "sites": ["neck"]},
    {
        "type": "brain_metastases",
        "id": "cns",
        "label": "Stable CNS mets",
        "allowed": "treated_stable",
    },
    {
        "type": "infection",
        "id": "hiv",
        "label": "No uncontrolled HIV",
        "infection": "hiv",
        "excluded": "uncontrolled",
    },
    {"type": "biomarker", "id": "ebv", "label": "EBV DNA", "name": "EBV DNA", "min_value": 1},
    {"type": "free_text", "id": "consent", "label": "Consent", "text": "Signs consent"},
    {"type": "all_of", "id": "all", "label": "Both", "criteria": [ECOG_0_1, ANC_1_5]},
    {"type": "any_of", "id": "any", "label": "Either", "criteria": [ECOG_0, ANC_1_5]},
    {"type": "not", "id": "not", "label": "Not ECOG 0", "criterion": ECOG_0},
)
"""One criterion of every type of the `Criterion` union, in catalog-JSON shape, for the tests
that check each type is handled everywhere (they check this covers the union, too)."""
