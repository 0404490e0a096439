"""The prior-radiotherapy rule: radiotherapy to given sites received, or not (rule
TRIAL-NO-PRIOR-LOCOREGIONAL-RT in docs/clinical-rules.md, which states what is met, not met and
unknown, including head-and-neck cancer treated with curative intent before it spread).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from eligibility.criteria import PriorRadiotherapyCriterion
from eligibility.facts import (
    DE_NOVO_DAYS,
    UNCONFIRMED_VERIFICATION,
    CancerDiagnosis,
    PatientFacts,
    RadiotherapyCourse,
    Stage,
)
from eligibility.phrasing import RADIOTHERAPY_SITE_LABELS
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import Comorbidity, RadiotherapySite

_H_AND_N = RadiotherapySite.HEAD_AND_NECK
_IN_H_AND_N = frozenset({RadiotherapySite.NASOPHARYNX, RadiotherapySite.NECK, _H_AND_N})


def _sites(sites: Iterable[RadiotherapySite]) -> str:
    names = [RADIOTHERAPY_SITE_LABELS[s] for s in sorted(sites, key=list(RadiotherapySite).index)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _when(course: RadiotherapyCourse) -> str:
    if course.start is None:
        return " (undated)"
    if course.end is not None and course.end != course.start:
        return f" from {course.start.isoformat()} to {course.end.isoformat()}"
    return f" on {course.start.isoformat()}"


def _named(course: RadiotherapyCourse) -> str:
    return f" ({course.text})" if course.text else ""


def _once_locoregional(stages: Iterable[Stage], spread: Iterable[date]) -> Stage | None:
    """The oldest M0 stage dated before a later stage that is not M0, or before a documented
    distant metastasis (`spread`: the dates the cancers became metastatic, STG-RESTAGED): the
    disease was once locoregional and has spread since."""
    dated = sorted((s for s in stages if s.date is not None), key=lambda s: s.date or date.min)
    first_spread = min(spread, default=None)
    for index, stage in enumerate(dated):
        if not (stage.m or "").upper().startswith("M0"):
            continue
        assert stage.date is not None
        if first_spread is not None and first_spread > stage.date:
            return stage
        if any(
            not (later.m or "").upper().startswith("M0") and later.date != stage.date
            for later in dated[index + 1 :]
        ):
            return stage
    return None


def compile_prior_radiotherapy(c: PriorRadiotherapyCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    wanted = frozenset(c.sites)
    # Radiotherapy recorded only as "head and neck" may or may not have covered a narrower
    # site asked for; a course at a narrower site is inside a "head and neck" ask.
    covers = wanted | (_IN_H_AND_N if _H_AND_N in wanted else frozenset())
    maybe = (
        frozenset({_H_AND_N}) if wanted & _IN_H_AND_N and _H_AND_N not in wanted else frozenset()
    )
    asks_locoregional = bool(wanted & _IN_H_AND_N)
    for node in c.cancer_types:
        taxonomy.ancestors(node)  # an unknown node fails at load, not at evaluation
    trial_cancers = c.cancer_types
    names = _sites(wanted)
    received = c.received
    requirement = (
        f"trial requires prior radiotherapy to the {names}"
        if received
        else f"trial excludes prior radiotherapy to the {names}"
    )

    def evaluate(facts: PatientFacts) -> Decision:
        hits = [r for r in facts.radiotherapy if r.given and r.sites & covers]
        if hits:
            first = hits[0]
            where = _sites(first.sites & covers)
            return Decision(
                MET if received else NOT_MET,
                f"Radiotherapy to the {where}{_when(first)}{_named(first)}; {requirement}",
                distinct([ref for r in hits for ref in r.evidence]),
            )
        # A course not known to be given (planned, RT-PLANNING; "not known" on a form) asks only
        # about the sites asked for: a simulation for bone radiotherapy says nothing of the neck.
        open_ = [
            r
            for r in facts.radiotherapy
            if not r.sites or r.sites & maybe or (not r.given and r.sites & covers)
        ]
        if open_:
            return _open(open_[0], names, requirement)
        others = [r for r in facts.radiotherapy if r.given]
        if not received and asks_locoregional:
            treated = _treated_before(facts, taxonomy, trial_cancers)
            if treated is not None:
                return _asked(*treated, names, requirement)
        if others:
            elsewhere = "; ".join(f"{_sites(r.sites)}{_when(r)}" for r in others if r.sites)
            evidence = distinct([ref for r in others for ref in r.evidence])
            reason = f"Radiotherapy only to other sites ({elsewhere}); {requirement}"
            if received:
                return Decision(UNKNOWN, reason, evidence, f"Record radiotherapy to the {names}")
            return Decision(MET, reason, evidence)
        if received:
            return Decision(
                UNKNOWN,
                f"No radiotherapy recorded; {requirement}",
                (),
                f"Record radiotherapy to the {names}",
            )
        return Decision(MET, f"No radiotherapy recorded; {requirement}", ())

    return evaluate


def _treated_before(
    facts: PatientFacts, taxonomy: CancerTaxonomy, trial_cancers: tuple[str, ...] = ()
) -> tuple[str, tuple[str, ...]] | None:
    """Why a head and neck cancer with no locoregional course recorded was once treated with
    curative intent, which normally irradiates the nasopharynx and neck (TRIAL-NO-PRIOR-
    LOCOREGIONAL-RT, RT-IN-DIAGNOSIS): what the record says, and its evidence; None when it
    does not say so."""
    spread = (
        since
        for d in facts.diagnoses
        for since in (d.metastatic_since, d.relapsed_since)
        if since is not None
    )
    stage = _once_locoregional(facts.stages, spread) if _head_and_neck(facts, taxonomy) else None
    if stage is not None:
        return (
            f"Disease recorded as {stage.m} on {stage.date} before it spread",
            stage.evidence,
        )
    restaged = _restaged_recurrence(facts, taxonomy)
    if restaged is not None:
        on = f" on {restaged.date}" if restaged.date else ""
        return (
            f"Cancer restaged{on} as a recurrence (rTNM{_staged_as(restaged)}), so treated before",
            restaged.evidence,
        )
    again = _recurred_after_m0(facts, taxonomy)
    if again is not None:
        return (
            f"{again.text or 'Cancer'} staged M0 at diagnosis, recorded as recurred or "
            "spread since",
            again.evidence,
        )
    came_back = facts.metastatic.recurred
    if came_back and _head_and_neck(facts, taxonomy):
        # STG-RECURRED: staged M0, and come back since (therapy begun again after a long
        # break, LOT-RECURRENCE-UNDATED): once locoregional, as `_recurred_after_m0`.
        return (
            f"Cancer staged M0, recurred since ({came_back}), so treated before",
            facts.metastatic.evidence,
        )
    treated = _after_multimodal_treatment(facts, taxonomy)
    if treated is not None:
        return (
            f"{treated.text or 'Cancer'} recorded as treated before with several "
            "modalities, not named",
            treated.evidence,
        )
    other = _other_head_and_neck_cancer(facts, taxonomy, trial_cancers)
    if other is not None:
        return other
    late = _spread_long_after_diagnosis(facts, taxonomy)
    if late is not None:
        diagnosis, diagnosed, spread_on = late
        return (
            f"{diagnosis.text or 'Cancer'} diagnosed {_on_or_between(diagnosis, diagnosed)}"
            f"{_perhaps(diagnosis, diagnosed, spread_on)} more than {DE_NOVO_DAYS} days "
            f"before it spread on {spread_on}, so locoregional in between",
            diagnosis.evidence,
        )
    return None


def _asked(before: str, evidence: Iterable[str], names: str, requirement: str) -> Decision:
    return Decision(
        UNKNOWN,
        f"{before}: curative treatment of locoregional head and neck cancer normally includes "
        f"radiotherapy to the {names}, and none is recorded; {requirement}",
        distinct(evidence),
        f"Confirm whether the {names} was irradiated (curative radiotherapy may have been given "
        "elsewhere)",
    )


def _on_or_between(diagnosis: CancerDiagnosis, diagnosed: date) -> str:
    """GEN-ONSET-TEXT: an onset recorded as an age is a span of days."""
    latest = diagnosis.onset_latest if diagnosis.onset == diagnosed else None
    return (
        f"between {diagnosed} and {latest} (onset recorded as an age)"
        if latest
        else (f"on {diagnosed}")
    )


def _perhaps(diagnosis: CancerDiagnosis, diagnosed: date, spread_on: date) -> str:
    """An age onset whose last day is within the de novo window may not be long before: the
    question stands (GEN-UNKNOWN), said as a possibility."""
    latest = diagnosis.onset_latest if diagnosis.onset == diagnosed else None
    late = latest is None or spread_on > latest + timedelta(days=DE_NOVO_DAYS)
    return "," if late else ", perhaps"


def _spread_long_after_diagnosis(
    facts: PatientFacts, taxonomy: CancerTaxonomy
) -> tuple[CancerDiagnosis, date, date] | None:
    """A confirmed head and neck cancer (or one not placed) first diagnosed more than
    DE_NOVO_DAYS before it first spread (metastasis or recurrence): not de novo metastatic
    disease (LOT-SETTING), so once locoregional. Its diagnoses, dates and spread are read per
    cancer type, as the lines read them."""
    by_type: dict[str | None, list[CancerDiagnosis]] = {}
    for diagnosis in facts.diagnoses:
        if diagnosis.verification_status in UNCONFIRMED_VERIFICATION or not _may_be_head_and_neck(
            diagnosis, taxonomy
        ):
            continue
        by_type.setdefault(diagnosis.cancer_type, []).append(diagnosis)
    for found in by_type.values():
        diagnosed = min((d.diagnosed for d in found if d.diagnosed), default=None)
        spread = min(
            (s for d in found for s in (d.metastatic_since, d.relapsed_since) if s is not None),
            default=None,
        )
        if diagnosed and spread and spread > diagnosed + timedelta(days=DE_NOVO_DAYS):
            first = next(d for d in found if d.diagnosed == diagnosed)
            return first, diagnosed, spread
    return None


def _open(course: RadiotherapyCourse, names: str, requirement: str) -> Decision:
    evidence = distinct(course.evidence)
    if not course.given:
        return Decision(
            UNKNOWN,
            f"Radiotherapy{_when(course)}{_named(course)} not recorded as given (a plan or "
            f"simulation, or not known); {requirement}",
            evidence,
            f"Find out whether the {names} was irradiated",
        )
    where = f"to the {_sites(course.sites)}" if course.sites else "without its site"
    return Decision(
        UNKNOWN,
        f"Radiotherapy{_when(course)}{_named(course)} recorded {where}; {requirement}",
        evidence,
        f"Record the site of the radiotherapy{_when(course)}: was the {names} irradiated?",
    )


def _restaged_recurrence(facts: PatientFacts, taxonomy: CancerTaxonomy) -> Stage | None:
    """STG-RESTAGED-RECURRENCE: a stage of a head and neck cancer (or of one not placed) written
    as a retreatment classification: the cancer recurred after treatment, which for such a
    cancer staged M0 is curative radiotherapy to the nasopharynx and neck."""
    owners = {ref: d for d in facts.diagnoses for ref in d.evidence}
    for stage in facts.stages:
        if not stage.restaged:
            continue
        owner = owners.get(stage.diagnosis) if stage.diagnosis else None
        if owner is None and _head_and_neck(facts, taxonomy):
            return stage
        if owner is not None and _may_be_head_and_neck(owner, taxonomy):
            return stage
    return None


def _staged_as(stage: Stage) -> str:
    categories = " ".join(c for c in (stage.t, stage.n, stage.m) if c)
    return f": {categories}" if categories else ""


def _recurred_after_m0(facts: PatientFacts, taxonomy: CancerTaxonomy) -> CancerDiagnosis | None:
    """A head and neck cancer (or one not placed) staged M0 at diagnosis and recorded as
    recurred, undated (LOT-RECURRENCE-UNDATED): once locoregional."""
    return next(
        (d for d in facts.diagnoses if d.recurred_undated and _may_be_head_and_neck(d, taxonomy)),
        None,
    )


def _after_multimodal_treatment(
    facts: PatientFacts, taxonomy: CancerTaxonomy
) -> CancerDiagnosis | None:
    """RT-IN-DIAGNOSIS: a head and neck cancer (or one not placed) whose words say it was
    treated before with several modalities ("鼻咽癌综合治疗后"): in practice chemoradiotherapy to
    its fields, which the words do not say."""
    return next(
        (d for d in facts.diagnoses if d.after_multimodal and _may_be_head_and_neck(d, taxonomy)),
        None,
    )


def _other_head_and_neck_cancer(
    facts: PatientFacts, taxonomy: CancerTaxonomy, trial_cancers: tuple[str, ...] = ()
) -> tuple[str, tuple[str, ...]] | None:
    """RT-OTHER-HEAD-AND-NECK-CANCER: a head and neck cancer of another type than the chart's
    current one, treated before it — a personal history of one (a prior malignancy of that
    cancer), or a diagnosis of its own more than DE_NOVO_DAYS older than the current cancer.
    The current cancer is the trial's (`trial_cancers`: the newest of the chart's cancers the
    trial may be for), else the newest of another type. Its curative treatment usually
    irradiated the neck."""
    # A cancer Condition older than the chart's newest cancer is also read as a prior
    # malignancy: the trial's own cancer so read is no other head and neck cancer.
    diagnosed = {d.evidence for d in facts.diagnoses} if trial_cancers else set()
    for prior in facts.comorbidities:
        if prior.kind is not Comorbidity.PRIOR_OTHER_MALIGNANCY:
            continue
        if prior.evidence in diagnosed and any(
            taxonomy.related(prior.cancer_type or "", cancer) for cancer in trial_cancers
        ):
            continue
        if taxonomy.is_head_and_neck(prior.cancer_type):
            return (
                f"{prior.text or _label(prior.cancer_type, taxonomy)} recorded, a head and neck "
                "cancer treated before",
                prior.evidence,
            )
    first: dict[str, CancerDiagnosis] = {}
    for diagnosis in sorted(
        (d for d in facts.diagnoses if d.cancer_type and d.diagnosed),
        key=lambda d: d.diagnosed or date.min,
    ):
        first.setdefault(diagnosis.cancer_type or "", diagnosis)
    window = timedelta(days=DE_NOVO_DAYS)
    trials = [
        node for node in first if any(taxonomy.related(node, cancer) for cancer in trial_cancers)
    ]
    for node, older in first.items():
        if not taxonomy.is_head_and_neck(node) or older.diagnosed is None:
            continue
        current = trials[-1:] if trials else [other for other in first if other != node]
        newer = [
            d
            for other in current
            if other != node
            and (d := first[other]).diagnosed
            and d.diagnosed > older.diagnosed + window
        ]
        if newer and older.verification_status not in UNCONFIRMED_VERIFICATION:
            return (
                f"{older.text or _label(node, taxonomy)} diagnosed on {older.diagnosed}, a head "
                f"and neck cancer treated before the {newer[-1].text or 'newer cancer'}",
                older.evidence,
            )
    return None


def _label(node: str | None, taxonomy: CancerTaxonomy) -> str:
    return taxonomy.label(node) if node and node in taxonomy else "Cancer"


def _may_be_head_and_neck(diagnosis: CancerDiagnosis, taxonomy: CancerTaxonomy) -> bool:
    """A head and neck cancer, or one not placed on the taxonomy."""
    node = diagnosis.cancer_type
    return node is None or node not in taxonomy or taxonomy.is_head_and_neck(node)


def _head_and_neck(facts: PatientFacts, taxonomy: CancerTaxonomy) -> bool:
    """Whether a diagnosis is a head and neck cancer, or no cancer could be placed."""
    placed = [d.cancer_type for d in facts.diagnoses if d.cancer_type in taxonomy]
    if not placed:
        return True
    return any(taxonomy.is_head_and_neck(node) for node in placed)
