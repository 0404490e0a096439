"""Hand-built trials and matches for the card tests (fakes: real models, no mocks).

The seed trial mirrors the published NCT07188584 page (../shared/seed/NCT07188584-trial-page.txt);
fields the page does not publish (sponsor, sites' cities) are left out rather than invented.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from cards import CardSettings
from eligibility.matching import TrialMatch
from eligibility.results import CriterionResult, CriterionStatus, Verdict, verdict_of
from eligibility.trial import Investigator, Location, Trial, TrialSource, TrialStatus

SEED_NCT = "NCT07188584"
AS_OF = date(2026, 11, 2)
PATIENT_ID = "npc-eligible-1"
SETTINGS = CardSettings(base_url="http://127.0.0.1:8080")


class CountingUuids:
    """A uuid factory that yields 00000000-0000-4000-8000-000000000001, ...002, ... in order."""

    def __init__(self) -> None:
        self.issued = 0

    def __call__(self) -> str:
        self.issued += 1
        return f"00000000-0000-4000-8000-{self.issued:012d}"


def token_link(match: TrialMatch) -> str:
    """Stands in for the lead's token store: an opaque token, derived from nothing personal."""
    return f"http://127.0.0.1:8080/match/tok-{match.trial.nct_id.lower()}"


def no_link(match: TrialMatch) -> None:
    return None


def seed_trial() -> Trial:
    return Trial(
        nct_id=SEED_NCT,
        title=(
            "Phase III Non-Inferiority Trial: Reduced-Target vs. Full-Target IMRT After Chemo in"
            " Immunotherapy-Treated Metastatic Nasopharyngeal Cancer"
        ),
        short_title="Reduced-target vs full-target IMRT in metastatic NPC",
        phase="Phase 3",
        overall_status=TrialStatus.RECRUITING,
        conditions=("Nasopharyngeal Carcinoma",),
        investigators=(Investigator(name="Ming-Yuan Chen", role="principal_investigator"),),
        locations=(Location(country="China"),),
        data_as_of=date(2026, 6, 1),
        primary_endpoints=(
            "2-year progression-free survival",
            "Grade ≥ 3 radiation-related adverse events",
        ),
        source=TrialSource(
            kind="curated",
            url="https://clinicaltrials.gov/study/NCT07188584",
            retrieved=date(2026, 6, 1),
        ),
    )


def seed_results_eligible() -> tuple[CriterionResult, ...]:
    met = CriterionStatus.MET
    return (
        CriterionResult(
            id="cancer-type",
            label="Nasopharyngeal carcinoma (head and neck squamous cell carcinoma)",
            status=met,
            reason="Nasopharyngeal carcinoma diagnosed 2026-03-12",
            evidence=("Condition/npc-dx",),
        ),
        CriterionResult(
            id="stage",
            label="Stage IVB, T any N any M1 (AJCC 9th edition)",
            status=met,
            reason="Stage IVB (T3 N2 M1) on 2026-03-20",
            evidence=("Observation/stage-group",),
        ),
        CriterionResult(
            id="metastatic",
            label="Metastatic disease",
            status=met,
            reason="M1 on 2026-03-20",
            evidence=("Observation/stage-group",),
        ),
        CriterionResult(
            id="ecog",
            label="ECOG 0–1",
            status=met,
            reason="ECOG 1 on 2026-10-30",
            evidence=("Observation/ecog-1",),
        ),
        CriterionResult(
            id="age",
            label="Age ≤ 70",
            status=met,
            reason="Age 52 on 2026-11-02",
            evidence=("Patient/npc-eligible-1",),
        ),
        CriterionResult(
            id="prior-lines",
            label="Exactly 1 prior line of systemic therapy",
            status=met,
            reason="1 prior line (first line 2026-04 to 2026-08)",
            evidence=("MedicationRequest/cisplatin-1", "MedicationRequest/toripalimab-1"),
        ),
        CriterionResult(
            id="prior-platinum",
            label="Prior platinum-based chemotherapy, first line",
            status=met,
            reason="Cisplatin from 2026-04-02 (first line)",
            evidence=("MedicationRequest/cisplatin-1",),
        ),
        CriterionResult(
            id="prior-anti-pd1",
            label="Prior anti-PD-1 therapy, first line",
            status=met,
            reason="Toripalimab from 2026-04-02 (first line)",
            evidence=("MedicationRequest/toripalimab-1",),
        ),
        CriterionResult(
            id="cardiac",
            label="No grade ≥ 2 coronary heart disease, arrhythmia or heart failure",
            status=met,
            reason="QTc 428 ms on 2026-10-28; no cardiac condition recorded",
            evidence=("Observation/qtc-1",),
        ),
    )


def make_trial(
    nct_id: str,
    *,
    title: str | None = None,
    short_title: str | None = None,
    phase: str | None = "Phase 2",
    data_as_of: date = date(2026, 6, 1),
    locations: tuple[Location, ...] = (),
    investigators: tuple[Investigator, ...] = (),
    sponsor: str | None = None,
) -> Trial:
    return Trial(
        nct_id=nct_id,
        title=title or f"A study of something for trial {nct_id}",
        short_title=short_title,
        phase=phase,
        overall_status=TrialStatus.RECRUITING,
        locations=locations,
        investigators=investigators,
        sponsor=sponsor,
        data_as_of=data_as_of,
        source=TrialSource(kind="curated"),
    )


def result(
    criterion_id: str,
    status: CriterionStatus,
    *,
    label: str | None = None,
    reason: str | None = None,
    evidence: tuple[str, ...] = (),
    to_settle: str | None = None,
    manual_review: bool = False,
    source_text: str | None = None,
) -> CriterionResult:
    return CriterionResult(
        id=criterion_id,
        label=label or f"Criterion {criterion_id}",
        status=status,
        reason=reason or f"Reason for {criterion_id}",
        evidence=evidence,
        to_settle=to_settle,
        manual_review=manual_review,
        source_text=source_text,
    )


def match_of(trial: Trial, results: Iterable[CriterionResult]) -> TrialMatch:
    """A TrialMatch whose verdict follows DESIGN.md's rule from its results."""
    results = tuple(results)
    return TrialMatch(trial=trial, verdict=verdict_of(results), results=results, as_of=AS_OF)


def match_with(nct_id: str, *, unknowns: int = 0, not_met: int = 0, met: int = 2) -> TrialMatch:
    """A match with the given numbers of met / unknown / not-met criteria."""
    statuses = (
        [CriterionStatus.MET] * met
        + [CriterionStatus.UNKNOWN] * unknowns
        + [CriterionStatus.NOT_MET] * not_met
    )
    return match_of(
        make_trial(nct_id),
        (result(f"c{i}", status) for i, status in enumerate(statuses)),
    )


def seed_match() -> TrialMatch:
    match = match_of(seed_trial(), seed_results_eligible())
    assert match.verdict is Verdict.ELIGIBLE
    return match
