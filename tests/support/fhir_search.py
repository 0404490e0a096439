"""FHIR search as real servers answer it, over a list of resources: the test FHIR server's store.

Just the part of the search API the service uses, with the habits of real servers that the
no-prefetch path must survive: small pages by default (20, as HAPI and many EHRs do) with
`next` links, `_count` honoured up to a server maximum, `patient=` as a bare id or `Patient/id`,
`_id` as a comma-separated list of ids,
`code` and `category` as comma-separated token lists (`system|code`, `|code` or `code`), `date`
with `ge`/`le`/`gt`/`lt`/`eq` prefixes (repeatable), and `_sort=date` / `_sort=-date`.
A resource without a date never matches a `date` filter, as on real servers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

# Where each resource type keeps the date that `date=` searches (the subset the service reads).
_DATE_FIELDS = {
    "Observation": ("effectiveDateTime", "effectivePeriod.start", "effectiveInstant", "issued"),
    "Condition": ("recordedDate", "onsetDateTime", "onsetPeriod.start"),
    "MedicationRequest": ("authoredOn",),
    "MedicationStatement": ("effectiveDateTime", "effectivePeriod.start", "dateAsserted"),
    "MedicationAdministration": ("effectiveDateTime", "effectivePeriod.start"),
    "Procedure": ("performedDateTime", "performedPeriod.start"),
}
_PREFIXES = ("ge", "le", "gt", "lt", "eq")


@dataclass(frozen=True)
class SearchAnswer:
    status: int
    body: dict[str, Any]


@dataclass
class FhirStore:
    resources: Sequence[dict[str, Any]]
    base_url: str
    page_size: int = 20
    max_page_size: int = 1000

    def answer(self, path: str) -> SearchAnswer:
        """The answer to `path` (after the base URL's path): a read or a type-level search."""
        parts = urlsplit(path)
        segments = [s for s in parts.path.split("/fhir/", 1)[-1].split("/") if s]
        if len(segments) == 2:
            return self._read(segments[0], segments[1])
        if len(segments) != 1:
            return _outcome(400, "unsupported interaction")
        return self._search(segments[0], parse_qsl(parts.query, keep_blank_values=True))

    def _read(self, resource_type: str, resource_id: str) -> SearchAnswer:
        for resource in self.resources:
            if resource.get("resourceType") == resource_type and resource.get("id") == resource_id:
                return SearchAnswer(200, resource)
        return _outcome(404, f"{resource_type}/{resource_id} is not known")

    def _search(self, resource_type: str, params: list[tuple[str, str]]) -> SearchAnswer:
        found = [r for r in self.resources if r.get("resourceType") == resource_type]
        count, offset, sort = self.page_size, 0, None
        for name, value in params:
            if name in {"patient", "_id"}:
                found = _by_reference(found, name, value)
            elif name == "code":
                found = [r for r in found if _has_token(r.get("code"), value)]
            elif name == "category":
                found = [
                    r for r in found if any(_has_token(c, value) for c in _list(r, "category"))
                ]
            elif name == "date":
                found = [r for r in found if _date_matches(_date(r), value)]
            elif name == "_count":
                count = max(1, min(int(value), self.max_page_size))
            elif name == "_offset":
                offset = int(value)
            elif name == "_sort":
                sort = value
            else:
                return _outcome(400, f"unknown search parameter {name!r}")
        if sort in {"date", "-date"}:
            dated = sorted((r for r in found if _date(r)), key=_date, reverse=sort == "-date")
            found = dated + [r for r in found if not _date(r)]
        elif sort is not None:
            return _outcome(400, f"unsupported _sort {sort!r}")
        page = found[offset : offset + count]
        bundle: dict[str, Any] = {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(found),
            "entry": [{"resource": r} for r in page],
        }
        if offset + count < len(found):
            kept = [(n, v) for n, v in params if n not in {"_offset", "_count"}]
            query = urlencode([*kept, ("_count", str(count)), ("_offset", str(offset + count))])
            bundle["link"] = [
                {"relation": "next", "url": f"{self.base_url}/{resource_type}?{query}"}
            ]
        return SearchAnswer(200, bundle)


def _by_reference(found: list[dict[str, Any]], name: str, value: str) -> list[dict[str, Any]]:
    """`patient=` (a bare id or `Patient/id`) or `_id=` (a comma-separated list of ids)."""
    if name == "_id":
        return [r for r in found if r.get("id") in value.split(",")]
    patient = value.removeprefix("Patient/")
    return [r for r in found if _about(r, patient)]


def _outcome(status: int, text: str) -> SearchAnswer:
    issue = {"severity": "error", "code": "processing", "diagnostics": text}
    return SearchAnswer(status, {"resourceType": "OperationOutcome", "issue": [issue]})


def _list(resource: Mapping[str, Any], name: str) -> list[Any]:
    value = resource.get(name)
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _about(resource: Mapping[str, Any], patient_id: str) -> bool:
    for name in ("subject", "patient"):
        reference = resource.get(name, {}).get("reference", "")
        if isinstance(reference, str) and reference.split("/_history")[0].endswith(
            f"Patient/{patient_id}"
        ):
            return True
    return False


def _has_token(concept: Any, tokens: str) -> bool:
    if not isinstance(concept, dict):
        return False
    codings: Iterable[Any] = concept.get("coding") or []
    for token in tokens.split(","):
        system, bar, code = token.rpartition("|")
        for coding in codings:
            if not isinstance(coding, dict) or coding.get("code") != code:
                continue
            if not bar or coding.get("system", "") == system:
                return True
    return False


def _date(resource: Mapping[str, Any]) -> str:
    for path in _DATE_FIELDS.get(str(resource.get("resourceType")), ()):
        value: Any = resource
        for step in path.split("."):
            value = value.get(step) if isinstance(value, dict) else None
        if isinstance(value, str) and value:
            return value[:10]
    return ""


def _date_matches(when: str, value: str) -> bool:
    if not when:
        return False
    prefix, bound = (value[:2], value[2:12]) if value[:2] in _PREFIXES else ("eq", value[:10])
    return {
        "ge": when >= bound,
        "le": when <= bound,
        "gt": when > bound,
        "lt": when < bound,
        "eq": when == bound,
    }[prefix]
