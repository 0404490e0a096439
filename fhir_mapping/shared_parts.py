"""Shared parts: coded elements that recur across a chart, validated once.

Forty MedicationRequests name the same drug, a hundred Observations the same LOINC code and the
same subject. Those elements are validated once and the validated part is handed to the
resource's validation (fhir.resources accepts an instance of the element's model as it is). A
part is validated by the same model as inside its resource, so the result is the same; if a part
fails, the caller validates the whole projection as received, so the warning is the same too.
"""

from __future__ import annotations

import typing
from functools import cache as memoize
from typing import Any

import orjson

from fhir_mapping.validation_cache import ValidationCache

# Top-level elements that recur unchanged across the resources of a chart: codes, the subject,
# the items of lists such as a lab's reference ranges (one per lab, on every result), and the
# period of a treatment day (every drug given or taken in one cycle has the same one).
SHARED_PARTS = frozenset(
    {
        "code",
        "subject",
        "medicationCodeableConcept",
        "valueCodeableConcept",
        "clinicalStatus",
        "verificationStatus",
        "method",
        "referenceRange",
        "bodySite",
        "effectivePeriod",
    }
)
# Elements inside the items of a list that recur while the items themselves do not: a
# MedicationRequest's dosage text names its drug, but its timing (the cycle's dates) is the same
# for every drug ordered for that cycle.
SHARED_ITEM_PARTS: dict[str, tuple[str, ...]] = {"dosageInstruction": ("timing",)}

# What validating an element can raise (ValidationError is a ValueError).
ELEMENT_ERRORS = (ValueError, TypeError, KeyError, AttributeError, RecursionError)


class PartInvalidError(Exception):
    """A part did not validate on its own: the caller validates the whole projection instead."""


def _model_in(annotation: Any) -> Any | None:
    """The fhir.resources model inside a field's type (`XType`, `XType | None`, `list[XType]`)."""
    get_model_klass = getattr(annotation, "get_model_klass", None)
    if get_model_klass is not None:
        return get_model_klass()
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(_is_list(argument) for argument in typing.get_args(annotation))


@memoize
def part_model(resource_model: Any, element: str) -> tuple[Any | None, bool]:
    """The model class of a complex element (or of a list's items) of `resource_model`, and
    whether the element is a list."""
    field = resource_model.model_fields.get(element)
    if field is None:
        return None, False
    return _model_in(field.annotation), _is_list(field.annotation)


def shared_part(model: Any, value: dict[str, Any], cache: ValidationCache) -> Any:
    """`value` validated as `model`, cached by content. Raises `PartInvalidError`."""
    key = (model.__name__, orjson.dumps(value, option=orjson.OPT_SORT_KEYS))
    part = cache.get_part(key)
    if part is None:
        try:
            part = model.model_validate(value)
        except ELEMENT_ERRORS:
            raise PartInvalidError from None
        cache.put_part(key, part)
    return part


def with_shared_parts(
    projection: dict[str, Any], resource_model: Any, cache: ValidationCache
) -> dict[str, Any] | None:
    """The projection with its shared parts replaced by validated models (cached by content);
    None when a part does not validate (the caller then validates the projection as it is)."""
    replaced: dict[str, Any] | None = None
    try:
        for element in SHARED_PARTS.intersection(projection):
            shared = _shared_element(projection[element], resource_model, element, cache)
            if shared is not None:
                if replaced is None:
                    replaced = dict(projection)
                replaced[element] = shared
        for element in SHARED_ITEM_PARTS.keys() & projection.keys():
            items = _with_shared_item_parts(projection[element], resource_model, element, cache)
            if items is not None:
                if replaced is None:
                    replaced = dict(projection)
                replaced[element] = items
    except PartInvalidError:
        return None
    return replaced if replaced is not None else projection


def _shared_element(value: Any, resource_model: Any, element: str, cache: ValidationCache) -> Any:
    """The validated model (or list of models) of a shared element; None for a shape the model
    does not expect (left to the whole validation). Raises `PartInvalidError`."""
    if isinstance(value, list):
        if not value or not all(isinstance(item, dict) for item in value):
            return None
    elif not isinstance(value, dict):
        return None
    model, is_list = part_model(resource_model, element)
    if model is None or is_list != isinstance(value, list):
        return None
    if isinstance(value, list):
        return [shared_part(model, item, cache) for item in value]
    return shared_part(model, value, cache)


def _with_shared_item_parts(
    value: Any, resource_model: Any, element: str, cache: ValidationCache
) -> list[Any] | None:
    """The items of a list element with their shared parts (`SHARED_ITEM_PARTS`) replaced by
    validated models; None when there is nothing to replace or a shape the models do not expect
    (left to the whole validation). Raises `PartInvalidError`."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        return None
    item_model, is_list = part_model(resource_model, element)
    if item_model is None or not is_list:
        return None
    shared_items: list[Any] = []
    changed = False
    for item in value:
        shared_item = item
        for inner in SHARED_ITEM_PARTS[element]:
            inner_value = item.get(inner)
            inner_model, inner_is_list = part_model(item_model, inner)
            if not isinstance(inner_value, dict) or inner_model is None or inner_is_list:
                continue
            if shared_item is item:
                shared_item = dict(item)
            shared_item[inner] = shared_part(inner_model, inner_value, cache)
            changed = True
        shared_items.append(shared_item)
    return shared_items if changed else None
