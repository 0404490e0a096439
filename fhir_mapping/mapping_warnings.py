"""`MappingWarning`: what was skipped or ignored while mapping, and why.

A warning names the resource type, its id and the element path, and says what happened in
words; it never carries a value from the resource (values can be patient data, and warnings end
up in logs and in OperationOutcomes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_MAX_ID = 64


@dataclass(frozen=True, slots=True)
class MappingWarning:
    resource_type: str
    resource_id: str | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.resource_type}/{self.resource_id or '?'}"
        return f"{where} {self.path}: {self.message}"


class Warnings:
    """Collects warnings for one mapping run, at most one per (type, id, path, message)."""

    def __init__(self, limit: int = 500) -> None:
        self._items: dict[tuple[str, str | None, str, str], MappingWarning] = {}
        self._limit = limit

    def add(self, resource_type: str, resource_id: Any, path: str, message: str) -> None:
        ident = resource_id[:_MAX_ID] if isinstance(resource_id, str) else None
        key = (resource_type[:_MAX_ID], ident, path[:200], message)
        if key not in self._items and len(self._items) < self._limit:
            self._items[key] = MappingWarning(*key)

    def freeze(self) -> tuple[MappingWarning, ...]:
        return tuple(self._items.values())
