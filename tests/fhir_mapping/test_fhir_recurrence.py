"""LOT-RECURRENCE: a recurrence documented well after the diagnosis ends the curative setting."""

from __future__ import annotations

from datetime import date

import pytest

from eligibility.facts import LineSetting
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
