"""VAL-QTC-TEXT: a QTc written in words, in an ECG reading's value or as the QT/QTc pair."""

from __future__ import annotations

from typing import Any

import pytest

from fhir_mapping.qtc_words import QtcValue, QtcWords, pair_value, qtc_in_words, without_note
from tests.fhir_mapping.test_fhir_values import QTC, facts_of, observation

ECG = {"text": "心电图"}


@pytest.mark.parametrize(
    ("value", "title", "read"),
    [
        ("QT/QTc 398/456 ms", "QTc interval", (456.0, "ms")),
        ("QT/QTc间期：402/468ms", "", (468.0, "ms")),
        ("QT/QTcF: 0.398/0.446 s", "", (0.446, "s")),
        ("398/456", "QT/QTc", (456.0, "")),  # bare, under a title naming the pair
        ("398/456", "QTc interval", None),  # bare, under a title naming one value
        ("456 ms", "QT/QTc", None),
    ],
)
def test_val_qtc_text_pair_value(value: str, title: str, read: tuple[float, str] | None) -> None:
    assert pair_value(value, title) == read


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("窦性心律；QT/QTc：402/468ms；QTc间期延长", ((468.0, "ms", None),)),
        ("QTc 456ms", ((456.0, "ms", None),)),
        ("QTcF=0.446s", ((0.446, "s", "Fridericia"),)),
        ("QTc间期延长(468ms)", ((468.0, "ms", None),)),
        ("窦性心律；Q-T间期(校正)：468ms", ((468.0, "ms", None),)),
        ("Sinus rhythm. Q-Tc 468 ms", ((468.0, "ms", None),)),
        ("QT 398ms, QTc 452ms", ((452.0, "ms", None),)),
        # VAL-QTC-FORMULAS: each value with the formula its words name.
        ("QTc 452ms (Bazett), QTcF 441ms", ((452.0, "ms", "Bazett"), (441.0, "ms", "Fridericia"))),
        ("QTcB 472ms；QTcF 461ms", ((472.0, "ms", "Bazett"), (461.0, "ms", "Fridericia"))),
        ("QT/QTcF 398/446 ms", ((446.0, "ms", "Fridericia"),)),
        ("QTc 452 ms（Fridericia）", ((452.0, "ms", "Fridericia"),)),
        ("窦性心律；QTc间期延长", ()),  # named, no number
        ("QTc 正常", ()),
    ],
)
def test_val_qtc_text_qtc_in_words(
    text: str, values: tuple[tuple[float, str, str | None], ...]
) -> None:
    words = qtc_in_words(text)
    assert words is not None
    assert words.values == tuple(QtcValue(*value) for value in values)


@pytest.mark.parametrize("text", ["窦性心律，大致正常心电图", "QT 398ms", "ST-T改变"])
def test_val_qtc_text_words_that_do_not_name_the_qtc(text: str) -> None:
    assert qtc_in_words(text) is None


def _newest(*observations: dict[str, Any]) -> Any:
    return facts_of(*observations).qtc


def test_val_qtc_text_an_ecg_in_words_is_the_newest_qtc() -> None:
    """The older coded 432 ms does not stand in for last week's ECG."""
    qtc = _newest(
        observation("old", QTC, "2026-10-20", valueQuantity={"value": 432, "unit": "ms"}),
        observation("ecg", ECG, "2026-11-16", valueString="窦性心律；QT/QTc：402/468ms"),
    )
    assert (str(qtc.date), qtc.milliseconds) == ("2026-11-16", 468.0)


@pytest.mark.parametrize(
    "text", ["窦性心律；QTc间期延长", "QTc 2000ms", "QTc 452ms (Bazett), QTcF 4410ms"]
)
def test_val_qtc_text_an_ecg_naming_the_qtc_unreadably_is_an_unreadable_newest_qtc(
    text: str,
) -> None:
    qtc = _newest(
        observation("old", QTC, "2026-10-20", valueQuantity={"value": 432, "unit": "ms"}),
        observation("ecg", ECG, "2026-11-16", valueString=text),
    )
    assert (str(qtc.date), qtc.milliseconds, qtc.unreadable) == ("2026-11-16", None, text)


