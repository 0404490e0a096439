"""Concurrent patient-view calls to a running service on loopback, for the benchmark and the load
test: `post_each` posts a fixed set of bodies once each, `post_for` posts round-robin for a
bounded time. Each client thread keeps one keep-alive `http.client` connection; every call and
every wait is bounded by a timeout.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

HOOK_PATH = "/cds-services/oncomatch-trials"

# (worker, n-th call of that worker) -> the next body to post, or None when the worker is done.
NextBody = Callable[[int, int], bytes | None]


@dataclass
class LoadResult:
    concurrency: int
    latencies: list[float] = field(default_factory=list)  # seconds, every call, completion order
    wall_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)  # one per call answered other than 200

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.wall_seconds if self.wall_seconds else 0.0


def post_each(
    port: int, bodies: Sequence[bytes], concurrency: int, *, timeout: float = 60.0
) -> LoadResult:
    """POST each body once, `concurrency` requests in flight."""
    lock = threading.Lock()
    queue = iter(bodies)

    def next_body(worker: int, n: int) -> bytes | None:
        with lock:
            return next(queue, None)

    return _drive(port, concurrency, next_body, timeout=timeout, join_seconds=600)


def post_for(
    port: int,
    requests: Sequence[dict[str, Any]],
    *,
    duration: float,
    concurrency: int,
    timeout: float = 30.0,
) -> LoadResult:
    """POST the requests round-robin for `duration` seconds, each call with a fresh
    hookInstance."""
    stop_at = time.monotonic() + duration

    def next_body(worker: int, n: int) -> bytes | None:
        if time.monotonic() >= stop_at:
            return None
        # Workers start at different requests, so that they do not post the same chart at once.
        request = dict(requests[(worker * 7 + n) % len(requests)])
        request["hookInstance"] = f"loadtest-{worker}-{n}"
        return orjson.dumps(request)

    # A call in flight at stop_at finishes within its own timeout.
    return _drive(
        port, concurrency, next_body, timeout=timeout, join_seconds=duration + timeout + 5
    )


def _drive(
    port: int, concurrency: int, next_body: NextBody, *, timeout: float, join_seconds: float
) -> LoadResult:
    result = LoadResult(concurrency)
    lock = threading.Lock()

    def client(worker: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        headers = {"Content-Type": "application/json"}
        try:
            n = 0
            while (body := next_body(worker, n)) is not None:
                n += 1
                start = time.perf_counter()
                try:
                    connection.request("POST", HOOK_PATH, body=body, headers=headers)
                    response = connection.getresponse()
                    payload = response.read()
                    problem = None
                    if response.status != 200:
                        problem = (
                            f"HTTP {response.status}: {payload[:200].decode(errors='replace')}"
                        )
                except (OSError, http.client.HTTPException) as error:
                    # The connection is unusable after a failed exchange: start a new one.
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
                    problem = type(error).__name__
                elapsed = time.perf_counter() - start
                with lock:
                    result.latencies.append(elapsed)
                    if problem is not None:
                        result.errors.append(problem)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=client, args=(worker,), name=f"hook-load-{worker}", daemon=True)
        for worker in range(concurrency)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=join_seconds)
    result.wall_seconds = time.perf_counter() - started
    return result
