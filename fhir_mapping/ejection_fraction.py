"""A reduced left ventricular ejection fraction: heart failure possible (rule CMB-SIGNS).

An echocardiogram's LVEF below 50 % says the left ventricle pumps less than it should, whether
or not the problem list names heart failure; the fact is `confirmed=False` and ungraded, so a
heart-failure exclusion asks rather than passes. Only the newest LVEF counts: a fraction that
recovered no longer suggests a failing heart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from eligibility.facts import ComorbidityFact
from eligibility.vocabulary import Comorbidity
from fhir_mapping.elements import get
from fhir_mapping.observations import (
    Candidate,
    latest_per_key,
    number,
    observation_date,
    usable,
)
from fhir_mapping.parsing import Parsed

LVEF = "lvef"
# ESC 2021: preserved at 50 % and above, mildly reduced 41-49 %, reduced 40 % and below.
PRESERVED_PERCENT = 50.0
_PERCENT_WORDS = re.compile(r"^\s*[<≤]?\s*(\d+(?:\.\d+)?)\s*%?")


def read_ejection_fraction(
    candidates: Sequence[Candidate], recorded: Iterable[ComorbidityFact], as_of: date
) -> tuple[ComorbidityFact, ...]:
    """Heart failure possible when the newest LVEF is below 50 %; nothing when a heart-failure
    Condition is already recorded (the Condition decides, with its grade)."""
    if any(f.kind is Comorbidity.HEART_FAILURE and f.active for f in recorded):
        return ()
    latest = latest_per_key(
        candidates,
        lambda seen: LVEF if LVEF in seen.concepts else None,
        lambda observation: _lvef(observation, as_of),
    )
    if not latest:
        return ()
    percent, observation = latest[0][1]
    if percent >= PRESERVED_PERCENT:
        return ()
    return (
        ComorbidityFact(
            evidence=(observation.reference,),
            kind=Comorbidity.HEART_FAILURE,
            onset=observation_date(observation.model),
            text=f"LVEF {percent:g}%",
            confirmed=False,
        ),
    )


def _lvef(observation: Parsed, as_of: date) -> tuple[float, Parsed] | None:
    if not usable(observation, as_of):
        return None
    percent = _percent(
        get(observation.model, "valueQuantity"), get(observation.model, "valueString")
    )
    return None if percent is None else (percent, observation)


def _percent(quantity: Any, words: Any) -> float | None:
    """The fraction in percent: a Quantity in % (or without a unit), a fraction of one (0.45),
    or words ("45%", "<40%")."""
    value = number(get(quantity, "value")) if quantity is not None else None
    if value is None and isinstance(words, str):
        match = _PERCENT_WORDS.match(words)
        value = float(match.group(1)) if match else None
    if value is None:
        return None
    unit = (get(quantity, "code") or get(quantity, "unit") or "%") if quantity is not None else "%"
    if unit not in {"%", "percent", "1"}:
        return None
    # An LVEF of 1 % is no living heart's: a value at or below one is a fraction.
    return value * 100 if value <= 1 else value
