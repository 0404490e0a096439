"""Cleaning and validating the selected resources with the fhir.resources R4B models.

Each resource is validated on its own: one bad entry is skipped with a warning naming its type,
id and the element path of the first error (never the value), and never fails the request.
Everything a bad entry can raise is caught: fhir.resources raises `KeyError`/`ValueError` for an
unknown resourceType, pydantic raises `ValidationError`, odd shapes raise `TypeError`, and deeply
nested input can raise `RecursionError`.

Before validating we clean up what real EHRs send and R4 forbids:
- `null` values and nulls inside arrays, empty strings, empty arrays and objects are dropped;
- a dateTime with a time but no timezone gets `Z`: only its calendar date is used (see
  chronology), so the assumed offset cannot change a fact.
Most received resources need none of this: when the bytes of a projection (dumped for its cache
key anyway) show nothing to clean, it is used as it is (`cleaned_with_key`).

Validated projections are cached by content hash (orjson with sorted keys, BLAKE2b) in a bounded
LRU, so a chart opened again is not validated again. The cache holds projections only (the
elements the mapper reads), never whole resources.

Within a chart the same coded elements recur: forty MedicationRequests name the same drug, a
hundred Observations the same LOINC code and the same subject. Those elements (`SHARED_PARTS`)
are validated once and the validated part is handed to the resource's validation (fhir.resources
accepts an instance of the element's model as it is). A part is validated by the same model as
inside its resource, so the result is the same; if a part fails, the whole projection is
validated as before, so the warning (its element path) is the same too.

A projection not in the cache is first tried against a template: an earlier validated model of
its kind, the same but for the elements that vary from resource to resource (ids, the subject,
dates, values). Then only those elements are validated, each by its field's validator, into a
copy of the template (see `templates`, which says why the result is the same). Without a
template, or when a varying element fails on its own, the projection is validated whole as
described above, and its model becomes the template of its kind.

Counts (`ParseCounter`): `validated` counts the projections validated in a call, whole or into
a template (`templated` of them); `cached` those whose model came from the content cache.

A `Deferred` resource is validated only when a reader asks for it (the newest-value readers:
labs, QTc, biomarkers; see observations). A resource that is never validated produces no
warning, even if it is invalid, and is counted in neither `validated` nor `cached`.
"""

from __future__ import annotations

import hashlib
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache as memoize
from typing import Any

import orjson
from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from eligibility.caches import BoundedLru
from fhir_mapping import templates
from fhir_mapping.mapping_warnings import Warnings
from fhir_mapping.selection import project

_LOCAL_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_MAX_DEPTH = 64


class _TooDeepError(ValueError):
    pass


