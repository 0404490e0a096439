"""LOT-RECURRENCE: a recurrence documented well after the diagnosis ends the curative setting."""

from __future__ import annotations

from datetime import date

import pytest

from eligibility.facts import LineSetting
from fhir_mapping.lines import restarts
from fhir_mapping.recurrence_words import says_recurred
from tests.support.relapse_chart import relapse_facts


@pytest.mark.parametrize(
    ("text", "recurred"),
    [
        ("鼻咽癌局部复发", True),
        ("鼻咽癌放化疗后复发", True),
        ("Recurrent nasopharyngeal carcinoma", True),
        ("NPC, relapsed", True),
        ("鼻咽癌治疗后未见复发", False),
        ("鼻咽癌 无局部复发", False),
        ("Nasopharyngeal carcinoma, no evidence of recurrence", False),
        ("鼻咽癌", False),
        # A recurrence's risk or its prevention is no recurrence.
        ("甲状腺乳头状癌 复发风险分层：中危", False),
        ("预防复发", False),
        ("Thyroid carcinoma, ATA low risk of recurrence", False),
        ("recurrence-free since 2019", False),
    ],
)
def test_lot_recurrence_words(text: str, recurred: bool) -> None:
    assert says_recurred(text) is recurred


def test_lot_recurrence_ends_the_curative_setting() -> None:
    facts = relapse_facts("鼻咽癌局部复发", date(2025, 10, 15))
    assert facts.diagnoses[0].relapsed_since == date(2025, 10, 15)
    assert [line.setting for line in facts.lines] == [
        LineSetting.CURATIVE,
        LineSetting.RECURRENT_METASTATIC,
    ]
    assert facts.metastatic.value is None  # a recurrence is not a distant metastasis


@pytest.mark.parametrize(
    ("text", "onset"),
    [
        ("鼻咽癌治疗后未见复发", date(2025, 10, 15)),  # denied
        ("鼻咽癌复发待排", date(2025, 10, 15)),  # in doubt
        ("鼻咽癌局部复发", date(2023, 3, 20)),  # within the de novo window: the disease found
    ],
)
def test_lot_recurrence_not_from_a_denial_a_doubt_or_the_first_work_up(
    text: str, onset: date
) -> None:
    facts = relapse_facts(text, onset)
    assert all(d.relapsed_since is None for d in facts.diagnoses)


# --- STG-RECURRED --------------------------------------------------------------------------------

M0_AT_DIAGNOSIS = date(2023, 2, 20)


@pytest.mark.parametrize(
    ("words", "why"),
    [
        ("鼻咽癌复发", '"鼻咽癌复发" (2025-10-15)'),
        ("Recurrent nasopharyngeal carcinoma", '"Recurrent nasopharyngeal carcinoma" (2025-10-15)'),
    ],
)
def test_stg_recurred_an_m0_before_a_recurrence_no_longer_decides(words: str, why: str) -> None:
    facts = relapse_facts(words, date(2025, 10, 15), m0_on=M0_AT_DIAGNOSIS)
    status = facts.metastatic
    assert (status.value, status.recurred) == (None, why)
    assert "before the cancer recurred" in status.reason
    (own,) = [s for s in facts.metastatic_by_diagnosis if s.recurred]
    assert own.value is None


def test_stg_recurred_a_recurrence_status_follows_every_m0() -> None:
    facts = relapse_facts(None, m0_on=M0_AT_DIAGNOSIS, status="recurrence")
    assert (facts.metastatic.value, facts.metastatic.recurred) == (
        None,
        'clinical status "recurrence"',
    )


NO_BREAK = date(2023, 4, 12)  # gemcitabine + toripalimab three weeks after the cisplatin


@pytest.mark.parametrize(
    ("words", "m0_on", "restart"),
    [
        # says where: local; what the 2025 therapy after the break treats (STG-RECURRED)
        ("鼻咽癌局部复发", M0_AT_DIAGNOSIS, date(2025, 11, 5)),
        ("Locoregional recurrence of nasopharyngeal carcinoma", M0_AT_DIAGNOSIS, date(2025, 11, 5)),
        ("鼻咽癌复发", date(2025, 10, 20), date(2025, 11, 5)),  # restaged after the recurrence
        # denied, and no therapy after a break (7 December 2026: that restart, which the chart
        # had here, is itself a recurrence: `test_stg_recurred_a_restart_after_a_denial`)
        ("鼻咽癌治疗后未见复发", M0_AT_DIAGNOSIS, NO_BREAK),
    ],
)
def test_stg_recurred_the_m0_stands(words: str, m0_on: date, restart: date) -> None:
    facts = relapse_facts(words, date(2025, 10, 15), m0_on=m0_on, restart=restart)
    assert (facts.metastatic.value, facts.metastatic.recurred) == (False, "")


