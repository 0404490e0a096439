"""Comorbidity facts from Conditions (CMB-CODES) and from drugs only a cardiac condition
explains (CMB-MEDS), built from small charts through `build_facts`."""

from __future__ import annotations

from datetime import date

from eligibility.facts import ComorbidityFact
from eligibility.vocabulary import Comorbidity
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.comorbidities import parse_grade
from fhir_mapping.terminology import CodedText, Coding, comorbidity_drug_table, drug_table
from tests.fhir_mapping.conftest import AS_OF
from tools.charts.chart import Chart, Why
from tools.charts.codes import (
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    ICD10CM,
    LOINC,
    RXNORM,
    SNOMED,
    concept,
    quantity,
)

ARRHYTHMIA = Comorbidity.ARRHYTHMIA
HEART_FAILURE = Comorbidity.HEART_FAILURE
CHD = Comorbidity.CORONARY_HEART_DISEASE


def _chart(pid: str = "p") -> Chart:
    chart = Chart(pid)
    chart.patient("male", "1971-06-14")
    return chart


def _facts(chart: Chart) -> tuple[ComorbidityFact, ...]:
    return build_facts(
        [chart.bundle()], patient_id=chart.pid, as_of=AS_OF, cache=ValidationCache()
    ).facts.comorbidities


def _kinds(chart: Chart) -> set[tuple[Comorbidity, int | None, bool, bool]]:
    return {(f.kind, f.grade, f.active, f.confirmed) for f in _facts(chart)}


def _verification(code: str) -> dict[str, object]:
    return concept(None, (CONDITION_VERIFICATION, code, code))


# --- CMB-CODES ----------------------------------------------------------------------------------


def test_cmb_codes_snomed_codes_alone_name_cardiac_conditions() -> None:
    """CMB-CODES: verified SNOMED CT codes with no text recognise the condition."""
    for code, kind in (("49436004", ARRHYTHMIA), ("84114007", HEART_FAILURE), ("53741008", CHD)):
        chart = _chart()
        chart.condition(concept(None, (SNOMED, code)), date(2024, 3, 1))
        assert _kinds(chart) == {(kind, None, True, True)}, code


def test_cmb_codes_chinese_text_names_cardiac_conditions_with_their_grade() -> None:
    """CMB-CODES: Chinese terms and a grade in the severity text ("1级")."""
    cases = (
        ({"text": "阵发性房颤"}, {"text": "1级"}, ARRHYTHMIA, 1),
        ({"text": "心房颤动"}, None, ARRHYTHMIA, None),
        ({"text": "慢性心衰 心功能III级"}, None, HEART_FAILURE, 3),
        ({"text": "冠状动脉粥样硬化性心脏病"}, {"text": "中度"}, CHD, None),
        ({"text": "冠状动脉粥样硬化性心脏病"}, {"text": "重度"}, CHD, 3),
    )
    for code, severity, kind, grade in cases:
        chart = _chart()
        chart.condition(code, date(2024, 3, 1), severity=severity)
        assert _kinds(chart) == {(kind, grade, True, True)}, code


def test_cmb_codes_grade_from_nyha_ctcae_and_severity_text() -> None:
    """CMB-CODES: NYHA class and CTCAE grade in any recorded text, then severity."""
    assert parse_grade(["Heart failure"], CodedText(text="NYHA class II")) == 2
    assert parse_grade(["Atrial fibrillation"], CodedText(text="2级")) == 2
    assert parse_grade(["Atrial fibrillation"], CodedText(text="mild")) is None
    assert parse_grade(["Atrial fibrillation"], CodedText()) is None


