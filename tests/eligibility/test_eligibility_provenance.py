"""The provenance line cards and pages show: who stands behind the criteria in force."""

from __future__ import annotations

from datetime import date

from eligibility.criteria import AnyOfCriterion, FreeTextCriterion, NotCriterion
from eligibility.provenance import (
    CriteriaOrigin,
    criteria_caveat,
    criteria_origin,
    manual_review_count,
    provenance_line,
)
from eligibility.trial import Curation, Trial, TrialSource, TrialStatus


def trial(kind: str, *criteria: object, nct_id: str = "NCT00000050") -> Trial:
    return Trial.model_validate(
        {
            "nct_id": nct_id,
            "title": "A fabricated trial",
            "overall_status": TrialStatus.RECRUITING,
            "data_as_of": date(2026, 6, 1),
            "criteria": criteria,
            "source": TrialSource(kind=kind),  # type: ignore[arg-type]
        }
    )


def free(n: int) -> FreeTextCriterion:
    return FreeTextCriterion(id=f"f{n}", label=f"Item {n}", text="Protocol text.")


def test_free_text_is_counted_where_it_is_nested() -> None:
    nested = AnyOfCriterion(
        id="any",
        label="Either",
        criteria=(free(1), NotCriterion(id="not", label="Not", criterion=free(2))),
    )
    assert manual_review_count(trial("imported", nested, free(3))) == 3


def test_lines_by_source() -> None:
    assert (
        provenance_line(trial("imported", free(1), free(2)))
        == "Read automatically from the registry text; 2 items need a person"
    )
    assert provenance_line(trial("imported", free(1))).endswith("; 1 item needs a person")
    assert provenance_line(trial("imported")).endswith("; no item needs a person")
    assert provenance_line(trial("curated")) == "Criteria curated by hand (catalog file)"
    assert provenance_line(trial("synthetic", nct_id="SYN-000001")) == "Synthetic benchmark trial"
    stamped = trial("curated", free(1)).model_copy(
        update={"curation": Curation(by="Test Cancer Centre", on=date(2026, 12, 4), version=2)}
    )
    assert provenance_line(stamped) == "Criteria curated by Test Cancer Centre on 2026-12-04"


def test_origin_a_published_version_takes_over_from_the_extractor() -> None:
    imported = trial("imported", free(1))
    assert criteria_origin(imported) is CriteriaOrigin.READ_AUTOMATICALLY
    stamped = imported.model_copy(
        update={"curation": Curation(by="Test Cancer Centre", on=date(2026, 12, 4), version=1)}
    )
    assert criteria_origin(stamped) is CriteriaOrigin.CURATED
    assert criteria_origin(trial("curated")) is CriteriaOrigin.CURATED
    synthetic = trial("synthetic", nct_id="SYN-000001")
    assert criteria_origin(synthetic) is CriteriaOrigin.SYNTHETIC


def test_caveat_of_one_trial_or_a_list() -> None:
    imported, curated = trial("imported"), trial("curated", nct_id="NCT00000051")
    assert criteria_caveat([curated]) == (
        "Structured criteria were curated by a person and may still contain errors"
    )
    assert criteria_caveat([imported, imported]) == (
        "Structured criteria were read automatically from the trial registry record and may "
        "contain errors"
    )
    mixed = criteria_caveat(iter([curated, imported]))  # any iterable, read once
    assert mixed.startswith("Structured criteria were curated by a person for some of these")
    assert "read automatically from the registry record for the others" in mixed
    assert criteria_caveat([trial("synthetic", nct_id="SYN-000001")]) == (
        "Structured criteria may contain errors"
    )
    assert criteria_caveat([]) == "Structured criteria may contain errors"
