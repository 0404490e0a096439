"""MAL-OTHER: no cancer besides the trial's within the window, save the kinds the trial excepts;
a stale or undated entry is asked about, never read as an exclusion or a pass."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter

from eligibility.catalog import compile_trial
from eligibility.codes import ICD10CM, Code
from eligibility.compilation import RuleBook, evaluate_criterion
from eligibility.criteria import Criterion, OtherMalignancyCriterion
from eligibility.facts import (
    CancerDiagnosis,
    PatientFacts,
    ReportedOtherMalignancy,
    TherapyLine,
)
from eligibility.results import CriterionStatus
from eligibility.trial import Trial

AS_OF = date(2026, 11, 25)
M, N, U = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN
NPC = CancerDiagnosis(
    cancer_type="nasopharyngeal_carcinoma",
    text="Nasopharyngeal carcinoma",
    onset=date(2026, 3, 18),
    clinical_status="active",
    evidence=("Condition/npc",),
)
WITHIN_5 = OtherMalignancyCriterion(
    id="o",
    label="No other malignancy within 5 years",
    section="exclusion",
    within_years=5,
    cancer_types=("nasopharyngeal_carcinoma",),
)


def breast(**fields: Any) -> CancerDiagnosis:
    defaults: dict[str, Any] = {"text": "Breast cancer", "onset": date(2012, 5, 10)}
    return CancerDiagnosis(
        cancer_type="breast_cancer", evidence=("Condition/breast",), **{**defaults, **fields}
    )


def decide(criterion: OtherMalignancyCriterion, *diagnoses: CancerDiagnosis, **facts: Any) -> Any:
    patient = PatientFacts(as_of=AS_OF, patient="Patient/p", diagnoses=diagnoses, **facts)
    return evaluate_criterion(criterion, patient)


@pytest.mark.parametrize(
    ("other", "status", "said"),
    [
        (breast(clinical_status="resolved", abated=date(2013, 3, 1)), M, "resolved since 2013"),
        (breast(onset=date(2023, 1, 5), clinical_status="remission"), N, "diagnosed within 5"),
        (
            breast(clinical_status="resolved", abated=date(2022, 6, 1)),
            N,
            "resolved only since 2022-06-01",
        ),
        # A problem list keeps a 2012 cancer "active": stale, or a cancer that never went away.
        (breast(clinical_status="active"), U, "diagnosed before the window, still recorded"),
        (breast(clinical_status="resolved"), U, "resolved, since when not recorded"),
        (breast(onset=None), U, "not dated"),
        (breast(verification_status="provisional"), U, "possible, not established"),
    ],
)
def test_mal_other_the_window_reads_diagnosis_and_abatement_dates(
    other: CancerDiagnosis, status: CriterionStatus, said: str
) -> None:
    result = decide(WITHIN_5, NPC, other)
    assert result.status is status
    assert said in result.reason
    assert (result.to_settle is not None) is (status is U)
    if status is not M:
        assert result.evidence == ("Condition/breast",)


def test_mal_other_ever_and_none_recorded() -> None:
    ever = WITHIN_5.model_copy(update={"within_years": None})
    old = breast(clinical_status="resolved", abated=date(2013, 3, 1))
    assert decide(ever, NPC, old).status is N
    assert decide(ever, NPC).status is M
    # The trial's cancer recorded twice, or at a vaguer node, is not another cancer.
    vague = CancerDiagnosis(cancer_type="head_and_neck_cancer", evidence=("Condition/hn",))
    again = NPC.model_copy(update={"evidence": ("Condition/npc-2",)})
    assert decide(ever, NPC, vague, again).status is M


@pytest.mark.parametrize(
    ("excepted", "other", "status"),
    [
        (("non_melanoma_skin",), CancerDiagnosis(cancer_type="non_melanoma_skin_cancer"), M),
        ((), CancerDiagnosis(cancer_type="non_melanoma_skin_cancer", onset=date(2025, 1, 1)), N),
        (
            ("in_situ",),
            CancerDiagnosis(
                cancer_type=None,
                within="cervical_cancer",
                codes=(Code(system=ICD10CM, code="D06.9"),),
                onset=date(2025, 1, 1),
            ),
            M,
        ),
        (("in_situ",), breast(text="Ductal carcinoma in situ", onset=date(2025, 1, 1)), M),
        (("curatively_treated",), breast(onset=date(2023, 1, 1), clinical_status="remission"), M),
        (("curatively_treated",), breast(onset=date(2023, 1, 1), clinical_status="active"), N),
    ],
)
def test_mal_other_exceptions(
    excepted: tuple[Any, ...], other: CancerDiagnosis, status: CriterionStatus
) -> None:
    criterion = WITHIN_5.model_copy(update={"excepted": excepted})
    assert decide(criterion, NPC, other).status is status


def test_mal_other_active_only() -> None:
    """'Additional malignancy that is progressing or requires active treatment'."""
    active_only = WITHIN_5.model_copy(update={"within_years": None, "active_only": True})
    assert decide(active_only, NPC, breast(clinical_status="resolved")).status is M
    result = decide(active_only, NPC, breast(clinical_status="active"))
    assert result.status is U
    assert result.to_settle == (
        "Record whether the Breast cancer (2012-05-10) is progressing or under treatment"
    )


def test_mal_other_active_only_a_line_of_the_other_cancer_going_on_is_treatment() -> None:
    """An ongoing line attributed to the other cancer shows it under treatment: excluded. A line
    of the trial's own cancer, or one not attributed, says nothing of the other."""
    active_only = WITHIN_5.model_copy(update={"within_years": None, "active_only": True})
    lung = CancerDiagnosis(
        cancer_type="non_small_cell_lung_cancer",
        onset=date(2026, 2, 20),
        clinical_status="active",
        evidence=("Condition/lung",),
    )

    def line(**fields: Any) -> TherapyLine:
        values: dict[str, Any] = {"ongoing": True, **fields}
        return TherapyLine(
            number=1, agents=("osimertinib",), classes=frozenset(), start=date(2026, 3, 1), **values
        )

    treated = decide(active_only, NPC, lung, lines=(line(cancer_type=lung.cancer_type),))
    assert treated.status is N
    assert "under treatment (osimertinib ongoing)" in treated.reason
    for other in (
        line(cancer_type="nasopharyngeal_carcinoma"),
        line(unattributed=True, candidate_cancer_types=(lung.cancer_type, NPC.cancer_type)),
        line(cancer_type=lung.cancer_type, ongoing=False, end=date(2026, 6, 1)),
    ):
        assert decide(active_only, NPC, lung, lines=(other,)).status is U


