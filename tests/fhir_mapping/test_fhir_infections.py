"""INF-EHR and INF-LABS: infection control and lab-shown infections, read from the chart."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eligibility.facts import InfectionControl, PatientFacts, ViralLoad
from eligibility.vocabulary import Comorbidity
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.infections import OBSERVATION_INTERPRETATION
from fhir_mapping.terminology import drug_role_table, drug_table
from tests.fhir_mapping.conftest import AS_OF
from tools.charts.chart import Chart, Component
from tools.charts.codes import CONDITION_CLINICAL, ICD10CM, LOINC, SNOMED, UCUM, concept, quantity

HIV = concept(None, (ICD10CM, "B20", "HIV disease"))
HIV_RNA = concept(None, (LOINC, "20447-9"))
CD4 = concept(None, (LOINC, "24467-3"))
HBSAG = concept(None, (LOINC, "5196-1"))
HBV_DNA = concept(None, (LOINC, "42595-9"))
HCV_AB = concept(None, (LOINC, "13955-0"))
HCV_RNA = concept(None, (LOINC, "11011-4"))
POSITIVE = concept("Positive", (SNOMED, "10828004"))
RECENT = date(2026, 10, 1)


def _chart() -> Chart:
    chart = Chart("p")
    chart.patient("male", "1968-04-02")
    return chart


def _facts(chart: Chart) -> PatientFacts:
    bundle = chart.bundle()
    return build_facts([bundle], patient_id="p", as_of=AS_OF, cache=ValidationCache()).facts


def _control(chart: Chart, kind: Comorbidity) -> InfectionControl | None:
    return next((c for c in _facts(chart).infection_control if c.kind is kind), None)


def _below(limit: float, unit: str) -> dict[str, Any]:
    return {"value": limit, "comparator": "<", "unit": unit, "system": UCUM, "code": unit}


@pytest.mark.parametrize(
    ("value", "detectable"),
    [
        ({"value_quantity": _below(20, "{copies}/mL")}, False),
        ({"value_quantity": quantity(150, "{copies}/mL")}, False),  # < 200: suppressed
        ({"value_quantity": quantity(200, "{copies}/mL")}, True),
        ({"value_quantity": quantity(48000, "{copies}/mL")}, True),
        ({"value_string": "Target not detected"}, False),
        ({"value_string": "未检出"}, False),
        ({"value_string": "未检测到"}, False),
        ({"value_string": "未测出"}, False),
        ({"value_string": "低于最低检测限"}, False),
        ({"value_string": "<检测下限"}, False),
        ({"value_string": "1250 copies/mL"}, True),
        ({"value_string": "see comment"}, None),
    ],
)
def test_inf_ehr_hiv_viral_load(value: dict[str, Any], detectable: bool | None) -> None:
    chart = _chart()
    chart.condition(HIV, date(2015, 1, 1))
    chart.observation(HIV_RNA, RECENT, **value)
    control = _control(chart, Comorbidity.HIV) or InfectionControl(kind=Comorbidity.HIV)
    assert control.viral_load_detectable is detectable


def test_inf_ehr_hiv_newest_result_counts_and_old_ones_are_not_validated() -> None:
    """The newest viral load decides; older ones are never validated (the lazy readers)."""
    chart = _chart()
    chart.condition(HIV, date(2015, 1, 1))
    for month in range(1, 10):
        chart.observation(
            HIV_RNA, date(2026, month, 5), value_quantity=quantity(9000, "{copies}/mL")
        )
    chart.observation(HIV_RNA, date(2026, 10, 5), value_quantity=_below(20, "{copies}/mL"))
    result = build_facts([chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache())
    control = next(c for c in result.facts.infection_control if c.kind is Comorbidity.HIV)
    assert control.viral_load_detectable is False
    assert result.validated == 3  # the Patient, the Condition, the newest viral load


def test_inf_ehr_hiv_results_older_than_six_months_are_not_read() -> None:
    chart = _chart()
    chart.condition(HIV, date(2015, 1, 1))
    chart.observation(HIV_RNA, date(2026, 5, 1), value_quantity=_below(20, "{copies}/mL"))
    chart.observation(CD4, date(2026, 5, 1), value_quantity=quantity(600, "cells/uL"))
    assert _control(chart, Comorbidity.HIV) is None


@pytest.mark.parametrize(
    ("value", "cd4"),
    [
        (quantity(420, "cells/uL"), 420.0),
        (quantity(0.42, "10*9/L"), 420.0),
        (quantity(420, "{cells}/uL"), 420.0),
        (quantity(21, "%"), None),  # a percentage is not a count
    ],
)
def test_inf_ehr_cd4_units(value: dict[str, Any], cd4: float | None) -> None:
    chart = _chart()
    chart.condition(HIV, date(2015, 1, 1))
    chart.observation(CD4, RECENT, value_quantity=value)
    control = _control(chart, Comorbidity.HIV) or InfectionControl(kind=Comorbidity.HIV)
    assert control.cd4 == (pytest.approx(cd4) if cd4 is not None else None)


@pytest.mark.parametrize(
    ("drug", "status", "period", "on_art"),
    [
        ("Biktarvy", "active", (date(2019, 1, 1), None), True),
        ("Dolutegravir 50 mg", "completed", (date(2026, 9, 1), date(2026, 10, 30)), True),
        ("Dolutegravir 50 mg", "completed", (date(2024, 1, 1), date(2024, 6, 1)), None),
        ("Entecavir 0.5 mg", "active", (date(2020, 1, 1), None), None),  # not an antiretroviral
    ],
)
def test_inf_ehr_antiretroviral_therapy(
    drug: str, status: str, period: tuple[date, date | None], on_art: bool | None
) -> None:
    chart = _chart()
    chart.condition(HIV, date(2015, 1, 1))
    chart.medication_statement(concept(drug), period, status=status)
    control = _control(chart, Comorbidity.HIV) or InfectionControl(kind=Comorbidity.HIV)
    assert control.antiviral is on_art


def test_inf_ehr_hepatitis_b_surface_antigen_and_dna() -> None:
    chart = _chart()
    chart.observation(HBSAG, RECENT, value_string="Reactive")
    chart.observation(HBV_DNA, RECENT, value_quantity=_below(10, "[IU]/mL"))
    chart.medication_statement(
        concept("Tenofovir disoproxil 300 mg"), (date(2025, 1, 1), None), status="active"
    )
    control = _control(chart, Comorbidity.HEPATITIS_B)
    assert control is not None
    assert (control.surface_antigen_positive, control.viral_load_detectable, control.antiviral) == (
        True,
        False,
        True,
    )


@pytest.mark.parametrize(
    ("results", "kinds"),
    [
        # INF-LABS: HBsAg positive is hepatitis B; a non-reactive one is not.
        ([(HBSAG, {"value_concept": POSITIVE})], [("hepatitis_b", True)]),
        ([(HBSAG, {"value_string": "Non-reactive"})], []),
        # A detectable HCV RNA is hepatitis C; antibodies alone make it possible; antibodies
        # with RNA not detected are a past infection.
        ([(HCV_RNA, {"value_quantity": quantity(420000, "[IU]/mL")})], [("hepatitis_c", True)]),
        ([(HCV_AB, {"value_concept": POSITIVE})], [("hepatitis_c", False)]),
        ([(HCV_AB, {"value_concept": POSITIVE}), (HCV_RNA, {"value_string": "Not detected"})], []),
        ([(HIV_RNA, {"value_quantity": quantity(150, "{copies}/mL")})], [("hiv", True)]),
    ],
)
def test_inf_labs_infections_shown_by_results(
    results: list[tuple[dict[str, Any], dict[str, Any]]], kinds: list[tuple[str, bool]]
) -> None:
    chart = _chart()
    for code, value in results:
        chart.observation(code, RECENT, **value)
    found = [(f.kind.value, f.confirmed) for f in _facts(chart).comorbidities if f.active]
    assert found == kinds


def test_inf_labs_a_recorded_diagnosis_is_not_doubled() -> None:
    chart = _chart()
    chart.condition(HIV, date(2015, 1, 1))
    chart.observation(HIV_RNA, RECENT, value_quantity=quantity(5000, "{copies}/mL"))
    assert [f.kind for f in _facts(chart).comorbidities] == [Comorbidity.HIV]


def test_inf_labs_a_detectable_load_beside_a_resolved_diagnosis_is_possible() -> None:
    """INF-LABS: hepatitis C recorded resolved, HCV RNA detectable since: a relapse or a new
    infection, or the old one's result — possible, never none recorded."""
    chart = _chart()
    chart.condition(
        concept("Chronic hepatitis C", (ICD10CM, "B18.2", "Chronic viral hepatitis C")),
        date(2018, 1, 1),
        clinical_status=concept(None, (CONDITION_CLINICAL, "resolved", "Resolved")),
    )
    chart.observation(HCV_RNA, RECENT, value_quantity=quantity(420000, "[IU]/mL"))
    current = [(f.kind, f.confirmed) for f in _facts(chart).comorbidities if f.active]
    assert current == [(Comorbidity.HEPATITIS_C, False)]


