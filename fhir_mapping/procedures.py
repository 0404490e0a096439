"""What a Procedure says was done, and when: shared by the readers of radiotherapy, chemotherapy
and brain surgery (each decides which Procedures are its own)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fhir_mapping.chronology import period_bounds, to_date
from fhir_mapping.elements import get

# FHIR R4 Procedure.status: planned (`preparation`), not done, or recorded in error gave nothing.
NOT_PERFORMED = frozenset({"not-done", "entered-in-error", "preparation"})


def performed(model: Any) -> tuple[date | None, date | None]:
    """`performedPeriod` as (start, end), else `performedDateTime` as (day, None)."""
    start, end = period_bounds(get(model, "performedPeriod"))
    return start or to_date(get(model, "performedDateTime")), end
