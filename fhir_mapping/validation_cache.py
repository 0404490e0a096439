"""`ValidationCache`: validated models kept across calls, so a chart opened again is not
validated again.

Three bounded LRUs (see `eligibility.caches`): models by the content key of their projection
(`cleaning.content_key`), validated shared parts (see `shared_parts`), and templates (see
`templates`). It holds projections only (the elements the mapper reads), never whole resources.
"""

from __future__ import annotations

from typing import Any

from eligibility.caches import BoundedLru


class ValidationCache:
    """`templates_maxsize=0` turns templates off (every miss is validated whole; for tests)."""

    def __init__(
        self, maxsize: int = 20_000, parts_maxsize: int = 2_000, templates_maxsize: int = 1_000
    ) -> None:
        self._models: BoundedLru[bytes, Any] = BoundedLru("fhir_mapping.validation.models", maxsize)
        # Validated shared parts, keyed by element type and content.
        self._parts: BoundedLru[tuple[str, bytes], Any] = BoundedLru(
            "fhir_mapping.validation.parts", parts_maxsize
        )
        # Models by template key (of resources, and of elements such as a Quantity). What makes
        # them alike (a code, a drug, a unit) recurs across the charts of an EHR: a few hundred
        # kinds cover most charts. A template is a model of the content cache too while both
        # hold it, so it costs little memory of its own.
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
