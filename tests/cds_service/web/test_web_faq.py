"""FAQ answers and criterion wording come from the structured criteria, for any trial."""

from __future__ import annotations

from typing import Any

import pytest
from web_testkit import trial_json

from cds_service.web.describe import detail, faq
from cds_service.web.topics import Topic, topic_of
from eligibility.taxonomy import default_taxonomy
from eligibility.trial import Trial


def _trial(criteria: list[dict[str, Any]], **kwargs: Any) -> Trial:
    return Trial.model_validate(trial_json("NCT00000091", criteria=criteria, **kwargs))


def _answers(trial: Trial) -> dict[str, str]:
    return {item.question: item.answer for item in faq(trial)}


@pytest.mark.parametrize(
    ("status", "answer"),
    [
        ("RECRUITING", "Yes: the registry lists it as recruiting as of May 2026."),
        (
            "NOT_YET_RECRUITING",
            "Not yet: the registry lists it as not yet recruiting as of May 2026.",
        ),
        ("ENROLLING_BY_INVITATION", "Only by invitation as of May 2026."),
        ("TERMINATED", "No: the registry lists it as terminated as of May 2026."),
    ],
)
def test_recruiting_answer_follows_the_status(status: str, answer: str) -> None:
    assert _answers(_trial([], status=status))["Is NCT00000091 recruiting?"] == answer


def test_prior_treatment_answers() -> None:
    none = _trial([])
    assert (
        _answers(none)["Is prior treatment required?"]
        == "No prior treatment is required by the structured criteria."
    )
    capped = _trial(
        [
            {"type": "prior_lines", "id": "l", "label": "≤ 2 lines", "max_lines": 2},
            {
                "type": "prior_therapy",
                "id": "t",
                "label": "No taxane",
                "drug_class": "taxane",
                "received": False,
            },
        ]
    )
    assert _answers(capped)["Is prior treatment required?"] == (
        "No prior treatment is required by the structured criteria. Prior lines of systemic "
        "therapy: ≤ 2. Patients must not have received a taxane."
    )
    # A requirement nested in all_of counts; one inside any_of is not "required".
    nested = _trial(
        [
            {
                "type": "all_of",
                "id": "all",
                "label": "Both",
                "criteria": [
                    {
                        "type": "prior_therapy",
                        "id": "p",
                        "label": "Platinum",
                        "drug_class": "platinum",
                    }
                ],
            },
            {
                "type": "any_of",
                "id": "any",
                "label": "Either",
                "criteria": [
                    {"type": "prior_therapy", "id": "x", "label": "Taxane", "drug_class": "taxane"},
                    {"type": "age", "id": "a", "label": "Age ≥ 65", "min_years": 65},
                ],
            },
        ]
    )
    answers = _answers(nested)
    assert answers["Is prior treatment required?"] == (
        "Yes. Patients must have received platinum-based chemotherapy."
    )
    assert answers["Is there an age limit?"] == "No age limit is set in the structured criteria."


def test_stage_and_age_answers() -> None:
    trial = _trial(
        [
            {"type": "metastatic", "id": "m", "label": "Not metastatic", "required": False},
            {"type": "stage", "id": "s", "label": "Stage III", "stage_groups": ["III", "IIIA"]},
            {"type": "age", "id": "a", "label": "18–75", "min_years": 18, "max_years": 75},
        ]
    )
    answers = _answers(trial)
    assert answers["What disease stage is eligible?"] == (
        "Metastatic disease is not eligible. Stage III or IIIA."
    )
    assert answers["Is there an age limit?"] == "Yes. Patients must be 18 to 75 years old."
    assert _answers(_trial([]))["What disease stage is eligible?"] == (
        "The structured criteria do not restrict the disease stage."
    )


def test_where_answer_lists_sites() -> None:
    assert (
        _answers(_trial([], countries=("France", "Spain")))["Where does the trial take place?"]
        == "Sites: France; Spain."
    )
    assert (
        "No sites are listed"
        in _answers(_trial([], countries=()))["Where does the trial take place?"]
    )


def test_topics_of_combinators_follow_their_children() -> None:
    trial = _trial(
        [
            {
                "type": "any_of",
                "id": "labs",
                "label": "Kidney function",
                "criteria": [
                    {
                        "type": "lab",
                        "id": "cr",
                        "label": "Cr",
                        "analyte": "creatinine",
                        "comparator": "<=",
                        "value": 1.5,
                    },
                    {
                        "type": "lab",
                        "id": "crcl",
                        "label": "CrCl",
                        "analyte": "creatinine_clearance",
                        "comparator": ">=",
                        "value": 60,
                    },
                ],
            },
            {
                "type": "any_of",
                "id": "mixed",
                "label": "Mixed",
                "criteria": [
                    {"type": "age", "id": "a", "label": "Age", "min_years": 65},
                    {"type": "sex", "id": "s", "label": "Female", "allowed": ["female"]},
                    {
                        "type": "qtc",
                        "id": "q",
                        "label": "QTc",
                        "max_ms_male": 450,
                        "max_ms_female": 470,
                    },
                ],
            },
            {
                "type": "not",
                "id": "n",
                "label": "No HIV",
                "criterion": {
                    "type": "comorbidity",
                    "id": "hiv",
                    "label": "HIV",
                    "condition": "hiv",
                },
            },
        ]
    )
    assert [topic_of(c) for c in trial.criteria] == [Topic.LABS, Topic.OTHER, Topic.OTHER]
    taxonomy = default_taxonomy()
    assert detail(trial.criteria[0], taxonomy) == "At least one of: Cr; CrCl."
    assert detail(trial.criteria[2], taxonomy) == "Must not be the case: HIV."
