"""Values as systems send them (VAL-STRING, VAL-QTC, VAL-NEWEST, VAL-PS-SCALE, VAL-PS-RANGE,
VAL-VALUE-DATE) and the
Karnofsky -> ECOG equivalent the facts carry (CNV-KPS-ECOG), read from small charts through
`build_facts`."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eligibility.facts import PatientFacts, PerformanceStatus
from eligibility.vocabulary import Analyte, PerformanceScale
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.value_strings import Reading, Span, read_integer, read_number, read_range
from tests.fhir_mapping.conftest import AS_OF

LOINC = "http://loinc.org"
PATIENT = {"resourceType": "Patient", "id": "p", "gender": "male", "birthDate": "1971-06-14"}


def observation(oid: str, code: dict[str, Any], when: str, **value: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "subject": {"reference": "Patient/p"},
        "code": code,
        "effectiveDateTime": when,
        **value,
    }


def loinc(code: str, display: str = "") -> dict[str, Any]:
    return {"coding": [{"system": LOINC, "code": code, "display": display}]}


QTC = loinc("8636-3", "QTc interval")
ECOG = loinc("89247-1", "ECOG Performance Status score")
KPS = loinc("89243-0", "Karnofsky Performance Status score")


def facts_of(*observations: dict[str, Any]) -> PatientFacts:
    return build_facts(
        [PATIENT, *observations], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("452 ms", Reading(452, "ms")),
        ("0.438s", Reading(0.438, "s")),
        ("QTc 448", Reading(448, "")),
        ("ECOG 1分", Reading(1, "分")),
        ("KPS 80分", Reading(80, "分")),
        ("1级", Reading(1, "级")),
        ("Hb 12.5 g/dL.", Reading(12.5, "g/dl")),
        ("见报告 (see report)", None),
        ("see report", None),
        ("normal", None),
        ("440-460", None),
        ("1~2级", None),
        ("<450 ms", None),
        ("约450", None),
        ("-1", None),
        (None, None),
    ],
)
def test_val_string_reads_the_one_number_and_its_unit(text: Any, expected: Reading | None) -> None:
    """VAL-STRING: a string gives its number and unit; a range, a bound, an estimate or no
    number at all is unreadable."""
    assert read_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0-1分", Span(0, 1, "分")),
        ("ECOG 1~2", Span(1, 2, "")),
        ("KPS 70–80%", Span(70, 80, "%")),
        ("ECOG: 0 to 1", Span(0, 1, "")),
        ("PS 0/1", Span(0, 1, "")),
        ("ECOG 1 or 2", Span(1, 2, "")),
        ("1/1", None),
        ("1", None),
        ("2-1", None),
        ("1-1", None),
        ("约1-2", None),
        ("<1-2", None),
        ("1-2左右", None),
        ("1.5-2", None),
        ("-1-2", None),
        (None, None),
    ],
)
def test_val_ps_range_reads_two_whole_numbers_the_lower_first(
    text: Any, expected: Span | None
) -> None:
    assert read_range(text) == expected


def test_val_string_reads_a_grade_only_with_a_known_suffix() -> None:
    """VAL-STRING: the shared reader other mappers (comorbidity grades "1级") use."""
    assert read_integer("1级", frozenset({"", "级"})) == 1
    assert read_integer("Grade 2", frozenset({""})) == 2
    assert read_integer("1 (was 2)", frozenset({"", "级"})) is None
    assert read_integer("1.5级", frozenset({"级"})) is None


@pytest.mark.parametrize(
    ("value", "milliseconds"),
    [
        ({"valueString": "452 ms"}, 452),
        ({"valueString": "0.438s"}, 438),
        ({"valueString": "QTc 448"}, 448),
        ({"valueString": "446毫秒"}, 446),
        ({"valueQuantity": {"value": 0.441, "unit": "s", "code": "s"}}, 441),
        ({"valueQuantity": {"value": 0.441}}, 441),
        ({"valueInteger": 430}, 430),
    ],
)
def test_val_string_and_val_qtc_read_qtc_strings_and_seconds(
    value: dict[str, Any], milliseconds: float
) -> None:
    """VAL-STRING, VAL-QTC: strings with units and prefixes, and seconds, are QTc in ms."""
    qtc = facts_of(observation("q", QTC, "2026-11-16", **value)).qtc
    assert qtc is not None
    assert qtc.milliseconds == pytest.approx(milliseconds)


@pytest.mark.parametrize(
    "code",
    [
        {"coding": [{"system": "http://hospital.example.cn/ecg", "code": "QTCF"}], "text": "QTcF"},
        {"coding": [{"system": "http://hospital.example.cn/ecg", "code": "QTCB"}], "text": "QTcB"},
        {"text": "QT interval, Fridericia-corrected"},
        {"text": "心电图QTc"},
        {"text": "Q-T间期(校正)"},
        {"text": "Q-Tc interval"},
        {"text": "QT interval (corrected)"},
        loinc("76634-5"),  # unverified: recognised, and its text would be too
    ],
)
def test_val_qtc_recognises_qtcf_and_qtcb_by_code_or_text(code: dict[str, Any]) -> None:
    """VAL-QTC: QTcF and QTcB are QTc, by a local code's text or by name."""
    qtc = facts_of(observation("q", code, "2026-11-16", valueQuantity={"value": 446, "unit": "ms"}))
    assert qtc.qtc is not None
    assert qtc.qtc.milliseconds == 446