def test_inf_ehr_drug_roles_name_known_agents() -> None:
    roles = drug_role_table()
    assert set(roles) <= set(drug_table().drugs)
    assert roles["tenofovir"] == {"hiv", "hepatitis_b"}
    assert roles["dexamethasone"] == {"corticosteroid"}


@pytest.mark.parametrize(
    ("value", "detected"),
    [
        ({"value_string": "Detected, < 15 IU/mL"}, True),  # below quantification, still there
        ({"value_string": "< 15 IU/mL"}, False),
        ({"value_string": "Not detected"}, False),
        ({"value_quantity": _below(15, "[IU]/mL")}, False),
        ({"value_quantity": quantity(35, "[IU]/mL")}, True),
    ],
)
def test_inf_ehr_hcv_rna_words(value: dict[str, Any], detected: bool) -> None:
    chart = _chart()
    chart.condition(concept(None, (ICD10CM, "B18.2")), date(2020, 1, 1))
    chart.observation(HCV_RNA, RECENT, **value)
    control = _control(chart, Comorbidity.HEPATITIS_C)
    assert control is not None
    assert control.viral_load_detectable is detected


def test_inf_ehr_a_serology_index_is_not_read_without_its_words() -> None:
    """An HBsAg signal-to-cutoff index needs the assay's cut-off: no reading, no infection."""
    chart = _chart()
    chart.observation(HBSAG, RECENT, value_quantity=quantity(0.4, "{COI}"))
    facts = _facts(chart)
    assert facts.comorbidities == ()
    assert facts.infection_control == ()


