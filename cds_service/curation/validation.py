"""A trial submitted for publishing, checked with the catalog's own models.

The same pydantic models and taxonomy context as `eligibility.catalog.load_trial_file`, then
the same compilation as a catalog load, so a version that publishes is a version the running
catalog can load. Every problem is reported with its field path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from cds_service.curation.errors import InvalidTrialError, TrialProblem
from eligibility.catalog import Catalog
from eligibility.errors import CatalogError
from eligibility.taxonomy import CancerTaxonomy, default_taxonomy
from eligibility.trial import Trial, TrialSource

TrialInput = Trial | Mapping[str, Any] | str | bytes
"""A `Trial`, its JSON-like dict, or the JSON text of a `trials/*.json` file."""


def validated_trial(data: TrialInput, taxonomy: CancerTaxonomy | None = None) -> Trial:
    """The trial as it will be published, or `InvalidTrialError` listing every problem.

    Published criteria were checked by a person, so the trial is recorded as curated
    (`source.kind`), keeping the registry URL and retrieval date; its `curation` stamp is the
    service's to set when the catalog is built, so whatever the input says there is dropped."""
    taxonomy = taxonomy or default_taxonomy()
    context = {"taxonomy": taxonomy}
    try:
        if isinstance(data, str | bytes):
            trial = Trial.model_validate_json(data, context=context)
        elif isinstance(data, Trial):
            # Built in code, it skipped the taxonomy check: validate its JSON form again.
            trial = Trial.model_validate(data.model_dump(mode="json"), context=context)
        else:
            trial = Trial.model_validate(data, context=context)
    except ValidationError as error:
        raise InvalidTrialError(_problems(error)) from error
    if trial.source.kind == "synthetic":
        raise InvalidTrialError(
            [TrialProblem("source.kind", "synthetic benchmark trials cannot be curated")]
        )
    try:
        Catalog([trial], taxonomy)
    except CatalogError as error:
        raise InvalidTrialError([TrialProblem("criteria", str(error))]) from error
    source = TrialSource(kind="curated", url=trial.source.url, retrieved=trial.source.retrieved)
    return trial.model_copy(update={"source": source, "curation": None})


def _problems(error: ValidationError) -> list[TrialProblem]:
    problems = []
    for item in error.errors(include_url=False, include_input=False):
        location = ".".join(str(part) for part in item["loc"])
        if item["type"] == "json_invalid":
            location = "(JSON)"
        problems.append(TrialProblem(location or "(trial)", item["msg"]))
    return problems