RESTART = (
    "gemcitabine, toripalimab begun on 2025-11-05, 959 days after the last therapy on 2023-03-22"
)


def test_stg_recurred_therapy_begun_again_after_the_gap_follows_an_m0_staged_before_it() -> None:
    """No recurrence, metastasis or stage recorded since the M0 at diagnosis, but therapy given
    again after LOT-GAP's break treats a recurrence (LOT-RECURRENCE-UNDATED): the M0 describes
    the disease before it came back, and where it came back is not recorded."""
    facts = relapse_facts(None, m0_on=M0_AT_DIAGNOSIS)
    status = facts.metastatic
    assert status.value is None
    assert status.recurred.startswith(RESTART)
    assert "M0 recorded on 2023-02-20, before the cancer recurred (gemcitabine" in status.reason
    (own,) = facts.metastatic_by_diagnosis
    assert (own.value, own.recurred) == (None, status.recurred)
    assert set(own.evidence) > set(facts.stages[0].evidence)


def test_stg_recurred_a_restart_after_a_denial() -> None:
    """ "No recurrence seen" in October, then chemo-immunotherapy after a break of two years:
    the denial places nothing, the restart does."""
    facts = relapse_facts("鼻咽癌治疗后未见复发", date(2025, 10, 15), m0_on=M0_AT_DIAGNOSIS)
    assert facts.metastatic.value is None
    assert facts.metastatic.recurred.startswith(RESTART)


@pytest.mark.parametrize(
    ("m0_on", "restart"),
    [
        (date(2025, 10, 1), date(2025, 11, 5)),  # restaged in the break: the recurrence's stage
        (date(2025, 11, 20), date(2025, 11, 5)),  # staged after the therapy began again
        (date(2023, 3, 22), NO_BREAK),  # no break of 180 days: the course ran on
        (M0_AT_DIAGNOSIS, date(2023, 9, 1)),  # 163 days after the last cisplatin: no break
    ],
)
def test_stg_recurred_the_m0_stands_without_a_restart_since(m0_on: date, restart: date) -> None:
    facts = relapse_facts(None, m0_on=m0_on, restart=restart)
    assert (facts.metastatic.value, facts.metastatic.recurred) == (False, "")
    assert [s.value for s in facts.metastatic_by_diagnosis] == [False]


def test_stg_recurred_a_restart_is_the_cancers_own() -> None:
    """LOT-RECURRENCE-UNDATED: the lines LOT-GAP began, with the last day of therapy before."""
    facts = relapse_facts(None, m0_on=M0_AT_DIAGNOSIS)
    (restart,) = restarts(facts.lines)
    assert (restart.after, restart.start, restart.agents) == (
        date(2023, 3, 22),
        date(2025, 11, 5),
        ("gemcitabine", "toripalimab"),
    )
    assert restart.cancer_type == facts.diagnoses[0].cancer_type
    assert restarts(relapse_facts(None, m0_on=M0_AT_DIAGNOSIS, restart=NO_BREAK).lines) == ()


# --- LOT-RECURRENCE-UNDATED ----------------------------------------------------------------------


def test_lot_recurrence_undated_placed_at_the_restart_after_the_first_course() -> None:
    facts = relapse_facts(None, m0_on=M0_AT_DIAGNOSIS, status="recurrence")
    assert facts.diagnoses[0].recurred_undated
    assert facts.diagnoses[0].relapsed_since is None
    assert [line.setting for line in facts.lines] == [
        LineSetting.CURATIVE,
        LineSetting.RECURRENT_METASTATIC,
    ]


@pytest.mark.parametrize(
    ("m0_on", "restart"),
    [
        (None, date(2025, 11, 5)),  # no M0: the first course may have treated metastases
        (date(2023, 9, 1), date(2025, 11, 5)),  # M0 staged long after diagnosis
        (M0_AT_DIAGNOSIS, date(2023, 6, 1)),  # no break of 180 days: the course may run on
    ],
)
def test_lot_recurrence_undated_not_placed(m0_on: date | None, restart: date) -> None:
    facts = relapse_facts(None, m0_on=m0_on, status="relapse", restart=restart)
    assert {line.setting for line in facts.lines} == {LineSetting.NOT_DETERMINED}


