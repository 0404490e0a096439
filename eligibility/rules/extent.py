"""Rules on the extent of the disease: which extents a trial allows (locally advanced,
unresectable, recurrent, metastatic), and measurable disease.

Rules EXT-EXTENT and EXT-MEASURABLE in docs/clinical-rules.md. An extent the record does not
state is unknown, never absent: a chart rarely says "resectable", and a recurrence may be
recorded only in a letter. An extent decides `not met` only when every allowed extent is known
not to hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from eligibility.criteria import DiseaseExtent, DiseaseExtentCriterion, MeasurableDiseaseCriterion
from eligibility.facts import DISOWNED_VERIFICATION, RECURRED_STATUS, Evidence, PatientFacts
from eligibility.phrasing import EXTENT_LABELS, either
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.rules.disease import each_cancer_alike, metastatic_status, scope_test
from eligibility.taxonomy import CancerTaxonomy

# What to record to settle each extent, for the hint of an unknown answer.
_TO_RECORD: dict[DiseaseExtent, str] = {
    "locally_advanced": "whether the disease is locally advanced",
    "unresectable": "whether the tumour is resectable (surgical assessment)",
    "recurrent": "a recurrence (the cancer Condition's clinicalStatus: recurrence)",
    "metastatic": "the M category or the sites of distant metastasis",
}


@dataclass(frozen=True, slots=True)
class _Known:
    """What the record says of one extent: True / False / None (not said), and why."""

    value: bool | None
    reason: str
    evidence: Evidence = ()


def _recurrent(facts: PatientFacts, in_scope: Callable[[str | None], bool]) -> _Known:
    for diagnosis in facts.diagnoses:
        if (
            diagnosis.clinical_status in RECURRED_STATUS
            and diagnosis.verification_status not in DISOWNED_VERIFICATION
            and in_scope(diagnosis.cancer_type)
        ):
            return _Known(True, f"{diagnosis.clinical_status} recorded", diagnosis.evidence)
    said = facts.extent.recurrent
    if said is not None:
        return _Known(said, "recurrent" if said else "not recurrent", facts.extent.evidence)
    return _Known(None, "recurrence not recorded")


def _said(value: bool | None, extent: DiseaseExtent, evidence: Evidence) -> _Known:
    label = EXTENT_LABELS[extent]
    if value is None:
        return _Known(None, f"whether {label} not recorded")
    return _Known(value, label if value else f"not {label}", evidence)


def _known(
    extent: DiseaseExtent, facts: PatientFacts, in_scope: Callable[[str | None], bool]
) -> _Known:
    if extent == "metastatic":
        status = metastatic_status(facts, in_scope)
        state = {True: "metastatic", False: "not metastatic", None: "metastatic status unknown"}
        return _Known(status.value, f"{state[status.value]} ({status.reason})", status.evidence)
    if extent == "recurrent":
        return _recurrent(facts, in_scope)
    if extent == "locally_advanced":
        return _said(facts.extent.locally_advanced, extent, facts.extent.evidence)
    return _said(facts.extent.unresectable, extent, facts.extent.evidence)


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}"


def _requirement(allowed: tuple[DiseaseExtent, ...]) -> str:
    return f"trial requires {either(EXTENT_LABELS[extent] for extent in allowed)} disease"


def compile_disease_extent(c: DiseaseExtentCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    """Met when the record shows one allowed extent; not met only when it shows every allowed
    extent absent; otherwise unknown, naming what to record."""
    in_scope = scope_test(c.id, c.of_cancer, taxonomy)
    allowed = c.allowed
    requirement = _requirement(allowed)

    def for_scope(facts: PatientFacts, scope: Callable[[str | None], bool]) -> Decision:
        known = [(extent, _known(extent, facts, scope)) for extent in allowed]
        holding = [k for _, k in known if k.value is True]
        if holding:
            return Decision(
                MET,
                f"{_sentence(holding[0].reason)}; {requirement}",
                distinct(holding[0].evidence),
            )
        # What the record says first, then what it does not.
        reasons = "; ".join(k.reason for _, k in sorted(known, key=lambda e: e[1].value is None))
        evidence = distinct(ref for _, k in known for ref in k.evidence)
        if all(k.value is False for _, k in known):
            return Decision(NOT_MET, f"{_sentence(reasons)}; {requirement}", evidence)
        open_ = [_TO_RECORD[extent] for extent, k in known if k.value is None]
        return Decision(
            UNKNOWN,
            f"{_sentence(reasons)}; {requirement}",
            evidence,
            "Record " + " or ".join(open_),
        )

    if c.of_cancer:
        return lambda facts: for_scope(facts, in_scope)
    return each_cancer_alike(c.id, for_scope, requirement, taxonomy)


def _same_standard(wanted: str, recorded: str) -> bool:
    def folded(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum()).replace("v11", "11")

    return folded(wanted) == folded(recorded)


def compile_measurable_disease(c: MeasurableDiseaseCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    """EXT-MEASURABLE: the latest assessment decides; not recorded is unknown (it rarely is)."""
    standard = c.standard
    by = f" ({standard})" if standard else ""
    requirement = f"trial requires measurable disease{by}"
    not_recorded = Decision(
        UNKNOWN,
        f"Measurable disease not recorded; {requirement}",
        (),
        f"Record whether the latest imaging shows a measurable lesion{by}",
    )

    def evaluate(facts: PatientFacts) -> Decision:
        found = facts.measurable_disease
        if found.measurable is None:
            return not_recorded
        when = f" on {found.date.isoformat()}" if found.date is not None else ""
        recorded_by = f" ({found.standard})" if found.standard else ""
        state = "Measurable disease" if found.measurable else "No measurable disease"
        reason = f"{state}{recorded_by} recorded{when}; {requirement}"
        evidence = distinct(found.evidence)
        if standard and found.standard and not _same_standard(standard, found.standard):
            return Decision(
                UNKNOWN,
                f"{reason}, by other response criteria",
                evidence,
                f"Record whether the latest imaging shows a measurable lesion{by}",
            )
        return Decision(MET if found.measurable else NOT_MET, reason, evidence)

    return evaluate
