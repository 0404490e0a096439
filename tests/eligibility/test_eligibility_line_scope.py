"""The line rules counted within the trial's cancer and setting (LOT-CANCER, LOT-SETTING,
LOT-UNATTRIBUTED) and drugs that cannot be known (EXP-UNRESOLVED, EXP-BLINDED)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from eligibility.catalog import compile_trial
from eligibility.compilation import RuleBook, evaluate_criterion
from eligibility.criteria import PriorLinesCriterion, PriorTherapyCriterion
from eligibility.facts import LineSetting, PatientFacts, TherapyExposure, TherapyLine
from eligibility.results import CriterionStatus
from eligibility.trial import Trial
from eligibility.vocabulary import DrugClass

AS_OF = date(2026, 11, 25)
NPC = ("nasopharyngeal_carcinoma",)
ONE_RM_LINE = PriorLinesCriterion(
    id="l", label="l", min_lines=1, max_lines=1, setting="recurrent_metastatic", cancer_types=NPC
)
PLATINUM_L1 = PriorTherapyCriterion(
    id="p",
    label="p",
    drug_class=DrugClass.PLATINUM,
    line=1,
    setting="recurrent_metastatic",
    cancer_types=NPC,
)
PD1_L1 = PLATINUM_L1.model_copy(update={"drug_class": DrugClass.ANTI_PD1})


def line(number: int, start: date, **fields: object) -> TherapyLine:
    return TherapyLine.model_validate(
        {
            "number": number,
            "agents": ("cisplatin", "gemcitabine"),
            "classes": frozenset({DrugClass.PLATINUM}),
            "start": start,
            "end": start + timedelta(days=120),
            "evidence": (f"MedicationAdministration/{number}-{start}",),
            **fields,
        }
    )


def status(criterion: object, *lines: TherapyLine, **facts: object) -> CriterionStatus:
    patient = PatientFacts(as_of=AS_OF, patient="Patient/p", lines=lines, **facts)  # type: ignore[arg-type]
    return evaluate_criterion(criterion, patient).status  # type: ignore[arg-type]


def test_lot_cancer_lines_of_another_cancer_do_not_count() -> None:
    """LOT-CANCER: a breast cancer line is not a line of the trial's NPC."""
    breast = line(1, date(2025, 7, 1), cancer_type="breast_cancer")
    npc = line(1, date(2026, 4, 8), cancer_type="nasopharyngeal_carcinoma")
    assert status(ONE_RM_LINE, breast, npc) is CriterionStatus.MET
    assert status(PLATINUM_L1, breast, npc) is CriterionStatus.MET


def test_lot_cancer_a_criterion_naming_no_cancer_asks_when_the_cancers_differ() -> None:
    """LOT-CANCER for imported and synthetic trials (their criteria name no cancer): the
    patient's lines when they belong to one cancer; with several, a decision only when each
    cancer's lines decide alike, otherwise unknown with what to confirm."""
    unnamed = ONE_RM_LINE.model_copy(update={"cancer_types": ()})
    breast = line(1, date(2025, 7, 1), cancer_type="breast_cancer")
    npc = line(1, date(2026, 4, 8), cancer_type="nasopharyngeal_carcinoma")
    npc_second = line(2, date(2026, 9, 1), cancer_type="nasopharyngeal_carcinoma")
    assert status(unnamed, npc) is CriterionStatus.MET
    assert status(unnamed, npc, npc_second) is CriterionStatus.NOT_MET
    assert status(unnamed, breast, npc) is CriterionStatus.MET  # one line of each: alike
    patient = PatientFacts(as_of=AS_OF, patient="Patient/p", lines=(breast, npc, npc_second))
    result = evaluate_criterion(unnamed, patient)
    assert result.status is CriterionStatus.UNKNOWN
    assert result.to_settle == "Confirm which of the patient's cancers the trial is for"
    unnamed_platinum = PLATINUM_L1.model_copy(update={"cancer_types": ()})
    other = breast.model_copy(update={"classes": frozenset({DrugClass.TAXANE})})
    assert status(unnamed_platinum, other, npc) is CriterionStatus.UNKNOWN