@pytest.mark.parametrize(
    ("value", "load"),
    [
        ({"value_string": "1.20E+02 IU/mL"}, ViralLoad(value=120, unit="IU/mL", detected=True)),
        ({"value_string": "3.5E+03 IU/mL"}, ViralLoad(value=3500, unit="IU/mL", detected=True)),
        ({"value_string": "3.2×10^4 IU/mL"}, ViralLoad(value=32000, unit="IU/mL", detected=True)),
        (
            {"value_string": "1.5x10E5 cps/mL"},
            ViralLoad(value=1.5e5, unit="copies/mL", detected=True),
        ),
        ({"value_string": "1,250 拷贝/mL"}, ViralLoad(value=1250, unit="copies/mL", detected=True)),
        ({"value_string": "<5.00E+02 IU/mL"}, ViralLoad(below=500, unit="IU/mL", detected=False)),
        ({"value_string": "<20 IU/mL detected"}, ViralLoad(below=20, unit="IU/mL", detected=True)),
        ({"value_string": "480 U/L"}, ViralLoad(value=480, detected=True)),  # not a load's unit
        (
            {"value_string": "3.2 log IU/mL"},
            ViralLoad(value=10**3.2, unit="IU/mL", detected=True),
        ),
        (
            {"value_string": "2.5 lg拷贝/mL"},
            ViralLoad(value=10**2.5, unit="copies/mL", detected=True),
        ),
        (
            {"value_quantity": quantity(800, "{copies}/mL")},
            ViralLoad(value=800, unit="copies/mL", detected=True),
        ),
        (
            {"value_quantity": quantity(2.3, "log10 IU/mL", ucum=False)},
            ViralLoad(value=10**2.3, unit="IU/mL", detected=True),
        ),
        (
            {"value_quantity": _below(20, "[IU]/mL")},
            ViralLoad(below=20, unit="IU/mL", detected=False),
        ),
        ({"value_string": "未检出"}, None),
    ],
)
def test_val_viral_load_counts_as_laboratories_print_them(
    value: dict[str, Any], load: ViralLoad | None
) -> None:
    """VAL-VIRAL-LOAD: exponents, "<", and the unit; "5.0E+02" is never 5."""
    chart = _chart()
    chart.observation(HBSAG, RECENT, value_string="Reactive")
    chart.observation(HBV_DNA, RECENT, **value)
    control = _control(chart, Comorbidity.HEPATITIS_B)
    assert control is not None
    assert control.viral_load == (
        load
        if load is None or load.value is None
        else load.model_copy(update={"value": pytest.approx(load.value)})
    )


