"""Bad entries: skipped with a warning (type, id, path; never a value), never a failed call."""

from __future__ import annotations

from datetime import date
from typing import Any

from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.cleaning import clean
from fhir_mapping.elements import MAX_TEXT, coded
from fhir_mapping.mapping_warnings import Warnings
from fhir_mapping.parsing import ParseCounter, parse
from tests.fhir_mapping.conftest import AS_OF

SECRET = "SECRET-VALUE-4711"
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1960-02-29"}


def _obs(oid: str, **fields: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "89247-1"}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2026-11-01",
    }
    resource.update(fields)
    return resource


def _map(*resources: Any) -> Any:
    return build_facts([PATIENT, *resources], patient_id="p1", as_of=AS_OF, cache=ValidationCache())


def test_an_invalid_entry_is_skipped_with_its_type_id_and_path() -> None:
    result = _map(_obs("bad", valueInteger=SECRET), _obs("good", valueInteger=2))
    assert [p.score for p in result.facts.performance] == [2]
    (warning,) = result.warnings
    assert (warning.resource_type, warning.resource_id, warning.path) == (
        "Observation",
        "bad",
        "valueInteger",
    )
    assert SECRET not in str(warning)
    assert SECRET not in warning.message


def test_no_value_ever_reaches_a_warning() -> None:
    hostile = [
        _obs("a", valueInteger=SECRET),
        _obs("b", effectiveDateTime=SECRET, valueInteger=1),
        _obs("c", valueInteger=1, referenceRange=SECRET),
        _obs("d", valueQuantity={"value": SECRET, "unit": "ms"}),
        _obs("e", valueInteger=1, valueString=SECRET),
        {
            "resourceType": "Condition",
            "id": "f",
            "code": {"text": f"carcinoma {SECRET}"},
            "subject": SECRET,
        },
    ]
    result = _map(*hostile)
    assert len(result.warnings) == len(hostile)
    for warning in result.warnings:
        assert SECRET not in repr(warning)


def test_unknown_resource_type_raises_nothing() -> None:
    warnings = Warnings()
    counter = ParseCounter()
    parsed = parse({"resourceType": "Foo", "id": "x"}, 0, ValidationCache(), counter, warnings)
    assert parsed is None
    (warning,) = warnings.freeze()
    assert warning.resource_type == "Foo"


def test_garbage_in_bundles_is_ignored() -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            None,
            "text",
            3,
            {"fullUrl": "x"},
            {"resource": None},
            {"resource": [1, 2]},
            {"resource": PATIENT},
        ],
    }
    result = build_facts([bundle, None, "x", {"resourceType": 5}], patient_id="p1", as_of=AS_OF)  # type: ignore[list-item]
    assert result.facts.patient == "Patient/p1"


def test_deeply_nested_input_is_skipped() -> None:
    deep: dict[str, Any] = {"text": "x"}
    for _ in range(200):
        deep = {"extension": [{"url": "http://x", "valueCodeableConcept": deep}]}
    result = _map(
        _obs(
            "deep",
            valueInteger=1,
            code={"coding": [{"system": "http://loinc.org", "code": "89247-1"}], **deep},
        )
    )
    assert result.facts.performance == ()
    assert [w.resource_id for w in result.warnings] == ["deep"]


def test_real_world_mess_is_cleaned_before_validation() -> None:
    messy = _obs(
        "m",
        effectiveDateTime="2026-11-10T09:30",  # no seconds, no timezone
        issued="",
        category=[None, {"coding": [None, {"system": "", "code": ""}]}],
        note=[],
        valueInteger=1,
    )
    result = _map(messy)
    assert result.warnings == ()
    (performance,) = result.facts.performance
    assert performance.date == date(2026, 11, 10)


def test_clean() -> None:
    assert clean({"a": "", "b": None, "c": [None, ""], "d": {"e": "  "}, "f": 0, "g": False}) == {
        "f": 0,
        "g": False,
    }
    assert clean("2026-01-02T03:04") == "2026-01-02T03:04:00Z"
    assert clean("2026-01-02T03:04:05.123") == "2026-01-02T03:04:05.123Z"
    assert clean("2026-01-02T03:04:05+08:00") == "2026-01-02T03:04:05+08:00"


def test_an_observation_with_two_values_is_skipped() -> None:
    result = _map(_obs("two", valueInteger=1, valueString="1"))
    assert result.facts.performance == ()
    assert [w.resource_id for w in result.warnings] == ["two"]


def test_huge_texts_are_capped_before_matching() -> None:
    # Text patterns run on at most MAX_TEXT characters, so hostile megabyte texts stay cheap.
    hostile = "secondary " * 200_000
    concept = {
        "text": hostile,
        "coding": [{"system": "http://snomed.info/sct", "code": "1" * 100_000, "display": hostile}],
    }
    read = coded(concept)
    assert all(len(text) <= MAX_TEXT for text in read.texts())
    assert len(read.codings[0].code) <= MAX_TEXT
    condition = {
        "resourceType": "Condition",
        "id": "huge",
        "code": concept,
        "subject": {"reference": "Patient/p1"},
    }
    assert _map(condition).facts.diagnoses == ()


