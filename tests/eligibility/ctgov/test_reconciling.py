"""A topic spoken of in several items of one trial: never the strictest reading silently."""

from __future__ import annotations

from eligibility.criteria import (
    AnyOfCriterion,
    BrainMetastasesCriterion,
    Criterion,
    FreeTextCriterion,
    InfectionCriterion,
    PerformanceStatusCriterion,
)
from eligibility.ctgov import extract


def _criteria(text: str) -> tuple[Criterion, ...]:
    return extract({"eligibilityCriteria": text}).criteria


def test_an_inclusion_allowance_loosens_the_exclusion() -> None:
    found = _criteria(
        "Inclusion Criteria:\n\n* HIV-infected patients on effective antiretroviral therapy "
        "with undetectable viral load within 6 months are eligible for this trial\n\n"
        "Exclusion Criteria:\n\n* Known HIV infection\n"
    )
    hiv = [c for c in found if isinstance(c, InfectionCriterion)]
    assert [(c.infection, c.excluded) for c in hiv] == [("hiv", "uncontrolled")]
    # the exclusion's text stays for a reviewer
    assert any(isinstance(c, FreeTextCriterion) and "Known HIV" in c.text for c in found)


def test_an_allowance_that_cannot_be_read_sends_the_topic_to_review() -> None:
    found = _criteria(
        "Inclusion Criteria:\n\n* Patients with new or progressive brain metastases are eligible "
        "if the treating physician determines that immediate CNS specific treatment is not "
        "required\n\nExclusion Criteria:\n\n* Known brain metastases\n"
    )
    assert not [c for c in found if isinstance(c, BrainMetastasesCriterion)]
    assert len([c for c in found if isinstance(c, FreeTextCriterion)]) == 2


def test_two_ecog_limits_keep_the_loosest_and_review_the_other() -> None:
    found = _criteria(
        "Inclusion Criteria:\n\n* ECOG performance status of ≤1.\n"
        "* ECOG performance status of 0-2 or Karnofsky Performance Scale (KPS) >70.\n"
    )
    scored = [c for c in found if isinstance(c, PerformanceStatusCriterion | AnyOfCriterion)]
    assert len(scored) == 1
    assert isinstance(scored[0], AnyOfCriterion)
    assert "ECOG 0–2" in scored[0].label
    assert any(isinstance(c, FreeTextCriterion) and "≤1" in c.text for c in found)


def test_the_same_limit_twice_is_kept() -> None:
    found = _criteria("Inclusion Criteria:\n\n* ECOG 0-1\n\nExclusion Criteria:\n\n* ECOG ≥ 2\n")
    assert len([c for c in found if isinstance(c, PerformanceStatusCriterion)]) == 2


def test_a_topic_an_item_for_some_patients_speaks_of_is_not_read_for_everyone() -> None:
    found = _criteria(
        "Inclusion Criteria:\n\n* ECOG 0-1\n* Part B: ECOG 0-2\n\n"
        "Exclusion Criteria:\n\n* Known brain metastases\n"
        "* Cohort 2: patients with treated brain metastases are eligible\n"
    )
    assert not [
        c for c in found if isinstance(c, PerformanceStatusCriterion | BrainMetastasesCriterion)
    ]
    assert len([c for c in found if isinstance(c, FreeTextCriterion)]) == 4
