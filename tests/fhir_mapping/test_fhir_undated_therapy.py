"""EXP-UNDATED: anticancer therapy recorded without a date is a possible line whose place in the
sequence is not known, never no therapy."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import TypeAdapter

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import PatientFacts
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from fhir_mapping import ValidationCache, build_facts
from tools.charts.chart import Chart
from tools.charts.codes import concept

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
