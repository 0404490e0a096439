"""The real service in a uvicorn subprocess (one worker, auth off, a temporary data dir), and a
bounded HTTP load generator (stdlib `http.client`, keep-alive, one connection per client thread).
Only loopback traffic."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HOOK_PATH = "/cds-services/oncomatch-trials"


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    startup_seconds: float
    log: Path

    def peak_rss_mb(self) -> float | None:
        """VmHWM of the server process (Linux): the peak resident set since it started."""
        return self._status_mb("VmHWM:")

    def rss_mb(self) -> float | None:
        """VmRSS of the server process (Linux): its resident set now."""
        return self._status_mb("VmRSS:")

    def _status_mb(self, field: str) -> float | None:
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
        return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_server(catalog: Path, data_dir: Path, *, timeout: float = 120.0) -> Iterator[Server]:
    """Start `uvicorn cds_service.app:app` as `oncomatch serve` does; time until it answers."""
    port = _free_port()
    env = {
        **os.environ,
        "ONCOMATCH_AUTH": "off",
        "ONCOMATCH_DATA_DIR": str(data_dir),
        "ONCOMATCH_SYNTHETIC_CATALOG": str(catalog),
        "ONCOMATCH_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    env.pop("ONCOMATCH_DATABASE_URL", None)
    log = data_dir / "server.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "cds_service.app:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--log-level",
        "warning",
    ]
    with log.open("wb") as log_file:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            deadline = started + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the server exited early; see {log}")
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"the server did not answer within {timeout} s; see {log}")
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    connection.request("GET", "/cds-services")
                    if connection.getresponse().status == 200:
                        connection.close()
                        break
                    connection.close()
                except OSError:
                    pass
                time.sleep(0.02)
            yield Server(process, port, time.perf_counter() - started, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


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
