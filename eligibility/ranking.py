"""`RankedMatches`: a patient's matches in display order, made only as far as they are read.

Display order: eligible first, then the fewest unknown criteria (the least left to check), then
NCT id. The cards read a few matches, a count and a short list, so the matcher's ranking keeps
its verdict and unknown-count groups as bitmaps (`eligibility.bitmaps`): lengths, tails and dates
are big-integer operations, and a `TrialMatch` is made only for a match that is read.
`RankedMatches.of` ranks any matches, so consumers such as `cards.build_cards` are written once.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from itertools import islice
from typing import TypeVar, overload

from eligibility.bitmaps import Reach, positions
from eligibility.catalog import CompiledTrial
from eligibility.compilation import Rule
from eligibility.match_digests import MatchDigest, MatchDigests
from eligibility.results import Verdict
from eligibility.rules import Decision
from eligibility.trial import Trial
from eligibility.trial_match import TrialMatch

U = TypeVar("U")

_VERDICT_RANK = {Verdict.ELIGIBLE: 0, Verdict.POSSIBLY_ELIGIBLE: 1, Verdict.NOT_ELIGIBLE: 2}


def display_order(match: TrialMatch) -> tuple[int, int, str]:
    """Eligible first, then the fewest unknowns (least left to check), then NCT id (stable)."""
    return (_VERDICT_RANK[match.verdict], match.unknown_count, match.trial.nct_id)


class RankedMatches(Sequence[TrialMatch], ABC):
    """Immutable matches in display order. Indexing and slicing make the matches they return;
    `len`, `after`, `card_worthy` and `newest_data_as_of` make none."""

    @staticmethod
    def of(matches: Iterable[TrialMatch]) -> RankedMatches:
        """Any matches, put in display order."""
        return _ListRanking(tuple(sorted(matches, key=display_order)))

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def _iter_from(self, start: int) -> Iterator[TrialMatch]:
        """The matches from position `start` on (start >= 0)."""

    @abstractmethod
    def after(self, count: int) -> RankedMatches:
        """The matches after the first `count`."""

    @abstractmethod
    def card_worthy(self, verdicts: Collection[Verdict]) -> RankedMatches:
        """The matches with one of `verdicts` and at least one criterion in their checklist (a
        trial without criteria is vacuously eligible but says nothing about the patient)."""

    @abstractmethod
    def newest_data_as_of(self) -> date | None:
        """The newest `data_as_of` of these matches' trials (None when there are none)."""

    def __iter__(self) -> Iterator[TrialMatch]:
        return self._iter_from(0)

    def digested(self, digests: MatchDigests[U]) -> Iterator[tuple[Trial, Verdict, MatchDigest[U]]]:
        """Each match's trial, verdict and digest (`TrialMatch.digest`), in display order."""
        for match in self:
            yield match.trial, match.verdict, match.digest(digests)

    @overload
    def __getitem__(self, index: int) -> TrialMatch: ...

    @overload
    def __getitem__(self, index: slice) -> list[TrialMatch]: ...

    def __getitem__(self, index: int | slice) -> TrialMatch | list[TrialMatch]:
        size = len(self)
        if isinstance(index, slice):
            start, stop, step = index.indices(size)
            if step != 1:
                return list(islice(self._iter_from(0), start, stop, step)) if stop > start else []
            return list(islice(self._iter_from(start), max(0, stop - start)))
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("ranked match index out of range")
        return next(self._iter_from(index))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} matches)"


class _ListRanking(RankedMatches):
    """Matches already made, held in display order."""

    __slots__ = ("_matches",)

    def __init__(self, matches: tuple[TrialMatch, ...]) -> None:
        self._matches = matches

    def __len__(self) -> int:
        return len(self._matches)

    def _iter_from(self, start: int) -> Iterator[TrialMatch]:
        return iter(self._matches[start:])

    def after(self, count: int) -> RankedMatches:
        return _ListRanking(self._matches[max(0, count) :])

    def card_worthy(self, verdicts: Collection[Verdict]) -> RankedMatches:
        wanted = frozenset(verdicts)
        return _ListRanking(
            tuple(m for m in self._matches if m.verdict in wanted and m.criterion_count > 0)
        )

    def newest_data_as_of(self) -> date | None:
        return max((m.trial.data_as_of for m in self._matches), default=None)


