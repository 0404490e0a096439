"""Where the service's catalog comes from, highest precedence first:

1. a site's published curated versions (the database, `cds_service.curation.versions`);
2. curated files: the shipped ones, overridden per NCT id by ONCOMATCH_CATALOG_DIR's;
3. trials imported from ClinicalTrials.gov with the criteria the extractor read (the database);

plus an optional file of synthetic trials for benchmarks (ONCOMATCH_SYNTHETIC_CATALOG).

A catalog may be loaded for some trials only (`only`: pre-screening's `--trial`): each layer
then reads those NCT ids alone, with the same precedence, so each trial is the one a whole load
holds and decides as it would (a trial's verdict rests on its own criteria alone).

The files are read once at startup. The two database layers are followed without a restart:
`CatalogSource.refresh` swaps in a new catalog when an import, a sync or a publish has moved
their fingerprints (one aggregate query each).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import orjson
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
    # The NCT ids this catalog is loaded for (None: every trial); `local` holds only these.
    only: frozenset[str] | None = None

    def fingerprint(self) -> Hashable:
        return (self.imported.fingerprint(), self.curation.fingerprint())

    def build(self) -> Catalog:
        imported = self.imported.load_all(self.only)
        status = {trial.nct_id: trial.overall_status for trial in imported}
        curated = [
            self.in_force(version, status.get(version.nct_id))
            for version in self.curation.current_versions(self.only)
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
        catalog (None when no layer has it, or it is not among `only`)."""
        if self.only is not None and nct_id not in self.only:
            return None
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
    settings: Settings,
    engine: Engine,
    *,
    clock: Clock = system_clock,
    only: Collection[str] | None = None,
) -> CatalogSource:
    """The catalog of `settings`' sources; with `only`, of those NCT ids alone (ids no layer
    holds are simply absent)."""
    statuses = [TrialStatus(status.strip().upper()) for status in settings.trial_statuses]
    wanted = None if only is None else frozenset(only)
    # The local catalog is compiled once; every refresh reuses it.
    layers = CatalogLayers(
        local=load_local_catalog(settings, wanted),
        imported=ImportedTrialStore(engine),
        curation=CurationStore(engine, clock=clock),
        site_name=settings.site_name,
        only=wanted,
    )
    # Fingerprint first: a change committed while we load is seen by the next refresh.
    loaded = layers.fingerprint()
    # Every trial, whatever its status: each has its page; the holder's matcher keeps to the
    # configured statuses and countries (ONCOMATCH_TRIAL_STATUSES, ONCOMATCH_COUNTRIES).
    holder = CatalogHolder(layers.build(), statuses=statuses, countries=settings.countries or None)
    return CatalogSource(holder, CatalogWatcher(layers, holder, loaded=loaded), layers)


def load_local_catalog(settings: Settings, only: frozenset[str] | None = None) -> Catalog:
    """Shipped curated trials, overridden per NCT id by ONCOMATCH_CATALOG_DIR's files, plus the
    synthetic benchmark trials when ONCOMATCH_SYNTHETIC_CATALOG names a file; with `only`, those
    of these NCT ids. (The curated files are read and checked whole either way: a bad one
    stops every load, as it stops the service.)"""
    curated: dict[str, Trial] = {trial.nct_id: trial for trial in load_curated_catalog().trials}
    if settings.catalog_dir is not None:
        for trial in load_curated_catalog(settings.catalog_dir).trials:
            curated[trial.nct_id] = trial
    kept = [t for t in curated.values() if only is None or t.nct_id in only]
    if settings.synthetic_catalog is not None:
        return Catalog(chain(kept, _synthetic_trials(settings.synthetic_catalog, only)))
    return Catalog(kept)


def _synthetic_trials(path: Path, only: frozenset[str] | None = None) -> Iterator[Trial]:
    """ONCOMATCH_SYNTHETIC_CATALOG: one synthetic trial per line (`oncomatch bench` writes it).
    Read lazily, so each trial is compiled as soon as it is parsed (low peak memory). With
    `only`, a line of another trial is not validated (25,000 validations are most of a load):
    its id is read from the plain JSON, and a line that is not a JSON object with a string
    `nct_id` is still an error."""
    taxonomy = default_taxonomy()
    try:
        with path.open("rb") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                if only is not None and _synthetic_id(path, number, line) not in only:
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


def _synthetic_id(path: Path, number: int, line: bytes) -> str:
    try:
        found = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise CatalogFileError(str(path), f"line {number}", "not JSON") from error
    nct_id = found.get("nct_id") if isinstance(found, dict) else None
    if not isinstance(nct_id, str):
        raise CatalogFileError(str(path), f"line {number}: nct_id", "missing or not a string")
    return nct_id
