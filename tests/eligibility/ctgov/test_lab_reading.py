"""The registry's lab reader on real protocol wording (rules CT-LAB-FOOTNOTE, CT-LAB-NAMES,
CT-LAB-EXCEPTION in docs/clinical-rules.md)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import (
    AllOfCriterion,
    AnyOfCriterion,
    Criterion,
    FreeTextCriterion,
    LabCriterion,
)
from eligibility.ctgov import EligibilityItem, ItemOutcome, extract, extract_item
from eligibility.facts import Measurement, PatientFacts
from eligibility.results import CriterionStatus
from eligibility.vocabulary import Analyte


def _outcome(text: str, section: str = "inclusion") -> ItemOutcome:
    return extract_item(EligibilityItem(section=section, number=1, text=text), "t")


def _labs(outcome: ItemOutcome) -> list[Criterion]:
    return [c for c in outcome.criteria if isinstance(c, LabCriterion | AnyOfCriterion)]


@pytest.mark.parametrize(
    "text",
    [
        # NCT06964009: the footnotes add Gilbert's syndrome (≤ 4 × ULN), hepatic involvement
        # (≤ 5 × ULN) and how eGFR is calculated.
        "total bilirubin ≤ 1.5x institutional upper limit of normal (ULN)\\*\\*",
        "AST(SGOT)/ALT(SGPT) ≤3x institutional ULN\\*\\*\\*",
        "eGFR (glomerular filtration rate) ≥60 mL/min\\*\\*\\*\\*",
        "absolute neutrophil count ≥1000/mcL\\*",
        "Platelets ≥ 100,000/mcL*",
        "Creatinine clearance ≥ 60 mL/min†",
        "Total bilirubin‡ ≤ 1.5 x ULN",
    ],
)
def test_ct_lab_footnote_a_limit_with_a_footnote_marker_goes_to_review(text: str) -> None:
    outcome = _outcome(text)
    assert _labs(outcome) == []
    assert "lab" in outcome.unsure
    assert outcome.free_text


@pytest.mark.parametrize(
    ("text", "times_uln"),
    [
        ("Total bilirubin ≤ 1.5*ULN", 1.5),  # an asterisk meaning times
        ("AST ≤ 2.5 * ULN", 2.5),
    ],
)
def test_ct_lab_footnote_an_asterisk_meaning_times_is_no_footnote(
    text: str, times_uln: float
) -> None:
    (criterion,) = _labs(_outcome(text))
    assert isinstance(criterion, LabCriterion)
    assert criterion.times_uln == times_uln


def _limits(outcome: ItemOutcome) -> list[tuple[str, str, float | None]]:
    found = []
    for criterion in _labs(outcome):
        members = criterion.criteria if isinstance(criterion, AnyOfCriterion) else (criterion,)
        found += [
            (str(m.analyte), m.comparator, m.times_uln)
            for m in members
            if isinstance(m, LabCriterion)
        ]
    return found


@pytest.mark.parametrize(
    ("text", "times_uln"),
    [
        (  # NCT05687110
            "Aspartate transaminase (AST) (serum glutamic-oxaloacetic transaminase \\[SGOT\\])/"
            "alanine transferase (ALT)(serum glutamate pyruvate transaminase \\[SGPT\\]) =\\< "
            "1.5 × institutional ULN",
            1.5,
        ),
        (  # NCT05372640, NCT03816345, NCT05372614
            "Aspartate aminotransferase (AST) (serum glutamic-oxaloacetic transaminase "
            "\\[SGOT\\])/alanine aminotransferase (ALT) (serum glutamate pyruvate transaminase "
            "\\[SGPT\\]) =\\< 2.5 x institutional ULN",
            2.5,
        ),
        (  # NCT05687136, misspelt, its bracket left open
            "Asparate aminotransferase (AST) (serum glutamic oxaloacetic transaminase \\[SGOT\\]/"
            "alanine aminotransferase (ALT)(serum glutamic pyruvic transaminase \\[SGPT\\]) =\\< "
            "3 × institutional ULN",
            3.0,
        ),
        ("Aspartate aminotransferase (AST [SGOT]) ≤ 1.5 x ULN", 1.5),
    ],
)
def test_ct_lab_names_a_synonym_in_brackets_is_part_of_the_name(
    text: str, times_uln: float
) -> None:
    outcome = _outcome(text)
    expected = [("ast", "<=", times_uln)]
    if "alanine" in text:
        expected.append(("alt", "<=", times_uln))
    assert _limits(outcome) == expected
    assert "lab" not in outcome.unsure


def _exceptions(outcome: ItemOutcome) -> dict[str, str | None]:
    """Each lab's analyte -> the exception it carries (None: a plain limit)."""
    found: dict[str, str | None] = {}
    for criterion in _labs(outcome):
        if isinstance(criterion, LabCriterion):
            found[str(criterion.analyte)] = None
            continue
        (limit,) = [c for c in criterion.criteria if isinstance(c, LabCriterion)]
        (note,) = [c for c in criterion.criteria if isinstance(c, FreeTextCriterion)]
        found[str(limit.analyte)] = note.text
    return found


