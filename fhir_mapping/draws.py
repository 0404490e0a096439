"""Whether two laboratory results come from one sample (rule VAL-LAB-ANALYTE: the segmented and
band neutrophil counts are the ANC only when counted on one differential).

A result names its sample by its `specimen` reference and by the instant it was taken
(`effectiveDateTime` with a time of day). Two results of one specimen are of one sample; two of
different specimens, or taken at different times, are not; a result that gives neither (a date
alone, no specimen) does not say, and the caller decides what the day's records allow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fhir_mapping.elements import get


@dataclass(frozen=True, slots=True)
class Draw:
    """The sample a result names: its specimen's reference and its instant, each None when the
    result does not give it (an effective date without a time of day gives no instant)."""

    specimen: str | None
    taken: datetime | None


def draw_of(model: Any) -> Draw:
    specimen = get(get(model, "specimen"), "reference")
    taken = get(model, "effectiveDateTime") or get(model, "effectiveInstant")
    return Draw(
        specimen if isinstance(specimen, str) and specimen.strip() else None,
        taken if isinstance(taken, datetime) else None,
    )


def same_draw(first: Draw, second: Draw) -> bool | None:
    """True when the two results name one sample, False when they name two, None when they do
    not say: the specimens decide when both give one, else the instants when both give one."""
    if first.specimen is not None and second.specimen is not None:
        return first.specimen == second.specimen
    if first.taken is not None and second.taken is not None:
        # Instants in different offsets compare as instants; a naive and an aware one cannot be
        # placed on one clock: not said.
        if (first.taken.tzinfo is None) != (second.taken.tzinfo is None):
            return None
        return first.taken == second.taken
    return None
