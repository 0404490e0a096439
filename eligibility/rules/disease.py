"""Rules on the disease itself: the primary cancer's type, its stage, and metastatic status.

Something the patient must have (a diagnosis, a stage) that the record lacks is unknown, never
not met: the EHR may simply not hold it. Rules DX-PLACE (unplaced cancers), STG-OWNER (a stage
or metastasis decides only for its own cancer) and STG-EDITION (what a group means) in
docs/clinical-rules.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from eligibility.criteria import CancerTypeCriterion, MetastaticCriterion, StageCriterion
from eligibility.errors import UnknownTaxonomyNodeError
from eligibility.facts import (
    DISOWNED_VERIFICATION,
    UNCONFIRMED_VERIFICATION,
    CancerDiagnosis,
    Evidence,
    MetastaticStatus,
    PatientFacts,
    Stage,
)
from eligibility.patient_index import PerFacts
from eligibility.phrasing import edition, join, on
from eligibility.rules.decision import (
    MET,
    NOT_MET,
    UNKNOWN,
    Decision,
    LeafRule,
    alike_or_ask,
    distinct,
)
from eligibility.stage_groups import implied_m
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
    # Per unplaced diagnosis: the cancers its histology may be (empty: any; "腺癌" no NPC).
    unplaced_histology: tuple[tuple[str, ...], ...] = ()
    unplaced_texts: tuple[str | None, ...] = ()  # per unplaced diagnosis: its words


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
        tuple(tuple(g for g in d.histology_may_be if g in taxonomy) for d in unplaced),
        tuple(d.text for d in unplaced),
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
        unconfirmed: list[tuple[CancerDiagnosis, str]] = []
        for diagnosis, lineage, name in placement.placed:
            if allowed and allowed.isdisjoint(lineage):
                rejected.append(name)
            elif not excluded.isdisjoint(lineage):
                rejected.append(f"{name} (excluded)")
            elif diagnosis.verification_status in UNCONFIRMED_VERIFICATION:
                unconfirmed.append((diagnosis, name))  # DX-WORDS: suspected, not yet a diagnosis
            else:
                return Decision(
                    MET,
                    f"{name} recorded{on(diagnosis.onset)}; {requirement}",
                    distinct(diagnosis.evidence),
                )
        if unconfirmed:
            return _not_yet_confirmed(unconfirmed, requirement)
        if (
            placement.unplaced
            and allowed
            and all(
                _cannot_be(allowed, within, histology, taxonomy)
                for within, histology in zip(
                    placement.unplaced_within, placement.unplaced_histology, strict=True
                )
            )
        ):
            # DX-PLACE: "head and neck, site unspecified" cannot be a breast cancer, nor an
            # adenocarcinoma ("腺癌") a nasopharyngeal carcinoma.
            rejected += [
                taxonomy.label(w) + (f" ({text})" if histology and text else "")
                if w is not None
                else text or "unnamed cancer"
                for w, histology, text in zip(
                    placement.unplaced_within,
                    placement.unplaced_histology,
                    placement.unplaced_texts,
                    strict=True,
                )
            ]
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


def _cannot_be(
    allowed: frozenset[str],
    within: str | None,
    histology: tuple[str, ...],
    taxonomy: CancerTaxonomy,
) -> bool:
    """DX-PLACE: a cancer not placed is none of `allowed`: its node (`within`) holds none of
    them, or its histology is none of theirs (`CancerDiagnosis.histology_may_be`)."""
    if (
        within is not None
        and allowed.isdisjoint(taxonomy.ancestors(within))
        and allowed.isdisjoint(taxonomy.descendants(within))
    ):
        return True
    return bool(histology) and not any(taxonomy.related(a, g) for a in allowed for g in histology)


def _not_yet_confirmed(
    unconfirmed: list[tuple[CancerDiagnosis, str]], requirement: str
) -> Decision:
    """DX-WORDS: the trial's cancer recorded as suspected or still to be ruled out."""
    names = join(dict.fromkeys(name for _, name in unconfirmed))
    words = join(dict.fromkeys(f'"{d.text}"' for d, _ in unconfirmed if d.text))
    recorded = f"{names} recorded as not yet confirmed" + (f" ({words})" if words else "")
    to_record = f"Confirm the diagnosis of {names} (histology), or record it as refuted"
    reports = sorted(
        {found for d, _ in unconfirmed if (found := d.pathology_not_confirming) is not None}
    )
    if reports:
        # DX-WORDS: a biopsy since the suspicion did not find it; one negative biopsy does not
        # rule it out (sampling error), the repeat biopsy or the clinician's refutation does.
        day = reports[-1][0].isoformat()
        recorded += f"; the pathology report of {day} does not confirm it"
        to_record = (
            f"The pathology report of {day} does not confirm {names}: record the result of "
            f"a repeat biopsy (or of the pathology still pending), or record {names} as refuted"
        )
    return Decision(
        UNKNOWN,
        f"{recorded}; {requirement}",
        distinct([ref for d, _ in unconfirmed for ref in d.evidence] + [ref for _, ref in reports]),
        to_record,
    )


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


