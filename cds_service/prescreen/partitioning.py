"""The export, hashed to disk by patient id, in partitions a worker can hold in memory.

A patient's resources are spread over every file of an export, so nothing can be screened
before everything is read. The pass runs as tasks on the engine's workers, in two rounds:

1. Route (`route_chunk`, one task per chunk of the export, `export_reader.export_chunks`): each
   resource line of the chart's types (`chart_types`) goes to the bucket its patient id hashes
   to (`<patient id>\\t<the line as exported>`), in the task's own shard file of that bucket
   (`part-0003/000012.tsv`: no two tasks write a file), and the shared Medications to the
   task's own small SQLite file, merged into one afterwards. A resource of another type
   (Encounter, Claim ...: most of a real export, and read by no one) is not written: its
   patient gets a line with an empty body instead, once per task (`PRESENT`), so a patient
   whose data holds nothing else is still read, and found without a Patient resource. A
   bucket's shards, read in chunk order, hold its lines in export order.
2. Settle (`settle_bucket`, one task per bucket): a partition is worked on whole, all of its
   patients in memory at once. So each bucket is checked to hold at most `max_patients`
   distinct patient ids (counting stops at `max_patients + 1`, so the check itself holds no
   more), and one holding more is split again with another hash seed until every part fits:
   the bound on patients in memory is the setting, whatever the export's size.

A partition is then a bucket's folder of shards or a split's file (`read_partition` reads both).
"""

from __future__ import annotations

import hashlib
import math
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Protocol, TypeVar

from cds_service.prescreen.chart_types import CHART_TYPES
from cds_service.prescreen.errors import PartitionUnreadableError
from cds_service.prescreen.export_reader import (
    Chunk,
    Shared,
    SkipReason,
    export_chunks,
    parse_resource,
    place,
    read_chunk,
)

# A partition found too big is split this many ways at least (more when it is far too big).
MIN_SPLIT = 2
MAX_SPLIT = 256
# Bytes of a plain NDJSON file per routing task: enough that a task's start-up is nothing
# beside its work, few enough that a large file keeps every worker busy.
CHUNK_BYTES = 32 * 1024 * 1024
MEDICATIONS_FILE = "medications.sqlite3"
_SHARD_MEDICATIONS = "medications"
_SEPARATOR = b"\t"
_MEDICATION_BATCH = 1000
_KNOWN_PATIENTS = 50_000  # ~10 MB of remembered buckets per routing task
# The body of a partition line saying only that its patient has resources of other types.
PRESENT = b""

Item = TypeVar("Item")
Result = TypeVar("Result")


class RunTasks(Protocol):
    """How the pass has its tasks run: an engine's runner (`engines.Runner.run`), or
    `in_process`; results in any order."""

    def __call__(
        self, function: Callable[[Item], Result], items: Sequence[Item], /
    ) -> Iterable[Result]: ...


@dataclass(frozen=True, slots=True)
class Partition:
    """One partition (a bucket's folder of shards, or a file) and how many distinct patients
    it holds (at most the bound)."""

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


@dataclass(frozen=True, slots=True)
class RouteTask:
    """Route one chunk's lines into `buckets` buckets under `workdir`; `index` is the chunk's
    place in export order, and names its shard files. A line of a record in `merges` goes
    with its survivor's, under the survivor's id (`merges.find_merges`)."""

    chunk: Chunk
    index: int
    workdir: Path
    buckets: int
    merges: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RouteResult:
    index: int
    lines: int
    skipped: Counter[SkipReason]
    medications: Path | None  # the chunk's Medications, when it held any


@dataclass(frozen=True, slots=True)
class SettleTask:
    bucket: Path
    max_patients: int


@dataclass(frozen=True, slots=True)
class SettleResult:
    partitions: list[Partition]
    splits: int


def bucket_of(patient_id: bytes, buckets: int, seed: int) -> int:
    """A patient id's bucket: stable across processes and machines (unlike `hash`)."""
    digest = hashlib.blake2b(patient_id, digest_size=8, salt=_salt(seed)).digest()
    return int.from_bytes(digest, "big") % buckets


@lru_cache(maxsize=64)
def _salt(seed: int) -> bytes:
    return seed.to_bytes(16, "big")


