"""EXP-REGIMEN: a regimen named by its acronym gives its drugs, by agent or by class; a drug
given by class proves its class, not its agent."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import PatientFacts
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.regimens import regimen_table
from tools.charts.chart import Chart
from tools.charts.codes import concept

AS_OF = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "regimens"),
    [
        ("外院一线 GP方案 + 特瑞普利单抗 ×6周期", ["GP"]),
        ("GP + Toripalimab", ["GP"]),  # an anticancer drug beside it
        ("TPF induction chemotherapy", ["TPF"]),  # TPF, not TP inside it
        ("TP方案化疗", ["TP"]),
        ("XELOX regimen, cycle 3", ["XELOX"]),
        ("EC-T 方案 (EC x4 then docetaxel)", ["EC"]),  # a hyphen is no letter of it
        ("R-CHOP chemotherapy", ["CHOP"]),
        ("GP ×6 (外院)", ["GP"]),  # the acronym is the drug's whole name
        ("CHOP x 6 (outside hospital)", ["CHOP"]),
    ],
)
def test_an_acronym_in_a_text_about_chemotherapy_is_read(text: str, regimens: list[str]) -> None:
    assert [r.name for r in regimen_table().named_in(text)] == regimens


@pytest.mark.parametrize(
    "text",
    [
        "Lidocaine PF 1% 5 mL",  # preservative-free
        "Insulin aspart 6 units AC",  # ante cibum, no chemotherapy in the text
        "gp方案",  # not written as the acronym
        "GPX 方案",  # letters run on
        "GP2 方案",  # digits run on
        "PF syringe 10 mL",  # another word beside it, and no chemotherapy
    ],
)
def test_other_capitals_are_not_a_regimen(text: str) -> None:
    assert regimen_table().named_in(text) == ()


def _facts(*texts: str) -> PatientFacts:
    chart = Chart("regimen")
    chart.patient("male", "1971-06-14")
    for text in texts:
        chart.medication_statement(
            concept(text), (date(2026, 4, 8), date(2026, 7, 22)), status="completed"
        )
    return build_facts(
        chart.resources, patient_id="regimen", as_of=AS_OF, cache=ValidationCache()
    ).facts


def test_an_acronym_gives_fixed_agents_and_drugs_open_within_a_class() -> None:
    (line,) = _facts("外院一线 GP方案 + 特瑞普利单抗 ×6周期").lines
    assert line.agents == ("gemcitabine", "platinum of GP", "toripalimab")
    assert line.unnamed == ("platinum of GP",)
    assert {"cisplatin", "carboplatin", "nedaplatin"} <= set(line.may_be)
    assert "gemcitabine" not in line.may_be


def test_a_platinum_the_record_names_is_the_one_the_acronym_meant() -> None:
    (line,) = _facts("GP方案 (吉西他滨 + 顺铂)").lines
    assert set(line.agents) == {"gemcitabine", "cisplatin"}
    assert (line.unnamed, line.may_be) == ((), ())


def test_an_acronym_fixing_its_agents_leaves_nothing_open() -> None:
    (line,) = _facts("PF方案 诱导化疗").lines
    assert set(line.agents) == {"cisplatin", "fluorouracil"}
    assert line.unnamed == ()


def test_lidocaine_pf_gives_no_drug() -> None:
    assert _facts("Lidocaine PF 1% 5 mL").lines == ()


def _status(facts: PatientFacts, **criterion: Any) -> tuple[CriterionStatus, str, str | None]:
    parsed = TypeAdapter(Criterion).validate_python(
        {"id": "c", "label": "c", "type": "prior_therapy", **criterion}
    )
    result = evaluate_criterion(parsed, facts, default_taxonomy())
    return result.status, result.reason, result.to_settle


GP_LINE = "GP方案 + 特瑞普利单抗"


@pytest.mark.parametrize(
    ("criterion", "status"),
    [
        ({"drug_class": "platinum", "line": 1}, CriterionStatus.MET),
        ({"drug_class": "platinum"}, CriterionStatus.MET),
        ({"agent": "gemcitabine", "line": 1}, CriterionStatus.MET),
        # The platinum may be cisplatin or another: never met, never not met.
        ({"agent": "cisplatin", "line": 1}, CriterionStatus.UNKNOWN),
        ({"agent": "cisplatin"}, CriterionStatus.UNKNOWN),
        ({"agent": "carboplatin", "received": False}, CriterionStatus.UNKNOWN),
        # It cannot be a taxane.
        ({"agent": "docetaxel", "line": 1}, CriterionStatus.NOT_MET),
        ({"agent": "docetaxel", "received": False}, CriterionStatus.MET),
    ],
)
def test_a_drug_given_by_class_proves_its_class_not_its_agent(
    criterion: dict[str, Any], status: CriterionStatus
) -> None:
    assert _status(_facts(GP_LINE), **criterion)[0] is status


def test_the_unknown_agent_says_what_to_record() -> None:
    status, reason, missing = _status(_facts(GP_LINE), agent="cisplatin", line=1)
    assert status is CriterionStatus.UNKNOWN
    assert "platinum of GP" in reason
    assert missing == "Record which drug was given as platinum of GP"


def test_a_platinum_given_in_the_same_line_is_the_one_the_acronym_meant() -> None:
    """A statement of the regimen beside the administrations of its drugs: the platinum the
    pharmacy gave is GP's, so another platinum is not left open."""
    chart = Chart("regimen")
    chart.patient("male", "1971-06-14")
    chart.medication_statement(concept(GP_LINE), (date(2026, 4, 8), date(2026, 7, 22)))
    for day in (date(2026, 4, 8), date(2026, 4, 29)):
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
    facts = build_facts(
        chart.resources, patient_id="regimen", as_of=AS_OF, cache=ValidationCache()
    ).facts
    (line,) = facts.lines
    assert set(line.agents) == {"cisplatin", "gemcitabine", "toripalimab"}
    assert (line.unnamed, line.may_be) == ((), ())
    assert _status(facts, agent="carboplatin", line=1)[0] is CriterionStatus.NOT_MET


