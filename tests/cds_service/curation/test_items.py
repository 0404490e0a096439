"""The registry text item by item beside the criteria extraction read from each item."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from cds_service.curation.items import pair_items
from eligibility.criteria import AgeCriterion, FreeTextCriterion
from eligibility.ctgov import convert_study

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ctgov"


def imported_trial():  # type: ignore[no-untyped-def]
    study = json.loads((FIXTURES / "study_NCT00000001.json").read_text("utf-8"))
    return convert_study(study, retrieved=date(2026, 1, 1)).trial


def test_each_item_gets_the_criteria_read_from_it() -> None:
    trial = imported_trial()
    view = pair_items(trial.eligibility_text, trial.criteria)
    by_text = {row.item.text: [c.id for c in row.criteria] for row in view.rows}
    assert by_text["ECOG performance status 0-1."] == ["inc2-1"]
    assert by_text["Known HIV infection or active hepatitis B or C."] == [
        "exc3-1",
        "exc3-2",
        "exc3-3",
    ]
    assert len(view.section("inclusion")) == 9
    assert len(view.section("exclusion")) == 6


def test_items_left_for_a_person_are_the_free_text_ones() -> None:
    trial = imported_trial()
    view = pair_items(trial.eligibility_text, trial.criteria)
    review = {row.item.text: row for row in view.rows if row.for_review}
    opinion = "Any other condition that in the opinion of the investigator would interfere"
    assert any(text.startswith(opinion) for text in review)
    first = review["Histologically confirmed metastatic nasopharyngeal carcinoma."]
    assert [c.id for c in first.structured] == ["inc1-1"]
    assert [c.id for c in first.for_review] == ["inc1-text"]


def test_criteria_quoting_no_item_are_listed_apart() -> None:
    trial = imported_trial()
    view = pair_items(trial.eligibility_text, trial.criteria)
    assert [c.id for c in view.unpaired] == ["api-cancer-type", "api-age"]
    paired = [c.id for row in view.rows for c in row.criteria]
    # Nothing shown twice, nothing lost.
    assert sorted(paired + [c.id for c in view.unpaired]) == sorted(c.id for c in trial.criteria)


def test_spacing_and_markdown_escapes_do_not_break_the_pairing() -> None:
    text = "Inclusion Criteria:\n\n* QTc \\<= 470   ms\n"
    criterion = AgeCriterion(id="a", label="x", min_years=18, source_text="QTc <= 470 ms")
    view = pair_items(text, (criterion,))
    assert [c.id for c in view.rows[0].criteria] == ["a"]
    assert not view.unpaired


def test_the_same_words_in_both_sections_pair_by_section() -> None:
    text = "Inclusion Criteria:\n\n* Pregnancy test\n\nExclusion Criteria:\n\n* Pregnancy test\n"
    inc = FreeTextCriterion(id="i", label="i", text="t", source_text="Pregnancy test")
    exc = FreeTextCriterion(
        id="e", label="e", text="t", section="exclusion", source_text="Pregnancy test"
    )
    view = pair_items(text, (exc, inc))
    assert [[c.id for c in row.criteria] for row in view.rows] == [["i"], ["e"]]


def test_a_trial_without_registry_text_lists_every_criterion_apart() -> None:
    criterion = AgeCriterion(id="a", label="x", max_years=70, source_text="Ages ≤ 70")
    view = pair_items(None, (criterion,))
    assert not view.has_text
    assert view.unpaired == (criterion,)
