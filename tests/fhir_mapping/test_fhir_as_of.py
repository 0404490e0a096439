"""GEN-AS-OF for Conditions: a chart read as of a day holds what had happened by then.

Each case is a chart a coordinator would read on two days: before the Condition's date, when
it had not happened (or had not yet resolved), and after. Observations, drug records, stages,
procedures and death already read so; these are the Conditions: cancer diagnoses, secondary
malignancies and comorbidities, their clinical status and their abatement.
"""

from __future__ import annotations

from datetime import date, timedelta

from eligibility.facts import PatientFacts
from eligibility.vocabulary import Comorbidity
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.diagnoses import clinical_status_on, condition_date
from fhir_mapping.parsing import Parsed
from tools.charts.chart import Chart
from tools.charts.codes import CONDITION_CLINICAL, ICD10CM, concept

DAY = date(2026, 6, 1)  # the run's as-of in every case
BEFORE, AFTER = DAY - timedelta(days=30), DAY + timedelta(days=30)
NPC = concept("Nasopharyngeal carcinoma", (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx"))
AF = concept(
    "Paroxysmal atrial fibrillation, CTCAE grade 2",
    (ICD10CM, "I48.0", "Paroxysmal atrial fibrillation"),
)
BRAIN_METS = concept(
    "Brain metastases", (ICD10CM, "C79.31", "Secondary malignant neoplasm of brain")
)
RESOLVED = concept(None, (CONDITION_CLINICAL, "resolved", "Resolved"))
REMISSION = concept(None, (CONDITION_CLINICAL, "remission", "Remission"))


def _chart() -> Chart:
    chart = Chart("as-of")
    chart.patient("male", "1971-06-14")
    return chart


def _facts(chart: Chart, as_of: date) -> PatientFacts:
    return build_facts(
        [chart.bundle()], patient_id=chart.pid, as_of=as_of, cache=ValidationCache()
    ).facts


def _comorbidities(chart: Chart, as_of: date) -> set[tuple[Comorbidity, bool]]:
    return {(fact.kind, fact.active) for fact in _facts(chart, as_of).comorbidities}


def test_gen_as_of_a_comorbidity_with_onset_after_the_day_is_not_yet_in_the_chart() -> None:
    """GEN-AS-OF: atrial fibrillation first recorded after the run's day did not exclude the
    patient on that day; on a later day it does."""
    chart = _chart()
    chart.condition(AF, DAY + timedelta(days=3))
    assert _comorbidities(chart, DAY) == set()
    assert _comorbidities(chart, AFTER) == {(Comorbidity.ARRHYTHMIA, True)}


def test_gen_as_of_a_cancer_diagnosed_after_the_day_is_no_diagnosis_yet() -> None:
    """GEN-AS-OF: a nasopharyngeal carcinoma diagnosed after the day is not the patient's cancer
    on that day (a trial for it cannot count on it), nor are its metastases."""
    chart = _chart()
    chart.condition(NPC, DAY + timedelta(days=10))
    chart.condition(BRAIN_METS, DAY + timedelta(days=12))
    on_the_day = _facts(chart, DAY)
    assert on_the_day.diagnoses == ()
    assert Comorbidity.BRAIN_METASTASES not in {f.kind for f in on_the_day.comorbidities}
    later = _facts(chart, AFTER)
    assert [d.cancer_type for d in later.diagnoses] == ["nasopharyngeal_carcinoma"]
    assert Comorbidity.BRAIN_METASTASES in {f.kind for f in later.comorbidities}


def test_gen_as_of_onset_decides_before_the_recorded_date() -> None:
    """GEN-AS-OF: a Condition that began before the day and was entered after it had happened
    on the day (clinical time, as an Observation's effective date before its issued date); with
    no onset, the recorded date dates it."""
    began_before = _chart()
    af = began_before.condition(AF, BEFORE)
    af["recordedDate"] = (DAY + timedelta(days=5)).isoformat()
    assert _comorbidities(began_before, DAY) == {(Comorbidity.ARRHYTHMIA, True)}

    undated_onset = _chart()
    af = undated_onset.condition(AF, None)
    af["recordedDate"] = (DAY + timedelta(days=5)).isoformat()
    assert _comorbidities(undated_onset, DAY) == set()
    assert _comorbidities(undated_onset, AFTER) == {(Comorbidity.ARRHYTHMIA, True)}


def test_gen_as_of_an_undated_condition_is_read_on_any_day() -> None:
    """GEN-AS-OF: a Condition with no onset and no recorded date cannot be placed after the
    day: it is read (dropping it could drop an exclusion)."""
    chart = _chart()
    chart.condition(AF, None)
    assert _comorbidities(chart, DAY) == {(Comorbidity.ARRHYTHMIA, True)}


def test_gen_as_of_a_condition_resolved_after_the_day_was_current_on_it() -> None:
    """GEN-AS-OF: atrial fibrillation since 2017, resolved (ablation) after the day: current on
    the day, so it excludes then; not current after."""
    chart = _chart()
    chart.condition(AF, date(2017, 5, 2), clinical_status=RESOLVED, abatement=DAY + timedelta(3))
    assert _comorbidities(chart, DAY) == {(Comorbidity.ARRHYTHMIA, True)}
    assert _comorbidities(chart, AFTER) == {(Comorbidity.ARRHYTHMIA, False)}


def test_gen_as_of_a_cancer_in_remission_after_the_day_was_active_on_it() -> None:
    """GEN-AS-OF: the diagnosis's clinical status is the day's: remission reached after the day
    reads as active on it; an abatement on or before the day leaves the recorded status."""
    chart = _chart()
    chart.condition(NPC, date(2024, 3, 1), clinical_status=REMISSION, abatement=DAY + timedelta(1))
    assert [d.clinical_status for d in _facts(chart, DAY).diagnoses] == ["active"]
    assert [d.clinical_status for d in _facts(chart, AFTER).diagnoses] == ["remission"]
    assert [d.clinical_status for d in _facts(chart, DAY + timedelta(1)).diagnoses] == ["remission"]


def test_gen_as_of_readers_of_one_condition() -> None:
    """The two readers the mapper applies to every Condition: its date, and its status on a
    day."""
    chart = _chart()
    resource = chart.condition(AF, BEFORE, clinical_status=RESOLVED, abatement=DAY)
    parsed = Parsed("Condition/af", resource)
    assert condition_date(parsed) == BEFORE
    assert clinical_status_on(parsed, DAY) == "resolved"  # abated that day: resolved on it
    assert clinical_status_on(parsed, DAY - timedelta(days=1)) == "active"
    del resource["abatementDateTime"]  # no abatement date: the status as recorded
    assert clinical_status_on(Parsed("Condition/af", resource), BEFORE) == "resolved"
