"""Qualified brain-metastasis and infection exclusions: the qualifier decides the criterion."""

from __future__ import annotations

from typing import Any

import pytest

from eligibility.criteria import (
    BrainMetastasesCriterion,
    ComorbidityCriterion,
    Criterion,
    FreeTextCriterion,
    InfectionCriterion,
)
from eligibility.ctgov import EligibilityItem, extract_item


def criteria(text: str, section: str = "exclusion") -> list[Criterion]:
    item = EligibilityItem(section=section, text=text, number=1)  # type: ignore[arg-type]
    return list(extract_item(item, "x").criteria)


def brain(text: str, section: str = "exclusion") -> BrainMetastasesCriterion:
    (found,) = [c for c in criteria(text, section) if isinstance(c, BrainMetastasesCriterion)]
    return found


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("Known brain metastases", "none"),
        ("Current CNS metastases", "none"),
        ("Active brain metastases", "not_active"),
        ("Untreated central nervous system metastases", "not_active"),
        ("Untreated or symptomatic brain metastases", "not_active"),
        ("Symptomatic central nervous system or uncontrolled brain metastasis", "not_active"),
        ("Active, symptomatic, or untreated brain metastases.", "not_active"),
        ("Uncontrolled brain metastasis", "not_active"),
        ("Brain or CNS metastases untreated or that have progressed.", "treated_stable"),
        ("Untreated brain metastases or brain metastases that have progressed.", "treated_stable"),
    ],
)
def test_brain_metastasis_qualifier_decides_what_is_allowed(text: str, allowed: str) -> None:
    assert brain(text).allowed == allowed


def test_unless_treated_and_stable_for_weeks_off_steroids() -> None:
    found = brain(
        "Brain metastases unless definitively treated and clinically stable off steroids "
        "for at least 4 weeks prior to study treatment"
    )
    assert (found.allowed, found.stable_days, found.steroids_allowed) == (
        "treated_stable",
        28,
        False,
    )
    # The weeks follow "off steroids": stopping them last week is not enough.
    assert found.steroid_free_days == 28


@pytest.mark.parametrize(
    ("text", "free_days"),
    [
        (
            "previously treated brain metastases that are stable and off steroids for at least "
            "7 days are allowed",
            7,
        ),
        (
            "treated brain metastases that are stable and not requiring steroids for more than 2 "
            "weeks are eligible",
            15,
        ),
        # The days belong to the stability, not to the steroids.
        (
            "treated brain metastases that are off corticosteroids and have been clinically "
            "stable for 14 days are eligible",
            None,
        ),
    ],
)
def test_how_long_off_steroids_is_read_after_the_words_that_say_off(
    text: str, free_days: int | None
) -> None:
    found = brain("Active brain metastases. Patients with " + text + ".")
    assert (found.allowed, found.steroids_allowed, found.steroid_free_days) == (
        "treated_stable",
        False,
        free_days,
    )


def test_stability_counted_from_stopping_steroids_is_a_time_off_them() -> None:
    """NCT04890613: "stabilization at least 10 days after discontinuation of steroids" is 10
    days off them (CNS-METASTASES), not 10 days of stability since treatment, which would drop
    a patient treated 8 days ago who never needed steroids."""
    found = brain(
        "Untreated, unstable brain or meningeal metastases or tumor. Patients with radiological "
        "evidence of stable brain metastases are eligible provided that they are asymptomatic "
        "and either do not require corticosteroids or have been treated with corticosteroids, "
        "with clinical and radiological evidence of stabilization at least 10 days after "
        "discontinuation of steroids."
    )
    assert (
        found.allowed,
        found.stable_days,
        found.steroids_allowed,
        found.steroid_free_days,
        found.label,
    ) == (
        "treated_stable",
        None,
        False,
        10,
        "Brain metastases only if treated and stable, off steroids for ≥ 10 days",
    )


def test_a_following_sentence_allowing_treated_stable_metastases_is_read() -> None:
    found = brain(
        "Active brain metastases. Patients with previously treated brain metastases may "
        "participate provided they are stable for at least 14 days."
    )
    assert (found.allowed, found.stable_days, found.steroids_allowed) == (
        "treated_stable",
        14,
        True,
    )


def test_asymptomatic_after_radiotherapy_allowed_is_treated_stable() -> None:
    found = brain(
        "Symptomatic CNS metastases. Asymptomatic brain metastasis is allowed if they have "
        "been stable after appropriate radiotherapy for 1 month."
    )
    assert (found.allowed, found.stable_days) == ("treated_stable", 30)


