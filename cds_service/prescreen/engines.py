"""Where partitions are worked on. The plan is the same for every engine (partitions on disk,
one task per partition, `patient_job.run_partition` for each); only where tasks run differs.

- `LocalEngine`: processes on this machine (`multiprocessing`, spawned: a forked copy of a
  process holding database connections and threads is not safe). One worker runs in this
  process, with no pool to start.
- `DaskEngine`: a Dask distributed cluster, an existing one (`--scheduler ADDRESS`) or a
  `LocalCluster` of `workers` processes. Workers need OncoMatch installed and the catalog's
  sources; the partition folder must be on storage they all read (README, "Pre-screening").
"""

from __future__ import annotations

import importlib.util
import multiprocessing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from cds_service.prescreen.errors import EngineUnavailableError
from cds_service.prescreen.patient_job import PartitionResult, PartitionTask, run_partition

# How long to wait for a scheduler given with --scheduler before saying it is not reachable.
SCHEDULER_TIMEOUT_SECONDS = 10


class Engine(Protocol):
    name: str
    workers: int

    def run(self, tasks: Sequence[PartitionTask]) -> Iterator[PartitionResult]:
        """Each task's result, in any order, as they finish."""
        ...


@dataclass(slots=True)
class LocalEngine:
    workers: int = 1
    name: str = "local"

    def run(self, tasks: Sequence[PartitionTask]) -> Iterator[PartitionResult]:
        if self.workers <= 1 or len(tasks) <= 1:
            for task in tasks:
                yield run_partition(task)
            return
        context = multiprocessing.get_context("spawn")
        with context.Pool(min(self.workers, len(tasks))) as pool:
            # One partition at a time per worker: a partition is already the unit of memory.
            yield from pool.imap_unordered(run_partition, tasks, chunksize=1)


@dataclass(slots=True)
class DaskEngine:
    workers: int = 2
    scheduler: str | None = None
    name: str = "dask"

    def run(self, tasks: Sequence[PartitionTask]) -> Iterator[PartitionResult]:
        require_dask()
        from distributed import Client, LocalCluster, as_completed

        cluster: Any = None
        try:
            if self.scheduler is None:
                # Processes, one thread each: matching is CPU-bound Python (the GIL).
                cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
                client = Client(cluster)  # type: ignore[no-untyped-call]
            else:
                client = _connect(self.scheduler)
            with client:
                # pure=False: the same task twice (a re-run) must run again, not hit a cache.
                futures = client.map(run_partition, list(tasks), pure=False)
                for future in as_completed(futures):  # type: ignore[no-untyped-call]
                    yield future.result()
        finally:
            if cluster is not None:
                cluster.close()


def _connect(address: str) -> Any:
    from distributed import Client

    try:
        return Client(address, timeout=SCHEDULER_TIMEOUT_SECONDS)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as error:
        raise EngineUnavailableError(
            f"no Dask scheduler reachable at {address} "
            f"(waited {SCHEDULER_TIMEOUT_SECONDS} s: {type(error).__name__})"
        ) from None


def require_dask() -> None:
    """Refuse in one sentence when the optional `dask` and `distributed` are missing."""
    if importlib.util.find_spec("distributed") is None or importlib.util.find_spec("dask") is None:
        raise EngineUnavailableError(
            "--engine dask needs the optional packages dask and distributed: "
            "pip install 'oncomatch[prescreen-dask]'"
        )