def clean(value: Any, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH:
        raise _TooDeepError("nested too deeply")
    # Exact JSON types first (the common case, without the slower ABC check for Mapping).
    kind = type(value)
    if kind is str:
        return _clean_text(value)
    if kind is dict or (kind is not list and isinstance(value, Mapping)):
        cleaned = {}
        for key, item in value.items():
            item = clean(item, depth + 1)
            if item is not None:
                cleaned[key] = item
        return cleaned or None
    if isinstance(value, list):
        cleaned_list = [c for c in (clean(item, depth + 1) for item in value) if c is not None]
        return cleaned_list or None
    if isinstance(value, str):
        return _clean_text(value)
    return value


def _clean_text(value: str) -> str | None:
    if not value.strip():
        return None
    # A local dateTime is at least "YYYY-MM-DDThh:mm" (16 characters, "T" at index 10).
    if len(value) >= 16 and value[10] == "T" and _LOCAL_DATETIME.match(value):
        return value + (":00Z" if value.count(":") == 1 else "Z")
    return value


class ValidationCache:
    """Bounded LRUs of validated models keyed by the hash of their projection, of validated
    shared parts, and of templates (see `templates`).

    `templates_maxsize=0` turns templates off (every miss is validated whole; for tests).
    """

    def __init__(
        self, maxsize: int = 20_000, parts_maxsize: int = 2_000, templates_maxsize: int = 1_000
    ) -> None:
        self._models: BoundedLru[bytes, Any] = BoundedLru("fhir_mapping.validation.models", maxsize)
        # Validated shared parts (see SHARED_PARTS), keyed by element type and content.
        self._parts: BoundedLru[tuple[str, bytes], Any] = BoundedLru(
            "fhir_mapping.validation.parts", parts_maxsize
        )
        # Models by template key (of resources, and of elements such as a Quantity). What makes
        # them alike (a code, a drug, a unit) recurs across the charts of an EHR: a few hundred
        # kinds cover most charts (~90 for the bench's, ~210 with the real data and the test
        # bundles too). A template is a model of the content cache too while both hold it, so
        # it costs little memory of its own.
        self._templates: BoundedLru[bytes, Any] = BoundedLru(
            "fhir_mapping.validation.templates", templates_maxsize
        )

    @property
    def maxsize(self) -> int:
        return self._models.maxsize

    @property
    def parts_maxsize(self) -> int:
        return self._parts.maxsize

    @property
    def templates_maxsize(self) -> int:
        return self._templates.maxsize

    def get(self, key: bytes) -> Any | None:
        return self._models.get(key)

    def put(self, key: bytes, model: Any) -> None:
        self._models.put(key, model)

    def get_part(self, key: tuple[str, bytes]) -> Any | None:
        return self._parts.get(key)

    def put_part(self, key: tuple[str, bytes], part: Any) -> None:
        self._parts.put(key, part)

    def get_template(self, key: bytes) -> Any | None:
        return self._templates.get(key)

    def put_template(self, key: bytes, model: Any) -> None:
        self._templates.put(key, model)

    def __len__(self) -> int:
        return len(self._models)

    def __bool__(self) -> bool:
        # An empty cache is still a cache: `cache or default` must not replace it.
        return True

    def clear(self) -> None:
        self._models.clear()
        self._parts.clear()
        self._templates.clear()


DEFAULT_CACHE = ValidationCache()


@dataclass(frozen=True, slots=True)
class Parsed:
    """A validated projection and the reference facts cite it by."""

    reference: str
    model: Any


@dataclass
class ParseCounter:
    """`validated`: projections validated in this call (whole, or their varying elements into a
    template); `templated`: how many of those were made from a template; `cached`: projections
    whose validated model came from the content cache (not validated at all)."""

    validated: int = 0
    cached: int = 0
    templated: int = 0


def _content_key(projection: Mapping[str, Any]) -> bytes | None:
    try:
        payload = orjson.dumps(projection, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return None
    return hashlib.blake2b(payload, digest_size=20).digest()


# What `clean` would change, seen in the orjson bytes of a projection (compact, keys sorted, no
# whitespace between tokens; control characters escaped, other characters as UTF-8). It may
# match more than `clean` changes (a "null" inside a text, a key that starts with a space): then
# the projection is simply cleaned. It must never miss a change:
# - a null (a value or a list item), an empty array or object;
# - an empty string, or a whitespace-only one: its opening quote is followed by a quote, or by
#   one of the encodings below (every character `str.strip` removes; the test checks all of
#   them) -- a closing quote is followed by `:`, `,`, `}` or `]`, never these;
# - a local dateTime (`_LOCAL_DATETIME`, whose `$` also allows one trailing newline): a "T",
#   digits (`\d` is any Unicode digit: ASCII, or UTF-8 bytes >= 0x80), ":", digits, an optional
#   ":" seconds and "." fraction, an optional "\n", and the closing quote.
# Searched as literals and two patterns that each start with one byte, not as one alternation:
# the regex engine then jumps between candidate bytes instead of trying every position (~4% of
# `build_facts` on a W1 chart).
_QUOTED_BLANK = re.compile(
    rb'"(?:"|[ ]|\\[tnfr]|\\u00(?:0b|1[c-f])|\xc2[\x85\xa0]|\xe1\x9a\x80'
    rb"|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80)"
)
_LOCAL_TIME = re.compile(
    rb'T[0-9\x80-\xff]+:[0-9\x80-\xff]+(?::[0-9\x80-\xff]+(?:\.[0-9\x80-\xff]+)?)?(?:\\n)?"'
)


def _needs_cleaning(payload: bytes) -> bool:
    return (
        b"null" in payload
        or b"[]" in payload
        or b"{}" in payload
        or _QUOTED_BLANK.search(payload) is not None
        or _LOCAL_TIME.search(payload) is not None
    )


def cleaned_with_key(projection: dict[str, Any]) -> tuple[Any, bytes | None]:
    """`clean(projection)` and its content key (`_content_key`), without cleaning when nothing
    would change: most received resources need no cleaning, and the bytes are needed for the
    key anyway. The result is exactly that of cleaning first: the same key, an equal projection.
    """
    try:
        payload = orjson.dumps(projection, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        payload = None  # e.g. a Mapping that is not a dict: cleaning makes it one
    # `clean` rejects a value nested deeper than _MAX_DEPTH: it sits inside more containers than
    # that, each opened by a "[" or "{" (counted with the ones inside strings: more, never fewer).
    if (
        payload is not None
        and payload.count(b"[") + payload.count(b"{") <= _MAX_DEPTH
        and not _needs_cleaning(payload)
    ):
        return projection, hashlib.blake2b(payload, digest_size=20).digest()
    cleaned = clean(projection)
    if not isinstance(cleaned, dict):
        return cleaned, None
    return cleaned, _content_key(cleaned)


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
def _part_model(resource_model: Any, element: str) -> tuple[Any | None, bool]:
    """The model class of a complex element (or of a list's items) of `resource_model`, and
    whether the element is a list."""
    field = resource_model.model_fields.get(element)
    if field is None:
        return None, False
    return _model_in(field.annotation), _is_list(field.annotation)


class _PartInvalidError(Exception):
    pass


def _shared_part(part_model: Any, value: dict[str, Any], cache: ValidationCache) -> Any:
    key = (part_model.__name__, orjson.dumps(value, option=orjson.OPT_SORT_KEYS))
    part = cache.get_part(key)
    if part is None:
        try:
            part = part_model.model_validate(value)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            raise _PartInvalidError from None  # ValidationError is a ValueError
        cache.put_part(key, part)
    return part


def _with_shared_parts(
    projection: dict[str, Any], resource_model: Any, cache: ValidationCache
) -> dict[str, Any] | None:
    """The projection with its shared parts replaced by validated models (cached by content);
    None when a part does not validate (the caller then validates the projection as it is)."""
    replaced: dict[str, Any] | None = None
    for element in SHARED_PARTS.intersection(projection):
        value = projection[element]
        if isinstance(value, list):
            if not value or not all(isinstance(item, dict) for item in value):
                continue
        elif not isinstance(value, dict):
            continue
        part_model, is_list = _part_model(resource_model, element)
        if part_model is None or is_list != isinstance(value, list):
            continue  # a shape the model does not expect: left to the whole validation
        try:
            if isinstance(value, list):
                shared: Any = [_shared_part(part_model, item, cache) for item in value]
            else:
                shared = _shared_part(part_model, value, cache)
        except _PartInvalidError:
            return None
        if replaced is None:
            replaced = dict(projection)
        replaced[element] = shared
    for element in SHARED_ITEM_PARTS.keys() & projection.keys():
        try:
            shared_items = _with_shared_item_parts(
                projection[element], resource_model, element, cache
            )
        except _PartInvalidError:
            return None
        if shared_items is not None:
            if replaced is None:
                replaced = dict(projection)
            replaced[element] = shared_items
    return replaced if replaced is not None else projection


def _with_shared_item_parts(
    value: Any, resource_model: Any, element: str, cache: ValidationCache
) -> list[Any] | None:
    """The items of a list element with their shared parts (`SHARED_ITEM_PARTS`) replaced by
    validated models; None when there is nothing to replace or a shape the models do not expect
    (left to the whole validation). Raises `_PartInvalidError` when a part does not validate."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        return None
    item_model, is_list = _part_model(resource_model, element)
    if item_model is None or not is_list:
        return None
    shared_items: list[Any] = []
    changed = False
    for item in value:
        shared_item = item
        for inner in SHARED_ITEM_PARTS[element]:
            inner_value = item.get(inner)
            inner_model, inner_is_list = _part_model(item_model, inner)
            if not isinstance(inner_value, dict) or inner_model is None or inner_is_list:
                continue
            if shared_item is item:
                shared_item = dict(item)
            shared_item[inner] = _shared_part(inner_model, inner_value, cache)
            changed = True
        shared_items.append(shared_item)
    return shared_items if changed else None


def _error_path(error: ValidationError) -> tuple[str, str]:
    details = error.errors(include_url=False, include_input=False)
    if not details:
        return "", "invalid"
    first = details[0]
    path = ".".join(str(part) for part in first.get("loc", ()))
    return path, f"invalid ({first.get('type', 'error')}); resource skipped"


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
) -> Parsed | None:
    """The validated projection of `resource`, or None with a warning."""
    resource_type = str(resource.get("resourceType"))
    resource_id = resource.get("id")
    reference = reference_of_resource(resource, index)
    try:
        projection, key = cleaned_with_key(project(resource))
        if not isinstance(projection, dict):
            raise ValueError("empty resource")
        if key is not None:
            model = cache.get(key)
            if model is not None:
                counter.cached += 1
                return Parsed(reference, model)
        counter.validated += 1
        resource_model = get_fhir_model_class(resource_type)
        alike = None
        if key is not None and cache.templates_maxsize:
            alike = templates.split(resource_type, projection)
            model = None if alike is None else _from_template(alike, resource_model, cache)
            if model is not None:
                counter.templated += 1
                cache.put(key, model)
                return Parsed(reference, model)
        with_parts = _with_shared_parts(projection, resource_model, cache)
        try:
            model = resource_model.model_validate(projection if with_parts is None else with_parts)
        except ValidationError:
            if with_parts is None or with_parts is projection:
                raise
            # Validated again as received, so the warning is exactly the one without parts.
            model = resource_model.model_validate(projection)
    except ValidationError as error:
        path, message = _error_path(error)
        warnings.add(resource_type, resource_id, path, message)
        return None
    except _TooDeepError:
        warnings.add(resource_type, resource_id, "", "nested too deeply; resource skipped")
        return None
    except (KeyError, ValueError, TypeError, AttributeError, RecursionError) as error:
        warnings.add(
            resource_type, resource_id, "", f"unreadable ({type(error).__name__}); resource skipped"
        )
        return None
    if key is not None:
        cache.put(key, model)
    if alike is not None:
        cache.put_template(alike.key, model)
    return Parsed(reference, model)


def _from_template(alike: templates.Split, resource_model: Any, cache: ValidationCache) -> Any:
    """The model of a projection made from the template of its kind (see `templates`); None when
    there is none yet, or a varying element does not validate on its own."""
    template = cache.get_template(alike.key)
    if template is None:
        return None
    varying = _with_shared_parts(alike.varying, resource_model, cache)
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
    except _PartInvalidError:
        return None
    return templates.fill(template, resource_model, varying, parts)


def _templated_parts(
    varying: dict[str, Any], resource_model: Any, cache: ValidationCache
) -> dict[str, Any]:
    """`varying` with its elements (or their items) of an element type that has templates of its
    own (`templates.VARYING`: a Quantity, a Dosage) made from those. Raises `_PartInvalidError`
    when one does not validate."""
    replaced: dict[str, Any] | None = None
    for element, value in varying.items():
        part_model, is_list = _part_model(resource_model, element)
        if part_model is None or part_model.get_resource_type() not in templates.VARYING:
            continue
        if is_list and isinstance(value, list) and all(isinstance(i, dict) for i in value):
            made: Any = [_templated_part(part_model, item, cache) for item in value]
        elif not is_list and isinstance(value, dict):
            made = _templated_part(part_model, value, cache)
        else:
            continue  # a shape the model does not expect: left to the element's validator
        if replaced is None:
            replaced = dict(varying)
        replaced[element] = made
    return varying if replaced is None else replaced


def _templated_part(part_model: Any, value: dict[str, Any], cache: ValidationCache) -> Any:
    """An element validated as `part_model` validates it: from the template of its kind when
    there is one, else whole (and then it becomes the template)."""
    alike = templates.split(part_model.get_resource_type(), value)
    template = None if alike is None else cache.get_template(alike.key)
    if alike is not None and template is not None:
        part = templates.fill(template, part_model, alike.varying)
        if part is None:
            raise _PartInvalidError
        return part
    try:
        part = part_model.model_validate(value)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        raise _PartInvalidError from None  # ValidationError is a ValueError
    if alike is not None:
        cache.put_template(alike.key, part)
    return part


class Deferred:
    """A selected resource that is validated only if and when a reader needs it.

    Readers that keep only the newest usable value (labs, QTc, biomarkers) order their
    candidates on the received JSON (see observations) and validate one at a time, newest first,
    until one gives a value; older ones are never validated (so they produce no warning and count
    in neither `validated` nor `cached`). The outcome, a model or None when the resource is
    invalid (with its warning, as from `parse`), is kept, so a resource is validated at most once
    per call.
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
