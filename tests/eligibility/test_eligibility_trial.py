"""The Trial model: identity rules and what it exposes."""

from __future__ import annotations

import pytest
from eligibility_factories import trial
from pydantic import ValidationError

from eligibility.trial import Trial, TrialStatus


@pytest.mark.parametrize(
    ("nct_id", "kind", "problem"),
    [
        ("NCT0718858", "curated", "not of the form NCT followed by 8 digits"),
        ("nct07188584", "imported", "not of the form"),
        ("SYN-000001", "curated", "not of the form"),
        ("NCT07188584", "synthetic", "must look like SYN-000001"),
        ("SYN-1", "synthetic", "must look like SYN-000001"),
    ],
)
def test_ids(nct_id: str, kind: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        trial(nct_id, [], source={"kind": kind})


def test_synthetic_id() -> None:
    assert trial("SYN-000001", []).source.kind == "synthetic"


def test_ctgov_url_and_frozen() -> None:
    made = trial("NCT07188584", [])
    assert made.ctgov_url == "https://clinicaltrials.gov/study/NCT07188584"
    with pytest.raises(ValidationError):
        made.title = "changed"  # type: ignore[misc]


def test_nested_criterion_ids_must_be_unique() -> None:
    age = {"type": "age", "id": "a", "label": "Adult", "min_years": 18}
    with pytest.raises(ValidationError, match="criterion id 'a' is used twice"):
        trial("NCT00000001", [{"type": "not", "id": "n", "label": "x", "criterion": age}, age])


def test_round_trip_through_json() -> None:
    made = trial(
        "NCT00000001",
        [
            {
                "type": "any_of",
                "id": "ps",
                "label": "ECOG 0–1 or KPS ≥ 70",
                "criteria": [
                    {"type": "performance_status", "id": "e", "label": "ECOG 0–1", "ecog_max": 1},
                    {
                        "type": "performance_status",
                        "id": "k",
                        "label": "KPS ≥ 70",
                        "karnofsky_min": 70,
                    },
                ],
            }
        ],
        investigators=[{"name": "A. Person"}],
        locations=[{"country": "China"}],
    )
    assert Trial.model_validate_json(made.model_dump_json()) == made
    assert made.overall_status is TrialStatus.RECRUITING