@pytest.mark.parametrize("words", ["肺继发恶性肿瘤", "Secondary malignant neoplasm of lung"])
def test_lot_recurrence_undated_a_metastasis_entered_without_an_onset(words: str) -> None:
    """A distant metastasis entered in 2025 with a recorded date only, after the M0 cancer's
    first course: it recurred after that course, placed at the restart as a recurrence status
    is."""
    facts = relapse_facts(words, m0_on=M0_AT_DIAGNOSIS, recorded=date(2025, 10, 1))
    assert facts.diagnoses[0].recurred_undated
    assert facts.metastatic.value is True
    assert [line.setting for line in facts.lines] == [
        LineSetting.CURATIVE,
        LineSetting.RECURRENT_METASTATIC,
    ]


def test_lot_recurrence_undated_a_metastasis_entered_with_no_date_at_all() -> None:
    """A distant metastasis whose entry carries neither an onset nor a recorded date says
    nothing against the M0 at diagnosis: placed at the restart as one entered late is; without
    the M0, nothing is placed."""
    facts = relapse_facts("肺继发恶性肿瘤", m0_on=M0_AT_DIAGNOSIS, undated=True)
    assert facts.diagnoses[0].recurred_undated
    assert [line.setting for line in facts.lines] == [
        LineSetting.CURATIVE,
        LineSetting.RECURRENT_METASTATIC,
    ]
    unstaged = relapse_facts("肺继发恶性肿瘤", undated=True)
    assert not unstaged.diagnoses[0].recurred_undated
    assert {line.setting for line in unstaged.lines} == {LineSetting.NOT_DETERMINED}


def test_lot_recurrence_undated_a_restart_before_the_documented_spread_places_it() -> None:
    """The M0 cancer's first course (cisplatin in March 2023), gemcitabine + toripalimab begun
    again in November 2025 after a long break, and lung metastases documented in January 2026,
    on the restaging during it: the restart treats the disease come back (one R/M line), as
    when nothing of the spread is recorded. Without the M0, the first course may have treated
    metastatic disease, and the dated spread decides alone."""
    words = "肺继发恶性肿瘤"
    facts = relapse_facts(words, date(2026, 1, 10), m0_on=M0_AT_DIAGNOSIS)
    assert [(line.setting, line.possible) for line in facts.lines] == [
        (LineSetting.CURATIVE, False),
        (LineSetting.RECURRENT_METASTATIC, False),
    ]
    unstaged = relapse_facts(words, date(2026, 1, 10))
    assert LineSetting.CURATIVE in {line.setting for line in unstaged.lines[1:]}


@pytest.mark.parametrize(
    ("words", "status", "recorded", "undated"),
    [
        (None, "recurrence", None, False),
        ("肺继发恶性肿瘤", None, date(2025, 10, 1), False),
        ("肺继发恶性肿瘤", None, None, True),
    ],
)
def test_lot_recurrence_undated_a_first_course_with_nothing_since_is_curative(
    words: str | None, status: str | None, recorded: date | None, undated: bool
) -> None:
    """The M0 cancer's first course (cisplatin in March 2023) and nothing since: it recurred or
    spread after that course, whenever, so the course treated locoregional disease (no R/M
    line); without the M0, or with nothing recorded of a recurrence, nothing is placed."""
    facts = relapse_facts(
        words,
        m0_on=M0_AT_DIAGNOSIS,
        status=status,
        recorded=recorded,
        undated=undated,
        restart=None,
    )
    assert facts.diagnoses[0].recurred_undated
    assert [line.setting for line in facts.lines] == [LineSetting.CURATIVE]
    unstaged = relapse_facts(words, status=status, recorded=recorded, undated=undated, restart=None)
    assert [line.setting for line in unstaged.lines] == [LineSetting.NOT_DETERMINED]
    follow_up = relapse_facts(None, m0_on=M0_AT_DIAGNOSIS, restart=None)
    assert [line.setting for line in follow_up.lines] == [LineSetting.NOT_DETERMINED]


@pytest.mark.parametrize(
    ("m0_on", "recorded"),
    [
        (None, date(2025, 10, 1)),  # no M0 at diagnosis: the first course may have treated it
        (M0_AT_DIAGNOSIS, date(2023, 3, 10)),  # entered within the de novo window
    ],
)
def test_lot_recurrence_undated_a_metastasis_entered_early_or_without_m0_is_not_placed(
    m0_on: date | None, recorded: date
) -> None:
    facts = relapse_facts("肺继发恶性肿瘤", m0_on=m0_on, recorded=recorded)
    assert not facts.diagnoses[0].recurred_undated
    assert {line.setting for line in facts.lines} == {LineSetting.NOT_DETERMINED}
