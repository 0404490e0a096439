"""Where the service's catalog comes from: the shipped curated files, an optional extra folder
of curated files (ONCOMATCH_CATALOG_DIR), trials imported from ClinicalTrials.gov, and an
optional file of synthetic trials for benchmarks (ONCOMATCH_SYNTHETIC_CATALOG)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine

from cds_service.settings import Settings
from eligibility.catalog import Catalog, load_curated_catalog
from eligibility.errors import CatalogFileError
from eligibility.holder import CatalogHolder
from eligibility.taxonomy import default_taxonomy
from eligibility.trial import Trial, TrialStatus


def load_catalog(settings: Settings, engine: Engine) -> Catalog:
    """Shipped curated trials, overridden per NCT id by ONCOMATCH_CATALOG_DIR's files."""
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


def load_catalog_holder(settings: Settings, engine: Engine) -> CatalogHolder:
    statuses = [TrialStatus(status.strip().upper()) for status in settings.trial_statuses]
    return CatalogHolder(
        load_catalog(settings, engine),
        statuses=statuses,
        countries=settings.countries or None,
    )
