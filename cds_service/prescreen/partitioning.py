"""The export, hashed to disk by patient id, in partitions a worker can hold in memory.

A patient's resources are spread over every file of an export, so nothing can be screened
before everything is read. One streaming pass writes each resource line to the partition its
patient id hashes to (`<patient id>\\t<the line as exported>`), and the shared Medications to a
small SQLite file beside them. A partition is then worked on whole: all of its patients are in
memory at once. So each partition is checked to hold at most `max_patients` distinct patient
ids (counting stops at `max_patients + 1`, so the check itself holds no more), and one holding
more is split again with another hash seed until every part fits: the bound on patients in
memory is the setting, whatever the export's size.
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from cds_service.prescreen.export_reader import (
    Owned,
    Shared,
    SkipReason,
    parse_resource,
    place,
    read_lines,
)

# A partition found too big is split this many ways at least (more when it is far too big).
MIN_SPLIT = 2
MAX_SPLIT = 256
MEDICATIONS_FILE = "medications.sqlite3"
_SEPARATOR = b"\t"
_MEDICATION_BATCH = 1000


@dataclass(frozen=True, slots=True)
class Partition:
    """One partition file and how many distinct patients it holds (at most the bound)."""

    path: Path
    patients: int


@dataclass(slots=True)
class PartitionPlan:
    """What the partition pass made of an export, and what it could not place."""

    partitions: list[Partition]
    medications: Path
    max_patients: int
    lines: int = 0
    skipped: Counter[SkipReason] = field(default_factory=Counter)
    splits: int = 0  # partitions that held too many patients and were split again

    @property
    def patients(self) -> int:
        return sum(partition.patients for partition in self.partitions)


def bucket_of(patient_id: bytes, buckets: int, seed: int) -> int:
    """A patient id's bucket: stable across processes and machines (unlike `hash`)."""
    digest = hashlib.blake2b(patient_id, digest_size=8, salt=seed.to_bytes(16, "big")).digest()
    return int.from_bytes(digest, "big") % buckets


def partition_export(
    files: Iterable[Path], workdir: Path, *, max_patients: int, fanout: int
) -> PartitionPlan:
    """Hash every resource of `files` into `fanout` partitions under `workdir`, then split any
    partition holding more than `max_patients` patients."""
    if max_patients < 1:
        raise ValueError("max_patients must be at least 1")
    workdir.mkdir(parents=True, exist_ok=True)
    plan = PartitionPlan([], workdir / MEDICATIONS_FILE, max_patients)
    paths = [workdir / f"part-{index:04d}.tsv" for index in range(max(1, fanout))]
    with ExitStack() as stack, closing(_medication_store(plan.medications)) as medications:
        outputs = [stack.enter_context(path.open("wb")) for path in paths]
        pending: list[tuple[str, bytes]] = []
        for line in _all_lines(files, plan.skipped):
            plan.lines += 1
            _route(line, outputs, pending, plan.skipped)
            if len(pending) >= _MEDICATION_BATCH:
                _store_medications(medications, pending)
        _store_medications(medications, pending)
    for path in paths:
        plan.partitions.extend(_settled(path, max_patients, plan))
    return plan


def _all_lines(files: Iterable[Path], skipped: Counter[SkipReason]) -> Iterator[bytes]:
    for path in files:
        try:
            yield from read_lines(path)
        except OSError:
            # A damaged gzip: its lines read so far are kept, the rest of it is lost and said so.
            skipped[SkipReason.UNREADABLE_FILE] += 1


def _route(
    line: bytes,
    outputs: Sequence[BinaryIO],
    medications: list[tuple[str, bytes]],
    skipped: Counter[SkipReason],
) -> None:
    resource = parse_resource(line)
    if isinstance(resource, SkipReason):
        skipped[resource] += 1
        return
    placement = place(resource)
    if isinstance(placement, SkipReason):
        skipped[placement] += 1
    elif isinstance(placement, Shared):
        medications.append((placement.resource_id, line))
    elif isinstance(placement, Owned):
        patient = placement.patient_id.encode()
        out = outputs[bucket_of(patient, len(outputs), 0)]
        out.write(patient + _SEPARATOR + line + b"\n")


def _medication_store(path: Path) -> sqlite3.Connection:
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE medication (id TEXT PRIMARY KEY, body BLOB NOT NULL)")
    return connection


def _store_medications(connection: sqlite3.Connection, pending: list[tuple[str, bytes]]) -> None:
    if pending:
        with connection:
            connection.executemany("INSERT OR REPLACE INTO medication VALUES (?, ?)", pending)
        pending.clear()


def _settled(path: Path, max_patients: int, plan: PartitionPlan) -> list[Partition]:
    """`path` as partitions of at most `max_patients` patients each (itself when it fits)."""
    done: list[Partition] = []
    todo: list[tuple[Path, int]] = [(path, 0)]
    while todo:
        current, seed = todo.pop()
        patients, bytes_seen = _count_patients(current, max_patients)
        if patients == 0:
            current.unlink()
        elif patients <= max_patients:
            done.append(Partition(current, patients))
        else:
            plan.splits += 1
            # Ways from the bytes it took to pass the bound: about enough for parts that fit.
            size = current.stat().st_size
            ways = min(MAX_SPLIT, max(MIN_SPLIT, 2 * math.ceil(size / max(bytes_seen, 1))))
            todo.extend((part, seed + 1) for part in _split(current, ways, seed + 1))
    return sorted(done, key=lambda partition: partition.path.name)


def _count_patients(path: Path, max_patients: int) -> tuple[int, int]:
    """Distinct patient ids in a partition file, counted up to `max_patients + 1`, and the
    bytes read until then."""
    seen: set[bytes] = set()
    read = 0
    with path.open("rb") as lines:
        for line in lines:
            read += len(line)
            seen.add(line.split(_SEPARATOR, 1)[0])
            if len(seen) > max_patients:
                break
    return len(seen), read


def _split(path: Path, ways: int, seed: int) -> list[Path]:
    stem = path.name.removesuffix(".tsv")
    parts = [path.with_name(f"{stem}-{index:03d}.tsv") for index in range(ways)]
    with ExitStack() as stack:
        outputs = [stack.enter_context(part.open("wb")) for part in parts]
        with path.open("rb") as lines:
            for line in lines:
                outputs[bucket_of(line.split(_SEPARATOR, 1)[0], ways, seed)].write(line)
    path.unlink()
    return parts


def read_partition(path: Path) -> Iterator[tuple[str, bytes]]:
    """(patient id, resource line) of every line of a partition file."""
    with path.open("rb") as lines:
        for line in lines:
            patient, _, resource = line.rstrip(b"\n").partition(_SEPARATOR)
            yield patient.decode(), resource