def test_val_qtc_component_of_an_ecg_panel_and_a_has_member_target() -> None:
    """VAL-QTC: a QTc component of a panel is read; a panel's `hasMember` QTc is its own
    Observation and is read as such."""
    panel = observation(
        "ecg",
        loinc("34534-8", "12 lead EKG panel"),
        "2026-11-16",
        component=[
            {"code": loinc("8867-4", "Heart rate"), "valueQuantity": {"value": 72}},
            {"code": QTC, "valueQuantity": {"value": 0.441, "unit": "s"}},
        ],
    )
    qtc = facts_of(panel).qtc
    assert qtc is not None
    assert qtc.milliseconds == 441
    member = observation("m", QTC, "2026-11-16", valueQuantity={"value": 0.441, "unit": "s"})
    by_member = dict(panel, component=None, hasMember=[{"reference": "Observation/m"}])
    qtc = facts_of({k: v for k, v in by_member.items() if v is not None}, member).qtc
    assert qtc is not None
    assert qtc.milliseconds == 441


@pytest.mark.parametrize(
    ("code", "method"),
    [
        ({"text": "Holter QTc max (24 h)"}, None),
        ({"text": "动态心电图 QTc最大值"}, None),
        (QTC, {"text": "24-hour Holter monitoring"}),
        (QTC, {"text": "Ambulatory ECG"}),
    ],
)
def test_val_qtc_a_holters_qtc_is_no_resting_qtc(
    code: dict[str, Any], method: dict[str, Any] | None
) -> None:
    """VAL-QTC (twenty-eighth session): a Holter's QTc, named so in its code or its method, is
    not the resting 12-lead ECG's QTc: the older 12-lead's 432 ms stays the QTc."""
    holter = observation("h", code, "2026-11-20", valueQuantity={"value": 498, "unit": "ms"})
    if method is not None:
        holter["method"] = method
    twelve_lead = observation("e", QTC, "2026-11-16", valueQuantity={"value": 432, "unit": "ms"})
    qtc = facts_of(twelve_lead, holter).qtc
    assert qtc is not None
    assert qtc.milliseconds == 432
    assert qtc.evidence == ("Observation/e",)


def test_val_qtc_a_12_lead_ecg_is_still_read_beside_the_holter_pattern() -> None:
    """VAL-QTC: a resting "12-lead ECG" is no Holter; the QTc of an ECG so named is read."""
    ecg = observation(
        "e", {"text": "12导联心电图 QTc"}, "2026-11-16", valueQuantity={"value": 462, "unit": "ms"}
    )
    ecg["method"] = {"text": "Resting 12-lead ECG"}
    qtc = facts_of(ecg).qtc
    assert qtc is not None
    assert qtc.milliseconds == 462


