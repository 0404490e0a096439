"""The rules' side of values as systems send them: the one Karnofsky ↔ ECOG table
(CNV-KPS-ECOG), an unreadable newest value (VAL-NEWEST), scores of the same day (VAL-SAME-DAY)
and stale values (VAL-STALE)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from eligibility_factories import seed_patient
from pydantic import TypeAdapter

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import Measurement, PerformanceStatus, QTc
from eligibility.performance_scales import (
    KARNOFSKY_AS_ECOG,
    ecog_of_karnofsky,
    karnofsky_of_ecog,
    single_ecog_of_karnofsky,
)
from eligibility.phrasing import COMPARATOR_SYMBOLS
from eligibility.results import CriterionResult, CriterionStatus
from eligibility.rules.recency import default_windows
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import Analyte, PerformanceScale, Sex

M, N, U = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN
AS_OF = date(2026, 11, 25)
adapter: TypeAdapter[Criterion] = TypeAdapter(Criterion)
ECOG_0_1 = {"type": "performance_status", "id": "c", "label": "c", "ecog_max": 1}
KPS_70 = {"type": "performance_status", "id": "c", "label": "c", "karnofsky_min": 70}
QTC = {"type": "qtc", "id": "c", "label": "c", "max_ms_male": 450, "max_ms_female": 470}
HB = {
    "type": "lab",
    "id": "c",
    "label": "c",
    "analyte": "hemoglobin",
    "comparator": ">=",
    "value": 9,
}


def judge(criterion: dict[str, Any], **update: Any) -> CriterionResult:
    facts = seed_patient(as_of=AS_OF, **update)
    return evaluate_criterion(adapter.validate_python(criterion), facts, default_taxonomy())


def score(scale: PerformanceScale, value: int | None, when: date | None, **extra: Any) -> Any:
    ecog = value if scale is PerformanceScale.ECOG else None
    if scale is PerformanceScale.KARNOFSKY and value is not None:
        ecog = single_ecog_of_karnofsky(value)
    return PerformanceStatus(scale=scale, score=value, ecog=ecog, date=when, **extra)


RECENT = AS_OF - timedelta(days=9)


# --- CNV-KPS-ECOG --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kps", "grades"),
    [
        (100, (0, 0)),
        (90, (0, 1)),
        (80, (1, 1)),
        (70, (1, 2)),
        (60, (2, 2)),
        (50, (2, 3)),
        (40, (3, 3)),
        (30, (3, 4)),
        (20, (4, 4)),
        (10, (4, 4)),
        (0, (5, 5)),
        (75, None),
        (110, None),
    ],
)
def test_cnv_kps_ecog_table(kps: int, grades: tuple[int, int] | None) -> None:
    """CNV-KPS-ECOG: the one table, with both grades where the published conversions differ."""
    assert ecog_of_karnofsky(kps) == grades


def test_cnv_kps_ecog_the_inverse_is_read_from_the_same_table() -> None:
    """CNV-KPS-ECOG: ECOG -> Karnofsky bands come from the same rows, so the two directions
    never disagree."""
    assert [karnofsky_of_ecog(grade) for grade in range(6)] == [
        (90, 100),
        (70, 90),
        (50, 70),
        (30, 50),
        (10, 30),
        (0, 0),
    ]
    for kps, (low, high) in KARNOFSKY_AS_ECOG.items():
        for grade in range(low, high + 1):
            band = karnofsky_of_ecog(grade)
            assert band is not None
            assert band[0] <= kps <= band[1]


@pytest.mark.parametrize(
    ("kps", "status"), [(100, M), (90, M), (80, M), (70, U), (60, N), (50, N), (0, N)]
)
def test_cnv_kps_ecog_karnofsky_only_against_ecog_0_1(kps: int, status: CriterionStatus) -> None:
    """CNV-KPS-ECOG: "ECOG 0–1" from a Karnofsky score alone: ≥ 80 met, 70 unknown (record an
    ECOG), ≤ 60 not met."""
    result = judge(ECOG_0_1, performance=(score(PerformanceScale.KARNOFSKY, kps, RECENT),))
    assert result.status is status, result.reason
    if status is U:
        assert result.to_settle == "Record an ECOG performance status"
        assert "ECOG equivalent 1–2 (the published conversions disagree)" in result.reason


@pytest.mark.parametrize(("grade", "status"), [(0, M), (1, M), (2, U), (3, N)])
def test_cnv_kps_ecog_ecog_only_against_karnofsky_70(grade: int, status: CriterionStatus) -> None:
    """CNV-KPS-ECOG: "Karnofsky ≥ 70" from an ECOG grade alone, by the same table."""
    result = judge(KPS_70, performance=(score(PerformanceScale.ECOG, grade, RECENT),))
    assert result.status is status, result.reason


# --- VAL-NEWEST ----------------------------------------------------------------------------------


def test_val_newest_unreadable_qtc_is_unknown_with_what_was_recorded() -> None:
    """VAL-NEWEST: the newest QTc could not be read: unknown, never an older value."""
    unreadable = QTc(
        milliseconds=None,
        date=date(2026, 11, 16),
        unreadable="见报告 (see report)",
        evidence=("Observation/q",),
    )
    result = judge(QTC, qtc=unreadable)
    assert result.status is U
    assert result.reason.startswith(
        "The newest QTc on 2026-11-16, 9 days before could not be read: '见报告 (see report)'"
    )
    assert result.to_settle == "Record the QTc of the newest ECG in ms"
    assert result.evidence == ("Observation/q",)


def test_val_newest_unreadable_ecog_is_unknown() -> None:
    """VAL-NEWEST: an unreadable newest ECOG neither includes nor excludes."""
    newest = score(PerformanceScale.ECOG, None, RECENT, unreadable="ECOG 1-2")
    result = judge(
        ECOG_0_1, performance=(newest, score(PerformanceScale.ECOG, 1, date(2026, 3, 19)))
    )
    assert result.status is U
    assert "could not be read: 'ECOG 1-2'" in result.reason
    assert result.to_settle == "Record the ECOG score as a number"


# --- VAL-PS-RANGE --------------------------------------------------------------------------------


@pytest.mark.parametrize(("low", "high", "status"), [(0, 1, M), (1, 2, U), (2, 3, N), (0, 2, U)])
def test_val_ps_range_decides_only_when_every_score_of_it_does(
    low: int, high: int, status: CriterionStatus
) -> None:
    """VAL-PS-RANGE: "ECOG 0-1" against 0–1 is met, "1-2" unknown, "2-3" not met."""
    ranged = score(PerformanceScale.ECOG, low, RECENT, score_high=high)
    result = judge(ECOG_0_1, performance=(ranged,))
    assert result.status is status, result.reason
    assert result.reason.startswith(f"ECOG {low}–{high} (recorded as a range) on 2026-11-16")
    if status is U:
        assert (
            result.to_settle
            == f"Record a single ECOG score (ECOG {low}–{high} was recorded as a range)"
        )


def test_val_ps_range_an_inner_score_decides_too() -> None:
    """Against ECOG exactly 1, a recorded 0-2 has its ends outside and 1 inside: unknown."""
    exactly_1 = {**ECOG_0_1, "ecog_min": 1}
    ranged = score(PerformanceScale.ECOG, 0, RECENT, score_high=2)
    assert judge(exactly_1, performance=(ranged,)).status is U


@pytest.mark.parametrize(("low", "high", "status"), [(80, 90, M), (70, 80, U), (50, 60, N)])
def test_val_ps_range_karnofsky_through_the_one_table(
    low: int, high: int, status: CriterionStatus
) -> None:
    """A Karnofsky range against ECOG 0–1, each score converted by CNV-KPS-ECOG (70 is 1–2)."""
    ranged = score(PerformanceScale.KARNOFSKY, low, RECENT, score_high=high)
    assert judge(ECOG_0_1, performance=(ranged,)).status is status


def test_val_ps_range_a_stale_range_is_unknown() -> None:
    ranged = score(PerformanceScale.ECOG, 0, date(2025, 9, 8), score_high=1)
    result = judge(ECOG_0_1, performance=(ranged,))
    assert result.status is U
    assert result.reason.startswith("ECOG 0–1 on 2025-09-08")


def _ecog(value: int | None, when: date | None, ref: str, **extra: Any) -> Any:
    return score(PerformanceScale.ECOG, value, when, evidence=(ref,), **extra)


def test_val_same_day_scores_that_disagree_are_unknown() -> None:
    """VAL-SAME-DAY: ECOG 1 and ECOG 2 on the newest day, in either order: which is current
    is not known; both are the evidence."""
    one, two = _ecog(1, RECENT, "Observation/a"), _ecog(2, RECENT, "Observation/b")
    for performance in ((one, two), (two, one)):
        result = judge(ECOG_0_1, performance=(*performance, _ecog(0, date(2026, 3, 19), "o")))
        assert result.status is U
        assert set(result.evidence) == {"Observation/a", "Observation/b"}
        assert result.to_settle is not None
        assert "were recorded on 2026-11-16" in result.to_settle
    # An unreadable score of that day leaves it open too.
    unreadable = _ecog(None, RECENT, "Observation/c", unreadable="1-2")
    assert judge(ECOG_0_1, performance=(one, unreadable)).status is U


def test_val_same_day_scores_that_agree_decide() -> None:
    """ECOG 0 and 1 on the newest day are both within 0-1; an older ECOG 3 is not that day."""
    performance = (
        _ecog(0, RECENT, "Observation/a"),
        _ecog(1, RECENT, "Observation/b"),
        _ecog(3, RECENT - timedelta(days=1), "Observation/c"),
    )
    assert judge(ECOG_0_1, performance=performance).status is M
    kps = score(PerformanceScale.KARNOFSKY, 60, RECENT, evidence=("Observation/k",))
    assert judge(ECOG_0_1, performance=(_ecog(2, RECENT, "Observation/a"), kps)).status is N


def test_val_same_day_qtcs_either_side_of_the_limit_are_unknown() -> None:
    """VAL-SAME-DAY: two ECGs of one day, 456 and 444 ms against 450 ms (male)."""
    first = QTc(milliseconds=456, date=RECENT, evidence=("Observation/q1",))
    second = QTc(milliseconds=444, date=RECENT, evidence=("Observation/q2",))
    result = judge(QTC, qtc=first, qtc_same_day=(second,))
    assert result.status is U
    assert result.reason.startswith("QTc values recorded on 2026-11-16 disagree (456 ms, 444 ms)")
    assert {"Observation/q1", "Observation/q2"} <= set(result.evidence)
    # On the same side of the limit they decide.
    close = QTc(milliseconds=452, date=RECENT, evidence=("Observation/q2",))
    assert judge(QTC, qtc=first, qtc_same_day=(close,)).status is N


@pytest.mark.parametrize(
    ("bazett", "fridericia", "status"), [(478, 462, M), (462, 478, N), (482, 476, N)]
)
def test_val_qtc_formulas_the_formula_the_protocol_names_decides(
    bazett: float, fridericia: float, status: CriterionStatus
) -> None:
    """A limit on QTcF ("QTcF > 470 msec") reads the ECG's QTc by Fridericia's formula; Bazett's
    beside it is not the protocol's measure."""
    first = QTc(milliseconds=bazett, formula="Bazett", date=RECENT, evidence=("Observation/e",))
    second = QTc(
        milliseconds=fridericia, formula="Fridericia", date=RECENT, evidence=("Observation/e",)
    )
    on_qtcf = {**QTC, "max_ms_male": 470, "formula": "Fridericia"}
    result = judge(on_qtcf, qtc=first, qtc_same_day=(second,))
    assert result.status is status, result.reason
    assert result.reason.startswith(f"QTc {fridericia} ms Fridericia on 2026-11-16")
    # On the mean of several ECGs: one ECG, its QTcF.
    mean = judge({**on_qtcf, "ecgs": "mean"}, qtc=first, qtc_same_day=(second,))
    assert mean.status is (M if status is M else U), mean.reason
    # An ECG with no QTc by the protocol's formula is read as before: every QTc it gives.
    plain = QTc(milliseconds=bazett, date=RECENT, evidence=("Observation/p",))
    alone = judge(on_qtcf, qtc=plain)
    assert alone.status is (M if bazett <= 470 else N)


