"""The real service in a uvicorn subprocess on loopback, for the load test and the benchmark.

One worker, auth off unless told, a data dir of the caller's; ready when /readyz answers 200
(catalog loaded, database reachable). Only 127.0.0.1 is ever bound or called.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import requests


class ServiceStartError(RuntimeError):
    """The service exited at startup or was not ready in time; the message has its log tail."""


@dataclass
class ServiceProcess:
    process: subprocess.Popen[bytes]
    port: int
    startup_seconds: float
    log: IO[bytes]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, limit: int = 2000) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-limit:]

    def rss_kib(self) -> int | None:
        """Resident set now (VmRSS), from /proc; None where /proc is not available."""
        return proc_status_kib(self.process.pid, "VmRSS:")

    def peak_rss_kib(self) -> int | None:
        """Peak resident set since start (VmHWM)."""
        return proc_status_kib(self.process.pid, "VmHWM:")

    def cpu_seconds(self) -> float | None:
        """CPU time the service has used so far (user + system, all threads), from /proc; None
        where /proc is not available."""
        return proc_cpu_seconds(self.process.pid)


def proc_status_kib(pid: int, field: str) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return None


def proc_cpu_seconds(pid: int) -> float | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # utime and stime are fields 14 and 15; split after the command name, which may hold spaces.
    fields = stat.rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_service(
    data_dir: Path,
    *,
    port: int | None = None,
    auth: str = "off",
    database_url: str | None = None,
    env: Mapping[str, str] | None = None,
    startup_timeout: float = 120.0,
) -> Iterator[ServiceProcess]:
    """`uvicorn cds_service.app:app` until /readyz answers; stopped on exit. SQLite in data_dir
    unless a database URL is given; other ONCOMATCH_* variables come from this environment
    and `env`."""
    with running_services(
        [data_dir],
        ports=[port or free_port()],
        auth=auth,
        database_url=database_url,
        env=env,
        startup_timeout=startup_timeout,
    ) as (service,):
        yield service


@contextmanager
def running_services(
    data_dirs: Sequence[Path],
    *,
    ports: Sequence[int] | None = None,
    auth: str = "off",
    database_url: str | None = None,
    env: Mapping[str, str] | None = None,
    startup_timeout: float = 120.0,
) -> Iterator[list[ServiceProcess]]:
    """Like `running_service`, one process per data dir, all launched before any is waited for
    (replicas starting together); yielded when every one is ready, all stopped on exit."""
    ports = list(ports or [free_port() for _ in data_dirs])
    with ExitStack() as stack:
        started = time.perf_counter()
        launched: list[tuple[subprocess.Popen[bytes], int, IO[bytes]]] = []
        for data_dir, port in zip(data_dirs, ports, strict=True):
            output: IO[bytes] = stack.enter_context(tempfile.TemporaryFile())
            process = _launch(data_dir, port, output, auth=auth, database_url=database_url, env=env)
            stack.callback(_stop, process)
            launched.append((process, port, output))
        services = []
        for process, port, log in launched:
            _wait_ready(process, port, log, started + startup_timeout)
            services.append(ServiceProcess(process, port, time.perf_counter() - started, log))
        yield services


def _launch(
    data_dir: Path,
    port: int,
    log: IO[bytes],
    *,
    auth: str,
    database_url: str | None,
    env: Mapping[str, str] | None,
) -> subprocess.Popen[bytes]:
    data_dir.mkdir(parents=True, exist_ok=True)
    environment = {
        # Card links point at this server unless the caller's environment says otherwise.
        "ONCOMATCH_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        **os.environ,
        "ONCOMATCH_AUTH": auth,
        "ONCOMATCH_DATA_DIR": str(data_dir),
        "ONCOMATCH_LOG_LEVEL": "WARNING",
        **(env or {}),
    }
    environment.pop("ONCOMATCH_DATABASE_URL", None)
    if database_url:
        environment["ONCOMATCH_DATABASE_URL"] = database_url
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
        "--no-access-log",
    ]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command, env=environment, stdout=log, stderr=subprocess.STDOUT
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def _wait_ready(
    process: subprocess.Popen[bytes], port: int, log: IO[bytes], deadline: float
) -> None:
    url = f"http://127.0.0.1:{port}/readyz"
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise ServiceStartError(f"the service exited at startup:\n{_tail(log)}")
        try:
            if requests.get(url, timeout=1.0).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise ServiceStartError(f"the service was not ready in time:\n{_tail(log)}")


def _tail(log: IO[bytes], limit: int = 2000) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-limit:]
