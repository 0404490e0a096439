"""The comorbidity rule on recorded, ungraded, unconfirmed and drug-implied conditions
(CMB-CODES, CMB-MEDS)."""

from __future__ import annotations

from typing import Any

from eligibility_factories import seed_patient
from pydantic import TypeAdapter

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import ComorbidityFact
from eligibility.results import CriterionResult, CriterionStatus
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import Comorbidity

M = CriterionStatus.MET
N = CriterionStatus.NOT_MET
U = CriterionStatus.UNKNOWN
AF = Comorbidity.ARRHYTHMIA
NO_ARRHYTHMIA_2 = {"type": "comorbidity", "id": "a", "label": "a", "condition": "arrhythmia"}


def _decide(*facts: ComorbidityFact, min_grade: int = 2) -> CriterionResult:
    data: dict[str, Any] = {**NO_ARRHYTHMIA_2, "min_grade": min_grade}
    criterion = TypeAdapter(Criterion).validate_python(data)
    patient = seed_patient(comorbidities=facts)
    return evaluate_criterion(criterion, patient, default_taxonomy())


def _af(grade: int | None, **extra: Any) -> ComorbidityFact:
    return ComorbidityFact(kind=AF, grade=grade, evidence=("Condition/af",), **extra)


def _amiodarone() -> ComorbidityFact:
    return ComorbidityFact(
        kind=AF,
        confirmed=False,
        implied_by="amiodarone",
        evidence=("MedicationStatement/amio",),
    )


def test_cmb_codes_grade_at_or_above_the_limit_excludes_below_it_does_not() -> None:
    """CMB-CODES: grade 2 AF against "no grade ≥ 2 arrhythmia" is not met; grade 1 is met."""
    assert _decide(_af(2)).status is N
    assert _decide(_af(1)).status is M


def test_cmb_codes_no_grade_is_unknown_and_asks_the_grade() -> None:
    """CMB-CODES: a condition present without a grade makes a graded exclusion unknown."""
    result = _decide(_af(None))
    assert result.status is U
    assert result.to_settle is not None
    assert "grade" in result.to_settle


def test_cmb_codes_a_resolved_condition_does_not_count() -> None:
    """CMB-CODES: resolved (not active) conditions are not current."""
    assert _decide(_af(3, active=False)).status is M


def test_cmb_codes_an_unconfirmed_diagnosis_never_excludes_on_its_own() -> None:
    """CMB-CODES: a provisional grade 3 AF is unknown (confirm it); a provisional grade 1 AF
    is below the limit either way."""
    result = _decide(_af(3, confirmed=False))
    assert result.status is U
    assert result.to_settle is not None
    assert "Confirm" in result.to_settle
    assert _decide(_af(1, confirmed=False)).status is M
    assert _decide(_af(None, confirmed=False), min_grade=1).status is U


def test_cmb_meds_a_drug_only_the_condition_explains_is_unknown_not_met() -> None:
    """CMB-MEDS: amiodarone without an arrhythmia diagnosis is unknown, even for "any
    arrhythmia", and names the drug."""
    for min_grade in (1, 2):
        result = _decide(_amiodarone(), min_grade=min_grade)
        assert result.status is U
        assert "Amiodarone" in result.reason
        assert result.to_settle is not None
        assert "amiodarone" in result.to_settle
        assert result.evidence == ("MedicationStatement/amio",)


def test_cmb_meds_the_drug_adds_nothing_once_the_condition_is_graded() -> None:
    """CMB-MEDS: amiodarone with a recorded grade 1 AF is met; with grade 2 not met."""
    assert _decide(_af(1), _amiodarone()).status is M
    assert _decide(_af(2), _amiodarone()).status is N


def test_cmb_grade_owner_an_ungraded_arrhythmia_asks_for_its_ctcae_grade() -> None:
    """CMB-GRADE-OWNER: a NYHA class is no arrhythmia's grade, so none is asked for."""
    result = _decide(_af(None))
    assert result.to_settle is not None
    assert "CTCAE grade" in result.to_settle
    assert "NYHA" not in result.to_settle


def test_cmb_signs_a_possible_disease_names_the_finding_and_asks_to_confirm() -> None:
    """CMB-SIGNS: a comorbidity made possible by a finding (a sign of it, as 高血压性心脏病 is of
    heart failure) is unknown, even for "any", and the reason quotes the finding to look at."""
    sign = ComorbidityFact(
        kind=AF, confirmed=False, text="高血压性心脏病", evidence=("Condition/hhd",)
    )
    for min_grade in (1, 2):
        result = _decide(sign, min_grade=min_grade)
        assert result.status is U
        assert "(高血压性心脏病)" in result.reason
        assert result.to_settle is not None
        assert "Confirm or refute" in result.to_settle


def test_cmb_meds_a_drug_named_in_an_entry_asks_why_it_is_given() -> None:
    """CMB-MEDS (twenty-sixth session): an arrhythmia only the drug an entry names says may be
    there ("心悸，口服胺碘酮") is asked as a MedicationStatement of the drug asks it — why the
    drug is given, and the grade — and a recorded grade 1 AF explains the drug."""
    implied = ComorbidityFact(
        kind=AF,
        confirmed=False,
        implied_by="amiodarone",
        text="心悸，口服胺碘酮",
        evidence=("Condition/palpitations",),
    )
    for min_grade in (1, 2):
        result = _decide(implied, min_grade=min_grade)
        assert result.status is U
        assert result.to_settle is not None
        assert "why amiodarone is given" in result.to_settle
    assert _decide(implied, _af(1)).status is M


def test_cmb_codes_a_least_grade_excludes_at_or_above_the_limit_and_asks_below_it() -> None:
    """CMB-CODES (7 December 2026, twenty-eighth session, cardiac11): an AF with a rapid
    ventricular response is grade 2 at least: against "no grade ≥ 2" it is not met, said as a
    least grade; against "no grade ≥ 3" its grade is not known (unknown, never met); a doubted one
    is possible against either. Chart `rw_afib_with_rvr_english`."""
    rvr = _af(2, grade_at_least=True)
    result = _decide(rvr)
    assert result.status is N
    assert "Grade ≥ 2" in result.reason
    result = _decide(rvr, min_grade=3)
    assert result.status is U
    assert result.to_settle is not None
    assert "grade" in result.to_settle
    doubted = _af(2, grade_at_least=True, confirmed=False)
    assert _decide(doubted).status is U
    assert _decide(doubted, min_grade=3).status is U
    # A grade recorded exactly still decides below the limit.
    assert _decide(_af(2), min_grade=3).status is M
