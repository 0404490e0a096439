"""EXP-CLASS-NAMED: drugs a record names by their class or target only
(`data/drug_class_names.csv`).

"PD-1抑制剂 200 mg" in a first line names no agent, and no INN stem: the line read as no
anti-PD-1, a wrong exclusion. A record naming a class is proof that the class was given, and
leaves the agent open among the listed agents of the class (as a regimen's class-only drug,
EXP-REGIMEN): "anti-PD-1 in line 1" is met, "received pembrolizumab" unknown.
"""

from __future__ import annotations

import re
from functools import cache

from eligibility.vocabulary import DrugClass
from fhir_mapping.errors import TerminologyTableError
from fhir_mapping.regimens import OpenAgent, listed_agents
from fhir_mapping.terminology import _read_rows
from fhir_mapping.text_patterns import text_pattern


class ClassNames:
    def __init__(self, rows: tuple[tuple[re.Pattern[str], OpenAgent], ...]) -> None:
        self._rows = rows

    def named_in(self, text: str) -> tuple[OpenAgent, ...]:
        """The classes a drug text names, each once; a row's match is taken out of the text
        before the next row is tried ("PD-1/PD-L1" is not also "PD-1")."""
        found = []
        for pattern, agent in self._rows:
            text, matched = pattern.subn(" ", text)
            if matched:
                found.append(agent)
        return tuple(found)


@cache
def class_names() -> ClassNames:
    filename = "drug_class_names.csv"
    rows = []
    columns = ("pattern", "classes", "may_be", "label", "source")
    for number, row in enumerate(_read_rows(filename, columns), 2):
        try:
            pattern = text_pattern(row["pattern"])
            classes = frozenset(DrugClass(c) for c in row["classes"].split("+"))
            may_be = {DrugClass(c) for c in row["may_be"].split("+")}
        except (re.error, ValueError) as error:
            raise TerminologyTableError(filename, number, "a pattern, known classes") from error
        members = listed_agents(any_of=may_be)
        if not members or not row["label"] or not row["source"]:
            raise TerminologyTableError(filename, number, "listed agents, a label, a source")
        rows.append((pattern, OpenAgent.among(row["label"], classes, members)))
    return ClassNames(tuple(rows))
