"""Prefetch: what the service asks the EHR for, and how a call's prefetch is resolved.

Per template key (spec, "Prefetch Template"):
- present  -> use it: a Bundle, a single resource; an OperationOutcome means "not satisfied";
- `null`   -> the client says it has no data for that key;
- absent   -> fetch the query from `fhirServer` (with the bearer token when one was given).
Every key is required: matching on partial data would turn "not fetched" into "never received"
and could call a patient eligible for a trial that excludes a therapy we simply did not see.
Anything that cannot be had is a 412 naming the key and why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cds_service.clock import Clock
from cds_service.hooks.fetch_plan import OBSERVATIONS_KEY, FetchPlan
from cds_service.hooks.fhir_client import FetchError, FhirFetcher
from cds_service.hooks.request import HookRequest, PatientViewContext
from cds_service.http.errors import BadRequestError, PreconditionFailedError, Problem

PATIENT_KEY = "patient"


@dataclass(frozen=True, slots=True)
class ResolvedPrefetch:
    """The de-duplicated resources of one hook call, and where each key's data came from."""

    resources: tuple[dict[str, Any], ...]
    origins: Mapping[str, str] = field(default_factory=dict)  # key -> prefetch | null | fetched


def prefetch_templates(observation_codes: Iterable[str]) -> dict[str, str]:
    """The discovery document's templates; observations restricted to the codes we read.

    Only the query subset the spec recommends: type-level search by patient, token equality
    (a comma-separated list is the standard FHIR "OR" of equal tokens), no sort modifiers.
    """
    codes = ",".join(sorted(set(observation_codes)))
    patient = "{{context.patientId}}"
    return {
        PATIENT_KEY: f"Patient/{patient}",
        "conditions": f"Condition?patient={patient}",
        OBSERVATIONS_KEY: f"Observation?patient={patient}&code={codes}",
        "medicationStatements": f"MedicationStatement?patient={patient}",
        "medicationRequests": f"MedicationRequest?patient={patient}",
        "medicationAdministrations": f"MedicationAdministration?patient={patient}",
        "procedures": f"Procedure?patient={patient}",
    }


_TOKEN = re.compile(r"\{\{\s*context\.(\w+)\s*\}\}")


def render_template(template: str, context: Mapping[str, Any]) -> str:
    def substitute(match: re.Match[str]) -> str:
        value = context.get(match.group(1))
        if not isinstance(value, str) or not value:
            raise BadRequestError(f"context.{match.group(1)} is needed by a prefetch template")
        return value

    return _TOKEN.sub(substitute, template)


class PrefetchResolver:
    def __init__(
        self, templates: Mapping[str, str], fetcher: FhirFetcher, plan: FetchPlan, clock: Clock
    ) -> None:
        self._templates = dict(templates)
        self._fetcher = fetcher
        self._plan = plan
        self._clock = clock  # the fallback's date bound counts back from the matcher's as-of

    def resolve(
        self,
        request: HookRequest,
        context: PatientViewContext,
        *,
        before_fetching: Callable[[], None] = lambda: None,
    ) -> ResolvedPrefetch:
        """The call's resources; `before_fetching()` is called first when some must be fetched
        from the EHR (the hook route gives back its turn at the CPU then)."""
        supplied = request.prefetch or {}
        by_key: dict[str, list[dict[str, Any]]] = {}
        origins: dict[str, str] = {}
        to_fetch: dict[str, tuple[str, ...]] = {}
        as_of = self._clock().date()
        unsatisfied: dict[str, str] = {}
        for key, template in self._templates.items():
            reason = _unsatisfied(supplied, key)
            if reason is not None:
                unsatisfied[key] = reason
                rendered = render_template(template, {"patientId": context.patient_id})
                to_fetch[key] = self._plan.queries(key, rendered, context.patient_id, as_of)
                continue
            value = supplied[key]
            if value is None:
                by_key[key] = []
                origins[key] = "null"
                continue
            if not isinstance(value, dict) or not isinstance(value.get("resourceType"), str):
                raise BadRequestError(
                    f"prefetch.{key} must be a FHIR resource, a Bundle or null",
                    [Problem("must be a FHIR resource, a Bundle or null", f"prefetch.{key}")],
                )
            by_key[key] = [value]
            origins[key] = "prefetch"

        if to_fetch:
            if not request.fhir_server:
                raise _precondition_failed(
                    {
                        key: f"{unsatisfied[key]} and no fhirServer to fetch it from"
                        for key in to_fetch
                    }
                )
            token = (
                request.fhir_authorization.access_token.get_secret_value()
                if request.fhir_authorization
                else None
            )
            before_fetching()
            try:
                fetched = self._fetcher.fetch_all(request.fhir_server, to_fetch, token)
            except FetchError as error:
                raise _precondition_failed({"fhirServer": str(error)}) from None
            for key, resource in fetched.items():
                by_key[key] = [resource]
                origins[key] = "fetched"

        patient = by_key.get(PATIENT_KEY) or []
        if not _is_the_patient(patient, context.patient_id):
            raise _precondition_failed(
                {PATIENT_KEY: f"no Patient resource with id {context.patient_id!r}"}
            )
        return ResolvedPrefetch(resources=_deduplicate(by_key.values()), origins=origins)


def _unsatisfied(supplied: Mapping[str, Any], key: str) -> str | None:
    """Why `key` must be fetched from the EHR, or None when the prefetch answers it."""
    if key not in supplied:
        return "not prefetched"
    value = supplied[key]
    if isinstance(value, dict) and value.get("resourceType") == "OperationOutcome":
        return "the client reported an OperationOutcome"
    return None


def _is_the_patient(resources: list[dict[str, Any]], patient_id: str) -> bool:
    for resource in resources:
        if resource.get("resourceType") == "Patient" and resource.get("id") == patient_id:
            return True
        if resource.get("resourceType") == "Bundle":
            for entry in resource.get("entry") or []:
                inner = entry.get("resource") if isinstance(entry, dict) else None
                if isinstance(inner, dict) and _is_the_patient([inner], patient_id):
                    return True
    return False


def _deduplicate(groups: Iterable[list[dict[str, Any]]]) -> tuple[dict[str, Any], ...]:
    """Flatten top-level Bundles and drop repeats of the same `Type/id` across keys.

    Nested Bundles inside entries are left for fhir_mapping, which unpacks them.
    """
    seen: set[tuple[str, str]] = set()
    out: list[dict[str, Any]] = []
    for group in groups:
        for resource in group:
            items = (
                [e.get("resource") for e in resource.get("entry") or [] if isinstance(e, dict)]
                if resource.get("resourceType") == "Bundle"
                else [resource]
            )
            for item in items:
                if not isinstance(item, dict):
                    continue
                rtype, rid = item.get("resourceType"), item.get("id")
                if isinstance(rtype, str) and isinstance(rid, str):
                    if (rtype, rid) in seen:
                        continue
                    seen.add((rtype, rid))
                out.append(item)
    return tuple(out)


def _precondition_failed(reasons: Mapping[str, str]) -> PreconditionFailedError:
    problems = [Problem(reason, f"prefetch.{key}") for key, reason in reasons.items()]
    summary = "; ".join(f"{key}: {reason}" for key, reason in reasons.items())
    return PreconditionFailedError(
        f"required FHIR data could not be obtained ({summary})", problems
    )
