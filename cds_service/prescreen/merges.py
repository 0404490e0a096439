"""Merged patient records in an export (PAT-MERGED-RECORD): which retired record goes with which
surviving one, found before routing so that a person's records land in one partition, under
the survivor's id.

A bulk export holds a merged record's Patient (`link` replaced-by the survivor) and the
survivor's (`link` replaces it), each with its own resources. Only Patient resources state
merges, and an export writes one resource type per file (the Bulk Data manifest gives each
output file one `type`), so the links are read from the files whose first resource is a
Patient, as tasks on the engine's workers (`read_links`, one per chunk). Few records are ever
merged: a line is parsed only when it holds a `"link"` key.

The survivor named here is the end of each chain of replacements, whether or not its Patient
is in the export; the per-patient job checks that on the partition, where a merge into a
record the export does not hold is undone (`patient_job`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cds_service.prescreen.export_reader import (
    Chunk,
    SkipReason,
    export_chunks,
    parse_resource,
    read_chunk,
    read_lines,
)
from cds_service.prescreen.partitioning import RunTasks
from fhir_mapping.merged_records import MergedRecords, merge_links

_LINK_KEY = b'"link"'


@dataclass(frozen=True, slots=True)
class Merges:
    """Each retired record's survivor (`survivors`), and how many records' links disagree
    (merged into none)."""

    survivors: dict[str, str] = field(default_factory=dict)
    ambiguous: int = 0


@dataclass(frozen=True, slots=True)
class LinkResult:
    links: list[tuple[str, str]]


def find_merges(files: Sequence[Path], run: RunTasks, chunk_bytes: int) -> Merges:
    """The merges the export's Patients state, read by `run`'s tasks."""
    patient_files = [path for path in files if _first_resource_type(path) == "Patient"]
    if not patient_files:
        return Merges()
    records = MergedRecords()
    for found in run(read_links, export_chunks(patient_files, chunk_bytes)):
        records.add_links(found.links)
    return Merges(records.survivors(), len(records.ambiguous()))


def read_links(chunk: Chunk) -> LinkResult:
    """The merges the Patients of one chunk state. A line that cannot be read here is counted
    by the routing pass, which reads it too."""
    links: list[tuple[str, str]] = []
    try:
        for line in read_chunk(chunk):
            if _LINK_KEY not in line:
                continue
            resource = parse_resource(line)
            if isinstance(resource, dict) and resource["resourceType"] == "Patient":
                links.extend(merge_links(resource))
    except OSError:
        pass  # a damaged file: the routing pass counts it, and keeps what it could read
    return LinkResult(links)


def _first_resource_type(path: Path) -> str | None:
    """The type of the first resource of a file that can be read as one."""
    try:
        for line in read_lines(path):
            resource = parse_resource(line)
            if not isinstance(resource, SkipReason):
                return str(resource["resourceType"])
    except OSError:
        return None
    return None
