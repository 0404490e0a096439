"""The real service in a uvicorn subprocess (one worker, auth off, a temporary data dir), and a
bounded HTTP load generator (stdlib `http.client`, keep-alive, one connection per client thread).
Only loopback traffic."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tools.service_process import ServiceProcess, running_service

HOOK_PATH = "/cds-services/oncomatch-trials"


@contextmanager
def running_server(catalog: Path, data_dir: Path) -> Iterator[ServiceProcess]:
    """The service with the synthetic catalog; `startup_seconds` is the time until it is ready."""
    with running_service(data_dir, env={"ONCOMATCH_SYNTHETIC_CATALOG": str(catalog)}) as server:
        yield server


@dataclass
class LoadResult:
    concurrency: int
    latencies: list[float] = field(default_factory=list)  # seconds, in completion order
    wall_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.wall_seconds if self.wall_seconds else 0.0


def post_all(port: int, bodies: Sequence[bytes], concurrency: int) -> LoadResult:
    """POST each body once to the hook, `concurrency` requests in flight; bounded by `bodies`."""
    result = LoadResult(concurrency)
    lock = threading.Lock()
    queue = iter(bodies)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Content-Type": "application/json"}
        try:
            while True:
                with lock:
                    body = next(queue, None)
                if body is None:
                    return
                start = time.perf_counter()
                connection.request("POST", HOOK_PATH, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                elapsed = time.perf_counter() - start
                with lock:
                    if response.status == 200:
                        result.latencies.append(elapsed)
                    else:
                        result.errors.append(f"{response.status}: {payload[:200]!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    result.wall_seconds = time.perf_counter() - started
    return result
