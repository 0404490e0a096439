"""Criterion forms: fields derived from the models, round trips, errors at their field."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from cds_service.curation.forms import (
    INPUT_PREFIX,
    JSON_FIELD,
    MODELS,
    CriterionFormError,
    FormState,
    blank_state,
    form_for_type,
    json_path,
    parse_criterion,
    state_of,
    type_options,
)
from eligibility.catalog import load_curated_catalog
from eligibility.criteria import Criterion, PerformanceStatusCriterion
from eligibility.taxonomy import default_taxonomy

TAXONOMY = default_taxonomy()

# One valid criterion of every type of the union, in the trials/*.json format.
EXAMPLES: dict[str, dict[str, Any]] = {
    "cancer_type": {"allowed": ["nasopharyngeal_carcinoma"], "excluded": ["breast_cancer"]},
    "stage": {"m_categories": ["M1"], "stage_groups": ["IVB"], "edition": "9"},
    "metastatic": {"required": False, "of_cancer": ["nasopharyngeal_carcinoma"]},
    "disease_extent": {"allowed": ["locally_advanced", "metastatic"]},
    "measurable_disease": {"standard": "RECIST 1.1"},
    "performance_status": {"ecog_min": 0, "ecog_max": 1, "karnofsky_min": 70, "within_days": 28},
    "age": {"min_years": 18, "max_years": 70},
    "sex": {"allowed": ["female", "male"]},
    "prior_lines": {"min_lines": 1, "max_lines": 1, "setting": "recurrent_metastatic"},
    "prior_therapy": {"drug_class": "anti_pd1", "received": True, "line": 1},
    "qtc": {"max_ms_male": 450.0, "max_ms_female": 470.5, "within_days": 14},
    "lab": {"analyte": "anc", "comparator": ">=", "value": 1.5, "unit": "10*9/L"},
    "comorbidity": {"condition": "heart_failure", "min_grade": 2},
    "prior_radiotherapy": {"sites": ["nasopharynx", "neck"], "received": False},
    "brain_metastases": {"allowed": "treated_stable", "stable_days": 28, "steroids_allowed": False},
    "infection": {"infection": "hepatitis_b", "excluded": "uncontrolled"},
    "other_malignancy": {
        "within_years": 5,
        "excepted": ["non_melanoma_skin", "in_situ"],
        "active_only": False,
        "cancer_types": ["nasopharyngeal_carcinoma"],
    },
    "biomarker": {"name": "PD-L1 CPS", "min_value": 1.0, "unit": "%"},
    "free_text": {"text": "Signed informed consent"},
    "all_of": {
        "criteria": [
            {"type": "age", "id": "a1", "label": "Adult", "min_years": 18},
            {"type": "sex", "id": "a2", "label": "Female", "allowed": ["female"]},
        ]
    },
    "any_of": {
        "criteria": [
            {"type": "performance_status", "id": "o1", "label": "ECOG 0-1", "ecog_max": 1},
            {"type": "performance_status", "id": "o2", "label": "KPS 70", "karnofsky_min": 70},
        ]
    },
    "not": {"criterion": {"type": "infection", "id": "n1", "label": "HIV", "infection": "hiv"}},
}


def example(type_name: str) -> Criterion:
    document = {
        "type": type_name,
        "id": f"x-{type_name}",
        "label": f"Example {type_name}",
        "section": "exclusion",
        "source_text": "Quoted from the protocol",
        **EXAMPLES[type_name],
    }
    model = MODELS[type_name]
    return model.model_validate(document, context={"taxonomy": TAXONOMY})  # type: ignore[return-value]


def posted(state: FormState) -> dict[str, list[str]]:
    """What a browser posts for the form as shown."""
    data: dict[str, list[str]] = {}
    for f in state.form.fields:
        if f.kind in ("checkboxes", "multiselect"):
            data[f.input_name] = list(state.chosen(f.name))
        else:
            data[f.input_name] = [state.shown(f.name)]
    return data


def with_value(data: Mapping[str, list[str]], name: str, *values: str) -> dict[str, list[str]]:
    changed = dict(data)
    changed[INPUT_PREFIX + name] = list(values)
    return changed


def test_every_type_of_the_union_has_an_example_and_a_form() -> None:
    assert set(EXAMPLES) == set(MODELS)
    assert [name for name, _ in type_options()] == list(MODELS)


@pytest.mark.parametrize("type_name", sorted(EXAMPLES))
def test_each_type_round_trips_through_its_form(type_name: str) -> None:
    criterion = example(type_name)
    state = state_of(criterion, TAXONOMY)
    assert parse_criterion(type_name, posted(state), TAXONOMY) == criterion


def test_the_seed_trial_round_trips_criterion_by_criterion() -> None:
    seed = load_curated_catalog().get("NCT07188584")
    assert seed is not None
    for criterion in seed.criteria:
        state = state_of(criterion, TAXONOMY)
        assert parse_criterion(criterion.type, posted(state), TAXONOMY) == criterion


def test_fields_follow_the_model_annotations() -> None:
    kinds = {f.name: f.kind for f in form_for_type("prior_therapy", TAXONOMY).fields}
    assert kinds == {
        "id": "text",
        "label": "text",
        "section": "select",
        "source_text": "textarea",
        "drug_class": "select",
        "agent": "text",
        "received": "select",
        "line": "number",
        "setting": "select",
        "cancer_types": "multiselect",
    }
    form = form_for_type("performance_status", TAXONOMY)
    ecog_max = form.field("ecog_max")
    assert ecog_max is not None
    assert ecog_max.integer
    assert not ecog_max.required
    setting = form_for_type("prior_lines", TAXONOMY).field("setting")
    assert setting is not None
    assert setting.options[0] == ("", "— not set —")
    sites = form_for_type("prior_radiotherapy", TAXONOMY).field("sites")
    assert sites is not None
    assert sites.kind == "checkboxes"
    assert ("neck", "neck") in sites.options
    stage = form_for_type("stage", TAXONOMY).field("m_categories")
    assert stage is not None
    assert stage.kind == "list"
    assert form_for_type("any_of", TAXONOMY).combinator


def test_a_bad_number_is_reported_at_its_field_with_what_was_typed() -> None:
    data = with_value(posted(state_of(example("performance_status"), TAXONOMY)), "ecog_max", "one")
    with pytest.raises(CriterionFormError) as caught:
        parse_criterion("performance_status", data, TAXONOMY)
    state = caught.value.state
    assert set(state.errors) == {"ecog_max"}
    assert "valid integer" in state.errors["ecog_max"]
    assert state.shown("ecog_max") == "one"  # nothing typed is lost
    assert state.shown("label") == "Example performance_status"
    assert caught.value.status_code == 400
    assert [p.location for p in caught.value.problems] == ["ecog_max"]


def test_a_value_out_of_range_is_reported_at_its_field() -> None:
    data = with_value(posted(state_of(example("performance_status"), TAXONOMY)), "ecog_max", "7")
    with pytest.raises(CriterionFormError) as caught:
        parse_criterion("performance_status", data, TAXONOMY)
    assert caught.value.state.errors == {"ecog_max": "Input should be less than or equal to 5"}


def test_a_whole_model_error_lands_at_the_field_it_names() -> None:
    data = posted(state_of(example("performance_status"), TAXONOMY))
    data = with_value(with_value(data, "ecog_min", "2"), "ecog_max", "1")
    with pytest.raises(CriterionFormError) as caught:
        parse_criterion("performance_status", data, TAXONOMY)
    assert caught.value.state.errors == {"ecog_max": "ecog_max is below ecog_min"}


def test_a_whole_model_error_lands_at_the_first_field_it_names() -> None:
    data = with_value(posted(state_of(example("age"), TAXONOMY)), "min_years", "")
    data = with_value(data, "max_years", "")
    with pytest.raises(CriterionFormError) as caught:
        parse_criterion("age", data, TAXONOMY)
    assert caught.value.state.errors == {
        "min_years": "an age criterion needs min_years or max_years"
    }


def test_missing_required_fields_and_unknown_choices_are_named() -> None:
    data = with_value(posted(blank_state("lab", TAXONOMY)), "analyte", "potassium")
    with pytest.raises(CriterionFormError) as caught:
        parse_criterion("lab", data, TAXONOMY)
    errors = caught.value.state.errors
    assert set(errors) >= {"id", "label", "analyte", "comparator"}
    assert errors["id"] == "Field required"
    assert "anc" in errors["analyte"]


def test_an_unknown_cancer_type_node_is_reported_at_its_field() -> None:
    data = with_value(
        posted(state_of(example("cancer_type"), TAXONOMY)), "allowed", "no_such_cancer"
    )
    with pytest.raises(CriterionFormError) as caught:
        parse_criterion("cancer_type", data, TAXONOMY)
    assert caught.value.state.errors == {"allowed": "unknown cancer-type node 'no_such_cancer'"}


def test_lists_are_read_from_comma_separated_text() -> None:
    data = with_value(posted(state_of(example("stage"), TAXONOMY)), "stage_groups", "IVA, IVB,")
    parsed = parse_criterion("stage", data, TAXONOMY)
    assert parsed.stage_groups == ("IVA", "IVB")  # type: ignore[union-attr]


def test_blank_optional_fields_become_none_and_blank_defaults_apply() -> None:
    data = posted(state_of(example("performance_status"), TAXONOMY))
    data = with_value(with_value(data, "karnofsky_min", ""), "ecog_min", "")
    parsed = parse_criterion("performance_status", data, TAXONOMY)
    assert isinstance(parsed, PerformanceStatusCriterion)
    assert parsed.karnofsky_min is None
    assert parsed.ecog_min == 0


def test_a_blank_form_shows_the_model_defaults() -> None:
    state = blank_state("performance_status", TAXONOMY)
    assert state.shown("section") == "inclusion"
    assert state.shown("ecog_min") == "0"
    assert state.shown("id") == ""


def test_combinators_are_edited_as_json_and_errors_carry_the_json_path() -> None:
    criterion = example("any_of")
    state = state_of(criterion, TAXONOMY)
    assert json.loads(state.shown(JSON_FIELD))["criteria"][0]["ecog_max"] == 1
    document = json.loads(state.shown(JSON_FIELD))
    document["criteria"][1]["karnofsky_min"] = "seventy"
    data = {INPUT_PREFIX + JSON_FIELD: [json.dumps(document)]}
    with pytest.raises(CriterionFormError) as caught:
        parse_criterion("any_of", data, TAXONOMY)
    message = caught.value.state.errors[JSON_FIELD]
    assert message.startswith("$.criteria[1].karnofsky_min: Input should be a valid integer")
    assert "Tuple should have at least 1 item" not in message  # only the item's own error
    assert caught.value.state.shown(JSON_FIELD) == json.dumps(document)


def test_json_that_does_not_parse_says_where() -> None:
    data = {INPUT_PREFIX + JSON_FIELD: ['{"type": "not",\n  "criterion": }']}
    with pytest.raises(CriterionFormError) as caught:
        parse_criterion("not", data, TAXONOMY)
    assert caught.value.state.errors[JSON_FIELD].startswith("not valid JSON: Expecting value")
    assert "line 2" in caught.value.state.errors[JSON_FIELD]
    with pytest.raises(CriterionFormError) as listed:
        parse_criterion("not", {INPUT_PREFIX + JSON_FIELD: ["[1, 2]"]}, TAXONOMY)
    assert "JSON object" in listed.value.state.errors[JSON_FIELD]


def test_json_path_leaves_out_the_union_tag() -> None:
    document = {"type": "not", "criterion": {"type": "age", "min_years": "x"}}
    assert json_path(document, ("criterion", "age", "min_years")) == "$.criterion.min_years"
    assert json_path({"criteria": [{}]}, ("criteria", 0, "id")) == "$.criteria[0].id"


def test_ct_cns_qualifier_the_asymptomatic_allowance_is_offered_and_round_trips() -> None:
    """A curator can select `asymptomatic` ("Known symptomatic brain metastases")."""
    (allowed,) = [
        f for f in form_for_type("brain_metastases", TAXONOMY).fields if f.name == "allowed"
    ]
    assert ("asymptomatic", "asymptomatic") in allowed.options
    criterion = example("brain_metastases").model_copy(
        update={"allowed": "asymptomatic", "stable_days": None, "steroids_allowed": True}
    )
    state = state_of(criterion, TAXONOMY)
    assert parse_criterion("brain_metastases", posted(state), TAXONOMY) == criterion
