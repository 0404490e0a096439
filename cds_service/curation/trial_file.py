"""A trial as a `trials/*.json` file, for a curator to edit: what `oncomatch curation export`
writes and `publish` reads back.

The trial is the one in force (the current curated version, else the curated file, else the
extracted one), with the registry's eligibility text as stored now: publishing the file records
that text as the one read, and refuses it if a sync has replaced it since the export.
"""

from __future__ import annotations

from cds_service.catalog.source import CatalogLayers
from cds_service.curation.errors import UnknownTrialError
from eligibility.trial import Trial


def exportable_trial(layers: CatalogLayers, nct_id: str) -> Trial:
    trial = layers.trial(nct_id)
    if trial is None:
        raise UnknownTrialError(nct_id)
    registry = layers.curation.registry_text(nct_id)
    update: dict[str, object] = {"curation": None}
    if registry.text is not None:
        update["eligibility_text"] = registry.text
    return trial.model_copy(update=update)


def trial_file_json(trial: Trial) -> str:
    """The `trials/*.json` text: two-space indent, UTF-8 as is, no service stamp."""
    return trial.model_dump_json(indent=2, exclude={"curation"}) + "\n"
