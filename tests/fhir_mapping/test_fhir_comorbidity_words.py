"""CMB-WORDS: a comorbidity read with the words around its name — clinicians' short names, a
history the patient denies, a relative's disease, a diagnosis still to be ruled out.

The verdicts are a trial coordinator's: never exclude on a suspicion or a denial, never miss an
old infarction because it was abbreviated."""

from __future__ import annotations

from typing import Any

import pytest

from eligibility.facts import ComorbidityFact
from eligibility.vocabulary import Comorbidity
from fhir_mapping.comorbidities import comorbidity_kinds
from fhir_mapping.terminology import CodedText
from tests.support.condition_chart import condition_facts
from tools.charts.codes import CONDITION_VERIFICATION, ICD10CM, SNOMED, concept

CHD, AF, HF, BRAIN, LEPTO = (
    Comorbidity.CORONARY_HEART_DISEASE,
    Comorbidity.ARRHYTHMIA,
    Comorbidity.HEART_FAILURE,
    Comorbidity.BRAIN_METASTASES,
    Comorbidity.LEPTOMENINGEAL_DISEASE,
)


def _read(code: Any, **options: Any) -> list[tuple[Comorbidity, bool]]:
    found: list[ComorbidityFact] = list(condition_facts(code, **options).comorbidities)
    return [(fact.kind, fact.confirmed) for fact in found]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("陈旧性心梗", [(CHD, True)]),
        ("急性心梗 PCI术后", [(CHD, True)]),
        ("冠脉支架植入术后", [(CHD, True)]),
        ("冠脉搭桥术后", [(CHD, True)]),
        ("冠脉粥样硬化", [(CHD, True)]),
        ("CABG术后", [(CHD, True)]),
        ("s/p CABG x3", [(CHD, True)]),
        ("IHD", [(CHD, True)]),
        ("心脏支架术后", [(CHD, True)]),
        ("PCI术后", [(CHD, True)]),
        ("s/p PCI to LAD 2019", [(CHD, True)]),
        ("PTCA", [(CHD, True)]),
        # Not coronary: another stent; PCI beside the brain, small-cell lung cancer or
        # irradiation is prophylactic cranial irradiation.
        ("胆道支架植入术后", []),
        ("SCLC 行PCI后", []),
        ("小细胞肺癌 PCI 25Gy/10f", []),
        ("s/p PCI (prophylactic cranial irradiation)", []),
        ("全脑预防性照射(PCI)", []),
        ("PCIS", []),
    ],
)
def test_clinicians_short_names_of_coronary_disease(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("长QT综合征", [(AF, True)]),
        ("QTc间期延长", [(AF, True)]),
        ("阵发性室上性心动过速", [(AF, True)]),
        ("室上速射频消融术后", [(AF, True)]),
        ("窦性心动过缓", [(AF, True)]),
        ("窦性心律不齐", [(AF, True)]),
        ("病态窦房结综合征", [(AF, True)]),
        ("永久起搏器植入术后", [(AF, True)]),
        ("预激综合征", [(AF, True)]),
        ("Sick sinus syndrome", [(AF, True)]),
        ("Status post pacemaker implantation", [(AF, True)]),
        # Clinicians' abbreviations.
        ("阵发性AF", [(AF, True)]),
        ("PAF", [(AF, True)]),
        ("AFL s/p ablation", [(AF, True)]),
        ("SVT", [(AF, True)]),
        ("WPW综合征", [(AF, True)]),
        # Heart failure and coronary disease by their abbreviations and kin.
        ("CHF (HFrEF)", [(HF, True)]),
        ("HFpEF", [(HF, True)]),
        ("Dilated cardiomyopathy", [(HF, True)]),
        ("扩张型心肌病", [(HF, True)]),
        ("LV systolic dysfunction, EF 35%", [(HF, True)]),
        ("左室收缩功能减低", [(HF, True)]),
        ("左心室舒张功能减退", []),  # diastolic dysfunction: common, not heart failure
        ("CAD, history of MI", [(CHD, True)]),
        ("NSTEMI 2024", [(CHD, True)]),
        ("ACS s/p stent", [(CHD, True)]),
        ("Mild MI on echo", []),  # mitral insufficiency, not an infarction
        # English ECG findings, as the Chinese ones.
        ("Frequent premature ventricular contractions", [(AF, True)]),
        ("PVCs", [(AF, True)]),
        ("Premature atrial complexes", [(AF, True)]),
        ("Ventricular bigeminy", [(AF, True)]),
        ("Left bundle branch block", [(AF, True)]),
        ("AFP升高", []),  # alpha-fetoprotein
        ("Cafe-au-lait spots", []),
        # A normal rhythm is none.
        ("窦性心律", []),
        ("心电图：窦性心律，大致正常心电图", []),
    ],
)
def test_chinese_names_of_arrhythmias(text: str, read: list[tuple[Comorbidity, bool]]) -> None:
    """CMB-CODES: the Chinese names of what the English pattern reads (tachycardia,
    bradycardia, long QT), and a rhythm device, are arrhythmias."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("脑继发恶性肿瘤", [(BRAIN, True)]),
        ("颅内转移瘤", [(BRAIN, True)]),
        ("脑膜转移", [(BRAIN, True), (LEPTO, False)]),
        ("Brain metastases", [(BRAIN, True)]),
        ("脑转移瘤待排", [(BRAIN, False)]),
        ("否认脑转移", []),
    ],
)
def test_brain_metastases_as_the_spread_words_name_them(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CNS-METASTASES: a brain or meningeal metastasis in words, as STG-SPREAD-WORDS reads it."""
    assert _read({"text": text}) == read


def test_a_pacemaker_status_code_is_an_arrhythmia() -> None:
    assert _read(concept(None, (ICD10CM, "Z95.0", "Presence of cardiac pacemaker"))) == [(AF, True)]


@pytest.mark.parametrize(
    "code",
    [
        concept(None, (ICD10CM, "Z95.5", "Presence of coronary angioplasty implant and graft")),
        concept(None, (ICD10CM, "Z98.61", "Coronary angioplasty status")),
        concept(None, (ICD10CM, "Z95.1", "Presence of aortocoronary bypass graft")),
    ],
)
def test_a_coronary_stent_or_bypass_status_is_coronary_disease(code: Any) -> None:
    assert _read(code) == [(CHD, True)]


@pytest.mark.parametrize(
    "text",
    [
        "否认冠心病、心律失常病史",
        "既往史：否认冠心病",
        "已排除冠心病",
        "Denies coronary artery disease",
        "Patient denies atrial fibrillation",
        "No history of heart failure",
        "No known history of atrial fibrillation",
        "家族史：父亲阵发性房颤",
        "冠心病家族史",
        "Family history of atrial fibrillation",
    ],
)
def test_a_denied_or_a_relatives_disease_is_no_diagnosis(text: str) -> None:
    assert _read({"text": text}) == []


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A denial that does not open the entry is about something else.
        ("脑转移，否认头痛", [(BRAIN, True)]),
        ("Brain metastases; denies headache", [(BRAIN, True)]),
        ("脑转移瘤（MRI未见新发病灶）", [(BRAIN, True)]),
        ("Brain metastasis, no evidence of progression", [(BRAIN, True)]),
    ],
)
def test_words_about_the_course_leave_the_diagnosis(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("阵发性房颤待排 (Holter待查)", AF),
        ("疑似房颤", AF),
        ("冠心病可能", CHD),
        ("冠心病不除外", CHD),
        ("心衰?", HF),
        ("心衰？", HF),
        ("Suspected atrial fibrillation", AF),
        ("Possible heart failure", HF),
        ("Rule out coronary artery disease", CHD),
        ("r/o atrial fibrillation", AF),
    ],
)
def test_a_diagnosis_still_to_be_ruled_out_is_unconfirmed(text: str, kind: Comorbidity) -> None:
    assert _read({"text": text}) == [(kind, False)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Ischemic cardiomyopathy", [(CHD, True), (HF, True)]),
        ("缺血性心肌病", [(CHD, True), (HF, True)]),
        ("心肌梗死后心衰", [(CHD, True), (HF, True)]),
        ("Tachycardia-induced cardiomyopathy", [(HF, True), (AF, True)]),
        ("缺血性心肌病待排", [(CHD, False), (HF, False)]),
        ("否认冠心病、心衰病史", []),
    ],
)
def test_cmb_words_a_text_naming_two_diseases_is_both(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: ischaemic cardiomyopathy is coronary disease and a cardiomyopathy (heart
    failure); a Condition is every disease of the table its words name, with their doubts."""
    assert sorted(_read({"text": text})) == sorted(read)


def test_words_never_confirm_what_the_verification_status_does_not() -> None:
    provisional = concept(
        None, ("http://terminology.hl7.org/CodeSystem/condition-ver-status", "provisional")
    )
    assert _read({"text": "阵发性房颤"}, verification_status=provisional) == [(AF, False)]


def _grades(text: str) -> dict[Comorbidity, int | None]:
    return {fact.kind: fact.grade for fact in condition_facts({"text": text}).comorbidities}


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        # Another diagnosis's grade is not the comorbidity's.
        ("冠心病，高血压3级（极高危）", {CHD: None}),
        ("冠心病 高血压病2级", {CHD: None}),
        ("冠心病 PCI术后 高血压1级", {CHD: None}),
        ("阵发性房颤 高血压2级", {AF: None}),
        ("房颤，脑梗死后遗症 肌力4级", {AF: None}),
        ("Coronary artery disease; hypertension grade 2", {CHD: None}),
        ("CAD, HTN grade 2", {CHD: None}),
        # Its own grade, in its diagnosis or alone right after it.
        ("房颤(2级)", {AF: 2}),
        ("房颤，2级", {AF: 2}),
        ("房颤 2级", {AF: 2}),
        ("Atrial fibrillation, grade 2", {AF: 2}),
        ("Atrial fibrillation (CTCAE grade 2)", {AF: 2}),
        ("冠心病 心绞痛 II级", {CHD: 2}),
        ("冠心病 (CTCAE 1级), 高血压3级", {CHD: 1}),
        ("高血压3级，冠心病 1级", {CHD: 1}),
        # Two comorbidities of one entry, each with its own grade or none.
        ("冠心病 房颤2级", {CHD: None, AF: 2}),
        # A cardiac functional class grades the failing and the ischaemic heart, whatever it is
        # beside; II-IV is heart failure's class.
        ("冠心病 心功能II级", {CHD: 2, HF: 2}),
        ("冠心病 高血压 心功能III级", {CHD: 3, HF: 3}),
        # Canadian Cardiovascular Society angina classes.
        ("Stable angina, CCS class II", {CHD: 2}),
        ("稳定型心绞痛 CCS I级", {CHD: 1}),
    ],
)
def test_cmb_grade_owner_a_grade_is_its_own_diagnosiss(
    text: str, grades: dict[Comorbidity, int | None]
) -> None:
    """CMB-GRADE-OWNER: an admission note's entry lists several diagnoses; a grade belongs to
    the one it stands in (hypertension's 1-3 by blood pressure, a stroke's muscle power)."""
    assert _grades(text) == grades


def test_cmb_grade_owner_a_coded_entry_keeps_its_grade() -> None:
    """A Condition coded AF whose text is only a grade names nothing else: the grade is its."""
    af = concept("2级", (ICD10CM, "I48.0", "Paroxysmal atrial fibrillation"))
    assert [(f.kind, f.grade) for f in condition_facts(af).comorbidities] == [(AF, 2)]


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("冠心病 稳定型心绞痛 Ⅱ级", {CHD: 2}),
        ("劳力性心绞痛 CCS Ⅲ级", {CHD: 3}),
        ("慢性心力衰竭 NYHA Ⅱ级", {HF: 2}),
        ("冠心病 心功能Ⅲ级", {CHD: 3, HF: 3}),
        ("阵发性房颤 Ⅰ级", {AF: 1}),
        ("房颤２级", {AF: 2}),  # a full-width digit
    ],
)
def test_cmb_grade_owner_unicode_roman_numerals_are_grades(
    text: str, grades: dict[Comorbidity, int | None]
) -> None:
    """CMB-GRADE-OWNER: Ⅱ (U+2161), the numeral a Chinese input method types, is II."""
    assert _grades(text) == grades


@pytest.mark.parametrize(("severity", "grade"), [("Ⅰ级", 1), ("Ⅲ级", 3), ("Ⅱ", None)])
def test_cmb_grade_owner_a_severity_in_unicode_roman_numerals(
    severity: str, grade: int | None
) -> None:
    facts = condition_facts({"text": "阵发性房颤"}, severity={"text": severity}).comorbidities
    assert [(f.kind, f.grade) for f in facts] == [(AF, grade)]


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("频发室性早搏 (Lown 2级)", {AF: None}),
        ("室性早搏 Lown IVa级", {AF: None}),
        ("阵发性房颤 EHRA II级", {AF: None}),
        ("房颤 CHA₂DS₂-VASc 2分", {AF: None}),
        ("房颤 HAS-BLED 3分", {AF: None}),
        ("急性心肌梗死 Killip II级 (2019)", {CHD: None}),
        ("冠心病 PCI术后 TIMI 3级", {CHD: None}),
        ("STEMI, Killip class II", {CHD: None}),
        # The CTCAE grade beside another scale's class is still read.
        ("阵发性房颤 EHRA II级，CTCAE 1级", {AF: 1}),
    ],
)
def test_cmb_grade_owner_other_scales_are_not_grades(
    text: str, grades: dict[Comorbidity, int | None]
) -> None:
    """CMB-GRADE-OWNER: Lown (Holter ectopy), EHRA (AF symptoms), Killip (an infarction's acute
    heart failure), TIMI flow and risk scores grade something else than CTCAE does."""
    assert _grades(text) == grades


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("持续性房颤 心功能I级", {AF: None, HF: 1}),
        ("房颤(心功能II级)", {AF: None, HF: 2}),
        ("阵发性房颤 NYHA class III", {AF: None, HF: 3}),
        # Coronary disease and heart failure are graded by it.
        ("冠心病 心功能I级", {CHD: 1, HF: 1}),
    ],
)
def test_cmb_grade_owner_a_nyha_class_is_never_an_arrhythmias_grade(
    text: str, grades: dict[Comorbidity, int | None]
) -> None:
    """CMB-GRADE-OWNER: CTCAE grades an arrhythmia by its symptoms and the intervention it needs,
    not by the heart's exercise capacity."""
    assert _grades(text) == grades


def test_cmb_grade_owner_a_coded_arrhythmia_is_not_graded_by_a_nyha_class() -> None:
    af = concept("NYHA class III", (ICD10CM, "I48.0", "Paroxysmal atrial fibrillation"))
    facts = condition_facts(af).comorbidities
    assert {(f.kind, f.grade) for f in facts} == {(AF, None), (HF, 3)}


@pytest.mark.parametrize(
    ("code", "read"),
    [
        ({"text": "心功能III级"}, [(HF, 3, True)]),
        ({"text": "心功能Ⅳ级"}, [(HF, 4, True)]),
        ({"text": "心功能II-III级"}, [(HF, 3, True)]),
        ({"text": "NYHA Ⅲ级"}, [(HF, 3, True)]),
        # Class I limits no activity: heart failure at most possible, grade 1.
        ({"text": "心功能I级"}, [(HF, 1, False)]),
        ({"text": "NYHA class I"}, [(HF, 1, False)]),
        ({"text": "Heart failure, NYHA class I"}, [(HF, 1, True)]),
        (concept("心功能I级", (ICD10CM, "I50.9", "Heart failure, unspecified")), [(HF, 1, True)]),
        ({"text": "心功能不全"}, [(HF, None, True)]),
    ],
)
def test_cmb_codes_a_heart_function_class_names_heart_failure(
    code: Any, read: list[tuple[Comorbidity, int | None, bool]]
) -> None:
    """CMB-CODES: 心功能III级 alone is heart failure of NYHA class III; class I alone only
    possibly heart failure."""
    found = condition_facts(code).comorbidities
    assert [(f.kind, f.grade, f.confirmed) for f in found] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Chinese ICD-10 titles and the short forms of premature beats.
        ("室性期前收缩", [(AF, True)]),
        ("房性期前收缩", [(AF, True)]),
        ("频发室早", [(AF, True)]),
        ("频发房早", [(AF, True)]),
        # Conduction disorders, as "bundle branch block" and I44-I45 already are.
        ("完全性右束支阻滞", [(AF, True)]),
        ("左前分支阻滞", [(AF, True)]),
        ("First-degree atrioventricular block", [(AF, True)]),
        ("心房纤颤", [(AF, True)]),
        ("窦性停搏", [(AF, True)]),
        ("心脏骤停复苏术后", [(AF, True)]),
        ("Brugada综合征", [(AF, True)]),
        ("Afib on apixaban", [(AF, True)]),
        ("A-fib", [(AF, True)]),
        ("NSVT on Holter", [(AF, True)]),
        ("AVNRT 射频消融术后", [(AF, True)]),
        ("Myocardial ischemia", [(CHD, True)]),
        ("ASHD", [(CHD, True)]),
        ("左室射血分数降低 (LVEF 35%)", [(HF, True)]),
        # Not heart disease.
        ("心室早期复极", []),  # early repolarisation, an ECG variant
        ("乳房早期浸润癌", []),
        ("腰丛神经阻滞术后", []),
        ("Fibroadenoma of breast, a fibrous lump", []),
    ],
)
def test_cmb_words_formal_and_short_names_of_arrhythmias(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: the words a Chinese or Western problem list uses for an arrhythmia, coronary
    disease or a reduced ejection fraction, beside those already read."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ((ICD10CM, "I42.0"), HF),  # dilated cardiomyopathy
        ((ICD10CM, "I11.0"), HF),  # hypertensive heart disease with heart failure
        ((ICD10CM, "I13.0"), HF),
        ((ICD10CM, "Z95.811"), HF),  # heart assist device
        ((ICD10CM, "I46.9"), AF),  # cardiac arrest
        ((ICD10CM, "Z95.810"), AF),  # implanted defibrillator
        ((SNOMED, "42343007"), HF),  # congestive heart failure
        ((SNOMED, "22298006"), CHD),  # myocardial infarction
        ((SNOMED, "698247007"), AF),  # arrhythmia
        ((SNOMED, "27885002"), AF),  # complete AV block
    ],
)
def test_cmb_codes_verified_codes_without_display(code: tuple[str, str], kind: Comorbidity) -> None:
    """CMB-CODES: a code alone, no display, no text, names the condition."""
    assert _read(concept(None, code)) == [(kind, True)]