@pytest.mark.parametrize(
    ("criterion", "status"),
    [
        ({"drug_class": "taxane", "line": 1}, CriterionStatus.MET),
        # carboplatin in gynaecologic cancer, cyclophosphamide in breast cancer: not said
        ({"drug_class": "platinum", "line": 1}, CriterionStatus.UNKNOWN),
        ({"agent": "cyclophosphamide", "line": 1}, CriterionStatus.UNKNOWN),
        ({"drug_class": "anthracycline", "line": 1}, CriterionStatus.NOT_MET),
    ],
)
def test_tc_leaves_its_second_drug_between_two(
    criterion: dict[str, Any], status: CriterionStatus
) -> None:
    assert _status(_facts("TC方案化疗 ×4"), **criterion)[0] is status


def test_tc_with_its_drugs_named_leaves_nothing_open() -> None:
    (line,) = _facts("TC方案 (紫杉醇 + 卡铂)").lines
    assert set(line.agents) == {"paclitaxel", "carboplatin"}
    assert line.unnamed == ()


def _regimen_of_references(*, with_parts: bool) -> PatientFacts:
    """One regimen Medication whose ingredients refer to cisplatin's and toripalimab's own
    Medications (held in the data or not), given once."""
    chart = Chart("regimen")
    chart.patient("male", "1971-06-14")
    parts = [chart.medication(concept(name)) for name in ("Cisplatin", "Toripalimab")]
    regimen = chart.medication(concept("一线方案 (化疗+免疫)"))
    regimen["ingredient"] = [
        {"itemReference": {"reference": f"Medication/{part['id']}"}} for part in parts
    ]
    chart.medication_administration(regimen, date(2026, 4, 8))
    resources = [
        r
        for r in chart.resources
        if with_parts or r["resourceType"] != "Medication" or r is regimen
    ]
    return build_facts(
        resources, patient_id="regimen", as_of=date(2026, 11, 25), cache=ValidationCache()
    ).facts


def test_exp_regimen_ingredients_given_by_reference_are_the_regimens_drugs() -> None:
    """EXP-REGIMEN: a regimen's ingredients referring to their Medications give its drugs."""
    facts = _regimen_of_references(with_parts=True)
    assert sorted(e.agent for e in facts.exposures) == ["cisplatin", "toripalimab"]


def test_exp_regimen_ingredients_not_in_the_data_leave_the_drug_unknown() -> None:
    """EXP-REGIMEN, EXP-UNRESOLVED: without the ingredients' Medications (an EHR that sent only
    the regimen's) the regimen is a drug not known, never no drug."""
    facts = _regimen_of_references(with_parts=False)
    assert [(e.resolved, e.agent) for e in facts.exposures] == [
        (False, "一线方案 (化疗+免疫) (the drug not named)")
    ]
