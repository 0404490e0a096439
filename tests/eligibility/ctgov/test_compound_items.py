"""Ages, ECOG and limits read where they stand: long compound items, words for numbers,
escaped markup, and the API's fields first."""

from __future__ import annotations

import pytest

from eligibility.criteria import AgeCriterion, AnyOfCriterion, FreeTextCriterion, LabCriterion
from eligibility.ctgov import EligibilityItem, extract, extract_item


def _labels(text: str, section: str = "inclusion") -> list[str]:
    item = EligibilityItem(section=section, text=text, number=1)  # type: ignore[arg-type]
    return [c.label for c in extract_item(item, "x").criteria if c.type != "free_text"]


def _reviewed(text: str) -> bool:
    item = EligibilityItem(section="inclusion", text=text, number=1)
    return any(isinstance(c, FreeTextCriterion) for c in extract_item(item, "x").criteria)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Age 18+", "Age ≥ 18 years"),
        ("18 years and older", "Age ≥ 18 years"),
        ("18 years or older and able to sign informed consent", "Age ≥ 18 years"),
        ("Male or female, aged ≥ 18 years.", "Age ≥ 18 years"),
        ("Participants must be 18 year old or older;", "Age ≥ 18 years"),
        ("Age between 18 and 75 years", "Age 18–75 years"),
        ("Age \\>= 18 years", "Age ≥ 18 years"),
        ("Adults \\>18 years old.", "Age ≥ 18 years"),
        ("Age ≥18 years and \\<85 years old.", "Age 18–84 years"),
        (
            "Patient is at least 18 years of age, regardless of gender. Patient has a diagnosis "
            "of advanced solid tumor that has relapsed",
            "Age ≥ 18 years",
        ),
        (
            "Age \\>= 18 years. Because no dosing or adverse event data are currently available "
            "in patients \\< 18 years of age, children are excluded from this study",
            "Age ≥ 18 years",
        ),
    ],
)
def test_age_in_its_usual_wordings(text: str, label: str) -> None:
    assert _labels(text) == [label]


@pytest.mark.parametrize(
    "text",
    [
        "Age \\>= 16 years; 1.7 mg/dL (male); 1.4 mg/dL (female)",
        "Age > 60 years; or",
        "Age ≥ 18 years or ≥ 16 years with parental consent",
        "For patients with ALL, age between 13 - 18 years",
        "Male or female subjects, ≥ 18 years of age with the following exception:",
        "Age ≥ 12 years. Patients 8-11 years of age may enrol with sponsor approval",
    ],
)
def test_an_age_for_some_patients_or_with_alternatives_is_not_read(text: str) -> None:
    assert not [label for label in _labels(text) if label.startswith("Age")]
    assert _reviewed(text)


def test_a_compound_item_gives_each_limit_and_keeps_an_unread_number_for_review() -> None:
    text = "All Parts: Age ≥ 18 years, ECOG Performance Status ≤ 1, life expectancy ≥ 12 weeks"
    assert sorted(_labels(text)) == ["Age ≥ 18 years", "ECOG 0–1"]
    assert _reviewed(text)


@pytest.mark.parametrize(
    ("text", "label"),
    [("ECOG zero or one", "ECOG 0–1"), ("ECOG performance status of zero to two", "ECOG 0–2")],
)
def test_ecog_written_in_words(text: str, label: str) -> None:
    assert _labels(text) == [label]


def test_escaped_powers_of_ten_are_read() -> None:
    (label,) = _labels("Absolute neutrophil count \\>= 1.5 x 10\\^9/L")
    assert label == "ANC ≥ 1.5 10*9/L"


def test_html_entities_are_read() -> None:
    # CT-QTC-ECGS: the limit is on a mean, and the label says so.
    assert _labels("Mean resting QTcF \\&gt; 470 msec", "exclusion") == [
        "QTc ≤ 470 ms (mean of several ECGs)"
    ]


