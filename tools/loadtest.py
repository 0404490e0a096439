"""`oncomatch loadtest`: the real service under concurrent hook calls for a bounded time.

It starts `uvicorn cds_service.app:app` as a subprocess (one worker, auth off, a temporary data
dir) on 127.0.0.1, warms it up with one call per test bundle, then runs `concurrency` clients
(`tools.hook_load.post_for`) for `duration` seconds, each posting the test bundles as
`patient-view` calls round-robin with a fresh hookInstance. It reports the number of requests,
errors (any answer other than 200, or no answer), nearest-rank latency percentiles and the
server's resident memory (VmRSS from /proc, Linux) after warm-up and at the end.

Only loopback traffic; every wait is bounded.
"""

from __future__ import annotations

import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from tools.hook_load import post_each, post_for
from tools.percentiles import percentile
from tools.service_process import proc_status_kib, running_service

REQUEST_TIMEOUT_SECONDS = 30.0


class LoadTestError(Exception):
    """The load test could not run (no bundles, the server did not start)."""


@dataclass(frozen=True, slots=True)
class LoadTestReport:
    duration_seconds: float
    concurrency: int
    requests: int
    errors: int
    error_samples: tuple[str, ...]
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    rss_start_kib: int | None  # after warm-up
    rss_end_kib: int | None
    bundles: int
    rss_samples_kib: tuple[int, ...] = ()  # every tenth of the run, for the trend

    @property
    def throughput(self) -> float:
        return self.requests / self.duration_seconds if self.duration_seconds else 0.0

    def to_text(self) -> str:
        def rss(value: int | None) -> str:
            return f"{value / 1024:.1f} MiB" if value is not None else "n/a"

        lines = [
            f"duration     {self.duration_seconds:.1f} s, concurrency {self.concurrency}, "
            f"{self.bundles} test bundles round-robin",
            f"requests     {self.requests} ({self.throughput:.1f}/s)",
            f"errors       {self.errors}",
            f"latency      p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, "
            f"p99 {self.p99_ms:.1f} ms, max {self.max_ms:.1f} ms",
            f"server RSS   {rss(self.rss_start_kib)} after warm-up, {rss(self.rss_end_kib)} at end",
        ]
        if self.rss_samples_kib:
            trend = " ".join(f"{value / 1024:.1f}" for value in self.rss_samples_kib)
            lines.append(f"RSS trend    {trend} MiB")
        lines += [f"error sample {sample}" for sample in self.error_samples]
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "durationSeconds": round(self.duration_seconds, 3),
            "concurrency": self.concurrency,
            "requests": self.requests,
            "errors": self.errors,
            "errorSamples": list(self.error_samples),
            "throughputPerSecond": round(self.throughput, 2),
            "p50Ms": round(self.p50_ms, 2),
            "p95Ms": round(self.p95_ms, 2),
            "p99Ms": round(self.p99_ms, 2),
            "maxMs": round(self.max_ms, 2),
            "rssStartKiB": self.rss_start_kib,
            "rssEndKiB": self.rss_end_kib,
            "rssSamplesKiB": list(self.rss_samples_kib),
            "bundles": self.bundles,
        }


def hook_bodies(bundles_dir: Path) -> list[dict[str, Any]]:
    """One `patient-view` request per test bundle (hookInstance filled in per call)."""
    from fhir_mapping import bundle_to_hook_request

    paths = sorted(bundles_dir.glob("*.json"))
    if not paths:
        raise LoadTestError(f"no test bundles (*.json) in {bundles_dir}")
    return [
        bundle_to_hook_request(orjson.loads(path.read_bytes()), hook_instance="placeholder")
        for path in paths
    ]


def run_loadtest(
    *,
    duration: float = 20.0,
    concurrency: int = 8,
    bundles_dir: Path = Path("test_bundles"),
    data_dir: Path | None = None,
) -> LoadTestReport:
    bodies = hook_bodies(bundles_dir)
    with (
        tempfile.TemporaryDirectory(prefix="oncomatch-loadtest-") as scratch,
        running_service(data_dir or Path(scratch)) as server,
    ):
        # Warm-up: every bundle once, so caches and lazy imports are in before measuring.
        warm_up = [
            orjson.dumps({**body, "hookInstance": f"warmup-{index}"})
            for index, body in enumerate(bodies)
        ]
        warm = post_each(server.port, warm_up, 1, timeout=REQUEST_TIMEOUT_SECONDS)
        if warm.errors:
            raise LoadTestError(f"warm-up: {len(warm.errors)} calls failed, e.g. {warm.errors[0]}")
        rss_start = server.rss_kib()
        samples_kib: list[int] = []
        sampler = threading.Thread(
            target=_sample_rss,
            args=(server.process.pid, duration, samples_kib),
            name="loadtest-rss",
            daemon=True,
        )
        sampler.start()
        load = post_for(
            server.port,
            bodies,
            duration=duration,
            concurrency=concurrency,
            timeout=REQUEST_TIMEOUT_SECONDS,
        )
        rss_end = server.rss_kib()
        sampler.join(timeout=duration + 5)
    latencies = sorted(load.latencies)
    return LoadTestReport(
        duration_seconds=load.wall_seconds,
        concurrency=concurrency,
        requests=len(latencies),
        errors=len(load.errors),
        error_samples=tuple(load.errors[:3]),
        p50_ms=percentile(latencies, 0.50) * 1000,
        p95_ms=percentile(latencies, 0.95) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
        max_ms=(latencies[-1] * 1000) if latencies else 0.0,
        rss_start_kib=rss_start,
        rss_end_kib=rss_end,
        bundles=len(bodies),
        rss_samples_kib=tuple(samples_kib),
    )


def _sample_rss(pid: int, duration: float, into: list[int]) -> None:
    """The server's RSS at each tenth of the run (a bounded loop of ten)."""
    for _ in range(10):
        time.sleep(duration / 10)
        value = proc_status_kib(pid, "VmRSS:")
        if value is not None:
            into.append(value)
