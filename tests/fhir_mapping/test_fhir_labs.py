"""Laboratory results read from Observations: which Observation is which analyte
(VAL-LAB-ANALYTE), a panel's components (VAL-LAB-PANEL), the limits of normal (VAL-LAB-ULN) and
units as laboratories print them (VAL-LAB-UNITS), read from small charts through `build_facts`."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import Measurement
from eligibility.results import CriterionResult, CriterionStatus
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import Analyte
from fhir_mapping import MappingResult, ValidationCache, build_facts, observation_codes
from tests.fhir_mapping.conftest import AS_OF
from tests.fhir_mapping.test_fhir_values import observation

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
OLDER = "2026-11-02"
NEWER = "2026-11-16"


def patient(gender: str | None = "male", born: str | None = "1971-06-14") -> dict[str, Any]:
    found: dict[str, Any] = {"resourceType": "Patient", "id": "p"}
    if born is not None:
        found["birthDate"] = born
    if gender is not None:
        found["gender"] = gender
    return found


def loinc(code: str, display: str, text: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"coding": [{"system": LOINC, "code": code, "display": display}]}
    if text is not None:
        found["text"] = text
    return found


def named(text: str) -> dict[str, Any]:
    return {"text": text}


def quantity(value: float, unit: str) -> dict[str, Any]:
    return {"valueQuantity": {"value": value, "unit": unit}}


def mapped(
    *resources: dict[str, Any], gender: str | None = "male", born: str | None = "1971-06-14"
) -> MappingResult:
    return build_facts(
        [patient(gender, born), *resources], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    )


def lab(
    analyte: Analyte,
    *resources: dict[str, Any],
    gender: str | None = "male",
    born: str | None = "1971-06-14",
) -> Measurement:
    found = mapped(*resources, gender=gender, born=born).facts.lab(analyte)
    assert found is not None
    return found


# The analyte's own result, the older; then another measurement named like it, the newer.
OWN = {
    Analyte.TOTAL_BILIRUBIN: (named("总胆红素"), quantity(12, "umol/L"), 0.7018),
    Analyte.HEMOGLOBIN: (named("血红蛋白"), quantity(128, "g/L"), 12.8),
    Analyte.AST: (named("谷草转氨酶"), quantity(25, "U/L"), 25),
    Analyte.PLATELETS: (named("血小板计数"), quantity(210, "10^9/L"), 210),
    Analyte.CREATININE: (named("肌酐"), quantity(80, "umol/L"), 0.905),
    Analyte.ANC: (named("中性粒细胞绝对值"), quantity(3.2, "10^9/L"), 3.2),
}


@pytest.mark.parametrize(
    ("analyte", "code", "value"),
    [
        # Bilirubin fractions, by code, by the display of a code the table lacks, by name.
        (
            Analyte.TOTAL_BILIRUBIN,
            loinc("1968-7", "Bilirubin.direct [Mass/volume] in Serum or Plasma"),
            quantity(0.4, "mg/dL"),
        ),
        (
            Analyte.TOTAL_BILIRUBIN,
            loinc("14629-0", "Bilirubin.direct [Moles/volume] in Serum or Plasma"),
            quantity(6, "umol/L"),
        ),
        (Analyte.TOTAL_BILIRUBIN, named("Direct bilirubin"), quantity(0.4, "mg/dL")),
        (Analyte.TOTAL_BILIRUBIN, named("Bilirubin, Direct"), quantity(0.4, "mg/dL")),
        (Analyte.TOTAL_BILIRUBIN, named("Bilirubin, indirect"), quantity(0.4, "mg/dL")),
        (Analyte.TOTAL_BILIRUBIN, named("Unconjugated bilirubin"), quantity(0.4, "mg/dL")),
        (
            Analyte.TOTAL_BILIRUBIN,
            named("Bilirubin [Presence] in Urine by Test strip"),
            {"valueString": "Negative"},
        ),
        # Red cell indices and glycated haemoglobin.
        (
            Analyte.HEMOGLOBIN,
            loinc(
                "786-4",
                "Erythrocyte mean corpuscular hemoglobin concentration [Mass/volume] by "
                "Automated count",
                "MCHC",
            ),
            quantity(33.1, "g/dL"),
        ),
        (Analyte.HEMOGLOBIN, named("平均红细胞血红蛋白浓度(MCHC)"), quantity(330, "g/L")),
        (Analyte.HEMOGLOBIN, named("平均红细胞血红蛋白含量(MCH)"), quantity(29, "pg")),
        (Analyte.HEMOGLOBIN, named("糖化血红蛋白"), quantity(48, "mmol/mol")),
        (
            Analyte.HEMOGLOBIN,
            loinc("59261-8", "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol"),
            quantity(5.8, "mmol/L"),
        ),
        # Mitochondrial AST and the AST/ALT ratio.
        (Analyte.AST, named("线粒体天门冬氨酸氨基转移酶(m-AST)"), quantity(6, "U/L")),
        (Analyte.AST, named("m-AST"), quantity(6, "U/L")),
        (Analyte.AST, named("AST/ALT"), quantity(1.1, "1")),
        # Platelet indices.
        (Analyte.PLATELETS, named("平均血小板体积(MPV)"), quantity(10.5, "fL")),
        (Analyte.PLATELETS, named("血小板分布宽度(PDW)"), quantity(16, "fL")),
        (
            Analyte.PLATELETS,
            loinc("32623-1", "Platelet mean volume [Entitic volume] in Blood by Automated count"),
            quantity(10.5, "fL"),
        ),
        # Urine creatinine.
        (Analyte.CREATININE, named("尿肌酐"), quantity(8600, "umol/L")),
        (Analyte.CREATININE, named("24小时尿肌酐"), quantity(8600, "umol/L")),
        (
            Analyte.CREATININE,
            loinc("2161-8", "Creatinine [Mass/volume] in Urine", "Creatinine, Urine"),
            quantity(120, "mg/dL"),
        ),
        # Band forms, ANCA, the neutrophil/lymphocyte ratio.
        (
            Analyte.ANC,
            loinc("26507-4", "Neutrophils.band form [#/volume] in Blood"),
            quantity(0.1, "10*3/uL"),
        ),
        (Analyte.ANC, named("杆状核中性粒细胞"), quantity(0.1, "10^9/L")),
        (Analyte.ANC, named("抗中性粒细胞胞浆抗体(ANCA)"), {"valueString": "阴性"}),
        (Analyte.ANC, named("中性粒细胞/淋巴细胞比值"), quantity(2.4, "1")),
    ],
)
def test_val_lab_analyte_another_measurement_is_not_the_analyte(
    analyte: Analyte, code: dict[str, Any], value: dict[str, Any]
) -> None:
    """VAL-LAB-ANALYTE: a newer result of another measurement named like the analyte (direct
    bilirubin, MCHC, m-AST, MPV, urine creatinine, band neutrophils) is not read as the
    analyte: the older result of the analyte itself decides."""
    own_code, own_value, read = OWN[analyte]
    found = lab(
        analyte,
        observation("own", own_code, OLDER, **own_value),
        observation("other", code, NEWER, **value),
    )
    assert found.evidence == ("Observation/own",)
    assert found.value == read


def test_val_lab_analyte_order_of_a_day_does_not_decide() -> None:
    """VAL-LAB-ANALYTE: MCHC and haemoglobin of one day, whichever is listed first, give the
    haemoglobin."""
    mchc = observation("mchc", named("平均红细胞血红蛋白浓度(MCHC)"), NEWER, **quantity(330, "g/L"))
    hb = observation("hb", named("血红蛋白(HGB)"), NEWER, **quantity(75, "g/L"))
    assert lab(Analyte.HEMOGLOBIN, mchc, hb).value == 7.5
    assert lab(Analyte.HEMOGLOBIN, hb, mchc).value == 7.5


def component(code: dict[str, Any], **value: Any) -> dict[str, Any]:
    return {"code": code, **value}


CHINESE_CBC = observation(
    "cbc",
    named("血常规 (CBC)"),
    NEWER,
    component=[
        component(named("白细胞计数"), **quantity(2.1, "10^9/L")),
        component(named("中性粒细胞百分比"), **quantity(43, "%")),
        component(named("中性粒细胞绝对值"), **quantity(0.9, "10^9/L")),
        component(named("平均红细胞血红蛋白浓度(MCHC)"), **quantity(330, "g/L")),
        component(named("血红蛋白"), **quantity(82, "g/L")),
        component(named("平均血小板体积(MPV)"), **quantity(10.5, "fL")),
        component(named("血小板计数"), **quantity(60, "10^9/L")),
    ],
)
CODED_CBC = observation(
    "cbc",
    loinc("57021-8", "CBC W Auto Differential panel - Blood"),
    NEWER,
    component=[
        component(
            loinc("751-8", "Neutrophils [#/volume] in Blood by Automated count"),
            **quantity(0.9, "10*3/uL"),
        ),
        component(loinc("718-7", "Hemoglobin [Mass/volume] in Blood"), **quantity(8.2, "g/dL")),
        component(
            loinc("777-3", "Platelets [#/volume] in Blood by Automated count"),
            **quantity(60, "10*3/uL"),
        ),
    ],
)
OLDER_VALUES = (
    observation("anc", named("中性粒细胞绝对值"), OLDER, **quantity(3.2, "10^9/L")),
    observation("hb", named("血红蛋白"), OLDER, **quantity(128, "g/L")),
    observation("plt", named("血小板计数"), OLDER, **quantity(210, "10^9/L")),
)


@pytest.mark.parametrize("panel", [CHINESE_CBC, CODED_CBC], ids=["chinese", "loinc"])
def test_val_lab_panel_components_are_read_with_the_panels_date(panel: dict[str, Any]) -> None:
    """VAL-LAB-PANEL: a blood count sent as one Observation with a component per analyte gives
    each analyte, dated as the panel; it is newer than the separate results, so it decides."""
    facts = mapped(*OLDER_VALUES, panel).facts
    read = {
        analyte: (m.value, m.date, m.evidence)
        for analyte in (Analyte.ANC, Analyte.HEMOGLOBIN, Analyte.PLATELETS)
        if (m := facts.lab(analyte)) is not None
    }
    when, evidence = date(2026, 11, 16), ("Observation/cbc",)
    assert read == {
        Analyte.ANC: (0.9, when, evidence),
        Analyte.HEMOGLOBIN: (8.2, when, evidence),
        Analyte.PLATELETS: (60, when, evidence),
    }


def test_val_lab_panel_a_newer_separate_result_still_decides() -> None:
    """VAL-LAB-PANEL: the panel is one result among the others: a newer separate platelet
    count decides over it, an unreadable component is the newest result of its analyte."""
    panel = observation(
        "cbc",
        named("血常规"),
        OLDER,
        component=[
            component(named("血小板计数"), **quantity(60, "10^9/L")),
            component(named("血红蛋白"), valueString="溶血"),
        ],
    )
    newer = observation("plt", named("血小板计数"), NEWER, **quantity(150, "10^9/L"))
    result = mapped(panel, newer)
    platelets = result.facts.lab(Analyte.PLATELETS)
    hemoglobin = result.facts.lab(Analyte.HEMOGLOBIN)
    assert platelets is not None
    assert platelets.value == 150
    assert hemoglobin is not None
    assert (hemoglobin.value, hemoglobin.unreadable) == (None, "溶血")
    assert any(w.path == "component[1].value[x]" for w in result.warnings)


def test_val_lab_panel_codes_are_asked_for_and_other_measurements_are_not() -> None:
    """VAL-LAB-PANEL: the prefetch asks for coded panels (their components are read); the
    codes of other measurements named like an analyte (VAL-LAB-ANALYTE) are only skipped."""
    codes = observation_codes()
    assert f"{LOINC}|57021-8" in codes
    assert f"{LOINC}|1968-7" not in codes


def alt(*ranges: dict[str, Any]) -> dict[str, Any]:
    return observation(
        "alt",
        loinc("1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma"),
        NEWER,
        referenceRange=list(ranges),
        **quantity(90, "U/L"),
    )


def upto(high: float, applies: dict[str, Any] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"high": {"value": high, "unit": "U/L"}}
    if applies is not None:
        found["appliesTo"] = [applies]
    return found


FEMALE_TEXT, MALE_TEXT = named("Female"), named("Male")
FEMALE_CODE = {"coding": [{"system": SNOMED, "code": "248152002", "display": "Female"}]}
MALE_CODE = {"coding": [{"system": SNOMED, "code": "248153007", "display": "Male"}]}


@pytest.mark.parametrize(
    ("gender", "ranges", "uln"),
    [
        ("male", [upto(33, FEMALE_TEXT), upto(41, MALE_TEXT)], 41),
        ("female", [upto(41, MALE_TEXT), upto(33, FEMALE_TEXT)], 33),
        ("male", [upto(33, FEMALE_CODE), upto(41, MALE_CODE)], 41),
        ("male", [upto(33, named("女")), upto(41, named("男"))], 41),
        # A range for everyone stands when none is the patient's own sex's.
        ("male", [upto(33, FEMALE_TEXT), upto(40)], 40),
        # Only the other sex's range: no limit of normal for this patient.
        ("male", [upto(33, FEMALE_TEXT)], None),
    ],
)
def test_val_lab_uln_the_range_of_the_patients_sex(
    gender: str, ranges: list[dict[str, Any]], uln: float | None
) -> None:
    """VAL-LAB-ULN: reference ranges given per sex: the patient's own sex's decides, never the
    first listed."""
    assert lab(Analyte.ALT, alt(*ranges), gender=gender).upper_limit_normal == uln


@pytest.mark.parametrize("gender", [None, "unknown"])
def test_val_lab_uln_sex_unknown_ranges_per_sex_give_a_limit_only_where_they_agree(
    gender: str | None,
) -> None:
    """VAL-LAB-ULN: for a patient of unknown sex, ranges per sex that disagree give no limit of
    normal (a criterion on it is unknown); ranges that agree give theirs."""
    disagree = alt(upto(33, FEMALE_TEXT), upto(41, MALE_TEXT))
    agree = alt(upto(40, FEMALE_TEXT), upto(40, MALE_TEXT))
    assert lab(Analyte.ALT, disagree, gender=gender).upper_limit_normal is None
    assert lab(Analyte.ALT, agree, gender=gender).upper_limit_normal == 40


def test_val_lab_uln_a_range_written_as_text() -> None:
    """VAL-LAB-ULN: a reference range sent only as text ("0-40", as Chinese laboratory systems
    send it) gives its limits, in the value's unit unless the text names one; a text that is
    no range gives none."""
    cases = [
        (Analyte.AST, "谷草转氨酶", quantity(120, "U/L"), "0-40", (40, 0)),
        (Analyte.AST, "谷草转氨酶", quantity(120, "U/L"), "<40 U/L", (40, None)),
        (Analyte.TOTAL_BILIRUBIN, "总胆红素", quantity(30, "umol/L"), "3.4~20.5", (1.1988, 0.1988)),
        (Analyte.HEMOGLOBIN, "血红蛋白", quantity(150, "g/L"), "130-175 g/L", (17.5, 13)),
        (Analyte.AST, "谷草转氨酶", quantity(120, "U/L"), "正常", (None, None)),
        (Analyte.AST, "谷草转氨酶", quantity(120, "U/L"), "0-40-80", (None, None)),
        (Analyte.AST, "谷草转氨酶", quantity(120, "U/L"), "40-0", (None, None)),
    ]
    read = {}
    for analyte, name, value, text, _ in cases:
        ranges = [{"text": text}]
        found = lab(analyte, observation("lab", named(name), NEWER, referenceRange=ranges, **value))
        read[text] = (found.upper_limit_normal, found.lower_limit_normal)
    assert read == {text: limits for *_, text, limits in cases}


@pytest.mark.parametrize(
    ("analyte", "value", "read"),
    [
        (Analyte.ANC, quantity(1.8, "G/L"), 1.8),
        (Analyte.PLATELETS, quantity(150, "G/L"), 150),
        (Analyte.PLATELETS, quantity(150, "10E9/L"), 150),
        (Analyte.ANC, quantity(1.8, "x10E9/L"), 1.8),
        (Analyte.ANC, quantity(1800, "cells/mm3"), 1.8),
        (Analyte.PLATELETS, quantity(150000, "cells/uL"), 150),
        (Analyte.ANC, {"valueString": "1,8 G/L"}, 1.8),
        (Analyte.HEMOGLOBIN, {"valueString": "12,5 g/dL"}, 12.5),
    ],
)
def test_val_lab_units_giga_per_litre_e_notation_and_decimal_comma(
    analyte: Analyte, value: dict[str, Any], read: float
) -> None:
    """VAL-LAB-UNITS: G/L is giga per litre for a count, 10E9/L is 10*9/L, cells/mm3 a count
    per microlitre, and "1,8" a decimal comma."""
    names = {Analyte.ANC: "ANC", Analyte.PLATELETS: "Platelets", Analyte.HEMOGLOBIN: "Hemoglobin"}
    found = lab(analyte, observation("lab", named(names[analyte]), NEWER, **value))
    assert found.value == read


@pytest.mark.parametrize(
    ("analyte", "value", "read"),
    [
        (Analyte.ANC, quantity(3.2, "109/L"), 3.2),
        (Analyte.PLATELETS, quantity(210, "109/L"), 210),
        (Analyte.ANC, quantity(3.2, "*10^9/L"), 3.2),
        (Analyte.PLATELETS, {"valueString": "210 *10^9/L"}, 210),
        (Analyte.ANC, {"valueString": "3.2 109/L"}, 3.2),
        # Haemoglobin is no count: "109/L" is nothing for it.
        (Analyte.HEMOGLOBIN, quantity(135, "109/L"), None),
    ],
)
def test_val_lab_units_a_counts_unit_as_an_export_writes_it(
    analyte: Analyte, value: dict[str, Any], read: float | None
) -> None:
    """VAL-LAB-UNITS: "109/L" is 10⁹/L with its superscript lost, "*10^9/L" is ×10^9/L (chart
    `rw_labs_count_units_as_exported`)."""
    names = {Analyte.ANC: "ANC", Analyte.PLATELETS: "Platelets", Analyte.HEMOGLOBIN: "Hemoglobin"}
    found = lab(analyte, observation("lab", named(names[analyte]), NEWER, **value))
    assert found.value == read


@pytest.mark.parametrize(
    ("value", "read"),
    [
        (quantity(13.5, "gm/dL"), 13.5),
        ({"valueString": "13.5 gm/dl"}, 13.5),
        (quantity(135, "gm/L"), 13.5),
        (quantity(13.5, "g%"), 13.5),
        (quantity(13.5, "gm %"), 13.5),
    ],
)
def test_val_lab_units_haemoglobin_in_gm_and_grams_percent(
    value: dict[str, Any], read: float
) -> None:
    """VAL-LAB-UNITS (twenty-eighth session): "gm/dL", the gram's legacy abbreviation US
    laboratories print, is g/dL, and grams percent is g/dL (chart
    `rw_labs_us_counts_in_k_per_ul`)."""
    found = lab(Analyte.HEMOGLOBIN, observation("lab", named("Hemoglobin"), NEWER, **value))
    assert found.value == read


@pytest.mark.parametrize(
    ("analyte", "name", "value", "read"),
    [
        (Analyte.CREATININE, "Creatinine", quantity(1.1, "mg%"), 1.1),
        (Analyte.CREATININE, "Creatinine", {"valueString": "Cr 1.1 mg%"}, 1.1),
        (Analyte.CREATININE, "Creatinine", quantity(1.1, "mg %"), 1.1),
        (Analyte.TOTAL_BILIRUBIN, "T.Bil", {"valueString": "T.bil 0.8 mg%"}, 0.8),
        (Analyte.TOTAL_BILIRUBIN, "Total bilirubin", quantity(0.8, "mg%"), 0.8),
    ],
)
def test_val_lab_units_creatinine_and_bilirubin_in_milligrams_percent(
    analyte: Analyte, name: str, value: dict[str, Any], read: float
) -> None:
    """VAL-LAB-UNITS (twenty-eighth session): "mg%", milligrams per 100 mL, is mg/dL for
    creatinine and total bilirubin (chart `rw_labs_creatinine_bilirubin_in_mg_percent`)."""
    found = lab(analyte, observation("lab", named(name), NEWER, **value))
    assert found.value == pytest.approx(read)


def test_val_lab_units_grams_per_litre_stay_grams_and_thousands_stay_unreadable() -> None:
    """VAL-LAB-UNITS: g/L is still grams for haemoglobin (the giga reading is the counts'
    alone), and "1,800" — a thousands separator or a decimal comma — stays unreadable."""
    facts = mapped(
        observation("hb", named("Hemoglobin"), NEWER, **quantity(125, "g/L")),
        observation("anc", named("ANC"), NEWER, valueString="1,800 /uL"),
        observation("plt", named("Platelets"), NEWER, **quantity(150, "G/L")),
    ).facts
    read = {a: m.value for a in Analyte if (m := facts.lab(a)) is not None}
    assert read == {Analyte.HEMOGLOBIN: 12.5, Analyte.ANC: None, Analyte.PLATELETS: 150}


@pytest.mark.parametrize("name", ["TBIL", "T-BIL", "TBil", "T.Bil", "TBILI", "血清TBIL"])
def test_val_lab_analyte_tbil_is_total_bilirubin(name: str) -> None:
    """VAL-LAB-ANALYTE: "TBIL", the abbreviation laboratory systems print for total bilirubin,
    names it: a newer TBIL of 3.0 mg/dL decides over last month's normal total."""
    own_code, own_value, _ = OWN[Analyte.TOTAL_BILIRUBIN]
    found = lab(
        Analyte.TOTAL_BILIRUBIN,
        observation("own", own_code, OLDER, **own_value),
        observation("tbil", named(name), NEWER, **quantity(3.0, "mg/dL")),
    )
    assert (found.evidence, found.value) == (("Observation/tbil",), 3.0)


