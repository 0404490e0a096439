"""The re-opened chart cache: same chart, same catalog -> the same facts and matches again."""

from __future__ import annotations

from datetime import date
from typing import Any

from cds_service.hooks.chart_cache import Chart, ChartCache
from eligibility.catalog import load_curated_catalog
from eligibility.matching import Matcher
from eligibility.results import Verdict
from fhir_mapping import build_facts

PATIENT: dict[str, Any] = {"resourceType": "Patient", "id": "p1", "gender": "male"}
DAY = date(2026, 11, 1)


def test_key_changes_with_any_input() -> None:
    resources = [PATIENT]
    key = ChartCache.key(resources, "p1", DAY, Verdict.POSSIBLY_ELIGIBLE)
    assert key == ChartCache.key([dict(PATIENT)], "p1", DAY, Verdict.POSSIBLY_ELIGIBLE)
    changed = [{**PATIENT, "gender": "female"}]
    assert key != ChartCache.key(changed, "p1", DAY, Verdict.POSSIBLY_ELIGIBLE)
    assert key != ChartCache.key(resources, "p2", DAY, Verdict.POSSIBLY_ELIGIBLE)
    assert key != ChartCache.key(resources, "p1", date(2026, 11, 2), Verdict.POSSIBLY_ELIGIBLE)
    assert key != ChartCache.key(resources, "p1", DAY, Verdict.ELIGIBLE)


def test_a_replaced_catalog_is_a_miss_and_the_bound_holds() -> None:
    catalog = load_curated_catalog()
    matcher = Matcher(catalog)
    mapping = build_facts([PATIENT], patient_id="p1", as_of=DAY)
    chart = Chart(mapping, matcher.rank(mapping.facts))
    cache = ChartCache(maxsize=2)
    cache.put(b"k", matcher, chart)
    assert cache.get(b"k", matcher) is chart
    assert cache.get(b"k", Matcher(catalog)) is None  # another matcher: computed again
    assert cache.get(b"k", matcher) is None  # and the stale entry is gone
    for key in (b"a", b"b", b"c"):
        cache.put(key, matcher, chart)
    assert len(cache) == 2
    assert cache.get(b"a", matcher) is None
