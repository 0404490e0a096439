"""Where the service's catalog comes from: the shipped curated files, an optional extra folder
of curated files (ONCOMATCH_CATALOG_DIR), and trials imported from ClinicalTrials.gov."""

from __future__ import annotations

from sqlalchemy import Engine

from cds_service.settings import Settings
from eligibility.catalog import Catalog, load_curated_catalog
from eligibility.holder import CatalogHolder
from eligibility.trial import Trial, TrialStatus


def load_catalog(settings: Settings, engine: Engine) -> Catalog:
    """Shipped curated trials, overridden per NCT id by ONCOMATCH_CATALOG_DIR's files."""
    curated: dict[str, Trial] = {trial.nct_id: trial for trial in load_curated_catalog().trials}
    if settings.catalog_dir is not None:
        for trial in load_curated_catalog(settings.catalog_dir).trials:
            curated[trial.nct_id] = trial
    return Catalog(curated.values())


def load_catalog_holder(settings: Settings, engine: Engine) -> CatalogHolder:
    statuses = [TrialStatus(status.strip().upper()) for status in settings.trial_statuses]
    return CatalogHolder(
        load_catalog(settings, engine),
        statuses=statuses,
        countries=settings.countries or None,
    )