@pytest.mark.parametrize("code", ["I11.9", "I10", "Z95.2"])
def test_cmb_codes_hypertension_and_valves_are_not_heart_failure(code: str) -> None:
    assert _read(concept(None, (ICD10CM, code))) == []


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Cardiac dysfunction", [(HF, True)]),
        ("心功能减退", [(HF, True)]),
        ("心脏功能不全", [(HF, True)]),
        ("心功能下降", [(HF, True)]),
        ("LV dysfunction", [(HF, True)]),
        # Diastolic dysfunction, common on the echocardiograms of the elderly, stays unread.
        ("左室舒张功能减退", []),
        ("Left ventricular diastolic dysfunction", []),
    ],
)
def test_cmb_words_cardiac_dysfunction_is_heart_failure(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Sustained VT (2023)", [(AF, True)]),
        ("VT发作", [(AF, True)]),
        ("h/o VT, s/p ablation", [(AF, True)]),
        # The letters VT inside another abbreviation: a deep vein or a venous thromboembolism.
        ("LLE DVT on rivaroxaban", []),
        ("VTE prophylaxis", []),
        ("CVT 2022", []),
    ],
)
def test_cmb_words_vt_is_ventricular_tachycardia_as_a_whole_word(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("高血压性心脏病", [(HF, False)]),
        ("高血压心脏病", [(HF, False)]),
        ("Hypertensive heart disease", [(HF, False)]),
        ("全心扩大", [(HF, False)]),
        ("心脏扩大", [(HF, False)]),
        ("Cardiomegaly", [(HF, False)]),
        ("心超: LVEF 45%", [(HF, False)]),
        ("EF 35-40%", [(HF, False)]),
        ("射血分数 40%", [(HF, False)]),
        ("LVEF <40%", [(HF, False)]),
        # A preserved fraction, a left atrium enlarged alone: nothing.
        ("心超: LVEF 60%", []),
        ("EF 50-55%", []),
        ("左房扩大", []),
        # A class beside the finding grades a failing heart (CMB-CODES).
        ("高血压性心脏病 心功能III级", [(HF, True)]),
        # Denied, a relative's: no diagnosis (CMB-WORDS).
        ("否认高血压性心脏病", []),
    ],
)
def test_cmb_signs_findings_make_heart_failure_possible(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("code", "read"),
    [
        # The coder's title states no heart failure: neither heart failure nor a heart-failure
        # question from the hypertensive heart (CMB-SIGNS).
        (
            concept(
                "Hypertensive heart disease without heart failure",
                (ICD10CM, "I11.9", "Hypertensive heart disease without heart failure"),
            ),
            [],
        ),
        (
            concept(
                None,
                (
                    ICD10CM,
                    "I13.10",
                    "Hypertensive heart and chronic kidney disease without heart failure, with "
                    "stage 1 through stage 4 chronic kidney disease, or unspecified chronic "
                    "kidney disease",
                ),
            ),
            [],
        ),
        ({"text": "高血压性心脏病（不伴心力衰竭）"}, []),
        ({"text": "高血压性心脏病，不伴有心衰"}, []),
        ({"text": "高血压性心脏病 无心衰"}, []),
        ({"text": "Hypertensive heart disease without congestive heart failure"}, []),
        ({"text": "Hypertensive heart disease with no heart failure"}, []),
        ({"text": "hypertensive heart disease w/o HF"}, []),
        # The same title with the failure: heart failure (CMB-CODES I11.0).
        (
            concept(
                "Hypertensive heart disease with heart failure",
                (ICD10CM, "I11.0", "Hypertensive heart disease with heart failure"),
            ),
            [(HF, True)],
        ),
        # Nothing said of the failure: possible (CMB-SIGNS).
        ({"text": "高血压性心脏病"}, [(HF, False)]),
    ],
)
def test_cmb_signs_hypertensive_heart_disease_without_heart_failure_is_no_heart_failure(
    code: Any, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read(code) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("高血压病3级，不伴心律失常", []),
        ("Hypertension without arrhythmia", []),
        ("Chest pain without angina", []),
        ("Atypical chest pain; stress echo: no evidence of myocardial ischemia", []),
        ("Palpitations - Holter negative for atrial fibrillation", []),
        ("未见心脏扩大", []),
        ("心超：未见心脏扩大，左室射血分数62%", []),
        ("心脏彩超未见明显异常", []),
        ("未见室壁运动异常", []),
        ("未发现心律失常", []),
        ("动态心电图未提示房颤", []),
        ("高血压病史10年，否认冠心病、糖尿病史", []),
        ("无心衰及心律失常", []),
    ],
)
def test_cmb_words_a_negation_inside_the_entry_is_not_the_disease(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The denial ends with its clause: what follows is affirmed.
        ("未见心包积液，房颤", [(AF, True)]),
        ("心超未见心包积液，阵发性房颤", [(AF, True)]),
        ("无心衰 房颤", [(AF, True)]),
        ("冠心病 稳定型心绞痛 无心衰", [(CHD, True)]),
        ("NSTEMI without ST elevation but with atrial fibrillation", [(CHD, True), (AF, True)]),
        ("Heart failure without AF", [(HF, True)]),
        # 无 that begins a name denies nothing: silent ischaemia, painless and non-Q-wave
        # infarction, pulseless VT; 无法除外 is "cannot be excluded", unconfirmed.
        ("无症状性心肌缺血", [(CHD, True)]),
        ("无痛性心肌梗死", [(CHD, True)]),
        ("无Q波心肌梗死", [(CHD, True)]),
        ("无脉性室速", [(AF, True)]),
        ("无法除外房颤", [(AF, False)]),
    ],
)
def test_cmb_words_a_negation_denies_its_own_clause_only(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    "text",
    [
        "左室舒张功能减低",
        "左室舒张功能减退（I级）",
        "LV diastolic dysfunction",
        "Grade I diastolic dysfunction",
        "Left ventricular diastolic dysfunction, LVEF 64%",
    ],
)
def test_cmb_words_diastolic_dysfunction_alone_is_not_heart_failure(text: str) -> None:
    """CMB-WORDS: diastolic dysfunction on an echocardiogram, no symptoms or heart-failure
    diagnosis named, is not heart failure (HFpEF needs symptoms): not read, decided on purpose."""
    assert _read({"text": text}) == []


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Words after the disease that rule it out, in the problem list's and the discharge
        # diagnosis' forms.
        ("房颤已排除", []),
        ("冠心病已排除", []),
        ("房颤排除", []),
        ("冠心病除外", []),
        ("Atrial fibrillation - ruled out", []),
        ("Coronary artery disease excluded", []),
        ("AF: negative", []),
        ("房颤（-）", []),
        ("心衰：无", []),
        ("Heart failure: none", []),
        ("高血压性心脏病无心衰", []),
        ("冠心病（已排除）", []),
        ("房颤（阴性）", []),
        # Scoped to the phrase they follow: the rest of the entry stands.
        ("房颤，冠心病已排除", [(AF, True)]),
        ("阵发性房颤，冠心病已排除", [(AF, True)]),
        ("冠心病 房颤已排除", [(CHD, True)]),
        ("Heart failure; AF ruled out", [(HF, True)]),
        # A test's result names its analyte, not the disease before it in the same run.
        ("冠心病肌钙蛋白阴性", [(CHD, True)]),
        # Not excluded, still to be excluded, cannot be excluded: suspected.
        ("房颤不除外", [(AF, False)]),
        ("房颤待排除", [(AF, False)]),
        ("房颤不能排除", [(AF, False)]),
        ("房颤无法除外", [(AF, False)]),
        ("房颤未排除", [(AF, False)]),
        ("AF not ruled out", [(AF, False)]),
        ("AF cannot be excluded", [(AF, False)]),
        # 有无 asks whether: no denial.
        ("有无房颤？", [(AF, False)]),
    ],
)
def test_cmb_words_words_after_the_disease_rule_it_out(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: an entry whose own words say the disease was ruled out (已排除, 排除, 除外,
    "ruled out", "excluded", "negative", "：无", "(-)") is no diagnosis of it, as a refuted
    verification status is; 不除外 / 待排除 / 无法除外 leave it suspected."""
    assert _read({"text": text}) == read


_I48 = (ICD10CM, "I48.91", "Unspecified atrial fibrillation")


@pytest.mark.parametrize(
    ("text", "options", "read"),
    [
        # The code says AF, the entry's own words deny it, no status settles it: possible.
        ("房颤已排除（Holter）", {"verification_status": None}, [(AF, False)]),
        ("AF ruled out", {"verification_status": None}, [(AF, False)]),
        ("否认房颤病史", {"verification_status": None}, [(AF, False)]),
        ("Family history of atrial fibrillation", {"verification_status": None}, [(AF, False)]),
        # A default "confirmed" status does not settle words that deny the code.
        ("Atrial fibrillation - ruled out", {}, [(AF, False)]),
        # Words denying another disease leave the code's.
        ("房颤，冠心病已排除", {}, [(AF, True)]),
        ("冠心病已排除", {}, [(AF, True)]),
    ],
)
def test_cmb_words_a_code_its_words_deny_is_possible(
    text: str, options: dict[str, Any], read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: a code whose entry's words deny or rule it out is contradictory — unconfirmed
    (unknown: confirm or refute), never read as the disease and never silently dropped."""
    assert _read(concept(text, _I48), **options) == read


def test_cmb_words_a_refuted_code_its_words_deny_is_no_diagnosis() -> None:
    """CMB-WORDS: a refuted verification status settles the contradiction."""
    refuted = concept(None, (CONDITION_VERIFICATION, "refuted", "Refuted"))
    assert _read(concept("房颤已排除", _I48), verification_status=refuted) == []


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("CAD ruled out by CTA", []),
        ("Heart failure ruled out by echo", []),
        ("CAD excluded by coronary angiography", []),
        ("冠脉CTA排除冠心病", []),
        ("经冠脉造影排除冠心病", []),
        ("胸痛 排除心梗", []),
        ("冠脉造影未见明显狭窄", []),
        ("Coronary CTA: no CAD", []),
        # Not ruled out: suspected; a coronary test's positive finding is the disease.
        ("冠脉CTA未排除冠心病", [(CHD, False)]),
        ("不除外房颤", [(AF, False)]),
        ("冠脉造影示前降支狭窄70%", [(CHD, True)]),
        ("Coronary angiography: 3-vessel CAD", [(CHD, True)]),
    ],
)
def test_cmb_words_ruled_out_by_a_test(text: str, read: list[tuple[Comorbidity, bool]]) -> None:
    """CMB-WORDS: the test named after "ruled out", and 排除 / 除外 before the disease, rule it
    out; the coronary test named with its negative result is no disease."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A negative word about another finding does not deny the diagnosis before it.
        ("房颤，肌钙蛋白阴性", [(AF, True)]),
        ("AF, no chest pain", [(AF, True)]),
        ("AF, troponin negative", [(AF, True)]),
        ("冠心病 无心绞痛发作", [(CHD, True)]),
        ("冠心病，无胸痛", [(CHD, True)]),
        ("心衰 BNP正常", [(HF, True)]),
        ("心衰，NT-proBNP阴性", [(HF, True)]),
        ("CHF, no peripheral edema", [(HF, True)]),
        ("AF without RVR", [(AF, True)]),
        ("no AF, CAD stable", [(CHD, True)]),
        ("CAD, negative stress test", [(CHD, True)]),
        ("房颤射频消融术后，无复发", [(AF, True)]),
    ],
)
def test_cmb_words_a_negation_about_another_finding_leaves_the_diagnosis(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    "text", ["父亲冠心病", "母亲有房颤病史", "其父冠心病史", "Father: CAD", "Mother with AF"]
)
def test_cmb_words_a_named_relatives_disease_is_no_diagnosis(text: str) -> None:
    assert _read({"text": text}) == []


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A clause after the opening denial that its list may not reach: ask.
        ("否认高血压、糖尿病，房颤病史5年", [(AF, False)]),
        ("Denies CAD, AF since 2019", [(AF, False)]),
        # The list closes the entry: every name in it is denied.
        ("否认高血压，糖尿病，冠心病病史", []),
        ("No history of AF, CAD or HF", []),
        ("否认冠心病、心衰病史", []),
    ],
)
def test_cmb_words_a_clause_after_an_opening_denial(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: an opening denial denies its list; a disease named after the list's comma,
    the entry not closing as the list does (史, "or"), may be the patient's: unconfirmed."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("非缺血性心肌病", [(HF, True)]),
        ("Non-ischemic cardiomyopathy", [(HF, True)]),
        ("Nonischemic cardiomyopathy", [(HF, True)]),
        ("缺血性心肌病", [(CHD, True), (HF, True)]),
    ],
)
def test_cmb_words_a_non_ischaemic_cardiomyopathy_is_not_coronary(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The verdict alone in its clause rules out the clause before it.
        ("疑似房颤，已排除", []),
        ("房颤待排，已排除", []),
        ("Possible CAD, ruled out by stress test", []),
        # Not where a disease follows it, nor another disease before its own verdict.
        ("冠心病，房颤已排除", [(CHD, True)]),
        ("房颤，已排除冠心病", [(AF, True)]),
    ],
)
def test_cmb_words_a_verdict_after_the_suspicion_rules_it_out(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "kind"),
    [("CAD unlikely", CHD), ("AF unlikely", AF), ("Low suspicion for CAD", CHD)],
)
def test_cmb_words_unlikely_is_unconfirmed(text: str, kind: Comorbidity) -> None:
    """CMB-WORDS: judged improbable is not refuted, and never a diagnosis to exclude on."""
    assert _read({"text": text}) == [(kind, False)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Family history abbreviated, or a family member: a relative's disease.
        ("FHx: CAD", []),
        ("FH of CAD", []),
        ("Fam hx CAD", []),
        ("家族中有冠心病患者", []),
        ("FHx: CAD, AF", []),
        # The patient's own disease named before the clause naming a relative.
        ("AF, FHx negative", [(AF, True)]),
        ("房颤，家族史阴性", [(AF, True)]),
        ("冠心病 家族史：父亲冠心病", [(CHD, True)]),
        ("Paroxysmal atrial fibrillation, grade 2, no family history", [(AF, True)]),
    ],
)
def test_cmb_words_a_relatives_clause_is_the_relatives_only(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A template's answer after a colon or a dash, or alone in brackets.
        ("冠心病：否认", []),
        ("房颤：否认", []),
        ("Afib: denies", []),
        ("HF - None", []),
        ("心衰（否认）", []),
        ("冠心病（无）", []),
        ("房颤（无症状）", [(AF, True)]),
        ("AF - no further episodes", [(AF, True)]),
        # The coronary arteries or a coronary test with a negative or normal result.
        ("冠脉未见明显狭窄", []),
        ("冠状动脉未见明显狭窄", []),
        ("冠脉造影正常", []),
        ("冠状动脉CTA未见异常", []),
        ("Normal coronary angiogram", []),
        # Not where the disease is named beside it.
        ("冠脉支架术后 未见再狭窄", [(CHD, True)]),
        ("冠状动脉粥样硬化，未见明显狭窄", [(CHD, True)]),
        ("冠心病，冠脉造影正常", [(CHD, True)]),
    ],
)
def test_cmb_words_a_template_answer_or_a_normal_coronary_test_denies(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Ruled out or not found, before or after the words naming them: no brain metastases.
        ("脑转移已排除", []),
        ("颅内转移已排除（MRI）", []),
        ("Brain metastases ruled out", []),
        ("Brain metastases - ruled out on MRI", []),
        ("疑似脑转移，已排除", []),
        ("未见颅内转移", []),
        ("排除脑转移", []),
        ("no evidence of brain metastases", []),
        # Only the metastases the words follow.
        ("脑转移，肺转移已排除", [(BRAIN, True)]),
        # Still to be ruled out: suspected.
        ("脑转移待排", [(BRAIN, False)]),
        ("脑转移不除外", [(BRAIN, False)]),
        ("Brain metastases not ruled out", [(BRAIN, False)]),
    ],
)
def test_cns_metastases_words_that_rule_them_out(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CNS-METASTASES, CMB-WORDS: brain metastases are read from the words the entry affirms,
    as every comorbidity is."""
    assert _read({"text": text}) == read


