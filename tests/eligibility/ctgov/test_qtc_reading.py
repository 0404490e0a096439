"""The registry's QTc reader on real protocol wording (rule CT-QT-UNCORRECTED in
docs/clinical-rules.md)."""

from __future__ import annotations

import pytest

from eligibility.criteria import QTcCriterion
from eligibility.ctgov import EligibilityItem, ItemOutcome, extract_item


def _outcome(text: str) -> ItemOutcome:
    return extract_item(EligibilityItem(section="exclusion", number=1, text=text), "t")


@pytest.mark.parametrize(
    "text",
    [
        "QT interval \\> 470 msec",  # NCT06167317
        "QT interval > 500 ms; QTc > 480 ms",
    ],
)
def test_ct_qt_uncorrected_a_limit_on_the_uncorrected_qt_goes_to_review(text: str) -> None:
    outcome = _outcome(text)
    assert not [c for c in outcome.criteria if isinstance(c, QTcCriterion)]
    assert "qtc" in outcome.unsure
    assert outcome.free_text


@pytest.mark.parametrize(
    "text",
    [
        "QT interval corrected for heart rate \\> 470 msec (using Fridericia's correction)",
        "Heart rate corrected QT (QTc) interval (using Fridericia correction calculation) \\> "
        "470 msec.",
        "QT interval corrected using Fridericia's Formula (QTcF) \\>470 msec in screening",
        "Corrected QT interval (QTcF) \\> 470 msec",
    ],
)
def test_ct_qt_uncorrected_a_corrected_qt_is_read(text: str) -> None:
    (criterion,) = [c for c in _outcome(text).criteria if isinstance(c, QTcCriterion)]
    assert criterion.max_ms_male == 470


def test_ct_qt_method_a_note_on_how_the_ecg_is_read_is_no_hedge() -> None:
    (found,) = [
        c
        for c in _outcome(
            "QTcF > 480 msec on the screening ECG (manual or machine reading allowed)"
        ).criteria
        if isinstance(c, QTcCriterion)
    ]
    assert (found.max_ms_male, found.max_ms_female) == (480, 480)


@pytest.mark.parametrize(
    "text",
    [
        "QTcF > 480 msec (patients with a pacemaker allowed)",
        "QTcF > 480 msec unless read manually by a cardiologist",
    ],
)
def test_ct_qt_method_an_allowance_of_patients_still_goes_to_review(text: str) -> None:
    outcome = _outcome(text)
    assert not [c for c in outcome.criteria if isinstance(c, QTcCriterion)]
    assert "qtc" in outcome.unsure
