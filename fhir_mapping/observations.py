"""What every Observation-based mapper shares: which Observations count, their date, their value.

An Observation counts when its status is not `registered`, `cancelled` or `entered-in-error`
(preliminary, final, amended, corrected and unknown are read), it has a value (no
dataAbsentReason), and its date is not after `as_of`. Its date is effective[x] (dateTime,
instant or period start), else `issued`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fhir_mapping.chronology import to_date
from fhir_mapping.elements import get
from fhir_mapping.parsing import Parsed

IGNORED_STATUS = frozenset({"registered", "cancelled", "entered-in-error"})


def observation_date(model: Any) -> date | None:
    when = to_date(get(model, "effectiveDateTime")) or to_date(get(model, "effectiveInstant"))
    if when is None:
        when = to_date(get(get(model, "effectivePeriod"), "start"))
    return when or to_date(get(model, "issued"))


def usable(observation: Parsed, as_of: date) -> bool:
    model = observation.model
    if get(model, "status") in IGNORED_STATUS:
        return False
    when = observation_date(model)
    return when is None or when <= as_of


def number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    return None


def newest_first(dated: list[tuple[date | None, int, Any]]) -> list[Any]:
    """Sort (date, input order, item) newest first; undated items last, input order kept."""
    dated.sort(
        key=lambda entry: (entry[0] is not None, entry[0] or date.min, -entry[1]), reverse=True
    )
    return [entry[2] for entry in dated]
