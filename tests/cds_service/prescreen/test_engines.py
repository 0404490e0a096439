"""The engines run the same plan: local processes and a Dask cluster give identical worklists
(and the same as one process), a worker with another catalog stops the run, and a local worker
process that dies has its tasks run again instead of leaving the run waiting forever."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cds_service.gc_policy import GC_THRESHOLDS
from cds_service.prescreen.engines import DaskEngine, LocalEngine, Runner, check_workers
from cds_service.prescreen.errors import (
    CatalogChangedError,
    EngineUnavailableError,
    PartitionUnreadableError,
    WorkerCodeError,
    WorkerLostError,
)
from cds_service.prescreen.export_reader import Chunk
from cds_service.prescreen.partitioning import RouteTask, route_chunk
from cds_service.prescreen.patient_job import PartitionTask, run_partition
from cds_service.prescreen.run import run_prescreen
from cds_service.prescreen.state_shards import ShardTask
from cds_service.prescreen.summary import RunSummary
from cds_service.prescreen.worker_catalog import fresh_catalog, worker_catalog
from cds_service.prescreen.worklists import EntryCopy, WorklistStore
from cds_service.service import open_database
from cds_service.settings import Settings
from tests.cds_service.prescreen.conftest import FIXED_NOW, fixed_clock
from tests.cds_service.prescreen.test_trial_subset import SEED, busiest


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
            "phase_seconds",
            "partitions",
            "peak_patients_in_memory",
        }
    )


def stored(store: WorklistStore, summary: RunSummary) -> dict[str, list[tuple[object, ...]]]:
    """The latest run's worklists in the database, by trial."""
    found: dict[str, list[tuple[object, ...]]] = {}
    for count in summary.trials:
        worklist = store.worklist(count.nct_id)
        assert worklist is not None
        found[count.nct_id] = [
            (row.patient_id, row.verdict, row.unknowns, row.data_date) for row in worklist.entries
        ]
    return found


@pytest.mark.slow
def test_local_processes_and_a_dask_cluster_give_identical_worklists(
    bundle_export: Path, tmp_path: Path, make_settings: Callable[..., Settings], engine: Engine
) -> None:
    """In the files and in the database: on PostgreSQL each engine's workers copy the entries
    themselves (`WorklistStore.reserve_copy`)."""
    settings = make_settings(prescreen_max_patients_in_memory=30)
    store = WorklistStore(engine, clock=fixed_clock)
    runs = {
        "inline": LocalEngine(1),
        "local": LocalEngine(2),
        "dask": DaskEngine(workers=2),
    }
    summaries: dict[str, RunSummary] = {}
    in_database: dict[str, dict[str, list[tuple[object, ...]]]] = {}
    for name, runner in runs.items():
        summaries[name] = run_prescreen(
            bundle_export,
            tmp_path / name,
            settings=settings,
            clock=fixed_clock,
            engine=runner,
            store=store,
        )
        in_database[name] = stored(store, summaries[name])
    assert in_database["local"] == in_database["inline"]
    assert in_database["dask"] == in_database["inline"]
    assert sum(map(len, in_database["inline"].values())) > 10
    assert summaries["dask"].engine == "dask"
    assert summaries["local"].workers == 2
    expected = worklists(tmp_path / "inline")
    assert len(expected) > 10
    assert worklists(tmp_path / "local") == expected
    assert worklists(tmp_path / "dask") == expected
    # The same patients, counts and skips whatever the engine.
    assert comparable(summaries["local"]) == comparable(summaries["inline"])
    assert comparable(summaries["dask"]) == comparable(summaries["inline"])

    # A run for some trials: the workers load those alone (each engine hands them the list),
    # and their worklists are the full run's.
    asked = sorted([SEED, *busiest(summaries["inline"], 1)])
    for name in ("local", "dask"):
        some = run_prescreen(
            bundle_export,
            tmp_path / f"{name}-some",
            settings=settings,
            clock=fixed_clock,
            engine=runs[name],
            trials=asked,
        )
        assert some.catalog_trials == len(asked) < summaries["inline"].catalog_trials
        assert worklists(tmp_path / f"{name}-some") == {
            f"worklist-{nct_id}.csv": expected[f"worklist-{nct_id}.csv"] for nct_id in asked
        }


