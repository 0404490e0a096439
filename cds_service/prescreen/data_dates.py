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

from pydantic import BaseModel

from eligibility.facts import Evidence, Fact, PatientFacts

# The fields of facts that date the clinical data they describe (not a birth date: it dates
# the patient, not the record).
DATING_FIELDS = ("date", "onset", "recorded", "start", "end", "treated_on")

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
        if isinstance(value, BaseModel):
            if isinstance(value, Fact):
                found.append(value)
            # A model's field values are its `__dict__` (extras, which facts forbid, are not).
            pending.extend(v for v in value.__dict__.values() if isinstance(v, BaseModel | tuple))
        elif isinstance(value, tuple):
            pending.extend(v for v in value if isinstance(v, BaseModel | tuple))
    return found