def test_mal_other_an_unplaced_cancer_may_be_the_trials_recorded_vaguely() -> None:
    unplaced = CancerDiagnosis(cancer_type=None, text="恶性肿瘤", evidence=("Condition/x",))
    result = decide(WITHIN_5, NPC, unplaced)
    assert result.status is U
    assert "may be the Nasopharyngeal carcinoma (2026-03-18) recorded again" in result.reason


def test_mal_other_which_cancer_is_the_trials() -> None:
    """Naming no cancer, each of the patient's is tried as the trial's: two recent cancers
    exclude either way; a recent and an old one depend on which the trial is for."""
    unnamed = WITHIN_5.model_copy(update={"cancer_types": ()})
    lung = CancerDiagnosis(
        cancer_type="non_small_cell_lung_cancer", onset=date(2026, 2, 20), evidence=("C/l",)
    )
    assert decide(unnamed, NPC, lung).status is N
    old = breast(clinical_status="resolved", abated=date(2013, 3, 1))
    result = decide(unnamed, NPC, old)
    assert result.status is U
    assert result.to_settle == "Confirm which of the patient's cancers the trial is for"
    # The trial's cancer named: the NPC is the trial's, the 2012 breast cancer is old.
    assert decide(WITHIN_5, NPC, old).status is M
    # None of the patient's cancers is the trial's: each is another one.
    assert decide(WITHIN_5, lung).status is N