def test_lot_cancer_a_cancer_not_placed_may_be_the_trials() -> None:
    """LOT-CANCER: a line of a cancer the service could not place still counts."""
    assert status(ONE_RM_LINE, line(1, date(2026, 4, 8))) is CriterionStatus.MET


def test_lot_setting_curative_lines_do_not_count_for_recurrent_metastatic() -> None:
    """LOT-SETTING: curative induction before metastasis is not an R/M line; with setting `any`
    it is."""
    curative = line(1, date(2023, 3, 1), cancer_type=NPC[0], setting=LineSetting.CURATIVE)
    rm = line(2, date(2025, 11, 5), cancer_type=NPC[0], setting=LineSetting.RECURRENT_METASTATIC)
    assert status(ONE_RM_LINE, curative, rm) is CriterionStatus.MET
    anywhere = ONE_RM_LINE.model_copy(update={"setting": "any"})
    assert status(anywhere, curative, rm) is CriterionStatus.NOT_MET


def test_lot_unattributed_line_makes_the_count_and_line_one_unknown() -> None:
    """LOT-UNATTRIBUTED: a line that may be the NPC's or the lung cancer's."""
    unattributed = line(
        1,
        date(2026, 4, 8),
        unattributed=True,
        candidate_cancer_types=("nasopharyngeal_carcinoma", "non_small_cell_lung_cancer"),
    )
    assert status(ONE_RM_LINE, unattributed) is CriterionStatus.UNKNOWN
    assert status(PLATINUM_L1, unattributed) is CriterionStatus.UNKNOWN
    lung_only = unattributed.model_copy(
        update={"candidate_cancer_types": ("non_small_cell_lung_cancer", "breast_cancer")}
    )
    # It cannot be an NPC line: no NPC therapy recorded, which is not proof of none.
    assert status(ONE_RM_LINE, lung_only) is CriterionStatus.UNKNOWN
    npc = line(1, date(2025, 1, 8), cancer_type=NPC[0])
    assert status(ONE_RM_LINE, npc, lung_only) is CriterionStatus.MET


def test_exp_unresolved_drug_in_the_line_makes_received_unknown() -> None:
    """EXP-UNRESOLVED: platinum not named, but a drug of the line could not be read."""
    unresolved = line(
        1,
        date(2026, 4, 8),
        agents=("gemcitabine",),
        classes=frozenset({DrugClass.ANTIMETABOLITE}),
        unresolved=("a medication the chart does not hold (Medication/x)",),
    )
    assert status(PLATINUM_L1, unresolved) is CriterionStatus.UNKNOWN


def test_exp_blinded_drug_is_unknown_for_its_class_only() -> None:
    """EXP-BLINDED: "toripalimab or placebo" leaves anti-PD-1 unknown, platinum decided."""
    blinded = line(
        1,
        date(2026, 4, 8),
        blinded_agents=("toripalimab",),
        blinded_classes=frozenset({DrugClass.ANTI_PD1}),
    )
    assert status(PD1_L1, blinded) is CriterionStatus.UNKNOWN
    assert status(PLATINUM_L1, blinded) is CriterionStatus.MET


def test_exp_blinded_and_unresolved_exposures_never_prove_a_drug_received() -> None:
    """EXP-BLINDED, EXP-UNRESOLVED: "received anti-PD-1" (no line) is unknown, never met or
    not met, from a blinded record."""
    ever = PriorTherapyCriterion(id="e", label="e", drug_class=DrugClass.ANTI_PD1)
    blinded = TherapyExposure(
        agent="toripalimab",
        classes=frozenset({DrugClass.ANTI_PD1}),
        blinded=True,
        source="MedicationAdministration",
    )
    assert status(ever, exposures=(blinded,)) is CriterionStatus.UNKNOWN


