"""Prefetch: what the service asks the EHR for, and how a call's prefetch is resolved.

Per template key (spec, "Prefetch Template"):
- present  -> use it: a Bundle, a single resource; an OperationOutcome means "not satisfied";
- `null`   -> the client says it has no data for that key;
- absent   -> fetch the query from `fhirServer` (with the bearer token when one was given).
Every key is required but one: matching on partial data would turn "not fetched" into "never
received" and could call a patient eligible for a trial that excludes a therapy we simply did
not see. Anything that cannot be had is a 412 naming the key and why.

The exception is `diagnosticReports` (brain imaging conclusions: are treated brain metastases
stable?; a progression written in a CT report: does the therapy after it start a new line?;
"post-radiation changes" in a conclusion: was that site irradiated?; a brain MRI concluding
metastases no diagnosis records: are there brain metastases?).
Without them the stability is unknown, never met or not met, and lines are read from the other
records as they always were, so the key is optional: used when prefetched; when absent, fetched
only if the call needs it (`needs(resources)`, `report_need.ReportNeed`: the chart names brain
metastases and a catalog trial asks for their stability, records therapy and a trial counts
lines, or names a cancer and a trial asks about prior radiotherapy, RT-IN-REPORT, or about
brain metastases, CNS-EHR), after the
other keys; when it cannot be had, the call goes on and its origin says why ("unavailable").

Last, resources no template asks for but the chart's own records refer to (`referenced`: the
Specimens of laboratory results, `specimen_need.SpecimenNeed`, VAL-LAB-PANEL): fetched by id,
only when the chart needs some it does not hold, with the same client, token and bounds; when
they cannot be had, the call goes on without them, recorded as "unavailable" (the mapper reads
what they would have said as unknown).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from cds_service.clock import Clock, local_date
from cds_service.hooks.fetch_plan import DIAGNOSTIC_REPORTS_KEY, OBSERVATIONS_KEY, FetchPlan
from cds_service.hooks.fhir_client import FetchError, FhirFetcher
from cds_service.hooks.request import HookRequest, PatientViewContext
from cds_service.http.errors import BadRequestError, PreconditionFailedError, Problem

PATIENT_KEY = "patient"
logger = logging.getLogger("oncomatch.prefetch")
# Whether a call needs an optional key, given the resources of the required ones.
Need = Callable[[Sequence[Mapping[str, Any]]], bool]
# The queries for what a call's resources refer to and do not hold (none: nothing to fetch),
# given them and the patient id.
Referenced = Callable[[Sequence[Mapping[str, Any]], str], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class ResolvedPrefetch:
    """The de-duplicated resources of one hook call, and where each key's data came from."""

    resources: tuple[dict[str, Any], ...]
    # key -> prefetch | null | fetched, and for an optional key also "not needed" | "unavailable"
    origins: Mapping[str, str] = field(default_factory=dict)


