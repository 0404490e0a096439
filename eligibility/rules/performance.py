"""The performance-status rule: an ECOG range and/or a Karnofsky minimum, judged on the latest
score, converting between the two scales only where the conversion is unambiguous."""

from __future__ import annotations

from eligibility.criteria import PerformanceStatusCriterion
from eligibility.facts import PatientFacts
from eligibility.phrasing import bounds, on
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.rules.recency import too_old
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import PerformanceScale

# The Karnofsky band usually given for each ECOG grade (the common side-by-side table).
_ECOG_AS_KARNOFSKY: dict[int, tuple[int, int]] = {
    0: (90, 100),
    1: (70, 80),
    2: (50, 60),
    3: (30, 40),
    4: (10, 20),
    5: (0, 0),
}


def _ecog_requirement(c: PerformanceStatusCriterion) -> str | None:
    if c.ecog_max is None and c.ecog_min == 0:
        return None
    low = c.ecog_min if c.ecog_min > 0 or c.ecog_max is not None else None
    return f"ECOG {bounds(low, c.ecog_max)}"


def compile_performance(c: PerformanceStatusCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    ecog_req = _ecog_requirement(c)
    kps_req = f"Karnofsky ≥ {c.karnofsky_min}" if c.karnofsky_min is not None else None
    requirement = "trial requires " + " or ".join(r for r in (ecog_req, kps_req) if r)
    ecog_min, ecog_max, karnofsky_min, within_days = (
        c.ecog_min,
        c.ecog_max,
        c.karnofsky_min,
        c.within_days,
    )
    not_recorded = Decision(
        UNKNOWN,
        f"No performance status recorded; {requirement}",
        (),
        "No ECOG recorded: record an ECOG performance status",
    )

    def ecog_in_range(score: int) -> bool:
        return ecog_min <= score and (ecog_max is None or score <= ecog_max)

    def evaluate(facts: PatientFacts) -> Decision:
        latest = facts.latest_performance()
        if latest is None:
            return not_recorded
        when = on(latest.date)
        if too_old(latest.date, within_days, facts.as_of):
            scale = "Karnofsky" if latest.scale is PerformanceScale.KARNOFSKY else "ECOG"
            return Decision(
                UNKNOWN,
                f"Latest {scale} {latest.score}{when or ' (undated)'} is older than "
                f"{within_days} days; {requirement}",
                distinct(latest.evidence),
                f"Record an ECOG performance status from the last {within_days} days",
            )
        if latest.scale is PerformanceScale.KARNOFSKY:
            if karnofsky_min is not None:
                status = MET if latest.score >= karnofsky_min else NOT_MET
                return Decision(
                    status,
                    f"Karnofsky {latest.score}{when}; {requirement}",
                    distinct(latest.evidence),
                )
            # Only an ECOG range: judge on the ECOG equivalent the facts carry, and say so.
            status = MET if ecog_in_range(latest.ecog) else NOT_MET
            return Decision(
                status,
                f"Karnofsky {latest.score}{when}, ECOG equivalent {latest.ecog}; {requirement}",
                distinct(latest.evidence),
            )
        if ecog_req is not None:
            status = MET if ecog_in_range(latest.score) else NOT_MET
            return Decision(
                status, f"ECOG {latest.score}{when}; {requirement}", distinct(latest.evidence)
            )
        # Only a Karnofsky minimum and an ECOG score: compare the Karnofsky band of that grade.
        assert karnofsky_min is not None
        low, high = _ECOG_AS_KARNOFSKY.get(latest.score, (0, 0))
        band = f"ECOG {latest.score}{when} (Karnofsky {low}–{high}); {requirement}"
        evidence = distinct(latest.evidence)
        if low >= karnofsky_min:
            return Decision(MET, band, evidence)
        if high < karnofsky_min:
            return Decision(NOT_MET, band, evidence)
        return Decision(UNKNOWN, band, evidence, "Record a Karnofsky performance status")

    return evaluate
