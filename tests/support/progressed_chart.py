"""A chart whose second line is the test's: de novo metastatic NPC (bone metastases), four
cycles of cisplatin + gemcitabine from 2026-04-08, then a documented progression on 2026-09-20
(LOINC 97509-4, worsened). The caller adds the records after it."""

from __future__ import annotations

from datetime import date, timedelta

from tools.charts.chart import Chart
from tools.charts.codes import ICD10CM, LOINC, SNOMED, concept


def progressed_chart(pid: str) -> Chart:
    chart = Chart(pid)
    chart.patient("male", "1971-06-14")
    chart.condition(
        concept("鼻咽癌", (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx")),
        date(2026, 3, 18),
    )
    chart.condition(
        concept(None, (ICD10CM, "C79.51", "Secondary malignant neoplasm of bone")),
        date(2026, 3, 25),
    )
    for cycle in range(4):
        day = date(2026, 4, 8) + timedelta(days=21 * cycle)
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
        chart.medication_administration(concept("Gemcitabine 吉西他滨"), day)
    chart.observation(
        concept("Response", (LOINC, "97509-4", "Cancer disease progression")),
        date(2026, 9, 20),
        value_concept=concept("Worse", (SNOMED, "271299001", "Patient's condition worsened")),
    )
    return chart