@pytest.mark.parametrize(
    ("bazett", "fridericia", "status"), [(432, 428, M), (452, 441, U), (472, 461, N)]
)
def test_val_qtc_formulas_a_line_by_two_formulas_decides_when_both_agree(
    bazett: float, fridericia: float, status: CriterionStatus
) -> None:
    """VAL-QTC-FORMULAS: both formulas on one side of 450 ms (male) decide; astride it, the
    protocol's formula does, so unknown and the coordinator is asked which."""
    first = QTc(milliseconds=bazett, formula="Bazett", date=RECENT, evidence=("Observation/e",))
    second = QTc(
        milliseconds=fridericia, formula="Fridericia", date=RECENT, evidence=("Observation/e",)
    )
    result = judge(QTC, qtc=first, qtc_same_day=(second,))
    assert result.status is status, result.reason
    if status is U:
        assert result.to_settle == (
            "Confirm which QTc formula the protocol reads (452 ms Bazett, 441 ms Fridericia)"
        )
        assert result.evidence[0] == "Observation/e"
    else:
        assert result.reason.startswith(f"QTc {bazett} ms Bazett on 2026-11-16")


@pytest.mark.parametrize(
    ("comparator", "bound", "sex", "status"),
    [
        (">", 470, "female", N),  # every value over 470
        (">=", 470, "female", U),  # 470 itself is within
        (">", 460, "female", U),
        (">", 470, "male", N),
        ("<", 440, "male", M),
        ("<=", 450, "male", M),
        ("<", 460, "male", U),
        ("<", 451, "male", U),
        ("<", 460, None, U),  # within 470 for a female, maybe not 450 for a male
        ("<", 450, None, M),
        (">", 470, None, N),
    ],
)
def test_val_qtc_bound_decides_what_every_value_it_allows_decides(
    comparator: str, bound: float, sex: str | None, status: CriterionStatus
) -> None:
    """VAL-QTC-BOUND against QTc ≤ 450 ms (male) / 470 ms (female)."""
    qtc = QTc(milliseconds=bound, comparator=comparator, date=RECENT, evidence=("Observation/q",))
    recorded = seed_patient(as_of=AS_OF).demographics
    demographics = recorded.model_copy(update={"sex": Sex(sex) if sex else None})
    result = judge(QTC, qtc=qtc, demographics=demographics)
    assert result.status is status, result.reason
    if status is U:
        assert result.to_settle == "Record the QTc of the newest ECG in ms"


