"""Grouping criteria (and checklist lines) by topic, the way the trial page shows them.

A criterion's topic follows from its `type`; a combinator (`all_of`, `any_of`, `not`) takes the
topic of its children when they share one, and "Other" otherwise. Topics without criteria are
not shown at all (an empty "Lab requirements" heading tells the reader nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from eligibility.criteria import (
    AgeCriterion,
    AllOfCriterion,
    AnyOfCriterion,
    BiomarkerCriterion,
    BrainMetastasesCriterion,
    CancerTypeCriterion,
    ComorbidityCriterion,
    Criterion,
    CriterionBase,
    DiseaseExtentCriterion,
    FreeTextCriterion,
    InfectionCriterion,
    LabCriterion,
    MeasurableDiseaseCriterion,
    MetastaticCriterion,
    NotCriterion,
    OtherMalignancyCriterion,
    PerformanceStatusCriterion,
    PriorLinesCriterion,
    PriorRadiotherapyCriterion,
    PriorTherapyCriterion,
    QTcCriterion,
    SexCriterion,
    StageCriterion,
)
from eligibility.review_topics import review_topic


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

_CARDIAC_CONDITIONS = frozenset({"coronary_heart_disease", "arrhythmia", "heart_failure"})


def topic_of(criterion: Criterion) -> Topic:
    topic = _BY_TYPE[type(criterion)]
    return topic if isinstance(topic, Topic) else topic(criterion)


def _shared_topic(criterion: AllOfCriterion | AnyOfCriterion) -> Topic:
    topics = {topic_of(child) for child in criterion.criteria}
    return topics.pop() if len(topics) == 1 else Topic.OTHER


def _negated_topic(criterion: NotCriterion) -> Topic:
    return topic_of(criterion.criterion)


def _comorbidity_topic(criterion: ComorbidityCriterion) -> Topic:
    return Topic.CARDIAC if criterion.condition.value in _CARDIAC_CONDITIONS else Topic.OTHER


def _free_text_topic(criterion: FreeTextCriterion) -> Topic:
    """A protocol item left for review goes under the topic its words name (as on the card),
    so that the checklist page shows it beside the structured criteria of that topic."""
    topic = review_topic(criterion.text)
    return Topic(topic.value) if topic.value in _TOPIC_VALUES else Topic.OTHER


_TOPIC_VALUES = frozenset(topic.value for topic in Topic)

_BY_TYPE: dict[type[CriterionBase], Topic | Callable[[Any], Topic]] = {
    CancerTypeCriterion: Topic.CANCER_TYPE,
    StageCriterion: Topic.STAGE,
    MetastaticCriterion: Topic.STAGE,
    DiseaseExtentCriterion: Topic.STAGE,
    MeasurableDiseaseCriterion: Topic.STAGE,
    PerformanceStatusCriterion: Topic.PERFORMANCE,
    AgeCriterion: Topic.DEMOGRAPHICS,
    SexCriterion: Topic.DEMOGRAPHICS,
    PriorLinesCriterion: Topic.PRIOR_THERAPY,
    PriorTherapyCriterion: Topic.PRIOR_THERAPY,
    QTcCriterion: Topic.CARDIAC,
    LabCriterion: Topic.LABS,
    ComorbidityCriterion: _comorbidity_topic,
    PriorRadiotherapyCriterion: Topic.PRIOR_THERAPY,
    BrainMetastasesCriterion: Topic.OTHER,
    InfectionCriterion: Topic.OTHER,
    OtherMalignancyCriterion: Topic.CANCER_TYPE,
    BiomarkerCriterion: Topic.BIOMARKERS,
    FreeTextCriterion: _free_text_topic,
    AllOfCriterion: _shared_topic,
    AnyOfCriterion: _shared_topic,
    NotCriterion: _negated_topic,
}
"""Each criterion type's topic, or how its topic follows from its content. Every type of the
`Criterion` union has an entry: a type missing here fails loudly (KeyError) rather than landing
under "Other" unnoticed, and a test checks the table against the union."""


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