FLAGS = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"


@pytest.mark.parametrize(
    ("interpretation", "positive"),
    [
        (concept(None, (FLAGS, "POS")), True),
        (concept(None, (FLAGS, "DET")), True),
        (concept(None, (FLAGS, "NEG")), False),
        (concept(None, (FLAGS, "ND")), False),
        (concept("阳性"), True),
        (concept("Non-reactive"), False),
        (concept(None, (FLAGS, "H")), None),  # above a range: not whether it was found
        (concept(None, (FLAGS, "A")), None),
    ],
)
def test_inf_ehr_a_serology_number_is_read_by_its_interpretation_flag(
    interpretation: dict[str, Any], positive: bool | None
) -> None:
    chart = _chart()
    chart.condition(concept("乙肝"), date(2010, 1, 1))
    chart.observation(
        HBSAG,
        RECENT,
        value_quantity=quantity(2134.5, "COI", ucum=False),
        interpretation=interpretation,
    )
    control = _control(chart, Comorbidity.HEPATITIS_B)
    assert (control.surface_antigen_positive if control else None) is positive


def test_inf_ehr_a_serology_number_without_words_or_flag_is_not_read() -> None:
    chart = _chart()
    chart.condition(concept("乙肝"), date(2010, 1, 1))
    chart.observation(HBSAG, RECENT, value_quantity=quantity(2134.5, "COI", ucum=False))
    assert _control(chart, Comorbidity.HEPATITIS_B) is None


# --- INF-LABS: a panel's markers as components ---------------------------------------------------

HBV_PANEL = concept("乙肝五项")
NEGATIVE_WORDS, POSITIVE_WORDS = "阴性(-)", "阳性(+)"


def _panel(chart: Chart, when: date, **markers: str) -> None:
    """A "乙肝五项" Observation; `markers` name → result, in the laboratory's own names."""
    chart.observation(
        HBV_PANEL,
        when,
        components=[
            Component(concept(name), value_string=result) for name, result in markers.items()
        ],
    )


def _five(hbsag: str, anti_hbs: str) -> dict[str, str]:
    return {
        "乙肝表面抗原(HBsAg)": hbsag,
        "乙肝表面抗体(抗-HBs)": anti_hbs,
        "乙肝e抗原(HBeAg)": NEGATIVE_WORDS,
        "乙肝e抗体(抗-HBe)": NEGATIVE_WORDS,
        "乙肝核心抗体(抗-HBc)": POSITIVE_WORDS,
    }


def test_inf_labs_a_positive_hbsag_in_a_panel_is_hepatitis_b() -> None:
    chart = _chart()
    _panel(chart, RECENT, **_five(POSITIVE_WORDS, NEGATIVE_WORDS))
    found = [(f.kind, f.confirmed, f.evidence) for f in _facts(chart).comorbidities]
    assert found == [(Comorbidity.HEPATITIS_B, True, ("Observation/p-observation-1",))]


def test_inf_labs_a_positive_surface_antibody_is_not_the_antigen() -> None:
    """A vaccinated patient: anti-HBs positive, HBsAg negative; anti-HBc alone is not
    hepatitis B."""
    chart = _chart()
    _panel(chart, RECENT, **_five(NEGATIVE_WORDS, POSITIVE_WORDS))
    assert [f for f in _facts(chart).comorbidities if f.active] == []


