"""Whether a chart may need its DiagnosticReports, read from the raw resources before mapping
(the service fetches them only then).

Four readings come from reports: the stability of brain metastases in brain imaging
(CNS-METASTASES), brain metastases a brain imaging conclusion names with no diagnosis entered
(CNS-EHR; asked of a chart that names a cancer), progression written in an imaging or
response-evaluation conclusion (LOT-PROGRESSION), which decides whether therapy after it
continues a line or starts one, and a site seen "after radiotherapy" or an injury of
radiotherapy named (RT-IN-REPORT).
Deliberately broad and cheap: any Condition that names brain metastases (codes or words),
whatever its status; any medication record or chemotherapy Procedure; any Condition that names
a cancer. A chart wrongly taken to
need them costs one query; one wrongly taken not to leaves the stability of its brain
metastases unknown, or a progression unseen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fhir_mapping.elements import coded
from fhir_mapping.selection import MEDICATION_TYPES, flatten
from fhir_mapping.terminology import (
    cancer_concepts,
    chemotherapy_procedure_table,
    names_brain_metastases,
    tumour_concepts,
)


def chart_names_brain_metastases(resources: Iterable[Mapping[str, Any]]) -> bool:
    for resource, _ in flatten(list(resources)):
        if resource.get("resourceType") != "Condition":
            continue
        if names_brain_metastases(coded(resource.get("code"))):
            return True
    return False


def chart_records_therapy(resources: Iterable[Mapping[str, Any]]) -> bool:
    """Whether the chart holds a medication record or a chemotherapy Procedure: lines that a
    progression in a report may split."""
    table = chemotherapy_procedure_table()
    for resource, _ in flatten(list(resources)):
        kind = resource.get("resourceType")
        if kind in MEDICATION_TYPES:
            return True
        if kind == "Procedure" and table.concepts(coded(resource.get("code"))):
            return True
    return False


def chart_names_a_cancer(resources: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a Condition names a cancer (codes or words, whatever its status): a chart whose
    reports may be the only record of radiotherapy given for it."""
    for resource, _ in flatten(list(resources)):
        if resource.get("resourceType") != "Condition":
            continue
        concept = coded(resource.get("code"))
        # DX-PLACE: an organ's tumour may be a chart's only cancer ("Nasopharyngeal tumor").
        if cancer_concepts(concept) or tumour_concepts(concept):
            return True
    return False


__all__ = ["chart_names_a_cancer", "chart_names_brain_metastases", "chart_records_therapy"]
