"""Kleene three-valued logic: the full truth tables, directly and through the combinators."""

from __future__ import annotations

from typing import Any

import pytest
from eligibility_factories import seed_patient, trial
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from eligibility import logic
from eligibility.catalog import Catalog
from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import Demographics, PatientFacts
from eligibility.matching import Matcher
from eligibility.results import CriterionResult, CriterionStatus, Verdict, verdict_of
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import Sex

M = CriterionStatus.MET
N = CriterionStatus.NOT_MET
U = CriterionStatus.UNKNOWN

AND = {
    (M, M): M,
    (M, N): N,
    (M, U): U,
    (N, M): N,
    (N, N): N,
    (N, U): N,
    (U, M): U,
    (U, N): N,
    (U, U): U,
}
OR = {
    (M, M): M,
    (M, N): M,
    (M, U): M,
    (N, M): M,
    (N, N): N,
    (N, U): U,
    (U, M): M,
    (U, N): U,
    (U, U): U,
}
NOT = {M: N, N: M, U: U}


@pytest.mark.parametrize(("pair", "expected"), AND.items())
def test_all_of_truth_table(
    pair: tuple[CriterionStatus, CriterionStatus], expected: CriterionStatus
) -> None:
    assert logic.all_of(pair) is expected


@pytest.mark.parametrize(("pair", "expected"), OR.items())
def test_any_of_truth_table(
    pair: tuple[CriterionStatus, CriterionStatus], expected: CriterionStatus
) -> None:
    assert logic.any_of(pair) is expected


@pytest.mark.parametrize(("status", "expected"), NOT.items())
def test_negate_truth_table(status: CriterionStatus, expected: CriterionStatus) -> None:
    assert logic.negate(status) is expected


def test_empty_combinations_are_the_identities() -> None:
    assert logic.all_of([]) is M
    assert logic.any_of([]) is N


# Two independent leaves whose status the patient controls: age ≤ 70 and female sex.
AGE = {"type": "age", "id": "age", "label": "Age ≤ 70", "max_years": 70}
FEMALE = {"type": "sex", "id": "sex", "label": "Female", "allowed": ["female"]}
AGE_FOR = {M: 50, N: 80, U: None}
SEX_FOR = {M: Sex.FEMALE, N: Sex.MALE, U: Sex.UNKNOWN}

criterion_adapter: TypeAdapter[Criterion] = TypeAdapter(Criterion)


def patient(age_status: CriterionStatus, sex_status: CriterionStatus) -> PatientFacts:
    return seed_patient(
        demographics=Demographics(
            age_years=AGE_FOR[age_status], sex=SEX_FOR[sex_status], evidence=("Patient/p1",)
        )
    )


def evaluate(data: dict[str, Any], facts: PatientFacts) -> CriterionStatus:
    criterion = criterion_adapter.validate_python(data)
    return evaluate_criterion(criterion, facts, default_taxonomy()).status


@pytest.mark.parametrize(("pair", "expected"), AND.items())
def test_all_of_criterion(
    pair: tuple[CriterionStatus, CriterionStatus], expected: CriterionStatus
) -> None:
    combined = {"type": "all_of", "id": "both", "label": "Both", "criteria": [AGE, FEMALE]}
    assert evaluate(combined, patient(*pair)) is expected


@pytest.mark.parametrize(("pair", "expected"), OR.items())
def test_any_of_criterion(
    pair: tuple[CriterionStatus, CriterionStatus], expected: CriterionStatus
) -> None:
    combined = {"type": "any_of", "id": "either", "label": "Either", "criteria": [AGE, FEMALE]}
    assert evaluate(combined, patient(*pair)) is expected


@pytest.mark.parametrize(("status", "expected"), NOT.items())
def test_not_criterion(status: CriterionStatus, expected: CriterionStatus) -> None:
    negated = {"type": "not", "id": "not-old", "label": "Not ≤ 70", "criterion": AGE}
    assert evaluate(negated, patient(status, M)) is expected


def test_combined_reason_names_the_deciding_child_and_collects_hints() -> None:
    combined = criterion_adapter.validate_python(
        {"type": "all_of", "id": "both", "label": "Both", "criteria": [AGE, FEMALE]}
    )
    result = evaluate_criterion(combined, patient(U, U), default_taxonomy())
    assert result.status is U
    assert "Age ≤ 70" in result.reason
    assert "Female" in result.reason
    assert result.to_settle is not None
    assert "birth date" in result.to_settle
    assert "sex" in result.to_settle

    failing = evaluate_criterion(combined, patient(N, M), default_taxonomy())
    assert failing.reason.startswith("Not met — Age ≤ 70: Age 80")
    assert "Female:" not in failing.reason  # only the deciding child explains a failure
    assert failing.to_settle is None


