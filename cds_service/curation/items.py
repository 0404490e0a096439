"""The registry's eligibility text item by item, beside the criteria each item produced.

Extraction (`eligibility.ctgov.extraction`) quotes the item a criterion was read from in its
`source_text`, and turns what it could not read for sure into a `free_text` criterion, which a
person must review. So a criterion belongs to the item whose text it quotes; criteria quoting no
item (the registry's age and sex fields, criteria a curator wrote, or items since reworded in the
registry) are listed apart, so nothing is hidden.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eligibility.criteria import Criterion, FreeTextCriterion, Section
from eligibility.ctgov.extraction import clean
from eligibility.ctgov.splitting import EligibilityItem, split_eligibility


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One item of the registry text and the (top-level) criteria that quote it."""

    item: EligibilityItem
    criteria: tuple[Criterion, ...]

    @property
    def for_review(self) -> tuple[FreeTextCriterion, ...]:
        """The item's free-text criteria: what extraction left for a person."""
        return tuple(c for c in self.criteria if isinstance(c, FreeTextCriterion))

    @property
    def structured(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if not isinstance(c, FreeTextCriterion))

    @property
    def text(self) -> str:
        """The item as a reader sees it (the registry's Markdown escapes undone)."""
        return clean(self.item.text)

    @property
    def anchor(self) -> str:
        return f"{self.item.section}-{self.item.number}"


@dataclass(frozen=True, slots=True)
class ItemView:
    rows: tuple[ItemRow, ...]
    unpaired: tuple[Criterion, ...]  # criteria quoting no item of the text

    @property
    def has_text(self) -> bool:
        return bool(self.rows)

    def section(self, name: str) -> tuple[ItemRow, ...]:
        return tuple(row for row in self.rows if row.item.section == name)


def _key(text: str) -> str:
    """Texts compared as the reader sees them: Markdown escapes undone, spacing and case
    ignored (a criterion keeps the item's text exactly, but a re-split text may differ in
    spacing)."""
    return re.sub(r"\s+", " ", clean(text)).strip().casefold()


def pair_items(eligibility_text: str | None, criteria: tuple[Criterion, ...]) -> ItemView:
    """Each item of the text with the criteria quoting it, in the order of the criteria. A
    criterion goes to the item of its own section when the same words stand in both."""
    items = split_eligibility(eligibility_text)
    keys = [(item.section, _key(item.text)) for item in items]
    sections_of: dict[str, list[Section]] = {}
    for section, text in keys:
        sections_of.setdefault(text, []).append(section)
    paired: dict[tuple[Section, str], list[Criterion]] = {}
    unpaired: list[Criterion] = []
    for criterion in criteria:
        text = _key(criterion.source_text) if criterion.source_text else ""
        sections = sections_of.get(text)
        if not sections:
            unpaired.append(criterion)
            continue
        section = criterion.section if criterion.section in sections else sections[0]
        paired.setdefault((section, text), []).append(criterion)
    rows: list[ItemRow] = []
    for item, key in zip(items, keys, strict=True):
        # An item repeated word for word in one section gets its criteria once, at the first.
        rows.append(ItemRow(item, tuple(paired.pop(key, ()))))
    return ItemView(tuple(rows), tuple(unpaired))