def test_val_newest_unreadable_qtc_is_the_fact_and_the_older_one_never_stands_in() -> None:
    """VAL-NEWEST: the newest QTc cannot be read, so the fact says so; 430 ms is older."""
    qtc = facts_of(
        observation("old", QTC, "2026-09-30", valueQuantity={"value": 430, "unit": "ms"}),
        observation("new", QTC, "2026-11-16", valueString="见报告 (see report)"),
    ).qtc
    assert qtc is not None
    assert qtc.milliseconds is None
    assert qtc.unreadable == "见报告 (see report)"
    assert qtc.evidence == ("Observation/new",)


def test_val_newest_a_qtc_without_any_value_is_not_a_reading() -> None:
    """VAL-NEWEST: no value at all (dataAbsentReason) is not a result, so the older one is."""
    absent = {"dataAbsentReason": {"text": "not performed"}}
    qtc = facts_of(
        observation("old", QTC, "2026-09-30", valueQuantity={"value": 430, "unit": "ms"}),
        observation("new", QTC, "2026-11-16", **absent),
    ).qtc
    assert qtc is not None
    assert qtc.milliseconds == 430


def test_val_newest_unreadable_lab_is_the_fact() -> None:
    """VAL-NEWEST, VAL-STRING: a lab string is read with its unit; an unreadable newest one
    is kept as unreadable."""
    hb = loinc("718-7", "Hemoglobin")
    facts = facts_of(observation("hb", hb, "2026-11-16", valueString="125 g/L"))
    assert facts.lab(Analyte.HEMOGLOBIN) is not None
    assert facts.lab(Analyte.HEMOGLOBIN).value == 12.5  # type: ignore[union-attr]
    facts = facts_of(
        observation("old", hb, "2026-10-16", valueQuantity={"value": 125, "unit": "g/L"}),
        observation("new", hb, "2026-11-16", valueString="溶血 (haemolysed)"),
    )
    newest = facts.lab(Analyte.HEMOGLOBIN)
    assert newest is not None
    assert newest.value is None
    assert newest.unreadable == "溶血 (haemolysed)"


@pytest.mark.parametrize(
    ("code", "analyte", "value", "read"),
    [
        # Units as Chinese laboratory systems print them: the multiplication sign, a caret or
        # a superscript exponent.
        ("777-3", Analyte.PLATELETS, {"valueQuantity": {"value": 150, "unit": "×10^9/L"}}, 150),
        ("751-8", Analyte.ANC, {"valueQuantity": {"value": 1.8, "unit": "×10⁹/L"}}, 1.8),
        ("777-3", Analyte.PLATELETS, {"valueString": "98 ×10^9/L"}, 98),
        # A high or low arrow after a string value is the laboratory's flag.
        ("2160-0", Analyte.CREATININE, {"valueString": "88 μmol/L ↑"}, 0.9955),
        ("718-7", Analyte.HEMOGLOBIN, {"valueString": "85 g/L↓"}, 8.5),
    ],
)
def test_val_lab_units_as_laboratories_print_them(
    code: str, analyte: Analyte, value: dict[str, Any], read: float
) -> None:
    """VAL-LAB-UNITS: "×10^9/L" is 10*9/L; "88 μmol/L ↑" is 88 μmol/L, flagged high."""
    lab = facts_of(observation("lab", loinc(code), "2026-11-16", **value)).lab(analyte)
    assert lab is not None
    assert lab.value == read


@pytest.mark.parametrize(
    ("code", "value", "scale", "score"),
    [
        (ECOG, {"valueString": "ECOG 1分"}, PerformanceScale.ECOG, 1),
        (ECOG, {"valueString": "2级"}, PerformanceScale.ECOG, 2),
        (KPS, {"valueString": "KPS 80分"}, PerformanceScale.KARNOFSKY, 80),
        (KPS, {"valueString": "80%"}, PerformanceScale.KARNOFSKY, 80),
        ({"text": "体力状态评分"}, {"valueInteger": 1}, PerformanceScale.ECOG, 1),
    ],
)
def test_val_string_reads_performance_scores(
    code: dict[str, Any], value: dict[str, Any], scale: PerformanceScale, score: int
) -> None:
    """VAL-STRING: ECOG and Karnofsky scores with Chinese and English suffixes."""
    latest = facts_of(observation("ps", code, "2026-11-16", **value)).latest_performance()
    assert latest is not None
    assert (latest.scale, latest.score) == (scale, score)


