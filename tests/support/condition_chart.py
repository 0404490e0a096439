"""A chart of one patient and one Condition, read as of 2026-11-25: for the rules that read a
Condition's words (CMB-WORDS, CMB-GRADE-OWNER, DX-HISTOLOGY)."""

from __future__ import annotations

from datetime import date
from typing import Any

from eligibility.facts import PatientFacts
from fhir_mapping import ValidationCache, build_facts
from tools.charts.chart import Chart

AS_OF = date(2026, 11, 25)


def condition_facts(code: Any, onset: date = date(2024, 3, 1), **options: Any) -> PatientFacts:
    """The facts of a male patient born 1971 with one Condition coded `code` from `onset`."""
    chart = Chart("condition")
    chart.patient("male", "1971-06-14")
    chart.condition(code, onset, **options)
    return build_facts(
        chart.resources, patient_id=chart.pid, as_of=AS_OF, cache=ValidationCache()
    ).facts
