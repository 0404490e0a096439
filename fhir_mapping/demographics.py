"""Age, sex and death from the Patient resource: rules PAT-BIRTH, PAT-SEX and PAT-DECEASED
(docs/clinical-rules.md), which also list what of Patient is read and what is ignored."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from typing import Any

from eligibility.facts import Demographics
from eligibility.vocabulary import Sex
from fhir_mapping.chronology import precision, to_date
from fhir_mapping.death import death_condition
from fhir_mapping.elements import get
from fhir_mapping.parsing import Parsed


def age_at(birth: date, as_of: date) -> int:
    return as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))


def _latest_birth(earliest: date, precision_name: str) -> date:
    if precision_name == "year":
        return date(earliest.year, 12, 31)
    if precision_name == "month":
        return date(
            earliest.year, earliest.month, calendar.monthrange(earliest.year, earliest.month)[1]
        )
    return earliest


def birth_bounds(demographics: Demographics) -> tuple[date, date] | None:
    """The first and last day the patient may have been born (a partial birth date spans its
    year or month); None when not recorded."""
    birth, precision_name = demographics.birth_date, demographics.birth_date_precision
    if birth is None or precision_name is None:
        return None
    return birth, _latest_birth(birth, precision_name)


def read_demographics(
    patient: Parsed, as_of: date, conditions: Sequence[Parsed] = ()
) -> Demographics:
    """`conditions` are those begun by `as_of` (GEN-AS-OF): one recording the death (PAT-DECEASED:
    "死亡", SNOMED CT 419620001) is a death whatever the Patient's own flag says."""
    model: Any = patient.model
    gender = get(model, "gender")
    sex = Sex(gender) if gender in {s.value for s in Sex} else Sex.UNKNOWN
    died = to_date(get(model, "deceasedDateTime"))
    # A death recorded after `as_of` had not happened yet on that day.
    deceased = get(model, "deceasedBoolean") is True or (died is not None and died <= as_of)
    if not deceased:
        deceased = any(death_condition(c.model) for c in conditions)
    raw_birth = get(model, "birthDate")
    birth = to_date(raw_birth)
    birth_precision = precision(raw_birth)
    if birth is None or birth_precision is None or birth > as_of:
        return Demographics(evidence=(patient.reference,), sex=sex, deceased=deceased)
    latest = min(_latest_birth(birth, birth_precision), as_of)
    age_max, age_min = age_at(birth, as_of), age_at(latest, as_of)
    return Demographics(
        evidence=(patient.reference,),
        birth_date=birth,
        birth_date_precision=birth_precision,
        age_years=age_max if age_max == age_min else None,
        age_min=age_min,
        age_max=age_max,
        sex=sex,
        deceased=deceased,
    )
