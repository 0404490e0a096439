"""Unit rules: stage parsing, metastatic inference, performance, units, lines, grades, ages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from eligibility.facts import LineReason, TherapyExposure
from eligibility.vocabulary import Analyte, DrugClass
from fhir_mapping.comorbidities import parse_grade
from fhir_mapping.demographics import read_demographics
from fhir_mapping.elements import coded, concepts_of
from fhir_mapping.lines import derive_lines
from fhir_mapping.measurements import convert, qtc_milliseconds
from fhir_mapping.parsing import Parsed
from fhir_mapping.staging import parse_category, parse_edition, parse_group
from fhir_mapping.terminology import CodedText, Coding, observation_table

AJCC = "http://cancerstaging.org"
SNOMED = "http://snomed.info/sct"


@pytest.mark.parametrize(
    ("axis", "concept", "expected"),
    [
        ("m", CodedText((Coding(AJCC, "cM1"),)), "M1"),
        ("m", CodedText((Coding(AJCC, "cM1a"),)), "M1a"),
        ("m", CodedText((Coding(AJCC, "M0"),)), "M0"),
        ("t", CodedText((Coding(AJCC, "3"),)), "T3"),
        ("t", CodedText((Coding(AJCC, "pTis"),)), "Tis"),
        ("n", CodedText((Coding(AJCC, "cNX"),)), "NX"),
        (
            "t",
            CodedText(
                (
                    Coding(
                        SNOMED,
                        "1228938002",
                        "American Joint Committee on Cancer cT3 (qualifier value)",
                    ),
                )
            ),
            "T3",
        ),
        ("t", CodedText(text="Stage IVB (T3N2M1)"), "T3"),
        ("n", CodedText(text="Stage IVB (T3N2M1)"), "N2"),
        ("m", CodedText(text="Stage IVB (T3N2M1)"), "M1"),
        ("t", CodedText(text="Tissue sample"), None),
        ("m", CodedText(text="Metastasis"), None),
    ],
)
def test_parse_category(axis: str, concept: CodedText, expected: str | None) -> None:
    found = parse_category(axis, concept)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    ("concept", "expected"),
    [
        (CodedText((Coding(AJCC, "4B", "IVB"),)), "IVB"),
        (CodedText((Coding(AJCC, "IVB"),)), "IVB"),
        (CodedText((Coding(AJCC, "c3A"),)), "IIIA"),
        (CodedText((Coding(AJCC, "4"),)), "IV"),
        (CodedText((Coding(AJCC, "0"),)), "0"),
        (CodedText((Coding(SNOMED, "261638004", "Stage 3A (qualifier value)"),)), "IIIA"),
        (CodedText(text="Stage IVB (T3N2M1)"), "IVB"),
        (CodedText(text="stage iv cancer"), "IV"),
        (CodedText(text="IVB期 (T2N3M1)"), "IVB"),
        (CodedText(text="Stable disease"), None),
    ],
)
def test_parse_group(concept: CodedText, expected: str | None) -> None:
    found = parse_group(concept)
    assert (found[0] if found else None) == expected


def test_parse_edition() -> None:
    assert parse_edition(["AJCC 8th edition"]) == "8"
    assert parse_edition(["临床分期 AJCC第9版"]) == "9"
    assert parse_edition(["第八版"]) == "8"
    assert parse_edition(["clinical"]) is None


@pytest.mark.parametrize(
    ("analyte", "value", "unit", "expected"),
    [
        (Analyte.HEMOGLOBIN, 125, "g/L", 12.5),
        (Analyte.HEMOGLOBIN, 12.5, "g/dL", 12.5),
        (Analyte.CREATININE, 88.4, "umol/L", 1.0),
        (Analyte.CREATININE, 88.4, "µmol/L", 1.0),
        (Analyte.TOTAL_BILIRUBIN, 17.1, "umol/L", 1.0),
        (Analyte.ANC, 1.5, "10*3/uL", 1.5),
        (Analyte.ANC, 1500, "/uL", 1.5),
        (Analyte.PLATELETS, 100, "10^9/L", 100),
        (Analyte.AST, 40, "IU/L", 40),
        (Analyte.EGFR, 75, "mL/min/{1.73_m2}", 75),
        (Analyte.HEMOGLOBIN, 12.5, "furlongs", None),
    ],
)
def test_lab_units(analyte: Analyte, value: float, unit: str, expected: float | None) -> None:
    converted = convert(analyte, {"value": value, "unit": unit})
    assert converted == (pytest.approx(expected, abs=1e-3) if expected is not None else None)


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        ({"value": 450, "unit": "ms"}, 450),
        ({"value": 0.451, "unit": "s"}, 451),
        ({"value": 0.47, "code": "s"}, 470),
        ({"value": 440}, 440),
        ({"value": 0.44}, 440),
        ({"value": 44}, None),
        ({"value": 450, "unit": "ms", "comparator": ">"}, None),
    ],
)
def test_qtc_units(quantity: dict[str, object], expected: float | None) -> None:
    assert qtc_milliseconds(quantity) == expected


def _exposure(
    agent: str, start: date, *classes: DrugClass, status: str = "completed"
) -> TherapyExposure:
    return TherapyExposure(
        evidence=(f"MedicationAdministration/{agent}-{start}",),
        agent=agent,
        classes=frozenset(classes),
        antineoplastic=bool(classes),
        start=start,
        end=start,
        status=status,
        source="MedicationAdministration",
    )


D0 = date(2025, 1, 6)
AS_OF = date(2026, 11, 25)


def test_regimen_window_and_continuation_make_one_line() -> None:
    exposures = (
        _exposure("cisplatin", D0, DrugClass.PLATINUM),
        _exposure("gemcitabine", D0 + timedelta(days=1), DrugClass.ANTIMETABOLITE),
        _exposure("toripalimab", D0 + timedelta(days=21), DrugClass.ANTI_PD1),  # within 28 days
        _exposure("toripalimab", D0 + timedelta(days=200), DrugClass.ANTI_PD1),  # maintenance
        _exposure("ondansetron", D0 + timedelta(days=300)),  # supportive: never a line
    )
    (line,) = derive_lines(exposures, AS_OF)
    assert line.agents == ("cisplatin", "gemcitabine", "toripalimab")
    assert line.end == D0 + timedelta(days=200)


def test_a_new_agent_after_the_window_starts_a_new_line() -> None:
    exposures = (
        _exposure("cisplatin", D0, DrugClass.PLATINUM),
        _exposure("docetaxel", D0 + timedelta(days=29), DrugClass.TAXANE),
        _exposure(
            "cisplatin", D0 + timedelta(days=40), DrugClass.PLATINUM
        ),  # rechallenge in window
    )
    first, second = derive_lines(exposures, AS_OF)
    assert (first.number, first.agents) == (1, ("cisplatin",))
    assert (second.number, second.agents) == (2, ("docetaxel", "cisplatin"))


def test_lot_gap_restart_after_more_than_180_days_is_a_new_line() -> None:
    """LOT-GAP: the same drug restarted after more than 180 days without therapy."""
    exposures = (
        _exposure("capecitabine", D0, DrugClass.ANTIMETABOLITE),
        _exposure("capecitabine", D0 + timedelta(days=400), DrugClass.ANTIMETABOLITE),
    )
    lines = derive_lines(exposures, AS_OF)
    assert [(li.number, li.reason) for li in lines] == [
        (1, LineReason.FIRST),
        (2, LineReason.GAP),
    ]


def test_lot_gap_a_break_of_180_days_or_less_is_the_same_line() -> None:
    """LOT-GAP: a treatment break up to 180 days is not a new line."""
    exposures = (
        _exposure("capecitabine", D0, DrugClass.ANTIMETABOLITE),
        _exposure("capecitabine", D0 + timedelta(days=180), DrugClass.ANTIMETABOLITE),
    )
    assert len(derive_lines(exposures, AS_OF)) == 1


def test_ongoing_only_for_the_last_line() -> None:
    exposures = (
        _exposure("cisplatin", D0, DrugClass.PLATINUM, status="active"),
        _exposure("docetaxel", D0 + timedelta(days=90), DrugClass.TAXANE, status="active"),
    )
    first, second = derive_lines(exposures, AS_OF)
    assert (first.ongoing, second.ongoing) == (False, True)
    assert second.end is None


@pytest.mark.parametrize(
    ("texts", "severity", "grade"),
    [
        (["Heart failure, NYHA class III"], CodedText(), 3),
        (["Atrial fibrillation CTCAE grade 2"], CodedText(), 2),
        (["Arrhythmia grade II"], CodedText(), 2),
        (["心功能III级"], CodedText(), 3),
        (["Angina"], CodedText((Coding(SNOMED, "6736007", "Moderate"),)), None),
        (["Angina"], CodedText(text="severe"), 3),
        (["Angina"], CodedText(), None),
    ],
)
def test_parse_grade(texts: list[str], severity: CodedText, grade: int | None) -> None:
    assert parse_grade(texts, severity) == grade


@pytest.mark.parametrize(
    ("birth", "age", "age_min", "age_max"),
    [
        ("1956-11-25", 70, 70, 70),
        ("1956-11-26", 69, 69, 69),
        ("1956-05", 70, 70, 70),
        ("1956-11", None, 69, 70),
        ("1956", None, 69, 70),
        ("1950", None, 75, 76),
    ],
)
def test_partial_birth_dates(birth: str, age: int | None, age_min: int, age_max: int) -> None:
    patient = Parsed("Patient/p", {"gender": "male", "birthDate": birth})
    demographics = read_demographics(patient, AS_OF)
    assert (demographics.age_years, demographics.age_min, demographics.age_max) == (
        age,
        age_min,
        age_max,
    )


def test_birth_date_after_as_of_is_ignored() -> None:
    demographics = read_demographics(Parsed("Patient/p", {"birthDate": "2030-01-01"}), AS_OF)
    assert demographics.age_years is None
    assert demographics.birth_date is None


LOINC = "http://loinc.org"


@pytest.mark.parametrize(
    "concept",
    [
        {"coding": [{"system": LOINC, "code": "8636-3", "display": "QTc"}], "text": "QTc"},
        {"coding": [{"system": LOINC, "code": "8867-4"}]},
        {"text": "Hemoglobin"},
        {"system": LOINC, "code": "718-7"},  # a bare Coding
        {"system": 1, "code": "718-7"},  # read as "1" by coded: never shares a memo entry
        {"system": True, "code": "718-7"},  # ... with this one (1 == True)
        {"system": float("nan"), "code": "718-7"},
        {"coding": ({"system": LOINC, "code": "718-7"},)},
        {"coding": [None, {"system": LOINC, "code": "718-7"}]},
        {"coding": {"system": LOINC, "code": "718-7"}},
        {"coding": [{"system": LOINC, "code": 7187}]},
        None,
        "718-7",
    ],
)
def test_memoised_concepts_of_received_json_are_those_of_coded(concept: object) -> None:
    table = observation_table()
    for _ in range(2):  # a miss, then a hit
        assert concepts_of(table, concept) == table.concepts(coded(concept))
