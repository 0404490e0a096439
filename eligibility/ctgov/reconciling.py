"""One trial's items read together: the limits one topic gets from several items.

An item is read on its own (`extraction.extract_item`); a trial often speaks of one topic in
several items: an exclusion ("Known HIV infection") and an allowance elsewhere ("HIV-infected
patients on effective antiretroviral therapy with undetectable viral load are eligible"), or two
ECOG limits (one per phase). Read apart and joined by "and", they would give the strictest
reading, silently. Instead, per topic (ECOG, brain metastases, HIV, hepatitis B, hepatitis C):

1. an item about the topic that allows something the readers could not read ("eligible if the
   treating physician determines ..."), or an item for some patients only that speaks of it
   ("Part B: ECOG 0-2"), withdraws every structured criterion of that topic: the whole topic
   goes to manual review;
2. an allowance that was read states who may enrol: it replaces the plainer exclusions;
3. several different limits left: the loosest is kept, and the items of the others become
   manual-review lines (a wrong exclusion is as bad as a wrong inclusion, and a reviewer sees
   the stricter text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from eligibility.criteria import (
    AnyOfCriterion,
    BrainMetastasesCriterion,
    Criterion,
    InfectionCriterion,
    PerformanceStatusCriterion,
)
from eligibility.ctgov.review import review_criterion

if TYPE_CHECKING:
    from eligibility.ctgov.extraction import ItemOutcome

_UNSURE_TOPICS = {
    "brain_metastases": ("brain_metastases",),
    "hiv": ("hiv",),
    "hepatitis": ("hepatitis_b", "hepatitis_c"),
    "performance_status": ("ecog",),
}
_FIELD_OF_TOPIC = {
    "brain_metastases": "brain_metastases",
    "hiv": "hiv",
    "hepatitis_b": "hepatitis",
    "hepatitis_c": "hepatitis",
    "ecog": "performance_status",
}
_ALLOWING = re.compile(
    r"(?<!not )(?<!not be )\b(?:eligible|allowed|permitted)\b|"
    r"\bmay (?:participate|enrol|be enrolled|be included)\b|\bunless\b|\bexcept\b",
    re.IGNORECASE,
)
_BRAIN_ORDER = {"none": 0, "treated_stable": 1, "not_active": 2, "asymptomatic": 3, "any": 4}
_INFECTION_ORDER = {"ever": 0, "any": 1, "uncontrolled": 2}


def topic_of(criterion: Criterion) -> str | None:
    """The topic a criterion limits, for the topics read across items."""
    if isinstance(criterion, BrainMetastasesCriterion):
        return "brain_metastases"
    if isinstance(criterion, InfectionCriterion):
        return criterion.infection
    if _ecog_max(criterion) is not None:
        return "ecog"
    return None


def _ecog_max(criterion: Criterion) -> int | None:
    if isinstance(criterion, PerformanceStatusCriterion):
        return criterion.ecog_max
    if isinstance(criterion, AnyOfCriterion):
        limits = [_ecog_max(child) for child in criterion.criteria]
        return max((limit for limit in limits if limit is not None), default=None)
    return None


def _looseness(criterion: Criterion) -> tuple[int, int, int]:
    """Larger is looser."""
    if isinstance(criterion, BrainMetastasesCriterion):
        return (
            _BRAIN_ORDER[criterion.allowed],
            -(criterion.stable_days or 0),
            int(criterion.steroids_allowed),
        )
    if isinstance(criterion, InfectionCriterion):
        return (_INFECTION_ORDER[criterion.excluded], 0, 0)
    return (_ecog_max(criterion) or 0, int(isinstance(criterion, AnyOfCriterion)), 0)


def _meaning(criterion: Criterion) -> object:
    """What a criterion states, without its id, label or quote."""
    return criterion.model_dump(exclude={"id", "label", "source_text", "section"})


def reconcile(outcomes: Sequence[ItemOutcome]) -> list[ItemOutcome]:
    """The outcomes with each topic's criteria reconciled across items (module docstring)."""
    result = list(outcomes)
    withdrawn = _unread_allowances(result)
    for topic in ("ecog", "brain_metastases", "hiv", "hepatitis_b", "hepatitis_c"):
        if topic in withdrawn:
            result = _drop(result, topic, keep=set())
            continue
        allowed = {
            id(c)
            for outcome in result
            if topic in outcome.allowances
            for c in outcome.criteria
            if topic_of(c) == topic
        }
        if allowed:
            result = _drop(result, topic, keep=allowed)
        found = [c for outcome in result for c in outcome.criteria if topic_of(c) == topic]
        if len({repr(_meaning(c)) for c in found}) > 1:
            result = _drop(result, topic, keep={id(max(found, key=_looseness))})
    return result


def _unread_allowances(outcomes: Sequence[ItemOutcome]) -> set[str]:
    """Topics an item allows in words the readers could not read, and topics an item for some
    patients only speaks of ("Part B: ECOG 0-2", "Cohort 2: treated brain metastases are
    eligible"): the trial-wide reading may not hold for those patients."""
    topics: set[str] = set()
    for outcome in outcomes:
        text = " ".join(p for p in (outcome.item.context, outcome.item.text) if p)
        for name in outcome.unsure:
            if name in _UNSURE_TOPICS and _ALLOWING.search(text):
                topics.update(_UNSURE_TOPICS[name])
        if "cohort" in outcome.unsure:
            topics.update(topic for topic, words in _TOPIC_WORDS if words.search(text))
    return topics


_TOPIC_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ecog", re.compile(r"\bECOG\b|Karnofsky|\bKPS\b|performance status", re.IGNORECASE)),
    (
        "brain_metastases",
        re.compile(r"(?:brain|\bCNS\b|central nervous system)[^.;]{0,40}metasta", re.IGNORECASE),
    ),
    ("hiv", re.compile(r"\bHIV\b|human immunodeficiency virus", re.IGNORECASE)),
    ("hepatitis_b", re.compile(r"hepatitis\s*B|\bHBV\b|HBsAg", re.IGNORECASE)),
    ("hepatitis_c", re.compile(r"hepatitis\s*(?:B\s*(?:or|and|/)\s*)?C\b|\bHCV\b", re.IGNORECASE)),
)


def _drop(outcomes: list[ItemOutcome], topic: str, keep: set[int]) -> list[ItemOutcome]:
    """The outcomes without the topic's criteria but those kept (by id); an item that loses
    one goes to review."""
    result: list[ItemOutcome] = []
    for outcome in outcomes:
        kept = tuple(c for c in outcome.criteria if topic_of(c) != topic or id(c) in keep)
        if len(kept) == len(outcome.criteria):
            result.append(outcome)
            continue
        field = _FIELD_OF_TOPIC[topic]
        still = {_FIELD_OF_TOPIC[t] for c in kept if (t := topic_of(c)) is not None}
        fields = tuple(f for f in outcome.fields if f != field or f in still)
        if not outcome.free_text:
            item = outcome.item
            kept = (*kept, review_criterion(item, f"{item.section[:3]}{item.number}"))
        result.append(
            replace(
                outcome,
                criteria=kept,
                fields=fields,
                unsure=tuple(sorted({*outcome.unsure, field})),
                free_text=True,
            )
        )
    return result
