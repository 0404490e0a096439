"""What a clinician reads for an unknown criterion of a realistic chart: the reason and what
would settle it, in plain words a coordinator acts on (GEN-UNKNOWN).

A record that may never have been given (EXP-GIVEN's status `unknown` or order on hold,
EXP-DISPENSED's supply not picked up, VAL-UNREADABLE's missing status) names a known drug: the
card asks to confirm it was given, not to "record the drug given as" it. A stage whose own words
doubt its M (STG-TEXT) is named with what it doubts, not read as "no stage recorded".
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eligibility.catalog import load_curated_catalog
from eligibility.matching import Matcher
from eligibility.results import CriterionResult, CriterionStatus
from eligibility.trial import Trial
from fhir_mapping import ValidationCache, build_facts

CHARTS = Path(__file__).resolve().parents[2] / "test_bundles" / "realistic"
AS_OF = date(2026, 11, 25)
SEED = "NCT07188584"
MATCHER = Matcher(load_curated_catalog())


def _result(scenario: str, criterion: str, trial: Trial | None = None) -> CriterionResult:
    bundle = json.loads((CHARTS / f"{scenario}.json").read_text("utf-8"))
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    trial = trial or MATCHER.catalog.get(SEED)
    assert trial is not None
    (result,) = [r for r in MATCHER.evaluate(trial, facts).results if r.id == criterion]
    assert result.status is CriterionStatus.UNKNOWN
    assert result.to_settle
    return result


def test_exp_given_a_drug_in_line_1_not_shown_given_is_to_confirm() -> None:
    """Cisplatin administrations of status `unknown` in the first line: the drug is known, so
    the card asks whether it was given, and never to record "the drug given as" it."""
    result = _result("rw_cisplatin_administrations_status_unknown", "first-line-platinum")
    assert result.reason == (
        "No platinum-based chemotherapy known in line 1: gemcitabine, toripalimab from "
        "2026-04-08 to 2026-11-04; cisplatin recorded in it, not known to have been given (record "
        'status "unknown"); trial requires platinum-based chemotherapy in line 1'
    )
    assert result.to_settle == (
        'Confirm whether cisplatin was given in line 1 (record status "unknown"), and update '
        "the status on its records"
    )


def test_exp_given_several_drugs_not_shown_given_are_named_together() -> None:
    """GP recorded as chemotherapy Procedures of status `unknown` (EXP-CHEMO-PROCEDURE)."""
    result = _result("rw_chemo_procedures_status_unknown", "first-line-platinum")
    assert result.to_settle == (
        "Confirm whether gemcitabine and platinum of GP were given in line 1 (record status "
        '"unknown"), and update the status on their records'
    )


@pytest.mark.parametrize(
    ("scenario", "drug", "when", "why"),
    [
        ("rw_second_line_history_status_unknown", "capecitabine", "on 2026-09-02", None),
        (
            "rw_second_line_dispensed_status_unknown",
            "capecitabine",
            "from 2026-09-02 to 2026-11-24",
            None,
        ),
        ("rw_second_line_order_on_hold", "docetaxel", "on 2026-11-20", "order on hold"),
        (
            "rw_second_line_status_missing",
            "docetaxel",
            "from 2026-10-01 to 2026-11-12",
            "no status recorded",
        ),
    ],
)
def test_exp_given_a_possible_line_not_shown_given_is_to_confirm(
    scenario: str, drug: str, when: str, why: str | None
) -> None:
    """A drug after the first line whose records may never have been given (EXP-GIVEN,
    VAL-UNREADABLE): the reason says what is in doubt, the settle what to confirm."""
    why = why or 'record status "unknown"'
    result = _result(scenario, "prior-lines")
    assert (
        f"; {drug} {when}, counted in no line and not known to have been given ({why}): a line of "
        "its own if it was; trial requires exactly 1 prior line"
    ) in result.reason
    assert result.to_settle == (
        f"Confirm whether {drug} was given {when} ({why}), and update the status on its records"
    )


def test_exp_given_a_drug_not_shown_given_received_at_all_is_to_confirm() -> None:
    """A criterion on the drug in any line (no line asked for): the same plain words."""
    trial = Trial.model_validate(
        {
            "nct_id": "SYN-000420",
            "title": "Synthetic test trial: no prior capecitabine",
            "overall_status": "RECRUITING",
            "data_as_of": "2026-11-01",
            "source": {"kind": "synthetic"},
            "criteria": [
                {
                    "id": "no-capecitabine",
                    "label": "No prior capecitabine",
                    "section": "exclusion",
                    "type": "prior_therapy",
                    "agent": "capecitabine",
                    "received": False,
                }
            ],
        }
    )
    result = _result("rw_second_line_history_status_unknown", "no-capecitabine", trial)
    assert result.reason == (
        'Capecitabine recorded, not known to have been given (record status "unknown"); trial '
        "excludes capecitabine"
    )
    assert result.to_settle == (
        'Confirm whether capecitabine was given (record status "unknown"), and update the '
        "status on its records"
    )


@pytest.mark.parametrize(
    ("scenario", "words"),
    [
        ("rw_tnm_string_m1_doubted", '"T3N2M1？" on 2026-03-25'),
        ("rw_stage_ivb_bone_mets_to_be_ruled_out", '"IVB期（骨转移待排）" on 2026-03-25'),
        ("rw_tnm_string_m0_or_m1", '"T3N2M0-1" on 2026-03-25'),
    ],
)
def test_stg_text_a_doubted_m_is_named_with_how_to_settle_it(scenario: str, words: str) -> None:
    """A stage whose words doubt its M records none (STG-TEXT): the card quotes it and asks to
    confirm or rule out the distant metastasis, not to record a stage as if none were."""
    settle = (
        "Confirm or rule out distant metastasis (biopsy or imaging) and record the M category: "
        f"the stage recorded as {words} leaves it in doubt"
    )
    stage = _result(scenario, "stage-m1")
    assert stage.reason == (
        f"Stage recorded as {words}, its M category in doubt; trial requires M1, stage IVB, "
        "AJCC 9th edition"
    )
    assert stage.to_settle == settle
    metastatic = _result(scenario, "metastatic")
    assert metastatic.reason == (
        f"Metastatic status unknown (the stage recorded as {words} leaves distant metastasis in "
        "doubt); metastatic disease required"
    )
    assert metastatic.to_settle == settle


def test_stg_suspected_the_metastatic_criterion_asks_about_the_suspicion() -> None:
    """A distant metastasis held open (STG-SUSPECTED): the metastatic criterion asks what the
    stage criterion asks, whether it was confirmed or ruled out."""
    result = _result("rw_bone_mets_provisional_no_m", "metastatic")
    assert result.to_settle == (
        "Record whether the suspected distant metastasis was confirmed or ruled out"
    )
    stage = _result("rw_bone_mets_provisional_no_m", "stage-m1")
    assert stage.reason.startswith("T3 N2 (AJCC 8th edition, clinical) on 2026-03-25, no M")


def test_stg_text_a_newer_doubted_m_leaves_an_older_m0_undecided() -> None:
    """cM0 in March, "T3N2M1？" at restaging in October (STG-TEXT): the M0 decided both
    criteria before, a wrong exclusion; now both name the newer doubt and ask to settle it."""
    scenario = "rw_m0_then_doubted_m1_restaging"
    words = '"T3N2M1？" on 2026-10-14'
    stage = _result(scenario, "stage-m1")
    assert stage.reason.startswith("T3 N2 M0, stage III (AJCC 8th edition, clinical) on 2026-03-25")
    assert stage.reason.endswith(
        f"but since then the stage recorded as {words} leaves distant metastasis in doubt"
    )
    assert (stage.to_settle or "").startswith("Confirm or rule out distant metastasis")
    metastatic = _result(scenario, "metastatic")
    assert words in metastatic.reason
    assert metastatic.to_settle == stage.to_settle


@pytest.mark.parametrize(
    "scenario",
    [
        "rw_npc_bone_mets_to_be_ruled_out_in_diagnosis",
        "rw_npc_possible_liver_mets_english",
        "rw_npc_query_bone_mets_english",
    ],
)
def test_stg_suspected_a_doubted_spread_in_the_primarys_name(scenario: str) -> None:
    """ "鼻咽癌（骨转移待排）": the metastasis is suspected, the NPC is not (STG-SUSPECTED): before,
    the metastatic criterion was met on it and cancer-type unknown."""
    result = _result(scenario, "metastatic")
    assert "suspected but not confirmed" in result.reason
    assert result.to_settle == (
        "Record whether the suspected distant metastasis was confirmed or ruled out"
    )
    bundle = json.loads((CHARTS / f"{scenario}.json").read_text("utf-8"))
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    seed = MATCHER.catalog.get(SEED)
    assert seed is not None
    (cancer,) = [r for r in MATCHER.evaluate(seed, facts).results if r.id == "cancer-type"]
    assert cancer.status is CriterionStatus.MET


@pytest.mark.parametrize(
    "scenario",
    [
        "rw_bispecific_by_brand_first_line",
        "rw_bispecific_pd1_ctla4_first_line",
        "rw_pd1_unlisted_development_code",
    ],
)
def test_exp_unlisted_an_unclassed_agent_is_the_study_teams_call(scenario: str) -> None:
    """Cadonilimab beside GP, by brand, name or code (EXP-UNLISTED): the drug is known, and
    whether it counts as anti-PD-1 is for the study team, not something to record."""
    result = _result(scenario, "first-line-anti-pd1")
    assert "cadonilimab, a PD-1 × CTLA-4 bispecific antibody" in result.reason
    assert result.to_settle == "Ask the study team whether cadonilimab counts as anti-PD-1 therapy"


def test_exp_class_named_a_drug_named_by_its_group_code_only() -> None:
    """A checkpoint inhibitor coded only by its ATC group, with no text (EXP-CLASS-NAMED): named
    by that code, not as an "unspecified agent"."""
    result = _result("rw_pd1_atc_class_code_only", "first-line-anti-pd1")
    assert "drug group ATC L01FF (agent not named)" in result.reason
    assert result.to_settle == (
        "Record which drug was given as drug group ATC L01FF (agent not named)"
    )
    result = _result("rw_pd1_or_pdl1_class_only", "first-line-anti-pd1")
    assert result.to_settle == (
        "Record which drug was given as PD-1 or PD-L1 inhibitor (agent not named)"
    )


def test_exp_undated_several_drugs_were_given() -> None:
    result = _result("rw_outside_first_line_undated", "first-line-platinum")
    assert result.to_settle == "Record when gemcitabine, platinum of GP and toripalimab were given"


def test_inf_labs_a_positive_hbsag_is_named_once() -> None:
    """Hepatitis B shown only by a positive HBsAg (INF-LABS): the reason names the result once."""
    trial = Trial.model_validate(
        {
            "nct_id": "SYN-000421",
            "title": "Synthetic test trial: no active hepatitis B",
            "overall_status": "RECRUITING",
            "data_as_of": "2026-11-01",
            "source": {"kind": "synthetic"},
            "criteria": [
                {
                    "id": "no-active-hbv",
                    "label": "No active hepatitis B",
                    "section": "exclusion",
                    "type": "infection",
                    "infection": "hepatitis_b",
                    "excluded": "uncontrolled",
                }
            ],
        }
    )
    result = _result("rw_hbsag_positive_lab_only", "no-active-hbv", trial)
    assert result.reason == (
        "Hepatitis B shown by the laboratory: HBsAg positive, HBV DNA not recorded; trial "
        "excludes uncontrolled or active hepatitis B"
    )
