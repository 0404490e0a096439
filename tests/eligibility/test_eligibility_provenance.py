"""The provenance line cards and pages show: who stands behind the criteria in force."""

from __future__ import annotations

from datetime import date

from eligibility.criteria import AnyOfCriterion, FreeTextCriterion, NotCriterion
from eligibility.provenance import manual_review_count, provenance_line
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
