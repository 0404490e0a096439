"""Validating alike resources once: a validated projection as the template of the next ones.

A chart, and the charts of one EHR, hold many projections that differ only in a few elements
(`VARYING`: ids, the subject, dates, values, per-patient lists): forty administrations of one
drug, the results of one lab. A projection is split into those and the rest (`split`, whose key
hashes the rest); when a projection of that key was validated before, only its varying elements
are validated, each by its field's own validator, into a copy of the earlier model (`fill`).
The copy equals what validating the whole projection gives (see the comment below); when a
varying element fails on its own the caller validates the whole projection, so the warning is
the one without templates.
"""

from __future__ import annotations

import datetime
import hashlib
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache as memoize
from typing import Any

import orjson
from pydantic import BaseModel, TypeAdapter

from eligibility.caches import BoundedMemo

VARYING: dict[str, frozenset[str]] = {
    "Patient": frozenset({"id", "birthDate", "deceasedDateTime"}),
    "Condition": frozenset(
        {
            "id",
            "subject",
            "onsetDateTime",
            "onsetPeriod",
            "onsetString",
            "onsetAge",
            "onsetRange",
            "recordedDate",
            "stage",
            "note",
        }
    ),
    "Observation": frozenset(
        {
            "id",
            "subject",
            "effectiveDateTime",
            "effectivePeriod",
            "effectiveInstant",
            "issued",
            "valueQuantity",
            "valueCodeableConcept",
            "valueInteger",
            "valueString",
            "component",
        }
    ),
    "MedicationStatement": frozenset(
        {"id", "subject", "effectiveDateTime", "effectivePeriod", "dateAsserted"}
    ),
    "MedicationRequest": frozenset(
        {"id", "subject", "authoredOn", "dosageInstruction", "dispenseRequest"}
    ),
    "MedicationAdministration": frozenset(
        {"id", "subject", "effectiveDateTime", "effectivePeriod"}
    ),
    "MedicationDispense": frozenset(
        {"id", "subject", "whenPrepared", "whenHandedOver", "daysSupply"}
    ),
    "Medication": frozenset({"id"}),
    "Procedure": frozenset({"id", "subject", "performedDateTime", "performedPeriod"}),
    # Element types, for the varying elements of these types (`templated`): a
    # lab's value differs in its number, not its unit; a dosage in its timing and amounts, not
    # the text that names its drug or its route.
    "Quantity": frozenset({"value"}),
    "Dosage": frozenset({"timing", "doseAndRate", "maxDosePerPeriod", "maxDosePerAdministration"}),
}


Validator = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class Split:
    """A projection's (or an element's) template key and its varying elements."""

    key: bytes
    varying: dict[str, Any]


