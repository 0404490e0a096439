"""The registry's performance-status reader on age-banded scales (rule CT-PS-AGE-BANDS in
docs/clinical-rules.md): the adults' limit holds from the age it names, a younger patient's
other scale is left to a person."""

from __future__ import annotations

from datetime import date

import pytest

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import (
    AgeCriterion,
    AllOfCriterion,
    AnyOfCriterion,
    FreeTextCriterion,
    PerformanceStatusCriterion,
)
from eligibility.ctgov import EligibilityItem, ItemOutcome, extract_item
from eligibility.facts import Demographics, PatientFacts, PerformanceStatus
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import PerformanceScale, Sex


def _outcome(text: str, section: str = "inclusion") -> ItemOutcome:
    return extract_item(EligibilityItem(section=section, number=1, text=text), "t")


def _banded(text: str) -> AnyOfCriterion:
    (found,) = [c for c in _outcome(text).criteria if isinstance(c, AnyOfCriterion)]
    return found


def test_ct_ps_age_bands_the_adults_limit_with_the_younger_band_left_to_a_person() -> None:
    found = _banded("ECOG 0-1 for patients aged ≥ 18 years, Lansky ≥ 70% for those < 18 years")
    limit, younger = found.criteria
    assert isinstance(limit, PerformanceStatusCriterion)
    assert (limit.ecog_min, limit.ecog_max) == (0, 1)
    assert isinstance(younger, AllOfCriterion)
    age, note = younger.criteria
    assert isinstance(age, AgeCriterion)
    assert age.max_years == 17
    assert isinstance(note, FreeTextCriterion)
    assert "Lansky" in note.text


def test_ct_ps_age_bands_a_karnofsky_limit_above_an_age() -> None:
    found = _banded(
        "Karnofsky ≥ 60% for patients > 12 years of age and Lansky ≥ 60% for patients ≤ 12 years"
    )
    limit, younger = found.criteria
    assert isinstance(limit, PerformanceStatusCriterion)
    assert limit.karnofsky_min == 60
    assert isinstance(younger, AllOfCriterion)
    assert [c.max_years for c in younger.criteria if isinstance(c, AgeCriterion)] == [12]


def _patient(age: int, score: int | None) -> PatientFacts:
    recorded = PerformanceStatus(
        scale=PerformanceScale.ECOG,
        score=score,
        ecog=score,
        date=date(2026, 10, 30),
        evidence=("Observation/ecog",),
    )
    return PatientFacts(
        as_of=date(2026, 11, 1),
        patient="Patient/p1",
        demographics=Demographics(
            birth_date=date(2026 - age, 1, 1),
            birth_date_precision="day",
            age_years=age,
            sex=Sex.MALE,
            evidence=("Patient/p1",),
        ),
        performance=() if score is None else (recorded,),
    )


@pytest.mark.parametrize(
    ("age", "score", "status"),
    [
        (40, 1, CriterionStatus.MET),
        (40, 3, CriterionStatus.NOT_MET),  # an adult over the limit: no other band is theirs
        (12, None, CriterionStatus.UNKNOWN),  # a child: the Lansky score is checked by a person
    ],
)
def test_ct_ps_age_bands_decide_an_adult_and_leave_a_child_unknown(
    age: int, score: int | None, status: CriterionStatus
) -> None:
    found = _banded(
        "ECOG ≤ 2 for participants ≥ 16 years of age, Lansky ≥ 50% if < 16 years of age"
    )
    result = evaluate_criterion(found, _patient(age, score), default_taxonomy())
    assert result.status is status