def test_val_newest_unreadable_lab_is_unknown() -> None:
    """VAL-NEWEST: an unreadable newest lab result is unknown."""
    lab = Measurement(
        analyte=Analyte.HEMOGLOBIN, value=None, unit="g/dL", date=RECENT, unreadable="溶血"
    )
    result = judge(HB, labs=(lab,))
    assert result.status is U
    assert "could not be read: '溶血'" in result.reason


def test_val_same_day_lab_results_judged_together() -> None:
    """VAL-SAME-DAY: a lab's results of the newest day decide when they agree; one that decides
    otherwise, or cannot be read, makes the criterion unknown, with every one quoted."""

    def hb(value: float | None) -> Measurement:
        return Measurement(
            evidence=(f"Observation/{value}",),
            analyte=Analyte.HEMOGLOBIN,
            value=value,
            unit="g/dL",
            date=RECENT,
            unreadable=None if value is not None else "溶血",
        )

    assert judge(HB, labs=(hb(12.5), hb(12.8))).status is M
    assert judge(HB, labs=(hb(7.5), hb(8.0))).status is N
    mixed = judge(HB, labs=(hb(12.8), hb(7.5)))
    assert mixed.status is U
    assert mixed.reason.startswith("Haemoglobin results recorded on 2026-11-16 disagree (12.8 g/dL")
    assert mixed.evidence == ("Observation/12.8", "Observation/7.5")
    assert judge(HB, labs=(hb(12.8), hb(None))).status is U


