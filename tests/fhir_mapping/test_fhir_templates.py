"""Templates (fhir_mapping.templates) give exactly what validating the whole projection gives.

Every resource of the test bundles, the real data (when ../shared is there) and bench charts W1
and W2, and mutations of their varying elements, is parsed with templates and without: the same
model (equal, same dump, same elements present) or the same warning. Originals come first, so
the variants that follow find their template: the tests count hits, and refused hits (a variant
whose template exists but whose varying element fails on its own), so none passes vacuously.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.cleaning import cleaned_with_key
from fhir_mapping.mapping_warnings import MappingWarning, Warnings
from fhir_mapping.parsing import ParseCounter, parse
from fhir_mapping.selection import PROJECTIONS, flatten, project
from fhir_mapping.templates import VARYING, copy_with, element_validator, fill, split
from tests.fhir_mapping.conftest import AS_OF, BUNDLES
from tests.fhir_mapping.test_fhir_real_data import FILES as REAL_FILES
from tests.fhir_mapping.test_fhir_real_data import needs_real_data
from tools.bench.charts import W1, W2, chart_request

BUNDLE_FILES = sorted(BUNDLES.glob("*.json"))
BENCH_AS_OF = date(2026, 11, 1)


def _load(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def _bench(number: int) -> list[dict[str, Any]]:
    charts = [chart_request(W1, number), chart_request(W1, number + 1), chart_request(W2, number)]
    return [
        {"prefetch": chart["prefetch"], "patient": chart["context"]["patientId"]}
        for chart in charts
    ]


def _resources(documents: list[Any]) -> list[Mapping[str, Any]]:
    return [r for r, _ in flatten(documents) if r.get("resourceType") in PROJECTIONS]


# Values that break a varying element on its own: wrong JSON types, and for each kind of element
# a well-typed value R4B rejects (a bad date, a bad id, a quantity with a text value, ...).
WRONG_TYPES: tuple[Any, ...] = (5, 1.5, True, "not valid!", {"bogus": 1}, ["x"])
BAD_VALUES: dict[str, tuple[Any, ...]] = {
    "id": ("bad id!", "x" * 65, "a/b"),
    "subject": ({"reference": 5}, {"reference": "Patient/p1", "bogus": 1}, {"display": ["x"]}),
    "date": ("2025-13-01", "2025-02-30", "2025-01-01T25:00:00Z", "2025-01-01T10:00:00+15:00"),
    "period": ({"start": "yesterday"}, {"start": "2025-01-01", "bogus": 1}, {"end": 20250101}),
    "valueQuantity": ({"value": "abc"}, {"value": 1, "bogus": 2}, {"value": 1, "unit": 7}),
    "valueInteger": (2**40, "1"),
    "valueCodeableConcept": ({"coding": "x"}, {"coding": [{"code": 5}]}),
    "list": ([{"bogus": 1}], [{"text": 5}], [{}]),
}
# Valid values: variants with these find the template and are filled from it.
GOOD_VALUES: dict[str, tuple[Any, ...]] = {
    "id": ("variant-1", "Variant.2"),
    "subject": ({"reference": "Patient/someone-else"},),
    "date": ("2024-02-29", "2023-07", "2025-01-01T10:00:00+08:00", "2025-01-01T10:00:00.5Z"),
    "period": ({"start": "2024-02-29"}, {"start": "2025-01-01T08:00:00Z", "end": "2025-01-02"}),
    "valueQuantity": ({"value": 0.25, "unit": "mg"}, {"value": 7}),
    "valueInteger": (0, 4),
    "valueCodeableConcept": ({"text": "positive"},),
    "valueString": ("a text",),
}
# The choices of each one-of-many element (value[x], effective[x], ...) in the projections, with
# a valid value each: a second choice beside a first one is invalid however valid both are.
CHOICES: dict[str, dict[str, Any]] = {
    "effective": {
        "effectiveDateTime": "2025-01-01",
        "effectivePeriod": {"start": "2025-01-01"},
        "effectiveInstant": "2025-01-01T10:00:00Z",
    },
    "value": {
        "valueQuantity": {"value": 1},
        "valueCodeableConcept": {"text": "x"},
        "valueInteger": 1,
        "valueString": "x",
    },
    "onset": {
        "onsetDateTime": "2025-01-01",
        "onsetPeriod": {"start": "2025-01-01"},
        "onsetString": "childhood",
    },
    "performed": {"performedDateTime": "2025-01-01", "performedPeriod": {"start": "2025-01-01"}},
    "deceased": {"deceasedBoolean": True, "deceasedDateTime": "2025-01-01"},
    "medication": {
        "medicationCodeableConcept": {"text": "cisplatin"},
        "medicationReference": {"reference": "Medication/m1"},
    },
}
# Varying elements a resource may lack, added with a valid value.
EXTRA = {
    "issued": "2025-01-01T10:00:00Z",
    "recordedDate": "2025-01-01",
    "dateAsserted": "2025-01-01",
    "authoredOn": "2025-01-01",
    "note": [{"text": "seen"}],
    "component": [{"code": {"text": "QTc"}, "valueQuantity": {"value": 430}}],
    "dispenseRequest": {"numberOfRepeatsAllowed": 2},
}


# Variants inside complex varying elements (a value's number, a dosage's timing), the rest of
# the element kept, so that they find the element's template (a Quantity's, a Dosage's).
INNER_GOOD: dict[str, dict[str, tuple[Any, ...]]] = {
    "valueQuantity": {"value": (3.5, 0, 120)},
    "dosageInstruction": {
        "timing": ({"repeat": {"boundsPeriod": {"start": "2020-01-01"}}}, {"code": {"text": "QD"}}),
        "doseAndRate": ([{"doseQuantity": {"value": 75, "unit": "mg"}}],),
    },
}
INNER_BAD: dict[str, dict[str, tuple[Any, ...]]] = {
    "valueQuantity": {"value": ("abc", True, [1], {"x": 1}, "1e999")},
    "dosageInstruction": {
        "timing": ("x", {"repeat": {"boundsPeriod": {"start": "bad"}}}, {"bogus": 1}),
        "doseAndRate": ([{"doseQuantity": {"value": "a"}}], {"x": 1}, [{"bogus": 1}]),
        "maxDosePerPeriod": ({"numerator": {"value": "a"}},),
    },
}


def _inner_variants(
    resource: Mapping[str, Any], table: dict[str, dict[str, tuple[Any, ...]]]
) -> Iterator[dict[str, Any]]:
    for element, values in table.items():
        outer = resource.get(element)
        for inner, choices in values.items():
            for value in choices:
                if isinstance(outer, dict):
                    yield _with(resource, **{element: {**outer, inner: value}})
                elif isinstance(outer, list) and all(isinstance(item, dict) for item in outer):
                    yield _with(resource, **{element: [{**item, inner: value} for item in outer]})


def _kind(element: str) -> str:
    if element in BAD_VALUES or element in GOOD_VALUES:
        return element
    if element.endswith("Period"):
        return "period"
    if element in {"stage", "note", "component", "dosageInstruction"}:
        return "list"
    if element in {"valueString", "onsetString", "dispenseRequest"}:
        return element
    return "date"


def _with(resource: Mapping[str, Any], **changes: Any) -> dict[str, Any]:
    changed = copy.deepcopy(dict(resource))
    changed.update(changes)
    return changed


def good_variants(resource: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for element in VARYING.get(resource["resourceType"], frozenset()) & resource.keys():
        for value in GOOD_VALUES.get(_kind(element), ()):
            yield _with(resource, **{element: value})
    yield from _inner_variants(resource, INNER_GOOD)


def bad_variants(resource: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    resource_type = resource["resourceType"]
    varying = VARYING.get(resource_type, frozenset())
    for element in sorted(varying & resource.keys()):
        for value in WRONG_TYPES + BAD_VALUES.get(_kind(element), ()):
            yield _with(resource, **{element: value})
        missing = dict(resource)
        del missing[element]
        yield missing
    for element, value in EXTRA.items():
        if element in varying and element not in resource:
            yield _with(resource, **{element: value})
    for choices in CHOICES.values():
        present = [name for name in choices if name in resource]
        for name, value in choices.items():
            # A second choice beside the first: invalid, however valid both are.
            if present and name not in present and name in PROJECTIONS[resource_type]:
                yield _with(resource, **{name: value})
    yield from _inner_variants(resource, INNER_BAD)


@dataclass
class Tally:
    filled: int = 0  # made from a template
    refused: int = 0  # a template existed, but the variant was validated whole (and warned)
    compared: int = 0
    counter: ParseCounter = field(default_factory=ParseCounter)


def _warnings(warnings: Warnings) -> tuple[MappingWarning, ...]:
    return warnings.freeze()


def assert_same(resource: Mapping[str, Any], with_templates: ValidationCache, tally: Tally) -> None:
    projection, _ = cleaned_with_key(project(resource))
    alike = split(resource["resourceType"], projection) if isinstance(projection, dict) else None
    had_template = alike is not None and with_templates.get_template(alike.key) is not None
    templated_before = tally.counter.templated
    got_warnings, want_warnings = Warnings(), Warnings()
    got = parse(resource, 0, with_templates, tally.counter, got_warnings)
    # A fresh full validation: no content cache, no templates.
    want = parse(resource, 0, ValidationCache(templates_maxsize=0), ParseCounter(), want_warnings)
    tally.compared += 1
    assert _warnings(got_warnings) == _warnings(want_warnings)
    if want is None:
        assert got is None
        if had_template:
            tally.refused += 1
        return
    assert got is not None
    assert got.reference == want.reference
    assert type(got.model) is type(want.model)
    assert got.model == want.model
    assert got.model.model_dump() == want.model.model_dump()
    assert got.model.model_fields_set == want.model.model_fields_set
    tally.filled += tally.counter.templated - templated_before


def check_corpus(resources: list[Mapping[str, Any]], variants_per_kind: int = 2) -> Tally:
    cache = ValidationCache()
    tally = Tally()
    for resource in resources:
        assert_same(resource, cache, tally)
    # Variants of a few resources of each kind (template key), after their originals.
    mutated: dict[bytes, int] = {}
    for resource in resources:
        projection, _ = cleaned_with_key(project(resource))
        if not isinstance(projection, dict):
            continue
        alike = split(resource["resourceType"], projection)
        if alike is None or mutated.get(alike.key, 0) >= variants_per_kind:
            continue
        mutated[alike.key] = mutated.get(alike.key, 0) + 1
        for variant in (*good_variants(resource), *bad_variants(resource)):
            assert_same(variant, cache, tally)
    return tally


def test_every_varying_element_is_projected_and_validated_by_its_own_field() -> None:
    for kind, elements in VARYING.items():
        model = get_fhir_model_class(kind)  # a resource type, or an element type
        for element in elements:
            assert element in PROJECTIONS.get(kind, model.model_fields), (kind, element)
            # None for a field with constraints of its own, which would then never be filled.
            assert element_validator(model, element) is not None, (kind, element)


@pytest.mark.slow
def test_test_bundles_and_their_variants() -> None:
    tally = check_corpus(_resources([_load(path) for path in BUNDLE_FILES]))
    assert tally.filled > 100
    assert tally.refused > 100


@pytest.mark.slow
def test_bench_charts_and_their_variants() -> None:
    tally = check_corpus(
        _resources([list(c["prefetch"].values()) for c in _bench(4242)]), variants_per_kind=1
    )
    assert tally.filled > 1000
    assert tally.refused > 100


@pytest.mark.slow
@needs_real_data
def test_real_data_and_its_variants() -> None:
    tally = check_corpus(_resources([_load(path) for path in REAL_FILES]))
    assert tally.filled > 100
    assert tally.refused > 100


def _documents() -> Iterator[tuple[str, list[Any], str, date]]:
    """(name, documents, patient id, as_of) of every bundle, real file and a few bench charts."""
    for path in BUNDLE_FILES:
        bundle = _load(path)
        yield path.name, [bundle], bundle["id"], AS_OF
    for path in REAL_FILES:
        document = _load(path)
        patients = [r for r in _resources([document]) if r["resourceType"] == "Patient"]
        if patients and isinstance(patients[0].get("id"), str):
            yield path.name, [document], patients[0]["id"], AS_OF
    for chart in _bench(777):
        yield chart["patient"], list(chart["prefetch"].values()), chart["patient"], BENCH_AS_OF


def test_facts_and_warnings_are_those_without_templates() -> None:
    # One cache for all, as the service has: later charts are filled from earlier ones.
    shared = ValidationCache()
    templated = 0
    for name, documents, patient_id, as_of in _documents():
        got = build_facts(documents, patient_id=patient_id, as_of=as_of, cache=shared)
        without = ValidationCache(templates_maxsize=0)
        want = build_facts(documents, patient_id=patient_id, as_of=as_of, cache=without)
        assert got.facts == want.facts, name
        assert got.warnings == want.warnings, name
        assert got.seen == want.seen, name
        assert got.validated + got.cached == want.validated + want.cached, name
        assert want.templated == 0
        templated += got.templated
    assert templated > 500


def test_a_template_is_copied_not_changed() -> None:
    cache = ValidationCache()
    counter = ParseCounter()
    first = {
        "resourceType": "Observation",
        "id": "a",
        "status": "final",
        "code": {"text": "ECOG"},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2026-01-02",
        "valueInteger": 1,
    }
    one = parse(first, 0, cache, counter, Warnings())
    two = parse(_with(first, id="b", valueInteger=2), 1, cache, counter, Warnings())
    assert one is not None
    assert two is not None
    assert counter.templated == 1
    assert (one.model.id, one.model.valueInteger) == ("a", 1)
    assert (two.model.id, two.model.valueInteger) == ("b", 2)
    assert one.model.code is two.model.code  # the rest is the template's
    warnings = Warnings()
    # VAL-REPAIR: the date that is no date is left out, from a copy: the template is unchanged.
    three = parse(_with(first, id="c", effectiveDateTime="2026-02-30"), 2, cache, counter, warnings)
    assert three is not None
    assert (three.model.id, three.model.effectiveDateTime) == ("c", None)
    (warning,) = warnings.freeze()
    assert (warning.resource_id, warning.path) == ("c", "effectiveDateTime")
    assert counter.templated == 1
    again = parse(_with(first, id="d"), 3, cache, counter, Warnings())
    assert again is not None
    assert again.model.effectiveDateTime == one.model.effectiveDateTime


@pytest.mark.parametrize(("size", "templated"), [(0, 0), (1, 0), (2, 1)])
def test_templates_maxsize_bounds_the_templates(size: int, templated: int) -> None:
    cache = ValidationCache(templates_maxsize=size)
    counter = ParseCounter()
    for number in range(3):
        resource = {
            "resourceType": "Procedure",
            "id": f"p{number}",
            "status": "completed",
            "code": {"text": f"procedure {number % 2}"},
            "subject": {"reference": "Patient/p1"},
            "performedDateTime": f"2026-01-0{number + 1}",
        }
        assert parse(resource, number, cache, counter, Warnings()) is not None
    # Kinds 0, 1, 0: with room for one template, kind 1's evicts kind 0's.
    assert counter.templated == templated


def test_fill_refuses_an_element_that_validates_to_none() -> None:
    # Cleaning leaves no null to validate; were one to reach `fill`, the element would be
    # absent for the after-validators (one-of-many, required) yet present in the template.
    model = get_fhir_model_class("Observation")
    template = model.model_validate(
        {"status": "final", "code": {"text": "x"}, "issued": "2026-01-01T00:00:00Z"}
    )
    assert fill(template, model, {"issued": "2026-01-02T00:00:00Z"}) is not None
    assert fill(template, model, {"issued": None}) is None


def test_an_elements_template_is_shared_by_alike_elements() -> None:
    # Orders of one drug in three cycles. The first is validated whole and is the order's
    # template; the second's dosage is validated whole into a copy of it, and is the dosage's
    # template; the third's is made from that (timing and dose validated, route taken as it is).
    cache = ValidationCache()
    counter = ParseCounter()
    orders = [
        {
            "resourceType": "MedicationRequest",
            "id": f"order-{cycle}",
            "status": "completed",
            "intent": "order",
            "subject": {"reference": "Patient/p1"},
            "medicationCodeableConcept": {"text": "cisplatin"},
            "dosageInstruction": [
                {
                    "text": "cisplatin as directed",
                    "route": {"text": "Intravenous"},
                    "timing": {"repeat": {"boundsPeriod": {"start": start}}},
                    "doseAndRate": [{"doseQuantity": {"value": dose, "unit": "mg"}}],
                }
            ],
        }
        for cycle, (start, dose) in enumerate(
            (("2026-01-05", 140), ("2026-01-26", 120), ("2026-02-16", 110))
        )
    ]
    parsed = [parse(order, i, cache, counter, Warnings()) for i, order in enumerate(orders)]
    assert counter.templated == 2
    dosages = [p.model.dosageInstruction[0] for p in parsed if p is not None]
    assert dosages[2].route is dosages[1].route
    assert dosages[1].route is not dosages[0].route
    assert dosages[2].timing.repeat.boundsPeriod.start == date(2026, 2, 16)
    assert dosages[2].doseAndRate[0].doseQuantity.value == 110
    fresh = parse(orders[2], 2, ValidationCache(templates_maxsize=0), ParseCounter(), Warnings())
    assert fresh is not None
    assert parsed[2] is not None
    assert parsed[2].model == fresh.model
    assert dosages[2].model_fields_set == fresh.model.dosageInstruction[0].model_fields_set


def test_copy_with_makes_what_model_copy_makes() -> None:
    # Every validated projection of the test bundles as a template, updated in an element it
    # has and in one it may lack: the same type, values in the same order, fields set and slots.
    compared = 0
    for path in BUNDLE_FILES:
        for resource in _resources([_load(path)]):
            parsed = parse(resource, 0, ValidationCache(), ParseCounter(), Warnings())
            if parsed is None:
                continue
            template = parsed.model
            update = {"id": "copied", "language": "en"}
            got, want = copy_with(template, update), template.model_copy(update=update)
            assert type(got) is type(want)
            assert list(got.__dict__.items()) == list(want.__dict__.items())
            assert got.model_fields_set == want.model_fields_set
            assert got.model_fields_set is not template.model_fields_set
            assert (got.__pydantic_extra__, got.__pydantic_private__) == (
                want.__pydantic_extra__,
                want.__pydantic_private__,
            )
            assert got == want
            assert template.id != "copied"  # the template is left as it was
            compared += 1
    assert compared > 100
