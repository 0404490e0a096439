"""Cancer type from `conditionsModule.conditions` and the derived MeSH condition terms.

Terms live in `data/condition_terms.csv` (term, node, source). A row with an empty node is a
term recognised on purpose and mapped to nothing ("Brain Neoplasms" also covers metastases);
it still wins over the shorter terms inside it. Matching is by whole words after normalising
case, punctuation and British spellings; the longest term wins where terms overlap.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from eligibility.taxonomy import CancerTaxonomy

_SPELLING = (
    (re.compile(r"tumour"), "tumor"),
    (re.compile(r"oesophag"), "esophag"),
    (re.compile(r"leukaem"), "leukem"),
    (re.compile(r"haem"), "hem"),
    (re.compile(r"\bnon\s+small"), "non small"),
)


def normalise(text: str) -> str:
    lowered = text.casefold()
    for pattern, replacement in _SPELLING:
        lowered = pattern.sub(replacement, lowered)
    return " ".join(re.sub(r"[^a-z0-9/]+", " ", lowered).split())


@dataclass(frozen=True, slots=True)
class ConditionTerm:
    term: str
    node: str | None
    source: str


@cache
def condition_terms() -> tuple[ConditionTerm, ...]:
    text = (
        resources.files("eligibility.ctgov").joinpath("data/condition_terms.csv").read_text("utf-8")
    )
    return tuple(
        ConditionTerm(normalise(row["term"]), row["node"] or None, row["source"])
        for row in csv.DictReader(text.splitlines())
    )


def nodes_in(text: str, terms: tuple[ConditionTerm, ...] | None = None) -> list[str]:
    """Taxonomy nodes named in one condition string (longest non-overlapping terms)."""
    haystack = f" {normalise(text)} "
    found: list[tuple[int, int, ConditionTerm]] = []
    for term in terms if terms is not None else condition_terms():
        start = haystack.find(f" {term.term} ")
        while start >= 0:
            found.append((start, start + len(term.term) + 1, term))
            start = haystack.find(f" {term.term} ", start + 1)
    found.sort(key=lambda hit: hit[0] - hit[1])  # longest first
    taken: list[tuple[int, int]] = []
    nodes: list[str] = []
    for start, end, term in found:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        taken.append((start, end))
        if term.node is not None and term.node not in nodes:
            nodes.append(term.node)
    return nodes


def cancer_nodes(
    conditions: list[str], mesh_terms: list[str], taxonomy: CancerTaxonomy
) -> tuple[str, ...]:
    """Nodes for a study. Conditions come first; a node named only by a MeSH term is dropped
    when it is an ancestor of a more specific node already found (MeSH adds general terms such
    as "Lung Neoplasms" beside "Carcinoma, Non-Small-Cell Lung")."""
    from_conditions: list[str] = []
    for condition in conditions:
        from_conditions.extend(n for n in nodes_in(condition) if n not in from_conditions)
    from_mesh: list[str] = []
    for term in mesh_terms:
        from_mesh.extend(n for n in nodes_in(term) if n not in from_mesh)
    nodes = [n for n in from_conditions if n in taxonomy]
    specific = [*nodes, *(n for n in from_mesh if n in taxonomy)]
    for node in from_mesh:
        if node in nodes or node not in taxonomy:
            continue
        if any(other != node and taxonomy.is_a(other, node) for other in specific):
            continue
        nodes.append(node)
    return tuple(nodes)