def test_lab_criteria_are_typed() -> None:
    item = EligibilityItem(section="inclusion", text="Platelets \\>= 100 x 10\\^9/L", number=1)
    (criterion,) = extract_item(item, "x").criteria
    assert isinstance(criterion, LabCriterion)
    assert criterion.value == 100


def test_text_age_different_from_the_api_field_is_a_review_note_not_a_silent_override() -> None:
    extraction = extract(
        {"minimumAge": "18 Years", "eligibilityCriteria": "Inclusion Criteria:\n* Age ≥ 20 years\n"}
    )
    ages = [c for c in extraction.criteria if isinstance(c, AgeCriterion)]
    assert [(a.min_years, a.id) for a in ages] == [(18, "api-age")]
    notes = [c for c in extraction.criteria if isinstance(c, FreeTextCriterion)]
    assert any("minimumAge" in note.text and "Age ≥ 20" in note.text for note in notes)


@pytest.mark.parametrize(
    "text",
    [
        "Serum total bilirubin ≤1.5 x upper limit of normal (ULN) or ≤3 x ULN for patients "
        "with Gilbert's disease",
        "Total bilirubin =\\< 1.5 × institutional upper limit of normal (ULN), (\\< 3 × ULN in "
        "the presence of documented Gilbert's syndrome or liver metastases at baseline)",
        "Bilirubin ≤ 1.5×ULN. This will not apply to patients with confirmed Gilbert's syndrome.",
    ],
)
def test_a_looser_limit_for_a_subgroup_is_an_exception_not_a_silent_exclusion(text: str) -> None:
    item = EligibilityItem(section="inclusion", text=text, number=1)
    outcome = extract_item(item, "x")
    (read,) = [c for c in outcome.criteria if isinstance(c, AnyOfCriterion)]
    limit, exception = read.criteria
    assert isinstance(limit, LabCriterion)
    assert (limit.times_uln, limit.comparator) == (1.5, "<=")
    assert isinstance(exception, FreeTextCriterion)
    assert "Gilbert" in exception.text
    assert outcome.free_text  # and the item stays for review


def test_qtc_limit_after_a_later_mention_of_the_interval() -> None:
    text = (
        "Participants who have a marked Baseline prolongation of QT/QTc interval. For purposes "
        "of eligibility, this is defined as repeated demonstration of a QT interval corrected on "
        "the triplicate ECGs performed at screening, using Fridericia's formula \\[QTcF\\] \\> 450 "
        "milliseconds \\[ms\\] in males and \\> 460 ms in females."
    )
    # CT-QTC-ECGS: "repeated demonstration ... on the triplicate ECGs".
    assert _labels(text, "exclusion") == ["QTc ≤ 450 ms (men), ≤ 460 ms (women) (on repeated ECGs)"]


def test_a_lead_in_restating_the_exclusion_list_is_not_a_cohort() -> None:
    item = EligibilityItem(
        section="exclusion",
        text="Mean resting QTcF \\> 470 msec.",
        number=1,
        context="Participants with any of the following cardiac criteria:",
    )
    assert [c.label for c in extract_item(item, "x").criteria] == [
        "QTc ≤ 470 ms (mean of several ECGs)"  # CT-QTC-ECGS
    ]


def test_a_karnofsky_alternative_for_some_patients_is_an_exception_to_ecog() -> None:
    item = EligibilityItem(
        section="inclusion",
        number=1,
        text="Has an ECOG performance score of 0 to 1 or for GBM has a Karnofsky performance "
        "status score ≥70.",
    )
    outcome = extract_item(item, "x")
    (read,) = [c for c in outcome.criteria if isinstance(c, AnyOfCriterion)]
    ecog, exception = read.criteria
    assert ecog.label == "ECOG 0–1"
    assert isinstance(exception, FreeTextCriterion)
    assert "for GBM" in exception.text
    assert outcome.free_text


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (
            "Adequate renal function with a creatinine clearance rate of ≥ 50 mL/min as "
            "calculated by the Cockcroft-Gault formula.",
            ["Creatinine clearance ≥ 50 mL/min"],
        ),
        (
            "Renal function criteria: Serum creatinine ≤ ULN (per local institution reference "
            "range) or Calculated creatinine clearance (Cr Cl) ≥ 60 mL/min",
            ["Creatinine ≤ 1 × ULN or Creatinine clearance ≥ 60 mL/min"],
        ),
    ],
)
def test_renal_function_in_its_usual_wordings(text: str, labels: list[str]) -> None:
    assert _labels(text) == labels