@pytest.mark.parametrize(
    ("comparator", "count", "status"),
    [(">=", 2.0, M), (">=", 1.5, M), (">=", 1.2, U), ("<", 1.6, N), ("<", 1.2, U)],
)
def test_val_lab_analyte_a_parts_count_is_a_lower_bound(
    comparator: str, count: float, status: CriterionStatus
) -> None:
    """VAL-LAB-ANALYTE: the segmented neutrophils alone (no band forms) are a lower bound of the
    ANC: at or above a minimum it is met, below it unknown, never not met; at or above a
    maximum it is not met, below it unknown."""
    anc = {**HB, "analyte": "anc", "comparator": comparator, "value": 1.5}
    segs = Measurement(
        analyte=Analyte.ANC,
        value=count,
        unit="10*9/L",
        date=RECENT,
        counts_only="segmented neutrophils",
    )
    result = judge(anc, labs=(segs,))
    assert result.status is status, result.reason
    assert f"≥ {count:g} 10*9/L" in result.reason
    if status is U:
        assert (
            result.to_settle
            == "Record the ANC result (the newest counts segmented neutrophils alone)"
        )


# --- VAL-STALE -----------------------------------------------------------------------------------


def test_val_stale_every_fact_has_a_window() -> None:
    """VAL-STALE: the windows table names every fact the rules age."""
    assert set(default_windows()) == {"ecog", "karnofsky", "qtc", "lab"}
    assert all(days > 0 for days in default_windows().values())