@pytest.mark.parametrize(
    ("panel_day", "single_day", "infected"),
    [
        (date(2026, 3, 20), RECENT, False),  # a negative HBsAg since the positive panel
        (RECENT, date(2026, 3, 20), True),  # a positive panel since the negative HBsAg
    ],
)
def test_inf_labs_the_newest_of_panel_and_single_result_decides(
    panel_day: date, single_day: date, infected: bool
) -> None:
    chart = _chart()
    _panel(chart, panel_day, **_five(POSITIVE_WORDS, NEGATIVE_WORDS))
    chart.observation(HBSAG, single_day, value_string="Non-reactive")
    kinds = [f.kind for f in _facts(chart).comorbidities if f.active]
    assert kinds == ([Comorbidity.HEPATITIS_B] if infected else [])


def test_inf_ehr_a_panel_component_is_read_as_its_test_is() -> None:
    """A component's coded value, its interpretation flag and a viral load's quantity."""
    chart = _chart()
    chart.observation(
        concept("Hepatitis B panel"),
        RECENT,
        components=[
            Component(HBSAG, value_quantity=quantity(1520.0, "COI")),
            Component(HBV_DNA, value_quantity=quantity(3400, "[IU]/mL")),
        ],
    )
    flagged = chart.resources[-1]["component"][0]
    flagged["interpretation"] = [concept(None, (OBSERVATION_INTERPRETATION, "POS"))]
    control = _control(chart, Comorbidity.HEPATITIS_B)
    assert control is not None
    assert (control.surface_antigen_positive, control.viral_load_detectable) == (True, True)
    assert control.viral_load == ViralLoad(value=3400, unit="IU/mL", detected=True)


HBCAB = concept(None, (LOINC, "16933-4"))


@pytest.mark.parametrize(
    ("results", "past"),
    [
        (
            [(HCV_AB, {"value_concept": POSITIVE}), (HCV_RNA, {"value_string": "Not detected"})],
            [("hepatitis_c", "anti-HCV positive, HCV RNA not detected")],
        ),
        ([(HBCAB, {"value_concept": POSITIVE})], [("hepatitis_b", "anti-HBc positive")]),
        (
            [(HBCAB, {"value_concept": POSITIVE}), (HBSAG, {"value_string": "Non-reactive"})],
            [("hepatitis_b", "anti-HBc positive")],
        ),
        # The virus still there: a current infection, not a past one.
        ([(HBCAB, {"value_concept": POSITIVE}), (HBSAG, {"value_concept": POSITIVE})], []),
        ([(HCV_AB, {"value_concept": POSITIVE})], []),
        (
            [
                (HCV_AB, {"value_string": "Non-reactive"}),
                (HCV_RNA, {"value_string": "Not detected"}),
            ],
            [],
        ),
    ],
)
def test_inf_ever_a_past_infection_results_suggest_is_possible_and_inactive(
    results: list[tuple[dict[str, Any], dict[str, Any]]], past: list[tuple[str, str]]
) -> None:
    """INF-EVER: antibodies with the virus gone are a past infection (or a false-positive
    antibody): possible, and inactive, so only a "history of" criterion reads them."""
    chart = _chart()
    for code, value in results:
        chart.observation(code, RECENT, **value)
    facts = [f for f in _facts(chart).comorbidities if not f.active]
    assert [(f.kind.value, f.text) for f in facts] == past
    assert not any(f.confirmed for f in facts)


