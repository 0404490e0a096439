"""Rule INF-DEFINED: a protocol's own definition of a controlled infection, read from its
registry text, decided on charts recorded the way hospitals record chronic viral infections.

The verdicts below are a trial coordinator's, written before the code was changed to meet
them. Each protocol sentence is quoted from its ClinicalTrials.gov record (NCT id beside it).
"""

from __future__ import annotations

from datetime import date

import pytest

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import InfectionCriterion
from eligibility.ctgov import EligibilityItem, extract_item
from eligibility.facts import PatientFacts
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from fhir_mapping import ValidationCache, build_facts
from tools.charts.chart import Chart
from tools.charts.codes import concept, quantity

AS_OF = date(2026, 11, 25)
M, N, U = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN

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


def _hiv_chart(cd4: float) -> Chart:
    """HIV recorded in Chinese words, a CD4 count two months old, therapy kept elsewhere (the
    infectious-disease hospital): no antiretroviral record and no viral load in this chart."""
    chart = Chart("p")
    chart.patient("male", "1979-02-11")
    chart.condition(concept("HIV感染"), date(2016, 6, 1))
    chart.observation(CD4, date(2026, 9, 28), value_quantity=quantity(cd4, "cells/uL"))
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
