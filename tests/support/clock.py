"""The tests' injected clock: a fixed instant that a test moves on by hand (session expiry,
sign-in throttling windows), never the wall clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

FIXED_NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


@dataclass
class MovableClock:
    now: datetime = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta
