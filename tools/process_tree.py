"""Memory and CPU of a process and all its descendants, sampled from /proc (Linux).

A pre-screening run is a tree: the CLI, its worker processes (multiprocessing), or a Dask
scheduler, nannies and workers. The peak of the sum over the tree is what a machine must hold.
RSS counts pages shared by forked workers once per process (an upper bound); PSS shares them
out (what the tree really costs), so both are kept.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

_PROC = Path("/proc")


def descendants(root: int) -> list[int]:
    """`root` and every live process below it (one pass over /proc/*/stat)."""
    children: dict[int, list[int]] = {}
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone since the listing
            continue
        # The command name may hold spaces and parentheses: fields start after the last ')'.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found = [root]
    for pid in found:  # grows while walked: breadth first
        found.extend(children.get(pid, ()))
    return found


def _kib(path: Path, field_name: str) -> int:
    try:
        text = path.read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith(field_name):
            return int(line.split()[1])
    return 0


def _cpu_seconds(pid: int) -> float:
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    # utime, stime, cutime, cstime: the last two count children already reaped.
    ticks = sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class TreeSample:
    processes: int
    rss_kib: int
    pss_kib: int


def sample_tree(root: int) -> TreeSample:
    pids = descendants(root)
    rss = sum(_kib(_PROC / str(pid) / "status", "VmRSS:") for pid in pids)
    pss = sum(_kib(_PROC / str(pid) / "smaps_rollup", "Pss:") for pid in pids)
    return TreeSample(len(pids), rss, pss)


@dataclass
class TreeMonitor:
    """Samples the tree under `root` every `interval` seconds on a thread until stopped; keeps
    the peaks and the tree's CPU time (each live process's own plus what it has reaped)."""

    root: int
    interval: float = 0.25
    peak_rss_kib: int = 0
    peak_pss_kib: int = 0
    peak_processes: int = 0
    samples: int = 0
    cpu_seconds: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> TreeMonitor:
        self._thread = threading.Thread(target=self._run, name="tree-monitor", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def _sample(self) -> None:
        pids = descendants(self.root)
        sample = sample_tree(self.root)
        self.samples += 1
        self.peak_rss_kib = max(self.peak_rss_kib, sample.rss_kib)
        self.peak_pss_kib = max(self.peak_pss_kib, sample.pss_kib)
        self.peak_processes = max(self.peak_processes, sample.processes)
        # The root's reaped children are counted in its cutime/cstime; the live ones on their own.
        self.cpu_seconds = max(self.cpu_seconds, sum(_cpu_seconds(pid) for pid in pids))
