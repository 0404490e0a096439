"""Rules CNS-METASTASES, INF-HIV and INF-HEPATITIS (docs/clinical-rules.md): what is met, not
met and unknown for brain metastases and chronic viral infections."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from eligibility_factories import seed_patient
from pydantic import TypeAdapter, ValidationError

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import BrainMetastasisStatus, ComorbidityFact, InfectionControl
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import Comorbidity

M, N, U = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN
adapter: TypeAdapter[Criterion] = TypeAdapter(Criterion)
BRAIN = ComorbidityFact(kind=Comorbidity.BRAIN_METASTASES, evidence=("Condition/bm",))


def _decide(criterion: dict[str, Any], **update: Any) -> tuple[CriterionStatus, str, str | None]:
    c = adapter.validate_python({"id": "c", "label": "c", **criterion})
    result = evaluate_criterion(c, seed_patient(**update), default_taxonomy())
    return result.status, result.reason, result.to_settle


def _brain(allowed: str, status: BrainMetastasisStatus | None = None, **extra: Any) -> Any:
    update: dict[str, Any] = {"comorbidities": (BRAIN,)}
    if status is not None:
        update["brain_metastasis_status"] = status
    return _decide({"type": "brain_metastases", "allowed": allowed, **extra}, **update)


TREATED = BrainMetastasisStatus(treated=True, evidence=("Procedure/srs",))


@pytest.mark.parametrize("allowed", ["none", "treated_stable", "not_active", "asymptomatic", "any"])
def test_cns_metastases_none_recorded_is_met_as_every_exclusion(allowed: str) -> None:
    status, reason, _ = _decide({"type": "brain_metastases", "allowed": allowed})
    assert status is M
    assert "No brain metastases recorded" in reason


def test_cns_metastases_none_allowed_excludes_any() -> None:
    assert _brain("none", TREATED)[0] is N


def test_cns_metastases_any_allowed_is_met() -> None:
    assert _brain("any")[0] is M


def test_cns_metastases_unconfirmed_is_unknown() -> None:
    possible = BRAIN.model_copy(update={"confirmed": False})
    status, _, to_settle = _decide(
        {"type": "brain_metastases", "allowed": "none"}, comorbidities=(possible,)
    )
    assert status is U
    assert to_settle
    assert "brain imaging" in to_settle


LEPTO = ComorbidityFact(kind=Comorbidity.LEPTOMENINGEAL_DISEASE, evidence=("Condition/lm",))
STABLE = BrainMetastasisStatus(treated=True, stable=True, evidence=("Procedure/wbrt",))


@pytest.mark.parametrize("allowed", ["treated_stable", "not_active", "asymptomatic"])
def test_cns_metastases_leptomeningeal_disease_excludes_whatever_its_treatment(
    allowed: str,
) -> None:
    """Leptomeningeal spread treated and stable (intrathecal MTX, whole-brain RT, a stable
    scan) is not the treated, stable brain metastases an allowance means; alone or beside
    treated, stable parenchymal ones."""
    status, reason, _ = _decide(
        {"type": "brain_metastases", "allowed": allowed},
        comorbidities=(BRAIN, LEPTO),
        brain_metastasis_status=STABLE,
    )
    assert status is N
    assert "Leptomeningeal disease recorded" in reason
    # As the web form answers it: recorded, with no resource to cite.
    answered = LEPTO.model_copy(update={"evidence": ()})
    assert (
        _decide(
            {"type": "brain_metastases", "allowed": allowed},
            comorbidities=(BRAIN, answered),
            brain_metastasis_status=STABLE,
        )[0]
        is N
    )


@pytest.mark.parametrize(
    "status",
    [
        None,
        BrainMetastasisStatus(treated=False),
        TREATED,
        STABLE,
        BrainMetastasisStatus(treated=True, stable=False),
        BrainMetastasisStatus(on_steroids=True, steroids=("dexamethasone",)),
    ],
)
def test_cns_metastases_asymptomatic_asks_about_symptoms_whatever_the_treatment(
    status: BrainMetastasisStatus | None,
) -> None:
    """`asymptomatic` (CT-CNS-QUALIFIER: "Known symptomatic brain metastases"): untreated or
    progressing ones are admitted when they cause no symptoms, treated, stable ones are not
    when they do, and no fact holds symptoms or a need for treatment now: ask, never met, never
    not met."""
    decided, reason, to_settle = _brain("asymptomatic", status)
    assert decided is U
    assert "cause symptoms or need treatment now" in reason
    assert to_settle == "Record whether the brain metastases cause symptoms or need treatment now"


def test_cns_metastases_asymptomatic_possible_brain_or_leptomeningeal_spread_asks() -> None:
    possible = BRAIN.model_copy(update={"confirmed": False})
    status, _, to_settle = _decide(
        {"type": "brain_metastases", "allowed": "asymptomatic"}, comorbidities=(possible,)
    )
    assert (status, to_settle) == (U, "Confirm or refute brain metastases (brain imaging)")
    lmd = LEPTO.model_copy(update={"confirmed": False})
    status, reason, _ = _decide(
        {"type": "brain_metastases", "allowed": "asymptomatic"}, comorbidities=(BRAIN, lmd)
    )
    assert (status, reason.split(";")[0]) == (U, "Leptomeningeal disease possible, not established")


def test_cns_metastases_asymptomatic_takes_no_stability_window() -> None:
    with pytest.raises(ValidationError):
        adapter.validate_python(
            {
                "id": "c",
                "label": "c",
                "type": "brain_metastases",
                "allowed": "asymptomatic",
                "stable_days": 28,
            }
        )


@pytest.mark.parametrize(("allowed", "expected"), [("none", N), ("any", M)])
def test_cns_metastases_leptomeningeal_disease_under_none_and_any(
    allowed: str, expected: CriterionStatus
) -> None:
    status, _, _ = _decide(
        {"type": "brain_metastases", "allowed": allowed},
        comorbidities=(BRAIN, LEPTO),
        brain_metastasis_status=STABLE,
    )
    assert status is expected


@pytest.mark.parametrize("allowed", ["treated_stable", "not_active"])
def test_cns_metastases_possible_leptomeningeal_disease_asks(allowed: str) -> None:
    """Treated, stable brain metastases and a leptomeningeal spread not excluded: ask, never
    met, never not met on the suspicion; untreated brain metastases still exclude."""
    possible = LEPTO.model_copy(update={"confirmed": False})
    status, reason, to_settle = _decide(
        {"type": "brain_metastases", "allowed": allowed},
        comorbidities=(BRAIN, possible),
        brain_metastasis_status=STABLE,
    )
    assert status is U
    assert "Leptomeningeal disease possible" in reason
    assert to_settle is not None
    assert "leptomeningeal" in to_settle
    untreated = BrainMetastasisStatus(treated=False)
    assert (
        _decide(
            {"type": "brain_metastases", "allowed": allowed},
            comorbidities=(BRAIN, possible),
            brain_metastasis_status=untreated,
        )[0]
        is N
    )


@pytest.mark.parametrize(
    ("allowed", "status", "brain_reason", "brain_asks"),
    [
        (
            "treated_stable",
            None,
            "brain metastases recorded, treatment not recorded",
            "record the treatment of the brain metastases",
        ),
        (
            "not_active",
            None,
            "brain metastases recorded, treatment not recorded",
            "record whether the brain metastases were treated",
        ),
        (
            "treated_stable",
            TREATED,
            "stability not recorded",
            "record the latest brain imaging",
        ),
        (
            "asymptomatic",
            None,
            "whether they cause symptoms or need treatment now not recorded",
            "record whether the brain metastases cause symptoms or need treatment now",
        ),
        (
            "asymptomatic",
            BrainMetastasisStatus(treated=False),
            "whether they cause symptoms or need treatment now not recorded",
            "record whether the brain metastases cause symptoms or need treatment now",
        ),
    ],
)
def test_cns_metastases_possible_leptomeningeal_disease_beside_open_brain_metastases_asks_both(
    allowed: str,
    status: BrainMetastasisStatus | None,
    brain_reason: str,
    brain_asks: str,
) -> None:
    """CNS-METASTASES: leptomeningeal disease possible beside brain metastases that leave the
    criterion open for their own reason (treatment or stability not recorded; symptoms, which
    no fact holds): the card says both and asks both — refuting the leptomeningeal disease
    leaves the brain metastases to answer. Before 7 December 2026 (twenty-fifth session) it
    asked about the leptomeningeal disease only."""
    possible = LEPTO.model_copy(update={"confirmed": False})
    update: dict[str, Any] = {"comorbidities": (BRAIN, possible)}
    if status is not None:
        update["brain_metastasis_status"] = status
    decided, reason, to_settle = _decide({"type": "brain_metastases", "allowed": allowed}, **update)
    assert decided is U
    assert reason.startswith("Leptomeningeal disease possible, not established; ")
    assert brain_reason in reason
    assert to_settle is not None
    assert to_settle.startswith("Confirm or refute leptomeningeal disease")
    assert brain_asks in to_settle


@pytest.mark.parametrize("allowed", ["treated_stable", "not_active"])
def test_cns_metastases_possible_leptomeningeal_disease_beside_decided_brain_metastases(
    allowed: str,
) -> None:
    """CNS-METASTASES: where the brain metastases decide — untreated: not met, whatever the
    leptomeningeal disease; treated and stable: met but for it — the card says theirs and asks
    only what is open."""
    possible = LEPTO.model_copy(update={"confirmed": False})
    criterion = {"type": "brain_metastases", "allowed": allowed}
    untreated = BrainMetastasisStatus(treated=False)
    decided, reason, _ = _decide(
        criterion, comorbidities=(BRAIN, possible), brain_metastasis_status=untreated
    )
    assert (decided, reason.split(";")[0]) == (N, "Untreated brain metastases")
    decided, reason, to_settle = _decide(
        criterion, comorbidities=(BRAIN, possible), brain_metastasis_status=STABLE
    )
    assert decided is U
    assert to_settle is not None
    assert "brain metastases" not in to_settle.lower().replace("leptomeningeal", "")


def test_cns_metastases_treated_stable_untreated_is_not_met() -> None:
    assert _brain("treated_stable", BrainMetastasisStatus(treated=False))[0] is N


def test_cns_metastases_treated_stable_treatment_not_recorded_is_unknown() -> None:
    status, _, to_settle = _brain("treated_stable")
    assert status is U
    assert to_settle
    assert "radiotherapy or surgery" in to_settle


def test_cns_metastases_treated_stability_unknown_asks_for_brain_imaging() -> None:
    status, reason, to_settle = _brain("treated_stable", TREATED)
    assert status is U
    assert "stability not recorded" in reason
    assert to_settle
    assert "latest brain imaging" in to_settle


def test_cns_metastases_treated_and_stable_is_met() -> None:
    stable = TREATED.model_copy(update={"stable": True})
    assert _brain("treated_stable", stable)[0] is M
    assert _brain("not_active", stable)[0] is M


def test_cns_metastases_progressing_is_not_met() -> None:
    progressing = TREATED.model_copy(update={"stable": False})
    assert _brain("treated_stable", progressing)[0] is N
    assert _brain("not_active", progressing)[0] is N


def test_cns_metastases_stability_window() -> None:
    stable = TREATED.model_copy(update={"stable": True})
    assert _brain("treated_stable", stable, stable_days=28)[0] is U
    short = stable.model_copy(update={"stable_days": 14})
    assert _brain("treated_stable", short, stable_days=28)[0] is N
    long = stable.model_copy(update={"stable_days": 60})
    assert _brain("treated_stable", long, stable_days=28)[0] is M


def test_cns_metastases_steroid_condition() -> None:
    stable = TREATED.model_copy(update={"stable": True})
    assert _brain("treated_stable", stable, steroids_allowed=False)[0] is M
    on = stable.model_copy(update={"on_steroids": True})
    assert _brain("treated_stable", on, steroids_allowed=False)[0] is N
    assert _brain("treated_stable", on)[0] is M
    # Dexamethasone in the record may be antiemetic premedication: asked, not assumed.
    recorded = stable.model_copy(update={"steroids": ("dexamethasone",)})
    status, _, to_settle = _brain("treated_stable", recorded, steroids_allowed=False)
    assert status is U
    assert to_settle
    assert "dexamethasone" in to_settle


def test_cns_metastases_not_active_with_activity_unknown_is_unknown() -> None:
    assert _brain("not_active")[0] is U
    assert _brain("not_active", TREATED)[0] is U
    assert _brain("not_active", BrainMetastasisStatus(treated=False))[0] is N


def test_cns_metastases_window_only_with_treated_stable() -> None:
    with pytest.raises(ValidationError):
        adapter.validate_python(
            {
                "type": "brain_metastases",
                "id": "c",
                "label": "c",
                "allowed": "none",
                "stable_days": 28,
            }
        )


def _infection(kind: Comorbidity, excluded: str, control: InfectionControl | None = None) -> Any:
    update: dict[str, Any] = {
        "comorbidities": (ComorbidityFact(kind=kind, evidence=("Condition/i",)),)
    }
    if control is not None:
        update["infection_control"] = (control,)
    return _decide({"type": "infection", "infection": kind.value, "excluded": excluded}, **update)


@pytest.mark.parametrize(
    "kind", [Comorbidity.HIV, Comorbidity.HEPATITIS_B, Comorbidity.HEPATITIS_C]
)
def test_inf_none_recorded_is_met_and_any_recorded_excludes(kind: Comorbidity) -> None:
    for excluded in ("any", "uncontrolled"):
        criterion = {"type": "infection", "infection": kind.value, "excluded": excluded}
        assert _decide(criterion)[0] is M
    assert _infection(kind, "any")[0] is N


def test_inf_hiv_uncontrolled_with_nothing_to_tell_is_unknown() -> None:
    status, _, to_settle = _infection(Comorbidity.HIV, "uncontrolled")
    assert status is U
    assert to_settle
    assert "antiretroviral" in to_settle
    assert "CD4" in to_settle


def test_inf_hiv_controlled_is_met() -> None:
    control = InfectionControl(
        kind=Comorbidity.HIV, antiviral=True, viral_load_detectable=False, cd4=500
    )
    assert _infection(Comorbidity.HIV, "uncontrolled", control)[0] is M


@pytest.mark.parametrize(
    "fields",
    [{"viral_load_detectable": True}, {"cd4": 200.0}, {"antiviral": False}],
    ids=["detectable", "cd4-below-350", "no-art"],
)
def test_inf_hiv_uncontrolled_is_not_met(fields: dict[str, Any]) -> None:
    control = InfectionControl(kind=Comorbidity.HIV, **fields)
    assert _infection(Comorbidity.HIV, "uncontrolled", control)[0] is N


def test_inf_hiv_partly_known_good_is_unknown() -> None:
    control = InfectionControl(kind=Comorbidity.HIV, antiviral=True, viral_load_detectable=False)
    status, _, to_settle = _infection(Comorbidity.HIV, "uncontrolled", control)
    assert status is U
    assert to_settle == "Record the CD4 count"


@pytest.mark.parametrize("kind", [Comorbidity.HEPATITIS_B, Comorbidity.HEPATITIS_C])
def test_inf_hepatitis_viral_load_decides(kind: Comorbidity) -> None:
    detectable = InfectionControl(kind=kind, viral_load_detectable=True)
    undetectable = InfectionControl(kind=kind, viral_load_detectable=False)
    assert _infection(kind, "uncontrolled", detectable)[0] is N
    assert _infection(kind, "uncontrolled", undetectable)[0] is M
    # Untreated with no viral load may be an inactive carrier or a cured infection: asked.
    untreated = InfectionControl(kind=kind, antiviral=False)
    status, _, to_settle = _infection(kind, "uncontrolled", untreated)
    assert status is U
    assert to_settle
    assert "viral load" in to_settle


def _days_ago(days: int) -> date:
    return seed_patient().as_of - timedelta(days=days)


@pytest.mark.parametrize(
    ("treated_days_ago", "stable", "expected"),
    [
        (14, None, N),  # SRS two weeks ago: 4 weeks of stability cannot have passed
        (14, True, N),
        (27, True, N),
        (28, None, U),  # the window may have passed: imaging decides
        (60, None, U),
    ],
)
def test_cns_metastases_treated_within_the_window_is_not_met(
    treated_days_ago: int, stable: bool | None, expected: CriterionStatus
) -> None:
    status = BrainMetastasisStatus(
        treated=True, treated_on=_days_ago(treated_days_ago), stable=stable
    )
    found, reason, _ = _brain("treated_stable", status, stable_days=28)
    assert found is expected
    if expected is N:
        assert f"{treated_days_ago} days ago" in reason


def test_cns_metastases_window_does_not_apply_to_not_active() -> None:
    status = BrainMetastasisStatus(treated=True, treated_on=_days_ago(7))
    assert _brain("not_active", status)[0] is U


@pytest.mark.parametrize(
    ("fields", "expected", "settle"),
    [
        ({"surface_antigen_positive": False}, M, None),
        ({"surface_antigen_positive": True}, U, "Record the HBV DNA (viral load)"),
        ({"surface_antigen_positive": True, "viral_load_detectable": True}, N, None),
        (
            {"surface_antigen_positive": True, "viral_load_detectable": False, "antiviral": True},
            U,
            "definition of active hepatitis B",
        ),
    ],
    ids=["hbsag-negative", "hbsag-positive-no-dna", "dna-detectable", "suppressed-on-therapy"],
)
def test_inf_hepatitis_b_surface_antigen(
    fields: dict[str, Any], expected: CriterionStatus, settle: str | None
) -> None:
    control = InfectionControl(kind=Comorbidity.HEPATITIS_B, **fields)
    status, _, to_settle = _infection(Comorbidity.HEPATITIS_B, "uncontrolled", control)
    assert status is expected
    assert (
        (to_settle is None) if settle is None else (to_settle is not None and settle in to_settle)
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, M),  # no corticosteroid recorded
        ({"on_steroids": False}, M),
        ({"on_steroids": True, "steroid_dose_since": 20}, M),
        ({"on_steroids": True, "steroid_dose_since": 13}, N),
        ({"on_steroids": True}, U),  # since when at this dose: not recorded
        ({"steroids": ("dexamethasone",), "steroid_dose_since": 30}, M),  # for whatever reason
        ({"steroids": ("dexamethasone",), "steroid_dose_since": 5}, U),  # for the brain?
    ],
)
def test_cns_metastases_stable_corticosteroid_dose(
    fields: dict[str, Any], expected: CriterionStatus
) -> None:
    if "steroid_dose_since" in fields:
        fields["steroid_dose_since"] = _days_ago(fields["steroid_dose_since"])
    status = BrainMetastasisStatus(
        treated=True, treated_on=_days_ago(90), stable=True, stable_days=60, **fields
    )
    found, _, to_settle = _brain("treated_stable", status, stable_days=28, steroid_stable_days=14)
    assert found is expected
    assert (to_settle is not None) is (expected is U)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, M),  # no corticosteroid recorded
        ({"on_steroids": True}, N),
        ({"on_steroids": False, "steroids_stopped_on": 30}, M),
        ({"on_steroids": False, "steroids_stopped_on": 14}, M),  # the window is inclusive
        ({"on_steroids": False, "steroids_stopped_on": 3}, N),  # stopped 3 days ago
        ({"on_steroids": False}, U),  # stopped, when not recorded
        ({"steroids": ("dexamethasone",)}, U),  # current, for the brain?
    ],
)
def test_cns_metastases_off_corticosteroids_for_a_window(
    fields: dict[str, Any], expected: CriterionStatus
) -> None:
    """CNS-METASTASES: "off steroids for at least 14 days" — stopping yesterday is not enough,
    and a stop without a date cannot show the window has passed."""
    if "steroids_stopped_on" in fields:
        fields["steroids_stopped_on"] = _days_ago(fields["steroids_stopped_on"])
    status = BrainMetastasisStatus(
        treated=True, treated_on=_days_ago(90), stable=True, stable_days=60, **fields
    )
    found, reason, to_settle = _brain(
        "treated_stable", status, stable_days=28, steroids_allowed=False, steroid_free_days=14
    )
    assert found is expected
    assert "off corticosteroids for at least 14 days" in reason
    assert (to_settle is not None) is (expected is U)


@pytest.mark.parametrize(
    "steroid_fields",
    [
        # A stable dose is a dose given: it needs steroids allowed.
        {"steroids_allowed": False, "steroid_stable_days": 14},
        # A steroid-free window needs steroids not allowed (left at the default, allowed).
        {"steroid_free_days": 14},
    ],
)
def test_cns_metastases_contradictory_steroid_fields_are_refused(
    steroid_fields: dict[str, Any],
) -> None:
    criterion = {"id": "c", "label": "c", "type": "brain_metastases", "allowed": "treated_stable"}
    with pytest.raises(ValidationError):
        adapter.validate_python(criterion | steroid_fields)


def _ever(kind: Comorbidity, *facts: ComorbidityFact) -> Any:
    return _decide(
        {"type": "infection", "infection": kind.value, "excluded": "ever"}, comorbidities=facts
    )


CURED_HCV = ComorbidityFact(
    kind=Comorbidity.HEPATITIS_C, active=False, onset=date(2016, 3, 1), evidence=("Condition/c",)
)


def test_inf_ever_a_resolved_infection_is_a_history_and_excludes() -> None:
    """NCT04777994: "History of hepatitis B, hepatitis C, or HIV infection." A hepatitis C
    cured in 2018 is such a history; "any" (current) infection still reads it as none."""
    status, reason, _ = _ever(Comorbidity.HEPATITIS_C, CURED_HCV)
    assert status is N
    assert "resolved or inactive" in reason
    assert "past or present" in reason
    current = {"type": "infection", "infection": "hepatitis_c", "excluded": "any"}
    assert _decide(current, comorbidities=(CURED_HCV,))[0] is M


@pytest.mark.parametrize(
    "kind", [Comorbidity.HIV, Comorbidity.HEPATITIS_B, Comorbidity.HEPATITIS_C]
)
def test_inf_ever_none_recorded_is_met_and_a_current_infection_excludes(
    kind: Comorbidity,
) -> None:
    status, reason, _ = _ever(kind)
    assert status is M
    assert "past or present" in reason
    assert _ever(kind, ComorbidityFact(kind=kind, evidence=("Condition/i",)))[0] is N


def test_inf_ever_a_past_infection_results_only_suggest_is_unknown() -> None:
    past = ComorbidityFact(
        kind=Comorbidity.HEPATITIS_C,
        active=False,
        confirmed=False,
        text="anti-HCV positive, HCV RNA not detected",
        evidence=("Observation/ab", "Observation/rna"),
    )
    status, reason, to_settle = _ever(Comorbidity.HEPATITIS_C, past)
    assert status is U
    assert "A past hepatitis C possible (anti-HCV positive, HCV RNA not detected)" in reason
    assert to_settle == "Confirm or refute a past hepatitis C"
    current = {"type": "infection", "infection": "hepatitis_c", "excluded": "uncontrolled"}
    assert _decide(current, comorbidities=(past,))[0] is M


def test_inf_ever_carries_no_definition_of_controlled() -> None:
    with pytest.raises(ValidationError):
        adapter.validate_python(
            {
                "type": "infection",
                "id": "c",
                "label": "c",
                "infection": "hiv",
                "excluded": "ever",
                "cd4_at_least": 350,
            }
        )


SEEN = BRAIN.model_copy(
    update={"evidence": ("DiagnosticReport/mri",), "seen_on": "brain MRI of 2026-11-10"}
)


@pytest.mark.parametrize(
    ("allowed", "expected", "reason"),
    [
        ("none", N, "Brain metastases reported on brain MRI of 2026-11-10; trial excludes"),
        ("any", M, "Brain metastases reported on brain MRI of 2026-11-10; trial allows"),
        (
            "treated_stable",
            U,
            "Brain metastases reported on brain MRI of 2026-11-10, treatment not recorded;",
        ),
        (
            "not_active",
            U,
            "Brain metastases reported on brain MRI of 2026-11-10, treatment not recorded;",
        ),
    ],
)
def test_cns_ehr_brain_metastases_seen_only_on_imaging_are_said_where_they_were_seen(
    allowed: str, expected: CriterionStatus, reason: str
) -> None:
    """CNS-EHR: the reason names the imaging that showed brain metastases no diagnosis records,
    not "recorded", which sends the coordinator to a problem list that does not hold them;
    the decision is the same. Before 7 December 2026 (twenty-fourth session) it said
    "Brain metastases recorded"."""
    status, said, _ = _decide(
        {"type": "brain_metastases", "allowed": allowed}, comorbidities=(SEEN,)
    )
    assert status is expected
    assert said.startswith(reason)
    # Beside a diagnosis that records them, they are recorded.
    status, said, _ = _decide(
        {"type": "brain_metastases", "allowed": allowed}, comorbidities=(SEEN, BRAIN)
    )
    assert status is expected
    assert said.startswith("Brain metastases recorded")


@pytest.mark.parametrize("allowed", ["treated_stable", "not_active", "asymptomatic"])
def test_stg_spread_words_possible_brain_and_leptomeningeal_spread_asks_both(allowed: str) -> None:
    """STG-SPREAD-WORDS, CNS-METASTASES (twenty-sixth session): brain metastases possible only
    beside leptomeningeal disease possible (a brain MRI "Meningeal enhancement, metastases not
    excluded.") — the card says both and asks both; before it, only the brain metastases were
    asked, and refuting them left the leptomeningeal disease unasked."""
    brain = BRAIN.model_copy(update={"confirmed": False})
    lepto = LEPTO.model_copy(update={"confirmed": False})
    status, reason, to_settle = _decide(
        {"type": "brain_metastases", "allowed": allowed}, comorbidities=(brain, lepto)
    )
    assert status is U
    assert reason.startswith("Leptomeningeal disease possible, not established; ")
    assert "brain metastases possible, not established" in reason
    assert to_settle is not None
    assert to_settle.startswith("Confirm or refute leptomeningeal disease")
    assert "confirm or refute brain metastases" in to_settle
    alone = _decide({"type": "brain_metastases", "allowed": allowed}, comorbidities=(brain,))
    assert alone[1].startswith("Brain metastases possible, not established")
    assert alone[2] == "Confirm or refute brain metastases (brain imaging)"
