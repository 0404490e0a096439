"""When a hook call needs the chart's DiagnosticReports. Three decisions read them: whether
treated brain metastases are stable (CNS-METASTASES: a brain imaging conclusion), where one
line of therapy ends and the next begins (LOT-PROGRESSION: "疗效评价：PD" in a CT report), and
whether a site was irradiated (RT-IN-REPORT: "鼻咽癌放疗后改变" or "双侧颞叶放射性脑病" in an MRI
conclusion); and whether there are brain metastases at all (CNS-EHR: a brain MRI concluding
"脑内多发转移瘤" with no diagnosis entered). They
are fetched for a chart that names brain metastases while a catalog trial asks for their
stability, for a chart that records therapy while a catalog trial counts lines or asks for a
drug in a line or setting, and for a chart that names a cancer while a catalog trial asks about
prior radiotherapy or about brain metastases (any but `any`): a report may be the only record of
a course given elsewhere, or of the metastases, and without it the chart reads as never
irradiated, or as free of them. Everywhere else the query would be spent on the hot path for
nothing (docs/architecture.md, "Prefetch")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cds_service.hooks.catalog_answer import CatalogAnswer
from eligibility.catalog import Catalog
from eligibility.criteria import (
    BrainMetastasesCriterion,
    PriorLinesCriterion,
    PriorRadiotherapyCriterion,
    PriorTherapyCriterion,
)
from eligibility.holder import CatalogHolder
from fhir_mapping import (
    chart_names_a_cancer,
    chart_names_brain_metastases,
    chart_records_therapy,
)

# The brain-metastasis criteria whose decision reads the imaging: "not active" and "treated and
# stable" ask whether the metastases are stable; "none" and "any" do not.
_READS_IMAGING = frozenset({"not_active", "treated_stable"})


def catalog_asks_stability(catalog: Catalog) -> bool:
    return any(
        type(c) is BrainMetastasesCriterion and c.allowed in _READS_IMAGING
        for c in catalog.criteria()
    )


def catalog_asks_brain_metastases(catalog: Catalog) -> bool:
    """Whether a trial's decision depends on whether there are brain metastases: every
    brain-metastasis criterion but one allowing any."""
    return any(
        type(c) is BrainMetastasesCriterion and c.allowed != "any" for c in catalog.criteria()
    )


def catalog_reads_lines(catalog: Catalog) -> bool:
    """Whether a trial's decision depends on where lines begin: a count of lines, or a drug in
    a line or a setting (a drug "ever received" does not)."""
    return any(
        type(c) is PriorLinesCriterion
        or (type(c) is PriorTherapyCriterion and (c.line is not None or c.setting is not None))
        for c in catalog.criteria()
    )


def catalog_asks_radiotherapy(catalog: Catalog) -> bool:
    """Whether a trial asks whether (or where) the patient was irradiated."""
    return any(type(c) is PriorRadiotherapyCriterion for c in catalog.criteria())


@dataclass(frozen=True, slots=True)
class _Asks:
    stability: bool
    lines: bool
    radiotherapy: bool
    brain_metastases: bool


def _asks(catalog: Catalog) -> _Asks:
    return _Asks(
        catalog_asks_stability(catalog),
        catalog_reads_lines(catalog),
        catalog_asks_radiotherapy(catalog),
        catalog_asks_brain_metastases(catalog),
    )


class ReportNeed:
    """The predicate for the `diagnosticReports` key. The catalog's answers are kept per catalog
    (`CatalogAnswer`), so a call walks the criteria only after a refresh."""

    def __init__(self, holder: CatalogHolder) -> None:
        self._catalog_asks = CatalogAnswer(holder, _asks)

    def __call__(self, resources: Sequence[Mapping[str, Any]]) -> bool:
        asks = self._catalog_asks()
        return (
            ((asks.radiotherapy or asks.brain_metastases) and chart_names_a_cancer(resources))
            or (asks.stability and chart_names_brain_metastases(resources))
            or (asks.lines and chart_records_therapy(resources))
        )


__all__ = [
    "ReportNeed",
    "catalog_asks_brain_metastases",
    "catalog_asks_stability",
    "catalog_reads_lines",
]
