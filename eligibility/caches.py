"""`BoundedLru`, the one bounded cache type, and the registry that lists every cache.

Memos on the hot path (terminology lookups, validated FHIR models, a catalog's reaches) hold
pure functions of their keys, bounded so a long-running service cannot grow without limit.
Each cache registers itself by name on creation, so `registered()` shows what is cached where
and `clear_caches()` gives tests one way to start cold. It lives in eligibility, the lowest
layer, so every package may import it; it knows nothing of what it holds.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# Caches by name. Held weakly: a cache owned by an object (a catalog's bitmaps, a
# `ValidationCache`) goes with its owner; several live caches may share a name.
_registry: dict[str, weakref.WeakSet[BoundedLru[Any, Any]]] = {}
_registry_lock = threading.Lock()


class BoundedLru(Generic[K, V]):
    """A thread-safe least-recently-used map of at most `maxsize` entries; values are never None
    (None is a miss). `maxsize=0` keeps nothing."""

    __slots__ = ("__weakref__", "_acquire", "_items", "_release", "maxsize", "name")

    def __init__(self, name: str, maxsize: int) -> None:
        self.name = name
        self.maxsize = maxsize
        self._items: OrderedDict[K, V] = OrderedDict()
        # Locked: keys may hash and compare in Python (dataclasses), during which another
        # thread could reorder the OrderedDict under a lookup. Bound methods rather than
        # `with`: a hit is on the hot path, and this is measurably cheaper there.
        lock = threading.Lock()
        self._acquire = lock.acquire
        self._release = lock.release
        with _registry_lock:
            _registry.setdefault(name, weakref.WeakSet()).add(self)

    def get(self, key: K) -> V | None:
        self._acquire()
        try:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value
        finally:
            self._release()

    def put(self, key: K, value: V) -> V:
        """Store `value` for `key` (the most recent), evicting the least recent beyond the bound,
        and return it."""
        self._acquire()
        try:
            items = self._items
            items[key] = value
            items.move_to_end(key)
            while len(items) > self.maxsize:
                items.popitem(last=False)
            return value
        finally:
            self._release()

    def pop(self, key: K) -> V | None:
        """Remove `key`'s entry (an entry found stale) and return its value, or None."""
        self._acquire()
        try:
            return self._items.pop(key, None)
        finally:
            self._release()

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._acquire()
        try:
            self._items.clear()
        finally:
            self._release()


def registered() -> dict[str, tuple[BoundedLru[Any, Any], ...]]:
    """The live caches by name."""
    with _registry_lock:
        found = {name: tuple(caches) for name, caches in _registry.items()}
    return {name: caches for name, caches in found.items() if caches}


def clear_caches() -> None:
    """Empty every live cache (tests that must start cold)."""
    for caches in registered().values():
        for cache in caches:
            cache.clear()
