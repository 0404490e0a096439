"""The cancer-type taxonomy: a tree of nodes read from `data/cancer_types.csv`.

Criteria name nodes ("nasopharyngeal_carcinoma", "solid_tumor"); a diagnosis mapped to a node
satisfies a criterion naming that node or any of its ancestors.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from eligibility.errors import UnknownTaxonomyNodeError


@dataclass(frozen=True, slots=True)
class CancerType:
    id: str
    parent: str | None
    label: str


# The node the head-and-neck rules name: the cancers whose locoregional fields are the
# nasopharynx and neck (LOT-SETTING, TRIAL-NO-PRIOR-LOCOREGIONAL-RT).
HEAD_AND_NECK_CANCER = "head_and_neck_cancer"


class CancerTaxonomy:
    """Immutable lookup over the cancer-type tree."""

    def __init__(self, nodes: list[CancerType]) -> None:
        self._nodes = {node.id: node for node in nodes}
        for node in nodes:
            if node.parent is not None and node.parent not in self._nodes:
                raise UnknownTaxonomyNodeError(node.parent, where=f"parent of {node.id}")
        self._ancestors = {node.id: self._walk_up(node.id) for node in nodes}
        below: dict[str, list[str]] = {node.id: [] for node in nodes}
        for node in nodes:
            for ancestor in self._ancestors[node.id]:
                below[ancestor].append(node.id)
        self._descendants = {node_id: tuple(found) for node_id, found in below.items()}

    def _walk_up(self, node_id: str) -> tuple[str, ...]:
        chain: list[str] = []
        current: str | None = node_id
        while current is not None:
            if current in chain:
                raise ValueError(f"cancer taxonomy has a cycle at {current!r}")
            chain.append(current)
            current = self._nodes[current].parent
        return tuple(chain)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes

    def __iter__(self) -> Iterator[CancerType]:
        return iter(self._nodes.values())

    def node(self, node_id: str) -> CancerType:
        try:
            return self._nodes[node_id]
        except KeyError:
            raise UnknownTaxonomyNodeError(node_id) from None

    def label(self, node_id: str) -> str:
        return self.node(node_id).label

    def ancestors(self, node_id: str) -> tuple[str, ...]:
        """The node itself followed by its ancestors up to the root."""
        try:
            return self._ancestors[node_id]
        except KeyError:
            raise UnknownTaxonomyNodeError(node_id) from None

    def descendants(self, node_id: str) -> tuple[str, ...]:
        """The node itself and every node below it."""
        try:
            return self._descendants[node_id]
        except KeyError:
            raise UnknownTaxonomyNodeError(node_id) from None

    def is_a(self, node_id: str, ancestor_id: str) -> bool:
        return ancestor_id in self.ancestors(node_id)

    def is_head_and_neck(self, node_id: str | None) -> bool:
        """A node of the tree, at or below head and neck cancer."""
        return (
            node_id is not None
            and node_id in self._nodes
            and self.is_a(node_id, HEAD_AND_NECK_CANCER)
        )

    def related(self, a: str, b: str) -> bool:
        """Both are nodes, and one is the other or lies above or below it ("head and neck
        cancer" and nasopharyngeal carcinoma): possibly the same cancer."""
        return a in self._nodes and b in self._nodes and (self.is_a(a, b) or self.is_a(b, a))


@cache
def default_taxonomy() -> CancerTaxonomy:
    text = resources.files("eligibility").joinpath("data/cancer_types.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return CancerTaxonomy(
        [CancerType(id=r["id"], parent=r["parent"] or None, label=r["label"]) for r in rows]
    )