def test_inf_ever_a_recorded_diagnosis_is_not_doubled_by_a_past_one() -> None:
    chart = _chart()
    chart.condition(
        concept(None, (ICD10CM, "B18.2", "Chronic viral hepatitis C")), date(2015, 1, 1)
    )
    chart.observation(HCV_AB, RECENT, value_concept=POSITIVE)
    chart.observation(HCV_RNA, RECENT, value_string="Not detected")
    found = [(f.kind, f.active, f.evidence) for f in _facts(chart).comorbidities]
    assert found == [(Comorbidity.HEPATITIS_C, True, ("Condition/p-condition-1",))]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("HIV negative", []),
        ("HIV抗体(-)", []),
        ("HIV: negative", []),
        ("乙肝表面抗原阴性", []),
        ("HBsAg阴性", []),
        ("丙肝抗体阴性", []),
        # The marker's result in the infection's own entry: the hepatitis stands.
        ("慢性乙型病毒性肝炎（HBV DNA阴性）", [Comorbidity.HEPATITIS_B]),
        ("HIV感染，HBsAg阴性", [Comorbidity.HIV]),
    ],
)
def test_inf_ehr_a_negative_result_on_the_problem_list_is_no_infection(
    text: str, kinds: list[Comorbidity]
) -> None:
    """INF-EHR, CMB-WORDS: a screen's negative result carried to the problem list ("HIV
    negative", "乙肝表面抗原阴性") is no diagnosis of the infection."""
    chart = _chart()
    chart.condition(concept(text), date(2026, 10, 1))
    infections = {Comorbidity.HIV, Comorbidity.HEPATITIS_B, Comorbidity.HEPATITIS_C}
    found = [c.kind for c in _facts(chart).comorbidities if c.kind in infections]
    assert found == kinds


@pytest.mark.parametrize(
    ("code", "kinds"),
    [
        # The carrier state of the problem list, as written (twenty-eighth session).
        (concept(None, (ICD10CM, "Z22.51")), [Comorbidity.HEPATITIS_B]),
        (concept("Hep B carrier"), [Comorbidity.HEPATITIS_B]),
        (concept("Hep. B, chronic"), [Comorbidity.HEPATITIS_B]),
        (concept("Hep C, untreated"), [Comorbidity.HEPATITIS_C]),
        (concept("HBsAg（+）"), [Comorbidity.HEPATITIS_B]),
        (concept("HBsAg（+）、HBeAb（+）、HBcAb（+）（小三阳）"), [Comorbidity.HEPATITIS_B]),
        (concept("乙肝大三阳"), [Comorbidity.HEPATITIS_B]),
        (concept("HBsAg: positive"), [Comorbidity.HEPATITIS_B]),
        (concept("HBsAg reactive"), [Comorbidity.HEPATITIS_B]),
        (concept("Chronic hepatitis B, immune-tolerant phase"), [Comorbidity.HEPATITIS_B]),
        # A negative marker, or a vaccination, is no infection.
        (concept("HBsAg（-）"), []),
        (concept("Hepatitis B vaccinated"), []),
        (concept("Hep B vaccine series complete"), []),
        (concept("乙肝疫苗接种后"), []),
        (concept("Hepatic steatosis"), []),
    ],
)
def test_inf_hepatitis_a_carrier_named_by_code_short_form_or_markers(
    code: dict[str, Any], kinds: list[Comorbidity]
) -> None:
    """INF-HEPATITIS, CMB-CODES, CMB-WORDS (twenty-eighth session): ICD-10-CM Z22.51 (carrier
    of viral hepatitis B), the US short forms "Hep B" / "Hep C", HBsAg positive in full-width
    brackets, with a colon or as reactive, and 大三阳 / 小三阳 are the infection recorded; a
    vaccination is none. Before it they read as no hepatitis, an unsafe met of an exclusion."""
    chart = _chart()
    chart.condition(code, date(2018, 5, 1))
    infections = {Comorbidity.HIV, Comorbidity.HEPATITIS_B, Comorbidity.HEPATITIS_C}
    found = [c.kind for c in _facts(chart).comorbidities if c.kind in infections]
    assert found == kinds


WHO_ICD10 = "http://hl7.org/fhir/sid/icd-10"