def compiled(trial: Trial) -> list[Any]:
    """The criteria as the matcher decides them: scoped to the trial where they do not say."""
    return [entry.criterion for entry in compile_trial(trial, RuleBook()).criteria]


def test_lot_setting_and_cancer_default_from_the_trial() -> None:
    """LOT-SETTING, LOT-CANCER: a trial requiring metastatic disease counts R/M lines of its
    cancer; one that does not counts lines of any setting."""
    seed = Path(__file__).resolve().parents[2] / "trials" / "NCT07188584.json"
    data = json.loads(seed.read_text("utf-8"))
    trial = Trial.model_validate(data)
    scoped = [c for c in compiled(trial) if c.type in {"prior_lines", "prior_therapy"}]
    assert {(c.setting, c.cancer_types) for c in scoped} == {("recurrent_metastatic", NPC)}  # type: ignore[union-attr]
    data["criteria"] = [c for c in data["criteria"] if c["type"] not in {"metastatic", "stage"}]
    for c in data["criteria"]:
        c.pop("setting", None)
    relaxed = Trial.model_validate(data)
    assert {c.setting for c in compiled(relaxed) if c.type == "prior_lines"} == {"any"}  # type: ignore[union-attr]


ADVANCED_AT_MOST_2 = PriorLinesCriterion(
    id="a", label="a", max_lines=2, setting="advanced", cancer_types=NPC
)
ADVANCED_AT_LEAST_1 = ADVANCED_AT_MOST_2.model_copy(update={"min_lines": 1, "max_lines": None})


def test_lot_advanced_a_curative_line_may_count_and_makes_the_count_unknown() -> None:
    """LOT-ADVANCED: a line before distant metastasis may have been for locally advanced disease
    (counted) or curative (not counted); the answer is unknown only when that changes it."""
    curative = line(1, date(2025, 1, 10), setting=LineSetting.CURATIVE, cancer_type=NPC[0])
    palliative = line(2, date(2026, 1, 10), setting=LineSetting.RECURRENT_METASTATIC)
    third = line(3, date(2026, 6, 10), setting=LineSetting.RECURRENT_METASTATIC)
    # Two advanced lines for sure: a third (the curative one) would break "at most 2".
    result = evaluate_criterion(
        ADVANCED_AT_MOST_2,
        PatientFacts(as_of=AS_OF, patient="Patient/p", lines=(curative, palliative, third)),
    )
    assert result.status is CriterionStatus.UNKNOWN
    assert result.to_settle is not None
    assert "curative intent" in result.to_settle
    assert "locally advanced" in result.reason
    assert "trial requires ≤ 2 prior lines for advanced disease" in result.reason
    # One advanced line for sure: "at most 2" holds whatever the curative line was.
    assert status(ADVANCED_AT_MOST_2, curative, palliative) is CriterionStatus.MET
    # Only the curative line: "at least 1" is open, never not met.
    assert status(ADVANCED_AT_LEAST_1, curative) is CriterionStatus.UNKNOWN
    assert status(ADVANCED_AT_LEAST_1, curative, palliative) is CriterionStatus.MET


def test_lot_advanced_differs_from_recurrent_metastatic_on_curative_lines() -> None:
    curative = line(1, date(2025, 1, 10), setting=LineSetting.CURATIVE, cancer_type=NPC[0])
    rm_at_least_1 = ADVANCED_AT_LEAST_1.model_copy(update={"setting": "recurrent_metastatic"})
    assert status(rm_at_least_1, curative) is CriterionStatus.UNKNOWN  # no line of that setting
    assert status(ADVANCED_AT_LEAST_1, curative) is CriterionStatus.UNKNOWN
    any_setting = ADVANCED_AT_LEAST_1.model_copy(update={"setting": "any"})
    assert status(any_setting, curative) is CriterionStatus.MET


def _exposure(agent: str, start: date | None, cls: DrugClass) -> TherapyExposure:
    return TherapyExposure(
        agent=agent,
        classes=frozenset({cls}),
        start=start,
        source="MedicationAdministration",
        evidence=(f"MedicationAdministration/{agent}-{start}",),
    )


