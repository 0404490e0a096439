"""The date of the data that decided a verdict: the newest date of the facts that the trial's
met criteria cite as evidence.

A coordinator reading a worklist needs to know how fresh the decision is ("ECOG from last
week" and "ECOG from last year" read the same on a list). A criterion's evidence names the
resources it was read from; the facts read from them carry their dates (a result's date, a
diagnosis' onset, a line's start and end). A criterion decided without a dated resource (age,
from the Patient) adds no date; a match with none has no decided-by date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from eligibility.facts import Evidence, Fact, PatientFacts

# The fields of facts that date the clinical data they describe (not a birth date: it dates
# the patient, not the record).
DATING_FIELDS = ("date", "onset", "recorded", "abated", "start", "end", "treated_on")

EvidenceDates = dict[str, date]


def evidence_dates(facts: PatientFacts) -> EvidenceDates:
    """Each evidence reference -> the newest date of the facts read from it."""
    dates: EvidenceDates = {}
    for fact in _facts_in(facts):
        # The model's own values: `getattr` of a field a fact lacks goes through pydantic's
        # `__getattr__` and an AttributeError, ~100 facts x 6 fields per patient.
        values = fact.__dict__
        newest: date | None = None
        for name in DATING_FIELDS:
            value = values.get(name)
            if isinstance(value, date) and (newest is None or value > newest):
                newest = value
        if newest is None:
            continue
        for reference in fact.evidence:
            known = dates.get(reference)
            if known is None or known < newest:
                dates[reference] = newest
    return dates


def decided_on(met_evidence: Iterable[Evidence], dates: EvidenceDates) -> date | None:
    """The newest date among the evidence of met criteria (each a tuple of references)."""
    found = [
        dates[reference]
        for evidence in met_evidence
        for reference in evidence
        if reference in dates
    ]
    return max(found) if found else None


def _facts_in(root: BaseModel) -> list[Fact]:
    """Every fact in `root`, at any depth (in models and tuples of their fields)."""
    found: list[Fact] = []
    pending: list[object] = [root]
    while pending:
        value = pending.pop()
        if isinstance(value, tuple):
            pending.extend(value)
        elif isinstance(value, BaseModel):
            if isinstance(value, Fact):
                found.append(value)
            # A model's field values are its `__dict__` (extras, which facts forbid, are not).
            values = value.__dict__
            pending.extend(values[name] for name in _fields_holding_facts(type(value)))
    return found


@cache
def _fields_holding_facts(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` whose type can hold a fact. Walking only these skips the tuples of
    codes, references and agents most fields hold: ~0.45 ms a patient walking every field."""
    return tuple(
        name
        for name, field in model.model_fields.items()
        if _can_hold_fact(field.annotation, frozenset({model}))
    )


def _can_hold_fact(annotation: object, seen: frozenset[type]) -> bool:
    if annotation is Any or annotation is object:
        return True  # unknown: walked
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if issubclass(annotation, Fact):
            return True
        if annotation in seen:
            return True  # a model holding itself: walked rather than worked out
        return any(
            _can_hold_fact(field.annotation, seen | {annotation})
            for field in annotation.model_fields.values()
        )
    return any(_can_hold_fact(argument, seen) for argument in get_args(annotation))
