"""The work of one partition: each patient's resources -> the trials they may qualify for.

`screen_patient` is the per-patient function: the hook's own mapping and matching
(`cds_service.hooks.pipeline.map_and_match`) on the patient's resources, as of the run's date,
then each eligible or possibly eligible trial as a worklist entry. `run_partition` is what an
engine runs: it groups a partition's lines by patient (at most the plan's bound of patients in
memory), adds the Medications they reference, and skips patients whose resources are unchanged
since the previous run (`PartitionTask.previous`): the run reuses those patients' results.

A run for some trials only (`--trial`, `PartitionTask.trials`) matches against a catalog of
those trials alone (`worker_catalog`): the same verdicts for them, and no match, entry or row
of any other trial is made, written or merged.

Everything a task takes and returns is plain data (paths, dates, strings): a task pickles to
a process or over the network to a Dask worker, and the catalog is the worker's own.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

from cds_service.hooks.pipeline import map_and_match
from cds_service.prescreen.data_dates import decided_on, evidence_dates
from cds_service.prescreen.errors import CatalogChangedError, PartitionUnreadableError
from cds_service.prescreen.export_reader import (
    SkipReason,
    ingredient_ids,
    medication_ids,
    parse_resource,
)
from cds_service.prescreen.partitioning import PRESENT, read_partition
from cds_service.prescreen.sqlite_files import open_read_only
from cds_service.prescreen.worker_catalog import worker_catalog
from cds_service.settings import Settings
from eligibility.match_digests import MatchDigests, UnknownReadings
from eligibility.matching import Matcher
from eligibility.results import Verdict
from fhir_mapping import ValidationCache
from fhir_mapping.errors import NoPatientError
from fhir_mapping.merged_records import MergedRecords

# Worklists hold the trials a patient may qualify for, like the cards (never not-eligible ones).
WORKLIST_VERDICT = Verdict.POSSIBLY_ELIGIBLE
# No validated resource is kept per worker process: no chart of a bulk export repeats another's
# content (0 hits in 30,948 lookups on 300 charts), and 4,000 kept models cost ~0.4 ms of
# mapping a chart (7 %) in the collector. Templates and shared parts are kept: alike resources
# still validate once (see `fhir_mapping.templates`).
VALIDATION_CACHE_SIZE = 0


class Unknown(NamedTuple):
    """A criterion the data could not decide, and what to record to decide it (the card's
    "To settle" wording); `manual_review` marks free-text criteria a person reviews. A named
    tuple: sets of them key the result files' tables (`unknown_sets`), and a tuple of strings
    hashes in C."""

    criterion_id: str
    label: str
    to_record: str | None
    manual_review: bool = False


class TrialEntry(NamedTuple):
    """One patient on one trial's worklist. A named tuple, not a frozen dataclass: a patient
    makes ~400 of them, and a frozen dataclass's `__init__` (a `object.__setattr__` per field)
    cost ~2.5 µs each, a quarter of making the worklist entries."""

    nct_id: str
    patient_id: str
    verdict: Verdict  # ELIGIBLE or POSSIBLY_ELIGIBLE
    unknowns: tuple[Unknown, ...]
    data_date: date | None  # the newest date of the data that decided (see `data_dates`)


@dataclass(frozen=True, slots=True)
class PatientResult:
    """A patient of the partition: screened (`entries`), unchanged since the previous run
    (`reused`: the run takes the previous entries), or skipped and why."""

    patient_id: str
    content_hash: str
    entries: tuple[TrialEntry, ...] = ()
    reused: bool = False
    skipped: SkipReason | None = None


@dataclass(frozen=True, slots=True)
class PartitionTask:
    partition: Path
    medications: Path
    as_of: date
    settings: Settings  # names the catalog's sources: the worker loads it itself, once
    catalog_fingerprint: str
    # The state's shards: the result file keeps each shard's entries apart (`state_shards`).
    shards: int
    # The previous run's content hashes (`reuse.RunState.previous_hashes`); None: a full run.
    previous: Path | None = None
    # The asked trials (`--trial`), sorted; None: every trial of the catalog.
    trials: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What a task returns: where its results are (`partition_results`), and counts."""

    path: Path  # the result file, beside the partition
    resources: int
    in_memory: int  # patients held in memory at once while working on it
    screened: int
    reused: int
    # Patients beyond one per routed id: a group routed to a survivor the export does not hold
    # stands as several patients (`_standing_records`).
    standing_apart: int = 0


