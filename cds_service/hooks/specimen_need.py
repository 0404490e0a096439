"""When a hook call fetches Specimens, and which (VAL-LAB-PANEL). A creatinine, bilirubin or
haemoglobin result may say it is urine only through its `specimen`, a Specimen no prefetch
template asks for: read without it, the result's sample is unknown, and so is the newest result
of its analyte (fhir_mapping/measurements.py). So, after the prefetch (and the reports), the
Specimens the chart's results refer to and it does not hold are fetched from the EHR, with the
call's token — only when a catalog trial asks for one of those analytes and a result refers to
such a Specimen: a chart whose results name no Specimen costs no query (docs/architecture.md,
"Prefetch").

No template: an EHR answering `Specimen?patient=` would send every sample of the patient (one a
draw, thousands in a long chart) with every call, for the few calls that need one; and the
Specimens a chart's results refer to are no query of the recommended prefetch subset.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cds_service.hooks.catalog_answer import CatalogAnswer
from eligibility.catalog import Catalog
from eligibility.criteria import LabCriterion
from eligibility.holder import CatalogHolder
from fhir_mapping import unheld_specimens
from fhir_mapping.measurements import MEASURED_ON_URINE_TOO

SPECIMENS_KEY = "specimens"
# The types the hook reads beyond its templates' (pre-screening reads them from an export too).
REFERENCED_TYPES = frozenset({"Specimen"})
# Ids per `Specimen?_id=` query: a URL of a few kilobytes, which every server takes.
IDS_PER_QUERY = 50
# Past this many queries, one search by patient (paged by the fetcher) costs less.
MAX_ID_QUERIES = 4


def specimen_queries(ids: Sequence[str], patient_id: str) -> tuple[str, ...]:
    """The bounded queries that bring the patient's Specimens `ids`: `_id` lists (a token "OR",
    run together), or for very many the patient's Specimens."""
    if not ids:
        return ()
    chunks = [ids[i : i + IDS_PER_QUERY] for i in range(0, len(ids), IDS_PER_QUERY)]
    if len(chunks) > MAX_ID_QUERIES:
        return (f"Specimen?patient={patient_id}",)
    # By patient too: a Specimen of someone else, which a result should never refer to, is not
    # brought into the chart (the mapper would read the chart as holding another patient).
    return tuple(f"Specimen?_id={','.join(chunk)}&patient={patient_id}" for chunk in chunks)


def catalog_reads_urine_analytes(catalog: Catalog) -> bool:
    """Whether a trial asks for an analyte a laboratory measures on urine too."""
    return any(
        type(c) is LabCriterion and c.analyte in MEASURED_ON_URINE_TOO for c in catalog.criteria()
    )


class SpecimenNeed:
    """The queries for the Specimens a call needs; the catalog's answer is kept per catalog
    (`CatalogAnswer`)."""

    def __init__(self, holder: CatalogHolder) -> None:
        self._catalog_asks = CatalogAnswer(holder, catalog_reads_urine_analytes)

    def __call__(self, resources: Sequence[Mapping[str, Any]], patient_id: str) -> tuple[str, ...]:
        if not self._catalog_asks():
            return ()
        return specimen_queries(unheld_specimens(resources), patient_id)


__all__ = [
    "REFERENCED_TYPES",
    "SPECIMENS_KEY",
    "SpecimenNeed",
    "catalog_reads_urine_analytes",
    "specimen_queries",
]
