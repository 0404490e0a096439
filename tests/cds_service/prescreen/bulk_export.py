"""Bulk exports for the pre-screening tests, made from the committed test bundles the way a FHIR
server's `$export` writes them: one NDJSON file per resource type, every patient's resources
spread over the files, some files gzipped, patients interleaved within each file.

The real Synthea export in ../shared/reference is read in place: its files are linked into the
export folder, never copied.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
BUNDLES = REPO / "test_bundles"
GZIPPED_TYPES = frozenset({"Observation", "MedicationStatement", "Medication"})


def test_bundle_paths() -> list[Path]:
    return sorted([*BUNDLES.glob("*.json"), *(BUNDLES / "realistic").glob("*.json")])


def bundle_resources(bundle: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A Bundle's resources, nested Bundles unpacked (an export has no Bundles of a chart)."""
    for entry in bundle.get("entry") or []:
        resource = entry.get("resource")
        if not isinstance(resource, dict):
            continue
        if resource.get("resourceType") == "Bundle":
            yield from bundle_resources(resource)
        else:
            yield resource


def write_export(
    export_dir: Path,
    bundles: Iterable[dict[str, Any]],
    *,
    link_from: Path | None = None,
    extra_lines: dict[str, list[bytes]] | None = None,
) -> Path:
    """An export folder holding every resource of `bundles`, plus the files of `link_from`
    linked in place and `extra_lines` (file name -> raw lines) as given."""
    export_dir.mkdir(parents=True, exist_ok=True)
    by_type: dict[str, list[list[dict[str, Any]]]] = defaultdict(list)
    for bundle in bundles:
        per_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for resource in bundle_resources(bundle):
            per_type[resource["resourceType"]].append(resource)
        for resource_type, resources in per_type.items():
            by_type[resource_type].append(resources)
    for resource_type, groups in by_type.items():
        lines = [json.dumps(resource).encode() for resource in _interleaved(groups)]
        _write(export_dir, f"{resource_type}.001.ndjson", lines, resource_type in GZIPPED_TYPES)
    for name, raw in (extra_lines or {}).items():
        (export_dir / name).write_bytes(b"\n".join(raw) + b"\n")
    if link_from is not None:
        for source in sorted(link_from.iterdir()):
            (export_dir / source.name).symlink_to(source)
    return export_dir


def _interleaved(groups: list[list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    """Round robin over the patients: a patient's resources are not contiguous in a file."""
    longest = max((len(group) for group in groups), default=0)
    for index in range(longest):
        for group in groups:
            if index < len(group):
                yield group[index]


def _write(export_dir: Path, name: str, lines: list[bytes], gzipped: bool) -> None:
    data = b"\n".join(lines) + b"\n"
    if gzipped:
        (export_dir / f"{name}.gz").write_bytes(gzip.compress(data))
    else:
        (export_dir / name).write_bytes(data)


def reference_patients(export_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """The resources of each patient of a plain (uncompressed) export folder, grouped by their
    `subject`/`patient` reference: the test's own independent grouping, for the hook oracle."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in sorted(export_dir.glob("*.ndjson")):
        if path.name == "log.ndjson":
            continue
        for line in path.read_text().splitlines():
            resource = json.loads(line)
            if resource["resourceType"] == "Patient":
                grouped[resource["id"]].append(resource)
                continue
            for element in ("subject", "patient"):
                reference = (resource.get(element) or {}).get("reference", "")
                if reference.startswith("Patient/"):
                    grouped[reference.removeprefix("Patient/")].append(resource)
                    break
    return dict(grouped)


def as_bundle(patient_id: str, resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "id": patient_id,
        "type": "collection",
        "entry": [{"resource": resource} for resource in resources],
    }
