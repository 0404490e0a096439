"""The registry's QTc reader on real protocol wording (rule CT-QT-UNCORRECTED in
docs/clinical-rules.md)."""

from __future__ import annotations

import pytest

from eligibility.criteria import AnyOfCriterion, FreeTextCriterion, QTcCriterion
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


def _qtc(text: str) -> QTcCriterion:
    (criterion,) = [c for c in _outcome(text).criteria if isinstance(c, QTcCriterion)]
    return criterion


@pytest.mark.parametrize(
    ("text", "ecgs"),
    [
        ("8. Mean resting QTcF \\> 470 msec.", "mean"),  # NCT05123482
        ("QTcF > 470 ms obtained from three consecutive ECGs", "mean"),  # NCT06056323
        ("Baseline QTc > 480 ms (average of triplicate readings)", "mean"),  # NCT05608252
        (
            "Resting ECG with measurable QTcF \\&gt; 470 msec on 2 or more time points within a "
            "24-hour period.",
            "repeated",
        ),  # NCT04725994
        ("Repeated demonstration of a QTc interval \\>450 ms", "repeated"),  # NCT04890613
        ("QTcF \\> 470 msec,", "one"),  # NCT05827614
        ("Resting QTcF \\>= 450 msec (male) or \\>= 460 msec (female)", "one"),  # NCT05739942
    ],
)
def test_ct_qtc_ecgs_the_limit_says_which_ecgs_it_is_on(text: str, ecgs: str) -> None:
    assert _qtc(text).ecgs == ecgs


def test_ct_qtc_ecgs_words_joining_the_ecgs_are_read_with_the_limit() -> None:
    """The ECGs named after the limit are part of it: nothing is left over for review."""
    outcome = _outcome(
        "QTcF \\> 470 msec on 2 or more time points within a 24-hour period."  # NCT04725994
    )
    assert not outcome.free_text
    assert _qtc("QTcF > 470 ms obtained from three consecutive ECGs").ecgs == "mean"
    assert not _outcome("QTcF > 470 ms obtained from three consecutive ECGs").free_text


@pytest.mark.parametrize(
    "text",
    [
        "QTcF > 470 msec, history of heart failure, on 2 or more ECGs",
        "QTcF > 470 msec on 2 or more time points within a 24-hour period, or active infection",
    ],
)
def test_ct_qtc_ecgs_the_span_never_reaches_over_a_condition(text: str) -> None:
    """CT-LEFTOVER-CONDITION still holds: a condition beside the ECGs goes to review."""
    outcome = _outcome(text)
    assert _qtc(text).ecgs == "repeated"
    assert outcome.free_text


def test_ct_qtc_ecgs_a_mean_in_another_sentence_is_another_measures() -> None:
    outcome = _outcome("QTcF > 470 ms. Mean arterial pressure > 100 mmHg")
    assert _qtc("QTcF > 470 ms. Mean arterial pressure > 100 mmHg").ecgs == "one"
    assert outcome.free_text


@pytest.mark.parametrize(
    ("section", "text", "limit", "ecgs", "exception"),
    [
        (  # NCT05608252 (hand label qtc = {"max": 480, "ecgs": "mean"})
            "inclusion",
            "Baseline QTc interval \\< 480 ms (average of triplicate readings) using Fredericia's "
            "QT correction formula. NOTE: This criterion does not apply to patients with a "
            "complete or incomplete right or left bundle branch block.",
            479,
            "mean",
            "patients with a complete or incomplete right or left bundle branch block",
        ),
        (  # NCT06451497
            "exclusion",
            "The patient has baseline QTc (using the Fridericia correction calculation) \\>470 "
            "msec in patients without pacemaker.",
            470,
            "one",
            "patients with pacemaker",
        ),
    ],
)
def test_ct_qt_exception_a_limit_some_patients_are_exempt_from_holds_unless_the_exception(
    section: str, text: str, limit: int, ecgs: str, exception: str
) -> None:
    """The coordinator's reading: the limit holds for every patient but those the text exempts,
    so a QTc over it is unknown until someone checks the exemption (never not met), and the
    item stays for review."""
    item = EligibilityItem(section=section, number=1, text=text)  # type: ignore[arg-type]
    outcome = extract_item(item, "t")
    (found,) = [c for c in outcome.criteria if isinstance(c, AnyOfCriterion)]
    qtc, note = found.criteria
    assert isinstance(qtc, QTcCriterion)
    assert (qtc.max_ms_male, qtc.max_ms_female, qtc.ecgs) == (limit, limit, ecgs)
    assert isinstance(note, FreeTextCriterion)
    assert exception in note.text
    assert outcome.free_text


@pytest.mark.parametrize(
    "text",
    [
        # Not an exemption of patients who have something: who they are is not said.
        "QTcF > 480 msec in patients receiving ondansetron",
        "QTcF > 480 msec. This criterion applies to patients with a pacemaker.",
        # A limit for the subgroup, not an exemption.
        "QTcF > 480 msec in patients without pacemaker, > 500 msec in patients with pacemaker",
    ],
)
def test_ct_qt_exception_other_words_about_patients_still_go_to_review(text: str) -> None:
    outcome = _outcome(text)
    assert not [c for c in outcome.criteria if not isinstance(c, FreeTextCriterion)]
    assert "qtc" in outcome.unsure


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("8. Mean resting QTcF \\> 470 msec.", "Fridericia"),  # NCT05123482
        (
            "QT interval corrected for heart rate \\> 470 msec (using Fridericia's correction)",
            "Fridericia",
        ),  # NCT04777994, as an exclusion
        (
            "Baseline QTc interval \\> 480 ms (average of triplicate readings) using Fredericia's "
            "QT correction formula.",
            "Fridericia",
        ),  # NCT05608252 as an exclusion, the name misspelt
        ("QTcB > 470 ms", "Bazett"),
        ("QTc interval corrected by Bazett's formula > 470 ms", "Bazett"),
        ("Repeated demonstration of a QTc interval \\>450 ms", None),  # NCT04890613
        # Both named (NCT06056323: "according to Fridericia's formula (QTcB)"): which is meant
        # is not said.
        (
            "QT-interval corrected according to Fridericia's formula (QTcB) \\> 480 milliseconds "
            "(ms) obtained from three consecutive ECGs",
            None,
        ),
        ("QTcF or QTcB > 470 ms", None),
        # A formula named in another sentence of the item is another measure's.
        ("QTc > 470 ms. QTcF is calculated at every visit.", None),
    ],
)
def test_ct_qtc_formulas_the_limit_names_its_formula(text: str, formula: str | None) -> None:
    """VAL-QTC-FORMULAS: the formula the limit's own sentence names, when it names one."""
    assert _qtc(text).formula == formula