@pytest.mark.parametrize(
    "name", ["DBIL", "IBIL", "D-BIL", "BIL", "胆红素", "胆红素(BIL)", "尿胆红素(BIL)"]
)
def test_val_lab_analyte_bilirubin_not_named_total_is_not_read(name: str) -> None:
    """VAL-LAB-ANALYTE: DBIL and IBIL are the fractions; a bare "胆红素" or "BIL" is the line of
    a urine dipstick (尿常规) as often as a serum total, so it is not read as the total: the
    older total bilirubin decides."""
    own_code, own_value, read = OWN[Analyte.TOTAL_BILIRUBIN]
    found = lab(
        Analyte.TOTAL_BILIRUBIN,
        observation("own", own_code, OLDER, **own_value),
        observation("other", named(name), NEWER, **quantity(3.0, "mg/dL")),
    )
    assert (found.evidence, found.value) == (("Observation/own",), read)


def aged(low: float | None, high: float | None, unit: str = "a") -> dict[str, Any]:
    """A reference range's `age` (UCUM: a years, mo months)."""
    found: dict[str, Any] = {}
    for key, value in (("low", low), ("high", high)):
        if value is not None:
            found[key] = {"value": value, "system": "http://unitsofmeasure.org", "code": unit}
    return found


def within(high: float, **attributes: Any) -> dict[str, Any]:
    return {"high": {"value": high, "unit": "U/L"}, **attributes}