def test_cmb_codes_a_clinicians_severity_is_no_ctcae_grade() -> None:
    """CMB-CODES (7 December 2026, twenty-seventh session): Condition.severity is the clinician's
    impression: mild and moderate (the form's default) leave the disease ungraded — a mild heart
    failure with symptoms, or a mild AF on rate control, is CTCAE grade 2 — and only severe,
    never the asymptomatic untreated grade 1, grades (3). Before it moderate read as grade 2 (a
    wrong exclusion on a form's default) and mild as grade 1 (an unsafe met): charts
    `rw_af_snomed_severity_moderate_alone_english`, `rw_heart_failure_severity_mild_english`."""
    mild = CodedText((Coding(SNOMED, "255604002", "Mild"),))
    moderate = CodedText((Coding(SNOMED, "6736007", "Moderate"),))
    severe = CodedText((Coding(SNOMED, "24484000", "Severe"),))
    assert parse_grade(["Heart failure"], mild) is None
    assert parse_grade(["Atrial fibrillation"], moderate) is None
    assert parse_grade(["Atrial fibrillation"], severe) == 3
    for text in ("mild", "Moderate", "轻度", "中度", "moderate to severe", "非重度", "not severe"):
        assert parse_grade(["Atrial fibrillation"], CodedText(text=text)) is None, text
    for text in ("Severe", "重度"):
        assert parse_grade(["Atrial fibrillation"], CodedText(text=text)) == 3, text
    # A grade the words give still comes first.
    assert parse_grade(["Atrial fibrillation"], CodedText(text="1级")) == 1
    chart = _chart()
    chart.condition(
        concept("Heart failure", (SNOMED, "84114007", "Heart failure (disorder)")),
        date(2024, 3, 1),
        severity=concept("Mild", (SNOMED, "255604002", "Mild")),
    )
    assert _kinds(chart) == {(HEART_FAILURE, None, True, True)}


def test_cmb_codes_refuted_and_entered_in_error_are_not_diagnoses() -> None:
    """CMB-CODES: refuted / entered-in-error Conditions give no fact."""
    for status in ("refuted", "entered-in-error"):
        chart = _chart()
        chart.condition(
            concept("Heart failure, NYHA class III", (ICD10CM, "I50.9")),
            date(2024, 3, 1),
            verification_status=_verification(status),
        )
        assert _facts(chart) == (), status


def test_cmb_codes_provisional_and_differential_are_possible_not_confirmed() -> None:
    """CMB-CODES: a provisional / differential / unconfirmed diagnosis is kept, unconfirmed."""
    for status in ("provisional", "differential", "unconfirmed"):
        chart = _chart()
        chart.condition(
            concept("Atrial fibrillation, grade 2", (ICD10CM, "I48.0")),
            date(2024, 3, 1),
            verification_status=_verification(status),
        )
        assert _kinds(chart) == {(ARRHYTHMIA, 2, True, False)}, status


def test_cmb_codes_resolved_inactive_and_remission_are_not_current() -> None:
    """CMB-CODES: a resolved / inactive / remission Condition is kept as not active."""
    for status in ("resolved", "inactive", "remission"):
        chart = _chart()
        chart.condition(
            concept("Paroxysmal atrial fibrillation", (ICD10CM, "I48.0")),
            date(2017, 5, 2),
            clinical_status=concept(None, (CONDITION_CLINICAL, status, status)),
        )
        assert _kinds(chart) == {(ARRHYTHMIA, None, False, True)}, status


# --- CMB-MEDS -----------------------------------------------------------------------------------


def test_cmb_meds_the_table_names_known_agents_and_comorbidities() -> None:
    """CMB-MEDS: every drug of comorbidity_drugs.csv is a recognised agent, not a line."""
    for agent, concepts in comorbidity_drug_table().items():
        assert drug_table().drugs[agent].antineoplastic is False
        assert {Comorbidity(c) for c in concepts} <= {ARRHYTHMIA, HEART_FAILURE, CHD}


