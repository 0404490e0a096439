"""The preview: the trial's own test patients judged now and with a draft."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date
from pathlib import Path

import pytest

from cds_service.curation.preview import TestPatients, run_preview
from eligibility.catalog import load_curated_catalog
from eligibility.matching import Matcher
from eligibility.results import Verdict
from eligibility.trial import Trial

REPO = Path(__file__).resolve().parents[3]
BUNDLES = REPO / "test_bundles"
SEED = "NCT07188584"
TODAY = date(2026, 12, 4)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_curated_catalog())


def seed(matcher: Matcher) -> Trial:
    trial = matcher.catalog.get(SEED)
    assert trial is not None
    return trial


def with_ecog_max(trial: Trial, ecog_max: int) -> Trial:
    criteria = tuple(
        c.model_copy(update={"ecog_max": ecog_max}) if c.id == "ecog" else c for c in trial.criteria
    )
    return trial.model_copy(update={"criteria": criteria})


def test_the_seed_trials_test_patients_are_found_from_the_table() -> None:
    patients = TestPatients(BUNDLES, today=lambda: TODAY).for_trial(SEED)
    names = {p.name for p in patients}
    assert {"npc_ecog_2", "npc_eligible", "realistic/rw_reference"} <= names
    assert len(names) == len(list(BUNDLES.glob("*.json"))) + len(
        list((BUNDLES / "realistic").glob("*.json"))
    )
    assert {p.as_of for p in patients} == {date(2026, 11, 25)}  # the table's date, not today


def test_a_trial_without_test_patients_has_none() -> None:
    assert TestPatients(BUNDLES, today=lambda: TODAY).for_trial("NCT00000001") == ()
    assert TestPatients(BUNDLES / "absent", today=lambda: TODAY).for_trial(SEED) == ()


def test_a_bundle_named_after_the_trial_counts_and_is_judged_today(tmp_path: Path) -> None:
    shutil.copy(BUNDLES / "npc_eligible.json", tmp_path / "NCT00000042_eligible.json")
    patients = TestPatients(tmp_path, today=lambda: TODAY).for_trial("NCT00000042")
    assert [(p.name, p.as_of) for p in patients] == [("NCT00000042_eligible", TODAY)]


def test_raising_the_ecog_limit_changes_the_ecog_2_patients_verdict(matcher: Matcher) -> None:
    patients = TestPatients(BUNDLES, today=lambda: TODAY).for_trial(SEED)
    trial = seed(matcher)
    preview = run_preview(
        patients, now=trial, draft=with_ecog_max(trial, 2), matcher=matcher, zone=UTC
    )
    rows = {row.patient: row for row in preview.rows}
    assert rows["npc_ecog_2"].now is Verdict.NOT_ELIGIBLE
    assert rows["npc_ecog_2"].draft is Verdict.ELIGIBLE
    assert rows["npc_eligible"].now is rows["npc_eligible"].draft is Verdict.ELIGIBLE
    assert "npc_ecog_2" in {row.patient for row in preview.changed}
    assert "npc_age_71" not in {row.patient for row in preview.changed}
    assert rows["npc_age_71"].draft_undecided == ("age: not met",)
    assert preview.unreadable == ()


def test_an_unchanged_draft_changes_nothing(matcher: Matcher) -> None:
    patients = TestPatients(BUNDLES, today=lambda: TODAY).for_trial(SEED)[:8]
    trial = seed(matcher)
    preview = run_preview(patients, now=trial, draft=trial, matcher=matcher, zone=UTC)
    assert len(preview.rows) == 8
    assert preview.changed == ()


def test_the_draft_is_not_compiled_into_the_live_catalog(matcher: Matcher) -> None:
    patients = TestPatients(BUNDLES, today=lambda: TODAY).for_trial(SEED)[:2]
    trial = seed(matcher)
    rules_before = len(matcher.catalog.rules)
    run_preview(patients, now=trial, draft=with_ecog_max(trial, 3), matcher=matcher, zone=UTC)
    assert len(matcher.catalog.rules) == rules_before


def test_an_unreadable_chart_is_named_not_fatal(tmp_path: Path, matcher: Matcher) -> None:
    (tmp_path / f"{SEED}_broken.json").write_text("{not json", "utf-8")
    (tmp_path / f"{SEED}_list.json").write_text(json.dumps([1, 2]), "utf-8")
    patients = TestPatients(tmp_path, today=lambda: TODAY).for_trial(SEED)
    trial = seed(matcher)
    preview = run_preview(patients, now=trial, draft=trial, matcher=matcher, zone=UTC)
    assert preview.rows == ()
    assert set(preview.unreadable) == {f"{SEED}_broken", f"{SEED}_list"}


def test_a_bad_row_of_the_table_is_skipped_and_folders_stay_inside(tmp_path: Path) -> None:
    (tmp_path / "good").mkdir()
    shutil.copy(BUNDLES / "npc_eligible.json", tmp_path / "good" / "a.json")
    (tmp_path / "bad").mkdir()
    shutil.copy(BUNDLES / "npc_eligible.json", tmp_path / "bad" / "b.json")
    (tmp_path / "trials.csv").write_text(
        "folder,nct_id,as_of,source\n"
        "good,NCT00000042,2026-11-25,x\n"
        "bad,NCT00000042,25/11/2026,x\n"
        "..,NCT00000042,2026-11-25,outside the folder\n",
        "utf-8",
    )
    patients = TestPatients(tmp_path, today=lambda: TODAY).for_trial("NCT00000042")
    assert [p.name for p in patients] == ["good/a"]
