"""When a hook call needs the chart's DiagnosticReports: brain imaging conclusions decide only
whether treated brain metastases are stable (CNS-METASTASES), so they are fetched for a chart
that names brain metastases while a catalog trial asks for their stability. Everywhere else
the query would be spent on the hot path for nothing (docs/architecture.md, "Prefetch")."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from eligibility.catalog import Catalog
from eligibility.criteria import BrainMetastasesCriterion, walk
from eligibility.holder import CatalogHolder
from fhir_mapping.imaging_need import chart_names_brain_metastases

# The brain-metastasis criteria whose decision reads the imaging: "not active" and "treated and
# stable" ask whether the metastases are stable; "none" and "any" do not.
_READS_IMAGING = frozenset({"not_active", "treated_stable"})


def catalog_asks_stability(catalog: Catalog) -> bool:
    return any(
        type(c) is BrainMetastasesCriterion and c.allowed in _READS_IMAGING
        for trial in catalog
        for top in trial.criteria
        for c in walk(top)
    )


class ReportNeed:
    """The predicate for the `diagnosticReports` key. The catalog answer is kept per catalog
    (immutable; a refresh replaces it), so a call walks the criteria only after a refresh."""

    def __init__(self, holder: CatalogHolder) -> None:
        self._holder = holder
        self._lock = threading.Lock()
        self._answered: tuple[Catalog, bool] | None = None

    def __call__(self, resources: Sequence[Mapping[str, Any]]) -> bool:
        return self._catalog_asks() and chart_names_brain_metastases(resources)

    def _catalog_asks(self) -> bool:
        catalog = self._holder.catalog
        with self._lock:
            if self._answered is None or self._answered[0] is not catalog:
                self._answered = (catalog, catalog_asks_stability(catalog))
            return self._answered[1]


__all__ = ["ReportNeed", "catalog_asks_stability"]
