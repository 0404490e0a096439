"""`TrialMatch.outcomes`: the checklist's statuses, evidence and hints without its phrasing,
the same as `results` line for line, whether or not the checklist was built first."""

from __future__ import annotations

from eligibility_factories import ANC_1_5, ECOG_0_1, cancer_type, seed_patient, trial

from eligibility.catalog import Catalog
from eligibility.matching import Matcher
from eligibility.results import CriterionOutcome, CriterionResult, CriterionStatus, Verdict
from eligibility.trial_match import TrialMatch

_FREE_TEXT = {
    "type": "free_text",
    "id": "ft",
    "label": "Adequate organ function",
    "text": "Adequate bone marrow, liver and renal function",
}


def projected(result: CriterionResult) -> CriterionOutcome:
    return CriterionOutcome(
        result.id,
        result.label,
        result.status,
        result.evidence,
        result.to_settle,
        result.manual_review,
    )


def matches() -> list[TrialMatch]:
    catalog = Catalog(
        [
            trial("NCT00000001", [ECOG_0_1, cancer_type("nasopharyngeal_carcinoma")]),
            trial("NCT00000002", [ECOG_0_1, ANC_1_5, _FREE_TEXT]),
        ]
    )
    # The ranking path pre-screening takes: matches whose checklists are built on first read.
    return Matcher(catalog).match(seed_patient(), minimum_verdict=Verdict.POSSIBLY_ELIGIBLE)


def test_outcomes_read_like_the_results_before_and_after_the_checklist_is_built() -> None:
    first = matches()
    before = {m.trial.nct_id: tuple(m.outcomes()) for m in first}
    built = {m.trial.nct_id: tuple(projected(r) for r in m.results) for m in first}
    after = {m.trial.nct_id: tuple(m.outcomes()) for m in first}
    assert before == built == after
    # Not vacuous: met with evidence, unknown with a hint, and a free-text line.
    lines = [line for outcome in before.values() for line in outcome]
    assert any(line.status is CriterionStatus.MET and line.evidence for line in lines)
    assert any(line.status is CriterionStatus.UNKNOWN and line.to_settle for line in lines)
    assert any(line.manual_review for line in lines)
