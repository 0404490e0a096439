"""Labs, QTc and biomarkers validate their Observations lazily, newest first.

The facts must be exactly those of validating every Observation and reading them all (the
benchmark's naive baseline does that through `assemble_facts`), whatever is wrong with the
newest result; and older results of an analyte must not be validated at all.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from eligibility.facts import PatientFacts
from eligibility.vocabulary import Analyte
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.mapper import assemble_facts
from fhir_mapping.mapping_warnings import Warnings
from fhir_mapping.parsing import ParseCounter, Parsed, parse
from fhir_mapping.selection import MEDICATION_TYPES, select
from tests.fhir_mapping.conftest import AS_OF

PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1970-01-01"}
SUBJECT = {"reference": "Patient/p1"}
LOINC = "http://loinc.org"
HAEMOGLOBIN = ("718-7", "g/L")
CREATININE = ("2160-0", "umol/L")
DATES = ("2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01")

Resource = dict[str, Any]


def _lab(oid: str, analyte: tuple[str, str], when: str | None, value: float) -> Resource:
    code, unit = analyte
    resource: Resource = {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "subject": SUBJECT,
        "code": {"coding": [{"system": LOINC, "code": code}]},
        "valueQuantity": {"value": value, "unit": unit},
        "referenceRange": [{"high": {"value": 160, "unit": unit}}],
    }
    if when is not None:
        resource["effectiveDateTime"] = when
    return resource


def _draws(prefix: str, analyte: tuple[str, str], start: float) -> list[Resource]:
    return [_lab(f"{prefix}{i}", analyte, when, start + i) for i, when in enumerate(DATES)]


def _qtc(oid: str, when: str, milliseconds: float) -> Resource:
    return {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "subject": SUBJECT,
        "code": {"coding": [{"system": LOINC, "code": "8636-3"}]},
        "valueQuantity": {"value": milliseconds, "unit": "ms"},
        "effectiveDateTime": when,
    }


def _biomarker(oid: str, text: str, when: str | None, value: Any) -> Resource:
    resource: Resource = {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "subject": SUBJECT,
        "code": {"text": text},
        **value,
    }
    if when is not None:
        resource["effectiveDateTime"] = when
    return resource


def _chart() -> list[Resource]:
    """Two analytes, interleaved draws (haemoglobin first), three QTcs and two biomarkers."""
    labs = [
        r
        for pair in zip(_draws("hb", HAEMOGLOBIN, 120), _draws("cr", CREATININE, 70), strict=True)
        for r in pair
    ]
    qtcs = [
        _qtc("q0", "2026-03-01", 430),
        _qtc("q1", "2026-09-01", 440),
        _qtc("q2", "2026-06-01", 450),
    ]
    markers = [
        _biomarker("ebv0", "Plasma EBV DNA", "2026-04-01", {"valueQuantity": {"value": 5}}),
        _biomarker("pd0", "PD-L1 TPS", "2026-04-01", {"valueQuantity": {"value": 50}}),
        _biomarker("ebv1", "Plasma EBV DNA", "2026-08-01", {"valueQuantity": {"value": 9}}),
    ]
    return [PATIENT, *labs, *qtcs, *markers]


def _eager(resources: list[Resource]) -> PatientFacts:
    """Every selected resource validated, then read: the reading before lazy validation."""
    warnings = Warnings()
    selection = select(resources, "p1", warnings)
    counter, cache = ParseCounter(), ValidationCache()

    def parse_all(resource_type: str) -> list[Parsed]:
        found = (
            parse(r, i, cache, counter, warnings) for i, r in enumerate(selection.of(resource_type))
        )
        return [p for p in found if p is not None]

    assert selection.patient is not None
    patient = parse(selection.patient, 0, cache, counter, warnings)
    assert patient is not None
    return assemble_facts(
        patient,
        conditions=parse_all("Condition"),
        observations=parse_all("Observation"),
        procedures=parse_all("Procedure"),
        medications={p.reference: p.model for p in parse_all("Medication")},
        medication_records=[(t, p) for t in MEDICATION_TYPES for p in parse_all(t)],
        patient_id="p1",
        as_of=AS_OF,
        warnings=warnings,
    )


def _lazy(resources: list[Resource]) -> Any:
    return build_facts(resources, patient_id="p1", as_of=AS_OF, cache=ValidationCache())


def _by_id(resources: list[Resource], oid: str) -> Resource:
    return next(r for r in resources if r.get("id") == oid)


def _set(oid: str, **fields: Any) -> Callable[[list[Resource]], None]:
    def change(resources: list[Resource]) -> None:
        _by_id(resources, oid).update(fields)

    return change


def _quantity(oid: str, **fields: Any) -> Callable[[list[Resource]], None]:
    def change(resources: list[Resource]) -> None:
        _by_id(resources, oid)["valueQuantity"].update(fields)

    return change


def _drop(oid: str, *keys: str) -> Callable[[list[Resource]], None]:
    def change(resources: list[Resource]) -> None:
        for key in keys:
            _by_id(resources, oid).pop(key, None)

    return change


def _each(*changes: Callable[[list[Resource]], None]) -> Callable[[list[Resource]], None]:
    def change(resources: list[Resource]) -> None:
        for one in changes:
            one(resources)

    return change


NEWEST_HB, NEWEST_CR = "hb5", "cr5"
CASES: dict[str, Callable[[list[Resource]], None]] = {
    "as recorded": lambda resources: None,
    "newest entered-in-error": _set(NEWEST_HB, status="entered-in-error"),
    "newest with an unknown unit": _quantity(NEWEST_HB, unit="furlong"),
    "newest without a unit": _set(NEWEST_HB, valueQuantity={"value": 118}),
    "newest dated after as_of": _set(NEWEST_HB, effectiveDateTime="2027-01-01"),
    "newest with a comparator": _quantity(NEWEST_HB, comparator="<"),
    "newest invalid": _quantity(NEWEST_HB, value="not a number"),
    "newest with a bad date": _set(NEWEST_HB, effectiveDateTime="yesterday"),
    "newest undated": _drop(NEWEST_HB, "effectiveDateTime"),
    "two on the same date": _set("hb4", effectiveDateTime=DATES[5]),
    "same date, the later one in the input invalid": _each(
        _set("hb4", effectiveDateTime=DATES[5]), _quantity(NEWEST_HB, value="x")
    ),
    "dated by period start, instant and issued": _each(
        _drop(NEWEST_HB, "effectiveDateTime"),
        _set(NEWEST_HB, effectivePeriod={"start": "2026-10-02"}),
        _drop("hb4", "effectiveDateTime"),
        _set("hb4", effectiveInstant="2026-10-03T23:30:00+14:00"),
        _drop("hb3", "effectiveDateTime"),
        _set("hb3", issued="2026-10-04T01:00:00Z"),
    ),
    "a partial date": _set("hb2", effectiveDateTime="2026-11"),
    "a date as a number (validated eagerly)": _set("hb2", effectiveDateTime=20261120),
    "every haemoglobin invalid": _each(*(_quantity(f"hb{i}", value="x") for i in range(6))),
    "the oldest haemoglobin unusable (still listed first)": _set("hb0", status="cancelled"),
    "every early haemoglobin unusable (still listed first)": _each(
        *(_set(f"hb{i}", status="cancelled") for i in range(5))
    ),
    "newest QTc invalid": _quantity("q1", value="x"),
    "newest QTc in seconds": _quantity("q1", value=0.47, unit="s"),
    "newest biomarker entered-in-error": _set("ebv1", status="entered-in-error"),
    "biomarkers on the same date": _set("ebv1", effectiveDateTime="2026-04-01"),
    "newest creatinine renamed haemoglobin": _set(NEWEST_CR, code={"text": "Hemoglobin"}),
}

# What reading every result gave before lazy validation (checked against that code): the
# evidence of each lab (in order), of the QTc and of each biomarker (in order).
EXPECTED: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "a date as a number (validated eagerly)": (("hb5", "cr5"), "q1", ("ebv1", "pd0")),
    "a partial date": (("hb2", "cr5"), "q1", ("ebv1", "pd0")),
    "as recorded": (("hb5", "cr5"), "q1", ("ebv1", "pd0")),
    "biomarkers on the same date": (("hb5", "cr5"), "q1", ("ebv0", "pd0")),
    "dated by period start, instant and issued": (("hb3", "cr5"), "q1", ("ebv1", "pd0")),
    "every early haemoglobin unusable (still listed first)": (
        ("hb5", "cr5"),
        "q1",
        ("ebv1", "pd0"),
    ),
    # VAL-REPAIR: the value R4 rejects is left out; the newest result is unreadable
    # (VAL-NEWEST: an older value never stands in).
    "every haemoglobin invalid": (("hb5", "cr5"), "q1", ("ebv1", "pd0")),
    "newest QTc in seconds": (("hb5", "cr5"), "q1", ("ebv1", "pd0")),
    # VAL-REPAIR: the value R4 rejects is left out; the newest result is unreadable
    # (VAL-NEWEST: an older value never stands in).
    "newest QTc invalid": (("hb5", "cr5"), "q1", ("ebv1", "pd0")),
    "newest biomarker entered-in-error": (("hb5", "cr5"), "q1", ("ebv0", "pd0")),
    # VAL-SAME-DAY: the renamed creatinine is a haemoglobin of hb5's day (unreadable in its
    # unit), read with it; cr4 is then the newest creatinine.
    "newest creatinine renamed haemoglobin": (("hb5", "cr5", "cr4"), "q1", ("ebv1", "pd0")),
    "newest dated after as_of": (("hb4", "cr5"), "q1", ("ebv1", "pd0")),
    "newest entered-in-error": (("hb4", "cr5"), "q1", ("ebv1", "pd0")),
    # VAL-REPAIR: the value R4 rejects is left out; the newest result is unreadable
    # (VAL-NEWEST: an older value never stands in).
    "newest invalid": (("hb5", "cr5"), "q1", ("ebv1", "pd0")),
    "newest undated": (("hb4", "cr5"), "q1", ("ebv1", "pd0")),
    "newest with a bad date": (("hb4", "cr5"), "q1", ("ebv1", "pd0")),
    "newest with a comparator": (("hb5", "cr5"), "q1", ("ebv1", "pd0")),  # VAL-NEWEST: unreadable
    "newest with an unknown unit": (
        ("hb5", "cr5"),
        "q1",
        ("ebv1", "pd0"),
    ),  # VAL-NEWEST: unreadable
    "newest without a unit": (("hb5", "cr5"), "q1", ("ebv1", "pd0")),  # VAL-NEWEST: unreadable
    # VAL-SAME-DAY: the invalid one is that day's unreadable haemoglobin, read with hb4.
    "same date, the later one in the input invalid": (
        ("hb4", "hb5", "cr5"),
        "q1",
        ("ebv1", "pd0"),
    ),
    "the oldest haemoglobin unusable (still listed first)": (
        ("hb5", "cr5"),
        "q1",
        ("ebv1", "pd0"),
    ),
    # VAL-SAME-DAY: both haemoglobins of the newest day are read, judged together (7 December
    # 2026; before it the first listed alone).
    "two on the same date": (("hb4", "hb5", "cr5"), "q1", ("ebv1", "pd0")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_lazy_reading_gives_the_facts_of_reading_everything(case: str) -> None:
    resources = copy.deepcopy(_chart())
    CASES[case](resources)
    facts = _lazy(resources).facts
    assert facts == _eager(resources)
    labs, qtc, biomarkers = EXPECTED[case]
    assert tuple(m.evidence[0].removeprefix("Observation/") for m in facts.labs) == labs
    assert facts.qtc is not None
    assert facts.qtc.evidence[0].removeprefix("Observation/") == qtc
    assert tuple(b.evidence[0].removeprefix("Observation/") for b in facts.biomarkers) == biomarkers


def test_older_results_of_an_analyte_are_not_validated() -> None:
    resources = [PATIENT, *_draws("hb", HAEMOGLOBIN, 120)]
    result = _lazy(resources)
    (haemoglobin,) = result.facts.labs
    assert haemoglobin.evidence == ("Observation/hb5",)
    assert haemoglobin.value == 12.5  # 125 g/L
    # The Patient and the newest haemoglobin; the five older draws are never validated.
    assert (result.validated, result.cached) == (2, 0)


def test_two_analytes_validate_their_newest_only() -> None:
    result = _lazy(_chart()[:13])
    assert [m.analyte for m in result.facts.labs] == [Analyte.HEMOGLOBIN, Analyte.CREATININE]
    # The Patient and each analyte's newest result: the analytes are listed in the order of
    # their first results, read from the unvalidated JSON.
    assert result.validated == 1 + 2


def test_an_unusable_newest_result_falls_back_to_the_next_and_only_that() -> None:
    resources = [PATIENT, *_draws("hb", HAEMOGLOBIN, 120)]
    # Two quantities where R4 wants one: left out (VAL-REPAIR), so not a value.
    _set(NEWEST_HB, valueQuantity=[{"value": 1}, {"value": 2}])(resources)
    _set("hb4", status="entered-in-error")(resources)
    result = _lazy(resources)
    (haemoglobin,) = result.facts.labs
    assert haemoglobin.evidence == ("Observation/hb3",)
    assert result.validated == 4  # the Patient, hb5 (invalid), hb4 (not usable), hb3
    # The invalid newest result was validated, so its warning is kept; older ones give none.
    assert [(w.resource_id, w.path) for w in result.warnings] == [("hb5", "valueQuantity.root")]


def test_an_invalid_older_result_that_is_never_read_gives_no_warning() -> None:
    resources = [PATIENT, *_draws("hb", HAEMOGLOBIN, 120)]
    _quantity("hb2", value="not a number")(resources)
    result = _lazy(resources)
    assert result.warnings == ()
    assert result.facts.labs == _eager(resources).labs


def test_a_reopened_chart_takes_the_same_results_from_the_cache() -> None:
    cache = ValidationCache()
    first = build_facts(_chart(), patient_id="p1", as_of=AS_OF, cache=cache)
    again = build_facts(_chart(), patient_id="p1", as_of=AS_OF, cache=cache)
    assert (again.validated, again.cached) == (0, first.validated)
    assert again.facts == first.facts