@pytest.mark.parametrize(
    "text",
    [
        # NCT05271292
        "Biochemistry: total bilirubin ≤1.25×upper limit of normal (ULN), both alanine "
        "aminotransferase (ALT) and aspartate aminotransferase (AST) ≤1.5×ULN (≤5×ULN for "
        "patients with hepatic metastasis), creatinine clearance \\>60 mL/min",
        # NCT06150664
        "Adequate hepatic function defined as serum total bilirubin ≤ 1.5 × ULN, AST/ALT ≤ 2.5 "
        "× ULN (or ≤ 5 × ULN in patients with liver metastases)",
    ],
)
def test_ct_lab_exception_relaxes_only_the_group_it_follows(text: str) -> None:
    found = _exceptions(_outcome(text))
    assert found["total_bilirubin"] is None
    assert found["ast"] is not None
    assert "metasta" in found["ast"]
    assert found["alt"] == found["ast"]


def test_ct_lab_exception_each_lab_carries_only_its_own_exception() -> None:
    found = _exceptions(
        _outcome(  # NCT06056323
            "Liver function i. AST and ALT ≤ 2.5×ULN; AST or ALT ≤ 5×ULN if liver metastases "
            "are present ii. Total bilirubin (TBIL) ≤ 1.5×ULN; ≤3 X ULN for patients with "
            "Gilbert's disease"
        )
    )
    assert found["total_bilirubin"] == "≤3 X ULN for patients with Gilbert's disease"
    for analyte in ("ast", "alt"):
        exception = found[analyte]
        assert exception is not None
        assert "liver metastases" in exception
        assert "Gilbert" not in exception


def test_ct_lab_exception_that_names_its_labs_relaxes_them() -> None:
    found = _exceptions(
        _outcome(
            "AST/ALT ≤ 3 × ULN, total bilirubin ≤ 1.5 × ULN; for patients with liver "
            "metastases, AST/ALT ≤ 5 × ULN"
        )
    )
    assert found["ast"] is not None
    assert found["alt"] is not None


def test_ct_lab_exception_a_bracket_opened_inside_the_exception_is_part_of_it() -> None:
    """The definition in brackets and the investigator's say after it belong to the exception;
    the limit holds for everyone else (a value over it with the syndrome is unknown)."""
    outcome = _outcome(
        "Total bilirubin ≤ 2 × ULN. This does not apply to patients with Gilbert's syndrome "
        "(raised unconjugated bilirubin without haemolysis), who may enrol at the sponsor's "
        "discretion."
    )
    (found,) = _labs(outcome)
    assert isinstance(found, AnyOfCriterion)
    limit, note = found.criteria
    assert isinstance(limit, LabCriterion)
    assert limit.times_uln == 2
    assert isinstance(note, FreeTextCriterion)
    assert note.text.endswith("sponsor's discretion")
    assert outcome.free_text  # read with its exception: the item stays for review


def test_ct_lab_units_platelets_in_units_of_ten_to_the_eleventh() -> None:
    (found,) = _labs(_outcome("Platelet count ≥ 1.5 x 10^11/L"))
    assert isinstance(found, LabCriterion)
    assert (found.comparator, found.value, found.unit) == (">=", 150.0, "10*9/L")


def test_ct_lab_units_eleven_without_a_power_sign_is_not_read() -> None:
    """ "1 x 1011/L" may be a lost caret or a typo: not guessed."""
    outcome = _outcome("Platelet count ≥ 1 x 1011/L")
    assert _labs(outcome) == []
    assert "lab" in outcome.unsure


def test_ct_lab_units_times_written_twice_is_times_the_uln() -> None:
    found = _labs(_outcome("ALT ≤ 3 × times ULN"))
    assert [(c.analyte, c.times_uln) for c in found if isinstance(c, LabCriterion)] == [
        ("alt", 3.0)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Creatinine ≤ 1.5 x ULN or creatinine clearance ≥ 40 mL/min for patients with "
        "creatinine above the ULN",
        "Serum creatinine ≤ institutional ULN OR eGFR ≥ 45 mL/min in subjects with creatinine "
        "levels above institutional upper limit of normal.",
    ],
)
def test_ct_lab_implied_a_condition_failing_the_first_limit_already_says_is_either(
    text: str,
) -> None:
    outcome = _outcome(text)
    (found,) = _labs(outcome)
    assert isinstance(found, AnyOfCriterion)
    assert [c.analyte for c in found.criteria if isinstance(c, LabCriterion)] == [
        "creatinine",
        "creatinine_clearance" if "clearance" in text else "egfr",
    ]
    assert not outcome.free_text


@pytest.mark.parametrize(
    "text",
    [
        # The first limit is below the ULN: a creatinine of 0.9 × ULN fails it and is not above
        # the ULN, so the clause is a real condition.
        "Creatinine ≤ 0.8 x ULN or creatinine clearance ≥ 40 mL/min for patients with "
        "creatinine above ULN",
        # No first limit to fail: the clearance limit holds only for some patients.
        "Creatinine clearance ≥ 40 mL/min for patients with creatinine above ULN",
    ],
)
def test_ct_lab_implied_a_real_condition_is_not_dropped(text: str) -> None:
    outcome = _outcome(text)
    assert _labs(outcome) == []
    assert "lab" in outcome.unsure


