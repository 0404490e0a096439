"""Rules on the disease itself: the primary cancer's type, its stage, and metastatic status.

Something the patient must have (a diagnosis, a stage) that the record lacks is unknown, never
not met: the EHR may simply not hold it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from eligibility.criteria import CancerTypeCriterion, MetastaticCriterion, StageCriterion
from eligibility.facts import DISOWNED_VERIFICATION, CancerDiagnosis, Evidence, PatientFacts, Stage
from eligibility.patient_index import PerFacts
from eligibility.phrasing import edition, join, on
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.taxonomy import CancerTaxonomy

# --- cancer type -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Placement:
    """A patient's cancer diagnoses placed on one taxonomy: the same for every cancer-type rule
    (a catalog has hundreds), so worked out once per patient (see `_placement`)."""

    placed: tuple[tuple[CancerDiagnosis, tuple[str, ...], str], ...]  # with lineage and label
    placed_evidence: Evidence
    unplaced: str  # the texts of diagnoses the taxonomy could not place, joined; "" if none
    unplaced_evidence: Evidence
    unplaced_within: tuple[str | None, ...]  # per unplaced diagnosis: the node certain to hold it


def _place(diagnoses: Iterable[CancerDiagnosis], taxonomy: CancerTaxonomy) -> _Placement:
    placed: list[tuple[CancerDiagnosis, tuple[str, ...], str]] = []
    unplaced: list[CancerDiagnosis] = []
    for diagnosis in diagnoses:
        if diagnosis.verification_status in DISOWNED_VERIFICATION:
            continue
        if diagnosis.cancer_type is None or diagnosis.cancer_type not in taxonomy:
            unplaced.append(diagnosis)
        else:
            lineage = taxonomy.ancestors(diagnosis.cancer_type)
            placed.append((diagnosis, lineage, taxonomy.label(lineage[0])))
    return _Placement(
        tuple(placed),
        distinct(ref for d, _, _ in placed for ref in d.evidence),
        join(d.text or "unnamed cancer" for d in unplaced),
        distinct(ref for d in unplaced for ref in d.evidence),
        tuple(d.within if d.within in taxonomy else None for d in unplaced),
    )


# Per patient, per taxonomy (one in practice): a dict filled on first use. Racing threads
# would both compute the same placement; either result may be kept.
_placements: PerFacts[dict[CancerTaxonomy, _Placement]] = PerFacts(lambda facts: {})


def _placement(facts: PatientFacts, taxonomy: CancerTaxonomy) -> _Placement:
    by_taxonomy = _placements(facts)
    placement = by_taxonomy.get(taxonomy)
    if placement is None:
        placement = by_taxonomy[taxonomy] = _place(facts.diagnoses, taxonomy)
    return placement


def compile_cancer_type(c: CancerTypeCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    c.check_nodes(taxonomy)
    allowed = frozenset(c.allowed)
    excluded = frozenset(c.excluded)
    wanted = join(taxonomy.label(n) for n in c.allowed) or "any cancer type"
    unwanted = join(taxonomy.label(n) for n in c.excluded)
    requirement = f"trial requires {wanted}" + (f", excluding {unwanted}" if unwanted else "")
    no_diagnosis = f"No primary cancer diagnosis recorded; {requirement}"

    def evaluate(facts: PatientFacts) -> Decision:
        placement = _placement(facts, taxonomy)
        rejected: list[str] = []
        for diagnosis, lineage, name in placement.placed:
            if allowed and allowed.isdisjoint(lineage):
                rejected.append(name)
            elif not excluded.isdisjoint(lineage):
                rejected.append(f"{name} (excluded)")
            else:
                return Decision(
                    MET,
                    f"{name} recorded{on(diagnosis.onset)}; {requirement}",
                    distinct(diagnosis.evidence),
                )
        if (
            placement.unplaced
            and allowed
            and all(
                within is not None
                and allowed.isdisjoint(taxonomy.ancestors(within))
                and allowed.isdisjoint(taxonomy.descendants(within))
                for within in placement.unplaced_within
            )
        ):
            # DX-PLACE: "head and neck, site unspecified" cannot be a breast cancer.
            rejected += [taxonomy.label(w) for w in placement.unplaced_within if w is not None]
            return Decision(
                NOT_MET,
                f"{join(rejected)} recorded; {requirement}",
                distinct(placement.placed_evidence + placement.unplaced_evidence),
            )
        if placement.unplaced or not placement.placed:
            # No placed diagnosis fits, but an unplaced one might: the coordinator decides.
            if placement.unplaced:
                reason = f"Cancer diagnosis not recognised ({placement.unplaced}); {requirement}"
            else:
                reason = no_diagnosis
            if rejected:
                reason = f"{join(rejected)} recorded, and {reason[0].lower()}{reason[1:]}"
            return Decision(
                UNKNOWN,
                reason,
                placement.unplaced_evidence,
                "Record the primary cancer diagnosis with an ICD-10-CM, ICD-O-3 or SNOMED CT code",
            )
        return Decision(
            NOT_MET, f"{join(rejected)} recorded; {requirement}", placement.placed_evidence
        )

    return evaluate


# --- stage ---------------------------------------------------------------------------------------

_M_PREFIX = re.compile(r"^(?:y?[cpra]?)(M.*)$", re.IGNORECASE)


def _m_category(stage: Stage) -> str | None:
    """'cM1a' -> 'M1A'; None when no usable M category (missing or MX)."""
    if stage.m is None:
        return None
    match = _M_PREFIX.match(stage.m.strip())
    if match is None:
        return None
    category = match.group(1).upper()
    return None if category.startswith("MX") else category


def _group(value: str) -> str:
    return value.strip().upper().removeprefix("STAGE").strip()


def _describe_stage(stage: Stage) -> str:
    tnm = " ".join(part for part in (stage.t, stage.n, stage.m) if part)
    parts = [tnm] if tnm else []
    if stage.group:
        parts.append(f"stage {_group(stage.group)}")
    text = ", ".join(parts) or (stage.text or "stage")
    details = [d for d in (edition(stage.edition), stage.kind.value) if d and d != "unspecified"]
    if details:
        text += f" ({', '.join(details)})"
    return text + on(stage.date)


def _editions_differ(criterion: StageCriterion, stage: Stage) -> bool:
    return (
        criterion.edition is not None
        and stage.edition is not None
        and criterion.edition.strip() != stage.edition.strip()
    )


def compile_stage(c: StageCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    groups = frozenset(_group(g) for g in c.stage_groups)
    required = tuple(m.upper() for m in c.m_categories)
    protocol = ", ".join(
        part
        for part in (
            " or ".join(c.m_categories),
            ("stage " + " or ".join(c.stage_groups)) if c.stage_groups else "",
            edition(c.edition) or "",
        )
        if part
    )
    requirement = f"trial requires {protocol}"
    no_stage = Decision(
        UNKNOWN,
        f"No stage recorded; {requirement}",
        (),
        "Record the current TNM stage, at least the M category",
    )

    def evaluate(facts: PatientFacts) -> Decision:
        if required:
            with_m = next((s for s in facts.stages if _m_category(s) is not None), None)
            if with_m is not None:
                category = _m_category(with_m)
                assert category is not None
                status = MET if category.startswith(required) else NOT_MET
                note = ""
                if status is MET and _editions_differ(c, with_m):
                    note = "; the M category decides, as stage groups differ between editions"
                return Decision(
                    status,
                    f"{_describe_stage(with_m)}; {requirement}{note}",
                    distinct(with_m.evidence),
                )
        with_group = next((s for s in facts.stages if s.group), None)
        if with_group is None:
            return no_stage
        assert with_group.group is not None
        described = _describe_stage(with_group)
        evidence = distinct(with_group.evidence)
        if _editions_differ(c, with_group):
            return Decision(
                UNKNOWN,
                f"{described}; {requirement}, and stage groups differ between editions",
                evidence,
                "Record the M category"
                if required
                else f"Restage under the {edition(c.edition)} or record the TNM categories",
            )
        if _group(with_group.group) in groups:
            return Decision(MET, f"{described}; {requirement}", evidence)
        if required:
            # A group outside the list does not rule M1 out (e.g. AJCC 9th NPC IVA is M1a).
            return Decision(
                UNKNOWN,
                f"{described} without an M category; {requirement}",
                evidence,
                "Record the M category of the current stage",
            )
        return Decision(NOT_MET, f"{described}; {requirement}", evidence)

    return evaluate


# --- metastatic ----------------------------------------------------------------------------------


def compile_metastatic(c: MetastaticCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    required = c.required
    wanted = "metastatic disease required" if required else "metastatic disease excluded"

    def evaluate(facts: PatientFacts) -> Decision:
        status = facts.metastatic
        if status.value is None:
            return Decision(
                UNKNOWN,
                f"Metastatic status unknown ({status.reason}); {wanted}",
                distinct(status.evidence),
                "Record the M category or the sites of distant metastasis",
            )
        state = "Metastatic" if status.value else "Not metastatic"
        outcome = MET if status.value == required else NOT_MET
        return Decision(outcome, f"{state} ({status.reason}); {wanted}", distinct(status.evidence))

    return evaluate
