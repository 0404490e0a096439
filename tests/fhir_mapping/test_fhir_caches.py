"""The mapping's caches are registered, and clearing them changes no fact."""

from __future__ import annotations

import pytest

from eligibility.caches import registered
from fhir_mapping import build_facts
from tests.fhir_mapping.conftest import AS_OF
from tools.bench.charts import W1, chart_request


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
