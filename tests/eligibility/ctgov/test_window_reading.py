"""How recent a lab, performance score or QTc must be, read from the registry text (rule
CT-WINDOW in docs/clinical-rules.md). The expected readings are a coordinator's, written before
the reader read windows; the sentences are the reference trials' own unless marked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import (
    AllOfCriterion,
    AnyOfCriterion,
    Criterion,
    FreeTextCriterion,
    LabCriterion,
    PerformanceStatusCriterion,
    QTcCriterion,
)
from eligibility.ctgov import EligibilityItem, ItemOutcome, extract, extract_item
from eligibility.facts import Measurement, PatientFacts
from eligibility.results import CriterionStatus
from eligibility.vocabulary import Analyte

_WINDOWED = (LabCriterion, PerformanceStatusCriterion, QTcCriterion)


def _outcome(text: str, context: str | None = None, section: str = "inclusion") -> ItemOutcome:
    item = EligibilityItem(section=section, number=1, text=text, depth=1, context=context)  # type: ignore[arg-type]
    return extract_item(item, "t")


def _windowed(criteria: tuple[Criterion, ...]) -> list[Criterion]:
    found: list[Criterion] = []
    for c in criteria:
        if isinstance(c, AnyOfCriterion | AllOfCriterion):
            found += _windowed(c.criteria)
        elif isinstance(c, _WINDOWED):
            found.append(c)
    return found


def _windows(outcome: ItemOutcome) -> list[int | None]:
    return [getattr(c, "within_days", None) for c in _windowed(outcome.criteria)]


def _reviewed(outcome: ItemOutcome) -> bool:
    return any(isinstance(c, FreeTextCriterion) and c.id == "t-text" for c in outcome.criteria)


@pytest.mark.parametrize(
    ("text", "days", "count"),
    [
        # NCT04890613
        (
            "Eastern Cooperative Oncology Group (ECOG) performance status ≤ 2 within 14 days of "
            "registration.",
            14,
            1,
        ),
        # NCT05372614
        ("Absolute neutrophil count >= 1.5 K/cumm (within 14 days of enrollment)", 14, 1),
        ("Platelets >= 100 K/cumm (within 14 days of enrollment)", 14, 1),
        (
            "Creatinine =< 1.5 x institutional ULN OR Glomerular filtration rate (GFR) >= 30 "
            "mL/min/1.73 m^2 (using the Cockcroft-Gault equation) (within 14 days of enrollment)",
            14,
            2,
        ),
        # The brief's wordings (not from a reference trial).
        ("ECOG 0-1 within 7 days of registration", 7, 1),
        ("ECOG performance status 0-1 within 2 weeks prior to randomization", 14, 1),
        ("Absolute neutrophil count ≥ 1.5 × 10^9/L within 7 days prior to first dose", 7, 1),
        ("Platelets ≥ 100 × 10^9/L within 10 days before Cycle 1 Day 1", 10, 1),
        ("Karnofsky performance status ≥ 70% within 14 days prior to registration", 14, 1),
        ("QTcF ≤ 470 ms within 28 days prior to enrollment", 28, 1),
        ("QTc ≤ 470 ms on a screening ECG within 28 days", 28, 1),
    ],
)
def test_ct_window_a_window_in_the_item_is_read_and_the_item_needs_no_review(
    text: str, days: int, count: int
) -> None:
    outcome = _outcome(text)
    assert _windows(outcome) == [days] * count
    assert not _reviewed(outcome)


@pytest.mark.parametrize(
    ("context", "text", "days", "reviewed"),
    [
        (  # NCT04890613
            "Patients must have adequate bone marrow, renal and hepatic function per local "
            "laboratory reference ranges as follows within 14 days of registration:",
            "Absolute Neutrophil Count ≥ 1.5 x 10^9/L",
            14,
            False,
        ),
        (
            "Patients must have adequate bone marrow, renal and hepatic function per local "
            "laboratory reference ranges as follows within 14 days of registration:",
            "Calculated creatinine clearance > 51mL/min (Cockcroft-Gault formula)",
            14,
            False,
        ),
        (  # NCT06056323
            "Adequate organ function within 14 days of the first dose as defined by the "
            "following criteria:",
            "Renal function: Calculated creatinine clearance (CrCL) > 30 mL/min "
            "(Cockroft-Gault Equation)",
            14,
            True,  # its other words ("Renal function", "Equation") are for a person to read
        ),
        (  # NCT06533826
            "Participants must have adequate organ and marrow function within 2 weeks prior to "
            "study treatment initiation as defined below:",
            "Platelets ≥ 100,000/mcL",
            14,
            False,
        ),
    ],
)
def test_ct_window_a_window_in_the_lead_in_governs_its_items(
    context: str, text: str, days: int, reviewed: bool
) -> None:
    outcome = _outcome(text, context)
    assert _windows(outcome) == [days]
    assert _reviewed(outcome) is reviewed


def test_ct_window_every_lab_of_an_item_under_a_windowed_lead_in() -> None:
    # NCT05372614-like: an exception keeps the item for review, the window still holds.
    outcome = _outcome(
        "Total bilirubin =< 1.5 × institutional upper limit of normal (ULN), (< 3 × ULN in the "
        "presence of documented Gilbert's syndrome or liver metastases at baseline) (within 14 "
        "days of enrollment)"
    )
    assert _windows(outcome) == [14]


@pytest.mark.parametrize(
    ("context", "text"),
    [
        (  # NCT05271292: how long no support may have been given, not how recent the count is
            "Major organ functions meet the following criteria (no corrective treatment, such as "
            "G CSF, erythropoietin, and blood transfusion, within 2 weeks before enrollment):",
            "Hematology: absolute neutrophil count (ANC) ≥1.5×109/L, platelet ≥100×109/L, "
            "hemoglobin ≥100 g/L.",
        ),
        (
            None,
            "Platelets ≥ 100 × 10^9/L (no platelet transfusion within 7 days prior to enrollment)",
        ),
    ],
)
def test_ct_window_a_support_window_is_no_recency_window(context: str | None, text: str) -> None:
    assert set(_windows(_outcome(text, context))) <= {None}


@pytest.mark.parametrize(
    "text",
    [
        # Ambiguous: the protocol's window or the site's.
        "ECOG 0-1 within 2 weeks or as per institutional standard",
        # A window in the middle of a list: for the platelets only, or for all?
        "ANC ≥ 1.5 × 10^9/L, platelets ≥ 100 × 10^9/L (within 7 days of enrollment), "
        "total bilirubin ≤ 1.5 × ULN",
        # Two windows.
        "Platelets ≥ 100 × 10^9/L within 7 days of enrollment or within 14 days of randomization",
    ],
)
def test_ct_window_an_ambiguous_window_goes_to_review(text: str) -> None:
    outcome = _outcome(text)
    assert set(_windows(outcome)) <= {None}
    assert _reviewed(outcome)


def test_ct_window_a_window_does_not_leak_to_another_sentence() -> None:
    outcome = _outcome(
        "ANC ≥ 1.5 × 10^9/L within 7 days of enrollment. Total bilirubin ≤ 1.5 × ULN."
    )
    by_analyte = {
        c.analyte: c.within_days for c in _windowed(outcome.criteria) if isinstance(c, LabCriterion)
    }
    assert by_analyte == {"anc": 7, "total_bilirubin": None}


def test_ct_window_a_count_older_than_the_protocol_window_is_asked_again() -> None:
    # NCT04890613: ANC under "... as follows within 14 days of registration:", drawn 20 days
    # ago. Under the 30-day pre-screen default it was met; the protocol would repeat it.
    outcome = _outcome(
        "Absolute Neutrophil Count ≥ 1.5 x 10^9/L",
        "Patients must have adequate bone marrow, renal and hepatic function per local "
        "laboratory reference ranges as follows within 14 days of registration:",
    )
    (anc,) = _windowed(outcome.criteria)
    as_of = date(2026, 11, 25)
    drawn = Measurement(
        analyte=Analyte.ANC,
        value=3.0,
        unit="10*9/L",
        date=as_of - timedelta(days=20),
        evidence=("Observation/anc",),
    )
    result = evaluate_criterion(anc, PatientFacts(as_of=as_of, patient="Patient/p", labs=(drawn,)))
    assert result.status is CriterionStatus.UNKNOWN
    assert "older than the 14-day window" in result.reason
    assert result.to_settle is not None
    assert "within 14 days" in result.to_settle


def _windows_read(text: str) -> dict[str, int | None]:
    """analyte or field -> the window read, for every lab, score and QTc of a whole text."""
    criteria = extract({"eligibilityCriteria": text}, include_api_fields=False).criteria
    found: dict[str, int | None] = {}
    for c in _windowed(criteria):
        key = c.analyte if isinstance(c, LabCriterion) else c.type
        found[str(key)] = getattr(c, "within_days", None)
    return found


def _review_texts(text: str) -> list[str]:
    criteria = extract({"eligibilityCriteria": text}, include_api_fields=False).criteria
    return [c.source_text or "" for c in criteria if isinstance(c, FreeTextCriterion)]


# Invented text (no reference trial writes its windowed lead-in flat): a lead-in written as a
# bullet of its own, ending with ":", its list beside it rather than indented under it.
_FLAT_WINDOWED = (
    "Inclusion Criteria:\n\n"
    "* Adequate organ function within 14 days of enrollment, defined as:\n"
    "* Absolute neutrophil count ≥ 1.5 × 10^9/L\n"
    "* Platelet count ≥ 100 × 10^9/L\n"
    "* Total bilirubin ≤ 1.5 × ULN\n"
    "* ECOG performance status 0-1\n"
    "* Creatinine ≤ 1.5 mg/dL\n"
)


def test_ct_window_a_flat_lead_in_reaches_the_labs_listed_after_it() -> None:
    """The coordinator's reading: the counts and bilirubin after the lead-in are its list and
    must be 14 days recent; its list ends where an item reads no lab (ECOG), so neither the
    score nor the creatinine after it is governed by the lead-in."""
    assert _windows_read(_FLAT_WINDOWED) == {
        "anc": 14,
        "platelets": 14,
        "total_bilirubin": 14,
        "performance_status": None,
        "creatinine": None,
    }
    # Read in full: the labs need no review.
    assert not [t for t in _review_texts(_FLAT_WINDOWED) if "≥" in t or "≤" in t]


def test_ct_window_a_flat_lead_in_window_not_read_sends_its_labs_to_review() -> None:
    # Counted from screening, not from the day the patient enters: not read, the labs are
    # listed for review rather than read with the default recency.
    text = _FLAT_WINDOWED.replace("of enrollment", "of screening")
    assert set(_windows_read(text).values()) <= {None}
    reviewed = _review_texts(text)
    assert any(t.startswith("Absolute neutrophil") for t in reviewed)
    assert any(t.startswith("Total bilirubin") for t in reviewed)


def test_ct_window_a_flat_lead_in_beside_a_lab_with_another_window_goes_to_review() -> None:
    # As under an indented lead-in: the item's own window holds, and which one the protocol
    # means is for a person to read.
    text = _FLAT_WINDOWED.replace(
        "Platelet count ≥ 100 × 10^9/L", "Platelet count ≥ 100 × 10^9/L within 7 days of enrollment"
    )
    assert _windows_read(text)["platelets"] == 7
    assert any(t.startswith("Platelet count") for t in _review_texts(text))


def test_ct_window_an_indented_lead_in_does_not_reach_past_its_own_items() -> None:
    """Guard: a lead-in whose items are indented under it governs those only; a lab bullet
    after them stands beside the lead-in, not in its list."""
    text = (
        "Inclusion Criteria:\n\n"
        "* Adequate organ function within 14 days of enrollment, defined as:\n"
        "  * Absolute neutrophil count ≥ 1.5 × 10^9/L\n"
        "  * Platelet count ≥ 100 × 10^9/L\n"
        "* Creatinine ≤ 1.5 mg/dL\n"
    )
    assert _windows_read(text) == {"anc": 14, "platelets": 14, "creatinine": None}


# Twenty-sixth session: the support words are the lab reader's (CT-LAB-SUPPORT), which the window
# reader extends with treatment words; invented sentences in the registry's words.
@pytest.mark.parametrize(
    "support",
    [
        "blood components",  # NCT06056323's note: "any blood component or supportive therapy"
        "G-CSF",
        "pegfilgrastim",
        "romiplostim",
        "erythropoietin",
        "growth factor support",
        "supportive care",
        "colony-stimulating factors",
    ],
)
def test_ct_window_every_support_word_of_the_lab_reader_marks_a_support_window(
    support: str,
) -> None:
    """The coordinator's reading: "(no blood components within 14 days before enrollment)" is
    how long none may have been given, no recency window: the count keeps the pre-screen
    default (its condition is left to CT-LAB-SUPPORT)."""
    text = f"Hemoglobin ≥ 9 g/dL (no {support} within 14 days before enrollment)"
    assert set(_windows(_outcome(text))) <= {None}


def test_ct_window_support_as_a_verb_names_no_support() -> None:
    """As for the lab reader (CT-LAB-SUPPORT, twenty-fifth session's review), "to support" is a
    verb: the lead-in's window is how recent the values must be, and governs the count."""
    outcome = _outcome(
        "Absolute neutrophil count ≥ 1.5 × 10^9/L",
        "Adequate organ function to support participation within 14 days of enrollment, "
        "defined as:",
    )
    assert _windows(outcome) == [14]


# Twenty-sixth session's review: a lead-in carrying a window and a support window, flat or
# indented (invented text; no reference trial words its lead-in so).
_BOTH_WINDOWS = (
    "Laboratory values within 14 days before enrollment, without transfusion or G-CSF within "
    "14 days:"
)


@pytest.mark.parametrize("indent", ["", "  "])
def test_ct_window_a_lead_in_s_window_reaches_its_labs_beside_a_support_window(
    indent: str,
) -> None:
    """The coordinator's reading: the values must be 14 days recent, and none may have been
    kept up by a transfusion or G-CSF in those 14 days: the first window is how recent the
    values must be (every lab of the list), the second how long no support may have been
    given (the counts' condition, CT-LAB-SUPPORT)."""
    text = (
        "Inclusion Criteria:\n\n"
        f"* {_BOTH_WINDOWS}\n"
        f"{indent}* Absolute neutrophil count ≥ 1.5 × 10^9/L\n"
        f"{indent}* Platelet count ≥ 100 × 10^9/L\n"
        f"{indent}* Creatinine ≤ 1.5 × ULN\n"
    )
    assert _windows_read(text) == {"anc": 14, "platelets": 14, "creatinine": 14}


def test_ct_window_a_support_window_alone_in_a_lead_in_is_no_recency_window() -> None:
    # Guard: ", without transfusion or G-CSF within 14 days" alone says how long no support may
    # have been given, not how recent the values must be.
    text = (
        "Inclusion Criteria:\n\n"
        "* Laboratory values, without transfusion or G-CSF within 14 days:\n"
        "* Absolute neutrophil count ≥ 1.5 × 10^9/L\n"
        "* Creatinine ≤ 1.5 × ULN\n"
    )
    assert _windows_read(text) == {"anc": None, "creatinine": None}
    # Nor does a window with nothing before it turn into one: "Within 14 days before
    # enrollment, no transfusion or G-CSF:" says how long none may have been given.
    text = text.replace("Laboratory values,", "Within 14 days before enrollment, no").replace(
        " within 14 days:", ":"
    )
    assert _windows_read(text) == {"anc": None, "creatinine": None}


# CT-WINDOW beside a count's support clause (twenty-seventh session). Written before the reader
# read them; the sentences are ours, in the reference trials' wording.
@pytest.mark.parametrize(
    "text",
    [
        # The window right after the limit, the support clause after it with no comma.
        "ANC ≥ 1.5 × 10^9/L within 14 days prior to enrollment without growth factor support",
        # The support in a bracket of its own, the window after it.
        "ANC ≥ 1.5 × 10^9/L (without growth factor support) within 14 days prior to enrollment",
        "Platelets ≥ 100 × 10^9/L (no platelet transfusion) within 14 days of registration",
    ],
)
def test_ct_window_a_count_s_window_beside_its_support_clause_is_read(text: str) -> None:
    """The coordinator's reading: the count must be at least 1.5 on a value of the last 14 days,
    and no growth factor may have raised it — all of (the limit within 14 days, the condition).
    The window is not the support's: it stands apart from the support clause."""
    outcome = _outcome(text)
    (found,) = [c for c in outcome.criteria if isinstance(c, AllOfCriterion)]
    limit, condition = found.criteria
    assert isinstance(limit, LabCriterion)
    assert limit.within_days == 14
    assert isinstance(condition, FreeTextCriterion)
    assert "within" not in condition.text
    assert _reviewed(outcome)  # the condition is checked by a person


def test_ct_window_a_window_inside_the_support_clause_stays_the_support_s() -> None:
    """Guard: ", without growth factor support within 14 days prior to enrollment" is how long
    no support may have been given, no recency window (read so since the twenty-second
    session)."""
    outcome = _outcome(
        "ANC ≥ 1.5 × 10^9/L, without growth factor support within 14 days prior to enrollment"
    )
    assert _windows(outcome) == [None]


def test_ct_window_a_stale_low_count_beside_a_support_clause_is_asked_again() -> None:
    """An ANC of 1.0 drawn 20 days ago is older than the protocol's 14 days: the protocol
    would repeat it, so the item is unknown (not a wrong exclusion on a stale value); one of 3
    days ago fails."""
    as_of = date(2026, 11, 25)
    outcome = _outcome(
        "ANC ≥ 1.5 × 10^9/L within 14 days prior to enrollment without growth factor support"
    )
    assert _low_anc_status(outcome, as_of, days_old=20) is CriterionStatus.UNKNOWN
    assert _low_anc_status(outcome, as_of, days_old=3) is CriterionStatus.NOT_MET


def test_ct_window_a_lead_in_s_window_after_an_allowed_support_is_read() -> None:
    """CT-WINDOW (twenty-seventh session): "Adequate bone marrow function with or without
    transfusion within 14 days before enrollment:" allows transfusion (CT-LAB-SUPPORT) and asks
    for counts of the last 14 days: the window is the lead-in's, no window on a support the
    protocol forbids nowhere. Before, the allowance's words made it a support window and it was
    dropped with no review: a platelet count 25 days old met the item where the protocol
    repeats it. Read as a recency window, an older count is asked again (the safe side if the
    protocol meant transfusions within 14 days)."""
    outcome = _outcome(
        "Platelets ≥ 100 × 10^9/L",
        context="Adequate bone marrow function with or without transfusion within 14 days before "
        "enrollment:",
    )
    assert _windows(outcome) == [14]


def test_ct_window_a_window_before_an_allowed_support_bracket_is_read() -> None:
    """CT-WINDOW (twenty-seventh session): "Hemoglobin ≥ 9 g/dL within 14 days prior to
    enrollment (with or without transfusion)" asks for a haemoglobin of the last 14 days that a
    transfusion may have raised: the window is the count's, the bracket after it an allowance.
    Before, the allowance's support words made it a support window, dropped: a haemoglobin of
    10 g/dL drawn 25 days before met the item where the protocol repeats it."""
    assert _windows(
        _outcome(
            "Hemoglobin ≥ 9 g/dL within 14 days prior to enrollment (with or without transfusion)"
        )
    ) == [14]


@pytest.mark.parametrize(
    "text",
    [
        # the window after a support clause with no comma: the count's or the support's?
        "ANC ≥ 1.5 × 10^9/L without growth factor support within 14 days prior to enrollment",
        "Absolute neutrophil count ≥ 1.5 x 10^9/L without growth factor support within 14 days "
        "prior to enrollment",
        # a window hedged: the protocol's 14 days or the institution's
        "Platelets ≥ 100 × 10^9/L within 14 days prior to enrollment or per institutional standard",
    ],
)
def test_ct_window_an_ambiguous_window_governs_its_counts_and_is_reviewed(text: str) -> None:
    """CT-WINDOW (twenty-seventh session): a window that may be the count's or not is not
    dropped for the 30-day pre-screen default as if none had been read: the count holds within
    the window stated (an older value is asked again, unknown; one inside it is judged the same
    under either reading) and the item is listed for review. Before, the count carried no
    window: an ANC of 1.0 drawn 20 days before read as not met where the protocol may repeat it,
    a wrong exclusion on a stale value."""
    outcome = _outcome(text)
    assert _windows(outcome) == [14]
    assert _reviewed(outcome)


def test_ct_window_an_ambiguous_window_asks_again_for_a_stale_low_count() -> None:
    as_of = date(2026, 11, 25)
    outcome = _outcome(
        "ANC ≥ 1.5 × 10^9/L without growth factor support within 14 days prior to enrollment"
    )
    assert _low_anc_status(outcome, as_of, days_old=20) is CriterionStatus.UNKNOWN
    assert _low_anc_status(outcome, as_of, days_old=3) is CriterionStatus.NOT_MET


def _low_anc_status(outcome: ItemOutcome, as_of: date, days_old: int) -> CriterionStatus:
    """The status of the item's ANC limit for an ANC of 1.0 drawn `days_old` days before
    `as_of`."""
    (anc,) = [c for c in outcome.criteria if isinstance(c, AllOfCriterion)]
    drawn = Measurement(
        analyte=Analyte.ANC,
        value=1.0,
        unit="10*9/L",
        date=as_of - timedelta(days=days_old),
        evidence=("Observation/anc",),
    )
    facts = PatientFacts(as_of=as_of, patient="Patient/p", labs=(drawn,))
    return evaluate_criterion(anc, facts).status


# Twenty-eighth session: a lead-in whose hedge is on its window only. Invented sentences in the
# registry's words (no reference trial hedges a lead-in's window).
_DEFAULT_LEAD_IN = (
    "Adequate organ function within 14 days before enrolment, unless otherwise specified:"
)


@pytest.mark.parametrize(
    "context",
    [
        _DEFAULT_LEAD_IN,
        "Within 14 days before enrolment, unless otherwise specified:",
        "Laboratory values within 14 days prior to enrollment (unless otherwise noted):",
    ],
)
def test_ct_window_a_lead_in_s_window_unless_otherwise_specified_governs_its_labs(
    context: str,
) -> None:
    """CT-WINDOW, CT-LEAD-IN-SCOPE (twenty-eighth session): "unless otherwise specified" after a
    lead-in's window makes it the default of its list, no hedge on who may enrol: a lab with no
    window of its own holds within it, with no review for the window. Before, the lead-in's
    "unless" was read as a hedge on its list and the labs went to review with nothing read (a
    platelet count of 60 against 100 was not excluded)."""
    for text in ("Absolute neutrophil count ≥ 1.5 × 10^9/L", "Platelet count ≥ 100 × 10^9/L"):
        outcome = _outcome(text, context)
        assert _windows(outcome) == [14], (context, text)
        assert not _reviewed(outcome), (context, text)


def test_ct_window_an_item_s_own_window_is_what_otherwise_specified_means() -> None:
    # The item's own window is the "otherwise specified": it holds, and no review is needed
    # for two windows.
    outcome = _outcome(
        "Platelet count ≥ 100 × 10^9/L within 7 days of enrollment", _DEFAULT_LEAD_IN
    )
    assert _windows(outcome) == [7]
    assert not _reviewed(outcome)


def test_ct_window_a_flat_lead_in_s_window_unless_otherwise_specified_reaches_its_labs() -> None:
    text = _FLAT_WINDOWED.replace(
        "of enrollment, defined as:", "of enrollment, unless otherwise specified:"
    )
    assert _windows_read(text) == {
        "anc": 14,
        "platelets": 14,
        "total_bilirubin": 14,
        "performance_status": None,
        "creatinine": None,
    }
    assert not [t for t in _review_texts(text) if "≥" in t or "≤" in t]


@pytest.mark.parametrize(
    ("context", "days"),
    [
        ("Adequate organ function, within 7 days prior (if feasible):", 7),
        ("Adequate organ function within 7 days prior to enrollment (if feasible):", 7),
        ("Adequate organ function within 7 days prior to enrollment, where possible:", 7),
        ("Laboratory values within 14 days prior to enrollment or per institutional standard:", 14),
    ],
)
def test_ct_window_a_lead_in_s_hedged_window_governs_its_labs_and_is_reviewed(
    context: str, days: int
) -> None:
    """CT-WINDOW, CT-LEAD-IN-SCOPE (twenty-eighth session): a hedge on the window only ("if
    feasible", "or per institutional standard") leaves which window holds uncertain, not who
    may enrol: the labs hold within the days stated (an older value is asked again, unknown
    under either reading; a newer one is judged alike) and the item is listed for review, as a
    hedged window in an item is (twenty-seventh session). Before, "(if feasible)" made the
    lead-in limit its list and the labs went to review with no limit; "or per institutional
    standard" dropped the window (the 30-day default: a count 15-30 days old met)."""
    outcome = _outcome("Absolute neutrophil count ≥ 1.5 × 10^9/L", context)
    assert _windows(outcome) == [days], context
    assert _reviewed(outcome), context


def test_ct_window_under_a_hedged_lead_in_a_stale_low_count_is_asked_again() -> None:
    as_of = date(2026, 11, 25)
    context = "Adequate organ function, within 7 days prior (if feasible):"
    (anc,) = [
        c for c in _outcome("ANC ≥ 1.5 × 10^9/L", context).criteria if isinstance(c, LabCriterion)
    ]
    for days_old, status in ((20, CriterionStatus.UNKNOWN), (3, CriterionStatus.NOT_MET)):
        drawn = Measurement(
            analyte=Analyte.ANC,
            value=1.0,
            unit="10*9/L",
            date=as_of - timedelta(days=days_old),
            evidence=("Observation/anc",),
        )
        facts = PatientFacts(as_of=as_of, patient="Patient/p", labs=(drawn,))
        assert evaluate_criterion(anc, facts).status is status, days_old


@pytest.mark.parametrize(
    "context",
    [
        "Within 14 days of enrollment, if enrolled in Part B:",
        "Within 14 days of enrollment, unless approved by the sponsor:",
        "Adequate organ function within 14 days of enrollment (if feasible), unless the "
        "investigator decides otherwise:",
    ],
)
def test_ct_window_a_hedge_on_who_beside_a_lead_in_s_window_still_limits_its_list(
    context: str,
) -> None:
    # Guard (CT-LEAD-IN-SCOPE): a hedge on who may enrol, not on the window, reads nothing.
    outcome = _outcome("Absolute neutrophil count ≥ 1.5 × 10^9/L", context)
    assert not _windowed(outcome.criteria)
    assert _reviewed(outcome)
