"""ClinicalTrials.gov API v2 records -> `Trial` (pure: no HTTP, no database).

- `iter_studies(document)`: the study records in one JSON document (study, list, paged answer).
- `convert_study(study, retrieved=...)`: one record -> `ImportedStudy(trial, extraction, ...)`.
- `split_eligibility(text)`: inclusion/exclusion items of the eligibility text.
- `extract(eligibility_module)`: structured and free-text criteria, with per-item outcomes:
  `splitting` (sections under headings of any wording, sub-headings and OR groups that limit
  items to some patients), `cohorts` (an item every cohort repeats is everyone's),
  `readers` (one per topic), `reconciling` (a topic across a trial's
  items), `review` (the manual-review line of an item).
"""

from eligibility.ctgov.errors import CtgovFormatError
from eligibility.ctgov.extraction import FIELDS, Extraction, ItemOutcome, extract, extract_item
from eligibility.ctgov.splitting import EligibilityItem, split_eligibility
from eligibility.ctgov.studies import (
    ImportedStudy,
    convert_study,
    iter_studies,
    last_update_date,
    nct_id_of,
    overall_status,
)

__all__ = [
    "FIELDS",
    "CtgovFormatError",
    "EligibilityItem",
    "Extraction",
    "ImportedStudy",
    "ItemOutcome",
    "convert_study",
    "extract",
    "extract_item",
    "iter_studies",
    "last_update_date",
    "nct_id_of",
    "overall_status",
    "split_eligibility",
]
