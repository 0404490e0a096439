"""Models made from templates: the validation cache's side of `templates`.

A projection not in the content cache is first tried against the template of its kind: only its
varying elements are validated, into a copy of the template (see `templates`, which says why the
result is the same). Varying elements of an element type with templates of its own (a Quantity,
a Dosage) are made from those the same way. Without a template, or when a varying element fails
on its own, the caller validates the projection whole and its model becomes the template.
"""

from __future__ import annotations

from typing import Any

from fhir_mapping import templates
from fhir_mapping.shared_parts import (
    ELEMENT_ERRORS,
    SHARED_PARTS,
    PartInvalidError,
    part_model,
    with_shared_parts,
)
from fhir_mapping.validation_cache import ValidationCache


def from_template(alike: templates.Split, resource_model: Any, cache: ValidationCache) -> Any:
    """The model of a projection made from the template of its kind; None when there is none
    yet, or a varying element does not validate on its own."""
    template = cache.get_template(alike.key)
    if template is None:
        return None
    varying = with_shared_parts(alike.varying, resource_model, cache)
    if varying is None:
        return None
    # A shared part was validated by its field's model, which is all its field's validator would
    # do with it (given the validated part, that validator returns it as it is).
    parts = {
        element: value
        for element, value in varying.items()
        if element in SHARED_PARTS and value is not alike.varying[element]
    }
    try:
        varying = _templated_parts(varying, resource_model, cache)
    except PartInvalidError:
        return None
    return templates.fill(template, resource_model, varying, parts)


def _templated_parts(
    varying: dict[str, Any], resource_model: Any, cache: ValidationCache
) -> dict[str, Any]:
    """`varying` with its elements (or their items) of an element type that has templates of its
    own (`templates.VARYING`) made from those. Raises `PartInvalidError` when one does not
    validate."""
    replaced: dict[str, Any] | None = None
    for element, value in varying.items():
        model, is_list = part_model(resource_model, element)
        if model is None or model.get_resource_type() not in templates.VARYING:
            continue
        if is_list and isinstance(value, list) and all(isinstance(i, dict) for i in value):
            made: Any = [_templated_part(model, item, cache) for item in value]
        elif not is_list and isinstance(value, dict):
            made = _templated_part(model, value, cache)
        else:
            continue  # a shape the model does not expect: left to the element's validator
        if replaced is None:
            replaced = dict(varying)
        replaced[element] = made
    return varying if replaced is None else replaced


def _templated_part(model: Any, value: dict[str, Any], cache: ValidationCache) -> Any:
    """An element validated as `model` validates it: from the template of its kind when there is
    one, else whole (and then it becomes the template)."""
    alike = templates.split(model.get_resource_type(), value)
    template = None if alike is None else cache.get_template(alike.key)
    if alike is not None and template is not None:
        part = templates.fill(template, model, alike.varying)
        if part is None:
            raise PartInvalidError
        return part
    try:
        part = model.model_validate(value)
    except ELEMENT_ERRORS:
        raise PartInvalidError from None
    if alike is not None:
        cache.put_template(alike.key, part)
    return part
