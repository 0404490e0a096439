"""Curation: a study coordinator reviews, corrects and publishes a trial's criteria.

- `versions`: `CurationStore`, the published versions of each trial (append-only, numbered
  1, 2, ... per NCT id; a restore is a new version), and what the registry text did since.
- `validation`: a submitted trial checked with the catalog's own models, problems located.
- `version_diff`: what changed between two versions, criterion by criterion.
- `overview`: one row per trial for the /curation list.
- `registry_text`: the hash and the line diff of a trial's registry eligibility text.

Precedence in the running catalog (`cds_service.catalog.source`): a published curated version
beats a curated file in trials/ (or ONCOMATCH_CATALOG_DIR), which beats an imported trial's
extracted criteria.
"""
