"""What a Procedure says was done, and when: shared by the readers of radiotherapy, chemotherapy
and brain surgery (each decides which Procedures are its own)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from fhir_mapping.chronology import period_bounds, to_date
from fhir_mapping.elements import coded, get
from fhir_mapping.parsing import Parsed
from fhir_mapping.terminology import CodedText, ConceptTable

# FHIR R4 Procedure.status: planned (`preparation`), not done, or recorded in error gave nothing.
NOT_PERFORMED = frozenset({"not-done", "entered-in-error", "preparation"})
PREPARATION = "preparation"
# FHIR R4 Procedure.status `unknown`: "the authoring system does not know which of the status
# values currently applies" (also a missing status, which `repairs` records as `unknown`): the
# record does not say the procedure took place, nor that it did not. Each reader says what that
# leaves open (RT-PLANNING, EXP-CHEMO-PROCEDURE, CNS-EHR).
STATUS_UNKNOWN = "unknown"


def performed(model: Any) -> tuple[date | None, date | None]:
    """`performedPeriod` as (start, end), else `performedDateTime` as (day, None)."""
    start, end = period_bounds(get(model, "performedPeriod"))
    return start or to_date(get(model, "performedDateTime")), end


@dataclass(frozen=True, slots=True)
class Performed:
    """A Procedure a reader owns, as done by `as_of`: its code and when."""

    procedure: Parsed
    code: CodedText
    start: date | None
    end: date | None
    status: str | None = None


def performed_of(
    procedures: list[Parsed],
    table: ConceptTable,
    as_of: date,
    *,
    also: frozenset[str] = frozenset(),
) -> Iterator[Performed]:
    """The Procedures whose code `table` knows that were done (not planned, not done or in
    error; `also`: statuses of NOT_PERFORMED its reader judges itself) and had begun by
    `as_of`. Selection keeps the Procedures some table knows; the check here keeps each reader
    to its own (and a caller that validated every resource, the benchmark's naive baseline,
    from reading a biopsy as radiotherapy)."""
    skipped = NOT_PERFORMED - also
    for procedure in procedures:
        model = procedure.model
        status = get(model, "status")
        if status in skipped:
            continue
        code = coded(get(model, "code"))
        if not table.concepts(code):
            continue
        start, end = performed(model)
        if start is not None and start > as_of:
            continue
        yield Performed(procedure, code, start, end, status)