@pytest.mark.parametrize(
    ("code", "kinds"),
    [
        # WHO ICD-10 codes the whole block B20-B24 HIV disease (twenty-eighth session).
        (concept(None, (WHO_ICD10, "B24", "未特指的人免疫缺陷病毒病")), [Comorbidity.HIV]),
        (concept(None, (WHO_ICD10, "B24")), [Comorbidity.HIV]),
        (concept(None, (WHO_ICD10, "B23.0")), [Comorbidity.HIV]),
        (concept(None, (WHO_ICD10, "B21.0")), [Comorbidity.HIV]),
        (concept(None, (WHO_ICD10, "B22.2")), [Comorbidity.HIV]),
        (concept(None, (WHO_ICD10, "B20.6")), [Comorbidity.HIV]),
        (concept(None, (WHO_ICD10, "Z21")), [Comorbidity.HIV]),
        (concept(None, (WHO_ICD10, "B25.9")), []),
        # The words Chinese charts write for it.
        (concept("人免疫缺陷病毒感染"), [Comorbidity.HIV]),
        (concept("人类免疫缺陷病毒感染"), [Comorbidity.HIV]),
        (concept("HIV感染者"), [Comorbidity.HIV]),
        (concept("艾滋病病毒携带者"), [Comorbidity.HIV]),
        (concept("获得性免疫缺陷综合征"), [Comorbidity.HIV]),
        # A negative screen is none.
        (concept("人免疫缺陷病毒抗体阴性"), []),
        (concept("HIV抗体阴性"), []),
    ],
)
def test_inf_hiv_who_icd10_codes_and_chinese_words(
    code: dict[str, Any], kinds: list[Comorbidity]
) -> None:
    """INF-HIV, CMB-CODES, CMB-WORDS (twenty-eighth session): WHO ICD-10 B20-B24 (as Chinese
    hospitals code; ICD-10-CM has B20 alone) and 人免疫缺陷病毒感染, HIV感染者, 艾滋病病毒携带者,
    获得性免疫缺陷综合征 are HIV recorded. Before it B21-B24 and 人免疫缺陷病毒 read as no HIV, an
    unsafe met of an HIV exclusion."""
    chart = _chart()
    chart.condition(code, date(2019, 6, 1))
    infections = {Comorbidity.HIV, Comorbidity.HEPATITIS_B, Comorbidity.HEPATITIS_C}
    found = [c.kind for c in _facts(chart).comorbidities if c.kind in infections]
    assert found == kinds


# --- VAL-SIGNS: a qualitative result written as a sign alone ------------------------------------


@pytest.mark.parametrize(
    ("written", "kinds"),
    [
        ("+", [("hepatitis_b", True)]),
        ("＋", [("hepatitis_b", True)]),
        ("(+)", [("hepatitis_b", True)]),
        ("（+）", [("hepatitis_b", True)]),
        ("++", [("hepatitis_b", True)]),
        ("阳性", [("hepatitis_b", True)]),
        ("-", []),
        ("－", []),
        ("−", []),
        ("(-)", []),
        ("阴性(-)", []),
        # Equivocal: possible, to be repeated.
        ("±", [("hepatitis_b", False)]),
        ("(±)", [("hepatitis_b", False)]),
        ("+/-", [("hepatitis_b", False)]),
        ("可疑", [("hepatitis_b", False)]),
        ("Equivocal", [("hepatitis_b", False)]),
        # A sign beside other words is not a sign alone: not read.
        ("+ 见报告", []),
        # A bracketed sign closing the text is the laboratory's reading of its index.
        ("1250.50 (+)", [("hepatitis_b", True)]),
        ("0.35（-）", []),
        ("阳性(+)", [("hepatitis_b", True)]),
        # Words and sign that disagree: not read.
        ("阴性(+)", []),
    ],
)
def test_val_signs_hbsag_written_as_a_sign(written: str, kinds: list[tuple[str, bool]]) -> None:
    chart = _chart()
    chart.observation(HBSAG, RECENT, value_string=written)
    found = [(f.kind.value, f.confirmed) for f in _facts(chart).comorbidities if f.active]
    assert found == kinds


def test_val_signs_a_panel_in_signs_alone() -> None:
    """HBsAg "+" in the five-marker panel is hepatitis B; anti-HBs "+" beside HBsAg "-" is a
    vaccinated patient."""
    chart = _chart()
    _panel(chart, RECENT, **{**_five("+", "-"), "乙肝核心抗体(抗-HBc)": "(+)"})
    assert [(f.kind, f.confirmed) for f in _facts(chart).comorbidities if f.active] == [
        (Comorbidity.HEPATITIS_B, True)
    ]
    chart = _chart()
    _panel(chart, RECENT, **{**_five("-", "+"), "乙肝核心抗体(抗-HBc)": "－"})
    assert [f for f in _facts(chart).comorbidities if f.active] == []


