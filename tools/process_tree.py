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


def _rss_kib(pids: list[int]) -> int:
    return sum(_kib(_PROC / str(pid) / "status", "VmRSS:") for pid in pids)


def _pss_kib(pids: list[int]) -> int:
    # smaps_rollup walks the process's page tables: ~12 ms for a tree of three processes of
    # ~500 MB each, against ~0.1 ms for the RSS in `status`.
    return sum(_kib(_PROC / str(pid) / "smaps_rollup", "Pss:") for pid in pids)


def sample_tree(root: int) -> TreeSample:
    pids = descendants(root)
    return TreeSample(len(pids), _rss_kib(pids), _pss_kib(pids))


@dataclass
class TreeMonitor:
    """Samples the tree under `root` every `interval` seconds on a thread until stopped; keeps
    the peaks and the tree's CPU time (each live process's own plus what it has reaped).

    The monitor shares the machine with what it measures, so it reads PSS (the costly part of
    a sample) only when the tree's RSS reaches a new peak, or once every `pss_every` samples:
    PSS never exceeds RSS and moves with it, so its peak is read where RSS peaks. Reading PSS
    on every sample took ~6 % of a core at four samples a second."""

    root: int
    interval: float = 0.25
    pss_every: int = 8
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
        rss = _rss_kib(pids)
        if rss > self.peak_rss_kib or self.samples % self.pss_every == 0:
            self.peak_pss_kib = max(self.peak_pss_kib, _pss_kib(pids))
        self.samples += 1
        self.peak_rss_kib = max(self.peak_rss_kib, rss)
        self.peak_processes = max(self.peak_processes, len(pids))
        # The root's reaped children are counted in its cutime/cstime; the live ones on their own.
        self.cpu_seconds = max(self.cpu_seconds, sum(_cpu_seconds(pid) for pid in pids))
