"""Turning a FHIR Bundle (or a file) into a CDS Hooks 2.0 `patient-view` request.

The prefetch keys are the service's prefetch template keys: `patient` holds the bare Patient
resource; every other key holds a `searchset` Bundle of that key's resource type (possibly
empty, which says "searched, nothing found"), and the medication ones also the Medications their
records refer to (search mode `include`). Used by the CLI (`oncomatch match`) and the tests.

No prefetch template asks for Specimens: a live hook fetches the ones its results refer to
(VAL-LAB-PANEL). A file has no server behind it, so `load_hook_input` sends a Bundle's
Specimens along as a server answers `_include=Observation:specimen`; the tests that play the
EHR call `bundle_to_hook_request` without them, as an EHR's prefetch comes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fhir_mapping.errors import HookInputError
from fhir_mapping.selection import flatten
from fhir_mapping.specimens import specimen_key

HOOK = "patient-view"
PREFETCH_TYPES: dict[str, str] = {
    "conditions": "Condition",
    "observations": "Observation",
    "medicationStatements": "MedicationStatement",
    "medicationRequests": "MedicationRequest",
    "medicationAdministrations": "MedicationAdministration",
    "medicationDispenses": "MedicationDispense",
    "procedures": "Procedure",
    "diagnosticReports": "DiagnosticReport",
}


def _searchset(resources: list[Mapping[str, Any]]) -> dict[str, Any]:
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
    }
    if resources:
        bundle["entry"] = [
            {"fullUrl": f"{r['resourceType']}/{r['id']}", "resource": dict(r)}
            if isinstance(r.get("id"), str)
            else {"resource": dict(r)}
            for r in resources
        ]
    return bundle


# Records whose drug may be a `Medication` of the Bundle (EXP-UNRESOLVED without it).
MEDICATION_RECORDS = frozenset(
    {"MedicationStatement", "MedicationRequest", "MedicationAdministration", "MedicationDispense"}
)


def ingredient_references(medication: Mapping[str, Any] | None) -> list[str]:
    """The Medications a regimen Medication's ingredients refer to (`itemReference`)."""
    found = []
    for ingredient in (medication or {}).get("ingredient") or ():
        item = ingredient.get("itemReference") if isinstance(ingredient, Mapping) else None
        target = item.get("reference") if isinstance(item, Mapping) else None
        if isinstance(target, str):
            found.append(target)
    return found


def _include_medications(
    searchset: dict[str, Any],
    records: list[Mapping[str, Any]],
    medications: Mapping[str, Mapping[str, Any]],
) -> None:
    """The Medications the records refer to, as a FHIR server answers `_include=...:medication`
    (and `_include:iterate=Medication:ingredient` for a regimen's ingredients given by
    reference): entries with search mode `include`, each once per searchset."""
    wanted = []
    for record in records:
        reference = record.get("medicationReference")
        target = reference.get("reference") if isinstance(reference, Mapping) else None
        if isinstance(target, str):
            wanted.append(target)
            wanted.extend(ingredient_references(medications.get(target)))
    included = [medications[ref] for ref in dict.fromkeys(wanted) if ref in medications]
    if included:
        searchset.setdefault("entry", []).extend(
            {
                "fullUrl": f"Medication/{m['id']}",
                "resource": dict(m),
                "search": {"mode": "include"},
            }
            for m in included
        )


def _include_specimens(
    searchset: dict[str, Any],
    observations: list[Mapping[str, Any]],
    resources: list[Mapping[str, Any]],
) -> None:
    """The Specimens the results refer to, as entries with search mode `include`, each once."""
    specimens = {
        f"Specimen/{r['id']}": r
        for r in resources
        if r.get("resourceType") == "Specimen" and isinstance(r.get("id"), str)
    }
    if not specimens:
        return
    wanted = []
    for observation in observations:
        reference = observation.get("specimen")
        key = specimen_key(reference.get("reference") if isinstance(reference, Mapping) else None)
        if key in specimens:
            wanted.append(key)
    if wanted:
        searchset.setdefault("entry", []).extend(
            {"fullUrl": key, "resource": dict(specimens[key]), "search": {"mode": "include"}}
            for key in dict.fromkeys(wanted)
        )


def bundle_to_hook_request(
    bundle: Mapping[str, Any],
    *,
    hook_instance: str,
    fhir_server: str | None = None,
    user_id: str = "Practitioner/example",
    with_specimens: bool = False,
) -> dict[str, Any]:
    """A `patient-view` request whose prefetch holds the Bundle's resources (nested Bundles
    unpacked); the patient is the Bundle's first Patient. Raises `HookInputError` without one.
    `with_specimens`: the Specimens the results refer to ride in the observations' searchset
    (for a chart with no FHIR server to fetch them from)."""
    resources = [resource for resource, _ in flatten([bundle])]
    patient = next(
        (
            r
            for r in resources
            if r.get("resourceType") == "Patient" and isinstance(r.get("id"), str)
        ),
        None,
    )
    if patient is None:
        raise HookInputError("bundle", "no Patient resource with an id")
    prefetch: dict[str, Any] = {"patient": dict(patient)}
    medications = {
        f"Medication/{r['id']}": r
        for r in resources
        if r.get("resourceType") == "Medication" and isinstance(r.get("id"), str)
    }
    for key, resource_type in PREFETCH_TYPES.items():
        found = [r for r in resources if r.get("resourceType") == resource_type]
        prefetch[key] = _searchset(found)
        if medications and resource_type in MEDICATION_RECORDS:
            _include_medications(prefetch[key], found, medications)
        if with_specimens and resource_type == "Observation":
            _include_specimens(prefetch[key], found, resources)
    request: dict[str, Any] = {
        "hook": HOOK,
        "hookInstance": hook_instance,
        "context": {"userId": user_id, "patientId": patient["id"]},
        "prefetch": prefetch,
    }
    if fhir_server is not None:
        request["fhirServer"] = fhir_server
    return request


def load_hook_input(path: str | Path, *, hook_instance: str | None = None) -> dict[str, Any]:
    """Read a Bundle JSON, a `patient-view` request JSON, a single resource JSON or NDJSON (one
    resource per line) and return a `patient-view` request."""
    path = Path(path)
    try:
        # utf-8-sig: a byte order mark before the JSON is ignored (RFC 8259, 8.1).
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise HookInputError(str(path), f"cannot read ({type(error).__name__})") from None
    instance = hook_instance or str(uuid.uuid4())
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError:
        document = _ndjson(text, path)
    if isinstance(document, list):
        document = {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": r} for r in document],
        }
    if not isinstance(document, dict):
        raise HookInputError(str(path), "not a JSON object")
    if "hook" in document:
        if document.get("hook") != HOOK:
            raise HookInputError(str(path), "not a patient-view request")
        return document
    if document.get("resourceType") == "Bundle":
        return bundle_to_hook_request(document, hook_instance=instance, with_specimens=True)
    if isinstance(document.get("resourceType"), str):
        wrapped = {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": document}],
        }
        return bundle_to_hook_request(wrapped, hook_instance=instance, with_specimens=True)
    raise HookInputError(str(path), "neither a Bundle, a resource nor a patient-view request")


def _ndjson(text: str, path: Path) -> list[Any]:
    resources = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            resources.append(json.loads(line))
        except json.JSONDecodeError:
            raise HookInputError(str(path), f"line {number} is not JSON") from None
    if not resources:
        raise HookInputError(str(path), "empty file")
    return resources
