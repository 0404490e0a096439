"""What a DiagnosticReport says, and when: the words of its conclusion (`conclusion`, and the
texts of `conclusionCode`), dated by its effective date, else its issue date. A report that is
not yet a finding (registered, partial) or was withdrawn says nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from fhir_mapping.chronology import period_bounds, to_date
from fhir_mapping.elements import coded_all, get, items
from fhir_mapping.report_text import impression

if TYPE_CHECKING:  # parsing reads selection, which reads `conclusion_texts`
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
    return Findings(when, conclusion_texts(model))


def conclusion_texts(source: Any) -> tuple[str, ...]:
    """The words of a report's conclusion — its `conclusionCode` texts, then `conclusion` — read
    alike from a validated model and from the received JSON (selection); without them, the
    impression of its inline text (LOT-REPORT-TEXT), which the projection makes its conclusion."""
    conclusion = get(source, "conclusion")
    texts = (
        *coded_all(items(source, "conclusionCode")).texts(),
        *([conclusion] if isinstance(conclusion, str) else []),
    )
    if texts:
        return texts
    said = impression(source)
    return (said,) if said is not None else ()