def test_val_qtc_text_an_ecg_whose_words_do_not_name_the_qtc_is_no_qtc() -> None:
    qtc = _newest(
        observation("old", QTC, "2026-10-20", valueQuantity={"value": 432, "unit": "ms"}),
        observation("ecg", ECG, "2026-11-16", valueString="窦性心律，大致正常心电图"),
    )
    assert (str(qtc.date), qtc.milliseconds) == ("2026-10-20", 432.0)


def test_val_qtc_text_the_pair_under_a_qtc_code() -> None:
    qtc = _newest(observation("q", QTC, "2026-11-16", valueString="QT/QTc 398/456 ms"))
    assert qtc.milliseconds == 456.0


def _report(rid: str, title: str, when: str, conclusion: str) -> dict[str, Any]:
    return {
        "resourceType": "DiagnosticReport",
        "id": rid,
        "status": "final",
        "subject": {"reference": "Patient/p"},
        "code": {"text": title},
        "effectiveDateTime": when,
        "conclusion": conclusion,
    }


OLDER = observation("old", QTC, "2026-10-20", valueQuantity={"value": 432, "unit": "ms"})


def test_val_qtc_text_an_ecg_report_newer_than_the_coded_qtc_decides() -> None:
    qtc = _newest(OLDER, _report("r", "常规心电图检查", "2026-11-16", "窦性心动过速；QTc 472ms"))
    assert (str(qtc.date), qtc.milliseconds, qtc.evidence) == (
        "2026-11-16",
        472.0,
        ("DiagnosticReport/r",),
    )


def test_val_qtc_text_an_ecg_report_naming_the_qtc_unreadably_is_the_newest_qtc() -> None:
    qtc = _newest(OLDER, _report("r", "心电图", "2026-11-16", "QT间期延长，QTc间期延长"))
    assert (qtc.milliseconds, qtc.unreadable) == (None, "QT间期延长，QTc间期延长")


@pytest.mark.parametrize(
    "report",
    [
        _report("r", "心电图", "2026-10-01", "QTc 472ms"),  # older than the coded QTc
        _report("r", "心电图", "2026-11-16", "窦性心律，大致正常心电图"),  # no QTc named
        _report("r", "胸部CT", "2026-11-16", "QTc 472ms"),  # not an ECG
    ],
)
def test_val_qtc_text_an_ecg_report_that_is_not_the_newest_qtc(report: dict[str, Any]) -> None:
    qtc = _newest(OLDER, report)
    assert (str(qtc.date), qtc.milliseconds) == ("2026-10-20", 432.0)


def test_val_qtc_text_the_ecgs_of_the_newest_day_are_read_together() -> None:
    """VAL-SAME-DAY: every QTc of the newest day, newest first; older days are not read."""
    facts = facts_of(
        OLDER,
        observation("a", QTC, "2026-11-16", valueQuantity={"value": 456, "unit": "ms"}),
        observation("b", QTC, "2026-11-16", valueQuantity={"value": 444, "unit": "ms"}),
    )
    assert facts.qtc is not None
    day = [facts.qtc, *facts.qtc_same_day]
    assert sorted(q.milliseconds for q in day) == [444.0, 456.0]
    assert {str(q.date) for q in day} == {"2026-11-16"}


