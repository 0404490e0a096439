"""Lines of systemic therapy derived from dated antineoplastic exposures.

Rules (applied to exposures sorted by start date; non-antineoplastic drugs such as antiemetics,
steroids and bone-modifying agents never make or change lines):
1. The first exposure opens line 1; its start is the line's start.
2. Every agent started within `REGIMEN_WINDOW_DAYS` (28 days, one usual cycle) of the line's
   start joins the line's regimen ("cisplatin + gemcitabine + toripalimab" started over the
   first cycle are one line).
3. A later exposure to an agent already in the current line is continuation or maintenance of
   that line (e.g. toripalimab alone after the combination): same line, whatever the gap.
4. A later exposure to an agent NOT in the current line, after the window, opens a new line;
   agents started within the window of that new start join it (even ones used in an earlier line,
   e.g. a platinum rechallenge with a new partner).
5. A gap alone never starts a new line (a treatment break is not progression; we cannot see
   progression in these resources).
Exposures without a start date cannot be placed and do not make lines (they stay in
`PatientFacts.exposures`).

A line ends at the latest end (or start, when no end is recorded) of its exposures. It is
ongoing when it is the last line and one of its exposures is active / in-progress / on-hold, or
has an end date after `as_of`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from eligibility.facts import TherapyExposure, TherapyLine
from eligibility.vocabulary import DrugClass

REGIMEN_WINDOW_DAYS = 28
_ONGOING_STATUS = frozenset({"active", "in-progress", "on-hold"})


@dataclass
class _Line:
    start: date
    agents: list[str] = field(default_factory=list)
    classes: set[DrugClass] = field(default_factory=set)
    exposures: list[TherapyExposure] = field(default_factory=list)

    def add(self, exposure: TherapyExposure) -> None:
        if exposure.agent not in self.agents:
            self.agents.append(exposure.agent)
        self.classes.update(exposure.classes)
        self.exposures.append(exposure)


def derive_lines(exposures: tuple[TherapyExposure, ...], as_of: date) -> tuple[TherapyLine, ...]:
    dated = sorted(
        (e for e in exposures if e.antineoplastic and e.start is not None),
        key=lambda e: (e.start or date.min, e.agent),
    )
    window = timedelta(days=REGIMEN_WINDOW_DAYS)
    lines: list[_Line] = []
    for exposure in dated:
        start = exposure.start
        assert start is not None
        current = lines[-1] if lines else None
        if current is None or (
            exposure.agent not in current.agents and start > current.start + window
        ):
            current = _Line(start=start)
            lines.append(current)
        current.add(exposure)
    result = []
    for number, line in enumerate(lines, start=1):
        end = max((e.end or e.start or line.start) for e in line.exposures)
        last = number == len(lines)
        ongoing = last and any(
            e.status in _ONGOING_STATUS or (e.end is not None and e.end > as_of)
            for e in line.exposures
        )
        result.append(
            TherapyLine(
                evidence=tuple(dict.fromkeys(ref for e in line.exposures for ref in e.evidence)),
                number=number,
                agents=tuple(line.agents),
                classes=frozenset(line.classes),
                start=line.start,
                end=None if ongoing else end,
                ongoing=ongoing,
            )
        )
    return tuple(result)
