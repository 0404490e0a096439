"""One patient's facts arranged for lookup, built once per `PatientFacts` and shared by every rule.

A catalog holds dozens of distinct prior-therapy rules; rather than each scanning every exposure,
`ExposureIndex` groups the exposures and lines by agent and by drug class once, and a rule reads
one view. `PerFacts` memoises such derivations per facts object (`eligibility.rules` uses it
too, for what its cancer-type and prior-lines rules derive from the facts alone).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from eligibility.facts import Evidence, PatientFacts, TherapyExposure, TherapyLine
from eligibility.phrasing import join
from eligibility.vocabulary import DrugClass

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


class PerFacts(Generic[T]):
    """`build(facts)`, computed once per live `PatientFacts` object.

    A memo (a leaf rule sees only the facts), not a field: a private attribute of the frozen model
    travels with `model_copy(update=...)`, giving a copy with other exposures a stale index. Keyed
    by the facts' `id`, checked through a weak reference: a copy is a new key, the entry goes with
    the facts (no patient data retained), and threads racing on one entry build equal values. So
    `build` must not keep a reference to the facts object itself (its parts are fine).
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
class Received:
    """What the record holds of one agent or drug class (or of all anticancer agents): the
    exposures and lines, in record order, with what a reason cites of them."""

    exposures: tuple[TherapyExposure, ...]
    lines: tuple[TherapyLine, ...]
    agents: str  # the exposures' distinct agents, in record order, joined ("a, b")
    evidence: Evidence  # the exposures' then the lines' references, distinct

    @classmethod
    def of(cls, exposures: Iterable[TherapyExposure], lines: Iterable[TherapyLine]) -> Received:
        exposures, lines = tuple(exposures), tuple(lines)
        return cls(
            exposures,
            lines,
            join(dict.fromkeys(e.agent for e in exposures)),
            _unique(
                [ref for e in exposures for ref in e.evidence]
                + [ref for li in lines for ref in li.evidence]
            ),
        )


NOTHING = Received((), (), "", ())


def _add(groups: dict[K, list[V]], key: K, member: V) -> None:
    members = groups.get(key)
    if members is None:
        groups[key] = [member]
    else:
        members.append(member)


def _known_agents(line: TherapyLine) -> dict[str, None]:
    """The agents a line is known to have given, once each (a line listing an agent twice is
    one hit): not one only blinded (EXP-BLINDED, twenty-seventh session: before, "toripalimab or
    placebo" proved toripalimab to a criterion naming the agent)."""
    return dict.fromkeys(a for a in line.agents if a not in line.blinded_agents)


class ExposureIndex:
    """A patient's exposures and lines by agent and by drug class, each in record order.

    A `Received` view (with joined agents and deduplicated evidence: hundreds of references on
    a heavy chart) is made on first request and shared by every rule on the same agent or
    class; a chart's supportive drugs (antiemetics, steroids: half its exposures) are rarely
    asked about. Threads racing to make the same view make equal ones; either may be kept.
    """

    __slots__ = (
        "_agents",
        "_antineoplastic",
        "_antineoplastic_exposures",
        "_by_agent",
        "_by_class",
        "_classes",
        "_line_views",
        "_lines",
        "_lines_by_agent",
        "_lines_by_class",
        "claimed",
        "uncertain",
    )

    def __init__(self, exposures: Iterable[TherapyExposure], lines: Iterable[TherapyLine]) -> None:
        by_agent: dict[str, list[TherapyExposure]] = {}
        by_class: dict[DrugClass, list[TherapyExposure]] = {}
        antineoplastic: list[TherapyExposure] = []
        uncertain: list[TherapyExposure] = []
        # Inlined appends: this loop is the whole cost of the index (900 exposures, W2 charts).
        for exposure in exposures:
            if exposure.blinded or not exposure.resolved:
                uncertain.append(exposure)  # EXP-BLINDED, EXP-UNRESOLVED: not proof of a drug
                continue
            if exposure.may_be:
                uncertain.append(exposure)  # EXP-CLASS-NAMED: proof of its class, not its agent
            members = by_agent.get(exposure.agent)
            if members is None:
                by_agent[exposure.agent] = [exposure]
            else:
                members.append(exposure)
            for drug_class in exposure.classes:
                members = by_class.get(drug_class)
                if members is None:
                    by_class[drug_class] = [exposure]
                else:
                    members.append(exposure)
            if exposure.antineoplastic:
                antineoplastic.append(exposure)
        self._by_agent = by_agent
        self._by_class = by_class
        self._antineoplastic_exposures = antineoplastic
        self.uncertain: tuple[TherapyExposure, ...] = tuple(uncertain)
        self._antineoplastic: Received | None = None

        lines_by_agent: dict[str, list[TherapyLine]] = {}
        lines_by_class: dict[DrugClass, list[TherapyLine]] = {}
        self._lines: dict[int, TherapyLine] = {}
        self._line_views: dict[int, tuple[TherapyLine, Evidence]] = {}
        claimed: list[TherapyLine] = []
        for line in lines:
            if line.claimed:
                claimed.append(line)  # LOT-CLAIMED: drugs not recorded, any of them possible
            self._lines.setdefault(line.number, line)  # the first, as a scan would
            for agent in _known_agents(line):
                _add(lines_by_agent, agent, line)
            for drug_class in line.classes:
                _add(lines_by_class, drug_class, line)
        self._lines_by_agent = lines_by_agent
        self._lines_by_class = lines_by_class
        self.claimed: tuple[TherapyLine, ...] = tuple(claimed)
        self._agents: dict[str, Received] = {}
        self._classes: dict[DrugClass, Received] = {}

    def agent(self, agent: str) -> Received:
        """The exposures to `agent` and the lines that list it."""
        return _view(self._agents, agent, self._by_agent, self._lines_by_agent)

    def drug_class(self, drug_class: DrugClass) -> Received:
        """The exposures to agents of `drug_class` and the lines that contain it."""
        return _view(self._classes, drug_class, self._by_class, self._lines_by_class)

    def line(self, number: int) -> tuple[TherapyLine, Evidence] | None:
        """Line `number` (the first so numbered) and its distinct evidence: a heavy chart's line
        cites hundreds of administrations, and every line-scoped rule cites them."""
        view = self._line_views.get(number)
        if view is None:
            line = self._lines.get(number)
            if line is None:
                return None
            view = self._line_views[number] = (line, _unique(line.evidence))
        return view

    @property
    def antineoplastic(self) -> Received:
        """The exposures to anticancer agents (not supportive or other medication); no lines."""
        view = self._antineoplastic
        if view is None:
            view = self._antineoplastic = Received.of(self._antineoplastic_exposures, ())
        return view


def _view(
    made: dict[K, Received],
    key: K,
    exposures: Mapping[K, Sequence[TherapyExposure]],
    lines: Mapping[K, Sequence[TherapyLine]],
) -> Received:
    """The `Received` view for `key`, made on first use and kept in `made`."""
    view = made.get(key)
    if view is None:
        found, listed = exposures.get(key, ()), lines.get(key, ())
        view = made[key] = Received.of(found, listed) if found or listed else NOTHING
    return view


exposure_index: PerFacts[ExposureIndex] = PerFacts(
    lambda facts: ExposureIndex(facts.exposures, facts.lines)
)
"""The `ExposureIndex` of a patient's facts, built on first use."""
