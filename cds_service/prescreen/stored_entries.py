"""A worklist entry in the form the state file and the database store it: plain values, its
undecided criteria as one JSON text (`[[criterion_id, label, to_record, manual_review], ...]`).

The JSON is made once per distinct set of undecided criteria (`unknown_sets`); a run's CSVs
and database rows are then made from it in SQL. `StoredEntry` is the row read back one by one,
for the code that wants entries as values (`RunState.stored_entries`, `WorklistStore.save_run`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

import orjson

from cds_service.prescreen.patient_job import TrialEntry, Unknown
from eligibility.results import Verdict


class StoredEntry(NamedTuple):
    nct_id: str
    patient_id: str
    verdict: str  # a `Verdict` value
    unknowns_json: str
    data_date: date | None


def stored(entry: TrialEntry) -> StoredEntry:
    return StoredEntry(
        entry.nct_id,
        entry.patient_id,
        entry.verdict.value,
        unknowns_json(entry.unknowns),
        entry.data_date,
    )


def unknowns_json(unknowns: Iterable[Unknown]) -> str:
    return orjson.dumps(
        [[u.criterion_id, u.label, u.to_record, u.manual_review] for u in unknowns]
    ).decode()


def unknowns_of(text: str) -> tuple[Unknown, ...]:
    return tuple(Unknown(*item) for item in orjson.loads(text))


def trial_entry(entry: StoredEntry) -> TrialEntry:
    return TrialEntry(
        nct_id=entry.nct_id,
        patient_id=entry.patient_id,
        verdict=Verdict(entry.verdict),
        unknowns=unknowns_of(entry.unknowns_json),
        data_date=entry.data_date,
    )
