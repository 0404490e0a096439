"""The process-tree sampler sees a process's children and grandchildren and their memory."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tools.process_tree import TreeMonitor, descendants, sample_tree

# A child that starts a grandchild holding ~64 MB, then waits for it.
_TREE = (
    "import subprocess, sys; "
    "subprocess.run([sys.executable, '-c', "
    "'import time; block = bytearray(64 * 1024 * 1024); time.sleep(3)'])"
)


@pytest.fixture
def tree() -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-c", _TREE])
    deadline = time.monotonic() + 10
    while len(descendants(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    yield process
    process.kill()
    process.wait()


def test_descendants_include_the_grandchild(tree: subprocess.Popen[bytes]) -> None:
    pids = descendants(tree.pid)
    assert pids[0] == tree.pid
    assert len(pids) == 2


def test_the_sample_counts_the_grandchilds_memory(tree: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    sample = sample_tree(tree.pid)
    while sample.rss_kib < 64 * 1024 and time.monotonic() < deadline:
        time.sleep(0.05)
        sample = sample_tree(tree.pid)
    assert sample.processes == 2
    assert sample.rss_kib >= 64 * 1024
    assert 0 < sample.pss_kib <= sample.rss_kib


def test_the_monitor_keeps_the_peak(tree: subprocess.Popen[bytes]) -> None:
    monitor = TreeMonitor(tree.pid, interval=0.05).start()
    tree.wait()
    monitor.stop()
    assert monitor.samples >= 2
    assert monitor.peak_processes == 2
    assert monitor.peak_rss_kib >= 64 * 1024


def test_a_process_gone_weighs_nothing() -> None:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    sample = sample_tree(done.pid)
    assert (sample.rss_kib, sample.pss_kib) == (0, 0)


def test_the_monitor_reads_pss_where_rss_peaks(tree: subprocess.Popen[bytes]) -> None:
    # PSS is read on a new RSS peak (and seldom otherwise): its peak is still found.
    monitor = TreeMonitor(tree.pid, interval=0.05, pss_every=1_000).start()
    tree.wait()
    monitor.stop()
    assert monitor.peak_rss_kib >= 64 * 1024
    assert 64 * 1024 * 0.9 <= monitor.peak_pss_kib <= monitor.peak_rss_kib