AGE_BANDS = (
    within(30, age=aged(0, 17)),
    within(40, age=aged(18, 64)),
    within(50, age=aged(65, None)),
)


@pytest.mark.parametrize(
    ("born", "uln"),
    [
        # 55 on the result's day: the 18–64 band, never the children's listed first.
        ("1971-06-14", 40),
        # 65 on the result's day (2026-11-16), 64 the day before.
        ("1961-11-16", 50),
        ("1961-11-17", 40),
        # Born in 1961: 64 or 65 on the result's day, both bands may apply and they differ.
        ("1961", None),
        # No birth date: any band may apply.
        (None, None),
        # Born in 1971: 54 or 55, both in the 18–64 band.
        ("1971", 40),
    ],
)
def test_val_lab_uln_the_range_of_the_patients_age(born: str | None, uln: float | None) -> None:
    """VAL-LAB-ULN: ranges given per age band (`referenceRange.age`) give the band of the
    patient's age on the result's day; when the birth date leaves more than one band that
    differ, the ULN is unknown."""
    assert lab(Analyte.ALT, alt(*AGE_BANDS), born=born).upper_limit_normal == uln


def test_val_lab_uln_age_in_months_and_a_band_beside_a_range_for_everyone() -> None:
    """VAL-LAB-ULN: an age band in months is read as such (a child's 1–23 months is not a man
    of 55's); a band that is the patient's is more specific than a range naming no age, and a
    band that may not be the patient's does not set it aside."""
    infants = alt(within(60, age=aged(1, 23, "mo")), within(40, age=aged(18, None, "a")))
    assert lab(Analyte.ALT, infants).upper_limit_normal == 40
    elderly = alt(within(40), within(50, age=aged(65, None)))
    assert lab(Analyte.ALT, elderly, born="1951-01-01").upper_limit_normal == 50
    assert lab(Analyte.ALT, elderly).upper_limit_normal == 40
    assert lab(Analyte.ALT, elderly, born=None).upper_limit_normal is None


