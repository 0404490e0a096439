"""EXP-UNLISTED: a drug no table lists, named like an anticancer drug, is an unknown drug where
it was given, never "not received"."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.unlisted_drugs import unlisted_anticancer_name
from tools.charts.chart import Chart
from tools.charts.codes import concept


@pytest.mark.parametrize(
    "name",
    [
        "Tebotelimab 600 mg",
        "TEBOTELIMAB",
        "贝莫苏拜单抗注射液",
        "某某单克隆抗体注射液",
        "Sunvozertinib 200 mg",
        "伏美替尼片",
        "Lobaplatin",
        "洛铂",
        "Cabazitaxel",
        "Pirarubicin",
        "Azacitidine / Decitabine",
        "地西他滨",
    ],
)
def test_names_with_an_antineoplastic_stem_are_flagged(name: str) -> None:
    assert unlisted_anticancer_name([name]) == f"{name} (a drug OncoMatch does not list)"


@pytest.mark.parametrize(
    "name",
    [
        "Pucotenlimab注射液",  # a Latin name run into Chinese is still a whole word
        "注射用Tebotelimab",
    ],
)
def test_a_stem_beside_chinese_text_is_flagged(name: str) -> None:
    assert unlisted_anticancer_name([name]) == f"{name} (a drug OncoMatch does not list)"


@pytest.mark.parametrize("name", ["Tebotelimab-abcd 200 mg", "cosibelimab-ipdl"])
def test_exp_names_an_unlisted_antibody_with_the_fda_suffix_is_flagged(name: str) -> None:
    """EXP-UNLISTED, EXP-NAMES: the -mab stem before the FDA's four-letter suffix."""
    assert unlisted_anticancer_name([name]) == f"{name} (a drug OncoMatch does not list)"


@pytest.mark.parametrize(
    "name",
    [
        "AK117注射液",  # ligufalimab's (Akeso)
        "Study arm B: BGB-A317 200 mg",  # a capital before the digits
        "MPDL3280A 1200 mg",  # a capital after them
        "INCMGA00012",
    ],
)
def test_development_codes_are_flagged(name: str) -> None:
    coded = f"{name} (a study drug's code OncoMatch does not list)"
    assert unlisted_anticancer_name([name]) == coded


@pytest.mark.parametrize(
    ("name", "agent", "what"),
    [
        # Brands bear no stem; without the table they were no drug at all.
        ("开坦尼 125mg/10ml/瓶", "cadonilimab", "a PD-1 × CTLA-4 bispecific antibody"),
        ("依达方 (200mg/20ml)", "ivonescimab", "a PD-1 × VEGF bispecific antibody"),
        (
            "卡度尼利单抗注射液 (Cadonilimab) 10 mg/kg",
            "cadonilimab",
            "a PD-1 × CTLA-4 bispecific antibody",
        ),
        ("AK112注射液", "ivonescimab", "a PD-1 × VEGF bispecific antibody"),
        ("注射用Ivonescimab", "ivonescimab", "a PD-1 × VEGF bispecific antibody"),
    ],
)
def test_unclassed_agents_are_named_by_what_they_are(name: str, agent: str, what: str) -> None:
    """An anticancer drug placed in no class is an unknown drug whatever name a record uses,
    and the reason says what it is."""
    expected = f"{name} ({agent}, {what}: whether it counts is the study team's call)"
    assert unlisted_anticancer_name([name]) == expected


@pytest.mark.parametrize("name", ["免疫治疗", "外院化疗 6周期", "Targeted therapy (outside)"])
def test_a_kind_of_cancer_therapy_without_a_drug_is_flagged(name: str) -> None:
    assert unlisted_anticancer_name([name]) == f"{name} (the drug not named)"


@pytest.mark.parametrize(
    "name",
    [
        "Ondansetron 8 mg",
        "Dexamethasone 5 mg",
        "帕利哌酮缓释片",  # paliperidone: "帕利" is not a stem here
        "Tablet, film coated",
        "Metformin",
        "阿莫西林胶囊",
        "Vitamin B12 (甲钴胺) 500 ug",  # one capital: no code
        "0.9%NS100ml",  # a unit runs on from the digits
        "PD-1 (tested, not a drug)",  # one digit
        "COVID-19 vaccine",  # two digits
        "xy104 (lower case is a word, not a sponsor's code)",
        "Ondansetron 8 mg (lot AB1234X7)",  # letters run on from the digits
    ],
)
def test_other_names_are_not(name: str) -> None:
    assert unlisted_anticancer_name([name]) is None


