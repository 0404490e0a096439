"""The comorbidity rule: the patient must NOT have an active condition at or above a grade.

Absence from the record is met: otherwise no exclusion could ever be met. What a recorded,
ungraded, unconfirmed or drug-implied condition decides is rules CMB-CODES and CMB-MEDS
(docs/clinical-rules.md).
"""

from __future__ import annotations

from eligibility.criteria import ComorbidityCriterion
from eligibility.facts import ComorbidityFact, PatientFacts
from eligibility.phrasing import COMORBIDITY_LABELS, on
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import Comorbidity


def _sentence(text: str) -> str:
    # str.capitalize() would lower-case the rest ("Hiv infection").
    return text[:1].upper() + text[1:]


def compile_comorbidity(c: ComorbidityCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    condition, min_grade = c.condition, c.min_grade
    name = COMORBIDITY_LABELS[condition]
    excludes = f"grade ≥ {min_grade} {name}" if min_grade > 1 else f"any {name}"
    requirement = f"trial excludes {excludes}"
    none_active = Decision(MET, f"No active {name} recorded; {requirement}")
    # CMB-GRADE-OWNER: a NYHA class grades the heart's function, never an arrhythmia.
    scale = "CTCAE grade" if condition is Comorbidity.ARRHYTHMIA else "CTCAE grade or NYHA class"

    def evaluate(facts: PatientFacts) -> Decision:
        present = [f for f in facts.comorbidities if f.kind is condition and f.active]
        if not present:
            return none_active
        confirmed = [f for f in present if f.confirmed]
        evidence = distinct([ref for f in confirmed for ref in f.evidence])
        # CMB-CODES: a least grade below the criterion's says nothing of the grade.
        graded = [
            f
            for f in confirmed
            if f.grade is not None and not (f.grade_at_least and f.grade < min_grade)
        ]
        worst = max(graded, key=lambda f: f.grade or 0, default=None)
        if worst is not None and worst.grade is not None and worst.grade >= min_grade:
            at_least = "≥ " if worst.grade_at_least else ""
            return Decision(
                NOT_MET,
                f"Grade {at_least}{worst.grade} {name} recorded{on(worst.onset)}; {requirement}",
                evidence,
            )
        if len(graded) < len(confirmed):
            if min_grade <= 1:
                return Decision(NOT_MET, f"{_sentence(name)} recorded; {requirement}", evidence)
            return Decision(
                UNKNOWN,
                f"{_sentence(name)} recorded without a grade; {requirement}",
                evidence,
                f"Record the grade of the {name} ({scale})",
            )
        # A drug only this condition explains adds nothing once the condition is recorded
        # with its grade (CMB-MEDS); an unconfirmed diagnosis still might (CMB-CODES).
        possible = [
            f
            for f in present
            if not f.confirmed
            and (f.grade is None or f.grade >= min_grade or f.grade_at_least)
            and not (confirmed and f.implied_by)
        ]
        if possible:
            return _possible(possible, name, requirement)
        if worst is None:
            return Decision(MET, f"No {name} confirmed; {requirement}", ())
        return Decision(MET, f"Grade {worst.grade} {name} recorded; {requirement}", evidence)

    return evaluate


def _possible(possible: list[ComorbidityFact], name: str, requirement: str) -> Decision:
    evidence = distinct([ref for f in possible for ref in f.evidence])
    drugs = sorted({f.implied_by for f in possible if f.implied_by})
    if drugs and len(drugs) == len(possible):
        return Decision(
            UNKNOWN,
            f"{_sentence(' and '.join(drugs))} recorded, a drug given for {name}, with no "
            f"{name} diagnosis; {requirement}",
            evidence,
            f"Record whether the patient has {name} (why {' and '.join(drugs)} is given) "
            "and its grade",
        )
    # CMB-CODES, CMB-SIGNS: a provisional or differential diagnosis, or a finding that
    # suggests the disease without naming it (高血压性心脏病, LVEF 45%): its words say which.
    texts = "; ".join(dict.fromkeys(f.text for f in possible if f.text))
    said = f" ({texts})" if texts else ""
    return Decision(
        UNKNOWN,
        f"{_sentence(name)} possible, not confirmed{said}; {requirement}",
        evidence,
        f"Confirm or refute the {name} diagnosis, with its grade",
    )