def test_inclusion_allowing_treated_stable_metastases() -> None:
    found = brain(
        "Patients with treated brain metastases are eligible provided imaging after "
        "CNS-directed therapy shows stability for at least 1 month",
        "inclusion",
    )
    assert (found.allowed, found.stable_days) == ("treated_stable", 30)


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("Brain metastases larger than 2 cm", "exclusion"),
        ("Brain metastases with seizures in the last month", "exclusion"),
        ("Active CNS metastases, with exceptions per study protocol", "exclusion"),
        (
            "Brain metastases are eligible if the treating physician determines that no CNS "
            "treatment is required",
            "inclusion",
        ),
        ("Known HIV infection with a CD4 count < 350", "exclusion"),
        ("HIV infection unless additional protocol requirements are met", "exclusion"),
        ("Active infection including tuberculosis or HIV", "exclusion"),
    ],
)
def test_unrepresentable_qualifier_gives_manual_review_not_an_exclusion(
    text: str, section: str
) -> None:
    item = EligibilityItem(section=section, text=text, number=1)  # type: ignore[arg-type]
    outcome = extract_item(item, "x")
    assert outcome.free_text
    assert not [
        c
        for c in outcome.criteria
        if isinstance(c, BrainMetastasesCriterion | InfectionCriterion | ComorbidityCriterion)
    ]
    assert any(isinstance(c, FreeTextCriterion) for c in outcome.criteria)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Known HIV infection", [("hiv", "any")]),
        ("Uncontrolled HIV infection", [("hiv", "uncontrolled")]),
        ("HIV with detectable viral load", [("hiv", "uncontrolled")]),
        ("History of hepatitis B infection", [("hepatitis_b", "ever")]),
        (
            "Active hepatitis B or C",
            [("hepatitis_b", "uncontrolled"), ("hepatitis_c", "uncontrolled")],
        ),
        (
            "Known HIV positive or active hepatitis C",
            [("hiv", "any"), ("hepatitis_c", "uncontrolled")],
        ),
        (
            "Active infection including tuberculosis and HBV",
            [("hepatitis_b", "uncontrolled")],
        ),
        (
            "Known HIV or hepatitis B positive and have uncontrolled disease",
            [("hiv", "uncontrolled"), ("hepatitis_b", "uncontrolled")],
        ),
    ],
)
def test_infection_qualifier_decides_what_is_excluded(
    text: str, expected: list[tuple[str, str]]
) -> None:
    found = [(c.infection, c.excluded) for c in criteria(text) if isinstance(c, InfectionCriterion)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "HIV-infected patients on effective antiretroviral therapy with undetectable viral "
            "load within 6 months are eligible for this trial",
            "hiv",
        ),
        (
            "For patients with evidence of chronic hepatitis B virus (HBV) infection, the HBV "
            "viral load must be undetectable on suppressive therapy, if indicated",
            "hepatitis_b",
        ),
    ],
)
def test_an_allowance_of_controlled_infection_in_inclusion_is_read(text: str, kind: str) -> None:
    outcome = extract_item(EligibilityItem(section="inclusion", number=1, text=text), "x")
    found = [
        (c.infection, c.excluded) for c in outcome.criteria if isinstance(c, InfectionCriterion)
    ]
    assert found == [(kind, "uncontrolled")]
    assert outcome.allowances == (kind,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Known history of HIV seropositivity. Those who have no detectable viral load on "
            "highly active antiretroviral therapy (HAART) are permitted.",
            [("hiv", "uncontrolled")],
        ),
        (
            "Has uncontrolled infection with HIV-1 or HIV-2. Well-controlled HIV are eligible.",
            [("hiv", "uncontrolled")],
        ),
        (
            # HIV, in the known infections' list, is any HIV (CT-INF-KNOWN-LIST; until
            # 7 December 2026 it went to review and this case expected no HIV criterion).
            "Serious active infection or known infectious disease including hepatitis B, "
            "hepatitis C infection in active stage, or HIV/AIDS.",
            [("hiv", "any"), ("hepatitis_b", "uncontrolled"), ("hepatitis_c", "uncontrolled")],
        ),
        (
            "History of active primary immunodeficiency, known HIV, active chronic, or past "
            "hepatitis B infection, or hepatitis C infection.",
            [("hiv", "any"), ("hepatitis_b", "ever"), ("hepatitis_c", "ever")],
        ),
        (
            "Active HBV, active HCV, or HIV positive.",
            [("hiv", "any"), ("hepatitis_b", "uncontrolled"), ("hepatitis_c", "uncontrolled")],
        ),
        (
            "Have active hepatitis B virus (HBV) or hepatitis C virus (HCV), or HIV.",
            [("hepatitis_b", "uncontrolled"), ("hepatitis_c", "uncontrolled")],
        ),
        (
            "Active hepatitis B or C infection (active hepatitis B defined as HBsAg positive; "
            "active hepatitis C defined as HCV antibody positive with HCV RNA positive)",
            [],
        ),
        (
            "Known history of Hepatitis B (defined as HBsAg reactive) or known active Hepatitis "
            "C virus (defined as HCV RNA is detected) infection.",
            [],
        ),
    ],
)
def test_qualifiers_after_the_mention_and_in_later_sentences(
    text: str, expected: list[tuple[str, str]]
) -> None:
    found = [(c.infection, c.excluded) for c in criteria(text) if isinstance(c, InfectionCriterion)]
    assert found == expected


def test_an_allowance_in_parentheses_is_read_as_a_following_sentence() -> None:
    found = brain(
        "Untreated brain or meningeal metastases (i.e., subjects with history of metastases are "
        "eligible provided they do not require ongoing steroid treatment and have shown clinical "
        "and radiographic stability for at least 28 days after definitive therapy)"
    )
    assert (found.allowed, found.stable_days, found.steroids_allowed) == (
        "treated_stable",
        28,
        False,
    )


def test_cns_metastases_a_steroid_free_window_after_the_steroids_noun_is_read() -> None:
    """NCT06840886: off corticosteroids for 14 days, not merely off them today."""
    found = brain(
        "Active known CNS metastases and/or carcinomatous meningitis. Patients with previously "
        "treated CNS metastases may participate provided they are radiologically stable (ie, "
        "without evidence of progression for at least 2 weeks by repeat imaging), clinically "
        "stable, and without requirement of steroid treatment for at least 14 days prior to the "
        "first dose of study treatment."
    )
    assert (found.allowed, found.steroids_allowed, found.steroid_free_days) == (
        "treated_stable",
        False,
        14,
    )


def test_cns_metastases_a_steroid_free_window_after_what_the_steroids_were_for_is_read() -> None:
    """NCT04862663: stable off steroids for 4 weeks, not off them today."""
    found = brain(
        "Brain metastases unless these lesions are definitively treated (eg. radiotherapy, "
        "surgery) and clinically stable off steroids for management of symptoms for at least 4 "
        "weeks prior to study treatment initiation."
    )
    assert (found.stable_days, found.steroids_allowed, found.steroid_free_days) == (28, False, 28)


