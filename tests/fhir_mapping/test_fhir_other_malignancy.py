"""MAL-OTHER on charts: the other cancers' dates and statuses as hospitals record them, mapped
and decided (the verdicts written before the rule was run on these charts)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import OtherMalignancyCriterion
from eligibility.results import CriterionStatus
from fhir_mapping import ValidationCache, build_facts
from tools.charts.chart import Chart
from tools.charts.codes import CONDITION_CLINICAL, ICD10CM, concept

AS_OF = date(2026, 11, 25)
CHARTS = Path(__file__).resolve().parents[2] / "test_bundles" / "realistic"
M, N, U = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN


def criterion(years: int | None) -> OtherMalignancyCriterion:
    return OtherMalignancyCriterion(
        id="o",
        label="No other malignancy",
        section="exclusion",
        within_years=years,
        cancer_types=("nasopharyngeal_carcinoma",),
    )


def facts_of(resources: list[dict[str, Any]], patient: str) -> Any:
    return build_facts(resources, patient_id=patient, as_of=AS_OF, cache=ValidationCache()).facts


@pytest.mark.parametrize(
    ("scenario", "within_5", "within_15"),
    [
        ("rw_reference", M, M),
        # Breast cancer diagnosed 2012-05, resolved 2013-01 (abatementDateTime).
        ("rw_old_breast_cancer_chemo", M, N),
        ("rw_stage_of_breast_cancer_newer", M, N),  # a 2026 stage note does not revive it
        # Lung squamous carcinoma diagnosed 2026-02, active.
        ("rw_two_active_cancers_unattributed", N, N),
    ],
)
def test_mal_other_on_the_realistic_charts(
    scenario: str, within_5: CriterionStatus, within_15: CriterionStatus
) -> None:
    bundle = json.loads((CHARTS / f"{scenario}.json").read_text("utf-8"))
    facts = facts_of([bundle], bundle["id"])
    assert evaluate_criterion(criterion(5), facts).status is within_5
    assert evaluate_criterion(criterion(15), facts).status is within_15


def _npc_with_thyroid(**condition: Any) -> Any:
    chart = Chart("thyroid")
    chart.patient("female", "1970-03-03")
    chart.condition(
        concept("Nasopharyngeal carcinoma", (ICD10CM, "C11.9", "Nasopharynx")), date(2026, 3, 18)
    )
    chart.condition(
        concept("Papillary thyroid carcinoma", (ICD10CM, "C73", "Thyroid gland")),
        date(2009, 4, 2),
        **condition,
    )
    return facts_of(chart.resources, "thyroid")


def test_mal_other_a_thyroid_cancer_of_2009_left_active_on_the_problem_list_is_asked() -> None:
    result = evaluate_criterion(criterion(5), _npc_with_thyroid())
    assert result.status is U
    assert result.to_settle == (
        "Record whether the Thyroid cancer (2009-04-02) is still active, and when it resolved"
    )
    assert evaluate_criterion(criterion(None), _npc_with_thyroid()).status is N


def test_mal_other_an_abatement_after_as_of_had_not_come() -> None:
    """GEN-AS-OF: resolved "on" a date after the run's date was still active that day."""
    resolved = concept(None, (CONDITION_CLINICAL, "resolved", "Resolved"))
    closed = _npc_with_thyroid(clinical_status=resolved, abatement=date(2019, 6, 1))
    (thyroid,) = [d for d in closed.diagnoses if d.cancer_type == "thyroid_cancer"]
    assert thyroid.abated == date(2019, 6, 1)
    assert evaluate_criterion(criterion(5), closed).status is M
    later = _npc_with_thyroid(clinical_status=resolved, abatement=date(2027, 1, 10))
    (thyroid,) = [d for d in later.diagnoses if d.cancer_type == "thyroid_cancer"]
    assert (thyroid.abated, thyroid.clinical_status) == (None, "active")
    assert evaluate_criterion(criterion(5), later).status is U


def test_mal_other_a_history_of_cancer_entry_is_asked_about_not_passed() -> None:
    """A "personal history of malignant neoplasm" entry (ICD-10-CM Z85) is how many lists keep
    a treated cancer: another cancer, or the trial's own before it relapsed, at a date the entry
    does not give. It is asked about; under "an active second malignancy" it is history."""
    chart = Chart("history")
    chart.patient("female", "1966-02-11")
    chart.condition(
        concept("Nasopharyngeal carcinoma", (ICD10CM, "C11.9", "Nasopharynx")), date(2026, 3, 18)
    )
    chart.condition(
        concept(
            "Personal history of malignant neoplasm of breast",
            (ICD10CM, "Z85.3", "Personal history of malignant neoplasm of breast"),
        ),
        date(2015, 6, 1),
    )
    facts = facts_of(chart.resources, "history")
    for years in (5, None):
        result = evaluate_criterion(criterion(years), facts)
        assert result.status is U
        assert result.to_settle is not None
    active_only = criterion(None).model_copy(update={"active_only": True})
    assert evaluate_criterion(active_only, facts).status is M
