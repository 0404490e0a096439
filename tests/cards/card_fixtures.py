"""Hand-built trials and matches for the card tests (fakes: real models, no mocks).

The seed trial is the shipped catalog's NCT07188584; its results are hand-built (the evaluator is
tested in tests/eligibility), so card tests do not change when evaluator wording does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from cards import CardSettings
from eligibility.catalog import load_curated_catalog
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


def token_link(nct_id: str) -> str:
    """Stands in for the lead's token store: an opaque token, derived from nothing personal."""
    return f"http://127.0.0.1:8080/match/tok-{nct_id.lower()}"


def no_link(nct_id: str) -> None:
    return None


def seed_trial() -> Trial:
    """NCT07188584 as the shipped curated catalog has it (loaded and validated like production)."""
    trial = load_curated_catalog().get(SEED_NCT)
    assert trial is not None, "the shipped catalog lost the seed trial"
    return trial


# What the evaluator would say for the eligible seed scenario, in its "value; requirement" style,
# keyed by the catalog's criterion ids (a test checks the ids still match the catalog).
SEED_ELIGIBLE_REASONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "cancer-type": (
        "Nasopharyngeal carcinoma recorded on 2026-03-12; trial requires nasopharyngeal carcinoma",
        ("Condition/npc-dx",),
    ),
    "stage-m1": (
        "Stage IVB (T3 N2 M1, AJCC 9th edition) on 2026-03-20; trial requires M1, stage IVB",
        ("Observation/stage-group",),
    ),
    "metastatic": (
        "Metastatic (M1 on 2026-03-20); trial requires metastatic disease",
        ("Observation/stage-group",),
    ),
    "ecog": ("ECOG 1 on 2026-10-30; trial requires ECOG 0–1", ("Observation/ecog-1",)),
    "age": ("Age 52; trial requires age ≤ 70", ("Patient/npc-eligible-1",)),
    "prior-lines": (
        "1 line recorded (line 1: cisplatin, gemcitabine, toripalimab from 2026-04-02 to"
        " 2026-08-20); trial requires exactly 1 prior line",
        ("MedicationRequest/cisplatin-1", "MedicationRequest/toripalimab-1"),
    ),
    "first-line-platinum": (
        "Received cisplatin in line 1; trial requires platinum-based chemotherapy in line 1",
        ("MedicationRequest/cisplatin-1",),
    ),
    "first-line-anti-pd1": (
        "Received toripalimab in line 1; trial requires anti-PD-1 therapy in line 1",
        ("MedicationRequest/toripalimab-1",),
    ),
    "no-coronary-heart-disease": (
        "No coronary heart disease recorded; trial excludes grade ≥ 2 coronary heart disease",
        (),
    ),
    "no-arrhythmia": ("No arrhythmia recorded; trial excludes grade ≥ 2 arrhythmia", ()),
    "no-heart-failure": ("No heart failure recorded; trial excludes grade ≥ 2 heart failure", ()),
    "qtc": ("QTc 428 ms on 2026-10-28 (male); trial requires ≤ 450 ms", ("Observation/qtc-1",)),
    "no-prior-locoregional-rt": (
        "No radiotherapy recorded; trial excludes prior radiotherapy to the nasopharynx or neck",
        (),
    ),
}


def seed_results_eligible(trial: Trial) -> tuple[CriterionResult, ...]:
    return tuple(
        CriterionResult(
            id=criterion.id,
            label=criterion.label,
            status=CriterionStatus.MET,
            reason=SEED_ELIGIBLE_REASONS[criterion.id][0],
            evidence=SEED_ELIGIBLE_REASONS[criterion.id][1],
            source_text=criterion.source_text,
        )
        for criterion in trial.criteria
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
    """A TrialMatch whose verdict follows from its results by the rule in docs/architecture.md."""
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
    trial = seed_trial()
    match = match_of(trial, seed_results_eligible(trial))
    assert match.verdict is Verdict.ELIGIBLE
    return match
