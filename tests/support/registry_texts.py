"""The real registry eligibility texts of ../shared/reference/ctgov, by trial id."""

from __future__ import annotations

import csv
from pathlib import Path


def registry_texts(reference: Path) -> dict[str, str]:
    csv.field_size_limit(10_000_000)
    path = reference / "ctgov" / "oncology_trials_eligibility_text.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["trial_id"]: row["trial_eligibility_criteria"] for row in csv.DictReader(handle)
        }