def unitless(low: float | None, high: float | None) -> dict[str, Any]:
    """A reference range's `age` whose Quantities give no unit."""
    return {key: {"value": value} for key, value in (("low", low), ("high", high)) if value}


@pytest.mark.parametrize(
    ("ranges", "uln"),
    [
        # 0–216 and 216–1200: months (children, adults) or years: the bands cannot be told.
        ((within(30, age=unitless(0, 216)), within(40, age=unitless(216, 1200))), None),
        # 0–17 is not a man of 55's in any unit; 18–150 may be his: its limit is taken.
        ((within(30, age=unitless(0, 17)), within(40, age=unitless(18, 150))), 40),
        # 0–7 days or years: neither is his; the range for everyone stays.
        ((within(60, age=unitless(0, 7)), within(40)), 40),
        # A unit-less band that may be his does not set a range for everyone aside.
        ((within(50, age=unitless(18, 150)), within(40)), None),
    ],
)
def test_val_lab_uln_an_age_without_a_unit_decides_only_when_every_unit_agrees(
    ranges: tuple[dict[str, Any], ...], uln: float | None
) -> None:
    """VAL-LAB-ULN: an `age` with no unit may be in years, months, weeks or days: a band places
    the patient only when every reading places him alike (chart
    `rw_labs_range_age_without_unit`)."""
    assert lab(Analyte.ALT, alt(*ranges)).upper_limit_normal == uln


