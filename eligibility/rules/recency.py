"""Whether a deciding value is recent enough, and how old it is (rule VAL-STALE in
docs/clinical-rules.md): the criterion's own window, else the pre-screen window of its fact read
from `data/recency_windows.csv`."""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

RecencyFact = Literal["ecog", "karnofsky", "qtc", "lab"]


@cache
def default_windows() -> dict[str, int]:
    text = resources.files("eligibility").joinpath("data/recency_windows.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["fact"]: int(row["days"]) for row in rows}


def window(fact: RecencyFact, within_days: int | None) -> int:
    """The window in days: the criterion's (`within_days`), else the fact's pre-screen window."""
    return within_days if within_days is not None else default_windows()[fact]


def too_old(when: date | None, within_days: int | None, as_of: date) -> bool:
    """A result older than `within_days`, or undated: an undated result cannot show it is
    recent."""
    if within_days is None:
        return False
    return when is None or (as_of - when).days > within_days


def dated(when: date | None, as_of: date) -> str:
    """' on 2026-11-16, 9 days before', or ' (undated)': the age a reason states (a value of
    the day itself, such as a web form's answer, needs none)."""
    if when is None:
        return " (undated)"
    days = (as_of - when).days
    if days == 0:
        return f" on {when.isoformat()}"
    return f" on {when.isoformat()}, {days} day{'s' if days != 1 else ''} before"


def stale(value: str, when: date | None, days: int) -> str:
    """The reason a stale value gives: `value` is the value with its age (`dated`)."""
    if when is None:
        return f"{value}: its age cannot be shown to be within the {days}-day window"
    return f"{value}: older than the {days}-day window"