@pytest.mark.parametrize(
    ("text", "analyte"),
    [
        ("Neutrophils ≥ 1.0 x 10^9/L, without G-CSF in the 7 days before", "anc"),
        ("Platelet count ≥ 80 x 10^9/L (no platelet transfusion within 10 days)", "platelets"),
        ("Haemoglobin ≥ 8.5 g/dL (last red cell transfusion > 21 days before day 1)", "hemoglobin"),
        ("ANC ≥ 1.5 x 10^9/L (growth factors are not allowed in the prior 14 days)", "anc"),
    ],
)
def test_ct_lab_support_a_count_without_support_is_the_limit_and_a_condition(
    text: str, analyte: str
) -> None:
    """A count under the limit fails whatever the support; one over it waits for the
    condition to be checked: all of (the limit, the condition)."""
    outcome = _outcome(text)
    (found,) = [c for c in outcome.criteria if isinstance(c, AllOfCriterion)]
    limit, condition = found.criteria
    assert isinstance(limit, LabCriterion)
    assert limit.analyte == analyte
    assert limit.source_text == text  # the item's own words, not the reader's blanked copy
    assert isinstance(condition, FreeTextCriterion)
    assert outcome.free_text


@pytest.mark.parametrize(
    "text",
    [
        # A looser limit with support is an alternative, not a condition.
        "Platelets ≥ 100 x 10^9/L (≥ 75 x 10^9/L with transfusion support)",
        # An allowance with a condition of its own is no plain allowance.
        "Haemoglobin ≥ 9 g/dL (transfusion permitted if more than 14 days before enrollment)",
        # A support clause beside a lab that is no blood count.
        "Creatinine ≤ 1.5 mg/dL and platelets ≥ 100 x 10^9/L (no transfusion within 7 days)",
    ],
)
def test_ct_lab_support_other_wording_is_not_read_as_a_condition(text: str) -> None:
    outcome = _outcome(text)
    assert not [c for c in outcome.criteria if isinstance(c, AllOfCriterion)]
    assert outcome.free_text


def _allowed_counts(outcome: ItemOutcome) -> dict[str, str]:
    """analyte -> "plain" for a count read as a plain limit, or the allowance's words for one
    read as "any of (the limit, the support allowed)"."""
    found: dict[str, str] = {}
    for criterion in outcome.criteria:
        if isinstance(criterion, LabCriterion):
            found[criterion.analyte] = "plain"
        elif isinstance(criterion, AnyOfCriterion) and isinstance(
            criterion.criteria[0], LabCriterion
        ):
            limit, allowance = criterion.criteria
            assert isinstance(limit, LabCriterion)
            assert isinstance(allowance, FreeTextCriterion)
            found[limit.analyte] = allowance.text
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Haemoglobin ≥ 9 g/dL (with or without transfusion)", {"hemoglobin": "allowed"}),
        ("Haemoglobin ≥ 9 g/dL (transfusion permitted)", {"hemoglobin": "allowed"}),
        (
            "Platelet count ≥ 100 × 10^9/L (platelet transfusions are allowed)",
            {"platelets": "allowed"},
        ),
        # NCT06150664: the allowance after the last of the counts; a transfusion raises no
        # neutrophil count, so the ANC is a plain limit.
        (
            "Adequate bone marrow function defined by absolute neutrophil (ANC) of ≥ 1.5×109/L, "
            "platelet count of ≥ 100.0×109/L, and hemoglobin of ≥ 9.0 g/dL (with or without "
            "transfusion)",
            {"anc": "plain", "platelets": "allowed", "hemoglobin": "allowed"},
        ),
    ],
)
def test_ct_lab_support_an_allowance_in_the_item_holds_unless_the_support_raises_the_count(
    text: str, expected: dict[str, str]
) -> None:
    """The coordinator's reading: the protocol lets the patient be transfused to reach the
    count, so a count at the limit meets it and one under it is not the end (a transfusion may
    bring it up: unknown, for a person to check), never not met; a count the allowed support
    cannot raise is a plain limit."""
    outcome = _outcome(text)
    found = _allowed_counts(outcome)
    assert {a: "plain" if w == "plain" else "allowed" for a, w in found.items()} == expected
    assert all(w == "plain" or "transfusion" in w for w in found.values())
    assert not {"lab", "lab_support"} & set(outcome.unsure)


def test_ct_lab_support_an_allowed_transfusion_makes_a_low_count_unknown() -> None:
    as_of = date(2026, 11, 25)
    outcome = _outcome("Platelet count ≥ 100 × 10^9/L (platelet transfusions are allowed)")
    (found,) = [c for c in outcome.criteria if isinstance(c, AnyOfCriterion)]

    def status(value: float) -> CriterionStatus:
        drawn = Measurement(
            analyte=Analyte.PLATELETS,
            value=value,
            unit="10*9/L",
            date=as_of - timedelta(days=3),
            evidence=("Observation/plt",),
        )
        facts = PatientFacts(as_of=as_of, patient="Patient/p", labs=(drawn,))
        return evaluate_criterion(found, facts).status

    assert status(120) is CriterionStatus.MET
    assert status(80) is CriterionStatus.UNKNOWN


