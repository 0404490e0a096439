"""An item every cohort repeats is every patient's rule.

Items under a part, cohort or phase heading hold for that group only and are not read (see
`extraction.extract_item`). When a section is divided into such groups and every group states
the very same item ("Locally-advanced, unresectable, or metastatic stage" under "Dose
Escalation ...", "Cohort A ...", ... "Cohort D ..."), the item holds for every patient the
text enrols: it is read once, unscoped, quoting the first occurrence; the repeats say nothing
more and are dropped. Groups a heading only adds to ("Additional Inclusion Criteria for Arm
C:") do not divide the patients and are not counted; one group lacking the item, or wording
that differs by a word, leaves every occurrence to its group (manual review, cohort named).
"""

from __future__ import annotations

import dataclasses
import re

from eligibility.ctgov.splitting import EligibilityItem

_ADDITIVE = re.compile(r"^\W*additional\b", re.IGNORECASE)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[*_\\]+", " ", text).split()).casefold()


def _groups(items: list[EligibilityItem]) -> dict[str, dict[str, list[int]]]:
    """section -> group heading -> indexes of its top-level items (context-free ones only)."""
    groups: dict[str, dict[str, list[int]]] = {}
    for index, item in enumerate(items):
        if item.heading is None or _ADDITIVE.match(item.heading):
            continue
        by_heading = groups.setdefault(item.section, {})
        members = by_heading.setdefault(item.heading, [])
        if item.depth == 0 and item.context is None:
            members.append(index)
    return groups


def common_to_every_cohort(items: list[EligibilityItem]) -> list[EligibilityItem]:
    """The items, with each item repeated word for word in every group of its section read as
    everyone's (once) and its repeats removed."""
    unscoped: dict[int, EligibilityItem] = {}
    dropped: set[int] = set()
    for by_heading in _groups(items).values():
        if len(by_heading) < 2:
            continue
        texts = [
            {_words(items[i].text): i for i in reversed(members)} for members in by_heading.values()
        ]
        common = set(texts[0]).intersection(*texts[1:])
        for words in common:
            occurrences = sorted(group[words] for group in texts)
            first = occurrences[0]
            unscoped[first] = dataclasses.replace(items[first], heading=None)
            dropped.update(occurrences[1:])
    return [unscoped.get(index, item) for index, item in enumerate(items) if index not in dropped]


__all__ = ["common_to_every_cohort"]
