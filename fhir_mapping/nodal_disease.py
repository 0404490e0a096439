"""Lymph-node disease for LOT-CANCER-NEW-DIAGNOSIS: the nodal metastases no cancer owns, and
the cancers documented with nodes of their own.

With several cancers a lymph-node metastasis Condition (C77, 颈部淋巴结转移) names no primary
(STG-OWNER): it may be an old cancer's regional recurrence or a new cancer's nodes. The new
cancer explains it only when its own record shows nodal disease (STG-NODES)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from eligibility.facts import CancerDiagnosis, Stage
from fhir_mapping.diagnoses import DiagnosisReading
from fhir_mapping.spread_words import SECONDARY_NODES, read_spread

# AJCC N1–N3 (with a prefix c/p/yp/r and a suffix a/b/c): regional nodes involved. N0, NX and
# a missing N say nothing of nodes.
_NODES_INVOLVED = re.compile(r"^(?:[a-z]{0,2})N[1-3]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class UnownedNodes:
    """A confirmed lymph-node metastasis Condition: when it was found (onset, else recorded
    date; None when neither) and the regions it names."""

    reference: str
    found: date | None
    regions: frozenset[str]


def unowned_nodes(reading: DiagnosisReading) -> tuple[UnownedNodes, ...]:
    """The confirmed lymph-node metastases of a chart with several cancers: none of them names
    its primary in the data read."""
    if len({d.cancer_type or d.evidence[0] for d in reading.diagnoses if d.evidence}) < 2:
        return ()
    return tuple(
        UnownedNodes(s.reference, s.onset or s.recorded, s.regions)
        for s in reading.secondaries
        if s.kind == SECONDARY_NODES and s.confirmed
    )


def node_positive(diagnoses: Sequence[CancerDiagnosis], stages: Sequence[Stage]) -> frozenset[str]:
    """The cancer Conditions documented with nodal disease of their own: an N1–N3 category of a
    stage linked to them, or their own words naming nodes ("鼻咽癌 颈部淋巴结转移")."""
    staged = {
        s.diagnosis for s in stages if s.diagnosis and _NODES_INVOLVED.match((s.n or "").strip())
    }
    worded = {
        reference
        for d in diagnoses
        if d.text and SECONDARY_NODES in read_spread(d.text).kinds
        for reference in d.evidence
    }
    return frozenset(staged | worded)