def test_val_qtc_text_an_ecg_report_of_the_coded_qtcs_day_is_read_with_it() -> None:
    """VAL-SAME-DAY: the report's QTc joins the coded one of its day; the coded one first."""
    facts = facts_of(OLDER, _report("r", "心电图", "2026-10-20", "QTc 472ms"))
    assert facts.qtc is not None
    assert (facts.qtc.milliseconds, [q.milliseconds for q in facts.qtc_same_day]) == (
        432.0,
        [472.0],
    )


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (QTC, "QTc 452ms (Bazett), QTcF 441ms"),
        (ECG, "窦性心律；QTc 452ms(Bazett)；QTcF 441ms"),
    ],
)
def test_val_qtc_formulas_a_line_by_two_formulas_is_two_qtcs_of_that_day(
    code: dict[str, Any], text: str
) -> None:
    """VAL-QTC-FORMULAS: the cart's line by Bazett and Fridericia gives a QTc for each, of the
    ECG's day, so the rule judges them together; an older QTc is not of that day."""
    facts = facts_of(
        observation("old", QTC, "2026-10-20", valueQuantity={"value": 432, "unit": "ms"}),
        observation("ecg", code, "2026-11-16", valueString=text),
    )
    assert facts.qtc is not None
    read = [(q.milliseconds, q.formula, str(q.date)) for q in (facts.qtc, *facts.qtc_same_day)]
    assert read == [(452.0, "Bazett", "2026-11-16"), (441.0, "Fridericia", "2026-11-16")]


@pytest.mark.parametrize("reverse", [False, True])
def test_val_qtc_formulas_an_ecg_panels_components_are_a_qtc_each_in_any_order(
    reverse: bool,
) -> None:
    """VAL-QTC-FORMULAS: an ECG panel's QTcF and QTcB components are both that day's QTcs,
    whichever the panel lists first."""
    components = [
        {"code": {"text": "QTcF"}, "valueQuantity": {"value": 441, "unit": "ms"}},
        {"code": {"text": "QTcB"}, "valueQuantity": {"value": 462, "unit": "ms"}},
    ]
    panel = observation(
        "ecg",
        {"coding": [{"system": "http://loinc.org", "code": "34534-8"}], "text": "12 lead ECG"},
        "2026-11-16",
        component=components[::-1] if reverse else components,
    )
    facts = facts_of(panel)
    assert facts.qtc is not None
    read = {(q.milliseconds, q.formula) for q in (facts.qtc, *facts.qtc_same_day)}
    assert read == {(441.0, "Fridericia"), (462.0, "Bazett")}


def test_val_qtc_formulas_in_an_ecg_report() -> None:
    facts = facts_of(
        _report("r", "常规心电图检查", "2026-11-16", "窦性心律；QTc 472ms(Bazett)；QTcF 461ms")
    )
    assert facts.qtc is not None
    read = [(q.milliseconds, q.formula) for q in (facts.qtc, *facts.qtc_same_day)]
    assert read == [(472.0, "Bazett"), (461.0, "Fridericia")]


@pytest.mark.parametrize(
    ("text", "comparator", "estimate"),
    [
        ("QTc>470ms", ">", False),
        ("QTc ≥ 480 ms", ">=", False),
        ("QTc间期大于470ms", ">", False),
        ("QTc<460ms", "<", False),
        ("QTc 470ms以上", ">=", False),
        ("QTc 约450ms", None, True),
        ("QTc ~450 ms", None, True),
        ("QTc 450ms左右", None, True),
        ("QTc 450ms", None, False),
    ],
)
def test_val_qtc_bound_the_words_before_the_number(
    text: str, comparator: str | None, estimate: bool
) -> None:
    """VAL-QTC-BOUND: a comparator between the name and the number makes the value a bound;
    an estimate is no value."""
    words = qtc_in_words(text)
    assert words is not None
    [value] = words.values
    assert (value.comparator, value.estimate) == (comparator, estimate)


