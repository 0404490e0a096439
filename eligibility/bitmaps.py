"""Sets of trials as bitmaps, so that matching works on whole sets of trials at once.

A catalog's trials have fixed positions (sorted by NCT id). Here a set of positions is a Python
`int` whose bit *p* is set when trial *p* belongs to it: union, intersection and difference of
25,000 trials are single C-level operations on ~3 KB integers, where a loop over the trials in
Python costs microseconds per trial.

`CatalogBitmaps` holds, for one catalog:
- per taxonomy node, the trials filed under it, and the trials open to any cancer type — so the
  candidates of a patient are one OR per diagnosis node;
- per distinct rule, the trials holding it (`RuleTrials`), in decreasing order of how many trials
  hold it. A trial can hold the same rule twice (two criteria with the same content, e.g. a
  duplicated exclusion); `occurrences[k]` holds the trials with more than k copies, so that
  counting unknown criteria per trial stays exact.

`UnknownCounts` counts, per trial, how many of its criteria are unknown, as a binary number
spread over bitmaps (bit-sliced): adding a bitmap is a ripple-carry of a few big-integer
operations, whatever the number of trials.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

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
    `occurrences[k]` those with more than k copies."""

    rule: Rule
    occurrences: tuple[int, ...]


class CatalogBitmaps:
    """Bitmaps of one catalog's trial positions (see the module docstring). Immutable, apart
    from a small memo of `reachable` answers."""

    __slots__ = ("_by_node", "_lock", "_open", "_reachable", "rules", "size")

    # Distinct sets of diagnosis nodes seen; a few dozen in practice (one per cancer type and
    # its ancestors), so the memo is simply emptied if it ever fills.
    REACHABLE_MEMO = 512

    def __init__(self, trial_rules: Sequence[Sequence[Rule]], index: CancerTypeIndex) -> None:
        """`trial_rules[p]`: the rules of the trial at position p; `index`: the same catalog's
        cancer-type index, whose filing the candidate bitmaps mirror."""
        size = len(trial_rules)
        self.size = size
        held: dict[Rule, list[list[int]]] = {}
        for position, rules in enumerate(trial_rules):
            copies: dict[Rule, int] = {}
            for rule in rules:
                copy = copies.get(rule, 0)
                copies[rule] = copy + 1
                levels = held.get(rule)
                if levels is None:
                    levels = held[rule] = []
                if copy == len(levels):
                    levels.append([])
                levels[copy].append(position)
        # Most widely held first: when one of them is not met for a patient, the trials holding
        # it drop out before their rarer rules are decided at all.
        ordered = sorted(held.items(), key=lambda item: -len(item[1][0]))
        self.rules: tuple[RuleTrials, ...] = tuple(
            RuleTrials(rule, tuple(bitmap(level, size) for level in levels))
            for rule, levels in ordered
        )
        self._by_node = {node: bitmap(found, size) for node, found in index.by_node.items()}
        self._open = bitmap(index.open_positions, size)
        self._reachable: dict[frozenset[str], tuple[int, tuple[RuleTrials, ...]]] = {}
        self._lock = threading.Lock()

    def reachable(self, nodes: frozenset[str]) -> tuple[int, tuple[RuleTrials, ...]]:
        """The candidates of a patient at `nodes` and, in `rules` order, the rules some of them
        hold: patients with the same diagnoses share the answer, and the matcher's loop skips
        the ~60 % of the catalog's rules held only by trials for other cancers."""
        known = self._reachable.get(nodes)
        if known is not None:
            return known
        candidates = self.candidates(nodes)
        answer = (candidates, tuple(e for e in self.rules if e.occurrences[0] & candidates))
        with self._lock:
            if len(self._reachable) >= self.REACHABLE_MEMO:
                self._reachable.clear()
            self._reachable[nodes] = answer
        return answer

    def candidates(self, nodes: Iterable[str]) -> int:
        """The trials a patient at `nodes` (ancestors included) can reach: those filed under
        one of the nodes, and the open ones (`CancerTypeIndex.positions`, as a bitmap)."""
        found = self._open
        by_node = self._by_node
        for node in nodes:
            found |= by_node.get(node, 0)
        return found


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
