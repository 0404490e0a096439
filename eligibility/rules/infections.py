"""The infection rule: HIV, hepatitis B or hepatitis C excluded altogether, or only when
uncontrolled / active (rules INF-HIV and INF-HEPATITIS in docs/clinical-rules.md).

The diagnosis is the HIV / HEPATITIS_B / HEPATITIS_C comorbidity, read as every exclusion is:
none recorded is met. Control comes from `PatientFacts.infection_control`; a recorded infection
whose control the record does not show is unknown.
"""

from __future__ import annotations

from eligibility.criteria import InfectionCriterion
from eligibility.facts import InfectionControl, PatientFacts
from eligibility.phrasing import COMORBIDITY_LABELS, number
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import Comorbidity

# Uldrick TS et al., J Clin Oncol 2017 (ASCO–Friends): CD4 ≥ 350 cells/µL on effective
# antiretroviral therapy with an undetectable viral load.
HIV_CD4_MIN = 350.0
_LOAD = {
    Comorbidity.HIV: "HIV viral load (RNA)",
    Comorbidity.HEPATITIS_B: "HBV DNA",
    Comorbidity.HEPATITIS_C: "HCV RNA",
}


def compile_infection(c: InfectionCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    kind = Comorbidity(c.infection)
    name = COMORBIDITY_LABELS[kind]
    requirement = (
        f"trial excludes any {name}"
        if c.excluded == "any"
        else f"trial excludes uncontrolled or active {name}"
    )
    none_recorded = Decision(MET, f"No {name} recorded; {requirement}")

    def evaluate(facts: PatientFacts) -> Decision:
        present = [f for f in facts.comorbidities if f.kind is kind and f.active]
        if not present:
            return none_recorded
        confirmed = [f for f in present if f.confirmed]
        if not confirmed:
            return Decision(
                UNKNOWN,
                f"{name[:1].upper()}{name[1:]} possible, not established; {requirement}",
                distinct([ref for f in present for ref in f.evidence]),
                f"Confirm or refute the {name} diagnosis",
            )
        recorded_refs = [ref for f in confirmed for ref in f.evidence]
        recorded = f"{name[:1].upper()}{name[1:]} recorded"
        if c.excluded == "any":
            return Decision(NOT_MET, f"{recorded}; {requirement}", distinct(recorded_refs))
        control = next((f for f in facts.infection_control if f.kind is kind), None)
        control = control or InfectionControl(kind=kind)
        evidence = distinct([*recorded_refs, *control.evidence])
        if kind is Comorbidity.HIV:
            return _hiv(control, recorded, requirement, evidence)
        return _hepatitis(control, recorded, requirement, evidence)

    return evaluate


def _hiv(
    control: InfectionControl, recorded: str, requirement: str, evidence: tuple[str, ...]
) -> Decision:
    bad = []
    if control.viral_load_detectable:
        bad.append("detectable viral load")
    if control.cd4 is not None and control.cd4 < HIV_CD4_MIN:
        bad.append(f"CD4 {number(control.cd4)} cells/µL")
    if control.antiviral is False:
        bad.append("no antiretroviral therapy")
    if bad:
        return Decision(NOT_MET, f"{recorded}, {', '.join(bad)}; {requirement}", evidence)
    missing = []
    if control.antiviral is None:
        missing.append("whether on antiretroviral therapy")
    if control.viral_load_detectable is None:
        missing.append("the HIV viral load")
    if control.cd4 is None:
        missing.append("the CD4 count")
    if missing:
        return Decision(
            UNKNOWN,
            f"{recorded}, control not recorded; {requirement}",
            evidence,
            "Record "
            + ", ".join(missing[:-1])
            + (" and " if len(missing) > 1 else "")
            + missing[-1],
        )
    assert control.cd4 is not None
    return Decision(
        MET,
        f"{recorded}, on antiretroviral therapy, viral load undetectable, CD4 "
        f"{number(control.cd4)} cells/µL; {requirement}",
        evidence,
    )


def _hepatitis(
    control: InfectionControl, recorded: str, requirement: str, evidence: tuple[str, ...]
) -> Decision:
    load = _LOAD[control.kind]
    treated = ""
    if control.antiviral is not None:
        treated = ", on antiviral therapy" if control.antiviral else ", no antiviral therapy"
    if control.viral_load_detectable:
        return Decision(NOT_MET, f"{recorded}, {load} detectable; {requirement}", evidence)
    if control.surface_antigen_positive:
        return _surface_antigen(control, recorded, treated, requirement, evidence)
    if control.viral_load_detectable is False:
        return Decision(MET, f"{recorded}, {load} undetectable; {requirement}", evidence)
    if control.surface_antigen_positive is False:
        # No surface antigen: no chronic hepatitis B to be active (a past, resolved infection).
        return Decision(MET, f"{recorded}, HBsAg negative; {requirement}", evidence)
    return Decision(
        UNKNOWN,
        f"{recorded}{treated}, {load} not recorded; {requirement}",
        evidence,
        f"Record the {load} (viral load)",
    )


def _surface_antigen(
    control: InfectionControl,
    recorded: str,
    treated: str,
    requirement: str,
    evidence: tuple[str, ...],
) -> Decision:
    """HBsAg positive without detectable HBV DNA. Protocols differ: some call HBsAg positive
    alone active hepatitis B, others (the NCI CTEP template) accept chronic hepatitis B with an
    undetectable viral load on suppressive therapy; the criterion does not say which."""
    if control.viral_load_detectable is None:
        return Decision(
            UNKNOWN,
            f"{recorded}, HBsAg positive{treated}, HBV DNA not recorded; {requirement}",
            evidence,
            "Record the HBV DNA (viral load)",
        )
    return Decision(
        UNKNOWN,
        f"{recorded}, HBsAg positive, HBV DNA undetectable{treated}; {requirement}",
        evidence,
        "Check the protocol's definition of active hepatitis B: HBsAg positive alone, or "
        "detectable HBV DNA (suppressed chronic hepatitis B on therapy accepted)",
    )