NO_PD1_METASTATIC = PriorTherapyCriterion(
    id="n",
    label="n",
    drug_class=DrugClass.ANTI_PD1,
    received=False,
    setting="recurrent_metastatic",
    cancer_types=NPC,
)


def test_lot_setting_a_drug_excluded_in_the_metastatic_setting_may_have_been_adjuvant() -> None:
    """LOT-SETTING for prior_therapy without a line: "no prior anti-PD-1 in the metastatic
    setting" holds for adjuvant anti-PD-1, not for anti-PD-1 after metastasis."""
    adjuvant = line(
        1,
        date(2024, 1, 10),
        agents=("pembrolizumab",),
        classes=frozenset({DrugClass.ANTI_PD1}),
        setting=LineSetting.CURATIVE,
        cancer_type=NPC[0],
    )
    palliative = adjuvant.model_copy(
        update={
            "number": 2,
            "start": date(2026, 1, 10),
            "setting": LineSetting.RECURRENT_METASTATIC,
        }
    )
    exposures = (_exposure("pembrolizumab", date(2024, 1, 10), DrugClass.ANTI_PD1),)
    assert status(NO_PD1_METASTATIC, adjuvant, exposures=exposures) is CriterionStatus.MET
    assert (
        status(NO_PD1_METASTATIC, adjuvant, palliative, exposures=exposures)
        is CriterionStatus.NOT_MET
    )
    required = NO_PD1_METASTATIC.model_copy(update={"received": True})
    assert status(required, adjuvant, exposures=exposures) is CriterionStatus.NOT_MET
    advanced = required.model_copy(update={"setting": "advanced"})
    result = evaluate_criterion(
        advanced,
        PatientFacts(as_of=AS_OF, patient="Patient/p", lines=(adjuvant,), exposures=exposures),
    )
    assert result.status is CriterionStatus.UNKNOWN  # adjuvant, or for locally advanced disease?
    assert result.to_settle is not None


def test_lot_setting_an_undated_exposure_is_not_known_to_be_in_the_setting() -> None:
    exposures = (_exposure("nivolumab", None, DrugClass.ANTI_PD1),)
    assert status(NO_PD1_METASTATIC, exposures=exposures) is CriterionStatus.UNKNOWN
    # Never received at all: the setting changes nothing.
    other = (_exposure("cisplatin", date(2025, 1, 1), DrugClass.PLATINUM),)
    assert status(NO_PD1_METASTATIC, exposures=other) is CriterionStatus.MET


@pytest.mark.parametrize(
    ("allowed", "setting"),
    [(["metastatic"], "recurrent_metastatic"), (["locally_advanced", "metastatic"], "any")],
)
def test_lot_setting_from_an_extent_only_when_it_allows_metastatic_disease_alone(
    allowed: list[str], setting: str
) -> None:
    """LOT-SETTING: "locally advanced or metastatic" does not require metastasis."""
    seed = Path(__file__).resolve().parents[2] / "trials" / "NCT07188584.json"
    data = json.loads(seed.read_text("utf-8"))
    kept = [c for c in data["criteria"] if c["type"] not in {"metastatic", "stage"}]
    for c in kept:
        c.pop("setting", None)
    extent = {"type": "disease_extent", "id": "extent", "label": "Extent", "allowed": allowed}
    trial = Trial.model_validate({**data, "criteria": [*kept, extent]})
    assert {c.setting for c in compiled(trial) if c.type == "prior_lines"} == {setting}  # type: ignore[union-attr]


