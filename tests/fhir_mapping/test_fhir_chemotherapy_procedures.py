"""EXP-CHEMO-PROCEDURE: chemotherapy recorded as a Procedure is therapy given, with the drugs its
text and notes name; naming none, chemotherapy of unknown drugs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from eligibility.facts import PatientFacts
from eligibility.vocabulary import DrugClass
from fhir_mapping import ValidationCache, build_facts
from tools.charts.chart import Chart
from tools.charts.codes import SNOMED, concept

AS_OF = date(2026, 11, 25)
CHEMOTHERAPY = (SNOMED, "367336001", "Chemotherapy")
CYCLES = (date(2026, 4, 8), date(2026, 4, 29), date(2026, 5, 20))


def _facts(chart: Chart, as_of: date = AS_OF) -> PatientFacts:
    return build_facts(
        chart.resources, patient_id=chart.pid, as_of=as_of, cache=ValidationCache()
    ).facts


def _chart(text: str, *, pd1: bool = True, status: str = "completed") -> Chart:
    chart = Chart("chemo")
    chart.patient("male", "1971-06-14")
    for day in CYCLES:
        chart.procedure(concept(text, CHEMOTHERAPY), day, status=status)
        if pd1:
            chart.medication_administration(concept("Toripalimab 240 mg"), day)
    return chart


def test_a_regimen_procedure_gives_its_drugs() -> None:
    (line,) = _facts(_chart("GP方案化疗")).lines
    assert set(line.agents) == {"gemcitabine", "platinum of GP", "toripalimab"}
    assert {DrugClass.PLATINUM, DrugClass.ANTI_PD1} <= line.classes
    assert all(e.source == "Procedure" for e in _facts(_chart("GP方案化疗")).exposures[:2])


def test_drug_names_in_a_procedure_are_read() -> None:
    (line,) = _facts(_chart("化疗: 顺铂 + 多西他赛")).lines
    assert {"cisplatin", "docetaxel", "toripalimab"} == set(line.agents)


def test_a_procedure_naming_no_drug_leaves_the_line_s_chemotherapy_unknown() -> None:
    (line,) = _facts(_chart("化疗 (Chemotherapy)")).lines
    assert line.agents == ("toripalimab",)
    assert line.unresolved == ("化疗 (Chemotherapy) (drugs not recorded)",)


def test_a_procedure_naming_no_drug_in_a_line_of_chemotherapy_is_that_chemotherapy() -> None:
    chart = _chart("化疗 (Chemotherapy)")
    for day in CYCLES:
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
    (line,) = _facts(chart).lines
    assert (set(line.agents), line.unresolved) == ({"cisplatin", "toripalimab"}, ())
    assert any(ref.startswith("Procedure/") for ref in line.evidence)


def test_alone_it_is_a_possible_line() -> None:
    (line,) = _facts(_chart("Chemotherapy", pd1=False)).lines
    assert (line.possible, line.agents) == (True, ())


def test_a_procedure_not_done_or_planned_gave_nothing() -> None:
    assert _facts(_chart("GP方案化疗", pd1=False, status="not-done")).lines == ()
    assert _facts(_chart("GP方案化疗", pd1=False, status="preparation")).lines == ()


def test_other_procedures_are_not_chemotherapy() -> None:
    chart = Chart("chemo")
    chart.patient("male", "1971-06-14")
    chart.procedure(concept("PICC line insertion"), CYCLES[0])
    chart.procedure(concept("Lidocaine PF infiltration"), CYCLES[0])
    assert _facts(chart).exposures == ()


def test_the_hl7_example_tpf_course_is_read(shared_reference: Path) -> None:
    """The official R4 example: a Procedure coded Chemotherapy, the regimen in a Dutch note
    ("Eerste neo-adjuvante TPF-kuur")."""
    example = shared_reference / "fhir-real" / "hl7_r4_spec" / "procedure-example-f201-tpf.json"
    procedure = json.loads(example.read_text("utf-8"))
    patient = {"resourceType": "Patient", "id": "f201", "gender": "male"}
    facts = build_facts(
        [patient, procedure], patient_id="f201", as_of=date(2013, 6, 1), cache=ValidationCache()
    ).facts
    given = {e.agent for e in facts.exposures}
    assert given == {"fluorouracil", "taxane of TPF", "platinum of TPF"}
    assert {e.start for e in facts.exposures} == {date(2013, 1, 28)}


def test_exp_chemo_procedure_of_unknown_status_is_maybe_never_given() -> None:
    """EXP-CHEMO-PROCEDURE: a chemotherapy Procedure of status `unknown` (the record does not
    know whether it took place) is maybe never given: an unconfirmed drug of no class that
    builds no line, never platinum given and never none."""
    facts = _facts(_chart("GP方案化疗", status="unknown"))
    (line,) = facts.lines
    assert line.agents == ("toripalimab",)
    assert DrugClass.PLATINUM not in line.classes
    unconfirmed = [e for e in facts.exposures if e.source == "Procedure"]
    assert unconfirmed
    assert all(e.unconfirmed and not e.resolved for e in unconfirmed)
    assert all('record status "unknown"' in e.agent for e in unconfirmed)
    assert all(e.unconfirmed_why == 'record status "unknown"' for e in unconfirmed)


def test_exp_chemo_procedure_of_unknown_status_alone_builds_no_line() -> None:
    """EXP-CHEMO-PROCEDURE: alone, chemotherapy of unknown status is no counted line: a possible
    one, unconfirmed (the line count it could change is unknown)."""
    facts = _facts(_chart("GP方案化疗", pd1=False, status="unknown"))
    assert [(line.number, line.possible, line.unconfirmed) for line in facts.lines] == [
        (0, True, True)
    ]
    assert facts.exposures
    assert all(e.unconfirmed for e in facts.exposures)
