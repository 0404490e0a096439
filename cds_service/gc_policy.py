"""The cyclic garbage collector's policy for OncoMatch's long-running processes."""

from __future__ import annotations

import gc

# Collector thresholds for a service or pre-screening worker process (CPython's defaults are
# 700, 10, 10).
GC_THRESHOLDS = (100_000, 20, 100)


def tune_gc() -> None:
    """Raise the collector's thresholds to `GC_THRESHOLDS`; never lowers a higher setting.

    A process-wide policy, so it is set where a process is put together: the service's
    (`cds_service.service.build_runtime`) and each pre-screening worker's
    (`prescreen.worker_catalog`), which maps and matches thousands of charts. With the
    defaults a hook call's temporaries trigger many young collections, and full collections rescan
    the caches beside the catalog; most of a call's objects die with the call, so fewer, larger
    young collections do less work in all (figures in docs/performance.md). The catalog itself is
    kept out of collections by the `gc.freeze()` in `CatalogHolder`.
    """
    current = gc.get_threshold()
    if current[0] < GC_THRESHOLDS[0]:
        gc.set_threshold(*GC_THRESHOLDS)
