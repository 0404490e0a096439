"""Writes the realistic chart set in this folder. Run from the checkout's root:

    .venv/bin/python -m test_bundles.realistic.generate

Charts shaped the way hospitals record oncology care; their coordinator's verdicts, never tuned to
the service, are in README.md. Dates are relative to AS_OF = 2026-11-25; output is deterministic.
Codes are real where we could check them, else text or a hospital-local system, as EHRs do.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tools.charts.chart import (
    NO_WHY,
    Chart,
    Component,
    Resource,
    Why,
    contained_medication,
    reference,
)
from tools.charts.codes import (
    AJCC,
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    ICD10CM,
    LOINC,
    OBSERVATION_CATEGORY,
    RXNORM,
    SNOMED,
    UCUM,
    Concept,
    concept,
    quantity,
)

HERE = Path(__file__).parent
AS_OF = date(2026, 11, 25)

ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
LOCAL_DRUG = "http://hospital.example.cn/drug"  # a hospital's own drug dictionary
LOCAL_ECG = "http://hospital.example.cn/ecg"  # the ECG cart's result codes
LOCAL_RT = "http://hospital.example.cn/radiotherapy"
# The Chinese clinical edition of ICD-10 (codes such as C79.500), as a hospital labels it.
LOCAL_ICD10 = "http://hospital.example.cn/icd10"

# --- drugs -------------------------------------------------------------------------------------
CISPLATIN = concept("Cisplatin 顺铂", (RXNORM, "2555", "cisplatin"))
CARBOPLATIN = concept("Carboplatin 卡铂", (RXNORM, "40048", "carboplatin"))
GEMCITABINE = concept("Gemcitabine 吉西他滨", (RXNORM, "12574", "gemcitabine"))
TORIPALIMAB = concept("特瑞普利单抗注射液 (Toripalimab)")
DOCETAXEL = concept("Docetaxel", (RXNORM, "72962", "docetaxel"))
FLUOROURACIL = concept("Fluorouracil", (RXNORM, "4492", "fluorouracil"))
CAPECITABINE = concept("卡培他滨片 (Capecitabine)")
PACLITAXEL = concept("Paclitaxel", (RXNORM, "56946", "paclitaxel"))
ONDANSETRON = concept("Ondansetron 8 mg")
DEXAMETHASONE = concept("Dexamethasone 5 mg")
NEDAPLATIN_LOCAL = concept(None, (LOCAL_DRUG, "YP0417", "奈达铂注射液"))
CARBOPLATIN_NOTE = "顺铂肾毒性（肌酐升高），第3周期起换用卡铂"

# --- diagnoses ---------------------------------------------------------------------------------
NPC_DISPLAY = "Malignant neoplasm of nasopharynx, unspecified"  # ICD-10-CM C11.9
NPC = concept(
    "鼻咽非角化性未分化型癌 (Nasopharyngeal carcinoma)",
    (ICD10CM, "C11.9", NPC_DISPLAY),
)
BONE_METS = concept(
    "Secondary malignant neoplasm of bone",
    (ICD10CM, "C79.51", "Secondary malignant neoplasm of bone"),
)
LIVER_METS = concept(
    "Secondary malignant neoplasm of liver",
    (ICD10CM, "C78.7", "Secondary malignant neoplasm of liver and intrahepatic bile duct"),
)
LUNG_METS = concept(
    "Secondary malignant neoplasm of lung",
    (ICD10CM, "C78.00", "Secondary malignant neoplasm of unspecified lung"),
)
NASOPHARYNX_SITE = concept(None, (SNOMED, "71836000", "Nasopharyngeal structure (body structure)"))
NECK_SITE = concept(None, (SNOMED, "45048000", "Neck structure (body structure)"))
RADIOTHERAPY = (SNOMED, "53438000", "Radiation therapy procedure or service (procedure)")
RESOLVED = concept(None, (CONDITION_CLINICAL, "resolved", "Resolved"))
REFUTED = concept(None, (CONDITION_VERIFICATION, "refuted", "Refuted"))
ENTERED_IN_ERROR = concept(None, (CONDITION_VERIFICATION, "entered-in-error", "Entered in Error"))

# --- observations ------------------------------------------------------------------------------
ECOG = concept(None, (LOINC, "89247-1", "ECOG Performance Status score"))
KPS = concept(None, (LOINC, "89243-0", "Karnofsky Performance Status score"))
QTC = concept(None, (LOINC, "8636-3", "QTc interval"))
STAGE_T = concept(None, (LOINC, "21905-5", "Primary tumor.clinical [Class] Cancer"))
STAGE_N = concept(None, (LOINC, "21906-3", "Regional lymph nodes.clinical [Class] Cancer"))
STAGE_M = concept(None, (LOINC, "21907-1", "Distant metastases.clinical [Class] Cancer"))
STAGE_GROUP = concept(None, (LOINC, "21908-9", "Stage group.clinical Cancer"))
PROGRESSION = concept(None, (LOINC, "97509-4", "Cancer Disease Progression"))
WORSENED = concept(
    "Progressive disease (RECIST 1.1 PD)",
    (SNOMED, "271299001", "Patient's condition worsened (finding)"),
)
AJCC8 = concept("AJCC 8th edition")
AJCC9 = concept("AJCC 9th edition (2024)")

# The reference patient's first line, in the cycles a day ward gives it: every 21 days.
FIRST_CYCLE = date(2026, 4, 8)
LAST_MAINTENANCE = date(2026, 11, 20)


def every_21_days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=21 * n) for n in range(count)]


def maintenance_days(after: date, until: date = LAST_MAINTENANCE) -> list[date]:
    days, day = [], after + timedelta(days=21)
    while day <= until:
        days.append(day)
        day += timedelta(days=21)
    return days


class Npc:
    """One patient with de novo metastatic NPC (the trial's population) and its NPC Condition."""

    def __init__(
        self,
        pid: str,
        *,
        gender: str = "male",
        birth: str | None = "1971-06-14",
        deceased: str | None = None,
        diagnosis: Concept = NPC,
        diagnosed: date = FIRST_CYCLE - timedelta(days=21),
        body_site: Sequence[Concept] = (),
    ) -> None:
        self.chart = Chart(pid)
        self.chart.patient(
            gender,
            birth,
            mrn=f"MRN-{pid}",
            name=("Test", pid.replace("-", " ").title()),
            deceased=deceased,
        )
        self.diagnosed = diagnosed
        self.cancer = self.chart.condition(diagnosis, diagnosed, body_site=body_site)

    # --- stage -------------------------------------------------------------------------------
    def tnm(
        self,
        t: str | None = "cT3",
        n: str | None = "cN2",
        m: str | None = "cM1",
        group: tuple[str, str] | None = ("4B", "IVB"),
        *,
        method: Concept | None = AJCC8,
        when: date | None = None,
        focus: Resource | None = None,
    ) -> None:
        """Staging Observations whose `focus` is the cancer they stage (mCODE's shape)."""
        day = when or self.diagnosed + timedelta(days=7)
        owner = [focus or self.cancer]
        for code, value in ((STAGE_T, t), (STAGE_N, n), (STAGE_M, m)):
            if value is not None:
                self.chart.observation(
                    code,
                    day,
                    value_concept=concept(None, (AJCC, value, value)),
                    method=method,
                    focus=owner,
                )
        if group is not None:
            self.chart.observation(
                STAGE_GROUP,
                day,
                value_concept=concept(None, (AJCC, group[0], group[1])),
                method=method,
                focus=owner,
            )

    def metastasis(self, code: Concept = BONE_METS, when: date | None = None) -> Resource:
        return self.chart.condition(code, when or self.diagnosed + timedelta(days=7))

    def staged(self) -> Npc:
        """cT3 cN2 cM1, IVB (AJCC 8th) and bone metastases: the reference stage."""
        self.tnm()
        self.metastasis()
        return self

    # --- performance, ECG --------------------------------------------------------------------
    def ecog(self, value: int = 1, when: date = date(2026, 11, 16)) -> None:
        self.chart.observation(ECOG, when, value_integer=value)

    def qtc(self, ms: float = 432, when: date = date(2026, 11, 16)) -> None:
        self.chart.observation(QTC, when, value_quantity=quantity(ms, "ms"))

    def fit(self, *, ecog: bool = True, qtc: bool = True) -> Npc:
        """ECOG 1 at diagnosis and last week; QTc 432 ms last week."""
        if ecog:
            self.ecog(1, self.diagnosed + timedelta(days=8))
            self.ecog(1)
        if qtc:
            self.qtc()
        return self

    # --- therapy -----------------------------------------------------------------------------
    def first_line(
        self,
        *,
        first: date = FIRST_CYCLE,
        cycles: int = 6,
        platinum: Sequence[Concept | None] | None = None,
        gemcitabine_cycles: int | None = None,
        pd1: Concept | None = TORIPALIMAB,
        maintenance: Sequence[date] | None = None,
        supportive: bool = True,
        why: Why = NO_WHY,
        pd1_status: str = "completed",
        platinum_status: str = "completed",
    ) -> list[date]:
        """GP + anti-PD-1 (gemcitabine d1 d8, cisplatin d1, PD-1 d1) every 21 days, each drug
        its own MedicationAdministration, then PD-1 maintenance every 21 days. Returns the
        cycle days."""
        days = every_21_days(first, cycles)
        platinums = list(platinum) if platinum is not None else [CISPLATIN] * cycles
        gem_cycles = cycles if gemcitabine_cycles is None else gemcitabine_cycles
        give = self.chart.medication_administration
        for number, day in enumerate(days):
            drug = platinums[number]
            if drug is not None:
                give(drug, day, dosage_text="80 mg/m2 ivgtt d1", why=why, status=platinum_status)
            if number < gem_cycles:
                give(GEMCITABINE, day, dosage_text="1000 mg/m2 ivgtt d1,d8", why=why)
                give(GEMCITABINE, day + timedelta(days=7), dosage_text="1000 mg/m2 d8", why=why)
            if pd1 is not None:
                give(pd1, day, dosage_text="240 mg ivgtt d1", why=why, status=pd1_status)
            if supportive:
                give(ONDANSETRON, day)
                give(DEXAMETHASONE, day)
        if pd1 is not None:
            for day in maintenance_days(days[-1]) if maintenance is None else maintenance:
                give(pd1, day, dosage_text="240 mg q3w (maintenance)", why=why)
        return days


def reference_patient(pid: str, *, gender: str = "male", birth: str | None = "1971-06-14") -> Npc:
    """De novo metastatic NPC, staged, fit, first line given: eligible."""
    patient = Npc(pid, gender=gender, birth=birth)
    patient.staged().fit()
    patient.first_line()
    return patient


# === 1. Lines of therapy =======================================================================


def rw_reference() -> Chart:
    return reference_patient("rw-reference").chart


def rw_cisplatin_to_carboplatin_cycle3() -> Chart:
    p = Npc("rw-cisplatin-to-carboplatin-cycle3").staged().fit()
    p.chart.condition(
        concept(
            "Acute kidney injury (cisplatin)",
            (ICD10CM, "N17.9", "Acute kidney failure, unspecified"),
        ),
        date(2026, 5, 14),
        clinical_status=RESOLVED,
        abatement=date(2026, 6, 20),
    )
    p.first_line(
        platinum=[CISPLATIN, CISPLATIN, CARBOPLATIN, CARBOPLATIN, CARBOPLATIN, CARBOPLATIN],
        why=Why(note=CARBOPLATIN_NOTE),
    )
    return p.chart


def rw_cisplatin_to_nedaplatin() -> Chart:
    p = Npc("rw-cisplatin-to-nedaplatin").staged().fit()
    p.first_line(platinum=[CISPLATIN, CISPLATIN] + [NEDAPLATIN_LOCAL] * 4)
    return p.chart


def rw_gemcitabine_dropped() -> Chart:
    p = Npc("rw-gemcitabine-dropped").staged().fit()
    p.first_line(gemcitabine_cycles=4)
    return p.chart


def rw_capecitabine_maintenance() -> Chart:
    p = Npc("rw-capecitabine-maintenance").staged().fit()
    days = p.first_line()
    p.chart.medication_statement(
        CAPECITABINE,
        (days[-1] + timedelta(days=21), None),
        status="active",
        why=Why(note="节拍卡培他滨维持 650 mg/m2 bid (metronomic maintenance)"),
    )
    return p.chart


def rw_s1_maintenance_dispensed() -> Chart:
    """GP + toripalimab x6 from 2026-04-08, toripalimab maintenance every 21 days, and from
    2026-08-12 oral S-1 (替吉奥胶囊, 40 mg bid d1-14 q3w) handed over by the outpatient pharmacy
    for 14 days at a time, three times; no progression recorded."""
    p = Npc("rw-s1-maintenance-dispensed").staged().fit()
    days = p.first_line()
    for cycle in range(3):
        p.chart.medication_dispense(
            concept("替吉奥胶囊 (S-1) 20mg"),
            days[-1] + timedelta(days=21 * (cycle + 1)),
            days_supply=14,
        )
    return p.chart


def rw_capecitabine_maintenance_order_left_active() -> Chart:
    """GP + toripalimab x6 from 2026-04-08, no PD-1 maintenance; then a capecitabine
    maintenance order, its dosage bounded 2026-08-12 to 2026-11-10 and still `active` (nobody
    closed it), filled by four 14-day dispenses that name it (`authorizingPrescription`), the
    last handed over 2026-10-14; no progression recorded."""
    p = Npc("rw-capecitabine-maintenance-order-left-active").staged().fit()
    p.first_line(maintenance=[])
    order = p.chart.medication_request(
        CAPECITABINE,
        date(2026, 8, 12),
        date(2026, 11, 10),
        status="active",
        dosage_text="卡培他滨维持 1000mg/m2 bid d1-14 q3w",
    )
    for day in every_21_days(date(2026, 8, 12), 4):
        dispense = p.chart.medication_dispense(CAPECITABINE, day, days_supply=14)
        dispense["authorizingPrescription"] = [reference(order)]
    return p.chart


def rw_progression_then_docetaxel() -> Chart:
    p = Npc("rw-progression-then-docetaxel").staged().fit()
    p.first_line(maintenance=[date(2026, 8, 12), date(2026, 9, 2)])
    p.chart.observation(PROGRESSION, date(2026, 9, 20), value_concept=WORSENED, focus=[p.cancer])
    for day in every_21_days(date(2026, 10, 1), 3):
        p.chart.medication_administration(DOCETAXEL, day, dosage_text="75 mg/m2 d1")
    return p.chart


def rw_second_line_datetime_with_space() -> Chart:
    """As `rw_progression_then_docetaxel`, but the docetaxel administrations are dated as a
    hospital information system writes them, "2026-10-01 09:00:00" (a space, no "T", no
    offset), which R4 does not allow."""
    p = Npc("rw-second-line-datetime-with-space").staged().fit()
    p.first_line(maintenance=[date(2026, 8, 12), date(2026, 9, 2)])
    p.chart.observation(PROGRESSION, date(2026, 9, 20), value_concept=WORSENED, focus=[p.cancer])
    for day in every_21_days(date(2026, 10, 1), 3):
        record = p.chart.medication_administration(DOCETAXEL, day, dosage_text="75 mg/m2 d1")
        record["effectiveDateTime"] = f"{day.isoformat()} 09:00:00"
    return p.chart


def second_line_exported(pid: str, export: Callable[[dict[str, Any], date], None]) -> Chart:
    """As `rw_progression_then_docetaxel`, each docetaxel administration then changed by
    `export` (the record and its day) the way a hospital's export writes it."""
    p = Npc(pid).staged().fit()
    p.first_line(maintenance=[date(2026, 8, 12), date(2026, 9, 2)])
    p.chart.observation(PROGRESSION, date(2026, 9, 20), value_concept=WORSENED, focus=[p.cancer])
    for day in every_21_days(date(2026, 10, 1), 3):
        export(p.chart.medication_administration(DOCETAXEL, day, dosage_text="75 mg/m2 d1"), day)
    return p.chart


def rw_second_line_compact_dates() -> Chart:
    """The docetaxel administrations dated "20261001093000": the HL7 v2 form an interface
    engine's export keeps, which R4 does not allow."""

    def hl7_v2(record: dict[str, Any], day: date) -> None:
        record["effectiveDateTime"] = f"{day:%Y%m%d}093000"

    return second_line_exported("rw-second-line-compact-dates", hl7_v2)


def rw_second_line_padded_local_code() -> Chart:
    """The docetaxel coded only in the hospital's drug dictionary, its code padded with spaces
    to the width of the dictionary's field ("YP0832   "), which R4's `code` does not allow."""

    def padded(record: dict[str, Any], day: date) -> None:
        record["medicationCodeableConcept"] = {
            "coding": [{"system": LOCAL_DRUG, "code": "YP0832   ", "display": "多西他赛注射液"}]
        }

    return second_line_exported("rw-second-line-padded-local-code", padded)


def rw_second_line_code_trailing_line_break() -> Chart:
    """The docetaxel coded only by its RxNorm code, exported with the line break of the
    interface engine's Windows text still after it ("72962\\r\\n"), no display or text."""

    def carriage_return(record: dict[str, Any], day: date) -> None:
        record["medicationCodeableConcept"] = {"coding": [{"system": RXNORM, "code": "72962\r\n"}]}

    return second_line_exported("rw-second-line-code-trailing-line-break", carriage_return)


def rw_second_line_status_missing() -> Chart:
    """The docetaxel administrations exported without `status` (R4 requires it): given, or
    not given, the records do not say."""

    def no_status(record: dict[str, Any], day: date) -> None:
        del record["status"]

    return second_line_exported("rw-second-line-status-missing", no_status)


def rw_second_line_without_subject() -> Chart:
    """The docetaxel administrations exported without `subject` (R4 requires it): the EHR
    answered the patient's own search with them, and the chart holds no other patient."""

    def no_subject(record: dict[str, Any], day: date) -> None:
        del record["subject"]

    return second_line_exported("rw-second-line-without-subject", no_subject)


def rw_heart_failure_without_subject() -> Chart:
    """A heart failure NYHA III entry exported without `subject`, in a chart of one patient."""
    hf = concept(
        "慢性心力衰竭 心功能III级 (NYHA class III)",
        (SNOMED, "84114007", "Heart failure (disorder)"),
    )
    p = reference_patient("rw-heart-failure-without-subject")
    del p.chart.condition(hf, date(2024, 3, 1))["subject"]
    return p.chart


def rw_second_line_zero_dates() -> Chart:
    """The docetaxel administrations dated "0000-00-00 00:00:00", the value a hospital
    database holds where no date was entered."""

    def zero_date(record: dict[str, Any], day: date) -> None:
        record["effectiveDateTime"] = "0000-00-00 00:00:00"

    return second_line_exported("rw-second-line-zero-dates", zero_date)


def rw_first_line_slash_dates() -> Chart:
    """The reference chart, every medication record dated "2026/04/08" (slashes), as some
    Chinese exports write dates."""
    p = reference_patient("rw-first-line-slash-dates")
    for record in p.chart.resources:
        if record["resourceType"] == "MedicationAdministration":
            record["effectiveDateTime"] = record["effectiveDateTime"][:10].replace("-", "/")
    return p.chart


def second_line_brand_only(pid: str, order: str) -> Chart:
    """As `rw_progression_then_docetaxel`, but the day ward records the second line's drug only
    as `order`, by its Chinese trade name."""
    p = Npc(pid).staged().fit()
    p.first_line(maintenance=[date(2026, 8, 12), date(2026, 9, 2)])
    p.chart.observation(PROGRESSION, date(2026, 9, 20), value_concept=WORSENED, focus=[p.cancer])
    for day in every_21_days(date(2026, 10, 1), 3):
        p.chart.medication_administration(concept(order), day)
    return p.chart


def rw_second_line_docetaxel_brand_only() -> Chart:
    return second_line_brand_only("rw-second-line-docetaxel-brand-only", "泰索帝 120mg ivgtt d1")


def rw_second_line_nab_paclitaxel_brand_only() -> Chart:
    """克艾力: an albumin-bound paclitaxel's Chinese trade name."""
    return second_line_brand_only(
        "rw-second-line-nab-paclitaxel-brand-only", "克艾力 400mg ivgtt d1"
    )


def rw_progression_chinese_capecitabine() -> Chart:
    p = Npc("rw-progression-chinese-capecitabine").staged().fit()
    p.first_line(maintenance=every_21_days(date(2026, 8, 12), 6))
    p.chart.observation(
        {"text": "疗效评价"}, date(2026, 8, 25), value_string="疾病进展 (PD)", focus=[p.cancer]
    )
    p.chart.medication_statement(CAPECITABINE, (date(2026, 9, 2), None), status="active")
    return p.chart


RADIOLOGY = concept(None, ("http://terminology.hl7.org/CodeSystem/v2-0074", "RAD", "Radiology"))
CT_CHEST_ABDOMEN = concept("胸部+上腹部CT增强扫描")


def capecitabine_after_report(pid: str, conclusion: str) -> Chart:
    """The first line, a CT report on 2026-08-25 saying `conclusion`, then capecitabine added
    to the continuing toripalimab."""
    p = Npc(pid).staged().fit()
    p.first_line(maintenance=every_21_days(date(2026, 8, 12), 6))
    p.chart.diagnostic_report(
        CT_CHEST_ABDOMEN, date(2026, 8, 25), conclusion=conclusion, category=RADIOLOGY
    )
    p.chart.medication_statement(CAPECITABINE, (date(2026, 9, 2), None), status="active")
    return p.chart


def rw_progression_in_imaging_report() -> Chart:
    return capecitabine_after_report(
        "rw-progression-in-imaging-report",
        "1. 鼻咽癌治疗后复查：肝内多发转移灶较前增大、增多。2. 疗效评价：PD。",
    )


def rw_imaging_report_partial_response() -> Chart:
    return capecitabine_after_report(
        "rw-imaging-report-partial-response",
        "鼻咽癌治疗后复查：肝内转移灶较前缩小。疗效评价：PR。",
    )


def rw_imaging_report_pneumonia_progressed() -> Chart:
    return capecitabine_after_report(
        "rw-imaging-report-pneumonia-progressed",
        "右下肺炎症较前进展，建议抗感染治疗后复查；肝内转移灶大致同前。",
    )


def rw_new_liver_metastases_in_report() -> Chart:
    return capecitabine_after_report(
        "rw-new-liver-metastases-in-report",
        "1. 鼻咽癌治疗后复查：肝内新发多发结节，考虑转移。2. 原骨转移灶大致同前。",
    )


def rw_new_lesions_english_impression() -> Chart:
    return capecitabine_after_report(
        "rw-new-lesions-english-impression",
        "IMPRESSION: 1. New hepatic metastases. 2. Osseous metastatic disease, unchanged.",
    )


def rw_imaging_report_new_lesion_equivocal() -> Chart:
    return capecitabine_after_report(
        "rw-imaging-report-new-lesion-equivocal",
        "鼻咽癌治疗后复查：右肺新发小结节，转移待排，建议随访。原肝内转移灶大致同前。",
    )


def rw_new_lesion_semicolon_doubt() -> Chart:
    return capecitabine_after_report(
        "rw-new-lesion-semicolon-doubt",
        "IMPRESSION: 1. New liver lesion; metastasis cannot be excluded. "
        "2. Osseous metastatic disease, unchanged.",
    )


def rw_new_lesion_semicolon_doubt_chinese() -> Chart:
    return capecitabine_after_report(
        "rw-new-lesion-semicolon-doubt-chinese",
        "鼻咽癌治疗后复查：肝S6新发病灶；转移不除外，建议MRI进一步检查。原骨转移灶大致同前。",
    )


def rw_metastases_larger_in_report() -> Chart:
    return capecitabine_after_report(
        "rw-metastases-larger-in-report",
        "鼻咽癌治疗后复查：肝内多发转移灶较前增大，余大致同前。",
    )


def rw_metastases_interval_enlargement_english() -> Chart:
    return capecitabine_after_report(
        "rw-metastases-interval-enlargement-english",
        "IMPRESSION: 1. Interval enlargement of the hepatic metastases. "
        "2. Osseous metastatic disease, unchanged.",
    )


def rw_metastases_slightly_larger_stable_disease() -> Chart:
    return capecitabine_after_report(
        "rw-metastases-slightly-larger-stable-disease",
        "鼻咽癌治疗后复查：肝内转移灶较前略增大。疗效评价：SD。",
    )


def capecitabine_after_report_text(pid: str, content_type: str, text: str) -> Chart:
    """As `capecitabine_after_report`, but the CT report has no `conclusion`: its whole text is
    inline in `presentedForm` (base64), as many EHRs export a report."""
    p = Npc(pid).staged().fit()
    p.first_line(maintenance=every_21_days(date(2026, 8, 12), 6))
    p.chart.diagnostic_report(
        CT_CHEST_ABDOMEN,
        date(2026, 8, 25),
        conclusion=None,
        category=RADIOLOGY,
        presented=(content_type, text),
    )
    p.chart.medication_statement(CAPECITABINE, (date(2026, 9, 2), None), status="active")
    return p.chart


def rw_progression_in_report_text_only() -> Chart:
    return capecitabine_after_report_text(
        "rw-progression-in-report-text-only",
        "text/plain; charset=utf-8",
        "检查部位：胸部+上腹部CT增强扫描\n"
        "临床诊断：鼻咽癌IVB期 免疫维持治疗中，评估疗效\n"
        "检查所见：肝内见多发低密度结节，大者约2.1cm×1.8cm，增强扫描环形强化。\n"
        "诊断意见：1. 肝内新发多发转移灶。2. 疗效评价：PD。\n"
        "报告医师：王某某",
    )


def rw_progression_in_report_html_only() -> Chart:
    return capecitabine_after_report_text(
        "rw-progression-in-report-html-only",
        "text/html",
        "<html><body><p><b>EXAM:</b> CT chest and abdomen with contrast</p>"
        "<p><b>CLINICAL HISTORY:</b> Nasopharyngeal carcinoma on maintenance; "
        "evaluate for progression.</p>"
        "<p><b>FINDINGS:</b> Multiple new hypoenhancing hepatic lesions, the largest "
        "2.1 cm in segment 6.</p>"
        "<p><b>IMPRESSION:</b> New hepatic metastases, consistent with progressive "
        "disease.</p></body></html>",
    )


def rw_report_text_history_asks_progression() -> Chart:
    return capecitabine_after_report_text(
        "rw-report-text-history-asks-progression",
        "text/html",
        "<html><body><p><b>CLINICAL HISTORY:</b> Nasopharyngeal carcinoma on maintenance; "
        "evaluate for progression.</p>"
        "<p><b>FINDINGS:</b> Hepatic metastases are smaller. No new lesions.</p>"
        "<p><b>IMPRESSION:</b> Partial response of the hepatic metastases. No new "
        "lesions.</p></body></html>",
    )


def rw_imaging_report_no_new_lesions() -> Chart:
    return capecitabine_after_report(
        "rw-imaging-report-no-new-lesions",
        "鼻咽癌治疗后复查：原肝内转移灶较前缩小，未见新发病灶。",
    )


def rw_second_line_dispensed_only() -> Chart:
    """As `rw_progression_chinese_capecitabine`, but the capecitabine is known only from the
    outpatient pharmacy: three MedicationDispense records of 28 days each, handed over from
    2026-09-02, and no statement, order or administration."""
    p = Npc("rw-second-line-dispensed-only").staged().fit()
    p.first_line(maintenance=every_21_days(date(2026, 8, 12), 6))
    p.chart.observation(
        {"text": "疗效评价"}, date(2026, 8, 25), value_string="疾病进展 (PD)", focus=[p.cancer]
    )
    for day in (date(2026, 9, 2), date(2026, 9, 30), date(2026, 10, 28)):
        p.chart.medication_dispense(CAPECITABINE, day, days_supply=28)
    return p.chart


def rw_second_line_history_status_unknown() -> Chart:
    """As `rw_progression_chinese_capecitabine`, but the capecitabine MedicationStatement
    (from 2026-09-02) was imported with status `unknown`: whether it was taken is not known."""
    p = Npc("rw-second-line-history-status-unknown").staged().fit()
    p.first_line(maintenance=every_21_days(date(2026, 8, 12), 6))
    p.chart.observation(
        {"text": "疗效评价"}, date(2026, 8, 25), value_string="疾病进展 (PD)", focus=[p.cancer]
    )
    p.chart.medication_statement(CAPECITABINE, (date(2026, 9, 2), None), status="unknown")
    return p.chart


def rw_second_line_dispensed_status_unknown() -> Chart:
    """As `rw_second_line_dispensed_only`, but the three capecitabine MedicationDispense records
    carry status `unknown` (the pharmacy system does not know whether they were handed over)."""
    p = Npc("rw-second-line-dispensed-status-unknown").staged().fit()
    p.first_line(maintenance=every_21_days(date(2026, 8, 12), 6))
    p.chart.observation(
        {"text": "疗效评价"}, date(2026, 8, 25), value_string="疾病进展 (PD)", focus=[p.cancer]
    )
    for day in (date(2026, 9, 2), date(2026, 9, 30), date(2026, 10, 28)):
        p.chart.medication_dispense(CAPECITABINE, day, days_supply=28, status="unknown")
    return p.chart


def rw_second_line_capecitabine_ordered_before_progression_note() -> Chart:
    """GP + toripalimab x6 from 2026-04-08, no maintenance; a capecitabine order authored
    2026-08-04 (no dosage period), the day before the response evaluation recorded progression
    (2026-08-05); the outpatient pharmacy hands it over from 2026-08-12, four 14-day supplies,
    each dispense naming the order (`authorizingPrescription`)."""
    p = Npc("rw-second-line-capecitabine-ordered-before-progression-note").staged().fit()
    p.first_line(maintenance=[])
    p.chart.observation(
        {"text": "疗效评价"}, date(2026, 8, 5), value_string="疾病进展 (PD)", focus=[p.cancer]
    )
    order = p.chart.medication_request(
        CAPECITABINE, date(2026, 8, 4), None, status="active", dosage_text="1000mg/m2 bid d1-14"
    )
    del order["dosageInstruction"][0]["timing"]
    for day in every_21_days(date(2026, 8, 12), 4):
        dispense = p.chart.medication_dispense(CAPECITABINE, day, days_supply=14)
        dispense["authorizingPrescription"] = [reference(order)]
    return p.chart


def rw_same_regimen_again_after_progression() -> Chart:
    """GP + toripalimab x6 from 2026-04-08, no maintenance; progression documented on
    2026-09-10 (LOINC 97509-4, "worsened", `focus` the NPC); then the same three drugs again x3
    from 2026-09-24 (a re-challenge, "再挑战" in the dosage text)."""
    p = Npc("rw-same-regimen-again-after-progression").staged().fit()
    p.first_line(maintenance=[])
    p.chart.observation(PROGRESSION, date(2026, 9, 10), value_concept=WORSENED, focus=[p.cancer])
    give = p.chart.medication_administration
    for day in every_21_days(date(2026, 9, 24), 3):
        give(CISPLATIN, day, dosage_text="80 mg/m2 ivgtt d1 (再挑战)")
        give(GEMCITABINE, day, dosage_text="1000 mg/m2 ivgtt d1,d8 (再挑战)")
        give(TORIPALIMAB, day, dosage_text="240 mg ivgtt d1 (再挑战)")
    return p.chart


def rw_chemo_back_after_progression_on_maintenance() -> Chart:
    """The reference first line, toripalimab maintenance on 2026-08-12 and 09-02; progression
    documented on 2026-09-20; then gemcitabine and cisplatin brought back beside toripalimab x3
    from 2026-10-01."""
    p = Npc("rw-chemo-back-after-progression-on-maintenance").staged().fit()
    p.first_line(maintenance=[date(2026, 8, 12), date(2026, 9, 2)])
    p.chart.observation(PROGRESSION, date(2026, 9, 20), value_concept=WORSENED, focus=[p.cancer])
    give = p.chart.medication_administration
    for day in every_21_days(date(2026, 10, 1), 3):
        give(CISPLATIN, day, dosage_text="80 mg/m2 ivgtt d1")
        give(GEMCITABINE, day, dosage_text="1000 mg/m2 ivgtt d1,d8")
        give(TORIPALIMAB, day, dosage_text="240 mg ivgtt d1")
    return p.chart


def rw_pd1_not_given_for_progression() -> Chart:
    """The reference first line, toripalimab maintenance on 2026-08-12 and 09-02; the cycle of
    2026-09-23 recorded as a `not-done` administration with statusReason "疾病进展 (PD)" — the
    only record of the progression — then capecitabine from 2026-10-01."""
    p = Npc("rw-pd1-not-given-for-progression").staged().fit()
    p.first_line(maintenance=[date(2026, 8, 12), date(2026, 9, 2)])
    p.chart.medication_administration(
        TORIPALIMAB,
        date(2026, 9, 23),
        status="not-done",
        why=Why(status_reason=concept("疾病进展 (PD)")),
    )
    p.chart.medication_statement(CAPECITABINE, (date(2026, 10, 1), None), status="active")
    return p.chart


def rw_pd1_order_cancelled_for_progression() -> Chart:
    """As `rw_pd1_not_given_for_progression`, the 2026-09-23 cycle recorded as a MedicationRequest
    `cancelled` with statusReason "Disease progression"."""
    p = Npc("rw-pd1-order-cancelled-for-progression").staged().fit()
    p.first_line(maintenance=[date(2026, 8, 12), date(2026, 9, 2)])
    p.chart.medication_request(
        TORIPALIMAB,
        date(2026, 9, 23),
        None,
        status="cancelled",
        why=Why(status_reason=concept("Disease progression")),
    )
    p.chart.medication_statement(CAPECITABINE, (date(2026, 10, 1), None), status="active")
    return p.chart


def rw_pd1_stopped_for_progression() -> Chart:
    """The first line's toripalimab as one MedicationStatement from 2026-04-08, `stopped` on
    2026-09-02 with statusReason "疾病进展 (disease progression)" — the only record of the
    progression — then capecitabine from 2026-09-10."""
    p = Npc("rw-pd1-stopped-for-progression").staged().fit()
    p.first_line(pd1=None)
    p.chart.medication_statement(
        TORIPALIMAB,
        (FIRST_CYCLE, date(2026, 9, 2)),
        status="stopped",
        why=Why(status_reason=concept("疾病进展 (disease progression)")),
    )
    p.chart.medication_statement(CAPECITABINE, (date(2026, 9, 10), None), status="active")
    return p.chart


def rw_capecitabine_for_progression() -> Chart:
    """The reference first line with maintenance; capecitabine added from 2026-09-02, its
    statement's reasonCode "鼻咽癌肝转移进展" (NPC liver metastases progressed) — no other
    record of the progression."""
    p = Npc("rw-capecitabine-for-progression").staged().fit()
    p.first_line(maintenance=every_21_days(date(2026, 8, 12), 6))
    p.chart.medication_statement(
        CAPECITABINE,
        (date(2026, 9, 2), None),
        status="active",
        why=Why(reason_code=concept("鼻咽癌肝转移进展")),
    )
    return p.chart


def in_remission_then(pid: str, then: Callable[[Npc], None]) -> Chart:
    """The first line with maintenance to 2026-09-02; the NPC Condition marked `remission`
    with abatement 2026-08-01 (a complete response on restaging), never updated since."""
    p = Npc(pid).staged().fit()
    p.first_line(maintenance=every_21_days(date(2026, 8, 12), 2))
    p.cancer["clinicalStatus"] = concept(None, (CONDITION_CLINICAL, "remission", "Remission"))
    p.cancer["abatementDateTime"] = "2026-08-01"
    then(p)
    return p.chart


def rw_remission_then_docetaxel() -> Chart:
    """... then docetaxel x3 from 2026-10-01 (the relapse treated, the status left as it was)."""

    def docetaxel(p: Npc) -> None:
        for day in every_21_days(date(2026, 10, 1), 3):
            p.chart.medication_administration(DOCETAXEL, day)

    return in_remission_then("rw-remission-then-docetaxel", docetaxel)


def rw_remission_maintenance_goes_on() -> Chart:
    """... and the toripalimab maintenance goes on past the abatement to 2026-11-04."""

    def maintenance(p: Npc) -> None:
        for day in every_21_days(date(2026, 9, 23), 3):
            p.chart.medication_administration(TORIPALIMAB, day)

    return in_remission_then("rw-remission-maintenance-goes-on", maintenance)


def rw_progression_on_problem_list() -> Chart:
    """As `rw_progression_chinese_capecitabine`, but the progression is a problem-list entry
    (a Condition "鼻咽癌疾病进展（肝转移灶增大）" with its onset), as many EHRs record it,
    with no response-evaluation Observation."""
    p = Npc("rw-progression-on-problem-list").staged().fit()
    p.first_line(maintenance=every_21_days(date(2026, 8, 12), 6))
    p.chart.condition({"text": "鼻咽癌疾病进展（肝转移灶增大）"}, date(2026, 8, 25))
    p.chart.medication_statement(CAPECITABINE, (date(2026, 9, 2), None), status="active")
    return p.chart


def rw_progressive_supranuclear_palsy() -> Chart:
    """The reference chart, capecitabine maintenance added after cycle 6 and, on the problem
    list, progressive supranuclear palsy (a neurological disease, not cancer progression)."""
    p = Npc("rw-progressive-supranuclear-palsy").staged().fit()
    days = p.first_line()
    p.chart.condition(
        concept(
            "Progressive supranuclear palsy",
            (ICD10CM, "G23.1", "Progressive supranuclear ophthalmoplegia"),
        ),
        date(2026, 8, 1),
    )
    p.chart.medication_statement(
        CAPECITABINE, (days[-1] + timedelta(days=21), None), status="active"
    )
    return p.chart


def rw_docetaxel_added_without_progression() -> Chart:
    p = reference_patient("rw-docetaxel-added-without-progression")
    for day in every_21_days(date(2026, 8, 12), 4):
        p.chart.medication_administration(DOCETAXEL, day, dosage_text="60 mg/m2 d1")
    return p.chart


def rw_pd1_added_at_cycle_3() -> Chart:
    """GP from 2026-04-08; toripalimab joins it from cycle 3 (2026-05-20, once the insurer
    approved it) to cycle 6, then toripalimab maintenance. No progression recorded."""
    p = Npc("rw-pd1-added-at-cycle-3").staged().fit()
    days = p.first_line(pd1=None)
    for day in days[2:]:
        p.chart.medication_administration(TORIPALIMAB, day, dosage_text="240 mg ivgtt d1")
    for day in maintenance_days(days[-1]):
        p.chart.medication_administration(TORIPALIMAB, day, dosage_text="240 mg q3w (maintenance)")
    return p.chart


def tp_toripalimab(p: Npc, taxanes: Sequence[Concept]) -> list[date]:
    """First line TP + toripalimab (the taxane and cisplatin d1, toripalimab d1) every 21 days,
    one cycle per taxane given, then toripalimab maintenance. Returns the cycle days."""
    days = every_21_days(FIRST_CYCLE, len(taxanes))
    give = p.chart.medication_administration
    for day, taxane in zip(days, taxanes, strict=True):
        dose = "175 mg/m2 ivgtt d1" if taxane is PACLITAXEL else "75 mg/m2 ivgtt d1"
        give(taxane, day, dosage_text=dose)
        give(CISPLATIN, day, dosage_text="75 mg/m2 ivgtt d1")
        give(TORIPALIMAB, day, dosage_text="240 mg ivgtt d1")
        give(DEXAMETHASONE, day)
    for day in maintenance_days(days[-1]):
        give(TORIPALIMAB, day, dosage_text="240 mg q3w (maintenance)")
    return days


def rw_paclitaxel_to_docetaxel_cycle3() -> Chart:
    """TP + toripalimab from 2026-04-08: paclitaxel in cycles 1-2, docetaxel from cycle 3 (as
    after a paclitaxel infusion reaction, the reason not recorded), cisplatin and toripalimab
    throughout, then toripalimab maintenance. No progression recorded."""
    p = Npc("rw-paclitaxel-to-docetaxel-cycle3").staged().fit()
    tp_toripalimab(p, [PACLITAXEL] * 2 + [DOCETAXEL] * 4)
    return p.chart


def rw_paclitaxel_to_docetaxel_after_progression() -> Chart:
    """As `rw_paclitaxel_to_docetaxel_cycle3`, but the evaluation after cycle 2 (2026-05-15,
    LOINC 97509-4 "worsened" about the NPC) records progression before docetaxel."""
    p = Npc("rw-paclitaxel-to-docetaxel-after-progression").staged().fit()
    p.chart.observation(PROGRESSION, date(2026, 5, 15), value_concept=WORSENED, focus=[p.cancer])
    tp_toripalimab(p, [PACLITAXEL] * 2 + [DOCETAXEL] * 4)
    return p.chart


def rw_restart_after_9_month_gap() -> Chart:
    p = Npc("rw-restart-after-9-month-gap", diagnosed=date(2025, 2, 12)).staged().fit()
    p.first_line(first=date(2025, 3, 5), maintenance=[])
    p.first_line()  # the same regimen again from 2026-04-08, no progression recorded
    return p.chart


def rw_supportive_only() -> Chart:
    p = Npc("rw-supportive-only", diagnosed=date(2026, 10, 20)).staged().fit()
    p.chart.medication_statement(
        concept("Zoledronic acid 4 mg (唑来膦酸)"), (date(2026, 11, 2), None), status="active"
    )
    p.chart.medication_statement(DEXAMETHASONE, (date(2026, 10, 28), date(2026, 11, 10)))
    p.chart.medication_statement(
        concept("Oxycodone 10 mg q12h (羟考酮缓释片)"), (date(2026, 10, 28), None), status="active"
    )
    return p.chart


def rw_supportive_added_to_first_line() -> Chart:
    p = reference_patient("rw-supportive-added-to-first-line")
    for day in every_21_days(FIRST_CYCLE, 6):
        p.chart.medication_administration(
            concept("Pegfilgrastim 6 mg (聚乙二醇化非格司亭)"), day + timedelta(days=2)
        )
        p.chart.medication_administration(concept("Aprepitant 125 mg"), day)
    for day in every_21_days(date(2026, 5, 6), 6):
        p.chart.medication_administration(concept("Denosumab 120 mg (地舒单抗)"), day)
    return p.chart


def rw_pucotenlimab_first_line() -> Chart:
    """A PD-1 antibody approved in China in 2022, by its Chinese generic name."""
    p = Npc("rw-pucotenlimab-first-line").staged().fit()
    p.first_line(pd1=concept("普特利单抗注射液 100 mg"))
    return p.chart


def rw_bispecific_pd1_ctla4_first_line() -> Chart:
    """GP with cadonilimab, a PD-1 x CTLA-4 bispecific antibody no drug table lists."""
    p = Npc("rw-bispecific-pd1-ctla4-first-line").staged().fit()
    p.first_line(pd1=concept("卡度尼利单抗注射液 (Cadonilimab) 10 mg/kg"))
    return p.chart


def rw_bispecific_by_brand_first_line() -> Chart:
    """GP with cadonilimab named only by its Chinese brand, as a pharmacy item: "开坦尼"."""
    p = Npc("rw-bispecific-by-brand-first-line").staged().fit()
    p.first_line(pd1=concept("开坦尼 125mg/10ml/瓶"))
    return p.chart


def rw_pd1_brand_beside_chinese() -> Chart:
    """GP with pembrolizumab as the pharmacy's item name: the brand run into 注射液."""
    p = Npc("rw-pd1-brand-beside-chinese").staged().fit()
    p.first_line(pd1=concept("Keytruda注射液 200 mg"))
    return p.chart


def rw_pd1_development_code() -> Chart:
    """GP with toripalimab as an open-label study's pharmacy records it: by its code, JS001."""
    p = Npc("rw-pd1-development-code").staged().fit()
    p.first_line(pd1=concept("JS001注射液 240 mg"))
    return p.chart


def rw_pd1_us_suffixed_name() -> Chart:
    """GP with toripalimab ordered under its US name, the FDA's four-letter suffix after the
    core name, as a US pharmacy system prints it."""
    p = Npc("rw-pd1-us-suffixed-name").staged().fit()
    p.first_line(pd1=concept("toripalimab-tpzi 240 mg in NS 100 mL IVPB"))
    return p.chart


def rw_pd1_chinese_short_name() -> Chart:
    """GP with toripalimab written the short way a ward writes it, without 单抗."""
    p = Npc("rw-pd1-chinese-short-name").staged().fit()
    p.first_line(pd1=concept("特瑞普利 240mg ivgtt d1"))
    return p.chart


def rw_outside_first_line_short_names() -> Chart:
    """As `rw_outside_first_line_gp_regimen`, the doctor's summary naming the PD-1 the short
    way: "外院一线 GP+特瑞普利 ×6周期"."""
    p = Npc("rw-outside-first-line-short-names").staged().fit()
    p.chart.medication_statement(
        concept("外院一线 GP+特瑞普利 ×6周期"),
        (FIRST_CYCLE, date(2026, 7, 22)),
        status="completed",
    )
    for day in maintenance_days(date(2026, 7, 22)):
        p.chart.medication_administration(TORIPALIMAB, day, dosage_text="240 mg q3w (maintenance)")
    return p.chart


def rw_pd1_chinese_brand_only() -> Chart:
    """GP with pembrolizumab recorded only by its Chinese trade name, as a day ward's pharmacy
    item reads."""
    p = Npc("rw-pd1-chinese-brand-only").staged().fit()
    p.first_line(pd1=concept("可瑞达 200mg ivgtt d1"))
    return p.chart


def rw_platinum_as_ddp() -> Chart:
    """GP + toripalimab where the day ward's order names cisplatin only by its clinical
    abbreviation, as Chinese chemotherapy orders write it: "DDP"."""
    p = Npc("rw-platinum-as-ddp").staged().fit()
    p.first_line(platinum=[concept("DDP 40mg d1-2")] * 6)
    return p.chart


def rw_npc_abbreviated_ca() -> Chart:
    """The reference chart, its NPC recorded only as clinicians abbreviate carcinoma: "鼻咽Ca"
    (no code), beside its coded bone metastases."""
    p = Npc("rw-npc-abbreviated-ca", diagnosis=concept("鼻咽Ca"))
    p.staged().fit()
    p.first_line()
    return p.chart


def rw_prior_rt_in_diagnosis_text() -> Chart:
    """A relapse after curative chemoradiotherapy given elsewhere years ago, which this chart
    records only in its discharge diagnosis's words: "鼻咽癌放化疗后肝转移" (NPC after
    chemoradiotherapy, liver metastases). No radiotherapy Procedure; staged rT0 rN0 rM1, IVB."""
    p = Npc(
        "rw-prior-rt-in-diagnosis-text",
        diagnosis=concept(
            "鼻咽癌放化疗后肝转移",
            (ICD10CM, "C11.9", NPC_DISPLAY),
        ),
    )
    p.tnm(t="rT0", n="rN0", m="rM1")
    p.metastasis()
    p.fit()
    p.first_line()
    return p.chart


def rw_pd1_unlisted_development_code() -> Chart:
    """GP with cadonilimab known only by its development code, AK104."""
    p = Npc("rw-pd1-unlisted-development-code").staged().fit()
    p.first_line(pd1=concept("AK104 注射液 10 mg/kg"))
    return p.chart


def rw_outside_first_line_gp_regimen() -> Chart:
    """The first line given elsewhere, summarised as one statement naming the regimen; its
    maintenance given here."""
    p = Npc("rw-outside-first-line-gp-regimen").staged().fit()
    p.chart.medication_statement(
        concept("外院一线 GP方案 + 特瑞普利单抗 ×6周期"),
        (FIRST_CYCLE, date(2026, 7, 22)),
        status="completed",
    )
    for day in maintenance_days(date(2026, 7, 22)):
        p.chart.medication_administration(TORIPALIMAB, day, dosage_text="240 mg q3w (maintenance)")
    return p.chart


def rw_outside_regimen_acronym_alone() -> Chart:
    """The outside first line as two statements, the chemotherapy named by its acronym alone."""
    p = Npc("rw-outside-regimen-acronym-alone").staged().fit()
    for text in ("GP ×6 (外院)", "特瑞普利单抗 ×6 (外院)"):
        p.chart.medication_statement(
            concept(text), (FIRST_CYCLE, date(2026, 7, 22)), status="completed"
        )
    for day in maintenance_days(date(2026, 7, 22)):
        p.chart.medication_administration(TORIPALIMAB, day, dosage_text="240 mg q3w (maintenance)")
    return p.chart


def rw_lidocaine_pf_not_a_regimen() -> Chart:
    """The reference chart and a preservative-free local anaesthetic for a port needle."""
    p = reference_patient("rw-lidocaine-pf-not-a-regimen")
    p.chart.medication_administration(
        concept("Lidocaine PF 1% 5 mL"), date(2026, 10, 15), dosage_text="局部麻醉 (输液港穿刺)"
    )
    return p.chart


def undated_statement(p: Npc, text: str) -> None:
    """A MedicationStatement of therapy given elsewhere, completed, entered without a date."""
    record = p.chart.medication_statement(concept(text), FIRST_CYCLE, status="completed")
    for dated in ("effectiveDateTime", "effectivePeriod"):
        record.pop(dated, None)


def rw_outside_first_line_undated() -> Chart:
    p = Npc("rw-outside-first-line-undated").staged().fit()
    undated_statement(p, "外院一线 GP方案 + 特瑞普利单抗 ×6周期")
    return p.chart


def ended_statement(p: Npc, text: str, end: date) -> None:
    """A MedicationStatement of therapy given elsewhere, completed, dated by its end only (an
    `effectivePeriod` with no start: the day the outside course was last given)."""
    record = p.chart.medication_statement(concept(text), FIRST_CYCLE, status="completed")
    record.pop("effectiveDateTime", None)
    record["effectivePeriod"] = {"end": end.isoformat()}


def rw_outside_first_line_end_only() -> Chart:
    """The outside first line entered with only the day it ended; its maintenance given here."""
    p = Npc("rw-outside-first-line-end-only").staged().fit()
    ended_statement(p, "GP + 特瑞普利单抗 x6 (外院)", date(2026, 7, 22))
    for day in maintenance_days(date(2026, 7, 22)):
        p.chart.medication_administration(TORIPALIMAB, day, dosage_text="240 mg q3w (maintenance)")
    return p.chart


def rw_outside_first_line_end_only_relapse() -> Chart:
    """NPC of 2023 (nothing else recorded of it), lung metastases 2025-10-15 (cM1); the outside
    first line ended 2026-03-04, its start not entered; toripalimab maintenance here."""
    p = Npc(
        "rw-outside-first-line-end-only-relapse", birth="1974-01-21", diagnosed=date(2023, 2, 14)
    )
    p.metastasis(LUNG_METS, date(2025, 10, 15))
    p.tnm(None, None, "cM1", None, when=date(2025, 10, 20))
    p.fit()
    ended_statement(p, "外院一线 GP + 特瑞普利单抗 ×6周期", date(2026, 3, 4))
    for day in maintenance_days(date(2026, 3, 4)):
        p.chart.medication_administration(TORIPALIMAB, day, dosage_text="240 mg q3w (maintenance)")
    return p.chart


def rw_outside_course_ended_before_relapse() -> Chart:
    """NPC of 2023: docetaxel + cisplatin elsewhere, entered with only the day it ended
    (2023-05-10); lung metastases 2025-10-15 (cM1); first line GP + toripalimab here."""
    p = Npc(
        "rw-outside-course-ended-before-relapse", birth="1974-01-21", diagnosed=date(2023, 2, 14)
    )
    ended_statement(p, "多西他赛 + 顺铂 ×3 (外院)", date(2023, 5, 10))
    p.metastasis(LUNG_METS, date(2025, 10, 15))
    p.tnm(None, None, "cM1", None, when=date(2025, 10, 20))
    p.fit()
    p.first_line(first=date(2025, 11, 5))
    return p.chart


def rw_undated_docetaxel_elsewhere() -> Chart:
    p = reference_patient("rw-undated-docetaxel-elsewhere")
    undated_statement(p, "多西他赛 (外院) 3周期")
    return p.chart


def npc_said(words: str) -> Concept:
    """The NPC diagnosis in other words, its ICD-10-CM code kept."""
    return concept(words, (ICD10CM, "C11.9", NPC_DISPLAY))


def rw_diagnosis_says_second_line() -> Chart:
    """The oncologist's diagnosis says two lines were given; the chart records one."""
    return diagnosed_as("rw-diagnosis-says-second-line", npc_said("鼻咽癌IVB期 二线治疗后"))


def rw_diagnosis_plans_second_line() -> Chart:
    """One line given and a second planned: the chart is whole."""
    return diagnosed_as(
        "rw-diagnosis-plans-second-line", npc_said("鼻咽癌IVB期 一线治疗后，拟行二线治疗")
    )


def rw_diagnosis_says_progressed_after_first_line() -> Chart:
    """The NPC Condition's words were brought up to date, "鼻咽癌IVB期 一线治疗后进展" (after
    first-line therapy, progressed), its onset still the diagnosis's (2026-03-18); the first
    line with maintenance, and capecitabine added from 2026-09-02. No dated record of the
    progression."""
    p = (
        Npc(
            "rw-diagnosis-says-progressed-after-first-line",
            diagnosis=npc_said("鼻咽癌IVB期 一线治疗后进展"),
        )
        .staged()
        .fit()
    )
    p.first_line(maintenance=every_21_days(date(2026, 8, 12), 6))
    p.chart.medication_statement(CAPECITABINE, (date(2026, 9, 2), None), status="active")
    return p.chart


def rw_diagnosis_s_p_two_lines_english() -> Chart:
    return diagnosed_as(
        "rw-diagnosis-s-p-two-lines-english",
        npc_said("Nasopharyngeal carcinoma, stage IVB, s/p 2 lines of systemic therapy"),
    )


CHEMOTHERAPY = (SNOMED, "367336001", "Chemotherapy")


def chemo_as_procedures(pid: str, text: str, status: str = "completed") -> Chart:
    """A day ward recording chemotherapy as a Procedure per cycle, and the PD-1 antibody (given
    from the pharmacy) as administrations."""
    p = Npc(pid).staged().fit()
    days = p.first_line(platinum=[None] * 6, gemcitabine_cycles=0)
    for number, day in enumerate(days, start=1):
        p.chart.procedure(concept(text.format(number=number), CHEMOTHERAPY), day, status=status)
    return p.chart


def rw_chemo_as_procedures_gp() -> Chart:
    return chemo_as_procedures("rw-chemo-as-procedures-gp", "GP方案化疗 第{number}周期")


def rw_chemo_procedures_unnamed() -> Chart:
    return chemo_as_procedures("rw-chemo-procedures-unnamed", "化疗 (Chemotherapy)")


def rw_chemo_procedures_status_unknown() -> Chart:
    """As `rw_chemo_as_procedures_gp`, the GP cycles imported from another system with
    Procedure.status `unknown` (the authoring system does not know whether they took place)."""
    return chemo_as_procedures(
        "rw-chemo-procedures-status-unknown", "GP方案化疗 第{number}周期", status="unknown"
    )


def rw_cisplatin_administrations_status_unknown() -> Chart:
    """The reference first line, its six cisplatin administrations imported from another system
    with MedicationAdministration.status `unknown` (the authoring system does not know which
    status applies); gemcitabine and toripalimab `completed`."""
    p = Npc("rw-cisplatin-administrations-status-unknown").staged().fit()
    p.first_line(platinum_status="unknown")
    return p.chart


def rw_pd1_inhibitor_class_only() -> Chart:
    """GP with the antibody recorded by its target only."""
    p = Npc("rw-pd1-inhibitor-class-only").staged().fit()
    p.first_line(pd1=concept("PD-1抑制剂 200 mg"))
    return p.chart


def rw_pd1_or_pdl1_class_only() -> Chart:
    p = Npc("rw-pd1-or-pdl1-class-only").staged().fit()
    p.first_line(pd1=concept("PD-1/PD-L1抑制剂"))
    return p.chart


def rw_pd1_atc_class_code_only() -> Chart:
    """GP with the antibody coded only by its ATC group (L01FF, PD-1/PD-L1 inhibitors)."""
    p = Npc("rw-pd1-atc-class-code-only").staged().fit()
    p.first_line(pd1=concept(None, ("http://www.whocc.no/atc", "L01FF", None)))
    return p.chart


def rw_adalimumab_for_psoriasis() -> Chart:
    """The reference chart, and adalimumab for plaque psoriasis since 2022 (self-injected every
    two weeks: a MedicationStatement, active, with the reason as text)."""
    p = reference_patient("rw-adalimumab-for-psoriasis")
    p.chart.medication_statement(
        concept("Adalimumab 40 mg SC q2w (Humira)"),
        (date(2022, 5, 10), None),
        status="active",
        why=Why(reason_code=concept("Plaque psoriasis")),
    )
    return p.chart


def rw_dupilumab_chinese_name() -> Chart:
    """The reference first line with maintenance stopped after 2026-09-02, then dupilumab for
    atopic dermatitis ordered every four weeks by its Chinese name."""
    p = Npc("rw-dupilumab-chinese-name").staged().fit()
    p.first_line(maintenance=[date(2026, 8, 12), date(2026, 9, 2)])
    for day in (date(2026, 9, 21), date(2026, 10, 19), date(2026, 11, 16)):
        p.chart.medication_request(
            concept("度普利尤单抗注射液 300 mg"),
            day,
            day + timedelta(days=27),
            dosage_text="300 mg 皮下注射 q2w (特应性皮炎)",
        )
    return p.chart


# === 2. Therapy belongs to a cancer and a setting ==============================================


def old_breast_cancer(p: Npc) -> Resource:
    """Breast cancer in 2012: AC then weekly paclitaxel, whole-breast radiotherapy; resolved."""
    breast = p.chart.condition(
        concept(
            "Left breast invasive ductal carcinoma",
            (
                ICD10CM,
                "C50.412",
                "Malignant neoplasm of upper-outer quadrant of left female breast",
            ),
        ),
        date(2012, 5, 10),
        clinical_status=RESOLVED,
        abatement=date(2013, 1, 15),
    )
    p.chart.medication_statement(
        concept("Doxorubicin (多柔比星)"), (date(2012, 6, 1), date(2012, 8, 3))
    )
    p.chart.medication_statement(
        concept("Cyclophosphamide (环磷酰胺)"), (date(2012, 6, 1), date(2012, 8, 3))
    )
    p.chart.medication_statement(PACLITAXEL, (date(2012, 8, 24), date(2012, 11, 9)))
    p.chart.procedure(
        concept("Whole-breast radiotherapy, left, 50 Gy/25 fx", RADIOTHERAPY),
        (date(2012, 11, 26), date(2012, 12, 31)),
        body_site=[{"text": "Left breast"}],
        reason_reference=[breast],
    )
    return breast


def rw_old_breast_cancer_chemo() -> Chart:
    p = Npc("rw-old-breast-cancer-chemo", gender="female", birth="1966-02-11")
    old_breast_cancer(p)
    p.staged().fit()
    p.first_line()
    return p.chart


def rw_reason_reference_other_cancer() -> Chart:
    p = Npc("rw-reason-reference-other-cancer", gender="female", birth="1969-09-30")
    breast = p.chart.condition(
        concept(
            "HER2-positive breast cancer, right, stage IIA",
            (ICD10CM, "C50.911", "Malignant neoplasm of unspecified site of right female breast"),
        ),
        date(2025, 6, 10),
    )
    for_breast = Why(reason_reference=[breast])
    for day in every_21_days(date(2025, 7, 2), 6):
        for drug in (DOCETAXEL, CARBOPLATIN, concept("Trastuzumab (曲妥珠单抗)")):
            p.chart.medication_administration(drug, day, why=for_breast)
    for day in every_21_days(date(2025, 11, 26), 10):
        p.chart.medication_administration(concept("Trastuzumab (曲妥珠单抗)"), day, why=for_breast)
    p.staged().fit()
    p.first_line(why=Why(reason_reference=[p.cancer]))
    return p.chart


def rw_reason_code_other_cancer() -> Chart:
    p = Npc("rw-reason-code-other-cancer", birth="1963-12-02")
    rectal = concept("Rectal adenocarcinoma", (ICD10CM, "C20", "Malignant neoplasm of rectum"))
    p.chart.condition(rectal, date(2024, 11, 5))
    for day in every_21_days(date(2025, 1, 8), 8):
        p.chart.medication_administration(
            concept("Oxaliplatin", (RXNORM, "32592", "oxaliplatin")),
            day,
            why=Why(reason_code=rectal),
        )
        p.chart.medication_statement(
            CAPECITABINE, (day, day + timedelta(days=13)), why=Why(reason_code=rectal)
        )
    p.staged().fit()
    p.first_line(why=Why(reason_code=NPC))
    return p.chart


def rw_two_active_cancers_unattributed() -> Chart:
    p = Npc("rw-two-active-cancers-unattributed", birth="1960-04-19")
    p.chart.condition(
        concept(
            "Squamous cell carcinoma of right upper lobe",
            (ICD10CM, "C34.11", "Malignant neoplasm of upper lobe, right bronchus or lung"),
        ),
        date(2026, 2, 20),
    )
    p.staged().fit()
    p.first_line(pd1=concept("替雷利珠单抗 (Tislelizumab)"))
    return p.chart


def curative_2023(p: Npc, *, radiotherapy: bool = True) -> None:
    """Locoregional NPC in 2023 (cT3 cN1 cM0, III): induction GP then concurrent cisplatin with
    IMRT to the nasopharynx and neck — curative, not a line for metastatic disease."""
    p.tnm("cT3", "cN1", "cM0", ("3", "III"), when=date(2023, 2, 20))
    for day in every_21_days(date(2023, 3, 1), 3):
        p.chart.medication_administration(CISPLATIN, day, dosage_text="80 mg/m2 d1 (诱导化疗)")
        p.chart.medication_administration(
            GEMCITABINE, day, dosage_text="1000 mg/m2 d1,d8 (诱导化疗)"
        )
    if radiotherapy:
        for day in every_21_days(date(2023, 5, 4), 2):
            p.chart.medication_administration(CISPLATIN, day, dosage_text="100 mg/m2 同步放化疗")
        p.chart.procedure(
            concept("IMRT nasopharynx + bilateral neck 70 Gy/33 fx", RADIOTHERAPY),
            (date(2023, 5, 4), date(2023, 6, 20)),
            body_site=[NASOPHARYNX_SITE, NECK_SITE],
            reason_reference=[p.cancer],
        )


def rw_curative_ccrt_then_metastatic() -> Chart:
    p = Npc("rw-curative-ccrt-then-metastatic", birth="1974-01-21", diagnosed=date(2023, 2, 14))
    curative_2023(p)
    p.metastasis(LUNG_METS, date(2025, 10, 15))
    p.tnm(None, None, "cM1", None, when=date(2025, 10, 20))
    p.fit()
    p.first_line(first=date(2025, 11, 5))
    return p.chart


def rw_undated_metastasis_after_curative() -> Chart:
    """The 2023 curative course (induction GP recorded, the radiotherapy not); in 2026 lung
    metastases entered on the problem list with a recorded date only (no onset), then GP +
    toripalimab from 2026-01-20."""
    p = Npc("rw-undated-metastasis-after-curative", birth="1974-01-21", diagnosed=date(2023, 2, 14))
    curative_2023(p, radiotherapy=False)
    metastasis = p.chart.condition(LUNG_METS, None)
    metastasis["recordedDate"] = "2026-01-10"
    p.fit()
    p.first_line(first=date(2026, 1, 20))
    return p.chart


def rw_undated_metastasis_no_dates_after_curative() -> Chart:
    """As `rw_undated_metastasis_after_curative`, but the lung metastases' entry carries
    neither an onset nor a recorded date (an export that drops both)."""
    p = Npc(
        "rw-undated-metastasis-no-dates-after-curative",
        birth="1972-03-08",
        diagnosed=date(2023, 2, 14),
    )
    curative_2023(p, radiotherapy=False)
    p.chart.condition(LUNG_METS, None)
    p.fit()
    p.first_line(first=date(2026, 1, 20))
    return p.chart


def ccrt_2024(p: Npc) -> None:
    """Locoregionally advanced NPC in 2024 (cT3 cN2 cM0, III, staged at diagnosis): induction GP
    ×2, then concurrent cisplatin with radical IMRT to the nasopharynx and neck (70 Gy/33F) —
    the curative course of NCCN and CSCO, not a line for metastatic disease."""
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2024, 1, 15))
    for day in every_21_days(date(2024, 1, 22), 2):
        p.chart.medication_administration(CISPLATIN, day, dosage_text="80 mg/m2 d1 (诱导化疗)")
        p.chart.medication_administration(
            GEMCITABINE, day, dosage_text="1000 mg/m2 d1,d8 (诱导化疗)"
        )
    for day in every_21_days(date(2024, 3, 5), 2):
        p.chart.medication_administration(CISPLATIN, day, dosage_text="100 mg/m2 同步放化疗")
    p.chart.procedure(
        concept("IMRT nasopharynx + bilateral neck 70 Gy/33 fx", RADIOTHERAPY),
        (date(2024, 3, 5), date(2024, 4, 22)),
        body_site=[NASOPHARYNX_SITE, NECK_SITE],
        reason_reference=[p.cancer],
    )


def rw_bone_metastasis_undated_after_ccrt() -> Chart:
    """The 2024 curative course (induction GP, concurrent cisplatin with IMRT 70 Gy/33F); bone
    metastases (C79.51) on the problem list with neither an onset nor a recorded date; GP +
    toripalimab ×6 and maintenance from 2026-04-08."""
    p = Npc(
        "rw-bone-metastasis-undated-after-ccrt", birth="1973-05-19", diagnosed=date(2024, 1, 10)
    )
    ccrt_2024(p)
    p.chart.condition(BONE_METS, None)
    p.fit()
    p.first_line()
    return p.chart


def rw_ccrt_in_follow_up() -> Chart:
    """The 2024 curative course and nothing since: no metastasis, recurrence, stage or therapy
    recorded; ECOG 1 and QTc 432 ms at the follow-up visit."""
    p = Npc("rw-ccrt-in-follow-up", birth="1969-08-30", diagnosed=date(2024, 1, 10))
    ccrt_2024(p)
    p.fit()
    return p.chart


def rw_m0_at_diagnosis_then_palliative_chemoimmunotherapy() -> Chart:
    """The 2024 curative course (cM0 at diagnosis), nothing recorded for two years, then GP +
    toripalimab ×6 and maintenance from 2026-04-08 — NPC's first-line treatment of
    recurrent/metastatic disease — with no new stage, metastasis or recurrence recorded."""
    p = Npc(
        "rw-m0-at-diagnosis-then-palliative-chemoimmunotherapy",
        birth="1970-02-11",
        diagnosed=date(2024, 1, 10),
    )
    ccrt_2024(p)
    p.fit()
    p.first_line()
    return p.chart


def rw_m0_induction_only_then_chemoimmunotherapy() -> Chart:
    """cT3 cN2 cM0 (III) at diagnosis in 2024 and its induction GP ×2 recorded (the concurrent
    chemoradiotherapy given at another hospital, not in this chart), nothing for two years,
    then GP + toripalimab ×6 and maintenance from 2026-04-08."""
    p = Npc(
        "rw-m0-induction-only-then-chemoimmunotherapy",
        birth="1968-08-30",
        diagnosed=date(2024, 1, 10),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2024, 1, 15))
    for day in every_21_days(date(2024, 1, 22), 2):
        p.chart.medication_administration(CISPLATIN, day, dosage_text="80 mg/m2 d1 (诱导化疗)")
        p.chart.medication_administration(
            GEMCITABINE, day, dosage_text="1000 mg/m2 d1,d8 (诱导化疗)"
        )
    p.fit()
    p.first_line()
    return p.chart


def rw_m0_restaged_before_chemoimmunotherapy_after_ccrt() -> Chart:
    """As `rw_m0_at_diagnosis_then_palliative_chemoimmunotherapy`, but restaged cT2 cN1 cM0 (II)
    on 2026-03-25, after the curative course and two weeks before the GP + toripalimab."""
    p = Npc(
        "rw-m0-restaged-before-chemoimmunotherapy-after-ccrt",
        birth="1966-10-03",
        diagnosed=date(2024, 1, 10),
    )
    ccrt_2024(p)
    p.tnm("cT2", "cN1", "cM0", ("2", "II"), when=date(2026, 3, 25))
    p.fit()
    p.first_line()
    return p.chart


def rw_m0_staged_after_first_induction_cycle() -> Chart:
    """A 2026 NPC staged cT3 cN2 cM0 (III) five days after the first cycle of induction GP (×3
    from 2026-06-10), then concurrent cisplatin with IMRT to the nasopharynx and neck from
    2026-08-12: a locoregional patient in curative treatment."""
    p = Npc(
        "rw-m0-staged-after-first-induction-cycle",
        birth="1979-04-22",
        diagnosed=date(2026, 6, 2),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 6, 15))
    for day in every_21_days(date(2026, 6, 10), 3):
        p.chart.medication_administration(CISPLATIN, day, dosage_text="80 mg/m2 d1 (诱导化疗)")
        p.chart.medication_administration(
            GEMCITABINE, day, dosage_text="1000 mg/m2 d1,d8 (诱导化疗)"
        )
    for day in every_21_days(date(2026, 8, 12), 2):
        p.chart.medication_administration(CISPLATIN, day, dosage_text="100 mg/m2 同步放化疗")
    p.chart.procedure(
        concept("IMRT nasopharynx + bilateral neck 70 Gy/33 fx", RADIOTHERAPY),
        (date(2026, 8, 12), date(2026, 9, 28)),
        body_site=[NASOPHARYNX_SITE, NECK_SITE],
        reason_reference=[p.cancer],
    )
    p.fit()
    return p.chart


def rw_curative_tpf_ccrt_chinese() -> Chart:
    p = Npc(
        "rw-curative-tpf-ccrt-chinese",
        gender="female",
        birth="1980-07-07",
        diagnosis={"text": "鼻咽癌"},
        diagnosed=date(2023, 1, 10),
    )
    p.cancer["stage"] = [
        {"summary": {"text": "III期 (T3N1M0)"}, "type": {"text": "临床分期 AJCC第8版"}}
    ]
    order = p.chart.medication_request
    for drug in ("多西他赛", "顺铂", "氟尿嘧啶"):
        order(
            {"text": drug}, date(2023, 2, 1), date(2023, 3, 15), dosage_text="TPF 诱导化疗 q3w x3"
        )
    order(
        {"text": "顺铂"},
        date(2023, 4, 10),
        date(2023, 5, 26),
        dosage_text="同步放化疗 100 mg/m2 q3w",
    )
    p.chart.procedure(
        {"text": "鼻咽+双颈调强放疗 (IMRT) 70Gy/33F"}, (date(2023, 4, 10), date(2023, 5, 26))
    )
    p.chart.condition({"text": "肝转移"}, date(2025, 8, 12))
    p.chart.observation(
        {"text": "TNM分期"}, date(2025, 8, 20), value_string="rT0N0M1 (IVB期)", focus=[p.cancer]
    )
    p.fit()
    for drug in ("吉西他滨", "顺铂", "卡瑞利珠单抗"):
        order(
            {"text": drug},
            date(2025, 9, 3),
            date(2026, 1, 7),
            dosage_text="一线 GP+卡瑞利珠单抗 q3w x6",
        )
    order(
        {"text": "卡瑞利珠单抗"},
        date(2026, 1, 28),
        None,
        status="active",
        dosage_text="维持治疗 200 mg q3w",
    )
    return p.chart


def rw_curative_radiotherapy_not_recorded() -> Chart:
    p = Npc(
        "rw-curative-radiotherapy-not-recorded", birth="1970-03-03", diagnosed=date(2023, 2, 14)
    )
    curative_2023(p, radiotherapy=False)
    p.metastasis(LIVER_METS, date(2025, 10, 15))
    p.tnm(None, None, "cM1", None, when=date(2025, 10, 20))
    p.fit()
    p.first_line(first=date(2025, 11, 5))
    return p.chart


def rw_metastasis_years_after_diagnosis() -> Chart:
    """NPC diagnosed in February 2023, nothing else recorded until lung metastases in October
    2025 (cM1): no stage, therapy or radiotherapy of the 2023 disease in this chart."""
    p = Npc("rw-metastasis-years-after-diagnosis", birth="1974-01-21", diagnosed=date(2023, 2, 14))
    p.metastasis(LUNG_METS, date(2025, 10, 15))
    p.tnm(None, None, "cM1", None, when=date(2025, 10, 20))
    p.fit()
    p.first_line(first=date(2025, 11, 5))
    return p.chart


def rw_diagnosis_onset_as_text() -> Chart:
    """As `rw_metastasis_years_after_diagnosis`, with the 2023 induction GP recorded, but the
    NPC Condition dated as a hospital's form writes it: `onsetString` "2023年2月" (February
    2023), `recordedDate` 2025-10-16 (entered when the metastases were found)."""
    p = Npc("rw-diagnosis-onset-as-text", birth="1974-01-21", diagnosed=date(2023, 2, 14))
    for day in every_21_days(date(2023, 3, 1), 3):
        p.chart.medication_administration(CISPLATIN, day, dosage_text="80 mg/m2 d1 (诱导化疗)")
        p.chart.medication_administration(GEMCITABINE, day, dosage_text="1000 mg/m2 d1,d8")
    p.metastasis(LUNG_METS, date(2025, 10, 15))
    p.tnm(None, None, "cM1", None, when=date(2025, 10, 20))
    p.fit()
    p.first_line(first=date(2025, 11, 5))
    del p.cancer["onsetDateTime"]
    p.cancer["onsetString"] = "2023年2月"
    p.cancer["recordedDate"] = "2025-10-16"
    return p.chart


def rw_m0_staged_then_liver_mets_not_restaged() -> Chart:
    """As a problem list records a relapse: the 2023 stage (cM0, III) is the only TNM ever
    recorded; the liver metastases found in 2025 are a confirmed Condition, with no restaging."""
    p = Npc(
        "rw-m0-staged-then-liver-mets-not-restaged", birth="1970-03-03", diagnosed=date(2023, 2, 14)
    )
    curative_2023(p, radiotherapy=False)
    p.metastasis(LIVER_METS, date(2025, 10, 15))
    p.fit()
    p.first_line(first=date(2025, 11, 5))
    return p.chart


def relapse_recorded_as(pid: str, birth: str, metastasis: Concept) -> Chart:
    """As `rw_m0_staged_then_liver_mets_not_restaged`: the 2023 stage (cM0, III) is the only
    TNM; the relapse of October 2025 is one confirmed Condition, written as `metastasis` says."""
    p = Npc(pid, birth=birth, diagnosed=date(2023, 2, 14))
    curative_2023(p, radiotherapy=False)
    p.metastasis(metastasis, date(2025, 10, 15))
    p.fit()
    p.first_line(first=date(2025, 11, 5))
    return p.chart


def rw_bone_mets_chinese_icd_name() -> Chart:
    """The name the Chinese national clinical edition of ICD-10 gives C79.5, as the discharge
    diagnosis lists it, with the hospital's own code."""
    return relapse_recorded_as(
        "rw-bone-mets-chinese-icd-name",
        "1969-08-30",
        concept("骨继发恶性肿瘤", (LOCAL_ICD10, "C79.500", "骨继发恶性肿瘤")),
    )


def rw_lung_metastases_english() -> Chart:
    return relapse_recorded_as(
        "rw-lung-metastases-english", "1972-12-01", {"text": "Lung metastases"}
    )


def rw_retroperitoneal_nodes_after_curative() -> Chart:
    return relapse_recorded_as(
        "rw-retroperitoneal-nodes-after-curative",
        "1966-05-12",
        concept(
            "腹膜后淋巴结继发恶性肿瘤",
            (
                ICD10CM,
                "C77.2",
                "Secondary and unspecified malignant neoplasm of intra-abdominal lymph nodes",
            ),
        ),
    )


def rw_mediastinal_nodes_after_curative() -> Chart:
    return relapse_recorded_as(
        "rw-mediastinal-nodes-after-curative", "1975-09-09", {"text": "纵隔淋巴结转移"}
    )


def rw_neck_node_relapse_after_curative() -> Chart:
    return relapse_recorded_as(
        "rw-neck-node-relapse-after-curative", "1968-02-27", {"text": "右颈部淋巴结转移"}
    )


def rw_local_recurrence_after_curative() -> Chart:
    """The relapse is a local recurrence, entered as a new diagnosis of the same cancer."""
    return relapse_recorded_as(
        "rw-local-recurrence-after-curative", "1971-10-03", {"text": "鼻咽癌局部复发"}
    )


def rw_recurrence_with_lung_mets_dated_end_of_2025() -> Chart:
    """The 2023 curative course (cT3 cN1 cM0, III; induction GP, no radiotherapy recorded); the
    relapse entered when the patient was referred, 2026-03-10, as "鼻咽癌复发伴双肺转移" (NPC
    recurred, with metastases to both lungs) dated only `onsetString` "2025年底" (end of 2025);
    GP + toripalimab from 2026-01-07 (GEN-ONSET-TEXT, LOT-RECURRENCE; twenty-eighth session)."""
    p = Npc(
        "rw-recurrence-with-lung-mets-dated-end-of-2025",
        birth="1969-04-22",
        diagnosed=date(2023, 2, 14),
    )
    curative_2023(p, radiotherapy=False)
    relapse = p.chart.condition({"text": "鼻咽癌复发伴双肺转移"}, date(2026, 3, 10))
    del relapse["onsetDateTime"]
    relapse["onsetString"] = "2025年底"
    p.fit()
    p.first_line(first=date(2026, 1, 7))
    return p.chart


def rw_recurrence_recorded_without_site() -> Chart:
    """The relapse is a new diagnosis "鼻咽癌复发" (NPC, recurred) that does not say where."""
    return relapse_recorded_as(
        "rw-recurrence-recorded-without-site", "1966-05-27", {"text": "鼻咽癌复发"}
    )


RECURRENCE = concept(None, (CONDITION_CLINICAL, "recurrence", "Recurrence"))


def recurrence_status_only(pid: str, birth: str, *, radiotherapy: bool) -> Chart:
    """The 2023 curative course (cT3 cN1 cM0, III); the relapse is recorded only by setting the
    NPC Condition's `clinicalStatus` to recurrence (no date, no site, no new stage); GP +
    toripalimab from 2025-11-05."""
    p = Npc(pid, birth=birth, diagnosed=date(2023, 2, 14))
    p.cancer["clinicalStatus"] = RECURRENCE
    curative_2023(p, radiotherapy=radiotherapy)
    p.fit()
    p.first_line(first=date(2025, 11, 5))
    return p.chart


def rw_recurrence_status_only() -> Chart:
    return recurrence_status_only("rw-recurrence-status-only", "1970-09-12", radiotherapy=False)


def rw_recurrence_status_after_chemoradiotherapy() -> Chart:
    return recurrence_status_only(
        "rw-recurrence-status-after-chemoradiotherapy", "1968-02-03", radiotherapy=True
    )


def restaged_relapse(pid: str, birth: str, stage_text: str | None = None) -> Chart:
    """The hospital first sees the patient at his relapse: the NPC Condition dates from October
    2025, staged rT0 rN0 rM1, IVB (the retreatment classification of a recurrence), with lung
    metastases; nothing of the first treatment, given elsewhere, is recorded; GP +
    toripalimab from 2025-11-05. The stage is coded (mCODE's shape) or, with `stage_text`,
    written in the Condition's stage summary."""
    p = Npc(pid, birth=birth, diagnosed=date(2025, 10, 16))
    if stage_text is None:
        p.tnm("rT0", "rN0", "rM1", ("4B", "IVB"), when=date(2025, 10, 20))
    else:
        p.cancer["stage"] = [{"summary": {"text": stage_text}}]
    p.metastasis(LUNG_METS, date(2025, 10, 15))
    p.fit()
    p.first_line(first=date(2025, 11, 5))
    return p.chart


def rw_relapse_restaged_rtnm() -> Chart:
    return restaged_relapse("rw-relapse-restaged-rtnm", "1969-03-02")


def rw_relapse_restaged_rtnm_in_summary() -> Chart:
    return restaged_relapse(
        "rw-relapse-restaged-rtnm-in-summary", "1965-11-23", "rT0N0M1 IVB期（AJCC第8版）"
    )


def other_head_and_neck_cancer(pid: str, birth: str, history: Concept, **extra: Any) -> Chart:
    """The reference patient whose problem list also holds an earlier head and neck cancer of
    another site, treated in 2015 elsewhere: nothing of that treatment is recorded."""
    p = reference_patient(pid, birth=birth)
    p.chart.condition(history, date(2015, 3, 10), **extra)
    return p.chart


def rw_laryngeal_cancer_history_chinese() -> Chart:
    """ "喉癌病史": a history of laryngeal cancer, written as the past-history section does."""
    return other_head_and_neck_cancer(
        "rw-laryngeal-cancer-history-chinese", "1962-08-14", {"text": "喉癌病史"}
    )


def rw_tongue_cancer_history_code() -> Chart:
    """ICD-10-CM Z85.810 (personal history of malignant neoplasm of tongue), code only."""
    return other_head_and_neck_cancer(
        "rw-tongue-cancer-history-code",
        "1964-01-30",
        concept(None, (ICD10CM, "Z85.810", "Personal history of malignant neoplasm of tongue")),
    )


def rw_laryngeal_cancer_resolved() -> Chart:
    """A laryngeal cancer Condition (C32.9), resolved since 2016."""
    return other_head_and_neck_cancer(
        "rw-laryngeal-cancer-resolved",
        "1960-05-05",
        concept("Malignant neoplasm of larynx", (ICD10CM, "C32.9", "Malignant neoplasm of larynx")),
        clinical_status=RESOLVED,
        abatement=date(2016, 1, 20),
    )


def rw_laryngeal_cancer_active_2015() -> Chart:
    """A laryngeal cancer Condition (C32.9) of 2015 still `active` on the problem list (never
    updated); nothing of its treatment or of any recurrence recorded."""
    return other_head_and_neck_cancer(
        "rw-laryngeal-cancer-active-2015",
        "1961-10-08",
        concept("Malignant neoplasm of larynx", (ICD10CM, "C32.9", "Malignant neoplasm of larynx")),
    )


def rw_thyroid_cancer_after_surgery_active() -> Chart:
    """ "甲状腺癌术后" (thyroid cancer, after surgery), onset 2015, still `active`: the way the
    problem list carries a cancer operated on years ago."""
    p = reference_patient("rw-thyroid-cancer-after-surgery-active", birth="1968-07-22")
    p.chart.condition({"text": "甲状腺癌术后"}, date(2015, 6, 2))
    return p.chart


def rw_breast_cancer_after_surgery_active() -> Chart:
    """Female; "乳腺癌术后" (breast cancer, after surgery), onset 2012, still `active`."""
    p = reference_patient(
        "rw-breast-cancer-after-surgery-active", gender="female", birth="1966-05-17"
    )
    p.chart.condition({"text": "乳腺癌术后"}, date(2012, 9, 14))
    return p.chart


BREAST_C50_911 = (
    ICD10CM,
    "C50.911",
    "Malignant neoplasm of unspecified site of right female breast",
)


def resolved_breast_cancer(pid: str, birth: str) -> tuple[Npc, Resource]:
    """Female; the reference patient whose problem list also holds a breast cancer (C50.911) of
    2015-03-10, `resolved` since 2016-01-20 (surgery and adjuvant therapy elsewhere), never
    updated since; GP + toripalimab from 2026-04-08 with no reason. Returns the breast cancer's
    Condition too."""
    p = reference_patient(pid, gender="female", birth=birth)
    breast = p.chart.condition(
        concept("右乳浸润性导管癌 (Invasive ductal carcinoma, right breast)", BREAST_C50_911),
        date(2015, 3, 10),
        clinical_status=RESOLVED,
        abatement=date(2016, 1, 20),
    )
    return p, breast


def rw_resolved_breast_cancer_capecitabine_before_npc() -> Chart:
    """... and capecitabine (1000 mg/m2 bid d1-14 q3w) ordered three times from 2026-01-05 to
    2026-03-01 with no reason: six to ten weeks before the NPC was diagnosed (2026-03-18)."""
    p, _ = resolved_breast_cancer("rw-resolved-breast-cancer-capecitabine-before-npc", "1965-04-09")
    for day in every_21_days(date(2026, 1, 5), 3):
        p.chart.medication_request(
            CAPECITABINE,
            day,
            day + timedelta(days=13),
            dosage_text="卡培他滨 1000mg/m2 bid d1-14 q3w",
        )
    return p.chart


def rw_resolved_breast_cancer_progression_before_npc() -> Chart:
    """... and a progression Observation (LOINC 97509-4, worsened) whose `focus` is the
    resolved breast cancer, 2026-02-20, four weeks before the NPC was diagnosed: the breast
    cancer came back, its status left `resolved`."""
    p, breast = resolved_breast_cancer(
        "rw-resolved-breast-cancer-progression-before-npc", "1967-08-23"
    )
    p.chart.observation(PROGRESSION, date(2026, 2, 20), value_concept=WORSENED, focus=[breast])
    return p.chart


def rw_laryngeal_cancer_relapsed_with_npc() -> Chart:
    """The laryngeal cancer of 2015 (C32.9, active) recurred: "喉癌术后复发" entered 2026-03-02,
    two weeks before the NPC was diagnosed; GP + toripalimab from 2026-04-08 with no reason."""
    p = reference_patient("rw-laryngeal-cancer-relapsed-with-npc", birth="1959-12-03")
    larynx = (ICD10CM, "C32.9", "Malignant neoplasm of larynx")
    p.chart.condition(concept("Malignant neoplasm of larynx", larynx), date(2015, 3, 10))
    p.chart.condition(concept("喉癌术后复发", larynx), date(2026, 3, 2))
    return p.chart


LARYNX_C32_9 = (ICD10CM, "C32.9", "Malignant neoplasm of larynx")


def rw_laryngeal_recurrence_words_on_old_entry() -> Chart:
    """The laryngeal cancer's one Condition (C32.9, active) reads "喉癌术后复发" (laryngeal
    cancer recurred after surgery), its onset still the first diagnosis's, 2015-03-10: when it
    recurred is not recorded. GP + toripalimab from 2026-04-08 with no reason."""
    p = reference_patient("rw-laryngeal-recurrence-words-on-old-entry", birth="1958-02-11")
    p.chart.condition(concept("喉癌术后复发", LARYNX_C32_9), date(2015, 3, 10))
    return p.chart


def rw_recurrent_laryngeal_carcinoma_english() -> Chart:
    """ "Recurrent laryngeal carcinoma" (C32.9), onset 2015-03-10, beside the 2026 NPC."""
    p = reference_patient("rw-recurrent-laryngeal-carcinoma-english", birth="1960-07-30")
    p.chart.condition(concept("Recurrent laryngeal carcinoma", LARYNX_C32_9), date(2015, 3, 10))
    return p.chart


def rw_thyroid_cancer_recurrence_in_note() -> Chart:
    """ "甲状腺癌术后" of 2015, still `active`, with a note on the entry: "2026-02 颈部复发"
    (recurred in the neck); nothing else of the thyroid cancer recorded."""
    p = reference_patient("rw-thyroid-cancer-recurrence-in-note", birth="1967-01-09")
    entry = p.chart.condition({"text": "甲状腺癌术后"}, date(2015, 6, 2))
    entry["note"] = [{"time": "2026-02-24", "text": "2026-02 甲状腺癌术后颈部复发"}]
    return p.chart


PEMETREXED = concept("培美曲塞 (Pemetrexed)")
TISLELIZUMAB = concept("替雷利珠单抗 (Tislelizumab)")


def chemotherapy_of_no_reason(p: Npc, drugs: Sequence[Concept], first: date, cycles: int) -> None:
    """`cycles` cycles of `drugs`, every 21 days from `first`, each drug its own
    MedicationAdministration, none naming the cancer it treated."""
    for day in every_21_days(first, cycles):
        for drug in drugs:
            p.chart.medication_administration(drug, day, dosage_text="d1 q3w")


def rw_lung_adenocarcinoma_chinese_treated_2023() -> Chart:
    """The reference patient whose problem list also holds "左肺腺癌" (left lung adenocarcinoma,
    text only), onset 2023-05-10, still `active`, treated with pemetrexed + carboplatin ×4 from
    2023-06-01 with no reason; nothing of it recorded since."""
    p = reference_patient("rw-lung-adenocarcinoma-chinese-treated-2023", birth="1964-09-18")
    p.chart.condition({"text": "左肺腺癌"}, date(2023, 5, 10))
    chemotherapy_of_no_reason(p, (PEMETREXED, CARBOPLATIN), date(2023, 6, 1), 4)
    return p.chart


def rw_lung_squamous_chemo_before_untreated_npc() -> Chart:
    """The NPC (staged cM1 IVB, bone metastases, fit) not yet treated; "右肺鳞癌" (right lung
    squamous cell carcinoma, text only) of 2024-02-06, active, treated with carboplatin +
    paclitaxel + tislelizumab ×4 from 2024-02-27 with no reason."""
    p = Npc("rw-lung-squamous-chemo-before-untreated-npc", birth="1962-03-27")
    p.staged().fit()
    p.chart.condition({"text": "右肺鳞癌"}, date(2024, 2, 6))
    chemotherapy_of_no_reason(p, (CARBOPLATIN, PACLITAXEL, TISLELIZUMAB), date(2024, 2, 27), 4)
    return p.chart


def rw_npc_resolved_then_lung_adenocarcinoma_chemo() -> Chart:
    """An NPC of 2019 (cT1 cN0 cM0, I) cured by IMRT alone, `resolved` since 2020-01-15; "右肺
    腺癌" (right lung adenocarcinoma, text only) diagnosed 2026-03-18, treated with pemetrexed +
    carboplatin ×4 from 2026-04-08 with no reason."""
    p = Npc(
        "rw-npc-resolved-then-lung-adenocarcinoma-chemo",
        birth="1966-11-02",
        diagnosed=date(2019, 3, 12),
    )
    p.cancer["clinicalStatus"] = RESOLVED
    p.cancer["abatementDateTime"] = "2020-01-15"
    p.tnm("cT1", "cN0", "cM0", ("1", "I"), when=date(2019, 3, 19))
    p.chart.procedure(
        concept("IMRT nasopharynx + bilateral neck 70 Gy/33 fx", RADIOTHERAPY),
        (date(2019, 4, 8), date(2019, 5, 24)),
        body_site=[NASOPHARYNX_SITE, NECK_SITE],
        reason_reference=[p.cancer],
    )
    p.chart.condition({"text": "右肺腺癌"}, date(2026, 3, 18))
    p.fit()
    chemotherapy_of_no_reason(p, (PEMETREXED, CARBOPLATIN), FIRST_CYCLE, 4)
    return p.chart


def rw_lung_adenocarcinoma_bracketed_organ() -> Chart:
    """As `rw_lung_adenocarcinoma_chinese_treated_2023`, the lung cancer written as its
    pathology report's diagnosis line, the organ in brackets before the histology: "（右肺上叶）
    浸润性腺癌" (right upper lobe: invasive adenocarcinoma), 2023-05-10, still `active`,
    pemetrexed + carboplatin ×4 from 2023-06-01 with no reason."""
    p = reference_patient("rw-lung-adenocarcinoma-bracketed-organ", birth="1963-02-21")
    p.chart.condition({"text": "（右肺上叶）浸润性腺癌"}, date(2023, 5, 10))
    chemotherapy_of_no_reason(p, (PEMETREXED, CARBOPLATIN), date(2023, 6, 1), 4)
    return p.chart


IMATINIB = concept("甲磺酸伊马替尼片 (Imatinib mesylate)")
TAMOXIFEN = concept("枸橼酸他莫昔芬片 (Tamoxifen citrate)")
LETROZOLE = concept("来曲唑片 (Letrozole) 2.5mg")


def rw_gist_adjuvant_imatinib_beside_npc() -> Chart:
    """The reference patient with "胃肠间质瘤" (gastrointestinal stromal tumour, text only) of
    2021-03-10, operated on, and three years of adjuvant imatinib 400 mg daily, 2021-04-06 to
    2024-04-05 (one MedicationStatement, completed, no reason)."""
    p = reference_patient("rw-gist-adjuvant-imatinib-beside-npc", birth="1965-10-04")
    p.chart.condition({"text": "胃肠间质瘤"}, date(2021, 3, 10))
    p.chart.medication_statement(IMATINIB, (date(2021, 4, 6), date(2024, 4, 5)))
    return p.chart


def rw_dcis_tamoxifen_beside_npc() -> Chart:
    """Female; the reference patient with "左乳导管原位癌" (ductal carcinoma in situ, left
    breast, text only) of 2019-03-12, still `active`, excised, and five years of tamoxifen
    20 mg daily, 2019-04-15 to 2024-04-14 (one MedicationStatement, completed, no reason)."""
    p = reference_patient("rw-dcis-tamoxifen-beside-npc", gender="female", birth="1972-07-30")
    p.chart.condition({"text": "左乳导管原位癌"}, date(2019, 3, 12))
    p.chart.medication_statement(TAMOXIFEN, (date(2019, 4, 15), date(2024, 4, 14)))
    return p.chart


def rw_gist_imatinib_ongoing_beside_npc() -> Chart:
    """The reference patient with "胃肠间质瘤" (gastrointestinal stromal tumour, text only) of
    2024-01-15, operated on, and adjuvant imatinib 400 mg daily from 2024-02-20, still taken
    through the NPC's GP + toripalimab (one MedicationStatement, active, no end, no reason)."""
    p = reference_patient("rw-gist-imatinib-ongoing-beside-npc", birth="1966-05-19")
    p.chart.condition({"text": "胃肠间质瘤"}, date(2024, 1, 15))
    p.chart.medication_statement(IMATINIB, (date(2024, 2, 20), None), status="active")
    return p.chart


def rw_breast_cancer_tamoxifen_ongoing_beside_npc() -> Chart:
    """Female; the reference patient with "左乳浸润性导管癌" (invasive ductal carcinoma, left
    breast, text only) of 2023-03-14, still `active`, operated on, and adjuvant tamoxifen 20 mg
    daily from 2023-04-20, still taken through the NPC's GP + toripalimab (one
    MedicationStatement, active, no end, no reason)."""
    p = reference_patient(
        "rw-breast-cancer-tamoxifen-ongoing-beside-npc", gender="female", birth="1974-01-08"
    )
    p.chart.condition({"text": "左乳浸润性导管癌"}, date(2023, 3, 14))
    p.chart.medication_statement(TAMOXIFEN, (date(2023, 4, 20), None), status="active")
    return p.chart


def rw_breast_cancer_tamoxifen_switched_to_letrozole_beside_npc() -> Chart:
    """Female; the reference patient with "左乳浸润性导管癌" (invasive ductal carcinoma, left
    breast, text only) of 2023-03-14, still `active`, operated on; adjuvant tamoxifen 20 mg
    daily from 2023-04-20 to 2026-10-14 (one MedicationStatement, completed), then letrozole
    2.5 mg daily from 2026-10-15, still taken (one MedicationStatement, active, no end): the
    switch from tamoxifen to an aromatase inhibitor, during the NPC's toripalimab maintenance;
    no reason on either."""
    p = reference_patient(
        "rw-breast-cancer-tamoxifen-switched-to-letrozole-beside-npc",
        gender="female",
        birth="1969-04-27",
    )
    p.chart.condition({"text": "左乳浸润性导管癌"}, date(2023, 3, 14))
    p.chart.medication_statement(TAMOXIFEN, (date(2023, 4, 20), date(2026, 10, 14)))
    p.chart.medication_statement(LETROZOLE, (date(2026, 10, 15), None), status="active")
    return p.chart


def rw_dcis_microinvasion_tamoxifen_beside_npc() -> Chart:
    """Female; the reference patient with "左乳导管原位癌伴微浸润" (ductal carcinoma in situ
    with microinvasion, left breast, text only) of 2019-05-08, still `active`, excised, and five
    years of tamoxifen 20 mg daily, 2019-06-10 to 2024-06-09 (one MedicationStatement,
    completed, no reason)."""
    p = reference_patient(
        "rw-dcis-microinvasion-tamoxifen-beside-npc", gender="female", birth="1970-12-02"
    )
    p.chart.condition({"text": "左乳导管原位癌伴微浸润"}, date(2019, 5, 8))
    p.chart.medication_statement(TAMOXIFEN, (date(2019, 6, 10), date(2024, 6, 9)))
    return p.chart


def rw_dcis_icd10_coded_tamoxifen_beside_npc() -> Chart:
    """Female; the reference patient with a DCIS coded ICD-10-CM D05.12 (no display) and
    written "左乳导管内癌" (intraductal carcinoma, left breast: DCIS's other Chinese name) of
    2019-09-23, still `active`, excised, and five years of tamoxifen 20 mg daily, 2019-10-21
    to 2024-10-20 (one MedicationStatement, completed, no reason)."""
    p = reference_patient(
        "rw-dcis-icd10-coded-tamoxifen-beside-npc", gender="female", birth="1968-08-16"
    )
    p.chart.condition(concept("左乳导管内癌", (ICD10CM, "D05.12")), date(2019, 9, 23))
    p.chart.medication_statement(TAMOXIFEN, (date(2019, 10, 21), date(2024, 10, 20)))
    return p.chart


def rw_lung_biopsy_metastasis_bracketed_organ() -> Chart:
    """The reference patient with the lung biopsy of his work-up entered as a diagnosis in the
    pathology report's words, "（右肺下叶）低分化鳞状细胞癌，结合病史，符合转移" (right lower
    lobe: poorly differentiated squamous cell carcinoma; with the history, consistent with a
    metastasis), 2026-03-25, a week after the NPC and before its first line."""
    p = reference_patient("rw-lung-biopsy-metastasis-bracketed-organ")
    p.chart.condition(
        concept("（右肺下叶）低分化鳞状细胞癌，结合病史，符合转移"), date(2026, 3, 25)
    )
    return p.chart


NECK_NODES = concept(
    "颈部淋巴结转移",
    (
        ICD10CM,
        "C77.0",
        "Secondary and unspecified malignant neoplasm of lymph nodes of head, face and neck",
    ),
)


def neck_nodes_beside_two_cancers(pid: str, birth: str, n: str, nodes: date) -> Chart:
    """The reference NPC (staged cT3 `n` cM1, IVB, bone metastases; GP + toripalimab from
    2026-04-08 with no reason) beside a laryngeal cancer of 2015 (C32.9, active), and a neck
    lymph-node metastasis (C77.0, "颈部淋巴结转移") linked to neither cancer, onset `nodes`."""
    p = Npc(pid, birth=birth)
    p.tnm("cT3", n, "cM1", ("4B", "IVB"))
    p.metastasis()
    p.fit()
    p.first_line()
    p.chart.condition(concept("Malignant neoplasm of larynx", LARYNX_C32_9), date(2015, 3, 10))
    p.chart.condition(NECK_NODES, nodes)
    return p.chart


def rw_neck_nodes_beside_laryngeal_cancer_npc_n2() -> Chart:
    """The nodes found at the NPC's work-up, 2026-03-20, the NPC staged cN2."""
    return neck_nodes_beside_two_cancers(
        "rw-neck-nodes-beside-laryngeal-cancer-npc-n2", "1961-04-04", "cN2", date(2026, 3, 20)
    )


def rw_neck_nodes_beside_laryngeal_cancer_npc_n0() -> Chart:
    """The nodes found at the NPC's work-up, 2026-03-20, but the NPC staged cN0."""
    return neck_nodes_beside_two_cancers(
        "rw-neck-nodes-beside-laryngeal-cancer-npc-n0", "1962-10-19", "cN0", date(2026, 3, 20)
    )


def rw_neck_nodes_before_npc_beside_laryngeal_cancer() -> Chart:
    """The nodes found 2025-09-10, six months before the NPC (cN2) was diagnosed."""
    return neck_nodes_beside_two_cancers(
        "rw-neck-nodes-before-npc-beside-laryngeal-cancer", "1959-06-23", "cN2", date(2025, 9, 10)
    )


def outside_course_before_npc_recorded(
    pid: str, birth: str, ended: date, course: str = "外院 TP方案 (多西他赛+顺铂) ×4周期"
) -> Chart:
    """A patient who came here with metastatic NPC: the NPC, the chart's only cancer, recorded
    at the first visit, 2026-06-20 (its onset that day: the earlier diagnosis made elsewhere is
    not entered), staged cT3 cN2 cM1 IVB with bone metastases; the chemotherapy given
    elsewhere entered as one statement, "外院 TP方案 (多西他赛+顺铂) ×4周期", from 2025-09-10
    to `ended`; GP + toripalimab here from 2026-07-01 (4 cycles, then maintenance)."""
    p = Npc(pid, birth=birth, diagnosed=date(2026, 6, 20))
    p.tnm(when=date(2026, 6, 24))
    p.metastasis(when=date(2026, 6, 24))
    p.fit()
    outside = concept(course)
    p.chart.medication_statement(outside, (date(2025, 9, 10), ended), status="completed")
    p.first_line(first=date(2026, 7, 1), cycles=4)
    return p.chart


def rw_outside_course_before_npc_recorded() -> Chart:
    """The outside TP ended 2026-01-02, six months before GP + toripalimab began here."""
    return outside_course_before_npc_recorded(
        "rw-outside-course-before-npc-recorded", "1970-02-17", date(2026, 1, 2)
    )


def rw_outside_chemoimmunotherapy_before_npc_recorded() -> Chart:
    """As `rw_outside_course_before_npc_recorded`, the outside course an anti-PD-1 with
    platinum: "外院 TP方案 (多西他赛+顺铂) + 特瑞普利单抗 ×4周期", ended 2026-01-02."""
    return outside_course_before_npc_recorded(
        "rw-outside-chemoimmunotherapy-before-npc-recorded",
        "1970-02-17",
        date(2026, 1, 2),
        "外院 TP方案 (多西他赛+顺铂) + 特瑞普利单抗 ×4周期",
    )


def rw_first_cycles_before_npc_entered() -> Chart:
    """The NPC, the chart's only cancer, entered on 2026-05-20 (onset that day), six weeks
    after the reference GP + toripalimab began on 2026-04-08 (staged cT3 cN2 cM1 IVB)."""
    p = Npc("rw-first-cycles-before-npc-entered", birth="1972-03-28", diagnosed=date(2026, 5, 20))
    p.tnm(when=date(2026, 3, 25))
    p.metastasis(when=date(2026, 3, 25))
    p.fit()
    p.first_line()
    return p.chart


def locoregional_in_induction(pid: str, diagnosis: str) -> Chart:
    """Locoregional NPC this spring (cT3 cN2 cM0, III) on induction GP + toripalimab x3 before
    radiotherapy; the diagnosis is written the way the ward writes it, with no code."""
    p = Npc(pid, birth="1983-04-19", diagnosis={"text": diagnosis})
    p.tnm("cT3", "cN2", "cM0", ("3", "III"))
    p.fit()
    p.first_line(cycles=3, maintenance=[])
    return p.chart


def rw_npc_neck_nodes_in_diagnosis() -> Chart:
    return locoregional_in_induction("rw-npc-neck-nodes-in-diagnosis", "鼻咽癌 颈部淋巴结转移")


def rw_npc_no_distant_metastasis_in_diagnosis() -> Chart:
    return locoregional_in_induction(
        "rw-npc-no-distant-metastasis-in-diagnosis", "鼻咽癌 T3N2M0 III期（未见远处转移）"
    )


def adjuvant_capecitabine_2024(pid: str, orders: int) -> Npc:
    """Locoregional NPC in January 2024 (cT3 cN2 cM0, III): induction GP x3 and concurrent
    cisplatin (the radiotherapy was given at a radiotherapy centre and is not in this chart),
    then metronomic capecitabine as adjuvant therapy, one outpatient order of 28 days' supply
    every 28 days from 2024-06-05; liver metastases on CT on 2025-02-10, restaged cM1."""
    p = Npc(pid, birth="1968-09-02", diagnosed=date(2024, 1, 10))
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2024, 1, 16))
    for day in every_21_days(date(2024, 1, 24), 3):
        p.chart.medication_administration(CISPLATIN, day, dosage_text="80 mg/m2 d1 (诱导化疗)")
        p.chart.medication_administration(
            GEMCITABINE, day, dosage_text="1000 mg/m2 d1,d8 (诱导化疗)"
        )
    for day in every_21_days(date(2024, 4, 1), 2):
        p.chart.medication_administration(CISPLATIN, day, dosage_text="100 mg/m2 同步放化疗")
    for n in range(orders):
        start = date(2024, 6, 5) + timedelta(days=28 * n)
        p.chart.medication_request(
            CAPECITABINE,
            start,
            start + timedelta(days=27),
            dosage_text="650 mg/m2 bid 节拍辅助治疗 (adjuvant metronomic), 28 天",
        )
    p.metastasis(LIVER_METS, date(2025, 2, 10))
    p.tnm(None, None, "cM1", None, when=date(2025, 2, 14))
    p.fit()
    return p


def rw_adjuvant_capecitabine_renewed_past_metastasis() -> Chart:
    """The capecitabine order is renewed twice after the liver metastases were found (2025-02-12
    and 2025-03-12), then GP + toripalimab from 2025-04-16."""
    p = adjuvant_capecitabine_2024("rw-adjuvant-capecitabine-renewed-past-metastasis", 11)
    p.first_line(first=date(2025, 4, 16))
    return p.chart


def rw_adjuvant_capecitabine_running_out_at_metastasis() -> Chart:
    """The last capecitabine order (2025-01-15 to 2025-02-11) runs out as the liver metastases
    are found; never renewed; GP + toripalimab from 2025-03-05."""
    p = adjuvant_capecitabine_2024("rw-adjuvant-capecitabine-running-out-at-metastasis", 9)
    p.first_line(first=date(2025, 3, 5))
    return p.chart


# === 3. Proof that a drug was given ============================================================


def rw_orders_medication_reference() -> Chart:
    p = Npc("rw-orders-medication-reference").staged().fit()
    cisplatin = p.chart.medication(CISPLATIN, form=concept("Injection"))
    gemcitabine = p.chart.medication(GEMCITABINE, form=concept("Injection"))
    toripalimab = p.chart.medication(
        concept(None, (LOCAL_DRUG, "YP1093", "特瑞普利单抗注射液 240mg"))
    )
    for day in every_21_days(FIRST_CYCLE, 6):
        for drug in (cisplatin, gemcitabine, toripalimab):
            p.chart.medication_request(drug, day, day + timedelta(days=8), dosage_text="C1-6 q3w")
    p.chart.medication_request(
        toripalimab, date(2026, 8, 12), None, status="active", dosage_text="maintenance q3w"
    )
    return p.chart


def rw_regimen_medication_ingredient_references() -> Chart:
    """The first line ordered as one regimen Medication of the hospital's dictionary ("鼻咽癌一线
    方案", local code FA-0012) whose ingredients refer to the Medications of its three drugs
    (`ingredient.itemReference`); one administration of the regimen per cycle, then toripalimab
    maintenance."""
    p = Npc("rw-regimen-medication-ingredient-references").staged().fit()
    parts = [p.chart.medication(drug) for drug in (CISPLATIN, GEMCITABINE, TORIPALIMAB)]
    regimen = p.chart.medication(
        concept("一线方案 (化疗+免疫)", (LOCAL_DRUG, "FA-0012", "鼻咽癌一线方案"))
    )
    regimen["ingredient"] = [{"itemReference": reference(part)} for part in parts]
    for number, day in enumerate(every_21_days(FIRST_CYCLE, 6), 1):
        p.chart.medication_administration(regimen, day, dosage_text=f"C{number}D1")
    for day in maintenance_days(every_21_days(FIRST_CYCLE, 6)[-1]):
        p.chart.medication_administration(TORIPALIMAB, day, dosage_text="240 mg q3w (maintenance)")
    return p.chart


def rw_orders_contained_local_codes() -> Chart:
    p = Npc("rw-orders-contained-local-codes").staged().fit()
    local = (
        ("YP0102", "注射用顺铂"),
        ("YP0388", "注射用盐酸吉西他滨"),
        ("YP1093", "特瑞普利单抗注射液"),
    )
    for day in every_21_days(FIRST_CYCLE, 6):
        for code, display in local:
            drug = contained_medication(concept(None, (LOCAL_DRUG, code, display)))
            p.chart.medication_request(drug, day, day + timedelta(days=8))
    drug = contained_medication(concept(None, (LOCAL_DRUG, "YP1093", "特瑞普利单抗注射液")))
    p.chart.medication_request(drug, date(2026, 8, 12), None, status="active")
    return p.chart


def rw_unresolved_medication_reference() -> Chart:
    p = Npc("rw-unresolved-medication-reference").staged().fit()
    p.first_line(platinum=[None] * 6)
    for day in every_21_days(FIRST_CYCLE, 6):
        record = p.chart.medication_administration({"text": "placeholder"}, day)
        del record["medicationCodeableConcept"]
        record["medicationReference"] = {"reference": "Medication/pharmacy-item-88231"}
    return p.chart


def rw_second_line_unresolved_medication() -> Chart:
    """After a documented progression, three cycles of a pharmacy item the export does not hold
    (the day ward's record references it; the Medication itself is not in the data)."""
    p = Npc("rw-second-line-unresolved-medication").staged().fit()
    p.first_line(maintenance=[date(2026, 8, 12), date(2026, 9, 2)])
    p.chart.observation(PROGRESSION, date(2026, 9, 20), value_concept=WORSENED, focus=[p.cancer])
    for day in every_21_days(date(2026, 10, 1), 3):
        record = p.chart.medication_administration({"text": "placeholder"}, day)
        del record["medicationCodeableConcept"]
        record["medicationReference"] = {"reference": "Medication/pharmacy-item-40417"}
    return p.chart


def rw_blinded_pd1_or_placebo() -> Chart:
    p = Npc("rw-blinded-pd1-or-placebo").staged().fit()
    p.first_line(
        pd1=concept("Study drug: toripalimab or placebo (blinded) 研究药物 特瑞普利单抗/安慰剂")
    )
    return p.chart


def rw_pd1_open_label_study_drug() -> Chart:
    """The first line given in an open-label study: the PD-1 recorded by the study pharmacy as
    "特瑞普利单抗注射液（研究药物，开放标签）" (study drug, open label)."""
    p = Npc("rw-pd1-open-label-study-drug").staged().fit()
    p.first_line(pd1=concept("特瑞普利单抗注射液（研究药物，开放标签）"))
    return p.chart


def rw_pd1_statement_not_taken() -> Chart:
    p = Npc("rw-pd1-statement-not-taken").staged().fit()
    p.first_line(pd1=None)
    p.chart.medication_statement(
        TORIPALIMAB,
        (FIRST_CYCLE, None),
        status="not-taken",
        why=Why(status_reason=concept("患者拒绝免疫治疗（费用）Patient declined (cost)")),
    )
    return p.chart


def rw_cisplatin_not_done_one_cycle() -> Chart:
    p = reference_patient("rw-cisplatin-not-done-one-cycle")
    (cycle_4_cisplatin,) = (
        r
        for r in p.chart.resources
        if r.get("medicationCodeableConcept") is CISPLATIN
        and r.get("effectiveDateTime") == "2026-06-10"
    )
    cycle_4_cisplatin["status"] = "not-done"
    cycle_4_cisplatin["statusReason"] = [
        concept("肌酐升高 142 umol/L，顺铂暂停 (cisplatin withheld)")
    ]
    return p.chart


def rw_second_line_order_cancelled() -> Chart:
    p = reference_patient("rw-second-line-order-cancelled")
    p.chart.medication_request(
        DOCETAXEL,
        date(2026, 10, 20),
        date(2026, 10, 21),
        status="cancelled",
        why=Why(status_reason=concept("Order placed in error / patient not progressing")),
    )
    return p.chart


def rw_docetaxel_entered_in_error() -> Chart:
    p = reference_patient("rw-docetaxel-entered-in-error")
    p.chart.medication_administration(DOCETAXEL, date(2026, 10, 21), status="entered-in-error")
    return p.chart


def rw_second_line_planned() -> Chart:
    p = reference_patient("rw-second-line-planned")
    p.chart.medication_request(DOCETAXEL, date(2026, 12, 10), None, status="active", intent="plan")
    return p.chart


def rw_second_line_order_set_option() -> Chart:
    """The order set's second-line option, kept in the chart: a docetaxel MedicationRequest of
    intent `option`, status active, 2026-10-01 to 11-12, "二线备选"; nothing given."""
    p = reference_patient("rw-second-line-order-set-option")
    p.chart.medication_request(
        DOCETAXEL,
        date(2026, 10, 1),
        date(2026, 11, 12),
        status="active",
        intent="option",
        dosage_text="二线备选: 多西他赛 75mg/m2 q3w",
    )
    return p.chart


def rw_second_line_order_on_hold() -> Chart:
    """A docetaxel order authored 2026-11-20 and put `on-hold` ("暂缓: ANC 1.1"); no
    administration recorded."""
    p = reference_patient("rw-second-line-order-on-hold")
    p.chart.medication_request(
        DOCETAXEL,
        date(2026, 11, 20),
        None,
        status="on-hold",
        dosage_text="多西他赛 75mg/m2 d1 (暂缓: ANC 1.1)",
    )
    return p.chart


def rw_second_line_plan_past_dates() -> Chart:
    """A docetaxel MedicationRequest of intent `plan`, status `active`, its dosage bounded
    2026-09-15 to 2026-11-10 (dates now past: the plan was written for them); no order,
    administration or dispense of docetaxel."""
    p = reference_patient("rw-second-line-plan-past-dates")
    p.chart.medication_request(
        DOCETAXEL,
        date(2026, 9, 15),
        date(2026, 11, 10),
        status="active",
        intent="plan",
        dosage_text="二线计划: 多西他赛 75mg/m2 d1 q3w",
    )
    return p.chart


def rw_second_line_order_noted_not_given() -> Chart:
    """A docetaxel order authored 2026-10-20, `stopped`, whose note says the patient refused
    and it was not given ("患者拒绝化疗，未用"); no administration."""
    p = reference_patient("rw-second-line-order-noted-not-given")
    p.chart.medication_request(
        DOCETAXEL,
        date(2026, 10, 20),
        None,
        status="stopped",
        dosage_text="多西他赛 75mg/m2 d1",
        why=Why(note="患者拒绝化疗，未用"),
    )
    return p.chart


def rw_second_line_history_noted_not_given() -> Chart:
    """Medication history entered at a clinic visit: docetaxel from 2026-10-01, status
    `completed`, noted "外院建议二线多西他赛，患者未用" (recommended elsewhere, not taken)."""
    p = reference_patient("rw-second-line-history-noted-not-given")
    p.chart.medication_statement(
        DOCETAXEL,
        date(2026, 10, 1),
        why=Why(note="外院建议二线多西他赛，患者未用"),
    )
    return p.chart


def rw_second_line_order_refused() -> Chart:
    """A docetaxel order authored 2026-10-20, `stopped` with the statusReason "患者拒绝化疗"
    (the patient refused chemotherapy); no administration, while every dose of the first line
    is recorded."""
    p = reference_patient("rw-second-line-order-refused")
    p.chart.medication_request(
        DOCETAXEL,
        date(2026, 10, 20),
        None,
        status="stopped",
        dosage_text="多西他赛 75mg/m2 d1",
        why=Why(status_reason=concept("患者拒绝化疗")),
    )
    return p.chart


def rw_docetaxel_do_not_perform() -> Chart:
    p = reference_patient("rw-docetaxel-do-not-perform")
    p.chart.medication_request(
        DOCETAXEL,
        date(2026, 10, 20),
        None,
        status="active",
        do_not_perform=True,
        why=Why(reason_code=concept("Grade 2 peripheral neuropathy")),
    )
    return p.chart


def rw_pd1_stopped_early_toxicity() -> Chart:
    p = Npc("rw-pd1-stopped-early-toxicity").staged().fit()
    p.first_line(pd1=None)
    p.chart.medication_statement(
        TORIPALIMAB,
        (FIRST_CYCLE, date(2026, 4, 29)),
        status="stopped",
        why=Why(status_reason=concept("免疫相关性肺炎 2级 (immune-related pneumonitis, grade 2)")),
    )
    return p.chart


# === 4. Stage per cancer, cancer type ==========================================================


def rw_stage_of_breast_cancer_newer() -> Chart:
    p = Npc("rw-stage-of-breast-cancer-newer", gender="female", birth="1966-02-11")
    breast = old_breast_cancer(p)
    p.staged().fit()
    # A survivorship note in 2026 re-records the breast cancer's stage: it stages the breast.
    p.tnm("pT2", "pN1a", "cM0", ("2B", "IIB"), when=date(2026, 9, 10), focus=breast)
    p.first_line()
    return p.chart


def staged_only_by(pid: str, stage: Callable[[Npc], None]) -> Chart:
    """The reference patient whose only stage record is what `stage` writes (no metastasis
    Condition, no other TNM)."""
    p = Npc(pid).fit()
    stage(p)
    p.first_line()
    return p.chart


PROVISIONAL = concept(None, (CONDITION_VERIFICATION, "provisional", "Provisional"))
DIFFERENTIAL = concept(None, (CONDITION_VERIFICATION, "differential", "Differential"))


def rw_bone_mets_provisional_no_m() -> Chart:
    """Bone scan foci read as suspected metastases, biopsy pending: the problem list holds them
    as a provisional diagnosis, and the staging records T and N only."""

    def stage(p: Npc) -> None:
        p.tnm("cT3", "cN2", None, None)
        p.chart.condition(
            concept(
                "Suspected bone metastases (bone scan), biopsy pending",
                (ICD10CM, "C79.51", "Secondary malignant neoplasm of bone"),
            ),
            p.diagnosed + timedelta(days=7),
            verification_status=PROVISIONAL,
        )

    return staged_only_by("rw-bone-mets-provisional-no-m", stage)


def rw_liver_lesion_differential_m0() -> Chart:
    """Staged cM0 IVA (8th), then a liver lesion on CT whose differential diagnosis is a
    metastasis: under work-up."""

    def stage(p: Npc) -> None:
        p.tnm("cT4", "cN2", "cM0", ("4A", "IVA"))
        p.chart.condition(LIVER_METS, date(2026, 10, 30), verification_status=DIFFERENTIAL)

    return staged_only_by("rw-liver-lesion-differential-m0", stage)


def rw_bone_mets_resolved_complete_response() -> Chart:
    """De novo bone metastases, staged T and N only (the M is in the problem list); after the
    first line a PET-CT shows a complete response and the metastasis Condition is resolved."""

    def stage(p: Npc) -> None:
        p.tnm("cT3", "cN2", None, None)
        p.chart.condition(
            BONE_METS,
            p.diagnosed + timedelta(days=7),
            clinical_status=RESOLVED,
            abatement=date(2026, 9, 20),
        )

    return staged_only_by("rw-bone-mets-resolved-complete-response", stage)


def rw_npc_iva_8th_edition() -> Chart:
    return staged_only_by(
        "rw-npc-iva-8th-edition", lambda p: p.tnm("cT4", "cN2", None, ("4A", "IVA"))
    )


def rw_npc_iva_9th_edition() -> Chart:
    return staged_only_by(
        "rw-npc-iva-9th-edition", lambda p: p.tnm("cT2", "cN2", None, ("4A", "IVA"), method=AJCC9)
    )


def rw_npc_iva_no_edition() -> Chart:
    return staged_only_by(
        "rw-npc-iva-no-edition", lambda p: p.tnm(None, None, None, ("4A", "IVA"), method=None)
    )


def rw_npc_m1a_category() -> Chart:
    return staged_only_by(
        "rw-npc-m1a-category", lambda p: p.tnm("cT3", "cN1", "cM1a", None, method=AJCC9)
    )


def rw_npc_ivb_chinese() -> Chart:
    def stage(p: Npc) -> None:
        p.cancer["stage"] = [{"summary": {"text": "IVB期"}, "type": {"text": "临床分期"}}]

    return staged_only_by("rw-npc-ivb-chinese", stage)


def staged_in_diagnosis_name(pid: str, name: str) -> Chart:
    """The reference patient whose only stage is in the NPC Condition's own name, as Chinese
    discharge diagnoses write it (ICD-10-CM C11.9 beside it)."""
    p = Npc(pid, diagnosis=concept(name, (ICD10CM, "C11.9", NPC_DISPLAY))).fit()
    p.first_line()
    return p.chart


def rw_stage_in_diagnosis_name() -> Chart:
    return staged_in_diagnosis_name(
        "rw-stage-in-diagnosis-name", "鼻咽非角化性未分化型癌 T3N2M1 ⅣB期（AJCC第8版）"
    )


def rw_stage_in_diagnosis_name_iva() -> Chart:
    return staged_in_diagnosis_name("rw-stage-in-diagnosis-name-iva", "鼻咽癌 T4N2M0 ⅣA期（第8版）")


def rw_npc_tnm_string_m1() -> Chart:
    def stage(p: Npc) -> None:
        p.chart.observation(
            {"text": "TNM分期"}, date(2026, 3, 25), value_string="T4N3M1", focus=[p.cancer]
        )

    return staged_only_by("rw-npc-tnm-string-m1", stage)


def rw_npc_tnm_string_m0() -> Chart:
    def stage(p: Npc) -> None:
        p.chart.observation(
            {"text": "TNM分期"}, date(2026, 3, 25), value_string="T4N3M0", focus=[p.cancer]
        )

    return staged_only_by("rw-npc-tnm-string-m0", stage)


def staged_by_tnm_string(pid: str, value: str, when: date = date(2026, 3, 25)) -> Chart:
    """The reference patient whose only stage is one "TNM分期" string (`focus` NPC)."""

    def stage(p: Npc) -> None:
        p.chart.observation({"text": "TNM分期"}, when, value_string=value, focus=[p.cancer])

    return staged_only_by(pid, stage)


def rw_tnm_string_m0_then_m1() -> Chart:
    """The staging field edited after the bone scan, the change kept in the text with an
    arrow: "cT3N2M0→cT3N2M1"."""
    return staged_by_tnm_string("rw-tnm-string-m0-then-m1", "cT3N2M0→cT3N2M1")


def rw_stage_group_iva_then_ivb() -> Chart:
    """The group restaged in the same field once distant metastases were found:
    "IVA期→IVB期（AJCC第8版）"."""
    return staged_by_tnm_string("rw-stage-group-iva-then-ivb", "IVA期→IVB期（AJCC第8版）")


def rw_tnm_string_m1_then_ycm0() -> Chart:
    """The field carried forward after the first line: "cT3N2M1 IVB期→ycT1N0M0" (a complete
    response of the metastases); ycM0 does not undo the metastasis."""
    return staged_by_tnm_string(
        "rw-tnm-string-m1-then-ycm0", "cT3N2M1 IVB期→ycT1N0M0", date(2026, 9, 20)
    )


def rw_tnm_string_n3b_m1() -> Chart:
    """An outside hospital's TNM string in the 7th edition's notation, N3b (supraclavicular
    nodes) run straight into M1: "T2N3bM1"."""
    return staged_by_tnm_string("rw-tnm-string-n3b-m1", "T2N3bM1")


def rw_tnm_string_tx_nx_m1() -> Chart:
    """Primary and nodes not assessed at the outside hospital, written "TXNXM1"."""
    return staged_by_tnm_string("rw-tnm-string-tx-nx-m1", "TXNXM1")


def rw_tnm_string_m1_doubted() -> Chart:
    """Staged while the bone scan was equivocal, the doubt kept in the string: "T3N2M1？"."""
    return staged_by_tnm_string("rw-tnm-string-m1-doubted", "T3N2M1？")


def rw_stage_ivb_bone_mets_to_be_ruled_out() -> Chart:
    """The group written with the metastasis it rests on still to be ruled out:
    "IVB期（骨转移待排）"."""
    return staged_by_tnm_string("rw-stage-ivb-bone-mets-to-be-ruled-out", "IVB期（骨转移待排）")


def rw_tnm_string_m0_or_m1() -> Chart:
    """The M left between two values at staging: "T3N2M0-1"."""
    return staged_by_tnm_string("rw-tnm-string-m0-or-m1", "T3N2M0-1")


def staged_tn_named(pid: str, name: str, when: date | None = None) -> Npc:
    """The reference patient whose NPC Condition is named `name` (ICD-10-CM C11.9 beside it),
    staged cT3 cN2 only (no M, no group): where the spread stands is in the name alone."""
    p = Npc(pid, diagnosis=concept(name, (ICD10CM, "C11.9", NPC_DISPLAY))).fit()
    p.tnm("cT3", "cN2", None, None, when=when)
    return p


def rw_npc_bone_mets_to_be_ruled_out_in_diagnosis() -> Chart:
    """The discharge diagnosis "鼻咽癌（骨转移待排）" (NPC; bone metastasis to be ruled out),
    C11.9, staged cT3 cN2 without M: the NPC is biopsy-proven, only the bone scan's foci are
    still in doubt."""
    p = staged_tn_named("rw-npc-bone-mets-to-be-ruled-out-in-diagnosis", "鼻咽癌（骨转移待排）")
    p.first_line()
    return p.chart


def rw_npc_ivb_bone_mets_to_be_ruled_out_in_diagnosis() -> Chart:
    """The only stage is in the diagnosis's name, the IVB resting on a doubted bone metastasis:
    "鼻咽癌 IVB期（骨转移待排）" (C11.9); no stage Observation, no metastasis Condition."""
    return staged_in_diagnosis_name(
        "rw-npc-ivb-bone-mets-to-be-ruled-out-in-diagnosis", "鼻咽癌 IVB期（骨转移待排）"
    )


def rw_npc_bone_mets_pathological_fracture_considered() -> Chart:
    """DX-WORDS, STG-SUSPECTED (twenty-eighth session, cancers12): the discharge diagnosis
    "鼻咽癌骨转移，考虑病理性骨折可能" (NPC with bone metastases; a pathological fracture
    considered), C11.9, staged cT3 cN2 without M; first line given. The hedge is the fracture's
    clause's, not the NPC's nor the metastasis's."""
    name = "鼻咽癌骨转移，考虑病理性骨折可能"
    p = staged_tn_named("rw-npc-bone-mets-pathological-fracture-considered", name)
    p.first_line()
    return p.chart


def rw_bone_metastasis_pathological_fracture_considered() -> Chart:
    """DX-WORDS, STG-SUSPECTED (twenty-eighth session, cancers12): as
    `rw_npc_bone_mets_pathological_fracture_considered`, the NPC named "鼻咽癌" alone and a
    Condition of its own "骨转移，考虑病理性骨折可能" (bone metastases; a pathological fracture
    considered) on 2026-03-20, no code."""
    p = staged_tn_named("rw-bone-metastasis-pathological-fracture-considered", "鼻咽癌")
    p.chart.condition({"text": "骨转移，考虑病理性骨折可能"}, date(2026, 3, 20))
    p.first_line()
    return p.chart


def rw_npc_possible_liver_mets_english() -> Chart:
    """A Western problem list: "Nasopharyngeal carcinoma with possible liver metastases"
    (C11.9), staged cT3 cN2 without M."""
    name = "Nasopharyngeal carcinoma with possible liver metastases"
    p = staged_tn_named("rw-npc-possible-liver-mets-english", name)
    p.first_line()
    return p.chart


def rw_npc_query_bone_mets_english() -> Chart:
    """A Western problem list's shorthand: "NPC with ?bone mets" (C11.9), staged cT3 cN2
    without M."""
    p = staged_tn_named("rw-npc-query-bone-mets-english", "NPC with ?bone mets")
    p.first_line()
    return p.chart


def rw_npc_bone_mets_to_be_ruled_out_then_confirmed() -> Chart:
    """The admission diagnosis "鼻咽癌（骨转移待排）" of 2026-03-18 never updated; a week later
    the staging cT3 cN2 cM1 IVB (8th) and bone metastases C79.51 (confirmed)."""
    p = Npc(
        "rw-npc-bone-mets-to-be-ruled-out-then-confirmed",
        diagnosis=concept("鼻咽癌（骨转移待排）", (ICD10CM, "C11.9", NPC_DISPLAY)),
    )
    p.staged().fit()
    p.first_line()
    return p.chart


def rw_m0_then_doubted_m1_restaging() -> Chart:
    """Staged cT3 cN2 cM0 III (8th) on 2026-03-25; at restaging on 2026-10-14 the staging field
    reads "T3N2M1？" (new bone foci, equivocal), no metastasis Condition."""

    def stage(p: Npc) -> None:
        p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 25))
        p.chart.observation(
            {"text": "TNM分期"}, date(2026, 10, 14), value_string="T3N2M1？", focus=[p.cancer]
        )

    return staged_only_by("rw-m0-then-doubted-m1-restaging", stage)


def rw_doubted_m1_then_m0_restaging() -> Chart:
    """The reverse: "T3N2M1？" on 2026-03-25, then the work-up done and the stage recorded cT3
    cN2 cM0 III (8th) on 2026-04-02 (the bone foci were benign)."""

    def stage(p: Npc) -> None:
        p.chart.observation(
            {"text": "TNM分期"}, date(2026, 3, 25), value_string="T3N2M1？", focus=[p.cancer]
        )
        p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 4, 2))

    return staged_only_by("rw-doubted-m1-then-m0-restaging", stage)


def diagnosed_as(pid: str, diagnosis: Concept, body_site: Sequence[Concept] = ()) -> Chart:
    p = Npc(pid, diagnosis=diagnosis, body_site=body_site).staged().fit()
    p.first_line()
    return p.chart


ICDO3_C11_9 = concept(None, (ICDO3, "C11.9", "Nasopharynx, NOS"))


def rw_icdo3_8072_nasopharynx() -> Chart:
    morphology = concept(
        None, (ICDO3, "8072/3", "Squamous cell carcinoma, large cell, nonkeratinizing, NOS")
    )
    return diagnosed_as("rw-icdo3-8072-nasopharynx", morphology, [ICDO3_C11_9, NASOPHARYNX_SITE])


def rw_icdo3_8071_posterior_wall() -> Chart:
    morphology = concept(None, (ICDO3, "8071/3", "Squamous cell carcinoma, keratinizing, NOS"))
    site = concept(None, (ICDO3, "C11.1", "Posterior wall of nasopharynx"))
    return diagnosed_as("rw-icdo3-8071-posterior-wall", morphology, [site])


def rw_npc_postnasal_space_who_type_iii() -> Chart:
    """The NPC as a British clinic letter names it, text only: "Undifferentiated carcinoma of
    the postnasal space (WHO type III)" -- the postnasal space is the nasopharynx (DX-HISTOLOGY,
    DX-PLACE; twenty-eighth session)."""
    text = "Undifferentiated carcinoma of the postnasal space (WHO type III)"
    return diagnosed_as("rw-npc-postnasal-space-who-type-iii", {"text": text})


def rw_npc_keratinizing_scc_who_type_i_english() -> Chart:
    """The NPC by its keratinizing histology, text only: "Keratinizing squamous cell carcinoma of
    nasopharynx (WHO type I)" (DX-HISTOLOGY; twenty-eighth session)."""
    text = "Keratinizing squamous cell carcinoma of nasopharynx (WHO type I)"
    return diagnosed_as("rw-npc-keratinizing-scc-who-type-i-english", {"text": text})


def rw_npc_who_type_iii_chinese_xing() -> Chart:
    """The NPC as a Chinese pathology line writes it, histology first and the site in brackets:
    "非角化型未分化癌（鼻咽，WHO III型）" (non-keratinizing undifferentiated carcinoma,
    nasopharynx, WHO type III), text only (DX-HISTOLOGY; twenty-eighth session)."""
    text = "非角化型未分化癌（鼻咽，WHO III型）"
    return diagnosed_as("rw-npc-who-type-iii-chinese-xing", {"text": text})


def rw_npc_second_entry_entered_in_error_2019() -> Chart:
    """The reference chart, and a second NPC Condition (C11.9) dated 2019-05-10 whose
    verificationStatus is `entered-in-error` (another patient's history keyed into this record,
    then voided; no clinicalStatus, as FHIR requires): it never existed, so the NPC is the
    de novo metastatic one of 2026-03-18 (LOT-CANCER, GEN-AS-OF; twenty-eighth session)."""
    p = reference_patient("rw-npc-second-entry-entered-in-error-2019")
    p.chart.condition(
        NPC, date(2019, 5, 10), clinical_status=None, verification_status=ENTERED_IN_ERROR
    )
    return p.chart


def rw_bone_metastasis_refuted_m0() -> Chart:
    """Staged cT3 cN2 cM0, III (AJCC 8th) on 2026-03-25; a bone metastasis C79.51 entered the
    same day from a bone scan, then marked `refuted` after the MRI; first line given
    (STG-OWNER, PAT-*; twenty-eighth session)."""

    def stage(p: Npc) -> None:
        p.tnm("cT3", "cN2", "cM0", ("3", "III"))
        p.chart.condition(BONE_METS, date(2026, 3, 25), verification_status=REFUTED)

    return staged_only_by("rw-bone-metastasis-refuted-m0", stage)


def rw_icdo3_8072_no_site() -> Chart:
    morphology = concept(
        None, (ICDO3, "8072/3", "Squamous cell carcinoma, large cell, nonkeratinizing, NOS")
    )
    return diagnosed_as("rw-icdo3-8072-no-site", morphology)


def rw_snomed_only_problem_list() -> Chart:
    p = Npc(
        "rw-snomed-only-problem-list",
        diagnosis=concept(None, (SNOMED, "363346000", "Malignant neoplastic disease (disorder)")),
        body_site=[NASOPHARYNX_SITE],
    )
    p.tnm()
    p.metastasis(
        concept(None, (SNOMED, "94222008", "Secondary malignant neoplasm of bone (disorder)"))
    )
    p.fit()
    p.first_line()
    return p.chart


def rw_cancer_unspecified_chinese() -> Chart:
    return diagnosed_as("rw-cancer-unspecified-chinese", {"text": "恶性肿瘤"})


def rw_npc_to_be_ruled_out() -> Chart:
    """The diagnosis still being worked up: "鼻咽癌待排（病理待回报）" (NPC to be ruled out,
    pathology pending), no code."""
    return diagnosed_as("rw-npc-to-be-ruled-out", {"text": "鼻咽癌待排（病理待回报）"})


def rw_npc_suspected_then_confirmed_in_words() -> Chart:
    """The NPC's one entry, its text brought up to date after the biopsy: "鼻咽癌待排，鼻咽活检
    病理证实非角化性未分化型癌" (NPC to be ruled out; nasopharyngeal biopsy confirmed
    non-keratinizing undifferentiated carcinoma), verification status confirmed, no code."""
    text = "鼻咽癌待排，鼻咽活检病理证实非角化性未分化型癌"
    return diagnosed_as("rw-npc-suspected-then-confirmed-in-words", {"text": text})


SURGICAL_PATHOLOGY = concept(
    None, ("http://terminology.hl7.org/CodeSystem/v2-0074", "SP", "Surgical Pathology")
)


def rw_npc_to_be_ruled_out_pathology_report() -> Chart:
    """The NPC's one entry left as first entered, "鼻咽癌待排（病理待回报）" (NPC to be ruled out,
    pathology pending), 2026-03-18, and the nasopharyngeal biopsy's pathology report of
    2026-03-24 (code text 鼻咽活检病理诊断报告, category Surgical Pathology): "（鼻咽）非角化性
    未分化型癌。免疫组化：CK(+)，EBER(+)。"; staged cM1, bone metastases, first line given."""
    p = Npc(
        "rw-npc-to-be-ruled-out-pathology-report", diagnosis={"text": "鼻咽癌待排（病理待回报）"}
    )
    p.staged().fit()
    p.first_line()
    p.chart.diagnostic_report(
        concept("鼻咽活检病理诊断报告"),
        date(2026, 3, 24),
        conclusion="（鼻咽）非角化性未分化型癌。免疫组化：CK(+)，EBER(+)。",
        category=SURGICAL_PATHOLOGY,
    )
    return p.chart


def rw_npc_to_be_ruled_out_pathology_negative() -> Chart:
    """As `rw_npc_to_be_ruled_out_pathology_report`, but the biopsy came back without cancer:
    the report restates the clinician's working diagnosis on its first line, as a requisition's
    clinical details are printed, "临床诊断：鼻咽癌。病理诊断：（鼻咽）黏膜慢性炎伴淋巴组织增生。"
    (clinical diagnosis NPC; pathological diagnosis chronic mucosal inflammation with lymphoid
    hyperplasia)."""
    p = Npc(
        "rw-npc-to-be-ruled-out-pathology-negative", diagnosis={"text": "鼻咽癌待排（病理待回报）"}
    )
    p.staged().fit()
    p.first_line()
    p.chart.diagnostic_report(
        concept("鼻咽活检病理诊断报告"),
        date(2026, 3, 24),
        conclusion="临床诊断：鼻咽癌。病理诊断：（鼻咽）黏膜慢性炎伴淋巴组织增生。",
        category=SURGICAL_PATHOLOGY,
    )
    return p.chart


def rw_npc_to_be_ruled_out_biopsy_no_tumour() -> Chart:
    """As `rw_npc_to_be_ruled_out_pathology_report`, but the biopsy's report of 2026-03-24 reads
    "（鼻咽）黏膜慢性炎，未见肿瘤" (nasopharynx: chronic mucosal inflammation, no tumour seen);
    the NPC's entry still "鼻咽癌待排（病理待回报）", nothing recorded after the report."""
    p = Npc(
        "rw-npc-to-be-ruled-out-biopsy-no-tumour", diagnosis={"text": "鼻咽癌待排（病理待回报）"}
    )
    p.staged().fit()
    p.first_line()
    p.chart.diagnostic_report(
        concept("鼻咽活检病理诊断报告"),
        date(2026, 3, 24),
        conclusion="（鼻咽）黏膜慢性炎，未见肿瘤",
        category=SURGICAL_PATHOLOGY,
    )
    return p.chart


def rw_npc_provisional_then_confirmed_condition() -> Chart:
    """The reference chart, and the work-up's entry left beside it: "Suspected nasopharyngeal
    carcinoma" (verification status provisional), 2026-03-02, before the biopsy-proven NPC of
    2026-03-18."""
    p = reference_patient("rw-npc-provisional-then-confirmed-condition")
    p.chart.condition(
        concept("Suspected nasopharyngeal carcinoma"),
        date(2026, 3, 2),
        verification_status=PROVISIONAL,
    )
    return p.chart


def suspected_npc_then_lymphoma(pid: str, lymphoma: Concept) -> Npc:
    """A nasopharyngeal mass worked up as NPC; the biopsy showed a lymphoma (the chart's cancer
    from 2026-03-18: staged, the reference first line given)."""
    p = Npc(pid, diagnosis=lymphoma).staged().fit()
    p.first_line()
    return p


def rw_npc_to_be_ruled_out_then_ruled_out() -> Chart:
    """ "鼻咽癌待排" (provisional) 2026-03-02, then "鼻咽癌已排除" (NPC ruled out) 2026-03-18,
    the day "鼻咽弥漫大B细胞淋巴瘤" (DLBCL of the nasopharynx) was recorded."""
    p = suspected_npc_then_lymphoma(
        "rw-npc-to-be-ruled-out-then-ruled-out", concept("鼻咽弥漫大B细胞淋巴瘤")
    )
    p.chart.condition(concept("鼻咽癌待排"), date(2026, 3, 2), verification_status=PROVISIONAL)
    p.chart.condition(concept("鼻咽癌已排除"), date(2026, 3, 18))
    return p.chart


def rw_npc_to_be_ruled_out_biopsy_planned() -> Chart:
    """As `rw_npc_to_be_ruled_out` ("鼻咽癌待排（病理待回报）", 2026-03-18), and the ENT
    clinic's entry of 2026-03-20 "鼻咽肿物，建议活检以排除鼻咽癌" (nasopharyngeal mass;
    biopsy advised to rule out NPC): a work-up planned, nothing ruled out yet."""
    p = Npc("rw-npc-to-be-ruled-out-biopsy-planned", diagnosis={"text": "鼻咽癌待排（病理待回报）"})
    p.staged().fit()
    p.first_line()
    p.chart.condition(concept("鼻咽肿物，建议活检以排除鼻咽癌"), date(2026, 3, 20))
    return p.chart


def rw_npc_provisional_then_refuted_english() -> Chart:
    """ "Suspected nasopharyngeal carcinoma" (provisional) 2026-03-02, then "Nasopharyngeal
    carcinoma" (C11.9) recorded `refuted` 2026-03-18, beside "Diffuse large B-cell lymphoma,
    nasopharynx" of the same day."""
    p = suspected_npc_then_lymphoma(
        "rw-npc-provisional-then-refuted-english",
        concept("Diffuse large B-cell lymphoma, nasopharynx"),
    )
    p.chart.condition(
        concept("Suspected nasopharyngeal carcinoma"),
        date(2026, 3, 2),
        verification_status=PROVISIONAL,
    )
    p.chart.condition(
        concept("Nasopharyngeal carcinoma", (ICD10CM, "C11.9", NPC_DISPLAY)),
        date(2026, 3, 18),
        verification_status=REFUTED,
    )
    return p.chart


def rw_npc_suspected_then_excluded_verb_first() -> Chart:
    """ "鼻咽癌待排" (provisional) 2026-03-02, then "已排除鼻咽癌" (ruled out: NPC), the words
    before the cancer, 2026-03-18, the day "鼻咽弥漫大B细胞淋巴瘤" was recorded."""
    p = suspected_npc_then_lymphoma(
        "rw-npc-suspected-then-excluded-verb-first", concept("鼻咽弥漫大B细胞淋巴瘤")
    )
    p.chart.condition(concept("鼻咽癌待排"), date(2026, 3, 2), verification_status=PROVISIONAL)
    p.chart.condition(concept("已排除鼻咽癌"), date(2026, 3, 18))
    return p.chart


def rw_npc_suspected_then_ruled_out_npc_english() -> Chart:
    """ "Suspected NPC" (provisional) 2026-03-02, then "Ruled out NPC - biopsy: DLBCL"
    2026-03-18, beside "Diffuse large B-cell lymphoma, nasopharynx" of the same day."""
    p = suspected_npc_then_lymphoma(
        "rw-npc-suspected-then-ruled-out-npc-english",
        concept("Diffuse large B-cell lymphoma, nasopharynx"),
    )
    p.chart.condition(concept("Suspected NPC"), date(2026, 3, 2), verification_status=PROVISIONAL)
    p.chart.condition(concept("Ruled out NPC - biopsy: DLBCL"), date(2026, 3, 18))
    return p.chart


def rw_liver_metastasis_suspected_then_ruled_out() -> Chart:
    """An NPC staged cT3 cN2 cM0, III (2026-03-25), not yet treated; "肝转移待排" (liver
    metastasis to be ruled out) 2026-03-20 from the CT, then "肝脏MRI：血管瘤，排除转移" (liver MRI:
    haemangioma, metastasis ruled out) 2026-03-28."""
    p = Npc("rw-liver-metastasis-suspected-then-ruled-out", birth="1970-05-08")
    p.tnm("cT3", "cN2", "cM0", ("3", "III"))
    p.fit()
    p.chart.condition(concept("肝转移待排"), date(2026, 3, 20))
    p.chart.condition(concept("肝脏MRI：血管瘤，排除转移"), date(2026, 3, 28))
    return p.chart


def rw_liver_metastasis_suspected_after_m0_then_ruled_out() -> Chart:
    """An NPC diagnosed 2026-03-03, staged cT3 cN2 cM0, III on 2026-03-10, not yet treated; the
    staging CT then raised "肝转移待排" (liver metastasis to be ruled out) 2026-03-20, and "肝脏
    MRI：血管瘤，排除转移" (liver MRI: haemangioma, metastasis ruled out) 2026-03-28; no stage
    recorded since."""
    p = Npc(
        "rw-liver-metastasis-suspected-after-m0-then-ruled-out",
        birth="1968-12-14",
        diagnosed=date(2026, 3, 3),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(concept("肝转移待排"), date(2026, 3, 20))
    p.chart.condition(concept("肝脏MRI：血管瘤，排除转移"), date(2026, 3, 28))
    return p.chart


def rw_liver_metastasis_suspected_then_ruled_out_other_word() -> Chart:
    """As `rw_liver_metastasis_suspected_after_m0_then_ruled_out`, the liver named with another
    word in the refutation: "肝转移待排" 2026-03-20, then "排除肝脏转移" (liver metastasis ruled
    out) 2026-03-28."""
    p = Npc(
        "rw-liver-metastasis-suspected-then-ruled-out-other-word",
        birth="1967-04-19",
        diagnosed=date(2026, 3, 3),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(concept("肝转移待排"), date(2026, 3, 20))
    p.chart.condition(concept("排除肝脏转移"), date(2026, 3, 28))
    return p.chart


def rw_bone_metastasis_suspected_marrow_ruled_out() -> Chart:
    """An NPC staged cM0; the bone scan's "骨转移待排" (bone metastasis to be ruled out)
    2026-03-20, then a bone-marrow biopsy's "排除骨髓转移" (bone-marrow metastasis ruled out)
    2026-03-28: the marrow, not the skeleton the scan doubted."""
    p = Npc(
        "rw-bone-metastasis-suspected-marrow-ruled-out",
        birth="1967-04-19",
        diagnosed=date(2026, 3, 3),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(concept("骨转移待排"), date(2026, 3, 20))
    p.chart.condition(concept("排除骨髓转移"), date(2026, 3, 28))
    return p.chart


def rw_head_and_neck_unspecified() -> Chart:
    head_neck = concept(
        "Malignant neoplasm of head and neck region, unspecified",
        (ICD10CM, "C76.0", "Malignant neoplasm of head, face and neck"),
    )
    return diagnosed_as("rw-head-and-neck-unspecified", head_neck)


def rw_nasopharyngeal_mucosal_melanoma() -> Chart:
    """Mucosal melanoma of the nasopharynx, coded by its site as ICD-10 codes melanoma of a
    mucosa (C11.9), its histology in the words; treated with toripalimab and chemotherapy."""
    melanoma = concept(
        "鼻咽黏膜黑色素瘤 (mucosal melanoma of the nasopharynx)",
        (ICD10CM, "C11.9", NPC_DISPLAY),
    )
    return diagnosed_as("rw-nasopharyngeal-mucosal-melanoma", melanoma)


def rw_nasopharyngeal_lymphoma_chinese() -> Chart:
    return diagnosed_as("rw-nasopharyngeal-lymphoma-chinese", concept("鼻咽弥漫大B细胞淋巴瘤"))


def rw_nasopharyngeal_rhabdomyosarcoma() -> Chart:
    return diagnosed_as("rw-nasopharyngeal-rhabdomyosarcoma", concept("鼻咽胚胎性横纹肌肉瘤"))


def rw_nasopharyngeal_adenoid_cystic_carcinoma() -> Chart:
    return diagnosed_as("rw-nasopharyngeal-adenoid-cystic-carcinoma", concept("鼻咽腺样囊性癌"))


def rw_lymphoepithelial_carcinoma_nasopharynx() -> Chart:
    return diagnosed_as(
        "rw-lymphoepithelial-carcinoma-nasopharynx",
        concept("Lymphoepithelial carcinoma of nasopharynx (lymphoepithelioma)"),
    )


def staged_by_group_observation(pid: str, value: Concept, method: Concept | None) -> Chart:
    """The reference patient whose only stage is one stage-group Observation (`focus` NPC)."""

    def stage(p: Npc) -> None:
        p.chart.observation(
            STAGE_GROUP, date(2026, 3, 25), value_concept=value, method=method, focus=[p.cancer]
        )

    return staged_only_by(pid, stage)


def rw_npc_ivb_7th_edition_in_value() -> Chart:
    """The staging form writes the edition into the group's own text."""
    return staged_by_group_observation(
        "rw-npc-ivb-7th-edition-in-value", concept("Stage IVB (AJCC 7th edition)"), None
    )


def rw_npc_ivb_ajcc7_method() -> Chart:
    """Group IVB coded, the method written as the staging software abbreviates it: "AJCC7"."""
    return staged_by_group_observation(
        "rw-npc-ivb-ajcc7-method", concept(None, (AJCC, "4B", "IVB")), concept("AJCC7")
    )


def rw_npc_iva_8th_edition_in_value() -> Chart:
    return staged_by_group_observation(
        "rw-npc-iva-8th-edition-in-value", concept("IVA期（AJCC第8版）"), None
    )


def rw_npc_iva_ajcc_8_0() -> Chart:
    """Staging software writing the edition as its version number, "AJCC 8.0版"."""
    return staged_only_by(
        "rw-npc-iva-ajcc-8-0",
        lambda p: p.tnm("cT4", "cN2", None, ("4A", "IVA"), method=concept("AJCC 8.0版")),
    )


def rw_npc_stage_iva_lower_case_8th() -> Chart:
    """Twenty-eighth session (STG-EDITION): the stage group typed by hand in a note's stage
    field, "Stage IVa", the A in lower case as clinicians write it, method "AJCC 8th edition";
    cT4 cN2, no M recorded."""

    def stage(p: Npc) -> None:
        p.tnm("cT4", "cN2", None, None)
        p.chart.observation(
            STAGE_GROUP,
            p.diagnosed + timedelta(days=7),
            value_string="Stage IVa",
            method=AJCC8,
            focus=[p.cancer],
        )

    return staged_only_by("rw-npc-stage-iva-lower-case-8th", stage)


def rw_npc_stage_iv_b_hyphenated_8th() -> Chart:
    """Twenty-eighth session (STG-TEXT, STG-EDITION): only stage: the stage group as text
    "Stage IV-B", method "AJCC 8th edition"; cT3 cN2, no M recorded."""

    def stage(p: Npc) -> None:
        p.tnm("cT3", "cN2", None, None)
        p.chart.observation(
            STAGE_GROUP,
            p.diagnosed + timedelta(days=7),
            value_string="Stage IV-B",
            method=AJCC8,
            focus=[p.cancer],
        )

    return staged_only_by("rw-npc-stage-iv-b-hyphenated-8th", stage)


def rw_npc_stage_iva_or_ivb_8th() -> Chart:
    """Twenty-eighth session (STG-TEXT, STG-EDITION, STG-METASTATIC): only stage: the stage
    group typed "Stage IVA/B", method "AJCC 8th edition" (the clinician not deciding between
    IVA, M0, and IVB, M1); cT4 cN3, no M recorded."""

    def stage(p: Npc) -> None:
        p.tnm("cT4", "cN3", None, None)
        p.chart.observation(
            STAGE_GROUP,
            p.diagnosed + timedelta(days=7),
            value_string="Stage IVA/B",
            method=AJCC8,
            focus=[p.cancer],
        )

    return staged_only_by("rw-npc-stage-iva-or-ivb-8th", stage)


def rw_npc_ivb_chinese_2008_staging() -> Chart:
    """Staged by the Chinese 2008 NPC staging system, as mainland radiotherapy departments did
    from 2009: group IVb, method "中国鼻咽癌2008分期", no M category recorded."""
    return staged_by_group_observation(
        "rw-npc-ivb-chinese-2008-staging", concept("IVb期"), concept("中国鼻咽癌2008分期")
    )


def rw_npc_ivb_local_protocol_version() -> Chart:
    """Group IVB coded; the staging form names the hospital's own protocol and its version,
    "鼻咽癌临床分期规范（第1版）", and no AJCC edition."""
    return staged_by_group_observation(
        "rw-npc-ivb-local-protocol-version",
        concept(None, (AJCC, "4B", "IVB")),
        concept("鼻咽癌临床分期规范（第1版）"),
    )


def rw_npc_iva_protocol_version_before_edition() -> Chart:
    """Group IVA; the method names the hospital's protocol version before the AJCC edition."""
    return staged_by_group_observation(
        "rw-npc-iva-protocol-version-before-edition",
        concept("IVA期"),
        concept("鼻咽癌诊疗规范（第1版）；AJCC第8版"),
    )


def rw_npc_ivb_seventh_edition_in_words() -> Chart:
    """An older stage (N3 M0 under the 7th edition) whose method spells the edition out."""
    return staged_by_group_observation(
        "rw-npc-ivb-seventh-edition-in-words",
        concept(None, (AJCC, "4B", "IVB")),
        concept("AJCC Cancer Staging Manual seventh edition"),
    )


def rw_npc_ivb_uicc_tnm_7() -> Chart:
    """Group IVB; the method names UICC's TNM classification, 7th edition, as "UICC TNM 7"."""
    return staged_by_group_observation(
        "rw-npc-ivb-uicc-tnm-7", concept(None, (AJCC, "4B", "IVB")), concept("UICC TNM 7")
    )


SECONDARY_DISEASE = concept(
    None, (SNOMED, "128462008", "Secondary malignant neoplastic disease (disorder)")
)
CERVICAL_NODES_SITE = concept(
    None, (SNOMED, "81105003", "Cervical lymph node structure (body structure)")
)
AXILLARY_NODES_SITE = concept(
    None, (SNOMED, "68171009", "Axillary lymph node structure (body structure)")
)


def rw_secondary_neck_nodes_body_site() -> Chart:
    """mCODE's shape: the secondary cancer Condition coded only as "secondary malignant
    neoplastic disease", its site in `bodySite` (cervical lymph nodes); staged cT3 cN2 cM0."""

    def stage(p: Npc) -> None:
        p.tnm("cT3", "cN2", "cM0", ("3", "III"))
        p.chart.condition(SECONDARY_DISEASE, date(2026, 3, 25), body_site=[CERVICAL_NODES_SITE])

    return staged_only_by("rw-secondary-neck-nodes-body-site", stage)


def rw_unspecified_nodes_axillary_body_site() -> Chart:
    """Nodal metastases coded C77.9 (lymph nodes, unspecified), the axillary nodes named in
    `bodySite` only; no stage recorded."""

    def stage(p: Npc) -> None:
        p.chart.condition(
            concept(
                "Secondary malignant neoplasm of lymph node",
                (ICD10CM, "C77.9", "Secondary and unspecified malignant neoplasm of lymph node"),
            ),
            date(2026, 3, 25),
            body_site=[AXILLARY_NODES_SITE],
        )

    return staged_only_by("rw-unspecified-nodes-axillary-body-site", stage)


def rw_diagnosis_onset_as_age() -> Chart:
    """As `rw_diagnosis_onset_as_text`, but the NPC dated by the age at diagnosis: `onsetAge`
    51 years (born 1971-06-14: diagnosed between 2022-06-14 and 2023-06-13), `recordedDate`
    2025-10-16 (entered when the metastases were found)."""
    p = Npc("rw-diagnosis-onset-as-age", birth="1971-06-14", diagnosed=date(2023, 2, 14))
    for day in every_21_days(date(2023, 3, 1), 3):
        p.chart.medication_administration(CISPLATIN, day, dosage_text="80 mg/m2 d1 (诱导化疗)")
        p.chart.medication_administration(GEMCITABINE, day, dosage_text="1000 mg/m2 d1,d8")
    p.metastasis(LUNG_METS, date(2025, 10, 15))
    p.tnm(None, None, "cM1", None, when=date(2025, 10, 20))
    p.fit()
    p.first_line(first=date(2025, 11, 5))
    del p.cancer["onsetDateTime"]
    p.cancer["onsetAge"] = {"value": 51, "unit": "a", "system": UCUM, "code": "a"}
    p.cancer["recordedDate"] = "2025-10-16"
    return p.chart


INACTIVE = concept(None, (CONDITION_CLINICAL, "inactive", "Inactive"))


def rw_history_of_npc_english() -> Chart:
    """The reference chart, and an older problem-list entry "History of nasopharyngeal
    carcinoma" (ICD-10-CM Z85.818), inactive, onset 2019-04-01."""
    p = reference_patient("rw-history-of-npc-english")
    p.chart.condition(
        concept(
            "History of nasopharyngeal carcinoma",
            (
                ICD10CM,
                "Z85.818",
                "Personal history of malignant neoplasm of other sites of lip, oral cavity, and "
                "pharynx",
            ),
        ),
        date(2019, 4, 1),
        clinical_status=INACTIVE,
    )
    return p.chart


def rw_history_code_z85_818_only() -> Chart:
    """The reference chart, and an inactive problem-list entry coded only ICD-10-CM Z85.818
    (its display, no text), onset 2019-04-01."""
    p = reference_patient("rw-history-code-z85-818-only")
    p.chart.condition(
        concept(
            None,
            (
                ICD10CM,
                "Z85.818",
                "Personal history of malignant neoplasm of other sites of lip, oral cavity, and "
                "pharynx",
            ),
        ),
        date(2019, 4, 1),
        clinical_status=INACTIVE,
    )
    return p.chart


def rw_stage_linked_by_condition_assessment() -> Chart:
    """Female, old breast cancer; the NPC's stage Observations (cT3 cN2 cM1, IVB, AJCC 8th)
    carry no `focus`: the NPC Condition's `stage.assessment` references them."""
    p = Npc("rw-stage-linked-by-condition-assessment", gender="female", birth="1966-02-11")
    old_breast_cancer(p)
    day = date(2026, 3, 25)
    records = [
        p.chart.observation(code, day, value_concept=concept(None, (AJCC, v, v)), method=AJCC8)
        for code, v in ((STAGE_T, "cT3"), (STAGE_N, "cN2"), (STAGE_M, "cM1"))
    ]
    records.append(
        p.chart.observation(
            STAGE_GROUP, day, value_concept=concept(None, (AJCC, "4B", "IVB")), method=AJCC8
        )
    )
    p.cancer["stage"] = [{"assessment": [reference(r) for r in records]}]
    p.fit()
    p.first_line()
    return p.chart


def rw_disseminated_disease_beside_npc() -> Chart:
    """No stage; the spread recorded as ICD-10-CM C80.0 "Disseminated malignant neoplasm,
    unspecified" beside the NPC."""

    def stage(p: Npc) -> None:
        p.chart.condition(
            concept(
                "Disseminated malignant neoplasm",
                (ICD10CM, "C80.0", "Disseminated malignant neoplasm, unspecified"),
            ),
            date(2026, 3, 25),
        )

    return staged_only_by("rw-disseminated-disease-beside-npc", stage)


def rw_metastatic_disease_words_only() -> Chart:
    """No stage; a problem-list entry with the words "Metastatic disease" only."""

    def stage(p: Npc) -> None:
        p.chart.condition({"text": "Metastatic disease"}, date(2026, 3, 25))

    return staged_only_by("rw-metastatic-disease-words-only", stage)


def rw_distant_metastasis_answered_yes() -> Chart:
    """A staging form's M item: Observation "远处转移(M)" (distant metastasis) answered
    "有（骨）" (present: bone), `focus` NPC; no other stage."""

    def stage(p: Npc) -> None:
        p.chart.observation(
            {"text": "远处转移(M)"}, date(2026, 3, 25), value_string="有（骨）", focus=[p.cancer]
        )

    return staged_only_by("rw-distant-metastasis-answered-yes", stage)


# === 5. Values as systems send them ============================================================


def fit_except(pid: str, *, ecog: bool = True, qtc: bool = True, gender: str = "male") -> Npc:
    p = Npc(pid, gender=gender).staged().fit(ecog=ecog, qtc=qtc)
    p.first_line()
    return p


def rw_qtc_two_ecgs_same_day() -> Chart:
    """Last week's ECG repeated the same day (a borderline first tracing): QTc 456 ms, then 444
    ms, both coded QTc, no time of day."""
    p = fit_except("rw-qtc-two-ecgs-same-day", qtc=False)
    p.qtc(456, date(2026, 11, 16))
    p.qtc(444, date(2026, 11, 16))
    return p.chart


# --- QTc limits on several ECGs (the README's synthetic trial SYN-000470) ---------------------


def _ecgs(pid: str, *readings: tuple[str, float]) -> Chart:
    """A woman's chart (her limit for the seed trial, 470 ms, is the synthetic trial's) whose
    ECGs are the QTc Observations given, each at the cart's time of recording."""
    p = fit_except(pid, qtc=False, gender="female")
    for when, ms in readings:
        p.chart.observation(QTC, when, value_quantity=quantity(ms, "ms"))
    return p.chart


def rw_qtc_one_ecg_over_mean_limit() -> Chart:
    """Last week's one resting ECG: QTc 478 ms. No repeat recorded."""
    return _ecgs("rw-qtc-one-ecg-over-mean-limit", ("2026-11-16T09:02:00+08:00", 478))


def rw_qtc_one_ecg_under_mean_limit() -> Chart:
    """Last week's one resting ECG: QTc 436 ms."""
    return _ecgs("rw-qtc-one-ecg-under-mean-limit", ("2026-11-16T09:02:00+08:00", 436))


def rw_qtc_triplicate_mean_under_limit() -> Chart:
    """A screening triplicate, three ECGs two minutes apart: QTc 474, 462 and 458 ms (mean
    464.7 ms)."""
    return _ecgs(
        "rw-qtc-triplicate-mean-under-limit",
        ("2026-11-16T09:02:00+08:00", 474),
        ("2026-11-16T09:04:00+08:00", 462),
        ("2026-11-16T09:06:00+08:00", 458),
    )


def rw_qtc_triplicate_mean_over_limit() -> Chart:
    """A screening triplicate, three ECGs two minutes apart: QTc 482, 468 and 476 ms (mean
    475.3 ms)."""
    return _ecgs(
        "rw-qtc-triplicate-mean-over-limit",
        ("2026-11-16T09:02:00+08:00", 482),
        ("2026-11-16T09:04:00+08:00", 468),
        ("2026-11-16T09:06:00+08:00", 476),
    )


def rw_qtc_ecgs_on_three_days() -> Chart:
    """Three ECGs on three days of last week (QTc 476, 468, 474 ms), one a day: no triplicate."""
    return _ecgs(
        "rw-qtc-ecgs-on-three-days",
        ("2026-11-12T09:02:00+08:00", 476),
        ("2026-11-14T09:02:00+08:00", 468),
        ("2026-11-16T09:02:00+08:00", 474),
    )


def rw_qtc_one_ecg_recorded_twice() -> Chart:
    """Last week's one resting ECG, QTc 478 ms at 09:02, filed twice: the interface sent the
    cart's result again, a second Observation of the same instant and value."""
    return _ecgs(
        "rw-qtc-one-ecg-recorded-twice",
        ("2026-11-16T09:02:00+08:00", 478),
        ("2026-11-16T09:02:00+08:00", 478),
    )


def rw_qtc_one_ecg_recorded_twice_date_only() -> Chart:
    """Last week's one ECG, QTc 478 ms, filed twice with its day only (2026-11-16, no time):
    the records cannot say whether they are one ECG or two."""
    return _ecgs(
        "rw-qtc-one-ecg-recorded-twice-date-only",
        ("2026-11-16", 478),
        ("2026-11-16", 478),
    )


def rw_qtc_two_ecgs_one_recorded_twice() -> Chart:
    """Two ECGs two minutes apart, QTc 482 ms at 09:02 and 462 ms at 09:04; the 09:02 result
    filed twice (the same instant and value again): three records, two ECGs."""
    return _ecgs(
        "rw-qtc-two-ecgs-one-recorded-twice",
        ("2026-11-16T09:02:00+08:00", 482),
        ("2026-11-16T09:02:00+08:00", 482),
        ("2026-11-16T09:04:00+08:00", 462),
    )


def rw_qt_qtc_pair() -> Chart:
    """The QTc Observation valued as ECG carts print the pair: "QT/QTc 398/456 ms"."""
    return with_qtc("rw-qt-qtc-pair", QTC, value_string="QT/QTc 398/456 ms")


def rw_qtc_in_ecg_conclusion() -> Chart:
    """QTc 432 ms a month ago; last week's ECG recorded only as an Observation "心电图" (ECG)
    whose value is the reading's words: "窦性心律；QT/QTc：402/468ms；QTc间期延长"."""
    p = fit_except("rw-qtc-in-ecg-conclusion", qtc=False)
    p.qtc(432, date(2026, 10, 20))
    p.chart.observation(
        concept("心电图"),
        date(2026, 11, 16),
        value_string="窦性心律；QT/QTc：402/468ms；QTc间期延长",
    )
    return p.chart


def rw_qtc_in_ecg_report() -> Chart:
    """QTc 432 ms a month ago; last week's ECG only as the ECG room's report (a DiagnosticReport
    "常规心电图检查", category EC), its conclusion "窦性心动过速；QTc 472ms，QT间期延长"."""
    p = fit_except("rw-qtc-in-ecg-report", qtc=False)
    p.qtc(432, date(2026, 10, 20))
    p.chart.diagnostic_report(
        concept("常规心电图检查"),
        date(2026, 11, 16),
        conclusion="窦性心动过速；QTc 472ms，QT间期延长",
        category=concept(
            None, ("http://terminology.hl7.org/CodeSystem/v2-0074", "EC", "Electrocardiac")
        ),
    )
    return p.chart


def rw_qtc_coded_and_report_same_day() -> Chart:
    """Last week's ECG twice: the cart's coded QTc 440 ms, and the ECG room's report of the same
    day whose conclusion reads "QTc 462ms，QT间期延长" (the reader's measurement)."""
    p = fit_except("rw-qtc-coded-and-report-same-day", qtc=False)
    p.qtc(440, date(2026, 11, 16))
    p.chart.diagnostic_report(
        concept("常规心电图检查"),
        date(2026, 11, 16),
        conclusion="窦性心律；QTc 462ms，QT间期延长",
    )
    return p.chart


def with_qtc(pid: str, code: Concept, **value: str | dict[str, object]) -> Chart:
    p = fit_except(pid, qtc=False)
    p.chart.observation(code, date(2026, 11, 16), **value)  # type: ignore[arg-type]
    return p.chart


def rw_qtc_string_452_ms() -> Chart:
    return with_qtc("rw-qtc-string-452-ms", QTC, value_string="452 ms")


def rw_qtc_string_seconds() -> Chart:
    return with_qtc("rw-qtc-string-seconds", QTC, value_string="0.438s")


def rw_qtc_string_prefixed() -> Chart:
    return with_qtc("rw-qtc-string-prefixed", {"text": "心电图QTc"}, value_string="QTc 448")


QTCF = concept("QTcF", (LOCAL_ECG, "QTCF", "QTc (Fridericia)"))
QTCB = concept("QTcB", (LOCAL_ECG, "QTCB", "QTc (Bazett)"))


def rw_qtcf_local_code() -> Chart:
    return with_qtc("rw-qtcf-local-code", QTCF, value_quantity=quantity(446, "ms"))


def rw_qtcb_prolonged() -> Chart:
    return with_qtc("rw-qtcb-prolonged", QTCB, value_quantity=quantity(462, "ms"))


def rw_qtc_named_qt_corrected_chinese() -> Chart:
    """QTc 432 ms a month ago; the newest ECG's QTc titled only "Q-T间期(校正)" (QT interval,
    corrected), 468 ms, as a hospital's ECG system names it."""
    p = fit_except("rw-qtc-named-qt-corrected-chinese", qtc=False)
    p.qtc(432, date(2026, 10, 20))
    p.chart.observation(
        concept("Q-T间期(校正)"), date(2026, 11, 16), value_quantity=quantity(468, "ms")
    )
    return p.chart


def rw_qtc_hyphenated_english() -> Chart:
    """The same, titled "Q-Tc interval"."""
    p = fit_except("rw-qtc-hyphenated-english", qtc=False)
    p.qtc(432, date(2026, 10, 20))
    p.chart.observation(
        concept("Q-Tc interval"), date(2026, 11, 16), value_quantity=quantity(468, "ms")
    )
    return p.chart


def rw_qtc_bazett_and_fridericia_normal() -> Chart:
    """The ECG cart prints the QTc by both formulas; the feed sends the line as the QTc."""
    return with_qtc(
        "rw-qtc-bazett-and-fridericia-normal", QTC, value_string="QTc 432ms (Bazett), QTcF 428ms"
    )


def rw_qtc_bazett_and_fridericia_straddle() -> Chart:
    return with_qtc(
        "rw-qtc-bazett-and-fridericia-straddle",
        QTC,
        value_string="QTc 452ms (Bazett), QTcF 441ms",
    )


def rw_qtc_fridericia_slash_bazett_female() -> Chart:
    """Twenty-eighth session (VAL-QTC-FORMULAS): a woman's QTc Observation valued as the cart
    prints both formulas joined by a slash, "QTcF 468 / QTcB 482" (ms left out)."""
    p = fit_except("rw-qtc-fridericia-slash-bazett-female", qtc=False, gender="female")
    p.chart.observation(QTC, date(2026, 11, 16), value_string="QTcF 468 / QTcB 482")
    return p.chart


def rw_qtc_holter_maximum_beside_12_lead() -> Chart:
    """Twenty-eighth session (VAL-QTC): the 12-lead ECG's QTc 432 ms on 2026-11-16, then a
    24-hour Holter's report line "Holter QTc max (24 h)" 498 ms on 2026-11-20 — a Holter's
    maximum, not a resting 12-lead QTc."""
    p = reference_patient("rw-qtc-holter-maximum-beside-12-lead")
    p.chart.observation(
        {"text": "Holter QTc max (24 h)"},
        date(2026, 11, 20),
        value_quantity=quantity(498, "ms"),
        method=concept("24-hour Holter monitoring"),
    )
    return p.chart


def rw_qtc_bazett_and_fridericia_prolonged() -> Chart:
    """QTc 432 ms a month ago; last week's ECG reading, in words, gives both formulas."""
    p = fit_except("rw-qtc-bazett-and-fridericia-prolonged", qtc=False)
    p.qtc(432, date(2026, 10, 20))
    p.chart.observation(
        concept("心电图"),
        date(2026, 11, 16),
        value_string="窦性心律；QTc 472ms(Bazett)；QTcF 461ms；QTc间期延长",
    )
    return p.chart


def rw_qtc_bound_above_limit_in_ecg_words() -> Chart:
    """Female, QTc 440 ms a month ago; last week's ECG reading gives only a bound: "QTc>470ms"."""
    p = fit_except("rw-qtc-bound-above-limit-in-ecg-words", qtc=False, gender="female")
    p.qtc(440, date(2026, 10, 20))
    p.chart.observation(concept("心电图"), date(2026, 11, 16), value_string="窦性心律；QTc>470ms")
    return p.chart


def rw_qtc_bound_below_limit_quantity() -> Chart:
    """The ECG cart sends a bound as a Quantity with its comparator: < 440 ms."""
    p = fit_except("rw-qtc-bound-below-limit-quantity", qtc=False)
    p.chart.observation(
        QTC, date(2026, 11, 16), value_quantity={**quantity(440, "ms"), "comparator": "<"}
    )
    return p.chart


def rw_qtc_bound_astride_limit() -> Chart:
    p = fit_except("rw-qtc-bound-astride-limit", qtc=False)
    p.chart.observation(concept("心电图"), date(2026, 11, 16), value_string="窦性心律；QTc<460ms")
    return p.chart


def rw_qtc_value_with_formula_in_brackets() -> Chart:
    return with_qtc("rw-qtc-value-with-formula-in-brackets", QTC, value_string="445ms(Bazett)")


def rw_qtc_value_with_interpretation() -> Chart:
    """The reader's word for the value beside it: "462 ms (延长)" (prolonged)."""
    return with_qtc("rw-qtc-value-with-interpretation", QTC, value_string="462 ms (延长)")


def rw_qtc_words_compare_with_previous() -> Chart:
    """Last week's ECG reading compares with an older tracing, whose QTc it quotes."""
    p = fit_except("rw-qtc-words-compare-with-previous", qtc=False)
    p.chart.observation(
        concept("心电图"),
        date(2026, 11, 16),
        value_string="窦律，QTc 445ms，较前(2026-10-20 QTc 470ms)好转",
    )
    return p.chart


def rw_qtc_ecg_panel_has_member() -> Chart:
    p = fit_except("rw-qtc-ecg-panel-has-member", qtc=False)
    member = p.chart.observation(QTC, date(2026, 11, 16), value_quantity=quantity(0.441, "s"))
    p.chart.observation(
        concept("12 lead ECG", (LOINC, "34534-8", "12 lead EKG panel")),
        date(2026, 11, 16),
        has_member=[member],
    )
    return p.chart


def rw_qtc_ecg_panel_fridericia_and_bazett_components() -> Chart:
    """Male. Last week's 12-lead ECG panel (LOINC 34534-8) with two components named only in
    text: "QTcF" 441 ms, then "QTcB" 462 ms."""
    p = fit_except("rw-qtc-ecg-panel-fridericia-and-bazett-components", qtc=False)
    p.chart.observation(
        concept("12 lead ECG", (LOINC, "34534-8", "12 lead EKG panel")),
        date(2026, 11, 16),
        components=[
            Component({"text": "QTcF"}, value_quantity=quantity(441, "ms")),
            Component({"text": "QTcB"}, value_quantity=quantity(462, "ms")),
        ],
    )
    return p.chart


def rw_qtc_newest_unreadable() -> Chart:
    p = fit_except("rw-qtc-newest-unreadable", qtc=False)
    p.qtc(430, date(2026, 9, 30))
    p.chart.observation(QTC, date(2026, 11, 16), value_string="见报告 (see report)")
    return p.chart


def rw_ecog_panel_component() -> Chart:
    p = fit_except("rw-ecog-panel-component", ecog=False)
    p.chart.observation(
        {"text": "肿瘤内科入院评估 (oncology admission assessment)"},
        date(2026, 11, 16),
        components=[
            Component(ECOG, value_integer=1),
            Component(concept("NRS pain score"), value_integer=2),
        ],
    )
    return p.chart


def ecog_and_kps_components(pid: str, *components: Component) -> Chart:
    p = fit_except(pid, ecog=False)
    p.chart.observation(
        {"text": "肿瘤内科入院评估 (oncology admission assessment)"},
        date(2026, 11, 16),
        components=list(components),
    )
    return p.chart


def rw_ecog_and_kps_panel_components_disagree() -> Chart:
    """Last week's admission assessment panel: ECOG 1, then Karnofsky 60, as two components."""
    return ecog_and_kps_components(
        "rw-ecog-and-kps-panel-components-disagree",
        Component(ECOG, value_integer=1),
        Component(KPS, value_integer=60),
    )


def rw_kps_and_ecog_panel_components_disagree() -> Chart:
    """The same panel, its components in the other order: Karnofsky 60, then ECOG 1."""
    return ecog_and_kps_components(
        "rw-kps-and-ecog-panel-components-disagree",
        Component(KPS, value_integer=60),
        Component(ECOG, value_integer=1),
    )


def rw_ecog_string_1() -> Chart:
    p = fit_except("rw-ecog-string-1", ecog=False)
    p.chart.observation(ECOG, date(2026, 11, 16), value_string="ECOG 1分")
    return p.chart


def rw_ecog_as_zps_chinese() -> Chart:
    """The ECOG scale under its other name, Zubrod (ZPS), as Chinese nursing records title it."""
    p = fit_except("rw-ecog-as-zps-chinese", ecog=False)
    p.chart.observation({"text": "ZPS评分"}, date(2026, 11, 16), value_string="1分")
    return p.chart


def rw_kps_in_value_of_performance_score() -> Chart:
    """ECOG 1 a month ago; last week an Observation titled "体力状况评分" (performance status
    score, the title nursing records give ECOG) whose value names the other scale: "KPS 60分"."""
    p = fit_except("rw-kps-in-value-of-performance-score", ecog=False)
    p.ecog(1, date(2026, 10, 26))
    p.chart.observation({"text": "体力状况评分"}, date(2026, 11, 16), value_string="KPS 60分")
    return p.chart


def rw_performance_status_scale_in_value() -> Chart:
    """ECOG 1 a month ago; last week an Observation titled only "体力状况" (performance status)
    whose value names the scale: "ECOG 2分"."""
    p = fit_except("rw-performance-status-scale-in-value", ecog=False)
    p.ecog(1, date(2026, 10, 26))
    p.chart.observation({"text": "体力状况"}, date(2026, 11, 16), value_string="ECOG 2分")
    return p.chart


def rw_ecog_two_values_same_day() -> Chart:
    """Last week's ECOG recorded twice on the same day and disagreeing, as when the ward nurse
    and the oncologist each chart one: ECOG 1 (the oncologist's, entered first) and ECOG 2."""
    p = fit_except("rw-ecog-two-values-same-day", ecog=False)
    p.ecog(1, date(2026, 3, 19))
    p.ecog(2, date(2026, 11, 16))
    p.ecog(1, date(2026, 11, 16))
    return p.chart


def rw_ecog_string_2() -> Chart:
    p = fit_except("rw-ecog-string-2", ecog=False)
    p.ecog(1, date(2026, 3, 19))
    p.chart.observation(ECOG, date(2026, 11, 16), value_string="ECOG 2分")
    return p.chart


def rw_ecog_description_only() -> Chart:
    """ECOG 1 at diagnosis; the newest ECOG (LOINC 89247-1) holds only the scale's words for
    grade 2, as a flowsheet that stores the picked answer's text sends it."""
    p = fit_except("rw-ecog-description-only", ecog=False)
    p.ecog(1, date(2026, 3, 19))
    p.chart.observation(
        ECOG,
        date(2026, 11, 16),
        value_string="Ambulatory and capable of all selfcare but unable to carry out any work "
        "activities; up and about more than 50% of waking hours",
    )
    return p.chart


def rw_ecog_newest_without_status() -> Chart:
    """ECOG 1 at diagnosis; the newest, ECOG 2 last week, exported without the `status` R4
    requires."""
    p = fit_except("rw-ecog-newest-without-status", ecog=False)
    p.ecog(1, date(2026, 3, 19))
    p.chart.observation(ECOG, date(2026, 11, 16), value_integer=2).pop("status")
    return p.chart


def with_ecog_string(pid: str, value: str) -> Chart:
    """ECOG 1 at diagnosis; the newest ECOG (LOINC 89247-1, last week) holds `value` as text."""
    p = fit_except(pid, ecog=False)
    p.ecog(1, date(2026, 3, 19))
    p.chart.observation(ECOG, date(2026, 11, 16), value_string=value)
    return p.chart


def rw_ecog_range_0_1() -> Chart:
    """The clinic note's "ECOG 0-1分", copied into the flowsheet as the score."""
    return with_ecog_string("rw-ecog-range-0-1", "0-1分")


def rw_ecog_range_1_2() -> Chart:
    return with_ecog_string("rw-ecog-range-1-2", "1-2分")


def rw_ecog_assessed_over_a_period() -> Chart:
    """Twenty-eighth session (VAL-STALE, VAL-NEWEST): ECOG 1 at diagnosis; the newest ECOG 1
    recorded with an effectivePeriod (the clinic visit, 2026-11-16 to 2026-11-16) and no
    effectiveDateTime, as some flowsheets send an encounter-long assessment."""
    p = fit_except("rw-ecog-assessed-over-a-period", ecog=False)
    p.ecog(1, date(2026, 3, 19))
    resource = p.chart.observation(ECOG, date(2026, 11, 16), value_integer=1)
    del resource["effectiveDateTime"]
    resource["effectivePeriod"] = {
        "start": "2026-11-16T09:00:00+08:00",
        "end": "2026-11-16T11:30:00+08:00",
    }
    return p.chart


def rw_qtc_dated_only_by_issued() -> Chart:
    """Twenty-eighth session (VAL-STALE): last week's QTc 432 ms sent with `issued`
    2026-11-16T10:05 and no effective[x] (an ECG system's result message that gives only the
    report time)."""
    p = fit_except("rw-qtc-dated-only-by-issued", qtc=False)
    resource = p.chart.observation(QTC, date(2026, 11, 16), value_quantity=quantity(432, "ms"))
    del resource["effectiveDateTime"]
    resource["issued"] = "2026-11-16T10:05:00+08:00"
    return p.chart


def rw_ecog_baseline_then_now_in_one_value() -> Chart:
    """Twenty-eighth session (VAL-PS-NOW, VAL-NEWEST): the newest ECOG's text carries the
    baseline and today's score, "ECOG 1 (baseline), now 3"."""
    return with_ecog_string("rw-ecog-baseline-then-now-in-one-value", "ECOG 1 (baseline), now 3")


def rw_ecog_arrow_between_scores() -> Chart:
    """Twenty-eighth session (VAL-PS-NOW, VAL-NEWEST): the newest ECOG's text gives the change
    with an arrow, "ECOG 1→3", as a clinic note records a decline."""
    return with_ecog_string("rw-ecog-arrow-between-scores", "ECOG 1→3")


def rw_ecog_written_0_slash_1() -> Chart:
    """Twenty-eighth session (VAL-PS-RANGE): the newest ECOG written "PS 0/1", as a clinic note
    gives a score between two grades."""
    return with_ecog_string("rw-ecog-written-0-slash-1", "PS 0/1")


def rw_kps_percent_in_nursing_flowsheet() -> Chart:
    """Twenty-eighth session (VAL-PS-SCALE, CNV-KPS-ECOG): ECOG 1 at diagnosis only (stale);
    last week a nursing flowsheet row with no code, titled "Karnofsky Performance Status",
    valued "90%" as the scale is a percentage."""
    p = fit_except("rw-kps-percent-in-nursing-flowsheet", ecog=False)
    p.ecog(1, date(2026, 3, 19))
    p.chart.observation(
        {"text": "Karnofsky Performance Status"}, date(2026, 11, 16), value_string="90%"
    )
    return p.chart


def rw_ecog_range_fullwidth_tilde() -> Chart:
    """The range as a Chinese input method types it, with a full-width tilde."""
    return with_ecog_string("rw-ecog-range-fullwidth-tilde", "0～1分")


def rw_ecog_and_kps_in_one_value() -> Chart:
    """The nursing flowsheet's line gives both scales: "ECOG 1分，KPS 80分"."""
    return with_ecog_string("rw-ecog-and-kps-in-one-value", "ECOG 1分，KPS 80分")


def rw_ecog_and_kps_disagree_in_one_value() -> Chart:
    return with_ecog_string("rw-ecog-and-kps-disagree-in-one-value", "ECOG 1分，KPS 60分")


def rw_ecog_value_dated() -> Chart:
    """The score with the day it was assessed, as a nursing flowsheet prints it."""
    return with_ecog_string("rw-ecog-value-dated", "ECOG 1 (2026-11-16)")


def rw_ecog_value_dated_last_year() -> Chart:
    """Last week's record carries a score copied forward with its own, older day."""
    return with_ecog_string("rw-ecog-value-dated-last-year", "ECOG 1 (2025-09-08)")


def rw_ecog_14_months_old() -> Chart:
    p = Npc("rw-ecog-14-months-old", diagnosed=date(2025, 8, 28)).staged().fit(ecog=False)
    p.ecog(1, date(2025, 9, 8))
    p.first_line(first=date(2025, 9, 10))
    return p.chart


def with_kps(pid: str, **value: int | str) -> Chart:
    p = fit_except(pid, ecog=False)
    p.chart.observation(KPS, date(2026, 11, 16), **value)  # type: ignore[arg-type]
    return p.chart


def rw_kps_70_only() -> Chart:
    return with_kps("rw-kps-70-only", value_integer=70)


def rw_kps_80_string() -> Chart:
    return with_kps("rw-kps-80-string", value_string="KPS 80分")


def rw_kps_60() -> Chart:
    return with_kps("rw-kps-60", value_integer=60)


# === 6. Comorbidities ==========================================================================


def with_condition(
    pid: str, code: Concept, onset: date = date(2024, 3, 1), **options: object
) -> Chart:
    p = reference_patient(pid)
    p.chart.condition(code, onset, **options)  # type: ignore[arg-type]
    return p.chart


def rw_af_snomed_grade_2() -> Chart:
    af = concept(
        "Atrial fibrillation, CTCAE grade 2", (SNOMED, "49436004", "Atrial fibrillation (disorder)")
    )
    return with_condition("rw-af-snomed-grade-2", af)


def rw_af_chinese_grade_1() -> Chart:
    return with_condition("rw-af-chinese-grade-1", {"text": "阵发性房颤"}, severity={"text": "1级"})


def rw_heart_failure_nyha_text() -> Chart:
    hf = concept(
        "慢性心力衰竭 心功能III级 (NYHA class III)",
        (SNOMED, "84114007", "Heart failure (disorder)"),
    )
    return with_condition("rw-heart-failure-nyha-text", hf)


def rw_coronary_disease_refuted() -> Chart:
    chd = concept(
        "Coronary artery disease, grade 2",
        (
            ICD10CM,
            "I25.10",
            "Atherosclerotic heart disease of native coronary artery without angina pectoris",
        ),
    )
    return with_condition("rw-coronary-disease-refuted", chd, verification_status=REFUTED)


def rw_heart_failure_entered_in_error() -> Chart:
    hf = concept("Heart failure, NYHA class III", (ICD10CM, "I50.9", "Heart failure, unspecified"))
    return with_condition(
        "rw-heart-failure-entered-in-error", hf, verification_status=ENTERED_IN_ERROR
    )


def exported_condition(pid: str, code: Concept, **elements: object) -> Chart:
    """The reference chart and a comorbidity Condition whose `elements` an older interface
    writes in a shape R4 rejects."""
    p = reference_patient(pid)
    p.chart.condition(code, date(2024, 3, 1)).update(elements)
    return p.chart


def rw_heart_failure_stu3_statuses() -> Chart:
    """Clinical and verification status written as bare codes ("active"), as STU3 wrote them;
    R4 wants CodeableConcepts."""
    hf = concept("Heart failure, NYHA class III", (ICD10CM, "I50.9", "Heart failure, unspecified"))
    return exported_condition(
        "rw-heart-failure-stu3-statuses",
        hf,
        clinicalStatus="active",
        verificationStatus="confirmed",
    )


def rw_heart_failure_zero_onset() -> Chart:
    """Onset and recorded date "0000-00-00 00:00:00": no date was entered."""
    hf = concept(
        "慢性心力衰竭 心功能III级 (NYHA class III)",
        (SNOMED, "84114007", "Heart failure (disorder)"),
    )
    return exported_condition(
        "rw-heart-failure-zero-onset",
        hf,
        onsetDateTime="0000-00-00 00:00:00",
        recordedDate="0000-00-00 00:00:00",
    )


def rw_af_severity_plain_text() -> Chart:
    """The grade written as plain text where R4 wants a CodeableConcept."""
    return exported_condition("rw-af-severity-plain-text", {"text": "阵发性房颤"}, severity="2级")


def rw_coronary_disease_pending_plain_text() -> Chart:
    """The verification status written as the clinician's words, 待排 ("to be ruled out"), where
    R4 wants a CodeableConcept."""
    chd = concept(
        "冠状动脉粥样硬化性心脏病 2级",
        (ICD10CM, "I25.10", "Atherosclerotic heart disease of native coronary artery"),
    )
    return exported_condition(
        "rw-coronary-disease-pending-plain-text", chd, verificationStatus="待排"
    )


def rw_old_mi_abbreviated() -> Chart:
    """An old myocardial infarction as clinicians abbreviate it, 陈旧性心梗, no code."""
    return with_condition("rw-old-mi-abbreviated", {"text": "陈旧性心梗"})


def rw_coronary_stent_status() -> Chart:
    """Coronary stenting recorded as the state after it, 冠脉支架植入术后, no code."""
    return with_condition("rw-coronary-stent-status", {"text": "冠脉支架植入术后"})


def rw_af_abbreviated_grade_2() -> Chart:
    """Paroxysmal atrial fibrillation as clinicians abbreviate it, 阵发性AF, graded 2, no code."""
    return with_condition(
        "rw-af-abbreviated-grade-2", {"text": "阵发性AF"}, severity={"text": "2级"}
    )


def rw_pci_abbreviated() -> Chart:
    """Coronary stenting recorded as the state after the procedure, by its abbreviation:
    "PCI术后" (after percutaneous coronary intervention), no code."""
    return with_condition("rw-pci-abbreviated", {"text": "PCI术后"})


def rw_af_family_history() -> Chart:
    """The father's atrial fibrillation, on the patient's problem list as family history."""
    return with_condition("rw-af-family-history", {"text": "家族史：父亲阵发性房颤"})


def rw_af_suspected_grade_2() -> Chart:
    """Atrial fibrillation still to be confirmed (待排: Holter pending), graded 2."""
    return with_condition(
        "rw-af-suspected-grade-2", {"text": "阵发性房颤待排 (Holter待查)"}, severity={"text": "2级"}
    )


def rw_denied_cancer_history() -> Chart:
    """The past-history line that denies any other cancer, exported as a Condition."""
    return with_condition("rw-denied-cancer-history", {"text": "否认其他恶性肿瘤病史"})


def rw_long_qt_syndrome_chinese() -> Chart:
    """Congenital long QT on the problem list; the last ECG's QTc (432 ms) is normal."""
    return with_condition("rw-long-qt-syndrome-chinese", {"text": "长QT综合征"})


def rw_svt_chinese() -> Chart:
    return with_condition("rw-svt-chinese", {"text": "阵发性室上性心动过速"})


def rw_pvcs_english() -> Chart:
    """A Western problem list's ECG finding: "Frequent premature ventricular contractions"."""
    return with_condition(
        "rw-pvcs-english", {"text": "Frequent premature ventricular contractions"}
    )


def rw_bundle_branch_block_english() -> Chart:
    return with_condition("rw-bundle-branch-block-english", {"text": "Left bundle branch block"})


def rw_chf_abbreviated() -> Chart:
    return with_condition("rw-chf-abbreviated", {"text": "CHF (HFrEF)"})


def rw_cad_history_of_mi_english() -> Chart:
    return with_condition("rw-cad-history-of-mi-english", {"text": "CAD, history of MI"})


def rw_dilated_cardiomyopathy_chinese() -> Chart:
    return with_condition("rw-dilated-cardiomyopathy-chinese", {"text": "扩张型心肌病"})


def rw_ischaemic_cardiomyopathy_chinese() -> Chart:
    return with_condition("rw-ischaemic-cardiomyopathy-chinese", {"text": "缺血性心肌病"})


def rw_chd_with_hypertension_grade_3() -> Chart:
    """Two diagnoses in one past-history entry, as Chinese admission notes list them: the grade
    is the hypertension's (高血压3级, by blood pressure), not the coronary disease's."""
    return with_condition(
        "rw-chd-with-hypertension-grade-3", {"text": "冠心病，高血压3级（极高危）"}
    )


def rw_af_with_hypertension_grade_2() -> Chart:
    return with_condition("rw-af-with-hypertension-grade-2", {"text": "阵发性房颤 高血压2级"})


def rw_chd_after_pci_with_hypertension_grade_1() -> Chart:
    return with_condition(
        "rw-chd-after-pci-with-hypertension-grade-1", {"text": "冠心病 PCI术后 高血压1级"}
    )


def rw_cad_with_hypertension_grade_2_english() -> Chart:
    return with_condition(
        "rw-cad-with-hypertension-grade-2-english",
        {"text": "Coronary artery disease; hypertension grade 2"},
    )


def rw_af_after_stroke_muscle_power_4() -> Chart:
    """Atrial fibrillation beside a stroke's sequelae graded by muscle power (肌力4级)."""
    return with_condition(
        "rw-af-after-stroke-muscle-power-4", {"text": "房颤，脑梗死后遗症 肌力4级"}
    )


def rw_angina_ccs_class_2_english() -> Chart:
    return with_condition("rw-angina-ccs-class-2-english", {"text": "Stable angina, CCS class II"})


def rw_pacemaker_sick_sinus_chinese() -> Chart:
    return with_condition(
        "rw-pacemaker-sick-sinus-chinese", {"text": "病态窦房结综合征 永久起搏器植入术后"}
    )


def rw_denied_cardiac_history() -> Chart:
    """A past-history entry that denies heart disease, as admission notes write it."""
    return with_condition("rw-denied-cardiac-history", {"text": "否认冠心病、心律失常病史"})


def rw_af_resolved_after_ablation() -> Chart:
    af = concept(
        "Paroxysmal atrial fibrillation, CTCAE grade 2",
        (ICD10CM, "I48.0", "Paroxysmal atrial fibrillation"),
    )
    return with_condition(
        "rw-af-resolved-after-ablation",
        af,
        date(2017, 5, 2),
        clinical_status=RESOLVED,
        abatement=date(2019, 6, 11),
    )


def rw_coronary_disease_grade_unknown() -> Chart:
    cad = concept(None, (SNOMED, "53741008", "Coronary arteriosclerosis (disorder)"))
    return with_condition("rw-coronary-disease-grade-unknown", cad, date(2021, 8, 1))


def with_drug(pid: str, drug: Concept) -> Chart:
    p = reference_patient(pid)
    p.chart.medication_statement(drug, (date(2024, 1, 1), None), status="active")
    return p.chart


def rw_amiodarone_without_diagnosis() -> Chart:
    return with_drug(
        "rw-amiodarone-without-diagnosis",
        concept("胺碘酮片 0.2g qd", (RXNORM, "703", "amiodarone")),
    )


def rw_sacubitril_valsartan_without_diagnosis() -> Chart:
    return with_drug(
        "rw-sacubitril-valsartan-without-diagnosis",
        concept("沙库巴曲缬沙坦钠片 (Entresto) 100mg bid"),
    )


def rw_metoprolol_for_hypertension() -> Chart:
    p = reference_patient("rw-metoprolol-for-hypertension")
    hypertension = p.chart.condition(
        concept("Essential hypertension", (ICD10CM, "I10", "Essential (primary) hypertension")),
        date(2018, 4, 1),
    )
    p.chart.medication_statement(
        concept("Metoprolol succinate 47.5 mg qd (琥珀酸美托洛尔缓释片)"),
        (date(2018, 4, 1), None),
        status="active",
        why=Why(reason_reference=[hypertension]),
    )
    return p.chart


def rw_angina_unicode_roman_grade_2() -> Chart:
    """The grade typed with the Unicode Roman numeral Ⅱ (U+2161) a Chinese input method offers,
    not the Latin letters "II"."""
    return with_condition("rw-angina-unicode-roman-grade-2", {"text": "冠心病 稳定型心绞痛 Ⅱ级"})


def rw_af_severity_unicode_roman_grade_1() -> Chart:
    return with_condition(
        "rw-af-severity-unicode-roman-grade-1", {"text": "阵发性房颤"}, severity={"text": "Ⅰ级"}
    )


def rw_nyha_class_3_alone() -> Chart:
    """A heart-function class entered as its own diagnosis, the failing heart not named:
    心功能III级 (NYHA class III)."""
    return with_condition("rw-nyha-class-3-alone", {"text": "心功能III级"})


def rw_nyha_class_1_alone() -> Chart:
    return with_condition("rw-nyha-class-1-alone", {"text": "心功能I级"})


def rw_af_with_nyha_class_1() -> Chart:
    """Persistent AF written with the heart's functional class, not the AF's own grade."""
    return with_condition("rw-af-with-nyha-class-1", {"text": "持续性房颤 心功能I级"})


def rw_pvcs_lown_grade_2() -> Chart:
    """Ventricular ectopy graded on the Lown scale of Holter findings, not CTCAE."""
    return with_condition("rw-pvcs-lown-grade-2", {"text": "频发室性早搏 (Lown 2级)"})


def rw_mi_killip_class_2() -> Chart:
    """An old infarction with the Killip class of its acute episode (heart failure then)."""
    return with_condition("rw-mi-killip-class-2", {"text": "急性心肌梗死 Killip II级 (2019)"})


def rw_pvcs_chinese_icd_title() -> Chart:
    """Ventricular premature beats by the Chinese ICD-10 title of I49.3, 室性期前收缩."""
    return with_condition("rw-pvcs-chinese-icd-title", {"text": "室性期前收缩"})


def rw_dilated_cardiomyopathy_code_only() -> Chart:
    """An ICD-10-CM I42.0 (dilated cardiomyopathy) coding without display or text."""
    return with_condition("rw-dilated-cardiomyopathy-code-only", concept(None, (ICD10CM, "I42.0")))


def rw_shexiang_baoxin_pill_without_diagnosis() -> Chart:
    """麝香保心丸, a Chinese patent medicine for angina, with no cardiac diagnosis recorded."""
    return with_drug("rw-shexiang-baoxin-pill-without-diagnosis", concept("麝香保心丸 2粒 tid"))


def rw_hypertensive_heart_disease_chinese() -> Chart:
    """高血压性心脏病 (hypertensive heart disease) on a past-history list, heart failure not
    named either way."""
    return with_condition("rw-hypertensive-heart-disease-chinese", {"text": "高血压性心脏病"})


def rw_global_cardiac_enlargement_chinese() -> Chart:
    """全心扩大 (global cardiac enlargement), an echocardiogram's finding carried as a diagnosis."""
    return with_condition("rw-global-cardiac-enlargement-chinese", {"text": "全心扩大"})


def rw_cardiac_dysfunction_english() -> Chart:
    return with_condition("rw-cardiac-dysfunction-english", {"text": "Cardiac dysfunction"})


def rw_cardiac_function_decline_chinese() -> Chart:
    """心功能减退 (declined heart function), a common Chinese variant of 心功能不全."""
    return with_condition("rw-cardiac-function-decline-chinese", {"text": "心功能减退"})


def rw_lvef_45_observation() -> Chart:
    """An echocardiogram's LVEF 45% as an Observation (LOINC 10230-1), no cardiac diagnosis."""
    p = reference_patient("rw-lvef-45-observation")
    lvef = concept("左室射血分数 LVEF", (LOINC, "10230-1", "Left ventricular Ejection fraction"))
    p.chart.observation(lvef, date(2026, 11, 10), value_quantity=quantity(45, "%"))
    return p.chart


def rw_lvef_60_observation() -> Chart:
    p = reference_patient("rw-lvef-60-observation")
    lvef = concept("左室射血分数 LVEF", (LOINC, "10230-1", "Left ventricular Ejection fraction"))
    p.chart.observation(lvef, date(2026, 11, 10), value_quantity=quantity(60, "%"))
    return p.chart


def rw_lvef_45_text() -> Chart:
    """A problem-list entry that is only the echocardiogram's number."""
    return with_condition("rw-lvef-45-text", {"text": "心超: LVEF 45%"})


def rw_ischaemic_cardiomyopathy_code_only() -> Chart:
    """ICD-10-CM I25.5 (ischaemic cardiomyopathy) without display or text."""
    return with_condition(
        "rw-ischaemic-cardiomyopathy-code-only", concept(None, (ICD10CM, "I25.5"))
    )


def rw_compound_danshen_dripping_pill_without_diagnosis() -> Chart:
    """复方丹参滴丸, a Chinese patent medicine for angina, with no cardiac diagnosis recorded."""
    return with_drug(
        "rw-compound-danshen-dripping-pill-without-diagnosis", concept("复方丹参滴丸 10丸 tid")
    )


def rw_mexiletine_old_chinese_name() -> Chart:
    """慢心律, the old Chinese name of mexiletine (美西律) that prescriptions still use."""
    return with_drug("rw-mexiletine-old-chinese-name", concept("慢心律 100mg tid"))


def rw_vt_abbreviated() -> Chart:
    """Ventricular tachycardia by its abbreviation on a Western problem list."""
    return with_condition("rw-vt-abbreviated", {"text": "Sustained VT (2023)"})


def rw_dvt_not_vt() -> Chart:
    """A deep vein thrombosis: "DVT" holds the letters VT and is no arrhythmia."""
    return with_condition("rw-dvt-not-vt", {"text": "LLE DVT on rivaroxaban"})


def rw_digoxin_for_ischaemic_cardiomyopathy() -> Chart:
    """Digoxin whose reasonCode names ischaemic cardiomyopathy, no Condition recorded."""
    p = reference_patient("rw-digoxin-for-ischaemic-cardiomyopathy")
    p.chart.medication_statement(
        concept("地高辛片 0.125mg qd"),
        (date(2024, 1, 1), None),
        status="active",
        why=Why(reason_code=concept("缺血性心肌病")),
    )
    return p.chart


def rw_hypertensive_heart_disease_without_heart_failure_code() -> Chart:
    """ICD-10-CM I11.9 with its title: the coder says the hypertensive heart does not fail."""
    hhd = concept(
        "Hypertensive heart disease without heart failure",
        (ICD10CM, "I11.9", "Hypertensive heart disease without heart failure"),
    )
    return with_condition("rw-hypertensive-heart-disease-without-heart-failure-code", hhd)


def rw_hypertensive_heart_disease_without_heart_failure_chinese() -> Chart:
    """高血压性心脏病 不伴心衰: hypertensive heart disease, no heart failure, as a discharge
    diagnosis writes it."""
    return with_condition(
        "rw-hypertensive-heart-disease-without-heart-failure-chinese",
        {"text": "高血压性心脏病 不伴心衰"},
    )


def rw_hypertensive_heart_ckd_without_heart_failure_code() -> Chart:
    """ICD-10-CM I13.10 with its long title, no heart failure named but in its negation."""
    title = (
        "Hypertensive heart and chronic kidney disease without heart failure, with stage 1 "
        "through stage 4 chronic kidney disease, or unspecified chronic kidney disease"
    )
    return with_condition(
        "rw-hypertensive-heart-ckd-without-heart-failure-code",
        concept(title, (ICD10CM, "I13.10", title)),
    )


def rw_chd_without_heart_failure_chinese() -> Chart:
    """冠心病 稳定型心绞痛 无心衰: coronary disease with stable angina, no heart failure."""
    return with_condition(
        "rw-chd-without-heart-failure-chinese", {"text": "冠心病 稳定型心绞痛 无心衰"}
    )


def rw_echo_no_cardiac_enlargement_chinese() -> Chart:
    """An echocardiogram's summary carried as a Condition: no enlarged heart, LVEF 62 %."""
    return with_condition(
        "rw-echo-no-cardiac-enlargement-chinese", {"text": "心超：未见心脏扩大，左室射血分数62%"}
    )


def rw_chest_pain_no_evidence_of_ischaemia_english() -> Chart:
    """Atypical chest pain worked up with a stress echocardiogram that found no ischaemia."""
    return with_condition(
        "rw-chest-pain-no-evidence-of-ischaemia-english",
        {"text": "Atypical chest pain; stress echo: no evidence of myocardial ischemia"},
    )


def rw_holter_negative_for_af_english() -> Chart:
    """Palpitations with a Holter that found no atrial fibrillation."""
    return with_condition(
        "rw-holter-negative-for-af-english",
        {"text": "Palpitations - Holter negative for atrial fibrillation"},
    )


def rw_pericardial_effusion_not_seen_with_af_chinese() -> Chart:
    """心超未见心包积液，阵发性房颤: the echo saw no effusion; the AF is a diagnosis of its own."""
    return with_condition(
        "rw-pericardial-effusion-not-seen-with-af-chinese", {"text": "心超未见心包积液，阵发性房颤"}
    )


def rw_silent_myocardial_ischaemia_chinese() -> Chart:
    """无症状性心肌缺血 (silent myocardial ischaemia): 无症状 is "asymptomatic", no denial."""
    return with_condition("rw-silent-myocardial-ischaemia-chinese", {"text": "无症状性心肌缺血"})


def rw_lv_diastolic_dysfunction_chinese() -> Chart:
    """左室舒张功能减低 (LV diastolic dysfunction) on the problem list, echo LVEF 64 %."""
    p = reference_patient("rw-lv-diastolic-dysfunction-chinese")
    p.chart.condition({"text": "左室舒张功能减低"}, date(2026, 11, 10))
    lvef = concept("左室射血分数 LVEF", (LOINC, "10230-1", "Left ventricular Ejection fraction"))
    p.chart.observation(lvef, date(2026, 11, 10), value_quantity=quantity(64, "%"))
    return p.chart


# === 7. The patient ============================================================================


def rw_sex_unknown_qtc_460() -> Chart:
    p = fit_except("rw-sex-unknown-qtc-460", qtc=False, gender="unknown")
    p.qtc(460)
    return p.chart


def rw_sex_unknown_qtc_440() -> Chart:
    p = fit_except("rw-sex-unknown-qtc-440", qtc=False, gender="unknown")
    p.qtc(440)
    return p.chart


def rw_birth_year_1956() -> Chart:
    return reference_patient("rw-birth-year-1956", birth="1956").chart


def rw_birth_year_1955() -> Chart:
    return reference_patient("rw-birth-year-1955", birth="1955").chart


def rw_birth_month_1955_10() -> Chart:
    return reference_patient("rw-birth-month-1955-10", birth="1955-10").chart


def rw_birth_month_1955_11() -> Chart:
    return reference_patient("rw-birth-month-1955-11", birth="1955-11").chart


def rw_deceased() -> Chart:
    p = Npc("rw-deceased", deceased="2026-11-20").staged().fit()
    p.first_line(maintenance=every_21_days(date(2026, 8, 12), 4))
    return p.chart


DEATH_EVENT = concept("死亡 (Death)", (SNOMED, "419620001", "Death (event)"))


def rw_death_recorded_as_condition() -> Chart:
    """The reference chart whose Patient still says `deceasedBoolean` false (the registration
    system was never told), and a Condition "死亡 (Death)", SNOMED 419620001 Death (event),
    dated 2026-11-21, the day after the last maintenance dose, as a ward records a death on the
    problem list (PAT-DECEASED; twenty-eighth session)."""
    p = Npc("rw-death-recorded-as-condition").staged().fit()
    p.chart.resources[0]["deceasedBoolean"] = False
    p.first_line()
    p.chart.condition(DEATH_EVENT, date(2026, 11, 21), clinical_status=None, category=None)
    return p.chart


def rw_sex_other_qtc_465() -> Chart:
    """Gender `other`, QTc 465 ms: within the female limit only (PAT-SEX; twenty-eighth
    session)."""
    p = fit_except("rw-sex-other-qtc-465", qtc=False, gender="other")
    p.qtc(465)
    return p.chart


def merged_record(survivor: Npc, retired_pid: str) -> Npc:
    """A second record of the same person (a duplicate registration, later merged) whose
    Patient is retired into `survivor`'s: `active` false, `link` replaced-by the survivor, and
    the survivor's `link` replaces it, as a FHIR server's merge writes both (the hook sees the
    survivor's Patient only). Returns the retired record, whose resources go on the survivor's
    chart after its own, its Patient first of them (with an NPC Condition of its own, as a
    second registration records one)."""
    retired = Npc(retired_pid)
    patient = retired.chart.resources[0]
    patient["active"] = False
    patient["link"] = [{"other": survivor.chart.subject, "type": "replaced-by"}]
    survivor.chart.resources[0]["link"] = [{"other": retired.chart.subject, "type": "replaces"}]
    return retired


def with_merged(survivor: Npc, retired: Npc) -> Chart:
    survivor.chart.resources.extend(retired.chart.resources)
    return survivor.chart


def rw_merged_first_line_on_old_record() -> Chart:
    p = Npc("rw-merged-first-line-on-old-record").staged().fit()
    retired = merged_record(p, "rw-merged-first-line-old")
    retired.first_line()
    return with_merged(p, retired)


def rw_merged_second_line_on_old_record() -> Chart:
    p = Npc("rw-merged-second-line-on-old-record").staged().fit()
    p.first_line(maintenance=[date(2026, 8, 12), date(2026, 9, 2)])
    retired = merged_record(p, "rw-merged-second-line-old")
    retired.chart.observation(
        PROGRESSION, date(2026, 9, 20), value_concept=WORSENED, focus=[retired.cancer]
    )
    for day in every_21_days(date(2026, 10, 1), 3):
        retired.chart.medication_administration(DOCETAXEL, day, dosage_text="75 mg/m2 d1")
    return with_merged(p, retired)


# === 8. The seed trial: prior locoregional radiotherapy ========================================


def with_radiotherapy(pid: str, code: Concept, **options: object) -> Chart:
    p = reference_patient(pid)
    p.chart.procedure(code, (date(2026, 8, 24), date(2026, 10, 9)), **options)  # type: ignore[arg-type]
    return p.chart


def rw_prior_nasopharynx_rt_snomed() -> Chart:
    return with_radiotherapy(
        "rw-prior-nasopharynx-rt-snomed",
        concept("IMRT nasopharynx and neck 69.96 Gy/33 fx", RADIOTHERAPY),
        body_site=[NASOPHARYNX_SITE, NECK_SITE],
    )


def rw_prior_nasopharynx_rt_chinese() -> Chart:
    return with_radiotherapy(
        "rw-prior-nasopharynx-rt-chinese", {"text": "鼻咽调强放疗 69.96Gy/33F"}
    )


def rw_prior_ccrt_procedure_chinese() -> Chart:
    return with_radiotherapy("rw-prior-ccrt-procedure-chinese", {"text": "鼻咽部同步放化疗"})


def rw_prior_nasopharynx_proton_chinese() -> Chart:
    """Proton therapy to the nasopharynx, recorded in its own words (质子治疗), not as 放疗."""
    return with_radiotherapy(
        "rw-prior-nasopharynx-proton-chinese", {"text": "鼻咽质子治疗 70 GyE/33F (外院)"}
    )


def rw_prior_nasopharynx_rt_dose_only() -> Chart:
    """The course recorded by its fields and dose alone, no word for radiotherapy."""
    return with_radiotherapy("rw-prior-nasopharynx-rt-dose-only", {"text": "鼻咽+双颈 70Gy/33F"})


def rw_prior_rt_target_volumes() -> Chart:
    """The course recorded by its NPC target volumes, as a planning summary names them."""
    return with_radiotherapy(
        "rw-prior-rt-target-volumes",
        {"text": "IMRT: PGTVnx 70Gy/33F, PGTVnd 66Gy/33F, PTV1 60Gy/33F"},
    )


def rw_prior_rt_target_volumes_chinese() -> Chart:
    return with_radiotherapy(
        "rw-prior-rt-target-volumes-chinese", {"text": "调强放疗 GTVnx 69.96Gy/33F GTVrn 69.96Gy"}
    )


def rw_prior_neck_irradiation_english() -> Chart:
    return with_radiotherapy(
        "rw-prior-neck-irradiation-english", {"text": "Neck irradiation 50 Gy/25 fx"}
    )


def rw_prior_xrt_abbreviation() -> Chart:
    return with_radiotherapy("rw-prior-xrt-abbreviation", {"text": "XRT to nasopharynx and neck"})


def rw_prior_nasopharynx_afterloading() -> Chart:
    """An intracavitary brachytherapy boost to the nasopharynx, recorded as 后装治疗
    (afterloading)."""
    return with_radiotherapy(
        "rw-prior-nasopharynx-afterloading", {"text": "鼻咽腔内后装治疗 DT 10Gy/2F"}
    )


def rw_reflux_on_proton_pump_inhibitor() -> Chart:
    """The reference chart, and reflux disease treated with a proton pump inhibitor
    (质子泵抑制剂): a drug, not proton therapy."""
    p = reference_patient("rw-reflux-on-proton-pump-inhibitor")
    p.chart.condition(
        concept(
            "胃食管反流病，质子泵抑制剂治疗中",
            (ICD10CM, "K21.9", "Gastro-esophageal reflux disease without esophagitis"),
        ),
        date(2025, 6, 1),
    )
    return p.chart


def rw_prior_neck_rt_only() -> Chart:
    return with_radiotherapy(
        "rw-prior-neck-rt-only",
        concept(
            "颈部淋巴结放疗 Neck nodal radiotherapy 60 Gy/30 fx", (LOCAL_RT, "RT-NECK", "颈部放疗")
        ),
        body_site=[NECK_SITE],
    )


def rw_palliative_rt_bone_metastasis() -> Chart:
    p = reference_patient("rw-palliative-rt-bone-metastasis")
    bone = next(r for r in p.chart.resources if r.get("code") is BONE_METS)
    p.chart.procedure(
        concept("Palliative radiotherapy T10 vertebra 30 Gy/10 fx", RADIOTHERAPY),
        (date(2026, 4, 1), date(2026, 4, 14)),
        body_site=[{"text": "胸10椎体 (T10 vertebral body)"}],
        reason_reference=[bone],
    )
    return p.chart


def rw_palliative_rt_cervical_vertebra() -> Chart:
    """Palliative radiotherapy to a cervical vertebra, its site written the way Chinese records
    number vertebrae: 颈5椎体 (the fifth cervical vertebral body)."""
    p = reference_patient("rw-palliative-rt-cervical-vertebra")
    bone = next(r for r in p.chart.resources if r.get("code") is BONE_METS)
    p.chart.procedure(
        concept("Palliative radiotherapy 30 Gy/10 fx", RADIOTHERAPY),
        (date(2026, 4, 1), date(2026, 4, 14)),
        body_site=[{"text": "颈5椎体 (C5 vertebral body)"}],
        reason_reference=[bone],
    )
    return p.chart


def rw_palliative_rt_cervical_vertebrae_text() -> Chart:
    """The same course recorded only by its text, over three vertebrae: 颈4-6椎体."""
    p = reference_patient("rw-palliative-rt-cervical-vertebrae-text")
    p.chart.procedure(
        concept("颈4-6椎体转移瘤姑息放疗 30Gy/10F"), (date(2026, 4, 1), date(2026, 4, 14))
    )
    return p.chart


def radiotherapy_named(pid: str, text: str) -> Chart:
    """The reference chart, and a radiotherapy Procedure recorded only by `text` (2026-04)."""
    p = reference_patient(pid)
    p.chart.procedure(concept(text), (date(2026, 4, 1), date(2026, 4, 14)))
    return p.chart


def rw_palliative_rt_named_by_the_cancer() -> Chart:
    """Chinese records name the disease, then the target: "鼻咽癌骨转移姑息放疗" is palliative
    radiotherapy to NPC's bone metastases."""
    return radiotherapy_named(
        "rw-palliative-rt-named-by-the-cancer", "鼻咽癌骨转移姑息放疗 30Gy/10F"
    )


def rw_palliative_rt_named_by_the_cancer_english() -> Chart:
    return radiotherapy_named(
        "rw-palliative-rt-named-by-the-cancer-english",
        "Nasopharyngeal carcinoma: palliative radiotherapy to L3 metastasis 20 Gy/5 fx",
    )


def rw_radical_rt_named_by_the_cancer() -> Chart:
    """ "鼻咽癌调强放疗 70Gy/33F": radiotherapy for the NPC that names no other target, at the
    radical dose to the primary."""
    return radiotherapy_named("rw-radical-rt-named-by-the-cancer", "鼻咽癌调强放疗 70Gy/33F")


def rw_bone_rt_in_diagnosis_text() -> Chart:
    """The reference chart, its NPC Condition's words as the discharge diagnosis writes them:
    "鼻咽癌IVB期 骨转移放疗后" (stage IVB NPC, after radiotherapy to the bone metastases). No
    radiotherapy Procedure."""
    p = Npc(
        "rw-bone-rt-in-diagnosis-text",
        diagnosis=concept("鼻咽癌IVB期 骨转移放疗后", (ICD10CM, "C11.9", NPC_DISPLAY)),
    )
    p.staged().fit()
    p.first_line()
    return p.chart


def rw_rt_in_english_diagnosis_ambiguous() -> Chart:
    """The reference chart, its NPC Condition's words "NPC with bone metastases, s/p
    radiotherapy": which was irradiated, the NPC or the bones, the words do not say."""
    p = Npc(
        "rw-rt-in-english-diagnosis-ambiguous",
        diagnosis=concept(
            "NPC with bone metastases, s/p radiotherapy", (ICD10CM, "C11.9", NPC_DISPLAY)
        ),
    )
    p.staged().fit()
    p.first_line()
    return p.chart


def rw_radiotherapy_site_not_recorded() -> Chart:
    return with_radiotherapy("rw-radiotherapy-site-not-recorded", concept(None, RADIOTHERAPY))


ICD10 = "http://hl7.org/fhir/sid/icd-10"  # WHO ICD-10, as systems outside the US label it
ICD10PCS = "http://www.cms.gov/Medicare/Coding/ICD10"  # ICD-10-PCS, the US procedure codes
CPT = "http://www.ama-assn.org/go/cpt"  # CPT, the US charge codes (FHIR R4 terminology)


def npc_relapse(pid: str) -> Npc:
    """A relapse years after curative treatment given elsewhere: the NPC Condition as the
    discharge diagnosis writes it, "鼻咽癌 rT0N0M1 IVB期 (肝转移)", restaged rT0 rN0 rM1 IVB, liver
    metastases; ECOG, QTc and the first line as the reference chart's."""
    p = Npc(
        pid, diagnosis=concept("鼻咽癌 rT0N0M1 IVB期 (肝转移)", (ICD10CM, "C11.9", NPC_DISPLAY))
    )
    p.tnm(t="rT0", n="rN0", m="rM1")
    p.metastasis(LIVER_METS)
    p.fit()
    p.first_line()
    return p


def rw_relapse_prior_rt_history() -> Chart:
    """The relapse chart, and the past history entered as an undated problem-list entry:
    "既往鼻咽癌放疗史 (2015年外院)" (history of radiotherapy for NPC, 2015, another hospital)."""
    p = npc_relapse("rw-relapse-prior-rt-history")
    p.chart.condition(concept("既往鼻咽癌放疗史 (2015年外院)"), None)
    return p.chart


def rw_rt_finished_years_ago_in_diagnosis() -> Chart:
    """A relapse whose NPC Condition's words say when radiotherapy ended: "鼻咽癌放疗结束后3年
    肝转移" (NPC, three years after radiotherapy ended, liver metastases)."""
    p = Npc(
        "rw-rt-finished-years-ago-in-diagnosis",
        diagnosis=concept("鼻咽癌放疗结束后3年 肝转移", (ICD10CM, "C11.9", NPC_DISPLAY)),
    )
    p.tnm(t="rT0", n="rN0", m="rM1")
    p.metastasis(LIVER_METS)
    p.fit()
    p.first_line()
    return p.chart


def rw_radiation_temporal_lobe_necrosis() -> Chart:
    """The relapse chart, and the late toxicity of the earlier radiotherapy on the problem list:
    "放射性颞叶坏死 (双侧)" (bilateral radiation temporal lobe necrosis), 2024-09."""
    p = npc_relapse("rw-radiation-temporal-lobe-necrosis")
    p.chart.condition(concept("放射性颞叶坏死 (双侧)"), date(2024, 9, 1))
    return p.chart


def with_history(pid: str, code: Concept) -> Chart:
    """The reference chart, and one undated problem-list entry."""
    p = reference_patient(pid)
    p.chart.condition(code, None)
    return p.chart


def rw_hx_of_xrt_to_neck() -> Chart:
    return with_history("rw-hx-of-xrt-to-neck", concept("Hx of XRT to neck"))


def rw_history_of_head_and_neck_radiation() -> Chart:
    return with_history(
        "rw-history-of-head-and-neck-radiation",
        concept("History of radiation therapy to head and neck"),
    )


def rw_osteoradionecrosis_of_mandible() -> Chart:
    return with_history(
        "rw-osteoradionecrosis-of-mandible", concept("Osteoradionecrosis of mandible")
    )


def rw_radiation_induced_hypothyroidism() -> Chart:
    return with_history(
        "rw-radiation-induced-hypothyroidism", concept("Radiation-induced hypothyroidism")
    )


def rw_personal_history_of_irradiation_code() -> Chart:
    """ICD-10-CM Z92.3 alone, as a US problem list codes a past course."""
    return with_history(
        "rw-personal-history-of-irradiation-code",
        concept(None, (ICD10CM, "Z92.3", "Personal history of irradiation")),
    )


def rw_prior_radiation_to_nasopharynx_and_neck() -> Chart:
    return with_radiotherapy(
        "rw-prior-radiation-to-nasopharynx-and-neck",
        {"text": "Radiation to nasopharynx and bilateral neck"},
    )


def rw_prior_beam_radiation_icd10pcs() -> Chart:
    """The course coded in ICD-10-PCS (table D90, beam radiation of ear, nose, mouth and throat;
    body part D, nasopharynx), its display the code's title."""
    return with_radiotherapy(
        "rw-prior-beam-radiation-icd10pcs",
        concept(
            None, (ICD10PCS, "D90D1ZZ", "Beam Radiation of Nasopharynx using Photons 1 - 10 MeV")
        ),
    )


def rw_neck_lymphatics_rt_icd10pcs() -> Chart:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT, RT-NAMES (twenty-eighth session): the course coded only in
    ICD-10-PCS table D70 (radiation therapy / lymphatic and hematologic system / beam
    radiation), body part 3, neck lymphatics: D7031ZZ, its display the code's title. A US
    hospital's billing feed names the neck nodes' field so, with no words of its own."""
    return with_radiotherapy(
        "rw-neck-lymphatics-rt-icd10pcs",
        concept(
            None,
            (ICD10PCS, "D7031ZZ", "Beam Radiation of Neck Lymphatics using Photons 1 - 10 MeV"),
        ),
    )


def rw_radiation_oncology_consult_only() -> Chart:
    """The reference chart, and a radiation oncology consultation on 2026-11-10 (about the
    trial's radiotherapy, not yet given)."""
    p = reference_patient("rw-radiation-oncology-consult-only")
    p.chart.procedure(concept("Radiation oncology consultation"), date(2026, 11, 10))
    return p.chart


def rw_rt_delivery_cpt_wording() -> Chart:
    """A course named as CPT names the service ("Radiation treatment delivery"), no bodySite."""
    return with_radiotherapy(
        "rw-rt-delivery-cpt-wording", {"text": "Radiation treatment delivery, IMRT"}
    )


def rw_computer_planned_imrt() -> Chart:
    return with_radiotherapy("rw-computer-planned-imrt", {"text": "Computer-planned IMRT"})


def rw_rt_simulation_only() -> Chart:
    """The reference chart, and the radiation oncology department's simulation last week, as a
    US chart names it: "Radiation therapy planning (simulation), nasopharynx"; no record that
    any fraction was delivered."""
    p = reference_patient("rw-rt-simulation-only")
    p.chart.procedure(
        {"text": "Radiation therapy planning (simulation), nasopharynx"}, date(2026, 11, 18)
    )
    return p.chart


def rw_rt_simulation_chinese() -> Chart:
    """The reference chart, and the two steps before a course as a Chinese radiotherapy
    department records them: "CT模拟定位" (CT simulation) with bodySite text 鼻咽+颈部 on
    2026-08-10, and "调强放疗计划设计 (鼻咽+双颈)" (IMRT plan design) on 2026-08-14; no record that
    any fraction was delivered."""
    p = reference_patient("rw-rt-simulation-chinese")
    p.chart.procedure({"text": "CT模拟定位"}, date(2026, 8, 10), body_site=[{"text": "鼻咽+颈部"}])
    p.chart.procedure({"text": "调强放疗计划设计 (鼻咽+双颈)"}, date(2026, 8, 14))
    return p.chart


def rw_rt_simulation_then_course() -> Chart:
    """The simulation a week before the course, and the course itself: "放疗定位 (CT模拟定位)"
    on 2026-08-17, then "鼻咽+双颈 调强放疗 70Gy/33F" 2026-08-24 → 10-09."""
    p = reference_patient("rw-rt-simulation-then-course")
    p.chart.procedure({"text": "放疗定位 (CT模拟定位)"}, date(2026, 8, 17))
    p.chart.procedure(
        {"text": "鼻咽+双颈 调强放疗 70Gy/33F"}, (date(2026, 8, 24), date(2026, 10, 9))
    )
    return p.chart


def rw_rt_stopped_after_two_fractions() -> Chart:
    """A course stopped early: Procedure `stopped`, "鼻咽+双颈 调强放疗 (2/33F后患者拒绝继续)"
    (stopped after 2 of 33 fractions, the patient declined), bodySite nasopharynx, 2026-08-24 →
    08-25."""
    p = reference_patient("rw-rt-stopped-after-two-fractions")
    p.chart.procedure(
        {"text": "鼻咽+双颈 调强放疗 (2/33F后患者拒绝继续)"},
        (date(2026, 8, 24), date(2026, 8, 25)),
        status="stopped",
        body_site=[NASOPHARYNX_SITE],
    )
    return p.chart


def rw_rt_to_be_given_chinese() -> Chart:
    """The reference chart, and a Procedure entered from the order, completed in the export:
    "拟行鼻咽+双颈调强放疗" (IMRT of the nasopharynx and both sides of the neck, to be given),
    2026-11-20; no record of a delivered fraction."""
    p = reference_patient("rw-rt-to-be-given-chinese")
    p.chart.procedure({"text": "拟行鼻咽+双颈调强放疗"}, date(2026, 11, 20))
    return p.chart


def rw_npc_during_chemoradiotherapy_diagnosis() -> Chart:
    """The reference chart, and the admission diagnosis of a stay during locoregional
    chemoradiotherapy after the first line: "鼻咽癌同步放化疗中" (NPC, during concurrent
    chemoradiotherapy), 2026-09-10; the course itself recorded by another department."""
    p = reference_patient("rw-npc-during-chemoradiotherapy-diagnosis")
    p.chart.condition(concept("鼻咽癌同步放化疗中"), date(2026, 9, 10))
    return p.chart


def after_treatment(pid: str, words: str, metastases: Concept = LIVER_METS) -> Chart:
    """Metastatic NPC whose Condition's words say it was treated before, without saying how
    (C11.9); the metastases and M1 recorded, the reference first line; no radiotherapy."""
    p = Npc(pid, diagnosis=concept(words, (ICD10CM, "C11.9", NPC_DISPLAY)))
    p.metastasis(metastases)
    p.tnm(None, None, "cM1", None)
    p.fit()
    p.first_line()
    return p.chart


def rw_npc_after_multimodal_treatment() -> Chart:
    """NPC "鼻咽癌综合治疗后" (after comprehensive treatment), liver metastases."""
    return after_treatment("rw-npc-after-multimodal-treatment", "鼻咽癌综合治疗后")


def rw_npc_after_multimodal_treatment_relapse() -> Chart:
    """NPC "鼻咽癌综合治疗后复发 肺转移" (relapsed after comprehensive treatment, lung
    metastases)."""
    return after_treatment(
        "rw-npc-after-multimodal-treatment-relapse", "鼻咽癌综合治疗后复发 肺转移", LUNG_METS
    )


def rw_npc_after_multimodality_treatment_english() -> Chart:
    return after_treatment(
        "rw-npc-after-multimodality-treatment-english",
        "Nasopharyngeal carcinoma, s/p multimodality treatment",
    )


def rw_ccrt_and_adjuvant_chemo_in_diagnosis() -> Chart:
    """NPC "鼻咽癌同步放化疗+辅助化疗后 肝转移" (after concurrent chemoradiotherapy and adjuvant
    chemotherapy, liver metastases)."""
    return after_treatment(
        "rw-ccrt-and-adjuvant-chemo-in-diagnosis", "鼻咽癌同步放化疗+辅助化疗后 肝转移"
    )


def rw_npc_s_p_concurrent_chemoradiotherapy() -> Chart:
    return after_treatment(
        "rw-npc-s-p-concurrent-chemoradiotherapy",
        "Nasopharyngeal carcinoma s/p concurrent chemoradiotherapy, liver metastases",
    )


def rw_chemotherapy_admission_diagnosis() -> Chart:
    """The reference chart, and the day ward's admission diagnosis for a maintenance cycle,
    the commonest first diagnosis on a Chinese oncology ward: "恶性肿瘤维持性化学治疗"
    (Z51.1 in the clinical edition of ICD-10, as the hospital labels it), 2026-10-14."""
    p = reference_patient("rw-chemotherapy-admission-diagnosis")
    p.chart.condition(
        concept("恶性肿瘤维持性化学治疗", (LOCAL_ICD10, "Z51.102", "恶性肿瘤维持性化学治疗")),
        date(2026, 10, 14),
    )
    return p.chart


def rw_radiotherapy_admission_diagnosis() -> Chart:
    """The reference chart, and an admission diagnosis "恶性肿瘤放射治疗" (admitted for
    radiotherapy of a malignancy; ICD-10 Z51.0), 2026-09-01; no radiotherapy Procedure."""
    p = reference_patient("rw-radiotherapy-admission-diagnosis")
    p.chart.condition(
        concept("恶性肿瘤放射治疗", (ICD10, "Z51.0", "Radiotherapy session")), date(2026, 9, 1)
    )
    return p.chart


def with_radiation_injury(pid: str, code: Concept, **options: object) -> Chart:
    """The reference chart, and an injury of radiotherapy on the problem list on 2026-09-20,
    during or after locoregional radiotherapy given elsewhere after the first line (the course
    itself not in this chart)."""
    p = reference_patient(pid)
    p.chart.condition(code, date(2026, 9, 20), **options)  # type: ignore[arg-type]
    return p.chart


def rw_radiation_oesophagitis_chinese() -> Chart:
    """ "放射性食管炎" (radiation oesophagitis): a neck or a chest field, which not recorded."""
    return with_radiation_injury("rw-radiation-oesophagitis-chinese", concept("放射性食管炎"))


def rw_radiation_oral_mucositis() -> Chart:
    """ "放射性口腔黏膜炎 2级" (grade 2 radiation oral mucositis)."""
    return with_radiation_injury("rw-radiation-oral-mucositis", concept("放射性口腔黏膜炎 2级"))


def rw_radiation_dermatitis_of_neck() -> Chart:
    """ "放射性皮炎（颈部）" (radiation dermatitis, neck)."""
    return with_radiation_injury("rw-radiation-dermatitis-of-neck", concept("放射性皮炎（颈部）"))


def rw_radiation_dermatitis_of_neck_english() -> Chart:
    """ICD-10-CM L58.0 Acute radiodermatitis, the clinician's text "Radiation dermatitis of
    neck"."""
    return with_radiation_injury(
        "rw-radiation-dermatitis-of-neck-english",
        concept("Radiation dermatitis of neck", (ICD10CM, "L58.0", "Acute radiodermatitis")),
    )


def rw_radiodermatitis_code_with_neck_body_site() -> Chart:
    """ICD-10-CM L58.0 alone, its site in `bodySite` (SNOMED CT neck structure)."""
    return with_radiation_injury(
        "rw-radiodermatitis-code-with-neck-body-site",
        concept(None, (ICD10CM, "L58.0", "Acute radiodermatitis")),
        body_site=[NECK_SITE],
    )


def rw_radiation_xerostomia_chinese() -> Chart:
    """ "放射性口腔干燥症" (radiation xerostomia)."""
    return with_radiation_injury("rw-radiation-xerostomia-chinese", concept("放射性口腔干燥症"))


def rw_oral_mucositis_due_to_radiation_code() -> Chart:
    """ICD-10-CM K12.33 alone, as a US problem list codes it."""
    return with_radiation_injury(
        "rw-oral-mucositis-due-to-radiation-code",
        concept(None, (ICD10CM, "K12.33", "Oral mucositis (ulcerative) due to radiation")),
    )


def rw_radiation_pneumonitis_after_lung_rt() -> Chart:
    """The reference chart with lung metastases as well, and "Radiation pneumonitis" (ICD-10-CM
    J70.0) on 2026-10-20, after stereotactic radiotherapy of a lung metastasis given elsewhere."""
    p = reference_patient("rw-radiation-pneumonitis-after-lung-rt")
    p.metastasis(LUNG_METS)
    p.chart.condition(
        concept(
            "Radiation pneumonitis",
            (ICD10CM, "J70.0", "Acute pulmonary manifestations due to radiation"),
        ),
        date(2026, 10, 20),
    )
    return p.chart


def rw_npc_s_p_chemoradiation_abbreviation() -> Chart:
    """The reference chart, and an undated free-text problem-list entry "NPC s/p chemoradiation"
    (no code: the NPC's own Condition, C11.9, is the reference one)."""
    return with_history("rw-npc-s-p-chemoradiation-abbreviation", concept("NPC s/p chemoradiation"))


def rw_imrt_for_npc_abbreviation() -> Chart:
    """A course named by the cancer's abbreviation only: "IMRT for NPC 70 Gy/33 fx", no
    bodySite."""
    return with_radiotherapy("rw-imrt-for-npc-abbreviation", {"text": "IMRT for NPC 70 Gy/33 fx"})


def rw_rt_procedure_status_unknown() -> Chart:
    """The locoregional course "鼻咽+双颈 调强放疗 70Gy/33F" imported from another hospital's
    system with Procedure.status `unknown`."""
    return with_radiotherapy(
        "rw-rt-procedure-status-unknown", {"text": "鼻咽+双颈 调强放疗 70Gy/33F"}, status="unknown"
    )


def rw_rt_procedure_in_preparation() -> Chart:
    """The reference chart, and "鼻咽+双颈 调强放疗 70Gy/33F" with Procedure.status `preparation`
    dated 2026-11-20 (the department began preparing the course); nothing later."""
    p = reference_patient("rw-rt-procedure-in-preparation")
    p.chart.procedure(
        {"text": "鼻咽+双颈 调强放疗 70Gy/33F"}, date(2026, 11, 20), status="preparation"
    )
    return p.chart


def rw_rt_simulation_and_course_given_english() -> Chart:
    """One Procedure for the whole episode, as an outside summary is entered: "CT simulation
    completed; IMRT 70 Gy/33 fx to nasopharynx and neck given", 2026-08-17 → 10-09."""
    p = reference_patient("rw-rt-simulation-and-course-given-english")
    p.chart.procedure(
        {"text": "CT simulation completed; IMRT 70 Gy/33 fx to nasopharynx and neck given"},
        (date(2026, 8, 17), date(2026, 10, 9)),
    )
    return p.chart


def rw_rt_simulation_and_course_given_chinese() -> Chart:
    """The same in Chinese: "定位CT已完成，鼻咽+颈部IMRT 70Gy/33F已完成" (simulation CT done;
    IMRT of the nasopharynx and neck 70 Gy in 33 fractions done)."""
    p = reference_patient("rw-rt-simulation-and-course-given-chinese")
    p.chart.procedure(
        {"text": "定位CT已完成，鼻咽+颈部IMRT 70Gy/33F已完成"},
        (date(2026, 8, 17), date(2026, 10, 9)),
    )
    return p.chart


def rw_rt_simulation_done_course_to_follow() -> Chart:
    """The simulation done and the course still to come: "CT simulation completed; IMRT 70 Gy/33
    fx to nasopharynx and neck to be given", 2026-11-18; nothing later."""
    p = reference_patient("rw-rt-simulation-done-course-to-follow")
    p.chart.procedure(
        {"text": "CT simulation completed; IMRT 70 Gy/33 fx to nasopharynx and neck to be given"},
        date(2026, 11, 18),
    )
    return p.chart


def rw_radiation_induced_proctitis() -> Chart:
    """ICD-10-CM K62.7 Radiation proctitis, the clinician's text "Radiation-induced proctitis"
    (pelvic radiotherapy for another cancer, long ago)."""
    return with_radiation_injury(
        "rw-radiation-induced-proctitis",
        concept("Radiation-induced proctitis", (ICD10CM, "K62.7", "Radiation proctitis")),
    )


def rw_radiation_cystitis_chinese() -> Chart:
    """ "放射性膀胱炎" (radiation cystitis) on the problem list."""
    return with_radiation_injury("rw-radiation-cystitis-chinese", concept("放射性膀胱炎"))


def rw_radiation_induced_enteritis() -> Chart:
    """ "Radiation-induced enteritis" (free text): the bowel was in an abdominal or pelvic
    field."""
    return with_radiation_injury(
        "rw-radiation-induced-enteritis", concept("Radiation-induced enteritis")
    )


def rw_reirradiation_in_diagnosis_english() -> Chart:
    """The reference chart, and an undated problem-list entry "Recurrent NPC s/p
    re-irradiation" (a second course to the nasopharynx, given elsewhere)."""
    return with_history(
        "rw-reirradiation-in-diagnosis-english", concept("Recurrent NPC s/p re-irradiation")
    )


def rw_outside_rt_performed_in_diagnosis() -> Chart:
    """The reference chart, and an undated problem-list entry "2019年外院行鼻咽+颈部放疗"
    (nasopharynx and neck irradiated at another hospital in 2019)."""
    return with_history(
        "rw-outside-rt-performed-in-diagnosis", concept("2019年外院行鼻咽+颈部放疗")
    )


def rw_outside_rt_treated_with_english() -> Chart:
    """The reference chart, and an undated problem-list entry "Nasopharyngeal carcinoma,
    treated with IMRT to nasopharynx and neck at outside hospital (2019)"."""
    return with_history(
        "rw-outside-rt-treated-with-english",
        concept(
            "Nasopharyngeal carcinoma, treated with IMRT to nasopharynx and neck at outside "
            "hospital (2019)"
        ),
    )


NASOPHARYNX_NECK_MRI = concept("鼻咽+颈部MRI平扫+增强 (MRI nasopharynx and neck)")


def report_says(pid: str, report: Concept, conclusion: str) -> Chart:
    """The reference chart, and an imaging report on 2026-11-10 whose conclusion is
    `conclusion`; no radiotherapy recorded anywhere else."""
    p = reference_patient(pid)
    p.chart.diagnostic_report(report, date(2026, 11, 10), conclusion=conclusion, category=RADIOLOGY)
    return p.chart


def rw_post_radiation_changes_mri_chinese() -> Chart:
    """ "鼻咽癌放疗后改变，未见复发征象；双颈部未见肿大淋巴结。" (post-radiotherapy changes of
    the NPC, no sign of recurrence; no enlarged neck nodes)."""
    return report_says(
        "rw-post-radiation-changes-mri-chinese",
        NASOPHARYNX_NECK_MRI,
        "鼻咽癌放疗后改变，未见复发征象；双颈部未见肿大淋巴结。",
    )


def rw_post_radiation_changes_mri_english() -> Chart:
    """ "Post-radiation changes of the nasopharynx and neck. No evidence of recurrence." """
    return report_says(
        "rw-post-radiation-changes-mri-english",
        concept("MRI nasopharynx and neck with and without contrast"),
        "Post-radiation changes of the nasopharynx and neck. No evidence of recurrence.",
    )


def rw_post_radiation_changes_bone_report() -> Chart:
    """A thoracic spine MRI: "Post-radiation changes in the T10 vertebral body; the treated
    metastasis is stable." (palliative radiotherapy to a bone metastasis)."""
    return report_says(
        "rw-post-radiation-changes-bone-report",
        concept("MRI thoracic spine with and without contrast"),
        "Post-radiation changes in the T10 vertebral body; the treated metastasis is stable.",
    )


HEAD_MRI = concept("颅脑+鼻咽MRI平扫+增强 (MRI brain and nasopharynx)")


def rw_radiation_encephalopathy_mri_chinese() -> Chart:
    """A follow-up MRI concluding "双侧颞叶放射性脑病，较前相仿；鼻咽部未见明确复发征象。"
    (bilateral temporal lobe radiation encephalopathy, unchanged; no clear sign of recurrence in
    the nasopharynx): the late injury of NPC radiotherapy, named only in the report."""
    return report_says(
        "rw-radiation-encephalopathy-mri-chinese",
        HEAD_MRI,
        "双侧颞叶放射性脑病，较前相仿；鼻咽部未见明确复发征象。",
    )


def rw_radiation_temporal_lobe_necrosis_mri_english() -> Chart:
    """ "Radiation-induced temporal lobe necrosis, bilateral, stable. No evidence of
    nasopharyngeal recurrence." """
    return report_says(
        "rw-radiation-temporal-lobe-necrosis-mri-english",
        concept("MRI brain and nasopharynx with and without contrast"),
        "Radiation-induced temporal lobe necrosis, bilateral, stable. No evidence of "
        "nasopharyngeal recurrence.",
    )


def rw_radiation_encephalopathy_considered_mri() -> Chart:
    """ "双侧颞叶异常信号，考虑放射性脑病可能。" (abnormal signal in both temporal lobes, radiation
    encephalopathy considered possible): the radiologist's impression, held open."""
    return report_says(
        "rw-radiation-encephalopathy-considered-mri",
        HEAD_MRI,
        "双侧颞叶异常信号，考虑放射性脑病可能。",
    )


def rw_no_radiation_necrosis_mri() -> Chart:
    """A brain MRI concluding "No radiation necrosis. No intracranial metastasis." (a screening
    read that names the injury only to deny it)."""
    return report_says(
        "rw-no-radiation-necrosis-mri",
        concept("MRI brain with and without contrast"),
        "No radiation necrosis. No intracranial metastasis.",
    )


def rw_rt_site_in_note_only() -> Chart:
    """A Procedure coded "Radiotherapy" (SNOMED CT 53438000), no `bodySite`, its field and dose
    written only in its note: "鼻咽+颈部 70Gy/33F", 2026-08-24 → 10-09."""
    return with_radiotherapy(
        "rw-rt-site-in-note-only", concept("Radiotherapy", RADIOTHERAPY), note="鼻咽+颈部 70Gy/33F"
    )


def rw_rt_site_in_note_english() -> Chart:
    """As `rw_rt_site_in_note_only`, the note "IMRT to nasopharynx and bilateral neck, 70 Gy in
    33 fractions"."""
    return with_radiotherapy(
        "rw-rt-site-in-note-english",
        concept("Radiation therapy"),
        note="IMRT to nasopharynx and bilateral neck, 70 Gy in 33 fractions",
    )


def rw_rt_note_without_site() -> Chart:
    """A Procedure coded "Radiotherapy", no `bodySite`, its note "Palliative course, 30 Gy/10 fx,
    tolerated well" naming no field."""
    return with_radiotherapy(
        "rw-rt-note-without-site",
        concept("Radiotherapy", RADIOTHERAPY),
        note="Palliative course, 30 Gy/10 fx, tolerated well",
    )


def rw_radiation_enteritis_chinese() -> Chart:
    """ "放射性肠炎" (radiation enteritis) on the problem list: an abdominal or pelvic field."""
    return with_radiation_injury("rw-radiation-enteritis-chinese", concept("放射性肠炎"))


def rw_radiation_enteritis_code() -> Chart:
    """ICD-10-CM K52.0 alone (Gastroenteritis and colitis due to radiation)."""
    return with_radiation_injury(
        "rw-radiation-enteritis-code",
        concept(None, (ICD10CM, "K52.0", "Gastroenteritis and colitis due to radiation")),
    )


# === 9. Brain metastases and infections (judged against a synthetic trial too) =================

BRAIN_METS = concept(
    "Secondary malignant neoplasm of brain 脑转移",
    (ICD10CM, "C79.31", "Secondary malignant neoplasm of brain"),
)
MCODE_SECONDARY = concept(
    None, (SNOMED, "128462008", "Secondary malignant neoplastic disease (disorder)")
)
BRAIN_SITE = concept("Brain")
BRAIN_MRI = concept(
    "MRI brain with and without contrast", (LOINC, "24587-8", "MR Brain WO and W contrast IV")
)
SRS = concept("Stereotactic radiosurgery (SRS) 21 Gy x 1")
WBRT = concept("Whole brain radiotherapy 30 Gy/10 fx", RADIOTHERAPY)
DEXAMETHASONE_4MG = concept("Dexamethasone 4 mg tablet, twice daily")
DEXAMETHASONE_2MG = concept("Dexamethasone 2 mg tablet, once daily")
HIV_DISEASE = concept("HIV disease", (ICD10CM, "B20", "Human immunodeficiency virus [HIV] disease"))
HIV_ASYMPTOMATIC = concept(
    "Asymptomatic HIV infection status",
    (ICD10CM, "Z21", "Asymptomatic human immunodeficiency virus [HIV] infection status"),
)
HIV_RNA = concept(
    None,
    (
        LOINC,
        "20447-9",
        "HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by NAA with probe detection",
    ),
)
CD4 = concept(None, (LOINC, "24467-3", "CD3+CD4+ (T4 helper) cells [#/volume] in Blood"))
HEPATITIS_B = concept(
    "Chronic viral hepatitis B 慢性乙型病毒性肝炎",
    (ICD10CM, "B18.1", "Chronic viral hepatitis B without delta-agent"),
)
HEPATITIS_C = concept("Chronic viral hepatitis C", (ICD10CM, "B18.2", "Chronic viral hepatitis C"))
LOCAL_LAB = "http://hospital.example.cn/lab"  # the laboratory system's own test codes
HBSAG = concept(None, (LOINC, "5196-1", "Hepatitis B virus surface Ag [Presence] in Serum"))
HBSAG_LOCAL = concept("乙肝表面抗原(HBsAg)", (LOCAL_LAB, "HBSAG", "乙肝表面抗原"))
HBV_DNA_LOCAL = concept("HBV-DNA定量", (LOCAL_LAB, "HBVDNA", "乙肝病毒DNA定量"))
HBCAB = concept(None, (LOINC, "16933-4", "Hepatitis B virus core Ab [Presence] in Serum"))
HCV_AB = concept(None, (LOINC, "13955-0", "Hepatitis C virus Ab [Presence] in Serum or Plasma"))
HCV_RNA = concept(
    None,
    (
        LOINC,
        "11011-4",
        "Hepatitis C virus RNA [Units/volume] (viral load) in Serum or Plasma by"
        " Probe and target amplification method",
    ),
)
POSITIVE = concept("Positive", (SNOMED, "10828004", "Positive (qualifier value)"))
NEGATIVE = concept("Negative", (SNOMED, "260385009", "Negative (qualifier value)"))


def below(limit: float, unit: str, code: str) -> dict[str, object]:
    """A result under the assay's lower limit, as analysers report it."""
    return {"value": limit, "comparator": "<", "unit": unit, "system": UCUM, "code": code}


def with_brain_mets(pid: str, found: date) -> tuple[Npc, Resource]:
    p = reference_patient(pid)
    return p, p.chart.condition(BRAIN_METS, found)


def brain_mri(p: Npc, when: date, impression: str) -> None:
    p.chart.observation(BRAIN_MRI, when, value_string=impression)


def srs(p: Npc, when: date, mets: Resource) -> None:
    p.chart.procedure(SRS, when, body_site=[BRAIN_SITE], reason_reference=[mets])


def rw_brain_mets_srs_stable_off_steroids() -> Chart:
    p, mets = with_brain_mets("rw-brain-mets-srs-stable-off-steroids", date(2026, 8, 20))
    p.chart.medication_request(
        DEXAMETHASONE_4MG, date(2026, 8, 20), date(2026, 9, 10), why=Why(reason_reference=[mets])
    )
    srs(p, date(2026, 8, 27), mets)
    brain_mri(p, date(2026, 10, 28), "Stable treated right frontal metastasis. No new lesions.")
    return p.chart


def brain_mets_treated_in_words(pid: str, words: str) -> Chart:
    """Brain metastases whose diagnosis says how they were treated, with no record of the
    treatment itself; brain MRI stable since."""
    p = reference_patient(pid)
    p.chart.condition({"text": words}, date(2026, 8, 20))
    brain_mri(p, date(2026, 10, 28), "颅内转移瘤较前稳定，未见新发病灶。")
    return p.chart


def rw_brain_mets_gamma_knife_in_diagnosis() -> Chart:
    return brain_mets_treated_in_words(
        "rw-brain-mets-gamma-knife-in-diagnosis", "脑转移瘤伽玛刀治疗后"
    )


def rw_brain_mets_resected_in_diagnosis() -> Chart:
    return brain_mets_treated_in_words("rw-brain-mets-resected-in-diagnosis", "脑转移瘤切除术后")


def rw_brain_mets_craniotomy_status_unknown() -> Chart:
    """Brain metastasis 2026-08-20; "Craniotomy for resection of brain metastasis" 2026-08-27
    imported with Procedure.status `unknown`; brain MRI 2026-10-28 stable; no steroids."""
    p, mets = with_brain_mets("rw-brain-mets-craniotomy-status-unknown", date(2026, 8, 20))
    p.chart.procedure(
        concept("Craniotomy for resection of brain metastasis"),
        date(2026, 8, 27),
        status="unknown",
        reason_reference=[mets],
    )
    brain_mri(p, date(2026, 10, 28), "Stable right frontal metastasis. No new lesions.")
    return p.chart


def rw_brain_mets_srs_two_weeks_ago() -> Chart:
    p, mets = with_brain_mets("rw-brain-mets-srs-two-weeks-ago", date(2026, 10, 28))
    brain_mri(p, date(2026, 10, 28), "New 12 mm enhancing left parietal metastasis.")
    srs(p, date(2026, 11, 11), mets)
    return p.chart


def rw_brain_mets_on_dexamethasone() -> Chart:
    p, _ = with_brain_mets("rw-brain-mets-on-dexamethasone", date(2026, 7, 20))
    p.chart.procedure(WBRT, (date(2026, 7, 27), date(2026, 8, 7)))
    brain_mri(p, date(2026, 10, 20), "Multiple treated metastases, stable in size.")
    p.chart.medication_request(
        DEXAMETHASONE_4MG,
        date(2026, 7, 20),
        status="active",
        why=Why(reason_code=concept("Vasogenic oedema, brain metastases")),
    )
    return p.chart


def rw_brain_mets_new_on_staging_mri() -> Chart:
    """Brain metastases found on a staging MRI 15 days before as_of; nothing recorded about
    symptoms, treatment or corticosteroids since."""
    p, _ = with_brain_mets("rw-brain-mets-new-on-staging-mri", date(2026, 11, 10))
    brain_mri(p, date(2026, 11, 10), "Two new 5 mm enhancing metastases in the right frontal lobe.")
    return p.chart


def rw_brain_mets_progressing_after_srs() -> Chart:
    p, mets = with_brain_mets("rw-brain-mets-progressing-after-srs", date(2026, 6, 5))
    srs(p, date(2026, 6, 15), mets)
    brain_mri(p, date(2026, 9, 15), "Stable left cerebellar metastasis.")
    brain_mri(
        p,
        date(2026, 11, 18),
        "Progression of the left cerebellar metastasis; new right occipital lesion.",
    )
    return p.chart


def rw_brain_mets_mcode_body_site() -> Chart:
    p = reference_patient("rw-brain-mets-mcode-body-site")
    p.chart.condition(MCODE_SECONDARY, date(2026, 10, 5), body_site=[BRAIN_SITE])
    return p.chart


def rw_brain_mets_chinese_icd_name() -> Chart:
    """Brain metastases under the Chinese clinical ICD-10 name of C79.3, text only."""
    p = reference_patient("rw-brain-mets-chinese-icd-name")
    p.chart.condition({"text": "脑继发恶性肿瘤"}, date(2026, 10, 5))
    return p.chart


def rw_leptomeningeal_metastases_chinese() -> Chart:
    p = reference_patient("rw-leptomeningeal-metastases-chinese")
    p.chart.condition({"text": "脑膜转移"}, date(2026, 10, 5))
    return p.chart


def rw_brain_mets_dexamethasone_no_reason() -> Chart:
    p, mets = with_brain_mets("rw-brain-mets-dexamethasone-no-reason", date(2026, 7, 25))
    srs(p, date(2026, 8, 3), mets)
    brain_mri(p, date(2026, 10, 12), "Treated metastasis stable.")
    p.chart.medication_statement(DEXAMETHASONE_2MG, (date(2026, 10, 1), None), status="active")
    return p.chart


def rw_brain_mets_dexamethasone_antiemetic() -> Chart:
    """Treated, stable brain metastases; a current dexamethasone order whose reason says it is
    the antiemetic (止吐, prevention of chemotherapy nausea and vomiting), not for the brain."""
    p, mets = with_brain_mets("rw-brain-mets-dexamethasone-antiemetic", date(2026, 7, 25))
    srs(p, date(2026, 8, 3), mets)
    brain_mri(p, date(2026, 10, 12), "Treated metastasis stable.")
    p.chart.medication_request(
        DEXAMETHASONE_4MG,
        date(2026, 11, 23),
        status="active",
        why=Why(reason_code=concept("止吐（预防化疗相关恶心呕吐）")),
    )
    return p.chart


def rw_brain_mets_cyberknife_intracranial() -> Chart:
    """颅内多发转移瘤 treated by CyberKnife, the Procedure named 射波刀治疗（颅内转移灶） with no
    bodySite; brain MRI stable since. Radiotherapy to the brain, not to the nasopharynx or neck."""
    p = reference_patient("rw-brain-mets-cyberknife-intracranial")
    p.chart.condition({"text": "颅内多发转移瘤"}, date(2026, 8, 20))
    p.chart.procedure({"text": "射波刀治疗（颅内转移灶）"}, date(2026, 8, 27))
    brain_mri(p, date(2026, 10, 28), "颅内转移瘤较前缩小，未见新发病灶。")
    return p.chart


def rw_brain_mets_srs_chinese_name() -> Chart:
    """脑转移瘤 treated by radiosurgery under its Chinese name, 立体定向放射外科治疗; brain MRI
    stable since."""
    p = reference_patient("rw-brain-mets-srs-chinese-name")
    p.chart.condition({"text": "脑转移瘤"}, date(2026, 8, 20))
    p.chart.procedure({"text": "脑转移瘤立体定向放射外科治疗"}, date(2026, 8, 27))
    brain_mri(p, date(2026, 10, 28), "颅内转移瘤较前稳定，未见新发病灶。")
    return p.chart


BRAIN_MRI_ZH = concept("头颅MRI平扫+增强")


def brain_mets_srs_then_report(pid: str, conclusion: str) -> Chart:
    """Brain metastases 2026-07-20, SRS 07-28, then a brain MRI report on 2026-10-30 whose
    conclusion is `conclusion`."""
    p, mets = with_brain_mets(pid, date(2026, 7, 20))
    srs(p, date(2026, 7, 28), mets)
    p.chart.diagnostic_report(
        BRAIN_MRI_ZH, date(2026, 10, 30), conclusion=conclusion, category=RADIOLOGY
    )
    return p.chart


def rw_brain_mets_mri_no_obvious_progression() -> Chart:
    """The report: the left frontal lesion about the same as before, no obvious progression."""
    return brain_mets_srs_then_report(
        "rw-brain-mets-mri-no-obvious-progression",
        "脑转移瘤SRS后复查：左额叶病灶较前相仿，未见明显进展。",
    )


def rw_brain_mets_mri_new_lesion_chinese() -> Chart:
    """The report: the treated lesion smaller, a new enhancing nodule in the right parietal
    lobe (新见, newly seen)."""
    return brain_mets_srs_then_report(
        "rw-brain-mets-mri-new-lesion-chinese",
        "左额叶转移灶较前缩小；右顶叶新见结节样强化灶。",
    )


def rw_brain_mets_resected_chinese_procedure() -> Chart:
    """颅内转移瘤 operated on, the Procedure named as a neurosurgery ward writes it (右额叶转移瘤
    切除术, neuronavigation-guided), with no 开颅 in its name; brain MRI stable since."""
    p = reference_patient("rw-brain-mets-resected-chinese-procedure")
    p.chart.condition({"text": "颅内转移瘤"}, date(2026, 8, 10))
    p.chart.procedure({"text": "神经导航下右额叶转移瘤切除术"}, date(2026, 8, 18))
    brain_mri(p, date(2026, 10, 28), "术区未见复发，颅内未见新发病灶。")
    return p.chart


def rw_leptomeningeal_carcinomatosis_english() -> Chart:
    """Leptomeningeal carcinomatosis, the Western problem list's words, text only; no
    treatment, no imaging."""
    p = reference_patient("rw-leptomeningeal-carcinomatosis-english")
    p.chart.condition({"text": "Leptomeningeal carcinomatosis"}, date(2026, 10, 5))
    return p.chart


def rw_brain_and_bone_mets_enumerated() -> Chart:
    """脑、骨多发转移 (multiple brain and bone metastases): the sites listed before one 转移."""
    p = reference_patient("rw-brain-and-bone-mets-enumerated")
    p.chart.condition({"text": "脑、骨多发转移"}, date(2026, 10, 5))
    return p.chart


def rw_npc_intracranial_extension_liver_mets() -> Chart:
    """The discharge diagnosis 鼻咽癌侵犯颅内伴肝转移: the primary grows into the skull (T4), and
    the liver holds the metastases; no brain metastasis."""
    p = reference_patient("rw-npc-intracranial-extension-liver-mets")
    p.chart.condition({"text": "鼻咽癌侵犯颅内伴肝转移"}, date(2026, 3, 2))
    return p.chart


# CNS-METASTASES: leptomeningeal disease is not the treated, stable brain metastases a trial
# allows, whatever its treatment; a dural metastasis is a brain metastasis; the primary growing
# into the skull is neither.
MENINGEAL_METS = concept(
    "Leptomeningeal metastases, treated with intrathecal methotrexate, stable",
    (ICD10CM, "C79.32", "Secondary malignant neoplasm of cerebral meninges"),
)


def rw_leptomeningeal_treated_stable_english() -> Chart:
    """Leptomeningeal metastases 2026-07-20 (C79.32, the entry's words say treated with
    intrathecal methotrexate and stable); whole-brain RT 07-27 → 08-07; brain MRI 10-28
    "leptomeningeal enhancement stable, no new lesions"; no corticosteroids."""
    p = reference_patient("rw-leptomeningeal-treated-stable-english")
    p.chart.condition(MENINGEAL_METS, date(2026, 7, 20))
    p.chart.procedure(WBRT, (date(2026, 7, 27), date(2026, 8, 7)))
    brain_mri(p, date(2026, 10, 28), "Leptomeningeal enhancement stable. No new lesions.")
    return p.chart


def rw_leptomeningeal_treated_stable_chinese() -> Chart:
    """脑膜转移 全脑放疗+鞘注MTX后 治疗后稳定 (leptomeningeal metastases after whole-brain RT and
    intrathecal MTX, stable after treatment), text only, 2026-07-20; 全脑放疗 07-27 → 08-07;
    头颅MRI 10-28 "脑膜强化较前减轻，未见新发病灶"."""
    p = reference_patient("rw-leptomeningeal-treated-stable-chinese")
    p.chart.condition({"text": "脑膜转移 全脑放疗+鞘注MTX后 治疗后稳定"}, date(2026, 7, 20))
    p.chart.procedure({"text": "全脑放疗 30Gy/10f"}, (date(2026, 7, 27), date(2026, 8, 7)))
    brain_mri(p, date(2026, 10, 28), "脑膜强化较前减轻，未见新发病灶。")
    return p.chart


def rw_leptomeningeal_with_treated_brain_mets() -> Chart:
    """Brain metastasis (C79.31) 2026-08-20, SRS 08-27, brain MRI 10-28 stable, dexamethasone
    for it stopped 09-10 (as `rw_brain_mets_srs_stable_off_steroids`); then "Leptomeningeal
    disease, CSF cytology positive" 2026-11-02."""
    p, mets = with_brain_mets("rw-leptomeningeal-with-treated-brain-mets", date(2026, 8, 20))
    p.chart.medication_request(
        DEXAMETHASONE_4MG, date(2026, 8, 20), date(2026, 9, 10), why=Why(reason_reference=[mets])
    )
    srs(p, date(2026, 8, 27), mets)
    brain_mri(p, date(2026, 10, 28), "Stable treated right frontal metastasis. No new lesions.")
    p.chart.condition({"text": "Leptomeningeal disease, CSF cytology positive"}, date(2026, 11, 2))
    return p.chart


def rw_meningeal_enhancement_lmd_not_excluded() -> Chart:
    """Treated, stable brain metastasis (as `rw_brain_mets_srs_stable_off_steroids`, no
    corticosteroids), and a problem-list entry 2026-10-28 "Meningeal enhancement,
    leptomeningeal disease not excluded"."""
    p, mets = with_brain_mets("rw-meningeal-enhancement-lmd-not-excluded", date(2026, 8, 20))
    srs(p, date(2026, 8, 27), mets)
    brain_mri(p, date(2026, 10, 28), "Stable treated right frontal metastasis. No new lesions.")
    p.chart.condition(
        {"text": "Meningeal enhancement, leptomeningeal disease not excluded"}, date(2026, 10, 28)
    )
    return p.chart


def rw_brain_mets_mri_leptomeningeal_suspected_english() -> Chart:
    """Brain metastasis (C79.31) 2026-08-20, SRS 08-27; brain MRI 10-28: the treated lesion
    stable, and leptomeningeal enhancement suspicious for leptomeningeal disease; no
    corticosteroids; no diagnosis of leptomeningeal disease recorded."""
    p, mets = with_brain_mets(
        "rw-brain-mets-mri-leptomeningeal-suspected-english", date(2026, 8, 20)
    )
    srs(p, date(2026, 8, 27), mets)
    brain_mri(
        p,
        date(2026, 10, 28),
        "Treated right frontal metastasis stable. Leptomeningeal enhancement along the "
        "cerebellar folia, suspicious for leptomeningeal disease.",
    )
    return p.chart


def rw_brain_mets_mri_leptomeningeal_suspected_chinese() -> Chart:
    """Brain metastases 2026-07-20, SRS 07-28; the brain MRI report of 10-30 concludes the
    lesion smaller and meningeal metastasis not excluded (小脑沟裂内线样强化，脑膜转移不除外)."""
    return brain_mets_srs_then_report(
        "rw-brain-mets-mri-leptomeningeal-suspected-chinese",
        "左额叶转移灶SRS后较前缩小；小脑沟裂内线样强化，脑膜转移不除外。",
    )


def rw_metastatic_npc_intracranial_extension_english() -> Chart:
    """The reference chart, and a diagnosis "Metastatic nasopharyngeal carcinoma with skull
    base invasion and intracranial extension (T4)" 2026-03-18: the primary grows into the skull;
    the metastases are the bones'."""
    p = reference_patient("rw-metastatic-npc-intracranial-extension-english")
    p.chart.condition(
        {
            "text": "Metastatic nasopharyngeal carcinoma with skull base invasion and "
            "intracranial extension (T4)"
        },
        date(2026, 3, 18),
    )
    return p.chart


def rw_dural_metastasis_english() -> Chart:
    """A problem-list entry "Right parietal dural-based metastasis" 2026-10-05, far from the
    skull base; no treatment, no imaging."""
    p = reference_patient("rw-dural-metastasis-english")
    p.chart.condition({"text": "Right parietal dural-based metastasis"}, date(2026, 10, 5))
    return p.chart


def rw_dural_metastasis_gamma_knife_chinese() -> Chart:
    """右顶部硬脑膜转移瘤伽玛刀治疗后 (right parietal dural metastasis after gamma knife), text
    only, 2026-08-20; 头颅MRI 10-28 stable."""
    return brain_mets_treated_in_words(
        "rw-dural-metastasis-gamma-knife-chinese", "右顶部硬脑膜转移瘤伽玛刀治疗后"
    )


def rw_npc_skull_base_dural_invasion_chinese() -> Chart:
    """The reference chart, and a diagnosis "鼻咽癌侵犯颅底及海绵窦，硬脑膜受侵，骨转移" (NPC
    invading the skull base and cavernous sinus, the dura invaded; bone metastases)."""
    p = reference_patient("rw-npc-skull-base-dural-invasion-chinese")
    p.chart.condition({"text": "鼻咽癌侵犯颅底及海绵窦，硬脑膜受侵，骨转移"}, date(2026, 3, 18))
    return p.chart


def rw_spinal_cord_compression_vertebral_mets_chinese() -> Chart:
    """The reference chart, and "胸8椎体转移伴脊髓压迫" (T8 vertebral metastasis compressing the
    spinal cord) 2026-10-05: bone metastasis with epidural compression, no CNS metastasis."""
    p = reference_patient("rw-spinal-cord-compression-vertebral-mets-chinese")
    p.chart.condition({"text": "胸8椎体转移伴脊髓压迫"}, date(2026, 10, 5))
    return p.chart


# CNS-EHR: brain metastases the radiologist concludes on brain imaging, with no diagnosis
# recorded: stated, they are the patient's; held open, possible; denied, none.
def brain_report_only(pid: str, code: Concept, conclusion: str) -> Chart:
    """The reference chart, and a brain imaging report 2026-11-10 concluding `conclusion`; no
    brain-metastasis diagnosis, treatment or corticosteroid recorded."""
    p = reference_patient(pid)
    p.chart.diagnostic_report(code, date(2026, 11, 10), conclusion=conclusion, category=RADIOLOGY)
    return p.chart


def rw_brain_mets_on_mri_report_only_english() -> Chart:
    """A brain MRI (LOINC 24587-8) concluding "Multiple enhancing lesions in both cerebral
    hemispheres and the left cerebellum, consistent with brain metastases."."""
    return brain_report_only(
        "rw-brain-mets-on-mri-report-only-english",
        BRAIN_MRI,
        "Multiple enhancing lesions in both cerebral hemispheres and the left cerebellum, "
        "consistent with brain metastases.",
    )


def rw_brain_mets_on_mri_report_only_chinese() -> Chart:
    """头颅MRI平扫+增强 concluding 脑内多发转移瘤 (multiple brain metastases), the largest in the
    right frontal lobe."""
    return brain_report_only(
        "rw-brain-mets-on-mri-report-only-chinese",
        BRAIN_MRI_ZH,
        "脑内多发转移瘤，较大者位于右额叶，约1.2cm×1.0cm，周围水肿明显。",
    )


def rw_brain_mets_considered_on_mri_chinese() -> Chart:
    """头颅MRI平扫+增强 concluding 右额叶结节样强化灶，考虑转移瘤可能 (a nodular enhancing focus
    in the right frontal lobe, metastasis considered possible)."""
    return brain_report_only(
        "rw-brain-mets-considered-on-mri-chinese",
        BRAIN_MRI_ZH,
        "右额叶结节样强化灶，考虑转移瘤可能，建议短期复查。",
    )


def rw_brain_mri_no_intracranial_mets_chinese() -> Chart:
    """头颅MRI平扫+增强 concluding 颅内未见明确转移征象 (no definite sign of intracranial
    metastasis), and an old lacunar infarct."""
    return brain_report_only(
        "rw-brain-mri-no-intracranial-mets-chinese",
        BRAIN_MRI_ZH,
        "颅内未见明确转移征象；左侧基底节区腔隙性脑梗死。",
    )


def brain_mets_coded_srs(pid: str, code: Concept) -> Chart:
    """Brain metastasis 2026-08-20; a radiosurgery Procedure 2026-08-27 recorded only by its
    billing code (`code`), no bodySite, its reason the metastasis; brain MRI 2026-10-28
    stable; dexamethasone for them 08-20 → 09-10, completed."""
    p, mets = with_brain_mets(pid, date(2026, 8, 20))
    p.chart.medication_request(
        DEXAMETHASONE_4MG, date(2026, 8, 20), date(2026, 9, 10), why=Why(reason_reference=[mets])
    )
    p.chart.procedure(code, date(2026, 8, 27), reason_reference=[mets])
    brain_mri(p, date(2026, 10, 28), "Stable treated right frontal metastasis. No new lesions.")
    return p.chart


def rw_brain_mets_gamma_knife_icd10pcs() -> Chart:
    """CNS-EHR, TRIAL-NO-PRIOR-LOCOREGIONAL-RT (twenty-eighth session): the radiosurgery coded
    only in ICD-10-PCS, D020JZZ "Stereotactic Gamma Beam Radiosurgery of Brain" (table D02:
    central nervous system / stereotactic radiosurgery, body part 0 brain)."""
    return brain_mets_coded_srs(
        "rw-brain-mets-gamma-knife-icd10pcs",
        concept(None, (ICD10PCS, "D020JZZ", "Stereotactic Gamma Beam Radiosurgery of Brain")),
    )


def rw_brain_mets_srs_cpt_cranial_lesion() -> Chart:
    """CNS-EHR, TRIAL-NO-PRIOR-LOCOREGIONAL-RT (twenty-eighth session): the radiosurgery recorded
    as the charge captured for it, CPT 77372, its display the code's descriptor ("...
    stereotactic radiosurgery (SRS), complete course of treatment of cranial lesion(s) ...;
    linear accelerator based"), no bodySite."""
    return brain_mets_coded_srs(
        "rw-brain-mets-srs-cpt-cranial-lesion",
        concept(
            None,
            (
                CPT,
                "77372",
                "Radiation treatment delivery, stereotactic radiosurgery (SRS), complete course "
                "of treatment of cranial lesion(s) consisting of 1 session; linear accelerator "
                "based",
            ),
        ),
    )


def rw_brain_mri_no_intracranial_mets_english() -> Chart:
    """CNS-METASTASES, CNS-EHR (twenty-eighth session): a US brain MRI report (LOINC 24587-8)
    whose impression denies metastases in the radiologist's usual words."""
    return brain_report_only(
        "rw-brain-mri-no-intracranial-mets-english",
        BRAIN_MRI,
        "IMPRESSION: 1. No evidence of intracranial metastasis. 2. Mild chronic small vessel "
        "ischemic changes.",
    )


def rw_brain_mri_metastatic_npc_in_indication() -> Chart:
    """A brain MRI report (LOINC 24587-8) 2026-11-10 of a patient whose NPC is metastatic to
    bone: its conclusion restates why it was done ("Indication: metastatic nasopharyngeal
    carcinoma, restaging.") and finds nothing in the brain."""
    return brain_report_only(
        "rw-brain-mri-metastatic-npc-in-indication",
        BRAIN_MRI,
        "Indication: metastatic nasopharyngeal carcinoma, restaging. History of metastatic "
        "disease. Impression: No acute intracranial abnormality.",
    )


def rw_lmd_on_brain_mri_only_english() -> Chart:
    """A brain MRI Observation (LOINC 24587-8) 2026-11-10 "Diffuse leptomeningeal enhancement
    along the brainstem and cerebellar folia, consistent with LMD."; no diagnosis, no CSF."""
    p = reference_patient("rw-lmd-on-brain-mri-only-english")
    brain_mri(
        p,
        date(2026, 11, 10),
        "Diffuse leptomeningeal enhancement along the brainstem and cerebellar folia, "
        "consistent with LMD.",
    )
    return p.chart


def rw_spinal_leptomeningeal_mets_chinese() -> Chart:
    """The reference chart, and a Condition text "腰骶段脊膜转移" (leptomeningeal metastases of
    the lumbosacral spinal meninges) 2026-10-05; no treatment, no imaging."""
    p = reference_patient("rw-spinal-leptomeningeal-mets-chinese")
    p.chart.condition({"text": "腰骶段脊膜转移"}, date(2026, 10, 5))
    return p.chart


def rw_meninges_code_only_icd10() -> Chart:
    """The reference chart, and a Condition 2026-10-05 coded only ICD-10-CM C79.32 (secondary
    malignant neoplasm of cerebral meninges), its title the only words: dural or
    leptomeningeal, the code does not say; no treatment, no imaging."""
    p = reference_patient("rw-meninges-code-only-icd10")
    p.chart.condition(
        concept(None, (ICD10CM, "C79.32", "Secondary malignant neoplasm of cerebral meninges")),
        date(2026, 10, 5),
    )
    return p.chart


def rw_meninges_code_chinese_title() -> Chart:
    """As `rw_meninges_code_only_icd10`, the Condition as a Chinese EHR enters it: ICD-10
    C79.32 with the code's Chinese title as its only words, "脑膜继发恶性肿瘤" (secondary
    malignant neoplasm of the meninges); no treatment, no imaging."""
    p = reference_patient("rw-meninges-code-chinese-title")
    p.chart.condition(
        concept(
            "脑膜继发恶性肿瘤",
            (ICD10CM, "C79.32", "Secondary malignant neoplasm of cerebral meninges"),
        ),
        date(2026, 10, 5),
    )
    return p.chart


SPINE_MRI_ZH = concept("胸腰椎MRI平扫+增强")


def rw_spinal_meningeal_mets_on_spine_mri_chinese() -> Chart:
    """The reference chart, and a 胸腰椎MRI平扫+增强 DiagnosticReport 2026-11-10 concluding
    "胸腰椎MRI：腰骶段脊膜增厚强化，考虑脊膜转移。" (thickened, enhancing lumbosacral spinal
    meninges, spinal meningeal metastasis considered); no diagnosis, no CSF cytology, no brain
    imaging."""
    p = reference_patient("rw-spinal-meningeal-mets-on-spine-mri-chinese")
    p.chart.diagnostic_report(
        SPINE_MRI_ZH,
        date(2026, 11, 10),
        conclusion="胸腰椎MRI：腰骶段脊膜增厚强化，考虑脊膜转移。",
        category=RADIOLOGY,
    )
    return p.chart


BRAIN_CT_ZH = concept("头颅CT平扫")


def rw_brain_mets_suspected_on_ct_then_ruled_out_chinese() -> Chart:
    """The reference chart; a 头颅CT平扫 report 2026-10-10 "左额叶结节，转移待排，建议MRI增强
    检查。" (a left frontal nodule, metastasis to be ruled out, contrast MRI advised), then the
    头颅MRI平扫+增强 report 2026-11-10 "颅内未见转移征象，左额叶小片状钙化灶。" (no sign of
    intracranial metastasis; a small calcification in the left frontal lobe)."""
    p = reference_patient("rw-brain-mets-suspected-on-ct-then-ruled-out-chinese")
    p.chart.diagnostic_report(
        BRAIN_CT_ZH,
        date(2026, 10, 10),
        conclusion="左额叶结节，转移待排，建议MRI增强检查。",
        category=RADIOLOGY,
    )
    p.chart.diagnostic_report(
        BRAIN_MRI_ZH,
        date(2026, 11, 10),
        conclusion="颅内未见转移征象，左额叶小片状钙化灶。",
        category=RADIOLOGY,
    )
    return p.chart


def rw_brain_mets_suspected_on_mri_then_plain_ct_negative_chinese() -> Chart:
    """The reference chart; a 头颅MRI平扫+增强 report 2026-10-10 "右额叶结节样强化灶，考虑转移瘤
    可能，建议短期复查。" (a nodular enhancing focus in the right frontal lobe, metastasis
    considered possible; short-interval follow-up advised), then a 头颅CT平扫 report 2026-11-10
    (a plain head CT, done in the emergency room after a fall) "颅内未见明显转移征象。" (no
    evident sign of intracranial metastasis); no follow-up MRI."""
    p = reference_patient("rw-brain-mets-suspected-on-mri-then-plain-ct-negative-chinese")
    p.chart.diagnostic_report(
        BRAIN_MRI_ZH,
        date(2026, 10, 10),
        conclusion="右额叶结节样强化灶，考虑转移瘤可能，建议短期复查。",
        category=RADIOLOGY,
    )
    p.chart.diagnostic_report(
        BRAIN_CT_ZH, date(2026, 11, 10), conclusion="颅内未见明显转移征象。", category=RADIOLOGY
    )
    return p.chart


def rw_brain_mets_suspected_diagnosis_then_mri_negative_chinese() -> Chart:
    """The reference chart; a Condition "脑转移待排" (brain metastasis to be ruled out) entered
    2026-10-10 on a headache, then the 头颅MRI平扫+增强 report 2026-11-10 "颅内未见转移征象。"
    (no sign of intracranial metastasis); the entry left as first typed."""
    p = reference_patient("rw-brain-mets-suspected-diagnosis-then-mri-negative-chinese")
    p.chart.condition({"text": "脑转移待排"}, date(2026, 10, 10))
    p.chart.diagnostic_report(
        BRAIN_MRI_ZH, date(2026, 11, 10), conclusion="颅内未见转移征象。", category=RADIOLOGY
    )
    return p.chart


def rw_frontal_lobe_metastasis_chinese() -> Chart:
    """The reference chart, and a Condition text "右额叶转移瘤" (a right frontal lobe
    metastasis) 2026-10-05, the lobe named without 脑; no treatment, no imaging."""
    p = reference_patient("rw-frontal-lobe-metastasis-chinese")
    p.chart.condition({"text": "右额叶转移瘤"}, date(2026, 10, 5))
    return p.chart


def rw_frontal_lobe_metastasis_english() -> Chart:
    """The reference chart, and a Condition text "Right frontal lobe metastasis" 2026-10-05;
    no treatment, no imaging."""
    p = reference_patient("rw-frontal-lobe-metastasis-english")
    p.chart.condition({"text": "Right frontal lobe metastasis"}, date(2026, 10, 5))
    return p.chart


def rw_temporal_lobe_metastasis_irradiated_chinese() -> Chart:
    """The reference chart, and a Condition text "左颞叶转移瘤放疗后" (a left temporal lobe
    metastasis, after radiotherapy) 2026-09-01; no course, no imaging recorded."""
    p = reference_patient("rw-temporal-lobe-metastasis-irradiated-chinese")
    p.chart.condition({"text": "左颞叶转移瘤放疗后"}, date(2026, 9, 1))
    return p.chart


def hiv_labs(p: Npc, when: date, load: dict[str, object], cd4: float) -> None:
    p.chart.observation(HIV_RNA, when, value_quantity=load)
    p.chart.observation(CD4, when, value_quantity=quantity(cd4, "cells/uL"))


def rw_hiv_on_art_undetectable() -> Chart:
    p = reference_patient("rw-hiv-on-art-undetectable")
    p.chart.condition(HIV_DISEASE, date(2015, 3, 2))
    biktarvy = concept(
        "Biktarvy (bictegravir 50 mg/emtricitabine 200 mg/tenofovir alafenamide 25 mg)"
    )
    p.chart.medication_statement(biktarvy, (date(2019, 5, 1), None), status="active")
    hiv_labs(p, date(2026, 10, 1), below(20, "copies/mL", "{copies}/mL"), 520)
    return p.chart


def rw_hiv_detectable_load() -> Chart:
    p = reference_patient("rw-hiv-detectable-load")
    p.chart.condition(HIV_ASYMPTOMATIC, date(2021, 6, 14))
    for drug in ("Dolutegravir 50 mg", "Emtricitabine/tenofovir alafenamide 200/25 mg"):
        p.chart.medication_statement(concept(drug), (date(2021, 7, 1), None), status="active")
    hiv_labs(p, date(2026, 10, 20), quantity(1850, "{copies}/mL"), 410)
    return p.chart


def rw_hiv_no_recent_load() -> Chart:
    p = reference_patient("rw-hiv-no-recent-load")
    p.chart.condition(HIV_DISEASE, date(2012, 9, 1))
    triumeq = concept("Triumeq (abacavir/dolutegravir/lamivudine)")
    p.chart.medication_statement(triumeq, (date(2016, 1, 1), None), status="active")
    hiv_labs(p, date(2025, 9, 10), below(20, "copies/mL", "{copies}/mL"), 610)
    return p.chart


def rw_hbsag_positive_on_entecavir() -> Chart:
    p = reference_patient("rw-hbsag-positive-on-entecavir")
    p.chart.condition(HEPATITIS_B, date(2010, 4, 1))
    p.chart.medication_statement(
        concept("恩替卡韦分散片 (Entecavir) 0.5 mg"), (date(2026, 3, 20), None), status="active"
    )
    p.chart.observation(HBSAG_LOCAL, date(2026, 10, 8), value_string="阳性")
    p.chart.observation(HBV_DNA_LOCAL, date(2026, 10, 8), value_string="<20 IU/mL")
    return p.chart


def rw_hcv_treated_svr() -> Chart:
    p = reference_patient("rw-hcv-treated-svr")
    p.chart.condition(HEPATITIS_C, date(2023, 11, 2))
    epclusa = concept("Epclusa (sofosbuvir 400 mg/velpatasvir 100 mg)")
    p.chart.medication_statement(epclusa, (date(2024, 1, 10), date(2024, 4, 2)))
    p.chart.observation(HCV_AB, date(2023, 11, 2), value_concept=POSITIVE)
    p.chart.observation(HCV_RNA, date(2024, 7, 15), value_string="Not detected")
    return p.chart


def rw_hbcab_only() -> Chart:
    p = reference_patient("rw-hbcab-only")
    p.chart.observation(HBSAG, date(2026, 3, 20), value_concept=NEGATIVE)
    p.chart.observation(HBCAB, date(2026, 3, 20), value_concept=POSITIVE)
    return p.chart


def rw_hbsag_positive_lab_only() -> Chart:
    p = reference_patient("rw-hbsag-positive-lab-only")
    p.chart.observation(HBSAG, date(2026, 3, 20), value_concept=POSITIVE)
    return p.chart


HBV_PANEL = concept("乙肝五项 (乙肝两对半)")
HBV_PANEL_MARKERS = (
    "乙肝表面抗原(HBsAg)",
    "乙肝表面抗体(抗-HBs)",
    "乙肝e抗原(HBeAg)",
    "乙肝e抗体(抗-HBe)",
    "乙肝核心抗体(抗-HBc)",
)


def hbv_panel(pid: str, *results: str) -> Chart:
    """The reference chart and a hepatitis B five-marker panel as one Observation, its markers
    components in the laboratory's own names (`results` in the order of HBV_PANEL_MARKERS)."""
    p = reference_patient(pid)
    p.chart.observation(
        HBV_PANEL,
        date(2026, 3, 20),
        components=[
            Component(concept(marker), value_string=result)
            for marker, result in zip(HBV_PANEL_MARKERS, results, strict=True)
        ],
    )
    return p.chart


def rw_hbv_panel_hbsag_positive() -> Chart:
    return hbv_panel(
        "rw-hbv-panel-hbsag-positive", "阳性(+)", "阴性(-)", "阴性(-)", "阳性(+)", "阳性(+)"
    )


def rw_hbv_panel_vaccinated() -> Chart:
    return hbv_panel(
        "rw-hbv-panel-vaccinated", "阴性(-)", "阳性(+)", "阴性(-)", "阴性(-)", "阴性(-)"
    )


def rw_hbv_panel_signs_only() -> Chart:
    """The five-marker panel as some laboratory systems print it: a sign alone per marker."""
    return hbv_panel("rw-hbv-panel-signs-only", "+", "-", "－", "(+)", "+")


def rw_hbv_panel_vaccinated_signs_only() -> Chart:
    """A vaccinated patient's panel in signs alone: anti-HBs "+" is immunity, not infection."""
    return hbv_panel("rw-hbv-panel-vaccinated-signs-only", "-", "+", "-", "(-)", "－")


def rw_hbsag_index_with_sign() -> Chart:
    """An HBsAg immunoassay printed as its index and the sign the laboratory gave it."""
    p = reference_patient("rw-hbsag-index-with-sign")
    p.chart.observation(HBSAG, date(2025, 5, 10), value_concept=NEGATIVE)
    p.chart.observation(HBSAG_LOCAL, date(2026, 3, 20), value_string="1250.50 (+)")
    return p.chart


def rw_hcv_rna_tnd_after_treatment() -> Chart:
    """Hepatitis C found on screening (RNA 4.2 × 10⁵ IU/mL), treated, and the follow-up RNA as the
    analyser prints it: "TND" (target not detected); no hepatitis C diagnosis recorded."""
    p = reference_patient("rw-hcv-rna-tnd-after-treatment")
    p.chart.observation(HCV_AB, date(2023, 11, 2), value_concept=POSITIVE)
    p.chart.observation(HCV_RNA, date(2023, 11, 2), value_string="4.2×10^5 IU/mL")
    epclusa = concept("Epclusa (sofosbuvir 400 mg/velpatasvir 100 mg)")
    p.chart.medication_statement(epclusa, (date(2024, 1, 10), date(2024, 4, 2)))
    p.chart.observation(HCV_RNA, date(2024, 7, 15), value_string="TND")
    return p.chart


def rw_hbsag_value_boolean() -> Chart:
    """An HBsAg presence test whose system sends the answer as a boolean: true."""
    p = reference_patient("rw-hbsag-value-boolean")
    p.chart.observation(HBSAG, date(2024, 9, 2), value_concept=NEGATIVE)
    result = p.chart.observation(HBSAG, date(2026, 3, 20))
    result["valueBoolean"] = True
    return p.chart


def rw_hbsag_equivocal_after_negative() -> Chart:
    """HBsAg negative a year and a half ago; this year's screen "±" (grey zone): repeat it."""
    p = reference_patient("rw-hbsag-equivocal-after-negative")
    p.chart.observation(HBSAG, date(2025, 5, 10), value_concept=NEGATIVE)
    p.chart.observation(HBSAG_LOCAL, date(2026, 3, 20), value_string="±")
    return p.chart


def rw_hcv_rna_not_detected_chinese() -> Chart:
    """Treated hepatitis C, the follow-up RNA in the Chinese laboratory's words: 未检测到."""
    p = reference_patient("rw-hcv-rna-not-detected-chinese")
    p.chart.condition(HEPATITIS_C, date(2023, 11, 2))
    p.chart.medication_statement(
        concept("丙通沙 (索磷布韦维帕他韦片)"), (date(2024, 1, 10), date(2024, 4, 2))
    )
    p.chart.observation(HCV_AB, date(2023, 11, 2), value_concept=POSITIVE)
    p.chart.observation(HCV_RNA, date(2024, 7, 15), value_string="未检测到")
    return p.chart


def rw_hcv_rna_detectable_lab_only() -> Chart:
    p = reference_patient("rw-hcv-rna-detectable-lab-only")
    p.chart.observation(HCV_AB, date(2026, 10, 15), value_concept=POSITIVE)
    p.chart.observation(HCV_RNA, date(2026, 10, 15), value_quantity=quantity(420000, "[IU]/mL"))
    return p.chart


# CMB-WORDS, DX-WORDS, RT-IN-DIAGNOSIS, INF-EHR: words after a disease that say it was ruled out
# ("房颤已排除", "AF: negative", "心衰：无"): the entry is no diagnosis of it.


def rw_af_ruled_out_chinese() -> Chart:
    """房颤已排除 (atrial fibrillation ruled out): palpitations worked up with a Holter."""
    return with_condition("rw-af-ruled-out-chinese", concept("房颤已排除"))


def rw_chd_ruled_out_chinese() -> Chart:
    """冠心病已排除 (coronary heart disease ruled out): chest pain worked up, CTA normal."""
    return with_condition("rw-chd-ruled-out-chinese", concept("冠心病已排除"))


def rw_af_ruled_out_english() -> Chart:
    return with_condition("rw-af-ruled-out-english", concept("Atrial fibrillation - ruled out"))


def rw_af_negative_english() -> Chart:
    """A problem-list line carrying a screen's answer: "AF: negative"."""
    return with_condition("rw-af-negative-english", concept("AF: negative"))


def rw_heart_failure_none_chinese() -> Chart:
    """A past-history template line exported as a Condition: 心衰：无 (heart failure: none)."""
    return with_condition("rw-heart-failure-none-chinese", concept("心衰：无"))


def rw_hypertensive_heart_disease_no_heart_failure_run_on() -> Chart:
    """高血压性心脏病无心衰: hypertensive heart disease, no heart failure, written as one run."""
    return with_condition(
        "rw-hypertensive-heart-disease-no-heart-failure-run-on", concept("高血压性心脏病无心衰")
    )


def rw_af_with_chd_ruled_out_chinese() -> Chart:
    """阵发性房颤，冠心病已排除: paroxysmal AF; coronary disease ruled out (the AF stands)."""
    return with_condition("rw-af-with-chd-ruled-out-chinese", concept("阵发性房颤，冠心病已排除"))


def rw_af_not_excluded_chinese() -> Chart:
    """阵发性房颤不除外 (paroxysmal AF cannot be excluded): still suspected."""
    return with_condition("rw-af-not-excluded-chinese", concept("阵发性房颤不除外"))


def rw_npc_ruled_out_earlier() -> Chart:
    """An ENT work-up of 2024 that ruled NPC out ("鼻咽癌已排除", 2024-03-01) before the
    reference NPC was diagnosed in 2026."""
    return with_condition("rw-npc-ruled-out-earlier", concept("鼻咽癌已排除"), date(2024, 3, 1))


def rw_no_radiation_oral_mucositis() -> Chart:
    """未见放射性口腔黏膜炎 (no radiation oral mucositis seen) on the problem list, 2026-09-20;
    no radiotherapy recorded anywhere."""
    return with_radiation_injury("rw-no-radiation-oral-mucositis", concept("未见放射性口腔黏膜炎"))


def rw_hiv_negative_problem_list_english() -> Chart:
    """A pre-treatment screen carried to the problem list as "HIV negative"."""
    return with_condition("rw-hiv-negative-problem-list-english", concept("HIV negative"))


def rw_hbsag_negative_problem_list_chinese() -> Chart:
    """乙肝表面抗原阴性 (HBsAg negative) carried to the problem list."""
    return with_condition("rw-hbsag-negative-problem-list-chinese", concept("乙肝表面抗原阴性"))


def rw_hbsag_fullwidth_positive_dna_below_500_chinese() -> Chart:
    """INF-HEPATITIS, INF-EHR (twenty-eighth session): a Chinese problem list's entry written
    with the input method's full-width brackets and sign, "HBsAg（+），HBV-DNA＜500IU/mL"; no
    hepatitis B result or antiviral on record."""
    return with_condition(
        "rw-hbsag-fullwidth-positive-dna-below-500-chinese",
        concept("HBsAg（+），HBV-DNA＜500IU/mL"),
        date(2026, 3, 20),
    )


def rw_hbv_carrier_code_only() -> Chart:
    """INF-HEPATITIS, CMB-CODES (twenty-eighth session): a problem-list entry coded only
    ICD-10-CM Z22.51 (carrier of viral hepatitis B), no display and no text, as a
    claims-derived feed sends it; no hepatitis B result or antiviral on record."""
    return with_condition(
        "rw-hbv-carrier-code-only", concept(None, (ICD10CM, "Z22.51")), date(2018, 5, 1)
    )


def rw_hep_b_carrier_abbreviation_english() -> Chart:
    """INF-HEPATITIS, CMB-WORDS (twenty-eighth session): a US problem list's short form,
    "Hep B carrier", since 2015; no hepatitis B result or antiviral on record."""
    return with_condition(
        "rw-hep-b-carrier-abbreviation-english", concept("Hep B carrier"), date(2015, 6, 1)
    )


def rw_hbv_xiaosanyang_markers_chinese() -> Chart:
    """INF-HEPATITIS, CMB-WORDS (twenty-eighth session): the hepatitis B markers as a Chinese
    admission note carries them to the problem list, with the input method's full-width
    brackets and the lay name of that pattern, 小三阳 ("small three positives": HBsAg, HBeAb
    and HBcAb positive): "HBsAg（+）、HBeAb（+）、HBcAb（+）（小三阳）"; no result or antiviral on
    record."""
    return with_condition(
        "rw-hbv-xiaosanyang-markers-chinese",
        concept("HBsAg（+）、HBeAb（+）、HBcAb（+）（小三阳）"),
        date(2026, 3, 20),
    )


def rw_hiv_on_art_in_words_only_chinese() -> Chart:
    """INF-HIV, INF-EHR (twenty-eighth session): "HIV感染（ART治疗中，病毒载量检测不到）" on the
    problem list since 2018; no antiretroviral, viral load or CD4 count on record."""
    return with_condition(
        "rw-hiv-on-art-in-words-only-chinese",
        concept("HIV感染（ART治疗中，病毒载量检测不到）"),
        date(2018, 4, 10),
    )


def rw_hiv_who_icd10_b24_chinese() -> Chart:
    """INF-HIV, CMB-CODES (twenty-eighth session): a Chinese hospital's problem-list entry coded
    in WHO ICD-10, B24 (unspecified human immunodeficiency virus [HIV] disease; ICD-10-CM has
    B20 alone for it), its display "未特指的人免疫缺陷病毒病", since 2019; no antiretroviral,
    viral load or CD4 count on record."""
    return with_condition(
        "rw-hiv-who-icd10-b24-chinese",
        concept(None, (ICD10, "B24", "未特指的人免疫缺陷病毒病")),
        date(2019, 6, 1),
    )


def rw_hiv_infection_in_words_chinese() -> Chart:
    """INF-HIV, CMB-WORDS (twenty-eighth session): "人免疫缺陷病毒感染" (human immunodeficiency
    virus infection, the 人 rather than 人类 spelling of the virus's Chinese name) on the
    problem list since 2020, no code; no antiretroviral, viral load or CD4 count on record."""
    return with_condition(
        "rw-hiv-infection-in-words-chinese", concept("人免疫缺陷病毒感染"), date(2020, 9, 1)
    )


def rw_ltbi_on_isoniazid_english() -> Chart:
    """INF-* (twenty-eighth session): latent tuberculosis on the problem list (ICD-10-CM Z22.7)
    and isoniazid preventive therapy ordered 2026-10-01, active: neither an infection the
    synthetic trial asks about nor an anticancer drug."""
    p = reference_patient("rw-ltbi-on-isoniazid-english")
    p.chart.condition(
        concept(
            "Latent tuberculosis infection (LTBI), on isoniazid",
            (ICD10CM, "Z22.7", "Latent tuberculosis"),
        ),
        date(2026, 9, 24),
    )
    p.chart.medication_request(
        concept("Isoniazid 300 mg tablet, once daily"),
        date(2026, 10, 1),
        None,
        status="active",
        dosage_text="300 mg PO daily x 9 months",
    )
    return p.chart


# === Laboratory values (the README's lab table, synthetic trial SYN-000418) =====================

# The blood count and chemistry of a Chinese hospital's laboratory system: its own test codes,
# the names it prints, units as it prints them (×10^9/L, 10^9/L, g/L, μmol/L with a Greek mu)
# and each result's reference range, low and high.
LIS_RESULTS = (
    ("中性粒细胞绝对值(NEUT#)", "NEUT#", 3.2, "×10^9/L", 1.8, 6.3),
    ("血小板计数(PLT)", "PLT", 210, "10^9/L", 125, 350),
    ("血红蛋白(HGB)", "HGB", 135, "g/L", 130, 175),
    ("肌酐(Cr)", "CREA", 78, "μmol/L", 57, 111),
    ("总胆红素(TBIL)", "TBIL", 12.3, "μmol/L", 3.4, 20.5),
    ("丙氨酸氨基转移酶(ALT)", "ALT", 25, "U/L", 9, 50),
    ("天门冬氨酸氨基转移酶(AST)", "AST", 22, "U/L", 15, 40),
)
LIS_DRAW = "2026-11-16T07:40:00+08:00"


def lis_result(
    chart: Chart,
    name: str,
    code: str,
    when: str,
    value: float | str,
    unit: str,
    normal: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """One result as the laboratory system sends it: a quantity without UCUM codes, or the
    printed text (a `str` value), and its reference range."""
    resource = chart.observation(
        concept(name, (LOCAL_LAB, code, name.split("(")[0])),
        when,
        value_quantity=None if isinstance(value, str) else quantity(value, unit, ucum=False),
        value_string=value if isinstance(value, str) else None,
    )
    if normal is not None:
        low, high = normal
        resource["referenceRange"] = [
            {"low": {"value": low, "unit": unit}, "high": {"value": high, "unit": unit}}
        ]
    return resource


def lis_patient(pid: str, *, when: str = LIS_DRAW, leave_out: Sequence[str] = ()) -> Npc:
    """The reference chart and the laboratory's pre-treatment results, all normal, of one draw
    (`leave_out`: the test codes a chart records otherwise)."""
    p = reference_patient(pid)
    for name, code, value, unit, low, high in LIS_RESULTS:
        if code not in leave_out:
            lis_result(p.chart, name, code, when, value, unit, (low, high))
    return p


def rw_labs_chinese_lis() -> Chart:
    return lis_patient("rw-labs-chinese-lis").chart


def rw_labs_older_than_window() -> Chart:
    """The same results drawn on 2026-10-01: 55 days before, older than the trial's 28."""
    return lis_patient("rw-labs-older-than-window", when="2026-10-01T07:40:00+08:00").chart


def rw_labs_anc_repeated_same_day() -> Chart:
    """ANC 1.4 at 07:40, repeated at 15:10 the same day: 1.8."""
    p = lis_patient("rw-labs-anc-repeated-same-day", leave_out=("NEUT#",))
    name, code, _, unit, low, high = LIS_RESULTS[0]
    lis_result(p.chart, name, code, LIS_DRAW, 1.4, unit, (low, high))
    lis_result(p.chart, name, code, "2026-11-16T15:10:00+08:00", 1.8, unit, (low, high))
    return p.chart


def rw_labs_printed_bounds() -> Chart:
    """Results printed beyond the assay's range: total bilirubin "<3.4 μmol/L", ALT ">1000 U/L"."""
    p = lis_patient("rw-labs-printed-bounds", leave_out=("TBIL", "ALT"))
    lis_result(p.chart, "总胆红素(TBIL)", "TBIL", LIS_DRAW, "<3.4 μmol/L", "μmol/L", (3.4, 20.5))
    lis_result(p.chart, "丙氨酸氨基转移酶(ALT)", "ALT", LIS_DRAW, ">1000 U/L", "U/L", (9, 50))
    return p.chart


def rw_labs_segs_and_bands_two_draws() -> Chart:
    """No ANC: a manual differential's segmented neutrophils at 07:40 (1.2), and the band forms of
    another draw at 16:30 (0.4) — two samples, not one differential."""
    p = lis_patient("rw-labs-segs-and-bands-two-draws", leave_out=("NEUT#",))
    lis_result(p.chart, "中性分叶核粒细胞绝对值", "NEUTSEG#", LIS_DRAW, 1.2, "×10^9/L")
    lis_result(
        p.chart, "杆状核粒细胞绝对值", "NEUTBAND#", "2026-11-16T16:30:00+08:00", 0.4, "×10^9/L"
    )
    return p.chart


def rw_labs_range_age_without_unit() -> Chart:
    """A creatinine of 120 μmol/L whose two ranges are for ages 0–216 and 216–1200 with no unit
    (the laboratory system counts in months: children, adults)."""
    p = lis_patient("rw-labs-range-age-without-unit", leave_out=("CREA",))
    result = lis_result(p.chart, "肌酐(Cr)", "CREA", LIS_DRAW, 120, "μmol/L")
    result["referenceRange"] = [
        {
            "low": {"value": low, "unit": "μmol/L"},
            "high": {"value": high, "unit": "μmol/L"},
            "age": {"low": {"value": young}, "high": {"value": old}},
        }
        for low, high, young, old in ((15, 77, 0, 216), (57, 111, 216, 1200))
    ]
    return p.chart


def rw_labs_count_units_as_exported() -> Chart:
    """The blood count's units as an export writes them: the ANC in "109/L" (10⁹/L with its
    superscript lost) and the platelets in "*10^9/L" (an asterisk for the multiplication)."""
    p = lis_patient("rw-labs-count-units-as-exported", leave_out=("NEUT#", "PLT"))
    lis_result(p.chart, "中性粒细胞绝对值(NEUT#)", "NEUT#", LIS_DRAW, 3.2, "109/L", (1.8, 6.3))
    lis_result(p.chart, "血小板计数(PLT)", "PLT", LIS_DRAW, 210, "*10^9/L", (125, 350))
    return p.chart


def rw_labs_creatinine_umol_range_in_mg_dl() -> Chart:
    """Twenty-eighth session (VAL-LAB-UNITS, VAL-LAB-ULN): the creatinine 97 μmol/L, its
    reference range left in the conventional unit, 0.7–1.3 mg/dL (an interface that converts
    the value to SI and not the range); 97 μmol/L is 1.10 mg/dL."""
    p = lis_patient("rw-labs-creatinine-umol-range-in-mg-dl", leave_out=("CREA",))
    resource = lis_result(p.chart, "肌酐(Cr)", "CREA", LIS_DRAW, 97, "μmol/L")
    resource["referenceRange"] = [
        {"low": {"value": 0.7, "unit": "mg/dL"}, "high": {"value": 1.3, "unit": "mg/dL"}}
    ]
    return p.chart


def rw_labs_hemoglobin_in_mmol_per_l() -> Chart:
    """Twenty-eighth session (VAL-LAB-UNITS): the haemoglobin as Dutch laboratories report it,
    8.4 mmol/L (range 8.5–11.0 mmol/L); 8.4 mmol/L is 13.5 g/dL."""
    p = lis_patient("rw-labs-hemoglobin-in-mmol-per-l", leave_out=("HGB",))
    lis_result(p.chart, "Hemoglobin (Hb)", "HGB", LIS_DRAW, 8.4, "mmol/L", (8.5, 11.0))
    return p.chart


def rw_labs_creatinine_two_units_same_draw() -> Chart:
    """Twenty-eighth session (VAL-SAME-DAY, VAL-LAB-UNITS): one draw's creatinine sent twice,
    78 μmol/L (range 57–111) and "0.88 mg/dL" (range 0.64–1.26) as a second interface reports
    it in the conventional unit."""
    p = lis_patient("rw-labs-creatinine-two-units-same-draw")
    lis_result(p.chart, "Creatinine", "CREA-US", LIS_DRAW, 0.88, "mg/dL", (0.64, 1.26))
    return p.chart


def rw_labs_us_counts_in_k_per_ul() -> Chart:
    """Twenty-eighth session (VAL-LAB-UNITS): a US reference laboratory's blood count, the ANC
    "3.2" in "x10E3/uL" and the platelets 210 in "K/uL" (thousands per microlitre, 10⁹/L), the
    haemoglobin 13.5 in "gm/dL"."""
    p = lis_patient("rw-labs-us-counts-in-k-per-ul", leave_out=("NEUT#", "PLT", "HGB"))
    lis_result(p.chart, "Neutrophils (Absolute)", "ANC", LIS_DRAW, 3.2, "x10E3/uL", (1.4, 7.0))
    lis_result(p.chart, "Platelets", "PLT", LIS_DRAW, 210, "K/uL", (150, 450))
    lis_result(p.chart, "Hemoglobin", "HGB", LIS_DRAW, 13.5, "gm/dL", (13.0, 17.7))
    return p.chart


def rw_labs_creatinine_bilirubin_in_mg_percent() -> Chart:
    """Twenty-eighth session (VAL-LAB-UNITS): the creatinine 1.1 (range 0.7–1.3) and the total
    bilirubin 0.8 (range 0.2–1.2) in "mg%", milligrams per 100 mL, as older laboratory systems
    print mg/dL."""
    p = lis_patient("rw-labs-creatinine-bilirubin-in-mg-percent", leave_out=("CREA", "TBIL"))
    lis_result(p.chart, "Creatinine (Cr)", "CREA", LIS_DRAW, 1.1, "mg%", (0.7, 1.3))
    lis_result(p.chart, "Total bilirubin (T.bil)", "TBIL", LIS_DRAW, 0.8, "mg%", (0.2, 1.2))
    return p.chart


URINE_SPECIMEN = concept("尿液", (SNOMED, "122575003", "Urine specimen"))


def rw_labs_urine_creatinine_by_specimen() -> Chart:
    """A random urine creatinine of 2026-11-18 under the same test name as the serum's (肌酐,
    code CREA), told apart only by its Specimen, whose type is urine."""
    p = lis_patient("rw-labs-urine-creatinine-by-specimen")
    specimen = p.chart.add(
        {
            "resourceType": "Specimen",
            "id": "rw-labs-urine-creatinine-by-specimen-specimen-1",
            "type": URINE_SPECIMEN,
            "subject": p.chart.subject,
            "collection": {"collectedDateTime": "2026-11-18T06:30:00+08:00"},
        }
    )
    urine = lis_result(p.chart, "肌酐(Cr)", "CREA", "2026-11-18T06:30:00+08:00", 8840, "μmol/L")
    urine["specimen"] = {"reference": f"Specimen/{specimen['id']}"}
    return p.chart


def rw_labs_urine_creatinine_specimen_not_held() -> Chart:
    """The urine creatinine of `rw_labs_urine_creatinine_by_specimen`, printed with the range
    the laboratory gives its urine test (7000–18000 μmol/L), whose Specimen the chart does not
    hold: the export (or the hook's prefetch) carries the results, not the samples."""
    p = lis_patient("rw-labs-urine-creatinine-specimen-not-held")
    urine = lis_result(
        p.chart, "肌酐(Cr)", "CREA", "2026-11-18T06:30:00+08:00", 8840, "μmol/L", (7000, 18000)
    )
    urine["specimen"] = {
        "reference": "Specimen/rw-labs-urine-creatinine-specimen-not-held-specimen-1"
    }
    return p.chart


def rw_labs_urine_creatinine_contained_specimen() -> Chart:
    """The urine creatinine of `rw_labs_urine_creatinine_by_specimen`, its Specimen (type urine)
    contained in the result itself and referred to as `#specimen`, as some interfaces send a
    sample with its result."""
    p = lis_patient("rw-labs-urine-creatinine-contained-specimen")
    urine = lis_result(p.chart, "肌酐(Cr)", "CREA", "2026-11-18T06:30:00+08:00", 8840, "μmol/L")
    urine["contained"] = [
        {
            "resourceType": "Specimen",
            "id": "specimen",
            "type": URINE_SPECIMEN,
            "collection": {"collectedDateTime": "2026-11-18T06:30:00+08:00"},
        }
    ]
    urine["specimen"] = {"reference": "#specimen"}
    return p.chart


def rw_labs_segs_and_bands_one_draw() -> Chart:
    """The same differential's segmented (1.2) and band (0.4) counts, both at 07:40."""
    p = lis_patient("rw-labs-segs-and-bands-one-draw", leave_out=("NEUT#",))
    lis_result(p.chart, "中性分叶核粒细胞绝对值", "NEUTSEG#", LIS_DRAW, 1.2, "×10^9/L")
    lis_result(p.chart, "杆状核粒细胞绝对值", "NEUTBAND#", LIS_DRAW, 0.4, "×10^9/L")
    return p.chart


def rw_af_code_ruled_out_words_chinese() -> Chart:
    """An entry picked from the diagnosis list as I48.91 (unspecified atrial fibrillation) whose
    typed text says the AF was ruled out ("房颤已排除（Holter）"), no verification status: the
    code and the words disagree."""
    af = concept("房颤已排除（Holter）", (ICD10CM, "I48.91", "Unspecified atrial fibrillation"))
    return with_condition("rw-af-code-ruled-out-words-chinese", af, verification_status=None)


def rw_af_code_ruled_out_words_moderate() -> Chart:
    """SNOMED CT 49436004 atrial fibrillation, severity moderate (6736007), whose text was edited
    to "Atrial fibrillation - ruled out" and whose status was left confirmed."""
    af = concept(
        "Atrial fibrillation - ruled out", (SNOMED, "49436004", "Atrial fibrillation (disorder)")
    )
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    return with_condition("rw-af-code-ruled-out-words-moderate", af, severity=moderate)


def rw_af_code_denied_opening_chinese() -> Chart:
    """A past-history line coded I48.91 whose text denies it: "否认房颤病史"."""
    af = concept("否认房颤病史", (ICD10CM, "I48.91", "Unspecified atrial fibrillation"))
    return with_condition("rw-af-code-denied-opening-chinese", af, verification_status=None)


def rw_cad_ruled_out_by_cta_english() -> Chart:
    """Chest pain worked up: the problem list says "CAD ruled out by CTA"."""
    return with_condition("rw-cad-ruled-out-by-cta-english", concept("CAD ruled out by CTA"))


def rw_chd_excluded_by_coronary_cta_chinese() -> Chart:
    """冠脉CTA排除冠心病 (coronary CTA rules out coronary heart disease), verb before the
    disease as Chinese notes write it."""
    return with_condition("rw-chd-excluded-by-coronary-cta-chinese", concept("冠脉CTA排除冠心病"))


def rw_af_troponin_negative_chinese() -> Chart:
    """房颤，肌钙蛋白阴性 (AF; troponin negative): the negative result is the troponin's."""
    return with_condition("rw-af-troponin-negative-chinese", concept("房颤，肌钙蛋白阴性"))


def rw_father_chd_chinese() -> Chart:
    """A family-history line exported as a Condition: 父亲冠心病 (father: coronary heart
    disease)."""
    return with_condition("rw-father-chd-chinese", concept("父亲冠心病"))


def rw_denied_list_then_af_chinese() -> Chart:
    """A past-history line: 否认高血压、糖尿病，房颤病史5年 (denies hypertension and diabetes; AF
    for 5 years) — the denial's list ends at the comma, or runs on: either way the AF is not
    denied for sure."""
    return with_condition(
        "rw-denied-list-then-af-chinese", concept("否认高血压、糖尿病，房颤病史5年")
    )


def rw_non_ischaemic_cardiomyopathy_chinese() -> Chart:
    """非缺血性心肌病 (non-ischaemic cardiomyopathy): a cardiomyopathy whose name says the
    coronary arteries are not its cause."""
    return with_condition("rw-non-ischaemic-cardiomyopathy-chinese", concept("非缺血性心肌病"))


def rw_non_ischemic_cardiomyopathy_english() -> Chart:
    return with_condition(
        "rw-non-ischemic-cardiomyopathy-english", concept("Non-ischemic cardiomyopathy")
    )


def rw_suspected_af_ruled_out_chinese() -> Chart:
    """疑似房颤，已排除 (suspected AF; ruled out): the verdict written after the suspicion."""
    return with_condition("rw-suspected-af-ruled-out-chinese", concept("疑似房颤，已排除"))


def rw_cad_unlikely_moderate_english() -> Chart:
    """A cardiology consult's verdict carried to the problem list: "CAD unlikely" on an entry
    whose severity the template filled as moderate (SNOMED CT 6736007)."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    return with_condition(
        "rw-cad-unlikely-moderate-english", concept("CAD unlikely"), severity=moderate
    )


def rw_family_history_abbreviated_english() -> Chart:
    """A Western problem list's abbreviated family history: "FHx: premature CAD"."""
    return with_condition("rw-family-history-abbreviated-english", concept("FHx: premature CAD"))


def rw_family_member_chd_chinese() -> Chart:
    """家族中有冠心病患者 (a family member has coronary heart disease)."""
    return with_condition("rw-family-member-chd-chinese", concept("家族中有冠心病患者"))


def rw_af_grade_2_no_family_history_english() -> Chart:
    """The patient's own AF, with a word on the family: "Paroxysmal atrial fibrillation, grade
    2, no family history"."""
    af = concept("Paroxysmal atrial fibrillation, grade 2, no family history")
    return with_condition("rw-af-grade-2-no-family-history-english", af)


def rw_chd_template_denied_chinese() -> Chart:
    """A past-history template line exported as a Condition: 冠心病：否认 (coronary heart disease:
    denied)."""
    return with_condition("rw-chd-template-denied-chinese", concept("冠心病：否认"))


def rw_coronary_no_stenosis_chinese() -> Chart:
    """冠脉未见明显狭窄 (coronary arteries: no significant stenosis), a CTA's conclusion carried
    to the problem list."""
    return with_condition("rw-coronary-no-stenosis-chinese", concept("冠脉未见明显狭窄"))


def rw_normal_coronary_angiogram_english() -> Chart:
    return with_condition(
        "rw-normal-coronary-angiogram-english", concept("Normal coronary angiogram")
    )


def rw_brain_mets_ruled_out_chinese() -> Chart:
    """脑转移已排除 (brain metastases ruled out) on the problem list, text only: a staging
    work-up's verdict carried to it."""
    return with_condition(
        "rw-brain-mets-ruled-out-chinese", concept("脑转移已排除"), date(2026, 2, 20)
    )


def rw_brain_mets_ruled_out_mri_chinese() -> Chart:
    """颅内转移已排除（MRI） (intracranial metastases ruled out, by MRI), text only."""
    return with_condition(
        "rw-brain-mets-ruled-out-mri-chinese", concept("颅内转移已排除（MRI）"), date(2026, 2, 20)
    )


def rw_brain_mets_ruled_out_english() -> Chart:
    return with_condition(
        "rw-brain-mets-ruled-out-english", concept("Brain metastases ruled out"), date(2026, 2, 20)
    )


def rw_cad_suspected_then_confirmed_english() -> Chart:
    """A suspicion and its later confirmation in one entry: "Suspected CAD, confirmed by
    angiography", severity text "CTCAE grade 2"."""
    return with_condition(
        "rw-cad-suspected-then-confirmed-english",
        concept("Suspected CAD, confirmed by angiography"),
        severity={"text": "CTCAE grade 2"},
    )


def rw_af_suspected_then_holter_confirmed_chinese() -> Chart:
    """房颤待排，Holter证实阵发性房颤 (AF to be ruled out; Holter confirmed paroxysmal AF), severity
    text "2级"."""
    return with_condition(
        "rw-af-suspected-then-holter-confirmed-chinese",
        concept("房颤待排，Holter证实阵发性房颤"),
        severity={"text": "2级"},
    )


def rw_chd_suspected_then_angiography_confirmed_chinese() -> Chart:
    """疑似冠心病，冠脉造影确诊 (suspected coronary disease; confirmed by coronary angiography),
    severity text "2级"."""
    return with_condition(
        "rw-chd-suspected-then-angiography-confirmed-chinese",
        concept("疑似冠心病，冠脉造影确诊"),
        severity={"text": "2级"},
    )


def rw_af_suspected_chd_confirmed_chinese() -> Chart:
    """房颤待排，冠脉造影确诊冠心病 (AF to be ruled out; coronary angiography confirmed coronary
    disease): the confirmation is the coronary disease's, not the AF's."""
    return with_condition(
        "rw-af-suspected-chd-confirmed-chinese", concept("房颤待排，冠脉造影确诊冠心病")
    )


def rw_af_considered_chinese() -> Chart:
    """考虑房颤 (AF considered: a working diagnosis), severity text "2级"."""
    return with_condition("rw-af-considered-chinese", concept("考虑房颤"), severity={"text": "2级"})


# CMB-WORDS: a checklist's answer "no" after a cardiac name ("AF - no", "房颤：无"); the
# abbreviations MI and CHD; a coronary CT's plaque.


def rw_af_dash_no_english() -> Chart:
    """A past-history checklist line exported as a Condition: "AF - no"."""
    return with_condition("rw-af-dash-no-english", concept("AF - no"))


def rw_af_template_none_chinese() -> Chart:
    """A past-history template line exported as a Condition: 房颤：无 (AF: none)."""
    return with_condition("rw-af-template-none-chinese", concept("房颤：无"))


def rw_atrial_fibrillation_colon_no_english() -> Chart:
    return with_condition(
        "rw-atrial-fibrillation-colon-no-english", concept("Atrial fibrillation: No")
    )


def rw_cardiac_checklist_af_yes_chinese() -> Chart:
    """One template line answering two items: 冠心病：无；房颤：有 (CHD: no; AF: yes)."""
    return with_condition("rw-cardiac-checklist-af-yes-chinese", concept("冠心病：无；房颤：有"))


def rw_history_of_mi_abbreviated_english() -> Chart:
    """A Western problem list's "h/o MI 2019" (history of myocardial infarction)."""
    return with_condition("rw-history-of-mi-abbreviated-english", concept("h/o MI 2019"))


def rw_chd_stent_abbreviated_english() -> Chart:
    """An English discharge summary from a Chinese hospital: "CHD, stent 2020" (coronary heart
    disease, a coronary stent placed in 2020)."""
    return with_condition("rw-chd-stent-abbreviated-english", concept("CHD, stent 2020"))


def rw_congenital_heart_disease_chd_english() -> Chart:
    """ "Congenital heart disease (CHD), ASD closure 1990": a repaired atrial septal defect."""
    chd = concept("Congenital heart disease (CHD), ASD closure 1990")
    return with_condition("rw-congenital-heart-disease-chd-english", chd, date(1990, 6, 1))


def rw_malnutrition_bmi_not_mi() -> Chart:
    """ "Malnutrition, BMI 17.2": the letters MI inside BMI name no infarction."""
    return with_condition("rw-malnutrition-bmi-not-mi", concept("Malnutrition, BMI 17.2"))


def rw_coronary_plaque_cta_chinese() -> Chart:
    """A coronary CTA's finding carried to the problem list: 冠脉CTA示冠脉斑块，管腔轻度狭窄
    (coronary plaque, the lumen mildly narrowed)."""
    plaque = concept("冠脉CTA示冠脉斑块，管腔轻度狭窄")
    return with_condition("rw-coronary-plaque-cta-chinese", plaque)


def rw_mild_coronary_plaque_english() -> Chart:
    """ "Coronary CTA: mild plaque, no significant stenosis"."""
    plaque = concept("Coronary CTA: mild plaque, no significant stenosis")
    return with_condition("rw-mild-coronary-plaque-english", plaque)


def rw_carotid_plaque_chinese() -> Chart:
    """颈动脉斑块形成 (carotid plaque), common on Chinese charts of the elderly: not the
    coronary arteries."""
    return with_condition("rw-carotid-plaque-chinese", concept("颈动脉斑块形成"))


def rw_af_question_answered_no_english() -> Chart:
    """A checklist question and its answer: "Atrial fibrillation? No"."""
    af = concept("Atrial fibrillation? No")
    return with_condition("rw-af-question-answered-no-english", af)


def rw_af_checklist_n_english() -> Chart:
    """A Y/N checklist column exported as text: "AF: N"."""
    return with_condition("rw-af-checklist-n-english", concept("AF: N"))


def rw_af_no_history_answer_english() -> Chart:
    return with_condition("rw-af-no-history-answer-english", concept("AF: No history"))


def rw_af_template_meiyou_chinese() -> Chart:
    """房颤：没有 (AF: there is none), the answer in everyday words."""
    return with_condition("rw-af-template-meiyou-chinese", concept("房颤：没有"))


def rw_af_unknown_answer_moderate() -> Chart:
    """A template line left unanswered, "Atrial fibrillation: unknown", whose severity the form
    filled as Moderate (SNOMED CT 6736007)."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    af = concept("Atrial fibrillation: unknown")
    return with_condition("rw-af-unknown-answer-moderate", af, severity=moderate)


def rw_lad_plaque_ccta_english() -> Chart:
    """ "CCTA: mild non-calcified plaque in LAD" (coronary CT angiography; left anterior
    descending artery)."""
    plaque = concept("CCTA: mild non-calcified plaque in LAD")
    return with_condition("rw-lad-plaque-ccta-english", plaque)


def rw_lad_stenosis_chinese() -> Chart:
    """前降支近段狭窄约50% (the proximal left anterior descending artery narrowed about 50%)."""
    return with_condition("rw-lad-stenosis-chinese", concept("前降支近段狭窄约50%"))


def rw_coronary_cta_no_plaque_chinese() -> Chart:
    """冠脉CTA：冠脉未见斑块 (coronary CTA: no plaque in the coronary arteries)."""
    return with_condition("rw-coronary-cta-no-plaque-chinese", concept("冠脉CTA：冠脉未见斑块"))


def rw_ecg_left_axis_deviation_lad() -> Chart:
    """ "ECG: LAD (left axis deviation)": LAD on an ECG is the axis, no coronary artery."""
    lad = concept("ECG: LAD (left axis deviation)")
    return with_condition("rw-ecg-left-axis-deviation-lad", lad)


def rw_mitral_insufficiency_mi_english() -> Chart:
    """ "Mild mitral insufficiency (MI)": the echo's abbreviation of the valve's leak."""
    mi = concept("Mild mitral insufficiency (MI)")
    return with_condition("rw-mitral-insufficiency-mi-english", mi)


def rw_chd_alone_english() -> Chart:
    """ "h/o CHD": coronary heart disease as Chinese hospitals abbreviate it, or congenital heart
    disease as Western cardiology does."""
    return with_condition("rw-chd-alone-english", concept("h/o CHD"))


# CMB-WORDS: a checkbox form's answers exported as text, and a checklist's answer written after
# the name with no separator; CMB-CORONARY-FINDINGS: a coronary calcium score, a myocardial
# bridge.


def _form_moderate() -> Concept:
    """The severity a cardiac history form fills in by default."""
    return concept("Moderate", (SNOMED, "6736007", "Moderate"))


def rw_af_checkbox_no_ticked_english() -> Chart:
    """A history form's checkboxes exported as text: "Atrial fibrillation [ ] yes [x] no", the
    form's default severity Moderate beside it."""
    af = concept("Atrial fibrillation [ ] yes [x] no")
    return with_condition("rw-af-checkbox-no-ticked-english", af, severity=_form_moderate())


def rw_af_checkbox_no_ticked_chinese() -> Chart:
    """房颤 ☐是 ☑否 (AF: yes unticked, no ticked), a Chinese template's ballot boxes."""
    return with_condition("rw-af-checkbox-no-ticked-chinese", concept("房颤 ☐是 ☑否"))


def rw_af_checkbox_filled_square_chinese() -> Chart:
    """房颤 □有 ■无 (AF: present unfilled, absent filled), squares filled to tick them."""
    return with_condition("rw-af-checkbox-filled-square-chinese", concept("房颤 □有 ■无"))


def rw_af_checkbox_boxes_after_english() -> Chart:
    """ "Atrial fibrillation: Yes ☐ No ☒", the boxes after their answers."""
    af = concept("Atrial fibrillation: Yes ☐ No ☒")
    return with_condition("rw-af-checkbox-boxes-after-english", af)


def rw_af_checkbox_yes_ticked_english() -> Chart:
    """ "Atrial fibrillation [x] yes [ ] no": the form says there is AF, no grade given."""
    af = concept("Atrial fibrillation [x] yes [ ] no")
    return with_condition("rw-af-checkbox-yes-ticked-english", af)


def rw_af_checkbox_neither_ticked_moderate() -> Chart:
    """ "Atrial fibrillation [ ] yes [ ] no" left blank, its severity the form's default."""
    af = concept("Atrial fibrillation [ ] yes [ ] no")
    return with_condition("rw-af-checkbox-neither-ticked-moderate", af, severity=_form_moderate())


def rw_af_checkbox_both_ticked_moderate() -> Chart:
    """房颤 ☑是 ☑否 (both boxes ticked), its severity the form's default."""
    af = concept("房颤 ☑是 ☑否")
    return with_condition("rw-af-checkbox-both-ticked-moderate", af, severity=_form_moderate())


def rw_af_no_at_end_english() -> Chart:
    """A past-history template line with its answer after a space: "AF no"."""
    return with_condition("rw-af-no-at-end-english", concept("AF no"))


def rw_af_fou_space_chinese() -> Chart:
    """房颤 否 (AF: no), the answer after a space."""
    return with_condition("rw-af-fou-space-chinese", concept("房颤 否"))


def rw_af_wu_space_chinese() -> Chart:
    """房颤 无 (AF: none), the answer after a space."""
    return with_condition("rw-af-wu-space-chinese", concept("房颤 无"))


def rw_af_no_longer_anticoagulated_english() -> Chart:
    """ "AF no longer on anticoagulation": the AF is there, its anticoagulant stopped."""
    af = concept("AF no longer on anticoagulation")
    return with_condition("rw-af-no-longer-anticoagulated-english", af)


def rw_af_no_anticoagulation_chinese() -> Chart:
    """房颤 无抗凝治疗 (AF, not anticoagulated): 无 denies the anticoagulation, not the AF."""
    return with_condition("rw-af-no-anticoagulation-chinese", concept("房颤 无抗凝治疗"))


def rw_coronary_calcium_score_zero_english() -> Chart:
    """ "Coronary artery calcium score 0" from a cardiac CT, carried to the problem list."""
    cac = concept("Coronary artery calcium score 0")
    return with_condition("rw-coronary-calcium-score-zero-english", cac)


def rw_cac_zero_abbreviated_english() -> Chart:
    return with_condition("rw-cac-zero-abbreviated-english", concept("CAC 0"))


def rw_coronary_calcium_score_zero_chinese() -> Chart:
    """冠脉钙化积分 0 (coronary calcium score 0)."""
    return with_condition("rw-coronary-calcium-score-zero-chinese", concept("冠脉钙化积分 0"))


def rw_cac_score_positive_english() -> Chart:
    """ "CAC score 120": an Agatston score above zero, calcified coronary plaque."""
    return with_condition("rw-cac-score-positive-english", concept("CAC score 120"))


def rw_lad_myocardial_bridge_chinese() -> Chart:
    """前降支中段心肌桥，收缩期狭窄约50% (a myocardial bridge over the mid LAD, narrowing it
    about 50% in systole)."""
    bridge = concept("前降支中段心肌桥，收缩期狭窄约50%")
    return with_condition("rw-lad-myocardial-bridge-chinese", bridge)


def rw_myocardial_bridge_cta_chinese() -> Chart:
    """冠脉CTA示：前降支心肌桥-壁冠状动脉形成 (coronary CTA: a myocardial bridge and mural
    coronary artery of the LAD), as Chinese CTA reports word it."""
    bridge = concept("冠脉CTA示：前降支心肌桥-壁冠状动脉形成")
    return with_condition("rw-myocardial-bridge-cta-chinese", bridge)


def rw_lad_myocardial_bridging_english() -> Chart:
    bridge = concept("Myocardial bridging of mid LAD with 50% systolic narrowing")
    return with_condition("rw-lad-myocardial-bridging-english", bridge)


def rw_myocardial_bridge_with_plaque_chinese() -> Chart:
    """前降支心肌桥，近段混合斑块，管腔轻度狭窄: a bridge, and a plaque narrowing the proximal
    LAD besides."""
    bridge = concept("前降支心肌桥，近段混合斑块，管腔轻度狭窄")
    return with_condition("rw-myocardial-bridge-with-plaque-chinese", bridge)


# === Cardiac words (twenty-fourth session): AMI, a calcium score's range, the coronary arteries
# named without a disease, a history list's unticked boxes ===


def rw_ami_abbreviated_english() -> Chart:
    """A Western problem list's "AMI 2021" (acute myocardial infarction in 2021)."""
    return with_condition("rw-ami-abbreviated-english", concept("AMI 2021"), date(2021, 5, 1))


def rw_acute_mesenteric_ischaemia_ami_english() -> Chart:
    """ "Acute mesenteric ischemia (AMI), bowel resection 2022": AMI of the gut, no heart."""
    ami = concept("Acute mesenteric ischemia (AMI), bowel resection 2022")
    return with_condition("rw-acute-mesenteric-ischaemia-ami-english", ami, date(2022, 2, 1))


def rw_cac_range_0_10_english() -> Chart:
    """ "CAC 0-10": a cardiac CT's calcium score given as a range, zero or minimal plaque."""
    return with_condition("rw-cac-range-0-10-english", concept("CAC 0-10"))


def rw_coronary_cta_name_only_chinese() -> Chart:
    """冠脉CTA (coronary CT angiography) alone on the problem list: the test, no finding."""
    return with_condition("rw-coronary-cta-name-only-chinese", concept("冠脉CTA"))


def rw_coronary_cta_no_significant_stenosis_chinese() -> Chart:
    """冠脉CTA：未见明显狭窄 (coronary CTA: no significant stenosis)."""
    cta = concept("冠脉CTA：未见明显狭窄")
    return with_condition("rw-coronary-cta-no-significant-stenosis-chinese", cta)


def rw_coronary_cta_shows_no_stenosis_chinese() -> Chart:
    """冠脉CTA示：未见明显狭窄 (coronary CTA shows: no significant stenosis), the report's verb
    between the test and its result."""
    cta = concept("冠脉CTA示：未见明显狭窄")
    return with_condition("rw-coronary-cta-shows-no-stenosis-chinese", cta)


def rw_coronary_cta_outside_hospital_plaques_chinese() -> Chart:
    """冠状动脉CTA（外院）：多发斑块，管腔中度狭窄 (coronary CTA, done at another hospital:
    multiple plaques, moderate luminal stenosis): the test, a bracketed aside, then its
    findings."""
    cta = concept("冠状动脉CTA（外院）：多发斑块，管腔中度狭窄")
    return with_condition("rw-coronary-cta-outside-hospital-plaques-chinese", cta)


def rw_coronary_cta_dated_no_stenosis_chinese() -> Chart:
    """冠脉CTA（2024）：未见明显狭窄 (coronary CTA of 2024: no significant stenosis), the year
    in brackets between the test and its negative result."""
    cta = concept("冠脉CTA（2024）：未见明显狭窄")
    return with_condition("rw-coronary-cta-dated-no-stenosis-chinese", cta)


def rw_anomalous_rca_origin_chinese() -> Chart:
    """右冠状动脉起源异常 (anomalous origin of the right coronary artery), a congenital coronary
    anomaly a coronary CTA found, its course and any ischaemia not given."""
    return with_condition("rw-anomalous-rca-origin-chinese", concept("右冠状动脉起源异常"))


def rw_history_checklist_af_unticked_english() -> Chart:
    """A history form's tick-all-that-apply list exported as one Condition text: "既往史：
    Hypertension [x] AF [ ] Diabetes [ ]" (hypertension ticked, AF and diabetes not)."""
    history = concept("既往史：Hypertension [x] AF [ ] Diabetes [ ]")
    return with_condition("rw-history-checklist-af-unticked-english", history)


def rw_history_checklist_af_unticked_chinese_moderate() -> Chart:
    """高血压 ☑ 房颤 ☐ 糖尿病 ☐ (hypertension ticked, AF and diabetes not), the form's
    default severity Moderate beside it."""
    history = concept("高血压 ☑ 房颤 ☐ 糖尿病 ☐")
    return with_condition(
        "rw-history-checklist-af-unticked-chinese-moderate", history, severity=_form_moderate()
    )


def rw_history_checklist_af_ticked_chinese() -> Chart:
    """高血压 ☐ 房颤 ☑ 糖尿病 ☐ (AF ticked, no grade given)."""
    history = concept("高血压 ☐ 房颤 ☑ 糖尿病 ☐")
    return with_condition("rw-history-checklist-af-ticked-chinese", history)


def rw_history_checklist_none_ticked_moderate() -> Chart:
    """ "既往史：Hypertension [ ] AF [ ] Diabetes [ ]": the list left blank, the form's default
    severity Moderate beside it."""
    history = concept("既往史：Hypertension [ ] AF [ ] Diabetes [ ]")
    return with_condition(
        "rw-history-checklist-none-ticked-moderate", history, severity=_form_moderate()
    )


def rw_af_comma_no_english() -> Chart:
    """A past-history template line answered after a comma: "AF, no"."""
    return with_condition("rw-af-comma-no-english", concept("AF, no"))


def rw_af_n_column_english() -> Chart:
    """A Y/N column exported with a space: "AF N"."""
    return with_condition("rw-af-n-column-english", concept("AF N"))


# === Cardiac words: template answers, coronary tests, anomalies, bullets (twenty-fourth) ===


def rw_af_none_documented_english() -> Chart:
    """A past-history review line answered after a comma: "Atrial fibrillation, none
    documented", the form's default severity Moderate beside it."""
    af = concept("Atrial fibrillation, none documented")
    return with_condition("rw-af-none-documented-english", af, severity=_form_moderate())


def rw_af_not_documented_english() -> Chart:
    """A history form's question answered "Atrial fibrillation: not documented", the form's
    default severity Moderate beside it: the form was not filled in for AF."""
    af = concept("Atrial fibrillation: not documented")
    return with_condition("rw-af-not-documented-english", af, severity=_form_moderate())


def rw_af_qualified_comma_no_english() -> Chart:
    """A history review's line "Atrial fibrillation (paroxysmal), no": the question with its
    qualifier in brackets, answered after a comma; the form's default severity Moderate."""
    af = concept("Atrial fibrillation (paroxysmal), no")
    return with_condition("rw-af-qualified-comma-no-english", af, severity=_form_moderate())


def rw_anomalous_rca_origin_short_name_chinese() -> Chart:
    """右冠起源异常 (anomalous origin of the right coronary artery, the artery by its short name
    右冠), a congenital coronary anomaly a coronary CTA found, its course and any ischaemia not
    given."""
    anomaly = concept("右冠起源异常")
    return with_condition("rw-anomalous-rca-origin-short-name-chinese", anomaly)


def rw_left_coronary_from_right_sinus_chinese() -> Chart:
    """左冠起源于右冠窦 (the left coronary artery arising from the right coronary sinus), the
    anomaly whose course between the great arteries may cause ischaemia, not given here."""
    anomaly = concept("左冠起源于右冠窦")
    return with_condition("rw-left-coronary-from-right-sinus-chinese", anomaly)


def rw_anomalous_rca_abbreviated_english() -> Chart:
    """ "Anomalous origin of the RCA from the left coronary sinus", the artery by its
    abbreviation."""
    anomaly = concept("Anomalous origin of the RCA from the left coronary sinus")
    return with_condition("rw-anomalous-rca-abbreviated-english", anomaly)


def rw_coronary_angiography_status_chinese() -> Chart:
    """冠脉造影术后 (after coronary angiography) on the problem list, no result given: an
    invasive test done for a suspicion, its answer not in the chart."""
    angiography = concept("冠脉造影术后")
    return with_condition("rw-coronary-angiography-status-chinese", angiography)


def rw_coronary_angiography_status_moderate() -> Chart:
    """冠状动脉造影术后 (after coronary angiography), no result given, the form's default
    severity Moderate beside it."""
    angiography = concept("冠状动脉造影术后")
    return with_condition(
        "rw-coronary-angiography-status-moderate", angiography, severity=_form_moderate()
    )


def rw_sp_coronary_angiography_english() -> Chart:
    """ "s/p coronary angiography" on the problem list, no result given."""
    angiography = concept("s/p coronary angiography")
    return with_condition("rw-sp-coronary-angiography-english", angiography)


def rw_coronary_angiography_normal_result_english() -> Chart:
    """A history line "Coronary angiography: normal coronary arteries", the form's default
    severity Moderate beside it: the angiography and its result, no coronary disease."""
    angiography = concept("Coronary angiography: normal coronary arteries")
    return with_condition(
        "rw-coronary-angiography-normal-result-english", angiography, severity=_form_moderate()
    )


def rw_pci_status_moderate() -> Chart:
    """PCI术后 (after percutaneous coronary intervention), the form's default severity Moderate
    beside it: a stent is coronary disease, the angiography before it too."""
    pci = concept("PCI术后")
    return with_condition("rw-pci-status-moderate", pci, severity=_form_moderate())


def rw_circle_bullets_history_chinese() -> Chart:
    """○ 高血压 ○ 阵发性房颤: a hollow circle before every item, none filled — a word
    processor's bullets (each disease there) or an electronic form's options left unchosen
    (nothing answered); the text does not tell which."""
    history = concept("○ 高血压 ○ 阵发性房颤")
    return with_condition("rw-circle-bullets-history-chinese", history)


def rw_nested_circle_bullets_af_chinese() -> Chart:
    """● 心血管疾病 ○ 高血压 ○ 阵发性房颤: a two-level bullet list copied from a word
    processor (● the heading's bullet, ○ its items'), or a form's circles with the first
    chosen."""
    history = concept("● 心血管疾病 ○ 高血压 ○ 阵发性房颤")
    return with_condition("rw-nested-circle-bullets-af-chinese", history)


def rw_history_checklist_heart_failure_bracket_unticked_english() -> Chart:
    """ "Hypertension [x] Heart failure (NYHA II-IV) [ ] Diabetes [ ]": a history form's
    tick-all list whose heart-failure option carries its classes in brackets, unticked."""
    history = concept("Hypertension [x] Heart failure (NYHA II-IV) [ ] Diabetes [ ]")
    return with_condition("rw-history-checklist-heart-failure-bracket-unticked-english", history)


def rw_heart_failure_bracket_template_none_chinese() -> Chart:
    """心力衰竭（NYHA II级及以上）：无 — a screening template's line, its question qualified in
    brackets as the protocol words it, answered none."""
    template = concept("心力衰竭（NYHA II级及以上）：无")
    return with_condition("rw-heart-failure-bracket-template-none-chinese", template)


def rw_circle_bullets_af_grade_chinese() -> Chart:
    """○ 高血压 ○ 房颤（2级）: circles before every item, none filled, a grade in brackets after
    the AF — bullets (AF of grade 2) or a form's graded option left unchosen."""
    history = concept("○ 高血压 ○ 房颤（2级）")
    return with_condition("rw-circle-bullets-af-grade-chinese", history)


# === Radiation injuries of the temporal lobe beside brain radiotherapy (twenty-third session) ===


def rw_temporal_lobe_necrosis_after_brain_srs() -> Chart:
    """Brain metastasis (C79.31) 2026-03-20, stereotactic radiosurgery to it 03-30 (bodySite
    brain), and on the problem list 2026-10-15 "左颞叶放射性坏死" (left temporal lobe radiation
    necrosis): the radiosurgery, not nasopharyngeal radiotherapy, may have caused it."""
    p, mets = with_brain_mets("rw-temporal-lobe-necrosis-after-brain-srs", date(2026, 3, 20))
    srs(p, date(2026, 3, 30), mets)
    p.chart.condition(concept("左颞叶放射性坏死"), date(2026, 10, 15))
    return p.chart


def rw_temporal_lobe_necrosis_mri_after_brain_srs() -> Chart:
    """Brain metastases, SRS 2026-07-28, then a brain MRI 2026-10-30 concluding
    "左颞叶放射性坏死，较前相仿；颅内未见新发转移灶。" (left temporal lobe radiation necrosis,
    unchanged; no new intracranial metastasis)."""
    return brain_mets_srs_then_report(
        "rw-temporal-lobe-necrosis-mri-after-brain-srs",
        "左颞叶放射性坏死，较前相仿；颅内未见新发转移灶。",
    )


def rw_left_temporal_lobe_necrosis_without_brain_rt() -> Chart:
    """The relapse chart (no brain metastases, no brain radiotherapy), and on the problem list
    2024-09 "左颞叶放射性坏死" (left temporal lobe radiation necrosis)."""
    p = npc_relapse("rw-left-temporal-lobe-necrosis-without-brain-rt")
    p.chart.condition(concept("左颞叶放射性坏死"), date(2024, 9, 1))
    return p.chart


def rw_post_radiation_changes_temporal_lobes_chinese() -> Chart:
    """A head and nasopharynx MRI concluding "双侧颞叶放疗后改变；鼻咽部未见明确复发征象。"
    (post-radiotherapy changes of both temporal lobes; no clear sign of recurrence in the
    nasopharynx); no brain metastases, no brain radiotherapy."""
    return report_says(
        "rw-post-radiation-changes-temporal-lobes-chinese",
        HEAD_MRI,
        "双侧颞叶放疗后改变；鼻咽部未见明确复发征象。",
    )


def rw_post_radiation_changes_temporal_lobes_english() -> Chart:
    """ "Post-radiation changes in the bilateral temporal lobes. No evidence of nasopharyngeal
    recurrence." """
    return report_says(
        "rw-post-radiation-changes-temporal-lobes-english",
        concept("MRI brain and nasopharynx with and without contrast"),
        "Post-radiation changes in the bilateral temporal lobes. No evidence of "
        "nasopharyngeal recurrence.",
    )


def rw_post_radiation_changes_temporal_lobes_after_wbrt() -> Chart:
    """Brain metastases 2026-04-02, whole-brain radiotherapy 30 Gy/10 fx 04-07 → 04-18, then a
    brain MRI 2026-11-10 concluding "双侧颞叶放疗后改变，颅内转移灶较前缩小。" (post-
    radiotherapy changes of both temporal lobes, the metastases smaller)."""
    p, _ = with_brain_mets("rw-post-radiation-changes-temporal-lobes-after-wbrt", date(2026, 4, 2))
    p.chart.procedure(WBRT, (date(2026, 4, 7), date(2026, 4, 18)))
    p.chart.diagnostic_report(
        BRAIN_MRI_ZH,
        date(2026, 11, 10),
        conclusion="双侧颞叶放疗后改变，颅内转移灶较前缩小。",
        category=RADIOLOGY,
    )
    return p.chart


def rw_rt_note_site_and_no_adverse_effects() -> Chart:
    """A Procedure coded "Radiotherapy", no `bodySite`, its note "鼻咽+颈部 70Gy/33F
    无明显不良反应" (nasopharynx and neck 70 Gy in 33 fractions, no notable adverse effects)."""
    return with_radiotherapy(
        "rw-rt-note-site-and-no-adverse-effects",
        concept("Radiotherapy", RADIOTHERAPY),
        note="鼻咽+颈部 70Gy/33F 无明显不良反应",
    )


def rw_rt_note_site_without_toxicity_english() -> Chart:
    """As above, the note "IMRT to nasopharynx and bilateral neck 70 Gy/33 fx without
    significant toxicity"."""
    return with_radiotherapy(
        "rw-rt-note-site-without-toxicity-english",
        concept("Radiation therapy"),
        note="IMRT to nasopharynx and bilateral neck 70 Gy/33 fx without significant toxicity",
    )


def rw_radiation_necrosis_of_temporal_lobe_english() -> Chart:
    """The relapse chart (no brain metastases, no brain radiotherapy), and on the problem list
    2024-09 "Radiation necrosis of the left temporal lobe": the lobe named after the injury."""
    p = npc_relapse("rw-radiation-necrosis-of-temporal-lobe-english")
    p.chart.condition(concept("Radiation necrosis of the left temporal lobe"), date(2024, 9, 1))
    return p.chart


def rw_bone_mets_and_temporal_lobe_necrosis_english() -> Chart:
    """The relapse chart (no brain metastases, no brain radiotherapy), and on the problem list
    2024-09 one English entry naming the bone metastases and the late injury together,
    "Nasopharyngeal carcinoma with bone metastases and bilateral temporal lobe radiation
    necrosis"."""
    p = npc_relapse("rw-bone-mets-and-temporal-lobe-necrosis-english")
    p.chart.condition(
        concept(
            "Nasopharyngeal carcinoma with bone metastases and bilateral temporal lobe "
            "radiation necrosis"
        ),
        date(2024, 9, 1),
    )
    return p.chart


# CNS-METASTASES: the meninges named with no layer ("脑膜转移", "Meningeal metastases") are a
# CNS metastasis, leptomeningeal or dural the words do not say; the leptomeninges named by what
# only they have (cancer cells in the CSF) are leptomeningeal disease; 硬脑膜 is the dura.
def rw_meningeal_metastases_english() -> Chart:
    """The reference chart, and a Condition text "Meningeal metastases" 2026-10-05; no
    treatment, no imaging, no CSF cytology."""
    p = reference_patient("rw-meningeal-metastases-english")
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    return p.chart


def rw_meningeal_metastases_csf_positive_chinese() -> Chart:
    """The reference chart, and a Condition text "脑膜转移（脑脊液找到癌细胞）" (meningeal
    metastases, cancer cells found in the cerebrospinal fluid) 2026-10-05; no treatment, no
    imaging."""
    p = reference_patient("rw-meningeal-metastases-csf-positive-chinese")
    p.chart.condition({"text": "脑膜转移（脑脊液找到癌细胞）"}, date(2026, 10, 5))
    return p.chart


def rw_dural_metastasis_chinese() -> Chart:
    """The reference chart, and a Condition text "右顶部硬脑膜转移" (a right parietal dural
    metastasis) 2026-10-05; no treatment, no imaging."""
    p = reference_patient("rw-dural-metastasis-chinese")
    p.chart.condition({"text": "右顶部硬脑膜转移"}, date(2026, 10, 5))
    return p.chart


BRAIN_CT_EN = concept("CT head without contrast")


def rw_brain_mets_suspected_diagnosis_then_ct_negative_chinese() -> Chart:
    """The reference chart; a Condition "脑转移待排" (brain metastasis to be ruled out) entered
    2026-10-10 on a headache, then a 头颅CT平扫 report 2026-11-10 "颅内未见转移征象。" (no sign
    of intracranial metastasis); no MRI; the entry left as first typed."""
    p = reference_patient("rw-brain-mets-suspected-diagnosis-then-ct-negative-chinese")
    p.chart.condition({"text": "脑转移待排"}, date(2026, 10, 10))
    p.chart.diagnostic_report(
        BRAIN_CT_ZH, date(2026, 11, 10), conclusion="颅内未见转移征象。", category=RADIOLOGY
    )
    return p.chart


def rw_brain_mets_question_then_ct_negative_english() -> Chart:
    """The reference chart; a problem-list entry "Brain metastases?" 2026-10-10, then a "CT
    head without contrast" report 2026-11-10 concluding "No intracranial metastasis. No acute
    intracranial abnormality."; no MRI; the entry left as first typed."""
    p = reference_patient("rw-brain-mets-question-then-ct-negative-english")
    p.chart.condition({"text": "Brain metastases?"}, date(2026, 10, 10))
    p.chart.diagnostic_report(
        BRAIN_CT_EN,
        date(2026, 11, 10),
        conclusion="No intracranial metastasis. No acute intracranial abnormality.",
        category=RADIOLOGY,
    )
    return p.chart


def rw_invasive_ductal_carcinoma_no_organ_tamoxifen_beside_npc() -> Chart:
    """Female; the reference patient with "Invasive ductal carcinoma" (no organ named, no code)
    of 2023-03-14, still `active`, operated on, and adjuvant tamoxifen 20 mg daily from
    2023-04-20, still taken through the NPC's GP + toripalimab (one MedicationStatement,
    active, no end, no reason)."""
    p = reference_patient(
        "rw-invasive-ductal-carcinoma-no-organ-tamoxifen-beside-npc",
        gender="female",
        birth="1973-09-02",
    )
    p.chart.condition({"text": "Invasive ductal carcinoma"}, date(2023, 3, 14))
    p.chart.medication_statement(TAMOXIFEN, (date(2023, 4, 20), None), status="active")
    return p.chart


def rw_breast_cancer_tamoxifen_paused_before_npc_course() -> Chart:
    """Female; the reference patient with "左乳浸润性导管癌" (invasive ductal carcinoma, left
    breast, text only) of 2023-03-14, still `active`, operated on, and adjuvant tamoxifen 20 mg
    daily from 2023-04-20, paused on 2026-03-31, a week before the NPC's GP + toripalimab began
    (one MedicationStatement, `on-hold`, its period ending 2026-03-31, status reason
    "鼻咽癌化疗期间暂停" — paused during the NPC's chemotherapy)."""
    p = reference_patient(
        "rw-breast-cancer-tamoxifen-paused-before-npc-course",
        gender="female",
        birth="1974-06-21",
    )
    p.chart.condition({"text": "左乳浸润性导管癌"}, date(2023, 3, 14))
    p.chart.medication_statement(
        TAMOXIFEN,
        (date(2023, 4, 20), date(2026, 3, 31)),
        status="on-hold",
        why=Why(status_reason=concept("鼻咽癌化疗期间暂停")),
    )
    return p.chart


# === Cardiac words: a test's none, N/A, a normal angiography, a form's none and subtype boxes
# (twenty-fifth session, cardiac5) ===


def rw_af_none_documented_on_holter_english() -> Chart:
    """A past-history review line "AF, none documented on Holter" (the Holter found none), the
    form's default severity Moderate beside it."""
    af = concept("AF, none documented on Holter")
    return with_condition("rw-af-none-documented-on-holter-english", af, severity=_form_moderate())


def rw_af_not_found_on_holter_chinese() -> Chart:
    """房颤：动态心电图未发现 (AF: not found on the Holter), a history form's line, the form's
    default severity Moderate beside it."""
    af = concept("房颤：动态心电图未发现")
    return with_condition("rw-af-not-found-on-holter-chinese", af, severity=_form_moderate())


def rw_af_comma_na_moderate_english() -> Chart:
    """A history form's line "AF, N/A" (the form's not-applicable answer), the form's default
    severity Moderate beside it: the question was not answered."""
    af = concept("AF, N/A")
    return with_condition("rw-af-comma-na-moderate-english", af, severity=_form_moderate())


def rw_af_not_applicable_moderate_chinese() -> Chart:
    """房颤：不适用 (AF: not applicable), a history form's line, the form's default severity
    Moderate beside it."""
    af = concept("房颤：不适用")
    return with_condition("rw-af-not-applicable-moderate-chinese", af, severity=_form_moderate())


def rw_coronary_angiography_then_no_abnormality_chinese() -> Chart:
    """冠脉造影术后，未见异常 (after coronary angiography, nothing abnormal found): the
    angiography and, after the comma, its result."""
    angiography = concept("冠脉造影术后，未见异常")
    return with_condition("rw-coronary-angiography-then-no-abnormality-chinese", angiography)


def rw_coronary_angiography_then_no_obvious_abnormality_moderate() -> Chart:
    """冠状动脉造影术后，未见明显异常 (after coronary angiography, no obvious abnormality), the
    form's default severity Moderate beside it."""
    angiography = concept("冠状动脉造影术后，未见明显异常")
    return with_condition(
        "rw-coronary-angiography-then-no-obvious-abnormality-moderate",
        angiography,
        severity=_form_moderate(),
    )


def rw_sp_coronary_angiography_no_abnormality_english() -> Chart:
    """ "s/p coronary angiography, no abnormality found" on the problem list."""
    angiography = concept("s/p coronary angiography, no abnormality found")
    return with_condition("rw-sp-coronary-angiography-no-abnormality-english", angiography)


def rw_coronary_angiography_puncture_site_normal_chinese() -> Chart:
    """冠脉造影术后，穿刺点未见血肿 (after coronary angiography, no haematoma at the puncture
    site): what the clause after the comma finds normal is the puncture site, not the arteries;
    the angiography's result is not given."""
    angiography = concept("冠脉造影术后，穿刺点未见血肿")
    return with_condition("rw-coronary-angiography-puncture-site-normal-chinese", angiography)


def rw_history_checklist_none_ticked_first_chinese() -> Chart:
    """☑无 ☐高血压 ☐房颤: a past-history form's list whose first option, 无 (none), is ticked,
    hypertension and AF unticked."""
    history = concept("☑无 ☐高血压 ☐房颤")
    return with_condition("rw-history-checklist-none-ticked-first-chinese", history)


def rw_history_checklist_none_ticked_english_moderate() -> Chart:
    """ "[x] None [ ] Hypertension [ ] AF": a history form's list with its "None" option ticked,
    the form's default severity Moderate beside it."""
    history = concept("[x] None [ ] Hypertension [ ] AF")
    return with_condition(
        "rw-history-checklist-none-ticked-english-moderate", history, severity=_form_moderate()
    )


def rw_af_subtype_paroxysmal_ticked_moderate_chinese() -> Chart:
    """房颤 ☑阵发性 ☐持续性: the form's AF line with its subtype ticked, paroxysmal (persistent
    unticked), the form's default severity Moderate beside it."""
    af = concept("房颤 ☑阵发性 ☐持续性")
    return with_condition(
        "rw-af-subtype-paroxysmal-ticked-moderate-chinese", af, severity=_form_moderate()
    )


def rw_af_subtype_paroxysmal_ticked_english() -> Chart:
    """ "Atrial fibrillation: [x] paroxysmal [ ] persistent [ ] permanent": the AF line with its
    subtype ticked, no grade given."""
    af = concept("Atrial fibrillation: [x] paroxysmal [ ] persistent [ ] permanent")
    return with_condition("rw-af-subtype-paroxysmal-ticked-english", af)


def rw_af_lone_checkbox_none_ticked_moderate_chinese() -> Chart:
    """房颤：☑无 (AF: its one box, "none", ticked), the form's default severity Moderate beside
    it."""
    af = concept("房颤：☑无")
    return with_condition(
        "rw-af-lone-checkbox-none-ticked-moderate-chinese", af, severity=_form_moderate()
    )


def rw_m0_years_ago_untreated_then_bone_mets() -> Chart:
    """An NPC diagnosed 2022-09-05 and staged cT3 cN2 cM0, III (AJCC 8th) a week later; nothing
    of its treatment then recorded here; bone metastases (C79.51) 2026-03-20, never restaged;
    GP + toripalimab ×6 and maintenance from 2026-04-08, the first course this chart records."""
    p = Npc(
        "rw-m0-years-ago-untreated-then-bone-mets",
        birth="1969-04-02",
        diagnosed=date(2022, 9, 5),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2022, 9, 12))
    p.metastasis(BONE_METS, date(2026, 3, 20))
    p.fit()
    p.first_line()
    return p.chart


def rw_m0_years_ago_untreated_then_bone_mets_chinese() -> Chart:
    """As `rw_m0_years_ago_untreated_then_bone_mets`, the way a Chinese problem list writes it:
    the NPC "鼻咽癌" of 2022-09-05 with its stage summary "T3N2M0 III期" (AJCC 第8版), and
    "多发骨转移" (multiple bone metastases), text only, 2026-03-20."""
    p = Npc(
        "rw-m0-years-ago-untreated-then-bone-mets-chinese",
        birth="1970-11-23",
        diagnosis={"text": "鼻咽癌"},
        diagnosed=date(2022, 9, 5),
    )
    p.cancer["stage"] = [
        {"summary": {"text": "III期 (T3N2M0)"}, "type": {"text": "临床分期 AJCC第8版"}}
    ]
    p.chart.condition(concept("多发骨转移"), date(2026, 3, 20))
    p.fit()
    p.first_line()
    return p.chart


def rw_m0_years_ago_untreated_then_metastatic_npc_entry() -> Chart:
    """As `rw_m0_years_ago_untreated_then_bone_mets`, the spread entered as a new diagnosis of
    the cancer at the 2026 admission: "鼻咽癌多发骨转移" (C11.9) 2026-03-20, beside the 2022
    NPC Condition and its cM0 stage."""
    p = Npc(
        "rw-m0-years-ago-untreated-then-metastatic-npc-entry",
        birth="1967-06-30",
        diagnosed=date(2022, 9, 5),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2022, 9, 12))
    p.chart.condition(
        concept("鼻咽癌多发骨转移", (ICD10CM, "C11.9", NPC_DISPLAY)), date(2026, 3, 20)
    )
    p.fit()
    p.first_line()
    return p.chart


def rw_liver_nodule_metastasis_not_considered() -> Chart:
    """An NPC diagnosed 2026-03-03, staged cT3 cN2 cM0, III on 2026-03-10, not yet treated; the
    staging CT's finding entered 2026-03-20 as "肝脏小结节，不考虑转移" (a small liver nodule,
    metastasis not considered)."""
    p = Npc(
        "rw-liver-nodule-metastasis-not-considered",
        birth="1972-05-08",
        diagnosed=date(2026, 3, 3),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(concept("肝脏小结节，不考虑转移"), date(2026, 3, 20))
    return p.chart


def rw_bone_scan_bone_metastasis_not_considered() -> Chart:
    """As `rw_liver_nodule_metastasis_not_considered`, the bone scan's conclusion entered
    2026-03-20 as "骨扫描：不考虑骨转移" (bone scan: bone metastasis not considered)."""
    p = Npc(
        "rw-bone-scan-bone-metastasis-not-considered",
        birth="1975-01-17",
        diagnosed=date(2026, 3, 3),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(concept("骨扫描：不考虑骨转移"), date(2026, 3, 20))
    return p.chart


def rw_liver_lesion_metastasis_not_favoured_english() -> Chart:
    """As `rw_liver_nodule_metastasis_not_considered`, the finding in English: "Liver lesion,
    likely haemangioma; metastasis not favoured" 2026-03-20."""
    p = Npc(
        "rw-liver-lesion-metastasis-not-favoured-english",
        birth="1966-09-29",
        diagnosed=date(2026, 3, 3),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(
        concept("Liver lesion, likely haemangioma; metastasis not favoured"), date(2026, 3, 20)
    )
    return p.chart


def rw_liver_mets_and_bone_metastasis_not_considered() -> Chart:
    """De novo metastatic NPC as the reference chart, but its metastases are the liver's
    (C78.7, staged cT3 cN2 cM1 IVB), and the bone scan's conclusion is on the problem list too:
    "骨扫描：不考虑骨转移" (bone metastasis not considered) 2026-03-20; first line given."""
    p = Npc("rw-liver-mets-and-bone-metastasis-not-considered", birth="1973-02-14")
    p.tnm()
    p.metastasis(LIVER_METS)
    p.chart.condition(concept("骨扫描：不考虑骨转移"), date(2026, 3, 20))
    p.fit()
    p.first_line()
    return p.chart


def rw_liver_metastasis_suspected_then_not_considered() -> Chart:
    """As `rw_liver_metastasis_suspected_after_m0_then_ruled_out`, the MRI's verdict written
    "肝脏MRI：考虑血管瘤，不考虑转移" (liver MRI: haemangioma, metastasis not considered)
    2026-03-28, after the staging CT's "肝转移待排" 2026-03-20 and the cM0 of 2026-03-10."""
    p = Npc(
        "rw-liver-metastasis-suspected-then-not-considered",
        birth="1971-08-19",
        diagnosed=date(2026, 3, 3),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(concept("肝转移待排"), date(2026, 3, 20))
    p.chart.condition(concept("肝脏MRI：考虑血管瘤，不考虑转移"), date(2026, 3, 28))
    return p.chart


def rw_bone_metastasis_unclear_after_m0() -> Chart:
    """As `rw_liver_nodule_metastasis_not_considered`, the bone scan's conclusion entered
    2026-03-20 as "骨扫描：胸椎浓聚灶，骨转移不明确，建议MRI" (bone scan: a thoracic hot spot,
    bone metastasis unclear, MRI advised); nothing since."""
    p = Npc("rw-bone-metastasis-unclear-after-m0", birth="1970-10-10", diagnosed=date(2026, 3, 3))
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(concept("骨扫描：胸椎浓聚灶，骨转移不明确，建议MRI"), date(2026, 3, 20))
    return p.chart


def rw_bone_metastasis_evidence_insufficient_after_m0() -> Chart:
    """As `rw_bone_metastasis_unclear_after_m0`, the conclusion "胸椎MRI：T8椎体异常信号，骨转移
    依据不足" (thoracic MRI: abnormal signal in T8, evidence for a bone metastasis insufficient)
    2026-03-25."""
    p = Npc(
        "rw-bone-metastasis-evidence-insufficient-after-m0",
        birth="1965-12-03",
        diagnosed=date(2026, 3, 3),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(concept("胸椎MRI：T8椎体异常信号，骨转移依据不足"), date(2026, 3, 25))
    return p.chart


def rw_npc_bone_metastasis_negative_in_diagnosis() -> Chart:
    """An NPC not yet treated whose only stage is in its discharge diagnosis: "鼻咽癌 T3N2M0
    III期 骨转移(-)" (C11.9; bone metastasis negative, as the work-up's result), fit."""
    p = Npc(
        "rw-npc-bone-metastasis-negative-in-diagnosis",
        birth="1977-03-21",
        diagnosis=concept("鼻咽癌 T3N2M0 III期 骨转移(-)", (ICD10CM, "C11.9", NPC_DISPLAY)),
        diagnosed=date(2026, 3, 3),
    )
    p.fit()
    return p.chart


def m0_then_bone_scan(pid: str, birth: str, words: str) -> Chart:
    """An NPC diagnosed 2026-03-03, staged cT3 cN2 cM0, III on 2026-03-10, fit, not yet treated;
    the bone scan's conclusion entered on the problem list 2026-03-20 in `words`."""
    p = Npc(pid, birth=birth, diagnosed=date(2026, 3, 3))
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(concept(words), date(2026, 3, 20))
    return p.chart


def rw_bone_metastasis_not_ruled_out_after_m0() -> Chart:
    """ "骨扫描：胸椎浓聚灶，不排除骨转移" (a thoracic hot spot, bone metastasis not ruled out)."""
    return m0_then_bone_scan(
        "rw-bone-metastasis-not-ruled-out-after-m0",
        "1969-01-26",
        "骨扫描：胸椎浓聚灶，不排除骨转移",
    )


def rw_bone_metastasis_mri_advised_to_rule_out() -> Chart:
    """ "骨扫描：胸椎浓聚灶，建议MRI以排除转移" (a thoracic hot spot, MRI advised to rule out a
    metastasis)."""
    return m0_then_bone_scan(
        "rw-bone-metastasis-mri-advised-to-rule-out",
        "1973-07-04",
        "骨扫描：胸椎浓聚灶，建议MRI以排除转移",
    )


def rw_bone_metastasis_suspected_diagnosis_after_m0() -> Chart:
    """ "疑诊骨转移（胸椎）" (bone metastasis, thoracic spine, a suspected diagnosis)."""
    return m0_then_bone_scan(
        "rw-bone-metastasis-suspected-diagnosis-after-m0", "1976-02-15", "疑诊骨转移（胸椎）"
    )


def rw_no_convincing_evidence_of_bone_metastasis_english() -> Chart:
    """As `rw_bone_metastasis_not_ruled_out_after_m0`, the bone scan in English: "Bone scan: no
    convincing evidence of bone metastasis"."""
    return m0_then_bone_scan(
        "rw-no-convincing-evidence-of-bone-metastasis-english",
        "1968-05-30",
        "Bone scan: no convincing evidence of bone metastasis",
    )


def rw_bone_metastasis_awaiting_pathology() -> Chart:
    """As `rw_bone_metastasis_not_ruled_out_after_m0`, the entry "胸椎骨转移（待病理证实）"
    (thoracic bone metastasis, awaiting pathological confirmation)."""
    return m0_then_bone_scan(
        "rw-bone-metastasis-awaiting-pathology", "1974-09-12", "胸椎骨转移（待病理证实）"
    )


def rw_meningeal_metastases_intrathecal_procedure_english() -> Chart:
    """The reference chart, a Condition text only "Meningeal metastases" 2026-10-05, and a
    Procedure "Lumbar puncture with intrathecal chemotherapy" 2026-10-09 (no drug record)."""
    p = reference_patient("rw-meningeal-metastases-intrathecal-procedure-english")
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    p.chart.procedure(concept("Lumbar puncture with intrathecal chemotherapy"), date(2026, 10, 9))
    return p.chart


def rw_meningeal_metastases_csf_cytology_observation_chinese() -> Chart:
    """The reference chart, a Condition text only "脑膜转移" 2026-10-05, and a laboratory
    Observation "脑脊液细胞学" (CSF cytology) 2026-10-03 valued "找到癌细胞" (cancer cells
    found)."""
    p = reference_patient("rw-meningeal-metastases-csf-cytology-observation-chinese")
    p.chart.condition({"text": "脑膜转移"}, date(2026, 10, 5))
    p.chart.observation(concept("脑脊液细胞学"), date(2026, 10, 3), value_string="找到癌细胞")
    return p.chart


def rw_meningeal_metastases_csf_cytology_report_english() -> Chart:
    """The reference chart, a Condition text only "Meningeal metastases" 2026-10-05, and a
    DiagnosticReport "CSF cytology" 2026-10-03 concluding "CSF cytology: malignant cells
    present, consistent with metastatic carcinoma."."""
    p = reference_patient("rw-meningeal-metastases-csf-cytology-report-english")
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    p.chart.diagnostic_report(
        concept("CSF cytology"),
        date(2026, 10, 3),
        conclusion="CSF cytology: malignant cells present, consistent with metastatic carcinoma.",
    )
    return p.chart


def rw_spinal_leptomeninges_named_chinese() -> Chart:
    """The reference chart, and a Condition text "腰骶段软脊膜转移" (metastases of the
    lumbosacral spinal leptomeninges, 软脊膜) 2026-10-05; no treatment, no imaging."""
    p = reference_patient("rw-spinal-leptomeninges-named-chinese")
    p.chart.condition({"text": "腰骶段软脊膜转移"}, date(2026, 10, 5))
    return p.chart


# CNS-METASTASES: intrathecal methotrexate by its route (SNOMED CT 72607000 "Intrathecal route",
# as the ONCOFAIR implementation guide and DICOM CID 11 list it) and the ward's words.
METHOTREXATE = concept("甲氨蝶呤注射液 (Methotrexate)")
INTRATHECAL = concept("鞘内注射", (SNOMED, "72607000", "Intrathecal route"))
IT_MTX_DAYS = (date(2026, 10, 9), date(2026, 10, 16), date(2026, 10, 23))


def rw_meningeal_metastases_intrathecal_mtx_chinese() -> Chart:
    """The reference chart, a Condition text only "脑膜转移" 2026-10-05, and three
    MedicationAdministrations of methotrexate 10 mg by the intrathecal route (SNOMED CT 72607000,
    text 鞘内注射) 2026-10-09, 10-16 and 10-23, toripalimab maintenance going on; no imaging, no
    CSF cytology recorded."""
    p = reference_patient("rw-meningeal-metastases-intrathecal-mtx-chinese")
    p.chart.condition({"text": "脑膜转移"}, date(2026, 10, 5))
    for day in IT_MTX_DAYS:
        p.chart.medication_administration(
            METHOTREXATE, day, route=INTRATHECAL, dosage_text="10mg 鞘内注射"
        )
    return p.chart


# LOT-OTHER-INDICATION: low-dose weekly oral methotrexate for rheumatoid arthritis begun during
# the first line's maintenance (ICD-10-CM M06.9 "Rheumatoid arthritis, unspecified").
RA = concept("Rheumatoid arthritis", (ICD10CM, "M06.9", "Rheumatoid arthritis, unspecified"))
RA_CHINESE = concept("类风湿关节炎", (ICD10CM, "M06.9", "Rheumatoid arthritis, unspecified"))
MTX_TABLET = concept("Methotrexate 2.5 mg oral tablet")
MTX_TABLET_CHINESE = concept("甲氨蝶呤片 2.5mg")


def rw_ra_weekly_mtx_reason_english() -> Chart:
    """LOT-OTHER-INDICATION, LOT-SUPPORTIVE (twenty-eighth session): the reference chart, with
    rheumatoid arthritis (M06.9) on the problem list since 2019-05-10, and an `active` order
    (MedicationRequest) "MTX 10 mg PO weekly" of methotrexate 2.5 mg tablets authored
    2026-09-16, during the toripalimab maintenance, whose `reasonReference` is the rheumatoid
    arthritis."""
    p = reference_patient("rw-ra-weekly-mtx-reason-english")
    ra = p.chart.condition(RA, date(2019, 5, 10))
    p.chart.medication_request(
        MTX_TABLET,
        date(2026, 9, 16),
        status="active",
        dosage_text="MTX 10 mg PO weekly",
        why=Why(reason_reference=[ra]),
    )
    return p.chart


def rw_ra_weekly_mtx_on_problem_list_chinese() -> Chart:
    """LOT-OTHER-INDICATION, LOT-SUPPORTIVE (twenty-eighth session): the reference chart, with
    类风湿关节炎 (M06.9) on the problem list since 2018-03-02, and an `active` order of 甲氨蝶呤片
    2.5mg "10mg 口服 每周一次" authored 2026-09-16, during the toripalimab maintenance, naming no
    reason."""
    p = reference_patient("rw-ra-weekly-mtx-on-problem-list-chinese")
    p.chart.condition(RA_CHINESE, date(2018, 3, 2))
    p.chart.medication_request(
        MTX_TABLET_CHINESE, date(2026, 9, 16), status="active", dosage_text="10mg 口服 每周一次"
    )
    return p.chart


def rw_weekly_mtx_no_indication_english() -> Chart:
    """LOT-OTHER-INDICATION (twenty-eighth session): the reference chart, and an `active` order
    "MTX 10 mg PO weekly" of methotrexate 2.5 mg tablets authored 2026-09-16, during the
    toripalimab maintenance, naming no reason; no rheumatic or other disease methotrexate
    treats on the chart."""
    p = reference_patient("rw-weekly-mtx-no-indication-english")
    p.chart.medication_request(
        MTX_TABLET, date(2026, 9, 16), status="active", dosage_text="MTX 10 mg PO weekly"
    )
    return p.chart


def rw_ra_weekly_mtx_statement_english() -> Chart:
    """LOT-OTHER-INDICATION, LOT-SUPPORTIVE (twenty-eighth session): the reference chart, with
    rheumatoid arthritis (M06.9) on the problem list since 2019-05-10, and an `active`
    MedicationStatement of methotrexate 2.5 mg tablets from 2026-09-16 (no end), during the
    toripalimab maintenance, its dosage "Methotrexate 15 mg PO once weekly", naming no
    reason."""
    p = reference_patient("rw-ra-weekly-mtx-statement-english")
    p.chart.condition(RA, date(2019, 5, 10))
    p.chart.medication_statement(
        MTX_TABLET,
        (date(2026, 9, 16), None),
        status="active",
        dosage_text="Methotrexate 15 mg PO once weekly",
    )
    return p.chart


def rw_ra_mtx_administrations_q7d_chinese() -> Chart:
    """LOT-OTHER-INDICATION, LOT-SUPPORTIVE (twenty-eighth session): the reference chart, with
    类风湿关节炎 (M06.9) on the problem list since 2018-03-02, and four MedicationAdministrations
    of 甲氨蝶呤片 2.5mg, each "15mg 口服 q7d" (every seven days: the week in a day unit),
    2026-09-16, 09-23, 09-30 and 10-07, during the toripalimab maintenance, naming no
    reason."""
    p = reference_patient("rw-ra-mtx-administrations-q7d-chinese")
    p.chart.condition(RA_CHINESE, date(2018, 3, 2))
    for day in (date(2026, 9, 16), date(2026, 9, 23), date(2026, 9, 30), date(2026, 10, 7)):
        p.chart.medication_administration(MTX_TABLET_CHINESE, day, dosage_text="15mg 口服 q7d")
    return p.chart


# LOT-OTHER-INDICATION: the other non-cancer uses of anticancer drugs most likely on an NPC
# chart (middle-aged and older southern Chinese, mostly men): methotrexate for psoriasis, written
# 银屑病 with no code, and rituximab for an ANCA vasculitis (ICD-10-CM M31.7 "Microscopic
# polyangiitis", the commoner ANCA vasculitis of older Chinese patients).
PSORIASIS_CHINESE = concept("寻常型银屑病")
MPA_CHINESE = concept("显微镜下多血管炎", (ICD10CM, "M31.7", "Microscopic polyangiitis"))
RITUXIMAB_CHINESE = concept("利妥昔单抗注射液 (Rituximab)")
RTX_WEEKS = (date(2026, 9, 16), date(2026, 9, 23), date(2026, 9, 30), date(2026, 10, 7))


def rw_psoriasis_weekly_mtx_chinese() -> Chart:
    """LOT-OTHER-INDICATION (twenty-eighth session): the reference chart, with 寻常型银屑病
    (psoriasis vulgaris, text only, no code) on the problem list since 2015-04-20, and an
    `active` order of 甲氨蝶呤片 2.5mg "10mg 口服 每周一次" authored 2026-09-16, during the
    toripalimab maintenance, naming no reason."""
    p = reference_patient("rw-psoriasis-weekly-mtx-chinese")
    p.chart.condition(PSORIASIS_CHINESE, date(2015, 4, 20))
    p.chart.medication_request(
        MTX_TABLET_CHINESE, date(2026, 9, 16), status="active", dosage_text="10mg 口服 每周一次"
    )
    return p.chart


def rw_mpa_rituximab_reason_chinese() -> Chart:
    """LOT-OTHER-INDICATION (twenty-eighth session): the reference chart, with
    显微镜下多血管炎 (M31.7) diagnosed 2026-09-02, and four MedicationAdministrations of
    利妥昔单抗 "375mg/m2 静滴 每周1次" 2026-09-16, 09-23, 09-30 and 10-07, during the
    toripalimab maintenance, each whose `reasonReference` is the vasculitis."""
    p = reference_patient("rw-mpa-rituximab-reason-chinese")
    mpa = p.chart.condition(MPA_CHINESE, date(2026, 9, 2))
    for day in RTX_WEEKS:
        p.chart.medication_administration(
            RITUXIMAB_CHINESE,
            day,
            dosage_text="375mg/m2 静滴 每周1次",
            why=Why(reason_reference=[mpa]),
        )
    return p.chart


def rw_mpa_rituximab_no_reason_chinese() -> Chart:
    """LOT-OTHER-INDICATION (twenty-eighth session): as `rw_mpa_rituximab_reason_chinese`,
    the administrations naming no reason."""
    p = reference_patient("rw-mpa-rituximab-no-reason-chinese")
    p.chart.condition(MPA_CHINESE, date(2026, 9, 2))
    for day in RTX_WEEKS:
        p.chart.medication_administration(
            RITUXIMAB_CHINESE, day, dosage_text="375mg/m2 静滴 每周1次"
        )
    return p.chart


def rw_outside_gp_by_month_last_this_month() -> Chart:
    """GEN-AS-OF, LOT-IN-PROGRESS, LOT-REGIMEN (twenty-eighth session): de novo metastatic
    NPC, its first line given at an outside hospital and entered here as history: cisplatin,
    gemcitabine and toripalimab MedicationStatements, `completed`, one of each per cycle dated
    only by its month — "2026-06" to "2026-11", the last in the current month (as_of
    2026-11-25); no maintenance, no progression recorded."""
    p = Npc("rw-outside-gp-by-month-last-this-month").staged().fit()
    for month in range(6, 12):
        for drug in (CISPLATIN, GEMCITABINE, TORIPALIMAB):
            record = p.chart.medication_statement(drug, date(2026, month, 1))
            record["effectiveDateTime"] = f"2026-{month:02d}"
    return p.chart


def rw_docetaxel_status_unknown_begun_in_maintenance() -> Chart:
    """EXP-GIVEN, LOT-NEW-AGENT (twenty-eighth session): the reference chart, and three
    MedicationAdministrations of docetaxel 75 mg/m2 on 2026-09-23, 10-14 and 11-04, during the
    toripalimab maintenance, each of status `unknown`; no progression recorded."""
    p = reference_patient("rw-docetaxel-status-unknown-begun-in-maintenance")
    for day in every_21_days(date(2026, 9, 23), 3):
        p.chart.medication_administration(
            DOCETAXEL, day, dosage_text="75 mg/m2 ivgtt d1", status="unknown"
        )
    return p.chart


def rw_af_none_documented_then_amiodarone_english() -> Chart:
    """ "AF, none documented, on amiodarone": a history review's answer, then the treatment the
    patient is on — an antiarrhythmic given for AF."""
    af = concept("AF, none documented, on amiodarone")
    return with_condition("rw-af-none-documented-then-amiodarone-english", af)


def rw_af_none_on_holter_then_amiodarone_moderate_english() -> Chart:
    """ "AF, none documented on Holter, on amiodarone": the Holter found none while the patient
    takes amiodarone; the form's default severity Moderate beside it."""
    af = concept("AF, none documented on Holter, on amiodarone")
    return with_condition(
        "rw-af-none-on-holter-then-amiodarone-moderate-english", af, severity=_form_moderate()
    )


def rw_af_not_found_on_holter_then_amiodarone_chinese() -> Chart:
    """房颤：动态心电图未发现，口服胺碘酮 (AF: not found on the Holter; takes amiodarone by
    mouth)."""
    af = concept("房颤：动态心电图未发现，口服胺碘酮")
    return with_condition("rw-af-not-found-on-holter-then-amiodarone-chinese", af)


def rw_denied_af_then_propafenone_chinese() -> Chart:
    """否认房颤，口服普罗帕酮 (denies AF; takes propafenone by mouth)."""
    af = concept("否认房颤，口服普罗帕酮")
    return with_condition("rw-denied-af-then-propafenone-chinese", af)


def rw_af_none_documented_then_metoprolol_english() -> Chart:
    """ "AF, none documented, on metoprolol": the answer, then a beta-blocker — given for
    hypertension and angina as often as for an AF's rate."""
    af = concept("AF, none documented, on metoprolol")
    return with_condition("rw-af-none-documented-then-metoprolol-english", af)


def rw_af_none_then_rivaroxaban_chinese() -> Chart:
    """房颤：无，口服利伐沙班 (AF: none; takes rivaroxaban by mouth) — an anticoagulant given for
    venous thromboembolism as often as for AF."""
    af = concept("房颤：无，口服利伐沙班")
    return with_condition("rw-af-none-then-rivaroxaban-chinese", af)


def rw_af_grade_2_box_ticked_chinese() -> Chart:
    """房颤 ☐1级 ☑2级: the form's AF line with its grade boxes, grade 2 ticked."""
    af = concept("房颤 ☐1级 ☑2级")
    return with_condition("rw-af-grade-2-box-ticked-chinese", af)


def rw_af_grade_1_box_ticked_english() -> Chart:
    """ "AF grade [x]1 [ ]2 [ ]3": the form's AF line, grade 1 ticked."""
    af = concept("AF grade [x]1 [ ]2 [ ]3")
    return with_condition("rw-af-grade-1-box-ticked-english", af)


def rw_af_grade_2_box_ticked_colon_chinese() -> Chart:
    """房颤：☐1级 ☑2级 ☐3级: the grade boxes after the question's colon, grade 2 ticked."""
    af = concept("房颤：☐1级 ☑2级 ☐3级")
    return with_condition("rw-af-grade-2-box-ticked-colon-chinese", af)


def rw_af_grade_boxes_two_ticked_chinese() -> Chart:
    """房颤 ☑1级 ☑2级: two grades ticked on the form's AF line."""
    af = concept("房颤 ☑1级 ☑2级")
    return with_condition("rw-af-grade-boxes-two-ticked-chinese", af)


def rw_af_grade_boxes_none_ticked_english() -> Chart:
    """ "AF grade [ ]1 [ ]2 [ ]3": the form's AF line, no grade ticked."""
    af = concept("AF grade [ ]1 [ ]2 [ ]3")
    return with_condition("rw-af-grade-boxes-none-ticked-english", af)


def rw_af_unknown_aetiology_moderate_english() -> Chart:
    """ "AF, unknown aetiology": the AF, its cause not known; the form's default severity
    Moderate beside it."""
    af = concept("AF, unknown aetiology")
    return with_condition("rw-af-unknown-aetiology-moderate-english", af, severity=_form_moderate())


def rw_af_etiology_colon_unknown_moderate_english() -> Chart:
    """ "Atrial fibrillation - etiology: unknown": the form's question about the AF's cause,
    answered unknown; the form's default severity Moderate beside it."""
    af = concept("Atrial fibrillation - etiology: unknown")
    return with_condition(
        "rw-af-etiology-colon-unknown-moderate-english", af, severity=_form_moderate()
    )


def rw_af_cause_unknown_moderate_chinese() -> Chart:
    """房颤 病因：不详 (AF; its cause: not known), the form's default severity Moderate beside
    it."""
    af = concept("房颤 病因：不详")
    return with_condition("rw-af-cause-unknown-moderate-chinese", af, severity=_form_moderate())


def rw_af_cause_under_investigation_moderate_chinese() -> Chart:
    """房颤，原因待查 (AF, its cause under investigation), the form's default severity Moderate
    beside it."""
    af = concept("房颤，原因待查")
    return with_condition(
        "rw-af-cause-under-investigation-moderate-chinese", af, severity=_form_moderate()
    )


def rw_heart_failure_nyha_3_cause_under_investigation_chinese() -> Chart:
    """慢性心力衰竭 心功能III级（病因待查） (chronic heart failure, NYHA class III; its cause
    under investigation)."""
    hf = concept("慢性心力衰竭 心功能III级（病因待查）")
    return with_condition("rw-heart-failure-nyha-3-cause-under-investigation-chinese", hf)


def rw_af_possible_cause_hyperthyroidism_moderate_english() -> Chart:
    """ "Atrial fibrillation, possible cause hyperthyroidism", severity Moderate: the AF, and
    what may have caused it."""
    af = concept("Atrial fibrillation, possible cause hyperthyroidism")
    return with_condition(
        "rw-af-possible-cause-hyperthyroidism-moderate-english", af, severity=_form_moderate()
    )


def rw_palpitations_considered_af_chinese() -> Chart:
    """心悸，考虑房颤所致 (palpitations, considered caused by AF): AF is the working
    explanation of a symptom."""
    palpitations = concept("心悸，考虑房颤所致")
    return with_condition("rw-palpitations-considered-af-chinese", palpitations)


def rw_nyha_class_3_with_fenji_colon_chinese() -> Chart:
    """心功能分级：III级 (heart-function classification: class III), no heart-failure word, no
    code — as an admission note's template writes the NYHA class."""
    hf = concept("心功能分级：III级")
    return with_condition("rw-nyha-class-3-with-fenji-colon-chinese", hf)


def rw_nyha_fenji_class_1_alone_chinese() -> Chart:
    """高血压病 心功能分级：I级 (hypertension; heart-function classification: class I)."""
    hf = concept("高血压病 心功能分级：I级")
    return with_condition("rw-nyha-fenji-class-1-alone-chinese", hf)


def rw_chf_nyha_class_colon_3_english() -> Chart:
    """ "Chronic heart failure, NYHA class: III" on the problem list."""
    hf = concept("Chronic heart failure, NYHA class: III")
    return with_condition("rw-chf-nyha-class-colon-3-english", hf)


def rw_af_with_nyha_fenji_class_2_chinese() -> Chart:
    """持续性房颤 NYHA分级 II级 (persistent AF; NYHA classification class II)."""
    af = concept("持续性房颤 NYHA分级 II级")
    return with_condition("rw-af-with-nyha-fenji-class-2-chinese", af)


def rw_af_grade_boxes_none_ticked_moderate_chinese() -> Chart:
    """ "房颤：☐1级 ☐2级 ☐3级" (the AF row of a history form, no grade ticked), the form's default
    severity Moderate beside it."""
    af = concept("房颤：☐1级 ☐2级 ☐3级")
    return with_condition(
        "rw-af-grade-boxes-none-ticked-moderate-chinese", af, severity=_form_moderate()
    )


def rw_npc_and_in_situ_cancer_in_one_diagnosis_text() -> Chart:
    """The reference chart, its NPC recorded only as an outpatient clinic's numbered diagnosis
    line, text only: "1.鼻咽癌IVB期 2.膀胱原位癌术后" (1. NPC stage IVB; 2. after surgery for a
    bladder carcinoma in situ)."""
    p = Npc(
        "rw-npc-and-in-situ-cancer-in-one-diagnosis-text",
        diagnosis={"text": "1.鼻咽癌IVB期 2.膀胱原位癌术后"},
    )
    p.staged().fit()
    p.first_line()
    return p.chart


def rw_m0_years_ago_then_liver_mets_not_resectable_english() -> Chart:
    """As `rw_m0_years_ago_untreated_then_bone_mets`, the spread on the problem list in a
    surgeon's words, text only, 2026-03-20: "Liver metastases not considered resectable"."""
    p = Npc(
        "rw-m0-years-ago-then-liver-mets-not-resectable-english",
        birth="1968-08-17",
        diagnosed=date(2022, 9, 5),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2022, 9, 12))
    p.chart.condition(concept("Liver metastases not considered resectable"), date(2026, 3, 20))
    p.fit()
    p.first_line()
    return p.chart


def rw_indeterminate_liver_lesion_metastasis_not_excluded_after_m0() -> Chart:
    """As `rw_bone_metastasis_not_ruled_out_after_m0`, a CT's conclusion in English:
    "CT abdomen: indeterminate liver lesion, metastasis not excluded"."""
    return m0_then_bone_scan(
        "rw-indeterminate-liver-lesion-metastasis-not-excluded-after-m0",
        "1971-12-03",
        "CT abdomen: indeterminate liver lesion, metastasis not excluded",
    )


def rw_npc_suspected_diagnosis_yizhen() -> Chart:
    """The diagnosis as a suspected one: "疑诊鼻咽癌" (NPC, a suspected diagnosis), no code;
    staged cM1, bone metastases, first line given."""
    return diagnosed_as("rw-npc-suspected-diagnosis-yizhen", {"text": "疑诊鼻咽癌"})


def rw_history_checklist_then_another_question_chinese() -> Chart:
    """An admission form's past-history list, nothing ticked, run on by the personal history's
    next question on the same line: "☐高血压 ☐冠心病 ☐房颤 饮酒：☑无" (hypertension, CHD, AF
    unticked; alcohol: none)."""
    history = concept("☐高血压 ☐冠心病 ☐房颤 饮酒：☑无")
    return with_condition("rw-history-checklist-then-another-question-chinese", history)


def rw_residual_dcis_reexcised_tamoxifen_beside_npc() -> Chart:
    """As `rw_dcis_tamoxifen_beside_npc`, the DCIS entered after its re-excision as "左乳导管原位
    癌，术后切缘残留，再次扩切" (left-breast DCIS, residual at the lumpectomy's margin, re-excised;
    text only) of 2023-05-08, and tamoxifen 20 mg daily from 2023-07-01, still taken (one
    MedicationStatement, active, no end, no reason)."""
    p = reference_patient(
        "rw-residual-dcis-reexcised-tamoxifen-beside-npc", gender="female", birth="1975-02-11"
    )
    p.chart.condition({"text": "左乳导管原位癌，术后切缘残留，再次扩切"}, date(2023, 5, 8))
    p.chart.medication_statement(TAMOXIFEN, (date(2023, 7, 1), None), status="active")
    return p.chart


def rw_af_checkbox_not_applicable_moderate_chinese() -> Chart:
    """房颤：☑不适用 (AF: its one box, "not applicable", ticked), the form's default severity
    Moderate beside it."""
    af = concept("房颤：☑不适用")
    return with_condition(
        "rw-af-checkbox-not-applicable-moderate-chinese", af, severity=_form_moderate()
    )


def rw_bone_metastasis_cannot_be_excluded_after_m0() -> Chart:
    """As `rw_bone_metastasis_not_ruled_out_after_m0`, the conclusion "骨扫描：胸椎浓聚灶，骨转移
    不可除外" (a thoracic hot spot, bone metastasis cannot be excluded)."""
    return m0_then_bone_scan(
        "rw-bone-metastasis-cannot-be-excluded-after-m0",
        "1970-10-09",
        "骨扫描：胸椎浓聚灶，骨转移不可除外",
    )


def rw_bone_metastasis_not_considered_after_it_m0() -> Chart:
    """As `rw_bone_metastasis_not_ruled_out_after_m0`, the conclusion "骨扫描：胸椎浓聚灶，考虑
    退行性变，骨转移暂不考虑" (a thoracic hot spot, degenerative change; bone metastasis not
    considered for now)."""
    return m0_then_bone_scan(
        "rw-bone-metastasis-not-considered-after-it-m0",
        "1966-03-27",
        "骨扫描：胸椎浓聚灶，考虑退行性变，骨转移暂不考虑",
    )


def rw_idc_no_organ_chinese_tamoxifen_beside_npc() -> Chart:
    """As `rw_invasive_ductal_carcinoma_no_organ_tamoxifen_beside_npc`, the cancer as a Chinese
    pathology diagnosis names it, no organ: "浸润性导管癌（非特殊类型），ER(+)" (invasive ductal
    carcinoma, no special type, ER positive; text only) of 2023-03-14."""
    p = reference_patient(
        "rw-idc-no-organ-chinese-tamoxifen-beside-npc",
        gender="female",
        birth="1971-12-19",
    )
    p.chart.condition({"text": "浸润性导管癌（非特殊类型），ER(+)"}, date(2023, 3, 14))
    p.chart.medication_statement(TAMOXIFEN, (date(2023, 4, 20), None), status="active")
    return p.chart


# --- QTc as hospitals send it (twenty-fifth session) --------------------------------------------

SURVEY = concept(None, (OBSERVATION_CATEGORY, "survey", "Survey"))
ECG_PANEL = concept("12 lead ECG", (LOINC, "34534-8", "12 lead EKG panel"))


def rw_qtc_triplicate_stamped_with_order_time() -> Chart:
    """Female. A screening triplicate whose three QTc Observations all carry the ECG order's
    time, 2026-11-16 09:00 (the cart's results arrived 09:02, 09:04, 09:06, in `issued`):
    474, 462 and 458 ms."""
    p = fit_except("rw-qtc-triplicate-stamped-with-order-time", qtc=False, gender="female")
    for ms, issued in ((474, "09:02"), (462, "09:04"), (458, "09:06")):
        p.chart.observation(
            QTC,
            "2026-11-16T09:00:00+08:00",
            issued=f"2026-11-16T{issued}:00+08:00",
            value_quantity=quantity(ms, "ms"),
        )
    return p.chart


def rw_qtc_nurse_form_item_under_limit() -> Chart:
    """Female. The nurses' assessment form (an Observation of category survey) has a QTc item,
    "QTc间期", answered "452ms (自查)" (self-checked) on 2026-11-16; no other QTc."""
    p = fit_except("rw-qtc-nurse-form-item-under-limit", qtc=False, gender="female")
    p.chart.observation(
        concept("QTc间期"), date(2026, 11, 16), category=SURVEY, value_string="452ms (自查)"
    )
    return p.chart


def rw_qtc_nurse_form_words_over_limit() -> Chart:
    """Female, QTc 440 ms (coded) on 2026-10-20; on 2026-11-16 the nurses' assessment form,
    one Observation of category survey titled "护理评估单" (nursing assessment form), valued
    "心率 78次/分，QTc 478ms (自查)"."""
    p = fit_except("rw-qtc-nurse-form-words-over-limit", qtc=False, gender="female")
    p.qtc(440, date(2026, 10, 20))
    p.chart.observation(
        concept("护理评估单"),
        date(2026, 11, 16),
        category=SURVEY,
        value_string="心率 78次/分，QTc 478ms (自查)",
    )
    return p.chart


def rw_qtc_report_conclusion_beside_older_observation() -> Chart:
    """Male, QTc 432 ms (coded) on 2026-10-20; last week's ECG only as a report "心电图" whose
    conclusion reads "窦性心律，QTc 468ms" (no category, no QTc Observation of its own)."""
    p = fit_except("rw-qtc-report-conclusion-beside-older-observation", qtc=False)
    p.qtc(432, date(2026, 10, 20))
    p.chart.diagnostic_report(
        concept("心电图"), date(2026, 11, 16), conclusion="窦性心律，QTc 468ms"
    )
    return p.chart


def rw_qtc_in_seconds_over_limit() -> Chart:
    """Male; the QTc Observation (LOINC 8636-3) valued in seconds: 0.452 s (UCUM `s`)."""
    return with_qtc("rw-qtc-in-seconds-over-limit", QTC, value_quantity=quantity(0.452, "s"))


def rw_qtc_ecg_panel_qt_and_qtc_components() -> Chart:
    """Male; last week's 12-lead ECG panel (34534-8) with the QT interval, uncorrected (LOINC
    8634-8), 468 ms, and the QTc interval (LOINC 8636-3), 438 ms, as components."""
    p = fit_except("rw-qtc-ecg-panel-qt-and-qtc-components", qtc=False)
    p.chart.observation(
        ECG_PANEL,
        date(2026, 11, 16),
        components=[
            Component(
                concept(None, (LOINC, "8634-8", "QT interval")), value_quantity=quantity(468, "ms")
            ),
            Component(QTC, value_quantity=quantity(438, "ms")),
        ],
    )
    return p.chart


def rw_qtc_fridericia_under_bazett_over_female() -> Chart:
    """Female; last week's 12-lead ECG panel (34534-8) with the QTc by both formulas as
    components named in text: "QTcF" 462 ms and "QTcB" 478 ms; no other QTc."""
    p = fit_except("rw-qtc-fridericia-under-bazett-over-female", qtc=False, gender="female")
    p.chart.observation(
        ECG_PANEL,
        date(2026, 11, 16),
        components=[
            Component({"text": "QTcF"}, value_quantity=quantity(462, "ms")),
            Component({"text": "QTcB"}, value_quantity=quantity(478, "ms")),
        ],
    )
    return p.chart


def rw_qtc_bound_below_limit_string() -> Chart:
    """Male; the QTc Observation valued "<450" (a bound, no unit)."""
    return with_qtc("rw-qtc-bound-below-limit-string", QTC, value_string="<450")


def rw_qtc_normal_in_words_only() -> Chart:
    """Male, QTc 432 ms on 2026-10-20; last week's 12-lead ECG (34534-8) valued only in words:
    "Sinus rhythm. QTc: normal" (no number)."""
    p = fit_except("rw-qtc-normal-in-words-only", qtc=False)
    p.qtc(432, date(2026, 10, 20))
    p.chart.observation(ECG_PANEL, date(2026, 11, 16), value_string="Sinus rhythm. QTc: normal")
    return p.chart


# LOT-CANCER, RT-OTHER-HEAD-AND-NECK-CANCER: a lymphoma diagnosed after the trial's NPC.
DLBCL = concept(
    "弥漫大B细胞淋巴瘤 (Diffuse large B-cell lymphoma)",
    (ICD10CM, "C83.30", "Diffuse large B-cell lymphoma, unspecified site"),
)


R_CHOP = (
    (concept("利妥昔单抗注射液 (Rituximab)"), "375 mg/m2 ivgtt d1"),
    (concept("环磷酰胺 (Cyclophosphamide)"), "750 mg/m2 ivgtt d1"),
    (concept("多柔比星 (Doxorubicin)"), "50 mg/m2 ivgtt d1"),
    (concept("长春新碱 (Vincristine)"), "1.4 mg/m2 iv d1"),
    (concept("泼尼松片 (Prednisone)"), "100 mg po d1-5"),
)


def npc_then_dlbcl(pid: str, *, r_chop: bool = False) -> Chart:
    """The reference chart (de novo metastatic NPC of 2026-03-18, GP + toripalimab from
    2026-04-08, toripalimab maintenance every 21 days to 2026-11-04), and a diffuse large B-cell
    lymphoma (C83.30) diagnosed 2026-09-10; not (yet) treated, or with R-CHOP every 21 days
    from 2026-09-16 (four cycles, no reason recorded)."""
    p = reference_patient(pid, birth="1967-09-02")
    p.chart.condition(DLBCL, date(2026, 9, 10))
    if r_chop:
        for day in every_21_days(date(2026, 9, 16), 4):
            for drug, dose in R_CHOP:
                p.chart.medication_administration(drug, day, dosage_text=f"{dose} (R-CHOP)")
    return p.chart


def rw_dlbcl_after_npc_untreated() -> Chart:
    return npc_then_dlbcl("rw-dlbcl-after-npc-untreated")


def rw_dlbcl_after_npc_r_chop() -> Chart:
    return npc_then_dlbcl("rw-dlbcl-after-npc-r-chop", r_chop=True)


# LOT-SETTING: a first course begun years after an M0 diagnosis.
def rw_m0_2022_chemoimmunotherapy_before_bone_metastases() -> Chart:
    """An NPC staged cT3 cN2 cM0 (III) at diagnosis in 2022, nothing recorded of its
    treatment; GP + toripalimab ×6 and maintenance from 2026-04-08, its reason not recorded;
    bone metastases (C79.51) and cM1 first documented in June 2026, two months into it."""
    p = Npc(
        "rw-m0-2022-chemoimmunotherapy-before-bone-metastases",
        birth="1969-04-23",
        diagnosed=date(2022, 5, 10),
    )
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2022, 5, 17))
    p.fit()
    p.first_line()
    p.metastasis(BONE_METS, date(2026, 6, 10))
    p.tnm(None, None, "cM1", ("4B", "IVB"), when=date(2026, 6, 15))
    return p.chart


# LOT-SETTING, LOT-RECURRENCE-UNDATED: induction alone for an M0 NPC, then metastases and no
# further therapy.
def m0_induction_only_then_metastases(pid: str, birth: str) -> Npc:
    """cT3 cN2 cM0 (III) at diagnosis 2024-01-10, induction GP ×2 from 2024-01-22, no
    radiotherapy recorded, nothing after."""
    p = Npc(pid, birth=birth, diagnosed=date(2024, 1, 10))
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2024, 1, 15))
    for day in every_21_days(date(2024, 1, 22), 2):
        p.chart.medication_administration(CISPLATIN, day, dosage_text="80 mg/m2 d1 (诱导化疗)")
        p.chart.medication_administration(
            GEMCITABINE, day, dosage_text="1000 mg/m2 d1,d8 (诱导化疗)"
        )
    p.fit()
    return p


def rw_m0_induction_only_then_metastases_dated() -> Chart:
    """As `m0_induction_only_then_metastases`, and bone metastases (C79.51) of 2026-06-10 with
    cM1 (IVB) staged 2026-06-15; no therapy since."""
    p = m0_induction_only_then_metastases(
        "rw-m0-induction-only-then-metastases-dated", "1970-12-01"
    )
    p.metastasis(BONE_METS, date(2026, 6, 10))
    p.tnm(None, None, "cM1", ("4B", "IVB"), when=date(2026, 6, 15))
    return p.chart


def rw_m0_induction_only_then_metastases_recorded_date() -> Chart:
    """As `m0_induction_only_then_metastases`, and bone metastases (C79.51) on the problem list
    with a recorded date of 2026-06-10 and no onset; no new stage, no therapy since."""
    p = m0_induction_only_then_metastases(
        "rw-m0-induction-only-then-metastases-recorded-date", "1965-07-19"
    )
    metastasis = p.chart.condition(BONE_METS, None)
    metastasis["recordedDate"] = "2026-06-10"
    return p.chart


def rw_m0_induction_only_then_metastases_no_dates() -> Chart:
    """As `m0_induction_only_then_metastases`, and bone metastases (C79.51) entered with
    neither an onset nor a recorded date; no new stage, no therapy since."""
    p = m0_induction_only_then_metastases(
        "rw-m0-induction-only-then-metastases-no-dates", "1963-02-27"
    )
    p.chart.condition(BONE_METS, None)
    return p.chart


def rw_m0_induction_only_then_chemoimmunotherapy_metastases_later() -> Chart:
    """As `rw_m0_induction_only_then_chemoimmunotherapy` (cT3 cN2 cM0 in 2024, induction GP ×2,
    two years with nothing, then GP + toripalimab ×6 and maintenance from 2026-04-08), and bone
    metastases (C79.51) of 2026-06-10 with cM1 (IVB) staged 2026-06-15, two months into the
    2026 course."""
    p = m0_induction_only_then_metastases(
        "rw-m0-induction-only-then-chemoimmunotherapy-metastases-later", "1962-11-30"
    )
    p.first_line()
    p.metastasis(BONE_METS, date(2026, 6, 10))
    p.tnm(None, None, "cM1", ("4B", "IVB"), when=date(2026, 6, 15))
    return p.chart


# === A carcinoma named by its histology alone, no organ (twenty-fifth session, cancers6) ===


def rw_squamous_cell_carcinoma_no_organ_beside_npc() -> Chart:
    """The reference patient, and a problem-list entry "Squamous cell carcinoma" (no organ, no
    code) of 2026-03-20, the biopsy's day two days after the NPC's diagnosis, still `active`."""
    p = reference_patient("rw-squamous-cell-carcinoma-no-organ-beside-npc")
    p.chart.condition({"text": "Squamous cell carcinoma"}, date(2026, 3, 20))
    return p.chart


def rw_nonkeratinizing_scc_chinese_no_organ_beside_npc() -> Chart:
    """The reference patient, and a problem-list entry "非角化性鳞状细胞癌" (non-keratinizing
    squamous cell carcinoma, no organ, no code) of 2026-03-20, still `active`."""
    p = reference_patient("rw-nonkeratinizing-scc-chinese-no-organ-beside-npc")
    p.chart.condition({"text": "非角化性鳞状细胞癌"}, date(2026, 3, 20))
    return p.chart


def rw_invasive_ductal_carcinoma_chinese_no_organ_beside_npc() -> Chart:
    """Female; the reference patient with "浸润性导管癌" (invasive ductal carcinoma, no organ
    named, no code) of 2024-09-10, still `active`, operated on; no therapy recorded for it."""
    p = reference_patient(
        "rw-invasive-ductal-carcinoma-chinese-no-organ-beside-npc",
        gender="female",
        birth="1972-05-08",
    )
    p.chart.condition({"text": "浸润性导管癌"}, date(2024, 9, 10))
    return p.chart


def rw_adenocarcinoma_no_organ_beside_npc() -> Chart:
    """The reference patient, and a problem-list entry "腺癌" (adenocarcinoma, no organ, no
    code) of 2026-03-20, two days after the NPC's diagnosis, still `active`."""
    p = reference_patient("rw-adenocarcinoma-no-organ-beside-npc")
    p.chart.condition({"text": "腺癌"}, date(2026, 3, 20))
    return p.chart


def rw_nonkeratinizing_scc_no_organ_bone_mets_unlinked() -> Chart:
    """The NPC (C11.9) of 2026-03-18 with no stage record, bone metastases (C79.51) of
    2026-03-25 linked to no cancer, "非角化性鳞状细胞癌" (no organ, no code) of 2026-03-20; the
    reference first line."""
    p = Npc("rw-nonkeratinizing-scc-no-organ-bone-mets-unlinked").fit()
    p.metastasis()
    p.chart.condition({"text": "非角化性鳞状细胞癌"}, date(2026, 3, 20))
    p.first_line()
    return p.chart


def rw_neck_node_metastatic_scc_beside_npc() -> Chart:
    """The reference patient, and "颈部淋巴结转移性鳞癌" (metastatic squamous cell carcinoma in
    the neck lymph nodes, no code) of 2026-03-20, the node biopsy of the NPC's work-up."""
    p = reference_patient("rw-neck-node-metastatic-scc-beside-npc")
    p.chart.condition({"text": "颈部淋巴结转移性鳞癌"}, date(2026, 3, 20))
    return p.chart


# CMB-WORDS: 考虑 before a procedure or a drug judges the treatment, whatever words stand
# between ("考虑行冠脉搭桥术", "考虑予抗血小板治疗"): the disease written beside it stands
# (twenty-fifth session's red-team review).


def rw_chd_considering_bypass_chinese() -> Chart:
    """冠心病，考虑行冠脉搭桥术 (coronary disease; coronary bypass surgery considered), severity
    text "3级"."""
    return with_condition(
        "rw-chd-considering-bypass-chinese",
        concept("冠心病，考虑行冠脉搭桥术"),
        severity={"text": "3级"},
    )


def rw_chd_considering_antiplatelet_chinese() -> Chart:
    """冠心病，考虑予抗血小板治疗 (coronary disease; antiplatelet treatment considered), severity
    text "3级"."""
    return with_condition(
        "rw-chd-considering-antiplatelet-chinese",
        concept("冠心病，考虑予抗血小板治疗"),
        severity={"text": "3级"},
    )


# CMB-GRADE-OWNER: a past-history form row answered no, its grade boxes left empty
# (twenty-fifth session's red-team review).


def rw_af_no_ticked_grade_boxes_empty_english() -> Chart:
    """A past-history form row exported as a Condition: "AF: [x] no [ ] yes, grade [ ]1 [ ]2
    [ ]3" (no ticked; the grade, asked only of a yes, left blank)."""
    return with_condition(
        "rw-af-no-ticked-grade-boxes-empty-english",
        concept("AF: [x] no [ ] yes, grade [ ]1 [ ]2 [ ]3"),
    )


def rw_af_no_ticked_grade_boxes_empty_chinese() -> Chart:
    """As the English one, a Chinese form: 房颤：☑无 ☐有（☐1级 ☐2级 ☐3级）."""
    return with_condition(
        "rw-af-no-ticked-grade-boxes-empty-chinese", concept("房颤：☑无 ☐有（☐1级 ☐2级 ☐3级）")
    )


# DX-PLACE: a DCIS whose pathology denies invasion in English words other than "no invasion"
# ("no invasive component", "no invasive carcinoma identified"; twenty-fifth session's red-team
# review).


def rw_dcis_no_invasive_component_english_beside_npc() -> Chart:
    """Female; the reference patient with "DCIS left breast, no invasive component" (text only)
    of 2024-09-10, still `active`, excised; no therapy recorded for it."""
    p = reference_patient(
        "rw-dcis-no-invasive-component-english-beside-npc", gender="female", birth="1972-05-08"
    )
    p.chart.condition({"text": "DCIS left breast, no invasive component"}, date(2024, 9, 10))
    return p.chart


def rw_dcis_no_invasive_carcinoma_identified_english_beside_npc() -> Chart:
    """Female; the reference patient with "Ductal carcinoma in situ, no invasive carcinoma
    identified" (text only) of 2024-09-10, still `active`, excised; no therapy recorded."""
    p = reference_patient(
        "rw-dcis-no-invasive-carcinoma-identified-english-beside-npc",
        gender="female",
        birth="1972-05-08",
    )
    p.chart.condition(
        {"text": "Ductal carcinoma in situ, no invasive carcinoma identified"}, date(2024, 9, 10)
    )
    return p.chart


# CMB-WORDS, CMB-GRADE-OWNER: a doubt (考虑, 不支持, "not supported") is the doubt of the
# diagnosis it stands in, not of another diagnosis of the same entry (twenty-sixth session).


def rw_persistent_af_grade_3_considered_heart_failure_chinese() -> Chart:
    """持续性房颤（3级），考虑心衰 (persistent AF, grade 3; heart failure considered)."""
    return with_condition(
        "rw-persistent-af-grade-3-considered-heart-failure-chinese",
        concept("持续性房颤（3级），考虑心衰"),
    )


def rw_af_grade_3_echo_not_supporting_heart_failure_chinese() -> Chart:
    """房颤，心超不支持心衰 (AF; the echocardiogram does not support heart failure), severity
    text "3级"."""
    return with_condition(
        "rw-af-grade-3-echo-not-supporting-heart-failure-chinese",
        concept("房颤，心超不支持心衰"),
        severity={"text": "3级"},
    )


def rw_af_considered_heart_failure_nyha_3_chinese() -> Chart:
    """考虑房颤，心衰（NYHA III级） (AF considered; heart failure, NYHA class III)."""
    return with_condition(
        "rw-af-considered-heart-failure-nyha-3-chinese", concept("考虑房颤，心衰（NYHA III级）")
    )


def rw_heart_failure_not_supported_by_echo_moderate_english() -> Chart:
    """ "Heart failure not supported by echo", whose severity the form filled as Moderate
    (SNOMED CT 6736007)."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    return with_condition(
        "rw-heart-failure-not-supported-by-echo-moderate-english",
        concept("Heart failure not supported by echo"),
        severity=moderate,
    )


def rw_af_grade_3_heart_failure_not_supported_by_echo_english() -> Chart:
    """ "Atrial fibrillation, grade 3; heart failure not supported by echo"."""
    return with_condition(
        "rw-af-grade-3-heart-failure-not-supported-by-echo-english",
        concept("Atrial fibrillation, grade 3; heart failure not supported by echo"),
    )


def rw_considered_chd_and_af_list_grade_2_chinese() -> Chart:
    """考虑冠心病、房颤 (coronary disease and AF considered, one list), severity text "2级"."""
    return with_condition(
        "rw-considered-chd-and-af-list-grade-2-chinese",
        concept("考虑冠心病、房颤"),
        severity={"text": "2级"},
    )


# CMB-WORDS, CMB-MEDS: a form's no to heart failure, then a drug given for heart failure or an
# arrhythmia: the drug asks about every disease it is given for that the entry does not name
# (twenty-sixth session).


def rw_heart_failure_none_then_digoxin_chinese() -> Chart:
    """心衰：无，口服地高辛 (heart failure: none; takes digoxin by mouth), a past-history
    template line."""
    return with_condition(
        "rw-heart-failure-none-then-digoxin-chinese", concept("心衰：无，口服地高辛")
    )


def rw_heart_failure_none_then_amiodarone_english() -> Chart:
    """ "Heart failure: none, on amiodarone", a history review's line."""
    return with_condition(
        "rw-heart-failure-none-then-amiodarone-english",
        concept("Heart failure: none, on amiodarone"),
    )


def rw_af_grade_2_heart_failure_none_then_digoxin_chinese() -> Chart:
    """房颤（2级），心衰：无，口服地高辛 (AF, grade 2; heart failure: none; takes digoxin)."""
    return with_condition(
        "rw-af-grade-2-heart-failure-none-then-digoxin-chinese",
        concept("房颤（2级），心衰：无，口服地高辛"),
    )


# CNS-METASTASES, LOT-SUPPORTIVE (twenty-sixth session): intrathecal therapy recorded as an order
# (MedicationRequest.dosageInstruction.route), as an outside hospital's history
# (MedicationStatement.dosage.route), and by the abbreviation wards write ("IT").
CYTARABINE = concept("Cytarabine")
IT_ROUTE_WORDS = concept("Intrathecal")
IT_ABBREVIATED = concept("IT")


def rw_meningeal_metastases_intrathecal_mtx_orders_chinese() -> Chart:
    """As `rw_meningeal_metastases_intrathecal_mtx_chinese`, the methotrexate recorded only as
    three completed orders (MedicationRequest, intent order) of 10 mg by the intrathecal route
    (SNOMED CT 72607000, text 鞘内注射) 2026-10-09, 10-16 and 10-23; no administrations."""
    p = reference_patient("rw-meningeal-metastases-intrathecal-mtx-orders-chinese")
    p.chart.condition({"text": "脑膜转移"}, date(2026, 10, 5))
    for day in IT_MTX_DAYS:
        p.chart.medication_request(
            METHOTREXATE, day, day, route=INTRATHECAL, dosage_text="10mg 鞘内注射 d1"
        )
    return p.chart


def rw_meningeal_metastases_intrathecal_order_cancelled_chinese() -> Chart:
    """The reference chart, a Condition text only "脑膜转移" 2026-10-05, and one order of
    methotrexate 10 mg by the intrathecal route (SNOMED CT 72607000, text 鞘内注射) authored
    2026-10-09 and cancelled; nothing else about the meninges."""
    p = reference_patient("rw-meningeal-metastases-intrathecal-order-cancelled-chinese")
    p.chart.condition({"text": "脑膜转移"}, date(2026, 10, 5))
    day = IT_MTX_DAYS[0]
    p.chart.medication_request(
        METHOTREXATE, day, day, status="cancelled", route=INTRATHECAL, dosage_text="10mg 鞘内注射"
    )
    return p.chart


def rw_meningeal_metastases_intrathecal_cytarabine_outside_english() -> Chart:
    """The reference chart, a Condition text only "Meningeal metastases" 2026-10-05, and a
    MedicationStatement (completed) of cytarabine 2026-10-08 whose dosage's route is the word
    "Intrathecal" (no code) and whose text is "50 mg, given at the outside hospital"."""
    p = reference_patient("rw-meningeal-metastases-intrathecal-cytarabine-outside-english")
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    p.chart.medication_statement(
        CYTARABINE,
        date(2026, 10, 8),
        route=IT_ROUTE_WORDS,
        dosage_text="50 mg, given at the outside hospital",
    )
    return p.chart


def rw_meningeal_metastases_it_mtx_abbreviated_english() -> Chart:
    """The reference chart, a Condition text only "Meningeal metastases" 2026-10-05, and
    MedicationAdministrations of methotrexate 12 mg 2026-10-09 and 10-16 whose route is the
    text "IT" only and whose dosage text is "12 mg IT" (the abbreviation, no code)."""
    p = reference_patient("rw-meningeal-metastases-it-mtx-abbreviated-english")
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    for day in IT_MTX_DAYS[:2]:
        p.chart.medication_administration(
            METHOTREXATE, day, route=IT_ABBREVIATED, dosage_text="12 mg IT"
        )
    return p.chart


# DX-PLACE, RT-OTHER-HEAD-AND-NECK-CANCER, MAL-OTHER: a salivary gland carcinoma named by its
# gland (涎腺癌, "Submandibular gland carcinoma"), "SCC" written with an organ or "metastatic",
# a metastatic squamous cell carcinoma naming no site, and the squamous cell carcinoma antigen
# (a tumour marker) on the problem list (twenty-sixth session, cancers7).


def rw_salivary_gland_carcinoma_chinese_resolved() -> Chart:
    """ "涎腺癌" (salivary gland carcinoma, text only) of 2015, resolved since January 2016;
    nothing of its treatment recorded."""
    return other_head_and_neck_cancer(
        "rw-salivary-gland-carcinoma-chinese-resolved",
        "1963-04-22",
        {"text": "涎腺癌"},
        clinical_status=RESOLVED,
        abatement=date(2016, 1, 20),
    )


def rw_submandibular_gland_carcinoma_english_beside_npc() -> Chart:
    """The reference patient, and "Submandibular gland carcinoma" (text only) of 2025-01-15,
    still `active`, operated on elsewhere; no therapy recorded for it."""
    p = reference_patient("rw-submandibular-gland-carcinoma-english-beside-npc")
    p.chart.condition({"text": "Submandibular gland carcinoma"}, date(2025, 1, 15))
    return p.chart


def rw_scc_of_tongue_resolved() -> Chart:
    """ "SCC of tongue" (text only) of 2015, resolved since January 2016; nothing of its
    treatment recorded."""
    return other_head_and_neck_cancer(
        "rw-scc-of-tongue-resolved",
        "1961-09-03",
        {"text": "SCC of tongue"},
        clinical_status=RESOLVED,
        abatement=date(2016, 1, 20),
    )


def rw_metastatic_scc_abbreviated_beside_npc() -> Chart:
    """The reference patient, and "Metastatic SCC" (text only, no site) of 2026-03-20, two days
    after the NPC's diagnosis, still `active`."""
    p = reference_patient("rw-metastatic-scc-abbreviated-beside-npc")
    p.chart.condition({"text": "Metastatic SCC"}, date(2026, 3, 20))
    return p.chart


def rw_metastatic_scc_chinese_no_site_beside_npc() -> Chart:
    """The reference patient, and "转移性鳞癌" (metastatic squamous cell carcinoma, no site, no
    code) of 2026-03-20, two days after the NPC's diagnosis, still `active`."""
    p = reference_patient("rw-metastatic-scc-chinese-no-site-beside-npc")
    p.chart.condition({"text": "转移性鳞癌"}, date(2026, 3, 20))
    return p.chart


def rw_scc_antigen_elevated_on_problem_list() -> Chart:
    """The reference patient, and a problem-list entry "鳞状细胞癌相关抗原升高" (squamous cell
    carcinoma antigen elevated, a tumour marker; no code) of 2026-09-20, during maintenance."""
    p = reference_patient("rw-scc-antigen-elevated-on-problem-list")
    p.chart.condition({"text": "鳞状细胞癌相关抗原升高"}, date(2026, 9, 20))
    return p.chart


def rw_small_cell_carcinoma_no_organ_beside_npc() -> Chart:
    """The reference patient, and a problem-list entry "小细胞癌" (small cell carcinoma, no
    organ, no code) of 2026-03-20, two days after the NPC's diagnosis, still `active`."""
    p = reference_patient("rw-small-cell-carcinoma-no-organ-beside-npc")
    p.chart.condition({"text": "小细胞癌"}, date(2026, 3, 20))
    return p.chart


# STG-SPREAD-WORDS (twenty-sixth session): words that read like a denial of a metastasis but
# are not one — a metastasis treated and now negative on PET (it was there: M1 stands, a response
# does not restage), "no measurable metastases" (RECIST: non-measurable ones may remain), "no
# new metastases" (says nothing of the old ones) — and a meningeal enhancement whose metastasis
# the radiologist did not exclude (CNS-EHR: possible, not stated, not denied).


def bone_mets_entered_as(pid: str, words: str) -> Chart:
    """The reference patient staged cT3 cN2 only (no M category, no metastasis Condition), and
    the bone metastases found at diagnosis entered (onset 2026-03-25) in `words`."""

    def stage(p: Npc) -> None:
        p.tnm("cT3", "cN2", None, None)
        p.chart.condition(concept(words), p.diagnosed + timedelta(days=7))

    return staged_only_by(pid, stage)


def rw_bone_mets_negative_on_pet_after_rt_english() -> Chart:
    """ "Bone metastases: negative on PET after radiotherapy"."""
    return bone_mets_entered_as(
        "rw-bone-mets-negative-on-pet-after-rt-english",
        "Bone metastases: negative on PET after radiotherapy",
    )


def rw_bone_mets_no_uptake_on_pet_after_rt_chinese() -> Chart:
    """ "骨转移放疗后，PET-CT未见代谢活性" (bone metastases after radiotherapy, no metabolic
    activity on PET-CT)."""
    return bone_mets_entered_as(
        "rw-bone-mets-no-uptake-on-pet-after-rt-chinese", "骨转移放疗后，PET-CT未见代谢活性"
    )


def rw_bone_mets_no_measurable_metastases_english() -> Chart:
    """ "Osseous metastases, no measurable metastases (RECIST 1.1)": bone-only disease."""
    return bone_mets_entered_as(
        "rw-bone-mets-no-measurable-metastases-english",
        "Osseous metastases, no measurable metastases (RECIST 1.1)",
    )


def rw_bone_mets_no_measurable_metastases_chinese() -> Chart:
    """ "多发骨转移，无可测量转移灶" (multiple bone metastases, no measurable metastasis)."""
    return bone_mets_entered_as(
        "rw-bone-mets-no-measurable-metastases-chinese", "多发骨转移，无可测量转移灶"
    )


def bone_metastasis_suspected_then(pid: str, birth: str, suspicion: str, later: str) -> Chart:
    """As `m0_then_bone_scan` (cT3 cN2 cM0, III on 2026-03-10, fit, not yet treated): the bone
    scan's conclusion `suspicion` entered 2026-03-20, then the staging CT's conclusion `later`
    entered 2026-03-25."""
    p = Npc(pid, birth=birth, diagnosed=date(2026, 3, 3))
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(concept(suspicion), date(2026, 3, 20))
    p.chart.condition(concept(later), date(2026, 3, 25))
    return p.chart


def rw_bone_metastasis_suspected_then_no_measurable_metastases() -> Chart:
    """ "Bone scan: indeterminate uptake at T8, bone metastasis not excluded", then "CT chest,
    abdomen and pelvis: no measurable metastases"."""
    return bone_metastasis_suspected_then(
        "rw-bone-metastasis-suspected-then-no-measurable-metastases",
        "1967-09-12",
        "Bone scan: indeterminate uptake at T8, bone metastasis not excluded",
        "CT chest, abdomen and pelvis: no measurable metastases",
    )


def rw_bone_metastasis_suspected_then_no_new_metastases_chinese() -> Chart:
    """ "骨扫描：胸椎浓聚灶，骨转移待排", then "胸腹部CT：未见新发转移灶" (no new metastasis)."""
    return bone_metastasis_suspected_then(
        "rw-bone-metastasis-suspected-then-no-new-metastases-chinese",
        "1966-04-21",
        "骨扫描：胸椎浓聚灶，骨转移待排",
        "胸腹部CT：未见新发转移灶",
    )


def rw_meningeal_enhancement_metastases_not_excluded_mri_english() -> Chart:
    """The reference chart, and a brain MRI report 2026-11-10 concluding "Meningeal
    enhancement, metastases not excluded."; no brain-metastasis diagnosis."""
    return brain_report_only(
        "rw-meningeal-enhancement-metastases-not-excluded-mri-english",
        BRAIN_MRI,
        "Meningeal enhancement, metastases not excluded.",
    )


def rw_meningeal_enhancement_metastases_not_excluded_mri_chinese() -> Chart:
    """The reference chart, and a 头颅MRI平扫+增强 report 2026-11-10 concluding
    "脑膜强化，转移不除外。" (meningeal enhancement, metastasis not excluded)."""
    return brain_report_only(
        "rw-meningeal-enhancement-metastases-not-excluded-mri-chinese",
        BRAIN_MRI_ZH,
        "脑膜强化，转移不除外。",
    )


def rw_brain_mets_question_then_mri_no_measurable_metastases_english() -> Chart:
    """The reference chart; a problem-list entry "Brain metastases?" 2026-10-10, then a brain
    MRI report 2026-11-10 concluding "Punctate enhancing foci in the right frontal lobe, too
    small to characterise. No measurable metastases."; the entry left as first typed."""
    p = reference_patient("rw-brain-mets-question-then-mri-no-measurable-metastases-english")
    p.chart.condition({"text": "Brain metastases?"}, date(2026, 10, 10))
    p.chart.diagnostic_report(
        BRAIN_MRI,
        date(2026, 11, 10),
        conclusion="Punctate enhancing foci in the right frontal lobe, too small to "
        "characterise. No measurable metastases.",
        category=RADIOLOGY,
    )
    return p.chart


def brain_mets_considered_then_entry(pid: str, entry: str) -> Chart:
    """The reference chart; a 头颅MRI平扫+增强 report 2026-10-20 concluding "右额叶结节样强化灶，
    考虑转移瘤可能，建议短期复查。" (metastasis considered possible), then the follow-up MRI's
    conclusion entered on the problem list 2026-11-10 as `entry`."""
    p = reference_patient(pid)
    p.chart.diagnostic_report(
        BRAIN_MRI_ZH,
        date(2026, 10, 20),
        conclusion="右额叶结节样强化灶，考虑转移瘤可能，建议短期复查。",
        category=RADIOLOGY,
    )
    p.chart.condition({"text": entry}, date(2026, 11, 10))
    return p.chart


def rw_brain_mets_considered_then_no_new_brain_mets_entry_chinese() -> Chart:
    """ "头颅MRI复查：未见新发脑转移" (follow-up brain MRI: no new brain metastasis)."""
    return brain_mets_considered_then_entry(
        "rw-brain-mets-considered-then-no-new-brain-mets-entry-chinese",
        "头颅MRI复查：未见新发脑转移",
    )


def rw_brain_mets_considered_then_no_measurable_entry_english() -> Chart:
    """ "Follow-up brain MRI: no measurable brain metastases"."""
    return brain_mets_considered_then_entry(
        "rw-brain-mets-considered-then-no-measurable-entry-english",
        "Follow-up brain MRI: no measurable brain metastases",
    )


# CMB-MEDS, CMB-WORDS (twenty-sixth session): a drug given only for arrhythmias named in a
# comorbidity entry that denies nothing and names no arrhythmia asks about one, as a
# MedicationStatement of it would; a beta-blocker proves nothing there either.


def rw_palpitations_on_amiodarone_chinese() -> Chart:
    """心悸，口服胺碘酮 (palpitations; takes amiodarone by mouth), a past-history line."""
    return with_condition("rw-palpitations-on-amiodarone-chinese", concept("心悸，口服胺碘酮"))


def rw_hypertension_grade_1_on_amiodarone_chinese() -> Chart:
    """高血压1级，口服胺碘酮 (hypertension grade 1 by blood pressure; takes amiodarone)."""
    return with_condition(
        "rw-hypertension-grade-1-on-amiodarone-chinese", concept("高血压1级，口服胺碘酮")
    )


def rw_palpitations_on_flecainide_english() -> Chart:
    """ "Palpitations, on flecainide", a history review's line."""
    return with_condition(
        "rw-palpitations-on-flecainide-english", concept("Palpitations, on flecainide")
    )


def rw_hypertension_on_metoprolol_chinese() -> Chart:
    """高血压，口服美托洛尔 (hypertension; takes metoprolol by mouth)."""
    return with_condition("rw-hypertension-on-metoprolol-chinese", concept("高血压，口服美托洛尔"))


# CMB-GRADE-OWNER, CMB-WORDS (twenty-sixth session): a form's severity boxes (轻度 / 中度 /
# 重度) after a cardiac disease, and a single grade box ticked.


def rw_af_severity_moderate_ticked_chinese() -> Chart:
    """房颤 ☐轻度 ☑中度 ☐重度 (the form's AF row, severity moderate ticked)."""
    return with_condition(
        "rw-af-severity-moderate-ticked-chinese", concept("房颤 ☐轻度 ☑中度 ☐重度")
    )


def rw_heart_failure_severity_moderate_ticked_nyha_3_chinese() -> Chart:
    """慢性心力衰竭 ☐轻度 ☑中度 ☐重度，心功能III级 (chronic heart failure, severity moderate
    ticked; NYHA class III)."""
    return with_condition(
        "rw-heart-failure-severity-moderate-ticked-nyha-3-chinese",
        concept("慢性心力衰竭 ☐轻度 ☑中度 ☐重度，心功能III级"),
    )


def rw_af_single_grade_box_ticked_chinese() -> Chart:
    """房颤 ☑2级 (the form's AF row: one grade box, ticked)."""
    return with_condition("rw-af-single-grade-box-ticked-chinese", concept("房颤 ☑2级"))


# CMB-WORDS, CMB-GRADE-OWNER (twenty-sixth session): a space typed between two diagnoses, the
# second opened by its doubt, and a list a doubt heads.


def rw_af_grade_3_space_considered_heart_failure_chinese() -> Chart:
    """持续性房颤（3级） 考虑心衰 (persistent AF, grade 3; heart failure considered), a space
    where a comma would stand."""
    return with_condition(
        "rw-af-grade-3-space-considered-heart-failure-chinese",
        concept("持续性房颤（3级） 考虑心衰"),
    )


def rw_considered_chd_space_af_grade_2_chinese() -> Chart:
    """考虑冠心病 房颤 (coronary disease and AF considered, a space between them), severity
    text "2级"."""
    return with_condition(
        "rw-considered-chd-space-af-grade-2-chinese",
        concept("考虑冠心病 房颤"),
        severity={"text": "2级"},
    )


# === DX-PLACE, MAL-OTHER: a carcinoma of an organ no row named, and words naming no cancer
# (twenty-sixth session, cancers8) ===


def _beside_npc(pid: str, text: str, on: date, *, gender: str = "male") -> Chart:
    """The reference patient, and a problem-list entry of `text` (no code) on `on`, still
    `active`."""
    p = reference_patient(
        pid, gender=gender, birth="1972-05-08" if gender == "female" else "1971-06-14"
    )
    p.chart.condition({"text": text}, on)
    return p.chart


def rw_appendiceal_carcinoma_beside_npc() -> Chart:
    """DX-PLACE (twenty-sixth session): "Appendiceal carcinoma" (text only) of 2025-01-15,
    still `active`, operated on elsewhere; no therapy recorded for it."""
    return _beside_npc(
        "rw-appendiceal-carcinoma-beside-npc", "Appendiceal carcinoma", date(2025, 1, 15)
    )


def rw_appendix_carcinoma_chinese_beside_npc() -> Chart:
    """DX-PLACE (twenty-sixth session): "阑尾癌" (appendiceal carcinoma, text only) of
    2025-01-15, still `active`."""
    return _beside_npc("rw-appendix-carcinoma-chinese-beside-npc", "阑尾癌", date(2025, 1, 15))


def rw_vulvar_cancer_beside_npc() -> Chart:
    """DX-PLACE (twenty-sixth session): female; "Vulvar cancer" (text only) of 2024-06-10,
    still `active`."""
    return _beside_npc(
        "rw-vulvar-cancer-beside-npc", "Vulvar cancer", date(2024, 6, 10), gender="female"
    )


def rw_carcinoma_of_penis_beside_npc() -> Chart:
    """DX-PLACE (twenty-sixth session): "Carcinoma of penis" (text only) of 2025-01-15, still
    `active`."""
    return _beside_npc("rw-carcinoma-of-penis-beside-npc", "Carcinoma of penis", date(2025, 1, 15))


def rw_thymic_carcinoma_listed_since_2018() -> Chart:
    """DX-PLACE, MAL-OTHER (twenty-sixth session): "Thymic carcinoma" (text only) of
    2018-05-10, still listed `active`, nothing of its treatment recorded."""
    return _beside_npc(
        "rw-thymic-carcinoma-listed-since-2018", "Thymic carcinoma", date(2018, 5, 10)
    )


def rw_acinic_cell_carcinoma_beside_npc() -> Chart:
    """DX-PLACE (twenty-sixth session): "Acinic cell carcinoma" (no organ, text only) of
    2025-01-15, still `active`, operated on elsewhere; no therapy recorded for it."""
    return _beside_npc(
        "rw-acinic-cell-carcinoma-beside-npc", "Acinic cell carcinoma", date(2025, 1, 15)
    )


def rw_cancer_pain_on_problem_list() -> Chart:
    """MAL-OTHER (twenty-sixth session): "癌痛" (cancer pain, no code) of 2026-09-20, during
    maintenance."""
    return _beside_npc("rw-cancer-pain-on-problem-list", "癌痛", date(2026, 9, 20))


def rw_cancer_pain_written_out_on_problem_list() -> Chart:
    """MAL-OTHER (twenty-sixth session): "癌症疼痛（中度）" (cancer pain, moderate; no code)
    of 2026-09-20."""
    return _beside_npc(
        "rw-cancer-pain-written-out-on-problem-list", "癌症疼痛（中度）", date(2026, 9, 20)
    )


def rw_cea_elevated_on_problem_list() -> Chart:
    """MAL-OTHER (twenty-sixth session): "癌胚抗原升高" (CEA raised, a tumour marker; no code)
    of 2026-09-20."""
    return _beside_npc("rw-cea-elevated-on-problem-list", "癌胚抗原升高", date(2026, 9, 20))


def rw_gastric_precancerous_lesion() -> Chart:
    """MAL-OTHER (twenty-sixth session): "慢性萎缩性胃炎伴肠化（癌前病变）" (chronic atrophic
    gastritis with intestinal metaplasia, a precancerous lesion; no code) of 2025-06-03."""
    return _beside_npc(
        "rw-gastric-precancerous-lesion", "慢性萎缩性胃炎伴肠化（癌前病变）", date(2025, 6, 3)
    )


def rw_colon_polyp_no_carcinoma() -> Chart:
    """MAL-OTHER (twenty-sixth session): "Colon polyp, no evidence of carcinoma" (no code) of
    2025-06-03, a colonoscopy's finding."""
    return _beside_npc(
        "rw-colon-polyp-no-carcinoma", "Colon polyp, no evidence of carcinoma", date(2025, 6, 3)
    )


def rw_benign_breast_tumour() -> Chart:
    """MAL-OTHER (twenty-sixth session): female; "Benign breast tumor" (no code) of
    2025-06-03."""
    return _beside_npc(
        "rw-benign-breast-tumour", "Benign breast tumor", date(2025, 6, 3), gender="female"
    )


def rw_cervical_cancer_screening_chinese() -> Chart:
    """MAL-OTHER (twenty-sixth session): female; "宫颈癌筛查" (cervical cancer screening; no
    code) of 2025-06-03."""
    return _beside_npc(
        "rw-cervical-cancer-screening-chinese", "宫颈癌筛查", date(2025, 6, 3), gender="female"
    )


# CMB-WORDS (twenty-sixth session's red-team review): "not supported" that judges a treatment
# ("catheter ablation not supported") doubts no disease, as 不支持手术 does not; a working
# diagnosis (考虑) opening a later item of a list doubts that item and what follows it, not the
# established disease listed before it ("持续性房颤（3级）、考虑心衰").


def rw_persistent_af_grade_3_ablation_not_supported_english() -> Chart:
    """ "Persistent atrial fibrillation, grade 3, catheter ablation not supported by EP
    review"."""
    return with_condition(
        "rw-persistent-af-grade-3-ablation-not-supported-english",
        concept(
            "Persistent atrial fibrillation, grade 3, catheter ablation not supported by EP review"
        ),
    )


def rw_persistent_af_grade_3_list_considered_heart_failure_chinese() -> Chart:
    """持续性房颤（3级）、考虑心衰 (persistent AF, grade 3; heart failure considered), a list
    joined by 、."""
    return with_condition(
        "rw-persistent-af-grade-3-list-considered-heart-failure-chinese",
        concept("持续性房颤（3级）、考虑心衰"),
    )


# STG-SPREAD-WORDS (twenty-sixth session's red-team review): a negative result of a metastasis
# followed, in another clause, by post-procedure changes elsewhere ("骨转移（-），右颈部淋巴结
# 活检术后改变") is a denial: the treatment words are another finding's, not the metastasis's.


def rw_bone_metastasis_negative_then_biopsy_changes_after_m0() -> Chart:
    """As `rw_bone_metastasis_not_ruled_out_after_m0`, the conclusion "PET-CT：骨转移（-），右颈部
    淋巴结活检术后改变" (bone metastasis negative; post-biopsy changes of the right neck node)."""
    return m0_then_bone_scan(
        "rw-bone-metastasis-negative-then-biopsy-changes-after-m0",
        "1968-07-14",
        "PET-CT：骨转移（-），右颈部淋巴结活检术后改变",
    )


# DX-PLACE, MAL-OTHER (twenty-sixth session's red-team review): a carcinoma called metastatic
# and found in the parotid, as an English pathology line writes it ("Right parotid, FNA:
# metastatic SCC", "Metastatic SCC to right parotid"), is the NPC's spread to a parotid node,
# not a salivary gland primary.


def rw_parotid_fna_metastatic_scc_beside_npc() -> Chart:
    """The reference patient, and a problem-list entry "Right parotid, FNA: metastatic SCC" (no
    code) of 2026-03-20, two days after the NPC's diagnosis, `active`."""
    p = reference_patient("rw-parotid-fna-metastatic-scc-beside-npc")
    p.chart.condition({"text": "Right parotid, FNA: metastatic SCC"}, date(2026, 3, 20))
    return p.chart


def rw_metastatic_scc_to_right_parotid_beside_npc() -> Chart:
    """As `rw_parotid_fna_metastatic_scc_beside_npc`, the entry "Metastatic SCC to right
    parotid"."""
    p = reference_patient("rw-metastatic-scc-to-right-parotid-beside-npc")
    p.chart.condition({"text": "Metastatic SCC to right parotid"}, date(2026, 3, 20))
    return p.chart


# CNS-EHR (twenty-sixth session): a follow-up entry saying no NEW brain metastases, on a
# problem list that keeps it (it names the bone metastases too), is no denial of the
# brain metastases already seen: the held-open focus stays to be confirmed, the treated ones
# stand.
def rw_brain_mets_considered_then_restaging_no_new_english() -> Chart:
    """The reference chart; a 头颅MRI平扫+增强 report 2026-10-20 concluding "右额叶结节样强化灶，
    考虑转移瘤可能，建议短期复查。", then a restaging entry 2026-11-10 "Restaging: no new brain
    metastases; bone metastases stable"."""
    return brain_mets_considered_then_entry(
        "rw-brain-mets-considered-then-restaging-no-new-english",
        "Restaging: no new brain metastases; bone metastases stable",
    )


def rw_brain_mets_srs_then_no_new_brain_mets_entry_chinese() -> Chart:
    """The reference chart; brain metastases seen only on a brain MRI report 2026-08-20 ("脑内多发
    转移瘤，较大者位于右额叶，约1.2cm×1.0cm。"), radiosurgery 08-27 ("脑转移瘤立体定向放射外科
    治疗"), a brain MRI 10-28 "颅内转移瘤较前稳定，未见新发病灶。", then a follow-up entry 11-10
    "头颅MRI复查：颅内未见新发脑转移，骨转移灶稳定"."""
    p = reference_patient("rw-brain-mets-srs-then-no-new-brain-mets-entry-chinese")
    p.chart.diagnostic_report(
        BRAIN_MRI_ZH,
        date(2026, 8, 20),
        conclusion="脑内多发转移瘤，较大者位于右额叶，约1.2cm×1.0cm。",
        category=RADIOLOGY,
    )
    p.chart.procedure({"text": "脑转移瘤立体定向放射外科治疗"}, date(2026, 8, 27))
    brain_mri(p, date(2026, 10, 28), "颅内转移瘤较前稳定，未见新发病灶。")
    p.chart.condition({"text": "头颅MRI复查：颅内未见新发脑转移，骨转移灶稳定"}, date(2026, 11, 10))
    return p.chart


# STG-SPREAD-WORDS, STG-SUSPECTED (twenty-sixth session): 考虑 before a metastasis on a
# problem-list entry is a working diagnosis, to be confirmed, not a documented metastasis.
def rw_bone_metastasis_considered_entry_no_m_chinese() -> Chart:
    """The reference patient staged cT3 cN2 only (no M category), and the bone scan's conclusion
    entered 2026-03-25 as "骨扫描：多发骨质代谢增高灶，考虑骨转移"."""
    return bone_mets_entered_as(
        "rw-bone-metastasis-considered-entry-no-m-chinese", "骨扫描：多发骨质代谢增高灶，考虑骨转移"
    )


def rw_bone_metastasis_considered_entry_with_cm1_chinese() -> Chart:
    """As `rw_bone_metastasis_considered_entry_no_m_chinese`, the staging cT3 cN2 cM1, IVB
    (AJCC 8th) recorded beside it."""

    def stage(p: Npc) -> None:
        p.tnm()
        p.chart.condition(
            concept("骨扫描：多发骨质代谢增高灶，考虑骨转移"), p.diagnosed + timedelta(days=7)
        )

    return staged_only_by("rw-bone-metastasis-considered-entry-with-cm1-chinese", stage)


# STG-SPREAD-WORDS (twenty-sixth session): a negation before the metastasis, the treatment
# after it: the words say no bone metastasis was seen on a PET done after radiotherapy, not
# that one was there; a denial, so no metastasis is affirmed (a guard).
def rw_no_bone_mets_seen_on_pet_after_rt_english() -> Chart:
    """The reference patient staged cT3 cN2 only (no M category), and the entry "No bone
    metastases seen on PET after radiotherapy" (onset 2026-03-25)."""
    return bone_mets_entered_as(
        "rw-no-bone-mets-seen-on-pet-after-rt-english",
        "No bone metastases seen on PET after radiotherapy",
    )


# LOT-RESTART, LOT-SUBSTITUTION, LOT-AUGMENTATION, LOT-GAP, LOT-SETTING: the shapes NPC wards
# record a first line in (twenty-sixth session).


def de_novo_2025(pid: str, birth: str) -> Npc:
    """De novo metastatic NPC diagnosed 2025-08-20 (cT3 cN2 cM1, IVB, bone metastases), fit."""
    p = Npc(pid, birth=birth, diagnosed=date(2025, 8, 20))
    p.tnm("cT3", "cN2", "cM1", ("4B", "IVB"), when=date(2025, 8, 22))
    p.metastasis(BONE_METS, date(2025, 8, 21))
    p.fit()
    return p


def rw_gp_pd1_restarted_after_four_month_break() -> Chart:
    """LOT-RESTART (twenty-sixth session): GP + toripalimab x6 from 2025-09-03, no maintenance,
    nothing given from 2025-12-24 (the last gemcitabine) for four months, then GP + toripalimab
    again x4 from 2026-04-22; no progression recorded anywhere."""
    p = de_novo_2025("rw-gp-pd1-restarted-after-four-month-break", "1969-03-11")
    p.first_line(first=date(2025, 9, 3), maintenance=[])
    p.first_line(first=date(2026, 4, 22), cycles=4, maintenance=[])
    return p.chart


def rw_gp_pd1_rechallenged_after_seven_month_break() -> Chart:
    """LOT-GAP (twenty-sixth session): as `rw_gp_pd1_restarted_after_four_month_break`, the
    same three drugs again x4 from 2026-07-22, seven months after the last dose; no progression
    recorded."""
    p = de_novo_2025("rw-gp-pd1-rechallenged-after-seven-month-break", "1970-10-02")
    p.first_line(first=date(2025, 9, 3), maintenance=[])
    p.first_line(first=date(2026, 7, 22), cycles=4, maintenance=[])
    return p.chart


def rw_pd1_held_for_immune_hepatitis_resumed() -> Chart:
    """LOT-RESTART's guard (twenty-sixth session): the reference first line, toripalimab
    maintenance on 2026-08-12; immune-mediated hepatitis grade 3 on 2026-08-28, oral
    methylprednisolone to 2026-10-20, toripalimab held and resumed on 2026-11-04 (twelve weeks
    after its last dose); no progression recorded."""
    p = Npc("rw-pd1-held-for-immune-hepatitis-resumed").staged().fit()
    p.first_line(maintenance=[date(2026, 8, 12)])
    p.chart.condition(
        concept("免疫相关性肝炎 3级 (immune-mediated hepatitis, grade 3)"), date(2026, 8, 28)
    )
    p.chart.medication_statement(
        concept("甲泼尼龙片 (Methylprednisolone)"),
        (date(2026, 8, 29), date(2026, 10, 20)),
        dosage_text="1 mg/kg/d po, 逐渐减量",
    )
    for day in (date(2026, 11, 4), date(2026, 11, 25)):
        p.chart.medication_administration(
            TORIPALIMAB, day, dosage_text="240 mg q3w 维持 (肝炎恢复后重启)"
        )
    return p.chart


def rw_camrelizumab_to_tislelizumab_for_insurance() -> Chart:
    """LOT-SUBSTITUTION (twenty-sixth session): GP + camrelizumab cycles 1-3, tislelizumab in its
    place from cycle 4 (the insurer's formulary) and as maintenance; no progression recorded."""
    p = Npc("rw-camrelizumab-to-tislelizumab-for-insurance").staged().fit()
    camrelizumab = concept("注射用卡瑞利珠单抗 (Camrelizumab) 200mg")
    tislelizumab = concept("替雷利珠单抗注射液 (Tislelizumab) 100mg")
    days = p.first_line(pd1=None)
    for number, day in enumerate(days):
        drug = camrelizumab if number < 3 else tislelizumab
        p.chart.medication_administration(drug, day, dosage_text="200 mg ivgtt d1")
    for day in maintenance_days(days[-1]):
        p.chart.medication_administration(tislelizumab, day, dosage_text="200 mg q3w 维持")
    return p.chart


def rw_nimotuzumab_added_cycle_3() -> Chart:
    """LOT-AUGMENTATION (twenty-sixth session): the reference first line, nimotuzumab
    (尼妥珠单抗) 200 mg weekly added from cycle 3 (2026-05-20) to cycle 6; no progression."""
    p = Npc("rw-nimotuzumab-added-cycle-3").staged().fit()
    days = p.first_line()
    for day in days[2:]:
        for week in range(3):
            p.chart.medication_administration(
                concept("尼妥珠单抗注射液 (Nimotuzumab)"),
                day + timedelta(days=7 * week),
                dosage_text="200 mg ivgtt qw",
            )
    return p.chart


def rw_endostar_added_cycle_3() -> Chart:
    """LOT-AUGMENTATION (twenty-sixth session): the reference first line, recombinant human
    endostatin (恩度) by continuous infusion over days 1-7 added from cycle 3 to cycle 6."""
    p = Npc("rw-endostar-added-cycle-3").staged().fit()
    days = p.first_line()
    for day in days[2:]:
        p.chart.medication_administration(
            concept("重组人血管内皮抑制素注射液 (恩度)"),
            (day, day + timedelta(days=6)),
            dosage_text="15 mg/m2 civ 168h d1-7",
        )
    return p.chart


def rw_full_curative_course_then_metastases_recorded_date() -> Chart:
    """LOT-SETTING, LOT-RECURRENCE-UNDATED (twenty-sixth session): the 2023 curative course
    (cT3 cN1 cM0: induction GP x3, concurrent cisplatin with IMRT to the nasopharynx and neck),
    then adjuvant metronomic capecitabine for a year (2023-07-10 to 2024-06-30, one
    MedicationStatement); liver metastases entered with a recorded date of 2025-10-20 only; GP
    + toripalimab x6 and maintenance from 2025-11-05."""
    p = Npc(
        "rw-full-curative-course-then-metastases-recorded-date",
        birth="1975-07-30",
        diagnosed=date(2023, 2, 14),
    )
    curative_2023(p)
    p.chart.medication_statement(
        CAPECITABINE,
        (date(2023, 7, 10), date(2024, 6, 30)),
        dosage_text="650 mg/m2 bid 辅助节拍化疗 1年 (adjuvant metronomic)",
    )
    metastasis = p.chart.condition(LIVER_METS, None)
    metastasis["recordedDate"] = "2025-10-20"
    p.fit()
    p.first_line(first=date(2025, 11, 5))
    return p.chart


def rw_outside_gp_then_pd1_maintenance_here() -> Chart:
    """LOT-MAINTENANCE (twenty-sixth session): the first chemotherapy given at another hospital,
    entered as one MedicationStatement "外院 GP方案 (吉西他滨+顺铂) ×4周期" (2026-04-08 to
    2026-06-10, completed); camrelizumab here every 21 days x7 from 2026-07-01, the order's
    words "200 mg ivgtt q3w 维持治疗" (maintenance); no progression recorded."""
    p = Npc("rw-outside-gp-then-pd1-maintenance-here").staged().fit()
    p.chart.medication_statement(
        concept("外院 GP方案 (吉西他滨+顺铂) ×4周期"), (date(2026, 4, 8), date(2026, 6, 10))
    )
    for day in every_21_days(date(2026, 7, 1), 7):
        p.chart.medication_administration(
            concept("注射用卡瑞利珠单抗 (Camrelizumab) 200mg"),
            day,
            dosage_text="200 mg ivgtt q3w 维持治疗",
        )
    return p.chart


def rw_outside_gp_then_pembrolizumab_english() -> Chart:
    """LOT-MAINTENANCE (twenty-sixth session): "Cisplatin 80 mg/m2 q3w x4 (outside hospital)"
    and "Gemcitabine 1000 mg/m2 d1,8 q3w x4 (outside hospital)" as two MedicationStatements
    (2026-04-08 to 2026-06-10); pembrolizumab 200 mg IV every 21 days x7 from 2026-07-01; no
    progression recorded."""
    p = Npc("rw-outside-gp-then-pembrolizumab-english").staged().fit()
    for drug, text in (
        (CISPLATIN, "80 mg/m2 q3w x4 (outside hospital)"),
        (GEMCITABINE, "1000 mg/m2 d1,8 q3w x4 (outside hospital)"),
    ):
        p.chart.medication_statement(drug, (date(2026, 4, 8), date(2026, 6, 10)), dosage_text=text)
    for day in every_21_days(date(2026, 7, 1), 7):
        p.chart.medication_administration(
            concept("Pembrolizumab", (RXNORM, "1547545", "pembrolizumab")),
            day,
            dosage_text="200 mg IV q3w",
        )
    return p.chart


def rw_goserelin_begun_with_npc_chemotherapy_beside_breast_cancer() -> Chart:
    """LOT-CANCER (twenty-sixth session): female; the reference patient (GP + toripalimab from
    2026-04-08) with "左乳浸润性导管癌" (invasive ductal carcinoma, left breast, text only) of
    2023-03-14, still `active`, operated on, adjuvant tamoxifen from 2023-04-20 still taken; and
    goserelin 3.6 mg sc every 28 days first given on 2026-04-08, the day the NPC's first cycle
    began (ovarian function suppression), no reason on any record."""
    p = reference_patient(
        "rw-goserelin-begun-with-npc-chemotherapy-beside-breast-cancer",
        gender="female",
        birth="1982-09-17",
    )
    p.chart.condition({"text": "左乳浸润性导管癌"}, date(2023, 3, 14))
    p.chart.medication_statement(TAMOXIFEN, (date(2023, 4, 20), None), status="active")
    day = FIRST_CYCLE
    while day <= date(2026, 11, 18):
        p.chart.medication_administration(
            concept("醋酸戈舍瑞林缓释植入剂 (Goserelin) 3.6mg"), day, dosage_text="3.6 mg ih q28d"
        )
        day += timedelta(days=28)
    return p.chart


# STG-SPREAD-WORDS, STG-SUSPECTED (twenty-sixth session): a radiologist's hedge before a
# metastasis — 倾向 (leaning to), "likely", "suggestive of" — leaves it unconfirmed, as 考虑
# does; "consistent with" is the radiologist's firm read, as CNS-EHR reads it on a brain scan.


def rw_bone_metastasis_leaning_entry_no_m_chinese() -> Chart:
    """The reference patient staged cT3 cN2 only (no M category), and the bone scan's conclusion
    entered 2026-03-25 as "骨扫描：多发骨质代谢增高灶，倾向骨转移" (leaning to bone metastasis)."""
    return bone_mets_entered_as(
        "rw-bone-metastasis-leaning-entry-no-m-chinese", "骨扫描：多发骨质代谢增高灶，倾向骨转移"
    )


def rw_bone_metastasis_likely_entry_no_m_english() -> Chart:
    """As `rw_bone_metastasis_leaning_entry_no_m_chinese`, the entry "Bone scan: multiple foci of
    increased uptake. Findings likely represent osseous metastases."."""
    return bone_mets_entered_as(
        "rw-bone-metastasis-likely-entry-no-m-english",
        "Bone scan: multiple foci of increased uptake. Findings likely represent osseous "
        "metastases.",
    )


def rw_bone_metastasis_suggestive_entry_no_m_english() -> Chart:
    """As `rw_bone_metastasis_leaning_entry_no_m_chinese`, the entry "Bone scan: multiple foci of
    increased uptake, suggestive of bone metastases"."""
    return bone_mets_entered_as(
        "rw-bone-metastasis-suggestive-entry-no-m-english",
        "Bone scan: multiple foci of increased uptake, suggestive of bone metastases",
    )


def rw_bone_metastasis_consistent_with_entry_no_m_english() -> Chart:
    """As `rw_bone_metastasis_leaning_entry_no_m_chinese`, the entry "Bone scan: multiple foci of
    increased uptake, consistent with osseous metastases" (the firm read: a guard)."""
    return bone_mets_entered_as(
        "rw-bone-metastasis-consistent-with-entry-no-m-english",
        "Bone scan: multiple foci of increased uptake, consistent with osseous metastases",
    )


# STG-SPREAD-WORDS (twenty-sixth session): a negative result of a metastasis whose treatment
# words name another site — the primary's (鼻咽癌放疗后, "chemoradiotherapy to the nasopharynx"):
# a post-treatment check of the primary — is a denial, not a treated metastasis.


def ccrt_then_pet_entry(pid: str, birth: str, words: str) -> Chart:
    """The 2024 curative course of `rw_ccrt_in_follow_up`, and the PET-CT of its follow-up entered
    on the problem list 2024-07-25 in `words`; ECOG 1 at the follow-up visit."""
    p = Npc(pid, birth=birth, diagnosed=date(2024, 1, 10))
    ccrt_2024(p)
    p.chart.condition(concept(words), date(2024, 7, 25))
    p.fit()
    return p.chart


def rw_bone_metastasis_negative_after_npc_rt_chinese() -> Chart:
    """ "骨转移（-）（鼻咽癌放疗后3月复查）" (bone metastasis negative; the 3-month check after
    the NPC's radiotherapy)."""
    return ccrt_then_pet_entry(
        "rw-bone-metastasis-negative-after-npc-rt-chinese",
        "1970-05-12",
        "骨转移（-）（鼻咽癌放疗后3月复查）",
    )


def rw_bone_metastasis_negative_after_nasopharynx_ccrt_english() -> Chart:
    """ "Bone metastases: negative on PET (3 months after chemoradiotherapy to the
    nasopharynx)"."""
    return ccrt_then_pet_entry(
        "rw-bone-metastasis-negative-after-nasopharynx-ccrt-english",
        "1967-10-03",
        "Bone metastases: negative on PET (3 months after chemoradiotherapy to the nasopharynx)",
    )


# CNS-EHR, CNS-METASTASES (twenty-sixth session): a meningioma (脑膜瘤) is a benign dural
# tumour, not the meninges' spread: a brain MRI holding a metastasis open beside it makes a
# brain metastasis possible, and no leptomeningeal disease.


def rw_meningioma_metastasis_not_excluded_on_mri_chinese() -> Chart:
    """头颅MRI平扫+增强 concluding "左额部脑膜瘤可能，转移瘤不除外，建议增强复查。" (a left frontal
    meningioma likely, metastasis not excluded; follow-up advised)."""
    return brain_report_only(
        "rw-meningioma-metastasis-not-excluded-on-mri-chinese",
        BRAIN_MRI_ZH,
        "左额部脑膜瘤可能，转移瘤不除外，建议增强复查。",
    )


# LOT-SUPPORTIVE, CNS-METASTASES (twenty-sixth session): an order with two dosages, one
# intrathecal and one systemic written only in words (high-dose methotrexate into a vein with an
# intrathecal dose): a line of systemic therapy, not intrathecal therapy only.
def hd_mtx_order_with_intrathecal_dose(
    pid: str, meninges: str, intrathecal: dict[str, Any], systemic_text: str
) -> Chart:
    """The reference chart, a response evaluation "疾病进展 (PD)" 2026-10-05, a Condition
    `meninges` 2026-10-05, and one completed order of methotrexate 2026-10-09 with two dosages:
    `intrathecal` and `systemic_text` (words only, no route)."""
    p = reference_patient(pid)
    p.chart.observation(
        {"text": "疗效评价"}, date(2026, 10, 5), value_string="疾病进展 (PD)", focus=[p.cancer]
    )
    p.chart.condition({"text": meninges}, date(2026, 10, 5))
    day = IT_MTX_DAYS[0]
    order = p.chart.medication_request(METHOTREXATE, day, day)
    bounds = order["dosageInstruction"][0]["timing"]
    order["dosageInstruction"] = [
        {**intrathecal, "timing": bounds},
        {"text": systemic_text, "timing": bounds},
    ]
    return p.chart


def rw_meningeal_metastases_hd_mtx_ivgtt_and_it_dose_chinese() -> Chart:
    """Methotrexate ordered 2026-10-09 after progression: "12mg 鞘注 d1" by the intrathecal route
    (SNOMED CT 72607000) and "MTX 3 g/m2 ivgtt d1" (into a vein, words only)."""
    return hd_mtx_order_with_intrathecal_dose(
        "rw-meningeal-metastases-hd-mtx-ivgtt-and-it-dose-chinese",
        "脑膜转移",
        {"text": "12mg 鞘注 d1", "route": INTRATHECAL},
        "MTX 3 g/m2 ivgtt d1",
    )


def rw_meningeal_metastases_hd_mtx_iv_and_it_dose_english() -> Chart:
    """Methotrexate ordered 2026-10-09 after progression: "12 mg IT" (words only) and
    "3 g/m2 IV over 4 h" (words only)."""
    return hd_mtx_order_with_intrathecal_dose(
        "rw-meningeal-metastases-hd-mtx-iv-and-it-dose-english",
        "Meningeal metastases",
        {"text": "12 mg IT"},
        "3 g/m2 IV over 4 h",
    )


# LOT-SUPPORTIVE, CNS-METASTASES (twenty-sixth session): the intrathecal route only in the
# drug's name as the ward typed it ("Methotrexate intrathecal", 甲氨蝶呤（鞘注）), no dosage
# route; and a product's labelled use ("for intrathecal use") is no route given.
def rw_meningeal_metastases_mtx_intrathecal_in_drug_name_english() -> Chart:
    """The reference chart, a Condition text only "Meningeal metastases" 2026-10-05, and
    MedicationAdministrations 2026-10-09 and 10-16 whose medication's text is "Methotrexate
    intrathecal 12 mg" (no code), with no dosage."""
    p = reference_patient("rw-meningeal-metastases-mtx-intrathecal-in-drug-name-english")
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    for day in IT_MTX_DAYS[:2]:
        p.chart.medication_administration(concept("Methotrexate intrathecal 12 mg"), day)
    return p.chart


def rw_meningeal_metastases_mtx_intrathecal_in_drug_name_chinese() -> Chart:
    """The reference chart, a Condition text only "脑膜转移" 2026-10-05, and three completed
    orders 2026-10-09, 10-16, 10-23 of "甲氨蝶呤（鞘注）12mg" (the medication's text, no code),
    their dosage "d1" only."""
    p = reference_patient("rw-meningeal-metastases-mtx-intrathecal-in-drug-name-chinese")
    p.chart.condition({"text": "脑膜转移"}, date(2026, 10, 5))
    for day in IT_MTX_DAYS:
        p.chart.medication_request(concept("甲氨蝶呤（鞘注）12mg"), day, day, dosage_text="d1")
    return p.chart


def rw_hd_mtx_product_for_intrathecal_use_english() -> Chart:
    """The reference chart, a response evaluation "疾病进展 (PD)" 2026-10-05, a Condition
    "Meningeal metastases" 2026-10-05, and a MedicationAdministration 2026-10-09 of
    "Methotrexate injection 25 mg/mL preservative-free (for intrathecal use)" (the product's
    name) whose dosage text is "3 g/m2 over 4 h" (no route)."""
    p = reference_patient("rw-hd-mtx-product-for-intrathecal-use-english")
    p.chart.observation(
        {"text": "疗效评价"}, date(2026, 10, 5), value_string="疾病进展 (PD)", focus=[p.cancer]
    )
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    p.chart.medication_administration(
        concept("Methotrexate injection 25 mg/mL preservative-free (for intrathecal use)"),
        IT_MTX_DAYS[0],
        dosage_text="3 g/m2 over 4 h",
    )
    return p.chart


# DX-PLACE, MAL-OTHER (twenty-sixth session, cancers9): words naming a risk of a cancer of an
# organ, the SCC antigen's result written "(+)", and a carcinoma called metastatic that names no
# histology ("Metastatic carcinoma", alone or found in the parotid).


def rw_high_risk_for_breast_cancer() -> Chart:
    """DX-PLACE (twenty-sixth session, cancers9): female; "High risk for breast cancer" (no
    code) of 2025-06-03."""
    return _beside_npc(
        "rw-high-risk-for-breast-cancer",
        "High risk for breast cancer",
        date(2025, 6, 3),
        gender="female",
    )


def rw_brca1_carrier_high_risk_of_breast_cancer() -> Chart:
    """DX-PLACE (twenty-sixth session, cancers9): female; "BRCA1 carrier, high risk of breast
    cancer" (no code) of 2025-06-03."""
    return _beside_npc(
        "rw-brca1-carrier-high-risk-of-breast-cancer",
        "BRCA1 carrier, high risk of breast cancer",
        date(2025, 6, 3),
        gender="female",
    )


def rw_scc_marker_positive_chinese() -> Chart:
    """DX-PLACE (twenty-sixth session, cancers9): "肿瘤标志物：SCC(+)" (tumour markers: SCC
    antigen positive; no code) of 2026-09-20, during maintenance."""
    return _beside_npc("rw-scc-marker-positive-chinese", "肿瘤标志物：SCC(+)", date(2026, 9, 20))


def rw_metastatic_carcinoma_right_parotid_beside_npc() -> Chart:
    """DX-PLACE (twenty-sixth session, cancers9): "Metastatic carcinoma, right parotid" (no
    code) of 2026-03-20, two days after the NPC's diagnosis, still `active`."""
    return _beside_npc(
        "rw-metastatic-carcinoma-right-parotid-beside-npc",
        "Metastatic carcinoma, right parotid",
        date(2026, 3, 20),
    )


def rw_metastatic_carcinoma_no_site_beside_npc() -> Chart:
    """DX-PLACE (twenty-sixth session, cancers9): "Metastatic carcinoma" (no site, no code) of
    2026-03-20, two days after the NPC's diagnosis, still `active`."""
    return _beside_npc(
        "rw-metastatic-carcinoma-no-site-beside-npc", "Metastatic carcinoma", date(2026, 3, 20)
    )


# DX-PLACE, MAL-OTHER (twenty-sixth session, cancers9): a thymoma (WHO: every thymoma a
# malignant thymic epithelial tumour since 2015; ICD-10-CM still indexes thymoma NOS as benign)
# and a carcinoid (a neuroendocrine tumour) beside the NPC.


def rw_thymoma_chinese_beside_npc() -> Chart:
    """DX-PLACE (twenty-sixth session, cancers9): "胸腺瘤（B2型）术后" (type B2 thymoma, after
    surgery; no code) of 2025-01-15, still `active`; no therapy recorded for it."""
    return _beside_npc("rw-thymoma-chinese-beside-npc", "胸腺瘤（B2型）术后", date(2025, 1, 15))


def rw_appendiceal_carcinoid_chinese_beside_npc() -> Chart:
    """DX-PLACE (twenty-sixth session, cancers9): "阑尾类癌" (carcinoid of the appendix; no
    code) of 2025-01-15, still `active`; no therapy recorded for it."""
    return _beside_npc("rw-appendiceal-carcinoid-chinese-beside-npc", "阑尾类癌", date(2025, 1, 15))


def rw_carcinoid_tumor_english_beside_npc() -> Chart:
    """DX-PLACE (twenty-sixth session, cancers9): "Carcinoid tumor" (no organ, no code) of
    2025-01-15, still `active`; no therapy recorded for it."""
    return _beside_npc(
        "rw-carcinoid-tumor-english-beside-npc", "Carcinoid tumor", date(2025, 1, 15)
    )


def rw_metastatic_tumour_right_parotid_beside_npc() -> Chart:
    """DX-PLACE (twenty-sixth session, cancers9): "Metastatic tumor, right parotid" (no code)
    of 2026-03-20, two days after the NPC's diagnosis, still `active`."""
    return _beside_npc(
        "rw-metastatic-tumour-right-parotid-beside-npc",
        "Metastatic tumor, right parotid",
        date(2026, 3, 20),
    )


# DX-PLACE, MAL-OTHER (twenty-sixth session's second red-team review): the known cancer's
# symptoms written with 癌 or "cancer" as wards write them — cancer-related fatigue (癌因性疲乏),
# cancer-related anaemia (癌症相关性贫血), cancer cachexia — name no cancer of their own.


def rw_cancer_related_fatigue_chinese() -> Chart:
    """MAL-OTHER (twenty-sixth session's second red-team review): "癌因性疲乏" (cancer-related
    fatigue, no code) of 2026-09-20, during maintenance."""
    return _beside_npc("rw-cancer-related-fatigue-chinese", "癌因性疲乏", date(2026, 9, 20))


def rw_cancer_related_anaemia_chinese() -> Chart:
    """MAL-OTHER (twenty-sixth session's second red-team review): "癌症相关性贫血"
    (cancer-related anaemia, no code) of 2026-06-10, during the first line."""
    return _beside_npc("rw-cancer-related-anaemia-chinese", "癌症相关性贫血", date(2026, 6, 10))


def rw_cancer_cachexia_english() -> Chart:
    """MAL-OTHER (twenty-sixth session's second red-team review): "Cancer cachexia" (no code)
    of 2026-09-20, during maintenance."""
    return _beside_npc("rw-cancer-cachexia-english", "Cancer cachexia", date(2026, 9, 20))


def rw_breast_cancer_related_lymphoedema_beside_npc() -> Chart:
    """MAL-OTHER, DX-PLACE (twenty-sixth session's second red-team review): female; "Breast
    cancer-related lymphedema, left arm" (no code) of 2019-05-14, still `active`: the
    lymphoedema of a breast cancer treated years before the NPC."""
    return _beside_npc(
        "rw-breast-cancer-related-lymphoedema-beside-npc",
        "Breast cancer-related lymphedema, left arm",
        date(2019, 5, 14),
        gender="female",
    )


# CMB-WORDS (twenty-sixth session's second red-team review): a doubt about what caused an
# established disease (考虑与蒽环类药物相关, 考虑缺血性, "possibly related to anthracycline")
# doubts its cause, not the disease; and a doubt of one item of a list ("/?房扑") leaves an
# established disease of the same kind before it established.


def rw_heart_failure_nyha_3_considered_anthracycline_related_chinese() -> Chart:
    """慢性心力衰竭（NYHA III级），考虑与蒽环类药物相关 (chronic heart failure, NYHA III;
    considered related to anthracyclines)."""
    return with_condition(
        "rw-heart-failure-nyha-3-considered-anthracycline-related-chinese",
        concept("慢性心力衰竭（NYHA III级），考虑与蒽环类药物相关"),
    )


def rw_heart_failure_nyha_3_considered_ischaemic_chinese() -> Chart:
    """慢性心力衰竭（NYHA III级），考虑缺血性 (chronic heart failure, NYHA III; ischaemic
    considered)."""
    return with_condition(
        "rw-heart-failure-nyha-3-considered-ischaemic-chinese",
        concept("慢性心力衰竭（NYHA III级），考虑缺血性"),
    )


def rw_heart_failure_nyha_3_possibly_anthracycline_related_english() -> Chart:
    """ "Heart failure, NYHA class III, possibly related to anthracycline"."""
    return with_condition(
        "rw-heart-failure-nyha-3-possibly-anthracycline-related-english",
        concept("Heart failure, NYHA class III, possibly related to anthracycline"),
    )


def rw_af_grade_3_slash_query_flutter_chinese() -> Chart:
    """持续性房颤（3级）/?房扑 (persistent AF, grade 3; atrial flutter queried)."""
    return with_condition(
        "rw-af-grade-3-slash-query-flutter-chinese", concept("持续性房颤（3级）/?房扑")
    )


# STG-SPREAD-WORDS, STG-SUSPECTED (twenty-sixth session's second red-team review): 考虑 before
# the primary's name and its metastasis ("考虑鼻咽癌骨转移", as bone scan conclusions write it)
# puts the metastasis as a working diagnosis, as "考虑骨转移" does.


def rw_bone_metastasis_of_npc_considered_entry_no_m_chinese() -> Chart:
    """As `rw_bone_metastasis_considered_entry_no_m_chinese`, the conclusion "骨扫描：多发骨质代谢
    增高灶，考虑鼻咽癌骨转移" (bone metastases of the NPC considered)."""
    return bone_mets_entered_as(
        "rw-bone-metastasis-of-npc-considered-entry-no-m-chinese",
        "骨扫描：多发骨质代谢增高灶，考虑鼻咽癌骨转移",
    )


# LOT-RESTART (twenty-sixth session's second red-team review): a break in the chemotherapy filled
# by locoregional radiotherapy is no treatment-free interval.


def rw_gp_pd1_then_locoregional_imrt_then_gp_pd1() -> Chart:
    """De novo metastatic NPC: GP + toripalimab x4 from 2026-04-08 (the last gemcitabine
    2026-06-17), IMRT to the nasopharynx and neck 2026-07-06 -> 2026-08-19, then GP +
    toripalimab x2 from 2026-09-23 (98 days after the last gemcitabine); no progression
    recorded."""
    p = Npc("rw-gp-pd1-then-locoregional-imrt-then-gp-pd1").staged().fit()
    p.first_line(cycles=4, maintenance=[])
    p.chart.procedure(
        concept("IMRT nasopharynx + bilateral neck 70 Gy/33 fx", RADIOTHERAPY),
        (date(2026, 7, 6), date(2026, 8, 19)),
        body_site=[NASOPHARYNX_SITE, NECK_SITE],
        reason_reference=[p.cancer],
    )
    p.first_line(first=date(2026, 9, 23), cycles=2, maintenance=[])
    return p.chart


# LOT-RESTART, LOT-MAINTENANCE-ASKED, EXP-BLINDED (twenty-seventh session): a line with both a
# restart and an anti-PD-1 begun after its chemotherapy asks both; the restart's 90 days (Hess
# 2021's option B); a blinded study drug begun during a line, or with it.

CAMRELIZUMAB_200 = concept("注射用卡瑞利珠单抗 (Camrelizumab) 200mg")
BLINDED_STUDY_DRUG = concept("研究药物（盲法）")


def rw_gp_restarted_then_camrelizumab_begun() -> Chart:
    """LOT-RESTART, LOT-MAINTENANCE-ASKED (twenty-seventh session): de novo M1 NPC of
    2025-08-20; GP x4 from 2025-09-03 (no anti-PD-1; the last gemcitabine 2025-11-12); nothing
    given for 126 days; GP x2 again from 2026-03-18 (the last gemcitabine 2026-04-15);
    camrelizumab 200 mg q3w from 2026-05-13 to 2026-11-18; no progression recorded anywhere."""
    p = de_novo_2025("rw-gp-restarted-then-camrelizumab-begun", "1972-05-19")
    p.first_line(first=date(2025, 9, 3), cycles=4, pd1=None)
    p.first_line(first=date(2026, 3, 18), cycles=2, pd1=None)
    for day in every_21_days(date(2026, 5, 13), 10):
        p.chart.medication_administration(
            CAMRELIZUMAB_200, day, dosage_text="200 mg ivgtt q3w 维持治疗"
        )
    return p.chart


def rw_outside_gp_camrelizumab_then_gp_restarted() -> Chart:
    """LOT-MAINTENANCE-ASKED, LOT-RESTART (twenty-seventh session): de novo M1 NPC of
    2025-12-20; cisplatin and gemcitabine x4 at an outside hospital as two MedicationStatements
    (2026-01-07 to 2026-03-11); camrelizumab here q3w x4 from 2026-04-01 (the last dose
    2026-06-03); nothing given for 126 days; cisplatin and gemcitabine again x2 from 2026-10-07;
    no progression recorded."""
    p = Npc(
        "rw-outside-gp-camrelizumab-then-gp-restarted",
        birth="1968-12-02",
        diagnosed=date(2025, 12, 20),
    )
    p.staged().fit()
    for drug, text in (
        (CISPLATIN, "80 mg/m2 q3w x4 (外院)"),
        (GEMCITABINE, "1000 mg/m2 d1,8 q3w x4 (外院)"),
    ):
        p.chart.medication_statement(drug, (date(2026, 1, 7), date(2026, 3, 11)), dosage_text=text)
    for day in every_21_days(date(2026, 4, 1), 4):
        p.chart.medication_administration(
            CAMRELIZUMAB_200, day, dosage_text="200 mg ivgtt q3w 维持治疗"
        )
    p.first_line(first=date(2026, 10, 7), cycles=2, pd1=None)
    return p.chart


def rw_gp_pd1_resumed_after_eighty_day_pause() -> Chart:
    """LOT-RESTART's cut (twenty-seventh session): the reference stage; GP + toripalimab x4
    from 2026-04-08 (the last gemcitabine 2026-06-17), nothing given for 80 days, GP +
    toripalimab x2 from 2026-09-05, no maintenance; no progression recorded."""
    p = Npc("rw-gp-pd1-resumed-after-eighty-day-pause", birth="1974-02-27").staged().fit()
    p.first_line(cycles=4, maintenance=[])
    p.first_line(first=date(2026, 9, 5), cycles=2, maintenance=[])
    return p.chart


def rw_blinded_study_drug_added_to_pd1_maintenance() -> Chart:
    """EXP-BLINDED, LOT-NEW-AGENT (twenty-seventh session): the reference first line, GP +
    toripalimab x6 and toripalimab maintenance from 2026-08-12 to 2026-11-20; "研究药物（盲法）"
    (study drug, blinded; no drug named) 200 mg q3w from 2026-09-02 beside it; no progression
    recorded."""
    p = reference_patient("rw-blinded-study-drug-added-to-pd1-maintenance", birth="1970-01-23")
    for day in every_21_days(date(2026, 9, 2), 4):
        p.chart.medication_administration(
            BLINDED_STUDY_DRUG, day, dosage_text="200 mg ivgtt q3w (研究用药)"
        )
    return p.chart


def rw_blinded_study_drug_with_gp_from_cycle_1() -> Chart:
    """EXP-BLINDED (twenty-seventh session): GP x6 from 2026-04-08 with "研究药物（盲法）" (study
    drug, blinded; no drug named) on day 1 of every cycle and q3w as maintenance to 2026-11-20;
    no anti-PD-1 named anywhere."""
    p = Npc("rw-blinded-study-drug-with-gp-from-cycle-1", birth="1966-08-08").staged().fit()
    p.first_line(pd1=BLINDED_STUDY_DRUG)
    return p.chart


def rw_gp_toripalimab_with_blinded_study_drug_from_cycle_1() -> Chart:
    """EXP-BLINDED (twenty-seventh session): the reference first line (GP + toripalimab x6 and
    maintenance) with "研究药物（盲法）" (study drug, blinded; no drug named) on day 1 of every
    cycle from 2026-04-08 and beside the maintenance."""
    p = reference_patient(
        "rw-gp-toripalimab-with-blinded-study-drug-from-cycle-1", birth="1979-11-30"
    )
    days = every_21_days(FIRST_CYCLE, 6)
    for day in days + maintenance_days(days[-1]):
        p.chart.medication_administration(
            BLINDED_STUDY_DRUG, day, dosage_text="ivgtt d1 q3w (研究用药)"
        )
    return p.chart


def rw_blinded_pd1_or_placebo_begun_after_gp() -> Chart:
    """EXP-BLINDED, LOT-MAINTENANCE-ASKED (twenty-seventh session): GP x4 from 2026-04-08 (no
    anti-PD-1; the last gemcitabine 2026-06-17), then "研究药物：特瑞普利单抗/安慰剂（盲法）"
    (study drug: toripalimab or placebo, blinded) q3w from 2026-07-08 to 2026-11-18; no
    progression recorded."""
    p = Npc("rw-blinded-pd1-or-placebo-begun-after-gp", birth="1977-04-04").staged().fit()
    p.first_line(cycles=4, pd1=None)
    for day in every_21_days(date(2026, 7, 8), 7):
        p.chart.medication_administration(
            concept("研究药物：特瑞普利单抗/安慰剂（盲法）"), day, dosage_text="240 mg ivgtt q3w"
        )
    return p.chart


# STG-SPREAD-WORDS, STG-SUSPECTED (twenty-seventh session): a radiologist leaning against a
# metastasis ("unlikely", "less likely", 可能性小, 可能性不大) is a verdict against it, not a
# suspicion and not a finding; "in keeping with" is a firm read as "consistent with" is; a plan
# to treat a metastasis (考虑 骨转移放疗, a space typed) is no doubt of it; a tumour treated is
# the metastasis's own unless the primary is named.


def m0_then_entry(pid: str, words: str) -> Chart:
    """An NPC diagnosed 2026-03-03, staged cT3 cN2 cM0, III on 2026-03-10, fit, not yet treated;
    a staging scan's conclusion entered 2026-03-20 in `words`; nothing since."""
    p = Npc(pid, birth="1971-02-14", diagnosed=date(2026, 3, 3))
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(concept(words), date(2026, 3, 20))
    return p.chart


def rw_bone_metastases_unlikely_after_m0_english() -> Chart:
    """As `m0_then_entry`: "Bone scan: uptake in the lower lumbar spine, likely degenerative;
    bone metastases unlikely"."""
    return m0_then_entry(
        "rw-bone-metastases-unlikely-after-m0-english",
        "Bone scan: uptake in the lower lumbar spine, likely degenerative; "
        "bone metastases unlikely",
    )


def rw_bone_metastasis_possibility_small_after_m0_chinese() -> Chart:
    """As `m0_then_entry`: "骨扫描：腰椎浓聚灶，考虑退行性变，骨转移可能性小" (a lumbar hot spot,
    degenerative change considered, bone metastasis unlikely)."""
    return m0_then_entry(
        "rw-bone-metastasis-possibility-small-after-m0-chinese",
        "骨扫描：腰椎浓聚灶，考虑退行性变，骨转移可能性小",
    )


def rw_liver_metastasis_less_likely_after_m0_english() -> Chart:
    """As `m0_then_entry`: "CT abdomen: 8 mm hypodense liver lesion, likely a cyst; metastasis
    less likely"."""
    return m0_then_entry(
        "rw-liver-metastasis-less-likely-after-m0-english",
        "CT abdomen: 8 mm hypodense liver lesion, likely a cyst; metastasis less likely",
    )


def rw_liver_metastasis_possibility_not_great_entry_no_m_chinese() -> Chart:
    """The reference patient staged cT3 cN2 only (no M category), and the entry "肝脏MRI：肝右叶
    小结节，考虑血管瘤，转移可能性不大" (a small nodule, haemangioma considered, metastasis not
    likely) of 2026-03-25; the reference first line."""
    return bone_mets_entered_as(
        "rw-liver-metastasis-possibility-not-great-entry-no-m-chinese",
        "肝脏MRI：肝右叶小结节，考虑血管瘤，转移可能性不大",
    )


def rw_signal_change_unlikely_to_represent_metastasis_no_m_english() -> Chart:
    """As `rw_liver_metastasis_possibility_not_great_entry_no_m_chinese`, the entry "MRI spine: T8
    signal change, unlikely to represent metastasis"."""
    return bone_mets_entered_as(
        "rw-signal-change-unlikely-to-represent-metastasis-no-m-english",
        "MRI spine: T8 signal change, unlikely to represent metastasis",
    )


def rw_bone_metastases_in_keeping_with_entry_no_m_english() -> Chart:
    """As `rw_liver_metastasis_possibility_not_great_entry_no_m_chinese`, the entry "Bone scan:
    multiple foci of increased uptake in keeping with osseous metastases"."""
    return bone_mets_entered_as(
        "rw-bone-metastases-in-keeping-with-entry-no-m-english",
        "Bone scan: multiple foci of increased uptake in keeping with osseous metastases",
    )


def rw_bone_metastasis_rt_considered_spaced_entry_chinese() -> Chart:
    """As `rw_liver_metastasis_possibility_not_great_entry_no_m_chinese`, the plan entered on the
    problem list as "考虑 骨转移放疗" (considered: radiotherapy of the bone metastases; a space
    typed after 考虑)."""
    return bone_mets_entered_as(
        "rw-bone-metastasis-rt-considered-spaced-entry-chinese", "考虑 骨转移放疗"
    )


def rw_liver_metastasis_negative_after_sbrt_to_the_tumour_english() -> Chart:
    """As `rw_liver_metastasis_possibility_not_great_entry_no_m_chinese`, the entry "Liver
    metastasis: negative on MRI after SBRT to the tumour"."""
    return bone_mets_entered_as(
        "rw-liver-metastasis-negative-after-sbrt-to-the-tumour-english",
        "Liver metastasis: negative on MRI after SBRT to the tumour",
    )


# STG-SPREAD-WORDS, STG-SUSPECTED (twenty-seventh session): radiology's other hedges before a
# metastasis — "concerning for", "worrisome for", "may represent", "favour(ed)" — leave it a
# working diagnosis, as "likely" and "suggestive of" do (and as CNS-EHR holds a brain scan open).


def rw_bone_metastasis_concerning_for_entry_no_m_english() -> Chart:
    """The reference patient staged cT3 cN2 only (no M category), and the entry "Bone scan:
    multiple foci of increased uptake, concerning for bone metastases" of 2026-03-25; the
    reference first line."""
    return bone_mets_entered_as(
        "rw-bone-metastasis-concerning-for-entry-no-m-english",
        "Bone scan: multiple foci of increased uptake, concerning for bone metastases",
    )


def rw_bone_metastasis_may_represent_entry_no_m_english() -> Chart:
    """As `rw_bone_metastasis_concerning_for_entry_no_m_english`, the entry "Bone scan: multiple
    foci of increased uptake, which may represent osseous metastases"."""
    return bone_mets_entered_as(
        "rw-bone-metastasis-may-represent-entry-no-m-english",
        "Bone scan: multiple foci of increased uptake, which may represent osseous metastases",
    )


def rw_bone_metastasis_favoured_entry_no_m_english() -> Chart:
    """As `rw_bone_metastasis_concerning_for_entry_no_m_english`, the entry "Bone scan: multiple
    foci of increased uptake; bone metastases favoured over degenerative change"."""
    return bone_mets_entered_as(
        "rw-bone-metastasis-favoured-entry-no-m-english",
        "Bone scan: multiple foci of increased uptake; bone metastases favoured over degenerative "
        "change",
    )


# CMB-CODES, CMB-GRADE-OWNER, CMB-WORDS (twenty-seventh session): a clinician's severity (mild,
# moderate, severe) coded or ticked is no CTCAE grade; severity boxes after the disease's words;
# atrial flutter by its short names.


def rw_af_snomed_severity_moderate_alone_english() -> Chart:
    """SNOMED CT 49436004 "Atrial fibrillation", confirmed and active, severity Moderate (SNOMED
    CT 6736007) and nothing else: no grade, no drug, no note."""
    af = concept("Atrial fibrillation", (SNOMED, "49436004", "Atrial fibrillation (disorder)"))
    return with_condition(
        "rw-af-snomed-severity-moderate-alone-english", af, severity=_form_moderate()
    )


def rw_heart_failure_severity_mild_english() -> Chart:
    """SNOMED CT 84114007 "Heart failure", confirmed and active, severity Mild (SNOMED CT
    255604002); no NYHA class, no grade."""
    hf = concept("Heart failure", (SNOMED, "84114007", "Heart failure (disorder)"))
    mild = concept("Mild", (SNOMED, "255604002", "Mild"))
    return with_condition("rw-heart-failure-severity-mild-english", hf, severity=mild)


def rw_af_severity_severe_ticked_chinese() -> Chart:
    """房颤 ☐轻度 ☐中度 ☑重度 (the form's AF row, severity severe ticked)."""
    return with_condition("rw-af-severity-severe-ticked-chinese", concept("房颤 ☐轻度 ☐中度 ☑重度"))


def rw_heart_failure_severity_boxes_after_moderate_english() -> Chart:
    """ "Heart failure: mild [ ] moderate [x] severe [ ]" (a history form's row, each box after
    its word; moderate ticked), no code, no NYHA class."""
    return with_condition(
        "rw-heart-failure-severity-boxes-after-moderate-english",
        concept("Heart failure: mild [ ] moderate [x] severe [ ]"),
    )


def rw_heart_failure_severity_boxes_after_severe_english() -> Chart:
    """ "Heart failure: mild [ ] moderate [ ] severe [x]" (severe ticked), no code."""
    return with_condition(
        "rw-heart-failure-severity-boxes-after-severe-english",
        concept("Heart failure: mild [ ] moderate [ ] severe [x]"),
    )


def rw_af_grade_3_slash_query_flutter_english() -> Chart:
    """ "Persistent AF, grade 3 / ? flutter" (persistent AF of grade 3; flutter queried)."""
    return with_condition(
        "rw-af-grade-3-slash-query-flutter-english", concept("Persistent AF, grade 3 / ? flutter")
    )


def rw_a_flutter_abbreviated_grade_2_english() -> Chart:
    """ "A-flutter, CTCAE grade 2" (atrial flutter by its short name), text only."""
    return with_condition(
        "rw-a-flutter-abbreviated-grade-2-english", concept("A-flutter, CTCAE grade 2")
    )


def rw_ventricular_flutter_chinese_grade_3() -> Chart:
    """心室扑动（3级） (ventricular flutter, grade 3), text only."""
    return with_condition("rw-ventricular-flutter-chinese-grade-3", concept("心室扑动（3级）"))


def rw_ocular_flutter_not_cardiac_english() -> Chart:
    """ "Ocular flutter" (an eye-movement disorder, neurology's), text only."""
    return with_condition("rw-ocular-flutter-not-cardiac-english", concept("Ocular flutter"))


def rw_severe_heart_failure_chinese() -> Chart:
    """重度心衰 (severe heart failure), text only: no NYHA class, no grade."""
    return with_condition("rw-severe-heart-failure-chinese", concept("重度心衰"))


def rw_heart_failure_severe_in_brackets_english() -> Chart:
    """ "Congestive heart failure (severe)", text only."""
    return with_condition(
        "rw-heart-failure-severe-in-brackets-english", concept("Congestive heart failure (severe)")
    )


def rw_severe_coronary_stenosis_chinese() -> Chart:
    """冠心病 前降支重度狭窄 (coronary disease; severe stenosis of the LAD), text only."""
    return with_condition("rw-severe-coronary-stenosis-chinese", concept("冠心病 前降支重度狭窄"))


# DX-PLACE, DX-WORDS, MAL-OTHER, STG-SPREAD-WORDS: other cancers read from a Condition's words --
# a parotid tumour naming no malignancy, a metastasis named by where it went, the known cancer's
# follow-up, survivorship, tumour thrombus and lymphangitic spread, a carcinoid syndrome
# (twenty-seventh session).


def rw_parotid_tumour_english_beside_npc() -> Chart:
    """DX-PLACE (twenty-seventh session, cancers10): "Parotid tumor" (no code, no histology) of
    2025-01-15, still `active`, nothing of its treatment recorded."""
    return _beside_npc("rw-parotid-tumour-english-beside-npc", "Parotid tumor", date(2025, 1, 15))


def rw_warthin_tumour_of_parotid_beside_npc() -> Chart:
    """DX-PLACE (twenty-seventh session, cancers10): "Warthin tumor of left parotid" (no code)
    of 2025-01-15, still `active`: a benign tumour named by its histology."""
    return _beside_npc(
        "rw-warthin-tumour-of-parotid-beside-npc",
        "Warthin tumor of left parotid",
        date(2025, 1, 15),
    )


def rw_parotid_mass_chinese_beside_npc() -> Chart:
    """DX-PLACE (twenty-seventh session, cancers10): "右腮腺肿物" (right parotid mass, no code)
    of 2026-03-20, two days after the NPC's diagnosis, still `active`."""
    return _beside_npc("rw-parotid-mass-chinese-beside-npc", "右腮腺肿物", date(2026, 3, 20))


def rw_parotid_metastatic_carcinoma_chinese_beside_npc() -> Chart:
    """STG-SPREAD-WORDS, MAL-OTHER (twenty-seventh session, cancers10): "右腮腺转移癌"
    (metastatic carcinoma in the right parotid, no code) of 2026-03-20, two days after the
    NPC's diagnosis, still `active`."""
    return _beside_npc(
        "rw-parotid-metastatic-carcinoma-chinese-beside-npc", "右腮腺转移癌", date(2026, 3, 20)
    )


def rw_metastatic_carcinoma_to_liver_beside_npc() -> Chart:
    """STG-SPREAD-WORDS, MAL-OTHER (twenty-seventh session, cancers10): "Metastatic carcinoma
    to liver" (no code) of 2026-03-20, two days after the NPC's diagnosis, still `active`."""
    return _beside_npc(
        "rw-metastatic-carcinoma-to-liver-beside-npc",
        "Metastatic carcinoma to liver",
        date(2026, 3, 20),
    )


def rw_cancer_follow_up_on_problem_list() -> Chart:
    """DX-WORDS, MAL-OTHER (twenty-seventh session, cancers10): "Cancer follow-up" (no code)
    entered 2026-10-20, during the NPC's maintenance, still `active`."""
    return _beside_npc(
        "rw-cancer-follow-up-on-problem-list", "Cancer follow-up", date(2026, 10, 20)
    )


def rw_cancer_survivor_since_2019() -> Chart:
    """DX-WORDS, MAL-OTHER (twenty-seventh session, cancers10): "Cancer survivor" (no code, no
    cancer named) entered 2019-05-10, years before the NPC, still `active`."""
    return _beside_npc("rw-cancer-survivor-since-2019", "Cancer survivor", date(2019, 5, 10))


def rw_portal_vein_tumour_thrombus_with_liver_metastases() -> Chart:
    """STG-SPREAD-WORDS, MAL-OTHER (twenty-seventh session, cancers10): the reference chart,
    and on 2026-03-20 "鼻咽癌肝转移" (the NPC's liver metastases) and "门静脉癌栓" (portal vein
    tumour thrombus), both without a code, still `active`."""
    p = reference_patient("rw-portal-vein-tumour-thrombus-with-liver-metastases")
    p.chart.condition({"text": "鼻咽癌肝转移"}, date(2026, 3, 20))
    p.chart.condition({"text": "门静脉癌栓"}, date(2026, 3, 20))
    return p.chart


def rw_lymphangitic_carcinomatosis_chinese_beside_npc() -> Chart:
    """STG-SPREAD-WORDS, MAL-OTHER (twenty-seventh session, cancers10): "双肺癌性淋巴管炎"
    (lymphangitic carcinomatosis of both lungs, no code) of 2026-03-20, two days after the
    NPC's diagnosis, still `active`."""
    return _beside_npc(
        "rw-lymphangitic-carcinomatosis-chinese-beside-npc", "双肺癌性淋巴管炎", date(2026, 3, 20)
    )


def rw_carcinoid_syndrome_beside_npc() -> Chart:
    """DX-PLACE, MAL-OTHER (twenty-seventh session, cancers10): "Carcinoid syndrome" (no code)
    of 2025-01-15, still `active`, nothing of its tumour's treatment recorded."""
    return _beside_npc("rw-carcinoid-syndrome-beside-npc", "Carcinoid syndrome", date(2025, 1, 15))


def rw_uterine_fibroid_tumour_beside_npc() -> Chart:
    """DX-PLACE, MAL-OTHER (twenty-seventh session, cancers10): female; "Uterine fibroid
    tumor" (a leiomyoma, no code) of 2025-01-15, still `active`."""
    return _beside_npc(
        "rw-uterine-fibroid-tumour-beside-npc",
        "Uterine fibroid tumor",
        date(2025, 1, 15),
        gender="female",
    )


# CNS-METASTASES, LOT-SUPPORTIVE (twenty-seventh session): intrathecal and intraventricular
# chemotherapy as wards write it — "MTX" for methotrexate, the route in a Medication resource's
# name, premedication or hydration by a vein in the intrathecal dose's own words, an Ommaya
# reservoir — and a CSF cytology named as LOINC names it.
MTX_ABBREVIATED = concept("MTX")


def rw_meningeal_metastases_mtx_abbreviated_it_english() -> Chart:
    """The reference chart, a Condition text only "Meningeal metastases" 2026-10-05, and
    MedicationAdministrations 2026-10-09 and 10-16 whose medication's text is "MTX" only (no
    code) and whose dosage text is "12 mg IT" (no route element)."""
    p = reference_patient("rw-meningeal-metastases-mtx-abbreviated-it-english")
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    for day in IT_MTX_DAYS[:2]:
        p.chart.medication_administration(MTX_ABBREVIATED, day, dosage_text="12 mg IT")
    return p.chart


def rw_meningeal_metastases_mtx_in_drug_name_chinese() -> Chart:
    """The reference chart, a Condition text only "脑膜转移" 2026-10-05, and
    MedicationAdministrations 2026-10-09 and 10-16 whose medication's text is "鞘注MTX 12mg"
    (no code), with no dosage."""
    p = reference_patient("rw-meningeal-metastases-mtx-in-drug-name-chinese")
    p.chart.condition({"text": "脑膜转移"}, date(2026, 10, 5))
    for day in IT_MTX_DAYS[:2]:
        p.chart.medication_administration(concept("鞘注MTX 12mg"), day)
    return p.chart


def rw_weekly_mtx_after_progression_english() -> Chart:
    """The reference chart, a response evaluation "疗效评价" valued "疾病进展 (PD)" 2026-10-05,
    then MedicationAdministrations 2026-10-09, 10-16 and 10-23 whose medication's text is "MTX"
    only (no code) and whose dosage text is "40 mg/m2 IV push weekly" (palliative weekly
    methotrexate, a classic regimen of recurrent head and neck cancer)."""
    p = reference_patient("rw-weekly-mtx-after-progression-english")
    p.chart.observation(
        {"text": "疗效评价"}, date(2026, 10, 5), value_string="疾病进展 (PD)", focus=[p.cancer]
    )
    for day in IT_MTX_DAYS:
        p.chart.medication_administration(
            MTX_ABBREVIATED, day, dosage_text="40 mg/m2 IV push weekly"
        )
    return p.chart


def rw_meningeal_mets_it_in_medication_resource() -> Chart:
    """The reference chart, a Condition text only "Meningeal metastases" 2026-10-05, a
    Medication resource whose code's text is "Methotrexate 12 mg intrathecal injection" (no
    code), and two completed orders (MedicationRequest) 2026-10-09 and 10-16 referencing it
    (`medicationReference`), their dosage instructions of timing only (no route, no text)."""
    p = reference_patient("rw-meningeal-mets-it-in-medication-resource")
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    drug = p.chart.medication(concept("Methotrexate 12 mg intrathecal injection"))
    for day in IT_MTX_DAYS[:2]:
        p.chart.medication_request(drug, day, day)
    return p.chart


def rw_meningeal_metastases_it_mtx_with_iv_hydration_english() -> Chart:
    """The reference chart, a Condition text only "Meningeal metastases" 2026-10-05, and
    MedicationAdministrations of methotrexate 2026-10-09 and 10-16 by the route text "IT",
    whose dosage text is "12 mg IT via lumbar puncture; IV hydration with normal saline 500 mL
    before" (the hydration by a vein, the methotrexate into the CSF)."""
    p = reference_patient("rw-meningeal-metastases-it-mtx-with-iv-hydration-english")
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    for day in IT_MTX_DAYS[:2]:
        p.chart.medication_administration(
            METHOTREXATE,
            day,
            route=IT_ABBREVIATED,
            dosage_text=(
                "12 mg IT via lumbar puncture; IV hydration with normal saline 500 mL before"
            ),
        )
    return p.chart


def rw_meningeal_metastases_it_mtx_with_iv_antiemetic_chinese() -> Chart:
    """The reference chart, a Condition text only "脑膜转移" 2026-10-05, and
    MedicationAdministrations of methotrexate 2026-10-09 and 10-16 by the intrathecal route
    (SNOMED CT 72607000, text 鞘内注射) whose dosage text is "10mg 鞘内注射 d1；昂丹司琼 8mg 静推
    预防呕吐" (ondansetron by a vein before it, against vomiting)."""
    p = reference_patient("rw-meningeal-metastases-it-mtx-with-iv-antiemetic-chinese")
    p.chart.condition({"text": "脑膜转移"}, date(2026, 10, 5))
    for day in IT_MTX_DAYS[:2]:
        p.chart.medication_administration(
            METHOTREXATE,
            day,
            route=INTRATHECAL,
            dosage_text="10mg 鞘内注射 d1；昂丹司琼 8mg 静推 预防呕吐",
        )
    return p.chart


def rw_meningeal_metastases_mtx_via_ommaya_english() -> Chart:
    """The reference chart, a Condition text only "Meningeal metastases" 2026-10-05, and
    MedicationAdministrations of methotrexate 2026-10-09 and 10-16 whose route is the text
    "Intraventricular" (no code) and whose dosage text is "2 mg via Ommaya reservoir"."""
    p = reference_patient("rw-meningeal-metastases-mtx-via-ommaya-english")
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    for day in IT_MTX_DAYS[:2]:
        p.chart.medication_administration(
            METHOTREXATE,
            day,
            route=concept("Intraventricular"),
            dosage_text="2 mg via Ommaya reservoir",
        )
    return p.chart


def rw_meningeal_metastases_cytarabine_ommaya_chinese() -> Chart:
    """The reference chart, a Condition text only "脑膜转移" 2026-10-05, and
    MedicationAdministrations of cytarabine (阿糖胞苷) 2026-10-09 and 10-16 with no route
    element and the dosage text "30mg 经Ommaya囊脑室内注射" (into the ventricle through an
    Ommaya reservoir)."""
    p = reference_patient("rw-meningeal-metastases-cytarabine-ommaya-chinese")
    p.chart.condition({"text": "脑膜转移"}, date(2026, 10, 5))
    for day in IT_MTX_DAYS[:2]:
        p.chart.medication_administration(
            concept("注射用阿糖胞苷"), day, dosage_text="30mg 经Ommaya囊脑室内注射"
        )
    return p.chart


def rw_meningeal_metastases_ommaya_chemo_procedure_chinese() -> Chart:
    """The reference chart, a Condition text only "脑膜转移" 2026-10-05, and a Procedure
    "经Ommaya囊脑室内化疗" (chemotherapy into the ventricles through an Ommaya reservoir)
    2026-10-09; no drug record."""
    p = reference_patient("rw-meningeal-metastases-ommaya-chemo-procedure-chinese")
    p.chart.condition({"text": "脑膜转移"}, date(2026, 10, 5))
    p.chart.procedure(concept("经Ommaya囊脑室内化疗"), date(2026, 10, 9))
    return p.chart


def rw_meningeal_metastases_csf_cytology_loinc_name_english() -> Chart:
    """The reference chart, a Condition text only "Meningeal metastases" 2026-10-05, and a
    laboratory Observation 2026-10-03 named as LOINC's long name reads, "Microscopic observation
    [Identifier] in Cerebral spinal fluid by Cyto stain" (text only, no code), valued
    "Malignant cells present (adenocarcinoma)"."""
    p = reference_patient("rw-meningeal-metastases-csf-cytology-loinc-name-english")
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    p.chart.observation(
        concept("Microscopic observation [Identifier] in Cerebral spinal fluid by Cyto stain"),
        date(2026, 10, 3),
        value_string="Malignant cells present (adenocarcinoma)",
    )
    return p.chart


# STG-SPREAD-WORDS, STG-SUSPECTED (twenty-seventh session, red-team review): a leaning word
# after a metastasis ("likely", 倾向) doubts it only where it closes the clause: "osseous
# metastases likely from the known nasopharyngeal carcinoma" states the metastases and leans on
# where they came from. A radiologist's "no findings to suggest", "rather than metastasis" and
# "more likely degenerative than metastatic" are verdicts against a metastasis.


def rw_bone_metastases_likely_from_npc_entry_no_m_english() -> Chart:
    """As `rw_bone_metastasis_likely_entry_no_m_english`, the entry "Bone scan: multiple osseous
    metastases likely from the known nasopharyngeal carcinoma" (the metastases stated, their
    origin leaned on)."""
    return bone_mets_entered_as(
        "rw-bone-metastases-likely-from-npc-entry-no-m-english",
        "Bone scan: multiple osseous metastases likely from the known nasopharyngeal carcinoma",
    )


def rw_bone_metastases_leaning_npc_origin_entry_no_m_chinese() -> Chart:
    """As `rw_bone_metastasis_leaning_entry_no_m_chinese`, the entry "PET-CT：多发骨转移 倾向鼻咽癌
    来源" (multiple bone metastases, leaning to an NPC origin; the report's lines joined by a
    space)."""
    return bone_mets_entered_as(
        "rw-bone-metastases-leaning-npc-origin-entry-no-m-chinese",
        "PET-CT：多发骨转移 倾向鼻咽癌来源",
    )


def rw_no_findings_to_suggest_bone_metastasis_after_m0() -> Chart:
    """As `rw_bone_metastasis_not_ruled_out_after_m0`, the conclusion "Bone scan: no
    scintigraphic findings to suggest osseous metastases"."""
    return m0_then_bone_scan(
        "rw-no-findings-to-suggest-bone-metastasis-after-m0",
        "1968-08-17",
        "Bone scan: no scintigraphic findings to suggest osseous metastases",
    )


def rw_uptake_degenerative_rather_than_metastasis_after_m0() -> Chart:
    """As `rw_bone_metastasis_not_ruled_out_after_m0`, the conclusion "Bone scan: focal uptake in
    T8, likely degenerative rather than metastasis"."""
    return m0_then_bone_scan(
        "rw-uptake-degenerative-rather-than-metastasis-after-m0",
        "1971-02-05",
        "Bone scan: focal uptake in T8, likely degenerative rather than metastasis",
    )


def rw_uptake_more_likely_degenerative_than_metastatic_after_m0() -> Chart:
    """As `rw_bone_metastasis_not_ruled_out_after_m0`, the conclusion "Bone scan: focal uptake at
    L4, more likely degenerative than metastatic"."""
    return m0_then_bone_scan(
        "rw-uptake-more-likely-degenerative-than-metastatic-after-m0",
        "1965-12-30",
        "Bone scan: focal uptake at L4, more likely degenerative than metastatic",
    )


# CMB-WORDS (twenty-seventh session, red-team review): a doubt word before "X-related disease"
# (疑似蒽环类药物相关心肌病, 疑似与化疗有关的心衰) doubts the disease it names, not only its cause.


def rw_suspected_anthracycline_related_cardiomyopathy_nyha_3_chinese() -> Chart:
    """疑似蒽环类药物相关心肌病（NYHA III级） (suspected anthracycline-related cardiomyopathy,
    NYHA III)."""
    return with_condition(
        "rw-suspected-anthracycline-related-cardiomyopathy-nyha-3-chinese",
        concept("疑似蒽环类药物相关心肌病（NYHA III级）"),
    )


def rw_suspected_chemotherapy_related_heart_failure_chinese() -> Chart:
    """疑似与化疗有关的心衰，心功能III级 (suspected heart failure related to chemotherapy; NYHA
    class III)."""
    return with_condition(
        "rw-suspected-chemotherapy-related-heart-failure-chinese",
        concept("疑似与化疗有关的心衰，心功能III级"),
    )


# DX-PLACE, MAL-OTHER (twenty-seventh session, red-team review): "SCC" before a problem list's
# dash separator ("Lung SCC - RUL lobectomy 2024", "Metastatic SCC - right parotid") is the
# carcinoma, not the SCC antigen's negative result ("SCC(-)", "SCC -" ending the words).


def rw_lung_scc_dash_lobectomy_beside_npc() -> Chart:
    """The reference chart, and a problem-list entry "Lung SCC - RUL lobectomy 2024" (text only)
    of 2024-06-10, still `active`; no therapy recorded for it."""
    return _beside_npc(
        "rw-lung-scc-dash-lobectomy-beside-npc", "Lung SCC - RUL lobectomy 2024", date(2024, 6, 10)
    )


def rw_metastatic_scc_dash_right_parotid_beside_npc() -> Chart:
    """As `rw_metastatic_scc_to_right_parotid_beside_npc`, the entry "Metastatic SCC - right
    parotid" (the problem list's dash between the finding and its site)."""
    return _beside_npc(
        "rw-metastatic-scc-dash-right-parotid-beside-npc",
        "Metastatic SCC - right parotid",
        date(2026, 3, 20),
    )


# LOT-SUPPORTIVE, CNS-METASTASES (twenty-seventh session, red-team review): chemotherapy into
# the CSF through an Ommaya reservoir (intraventricular) is intra-CSF therapy as intrathecal
# is; the reservoir's own word ("subcutaneous Ommaya reservoir") and a warning against another
# route (严禁静脉注射) name no route the drug was given by.


def _leptomeningeal_mtx_after_progression(
    pid: str, meninges: str, route: dict[str, Any] | None, words: str
) -> Chart:
    """The reference chart, a response evaluation "疾病进展 (PD)" 2026-10-05, a Condition
    `meninges` 2026-10-05, and MedicationAdministrations of methotrexate 2026-10-09 and 10-16
    whose dosage says `words` (and `route`, when given)."""
    p = reference_patient(pid)
    p.chart.observation(
        {"text": "疗效评价"}, date(2026, 10, 5), value_string="疾病进展 (PD)", focus=[p.cancer]
    )
    p.chart.condition({"text": meninges}, date(2026, 10, 5))
    for day in IT_MTX_DAYS[:2]:
        p.chart.medication_administration(
            METHOTREXATE,
            day,
            route=route,  # type: ignore[arg-type]
            dosage_text=words,
        )
    return p.chart


def rw_leptomeningeal_mtx_via_subcutaneous_ommaya_english() -> Chart:
    """Methotrexate after progression, dosage text "12 mg intrathecally via subcutaneous Ommaya
    reservoir" (no route element)."""
    return _leptomeningeal_mtx_after_progression(
        "rw-leptomeningeal-mtx-via-subcutaneous-ommaya-english",
        "Leptomeningeal metastases",
        None,
        "12 mg intrathecally via subcutaneous Ommaya reservoir",
    )


def rw_leptomeningeal_mtx_intraventricular_route_english() -> Chart:
    """Methotrexate after progression, the dosage's route as text only "Intraventricular" and
    its text "2 mg via Ommaya reservoir"."""
    return _leptomeningeal_mtx_after_progression(
        "rw-leptomeningeal-mtx-intraventricular-route-english",
        "Leptomeningeal metastases",
        {"text": "Intraventricular"},
        "2 mg via Ommaya reservoir",
    )


def rw_leptomeningeal_mtx_intrathecal_never_iv_chinese() -> Chart:
    """Methotrexate after progression, dosage text "12mg 鞘内注射（严禁静脉注射）" (intrathecal
    injection; never into a vein), no route element."""
    return _leptomeningeal_mtx_after_progression(
        "rw-leptomeningeal-mtx-intrathecal-never-iv-chinese",
        "软脑膜转移",
        None,
        "12mg 鞘内注射（严禁静脉注射）",
    )


# MAL-OTHER, DX-PLACE (twenty-seventh session, red-team review): the known cancer's anaemia or
# hypercalcaemia named by "malignancy" (恶性肿瘤相关性贫血, "Hypercalcemia of malignancy") is no
# other cancer, as "癌症相关性贫血" and "Cancer cachexia" are not.


def rw_malignancy_related_anaemia_chinese() -> Chart:
    """ "恶性肿瘤相关性贫血" (malignancy-related anaemia, no code) of 2026-06-10, during the first
    line."""
    return _beside_npc(
        "rw-malignancy-related-anaemia-chinese", "恶性肿瘤相关性贫血", date(2026, 6, 10)
    )


def rw_hypercalcaemia_of_malignancy_english() -> Chart:
    """ "Hypercalcemia of malignancy" (no code) of 2026-09-20, during maintenance."""
    return _beside_npc(
        "rw-hypercalcaemia-of-malignancy-english", "Hypercalcemia of malignancy", date(2026, 9, 20)
    )


# CMB-WORDS (twenty-seventh session, red-team review): an established AF beside a queried
# flutter written in English ("/ possible flutter", "?flutter"), as in Chinese (/?房扑).


def rw_af_grade_3_possible_flutter_english() -> Chart:
    """ "Atrial fibrillation, CTCAE grade 3 / possible flutter" (text only)."""
    return with_condition(
        "rw-af-grade-3-possible-flutter-english",
        concept("Atrial fibrillation, CTCAE grade 3 / possible flutter"),
    )


# DX-PLACE, DX-WORDS, MAL-OTHER (twenty-seventh session, cancers11): a tumour named with no
# malignant word is no cancer, an organ's Chinese ICD-10 title (乳房恶性肿瘤) is its cancer, and
# a metastasis found in the parotid names no primary.


def rw_breast_tumour_english_beside_npc() -> Chart:
    """DX-PLACE (twenty-seventh session, cancers11): female; "Breast tumor" (no code, no
    histology) of 2025-01-15, still `active`, nothing of its treatment recorded."""
    return _beside_npc(
        "rw-breast-tumour-english-beside-npc", "Breast tumor", date(2025, 1, 15), gender="female"
    )


def rw_kidney_tumour_english_beside_npc() -> Chart:
    """DX-PLACE (twenty-seventh session, cancers11): "Kidney tumor" (no code, no histology) of
    2025-01-15, still `active`, nothing of its treatment recorded."""
    return _beside_npc("rw-kidney-tumour-english-beside-npc", "Kidney tumor", date(2025, 1, 15))


def rw_benign_breast_tumour_beside_npc() -> Chart:
    """DX-PLACE, MAL-OTHER (twenty-eighth session, cancers12): female; "Benign breast tumor"
    (no code, no histology) of 2025-01-15, still `active`: a guard beside
    `rw_breast_tumour_english_beside_npc`."""
    return _beside_npc(
        "rw-benign-breast-tumour-beside-npc",
        "Benign breast tumor",
        date(2025, 1, 15),
        gender="female",
    )


def rw_krukenberg_tumour_beside_npc() -> Chart:
    """DX-PLACE, MAL-OTHER (twenty-eighth session, cancers12): female; "Krukenberg tumour of left
    ovary" (no code, no primary named) of 2025-06-10, still `active`, nothing of its treatment
    recorded."""
    return _beside_npc(
        "rw-krukenberg-tumour-beside-npc",
        "Krukenberg tumour of left ovary",
        date(2025, 6, 10),
        gender="female",
    )


def rw_lung_metastasis_or_second_primary_beside_npc() -> Chart:
    """DX-WORDS, MAL-OTHER (twenty-eighth session, cancers12): "Lung metastasis or second
    primary lung cancer" (no code) of 2026-10-05, `active`: the radiologist's differential."""
    return _beside_npc(
        "rw-lung-metastasis-or-second-primary-beside-npc",
        "Lung metastasis or second primary lung cancer",
        date(2026, 10, 5),
    )


def rw_lung_metastasis_or_primary_chinese_beside_npc() -> Chart:
    """DX-WORDS, MAL-OTHER (twenty-eighth session, cancers12): "肺转移瘤或原发肺癌" (lung
    metastasis or primary lung cancer, no code) of 2026-10-05, `active`."""
    return _beside_npc(
        "rw-lung-metastasis-or-primary-chinese-beside-npc", "肺转移瘤或原发肺癌", date(2026, 10, 5)
    )


def rw_breast_tumour_chinese_beside_npc() -> Chart:
    """MAL-OTHER, DX-PLACE (twenty-eighth session, cancers13): female; "乳腺肿瘤" (breast tumour,
    no code, no histology) of 2025-01-15, still `active`: `rw_breast_tumour_english_beside_npc`
    in Chinese."""
    return _beside_npc(
        "rw-breast-tumour-chinese-beside-npc", "乳腺肿瘤", date(2025, 1, 15), gender="female"
    )


def rw_thyroid_mass_chinese_beside_npc() -> Chart:
    """MAL-OTHER, DX-PLACE (twenty-eighth session, cancers13): "甲状腺肿物" (thyroid mass, no
    code, no histology) of 2025-01-15, still `active`."""
    return _beside_npc("rw-thyroid-mass-chinese-beside-npc", "甲状腺肿物", date(2025, 1, 15))


def rw_lung_space_occupying_lesion_beside_metastatic_npc() -> Chart:
    """MAL-OTHER, DX-PLACE (twenty-eighth session, cancers13): "肺占位" (a space-occupying lesion
    of the lung, no code, no histology) entered 2026-03-20 with the de novo metastatic NPC's
    staging work-up, still `active`: the NPC's lung metastasis or a primary lung cancer."""
    return _beside_npc(
        "rw-lung-space-occupying-lesion-beside-metastatic-npc", "肺占位", date(2026, 3, 20)
    )


def rw_renal_mass_english_beside_npc() -> Chart:
    """MAL-OTHER, DX-PLACE (twenty-eighth session, cancers13): "Renal mass" (no code, no
    histology) of 2025-01-15, still `active`: a work-up finding."""
    return _beside_npc("rw-renal-mass-english-beside-npc", "Renal mass", date(2025, 1, 15))


def rw_thyroid_nodule_english_beside_npc() -> Chart:
    """MAL-OTHER, DX-PLACE (twenty-eighth session, cancers13): "Thyroid nodule" (no code) of
    2025-01-15, still `active`: a guard beside `rw_thyroid_mass_chinese_beside_npc`."""
    return _beside_npc("rw-thyroid-nodule-english-beside-npc", "Thyroid nodule", date(2025, 1, 15))


def rw_breast_or_lung_primary_differential_beside_npc() -> Chart:
    """MAL-OTHER, DX-WORDS (twenty-eighth session, cancers13): female; "Breast cancer or lung
    cancer primary" (no code) of 2026-10-05, `active`: a differential between two primaries,
    neither the NPC."""
    return _beside_npc(
        "rw-breast-or-lung-primary-differential-beside-npc",
        "Breast cancer or lung cancer primary",
        date(2026, 10, 5),
        gender="female",
    )


def rw_unknown_primary_lung_or_breast_chinese_beside_npc() -> Chart:
    """MAL-OTHER, DX-WORDS (twenty-eighth session, cancers13): female; "原发灶不明：肺癌？乳腺
    癌？" (primary not found: lung cancer? breast cancer?, no code) of 2026-10-05, `active`."""
    return _beside_npc(
        "rw-unknown-primary-lung-or-breast-chinese-beside-npc",
        "原发灶不明：肺癌？乳腺癌？",
        date(2026, 10, 5),
        gender="female",
    )


def rw_breast_cancer_or_fibroadenoma_beside_npc() -> Chart:
    """DX-WORDS, MAL-OTHER (twenty-eighth session): female; "Breast cancer or fibroadenoma" (no
    code, no histology) of 2026-10-05, `active`: the breast imaging's differential before a
    biopsy."""
    return _beside_npc(
        "rw-breast-cancer-or-fibroadenoma-beside-npc",
        "Breast cancer or fibroadenoma",
        date(2026, 10, 5),
        gender="female",
    )


def rw_breast_cancer_or_fibroadenoma_chinese_beside_npc() -> Chart:
    """DX-WORDS, MAL-OTHER (twenty-eighth session): female; "乳腺癌或纤维腺瘤" (breast cancer or
    fibroadenoma, no code) of 2026-10-05, `active`."""
    return _beside_npc(
        "rw-breast-cancer-or-fibroadenoma-chinese-beside-npc",
        "乳腺癌或纤维腺瘤",
        date(2026, 10, 5),
        gender="female",
    )


def rw_nasopharyngeal_tumour_text_only_staged_treated() -> Chart:
    """DX-PLACE, DX-WORDS (twenty-seventh session, cancers11): the reference chart, its cancer
    recorded only as "Nasopharyngeal tumor" (no code, no histology), staged cT3 cN2 cM1 IVB with
    bone metastases, and GP + toripalimab given."""
    p = Npc(
        "rw-nasopharyngeal-tumour-text-only-staged-treated",
        diagnosis=concept("Nasopharyngeal tumor"),
    )
    p.staged().fit()
    p.first_line()
    return p.chart


def rw_nasopharyngeal_tumour_chinese_text_only_staged_treated() -> Chart:
    """DX-PLACE, DX-WORDS (twenty-seventh session, cancers11): as
    `rw_nasopharyngeal_tumour_text_only_staged_treated`, the cancer recorded only as "鼻咽肿瘤"
    (nasopharyngeal tumour, no code)."""
    p = Npc(
        "rw-nasopharyngeal-tumour-chinese-text-only-staged-treated",
        diagnosis=concept("鼻咽肿瘤"),
    )
    p.staged().fit()
    p.first_line()
    return p.chart


def rw_nasopharyngeal_tumour_with_icd10_code() -> Chart:
    """DX-PLACE (twenty-seventh session, cancers11): the reference chart, its cancer recorded
    as "Nasopharyngeal tumor" with the ICD-10-CM code C11.9."""
    p = Npc(
        "rw-nasopharyngeal-tumour-with-icd10-code",
        diagnosis=concept(
            "Nasopharyngeal tumor",
            (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx, unspecified"),
        ),
    )
    p.staged().fit()
    p.first_line()
    return p.chart


def rw_breast_malignant_neoplasm_chinese_icd_title_beside_npc() -> Chart:
    """DX-PLACE (twenty-seventh session, cancers11): female; "乳房恶性肿瘤" (ICD-10 C50's
    Chinese title, text only) of 2025-01-15, still `active`, nothing of its treatment
    recorded."""
    return _beside_npc(
        "rw-breast-malignant-neoplasm-chinese-icd-title-beside-npc",
        "乳房恶性肿瘤",
        date(2025, 1, 15),
        gender="female",
    )


def rw_lung_malignant_neoplasm_chinese_icd_title_beside_npc() -> Chart:
    """DX-PLACE (twenty-seventh session, cancers11): "支气管和肺恶性肿瘤" (ICD-10 C34's Chinese
    title, text only) of 2025-01-15, still `active`, nothing of its treatment recorded."""
    return _beside_npc(
        "rw-lung-malignant-neoplasm-chinese-icd-title-beside-npc",
        "支气管和肺恶性肿瘤",
        date(2025, 1, 15),
    )


def rw_metastatic_carcinoma_to_right_parotid_beside_npc() -> Chart:
    """DX-PLACE, MAL-OTHER (twenty-seventh session, cancers11): "Metastatic carcinoma to right
    parotid" (no code) of 2026-03-20, two days after the NPC's diagnosis, still `active`."""
    return _beside_npc(
        "rw-metastatic-carcinoma-to-right-parotid-beside-npc",
        "Metastatic carcinoma to right parotid",
        date(2026, 3, 20),
    )


def rw_parotid_metastasis_chinese_npc_stage_iii() -> Chart:
    """DX-PLACE, STG-OWNER (twenty-seventh session, cancers11): an NPC staged cT3 cN2 cM0, III
    (AJCC 8th), no distant metastasis recorded, GP + toripalimab given; and "右腮腺转移癌"
    (metastatic carcinoma in the right parotid, no code) of 2026-03-20, two days after the
    NPC's diagnosis, still `active`."""
    p = Npc("rw-parotid-metastasis-chinese-npc-stage-iii")
    p.tnm(m="cM0", group=("3", "III"))
    p.fit()
    p.first_line()
    p.chart.condition({"text": "右腮腺转移癌"}, date(2026, 3, 20))
    return p.chart


# EXP-UNRESOLVED, EXP-UNLISTED, EXP-BLINDED, LOT-NEW-AGENT, LOT-IN-PROGRESS (twenty-seventh
# session): a drug that cannot be identified begun after a line's regimen window, with no
# progression recorded, may be a maintenance study or a later line's drug; one begun with the
# line is its regimen's; a study drug given on after the line's other drugs stopped dates the
# line's end.


def _unheld_medication(record: Resource, item: str) -> None:
    """The record references a pharmacy item the export does not hold."""
    del record["medicationCodeableConcept"]
    record["medicationReference"] = {"reference": f"Medication/{item}"}


def rw_unlisted_code_begun_during_pd1_maintenance() -> Chart:
    """EXP-UNLISTED, LOT-NEW-AGENT (twenty-seventh session): the reference first line (GP +
    toripalimab x6, toripalimab maintenance from 2026-08-12 to 2026-11-20) and "ZB-4127 注射液
    200 mg" (a development code no table lists) q3w x4 from 2026-09-02 beside the maintenance;
    no progression recorded."""
    p = reference_patient("rw-unlisted-code-begun-during-pd1-maintenance", birth="1972-05-19")
    for day in every_21_days(date(2026, 9, 2), 4):
        p.chart.medication_administration(
            concept("ZB-4127 注射液 200 mg"), day, dosage_text="200 mg ivgtt q3w"
        )
    return p.chart


def rw_unheld_medication_begun_during_pd1_maintenance() -> Chart:
    """EXP-UNRESOLVED, LOT-NEW-AGENT (twenty-seventh session): the reference first line and, from
    2026-09-02, four administrations q3w beside the toripalimab maintenance of a pharmacy item the
    export does not hold (`Medication/pharmacy-item-51120`); no progression recorded."""
    p = reference_patient("rw-unheld-medication-begun-during-pd1-maintenance", birth="1968-10-03")
    for day in every_21_days(date(2026, 9, 2), 4):
        record = p.chart.medication_administration({"text": "placeholder"}, day)
        _unheld_medication(record, "pharmacy-item-51120")
    return p.chart


def rw_unheld_medication_every_cycle_from_cycle_1() -> Chart:
    """EXP-UNRESOLVED (twenty-seventh session): the reference first line and, on day 1 of every
    cycle from 2026-04-08 (the first cycle) and beside every maintenance dose, an administration of
    a pharmacy item the export does not hold (`Medication/pharmacy-item-30088`, a premedication
    the day ward gives with each infusion); no progression recorded."""
    p = reference_patient("rw-unheld-medication-every-cycle-from-cycle-1", birth="1975-03-12")
    days = every_21_days(FIRST_CYCLE, 6)
    for day in days + maintenance_days(days[-1]):
        record = p.chart.medication_administration({"text": "placeholder"}, day)
        _unheld_medication(record, "pharmacy-item-30088")
    return p.chart


def rw_blinded_study_drug_maintenance_still_given() -> Chart:
    """EXP-BLINDED, LOT-IN-PROGRESS (twenty-seventh session): GP x6 from 2026-04-08 (the last
    gemcitabine 2026-07-29) with "研究药物（盲法）" (study drug, blinded; no drug named) on day 1
    of every cycle and q3w as maintenance since, its last dose 2026-11-18 and its order still
    `active` (the maintenance goes on); no anti-PD-1 named; no progression recorded."""
    p = Npc("rw-blinded-study-drug-maintenance-still-given", birth="1969-07-07").staged().fit()
    days = p.first_line(pd1=BLINDED_STUDY_DRUG, maintenance=[])
    for day in maintenance_days(days[-1], date(2026, 11, 18)):
        p.chart.medication_administration(
            BLINDED_STUDY_DRUG, day, dosage_text="ivgtt q3w (研究用药 维持)"
        )
    p.chart.medication_request(BLINDED_STUDY_DRUG, date(2026, 11, 18), status="active")
    return p.chart


# LOT-REGIMEN, LOT-AUGMENTATION (twenty-seventh session): a cycle another hospital gave, entered
# as history with only its month, was given some day of that month.


def rw_outside_gp_cycle_dated_by_month_then_gp_pd1_here() -> Chart:
    """LOT-AUGMENTATION, GEN-ONSET-TEXT's partial dates (twenty-seventh session): de novo M1 NPC
    of 2026-02-20; cycle 1 of cisplatin and gemcitabine at an outside hospital as two
    MedicationStatements dated only "2026-03" (`effectiveDateTime`, month only: "GP 第1周期
    (外院)"); here GP + toripalimab x5 from 2026-04-08 and toripalimab maintenance; no
    progression recorded."""
    p = Npc(
        "rw-outside-gp-cycle-dated-by-month-then-gp-pd1-here",
        birth="1973-09-21",
        diagnosed=date(2026, 2, 20),
    )
    p.staged().fit()
    for drug in (CISPLATIN, GEMCITABINE):
        record = p.chart.medication_statement(
            drug, date(2026, 3, 1), dosage_text="GP 第1周期 (外院)"
        )
        record["effectiveDateTime"] = "2026-03"
    p.first_line(cycles=5)
    return p.chart


# CMB-CODES, CMB-GRADE-OWNER, CMB-WORDS: an arrhythmia its words call severe, a functional class
# kept in its own list item, a working diagnosis of a chemotherapy-related AF, the short names of
# AF and flutter, and a benign rhythm finding never graded without a grade (twenty-seventh session).


def rw_severe_af_english() -> Chart:
    """CMB-CODES (twenty-seventh session, cardiac10): "Severe AF", text only: no grade, no drug."""
    return with_condition("rw-severe-af-english", concept("Severe AF"))


def rw_severe_af_chinese() -> Chart:
    """CMB-CODES (twenty-seventh session, cardiac10): "重度房颤" (severe AF), text only."""
    return with_condition("rw-severe-af-chinese", concept("重度房颤"))


def rw_heart_failure_nyha_1_then_chd_chinese() -> Chart:
    """CMB-GRADE-OWNER (twenty-seventh session, cardiac10): "心衰（NYHA I级）、冠心病" (heart
    failure, NYHA class I; coronary heart disease), text only: the class is the failure's, the
    coronary disease has no grade."""
    return with_condition(
        "rw-heart-failure-nyha-1-then-chd-chinese", concept("心衰（NYHA I级）、冠心病")
    )


def rw_chf_nyha_1_query_cad_english() -> Chart:
    """CMB-GRADE-OWNER (twenty-seventh session, cardiac10): "CHF NYHA I, ?CAD", text only: a heart
    failure of class I and a doubted coronary disease, ungraded."""
    return with_condition("rw-chf-nyha-1-query-cad-english", concept("CHF NYHA I, ?CAD"))


def rw_considered_chemotherapy_related_af_grade_2_chinese() -> Chart:
    """CMB-WORDS (twenty-seventh session, cardiac10): "考虑化疗相关房颤（CTCAE 2级）" (AF
    considered chemotherapy-related, CTCAE grade 2), text only: a working diagnosis."""
    return with_condition(
        "rw-considered-chemotherapy-related-af-grade-2-chinese",
        concept("考虑化疗相关房颤（CTCAE 2级）"),
    )


def rw_aflutter_one_word_english() -> Chart:
    """CMB-WORDS (twenty-seventh session, cardiac10): "Aflutter" (atrial flutter in one word),
    text only: no grade."""
    return with_condition("rw-aflutter-one-word-english", concept("Aflutter"))


def rw_a_period_fib_english() -> Chart:
    """CMB-WORDS (twenty-seventh session, cardiac10): "A. fib" (atrial fibrillation, a period
    after the A), text only: no grade."""
    return with_condition("rw-a-period-fib-english", concept("A. fib"))


def rw_sinus_tachycardia_from_fever_english() -> Chart:
    """CMB-CODES (twenty-seventh session, cardiac10): "Sinus tachycardia secondary to fever",
    severity Moderate (SNOMED CT 6736007, the form's default), no grade."""
    return with_condition(
        "rw-sinus-tachycardia-from-fever-english",
        concept("Sinus tachycardia secondary to fever"),
        severity=_form_moderate(),
    )


def rw_isolated_pvcs_english() -> Chart:
    """CMB-WORDS (twenty-seventh session, cardiac10): "Isolated PVCs on ECG, Lown grade 1", text
    only: a Lown class, no CTCAE grade."""
    return with_condition("rw-isolated-pvcs-english", concept("Isolated PVCs on ECG, Lown grade 1"))


def rw_considered_chemotherapy_induced_af_grade_2_chinese() -> Chart:
    """CMB-WORDS (twenty-seventh session, cardiac10): "考虑化疗所致房颤（CTCAE 2级）" (AF
    considered chemotherapy-induced, CTCAE grade 2), text only: a working diagnosis."""
    return with_condition(
        "rw-considered-chemotherapy-induced-af-grade-2-chinese",
        concept("考虑化疗所致房颤（CTCAE 2级）"),
    )


# CMB-CODES, CMB-GRADE-OWNER, STG-SPREAD-WORDS, DX-WORDS: red-team review of the first wave
# (twenty-seventh session).


def rw_heart_failure_denied_severity_boxes_blank_chinese() -> Chart:
    """The history form's row "心力衰竭 ☑无 ☐有 ☐轻度 ☐中度 ☐重度": heart failure answered no, its
    severity boxes (asked only of a yes) left blank."""
    return with_condition(
        "rw-heart-failure-denied-severity-boxes-blank-chinese",
        concept("心力衰竭 ☑无 ☐有 ☐轻度 ☐中度 ☐重度"),
    )


def rw_heart_failure_denied_if_yes_severity_blank_english() -> Chart:
    """The history form's row "Heart failure: No [x] Yes [ ]  If yes: mild [ ] moderate [ ]
    severe [ ]": heart failure answered no, the severity of a yes left blank."""
    return with_condition(
        "rw-heart-failure-denied-if-yes-severity-blank-english",
        concept("Heart failure: No [x] Yes [ ]  If yes: mild [ ] moderate [ ] severe [ ]"),
    )


# CMB-CODES, CMB-GRADE-OWNER: a severity spanning moderate and severe, a functional class listed
# beside a heart failure and a coronary disease, an AF with a rapid ventricular response, and a
# severe heart failure the entry says recovered (twenty-eighth session, cardiac11).


def rw_heart_failure_severity_moderate_to_severe_chinese() -> Chart:
    """CMB-CODES (twenty-eighth session, cardiac11): "慢性心力衰竭", its severity written "中重度"
    (moderate to severe) by the EHR; no NYHA class, no grade."""
    return with_condition(
        "rw-heart-failure-severity-moderate-to-severe-chinese",
        concept("慢性心力衰竭"),
        severity=concept("中重度"),
    )


def rw_chd_heart_failure_nyha_3_one_entry_chinese() -> Chart:
    """CMB-GRADE-OWNER (twenty-eighth session, cardiac11): "冠心病 心衰 心功能III级" (coronary
    heart disease, heart failure, cardiac function class III), text only: the class is the
    failure's, the coronary disease has no grade."""
    return with_condition(
        "rw-chd-heart-failure-nyha-3-one-entry-chinese", concept("冠心病 心衰 心功能III级")
    )


def rw_afib_with_rvr_english() -> Chart:
    """CMB-CODES, CMB-WORDS (twenty-eighth session, cardiac11): "AFib w/ RVR" (atrial
    fibrillation with rapid ventricular response), text only: no grade, no drug."""
    return with_condition("rw-afib-with-rvr-english", concept("AFib w/ RVR"))


def rw_severe_heart_failure_fully_recovered_english() -> Chart:
    """CMB-CODES (twenty-eighth session, cardiac11): "History of severe heart failure, fully
    recovered", text only, active on the problem list: no current NYHA class, no LVEF."""
    return with_condition(
        "rw-severe-heart-failure-fully-recovered-english",
        concept("History of severe heart failure, fully recovered"),
    )


def rw_liver_metastases_unlikely_resectable_after_m0_english() -> Chart:
    """As `m0_then_entry`: the MDT's "MDT: liver metastases are unlikely to be resectable" (the
    liver metastases found; their resection judged unlikely)."""
    return m0_then_entry(
        "rw-liver-metastases-unlikely-resectable-after-m0-english",
        "MDT: liver metastases are unlikely to be resectable",
    )


def rw_liver_metastases_unlikely_resectable_entry_no_m_english() -> Chart:
    """As `rw_bone_metastasis_concerning_for_entry_no_m_english`, the entry "CT abdomen: multiple
    liver metastases, unlikely to be resectable"."""
    return bone_mets_entered_as(
        "rw-liver-metastases-unlikely-resectable-entry-no-m-english",
        "CT abdomen: multiple liver metastases, unlikely to be resectable",
    )


def rw_bone_metastases_resection_unlikely_entry_no_m_chinese() -> Chart:
    """As `rw_bone_metastasis_concerning_for_entry_no_m_english`, the entry "多发骨转移，手术切除
    可能性小" (multiple bone metastases; surgical resection unlikely)."""
    return bone_mets_entered_as(
        "rw-bone-metastases-resection-unlikely-entry-no-m-chinese",
        "多发骨转移，手术切除可能性小",
    )


# EXP-BLINDED, LOT-NEW-AGENT: a blinded supportive-care study (red-team review, twenty-seventh
# session).


def rw_olanzapine_or_placebo_study_during_maintenance_chinese() -> Chart:
    """The reference chart, and "奥氮平/安慰剂 5mg（盲法）" (olanzapine or placebo, blinded: a
    supportive-care study of appetite and nausea) 5 mg po at night, recorded on 2026-09-02 and
    every 21 days after, four times, beside the toripalimab maintenance; no progression
    recorded."""
    p = reference_patient("rw-olanzapine-or-placebo-study-during-maintenance-chinese")
    for day in every_21_days(date(2026, 9, 2), 4):
        p.chart.medication_administration(
            concept("奥氮平/安慰剂 5mg（盲法）"), day, dosage_text="5 mg po qn"
        )
    return p.chart


def rw_blinded_study_mouthwash_during_maintenance_english() -> Chart:
    """The reference chart, and "Study drug (blinded) mouthwash" 10 mL swish and spit, recorded
    on 2026-09-02 and every 21 days after, four times, beside the toripalimab maintenance (an
    oral mucositis study); no progression recorded."""
    p = reference_patient("rw-blinded-study-mouthwash-during-maintenance-english")
    for day in every_21_days(date(2026, 9, 2), 4):
        p.chart.medication_administration(
            concept("Study drug (blinded) mouthwash"), day, dosage_text="10 mL swish and spit qid"
        )
    return p.chart


def rw_blinded_study_drug_liver_protection_chinese() -> Chart:
    """EXP-BLINDED, LOT-SUPPORTIVE (twenty-eighth session): the reference chart, and
    "研究药物（盲法）" (blinded study drug, no drug named) recorded on 2026-09-02 and every 21
    days after, four times, beside the toripalimab maintenance, its dosage text "2粒 口服 tid
    保肝" (two capsules by mouth three times a day, to protect the liver); no progression
    recorded."""
    p = reference_patient("rw-blinded-study-drug-liver-protection-chinese")
    for day in every_21_days(date(2026, 9, 2), 4):
        p.chart.medication_administration(
            concept("研究药物（盲法）"), day, dosage_text="2粒 口服 tid 保肝"
        )
    return p.chart


def rw_blinded_study_drug_for_nausea_during_maintenance_english() -> Chart:
    """EXP-BLINDED, LOT-SUPPORTIVE (twenty-eighth session): the reference chart, and "Study drug
    (blinded)" recorded on 2026-09-02 and every 21 days after, four times, beside the
    toripalimab maintenance, its dosage text "1 capsule po bid for nausea (antiemetic study)";
    no progression recorded."""
    p = reference_patient("rw-blinded-study-drug-for-nausea-during-maintenance-english")
    for day in every_21_days(date(2026, 9, 2), 4):
        p.chart.medication_administration(
            concept("Study drug (blinded)"),
            day,
            dosage_text="1 capsule po bid for nausea (antiemetic study)",
        )
    return p.chart


# STG-SPREAD-WORDS: lymphangitic carcinomatosis denied or leaned against (red-team review,
# twenty-seventh session).


def rw_lymphangitic_carcinomatosis_denied_after_m0_english() -> Chart:
    """As `m0_then_entry`: "CT chest: no evidence of lymphangitic carcinomatosis"."""
    return m0_then_entry(
        "rw-lymphangitic-carcinomatosis-denied-after-m0-english",
        "CT chest: no evidence of lymphangitic carcinomatosis",
    )


def rw_lymphangitic_carcinomatosis_not_seen_after_m0_chinese() -> Chart:
    """As `m0_then_entry`: "胸部CT：双肺纹理增多，未见癌性淋巴管炎" (increased lung markings, no
    lymphangitic carcinomatosis seen)."""
    return m0_then_entry(
        "rw-lymphangitic-carcinomatosis-not-seen-after-m0-chinese",
        "胸部CT：双肺纹理增多，未见癌性淋巴管炎",
    )


def rw_lymphangitic_spread_less_likely_after_m0_english() -> Chart:
    """As `m0_then_entry`: "CT chest: interstitial pneumonitis; lymphangitic spread less
    likely"."""
    return m0_then_entry(
        "rw-lymphangitic-spread-less-likely-after-m0-english",
        "CT chest: interstitial pneumonitis; lymphangitic spread less likely",
    )


# STG-SPREAD-WORDS, STG-NODES, STG-METASTATIC (twenty-eighth session): nodes named by their
# region without the word "lymph node" — the parotid (鼻咽癌右腮腺转移), the neck ("Metastatic
# carcinoma to right neck"), the supraclavicular fossa, the retropharyngeal space — are the NPC's
# regional nodes (AJCC N category), not distant spread.


def rw_npc_right_parotid_metastasis_entry_no_m() -> Chart:
    """STG-SPREAD-WORDS, STG-NODES, STG-METASTATIC (twenty-eighth session): as
    `bone_mets_entered_as` (staged cT3 cN2 only, no M category, the reference first line), the
    entry "鼻咽癌右腮腺转移" (NPC with right parotid metastasis)."""
    return bone_mets_entered_as("rw-npc-right-parotid-metastasis-entry-no-m", "鼻咽癌右腮腺转移")


def rw_npc_right_parotid_metastasis_beside_m1() -> Chart:
    """STG-SPREAD-WORDS, STG-METASTATIC (twenty-eighth session): the reference patient (staged
    M1), and "鼻咽癌右腮腺转移" (NPC with right parotid metastasis) of 2026-03-25."""
    p = reference_patient("rw-npc-right-parotid-metastasis-beside-m1")
    p.chart.condition(concept("鼻咽癌右腮腺转移"), date(2026, 3, 25))
    return p.chart


def rw_metastatic_carcinoma_to_right_neck_entry_no_m_english() -> Chart:
    """STG-SPREAD-WORDS, STG-NODES, STG-METASTATIC (twenty-eighth session): as
    `bone_mets_entered_as`, the entry "Metastatic carcinoma to right neck"."""
    return bone_mets_entered_as(
        "rw-metastatic-carcinoma-to-right-neck-entry-no-m-english",
        "Metastatic carcinoma to right neck",
    )


def rw_metastatic_carcinoma_to_right_neck_after_m0_english() -> Chart:
    """STG-SPREAD-WORDS, STG-NODES, STG-METASTATIC (twenty-eighth session): as `m0_then_entry`
    (staged cT3 cN2 cM0, not yet treated), the entry "Metastatic carcinoma to right neck"."""
    return m0_then_entry(
        "rw-metastatic-carcinoma-to-right-neck-after-m0-english",
        "Metastatic carcinoma to right neck",
    )


def rw_supraclavicular_metastasis_after_m0_english() -> Chart:
    """STG-SPREAD-WORDS, STG-NODES, STG-METASTATIC (twenty-eighth session): as `m0_then_entry`,
    the entry "Neck MRI: 2.5 cm left supraclavicular metastasis"."""
    return m0_then_entry(
        "rw-supraclavicular-metastasis-after-m0-english",
        "Neck MRI: 2.5 cm left supraclavicular metastasis",
    )


def rw_npc_with_retropharyngeal_metastases_after_m0_english() -> Chart:
    """STG-SPREAD-WORDS, STG-NODES, STG-METASTATIC (twenty-eighth session): as `m0_then_entry`,
    the entry "NPC with bilateral retropharyngeal metastases"."""
    return m0_then_entry(
        "rw-npc-with-retropharyngeal-metastases-after-m0-english",
        "NPC with bilateral retropharyngeal metastases",
    )


def rw_metastatic_cervical_lymphadenopathy_after_m0_english() -> Chart:
    """STG-SPREAD-WORDS, STG-NODES, STG-METASTATIC (twenty-eighth session): as `m0_then_entry`,
    the entry "NPC with bilateral metastatic cervical lymphadenopathy"."""
    return m0_then_entry(
        "rw-metastatic-cervical-lymphadenopathy-after-m0-english",
        "NPC with bilateral metastatic cervical lymphadenopathy",
    )


def rw_metastatic_npc_to_neck_nodes_after_m0_english() -> Chart:
    """STG-SPREAD-WORDS, STG-NODES, STG-METASTATIC (twenty-eighth session): as `m0_then_entry`,
    the entry "Metastatic NPC to neck nodes"."""
    return m0_then_entry(
        "rw-metastatic-npc-to-neck-nodes-after-m0-english", "Metastatic NPC to neck nodes"
    )


def rw_metastatic_npc_to_neck_nodes_entry_no_m_english() -> Chart:
    """STG-SPREAD-WORDS, STG-NODES, STG-METASTATIC (twenty-eighth session): as
    `bone_mets_entered_as` (staged cT3 cN2 only, no M category), the entry "Metastatic NPC to
    neck nodes"."""
    return bone_mets_entered_as(
        "rw-metastatic-npc-to-neck-nodes-entry-no-m-english", "Metastatic NPC to neck nodes"
    )


def rw_npc_with_ln_mets_after_m0_english() -> Chart:
    """STG-SPREAD-WORDS, STG-NODES, STG-METASTATIC (twenty-eighth session): as `m0_then_entry`,
    the entry "NPC with LN mets" (lymph-node metastases)."""
    return m0_then_entry("rw-npc-with-ln-mets-after-m0-english", "NPC with LN mets")


def rw_metastatic_npc_to_bone_and_neck_nodes_entry_no_m_english() -> Chart:
    """STG-SPREAD-WORDS, STG-METASTATIC (twenty-eighth session): as `bone_mets_entered_as`, the
    entry "Metastatic NPC to bone and neck nodes" (a guard: the bone is distant spread)."""
    return bone_mets_entered_as(
        "rw-metastatic-npc-to-bone-and-neck-nodes-entry-no-m-english",
        "Metastatic NPC to bone and neck nodes",
    )


# CMB-WORDS, CMB-CODES: HF as high-frequency hearing loss (red-team review, twenty-seventh
# session).


def rw_severe_hf_hearing_loss_after_cisplatin_english() -> Chart:
    """The reference chart and a Condition text only "Severe HF sensorineural hearing loss,
    bilateral (post-cisplatin)" (an audiology diagnosis: high-frequency hearing loss, cisplatin's
    ototoxicity)."""
    return with_condition(
        "rw-severe-hf-hearing-loss-after-cisplatin-english",
        concept("Severe HF sensorineural hearing loss, bilateral (post-cisplatin)"),
    )


def rw_hf_hearing_loss_english() -> Chart:
    """The reference chart and a Condition text only "Bilateral HF hearing loss"."""
    return with_condition("rw-hf-hearing-loss-english", concept("Bilateral HF hearing loss"))


# STG-SPREAD-WORDS, STG-SUSPECTED, DX-WORDS (twenty-seventh session, spread11): a suspicion the
# work-up's later scan leans against is settled; 提示 states a finding, 符合 is "consistent
# with" and 不符合 a verdict against it; "likely to be metastases" is a hedge; a metastasis
# negative after chemotherapy "for NPC" responded (chemotherapy treats every site).


def suspected_then_entry(pid: str, suspicion: str, later: str) -> Chart:
    """An NPC diagnosed 2026-03-03, staged cT3 cN2 cM0, III on 2026-03-10, fit, not yet treated;
    the staging scan's `suspicion` entered 2026-03-20 and the work-up's `later` scan 2026-03-28."""
    p = Npc(pid, birth="1970-05-22", diagnosed=date(2026, 3, 3))
    p.tnm("cT3", "cN2", "cM0", ("3", "III"), when=date(2026, 3, 10))
    p.fit()
    p.chart.condition(concept(suspicion), date(2026, 3, 20))
    p.chart.condition(concept(later), date(2026, 3, 28))
    return p.chart


def rw_bone_metastasis_suspected_then_unlikely_after_m0_chinese() -> Chart:
    """As `suspected_then_entry`: "骨扫描：胸椎浓聚灶，骨转移待排" (bone metastasis to be ruled
    out) 2026-03-20, then "胸椎MRI：T8椎体血管瘤，骨转移可能性小" (a T8 haemangioma, bone
    metastasis unlikely) 2026-03-28."""
    return suspected_then_entry(
        "rw-bone-metastasis-suspected-then-unlikely-after-m0-chinese",
        "骨扫描：胸椎浓聚灶，骨转移待排",
        "胸椎MRI：T8椎体血管瘤，骨转移可能性小",
    )


def rw_bone_mets_suspected_then_unlikely_after_m0_english() -> Chart:
    """As `suspected_then_entry`: "Bone scan: focal uptake at T8, ?bone mets" 2026-03-20, then
    "MRI spine: T8 haemangioma; bone metastasis unlikely" 2026-03-28."""
    return suspected_then_entry(
        "rw-bone-mets-suspected-then-unlikely-after-m0-english",
        "Bone scan: focal uptake at T8, ?bone mets",
        "MRI spine: T8 haemangioma; bone metastasis unlikely",
    )


def rw_bone_metastasis_suspected_then_liver_unlikely_after_m0() -> Chart:
    """As `suspected_then_entry`: "骨扫描：胸椎浓聚灶，骨转移待排" 2026-03-20, then an abdominal
    MRI "肝脏MRI：肝囊肿，肝转移可能性小" (a liver cyst, liver metastasis unlikely) 2026-03-28;
    nothing of the bones since."""
    return suspected_then_entry(
        "rw-bone-metastasis-suspected-then-liver-unlikely-after-m0",
        "骨扫描：胸椎浓聚灶，骨转移待排",
        "肝脏MRI：肝囊肿，肝转移可能性小",
    )


def rw_bone_metastasis_shown_on_pet_entry_no_m_chinese() -> Chart:
    """As `bone_mets_entered_as`: "PET-CT提示多发骨转移" (PET-CT shows multiple bone
    metastases)."""
    return bone_mets_entered_as(
        "rw-bone-metastasis-shown-on-pet-entry-no-m-chinese", "PET-CT提示多发骨转移"
    )


def rw_bone_metastasis_consistent_with_entry_no_m_chinese() -> Chart:
    """As `bone_mets_entered_as`: "骨扫描：胸腰椎多发浓聚灶，符合骨转移" (multiple hot spots of the
    thoracic and lumbar spine, consistent with bone metastases)."""
    return bone_mets_entered_as(
        "rw-bone-metastasis-consistent-with-entry-no-m-chinese",
        "骨扫描：胸腰椎多发浓聚灶，符合骨转移",
    )


def rw_not_consistent_with_metastasis_after_m0_chinese() -> Chart:
    """As `m0_then_entry`: "胸椎MRI：T8椎体异常信号，不符合转移瘤表现，考虑血管瘤" (abnormal signal
    in T8, not consistent with a metastasis, a haemangioma considered)."""
    return m0_then_entry(
        "rw-not-consistent-with-metastasis-after-m0-chinese",
        "胸椎MRI：T8椎体异常信号，不符合转移瘤表现，考虑血管瘤",
    )


def rw_liver_metastasis_possible_shown_entry_no_m_chinese() -> Chart:
    """As `bone_mets_entered_as`: "CT：肝内多发低密度灶，影像提示肝转移可能" (multiple hypodense
    liver lesions, the imaging suggesting possible liver metastases)."""
    return bone_mets_entered_as(
        "rw-liver-metastasis-possible-shown-entry-no-m-chinese",
        "CT：肝内多发低密度灶，影像提示肝转移可能",
    )


def rw_bone_lesions_likely_to_be_metastases_entry_no_m_english() -> Chart:
    """As `bone_mets_entered_as`: "Bone scan: multiple foci of increased uptake, likely to be
    metastases"."""
    return bone_mets_entered_as(
        "rw-bone-lesions-likely-to-be-metastases-entry-no-m-english",
        "Bone scan: multiple foci of increased uptake, likely to be metastases",
    )


def rw_bone_mets_negative_on_pet_after_chemotherapy_for_npc_english() -> Chart:
    """As `bone_mets_entered_as`: "Bone metastases: negative on PET after chemotherapy for
    NPC"."""
    return bone_mets_entered_as(
        "rw-bone-mets-negative-on-pet-after-chemotherapy-for-npc-english",
        "Bone metastases: negative on PET after chemotherapy for NPC",
    )


def rw_bone_mets_negative_after_chemoradiotherapy_for_npc_english() -> Chart:
    """As `bone_mets_entered_as`: "Bone metastases: negative on PET after chemoradiotherapy for
    NPC"."""
    return bone_mets_entered_as(
        "rw-bone-mets-negative-after-chemoradiotherapy-for-npc-english",
        "Bone metastases: negative on PET after chemoradiotherapy for NPC",
    )


# LOT-SUPPORTIVE, CNS-METASTASES, EXP-NAMES (twenty-seventh session): an intrathecal dose
# beside a bare volume by a vein (fluids), the route in a Medication reference's display, a
# lumbar puncture naming how the dose went in, and an Ommaya reservoir placed with no drug.


def _meningeal_mtx(pid: str, meninges: str, words: str, route: dict[str, Any] | None) -> Chart:
    """The reference chart, a Condition `meninges` 2026-10-05, and MedicationAdministrations of
    methotrexate 2026-10-09 and 10-16 whose dosage says `words` (and `route`, when given)."""
    p = reference_patient(pid)
    p.chart.condition({"text": meninges}, date(2026, 10, 5))
    for day in IT_MTX_DAYS[:2]:
        p.chart.medication_administration(
            METHOTREXATE,
            day,
            route=route,  # type: ignore[arg-type]
            dosage_text=words,
        )
    return p.chart


def rw_meningeal_metastases_it_mtx_iv_bare_volume_english() -> Chart:
    """Methotrexate 2026-10-09 and 10-16, no route element, dosage text "12 mg IT, IV 500 mL"
    (the 500 mL by a vein named by nothing but its volume: the hydration bag)."""
    return _meningeal_mtx(
        "rw-meningeal-metastases-it-mtx-iv-bare-volume-english",
        "Meningeal metastases",
        "12 mg IT, IV 500 mL",
        None,
    )


def rw_meningeal_metastases_it_mtx_iv_dose_and_volume_english() -> Chart:
    """Methotrexate 2026-10-09 and 10-16, no route element, dosage text "12 mg IT, 3 g/m2 IV
    in 500 mL over 4 h" (a high-dose methotrexate by a vein, its dose beside the volume)."""
    return _meningeal_mtx(
        "rw-meningeal-metastases-it-mtx-iv-dose-and-volume-english",
        "Meningeal metastases",
        "12 mg IT, 3 g/m2 IV in 500 mL over 4 h",
        None,
    )


def rw_meningeal_metastases_mtx_by_lumbar_puncture_english() -> Chart:
    """Methotrexate 2026-10-09 and 10-16, no route element, dosage text "12 mg by lumbar
    puncture, IT" (the IT after a comma: no dose right before it)."""
    return _meningeal_mtx(
        "rw-meningeal-metastases-mtx-by-lumbar-puncture-english",
        "Meningeal metastases",
        "12 mg by lumbar puncture, IT",
        None,
    )


def rw_meningeal_metastases_mtx_it_injection_lumbar_puncture_chinese() -> Chart:
    """Methotrexate 2026-10-09 and 10-16, the route's text "腰椎穿刺" (lumbar puncture; no
    code), dosage text "IT injection 10mg"."""
    return _meningeal_mtx(
        "rw-meningeal-metastases-mtx-it-injection-lumbar-puncture-chinese",
        "脑膜转移",
        "IT injection 10mg",
        {"text": "腰椎穿刺"},
    )


def rw_meningeal_mets_it_in_reference_display() -> Chart:
    """The reference chart, a Condition text only "Meningeal metastases" 2026-10-05, a
    Medication resource whose code's text is "Methotrexate 50 mg/2 mL injection" (no route),
    and MedicationAdministrations 2026-10-09 and 10-16 referencing it, the reference's
    `display` "Methotrexate 12 mg intrathecal", with no dosage."""
    p = reference_patient("rw-meningeal-mets-it-in-reference-display")
    p.chart.condition({"text": "Meningeal metastases"}, date(2026, 10, 5))
    drug = p.chart.medication(concept("Methotrexate 50 mg/2 mL injection"))
    for day in IT_MTX_DAYS[:2]:
        given = p.chart.medication_administration(drug, day)
        given["medicationReference"]["display"] = "Methotrexate 12 mg intrathecal"
    return p.chart


def rw_meningeal_metastases_ommaya_placed_chinese() -> Chart:
    """The reference chart, a Condition text only "脑膜转移" 2026-10-05, and a Procedure
    "Ommaya囊置入术" (an Ommaya reservoir placed) 2026-10-08; no drug into the CSF, no CSF
    cytology, no imaging."""
    p = reference_patient("rw-meningeal-metastases-ommaya-placed-chinese")
    p.chart.condition({"text": "脑膜转移"}, date(2026, 10, 5))
    p.chart.procedure(concept("Ommaya囊置入术"), date(2026, 10, 8))
    return p.chart


# LOT-SUPPORTIVE, CNS-METASTASES (twenty-eighth session): "IT injection" of methotrexate with no
# dose before it, and a bare small volume by a vein (a flush) beside an intrathecal dose.


def rw_meningeal_metastases_mtx_it_injection_english() -> Chart:
    """LOT-SUPPORTIVE, CNS-METASTASES (twenty-eighth session): methotrexate 2026-10-09 and 10-16,
    no route element, dosage text "IT injection 12 mg" (the abbreviation before the word
    injection, no dose before it, nothing of a tumour or lesion)."""
    return _meningeal_mtx(
        "rw-meningeal-metastases-mtx-it-injection-english",
        "Meningeal metastases",
        "IT injection 12 mg",
        None,
    )


def rw_meningeal_metastases_cytarabine_it_inj_chinese() -> Chart:
    """LOT-SUPPORTIVE, CNS-METASTASES (twenty-eighth session): the reference chart, a Condition
    text only "脑膜转移" 2026-10-05, and MedicationAdministrations of "阿糖胞苷 (Cytarabine)"
    2026-10-09 and 10-16, no route element, dosage text "IT inj. 50mg"."""
    p = reference_patient("rw-meningeal-metastases-cytarabine-it-inj-chinese")
    p.chart.condition({"text": "脑膜转移"}, date(2026, 10, 5))
    for day in IT_MTX_DAYS[:2]:
        p.chart.medication_administration(
            concept("阿糖胞苷 (Cytarabine)"), day, dosage_text="IT inj. 50mg"
        )
    return p.chart


def rw_meningeal_metastases_it_mtx_iv_flush_volume_english() -> Chart:
    """LOT-SUPPORTIVE (twenty-eighth session): methotrexate 2026-10-09 and 10-16, no route
    element, dosage text "MTX 12 mg IT; IV 5 mL" (5 mL by a vein named by nothing but its
    volume: the line's flush, no dose of its own)."""
    return _meningeal_mtx(
        "rw-meningeal-metastases-it-mtx-iv-flush-volume-english",
        "Meningeal metastases",
        "MTX 12 mg IT; IV 5 mL",
        None,
    )


SCENARIOS: tuple[Callable[[], Chart], ...] = tuple(
    function
    for name, function in list(globals().items())
    if name.startswith("rw_") and callable(function)
)


def main() -> None:
    for scenario in SCENARIOS:
        bundle = scenario().bundle()
        path = HERE / f"{scenario.__name__}.json"
        path.write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {len(SCENARIOS)} bundles to {HERE}")


if __name__ == "__main__":
    main()
