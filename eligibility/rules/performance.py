"""The performance-status rule: an ECOG range and/or a Karnofsky minimum, judged on the newest
score (VAL-NEWEST; with every other score of that day, VAL-SAME-DAY), only when it is recent
(VAL-STALE), converting between the scales with the
one table of CNV-KPS-ECOG (`eligibility.performance_scales`) and deciding only when every grade
the table allows gives the same answer — as for a score recorded as a range (VAL-PS-RANGE)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from eligibility.criteria import PerformanceStatusCriterion
from eligibility.facts import Evidence, PatientFacts, PerformanceStatus
from eligibility.performance_scales import ecog_of_karnofsky, karnofsky_of_ecog, valid_karnofsky
from eligibility.phrasing import bounds
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.rules.recency import dated, stale, too_old, window
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import PerformanceScale


def _ecog_requirement(c: PerformanceStatusCriterion) -> str | None:
    if c.ecog_max is None and c.ecog_min == 0:
        return None
    low = c.ecog_min if c.ecog_min > 0 or c.ecog_max is not None else None
    return f"ECOG {bounds(low, c.ecog_max)}"


def _span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def _karnofsky_for_ecog(
    score: int,
    value: str,
    ecog_in_range: Callable[[int], bool],
    requirement: str,
    evidence: Evidence,
) -> Decision:
    """A Karnofsky score against an ECOG range: decided only when every ECOG grade the table
    gives the score agrees (CNV-KPS-ECOG)."""
    grades = ecog_of_karnofsky(score)
    if grades is None:
        return Decision(
            UNKNOWN,
            f"{value} is not on the Karnofsky scale; {requirement}",
            evidence,
            "Record an ECOG performance status",
        )
    low, high = grades
    equivalent = f"{value}, ECOG equivalent {_span(low, high)}"
    if ecog_in_range(low) and ecog_in_range(high):
        return Decision(MET, f"{equivalent}; {requirement}", evidence)
    if not any(ecog_in_range(grade) for grade in range(low, high + 1)):
        return Decision(NOT_MET, f"{equivalent}; {requirement}", evidence)
    return Decision(
        UNKNOWN,
        f"{equivalent} (the published conversions disagree); {requirement}",
        evidence,
        "Record an ECOG performance status",
    )


@dataclass(frozen=True, slots=True)
class _Scoring:
    """How one score on its scale meets the criterion's ECOG range or Karnofsky minimum."""

    ecog_min: int
    ecog_max: int | None
    karnofsky_min: int | None
    ecog_required: bool
    requirement: str

    def ecog_in_range(self, score: int) -> bool:
        return self.ecog_min <= score and (self.ecog_max is None or score <= self.ecog_max)

    def decide(self, score: int, karnofsky: bool, value: str, evidence: Evidence) -> Decision:
        requirement = self.requirement
        if karnofsky:
            if self.karnofsky_min is not None:
                status = MET if score >= self.karnofsky_min else NOT_MET
                return Decision(status, f"{value}; {requirement}", evidence)
            return _karnofsky_for_ecog(score, value, self.ecog_in_range, requirement, evidence)
        if self.ecog_required or self.karnofsky_min is None:
            status = MET if self.ecog_in_range(score) else NOT_MET
            return Decision(status, f"{value}; {requirement}", evidence)
        # Only a Karnofsky minimum and an ECOG score: compare the Karnofsky band of that grade.
        low, high = karnofsky_of_ecog(score) or (0, 0)
        band = f"{value} (Karnofsky {_span(low, high)}); {requirement}"
        if low >= self.karnofsky_min:
            return Decision(MET, band, evidence)
        if high < self.karnofsky_min:
            return Decision(NOT_MET, band, evidence)
        return Decision(UNKNOWN, band, evidence, "Record a Karnofsky performance status")


