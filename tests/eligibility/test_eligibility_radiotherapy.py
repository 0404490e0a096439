"""The prior-radiotherapy rule (TRIAL-NO-PRIOR-LOCOREGIONAL-RT)."""

from __future__ import annotations

from datetime import date
from typing import Any

from eligibility_factories import seed_patient
from pydantic import TypeAdapter

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import (
    CancerDiagnosis,
    ComorbidityFact,
    MetastaticStatus,
    RadiotherapyCourse,
    Stage,
)
from eligibility.results import CriterionResult, CriterionStatus
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import Comorbidity, RadiotherapySite

M = CriterionStatus.MET
N = CriterionStatus.NOT_MET
U = CriterionStatus.UNKNOWN
SITE = RadiotherapySite
NO_LOCOREGIONAL = {
    "type": "prior_radiotherapy",
    "id": "no-prior-locoregional-rt",
    "label": "No prior radiotherapy to the nasopharynx or neck",
    "sites": ["nasopharynx", "neck"],
}


def _decide(criterion: dict[str, Any] = NO_LOCOREGIONAL, **update: Any) -> CriterionResult:
    parsed = TypeAdapter(Criterion).validate_python(criterion)
    return evaluate_criterion(parsed, seed_patient(**update), default_taxonomy())


def _course(*sites: RadiotherapySite, **extra: Any) -> RadiotherapyCourse:
    return RadiotherapyCourse(
        start=date(2026, 8, 24),
        end=date(2026, 10, 9),
        sites=frozenset(sites),
        evidence=("Procedure/rt",),
        **extra,
    )


def test_trial_no_prior_locoregional_rt_nasopharynx_or_neck_excludes() -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT: RT to the nasopharynx, or the neck alone, is not met."""
    for sites in ((SITE.NASOPHARYNX, SITE.NECK), (SITE.NECK,)):
        result = _decide(radiotherapy=(_course(*sites),))
        assert result.status is N
        assert result.evidence == ("Procedure/rt",)


def test_trial_no_prior_locoregional_rt_other_sites_do_not_exclude() -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT: palliative bone RT, breast RT are met."""
    result = _decide(radiotherapy=(_course(SITE.BONE), _course(SITE.BREAST)))
    assert result.status is M
    assert "other sites" in result.reason


def test_trial_no_prior_locoregional_rt_site_not_recorded_is_unknown() -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT: RT without a site, or only "head and neck", asks."""
    for course in (_course(), _course(SITE.HEAD_AND_NECK)):
        result = _decide(radiotherapy=(course,))
        assert result.status is U
        assert result.to_settle is not None
        assert "site" in result.to_settle


def test_trial_no_prior_locoregional_rt_not_known_whether_given_is_unknown() -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT: a self-reported "not known" stays unknown."""
    course = RadiotherapyCourse(sites=frozenset({SITE.NASOPHARYNX, SITE.NECK}), given=None)
    assert _decide(radiotherapy=(course,)).status is U


def test_rt_planning_a_plan_asks_only_about_its_sites() -> None:
    """RT-PLANNING: a simulation of the nasopharynx, its delivery not recorded, asks whether it
    was irradiated, never excludes; beside a course given there, the course decides; a
    simulation for bone radiotherapy says nothing of the neck."""
    planned = _course(SITE.NASOPHARYNX, given=None, text="CT模拟定位 (鼻咽)")
    result = _decide(radiotherapy=(planned,))
    assert result.status is U
    assert result.to_settle is not None
    assert "Find out whether the nasopharynx or neck was irradiated" in result.to_settle
    assert "CT模拟定位" in result.reason
    assert _decide(radiotherapy=(planned, _course(SITE.NASOPHARYNX))).status is N
    assert _decide(radiotherapy=(_course(SITE.BONE, given=None),)).status is M


