"""A run for some trials (`--trial`) matches those trials only, in the workers: their worklists
are a full run's, nothing of another trial is made or stored, and the state's key names the list,
so a re-run for other trials (or all) screens everyone again and one for the same list reuses."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from cds_service.prescreen.run import run_prescreen
from cds_service.prescreen.state_shards import SHARDS_DIR
from cds_service.prescreen.summary import RunSummary, TrialCount
from cds_service.prescreen.worklists import WorklistStore
from cds_service.settings import Settings
from tests.cds_service.prescreen.bulk_export import write_export
from tests.cds_service.prescreen.conftest import fixed_clock

SEED = "NCT07188584"


def worklists(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("worklist-*.csv"))}


def stored_trials(out: Path) -> set[str]:
    """The trials the state's shards hold entries of."""
    found: set[str] = set()
    for path in sorted((out / SHARDS_DIR).glob("*.sqlite3")):
        with closing(sqlite3.connect(path)) as shard:
            found.update(nct_id for (nct_id,) in shard.execute("SELECT DISTINCT nct_id FROM entry"))
    return found


def busiest(summary: RunSummary, count: int) -> list[str]:
    """The synthetic trials with the most patients in a full run (most first, then by id)."""
    ranked = sorted(
        (c for c in summary.trials if c.nct_id != SEED),
        key=lambda c: (-(c.eligible + c.possibly_eligible), c.nct_id),
    )
    return [c.nct_id for c in ranked[:count]]


def counts_of(summary: RunSummary) -> dict[str, TrialCount]:
    return {count.nct_id: count for count in summary.trials}


def test_a_run_for_some_trials_gives_a_full_runs_worklists_of_them_and_stores_no_other(
    engine: Engine,
    bundle_export: Path,
    tmp_path: Path,
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    store = WorklistStore(engine, clock=fixed_clock)
    full = run_prescreen(
        bundle_export, tmp_path / "full", settings=settings, clock=fixed_clock, store=store
    )
    (other,) = busiest(full, 1)
    asked = sorted([SEED, other])
    expected = {nct_id: store.worklist(nct_id) for nct_id in asked}
    assert stored_trials(tmp_path / "full") > set(asked)  # a full run stores others too

    # Asked in another order and case: the same trials.
    some = run_prescreen(
        bundle_export,
        tmp_path / "some",
        settings=settings,
        clock=fixed_clock,
        store=store,
        trials=[other.lower(), SEED],
    )

    assert [count.nct_id for count in some.trials] == asked
    assert some.catalog_trials == len(asked) < full.catalog_trials  # loaded those alone
    assert [counts_of(some)[nct_id] for nct_id in asked] == [
        counts_of(full)[nct_id] for nct_id in asked
    ]
    full_files = worklists(tmp_path / "full")
    assert worklists(tmp_path / "some") == {
        f"worklist-{nct_id}.csv": full_files[f"worklist-{nct_id}.csv"] for nct_id in asked
    }
    assert stored_trials(tmp_path / "some") == set(asked)
    assert not some.whole_catalog
    # The pages read the asked trials' worklists from this run, the others' still from the
    # full one (this run matched no other trial).
    sources = {summary.nct_id: summary.run_id for summary in store.trials_with_worklists()}
    assert set(sources) == {count.nct_id for count in full.trials}
    runs = store.runs()
    assert len(runs) == 2
    some_run, full_run = runs[0].id, runs[1].id
    assert {nct_id for nct_id, run_id in sources.items() if run_id == some_run} == set(asked)
    assert {nct_id for nct_id, run_id in sources.items() if run_id == full_run} == (
        set(sources) - set(asked)
    )
    for nct_id in asked:
        made, before = store.worklist(nct_id), expected[nct_id]
        assert made is not None
        assert before is not None
        assert made.run.id != before.run.id
        assert made.entries == before.entries
        assert len(made.entries) > 5, nct_id  # not vacuous: patients on both worklists
    assert (some.patients_screened, some.patients_skipped) == (
        full.patients_screened,
        full.patients_skipped,
    )


def test_a_re_run_reuses_patients_only_for_the_same_list_of_trials(
    bundle_export: Path, tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()

    def run(out: str, trials: list[str] | None = None) -> RunSummary:
        return run_prescreen(
            bundle_export, tmp_path / out, settings=settings, clock=fixed_clock, trials=trials or ()
        )

    full = run("full")
    screened = full.patients_screened
    assert screened > 50
    first, second = busiest(full, 2)
    expected = worklists(tmp_path / "full")

    def only(*nct_ids: str) -> dict[str, bytes]:
        return {f"worklist-{n}.csv": expected[f"worklist-{n}.csv"] for n in nct_ids}

    some = run("out", [SEED, first])
    assert (some.patients_screened, some.patients_reused) == (screened, 0)
    # The same list, asked otherwise: every unchanged patient reused, the same worklists.
    same = run("out", [first.lower(), SEED, SEED])
    assert (same.patients_screened, same.patients_reused) == (0, screened)
    assert worklists(tmp_path / "out") == only(SEED, first)

    # Another list: its trial's rows were never stored, so everyone is screened again.
    other = run("out", [second])
    assert (other.patients_screened, other.patients_reused) == (screened, 0)
    assert worklists(tmp_path / "out") == only(second)
    assert stored_trials(tmp_path / "out") == {second}

    # Every trial after some: the same, and the full run's worklists.
    every = run("out")
    assert (every.patients_screened, every.patients_reused) == (screened, 0)
    assert worklists(tmp_path / "out") == expected
    assert stored_trials(tmp_path / "out") == stored_trials(tmp_path / "full")
    # And some after every trial: a state of all trials is not reused for a list either.
    again = run("out", [second])
    assert (again.patients_screened, again.patients_reused) == (screened, 0)
    assert worklists(tmp_path / "out") == only(second)


@pytest.mark.parametrize("asked", [[SEED], ["nct07188584", " NCT07188584 "]])
def test_an_asked_trial_nobody_reaches_still_gets_its_file_and_a_zero_count(
    asked: list[str],
    tmp_path: Path,
    make_settings: Callable[..., Settings],
    bundles: dict[str, dict[str, Any]],
) -> None:
    export = write_export(tmp_path / "export", [bundles["npc-age-71"]])  # not eligible
    summary = run_prescreen(
        export, tmp_path / "out", settings=make_settings(), clock=fixed_clock, trials=asked
    )
    assert [(c.nct_id, c.eligible, c.possibly_eligible) for c in summary.trials] == [(SEED, 0, 0)]
    assert list(worklists(tmp_path / "out")) == [f"worklist-{SEED}.csv"]
    assert stored_trials(tmp_path / "out") == set()
