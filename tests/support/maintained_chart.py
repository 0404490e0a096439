"""A de novo metastatic NPC on its first line and into maintenance, with no progression: the
chart tests add one record to (a drug of status unknown, a drug given for another disease)."""

from __future__ import annotations

from datetime import date, timedelta

from tools.charts.chart import Chart
from tools.charts.codes import ICD10CM, concept


def maintained_chart(pid: str) -> Chart:
    """Cisplatin + gemcitabine + toripalimab x4 from 2026-04-08, then toripalimab maintenance
    every 21 days to 2026-11-04; no progression recorded."""
    chart = Chart(pid)
    chart.patient("male", "1971-06-14")
    chart.condition(
        concept("鼻咽癌", (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx")),
        date(2026, 3, 18),
    )
    for cycle in range(4):
        day = date(2026, 4, 8) + timedelta(days=21 * cycle)
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
        chart.medication_administration(concept("Gemcitabine 吉西他滨"), day)
    day = date(2026, 4, 8)
    while day <= date(2026, 11, 4):
        chart.medication_administration(concept("Toripalimab 特瑞普利单抗"), day)
        day += timedelta(days=21)
    return chart
