"""Whether a dated result is recent enough for a criterion that asks for a recent one."""

from __future__ import annotations

from datetime import date


def too_old(when: date | None, within_days: int | None, as_of: date) -> bool:
    """A result the protocol wants recent (`within_days`) that is older, or undated: an undated
    result cannot show it is recent."""
    if within_days is None:
        return False
    return when is None or (as_of - when).days > within_days
