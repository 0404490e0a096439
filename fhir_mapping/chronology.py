"""Reading FHIR date, dateTime and Period values as calendar dates.

Facts are dated to the day. A partial date ("2026", "2026-05") is read as the first day of the
period it names (the earliest the event can have happened); birth dates keep their precision
separately (see demographics). A dateTime with a time is an instant, dated on the hospital's
calendar (`hospital_calendar`, GEN-LOCAL-DAY): the day a chart is read on is the hospital's
(GEN-AS-OF), and an instant dated in another offset (a server that writes UTC) could fall after
it while it had already happened, or a day off at a window's edge. Outside `hospital_calendar`
(a caller that names no zone) an instant is dated in its own offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, tzinfo
from typing import Any

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


# The zone instants are dated in during one mapping call (`hospital_calendar`): a context
# variable, so the ~20 readers of dates need no zone argument, and threads and tasks mapping
# charts at once each keep their own.
_calendar: ContextVar[tzinfo | None] = ContextVar("hospital_calendar", default=None)
_DATE_ONLY = len("2026-11-25")


@contextmanager
def hospital_calendar(zone: tzinfo | None) -> Iterator[None]:
    """Within: `to_date` dates an instant (a dateTime with a time and an offset) on `zone`'s
    calendar; None dates it in its own offset."""
    token = _calendar.set(zone)
    try:
        yield
    finally:
        _calendar.reset(token)


def to_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        zone = _calendar.get()
        if zone is None or value.tzinfo is None:
            return value.date()
        return value.astimezone(zone).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if len(value) > _DATE_ONLY and (zone := _calendar.get()) is not None:
            instant = _instant(value)
            if instant is not None:
                return instant.astimezone(zone).date()
        match = _PARTIAL.match(value)
        if not match:
            return None
        year, month, day = match.groups()
        try:
            return date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            return None
    return None


def _instant(value: str) -> datetime | None:
    """A received dateTime string with its offset; None without one (FHIR requires it with a
    time; such a value is read as the date it says) or unreadable."""
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        return None
    return instant if instant.tzinfo is not None else None


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