@pytest.mark.parametrize(
    ("value", "score"),
    [
        ({"valueString": "Fully active, able to carry on all pre-disease performance"}, 0),
        ({"valueString": "Restricted in physically strenuous activity but ambulatory"}, 1),
        ({"valueString": "Capable of only limited self-care"}, 3),
        (
            {"valueCodeableConcept": {"text": "Completely disabled. Cannot carry on any selfcare"}},
            4,
        ),
        # A number decides: the words are read only without one.
        ({"valueString": "1 - Restricted in physically strenuous activity"}, 1),
    ],
)
def test_val_ps_words_the_ecog_grades_words(value: dict[str, Any], score: int) -> None:
    """VAL-PS-WORDS: the scale's own words for a grade, without its number."""
    latest = facts_of(observation("ps", ECOG, "2026-11-16", **value)).latest_performance()
    assert latest is not None
    assert (latest.scale, latest.score) == (PerformanceScale.ECOG, score)


@pytest.mark.parametrize(
    ("value", "score", "high"),
    [
        ("ECOG 1 (baseline), now 3", 3, None),
        ("基线1分，目前3分", 3, None),
        ("PS 2 at diagnosis; currently 0-1", 0, 1),
        ("ECOG 1, now: 2.", 2, None),
    ],
)
def test_val_ps_now_todays_score_decides(value: str, score: int, high: int | None) -> None:
    """VAL-PS-NOW (twenty-eighth session): a value giving an earlier score and today's is
    today's; the earlier one is history."""
    latest = facts_of(observation("ps", ECOG, "2026-11-16", valueString=value)).latest_performance()
    assert latest is not None
    assert (latest.score, latest.score_high) == (score, high)


@pytest.mark.parametrize(
    ("value", "score", "high"),
    [
        ("ECOG 1→3", 3, None),
        ("PS 1 -> 2", 2, None),
        ("ECOG 1 → 3 (现)", 3, None),
        ("ECOG 1 → 3（目前）", 3, None),
        ("1分变为3分", 3, None),
        ("ECOG 0-1 → 2", 2, None),
        ("ECOG 3 → 1-2", 1, 2),
        ("ECOG 1→2→3", 3, None),
    ],
)
def test_val_ps_now_an_arrow_between_scores(value: str, score: int, high: int | None) -> None:
    """VAL-PS-NOW (twenty-eighth session): a change written with an arrow between scores is
    read at the score after the last arrow, today's (chart `rw_ecog_arrow_between_scores`)."""
    latest = facts_of(observation("ps", ECOG, "2026-11-16", valueString=value)).latest_performance()
    assert latest is not None
    assert (latest.score, latest.score_high) == (score, high)


def test_val_ps_now_an_arrow_keeps_the_values_scale() -> None:
    """VAL-PS-NOW: under a title naming no scale, "KPS 80→60" is Karnofsky 60, not a grade."""
    latest = facts_of(
        observation("ps", {"text": "体力状况"}, "2026-11-16", valueString="KPS 80→60")
    ).latest_performance()
    assert latest is not None
    assert (latest.scale, latest.score) == (PerformanceScale.KARNOFSKY, 60)


@pytest.mark.parametrize("value", ["ECOG 1 → worse", "ECOG 1→"])
def test_val_ps_now_an_arrow_to_no_score_is_unreadable(value: str) -> None:
    """VAL-PS-NOW: no score after the arrow: unreadable (unknown), as before."""
    latest = facts_of(observation("ps", ECOG, "2026-11-16", valueString=value)).latest_performance()
    assert latest is not None
    assert latest.score is None


