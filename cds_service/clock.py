"""The injected clock and id factory: nothing below the HTTP layer reads the time itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo

Clock = Callable[[], datetime]
IdFactory = Callable[[], str]


def system_clock() -> datetime:
    return datetime.now(UTC)


def local_date(instant: datetime, zone: tzinfo) -> date:
    """The hospital's date at `instant`: the day charts are read on (GEN-AS-OF), on the calendar
    their instants are dated on too (GEN-LOCAL-DAY, `fhir_mapping.chronology`). At 07:50 in
    Shanghai on the 25th it is the 25th there, while UTC's date is still the 24th."""
    return instant.astimezone(zone).date()


def random_uuid() -> str:
    return str(uuid.uuid4())