def test_free_text_inside_a_combinator_keeps_manual_review() -> None:
    combined = criterion_adapter.validate_python(
        {
            "type": "any_of",
            "id": "x",
            "label": "X",
            "criteria": [
                AGE,
                {
                    "type": "free_text",
                    "id": "ft",
                    "label": "Adequate organ function",
                    "text": "Adequate organ function",
                },
            ],
        }
    )
    result = evaluate_criterion(combined, patient(N, M), default_taxonomy())
    assert result.status is U
    assert result.manual_review


# --- properties over any number of statuses -----------------------------------------------------

ORDER = {N: 0, U: 1, M: 2}  # Kleene: AND is the minimum, OR the maximum, in this order
statuses = st.lists(st.sampled_from([M, N, U]), max_size=6)


@given(statuses)
def test_all_of_is_the_minimum_and_any_of_the_maximum(values: list[CriterionStatus]) -> None:
    assert logic.all_of(values) is min(values, key=ORDER.__getitem__, default=M)
    assert logic.any_of(values) is max(values, key=ORDER.__getitem__, default=N)


@given(statuses)
def test_de_morgan(values: list[CriterionStatus]) -> None:
    assert logic.negate(logic.all_of(values)) is logic.any_of(map(logic.negate, values))
    assert logic.negate(logic.any_of(values)) is logic.all_of(map(logic.negate, values))


# --- the verdict rule (docs/architecture.md) ----------------------------------------------------


@pytest.mark.parametrize(
    ("values", "verdict"),
    [
        ([], Verdict.ELIGIBLE),
        ([M, M], Verdict.ELIGIBLE),
        ([M, U], Verdict.POSSIBLY_ELIGIBLE),
        ([U, U], Verdict.POSSIBLY_ELIGIBLE),
        ([M, N], Verdict.NOT_ELIGIBLE),
        ([U, N], Verdict.NOT_ELIGIBLE),
        ([N, U, M], Verdict.NOT_ELIGIBLE),
    ],
)
def test_gen_verdict_any_not_met_excludes_else_any_unknown_asks(
    values: list[CriterionStatus], verdict: Verdict
) -> None:
    results = [
        CriterionResult(id=str(i), label="x", status=status, reason="r")
        for i, status in enumerate(values)
    ]
    assert verdict_of(results) is verdict
    # The matcher computes verdicts from its decisions; it must agree with the rule.
    criteria = [
        {"type": "age", "id": f"a{i}", "label": "x", "max_years": {M: 99, N: 1, U: 1}[s]}
        if s is not U
        else {"type": "free_text", "id": f"a{i}", "label": "x", "text": "x"}
        for i, s in enumerate(values)
    ]
    matched = Matcher(Catalog([trial("NCT00000001", criteria)])).match(
        seed_patient(), minimum_verdict=Verdict.NOT_ELIGIBLE
    )
    assert [m.verdict for m in matched] == [verdict]
    assert verdict_of(matched[0].results) is verdict


def test_a_combinators_explanation_is_worked_out_once_when_first_read() -> None:
    from eligibility.rules import Decision, all_of_decision

    calls: list[int] = []
    children = [
        ("ECOG 0–1", Decision(CriterionStatus.MET, "ECOG 1", ("Observation/ecog",))),
        ("ANC ≥ 1.5", Decision(CriterionStatus.UNKNOWN, "No ANC", (), "Record an ANC result")),
    ]
    eager = all_of_decision(children)

    def explain() -> Decision:
        calls.append(1)
        return Decision(eager.status, eager.reason, eager.evidence, eager.to_settle)

    lazy = Decision.explained_later(CriterionStatus.UNKNOWN, explain)
    assert lazy.status is CriterionStatus.UNKNOWN
    assert calls == []  # the status alone is not explained
    assert lazy == eager
    assert (lazy.reason, lazy.evidence, lazy.to_settle, lazy.manual_review) == (
        "Undecided — ANC ≥ 1.5: No ANC",
        (),
        "Record an ANC result",
        False,
    )
    assert calls == [1]
    assert hash(lazy) == hash(eager)
