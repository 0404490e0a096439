"""Where the service's catalog comes from: the shipped curated files, an optional extra folder
of curated files (ONCOMATCH_CATALOG_DIR), trials imported from ClinicalTrials.gov, and an
optional file of synthetic trials for benchmarks (ONCOMATCH_SYNTHETIC_CATALOG).

The local part (files) is read once at startup. Imported trials live in the database and are
merged in (curated wins for the same NCT id); `CatalogSource.refresh` swaps in a new catalog
when an import or sync has changed them, so a running service follows without a restart.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine

from cds_service.catalog.store import ImportedCatalogWatcher, ImportedTrialStore
from cds_service.settings import Settings
from eligibility.catalog import Catalog, load_curated_catalog
from eligibility.errors import CatalogFileError
from eligibility.holder import CatalogHolder
from eligibility.taxonomy import default_taxonomy
from eligibility.trial import Trial, TrialStatus


@dataclass(frozen=True, slots=True)
class CatalogSource:
    holder: CatalogHolder
    watcher: ImportedCatalogWatcher

    def refresh(self) -> bool:
        """Swap in curated + imported when the imported trials changed; True if it did."""
        return self.watcher.check()


def load_catalog_source(settings: Settings, engine: Engine) -> CatalogSource:
    local = load_local_catalog(settings)
    statuses = [TrialStatus(status.strip().upper()) for status in settings.trial_statuses]
    store = ImportedTrialStore(engine)
    # Fingerprint first: an import committed while we load is seen by the next refresh.
    loaded = store.fingerprint()
    # Every stored trial, whatever its status: each has its page; the holder's matcher keeps to
    # the configured statuses and countries (ONCOMATCH_TRIAL_STATUSES, ONCOMATCH_COUNTRIES).
    holder = CatalogHolder(
        local.merged_with(store.load_all()),
        statuses=statuses,
        countries=settings.countries or None,
    )
    # The local catalog is compiled once; every refresh reuses it and adds imported trials.
    return CatalogSource(
        holder, ImportedCatalogWatcher(store, holder, lambda: local, loaded=loaded)
    )


def load_local_catalog(settings: Settings) -> Catalog:
    """Shipped curated trials, overridden per NCT id by ONCOMATCH_CATALOG_DIR's files, plus the
    synthetic benchmark trials when ONCOMATCH_SYNTHETIC_CATALOG names a file."""
    curated: dict[str, Trial] = {trial.nct_id: trial for trial in load_curated_catalog().trials}
    if settings.catalog_dir is not None:
        for trial in load_curated_catalog(settings.catalog_dir).trials:
            curated[trial.nct_id] = trial
    if settings.synthetic_catalog is not None:
        return Catalog(chain(curated.values(), _synthetic_trials(settings.synthetic_catalog)))
    return Catalog(curated.values())


def _synthetic_trials(path: Path) -> Iterator[Trial]:
    """ONCOMATCH_SYNTHETIC_CATALOG: one synthetic trial per line (`oncomatch bench` writes it).
    Read lazily, so each trial is compiled as soon as it is parsed (low peak memory)."""
    taxonomy = default_taxonomy()
    try:
        with path.open("rb") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    trial = Trial.model_validate_json(line, context={"taxonomy": taxonomy})
                except ValidationError as error:
                    first = error.errors(include_url=False, include_input=False)[0]
                    where = ".".join(str(part) for part in first["loc"])
                    raise CatalogFileError(
                        str(path), f"line {number}: {where}", first["msg"]
                    ) from error
                if trial.source.kind != "synthetic":
                    raise CatalogFileError(
                        str(path), f"line {number}", "only synthetic trials belong in this file"
                    )
                yield trial
    except OSError as error:
        raise CatalogFileError(str(path), "(file)", f"cannot be read: {error}") from error
