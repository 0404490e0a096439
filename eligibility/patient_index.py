"""One patient's facts arranged for lookup, built once per `PatientFacts` and shared by every rule.

A catalog holds dozens of distinct prior-therapy rules ("prior platinum", "no prior anti-PD-1",
"no prior osimertinib", ...). Decided one by one, each scanned every exposure: ~40 rules x 900
exposures on a heavy chart. `ExposureIndex` groups the exposures and lines by agent and by drug
class once; a rule then reads one group.

Why a per-facts memo (`PerFacts`) rather than a field: a leaf rule sees only the facts (see
`eligibility.compilation`), and `PatientFacts` is a frozen pydantic model whose private
attributes would travel with `model_copy(update=...)` — a copy with other exposures would carry
a stale index. The memo is keyed by the facts object itself (its `id`, checked through a weak
reference), so a copy is a new key, nothing outlives the facts it was built from (the entry goes
when the facts are collected: patient data is not retained), and values are pure functions of
immutable facts: two threads building the same entry at once both build the same thing.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from eligibility.facts import Evidence, PatientFacts, TherapyExposure, TherapyLine
from eligibility.phrasing import join
from eligibility.vocabulary import DrugClass

T = TypeVar("T")


class PerFacts(Generic[T]):
    """`build(facts)`, computed once per live `PatientFacts` object.

    `build` must not keep a reference to the facts object itself (its parts are fine): the entry
    is dropped when the facts are collected, which a reference from the entry would prevent.
    """

    __slots__ = ("_build", "_built")

    def __init__(self, build: Callable[[PatientFacts], T]) -> None:
        self._build = build
        self._built: dict[int, tuple[weakref.ref[PatientFacts], T]] = {}

    def __len__(self) -> int:
        """Entries alive (tests check that none outlives its facts)."""
        return len(self._built)

    def __call__(self, facts: PatientFacts) -> T:
        built = self._built
        key = id(facts)
        entry = built.get(key)
        if entry is not None and entry[0]() is facts:
            return entry[1]
        value = self._build(facts)

        def forget(ref: weakref.ref[PatientFacts]) -> None:
            # Runs while the facts are being freed, before their id can be reused; the check
            # only guards against removing an entry another thread wrote for the same facts.
            current = built.get(key)
            if current is not None and current[0] is ref:
                del built[key]

        built[key] = (weakref.ref(facts, forget), value)
        return value


def _unique(refs: Iterable[str]) -> Evidence:
    return tuple(dict.fromkeys(refs))


@dataclass(frozen=True, slots=True)
class ExposureGroup:
    """Some of a patient's exposures, in record order, with what a reason cites of them."""

    exposures: tuple[TherapyExposure, ...]
    agents: str  # the distinct agents, in record order, joined for a reason ("a, b")
    evidence: Evidence  # the distinct references, in record order

    @classmethod
    def of(cls, exposures: Iterable[TherapyExposure]) -> ExposureGroup:
        members = tuple(exposures)
        return cls(
            members,
            join(dict.fromkeys(e.agent for e in members)),
            _unique(ref for e in members for ref in e.evidence),
        )


NO_EXPOSURES = ExposureGroup((), "", ())


class ExposureIndex:
    """A patient's exposures and lines by agent and by drug class, each in record order."""

    __slots__ = (
        "antineoplastic",
        "exposures_by_agent",
        "exposures_by_class",
        "line_by_number",
        "lines_by_agent",
        "lines_by_class",
    )

    def __init__(self, exposures: Iterable[TherapyExposure], lines: Iterable[TherapyLine]) -> None:
        by_agent: dict[str, list[TherapyExposure]] = {}
        by_class: dict[DrugClass, list[TherapyExposure]] = {}
        antineoplastic: list[TherapyExposure] = []
        for exposure in exposures:
            by_agent.setdefault(exposure.agent, []).append(exposure)
            for drug_class in exposure.classes:
                by_class.setdefault(drug_class, []).append(exposure)
            if exposure.antineoplastic:
                antineoplastic.append(exposure)
        self.exposures_by_agent = {a: ExposureGroup.of(g) for a, g in by_agent.items()}
        self.exposures_by_class = {c: ExposureGroup.of(g) for c, g in by_class.items()}
        self.antineoplastic = ExposureGroup.of(antineoplastic)

        lines_by_agent: dict[str, list[TherapyLine]] = {}
        lines_by_class: dict[DrugClass, list[TherapyLine]] = {}
        self.line_by_number: dict[int, TherapyLine] = {}
        for line in lines:
            self.line_by_number.setdefault(line.number, line)  # the first, as a scan would
            for agent in dict.fromkeys(line.agents):  # a line listing an agent twice is one hit
                lines_by_agent.setdefault(agent, []).append(line)
            for drug_class in line.classes:
                lines_by_class.setdefault(drug_class, []).append(line)
        self.lines_by_agent = {a: tuple(g) for a, g in lines_by_agent.items()}
        self.lines_by_class = {c: tuple(g) for c, g in lines_by_class.items()}

    def exposures_to(self, agent: str) -> ExposureGroup:
        return self.exposures_by_agent.get(agent, NO_EXPOSURES)

    def exposures_in(self, drug_class: DrugClass) -> ExposureGroup:
        return self.exposures_by_class.get(drug_class, NO_EXPOSURES)

    def lines_with(self, agent: str) -> tuple[TherapyLine, ...]:
        return self.lines_by_agent.get(agent, ())

    def lines_in(self, drug_class: DrugClass) -> tuple[TherapyLine, ...]:
        return self.lines_by_class.get(drug_class, ())


exposure_index: PerFacts[ExposureIndex] = PerFacts(
    lambda facts: ExposureIndex(facts.exposures, facts.lines)
)
"""The `ExposureIndex` of a patient's facts, built on first use."""
