"""What a DiagnosticReport says, and when: the words of its conclusion (`conclusion`, and the
texts of `conclusionCode`), dated by its effective date, else its issue date. A report that is
not yet a finding (registered, partial) or was withdrawn says nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fhir_mapping.chronology import period_bounds, to_date
from fhir_mapping.elements import coded_all, get, items
from fhir_mapping.parsing import Parsed

_NOT_A_FINDING = frozenset({"registered", "partial", "cancelled", "entered-in-error"})


@dataclass(frozen=True, slots=True)
class Findings:
    when: date | None
    texts: tuple[str, ...]


def findings(report: Parsed, as_of: date) -> Findings | None:
    """The report's conclusion as of `as_of`; None for a report not read (not a finding, or
    dated after the day: GEN-AS-OF)."""
    model = report.model
    if get(model, "status") in _NOT_A_FINDING:
        return None
    when = (
        to_date(get(model, "effectiveDateTime"))
        or period_bounds(get(model, "effectivePeriod"))[0]
        or to_date(get(model, "issued"))
    )
    if when is not None and when > as_of:
        return None
    conclusion = get(model, "conclusion")
    return Findings(
        when,
        (
            *coded_all(items(model, "conclusionCode")).texts(),
            *([conclusion] if isinstance(conclusion, str) else []),
        ),
    )
