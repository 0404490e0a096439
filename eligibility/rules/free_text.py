"""The free-text rule: protocol text not turned into structure is never decided automatically;
it is always unknown and flagged for a person to check against the record."""

from __future__ import annotations

from eligibility.criteria import FreeTextCriterion
from eligibility.facts import PatientFacts
from eligibility.rules.decision import UNKNOWN, Decision, LeafRule
from eligibility.taxonomy import CancerTaxonomy


def compile_free_text(c: FreeTextCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    review = Decision(
        UNKNOWN,
        "Not evaluated automatically: check against the record",
        (),
        f"Review: {c.text}",
        True,
    )

    def evaluate(facts: PatientFacts) -> Decision:
        return review

    return evaluate
