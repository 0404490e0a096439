"""Every criterion type of the `Criterion` union has a rule, and every rule keeps the rules every
decision keeps. The types come from the union itself, so a new type fails here until it has
a rule (or is a combinator, which `eligibility.compilation` decides from its children)."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from eligibility_factories import ONE_OF_EACH_TYPE, seed_patient
from pydantic import TypeAdapter

from eligibility.compilation import Evaluation, RuleBook
from eligibility.criteria import AllOfCriterion, AnyOfCriterion, Criterion, NotCriterion
from eligibility.facts import PatientFacts
from eligibility.results import CriterionStatus
from eligibility.rules import LEAF_RULES, Decision

CRITERION_TYPES: tuple[type[Any], ...] = get_args(get_args(Criterion)[0])
COMBINATORS = {AllOfCriterion, AnyOfCriterion, NotCriterion}
LEAF_TYPES = [kind for kind in CRITERION_TYPES if kind not in COMBINATORS]
SAMPLES = {type(c): c for c in map(TypeAdapter(Criterion).validate_python, ONE_OF_EACH_TYPE)}
EMPTY = PatientFacts(as_of=seed_patient().as_of, patient="Patient/empty")


def test_the_union_is_read_whole() -> None:
    assert len(CRITERION_TYPES) > len(COMBINATORS)
    assert set(CRITERION_TYPES) >= COMBINATORS


def test_every_leaf_type_has_a_rule_and_the_registry_nothing_else() -> None:
    assert set(LEAF_RULES) == set(LEAF_TYPES)


def test_the_samples_hold_one_criterion_of_every_type() -> None:
    assert set(SAMPLES) == set(CRITERION_TYPES)


@pytest.mark.parametrize("kind", CRITERION_TYPES, ids=lambda kind: kind.__name__)
@pytest.mark.parametrize("facts", [seed_patient(), EMPTY], ids=["seed", "empty"])
def test_every_type_decides_with_a_reason_and_hints_only_when_open(
    kind: type[Any], facts: PatientFacts
) -> None:
    decision = Evaluation(facts).decide(RuleBook().compile(SAMPLES[kind]).rule)
    assert isinstance(decision, Decision)
    assert decision.reason
    assert len(set(decision.evidence)) == len(decision.evidence)
    if decision.status is not CriterionStatus.UNKNOWN:
        assert decision.to_settle is None


def test_a_decision_drops_a_hint_once_the_answer_is_known() -> None:
    known = Decision(CriterionStatus.MET, "ECOG 1", ("Observation/ecog",), "Record an ECOG")
    open_ = Decision(CriterionStatus.UNKNOWN, "No ECOG", (), "Record an ECOG")
    assert known.to_settle is None
    assert open_.to_settle == "Record an ECOG"
