"""The state and the text tests every topic reader shares.

`Reading` is one item as the readers fill it in. The tests (a negation before a word, a hedge
such as "unless" or "allowed") are shared so that every reader gives up on the same wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from eligibility.criteria import AllOfCriterion, AnyOfCriterion, Criterion, FreeTextCriterion

_I = re.IGNORECASE


@dataclass(slots=True)
class Found:
    """What one extractor read from one item."""

    field: str
    build: Callable[[str], Criterion]  # id -> criterion
    spans: list[tuple[int, int]]


@dataclass(slots=True)
class Reading:
    """One item as the readers go through it: what they read, and what they saw but left."""

    text: str
    excludes: bool
    found: list[Found] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    unsure: set[str] = field(default_factory=set)  # fields seen but not read
    # Criteria read from an allowance ("... are eligible"), by field or infection: in a trial,
    # an allowance states who may enrol and overrides a plainer exclusion of the same topic.
    allowances: set[str] = field(default_factory=set)

    def add(self, name: str, build: Callable[[str], Criterion], *spans: tuple[int, int]) -> None:
        self.found.append(Found(name, build, list(spans)))
        self.spans.extend(spans)


def span_of(match: re.Match[str], offset: int = 0) -> tuple[int, int]:
    return (match.start() + offset, match.end() + offset)


def window_after(text: str, start: int, length: int, stops: str | None = None) -> str:
    window = text[start : start + length]
    cut = re.search(r";|\.\s|\.$" + (f"|{stops}" if stops else ""), window, _I)
    return window[: cut.start()] if cut else window


def negated_before(text: str, position: int, reach: int = 60) -> bool:
    before = text[max(0, position - reach) : position]
    before = re.split(r"[;.]", before)[-1]
    return bool(
        re.search(
            r"\b(?:no|not|without|absence of|free of|negative for|never|none|lack of)\b",
            before,
            _I,
        )
    )


HEDGES = re.compile(
    r"\b(?:unless|except|excluding|allowed|permitted|eligible|acceptable|may be|can be|"
    r"are allowed|is allowed)\b",
    _I,
)

# An allowance: who may enrol despite a plainer exclusion ("... are eligible", "may be
# included", "can enroll").
ALLOWANCE_WORDS = re.compile(
    r"\b(?:are|is|be|considered)\s+(?:eligible|allowed|permitted)|\beligible\b|\ballowed\b|"
    r"\bpermitted\b|\bmay (?:participate|enrol|be enrolled|be included)|"
    r"\bcan (?:participate|enrol|be enrolled)",
    _I,
)


def split_sentences(text: str) -> list[str]:
    """An item's sentences (and its ";"-separated clauses), as the qualifier readers take them."""
    return re.split(r"(?<=\.)\s+|;\s*", text)


# A limit read with words beside it that a person must check, as a criterion id -> criterion
# builder (`Found.build`) takes them: the limit is `<id>a`, the words `<id>b`.
Build = Callable[[str], Criterion]


def limit_unless(
    build: Build, exception: str, text: str, cid: str, *, note: str = "Exception"
) -> AnyOfCriterion:
    """The limit, unless the patient is in a group the text excepts from it (CT-LAB-EXCEPTION,
    CT-QT-EXCEPTION, a performance band's exception): a value over the limit is unknown until a
    person checks the exception, never not met."""
    limit = build(f"{cid}a")
    words = FreeTextCriterion(
        id=f"{cid}b", label=f"{note}: {exception}", text=exception, source_text=text
    )
    return AnyOfCriterion(
        id=cid,
        label=f"{limit.label}, unless: {exception}",
        criteria=(limit, words),
        source_text=text,
    )


def limit_and(build: Build, condition: str, text: str, cid: str) -> AllOfCriterion:
    """The limit and a condition the chart's number cannot show (CT-LAB-SUPPORT: no
    transfusion or growth factor kept the count up): a value under the limit is not met, one
    over it unknown until a person checks the condition, never met."""
    limit = build(f"{cid}a")
    words = FreeTextCriterion(
        id=f"{cid}b", label=f"Condition: {condition}", text=condition, source_text=text
    )
    return AllOfCriterion(
        id=cid, label=f"{limit.label}, {condition}", criteria=(limit, words), source_text=text
    )