def in_process(function: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
    """Tasks run one after the other in this process."""
    for item in items:
        yield function(item)


def partition_export(
    files: list[Path],
    workdir: Path,
    *,
    max_patients: int,
    fanout: int,
    run: RunTasks = in_process,
    chunk_bytes: int = CHUNK_BYTES,
    merges: Mapping[str, str] | None = None,
) -> PartitionPlan:
    """Hash every resource of `files` into `fanout` buckets under `workdir`, then split any
    bucket holding more than `max_patients` patients; the tasks of both rounds are `run`'s.
    `merges`: each retired record's survivor, whose partition and id its lines take."""
    if max_patients < 1:
        raise ValueError("max_patients must be at least 1")
    workdir.mkdir(parents=True, exist_ok=True)
    plan = PartitionPlan([], workdir / MEDICATIONS_FILE, max_patients)
    buckets = [_bucket_dir(workdir, bucket) for bucket in range(max(1, fanout))]
    for bucket in buckets:
        bucket.mkdir()
    (workdir / _SHARD_MEDICATIONS).mkdir()
    chunks = export_chunks(files, chunk_bytes)
    routes = [
        RouteTask(chunk, index, workdir, len(buckets), merges or {})
        for index, chunk in enumerate(chunks)
    ]
    shard_medications: dict[int, Path] = {}
    for routed in run(route_chunk, routes):
        plan.lines += routed.lines
        plan.skipped.update(routed.skipped)
        if routed.medications is not None:
            shard_medications[routed.index] = routed.medications
    # In chunk order: a Medication exported twice keeps its last line, as one pass would.
    _merge_medications(plan.medications, [shard_medications[i] for i in sorted(shard_medications)])
    shutil.rmtree(workdir / _SHARD_MEDICATIONS)
    for settled in run(settle_bucket, [SettleTask(bucket, max_patients) for bucket in buckets]):
        plan.partitions.extend(settled.partitions)
        plan.splits += settled.splits
    plan.partitions.sort(key=lambda partition: partition.path.name)
    return plan


def _bucket_dir(workdir: Path, bucket: int) -> Path:
    return workdir / f"part-{bucket:04d}"


def route_chunk(task: RouteTask) -> RouteResult:
    """One routing task, in a worker: its chunk's lines into its own shard of each bucket."""
    # A worker that does not see the shared folders says so (a file gone is only counted).
    if not task.chunk.path.parent.is_dir():
        raise PartitionUnreadableError.export_at(str(task.chunk.path.parent))
    if not task.workdir.is_dir():
        raise PartitionUnreadableError.at(str(task.workdir))
    skipped: Counter[SkipReason] = Counter()
    lines = 0
    store = task.workdir / _SHARD_MEDICATIONS / f"{task.index:06d}.sqlite3"
    name = f"{task.index:06d}.tsv"
    outputs: dict[int, BinaryIO] = {}
    medications: sqlite3.Connection | None = None
    pending: list[tuple[str, bytes]] = []
    router = _Router(task.buckets, task.merges)
    with ExitStack() as stack:
        for line in _readable_lines(task.chunk, skipped):
            lines += 1
            routed = router.route(line, pending, skipped)
            if routed is None:
                if len(pending) >= _MEDICATION_BATCH:
                    if medications is None:
                        medications = stack.enter_context(closing(_medication_store(store)))
                    _store_medications(medications, pending)
                continue
            bucket, record = routed
            out = outputs.get(bucket)
            if out is None:
                path = _bucket_dir(task.workdir, bucket) / name
                out = outputs[bucket] = stack.enter_context(path.open("wb"))
            out.write(record)
        if pending and medications is None:
            medications = stack.enter_context(closing(_medication_store(store)))
        if medications is not None:
            _store_medications(medications, pending)
    return RouteResult(task.index, lines, skipped, store if medications is not None else None)


def _readable_lines(chunk: Chunk, skipped: Counter[SkipReason]) -> Iterator[bytes]:
    try:
        yield from read_chunk(chunk)
    except OSError:
        # A damaged gzip: its lines read so far are kept, the rest of it is lost and said so.
        skipped[SkipReason.UNREADABLE_FILE] += 1


class _Router:
    """Where a chunk's lines go. A patient's many lines hash once: the bucket is remembered
    per patient id, for at most `_KNOWN_PATIENTS` ids (a Patient file's chunk is one id a
    line, and a chunk may be large), and so is whether the patient's `PRESENT` line was
    written (once more after the ids are forgotten: a second one changes nothing)."""

    __slots__ = ("_buckets", "_known", "_merges", "_present")

    def __init__(self, buckets: int, merges: Mapping[str, str]) -> None:
        self._buckets = buckets
        self._merges = merges
        self._known: dict[str, tuple[int, bytes]] = {}
        self._present: set[str] = set()

    def route(
        self, line: bytes, medications: list[tuple[str, bytes]], skipped: Counter[SkipReason]
    ) -> tuple[int, bytes] | None:
        """(bucket, the line as the partition stores it) of a patient's line; None for a
        Medication (added to `medications`), a line skipped (counted), or a resource of a type
        the chart is not made of whose patient's `PRESENT` line is written already."""
        resource = parse_resource(line)
        if isinstance(resource, SkipReason):
            skipped[resource] += 1
            return None
        placement = place(resource)
        if isinstance(placement, SkipReason):
            skipped[placement] += 1
            return None
        if isinstance(placement, Shared):
            medications.append((placement.resource_id, line))
            return None
        patient_id = placement.patient_id
        known = self._known.get(patient_id)
        if known is None:
            if len(self._known) >= _KNOWN_PATIENTS:
                self._known.clear()
                self._present.clear()
            prefix = self._merges.get(patient_id, patient_id).encode() + _SEPARATOR
            bucket = bucket_of(prefix[:-1], self._buckets, 0)
            known = self._known[patient_id] = (bucket, prefix)
        bucket, prefix = known
        if placement.resource_type in CHART_TYPES:
            return bucket, prefix + line + b"\n"
        if patient_id in self._present:
            return None
        self._present.add(patient_id)
        return bucket, prefix + PRESENT + b"\n"


def _merge_medications(target: Path, shards: Sequence[Path]) -> None:
    with closing(_medication_store(target)) as connection:
        for shard in shards:
            connection.execute("ATTACH DATABASE ? AS shard", (str(shard),))
            with connection:
                connection.execute(
                    "INSERT OR REPLACE INTO medication SELECT id, body FROM shard.medication"
                )
            connection.execute("DETACH DATABASE shard")


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


def settle_bucket(task: SettleTask) -> SettleResult:
    """One settling task, in a worker: a bucket as partitions of at most `max_patients`
    patients each (the bucket itself when it fits)."""
    if not task.bucket.is_dir():
        raise PartitionUnreadableError.gone(str(task.bucket.parent))
    done: list[Partition] = []
    splits = 0
    todo: list[tuple[Path, int]] = [(task.bucket, 0)]
    while todo:
        current, seed = todo.pop()
        patients, bytes_seen = _count_patients(current, task.max_patients)
        if patients == 0:
            remove_partition(current)
        elif patients <= task.max_patients:
            done.append(Partition(current, patients))
        else:
            splits += 1
            # Ways from the bytes it took to pass the bound: about enough for parts that fit.
            size = sum(path.stat().st_size for path in _files_of(current))
            ways = min(MAX_SPLIT, max(MIN_SPLIT, 2 * math.ceil(size / max(bytes_seen, 1))))
            todo.extend((part, seed + 1) for part in _split(current, ways, seed + 1))
    return SettleResult(done, splits)


def _files_of(partition: Path) -> list[Path]:
    """A partition's files: a bucket's shards in chunk order, or the file itself."""
    return sorted(partition.glob("*.tsv")) if partition.is_dir() else [partition]


def remove_partition(partition: Path) -> None:
    if partition.is_dir():
        shutil.rmtree(partition)
    else:
        partition.unlink()


def _count_patients(path: Path, max_patients: int) -> tuple[int, int]:
    """Distinct patient ids in a partition file, counted up to `max_patients + 1`, and the
    bytes read until then."""
    seen: set[bytes] = set()
    read = 0
    for line in _lines_of(path):
        read += len(line)
        seen.add(line.split(_SEPARATOR, 1)[0])
        if len(seen) > max_patients:
            break
    return len(seen), read


def _lines_of(partition: Path) -> Iterator[bytes]:
    for path in _files_of(partition):
        with path.open("rb") as lines:
            yield from lines


def _split(path: Path, ways: int, seed: int) -> list[Path]:
    stem = path.name.removesuffix(".tsv")
    parts = [path.with_name(f"{stem}-{index:03d}.tsv") for index in range(ways)]
    with ExitStack() as stack:
        outputs = [stack.enter_context(part.open("wb")) for part in parts]
        for line in _lines_of(path):
            outputs[bucket_of(line.split(_SEPARATOR, 1)[0], ways, seed)].write(line)
    remove_partition(path)
    return parts


def read_partition(path: Path) -> Iterator[tuple[str, bytes]]:
    """(patient id, resource line) of every line of a partition (a bucket's folder of shards,
    or a file), in export order; the line is `PRESENT` for a patient's resources of other
    types than the chart's."""
    for line in _lines_of(path):
        patient, _, resource = line.rstrip(b"\n").partition(_SEPARATOR)
        yield patient.decode(), resource
