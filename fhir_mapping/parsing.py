"""`parse`: one selected resource -> its validated projection, or None with a warning.

Each resource is validated on its own, and a bad entry never fails the request: the elements
validation rejects are repaired or left out (VAL-REPAIR, `repairs`); an entry that still fails is
skipped, or, for a caller that reads such entries leniently (VAL-UNREADABLE: medication records),
given back as `Unreadable`. Either way a warning names its type, id and the element path of the
first error, never the value. Steps:
clean the projection and take its content key (`cleaning`); reuse a cached model
(`validation_cache`); else make it from a template (`templated`); else validate it whole, shared
parts once per chart (`shared_parts`). A `Deferred` one waits until a reader asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from fhir_mapping import templates
from fhir_mapping.cleaning import TooDeepError, cleaned_with_key
from fhir_mapping.mapping_warnings import Warnings
from fhir_mapping.repairs import ROUNDS, repaired
from fhir_mapping.selection import project
from fhir_mapping.shared_parts import with_shared_parts
from fhir_mapping.templated import from_template
from fhir_mapping.validation_cache import ValidationCache


@dataclass(frozen=True, slots=True)
class Parsed:
    """A validated projection and the reference facts cite it by."""

    reference: str
    model: Any


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A selected resource R4 validation rejects: its cleaned projection, to be read leniently
    (VAL-UNREADABLE), and the reference facts cite it by."""

    reference: str
    resource_type: str
    projection: Mapping[str, Any]


@dataclass
class ParseCounter:
    """`validated`: projections validated in this call (whole, or their varying elements into a
    template); `templated`: how many of those were made from a template; `cached`: projections
    whose validated model came from the content cache (not validated at all)."""

    validated: int = 0
    cached: int = 0
    templated: int = 0


def reference_of_resource(resource: Mapping[str, Any], index: int) -> str:
    """`Type/id`, or `Type/#<index>` (its position among the selected resources of its type)."""
    resource_type = str(resource.get("resourceType"))
    resource_id = resource.get("id")
    if isinstance(resource_id, str):
        return f"{resource_type}/{resource_id}"
    return f"{resource_type}/#{index}"


def parse(
    resource: Mapping[str, Any],
    index: int,
    cache: ValidationCache,
    counter: ParseCounter,
    warnings: Warnings,
    unreadable: list[Unreadable] | None = None,
) -> Parsed | None:
    """The validated projection of `resource`, or None with a warning (and, given
    `unreadable`, a resource validation rejects added to it)."""
    resource_type = str(resource.get("resourceType"))
    resource_id = resource.get("id")
    reference = reference_of_resource(resource, index)
    try:
        model = _validated(resource, resource_type, cache, counter)
    except ValidationError as error:
        path, kind = _error_path(error)
        # Cleaned again (`_validated` keeps its copy to itself): only a rejected resource pays.
        projection, _ = cleaned_with_key(project(resource))
        try:
            model = _repaired_model(projection, resource_type, error)
        except (KeyError, ValueError, TypeError, AttributeError, RecursionError):
            model = None  # as the resource itself: odd shapes may not fail the request
        if model is not None:  # VAL-REPAIR
            warnings.add(resource_type, resource_id, path, f"{kind}; repaired")
            return Parsed(reference, model)
        if unreadable is None or not isinstance(projection, dict):
            warnings.add(resource_type, resource_id, path, f"{kind}; resource skipped")
            return None
        unreadable.append(Unreadable(reference, resource_type, projection))
        warnings.add(resource_type, resource_id, path, f"{kind}; read without it")
        return None
    except TooDeepError:
        warnings.add(resource_type, resource_id, "", "nested too deeply; resource skipped")
        return None
    # fhir.resources raises KeyError/ValueError for an unknown resourceType, odd shapes raise
    # TypeError or AttributeError, deep nesting RecursionError: none may fail the request.
    except (KeyError, ValueError, TypeError, AttributeError, RecursionError) as error:
        warnings.add(
            resource_type, resource_id, "", f"unreadable ({type(error).__name__}); resource skipped"
        )
        return None
    return Parsed(reference, model)


def _validated(
    resource: Mapping[str, Any], resource_type: str, cache: ValidationCache, counter: ParseCounter
) -> Any:
    """The model of `resource`'s projection: cached, from a template, or validated whole (and
    then cached, and the template of its kind). Raises what validation raises."""
    projection, key = cleaned_with_key(project(resource))
    if not isinstance(projection, dict):
        raise ValueError("empty resource")
    # A cache of no models (pre-screening: each resource is seen once) neither looks nor keeps.
    kept = key if cache.maxsize > 0 else None
    if kept is not None:
        model = cache.get(kept)
        if model is not None:
            counter.cached += 1
            return model
    counter.validated += 1
    resource_model = get_fhir_model_class(resource_type)
    alike = None
    if key is not None and cache.templates_maxsize:
        alike = templates.split(resource_type, projection)
        model = None if alike is None else from_template(alike, resource_model, cache)
        if model is not None:
            counter.templated += 1
            if kept is not None:
                cache.put(kept, model)
            return model
    model = _validated_whole(projection, resource_model, cache)
    if kept is not None:
        cache.put(kept, model)
    if alike is not None:
        cache.put_template(alike.key, model)
    return model


def _repaired_model(projection: Any, resource_type: str, error: ValidationError) -> Any | None:
    """VAL-REPAIR: the model of the (cleaned) projection with the elements validation rejects
    repaired or left out (`repairs`), in at most `ROUNDS` rounds; None when it cannot be."""
    if not isinstance(projection, dict):
        return None
    resource_model = get_fhir_model_class(resource_type)
    for _ in range(ROUNDS):
        fixed = repaired(projection, error, resource_type)
        if fixed is None:
            return None
        try:
            return resource_model.model_validate(fixed)
        except ValidationError as again:
            projection, error = fixed, again
    return None


def _validated_whole(
    projection: dict[str, Any], resource_model: Any, cache: ValidationCache
) -> Any:
    with_parts = with_shared_parts(projection, resource_model, cache)
    try:
        return resource_model.model_validate(projection if with_parts is None else with_parts)
    except ValidationError:
        if with_parts is None or with_parts is projection:
            raise
        # Validated again as received, so the warning is exactly the one without parts.
        return resource_model.model_validate(projection)


def _error_path(error: ValidationError) -> tuple[str, str]:
    details = error.errors(include_url=False, include_input=False)
    if not details:
        return "", "invalid"
    first = details[0]
    path = ".".join(str(part) for part in first.get("loc", ()))
    return path, f"invalid ({first.get('type', 'error')})"


class Deferred:
    """A selected resource that is validated only if and when a reader needs it.

    The newest-value readers (labs, QTc, biomarkers; see observations) validate their candidates
    one at a time, newest first, until one gives a value; older ones are never validated, so they
    produce no warning and count in neither `validated` nor `cached`. The outcome is kept, so a
    resource is validated at most once per call.
    """

    __slots__ = ("_cache", "_counter", "_done", "_parsed", "_warnings", "index", "resource")

    def __init__(
        self,
        resource: Mapping[str, Any],
        index: int,
        cache: ValidationCache,
        counter: ParseCounter,
        warnings: Warnings,
    ) -> None:
        self.resource = resource
        self.index = index
        self._cache = cache
        self._counter = counter
        self._warnings = warnings
        self._done = False
        self._parsed: Parsed | None = None

    def parsed(self) -> Parsed | None:
        if not self._done:
            self._done = True
            self._parsed = parse(
                self.resource, self.index, self._cache, self._counter, self._warnings
            )
        return self._parsed
