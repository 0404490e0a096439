"""How recent a lab, performance score or QTc must be (rule CT-WINDOW): "ECOG ≤ 2 within 14
days of registration", "(within 14 days of enrollment)", a lead-in "Adequate organ function
within 14 days of the first dose as defined by the following criteria:".

A window sets `within_days` on the criteria it governs: the labs, scores and QTc limits of its
own sentence, or every one of the items under a lead-in (or, for a lead-in written as a bullet
of its own, the labs listed beside it: `extraction._lead_in`). A value older than the window is then
stale (VAL-STALE), not accepted under the pre-screen default. Anything less plain — a hedge
after the window ("or as per institutional standard"), two windows, a window in the middle of a
list of limits, one of a lead-in beside another of the item — sends the item to review; a
window on support ("no transfusion within 7 days prior to enrollment") is no recency window and
is left to the lab reader (CT-LAB-SUPPORT).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from eligibility.criteria import (
    AllOfCriterion,
    AnyOfCriterion,
    Criterion,
    LabCriterion,
    PerformanceStatusCriterion,
    QTcCriterion,
)
from eligibility.ctgov.readers.labs import SUPPORT_WORDS, WITH_OR_WITHOUT_SUPPORT
from eligibility.ctgov.readers.reading import Found, Reading

_I = re.IGNORECASE

WINDOWED_FIELDS = frozenset({"lab", "performance_status", "qtc"})

_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "ten": 10,
    "fourteen": 14,
    "twenty-one": 21,
    "twenty-eight": 28,
    "thirty": 30,
}
_NUMBER = r"\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True))
# Any "within N days / weeks": read below, or the item goes to review (CT-LEFTOVER-QUALIFIER).
_WITHIN = re.compile(
    rf"\bwithin\s+(?:the\s+)?(?:last\s+|past\s+|prior\s+|previous\s+)?(?P<n>{_NUMBER})"
    r"\s*(?P<unit>days?|weeks?)\b",
    _I,
)
# What a protocol counts its window back from: the day the patient enters or is first dosed.
_ANCHOR = re.compile(
    r"\s*(?:prior\s+to|before|of|from)\s+(?:the\s+)?(?:"
    r"(?:study\s+)?(?:enrol(?:l)?ment|registration|randomi[sz]ation|entry)|"
    r"first\s+dose(?:\s+of\s+(?:the\s+)?(?:study\s+)?(?:drug|treatment|therapy|intervention|"
    r"medication))?|"
    r"(?:initiation|start)\s+of\s+(?:the\s+)?(?:study\s+)?(?:drug|treatment|therapy)|"
    r"study\s+(?:drug|treatment|therapy)\s+(?:initiation|start)|"
    r"(?:cycle\s*1,?\s*)?day\s*1|C1D1)\b",
    _I,
)
# A bare window ends its clause: "on a screening ECG within 28 days".
_BARE_END = re.compile(r"\s*(?:\)|[.;:,]|$)")
# Twenty-eighth session: "within 7 days prior (if feasible)": prior to nothing named, the day
# the patient enters (a bare window, before a clause's end or a window hedge).
_BARE_PRIOR = re.compile(r"\s+(?:prior|before)\b(?=\s*(?:\)|[.;:,(]|$))", _I)
# Twenty-eighth session: hedges on the window only, right after it (CT-WINDOW,
# CT-LEAD-IN-SCOPE): which window holds, not who may enrol. "unless otherwise specified" makes
# it the default of the lead-in's list (an item's own window is the "otherwise"); "if feasible"
# or "per institutional standard" leave the days uncertain (read with review).
_WINDOW_DEFAULT = re.compile(
    r"\s*(?:,\s*|\(\s*)?unless\s+otherwise\s+(?:specified|noted|stated|indicated)\b\s*\)?", _I
)
_WINDOW_HEDGE = re.compile(
    r"\s*(?:,\s*|\(\s*)?(?:(?:if|where|when(?:ever)?)\s+(?:feasible|possible)|"
    r"or\s+(?:as\s+)?per\s+(?:the\s+)?(?:local\s+|institutional\s+)+"
    r"(?:standards?|practice|guidelines?|policy))\b\s*\)?",
    _I,
)
# A hedge after the window: the protocol's window or another.
_HEDGE_AFTER = re.compile(
    r"\s*\)?\s*,?\s*(?:or\b|unless\b|except\b|if\b|as\s+per\b|per\b|according\b)", _I
)
# A window on support (the lab reader's words, CT-LAB-SUPPORT: "to support" is a verb and names
# none) or on treatment, not on how recent a value is. Twenty-sixth session: one spelling of the
# support words; before it this list had its own, without "blood components".
_SUPPORT = re.compile(
    rf"{SUPPORT_WORDS}|\bsupportive\b|\btreatment|\btherap|\breceiv|\bgiven\b|\badminist|"
    r"\bmedication|\bdrugs?\b|\bagents?\b|\bwashout\b",
    _I,
)


# Where a support clause begins after a window (CT-LAB-SUPPORT's clause words).
_SUPPORT_CLAUSE_START = re.compile(
    r"[,;]\s*(?:without|in\s+the\s+absence\s+of|independent\s+of|no|and\s+no)\b|"
    # With no comma, after the window's anchor (twenty-seventh session): "ANC ≥ 1.5 within 14
    # days prior to enrollment without growth factor support".
    r"^\s+(?:without|in\s+the\s+absence\s+of|independent\s+of)\b",
    _I,
)
# A bracket closed before the window is a clause of its own (twenty-seventh session): "ANC ≥
# 1.5 (without growth factor support) within 14 days prior to enrollment".
_CLOSED_BRACKET = re.compile(r"\([^()]*\)")
# A support clause run on after a limit with no comma, the window after it (twenty-seventh
# session): "ANC ≥ 1.5 × 10^9/L without growth factor support within 14 days prior to
# enrollment" — the count's window or the support's.
_RUN_ON_SUPPORT = re.compile(r"[\w/%]\s+(?:without|in\s+the\s+absence\s+of|independent\s+of)\b", _I)
_COMMA_SUPPORT = re.compile(
    r"[,;(]\s*(?:without|in\s+the\s+absence\s+of|independent\s+of|no)\b", _I
)


@dataclass(frozen=True, slots=True)
class Window:
    start: int
    end: int
    days: int | None  # None: a window not read (hedged, or counted from another day)
    support: bool  # a window on support or treatment: no recency window
    # Twenty-seventh session: the days a hedged window states ("within 14 days ... or per
    # institutional standard"), and a support window that may be the count's (`_RUN_ON_SUPPORT`)
    stated: int | None = None
    ambiguous: bool = False
    # Twenty-eighth session: where a hedge on the window only stands after it, and whether it
    # makes the window a default ("unless otherwise specified") rather than uncertain.
    hedge: tuple[int, int] | None = None
    default: bool = False


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The bracket or the sentence ('.', ';') the window stands in."""
    opened = text.rfind("(", 0, start)
    if opened >= 0 and text.rfind(")", opened, start) < 0:
        closed = text.find(")", end)
        return opened, closed + 1 if closed >= 0 else len(text)
    begin = max(text.rfind(";", 0, start), text.rfind(". ", 0, start))
    stops = [i for i in (text.find(";", end), text.find(". ", end)) if i >= 0]
    return begin + 1, min(stops) if stops else len(text)


