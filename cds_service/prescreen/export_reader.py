"""Reading a FHIR Bulk Data export (`$export`) folder: its NDJSON files, line by line, and whose
patient each resource is.

An export is one NDJSON file per resource type (`Condition.000.ndjson`, maybe gzipped), a
patient's resources spread over all of them; `log.ndjson` and a manifest describe the export and
are not data. Nothing here holds more than one line at a time.

A plain NDJSON file can be read in byte ranges by several workers at once (`export_chunks`,
`read_chunk`): a chunk reads every line that *starts* inside its range, so a line straddling a
boundary is read once, by the chunk it starts in. A gzip cannot be entered midway: it is one
chunk.
"""

from __future__ import annotations

import gzip
import math
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from cds_service.prescreen.errors import ExportDirError
from fhir_mapping.elements import patient_named

# Files an export writes beside the data: the event log and the status manifest.
NOT_DATA = frozenset({"log.ndjson", "manifest.json", "output.json"})
DATA_SUFFIXES = (".ndjson", ".ndjson.gz")
# The elements naming the patient a resource belongs to, in the order they are tried: most
# clinical resources have `subject`; AllergyIntolerance, Immunization ... `patient`; Coverage
# `beneficiary`.
PATIENT_ELEMENTS = ("subject", "patient", "beneficiary")
# Resources shared by patients and referenced from theirs: kept aside and handed to each
# patient whose resources reference them (a MedicationRequest's `medicationReference`).
SHARED_TYPES = frozenset({"Medication"})
# FHIR `id`: 1-64 of these characters.
_FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_BYTE_ORDER_MARK = b"\xef\xbb\xbf"
_MEDICATION_REFERENCE = re.compile(r"(?:^|/)Medication/([A-Za-z0-9\-.]{1,64})(?:/_history/[^/]+)?$")


class SkipReason(StrEnum):
    """Why something in the export was not screened: counted per kind in the summary, never
    with the line, the resource or the patient it came from."""

    UNREADABLE_FILE = "unreadable_file"  # a gzip that cannot be decompressed, a file gone
    UNREADABLE_LINE = "unreadable_line"  # not JSON
    NOT_A_RESOURCE = "not_a_resource"  # JSON without a resourceType
    NO_PATIENT_REFERENCE = "no_patient_reference"  # no subject, patient or beneficiary
    UNKNOWN_REFERENCE_STYLE = "unknown_reference_style"  # a reference not naming a Patient id
    NO_PATIENT_RESOURCE = "no_patient_resource"  # a patient's resources, without the Patient
    UNUSABLE_PATIENT_RESOURCE = "unusable_patient_resource"  # the mapper could not read it


class Owned(NamedTuple):
    """A resource line and the id of the patient it belongs to."""

    patient_id: str
    resource_type: str


class Shared(NamedTuple):
    """A resource belonging to no patient that patients' resources reference (a Medication)."""

    resource_type: str
    resource_id: str


Placement = Owned | Shared | SkipReason


@dataclass(frozen=True, slots=True)
class Chunk:
    """The lines of `path` that start at a byte offset in [start, end) (end None: to the end of
    the file; a gzip is always read whole)."""

    path: Path
    start: int = 0
    end: int | None = None


def export_files(export_dir: Path) -> list[Path]:
    """The export's data files, sorted; refuses a folder that is missing or holds none."""
    if not export_dir.is_dir():
        raise ExportDirError(f"export folder {export_dir} does not exist or is not a folder")
    files = sorted(
        path
        for path in export_dir.iterdir()
        if path.is_file() and path.name.endswith(DATA_SUFFIXES) and path.name not in NOT_DATA
    )
    if not files:
        raise ExportDirError(
            f"export folder {export_dir} holds no .ndjson or .ndjson.gz file (besides the log)"
        )
    return files


def export_bytes(files: list[Path]) -> int:
    return sum(path.stat().st_size for path in files)


def transaction_time(export_dir: Path) -> datetime | None:
    """The export's transaction time (the server's data is complete up to it), from the
    manifest or the log; None when neither says."""
    manifest = export_dir / "manifest.json"
    if manifest.is_file():
        try:
            found = _parse_instant(orjson.loads(manifest.read_bytes()).get("transactionTime"))
        except (OSError, orjson.JSONDecodeError, AttributeError):
            found = None
        if found is not None:
            return found
    log = export_dir / "log.ndjson"
    if not log.is_file():
        return None
    try:
        for line in log.read_bytes().splitlines():
            event = orjson.loads(line) if line.strip() else None
            detail = event.get("eventDetail") if isinstance(event, dict) else None
            if isinstance(detail, dict) and (
                found := _parse_instant(detail.get("transactionTime"))
            ):
                return found
    except (OSError, orjson.JSONDecodeError):
        return None
    return None