def _reviewed_without_brain_criterion(text: str, section: str = "exclusion") -> bool:
    item = EligibilityItem(section=section, text=text, number=1)  # type: ignore[arg-type]
    outcome = extract_item(item, "x")
    brains = [c for c in outcome.criteria if isinstance(c, BrainMetastasesCriterion)]
    return not brains and outcome.free_text


@pytest.mark.parametrize(
    "text",
    [
        "Known symptomatic brain metastases",  # NCT04794699
        "Symptomatic brain metastases or spinal cord compression requiring urgent clinical "
        "intervention.",  # NCT05256290
        # NCT05271292: the clause narrows "active" too
        "Patient has active or symptomatic central nervous system (CNS) metastases that require "
        "treatment.",
        # NCT05735080: "progressive" is the symptoms', not the metastases'
        "Have central nervous system (CNS) metastases or spinal cord compression that is "
        "associated with progressive neurological symptoms or requires corticosteroids (within 4 "
        "weeks of enrollment) to control the CNS disease.",
        "CNS metastases or primary CNS tumor that is associated with progressive neurologic "
        "symptoms",  # NCT05216432
        "Brain metastases requiring steroids",
        "Patients with untreated brain metastases who require corticosteroids",
    ],
)
def test_ct_cns_qualifier_symptoms_or_a_need_for_treatment_now_are_asymptomatic(
    text: str,
) -> None:
    """Coordinator's reading (labels `untreated_asymptomatic_allowed`): these texts exclude
    only metastases that cause symptoms or need treatment now, and admit untreated,
    asymptomatic ones: `asymptomatic`. Before 7 December 2026 (twenty-fourth session) no
    criterion held that and each went to review with no brain-metastasis criterion."""
    assert brain(text).allowed == "asymptomatic"


@pytest.mark.parametrize(
    "text",
    [
        "Known symptomatic untreated brain metastases",  # both at once
        "Brain metastases that are untreated and symptomatic",
        "Symptomatic, untreated brain metastases",
        "Brain metastases (active)",  # a bracket's qualifier is not read
        # NCT06784193: the meninges narrowed with them, and a stability window beside them
        "Known active or symptomatic central nervous system (CNS) metastases, carcinomatous "
        "meningitis, leptomeningeal disease, or a spinal cord compression that require "
        "CNS-specific treatment, or participants who did not demonstrate clinical and "
        "radiologic stability during the last 2 months prior to the first dose of study "
        "treatment or require or are currently on steroid therapy for CNS metastases.",
    ],
)
def test_ct_cns_qualifier_symptoms_or_a_need_for_treatment_go_to_review(text: str) -> None:
    """`not_active` is met only when treated and stable: these texts admit an untreated,
    asymptomatic metastasis, which it would exclude; symptomatic and untreated at once admit
    treated, symptomatic ones too, which `asymptomatic` would not."""
    assert _reviewed_without_brain_criterion(text)


@pytest.mark.parametrize(
    "text",
    [
        "Untreated or symptomatic central nervous system metastases",  # NCT05527184
        "Active, symptomatic, or untreated brain metastases.",  # NCT05544552
        # NCT05581004
        "Symptomatic, untreated, or actively progressing central nervous system (CNS) metastases",
        # NCT05012618: the alternative after the clause reaches untreated ones on its own
        "Patients with untreated CNS metastases requiring any anti-tumor treatment, or active CNS "
        "metastases",
        "Uncontrolled brain metastasis, including but not limited to the need for treatment with "
        "steroids, surgery or radiation therapy.",  # NCT03746431
    ],
)
def test_ct_cns_qualifier_an_alternative_reaching_untreated_ones_is_not_active(text: str) -> None:
    assert brain(text).allowed == "not_active"


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("Clinically significant brain metastases", "exclusion"),
        ("Newly diagnosed brain metastases", "exclusion"),
        ("Recent brain metastases", "exclusion"),
        ("Brain metastases treated within the last 4 weeks", "exclusion"),
        ("Brain metastases with neurological symptoms", "exclusion"),
        ("Brain metastases causing symptoms", "exclusion"),
        ("Brain metastases on steroids", "exclusion"),
        ("Known brain metastases, other than stable treated ones", "exclusion"),
        ("No clinically significant brain metastases", "inclusion"),
    ],
)
def test_ct_cns_qualifier_none_only_for_brain_metastases_named_plainly(
    text: str, section: str
) -> None:
    """Before 7 December 2026 each read as no brain metastases at all: the qualifier was no
    word the reader knew, and every brain metastasis was excluded."""
    assert _reviewed_without_brain_criterion(text, section)


@pytest.mark.parametrize(
    "text",
    [
        "Known brain metastases",
        "Patients with known brain metastases",
        "Presence of brain metastases.",
        # the qualifier is the infection's
        "Known brain metastases or active infection",
    ],
)
def test_ct_cns_qualifier_brain_metastases_named_plainly_are_none(text: str) -> None:
    assert brain(text).allowed == "none"


def test_ct_cns_qualifier_untreated_asymptomatic_allowed_goes_to_review() -> None:
    """NCT06056323: before 7 December 2026 read as not_active, which excludes the untreated,
    asymptomatic metastases its third sentence makes eligible."""
    assert _reviewed_without_brain_criterion(
        "Have clinically active central nervous system (CNS) metastases. Patients with previously "
        "treated brain metastases may participate provided they are stable and asymptomatic. "
        "Patients with asymptomatic brain metastasis are eligible."
    )


