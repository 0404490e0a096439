"""The date of the data that decided a verdict: the newest date of the facts that the trial's
met criteria cite as evidence.

A coordinator reading a worklist needs to know how fresh the decision is ("ECOG from last
week" and "ECOG from last year" read the same on a list). A criterion's evidence names the
resources it was read from; the facts read from them carry their dates (a result's date, a
diagnosis' onset, a line's start and end). A criterion decided without a dated resource (age,
from the Patient) adds no date; a match with none has no decided-by date.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
        dated = [
            value for name in DATING_FIELDS if isinstance(value := getattr(fact, name, None), date)
        ]
        if not dated:
            continue
        newest = max(dated)
        for reference in fact.evidence:
            if reference not in dates or dates[reference] < newest:
                dates[reference] = newest
    return dates


def decided_on(met_evidence: Iterable[Evidence], dates: EvidenceDates) -> date | None:
    """The newest date among the evidence of a match's met criteria (`OutcomeSummary`)."""
    found = [
        dates[reference]
        for evidence in met_evidence
        for reference in evidence
        if reference in dates
    ]
    return max(found) if found else None


def _facts_in(value: object) -> Iterator[Fact]:
    if isinstance(value, Fact):
        yield value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _facts_in(getattr(value, name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _facts_in(item)