def run_partition(task: PartitionTask) -> PartitionResult:
    """What an engine runs for one partition, in a worker process."""
    loaded = worker_catalog(task.settings, task.trials, expected=task.catalog_fingerprint)
    if loaded.fingerprint != task.catalog_fingerprint:
        raise CatalogChangedError()
    grouped: dict[str, list[bytes]] = {}
    resources = 0
    try:
        for patient_id, line in read_partition(task.partition):
            grouped.setdefault(patient_id, []).append(line)
            if line != PRESENT:
                resources += 1
        with closing(open_read_only(task.medications)):
            pass
    except (OSError, sqlite3.Error):
        raise PartitionUnreadableError.at(str(task.partition.parent)) from None
    in_memory = len(grouped)
    screened = reused = standing_apart = 0
    matcher = loaded.matcher
    # Imported here: the result file's modules import this one's entry types.
    from cds_service.prescreen.partition_results import ResultFile, results_path

    out = ResultFile.create(results_path(task.partition), task.shards)
    try:
        with ExitStack() as stack:
            medications = stack.enter_context(closing(open_read_only(task.medications)))
            previous = (
                stack.enter_context(closing(open_read_only(task.previous)))
                if task.previous
                else None
            )
            for patient_id in sorted(grouped):
                lines = grouped.pop(patient_id)  # freed as soon as screened
                before = _previous_hash(previous, patient_id)
                results = _screen_lines(patient_id, lines, medications, matcher, task, before)
                standing_apart += len(results) - 1
                for result in results:
                    out.add(result)
                    if result.reused:
                        reused += 1
                    elif result.skipped is None:
                        screened += 1
    except BaseException:
        out.abandon()
        raise
    out.close()
    return PartitionResult(out.path, resources, in_memory, screened, reused, standing_apart)


def _screen_lines(
    patient_id: str,
    lines: list[bytes],
    medications: sqlite3.Connection,
    matcher: Matcher,
    task: PartitionTask,
    previous_hash: str | None,
) -> list[PatientResult]:
    """The patient's result; a group whose survivor the export does not hold, one per record
    left standing (see `_standing_records`)."""
    kept, resources = _chart(lines)
    shared = _referenced_medications(resources, medications)
    content_hash = _content_hash(kept, shared)
    if previous_hash == content_hash:
        return [PatientResult(patient_id, content_hash, reused=True)]
    everything = resources + [resource for _, resource in shared]
    if any(r["resourceType"] == "Patient" and r.get("id") == patient_id for r in resources):
        return [_screened(patient_id, everything, content_hash, matcher, task)]
    standing = _standing_records(resources)
    if not standing:
        return [PatientResult(patient_id, content_hash, skipped=SkipReason.NO_PATIENT_RESOURCE)]
    return [_screened(record, everything, content_hash, matcher, task) for record in standing]


def _standing_records(resources: Iterable[dict[str, Any]]) -> list[str]:
    """The records to screen in a group whose own Patient is missing: records were routed to
    a survivor the export does not hold (`merges`), and a merge into it is undone
    (PAT-MERGED-RECORD). Each record whose Patient is here and that is not merged into another
    one here stands as a patient; the mapper reads the records merged into it as its own."""
    patients = [r for r in resources if r["resourceType"] == "Patient"]
    present = {r["id"] for r in patients if isinstance(r.get("id"), str)}
    merges = MergedRecords()
    for patient in patients:
        merges.add(patient)
    retired = merges.survivors(present)
    return sorted(present - retired.keys())


def _screened(
    patient_id: str,
    resources: Sequence[dict[str, Any]],
    content_hash: str,
    matcher: Matcher,
    task: PartitionTask,
) -> PatientResult:
    try:
        entries = screen_patient(
            resources,
            patient_id=patient_id,
            as_of=task.as_of,
            matcher=matcher,
            zone=task.settings.zone,
        )
    except NoPatientError:
        return PatientResult(patient_id, content_hash, skipped=SkipReason.UNUSABLE_PATIENT_RESOURCE)
    return PatientResult(patient_id, content_hash, entries=entries)


_cache: ValidationCache | None = None