@pytest.mark.parametrize("value", ["ECOG 1, now improving", "ECOG 1, 出现3次"])
def test_val_ps_now_other_words_are_not_todays_score(value: str) -> None:
    """VAL-PS-NOW: no score after the marker, or a marker inside a word (出现): unreadable, as
    before."""
    latest = facts_of(observation("ps", ECOG, "2026-11-16", valueString=value)).latest_performance()
    assert latest is not None
    assert latest.score is None


def test_val_ps_words_other_words_stay_unreadable() -> None:
    latest = facts_of(
        observation("ps", ECOG, "2026-11-16", valueString="Patient is restricted, see note")
    ).latest_performance()
    assert latest is not None
    assert latest.score is None


def _newest_after_ecog_1(code: dict[str, Any], **value: Any) -> PerformanceStatus:
    """The newest performance status of a chart with ECOG 1 on 2026-10-26 and `code` valued
    `value` on 2026-11-16."""
    facts = facts_of(
        observation("old", ECOG, "2026-10-26", valueInteger=1),
        observation("ps", code, "2026-11-16", **value),
    )
    latest = facts.latest_performance()
    assert latest is not None
    return latest


@pytest.mark.parametrize(
    ("code", "value", "scale", "score"),
    [
        # The value names the scale its title leaves open.
        ({"text": "体力状况"}, {"valueString": "ECOG 2分"}, PerformanceScale.ECOG, 2),
        ({"text": "体力状况评分"}, {"valueString": "KPS 60分"}, PerformanceScale.KARNOFSKY, 60),
        ({"text": "Performance status"}, {"valueString": "Zubrod 1"}, PerformanceScale.ECOG, 1),
        # The title names it beside the generic words.
        ({"text": "体力状况评分（KPS）"}, {"valueInteger": 70}, PerformanceScale.KARNOFSKY, 70),
        # Neither does: 0-5 is ECOG, a Karnofsky score from 10 is Karnofsky.
        ({"text": "体力状况评分"}, {"valueInteger": 80}, PerformanceScale.KARNOFSKY, 80),
        ({"text": "体能状态"}, {"valueString": "3级"}, PerformanceScale.ECOG, 3),
        ({"text": "performance status"}, {"valueInteger": 0}, PerformanceScale.ECOG, 0),
    ],
)
def test_val_ps_scale_a_score_on_the_scale_its_record_names(
    code: dict[str, Any], value: dict[str, Any], scale: PerformanceScale, score: int
) -> None:
    """VAL-PS-SCALE: the scale is the value's, else the title's, else the score's range."""
    latest = _newest_after_ecog_1(code, **value)
    assert (latest.date, latest.scale, latest.score) == (date(2026, 11, 16), scale, score)


@pytest.mark.parametrize(
    ("code", "value", "unreadable"),
    [
        (ECOG, {"valueString": "KPS 80"}, "KPS 80 (the value names another scale than its title)"),
        ({"text": "体力状况"}, {"valueString": "良好"}, "良好 (the scale is not named)"),
    ],
)
def test_val_ps_scale_a_scale_left_open_is_an_unreadable_newest_score(
    code: dict[str, Any], value: dict[str, Any], unreadable: str
) -> None:
    """VAL-PS-SCALE, VAL-NEWEST: the older ECOG 1 does not stand in."""
    latest = _newest_after_ecog_1(code, **value)
    assert (latest.date, latest.score, latest.unreadable) == (date(2026, 11, 16), None, unreadable)


@pytest.mark.parametrize("score", [7, 75, -1])
def test_val_ps_scale_a_number_on_neither_scale_is_no_score(score: int) -> None:
    """As under an ECOG or Karnofsky title (the -1 some systems send for "not assessed")."""
    latest = _newest_after_ecog_1({"text": "体力状况评分"}, valueInteger=score)
    assert (latest.date, latest.score) == (date(2026, 10, 26), 1)


