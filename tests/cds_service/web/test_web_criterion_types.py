"""Every criterion type of the `Criterion` union is handled by the trial pages: it has a detail
sentence, a topic, and form questions — or is one of the types that deliberately ask nothing.
The types come from the union itself, so a new type fails here until each table has it."""

from __future__ import annotations

from typing import Any, Literal, get_args

import pytest
from pydantic import TypeAdapter

from cds_service.web.describe import detail
from cds_service.web.facts_form import ASKS_NOTHING, questions
from cds_service.web.topics import Topic, topic_of
from eligibility.criteria import (
    AllOfCriterion,
    AnyOfCriterion,
    BrainMetastasesAllowed,
    Criterion,
    CriterionBase,
    FreeTextCriterion,
    NotCriterion,
)
from eligibility.taxonomy import default_taxonomy
from tests.eligibility.eligibility_factories import ONE_OF_EACH_TYPE

CRITERION_TYPES: tuple[type[Any], ...] = get_args(get_args(Criterion)[0])
SAMPLES = {type(c): c for c in map(TypeAdapter(Criterion).validate_python, ONE_OF_EACH_TYPE)}
TAXONOMY = default_taxonomy()
by_type = pytest.mark.parametrize("kind", CRITERION_TYPES, ids=lambda kind: kind.__name__)


class _Unlisted(CriterionBase):
    """A criterion type no table knows, as a new type of the union would be."""

    type: Literal["unlisted"] = "unlisted"


UNLISTED: Any = _Unlisted(id="new", label="A new kind of criterion")


def test_the_samples_hold_one_criterion_of_every_type() -> None:
    assert set(SAMPLES) == set(CRITERION_TYPES)


@by_type
def test_every_type_has_a_detail_sentence(kind: type[Any]) -> None:
    sentence = detail(SAMPLES[kind], TAXONOMY)
    assert sentence.endswith(".")
    assert sentence != SAMPLES[kind].label


@by_type
def test_every_type_has_a_topic(kind: type[Any]) -> None:
    assert topic_of(SAMPLES[kind]) in Topic


@by_type
def test_every_type_has_questions_unless_it_deliberately_asks_nothing(kind: type[Any]) -> None:
    asked = list(questions(SAMPLES[kind], TAXONOMY))
    assert (asked == []) is (kind in ASKS_NOTHING)


def test_free_text_and_the_combinators_are_the_only_types_that_ask_nothing() -> None:
    assert {FreeTextCriterion, AllOfCriterion, AnyOfCriterion, NotCriterion} == ASKS_NOTHING


def test_a_type_no_table_knows_fails_loudly() -> None:
    with pytest.raises(KeyError):
        detail(UNLISTED, TAXONOMY)
    with pytest.raises(KeyError):
        topic_of(UNLISTED)
    with pytest.raises(KeyError):
        list(questions(UNLISTED, TAXONOMY))


def test_an_item_left_for_review_goes_under_the_topic_its_words_name() -> None:
    def free(text: str) -> FreeTextCriterion:
        return FreeTextCriterion(id="x", label="Exclusion (review)", text=text)

    assert topic_of(free("Total bilirubin ≤ 3 × ULN with Gilbert's syndrome")) is Topic.LABS
    assert topic_of(free("Prior anti-PD-1 therapy within 4 weeks")) is Topic.PRIOR_THERAPY
    assert topic_of(free("Known HIV infection with CD4 < 200")) is Topic.OTHER


@pytest.mark.parametrize(
    ("definition", "sentence"),
    [
        (
            {"infection": "hiv", "controlled_by": ["cd4"]},
            "Controlled means a CD4 count of at least 350 cells/µL.",
        ),
        (
            {"infection": "hiv", "viral_load_below_copies_ml": 400},
            "Controlled means on antiviral therapy, a viral load below 400 copies/mL, a CD4 "
            "count of at least 350 cells/µL.",
        ),
        (
            {"infection": "hepatitis_b", "surface_antigen": "allowed"},
            "Controlled means an undetectable viral load (a positive HBsAg is allowed).",
        ),
        (
            {"infection": "hepatitis_b", "surface_antigen": "excludes"},
            "Controlled means an undetectable viral load, a negative HBsAg (a positive HBsAg "
            "excludes).",
        ),
        (
            {"infection": "hepatitis_c"},
            "(viral load, CD4 count, antiviral therapy).",
        ),
    ],
)
def test_an_infection_detail_says_the_protocols_own_definition(
    definition: dict[str, Any], sentence: str
) -> None:
    """INF-DEFINED: the trial page says what the protocol calls controlled."""
    criterion = TypeAdapter(Criterion).validate_python(
        {"id": "i", "label": "i", "type": "infection", "excluded": "uncontrolled", **definition}
    )
    assert detail(criterion, TAXONOMY).endswith(sentence)


def test_inf_ever_detail_says_a_cured_infection_counts() -> None:
    criterion = TypeAdapter(Criterion).validate_python(
        {
            "id": "i",
            "label": "i",
            "type": "infection",
            "infection": "hepatitis_c",
            "excluded": "ever",
        }
    )
    assert detail(criterion, TAXONOMY) == (
        "Excluded: any hepatitis C, past or present (resolved or cured too)."
    )


@pytest.mark.parametrize(
    ("ecgs", "ending"),
    [
        ("one", "470 ms (females)."),
        ("mean", "470 ms (females) on the mean of several ECGs (a triplicate)."),
        ("repeated", "; a QTc over it excludes only when repeated ECGs show it."),
    ],
)
def test_val_qtc_ecgs_detail_says_what_the_limit_is_on(ecgs: str, ending: str) -> None:
    criterion = TypeAdapter(Criterion).validate_python(
        {
            "id": "q",
            "label": "q",
            "type": "qtc",
            "max_ms_male": 450,
            "max_ms_female": 470,
            "ecgs": ecgs,
        }
    )
    assert detail(criterion, TAXONOMY).endswith(ending)


def test_val_qtc_formulas_detail_names_the_limits_formula() -> None:
    criterion = TypeAdapter(Criterion).validate_python(
        {
            "id": "q",
            "label": "q",
            "type": "qtc",
            "max_ms_male": 470,
            "max_ms_female": 470,
            "formula": "Fridericia",
        }
    )
    assert detail(criterion, TAXONOMY).startswith("QTc by Fridericia's formula no longer than 470")


def test_cns_metastases_every_allowance_has_its_own_detail_and_questions() -> None:
    """Each value of `allowed` says what it admits on the trial pages; `asymptomatic`
    (CT-CNS-QUALIFIER) asks about the brain metastases and leptomeningeal disease only: no fact
    holds symptoms, and treatment and stability do not decide it."""
    adapter: TypeAdapter[Criterion] = TypeAdapter(Criterion)
    values = get_args(BrainMetastasesAllowed)
    criteria = {
        allowed: adapter.validate_python(
            {"id": "b", "label": "b", "type": "brain_metastases", "allowed": allowed}
        )
        for allowed in values
    }
    details = {allowed: detail(c, TAXONOMY) for allowed, c in criteria.items()}
    assert len(set(details.values())) == len(values)
    assert details["asymptomatic"] == (
        "Excluded: brain metastases that cause symptoms or need treatment now "
        "(untreated, asymptomatic ones allowed)."
    )
    asked = [f.name for f in questions(criteria["asymptomatic"], TAXONOMY)]
    assert asked == ["comorbidity_brain_metastases", "comorbidity_leptomeningeal_disease"]
