"""Cardiac conditions a current drug implies when only they explain it (rule CMB-MEDS).

A patient on amiodarone has an arrhythmia whether or not the problem list says so; the fact
is `confirmed=False` and ungraded, so an exclusion becomes unknown rather than met. The drug
table is `data/comorbidity_drugs.csv`; the agents are recognised by `therapy` like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from eligibility.facts import ComorbidityFact, TherapyExposure
from eligibility.vocabulary import Comorbidity
from fhir_mapping.comorbidities import affirmed
from fhir_mapping.elements import coded_all
from fhir_mapping.parsing import Parsed
from fhir_mapping.terminology import (
    cardiac_sign_table,
    comorbidity_drug_table,
    comorbidity_table,
)

# A drug stopped longer ago than this says the condition was treated once, not that it is
# current (CMB-MEDS).
RECENT_DAYS = 90
_CURRENT_STATUS = frozenset({"active", "on-hold"})


def read_drug_comorbidities(
    exposures: Iterable[TherapyExposure],
    medication_records: list[tuple[str, Parsed]],
    conditions: Iterable[ComorbidityFact],
    as_of: date,
) -> tuple[ComorbidityFact, ...]:
    table = comorbidity_drug_table()
    cardiac = [e for e in exposures if e.agent in table and _current(e, as_of)]
    if not cardiac:
        return ()
    records = {record.reference: record.model for _, record in medication_records}
    recorded = {ref for fact in conditions for ref in fact.evidence}
    facts: dict[tuple[str, Comorbidity], ComorbidityFact] = {}
    for exposure in cardiac:
        kinds = {Comorbidity(c) for c in table[exposure.agent]}
        for reference in exposure.evidence:
            model = records.get(reference)
            if model is not None:
                kinds = _explained(kinds, model, recorded)
        for kind in kinds:
            key = (exposure.agent, kind)
            known = facts.get(key)
            evidence = (*known.evidence, *exposure.evidence) if known else exposure.evidence
            facts[key] = ComorbidityFact(
                evidence=tuple(dict.fromkeys(evidence)),
                kind=kind,
                onset=exposure.start,
                text=exposure.agent,
                confirmed=False,
                implied_by=exposure.agent,
            )
    return tuple(facts.values())


def _current(exposure: TherapyExposure, as_of: date) -> bool:
    if exposure.status in _CURRENT_STATUS:
        return True
    last = exposure.end or exposure.start
    return last is not None and last >= as_of - timedelta(days=RECENT_DAYS)


# The comorbidities a cardiac drug can imply; a reason naming one of them is the patient's.
_CARDIAC = frozenset(
    {Comorbidity.CORONARY_HEART_DISEASE, Comorbidity.ARRHYTHMIA, Comorbidity.HEART_FAILURE}
)


def _explained(kinds: set[Comorbidity], model: Any, recorded: set[str]) -> set[Comorbidity]:
    """The kinds the record's own reason leaves open. A reason naming another condition
    (metoprolol for hypertension) explains the drug; a reason that is one of the recorded
    cardiac Conditions leaves the deciding to that Condition. A reason naming cardiac diseases
    is every one it names (缺血性心肌病: coronary disease and heart failure), the drug's own
    kinds too when it names none of them (CMB-MEDS)."""
    reason_codes = getattr(model, "reasonCode", None) or ()
    references = [
        ref.reference
        for ref in getattr(model, "reasonReference", None) or ()
        if isinstance(ref.reference, str)
    ]
    if not reason_codes and not references:
        return kinds
    if any(local_reference(ref) in recorded for ref in references):
        return set()
    # CMB-WORDS: a reason's denied words name nothing ("palpitations, no AF").
    reasons, _ = affirmed(coded_all(reason_codes))
    named = {
        Comorbidity(c)
        for table in (comorbidity_table(), cardiac_sign_table())
        for c in table.every_concept(reasons, nested=True)
    } & _CARDIAC
    if not named:
        return set()
    return named if named & kinds else named | kinds


def local_reference(reference: str) -> str:
    """`Condition/<id>` for a relative or absolute reference."""
    parts = reference.split("/_history/")[0].rstrip("/").split("/")
    return "/".join(parts[-2:])
