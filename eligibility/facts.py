"""`PatientFacts`: what eligibility knows about a patient, independent of FHIR.

`fhir_mapping` builds these from FHIR resources; `eligibility` evaluates them. Every fact carries
the references of the resources it came from (`evidence`, e.g. `"Observation/abc"`) and the date
it describes, so a card can say "ECOG 1 on 2026-10-30 (Observation/abc)". All models are frozen:
facts are computed once per hook call and shared by every trial evaluated against them.
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from eligibility.codes import Code
from eligibility.vocabulary import (
    Analyte,
    Comorbidity,
    DrugClass,
    PerformanceScale,
    RadiotherapySite,
    Sex,
    StageKind,
)

Evidence = tuple[str, ...]
"""FHIR references (`Type/id`) of the resources a fact was read from."""


class Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    evidence: Evidence = ()


class Demographics(Fact):
    """Age is in whole years at `PatientFacts.as_of`.

    A partial birth date (`1960` or `1960-05`) gives an age range; `age_years` is set only when
    the range is one year wide (the birthday cannot fall inside the uncertain span), otherwise
    `age_min`/`age_max` bound it and `age_years` is None.
    """

    birth_date: date | None = None
    birth_date_precision: str | None = None  # "year" | "month" | "day"
    age_years: int | None = None
    age_min: int | None = None
    age_max: int | None = None
    sex: Sex = Sex.UNKNOWN
    deceased: bool = False


# LOT-SETTING: a metastasis found within this long of the diagnosis is de novo metastatic
# disease (found by the staging work-up); found later, the disease was locoregional before it
# spread (its therapy then curative; TRIAL-NO-PRIOR-LOCOREGIONAL-RT asks about radiotherapy).
DE_NOVO_DAYS = 90


class CancerDiagnosis(Fact):
    """A primary cancer Condition mapped onto the cancer-type taxonomy."""

    cancer_type: str | None  # taxonomy node id; None when the cancer could not be placed
    codes: tuple[Code, ...] = ()
    text: str | None = None
    onset: date | None = None
    # GEN-ONSET-TEXT: the last day the onset may have been, for one recorded as an age or an age
    # range (`onset` is then the first); None when `onset` is its day (or a partial date's).
    onset_latest: date | None = None
    recorded: date | None = None
    clinical_status: str | None = None  # active | recurrence | relapse | remission | resolved ...
    verification_status: str | None = None  # confirmed | provisional | differential ...
    abated: date | None = None  # `abatement[x]`: when it went into remission or resolved
    # DX-PLACE: for an unplaced cancer (`cancer_type` None), the most specific node certain to
    # hold it (C76.0 -> head_and_neck_cancer); None when it could be any cancer.
    within: str | None = None
    # DX-PLACE, LOT-CANCER, MAL-OTHER: for an unplaced cancer named by its histology alone, the
    # nodes that histology may be ("腺癌": lung, breast, digestive ...; never an NPC); empty
    # when any cancer under `within` may be it.
    histology_may_be: tuple[str, ...] = ()
    # When this cancer was first known to be metastatic: the earliest of its M1 stage dates, its
    # distant-metastasis Conditions' onset, its own onset when recorded as metastatic. None when
    # not known to be, or not dated (a recurrence status alone has no date). Lines read it.
    metastatic_since: date | None = None
    # LOT-RECURRENCE: when a recurrence was first documented short of distant spread, more than
    # 90 days after the diagnosis: a diagnosis saying the cancer recurred, or a lymph-node
    # metastasis (STG-NODES). Lines and the prior-radiotherapy question read it as they read
    # `metastatic_since`.
    relapsed_since: date | None = None
    # LOT-RECURRENCE-UNDATED: recorded as recurred only by its clinical status (no date above),
    # after it was staged M0 within 90 days of its diagnosis: it recurred after its first course.
    recurred_undated: bool = False
    # LOT-CANCER-NEW-DIAGNOSIS: the entry's words, its name or a note on it, say the cancer
    # recurred ("喉癌术后复发", "Recurrent laryngeal carcinoma"), whenever: an old cancer so
    # recorded is not left quiet, since the recurrence may be the one being treated.
    recurrence_written: bool = False
    # RT-IN-DIAGNOSIS: its words say it was treated before with several modalities, not which
    # ("鼻咽癌综合治疗后", "s/p multimodality treatment"): for a head and neck cancer, in practice
    # chemoradiotherapy, so the prior-radiotherapy question is asked.
    after_multimodal: bool = False
    # DX-WORDS: for a suspected cancer, the latest final pathology report of its day or later
    # that did not confirm it (a biopsy that found no tumour, or something else): its date and
    # reference. One negative biopsy does not rule a cancer out (sampling error), so it stays
    # suspected, and what to record names the report.
    pathology_not_confirming: tuple[date, str] | None = None

    @property
    def diagnosed(self) -> date | None:
        """When the cancer was first known: its onset, else its recorded date (GEN-AS-OF)."""
        return self.onset or self.recorded


# Verification statuses by which the record itself disowns a diagnosis (FHIR
# condition-ver-status): such a diagnosis is neither mapped nor matched on.
DISOWNED_VERIFICATION = frozenset({"refuted", "entered-in-error"})
# A diagnosis the record itself holds open: possible, not established (CMB-CODES,
# STG-SUSPECTED).
UNCONFIRMED_VERIFICATION = frozenset({"unconfirmed", "provisional", "differential"})
# FHIR condition-clinical codes saying the cancer has come back (EXT-EXTENT, STG-RECURRED).
RECURRED_STATUS = frozenset({"recurrence", "relapse"})


class Stage(Fact):
    """TNM categories and stage group as recorded (e.g. t="T3", n="N2", m="M1", group="IVB")."""

    t: str | None = None
    n: str | None = None
    m: str | None = None
    group: str | None = None
    kind: StageKind = StageKind.UNSPECIFIED
    edition: str | None = None  # "8", "9" when recorded
    # STG-OWNER: the reference of the cancer Condition this stage stages; None when the chart
    # does not tell (a staging record linked to no Condition while several cancers are recorded).
    diagnosis: str | None = None
    # `dt.date`: a field named `date` shadows the type inside the class body.
    date: dt.date | None = None
    text: str | None = None
    # STG-RESTAGED-RECURRENCE: a retreatment classification (rTNM), which stages a recurrence:
    # the cancer was treated before.
    restaged: bool = False


class MetastaticStatus(Fact):
    """True / False / None (unknown), with the reason it was decided."""

    value: bool | None = None
    reason: str
    # STG-OWNER: the cancer Condition this status is about; None for the whole patient.
    diagnosis: str | None = None
    # STG-SUSPECTED: unknown because a distant metastasis is recorded as suspected only.
    suspected: bool = False
    # STG-RECURRED: unknown because the cancer recurred after its M0 stage, where not recorded:
    # the recurrence's words and date ('"鼻咽癌复发" (2025-10-15)').
    recurred: str = ""
    # STG-TEXT: unknown because the stage's own words doubt its M, those words and their date
    # ('"T3N2M1？" on 2026-03-25'): said on the card, as no stage is read from them.
    m_doubted: str = ""


class DiseaseExtentStatus(Fact):
    """What the record says of the disease's extent besides distant spread (EXT-EXTENT); each
    None when it does not say. Distant spread is `MetastaticStatus`; from the EHR, a recurrence
    is the cancer Condition's `clinicalStatus` (recurrence, relapse), so `recurrent` here holds
    the web form's answer. Neither locally advanced nor unresectable is mapped from FHIR."""

    locally_advanced: bool | None = None
    unresectable: bool | None = None
    recurrent: bool | None = None


