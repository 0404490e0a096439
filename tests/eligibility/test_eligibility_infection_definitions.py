"""Rule INF-DEFINED: a protocol's own definition of a controlled infection, read from its
registry text, decided on charts recorded the way hospitals record chronic viral infections.

The verdicts below are a trial coordinator's, written before the code was changed to meet
them. Each protocol sentence is quoted from its ClinicalTrials.gov record (NCT id beside it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from eligibility_factories import seed_patient
from pydantic import TypeAdapter, ValidationError

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion, InfectionCriterion
from eligibility.ctgov import EligibilityItem, extract_item
from eligibility.facts import ComorbidityFact, InfectionControl, PatientFacts, ViralLoad
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import Comorbidity
from fhir_mapping import ValidationCache, build_facts
from tools.charts.chart import Chart
from tools.charts.codes import concept, quantity

AS_OF = date(2026, 11, 25)
M, N, U = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN
adapter: TypeAdapter[Criterion] = TypeAdapter(Criterion)

# NCT06462365, exclusion: HBsAg positive excludes unless the HBV DNA is not detected.
PCR_NEGATIVE_ALLOWED = (
    "exclusion",
    "Positive hepatitis-B surface antigen. Subject may be included if they are HBV PCR negative.",
)
# NCT06056323, inclusion: a low-level HBV DNA is allowed, in either unit.
BELOW_200_IU = (
    "inclusion",
    "Patients with active hepatitis B virus (HBV) without active disease (HBV DNA titer "
    "\\<1000 cps/mL or 200 IU/mL), or who are cured of hepatitis C virus (HCV) with a negative "
    "HCV RNA test may be enrolled at the investigator's discretion.",
)
# NCT06167317, exclusion: HBsAg positive excludes whatever the DNA; anti-HBc alone does not.
SURFACE_ANTIGEN_EXCLUDES = (
    "exclusion",
    "Participants who test positive for hepatitis B surface antigen. Participants who test "
    "positive for hepatitis B core antibody are eligible with a negative HBV DNA by "
    "quantitative Polymerase chain reaction (PCR)",
)
# NCT04890613, exclusion: HIV allowed on the CD4 count alone.
HIV_CD4_ONLY = (
    "exclusion",
    "Immuno-compromised patients, e.g., patients who are known to be serologically positive for "
    "human immunodeficiency virus (HIV), patients with known active hepatitis (i.e., hepatitis B "
    "or C). Note: Patients with a prior history of treated HBV infection who are antigen-negative "
    "or patients with a prior history of treated HCV infection who are HCV RNA-undetectable may "
    "be enrolled. Patients who are known to be serologically positive for human immunodeficiency "
    "virus (HIV) can enroll if their CD4+ T-cell (CD4+) counts ≥ 350 cells/uL.",
)
# Test-suite sentences (not from a record) for the plain readings.
ANY_HEPATITIS_B = ("exclusion", "History of hepatitis B infection")
ANY_HIV = ("exclusion", "Known HIV infection")
ACTIVE_HEPATITIS_B = ("exclusion", "Active hepatitis B infection")

HBSAG = concept("乙肝表面抗原(HBsAg)")
HBV_DNA = concept("HBV-DNA定量")
CD4 = concept("CD4计数")


def _hepatitis_b_chart(dna: str | None, *, dna_quantity: tuple[float, str] | None = None) -> Chart:
    """A Chinese hospital's chronic hepatitis B: the diagnosis in words only, the surface antigen
    and the DNA as the laboratory system writes them, entecavir from the outpatient clinic."""
    chart = Chart("p")
    chart.patient("male", "1968-04-02")
    chart.condition(concept("慢性乙型病毒性肝炎"), date(2009, 5, 1))
    chart.observation(HBSAG, date(2026, 10, 20), value_string="阳性(+)")
    if dna is not None:
        chart.observation(HBV_DNA, date(2026, 10, 20), value_string=dna)
    if dna_quantity is not None:
        value, unit = dna_quantity
        chart.observation(HBV_DNA, date(2026, 10, 20), value_quantity=quantity(value, unit))
    chart.medication_statement(
        concept("恩替卡韦分散片 0.5mg qd"), (date(2012, 3, 1), None), status="active"
    )
    return chart


def _carrier_chart() -> Chart:
    """ "HBV携带者" on the problem list, nothing else about it."""
    chart = Chart("p")
    chart.patient("female", "1972-09-12")
    chart.condition(concept("HBV携带者"), date(2001, 1, 1))
    return chart


def _problem_list_chart(text: str) -> Chart:
    """One problem-list entry in the laboratory's words, nothing else about it."""
    chart = Chart("p")
    chart.patient("male", "1966-03-08")
    chart.condition(concept(text), date(2012, 1, 1))
    return chart


