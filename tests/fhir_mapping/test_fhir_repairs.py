"""VAL-REPAIR: an element R4 validation rejects is repaired where its shape says what it means,
or left out; never the whole record. The shapes are those older interfaces and hospital exports
write: statuses as STU3's bare codes, plain text for a concept, one value for a list, a date that
is no date."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from eligibility.facts import Comorbidity
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.repairs import CLINICAL_SYSTEM, VERIFICATION_SYSTEM, repaired
from tools.charts.chart import Chart
from tools.charts.codes import ICD10CM, concept

SUBJECT = {"reference": "Patient/p"}
HF = {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "I50.9"}]}


def _condition(**elements: Any) -> dict[str, Any]:
    return {"resourceType": "Condition", "subject": SUBJECT, "code": HF, **elements}


def _repair(projection: dict[str, Any]) -> dict[str, Any] | None:
    """One round of repair of what validation rejects in `projection`, validated again."""
    resource_type = projection["resourceType"]
    model = get_fhir_model_class(resource_type)
    with pytest.raises(ValidationError) as rejected:
        model.model_validate(projection)
    before = copy.deepcopy(projection)
    fixed = repaired(projection, rejected.value, resource_type)
    assert projection == before, "the received projection is never changed"
    if fixed is not None:
        model.model_validate(fixed)
    return fixed


@pytest.mark.parametrize(
    ("element", "written", "code"),
    [
        ("clinicalStatus", "active", (CLINICAL_SYSTEM, "active")),
        ("clinicalStatus", "Resolved", (CLINICAL_SYSTEM, "resolved")),
        ("verificationStatus", "confirmed", (VERIFICATION_SYSTEM, "confirmed")),
        ("verificationStatus", "refuted", (VERIFICATION_SYSTEM, "refuted")),
    ],
)
def test_val_repair_a_status_written_as_a_bare_code_is_that_code(
    element: str, written: str, code: tuple[str, str]
) -> None:
    fixed = _repair(_condition(**{element: written}))
    assert fixed is not None
    system, value = code
    assert fixed[element] == {"coding": [{"system": system, "code": value}]}


@pytest.mark.parametrize(
    "written",
    [
        "待排",
        "疑似",
        "rule out",
        3,
        {"coding": "x"},
        {"coding": [{"system": VERIFICATION_SYSTEM, "code": 5}]},
        {"coding": [{"system": "urn:local", "code": "refuted", "rank": 1}]},
    ],
)
def test_val_repair_a_verification_status_that_is_no_code_is_unconfirmed(written: Any) -> None:
    fixed = _repair(_condition(verificationStatus=written))
    assert fixed is not None
    assert fixed["verificationStatus"]["coding"] == [
        {"system": VERIFICATION_SYSTEM, "code": "unconfirmed"}
    ]


def test_val_repair_a_verification_code_kept_after_repair_stands() -> None:
    written = {"coding": [{"system": VERIFICATION_SYSTEM, "code": "refuted", "rank": 1}]}
    fixed = _repair(_condition(verificationStatus=written))
    assert fixed is not None
    assert fixed["verificationStatus"] == {
        "coding": [{"system": VERIFICATION_SYSTEM, "code": "refuted"}]
    }


def test_val_repair_a_clinical_status_that_is_no_code_is_its_text() -> None:
    fixed = _repair(_condition(clinicalStatus="好转"))
    assert fixed is not None
    assert fixed["clinicalStatus"] == {"text": "好转"}


@pytest.mark.parametrize(
    ("elements", "expected"),
    [
        ({"severity": "2级"}, {"severity": {"text": "2级"}}),
        ({"stage": [{"summary": "IVB期"}]}, {"stage": [{"summary": {"text": "IVB期"}}]}),
        (
            {"severity": {"system": "http://snomed.info/sct", "code": "24484000"}},
            {"severity": {"coding": [{"system": "http://snomed.info/sct", "code": "24484000"}]}},
        ),
        ({"note": [{"text": "a"}, 7]}, {"note": [{"text": "a"}]}),
    ],
)
def test_val_repair_a_concept_written_another_way_is_that_concept(
    elements: dict[str, Any], expected: dict[str, Any]
) -> None:
    fixed = _repair(_condition(**elements))
    assert fixed is not None
    assert {key: fixed[key] for key in expected} == expected


def test_val_repair_one_value_where_r4_wants_a_list_is_a_list_of_it() -> None:
    fixed = _repair(_condition(note={"text": "说明"}))
    assert fixed is not None
    assert fixed["note"] == [{"text": "说明"}]
    # A text where a list of concepts is wanted takes two rounds: the list, then the concept.
    model = get_fhir_model_class("Condition")
    projection: dict[str, Any] | None = _condition(bodySite="鼻咽")
    for _ in range(2):
        assert projection is not None
        with pytest.raises(ValidationError) as rejected:
            model.model_validate(projection)
        projection = repaired(projection, rejected.value, "Condition")
    assert projection is not None
    assert model.model_validate(projection).bodySite[0].text == "鼻咽"


@pytest.mark.parametrize(
    "elements",
    [
        {"onsetDateTime": "0000-00-00T00:00:00Z"},
        {"recordedDate": "2026-13-01"},
        {"abatementDateTime": "2026-02-30"},
    ],
)
def test_val_repair_a_date_that_is_no_date_is_left_out(elements: dict[str, Any]) -> None:
    fixed = _repair(_condition(**elements))
    assert fixed is not None
    assert not set(elements) & set(fixed)
    assert fixed["code"] == HF


def test_val_repair_an_extra_key_beside_other_elements_is_left_out_alone() -> None:
    fixed = _repair(_condition(subject={"reference": "Patient/p", "code": "x"}))
    assert fixed is not None
    assert fixed["subject"] == {"reference": "Patient/p"}


def test_val_repair_several_rejected_items_of_one_list_are_each_left_out() -> None:
    fixed = _repair(
        _condition(note=[{"text": 1}, {"text": "kept"}, {"text": 2}, {"text": "also kept"}])
    )
    assert fixed is not None
    assert fixed["note"] == [{"text": "kept"}, {"text": "also kept"}]


@pytest.mark.parametrize("resource_type", ["Observation", "Procedure", "DiagnosticReport"])
def test_val_repair_a_missing_status_is_unknown_where_the_value_stands_without_one(
    resource_type: str,
) -> None:
    projection = {"resourceType": resource_type, "subject": SUBJECT, "code": {"text": "x"}}
    fixed = _repair(projection)
    assert fixed is not None
    assert fixed["status"] == "unknown"


@pytest.mark.parametrize(
    "projection",
    [
        # A medication record with no status may not have been given: VAL-UNREADABLE reads it.
        {
            "resourceType": "MedicationAdministration",
            "subject": SUBJECT,
            "medicationCodeableConcept": {"text": "Docetaxel"},
            "effectiveDateTime": "2026-10-01",
        },
        # The date a medication administration requires cannot be made up.
        {
            "resourceType": "MedicationAdministration",
            "status": "completed",
            "subject": SUBJECT,
            "medicationCodeableConcept": {"text": "Docetaxel"},
        },
    ],
)
def test_val_repair_what_cannot_be_repaired_is_not(projection: dict[str, Any]) -> None:
    assert _repair(projection) is None


# --- through the mapper --------------------------------------------------------------------------


def _heart_failure(**elements: Any) -> tuple[Any, ...]:
    chart = Chart("repaired")
    chart.patient("male", "1971-06-14")
    chart.condition(
        concept("Heart failure, NYHA class III", (ICD10CM, "I50.9", "Heart failure")),
        date(2024, 3, 1),
    ).update(elements)
    mapped = build_facts(
        chart.resources, patient_id="repaired", as_of=date(2026, 11, 25), cache=ValidationCache()
    )
    found = [c for c in mapped.facts.comorbidities if c.kind is Comorbidity.HEART_FAILURE]
    return tuple(found), mapped.warnings


def test_val_repair_a_repaired_diagnosis_is_read_and_the_warning_names_only_the_element() -> None:
    found, warnings = _heart_failure(clinicalStatus="resolved", onsetDateTime="0000-00-00 secret")
    assert [(c.active, c.confirmed) for c in found] == [(False, True)]
    assert [(w.path, w.message) for w in warnings] == [
        ("clinicalStatus", "invalid (json_invalid); repaired")
    ]
    assert "secret" not in " ".join(map(str, warnings))


def test_val_repair_a_diagnosis_to_be_ruled_out_is_not_confirmed() -> None:
    found, _ = _heart_failure(verificationStatus="待排")
    assert [(c.active, c.confirmed) for c in found] == [(True, False)]
