"""Re-runs in the same output folder recompute only what changed: an unchanged patient is reused
(counted), a changed one is screened again, and another catalog or day recomputes everyone."""

from __future__ import annotations

import fcntl
import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from cds_service.prescreen.errors import OutputBusyError
from cds_service.prescreen.reuse import STATE_FILE
from cds_service.prescreen.run import LOCK_FILE, WORK_DIR, run_prescreen
from cds_service.prescreen.screening_code import screening_code_fingerprint
from cds_service.prescreen.worklists import WorklistStore
from cds_service.settings import Settings
from tests.cds_service.prescreen.bulk_export import REPO, write_export
from tests.cds_service.prescreen.conftest import fixed_clock
from tests.cds_service.prescreen.test_trial_subset import SEED

NAMES = ("npc-eligible", "npc-no-ecog", "npc-age-71", "npc-two-lines")


def export_of(folder: Path, bundles: list[dict[str, Any]]) -> Path:
    for stale in folder.glob("*") if folder.exists() else []:
        stale.unlink()
    return write_export(folder, bundles)


@pytest.fixture
def four_charts(tmp_path: Path, bundles: dict[str, dict[str, Any]]) -> Path:
    """An export of the four NAMES charts."""
    return export_of(tmp_path / "export", [bundles[name] for name in NAMES])


def csv_text(out: Path) -> str:
    return (out / f"worklist-{SEED}.csv").read_text()


def in_database(store: WorklistStore) -> list[tuple[str, str]]:
    """The latest run's worklist of the seed trial in the service database, as CSV rows start."""
    worklist = store.worklist(SEED)
    assert worklist is not None
    return sorted((row.patient_id, row.verdict.value) for row in worklist.entries)


def in_csv(out: Path) -> list[tuple[str, str]]:
    rows = csv_text(out).splitlines()[1:]
    return sorted((row.split(",")[0], row.split(",")[1]) for row in rows)


def test_only_changed_patients_are_recomputed(
    tmp_path: Path,
    bundles: dict[str, dict[str, Any]],
    make_settings: Callable[..., Settings],
    engine: Engine,
) -> None:
    """In the files and in the database (on PostgreSQL, the shards' tasks copy every entry of
    the state, reused patients' too, under the new run)."""
    settings = make_settings()
    store = WorklistStore(engine, clock=fixed_clock)
    chosen = [bundles[name] for name in NAMES]
    export = export_of(tmp_path / "export", chosen)
    out = tmp_path / "out"
    first = run_prescreen(export, out, settings=settings, clock=fixed_clock, store=store)
    assert (first.patients_screened, first.patients_reused) == (4, 0)
    assert not (out / WORK_DIR).exists()  # partitions and result files: the run's scratch
    before = csv_text(out)
    assert in_database(store) == in_csv(out) != []

    again = run_prescreen(export, out, settings=settings, clock=fixed_clock, store=store)
    assert (again.patients_screened, again.patients_reused) == (0, 4)
    assert csv_text(out) == before  # the reused results are the same worklist
    assert in_database(store) == in_csv(out)

    # npc-no-ecog gets an ECOG 0 today: recomputed, and now eligible; the rest reused.
    changed = json.loads(json.dumps(chosen))
    no_ecog = next(b for b in changed if b["id"] == "npc-no-ecog")
    no_ecog["entry"].append({"resource": ecog_zero("npc-no-ecog")})
    export = export_of(tmp_path / "export", changed)
    third = run_prescreen(export, out, settings=settings, clock=fixed_clock, store=store)
    assert (third.patients_screened, third.patients_reused) == (1, 3)
    assert "npc-no-ecog,eligible" in csv_text(out)
    assert in_database(store) == in_csv(out)

    # A patient gone from the export leaves the worklists.
    export = export_of(tmp_path / "export", changed[:1] + changed[2:])
    fourth = run_prescreen(export, out, settings=settings, clock=fixed_clock, store=store)
    assert (fourth.patients_screened, fourth.patients_reused, fourth.patients_forgotten) == (
        0,
        3,
        1,
    )
    assert "npc-no-ecog" not in csv_text(out)
    assert in_database(store) == in_csv(out)


def test_another_catalog_or_another_day_recomputes_everyone(
    tmp_path: Path, four_charts: Path, make_settings: Callable[..., Settings]
) -> None:
    export, out = four_charts, tmp_path / "out"
    run_prescreen(export, out, settings=make_settings(), clock=fixed_clock)
    other_day = run_prescreen(
        export, out, settings=make_settings(), clock=fixed_clock, as_of=date(2026, 11, 24)
    )
    assert (other_day.patients_screened, other_day.patients_reused) == (4, 0)

    smaller = make_settings(synthetic_catalog=None)  # the catalog without the synthetic trials
    recomputed = run_prescreen(
        export, out, settings=smaller, clock=fixed_clock, as_of=date(2026, 11, 24)
    )
    assert (recomputed.patients_screened, recomputed.patients_reused) == (4, 0)
    assert recomputed.catalog_fingerprint != other_day.catalog_fingerprint
    assert recomputed.catalog_trials == 1


