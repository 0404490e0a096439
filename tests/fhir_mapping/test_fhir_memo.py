"""The bounded memo behind the terminology lookups."""

from __future__ import annotations

from fhir_mapping.memo import BoundedMemo


def test_memo_returns_what_was_stored_including_false() -> None:
    memo: BoundedMemo[str, bool] = BoundedMemo()
    assert memo.get("cisplatin") is None
    assert memo.put("cisplatin", False) is False
    assert memo.get("cisplatin") is False  # a stored False is a hit, not a miss


def test_memo_is_emptied_when_it_reaches_its_limit() -> None:
    memo: BoundedMemo[int, int] = BoundedMemo(limit=3)
    for key in range(3):
        memo.put(key, key * 10)
    assert len(memo) == 3
    memo.put(3, 30)
    assert len(memo) == 1
    assert memo.get(0) is None
    assert memo.get(3) == 30
