"""Helpers of the curation tests: the fabricated study (tests/fixtures/ctgov) imported into a
database, and a clock that steps a minute at each reading."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from cds_service.catalog.store import ImportedTrialStore
from eligibility.ctgov import convert_study
from eligibility.trial import Trial

REPO = Path(__file__).resolve().parents[3]
STUDY = REPO / "tests" / "fixtures" / "ctgov" / "study_NCT00000001.json"
IMPORTED = "NCT00000001"  # fabricated (tests/fixtures/ctgov/README.md)
RETRIEVED = date(2026, 11, 20)
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class SteppingClock:
    """Each reading one minute after the last: versions get distinct, ordered times."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def study_record() -> dict[str, Any]:
    record: dict[str, Any] = json.loads(STUDY.read_text(encoding="utf-8"))
    return record


def import_record(engine: Engine, record: dict[str, Any]) -> Trial:
    trial = convert_study(record, retrieved=RETRIEVED).trial
    ImportedTrialStore(engine).upsert([trial], {trial.nct_id: record})
    return trial


def without_free_text(trial: Trial) -> Trial:
    """The extracted trial as a curator might keep it: the unread items settled (dropped)."""
    return trial.model_copy(
        update={"criteria": tuple(c for c in trial.criteria if c.type != "free_text")}
    )


def with_ecog_max(trial: Trial, ecog_max: int) -> Trial:
    """The trial with its ECOG criterion's upper bound (and label) set to `ecog_max`."""
    criteria = tuple(
        c.model_copy(update={"ecog_max": ecog_max, "label": f"ECOG 0–{ecog_max}"})
        if c.type == "performance_status"
        else c
        for c in trial.criteria
    )
    return trial.model_copy(update={"criteria": criteria})


NEW_ITEM = "* Life expectancy of at least 12 weeks."


def reimport_with_new_item(engine: Engine) -> str:
    record = study_record()
    module = record["protocolSection"]["eligibilityModule"]
    module["eligibilityCriteria"] = module["eligibilityCriteria"].replace(
        "* ECOG performance status 0-1.", f"* ECOG performance status 0-1.\n{NEW_ITEM}"
    )
    import_record(engine, record)
    text: str = module["eligibilityCriteria"]
    return text
