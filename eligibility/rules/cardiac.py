"""The QTc rule: the newest ECG's QTc against the limit for the patient's sex.

Protocols give different limits for males and females; without a recorded sex, a QTc below both
or above both limits still decides, and only one between them is unknown (PAT-SEX). An unreadable
newest QTc (VAL-NEWEST) or one older than its window (VAL-STALE) is unknown. The QTcs of the
newest day — several ECGs, or one cart's line by two formulas (VAL-QTC-FORMULAS) — decide only
when they agree (VAL-SAME-DAY).

A limit on several ECGs (VAL-QTC-ECGS: the mean of a triplicate, or a QTc over it on repeated
ECGs) is judged on what the chart holds of them: three or more ECGs of the newest day are the
triplicate, and their mean decides a limit on the mean; two over the limit decide a limit on
repeated ECGs, one over among several is not repeated. One ECG over such a limit is a reason to
record the triplicate or repeat the ECG, not to exclude: unknown. One ECG under it is met, as it
is for a limit on one ECG: it is the same estimate of the patient's QTc, and screening records
the triplicate whatever the chart holds.
"""

from __future__ import annotations

from datetime import datetime

from eligibility.criteria import QTcCriterion
from eligibility.facts import Comparator, Evidence, PatientFacts, QTc
from eligibility.phrasing import COMPARATOR_SYMBOLS, SEX_LABELS, number
from eligibility.results import CriterionStatus
from eligibility.rules.bounds import every_allowed
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.rules.recency import dated, stale, too_old, window
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import Sex


