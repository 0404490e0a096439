"""LOT-OTHER-INDICATION (twenty-eighth session): methotrexate given for a disease that is not a
cancer — its record's reason naming one, or 10 mg by mouth once a week beside one on the chart —
makes no line; given so with no such disease, or with no dose or route beside one, its count is
unknown ("Record what methotrexate … was prescribed for").

The chart: de novo metastatic NPC, cisplatin + gemcitabine + toripalimab x4 from 2026-04-08,
toripalimab maintenance to 2026-11-04, no progression; the test adds methotrexate on 2026-09-16.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from eligibility.facts import INDICATION_NOT_RECORDED, INDICATION_NOT_RECORDED_BESIDE, PatientFacts
from fhir_mapping import ValidationCache, build_facts
from tests.support.maintained_chart import maintained_chart
from tools.charts.chart import NO_WHY, Chart, Why
from tools.charts.codes import ICD10CM, concept

AS_OF = date(2026, 11, 25)
MTX = concept("Methotrexate 2.5 mg oral tablet")
RA = concept("Rheumatoid arthritis", (ICD10CM, "M06.9", "Rheumatoid arthritis, unspecified"))
BEGUN = date(2026, 9, 16)


def _chart(pid: str, *, ra: bool = False) -> tuple[Chart, dict | None]:
    chart = maintained_chart(pid)
    disease = chart.condition(RA, date(2019, 5, 10)) if ra else None
    return chart, disease


def _facts(chart: Chart) -> PatientFacts:
    return build_facts(
        chart.resources, patient_id=chart.resources[0]["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts


def _methotrexate(facts: PatientFacts) -> list[str]:
    return [e.agent for e in facts.exposures if "methotrexate" in e.agent]


def test_lot_other_indication_a_reason_naming_rheumatoid_arthritis_makes_no_line() -> None:
    chart, ra = _chart("mtx-reason", ra=True)
    assert ra is not None
    why = Why(reason_reference=[ra])
    chart.medication_request(MTX, BEGUN, status="active", dosage_text="MTX 10 mg PO qw", why=why)
    facts = _facts(chart)
    assert [line.possible for line in facts.lines] == [False]
    assert facts.lines[0].agents == ("cisplatin", "gemcitabine", "toripalimab")
    assert _methotrexate(facts) == ["methotrexate"]  # the drug was given: the exposure stays


def test_lot_other_indication_a_reason_code_naming_it_needs_no_dose() -> None:
    chart, _ = _chart("mtx-reason-code")
    chart.medication_request(MTX, BEGUN, status="active", why=Why(reason_code=RA))
    assert [line.possible for line in _facts(chart).lines] == [False]


@pytest.mark.parametrize(
    "dosage", ["MTX 10 mg PO weekly", "10mg 口服 每周一次", "7.5 mg by mouth once a week"]
)
def test_lot_other_indication_low_dose_weekly_oral_beside_the_disease_makes_no_line(
    dosage: str,
) -> None:
    chart, _ = _chart("mtx-problem-list", ra=True)
    chart.medication_request(MTX, BEGUN, status="active", dosage_text=dosage)
    assert [line.possible for line in _facts(chart).lines] == [False]


def test_lot_other_indication_low_dose_weekly_oral_with_no_disease_is_asked() -> None:
    chart, _ = _chart("mtx-no-indication")
    chart.medication_request(MTX, BEGUN, status="active", dosage_text="MTX 10 mg PO weekly")
    facts = _facts(chart)
    first, possible = facts.lines
    assert not first.possible
    assert possible.possible
    (exposure,) = [e for e in facts.exposures if e.unconfirmed]
    assert exposure.unconfirmed_drug == "methotrexate"
    assert exposure.unconfirmed_why == INDICATION_NOT_RECORDED


def test_lot_other_indication_no_dose_or_route_beside_the_disease_is_asked() -> None:
    chart, _ = _chart("mtx-no-dose", ra=True)
    record = chart.medication_request(MTX, BEGUN, status="active")
    del record["dosageInstruction"]
    assert [line.possible for line in _facts(chart).lines] == [False, True]


@pytest.mark.parametrize("dosage", ["MTX 3 g/m2 ivgtt d1", "12 mg/m2 PO weekly", "50 mg PO weekly"])
def test_lot_other_indication_a_cancer_dose_beside_the_disease_is_a_line(dosage: str) -> None:
    """High-dose methotrexate into a vein, a dose by body surface, 50 mg: the cancer's."""
    chart, _ = _chart("mtx-cancer-dose", ra=True)
    chart.medication_request(MTX, BEGUN, status="active", dosage_text=dosage)
    facts = _facts(chart)
    assert [line.number for line in facts.lines] == [1, 2]


@pytest.mark.parametrize(
    "dosage", ["Methotrexate 15 mg PO once weekly", "15mg 口服 q7d", "15 mg orally every 7 days"]
)
def test_lot_other_indication_a_history_or_administration_read_by_its_dosage(dosage: str) -> None:
    """Twenty-eighth session: a MedicationStatement's or MedicationAdministration's dosage words
    are kept for methotrexate (the selection) and read as an order's are; 'q7d' is weekly."""
    for kind in ("statement", "administration"):
        chart, _ = _chart(f"mtx-{kind}", ra=True)
        if kind == "statement":
            chart.medication_statement(MTX, (BEGUN, None), status="active", dosage_text=dosage)
        else:
            for week in range(4):
                chart.medication_administration(
                    MTX, BEGUN + timedelta(days=7 * week), dosage_text=dosage
                )
        assert [line.possible for line in _facts(chart).lines] == [False], kind


