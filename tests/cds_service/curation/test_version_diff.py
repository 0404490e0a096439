"""`compare_trials` on its own: nested criteria, emptied lists and a new order are shown."""

from __future__ import annotations

from curation_testkit import RETRIEVED

from cds_service.curation.version_diff import compare_trials
from eligibility.criteria import AgeCriterion, AnyOfCriterion, FreeTextCriterion
from eligibility.trial import Location, Trial, TrialSource, TrialStatus


def trial(*criteria: object, locations: tuple[Location, ...] = ()) -> Trial:
    return Trial.model_validate(
        {
            "nct_id": "NCT00000051",
            "title": "A fabricated trial",
            "overall_status": TrialStatus.RECRUITING,
            "data_as_of": RETRIEVED,
            "criteria": criteria,
            "locations": locations,
            "source": TrialSource(kind="curated"),
        }
    )


AGE = AgeCriterion(id="age", label="Age ≥ 18", min_years=18)
CONSENT = FreeTextCriterion(id="consent", label="Consent", text="Signed consent.")


def test_a_nested_change_is_shown_by_its_path() -> None:
    before = AnyOfCriterion(id="either", label="Either", criteria=(AGE, CONSENT))
    stricter = AGE.model_copy(update={"min_years": 21})
    after = before.model_copy(update={"criteria": (stricter, CONSENT)})
    diff = compare_trials("NCT00000051", 1, trial(before), 2, trial(after))
    [change] = diff.changed
    assert [(f.path, f.before, f.after) for f in change.fields] == [
        ("criteria.0.min_years", "18", "21")
    ]
    assert "    criteria.0.min_years: 18 → 21" in diff.lines()


def test_an_emptied_list_and_a_new_order_are_trial_changes() -> None:
    site = Location(country="China", city="Guangzhou")
    diff = compare_trials(
        "NCT00000051", 1, trial(AGE, CONSENT, locations=(site,)), 2, trial(CONSENT, AGE)
    )
    assert not diff.changed
    assert not diff.added
    assert not diff.removed
    shown = {(f.path, f.before, f.after) for f in diff.trial_fields}
    assert ("criteria order", "age, consent", "consent, age") in shown
    assert ("locations", None, "[]") in shown
    assert ("locations.0.country", '"China"', None) in shown
    assert '* locations.0.city: "Guangzhou" → (none)' in diff.lines()


def test_equal_trials_have_no_differences() -> None:
    diff = compare_trials("NCT00000051", 1, trial(AGE), 2, trial(AGE))
    assert diff.unchanged
    assert diff.lines() == ["NCT00000051: version 1 → version 2", "no differences"]
