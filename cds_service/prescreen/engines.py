"""Where a run's tasks are worked on. The plan is the same for every engine (the export's chunks
routed to partitions on disk, one task per chunk; then one task per partition,
`patient_job.run_partition` for each); only where tasks run differs.

- `LocalEngine`: processes on this machine (`concurrent.futures`, spawned: a forked copy of a
  process holding database connections and threads is not safe). With one worker, tasks run in
  this process and no pool is started. A worker process that dies (killed, out of memory)
  breaks the pool; the unfinished tasks are run again on a new one (every task writes its own
  files afresh, so a task run twice leaves what one run leaves), until the pool breaks
  `RESTARTS_WITHOUT_PROGRESS + 1` times with no task finished in between (a task that kills
  every worker it runs on). `multiprocessing.Pool` waited forever for the result of a task
  whose worker had died.
- `DaskEngine`: a Dask distributed cluster, an existing one (`--scheduler ADDRESS`) or a
  `LocalCluster` of `workers` processes. Workers need OncoMatch installed and the catalog's
  sources; the export and the partition folder must be on storage they all read (README,
  "Pre-screening").

An engine is started before the export is partitioned (`start`), so a scheduler that cannot be
reached is said at once. A runner runs any picklable function of one argument over items
(`Runner.run`): the partition pass's tasks and the partitions' are both such functions.
"""

from __future__ import annotations

import importlib.util
import logging
import multiprocessing
import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from cds_service.prescreen.errors import (
    CatalogChangedError,
    EngineUnavailableError,
    WorkerCodeError,
    WorkerLostError,
)
from cds_service.prescreen.screening_code import screening_code_fingerprint

if TYPE_CHECKING:  # the catalog is imported where it runs: the CLI starts fast
    from cds_service.settings import Settings

logger = logging.getLogger("oncomatch.prescreen")

# New pools started in a row, with no task finished in between, after worker processes died;
# one more death and the run stops with `WorkerLostError`.
RESTARTS_WITHOUT_PROGRESS = 2
# How long to wait for a scheduler given with --scheduler before saying it is not reachable.
SCHEDULER_TIMEOUT_SECONDS = 10.0
# The Dask configuration of the LocalCluster's workers. Dask's statistical profiler samples the
# running task's stack every 10 ms on the worker's event loop and keeps a profile per second;
# nothing here reads them, and on 20,000 patients they were most of Dask's overhead in CPU and
# in memory (docs/performance.md, "Dask's profiler"). An existing cluster's workers take their
# operator's configuration: README, "On a Dask cluster", says to set the same there.
LOCAL_CLUSTER_CONFIG: dict[str, object] = {"distributed.worker.profile.enabled": False}


Item = TypeVar("Item")
Result = TypeVar("Result")


class Runner(Protocol):
    def run(self, function: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
        """`function` of each item, in any order, as they finish. `function` is a module-level
        function and the items plain data: both pickle to a process or a Dask worker."""
        ...


class Engine(Protocol):
    name: str
    workers: int

    def start(
        self, settings: Settings, fingerprint: str, trials: tuple[str, ...] | None = None
    ) -> AbstractContextManager[Runner]:
        """Workers ready to run tasks (their catalog, loaded from `settings` for `trials` or
        every trial, is checked against `fingerprint` where the engine can tell before the
        first task)."""
        ...


@dataclass(slots=True)
class LocalEngine:
    workers: int = 1
    name: str = "local"

    @contextmanager
    def start(
        self, settings: Settings, fingerprint: str, trials: tuple[str, ...] | None = None
    ) -> Iterator[Runner]:
        if self.workers <= 1:
            yield _InProcess()
            return
        pool = _Pool(lambda: _process_pool(self.workers, settings, trials))
        try:
            yield pool
        except BaseException:
            # The run is stopping (an error, Ctrl-C, SIGTERM): what the running tasks would
            # make is thrown away with the work folder, and a partition can take minutes.
            pool.stop()
            raise
        finally:
            pool.close()


def _process_pool(
    workers: int, settings: Settings, trials: tuple[str, ...] | None
) -> ProcessPoolExecutor:
    # Each process loads its catalog as it starts, while this one partitions the export.
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_preload_catalog,
        initargs=(settings, trials),
    )


def _preload_catalog(settings: Settings, trials: tuple[str, ...] | None) -> None:
    """A worker's catalog, loaded as it starts. A failure is left to the first task that needs
    the catalog, which loads it again and stops the run with the error itself: an initializer
    that raises only breaks the pool, which would read as a worker that died."""
    from cds_service.prescreen.worker_catalog import worker_catalog

    # Ctrl-C in a terminal reaches every process of the group: the run decides, and stops
    # the workers itself (`_Pool.stop`), rather than each dying mid-task and the pool being
    # started again as if they had been killed.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        worker_catalog(settings, trials)
    except Exception:  # said by the task that loads it again
        logger.debug("pre-screening: a worker could not preload the catalog")