def test_val_stale_reason_states_the_deciding_values_age() -> None:
    """VAL-STALE: "ECOG 1 on 2026-11-16, 9 days before"."""
    result = judge(ECOG_0_1, performance=(score(PerformanceScale.ECOG, 1, RECENT),))
    assert result.status is M
    assert result.reason == "ECOG 1 on 2026-11-16, 9 days before; trial requires ECOG 0–1"


@pytest.mark.parametrize("grade", [1, 3])
def test_val_stale_ecog_14_months_old_neither_includes_nor_excludes(grade: int) -> None:
    """VAL-STALE: an ECOG older than its window is unknown whichever way it points."""
    old = score(PerformanceScale.ECOG, grade, date(2025, 9, 8))
    result = judge(ECOG_0_1, performance=(old,))
    assert result.status is U
    assert result.reason.startswith(
        f"ECOG {grade} on 2025-09-08, 443 days before: older than the 60-day window"
    )
    assert result.to_settle is not None
    assert result.to_settle.startswith("Re-assess")


def test_val_stale_window_edge_and_a_protocol_window_wins() -> None:
    """VAL-STALE: 60 days old still decides, 61 does not; a criterion's `within_days` replaces
    the pre-screen window."""
    at_edge = score(PerformanceScale.ECOG, 1, AS_OF - timedelta(days=60))
    past_edge = score(PerformanceScale.ECOG, 1, AS_OF - timedelta(days=61))
    assert judge(ECOG_0_1, performance=(at_edge,)).status is M
    assert judge(ECOG_0_1, performance=(past_edge,)).status is U
    strict = {**ECOG_0_1, "within_days": 7}
    assert judge(strict, performance=(score(PerformanceScale.ECOG, 1, RECENT),)).status is U


@pytest.mark.parametrize("milliseconds", [430, 480])
def test_val_stale_qtc_and_lab(milliseconds: float) -> None:
    """VAL-STALE: a QTc older than 90 days and a lab older than 30 are unknown."""
    old_qtc = QTc(milliseconds=milliseconds, date=AS_OF - timedelta(days=91))
    assert judge(QTC, qtc=old_qtc).status is U
    old_hb = Measurement(
        analyte=Analyte.HEMOGLOBIN, value=12.0, unit="g/dL", date=AS_OF - timedelta(days=31)
    )
    assert judge(HB, labs=(old_hb,)).status is U


def test_val_stale_an_undated_value_cannot_show_it_is_recent() -> None:
    """VAL-STALE: an undated score has no age, so it cannot decide."""
    result = judge(ECOG_0_1, performance=(score(PerformanceScale.ECOG, 1, None),))
    assert result.status is U
    assert "its age cannot be shown" in result.reason


# --- VAL-LAB-BOUND -------------------------------------------------------------------------------

TBIL_AT_MOST_1_5_ULN = {
    "type": "lab",
    "id": "c",
    "label": "c",
    "analyte": "total_bilirubin",
    "comparator": "<=",
    "times_uln": 1.5,
}