class MeasurableDisease(Fact):
    """Whether the latest tumour assessment found a measurable lesion (EXT-MEASURABLE); None:
    the record does not say (usual: it lives in the radiology report, not in coded data)."""

    measurable: bool | None = None
    standard: str | None = None  # the response criteria, e.g. "RECIST 1.1", when recorded
    # `dt.date`: a field named `date` shadows the type inside the class body.
    date: dt.date | None = None


class PerformanceStatus(Fact):
    """A performance score. `ecog` is set for ECOG records and derived for Karnofsky ones.

    `score` None: the record could not be read (VAL-NEWEST); `unreadable` holds it as recorded.
    `score_high` set: the score was recorded as a range, `score` to `score_high` (VAL-PS-RANGE)."""

    scale: PerformanceScale
    score: int | None  # the recorded value on its own scale
    # The ECOG equivalent: the recorded grade, or the one grade the CNV-KPS-ECOG table gives a
    # Karnofsky score (None when it gives two, e.g. KPS 70, or the score was unreadable).
    ecog: int | None
    score_high: int | None = None
    unreadable: str | None = None
    # `dt.date`: a field named `date` shadows the type inside the class body.
    date: dt.date | None = None


Comparator = Literal["<", "<=", ">", ">="]


class Measurement(Fact):
    """A lab value in the analyte's canonical unit (see `vocabulary.CANONICAL_UNITS`)."""

    analyte: Analyte
    value: float | None  # None: the newest result could not be read (VAL-NEWEST)
    unit: str
    upper_limit_normal: float | None = None
    lower_limit_normal: float | None = None
    # `dt.date`: a field named `date` shadows the type inside the class body.
    date: dt.date | None = None
    unreadable: str | None = None  # the value as recorded, when `value` is None
    # The part of the analyte the value counts alone ("segmented neutrophils": an ANC without
    # the band forms), when it does: the analyte is at least `value` (VAL-LAB-ANALYTE).
    counts_only: str | None = None
    # A bound rather than a value ("<3.4 umol/L": below the assay's range): `value` is its
    # number, and the result is anything on that side of it (VAL-LAB-BOUND).
    comparator: Comparator | None = None


