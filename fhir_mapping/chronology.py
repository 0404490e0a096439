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
# A local dateTime: at least "YYYY-MM-DDThh:mm", no offset.
_LOCAL_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
# VAL-DATE-FORMS: "2026-10-01 09:00:00", "2026/10/01", "2026/10/1 9:00" (ASCII digits only).
_EXPORTED = re.compile(
    r"^(?P<y>[0-9]{4})(?P<sep>[-/])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
    r"(?: (?P<h>[0-9]{1,2}):(?P<min>[0-9]{2})(?::(?P<s>[0-9]{2})(?P<f>\.[0-9]+)?)?)?$"
)
# VAL-DATE-FORMS: the HL7 v2 form, "20261001", "202610010930", "20261001093000.000+0800".
_COMPACT = re.compile(
    r"^(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})"
    r"(?:(?P<h>[0-9]{2})(?P<min>[0-9]{2})(?:(?P<s>[0-9]{2})(?P<f>\.[0-9]+)?)?)?"
    r"(?P<zone>Z|[+-][0-9]{4})?$"
)


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


def r4_text(value: str) -> str:
    """The R4 form of a date or dateTime as received, for validation; any other text as it is.

    VAL-DATE-FORMS: a date or time as hospital systems export it ("2026/10/1",
    "2026-10-01 09:00:00") is written the R4 way; rejected, the whole record would be lost.
    GEN-LOCAL-DAY: a time with no offset (R4 requires one) is the hospital's local time, so it
    gets the hospital's offset at that time (`hospital_calendar`; "Z" outside one) and is dated
    the day it says on the hospital's calendar."""
    found = _EXPORTED.match(value) if len(value) >= 8 else None
    if found is not None and not (found["sep"] == "-" and found["h"] is None):
        day = f"{found['y']}-{int(found['m']):02d}-{int(found['d']):02d}"
        if found["h"] is None:
            return day
        seconds = f"{found['s'] or '00'}{found['f'] or ''}"
        value = f"{day}T{int(found['h']):02d}:{found['min']}:{seconds}"
    elif not (len(value) >= 16 and value[10] == "T" and _LOCAL_DATETIME.match(value)):
        return value
    if value.count(":") == 1:
        value += ":00"
    zone = _calendar.get()
    if zone is None:
        return value + "Z"
    try:
        local = datetime.fromisoformat(value)
    except ValueError:  # "2026-02-30T10:00": invalid either way, as received
        return value + "Z"
    offset = local.replace(tzinfo=zone).utcoffset()
    return local.replace(tzinfo=zone).isoformat() if offset is not None else value + "Z"


def r4_compact(value: str) -> str:
    """VAL-DATE-FORMS: the R4 form of a date element's value written the HL7 v2 way
    ("20261001093000+0800"); any other text as it is. Only for date elements: eight digits
    elsewhere are a code or an identifier."""
    found = _COMPACT.match(value) if 8 <= len(value) <= 30 else None
    if found is None:
        return value
    day = f"{found['y']}-{found['m']}-{found['d']}"
    if found["h"] is None:
        return day
    seconds = f"{found['s'] or '00'}{found['f'] or ''}"
    local = f"{day}T{found['h']}:{found['min']}:{seconds}"
    zone = found["zone"]
    if zone is None:
        return r4_text(local)  # GEN-LOCAL-DAY: the hospital's offset
    return local + (zone if zone == "Z" else f"{zone[:3]}:{zone[3:]}")


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
        # VAL-DATE-FORMS, read as validation will see it.
        if "/" in value or " " in value:
            value = r4_text(value)
        elif len(value) >= 8 and value[4:5].isdigit():
            value = r4_compact(value)
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


# GEN-ONSET-TEXT: a date in words, the whole text ("2023年2月", "2023年2月14日", "2023.02",
# "约2019年", "2023年2月份"): a year, a month, a day, written with 年 月 日 or a separator.
_DATE_IN_WORDS = re.compile(
    r"^\s*(?:约|于)?\s*(?P<y>\d{4})\s*(?:(?:年|[-/.])\s*"
    r"(?:(?P<m>\d{1,2})\s*(?:月|[-/.])?\s*(?:(?P<d>\d{1,2})\s*日?)?)?)?"
    r"\s*(?:份|左右|前后)?\s*$"
)


def date_in_words(text: Any) -> date | None:
    """GEN-ONSET-TEXT: the earliest day of a date written as words or a partial date (an
    `onsetString`); None for any other text ("3年前", "childhood")."""
    if not isinstance(text, str):
        return None
    found = _DATE_IN_WORDS.match(text)
    if found is None:
        return None
    try:
        return date(int(found["y"]), int(found["m"] or 1), int(found["d"] or 1))
    except ValueError:
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
