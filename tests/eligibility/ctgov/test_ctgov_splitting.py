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


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        (
            "Key Exclusion Criteria/Common Criteria (Group 1 - Newly diagnosed glioblastoma, "
            "Group 2 - Recurrent glioblastoma):",
            "exclusion",
        ),
        ("General Exclusions:", "exclusion"),
        ("Exclusion Criteria (All Phases):", "exclusion"),
        ("The main exclusion criteria include but are not limited to the following:", "exclusion"),
        (
            "A patient who meets any of the following exclusion criteria will be ineligible to "
            "participate in this study.",
            "exclusion",
        ),
        (
            "Patients are excluded from the study if any of the following criteria apply:",
            "exclusion",
        ),
        (
            "A subject will not be eligible for study participation if he/she meets any of the "
            "following criteria.",
            "exclusion",
        ),
        ("**Exclusion Criteria:**", "exclusion"),
        ("Non-inclusion criteria:", "exclusion"),
        ("Key inclusion criteria for both phases:", "inclusion"),
        (
            "This study is seeking participants who meet the following eligibility criteria:",
            "inclusion",
        ),
    ],
)
def test_headings_of_any_length_and_wording(heading: str, section: str) -> None:
    other = "Inclusion Criteria:" if section == "exclusion" else "Exclusion Criteria:"
    raw = f"{other}\n\n* before\n\n{heading}\n\n* after\n"
    items = split_eligibility(raw)
    assert [(i.section, i.text) for i in items][-1] == (section, "after")
    assert items[-1].heading is None  # for every patient


@pytest.mark.parametrize(
    "heading",
    [
        "Additional Exclusions for Cohort M6 (mCRPC) Only:",
        "* Part B (Dose Expansion) Inclusion Criteria:",
        "Cohort A (HER2-Low Breast Cancer) Inclusion Criteria",
        "Key exclusion criteria for the phase III only:",
        "Donor Exclusion Criteria:",
        "General Exclusion Criteria ModA Part 1 and 2:",
        "Additional Key Inclusion for Sub-Protocol A:",
    ],
)
def test_a_heading_that_limits_its_items_to_some_patients_is_kept(heading: str) -> None:
    raw = f"Inclusion Criteria:\n\n* first\n\n{heading}\n\n* second\n"
    first, second = split_eligibility(raw)
    assert first.heading is None
    assert second.heading is not None
    assert second.text == "second"
    expected = "exclusion" if "xclusion" in heading else "inclusion"
    assert second.section == expected


@pytest.mark.parametrize(
    "line",
    [
        "Other inclusion/exclusion criteria may apply.",
        "Note: Other protocol-defined Inclusion/Exclusion criteria may apply.",
        "* Patients with history of treated CNS metastases are eligible, provided the following "
        "criteria are met:",
        "* Meets any exclusion criteria of the parent study",
    ],
)
def test_notes_and_items_naming_criteria_are_not_headings(line: str) -> None:
    raw = f"Exclusion Criteria:\n\n* first\n\n{line}\n"
    assert [i.section for i in split_eligibility(raw)] == ["exclusion"] * len(
        split_eligibility(raw)
    )


def test_escaped_markdown_list_markers_start_items() -> None:
    raw = "Exclusion Criteria:\n\n9\\. First item\n10\\. Second item\n\\- Third item\n"
    assert texts(raw) == [
        ("exclusion", "First item"),
        ("exclusion", "Second item"),
        ("exclusion", "Third item"),
    ]


def test_a_sub_heading_scopes_the_items_at_its_depth() -> None:
    raw = (
        "Inclusion Criteria:\n\nPhase 1 Part A and Part B\n\n* ECOG ≤ 1\n\nPhase 2\n\n"
        "* ECOG 0-2\n\n"
        "1. Eligible subject must have:\n\n   Group 1:\n\n   * CLL\n2. Age ≥ 18\n\n"
        "Exclusion Criteria:\n\n* HIV\n"
    )
    items = split_eligibility(raw)
    assert [(i.text, i.heading) for i in items] == [
        ("ECOG ≤ 1", "Phase 1 Part A and Part B"),
        ("ECOG 0-2", "Phase 2"),
        ("CLL", "Phase 2 / Group 1:"),
        ("Age ≥ 18", "Phase 2"),
        ("HIV", None),
    ]


def test_groups_joined_by_a_bare_or_are_each_for_some_patients() -> None:
    raw = (
        "Inclusion Criteria:\n\n* Untreated ALL\n* Age ≥ 60 Years\n\nOR\n\n* Relapsed ALL\n"
        "* Age ≥ 18 Years\n\nExclusion Criteria:\n\n* HIV\n"
    )
    items = split_eligibility(raw)
    assert [i.text for i in items] == [
        "Untreated ALL",
        "Age ≥ 60 Years",
        "Relapsed ALL",
        "Age ≥ 18 Years",
        "HIV",
    ]
    assert [i.heading is not None for i in items] == [True, True, True, True, False]


@pytest.mark.parametrize(
    ("lead_in", "negates"),
    [
        # CT-LEAD-IN-SCOPE (twenty-sixth session): "without" negates the list only when it
        # governs it; a support condition or "with or without" on another matter does not.
        ("Patients without any of the following:", True),
        ("Patients must be without the following conditions:", True),
        ("Adequate bone marrow function, without G-CSF within 14 days:", False),
        (
            "Stem cell Infusions (with or without total-body irradiation [TBI]):",
            False,
        ),  # NCT04851119
    ],
)
def test_ct_lead_in_scope_without_negates_only_the_list_it_governs(
    lead_in: str, negates: bool
) -> None:
    raw = f"Inclusion Criteria:\n* {lead_in}\n  * Absolute neutrophil count ≥ 1.5 × 10^9/L\n"
    (child,) = split_eligibility(raw)
    assert child.negated_context is negates