def test_lot_other_indication_a_statement_timed_every_seven_days() -> None:
    """A history whose timing is every 7 days (periodUnit d) by the oral route code."""
    chart, _ = _chart("mtx-statement-timing", ra=True)
    record = chart.medication_statement(MTX, (BEGUN, None), status="active", dosage_text="15 mg")
    record["dosage"][0]["timing"] = {"repeat": {"frequency": 1, "period": 7, "periodUnit": "d"}}
    record["dosage"][0]["route"] = concept("Oral", ("http://snomed.info/sct", "26643006", "Oral"))
    assert [line.possible for line in _facts(chart).lines] == [False]


def test_lot_other_indication_a_history_at_a_cancer_dose_stays_a_line() -> None:
    chart, _ = _chart("mtx-statement-iv", ra=True)
    chart.medication_statement(MTX, (BEGUN, None), status="active", dosage_text="3 g/m2 IV d1")
    assert [line.number for line in _facts(chart).lines] == [1, 2]


def test_lot_other_indication_selection_keeps_the_dosage_of_methotrexate_only() -> None:
    from fhir_mapping.other_indication_drugs import dosed_by_pattern
    from fhir_mapping.selection import project

    dosage = [{"text": "15 mg PO weekly", "timing": {"repeat": {"period": 1, "periodUnit": "wk"}}}]
    for drug, kept in (
        (MTX, True),
        (concept("甲氨蝶呤片 2.5mg"), True),
        (concept("Folic acid"), False),
    ):
        record = {"resourceType": "MedicationStatement", "id": "s", "status": "active"}
        record |= {"medicationCodeableConcept": drug, "dosage": dosage}
        assert ("dosage" in project(record)) is kept
        assert dosed_by_pattern(drug) is kept


RITUXIMAB = concept("利妥昔单抗注射液 (Rituximab)")
MPA = concept("显微镜下多血管炎", (ICD10CM, "M31.7", "Microscopic polyangiitis"))
RTX_DOSE = "375mg/m2 静滴 每周1次"


def _rituximab(chart: Chart, why: Why = NO_WHY) -> None:
    for week in range(4):
        day = BEGUN + timedelta(days=7 * week)
        chart.medication_administration(RITUXIMAB, day, dosage_text=RTX_DOSE, why=why)


@pytest.mark.parametrize("psoriasis", ["寻常型银屑病", "银屑病", "Plaque psoriasis"])
def test_lot_other_indication_weekly_mtx_beside_psoriasis_makes_no_line(psoriasis: str) -> None:
    """Twenty-eighth session: psoriasis written 银屑病 (no code) is methotrexate's disease too
    (`other_indications.csv`), and the selection keeps the Condition."""
    chart, _ = _chart("mtx-psoriasis")
    chart.condition(concept(psoriasis), date(2015, 4, 20))
    chart.medication_request(MTX, BEGUN, status="active", dosage_text="10mg 口服 每周一次")
    assert [line.possible for line in _facts(chart).lines] == [False]


@pytest.mark.parametrize("by_reference", [True, False])
def test_lot_other_indication_rituximab_for_a_vasculitis_makes_no_line(by_reference: bool) -> None:
    """Rituximab whose reason is microscopic polyangiitis (a Condition of it, or its code or
    words as the reason): no line; the exposure stays."""
    chart, _ = _chart("rtx-reason")
    if by_reference:
        _rituximab(chart, Why(reason_reference=[chart.condition(MPA, date(2026, 9, 2))]))
    else:
        _rituximab(chart, Why(reason_code=concept("Granulomatosis with polyangiitis")))
    facts = _facts(chart)
    assert [line.possible for line in facts.lines] == [False]
    assert facts.lines[0].agents == ("cisplatin", "gemcitabine", "toripalimab")
    assert any(e.agent == "rituximab" for e in facts.exposures)


def test_lot_other_indication_rituximab_beside_a_vasculitis_is_asked() -> None:
    """No reason, the vasculitis on the chart: the dose tells no use apart, the line is asked."""
    chart, _ = _chart("rtx-beside")
    chart.condition(MPA, date(2026, 9, 2))
    _rituximab(chart)
    facts = _facts(chart)
    assert [line.possible for line in facts.lines] == [False, True]
    whys = {e.unconfirmed_why for e in facts.exposures if e.unconfirmed_drug == "rituximab"}
    assert whys == {INDICATION_NOT_RECORDED_BESIDE}


def test_lot_other_indication_rituximab_with_no_such_disease_is_a_line() -> None:
    """No vasculitis or autoimmune disease on the chart: rituximab is a line, as before; nor is
    a disease the table does not pair with the drug read (cyclophosphamide for lupus
    nephritis is not in the table: a line, a known limit)."""
    chart, _ = _chart("rtx-alone")
    _rituximab(chart)
    assert [line.number for line in _facts(chart).lines] == [1, 2]
    chart, _ = _chart("ctx-lupus")
    why = Why(reason_code=concept("Lupus nephritis"))
    chart.medication_administration(concept("Cyclophosphamide 环磷酰胺"), BEGUN, why=why)
    assert [line.number for line in _facts(chart).lines] == [1, 2]


def test_lot_other_indication_table_has_sources_and_known_drugs() -> None:
    from fhir_mapping.other_indication_drugs import tables

    drugs, ceilings = tables()
    assert set(drugs) == {"methotrexate", "rituximab"}
    assert ceilings == {"methotrexate": 25.0}
