"""Reading FHIR date, dateTime and Period values as calendar dates.

Facts are dated to the day. A partial date ("2026", "2026-05") is read as the first day of the
period it names (the earliest the event can have happened); birth dates keep their precision
separately (see demographics). A dateTime is read as the calendar date it was recorded in its own
offset: converting to UTC could move an evening event to the next day.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def to_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _PARTIAL.match(value)
        if not match:
            return None
        year, month, day = match.groups()
        try:
            return date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            return None
    return None


def precision(value: Any) -> str | None:
    """`year`, `month` or `day` for a FHIR date value."""
    if isinstance(value, date):
        return "day"
    if isinstance(value, str):
        match = _PARTIAL.match(value)
        if not match:
            return None
        _, month, day = match.groups()
        return "day" if day else "month" if month else "year"
    return None


def period_bounds(period: Any) -> tuple[date | None, date | None]:
    if period is None:
        return None, None
    return to_date(getattr(period, "start", None)), to_date(getattr(period, "end", None))