def _hiv_chart(cd4: float) -> Chart:
    """HIV recorded in Chinese words, a CD4 count two months old, therapy kept elsewhere (the
    infectious-disease hospital): no antiretroviral record and no viral load in this chart."""
    chart = Chart("p")
    chart.patient("male", "1979-02-11")
    chart.condition(concept("HIV感染"), date(2016, 6, 1))
    chart.observation(CD4, date(2026, 9, 28), value_quantity=quantity(cd4, "cells/uL"))
    return chart


INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"


def _flagged_serology_chart(hbsag: float, flag: str, *, history: bool) -> Chart:
    """The laboratory system sends the HBsAg as the analyser's number (COI) and the verdict only
    as the result's interpretation flag, as HL7 v2 feeds do; the DNA below the assay's limit."""
    chart = Chart("p")
    chart.patient("male", "1961-01-30")
    if history:
        chart.condition(concept("乙肝病史"), date(1998, 1, 1))
    chart.observation(
        concept("HBsAg", ("http://loinc.org", "5196-1")),
        date(2026, 10, 20),
        value_quantity=quantity(hbsag, "COI", ucum=False),
        interpretation=concept(None, (INTERPRETATION, flag)),
    )
    chart.observation(HBV_DNA, date(2026, 10, 20), value_string="<20 IU/mL")
    return chart


def _preoperative_screen_chart(hiv_antibody: str, *, rna: str | None = None) -> Chart:
    """The infection screen every Chinese ward draws before surgery or chemotherapy (HBsAg,
    anti-HCV, anti-HIV, syphilis), each its own result; nothing about HIV on the problem list."""
    chart = Chart("p")
    chart.patient("female", "1975-05-05")
    when = date(2026, 11, 2)
    chart.observation(HBSAG, when, value_string="阴性(-)")
    chart.observation(concept("抗HCV"), when, value_string="阴性(-)")
    chart.observation(concept("抗HIV(初筛)"), when, value_string=hiv_antibody)
    chart.observation(concept("梅毒螺旋体抗体"), when, value_string="阴性(-)")
    if rna is not None:
        chart.observation(concept("HIV-1 RNA"), when, value_string=rna)
    return chart


CHARTS = {
    "below_limit_500": lambda: _hepatitis_b_chart("<5.00E+02 IU/mL"),
    "low_level_120": lambda: _hepatitis_b_chart("1.20E+02 IU/mL"),
    "high_3500": lambda: _hepatitis_b_chart("3.5E+03 IU/mL"),
    "copies_800": lambda: _hepatitis_b_chart(None, dna_quantity=(800, "{copies}/mL")),
    "copies_1500": lambda: _hepatitis_b_chart(None, dna_quantity=(1500, "{copies}/mL")),
    "carrier_words_only": _carrier_chart,
    "hiv_cd4_420": lambda: _hiv_chart(420),
    "hiv_cd4_280": lambda: _hiv_chart(280),
    "hbsag_flagged_positive": lambda: _flagged_serology_chart(2134.5, "POS", history=False),
    "hbsag_flagged_negative": lambda: _flagged_serology_chart(0.31, "NEG", history=True),
    "hiv_screen_reactive": lambda: _preoperative_screen_chart("阳性(+), 待确证"),
    "hiv_screen_negative": lambda: _preoperative_screen_chart("阴性(-)"),
    "problem_list_hbsag_carrier": lambda: _problem_list_chart("HBsAg携带者"),
    "problem_list_hbsag_positive": lambda: _problem_list_chart("HBsAg(+)"),
    "problem_list_hbsag_negative": lambda: _problem_list_chart("HBsAg阴性"),
    "hiv_screen_reactive_rna_suppressed": lambda: _preoperative_screen_chart(
        "阳性(+)", rna="<20 copies/mL"
    ),
}

