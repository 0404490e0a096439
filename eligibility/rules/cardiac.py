"""The QTc rule: the newest ECG's QTc against the limit for the patient's sex.

Protocols give different limits for males and females; without a recorded sex, a QTc below both
or above both limits still decides, and only one between them is unknown (PAT-SEX). An unreadable
newest QTc (VAL-NEWEST) or one older than its window (VAL-STALE) is unknown. The QTcs of the
newest day — several ECGs, or one cart's line by two formulas (VAL-QTC-FORMULAS) — decide only
when they agree (VAL-SAME-DAY).
"""

from __future__ import annotations

from eligibility.criteria import QTcCriterion
from eligibility.facts import Comparator, Evidence, PatientFacts, QTc
from eligibility.phrasing import COMPARATOR_SYMBOLS, SEX_LABELS, number
from eligibility.rules.bounds import every_allowed
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.rules.recency import dated, stale, too_old, window
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
        decision = judge(qtc, facts)
        # VAL-SAME-DAY: the other ECGs of that day decide too; when any decides otherwise,
        # which (or what mean) is current is the study team's call.
        if all(judge(other, facts).status is decision.status for other in facts.qtc_same_day):
            return decision
        day = (qtc, *facts.qtc_same_day)
        values = ", ".join(dict.fromkeys(_shown(q) for q in day))
        formulas = {q.formula for q in day if q.milliseconds is not None}
        settle = (
            f"Confirm which QTc formula the protocol reads ({values})"
            if len(formulas) > 1 and None not in formulas
            else f"Confirm which QTc of {qtc.date} the protocol reads ({values}: one ECG, or the "
            "mean of several)"
        )
        return Decision(
            UNKNOWN,
            f"QTc values recorded on {qtc.date} disagree ({values}); {requirement}",
            distinct([ref for q in day for ref in q.evidence]),
            settle,
        )

    def judge(qtc: QTc, facts: PatientFacts) -> Decision:
        sex = facts.demographics.sex
        age = dated(qtc.date, facts.as_of)
        if qtc.milliseconds is None:
            return Decision(
                UNKNOWN,
                f"The newest QTc{age} could not be read: '{qtc.unreadable}'; {requirement}",
                distinct(qtc.evidence),
                "Record the QTc of the newest ECG in ms",
            )
        value = f"QTc {_shown(qtc)}{age}"
        days = window("qtc", within_days)
        if too_old(qtc.date, days, facts.as_of):
            return Decision(
                UNKNOWN,
                f"{stale(value, qtc.date, days)}; {requirement}",
                distinct(qtc.evidence),
                f"Record a current 12-lead ECG with QTc (within {days} days)",
            )
        evidence = distinct((*qtc.evidence, *facts.demographics.evidence))
        if qtc.comparator is not None:
            return _bounded(
                qtc.milliseconds,
                qtc.comparator,
                value,
                sex,
                (max_male, max_female),
                requirement,
                evidence,
            )
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


def _shown(qtc: QTc) -> str:
    """A QTc as the reasons quote it: "452 ms", "452 ms Bazett", "> 470 ms", or the
    unreadable text."""
    if qtc.milliseconds is None:
        return f"'{qtc.unreadable}'"
    formula = f" {qtc.formula}" if qtc.formula else ""
    bound = f"{COMPARATOR_SYMBOLS[qtc.comparator]} " if qtc.comparator else ""
    return f"{bound}{number(qtc.milliseconds)} ms{formula}"


def _bounded(
    bound: float,
    comparator: Comparator,
    value: str,
    sex: Sex | None,
    limits: tuple[float, float],
    requirement: str,
    evidence: Evidence,
) -> Decision:
    """VAL-QTC-BOUND: a bound decides what every QTc it allows decides, against the sex's
    limit or, sex unrecorded, both."""
    male, female = limits
    applying = [male] if sex is Sex.MALE else [female] if sex is Sex.FEMALE else [male, female]
    # Every QTc the bound allows over the limit (">= 471", not ">= 470"), or within it.
    if all(every_allowed(comparator, bound, ">", limit) for limit in applying):
        return Decision(NOT_MET, f"{value}; {requirement}", evidence)
    if all(every_allowed(comparator, bound, "<=", limit) for limit in applying):
        return Decision(MET, f"{value}; {requirement}", evidence)
    return Decision(
        UNKNOWN,
        f"{value}: a bound that may be either side of the limit; {requirement}",
        evidence,
        "Record the QTc of the newest ECG in ms",
    )
