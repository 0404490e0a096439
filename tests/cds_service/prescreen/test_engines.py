"""The engines run the same plan: local processes and a Dask cluster give identical worklists
(and the same as one process), and a worker with another catalog stops the run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cds_service.prescreen.engines import DaskEngine, LocalEngine
from cds_service.prescreen.errors import CatalogChangedError
from cds_service.prescreen.run import run_prescreen
from cds_service.prescreen.summary import RunSummary
from cds_service.service import open_database
from cds_service.settings import Settings
from tests.cds_service.prescreen.conftest import fixed_clock


def worklists(out: Path) -> dict[str, str]:
    return {path.name: path.read_text() for path in sorted(out.glob("worklist-*.csv"))}


def comparable(summary: RunSummary) -> dict[str, object]:
    return summary.model_dump(
        # Partitions (and so their fullness) follow the number of workers; time varies.
        exclude={
            "engine",
            "workers",
            "seconds",
            "patients_per_second",
            "partitions",
            "peak_patients_in_memory",
        }
    )


@pytest.mark.slow
def test_local_processes_and_a_dask_cluster_give_identical_worklists(
    bundle_export: Path, tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(prescreen_max_patients_in_memory=30)
    runs = {
        "inline": LocalEngine(1),
        "local": LocalEngine(2),
        "dask": DaskEngine(workers=2),
    }
    summaries = {
        name: run_prescreen(
            bundle_export, tmp_path / name, settings=settings, clock=fixed_clock, engine=engine
        )
        for name, engine in runs.items()
    }
    assert summaries["dask"].engine == "dask"
    assert summaries["local"].workers == 2
    expected = worklists(tmp_path / "inline")
    assert len(expected) > 10
    assert worklists(tmp_path / "local") == expected
    assert worklists(tmp_path / "dask") == expected
    # The same patients, counts and skips whatever the engine.
    assert comparable(summaries["local"]) == comparable(summaries["inline"])
    assert comparable(summaries["dask"]) == comparable(summaries["inline"])


@pytest.mark.slow
def test_a_dask_worker_with_another_catalog_stops_the_run(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    open_database(settings).dispose()
    # The run's fingerprint is another than the one workers compute from their catalog.
    with pytest.raises(CatalogChangedError), DaskEngine(workers=1).start(settings, "0" * 64):
        pytest.fail("workers with another catalog were given tasks")