# NCT05271292: the support condition stands in the lead-in, the counts in the item under it.
_NCT05271292_LEAD_IN = (
    "Major organ functions meet the following criteria (no corrective treatment, such as G CSF, "
    "erythropoietin, and blood transfusion, within 2 weeks before enrollment):"
)
_NCT05271292_COUNTS = (
    "Hematology: absolute neutrophil count (ANC) ≥1.5×109/L, platelet ≥100×109/L, "
    "hemoglobin ≥100 g/L."
)
# NCT06056323: the support condition is a note after the counts, in the item itself.
_NCT06056323_COUNTS = (
    "Hematology i. absolute neutrophil count (ANC) ≥ 1.5×109/L ii. platelets (PLT) ≥ 100×109/L "
    "iii. hemoglobin (HGB) ≥ 90 g/L Note: The above items require that patients have not "
    "received any blood component or supportive therapy with growth hormones within two weeks "
    "prior to blood sampling."
)


def _under(context: str | None, text: str, section: str = "inclusion") -> ItemOutcome:
    item = EligibilityItem(section=section, number=1, text=text, depth=1, context=context)  # type: ignore[arg-type]
    return extract_item(item, "t")


def _supported_counts(outcome: ItemOutcome) -> dict[str, str]:
    """analyte -> the condition it holds with, for every count read with one."""
    found: dict[str, str] = {}
    for criterion in outcome.criteria:
        if isinstance(criterion, AllOfCriterion):
            limit, condition = criterion.criteria
            assert isinstance(limit, LabCriterion)
            assert isinstance(condition, FreeTextCriterion)
            found[limit.analyte] = condition.text
    return found


@pytest.mark.parametrize(
    ("context", "text"),
    [(_NCT05271292_LEAD_IN, _NCT05271292_COUNTS), (None, _NCT06056323_COUNTS)],
)
def test_ct_lab_support_a_condition_in_the_lead_in_or_a_note_holds_for_the_counts(
    context: str | None, text: str
) -> None:
    """A count kept up by G-CSF or a transfusion is not what the protocol asks: each count
    holds with the condition (all of), never as a plain limit, and the item stays for review."""
    outcome = _under(context, text)
    conditions = _supported_counts(outcome)
    assert set(conditions) == {"anc", "platelets", "hemoglobin"}
    assert not [c for c in outcome.criteria if isinstance(c, LabCriterion)]  # none plain
    assert all("transfusion" in said or "blood component" in said for said in conditions.values())
    assert outcome.free_text


def test_ct_lab_support_a_lead_in_condition_reaches_only_the_counts() -> None:
    """The biochemistry under NCT05271292's lead-in keeps its limits; the lead-in's corrective
    treatment is named by blood-count support only, but the item stays listed for review."""
    outcome = _under(
        _NCT05271292_LEAD_IN,
        "Biochemistry: total bilirubin ≤1.25×upper limit of normal (ULN), creatinine clearance "
        "\\>60 mL/min (according to Cockcroft-Gault equation).",
    )
    assert _supported_counts(outcome) == {}
    assert {c.analyte for c in outcome.criteria if isinstance(c, LabCriterion)} == {
        "total_bilirubin",
        "creatinine_clearance",
    }
    assert outcome.free_text


@pytest.mark.parametrize(
    "context",
    [
        # Support in the lead-in in words not read as a condition: never dropped.
        "Bone marrow function, at least 14 days after the last red cell transfusion:",
        "Adequate bone marrow function (G-CSF may not be used to reach these values):",
    ],
)
def test_ct_lab_support_a_lead_in_support_not_read_sends_the_counts_to_review(
    context: str,
) -> None:
    outcome = _under(context, "Absolute neutrophil count ≥ 1.5 × 10^9/L")
    assert not [c for c in outcome.criteria if isinstance(c, LabCriterion)]
    assert outcome.free_text


def test_ct_lab_support_a_lead_in_that_allows_support_leaves_the_counts_plain() -> None:
    outcome = _under(
        "Adequate bone marrow function (with or without transfusion support):",
        "Absolute neutrophil count ≥ 1.5 × 10^9/L",
    )
    assert [c.analyte for c in outcome.criteria if isinstance(c, LabCriterion)] == ["anc"]


@pytest.mark.parametrize(
    "context",
    [
        # Invented (no reference trial allows support in its lead-in in these words).
        "Adequate bone marrow function (transfusions are allowed):",
        "Adequate hematologic function as defined below (blood transfusions permitted):",
    ],
)
def test_ct_lab_support_a_lead_in_allowing_transfusions_leaves_the_counts_plain(
    context: str,
) -> None:
    """The coordinator's reading: a transfusion raises no neutrophil count, so the ANC under a
    lead-in that allows transfusions is a plain limit, no condition for a person to check."""
    outcome = _under(context, "Absolute neutrophil count ≥ 1.5 × 10^9/L")
    (anc,) = [c for c in outcome.criteria if isinstance(c, LabCriterion)]
    assert (anc.analyte, anc.value) == ("anc", 1.5)
    assert not outcome.free_text


