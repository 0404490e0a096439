"""Items under a lead-in that leaves the judgement to the investigator (rule CT-OPINION-LEAD-IN
in docs/clinical-rules.md)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import AnyOfCriterion, FreeTextCriterion, LabCriterion, QTcCriterion
from eligibility.ctgov import EligibilityItem, ItemOutcome, extract, extract_item
from eligibility.facts import PatientFacts, QTc
from eligibility.results import CriterionStatus
from tests.support.registry_texts import registry_texts

# NCT06150664, exclusion 7 and its second sub-item.
_NCT06150664_LEAD_IN = (
    "Other medical condition that in the opinion of the Investigator and/or Sponsor Medical "
    "Monitor may interfere with the conduct and/or interpretation of the current study, including:"
)
_NCT06150664_QTC = "QTc interval (using Fridericia correction calculation) \\> 480 msec"


def _under(context: str, text: str, section: str = "exclusion") -> ItemOutcome:
    item = EligibilityItem(section=section, number=1, text=text, context=context, depth=1)  # type: ignore[arg-type]
    return extract_item(item, "t")


def _opinion_limit(outcome: ItemOutcome) -> tuple[AnyOfCriterion, FreeTextCriterion]:
    (found,) = [c for c in outcome.criteria if isinstance(c, AnyOfCriterion)]
    note = found.criteria[-1]
    assert isinstance(note, FreeTextCriterion)
    return found, note


def test_ct_opinion_lead_in_a_qtc_limit_under_it_holds_unless_the_investigator_judges() -> None:
    """The coordinator's reading of NCT06150664: the listed conditions are what the investigator
    may judge to interfere; a QTc within 480 ms meets the item, one over it is for the
    investigator to weigh (unknown), never an outright exclusion; the item is listed for
    review."""
    outcome = _under(_NCT06150664_LEAD_IN, _NCT06150664_QTC)
    assert not [c for c in outcome.criteria if isinstance(c, QTcCriterion)]  # no hard limit
    found, note = _opinion_limit(outcome)
    qtc = found.criteria[0]
    assert isinstance(qtc, QTcCriterion)
    assert (qtc.max_ms_male, qtc.max_ms_female) == (480, 480)
    assert "opinion of the Investigator" in note.text
    assert outcome.free_text


def test_ct_opinion_lead_in_a_long_qtc_is_unknown_and_a_normal_one_meets_the_item() -> None:
    as_of = date(2026, 11, 25)
    found, _ = _opinion_limit(_under(_NCT06150664_LEAD_IN, _NCT06150664_QTC))

    def status(ms: float) -> CriterionStatus:
        ecg = QTc(milliseconds=ms, date=as_of - timedelta(days=3), evidence=("Observation/q",))
        facts = PatientFacts(as_of=as_of, patient="Patient/p", qtc=ecg)
        return evaluate_criterion(found, facts).status

    assert status(430) is CriterionStatus.MET
    assert status(500) is CriterionStatus.UNKNOWN


@pytest.mark.parametrize(
    "context",
    [
        "Any condition which, in the investigator's judgment, would compromise the patient's "
        "safety, such as:",
        "Cardiac disease deemed clinically significant at the discretion of the treating "
        "physician, including:",
    ],
)
def test_ct_opinion_lead_in_other_wordings_of_the_investigator_s_judgement(context: str) -> None:
    found, _ = _opinion_limit(_under(context, "QTcF > 470 msec"))
    assert isinstance(found.criteria[0], QTcCriterion)


def test_ct_opinion_lead_in_an_inclusion_lab_under_it_holds_unless_the_investigator_judges() -> (
    None
):
    outcome = _under(
        "Adequate bone marrow function in the opinion of the investigator, including:",
        "Absolute neutrophil count ≥ 1.5 × 10^9/L",
        section="inclusion",
    )
    found, _ = _opinion_limit(outcome)
    assert isinstance(found.criteria[0], LabCriterion)
    assert outcome.free_text


def test_ct_opinion_lead_in_a_plain_lead_in_keeps_the_hard_limit() -> None:
    """Guard: a lead-in that leaves nothing to anyone's opinion keeps the QTc a plain limit."""
    outcome = _under("Cardiovascular disease, including:", _NCT06150664_QTC)
    (qtc,) = [c for c in outcome.criteria if isinstance(c, QTcCriterion)]
    assert qtc.max_ms_male == 480
    assert not outcome.free_text


def test_ct_opinion_lead_in_read_from_the_whole_text() -> None:
    text = (
        "Exclusion Criteria:\n\n"
        f"1. {_NCT06150664_LEAD_IN}\n\n"
        "   1. Congestive heart failure (\\> New York Heart Association Class II)\n"
        f"   2. {_NCT06150664_QTC}\n"
    )
    criteria = extract({"eligibilityCriteria": text}, include_api_fields=False).criteria
    assert not [c for c in criteria if isinstance(c, QTcCriterion)]
    (found,) = [c for c in criteria if isinstance(c, AnyOfCriterion)]
    assert isinstance(found.criteria[0], QTcCriterion)


# NCT05680922, exclusion 14: the opinion lead-in is a bullet of its own, its examples bullets
# beside it (twenty-sixth session).
_NCT05680922_LEAD_IN = (
    "Serious and /or uncontrolled medical condition that, in the Investigator's judgment, would "
    "cause unacceptable safety risk, interfere with study procedures or results, or compromise "
    "compliance with the protocol, such as:"
)


def test_ct_opinion_lead_in_a_flat_lead_in_qualifies_the_items_listed_after_it() -> None:
    """A coordinator reads the bullets after the flat lead-in as its examples: a QTc over the
    limit is for the investigator to weigh (unknown), never an outright exclusion."""
    text = (
        "Exclusion Criteria:\n\n"
        "* Known leptomeningeal metastases\n"
        f"* {_NCT05680922_LEAD_IN}\n"
        "* Active, uncontrolled, viral bacterial or systemic fungal infections.\n"
        f"* {_NCT06150664_QTC}\n"
    )
    criteria = extract({"eligibilityCriteria": text}, include_api_fields=False).criteria
    assert not [c for c in criteria if isinstance(c, QTcCriterion)]
    (found,) = [c for c in criteria if isinstance(c, AnyOfCriterion)]
    assert isinstance(found.criteria[0], QTcCriterion)
    note = found.criteria[-1]
    assert isinstance(note, FreeTextCriterion)
    assert "Investigator's judgment" in note.text


def test_ct_opinion_lead_in_nct05680922_reads_no_hard_rule_in_its_flat_list(
    shared_reference: Path,
) -> None:
    """On the real text: nothing marks where the flat list of NCT05680922's lead-in ends (no
    later lead-in), so no criterion read after it in its section is an outright rule: each
    holds unless the investigator judges otherwise, or is not read."""
    text = registry_texts(shared_reference)["NCT05680922"]
    outcomes = extract({"eligibilityCriteria": text}, include_api_fields=False).items
    start = next(i for i, o in enumerate(outcomes) if o.item.text == _NCT05680922_LEAD_IN)
    after = [o for o in outcomes[start + 1 :] if o.item.section == "exclusion"]
    read = [c for o in after for c in o.criteria if not isinstance(c, FreeTextCriterion)]
    assert read  # "Pregnant or breast-feeding" is read
    assert all(isinstance(c, AnyOfCriterion) and "investigator" in c.label for c in read)
    assert all(o.free_text for o in after)