class QTc(Fact):
    milliseconds: float | None  # None: the newest QTc could not be read (VAL-NEWEST)
    # The correction formula the record's words name ("Bazett", "Fridericia"), when they do:
    # a cart's line by two formulas gives a QTc for each (VAL-QTC-FORMULAS).
    formula: str | None = None
    # A bound rather than a value ("QTc>470ms", a Quantity's comparator): `milliseconds` is
    # its number, and the QTc is anything on that side of it (VAL-QTC-BOUND).
    comparator: Comparator | None = None
    # `dt.date`: a field named `date` shadows the type inside the class body.
    date: dt.date | None = None
    unreadable: str | None = None  # the value as recorded, when `milliseconds` is None
    # When the ECG was recorded, where the record gives the time: records of one instant are
    # one ECG filed twice, not two ECGs (VAL-QTC-ECGS).
    taken_at: dt.datetime | None = None


# LOT-OTHER-INDICATION: why an anticancer drug given at a low weekly dose may not have been given
# for the cancer (`TherapyExposure.unconfirmed_why`): a card asks what it was given for.
INDICATION_NOT_RECORDED = "given weekly at a low dose, its indication not recorded"
# ... or given beside a disease that is not a cancer the drug also treats (rituximab beside a
# vasculitis), or with no dose or route recorded beside one (twenty-eighth session).
INDICATION_NOT_RECORDED_BESIDE = (
    "given beside a disease it also treats that is not a cancer, its indication not recorded"
)
INDICATIONS_NOT_RECORDED = frozenset({INDICATION_NOT_RECORDED, INDICATION_NOT_RECORDED_BESIDE})


class TherapyExposure(Fact):
    """One recorded exposure to an anticancer (or other) agent."""

    agent: str  # normalised generic name, lower case: "cisplatin", "toripalimab"
    classes: frozenset[DrugClass] = frozenset()
    antineoplastic: bool = True
    start: date | None = None
    end: date | None = None
    status: str | None = None  # the FHIR status as recorded: active, completed, stopped, ...
    # MedicationStatement | MedicationRequest | MedicationAdministration; Procedure: a chemotherapy
    # Procedure (EXP-CHEMO-PROCEDURE)
    source: str
    # Why the record says it was stopped or not given (FHIR statusReason), e.g. toxicity.
    status_reason: str | None = None
    # The cancer the record says it treats: a Condition reference (`reasonReference`), and the
    # taxonomy node its `reasonCode` names; lines are attributed from these (LOT-CANCER).
    reason_references: tuple[str, ...] = ()
    reason_cancer_type: str | None = None
    # EXP-UNRESOLVED: the record's drug could not be read (`agent` then says what it names).
    resolved: bool = True
    # VAL-UNREADABLE: the record does not say whether the drug was given (no status): it is an
    # exposure of a drug not known (`resolved` false), `agent` naming the drug it names.
    unconfirmed: bool = False
    # For an unconfirmed exposure, the drug its record names and why that record does not show it
    # given ('record status "unknown"'): a card asks to confirm the drug, not to name it.
    unconfirmed_drug: str = ""
    unconfirmed_why: str = ""
    # EXP-UNLISTED: the agent of an unknown drug that is known by name but placed in no class
    # ("cadonilimab"): whether it counts as the class a trial names is the study team's call.
    unclassed_agent: str = ""
    # EXP-BLINDED: "X or placebo": X may not have been given; `classes` are X's.
    blinded: bool = False
    # EXP-REGIMEN, EXP-CLASS-NAMED: a drug a regimen's acronym or a class name gives by class
    # only ("platinum of GP" as `agent`, its class in `classes`): the agents it may be, and the
    # classes it may have besides (a "PD-1 or PD-L1 inhibitor" may be anti-PD-1).
    may_be: tuple[str, ...] = ()
    may_be_classes: frozenset[DrugClass] = frozenset()