def test_ct_lab_support_a_lead_in_allowing_support_reaches_the_counts_it_raises() -> None:
    """Growth factors raise the neutrophils, transfusions the platelets: under a lead-in that
    allows both, each count holds unless the support brings it up."""
    found = _allowed_counts(
        _under(
            "Hematology (growth factor support and transfusions are acceptable):",
            "Absolute neutrophil count ≥ 1.5 × 10^9/L, platelets ≥ 100 × 10^9/L",
        )
    )
    assert set(found) == {"anc", "platelets"}
    assert "plain" not in found.values()


@pytest.mark.parametrize(
    "context",
    [
        # Guards: an allowance with a condition is a condition; a hedge beside it stays one.
        "Adequate bone marrow function (transfusions are allowed if more than 14 days before "
        "enrollment):",
        "Adequate bone marrow function (transfusions are not allowed):",
        "Adequate bone marrow function (transfusions are allowed for patients with marrow "
        "involvement):",
        "Adequate bone marrow function, unless the investigator decides otherwise (transfusions "
        "are allowed):",
    ],
)
def test_ct_lab_support_a_lead_in_allowance_with_more_words_is_no_plain_limit(
    context: str,
) -> None:
    outcome = _under(context, "Absolute neutrophil count ≥ 1.5 × 10^9/L")
    assert not [c for c in outcome.criteria if isinstance(c, LabCriterion)]
    assert outcome.free_text


@pytest.mark.parametrize(
    "context",
    [
        # Support allowed outside brackets: the counts are plain limits.
        "Adequate bone marrow function with or without transfusion support:",
        # "support" as a verb: no support named at all.
        "Adequate organ function to support study treatment, defined as:",
    ],
)
def test_ct_lab_support_a_lead_in_allowing_or_naming_no_support_leaves_the_counts_plain(
    context: str,
) -> None:
    """CT-LAB-SUPPORT: a lead-in that allows support (with or without, bracketed or not) or uses
    "support" as a verb sets no condition: the count keeps its plain limit (before the
    twenty-fifth session's review both sent the count to review)."""
    outcome = _under(context, "Absolute neutrophil count ≥ 1.5 × 10^9/L")
    assert [c.analyte for c in outcome.criteria if isinstance(c, LabCriterion)] == ["anc"]


@pytest.mark.parametrize(
    "context",
    [
        # Invented (twenty-fifth session's red-team review): "with or without" on another
        # matter, the support forbidden in the same lead-in.
        "Patients with or without prior radiotherapy must have adequate bone marrow function "
        "without blood transfusion or G-CSF within 14 days before the first dose:",
        "Adequate bone marrow function, defined as follows (subjects with or without bone "
        "metastases; no transfusion or G-CSF within 14 days):",
        "Adequate organ function, with or without prior therapy, and no transfusion or growth "
        "factor within 14 days before enrollment:",
        # Support allowed and forbidden in one lead-in: a condition still.
        "Adequate bone marrow function with or without transfusion support, but no G-CSF "
        "within 14 days before enrollment:",
    ],
)
def test_ct_lab_support_a_lead_in_forbidding_support_is_no_allowance_for_its_with_or_without(
    context: str,
) -> None:
    """CT-LAB-SUPPORT: "with or without" allows support only when support is what it names; a
    lead-in that forbids transfusion or G-CSF never lets a count kept up by them hold: no count
    is read plain or "unless the support raises it"."""
    outcome = _under(context, "Absolute neutrophil count ≥ 1.5 × 10^9/L, platelets ≥ 100 × 10^9/L")
    assert _allowed_counts(outcome) == {}
    assert outcome.free_text


def test_ct_lab_support_under_the_lead_in_a_low_count_fails_and_a_good_one_waits() -> None:
    """NCT05271292: an ANC of 1.0 fails whatever the support; an ANC of 3.0 may be G-CSF's,
    so it is unknown until a person checks — never met on the number alone."""
    as_of = date(2026, 11, 25)
    outcome = _under(_NCT05271292_LEAD_IN, _NCT05271292_COUNTS)
    (anc,) = [
        c
        for c in outcome.criteria
        if isinstance(c, AllOfCriterion) and getattr(c.criteria[0], "analyte", None) == "anc"
    ]

    def status(value: float) -> CriterionStatus:
        drawn = Measurement(
            analyte=Analyte.ANC,
            value=value,
            unit="10*9/L",
            date=as_of - timedelta(days=3),
            evidence=("Observation/anc",),
        )
        facts = PatientFacts(as_of=as_of, patient="Patient/p", labs=(drawn,))
        return evaluate_criterion(anc, facts).status

    assert status(1.0) is CriterionStatus.NOT_MET
    assert status(3.0) is CriterionStatus.UNKNOWN


