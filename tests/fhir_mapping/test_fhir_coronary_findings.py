"""CMB-CORONARY-FINDINGS: a coronary calcium score and a myocardial bridge read as a
coordinator reads them — a zero score and a bridge are no coronary disease, a score above zero
is coronary atherosclerosis of a grade the chart does not give."""

from __future__ import annotations

import pytest

from eligibility.vocabulary import Comorbidity
from fhir_mapping.coronary_findings import no_coronary_disease
from tests.support.condition_chart import condition_facts
from tools.charts.codes import ICD10CM, SNOMED, concept

CHD = Comorbidity.CORONARY_HEART_DISEASE


def _read(text: str) -> list[tuple[Comorbidity, bool, int | None]]:
    facts = condition_facts({"text": text}).comorbidities
    return [(fact.kind, fact.confirmed, fact.grade) for fact in facts]


@pytest.mark.parametrize(
    "text",
    [
        "Coronary artery calcium score 0",
        "Coronary artery calcium (CAC) score 0",
        "CAC 0",
        "CAC score: 0 (0th percentile)",
        "Calcium score of zero",
        "Agatston score 0",
        "冠脉钙化积分 0",
        "冠脉钙化积分 0分",
        "冠状动脉钙化积分为0",
        # The test named before a zero score and nothing else found.
        "冠脉CTA：钙化积分0分，未见斑块及狭窄",
        "Coronary CTA: CAC 0, no plaque or stenosis",
    ],
)
def test_cmb_coronary_findings_a_zero_calcium_score_is_no_coronary_disease(text: str) -> None:
    assert _read(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "CAC score 120",
        "CAC 120",
        "CAC score >400",
        "Agatston score 245",
        "Coronary artery calcium (CAC) score 86",
        "钙化积分 156分",
        "冠脉钙化积分 156",
        # A zero score beside a plaque: the plaque is coronary disease.
        "CAC score 0, non-calcified plaque in LAD",
        "Coronary CTA: CAC 0, non-calcified plaque",
    ],
)
def test_cmb_coronary_findings_a_calcium_score_above_zero_is_coronary_disease(text: str) -> None:
    """A score's band is the plaque's burden, no CTCAE grade: the grade is not given."""
    assert _read(text) == [(CHD, True, None)]


@pytest.mark.parametrize(
    "text",
    [
        "Aortic valve calcium score 1200",
        "主动脉瓣钙化积分 1500",
        "Serum calcium 2.1",
        "Hypercalcemia, calcium 3.2 mmol/L",
        "Cancer-associated cachexia (CAC)",
    ],
)
def test_cmb_coronary_findings_other_calcium_is_not_coronary(text: str) -> None:
    assert _read(text) == []


@pytest.mark.parametrize(
    "text", ["Coronary artery calcium score 0", "CAC 0", "前降支心肌桥，收缩期狭窄约50%"]
)
def test_cmb_coronary_findings_against_a_coronary_code_is_possible(text: str) -> None:
    """A code naming coronary disease whose words give only a zero calcium score or a bridge
    contradicts itself (CMB-WORDS, a code its words deny): possible, never established."""
    code = concept(text, (SNOMED, "53741008", "Coronary arteriosclerosis"))
    facts = condition_facts(code).comorbidities
    assert [(f.kind, f.confirmed) for f in facts] == [(CHD, False)]


@pytest.mark.parametrize(
    "text",
    [
        "前降支心肌桥",
        "前降支中段心肌桥，收缩期狭窄约50%",
        "前降支中段心肌桥，收缩期狭窄约50%，舒张期恢复正常",
        "冠脉CTA示：前降支心肌桥-壁冠状动脉形成",
        "右冠状动脉心肌桥",
        "Myocardial bridging of mid LAD with 50% systolic narrowing",
        "LAD myocardial bridge with systolic compression",
        "Coronary CTA: myocardial bridging of the LAD",
    ],
)
def test_cmb_coronary_findings_a_myocardial_bridge_is_no_coronary_disease(text: str) -> None:
    assert _read(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "前降支心肌桥，近段混合斑块，管腔轻度狭窄",
        "冠脉CTA示：前降支心肌桥，右冠斑块",
        "冠脉CTA示冠脉斑块，前降支心肌桥",
        "冠心病，前降支心肌桥",
        "LAD myocardial bridge with 70% systolic compression and 50% fixed stenosis proximally",
    ],
)
def test_cmb_coronary_findings_a_lesion_beside_a_bridge_is_coronary_disease(text: str) -> None:
    assert _read(text) == [(CHD, True, None)]


