"""Which of a result's reference ranges are the patient's (rule VAL-LAB-ULN in
docs/clinical-rules.md): the normal range (`type`), for the patient's sex and age (`appliesTo`,
`age`) on the result's day. A range for another meaning or population is never used; among the
ranges that are or may be the patient's, one that surely applies and names more (his sex and
his age band) sets aside one that names less (a range for everyone); what remains must agree
(the caller checks), else the limit is unknown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypeVar

from eligibility.vocabulary import Sex
from fhir_mapping.demographics import age_at
from fhir_mapping.elements import coded, get, items
from fhir_mapping.observations import number
from fhir_mapping.terminology import normalise_unit, reference_range_table

T = TypeVar("T")
Fit = Literal["yes", "maybe", "no"]


@dataclass(frozen=True, slots=True)
class Subject:
    """Whom a range must be for: the patient's sex, and the first and last day the patient may
    have been born (None: not recorded)."""

    sex: Sex = Sex.UNKNOWN
    born: tuple[date, date] | None = None


_SEXES = {"sex:male": Sex.MALE, "sex:female": Sex.FEMALE}
_NORMAL = "meaning:normal"
_ADULT = "age:adult"
_ADULT_YEARS = 18.0
# The age units laboratory systems send (UCUM codes and words), in years. An age with no unit
# says none: UCUM reads a Quantity without one as the dimensionless 1, and FHIR's
# `ReferenceRange.age` names no default (it may even be weeks at term for a neonate). A system
# that counts months writes 216 for 18 years; so a unit-less age is read in each of these units,
# and the band decides only when every reading places the patient alike (`_unitless_fit`).
_YEARS_PER_UNIT = {
    "a": 1.0,
    "yr": 1.0,
    "year": 1.0,
    "years": 1.0,
    "岁": 1.0,
    "mo": 1 / 12,
    "month": 1 / 12,
    "months": 1 / 12,
    "月": 1 / 12,
    "wk": 7 / 365.25,
    "week": 7 / 365.25,
    "weeks": 7 / 365.25,
    "周": 7 / 365.25,
    "d": 1 / 365.25,
    "day": 1 / 365.25,
    "days": 1 / 365.25,
    "天": 1 / 365.25,
}

Band = tuple[float, float]  # [from, to) in years of exact age


def applicable(ranges: Sequence[tuple[Any, T]], subject: Subject, when: date) -> list[T]:
    """The payloads of the `(referenceRange, payload)` pairs whose range is or may be the
    patient's on `when`, without those a surer, more specific one sets aside."""
    fits = [
        (fit, payload)
        for reference_range, payload in ranges
        if (fit := _fit(reference_range, subject, when)) is not None
    ]
    sure = [fit.keys() for fit, _ in fits if all(value == "yes" for value in fit.values())]
    return [payload for fit, payload in fits if not any(fit.keys() < named for named in sure)]


def _fit(reference_range: Any, subject: Subject, when: date) -> dict[str, Fit] | None:
    """Per what the range names (its sex, its age), whether the patient is in it; None when it
    is not the patient's: not the normal range, for the other sex or another age, or for a
    population the chart does not place the patient in (pregnancy, children...)."""
    table = reference_range_table()
    kind = get(reference_range, "type")
    if kind is not None and _NORMAL not in table.every_concept(coded(kind)):
        return None
    sexes: set[Sex] = set()
    bands: list[Band | None] = []
    for concept in items(reference_range, "appliesTo"):
        found = table.every_concept(coded(concept))
        if not found or not set(found) <= {*_SEXES, _NORMAL, _ADULT}:
            return None
        sexes.update(_SEXES[c] for c in found if c in _SEXES)
        if _ADULT in found:
            bands.append((_ADULT_YEARS, math.inf))
    fits = [_age_fit(band, subject, when) for band in bands]
    age = get(reference_range, "age")
    if age is not None:
        fits.append(_range_age_fit(age, subject, when))
    named: dict[str, Fit] = {}
    # A range for both sexes ("男/女") names none.
    if len(sexes) == 1:
        sex = sexes.pop()
        named["sex"] = "maybe" if subject.sex not in _SEXES.values() else _is(sex is subject.sex)
    if fits:
        named["age"] = _worst(fits)
    return None if "no" in named.values() else named


def _is(yes: bool) -> Fit:
    return "yes" if yes else "no"


def _worst(fits: list[Fit]) -> Fit:
    return "no" if "no" in fits else "maybe" if "maybe" in fits else "yes"


# VAL-LAB-ULN: the units a unit-less age may be in (see `_YEARS_PER_UNIT`).
_UNITLESS_READINGS = ("a", "mo", "wk", "d")


def _range_age_fit(age: Any, subject: Subject, when: date) -> Fit:
    """Whether the patient is in an `age` Range: read in its units; an end without a unit is
    read in each of `_UNITLESS_READINGS`, and the patient is surely in (or out of) the band only
    when every reading says so."""
    fits = {_age_fit(_band(age, unitless), subject, when) for unitless in _UNITLESS_READINGS}
    return fits.pop() if len(fits) == 1 else "maybe"


def _band(age: Any, unitless: str) -> Band | None:
    """An `age` Range as exact ages [from, to) in years, an end with no unit read in `unitless`;
    None when it cannot be read. A whole upper limit includes its whole unit (18–64 years:
    until the 65th birthday)."""
    low, high = get(age, "low"), get(age, "high")
    start, end = 0.0, math.inf
    if low is not None:
        found = _years(low, 0, unitless)
        if found is None:
            return None
        start = found
    if high is not None:
        found = _years(high, 1, unitless)
        if found is None:
            return None
        end = found
    return (start, end) if start < end else None


def _years(quantity: Any, whole_extra: int, unitless: str) -> float | None:
    value = number(get(quantity, "value"))
    if value is None:
        return None
    units = [u for key in ("code", "unit") if isinstance(u := get(quantity, key), str) and u]
    factors = [_YEARS_PER_UNIT.get(normalise_unit(unit)) for unit in units or [unitless]]
    factor = next((f for f in factors if f is not None), None)
    if factor is None:
        return None
    return (value + (whole_extra if value.is_integer() else 0)) * factor


def _age_fit(band: Band | None, subject: Subject, when: date) -> Fit:
    """Whether the patient's exact age on `when` is in the band: surely, maybe (a partial or
    missing birth date, an unreadable band), or not."""
    if band is None or subject.born is None:
        return "maybe"
    earliest, latest = subject.born
    youngest, oldest = age_at(latest, when), age_at(earliest, when) + 1
    start, end = band
    if start <= youngest and oldest <= end:
        return "yes"
    return "no" if oldest <= start or youngest >= end else "maybe"