def test_val_signs_a_contradicted_sign_is_not_read() -> None:
    """ "阴性(+)" says two things: the older positive result decides."""
    chart = _chart()
    chart.observation(HBSAG, date(2025, 5, 10), value_string="阳性")
    chart.observation(HBSAG, RECENT, value_string="阴性(+)")
    (fact,) = [f for f in _facts(chart).comorbidities if f.active]
    assert (fact.kind, fact.onset) == (Comorbidity.HEPATITIS_B, date(2025, 5, 10))


def test_val_signs_an_equivocal_result_is_not_passed_over_for_an_older_one() -> None:
    """HBsAg negative in 2025, "±" in 2026: the newer screen decides, and it says neither."""
    chart = _chart()
    chart.observation(HBSAG, date(2025, 5, 10), value_string="阴性")
    chart.observation(HBSAG, RECENT, value_string="±")
    (fact,) = [f for f in _facts(chart).comorbidities if f.active]
    assert (fact.kind, fact.confirmed, fact.text) == (
        Comorbidity.HEPATITIS_B,
        False,
        "HBsAg equivocal",
    )


@pytest.mark.parametrize(
    ("results", "kinds"),
    [
        # An equivocal anti-HCV without an RNA is possible hepatitis C; with the RNA not
        # detected it is not.
        ([(HCV_AB, "±")], [("hepatitis_c", False)]),
        ([(HCV_AB, "±"), (HCV_RNA, "Not detected")], []),
        # HCV RNA written "-" is not detected.
        ([(HCV_AB, "+"), (HCV_RNA, "-")], []),
        # An equivocal HIV screen with no RNA: possible.
        ([(concept("抗HIV"), "±")], [("hiv", False)]),
    ],
)
def test_val_signs_equivocal_antibodies(
    results: list[tuple[dict[str, Any], str]], kinds: list[tuple[str, bool]]
) -> None:
    chart = _chart()
    for code, written in results:
        chart.observation(code, RECENT, value_string=written)
    found = [(f.kind.value, f.confirmed) for f in _facts(chart).comorbidities if f.active]
    assert found == kinds


@pytest.mark.parametrize(("answer", "kinds"), [(True, [("hepatitis_b", True)]), (False, [])])
def test_inf_ehr_a_presence_test_answered_with_a_boolean(
    answer: bool, kinds: list[tuple[str, bool]]
) -> None:
    """INF-EHR: an HBsAg sent as `valueBoolean` is positive when true, negative when false;
    the newer answer decides over an older one (chart `rw_hbsag_value_boolean`)."""
    chart = _chart()
    chart.observation(HBSAG, date(2024, 9, 2), value_string="阳性" if not answer else "阴性")
    chart.observation(HBSAG, RECENT)["valueBoolean"] = answer
    found = [(f.kind.value, f.confirmed) for f in _facts(chart).comorbidities if f.active]
    assert found == kinds


def test_inf_ehr_a_viral_load_is_not_read_from_a_boolean() -> None:
    """A viral load is a count: a boolean says nothing of it (the older count decides)."""
    chart = _chart()
    chart.observation(HBV_DNA, date(2026, 3, 20), value_string="<20 IU/mL")
    chart.observation(HBV_DNA, RECENT)["valueBoolean"] = True
    assert [f for f in _facts(chart).comorbidities if f.active] == []


@pytest.mark.parametrize(
    ("written", "cured"),
    [
        ("TND", True),
        ("tnd", True),
        # "ND" may be "not done"; "<LLOQ" may be detected below the quantification limit.
        ("ND", False),
        ("<LLOQ", False),
    ],
)
def test_inf_ehr_tnd_is_target_not_detected(written: str, cured: bool) -> None:
    """INF-EHR: a follow-up HCV RNA "TND" (the analyser's "target not detected") after a
    detected one is the virus gone; words that do not say so leave the older RNA to decide
    (chart `rw_hcv_rna_tnd_after_treatment`)."""
    chart = _chart()
    chart.observation(HCV_RNA, date(2023, 11, 2), value_quantity=quantity(420000, "[IU]/mL"))
    chart.observation(HCV_RNA, RECENT, value_string=written)
    active = [f.kind for f in _facts(chart).comorbidities if f.active]
    assert active == ([] if cured else [Comorbidity.HEPATITIS_C])
