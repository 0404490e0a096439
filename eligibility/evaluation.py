"""Evaluating one criterion against `PatientFacts`: met / not_met / unknown, why, and evidence.

Rules shared by every criterion (the checklist is read by clinicians and coordinators):

- `unknown` means the data needed is missing or ambiguous; its `to_settle` says what to record.
- Something the patient must HAVE (a diagnosis, a stage, a prior line, a biomarker) that is not in
  the record is `unknown`, never `not_met`: the EHR may simply not hold it (treatment elsewhere).
- Something the patient must NOT have (a comorbidity, an excluded drug) that is not in the record
  is `met` ("No heart failure recorded"): otherwise no exclusion could ever be met.
- When the record does hold the relevant data, it is taken at its word (line 1 recorded without
  anti-PD-1 -> not_met).

Each rule yields a `Decision` (status, reason, evidence, hint) from the criterion's content
alone; `eligibility.compilation` prepares rules once per distinct content and attaches each
trial's own id, label and source text when a checklist is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, TypeVar

from eligibility import logic
from eligibility.criteria import (
    AgeCriterion,
    BiomarkerCriterion,
    CancerTypeCriterion,
    ComorbidityCriterion,
    Criterion,
    FreeTextCriterion,
    LabCriterion,
    MetastaticCriterion,
    PerformanceStatusCriterion,
    PriorLinesCriterion,
    PriorTherapyCriterion,
    QTcCriterion,
    SexCriterion,
    StageCriterion,
)
from eligibility.facts import (
    DISOWNED_VERIFICATION,
    Biomarker,
    CancerDiagnosis,
    Evidence,
    PatientFacts,
    PerformanceStatus,
    Stage,
    TherapyLine,
)
from eligibility.patient_index import PerFacts, exposure_index
from eligibility.phrasing import (
    ANALYTE_LABELS,
    COMORBIDITY_LABELS,
    DRUG_CLASS_LABELS,
    SEX_LABELS,
    bounds,
    edition,
    join,
    number,
    on,
    plural,
    without_article,
)
from eligibility.results import CriterionResult, CriterionStatus
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import CANONICAL_UNITS, PerformanceScale, Sex

C = TypeVar("C")

MET = CriterionStatus.MET
NOT_MET = CriterionStatus.NOT_MET
UNKNOWN = CriterionStatus.UNKNOWN

LeafRule = Callable[[PatientFacts], "Decision"]
"""A leaf criterion ready to decide: facts in, decision out."""


class Decision:
    """What a criterion's content says about a patient, before it is given the criterion's id,
    label and source text. Identical criteria in different trials share one decision per patient
    (see `eligibility.compilation`), which is what keeps a 25k-trial match in milliseconds.

    Immutable. A combinator's explanation (its reason quotes the children that decided it) is
    worked out on first read (`explained_later`): the matcher reads only `status` of the ~160
    combinators a typical patient's candidates hold, and the checklists of the few trials
    shown read the rest.
    """

    __slots__ = ("_evidence", "_explain", "_manual_review", "_reason", "_to_settle", "status")

    status: CriterionStatus
    _reason: str
    _evidence: Evidence
    _to_settle: str | None
    _manual_review: bool
    _explain: Callable[[], Decision] | None

    def __init__(
        self,
        status: CriterionStatus,
        reason: str,
        evidence: Evidence = (),
        to_settle: str | None = None,
        manual_review: bool = False,
    ) -> None:
        self.status = status
        self._reason = reason
        self._evidence = evidence
        self._to_settle = to_settle
        self._manual_review = manual_review
        self._explain = None

    @classmethod
    def explained_later(cls, status: CriterionStatus, explain: Callable[[], Decision]) -> Decision:
        """A decision of `status` whose reason, evidence and hints are `explain()`'s (a decision
        of the same status), worked out when first read."""
        decision = cls.__new__(cls)
        decision.status = status
        decision._explain = explain
        return decision

    def _explained(self) -> None:
        explain = self._explain
        if explain is not None:
            full = explain()
            assert full.status is self.status
            # Fields first, then the marker: a thread that sees no `_explain` sees them set
            # (threads racing here compute equal explanations; either may win).
            self._reason, self._evidence = full.reason, full.evidence
            self._to_settle, self._manual_review = full.to_settle, full.manual_review
            self._explain = None

    @property
    def reason(self) -> str:
        if self._explain is not None:
            self._explained()
        return self._reason

    @property
    def evidence(self) -> Evidence:
        if self._explain is not None:
            self._explained()
        return self._evidence

    @property
    def to_settle(self) -> str | None:
        if self._explain is not None:
            self._explained()
        return self._to_settle

    @property
    def manual_review(self) -> bool:
        if self._explain is not None:
            self._explained()
        return self._manual_review

    def _fields(self) -> tuple[CriterionStatus, str, Evidence, str | None, bool]:
        return (self.status, self.reason, self.evidence, self.to_settle, self.manual_review)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Decision):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        status, reason, evidence, to_settle, manual_review = self._fields()
        return (
            f"Decision(status={status!r}, reason={reason!r}, evidence={evidence!r}, "
            f"to_settle={to_settle!r}, manual_review={manual_review!r})"
        )

    def result(self, criterion: Criterion) -> CriterionResult:
        # model_construct: every value here is already valid; validation would only cost time
        # (it runs for every line of every checklist shown).
        return CriterionResult.model_construct(
            id=criterion.id,
            label=criterion.label,
            status=self.status,
            reason=self.reason,
            evidence=self.evidence,
            to_settle=self.to_settle,
            manual_review=self.manual_review,
            source_text=criterion.source_text,
        )


def _decision(
    status: CriterionStatus,
    reason: str,
    evidence: Iterable[str] = (),
    to_settle: str | None = None,
    *,
    manual_review: bool = False,
) -> Decision:
    # Positional: ~35k decisions per patient and catalog, keywords cost measurably more.
    return Decision(
        status,
        reason,
        _unique(evidence),
        # A hint to settle only makes sense while the answer is open.
        to_settle if status is UNKNOWN else None,
        manual_review,
    )


def _unique(refs: Iterable[str]) -> Evidence:
    if type(refs) is tuple and len(refs) < 2:
        return refs  # nothing to deduplicate (the common case: one resource or none)
    return tuple(dict.fromkeys(refs))


def _too_old(when: date | None, within_days: int | None, as_of: date) -> bool:
    """A result the protocol wants recent (`within_days`) that is older, or undated."""
    if within_days is None:
        return False
    return when is None or (as_of - when).days > within_days


# --- cancer type -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Placement:
    """A patient's cancer diagnoses placed on one taxonomy: the same for every cancer-type rule
    (a catalog has hundreds), so worked out once per patient (see `_placement`)."""

    placed: tuple[tuple[CancerDiagnosis, tuple[str, ...], str], ...]  # with lineage and label
    placed_evidence: Evidence
    unplaced: str  # the texts of diagnoses the taxonomy could not place, joined; "" if none
    unplaced_evidence: Evidence


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
        _unique(ref for d, _, _ in placed for ref in d.evidence),
        join(d.text or "unnamed cancer" for d in unplaced),
        _unique(ref for d in unplaced for ref in d.evidence),
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


def _compile_cancer_type(c: CancerTypeCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
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
                return _decision(
                    MET,
                    f"{name} recorded{on(diagnosis.onset)}; {requirement}",
                    diagnosis.evidence,
                )
        if placement.unplaced or not placement.placed:
            # No placed diagnosis fits, but an unplaced one might: the coordinator decides.
            if placement.unplaced:
                reason = f"Cancer diagnosis not recognised ({placement.unplaced}); {requirement}"
            else:
                reason = no_diagnosis
            if rejected:
                reason = f"{join(rejected)} recorded, and {reason[0].lower()}{reason[1:]}"
            return _decision(
                UNKNOWN,
                reason,
                placement.unplaced_evidence,
                "Record the primary cancer diagnosis with an ICD-10-CM, ICD-O-3 or SNOMED CT code",
            )
        # The placement's evidence is already distinct: built as `_decision` would.
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


def _compile_stage(c: StageCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
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
                return _decision(
                    status, f"{_describe_stage(with_m)}; {requirement}{note}", with_m.evidence
                )
        with_group = next((s for s in facts.stages if s.group), None)
        if with_group is None:
            return _decision(
                UNKNOWN,
                f"No stage recorded; {requirement}",
                to_settle="Record the current TNM stage, at least the M category",
            )
        assert with_group.group is not None
        described = _describe_stage(with_group)
        if _editions_differ(c, with_group):
            return _decision(
                UNKNOWN,
                f"{described}; {requirement}, and stage groups differ between editions",
                with_group.evidence,
                "Record the M category"
                if required
                else f"Restage under the {edition(c.edition)} or record the TNM categories",
            )
        if _group(with_group.group) in groups:
            return _decision(MET, f"{described}; {requirement}", with_group.evidence)
        if required:
            # A group outside the list does not rule M1 out (e.g. AJCC 9th NPC IVA is M1a).
            return _decision(
                UNKNOWN,
                f"{described} without an M category; {requirement}",
                with_group.evidence,
                "Record the M category of the current stage",
            )
        return _decision(NOT_MET, f"{described}; {requirement}", with_group.evidence)

    return evaluate


# --- metastatic ----------------------------------------------------------------------------------


def _evaluate_metastatic(c: MetastaticCriterion, facts: PatientFacts) -> Decision:
    status = facts.metastatic
    wanted = "metastatic disease required" if c.required else "metastatic disease excluded"
    if status.value is None:
        return _decision(
            UNKNOWN,
            f"Metastatic status unknown ({status.reason}); {wanted}",
            status.evidence,
            "Record the M category or the sites of distant metastasis",
        )
    state = "Metastatic" if status.value else "Not metastatic"
    outcome = MET if status.value == c.required else NOT_MET
    return _decision(outcome, f"{state} ({status.reason}); {wanted}", status.evidence)


# --- performance status --------------------------------------------------------------------------

# The Karnofsky band usually given for each ECOG grade (the common side-by-side table).
_ECOG_AS_KARNOFSKY: dict[int, tuple[int, int]] = {
    0: (90, 100),
    1: (70, 80),
    2: (50, 60),
    3: (30, 40),
    4: (10, 20),
    5: (0, 0),
}


def _ecog_requirement(c: PerformanceStatusCriterion) -> str | None:
    if c.ecog_max is None and c.ecog_min == 0:
        return None
    low = c.ecog_min if c.ecog_min > 0 or c.ecog_max is not None else None
    return f"ECOG {bounds(low, c.ecog_max)}"


def _evaluate_performance(c: PerformanceStatusCriterion, facts: PatientFacts) -> Decision:
    ecog_req = _ecog_requirement(c)
    kps_req = f"Karnofsky ≥ {c.karnofsky_min}" if c.karnofsky_min is not None else None
    requirement = "trial requires " + " or ".join(r for r in (ecog_req, kps_req) if r)
    latest: PerformanceStatus | None = facts.latest_performance()
    if latest is None:
        return _decision(
            UNKNOWN,
            f"No performance status recorded; {requirement}",
            to_settle="No ECOG recorded: record an ECOG performance status",
        )
    when = on(latest.date)
    if _too_old(latest.date, c.within_days, facts.as_of):
        scale = "Karnofsky" if latest.scale is PerformanceScale.KARNOFSKY else "ECOG"
        return _decision(
            UNKNOWN,
            f"Latest {scale} {latest.score}{when or ' (undated)'} is older than "
            f"{c.within_days} days; {requirement}",
            latest.evidence,
            f"Record an ECOG performance status from the last {c.within_days} days",
        )

    def ecog_in_range(score: int) -> bool:
        return c.ecog_min <= score and (c.ecog_max is None or score <= c.ecog_max)

    if latest.scale is PerformanceScale.KARNOFSKY:
        if c.karnofsky_min is not None:
            status = MET if latest.score >= c.karnofsky_min else NOT_MET
            return _decision(
                status, f"Karnofsky {latest.score}{when}; {requirement}", latest.evidence
            )
        # Only an ECOG range: judge on the ECOG equivalent the facts carry, and say so.
        status = MET if ecog_in_range(latest.ecog) else NOT_MET
        return _decision(
            status,
            f"Karnofsky {latest.score}{when}, ECOG equivalent {latest.ecog}; {requirement}",
            latest.evidence,
        )
    if ecog_req is not None:
        status = MET if ecog_in_range(latest.score) else NOT_MET
        return _decision(status, f"ECOG {latest.score}{when}; {requirement}", latest.evidence)
    # Only a Karnofsky minimum and an ECOG score: compare the Karnofsky band of that grade.
    assert c.karnofsky_min is not None
    low, high = _ECOG_AS_KARNOFSKY.get(latest.score, (0, 0))
    band = f"ECOG {latest.score}{when} (Karnofsky {low}–{high}); {requirement}"
    if low >= c.karnofsky_min:
        return _decision(MET, band, latest.evidence)
    if high < c.karnofsky_min:
        return _decision(NOT_MET, band, latest.evidence)
    return _decision(UNKNOWN, band, latest.evidence, "Record a Karnofsky performance status")


# --- demographics --------------------------------------------------------------------------------


def _evaluate_age(c: AgeCriterion, facts: PatientFacts) -> Decision:
    demo = facts.demographics
    requirement = f"trial requires age {bounds(c.min_years, c.max_years)}"

    def inside(age: int) -> bool:
        return (c.min_years is None or age >= c.min_years) and (
            c.max_years is None or age <= c.max_years
        )

    if demo.age_years is not None:
        status = MET if inside(demo.age_years) else NOT_MET
        return _decision(status, f"Age {demo.age_years}; {requirement}", demo.evidence)
    if demo.age_min is not None or demo.age_max is not None:
        # Only one bound known: the other side stays open (0 or an implausible maximum).
        low = demo.age_min if demo.age_min is not None else 0
        high = demo.age_max if demo.age_max is not None else 150
        known = f"Age {low}–{high} (birth date recorded only to the {demo.birth_date_precision})"
        if inside(low) and inside(high):
            return _decision(MET, f"{known}; {requirement}", demo.evidence)
        if (c.max_years is not None and low > c.max_years) or (
            c.min_years is not None and high < c.min_years
        ):
            return _decision(NOT_MET, f"{known}; {requirement}", demo.evidence)
        return _decision(
            UNKNOWN, f"{known}; {requirement}", demo.evidence, "Record the full birth date"
        )
    return _decision(
        UNKNOWN,
        f"No birth date recorded; {requirement}",
        demo.evidence,
        "Record the patient's birth date",
    )


def _evaluate_sex(c: SexCriterion, facts: PatientFacts) -> Decision:
    sex = facts.demographics.sex
    requirement = f"trial enrols {' or '.join(SEX_LABELS[s] for s in c.allowed)} patients"
    evidence = facts.demographics.evidence
    if sex in c.allowed:
        return _decision(MET, f"Sex {SEX_LABELS[sex]}; {requirement}", evidence)
    if sex is Sex.UNKNOWN:
        return _decision(
            UNKNOWN, f"Sex not recorded; {requirement}", evidence, "Record the patient's sex"
        )
    if sex is Sex.OTHER:
        # Administrative gender "other" does not say how the protocol's criterion applies.
        return _decision(
            UNKNOWN,
            f"Sex recorded as other; {requirement}",
            evidence,
            "Review the protocol's sex criterion with the study team",
        )
    return _decision(NOT_MET, f"Sex {SEX_LABELS[sex]}; {requirement}", evidence)


# --- prior therapy -------------------------------------------------------------------------------


def _describe_line(line: TherapyLine) -> str:
    period = ""
    if line.start is not None:
        period = f" since {line.start.isoformat()}" if line.ongoing else f" from {line.start}"
        if line.end is not None and not line.ongoing:
            period += f" to {line.end.isoformat()}"
    state = ", ongoing" if line.ongoing else ""
    return f"line {line.number}: {join(line.agents) or 'agents not named'}{period}{state}"


# FHIR statuses saying an exposure is over, whatever its end date says.
_STOPPED = frozenset({"completed", "stopped", "not-taken", "cancelled", "entered-in-error"})


def _maintenance(line: TherapyLine, facts: PatientFacts) -> tuple[list[str], list[str]] | None:
    """For an ongoing line: (stopped agents, continuing agents) when part of the regimen has
    stopped and the rest continues — induction done, maintenance under way — else None."""
    stopped: list[str] = []
    continuing: list[str] = []
    index = exposure_index(facts)
    for agent in line.agents:
        exposures = [
            e
            for e in index.agent(agent).exposures
            if line.start is None or e.start is None or e.start >= line.start
        ]
        over = bool(exposures) and all(
            e.status in _STOPPED or (e.end is not None and e.end <= facts.as_of) for e in exposures
        )
        (stopped if over else continuing).append(agent)
    return (stopped, continuing) if stopped and continuing else None


@dataclass(frozen=True, slots=True)
class _LineHistory:
    """A patient's lines as every prior-lines rule reads them: counted, described and cited
    once per patient (`_line_history`), as they depend on the facts alone."""

    started: int
    received: int  # started, less the ongoing lines still in their first cycles
    in_progress: tuple[int, ...]  # the numbers of those lines
    described: str
    evidence: Evidence


def _count_lines(facts: PatientFacts) -> _LineHistory:
    lines = facts.lines
    notes: list[str] = []
    in_progress: list[int] = []
    for line in lines:
        if not line.ongoing:
            continue
        maintenance = _maintenance(line, facts)
        if maintenance is None:
            in_progress.append(line.number)
        else:
            stopped, continuing = maintenance
            notes.append(
                f"line {line.number} counts: {join(continuing)} continuing as maintenance after "
                f"{join(stopped)} stopped"
            )
    started = len(lines)
    described = f"{plural(started, 'line')} recorded ({'; '.join(map(_describe_line, lines))})"
    if notes:
        described += f"; {'; '.join(notes)}"
    return _LineHistory(
        started,
        started - len(in_progress),
        tuple(in_progress),
        described,
        _unique(ref for line in lines for ref in line.evidence),
    )


_line_history: PerFacts[_LineHistory] = PerFacts(_count_lines)


def _compile_prior_lines(c: PriorLinesCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    """Counting prior lines, and the decision on ongoing ones.

    Against a maximum, every line started counts: a patient who has begun a second line has had
    two. Against a minimum, only lines received count: completed ones, and an ongoing line in
    maintenance — some agents stopped, the rest continuing (platinum doublet done, anti-PD-1
    maintenance continuing is still the first line, and it has been received; the seed trial is
    written for exactly these patients). A line with nothing stopped yet is still in its first
    cycles: whether it will count is open, so a minimum it alone could satisfy is unknown, and
    the hint says what to confirm.
    """
    noun = "prior line" if c.max_lines == 1 else "prior lines"
    requirement = f"trial requires {bounds(c.min_lines, c.max_lines)} {noun}"
    if c.min_lines:
        no_lines = _decision(
            UNKNOWN,
            f"No systemic therapy recorded; {requirement}",
            to_settle="Record prior systemic therapy, including treatment given elsewhere",
        )
    else:
        no_lines = _decision(MET, f"No prior systemic therapy recorded; {requirement}")

    def inside(count: int) -> bool:
        return (c.min_lines is None or count >= c.min_lines) and (
            c.max_lines is None or count <= c.max_lines
        )

    def evaluate(facts: PatientFacts) -> Decision:
        if not facts.lines:
            return no_lines
        history = _line_history(facts)
        started = history.started
        # The history's evidence is already distinct: built as `_decision` would.
        if inside(history.received) and inside(started):
            return Decision(MET, f"{history.described}; {requirement}", history.evidence)
        too_many = c.max_lines is not None and started > c.max_lines
        too_few = c.min_lines is not None and started < c.min_lines
        if too_many or too_few:
            return Decision(NOT_MET, f"{history.described}; {requirement}", history.evidence)
        return Decision(
            UNKNOWN,
            f"{history.described}; {requirement}, and a line still in progress counts once "
            "completed",
            history.evidence,
            f"Confirm line {join(map(str, history.in_progress))} is completed before referral",
        )

    return evaluate


def _compile_prior_therapy(c: PriorTherapyCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    """Everything that depends on the criterion alone is phrased here, once per catalog; the
    patient's exposures and lines are read through their `ExposureIndex` (one dict lookup per
    rule, not a scan of every exposure)."""
    target = DRUG_CLASS_LABELS[c.drug_class] if c.drug_class is not None else str(c.agent)
    bare = without_article(target)  # "No taxane recorded", not "No a taxane recorded"
    capitalised = f"{target[0].upper()}{target[1:]}"
    scope = f" in line {c.line}" if c.line is not None else ""
    requirement = (
        f"trial requires {target}{scope}" if c.received else f"trial excludes {target}{scope}"
    )
    # Found: met when the trial requires it, not met when it excludes it; absent: the reverse.
    found, absent = (MET, NOT_MET) if c.received else (NOT_MET, MET)
    drug_class, agent = c.drug_class, c.agent

    def in_line(line: TherapyLine) -> bool:
        return drug_class in line.classes if drug_class is not None else agent in line.agents

    if c.line is not None:
        number = c.line
        no_history = _decision(
            UNKNOWN,
            f"No systemic therapy recorded; {requirement}",
            to_settle=f"Record the agents of line {number}, including treatment elsewhere",
        )
        no_such_line = _decision(absent, f"No line {number} recorded; {requirement}")

        def evaluate_line(facts: PatientFacts) -> Decision:
            numbered = exposure_index(facts).line(number)
            if numbered is None:
                return no_history if not facts.lines and c.received else no_such_line
            line, evidence = numbered
            described = _describe_line(line)
            # The index's evidence is already distinct: built as `_decision` would.
            if in_line(line):
                return Decision(found, f"{capitalised} in {described}; {requirement}", evidence)
            return Decision(absent, f"No {bare} in {described}; {requirement}", evidence)

        return evaluate_line

    not_recorded = _decision(MET, f"No {bare} recorded; {requirement}")
    no_anticancer = _decision(
        UNKNOWN,
        f"No anticancer therapy recorded; {requirement}",
        to_settle=f"Record prior {bare}, including treatment given elsewhere",
    )

    def evaluate(facts: PatientFacts) -> Decision:
        index = exposure_index(facts)
        if drug_class is not None:
            received = index.drug_class(drug_class)
        else:
            assert agent is not None  # the criterion names exactly one of the two
            received = index.agent(agent)
        # The index's evidence is already distinct (and runs to hundreds of references on a
        # heavy chart): these decisions are built as `_decision` would, without deduplicating.
        if received.exposures or received.lines:
            # Name the agents that matched; a line only says which classes it contained.
            named = received.agents or join(_describe_line(li) for li in received.lines)
            return Decision(found, f"Received {named}; {requirement}", received.evidence)
        if not c.received:
            return not_recorded
        anticancer = index.antineoplastic
        if not anticancer.exposures and not facts.lines:
            return no_anticancer
        recorded = anticancer.agents or "recorded lines"
        return Decision(NOT_MET, f"No {bare} among {recorded}; {requirement}", anticancer.evidence)

    return evaluate


# --- measurements --------------------------------------------------------------------------------


def _evaluate_qtc(c: QTcCriterion, facts: PatientFacts) -> Decision:
    limits = f"{number(c.max_ms_male)} ms for males, {number(c.max_ms_female)} ms for females"
    qtc = facts.qtc
    if qtc is None:
        return _decision(
            UNKNOWN,
            f"No QTc recorded; trial requires QTc ≤ {limits}",
            to_settle="Record a 12-lead ECG with QTc",
        )
    sex = facts.demographics.sex
    value = f"QTc {number(qtc.milliseconds)} ms{on(qtc.date)}"
    evidence = (*qtc.evidence, *facts.demographics.evidence)
    if _too_old(qtc.date, c.within_days, facts.as_of):
        return _decision(
            UNKNOWN,
            f"{value}{'' if qtc.date else ' (undated)'} is older than {c.within_days} days; "
            f"trial requires QTc ≤ {limits}",
            qtc.evidence,
            f"Record a 12-lead ECG with QTc from the last {c.within_days} days",
        )
    if sex in (Sex.MALE, Sex.FEMALE):
        limit = c.max_ms_male if sex is Sex.MALE else c.max_ms_female
        # "Prolongation > 450 ms" excludes: equal to the limit is still acceptable.
        status = MET if qtc.milliseconds <= limit else NOT_MET
        return _decision(
            status,
            f"{value} ({SEX_LABELS[sex]}); trial requires QTc ≤ {number(limit)} ms",
            evidence,
        )
    if qtc.milliseconds <= min(c.max_ms_male, c.max_ms_female):
        return _decision(MET, f"{value}; trial requires QTc ≤ {limits}", evidence)
    if qtc.milliseconds > max(c.max_ms_male, c.max_ms_female):
        return _decision(NOT_MET, f"{value}; trial requires QTc ≤ {limits}", evidence)
    return _decision(
        UNKNOWN,
        f"{value}, sex not recorded; trial requires QTc ≤ {limits}",
        evidence,
        "Record the patient's sex (the QTc limit depends on it)",
    )


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def _compile_lab(c: LabCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    name = ANALYTE_LABELS[c.analyte]
    unit = CANONICAL_UNITS[c.analyte]
    if c.times_uln is not None:
        threshold_text = f"{number(c.times_uln)} × ULN"
    else:
        assert c.value is not None
        threshold_text = f"{number(c.value)} {unit}"
    requirement = f"trial requires {name} {_SYMBOL[c.comparator]} {threshold_text}"
    analyte, within_days, times_uln, fixed = c.analyte, c.within_days, c.times_uln, c.value
    compare = _COMPARE[c.comparator]
    no_result = _decision(
        UNKNOWN, f"No {name} result recorded; {requirement}", to_settle=f"Record a {name} result"
    )

    def evaluate(facts: PatientFacts) -> Decision:
        measurement = facts.lab(analyte)
        if measurement is None:
            return no_result
        value = f"{name} {number(measurement.value)} {measurement.unit}{on(measurement.date)}"
        evidence = measurement.evidence
        if _too_old(measurement.date, within_days, facts.as_of):
            return _decision(
                UNKNOWN,
                f"{value}{'' if measurement.date else ' (undated)'} is older than "
                f"{within_days} days; {requirement}",
                evidence,
                f"Record a {name} result from the last {within_days} days",
            )
        if measurement.unit != unit:
            # fhir_mapping converts to canonical units; anything else cannot be compared safely.
            return _decision(
                UNKNOWN,
                f"{value} is not in {unit}; {requirement}",
                evidence,
                f"Record {name} in {unit}",
            )
        if times_uln is not None:
            uln = measurement.upper_limit_normal
            if uln is None:
                return _decision(
                    UNKNOWN,
                    f"{value} without an upper limit of normal; {requirement}",
                    evidence,
                    f"Record the reference range with the {name} result",
                )
            threshold = times_uln * uln
            value += f" ({number(round(measurement.value / uln, 2))} × ULN {number(uln)})"
        else:
            assert fixed is not None
            threshold = fixed
        status = MET if compare(measurement.value, threshold) else NOT_MET
        return _decision(status, f"{value}; {requirement}", evidence)

    return evaluate


# --- comorbidities and biomarkers ----------------------------------------------------------------


def _evaluate_comorbidity(c: ComorbidityCriterion, facts: PatientFacts) -> Decision:
    name = COMORBIDITY_LABELS[c.condition]
    excludes = f"grade ≥ {c.min_grade} {name}" if c.min_grade > 1 else f"any {name}"
    requirement = f"trial excludes {excludes}"
    present = [f for f in facts.comorbidities if f.kind is c.condition and f.active]
    if not present:
        return _decision(MET, f"No active {name} recorded; {requirement}")
    evidence = [ref for f in present for ref in f.evidence]
    graded = [f for f in present if f.grade is not None]
    worst = max(graded, key=lambda f: f.grade or 0, default=None)
    if worst is not None and worst.grade is not None and worst.grade >= c.min_grade:
        return _decision(
            NOT_MET,
            f"Grade {worst.grade} {name} recorded{on(worst.onset)}; {requirement}",
            evidence,
        )
    if len(graded) < len(present):
        if c.min_grade <= 1:
            return _decision(NOT_MET, f"{_sentence(name)} recorded; {requirement}", evidence)
        return _decision(
            UNKNOWN,
            f"{_sentence(name)} recorded without a grade; {requirement}",
            evidence,
            f"Record the grade of the {name} (CTCAE grade or NYHA class)",
        )
    assert worst is not None
    return _decision(MET, f"Grade {worst.grade} {name} recorded; {requirement}", evidence)


def _sentence(text: str) -> str:
    # str.capitalize() would lower-case the rest ("Hiv infection").
    return text[:1].upper() + text[1:]


def _normalise_marker(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def _evaluate_biomarker(c: BiomarkerCriterion, facts: PatientFacts) -> Decision:
    wanted = _normalise_marker(c.name)
    parts: list[str] = [c.result] if c.result else []
    if c.min_value is not None or c.max_value is not None:
        parts.append(bounds(c.min_value, c.max_value, unit=c.unit or ""))
    requirement = f"trial requires {c.name} {' and '.join(parts)}"
    results = [b for b in facts.biomarkers if _normalise_marker(b.name) == wanted]
    if not results:
        return _decision(
            UNKNOWN,
            f"No {c.name} result recorded; {requirement}",
            to_settle=f"Record the {c.name} result",
        )
    marker: Biomarker = max(results, key=lambda b: b.date.toordinal() if b.date else 0)
    shown = marker.value_text or (
        number(marker.value_number) + (f" {marker.unit}" if marker.unit else "")
        if marker.value_number is not None
        else ("positive" if marker.positive else "negative" if marker.positive is False else "?")
    )
    value = f"{marker.name} {shown}{on(marker.date)}"
    statuses: list[CriterionStatus] = []
    if c.result is not None:
        if marker.positive is None:
            statuses.append(UNKNOWN)
        else:
            statuses.append(MET if marker.positive == (c.result == "positive") else NOT_MET)
    if c.min_value is not None or c.max_value is not None:
        if marker.value_number is None or (c.unit and marker.unit and c.unit != marker.unit):
            statuses.append(UNKNOWN)
        else:
            low_ok = c.min_value is None or marker.value_number >= c.min_value
            high_ok = c.max_value is None or marker.value_number <= c.max_value
            statuses.append(MET if low_ok and high_ok else NOT_MET)
    status = logic.all_of(statuses)
    return _decision(
        status,
        f"{value}; {requirement}",
        marker.evidence,
        f"Record a {c.name} result that states the value needed",
    )


def _evaluate_free_text(c: FreeTextCriterion, facts: PatientFacts) -> Decision:
    return _decision(
        UNKNOWN,
        "Not evaluated automatically: check against the record",
        to_settle=f"Review: {c.text}",
        manual_review=True,
    )


# --- combinators ---------------------------------------------------------------------------------

Labelled = tuple[str, Decision]
"""A child's label with its decision: combined reasons name the children that decided."""


