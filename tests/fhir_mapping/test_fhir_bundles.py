"""PatientFacts for every committed test bundle, asserted field by field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from eligibility.codes import Code
from eligibility.facts import (
    Biomarker,
    CancerDiagnosis,
    Demographics,
    LineSetting,
    Measurement,
    MetastaticStatus,
    PatientFacts,
    PerformanceStatus,
    QTc,
    Stage,
    TherapyExposure,
    TherapyLine,
)
from eligibility.vocabulary import Analyte, DrugClass, PerformanceScale, Sex, StageKind
from tests.fhir_mapping.conftest import AS_OF, BUNDLES, map_bundle

FIRST_LINE_CLASSES = frozenset(
    {
        DrugClass.PLATINUM,
        DrugClass.ANTIMETABOLITE,
        DrugClass.CHEMOTHERAPY,
        DrugClass.ANTI_PD1,
        DrugClass.IMMUNE_CHECKPOINT_INHIBITOR,
    }
)
FIRST_LINE = ("cisplatin", "gemcitabine", "toripalimab")


@dataclass(frozen=True)
class Expected:
    """The key facts of a scenario (README.md's table); defaults are the eligible NPC patient."""

    age: int | None = 51
    sex: Sex = Sex.MALE
    cancer_types: tuple[str | None, ...] = ("nasopharyngeal_carcinoma",)
    stage: tuple[str | None, str | None, str | None, str | None] | None = ("T3", "N2", "M1", "IVB")
    metastatic: bool | None = True
    ecog: int | None = 1
    performance_scale: PerformanceScale | None = PerformanceScale.ECOG
    qtc: float | None = 428.0
    lines: tuple[tuple[tuple[str, ...], frozenset[DrugClass], bool], ...] = (
        (FIRST_LINE, FIRST_LINE_CLASSES, False),
    )
    comorbidities: tuple[tuple[str, int | None], ...] = ()
    labs: int = 7
    warnings: int = 0


LineFacts = tuple[tuple[str, ...], frozenset[DrugClass], bool]


def line(agents: tuple[str, ...], *classes: DrugClass, ongoing: bool = False) -> LineFacts:
    return (agents, frozenset(classes), ongoing)


EXPECTED: dict[str, Expected] = {
    "npc_eligible": Expected(),
    "npc_age_70": Expected(age=70),
    "npc_age_71": Expected(age=71),
    "npc_no_birthdate": Expected(age=None),
    "npc_ecog_2": Expected(ecog=2),
    "npc_no_ecog": Expected(ecog=None, performance_scale=None),
    "npc_karnofsky_only": Expected(ecog=1, performance_scale=PerformanceScale.KARNOFSKY),
    "npc_no_stage": Expected(stage=None, metastatic=None),
    "npc_stage_text_only": Expected(),
    "npc_m0_locoregional": Expected(stage=("T4", "N2", "M0", "IVA"), metastatic=False),
    "npc_two_lines": Expected(
        lines=(
            (FIRST_LINE, FIRST_LINE_CLASSES, False),
            line(("docetaxel",), DrugClass.TAXANE, DrugClass.CHEMOTHERAPY),
        )
    ),
    "npc_no_prior_therapy": Expected(lines=()),
    "npc_pdl1_instead_of_pd1": Expected(
        lines=(
            (
                ("atezolizumab", "cisplatin", "gemcitabine"),
                FIRST_LINE_CLASSES - {DrugClass.ANTI_PD1} | {DrugClass.ANTI_PDL1},
                False,
            ),
        )
    ),
    "npc_no_platinum": Expected(
        lines=(
            (
                ("gemcitabine", "toripalimab"),
                FIRST_LINE_CLASSES - {DrugClass.PLATINUM},
                False,
            ),
        )
    ),
    "npc_meds_only_medicationrequest": Expected(),
    "npc_first_line_ongoing": Expected(lines=((FIRST_LINE, FIRST_LINE_CLASSES, True),)),
    "npc_qtc_male_450": Expected(qtc=450.0),
    "npc_qtc_male_451": Expected(qtc=451.0),
    "npc_qtc_female_470": Expected(sex=Sex.FEMALE, qtc=470.0),
    "npc_qtc_female_471": Expected(sex=Sex.FEMALE, qtc=471.0),
    "npc_no_qtc": Expected(qtc=None),
    "npc_heart_failure": Expected(comorbidities=(("heart_failure", 2),)),
    "npc_heart_failure_grade_1": Expected(comorbidities=(("heart_failure", 1),)),
    # A severity Moderate is no CTCAE grade (CMB-CODES, twenty-seventh session).
    "npc_coronary_heart_disease": Expected(comorbidities=(("coronary_heart_disease", None),)),
    "npc_arrhythmia": Expected(comorbidities=(("arrhythmia", 3),)),
    "npc_chinese_ehr": Expected(
        age=58,
        sex=Sex.FEMALE,
        stage=("T2", "N3", "M1", "IVB"),
        qtc=440.0,
        lines=((("camrelizumab", "cisplatin", "gemcitabine"), FIRST_LINE_CLASSES, False),),
        labs=0,
    ),
    "npc_nedaplatin_sintilimab": Expected(
        lines=((("gemcitabine", "nedaplatin", "sintilimab"), FIRST_LINE_CLASSES, False),)
    ),
    "npc_other_patient_data": Expected(warnings=2),
    "npc_messy_real_world": Expected(warnings=1),
    "breast_cancer": Expected(
        age=56,
        sex=Sex.FEMALE,
        cancer_types=("breast_cancer",),
        stage=(None, None, None, "IV"),
        ecog=0,
        qtc=None,
        lines=(
            line(
                ("paclitaxel", "trastuzumab"),
                DrugClass.TAXANE,
                DrugClass.CHEMOTHERAPY,
                DrugClass.ANTI_HER2,
                DrugClass.TARGETED_THERAPY,
                ongoing=True,
            ),
        ),
        labs=0,
    ),
    "nsclc": Expected(
        age=63,
        cancer_types=("non_small_cell_lung_cancer",),
        stage=(None, None, "M1c", None),
        qtc=None,
        lines=(
            line(
                ("carboplatin", "pembrolizumab", "pemetrexed"),
                DrugClass.PLATINUM,
                DrugClass.ANTIMETABOLITE,
                DrugClass.CHEMOTHERAPY,
                DrugClass.ANTI_PD1,
                DrugClass.IMMUNE_CHECKPOINT_INHIBITOR,
            ),
        ),
        comorbidities=(("brain_metastases", None),),
        labs=0,
    ),
}


def test_every_committed_bundle_has_expectations() -> None:
    committed = {path.stem for path in BUNDLES.glob("*.json")}
    assert committed == set(EXPECTED)
    assert len(committed) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bundle_facts(name: str) -> None:
    expected = EXPECTED[name]
    result = map_bundle(name)
    facts = result.facts

    assert facts.as_of == AS_OF
    assert facts.demographics.age_years == expected.age
    assert facts.demographics.sex is expected.sex
    assert tuple(d.cancer_type for d in facts.diagnoses) == expected.cancer_types
    stage = facts.latest_stage()
    if expected.stage is None:
        assert stage is None
    else:
        assert stage is not None
        assert (stage.t, stage.n, stage.m, stage.group) == expected.stage
    assert facts.metastatic.value is expected.metastatic
    performance = facts.latest_performance()
    if expected.ecog is None:
        assert performance is None
    else:
        assert performance is not None
        assert performance.ecog == expected.ecog
        assert performance.scale is expected.performance_scale
    assert (facts.qtc.milliseconds if facts.qtc else None) == expected.qtc
    assert tuple((ln.agents, ln.classes, ln.ongoing) for ln in facts.lines) == expected.lines
    assert [ln.number for ln in facts.lines] == list(range(1, len(expected.lines) + 1))
    assert tuple((c.kind.value, c.grade) for c in facts.comorbidities) == expected.comorbidities
    assert len(facts.labs) == expected.labs
    assert len(result.warnings) == expected.warnings
    for fact in (stage, performance, facts.qtc, *facts.lines, *facts.labs, *facts.exposures):
        if fact is not None:
            assert fact.evidence, "every fact names the resources it came from"


def test_eligible_npc_patient_in_full() -> None:
    """The reference scenario, every field of PatientFacts."""
    p = "npc-eligible"
    facts = map_bundle("npc_eligible").facts
    obs = [f"Observation/{p}-observation-{n}" for n in range(0, 30)]
    stage_evidence = (obs[3], obs[4], obs[5], obs[6])
    med = [f"MedicationStatement/{p}-medicationstatement-{n}" for n in range(0, 40)]
    expected = PatientFacts(
        as_of=AS_OF,
        patient=f"Patient/{p}",
        demographics=Demographics(
            evidence=(f"Patient/{p}",),
            birth_date=date(1975, 3, 10),
            birth_date_precision="day",
            age_years=51,
            age_min=51,
            age_max=51,
            sex=Sex.MALE,
        ),
        diagnoses=(
            CancerDiagnosis(
                evidence=(f"Condition/{p}-condition-1",),
                cancer_type="nasopharyngeal_carcinoma",
                codes=(Code(system="http://hl7.org/fhir/sid/icd-10-cm", code="C11.9"),),
                text="Nasopharyngeal carcinoma",
                onset=date(2025, 9, 15),
                recorded=date(2025, 9, 15),
                clinical_status="active",
                verification_status="confirmed",
                metastatic_since=date(2025, 9, 20),  # its M1 stage
            ),
        ),
        stages=(
            Stage(
                diagnosis=f"Condition/{p}-condition-1",  # STG-OWNER
                evidence=stage_evidence,
                t="T3",
                n="N2",
                m="M1",
                group="IVB",
                kind=StageKind.CLINICAL,
                edition="8",
                date=date(2025, 9, 20),
            ),
        ),
        metastatic=MetastaticStatus(value=True, reason="M1 recorded", evidence=stage_evidence),
        metastatic_by_diagnosis=(
            MetastaticStatus(
                value=True,
                reason="M1 recorded",
                evidence=stage_evidence,
                diagnosis=f"Condition/{p}-condition-1",
            ),
        ),
        performance=(
            PerformanceStatus(
                evidence=(obs[9],),
                scale=PerformanceScale.ECOG,
                score=1,
                ecog=1,
                date=date(2026, 11, 10),
            ),
            PerformanceStatus(
                evidence=(obs[8],),
                scale=PerformanceScale.ECOG,
                score=0,
                ecog=0,
                date=date(2025, 9, 16),
            ),
        ),
        labs=(
            Measurement(
                evidence=(obs[11],),
                analyte=Analyte.HEMOGLOBIN,
                value=12.5,
                unit="g/dL",
                upper_limit_normal=16.0,
                date=date(2026, 11, 12),
            ),
            Measurement(
                evidence=(obs[12],),
                analyte=Analyte.ANC,
                value=3.2,
                unit="10*9/L",
                upper_limit_normal=7.5,
                date=date(2026, 11, 12),
            ),
            Measurement(
                evidence=(obs[13],),
                analyte=Analyte.PLATELETS,
                value=210.0,
                unit="10*9/L",
                upper_limit_normal=350.0,
                date=date(2026, 11, 12),
            ),
            Measurement(
                evidence=(obs[14],),
                analyte=Analyte.CREATININE,
                value=0.905,
                unit="mg/dL",
                upper_limit_normal=1.1991,
                date=date(2026, 11, 12),
            ),
            Measurement(
                evidence=(obs[15],),
                analyte=Analyte.TOTAL_BILIRUBIN,
                value=0.7018,
                unit="mg/dL",
                upper_limit_normal=1.2281,
                date=date(2026, 11, 12),
            ),
            Measurement(
                evidence=(obs[16],),
                analyte=Analyte.AST,
                value=28.0,
                unit="U/L",
                upper_limit_normal=40.0,
                date=date(2026, 11, 12),
            ),
            Measurement(
                evidence=(obs[17],),
                analyte=Analyte.ALT,
                value=30.0,
                unit="U/L",
                upper_limit_normal=40.0,
                date=date(2026, 11, 12),
            ),
        ),
        qtc=QTc(evidence=(obs[10],), milliseconds=428.0, date=date(2026, 11, 12)),
        exposures=_eligible_exposures(med),
        biomarkers=(
            Biomarker(
                evidence=(f"Observation/{p}-observation-26",),
                name="EBV DNA",
                value_number=1200.0,
                unit="copies/mL",
                date=date(2026, 11, 12),
            ),
        ),
        lines=(
            TherapyLine(
                evidence=(med[20], med[21], med[22], med[23]),
                number=1,
                agents=FIRST_LINE,
                classes=FIRST_LINE_CLASSES,
                start=date(2025, 10, 1),
                end=date(2026, 8, 30),
                ongoing=False,
                cancer_type="nasopharyngeal_carcinoma",  # LOT-CANCER: its only cancer
                setting=LineSetting.RECURRENT_METASTATIC,  # LOT-SETTING: de novo M1
            ),
        ),
    )
    assert facts == expected


def _eligible_exposures(med: list[str]) -> tuple[TherapyExposure, ...]:
    def exposure(
        index: int, agent: str, start: date, end: date, *classes: DrugClass
    ) -> TherapyExposure:
        return TherapyExposure(
            evidence=(med[index],),
            agent=agent,
            classes=frozenset(classes),
            antineoplastic=bool(classes),
            start=start,
            end=end,
            status="completed",
            source="MedicationStatement",
        )

    cycle = (date(2025, 10, 1), date(2026, 1, 20))
    pd1 = (DrugClass.ANTI_PD1, DrugClass.IMMUNE_CHECKPOINT_INHIBITOR)
    return (
        exposure(20, "cisplatin", *cycle, DrugClass.PLATINUM, DrugClass.CHEMOTHERAPY),
        exposure(25, "dexamethasone", *cycle),
        exposure(21, "gemcitabine", *cycle, DrugClass.ANTIMETABOLITE, DrugClass.CHEMOTHERAPY),
        exposure(24, "ondansetron", *cycle),
        exposure(22, "toripalimab", *cycle, *pd1),
        exposure(23, "toripalimab", date(2026, 2, 10), date(2026, 8, 30), *pd1),
    )