def test_a_malformed_patient_gives_unknown_demographics_not_a_failure() -> None:
    patient = {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "10/03/1975"}
    result = build_facts(
        [patient, _obs("o", valueInteger=1)], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    )
    assert result.facts.demographics.age_years is None
    assert [p.score for p in result.facts.performance] == [1]
    assert [(w.resource_type, w.path) for w in result.warnings] == [("Patient", "birthDate")]


def test_a_recurring_code_is_validated_once_and_shared() -> None:
    cache = ValidationCache()
    counter = ParseCounter()
    first = parse(_obs("a", valueInteger=1), 0, cache, counter, Warnings())
    second = parse(_obs("b", valueInteger=2), 1, cache, counter, Warnings())
    assert first is not None
    assert second is not None
    assert counter.validated == 2  # the resources are still validated one by one
    assert first.model.code is second.model.code  # the shared part once
    assert first.model.subject is second.model.subject


def test_a_bad_shared_part_gives_the_same_warning_as_before() -> None:
    # The part fails on its own; the projection is then validated whole, so the warning's path
    # is the element path inside the resource, as without shared parts.
    bad_code = {"coding": [{"system": "http://loinc.org", "code": "89247-1", "bogus": SECRET}]}
    result = _map(_obs("bad", code=bad_code, valueInteger=1), _obs("good", valueInteger=2))
    # VAL-REPAIR: the element R4 rejects is left out; the record stands.
    assert sorted(p.score for p in result.facts.performance) == [1, 2]
    (warning,) = result.warnings
    assert (warning.resource_type, warning.resource_id) == ("Observation", "bad")
    assert warning.path.startswith("code.coding.0")
    assert warning.message.endswith("; repaired")
    assert SECRET not in repr(warning)


def test_recurring_list_items_are_shared_and_a_wrong_shape_warns_as_before() -> None:
    cache = ValidationCache()
    counter = ParseCounter()
    limits = [{"high": {"value": 160, "unit": "g/L"}}]
    first = parse(_obs("a", valueInteger=1, referenceRange=limits), 0, cache, counter, Warnings())
    second = parse(_obs("b", valueInteger=2, referenceRange=limits), 1, cache, counter, Warnings())
    assert first is not None
    assert second is not None
    assert first.model.referenceRange[0] is second.model.referenceRange[0]
    # A single object where R4 wants a list, and a list where it wants one object: the same
    # warnings as validating the resource without shared parts, and the record repaired
    # (VAL-REPAIR); two concepts where R4 wants one cannot be.
    for resource, path, kept in (
        (_obs("one", valueInteger=1, referenceRange=limits[0]), "referenceRange", True),
        (_obs("many", valueInteger=1, code=[{"text": "ECOG"}]), "code.root", True),
        (_obs("two", valueInteger=1, code=[{"text": "ECOG"}, {"text": "PS"}]), "code.root", False),
    ):
        warnings = Warnings()
        assert (parse(resource, 0, cache, counter, warnings) is not None) is kept
        (warning,) = warnings.freeze()
        assert (warning.resource_id, warning.path) == (resource["id"], path)


def _request(rid: str, drug: str, timing: Any) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "id": rid,
        "status": "completed",
        "intent": "order",
        "subject": {"reference": "Patient/p1"},
        "medicationCodeableConcept": {"text": drug},
        "dosageInstruction": [{"text": f"{drug} as directed", "timing": timing}],
    }


def test_a_cycles_timing_and_period_are_validated_once_for_all_its_drugs() -> None:
    cache = ValidationCache()
    counter = ParseCounter()
    timing = {"repeat": {"boundsPeriod": {"start": "2026-03-02", "end": "2026-03-02"}}}
    first = parse(_request("a", "cisplatin", timing), 0, cache, counter, Warnings())
    second = parse(_request("b", "gemcitabine", timing), 1, cache, counter, Warnings())
    assert first is not None
    assert second is not None
    first_dosage, second_dosage = (
        first.model.dosageInstruction[0],
        second.model.dosageInstruction[0],
    )
    assert first_dosage.text != second_dosage.text  # the dosages differ ...
    assert first_dosage.timing is second_dosage.timing  # ... their timing is shared
    period = {"start": "2026-03-02T08:00:00+08:00", "end": "2026-03-02T12:00:00+08:00"}
    statements = [
        {
            "resourceType": "MedicationStatement",
            "id": sid,
            "status": "completed",
            "subject": {"reference": "Patient/p1"},
            "medicationCodeableConcept": {"text": drug},
            "effectivePeriod": period,
        }
        for sid, drug in (("s1", "cisplatin"), ("s2", "gemcitabine"))
    ]
    one, two = (parse(s, i, cache, counter, Warnings()) for i, s in enumerate(statements))
    assert one is not None
    assert two is not None
    assert one.model.effectivePeriod is two.model.effectivePeriod


def test_a_bad_shared_timing_gives_the_same_warning_as_before() -> None:
    bad = {"repeat": {"boundsPeriod": {"start": SECRET}}}
    warnings = Warnings()
    parsed = parse(
        _request("bad", "cisplatin", bad), 0, ValidationCache(), ParseCounter(), warnings
    )
    assert parsed is not None  # VAL-REPAIR: the date that is no date is left out
    assert parsed.model.dosageInstruction[0].timing is None
    (warning,) = warnings.freeze()
    assert (warning.resource_id, warning.path) == (
        "bad",
        "dosageInstruction.0.timing.repeat.boundsPeriod.start",
    )
    assert SECRET not in repr(warning)