# LOT-CONTINUED-PAST-METASTASIS: cisplatin-based curative therapy, capecitabine given on for
# two months after the metastasis, then GP + toripalimab.
CURATIVE_2024 = line(
    1,
    date(2024, 1, 24),
    agents=("cisplatin", "gemcitabine", "capecitabine"),
    classes=frozenset({DrugClass.PLATINUM, DrugClass.CHEMOTHERAPY}),
    setting=LineSetting.CURATIVE,
    cancer_type=NPC[0],
)
GIVEN_ON = line(
    0,
    date(2025, 2, 12),
    agents=("capecitabine",),
    classes=frozenset({DrugClass.CHEMOTHERAPY}),
    setting=LineSetting.RECURRENT_METASTATIC,
    cancer_type=NPC[0],
    possible=True,
    continued_past_metastasis=True,
)
FIRST_RM = line(
    2,
    date(2025, 4, 16),
    agents=("cisplatin", "gemcitabine", "toripalimab"),
    classes=frozenset({DrugClass.PLATINUM, DrugClass.CHEMOTHERAPY, DrugClass.ANTI_PD1}),
    setting=LineSetting.RECURRENT_METASTATIC,
    cancer_type=NPC[0],
)


def test_lot_continued_past_metastasis_makes_the_count_and_line_one_unknown() -> None:
    """A first R/M line, or a second after a first of capecitabine: ask, naming the drug."""
    patient = PatientFacts(
        as_of=AS_OF, patient="Patient/p", lines=(CURATIVE_2024, GIVEN_ON, FIRST_RM)
    )
    count = evaluate_criterion(ONE_RM_LINE, patient)
    assert count.status is CriterionStatus.UNKNOWN
    assert (
        "curative therapy continued after distant metastasis was documented, which may have "
        "ended that course or been a first treatment of the metastatic disease (capecitabine "
        "from 2025-02-12 to 2025-06-12)"
    ) in count.reason
    assert count.to_settle == (
        "Record whether capecitabine given from 2025-02-12, after distant metastasis was "
        "documented, treated the metastatic disease or ended the curative course"
    )
    assert GIVEN_ON.evidence[0] in count.evidence
    assert status(PLATINUM_L1, CURATIVE_2024, GIVEN_ON, FIRST_RM) is CriterionStatus.UNKNOWN
    assert status(PD1_L1, CURATIVE_2024, GIVEN_ON, FIRST_RM) is CriterionStatus.UNKNOWN
    # Counted over every setting, the curative line is one either way: still 2 or 3 lines.
    at_most_2 = ONE_RM_LINE.model_copy(update={"min_lines": None, "max_lines": 2, "setting": None})
    assert status(at_most_2, CURATIVE_2024, GIVEN_ON, FIRST_RM) is CriterionStatus.UNKNOWN
    # Where either reading decides alike, it decides.
    at_most_3 = at_most_2.model_copy(update={"max_lines": 3})
    assert status(at_most_3, CURATIVE_2024, GIVEN_ON, FIRST_RM) is CriterionStatus.MET
    two_or_more = ONE_RM_LINE.model_copy(update={"min_lines": 2, "max_lines": None})
    assert status(two_or_more, CURATIVE_2024, FIRST_RM) is CriterionStatus.NOT_MET
    assert status(two_or_more, CURATIVE_2024, GIVEN_ON, FIRST_RM) is CriterionStatus.UNKNOWN


def test_lot_continued_past_metastasis_only_its_own_drugs_are_in_question() -> None:
    """Received in the R/M setting: capecitabine may have been; the curative line's cisplatin
    was not given on, and the certain R/M line decides platinum."""
    exposures = (
        _exposure("capecitabine", date(2024, 6, 5), DrugClass.CHEMOTHERAPY),
        _exposure("capecitabine", date(2025, 2, 12), DrugClass.CHEMOTHERAPY),
    )
    no_chemo = NO_PD1_METASTATIC.model_copy(update={"drug_class": None, "agent": "capecitabine"})
    assert status(no_chemo, CURATIVE_2024, GIVEN_ON, exposures=exposures) is CriterionStatus.UNKNOWN
    no_platinum = NO_PD1_METASTATIC.model_copy(update={"drug_class": DrugClass.PLATINUM})
    platinum = (_exposure("cisplatin", date(2024, 4, 1), DrugClass.PLATINUM),)
    assert status(no_platinum, CURATIVE_2024, GIVEN_ON, exposures=platinum) is CriterionStatus.MET


