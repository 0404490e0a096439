"""The comorbidity rule: the patient must NOT have an active condition at or above a grade.

Absence from the record is met ("No active heart failure recorded"): otherwise no exclusion
could ever be met. A condition recorded without a grade excludes when any grade does, and is
unknown when only higher grades do.
"""

from __future__ import annotations

from eligibility.criteria import ComorbidityCriterion
from eligibility.facts import PatientFacts
from eligibility.phrasing import COMORBIDITY_LABELS, on
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.taxonomy import CancerTaxonomy


def _sentence(text: str) -> str:
    # str.capitalize() would lower-case the rest ("Hiv infection").
    return text[:1].upper() + text[1:]


def compile_comorbidity(c: ComorbidityCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    condition, min_grade = c.condition, c.min_grade
    name = COMORBIDITY_LABELS[condition]
    excludes = f"grade ≥ {min_grade} {name}" if min_grade > 1 else f"any {name}"
    requirement = f"trial excludes {excludes}"
    none_active = Decision(MET, f"No active {name} recorded; {requirement}")

    def evaluate(facts: PatientFacts) -> Decision:
        present = [f for f in facts.comorbidities if f.kind is condition and f.active]
        if not present:
            return none_active
        evidence = distinct([ref for f in present for ref in f.evidence])
        graded = [f for f in present if f.grade is not None]
        worst = max(graded, key=lambda f: f.grade or 0, default=None)
        if worst is not None and worst.grade is not None and worst.grade >= min_grade:
            return Decision(
                NOT_MET,
                f"Grade {worst.grade} {name} recorded{on(worst.onset)}; {requirement}",
                evidence,
            )
        if len(graded) < len(present):
            if min_grade <= 1:
                return Decision(NOT_MET, f"{_sentence(name)} recorded; {requirement}", evidence)
            return Decision(
                UNKNOWN,
                f"{_sentence(name)} recorded without a grade; {requirement}",
                evidence,
                f"Record the grade of the {name} (CTCAE grade or NYHA class)",
            )
        assert worst is not None
        return Decision(MET, f"Grade {worst.grade} {name} recorded; {requirement}", evidence)

    return evaluate
