"""The bounded LRU and memo behind every cache, and the registry that clears them."""

from __future__ import annotations

import random
from collections import OrderedDict

from eligibility.caches import BoundedLru, BoundedMemo, clear_caches, registered


def test_lru_returns_what_was_stored_including_false() -> None:
    memo: BoundedLru[str, bool] = BoundedLru("test.false", 10)
    assert memo.get("cisplatin") is None
    assert memo.put("cisplatin", False) is False
    assert memo.get("cisplatin") is False  # a stored False is a hit, not a miss


def test_lru_is_bounded_and_evicts_the_least_recently_used() -> None:
    memo: BoundedLru[int, int] = BoundedLru("test.bounded", 3)
    for key in range(3):
        memo.put(key, key * 10)
    assert len(memo) == 3
    assert memo.get(0) == 0  # 0 is now the most recent: 1 is the least
    memo.put(3, 30)
    assert len(memo) == 3
    assert memo.get(1) is None
    assert (memo.get(0), memo.get(2), memo.get(3)) == (0, 20, 30)


def test_a_memo_keeps_at_least_the_maxsize_most_recently_used_and_at_most_twice_that() -> None:
    # Against an exact least-recently-used map of the same size, on a long mixed run.
    maxsize = 8
    memo: BoundedMemo[int, int] = BoundedMemo("test.bounded", maxsize)
    exact: OrderedDict[int, int] = OrderedDict()
    draw = random.Random(27)
    for _ in range(5_000):
        key = draw.randrange(40)
        if memo.get(key) is None:
            memo.put(key, key * 10)
        exact[key] = key * 10
        exact.move_to_end(key)
        while len(exact) > maxsize:
            exact.popitem(last=False)
        assert all(kept in memo for kept in exact)
        assert len(memo) <= 2 * maxsize - 1


def test_a_memos_entry_unused_for_two_generations_goes() -> None:
    memo: BoundedMemo[str, int] = BoundedMemo("test.generations", 2)
    for key in ("a", "b", "c", "d"):
        memo.put(key, 1)
    # Two generations on without a use: a and b are gone, c and d are held.
    assert [key in memo for key in "abcd"] == [False, False, True, True]
    assert memo.get("c") == 1  # a hit in the old generation moves it to the young one
    memo.put("e", 1)  # the young generation is full: the old one, holding only d, goes
    assert [key in memo for key in "cde"] == [True, False, True]


def test_a_memo_of_size_zero_keeps_nothing() -> None:
    memo: BoundedMemo[str, int] = BoundedMemo("test.zero", 0)
    assert memo.put("a", 1) == 1
    assert (memo.get("a"), len(memo)) == (None, 0)


def test_values_are_computed_once_per_key() -> None:
    memo: BoundedLru[str, int] = BoundedLru("test.once", 10)
    computed: list[str] = []

    def length(text: str) -> int:
        found = memo.get(text)
        if found is None:
            computed.append(text)
            found = memo.put(text, len(text))
        return found

    assert [length(t) for t in ("ab", "abc", "ab", "abc", "ab")] == [2, 3, 2, 3, 2]
    assert computed == ["ab", "abc"]


def test_pop_removes_an_entry() -> None:
    memo: BoundedLru[bytes, str] = BoundedLru("test.pop", 2)
    memo.put(b"k", "chart")
    assert memo.pop(b"k") == "chart"
    assert memo.get(b"k") is None
    assert memo.pop(b"k") is None


def test_every_cache_is_registered_and_cleared_together() -> None:
    first: BoundedLru[str, int] = BoundedLru("test.registry", 5)
    second: BoundedMemo[str, int] = BoundedMemo("test.registry", 5)
    first.put("a", 1)
    second.put("b", 2)
    assert {first, second} <= set(registered()["test.registry"])
    clear_caches()
    assert (len(first), len(second)) == (0, 0)


def test_a_dropped_cache_leaves_the_registry() -> None:
    BoundedLru[str, int]("test.dropped", 5)  # no reference kept: collected at once
    assert "test.dropped" not in registered()