def split(kind: str, projection: Mapping[str, Any]) -> Split | None:
    """The template key and varying elements of a cleaned projection of a resource type, or of
    an element of an element type (`kind`); None for a kind without varying elements, or
    content orjson cannot encode."""
    names = VARYING.get(kind)
    if names is None:
        return None
    varying: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    for name, value in projection.items():
        (varying if name in names else rest)[name] = value
    try:
        payload = orjson.dumps((kind, sorted(varying), rest), option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return None
    return Split(hashlib.blake2b(payload, digest_size=20).digest(), varying)


@memoize
def element_validator(resource_model: Any, element: str) -> Validator | None:
    """The validator `resource_model` applies to `element`: the field's annotation, with the
    model's config; None for a field with constraints or a discriminator of its own (which the
    annotation alone would miss)."""
    field = resource_model.model_fields[element]
    if field.metadata or field.discriminator is not None:
        return None
    adapter: TypeAdapter[Any] = TypeAdapter(field.annotation, config=resource_model.model_config)
    # The core validator itself: `TypeAdapter.validate_python` only forwards to it.
    validate: Validator = adapter.validator.validate_python
    return _memoized(validate) if _is_time(field.annotation) else validate


def _is_time(annotation: Any) -> bool:
    """Whether a field's type is a date, dateTime or instant (`Annotated[datetime, ...]`)."""
    if annotation in (datetime.date, datetime.datetime):
        return True
    return any(_is_time(argument) for argument in typing.get_args(annotation))


# Distinct strings per date element kept: a chart's few hundred days and times, or more.
_TIME_MEMO_LIMIT = 2_000


def _memoized(validate: Validator) -> Validator:
    """`validate`, memoised on the strings it is given. A chart repeats its dates: every lab of a
    draw was collected and issued at one time, every order of a cycle authored on one day. A
    date or time validator is a pure function of its string (fhir_core's patterns and pydantic's
    parser), and what it returns (a date, a datetime, or the string) is immutable, so models can
    share it."""
    memo: BoundedMemo[str, Any] = BoundedMemo("fhir_mapping.templates.times", _TIME_MEMO_LIMIT)

    def validate_memoized(value: Any) -> Any:
        if type(value) is not str:
            return validate(value)
        found = memo.get(value)
        return found if found is not None else memo.put(value, validate(value))

    return validate_memoized


@memoize
def _validators(resource_model: Any) -> dict[str, Validator]:
    elements = VARYING.get(resource_model.get_resource_type(), frozenset())
    found = {element: element_validator(resource_model, element) for element in elements}
    return {element: validator for element, validator in found.items() if validator is not None}


_ELEMENT_ERRORS = (ValueError, TypeError, KeyError, AttributeError, RecursionError)


# Why a filled copy equals the whole validation. Validating an R4B resource (fhir.resources 8,
# fhir_core 1.1) is:
# - the field validators, one per element present. None reads another field: no R4B model
#   declares a field validator, and fhir_core's types (primitives and the complex-type
#   wrappers) validate only their own input (their `ValidationInfo` is never read);
# - pydantic's model checks: `extra="forbid"` and required fields, which depend only on which
#   elements are present (the same names as the template's);
# - `FHIRAbstractModel.__init__`, which checks `resourceType` (part of the key);
# - fhir_core's model validators, the only model validators in R4B but
#   `FHIRPrimitiveExtension`'s (the type of the `_x` siblings of primitives, validated inside
#   their own field like any other): `reject_null_complex_elements` (before) rejects a null item
#   in a list of complex elements, and cleaning leaves no null anywhere;
#   `validate_after_model_construction` (after) checks required primitives and one-of-many
#   choices (`value[x]`, `effective[x]`), each by whether the element is None after validation
#   (or, for a required primitive, its `_x` sibling, which is never a varying element). `fill`
#   refuses an element that validates to None, so the non-None elements are those of the
#   template, which passed these checks.
# A field's validator is its annotation with the model's config; it would also need the field's
# constraints and discriminator, which no R4B field of the projections has (`element_validator`
# refuses such a field, and a test checks the whole table). A varying element that is a shared
# part (shared_parts.SHARED_PARTS: the subject, a treatment day's period) is already validated by
# its field's model and goes in as it is: given it, its field's validator returns it unchanged.
# Elements of some element types (a Quantity, a Dosage) are alike the same way, and the same
# argument holds for their models (fhir_core element models, validated by their own model inside
# the field's validator): such an element is made from the template of its kind (`templated`).
# Codes, statuses and reference ranges are never varying: they are what makes two alike.
def fill(
    template: Any,
    resource_model: Any,
    varying: Mapping[str, Any],
    parts: Mapping[str, Any] | None = None,
) -> Any | None:
    """A copy of `template` with `varying` validated in; None when an element does not validate
    on its own, or validates to None (see the comment above), or has no faithful validator.
    `parts` holds elements already validated as their field would validate them."""
    validators = _validators(resource_model)
    update: dict[str, Any] = {}
    for element, value in varying.items():
        if parts is not None and element in parts:
            update[element] = parts[element]
            continue
        validator = validators.get(element)
        if validator is None:
            return None
        try:
            validated = validator(value)
        except _ELEMENT_ERRORS:  # ValidationError is a ValueError
            return None
        if validated is None:
            return None
        update[element] = validated
    return copy_with(template, update)


_set = object.__setattr__


def copy_with(template: BaseModel, update: dict[str, Any]) -> Any:
    """`template.model_copy(update=update)` without pydantic's general path, for a model with no
    extra elements and no private attributes (every R4B model: `extra="forbid"`; another falls
    back to `model_copy`): a chart fills ~150 copies, and `model_copy`'s copies of the dict and
    of the extra and private slots through `copy` were ~5% of mapping. The same slots result:
    the template's values updated (in the same order), its fields set and the updated ones."""
    if (
        template.__pydantic_extra__ is not None
        or getattr(template, "__pydantic_private__", None) is not None
    ):
        return template.model_copy(update=update)
    cls = type(template)
    copied = cls.__new__(cls)
    _set(copied, "__dict__", {**template.__dict__, **update})
    _set(copied, "__pydantic_extra__", None)
    _set(copied, "__pydantic_fields_set__", template.__pydantic_fields_set__ | update.keys())
    _set(copied, "__pydantic_private__", None)
    return copied