def compile_qtc(c: QTcCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    max_male, max_female, within_days = c.max_ms_male, c.max_ms_female, c.within_days
    limits = f"{number(max_male)} ms for males, {number(max_female)} ms for females"
    # VAL-QTC-FORMULAS: the limit's formula, when it names one ("QTcF > 470 msec").
    name = "QTc" if c.formula is None else f"QTc by {c.formula}'s formula"
    requirement = f"trial requires {name} ≤ {limits}"
    lowest, highest = min(max_male, max_female), max(max_male, max_female)
    not_recorded = Decision(
        UNKNOWN, f"No QTc recorded; {requirement}", (), "Record a 12-lead ECG with QTc"
    )

    def evaluate(facts: PatientFacts) -> Decision:
        qtc = facts.qtc
        if qtc is None:
            return not_recorded
        day = _by_formula((qtc, *facts.qtc_same_day), c.formula)
        triplicate = _mean_of(day) if c.ecgs == "mean" else None
        if triplicate is not None:
            mean, count = triplicate
            return judge(mean, facts, "Mean QTc", f" of {count} ECGs ({_values(day)})")
        newest = judge(day[0], facts)
        statuses = [newest.status, *(judge(other, facts).status for other in day[1:])]
        decision = _of_the_day(newest, statuses, day, requirement)
        if c.ecgs == "one":
            return decision
        return _on_several(c.ecgs, decision, statuses, day, requirement)

    def judge(qtc: QTc, facts: PatientFacts, what: str = "QTc", of: str = "") -> Decision:
        sex = facts.demographics.sex
        age = dated(qtc.date, facts.as_of)
        if qtc.milliseconds is None:
            return Decision(
                UNKNOWN,
                f"The newest QTc{age} could not be read: '{qtc.unreadable}'; {requirement}",
                distinct(qtc.evidence),
                "Record the QTc of the newest ECG in ms",
            )
        value = f"{what} {_shown(qtc)}{of}{age}"
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
                f"{value} ({SEX_LABELS[sex]}); trial requires {name} ≤ {number(limit)} ms",
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


def _by_formula(day: tuple[QTc, ...], formula: str | None) -> tuple[QTc, ...]:
    """VAL-QTC-FORMULAS: under a limit that names its formula, a record giving the QTc by it
    gives only that one (its other formula's value is not the protocol's measure); a record
    giving none by it is read as before."""
    if formula is None:
        return day
    named = {qtc.evidence for qtc in day if qtc.formula == formula}
    return tuple(qtc for qtc in day if qtc.formula == formula or qtc.evidence not in named)


def _of_the_day(
    decision: Decision, statuses: list[CriterionStatus], day: tuple[QTc, ...], requirement: str
) -> Decision:
    """VAL-SAME-DAY: the other ECGs of the newest QTc's day decide too; when any decides
    otherwise, which (or what mean) is current is the study team's call."""
    if all(status is decision.status for status in statuses):
        return decision
    values = _values(day)
    formulas = {q.formula for q in day if q.milliseconds is not None}
    settle = (
        f"Confirm which QTc formula the protocol reads ({values})"
        if len(formulas) > 1 and None not in formulas
        else f"Confirm which QTc of {day[0].date} the protocol reads ({values}: one ECG, or the "
        "mean of several)"
    )
    return Decision(
        UNKNOWN,
        f"QTc values recorded on {day[0].date} disagree ({values}); {requirement}",
        distinct([ref for q in day for ref in q.evidence]),
        settle,
    )


_REPEATED = "a QTc over it on repeated ECGs excluding"
_SEVERAL = {
    "mean": (
        "the protocol reads the mean of several ECGs",
        "Record a triplicate ECG: the mean QTc",
    ),
    "repeated": (
        "the protocol reads a QTc over the limit on repeated ECGs",
        "Repeat the ECG: the protocol excludes a QTc over the limit on repeated ECGs",
    ),
}


def _on_several(
    ecgs: str,
    decision: Decision,
    statuses: list[CriterionStatus],
    day: tuple[QTc, ...],
    requirement: str,
) -> Decision:
    """VAL-QTC-ECGS: a limit on several ECGs when the chart holds no triplicate to average."""
    instant = _read_twice(day)
    if instant is not None and decision.status is not MET:
        return _what_the_records_are(instant, day, requirement)
    series = _series(day) if UNKNOWN not in statuses else None
    count = len(series) if series is not None else 1
    evidence = distinct([ref for q in day for ref in q.evidence])
    if ecgs == "repeated" and series is not None and count > 1:
        over = sum(statuses[position] is NOT_MET for position in series)
        if over:
            # Over the limit on two ECGs is the repeated demonstration; on one of several, the
            # repeat did not confirm it.
            shown = (
                f"QTc over the limit on {over} of {count} ECGs of {day[0].date} ({_values(day)})"
            )
            if over > 1:
                return Decision(NOT_MET, f"{shown}; {requirement}, {_REPEATED}", evidence)
            return Decision(MET, f"{shown}, not repeated; {requirement}, {_REPEATED}", evidence)
    protocol, to_record = _SEVERAL[ecgs]
    held = f"{'one ECG' if count == 1 else f'{count} ECGs'} of {day[0].date}: {protocol}"
    if decision.status is MET:
        return Decision(MET, f"{decision.reason}; {held}", decision.evidence)
    if decision.status is NOT_MET or (series is not None and count < 3):
        return Decision(UNKNOWN, f"{decision.reason}; {held}", evidence, to_record)
    return decision


def _read_twice(day: tuple[QTc, ...]) -> datetime | None:
    """The instant of the day whose records give several values by one formula, if any: a
    triplicate stamped with the order's time, or one ECG read more than once (VAL-QTC-ECGS)."""
    seen: dict[tuple[datetime, str | None], float] = {}
    for qtc in day:
        if qtc.taken_at is None or qtc.milliseconds is None or qtc.comparator is not None:
            continue
        if seen.setdefault((qtc.taken_at, qtc.formula), qtc.milliseconds) != qtc.milliseconds:
            return qtc.taken_at
    return None


def _what_the_records_are(instant: datetime, day: tuple[QTc, ...], requirement: str) -> Decision:
    """VAL-QTC-ECGS: several values of one instant under a limit on several ECGs: the protocol
    reads their mean if they are a triplicate, and one ECG's QTc (in question) if they are one
    tracing read more than once; the records do not say which, so that is asked."""
    at = instant.strftime("%Y-%m-%d %H:%M")
    values = _values(day)
    return Decision(
        UNKNOWN,
        f"QTcs recorded at one time, {at} ({values}): several ECGs or one ECG read more than "
        f"once; {requirement}",
        distinct([ref for q in day for ref in q.evidence]),
        f"Confirm whether the QTcs recorded at {at} ({values}) are several ECGs or one ECG read "
        "more than once",
    )


def _values(day: tuple[QTc, ...]) -> str:
    return ", ".join(dict.fromkeys(_shown(q) for q in day))


def _series(day: tuple[QTc, ...]) -> list[int] | None:
    """The day's ECGs (the position in `day` of each one's first record) when they are one
    series: each ECG's records give one readable value (no bound, not a cart's line by two
    formulas, VAL-QTC-FORMULAS), all by one formula. Records of one instant are one ECG (a
    result filed twice). A record with its day only is the ECG of the day with its value, when
    there is one (it cannot be told from that ECG filed again), else an ECG of its own. None
    when they are no series."""
    by_ecg: dict[object, int] = {}
    for position, qtc in enumerate(day):
        if qtc.milliseconds is None or qtc.comparator is not None:
            return None
        ecg = qtc.taken_at if qtc.taken_at is not None else qtc.evidence
        kept = day[by_ecg.setdefault(ecg, position)]
        if (kept.milliseconds, kept.formula) != (qtc.milliseconds, qtc.formula):
            return None  # one ECG, two values: which is its QTc is not said
    if len({day[position].formula for position in by_ecg.values()}) != 1:
        return None
    ecgs: list[int] = []
    # The timed ECGs first, whatever the records' order: a record with its day only joins one.
    for position in sorted(by_ecg.values(), key=lambda p: day[p].taken_at is None):
        qtc = day[position]
        if qtc.taken_at is None and any(
            day[other].milliseconds == qtc.milliseconds for other in ecgs
        ):
            continue
        ecgs.append(position)
    return ecgs


def _mean_of(day: tuple[QTc, ...]) -> tuple[QTc, int] | None:
    """The mean of the newest day's three or more ECGs (a triplicate) and their number, else
    None."""
    series = _series(day)
    if series is None or len(series) < 3:
        return None
    values = [ms for position in series if (ms := day[position].milliseconds) is not None]
    mean = day[0].model_copy(
        update={
            "milliseconds": sum(values) / len(values),
            "evidence": distinct([ref for q in day for ref in q.evidence]),
        }
    )
    return mean, len(series)


def _shown(qtc: QTc) -> str:
    """A QTc as the reasons quote it: "452 ms", "452 ms Bazett", "> 470 ms", or the
    unreadable text."""
    if qtc.milliseconds is None:
        return f"'{qtc.unreadable}'"
    formula = f" {qtc.formula}" if qtc.formula else ""
    bound = f"{COMPARATOR_SYMBOLS[qtc.comparator]} " if qtc.comparator else ""
    # A mean is shown to the tenth of a millisecond; it is compared as it is.
    return f"{bound}{number(round(qtc.milliseconds, 1))} ms{formula}"


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