def test_trial_no_prior_locoregional_rt_once_locoregional_disease_asks() -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT: M0 staged before a later M1, no RT recorded: curative
    treatment normally included RT, so unknown; de novo M1 with no RT is met."""
    earlier = Stage(m="M0", group="III", date=date(2023, 2, 20), evidence=("Observation/m0",))
    later = Stage(m="M1", date=date(2025, 10, 20))
    result = _decide(stages=(later, earlier))
    assert result.status is U
    assert result.evidence == ("Observation/m0",)
    assert result.to_settle is not None
    assert "irradiated" in result.to_settle
    assert _decide(stages=(later,)).status is M
    assert _decide(stages=(Stage(m="M0", date=date(2026, 10, 1)),)).status is M
    assert _decide(stages=(later, earlier), radiotherapy=(_course(SITE.NECK),)).status is N


def test_trial_no_prior_locoregional_rt_a_cancer_come_back_after_its_m0_asks() -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT with STG-RECURRED: staged M0, then therapy begun again
    after a long break (the cancer came back), no RT recorded: once locoregional, so treated
    with curative intent, which irradiates the nasopharynx and neck; ask (chart
    `rw_m0_induction_only_then_chemoimmunotherapy`)."""
    came_back = MetastaticStatus(
        value=None,
        reason="Metastatic status unknown",
        recurred="cisplatin, gemcitabine begun on 2026-04-08, 786 days after the last therapy",
        evidence=("Observation/m0",),
    )
    result = _decide(metastatic=came_back)
    assert result.status is U, result.reason
    assert result.reason.startswith("Cancer staged M0, recurred since (cisplatin")
    assert result.evidence == ("Observation/m0",)
    assert _decide(metastatic=came_back, radiotherapy=(_course(SITE.NECK),)).status is N


def _diagnosis(node: str, onset: date, spread: date | None, **extra: Any) -> CancerDiagnosis:
    return CancerDiagnosis(
        cancer_type=node,
        text="鼻咽癌",
        onset=onset,
        metastatic_since=spread,
        evidence=("Condition/npc",),
        **extra,
    )


def test_trial_no_prior_locoregional_rt_spread_long_after_diagnosis_asks() -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT with LOT-SETTING's window: an NPC that spread more than
    90 days after its diagnosis was locoregional in between; within 90 days it is de novo."""
    npc = "nasopharyngeal_carcinoma"
    spread = date(2025, 10, 15)
    m1 = (Stage(m="M1", date=date(2025, 10, 20)),)
    late = _decide(diagnoses=(_diagnosis(npc, date(2023, 2, 14), spread),), stages=m1)
    assert late.status is U
    assert late.reason.startswith("鼻咽癌 diagnosed on 2023-02-14, more than 90 days before")
    assert late.evidence == ("Condition/npc",)
    # The 91st day after the diagnosis is later than the window; the 90th is inside it.
    for onset, status in ((date(2025, 7, 16), U), (date(2025, 7, 17), M)):
        assert _decide(diagnoses=(_diagnosis(npc, onset, spread),), stages=m1).status is status
    # A recurrence short of distant spread counts as spread.
    relapsed = _diagnosis(npc, date(2023, 2, 14), None, relapsed_since=spread)
    assert _decide(diagnoses=(relapsed,), stages=m1).status is U
    # Not a head and neck cancer, or not confirmed: not asked.
    lung = _diagnosis("non_small_cell_lung_cancer", date(2023, 2, 14), spread)
    assert _decide(diagnoses=(lung,), stages=m1).status is M
    doubted = _diagnosis(npc, date(2023, 2, 14), spread, verification_status="provisional")
    assert _decide(diagnoses=(doubted,), stages=m1).status is M
    # Radiotherapy recorded decides.
    irradiated = _decide(
        diagnoses=(_diagnosis(npc, date(2023, 2, 14), spread),),
        stages=m1,
        radiotherapy=(_course(SITE.NASOPHARYNX),),
    )
    assert irradiated.status is N


def test_trial_no_prior_locoregional_rt_received_true_needs_the_site() -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT, the inclusion form: required RT absent is unknown."""
    required = {**NO_LOCOREGIONAL, "received": True}
    assert _decide(required).status is U
    assert _decide(required, radiotherapy=(_course(SITE.NECK),)).status is M
    assert _decide(required, radiotherapy=(_course(SITE.BONE),)).status is U
    head_and_neck = {**NO_LOCOREGIONAL, "sites": ["head_and_neck"]}
    assert _decide(head_and_neck, radiotherapy=(_course(SITE.NASOPHARYNX),)).status is N


