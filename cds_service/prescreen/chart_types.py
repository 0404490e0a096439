"""The resource types a patient's chart is made of: those the hook asks the EHR for (its
prefetch templates). Pre-screening reads the same ones from an export; its other types
(Encounter, Claim, ExplanationOfBenefit ... most of a real export's bytes) are read by neither,
and a change to them does not change a patient's result."""

from __future__ import annotations

import re

from cds_service.hooks.prefetch import prefetch_templates
from fhir_mapping import observation_codes


def chart_types() -> frozenset[str]:
    templates = prefetch_templates(observation_codes()).values()
    return frozenset(re.split(r"[/?]", template, maxsplit=1)[0] for template in templates)


CHART_TYPES = chart_types()
