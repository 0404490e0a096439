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
    """The hospital's date at `instant`: the day charts are read on (GEN-AS-OF). Records carry
    the hospital's own dates (an ECOG taken at 07:30 in Shanghai on the 25th is dated the 25th
    while UTC's date is still the 24th), so UTC's date would leave this morning's records
    unread until 08:00 there."""
    return instant.astimezone(zone).date()


def random_uuid() -> str:
    return str(uuid.uuid4())