def test_stg_restaged_recurrence_an_rtnm_stage_asks_about_radiotherapy() -> None:
    """STG-RESTAGED-RECURRENCE: a head and neck cancer restaged rT0 rN0 rM1, with no earlier
    stage and no radiotherapy recorded, recurred after treatment given elsewhere: ask. The same
    stage without the prefix is de novo metastatic disease: met."""
    npc = _diagnosis("nasopharyngeal_carcinoma", date(2025, 10, 16), date(2025, 10, 15))
    restaged = Stage(
        t="T0", n="N0", m="M1", date=date(2025, 10, 20), evidence=("Observation/r",), restaged=True
    )
    asked = _decide(diagnoses=(npc,), stages=(restaged,))
    assert asked.status is U
    assert asked.reason.startswith("Cancer restaged on 2025-10-20 as a recurrence (rTNM: T0 N0 M1)")
    assert asked.evidence == ("Observation/r",)
    de_novo = restaged.model_copy(update={"restaged": False})
    assert _decide(diagnoses=(npc,), stages=(de_novo,)).status is M
    # Radiotherapy recorded decides; another cancer's rTNM does not ask.
    irradiated = _decide(
        diagnoses=(npc,), stages=(restaged,), radiotherapy=(_course(SITE.NASOPHARYNX),)
    )
    assert irradiated.status is N
    lung = _diagnosis("non_small_cell_lung_cancer", date(2025, 10, 16), date(2025, 10, 15))
    owned = restaged.model_copy(update={"diagnosis": "Condition/npc"})
    assert _decide(diagnoses=(lung,), stages=(owned,)).status is M


def test_rt_in_diagnosis_multimodal_treatment_of_a_head_and_neck_cancer_asks() -> None:
    """RT-IN-DIAGNOSIS: an NPC "treated before with several modalities" (综合治疗后) was, in
    practice, irradiated, but its words do not say so: ask whether the nasopharynx or neck was,
    never exclude. Another cancer's multimodal treatment does not ask; radiotherapy decides."""
    npc = _diagnosis(
        "nasopharyngeal_carcinoma", date(2026, 2, 10), date(2026, 2, 10), after_multimodal=True
    )
    asked = _decide(diagnoses=(npc,))
    assert asked.status is U
    assert asked.reason.startswith("鼻咽癌 recorded as treated before with several modalities")
    assert asked.to_settle is not None
    assert asked.to_settle.startswith("Confirm whether the nasopharynx or neck was irradiated")
    assert asked.evidence == ("Condition/npc",)
    rectal = _diagnosis("colorectal_cancer", date(2026, 2, 10), None, after_multimodal=True)
    assert _decide(diagnoses=(rectal,)).status is M
    irradiated = _decide(diagnoses=(npc,), radiotherapy=(_course(SITE.NASOPHARYNX),))
    assert irradiated.status is N


def test_rt_other_head_and_neck_cancer_treated_before_asks() -> None:
    """RT-OTHER-HEAD-AND-NECK-CANCER: a history of laryngeal cancer, or a laryngeal cancer
    diagnosed years before the NPC, asks whether the neck was irradiated; a prior breast cancer,
    a laryngeal cancer found with the NPC, or a doubted one, does not; radiotherapy recorded
    decides."""
    npc = "nasopharyngeal_carcinoma"
    current = _diagnosis(npc, date(2026, 3, 18), date(2026, 3, 25))
    m1 = (Stage(m="M1", date=date(2026, 3, 25)),)

    def prior(node: str) -> ComorbidityFact:
        return ComorbidityFact(
            kind=Comorbidity.PRIOR_OTHER_MALIGNANCY,
            cancer_type=node,
            text="喉癌病史",
            evidence=("Condition/old",),
        )

    history = _decide(diagnoses=(current,), stages=m1, comorbidities=(prior("laryngeal_cancer"),))
    assert history.status is U
    assert history.reason.startswith("喉癌病史 recorded, a head and neck cancer treated before")
    assert history.evidence == ("Condition/old",)
    breast = _decide(diagnoses=(current,), stages=m1, comorbidities=(prior("breast_cancer"),))
    assert breast.status is M

    def larynx(onset: date, **extra: Any) -> CancerDiagnosis:
        return CancerDiagnosis(
            cancer_type="laryngeal_cancer", onset=onset, evidence=("Condition/larynx",), **extra
        )

    older = _decide(diagnoses=(larynx(date(2015, 3, 10)), current), stages=m1)
    assert older.status is U
    assert older.evidence == ("Condition/larynx",)
    synchronous = _decide(diagnoses=(larynx(date(2026, 3, 1)), current), stages=m1)
    assert synchronous.status is M
    doubted = larynx(date(2015, 3, 10), verification_status="provisional")
    assert _decide(diagnoses=(doubted, current), stages=m1).status is M
    irradiated = _decide(
        diagnoses=(larynx(date(2015, 3, 10)), current),
        stages=m1,
        radiotherapy=(_course(SITE.NECK),),
    )
    assert irradiated.status is N