def windows_in(text: str) -> list[Window]:
    found: list[Window] = []
    for match in _WITHIN.finditer(text):
        end = match.end()
        anchor = _ANCHOR.match(text, end) or _BARE_PRIOR.match(text, end)
        if anchor is not None:
            end = anchor.end()
        read = anchor is not None or _BARE_END.match(text, end) is not None
        # A hedge on a window read (not on "within 2 weeks or as per institutional standard",
        # whose bare days run on into the hedge and are not read).
        own_hedge = (
            (_WINDOW_DEFAULT.match(text, end) or _WINDOW_HEDGE.match(text, end)) if read else None
        )
        begin, stop = _clause(text, match.start(), end)
        before = _CLOSED_BRACKET.sub(" ", text[begin : match.start()])
        # Support allowed before the window is no support the window counts back from
        # (twenty-seventh session): "with or without transfusion within 14 days before
        # enrollment:" asks for counts of the last 14 days (the safe side either way).
        before = WITH_OR_WITHOUT_SUPPORT.sub(" ", before)
        # A support clause after the window is its own: "Laboratory values within 14 days
        # before enrollment, without transfusion or G-CSF within 14 days:" (twenty-sixth
        # session). Not where nothing stands before the window ("Within 14 days, no ...").
        after = WITH_OR_WITHOUT_SUPPORT.sub(" ", text[end:stop])  # support allowed, as before
        cut = _SUPPORT_CLAUSE_START.search(after) if re.search(r"\w", before) else None
        around = before + " " + (after[: cut.start()] if cut is not None else after)
        support = _SUPPORT.search(around) is not None
        raw = match.group("n").lower()
        count = int(raw) if raw.isdigit() else _NUMBERS[raw]
        days = count * 7 if match.group("unit").lower().startswith("week") else count
        if own_hedge is not None:
            default = own_hedge.re is _WINDOW_DEFAULT
            found.append(
                Window(
                    match.start(),
                    own_hedge.end(),
                    days if default else None,
                    support,
                    days,
                    hedge=own_hedge.span(),
                    default=default,
                )
            )
            continue
        if not read or _HEDGE_AFTER.match(text, end):
            found.append(Window(match.start(), end, None, support, days if read else None))
            continue
        ambiguous = (
            support
            and cut is None
            and _RUN_ON_SUPPORT.search(before) is not None
            and _COMMA_SUPPORT.search(before) is None
            and _WITHIN.search(before) is None  # the count's own window stands before it
        )
        found.append(Window(match.start(), end, days, support, days, ambiguous))
    return found


