"""An item every cohort of a section repeats is read once, as every patient's rule."""

from __future__ import annotations

from eligibility.criteria import DiseaseExtentCriterion, FreeTextCriterion
from eligibility.ctgov import extract
from eligibility.ctgov.cohorts import common_to_every_cohort
from eligibility.ctgov.splitting import split_eligibility

EVERY_COHORT = """Inclusion Criteria:

General Inclusion Criteria

* ECOG performance status of 0 or 1

Dose Escalation Phase Inclusion Criteria

* Breast or gastric carcinoma
* Locally-advanced, unresectable, or metastatic stage

Cohort A (Breast) Inclusion Criteria

* Breast carcinoma
* Locally-advanced, unresectable, or metastatic stage

Cohort B (Gastric) Inclusion Criteria

* Gastric carcinoma
* Locally-advanced, unresectable, or metastatic stage
"""


def _extent_outcomes(text: str) -> list[tuple[str | None, bool]]:
    """(heading, read) for each item that speaks of the extent."""
    return [
        (o.item.heading, any(isinstance(c, DiseaseExtentCriterion) for c in o.criteria))
        for o in extract({"eligibilityCriteria": text}, include_api_fields=False).items
        if "stage" in o.item.text
    ]


def test_an_item_every_cohort_repeats_is_read_once_for_everyone() -> None:
    outcomes = _extent_outcomes(EVERY_COHORT)
    assert outcomes == [(None, True)]
    criteria = extract({"eligibilityCriteria": EVERY_COHORT}, include_api_fields=False).criteria
    extents = [c for c in criteria if isinstance(c, DiseaseExtentCriterion)]
    assert [sorted(c.allowed) for c in extents] == [
        ["locally_advanced", "metastatic", "unresectable"]
    ]
    assert extents[0].source_text == "Locally-advanced, unresectable, or metastatic stage"


def test_one_cohort_without_the_item_leaves_each_to_its_cohort() -> None:
    text = EVERY_COHORT.replace(
        "* Gastric carcinoma\n* Locally-advanced, unresectable, or metastatic stage\n",
        "* Gastric carcinoma\n",
    )
    outcomes = _extent_outcomes(text)
    assert [read for _, read in outcomes] == [False, False]
    assert all(heading is not None for heading, _ in outcomes)
    reviews = [
        c
        for o in extract({"eligibilityCriteria": text}, include_api_fields=False).items
        if "stage" in o.item.text
        for c in o.criteria
        if isinstance(c, FreeTextCriterion)
    ]
    assert len(reviews) == 2


def test_wording_that_differs_by_a_word_is_not_common() -> None:
    text = EVERY_COHORT.replace(
        "Cohort B (Gastric) Inclusion Criteria\n\n* Gastric carcinoma\n"
        "* Locally-advanced, unresectable, or metastatic stage",
        "Cohort B (Gastric) Inclusion Criteria\n\n* Gastric carcinoma\n"
        "* Unresectable or metastatic stage",
    )
    assert all(not read for _, read in _extent_outcomes(text))


def test_groups_a_heading_only_adds_to_do_not_divide_the_patients() -> None:
    text = """Inclusion Criteria:

* Adults

Additional Inclusion Criteria Specific for Arm A:

* Metastatic disease

Additional Inclusion Criteria Specific for Arm B:

* Metastatic disease
"""
    items = split_eligibility(text)
    assert common_to_every_cohort(items) == items


def test_a_single_scoped_group_is_not_every_cohort() -> None:
    text = (
        "Inclusion Criteria:\n\nPart A:\n\n* Metastatic disease\n\nExclusion Criteria:\n\n* None\n"
    )
    items = split_eligibility(text)
    assert common_to_every_cohort(items) == items