def test_a_state_left_by_another_release_of_the_code_recomputes_everyone(
    tmp_path: Path, four_charts: Path, make_settings: Callable[..., Settings]
) -> None:
    """A release that reads charts otherwise (a drug name added, a rule corrected) must not
    keep the previous release's verdicts for unchanged patients: a same-day re-run after an
    upgrade screens everyone again."""
    export, out = four_charts, tmp_path / "out"
    first = run_prescreen(export, out, settings=make_settings(), clock=fixed_clock)
    assert first.screening_code_fingerprint == screening_code_fingerprint()
    with closing(sqlite3.connect(out / STATE_FILE)) as state, state:
        # What the state says when the previous run was made by other code.
        changed = state.execute(
            "UPDATE meta SET value = ? WHERE key = 'screening_code'", ("0" * 64,)
        ).rowcount
    assert changed == 1
    upgraded = run_prescreen(export, out, settings=make_settings(), clock=fixed_clock)
    assert (upgraded.patients_screened, upgraded.patients_reused) == (4, 0)
    again = run_prescreen(export, out, settings=make_settings(), clock=fixed_clock)
    assert (again.patients_screened, again.patients_reused) == (0, 4)


def test_another_hospital_time_zone_recomputes_everyone(
    tmp_path: Path, four_charts: Path, make_settings: Callable[..., Settings]
) -> None:
    """The zone dates the charts' instants (GEN-LOCAL-DAY): a result stored under another
    zone may rest on another day's reading."""
    export, out = four_charts, tmp_path / "out"
    run_prescreen(export, out, settings=make_settings(), clock=fixed_clock)
    same = run_prescreen(export, out, settings=make_settings(), clock=fixed_clock)
    assert (same.patients_screened, same.patients_reused) == (0, 4)
    shanghai = make_settings(time_zone="Asia/Shanghai")
    moved = run_prescreen(export, out, settings=shanghai, clock=fixed_clock, as_of=same.as_of)
    assert (moved.patients_screened, moved.patients_reused) == (4, 0)


def test_a_run_for_some_trials_is_not_recomputed_for_a_change_to_another_trial(
    tmp_path: Path, four_charts: Path, make_settings: Callable[..., Settings]
) -> None:
    """A `--trial` run's catalog is its trials alone, and so is its fingerprint."""
    export, out = four_charts, tmp_path / "out"
    seed = ["NCT07188584"]
    first = run_prescreen(export, out, settings=make_settings(), clock=fixed_clock, trials=seed)
    # The synthetic trials gone from the catalog: not the seed trial, not its verdicts.
    smaller = make_settings(synthetic_catalog=None)
    again = run_prescreen(export, out, settings=smaller, clock=fixed_clock, trials=seed)
    assert (again.patients_screened, again.patients_reused) == (0, 4)
    assert again.catalog_fingerprint == first.catalog_fingerprint
    assert again.catalog_trials == first.catalog_trials == 1
    assert again.trials == first.trials
    assert first.trials[0].eligible + first.trials[0].possibly_eligible > 0


def ecog_zero(patient_id: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": f"{patient_id}-ecog-today",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "89247-1"}]},
        "subject": {"reference": f"Patient/{patient_id}"},
        "effectiveDateTime": "2026-11-24",
        "valueInteger": 0,
    }


def test_a_catalog_edited_between_runs_of_one_process_is_read_again(
    tmp_path: Path, four_charts: Path, make_settings: Callable[..., Settings]
) -> None:
    """Same settings, a trial file edited in ONCOMATCH_CATALOG_DIR: not the cached catalog."""
    seed = json.loads((REPO / "trials" / "NCT07188584.json").read_text())
    catalog_dir = tmp_path / "catalog"
    catalog_dir.mkdir()
    fabricated = catalog_dir / "NCT00000042.json"
    fabricated.write_text(json.dumps({**seed, "nct_id": "NCT00000042", "short_title": "Before"}))
    settings = make_settings(catalog_dir=catalog_dir)
    export, out = four_charts, tmp_path / "out"
    first = run_prescreen(export, out, settings=settings, clock=fixed_clock)
    fabricated.write_text(json.dumps({**seed, "nct_id": "NCT00000042", "short_title": "After"}))
    second = run_prescreen(export, out, settings=settings, clock=fixed_clock)
    assert second.catalog_fingerprint != first.catalog_fingerprint
    assert (second.patients_screened, second.patients_reused) == (4, 0)
    titles = {count.nct_id: count.title for count in second.trials}
    assert titles["NCT00000042"] == "After"


def test_a_second_run_in_the_same_folder_is_refused_while_one_runs(
    tmp_path: Path, bundles: dict[str, dict[str, Any]], make_settings: Callable[..., Settings]
) -> None:
    export = export_of(tmp_path / "export", [bundles["npc-eligible"]])
    out = tmp_path / "out"
    out.mkdir()
    with (out / LOCK_FILE).open("a") as running:  # what a run in progress holds
        fcntl.flock(running, fcntl.LOCK_EX)
        with pytest.raises(OutputBusyError, match="another pre-screening is running"):
            run_prescreen(export, out, settings=make_settings(), clock=fixed_clock)
        fcntl.flock(running, fcntl.LOCK_UN)
    assert run_prescreen(export, out, settings=make_settings(), clock=fixed_clock).patients_read