def screen_patient(
    resources: Sequence[dict[str, Any]],
    *,
    patient_id: str,
    as_of: date,
    matcher: Matcher,
    zone: tzinfo,
) -> tuple[TrialEntry, ...]:
    """The per-patient function: the hook's mapping and matching, the matches as entries (of
    the trials `matcher` considers: a run's asked ones, see `WorkerCatalog`), `as_of` a day of
    the hospital's calendar (`zone`, the service's `ONCOMATCH_TIME_ZONE`).
    Raises `NoPatientError` when the mapper cannot use the patient's Patient resource."""
    global _cache  # one per process, made on first use (a task never pickles it)
    if _cache is None:
        _cache = ValidationCache(maxsize=VALIDATION_CACHE_SIZE)
    chart = map_and_match(
        resources,
        patient_id=patient_id,
        as_of=as_of,
        matcher=matcher,
        minimum_verdict=WORKLIST_VERDICT,
        cache=_cache,
        zone=zone,
    )
    dates = evidence_dates(chart.mapping.facts)
    # Digests, not checklists: a patient may be on a thousand worklists, and building each
    # checklist line (or reading each line of each match) would be most of the work; the
    # digests read what matches share (rules, criteria) once per patient.
    digests = MatchDigests(_readings, lambda evidence: decided_on((evidence,), dates))
    return tuple(
        TrialEntry(trial.nct_id, patient_id, verdict, digest.unknown, digest.decided_on)
        for trial, verdict, digest in chart.matches.digested(digests)
    )


# One `Unknown` per distinct undecided criterion and hint, shared by every entry that has it: a
# patient's ~400 entries hold ~2,000 undecided lines, of ~900 distinct criteria, and a result
# file's set table finds equal sets of shared objects by identity before comparing any string
# (`unknown_sets.SetTable`).
_unknowns: dict[tuple[str, str, str | None, bool], Unknown] = {}
_MAX_UNKNOWNS = 100_000  # a bound on the table (a worker's lifetime); refilled when cleared


def _unknown(criterion_id: str, label: str, to_settle: str | None, manual_review: bool) -> Unknown:
    key = (criterion_id, label, to_settle, manual_review)
    found = _unknowns.get(key)
    if found is None:
        if len(_unknowns) >= _MAX_UNKNOWNS:
            _unknowns.clear()
        found = _unknowns[key] = Unknown(*key)
    return found


# Each catalog criterion's `Unknown`, kept from one patient to the next while its rule gives the
# same hints: the next patient's ~900 distinct undecided criteria are mostly the same ones.
_readings: UnknownReadings[Unknown] = UnknownReadings(_unknown)


def _chart(lines: Iterable[bytes]) -> tuple[list[bytes], list[dict[str, Any]]]:
    """The patient's lines and resources, a resource exported twice (same type and id) kept
    once. The partition holds resources of the chart's types only (`chart_types`), and a
    `PRESENT` line for a patient who has others."""
    seen: set[tuple[str, str]] = set()
    kept: list[bytes] = []
    resources: list[dict[str, Any]] = []
    for line in lines:
        if line == PRESENT:
            continue
        resource = parse_resource(line)  # the partition pass parsed every line already
        if isinstance(resource, SkipReason):
            continue
        ident = resource.get("id")
        if isinstance(ident, str):
            key = (resource["resourceType"], ident)
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
        resources.append(resource)
    return kept, resources


def _previous_hash(previous: sqlite3.Connection | None, patient_id: str) -> str | None:
    if previous is None:
        return None
    row = previous.execute(
        "SELECT content_hash FROM hashes WHERE patient_id = ?", (patient_id,)
    ).fetchone()
    return str(row[0]) if row else None


def _referenced_medications(
    resources: Iterable[dict[str, Any]], medications: sqlite3.Connection
) -> list[tuple[bytes, dict[str, Any]]]:
    """The exported Medications the patient's resources reference (line, resource), and those a
    regimen Medication's ingredients refer to, in turn (EXP-REGIMEN)."""
    wanted = sorted({ident for resource in resources for ident in medication_ids(resource)})
    found: list[tuple[bytes, dict[str, Any]]] = []
    seen = set(wanted)
    while wanted:
        parts: set[str] = set()
        for ident in wanted:
            row = medications.execute(
                "SELECT body FROM medication WHERE id = ?", (ident,)
            ).fetchone()
            if row is not None:
                resource = parse_resource(bytes(row[0]))
                if isinstance(resource, dict):
                    found.append((bytes(row[0]), resource))
                    parts.update(ingredient_ids(resource))
        wanted = sorted(parts - seen)
        seen.update(wanted)
    return found


def _content_hash(lines: Iterable[bytes], shared: Iterable[tuple[bytes, Any]]) -> str:
    """SHA-256 of the patient's lines and referenced Medications, in a fixed order (an export
    lists resources in any order)."""
    digest = hashlib.sha256()
    for line in sorted([*lines, *(line for line, _ in shared)]):
        digest.update(len(line).to_bytes(8, "big"))
        digest.update(line)
    return digest.hexdigest()
