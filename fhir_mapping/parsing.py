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

Validated projections are cached by content hash (orjson with sorted keys, BLAKE2b) in a bounded
LRU, so a chart opened again is not validated again. The cache holds projections only (the
elements the mapper reads), never whole resources.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from fhir_mapping.mapping_warnings import Warnings
from fhir_mapping.selection import project

_LOCAL_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_MAX_DEPTH = 64


class _TooDeepError(ValueError):
    pass


def clean(value: Any, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH:
        raise _TooDeepError("nested too deeply")
    if isinstance(value, Mapping):
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
        if not value.strip():
            return None
        if _LOCAL_DATETIME.match(value):
            return value + (":00Z" if value.count(":") == 1 else "Z")
        return value
    return value


class ValidationCache:
    """A thread-safe bounded LRU of validated models keyed by the hash of their projection."""

    def __init__(self, maxsize: int = 20_000) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[bytes, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> Any | None:
        with self._lock:
            model = self._items.get(key)
            if model is not None:
                self._items.move_to_end(key)
            return model

    def put(self, key: bytes, model: Any) -> None:
        with self._lock:
            self._items[key] = model
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        # An empty cache is still a cache: `cache or default` must not replace it.
        return True

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


DEFAULT_CACHE = ValidationCache()


@dataclass(frozen=True, slots=True)
class Parsed:
    """A validated projection and the reference facts cite it by."""

    reference: str
    model: Any


@dataclass
class ParseCounter:
    validated: int = 0
    cached: int = 0


def _content_key(projection: Mapping[str, Any]) -> bytes | None:
    try:
        payload = orjson.dumps(projection, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return None
    return hashlib.blake2b(payload, digest_size=20).digest()


def _error_path(error: ValidationError) -> tuple[str, str]:
    details = error.errors(include_url=False, include_input=False)
    if not details:
        return "", "invalid"
    first = details[0]
    path = ".".join(str(part) for part in first.get("loc", ()))
    return path, f"invalid ({first.get('type', 'error')}); resource skipped"


def parse(
    resource: Mapping[str, Any],
    index: int,
    cache: ValidationCache,
    counter: ParseCounter,
    warnings: Warnings,
) -> Parsed | None:
    resource_type = str(resource.get("resourceType"))
    resource_id = resource.get("id")
    reference = (
        f"{resource_type}/{resource_id}"
        if isinstance(resource_id, str)
        else f"{resource_type}/#{index}"
    )
    try:
        projection = clean(project(resource))
        if not isinstance(projection, dict):
            raise ValueError("empty resource")
        key = _content_key(projection)
        if key is not None:
            model = cache.get(key)
            if model is not None:
                counter.cached += 1
                return Parsed(reference, model)
        counter.validated += 1
        model = get_fhir_model_class(resource_type).model_validate(projection)
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
    return Parsed(reference, model)
