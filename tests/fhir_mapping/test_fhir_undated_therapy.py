"""EXP-UNDATED: anticancer therapy recorded without a date is a possible line whose place in the
sequence is not known, never no therapy."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import TypeAdapter

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import LineSetting, PatientFacts
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from fhir_mapping import ValidationCache, build_facts
from tools.charts.chart import Chart
from tools.charts.codes import ICD10CM, concept

AS_OF = date(2026, 11, 25)
FIRST_LINE = (date(2026, 4, 8), date(2026, 4, 29), date(2026, 5, 20))


def _chart(*undated: str, dated_lines: int = 1) -> Chart:
    chart = Chart("undated")
    chart.patient("male", "1971-06-14")
    for number in range(dated_lines):
        for day in FIRST_LINE:
            shifted = day.replace(year=day.year - number)
            chart.medication_administration(concept("Cisplatin 顺铂"), shifted)
            chart.medication_administration(concept("Gemcitabine 吉西他滨"), shifted)
    for text in undated:
        record = chart.medication_statement(concept(text), AS_OF, status="completed")
        record.pop("effectiveDateTime", None)
        record.pop("effectivePeriod", None)
    return chart


def _facts(chart: Chart) -> PatientFacts:
    return build_facts(
        chart.resources, patient_id="undated", as_of=AS_OF, cache=ValidationCache()
    ).facts


def test_an_undated_anticancer_drug_is_a_possible_line_of_unknown_place() -> None:
    first, undated = _facts(_chart("Docetaxel 75 mg/m2 (outside hospital)")).lines
    assert (first.number, first.agents) == (1, ("cisplatin", "gemcitabine"))
    assert (undated.possible, undated.undated, undated.start) == (True, True, None)
    assert undated.agents == ("docetaxel",)


def test_an_undated_record_of_a_drug_a_dated_line_gives_is_that_line() -> None:
    (line,) = _facts(_chart("Cisplatin (history)")).lines
    assert line.number == 1


def test_undated_supportive_drugs_make_no_line() -> None:
    (line,) = _facts(_chart("Ondansetron 8 mg", "Dexamethasone 5 mg")).lines
    assert line.number == 1


def test_an_undated_unknown_drug_is_part_of_the_possible_line() -> None:
    *_, undated = _facts(_chart("Sunvozertinib 200 mg")).lines
    assert undated.undated
    assert undated.unresolved == ("Sunvozertinib 200 mg (a drug OncoMatch does not list)",)


def _decide(facts: PatientFacts, **criterion: Any) -> tuple[CriterionStatus, str, str | None]:
    parsed = TypeAdapter(Criterion).validate_python({"id": "c", "label": "c", **criterion})
    result = evaluate_criterion(parsed, facts, default_taxonomy())
    return result.status, result.reason, result.to_settle


def test_a_count_it_could_change_is_unknown_with_what_to_record() -> None:
    facts = _facts(_chart("Docetaxel (outside hospital)"))
    status, reason, settle = _decide(facts, type="prior_lines", min_lines=1, max_lines=1)
    assert status is CriterionStatus.UNKNOWN
    assert "therapy recorded without a date" in reason
    assert settle == "Record when docetaxel was given"


def test_a_count_it_cannot_change_is_decided() -> None:
    facts = _facts(_chart("Docetaxel (outside hospital)"))
    assert _decide(facts, type="prior_lines", max_lines=2)[0] is CriterionStatus.MET
    assert _decide(facts, type="prior_lines", min_lines=1)[0] is CriterionStatus.MET
    two_dated = _facts(_chart("Docetaxel (outside hospital)", dated_lines=2))
    assert _decide(two_dated, type="prior_lines", max_lines=1)[0] is CriterionStatus.NOT_MET


def test_line_one_may_be_the_undated_one() -> None:
    facts = _facts(_chart("Docetaxel (outside hospital)"))
    status, reason, _ = _decide(facts, type="prior_therapy", drug_class="platinum", line=1)
    assert status is CriterionStatus.UNKNOWN
    assert reason.startswith("Line 1 cannot be identified")


def test_only_undated_therapy_is_not_no_therapy() -> None:
    facts = _facts(_chart("Docetaxel (outside hospital)", dated_lines=0))
    status, reason, _ = _decide(facts, type="prior_lines", min_lines=1, max_lines=1)
    assert status is CriterionStatus.UNKNOWN
    assert "No systemic therapy recorded" not in reason
    assert _decide(facts, type="prior_therapy", drug_class="taxane")[0] is CriterionStatus.MET


# --- EXP-UNDATED: a course recorded with only its end ------------------------------------------

NPC = concept("Nasopharyngeal carcinoma", (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx"))
BONE_METS = concept(None, (ICD10CM, "C79.51", "Secondary malignant neoplasm of bone"))
TORIPALIMAB = concept("特瑞普利单抗注射液 (Toripalimab)")


def _npc(diagnosed: date, spread: date) -> Chart:
    chart = Chart("undated")
    chart.patient("male", "1971-06-14")
    chart.condition(NPC, diagnosed)
    chart.condition(BONE_METS, spread)
    return chart


def _ended(chart: Chart, text: str, end: date) -> None:
    """An outside course entered as history: `effectivePeriod` with only its end."""
    record = chart.medication_statement(concept(text), AS_OF, status="completed")
    record.pop("effectiveDateTime", None)
    record["effectivePeriod"] = {"end": end.isoformat()}


RM_NPC = {"setting": "recurrent_metastatic", "cancer_types": ["nasopharyngeal_carcinoma"]}


def test_exp_undated_a_course_dated_by_its_end_comes_before_what_was_given_after() -> None:
    """The outside first line entered with only its end was a line of no known place, so its
    maintenance given here read as one line and the course as a possible other: exactly one
    line, platinum and anti-PD-1 in line 1, all unknown."""
    chart = _npc(date(2026, 3, 18), date(2026, 3, 25))
    _ended(chart, "GP + 特瑞普利单抗 x6 (外院)", date(2026, 7, 22))
    for day in (date(2026, 8, 12), date(2026, 9, 2)):
        chart.medication_administration(TORIPALIMAB, day)
    facts = _facts(chart)
    (line,) = facts.lines
    assert (line.start, line.start_not_recorded, line.possible) == (date(2026, 7, 22), True, False)
    assert line.setting is LineSetting.RECURRENT_METASTATIC
    assert {"gemcitabine", "toripalimab"} <= set(line.agents)
    status, reason, _ = _decide(facts, type="prior_lines", min_lines=1, max_lines=1, **RM_NPC)
    assert status is CriterionStatus.MET
    assert "begun by 2026-07-22" in reason
    for drug_class in ("platinum", "anti_pd1"):
        decided = _decide(facts, type="prior_therapy", drug_class=drug_class, line=1, **RM_NPC)
        assert decided[0] is CriterionStatus.MET


def test_exp_undated_a_course_ended_before_a_relapse_was_given_before_it() -> None:
    """Ended years before the metastases of a cancer diagnosed long before them: curative, as a
    dated course started then is (LOT-SETTING), and the line after the metastases is line 1."""
    chart = _npc(date(2023, 2, 14), date(2025, 10, 15))
    _ended(chart, "多西他赛 + 顺铂 ×3 (外院)", date(2023, 5, 10))
    for day in FIRST_LINE:
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
        chart.medication_administration(concept("Gemcitabine 吉西他滨"), day)
    facts = _facts(chart)
    assert [(li.setting, li.start_not_recorded) for li in facts.lines] == [
        (LineSetting.CURATIVE, True),
        (LineSetting.RECURRENT_METASTATIC, False),
    ]
    status = _decide(facts, type="prior_lines", min_lines=1, max_lines=1, **RM_NPC)[0]
    assert status is CriterionStatus.MET


def test_exp_undated_a_course_ended_before_the_diagnosis_may_be_that_cancers() -> None:
    """LOT-CANCER: ended before the chart's only cancer was diagnosed, it may have treated that
    cancer (diagnosed elsewhere first) or one the chart does not hold: unattributed, so a line
    count it could change is unknown (before 7 December 2026 it was no cancer's, and one line
    was met)."""
    chart = _npc(date(2026, 3, 18), date(2026, 3, 25))
    _ended(chart, "Docetaxel (outside hospital)", date(2025, 12, 1))
    for day in FIRST_LINE:
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
    facts = _facts(chart)
    ended = next(li for li in facts.lines if li.start_not_recorded)
    assert (ended.unattributed, ended.candidate_cancer_types) == (
        True,
        ("nasopharyngeal_carcinoma", None),
    )
    status = _decide(facts, type="prior_lines", min_lines=1, max_lines=1, **RM_NPC)[0]
    assert status is CriterionStatus.UNKNOWN


def test_exp_undated_a_new_drug_soon_after_the_end_is_not_in_its_regimen() -> None:
    """Placed on its end, the course has no regimen window past it: docetaxel ten days later is
    a new agent (LOT-NEW-AGENT), not a drug started with it."""
    chart = _npc(date(2026, 3, 18), date(2026, 3, 25))
    _ended(chart, "GP x6 (外院)", date(2026, 7, 22))
    chart.medication_administration(concept("Docetaxel"), date(2026, 8, 1))
    assert [li.agents for li in _facts(chart).lines][1] == ("docetaxel",)


def test_exp_undated_an_end_that_leaves_the_order_open_stays_undated() -> None:
    # Ended after therapy dated here began: before or after it, not known.
    chart = _npc(date(2026, 3, 18), date(2026, 3, 25))
    _ended(chart, "Docetaxel (outside hospital)", date(2026, 6, 1))
    for day in FIRST_LINE:
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
    assert [li.undated for li in _facts(chart).lines] == [False, True]
    # Two courses ended months apart: a first and a second line, in an order not known.
    chart = _npc(date(2026, 3, 18), date(2026, 3, 25))
    _ended(chart, "GP x6 (外院)", date(2026, 7, 22))
    _ended(chart, "Docetaxel x3 (外院)", date(2026, 10, 14))
    (line,) = _facts(chart).lines
    assert line.undated
