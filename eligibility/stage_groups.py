"""What a stage group says about distant metastasis, per cancer and AJCC edition (rule
STG-EDITION in docs/clinical-rules.md). The table is `data/stage_groups.csv`: a group means an M
category only under the edition that defines it; a group without a row decides nothing."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from eligibility.taxonomy import CancerTaxonomy


@cache
def _table() -> dict[tuple[str, str, str], str]:
    text = resources.files("eligibility").joinpath("data/stage_groups.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {
        (row["cancer_type"], row["edition"], row["group"].upper()): row["m"]
        for row in csv.DictReader(lines)
    }


@cache
def _editions() -> dict[str, frozenset[str]]:
    """Per tabled cancer, the editions it has rows of its own for ("" included)."""
    found: dict[str, set[str]] = {}
    for cancer, edition, _ in _table():
        found.setdefault(cancer, set()).add(edition)
    return {cancer: frozenset(editions) for cancer, editions in found.items()}


def implied_m(
    group: str, cancer_type: str | None, edition: str | None, taxonomy: CancerTaxonomy
) -> str | None:
    """The M category ("M0", "M1", "M1a", ...) the group implies for the cancer under the
    edition (None: not recorded), or None when it implies nothing certain.

    A cancer tabled edition by edition (NPC) reads a recorded edition only from that edition's
    rows (an edition it does not table decides nothing); one tabled without editions reads the
    same rows whatever the edition."""
    if cancer_type is None or cancer_type not in taxonomy:
        return None
    editions = _editions()
    for node in taxonomy.ancestors(cancer_type):
        tabled = editions.get(node)
        if tabled is None:
            continue
        key = edition or ""
        if tabled != {""} and key not in tabled:
            return None
        # A row with no M: a group of an edition whose meaning is not verified (the Chinese
        # 2008 system) decides nothing.
        m = _table().get((node, key if tabled != {""} else "", group.strip().upper()))
        return m or None
    return None