def _combine(
    status: CriterionStatus,
    children: Sequence[Labelled],
    prefix: str,
    *,
    first_only: bool = False,
) -> Decision:
    # Explain with the children that decided the outcome, not every child.
    deciding: Sequence[Labelled] = [
        child for child in children if child[1].status is status
    ] or children
    if first_only:
        deciding = deciding[:1]
    evidence: Iterable[str]
    if len(deciding) == 1:  # most often: one child decided (a combinator runs ~600 per patient)
        label, only = deciding[0]
        reason = f"{prefix}{label}: {only.reason}"
        evidence = only.evidence
    else:
        reason = prefix + "; ".join(f"{label}: {d.reason}" for label, d in deciding)
        evidence = (ref for _, d in deciding for ref in d.evidence)
    if status is not UNKNOWN:
        # Hints and manual review only concern open answers (`_decision` would drop them).
        return _decision(status, reason, evidence)
    settle = [d.to_settle for _, d in children if d.status is UNKNOWN and d.to_settle]
    return _decision(
        status,
        reason,
        evidence,
        "; ".join(dict.fromkeys(settle)) or None,
        manual_review=any(d.manual_review for _, d in children if d.status is UNKNOWN),
    )


_ALL_OF_PREFIX = {MET: "All met — ", NOT_MET: "Not met — ", UNKNOWN: "Undecided — "}
_ANY_OF_PREFIX = {MET: "Met by ", NOT_MET: "None met — ", UNKNOWN: "Undecided — "}
_NOT_PREFIX = {MET: "Not the case — ", NOT_MET: "Excluded — ", UNKNOWN: "Undecided — "}


