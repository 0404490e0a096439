"""The brain-metastases rule: which brain / CNS metastases a trial accepts (rule CNS-METASTASES
in docs/clinical-rules.md).

Presence is the BRAIN_METASTASES comorbidity, read as every exclusion is: none recorded is met.
Treatment, stability and corticosteroids come from `PatientFacts.brain_metastasis_status`;
what the record does not say is unknown, never taken as good or bad. Leptomeningeal disease
(the LEPTOMENINGEAL_DISEASE comorbidity, recorded beside the brain metastases it also is) is
never the treated, stable or inactive metastases a trial allows, whatever its treatment.
Brain metastases allowed when asymptomatic ask whether they cause symptoms or need treatment
now: no fact holds that.
"""

from __future__ import annotations

from datetime import date

from eligibility.criteria import BrainMetastasesCriterion
from eligibility.facts import BrainMetastasisStatus, ComorbidityFact, PatientFacts
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import Comorbidity

_IMAGING = "Record the latest brain imaging: are the treated brain metastases stable"


def requirement_of(c: BrainMetastasesCriterion) -> str:
    if c.allowed == "none":
        return "trial excludes any brain metastases"
    if c.allowed == "any":
        return "trial allows brain metastases"
    if c.allowed == "not_active":
        return "trial excludes active (untreated, progressing or symptomatic) brain metastases"
    if c.allowed == "asymptomatic":
        return (
            "trial allows brain metastases only if they cause no symptoms and need no treatment now"
        )
    conditions = []
    if c.stable_days is not None:
        conditions.append(f"stable for at least {c.stable_days} days")
    else:
        conditions.append("stable")
    if not c.steroids_allowed:
        conditions.append(
            f"off corticosteroids for at least {c.steroid_free_days} days"
            if c.steroid_free_days is not None
            else "off corticosteroids"
        )
    if c.steroid_stable_days is not None:
        conditions.append(
            f"off corticosteroids or on a dose unchanged for at least {c.steroid_stable_days} days"
        )
    return "trial allows brain metastases only if treated and " + " and ".join(conditions)


