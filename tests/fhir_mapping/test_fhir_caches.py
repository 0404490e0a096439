"""The mapping's caches are registered, and clearing them changes no fact."""

from __future__ import annotations

import pytest

from eligibility.caches import registered
from fhir_mapping import ValidationCache, build_facts
from tests.fhir_mapping.conftest import AS_OF
from tools.bench.charts import W1, chart_request
from tools.population.patients import POPULATION_AS_OF, population_chart


@pytest.mark.usefixtures("cold_caches")
def test_facts_are_the_same_cold_and_warm() -> None:
    request = chart_request(W1, 3)
    resources = list(request["prefetch"].values())
    patient_id = request["context"]["patientId"]
    cold = build_facts(resources, patient_id=patient_id, as_of=AS_OF)
    warm = build_facts(resources, patient_id=patient_id, as_of=AS_OF)
    assert warm.facts == cold.facts
    assert warm.warnings == cold.warnings
    assert warm.cached > 0
    names = set(registered())
    assert {
        "fhir_mapping.validation.models",
        "fhir_mapping.validation.parts",
        "fhir_mapping.validation.templates",
        "fhir_mapping.elements.concepts_of",
        "fhir_mapping.selection.names_a_drug",
        "fhir_mapping.terminology.cancer_concepts",
    } <= names


def test_without_a_content_cache_the_facts_are_the_same_and_templates_still_fill() -> None:
    # A one-pass run (pre-screening: every chart seen once) may keep no validated models: no
    # chart repeats another's content, and a kept model outlives its chart into the collector's
    # oldest generation. Templates and shared parts must not depend on the content cache.
    one_pass = ValidationCache(maxsize=0)
    default = ValidationCache()
    templated = 0
    for number in range(1, 13):
        chart = population_chart(number, 20261204)
        got = build_facts(
            chart.resources, patient_id=chart.pid, as_of=POPULATION_AS_OF, cache=one_pass
        )
        want = build_facts(
            chart.resources, patient_id=chart.pid, as_of=POPULATION_AS_OF, cache=default
        )
        assert got.facts == want.facts
        assert got.warnings == want.warnings
        assert (got.validated, got.cached, got.seen) == (want.validated + want.cached, 0, want.seen)
        templated += got.templated
    assert len(one_pass) == 0
    assert templated > 500
