"""The cancer-type index: which trials a patient is worth evaluating against.

A trial is filed under the allowed nodes of its cancer-type criterion and reached from a
diagnosis node or its ancestors (`solid_tumor` baskets reach every solid tumour); trials with no
usable cancer-type criterion are "open", always evaluated. A patient with no cancer diagnosis
reaches only the open trials. A recorded cancer the taxonomy cannot place (DX-PLACE: "恶性肿瘤",
C76.0, a morphology without site) still reaches every trial it could belong to: those filed at,
above or below the most specific node certain to hold it (`CancerDiagnosis.within`; any node when
none is), where its cancer type is unknown and the card asks what the cancer is. A placed
diagnosis reaches exactly what it reached before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from eligibility.criteria import AllOfCriterion, CancerTypeCriterion, Criterion
from eligibility.facts import DISOWNED_VERIFICATION, PatientFacts
from eligibility.taxonomy import CancerTaxonomy


def indexed_nodes(criteria: Iterable[Criterion]) -> frozenset[str] | None:
    """The nodes to file a trial under, or None when the trial is open to any cancer type.

    Only criteria every patient must satisfy narrow the index: top-level ones and those inside
    top-level `all_of`. A cancer type under `any_of` or `not` leaves the trial open (a superset
    is always safe: evaluation still decides).
    """
    for criterion in criteria:
        # Exact type checks: isinstance over pydantic models is slow for a 25k-trial catalog.
        if type(criterion) is CancerTypeCriterion and criterion.allowed:
            return frozenset(criterion.allowed)
        if type(criterion) is AllOfCriterion:
            nested = indexed_nodes(criterion.criteria)
            if nested is not None:
                return nested
    return None


def patient_nodes(facts: PatientFacts, taxonomy: CancerTaxonomy) -> frozenset[str]:
    """Every node the patient's placed diagnoses sit at, ancestors included, and for an unplaced
    one every node it could sit at (DX-PLACE)."""
    nodes: set[str] = set()
    for diagnosis in facts.diagnoses:
        if diagnosis.verification_status in DISOWNED_VERIFICATION:
            continue
        node = diagnosis.cancer_type
        if node is not None and node in taxonomy:
            nodes.update(taxonomy.ancestors(node))
            continue
        within = diagnosis.within
        if within is not None and within in taxonomy:
            nodes.update(taxonomy.ancestors(within))
            nodes.update(taxonomy.descendants(within))
        else:
            nodes.update(node.id for node in taxonomy)
    return frozenset(nodes)


class CancerTypeIndex:
    """Positions (into the catalog's trial sequence) by taxonomy node, plus the open ones."""

    def __init__(self, filed_under: Sequence[frozenset[str] | None]) -> None:
        by_node: dict[str, list[int]] = {}
        open_positions: list[int] = []
        for position, nodes in enumerate(filed_under):
            if nodes is None:
                open_positions.append(position)
                continue
            for node in nodes:
                by_node.setdefault(node, []).append(position)
        self._by_node = {node: tuple(positions) for node, positions in by_node.items()}
        self._open = tuple(open_positions)

    @property
    def open_positions(self) -> tuple[int, ...]:
        return self._open

    @property
    def by_node(self) -> Mapping[str, tuple[int, ...]]:
        """Positions filed under each node (not the open ones)."""
        return self._by_node

    def positions(self, nodes: Iterable[str]) -> list[int]:
        """Sorted positions of the trials a patient at `nodes` (ancestors included) can reach."""
        found: set[int] = set(self._open)
        for node in nodes:
            found.update(self._by_node.get(node, ()))
        return sorted(found)