TP_TORIPALIMAB = line(
    1,
    date(2026, 4, 8),
    agents=("cisplatin", "paclitaxel", "toripalimab", "docetaxel"),
    classes=frozenset(
        {DrugClass.PLATINUM, DrugClass.TAXANE, DrugClass.CHEMOTHERAPY, DrugClass.ANTI_PD1}
    ),
    setting=LineSetting.RECURRENT_METASTATIC,
    cancer_type=NPC[0],
)
DOCETAXEL_SWITCH = line(
    0,
    date(2026, 5, 20),
    agents=("docetaxel",),
    classes=frozenset({DrugClass.TAXANE, DrugClass.CHEMOTHERAPY}),
    setting=LineSetting.RECURRENT_METASTATIC,
    cancer_type=NPC[0],
    possible=True,
    class_switch="paclitaxel to docetaxel",
)


def test_lot_class_switch_makes_the_count_unknown_and_asks_why() -> None:
    """LOT-CLASS-SWITCH: one line or two; the first line's platinum and anti-PD-1 stay met."""
    patient = PatientFacts(
        as_of=AS_OF, patient="Patient/p", lines=(TP_TORIPALIMAB, DOCETAXEL_SWITCH)
    )
    count = evaluate_criterion(ONE_RM_LINE, patient)
    assert count.status is CriterionStatus.UNKNOWN
    assert "a switch from paclitaxel to docetaxel" in count.reason
    assert "for toxicity (the same line) or for progression" in count.reason
    assert count.to_settle == (
        "Record whether the switch from paclitaxel to docetaxel on 2026-05-20 was made for "
        "toxicity (the same line) or for progression (a new line)"
    )
    assert DOCETAXEL_SWITCH.evidence[0] in count.evidence
    assert status(PLATINUM_L1, TP_TORIPALIMAB, DOCETAXEL_SWITCH) is CriterionStatus.MET
    assert status(PD1_L1, TP_TORIPALIMAB, DOCETAXEL_SWITCH) is CriterionStatus.MET
    # "At most two lines" holds either way.
    at_most_2 = ONE_RM_LINE.model_copy(update={"min_lines": None, "max_lines": 2})
    assert status(at_most_2, TP_TORIPALIMAB, DOCETAXEL_SWITCH) is CriterionStatus.MET


def test_lot_setting_reasons_number_lines_as_the_trial_counts_them() -> None:
    """A card never calls "line 2" what the trial calls line 1: the R/M line after a curative
    course is line 1 for recurrent/metastatic disease, and the course is said not counted."""
    curative = line(1, date(2023, 3, 1), cancer_type=NPC[0], setting=LineSetting.CURATIVE)
    rm = line(2, date(2025, 11, 5), cancer_type=NPC[0], setting=LineSetting.RECURRENT_METASTATIC)
    patient = PatientFacts(as_of=AS_OF, patient="Patient/p", lines=(curative, rm))
    count = evaluate_criterion(ONE_RM_LINE, patient)
    assert count.reason == (
        "1 line recorded (line 1 for recurrent/metastatic disease: cisplatin, gemcitabine from "
        "2025-11-05 to 2026-03-05); curative therapy not counted (cisplatin, gemcitabine from "
        "2023-03-01 to 2023-06-29); trial requires exactly 1 prior line"
    )
    platinum = evaluate_criterion(PLATINUM_L1, patient)
    assert platinum.reason.startswith(
        "Platinum-based chemotherapy in line 1 for recurrent/metastatic disease: cisplatin"
    )
    # Counted over every setting, the numbers are the chart's own.
    anywhere = evaluate_criterion(ONE_RM_LINE.model_copy(update={"setting": "any"}), patient)
    assert anywhere.reason.startswith("2 lines recorded (line 1: cisplatin, gemcitabine from 2023")
    assert "not counted" not in anywhere.reason


