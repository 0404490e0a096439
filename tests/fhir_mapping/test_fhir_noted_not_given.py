"""EXP-NOTED-NOT-GIVEN: an order or a medication history whose own note says its drug was not
given is not a record of the drug given; a note about one cycle or about another drug, a drug
stopped, and an administration's note change nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.noted_not_given import noted_not_given
from tools.charts.chart import Chart, MedicationKind, Why
from tools.charts.codes import RXNORM, concept

AS_OF = date(2026, 11, 25)
CHARTS = Path(__file__).resolve().parents[2] / "test_bundles" / "realistic"
DOCETAXEL = concept("Docetaxel", (RXNORM, "72962", "docetaxel"))


@pytest.mark.parametrize(
    ("note", "not_given"),
    [
        ("患者拒绝化疗，未用", True),
        ("外院建议二线多西他赛，患者未用", True),
        ("未使用", True),
        ("医嘱未执行", True),
        ("Not given: patient declined", True),
        ("Docetaxel never started", True),
        ("多西他赛未用", True),  # the record's own drug
        ("第6周期未用（血小板低）", False),  # one cycle withheld
        ("C3 not given (ANC 0.9)", False),
        ("未用足剂量，减量20%", False),  # given at a reduced dose
        ("未用完，余药退回", False),  # not used up
        ("因过敏停用", False),  # stopped: it was given
        ("外院已用6周期", False),
        ("未用顺铂，改用卡铂", False),  # about another drug
        ("延迟1周给药", False),
        ("患者拒绝化疗", True),
        ("患者拒绝继续化疗", False),  # refused to go on: some was given
        ("Patient refused further cycles", False),
        ("患者拒绝住院，门诊化疗", False),  # refused admission, not the drug
        ("Patient declined admission; given in day unit", False),
        ("Declined by patient", True),
        ("患者拒绝", True),
    ],
)
def test_exp_noted_not_given_reads_a_note_about_the_whole_record(
    note: str, not_given: bool
) -> None:
    assert noted_not_given([note], ["docetaxel"]) is not_given


def _exposed(chart: Chart | dict[str, Any]) -> set[str]:
    bundle = chart.bundle() if isinstance(chart, Chart) else chart
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    return {exposure.agent for exposure in facts.exposures}


@pytest.mark.parametrize(
    "scenario", ["rw_second_line_order_noted_not_given", "rw_second_line_history_noted_not_given"]
)
def test_exp_noted_not_given_an_order_or_history_noted_not_given_is_no_exposure(
    scenario: str,
) -> None:
    bundle = json.loads((CHARTS / f"{scenario}.json").read_text("utf-8"))
    exposed = _exposed(bundle)
    assert "docetaxel" not in exposed
    assert {"cisplatin", "gemcitabine", "toripalimab"} <= exposed


@pytest.mark.parametrize(
    ("kind", "note", "exposed"),
    [
        ("MedicationRequest", "未用", False),
        ("MedicationStatement", "not taken", False),
        # An administration records the act: a contrary note leaves it as recorded.
        ("MedicationAdministration", "未用", True),
        ("MedicationRequest", "第2周期未用", True),
        ("MedicationRequest", "因骨髓抑制停用", True),
    ],
)
def test_exp_noted_not_given_only_orders_and_histories_are_read(
    kind: MedicationKind, note: str, exposed: bool
) -> None:
    chart = Chart("noted")
    chart.patient("male", "1971-06-14")
    day = date(2026, 10, 1)
    record = chart.medication_use(kind, DOCETAXEL, day, day, "stopped")
    if kind == "MedicationAdministration":
        record["status"] = "completed"
    Why(note=note).apply(record)
    assert ("docetaxel" in _exposed(chart)) is exposed


def test_exp_noted_not_given_an_unreadable_order_noted_not_given_is_no_exposure() -> None:
    """VAL-UNREADABLE: an order read leniently (its status missing) keeps its note's word."""
    chart = Chart("noted-unreadable")
    chart.patient("male", "1971-06-14")
    record = chart.medication_request(DOCETAXEL, date(2026, 10, 1), status="active")
    del record["status"]
    Why(note="患者拒绝，未用").apply(record)
    assert not any(agent.startswith("docetaxel") for agent in _exposed(chart))
    del record["note"]
    assert "docetaxel (no status recorded)" in _exposed(chart)


@pytest.mark.parametrize(
    ("reason", "exposed"),
    [("患者拒绝化疗", False), ("患者拒绝继续化疗", True), ("III度骨髓抑制", True)],
)
def test_exp_noted_not_given_reads_the_reason_for_a_stopped_order(
    reason: str, exposed: bool
) -> None:
    """A `stopped` order's statusReason saying the patient refused it is no dose given; one
    refusing to go on, or a toxicity (EXP-STOPPED-EARLY), leaves the drug received."""
    chart = Chart("noted-reason")
    chart.patient("male", "1971-06-14")
    chart.medication_request(
        DOCETAXEL,
        date(2026, 10, 1),
        status="stopped",
        why=Why(status_reason=concept(reason)),
    )
    assert ("docetaxel" in _exposed(chart)) is exposed


def test_exp_noted_not_given_a_record_not_given_for_progression_still_dates_it() -> None:
    """LOT-THERAPY-REASON: docetaxel ordered, then not given because the disease progressed
    ("疾病进展，未用"): no exposure, and the progression it records is still read."""
    chart = Chart("noted-progression")
    chart.patient("male", "1971-06-14")
    chart.medication_request(
        DOCETAXEL,
        date(2026, 10, 1),
        status="stopped",
        why=Why(status_reason=concept("疾病进展，未用")),
    )
    bundle = chart.bundle()
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert not facts.exposures
    assert [p.date for p in facts.progressions] == [date(2026, 10, 1)]
