"""The data tables lines are derived with: substitution groups (LOT-SUBSTITUTION), maintenance
agents per cancer (LOT-MAINTENANCE) and the classes begun after platinum chemotherapy that leave
it in doubt (LOT-MAINTENANCE-ASKED), the classes whose switches leave the line in doubt
(LOT-CLASS-SWITCH) and the agents given for some cancers only (LOT-CANCER-NEW-DIAGNOSIS):
`data/line_substitutions.csv`, `data/line_maintenance.csv`, `data/line_maintenance_asked.csv`,
`data/line_class_switches.csv` and `data/line_confined_agents.csv`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    # LOT-CANCER-NEW-DIAGNOSIS: agent -> the taxonomy nodes of every cancer it is given for.
    confined: dict[str, frozenset[str]] = field(default_factory=dict)
    # LOT-CANCER: the confined agents begun with chemotherapy as one regimen (R-CHOP).
    with_chemotherapy: frozenset[str] = frozenset()
    # LOT-MAINTENANCE-ASKED: (cancer type node, drug class) begun after platinum chemotherapy.
    asked: tuple[tuple[str, DrugClass], ...] = ()

    def substitutes(self, agent: str, regimen: frozenset[str] | list[str]) -> bool:
        """Whether `agent` replaces an agent of the regimen (LOT-SUBSTITUTION)."""
        group = self.groups.get(agent)
        return group is not None and any(a in group for a in regimen if a != agent)

    def cannot_treat(self, agent: str, cancer_type: str | None) -> bool:
        """Whether `agent` is given only for cancers none of which may be `cancer_type` (a
        cancer not placed may be any)."""
        nodes = self.confined.get(agent)
        taxonomy = default_taxonomy()
        if nodes is None or cancer_type is None or cancer_type not in taxonomy:
            return False
        return not any(taxonomy.related(cancer_type, node) for node in nodes)

    def maintenance_asked(
        self, classes: frozenset[DrugClass], cancer_types: tuple[str | None, ...]
    ) -> frozenset[DrugClass]:
        """The classes of `classes` that `line_maintenance_asked.csv` lists for one of the
        cancers (LOT-MAINTENANCE-ASKED)."""
        taxonomy = default_taxonomy()
        return frozenset(
            row_class
            for node in cancer_types
            if node is not None and node in taxonomy
            for row_node, row_class in self.asked
            if row_class in classes and taxonomy.is_a(node, row_node)
        )

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
    confined, with_chemotherapy = _confined_agents()
    return LineTables(
        groups,
        tuple(maintenance),
        _switch_classes(),
        confined,
        with_chemotherapy,
        _maintenance_asked(),
    )


def _maintenance_asked() -> tuple[tuple[str, DrugClass], ...]:
    known = {c.value for c in DrugClass}
    taxonomy = default_taxonomy()
    filename = "line_maintenance_asked.csv"
    rows = []
    for number, row in enumerate(_read_rows(filename, ("cancer_type", "class", "source")), 2):
        if row["class"] not in known or row["cancer_type"] not in taxonomy or not row["source"]:
            raise TerminologyTableError(filename, number, "unknown class or node, or no source")
        rows.append((row["cancer_type"], DrugClass(row["class"])))
    return tuple(rows)


def _switch_classes() -> frozenset[DrugClass]:
    known = {c.value for c in DrugClass}
    filename = "line_class_switches.csv"
    classes = set()
    for number, row in enumerate(_read_rows(filename, ("class", "source")), 2):
        if row["class"] not in known or not row["source"]:
            raise TerminologyTableError(filename, number, "unknown drug class, or no source")
        classes.add(DrugClass(row["class"]))
    return frozenset(classes)


# LOT-CANCER-NEW-DIAGNOSIS: classes that treat the NPC and most other cancers alike; an agent of
# them is never read as unable to treat a cancer.
_NEVER_CONFINED = frozenset(
    {DrugClass.PLATINUM, DrugClass.IMMUNE_CHECKPOINT_INHIBITOR, DrugClass.CHEMOTHERAPY}
)


def _confined_agents() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    drugs = drug_table().drugs
    taxonomy = default_taxonomy()
    filename = "line_confined_agents.csv"
    confined = {}
    with_chemotherapy = set()
    columns = ("agent", "cancer_types", "with_chemotherapy", "source")
    for number, row in enumerate(_read_rows(filename, columns), 2):
        drug = drugs.get(row["agent"])
        nodes = frozenset(n for n in row["cancer_types"].split(";") if n)
        if drug is None or not drug.antineoplastic or not row["source"]:
            raise TerminologyTableError(filename, number, "unknown agent, or no source")
        if not nodes or any(n not in taxonomy for n in nodes):
            raise TerminologyTableError(filename, number, "unknown taxonomy node")
        if any(c in _NEVER_CONFINED for c in drug.classes):
            raise TerminologyTableError(filename, number, "a chemotherapy or checkpoint inhibitor")
        if row["with_chemotherapy"] not in {"yes", "no"}:
            raise TerminologyTableError(filename, number, "with_chemotherapy must be yes or no")
        confined[row["agent"]] = nodes
        if row["with_chemotherapy"] == "yes":
            with_chemotherapy.add(row["agent"])
    return confined, frozenset(with_chemotherapy)