REFERENCE_RANGE_MEANING = "http://terminology.hl7.org/CodeSystem/referencerange-meaning"


def meaning(code: str) -> dict[str, Any]:
    return {"coding": [{"system": REFERENCE_RANGE_MEANING, "code": code}]}


PREGNANT = {"coding": [{"system": SNOMED, "code": "77386006", "display": "Pregnant"}]}


@pytest.mark.parametrize(
    ("gender", "ranges", "uln"),
    [
        # A therapeutic or recommended range is not the normal range.
        ("male", [within(100, type=meaning("therapeutic")), within(40)], 40),
        (
            "male",
            [within(100, type=meaning("recommended")), within(40, type=meaning("normal"))],
            40,
        ),
        ("male", [within(100, type=named("治疗范围")), within(40, type=named("正常参考范围"))], 40),
        # A range for pregnancy is another population's.
        ("female", [within(25, appliesTo=[PREGNANT]), within(40)], 40),
        ("female", [within(25, appliesTo=[named("孕妇")]), within(40)], 40),
        # Adult (成人) is an age band: 18 years and over.
        (
            "male",
            [within(60, appliesTo=[named("儿童")]), within(40, appliesTo=[named("成人")])],
            40,
        ),
        # Only another population's range: none for this patient.
        ("female", [within(25, appliesTo=[PREGNANT])], None),
        # Ranges that say nothing to choose between and differ: which is meant is unknown.
        ("male", [within(40), within(50)], None),
        ("male", [within(40), {"text": "0-40"}], 40),
        # Sex and age both named: the man of 55's.
        (
            "male",
            [
                within(33, appliesTo=[FEMALE_CODE], age=aged(18, None)),
                within(41, appliesTo=[MALE_CODE], age=aged(18, None)),
                within(45),
            ],
            41,
        ),
        # One range names his sex, another an age band of his: neither is more specific.
        ("male", [within(41, appliesTo=[MALE_CODE]), within(50, age=aged(50, None))], None),
    ],
)
def test_val_lab_uln_a_range_for_another_population_or_meaning_is_not_used(
    gender: str, ranges: list[dict[str, Any]], uln: float | None
) -> None:
    """VAL-LAB-ULN: a range whose `type` is not the normal range, or whose `appliesTo` names a
    population the patient is not known to be in (pregnancy, children), is not used; several
    ranges that may apply and differ leave the ULN unknown."""
    assert lab(Analyte.ALT, alt(*ranges), gender=gender).upper_limit_normal == uln


HB_AT_LEAST_9 = {
    "type": "lab",
    "id": "hb",
    "label": "Hemoglobin >= 9 g/dL",
    "analyte": "hemoglobin",
    "comparator": ">=",
    "value": 9,
}


def judged(criterion: dict[str, Any], *resources: dict[str, Any]) -> CriterionResult:
    facts = mapped(*resources).facts
    parsed = TypeAdapter(Criterion).validate_python(criterion)
    return evaluate_criterion(parsed, facts, default_taxonomy())


def test_val_same_day_two_haemoglobins_of_a_day_that_disagree_are_unknown() -> None:
    """VAL-SAME-DAY: two haemoglobins of the newest day, 7.5 and 12.8 g/dL (a repeat draw, a
    panel and a separate result), are judged together: against >= 9 they disagree, so the
    criterion is unknown whichever is listed first; an older day's result takes no part."""
    low = observation("low", named("血红蛋白"), NEWER, **quantity(75, "g/L"))
    high = observation("high", named("HGB"), NEWER, **quantity(128, "g/L"))
    older = observation("older", named("血红蛋白"), OLDER, **quantity(130, "g/L"))
    for order in ((low, high, older), (high, low, older)):
        result = judged(HB_AT_LEAST_9, *order)
        assert result.status is CriterionStatus.UNKNOWN, result.reason
        assert set(result.evidence) == {"Observation/low", "Observation/high"}
        assert result.to_settle is not None
        assert result.to_settle.startswith("Confirm which haemoglobin result of 2026-11-16")


def test_val_same_day_lab_results_of_a_day_that_agree_decide() -> None:
    """VAL-SAME-DAY: the newest day's results that decide alike (12.5 and 12.8 g/dL against
    >= 9) decide; so does the newest day over an older day's low value."""
    first = observation("first", named("血红蛋白"), NEWER, **quantity(125, "g/L"))
    second = observation("second", named("HGB"), NEWER, **quantity(128, "g/L"))
    older = observation("older", named("血红蛋白"), OLDER, **quantity(75, "g/L"))
    assert judged(HB_AT_LEAST_9, first, second, older).status is CriterionStatus.MET
    readings = mapped(first, second, older).facts.labs
    assert [m.evidence for m in readings] == [("Observation/first",), ("Observation/second",)]


ANC_AT_LEAST_1_5 = {
    "type": "lab",
    "id": "anc",
    "label": "ANC >= 1.5 x10^9/L",
    "analyte": "anc",
    "comparator": ">=",
    "value": 1.5,
}
SEGMENTED = (
    named("中性分叶核粒细胞绝对值"),
    named("分叶核中性粒细胞计数"),
    named("Segmented neutrophils"),
    named("Neutrophils.segmented"),
    loinc("30451-9", "Segmented neutrophils [#/volume] in Blood"),
)


@pytest.mark.parametrize("code", SEGMENTED)
def test_val_lab_analyte_segmented_neutrophils_are_a_lower_bound_of_the_anc(
    code: dict[str, Any],
) -> None:
    """VAL-LAB-ANALYTE: a segmented-neutrophil count leaves out the band forms, so the ANC is at
    least it: 2.0 meets ANC >= 1.5, 1.2 leaves it unknown (never not met), and an older ANC
    does not stand in for it."""
    older = observation("anc", named("中性粒细胞绝对值"), OLDER, **quantity(3.2, "10^9/L"))
    high = observation("segs", code, NEWER, **quantity(2.0, "10^9/L"))
    low = observation("segs", code, NEWER, **quantity(1.2, "10^9/L"))
    met = judged(ANC_AT_LEAST_1_5, older, high)
    assert (met.status, met.evidence) == (CriterionStatus.MET, ("Observation/segs",))
    unknown = judged(ANC_AT_LEAST_1_5, older, low)
    assert (unknown.status, unknown.evidence) == (CriterionStatus.UNKNOWN, ("Observation/segs",))
    assert "segmented neutrophils alone" in unknown.reason
    assert unknown.to_settle is not None