def _counts_read(text: str) -> dict[str, str]:
    """analyte -> "plain" or "supported" for every count read from a whole eligibility text."""
    found: dict[str, str] = {}
    for criterion in extract({"eligibilityCriteria": text}, include_api_fields=False).criteria:
        if isinstance(criterion, LabCriterion):
            found[criterion.analyte] = "plain"
        elif isinstance(criterion, AllOfCriterion) and isinstance(
            criterion.criteria[0], LabCriterion
        ):
            found[criterion.criteria[0].analyte] = "supported"
    return found


def test_ct_lab_support_a_flat_lead_in_reaches_the_counts_listed_after_it() -> None:
    """A lead-in written as a bullet of its own, its list not indented under it: its support
    condition holds for the counts that follow it, as an indented lead-in's does."""
    found = _counts_read(
        "Inclusion Criteria:\n\n"
        "* Adequate bone marrow function (no transfusion or growth factor within 14 days):\n"
        "* Absolute neutrophil count ≥ 1.5 × 10^9/L\n"
        "* Platelet count ≥ 100 × 10^9/L\n"
        "* ECOG performance status 0-1\n"
        "* Creatinine ≤ 1.5 mg/dL\n"
    )
    # The lead-in's list ends where an item reads no lab.
    assert found == {"anc": "supported", "platelets": "supported", "creatinine": "plain"}


def test_ct_lab_support_a_flat_lead_in_with_several_conditions_sends_the_counts_to_review() -> None:
    # NCT06840886: a red-cell and a platelet transfusion window and an erythropoietin allowance
    # in one flat lead-in: which count holds with which is for a person to read.
    found = _counts_read(
        "Inclusion Criteria:\n\n"
        "* Adequate bone marrow function without packed RBC transfusion within the prior 2 "
        "weeks. Patients can be on a stable dose of erythropoietin (approximately ≥ 3 months). "
        "Criteria must be met without platelet transfusion within 7 days of screening blood "
        "draw:\n"
        "* Absolute neutrophil count (ANC) ≥1,500/µL\n"
        "* Platelet count ≥100,000/µL\n"
        "* Hemoglobin ≥9.0 g/dL or ≥5.6 mmol/La\n"
    )
    assert "plain" not in found.values()


# Invented (twenty-sixth session; no reference trial forbids support in its lead-in in these
# words, NCT04890613 does in an item: "(blood transfusion ≤ 7 days of screening not permitted)").
_FORBIDDING_LEAD_INS = [
    "Adequate bone marrow function (transfusions are not allowed):",
    "Adequate hematologic function as defined below (blood transfusions not permitted):",
]


@pytest.mark.parametrize("context", _FORBIDDING_LEAD_INS)
def test_ct_lab_support_a_lead_in_forbidding_support_holds_for_its_counts(context: str) -> None:
    """The coordinator's reading: "(transfusions are not allowed)" is a condition on the counts
    (none kept up by a transfusion), no hedge on who may enrol: each count holds with it, as
    with "(no transfusion within 14 days)"; the item is listed for review."""
    outcome = _under(context, "Absolute neutrophil count ≥ 1.5 × 10^9/L, platelets ≥ 100 × 10^9/L")
    found = _supported_counts(outcome)
    assert set(found) == {"anc", "platelets"}
    assert all("not" in condition for condition in found.values())
    assert outcome.free_text


def test_ct_lab_support_a_flat_lead_in_forbidding_support_holds_for_the_counts_after_it() -> None:
    found = _counts_read(
        "Inclusion Criteria:\n\n"
        f"* {_FORBIDDING_LEAD_INS[0]}\n"
        "* Absolute neutrophil count ≥ 1.5 × 10^9/L\n"
        "* Platelet count ≥ 100 × 10^9/L\n"
    )
    assert found == {"anc": "supported", "platelets": "supported"}


def test_ct_lab_support_under_a_forbidding_lead_in_a_low_count_fails_and_a_good_one_waits() -> None:
    outcome = _under(_FORBIDDING_LEAD_INS[0], "Platelet count ≥ 100 × 10^9/L")
    (held,) = [c for c in outcome.criteria if isinstance(c, AllOfCriterion)]
    as_of = date(2026, 11, 25)

    def status(value: float) -> CriterionStatus:
        count = Measurement(
            analyte=Analyte.PLATELETS,
            value=value,
            unit="10*9/L",
            date=as_of - timedelta(days=2),
            evidence=("Observation/p",),
        )
        facts = PatientFacts(as_of=as_of, patient="Patient/p", labs=(count,))
        return evaluate_criterion(held, facts).status

    assert status(60) is CriterionStatus.NOT_MET
    assert status(150) is CriterionStatus.UNKNOWN


# Twenty-sixth session's review: brackets that forbid support in other words, each a condition
# on the counts as "(transfusions are not allowed)" is (invented text).
_FORBIDDING_BRACKETS = [
    "Adequate bone marrow function (no transfusions allowed):",
    "Adequate bone marrow function (G-CSF may not be used within 14 days before enrollment):",
    "Adequate bone marrow function (transfusions must not be given within 14 days):",
    "Adequate bone marrow function (without growth factor support):",
]