@pytest.mark.slow
def test_a_dask_worker_with_another_catalog_stops_the_run(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    open_database(settings).dispose()
    # The run's fingerprint is another than the one workers compute from their catalog.
    with pytest.raises(CatalogChangedError), DaskEngine(workers=1).start(settings, "0" * 64):
        pytest.fail("workers with another catalog were given tasks")


CATALOG, CODE = "a" * 64, "c" * 64


def test_workers_with_the_runs_catalog_and_code_are_taken() -> None:
    check_workers({"tcp://w1": (CATALOG, CODE), "tcp://w2": (CATALOG, CODE)}, CATALOG, CODE, None)


def test_a_worker_running_another_release_stops_the_run() -> None:
    """Verdicts of two releases in one worklist could disagree on the same chart."""
    loaded = {"tcp://w1": (CATALOG, CODE), "tcp://w2": (CATALOG, "d" * 64)}
    with pytest.raises(WorkerCodeError, match="1 of the cluster's 2 Dask workers run other"):
        check_workers(loaded, CATALOG, CODE, "tcp://scheduler:8786")


def test_another_catalog_is_told_before_another_release() -> None:
    loaded = {"tcp://w1": ("b" * 64, "d" * 64)}
    with pytest.raises(CatalogChangedError):
        check_workers(loaded, CATALOG, CODE, None)


def test_no_worker_is_refused() -> None:
    with pytest.raises(EngineUnavailableError, match="tcp://scheduler:8786 has no worker"):
        check_workers({}, CATALOG, CODE, "tcp://scheduler:8786")


def test_a_partition_a_worker_cannot_read_is_a_clear_error(
    tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    """What a Dask worker without the shared output folder meets: said, not a traceback."""
    settings = make_settings()
    open_database(settings).dispose()
    fingerprint = fresh_catalog(settings).fingerprint
    task = PartitionTask(
        tmp_path / "elsewhere" / "part-0000.tsv",
        tmp_path / "elsewhere" / "medications.sqlite3",
        FIXED_NOW.date(),
        settings,
        fingerprint,
        shards=4,
    )
    with pytest.raises(PartitionUnreadableError, match="every worker mounts") as error:
        run_partition(task)
    assert str(tmp_path / "elsewhere") in str(error.value)


def test_an_export_or_work_folder_a_worker_cannot_see_is_a_clear_error(tmp_path: Path) -> None:
    """Workers run the partition pass: one without the export's or OUT's storage says which."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "Patient.ndjson").write_bytes(b"{}\n")
    work = tmp_path / "out" / ".prescreen-work"
    unseen_export = RouteTask(Chunk(tmp_path / "elsewhere" / "Patient.ndjson"), 0, work, 1)
    with pytest.raises(PartitionUnreadableError, match=r"export folder .* every worker mounts"):
        route_chunk(unseen_export)
    unseen_work = RouteTask(Chunk(export / "Patient.ndjson"), 0, work, 1)
    with pytest.raises(PartitionUnreadableError, match=r"output folder .* every worker mounts"):
        route_chunk(unseen_work)


@pytest.mark.slow
def test_a_cluster_without_workers_is_refused_not_waited_on(
    make_settings: Callable[..., Settings],
) -> None:
    from distributed import LocalCluster

    settings = make_settings()
    open_database(settings).dispose()
    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as cluster:
        engine = DaskEngine(scheduler=cluster.scheduler_address, connect_timeout=5)
        with (
            pytest.raises(EngineUnavailableError, match="has no worker"),
            engine.start(settings, "0" * 64),
        ):
            pytest.fail("tasks were sent to a cluster without workers")


@pytest.mark.slow
def test_an_existing_cluster_named_by_its_scheduler_runs_the_same_plan(
    bundle_export: Path, tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    from distributed import LocalCluster

    settings = make_settings(prescreen_max_patients_in_memory=40)
    inline = run_prescreen(bundle_export, tmp_path / "inline", settings=settings, clock=fixed_clock)
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster:
        engine = DaskEngine(workers=2, scheduler=cluster.scheduler_address)
        on_cluster = run_prescreen(
            bundle_export, tmp_path / "cluster", settings=settings, clock=fixed_clock, engine=engine
        )
        # The cluster outlives the run and keeps its workers' catalogs: a second run reuses
        # both them and the unchanged patients.
        again = run_prescreen(
            bundle_export, tmp_path / "cluster", settings=settings, clock=fixed_clock, engine=engine
        )
    assert worklists(tmp_path / "cluster") == worklists(tmp_path / "inline")
    assert comparable(on_cluster) == comparable(inline)
    assert again.patients_reused == inline.patients_read


def test_a_worker_process_takes_the_service_collector_policy(
    make_settings: Callable[..., Settings],
) -> None:
    # A worker maps thousands of charts: with CPython's default thresholds full collections
    # rescan every chart's validated models (docs/performance.md, Pre-screening).
    before = gc.get_threshold()
    settings = make_settings()
    open_database(settings).dispose()
    try:
        gc.set_threshold(700, 10, 10)
        worker_catalog(settings)
        assert gc.get_threshold() == GC_THRESHOLDS
    finally:
        gc.set_threshold(*before)


def _profiler_enabled() -> object:
    import dask

    return dask.config.get("distributed.worker.profile.enabled")


def test_the_local_clusters_workers_run_without_dasks_profiler(
    make_settings: Callable[..., Settings],
) -> None:
    # The profiler samples every task's stack every 10 ms: most of Dask's overhead on a long run.
    settings = make_settings()
    open_database(settings).dispose()
    catalog = worker_catalog(settings)
    with DaskEngine(workers=1).start(settings, catalog.fingerprint) as runner:
        client = runner.client  # type: ignore[attr-defined]
        assert set(client.run(_profiler_enabled).values()) == {False}
    assert _profiler_enabled() is True  # this process's configuration is left as it was


def test_a_tasks_repr_holds_no_database_password(tmp_path: Path) -> None:
    """Tasks carry the service database's URL to the workers, and a Dask worker logs a failed
    task's repr."""
    url = "postgresql+psycopg://oncomatch:pw-4f9a@db.example.org/oncomatch"
    settings = Settings(data_dir=tmp_path, database_url=url)
    partition = PartitionTask(tmp_path / "p", tmp_path / "m", FIXED_NOW.date(), settings, "f", 4)
    shard = ShardTask(tmp_path / "s", 0, (), True, None, None, EntryCopy(url, 7, 8))
    for task in (partition, shard):
        assert "pw-4f9a" not in repr(task)
    assert settings.database_url == url


def _dies_once(task: tuple[Path, bool]) -> str:
    """A task; one that `dies` has its worker process killed the first time it runs (SIGKILL:
    what the kernel's OOM killer sends), and succeeds when run again."""
    marker, dies = task
    if dies and not marker.exists():
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return marker.name


def _always_dies(_: Path) -> str:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def _fails(_: Path) -> str:
    raise PartitionUnreadableError.at("/shared/out")


def _within(seconds: float, call: Callable[[], object]) -> object:
    """`call()`'s result, or a failure after `seconds`: a run that waits forever for a dead
    worker must fail this test, not hang it."""
    outcome: list[object] = []

    def target() -> None:
        try:
            outcome.append(call())
        except BaseException as error:  # handed back to the test
            outcome.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still waiting after {seconds} s"
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


@pytest.fixture
def two_workers(make_settings: Callable[..., Settings]) -> Iterator[Runner]:
    """Two local worker processes, their catalog preloaded from a migrated database."""
    settings = make_settings()
    open_database(settings).dispose()
    with LocalEngine(workers=2).start(settings, "unused") as runner:
        yield runner


def test_a_killed_worker_process_has_its_tasks_run_again(
    tmp_path: Path, two_workers: Runner
) -> None:
    # Two deaths at different points of the run (the first task, then the fifth, after others
    # finished): each has its unfinished tasks run again, and the run ends whole.
    tasks = [(tmp_path / f"task-{number}", number in (0, 4)) for number in range(8)]
    done = _within(120, lambda: sorted(two_workers.run(_dies_once, tasks)))
    assert done == [marker.name for marker, _ in tasks]
    assert all(marker.exists() for marker, dies in tasks if dies)


def test_workers_that_keep_dying_stop_the_run_with_a_clear_error(
    tmp_path: Path, two_workers: Runner
) -> None:
    with pytest.raises(
        WorkerLostError, match=r"abruptly \(killed, or out of memory\) 3 times in a row"
    ):
        _within(180, lambda: list(two_workers.run(_always_dies, [tmp_path / "a", tmp_path / "b"])))


def test_a_tasks_own_error_stops_the_run_unchanged(tmp_path: Path, two_workers: Runner) -> None:
    with pytest.raises(PartitionUnreadableError, match="cannot read /shared/out"):
        _within(120, lambda: list(two_workers.run(_fails, [tmp_path / "a"])))


def test_a_task_that_kills_its_dask_workers_stops_the_run_with_a_clear_error(
    tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    import dask

    settings = make_settings()
    open_database(settings).dispose()
    # The LocalCluster's scheduler runs in this process: one retry, then KilledWorker.
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        DaskEngine(workers=1).start(settings, worker_catalog(settings).fingerprint) as runner,
        pytest.raises(WorkerLostError, match=r"Dask workers .*allowed-failures"),
    ):
        _within(180, lambda: list(runner.run(_always_dies, [tmp_path / "a"])))


def _sleeps(marker: Path) -> str:
    """A task that says which process runs it, then works far longer than any test waits."""
    marker.write_text(str(os.getpid()))
    time.sleep(600)
    return marker.name


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that ended but was not yet reaped is gone for this purpose.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] != "Z"


def test_a_stopped_run_stops_its_worker_processes_at_once(
    tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    # Ctrl-C, or SIGTERM from a scheduler's time limit (the command turns it into the same
    # interrupt): workers mid-task are stopped, not waited for (a partition can take minutes)
    # nor left running without their run, writing into a folder the next run may be using.
    settings = make_settings()
    open_database(settings).dispose()
    markers = [tmp_path / "a", tmp_path / "b"]

    def interrupted() -> None:
        with LocalEngine(workers=2).start(settings, "unused") as runner:
            results = runner.run(_sleeps, markers)
            started = threading.Thread(target=lambda: next(results, None), daemon=True)
            started.start()
            deadline = time.monotonic() + 60
            while not all(marker.exists() for marker in markers):
                assert time.monotonic() < deadline, "the tasks never started"
                time.sleep(0.05)
            raise KeyboardInterrupt

    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        _within(120, interrupted)
    pids = [int(marker.read_text()) for marker in markers]
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in pids)
    assert time.monotonic() - began < 60
    # Nor is a new pool started for the tasks (as after workers that died): none is left.
    time.sleep(1)
    assert multiprocessing.active_children() == []
