"""Reading disease extents, measurable disease and prior lines with their setting from registry
text (issue 17): what is read, and what is left for review."""

from __future__ import annotations

import pytest

from eligibility.criteria import (
    Criterion,
    DiseaseExtentCriterion,
    FreeTextCriterion,
    MeasurableDiseaseCriterion,
    MetastaticCriterion,
    PriorLinesCriterion,
)
from eligibility.ctgov import EligibilityItem, extract, extract_item
from eligibility.ctgov.splitting import split_eligibility


def read(text: str, section: str = "inclusion", context: str | None = None) -> list[Criterion]:
    item = EligibilityItem(section=section, text=text, number=1, context=context)  # type: ignore[arg-type]
    return list(extract_item(item, "x").criteria)


def of_type(criteria: list[Criterion], kind: type[Criterion]) -> list[Criterion]:  # type: ignore[valid-type]
    return [c for c in criteria if isinstance(c, kind)]


def reviewed(criteria: list[Criterion]) -> bool:
    return any(isinstance(c, FreeTextCriterion) for c in criteria)


# --- disease extent -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        (
            "Locally advanced, unresectable, or metastatic disease based on most recent imaging",
            ("locally_advanced", "unresectable", "metastatic"),
        ),
        ("Unresectable or metastatic disease.", ("unresectable", "metastatic")),
        (
            "Confirmed unresectable and/or metastatic cutaneous melanoma.",
            ("unresectable", "metastatic"),
        ),
        (
            "Histologically confirmed unresectable advanced or metastatic gastric carcinoma",
            ("unresectable", "metastatic"),
        ),
        (
            "Has a pathologically documented advanced/unresectable or metastatic HNSCC",
            ("unresectable", "metastatic"),
        ),
        (
            "Histologically or cytologically confirmed recurrent/advanced (unresectable) or "
            "metastatic solid tumors with documented RAS or BRAF mutations.",
            ("unresectable", "recurrent", "metastatic"),
        ),
        (
            "Pathologically documented, locally advanced or metastatic solid tumor with a KRAS "
            "G12D-mutation",
            ("locally_advanced", "metastatic"),
        ),
    ],
)
def test_ext_extent_lists_are_read_as_the_extents_allowed(
    text: str, allowed: tuple[str, ...]
) -> None:
    (extent,) = of_type(read(text), DiseaseExtentCriterion)
    assert isinstance(extent, DiseaseExtentCriterion)
    assert extent.allowed == allowed
    assert not of_type(read(text), MetastaticCriterion)


@pytest.mark.parametrize(
    "text",
    [
        "Locally advanced unresectable or metastatic disease",  # two extents joined
        "Locally advanced, recurrent, or metastatic incurable solid tumor malignancy",
    ],
)
def test_ext_extent_narrower_wording_keeps_the_list_and_asks_for_review(text: str) -> None:
    criteria = read(text)
    assert of_type(criteria, DiseaseExtentCriterion)
    assert reviewed(criteria)


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("Advanced or metastatic NSCLC", "inclusion"),  # "advanced" is no extent
        ("Metastatic or locally advanced/recurrent breast cancer", "inclusion"),  # and? or?
        ("A radiological diagnosis of recurrent/relapsed or progressive disease", "inclusion"),
        ("Patients with locally advanced disease must have received chemoradiation", "inclusion"),
        (
            "Gastric adenocarcinoma that is (a) unresectable or metastatic or (b) has progressed "
            "on trastuzumab.",
            "inclusion",
        ),
        ("Recurrent cancer must be isolated to the abdomen or pelvis", "inclusion"),
        ("Locally advanced or metastatic disease", "exclusion"),
        (
            "Ovarian Cancer - histologically confirmed; metastatic or unresectable; platinum "
            "resistant",
            "inclusion",
        ),
        ("Locally advanced or metastatic tumours with brain metastases", "inclusion"),
    ],
)
def test_ext_extent_alternatives_conditions_and_cohorts_are_left_for_review(
    text: str, section: str
) -> None:
    criteria = read(text, section)
    assert not of_type(criteria, DiseaseExtentCriterion)
    assert reviewed(criteria)


def test_ext_extent_a_setting_of_prior_therapy_is_not_the_disease_extent() -> None:
    criteria = read("Must have received at least 1 prior line of therapy for metastatic disease")
    assert not of_type(criteria, DiseaseExtentCriterion)
    assert not of_type(criteria, MetastaticCriterion)
    (lines,) = of_type(criteria, PriorLinesCriterion)
    assert isinstance(lines, PriorLinesCriterion)
    assert lines.setting == "recurrent_metastatic"


