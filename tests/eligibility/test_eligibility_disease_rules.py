"""Cancer type, stage and metastatic rules on facts: DX-PLACE, STG-OWNER, STG-EDITION."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import CancerTypeCriterion, MetastaticCriterion, StageCriterion
from eligibility.facts import CancerDiagnosis, MetastaticStatus, Stage
from eligibility.results import CriterionStatus
from tests.eligibility.eligibility_factories import seed_patient

NPC_TRIAL = CancerTypeCriterion(id="ct", label="NPC", allowed=("nasopharyngeal_carcinoma",))
BREAST_TRIAL = CancerTypeCriterion(id="ct", label="Breast", allowed=("breast_cancer",))


def _status(criterion: Any, **facts: Any) -> CriterionStatus:
    return evaluate_criterion(criterion, seed_patient(**facts)).status


def _unplaced(within: str | None) -> tuple[CancerDiagnosis, ...]:
    return (CancerDiagnosis(cancer_type=None, within=within, text="malignant neoplasm"),)


def test_dx_place_unplaced_head_and_neck_is_unknown_for_an_npc_trial() -> None:
    status = _status(NPC_TRIAL, diagnoses=_unplaced("head_and_neck_cancer"))
    assert status is CriterionStatus.UNKNOWN


def test_dx_place_unplaced_head_and_neck_cannot_be_breast_cancer() -> None:
    status = _status(BREAST_TRIAL, diagnoses=_unplaced("head_and_neck_cancer"))
    assert status is CriterionStatus.NOT_MET


def test_dx_place_a_cancer_that_could_be_any_is_unknown_and_asks() -> None:
    result = evaluate_criterion(NPC_TRIAL, seed_patient(diagnoses=_unplaced(None)))
    assert result.status is CriterionStatus.UNKNOWN
    assert result.to_settle


GLANDULAR = (
    "lung_cancer",
    "breast_cancer",
    "gastrointestinal_cancer",
    "genitourinary_cancer",
    "gynecologic_cancer",
    "thyroid_cancer",
    "salivary_gland_cancer",
)


@pytest.mark.parametrize(
    ("criterion", "status"),
    [
        (NPC_TRIAL, CriterionStatus.NOT_MET),
        (BREAST_TRIAL, CriterionStatus.UNKNOWN),
    ],
)
def test_dx_place_an_adenocarcinoma_naming_no_organ_is_never_an_npc(
    criterion: Any, status: CriterionStatus
) -> None:
    """DX-PLACE: "腺癌" naming no organ is some solid tumour whose histology is never an NPC
    (a squamous or undifferentiated carcinoma): not met for an NPC trial, unknown for a breast
    cancer trial (it may be a breast adenocarcinoma). Before 7 December 2026 (twenty-fifth
    session, cancers6) it was no cancer at all, and once read, unknown for the NPC trial."""
    adenocarcinoma = CancerDiagnosis(
        cancer_type=None, within="solid_tumor", histology_may_be=GLANDULAR, text="腺癌"
    )
    result = evaluate_criterion(criterion, seed_patient(diagnoses=(adenocarcinoma,)))
    assert result.status is status
    if status is CriterionStatus.NOT_MET:
        assert "腺癌" in result.reason


def _stage_m1_of_npc() -> StageCriterion:
    return StageCriterion(
        id="st", label="M1", m_categories=("M1",), of_cancer=("nasopharyngeal_carcinoma",)
    )


NPC_DX = CancerDiagnosis(cancer_type="nasopharyngeal_carcinoma", evidence=("Condition/npc",))
BREAST_DX = CancerDiagnosis(cancer_type="breast_cancer", evidence=("Condition/breast",))


def test_stg_owner_a_newer_stage_of_another_cancer_does_not_decide() -> None:
    stages = (
        Stage(m="M0", group="IIB", date=date(2026, 9, 10), diagnosis="Condition/breast"),
        Stage(m="M1", group="IVB", date=date(2026, 3, 25), diagnosis="Condition/npc"),
    )
    status = _status(_stage_m1_of_npc(), diagnoses=(NPC_DX, BREAST_DX), stages=stages)
    assert status is CriterionStatus.MET


def test_stg_owner_an_unlinked_stage_that_would_change_the_answer_is_unknown() -> None:
    stages = (
        Stage(m="M1", date=date(2026, 9, 10)),
        Stage(m="M0", date=date(2026, 3, 25), diagnosis="Condition/npc"),
    )
    status = _status(_stage_m1_of_npc(), diagnoses=(NPC_DX, BREAST_DX), stages=stages)
    assert status is CriterionStatus.UNKNOWN


def test_stg_owner_metastatic_status_of_the_trials_cancer_only() -> None:
    criterion = MetastaticCriterion(
        id="m", label="Metastatic", of_cancer=("nasopharyngeal_carcinoma",)
    )
    by_diagnosis = (
        MetastaticStatus(value=False, reason="M0 recorded", diagnosis="Condition/npc"),
        MetastaticStatus(value=True, reason="M1 recorded", diagnosis="Condition/breast"),
    )
    facts = {"diagnoses": (NPC_DX, BREAST_DX), "metastatic_by_diagnosis": by_diagnosis}
    assert _status(criterion, **facts) is CriterionStatus.NOT_MET
    unlinked = (
        *by_diagnosis[:1],
        MetastaticStatus(value=True, reason="secondary malignancy of a distant site recorded"),
    )
    facts["metastatic_by_diagnosis"] = unlinked
    assert _status(criterion, **facts) is CriterionStatus.UNKNOWN


def test_stg_owner_a_criterion_naming_no_cancer_asks_when_the_patients_cancers_differ() -> None:
    """STG-OWNER for imported and synthetic trials, whose criteria name no cancer: with one
    cancer the criterion is that cancer's; with several it decides only when each cancer's
    evidence decides alike, and otherwise asks which cancer the trial means."""
    criterion = MetastaticCriterion(id="m", label="Metastatic")
    differ = (
        MetastaticStatus(value=False, reason="M0 recorded", diagnosis="Condition/npc"),
        MetastaticStatus(value=True, reason="M1 recorded", diagnosis="Condition/breast"),
    )
    facts = {"diagnoses": (NPC_DX, BREAST_DX), "metastatic_by_diagnosis": differ}
    result = evaluate_criterion(criterion, seed_patient(**facts))
    assert result.status is CriterionStatus.UNKNOWN
    assert result.to_settle == (
        "Confirm which of the patient's cancers the trial is for, and its stage"
    )
    alike = (differ[1], differ[1].model_copy(update={"diagnosis": "Condition/npc"}))
    facts["metastatic_by_diagnosis"] = alike
    assert _status(criterion, **facts) is CriterionStatus.MET
    facts = {"diagnoses": (NPC_DX,), "metastatic_by_diagnosis": differ[:1]}
    assert _status(criterion, **facts) is CriterionStatus.NOT_MET
    stage = StageCriterion(id="st", label="M1", m_categories=("M1",))
    stages = (
        Stage(m="M0", date=date(2026, 9, 10), diagnosis="Condition/breast"),
        Stage(m="M1", date=date(2026, 3, 25), diagnosis="Condition/npc"),
    )
    # Each cancer's status as the mapper reads it from those stages.
    statuses = (
        MetastaticStatus(value=False, reason="M0 recorded", diagnosis="Condition/breast"),
        MetastaticStatus(value=True, reason="M1 recorded", diagnosis="Condition/npc"),
    )
    both = {"diagnoses": (NPC_DX, BREAST_DX), "stages": stages, "metastatic_by_diagnosis": statuses}
    assert _status(stage, **both) is CriterionStatus.UNKNOWN


def test_stg_edition_npc_iva_means_m0_in_the_8th_and_m1a_in_the_9th() -> None:
    for edition, expected in (("8", CriterionStatus.NOT_MET), ("9", CriterionStatus.MET)):
        stages = (Stage(group="IVA", edition=edition, diagnosis="Condition/npc"),)
        spread = MetastaticStatus(
            value=expected is CriterionStatus.MET, reason="IVA", diagnosis="Condition/npc"
        )
        facts = {"diagnoses": (NPC_DX,), "stages": stages, "metastatic_by_diagnosis": (spread,)}
        assert _status(_stage_m1_of_npc(), **facts) is expected


def _npc(verification: str | None, text: str = "鼻咽癌待排") -> CancerDiagnosis:
    return CancerDiagnosis(
        evidence=("Condition/npc",),
        cancer_type="nasopharyngeal_carcinoma",
        text=text,
        verification_status=verification,
    )


def test_dx_words_an_unconfirmed_cancer_is_unknown() -> None:
    for verification in ("unconfirmed", "provisional", "differential"):
        result = evaluate_criterion(NPC_TRIAL, seed_patient(diagnoses=(_npc(verification),)))
        assert result.status is CriterionStatus.UNKNOWN, verification
        assert result.reason.startswith(
            'Nasopharyngeal carcinoma recorded as not yet confirmed ("鼻咽癌待排")'
        )
        assert result.to_settle == (
            "Confirm the diagnosis of Nasopharyngeal carcinoma (histology), or record it as refuted"
        )
        assert result.evidence == ("Condition/npc",)


def test_dx_words_a_suspicion_a_biopsy_did_not_confirm_asks_for_the_repeat_biopsy() -> None:
    """DX-WORDS: one biopsy that did not find the cancer does not rule it out (sampling error):
    still unknown, and what to record names the report and what would settle it. Before 7
    December 2026 (twenty-fourth session) the card asked to confirm the diagnosis as if no
    biopsy had been done (charts `rw_npc_to_be_ruled_out_biopsy_no_tumour`,
    `rw_npc_to_be_ruled_out_pathology_negative`)."""
    npc = _npc("unconfirmed").model_copy(
        update={"pathology_not_confirming": (date(2026, 3, 24), "DiagnosticReport/biopsy")}
    )
    result = evaluate_criterion(NPC_TRIAL, seed_patient(diagnoses=(npc,)))
    assert result.status is CriterionStatus.UNKNOWN
    assert "the pathology report of 2026-03-24 does not confirm it" in result.reason
    assert result.to_settle == (
        "The pathology report of 2026-03-24 does not confirm Nasopharyngeal carcinoma: record "
        "the result of a repeat biopsy (or of the pathology still pending), or record "
        "Nasopharyngeal carcinoma as refuted"
    )
    assert result.evidence == ("Condition/npc", "DiagnosticReport/biopsy")


def test_dx_words_a_confirmed_diagnosis_beside_a_suspected_one_decides() -> None:
    both = (_npc("unconfirmed"), _npc(None, "鼻咽癌"))
    assert _status(NPC_TRIAL, diagnoses=both) is CriterionStatus.MET
    # A suspected NPC does not make a breast cancer trial's requirement any less unmet.
    assert _status(BREAST_TRIAL, diagnoses=(_npc("unconfirmed"),)) is CriterionStatus.NOT_MET