@pytest.mark.parametrize("context", _FORBIDDING_BRACKETS)
def test_ct_lab_support_a_lead_in_s_bracket_forbidding_support_in_other_words_holds(
    context: str,
) -> None:
    """The coordinator's reading: "(no transfusions allowed)", "(G-CSF may not be used ...)"
    forbid support as "(transfusions are not allowed)" does: each count holds with the bracket
    as its condition (a low count fails, a good one waits for a person), indented or flat."""
    outcome = _under(context, "Absolute neutrophil count ≥ 1.5 × 10^9/L, platelets ≥ 100 × 10^9/L")
    found = _supported_counts(outcome)
    assert set(found) == {"anc", "platelets"}
    assert outcome.free_text
    flat = _counts_read(
        "Inclusion Criteria:\n\n"
        f"* {context}\n"
        "* Absolute neutrophil count ≥ 1.5 × 10^9/L\n"
        "* Platelet count ≥ 100 × 10^9/L\n"
    )
    assert flat == {"anc": "supported", "platelets": "supported"}


@pytest.mark.parametrize("context", _FORBIDDING_BRACKETS)
def test_ct_lab_support_a_forbidding_bracket_does_not_turn_an_indented_list_round(
    context: str,
) -> None:
    """Guard: the "not" of "(G-CSF may not be used ...)" or "(transfusions must not be given
    ...)" is said of the support, not of the list: ANC ≥ 1.5 with the condition, never
    "ANC < 1.5" (which excludes every patient with a good count)."""
    found = extract(
        {
            "eligibilityCriteria": "Inclusion Criteria:\n\n"
            f"* {context}\n\n"
            "  * Absolute neutrophil count ≥ 1.5 × 10^9/L\n"
        },
        include_api_fields=False,
    ).criteria
    (held,) = [c for c in found if isinstance(c, AllOfCriterion)]
    limit = held.criteria[0]
    assert isinstance(limit, LabCriterion)
    assert (limit.analyte, limit.comparator, limit.value) == ("anc", ">=", 1.5)


def test_ct_lab_support_a_count_s_own_bracket_forbidding_support_is_its_condition() -> None:
    # In the item as in the lead-in: "(no transfusions allowed)" is the count's condition.
    found = _supported_counts(
        _under(None, "Platelet count ≥ 100 × 10^9/L (no transfusions allowed)")
    )
    assert found == {"platelets": "no transfusions allowed"}


@pytest.mark.parametrize(
    "context",
    [
        "Adequate bone marrow function (no transfusions allowed unless approved by the sponsor):",
        "Adequate bone marrow function (G-CSF may not be used in cohort A):",
    ],
)
def test_ct_lab_support_a_forbidding_bracket_with_more_words_reads_no_count(context: str) -> None:
    # Guard: a hedge or a group beside the forbidding words: the counts go to review, never
    # read as plain limits.
    assert _supported_counts(_under(context, "Platelets ≥ 100 × 10^9/L")) == {}
    assert not [
        c
        for c in _under(context, "Platelets ≥ 100 × 10^9/L").criteria
        if isinstance(c, LabCriterion)
    ]


def test_ct_lab_support_a_lead_in_s_without_clause_does_not_turn_the_counts_around() -> None:
    """ "Adequate bone marrow function, without G-CSF within 14 days:" asks for the counts
    without support: ANC ≥ 1.5 with the condition, never "ANC < 1.5" (which excludes every
    patient with a good count)."""
    found = extract(
        {
            "eligibilityCriteria": "Inclusion Criteria:\n\n"
            "* Adequate bone marrow function, without G-CSF within 14 days:\n\n"
            "  * Absolute neutrophil count ≥ 1.5 × 10^9/L\n"
        },
        include_api_fields=False,
    ).criteria
    (held,) = [c for c in found if isinstance(c, AllOfCriterion)]
    limit = held.criteria[0]
    assert isinstance(limit, LabCriterion)
    assert (limit.analyte, limit.comparator, limit.value) == ("anc", ">=", 1.5)


# Invented in the words Chinese sponsors register (twenty-sixth session's red-team review): the
# white cell count listed first, a count the lab reader does not read.
_WBC_FIRST = (
    "Inclusion Criteria:\n\n"
    "* Adequate bone marrow function within 14 days before enrollment, without blood "
    "transfusion or growth factor support within 14 days:\n"
    "* White blood cell count (WBC) ≥ 3.0 × 10^9/L\n"
    "* Absolute neutrophil count (ANC) ≥ 1.5 × 10^9/L\n"
    "* Platelet count ≥ 100 × 10^9/L\n"
    "* Hemoglobin ≥ 9.0 g/dL\n"
    "* ECOG performance status 0-1\n"
    "* Creatinine ≤ 1.5 mg/dL\n"
)


def test_ct_lab_support_a_count_not_read_does_not_end_a_flat_lead_ins_list() -> None:
    """CT-LAB-SUPPORT: a count the reader does not read (the white cell count) is still one
    of the lead-in's counts: the list goes on to the counts after it, each held with the
    lead-in's support condition; the first item naming no count (ECOG) ends it (before it,
    the list ended at the WBC and the ANC, platelets and haemoglobin were read with no
    condition: a patient transfused last week met them, an unsafe met)."""
    found = _counts_read(_WBC_FIRST)
    assert found == {
        "anc": "supported",
        "platelets": "supported",
        "hemoglobin": "supported",
        "creatinine": "plain",
    }