@pytest.mark.parametrize(
    ("comparator", "bound", "criterion", "status"),
    [
        # Total bilirubin (ULN 1.2 mg/dL) against <= 1.5 x ULN (1.8 mg/dL).
        ("<", 0.2, TBIL_AT_MOST_1_5_ULN, M),
        ("<=", 1.8, TBIL_AT_MOST_1_5_ULN, M),
        ("<", 2.4, TBIL_AT_MOST_1_5_ULN, U),
        (">", 1.8, TBIL_AT_MOST_1_5_ULN, N),
        (">=", 1.8, TBIL_AT_MOST_1_5_ULN, U),
        (">=", 2.0, TBIL_AT_MOST_1_5_ULN, N),
        # Haemoglobin against >= 9 g/dL.
        (">", 9, HB, M),
        (">=", 9, HB, M),
        (">", 8, HB, U),
        ("<", 9, HB, N),
        ("<=", 9, HB, U),
        ("<", 12, HB, U),
    ],
)
def test_val_lab_bound_decides_what_every_value_it_allows_decides(
    comparator: str, bound: float, criterion: dict[str, Any], status: CriterionStatus
) -> None:
    """VAL-LAB-BOUND: a result given as a bound ("< 3.4 umol/L") decides only what every value
    it allows decides alike; astride the limit it is unknown, never met or not met."""
    analyte = Analyte(criterion["analyte"])
    lab = Measurement(
        evidence=("Observation/b",),
        analyte=analyte,
        value=bound,
        comparator=comparator,
        unit="mg/dL" if analyte is Analyte.TOTAL_BILIRUBIN else "g/dL",
        upper_limit_normal=1.2 if analyte is Analyte.TOTAL_BILIRUBIN else None,
        date=RECENT,
    )
    result = judge(criterion, labs=(lab,))
    assert result.status is status, result.reason
    assert f"{COMPARATOR_SYMBOLS[comparator]} {bound:g} " in result.reason
    if status is U:
        assert result.to_settle is not None
        assert "as a number" in result.to_settle


def test_val_lab_uln_a_value_at_the_multiple_of_the_uln_is_at_the_limit() -> None:
    """VAL-LAB-ULN: 1.8 mg/dL with a ULN of 1.2 is 1.5 x ULN exactly, within <= 1.5 x ULN (not
    over it by the floating-point product 1.7999999999999998)."""
    lab = Measurement(
        analyte=Analyte.TOTAL_BILIRUBIN,
        value=1.8,
        unit="mg/dL",
        upper_limit_normal=1.2,
        date=RECENT,
    )
    assert judge(TBIL_AT_MOST_1_5_ULN, labs=(lab,)).status is M


# --- VAL-QTC-ECGS: a limit on the mean of several ECGs, or on repeated ECGs ----------------------

QTC_MEAN = {**QTC, "max_ms_male": 470, "ecgs": "mean"}
QTC_REPEATED = {**QTC, "max_ms_male": 470, "ecgs": "repeated"}


def _ecgs(*values: float, when: date = RECENT) -> dict[str, Any]:
    """The facts of the newest day's ECGs, one Observation each, taken two minutes apart."""
    qtcs = [
        QTc(
            milliseconds=ms,
            date=when,
            taken_at=datetime(when.year, when.month, when.day, 9, 2 * i, tzinfo=UTC),
            evidence=(f"Observation/q{i}",),
        )
        for i, ms in enumerate(values)
    ]
    return {"qtc": qtcs[0], "qtc_same_day": tuple(qtcs[1:])}


def test_val_qtc_ecgs_one_ecg_over_a_limit_on_a_mean_asks_for_the_triplicate() -> None:
    """One ECG of 478 ms against a mean of several ≤ 470 ms: not an exclusion (the plain limit
    was not met before), the triplicate is recorded."""
    result = judge(QTC_MEAN, **_ecgs(478))
    assert result.status is U, result.reason
    assert result.to_settle == "Record a triplicate ECG: the mean QTc"
    assert "one ECG of 2026-11-16: the protocol reads the mean of several ECGs" in result.reason
    repeated = judge(QTC_REPEATED, **_ecgs(478))
    assert repeated.status is U
    assert repeated.to_settle.startswith("Repeat the ECG")
    assert judge(QTC, **_ecgs(478)).status is N  # a limit on one ECG excludes, as before


