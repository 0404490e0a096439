"""An answer about the catalog a hook call's fetching depends on ("does any trial ask for ...?"),
kept per catalog: a catalog is immutable and a refresh replaces it, so the criteria are walked
once after each refresh, not on every call."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from eligibility.catalog import Catalog
from eligibility.holder import CatalogHolder

T = TypeVar("T")


class CatalogAnswer(Generic[T]):
    def __init__(self, holder: CatalogHolder, answer: Callable[[Catalog], T]) -> None:
        self._holder = holder
        self._answer = answer
        self._lock = threading.Lock()
        self._answered: tuple[Catalog, T] | None = None

    def __call__(self) -> T:
        catalog = self._holder.catalog
        with self._lock:
            if self._answered is None or self._answered[0] is not catalog:
                self._answered = (catalog, self._answer(catalog))
            return self._answered[1]


__all__ = ["CatalogAnswer"]
