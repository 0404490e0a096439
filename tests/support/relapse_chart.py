"""A chart for LOT-RECURRENCE and STG-NODES: NPC diagnosed 2023-02-14, two cycles of cisplatin
in 2023, a Condition worded as a test asks, then gemcitabine + toripalimab from 2025-11-05."""

from __future__ import annotations

from datetime import date, timedelta

from eligibility.facts import PatientFacts
from fhir_mapping import ValidationCache, build_facts
from tools.charts.chart import Chart
from tools.charts.codes import AJCC, CONDITION_CLINICAL, ICD10CM, LOINC, concept

STAGE_M = concept(None, (LOINC, "21907-1", "Distant metastases.clinical [Class] Cancer"))

AS_OF = date(2026, 11, 25)


def relapse_facts(
    words: str | None,
    onset: date | None = None,
    *,
    m0_on: date | None = None,
    status: str | None = None,
    restart: date | None = date(2025, 11, 5),
    recorded: date | None = None,
    undated: bool = False,
) -> PatientFacts:
    """The facts of the chart whose later Condition reads `words`, from `onset` (none without
    words), or entered on `recorded` with no onset, or (`undated`) with neither; with an M0
    stage of the NPC on `m0_on`, the NPC Condition's clinical status `status`, and
    gemcitabine + toripalimab from `restart` (none when None)."""
    chart = Chart("relapse")
    chart.patient("male", "1971-06-14")
    npc = concept("鼻咽癌", (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx"))
    status_concept = concept(None, (CONDITION_CLINICAL, status, status.title())) if status else None
    cancer = chart.condition(
        npc, date(2023, 2, 14), **({"clinical_status": status_concept} if status else {})
    )
    if m0_on is not None:
        chart.observation(
            STAGE_M, m0_on, value_concept=concept(None, (AJCC, "cM0", "cM0")), focus=[cancer]
        )
    if words is not None and recorded is not None:
        entered = chart.condition({"text": words}, None)
        entered["recordedDate"] = recorded.isoformat()
    elif words is not None:
        assert (onset is None) is undated
        chart.condition({"text": words}, onset)
    for day in (date(2023, 3, 1), date(2023, 3, 22)):
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
    for day in (restart, restart + timedelta(days=21)) if restart else ():
        chart.medication_administration(concept("Gemcitabine 吉西他滨"), day)
        chart.medication_administration(concept("Toripalimab 240 mg"), day)
    return build_facts(
        chart.resources, patient_id=chart.pid, as_of=AS_OF, cache=ValidationCache()
    ).facts
