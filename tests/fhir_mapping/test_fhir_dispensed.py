"""EXP-DISPENSED: a pharmacy's MedicationDispense is a record of therapy handed over.

The chart: de novo metastatic NPC, a first line of cisplatin + gemcitabine, a progression, then
capecitabine the outpatient pharmacy dispensed. Handed over, it is a second line; never handed
over it is nothing; ready for pickup, it may never have been taken.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eligibility.facts import PatientFacts, TherapyExposure
from fhir_mapping import ValidationCache, build_facts
from tests.support.progressed_chart import progressed_chart
from tools.charts.codes import concept

AS_OF = date(2026, 11, 25)
CAPECITABINE = concept("卡培他滨片 (Capecitabine) 0.5g")
HANDED_OVER = date(2026, 10, 1)


def _facts(status: str = "completed", days_supply: int | None = 28, **extra: Any) -> PatientFacts:
    chart = progressed_chart("dispensed")
    dispense = chart.medication_dispense(
        CAPECITABINE, HANDED_OVER, days_supply=days_supply, status=status
    )
    dispense.update(extra)
    return build_facts(
        chart.resources, patient_id="dispensed", as_of=AS_OF, cache=ValidationCache()
    ).facts


def _capecitabine(facts: PatientFacts) -> list[TherapyExposure]:
    return [e for e in facts.exposures if "capecitabine" in e.agent]


@pytest.mark.parametrize("status", ["completed", "stopped"])
def test_a_dispense_handed_over_is_a_line(status: str) -> None:
    facts = _facts(status)
    (exposure,) = _capecitabine(facts)
    assert (exposure.source, exposure.start, exposure.end) == (
        "MedicationDispense",
        HANDED_OVER,
        date(2026, 10, 28),  # 28 days from the day handed over
    )
    assert [line.agents for line in facts.lines] == [
        ("cisplatin", "gemcitabine"),
        ("capecitabine",),
    ]


def test_a_dispense_without_a_days_supply_is_the_day_handed_over() -> None:
    (exposure,) = _capecitabine(_facts(days_supply=None))
    assert (exposure.start, exposure.end) == (HANDED_OVER, None)


def test_a_dispense_dated_only_when_prepared() -> None:
    facts = _facts(whenPrepared="2026-09-30")
    assert _capecitabine(facts)[0].start == HANDED_OVER  # handed over first
    chart_without_handover = _facts(whenPrepared="2026-09-30", whenHandedOver=None)
    # `None` is dropped by cleaning: the dispense is dated by its preparation.
    assert _capecitabine(chart_without_handover)[0].start == date(2026, 9, 30)


@pytest.mark.parametrize(
    "status", ["preparation", "on-hold", "cancelled", "declined", "entered-in-error"]
)
def test_a_dispense_never_handed_over_is_nothing(status: str) -> None:
    facts = _facts(status)
    assert _capecitabine(facts) == []
    assert len(facts.lines) == 1


def test_a_dispense_ready_for_pickup_may_never_have_been_taken() -> None:
    facts = _facts("in-progress")
    (exposure,) = _capecitabine(facts)
    assert exposure.agent == "capecitabine (ready for pickup, not recorded as handed over)"
    assert (exposure.unconfirmed, exposure.resolved) == (True, False)
    assert [line.agents for line in facts.lines if not line.possible] == [
        ("cisplatin", "gemcitabine")
    ]


def test_a_dispense_without_a_status_is_read_leniently() -> None:
    """VAL-UNREADABLE: R4 requires a dispense's status; without one it may not have been
    handed over, so it is an unconfirmed record, never lost."""
    facts = _facts(status=None)  # type: ignore[arg-type]
    (exposure,) = _capecitabine(facts)
    assert exposure.agent == "capecitabine (no status recorded)"
    assert (exposure.start, exposure.end, exposure.unconfirmed) == (
        HANDED_OVER,
        date(2026, 10, 28),
        True,
    )


@pytest.mark.parametrize(
    ("status", "reference", "start"),
    [
        ("completed", "MedicationRequest/{id}", HANDED_OVER),
        ("completed", "https://ehr.example.cn/fhir/MedicationRequest/{id}", HANDED_OVER),
        ("in-progress", "MedicationRequest/{id}", date(2026, 9, 20)),  # not handed over
        ("cancelled", "MedicationRequest/{id}", date(2026, 9, 20)),
    ],
)
def test_exp_dispensed_an_order_filled_by_dispenses_begins_when_first_handed_over(
    status: str, reference: str, start: date
) -> None:
    """EXP-DISPENSED: the order authored 2026-09-20 and the dispense naming it
    (`authorizingPrescription`) are one course: the drug reached the patient when handed over
    (2026-10-01), not when prescribed; a dispense not handed over moves nothing."""
    chart = progressed_chart("dispensed-order")
    order = chart.medication_request(CAPECITABINE, date(2026, 9, 20), None, status="active")
    del order["dosageInstruction"][0]["timing"]
    dispense = chart.medication_dispense(CAPECITABINE, HANDED_OVER, days_supply=28, status=status)
    dispense["authorizingPrescription"] = [{"reference": reference.format(id=order["id"])}]
    facts = build_facts(
        chart.resources, patient_id="dispensed-order", as_of=AS_OF, cache=ValidationCache()
    ).facts
    (ordered,) = [e for e in _capecitabine(facts) if e.source == "MedicationRequest"]
    assert ordered.start == start
