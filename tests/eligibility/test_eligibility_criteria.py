"""Every criterion type, table-driven: (criterion, what differs from the seed patient) ->
status, a phrase the reason must contain, and the hint for unknowns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, get_args

import pytest
from eligibility_factories import (
    FIRST_LINE,
    FIRST_LINE_IN_MAINTENANCE,
    FIRST_LINE_IN_PROGRESS,
    ONGOING_FIRST_LINE,
    karnofsky,
    seed_patient,
)
from pydantic import TypeAdapter, ValidationError

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import (
    Biomarker,
    CancerDiagnosis,
    ComorbidityFact,
    Demographics,
    Measurement,
    MetastaticStatus,
    QTc,
    RadiotherapyCourse,
    Stage,
    TherapyExposure,
    TherapyLine,
)
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import Analyte, Comorbidity, DrugClass, RadiotherapySite, Sex

M = CriterionStatus.MET
N = CriterionStatus.NOT_MET
U = CriterionStatus.UNKNOWN

adapter: TypeAdapter[Criterion] = TypeAdapter(Criterion)


@dataclass
class Case:
    name: str
    criterion: dict[str, Any]
    update: dict[str, Any]
    status: CriterionStatus
    reason: str  # a phrase the reason must contain
    to_settle: str | None = None  # a phrase the hint must contain (unknowns)
    evidence: tuple[str, ...] = field(default=())


# The metastatic status of a chart whose only stage says nothing of distant spread (the seed's
# is its M1 stage's).
NO_SPREAD_READ = MetastaticStatus(reason="stage recorded without M category that decides")

POSSIBLE_SECOND = TherapyLine(
    number=0,
    agents=(),
    classes=frozenset(),
    start=date(2026, 10, 1),
    end=date(2026, 11, 12),
    unresolved=("a medication the chart does not hold (Medication/item-7)",),
    possible=True,
    evidence=("MedicationAdministration/x1",),
)

# The date the seed patient's ECG carries (eligibility_factories.seed_patient).
QTC_DATE = date(2026, 10, 28)


def crit(kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "id": kind, "label": kind.replace("_", " "), **fields}


def dx(node: str | None, text: str = "cancer", **extra: Any) -> CancerDiagnosis:
    return CancerDiagnosis(cancer_type=node, text=text, evidence=(f"Condition/{node}",), **extra)


def demo(**fields: Any) -> Demographics:
    return Demographics(evidence=("Patient/p1",), **fields)


def lab(analyte: Analyte, value: float, unit: str, **extra: Any) -> Measurement:
    return Measurement(
        analyte=analyte,
        value=value,
        unit=unit,
        date=date(2026, 10, 25),
        evidence=(f"Observation/{analyte.value}",),
        **extra,
    )


def condition(kind: Comorbidity, grade: int | None, active: bool = True) -> ComorbidityFact:
    return ComorbidityFact(
        kind=kind, grade=grade, active=active, evidence=(f"Condition/{kind.value}",)
    )


NPC = crit("cancer_type", allowed=["nasopharyngeal_carcinoma"])
SOLID_NOT_BREAST = crit("cancer_type", allowed=["solid_tumor"], excluded=["breast_cancer"])
M1 = crit("stage", m_categories=["M1"], stage_groups=["IVB"], edition="9")
IVB_ONLY = crit("stage", stage_groups=["IVB"], edition="9")
ECOG_0_1 = crit("performance_status", ecog_min=0, ecog_max=1)
KPS_70 = crit("performance_status", karnofsky_min=70)
ECOG_OR_KPS = crit("performance_status", ecog_max=1, karnofsky_min=70)
AGE = crit("age", min_years=18, max_years=70)
ONE_LINE = crit("prior_lines", min_lines=1, max_lines=1)
AT_MOST_2 = crit("prior_lines", max_lines=2)
PLATINUM_L1 = crit("prior_therapy", drug_class="platinum", line=1)
NO_PD1 = crit("prior_therapy", drug_class="anti_pd1", received=False)
CISPLATIN = crit("prior_therapy", agent="Cisplatin")
QTC = crit("qtc", max_ms_male=450, max_ms_female=470)
ANC = crit("lab", analyte="anc", comparator=">=", value=1.5)
ALT = crit("lab", analyte="alt", comparator="<=", times_uln=2.5)
RECENT_PLT = crit("lab", analyte="platelets", comparator=">=", value=100, within_days=14)
HF2 = crit("comorbidity", condition="heart_failure", min_grade=2)
ANY_HIV = crit("comorbidity", condition="hiv")
PDL1 = crit("biomarker", name="PD-L1 TPS", min_value=1, unit="%")
EBV = crit("biomarker", name="EBV DNA", result="positive")
NO_NECK_RT = crit("prior_radiotherapy", sites=["nasopharynx", "neck"])

NPC_LINE_PDL1 = TherapyLine(
    number=1,
    agents=("cisplatin", "atezolizumab"),
    classes=frozenset({DrugClass.PLATINUM, DrugClass.ANTI_PDL1}),
    evidence=("MedicationStatement/l1",),
)
SECOND = TherapyLine(
    number=2,
    agents=("docetaxel",),
    classes=frozenset({DrugClass.TAXANE}),
    evidence=("MedicationStatement/l2",),
)
SECOND_ONGOING = SECOND.model_copy(update={"ongoing": True})

CASES = [
    # cancer type
    Case("npc met", NPC, {}, M, "Nasopharyngeal carcinoma recorded", evidence=("Condition/npc",)),
    Case(
        "breast not met",
        NPC,
        {"diagnoses": (dx("breast_cancer"),)},
        N,
        "Breast cancer recorded; trial requires Nasopharyngeal carcinoma",
    ),
    Case(
        "no diagnosis unknown",
        NPC,
        {"diagnoses": ()},
        U,
        "No primary cancer diagnosis recorded",
        "primary cancer diagnosis",
    ),
    Case(
        "unplaced unknown",
        NPC,
        {"diagnoses": (dx(None, "Malignant neoplasm NOS"),)},
        U,
        "not recognised (Malignant neoplasm NOS)",
        "ICD-10-CM",
    ),
    Case(
        "refuted ignored",
        NPC,
        {"diagnoses": (dx("nasopharyngeal_carcinoma", verification_status="refuted"),)},
        U,
        "No primary cancer diagnosis",
        "ICD-10-CM",
    ),
    Case("basket reaches npc", SOLID_NOT_BREAST, {}, M, "Nasopharyngeal carcinoma recorded"),
    Case(
        "basket excludes breast",
        SOLID_NOT_BREAST,
        {"diagnoses": (dx("breast_cancer"),)},
        N,
        "Breast cancer (excluded) recorded",
    ),
    Case(
        "basket rejects leukaemia",
        SOLID_NOT_BREAST,
        {"diagnoses": (dx("acute_myeloid_leukemia"),)},
        N,
        "Acute myeloid leukaemia recorded",
    ),
    Case(
        "second placed cancer can qualify",
        NPC,
        {"diagnoses": (dx("breast_cancer"), dx("nasopharyngeal_carcinoma"))},
        M,
        "Nasopharyngeal carcinoma recorded",
    ),
    # stage: the M category decides, whatever the edition
    Case("M1 8th edition met", M1, {}, M, "AJCC 8th edition"),
    Case(
        "M1a 9th met",
        M1,
        {"stages": (Stage(m="cM1a", group="IVA", edition="9"),)},
        M,
        "cM1a, stage IVA (AJCC 9th edition)",
    ),
    Case("M1b met", M1, {"stages": (Stage(m="M1b", group="IVB", edition="9"),)}, M, "M1b"),
    Case(
        "M0 not met",
        M1,
        {
            "stages": (Stage(t="T4", n="N3", m="M0", group="IVA", edition="8"),),
            "metastatic": MetastaticStatus(value=False, reason="M0 recorded"),
        },
        N,
        "T4 N3 M0, stage IVA (AJCC 8th edition)",
    ),
    # STG-RESTAGED: a documented distant metastasis is M1 whatever an older stage recorded.
    Case(
        "an M0 stage before a documented metastasis: M1",
        M1,
        {
            "stages": (Stage(t="T3", n="N1", m="M0", group="III", edition="8"),),
            "metastatic": MetastaticStatus(
                value=True,
                reason="secondary malignancy of a distant site recorded",
                evidence=("Condition/liver-mets",),
            ),
        },
        M,
        "M1 whatever the stage recorded",
        evidence=("Condition/liver-mets",),
    ),
    Case(
        "a stage without M and a documented metastasis: M1",
        M1,
        {
            "stages": (Stage(t="T3", n="N2"),),
            "metastatic": MetastaticStatus(value=True, reason="secondary malignancy recorded"),
        },
        M,
        "M1 whatever the stage recorded",
    ),
    Case(
        "M0 asked, a metastasis documented",
        crit("stage", m_categories=["M0"]),
        {
            "stages": (Stage(t="T3", n="N1", m="M0", group="III", edition="8"),),
            "metastatic": MetastaticStatus(value=True, reason="secondary malignancy recorded"),
        },
        N,
        "Distant metastasis recorded",
    ),
    Case(
        "M1a asked, a metastasis documented without its subcategory",
        crit("stage", m_categories=["M1a"]),
        {
            "stages": (Stage(t="T3", n="N1", m="M0", group="III", edition="8"),),
            "metastatic": MetastaticStatus(value=True, reason="secondary malignancy recorded"),
        },
        U,
        "subcategory not recorded",
        "M category",
    ),
    Case(
        "a group asked, a metastasis documented since the group was recorded",
        crit("stage", stage_groups=["III", "IVA"]),
        {
            "stages": (Stage(t="T3", n="N1", m="M0", group="III", edition="8"),),
            "metastatic": MetastaticStatus(value=True, reason="secondary malignancy recorded"),
        },
        U,
        "a distant metastasis is recorded",
        "current stage",
    ),
    # STG-SUSPECTED: a metastasis held open leaves an M0 stage undecided.
    Case(
        "an M0 stage and a metastasis suspected since",
        M1,
        {
            "stages": (Stage(t="T4", n="N2", m="M0", group="IVA", edition="8"),),
            "metastatic": MetastaticStatus(
                reason="distant metastasis suspected", suspected=True, evidence=("Condition/x",)
            ),
        },
        U,
        "suspected",
        "confirmed or ruled out",
    ),
    # STG-RECURRED: a recurrence of unrecorded extent since the M0 leaves it undecided.
    Case(
        "an M0 stage and a recurrence since, where not recorded",
        M1,
        {
            "stages": (Stage(t="T3", n="N1", m="M0", group="III", edition="8"),),
            "metastatic": MetastaticStatus(
                reason="M0 recorded on 2023-02-20, before the cancer recurred",
                recurred='"鼻咽癌复发" (2025-10-15)',
                evidence=("Condition/x",),
            ),
        },
        U,
        "recurred since",
        "Restage the recurrence",
    ),
    Case(
        "a group asked, M0 and a recurrence since",
        crit("stage", stage_groups=["III", "IVA"]),
        {
            "stages": (Stage(t="T3", n="N1", m="M0", group="III", edition="8"),),
            "metastatic": MetastaticStatus(
                reason="M0 recorded", recurred='clinical status "recurrence"'
            ),
        },
        U,
        "recurred since",
        "rTNM",
    ),
    Case(
        "no stage unknown",
        M1,
        {"stages": (), "metastatic": NO_SPREAD_READ},
        U,
        "No stage recorded",
        "M category",
    ),
    Case(
        "MX falls back to the group",
        M1,
        {"stages": (Stage(m="MX", group="IVB", edition="9"),)},
        M,
        "stage IVB",
    ),
    Case(
        # STG-EDITION: NPC IVB is M1 in the 8th edition, whatever the protocol's edition.
        "group of another edition without M",
        M1,
        {"stages": (Stage(group="IVB", edition="8"),)},
        M,
        "means M1 in the AJCC 8th edition",
    ),
    Case(
        # STG-EDITION: NPC stage III is M0 in the 9th edition.
        "other group without M",
        M1,
        {
            "stages": (Stage(group="III", edition="9"),),
            "metastatic": MetastaticStatus(value=False, reason="stage III means M0"),
        },
        N,
        "means M0 in the AJCC 9th edition",
    ),
    Case(
        # STG-EDITION: NPC IVA without edition is M0 (8th) or M1a (9th).
        "npc iva without edition",
        M1,
        {"stages": (Stage(group="IVA"),), "metastatic": NO_SPREAD_READ},
        U,
        "without an M category or an edition",
        "AJCC edition",
    ),
    Case(
        "group only criterion met",
        IVB_ONLY,
        {"stages": (Stage(group="Stage IVB"),)},
        M,
        "stage IVB",
    ),
    Case(
        "group only criterion not met",
        IVB_ONLY,
        {"stages": (Stage(group="IVA", edition="9"),)},
        N,
        "stage IVA",
    ),
    Case(
        # STG-EDITION: the newest stage decides; NPC IVB is M1 in the 8th and 9th editions.
        "newest stage with M wins",
        M1,
        {"stages": (Stage(group="IVB"), Stage(m="M0", group="III", edition="8"))},
        M,
        "means M1",
    ),
    # metastatic
    Case("metastatic met", crit("metastatic"), {}, M, "Metastatic (M1 on 2026-02-20)"),
    Case(
        "not metastatic",
        crit("metastatic"),
        {"metastatic": MetastaticStatus(value=False, reason="M0 recorded")},
        N,
        "Not metastatic",
    ),
    Case(
        "metastatic unknown",
        crit("metastatic"),
        {"metastatic": MetastaticStatus(reason="no staging recorded")},
        U,
        "Metastatic status unknown (no staging recorded)",
        "distant metastasis",
    ),
    Case(
        # STG-RECURRED
        "metastatic unknown after a recurrence since the M0",
        crit("metastatic"),
        {
            "metastatic": MetastaticStatus(
                reason="M0 recorded on 2023-02-20, before the cancer recurred",
                recurred='"鼻咽癌复发" (2025-10-15)',
            )
        },
        U,
        "before the cancer recurred",
        "Restage the recurrence",
    ),
    Case(
        "non-metastatic required",
        crit("metastatic", required=False),
        {"metastatic": MetastaticStatus(value=False, reason="M0")},
        M,
        "metastatic disease excl",
    ),
    # disease extent, measurable disease (EXT-EXTENT, EXT-MEASURABLE)
    Case(
        "extent metastatic met",
        crit("disease_extent", allowed=["locally_advanced", "metastatic"]),
        {},
        M,
        "Metastatic (M1 on 2026-02-20); trial requires locally advanced or metastatic disease",
    ),
    Case(
        "extent local not recorded",
        crit("disease_extent", allowed=["locally_advanced", "metastatic"]),
        {"metastatic": MetastaticStatus(value=False, reason="M0 recorded"), "stages": ()},
        U,
        "Not metastatic (M0 recorded); whether locally advanced not recorded",
        "whether the disease is locally advanced",
    ),
    Case(
        "measurable not recorded",
        crit("measurable_disease", standard="RECIST 1.1"),
        {},
        U,
        "Measurable disease not recorded; trial requires measurable disease (RECIST 1.1)",
        "measurable lesion",
    ),
    # performance status
    Case(
        "ecog 1 met",
        ECOG_0_1,
        {},
        M,
        "ECOG 1 on 2026-10-30, 2 days before; trial requires ECOG 0–1",
    ),
    Case(
        "ecog 2 not met",
        ECOG_0_1,
        {"performance": (karnofsky(60, 2),)},
        N,
        "Karnofsky 60 on 2026-10-30, 2 days before, ECOG equivalent 2",
    ),
    Case(
        "no ps unknown",
        ECOG_0_1,
        {"performance": ()},
        U,
        "No performance status recorded",
        "No ECOG recorded: record an ECOG performance status",
    ),
    Case(
        "kps 80 meets ecog range",
        ECOG_0_1,
        {"performance": (karnofsky(80, 1),)},
        M,
        "Karnofsky 80 on 2026-10-30, 2 days before, ECOG equivalent 1",
    ),
    Case("kps on kps criterion", KPS_70, {"performance": (karnofsky(60, 2),)}, N, "Karnofsky 60"),
    Case(
        "ecog 1 for kps ≥ 70 via band",
        KPS_70,
        {},
        M,
        "ECOG 1 on 2026-10-30, 2 days before (Karnofsky 70–90)",
    ),
    Case(
        # CNV-KPS-ECOG: ECOG 2 pairs with Karnofsky 50–70, so "Karnofsky ≥ 70" is open.
        "ecog 2 against kps ≥ 70 is unknown",
        KPS_70,
        {"performance": (karnofsky(60, 2).model_copy(update={"scale": "ecog", "score": 2}),)},
        U,
        "Karnofsky 50–70",
        "Record a Karnofsky performance status",
    ),
    Case(
        "kps 70 on either-or", ECOG_OR_KPS, {"performance": (karnofsky(70, 2),)}, M, "Karnofsky 70"
    ),
    Case(
        "stale ecog",
        crit("performance_status", ecog_max=1, within_days=28),
        {"as_of": date(2027, 1, 15)},
        U,
        "ECOG 1 on 2026-10-30, 77 days before: older than the 28-day window",
        "within 28 days",
    ),
    Case(
        "recent ecog",
        crit("performance_status", ecog_max=1, within_days=28),
        {},
        M,
        "ECOG 1 on 2026-10-30",
    ),
    # age
    Case("age 55 met", AGE, {}, M, "Age 55; trial requires age 18–70"),
    Case("age 71 not met", AGE, {"demographics": demo(age_years=71)}, N, "Age 71"),
    Case("age 70 met (inclusive)", AGE, {"demographics": demo(age_years=70)}, M, "Age 70"),
    Case(
        "partial birth date straddles",
        AGE,
        {"demographics": demo(birth_date_precision="year", age_min=70, age_max=71)},
        U,
        "Age 70–71 (birth date recorded only to the year)",
        "full birth date",
    ),
    Case(
        "partial birth date inside",
        AGE,
        {"demographics": demo(birth_date_precision="year", age_min=60, age_max=61)},
        M,
        "Age 60–61",
    ),
    Case(
        "partial birth date outside",
        AGE,
        {"demographics": demo(birth_date_precision="year", age_min=72, age_max=73)},
        N,
        "Age 72–73",
    ),
    Case("no birth date", AGE, {"demographics": demo()}, U, "No birth date", "birth date"),
    # sex
    Case(
        "female met",
        crit("sex", allowed=["female"]),
        {"demographics": demo(sex=Sex.FEMALE)},
        M,
        "Sex female",
    ),
    Case("male not met", crit("sex", allowed=["female"]), {}, N, "Sex male; trial enrols female"),
    Case(
        "sex unknown",
        crit("sex", allowed=["female"]),
        {"demographics": demo()},
        U,
        "Sex not recorded",
        "Record the patient's sex",
    ),
    Case(
        "sex other",
        crit("sex", allowed=["female"]),
        {"demographics": demo(sex=Sex.OTHER)},
        U,
        "Sex recorded as other",
        "protocol",
    ),
    # prior lines
    Case("one completed line met", ONE_LINE, {}, M, "1 line recorded (line 1: cisplatin"),
    Case("two lines not met", ONE_LINE, {"lines": (FIRST_LINE, SECOND)}, N, "2 lines recorded"),
    # EXP-UNRESOLVED: records of a drug not known outside every line may be a second line.
    Case(
        "an unknown drug after the first line: the count is unknown",
        ONE_LINE,
        {"lines": (FIRST_LINE, POSSIBLE_SECOND)},
        U,
        "possibly 1 line of its own",
        "Record the drug given as a medication the chart does not hold (Medication/item-7) "
        "from 2026-10-01",
        evidence=(
            "MedicationAdministration/c1",
            "MedicationAdministration/t1",
            "MedicationAdministration/x1",
        ),
    ),
    Case(
        "an unknown drug still taken outside every line is ongoing, not given on one day",
        ONE_LINE,
        {
            "lines": (
                FIRST_LINE,
                POSSIBLE_SECOND.model_copy(
                    update={"start": date(2024, 2, 20), "end": None, "ongoing": True}
                ),
            )
        },
        U,
        "(a medication the chart does not hold (Medication/item-7) since 2024-02-20, ongoing, "
        "counted in no line)",
        "Record the drug given as a medication the chart does not hold (Medication/item-7) "
        "from 2024-02-20",
    ),
    Case(
        "an unknown drug after the first line leaves line 1 as it is",
        PLATINUM_L1,
        {"lines": (FIRST_LINE, POSSIBLE_SECOND)},
        M,
        "cisplatin",
    ),
    Case(
        "first line in progress unknown",
        ONE_LINE,
        FIRST_LINE_IN_PROGRESS,
        U,
        "a line still in progress counts once completed",
        "Confirm line 1 is completed",
    ),
    Case(
        "first line in maintenance counts",
        ONE_LINE,
        FIRST_LINE_IN_MAINTENANCE,
        M,
        "line 1 counts: toripalimab continuing as maintenance after cisplatin, gemcitabine stopped",
    ),
    Case(
        "two lines, the second in progress, exceed a maximum of one",
        ONE_LINE,
        {"lines": (FIRST_LINE, SECOND_ONGOING)},
        N,
        "2 lines recorded",
    ),
    Case(
        "no lines recorded",
        ONE_LINE,
        {"lines": ()},
        U,
        "No systemic therapy recorded",
        "treatment given elsewhere",
    ),
    Case("no lines meets a maximum", AT_MOST_2, {"lines": ()}, M, "No prior systemic therapy"),
    # prior therapy
    Case("platinum in line 1", PLATINUM_L1, {}, M, "Platinum-based chemotherapy in line 1"),
    Case(
        "no platinum in line 1",
        PLATINUM_L1,
        {"lines": (SECOND.model_copy(update={"number": 1}),)},
        N,
        "No platinum-based chemotherapy in line 1: docetaxel",
    ),
    Case(
        "line 1 unknown without therapy",
        PLATINUM_L1,
        {"lines": (), "exposures": ()},
        U,
        "No systemic therapy recorded",
        "line 1",
    ),
    Case("excluded class received", NO_PD1, {}, N, "Received toripalimab; trial excludes"),
    Case(
        "excluded class absent",
        NO_PD1,
        {"lines": (), "exposures": ()},
        M,
        "No anti-PD-1 therapy recorded",
    ),
    Case("agent received", CISPLATIN, {}, M, "Received cisplatin"),
    Case(
        "agent absent with other therapy",
        CISPLATIN,
        {
            "lines": (SECOND,),
            "exposures": (TherapyExposure(agent="docetaxel", source="MedicationStatement"),),
        },
        N,
        "No cisplatin among docetaxel",
    ),
    Case(
        "agent unknown without therapy",
        CISPLATIN,
        {"lines": (), "exposures": ()},
        U,
        "No anticancer therapy recorded",
        "cisplatin",
    ),
    # QTc
    Case(
        "qtc 430 male",
        QTC,
        {},
        M,
        "QTc 430 ms on 2026-10-28, 4 days before (male); trial requires QTc ≤ 450",
    ),
    Case("no qtc", QTC, {"qtc": None}, U, "No QTc recorded", "ECG"),
    Case(
        "qtc 460 sex unknown",
        QTC,
        {"qtc": QTc(milliseconds=460, date=QTC_DATE), "demographics": demo()},
        U,
        "sex not recorded",
        "sex",
    ),
    Case(
        "qtc 440 sex unknown",
        QTC,
        {"qtc": QTc(milliseconds=440, date=QTC_DATE), "demographics": demo()},
        M,
        "QTc 440",
    ),
    Case(
        "qtc 480 sex unknown",
        QTC,
        {"qtc": QTc(milliseconds=480, date=QTC_DATE), "demographics": demo()},
        N,
        "QTc 480",
    ),
    Case(
        "stale qtc",
        crit("qtc", max_ms_male=450, max_ms_female=470, within_days=14),
        {"as_of": date(2026, 12, 1)},
        U,
        "QTc 430 ms on 2026-10-28, 34 days before: older than the 14-day window",
        "12-lead ECG",
    ),
    Case(
        "undated qtc when recency matters",
        crit("qtc", max_ms_male=450, max_ms_female=470, within_days=14),
        {"qtc": QTc(milliseconds=430)},
        U,
        "QTc 430 ms (undated): its age cannot be shown to be within the 14-day window",
        "12-lead ECG",
    ),
    # labs
    Case(
        "anc met",
        ANC,
        {"labs": (lab(Analyte.ANC, 2.1, "10*9/L"),)},
        M,
        "ANC 2.1 10*9/L on 2026-10-25, 7 days before; trial requires ANC ≥ 1.5 10*9/L",
    ),
    Case("anc not met", ANC, {"labs": (lab(Analyte.ANC, 1.2, "10*9/L"),)}, N, "ANC 1.2"),
    Case("anc equal met", ANC, {"labs": (lab(Analyte.ANC, 1.5, "10*9/L"),)}, M, "ANC 1.5"),
    Case("no anc", ANC, {}, U, "No ANC result", "Record the ANC result"),
    Case(
        "anc wrong unit",
        ANC,
        {"labs": (lab(Analyte.ANC, 2100, "/uL"),)},
        U,
        "not in 10*9/L",
        "in 10*9/L",
    ),
    Case(
        "alt × uln met",
        ALT,
        {"labs": (lab(Analyte.ALT, 80, "U/L", upper_limit_normal=40),)},
        M,
        "ALT 80 U/L on 2026-10-25, 7 days before (2 × ULN 40); trial requires ALT ≤ 2.5 × ULN",
    ),
    Case(
        "alt × uln not met",
        ALT,
        {"labs": (lab(Analyte.ALT, 120, "U/L", upper_limit_normal=40),)},
        N,
        "3 × ULN",
    ),
    Case(
        "alt without uln",
        ALT,
        {"labs": (lab(Analyte.ALT, 80, "U/L"),)},
        U,
        "without an upper limit of normal",
        "reference range",
    ),
    Case(
        "stale platelets",
        RECENT_PLT,
        {"labs": (lab(Analyte.PLATELETS, 150, "10*9/L"),)} | {"as_of": date(2026, 12, 1)},
        U,
        "Platelets 150 10*9/L on 2026-10-25, 37 days before: older than the 14-day window",
        "within 14 days",
    ),
    Case(
        "recent platelets",
        RECENT_PLT,
        {"labs": (lab(Analyte.PLATELETS, 150, "10*9/L"),)},
        M,
        "Platelets 150",
    ),
    # brain metastases (CNS-METASTASES; the cases are in test_eligibility_cns_infections)
    Case(
        "brain metastases, none allowed",
        crit("brain_metastases", allowed="none"),
        {"comorbidities": (condition(Comorbidity.BRAIN_METASTASES, None),)},
        N,
        "Brain metastases recorded; trial excludes any brain metastases",
        evidence=("Condition/brain_metastases",),
    ),
    # infection (INF-HIV)
    Case(
        "hiv, uncontrolled excluded, control not recorded",
        crit("infection", infection="hiv", excluded="uncontrolled"),
        {"comorbidities": (condition(Comorbidity.HIV, None),)},
        U,
        "HIV infection recorded, control not recorded",
        "CD4",
        evidence=("Condition/hiv",),
    ),
    # comorbidity
    Case("no heart failure", HF2, {}, M, "No active heart failure recorded"),
    Case(
        "hf grade 2",
        HF2,
        {"comorbidities": (condition(Comorbidity.HEART_FAILURE, 2),)},
        N,
        "Grade 2 heart failure recorded; trial excludes grade ≥ 2 heart failure",
        evidence=("Condition/heart_failure",),
    ),
    Case(
        "hf grade 1",
        HF2,
        {"comorbidities": (condition(Comorbidity.HEART_FAILURE, 1),)},
        M,
        "Grade 1 heart failure recorded",
    ),
    Case(
        "hf without grade",
        HF2,
        {"comorbidities": (condition(Comorbidity.HEART_FAILURE, None),)},
        U,
        "Heart failure recorded without a grade",
        "NYHA",
    ),
    Case(
        "hf resolved",
        HF2,
        {"comorbidities": (condition(Comorbidity.HEART_FAILURE, 3, active=False),)},
        M,
        "No active heart failure",
    ),
    Case(
        "hiv any grade",
        ANY_HIV,
        {"comorbidities": (condition(Comorbidity.HIV, None),)},
        N,
        "HIV infection recorded; trial excludes any HIV infection",
    ),
    # other malignancy (MAL-OTHER; tests/eligibility/test_eligibility_other_malignancy.py)
    Case(
        "no other malignancy",
        crit("other_malignancy", within_years=5, section="exclusion"),
        {},
        M,
        "No malignancy besides the trial's recorded",
    ),
    Case(
        "breast cancer diagnosed two years ago",
        crit("other_malignancy", within_years=5, section="exclusion"),
        {
            "diagnoses": (
                dx("nasopharyngeal_carcinoma", onset=date(2026, 2, 10)),
                dx("breast_cancer", "Breast cancer", onset=date(2024, 9, 1)),
            )
        },
        N,
        "Breast cancer (2024-09-01): diagnosed within 5 years",
        evidence=("Condition/breast_cancer",),
    ),
    # biomarkers
    Case(
        "pd-l1 met",
        PDL1,
        {"biomarkers": (Biomarker(name="PD-L1 tps", value_number=50, unit="%"),)},
        M,
        "PD-L1 tps 50 %",
    ),
    Case(
        "pd-l1 below",
        PDL1,
        {"biomarkers": (Biomarker(name="PDL1-TPS", value_number=0, unit="%"),)},
        N,
        "PDL1-TPS 0",
    ),
    Case("pd-l1 missing", PDL1, {}, U, "No PD-L1 TPS result", "PD-L1 TPS"),
    Case(
        "ebv positive",
        EBV,
        {"biomarkers": (Biomarker(name="EBV DNA", positive=True),)},
        M,
        "EBV DNA positive",
    ),
    Case(
        "ebv negative",
        EBV,
        {"biomarkers": (Biomarker(name="EBV DNA", positive=False),)},
        N,
        "EBV DNA negative",
    ),
    Case(
        "ebv uninterpreted",
        EBV,
        {"biomarkers": (Biomarker(name="EBV DNA", value_text="1200 copies/mL"),)},
        U,
        "EBV DNA 1200 copies/mL",
        "EBV DNA",
    ),
    # prior radiotherapy (TRIAL-NO-PRIOR-LOCOREGIONAL-RT)
    Case(
        "no prior locoregional rt, none recorded",
        NO_NECK_RT,
        {},
        M,
        "No radiotherapy recorded",
    ),
    Case(
        "no prior locoregional rt, nasopharynx irradiated",
        NO_NECK_RT,
        {"radiotherapy": (RadiotherapyCourse(sites=frozenset({RadiotherapySite.NASOPHARYNX})),)},
        N,
        "Radiotherapy to the nasopharynx",
    ),
    # free text
    Case(
        "free text never evaluated",
        crit("free_text", text="No active autoimmune disease"),
        {},
        U,
        "Not evaluated automatically",
        "Review: No active autoimmune disease",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_criterion(case: Case) -> None:
    criterion = adapter.validate_python({**case.criterion, "source_text": "as published"})
    result = evaluate_criterion(criterion, seed_patient(**case.update), default_taxonomy())
    assert result.status is case.status, result.reason
    assert case.reason in result.reason
    assert result.source_text == "as published"
    if case.status is U:
        assert result.to_settle is not None
        assert case.to_settle is not None
        assert case.to_settle in result.to_settle
    else:
        assert result.to_settle is None
    if case.evidence:
        assert result.evidence == case.evidence
    assert result.manual_review == (case.criterion["type"] == "free_text")


def test_lot_in_progress_an_order_left_active_past_its_end_keeps_its_agent_continuing() -> None:
    """LOT-IN-PROGRESS: the chemotherapy done, a maintenance record still `active` though its
    dates have passed keeps the line ongoing and its agent continuing: the first line in
    maintenance has been received (before, every agent read as over and the line as in its
    first cycles: unknown). A line whose every agent is still active stays in progress."""
    criterion = adapter.validate_python(ONE_LINE)
    stale = {
        "exposures": tuple(
            e.model_copy(update={"end": date(2026, 10, 20)}) if e.status == "active" else e
            for e in FIRST_LINE_IN_MAINTENANCE["exposures"]
        ),
        "lines": FIRST_LINE_IN_MAINTENANCE["lines"],
    }
    result = evaluate_criterion(criterion, seed_patient(**stale), default_taxonomy())
    assert result.status is M, result.reason
    assert "toripalimab continuing as maintenance after cisplatin, gemcitabine stopped" in (
        result.reason
    )
    started = {
        "exposures": tuple(
            e.model_copy(update={"end": date(2026, 10, 20)})
            for e in FIRST_LINE_IN_PROGRESS["exposures"]
        ),
        "lines": FIRST_LINE_IN_PROGRESS["lines"],
    }
    result = evaluate_criterion(criterion, seed_patient(**started), default_taxonomy())
    assert result.status is U, result.reason


def test_lot_in_progress_a_study_drug_still_given_continues_its_line() -> None:
    """LOT-IN-PROGRESS, EXP-BLINDED (7 December 2026, twenty-seventh session): the doublet
    done and a blinded study drug naming no drug (a drug not known the line holds) still given
    as its maintenance: the ongoing line has been received, the study drug continuing. Before,
    every agent the line names read as over and the line as in its first cycles; a study drug
    stopped too leaves the line in progress."""
    criterion = adapter.validate_python(ONE_LINE)
    chemotherapy = [e for e in FIRST_LINE_IN_MAINTENANCE["exposures"] if e.status != "active"]
    study = TherapyExposure(
        agent="blinded study drug",
        start=date(2026, 8, 3),
        status="active",
        source="MedicationAdministration",
        resolved=False,
        evidence=("MedicationAdministration/study",),
    )
    line = ONGOING_FIRST_LINE.model_copy(
        update={"agents": ("cisplatin", "gemcitabine"), "unresolved": ("blinded study drug",)}
    )
    given = {"exposures": (*chemotherapy, study), "lines": (line,)}
    result = evaluate_criterion(criterion, seed_patient(**given), default_taxonomy())
    assert result.status is M, result.reason
    assert "blinded study drug continuing as maintenance after cisplatin, gemcitabine" in (
        result.reason
    )
    over = {**given, "exposures": (*chemotherapy, study.model_copy(update={"status": "stopped"}))}
    result = evaluate_criterion(criterion, seed_patient(**over), default_taxonomy())
    assert result.status is U, result.reason


def test_every_criterion_type_has_a_case() -> None:
    models = get_args(get_args(Criterion)[0])
    leaves = {m.model_fields["type"].default for m in models} - {"all_of", "any_of", "not"}
    assert leaves <= {case.criterion["type"] for case in CASES}


def test_evidence_points_at_the_fact_used() -> None:
    criterion = adapter.validate_python(ECOG_0_1)
    result = evaluate_criterion(criterion, seed_patient(), default_taxonomy())
    assert result.evidence == ("Observation/ecog-1",)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (crit("stage"), "needs m_categories or stage_groups"),
        (crit("stage", m_categories=["IV"]), "is not an M category"),
        (crit("age"), "needs min_years or max_years"),
        (crit("age", min_years=70, max_years=18), "below min_years"),
        (crit("prior_lines", min_lines=2, max_lines=1), "below min_lines"),
        (crit("prior_therapy", drug_class="platinum", agent="cisplatin"), "exactly one"),
        (crit("prior_therapy"), "exactly one"),
        (crit("prior_therapy", drug_class="unobtainium"), "Input should be"),
        (crit("lab", analyte="anc", comparator=">=", value=1.5, unit="/uL"), "canonical unit"),
        (crit("lab", analyte="anc", comparator=">=", value=1, times_uln=2), "exactly one"),
        (crit("lab", analyte="anc", comparator="=>", value=1), "Input should be"),
        (crit("performance_status"), "needs ecog_max or karnofsky_min"),
        (crit("performance_status", ecog_min=2, ecog_max=1), "below ecog_min"),
        (crit("cancer_type"), "needs allowed or excluded"),
        (crit("biomarker", name="EGFR"), "needs result"),
        (crit("sex", allowed=[]), "at least 1"),
        (crit("all_of", criteria=[]), "at least 1"),
        (crit("age", max_years=70, surprise=True), "Extra inputs"),
        ({"type": "age", "id": "", "label": "x", "max_years": 70}, "at least 1 character"),
        ({"type": "telepathy", "id": "x", "label": "x"}, "does not match any of the expected"),
    ],
)
def test_invalid_criteria_are_rejected(data: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        adapter.validate_python(data)


def test_unknown_taxonomy_node_rejected_when_the_taxonomy_is_in_context() -> None:
    data = crit("cancer_type", allowed=["nasopharyngeal"])
    adapter.validate_python(data)  # no context: shape only (the catalog checks on compile)
    with pytest.raises(ValidationError, match="unknown cancer-type node 'nasopharyngeal'"):
        adapter.validate_python(data, context={"taxonomy": default_taxonomy()})


@pytest.mark.parametrize(
    ("criterion", "reason_start"),
    [
        # Seed patient: cisplatin + gemcitabine + toripalimab in line 1, no taxane.
        (crit("prior_therapy", drug_class="taxane", received=False), "No taxane recorded;"),
        (crit("prior_therapy", drug_class="taxane", line=1), "No taxane in line 1"),
        (crit("prior_therapy", drug_class="egfr_tki"), "No EGFR tyrosine-kinase inhibitor among"),
        (crit("prior_therapy", drug_class="anti_pd1", received=False), "Received toripalimab;"),
    ],
)
def test_prior_therapy_reasons_read_as_english(
    criterion: dict[str, Any], reason_start: str
) -> None:
    result = evaluate_criterion(
        adapter.validate_python(criterion), seed_patient(), default_taxonomy()
    )
    assert result.reason.startswith(reason_start), result.reason
    assert "No a " not in result.reason
    assert "No an " not in result.reason