def test_cns_metastases_a_code_its_words_rule_out_is_doubted() -> None:
    """CNS-METASTASES, CMB-WORDS: C79.31 typed "脑转移已排除": the code and the words disagree,
    with no status to settle it — possible, never recorded."""
    code = concept("脑转移已排除", (ICD10CM, "C79.31", "Secondary malignant neoplasm of brain"))
    assert _read(code) == [(BRAIN, False)]


def test_cns_metastases_a_code_its_words_follow_up_for_new_ones_stands() -> None:
    """CNS-METASTASES, CNS-EHR (twenty-sixth session): C79.31 typed "No new brain metastases"
    (a follow-up of known ones) is not a code its words deny: the brain metastases are
    recorded; before it, they were held possible only."""
    code = concept(
        "No new brain metastases", (ICD10CM, "C79.31", "Secondary malignant neoplasm of brain")
    )
    assert _read(code) == [(BRAIN, True)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A later clause confirms the suspicion: the disease, confirmed.
        ("Suspected CAD, confirmed by angiography", [(CHD, True)]),
        ("Suspected CAD (confirmed by angiography)", [(CHD, True)]),
        ("Query AF, proven on ECG", [(AF, True)]),
        ("房颤待排，Holter证实阵发性房颤", [(AF, True)]),
        ("疑似冠心病，冠脉造影确诊", [(CHD, True)]),
        ("考虑房颤，Holter证实", [(AF, True)]),
        ("脑转移待排，MRI证实", [(BRAIN, True)]),
        # The confirmation of another disease confirms that one only.
        ("房颤待排，冠脉造影确诊冠心病", [(CHD, True), (AF, False)]),
        ("冠心病可能，确诊房颤", [(CHD, False), (AF, True)]),
        ("Suspected CAD, AF confirmed on Holter", [(CHD, False), (AF, True)]),
        # Not (yet) confirmed: still suspected.
        ("疑似房颤，未证实", [(AF, False)]),
        ("疑似房颤，有待证实", [(AF, False)]),
        ("房颤待排，Holter未证实", [(AF, False)]),
        ("Suspected AF, not confirmed", [(AF, False)]),
        ("Suspected AF, to be confirmed by Holter", [(AF, False)]),
        ("Possible AF, unconfirmed", [(AF, False)]),
        ("Suspected AF, confirmation pending", [(AF, False)]),
        # Awaited, or not done, with the test between (7 December 2026).
        ("房颤待排，待Holter证实", [(AF, False)]),
        ("疑似冠心病，未经冠脉造影证实", [(CHD, False)]),
        # Ruled out stays ruled out.
        ("疑似冠心病，已排除", []),
        ("疑似冠心病，冠脉造影排除，Holter证实房颤", [(CHD, False), (AF, True)]),
    ],
)
def test_cmb_words_a_later_confirmation_settles_the_suspicion(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: a suspicion the entry later confirms is the disease: the confirming clause
    names it, or names no disease right after the clause that does."""
    assert _read({"text": text}) == read


def test_cmb_words_a_confirmed_suspicion_keeps_its_grade() -> None:
    """CMB-WORDS: "疑似冠心病，冠脉造影确诊" graded 2 is grade 2 coronary disease, confirmed."""
    facts = condition_facts({"text": "疑似冠心病，冠脉造影确诊"}, severity={"text": "2级"})
    assert [(f.kind, f.confirmed, f.grade) for f in facts.comorbidities] == [(CHD, True, 2)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("考虑房颤", [(AF, False)]),
        ("房颤，考虑阵发性", [(AF, False)]),
        ("考虑冠心病", [(CHD, False)]),
        ("考虑脑转移", [(BRAIN, False)]),
        ("不考虑房颤", [(AF, False)]),
    ],
)
def test_cmb_words_a_working_diagnosis_is_unconfirmed(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: 考虑 ("considered") puts a working diagnosis, probable as 可能 is: ask, never
    exclude on it."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("h/o MI 2019", [(CHD, True)]),
        ("Inferior MI", [(CHD, True)]),
        ("2019年MI，PCI术后", [(CHD, True)]),
        ("old MI, mitral regurgitation", [(CHD, True)]),
        # MI as the mitral valve's leak, or letters inside another word: no infarction.
        ("Mild mitral insufficiency (MI)", []),
        ("Moderate MI", []),
        ("Malnutrition, BMI 17.2", []),
        ("TSH 8.2 mIU/L", []),
        ("MIBG scan", []),
        # CHD beside another coronary word is coronary disease; alone it may be congenital.
        ("CHD s/p PCI", [(CHD, True)]),
        ("CHD, stent 2020", [(CHD, False)]),
        ("h/o CHD", [(CHD, False)]),
        ("Congenital heart disease (CHD), ASD closure 1990", []),
        ("CHD7 mutation", []),
        ("No MI", []),
    ],
)
def test_cmb_words_mi_and_chd_abbreviations(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: MI (a whole word) is a myocardial infarction, not the mitral insufficiency an
    echo abbreviates so; CHD is coronary heart disease, confirmed only where other words or a
    code say coronary (CHD is also congenital heart disease)."""
    assert _read({"text": text}) == read


def test_cmb_words_chd_alone_coded_coronary_is_confirmed() -> None:
    """CMB-WORDS: a coronary code settles what CHD abbreviates."""
    code = concept("CHD", (ICD10CM, "I25.10", "Atherosclerotic heart disease"))
    assert _read(code) == [(CHD, True)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("CCTA: mild non-calcified plaque in LAD", [(CHD, True)]),
        ("Calcified plaque in the LAD", [(CHD, True)]),
        ("前降支近段狭窄约50%", [(CHD, True)]),
        ("回旋支钙化斑块", [(CHD, True)]),
        ("冠脉CTA示冠脉斑块，管腔轻度狭窄", [(CHD, True)]),
        ("Coronary CTA: mild plaque, no significant stenosis", [(CHD, True)]),
        # Denied, or no coronary artery named: no coronary disease.
        ("前降支未见狭窄", []),
        ("冠脉CTA：冠脉未见斑块", []),
        ("ECG: LAD (left axis deviation)", []),
        ("颈动脉斑块形成", []),
        ("mild plaque", []),
    ],
)
def test_cmb_words_a_coronary_plaque_or_branch_lesion_is_coronary_disease(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: a plaque or stenosis of the coronary arteries, named by a branch (LAD, 前降支)
    or seen on a CCTA, is coronary atherosclerosis; a plaque of no coronary artery is not."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("AF - no", []),
        ("房颤：无", []),
        ("Atrial fibrillation: No", []),
        ("Atrial fibrillation? No", []),
        ("AF = no", []),
        ("AF: N", []),
        ("AF: No history", []),
        ("AF: none known", []),
        ("房颤：没有", []),
        ("冠心病：无；房颤：有", [(AF, True)]),
        # Not an answer closing the clause: the disease stands.
        ("AF - no further episodes", [(AF, True)]),
        ("HF: N-terminal pro-BNP 2000", [(HF, True)]),
        # Unanswered: possible.
        ("Atrial fibrillation: unknown", [(AF, False)]),
        ("房颤：不详", [(AF, False)]),
        ("AF - N/A", [(AF, False)]),
        ("AF, grade: unknown", [(AF, True)]),
    ],
)
def test_cmb_words_a_checklist_answer(text: str, read: list[tuple[Comorbidity, bool]]) -> None:
    """CMB-WORDS: a checklist's answer no, in each shape a template writes it, denies the
    disease; an answer left unknown makes it possible, never established."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    "text",
    [
        "Atrial fibrillation, none documented",
        "AF: none documented",
        "Atrial fibrillation - none documented",
        "AF, none noted",
        "AF none known",
        "Heart failure: none recorded",
        # Already read as denials before: kept.
        "AF: none",
        "房颤：无",
        "房颤，无",
        # After the question's qualifier in brackets (chart `rw_af_qualified_comma_no_english`).
        "Atrial fibrillation (paroxysmal), no",
        "AF (paroxysmal) none documented",
        "房颤（阵发性），无",
        "房颤（阵发性）无",
    ],
)
def test_cmb_words_a_none_documented_answer_denies(text: str) -> None:
    """CMB-WORDS: a history review's answer "none documented" (noted, recorded, known), after
    a colon, a dash or a comma, is the template's no, with or without the form's default
    severity beside it: no disease, never one graded by the default."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    assert _read({"text": text}) == []
    assert _read({"text": text}, severity=moderate) == []


@pytest.mark.parametrize(
    "text",
    [
        "AF, none documented since ablation 2022",
        "AF: none documented recently, on amiodarone",
        "AF (paroxysmal), no RVR",
        "房颤（阵发性）无抗凝治疗",
    ],
)
def test_cmb_words_none_documented_opening_more_words_is_no_answer(text: str) -> None:
    """CMB-WORDS: "none documented" that does not close its clause begins other words: the AF
    named before it stands."""
    assert _read({"text": text}) == [(AF, True)]