def test_cmb_meds_a_current_drug_only_a_condition_explains_makes_it_possible() -> None:
    """CMB-MEDS: amiodarone, 诺欣妥, 单硝酸异山梨酯, digoxin imply their conditions, ungraded."""
    cases = (
        (concept("胺碘酮片 0.2g qd", (RXNORM, "703", "amiodarone")), {ARRHYTHMIA}),
        (concept("诺欣妥 100mg bid"), {HEART_FAILURE}),
        (concept("单硝酸异山梨酯缓释片"), {CHD}),
        (concept("Digoxin 0.125 mg"), {ARRHYTHMIA, HEART_FAILURE}),
    )
    for drug, kinds in cases:
        chart = _chart()
        chart.medication_statement(drug, (date(2024, 1, 1), None), status="active")
        facts = _facts(chart)
        assert {f.kind for f in facts} == kinds, drug
        assert all(f.grade is None and not f.confirmed and f.implied_by for f in facts)


def test_cmb_meds_drugs_that_prove_nothing() -> None:
    """CMB-MEDS: beta-blockers prove nothing; neither does a drug stopped long ago."""
    chart = _chart()
    chart.medication_statement(
        concept("Metoprolol 47.5 mg"), (date(2024, 1, 1), None), status="active"
    )
    chart.medication_statement(
        concept("Amiodarone 200 mg"), (date(2019, 1, 1), date(2019, 6, 1)), status="completed"
    )
    assert _facts(chart) == ()


def test_cmb_meds_a_reason_naming_another_condition_explains_the_drug() -> None:
    """CMB-MEDS: a drug whose reason names another condition proves nothing; a reason naming
    one of the drug's conditions narrows it to that one."""
    chart = _chart()
    hypertension = chart.condition(
        concept("Essential hypertension", (ICD10CM, "I10")), date(2018, 4, 1)
    )
    chart.medication_statement(
        concept("Nitroglycerin ointment 0.4%"),
        (date(2026, 10, 1), None),
        status="active",
        why=Why(reason_reference=[hypertension]),
    )
    chart.medication_statement(
        concept("Digoxin 0.125 mg"),
        (date(2026, 1, 1), None),
        status="active",
        why=Why(reason_code=concept("Atrial fibrillation")),
    )
    assert {(f.kind, f.implied_by) for f in _facts(chart)} == {(ARRHYTHMIA, "digoxin")}


def test_cmb_meds_a_drug_for_a_recorded_cardiac_condition_adds_nothing() -> None:
    """CMB-MEDS: amiodarone whose reason is the recorded AF leaves the AF to decide."""
    chart = _chart()
    af = chart.condition(concept("Atrial fibrillation, grade 1", (ICD10CM, "I48.0")), "2024-03-01")
    chart.medication_statement(
        concept("Amiodarone 200 mg"),
        (date(2024, 3, 1), None),
        status="active",
        why=Why(reason_reference=[af]),
    )
    assert _kinds(chart) == {(ARRHYTHMIA, 1, True, True)}


def test_cmb_meds_antianginals_antiarrhythmics_and_chinese_patent_medicines() -> None:
    """CMB-MEDS: nicorandil, trimetazidine, ranolazine (angina), mexiletine (ventricular
    arrhythmias), vericiguat (heart failure), and the Chinese patent medicines whose labelled
    indication is angina (麝香保心丸, 速效救心丸), premature beats (稳心颗粒; 参松养心胶囊: of
    coronary disease) or heart failure (芪苈强心胶囊) make their condition possible, ungraded."""
    cases = (
        (concept("尼可地尔片 5mg tid"), {CHD}),
        (concept("曲美他嗪缓释片 35mg bid"), {CHD}),
        (concept("Ranolazine ER 500 mg"), {CHD}),
        (concept("美西律片 150mg tid"), {ARRHYTHMIA}),
        (concept("Verquvo (vericiguat) 5 mg"), {HEART_FAILURE}),
        (concept("麝香保心丸 2粒 tid"), {CHD}),
        (concept("速效救心丸 4粒 prn"), {CHD}),
        (concept("稳心颗粒 9g tid"), {ARRHYTHMIA}),
        (concept("参松养心胶囊 4粒 tid"), {ARRHYTHMIA, CHD}),
        (concept("芪苈强心胶囊 4粒 tid"), {HEART_FAILURE}),
    )
    for drug, kinds in cases:
        chart = _chart()
        chart.medication_statement(drug, (date(2026, 10, 1), None), status="active")
        facts = _facts(chart)
        assert {f.kind for f in facts} == kinds, drug
        assert all(f.grade is None and not f.confirmed and f.implied_by for f in facts), drug


