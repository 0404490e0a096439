"""GEN-ONSET-TEXT: a Condition dated only by `onsetString`, when the string is a date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.chronology import date_in_words
from tests.fhir_mapping.conftest import AS_OF

PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1970-01-01"}


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("2023年2月", date(2023, 2, 1)),  # a partial date is its earliest day
        ("2023年2月14日", date(2023, 2, 14)),
        ("2023年2月份", date(2023, 2, 1)),
        ("约2019年", date(2019, 1, 1)),
        ("2023.02", date(2023, 2, 1)),
        ("2023/2/14", date(2023, 2, 14)),
        ("2023-02", date(2023, 2, 1)),
        ("2023", date(2023, 1, 1)),
        # Not a date: relative, a stage of life, impossible, or more than a date.
        ("3年前", None),
        ("childhood", None),
        ("2023年13月", None),
        ("2023年2月14日 外院确诊", None),
        ("1.5年", None),
    ],
)
def test_date_in_words(text: str, read: date | None) -> None:
    assert date_in_words(text) == read


def _npc(**dated: Any) -> Any:
    condition = {
        "resourceType": "Condition",
        "id": "npc",
        "code": {"text": "鼻咽癌"},
        "subject": {"reference": "Patient/p1"},
        **dated,
    }
    facts = build_facts(
        [PATIENT, condition], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    (diagnosis,) = facts.diagnoses
    return diagnosis


def test_an_onset_in_words_dates_the_diagnosis() -> None:
    diagnosis = _npc(onsetString="2023年2月", recordedDate="2025-10-16")
    assert (diagnosis.onset, diagnosis.recorded) == (date(2023, 2, 1), date(2025, 10, 16))


def test_an_onset_string_that_is_no_date_leaves_the_recorded_date() -> None:
    diagnosis = _npc(onsetString="3年前", recordedDate="2025-10-16")
    assert (diagnosis.onset, diagnosis.recorded) == (None, date(2025, 10, 16))


def _years(value: float, unit: str = "a") -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}


@pytest.mark.parametrize(
    ("birth", "dated", "span"),
    [
        # Born 1970-01-01: at 51 is from the 51st birthday to the day before the 52nd.
        ("1970-01-01", {"onsetAge": _years(51)}, (date(2021, 1, 1), date(2021, 12, 31))),
        ("1971-06-14", {"onsetAge": _years(51)}, (date(2022, 6, 14), date(2023, 6, 13))),
        (
            "1971-06-14",
            {"onsetRange": {"low": _years(51), "high": _years(52)}},
            (date(2022, 6, 14), date(2024, 6, 13)),
        ),
        # A birth year only: from 1 January of the first year to 30 December of the last.
        ("1971", {"onsetAge": _years(51)}, (date(2022, 1, 1), date(2023, 12, 30))),
        ("1972-02-29", {"onsetAge": _years(51)}, (date(2023, 3, 1), date(2024, 2, 28))),
        # Not in years, or no birth date: not dated by it (the recorded date stands in).
        ("1971-06-14", {"onsetAge": _years(6, "mo")}, (None, None)),
        (None, {"onsetAge": _years(51)}, (None, None)),
    ],
)
def test_gen_onset_text_an_onset_age_is_a_span_of_days_from_the_birth_date(
    birth: str | None, dated: dict[str, Any], span: tuple[date | None, date | None]
) -> None:
    """onsetAge and onsetRange were never read: an NPC diagnosed at 51, entered when it spread
    at 54, read as de novo metastatic and its radiotherapy was never asked about."""
    patient = {k: v for k, v in {**PATIENT, "birthDate": birth}.items() if v is not None}
    condition = {
        "resourceType": "Condition",
        "id": "npc",
        "code": {"text": "鼻咽癌"},
        "subject": {"reference": "Patient/p1"},
        "recordedDate": "2025-10-16",
        **dated,
    }
    facts = build_facts(
        [patient, condition], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    (diagnosis,) = facts.diagnoses
    assert (diagnosis.onset, diagnosis.onset_latest) == span
    assert diagnosis.diagnosed == (span[0] or date(2025, 10, 16))