def test_rt_other_head_and_neck_cancer_is_older_than_the_trials_cancer() -> None:
    """RT-OTHER-HEAD-AND-NECK-CANCER: the trial's own cancer is never the other one. A de novo
    metastatic NPC, never irradiated, and a lymphoma diagnosed six months later: for an NPC
    trial the NPC is the current cancer (met); a trial that names no cancer reads the newest,
    the lymphoma (the NPC asks). A laryngeal cancer older than the trial's NPC still asks, for
    an NPC trial and for a head and neck trial (the NPC its newest cancer)."""
    npc = _diagnosis("nasopharyngeal_carcinoma", date(2026, 3, 18), date(2026, 3, 25))
    lymphoma = CancerDiagnosis(
        cancer_type="non_hodgkin_lymphoma", onset=date(2026, 9, 10), evidence=("Condition/dlbcl",)
    )
    # The mapping reads a cancer older than the chart's newest as a prior malignancy too.
    as_prior = ComorbidityFact(
        kind=Comorbidity.PRIOR_OTHER_MALIGNANCY,
        cancer_type="nasopharyngeal_carcinoma",
        text="鼻咽癌",
        evidence=("Condition/npc",),
    )
    m1 = (Stage(m="M1", date=date(2026, 3, 25)),)
    chart: dict[str, Any] = {
        "diagnoses": (npc, lymphoma),
        "stages": m1,
        "comorbidities": (as_prior,),
    }
    for_npc = {**NO_LOCOREGIONAL, "cancer_types": ["nasopharyngeal_carcinoma"]}
    assert _decide(for_npc, **chart).status is M
    assert _decide(NO_LOCOREGIONAL, **chart).status is U
    larynx = CancerDiagnosis(
        cancer_type="laryngeal_cancer", onset=date(2015, 3, 10), evidence=("Condition/larynx",)
    )
    older = {"diagnoses": (larynx, npc, lymphoma), "stages": m1}
    assert _decide(for_npc, **older).status is U
    for_head_and_neck = {**NO_LOCOREGIONAL, "cancer_types": ["head_and_neck_cancer"]}
    asked = _decide(for_head_and_neck, **older)
    assert asked.status is U
    assert asked.evidence == ("Condition/larynx",)


def test_trial_no_prior_locoregional_rt_head_and_neck_cancers_are_one_taxonomy_branch() -> None:
    """The head-and-neck rules (this one and LOT-SETTING) ask the taxonomy one question: the
    node is head and neck cancer or lies below it. A node off the tree, or none, is not."""
    taxonomy = default_taxonomy()
    assert taxonomy.is_head_and_neck("nasopharyngeal_carcinoma")
    assert taxonomy.is_head_and_neck("salivary_gland_cancer")
    assert taxonomy.is_head_and_neck("head_and_neck_cancer")
    assert not taxonomy.is_head_and_neck("thyroid_cancer")
    assert not taxonomy.is_head_and_neck("solid_tumor")
    assert not taxonomy.is_head_and_neck("no_such_node")
    assert not taxonomy.is_head_and_neck(None)
