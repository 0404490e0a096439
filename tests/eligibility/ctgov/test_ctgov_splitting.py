"""Splitting ClinicalTrials.gov eligibility text into inclusion and exclusion items."""

from __future__ import annotations

import pytest

from eligibility.ctgov import split_eligibility


def texts(raw: str) -> list[tuple[str, str]]:
    return [(item.section, item.text) for item in split_eligibility(raw)]


def test_markdown_bullets_under_the_usual_headings() -> None:
    raw = (
        "Inclusion Criteria:\n\n* Age ≥ 18 years\n* ECOG 0-1\n\n"
        "Exclusion Criteria:\n\n* Brain metastases\n"
    )
    assert texts(raw) == [
        ("inclusion", "Age ≥ 18 years"),
        ("inclusion", "ECOG 0-1"),
        ("exclusion", "Brain metastases"),
    ]


@pytest.mark.parametrize(
    ("inclusion", "exclusion"),
    [
        ("Inclusion Criteria:", "Exclusion Criteria:"),
        ("INCLUSION CRITERIA", "EXCLUSION CRITERIA"),
        ("Key Inclusion Criteria:", "Key Exclusion Criteria:"),
        ("Inclusion criteria", "Exclusion criteria"),
        ("Main inclusion criteria:", "Main exclusion criteria:"),
        ("* Inclusion Criteria:", "* Exclusion Criteria:"),
    ],
)
def test_heading_variants(inclusion: str, exclusion: str) -> None:
    raw = f"{inclusion}\n\n- first\n\n{exclusion}\n\n- second\n"
    assert texts(raw) == [("inclusion", "first"), ("exclusion", "second")]


@pytest.mark.parametrize(
    "markers",
    [
        ("*", "*"),
        ("-", "-"),
        ("•", "•"),
        ("1.", "2."),
        ("1)", "2)"),
        ("(1)", "(2)"),
        ("a.", "b."),
        ("i.", "ii."),
    ],
)
def test_bullet_and_numbering_styles(markers: tuple[str, str]) -> None:
    raw = f"Inclusion Criteria:\n{markers[0]} Adults\n{markers[1]} ECOG 0-2\n"
    assert texts(raw) == [("inclusion", "Adults"), ("inclusion", "ECOG 0-2")]


def test_continuation_lines_are_joined_and_paragraphs_are_items() -> None:
    raw = (
        "Inclusion Criteria:\n\n1. Histologically confirmed\n   nasopharyngeal carcinoma\n\n"
        "Patients must sign consent.\n"
    )
    assert texts(raw) == [
        ("inclusion", "Histologically confirmed nasopharyngeal carcinoma"),
        ("inclusion", "Patients must sign consent."),
    ]


def test_nested_list_keeps_the_lead_in_as_context() -> None:
    raw = (
        "Inclusion Criteria:\n"
        "* Adequate organ function, defined as:\n"
        "  * ANC ≥ 1.5 x 10^9/L\n"
        "  * Platelets ≥ 100 x 10^9/L\n"
        "* ECOG 0-1\n"
    )
    items = split_eligibility(raw)
    assert [(i.text, i.depth, i.context) for i in items] == [
        ("ANC ≥ 1.5 x 10^9/L", 1, "Adequate organ function, defined as:"),
        ("Platelets ≥ 100 x 10^9/L", 1, "Adequate organ function, defined as:"),
        ("ECOG 0-1", 0, None),
    ]
    assert [i.number for i in items] == [1, 2, 3]


def test_a_negating_lead_in_turns_inclusion_children_into_exclusions() -> None:
    raw = (
        "Inclusion Criteria:\n"
        "* Patients must have none of the following:\n"
        "  * Brain metastases\n"
        "* ECOG 0-1\n"
    )
    child, other = split_eligibility(raw)
    assert child.section == "inclusion"
    assert child.negated_context
    assert child.excludes
    assert not other.excludes


def test_a_lead_in_restating_the_exclusion_does_not_flip_it() -> None:
    raw = (
        "Exclusion Criteria:\n"
        "* Patients with any of the following are excluded:\n"
        "  * HIV infection\n"
    )
    (child,) = split_eligibility(raw)
    assert child.excludes
    assert not child.negated_context


def test_text_before_any_heading_counts_as_inclusion_and_empty_text_gives_nothing() -> None:
    assert texts("* Adults only\n") == [("inclusion", "Adults only")]
    assert split_eligibility(None) == []
    assert split_eligibility("") == []


def test_windows_line_endings() -> None:
    raw = "Inclusion Criteria:\r\n\r\n* one\r\n* two\r\n"
    assert texts(raw) == [("inclusion", "one"), ("inclusion", "two")]
