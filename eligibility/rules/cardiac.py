"""The QTc rule: the latest ECG's QTc against the limit for the patient's sex.

Protocols give different limits for males and females; without a recorded sex, a QTc below both
or above both limits still decides, and only one between them is unknown.
"""

from __future__ import annotations

from eligibility.criteria import QTcCriterion
from eligibility.facts import PatientFacts
from eligibility.phrasing import SEX_LABELS, number, on
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.rules.recency import too_old
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import Sex


def compile_qtc(c: QTcCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    max_male, max_female, within_days = c.max_ms_male, c.max_ms_female, c.within_days
    limits = f"{number(max_male)} ms for males, {number(max_female)} ms for females"
    requirement = f"trial requires QTc ≤ {limits}"
    lowest, highest = min(max_male, max_female), max(max_male, max_female)
    not_recorded = Decision(
        UNKNOWN, f"No QTc recorded; {requirement}", (), "Record a 12-lead ECG with QTc"
    )

    def evaluate(facts: PatientFacts) -> Decision:
        qtc = facts.qtc
        if qtc is None:
            return not_recorded
        sex = facts.demographics.sex
        value = f"QTc {number(qtc.milliseconds)} ms{on(qtc.date)}"
        if too_old(qtc.date, within_days, facts.as_of):
            return Decision(
                UNKNOWN,
                f"{value}{'' if qtc.date else ' (undated)'} is older than {within_days} days; "
                f"{requirement}",
                distinct(qtc.evidence),
                f"Record a 12-lead ECG with QTc from the last {within_days} days",
            )
        evidence = distinct((*qtc.evidence, *facts.demographics.evidence))
        if sex in (Sex.MALE, Sex.FEMALE):
            limit = max_male if sex is Sex.MALE else max_female
            # "Prolongation > 450 ms" excludes: equal to the limit is still acceptable.
            status = MET if qtc.milliseconds <= limit else NOT_MET
            return Decision(
                status,
                f"{value} ({SEX_LABELS[sex]}); trial requires QTc ≤ {number(limit)} ms",
                evidence,
            )
        if qtc.milliseconds <= lowest:
            return Decision(MET, f"{value}; {requirement}", evidence)
        if qtc.milliseconds > highest:
            return Decision(NOT_MET, f"{value}; {requirement}", evidence)
        return Decision(
            UNKNOWN,
            f"{value}, sex not recorded; {requirement}",
            evidence,
            "Record the patient's sex (the QTc limit depends on it)",
        )

    return evaluate