def prefetch_templates(observation_codes: Iterable[str]) -> dict[str, str]:
    """The discovery document's templates; observations restricted to the codes we read.
    Reports are asked for unfiltered: what is read of them (a brain imaging conclusion, a
    progression in a CT report) is recognised by the report's name and words, which no query
    can ask for.

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
        "medicationDispenses": f"MedicationDispense?patient={patient}",
        "procedures": f"Procedure?patient={patient}",
        DIAGNOSTIC_REPORTS_KEY: f"DiagnosticReport?patient={patient}",
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
        self,
        templates: Mapping[str, str],
        fetcher: FhirFetcher,
        plan: FetchPlan,
        clock: Clock,
        zone: tzinfo,
        optional: Mapping[str, Need] | None = None,
        referenced: Mapping[str, Referenced] | None = None,
    ) -> None:
        self._templates = dict(templates)
        self._fetcher = fetcher
        self._plan = plan
        # The fallback's date bound counts back from the matcher's as-of: the hospital's date.
        self._clock = clock
        self._zone = zone
        self._optional = dict(optional or {})
        self._referenced = dict(referenced or {})

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
        later: dict[str, tuple[str, ...]] = {}  # optional keys, fetched only when needed
        as_of = local_date(self._clock(), self._zone)
        unsatisfied: dict[str, str] = {}
        for key, template in self._templates.items():
            reason = _unsatisfied(supplied, key)
            if reason is not None:
                unsatisfied[key] = reason
                rendered = render_template(template, {"patientId": context.patient_id})
                queries = self._plan.queries(key, rendered, context.patient_id, as_of)
                (later if key in self._optional else to_fetch)[key] = queries
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
            try:
                fetched = self._fetch(request, request.fhir_server, to_fetch, before_fetching)
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
        resources = _deduplicate(by_key.values())
        if later:
            fetched_later = self._fetch_optional(request, later, resources, before_fetching)
            origins.update(fetched_later.origins)
            resources = _deduplicate([list(resources), list(fetched_later.resources)])
        if self._referenced:
            referred = self._fetch_referenced(request, context, resources, before_fetching)
            origins.update(referred.origins)
            resources = _deduplicate([list(resources), list(referred.resources)])
        return ResolvedPrefetch(resources=resources, origins=origins)

    def _fetch_referenced(
        self,
        request: HookRequest,
        context: PatientViewContext,
        resources: Sequence[dict[str, Any]],
        before_fetching: Callable[[], None],
    ) -> ResolvedPrefetch:
        """What the call's resources refer to and do not hold, fetched when some is needed."""
        needed = {
            key: queries
            for key, need in self._referenced.items()
            if (queries := need(resources, context.patient_id))
        }
        origins = dict.fromkeys(self._referenced.keys() - needed.keys(), "not needed")
        if not needed:
            return ResolvedPrefetch((), origins)
        fetched = self._fetch_if_possible(request, needed, before_fetching)
        return ResolvedPrefetch(fetched.resources, {**origins, **fetched.origins})

    def _fetch_optional(
        self,
        request: HookRequest,
        queries: Mapping[str, tuple[str, ...]],
        resources: Sequence[dict[str, Any]],
        before_fetching: Callable[[], None],
    ) -> ResolvedPrefetch:
        """The optional keys the call needs, fetched; a failure leaves them out, recorded."""
        needed = {key: q for key, q in queries.items() if self._optional[key](resources)}
        origins = {key: "not needed" for key in queries if key not in needed}
        if not needed:
            return ResolvedPrefetch((), origins)
        fetched = self._fetch_if_possible(request, needed, before_fetching)
        return ResolvedPrefetch(fetched.resources, {**origins, **fetched.origins})

    def _fetch_if_possible(
        self,
        request: HookRequest,
        needed: Mapping[str, tuple[str, ...]],
        before_fetching: Callable[[], None],
    ) -> ResolvedPrefetch:
        """`needed` fetched; a failure, or no server to ask, leaves them out, recorded."""
        if not request.fhir_server:
            return ResolvedPrefetch((), dict.fromkeys(needed, "unavailable"))
        try:
            fetched = self._fetch(request, request.fhir_server, needed, before_fetching)
        except FetchError as error:
            # The key and the reason only: no query (it holds the patient id), no token.
            logger.warning("optional prefetch %s not fetched: %s", ",".join(needed), error)
            return ResolvedPrefetch((), dict.fromkeys(needed, "unavailable"))
        origins = dict.fromkeys(fetched, "fetched")
        return ResolvedPrefetch(_deduplicate([[r] for r in fetched.values()]), origins)

    def _fetch(
        self,
        request: HookRequest,
        fhir_server: str,
        queries: Mapping[str, tuple[str, ...]],
        before_fetching: Callable[[], None],
    ) -> dict[str, dict[str, Any]]:
        """`queries` fetched from the EHR with the call's access token; raises FetchError."""
        token = (
            request.fhir_authorization.access_token.get_secret_value()
            if request.fhir_authorization
            else None
        )
        before_fetching()
        return self._fetcher.fetch_all(fhir_server, queries, token)


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