def _trial(*items: str) -> list[Criterion]:
    text = "Inclusion Criteria:\n\n" + "\n".join(f"* {item}" for item in items)
    return list(extract({"eligibilityCriteria": text}, include_api_fields=False).criteria)


def test_ext_extent_items_stating_different_extents_are_alternatives_for_review() -> None:
    """One extent per tumour type or cohort: never the strictest silently."""
    criteria = _trial(
        "Advanced unresectable or metastatic ER+/HER2- breast cancer",
        "Advanced or metastatic solid tumor with CCNE-1 amplification",
        "ECOG performance status 0-1",
    )
    assert not of_type(criteria, DiseaseExtentCriterion)
    assert sum(isinstance(c, FreeTextCriterion) for c in criteria) == 2


def test_ext_extent_items_repeating_one_extent_are_kept() -> None:
    criteria = _trial(
        "Unresectable or metastatic solid tumor",
        "HR+, HER2- unresectable or metastatic breast cancer",
    )
    assert len(of_type(criteria, DiseaseExtentCriterion)) == 2


# --- measurable disease -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "standard"),
    [
        ("Measurable disease per RECIST v1.1", "RECIST 1.1"),
        (
            "Measurable disease according to Response Evaluation criteria in Solid Tumors "
            "(RECIST) Version 1.1",
            "RECIST 1.1",
        ),
        ("At least 1 measurable lesion by RECIST v1.1.", "RECIST 1.1"),
        ("Confirmed measurable disease per RANO 2.0 for GBM.", "RANO 2.0"),
        ("Measurable disease.", None),
    ],
)
def test_ext_measurable_disease_is_read_with_its_response_criteria(
    text: str, standard: str | None
) -> None:
    (found,) = of_type(read(text), MeasurableDiseaseCriterion)
    assert isinstance(found, MeasurableDiseaseCriterion)
    assert found.standard == standard


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("Measurable or evaluable disease in accordance with RECIST 1.1.", "inclusion"),
        ("measurable or non-measurable disease per RECIST 1.1", "inclusion"),
        ("Measurable disease as defined by RECIST v1.1 or RANO-BM.", "inclusion"),
        ("Patients with NSCLC must have measurable disease per RECIST 1.1.", "inclusion"),
        ("[For Part 2]: Measurable disease per RECIST v1.1", "inclusion"),
        (
            "Measurable disease by RECIST v1.1 (except where bone-only disease is permitted)",
            "inclusion",
        ),
        ("Measurable disease per RECIST v1.1", "exclusion"),
    ],
)
def test_ext_measurable_alternatives_and_subgroups_are_left_for_review(
    text: str, section: str
) -> None:
    criteria = read(text, section)
    assert not of_type(criteria, MeasurableDiseaseCriterion)
    assert reviewed(criteria)


def test_ext_measurable_a_narrower_lesion_keeps_the_criterion_and_asks_for_review() -> None:
    criteria = read("At least one measurable lesion per RECIST v1.1 that has not been irradiated")
    assert of_type(criteria, MeasurableDiseaseCriterion)
    assert reviewed(criteria)