def test_ct_cns_qualifier_an_inclusion_note_admitting_stable_metastases_goes_to_review() -> None:
    """NCT05786924: "may have stable CNS metastases" admits stable ones, treated or not."""
    assert _reviewed_without_brain_criterion(
        "Note: Patients may have stable central nervous system (CNS) metastases. Patients with "
        "active CNS metastases are excluded from the study.",
        section="inclusion",
    )


def test_other_cns_disease_beside_brain_metastases_keeps_the_item_for_review() -> None:
    item = EligibilityItem(
        section="exclusion", text="Active CNS metastases or leptomeningeal disease", number=1
    )
    outcome = extract_item(item, "x")
    assert [c.allowed for c in outcome.criteria if isinstance(c, BrainMetastasesCriterion)] == [
        "not_active"
    ]
    assert outcome.free_text


def test_a_note_among_the_exclusions_allowing_treated_stable_metastases_is_an_allowance() -> None:
    item = EligibilityItem(
        section="exclusion",
        number=2,
        text="Note: Patients with treated brain metastases that are off corticosteroids and have "
        "been clinically stable for 14 days are eligible for enrollment.",
    )
    outcome = extract_item(item, "x")
    (found,) = [c for c in outcome.criteria if isinstance(c, BrainMetastasesCriterion)]
    assert (found.allowed, found.stable_days, found.steroids_allowed) == (
        "treated_stable",
        14,
        False,
    )
    assert outcome.allowances == ("brain_metastases",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Known human immunodeficiency virus (HIV) infection that is not well controlled.",
            [("hiv", "uncontrolled")],
        ),
        (
            "Active infection (including untreated human immunodeficiency virus [HIV] and active "
            "clinical tuberculosis)",
            [],
        ),
    ],
)
def test_the_qualifier_of_the_mention_not_of_its_neighbour(
    text: str, expected: list[tuple[str, str]]
) -> None:
    found = [(c.infection, c.excluded) for c in criteria(text) if isinstance(c, InfectionCriterion)]
    assert found == expected


def test_rapidly_progressive_brain_metastases_go_to_review() -> None:
    assert not [
        c
        for c in criteria("Rapidly progressive brain metastases.")
        if isinstance(c, BrainMetastasesCriterion)
    ]


@pytest.mark.parametrize(
    ("text", "stable_days", "steroid_stable_days"),
    [
        (
            "Brain metastases unless treated and stable for at least 4 weeks on a stable dose "
            "of corticosteroids for at least 14 days",
            28,
            14,
        ),
        (
            "Active brain metastases. Patients with treated brain metastases may participate "
            "provided they are stable and on a stable steroid dose for 7 days.",
            None,
            7,
        ),
        (
            "Active brain metastases. Treated brain metastases are eligible provided stable for 1 "
            "month and the patient no longer requires steroids, or is on a stable steroid dose "
            "> 4 weeks.",
            30,
            29,  # more than 4 weeks: day 28 is not yet enough
        ),
    ],
)
def test_a_stable_steroid_dose_window_is_read_apart_from_the_stability_window(
    text: str, stable_days: int | None, steroid_stable_days: int
) -> None:
    found = brain(text)
    assert (found.allowed, found.stable_days, found.steroids_allowed) == (
        "treated_stable",
        stable_days,
        True,
    )
    assert found.steroid_stable_days == steroid_stable_days


def test_without_requirement_of_steroids_for_days_is_off_steroids() -> None:
    found = brain(
        "Known active CNS metastases. Participants with previously treated brain metastases "
        "may participate provided they are radiologically stable for at least 4 weeks and "
        "without requirement of steroid treatment for at least 14 days."
    )
    assert (found.allowed, found.stable_days, found.steroids_allowed) == (
        "treated_stable",
        28,
        False,
    )


@pytest.mark.parametrize(
    "text",
    [
        # a dose threshold: 5 mg prednisone a day is allowed, which "off steroids" would refuse
        "Brain metastases unless treated, stable, and not requiring continuous corticosteroids "
        "at a dose of > 10 mg prednisone/day or equivalent for at least 4 weeks.",
        # a dose that may fall: the chart's "dose unchanged since" would count a taper
        "Active brain metastases. Patients with treated brain metastases are eligible if stable "
        "for 4 weeks on a stable or decreasing dose of steroids.",
        "Brain metastases, unless treated and stable without requiring escalating doses of "
        "corticosteroids for at least four weeks.",
    ],
)
def test_a_steroid_condition_the_criterion_cannot_hold_goes_to_review(text: str) -> None:
    found = criteria(text)
    assert not [c for c in found if isinstance(c, BrainMetastasesCriterion)]
    assert [c for c in found if isinstance(c, FreeTextCriterion)]


def test_an_inclusion_note_that_excludes_active_metastases_is_read_as_an_exclusion() -> None:
    found = brain(
        "Note: Patients with active CNS metastases are excluded from the study.",
        section="inclusion",
    )
    assert found.allowed == "not_active"


def test_an_inclusion_note_that_also_allows_treated_metastases_is_not_read_as_the_exclusion() -> (
    None
):
    found = criteria(
        "Patients with active brain metastases are excluded. Patients with treated brain "
        "metastases stable for 4 weeks may be eligible at the investigator's discretion.",
        section="inclusion",
    )
    assert not [c for c in found if isinstance(c, BrainMetastasesCriterion)]


def _defined(text: str, kind: str, section: str = "exclusion") -> dict[str, Any] | None:
    found = [
        c
        for c in criteria(text, section)
        if isinstance(c, InfectionCriterion) and c.infection == kind
    ]
    if not found:
        return None
    (criterion,) = found
    return criterion.model_dump(
        include={
            "excluded",
            "controlled_by",
            "viral_load_below_iu_ml",
            "viral_load_below_copies_ml",
            "cd4_at_least",
            "surface_antigen",
        },
        exclude_defaults=True,
    )


