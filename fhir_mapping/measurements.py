"""Lab values and QTc.

Labs: the latest usable value per analyte (`Analyte`), converted to the analyte's canonical
UCUM unit (`eligibility.vocabulary.CANONICAL_UNITS`) with the factors in `data/lab_units.csv`
(e.g. haemoglobin g/L ÷ 10 -> g/dL, creatinine µmol/L ÷ 88.4 -> mg/dL, bilirubin µmol/L ÷ 17.1
-> mg/dL, 10*3/uL == 10*9/L). The Quantity's UCUM `code` is read first, then its `unit`. A value
whose unit is missing or unknown is ignored (with a warning): guessing a unit could turn a
normal value into an excluding one. A comparator (`<`, `>`) makes the value unusable too.
`referenceRange` high/low (in the range's own unit, or the value's) become the upper/lower
limits of normal, converted the same way.

QTc (LOINC 8636-3, or "QTc" in the code text): its own Observation, or a component of an ECG
panel. Milliseconds; seconds are multiplied by 1000. A value without a unit is read as ms when
it lies in 200–800 and as seconds when in 0.2–0.8 (the physiological range makes the reading
unambiguous); anything else is ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from eligibility.facts import Measurement, QTc
from eligibility.vocabulary import CANONICAL_UNITS, Analyte
from fhir_mapping.elements import coded, get, items
from fhir_mapping.mapping_warnings import Warnings
from fhir_mapping.observations import (
    Candidate,
    latest_per_key,
    number,
    observation_date,
    usable,
)
from fhir_mapping.parsing import Parsed
from fhir_mapping.terminology import lab_unit_factors, normalise_unit, observation_table

_MS_UNITS = frozenset({"ms", "msec", "millisecond", "milliseconds", "毫秒"})
_S_UNITS = frozenset({"s", "sec", "second", "seconds", "秒"})


def _units(quantity: Any) -> list[str]:
    found = []
    for key in ("code", "unit"):
        value = get(quantity, key)
        if isinstance(value, str) and value.strip():
            found.append(normalise_unit(value))
    return found


def convert(
    analyte: Analyte, quantity: Any, fallback_units: list[str] | None = None
) -> float | None:
    value = number(get(quantity, "value"))
    if value is None:
        return None
    factors = lab_unit_factors()
    for unit in _units(quantity) or (fallback_units or []):
        factor = factors.get((analyte.value, unit))
        if factor is not None:
            return round(value * factor, 4)
    return None


def _analyte(concepts: tuple[str, ...]) -> Analyte | None:
    lab = next((c for c in concepts if c.startswith("lab:")), None)
    return None if lab is None else Analyte(lab.removeprefix("lab:"))


def read_labs(
    observations: Sequence[Candidate], as_of: date, warnings: Warnings
) -> tuple[Measurement, ...]:
    """The newest usable value per analyte; older results are not read (nor validated, when
    deferred), so a unit is warned about only on the results read."""

    def measure(observation: Parsed) -> Measurement | None:
        if not usable(observation, as_of):
            return None
        model = observation.model
        analyte = _analyte(observation_table().concepts(coded(get(model, "code"))))
        quantity = get(model, "valueQuantity")
        if analyte is None or quantity is None:
            return None
        if get(quantity, "comparator") is not None:
            return None
        value = convert(analyte, quantity)
        if value is None:
            warnings.add(
                "Observation",
                get(model, "id"),
                "valueQuantity",
                "lab unit not recognised; value ignored",
            )
            return None
        high, low = _reference_limits(analyte, model, _units(quantity))
        return Measurement(
            evidence=(observation.reference,),
            analyte=analyte,
            value=value,
            unit=CANONICAL_UNITS[analyte],
            upper_limit_normal=high,
            lower_limit_normal=low,
            date=observation_date(model),
        )

    latest = latest_per_key(observations, lambda seen: _analyte(seen.concepts), measure)
    return tuple(fact for _, fact in latest)


def _reference_limits(
    analyte: Analyte, model: Any, value_units: list[str]
) -> tuple[float | None, float | None]:
    for reference_range in items(model, "referenceRange"):
        high_q, low_q = get(reference_range, "high"), get(reference_range, "low")
        high = convert(analyte, high_q, value_units) if high_q is not None else None
        low = convert(analyte, low_q, value_units) if low_q is not None else None
        if high is not None or low is not None:
            return high, low
    return None, None


def qtc_milliseconds(quantity: Any) -> float | None:
    value = number(get(quantity, "value"))
    if value is None or get(quantity, "comparator") is not None:
        return None
    units = _units(quantity)
    if any(unit in _MS_UNITS for unit in units):
        milliseconds = value
    elif any(unit in _S_UNITS for unit in units):
        milliseconds = value * 1000
    elif not units and 200 <= value <= 800:
        milliseconds = value
    elif not units and 0.2 <= value <= 0.8:
        milliseconds = value * 1000
    else:
        return None
    return round(milliseconds, 3) if 100 <= milliseconds <= 1000 else None


def _qtc(observation: Parsed, as_of: date) -> QTc | None:
    if not usable(observation, as_of):
        return None
    model = observation.model
    quantities = []
    if "qtc" in observation_table().concepts(coded(get(model, "code"))):
        quantities.append(get(model, "valueQuantity"))
    for component in items(model, "component"):
        if "qtc" in observation_table().concepts(coded(get(component, "code"))):
            quantities.append(get(component, "valueQuantity"))
    for quantity in quantities:
        milliseconds = qtc_milliseconds(quantity) if quantity is not None else None
        if milliseconds is not None:
            when = observation_date(model)
            return QTc(evidence=(observation.reference,), milliseconds=milliseconds, date=when)
    return None


def read_qtc(observations: Sequence[Candidate], as_of: date) -> QTc | None:
    latest = latest_per_key(
        observations,
        lambda seen: "qtc" if "qtc" in seen.concepts + seen.component_concepts else None,
        lambda observation: _qtc(observation, as_of),
    )
    return latest[0][1] if latest else None
