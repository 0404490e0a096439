"""Sets of trials as bitmaps, so that matching works on whole sets of trials at once.

Trials have fixed positions in a catalog (sorted by NCT id); a set of them is an `int` with bit
*p* set for trial *p*, so set operations are C-level, not a Python loop over trials.
`CatalogBitmaps` keeps the trials per taxonomy node, those open to any cancer type, and per rule
the trials holding it (`RuleTrials`, most-held first). `Reach` renumbers one set of diagnoses'
candidates 0..n-1, so the matcher's integers are n bits wide; `UnknownCounts` is bit-sliced.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from eligibility.caches import BoundedLru
from eligibility.compilation import Rule
from eligibility.index import CancerTypeIndex


def bitmap(positions: Iterable[int], size: int) -> int:
    """The bitmap of `positions` (each in range(size))."""
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def positions(bits: int) -> Iterator[int]:
    """The set bits of `bits`, ascending."""
    if not bits:
        return
    # One C-level conversion, then str.find jumps from one set bit to the next.
    text = format(bits, "b")[::-1]
    found = text.find("1")
    while found != -1:
        yield found
        found = text.find("1", found + 1)


@dataclass(frozen=True, slots=True)
class RuleTrials:
    """The trials holding `rule`: `occurrences[0]` those with at least one copy of it,
    `occurrences[k]` those with more than k copies (a trial can hold a rule twice, e.g. a
    duplicated exclusion, and each copy counts when unknown criteria are counted)."""

    rule: Rule
    occurrences: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Reach:
    """The candidate trials of one set of diagnosis nodes, numbered 0..n-1 in catalog order
    (`positions[i]` is the catalog position of candidate i), and, over that numbering: every
    candidate (`everyone`), the rules some of them hold (in the catalog's `rules` order), the
    candidates with at least one criterion, and the candidates per `data_as_of` date (newest
    first)."""

    positions: tuple[int, ...]
    everyone: int
    rules: tuple[RuleTrials, ...]
    with_criteria: int
    by_date: tuple[tuple[date, int], ...]


class CatalogBitmaps:
    """Bitmaps of one catalog's trial positions (see the module docstring). Immutable, apart
    from a small memo of `reachable` answers."""

    __slots__ = (
        "_by_node",
        "_dates",
        "_level_count",
        "_levels",
        "_open",
        "_reachable",
        "_trial_levels",
        "rules",
        "size",
    )

    # Distinct sets of diagnosis nodes kept; a few dozen in practice (one per cancer type and
    # its ancestors). A reach of ~4,000 candidates and ~700 rules is ~0.5 MB.
    REACHABLE_MEMO = 64

    def __init__(
        self,
        trial_rules: Sequence[Sequence[Rule]],
        index: CancerTypeIndex,
        dates: Sequence[date],
    ) -> None:
        """`trial_rules[p]`: the rules of the trial at position p; `index`: the same catalog's
        cancer-type index, whose filing the candidate bitmaps mirror; `dates[p]`: the trial's
        `data_as_of`."""
        size = len(trial_rules)
        self.size = size
        self._dates = dates
        held = _holders(enumerate(trial_rules))
        # Most widely held first: when one of them is not met for a patient, the trials holding
        # it drop out before their rarer rules are decided at all.
        ordered = sorted(held.items(), key=lambda item: -len(item[1][0]))
        self.rules: tuple[RuleTrials, ...] = tuple(
            RuleTrials(rule, tuple(bitmap(level, size) for level in levels))
            for rule, levels in ordered
        )
        # Every (rule, copy) level numbered in `rules` order, and per trial the levels it is
        # in: a reach files its candidates by level number, without hashing a rule per copy.
        trial_levels: list[list[int]] = [[] for _ in range(size)]
        levels_of_rules: list[tuple[Rule, range]] = []
        number = 0
        for rule, levels in ordered:
            levels_of_rules.append((rule, range(number, number + len(levels))))
            for level in levels:
                for position in level:
                    trial_levels[position].append(number)
                number += 1
        self._level_count = number
        self._levels = tuple(levels_of_rules)
        self._trial_levels = tuple(tuple(levels) for levels in trial_levels)
        self._by_node = {node: bitmap(found, size) for node, found in index.by_node.items()}
        self._open = bitmap(index.open_positions, size)
        self._reachable: BoundedLru[frozenset[str], Reach] = BoundedLru(
            "eligibility.bitmaps.reachable", self.REACHABLE_MEMO
        )

    def reachable(self, nodes: frozenset[str]) -> Reach:
        """The candidates of a patient at `nodes`, renumbered, and the rules some of them hold:
        patients with the same diagnoses share the answer, and the matcher's loop skips the
        ~60 % of the catalog's rules held only by trials for other cancers."""
        known = self._reachable.get(nodes)
        if known is not None:
            return known
        return self._reachable.put(nodes, self._reach(self.candidates(nodes)))

    def _reach(self, candidates: int) -> Reach:
        # Filed trial by trial, as the catalog-wide bitmaps are, rather than by cutting every
        # catalog-wide bitmap down: once per node set, a few ms for 4,000 candidates.
        found = tuple(positions(candidates))
        count = len(found)
        width = (count + 7) // 8
        # The bytes of each level's bitmap, set candidate by candidate.
        filed = [bytearray(width) for _ in range(self._level_count)]
        trial_levels, dates = self._trial_levels, self._dates
        dated: dict[date, list[int]] = {}
        for number, position in enumerate(found):
            byte, bit = number >> 3, 1 << (number & 7)
            for level in trial_levels[position]:
                filed[level][byte] |= bit
            dated.setdefault(dates[position], []).append(number)
        bits = [int.from_bytes(level, "little") for level in filed]
        # A trial is in some level exactly when it has a criterion.
        with_criteria = (number for number, position in enumerate(found) if trial_levels[position])
        return Reach(
            positions=found,
            everyone=(1 << count) - 1,
            # A trial with k + 1 copies of a rule has k: only the last levels can be empty.
            rules=tuple(
                RuleTrials(rule, tuple(bits[n] for n in levels if bits[n]))
                for rule, levels in self._levels
                if bits[levels.start]
            ),
            with_criteria=bitmap(with_criteria, count),
            by_date=tuple(
                (day, bitmap(numbers, count))
                for day, numbers in sorted(dated.items(), reverse=True)
            ),
        )

    def candidates(self, nodes: Iterable[str]) -> int:
        """The trials a patient at `nodes` (ancestors included) can reach: those filed under
        one of the nodes, and the open ones (`CancerTypeIndex.positions`, as a bitmap)."""
        found = self._open
        by_node = self._by_node
        for node in nodes:
            found |= by_node.get(node, 0)
        return found


def _holders(numbered: Iterable[tuple[int, Sequence[Rule]]]) -> dict[Rule, list[list[int]]]:
    """Per rule, the numbers of the trials holding it (`[0]`) and of those holding more than k
    copies of it (`[k]`), ascending when `numbered` is."""
    held: dict[Rule, list[list[int]]] = {}
    for number, rules in numbered:
        if len(set(rules)) == len(rules):  # one copy of each: the common case, without counting
            for rule in rules:
                levels = held.get(rule)
                if levels is None:
                    held[rule] = [[number]]
                else:
                    levels[0].append(number)
            continue
        copies: dict[Rule, int] = {}
        for rule in rules:
            copy = copies.get(rule, 0)
            copies[rule] = copy + 1
            levels = held.get(rule)
            if levels is None:
                levels = held[rule] = []
            if copy == len(levels):
                levels.append([])
            levels[copy].append(number)
    return held


class UnknownCounts:
    """Per trial, a count (of unknown criteria), kept bit-sliced: `_digits[i]` holds bit i of
    every trial's count."""

    __slots__ = ("_digits",)

    def __init__(self) -> None:
        self._digits: list[int] = []

    def add(self, trials: int) -> None:
        """Add one to the count of every trial in `trials`."""
        digits = self._digits
        carry = trials
        for index, digit in enumerate(digits):
            if not carry:
                return
            digits[index] = digit ^ carry
            carry = digit & carry
        if carry:
            digits.append(carry)

    def by_count(self, trials: int) -> Iterator[tuple[int, int]]:
        """(count, the trials of `trials` with that count), by increasing count; only
        non-empty groups."""
        remaining = trials
        count = 0
        digits = self._digits
        while remaining:
            group = remaining
            for index, digit in enumerate(digits):
                group &= digit if count >> index & 1 else ~digit
            if group:
                yield count, group
                remaining &= ~group
            count += 1
