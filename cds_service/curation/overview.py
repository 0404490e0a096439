"""One row per trial for the /curation list: where its criteria in force come from, how many
items still need a person, whether the registry text changed since curation, and the version
in force.

Version data is read from the store, not from the running catalog, so a version published a
moment ago is listed at once even before the catalog's refresh has taken it in.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from cds_service.catalog.source import CatalogSource
from cds_service.curation.versions import CuratedVersion
from eligibility.provenance import manual_review_count
from eligibility.trial import Trial, TrialStatus


class CriteriaSource(StrEnum):
    """Where the criteria in force come from (highest precedence first)."""

    IMPORTED_CURATED = "imported + curated"
    FILE_CURATED = "curated file + curated"  # a published version over a curated file
    CURATED = "curated"  # a published version of a trial neither imported nor in a file
    CURATED_FILE = "curated file"
    IMPORTED_EXTRACTED = "imported + extracted"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class VersionStamp(_Frozen):
    number: int
    by: str
    at: datetime


class CurationRow(_Frozen):
    nct_id: str
    title: str
    source: CriteriaSource
    overall_status: TrialStatus
    needs_person: int  # manual-review (free-text) criteria of the trial in force
    registry_changed: bool  # the registry text changed since curation or the last review
    version: VersionStamp | None  # the curated version in force, if any


def curation_overview(source: CatalogSource) -> list[CurationRow]:
    """Every curated-file, imported or curated trial of the catalog (synthetic benchmark trials
    left out), by NCT id."""
    layers = source.layers
    catalog = source.holder.catalog
    versions = {version.nct_id: version for version in layers.curation.current_versions()}
    imported_ids = layers.imported.known_ids()
    flagged = layers.curation.flagged_ids()
    rows: dict[str, CurationRow] = {}
    for trial in catalog:
        if trial.source.kind != "synthetic":
            rows[trial.nct_id] = _row(
                trial, None, imported=trial.nct_id in imported_ids, local=False
            )
    for nct_id, version in versions.items():
        listed = catalog.get(nct_id)
        # The registry's status when the catalog has the trial (see CatalogLayers.in_force).
        trial = (
            version.trial.model_copy(update={"overall_status": listed.overall_status})
            if listed is not None
            else version.trial
        )
        rows[nct_id] = _row(
            trial,
            version,
            imported=nct_id in imported_ids,
            local=layers.is_local(nct_id),
            flagged=nct_id in flagged,
        )
    return [rows[nct_id] for nct_id in sorted(rows)]


def _row(
    trial: Trial,
    version: CuratedVersion | None,
    *,
    imported: bool,
    local: bool,
    flagged: bool = False,
) -> CurationRow:
    if version is not None:
        origin = (
            CriteriaSource.IMPORTED_CURATED
            if imported
            else CriteriaSource.FILE_CURATED
            if local
            else CriteriaSource.CURATED
        )
    elif trial.source.kind == "imported":
        origin = CriteriaSource.IMPORTED_EXTRACTED
    else:
        origin = CriteriaSource.CURATED_FILE
    return CurationRow(
        nct_id=trial.nct_id,
        title=trial.title,
        source=origin,
        overall_status=trial.overall_status,
        needs_person=manual_review_count(trial),
        registry_changed=flagged,
        version=(
            VersionStamp(number=version.number, by=version.published_by, at=version.published_at)
            if version is not None
            else None
        ),
    )