def test_cmb_meds_compound_danshen_and_mexiletine_by_its_old_chinese_name() -> None:
    """CMB-MEDS: 复方丹参滴丸 (labelled for angina of coronary disease) and 慢心律 (mexiletine's
    older Chinese name) make their condition possible, ungraded."""
    cases = (
        (concept("复方丹参滴丸 10丸 tid"), {CHD}),
        (concept("慢心律 100mg tid"), {ARRHYTHMIA}),
    )
    for drug, kinds in cases:
        chart = _chart()
        chart.medication_statement(drug, (date(2026, 10, 1), None), status="active")
        facts = _facts(chart)
        assert {f.kind for f in facts} == kinds, drug
        assert all(f.grade is None and not f.confirmed and f.implied_by for f in facts), drug


def test_cmb_meds_a_reason_naming_two_cardiac_diseases_keeps_both() -> None:
    """CMB-MEDS: digoxin for 缺血性心肌病 (ischaemic cardiomyopathy) is coronary disease and heart
    failure possible — before, the reason was read as its first disease only, coronary, which
    digoxin does not treat, and the drug proved nothing."""
    chart = _chart()
    chart.medication_statement(
        concept("地高辛片 0.125mg qd"),
        (date(2024, 1, 1), None),
        status="active",
        why=Why(reason_code=concept("缺血性心肌病")),
    )
    assert {(f.kind, f.confirmed) for f in _facts(chart)} == {(CHD, False), (HEART_FAILURE, False)}


def test_cmb_meds_a_reason_naming_another_cardiac_disease_keeps_the_drugs_own_too() -> None:
    """CMB-MEDS: amiodarone given "for heart failure" explains nothing away: the heart failure the
    reason names is possible, and so is the arrhythmia amiodarone is given for."""
    chart = _chart()
    chart.medication_statement(
        concept("Amiodarone 200 mg"),
        (date(2026, 1, 1), None),
        status="active",
        why=Why(reason_code=concept("Cardiac dysfunction")),
    )
    assert {f.kind for f in _facts(chart)} == {ARRHYTHMIA, HEART_FAILURE}


def test_cmb_codes_ischaemic_cardiomyopathy_code_is_coronary_disease_and_heart_failure() -> None:
    """CMB-CODES: ICD-10-CM I25.5 without a display is a cardiomyopathy as well as coronary
    disease (before, the I25 prefix read it as coronary disease only)."""
    chart = _chart()
    chart.condition(concept(None, (ICD10CM, "I25.5")), date(2024, 3, 1))
    assert _kinds(chart) == {(CHD, None, True, True), (HEART_FAILURE, None, True, True)}
    chart = _chart()
    chart.condition(concept(None, (ICD10CM, "I25.10")), date(2024, 3, 1))
    assert _kinds(chart) == {(CHD, None, True, True)}


def _lvef_chart(value: float, unit: str = "%") -> Chart:
    chart = _chart()
    chart.observation(
        concept("LVEF", (LOINC, "10230-1", "Left ventricular Ejection fraction")),
        date(2026, 11, 10),
        value_quantity=quantity(value, unit),
    )
    return chart


def test_cmb_signs_a_reduced_ejection_fraction_makes_heart_failure_possible() -> None:
    """CMB-SIGNS: the newest LVEF below 50 % (45 %, or 0.35 as a fraction) is heart failure
    possible, ungraded; 50 % and above is nothing."""
    assert _kinds(_lvef_chart(45)) == {(HEART_FAILURE, None, True, False)}
    assert _kinds(_lvef_chart(0.35, "1")) == {(HEART_FAILURE, None, True, False)}
    assert _kinds(_lvef_chart(50)) == set()
    assert _kinds(_lvef_chart(62)) == set()


