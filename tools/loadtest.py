"""`oncomatch loadtest`: the real service under concurrent hook calls for a bounded time.

It starts `uvicorn cds_service.app:app` as a subprocess (one worker, auth off, a temporary data
dir) on 127.0.0.1, warms it up with one call per test bundle, then runs `concurrency` client
threads (one keep-alive `requests.Session` each) for `duration` seconds, each posting the test
bundles as `patient-view` calls round-robin with a fresh hookInstance. It reports the number of
requests, errors (any answer other than 200, or no answer), latency percentiles and the server's
resident memory (VmRSS from /proc, Linux) after warm-up and at the end.

Only loopback traffic; every wait is bounded.
"""

from __future__ import annotations

import itertools
import math
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import requests

from tools.service_process import proc_status_kib, running_service

HOOK_PATH = "/cds-services/oncomatch-trials"
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


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending sequence (0.0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), math.ceil(fraction * len(sorted_values) - 1e-9)))
    return sorted_values[rank - 1]


@dataclass
class _Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    samples: list[str] = field(default_factory=list)


def _client(
    base_url: str,
    bodies: Sequence[dict[str, Any]],
    start: int,
    stop_at: float,
    tally: _Tally,
    worker: int,
) -> None:
    url = base_url + HOOK_PATH
    headers = {"Content-Type": "application/json"}
    with requests.Session() as session:
        for n in itertools.count():
            if time.monotonic() >= stop_at:
                return
            body = dict(bodies[(start + n) % len(bodies)])
            body["hookInstance"] = f"loadtest-{worker}-{n}"
            payload = orjson.dumps(body)
            began = time.perf_counter()
            try:
                response = session.post(
                    url, data=payload, headers=headers, timeout=REQUEST_TIMEOUT_SECONDS
                )
                ok = response.status_code == 200
                problem = "" if ok else f"HTTP {response.status_code}: {response.text[:200]}"
            except requests.RequestException as error:
                ok, problem = False, type(error).__name__
            tally.latencies.append(time.perf_counter() - began)
            if not ok:
                tally.errors += 1
                if len(tally.samples) < 3:
                    tally.samples.append(problem)


def drive(
    base_url: str,
    bodies: Sequence[dict[str, Any]],
    *,
    duration: float,
    concurrency: int,
) -> tuple[float, list[_Tally]]:
    """Run the client threads for `duration` seconds; return the elapsed time and tallies."""
    tallies = [_Tally() for _ in range(concurrency)]
    started = time.monotonic()
    stop_at = started + duration
    threads = [
        threading.Thread(
            target=_client,
            args=(base_url, bodies, worker * 7, stop_at, tallies[worker], worker),
            name=f"loadtest-{worker}",
            daemon=True,
        )
        for worker in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        # A call in flight at stop_at finishes within its own timeout.
        thread.join(timeout=duration + REQUEST_TIMEOUT_SECONDS + 5)
    return time.monotonic() - started, tallies


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
        with requests.Session() as session:
            for index, body in enumerate(bodies):
                answer = session.post(
                    server.base_url + HOOK_PATH,
                    data=orjson.dumps({**body, "hookInstance": f"warmup-{index}"}),
                    headers={"Content-Type": "application/json"},
                    timeout=REQUEST_TIMEOUT_SECONDS,
                )
                if answer.status_code != 200:
                    raise LoadTestError(
                        f"warm-up call {index} answered HTTP {answer.status_code}: "
                        f"{answer.text[:300]}"
                    )
        rss_start = server.rss_kib()
        samples_kib: list[int] = []
        sampler = threading.Thread(
            target=_sample_rss,
            args=(server.process.pid, duration, samples_kib),
            name="loadtest-rss",
            daemon=True,
        )
        sampler.start()
        elapsed, tallies = drive(
            server.base_url, bodies, duration=duration, concurrency=concurrency
        )
        rss_end = server.rss_kib()
        sampler.join(timeout=duration + 5)
    latencies = sorted(value for tally in tallies for value in tally.latencies)
    samples = [sample for tally in tallies for sample in tally.samples][:3]
    return LoadTestReport(
        duration_seconds=elapsed,
        concurrency=concurrency,
        requests=len(latencies),
        errors=sum(tally.errors for tally in tallies),
        error_samples=tuple(samples),
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
