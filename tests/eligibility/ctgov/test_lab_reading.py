"""The registry's lab reader on real protocol wording (rules CT-LAB-FOOTNOTE, CT-LAB-NAMES,
CT-LAB-EXCEPTION in docs/clinical-rules.md)."""

from __future__ import annotations

import pytest

from eligibility.criteria import AnyOfCriterion, Criterion, LabCriterion
from eligibility.ctgov import EligibilityItem, ItemOutcome, extract_item


def _outcome(text: str, section: str = "inclusion") -> ItemOutcome:
    return extract_item(EligibilityItem(section=section, number=1, text=text), "t")


def _labs(outcome: ItemOutcome) -> list[Criterion]:
    return [c for c in outcome.criteria if isinstance(c, LabCriterion | AnyOfCriterion)]


@pytest.mark.parametrize(
    "text",
    [
        # NCT06964009: the footnotes add Gilbert's syndrome (≤ 4 × ULN), hepatic involvement
        # (≤ 5 × ULN) and how eGFR is calculated.
        "total bilirubin ≤ 1.5x institutional upper limit of normal (ULN)\\*\\*",
        "AST(SGOT)/ALT(SGPT) ≤3x institutional ULN\\*\\*\\*",
        "eGFR (glomerular filtration rate) ≥60 mL/min\\*\\*\\*\\*",
        "absolute neutrophil count ≥1000/mcL\\*",
        "Platelets ≥ 100,000/mcL*",
        "Creatinine clearance ≥ 60 mL/min†",
        "Total bilirubin‡ ≤ 1.5 x ULN",
    ],
)
def test_ct_lab_footnote_a_limit_with_a_footnote_marker_goes_to_review(text: str) -> None:
    outcome = _outcome(text)
    assert _labs(outcome) == []
    assert "lab" in outcome.unsure
    assert outcome.free_text


@pytest.mark.parametrize(
    ("text", "times_uln"),
    [
        ("Total bilirubin ≤ 1.5*ULN", 1.5),  # an asterisk meaning times
        ("AST ≤ 2.5 * ULN", 2.5),
    ],
)
def test_ct_lab_footnote_an_asterisk_meaning_times_is_no_footnote(
    text: str, times_uln: float
) -> None:
    (criterion,) = _labs(_outcome(text))
    assert isinstance(criterion, LabCriterion)
    assert criterion.times_uln == times_uln
