"""The worklist CSV's cells of undecided criteria (`unknown_sets.unknown_cells`)."""

from __future__ import annotations

from cds_service.prescreen.patient_job import Unknown
from cds_service.prescreen.unknown_sets import unknown_cells


def test_what_to_record_names_each_thing_once_however_many_criteria_wait_on_it() -> None:
    # A trial asking for an ANC on its own and again inside "adequate bone marrow function",
    # on a chart with no blood count: both criteria wait on the same result.
    unknowns = (
        Unknown("c4", "ANC ≥ 1.5 × 10⁹/L", "Record the Neutrophils result"),
        Unknown("c5", "Platelets ≥ 100 × 10⁹/L", "Record the Platelets result"),
        Unknown(
            "c6",
            "Adequate bone marrow function (ANC ≥ 1.5, platelets ≥ 100)",
            "Record the Neutrophils result",
        ),
    )

    criteria, to_record, by_hand = unknown_cells(unknowns)

    assert criteria == (
        "ANC ≥ 1.5 × 10⁹/L; Platelets ≥ 100 × 10⁹/L; "
        "Adequate bone marrow function (ANC ≥ 1.5, platelets ≥ 100)"
    )
    assert to_record == "Record the Neutrophils result; Record the Platelets result"
    assert by_hand == ""


def test_criteria_worded_alike_are_listed_once_and_free_text_ones_apart() -> None:
    # Registry text states some requirements twice (an inclusion and its restated exclusion);
    # the row lists each wording once, in the trial's order, and the stored set keeps both.
    unknowns = (
        Unknown("c2", "ECOG 0–1", "Record an ECOG performance status"),
        Unknown("c7", "No active autoimmune disease", None, manual_review=True),
        Unknown("c9", "ECOG 0–1", "Record an ECOG performance status"),
        Unknown("c11", "No active autoimmune disease", None, manual_review=True),
    )

    assert unknown_cells(unknowns) == (
        "ECOG 0–1",
        "Record an ECOG performance status",
        "No active autoimmune disease",
    )


def test_a_criterion_without_a_hint_is_recorded_by_its_label() -> None:
    unknowns = (Unknown("c3", "Measurable disease per RECIST 1.1", None),)

    assert unknown_cells(unknowns)[1] == "Measurable disease per RECIST 1.1"


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_guarded() -> None:
    unknowns = (Unknown("c1", "=HYPERLINK(1)", "-1 record"),)

    criteria, to_record, _ = unknown_cells(unknowns)

    assert (criteria, to_record) == ("'=HYPERLINK(1)", "'-1 record")