def test_cmb_signs_the_newest_ejection_fraction_counts() -> None:
    """CMB-SIGNS: an LVEF that recovered (40 % last year, 58 % this month) suggests nothing."""
    chart = _lvef_chart(58)
    chart.observation(concept("左室射血分数"), date(2025, 6, 1), value_quantity=quantity(40, "%"))
    assert _kinds(chart) == set()


def test_cmb_signs_a_recorded_heart_failure_decides_over_the_ejection_fraction() -> None:
    """CMB-SIGNS: beside a graded heart-failure Condition the LVEF adds nothing."""
    chart = _lvef_chart(45)
    chart.condition(concept("慢性心力衰竭 NYHA I级"), date(2025, 1, 1))
    assert {(k, g) for k, g, _, _ in _kinds(chart)} == {(HEART_FAILURE, 1)}


def test_cmb_meds_a_reason_denying_a_disease_does_not_name_it() -> None:
    """CMB-MEDS, CMB-WORDS: amiodarone "for" VT with no heart failure makes the arrhythmia
    possible, not the heart failure the reason denies."""
    chart = _chart()
    chart.medication_statement(
        concept("Amiodarone 200 mg"),
        (date(2026, 1, 1), None),
        status="active",
        why=Why(reason_code=concept("Ventricular tachycardia, no heart failure")),
    )
    assert {f.kind for f in _facts(chart)} == {ARRHYTHMIA}


def test_cmb_codes_a_heart_failure_its_words_call_severe_is_graded() -> None:
    """CMB-CODES, CMB-GRADE-OWNER (7 December 2026, twenty-seventh session): severe written right
    before a heart failure's name or alone in brackets after it grades it as a severity Severe
    does (3: never the asymptomatic grade 1); a NYHA class beside it still decides; a stenosis's
    or a valve's severity is not the failure's. Before it "重度心衰" and "Congestive heart failure
    (severe)" were heart failure without a grade, a card for a patient the trial excludes
    (charts `rw_severe_heart_failure_chinese`, `rw_heart_failure_severe_in_brackets_english`;
    guard `rw_severe_coronary_stenosis_chinese`)."""
    cases = (
        ("重度心衰", HEART_FAILURE, 3),
        ("重度慢性心力衰竭", HEART_FAILURE, 3),
        ("心功能不全（重度）", HEART_FAILURE, 3),
        ("Congestive heart failure (severe)", HEART_FAILURE, 3),
        ("Severe CHF, NYHA II", HEART_FAILURE, 2),
        ("非重度心衰", HEART_FAILURE, None),
        ("重度二尖瓣反流 心衰", HEART_FAILURE, None),
        ("冠心病 前降支重度狭窄", CHD, None),
    )
    for text, kind, grade in cases:
        chart = _chart()
        chart.condition({"text": text}, date(2024, 3, 1))
        assert _kinds(chart) == {(kind, grade, True, True)}, text


def test_cmb_codes_an_arrhythmia_its_words_call_severe_is_graded() -> None:
    """CMB-CODES, CMB-GRADE-OWNER (7 December 2026, twenty-seventh session, cardiac10): severe
    written right before an arrhythmia's name or alone in brackets after it grades it as a coded
    severity Severe and "重度心衰" do (3); a grade in its words still decides; a milder rating
    beside severe, a valve's severity or the severity of another finding is not the AF's. Before
    it "Severe AF" and "重度房颤" asked for a grade (charts `rw_severe_af_english`,
    `rw_severe_af_chinese`)."""
    cases = (
        ("Severe AF", ARRHYTHMIA, 3),
        ("重度房颤", ARRHYTHMIA, 3),
        ("severe arrhythmia", ARRHYTHMIA, 3),
        ("Atrial fibrillation (severe)", ARRHYTHMIA, 3),
        ("Severe paroxysmal atrial fibrillation", ARRHYTHMIA, 3),
        ("Severe AF, CTCAE grade 2", ARRHYTHMIA, 2),
        ("moderate to severe AF", ARRHYTHMIA, None),
        ("中重度房颤", ARRHYTHMIA, None),
        ("非重度房颤", ARRHYTHMIA, None),
        ("重度二尖瓣反流 房颤", ARRHYTHMIA, None),
        ("Severe AS, AF", ARRHYTHMIA, None),
        ("moderate to severe heart failure", HEART_FAILURE, None),
    )
    for text, kind, grade in cases:
        chart = _chart()
        chart.condition({"text": text}, date(2024, 3, 1))
        assert _kinds(chart) == {(kind, grade, True, True)}, text


