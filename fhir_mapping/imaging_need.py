"""Whether a chart may need its brain imaging reports, read from the raw resources before
mapping (CNS-METASTASES; the service fetches DiagnosticReports only then).

Deliberately broad and cheap: any Condition whose code or name the comorbidity table reads as
brain metastases, whatever its status. A chart wrongly taken to need them costs one query; one
wrongly taken not to leaves the stability of its brain metastases unknown, never met or not met.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from eligibility.vocabulary import Comorbidity
from fhir_mapping.elements import coded
from fhir_mapping.selection import flatten
from fhir_mapping.terminology import comorbidity_table, observation_table

_BRAIN_METASTASES = Comorbidity.BRAIN_METASTASES.value


def chart_names_brain_metastases(resources: Iterable[Mapping[str, Any]]) -> bool:
    table = comorbidity_table()
    for resource, _ in flatten(list(resources)):
        if resource.get("resourceType") != "Condition":
            continue
        if _BRAIN_METASTASES in table.concepts(coded(resource.get("code"))):
            return True
    return False


def brain_imaging_codes() -> frozenset[str]:
    """`system|code` tokens of the brain imaging the mapper reads by code (most reports are
    recognised by their name, which no query can ask for)."""
    return frozenset(
        f"{row.system}|{row.code}"
        for row in observation_table().rows
        if row.match == "exact" and row.concept == "imaging:brain"
    )


__all__ = ["brain_imaging_codes", "chart_names_brain_metastases"]
