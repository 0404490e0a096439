"""Sets of undecided criteria, each stored once and referenced by the entries that have it.

A patient's ~400 worklist entries hold almost as many distinct sets of undecided criteria (each
trial names and labels its criteria its own way), but one patient's sets are mostly the
previous patients': on the benchmark's population, 26,000 distinct sets after 2,000 patients,
growing by a few a patient. Each distinct set is made into its stored forms once — its JSON
(`stored_entries.unknowns_json`, what the database keeps) and its three CSV cells already in
CSV syntax — and every entry refers to it by a small integer key. The CSVs and the database
worklists are then made by SQL from the stored forms, with no Python per entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from cds_service.prescreen.patient_job import Unknown
from cds_service.prescreen.stored_entries import unknowns_json

# A spreadsheet would run a cell starting with one of these as a formula (CSV injection): such
# a cell gets a leading quote. The SQL that writes CSV rows applies the same guard.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
# What makes the excel dialect (`csv.writer`'s default) quote a cell: its delimiter, its quote,
# its line terminator's characters. The SQL that writes CSV rows quotes by the same ones.
QUOTED_CHARS: Final = ',"\r\n'
_NEEDS_QUOTES: Final = re.compile(f"[{re.escape(QUOTED_CHARS)}]")
# Distinct sets held by one table before it starts afresh (a bound on a worker's memory; a set
# seen again after that is stored again under a new key, and the merge folds copies by JSON).
MAX_SETS: Final = 50_000


def guarded(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unknown_cells(unknowns: tuple[Unknown, ...]) -> tuple[str, str, str]:
    """The CSV's `unknown_criteria`, `to_record`, `to_review_by_hand` cells (guarded), each
    naming a wording once in the trial's order: a cell is read as a to-do list, and criteria
    that wait on one result (or that registry text states twice) would repeat it. The stored
    set (`unknowns_json`) keeps every criterion."""
    undecided = [u for u in unknowns if not u.manual_review]
    by_hand = [u for u in unknowns if u.manual_review]
    return (
        _listed(u.label for u in undecided),
        _listed(u.to_record or u.label for u in undecided),
        _listed(u.label for u in by_hand),
    )


def _listed(wordings: Iterable[str]) -> str:
    return guarded("; ".join(dict.fromkeys(wordings)))


def csv_row(cells: tuple[str, ...]) -> str:
    """`cells` as the csv module's default writer (the excel dialect) writes them in a row,
    without the line end: a cell holding a comma, a quote or a line break quoted, its quotes
    doubled; a row of one empty cell as `""`. Made here, not by a writer: a writer into a buffer
    cost ~4 µs a row, most of writing a set of undecided criteria."""
    if len(cells) == 1 and not cells[0]:
        return '""'
    return ",".join(
        '"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES.search(cell) else cell
        for cell in cells
    )


class SetTable:
    """The distinct sets met so far and their keys; `new` lists those not yet written out."""

    __slots__ = ("_keys", "_next", "new")

    def __init__(self) -> None:
        # By value: `Unknown`s are tuples of strings, so a set hashes in C (~0.3 µs), and an
        # equal set made of other objects is the same set.
        self._keys: dict[tuple[Unknown, ...], int] = {}
        self._next = 1
        self.new: list[tuple[int, str, str]] = []  # (key, JSON, CSV cells)

    def key(self, unknowns: tuple[Unknown, ...]) -> int:
        found = self._keys.get(unknowns)
        if found is not None:
            return found
        if len(self._keys) >= MAX_SETS:
            self._keys.clear()
        key = self._keys[unknowns] = self._next
        self._next += 1
        self.new.append((key, unknowns_json(unknowns), csv_row(unknown_cells(unknowns))))
        return key

    def take_new(self) -> list[tuple[int, str, str]]:
        new, self.new = self.new, []
        return new