class LineReason(StrEnum):
    """Why a line of therapy started (LOT-* in docs/clinical-rules.md)."""

    FIRST = "first therapy"
    PROGRESSION = "documented progression"
    NEW_AGENT = "new agent"
    GAP = "gap in therapy"


class LineSetting(StrEnum):
    """LOT-SETTING: curative-intent therapy of locoregional disease, or recurrent/metastatic."""

    CURATIVE = "curative"
    RECURRENT_METASTATIC = "recurrent_metastatic"
    NOT_DETERMINED = "not determined"  # no metastasis or recurrence date: not shown curative


class DiseaseProgression(Fact):
    """A dated record of disease progression (LOT-PROGRESSION): an assessment saying PD, or a
    new distant metastasis."""

    # `dt.date`: a field named `date` shadows the type inside the class body.
    date: dt.date
    condition: str | None = None  # the cancer Condition it is about (`focus`), when recorded
    text: str | None = None
    # LOT-NEW-LESION: the record leaves it in doubt ("转移待排", provisional): not documented
    # progression, but a drug new to the line after it may have begun one.
    doubtful: bool = False


class TherapyLine(Fact):
    """A line of systemic therapy derived from dated exposures (rules in fhir_mapping)."""

    number: int  # 1 = first line
    agents: tuple[str, ...]
    classes: frozenset[DrugClass]
    start: date | None = None
    end: date | None = None
    ongoing: bool = False
    # LOT-CANCER: the cancer's taxonomy node (None: a cancer not placed, or none recorded), or
    # `unattributed` with the cancers it could belong to (None among them: one not placed).
    cancer_type: str | None = None
    unattributed: bool = False
    candidate_cancer_types: tuple[str | None, ...] = ()
    setting: LineSetting = LineSetting.NOT_DETERMINED
    reason: LineReason = LineReason.FIRST
    # EXP-UNRESOLVED / EXP-BLINDED: records in the line whose drug cannot be known: any class
    # (`unresolved`), or the blinded agents' classes.
    unresolved: tuple[str, ...] = ()
    blinded_agents: tuple[str, ...] = ()
    blinded_classes: frozenset[DrugClass] = frozenset()
    # EXP-REGIMEN, EXP-CLASS-NAMED: drugs of the line named by class only (their labels, among
    # `agents`), the agents they may be and the classes they may have besides.
    unnamed: tuple[str, ...] = ()
    may_be: tuple[str, ...] = ()
    may_be_classes: frozenset[DrugClass] = frozenset()
    # EXP-STOPPED-EARLY, as a card reads it: "toripalimab stopped early: 疾病进展".
    stopped_early: tuple[str, ...] = ()
    # A line that may or may not be one: records of unknown drugs dated outside every line
    # (EXP-UNRESOLVED, EXP-UNLISTED: named in `unresolved`, no agents), which may not even be
    # anticancer; or, `continued_past_metastasis`, the agents a curative line gave on after
    # distant metastasis was documented, which may have treated the metastatic disease
    # (LOT-CONTINUED-PAST-METASTASIS: the curative line holds them too).
    possible: bool = False
    # VAL-UNREADABLE: a possible line whose records do not say whether their drugs were given.
    unconfirmed: bool = False
    continued_past_metastasis: bool = False
    # LOT-NEW-LESION: the agents new to a line started after a progression the record leaves in
    # doubt (these words, and their date), which may have begun a line of their own.
    after_doubtful_progression: str = ""
    # LOT-CLASS-SWITCH: the agents that took the place of one of their class mid-regimen, with
    # no progression recorded ("paclitaxel to docetaxel"): in the line, and possibly a line of
    # their own (switched for progression).
    class_switch: str = ""
    # LOT-MAINTENANCE-ASKED: a possible line that, were it one, would take its agents out of the
    # line begun on `split_start`, leaving it `split_agents` and `split_classes` (an anti-PD-1
    # begun after NPC platinum chemotherapy: maintenance of that line, or a line of its own).
    split_start: date | None = None
    split_agents: tuple[str, ...] = ()
    split_classes: frozenset[DrugClass] = frozenset()
    # EXP-UNDATED: a possible line of therapy recorded without a date (`start` None), which may
    # come before or after every other line.
    undated: bool = False
    # LOT-CLAIMED: a line a diagnosis's words say was given (`claimed`: those words) that the
    # chart does not record: possible, of no known date or drug, before or after any other.
    claimed: str = ""
    # EXP-UNDATED: the line's first records gave only their end (an outside course entered as
    # history): `start` is that end, the latest day the line can have begun.
    start_not_recorded: bool = False


