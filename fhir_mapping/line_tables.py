"""The data tables lines are derived with: substitution groups (LOT-SUBSTITUTION), maintenance
agents per cancer (LOT-MAINTENANCE) and the classes whose switches leave the line in doubt
(LOT-CLASS-SWITCH): `data/line_substitutions.csv`, `data/line_maintenance.csv` and
`data/line_class_switches.csv`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import DrugClass
from fhir_mapping.errors import TerminologyTableError
from fhir_mapping.terminology import _read_rows, drug_table


@dataclass(frozen=True, slots=True)
class LineTables:
    groups: dict[str, frozenset[str]]  # agent -> the agents it may replace (its group)
    maintenance: tuple[tuple[str, str], ...]  # (cancer type node, agent)
    switch_classes: frozenset[DrugClass] = frozenset()  # LOT-CLASS-SWITCH

    def substitutes(self, agent: str, regimen: frozenset[str] | list[str]) -> bool:
        """Whether `agent` replaces an agent of the regimen (LOT-SUBSTITUTION)."""
        group = self.groups.get(agent)
        return group is not None and any(a in group for a in regimen if a != agent)

    def maintains(self, agent: str, cancer_types: tuple[str | None, ...]) -> bool:
        """Whether `agent` is a recognised maintenance agent for one of the cancers."""
        taxonomy = default_taxonomy()
        return any(
            agent == row_agent and node is not None and taxonomy.is_a(node, row_node)
            for node in cancer_types
            if node is not None and node in taxonomy
            for row_node, row_agent in self.maintenance
        )


@cache
def line_tables() -> LineTables:
    agents = drug_table().drugs
    taxonomy = default_taxonomy()
    members: dict[str, set[str]] = {}
    filename = "line_substitutions.csv"
    for number, row in enumerate(_read_rows(filename, ("group", "agent", "source")), 2):
        if row["agent"] not in agents or not row["source"]:
            raise TerminologyTableError(filename, number, "unknown agent or no source")
        members.setdefault(row["group"], set()).add(row["agent"])
    groups = {agent: frozenset(group) for group in members.values() for agent in group}
    maintenance = []
    filename = "line_maintenance.csv"
    for number, row in enumerate(_read_rows(filename, ("cancer_type", "agent", "source")), 2):
        if row["agent"] not in agents or row["cancer_type"] not in taxonomy or not row["source"]:
            raise TerminologyTableError(filename, number, "unknown agent or node, or no source")
        maintenance.append((row["cancer_type"], row["agent"]))
    return LineTables(groups, tuple(maintenance), _switch_classes())


def _switch_classes() -> frozenset[DrugClass]:
    known = {c.value for c in DrugClass}
    filename = "line_class_switches.csv"
    classes = set()
    for number, row in enumerate(_read_rows(filename, ("class", "source")), 2):
        if row["class"] not in known or not row["source"]:
            raise TerminologyTableError(filename, number, "unknown drug class, or no source")
        classes.add(DrugClass(row["class"]))
    return frozenset(classes)