def test_val_qtc_ecgs_one_ecg_under_a_limit_on_a_mean_is_met() -> None:
    result = judge(QTC_MEAN, **_ecgs(436))
    assert result.status is M
    assert result.reason.endswith(
        "one ECG of 2026-11-16: the protocol reads the mean of several ECGs"
    )


@pytest.mark.parametrize(
    ("values", "status"),
    [((474, 462, 458), M), ((482, 468, 476), N), ((471, 470, 470), N), ((470, 470, 470), M)],
)
def test_val_qtc_ecgs_the_mean_of_a_days_triplicate_decides(
    values: tuple[float, ...], status: CriterionStatus
) -> None:
    result = judge(QTC_MEAN, **_ecgs(*values))
    assert result.status is status, result.reason
    assert result.reason.startswith("Mean QTc ")
    assert {f"Observation/q{i}" for i in range(3)} <= set(result.evidence)


def test_val_qtc_ecgs_two_ecgs_either_side_of_a_mean_limit_ask_for_the_triplicate() -> None:
    result = judge(QTC_MEAN, **_ecgs(476, 462))
    assert result.status is U
    assert result.to_settle == "Record a triplicate ECG: the mean QTc"


@pytest.mark.parametrize(
    ("values", "status"),
    [((474, 462, 458), M), ((482, 468, 476), N), ((476, 480), N), ((476, 462), M), ((462,), M)],
)
def test_val_qtc_ecgs_repeated_ecgs_over_the_limit_exclude(
    values: tuple[float, ...], status: CriterionStatus
) -> None:
    """Two ECGs over the limit are the repeated demonstration; one over among several is not."""
    assert judge(QTC_REPEATED, **_ecgs(*values)).status is status


def test_val_qtc_ecgs_a_cart_line_by_two_formulas_is_one_ecg() -> None:
    """VAL-QTC-FORMULAS' two values of one ECG are no repeat and no triplicate."""
    first = QTc(milliseconds=482, formula="Bazett", date=RECENT, evidence=("Observation/e",))
    second = QTc(milliseconds=476, formula="Fridericia", date=RECENT, evidence=("Observation/e",))
    for criterion in (QTC_MEAN, QTC_REPEATED):
        assert judge(criterion, qtc=first, qtc_same_day=(second,)).status is U


def _filed(ms: float, minute: int, record: str) -> QTc:
    """A QTc of an ECG taken at 09:<minute> on RECENT, in the record named."""
    taken = datetime(RECENT.year, RECENT.month, RECENT.day, 9, minute, tzinfo=UTC)
    return QTc(milliseconds=ms, date=RECENT, taken_at=taken, evidence=(f"Observation/{record}",))


def test_val_qtc_ecgs_one_ecg_filed_twice_is_one_ecg() -> None:
    """Two records of one instant and value are one ECG: no repeat, no triplicate."""
    twice = {"qtc": _filed(478, 2, "a"), "qtc_same_day": (_filed(478, 2, "b"),)}
    repeated = judge(QTC_REPEATED, **twice)
    assert repeated.status is U, repeated.reason
    assert repeated.to_settle.startswith("Repeat the ECG")
    assert "one ECG of 2026-11-16" in repeated.reason
    assert judge(QTC_MEAN, **twice).status is U
    assert judge(QTC, **twice).status is N  # a limit on one ECG: that ECG is over it


def test_val_qtc_ecgs_a_triplicate_counts_each_ecg_once() -> None:
    """482 ms filed twice and 462 ms: two ECGs, no triplicate to average, one over the limit."""
    day = {
        "qtc": _filed(482, 2, "a"),
        "qtc_same_day": (_filed(482, 2, "b"), _filed(462, 4, "c")),
    }
    mean = judge(QTC_MEAN, **day)
    assert mean.status is U, mean.reason
    assert mean.to_settle == "Record a triplicate ECG: the mean QTc"
    repeated = judge(QTC_REPEATED, **day)
    assert repeated.status is M, repeated.reason
    assert "over the limit on 1 of 2 ECGs" in repeated.reason
    three = {**day, "qtc_same_day": (*day["qtc_same_day"], _filed(476, 6, "d"))}
    assert "Mean QTc 473.3 ms of 3 ECGs" in judge(QTC_MEAN, **three).reason