def without_window_hedges(text: str) -> str:
    """CT-LEAD-IN-SCOPE (twenty-eighth session): the text without the hedges said of a window
    only ("within 14 days before enrolment, unless otherwise specified", "within 7 days prior
    (if feasible)"), which are no hedge on who may enrol."""
    for window in reversed(windows_in(text)):
        if window.hedge is not None:
            text = text[: window.hedge[0]] + " " + text[window.hedge[1] :]
    return text


def names_window(text: str) -> bool:
    """CT-WINDOW: the text says how recent a value must be (a window read or not), not only how
    long no support may have been given."""
    return any(not window.support for window in windows_in(text))


def _sentence(text: str, at: int) -> tuple[int, int]:
    begin = max(text.rfind(";", 0, at), text.rfind(". ", 0, at))
    stops = [i for i in (text.find(";", at), text.find(". ", at)) if i >= 0]
    return begin + 1, min(stops) if stops else len(text)


def _within(found: Found, bounds: tuple[int, int]) -> bool:
    return all(bounds[0] <= start and end <= bounds[1] for start, end in found.spans)


def _with_window(build: Callable[[str], Criterion], days: int, cid: str) -> Criterion:
    return _set_window(build(cid), days)


def _set_window(criterion: Criterion, days: int) -> Criterion:
    if isinstance(criterion, AnyOfCriterion | AllOfCriterion):
        parts = tuple(_set_window(part, days) for part in criterion.criteria)
        return criterion.model_copy(update={"criteria": parts})
    if isinstance(criterion, LabCriterion | PerformanceStatusCriterion | QTcCriterion):
        return criterion.model_copy(update={"within_days": days})
    return criterion


def _govern(reading: Reading, indexes: list[int], days: int) -> None:
    for index in indexes:
        found = reading.found[index]
        reading.found[index] = replace(
            found, build=functools.partial(_with_window, found.build, days)
        )


def _item_window(reading: Reading) -> tuple[int | None, set[int]]:
    """CT-WINDOW in the item's own text: its window in days (None when it has none or it is
    not read) and the found criteria it governs."""
    windows = [w for w in windows_in(reading.text) if not w.support or w.ambiguous]
    targets = [i for i, f in enumerate(reading.found) if f.field in WINDOWED_FIELDS]
    if not windows or not targets:
        return None, set()
    if len(windows) > 1 or windows[0].stated is None:
        reading.unsure.add("window")
        return None, set()
    window = windows[0]
    if window.days is None or window.ambiguous:
        # Twenty-seventh session: a hedged or ambiguous window still governs its counts with
        # the days it states (an older value is asked again: unknown under either reading, a
        # newer one judged alike), never the pre-screen default as if none were read; the item
        # is listed for review.
        reading.unsure.add("window")
        window = replace(window, days=window.stated)
    bounds = _sentence(reading.text, window.start)
    governed = [i for i in targets if _within(reading.found[i], bounds)]
    groups = {tuple(reading.found[i].spans) for i in governed}
    first = min((s for i in governed for s, _ in reading.found[i].spans), default=0)
    # A window after one of several limits may be that limit's only: "platelets ≥ 100 (within
    # 7 days), bilirubin ...". One before them all is the sentence's lead-in.
    if not governed or (len(groups) > 1 and window.start > first):
        reading.unsure.add("window")
        return None, set()
    reading.spans.append((window.start, window.end))
    return window.stated, set(governed)


def read_windows(reading: Reading, context: str | None) -> None:
    """CT-WINDOW: the item's window on the criteria of its sentence; a lead-in's window on all
    of the item's labs, scores and QTc limits."""
    days, governed = _item_window(reading)
    if days is not None:
        _govern(reading, sorted(governed), days)
    targets = [i for i, f in enumerate(reading.found) if f.field in WINDOWED_FIELDS]
    lead = [w for w in windows_in(context or "") if not w.support]
    if not lead or not targets:
        return
    window = lead[0]
    stated = window.stated
    if len(lead) > 1 or stated is None:
        reading.unsure.add("window")
        return
    if window.days is None:
        # Twenty-eighth session: a lead-in's window hedged on its own ("(if feasible)", "or per
        # institutional standard") governs the labs with the days it states, reviewed, as an
        # item's hedged window does (an older value is asked again under either reading).
        reading.unsure.add("window")
    # "unless otherwise specified": an item's own window is the "otherwise" and holds alone.
    if days is not None and days != stated and not window.default:
        reading.unsure.add("window")
        return
    _govern(reading, [i for i in targets if i not in governed], stated)
