"""EXP-GIVEN: a medication record of status `unknown` (FHIR R4: "the authoring system does not
know which status applies") does not say its drug was given.

The chart (`progressed_chart`): cisplatin + gemcitabine from 2026-04-08, progression on
2026-09-20; the test adds capecitabine after it, or a cisplatin dose in the first line, with the
status under test. Such a record is an unconfirmed record of a drug not known: it builds no
line, and never disappears (a line count or a line's drugs it could change are unknown).
"""

from __future__ import annotations

from datetime import date

import pytest

from eligibility.facts import PatientFacts
from fhir_mapping import ValidationCache, build_facts
from tests.support.maintained_chart import maintained_chart
from tests.support.progressed_chart import progressed_chart
from tools.charts.chart import Chart
from tools.charts.codes import concept

AS_OF = date(2026, 11, 25)
CAPECITABINE = concept("卡培他滨片 (Capecitabine) 0.5g")
AFTER_PROGRESSION = date(2026, 10, 1)
UNKNOWN = 'capecitabine (record status "unknown")'


def _record(chart: Chart, kind: str, drug: dict, day: date, status: str) -> None:
    if kind == "MedicationAdministration":
        chart.medication_administration(drug, day, status=status)
    elif kind == "MedicationStatement":
        chart.medication_statement(drug, (day, None), status=status)
    elif kind == "MedicationRequest":
        chart.medication_request(drug, day, None, status=status)
    else:
        chart.medication_dispense(drug, day, days_supply=28, status=status)


def _facts(chart: Chart) -> PatientFacts:
    return build_facts(
        chart.resources, patient_id=chart.resources[0]["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts


KINDS = (
    "MedicationAdministration",
    "MedicationStatement",
    "MedicationRequest",
    "MedicationDispense",
)


@pytest.mark.parametrize("kind", KINDS)
def test_exp_given_a_record_of_unknown_status_is_maybe_never_given(kind: str) -> None:
    """Capecitabine after the progression, status `unknown`: a possible second line of a drug
    not known to be given (unconfirmed), not a second line and not nothing."""
    chart = progressed_chart("unknown-status")
    _record(chart, kind, CAPECITABINE, AFTER_PROGRESSION, "unknown")
    facts = _facts(chart)
    (exposure,) = [e for e in facts.exposures if "capecitabine" in e.agent]
    assert exposure.agent == UNKNOWN
    assert (exposure.resolved, exposure.unconfirmed, exposure.classes) == (False, True, frozenset())
    (first, possible) = facts.lines
    assert first.agents == ("cisplatin", "gemcitabine")
    assert (possible.possible, possible.unconfirmed, possible.unresolved) == (
        True,
        True,
        (UNKNOWN,),
    )


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("MedicationAdministration", "in-progress"),
        ("MedicationAdministration", "on-hold"),
        ("MedicationAdministration", "completed"),
        ("MedicationAdministration", "stopped"),
        ("MedicationStatement", "active"),
        ("MedicationStatement", "completed"),
        ("MedicationStatement", "stopped"),
        ("MedicationStatement", "on-hold"),
        ("MedicationRequest", "active"),
        ("MedicationRequest", "completed"),
        ("MedicationRequest", "stopped"),
        ("MedicationDispense", "completed"),
        ("MedicationDispense", "stopped"),
    ],
)
def test_exp_given_a_record_of_a_status_that_says_given_makes_a_line(
    kind: str, status: str
) -> None:
    chart = progressed_chart("given-status")
    _record(chart, kind, CAPECITABINE, AFTER_PROGRESSION, status)
    assert [line.agents for line in _facts(chart).lines] == [
        ("cisplatin", "gemcitabine"),
        ("capecitabine",),
    ]


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("MedicationAdministration", "not-done"),
        ("MedicationAdministration", "entered-in-error"),
        ("MedicationStatement", "not-taken"),
        ("MedicationStatement", "intended"),
        ("MedicationStatement", "entered-in-error"),
        ("MedicationRequest", "cancelled"),
        ("MedicationRequest", "draft"),
        ("MedicationRequest", "entered-in-error"),
        ("MedicationDispense", "cancelled"),
        ("MedicationDispense", "declined"),
    ],
)
def test_exp_given_a_record_of_a_status_that_says_not_given_is_nothing(
    kind: str, status: str
) -> None:
    chart = progressed_chart("not-given-status")
    _record(chart, kind, CAPECITABINE, AFTER_PROGRESSION, status)
    facts = _facts(chart)
    assert not [e for e in facts.exposures if "capecitabine" in e.agent]
    assert [line.agents for line in facts.lines] == [("cisplatin", "gemcitabine")]


def test_exp_given_a_first_line_dose_of_unknown_status_leaves_its_drug_unknown() -> None:
    """Carboplatin of status `unknown` beside the first line's cisplatin + gemcitabine: the line
    is still cisplatin + gemcitabine, and holds a drug not known to be given."""
    chart = progressed_chart("unknown-status-in-line")
    chart.medication_administration(concept("Carboplatin 卡铂"), date(2026, 4, 8), status="unknown")
    facts = _facts(chart)
    (line,) = facts.lines
    assert line.agents == ("cisplatin", "gemcitabine")
    assert line.unresolved == ('carboplatin (record status "unknown")',)


@pytest.mark.parametrize("kind", KINDS)
def test_exp_given_a_new_drug_of_unknown_status_begun_in_maintenance_is_a_possible_line(
    kind: str,
) -> None:
    """Docetaxel of status `unknown` begun during the toripalimab maintenance, no progression
    recorded: given, a new agent's line; not given, none — a possible line that asks whether it
    was given (twenty-eighth session; before it, one certain line)."""
    chart = maintained_chart(f"unknown-status-docetaxel-{kind}")
    _record(chart, kind, concept("Docetaxel 多西他赛"), date(2026, 9, 23), "unknown")
    facts = _facts(chart)
    first, possible = facts.lines
    assert first.agents == ("cisplatin", "gemcitabine", "toripalimab")
    assert not first.possible
    assert possible.possible
    assert possible.unresolved == ('docetaxel (record status "unknown")',)
    assert not possible.after_doubtful_progression


@pytest.mark.parametrize(
    ("drug", "why"),
    [
        (concept("Toripalimab 特瑞普利单抗"), "one of the line's own drugs"),
        (CAPECITABINE, "a maintenance agent of NPC (LOT-MAINTENANCE)"),
        (concept("Carboplatin 卡铂"), "a substitute of the line's cisplatin"),
    ],
)
def test_exp_given_a_drug_of_unknown_status_the_line_takes_in_changes_no_count(
    drug: dict, why: str
) -> None:
    """A drug of status `unknown` in the maintenance that the line would take in had it been
    given changes no count: no possible line, the line still asks what it held."""
    chart = maintained_chart("unknown-status-taken-in")
    chart.medication_administration(drug, date(2026, 9, 23), status="unknown")
    facts = _facts(chart)
    assert [line.possible for line in facts.lines] == [False], why
