"""The bounded cache types, and the registry that lists every cache.

Memos on the hot path (terminology lookups, validated FHIR models, a catalog's reaches) hold
pure functions of their keys, bounded so a long-running service cannot grow without limit.
`BoundedLru` holds large values (validated models, charts, reaches) to an exact bound;
`BoundedMemo` holds small ones (a text's concepts, a yes or no) with a cheaper hit and up to
twice the bound.
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
_registry: dict[str, weakref.WeakSet[BoundedLru[Any, Any] | BoundedMemo[Any, Any]]] = {}
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


class BoundedMemo(Generic[K, V]):
    """A thread-safe memo of small values that keeps at least the `maxsize` most recently used
    entries, as a `BoundedLru` of `maxsize` would, and holds at most `2 * maxsize - 1`; values
    are never None (None is a miss). `maxsize=0` keeps nothing. No `pop`: a lock-free `get`
    could put back, from the old generation, an entry another thread had just taken out.

    Two generations instead of an exact recency order: new entries go to the young one; when
    it holds `maxsize` entries it becomes the old one and the old one is dropped; a hit in the
    old generation moves the entry to the young one. A hit is then one or two dict lookups,
    with no reordering and no lock: the mapper's memos are hit ~1,000 times a chart, and
    `BoundedLru`'s reordering under a lock was a tenth of its time there (docs/performance.md)."""

    __slots__ = ("__weakref__", "_lock", "_older", "_young", "maxsize", "name")

    def __init__(self, name: str, maxsize: int) -> None:
        self.name = name
        self.maxsize = maxsize
        self._young: dict[K, V] = {}
        self._older: dict[K, V] = {}
        # Only writers lock: a reader sees one generation or the other, and a lookup that
        # misses while they change places is a miss, which a memo recomputes.
        self._lock = threading.Lock()
        with _registry_lock:
            _registry.setdefault(name, weakref.WeakSet()).add(self)

    def get(self, key: K) -> V | None:
        value = self._young.get(key)
        if value is None:
            value = self._older.get(key)
            if value is not None:
                self.put(key, value)
        return value

    def put(self, key: K, value: V) -> V:
        """Store `value` for `key` in the young generation and return it."""
        if self.maxsize <= 0:
            return value
        with self._lock:
            young = self._young
            young[key] = value
            self._older.pop(key, None)
            if len(young) >= self.maxsize:
                self._older = young
                self._young = {}
            return value

    def __contains__(self, key: K) -> bool:
        """Whether `key` is held, without counting as a use."""
        return key in self._young or key in self._older

    def __len__(self) -> int:
        return len(self._young) + len(self._older)

    def clear(self) -> None:
        with self._lock:
            self._young = {}
            self._older = {}


def registered() -> dict[str, tuple[BoundedLru[Any, Any] | BoundedMemo[Any, Any], ...]]:
    """The live caches by name."""
    with _registry_lock:
        found = {name: tuple(caches) for name, caches in _registry.items()}
    return {name: caches for name, caches in found.items() if caches}


def clear_caches() -> None:
    """Empty every live cache (tests that must start cold)."""
    for caches in registered().values():
        for cache in caches:
            cache.clear()