@pytest.mark.parametrize(
    "text",
    [
        "Atrial fibrillation: unknown",
        # A form's "not documented" or 未记录 is no answer: not "no", nor AF (chart
        # `rw_af_not_documented_english`).
        "Atrial fibrillation: not documented",
        "AF - not recorded",
        "房颤：未记录",
        "房颤：未填写",
    ],
)
def test_cmb_words_an_unanswered_question_with_a_default_severity_is_possible(text: str) -> None:
    """CMB-WORDS: "Atrial fibrillation: unknown" whose form filled severity Moderate is a
    possible AF of grade 2 (unknown against "no grade ≥ 2"), not a confirmed one (not met)."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    facts = condition_facts({"text": text}, severity=moderate)
    assert [(f.kind, f.confirmed, f.grade) for f in facts.comorbidities] == [(AF, False, None)]


MENINGES_CODE = (ICD10CM, "C79.32", "Secondary malignant neoplasm of cerebral meninges")


@pytest.mark.parametrize(
    ("code", "read"),
    [
        # Leptomeningeal spread is a CNS metastasis and leptomeningeal disease, treated or not.
        ({"text": "脑膜转移 全脑放疗+鞘注MTX后 治疗后稳定"}, [(BRAIN, True), (LEPTO, True)]),
        (
            {"text": "Leptomeningeal metastases, treated with intrathecal methotrexate, stable"},
            [(BRAIN, True), (LEPTO, True)],
        ),
        ({"text": "Leptomeningeal disease, CSF cytology positive"}, [(BRAIN, True), (LEPTO, True)]),
        ({"text": "软脑膜转移"}, [(BRAIN, True), (LEPTO, True)]),
        # The meninges' code with words naming the leptomeninges.
        (concept("软脑膜转移", MENINGES_CODE), [(BRAIN, True), (LEPTO, True)]),
        # Not excluded: possible, never dropped.
        (
            {"text": "Meningeal enhancement, leptomeningeal disease not excluded"},
            [(BRAIN, False), (LEPTO, False)],
        ),
        ({"text": "脑膜强化，不除外脑膜转移"}, [(BRAIN, False), (LEPTO, False)]),
        # A dural metastasis is a brain metastasis, not leptomeningeal spread.
        ({"text": "右顶部硬脑膜转移瘤"}, [(BRAIN, True)]),
        ({"text": "Right parietal dural-based metastasis"}, [(BRAIN, True)]),
        (concept("Dural metastasis, right parietal", MENINGES_CODE), [(BRAIN, True)]),
        # Parenchymal only, or leptomeningeal spread denied.
        ({"text": "脑转移瘤"}, [(BRAIN, True)]),
        ({"text": "Brain metastases, no leptomeningeal disease"}, [(BRAIN, True)]),
        ({"text": "未见脑膜转移"}, []),
    ],
)
def test_cns_metastases_leptomeningeal_disease_is_read_beside_brain_metastases(
    code: Any, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CNS-METASTASES: leptomeningeal spread is read as leptomeningeal disease too, from the
    words the entry affirms or the meninges' code; a dural metastasis is not."""
    assert _read(code) == read


@pytest.mark.parametrize(
    "code",
    [
        concept(None, MENINGES_CODE),
        concept(None, (ICD10CM, "C79.32", None)),
        concept("Secondary malignant neoplasm of cerebral meninges", MENINGES_CODE),
        concept("C79.32 Secondary malignant neoplasm of meninges", MENINGES_CODE),
    ],
)
def test_cns_metastases_the_meninges_code_alone_is_possible_leptomeningeal_disease(
    code: Any,
) -> None:
    """CNS-METASTASES: ICD-10-CM C79.32 alone, or with its title, is a CNS metastasis (brain
    metastases established) whose kind the code does not say: the cerebral meninges hold the
    dura as well as the leptomeninges, so leptomeningeal disease is possible, not recorded."""
    assert _read(code) == [(BRAIN, True), (LEPTO, False)]