def test_cmb_codes_a_severity_from_moderate_to_severe_is_no_grade() -> None:
    """CMB-CODES (7 December 2026, twenty-eighth session, cardiac11): a rating spanning moderate
    (no grade) and severe (grade 3) says neither, in the severity element or in the words:
    "中重度", "中-重度", "中到重度", "moderately severe", "moderate/severe", "moderate–severe",
    "moderate or severe". Before it the severity text "中重度" and "moderately severe", and the
    words "中到重度心衰", "moderate/severe HF", "moderate–severe heart failure", read as severe
    (3): `no-heart-failure` not met where the coordinator asks for the NYHA class (chart
    `rw_heart_failure_severity_moderate_to_severe_chinese`). Severe alone still grades 3."""
    spans = ("中重度", "中-重度", "中到重度", "中至重度", "moderately severe", "moderate-severe")
    for text in spans:
        assert parse_grade(["慢性心力衰竭"], CodedText(text=text)) is None, text
    for text in ("重度", "Severe"):
        assert parse_grade(["慢性心力衰竭"], CodedText(text=text)) == 3, text
    cases = (
        ("中重度心衰", None),
        ("中到重度心衰", None),
        ("moderate/severe HF", None),
        ("moderate–severe heart failure", None),
        ("moderate or severe CHF", None),
        ("moderately severe heart failure", None),
        ("Heart failure (moderate to severe)", None),
        ("重度心衰", 3),
        ("Severe CHF", 3),
    )
    for text, grade in cases:
        chart = _chart()
        chart.condition({"text": text}, date(2024, 3, 1))
        assert _kinds(chart) == {(HEART_FAILURE, grade, True, True)}, text
    chart = _chart()
    chart.condition(concept("慢性心力衰竭"), date(2024, 3, 1), severity=concept("中重度"))
    assert _kinds(chart) == {(HEART_FAILURE, None, True, True)}


def test_cmb_codes_a_heart_failure_said_recovered_keeps_no_old_grade() -> None:
    """CMB-CODES (7 December 2026, twenty-eighth session, cardiac11): a heart failure its entry
    says recovered ("fully recovered", "resolved", 已恢复, 已纠正) keeps no grade of its words or
    its severity: they were its grade then, and the current class is not said — unknown, ask
    the current NYHA class and LVEF; never not met on the old grade nor met. Not recovered
    (未恢复, "not fully recovered") keeps it. Before it "History of severe heart failure, fully
    recovered" read as grade 3, `no-heart-failure` not met, a wrong exclusion (chart
    `rw_severe_heart_failure_fully_recovered_english`)."""
    cases = (
        ("History of severe heart failure, fully recovered", None),
        ("重度心衰 已恢复", None),
        ("心衰（NYHA IV级），已纠正", None),
        ("Heart failure NYHA III, resolved", None),
        ("重度心衰，未恢复", 3),
        ("Severe CHF, not fully recovered", 3),
    )
    for text, grade in cases:
        chart = _chart()
        chart.condition({"text": text}, date(2024, 3, 1))
        assert _kinds(chart) == {(HEART_FAILURE, grade, True, True)}, text
    chart = _chart()
    chart.condition(
        concept("Heart failure, recovered"),
        date(2024, 3, 1),
        severity=concept("Severe", (SNOMED, "24484000", "Severe")),
    )
    assert _kinds(chart) == {(HEART_FAILURE, None, True, True)}
