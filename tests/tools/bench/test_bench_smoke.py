"""A tiny run of the whole benchmark: generator, real server round trips, in-process stages,
naive baseline, table and JSON. No timing is asserted: only that every part ran and agrees."""

from __future__ import annotations

from dataclasses import replace
from io import StringIO
from pathlib import Path

import orjson
import pytest

from tools.bench.runner import QUICK, percentiles, run


@pytest.mark.slow
def test_quick_bench_runs_end_to_end(tmp_path: Path) -> None:
    log = StringIO()
    results = run(replace(QUICK, trials=200), tmp_path, log=log)

    assert set(results["http"]) == {"W1 first seen", "W1 re-opened"}
    for levels in results["http"].values():
        for entry in levels.values():
            assert entry["n"] == QUICK.w1_requests
            # The server's CPU per call, read from /proc (in clock ticks, 10 ms here): never
            # more than two busy threads could use in the slowest call, plus one tick.
            assert 0 <= entry["server_cpu_ms_per_call"] <= 2 * entry["max"] + 10
    assert results["startup_seconds"] > 0
    assert results["peak_rss_mb"] > 0
    naive = results["inprocess"]["naive"]["W1"]
    assert naive["same_cards_as_ours"] is True
    assert naive["trials_evaluated"] > 100
    written = orjson.loads((tmp_path / "bench.json").read_bytes())
    assert written["checks"].keys() == results["checks"].keys()
    assert "HTTP round trip" in log.getvalue()


def test_percentiles_are_observed_values() -> None:
    samples = [i / 1000 for i in range(1, 101)]  # 1..100 ms
    result = percentiles(samples)
    assert (result["p50"], result["p95"], result["p99"]) == (50.0, 95.0, 99.0)
    assert percentiles([]) == {}