UNCONTROLLED = {"excluded": "uncontrolled"}


@pytest.mark.parametrize(
    ("text", "section", "kind", "definition"),
    [
        # NCT06462365
        (
            "Positive hepatitis-B surface antigen. Subject may be included if they are HBV PCR "
            "negative.",
            "exclusion",
            "hepatitis_b",
            {**UNCONTROLLED, "surface_antigen": "allowed"},
        ),
        # NCT06167317: the allowance is anti-HBc's; a positive HBsAg still excludes.
        (
            "Participants who test positive for hepatitis B surface antigen. Participants who "
            "test positive for hepatitis B core antibody are eligible with a negative HBV DNA by "
            "quantitative Polymerase chain reaction (PCR)",
            "exclusion",
            "hepatitis_b",
            {**UNCONTROLLED, "surface_antigen": "excludes"},
        ),
        # NCT06056323: the limit in both units, from an inclusion allowance.
        (
            "Patients with active hepatitis B virus (HBV) without active disease (HBV DNA titer "
            "\\<1000 cps/mL or 200 IU/mL), or who are cured of hepatitis C virus (HCV) with a "
            "negative HCV RNA test may be enrolled at the investigator's discretion.",
            "inclusion",
            "hepatitis_b",
            {
                **UNCONTROLLED,
                "viral_load_below_iu_ml": 200.0,
                "viral_load_below_copies_ml": 1000.0,
                "surface_antigen": "allowed",
            },
        ),
        (
            "Patients with active hepatitis B virus (HBV) without active disease (HBV DNA titer "
            "\\<1000 cps/mL or 200 IU/mL), or who are cured of hepatitis C virus (HCV) with a "
            "negative HCV RNA test may be enrolled at the investigator's discretion.",
            "inclusion",
            "hepatitis_c",
            UNCONTROLLED,
        ),
        # NCT04890613: HIV allowed on the CD4 count alone.
        (
            "Immuno-compromised patients, e.g., patients who are known to be serologically "
            "positive for human immunodeficiency virus (HIV). Patients who are known to be "
            "serologically positive for human immunodeficiency virus (HIV) can enroll if their "
            "CD4+ T-cell (CD4+) counts ≥ 350 cells/uL.",
            "exclusion",
            "hiv",
            {**UNCONTROLLED, "controlled_by": ("cd4",), "cd4_at_least": 350.0},
        ),
        (
            "Known HIV infection. Patients with HIV can enroll if CD4 counts ≥ 350",
            "exclusion",
            "hiv",
            {**UNCONTROLLED, "controlled_by": ("cd4",), "cd4_at_least": 350.0},
        ),
        (
            "Known HIV infection. Patients with HIV are eligible if CD4 count > 200 cells/mm3.",
            "exclusion",
            "hiv",
            {**UNCONTROLLED, "controlled_by": ("cd4",), "cd4_at_least": 201.0},
        ),
        # The NCI CTEP template asks therapy and an undetectable load, not a CD4 count
        # (NCT05687136, NCT03816345).
        (
            "Human immunodeficiency virus (HIV)-infected patients on effective anti-retroviral "
            "therapy with undetectable viral load within 6 months are eligible for this trial",
            "inclusion",
            "hiv",
            {**UNCONTROLLED, "controlled_by": ("antiviral_therapy", "viral_load")},
        ),
        (
            "HIV-positive patients are eligible if viral load is undetectable",
            "inclusion",
            "hiv",
            {**UNCONTROLLED, "controlled_by": ("viral_load",)},
        ),
        (
            "Known HIV infection. Patients on antiretroviral therapy with an HIV viral load "
            "below 400 copies/mL are eligible.",
            "exclusion",
            "hiv",
            {
                **UNCONTROLLED,
                "controlled_by": ("antiviral_therapy", "viral_load"),
                "viral_load_below_copies_ml": 400.0,
            },
        ),
    ],
)
def test_inf_read_the_protocols_own_definition_of_controlled(
    text: str, section: str, kind: str, definition: dict[str, Any]
) -> None:
    """INF-READ: an allowance whose every condition the criterion holds is read as INF-DEFINED."""
    assert _defined(text, kind, section) == definition


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A duration on therapy (NCT05680922), a conditional second allowance (NCT06056323),
        # "normal" DNA (NCT05315700), a drug interaction: left for review.
        (
            "Known HIV. Subjects with HIV must be controlled on effective antiretroviral therapy "
            "for at least four weeks and have HIV viral load of less than 400 copies/mL prior to "
            "enrollment.",
            "hiv",
        ),
        (
            "Patients with known HIV infection and a CD4 count that is documented to be ≥350 "
            "cells/mm3 within 12 months before study screening, and if HIV-infected patients "
            "with a lower CD4+ count (<350cell/ mm3), should be eligible only if they have a "
            "potentially curable malignancy.",
            "hiv",
        ),
        (
            "Known active infection requiring treatment or history of hepatitis B virus (HBV) or "
            "hepatitis C virus (HCV). Patients positive for HBsAg but normal HBV DNA level are "
            "allowed.",
            "hepatitis_b",
        ),
        (
            "Known HIV. Patients with HIV are eligible if CD4 ≥ 350 and not on antiretrovirals "
            "with CYP3A4 interactions.",
            "hiv",
        ),
    ],
)
def test_inf_read_an_allowance_the_criterion_cannot_hold_is_not_read_as_one(
    text: str, kind: str
) -> None:
    found = _defined(text, kind)
    assert found is None or set(found) == {"excluded"}


