"""`summary.json`: what a run read, skipped (by kind, never a patient value), found and took.

It is also stored with the run in the database (`worklists.WorklistStore`), so the staff pages
can show when and on what the worklists were made.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

SUMMARY_FILE = "summary.json"


class TrialCount(BaseModel):
    """One trial's worklist: how many patients, by verdict."""

    model_config = ConfigDict(frozen=True)

    nct_id: str
    title: str
    eligible: int = 0
    possibly_eligible: int = 0


class PhaseSeconds(BaseModel):
    """Wall seconds of a run's phases, for whoever plans a nightly run: which parts the
    workers share (partition, screening, shards, worklists) and which this process does alone
    while they wait (start, settle; the database copy comes after the summary is written).
    Runs of before the state's shards (5 December 2026) have no `shards`: their `settle` sorted
    every entry in this process, and their `worklists` were written on the workers."""

    model_config = ConfigDict(frozen=True)

    start: float = Field(
        description="This process's catalog loaded and its state file opened, before any "
        "worker task"
    )
    partition: float = Field(
        description="The export routed and settled into partitions on the workers (their "
        "catalog loads included)"
    )
    screening: float = Field(description="The partitions screened, merged as they finish")
    shards: float | None = Field(
        default=None,
        description="The state's shards settled on the workers: each trial's entries merged, "
        "sorted and counted, its worklist CSV written; patients no longer exported forgotten",
    )
    settle: float = Field(description="The shards' counts gathered into the run's trials")
    worklists: float = Field(
        description="The worklist files no patient reached written, stale ones removed"
    )


class RunSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    as_of: date
    time_zone: str | None = Field(
        default=None,
        description="The hospital's zone (ONCOMATCH_TIME_ZONE) `as_of` is a day of and the "
        "charts' instants were dated in (GEN-LOCAL-DAY); None: a run saved before it was recorded",
    )
    started_at: datetime
    export_transaction_time: datetime | None = None
    engine: str
    workers: int
    whole_catalog: bool = Field(
        default=True,
        description="Matched against the whole catalog; False: a --trial run, which matched, "
        "and made worklists for, its listed trials only (the other trials' worklists stay those "
        "of the runs before). Runs saved before it was recorded read as whole",
    )
    catalog_trials: int = Field(
        description="Trials matched against (its fingerprint's): the catalog's, or the "
        "--trial list's (a --trial run loads only those)"
    )
    catalog_fingerprint: str
    screening_code_fingerprint: str | None = Field(
        default=None,
        description="SHA-256 of the code verdicts were made with (fhir_mapping, eligibility, "
        "cds_service.prescreen); a re-run reuses results only under the same. None: a run "
        "saved before it was recorded",
    )
    resources_read: int = Field(description="Lines of the export's data files read")
    resources_skipped: dict[str, int] = Field(
        default_factory=dict, description="Lines not placed with a patient, by reason"
    )
    patients_read: int = Field(description="Distinct patients with resources in the export")
    records_merged: int = Field(
        default=0,
        description="Patient records the export's Patient.link says were merged into another "
        "(replaced-by / replaces, PAT-MERGED-RECORD): read as part of the survivor's chart, "
        "not as patients of their own",
    )
    records_merged_into_none: int = Field(
        default=0,
        description="Patient records whose merge links disagree (two survivors, a cycle): "
        "read as patients of their own, as their data say",
    )
    patients_screened: int = Field(description="Patients mapped and matched in this run")
    patients_reused: int = Field(description="Unchanged since the previous run: not recomputed")
    patients_skipped: dict[str, int] = Field(
        default_factory=dict, description="Patients not screened, by reason"
    )
    patients_forgotten: int = Field(
        default=0, description="Patients of the previous run no longer in the export"
    )
    trials: list[TrialCount] = Field(
        default_factory=list,
        description="Trials with a worklist: the --trial ones (the only ones matched), or "
        "every trial with a patient",
    )
    partitions: int
    max_patients_in_memory: int = Field(description="The bound (setting) per worker process")
    peak_patients_in_memory: int = Field(description="The most any partition held at once")
    seconds: float
    patients_per_second: float
    phase_seconds: PhaseSeconds | None = Field(
        default=None, description="Where `seconds` went (None in runs stored before it was kept)"
    )

    def write(self, out_dir: Path) -> Path:
        path = out_dir / SUMMARY_FILE
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")
        return path