@pytest.mark.parametrize(
    ("code", "read"),
    [
        # The code's title in Chinese, with the code or alone, says no more than in English.
        (concept("脑膜继发恶性肿瘤", MENINGES_CODE), [(BRAIN, True), (LEPTO, False)]),
        (concept("脑膜继发性恶性肿瘤", MENINGES_CODE), [(BRAIN, True), (LEPTO, False)]),
        ({"text": "脑膜继发恶性肿瘤"}, [(BRAIN, True), (LEPTO, False)]),
        (
            {"text": "Secondary malignant neoplasm of cerebral meninges"},
            [(BRAIN, True), (LEPTO, False)],
        ),
        # The leptomeninges or the dura named settle it, as before.
        ({"text": "软脑膜继发恶性肿瘤"}, [(BRAIN, True), (LEPTO, True)]),
        ({"text": "硬脑膜继发恶性肿瘤"}, [(BRAIN, True)]),
        ({"text": "脑膜转移"}, [(BRAIN, True), (LEPTO, False)]),
    ],
)
def test_cns_metastases_the_meninges_title_in_chinese_is_possible_leptomeningeal_disease(
    code: Any, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CNS-METASTASES: "脑膜继发恶性肿瘤", the meninges' ICD-10 title as Chinese EHRs write it,
    names the meninges, dura or leptomeninges: leptomeningeal disease possible, with the code
    or without, as the English title. Before 7 December 2026 (twenty-fourth session) it read as
    confirmed leptomeningeal disease, SYN-000417's CNS criteria not met where the coordinator
    asks (chart `rw_meninges_code_chinese_title`), and the English title without its code as
    no leptomeningeal disease at all."""
    assert _read(code) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The meninges named with no layer: a CNS metastasis, leptomeningeal or dural.
        ("脑膜转移", [(BRAIN, True), (LEPTO, False)]),
        ("脑膜转移瘤", [(BRAIN, True), (LEPTO, False)]),
        ("脑实质及脑膜多发转移", [(BRAIN, True), (LEPTO, False)]),
        ("Meningeal metastases", [(BRAIN, True), (LEPTO, False)]),
        ("Meningeal metastasis, right parietal", [(BRAIN, True), (LEPTO, False)]),
        ("脑膜转移（脑脊液未找到癌细胞）", [(BRAIN, True), (LEPTO, False)]),
        ("Meningeal metastases, CSF cytology negative", [(BRAIN, True), (LEPTO, False)]),
        # The leptomeninges named, or what only leptomeningeal disease has: cancer cells in
        # the CSF, intrathecal treatment.
        ("软脑膜转移", [(BRAIN, True), (LEPTO, True)]),
        ("Leptomeningeal metastases", [(BRAIN, True), (LEPTO, True)]),
        ("Meningeal carcinomatosis", [(BRAIN, True), (LEPTO, True)]),
        ("脑膜转移（脑脊液找到癌细胞）", [(BRAIN, True), (LEPTO, True)]),
        ("脑膜转移，脑脊液细胞学阳性", [(BRAIN, True), (LEPTO, True)]),
        ("Meningeal metastases, CSF cytology positive", [(BRAIN, True), (LEPTO, True)]),
        ("脑膜转移 全脑放疗+鞘注MTX后", [(BRAIN, True), (LEPTO, True)]),
        ("脑膜转移 鞘内注射培美曲塞", [(BRAIN, True), (LEPTO, True)]),
        ("Meningeal metastases on intrathecal methotrexate", [(BRAIN, True), (LEPTO, True)]),
        # The spinal meninges named with no layer, as 脑膜 (twenty-fifth session); 软脊膜 names
        # the leptomeninges.
        ("腰骶段脊膜转移", [(BRAIN, True), (LEPTO, False)]),
        ("腰骶段软脊膜转移", [(BRAIN, True), (LEPTO, True)]),
        # The dura named: a brain metastasis only.
        ("硬脑膜转移", [(BRAIN, True)]),
        ("Dural metastasis", [(BRAIN, True)]),
    ],
)
def test_cns_metastases_the_meninges_named_with_no_layer_are_possible_leptomeningeal_disease(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CNS-METASTASES: "脑膜转移" and "meningeal metastases" name the meninges, not which of
    them: Chinese notes mostly mean the leptomeninges (软脑膜) by 脑膜转移, but a dural metastasis
    (硬脑膜转移, common from head and neck cancers) is written so too, and "meningeal
    metastasis" covers both in English. A CNS metastasis established, leptomeningeal disease
    possible (confirm or refute), as C79.32 and its title are; the leptomeninges named, cancer
    cells in the CSF or an intrathecal treatment establish it. Before 7 December 2026
    (twenty-fifth session) both read as leptomeningeal disease established, SYN-000417's and
    SYN-000419's CNS criteria not met where the coordinator asks (charts
    `rw_leptomeningeal_metastases_chinese`, `rw_meningeal_metastases_english`)."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The ticked box answers, whichever side of its option it stands.
        ("Atrial fibrillation [ ] yes [x] no", []),
        ("Atrial fibrillation: [ ] Yes [X] No", []),
        ("房颤 ☐是 ☑否", []),
        ("房颤 □有 ■无", []),
        ("房颤：是□ 否√", []),
        ("Atrial fibrillation: Yes ☐ No ☒", []),
        ("AF [ ] yes [x] no [ ] unknown", []),
        ("Atrial fibrillation [x] yes [ ] no", [(AF, True)]),
        ("Atrial fibrillation Yes ☒ No ☐", [(AF, True)]),
        # Each item of a line answers for itself.
        ("冠心病 □有 ■无；房颤 ■有 □无", [(AF, True)]),
        ("Atrial fibrillation [ ] yes [x] no, CAD [x] yes [ ] no", [(CHD, True)]),
        # Both ticked, neither, the form's unknown, or boxes that read both ways: unanswered.
        ("Atrial fibrillation [ ] yes [ ] no", [(AF, False)]),
        ("房颤 ☑是 ☑否", [(AF, False)]),
        ("AF [ ] yes [ ] no [x] unknown", [(AF, False)]),
        ("AF [ ] yes [x] no [ ]", [(AF, False)]),
        # A box beside another word is no answer: the AF is there, without symptoms.
        ("房颤 ■无症状 □有症状", [(AF, True)]),
    ],
)
def test_cmb_words_a_checkbox_answer(text: str, read: list[tuple[Comorbidity, bool]]) -> None:
    """CMB-WORDS: a form's checkboxes exported as text answer by the ticked box — never by the
    words beside an unticked one; both or neither ticked leave the disease possible."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize("text", ["Atrial fibrillation [ ] yes [ ] no", "房颤 ☑是 ☑否"])
def test_cmb_words_an_unticked_checkbox_with_a_default_severity_is_possible(text: str) -> None:
    """CMB-WORDS: a form left unanswered whose severity is its default Moderate is a possible
    AF of grade 2 (unknown against "no grade ≥ 2"), never a confirmed one (not met)."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    facts = condition_facts({"text": text}, severity=moderate)
    assert [(f.kind, f.confirmed, f.grade) for f in facts.comorbidities] == [(AF, False, None)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The answer right after the name, closing the entry or its clause.
        ("AF no", []),
        ("AF none", []),
        ("AF no.", []),
        ("Paroxysmal AF no", []),
        ("房颤 否", []),
        ("房颤 无", []),
        ("房颤否", []),
        ("房颤 没有", []),
        ("房颤 否认", []),
        ("AF no, CAD yes", [(CHD, True)]),
        ("CHF NYHA III, AF no", [(HF, True)]),
        ("冠心病 房颤 无", [(CHD, True)]),
        # "no" and 无 beginning what follows: the AF is there.
        ("AF no longer on anticoagulation", [(AF, True)]),
        ("AF no RVR", [(AF, True)]),
        ("房颤 无抗凝治疗", [(AF, True)]),
        ("AF with RVR no", [(AF, True)]),
        ("AF: yes, anticoagulation no", [(AF, True)]),
        # A number, not an answer.
        ("Atrial fibrillation ref no. 12345", [(AF, True)]),
        # A question's options printed, none chosen: unanswered.
        ("AF yes/no", [(AF, False)]),
        ("AF: Y/N", [(AF, False)]),
        ("房颤 是/否", [(AF, False)]),
        ("房颤有无", [(AF, False)]),
        ("房颤是否", [(AF, False)]),
    ],
)
def test_cmb_words_an_answer_after_the_name_without_a_separator(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: a template's answer no written right after the name closes its clause and
    denies the disease ("AF no", "房颤 否"); where it begins something else the disease stands."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("AMI 2021", [(CHD, True)]),
        ("AMI 2021, PCI", [(CHD, True)]),
        ("h/o AMI", [(CHD, True)]),
        ("2021年AMI", [(CHD, True)]),
        # AMI of the gut, spelled out beside it; letters inside other words.
        ("Acute mesenteric ischemia (AMI), bowel resection 2022", []),
        ("AMI 肠系膜上动脉栓塞", []),
        ("Amitriptyline intolerance", []),
        ("No AMI", []),
    ],
)
def test_cmb_words_ami_is_an_acute_myocardial_infarction(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: AMI, a whole word, is an acute myocardial infarction — not where the entry
    names the mesenteric vessels or the bowel (acute mesenteric ischaemia)."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("冠脉CTA示：未见明显狭窄", []),
        ("冠脉CTA提示未见明显狭窄", []),
        ("冠脉CTA检查：未见明显狭窄", []),
        ("Coronary CTA showed no significant stenosis", []),
        ("冠脉CTA：未见明显狭窄", []),
        # The verb before a lesion: the lesion is read.
        ("冠脉CTA示前降支狭窄50%", [(CHD, True)]),
    ],
)
def test_cmb_words_a_coronary_tests_verb_before_its_negative_result(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: the report's verb (示, 提示, 显示, "showed") between a coronary test and its
    negative result leaves the test named before the result: no coronary disease."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A list filled in (a box ticked): an unticked item is no, a ticked one yes.
        ("既往史：Hypertension [x] AF [ ] Diabetes [ ]", []),
        ("高血压 ☑ 房颤 ☐ 糖尿病 ☐", []),
        ("☑高血压 ☐房颤 ☐糖尿病", []),
        ("Hypertension [x], AF [ ], Diabetes [ ]", []),
        ("高血压 ☐ 房颤 ☑ 糖尿病 ☐", [(AF, True)]),
        ("☑冠心病 ☐房颤 ☐心衰", [(CHD, True)]),
        ("冠心病，高血压 ☑ 房颤 ☐", [(CHD, True)]),
        # Nothing ticked, a lone item's box unticked, or boxes that pair both ways: unanswered.
        ("既往史：Hypertension [ ] AF [ ] Diabetes [ ]", [(AF, False)]),
        ("AF [ ]", [(AF, False)]),
        ("[x] HTN [ ] AF [ ]", [(AF, False)]),
        ("HTN [x] AF [ ] DM", [(AF, False)]),
        # A box beside words that are no item answers nothing.
        ("房颤 ■无症状", [(AF, True)]),
    ],
)
def test_cmb_words_a_tick_all_that_apply_list(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: a history form's tick-all-that-apply list answers each item by its own box
    once any box is ticked (unticked is no); a list with none ticked, or whose boxes pair with
    their items both ways, leaves its items possible, never present."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A hollow circle before every item, none filled: bullets or a blank form, not told.
        ("○ 高血压 ○ 阵发性房颤", [(AF, False)]),
        ("○高血压 ○房颤", [(AF, False)]),
        # Filled and hollow circles: two levels of bullets, or a form's chosen option.
        ("● 心血管疾病 ○ 高血压 ○ 阵发性房颤", [(AF, False)]),
        ("● 高血压 ○ 房颤", [(AF, False)]),
        ("○ 高血压 ● 房颤", [(AF, True)]),
        # Square boxes are a tick-all list's: an unticked one is no once one is ticked.
        ("■高血压 □房颤", []),
        ("● 高血压 □ 房颤", []),
        # Circles that answer a question's options are a form's radio buttons.
        ("房颤 ○是 ●否", []),
        ("房颤 ●是 ○否", [(AF, True)]),
    ],
)
def test_cmb_words_circles_in_a_list_never_answer_no(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: circles alone before a list's items are a word processor's bullets as often
    as a form's options: a filled one is the item, a hollow one leaves it possible — never
    absent (a bullet's disease passed) and never present for sure (a blank form's option)."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("心力衰竭（NYHA II级及以上）：无", []),
        ("Heart failure (NYHA II-IV): none", []),
        ("Hypertension [x] Heart failure (NYHA II-IV) [ ] Diabetes [ ]", []),
        ("☑高血压 ☐房颤（阵发性） ☐糖尿病", []),
        ("房颤（阵发性） ☐是 ☑否", []),
        ("Heart failure (NYHA II-IV) [ ] yes [x] no", []),
        # Unanswered, or answered yes: the qualifier's grade is the possible or present one's.
        ("○ 高血压 ○ 房颤（2级）", [(AF, False)]),
        ("房颤（2级）：不详", [(AF, False)]),
        ("房颤（2级）：有", [(AF, True)]),
        # A bracket that is no question's qualifier: the answer after it is another clause's.
        ("房颤（2级），心衰：无", [(AF, True)]),
        ("冠心病（PCI术后），房颤：无", [(CHD, True)]),
    ],
)
def test_cmb_words_an_answer_after_a_bracketed_qualifier_answers_the_question(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: a template's question qualified in brackets ("心衰（NYHA II级以上）：无") is
    answered with its qualifier: no, unknown or yes is the disease's, and the class in the
    brackets is the question's, never the patient's grade of a disease denied."""
    assert _read({"text": text}) == read


def test_cmb_words_an_unticked_list_with_a_default_severity_is_possible() -> None:
    """CMB-WORDS: a list left blank whose severity is the form's default Moderate is a possible
    AF of grade 2 (unknown against "no grade ≥ 2"), never a confirmed one; an unticked AF in a
    filled list is none."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    blank = condition_facts({"text": "Hypertension [ ] AF [ ] Diabetes [ ]"}, severity=moderate)
    assert [(f.kind, f.confirmed, f.grade) for f in blank.comorbidities] == [(AF, False, None)]
    filled = condition_facts({"text": "高血压 ☑ 房颤 ☐ 糖尿病 ☐"}, severity=moderate)
    assert filled.comorbidities == ()


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("AF, no", []),
        ("AF, none", []),
        ("AF, N", []),
        ("AF N", []),
        ("Paroxysmal AF, N", []),
        ("HTN, AF, no", []),
        ("房颤，无", []),
        ("房颤，否", []),
        ("CAD, AF N", [(CHD, True)]),
        # The answer beginning what follows: the disease stands.
        ("AF, no RVR", [(AF, True)]),
        ("房颤，无抗凝", [(AF, True)]),
        ("冠心病，无心绞痛", [(CHD, True)]),
    ],
)
def test_cmb_words_an_answer_after_a_comma_or_a_y_n_column(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: a template's no after a comma ("AF, no") or a Y/N column's N after a space
    ("AF N"), closing the clause, denies the disease as "AF: no" does."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    "text",
    [
        # A test named after "none documented": the test found none (chart
        # `rw_af_none_documented_on_holter_english`).
        "AF, none documented on Holter",
        "Atrial fibrillation: none documented on Holter",
        "AF - none found on ECG",
        "AF, none noted on 24-hour Holter",
        # The Chinese form's answer: the test found none (chart
        # `rw_af_not_found_on_holter_chinese`).
        "房颤：动态心电图未发现",
        "房颤：Holter未见",
    ],
)
def test_cmb_words_none_found_on_a_test_denies(text: str) -> None:
    """CMB-WORDS: a history review's "none documented on Holter" (found, noted, on an ECG) —
    the answer with the test that looked — is the template's no, with or without the form's
    default severity: no AF, never one graded by the default."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    assert _read({"text": text}) == []
    assert _read({"text": text}, severity=moderate) == []


@pytest.mark.parametrize(
    "text",
    [
        # More words after the test: not the answer closing the clause; the AF stands.
        "AF, none documented on Holter since ablation 2022",
        # Not a test: the drug it was treated with.
        "AF, none documented on amiodarone",
        # A Chinese entry's clause after a comma: a paroxysmal AF the resting ECG missed.
        "阵发性房颤，心电图未见",
    ],
)
def test_cmb_words_none_found_on_a_test_opening_more_words_is_no_answer(text: str) -> None:
    """CMB-WORDS: where more than the test follows "none documented on Holter" (a time since,
    a treatment), or a drug stands for the test, the words tell of a treated AF: the AF named
    before it stands; so does a paroxysmal AF that an ECG, after a comma, did not show."""
    assert _read({"text": text})[:1] == [(AF, True)]


@pytest.mark.parametrize(
    "text",
    [
        # A form's N/A after a comma is no answer (chart `rw_af_comma_na_moderate_english`).
        "AF, N/A",
        "AF, n/a",
        "Atrial fibrillation, N/A",
        "AF N/A",
        "AF: N/A",
        # 不适用 is the Chinese form's N/A (chart `rw_af_not_applicable_moderate_chinese`).
        "房颤：不适用",
        "房颤，不适用",
    ],
)
def test_cmb_words_a_not_applicable_answer_is_possible(text: str) -> None:
    """CMB-WORDS: a form's N/A (不适用) answers nothing: the AF is possible, the form's default
    severity the grade of a possible AF — unknown, never not met."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    facts = condition_facts({"text": text}, severity=moderate)
    assert [(f.kind, f.confirmed, f.grade) for f in facts.comorbidities] == [(AF, False, None)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The list's own "none" ticked: the form was filled in, every unticked item is no
        # (charts `rw_history_checklist_none_ticked_first_chinese`,
        # `rw_history_checklist_none_ticked_english_moderate`).
        ("☑无 ☐高血压 ☐房颤", []),
        ("[x] None [ ] Hypertension [ ] AF", []),
        ("既往史：☑无 ☐高血压 ☐冠心病 ☐房颤", []),
        ("高血压 ☐ 房颤 ☐ 无 ☑", []),
        ("Hypertension [ ] AF [ ] None [x]", []),
        # "None" and a disease both ticked: the form contradicts itself — possible.
        ("☑无 ☐高血压 ☑房颤", [(AF, False)]),
        # "None" left unticked while nothing else is: a blank list, unanswered.
        ("☐无 ☐高血压 ☐房颤", [(AF, False)]),
    ],
)
def test_cmb_words_a_lists_none_option_ticked(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: a tick-all list's "none" option (无, None) ticked is the form filled in and
    answered none: its unticked diseases are no; ticked beside a disease, the form says both
    and the disease is possible, never present nor denied."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    "text",
    [
        # The boxes choose the AF's type, not whether it is there (charts
        # `rw_af_subtype_paroxysmal_ticked_moderate_chinese`,
        # `rw_af_subtype_paroxysmal_ticked_english`).
        "房颤 ☑阵发性 ☐持续性",
        "房颤：☑阵发性 ☐持续性 ☐永久性",
        "Atrial fibrillation: [x] paroxysmal [ ] persistent [ ] permanent",
        "AF [x] paroxysmal [ ] persistent",
        "房颤 ☐阵发性 ☑持续性",
    ],
)
def test_cmb_words_a_ticked_subtype_is_the_disease(text: str) -> None:
    """CMB-WORDS: a disease whose subtype is ticked (房颤 ☑阵发性) is present, of that type —
    confirmed, graded as CMB-CODES grades it (the form's severity Moderate: 2)."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    assert _read({"text": text}) == [(AF, True)]
    facts = condition_facts({"text": text}, severity=moderate)
    assert [(f.kind, f.confirmed, f.grade) for f in facts.comorbidities] == [(AF, True, None)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # One box in the entry, before its option, after the question (chart
        # `rw_af_lone_checkbox_none_ticked_moderate_chinese`).
        ("房颤：☑无", []),
        ("房颤 ☑无", []),
        ("AF: [x] none", []),
        ("Atrial fibrillation [x] No", []),
        ("房颤：☑有", [(AF, True)]),
        # The one option unticked: not answered.
        ("房颤：☐无", [(AF, False)]),
        ("AF: [ ] no", [(AF, False)]),
        # A box before words that are no option answers nothing.
        ("房颤 ■无症状", [(AF, True)]),
    ],
)
def test_cmb_words_a_lone_checkbox_answer(text: str, read: list[tuple[Comorbidity, bool]]) -> None:
    """CMB-WORDS: a question with one box and its option ("房颤：☑无") is answered by that box:
    ticked, the option is the answer (none denies, yes is the disease); unticked, the question
    is unanswered (possible) — never the disease present."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # An antiarrhythmic after the answer: the AF is treated, at least possible (charts
        # `rw_af_none_documented_then_amiodarone_english`,
        # `rw_af_none_on_holter_then_amiodarone_moderate_english`,
        # `rw_af_not_found_on_holter_then_amiodarone_chinese`,
        # `rw_denied_af_then_propafenone_chinese`).
        ("AF, none documented, on amiodarone", [(AF, False)]),
        ("AF, none documented on Holter, on amiodarone", [(AF, False)]),
        ("房颤：动态心电图未发现，口服胺碘酮", [(AF, False)]),
        ("AF: none; amiodarone 200 mg daily", [(AF, False)]),
        ("AF - no, on dronedarone (Multaq)", [(AF, False)]),
        ("房颤：无，口服普罗帕酮", [(AF, False)]),
        ("房颤：无，心律平 150mg tid", [(AF, False)]),
        ("Atrial fibrillation: none documented, takes sotalol", [(AF, False)]),
        ("AF, none, flecainide 100 mg bid", [(AF, False)]),
        ("否认房颤，口服普罗帕酮", [(AF, False)]),
        ("无房颤，胺碘酮治疗中", [(AF, False)]),
        # Stopped, when not said: CMB-MEDS reads a course stopped within 90 days as current.
        ("AF: none, amiodarone stopped", [(AF, False)]),
        # A negation after the drug is not the drug's: given, the AF not come back.
        ("房颤：无，胺碘酮治疗后未再发作", [(AF, False)]),
        # A drug for the denied disease and another: both are asked, as the drug alone asks
        # them (twenty-sixth session: the arrhythmia was not; charts
        # `rw_heart_failure_none_then_digoxin_chinese`,
        # `rw_heart_failure_none_then_amiodarone_english`).
        ("Heart failure: none, on digoxin", [(AF, False), (HF, False)]),
        ("心衰：无，口服地高辛", [(AF, False), (HF, False)]),
        ("冠心病：无，口服单硝酸异山梨酯", [(CHD, False)]),
        # A drug for another disease than the one denied: that disease is asked, the answer
        # stands (amiodarone is no heart-failure drug).
        ("Heart failure: none, on amiodarone", [(AF, False)]),
    ],
)
def test_cmb_words_a_treatment_after_the_answer_makes_the_disease_possible(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS, CMB-MEDS: an answer that denies the disease, then a drug CMB-MEDS reads as
    given for it (an antiarrhythmic for AF): the words and the drug disagree — the disease is
    possible, never none, and the form's default severity is the grade of a possible disease:
    of the one the row names, never of one only the drug says may be there (twenty-sixth
    session: "Heart failure: none, on digoxin" graded the AF by the heart failure's row)."""
    assert _read({"text": text}) == read
    # A severity Severe grades (3); Moderate, the form's default, no longer does (CMB-CODES,
    # twenty-seventh session): the row's disease is graded, never the drug's.
    severe = concept("Severe", (SNOMED, "24484000", "Severe"))
    facts = condition_facts({"text": text}, severity=severe).comorbidities
    named = comorbidity_kinds(CodedText(text=text))
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == [
        (k, False, 3 if k in named else None) for k, _ in read
    ]


@pytest.mark.parametrize(
    "text",
    [
        # Drugs CMB-MEDS reads as proof of nothing: beta-blockers (hypertension, angina),
        # anticoagulants (venous thromboembolism) — the answer stands (charts
        # `rw_af_none_documented_then_metoprolol_english`, `rw_af_none_then_rivaroxaban_chinese`).
        "AF, none documented, on metoprolol",
        "房颤：无，口服利伐沙班",
        "AF: none, on warfarin",
        "AF: no, on dabigatran",
        # The drug denied too.
        "AF: none, not on amiodarone",
        "房颤：无，未服用胺碘酮",
        "AF: none; no amiodarone",
    ],
)
def test_cmb_words_a_drug_that_proves_nothing_leaves_the_answer(text: str) -> None:
    """CMB-WORDS, CMB-MEDS: a drug that is no proof of the denied disease (a beta-blocker, an
    anticoagulant, a drug denied) leaves the answer no."""
    assert _read({"text": text}) == []


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # An antiarrhythmic in an entry that denies nothing and names no arrhythmia (charts
        # `rw_palpitations_on_amiodarone_chinese`, `rw_hypertension_grade_1_on_amiodarone_chinese`,
        # `rw_palpitations_on_flecainide_english`).
        ("心悸，口服胺碘酮", [(AF, False)]),
        ("高血压，口服胺碘酮", [(AF, False)]),
        ("高血压1级，口服胺碘酮", [(AF, False)]),
        ("Palpitations, on flecainide", [(AF, False)]),
        ("Hypertension; takes sotalol 80 mg bid", [(AF, False)]),
        ("否认高血压，口服胺碘酮", [(AF, False)]),
        # Digoxin beside coronary disease: heart failure or an AF's rate, both asked.
        ("冠心病，口服地高辛", [(CHD, True), (AF, False), (HF, False)]),
        # A disease named that the drug treats explains it.
        ("房颤，口服胺碘酮", [(AF, True)]),
        ("慢性心衰，口服地高辛", [(HF, True)]),
        # A drug that proves nothing, one not taken, one the patient cannot take, a
        # relative's (chart `rw_hypertension_on_metoprolol_chinese`).
        ("高血压，口服美托洛尔", []),
        ("心悸，未服用胺碘酮", []),
        ("胺碘酮过敏", []),
        ("Allergic to amiodarone (rash)", []),
        ("Flecainide intolerance", []),
        ("父亲心悸，口服胺碘酮", []),
    ],
)
def test_cmb_meds_a_drug_in_an_entry_that_denies_nothing_asks_about_its_disease(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-MEDS, CMB-WORDS (twenty-sixth session): a drug CMB-MEDS reads as given for a cardiac
    disease, named in an entry that denies nothing, asks about the disease the entry does not
    name, as a MedicationStatement of it would: possible, ungraded — the entry's grades and
    severity are its own diseases' ("高血压1级": the blood pressure's), never the drug's
    disease's, which would read a possible grade 1 arrhythmia as allowed."""
    assert _read({"text": text}) == read
    mild = concept("Mild", (SNOMED, "255604002", "Mild"))
    facts = condition_facts({"text": text}, severity=mild).comorbidities
    named = comorbidity_kinds(CodedText(text=text))
    for fact in facts:
        if fact.kind not in named:
            assert fact.grade is None
            assert fact.implied_by in {"amiodarone", "flecainide", "sotalol", "digoxin"}


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Nothing ticked on the list, which answers nothing (possible, as the list alone); the
        # next question's "none" is its own (chart
        # `rw_history_checklist_then_another_question_chinese`).
        ("☐高血压 ☐冠心病 ☐房颤 饮酒：☑无", [(CHD, False), (AF, False)]),
        ("☐冠心病 ☐房颤 ☐心衰 吸烟：☑无", [(CHD, False), (HF, False), (AF, False)]),
        # A box ticked on the list: the others are no, the question after it is no item.
        ("☐高血压 ☐冠心病 ☑房颤 饮酒：☑无", [(AF, True)]),
    ],
)
def test_cmb_words_a_question_after_a_list_is_no_item(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: a form's next question run on after a list on the same line ("☐房颤 饮酒：
    ☑无") is no part of the list's last item: before the twenty-fifth session's review "房颤
    饮酒" was one item, and the AF read as named outside the list, confirmed."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The ticked grade is the disease's (charts `rw_af_grade_2_box_ticked_chinese`,
        # `rw_af_grade_1_box_ticked_english`, `rw_af_grade_2_box_ticked_colon_chinese`).
        ("房颤 ☐1级 ☑2级", [(AF, True, 2)]),
        ("房颤 ☑1级 ☐2级", [(AF, True, 1)]),
        ("AF grade [x]1 [ ]2 [ ]3", [(AF, True, 1)]),
        ("AF grade [ ]1 [x]2 [ ]3", [(AF, True, 2)]),
        ("房颤：☐1级 ☑2级 ☐3级", [(AF, True, 2)]),
        ("房颤 ☐Ⅰ级 ☑Ⅱ级", [(AF, True, 2)]),
        ("AF: [ ] grade 1 [x] grade 2", [(AF, True, 2)]),
        ("房颤 1级☐ 2级☑ 3级☐", [(AF, True, 2)]),
        ("AF, grade: [ ] 1 [x] 2 [ ] 3", [(AF, True, 2)]),
        # Boxes that pair both ways ("☐ 1级 ☑ 2级 ☐": the tick 1级's or 2级's?) give no grade.
        ("AF ☐ 1级 ☑ 2级 ☐", [(AF, True, None)]),
        # Several ticked: the AF is there, its grade unknown
        # (`rw_af_grade_boxes_two_ticked_chinese`).
        # None ticked: the row was not filled in, so whether there is an AF is not answered —
        # possible, whatever severity the form fills in by default (charts
        # `rw_af_grade_boxes_none_ticked_english`,
        # `rw_af_grade_boxes_none_ticked_moderate_chinese`).
        ("AF grade [ ]1 [ ]2 [ ]3", [(AF, False, None)]),
        ("房颤 ☐1级 ☐2级", [(AF, False, None)]),
        ("房颤：☐1级 ☐2级 ☐3级", [(AF, False, None)]),
        ("AF, grade: [ ] 1 [ ] 2 [ ] 3", [(AF, False, None)]),
        ("房颤 ☑1级 ☑2级", [(AF, True, None)]),
        # A heart-function class ticked: NYHA II.
        ("心力衰竭 心功能 ☐I级 ☑II级 ☐III级", [(HF, True, 2)]),
    ],
)
def test_cmb_grade_owner_a_ticked_grade_box(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-GRADE-OWNER, CMB-WORDS: a form's grade boxes after a disease answer its grade, not
    whether it is there: the one ticked is the grade; several ticked leave its grade unknown;
    none ticked leave the row unanswered, the disease possible (twenty-fifth session: read at
    first as an ungraded disease, which a form's default severity Moderate made grade 2 — a
    wrong exclusion); an unticked grade printed before the ticked one is none."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A severity ticked: the disease is there, its grade not given (charts
        # `rw_af_severity_moderate_ticked_chinese`,
        # `rw_heart_failure_severity_moderate_ticked_nyha_3_chinese`).
        ("房颤 ☐轻度 ☑中度 ☐重度", [(AF, True, None)]),
        ("房颤 ☑轻度 ☐中度 ☐重度", [(AF, True, None)]),
        # Severe is never grade 1: read as 3, as a coded severity Severe (twenty-seventh
        # session; before it, no grade).
        ("心衰 ☐轻度 ☐中度 ☑重度", [(HF, True, 3)]),
        ("AF [ ] mild [x] moderate [ ] severe", [(AF, True, None)]),
        ("慢性心力衰竭 ☐轻度 ☑中度 ☐重度，心功能III级", [(HF, True, 3)]),
        ("房颤 ☑轻度 ☑中度 ☐重度", [(AF, True, None)]),
        # None ticked: the row was not filled in — possible.
        ("房颤 ☐轻度 ☐中度 ☐重度", [(AF, False, None)]),
    ],
)
def test_cmb_grade_owner_a_ticked_severity_box_is_the_disease_without_a_grade(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-GRADE-OWNER, CMB-WORDS (twenty-sixth session): a form's severity boxes after a
    disease (☐轻度 ☑中度 ☐重度) answer its severity, so one ticked says the disease is there —
    but the clinician's mild / moderate / severe is no CTCAE grade (CTCAE grades an AF by the
    intervention it needs), so it grades nothing: the criterion asks for the grade, not whether
    there is an AF (before it, the boxes read as a list none of whose items was answered: the
    AF possible, and a NYHA III heart failure beside them only possible)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # One grade box, ticked: the grade (chart `rw_af_single_grade_box_ticked_chinese`).
        ("房颤 ☑2级", [(AF, True, 2)]),
        ("房颤：☑2级", [(AF, True, 2)]),
        ("房颤 2级☑", [(AF, True, 2)]),
        ("AF [x] grade 2", [(AF, True, 2)]),
        ("房颤 ☑1级", [(AF, True, 1)]),
        ("房颤（☑3级）", [(AF, True, 3)]),
        # Unticked: the row was not filled in — possible, and the printed grade is the form's.
        ("房颤 ☐2级", [(AF, False, None)]),
        # A bare numeral with one box is no grade box ("AF [x] 1" may count anything).
        ("AF [x] 1", [(AF, False, None)]),
    ],
)
def test_cmb_grade_owner_a_single_grade_box(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-GRADE-OWNER (twenty-sixth session): a grade row of one box, the entry's only box,
    is answered by it: ticked, its grade is the disease's ("房颤 ☑2级" is grade 2 AF; before it
    the box read as a list left unanswered, the AF only possible, a needless unknown);
    unticked, the row was not filled in (possible)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The row's own no ticked, its grade boxes left empty: no AF (charts
        # `rw_af_no_ticked_grade_boxes_empty_english`, `rw_af_no_ticked_grade_boxes_empty_chinese`).
        ("AF: [x] no [ ] yes, grade [ ]1 [ ]2 [ ]3", []),
        ("房颤：☑无 ☐有（☐1级 ☐2级 ☐3级）", []),
        ("房颤 ☑无 ☐有 分级：☐1级 ☐2级", []),
        # Its yes ticked, the grade not filled in: the AF is there, its grade unknown.
        ("房颤：☐无 ☑有（☐1级 ☐2级 ☐3级）", [(AF, True, None)]),
        ("AF: [ ] no [x] yes, grade [ ]1 [ ]2 [ ]3", [(AF, True, None)]),
    ],
)
def test_cmb_grade_owner_empty_grade_boxes_after_an_answered_row_answer_nothing(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-GRADE-OWNER, CMB-WORDS: grade boxes left empty after a row its own yes/no boxes
    answer ask only the grade, which the row does not need when it says no: the row's answer
    stands (twenty-fifth session's red-team review: "AF: [x] no ... grade [ ]1 [ ]2" was an AF
    recorded without a grade)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # 考虑 of a treatment (surgery, PCI, anticoagulation) puts no working diagnosis: the
        # disease named is established.
        ("冠心病，不考虑手术", [(CHD, True)]),
        ("冠心病（不稳定型心绞痛），不考虑PCI", [(CHD, True)]),
        ("房颤不考虑抗凝", [(AF, True)]),
        ("冠心病，考虑介入治疗", [(CHD, True)]),
        # A drug given or an operation performed, words between (twenty-fifth session's
        # red-team review; charts `rw_chd_considering_bypass_chinese`,
        # `rw_chd_considering_antiplatelet_chinese`); a test to perform still doubts.
        ("冠心病，考虑行冠脉搭桥术", [(CHD, True)]),
        ("冠心病，考虑予抗血小板治疗", [(CHD, True)]),
        ("房颤，考虑行射频消融", [(AF, True)]),
        ("冠心病，考虑行冠脉造影", [(CHD, False)]),
        # 不支持 (not supported) doubts the diagnosis, as 不考虑 does: possible, never confirmed.
        ("不支持冠心病诊断", [(CHD, False)]),
        ("冠脉CTA：不支持冠心病", [(CHD, False)]),
    ],
)
def test_cmb_words_considered_for_a_treatment_is_no_working_diagnosis(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS: 考虑 before a treatment judges the treatment, not the diagnosis; 不支持 before a
    disease doubts it. Before the twenty-fifth session's review "冠心病，不考虑手术" was a possible
    CHD (a needless unknown) and "不支持冠心病诊断" a confirmed one (a trial excluding any CHD
    excluded on it)."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    "text",
    [
        # The AF is there, its cause unknown (charts `rw_af_unknown_aetiology_moderate_english`,
        # `rw_af_etiology_colon_unknown_moderate_english`, `rw_af_cause_unknown_moderate_chinese`).
        "AF, unknown aetiology",
        "AF of unknown cause",
        "Atrial fibrillation - etiology: unknown",
        "AF aetiology: unknown",
        "AF, cause: unknown",
        "房颤 病因：不详",
        "房颤病因：不明",
        "房颤，原因不明",
        "不明原因房颤",
        "AF type: unknown",
        "房颤 类型：不详",
        "AF onset: unknown",
    ],
)
def test_cmb_words_an_unknown_cause_leaves_the_disease(text: str) -> None:
    """CMB-WORDS: "unknown" answering a question about the disease — its cause, type, onset —
    leaves the disease present (its form's severity Moderate its grade), where "AF, unknown"
    answers whether it is there (possible)."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    facts = condition_facts({"text": text}, severity=moderate).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == [(AF, True, None)]


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        # The doubt is about the cause: the disease is there (charts
        # `rw_af_cause_under_investigation_moderate_chinese`,
        # `rw_heart_failure_nyha_3_cause_under_investigation_chinese`,
        # `rw_af_possible_cause_hyperthyroidism_moderate_english`).
        ("房颤，原因待查", None),
        ("房颤（病因待查）", None),
        ("房颤 病因待查", None),
        ("心衰原因待查", None),
        ("慢性心力衰竭 心功能III级（病因待查）", 3),
        ("Atrial fibrillation, possible cause hyperthyroidism", None),
        ("AF, etiology?", None),
        ("房颤，考虑甲亢所致", None),
    ],
)
def test_cmb_words_a_doubted_cause_leaves_the_disease(text: str, grade: int | None) -> None:
    """CMB-WORDS: words that doubt the disease's cause (原因待查, 病因待查, "possible cause",
    考虑…所致) leave the disease confirmed — graded by its words; a form's severity Moderate is
    no grade (CMB-CODES, twenty-seventh session)."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    kinds = [f.kind for f in condition_facts({"text": text}).comorbidities]
    facts = condition_facts({"text": text}, severity=moderate).comorbidities
    assert [(f.confirmed, f.grade) for f in facts] == [(True, grade)]
    assert len(kinds) == 1


