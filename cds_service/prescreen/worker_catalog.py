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
from cds_service.settings import Settings
from cds_service.storage.db import make_engine
from eligibility.holder import CatalogHolder

# Bumped when what a fingerprint covers changes meaning (the mapping or matching code is not
# covered: a new version of OncoMatch should be run with a fresh state, see README).
_FINGERPRINT_VERSION = b"prescreen-catalog-1"


@dataclass(frozen=True, slots=True)
class WorkerCatalog:
    holder: CatalogHolder
    fingerprint: str


_CATALOG_SETTINGS = {
    "catalog_dir",
    "synthetic_catalog",
    "trial_statuses",
    "countries",
    "database_url",
    "data_dir",
}
_loaded: dict[str, WorkerCatalog] = {}
_lock = threading.Lock()


def catalog_key(settings: Settings) -> str:
    """What decides the catalog a process loads: the settings that name its sources."""
    return settings.model_dump_json(
        include={
            "catalog_dir",
            "synthetic_catalog",
            "trial_statuses",
            "countries",
            "database_url",
            "data_dir",
        }
    )


def worker_catalog(settings: Settings) -> WorkerCatalog:
    """This process's catalog for `settings`, loaded on first use (a Dask worker thread pool
    may ask from several threads at once: one loads, the others wait)."""
    key = catalog_key(settings)
    with _lock:
        found = _loaded.get(key)
        if found is None:
            engine = make_engine(settings.resolved_database_url())
            try:
                found = _loaded[key] = load_catalog(settings, engine)
            finally:
                engine.dispose()
    return found


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