def test_text_age_adds_the_bound_the_api_field_lacks() -> None:
    extraction = extract(
        {
            "minimumAge": "18 Years",
            "eligibilityCriteria": "Inclusion Criteria:\n* Age between 18 and 75 years\n",
        }
    )
    ages = [c for c in extraction.criteria if isinstance(c, AgeCriterion)]
    assert [(a.id, a.min_years, a.max_years, a.label) for a in ages] == [
        ("api-age", 18, 75, "Age 18–75 years")
    ]
    assert ages[0].source_text == "Age between 18 and 75 years"


def _excluded(text: str) -> tuple[list[str], bool]:
    """The structured criteria types an exclusion item gives, and whether it goes to review."""
    item = EligibilityItem(section="exclusion", text=text, number=1)
    criteria = extract_item(item, "x").criteria
    types = [c.type for c in criteria if c.type != "free_text"]
    return types, any(isinstance(c, FreeTextCriterion) for c in criteria)


@pytest.mark.parametrize(
    "text",
    [
        "Known brain metastases or active infection",
        "Known active brain metastases or active infection requiring antibiotics",
        "Pregnant or breastfeeding women, or active infection",
        "Known HIV infection or active tuberculosis",
        "Active hepatitis B or active infection",
        "Known brain metastases, interstitial lung disease",
        "Uncontrolled brain metastases or uncontrolled intercurrent illness",
        "QTc > 470 ms or active infection",
        "Active hepatitis B or C or tuberculosis",  # NCT05581004
        (  # NCT05271292: the history is read before the limit, and was dropped
            "Clinically significant history of prolonged QTc interval, or QTcF interval >470ms "
            "for females or >450 ms for males during screening."
        ),
        "History of QT prolongation, or QTc > 470 ms",
        "QTc > 470 ms or congenital long QT syndrome",
        "QTcF > 450 ms or history of torsades de pointes",
        # NCT04725994: HIV is an example; the exclusion is every immunocompromised patient
        "Immunocompromised patients, such as patients known to be serologically positive for HIV.",
        "Known HIV infection or receiving immunosuppressive therapy",
        "Hepatitis B with cirrhosis",  # the cirrhosis is no "hepatitis B infection"
        "Known brain metastases with seizures",
    ],
)
def test_ct_leftover_condition_a_second_exclusion_in_the_item_is_never_dropped(text: str) -> None:
    """CT-LEFTOVER-CONDITION: an exclusion item that also names a condition no reader read
    (an infection, tuberculosis, an illness, a lung disease) goes to review whatever else it
    gives: a dropped exclusion is an unsafe eligible."""
    _, reviewed = _excluded(text)
    assert reviewed, text


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Known HIV infection", ["infection"]),
        ("Known human immunodeficiency virus (HIV) infection", ["infection"]),
        ("Active hepatitis B or C infection", ["infection", "infection"]),
        ("Known active brain metastases", ["brain_metastases"]),
        ("Pregnant or breastfeeding women", ["comorbidity"]),
        ("QTc > 470 ms", ["qtc"]),
        ("QTcF > 450 ms in males or > 470 ms in females", ["qtc"]),
        ("QTc prolongation (defined as QTcF > 470 ms)", ["qtc"]),
        ("Prolonged QTcF interval > 480 msec", ["qtc"]),
        (  # NCT05592626: the infections' own qualifier
            "Participants who are known to be human immunodeficiency virus positive or "
            "hepatitis B or C positive and have uncontrolled disease.",
            ["infection", "infection", "infection"],
        ),
    ],
)
def test_ct_leftover_condition_the_read_conditions_own_noun_is_read(
    text: str, types: list[str]
) -> None:
    """The noun a reader's words end in ("HIV infection") is that condition's, not another."""
    assert _excluded(text) == (types, False)