def test_val_qtc_ecgs_records_with_the_day_only_and_one_value_count_once() -> None:
    """Records with no time of day and the same value cannot be told from one ECG filed twice
    (chart `rw_qtc_one_ecg_recorded_twice_date_only`): no repeat, no triplicate; with other
    values they are ECGs of their own, and beside a timed ECG of their value they are it."""
    day_only = [
        QTc(milliseconds=ms, date=RECENT, evidence=(f"Observation/d{i}",))
        for i, ms in enumerate((478, 478, 462))
    ]
    twice = {"qtc": day_only[0], "qtc_same_day": (day_only[1],)}
    assert judge(QTC_REPEATED, **twice).status is U
    assert "one ECG of 2026-11-16" in judge(QTC_REPEATED, **twice).reason
    assert judge(QTC_MEAN, **twice).status is U
    other = {"qtc": day_only[0], "qtc_same_day": (day_only[2],)}
    assert "over the limit on 1 of 2 ECGs" in judge(QTC_REPEATED, **other).reason
    beside = {"qtc": _filed(478, 2, "a"), "qtc_same_day": (day_only[0], _filed(462, 4, "c"))}
    assert "over the limit on 1 of 2 ECGs" in judge(QTC_REPEATED, **beside).reason
    # ... whatever the records' order.
    first = {"qtc": day_only[0], "qtc_same_day": (_filed(478, 2, "a"), _filed(462, 4, "c"))}
    assert "over the limit on 1 of 2 ECGs" in judge(QTC_REPEATED, **first).reason


@pytest.mark.parametrize("values", [(474, 462, 458), (476, 480, 482)])
def test_val_qtc_ecgs_one_instant_with_several_values_asks_what_the_records_are(
    values: tuple[float, ...],
) -> None:
    """Three values all stamped with the ECG order's time may be a triplicate or one tracing
    read more than once: under a limit on several ECGs the records are asked about, not which
    QTc the protocol reads (it reads the mean) nor for a triplicate that may be there."""
    first, *others = (_filed(ms, 0, f"q{i}") for i, ms in enumerate(values))
    day = {"qtc": first, "qtc_same_day": tuple(others)}
    shown = ", ".join(f"{ms} ms" for ms in values)
    for criterion in (QTC_MEAN, QTC_REPEATED):
        result = judge(criterion, **day)
        assert result.status is U, result.reason
        assert result.to_settle == (
            f"Confirm whether the QTcs recorded at 2026-11-16 09:00 ({shown}) are several ECGs "
            "or one ECG read more than once"
        )
        assert {f"Observation/q{i}" for i in range(3)} <= set(result.evidence)
    # A limit on one ECG is judged as before: either side of it, which QTc it reads is asked;
    # every value over it excludes, whichever the records are.
    one = judge({**QTC, "max_ms_male": 470}, **day)
    if min(values) > 470:
        assert one.status is N
    else:
        assert one.to_settle is not None
        assert one.to_settle.startswith("Confirm which QTc of 2026-11-16")


def test_val_qtc_ecgs_one_instant_with_two_values_is_one_ecg_read_twice() -> None:
    """Two values of one instant (a machine read and an over-read): one ECG whose QTc is in
    question, neither a repeat nor two of a triplicate."""
    day = {
        "qtc": _filed(482, 2, "a"),
        "qtc_same_day": (_filed(476, 2, "b"), _filed(480, 4, "c")),
    }
    assert judge(QTC_REPEATED, **day).status is U
    assert judge(QTC_MEAN, **day).status is U


def test_val_qtc_ecgs_a_stale_triplicate_is_unknown() -> None:
    result = judge(QTC_MEAN, **_ecgs(474, 462, 458, when=AS_OF - timedelta(days=200)))
    assert result.status is U
    assert result.to_settle.startswith("Record a current 12-lead ECG")