@dataclass(frozen=True, slots=True)
class _Owned:
    """STG-OWNER: a patient's stages split by whether they stage the criterion's cancer."""

    relevant: tuple[tuple[Stage, str | None], ...]  # with the cancer type each stages
    unlinked: tuple[tuple[Stage, str | None], ...]  # linked to no cancer, other cancers present


def scope_test(
    criterion_id: str, of_cancer: tuple[str, ...], taxonomy: CancerTaxonomy
) -> Callable[[str | None], bool]:
    for node_id in of_cancer:
        if node_id not in taxonomy:
            raise UnknownTaxonomyNodeError(node_id, where=f"criterion {criterion_id}")
    scope = frozenset(of_cancer)

    def in_scope(cancer_type: str | None) -> bool:
        # An unplaced cancer may be the trial's: its cancer-type criterion asks.
        if not scope or cancer_type is None or cancer_type not in taxonomy:
            return True
        return not scope.isdisjoint(taxonomy.ancestors(cancer_type))

    return in_scope


def diagnosis_types(facts: PatientFacts) -> dict[str, str | None]:
    return {
        d.evidence[0]: d.cancer_type
        for d in facts.diagnoses
        if d.evidence and d.verification_status not in DISOWNED_VERIFICATION
    }


def _owned(facts: PatientFacts, in_scope: Callable[[str | None], bool]) -> _Owned:
    types = diagnosis_types(facts)
    placed = {t for d in facts.diagnoses if (t := d.cancer_type) is not None}
    only_type = next(iter(placed)) if len(placed) == 1 else None
    all_in_scope = all(in_scope(t) for t in placed)
    # One cancer only (not the criterion's): an unlinked stage is that cancer's, and irrelevant.
    elsewhere = not all_in_scope and only_type is not None and all(types.values())
    relevant: list[tuple[Stage, str | None]] = []
    unlinked: list[tuple[Stage, str | None]] = []
    for stage in facts.stages:
        if stage.diagnosis is None:
            if all_in_scope:
                relevant.append((stage, only_type))
            elif not elsewhere:
                unlinked.append((stage, None))
        elif stage.diagnosis in types and in_scope(types[stage.diagnosis]):
            relevant.append((stage, types[stage.diagnosis]))
    return _Owned(tuple(relevant), tuple(unlinked))


def _m_of(stage: Stage, cancer_type: str | None, taxonomy: CancerTaxonomy) -> str | None:
    """STG-EDITION: the recorded M category, else the one the group means for the cancer
    under the stage's edition."""
    category = _m_category(stage)
    if category is not None:
        return category
    if stage.group:
        implied = implied_m(stage.group, cancer_type, stage.edition, taxonomy)
        return implied.upper() if implied else None
    return None


