"""The pre-screening benchmark's report: the figures it derives and the goals it checks."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson
import pytest

from tools.bench.catalog import write_catalog
from tools.prescreen_bench import (
    EngineRun,
    PrescreenBenchError,
    combined,
    follow_label,
    followed_trials,
    main,
    nightly_hours,
    round_order,
    table,
)


def _run(engine: str, patients: int, wall: float, rss: float) -> dict[str, Any]:
    return {
        "engine": engine,
        "patients": patients,
        "workers": 2,
        "wall_seconds": wall,
        "patients_per_second": patients / wall,
        "patients_per_second_per_core": patients / wall / 2,
        "patients_per_cpu_second": patients / (wall * 1.9),
        "peak_rss_mb": rss,
        "peak_pss_mb": rss * 0.8,
    }


def _record(patients: int, local: float, dask: float, rss: float) -> dict[str, Any]:
    return {
        "config": {"patients": patients},
        "runs": {
            "local": _run("local", patients, local, rss),
            "dask": _run("dask", patients, dask, rss * 1.5),
        },
    }


def test_nightly_estimate_without_phases_divides_the_population_by_the_cluster_rate() -> None:
    run = _run("local", 20_000, 100.0, 400.0)  # 100 patients/s per core
    assert nightly_hours(run, 10) == pytest.approx(1_000_000 / 1000 / 3600)
    assert nightly_hours(run, 20) == pytest.approx(nightly_hours(run, 10) / 2)


def _phased(**phases: float) -> dict[str, Any]:
    """A 20,000-patient local run whose summary has `phases`, and 4 s after it (the copy)."""
    summary = {"seconds": 96.0, "phase_seconds": {"start": 6.0, **phases}}
    return _run("local", 20_000, 100.0, 400.0) | {"summary": summary}


def test_nightly_estimate_keeps_what_the_command_does_alone_apart() -> None:
    # A run of before the shards: settling was the command's alone.
    run = _phased(partition=10.0, screening=60.0, settle=10.0, worklists=10.0)
    # x50 patients: the 80 s the 2 workers share (160 worker-seconds) over the workers, the
    # 14 s of settling and copying as they are, the 6 s start once.
    assert nightly_hours(run, 2) * 3600 == pytest.approx(6 + 50 * (14 + 160 / 2))
    assert nightly_hours(run, 32) * 3600 == pytest.approx(6 + 50 * (14 + 160 / 32))
    # Many workers do not make the serial part go away.
    assert nightly_hours(run, 10_000) * 3600 > 50 * 14
    assert (
        "- 20,000 local phases (s): start 6.0, partition 10.0, screening 60.0, settle 10.0, "
        "worklists 10.0, after the summary 4.0"
        in table([{"config": {"patients": 20_000}, "runs": {"local": run}}])
    )


def test_nightly_estimate_shares_the_state_shards_among_the_workers() -> None:
    run = _phased(partition=10.0, screening=60.0, shards=18.0, settle=0.5, worklists=1.5)
    # The shards' 18 s on 2 workers are shared like the screening; the gathering of counts,
    # the worklists no patient reached and the copy (6 s) are the command's alone.
    assert nightly_hours(run, 2) * 3600 == pytest.approx(6 + 50 * (6 + 2 * 88 / 2))
    assert nightly_hours(run, 32) * 3600 == pytest.approx(6 + 50 * (6 + 2 * 88 / 32))


def test_the_table_checks_each_goal() -> None:
    # 20k patients: local 80 s (125/s per core), dask 120 s (+50 %); 100k: memory doubled.
    report = table([_record(20_000, 80.0, 120.0, 400.0), _record(100_000, 400.0, 450.0, 800.0)])
    assert "| 20,000 | local | 2 | 80.0 | 250.0 | 125.0 |" in report
    assert "- [MET] 20,000 local: 125.0 patients/s per core" in report
    assert "- [MISS] 20,000 dask overhead vs local: +50%" in report
    assert "- [MET] 100,000 dask overhead vs local: +12%" in report
    assert "- [MISS] peak RSS 20,000 -> 100,000 patients: local 400 -> 800 MB" in report
    assert (
        "1,000,000 patients at 125/s per core (estimate from the 20,000-patient local run): "
        "2 workers 1.1 h" in report
    )


def test_flat_memory_is_met() -> None:
    report = table([_record(20_000, 80.0, 90.0, 400.0), _record(100_000, 400.0, 440.0, 420.0)])
    assert "- [MET] peak RSS 20,000 -> 100,000 patients: local 400 -> 420 MB" in report


def test_bad_arguments_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--patients", "0"])
    assert exit_info.value.code == 2
    assert "--patients, --workers and --trials must be at least 1" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["--follow", "0"])
    assert exit_info.value.code == 2
    assert "--follow must be at least 1" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["--rounds", "0"])
    assert exit_info.value.code == 2
    assert "--rounds must be at least 1" in capsys.readouterr().err


def test_followed_trials_are_open_ones_evenly_spread_and_the_same_each_time(
    tmp_path: Path,
) -> None:
    catalog = write_catalog(tmp_path / "catalog.ndjson", count=300, seed=7)
    trials = [orjson.loads(line) for line in catalog.read_bytes().splitlines()]
    status = {t["nct_id"]: t["overall_status"] for t in trials}
    open_ids = sorted(i for i, s in status.items() if s in {"RECRUITING", "NOT_YET_RECRUITING"})
    assert len(open_ids) < len(trials)  # some are closed: the filter is not vacuous
    chosen = followed_trials(catalog, 10)
    assert chosen == followed_trials(catalog, 10)
    assert chosen == sorted(set(chosen))
    assert set(chosen) <= set(open_ids)
    # Evenly spread over the whole list: from its start, steps of a tenth of it, to its end.
    places = [open_ids.index(nct_id) for nct_id in chosen]
    step = len(open_ids) // 10
    assert places[0] == 0
    assert {after - before for before, after in pairwise(places)} <= {step, step + 1}
    assert places[-1] >= len(open_ids) - step - 1
    assert followed_trials(catalog, len(open_ids)) == open_ids
    with pytest.raises(PrescreenBenchError, match="open trials"):
        followed_trials(catalog, len(open_ids) + 1)


def test_follow_rows_are_labelled_and_kept_apart_from_the_goals() -> None:
    record = _record(20_000, 80.0, 120.0, 400.0)
    label = follow_label("local", 300)
    # Very fast, as a few trials are: it must not count as the full catalog's goal met.
    record["runs"][label] = {**_run("local", 20_000, 8.0, 300.0), "followed": 300}
    record["runs"]["local"]["patients_per_second_per_core"] = 50.0
    report = table([record])
    assert "| 20,000 | local follow 300 | 2 | 8.0 | 2500.0 |" in report
    assert "- [MISS] 20,000 local: 50.0 patients/s per core" in report
    assert "- 20,000 local follow 300: 10.0x the patients/s of local on the full catalog" in report
    assert "follow 300: 1250" not in report
    assert "1,000,000 patients at 50/s per core" in report


def test_the_profile_sets_the_per_patient_function_against_the_whole_run() -> None:
    from tools.prescreen_profile import describe

    stages = {"parse": 1.0, "map": 7.0, "match": 3.0, "entries": 4.0, "write": 2.0, "total": 17.0}
    profile = {"patients": 300, "median_ms": stages, "entries_per_patient": 470.4}
    text = describe(profile, run_cpu_ms_per_patient=100.0)
    assert "parse 1.00, map 7.00, match 3.00, entries 4.00, write 2.00, total 17.00" in text
    assert "worklist rows) per patient: 470" in text
    assert (
        "100.00 ms of CPU per patient, of which 83.00 outside the per-patient function and its"
        in text
    )


def test_the_rounds_phases_are_their_means() -> None:
    def engine_run(wall: float, screening: float) -> EngineRun:
        phases = {"start": 1.0, "partition": 2.0, "screening": screening, "shards": 3.0}
        summary = {"seconds": wall - 5, "phase_seconds": phases | {"settle": 0.5, "worklists": 0.5}}
        return EngineRun("local", 20_000, 2, wall, wall * 2, 400.0, 360.0, 3, summary)

    row = combined([engine_run(100.0, 80.0), engine_run(120.0, 100.0)])
    assert row.summary["phase_seconds"]["screening"] == 90.0
    assert row.summary["phase_seconds"]["shards"] == 3.0
    # 5 s after the summary in each round: the estimate keeps them as the serial part.
    assert nightly_hours(row.to_json(), 10_000) * 3600 > 50 * (5 + 0.5 + 0.5)


def test_rounds_alternate_the_engines_in_mirrored_order() -> None:
    engines = ("local", "dask")
    assert round_order(engines, 1) == ["local", "dask"]
    assert round_order(engines, 2) == ["local", "dask", "dask", "local"]
    assert round_order(engines, 3) == ["local", "dask", "dask", "local", "local", "dask"]


def test_an_engines_rounds_make_one_row_of_means_and_highest_peaks() -> None:
    def engine_run(wall: float, cpu: float, rss: float) -> EngineRun:
        return EngineRun("dask", 2000, 2, wall, cpu, rss, rss * 0.9, 6, {"seconds": wall - 3})

    row = combined([engine_run(40.0, 70.0, 900.0), engine_run(60.0, 90.0, 950.0)])
    assert (row.wall_seconds, row.cpu_seconds, row.peak_rss_mb) == (50.0, 80.0, 950.0)
    assert row.round_walls == (40.0, 60.0)
    assert row.per_core == pytest.approx(20.0)
    # The summary's time is the rounds' mean too: 3 s after it (the copy), as in each round.
    assert row.summary["seconds"] == 47.0
    single = engine_run(40.0, 70.0, 900.0)
    assert combined([single]) is single
    record = {"config": {"patients": 2000}, "runs": {"dask": row.to_json()}}
    assert "- 2,000 dask: rounds 40.0 / 60.0 s (mean in the table)" in table([record])