def test_mal_other_takes_the_trials_cancer_when_it_names_none() -> None:
    trial = Trial.model_validate(
        {
            "nct_id": "SYN-000999",
            "title": "Synthetic",
            "overall_status": "RECRUITING",
            "data_as_of": "2026-11-01",
            "source": {"kind": "synthetic"},
            "criteria": [
                {
                    "id": "npc",
                    "label": "NPC",
                    "type": "cancer_type",
                    "allowed": ["nasopharyngeal_carcinoma"],
                },
                {
                    "id": "other",
                    "label": "No other malignancy within 5 years",
                    "section": "exclusion",
                    "type": "other_malignancy",
                    "within_years": 5,
                },
            ],
        }
    )
    (other,) = [
        entry.criterion
        for entry in compile_trial(trial, RuleBook()).criteria
        if entry.criterion.type == "other_malignancy"
    ]
    assert other.cancer_types == ("nasopharyngeal_carcinoma",)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("report", "status", "said"),
    [
        (ReportedOtherMalignancy(present=None), U, "Not known whether"),
        (ReportedOtherMalignancy(present=False), M, "No other malignancy reported"),
        (
            ReportedOtherMalignancy(
                present=True,
                diagnosis=CancerDiagnosis(
                    cancer_type=None,
                    text="another cancer",
                    onset=date(2024, 1, 1),
                    clinical_status="resolved",
                ),
            ),
            N,
            "diagnosed within 5 years",
        ),
    ],
)
def test_mal_other_the_check_forms_answer(
    report: ReportedOtherMalignancy, status: CriterionStatus, said: str
) -> None:
    result = decide(WITHIN_5, NPC, reported_other_malignancy=report)
    assert result.status is status
    assert said in result.reason


def test_mal_other_only_its_criteria_are_scoped_per_cancer() -> None:
    """A criterion shared by trials of different cancers stays one scoped object (the catalog's
    memory: 25,000 trials share their criteria); an other-malignancy one is made per cancer."""
    rules = RuleBook()
    ecog = TypeAdapter(Criterion).validate_python(
        {"type": "performance_status", "id": "e", "label": "ECOG 0-1", "ecog_max": 1}
    )
    unnamed = WITHIN_5.model_copy(update={"cancer_types": ()})
    for cancers in (("nasopharyngeal_carcinoma",), ("breast_cancer",)):
        assert rules.scoped(ecog, "any", cancers) is ecog
        assert rules.scoped(unnamed, "any", cancers).cancer_types == cancers  # type: ignore[union-attr]
    assert len(rules._scoped) == 1 + 2


def gist(text: str, **fields: Any) -> CancerDiagnosis:
    defaults: dict[str, Any] = {"onset": date(2025, 3, 10), "clinical_status": "active"}
    return CancerDiagnosis(
        cancer_type="sarcoma", text=text, evidence=("Condition/gist",), **{**defaults, **fields}
    )