def test_cmb_coronary_findings_the_findings_taken_out() -> None:
    rest, findings = no_coronary_disease("前降支心肌桥，收缩期狭窄约50%")
    assert "心肌桥" not in rest
    assert "狭窄" not in rest
    assert findings == ("前降支心肌桥", "收缩期狭窄约50%")


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A range from zero: no plaque or minimal plaque, not told — possible, ungraded.
        ("CAC 0-10", [(CHD, False, None)]),
        ("CAC score 0–10", [(CHD, False, None)]),
        ("Coronary artery calcium score: 0-10 AU", [(CHD, False, None)]),
        ("冠脉钙化积分 0~10分", [(CHD, False, None)]),
        ("钙化积分0至10", [(CHD, False, None)]),
        # A range above zero is plaque; a plaque beside a range from zero is plaque.
        ("CAC 11-100", [(CHD, True, None)]),
        ("CAC 0-10, non-calcified plaque in LAD", [(CHD, True, None)]),
        # Another vessel's calcium score is not coronary.
        ("Aortic valve calcium score 0-10", []),
    ],
)
def test_cmb_coronary_findings_a_calcium_score_range_from_zero_is_possible(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """A score somewhere from 0 (no calcified plaque) to a few points (minimal plaque) leaves
    coronary disease possible: ask, never pass and never exclude."""
    assert _read(text) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("冠脉CTA", []),
        ("冠脉CTA检查", []),
        ("冠脉CTA（2024-05）", []),
        ("Coronary CTA", []),
        ("Coronary CT angiography (2024)", []),
        # A finding after the test, or a disease beside it, is read as it is.
        ("冠脉CTA示前降支狭窄70%", [(CHD, True, None)]),
        ("冠心病 冠脉造影", [(CHD, True, None)]),
        ("冠脉造影+PCI", [(CHD, True, None)]),
        ("Coronary CTA: CAC 0, non-calcified plaque", [(CHD, True, None)]),
    ],
)
def test_cmb_coronary_findings_a_coronary_test_named_alone_is_no_coronary_disease(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """A coronary CT angiography named with no finding is a test done, no disease: 冠脉 and
    "coronary" in its name do not name one. (An invasive angiography is read below.)"""
    assert _read(text) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("冠脉造影术后", [(CHD, False, None)]),
        ("冠状动脉造影术后", [(CHD, False, None)]),
        ("冠脉造影后", [(CHD, False, None)]),
        ("冠脉造影术后（2023）", [(CHD, False, None)]),
        ("冠状动脉造影", [(CHD, False, None)]),
        ("s/p coronary angiography", [(CHD, False, None)]),
        ("Status post coronary angiography", [(CHD, False, None)]),
        ("Coronary angiography (2024)", [(CHD, False, None)]),
        # Its result given, or a coronary disease or intervention beside it: read as it is.
        ("冠脉造影未见明显狭窄", []),
        ("Normal coronary angiogram", []),
        # A normal result after the test, an aside and the report's verb between (chart
        # `rw_coronary_angiography_normal_result_english`).
        ("Coronary angiography: normal coronary arteries", []),
        ("Coronary angiography (2024): normal coronary arteries", []),
        ("Coronary angiography showed normal coronary arteries", []),
        ("冠脉造影（外院）示：正常", []),
        ("Coronary angiography: normal LM, LAD 70% stenosis", [(CHD, True, None)]),
        ("冠脉造影示前降支狭窄70%", [(CHD, True, None)]),
        ("冠心病 冠脉造影术后", [(CHD, True, None)]),
        ("冠脉造影+PCI术后", [(CHD, True, None)]),
        ("PCI术后", [(CHD, True, None)]),
        ("冠脉支架术后", [(CHD, True, None)]),
    ],
)
def test_cmb_coronary_findings_an_angiography_without_its_result_is_possible(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """An invasive coronary angiography is done for suspected coronary disease; named or done
    with no result, it leaves the disease possible — ask what it showed, never pass and never
    exclude. A stent or a PCI treats the disease: it is coronary disease."""
    assert _read(text) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The angiography done, then its normal result after a comma (charts
        # `rw_coronary_angiography_then_no_abnormality_chinese`,
        # `rw_coronary_angiography_then_no_obvious_abnormality_moderate`,
        # `rw_sp_coronary_angiography_no_abnormality_english`).
        ("冠脉造影术后，未见异常", []),
        ("冠状动脉造影术后，未见明显异常", []),
        ("冠脉造影术后，未见明显狭窄", []),
        ("冠脉造影术后，正常", []),
        ("s/p coronary angiography, no abnormality found", []),
        ("s/p coronary angiography, normal", []),
        ("Status post coronary angiography, unremarkable", []),
        # What the clause after the comma finds normal is something else: the angiography's
        # result is not given (chart `rw_coronary_angiography_puncture_site_normal_chinese`).
        ("冠脉造影术后，穿刺点未见血肿", [(CHD, False, None)]),
        ("s/p coronary angiography, no bleeding at the access site", [(CHD, False, None)]),
        # Its result after the comma is a lesion: coronary disease.
        ("冠脉造影术后，前降支狭窄70%", [(CHD, True, None)]),
    ],
)
def test_cmb_coronary_findings_an_angiography_then_its_normal_result(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """An angiography done ("冠脉造影术后") and, after the comma, its result normal ("未见异常",
    "no abnormality found") is a normal angiography: no coronary disease. A normal finding of
    something else (the puncture site) leaves the angiography's result untold: possible."""
    assert _read(text) == read
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    graded = condition_facts({"text": text}, severity=moderate).comorbidities
    assert [(f.kind, f.confirmed) for f in graded] == [(k, c) for k, c, _ in read]


def test_cmb_coronary_findings_an_angiography_does_not_confirm_a_default_severity() -> None:
    """A form's default severity beside an angiography grades a possible disease: unknown
    against "no grade ≥ 2", never a confirmed grade 2 (not met)."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    facts = condition_facts({"text": "冠状动脉造影术后"}, severity=moderate).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == [(CHD, False, None)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The findings after a bracketed aside are the test's: coronary disease.
        ("冠状动脉CTA（外院）：多发斑块，管腔中度狭窄", [(CHD, True, None)]),
        ("冠脉CTA（2024-03）：重度狭窄", [(CHD, True, None)]),
        ("冠脉CTA（外院）示：多发斑块", [(CHD, True, None)]),
        ("冠脉造影（2023）：三支病变", [(CHD, True, None)]),
        ("Coronary CTA (2024): moderate stenosis", [(CHD, True, None)]),
        ("冠脉CTA（2024）：钙化积分0，非钙化斑块", [(CHD, True, None)]),
        # ... and its negative findings, or a finding in the bracket itself, read as before.
        ("冠脉CTA（2024）：未见明显狭窄", []),
        ("冠脉CTA（外院）示：未见狭窄", []),
        ("冠脉CTA（2024）：钙化积分0", []),
        ("Coronary angiography (2024): normal coronary arteries", []),
        ("冠脉CTA（2024）", []),
        ("冠脉CTA（前降支狭窄50%）", [(CHD, True, None)]),
    ],
)
def test_cmb_coronary_findings_a_bracketed_aside_after_the_test_is_not_its_clauses_end(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """A bracket after a coronary test ("（外院）", "（2024-03）") is an aside: the findings
    after it are the test's, coronary disease where they name it. Before 7 December 2026
    (twenty-fourth session) the bracket ended the test's clause, the test was "named alone",
    and its plaques and stenosis were no coronary disease (an unsafe eligible:
    `rw_coronary_cta_outside_hospital_plaques_chinese`)."""
    assert _read(text) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("右冠状动脉起源异常", [(CHD, False, None)]),
        ("右冠状动脉起源于左冠窦", [(CHD, False, None)]),
        ("冠状动脉瘘", [(CHD, False, None)]),
        ("Anomalous origin of the right coronary artery", [(CHD, False, None)]),
        ("Anomalous right coronary artery", [(CHD, False, None)]),
        ("Coronary artery fistula", [(CHD, False, None)]),
        # A lesion or a coronary disease named beside the anomaly is read as it is.
        ("右冠状动脉起源异常，前降支近段狭窄50%", [(CHD, True, None)]),
        ("Anomalous right coronary artery, CAD s/p PCI", [(CHD, True, None)]),
    ],
)
def test_cmb_coronary_findings_a_coronary_anomaly_is_possible(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """A congenital coronary anomaly is no atherosclerosis, but some cause ischaemia: coronary
    disease possible, ungraded — ask, never exclude on it."""
    assert _read(text) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("右冠起源异常", [(CHD, False, None)]),
        ("右冠脉起源异常", [(CHD, False, None)]),
        ("右冠开口异常", [(CHD, False, None)]),
        ("右冠高位开口", [(CHD, False, None)]),
        ("右冠异常起源于左冠窦", [(CHD, False, None)]),
        ("左冠起源于右冠窦", [(CHD, False, None)]),
        ("左主干起源异常", [(CHD, False, None)]),
        ("回旋支发自右冠窦", [(CHD, False, None)]),
        ("右冠瘘", [(CHD, False, None)]),
        ("Anomalous RCA", [(CHD, False, None)]),
        ("Anomalous origin of the RCA from the left coronary sinus", [(CHD, False, None)]),
        (
            "Anomalous right coronary artery arising from the left coronary cusp",
            [(CHD, False, None)],
        ),
        # A lesion or a coronary disease beside it is read as it is; a branch named with no
        # anomaly and no lesion names nothing.
        ("右冠起源异常，前降支近段狭窄50%", [(CHD, True, None)]),
        ("右冠起源异常 冠心病", [(CHD, True, None)]),
        ("Anomalous RCA, LAD stenosis 70%", [(CHD, True, None)]),
        ("右冠开口狭窄", [(CHD, True, None)]),
        ("右冠优势型", []),
    ],
)
def test_cmb_coronary_findings_an_anomaly_by_the_arterys_short_name_is_possible(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """The artery by the short name clinicians write (右冠, 左主干, RCA) is the artery: its
    anomaly makes coronary disease possible as the full name's does; the sinus it arises from
    ("left coronary sinus") names no coronary disease."""
    assert _read(text) == read


def test_cmb_coronary_findings_a_coronary_code_beside_an_anomaly_is_the_coders() -> None:
    """A coronary code stays what the coder chose: the anomaly's words do not deny it."""
    anomaly = concept("右冠状动脉起源异常", (ICD10CM, "I25.10"))
    facts = condition_facts(anomaly).comorbidities
    assert [(f.kind, f.confirmed) for f in facts] == [(CHD, True)]