@pytest.mark.parametrize(
    "text",
    [
        "Received anti-PD-1 therapy in the last year",  # not every anti-PD-1 therapy
        "History of hepatitis B within the last year",  # not every history of it
        "Brain metastases diagnosed within the last year",
        "Pregnant women, unless a negative test",  # a hedge the pregnancy reader does not read
    ],
)
def test_ct_leftover_qualifier_an_unread_window_or_hedge_sends_the_item_to_review(
    text: str,
) -> None:
    """CT-LEFTOVER-QUALIFIER: "last", "within", "year" are too few or filler words to count,
    yet they narrow the exclusion: read without them, it excludes patients the trial admits."""
    _, reviewed = _excluded(text)
    assert reviewed, text


@pytest.mark.parametrize(
    "text",
    [
        # NCT04104776 inclusion 8 (no lab of the trial defines it)
        "All patients will have Eastern Cooperative Oncology Group (ECOG) performance status of "
        "≤ 1 and adequate organ function.",
        "ECOG 0-1 and adequate bone marrow, renal and hepatic function",
        "Age ≥ 18 years with adequate haematological function",
    ],
)
def test_ct_leftover_condition_an_organ_function_no_lab_defines_is_never_dropped(
    text: str,
) -> None:
    """CT-LEFTOVER-CONDITION (twenty-seventh session): "adequate organ function" beside a read
    criterion is a requirement of its own that no reader reads when the item gives no lab:
    the item goes to review (its words are filler only where a lab defines them)."""
    assert _labels(text)  # the ECOG or age is still read
    assert _reviewed(text), text


def test_ct_leftover_condition_an_organ_function_its_lab_defines_is_read() -> None:
    """Guard: "Adequate renal function: calculated creatinine clearance of ≥ 30 mL/min"
    (NCT06840886) names the function its own lab defines."""
    text = (
        "Adequate renal function: calculated creatinine clearance of ≥ 30 mL/min calculated per "
        "institutional standard"
    )
    assert _labels(text) == ["Creatinine clearance ≥ 30 mL/min"]
    assert not _reviewed(text)


@pytest.mark.parametrize(
    "text",
    [
        # Twenty-seventh session: a state that narrows the read condition, in words the readers
        # left unread (and the word count misses: one or two words, or filler ones).
        "Hepatitis C, untreated",  # not every hepatitis C: a cured one is not excluded
        "HIV infection, untreated",
        "HIV-positive patients on antiretroviral therapy",  # drug interactions: not every HIV
        "Prior anti-PD-1 monotherapy",  # not an anti-PD-1 given in combination
        "Pregnancy planned during the study",  # not (only) a pregnancy now
        "Age > 75 years with comorbidities",  # not every patient over 75
        "Pregnant women in the first trimester",
        "ECOG ≥ 2 due to cancer",
    ],
)
def test_ct_leftover_qualifier_a_state_left_unread_sends_the_item_to_review(text: str) -> None:
    """CT-LEFTOVER-QUALIFIER: the coordinator excludes only the patients the words describe; read
    without them, the criterion excludes more (a wrong exclusion) or other patients. Before, each
    was read as the plain condition with no review."""
    _, reviewed = _excluded(text)
    assert reviewed, text


