"""Disease settings named as the setting of prior therapy ("for metastatic disease", "in the
locally advanced or metastatic setting"), not as a requirement on the disease.

Shared by the disease-extent reader, which leaves these words alone, and the prior-lines
reader, which scopes its counts by them (LOT-SETTING, LOT-ADVANCED).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eligibility.criteria import LineScope

_I = re.IGNORECASE

_EXTENT_WORD = (
    r"(?:locally[\s-]+advanced|advanced|unresectable|non-?resectable|inoperable|"
    r"(?:locally[\s-]+)?recurrent|metastatic|relapsed)"
)
_EXTENTS = rf"{_EXTENT_WORD}(?:\s*(?:,|/|\bor\b|\band/or\b|\()\s*{_EXTENT_WORD}\)?)*"
_SETTING = re.compile(
    rf"\bfor\s+(?:the\s+treatment\s+of\s+)?(?:their\s+|his/her\s+|the\s+|an?\s+)?"
    rf"(?P<a>{_EXTENTS})\s+(?:disease|diseases|cancer|setting|solid\s+tumou?rs?)\b"
    rf"|\bin\s+the\s+(?P<b>{_EXTENTS})\s+(?:disease\s+)?setting\b",
    _I,
)


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting phrase: where it stands, and the line scope it names."""

    start: int
    end: int
    scope: LineScope


def settings(text: str) -> list[Setting]:
    """Every setting phrase of `text`, with the scope it names: `recurrent_metastatic` when it
    names metastatic disease only, `advanced` when it names advanced, locally advanced,
    unresectable or recurrent disease (LineSetting cannot tell these lines from curative
    ones, LOT-ADVANCED)."""
    found = []
    for match in _SETTING.finditer(text):
        words = (match.group("a") or match.group("b")).lower()
        only_metastatic = re.fullmatch(r"metastatic", words.strip()) is not None
        found.append(
            Setting(
                match.start(),
                match.end(),
                "recurrent_metastatic" if only_metastatic else "advanced",
            )
        )
    return found


def inside(position: int, found: list[Setting]) -> bool:
    return any(s.start <= position < s.end for s in found)