def compile_stage(c: StageCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    in_scope = scope_test(c.id, c.of_cancer, taxonomy)
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

    def decide(stages: Sequence[tuple[Stage, str | None]]) -> Decision:
        by_m = _decide_by_m(c, stages, requirement, taxonomy) if required else None
        if by_m is not None:
            return by_m
        with_group = next((s for s, _ in stages if s.group), None)
        if with_group is None:
            # A stage of T and N only: said, rather than "no stage recorded".
            return (
                Decision(
                    UNKNOWN,
                    f"{_describe_stage(stages[0][0])}, no M category recorded; {requirement}",
                    distinct(stages[0][0].evidence),
                    "Record the M category of the current stage",
                )
                if stages
                else no_stage
            )
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
            # A group whose M is not known (NPC IVA without edition: M0 in the 8th, M1a in the
            # 9th) decides nothing.
            return Decision(
                UNKNOWN,
                f"{described} without an M category or an edition that gives the group its "
                f"meaning; {requirement}",
                evidence,
                "Record the M category of the current stage, or the AJCC edition of its group",
            )
        return Decision(NOT_MET, f"{described}; {requirement}", evidence)

    def for_scope(facts: PatientFacts, scope: Callable[[str | None], bool]) -> Decision:
        owned = _owned(facts, scope)
        decision = _unless_unlinked_changes_it(owned, decide, requirement)
        status = metastatic_status(facts, scope)
        doubted = _as_m_doubted(decision, owned.relevant, status, requirement, taxonomy)
        if doubted is not None:
            return doubted
        if status.value is not True and not status.suspected and not status.recurred:
            return decision
        if not any(s.diagnosis for s in facts.metastatic_by_diagnosis) and not all(
            scope(d.cancer_type) for d in facts.diagnoses
        ):
            return decision  # the whole patient's status, and another cancer may own it

        return _as_spread_stands(c, decision, owned.relevant, status, requirement, taxonomy)

    if c.of_cancer:
        return lambda facts: for_scope(facts, in_scope)
    return each_cancer_alike(c.id, for_scope, requirement, taxonomy)


def _as_m_doubted(
    decision: Decision,
    stages: Sequence[tuple[Stage, str | None]],
    status: MetastaticStatus,
    requirement: str,
    taxonomy: CancerTaxonomy,
) -> Decision | None:
    """STG-TEXT: a stage whose words doubt its M, named with what settles it, when no stage gives
    an M or when it was recorded since the M0 that decided (the staging keeps the doubt only
    when no M0 was staged after it: that M0 no longer describes the disease); else None."""
    if not status.m_doubted:
        return None
    evidence = distinct((*status.evidence, *decision.evidence))
    if decision.status is UNKNOWN and not any(_m_of(s, t, taxonomy) for s, t in stages):
        return Decision(
            UNKNOWN,
            f"Stage recorded as {status.m_doubted}, its M category in doubt; {requirement}",
            evidence,
            confirm_doubted_m(status.m_doubted),
        )
    if status.value is None and decision.status is not UNKNOWN:
        return Decision(
            UNKNOWN,
            f"{decision.reason}, but since then the stage recorded as {status.m_doubted} "
            "leaves distant metastasis in doubt",
            evidence,
            confirm_doubted_m(status.m_doubted),
        )
    return None


def confirm_doubted_m(doubted: str) -> str:
    """STG-TEXT: what settles a stage whose words doubt its M ('"T3N2M1？" on 2026-03-25')."""
    return (
        f"Confirm or rule out distant metastasis (biopsy or imaging) and record the M category: "
        f"the stage recorded as {doubted} leaves it in doubt"
    )


SETTLE_SUSPECTED = "Record whether the suspected distant metastasis was confirmed or ruled out"
RESTAGE_RECURRENCE = (
    "Restage the recurrence: record its M category (rTNM) or the sites of distant metastasis"
)


def _as_spread_stands(
    c: StageCriterion,
    decision: Decision,
    stages: Sequence[tuple[Stage, str | None]],
    status: MetastaticStatus,
    requirement: str,
    taxonomy: CancerTaxonomy,
) -> Decision:
    """A stage decision checked against what the record says of distant spread since: a
    documented distant metastasis is M1 whatever an older (or contradicting) stage says
    (STG-RESTAGED), and one only suspected, or a recurrence of unrecorded extent, leaves an M0
    stage undecided (STG-SUSPECTED, STG-RECURRED)."""
    evidence = distinct((*status.evidence, *decision.evidence))
    if status.recurred:
        if decision.status is UNKNOWN:
            return decision
        return Decision(
            UNKNOWN,
            f"{decision.reason}, but the cancer recurred since ({status.recurred}), and where "
            "it recurred is not recorded",
            evidence,
            RESTAGE_RECURRENCE,
        )
    if status.suspected:
        if decision.status is UNKNOWN:
            return decision
        return Decision(
            UNKNOWN,
            f"{decision.reason}, but since then: {status.reason}",
            evidence,
            SETTLE_SUSPECTED,
        )
    required = tuple(m.upper() for m in c.m_categories)
    spread = f"Distant metastasis recorded ({status.reason})"
    if required and all(m.startswith("M0") for m in required):
        return Decision(NOT_MET, f"{spread}: M1; {requirement}", evidence)
    if required and all(m.startswith("M1") for m in required):
        if decision.status is MET:
            return decision
        if "M1" in required:
            return Decision(
                MET, f"{spread}: M1 whatever the stage recorded; {requirement}", evidence
            )
        return Decision(
            UNKNOWN,
            f"{spread}, M1 of a subcategory not recorded; {requirement}",
            evidence,
            "Record the M category of the current stage",
        )
    # A stage group: one that means M1 stands (a stage IV group whose M is not known: M1 is
    # stage IV); any other predates the spread (or contradicts it), and the group the disease
    # has now is not recorded.
    if decision.status is UNKNOWN:
        return decision
    grouped = next(((s, t) for s, t in stages if s.group), None)
    if grouped is not None:
        meant = _m_of(*grouped, taxonomy)
        stage_iv = _group(grouped[0].group or "").startswith("IV")
        if (meant or "").startswith("M1") or (meant is None and stage_iv):
            return decision
    return Decision(
        UNKNOWN,
        f"{decision.reason}, but a distant metastasis is recorded ({status.reason})",
        evidence,
        "Record the current stage: the recorded one does not include the distant metastasis",
    )


def _decide_by_m(
    c: StageCriterion,
    stages: Sequence[tuple[Stage, str | None]],
    requirement: str,
    taxonomy: CancerTaxonomy,
) -> Decision | None:
    """The newest stage whose M category is known decides (recorded, or meant by its group
    under its edition): M1a/M1b meet M1 whatever the edition."""
    required = tuple(m.upper() for m in c.m_categories)
    for stage, cancer_type in stages:
        category = _m_of(stage, cancer_type, taxonomy)
        if category is None:
            continue
        status = MET if category.startswith(required) else NOT_MET
        note = ""
        if stage.m is None:
            note = f"; stage {_group(stage.group or '')} means {category}" + (
                f" in the {edition(stage.edition)}" if stage.edition else ""
            )
        elif status is MET and _editions_differ(c, stage):
            note = "; the M category decides, as stage groups differ between editions"
        return Decision(
            status, f"{_describe_stage(stage)}; {requirement}{note}", distinct(stage.evidence)
        )
    return None


def _unless_unlinked_changes_it(
    owned: _Owned,
    decide: Callable[[Sequence[tuple[Stage, str | None]]], Decision],
    requirement: str,
) -> Decision:
    """STG-OWNER: the criterion's cancer's stages decide, unless a stage linked to no cancer
    (several cancers recorded) would change the answer."""
    decision = decide(owned.relevant)
    if owned.unlinked:
        merged = sorted(
            (*owned.relevant, *owned.unlinked),
            key=lambda pair: (pair[0].date is not None, pair[0].date or date.min),
            reverse=True,
        )
        if decide(merged).status is not decision.status:
            return Decision(
                UNKNOWN,
                f"A stage linked to no cancer would change this, and the patient has more "
                f"than one cancer; {requirement}",
                distinct(ref for s, _ in owned.unlinked for ref in s.evidence),
                "Record which cancer the stage describes (Observation.focus)",
            )
    return decision


# --- metastatic ----------------------------------------------------------------------------------


def metastatic_status(
    facts: PatientFacts, in_scope: Callable[[str | None], bool]
) -> MetastaticStatus:
    """STG-OWNER: the status of the criterion's cancer, from its own evidence."""
    by_diagnosis = facts.metastatic_by_diagnosis
    if not any(s.diagnosis for s in by_diagnosis):
        return facts.metastatic  # no per-cancer reading (web form, no diagnosis)
    types = diagnosis_types(facts)
    own = [s for s in by_diagnosis if s.diagnosis in types and in_scope(types[s.diagnosis])]
    unlinked = [s for s in by_diagnosis if s.diagnosis is None]
    positive = next((s for s in own if s.value is True), None)
    if positive is not None:
        return positive
    if any(s.value is True for s in unlinked):
        return MetastaticStatus(
            reason="distant metastasis recorded but not linked to one of the patient's cancers",
            evidence=distinct(ref for s in unlinked for ref in s.evidence),
        )
    negative = next((s for s in own if s.value is False), None)
    if negative is not None:
        return negative
    recurred = next((s for s in own if s.recurred), None)
    if recurred is not None:
        return recurred
    if not own:
        return MetastaticStatus(reason="no diagnosis of this cancer recorded")
    return MetastaticStatus(
        reason=own[0].reason,
        evidence=own[0].evidence,
        suspected=own[0].suspected,
        m_doubted=own[0].m_doubted,
    )


def compile_metastatic(c: MetastaticCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    in_scope = scope_test(c.id, c.of_cancer, taxonomy)
    required = c.required
    wanted = "metastatic disease required" if required else "metastatic disease excluded"

    def for_scope(facts: PatientFacts, scope: Callable[[str | None], bool]) -> Decision:
        status = metastatic_status(facts, scope)
        if status.value is None:
            return Decision(
                UNKNOWN,
                f"Metastatic status unknown ({status.reason}); {wanted}",
                distinct(status.evidence),
                RESTAGE_RECURRENCE
                if status.recurred
                else confirm_doubted_m(status.m_doubted)
                if status.m_doubted
                else SETTLE_SUSPECTED
                if status.suspected
                else "Record the M category or the sites of distant metastasis",
            )
        state = "Metastatic" if status.value else "Not metastatic"
        outcome = MET if status.value == required else NOT_MET
        return Decision(outcome, f"{state} ({status.reason}); {wanted}", distinct(status.evidence))

    if c.of_cancer:
        return lambda facts: for_scope(facts, in_scope)
    return each_cancer_alike(c.id, for_scope, wanted, taxonomy)


def each_cancer_alike(
    criterion_id: str,
    for_scope: Callable[[PatientFacts, Callable[[str | None], bool]], Decision],
    requirement: str,
    taxonomy: CancerTaxonomy,
) -> LeafRule:
    """STG-OWNER for a criterion that names no cancer (imported and synthetic trials): with one
    cancer in the chart it is that cancer's; with several, it decides only when every cancer's
    stage would decide alike, and otherwise asks which cancer the trial means. One rule for
    every trial, whatever its cancer (a rule per trial cancer made the catalog's rules and a
    patient's decisions several times as many)."""
    every = scope_test(criterion_id, (), taxonomy)
    scopes: dict[str, Callable[[str | None], bool]] = {}

    def scope_of(cancer_type: str) -> Callable[[str | None], bool]:
        scope = scopes.get(cancer_type)
        if scope is None:
            scope = scopes[cancer_type] = scope_test(criterion_id, (cancer_type,), taxonomy)
        return scope

    def evaluate(facts: PatientFacts) -> Decision:
        placed = sorted(
            {t for t in diagnosis_types(facts).values() if t is not None and t in taxonomy}
        )
        if len(placed) < 2:
            return for_scope(facts, every)
        return alike_or_ask(
            [for_scope(facts, scope_of(cancer_type)) for cancer_type in placed],
            f"The chart holds more than one cancer, and the answer differs between them; "
            f"{requirement}",
            "Confirm which of the patient's cancers the trial is for, and its stage",
        )

    return evaluate