@pytest.mark.parametrize(
    "text",
    [
        # The disease is the doubted cause (chart `rw_palpitations_considered_af_chinese`).
        "心悸，考虑房颤所致",
        "Palpitations, possible cause AF",
        # Doubted itself.
        "房颤待查",
        "Possible AF, cause unknown",
    ],
)
def test_cmb_words_a_doubted_cause_that_is_the_disease_stays_possible(text: str) -> None:
    """CMB-WORDS: where the doubted cause is the disease, or the disease itself is doubted, it
    stays possible."""
    assert _read({"text": text}) == [(AF, False)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The NYHA class with the template's label or a colon between (charts
        # `rw_nyha_class_3_with_fenji_colon_chinese`, `rw_chf_nyha_class_colon_3_english`,
        # `rw_af_with_nyha_fenji_class_2_chinese`, `rw_nyha_fenji_class_1_alone_chinese`).
        ("心功能分级：III级", [(HF, True, 3)]),
        ("心功能分级 III级", [(HF, True, 3)]),
        ("心功能分级III级", [(HF, True, 3)]),
        ("心功能：III级", [(HF, True, 3)]),
        ("慢性心衰 心功能分级：III级", [(HF, True, 3)]),
        ("Chronic heart failure, NYHA class: III", [(HF, True, 3)]),
        ("NYHA: III", [(HF, True, 3)]),
        ("高血压病 心功能分级：I级", [(HF, False, 1)]),
        # Never the arrhythmia's grade.
        ("持续性房颤 NYHA分级 II级", [(HF, True, 2), (AF, True, None)]),
        ("持续性房颤 NYHA心功能分级II级", [(HF, True, 2), (AF, True, None)]),
        ("持续性房颤 心功能分级：II级", [(HF, True, 2), (AF, True, None)]),
    ],
)
def test_cmb_grade_owner_a_labelled_nyha_class(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-GRADE-OWNER, CMB-CODES: a NYHA class written with its label (心功能分级, NYHA分级) or a
    colon before the numeral is the class: heart failure of that class (class I alone possible),
    never an arrhythmia's grade."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    "text",
    [
        "房颤：☑不适用",
        "AF ☑N/A",
        "AF: [x] N/A",
        "Atrial fibrillation [x] N/A [ ] Yes [ ] No",
    ],
)
def test_cmb_words_a_not_applicable_box_ticked_is_possible(text: str) -> None:
    """CMB-WORDS: a box ticked beside a form's N/A (不适用) answers nothing, as the words alone
    do: the AF is possible, graded by the form's default severity — unknown, never not met
    (chart `rw_af_checkbox_not_applicable_moderate_chinese`; before the twenty-fifth session's
    review it was read as AF present)."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    facts = condition_facts({"text": text}, severity=moderate)
    assert [(f.kind, f.confirmed, f.grade) for f in facts.comorbidities] == [(AF, False, None)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A doubt in the clause of another disease: the disease named without it stands
        # (charts `rw_persistent_af_grade_3_considered_heart_failure_chinese`,
        # `rw_af_grade_3_echo_not_supporting_heart_failure_chinese`,
        # `rw_af_considered_heart_failure_nyha_3_chinese`).
        ("持续性房颤（3级），考虑心衰", [(HF, False, None), (AF, True, 3)]),
        ("房颤，心超不支持心衰", [(HF, False, None), (AF, True, None)]),
        ("考虑房颤，心衰（NYHA III级）", [(HF, True, 3), (AF, False, None)]),
        ("房颤（2级），心衰？", [(HF, False, None), (AF, True, 2)]),
        ("房颤（2级），不除外冠心病", [(CHD, False, None), (AF, True, 2)]),
        ("r/o AF, CHF (NYHA III)", [(HF, True, 3), (AF, False, None)]),
        # A doubt naming no disease of its own doubts what it follows, the whole entry.
        ("房颤（3级），待排", [(AF, False, 3)]),
        ("房颤（2级），考虑阵发性", [(AF, False, 2)]),
        # One list (、, a slash, a space between Chinese words): whether a doubt heading it
        # or after it is the list's or one item's is not told, so it reaches the whole list
        # (`rw_considered_chd_and_af_list_grade_2_chinese`).
        ("考虑冠心病、房颤", [(CHD, False, None), (AF, False, None)]),
        ("冠心病、房颤待排", [(CHD, False, None), (AF, False, None)]),
        # (twenty-sixth session: "房颤 考虑心衰", the doubt opening the diagnosis after the
        # space, is the heart failure's only: moved to
        # `test_cmb_words_a_doubt_opening_the_diagnosis_after_a_space_is_its_own`.)
        ("考虑冠心病 房颤", [(CHD, False, None), (AF, False, None)]),
        # A doubt heading the entry, a colon after it, is every diagnosis's.
        ("考虑：房颤，心衰", [(HF, False, None), (AF, False, None)]),
        ("Possible diagnoses: AF, CHF", [(HF, False, None), (AF, False, None)]),
        # A doubted cause is no doubt of the disease; a doubted cause that is the disease is.
        ("房颤（2级），考虑甲亢所致", [(AF, True, 2)]),
        ("心悸，考虑房颤所致", [(AF, False, None)]),
        # A later clause confirming the doubted disease still settles it.
        ("疑似房颤，Holter证实，心衰（NYHA II级）", [(HF, True, 2), (AF, True, None)]),
    ],
)
def test_cmb_words_a_doubt_is_its_own_diagnosis(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-WORDS, CMB-GRADE-OWNER: the doubt words (待排, 考虑, 不支持, "possible") of one
    diagnosis of an entry are that diagnosis's, read diagnosis by diagnosis as grades are
    (twenty-sixth session: before it "持续性房颤（3级），考虑心衰" was a possible AF — a card for
    a patient the trial excludes — and "考虑房颤，心衰（NYHA III级）" a possible heart failure)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A space typed for a comma, the doubt opening the second diagnosis (chart
        # `rw_af_grade_3_space_considered_heart_failure_chinese`).
        ("持续性房颤（3级） 考虑心衰", [(HF, False, None), (AF, True, 3)]),
        ("房颤 考虑心衰", [(HF, False, None), (AF, True, None)]),
        ("房颤 2级 考虑心衰", [(HF, False, None), (AF, True, 2)]),
        ("房颤（3级） 不除外冠心病", [(CHD, False, None), (AF, True, 3)]),
        ("心衰 心功能III级 疑似房颤", [(HF, True, 3), (AF, False, None)]),
        # A doubt heading the list, or closing it, or alone after the space: one reach
        # (chart `rw_considered_chd_space_af_grade_2_chinese`).
        ("考虑冠心病 房颤", [(CHD, False, None), (AF, False, None)]),
        ("冠心病 房颤待排", [(CHD, False, None), (AF, False, None)]),
        ("房颤（3级） 可能", [(AF, False, 3)]),
        ("房颤（3级） 考虑 心衰", [(HF, False, None), (AF, True, 3)]),
    ],
)
def test_cmb_words_a_doubt_opening_the_diagnosis_after_a_space_is_its_own(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-WORDS (twenty-sixth session): a doubt word opening a diagnosis that names a disease,
    after a space, where the words before it name one and doubt nothing, opens its own
    diagnosis: "持续性房颤（3级） 考虑心衰" is grade 3 AF and a possible heart failure (before
    it, a possible AF, a card for a patient the trial excludes); a doubt heading or closing a
    list joined by spaces, or one standing alone at the end, still reaches the whole list
    (possible)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Chart `rw_persistent_af_grade_3_list_considered_heart_failure_chinese`.
        ("持续性房颤（3级）、考虑心衰", [(HF, False, None), (AF, True, 3)]),
        ("房颤 考虑心衰", [(HF, False, None), (AF, True, None)]),
        ("房颤、疑似冠心病、心衰", [(CHD, False, None), (HF, False, None), (AF, True, None)]),
        ("AF/possible CHF", [(HF, False, None), (AF, True, None)]),
        # The doubt heading the list, or after it, still reaches it whole.
        ("考虑冠心病、房颤", [(CHD, False, None), (AF, False, None)]),
        ("冠心病、房颤待排", [(CHD, False, None), (AF, False, None)]),
        # 考虑 weighing a treatment opens no doubt.
        ("房颤、考虑消融治疗", [(AF, True, None)]),
    ],
)
def test_cmb_words_a_doubt_opening_a_later_list_item_leaves_those_before(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-WORDS (twenty-sixth session's red-team review): a doubt word opening a later item
    of a list (、, a slash, a space) stands before what it doubts — that item and those after
    it — never the established disease listed before it (before it "持续性房颤（3级）、考虑心衰"
    was a possible AF: a card for a patient the trial excludes)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    "text",
    [
        # Chart `rw_persistent_af_grade_3_ablation_not_supported_english`.
        "Persistent atrial fibrillation, grade 3, catheter ablation not supported by EP review",
        "Atrial fibrillation grade 3; anticoagulation not supported by insurance",
        "Atrial fibrillation, grade 3, rate control was not supported by blood pressure",
        "Atrial fibrillation, grade 3; EP does not support catheter ablation",
        "Atrial fibrillation, grade 3, not supported by insurance for ablation",
    ],
)
def test_cmb_words_not_supported_of_a_treatment_doubts_no_disease(text: str) -> None:
    """CMB-WORDS (twenty-sixth session's red-team review): "not supported" of a treatment or a
    payment judges that, as 不支持手术 does, never the disease: grade 3 AF stands (before it,
    a possible AF, a card where the trial excludes)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == [(AF, True, 3)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The grade of the AF stands beside a heart failure the echo argues against (charts
        # `rw_af_grade_3_heart_failure_not_supported_by_echo_english`,
        # `rw_af_grade_3_echo_not_supporting_heart_failure_chinese`).
        (
            "Atrial fibrillation, grade 3; heart failure not supported by echo",
            [(HF, False, None), (AF, True, 3)],
        ),
        ("房颤（3级），心超不支持心衰", [(HF, False, None), (AF, True, 3)]),
        # The doubted heart failure takes no grade from the AF's clause.
        ("房颤（3级），考虑心衰", [(HF, False, None), (AF, True, 3)]),
    ],
)
def test_cmb_grade_owner_a_doubted_neighbour_leaves_the_grade(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-GRADE-OWNER, CMB-WORDS: a neighbour's doubt takes nothing from the graded disease of
    its own diagnosis: grade 3 AF is not met against "no grade ≥ 2 arrhythmia" whatever the
    entry doubts about the heart failure beside it (twenty-sixth session)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    "text",
    [
        "Heart failure not supported by echo",
        "Echo does not support heart failure",
        "HF: echo not supportive",
        "Heart failure (not supported by echo)",
        "CHF, not supported by echocardiography",
        "心超不支持心衰",
        "不支持心力衰竭诊断",
    ],
)
def test_cmb_words_not_supported_in_english_doubts_as_in_chinese(text: str) -> None:
    """CMB-WORDS: a test's verdict against the disease, "not supported" as 不支持, leaves it
    possible — the form's default severity the grade of a possible disease, unknown, never not
    met (chart `rw_heart_failure_not_supported_by_echo_moderate_english`; before the
    twenty-sixth session the English words were not read and it was a grade 2 heart failure,
    not eligible)."""
    moderate = concept("Moderate", (SNOMED, "6736007", "Moderate"))
    facts = condition_facts({"text": text}, severity=moderate)
    assert [(f.kind, f.confirmed, f.grade) for f in facts.comorbidities] == [(HF, False, None)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The drug asks about every disease it is given for (charts
        # `rw_heart_failure_none_then_digoxin_chinese`,
        # `rw_heart_failure_none_then_amiodarone_english`).
        ("心衰：无，口服地高辛", [(AF, False, None), (HF, False, None)]),
        ("否认心衰，口服地高辛", [(AF, False, None), (HF, False, None)]),
        ("Heart failure: none, on amiodarone", [(AF, False, None)]),
        ("心衰：无，口服胺碘酮", [(AF, False, None)]),
        # A disease the entry affirms that the drug is given for explains it: the no stands
        # (chart `rw_af_grade_2_heart_failure_none_then_digoxin_chinese`).
        ("房颤（2级），心衰：无，口服地高辛", [(AF, True, 2)]),
        ("AF grade 2, heart failure: none, on digoxin", [(AF, True, 2)]),
        # A drug denied, or one that proves nothing, asks nothing.
        ("心衰：无，未服用地高辛", []),
        ("心衰：无，口服美托洛尔", []),
    ],
)
def test_cmb_words_a_treatment_after_the_answer_asks_every_disease_it_treats(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-WORDS, CMB-MEDS: a drug named after an answer that denies a disease asks about
    every disease CMB-MEDS reads it as given for that the entry does not name — digoxin for
    heart failure or an AF's rate, amiodarone for an arrhythmia — as a MedicationStatement of
    it would; one the entry names explains it (twenty-sixth session: before it "心衰：无，口服
    地高辛" asked about heart failure only, `no-arrhythmia` met, and "Heart failure: none, on
    amiodarone" asked nothing, an unsafe eligible)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("慢性心力衰竭（NYHA III级），考虑与蒽环类药物相关", [(HF, True)]),
        ("慢性心力衰竭（NYHA III级） 可能与化疗相关", [(HF, True)]),
        ("慢性心力衰竭（NYHA III级），考虑缺血性", [(HF, True)]),
        ("心衰（考虑缺血性）", [(HF, True)]),
        ("持续性房颤（3级），考虑与甲亢有关", [(AF, True)]),
        ("Heart failure, NYHA class III, possibly related to anthracycline", [(HF, True)]),
        # The disease itself doubted stays possible.
        ("考虑心衰", [(HF, False)]),
        ("心衰，考虑缺血性心肌病", [(CHD, False), (HF, True)]),
    ],
)
def test_cmb_words_a_doubt_of_what_it_is_related_to_doubts_no_disease(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS (twenty-sixth session's second red-team review): 考虑与…相关, 可能与…有关,
    考虑缺血性 and "possibly related to" doubt what caused an established disease, not the
    disease — before it each left an NYHA III heart failure or a grade 3 AF possible."""
    assert sorted(_read({"text": text})) == sorted(read)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("持续性房颤（3级）/?房扑", [(AF, True)]),
        ("房颤、可能房扑", [(AF, True)]),
        # A doubt heading the list, or a test considered, still doubts the whole entry.
        ("?房颤/房扑", [(AF, False)]),
        ("冠心病，考虑行冠脉造影", [(CHD, False)]),
        ("房颤 可能性大", [(AF, False)]),
    ],
)
def test_cmb_words_a_doubted_later_item_leaves_an_established_one_of_its_kind(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS (twenty-sixth session's second red-team review): a doubt word opening a later
    list item doubts that item; an established disease of the same kind before it stands — an
    AF beside a queried flutter is an arrhythmia (before it, possible)."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Each box after its word (charts `rw_heart_failure_severity_boxes_after_moderate_english`,
        # `rw_heart_failure_severity_boxes_after_severe_english`).
        ("Heart failure: mild [ ] moderate [x] severe [ ]", [(HF, True, None)]),
        ("Heart failure: mild [ ] moderate [ ] severe [x]", [(HF, True, 3)]),
        ("Heart failure: mild [x] moderate [ ] severe [ ]", [(HF, True, None)]),
        ("房颤：轻度☐ 中度☑ 重度☐", [(AF, True, None)]),
        ("房颤 轻度☐ 中度☐ 重度☑", [(AF, True, 3)]),
        # Each box before its word, as the twenty-sixth session read it
        # (`rw_af_severity_severe_ticked_chinese`).
        ("房颤 ☐轻度 ☐中度 ☑重度", [(AF, True, 3)]),
        # None ticked: the row was not filled in — possible, never no.
        ("Heart failure: mild [ ] moderate [ ] severe [ ]", [(HF, False, None)]),
    ],
)
def test_cmb_grade_owner_severity_boxes_after_their_words(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-GRADE-OWNER, CMB-WORDS (7 December 2026, twenty-seventh session): a form's severity
    boxes written after their words ("mild [ ] moderate [x] severe [ ]") are read as those
    written before them: the disease rated is there; mild or moderate grade nothing, severe is
    grade 3 (CMB-CODES). Before it the boxes read as a list of three items, moderate ticked and
    the others no, and "Heart failure: mild: no" denied the heart failure — an unsafe eligible."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("A-flutter, CTCAE grade 2", [(AF, True, 2)]),
        ("Aflutter", [(AF, True, None)]),
        ("Ventricular flutter", [(AF, True, None)]),
        ("心室扑动（3级）", [(AF, True, 3)]),
        ("室扑", [(AF, True, None)]),
        ("心房扑动 2级", [(AF, True, 2)]),
        ("房扑（1级）", [(AF, True, 1)]),
        ("Persistent AF, grade 3 / ? flutter", [(AF, True, 3)]),
        ("AF / ? flutter", [(AF, True, None)]),
        # Not the heart's.
        ("Ocular flutter", []),
        ("Eye flutter", []),
        ("Diaphragmatic flutter", []),
        ("Flutter valve for airway clearance", []),
    ],
)
def test_cmb_words_flutter_by_its_short_names(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-WORDS (7 December 2026, twenty-seventh session): "flutter" is atrial (A-flutter, "AF /
    ? flutter") or ventricular flutter (心室扑动, 室扑), an arrhythmia with its grade words —
    not an eye's or the diaphragm's flutter, nor a flutter valve. Before it "A-flutter, CTCAE
    grade 2" and "心室扑动（3级）" named no arrhythmia (unsafe eligibles), and "? flutter" after a
    grade 3 AF doubted the AF (charts `rw_a_flutter_abbreviated_grade_2_english`,
    `rw_ventricular_flutter_chinese_grade_3`, `rw_af_grade_3_slash_query_flutter_english`,
    `rw_ocular_flutter_not_cardiac_english`)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("疑似蒽环类药物相关心肌病（NYHA III级）", [(HF, False)]),
        ("疑似与化疗有关的心衰，心功能III级", [(HF, False)]),
        ("疑似化疗相关心功能不全", [(HF, False)]),
        ("可能为免疫相关性心肌炎伴心衰", [(HF, False)]),
        # 相关, 有关 ending the words: the cause doubted, the disease established.
        ("慢性心力衰竭（NYHA III级），考虑与蒽环类药物相关", [(HF, True)]),
        ("心衰，可能与化疗有关", [(HF, True)]),
    ],
)
def test_cmb_words_a_doubt_before_an_x_related_disease_doubts_the_disease(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS (twenty-seventh session, red-team review): 疑似 before "X相关心肌病" or "与X有关
    的心衰" doubts the disease the words name, not only its cause. Before it the cause-doubt
    words took 疑似…相关 out and the heart failure was established, NYHA III: not met, a wrong
    exclusion of a suspected disease (charts
    `rw_suspected_anthracycline_related_cardiomyopathy_nyha_3_chinese`,
    `rw_suspected_chemotherapy_related_heart_failure_chinese`)."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Chart `rw_af_grade_3_possible_flutter_english`.
        ("Atrial fibrillation, CTCAE grade 3 / possible flutter", [(AF, True)]),
        ("AF (grade 3), ?flutter", [(AF, True)]),
        ("?flutter", [(AF, False)]),
        ("Eyelid flutter", []),
        ("Diaphragmatic flutter", []),
    ],
)
def test_cmb_words_flutter_alone_is_an_arrhythmia(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS (7 December 2026, twenty-seventh session, red-team review): "flutter" alone on
    a cardiac problem list is atrial flutter, so a doubt of it is the flutter's and an
    established AF before it stands (as "持续性房颤（3级）/?房扑"). Before it "AF grade 3 /
    possible flutter" was possible: a card where the coordinator excludes, an unsafe possibly
    eligible; an eyelid's or the diaphragm's flutter is none."""
    assert _read({"text": text}) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Aflutter", [(AF, True, None)]),
        ("Afib/Aflutter", [(AF, True, None)]),
        ("A. fib", [(AF, True, None)]),
        ("A.Fib, CTCAE grade 2", [(AF, True, 2)]),
        # A rapid ventricular response makes it grade 2 at least (twenty-eighth session).
        ("AFib w/ RVR", [(AF, True, 2)]),
        ("paroxysmal AF (PAF)", [(AF, True, None)]),
        ("SVT", [(AF, True, None)]),
        ("NSVT", [(AF, True, None)]),
        # A benign finding is an arrhythmia of a grade the chart does not give, never grade 2.
        ("Isolated PVCs on ECG, Lown grade 1", [(AF, True, None)]),
        ("Sinus tachycardia secondary to fever", [(AF, True, None)]),
        ("偶发室性早搏", [(AF, True, None)]),
        # Not the heart's.
        ("A. baumannii infection", []),
    ],
)
def test_cmb_words_af_and_flutter_by_a_period_or_in_one_word(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-WORDS (7 December 2026, twenty-seventh session, cardiac10): "Aflutter" in one word and
    "A. fib" with a period are atrial flutter and fibrillation, as "A-flutter" and "A-fib" are;
    the other short names and a benign rhythm finding are arrhythmias of no grade unless the
    words give one. Before it "Aflutter" and "A. fib" named no arrhythmia, `no-arrhythmia` met
    (charts `rw_aflutter_one_word_english`, `rw_a_period_fib_english`; guards
    `rw_sinus_tachycardia_from_fever_english`, `rw_isolated_pvcs_english`)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("心衰（NYHA III级）、可疑冠心病", {CHD: None, HF: 3}),
        ("心衰（NYHA I级），冠心病", {CHD: None, HF: 1}),
        ("CHF NYHA III, ?CAD", {CHD: None, HF: 3}),
        ("CHF NYHA I, ?CAD", {CHD: None, HF: 1}),
        ("CAD, CHF NYHA III", {CHD: None, HF: 3}),
        # A class in its own item, or in the coronary disease's, is still the heart's.
        ("冠心病 心功能III级", {CHD: 3, HF: 3}),
        ("冠心病，心功能II级", {CHD: 2, HF: 2}),
        ("冠心病（NYHA II级）", {CHD: 2, HF: 2}),
    ],
)
def test_cmb_grade_owner_a_functional_class_in_another_diseases_item_is_that_ones(
    text: str, grades: dict[Comorbidity, int | None]
) -> None:
    """CMB-GRADE-OWNER (7 December 2026, twenty-seventh session, cardiac10): a NYHA class written
    inside a list item naming heart failure is the failure's; it grades no coronary disease
    listed beside it, which keeps its own grade or none. Before it "心衰（NYHA I级），冠心病"
    made a grade 1 coronary disease, met where the coordinator asks for its grade (charts
    `rw_heart_failure_nyha_1_then_chd_chinese`, `rw_chf_nyha_1_query_cad_english`)."""
    assert _grades(text) == grades


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("AFib w/ RVR", (2, True, True)),
        ("Atrial fibrillation with RVR", (2, True, True)),
        ("AF with rapid ventricular response", (2, True, True)),
        ("房颤伴快速心室率", (2, True, True)),
        ("快速房颤", (2, True, True)),
        ("? AF with RVR", (2, True, False)),
        # A grade the words give comes first; a denied response is none.
        ("AF with RVR, CTCAE grade 3", (3, False, True)),
        ("AF without RVR", (None, False, True)),
        ("房颤（无快速心室率）", (None, False, True)),
        ("阵发性房颤 心室率控制可", (None, False, True)),
        ("快速性心律失常", (None, False, True)),
    ],
)
def test_cmb_codes_an_af_with_a_rapid_ventricular_response_is_grade_2_at_least(
    text: str, read: tuple[int | None, bool, bool]
) -> None:
    """CMB-CODES (7 December 2026, twenty-eighth session, cardiac11): an arrhythmia with a rapid
    ventricular response needs rate control, never CTCAE grade 1 (asymptomatic, no intervention
    indicated): grade 2 at least (`grade_at_least`). Before it "AFib w/ RVR" was an AF of no
    grade, `no-arrhythmia` unknown where the coordinator excludes (chart
    `rw_afib_with_rvr_english`)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.grade, f.grade_at_least, f.confirmed) for f in facts if f.kind is AF] == [read]


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("冠心病 心衰 心功能III级", {CHD: None, HF: 3}),
        ("冠心病，心衰，心功能III级", {CHD: None, HF: 3}),
        ("冠心病 慢性心力衰竭 NYHA分级：II级", {CHD: None, HF: 2}),
        ("冠心病 心功能不全 心功能III级", {CHD: None, HF: 3}),
        ("CAD, CHF, NYHA III", {CHD: None, HF: 3}),
        # No heart failure listed: the class is the ischaemic heart's too.
        ("冠心病 心功能III级", {CHD: 3, HF: 3}),
        ("冠心病 高血压 心功能III级", {CHD: 3, HF: 3}),
        # Ischaemic cardiomyopathy is both: its class grades both.
        ("缺血性心肌病 心功能III级", {CHD: 3, HF: 3}),
    ],
)
def test_cmb_grade_owner_a_class_beside_a_listed_heart_failure_is_the_failures(
    text: str, grades: dict[Comorbidity, int | None]
) -> None:
    """CMB-GRADE-OWNER (7 December 2026, twenty-eighth session, cardiac11): a NYHA class in its
    own list item, when the entry lists a heart failure besides the coronary disease, is the
    failure's: the coronary disease stays ungraded. Before it "冠心病 心衰 心功能III级" made a
    grade 3 coronary disease, `no-coronary-heart-disease` not met on the failure's class (chart
    `rw_chd_heart_failure_nyha_3_one_entry_chinese`; a class I would have passed it, unsafe)."""
    assert _grades(text) == grades


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("考虑化疗相关房颤", [(AF, False, None)]),
        ("考虑化疗相关房颤（CTCAE 2级）", [(AF, False, 2)]),
        ("考虑为化疗相关房颤", [(AF, False, None)]),
        ("考虑化疗相关性心肌病", [(HF, False, None)]),
        ("考虑与放疗有关的心衰", [(HF, False, None)]),
        ("考虑化疗所致房颤（CTCAE 2级）", [(AF, False, 2)]),
        ("考虑甲亢所致房颤", [(AF, False, None)]),
        ("房颤，考虑化疗所致", [(AF, True, None)]),
        ("房颤，考虑甲亢所致心率增快", [(AF, True, None)]),
        # The cause doubted after the established disease, a treatment considered: it stands.
        ("房颤（考虑化疗相关）", [(AF, True, None)]),
        ("房颤 2级，考虑化疗相关", [(AF, True, 2)]),
        ("房颤，考虑化疗", [(AF, True, None)]),
    ],
)
def test_cmb_words_considered_before_a_treatment_related_disease_doubts_it(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-WORDS (7 December 2026, twenty-seventh session, cardiac10): 考虑 before a
    chemotherapy- or radiotherapy-related disease's name puts the whole as a working diagnosis,
    as 疑似 does ("疑似化疗相关房颤"), not a treatment considered, and so before an X-induced
    one (…所致房颤); after the disease it doubts the cause only. Before it "考虑化疗相关房颤
    （CTCAE 2级）" and "考虑化疗所致房颤（CTCAE 2级）" were established grade 2 AFs, wrong
    exclusions (charts `rw_considered_chemotherapy_related_af_grade_2_chinese`,
    `rw_considered_chemotherapy_induced_af_grade_2_chinese`)."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # The row answered no, the severity of a yes left blank: no heart failure (charts
        # `rw_heart_failure_denied_severity_boxes_blank_chinese`,
        # `rw_heart_failure_denied_if_yes_severity_blank_english`).
        ("心力衰竭 ☑无 ☐有 ☐轻度 ☐中度 ☐重度", []),
        ("心衰：☑无 ☐有（☐轻度 ☐中度 ☐重度）", []),
        ("Heart failure: No [x] Yes [ ]  If yes: mild [ ] moderate [ ] severe [ ]", []),
        # Answered yes, the severity blank: there, ungraded.
        ("心衰：☐无 ☑有（☐轻度 ☐中度 ☐重度）", [(HF, True, None)]),
        # No answer before the blank boxes, or one in another row: still unanswered.
        ("高血压 ☑有；心衰 ☐轻度 ☐中度 ☐重度", [(HF, False, None)]),
    ],
)
def test_cmb_codes_blank_severity_boxes_after_the_rows_answer(
    text: str, read: list[tuple[Comorbidity, bool, int | None]]
) -> None:
    """CMB-CODES, CMB-GRADE-OWNER (7 December 2026, twenty-seventh session (red-team review)):
    severity boxes left blank after the row's own answer ask nothing — a yes or a no stands;
    before it they wrote ": unknown" over a ticked no, a needless unknown."""
    facts = condition_facts({"text": text}).comorbidities
    assert [(f.kind, f.confirmed, f.grade) for f in facts if f.kind is HF] == read


@pytest.mark.parametrize(
    ("text", "failure"),
    [
        ("Severe HF sensorineural hearing loss, bilateral (post-cisplatin)", False),
        ("Bilateral HF hearing loss", False),
        ("双耳高频听力下降（HF）", False),
        ("Holter: LF/HF ratio 2.1", False),
        # Heart failure's HF stays.
        ("HF, NYHA II", True),
        ("Severe HF", True),
    ],
)
def test_cmb_words_hf_of_hearing_is_no_heart_failure(text: str, failure: bool) -> None:
    """CMB-WORDS (7 December 2026, twenty-seventh session (red-team review)): HF beside hearing
    is high-frequency hearing loss, cisplatin's ototoxicity, and LF/HF a heart-rate variability
    ratio: no heart failure (charts `rw_severe_hf_hearing_loss_after_cisplatin_english`,
    `rw_hf_hearing_loss_english`); before it "Severe HF sensorineural hearing loss" was a grade 3
    heart failure, a wrong exclusion."""
    facts = condition_facts({"text": text}).comorbidities
    assert any(f.kind is HF for f in facts) is failure


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("银屑病", [(Comorbidity.AUTOIMMUNE_DISEASE, True)]),
        ("寻常型银屑病", [(Comorbidity.AUTOIMMUNE_DISEASE, True)]),
        ("银屑病关节炎", [(Comorbidity.AUTOIMMUNE_DISEASE, True)]),
        ("牛皮癣", [(Comorbidity.AUTOIMMUNE_DISEASE, True)]),
        ("Plaque psoriasis", [(Comorbidity.AUTOIMMUNE_DISEASE, True)]),
        ("否认银屑病", []),
        ("Pityriasis rosea", []),
    ],
)
def test_cmb_words_psoriasis_in_chinese_is_an_autoimmune_disease(
    text: str, read: list[tuple[Comorbidity, bool]]
) -> None:
    """CMB-WORDS, CMB-CODES (twenty-eighth session): psoriasis in its Chinese names (银屑病, the
    lay 牛皮癣) is an autoimmune disease as "psoriasis" and ICD-10-CM L40 already are: anti-PD-1
    protocols name psoriasis among the autoimmune diseases they exclude (allowing it only where
    no systemic treatment is needed). Before it 银屑病 read as nothing, an unsafe met of such an
    exclusion."""
    assert _read(concept(text)) == read