@pytest.mark.parametrize(
    "text",
    [
        # NCT04777994, NCT05827614
        "History of hepatitis B, hepatitis C, or human immunodeficiency virus (HIV) infection.",
        "History of HBV, HCV, or HIV infection,",
    ],
)
def test_inf_ever_history_of_an_infection_is_any_record_of_it(text: str) -> None:
    found = [(c.infection, c.excluded) for c in criteria(text) if isinstance(c, InfectionCriterion)]
    assert found == [("hiv", "ever"), ("hepatitis_b", "ever"), ("hepatitis_c", "ever")]


def test_inf_ever_a_history_of_chronic_infection_goes_to_review() -> None:
    """A resolved acute hepatitis B is no history of chronic hepatitis B; a record of a
    resolved hepatitis B does not say which it was."""
    outcome = extract_item(
        EligibilityItem(
            section="exclusion", number=1, text="Known history of chronic hepatitis B infection"
        ),
        "x",
    )
    assert not [c for c in outcome.criteria if isinstance(c, InfectionCriterion)]
    assert "hepatitis" in outcome.unsure


def test_inf_ever_a_history_far_before_the_infection_is_still_read() -> None:
    """NCT05549297: "history" stood 41 characters before "hepatitis B", the reading window cut
    it to "tory", and "chronic" alone read as any current infection: a cured chronic hepatitis C
    met a line the text excludes."""
    outcome = extract_item(
        EligibilityItem(
            section="exclusion",
            number=1,
            text="known history of chronic viral infections such as hepatitis B virus (HBV) or "
            "hepatitis C virus (HCV)",
        ),
        "x",
    )
    assert not [c for c in outcome.criteria if isinstance(c, InfectionCriterion)]
    assert outcome.free_text


@pytest.mark.parametrize(
    "text",
    [
        "Known, symptomatic human immunodeficiency virus (HIV) infection",  # NCT05315700
        "Symptomatic HIV infection",
    ],
)
def test_ct_inf_symptomatic_hiv_is_not_uncontrolled_hiv_and_goes_to_review(text: str) -> None:
    """An asymptomatic patient on therapy with a CD4 count of 290 is eligible: neither "any"
    nor "uncontrolled" HIV holds the item."""
    outcome = extract_item(EligibilityItem(section="exclusion", number=1, text=text), "x")
    assert not [c for c in outcome.criteria if isinstance(c, InfectionCriterion)]
    assert "hiv" in outcome.unsure
    assert outcome.free_text


@pytest.mark.parametrize(
    ("text", "unread"),
    [
        ("Untreated hepatitis C", "hepatitis"),  # one on treatment is admitted
        ("Clinically significant HIV infection", "hiv"),
        ("Acute hepatitis B infection", "hepatitis"),
        ("Hepatitis C infection requiring treatment", "hepatitis"),
    ],
)
def test_ct_inf_symptomatic_other_qualifiers_no_criterion_holds_go_to_review(
    text: str, unread: str
) -> None:
    """Before 7 December 2026 the qualifier was a filler word and the item read as any
    infection, excluding patients the text admits (an HCV infection on treatment)."""
    outcome = extract_item(EligibilityItem(section="exclusion", number=1, text=text), "x")
    assert not [c for c in outcome.criteria if isinstance(c, InfectionCriterion)]
    assert unread in outcome.unsure
    assert outcome.free_text


def test_ct_inf_symptomatic_beside_the_infection_qualifies_only_its_own_mention() -> None:
    found = [
        (c.infection, c.excluded)
        for c in criteria("Known HIV infection, or symptomatic brain metastases")
        if isinstance(c, InfectionCriterion)
    ]
    assert found == [("hiv", "any")]


