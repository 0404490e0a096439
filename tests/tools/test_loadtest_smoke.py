"""`oncomatch loadtest` end to end, tiny: a real uvicorn subprocess, 2 s, 2 clients, 0 errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cds_service.cli.main import app
from tools.percentiles import percentile

BUNDLES = Path(__file__).resolve().parents[2] / "test_bundles"


@pytest.mark.slow
def test_a_short_load_run_has_no_errors() -> None:
    result = CliRunner().invoke(
        app,
        ["loadtest", "--duration", "2", "--concurrency", "2", "--bundles", str(BUNDLES), "--json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    assert report["requests"] >= 10
    assert report["bundles"] == len(list(BUNDLES.glob("*.json")))
    assert 0 < report["p50Ms"] <= report["p95Ms"] <= report["p99Ms"] <= report["maxMs"]
    assert report["rssStartKiB"] > 0
    assert report["rssEndKiB"] > 0


def test_a_missing_bundle_folder_is_a_clear_failure(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["loadtest", "--bundles", str(tmp_path)])
    assert result.exit_code == 2
    assert "no test bundles" in result.output


def test_nearest_rank_percentile() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([3.0], 0.99) == 3.0
    assert percentile([], 0.5) == 0.0
