"""`MatchDigests`: a patient's matches reduced to what a worklist keeps of each — its unknown
lines, and the date of the newest evidence its met lines rest on — with each distinct rule and
criterion read once per patient instead of once per match.

Pre-screening reads ~400 matches per patient (~5,000 checklist lines), but trials share their
criteria: the catalog compiles each distinct criterion content once (`compilation.RuleBook`)
and a patient's decisions are made once per rule, so the patient's lines rest on a few hundred
rules. What a met line gives (its evidence's date) depends on its rule's decision alone and is
read once per rule; an unknown line's reading names its criterion (id, label) and what would
settle it, and is read once per criterion. A match's digest is then lookups.

A reader of many patients (a pre-screening worker) keeps the unknown lines' readings across
them (`UnknownReadings`): a patient's ~900 distinct unknown criteria are mostly the previous
patient's, with the same hints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Generic, NamedTuple, TypeVar

from eligibility.compilation import CompiledCriterion, Rule
from eligibility.facts import Evidence
from eligibility.results import CriterionOutcome, CriterionStatus
from eligibility.rules import Decision

U = TypeVar("U")

_MET = CriterionStatus.MET
_UNKNOWN = CriterionStatus.UNKNOWN


class MatchDigest(NamedTuple, Generic[U]):
    """A match's unknown lines (as read by `MatchDigests`'s `unknown`), in checklist order, and
    the newest date its met lines' evidence has (None: none dated)."""

    unknown: tuple[U, ...]
    decided_on: date | None


# An unknown line read from its criterion's id and label and what would settle it
# (`CriterionOutcome`'s `to_settle` and `manual_review`).
ReadUnknown = Callable[[str, str, str | None, bool], U]


# What an unknown line's rule says would settle it: `to_settle` and `manual_review`.
Hints = tuple[str | None, bool]
_DECIDED: Hints = (None, False)  # a met or not-met rule's: no line of it is read as unknown


class UnknownReadings(Generic[U]):
    """Readings of unknown lines by criterion, kept from one set of decisions to the next for as
    long as the criterion's rule gives the same hints: a reading depends on nothing else.

    Each rule's hints are one object for as long as they stay the same (`hints`), so a reading
    is checked against them by identity. Holds each criterion it read (so no id is reused while
    its reading is here), at most `maxsize` of them, and of rules, before it starts afresh.
    Threads may share one: a reading is only ever used with the hints object it was read with,
    so threads whose patients give a rule other hints read again, never each other's."""

    __slots__ = ("_hints", "by_criterion", "maxsize", "reader")

    def __init__(self, reader: ReadUnknown[U], maxsize: int = 100_000) -> None:
        self.reader = reader
        self.maxsize = maxsize
        self._hints: dict[Rule, Hints] = {}
        # By criterion id: the hints a reading was read with, the reading, and the criterion
        # (held, so that its id is not reused). Looked up by `MatchDigests` in its loop.
        self.by_criterion: dict[int, tuple[Hints, U, CompiledCriterion]] = {}

    def hints(self, rule: Rule, decision: Decision) -> Hints:
        """The hints of `rule`'s unknown `decision`: the object of the last ones when equal."""
        hints = (decision.to_settle, decision.manual_review)
        kept = self._hints.get(rule)
        if kept == hints:
            return kept
        if len(self._hints) >= self.maxsize:
            self._hints.clear()
        self._hints[rule] = hints
        return hints

    def read(self, entry: CompiledCriterion, hints: Hints) -> tuple[Hints, U, CompiledCriterion]:
        """The reading of `entry`'s unknown line, with the hints it was read with."""
        criterion = entry.criterion
        if len(self.by_criterion) >= self.maxsize:
            self.by_criterion.clear()
        found = self.by_criterion[id(entry)] = (
            hints,
            self.reader(criterion.id, criterion.label, *hints),
            entry,
        )
        return found

    def __len__(self) -> int:
        return len(self.by_criterion)


class MatchDigests(Generic[U]):
    """Digests of one patient's matches (`TrialMatch.digest`). `unknown` reads an unknown line,
    `dated` the date of a met line's evidence; each is called once per distinct criterion
    (`unknown`) or rule (`dated`) for as long as the lines are decided by one set of decisions
    (one `Matcher.rank` or `match` call), and `dated` again for lines decided by another;
    `unknown` again only when a criterion's rule gives other hints, and with a fresh
    `UnknownReadings` each time unless it is one kept across them. Not thread-safe: one per
    reader."""

    __slots__ = ("_dated", "_decided", "_readings", "_rules", "_unknown")

    def __init__(
        self,
        unknown: ReadUnknown[U] | UnknownReadings[U],
        dated: Callable[[Evidence], date | None],
    ) -> None:
        self._readings = (
            unknown if isinstance(unknown, UnknownReadings) else UnknownReadings(unknown)
        )
        self._unknown = self._readings.reader
        self._dated = dated
        self._decided: Mapping[Rule, Decision] | None = None
        # Per rule: its status, for a met one its evidence's date, for an unknown one its hints.
        self._rules: dict[Rule, tuple[CriterionStatus, date | None, Hints]] = {}

    def of_criteria(
        self, criteria: Sequence[CompiledCriterion], decided: Mapping[Rule, Decision]
    ) -> MatchDigest[U]:
        """The digest of a deferred match: its criteria, each rule decided in `decided`."""
        if decided is not self._decided:
            self._rules = {}
            self._decided = decided
        rules = self._rules
        readings = self._readings
        by_criterion = readings.by_criterion
        unknown: list[U] = []
        newest: date | None = None
        # ~5,000 lines per patient, ~2,000 of them unknown: lookups, inline, and a reading
        # only for a rule not seen yet, or a criterion whose rule's hints changed.
        for entry in criteria:
            rule = entry.rule
            read = rules.get(rule)
            if read is None:
                read = rules[rule] = self._read_rule(rule, decided[rule])
            status, day, hints = read
            if status is _UNKNOWN:
                found = by_criterion.get(id(entry))
                if found is None or found[0] is not hints:
                    found = readings.read(entry, hints)
                unknown.append(found[1])
            elif day is not None and (newest is None or day > newest):
                newest = day
        return MatchDigest(tuple(unknown), newest)

    def of_lines(self, lines: Iterable[CriterionOutcome]) -> MatchDigest[U]:
        """The digest of lines already built (a match whose checklist was read), line by line."""
        unknown: list[U] = []
        newest: date | None = None
        for line in lines:
            if line.status is _UNKNOWN:
                unknown.append(
                    self._unknown(line.id, line.label, line.to_settle, line.manual_review)
                )
            elif line.status is _MET:
                day = self._dated(line.evidence)
                if day is not None and (newest is None or day > newest):
                    newest = day
        return MatchDigest(tuple(unknown), newest)

    def _read_rule(
        self, rule: Rule, decision: Decision
    ) -> tuple[CriterionStatus, date | None, Hints]:
        status = decision.status
        if status is _UNKNOWN:
            return status, None, self._readings.hints(rule, decision)
        return status, self._dated(decision.evidence) if status is _MET else None, _DECIDED
