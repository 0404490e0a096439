"""Rules on the patient: sex against sex-specific limits (PAT-SEX), partial birth dates
(PAT-BIRTH) and death (PAT-DECEASED)."""

from __future__ import annotations

from typing import Any

import pytest
from eligibility_factories import seed_patient
from pydantic import TypeAdapter

from eligibility.catalog import load_curated_catalog
from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import Demographics, QTc
from eligibility.matching import Matcher
from eligibility.results import CriterionStatus, Verdict
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import Sex

M = CriterionStatus.MET
N = CriterionStatus.NOT_MET
U = CriterionStatus.UNKNOWN
QTC = {"type": "qtc", "id": "qtc", "label": "QTc", "max_ms_male": 450, "max_ms_female": 470}
AGE_70 = {"type": "age", "id": "age", "label": "Age ≤ 70", "max_years": 70}


def _decide(criterion: dict[str, Any], **update: Any) -> CriterionStatus:
    parsed = TypeAdapter(Criterion).validate_python(criterion)
    return evaluate_criterion(parsed, seed_patient(**update), default_taxonomy()).status


@pytest.mark.parametrize(
    ("sex", "ms", "status"),
    [
        (Sex.UNKNOWN, 440, M),
        (Sex.UNKNOWN, 450, M),
        (Sex.UNKNOWN, 460, U),
        (Sex.OTHER, 460, U),
        (Sex.OTHER, 471, N),
        (Sex.FEMALE, 460, M),
        (Sex.MALE, 460, N),
    ],
)
def test_pat_sex_unknown_or_other_decides_only_when_both_limits_agree(
    sex: Sex, ms: float, status: CriterionStatus
) -> None:
    """PAT-SEX: QTc against male 450 / female 470 ms with sex unknown or other."""
    demographics = Demographics(evidence=("Patient/p1",), age_years=55, sex=sex)
    qtc = QTc(milliseconds=ms, date=seed_patient().as_of, evidence=("Observation/qtc",))
    assert _decide(QTC, demographics=demographics, qtc=qtc) is status


@pytest.mark.parametrize(
    ("age_min", "age_max", "status"),
    [(69, 70, M), (70, 71, U), (71, 71, N), (71, 72, N)],
)
def test_pat_birth_an_age_range_decides_only_when_the_whole_range_does(
    age_min: int, age_max: int, status: CriterionStatus
) -> None:
    """PAT-BIRTH: a partial birth date's age range against "age ≤ 70"."""
    demographics = Demographics(
        evidence=("Patient/p1",),
        birth_date_precision="year",
        age_years=age_min if age_min == age_max else None,
        age_min=age_min,
        age_max=age_max,
    )
    assert _decide(AGE_70, demographics=demographics) is status


def test_pat_deceased_a_patient_who_has_died_is_offered_no_trial() -> None:
    """PAT-DECEASED: every criterion can be met, yet the matcher offers nothing; evaluating
    one trial still shows its checklist."""
    matcher = Matcher(load_curated_catalog())
    alive = seed_patient()
    dead = seed_patient(demographics=alive.demographics.model_copy(update={"deceased": True}))
    assert any(m.trial.nct_id == "NCT07188584" for m in matcher.match(alive))
    assert matcher.match(dead) == []
    assert list(matcher.rank(dead, minimum_verdict=Verdict.NOT_ELIGIBLE)) == []
    seed = matcher.catalog.get("NCT07188584")
    assert seed is not None
    assert matcher.evaluate(seed, dead).verdict is matcher.evaluate(seed, alive).verdict