class _InProcess:
    def run(self, function: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
        for item in items:
            yield function(item)


class _Pool:
    """Worker processes, started again for the unfinished tasks when one of them dies (see
    `RESTARTS_WITHOUT_PROGRESS`)."""

    __slots__ = ("_executor", "_new", "_restarts", "_stopped")

    def __init__(self, new: Callable[[], ProcessPoolExecutor]) -> None:
        self._new = new
        self._executor = new()
        self._restarts = 0
        self._stopped = False

    def run(self, function: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
        # One task per item: a chunk or a partition is already the unit of work and memory.
        # Submitted in order, so the workers take them in order; results come as they finish.
        pending = dict(enumerate(items))
        while pending:
            futures: dict[Future[Result], int] = {
                self._executor.submit(function, item): key for key, item in pending.items()
            }
            broken = False
            for future in as_completed(futures):
                if isinstance(future.exception(), BrokenProcessPool):
                    broken = True  # every unfinished task ends so; each is run again below
                    continue
                result = future.result()  # a task's own error stops the run
                del pending[futures[future]]
                self._restarts = 0
                yield result
            if broken:
                if self._stopped:  # its workers were ended on purpose: nothing runs again
                    return
                self._restart()

    def _restart(self) -> None:
        if self._restarts >= RESTARTS_WITHOUT_PROGRESS:
            raise WorkerLostError.after(self._restarts + 1)
        self._restarts += 1
        logger.warning(
            "pre-screening: a worker process stopped abruptly; the unfinished tasks run again "
            "on new workers (%d of %d in a row)",
            self._restarts,
            RESTARTS_WITHOUT_PROGRESS,
        )
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._new()

    def close(self) -> None:
        # Tasks not yet started are dropped; a running one ends first (at most one a worker).
        self._executor.shutdown(wait=True, cancel_futures=True)

    def stop(self) -> None:
        """The worker processes ended now, their running tasks with them (`close` then
        returns at once): for a run that is stopping. Each task writes files of its own, which
        the run removes, so no file another task or run reads is left half written."""
        self._stopped = True
        # `ProcessPoolExecutor.terminate_workers` from Python 3.14; before it, its processes.
        terminate = getattr(self._executor, "terminate_workers", None)
        if terminate is not None:
            terminate()
            return
        for process in list((self._executor._processes or {}).values()):
            process.terminate()


@dataclass(slots=True)
class DaskEngine:
    workers: int = 2
    scheduler: str | None = None
    connect_timeout: float = SCHEDULER_TIMEOUT_SECONDS
    name: str = "dask"

    @contextmanager
    def start(
        self, settings: Settings, fingerprint: str, trials: tuple[str, ...] | None = None
    ) -> Iterator[Runner]:
        require_dask()
        import dask
        from distributed import LocalCluster

        cluster: Any = None
        try:
            if self.scheduler is None:
                # The nannies hand the configuration in force now to the worker processes.
                with dask.config.set(LOCAL_CLUSTER_CONFIG):
                    # Processes, one thread each: matching is CPU-bound Python (the GIL).
                    cluster = LocalCluster(  # type: ignore[no-untyped-call]
                        n_workers=self.workers,
                        threads_per_worker=1,
                        processes=True,
                        # Any free port: the default 8787 may be taken (another cluster, a
                        # server), and the cluster would fail to start.
                        dashboard_address=":0",
                    )
            client = _connect(cluster if cluster is not None else self.scheduler, self)
            with client:
                # Every worker loads its own catalog now, from its own settings' sources.
                loaded = client.run(_worker_fingerprints, settings, trials, fingerprint)
                check_workers(loaded, fingerprint, screening_code_fingerprint(), self.scheduler)
                yield _Dask(client)
        finally:
            if cluster is not None:
                cluster.close()


@dataclass(slots=True)
class _Dask:
    client: Any  # distributed.Client

    def run(self, function: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
        from distributed import KilledWorker, as_completed

        # pure=False: a re-run's identical task must run again, not come from a cache.
        futures = self.client.map(function, list(items), pure=False)
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            try:
                result = future.result()
            except KilledWorker:
                # The scheduler ran the task again on other workers, as often as its
                # `allowed-failures` lets it, and each of them died.
                raise WorkerLostError.on_cluster() from None
            yield result


def _worker_fingerprints(
    settings: Settings, trials: tuple[str, ...] | None, expected: str
) -> tuple[str, str]:
    """A worker's catalog and code, as fingerprints: (catalog, screening code)."""
    from cds_service.prescreen.worker_catalog import worker_catalog

    catalog = worker_catalog(settings, trials, expected=expected).fingerprint
    return catalog, screening_code_fingerprint()


def check_workers(
    loaded: Mapping[str, tuple[str, str]], catalog: str, code: str, scheduler: str | None
) -> None:
    """Refuse a cluster whose workers would make a worklist the run cannot stand for: none at
    all (tasks would wait forever), another catalog, or another release of the code."""
    if not loaded:
        raise EngineUnavailableError(
            f"the Dask cluster at {scheduler} has no worker: start some "
            "(`dask worker ADDRESS`) and run again"
        )
    if any(found != catalog for found, _ in loaded.values()):
        raise CatalogChangedError()
    others = sum(1 for _, found in loaded.values() if found != code)
    if others:
        raise WorkerCodeError.on(others, len(loaded))


def _connect(target: Any, engine: DaskEngine) -> Any:
    from distributed import Client

    try:
        return Client(target, timeout=engine.connect_timeout)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as error:
        raise EngineUnavailableError(
            f"no Dask scheduler reachable at {engine.scheduler} "
            f"(waited {engine.connect_timeout:g} s: {type(error).__name__})"
        ) from None


def require_dask() -> None:
    """Refuse in one sentence when the optional `dask` and `distributed` are missing."""
    if importlib.util.find_spec("distributed") is None or importlib.util.find_spec("dask") is None:
        raise EngineUnavailableError(
            "--engine dask needs the optional packages dask and distributed: "
            "pip install 'oncomatch[prescreen-dask]'"
        )
