"""EXP-CLASS-NAMED: a drug named only by its class or target proves the class, not the agent."""

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
from fhir_mapping.class_named_drugs import class_names
from tools.charts.chart import Chart
from tools.charts.codes import concept


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("PD-1抑制剂 200 mg", ["anti-PD-1 (agent not named)"]),
        ("Anti-PD-1 antibody 200 mg q3w", ["anti-PD-1 (agent not named)"]),
        ("PD1 inhibitor", ["anti-PD-1 (agent not named)"]),
        ("PD-1 200mg ivgtt d1", ["anti-PD-1 (agent not named)"]),  # a nurse's shorthand
        ("抗PD-L1单抗", ["anti-PD-L1 (agent not named)"]),
        ("PD-1/PD-L1抑制剂", ["PD-1 or PD-L1 inhibitor (agent not named)"]),
        ("含铂双药化疗 + PD-1单抗", ["anti-PD-1 (agent not named)", "platinum (agent not named)"]),
        ("CTLA-4 blockade", ["anti-CTLA-4 (agent not named)"]),
    ],
)
def test_classes_named_in_a_drug_text(text: str, labels: list[str]) -> None:
    assert [agent.label for agent in class_names().named_in(text)] == labels


@pytest.mark.parametrize(
    "text", ["PD-L1 22C3 pending", "Ondansetron 8 mg", "PD-10 form", "PD-1 test 1 panel"]
)
def test_other_texts_name_no_class(text: str) -> None:
    assert class_names().named_in(text) == ()


def _facts(pd1: str) -> PatientFacts:
    chart = Chart("classes")
    chart.patient("male", "1971-06-14")
    for day in (date(2026, 4, 8), date(2026, 4, 29)):
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
        chart.medication_administration(concept(pd1), day)
    return build_facts(
        chart.resources, patient_id="classes", as_of=date(2026, 11, 25), cache=ValidationCache()
    ).facts


def _status(facts: PatientFacts, **criterion: Any) -> CriterionStatus:
    parsed = TypeAdapter(Criterion).validate_python(
        {"id": "c", "label": "c", "type": "prior_therapy", **criterion}
    )
    return evaluate_criterion(parsed, facts, default_taxonomy()).status


@pytest.mark.parametrize(
    ("pd1", "criterion", "status"),
    [
        ("PD-1抑制剂", {"drug_class": "anti_pd1", "line": 1}, CriterionStatus.MET),
        ("PD-1抑制剂", {"agent": "pembrolizumab", "line": 1}, CriterionStatus.UNKNOWN),
        ("PD-1抑制剂", {"agent": "atezolizumab", "line": 1}, CriterionStatus.NOT_MET),
        ("PD-1/PD-L1抑制剂", {"drug_class": "anti_pd1", "line": 1}, CriterionStatus.UNKNOWN),
        ("PD-1/PD-L1抑制剂", {"drug_class": "anti_pdl1", "line": 1}, CriterionStatus.UNKNOWN),
        (
            "PD-1/PD-L1抑制剂",
            {"drug_class": "immune_checkpoint_inhibitor", "line": 1},
            CriterionStatus.MET,
        ),
        ("免疫治疗", {"drug_class": "anti_pd1", "line": 1}, CriterionStatus.UNKNOWN),
    ],
)
def test_the_class_is_proven_and_the_agent_open(
    pd1: str, criterion: dict[str, Any], status: CriterionStatus
) -> None:
    assert _status(_facts(pd1), **criterion) is status


def test_a_group_code_alone_proves_the_group_and_leaves_the_agent_open() -> None:
    """ATC L01FF (PD-1/PD-L1 inhibitors) with no agent named."""
    chart = Chart("classes")
    chart.patient("male", "1971-06-14")
    group = concept(None, ("http://www.whocc.no/atc", "L01FF", None))
    for day in (date(2026, 4, 8), date(2026, 4, 29)):
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
        chart.medication_administration(group, day)
    facts = build_facts(
        chart.resources, patient_id="classes", as_of=date(2026, 11, 25), cache=ValidationCache()
    ).facts
    assert _status(facts, drug_class="immune_checkpoint_inhibitor", line=1) is CriterionStatus.MET
    assert _status(facts, drug_class="anti_pd1", line=1) is CriterionStatus.UNKNOWN
    assert _status(facts, agent="pembrolizumab") is CriterionStatus.UNKNOWN
    assert _status(facts, drug_class="taxane", line=1) is CriterionStatus.NOT_MET