@pytest.mark.parametrize("name", ["ECOG", "PS", "体力状态评分"])
def test_val_newest_ecog_as_a_component_of_an_assessment_panel(name: str) -> None:
    """VAL-NEWEST: an ECOG recorded as a component (coded or named) of a panel is a score."""
    panel = observation(
        "adm",
        {"text": "肿瘤内科入院评估 (oncology admission assessment)"},
        "2026-11-16",
        component=[
            {"code": {"text": "NRS pain score"}, "valueInteger": 2},
            {"code": {"text": name}, "valueInteger": 1},
        ],
    )
    latest = facts_of(panel).latest_performance()
    assert latest is not None
    assert (latest.scale, latest.score, latest.ecog) == (PerformanceScale.ECOG, 1, 1)


def test_val_newest_unreadable_ecog_is_the_newest_score() -> None:
    """VAL-NEWEST: "1 (was 2)" is not a score; it is the newest, so ECOG 1 from March never
    decides."""
    facts = facts_of(
        observation("old", ECOG, "2026-03-19", valueInteger=1),
        observation("new", ECOG, "2026-11-16", valueString="ECOG 1 (was 2)"),
    )
    latest = facts.latest_performance()
    assert latest is not None
    assert latest.score is None
    assert latest.unreadable == "ECOG 1 (was 2)"


@pytest.mark.parametrize(
    ("code", "text", "scale", "span"),
    [
        (ECOG, "0-1分", PerformanceScale.ECOG, (0, 1)),
        (ECOG, "ECOG 1~2", PerformanceScale.ECOG, (1, 2)),
        (ECOG, "1至2级", PerformanceScale.ECOG, (1, 2)),
        (KPS, "KPS 70-80分", PerformanceScale.KARNOFSKY, (70, 80)),
        ({"text": "体力状况评分"}, "70-80", PerformanceScale.KARNOFSKY, (70, 80)),
        ({"text": "体力状况评分"}, "0-1", PerformanceScale.ECOG, (0, 1)),
    ],
)
def test_val_ps_range_a_score_written_as_a_range_is_kept_as_one(
    code: dict[str, Any], text: str, scale: PerformanceScale, span: tuple[int, int]
) -> None:
    """VAL-PS-RANGE: "0-1分" is a choice between 0 and 1, kept whole for the rule to judge;
    it has no single ECOG equivalent."""
    latest = facts_of(observation("ps", code, "2026-11-16", valueString=text)).latest_performance()
    assert latest is not None
    assert (latest.scale, latest.score, latest.score_high, latest.ecog) == (scale, *span, None)


@pytest.mark.parametrize("text", ["2-1", "1-7", "KPS 75-85", "约0-1", "0-1 ms", "1.5-2"])
def test_val_ps_range_a_range_off_the_scale_is_unreadable(text: str) -> None:
    code = KPS if "KPS" in text else ECOG
    latest = facts_of(observation("ps", code, "2026-11-16", valueString=text)).latest_performance()
    assert latest is not None
    assert (latest.score, latest.unreadable) == (None, text)


@pytest.mark.parametrize(
    ("text", "assessed"),
    [
        ("ECOG 1 (2026-11-16)", date(2026, 11, 16)),
        ("1分（2026年11月10日）", date(2026, 11, 10)),
        ("ECOG 1 (2025-09-08)", date(2025, 9, 8)),
        ("ECOG 1 (2025.09)", date(2025, 9, 1)),
        # A later day than the record's is not believed over the record.
        ("ECOG 1 (2026-11-20)", date(2026, 11, 16)),
    ],
)
def test_val_value_date_a_score_is_as_old_as_the_day_it_names(text: str, assessed: date) -> None:
    """VAL-VALUE-DATE: a score copied forward with its assessment day is dated by that day."""
    latest = facts_of(observation("ps", ECOG, "2026-11-16", valueString=text)).latest_performance()
    assert latest is not None
    assert (latest.score, latest.date) == (1, assessed)