def _parse_instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def read_lines(path: Path) -> Iterator[bytes]:
    """The non-blank lines of one data file, gzipped or not, streamed. A file that cannot be
    read (or stops decompressing midway) raises `OSError` at that point."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as lines:
            for line in lines:
                # A line read is never empty: `isspace` says blank without copying the line.
                if not line.isspace():
                    yield line.rstrip(b"\r\n")
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise OSError(f"{path.name}: {type(error).__name__}") from None


def export_chunks(files: list[Path], chunk_bytes: int) -> list[Chunk]:
    """`files` as chunks of about `chunk_bytes` (plain NDJSON split in byte ranges, a gzip
    whole), in export order: file by file, each from its start."""
    if chunk_bytes < 1:
        raise ValueError("chunk_bytes must be at least 1")
    chunks: list[Chunk] = []
    for path in files:
        size = 0 if path.name.endswith(".gz") else path.stat().st_size
        ways = max(1, math.ceil(size / chunk_bytes))
        bounds = [size * index // ways for index in range(ways)]
        # The last range runs to the end of the file, whatever it holds by then.
        ends: list[int | None] = [*bounds[1:], None]
        chunks.extend(Chunk(path, start, end) for start, end in zip(bounds, ends, strict=True))
    return chunks


def read_chunk(chunk: Chunk) -> Iterator[bytes]:
    """The non-blank lines of one chunk, as `read_lines` gives them (`OSError` likewise)."""
    if chunk.path.name.endswith(".gz") or (chunk.start == 0 and chunk.end is None):
        yield from read_lines(chunk.path)
        return
    end = math.inf if chunk.end is None else chunk.end
    with chunk.path.open("rb") as lines:
        if chunk.start > 0:
            # The line begun before the range (or just the newline ending the previous line,
            # when the range starts a line) is the previous chunk's.
            lines.seek(chunk.start - 1)
            lines.readline()
        position = lines.tell()
        for line in lines:
            if position >= end:
                break
            position += len(line)
            if not line.isspace():
                yield line.rstrip(b"\r\n")


def parse_resource(line: bytes) -> dict[str, Any] | SkipReason:
    try:
        resource = orjson.loads(line)
    except orjson.JSONDecodeError:
        # A UTF-8 byte order mark, which tools on Windows write at the start of a file: RFC 8259
        # (8.1) lets a parser ignore it. Looked for only once a line fails: no cost otherwise.
        if not line.startswith(_BYTE_ORDER_MARK):
            return SkipReason.UNREADABLE_LINE
        try:
            resource = orjson.loads(line[len(_BYTE_ORDER_MARK) :])
        except orjson.JSONDecodeError:
            return SkipReason.UNREADABLE_LINE
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        return SkipReason.NOT_A_RESOURCE
    return resource


def place(resource: dict[str, Any]) -> Placement:
    """Whose resource it is: a patient's (by its id), shared, or why it can be neither."""
    resource_type = resource["resourceType"]
    if resource_type == "Patient":
        patient_id = resource.get("id")
        if isinstance(patient_id, str) and _FHIR_ID.fullmatch(patient_id):
            return Owned(patient_id, resource_type)
        return SkipReason.NO_PATIENT_REFERENCE
    if resource_type in SHARED_TYPES:
        resource_id = resource.get("id")
        if isinstance(resource_id, str) and _FHIR_ID.fullmatch(resource_id):
            return Shared(resource_type, resource_id)
        return SkipReason.NO_PATIENT_REFERENCE
    for element in PATIENT_ELEMENTS:
        value = resource.get(element)
        if value is None:
            continue
        reference = value.get("reference") if isinstance(value, dict) else None
        patient_id = _patient_of(reference) if isinstance(reference, str) else None
        # `urn:uuid:...` (a Bundle-local reference), `Group/x`, an identifier-only reference:
        # nothing in the export can say which patient it means.
        if patient_id is None:
            return SkipReason.UNKNOWN_REFERENCE_STYLE
        return Owned(patient_id, resource_type)
    return SkipReason.NO_PATIENT_REFERENCE


@lru_cache(maxsize=4096)
def _patient_of(reference: str) -> str | None:
    """The patient id a reference names, or None. Memoised: a patient's few hundred lines name
    them with the same string, and the search cost more than the lookup."""
    return patient_named(reference)


def medication_ids(resource: dict[str, Any]) -> Iterator[str]:
    """Ids of the Medication resources a medication resource references (contained ones, `#x`,
    travel inside the resource and need nothing)."""
    value = resource.get("medicationReference")
    reference = value.get("reference") if isinstance(value, dict) else None
    if isinstance(reference, str) and (match := _MEDICATION_REFERENCE.search(reference)):
        yield match.group(1)


def ingredient_ids(medication: dict[str, Any]) -> Iterator[str]:
    """Ids of the Medications a regimen Medication's ingredients refer to (EXP-REGIMEN:
    `ingredient.itemReference`)."""
    for ingredient in medication.get("ingredient") or ():
        item = ingredient.get("itemReference") if isinstance(ingredient, dict) else None
        reference = item.get("reference") if isinstance(item, dict) else None
        if isinstance(reference, str) and (match := _MEDICATION_REFERENCE.search(reference)):
            yield match.group(1)