@pytest.mark.parametrize(
    ("other", "within_years", "status"),
    [
        # Very low or low risk (NIH-Joensuu): whether the trial counts it is the study team's.
        (gist("胃间质瘤（低危）"), 5, U),
        (gist("胃肠间质瘤 极低危"), 5, U),
        (gist("低危胃肠间质瘤"), 5, U),
        (gist("Gastric GIST, low risk"), 5, U),
        (gist("Low-risk gastrointestinal stromal tumour of stomach"), 5, U),
        (gist("GIST (very low risk)"), None, U),
        # Intermediate or high risk, or no risk named: a malignancy, as before.
        (gist("胃肠间质瘤（高危）"), 5, N),
        (gist("Gastric GIST, high risk"), 5, N),
        (gist("胃肠间质瘤（中危）"), 5, N),
        (gist("胃肠间质瘤"), 5, N),
        # Resolved before the window: met, whatever its risk.
        (
            gist(
                "胃间质瘤（低危）",
                onset=date(2015, 3, 1),
                clinical_status="resolved",
                abated=date(2015, 4, 1),
            ),
            5,
            M,
        ),
    ],
)
def test_mal_other_a_low_risk_gist_is_asked_about_not_excluded(
    other: CancerDiagnosis, within_years: int | None, status: CriterionStatus
) -> None:
    """MAL-OTHER, DX-HISTOLOGY: a GIST of very low or low risk is read as a sarcoma, but whether
    it is "another malignancy" is not settled — ICD-O-3.2 codes every GIST malignant (8936/3),
    while registries before 2021 took only GISTs stated malignant, and a resected low-risk GIST
    is followed without treatment: **unknown**, never not met. Before 7 December 2026
    (twenty-fifth session) it excluded the patient as any sarcoma would (found by a previous
    session)."""
    criterion = WITHIN_5.model_copy(update={"within_years": within_years})
    result = decide(criterion, NPC, other)
    assert result.status is status
    if status is U:
        assert result.to_settle is not None
        assert "GIST" in result.to_settle


@pytest.mark.parametrize(
    "other",
    [
        # Not low risk: the words deny it.
        gist("胃肠间质瘤（非低危）"),
        gist("GIST, not low risk"),
        # Spread or recurred: malignant whatever the primary's risk was.
        gist("胃间质瘤（低危）术后肝转移"),
        gist("Gastric GIST, low risk, now with liver metastases"),
        gist("胃间质瘤（低危）术后复发"),
        gist("GIST low risk, recurrent"),
        gist("胃间质瘤（低危）", metastatic_since=date(2026, 2, 1)),
        gist("胃间质瘤（低危）", relapsed_since=date(2026, 2, 1)),
    ],
)
def test_mal_other_a_gist_not_low_risk_or_that_spread_excludes(other: CancerDiagnosis) -> None:
    """MAL-OTHER: the risk of a GIST (NIH-Joensuu) grades the primary's chance of recurring; a
    GIST the words call not low risk (非低危), or one that has metastasized or recurred, is a
    malignancy beyond the doubt a low-risk one leaves: not met, as any sarcoma (twenty-fifth
    session's review: before it, the low-risk words alone made each of these unknown)."""
    assert decide(WITHIN_5, NPC, other).status is N


@pytest.mark.parametrize(
    "text",
    [
        "胃间质瘤（低危），术后无复发无转移",
        "胃间质瘤（低危）术后，未见复发转移",
        "Gastric GIST, low risk, no recurrence",
        "GIST low risk, resected 2023, recurrence-free",
        "Low-risk GIST, no evidence of metastasis",
    ],
)
def test_mal_other_a_low_risk_gist_without_spread_or_recurrence_is_still_asked(text: str) -> None:
    """MAL-OTHER: words that deny the recurrence or the spread (术后无复发无转移, "no
    recurrence", "recurrence-free") leave a low-risk GIST what it was: asked about."""
    assert decide(WITHIN_5, NPC, gist(text)).status is U


def test_mal_other_a_cancer_not_placed_that_passes_either_way_is_met() -> None:
    """MAL-OTHER: "Squamous cell carcinoma" (no organ) of 2018, resolved in 2019, beside the
    NPC of 2026: the NPC's earlier record or another cancer resolved before the window — it
    passes either way, so it is met, not asked about (twenty-fifth session, cancers6); one
    that would exclude as another cancer is still asked about."""
    old = CancerDiagnosis(
        cancer_type=None,
        within="solid_tumor",
        text="Squamous cell carcinoma",
        onset=date(2018, 4, 2),
        clinical_status="resolved",
        abated=date(2019, 1, 15),
        evidence=("Condition/scc",),
    )
    assert decide(WITHIN_5, NPC, old).status is M
    recent = old.model_copy(update={"onset": date(2025, 6, 2), "abated": None})
    result = decide(WITHIN_5, NPC, recent)
    assert result.status is U
    assert "may be the Nasopharyngeal carcinoma (2026-03-18) recorded again" in result.reason
