"""The seed trial's verdict for every committed test bundle, through the real mapper.

The table mirrors test_bundles/README.md. One row differs on purpose: `npc_no_prior_therapy`
is possibly eligible here, not "not eligible" — an EHR without medication records has not shown
that the patient was never treated (therapy given elsewhere is common), so the prior-line and
first-line criteria are unknown and ask for the history (see `eligibility.rules.therapy`).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eligibility.catalog import load_curated_catalog
from eligibility.matching import Matcher
from eligibility.results import CriterionStatus, Verdict
from fhir_mapping import ValidationCache, build_facts

BUNDLES = Path(__file__).resolve().parents[2] / "test_bundles"
AS_OF = date(2026, 11, 25)  # every bundle's dates are relative to this day

E, P, N = Verdict.ELIGIBLE, Verdict.POSSIBLY_ELIGIBLE, Verdict.NOT_ELIGIBLE

EXPECTED: dict[str, tuple[Verdict, set[str]]] = {
    # scenario: (verdict, the criteria that are not met / unknown)
    "npc_eligible": (E, set()),
    "npc_age_70": (E, set()),
    "npc_age_71": (N, {"age"}),
    "npc_no_birthdate": (P, {"age"}),
    "npc_ecog_2": (N, {"ecog"}),
    "npc_no_ecog": (P, {"ecog"}),
    "npc_karnofsky_only": (E, set()),
    "npc_no_stage": (P, {"stage-m1", "metastatic"}),
    "npc_stage_text_only": (E, set()),
    "npc_m0_locoregional": (N, {"stage-m1", "metastatic"}),
    "npc_two_lines": (N, {"prior-lines"}),
    "npc_no_prior_therapy": (P, {"prior-lines", "first-line-platinum", "first-line-anti-pd1"}),
    "npc_pdl1_instead_of_pd1": (N, {"first-line-anti-pd1"}),
    "npc_no_platinum": (N, {"first-line-platinum"}),
    "npc_meds_only_medicationrequest": (E, set()),
    "npc_first_line_ongoing": (E, set()),
    "npc_qtc_male_450": (E, set()),
    "npc_qtc_male_451": (N, {"qtc"}),
    "npc_qtc_female_470": (E, set()),
    "npc_qtc_female_471": (N, {"qtc"}),
    "npc_no_qtc": (P, {"qtc"}),
    "npc_heart_failure": (N, {"no-heart-failure"}),
    "npc_heart_failure_grade_1": (E, set()),
    # A severity Moderate is no CTCAE grade (CMB-CODES, 7 December 2026, twenty-seventh session).
    "npc_coronary_heart_disease": (P, {"no-coronary-heart-disease"}),
    "npc_arrhythmia": (N, {"no-arrhythmia"}),
    "npc_chinese_ehr": (E, set()),
    "npc_nedaplatin_sintilimab": (E, set()),
    "npc_other_patient_data": (E, set()),
    "npc_messy_real_world": (E, set()),
    # Other cancers: the cancer type decides; other criteria may fail or be unknown too.
    "breast_cancer": (N, {"cancer-type"}),
    "nsclc": (N, {"cancer-type"}),
}
OTHER_CANCERS = {"breast_cancer", "nsclc"}


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_curated_catalog())


def test_every_bundle_has_an_expected_verdict() -> None:
    assert {path.stem for path in BUNDLES.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_seed_trial_verdict_for_bundle(matcher: Matcher, scenario: str) -> None:
    bundle = json.loads((BUNDLES / f"{scenario}.json").read_text("utf-8"))
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    seed = matcher.catalog.get("NCT07188584")
    assert seed is not None
    match = matcher.evaluate(seed, facts)
    verdict, undecided = EXPECTED[scenario]
    off = {r.id: r.reason for r in match.results if r.status is not CriterionStatus.MET}
    assert match.verdict is verdict, off
    if scenario in OTHER_CANCERS:
        assert undecided <= set(off)
        assert matcher.match(facts) == []  # the index never even evaluates the NPC trial
    else:
        assert set(off) == undecided
        assert [m.trial.nct_id for m in matcher.match(facts)] == (
            [] if verdict is N else ["NCT07188584"]
        )