# CT-LAB-SUPPORT: support clauses outside brackets (twenty-seventh session). Written before the
# reader read them; the sentences are ours, in the reference trials' wording.
def _count_conditions(outcome: ItemOutcome) -> dict[str, str]:
    """analyte -> the condition's words for every count read as all of (limit, condition)."""
    found: dict[str, str] = {}
    for criterion in outcome.criteria:
        if isinstance(criterion, AllOfCriterion) and isinstance(
            criterion.criteria[0], LabCriterion
        ):
            limit, condition = criterion.criteria
            assert isinstance(condition, FreeTextCriterion)
            found[limit.analyte] = condition.text
    return found


@pytest.mark.parametrize(
    ("text", "analyte", "words"),
    [
        # No comma before the clause.
        ("Hemoglobin ≥ 9 g/dL without transfusion support", "hemoglobin", "without transfusion"),
        ("Platelets ≥ 100 × 10^9/L without transfusion within 7 days", "platelets", "7 days"),
        ("Hemoglobin ≥ 9 g/dL independent of transfusion", "hemoglobin", "independent of"),
        (
            "Hemoglobin ≥ 9 g/dL in the absence of transfusion within 14 days",
            "hemoglobin",
            "absence of transfusion",
        ),
        # A clause or a sentence that forbids support, as CT-LAB-SUPPORT's brackets do.
        ("Platelets ≥ 100 × 10^9/L, transfusions are not allowed", "platelets", "not allowed"),
        ("Platelets ≥ 100 × 10^9/L, no transfusions allowed", "platelets", "no transfusions"),
        (
            "Platelets ≥ 100 × 10^9/L; platelet transfusions are not permitted within 14 days "
            "before enrollment",
            "platelets",
            "14 days",
        ),
        (
            "ANC ≥ 1.5 × 10^9/L, G-CSF may not be used within 14 days before enrollment",
            "anc",
            "G-CSF may not be used",
        ),
        ("Platelets ≥ 100 × 10^9/L. Transfusions are not allowed.", "platelets", "not allowed"),
        ("ANC ≥ 1.5 × 10^9/L. Growth factors not allowed.", "anc", "Growth factors"),
    ],
)
def test_ct_lab_support_a_clause_forbidding_support_outside_brackets_is_the_count_s_condition(
    text: str, analyte: str, words: str
) -> None:
    """The coordinator's reading: a count under the limit fails whatever the support; one over
    it waits until a person checks that no support raised it — never met on the number alone."""
    outcome = _outcome(text)
    found = _count_conditions(outcome)
    assert list(found) == [analyte]
    assert words in found[analyte]
    assert outcome.free_text


@pytest.mark.parametrize(
    "text",
    [
        # An allowance or a hedge in a sentence of its own: a count under the limit is no
        # exclusion on the text alone (the site may transfuse), a count over it may be support's.
        "Platelets ≥ 100 × 10^9/L. Transfusions are allowed.",
        "Hemoglobin ≥ 9 g/dL. Patients may be transfused to reach this level.",
        "Platelets ≥ 100 × 10^9/L. Transfusions are permitted if more than 14 days before "
        "enrollment.",
        # Support named in words no reader reads.
        "Hemoglobin ≥ 9 g/dL. Erythropoietin use is prohibited.",
        "Hemoglobin ≥ 9 g/dL. Patients who are transfusion dependent are excluded.",
        # "with or without" outside a bracket is no prohibition.
        "Platelets ≥ 100 × 10^9/L with or without transfusion",
    ],
)
def test_ct_lab_support_support_words_left_unread_leave_no_plain_count(text: str) -> None:
    """Never a count read without its qualifier: support named where no reader read it sends
    the count to review, never a plain limit (before: the first two read as plain limits with
    no review, a wrong exclusion of a count the protocol lets the site raise) and never a
    prohibition it does not say."""
    outcome = _outcome(text)
    assert not [c for c in outcome.criteria if isinstance(c, LabCriterion)]
    assert not _count_conditions(outcome)
    assert outcome.free_text


def test_ct_lab_support_a_flat_lead_in_s_clause_with_no_comma_holds_for_its_counts() -> None:
    """Twenty-seventh session: the no-comma clause in a flat lead-in ("Adequate bone marrow
    function without transfusion or G-CSF within 14 days before enrollment:") is its counts'
    condition, as ", without ..." is; the creatinine keeps its plain limit."""
    found = _counts_read(
        "Inclusion Criteria:\n\n"
        "* Adequate bone marrow function without transfusion or G-CSF within 14 days before "
        "enrollment:\n"
        "* ANC ≥ 1.5 × 10^9/L\n"
        "* Platelets ≥ 100 × 10^9/L\n"
        "* Creatinine ≤ 1.5 × ULN\n"
    )
    assert found == {"anc": "supported", "platelets": "supported", "creatinine": "plain"}
