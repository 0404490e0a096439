"""Sets of undecided criteria, each stored once and referenced by the entries that have it.

A patient's ~500 worklist entries hold only a few dozen distinct sets of undecided criteria
(trials share criteria), and so do a partition's. Each distinct set is made into its stored
forms once — its JSON (`stored_entries.unknowns_json`, what the database keeps) and its three
CSV cells already in CSV syntax — and every entry refers to it by a small integer key. The
CSVs and the database worklists are then made by SQL from the stored forms, with no Python
per entry.
"""

from __future__ import annotations

import csv
import io
from typing import Final

from cds_service.prescreen.patient_job import Unknown
from cds_service.prescreen.stored_entries import unknowns_json

# A spreadsheet would run a cell starting with one of these as a formula (CSV injection): such
# a cell gets a leading quote. The SQL that writes CSV rows applies the same guard.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
# Distinct sets held by one table before it starts afresh (a bound on a worker's memory; a set
# seen again after that is stored again under a new key, and the merge folds copies by JSON).
MAX_SETS: Final = 50_000


def guarded(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unknown_cells(unknowns: tuple[Unknown, ...]) -> tuple[str, str, str]:
    """The CSV's `unknown_criteria`, `to_record`, `to_review_by_hand` cells (guarded)."""
    undecided = [u for u in unknowns if not u.manual_review]
    by_hand = [u for u in unknowns if u.manual_review]
    return (
        guarded("; ".join(u.label for u in undecided)),
        guarded("; ".join(u.to_record or u.label for u in undecided)),
        guarded("; ".join(u.label for u in by_hand)),
    )


class CsvFragments:
    """Cells as the CSV writer writes them inside a row (quoted where needed, no line end).
    One writer and buffer reused: making them for each set cost more than writing the set."""

    __slots__ = ("_buffer", "_writer")

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)

    def __call__(self, cells: tuple[str, ...]) -> str:
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        self._writer.writerow(cells)
        return buffer.getvalue().removesuffix("\r\n")


class SetTable:
    """The distinct sets met so far and their keys; `new` lists those not yet written out."""

    __slots__ = ("_fragment", "_keys", "_next", "new")

    def __init__(self) -> None:
        # By value: `Unknown`s are tuples of strings, so a set hashes in C (~0.3 µs), and an
        # equal set made of other objects is the same set.
        self._keys: dict[tuple[Unknown, ...], int] = {}
        self._next = 1
        self._fragment = CsvFragments()
        self.new: list[tuple[int, str, str]] = []  # (key, JSON, CSV cells)

    def key(self, unknowns: tuple[Unknown, ...]) -> int:
        found = self._keys.get(unknowns)
        if found is not None:
            return found
        if len(self._keys) >= MAX_SETS:
            self._keys.clear()
        key = self._keys[unknowns] = self._next
        self._next += 1
        self.new.append((key, unknowns_json(unknowns), self._fragment(unknown_cells(unknowns))))
        return key

    def take_new(self) -> list[tuple[int, str, str]]:
        new, self.new = self.new, []
        return new