class RadiotherapyCourse(Fact):
    start: date | None = None
    end: date | None = None
    site: str | None = None
    text: str | None = None
    sites: frozenset[RadiotherapySite] = frozenset()  # empty: the site is not recorded
    given: bool | None = True  # None: not known whether it was given (self-reported)


class ComorbidityFact(Fact):
    kind: Comorbidity
    grade: int | None = None  # CTCAE / NYHA-like grade where recorded
    # The grade is the least the words allow, not the one recorded: an AF with a rapid ventricular
    # response is grade 2 at least (CMB-CODES, twenty-eighth session); below a criterion's grade
    # it decides nothing.
    grade_at_least: bool = False
    active: bool = True
    onset: date | None = None
    text: str | None = None
    # False: the condition is possible, not established (a provisional or differential
    # diagnosis, or `implied_by` a drug only it explains; rules CMB-CODES, CMB-MEDS).
    confirmed: bool = True
    implied_by: str | None = None  # the drug's agent name
    # A prior malignancy's cancer (a taxonomy node), where its code or words name one.
    cancer_type: str | None = None
    # CNS-EHR: brain metastases no diagnosis records, seen on imaging: which and when
    # ("brain MRI of 2026-11-10"), for the reason to say where they were seen.
    seen_on: str | None = None


class BrainMetastasisStatus(Fact):
    """What the record says about brain metastases beyond their diagnosis (CNS-METASTASES);
    each field None when it does not say. Their presence is the BRAIN_METASTASES comorbidity."""

    # Radiotherapy or surgery to the brain after the metastases were found.
    treated: bool | None = None
    treated_on: date | None = None
    # Stable on imaging since treatment, and for how many days, when recorded.
    stable: bool | None = None
    stable_days: int | None = None
    # On corticosteroids for them; `steroids` lists current corticosteroids the record holds,
    # which may be given for something else (antiemetic premedication).
    on_steroids: bool | None = None
    steroids: tuple[str, ...] = ()
    # Corticosteroids given for them were stopped on this date (the latest end of those
    # records; None when one has no end or none was given for them).
    steroids_stopped_on: date | None = None
    # The current corticosteroid dose is unchanged since this date (the newest current record
    # of it started then; a dose change is a new record).
    steroid_dose_since: date | None = None


ViralLoadUnit = Literal["copies/mL", "IU/mL"]