@pytest.mark.parametrize(
    ("lead_in", "negates"),
    [
        ("Adequate organ function; G-CSF must not be given within 14 days:", False),
        ("Adequate organ function, transfusions may not be used to reach these values:", False),
        ("Adequate organ function (G-CSF must not be used to meet these values):", False),
        # Still turned round: the "not" governs the list, whatever else the lead-in names.
        ("Patients must not have any of the following (transfusion-dependent or not):", True),
        ("Patients must not have the following:", True),
    ],
)
def test_ct_lead_in_scope_a_not_said_of_support_does_not_turn_the_list_round(
    lead_in: str, negates: bool
) -> None:
    """Twenty-sixth session's review: the coordinator reads "G-CSF must not be given" as a
    condition on the counts, not as "must not have" the organ function listed: before it the
    creatinine under such a lead-in read "Creatinine > 1.5 × ULN" in an inclusion, excluding
    every patient with a normal kidney function."""
    raw = f"Inclusion Criteria:\n* {lead_in}\n  * Creatinine ≤ 1.5 × ULN\n"
    (child,) = split_eligibility(raw)
    assert child.negated_context is negates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Exclusion Criteria:\n\n4. Known active hepatitis B\n5. Known brain metastases "
            "unless treated and stable 6 Known HIV infection\n7. Pregnant or breastfeeding\n",
            [
                (4, "Known active hepatitis B"),
                (5, "Known brain metastases unless treated and stable"),
                (6, "Known HIV infection"),
                (7, "Pregnant or breastfeeding"),
            ],
        ),
        (
            "Exclusion Criteria:\n\n5. Known HIV infection.6.Pregnant women"
            "\n7. Active hepatitis B\n",
            [(5, "Known HIV infection."), (6, "Pregnant women"), (7, "Active hepatitis B")],
        ),
        (
            "Exclusion Criteria:\n\n5. Known HIV infection 6.Pregnant women"
            "\n7. Active hepatitis B\n",
            [(5, "Known HIV infection"), (6, "Pregnant women"), (7, "Active hepatitis B")],
        ),
    ],
)
def test_ct_run_together_items_are_split_where_the_numbering_is_certain(
    raw: str, expected: list[tuple[int, str]]
) -> None:
    """CT-RUN-TOGETHER (twenty-seventh session): an item numbered n followed by n + 2, with the
    one missing number n + 1 inside it before a capital, is two items run together by a lost
    line break or space. Read as one, the second exclusion rode on the first's review (and a
    first item's "unless treated and stable" could reach it); split, each is read on its own."""
    found = [(i.marker_number, i.text) for i in split_eligibility(raw)]
    assert found == expected


@pytest.mark.parametrize(
    "raw",
    [
        # the number is a grade, not a marker
        "Exclusion Criteria:\n\n2. Prior immune-related adverse event of Grade 3 Pneumonitis\n"
        "4. Active hepatitis B\n",
        # the numbering does not skip the number: not certain
        "Exclusion Criteria:\n\n5. Known HIV infection 6.Pregnant women\n6. Active hepatitis B\n",
        # two inline numbers: not certain which
        "Exclusion Criteria:\n\n5. Known HIV infection 6.Pregnant 6 Months"
        "\n7. Active hepatitis B\n",
    ],
)
def test_ct_run_together_an_uncertain_number_splits_nothing(raw: str) -> None:
    first = split_eligibility(raw)[0]
    assert first.text.startswith(raw.split("\n\n")[1].split("\n")[0][3:]), first


def test_ct_run_together_a_last_item_s_markers_after_a_full_stop_are_certain() -> None:
    """CT-RUN-TOGETHER (twenty-eighth session): the section's last item, "9\\. ... QT interval.
    10. Prior or concurrent malignancies ...", holds its own number's next one after a sentence's
    full stop, with its own full stop, before a capital: the tenth exclusion, whatever number is
    missing before the item (NCT06377852 has no 8). Before, the missing 8 left both one item,
    the malignancy exclusion riding on the QT drugs' review."""
    raw = (
        "Exclusion Criteria:\n\n6. Rapidly progressive brain metastases.\n7. Active hepatitis B\n\n"
        "9\\. Current use of drugs known to prolong the QT interval. 10. Prior or concurrent "
        "malignancies that are undergoing active treatment.\n"
    )
    found = [(i.marker_number, i.text) for i in split_eligibility(raw)]
    assert found == [
        (6, "Rapidly progressive brain metastases."),
        (7, "Active hepatitis B"),
        (9, "Current use of drugs known to prolong the QT interval."),
        (10, "Prior or concurrent malignancies that are undergoing active treatment."),
    ]


@pytest.mark.parametrize(
    "raw",
    [
        # no full stop before the inline number, and the 8 is missing: not certain
        "Exclusion Criteria:\n\n7. Active hepatitis B\n9. Known HIV infection 10. Pregnant women\n",
        # after a full stop, but the inline number has none of its own
        "Exclusion Criteria:\n\n7. Active hepatitis B\n9. Known HIV infection. 10 Pregnant women\n",
    ],
)
def test_ct_run_together_a_last_item_after_a_gap_needs_a_sentence_s_end_and_a_stop(
    raw: str,
) -> None:
    # Guard: the twenty-seventh session's caution holds where the full stops do not settle it.
    last = split_eligibility(raw)[-1]
    assert last.marker_number == 9
    assert "Pregnant women" in last.text
