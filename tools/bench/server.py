"""The real service with the benchmark's synthetic catalog, in a uvicorn subprocess (one worker,
auth off, a temporary data dir). Only loopback traffic; the load comes from `tools.hook_load`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.service_process import ServiceProcess, running_service


@contextmanager
def running_server(catalog: Path, data_dir: Path) -> Iterator[ServiceProcess]:
    """The service with the synthetic catalog; `startup_seconds` is the time until it is ready."""
    with running_service(data_dir, env={"ONCOMATCH_SYNTHETIC_CATALOG": str(catalog)}) as server:
        yield server