class ViralLoad(BaseModel):
    """The newest viral load as the laboratory reported it (INF-EHR): a count (`value`), or
    below the assay's limit (`below`: "< 500 IU/mL", with `detected` False when not detected,
    True for "detected, < 20 IU/mL"). `unit` None: a unit OncoMatch does not read, so the count
    is compared with no limit. For the dates and references, see its `InfectionControl`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float | None = None
    below: float | None = None
    unit: ViralLoadUnit | None = None
    detected: bool | None = None


class InfectionControl(Fact):
    """How far a chronic viral infection is controlled (INF-HIV, INF-HEPATITIS); None: not said.
    The diagnosis itself is the HIV / HEPATITIS_B / HEPATITIS_C comorbidity."""

    kind: Comorbidity
    antiviral: bool | None = None  # on antiviral (antiretroviral) therapy
    # HIV RNA, HBV DNA, HCV RNA. For HIV "detectable" is not suppressed: ≥ 200 copies/mL.
    viral_load_detectable: bool | None = None
    # The same result's count, for a protocol that sets its own limit (INF-DEFINED).
    viral_load: ViralLoad | None = None
    cd4: float | None = None  # cells/µL (HIV)
    surface_antigen_positive: bool | None = None  # HBsAg (hepatitis B)


class ReportedOtherMalignancy(Fact):
    """Another cancer as a person answering the check form reports it (MAL-OTHER): `present`
    None when they do not know, and the cancer (`diagnosis`) when there is one. The EHR mapping
    leaves it out: the rule reads the chart's diagnoses then."""

    present: bool | None = None
    diagnosis: CancerDiagnosis | None = None


class Biomarker(Fact):
    """A biomarker result: `name` like "PD-L1 TPS", "EGFR", "EBV DNA"."""

    name: str
    value_text: str | None = None
    value_number: float | None = None
    unit: str | None = None
    positive: bool | None = None
    # `dt.date`: a field named `date` shadows the type inside the class body.
    date: dt.date | None = None


class PatientFacts(BaseModel):
    """Everything eligibility needs about one patient, as of one date."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    as_of: date
    patient: str  # "Patient/<id>"
    demographics: Demographics = Demographics()
    diagnoses: tuple[CancerDiagnosis, ...] = ()
    stages: tuple[Stage, ...] = ()  # newest first
    metastatic: MetastaticStatus = MetastaticStatus(reason="no staging or metastasis recorded")
    # STG-OWNER: one status per primary cancer diagnosis (`diagnosis` set), plus one with
    # `diagnosis` None for metastasis evidence no diagnosis can be told to own. Empty when the
    # facts do not say per cancer (the web form): `metastatic` decides then.
    metastatic_by_diagnosis: tuple[MetastaticStatus, ...] = ()
    extent: DiseaseExtentStatus = DiseaseExtentStatus()
    measurable_disease: MeasurableDisease = MeasurableDisease()
    performance: tuple[PerformanceStatus, ...] = ()  # usable scores, newest first
    # Per analyte, the results of its newest day, readable or not, the newest first (VAL-NEWEST;
    # several of that day are judged together, VAL-SAME-DAY).
    labs: tuple[Measurement, ...] = ()
    qtc: QTc | None = None  # the newest, readable or not (VAL-NEWEST)
    qtc_same_day: tuple[QTc, ...] = ()  # the others of the newest QTc's day (VAL-SAME-DAY)
    exposures: tuple[TherapyExposure, ...] = ()
    lines: tuple[TherapyLine, ...] = ()  # in order: lines[0] is the first line
    radiotherapy: tuple[RadiotherapyCourse, ...] = ()
    progressions: tuple[DiseaseProgression, ...] = ()  # oldest first
    comorbidities: tuple[ComorbidityFact, ...] = ()
    biomarkers: tuple[Biomarker, ...] = ()
    brain_metastasis_status: BrainMetastasisStatus = BrainMetastasisStatus()
    infection_control: tuple[InfectionControl, ...] = ()
    reported_other_malignancy: ReportedOtherMalignancy | None = None  # the check form only

    def latest_stage(self) -> Stage | None:
        return self.stages[0] if self.stages else None

    def latest_performance(self) -> PerformanceStatus | None:
        return self.performance[0] if self.performance else None

    def lab(self, analyte: Analyte) -> Measurement | None:
        """The analyte's newest result."""
        for measurement in self.labs:
            if measurement.analyte is analyte:
                return measurement
        return None

    def lab_day(self, analyte: Analyte) -> tuple[Measurement, ...]:
        """The analyte's results of its newest day, the newest first (VAL-SAME-DAY)."""
        return tuple(m for m in self.labs if m.analyte is analyte)
