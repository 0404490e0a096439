"""Grouping criteria (and checklist lines) by topic, the way the trial page shows them.

A criterion's topic follows from its `type`; a combinator (`all_of`, `any_of`, `not`) takes the
topic of its children when they share one, and "Other" otherwise. Topics without criteria are
not shown at all (an empty "Lab requirements" heading tells the reader nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from eligibility.criteria import (
    AllOfCriterion,
    AnyOfCriterion,
    Criterion,
    NotCriterion,
)


class Topic(StrEnum):
    CANCER_TYPE = "cancer-type"
    STAGE = "stage"
    PERFORMANCE = "performance"
    DEMOGRAPHICS = "demographics"
    PRIOR_THERAPY = "prior-therapy"
    LABS = "labs"
    CARDIAC = "cardiac"
    BIOMARKERS = "biomarkers"
    OTHER = "other"


TOPIC_TITLES: dict[Topic, str] = {
    Topic.CANCER_TYPE: "Cancer type",
    Topic.STAGE: "Disease stage",
    Topic.PERFORMANCE: "Performance status",
    Topic.DEMOGRAPHICS: "Demographics",
    Topic.PRIOR_THERAPY: "Prior therapy",
    Topic.LABS: "Lab requirements",
    Topic.CARDIAC: "Cardiac function",
    Topic.BIOMARKERS: "Biomarkers",
    Topic.OTHER: "Other conditions",
}

_BY_TYPE: dict[str, Topic] = {
    "cancer_type": Topic.CANCER_TYPE,
    "stage": Topic.STAGE,
    "metastatic": Topic.STAGE,
    "performance_status": Topic.PERFORMANCE,
    "age": Topic.DEMOGRAPHICS,
    "sex": Topic.DEMOGRAPHICS,
    "prior_lines": Topic.PRIOR_THERAPY,
    "prior_therapy": Topic.PRIOR_THERAPY,
    "qtc": Topic.CARDIAC,
    "lab": Topic.LABS,
    "biomarker": Topic.BIOMARKERS,
    "free_text": Topic.OTHER,
}

_CARDIAC_CONDITIONS = frozenset({"coronary_heart_disease", "arrhythmia", "heart_failure"})


def topic_of(criterion: Criterion) -> Topic:
    if isinstance(criterion, AllOfCriterion | AnyOfCriterion):
        topics = {topic_of(child) for child in criterion.criteria}
        return topics.pop() if len(topics) == 1 else Topic.OTHER
    if isinstance(criterion, NotCriterion):
        return topic_of(criterion.criterion)
    if criterion.type == "comorbidity":
        return Topic.CARDIAC if criterion.condition.value in _CARDIAC_CONDITIONS else Topic.OTHER
    return _BY_TYPE.get(criterion.type, Topic.OTHER)


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TopicGroup(Generic[T]):
    topic: Topic
    items: tuple[T, ...]

    @property
    def title(self) -> str:
        return TOPIC_TITLES[self.topic]

    @property
    def anchor(self) -> str:
        return f"topic-{self.topic.value}"


def group_by_topic(items: Iterable[T], topic: Callable[[T], Topic]) -> list[TopicGroup[T]]:
    """Items grouped in the fixed topic order; within a topic, in their original order."""
    buckets: dict[Topic, list[T]] = {}
    for item in items:
        buckets.setdefault(topic(item), []).append(item)
    return [TopicGroup(t, tuple(buckets[t])) for t in Topic if t in buckets]