# (chart, protocol, infection, verdict, a phrase the reason or the hint must hold)
VERDICTS = [
    # "<5.00E+02" is below that assay's limit: PCR negative, but not shown below 200 IU/mL.
    ("below_limit_500", PCR_NEGATIVE_ALLOWED, "hepatitis_b", M, "HBV DNA not detected"),
    ("below_limit_500", BELOW_200_IU, "hepatitis_b", U, "200 IU/mL"),
    ("below_limit_500", SURFACE_ANTIGEN_EXCLUDES, "hepatitis_b", N, "HBsAg positive"),
    ("below_limit_500", ACTIVE_HEPATITIS_B, "hepatitis_b", U, "definition of active"),
    ("below_limit_500", ANY_HEPATITIS_B, "hepatitis_b", N, "Hepatitis B recorded"),
    # 120 IU/mL: detected, yet under the 200 IU/mL the second protocol allows.
    ("low_level_120", PCR_NEGATIVE_ALLOWED, "hepatitis_b", N, "HBV DNA 120 IU/mL"),
    ("low_level_120", BELOW_200_IU, "hepatitis_b", M, "HBV DNA 120 IU/mL"),
    ("low_level_120", SURFACE_ANTIGEN_EXCLUDES, "hepatitis_b", N, "HBsAg positive"),
    # "3.5E+03" is 3,500, never 3.5.
    ("high_3500", BELOW_200_IU, "hepatitis_b", N, "HBV DNA 3,500 IU/mL"),
    ("high_3500", PCR_NEGATIVE_ALLOWED, "hepatitis_b", N, "HBV DNA 3,500 IU/mL"),
    # Copies: 800 copies/mL is under 200 IU/mL for every assay's factor (5.26-5.82 copies/IU);
    # 1,500 copies/mL is over it for every one.
    ("copies_800", BELOW_200_IU, "hepatitis_b", M, "800 copies/mL"),
    ("copies_1500", BELOW_200_IU, "hepatitis_b", N, "1,500 copies/mL"),
    # "HBV携带者" is hepatitis B, written with no space before the Chinese words.
    ("carrier_words_only", ANY_HEPATITIS_B, "hepatitis_b", N, "Hepatitis B recorded"),
    ("carrier_words_only", PCR_NEGATIVE_ALLOWED, "hepatitis_b", U, "Record the HBV DNA"),
    ("carrier_words_only", SURFACE_ANTIGEN_EXCLUDES, "hepatitis_b", U, "Record the HBsAg"),
    # HIV allowed on the CD4 count alone: the therapy and the viral load are not asked.
    ("hiv_cd4_420", HIV_CD4_ONLY, "hiv", M, "CD4 420"),
    ("hiv_cd4_280", HIV_CD4_ONLY, "hiv", N, "CD4 280"),
    ("hiv_cd4_420", ANY_HIV, "hiv", N, "HIV infection recorded"),
    # The flag is the laboratory's verdict on the number: a positive HBsAg is hepatitis B even
    # with no diagnosis on the problem list; a negative one under an old "乙肝病史" is no
    # chronic infection to be active.
    ("hbsag_flagged_positive", ANY_HEPATITIS_B, "hepatitis_b", N, "HBsAg positive"),
    ("hbsag_flagged_positive", PCR_NEGATIVE_ALLOWED, "hepatitis_b", M, "HBV DNA not detected"),
    ("hbsag_flagged_negative", ACTIVE_HEPATITIS_B, "hepatitis_b", M, "HBsAg negative"),
    ("hbsag_flagged_negative", SURFACE_ANTIGEN_EXCLUDES, "hepatitis_b", M, "HBV DNA not detected"),
    # A reactive HIV screen awaits confirmation: HIV possible, never "none recorded". An
    # undetectable RNA beside it is what effective therapy looks like, not the absence of HIV.
    ("hiv_screen_reactive", ANY_HIV, "hiv", U, "Confirm or refute"),
    ("hiv_screen_reactive_rna_suppressed", ANY_HIV, "hiv", U, "Confirm or refute"),
    ("hiv_screen_negative", ANY_HIV, "hiv", M, "No HIV infection recorded"),
    ("hiv_screen_negative", ANY_HEPATITIS_B, "hepatitis_b", M, "No hepatitis B recorded"),
    # A problem list naming the marker: an HBsAg carrier or a positive HBsAg is chronic
    # hepatitis B; a negative one is not.
    ("problem_list_hbsag_carrier", ANY_HEPATITIS_B, "hepatitis_b", N, "Hepatitis B recorded"),
    ("problem_list_hbsag_positive", ANY_HEPATITIS_B, "hepatitis_b", N, "Hepatitis B recorded"),
    ("problem_list_hbsag_negative", ANY_HEPATITIS_B, "hepatitis_b", M, "No hepatitis B"),
]