def test_val_value_date_the_newest_assessment_is_the_newest_score() -> None:
    """A newer record carrying last year's score copied forward is older than an assessment
    made between them."""
    facts = facts_of(
        observation("between", ECOG, "2026-10-01", valueInteger=2),
        observation("copied", ECOG, "2026-11-16", valueString="ECOG 1 (2025-09-08)"),
    )
    assert [(p.score, p.date) for p in facts.performance] == [
        (2, date(2026, 10, 1)),
        (1, date(2025, 9, 8)),
    ]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("ECOG 1分，KPS 80分", [(PerformanceScale.ECOG, 1), (PerformanceScale.KARNOFSKY, 80)]),
        ("KPS 90 ECOG 0", [(PerformanceScale.KARNOFSKY, 90), (PerformanceScale.ECOG, 0)]),
        ("KPS 80分(ECOG 1分)", [(PerformanceScale.KARNOFSKY, 80), (PerformanceScale.ECOG, 1)]),
        ("ECOG 1分；KPS 80", [(PerformanceScale.ECOG, 1), (PerformanceScale.KARNOFSKY, 80)]),
        # One score, its scale named twice: one value.
        ("ECOG评分(ECOG): 1分", [(PerformanceScale.ECOG, 1)]),
    ],
)
def test_val_ps_both_a_value_on_two_scales_is_a_score_on_each(
    text: str, read: list[tuple[PerformanceScale, int | None]]
) -> None:
    """VAL-PS-BOTH: the flowsheet's line with both scales gives a score on each, of the
    record's day, for VAL-SAME-DAY to judge together."""
    facts = facts_of(observation("ps", ECOG, "2026-11-16", valueString=text))
    assert [(p.scale, p.score) for p in facts.performance] == read
    assert {p.date for p in facts.performance} == {date(2026, 11, 16)}


@pytest.mark.parametrize("reverse", [False, True])
def test_val_ps_both_a_panels_components_are_a_score_each_in_any_order(reverse: bool) -> None:
    """VAL-PS-BOTH, VAL-SAME-DAY: an assessment panel's ECOG and Karnofsky components are both
    that day's scores, whichever the panel lists first."""
    components = [
        {"code": ECOG, "valueInteger": 1},
        {"code": KPS, "valueInteger": 60},
    ]
    panel = observation(
        "panel",
        {"text": "肿瘤内科入院评估"},
        "2026-11-16",
        component=components[::-1] if reverse else components,
    )
    read = {(p.scale, p.score, p.date) for p in facts_of(panel).performance}
    assert read == {
        (PerformanceScale.ECOG, 1, date(2026, 11, 16)),
        (PerformanceScale.KARNOFSKY, 60, date(2026, 11, 16)),
    }


def test_val_unreadable_a_performance_value_too_long_to_be_a_score_is_not_searched() -> None:
    """VAL-UNREADABLE: a note pasted into the score's field (here 3,000 characters that name a
    score) is the newest value, unreadable: no older score stands in."""
    facts = facts_of(
        observation("old", ECOG, "2026-10-26", valueInteger=1),
        observation("ps", ECOG, "2026-11-16", valueString="ECOG 1分 " + "x" * 3_000),
    )
    latest = facts.latest_performance()
    assert latest is not None
    assert (latest.score, latest.date) == (None, date(2026, 11, 16))
    assert latest.unreadable is not None
    assert latest.unreadable.endswith("(3008 characters)")


def test_val_value_date_words_that_are_no_day_leave_the_value_unreadable() -> None:
    latest = facts_of(
        observation("ps", ECOG, "2026-11-16", valueString="ECOG 1 (3个月前)")
    ).latest_performance()
    assert latest is not None
    assert (latest.score, latest.date) == (None, date(2026, 11, 16))


@pytest.mark.parametrize(("kps", "ecog"), [(100, 0), (90, None), (80, 1), (70, None), (60, 2)])
def test_cnv_kps_ecog_the_facts_carry_a_single_equivalent_only(kps: int, ecog: int | None) -> None:
    """CNV-KPS-ECOG: the ECOG equivalent is set only when the one table gives one grade."""
    latest = facts_of(observation("k", KPS, "2026-11-16", valueInteger=kps)).latest_performance()
    assert latest is not None
    assert (latest.score, latest.ecog) == (kps, ecog)