@pytest.mark.parametrize(
    "text",
    [
        # A younger band that reaches the adults' ages: the bands overlap.
        "ECOG 0-1 for patients ≥ 18 years, Lansky ≥ 70% for patients ≤ 21 years",
        # No other scale for the younger patients: the limit is for some patients only.
        "ECOG 0-1 for patients ≥ 18 years of age",
        # A second sentence changes how the score is read.
        "ECOG 0-1 (patients ≥ 18 years of age), Lansky ≥ 70% (patients < 18 years of age). "
        "Patients in a wheelchair because of paralysis count as ambulatory.",
    ],
)
def test_ct_ps_age_bands_other_wording_goes_to_review(text: str) -> None:
    outcome = _outcome(text)
    assert not [
        c for c in outcome.criteria if isinstance(c, AnyOfCriterion | PerformanceStatusCriterion)
    ]
    assert "performance_status" in outcome.unsure


# CT-PS-ALLOWANCE (twenty-seventh session): a higher score the item allows after its limit.
# Written before the reader read it; the sentences are ours, in protocols' wording.
@pytest.mark.parametrize(
    "text",
    [
        "ECOG 0-1 (ECOG 2 allowed if due to bone pain)",
        "ECOG performance status 0 or 1, or 2 with investigator approval",
        "ECOG 0-1. Patients with ECOG 2 are eligible if the decline is due to the tumour.",
        "ECOG 0-1; ECOG 2 permitted after discussion with the sponsor",
    ],
)
def test_ct_ps_allowance_a_higher_score_the_item_allows_is_no_plain_limit(text: str) -> None:
    """The coordinator's reading: an ECOG 2 patient may be eligible (bone pain, the
    investigator's approval), so ECOG 2 is for a person to check, never not met on the number
    alone; ECOG 0-1 meets the item. Before, each read as a plain "ECOG 0–1" (listed for review,
    but an ECOG 2 patient not met on the card: a wrong exclusion)."""
    outcome = _outcome(text)
    assert not [c for c in outcome.criteria if isinstance(c, PerformanceStatusCriterion)]
    (found,) = [c for c in outcome.criteria if isinstance(c, AnyOfCriterion)]
    limit, allowance = found.criteria
    assert isinstance(limit, PerformanceStatusCriterion)
    assert (limit.ecog_min, limit.ecog_max) == (0, 1)
    assert isinstance(allowance, FreeTextCriterion)
    assert outcome.free_text


@pytest.mark.parametrize(
    "text",
    [
        "ECOG performance status 0-1 at screening and at day 1",
        "ECOG performance status of 0 or 1",
    ],
)
def test_ct_ps_allowance_a_plain_limit_stays_plain(text: str) -> None:
    # Guard: no allowance, a plain limit.
    (found,) = [c for c in _outcome(text).criteria if c.type != "free_text"]
    assert isinstance(found, PerformanceStatusCriterion)


# CT-PS-ALLOWANCE, 7 December 2026, twenty-seventh session (red-team review): the labels, written
# before the reader was changed. A higher score the item forbids, or a number after the limit
# that is no score (a window's days), is no allowance: the plain limit, an ECOG 2 patient not
# met. Protocols' wording.
@pytest.mark.parametrize(
    "text",
    [
        "ECOG performance status 0-1 (ECOG 2 is not allowed)",
        "ECOG 0-1; patients with ECOG 2 are not eligible",
        "ECOG performance status of 0 or 1. Patients with ECOG 2 or higher are not eligible.",
        "ECOG 0-1 (ECOG 2 not permitted)",
        "ECOG 0-1 within 3 days prior to randomization if screening was more than 7 days earlier",
    ],
)
def test_ct_ps_allowance_a_score_forbidden_or_a_number_of_days_is_no_allowance(text: str) -> None:
    """Before it each read as "ECOG 0–1 unless ...", so an ECOG 2 patient was unknown (a card,
    possibly eligible) where the protocol excludes him."""
    criteria = [c for c in _outcome(text).criteria if c.type != "free_text"]
    assert not [c for c in criteria if isinstance(c, AnyOfCriterion)]
    (found,) = criteria
    assert isinstance(found, PerformanceStatusCriterion)
    assert (found.ecog_min, found.ecog_max) == (0, 1)