def test_lot_setting_no_rm_line_names_the_curative_course_left_out() -> None:
    """LOT-SETTING: a curative course and no line for recurrent/metastatic disease: the count
    and line 1 are unknown (nothing recorded is not proof of none), and the reason says the
    curative course was read and not counted, never "no systemic therapy recorded"; its
    cisplatin is no first-line platinum."""
    curative = line(1, date(2024, 1, 22), cancer_type=NPC[0], setting=LineSetting.CURATIVE)
    patient = PatientFacts(as_of=AS_OF, patient="Patient/p", lines=(curative,))
    count = evaluate_criterion(ONE_RM_LINE, patient)
    platinum = evaluate_criterion(PLATINUM_L1, patient)
    assert (count.status, platinum.status) == (CriterionStatus.UNKNOWN, CriterionStatus.UNKNOWN)
    assert count.reason == (
        "No systemic therapy for recurrent/metastatic disease recorded; curative therapy not "
        "counted (cisplatin, gemcitabine from 2024-01-22 to 2024-05-21); trial requires "
        "exactly 1 prior line"
    )
    assert platinum.reason.startswith(
        "No systemic therapy for recurrent/metastatic disease recorded; curative therapy not "
        "counted (cisplatin, gemcitabine from 2024-01-22"
    )
    assert count.evidence == curative.evidence
    # Counted over every setting, the course is line 1.
    anywhere = ONE_RM_LINE.model_copy(update={"setting": "any"})
    assert evaluate_criterion(anywhere, patient).status is CriterionStatus.MET


def test_lot_unattributed_every_candidate_line_one_holding_the_drug_decides_it() -> None:
    """LOT-UNATTRIBUTED: an outside TP course (docetaxel + cisplatin) that may be another
    cancer's, then GP + toripalimab for the NPC: whichever is line 1 held platinum, so platinum
    in line 1 is met; only GP + toripalimab held an anti-PD-1, so that stays unknown, as the
    count does."""
    npc = NPC[0]
    outside = line(
        1,
        date(2025, 9, 10),
        agents=("docetaxel", "cisplatin"),
        classes=frozenset({DrugClass.PLATINUM, DrugClass.TAXANE}),
        unattributed=True,
        candidate_cancer_types=(npc, "non_small_cell_lung_cancer"),
    )
    here = line(
        1,
        date(2026, 7, 1),
        agents=("cisplatin", "gemcitabine", "toripalimab"),
        classes=frozenset({DrugClass.PLATINUM, DrugClass.ANTI_PD1}),
        cancer_type=npc,
    )
    assert status(PLATINUM_L1, outside, here) is CriterionStatus.MET
    assert status(PD1_L1, outside, here) is CriterionStatus.UNKNOWN
    assert status(ONE_RM_LINE, outside, here) is CriterionStatus.UNKNOWN
    # Both with an anti-PD-1: that is met too.
    both = outside.model_copy(update={"classes": outside.classes | {DrugClass.ANTI_PD1}})
    assert status(PD1_L1, both, here) is CriterionStatus.MET
    # Excluding a drug every candidate held: not met, for sure.
    no_platinum = PLATINUM_L1.model_copy(update={"received": False})
    assert status(no_platinum, outside, here) is CriterionStatus.NOT_MET


