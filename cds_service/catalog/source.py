"""Where the service's catalog comes from, highest precedence first:

1. a site's published curated versions (the database, `cds_service.curation.versions`);
2. curated files: the shipped ones, overridden per NCT id by ONCOMATCH_CATALOG_DIR's;
3. trials imported from ClinicalTrials.gov with the criteria the extractor read (the database);

plus an optional file of synthetic trials for benchmarks (ONCOMATCH_SYNTHETIC_CATALOG).

The files are read once at startup. The two database layers are followed without a restart:
`CatalogSource.refresh` swaps in a new catalog when an import, a sync or a publish has moved
their fingerprints (one aggregate query each).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine

from cds_service.catalog.store import ImportedTrialStore
from cds_service.clock import Clock, system_clock
from cds_service.curation.versions import CuratedVersion, CurationStore
from cds_service.settings import Settings
from eligibility.catalog import Catalog, load_curated_catalog
from eligibility.errors import CatalogFileError
from eligibility.holder import CatalogHolder
from eligibility.taxonomy import default_taxonomy
from eligibility.trial import Curation, Trial, TrialStatus


@dataclass(frozen=True, slots=True)
class CatalogLayers:
    """The catalog's sources and how they combine (the module docstring's precedence)."""

    local: Catalog
    imported: ImportedTrialStore
    curation: CurationStore
    site_name: str  # who "Criteria curated by ..." names on a published version

    def fingerprint(self) -> Hashable:
        return (self.imported.fingerprint(), self.curation.fingerprint())

    def build(self) -> Catalog:
        imported = self.imported.load_all()
        status = {trial.nct_id: trial.overall_status for trial in imported}
        curated = [
            self.in_force(version, status.get(version.nct_id))
            for version in self.curation.current_versions()
        ]
        return self.local.with_overrides(curated).merged_with(imported)

    def in_force(self, version: CuratedVersion, registry_status: TrialStatus | None) -> Trial:
        """A published version as the catalog holds it: stamped with its provenance, and,
        for an imported trial, with the registry's recruitment status, which a sync keeps
        current (a curator corrects criteria, not whether the trial still recruits)."""
        update: dict[str, object] = {
            "curation": Curation(
                by=self.site_name, on=version.published_at.date(), version=version.number
            )
        }
        if registry_status is not None:
            update["overall_status"] = registry_status
        return version.trial.model_copy(update=update)

    def trial(self, nct_id: str) -> Trial | None:
        """The trial in force for one NCT id, as `build` would hold it, without building the
        catalog (None when no layer has it)."""
        imported = self.imported.trial(nct_id)
        version = self.curation.current(nct_id)
        if version is not None:
            return self.in_force(version, imported.overall_status if imported else None)
        return self.local.get(nct_id) or imported

    def is_local(self, nct_id: str) -> bool:
        """A curated file (shipped or ONCOMATCH_CATALOG_DIR) holds this trial."""
        return nct_id in self.local


class CatalogWatcher:
    """Keeps a `CatalogHolder` in step with the database layers, without a restart.

    `check()` is cheap (one aggregate query per layer): when a fingerprint moved since the
    last load (an import, a sync or a publish committed), it rebuilds and swaps the catalog
    in. A failed rebuild leaves the current catalog in service and re-raises.
    """

    def __init__(
        self, layers: CatalogLayers, holder: CatalogHolder, *, loaded: Hashable | None = None
    ) -> None:
        """`loaded`: the fingerprint the holder's current catalog was built at (None: unknown,
        the first `check` reloads)."""
        self._layers = layers
        self._holder = holder
        self._seen = loaded

    def check(self) -> bool:
        """Reload when a layer changed; True when a new catalog was swapped in."""
        fingerprint = self._layers.fingerprint()
        if fingerprint == self._seen:
            return False
        self._holder.reload(self._layers.build)
        self._seen = fingerprint
        return True


@dataclass(frozen=True, slots=True)
class CatalogSource:
    holder: CatalogHolder
    watcher: CatalogWatcher
    layers: CatalogLayers

    @property
    def curation(self) -> CurationStore:
        return self.layers.curation

    def refresh(self) -> bool:
        """Swap in a rebuilt catalog when imports or curated versions changed; True if it did.
        A publish calls it to be in force in this process at once (others follow within
        ONCOMATCH_CATALOG_REFRESH_SECONDS)."""
        return self.watcher.check()


def load_catalog_source(
    settings: Settings, engine: Engine, *, clock: Clock = system_clock
) -> CatalogSource:
    statuses = [TrialStatus(status.strip().upper()) for status in settings.trial_statuses]
    # The local catalog is compiled once; every refresh reuses it.
    layers = CatalogLayers(
        local=load_local_catalog(settings),
        imported=ImportedTrialStore(engine),
        curation=CurationStore(engine, clock=clock),
        site_name=settings.site_name,
    )
    # Fingerprint first: a change committed while we load is seen by the next refresh.
    loaded = layers.fingerprint()
    # Every trial, whatever its status: each has its page; the holder's matcher keeps to the
    # configured statuses and countries (ONCOMATCH_TRIAL_STATUSES, ONCOMATCH_COUNTRIES).
    holder = CatalogHolder(layers.build(), statuses=statuses, countries=settings.countries or None)
    return CatalogSource(holder, CatalogWatcher(layers, holder, loaded=loaded), layers)


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
