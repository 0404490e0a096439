"""The catalog a worker process matches against: loaded once per process from the catalog
source (the shipped files, ONCOMATCH_CATALOG_DIR, imported trials in the database), never
shipped with each task — it is large (25,000 trials in the benchmark).

Its fingerprint says whether two catalogs would give the same verdicts: the run compares each
worker's with its own (a worker that read another catalog would make a worklist of two
catalogs), and incremental re-runs reuse a patient's results only under the same one.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field

from sqlalchemy import Engine

from cds_service.catalog.source import load_catalog_source
from cds_service.gc_policy import tune_gc
from cds_service.settings import Settings
from cds_service.storage.db import make_engine
from eligibility.holder import CatalogHolder
from eligibility.matching import Matcher

# Bumped when what a fingerprint covers changes meaning (the mapping or matching code is not
# covered: a new version of OncoMatch should be run with a fresh state, see README).
_FINGERPRINT_VERSION = b"prescreen-catalog-1"


# Restricted matchers kept per catalog: a Dask worker lives across runs, each may follow its
# own list, and one is cheap to make again (~10 ms for 300 of 25,000 trials).
_MAX_RESTRICTED = 4


@dataclass(frozen=True, slots=True)
class WorkerCatalog:
    holder: CatalogHolder
    fingerprint: str
    _restricted: dict[tuple[str, ...], Matcher] = field(
        default_factory=dict, compare=False, repr=False
    )

    def matcher(self, trials: tuple[str, ...] | None) -> Matcher:
        """The matcher of a run's patients: the catalog's, or with `trials` (a `--trial` list)
        only those trials (`Matcher.only`), made once per process and list, not per task."""
        if trials is None:
            return self.holder.matcher
        found = self._restricted.get(trials)
        if found is None:
            if len(self._restricted) >= _MAX_RESTRICTED:
                self._restricted.clear()
            # Two threads of a Dask worker may both make it: the same matcher, one kept.
            found = self._restricted.setdefault(trials, self.holder.matcher.only(trials))
        return found


_loaded: dict[str, WorkerCatalog] = {}
_lock = threading.Lock()


def catalog_key(settings: Settings) -> str:
    """The cache key of a process's catalog: all its settings, since several name its sources
    (the curated folder, the synthetic file, the database, the statuses and countries) and a
    new one may be added; a run has one set of settings, so this costs no extra load."""
    return settings.model_dump_json()


def worker_catalog(settings: Settings, *, expected: str | None = None) -> WorkerCatalog:
    """This process's catalog for `settings`, loaded on first use. With `expected` (the run's
    fingerprint), a catalog loaded for an earlier run is loaded again when it differs: a Dask
    worker lives across runs, and trials may be imported between them. (A Dask worker may ask
    from several threads at once: one loads, the others wait.)"""
    # A worker process is put together here (pool initializer, Dask's first call): the same
    # collector policy as the service's, or full collections rescan every chart's validated
    # models (12 % of mapping's CPU measured, docs/performance.md).
    tune_gc()
    key = catalog_key(settings)
    with _lock:
        found = _loaded.get(key)
        if found is None or (expected is not None and found.fingerprint != expected):
            engine = make_engine(settings.resolved_database_url())
            try:
                found = _loaded[key] = load_catalog(settings, engine)
            finally:
                engine.dispose()
    return found


def fresh_catalog(settings: Settings) -> WorkerCatalog:
    """The catalog as its sources hold it now, replacing this process's (a run's own)."""
    with _lock:
        _loaded.pop(catalog_key(settings), None)
    return worker_catalog(settings)


def load_catalog(settings: Settings, engine: Engine) -> WorkerCatalog:
    holder = load_catalog_source(settings, engine).holder
    return WorkerCatalog(holder, catalog_fingerprint(holder))


def catalog_fingerprint(holder: CatalogHolder) -> str:
    """SHA-256 of every trial's content, in id order, and of the referral filter."""
    digest = hashlib.sha256(_FINGERPRINT_VERSION)
    referral = holder.referral
    digest.update(repr(sorted(str(status) for status in referral.statuses)).encode())
    digest.update(repr(sorted(referral.countries or ())).encode())
    for trial in sorted(holder.catalog.trials, key=lambda trial: trial.nct_id):
        digest.update(trial.model_dump_json().encode())
    return digest.hexdigest()