def test_val_lab_analyte_the_days_anc_decides_over_its_segmented_count() -> None:
    """VAL-LAB-ANALYTE: an ANC of the segmented count's day counts the band forms too: it
    decides, the segmented count adding nothing; hypersegmented neutrophils are no ANC."""
    anc = observation("anc", named("中性粒细胞绝对值"), NEWER, **quantity(1.6, "10^9/L"))
    segs = observation("segs", named("中性分叶核粒细胞绝对值"), NEWER, **quantity(1.4, "10^9/L"))
    hyper = observation(
        "hyper",
        loinc("30449-3", "Neutrophils.hypersegmented [#/volume] in Blood"),
        NEWER,
        **quantity(0.1, "10^9/L"),
    )
    for order in ((segs, anc, hyper), (anc, hyper, segs)):
        assert judged(ANC_AT_LEAST_1_5, *order).status is CriterionStatus.MET
    assert mapped(hyper).facts.lab(Analyte.ANC) is None


TBIL_AT_MOST_1_5_ULN = {
    "type": "lab",
    "id": "tbil",
    "label": "TBIL <= 1.5 x ULN",
    "analyte": "total_bilirubin",
    "comparator": "<=",
    "times_uln": 1.5,
}
TBIL_RANGE = {
    "referenceRange": [
        {"low": {"value": 3.4, "unit": "umol/L"}, "high": {"value": 20.5, "unit": "umol/L"}}
    ]
}


@pytest.mark.parametrize(
    ("value", "status", "read"),
    [
        ({"valueQuantity": {"value": 3.4, "comparator": "<", "unit": "umol/L"}}, "met", 0.1988),
        ({"valueString": "<3.4 µmol/L"}, "met", 0.1988),
        ({"valueString": "＜3.4μmol/L"}, "met", 0.1988),
        ({"valueString": "≤ 3.4 umol/L"}, "met", 0.1988),
        # Astride 1.5 x 20.5 = 30.75 umol/L: any value below 40 may be either side.
        ({"valueString": "<40 umol/L"}, "unknown", 2.3392),
        ({"valueQuantity": {"value": 40, "comparator": ">", "unit": "umol/L"}}, "not_met", 2.3392),
    ],
)
def test_val_lab_bound_a_result_given_as_a_bound_is_read_as_one(
    value: dict[str, Any], status: str, read: float
) -> None:
    """VAL-LAB-BOUND: a total bilirubin below the assay's range ("<3.4 µmol/L", a Quantity with
    a comparator) is read as a bound, not as an unreadable result: it meets <= 1.5 x ULN when
    every value it allows does, and is unknown when it straddles the limit."""
    older = observation("older", named("总胆红素"), OLDER, **quantity(60, "umol/L"), **TBIL_RANGE)
    newest = observation("tbil", named("总胆红素"), NEWER, **value, **TBIL_RANGE)
    found = lab(Analyte.TOTAL_BILIRUBIN, older, newest)
    assert (found.value, found.evidence) == (read, ("Observation/tbil",))
    assert found.comparator is not None
    result = judged(TBIL_AT_MOST_1_5_ULN, older, newest)
    assert result.status.value == status, result.reason


def test_val_lab_bound_counts_and_a_bare_bound() -> None:
    """VAL-LAB-BOUND: "<0.5" 10^9/L is an ANC under 1.5 (not met), ">1000" platelets meet
    >= 100; a bound without a unit is as unreadable as a number without one."""
    plt = {**ANC_AT_LEAST_1_5, "id": "plt", "analyte": "platelets", "value": 100}
    low = observation("anc", named("ANC"), NEWER, valueString="<0.5 10^9/L")
    bare = observation("anc", named("ANC"), NEWER, valueString="<0.5")
    many = observation("plt", named("Platelets"), NEWER, valueString=">1000 ×10^9/L")
    assert judged(ANC_AT_LEAST_1_5, low).status is CriterionStatus.NOT_MET
    assert judged(plt, many).status is CriterionStatus.MET
    unread = judged(ANC_AT_LEAST_1_5, bare)
    assert unread.status is CriterionStatus.UNKNOWN
    assert "could not be read: '<0.5'" in unread.reason


URINE_COMPONENTS = [
    component(named("Bilirubin"), valueString="Negative"),
    component(named("Creatinine"), **quantity(8600, "umol/L")),
    component(named("Hemoglobin"), valueString="1+"),
]


@pytest.mark.parametrize(
    ("code", "extra"),
    [
        (loinc("24356-8", "Urinalysis complete panel - Urine"), {}),
        (named("尿常规 (Urinalysis)"), {}),
        (named("Urine dipstick"), {}),
        (named("Dipstick"), {"specimen": {"display": "Urine"}}),
        (named("干化学"), {"specimen": {"display": "尿液"}}),
    ],
    ids=["loinc", "chinese", "words", "specimen", "specimen-chinese"],
)
def test_val_lab_panel_a_urine_panels_components_are_not_serum_analytes(
    code: dict[str, Any], extra: dict[str, Any]
) -> None:
    """VAL-LAB-PANEL: a urinalysis names its lines bare ("Bilirubin: Negative", "Creatinine"):
    they are the urine's, not the serum's, so the older serum results decide."""
    serum = (
        observation("tbil", named("总胆红素"), OLDER, **quantity(12, "umol/L")),
        observation("cr", named("肌酐"), OLDER, **quantity(80, "umol/L")),
        observation("hb", named("血红蛋白"), OLDER, **quantity(128, "g/L")),
    )
    urine = observation("ua", code, NEWER, component=URINE_COMPONENTS, **extra)
    facts = mapped(*serum, urine).facts
    read = {a: m.evidence for a in Analyte if (m := facts.lab(a)) is not None}
    assert read == {
        Analyte.TOTAL_BILIRUBIN: ("Observation/tbil",),
        Analyte.CREATININE: ("Observation/cr",),
        Analyte.HEMOGLOBIN: ("Observation/hb",),
    }


def specimen(sid: str, kind: dict[str, Any], subject: str = "Patient/p") -> dict[str, Any]:
    return {"resourceType": "Specimen", "id": sid, "type": kind, "subject": {"reference": subject}}


URINE_SPECIMEN = {
    "coding": [{"system": SNOMED, "code": "122575003", "display": "Urine specimen"}],
    "text": "尿液",
}
SERUM_SPECIMEN = {"coding": [{"system": SNOMED, "code": "119364003", "display": "Serum specimen"}]}


