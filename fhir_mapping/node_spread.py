"""Whether a lymph-node metastasis is regional or distant spread (STG-NODES).

Nodes are N disease where they drain the primary and M1 beyond: which regions are which depends
on the cancer (`data/node_spread.csv`). Only rows someone could source are written; a cancer or
region without one leaves the nodes no proof of distant spread, as they always were.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache

from eligibility.taxonomy import default_taxonomy
from fhir_mapping.errors import TerminologyTableError
from fhir_mapping.terminology import CodedText, _read_rows, node_region_table


class NodeReading(Enum):
    REGIONAL = "regional"
    EITHER = "either"  # the region holds regional and distant nodes alike
    DISTANT = "distant"


@dataclass(frozen=True, slots=True)
class _Row:
    cancer: str
    region: str
    reading: NodeReading


@cache
def _rows() -> tuple[_Row, ...]:
    filename = "node_spread.csv"
    taxonomy = default_taxonomy()
    regions = {row.concept for row in node_region_table().rows}
    rows = []
    for number, raw in enumerate(
        _read_rows(filename, ("cancer", "region", "reading", "source")), 2
    ):
        if raw["cancer"] not in taxonomy or raw["region"] not in regions or not raw["source"]:
            raise TerminologyTableError(filename, number, "unknown cancer or region, or no source")
        try:
            reading = NodeReading(raw["reading"])
        except ValueError:
            raise TerminologyTableError(
                filename, number, "reading must be regional, either or distant"
            ) from None
        rows.append(_Row(raw["cancer"], raw["region"], reading))
    return tuple(rows)


def node_regions(concept: CodedText) -> frozenset[str]:
    """Every region the codes and words of a nodal metastasis name."""
    return frozenset(node_region_table().every_concept(concept))


def nodes_distant(cancer_type: str | None, regions: frozenset[str]) -> bool | None:
    """True when a region named is distant for the cancer, None when one may be (EITHER), else
    False: regional, unnamed, or a cancer this table has no rows for."""
    if cancer_type is None or not regions:
        return False
    taxonomy = default_taxonomy()
    readings = {
        row.reading
        for row in _rows()
        if row.region in regions
        and cancer_type in taxonomy
        and taxonomy.is_a(cancer_type, row.cancer)
    }
    if NodeReading.DISTANT in readings:
        return True
    return None if NodeReading.EITHER in readings else False
