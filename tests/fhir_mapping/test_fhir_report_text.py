"""LOT-REPORT-TEXT: a report with no conclusion is read by the impression of its inline text."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from fhir_mapping.report_text import impression
from fhir_mapping.reports import conclusion_texts
from fhir_mapping.selection import project

CHINESE = (
    "检查部位：胸部+上腹部CT增强扫描\n临床诊断：鼻咽癌 评估疗效\n"
    "检查所见：肝内见多发低密度结节。\n诊断意见：1. 肝内新发多发转移灶。2. 疗效评价：PD。\n"
    "报告医师：王某某"
)
HTML = (
    "<p><b>CLINICAL HISTORY:</b> NPC; evaluate for progression.</p>"
    "<p><b>FINDINGS:</b> New lesions.</p>"
    "<p><b>IMPRESSION:</b> New hepatic metastases &amp; osseous disease, unchanged.<br>"
    "Progressive disease.</p><p>Electronically signed by Dr. X</p>"
)


def _report(content_type: str, text: str, encoding: str = "utf-8", **extra: Any) -> dict[str, Any]:
    data = base64.b64encode(text.encode(encoding)).decode("ascii")
    return {
        "resourceType": "DiagnosticReport",
        "id": "r1",
        "status": "final",
        "code": {"text": "CT"},
        "presentedForm": [{"contentType": content_type, "data": data}],
        **extra,
    }


@pytest.mark.parametrize(
    ("content_type", "text", "encoding", "said"),
    [
        ("text/plain; charset=utf-8", CHINESE, "utf-8", "1. 肝内新发多发转移灶。2. 疗效评价：PD。"),
        ("text/plain;charset=GBK", CHINESE, "gbk", "1. 肝内新发多发转移灶。2. 疗效评价：PD。"),
        (
            "text/html",
            HTML,
            "utf-8",
            "New hepatic metastases & osseous disease, unchanged.\nProgressive disease.",
        ),
    ],
)
def test_lot_report_text_the_impression_is_read(
    content_type: str, text: str, encoding: str, said: str
) -> None:
    assert impression(_report(content_type, text, encoding)) == said


@pytest.mark.parametrize(
    "form",
    [
        # No impression heading: the history and the findings cannot be told apart.
        {
            "contentType": "text/plain",
            "data": base64.b64encode(b"Evaluate for progression.").decode(),
        },
        {"contentType": "application/pdf", "data": base64.b64encode(b"IMPRESSION: PD").decode()},
        {"contentType": "text/plain", "url": "Binary/report-1"},  # to be fetched: not read
        {"contentType": "text/plain", "data": "not base64 at all!"},
        {
            "contentType": "text/plain; charset=utf-8",
            "data": base64.b64encode(b"\xff\xfe").decode(),
        },
        {"contentType": "text/plain", "data": "A" * 300_000},  # not a report's text
    ],
)
def test_lot_report_text_what_is_not_read(form: dict[str, Any]) -> None:
    assert impression({"resourceType": "DiagnosticReport", "presentedForm": [form]}) is None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("临床诊断：鼻咽癌\n心电图诊断：窦性心律；QTc 472ms", "窦性心律；QTc 472ms"),
        ("临床诊断：鼻咽癌 评估疗效\n影像诊断：肝内新发转移灶。", "肝内新发转移灶。"),
        (
            "超声所见：肝内多发结节。\n超声提示：肝内多发实性结节，考虑转移。",
            "肝内多发实性结节，考虑转移。",
        ),
        ("Sinus rhythm.\nINTERPRETATION: Prolonged QTc (478 ms).", "Prolonged QTc (478 ms)."),
        ("临床诊断：鼻咽癌", None),  # the referrer's diagnosis only
        ("诊断意见\t肝内新发转移灶。", "肝内新发转移灶。"),  # a tab after the heading
    ],
)
def test_lot_report_text_headings(text: str, said: str | None) -> None:
    assert impression(_report("text/plain", text)) == said


def test_lot_report_text_only_without_a_conclusion() -> None:
    report = _report("text/plain", CHINESE, conclusion="肝内转移灶较前缩小。")
    assert conclusion_texts(report) == ("肝内转移灶较前缩小。",)
    assert project(report)["conclusion"] == "肝内转移灶较前缩小。"


def test_lot_report_text_the_projection_keeps_the_impression_not_the_text() -> None:
    projected = project(_report("text/plain", CHINESE))
    assert projected["conclusion"] == "1. 肝内新发多发转移灶。2. 疗效评价：PD。"
    assert "presentedForm" not in projected
    assert conclusion_texts(projected) == ("1. 肝内新发多发转移灶。2. 疗效评价：PD。",)


def test_lot_report_text_an_html_table_of_headings_and_cells() -> None:
    table = (
        "<table><tr><th>检查所见</th><td>肝内多发低密度结节</td></tr>"
        "<tr><th>诊断意见</th><td>1. 肝内新发多发转移灶。2. 疗效评价：PD。</td></tr></table>"
    )
    said = impression(_report("text/html", table))
    assert said is not None
    assert said.startswith("1. 肝内新发多发转移灶。2. 疗效评价：PD。")