def compile_brain_metastases(c: BrainMetastasesCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    requirement = requirement_of(c)
    none_recorded = Decision(MET, f"No brain metastases recorded; {requirement}")

    def evaluate(facts: PatientFacts) -> Decision:
        present = [
            f for f in facts.comorbidities if f.kind is Comorbidity.BRAIN_METASTASES and f.active
        ]
        if not present:
            return none_recorded
        if c.allowed == "any":
            return Decision(MET, f"{_named(present)}; {requirement}", ())
        confirmed = [f for f in present if f.confirmed]
        if not confirmed:
            return _possible(c, facts, present, requirement)
        recorded_refs = [ref for f in confirmed for ref in f.evidence]
        if c.allowed == "none":
            return Decision(NOT_MET, f"{_named(confirmed)}; {requirement}", distinct(recorded_refs))
        meninges = _leptomeningeal(facts, requirement)
        if meninges is not None and meninges.status is NOT_MET:
            return meninges
        if c.allowed == "asymptomatic":
            decision = _asymptomatic(facts, recorded_refs, requirement, _named(confirmed))
        else:
            decision = _parenchymal(c, facts, recorded_refs, requirement, _named(confirmed))
        if meninges is None or decision.status is NOT_MET:
            return decision
        if decision.status is UNKNOWN:
            return _both_open(meninges, decision)
        return meninges

    return evaluate


def _possible(
    c: BrainMetastasesCriterion,
    facts: PatientFacts,
    present: list[ComorbidityFact],
    requirement: str,
) -> Decision:
    """Brain metastases possible only: ask. Beside leptomeningeal disease possible too (a
    meningeal enhancement whose metastasis the radiologist did not exclude), the coordinator is
    asked both: refuting the brain metastases leaves the leptomeningeal disease to answer
    (twenty-sixth session)."""
    possible = Decision(
        UNKNOWN,
        f"Brain metastases possible, not established; {requirement}",
        distinct([ref for f in present for ref in f.evidence]),
        "Confirm or refute brain metastases (brain imaging)",
    )
    if c.allowed not in ("treated_stable", "not_active", "asymptomatic"):
        return possible
    meninges = _leptomeningeal(facts, requirement)
    if meninges is None or meninges.status is not UNKNOWN:
        return possible
    return _both_open(meninges, possible)


def _named(found: list[ComorbidityFact]) -> str:
    """CNS-EHR: brain metastases no diagnosis records, only seen on imaging, are said where
    they were seen ("Brain metastases reported on brain MRI of 2026-11-10"): the coordinator
    looks for the report, not for a diagnosis on the problem list."""
    seen = sorted({f.seen_on for f in found if f.seen_on})
    if not seen or any(f.seen_on is None for f in found):
        return "Brain metastases recorded"
    return "Brain metastases reported on " + " and ".join(seen)


def _leptomeningeal(facts: PatientFacts, requirement: str) -> Decision | None:
    """Leptomeningeal disease recorded excludes under an allowance of treated, stable or
    inactive brain metastases, whatever its treatment: trials exclude it in their own words,
    and a coordinator does not read intrathecal chemotherapy and a stable scan as the
    radiosurgery or surgery, then stability, that the allowance means. Possible only: ask."""
    found = [
        f for f in facts.comorbidities if f.kind is Comorbidity.LEPTOMENINGEAL_DISEASE and f.active
    ]
    if not found:
        return None
    confirmed = [f for f in found if f.confirmed]
    if confirmed:
        return Decision(
            NOT_MET,
            f"Leptomeningeal disease recorded, whatever its treatment; {requirement}",
            distinct([ref for f in confirmed for ref in f.evidence]),
        )
    return Decision(
        UNKNOWN,
        f"{_LEPTOMENINGEAL_POSSIBLE}; {requirement}",
        distinct([ref for f in found for ref in f.evidence]),
        "Confirm or refute leptomeningeal disease (contrast MRI of the brain and spine, "
        "CSF cytology)",
    )


_LEPTOMENINGEAL_POSSIBLE = "Leptomeningeal disease possible, not established"


def _both_open(meninges: Decision, brain: Decision) -> Decision:
    """Leptomeningeal disease possible beside brain metastases that leave the criterion open for
    their own reason (treatment or stability not recorded, symptoms): the reason says both and
    the coordinator is asked both — refuting the leptomeningeal disease leaves the brain
    metastases to answer (twenty-fifth session: before it, only the first was asked)."""
    asks = brain.to_settle
    return Decision(
        UNKNOWN,
        f"{_LEPTOMENINGEAL_POSSIBLE}; {_lower_first(brain.reason)}",
        distinct([*meninges.evidence, *brain.evidence]),
        f"{meninges.to_settle}; {_lower_first(asks)}" if asks else meninges.to_settle,
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _parenchymal(
    c: BrainMetastasesCriterion,
    facts: PatientFacts,
    recorded_refs: list[str],
    requirement: str,
    named: str,
) -> Decision:
    """The confirmed brain metastases against an allowance of treated, stable or inactive ones;
    `named` says where they are recorded (`_named`)."""
    status = facts.brain_metastasis_status
    evidence = distinct([*recorded_refs, *status.evidence])
    if status.treated is False:
        return Decision(NOT_MET, f"Untreated brain metastases; {requirement}", evidence)
    too_recent = _too_recent(c, status, facts.as_of)
    if too_recent is not None:
        return Decision(NOT_MET, f"{too_recent}; {requirement}", evidence)
    if status.stable is False:
        return Decision(NOT_MET, f"Brain metastases not stable; {requirement}", evidence)
    if c.allowed == "not_active":
        return _not_active(status, requirement, evidence, named)
    return _treated_stable(c, status, requirement, evidence, facts.as_of, named)


def _asymptomatic(
    facts: PatientFacts, recorded_refs: list[str], requirement: str, named: str
) -> Decision:
    """No fact holds symptoms or a need for treatment now, and treatment or stability does not
    settle them (a treated, stable metastasis may still cause symptoms; an untreated or
    progressing one is admitted when it causes none): ask."""
    status = facts.brain_metastasis_status
    said = _treated(status) if status.treated else named
    return Decision(
        UNKNOWN,
        f"{said}, whether they cause symptoms or need treatment now not recorded; {requirement}",
        distinct([*recorded_refs, *status.evidence]),
        "Record whether the brain metastases cause symptoms or need treatment now",
    )


def _too_recent(
    c: BrainMetastasesCriterion, status: BrainMetastasisStatus, as_of: date
) -> str | None:
    """The stability window counts from the last treatment: treated fewer days ago than the
    window, the metastases cannot have been stable that long, whatever imaging follows."""
    if c.stable_days is None or status.treated_on is None or status.stable is False:
        return None
    days = (as_of - status.treated_on).days
    if days >= c.stable_days:
        return None
    return f"{_treated(status)}, {days} days ago (stable ≥ {c.stable_days} days impossible yet)"


def _treated(status: BrainMetastasisStatus) -> str:
    when = f" on {status.treated_on.isoformat()}" if status.treated_on else ""
    return f"Brain metastases treated (radiotherapy or surgery to the brain){when}"


def _not_active(
    status: BrainMetastasisStatus,
    requirement: str,
    evidence: tuple[str, ...],
    named: str,
) -> Decision:
    if status.treated and status.stable:
        return Decision(MET, f"{_treated(status)} and stable; {requirement}", evidence)
    if status.treated:
        return Decision(
            UNKNOWN,
            f"{_treated(status)}, stability not recorded; {requirement}",
            evidence,
            _IMAGING + " (not progressing, not symptomatic)?",
        )
    return Decision(
        UNKNOWN,
        f"{named}, treatment not recorded; {requirement}",
        evidence,
        "Record whether the brain metastases were treated (radiotherapy or surgery) and are "
        "stable on the latest brain imaging",
    )


def _treated_stable(
    c: BrainMetastasesCriterion,
    status: BrainMetastasisStatus,
    requirement: str,
    evidence: tuple[str, ...],
    as_of: date,
    named: str,
) -> Decision:
    if not status.treated:
        return Decision(
            UNKNOWN,
            f"{named}, treatment not recorded; {requirement}",
            evidence,
            "Record the treatment of the brain metastases (radiotherapy or surgery to the brain)",
        )
    if status.stable is None:
        return Decision(
            UNKNOWN,
            f"{_treated(status)}, stability not recorded; {requirement}",
            evidence,
            _IMAGING + (f", and since when (≥ {c.stable_days} days)?" if c.stable_days else "?"),
        )
    if c.stable_days is not None:
        if status.stable_days is None:
            return Decision(
                UNKNOWN,
                f"{_treated(status)} and stable, for how long not recorded; {requirement}",
                evidence,
                f"Record since when the brain metastases are stable (≥ {c.stable_days} days)",
            )
        if status.stable_days < c.stable_days:
            return Decision(
                NOT_MET,
                f"{_treated(status)}, stable for {status.stable_days} days; {requirement}",
                evidence,
            )
    if not c.steroids_allowed:
        if status.on_steroids:
            return Decision(
                NOT_MET, f"{_treated(status)}, on corticosteroids; {requirement}", evidence
            )
        if status.on_steroids is None and status.steroids:
            return Decision(
                UNKNOWN,
                f"{_treated(status)} and stable; {', '.join(status.steroids)} recorded; "
                f"{requirement}",
                evidence,
                f"Record whether {', '.join(status.steroids)} is given for the brain metastases",
            )
        if c.steroid_free_days is not None and status.on_steroids is False:
            return _steroid_free(c.steroid_free_days, status, as_of, requirement, evidence)
    if c.steroid_stable_days is not None and (status.on_steroids or status.steroids):
        return _steroid_dose(c.steroid_stable_days, status, as_of, requirement, evidence)
    return Decision(MET, f"{_treated(status)} and stable; {requirement}", evidence)


def _steroid_free(
    days: int,
    status: BrainMetastasisStatus,
    as_of: date,
    requirement: str,
    evidence: tuple[str, ...],
) -> Decision:
    """Off corticosteroids for at least `days`: ones given for the brain metastases and stopped
    decide by when they stopped; a stop without a date cannot show the window has passed."""
    if status.steroids_stopped_on is None:
        return Decision(
            UNKNOWN,
            f"{_treated(status)} and stable; corticosteroids stopped, when not recorded; "
            f"{requirement}",
            evidence,
            f"Record when the corticosteroids were stopped (≥ {days} days ago)",
        )
    off = (as_of - status.steroids_stopped_on).days
    if off < days:
        return Decision(
            NOT_MET,
            f"{_treated(status)} and stable; off corticosteroids for {off} days only; "
            f"{requirement}",
            evidence,
        )
    return Decision(
        MET,
        f"{_treated(status)} and stable; off corticosteroids for {off} days; {requirement}",
        evidence,
    )


def _steroid_dose(
    days: int,
    status: BrainMetastasisStatus,
    as_of: date,
    requirement: str,
    evidence: tuple[str, ...],
) -> Decision:
    """Corticosteroids allowed at a dose unchanged for `days`: a current one, for the brain
    metastases or possibly so, decides by how long its dose has been unchanged."""
    names = ", ".join(status.steroids) or "corticosteroids"
    if status.steroid_dose_since is None:
        return Decision(
            UNKNOWN,
            f"{_treated(status)} and stable; on {names}, since when at this dose not recorded; "
            f"{requirement}",
            evidence,
            f"Record since when the corticosteroid dose is unchanged (≥ {days} days)",
        )
    held = (as_of - status.steroid_dose_since).days
    if held >= days:
        return Decision(
            MET,
            f"{_treated(status)} and stable; {names} at an unchanged dose for {held} days; "
            f"{requirement}",
            evidence,
        )
    if status.on_steroids:
        return Decision(
            NOT_MET,
            f"{_treated(status)} and stable; corticosteroid dose unchanged for {held} days "
            f"only; {requirement}",
            evidence,
        )
    return Decision(
        UNKNOWN,
        f"{_treated(status)} and stable; {names} recorded, dose unchanged for {held} days; "
        f"{requirement}",
        evidence,
        f"Record whether {names} is given for the brain metastases",
    )