def compile_performance(c: PerformanceStatusCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    ecog_req = _ecog_requirement(c)
    kps_req = f"Karnofsky ≥ {c.karnofsky_min}" if c.karnofsky_min is not None else None
    requirement = "trial requires " + " or ".join(r for r in (ecog_req, kps_req) if r)
    scoring = _Scoring(c.ecog_min, c.ecog_max, c.karnofsky_min, ecog_req is not None, requirement)
    within_days = c.within_days
    not_recorded = Decision(
        UNKNOWN,
        f"No performance status recorded; {requirement}",
        (),
        "No ECOG recorded: record an ECOG performance status",
    )

    def evaluate(facts: PatientFacts) -> Decision:
        latest = facts.latest_performance()
        if latest is None:
            return not_recorded
        return _newest_day(latest, facts, judge, requirement)

    def judge(latest: PerformanceStatus, as_of: date) -> Decision:
        karnofsky = latest.scale is PerformanceScale.KARNOFSKY
        scale = "Karnofsky" if karnofsky else "ECOG"
        age = dated(latest.date, as_of)
        evidence = distinct(latest.evidence)
        if latest.score is None:
            return Decision(
                UNKNOWN,
                f"The newest {scale}{age} could not be read: '{latest.unreadable}'; {requirement}",
                evidence,
                f"Record the {scale} score as a number",
            )
        days = window("karnofsky" if karnofsky else "ecog", within_days)
        if too_old(latest.date, days, as_of):
            return Decision(
                UNKNOWN,
                f"{stale(f'{_recorded(latest)}{age}', latest.date, days)}; {requirement}",
                evidence,
                f"Re-assess and record a current ECOG performance status (within {days} days)",
            )
        if latest.score_high is not None:
            return _judge_range(latest.score, latest.score_high, latest, age, scoring, evidence)
        return scoring.decide(latest.score, karnofsky, f"{scale} {latest.score}{age}", evidence)

    return evaluate


def _newest_day(
    latest: PerformanceStatus,
    facts: PatientFacts,
    judge: Callable[[PerformanceStatus, date], Decision],
    requirement: str,
) -> Decision:
    """The newest score's decision, unless another score of that day decides otherwise
    (VAL-SAME-DAY): which is current is then not known."""
    decision = judge(latest, facts.as_of)
    same_day = [p for p in facts.performance[1:] if p.date is not None and p.date == latest.date]
    if all(judge(p, facts.as_of).status is decision.status for p in same_day):
        return decision
    values = ", ".join(dict.fromkeys(_recorded(p) for p in (latest, *same_day)))
    return Decision(
        UNKNOWN,
        f"Performance statuses recorded on {latest.date} disagree ({values}); {requirement}",
        distinct([ref for p in (latest, *same_day) for ref in p.evidence]),
        f"Confirm the current performance status ({values} were recorded on {latest.date})",
    )


def _recorded(status: PerformanceStatus) -> str:
    scale = "Karnofsky" if status.scale is PerformanceScale.KARNOFSKY else "ECOG"
    if status.score is None:
        return f"'{status.unreadable}'"
    if status.score_high is None:
        return f"{scale} {status.score}"
    return f"{scale} {_span(status.score, status.score_high)}"


def _judge_range(
    low: int,
    high: int,
    latest: PerformanceStatus,
    age: str,
    scoring: _Scoring,
    evidence: Evidence,
) -> Decision:
    """VAL-PS-RANGE: a score recorded as a range (`low` to `high`) is each score of it; it
    decides only when every one decides alike."""
    karnofsky = latest.scale is PerformanceScale.KARNOFSKY
    scores = [s for s in range(low, high + 1) if not karnofsky or valid_karnofsky(s)]
    recorded = _recorded(latest)
    statuses = {scoring.decide(s, karnofsky, recorded, evidence).status for s in scores}
    shown = f"{recorded} (recorded as a range){age}"
    if len(statuses) == 1 and UNKNOWN not in statuses:
        return Decision(statuses.pop(), f"{shown}; {scoring.requirement}", evidence)
    scale = "Karnofsky" if karnofsky else "ECOG"
    return Decision(
        UNKNOWN,
        f"{shown}: the scores it allows decide differently; {scoring.requirement}",
        evidence,
        f"Record a single {scale} score ({recorded} was recorded as a range)",
    )
