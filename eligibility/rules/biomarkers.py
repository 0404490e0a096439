"""The biomarker rule: the latest result of a named marker, positive/negative and/or within a
numeric range. Names match case- and punctuation-insensitively ("PD-L1" is "pdl1")."""

from __future__ import annotations

import re

from eligibility import logic
from eligibility.criteria import BiomarkerCriterion
from eligibility.facts import PatientFacts
from eligibility.phrasing import bounds, number, on
from eligibility.results import CriterionStatus
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.taxonomy import CancerTaxonomy


def _normalise_marker(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def compile_biomarker(c: BiomarkerCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    wanted = _normalise_marker(c.name)
    result, min_value, max_value, unit = c.result, c.min_value, c.max_value, c.unit
    ranged = min_value is not None or max_value is not None
    parts: list[str] = [result] if result else []
    if ranged:
        parts.append(bounds(min_value, max_value, unit=unit or ""))
    requirement = f"trial requires {c.name} {' and '.join(parts)}"
    no_result = Decision(
        UNKNOWN, f"No {c.name} result recorded; {requirement}", (), f"Record the {c.name} result"
    )
    to_settle = f"Record the {c.name} result stating the value needed"

    def evaluate(facts: PatientFacts) -> Decision:
        results = [b for b in facts.biomarkers if _normalise_marker(b.name) == wanted]
        if not results:
            return no_result
        marker = max(results, key=lambda b: b.date.toordinal() if b.date else 0)
        statuses: list[CriterionStatus] = []
        if result is not None:
            if marker.positive is None:
                statuses.append(UNKNOWN)
            else:
                statuses.append(MET if marker.positive == (result == "positive") else NOT_MET)
        if ranged:
            if marker.value_number is None or (unit and marker.unit and unit != marker.unit):
                statuses.append(UNKNOWN)
            else:
                low_ok = min_value is None or marker.value_number >= min_value
                high_ok = max_value is None or marker.value_number <= max_value
                statuses.append(MET if low_ok and high_ok else NOT_MET)
        shown = marker.value_text or (
            number(marker.value_number) + (f" {marker.unit}" if marker.unit else "")
            if marker.value_number is not None
            else (
                "positive" if marker.positive else "negative" if marker.positive is False else "?"
            )
        )
        return Decision(
            logic.all_of(statuses),
            f"{marker.name} {shown}{on(marker.date)}; {requirement}",
            distinct(marker.evidence),
            to_settle,
        )

    return evaluate