@pytest.mark.parametrize(
    ("kind", "reference", "decides"),
    [
        # A Specimen of type urine, coded or named; referred to relatively or absolutely.
        (URINE_SPECIMEN, "Specimen/s1", "cr"),
        ({"text": "随机尿"}, "Specimen/s1", "cr"),
        (URINE_SPECIMEN, "https://ehr.example.cn/fhir/Specimen/s1/_history/2", "cr"),
        # A Specimen of type serum: the newer result is the serum's.
        (SERUM_SPECIMEN, "Specimen/s1", "urine"),
    ],
)
def test_val_lab_panel_a_result_on_a_urine_specimen_is_no_serum_result(
    kind: dict[str, Any], reference: str, decides: str
) -> None:
    """VAL-LAB-PANEL: a creatinine named as the serum's (肌酐) whose `specimen` is a Specimen of
    type urine is the urine's: the older serum creatinine decides (chart
    `rw_labs_urine_creatinine_by_specimen`)."""
    serum = observation("cr", named("肌酐"), OLDER, **quantity(80, "umol/L"))
    urine = observation(
        "urine", named("肌酐"), NEWER, specimen={"reference": reference}, **quantity(8840, "umol/L")
    )
    found = lab(Analyte.CREATININE, serum, urine, specimen("s1", kind))
    assert found.evidence == (f"Observation/{decides}",)


def test_val_lab_panel_another_patients_urine_specimen_is_not_read() -> None:
    """A Specimen of another patient is dropped with the rest of that patient's data: the
    result's sample is then unknown, and so is the newest creatinine."""
    serum = observation("cr", named("肌酐"), OLDER, **quantity(80, "umol/L"))
    urine = observation(
        "urine",
        named("肌酐"),
        NEWER,
        specimen={"reference": "Specimen/s1"},
        **quantity(80, "umol/L"),
    )
    other = specimen("s1", URINE_SPECIMEN, subject="Patient/someone-else")
    found = lab(Analyte.CREATININE, serum, urine, other)
    assert (found.evidence, found.value) == (("Observation/urine",), None)


@pytest.mark.parametrize(
    ("analyte", "name", "value"),
    [
        (Analyte.CREATININE, "肌酐", quantity(8840, "umol/L")),
        (Analyte.TOTAL_BILIRUBIN, "总胆红素", quantity(3.4, "umol/L")),
        (Analyte.HEMOGLOBIN, "血红蛋白", quantity(128, "g/L")),
    ],
)
def test_val_lab_panel_a_result_on_a_specimen_not_held_is_of_an_unknown_sample(
    analyte: Analyte, name: str, value: dict[str, Any]
) -> None:
    """VAL-LAB-PANEL: a result whose Specimen the data does not hold may be the urine's under
    the serum's name: the newest of its analyte, unreadable, saying which sample to look up —
    never read as the serum's (chart `rw_labs_urine_creatinine_specimen_not_held`)."""
    older = observation("older", named(name), OLDER, **value)
    newer = observation("newer", named(name), NEWER, specimen={"reference": "Specimen/s9"}, **value)
    found = lab(analyte, older, newer)
    assert (found.evidence, found.value) == (("Observation/newer",), None)
    assert found.unreadable is not None
    assert "(Specimen/s9) not in the chart: urine or serum" in found.unreadable


def test_val_lab_panel_a_blood_count_on_a_specimen_not_held_is_still_read() -> None:
    """No laboratory reports an ANC on urine: a blood count's sample need not be looked up."""
    anc = observation(
        "anc",
        named("中性粒细胞绝对值"),
        NEWER,
        specimen={"reference": "Specimen/s9"},
        **quantity(3.2, "10*9/L"),
    )
    assert lab(Analyte.ANC, anc).value == 3.2


def test_val_lab_panel_a_sample_named_by_its_display_needs_no_specimen() -> None:
    """A reference whose display names the sample ("血清", serum) says what it is."""
    serum = observation(
        "cr",
        named("肌酐"),
        NEWER,
        specimen={"reference": "Specimen/s9", "display": "血清"},
        **quantity(80, "umol/L"),
    )
    assert lab(Analyte.CREATININE, serum).value is not None


@pytest.mark.parametrize(
    ("contained", "decides", "read"),
    [
        # The sample sent inside the result, of type urine: the older serum result decides.
        ([{"resourceType": "Specimen", "id": "s", "type": URINE_SPECIMEN}], "cr", True),
        # Of type serum: the newer result is the serum's, and is read.
        ([{"resourceType": "Specimen", "id": "s", "type": SERUM_SPECIMEN}], "newer", True),
        # Referred to but not contained (nor anything else of that id): an unknown sample.
        ([{"resourceType": "Organization", "id": "s", "name": "LIS"}], "newer", False),
        ([], "newer", False),
    ],
)
def test_val_lab_panel_a_specimen_contained_in_the_result_says_its_sample(
    contained: list[dict[str, Any]], decides: str, read: bool
) -> None:
    """VAL-LAB-PANEL: `specimen: {"reference": "#s"}` names a Specimen the result contains
    (chart `rw_labs_urine_creatinine_contained_specimen`)."""
    serum = observation("cr", named("肌酐"), OLDER, **quantity(80, "umol/L"))
    newer = observation(
        "newer",
        named("肌酐"),
        NEWER,
        specimen={"reference": "#s"},
        contained=contained,
        **quantity(90, "umol/L"),
    )
    found = lab(Analyte.CREATININE, serum, newer)
    assert (found.evidence, found.value is not None) == ((f"Observation/{decides}",), read)
    if not read:
        assert "(#s) not in the chart: urine or serum" in (found.unreadable or "")


@pytest.mark.parametrize("value", ["Negative", "阴性", "+", "2+", "±", "Trace", "阳性(+)"])
def test_val_lab_analyte_a_presence_grade_is_no_serum_result(value: str) -> None:
    """VAL-LAB-ANALYTE: a unit-less presence grade ("Negative", "阴性", "+") is a dipstick's,
    never a serum concentration: it is another measurement, skipped, and the older total
    bilirubin decides."""
    own_code, own_value, read = OWN[Analyte.TOTAL_BILIRUBIN]
    found = lab(
        Analyte.TOTAL_BILIRUBIN,
        observation("own", own_code, OLDER, **own_value),
        observation("dip", named("Bilirubin"), NEWER, valueString=value),
    )
    assert (found.evidence, found.value) == (("Observation/own",), read)


def test_val_lab_panel_a_serum_panels_bare_bilirubin_is_still_read() -> None:
    """VAL-LAB-PANEL: a liver panel's bare "Bilirubin" with a concentration is still its total."""
    panel = observation(
        "lft",
        loinc("24325-3", "Hepatic function 2000 panel - Serum or Plasma"),
        NEWER,
        component=[component(named("Bilirubin"), **quantity(3.0, "mg/dL"))],
    )
    assert lab(Analyte.TOTAL_BILIRUBIN, panel).value == 3.0