def test_val_qtc_bound_an_older_tracing_quoted_in_brackets_is_not_read() -> None:
    words = qtc_in_words("窦律，QTc 445ms，较前(2026-10-20 QTc 470ms)好转")
    assert words is not None
    assert words.values == (QtcValue(445.0, "ms"),)
    # Quoted only: the QTc is named without a value of this ECG.
    assert qtc_in_words("较前(2026-10-20 QTc 470ms)好转") == QtcWords(())


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("445ms(Bazett)", ("445ms", "Bazett")),
        ("462 ms (延长)", ("462 ms", None)),
        ("440 ms（正常）", ("440 ms", None)),
        ("452 ms ↑", ("452 ms", None)),
        ("452 ms (was 470)", ("452 ms (was 470)", None)),
        ("452 ms (见报告)", ("452 ms (见报告)", None)),
        # Who or how it was measured leaves it the value.
        ("452ms (自查)", ("452ms", None)),
        ("452 ms（机测）", ("452 ms", None)),
        ("452 ms (manual)", ("452 ms", None)),
    ],
)
def test_val_qtc_bound_a_bracketed_word_after_the_value(
    value: str, read: tuple[str, str | None]
) -> None:
    """A reader's interpretation or the formula beside a value leave it the value; any other
    bracket stays, and the value is unreadable."""
    assert without_note(value) == read


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ({"valueQuantity": {"value": 440, "unit": "ms", "comparator": "<"}}, (440.0, "<")),
        ({"valueString": "窦性心律；QTc>470ms"}, (470.0, ">")),
        ({"valueString": "462 ms (延长)"}, (462.0, None)),
        # A bound written before the number as the value, as carts print one.
        ({"valueString": "<450"}, (450.0, "<")),
        ({"valueString": "＜0.45 s"}, (450.0, "<")),
        ({"valueString": "≥ 480 ms"}, (480.0, ">=")),
    ],
)
def test_val_qtc_bound_the_facts_keep_the_comparator(
    value: dict[str, Any], read: tuple[float, str | None]
) -> None:
    code = ECG if "窦性" in str(value) else QTC
    qtc = _newest(observation("q", code, "2026-11-16", **value))
    assert (qtc.milliseconds, qtc.comparator) == read


def test_val_qtc_bound_an_estimate_is_unreadable() -> None:
    qtc = _newest(
        observation("old", QTC, "2026-10-20", valueQuantity={"value": 432, "unit": "ms"}),
        observation("ecg", ECG, "2026-11-16", valueString="QTc 约450ms"),
    )
    assert (str(qtc.date), qtc.milliseconds) == ("2026-11-16", None)


def test_val_qtc_ecgs_a_qtc_carries_the_time_its_ecg_was_taken() -> None:
    """Records of one instant are one ECG (VAL-QTC-ECGS): the time is read where the record
    gives it, with its offset; a date alone, or `issued` only, gives none."""
    taken = observation(
        "t", QTC, "2026-11-16T09:02:00+08:00", valueQuantity={"value": 478, "unit": "ms"}
    )
    assert str(_newest(taken).taken_at) == "2026-11-16 09:02:00+08:00"
    day_only = observation("d", QTC, "2026-11-16", valueQuantity={"value": 478, "unit": "ms"})
    assert _newest(day_only).taken_at is None
    report = _report("r", "常规心电图检查", "2026-11-16T10:30:00+08:00", "QTc 472ms")
    assert str(_newest(OLDER, report).taken_at) == "2026-11-16 10:30:00+08:00"


SURVEY = {
    "coding": [
        {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}
    ]
}


@pytest.mark.parametrize(
    ("category", "words", "read"),
    [
        ([SURVEY], "心率 78次/分，QTc 478ms (自查)", ("2026-11-16", 478.0)),
        ([SURVEY], "QTcF 0.462 s", ("2026-11-16", 462.0)),
        # A form naming the QTc without a number gives none: the ECG's QTc stands.
        ([SURVEY], "注意监测QTc", ("2026-10-20", 440.0)),
        # Not a form: an Observation of another name is not read for its words.
        ([], "心率 78次/分，QTc 478ms", ("2026-10-20", 440.0)),
    ],
)
def test_val_qtc_text_a_forms_words_give_the_qtc(
    category: list[dict[str, Any]], words: str, read: tuple[str, float]
) -> None:
    """An assessment form's Observation (category survey: a nurse's form) whose words give the
    QTc with a number is that day's QTc; an older ECG's never stands in for it."""
    qtc = _newest(
        observation("old", QTC, "2026-10-20", valueQuantity={"value": 440, "unit": "ms"}),
        observation(
            "form", {"text": "护理评估单"}, "2026-11-16", category=category, valueString=words
        ),
    )
    assert (str(qtc.date), qtc.milliseconds) == read
