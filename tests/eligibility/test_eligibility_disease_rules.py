"""Cancer type, stage and metastatic rules on facts: DX-PLACE, STG-OWNER, STG-EDITION."""

from __future__ import annotations

from typing import Any

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import CancerTypeCriterion
from eligibility.facts import CancerDiagnosis
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