BANDS = (
    named("Band neutrophils"),
    named("杆状核中性粒细胞绝对值"),
    loinc("26507-4", "Neutrophils.band form [#/volume] in Blood"),
)


@pytest.mark.parametrize("bands", BANDS)
def test_val_lab_analyte_segmented_and_band_counts_of_a_day_are_the_anc(
    bands: dict[str, Any],
) -> None:
    """VAL-LAB-ANALYTE: the ANC is the segmented plus the band neutrophils: the two absolute
    counts of one day give it — 1.2 + 0.4 = 1.6 meets ANC >= 1.5, 1.0 + 0.2 = 1.2 does not —
    where the segmented count alone leaves it unknown."""
    segs = observation("segs", named("Segmented neutrophils"), NEWER, **quantity(1.2, "10^9/L"))
    band = observation("bands", bands, NEWER, **quantity(0.4, "10^9/L"))
    met = judged(ANC_AT_LEAST_1_5, segs, band)
    assert (met.status, set(met.evidence)) == (
        CriterionStatus.MET,
        {"Observation/segs", "Observation/bands"},
    ), met.reason
    anc = lab(Analyte.ANC, band, segs)
    assert (anc.value, anc.counts_only) == (1.6, None)
    low_segs = observation("segs", named("分叶核中性粒细胞计数"), NEWER, **quantity(1.0, "10^9/L"))
    low_band = observation("bands", bands, NEWER, **quantity(0.2, "10^9/L"))
    assert judged(ANC_AT_LEAST_1_5, low_segs, low_band).status is CriterionStatus.NOT_MET


def test_val_lab_analyte_segmented_and_band_components_of_a_panel_are_the_anc() -> None:
    """VAL-LAB-ANALYTE: a manual differential's segmented and band counts, one panel's
    components, give the ANC."""
    panel = observation(
        "diff",
        loinc("57782-5", "CBC W Ordered Manual Differential panel - Blood"),
        NEWER,
        component=[
            component(
                loinc("30451-9", "Segmented neutrophils [#/volume] in Blood"),
                **quantity(1.3, "10*3/uL"),
            ),
            component(
                loinc("26507-4", "Neutrophils.band form [#/volume] in Blood"),
                **quantity(0.3, "10*3/uL"),
            ),
        ],
    )
    anc = lab(Analyte.ANC, panel)
    assert (anc.value, anc.counts_only, anc.evidence) == (1.6, None, ("Observation/diff",))


@pytest.mark.parametrize(
    ("segs_draw", "bands_draw", "anc"),
    [
        # Taken at different times of one day: two samples, the segmented count stays a bound.
        (
            {"effectiveDateTime": "2026-11-16T07:40:00+08:00"},
            {"effectiveDateTime": "2026-11-16T16:30:00+08:00"},
            None,
        ),
        # Of two specimens, even at one instant.
        (
            {"specimen": {"reference": "Specimen/a"}},
            {"specimen": {"reference": "Specimen/b"}},
            None,
        ),
        # One instant, written in two offsets; one specimen, whatever the times.
        (
            {"effectiveDateTime": "2026-11-16T07:40:00+08:00"},
            {"effectiveDateTime": "2026-11-16T00:40:00+01:00"},
            1.6,
        ),
        (
            {
                "effectiveDateTime": "2026-11-16T07:40:00+08:00",
                "specimen": {"reference": "Specimen/a"},
            },
            {
                "effectiveDateTime": "2026-11-16T09:10:00+08:00",
                "specimen": {"reference": "Specimen/a"},
            },
            1.6,
        ),
        # Dates alone say nothing against one differential: the day's only two are summed.
        ({}, {}, 1.6),
    ],
)
def test_val_lab_analyte_segmented_and_band_counts_of_two_draws_are_not_the_anc(
    segs_draw: dict[str, Any], bands_draw: dict[str, Any], anc: float | None
) -> None:
    """VAL-LAB-ANALYTE: the segmented and band counts are the ANC only when they may be of one
    differential: a specimen or an instant that differs says they are two samples (chart
    `rw_labs_segs_and_bands_two_draws`)."""
    segs = observation("segs", named("中性分叶核粒细胞绝对值"), NEWER, **quantity(1.2, "10^9/L"))
    bands = observation("bands", named("杆状核粒细胞绝对值"), NEWER, **quantity(0.4, "10^9/L"))
    found = lab(Analyte.ANC, {**segs, **segs_draw}, {**bands, **bands_draw})
    if anc is None:
        assert (found.value, found.counts_only) == (1.2, "segmented neutrophils")
        result = judged(ANC_AT_LEAST_1_5, {**segs, **segs_draw}, {**bands, **bands_draw})
        assert result.status is CriterionStatus.UNKNOWN
    else:
        assert (found.value, found.counts_only) == (anc, None)


def test_val_lab_analyte_of_two_draws_the_one_of_the_segmented_counts_sample_is_added() -> None:
    """Two band counts of the day, one of the segmented count's instant: that one is added."""
    segs = observation(
        "segs",
        named("Segmented neutrophils"),
        "2026-11-16T07:40:00+08:00",
        **quantity(1.2, "10^9/L"),
    )
    same = observation(
        "same", named("Band neutrophils"), "2026-11-16T07:40:00+08:00", **quantity(0.4, "10^9/L")
    )
    later = observation(
        "later", named("Band neutrophils"), "2026-11-16T16:30:00+08:00", **quantity(0.1, "10^9/L")
    )
    found = lab(Analyte.ANC, segs, same, later)
    assert (found.value, set(found.evidence)) == (1.6, {"Observation/segs", "Observation/same"})


def test_val_lab_analyte_band_counts_of_another_day_or_alone_are_not_added() -> None:
    """VAL-LAB-ANALYTE: a band count of another day is not added (the segmented count stays a
    lower bound), and a band count alone is not the ANC (the older ANC decides)."""
    segs = observation("segs", named("Segmented neutrophils"), NEWER, **quantity(1.2, "10^9/L"))
    band = observation("bands", named("Band neutrophils"), OLDER, **quantity(0.4, "10^9/L"))
    assert judged(ANC_AT_LEAST_1_5, segs, band).status is CriterionStatus.UNKNOWN
    older = observation("anc", named("中性粒细胞绝对值"), OLDER, **quantity(3.2, "10^9/L"))
    newer_band = observation("bands", named("Band neutrophils"), NEWER, **quantity(0.4, "10^9/L"))
    assert lab(Analyte.ANC, older, newer_band).evidence == ("Observation/anc",)