def _first_line_with(drug: str) -> Chart:
    chart = Chart("unlisted")
    chart.patient("male", "1971-06-14")
    for day in (date(2026, 4, 8), date(2026, 4, 29)):
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
        chart.medication_administration(concept(drug), day)
    return chart


def _facts(chart: Chart) -> Any:
    return build_facts(
        chart.resources, patient_id="unlisted", as_of=date(2026, 11, 25), cache=ValidationCache()
    ).facts


def test_an_unlisted_antibody_in_a_line_is_an_unknown_drug_of_that_line() -> None:
    (line,) = _facts(_first_line_with("Tebotelimab 600 mg")).lines
    assert line.agents == ("cisplatin",)
    assert line.unresolved == ("Tebotelimab 600 mg (a drug OncoMatch does not list)",)


def test_an_unlisted_drug_without_a_stem_is_not_read() -> None:
    (line,) = _facts(_first_line_with("Ondansetron 8 mg")).lines
    assert line.unresolved == ()


def test_an_unknown_drug_outside_every_line_may_be_a_line_of_its_own() -> None:
    chart = _first_line_with("Toripalimab")
    for day in (date(2026, 9, 1), date(2026, 9, 22), date(2026, 10, 13)):
        chart.medication_administration(concept("Sunvozertinib 200 mg"), day)
    first, possible = _facts(chart).lines
    assert (first.number, first.agents, first.possible) == (1, ("cisplatin", "toripalimab"), False)
    assert possible.possible
    assert possible.agents == ()
    assert possible.unresolved == ("Sunvozertinib 200 mg (a drug OncoMatch does not list)",)
    assert (possible.start, possible.end) == (date(2026, 9, 1), date(2026, 10, 13))


def test_an_unknown_drug_given_on_after_its_line_is_that_lines_maintenance() -> None:
    chart = _first_line_with("卡度尼利单抗注射液 (Cadonilimab)")
    for day in (date(2026, 6, 10), date(2026, 7, 1), date(2026, 7, 22)):
        chart.medication_administration(concept("卡度尼利单抗注射液 (Cadonilimab)"), day)
    (line,) = _facts(chart).lines
    assert not line.possible


@pytest.mark.parametrize(
    "drug",
    [
        "Adalimumab 40 mg SC (Humira)",
        "度普利尤单抗注射液 300 mg",
        "乌司奴单抗注射液",
        "Evolocumab 140 mg",
        "Upadacitinib 15 mg",
        "Tocilizumab (for cytokine release syndrome)",
    ],
)
def test_an_antibody_or_kinase_inhibitor_for_another_disease_is_no_line(drug: str) -> None:
    """Listed drugs for other diseases: their stem does not make them possible cancer drugs,
    neither a line of their own nor an unknown drug of the line they are given beside."""
    chart = _first_line_with("Toripalimab")
    for day in (date(2026, 9, 1), date(2026, 9, 29), date(2026, 10, 27)):
        chart.medication_administration(concept(drug), day)
    facts = _facts(chart)
    (line,) = facts.lines
    assert (line.agents, line.unresolved) == (("cisplatin", "toripalimab"), ())
    given = [e for e in facts.exposures if e.start == date(2026, 9, 1)]
    assert [(e.resolved, e.antineoplastic) for e in given] == [(True, False)]


@pytest.mark.parametrize("agent", ["rituximab", "bevacizumab", "ruxolitinib"])
def test_drugs_also_given_for_cancer_are_never_listed_as_non_anticancer(agent: str) -> None:
    """A drug given for cancer and for other diseases stays a possible cancer drug (or is listed
    as one): marking it non-anticancer would hide a line."""
    chart = _first_line_with("Toripalimab")
    chart.medication_administration(concept(agent.title()), date(2026, 9, 1))
    given = [e for e in _facts(chart).exposures if e.start == date(2026, 9, 1)]
    assert [e.antineoplastic or not e.resolved for e in given] == [True]