def all_of_decision(children: Sequence[Labelled]) -> Decision:
    status = logic.all_of(d.status for _, d in children)
    return Decision.explained_later(
        status, lambda: _combine(status, children, _ALL_OF_PREFIX[status])
    )


def any_of_decision(children: Sequence[Labelled]) -> Decision:
    status = logic.any_of(d.status for _, d in children)
    return Decision.explained_later(
        status,
        lambda: _combine(status, children, _ANY_OF_PREFIX[status], first_only=status is MET),
    )


def not_decision(child: Labelled) -> Decision:
    label, inner = child
    status = logic.negate(inner.status)
    return Decision.explained_later(
        status,
        lambda: _decision(
            status,
            f"{_NOT_PREFIX[status]}{label}: {inner.reason}",
            inner.evidence,
            inner.to_settle,
            manual_review=inner.manual_review,
        ),
    )


# --- leaf rules by criterion type ----------------------------------------------------------------


def _bind(
    function: Callable[[C, PatientFacts], Decision],
) -> Callable[[C, CancerTaxonomy], LeafRule]:
    def prepare(criterion: C, taxonomy: CancerTaxonomy) -> LeafRule:
        # A partial, not a closure: no Python frame of its own when called.
        return partial(function, criterion)

    return prepare


LEAF_RULES: dict[type[Any], Callable[[Any, CancerTaxonomy], LeafRule]] = {
    CancerTypeCriterion: _compile_cancer_type,
    StageCriterion: _compile_stage,
    MetastaticCriterion: _bind(_evaluate_metastatic),
    PerformanceStatusCriterion: _bind(_evaluate_performance),
    AgeCriterion: _bind(_evaluate_age),
    SexCriterion: _bind(_evaluate_sex),
    PriorLinesCriterion: _compile_prior_lines,
    PriorTherapyCriterion: _compile_prior_therapy,
    QTcCriterion: _bind(_evaluate_qtc),
    LabCriterion: _compile_lab,
    ComorbidityCriterion: _bind(_evaluate_comorbidity),
    BiomarkerCriterion: _bind(_evaluate_biomarker),
    FreeTextCriterion: _bind(_evaluate_free_text),
}
"""How to prepare each leaf criterion type; combinators are handled in `compilation`.
A plain dict on the exact type: `isinstance` chains over pydantic models are slow at 300k
criteria."""