@pytest.mark.parametrize(
    "text",
    [
        "Untreated brain metastases",  # the CNS reader reads its treatment words
        "Symptomatic, untreated, or actively progressing central nervous system metastases",
        "Known HIV infection",
        "Active hepatitis B or C infection",
        "Prior treatment with a PD-1 inhibitor",
    ],
)
def test_ct_leftover_qualifier_a_state_a_reader_read_needs_no_review(text: str) -> None:
    # Guard: the words a reader reads are no qualifier left over.
    types, reviewed = _excluded(text)
    assert types, text
    assert not reviewed, text


@pytest.mark.parametrize(
    "text",
    [
        "Pregnant women in the first trimester",  # a pregnancy in the second trimester is not
        "ECOG ≥ 2 due to cancer",  # an ECOG 2 from a broken leg is not
        "Hepatitis C, untreated",  # a cured hepatitis C is not
        "HIV-positive patients on antiretroviral therapy",
        "Prior anti-PD-1 monotherapy",  # an anti-PD-1 given in combination is not
        "Age > 75 years with comorbidities",  # a fit patient of 80 is not
    ],
)
def test_ct_leftover_qualifier_an_exclusion_narrowed_by_an_unread_state_keeps_no_criterion(
    text: str,
) -> None:
    """CT-LEFTOVER-QUALIFIER (twenty-seventh session): an exclusion narrowed by a state no
    reader read excludes fewer patients than its read criterion would: "Not pregnant" fails a
    pregnancy in the second trimester, "ECOG 0–1" an ECOG 2 from an injury, before a person
    reviews the item (a wrong exclusion). Only the review item is kept. Before, the plain
    criterion was kept beside the review."""
    types, reviewed = _excluded(text)
    assert types == [], text
    assert reviewed, text


def test_ct_leftover_qualifier_an_inclusion_narrowed_by_a_state_keeps_its_criterion() -> None:
    """Guard: in an inclusion the read requirement is looser than the text ("Prior anti-PD-1
    monotherapy" required: a patient with none fails either way), so it is kept, reviewed."""
    item = EligibilityItem(section="inclusion", text="Prior anti-PD-1 monotherapy", number=1)
    criteria = extract_item(item, "x").criteria
    assert [c.type for c in criteria if c.type != "free_text"], criteria
    assert any(isinstance(c, FreeTextCriterion) for c in criteria)


def test_ct_leftover_qualifier_a_stricter_regional_age_keeps_the_looser_bound() -> None:
    """Guard (twenty-seventh session): "Age ≥ 18 years; in Taiwan ≥ 20 years" fails only a
    patient under 18, whom every reading excludes; a Taiwanese patient of 19 is left to the
    review item (listed). The looser bound is safe to apply before review."""
    assert _labels("Age ≥ 18 years; in Taiwan ≥ 20 years") == ["Age ≥ 18 years"]
    assert _reviewed("Age ≥ 18 years; in Taiwan ≥ 20 years")
    # A stricter bound first would fail a Japanese patient of 19: not read.
    assert _labels("Age ≥ 20 years; in Japan ≥ 18 years") == []


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # NCT06607185: "untreated" is the unread HIV's, an alternative of its own
        (
            "Have known active hepatitis B virus (HBV), hepatitis C virus (HCV) or untreated HIV "
            "infection",
            ["infection", "infection"],
        ),
        # a state in a sentence of its own: an allowance for review, not a narrowing
        (
            "Known history of human immunodeficiency virus (HIV) seropositivity. Those who have "
            "no detectable viral load on highly active antiretroviral therapy (HAART) are "
            "permitted.",
            ["infection"],
        ),
        (
            "Participant is pregnant or breastfeeding or planning to become pregnant.",
            ["comorbidity"],
        ),
    ],
)
def test_ct_leftover_qualifier_a_state_of_another_stretch_keeps_the_read_criterion(
    text: str, types: list[str]
) -> None:
    # Guard: the state narrows another alternative or stands in a sentence of its own.
    found, reviewed = _excluded(text)
    assert found == types, text
    assert reviewed, text