class MatchGroup:
    """Trials of one verdict and one unknown count, as a bitmap (of a `Reach`'s numbering)."""

    __slots__ = ("bits", "size", "unknown_count", "verdict")

    def __init__(self, verdict: Verdict, unknown_count: int, bits: int) -> None:
        self.verdict = verdict
        self.unknown_count = unknown_count
        self.bits = bits
        self.size = bits.bit_count()


class BitmapRanking(RankedMatches):
    """The matcher's ranking: groups in display order, as bitmaps over the candidates of
    `reach` (whose numbering is catalog order, so NCT id order within a group); a match is made
    on first read and remembered, by every ranking derived from this one (they share `decided`,
    hence the same checklists)."""

    __slots__ = (
        "_as_of",
        "_compiled",
        "_decided",
        "_groups",
        "_made",
        "_made_lock",
        "_reach",
        "_size",
    )

    def __init__(
        self,
        groups: Sequence[MatchGroup],
        reach: Reach,
        compiled: Sequence[CompiledTrial],
        decided: Mapping[Rule, Decision],
        as_of: date,
        *,
        _made: dict[int, TrialMatch] | None = None,
        _made_lock: threading.Lock | None = None,
    ) -> None:
        """`compiled`: the catalog's compiled trials by position (`reach.positions` indexes
        them)."""
        self._groups = tuple(group for group in groups if group.size)
        self._reach = reach
        self._compiled = compiled
        self._decided = decided
        self._as_of = as_of
        self._size = sum(group.size for group in self._groups)
        self._made = {} if _made is None else _made
        self._made_lock = threading.Lock() if _made_lock is None else _made_lock

    def _derived(self, groups: Iterable[MatchGroup]) -> BitmapRanking:
        return BitmapRanking(
            tuple(groups),
            self._reach,
            self._compiled,
            self._decided,
            self._as_of,
            _made=self._made,
            _made_lock=self._made_lock,
        )

    def __len__(self) -> int:
        return self._size

    def _iter_from(self, start: int) -> Iterator[TrialMatch]:
        for group in self._groups_after(start):
            for number in positions(group.bits):
                yield self._match(number, group)

    def digested(self, digests: MatchDigests[U]) -> Iterator[tuple[Trial, Verdict, MatchDigest[U]]]:
        # Straight from the bitmaps: a worklist reads every match's digest and none of its
        # checklist, so no `TrialMatch` is made (nor remembered) for it.
        decided = self._decided
        compiled, where = self._compiled, self._reach.positions
        for group in self._groups:
            verdict = group.verdict
            for number in positions(group.bits):
                trial = compiled[where[number]]
                yield trial.trial, verdict, digests.of_criteria(trial.criteria, decided)

    def _match(self, number: int, group: MatchGroup) -> TrialMatch:
        made = self._made.get(number)
        if made is None:
            made = TrialMatch.deferred(
                self._compiled[self._reach.positions[number]],
                group.verdict,
                self._as_of,
                group.unknown_count,
                self._decided,
            )
            with self._made_lock:
                made = self._made.setdefault(number, made)
        return made

    def after(self, count: int) -> RankedMatches:
        return self._derived(self._groups_after(count))

    def _groups_after(self, count: int) -> Sequence[MatchGroup]:
        """The groups without their first `count` matches."""
        if count <= 0:
            return self._groups
        remaining = count
        groups: list[MatchGroup] = []
        for group in self._groups:
            if remaining >= group.size:
                remaining -= group.size
                continue
            if remaining:
                group = MatchGroup(
                    group.verdict, group.unknown_count, _without_lowest(group.bits, remaining)
                )
                remaining = 0
            groups.append(group)
        return groups

    def card_worthy(self, verdicts: Collection[Verdict]) -> RankedMatches:
        wanted = frozenset(verdicts)
        with_criteria = self._reach.with_criteria
        return self._derived(
            MatchGroup(group.verdict, group.unknown_count, group.bits & with_criteria)
            for group in self._groups
            if group.verdict in wanted
        )

    def newest_data_as_of(self) -> date | None:
        every = 0
        for group in self._groups:
            every |= group.bits
        for day, trials in self._reach.by_date:
            if trials & every:
                return day
        return None


def _without_lowest(bits: int, count: int) -> int:
    """`bits` with its `count` lowest set bits cleared."""
    for _ in range(count):
        bits &= bits - 1
    return bits