def test_lot_unattributed_a_candidate_line_one_not_holding_the_drug_leaves_it_unknown() -> None:
    """LOT-UNATTRIBUTED: a candidate without the drug (an unattributed line, an undated one, a
    possible line of drugs not known), or no counted line at all, leaves line 1 unknown."""
    npc = NPC[0]
    here = line(1, date(2026, 7, 1), cancer_type=npc)
    taxane = line(
        1,
        date(2025, 9, 10),
        agents=("docetaxel",),
        classes=frozenset({DrugClass.TAXANE}),
        unattributed=True,
        candidate_cancer_types=(npc, "breast_cancer"),
    )
    unknown_drug = line(
        0,
        date(2025, 9, 10),
        agents=(),
        classes=frozenset(),
        cancer_type=npc,
        possible=True,
        unresolved=('capecitabine (record status "unknown")',),
    )
    undated = line(0, date(2025, 9, 10), cancer_type=npc, undated=True, possible=True).model_copy(
        update={"start": None, "end": None}
    )
    assert status(PLATINUM_L1, taxane, here) is CriterionStatus.UNKNOWN
    assert status(PLATINUM_L1, unknown_drug, here) is CriterionStatus.UNKNOWN
    assert status(PLATINUM_L1, undated, here) is CriterionStatus.MET  # undated GP: platinum
    assert status(PLATINUM_L1, undated.model_copy(update={"classes": frozenset()}), here) is (
        CriterionStatus.UNKNOWN
    )
    # A later unattributed line cannot be line 1: line 1 is GP here.
    later = taxane.model_copy(update={"start": date(2026, 10, 1)})
    assert status(PLATINUM_L1, here, later) is CriterionStatus.MET


def test_lot_restart_and_maintenance_asked_every_question_is_asked() -> None:
    """LOT-RESTART, LOT-MAINTENANCE-ASKED (twenty-seventh session): a line with two possible
    lines after progressions the chart does not record asks about both, in order of date, and
    counts up to three lines (unknown, never not met)."""
    first = line(1, date(2025, 9, 3), cancer_type="nasopharyngeal_carcinoma")
    possible = {"possible": True, "cancer_type": "nasopharyngeal_carcinoma"}
    restart = line(
        0,
        date(2026, 3, 18),
        **possible,
        after_doubtful_progression="a break in all therapy from 2025-11-12 to 2026-03-18",
    )
    maintenance = line(
        0,
        date(2026, 5, 13),
        **possible,
        agents=("camrelizumab",),
        after_doubtful_progression="camrelizumab begun after cisplatin, gemcitabine",
    )
    patient = PatientFacts(as_of=AS_OF, patient="Patient/p", lines=(first, maintenance, restart))
    result = evaluate_criterion(ONE_RM_LINE, patient)
    assert result.status is CriterionStatus.UNKNOWN
    assert result.to_settle == (
        "Record whether the disease had progressed before cisplatin, gemcitabine was started "
        "on 2026-03-18 (a break in all therapy from 2025-11-12 to 2026-03-18), and before "
        "camrelizumab was started on 2026-05-13 (camrelizumab begun after cisplatin, gemcitabine)"
    )


@pytest.mark.parametrize("received", [True, False])
def test_exp_blinded_an_agent_only_blinded_is_unknown_for_a_criterion_naming_it(
    received: bool,
) -> None:
    """EXP-BLINDED (twenty-seventh session): "toripalimab or placebo" in line 1 leaves a
    criterion naming toripalimab unknown, in line 1 or ever, required or excluded — as one
    naming its class; before, the line's agent list proved it (an unsafe met, or a wrong
    exclusion)."""
    blinded = line(
        1,
        date(2026, 4, 8),
        agents=("cisplatin", "gemcitabine", "toripalimab"),
        blinded_agents=("toripalimab",),
        blinded_classes=frozenset({DrugClass.ANTI_PD1}),
        cancer_type="nasopharyngeal_carcinoma",
        setting=LineSetting.RECURRENT_METASTATIC,
    )
    exposure = TherapyExposure(
        agent="toripalimab",
        classes=frozenset({DrugClass.ANTI_PD1}),
        blinded=True,
        start=date(2026, 4, 8),
        source="MedicationAdministration",
    )
    in_line = PD1_L1.model_copy(update={"drug_class": None, "agent": "toripalimab"})
    ever = PriorTherapyCriterion(id="e", label="e", agent="toripalimab", received=received)
    for criterion in (in_line.model_copy(update={"received": received}), ever):
        assert status(criterion, blinded, exposures=(exposure,)) is CriterionStatus.UNKNOWN
    opened = blinded.model_copy(update={"blinded_agents": ()})
    assert status(in_line, opened, exposures=(exposure,)) is CriterionStatus.MET