def _criterion(protocol: tuple[str, str], infection: str) -> InfectionCriterion:
    section, text = protocol
    item = EligibilityItem(section=section, text=text, number=1)  # type: ignore[arg-type]
    found = [
        c
        for c in extract_item(item, "x").criteria
        if isinstance(c, InfectionCriterion) and c.infection == infection
    ]
    assert len(found) == 1, f"{infection} not read once from {text!r}: {found}"
    return found[0]


def _facts(chart: Chart) -> PatientFacts:
    return build_facts([chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()).facts


@pytest.mark.parametrize(
    ("chart", "protocol", "infection", "verdict", "phrase"),
    VERDICTS,
    ids=[f"{v[0]}-{i}" for i, v in enumerate(VERDICTS)],
)
def test_inf_defined_coordinators_verdict(
    chart: str,
    protocol: tuple[str, str],
    infection: str,
    verdict: CriterionStatus,
    phrase: str,
) -> None:
    criterion = _criterion(protocol, infection)
    result = evaluate_criterion(criterion, _facts(CHARTS[chart]()), default_taxonomy())
    said = f"{result.reason} | {result.to_settle}"
    assert (result.status, phrase in said) == (verdict, True), said


# Rule INF-DEFINED on facts alone: each part of a protocol's definition.
def _decide(
    infection: str, control: InfectionControl, **definition: Any
) -> tuple[CriterionStatus, str, str | None]:
    criterion = adapter.validate_python(
        {
            "id": "c",
            "label": "c",
            "type": "infection",
            "infection": infection,
            "excluded": "uncontrolled",
            **definition,
        }
    )
    kind = Comorbidity(infection)
    facts = seed_patient(
        comorbidities=(ComorbidityFact(kind=kind, evidence=("Condition/i",)),),
        infection_control=(control,),
    )
    result = evaluate_criterion(criterion, facts, default_taxonomy())
    return result.status, result.reason, result.to_settle


def _hbv(**load: Any) -> InfectionControl:
    detected = load.get("value") is not None or load.pop("detected", False)
    return InfectionControl(
        kind=Comorbidity.HEPATITIS_B,
        viral_load_detectable=detected,
        viral_load=ViralLoad(detected=detected, **load),
    )


@pytest.mark.parametrize(
    ("control", "expected"),
    [
        (_hbv(value=150, unit="IU/mL"), M),
        (_hbv(value=200, unit="IU/mL"), N),  # "below 200": 200 is not below
        (_hbv(value=250, unit="IU/mL"), N),
        (_hbv(below=20, unit="IU/mL"), M),
        (_hbv(below=20, unit="IU/mL", detected=True), M),
        (_hbv(below=500, unit="IU/mL"), U),  # below that assay's limit, perhaps not below 200
        (_hbv(value=150), U),  # a unit OncoMatch does not read
        # The other unit, over every assay's factor (3.41-5.82 copies per IU): 600 copies is
        # 103-176 IU, 900 copies 155-264 IU, 1,200 copies 206-352 IU.
        (_hbv(value=600, unit="copies/mL"), M),
        (_hbv(value=900, unit="copies/mL"), U),
        (_hbv(value=1200, unit="copies/mL"), N),
        (InfectionControl(kind=Comorbidity.HEPATITIS_B, viral_load_detectable=False), M),
        (InfectionControl(kind=Comorbidity.HEPATITIS_B, viral_load_detectable=True), U),
    ],
)
def test_inf_defined_hepatitis_b_limit(
    control: InfectionControl, expected: CriterionStatus
) -> None:
    status, reason, to_settle = _decide("hepatitis_b", control, viral_load_below_iu_ml=200)
    assert status is expected, reason
    if expected is U:
        assert "below 200 IU/mL" in str(to_settle)


def test_inf_defined_hcv_and_hiv_loads_are_not_converted_between_units() -> None:
    hcv = InfectionControl(
        kind=Comorbidity.HEPATITIS_C,
        viral_load_detectable=True,
        viral_load=ViralLoad(value=100, unit="copies/mL", detected=True),
    )
    assert _decide("hepatitis_c", hcv, viral_load_below_iu_ml=1000)[0] is U
    assert _decide("hepatitis_c", hcv, viral_load_below_copies_ml=1000)[0] is M


@pytest.mark.parametrize(
    ("antigen", "load_detectable", "surface_antigen", "expected", "said"),
    [
        (True, False, "excludes", N, "HBsAg positive"),
        (None, False, "excludes", U, "Record the HBsAg"),
        (False, False, "excludes", M, "HBV DNA undetectable"),
        (True, False, "allowed", M, "HBV DNA undetectable"),
        (True, None, "allowed", U, "Record the HBV DNA"),
        (True, True, "allowed", N, "HBV DNA detectable"),
        (True, False, None, U, "definition of active hepatitis B"),  # the protocol is silent
    ],
)
def test_inf_defined_surface_antigen(
    antigen: bool | None,
    load_detectable: bool | None,
    surface_antigen: str | None,
    expected: CriterionStatus,
    said: str,
) -> None:
    control = InfectionControl(
        kind=Comorbidity.HEPATITIS_B,
        surface_antigen_positive=antigen,
        viral_load_detectable=load_detectable,
    )
    status, reason, to_settle = _decide("hepatitis_b", control, surface_antigen=surface_antigen)
    assert (status, said in f"{reason} | {to_settle}") == (expected, True)


def _hiv_load(copies: float, *, antiviral: bool | None) -> InfectionControl:
    return InfectionControl(
        kind=Comorbidity.HIV,
        antiviral=antiviral,
        viral_load_detectable=copies >= 200,
        viral_load=ViralLoad(value=copies, unit="copies/mL", detected=True),
    )


BELOW_400 = {
    "controlled_by": ["antiviral_therapy", "viral_load"],
    "viral_load_below_copies_ml": 400,
}


@pytest.mark.parametrize(
    ("control", "definition", "expected", "said"),
    [
        # CD4 alone (NCT04890613): therapy and load are not asked.
        (InfectionControl(kind=Comorbidity.HIV, cd4=400), {"controlled_by": ["cd4"]}, M, "CD4 400"),
        (InfectionControl(kind=Comorbidity.HIV, cd4=300), {"controlled_by": ["cd4"]}, N, "CD4 300"),
        (InfectionControl(kind=Comorbidity.HIV), {"controlled_by": ["cd4"]}, U, "Record the CD4"),
        (
            InfectionControl(kind=Comorbidity.HIV, cd4=250),
            {"controlled_by": ["cd4"], "cd4_at_least": 200},
            M,
            "CD4 250",
        ),
        # On therapy with a load below 400 copies/mL: 300 copies/mL passes, though the rules'
        # own line (200) would call it detectable.
        (_hiv_load(300, antiviral=True), BELOW_400, M, "HIV viral load 300 copies/mL"),
        (_hiv_load(300, antiviral=None), BELOW_400, U, "whether on antiretroviral therapy"),
        (_hiv_load(450, antiviral=True), BELOW_400, N, "HIV viral load 450 copies/mL"),
    ],
)
def test_inf_defined_hiv(
    control: InfectionControl, definition: dict[str, Any], expected: CriterionStatus, said: str
) -> None:
    status, reason, to_settle = _decide("hiv", control, **definition)
    assert (status, said in f"{reason} | {to_settle}") == (expected, True)


@pytest.mark.parametrize(
    "criterion",
    [
        {"infection": "hiv", "cd4_at_least": 350},  # excluded "any"
        {"infection": "hepatitis_b", "excluded": "uncontrolled", "cd4_at_least": 350},
        {"infection": "hiv", "excluded": "uncontrolled", "surface_antigen": "excludes"},
        {"infection": "hepatitis_c", "excluded": "uncontrolled", "controlled_by": ["cd4"]},
        {
            "infection": "hiv",
            "excluded": "uncontrolled",
            "controlled_by": ["cd4"],
            "viral_load_below_copies_ml": 400,
        },
        {"infection": "hiv", "excluded": "uncontrolled", "viral_load_below_copies_ml": 0},
    ],
)
def test_inf_defined_a_definition_that_does_not_fit_is_refused(criterion: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        adapter.validate_python({"id": "c", "label": "c", "type": "infection", **criterion})
