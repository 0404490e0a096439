"""API v2 study JSON -> Trial, on the fabricated fixtures (tests/fixtures/ctgov)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eligibility.criteria import CancerTypeCriterion, FreeTextCriterion
from eligibility.ctgov import CtgovFormatError, convert_study, iter_studies
from eligibility.ctgov.conditions import cancer_nodes, nodes_in
from eligibility.taxonomy import default_taxonomy
from eligibility.trial import TrialStatus

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ctgov"
RETRIEVED = date(2026, 6, 1)


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_one_study_becomes_a_trial_with_sourced_criteria() -> None:
    imported = convert_study(load("study_NCT00000001.json"), retrieved=RETRIEVED)
    trial = imported.trial
    assert trial.nct_id == "NCT00000001"
    assert trial.overall_status is TrialStatus.RECRUITING
    assert trial.phase == "Phase 3"
    assert trial.source.kind == "imported"
    assert trial.source.retrieved == RETRIEVED
    assert trial.source.url == "https://clinicaltrials.gov/study/NCT00000001"
    assert trial.data_as_of == RETRIEVED
    assert imported.last_update == date(2026, 5, 1)
    assert [loc.country for loc in trial.locations] == ["China"]
    assert trial.investigators[0].role == "principal_investigator"
    assert trial.primary_endpoints == ("Progression-free survival",)
    assert trial.eligibility_text is not None
    assert "ECOG" in trial.eligibility_text
    cancer = trial.criteria[0]
    assert isinstance(cancer, CancerTypeCriterion)
    assert cancer.allowed == ("nasopharyngeal_carcinoma",)
    # Every criterion quotes where it came from; text criteria quote their exact item.
    assert all(c.source_text for c in trial.criteria)
    text = trial.eligibility_text
    for criterion in trial.criteria:
        if criterion.id.startswith(("inc", "exc")):
            assert criterion.source_text is not None
            assert criterion.source_text in text
    by_type = {c.type for c in trial.criteria}
    assert {
        "age",
        "metastatic",
        "performance_status",
        "prior_therapy",
        "lab",
        "comorbidity",
        "qtc",
        "prior_lines",
        "free_text",
    } <= by_type


def test_list_and_paged_documents() -> None:
    assert [
        s["protocolSection"]["identificationModule"]["nctId"]
        for s in iter_studies(load("list.json"))
    ] == [
        "NCT00000002",
        "NCT00000003",
    ]
    page = load("paged/page1.json")
    assert page["nextPageToken"] == "fixture-page-2"
    assert len(list(iter_studies(page))) == 2


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"hello": 1}, "no 'protocolSection' or 'studies' field"),
        ({"studies": {}}, "'studies' is not a list"),
        ({"studies": [{"x": 1}]}, "not a study record"),
        ("text", "expected a study object"),
    ],
)
def test_documents_that_are_not_api_v2_are_refused(document: object, problem: str) -> None:
    with pytest.raises(CtgovFormatError, match=problem):
        list(iter_studies(document))


def test_a_record_without_a_valid_nct_id_is_refused_with_its_field() -> None:
    study = load("study_NCT00000001.json")
    study["protocolSection"]["identificationModule"]["nctId"] = "NCT1"
    with pytest.raises(CtgovFormatError, match="nct_id"):
        convert_study(study, retrieved=RETRIEVED)


def test_unknown_status_values_become_unknown() -> None:
    study = load("study_NCT00000001.json")
    study["protocolSection"]["statusModule"]["overallStatus"] = "AVAILABLE"
    assert convert_study(study, retrieved=RETRIEVED).trial.overall_status is TrialStatus.UNKNOWN


def test_conditions_without_a_cancer_type_become_a_review_item() -> None:
    study = load("study_NCT00000001.json")
    study["protocolSection"]["conditionsModule"]["conditions"] = ["Pain"]
    study["derivedSection"]["conditionBrowseModule"]["meshes"] = []
    first = convert_study(study, retrieved=RETRIEVED).trial.criteria[0]
    assert isinstance(first, FreeTextCriterion)
    assert "Pain" in first.text


@pytest.mark.parametrize(
    ("condition", "nodes"),
    [
        ("Non-small Cell Lung Cancer", ["non_small_cell_lung_cancer"]),
        ("Carcinoma, Non-Small-Cell Lung", ["non_small_cell_lung_cancer"]),
        ("Small Cell Lung Carcinoma", ["small_cell_lung_cancer"]),
        ("Metastatic Nasopharyngeal Carcinoma", ["nasopharyngeal_carcinoma"]),
        ("Oesophageal Cancer", ["esophageal_cancer"]),
        ("Acute Myeloid Leukaemia", ["acute_myeloid_leukemia"]),
        ("Brain Neoplasms", []),  # also covers metastases: deliberately not mapped
        ("Brain Metastases", []),
        ("Healthy Volunteers", []),
    ],
)
def test_condition_terms(condition: str, nodes: list[str]) -> None:
    assert nodes_in(condition) == nodes


def test_general_mesh_terms_do_not_widen_a_specific_condition() -> None:
    taxonomy = default_taxonomy()
    assert cancer_nodes(
        ["NSCLC"], ["Carcinoma, Non-Small-Cell Lung", "Lung Neoplasms"], taxonomy
    ) == ("non_small_cell_lung_cancer",)
    # ...but a general term written in the conditions themselves is kept.
    assert cancer_nodes(["NSCLC", "Lung Cancer"], [], taxonomy) == (
        "non_small_cell_lung_cancer",
        "lung_cancer",
    )


def test_the_real_reference_record_converts(shared_reference: Path) -> None:
    """The one real record in ../shared (skipped without it): it converts and is honest."""
    record = json.loads((shared_reference / "ctgov" / "NCT02513394.json").read_text("utf-8"))
    trial = convert_study(record, retrieved=RETRIEVED).trial
    assert trial.nct_id == "NCT02513394"
    assert trial.overall_status is TrialStatus.ACTIVE_NOT_RECRUITING
    assert isinstance(trial.criteria[0], CancerTypeCriterion)
    assert trial.criteria[0].allowed == ("breast_cancer",)
    assert any(c.type == "free_text" for c in trial.criteria)