# --- prior lines and their setting --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bounds", "setting"),
    [
        (
            "Subjects should not have received more than three lines of prior therapies for "
            "their advanced or metastatic diseases.",
            (None, 3),
            "advanced",
        ),
        (
            "Patients must have received at least 1 but no more than 2 prior lines of systemic "
            "therapy for metastatic/advanced disease (adjuvant and maintenance therapy do not "
            "count towards the limit).",
            (1, 2),
            "advanced",
        ),
        (
            "Patients must have received at least 1 prior line of therapy in the "
            "advanced/metastatic setting.",
            (1, None),
            "advanced",
        ),
        (
            "Up to 2 prior lines of therapy for metastatic disease are",
            (None, 2),
            "recurrent_metastatic",
        ),
        (
            "At least 1 prior line of systemic therapy that included platinum-based chemotherapy",
            (1, None),
            None,
        ),
        (
            "No more than 2 prior lines of therapy; adjuvant therapy does not count",
            (None, 2),
            "advanced",
        ),
        ("Up to 2 prior lines of therapy are allowed", (None, 2), None),
    ],
)
def test_lot_counts_are_read_with_their_setting(
    text: str, bounds: tuple[int | None, int | None], setting: str | None
) -> None:
    (lines,) = of_type(read(text), PriorLinesCriterion)
    assert isinstance(lines, PriorLinesCriterion)
    assert (lines.min_lines, lines.max_lines) == bounds
    assert lines.setting == setting


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("Previously treated CLL after receiving at least one regimen for RT;", "inclusion"),
        ("At least 2 prior lines of platinum-based chemotherapy", "inclusion"),
        (
            "Received > 1 prior line of therapy in any setting with a PARPi-based regimen",
            "exclusion",
        ),
        (
            "At least 1 prior line of therapy. Hormonal therapy alone will not be counted as a "
            "separate line of therapy.",
            "inclusion",
        ),
        ("Participants with PROC will have had no more than 5 prior lines of therapy", "inclusion"),
        (
            "Progressed on at least one prior line of treatment or is intolerant to standard "
            "therapy",
            "inclusion",
        ),
        ("At least 1 line of endocrine therapy for advanced/metastatic disease", "inclusion"),
        ("Part 2A and 2E: at least 1 line of standard of care", "inclusion"),
        ("Up to 3 prior lines are allowed if the last one was MIRV", "inclusion"),
    ],
)
def test_lot_counts_of_one_kind_subgroup_or_rule_are_left_for_review(
    text: str, section: str
) -> None:
    criteria = read(text, section)
    assert not of_type(criteria, PriorLinesCriterion)
    assert reviewed(criteria)


def test_lot_a_count_under_a_restricting_lead_in_is_for_those_patients_only() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "   For dose levels ≥200 mg once daily or at preliminary RP2D(s):\n\n"
        "   a. Patients must have received at least 1 but no more than 2 prior lines of "
        "systemic therapy.\n"
    )
    (item,) = split_eligibility(text)
    assert item.context is not None
    assert item.context.startswith("For dose levels")
    criteria = list(extract({"eligibilityCriteria": text}, include_api_fields=False).criteria)
    assert not of_type(criteria, PriorLinesCriterion)


def test_children_of_one_of_the_following_are_alternatives_for_review() -> None:
    criteria = read(
        "Metastatic triple negative breast cancer",
        context="For Phase 2, participants must have one of the following solid tumors:",
    )
    assert not of_type(criteria, MetastaticCriterion)
    criteria = read(
        "Metastatic triple negative breast cancer",
        context="Participants must have one of the following solid tumors:",
    )
    assert not of_type(criteria, MetastaticCriterion)


def test_lot_one_prior_drug_based_regimen_is_that_drug_received_without_review() -> None:
    """ "At least one prior platinum-based regimen": platinum received says it all."""
    criteria = read("At least one prior platinum-based regimen")
    assert [c.type for c in criteria] == ["prior_therapy"]
    criteria = read("At least 2 prior platinum-based regimens")
    assert not of_type(criteria, PriorLinesCriterion)
    assert reviewed(criteria)


@pytest.mark.parametrize(
    ("text", "section", "received", "setting"),
    [
        (
            "Has previously received any anti-HER2 therapy in the metastatic setting.",
            "exclusion",
            False,
            "recurrent_metastatic",
        ),
        (
            "Must have received prior platinum-based chemotherapy for recurrent or metastatic "
            "disease",
            "inclusion",
            True,
            "advanced",
        ),
    ],
)
def test_lot_setting_prior_therapy_is_read_with_its_setting(
    text: str, section: str, received: bool, setting: str
) -> None:
    """LOT-SETTING / LOT-ADVANCED for a drug received (or not) in a setting."""
    (therapy,) = [c for c in read(text, section) if c.type == "prior_therapy"]
    assert therapy.received is received  # type: ignore[union-attr]
    assert therapy.setting == setting  # type: ignore[union-attr]
    assert not reviewed(read(text, section))


def test_items_under_a_subgroup_heading_are_that_subgroups_for_review() -> None:
    text = (
        "Inclusion Criteria:\n\n* ECOG performance status 0-1\n\n"
        "Exclusion Criteria:\n\n* Known HIV infection\n"
        "* Additional Key Exclusion for Sub-Protocol A:\n"
        "* Has previously received any anti-HER2 therapy in the metastatic setting.\n"
    )
    criteria = list(extract({"eligibilityCriteria": text}, include_api_fields=False).criteria)
    assert not [c for c in criteria if c.type == "prior_therapy"]
    assert [c.type for c in criteria if c.type != "free_text"] == [
        "performance_status",
        "infection",
    ]
