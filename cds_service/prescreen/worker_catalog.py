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
from dataclasses import dataclass

from sqlalchemy import Engine

from cds_service.catalog.source import load_catalog_source
from cds_service.gc_policy import tune_gc
from cds_service.settings import Settings
from cds_service.storage.db import make_engine
from eligibility.holder import CatalogHolder
from eligibility.matching import Matcher

# Bumped when what a fingerprint covers changes meaning (the code that reads charts against it
# has its own: `screening_code`).
_FINGERPRINT_VERSION = b"prescreen-catalog-1"


@dataclass(frozen=True, slots=True)
class WorkerCatalog:
    """A process's catalog for a run: the whole catalog, or only the trials of the run's
    `--trial` list (`trials`): the others are neither validated nor compiled."""

    holder: CatalogHolder
    fingerprint: str
    trials: tuple[str, ...] | None = None

    @property
    def matcher(self) -> Matcher:
        return self.holder.matcher


_loaded: dict[tuple[str, tuple[str, ...] | None], WorkerCatalog] = {}
_lock = threading.Lock()


def catalog_key(settings: Settings) -> str:
    """The cache key of a process's catalog: all its settings, since several name its sources
    (the curated folder, the synthetic file, the database, the statuses and countries) and a
    new one may be added; a run has one set of settings, so this costs no extra load."""
    return settings.model_dump_json()


# Catalogs kept per process: a Dask worker lives across runs, each may follow its own list.
_MAX_LOADED = 4


def worker_catalog(
    settings: Settings, trials: tuple[str, ...] | None = None, *, expected: str | None = None
) -> WorkerCatalog:
    """This process's catalog for `settings` (of `trials` only, when given: a run's sorted
    `--trial` list), loaded on first use. With `expected` (the run's fingerprint), a catalog
    loaded for an earlier run is loaded again when it differs: a Dask worker lives across runs,
    and trials may be imported between them. (A Dask worker may ask from several threads at
    once: one loads, the others wait.)"""
    # A worker process is put together here (pool initializer, Dask's first call): the same
    # collector policy as the service's, or full collections rescan every chart's validated
    # models (12 % of mapping's CPU measured, docs/performance.md).
    tune_gc()
    key = (catalog_key(settings), trials)
    with _lock:
        found = _loaded.get(key)
        if found is None or (expected is not None and found.fingerprint != expected):
            if found is None and len(_loaded) >= _MAX_LOADED:
                _loaded.clear()
            engine = make_engine(settings.resolved_database_url())
            try:
                found = _loaded[key] = load_catalog(settings, engine, trials)
            finally:
                engine.dispose()
    return found


def fresh_catalog(settings: Settings, trials: tuple[str, ...] | None = None) -> WorkerCatalog:
    """The catalog as its sources hold it now, replacing this process's (a run's own)."""
    with _lock:
        _loaded.pop((catalog_key(settings), trials), None)
    return worker_catalog(settings, trials)


def load_catalog(
    settings: Settings, engine: Engine, trials: tuple[str, ...] | None = None
) -> WorkerCatalog:
    holder = load_catalog_source(settings, engine, only=trials).holder
    return WorkerCatalog(holder, catalog_fingerprint(holder), trials)


def catalog_fingerprint(holder: CatalogHolder) -> str:
    """SHA-256 of every trial's content, in id order, and of the referral filter (of a
    `--trial` run's catalog: of its trials, so a change to another trial recomputes no one)."""
    digest = hashlib.sha256(_FINGERPRINT_VERSION)
    referral = holder.referral
    digest.update(repr(sorted(str(status) for status in referral.statuses)).encode())
    digest.update(repr(sorted(referral.countries or ())).encode())
    for trial in sorted(holder.catalog.trials, key=lambda trial: trial.nct_id):
        digest.update(trial.model_dump_json().encode())
    return digest.hexdigest()
