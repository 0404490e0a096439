"""The chart builder's ids are valid R4 ids, however long the chart's name."""

import re

from tools.charts.chart import FHIR_ID_MAX, SequentialIds

R4_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")


def test_an_id_that_fits_is_the_prefix_type_and_number() -> None:
    ids = SequentialIds("rw-reference")
    assert ids("Condition") == "rw-reference-condition-1"
    assert ids("MedicationAdministration") == "rw-reference-medicationadministration-2"


def test_a_long_prefix_is_shortened_keeping_type_and_number() -> None:
    ids = SequentialIds("rw-a-flutter-abbreviated-grade-2-english", next_number=10)
    made = ids("MedicationAdministration")
    assert len(made) == FHIR_ID_MAX
    assert R4_ID.fullmatch(made)
    assert made.startswith("rw-a-flutter-abbreviated-gr")
    assert made.endswith("-medicationadministration-10")


def test_shortened_ids_of_two_long_prefixes_alike_at_the_start_differ() -> None:
    common = "rw-metastatic-carcinoma-to-the-right-parotid-gland-beside-npc"
    first = SequentialIds(common + "-english")("MedicationAdministration")
    second = SequentialIds(common + "-chinese")("MedicationAdministration")
    assert first != second
    assert R4_ID.fullmatch(first)
    assert R4_ID.fullmatch(second)


def test_untyped_ids_are_fitted_too() -> None:
    made = SequentialIds("p" * 70, typed=False, next_number=7)("Observation")
    assert R4_ID.fullmatch(made)
    assert made.endswith("-7")
