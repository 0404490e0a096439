"""`BoundedMemo`: values computed once per key, for lookups a chart repeats hundreds of times.

Terminology lookups (a code's concepts, the drugs a text names) are pure functions of their key,
and a chart repeats the same few codes (vitals, one lab panel, a regimen's drugs) again and again.
The memo is emptied when it reaches its limit: the keys in use recur within a call, so the next
calls refill it with what they need, and no cleverer eviction is worth its cost on a hot path.
Not locked: two threads racing store equal values, and clearing loses nothing but work.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

DEFAULT_LIMIT = 50_000


class BoundedMemo(Generic[K, V]):
    __slots__ = ("_limit", "_values")

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self._limit = limit
        self._values: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        """The value stored for `key`, or None (values are never None)."""
        return self._values.get(key)

    def put(self, key: K, value: V) -> V:
        """Store `value` for `key` and return it."""
        if len(self._values) >= self._limit:
            self._values.clear()
        self._values[key] = value
        return value

    def __len__(self) -> int:
        return len(self._values)
