"""The lab rule: the newest result of an analyte against a fixed threshold in its canonical unit,
or against a multiple of the upper limit of normal the result itself reports. An unreadable
newest result (VAL-NEWEST) or one older than its window (VAL-STALE) is unknown; the results of
the newest day decide only when they agree (VAL-SAME-DAY). A count of a part of the analyte (the
segmented neutrophils of the ANC) is a lower bound of it (VAL-LAB-ANALYTE), and a result given as
a bound ("<3.4 umol/L") is one (VAL-LAB-BOUND): a bound decides only what all its values decide."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Literal

from eligibility.criteria import LabCriterion
from eligibility.facts import Comparator, Measurement, PatientFacts
from eligibility.phrasing import ANALYTE_LABELS, COMPARATOR_SYMBOLS, number
from eligibility.rules.bounds import NEGATION, every_allowed
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.rules.recency import dated, stale, too_old, window
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import CANONICAL_UNITS

_COMPARE: dict[Comparator, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def compile_lab(c: LabCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    name = ANALYTE_LABELS[c.analyte]
    unit = CANONICAL_UNITS[c.analyte]
    if c.times_uln is not None:
        threshold_text = f"{number(c.times_uln)} × ULN"
    else:
        assert c.value is not None
        threshold_text = f"{number(c.value)} {unit}"
    requirement = f"trial requires {name} {COMPARATOR_SYMBOLS[c.comparator]} {threshold_text}"
    analyte, within_days, times_uln, fixed = c.analyte, c.within_days, c.times_uln, c.value
    no_result = Decision(
        UNKNOWN, f"No {name} result recorded; {requirement}", (), f"Record the {name} result"
    )
    # A reason that starts with the analyte starts a sentence: "Haemoglobin 8.1 g/dL …".
    capitalised = name[:1].upper() + name[1:]

    def evaluate(facts: PatientFacts) -> Decision:
        day = facts.lab_day(analyte)
        if not day:
            return no_result
        decision = judge(day[0], facts)
        # VAL-SAME-DAY: the day's other results decide too; when any decides otherwise, which
        # (a repeat draw, the panel or the separate result) is current is the study team's call.
        if all(judge(other, facts).status is decision.status for other in day[1:]):
            return decision
        values = ", ".join(dict.fromkeys(_shown(m) for m in day))
        return Decision(
            UNKNOWN,
            f"{capitalised} results recorded on {day[0].date} disagree ({values}); {requirement}",
            distinct([ref for m in day for ref in m.evidence]),
            f"Confirm which {name} result of {day[0].date} the protocol reads ({values})",
        )

    def judge(measurement: Measurement, facts: PatientFacts) -> Decision:
        age = dated(measurement.date, facts.as_of)
        evidence = distinct(measurement.evidence)
        if measurement.value is None:
            return Decision(
                UNKNOWN,
                f"The newest {name}{age} could not be read: '{measurement.unreadable}'; "
                f"{requirement}",
                evidence,
                f"Record the {name} result as a number with its unit",
            )
        value = f"{capitalised} {_shown(measurement)}{age}"
        if measurement.counts_only is not None:
            value += f" ({measurement.counts_only} alone)"
        days = window("lab", within_days)
        if too_old(measurement.date, days, facts.as_of):
            return Decision(
                UNKNOWN,
                f"{stale(value, measurement.date, days)}; {requirement}",
                evidence,
                f"Record a current {name} result (within {days} days)",
            )
        if measurement.unit != unit:
            # fhir_mapping converts to canonical units; anything else cannot be compared safely.
            return Decision(
                UNKNOWN,
                f"{value} is not in {unit}; {requirement}",
                evidence,
                f"Record {name} in {unit}",
            )
        if times_uln is not None:
            uln = measurement.upper_limit_normal
            if uln is None:
                return Decision(
                    UNKNOWN,
                    f"{value}, without an upper limit of normal; {requirement}",
                    evidence,
                    f"Record the reference range with the {name} result",
                )
            # Rounded: 1.5 × 1.2 is 1.7999999999999998 in floating point, and 1.8 is at the limit.
            threshold = round(times_uln * uln, 6)
            value += f" ({number(round(measurement.value / uln, 2))} × ULN {number(uln)})"
        else:
            assert fixed is not None
            threshold = fixed
        reason = f"{value}; {requirement}"
        return _decided(c.comparator, threshold, measurement, reason, evidence)

    return evaluate


def _decided(
    comparator: Comparator,
    threshold: float,
    measurement: Measurement,
    reason: str,
    evidence: tuple[str, ...],
) -> Decision:
    """Met or not met as the value compares with `threshold`. A bound decides only what every
    value it allows decides alike, else unknown: a result given as one (VAL-LAB-BOUND), and a
    part's count, a lower bound of the analyte (VAL-LAB-ANALYTE)."""
    assert measurement.value is not None
    bound = _bound(measurement)
    if bound is None:
        met = _COMPARE[comparator](measurement.value, threshold)
        return Decision(MET if met else NOT_MET, reason, evidence)
    if bound != "any":
        if every_allowed(bound, measurement.value, comparator, threshold):
            return Decision(MET, reason, evidence)
        if every_allowed(bound, measurement.value, NEGATION[comparator], threshold):
            return Decision(NOT_MET, reason, evidence)
    name = ANALYTE_LABELS[measurement.analyte]
    if measurement.counts_only is not None:
        settle = f"Record the {name} result (the newest counts {measurement.counts_only} alone)"
    else:
        settle = f"Record the {name} result as a number (the newest is given as a bound)"
    return Decision(UNKNOWN, reason, evidence, settle)


def _bound(measurement: Measurement) -> Comparator | Literal["any"] | None:
    """The side of `value` the result lies on: its comparator; at or above for a part's count;
    "any" for a part's count that is itself below a number (the whole may be anything)."""
    comparator = measurement.comparator
    if measurement.counts_only is None:
        return comparator
    if comparator is None:
        return ">="
    return comparator if comparator in (">", ">=") else "any"


def _shown(measurement: Measurement) -> str:
    """A result as a reason quotes it: "7.5 g/dL", "< 3.4 mg/dL" (a bound), "≥ 1.2 10*9/L" (a
    part's count, a lower bound), or the unreadable text."""
    if measurement.value is None:
        return f"'{measurement.unreadable}'"
    if measurement.comparator is not None:
        bound = f"{COMPARATOR_SYMBOLS[measurement.comparator]} "
    else:
        bound = "≥ " if measurement.counts_only is not None else ""
    return f"{bound}{number(measurement.value)} {measurement.unit}"
