"""Patient -> Demographics: sex (PAT-SEX), partial birth dates (PAT-BIRTH), death
(PAT-DECEASED)."""

from __future__ import annotations

from typing import Any

import pytest

from eligibility.vocabulary import Sex
from fhir_mapping import build_facts
from fhir_mapping.demographics import read_demographics
from fhir_mapping.parsing import Parsed
from tests.fhir_mapping.conftest import AS_OF


def _read(**patient: Any) -> Any:
    return read_demographics(Parsed("Patient/p", patient), AS_OF)


@pytest.mark.parametrize(
    ("gender", "sex"),
    [("male", Sex.MALE), ("female", Sex.FEMALE), ("other", Sex.OTHER), ("unknown", Sex.UNKNOWN)],
)
def test_pat_sex_administrative_gender(gender: str, sex: Sex) -> None:
    """PAT-SEX: gender maps to Sex; unknown and other are kept apart from male and female."""
    assert _read(gender=gender).sex is sex
    assert _read().sex is Sex.UNKNOWN


@pytest.mark.parametrize(
    ("birth", "age_min", "age_max"),
    [("1956", 69, 70), ("1955", 70, 71), ("1955-10", 71, 71), ("1955-11", 70, 71)],
)
def test_pat_birth_partial_dates_give_the_age_range_on_as_of(
    birth: str, age_min: int, age_max: int
) -> None:
    """PAT-BIRTH: on 2026-11-25, a year or a month of birth gives every age it allows."""
    demographics = _read(birthDate=birth)
    assert (demographics.age_min, demographics.age_max) == (age_min, age_max)
    assert demographics.age_years == (age_min if age_min == age_max else None)


@pytest.mark.parametrize(
    ("patient", "deceased"),
    [
        ({"deceasedBoolean": True}, True),
        ({"deceasedBoolean": False}, False),
        ({"deceasedDateTime": "2026-11-20"}, True),
        ({"deceasedDateTime": "2026-11-25T08:00:00+08:00"}, True),
        ({"deceasedDateTime": "2026-12-01"}, False),
        ({}, False),
    ],
)
def test_pat_deceased_as_of_the_day_asked(patient: dict[str, Any], deceased: bool) -> None:
    """PAT-DECEASED: deceasedBoolean true, or a death on or before as_of."""
    assert _read(**patient).deceased is deceased


def _facts_with_condition(code: dict[str, Any], **condition: Any) -> Any:
    patient = {"resourceType": "Patient", "id": "p", "gender": "male", "deceasedBoolean": False}
    entry = {
        "resourceType": "Condition",
        "id": "c1",
        "code": code,
        "subject": {"reference": "Patient/p"},
        **condition,
    }
    return build_facts([patient, entry], patient_id="p", as_of=AS_OF).facts.demographics


DEATH = {"coding": [{"system": "http://snomed.info/sct", "code": "419620001"}], "text": "死亡"}


def _verification(code: str) -> dict[str, Any]:
    system = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
    return {"coding": [{"system": system, "code": code}]}


@pytest.mark.parametrize(
    ("code", "condition", "deceased"),
    [
        (DEATH, {"onsetDateTime": "2026-11-21"}, True),
        ({"text": "死亡"}, {"recordedDate": "2026-11-21"}, True),
        ({"text": "Patient deceased."}, {}, True),
        (DEATH, {"onsetDateTime": "2026-12-01"}, False),  # after as_of: not yet
        (DEATH, {"verificationStatus": _verification("entered-in-error")}, False),
        (DEATH, {"verificationStatus": _verification("refuted")}, False),
        ({"text": "Family history of sudden death"}, {}, False),
        ({"text": "死亡风险高"}, {}, False),
    ],
)
def test_pat_deceased_a_death_recorded_as_a_condition(
    code: dict[str, Any], condition: dict[str, Any], deceased: bool
) -> None:
    """PAT-DECEASED (twenty-eighth session): a Condition recording the death ("死亡", SNOMED CT
    419620001 Death (event)) by as_of is a death beside `deceasedBoolean` false."""
    assert _facts_with_condition(code, **condition).deceased is deceased
