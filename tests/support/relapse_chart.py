"""A chart for LOT-RECURRENCE and STG-NODES: NPC diagnosed 2023-02-14, two cycles of cisplatin
in 2023, a Condition worded as a test asks, then gemcitabine + toripalimab from 2025-11-05."""

from __future__ import annotations

from datetime import date

from eligibility.facts import PatientFacts
from fhir_mapping import ValidationCache, build_facts
from tools.charts.chart import Chart
from tools.charts.codes import ICD10CM, concept

AS_OF = date(2026, 11, 25)


def relapse_facts(words: str, onset: date) -> PatientFacts:
    """The facts of the chart whose later Condition reads `words`, from `onset`."""
    chart = Chart("relapse")
    chart.patient("male", "1971-06-14")
    npc = concept("鼻咽癌", (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx"))
    chart.condition(npc, date(2023, 2, 14))
    chart.condition({"text": words}, onset)
    for day in (date(2023, 3, 1), date(2023, 3, 22)):
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
    for day in (date(2025, 11, 5), date(2025, 11, 26)):
        chart.medication_administration(concept("Gemcitabine 吉西他滨"), day)
        chart.medication_administration(concept("Toripalimab 240 mg"), day)
    return build_facts(
        chart.resources, patient_id=chart.pid, as_of=AS_OF, cache=ValidationCache()
    ).facts