def _infections(text: str) -> list[tuple[str, str]]:
    return [(c.infection, c.excluded) for c in criteria(text) if isinstance(c, InfectionCriterion)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Active hepatitis B infection and/or known HIV infection",
            [("hiv", "any"), ("hepatitis_b", "uncontrolled")],
        ),
        (
            "Known HIV carrier and/or active hepatitis C",
            [("hiv", "any"), ("hepatitis_c", "uncontrolled")],
        ),
        (
            "Active hepatitis B or C infection and/or uncontrolled HIV infection.",
            [
                ("hiv", "uncontrolled"),
                ("hepatitis_b", "uncontrolled"),
                ("hepatitis_c", "uncontrolled"),
            ],
        ),
    ],
)
def test_ct_inf_conjuncts_each_side_of_and_or_with_its_own_qualifier(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _infections(text) == expected


@pytest.mark.parametrize(
    ("text", "unsure"),
    [
        # Whether "active" reaches HIV is not said: HIV is not read (and "active HIV" is no
        # coordinator's criterion anyway).
        ("Active hepatitis B and/or HIV infection", "hiv"),
        # A qualifier after the last side may reach back over "and/or": neither is read.
        ("Known HIV and/or hepatitis B with detectable viral load", "hepatitis"),
        ("Known HIV and/or hepatitis B with detectable viral load", "hiv"),
        ("HIV and/or hepatitis C infection", "hiv"),
    ],
)
def test_ct_inf_conjuncts_a_side_without_its_own_qualifier_goes_to_review(
    text: str, unsure: str
) -> None:
    outcome = extract_item(EligibilityItem(section="exclusion", number=1, text=text), "x")
    read = {c.infection for c in outcome.criteria if isinstance(c, InfectionCriterion)}
    assert unsure in outcome.unsure
    assert not read & ({"hiv"} if unsure == "hiv" else {"hepatitis_b", "hepatitis_c"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Known hepatitis B or C virus infection that is active or uncontrolled.",
            [("hepatitis_b", "uncontrolled"), ("hepatitis_c", "uncontrolled")],
        ),
        (
            "Hepatitis B or hepatitis C (HCV) infection which is active",
            [("hepatitis_b", "uncontrolled"), ("hepatitis_c", "uncontrolled")],
        ),
        ("Known HIV infection that is not well controlled", [("hiv", "uncontrolled")]),
    ],
)
def test_ct_inf_relative_a_clause_after_the_infections_qualifies_each(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _infections(text) == expected


def test_ct_inf_relative_a_clause_after_another_condition_is_not_the_infections() -> None:
    """ "that is active" follows tuberculosis, not hepatitis B: hepatitis B stays "known"."""
    assert _infections("Known hepatitis B, or tuberculosis that is active") == [
        ("hepatitis_b", "any")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Known HIV infection, or active, uncontrolled infection (bacterial or viral), "
            "including hepatitis B or hepatitis C",
            [("hiv", "any"), ("hepatitis_b", "uncontrolled"), ("hepatitis_c", "uncontrolled")],
        ),
        (
            "Active, serious infection, such as tuberculosis or hepatitis C",
            [("hepatitis_c", "uncontrolled")],
        ),
    ],
)
def test_ct_inf_active_list_with_commas_and_an_infection_named_before_it(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _infections(text) == expected


def test_ct_inf_active_list_in_another_sentence_does_not_qualify_the_infection() -> None:
    assert _infections("Active infection including tuberculosis. Known hepatitis B.") == [
        ("hepatitis_b", "any")
    ]


def test_ct_inf_active_list_still_does_not_read_active_hiv() -> None:
    outcome = extract_item(
        EligibilityItem(
            section="exclusion", number=1, text="Active, uncontrolled infection, including HIV"
        ),
        "x",
    )
    assert not [c for c in outcome.criteria if isinstance(c, InfectionCriterion)]
    assert "hiv" in outcome.unsure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NCT05271292 (hand label hiv = any_excluded, hepatitis = active_excluded): HIV stands in
        # the list of "known infectious disease including"; the "active" of another alternative
        # ("serious active infection") and of hepatitis C ("in active stage") is not its own.
        (
            "Patient has serious active infection or known infectious disease including "
            "hepatitis B, hepatitis C infection in active stage, or HIV/AIDS.",
            [("hiv", "any"), ("hepatitis_b", "uncontrolled"), ("hepatitis_c", "uncontrolled")],
        ),
        (
            "Active tuberculosis, or known infectious disease including hepatitis B, or HIV",
            [("hiv", "any"), ("hepatitis_b", "any")],
        ),
        (
            "Serious active infection, or known infections such as hepatitis C, or HIV",
            [("hiv", "any"), ("hepatitis_c", "any")],
        ),
    ],
)
def test_ct_inf_known_list_an_infection_in_a_known_infections_list_is_any_infection(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _infections(text) == expected


@pytest.mark.parametrize(
    ("text", "unsure"),
    [
        # A qualifier after the infection may be its own: not read.
        ("Known infectious disease including hepatitis B, or HIV, in active stage", "hiv"),
        # The list's head is in another sentence: it qualifies nothing here.
        ("Known infectious disease including tuberculosis. Active infection or HIV.", "hiv"),
        # A qualifier joined to the head by "or" opens the list too ("active HIV").
        ("Active or known infectious disease including tuberculosis, or HIV", "hiv"),
        # A nearer list of active infections is HIV's list (CT-INF-ACTIVE-LIST).
        (
            "Known infectious disease including tuberculosis, or active infection including "
            "hepatitis B, or HIV",
            "hiv",
        ),
    ],
)
def test_ct_inf_known_list_a_qualifier_that_may_reach_the_infection_leaves_it_to_review(
    text: str, unsure: str
) -> None:
    outcome = extract_item(EligibilityItem(section="exclusion", number=1, text=text), "x")
    assert unsure in outcome.unsure
    assert not [c for c in outcome.criteria if isinstance(c, InfectionCriterion)] or all(
        c.infection != "hiv" for c in outcome.criteria if isinstance(c, InfectionCriterion)
    )


@pytest.mark.parametrize(
    ("text", "section", "context"),
    [
        # NCT05315700: "CNS involvement" is leptomeningeal too, and the trial admits an LMD seen
        # on MRI but not suspected clinically: `asymptomatic` would exclude it.
        (
            "CNS involvement, which is either previously treated and controlled, or untreated "
            "and asymptomatic",
            "inclusion",
            None,
        ),
        # NCT05372614, NCT05687110: leptomeningeal disease admitted, and a physician's judgement.
        (
            "Patients with radiographically new or progressive brain metastases (active brain "
            "metastases) or leptomeningeal disease are eligible only if has no progressive "
            "clinical symptoms and if the treating physician determines that immediate CNS "
            "specific treatment is not required and is unlikely to be required during the first "
            "cycle of therapy",
            "inclusion",
            None,
        ),
        (
            "Patients with new or progressive brain metastases (active brain metastases) or "
            "leptomeningeal disease are eligible if the patient is asymptomatic and the treating "
            "physician determines that immediate CNS specific treatment is not required and is "
            "unlikely to be required during the first cycle of therapy",
            "inclusion",
            None,
        ),
        # NCT06244485: untreated and symptomatic at once, or needing steroids or anticonvulsants:
        # a treated, symptomatic metastasis on neither is admitted, which `asymptomatic` is not.
        (
            "Has spinal cord compression or clinically active central nervous system metastases, "
            "defined as untreated and symptomatic, or requiring therapy with corticosteroids or "
            "anticonvulsants to control associated symptoms.",
            "exclusion",
            None,
        ),
        # NCT05592626: the condition is the lead-in's, the items under it other conditions
        # (steroids up to 10 mg prednisone a day allowed, cord compression).
        (
            "No concurrent treatment for CNS disease (e.g., surgery, radiation, corticosteroids "
            "\\> 10 mg prednisone/day or equivalent);",
            "inclusion",
            "Symptomatic central nervous system (CNS) metastases must have been treated, be "
            "asymptomatic for ≥ 14 days, and meet the following at the time of enrollment:",
        ),
        (
            "No concurrent leptomeningeal disease or cord compression.",
            "inclusion",
            "Symptomatic central nervous system (CNS) metastases must have been treated, be "
            "asymptomatic for ≥ 14 days, and meet the following at the time of enrollment:",
        ),
        # NCT05786924: stable metastases admitted, an ambiguous clause ("active CNS metastases
        # or primary CNS tumors associated with ...": whose?) and primary CNS tumours.
        (
            "Note: Patients may have stable central nervous system (CNS) metastases. Patients "
            "with active CNS metastases or primary CNS tumors associated with progressive "
            "neurological symptoms or needing increased doses of corticosteroids to control the "
            "CNS disease are excluded from the study.",
            "inclusion",
            None,
        ),
        # NCT06056323: meningeal metastases admitted when asymptomatic, and treated ones on
        # up to 10 mg prednisone a day when symptomatically stable.
        (
            "Have clinically active central nervous system (CNS) metastases and/or carcinomatous "
            "meningitis. Patients with previously treated brain or meningeal metastases may "
            "participate and be eligible for treatment provided they are stable and asymptomatic. "
            "Patients with asymptomatic brain or meningeal metastasis or patients who are "
            "symptomatically stable after treatment and are on≤ 10 mg/d prednisone or equivalent "
            "are eligible.",
            "exclusion",
            None,
        ),
    ],
)
def test_ct_cns_qualifier_what_asymptomatic_would_not_hold_stays_for_review(
    text: str, section: str, context: str | None
) -> None:
    """The seven texts labelled `untreated_asymptomatic_allowed` that `asymptomatic` does not
    read (twenty-fifth session, checked one by one): each admits what it excludes —
    leptomeningeal disease, treated symptomatic metastases, a steroid dose — or leaves it to a
    physician; a review item with no brain-metastasis criterion, never a wrong exclusion."""
    item = EligibilityItem(section=section, text=text, number=1, context=context)  # type: ignore[arg-type]
    outcome = extract_item(item, "x")
    assert not [c for c in outcome.criteria if isinstance(c, BrainMetastasesCriterion)]
    assert outcome.free_text


@pytest.mark.parametrize(
    "text",
    [
        "Progressive brain metastases",
        "Known progressive brain metastases.",
        "Progressing central nervous system (CNS) metastases",
        "Actively progressing brain metastases",
        "Brain metastases that have progressed",
    ],
)
def test_ct_cns_qualifier_progression_alone_admits_untreated_stable_metastases(text: str) -> None:
    """CT-CNS-QUALIFIER (twenty-seventh session): progression as the only qualifier excludes
    metastases growing now, not an untreated one stable on serial imaging (NCT05417594 speaks
    of "untreated (stable or progressing) brain metastases"); `not_active` (met only when
    treated and stable) would exclude that one, and no value holds "only progressing ones
    excluded": review with no brain-metastasis criterion, as "Rapidly progressive brain
    metastases" (NCT06377852) already was. Before, read as `not_active` with no review."""
    found = criteria(text)
    assert not [c for c in found if isinstance(c, BrainMetastasesCriterion)], text
    assert any(isinstance(c, FreeTextCriterion) for c in found), text


@pytest.mark.parametrize(
    "text",
    [
        "Untreated or progressive brain metastases",
        "Active or progressing central nervous system (CNS) metastases",  # NCT05941507
    ],
)
def test_ct_cns_qualifier_progression_beside_untreated_or_active_is_not_active(text: str) -> None:
    # Guard: an alternative that reaches untreated ones keeps `not_active`.
    assert brain(text).allowed == "not_active"


@pytest.mark.parametrize(
    "text",
    [
        "Symptomatic or progressive brain metastases",
        "Symptomatic or progressing CNS metastases",
        "Known symptomatic or radiologically progressive brain metastases",
        "Brain metastases that are symptomatic or have progressed",
        "Symptomatic brain metastases or brain metastases with evidence of progression",
        "Progressive or symptomatic central nervous system (CNS) metastases",
    ],
)
def test_ct_cns_qualifier_symptoms_or_progression_keeps_the_progression(text: str) -> None:
    """CT-CNS-QUALIFIER (twenty-eighth session): "Symptomatic or progressive brain metastases"
    excludes symptomatic ones and progressing ones, so it admits only metastases both
    asymptomatic and not progressing. `asymptomatic` drops "progressive" (an asymptomatic,
    progressing metastasis would be admitted) and `not_active` excludes an untreated, stable,
    asymptomatic one the text admits; no value holds both: review with no brain-metastasis
    criterion, as progression alone is. Before, read as `asymptomatic` with no review."""
    found = criteria(text)
    assert not [c for c in found if isinstance(c, BrainMetastasesCriterion)], text
    assert any(isinstance(c, FreeTextCriterion) for c in found), text


@pytest.mark.parametrize(
    "text",
    [
        "Known symptomatic brain metastases",  # NCT04794699
        "CNS metastases or primary CNS tumor that is associated with progressive neurologic "
        "symptoms",  # NCT05216432: the symptoms progress, not the metastases
        "Symptomatic brain metastases with progressive neurological deficits",
    ],
)
def test_ct_cns_qualifier_progressing_symptoms_are_no_progression_of_the_metastases(
    text: str,
) -> None:
    # Guard: progression said of the symptoms leaves `asymptomatic` as before.
    assert brain(text).allowed == "asymptomatic"
