"""VAL-UNREADABLE: a medication record R4 validation rejects is read leniently, never lost.

The verdicts are a trial coordinator's, written before the code. The chart: de novo metastatic
NPC, a first line of cisplatin + gemcitabine, a progression, then three cycles of docetaxel whose
records the export spoiled in one way or another. A record that says the drug and the day is two
lines; one that does not say whether it was given, or when, leaves the count unknown; one that
says the drug was not given, or names a drug that is not anticancer, changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import TypeAdapter

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import PatientFacts
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.mapper import MappingResult
from tests.support.progressed_chart import progressed_chart
from tools.charts.chart import Chart, Resource
from tools.charts.codes import RXNORM, concept

AS_OF = date(2026, 11, 25)
M, N, U = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN
DOCETAXEL = concept("Docetaxel", (RXNORM, "72962", "docetaxel"))
ONDANSETRON = concept("Ondansetron 8 mg")
SECOND_LINE = date(2026, 10, 1)
Spoil = Callable[[Resource], Any]


def _chart(spoil: Spoil, *, kind: str = "MedicationAdministration", drug: Any = DOCETAXEL) -> Chart:
    chart = progressed_chart("spoiled")
    for cycle in range(3):
        day = SECOND_LINE + timedelta(days=21 * cycle)
        if kind == "MedicationRequest":
            record = chart.medication_request(drug, day, day)
        elif kind == "MedicationStatement":
            record = chart.medication_statement(drug, day)
        else:
            record = chart.medication_administration(drug, day)
        spoil(record)
    return chart


def _mapped(chart: Chart) -> MappingResult:
    return build_facts(chart.resources, patient_id="spoiled", as_of=AS_OF, cache=ValidationCache())


def _lines(spoil: Spoil, **kwargs: Any) -> tuple[CriterionStatus, str, str | None]:
    facts = _mapped(_chart(spoil, **kwargs)).facts
    return _decide(facts, type="prior_lines", min_lines=1, max_lines=1)


def _decide(facts: PatientFacts, **criterion: Any) -> tuple[CriterionStatus, str, str | None]:
    parsed = TypeAdapter(Criterion).validate_python({"id": "c", "label": "c", **criterion})
    result = evaluate_criterion(parsed, facts, default_taxonomy())
    return result.status, result.reason, result.to_settle


def _set(key: str, value: Any) -> Spoil:
    return lambda record: record.__setitem__(key, value)


def _drop(key: str) -> Spoil:
    return lambda record: record.pop(key)


def test_a_valid_second_line_is_two_lines() -> None:
    assert _lines(lambda record: None)[0] is N


@pytest.mark.parametrize(
    "spoil",
    [
        # An element OncoMatch does not need, or reads around: the rest of the record stands.
        _set("reasonReference", [{"reference": 123}]),
        lambda r: r["medicationCodeableConcept"].__setitem__("text", ["Docetaxel"]),
        _set("statusReason", "toxicity"),
    ],
    ids=["reason-not-a-string", "text-a-list", "status-reason-not-a-list"],
)
def test_a_record_invalid_elsewhere_still_gives_its_line(spoil: Spoil) -> None:
    mapped = _mapped(_chart(spoil))
    assert _decide(mapped.facts, type="prior_lines", min_lines=1, max_lines=1)[0] is N
    assert [line.agents for line in mapped.facts.lines] == [
        ("cisplatin", "gemcitabine"),
        ("docetaxel",),
    ]
    assert mapped.warnings
    # VAL-REPAIR leaves the rejected element out (or rewrites it) before any lenient reading.
    assert all(w.message.endswith("; repaired") for w in mapped.warnings)


@pytest.mark.parametrize(
    "spoil",
    [_drop("status"), _set("status", 7)],
    ids=["no-status", "status-not-text"],
)
def test_a_record_that_does_not_say_it_was_given_leaves_the_count_unknown(spoil: Spoil) -> None:
    status, reason, settle = _lines(spoil)
    assert status is U
    assert (
        "docetaxel from 2026-10-01 to 2026-11-12, counted in no line and not known to have been "
        "given (no status recorded): a line of its own if it was"
    ) in reason
    assert settle == (
        "Confirm whether docetaxel was given from 2026-10-01 to 2026-11-12 (no status "
        "recorded), and update the status on its records"
    )


def test_an_order_without_an_intent_may_be_a_plan() -> None:
    status, _, settle = _lines(_drop("intent"), kind="MedicationRequest")
    assert status is U
    assert settle is not None
    assert settle.startswith("Confirm whether docetaxel was given from 2026-10-01")
    assert "(no intent recorded)" in settle


@pytest.mark.parametrize(
    ("kind", "spoil"),
    [
        ("MedicationAdministration", _set("effectiveDateTime", "0000-00-00 00:00:00")),
        ("MedicationAdministration", _set("effectiveDateTime", "2026-02-30")),
        ("MedicationAdministration", _set("effectiveDateTime", "2026-13-01")),
        ("MedicationAdministration", _drop("effectiveDateTime")),
        ("MedicationStatement", _set("effectiveDateTime", "unknown")),
        ("MedicationRequest", lambda r: (r.pop("dosageInstruction"), r.update(authoredOn="0"))),
    ],
    ids=["zero-date", "february-30", "month-13", "no-date", "statement-word", "order-no-date"],
)
def test_a_record_without_a_readable_date_is_undated(kind: str, spoil: Spoil) -> None:
    mapped = _mapped(_chart(spoil, kind=kind))
    assert [(line.undated, line.agents) for line in mapped.facts.lines] == [
        (False, ("cisplatin", "gemcitabine")),
        (True, ("docetaxel",)),
    ]
    status, _, settle = _decide(mapped.facts, type="prior_lines", min_lines=1, max_lines=1)
    assert (status, settle) == (U, "Record when docetaxel was given")
    # The undated line may have come first.
    first = _decide(mapped.facts, type="prior_therapy", drug_class="platinum", line=1)
    assert first[0] is U


@pytest.mark.parametrize(
    ("kind", "spoil"),
    [
        ("MedicationAdministration", lambda r: (r.pop("subject"), r.update(status="not-done"))),
        (
            "MedicationAdministration",
            lambda r: (r.pop("effectiveDateTime"), r.update(status="entered-in-error")),
        ),
        (
            "MedicationStatement",
            lambda r: (r.update(effectiveDateTime="x"), r.update(status="not-taken")),
        ),
        ("MedicationRequest", lambda r: (r.update(authoredOn="x"), r.update(intent="plan"))),
        ("MedicationRequest", lambda r: (r.update(authoredOn="x"), r.update(status="cancelled"))),
        ("MedicationRequest", lambda r: (r.update(authoredOn="x"), r.update(doNotPerform=True))),
    ],
)
def test_a_record_saying_it_was_not_given_changes_nothing(kind: str, spoil: Spoil) -> None:
    assert _lines(spoil, kind=kind)[0] is M


def test_a_drug_that_is_not_anticancer_changes_nothing() -> None:
    assert _lines(_drop("status"), drug=ONDANSETRON)[0] is M
    assert _lines(_set("effectiveDateTime", "0000-00-00"), drug=ONDANSETRON)[0] is M


def test_a_record_in_the_future_changes_nothing() -> None:
    assert _lines(lambda r: (r.pop("status"), r.update(effectiveDateTime="2027-01-05")))[0] is M


def _period_without_status(record: Resource) -> None:
    day = record.pop("effectiveDateTime")
    del record["status"]
    record["effectivePeriod"] = {"start": day, "end": day}


def test_a_date_the_record_holds_is_read_when_validation_rejects_another_element() -> None:
    mapped = _mapped(_chart(_period_without_status))
    possible = [line for line in mapped.facts.lines if line.possible]
    assert [(line.start, line.end, line.unconfirmed) for line in possible] == [
        (SECOND_LINE, SECOND_LINE + timedelta(days=42), True)
    ]


def test_the_warning_names_the_element_never_its_value() -> None:
    mapped = _mapped(_chart(_set("effectiveDateTime", "0000-00-00 secret")))
    assert mapped.warnings
    for warning in mapped.warnings:
        assert warning.path == "effectiveDateTime"
        assert "secret" not in str(warning)
        assert warning.message.endswith("read without it")
