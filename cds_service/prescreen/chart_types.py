"""The resource types a patient's chart is made of: those the hook asks the EHR for (its
prefetch templates, and the Specimens it fetches for the laboratory results that refer to them,
VAL-LAB-PANEL). Pre-screening reads the same ones from an export; its other types (Encounter,
Claim, ExplanationOfBenefit ... most of a real export's bytes) are read by neither, and a change
to them does not change a patient's result."""

from __future__ import annotations

import re

from cds_service.hooks.prefetch import prefetch_templates
from cds_service.hooks.specimen_need import REFERENCED_TYPES
from fhir_mapping import observation_codes


def chart_types() -> frozenset[str]:
    templates = prefetch_templates(observation_codes()).values()
    asked = frozenset(re.split(r"[/?]", template, maxsplit=1)[0] for template in templates)
    return asked | REFERENCED_TYPES


CHART_TYPES = chart_types()
