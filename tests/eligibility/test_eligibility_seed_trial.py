"""NCT07188584, as shipped in trials/, against hand-built patients mirroring the scenarios the
test bundles cover. Each scenario changes one thing from an eligible patient."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from eligibility_factories import (
    FIRST_LINE,
    FIRST_LINE_IN_MAINTENANCE,
    FIRST_LINE_IN_PROGRESS,
    ecog,
    karnofsky,
    seed_patient,
)

from eligibility.catalog import Catalog, load_curated_catalog
from eligibility.facts import (
    CancerDiagnosis,
    ComorbidityFact,
    Demographics,
    MetastaticStatus,
    QTc,
    Stage,
    TherapyLine,
)
from eligibility.matching import Matcher, TrialMatch
from eligibility.results import CriterionStatus, Verdict
from eligibility.trial import Trial, TrialStatus
from eligibility.vocabulary import Comorbidity, DrugClass, Sex

SEED = "NCT07188584"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_curated_catalog()


@pytest.fixture(scope="module")
def seed(catalog: Catalog) -> Trial:
    trial = catalog.get(SEED)
    assert trial is not None
    return trial


def male(age: int = 55) -> Demographics:
    return Demographics(age_years=age, sex=Sex.MALE, evidence=("Patient/p1",))


def female(age: int = 55) -> Demographics:
    return Demographics(age_years=age, sex=Sex.FEMALE, evidence=("Patient/p1",))


SECOND_LINE = TherapyLine(
    number=2,
    agents=("docetaxel",),
    classes=frozenset({DrugClass.TAXANE}),
    start=date(2026, 8, 1),
    end=date(2026, 10, 1),
)
PDL1_FIRST_LINE = FIRST_LINE.model_copy(
    update={
        "agents": ("cisplatin", "gemcitabine", "atezolizumab"),
        "classes": frozenset({DrugClass.PLATINUM, DrugClass.ANTIMETABOLITE, DrugClass.ANTI_PDL1}),
    }
)


# A dated ECG: an undated one cannot show it is recent (VAL-STALE).
ECG_DATE = date(2026, 10, 28)


@dataclass
class Scenario:
    name: str
    update: dict[str, Any]
    verdict: Verdict
    decided_by: dict[str, CriterionStatus]  # criterion id -> status it must have
    reason: str = ""  # a phrase the deciding criterion's reason contains


N = CriterionStatus.NOT_MET
U = CriterionStatus.UNKNOWN
M = CriterionStatus.MET

SCENARIOS = [
    Scenario("eligible", {}, Verdict.ELIGIBLE, {}),
    Scenario(
        "ecog 2",
        {"performance": (ecog(2),)},
        Verdict.NOT_ELIGIBLE,
        {"ecog": N},
        "ECOG 2 on 2026-10-30, 2 days before; trial requires ECOG 0–1",
    ),
    Scenario(
        "no ecog",
        {"performance": ()},
        Verdict.POSSIBLY_ELIGIBLE,
        {"ecog": U},
        "No performance status recorded",
    ),
    Scenario(
        "age 71",
        {"demographics": male(71)},
        Verdict.NOT_ELIGIBLE,
        {"age": N},
        "Age 71; trial requires age ≤ 70",
    ),
    Scenario("age 70", {"demographics": male(70)}, Verdict.ELIGIBLE, {"age": M}),
    Scenario(
        "m0",
        {
            "stages": (Stage(t="T4", n="N3", m="M0", group="IVA", edition="8"),),
            "metastatic": MetastaticStatus(value=False, reason="M0 recorded"),
        },
        Verdict.NOT_ELIGIBLE,
        {"stage-m1": N, "metastatic": N},
        "M0, stage IVA",
    ),
    Scenario(
        "no stage",
        {"stages": (), "metastatic": MetastaticStatus(reason="no staging recorded")},
        Verdict.POSSIBLY_ELIGIBLE,
        {"stage-m1": U, "metastatic": U},
        "No stage recorded",
    ),
    Scenario(
        "ajcc 9th m1a stage iva",
        {"stages": (Stage(m="M1a", group="IVA", edition="9"),)},
        Verdict.ELIGIBLE,
        {"stage-m1": M},
        "M1a, stage IVA (AJCC 9th edition)",
    ),
    Scenario(
        "ajcc 8th ivb with m1 is not rejected over the edition",
        {},
        Verdict.ELIGIBLE,
        {"stage-m1": M},
        "M1, stage IVB (AJCC 8th edition)",
    ),
    Scenario(
        "two prior lines",
        {"lines": (FIRST_LINE, SECOND_LINE)},
        Verdict.NOT_ELIGIBLE,
        {"prior-lines": N},
        "2 lines recorded",
    ),
    Scenario(
        # Decision: chemotherapy done, anti-PD-1 continuing = the first line, received.
        "ongoing first line in maintenance",
        FIRST_LINE_IN_MAINTENANCE,
        Verdict.ELIGIBLE,
        {"prior-lines": M, "first-line-platinum": M, "first-line-anti-pd1": M},
        "toripalimab continuing as maintenance after cisplatin, gemcitabine stopped",
    ),
    Scenario(
        # Decision: a first line still in its induction cycles may yet count; say what to confirm.
        "ongoing first line in progress",
        FIRST_LINE_IN_PROGRESS,
        Verdict.POSSIBLY_ELIGIBLE,
        {"prior-lines": U, "first-line-platinum": M, "first-line-anti-pd1": M},
        "a line still in progress counts once completed",
    ),
    Scenario(
        "pd-l1 instead of pd-1",
        {"lines": (PDL1_FIRST_LINE,)},
        Verdict.NOT_ELIGIBLE,
        {"first-line-anti-pd1": N, "first-line-platinum": M},
        "No anti-PD-1 therapy in line 1: cisplatin, gemcitabine, atezolizumab",
    ),
    Scenario(
        "karnofsky only 80",
        {"performance": (karnofsky(80, 1),)},
        Verdict.ELIGIBLE,
        {"ecog": M},
        "Karnofsky 80 on 2026-10-30, 2 days before, ECOG equivalent 1",
    ),
    Scenario(
        "karnofsky only 60",
        {"performance": (karnofsky(60, 2),)},
        Verdict.NOT_ELIGIBLE,
        {"ecog": N},
        "ECOG equivalent 2",
    ),
    Scenario(
        "qtc male 450",
        {"qtc": QTc(milliseconds=450, date=ECG_DATE)},
        Verdict.ELIGIBLE,
        {"qtc": M},
        "QTc 450 ms on 2026-10-28, 4 days before (male); trial requires QTc ≤ 450 ms",
    ),
    Scenario(
        "qtc male 451",
        {"qtc": QTc(milliseconds=451, date=ECG_DATE)},
        Verdict.NOT_ELIGIBLE,
        {"qtc": N},
        "QTc 451 ms on 2026-10-28, 4 days before (male)",
    ),
    Scenario(
        "qtc female 470",
        {"qtc": QTc(milliseconds=470, date=ECG_DATE), "demographics": female()},
        Verdict.ELIGIBLE,
        {"qtc": M},
        "QTc 470 ms on 2026-10-28, 4 days before (female); trial requires QTc ≤ 470 ms",
    ),
    Scenario(
        "qtc female 471",
        {"qtc": QTc(milliseconds=471, date=ECG_DATE), "demographics": female()},
        Verdict.NOT_ELIGIBLE,
        {"qtc": N},
        "QTc 471 ms on 2026-10-28, 4 days before (female)",
    ),
    Scenario("no qtc", {"qtc": None}, Verdict.POSSIBLY_ELIGIBLE, {"qtc": U}, "No QTc"),
    Scenario(
        "heart failure grade 2",
        {
            "comorbidities": (
                ComorbidityFact(
                    kind=Comorbidity.HEART_FAILURE, grade=2, evidence=("Condition/hf",)
                ),
            )
        },
        Verdict.NOT_ELIGIBLE,
        {"no-heart-failure": N},
        "Grade 2 heart failure recorded",
    ),
    Scenario(
        "arrhythmia without grade",
        {"comorbidities": (ComorbidityFact(kind=Comorbidity.ARRHYTHMIA),)},
        Verdict.POSSIBLY_ELIGIBLE,
        {"no-arrhythmia": U},
        "Arrhythmia recorded without a grade",
    ),
    Scenario(
        "breast cancer",
        {"diagnoses": (CancerDiagnosis(cancer_type="breast_cancer", text="Breast cancer"),)},
        Verdict.NOT_ELIGIBLE,
        # STG-OWNER: the only cancer's (breast) stage does not stage the trial's NPC.
        {"cancer-type": N, "stage-m1": U},
        "Breast cancer recorded",
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_seed_trial_verdict(catalog: Catalog, seed: Trial, scenario: Scenario) -> None:
    match = Matcher(catalog).evaluate(seed, seed_patient(**scenario.update))
    statuses = {result.id: result.status for result in match.results}
    assert match.verdict is scenario.verdict, [r.reason for r in match.results]
    for criterion_id, status in scenario.decided_by.items():
        assert statuses[criterion_id] is status
    undecided = {cid for cid, status in statuses.items() if status is not M}
    assert undecided == set(scenario.decided_by) - {
        cid for cid, s in scenario.decided_by.items() if s is M
    }
    if scenario.reason:
        deciding = [r for r in match.results if r.id in scenario.decided_by]
        assert any(scenario.reason in r.reason for r in deciding), [r.reason for r in deciding]


def test_eligible_checklist_reads_well(catalog: Catalog, seed: Trial) -> None:
    match = Matcher(catalog).evaluate(seed, seed_patient())
    reasons = {result.id: result.reason for result in match.results}
    assert reasons["stage-m1"] == (
        "T3 N2 M1, stage IVB (AJCC 8th edition) on 2026-02-20; trial requires M1, stage IVB, "
        "AJCC 9th edition; the M category decides, as stage groups differ between editions"
    )
    assert reasons["ecog"] == "ECOG 1 on 2026-10-30, 2 days before; trial requires ECOG 0–1"
    assert reasons["first-line-anti-pd1"].startswith("Anti-PD-1 therapy in line 1: cisplatin")
    assert all(result.source_text for result in match.results)
    assert match.as_of == date(2026, 11, 1)
    assert match.unknown_count == 0


def test_no_ecog_says_what_to_record(catalog: Catalog, seed: Trial) -> None:
    match = Matcher(catalog).evaluate(seed, seed_patient(performance=()))
    [review] = match.criteria_needing_review
    assert review.id == "ecog"
    assert review.to_settle == "No ECOG recorded: record an ECOG performance status"


def test_seed_trial_fields(seed: Trial) -> None:
    assert seed.title == (
        "Phase III Non-Inferiority Trial: Reduced-Target vs. Full-Target IMRT After Chemo in "
        "Immunotherapy-Treated Metastatic Nasopharyngeal Cancer"
    )
    assert seed.phase == "Phase 3"
    assert seed.overall_status is TrialStatus.RECRUITING
    assert seed.data_as_of == date(2026, 6, 1)
    assert [loc.country for loc in seed.locations] == ["China"]
    assert [(i.name, i.role) for i in seed.investigators] == [
        ("Ming-Yuan Chen", "principal_investigator")
    ]
    assert seed.sponsor is None  # not on the published page: not invented
    assert len(seed.primary_endpoints) == 2
    assert seed.brief_summary is not None
    assert seed.brief_summary.startswith("In order to further verify")
    assert seed.source.kind == "curated"
    assert seed.ctgov_url == "https://clinicaltrials.gov/study/NCT07188584"
    assert [c.type for c in seed.criteria] == [
        "cancer_type",
        "stage",
        "metastatic",
        "performance_status",
        "age",
        "prior_lines",
        "prior_therapy",
        "prior_therapy",
        "comorbidity",
        "comorbidity",
        "comorbidity",
        "qtc",
        "prior_radiotherapy",  # TRIAL-NO-PRIOR-LOCOREGIONAL-RT
    ]


def test_breast_patient_gets_no_npc_match(catalog: Catalog) -> None:
    breast = seed_patient(diagnoses=(CancerDiagnosis(cancer_type="breast_cancer"),))
    assert Matcher(catalog).match(breast) == []
    assert catalog.candidates(breast) == []


def test_eligible_patient_is_matched(catalog: Catalog) -> None:
    matches: list[TrialMatch] = Matcher(catalog).match(seed_patient())
    assert [(m.trial.nct_id, m.verdict) for m in matches] == [(SEED, Verdict.ELIGIBLE)]
