"""Rules on who the patient is: age (from a birth date that may be known only to the year or
month) and sex (administrative gender, which does not always say how a protocol applies)."""

from __future__ import annotations

from eligibility.criteria import AgeCriterion, SexCriterion
from eligibility.facts import PatientFacts
from eligibility.phrasing import SEX_LABELS, bounds
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import Sex


def compile_age(c: AgeCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    min_years, max_years = c.min_years, c.max_years
    requirement = f"trial requires age {bounds(min_years, max_years)}"

    def inside(age: int) -> bool:
        return (min_years is None or age >= min_years) and (max_years is None or age <= max_years)

    def evaluate(facts: PatientFacts) -> Decision:
        demo = facts.demographics
        evidence = distinct(demo.evidence)
        if demo.age_years is not None:
            status = MET if inside(demo.age_years) else NOT_MET
            return Decision(status, f"Age {demo.age_years}; {requirement}", evidence)
        if demo.age_min is not None or demo.age_max is not None:
            # Only one bound known: the other side stays open (0 or an implausible maximum).
            low = demo.age_min if demo.age_min is not None else 0
            high = demo.age_max if demo.age_max is not None else 150
            known = (
                f"Age {low}–{high} (birth date recorded only to the {demo.birth_date_precision})"
            )
            if inside(low) and inside(high):
                return Decision(MET, f"{known}; {requirement}", evidence)
            if (max_years is not None and low > max_years) or (
                min_years is not None and high < min_years
            ):
                return Decision(NOT_MET, f"{known}; {requirement}", evidence)
            return Decision(
                UNKNOWN,
                f"{known}; {requirement}",
                evidence,
                "Record the full birth date",
            )
        return Decision(
            UNKNOWN,
            f"No birth date recorded; {requirement}",
            evidence,
            "Record the patient's birth date",
        )

    return evaluate


def compile_sex(c: SexCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    allowed = c.allowed
    requirement = f"trial enrols {' or '.join(SEX_LABELS[s] for s in allowed)} patients"

    def evaluate(facts: PatientFacts) -> Decision:
        sex = facts.demographics.sex
        evidence = distinct(facts.demographics.evidence)
        if sex in allowed:
            return Decision(MET, f"Sex {SEX_LABELS[sex]}; {requirement}", evidence)
        if sex is Sex.UNKNOWN:
            return Decision(
                UNKNOWN, f"Sex not recorded; {requirement}", evidence, "Record the patient's sex"
            )
        if sex is Sex.OTHER:
            # Administrative gender "other" does not say how the protocol's criterion applies.
            return Decision(
                UNKNOWN,
                f"Sex recorded as other; {requirement}",
                evidence,
                "Review the protocol's sex criterion with the study team",
            )
        return Decision(NOT_MET, f"Sex {SEX_LABELS[sex]}; {requirement}", evidence)

    return evaluate
