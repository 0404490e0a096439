"""Allowed disease extents and measurable disease on facts: EXT-EXTENT, EXT-MEASURABLE."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import DiseaseExtentCriterion, MeasurableDiseaseCriterion
from eligibility.facts import (
    CancerDiagnosis,
    DiseaseExtentStatus,
    MeasurableDisease,
    MetastaticStatus,
)
from eligibility.results import CriterionResult, CriterionStatus
from tests.eligibility.eligibility_factories import seed_patient

MET, NOT_MET, UNKNOWN = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN
NPC_DX = CancerDiagnosis(cancer_type="nasopharyngeal_carcinoma", evidence=("Condition/npc",))
NOT_METASTATIC = MetastaticStatus(value=False, reason="M0 recorded", evidence=("Observation/m",))
UNKNOWN_SPREAD = MetastaticStatus(value=None, reason="no staging or metastasis recorded")


def _extent(*allowed: str) -> DiseaseExtentCriterion:
    return DiseaseExtentCriterion.model_validate({"id": "e", "label": "e", "allowed": allowed})


def _decide(criterion: Any, **facts: Any) -> CriterionResult:
    facts.setdefault("stages", ())
    return evaluate_criterion(criterion, seed_patient(**facts))


def test_ext_extent_the_allowed_extents_are_kept_in_one_order() -> None:
    criterion = _extent("metastatic", "locally_advanced", "metastatic")
    assert criterion.allowed == ("locally_advanced", "metastatic")
    with pytest.raises(ValidationError):
        _extent()
    with pytest.raises(ValidationError):
        _extent("advanced")


def test_ext_extent_metastatic_disease_meets_locally_advanced_or_metastatic() -> None:
    result = _decide(_extent("locally_advanced", "metastatic"))  # the seed patient is M1
    assert result.status is MET
    assert "Metastatic" in result.reason
    assert result.to_settle is None


def test_ext_extent_not_metastatic_is_unknown_while_local_extent_is_not_recorded() -> None:
    result = _decide(
        _extent("locally_advanced", "unresectable", "metastatic"), metastatic=NOT_METASTATIC
    )
    assert result.status is UNKNOWN
    assert result.to_settle is not None
    assert "locally advanced" in result.to_settle
    assert "resectable" in result.to_settle
    assert "Observation/m" in result.evidence


def test_ext_extent_not_met_only_when_every_allowed_extent_is_known_absent() -> None:
    criterion = _extent("locally_advanced", "metastatic")
    known_local = DiseaseExtentStatus(locally_advanced=False)
    assert _decide(criterion, metastatic=NOT_METASTATIC, extent=known_local).status is NOT_MET
    assert _decide(criterion, metastatic=UNKNOWN_SPREAD, extent=known_local).status is UNKNOWN
    local = DiseaseExtentStatus(locally_advanced=True)
    assert _decide(criterion, metastatic=NOT_METASTATIC, extent=local).status is MET


def test_ext_extent_a_recurrence_status_on_the_cancer_meets_recurrent() -> None:
    recurred = NPC_DX.model_copy(update={"clinical_status": "recurrence"})
    criterion = _extent("recurrent", "metastatic")
    result = _decide(criterion, diagnoses=(recurred,), metastatic=NOT_METASTATIC)
    assert result.status is MET
    assert result.evidence == ("Condition/npc",)
    # Without one, a recurrence may simply not be recorded: unknown, never not met.
    plain = _decide(criterion, diagnoses=(NPC_DX,), metastatic=NOT_METASTATIC)
    assert plain.status is UNKNOWN
    assert plain.to_settle is not None
    assert "recurrence" in plain.to_settle


def test_ext_extent_a_refuted_recurrent_diagnosis_does_not_count() -> None:
    refuted = NPC_DX.model_copy(
        update={"clinical_status": "relapse", "verification_status": "refuted"}
    )
    result = _decide(_extent("recurrent"), diagnoses=(refuted,), metastatic=NOT_METASTATIC)
    assert result.status is UNKNOWN


def test_ext_extent_metastatic_only_and_m0_is_not_met() -> None:
    assert _decide(_extent("metastatic"), metastatic=NOT_METASTATIC).status is NOT_MET


def test_ext_extent_metastatic_disease_does_not_settle_a_trial_for_local_disease() -> None:
    """Metastatic disease is not shown to be "unresectable" or "locally advanced": unknown."""
    assert _decide(_extent("unresectable")).status is UNKNOWN


def test_ext_measurable_not_recorded_is_unknown_and_says_what_to_record() -> None:
    criterion = MeasurableDiseaseCriterion(id="r", label="r", standard="RECIST 1.1")
    result = _decide(criterion)
    assert result.status is UNKNOWN
    assert result.to_settle is not None
    assert "measurable lesion" in result.to_settle
    assert "RECIST 1.1" in result.to_settle


@pytest.mark.parametrize(("measurable", "expected"), [(True, MET), (False, NOT_MET)])
def test_ext_measurable_a_recorded_assessment_decides(
    measurable: bool, expected: CriterionStatus
) -> None:
    criterion = MeasurableDiseaseCriterion(id="r", label="r", standard="RECIST 1.1")
    found = MeasurableDisease(
        measurable=measurable,
        standard="RECIST v1.1",
        date=date(2026, 11, 1),
        evidence=("Observation/recist",),
    )
    result = _decide(criterion, measurable_disease=found)
    assert result.status is expected
    assert result.evidence == ("Observation/recist",)


def test_ext_measurable_by_other_response_criteria_is_unknown() -> None:
    criterion = MeasurableDiseaseCriterion(id="r", label="r", standard="RECIST 1.1")
    found = MeasurableDisease(measurable=True, standard="RANO")
    assert _decide(criterion, measurable_disease=found).status is UNKNOWN
    # A trial naming no criteria takes any recorded assessment.
    plain = MeasurableDiseaseCriterion(id="r", label="r")
    assert _decide(plain, measurable_disease=found).status is MET
