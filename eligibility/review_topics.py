"""The topic of a protocol item left for manual review, from its words.

A trial imported from the registry leaves dozens of items for a person to read; listed one by
one they bury the card. Grouped by topic ("Infections (3)", "Prior therapy (5)") the reader sees
at a glance what is left to check. The first topic whose words occur wins, so the more specific
topics come first. The values of the topics shared with the checklist page's topics
(`cds_service.web.topics.Topic`) are the same strings.
"""

from __future__ import annotations

import re
from enum import StrEnum


class ReviewTopic(StrEnum):
    CANCER_TYPE = "cancer-type"
    STAGE = "stage"
    PRIOR_THERAPY = "prior-therapy"
    LABS = "labs"
    CARDIAC = "cardiac"
    BIOMARKERS = "biomarkers"
    PERFORMANCE = "performance"
    CNS = "cns"
    INFECTIONS = "infections"
    REPRODUCTION = "reproduction"
    CONSENT = "consent"
    OTHER = "other"


REVIEW_TOPIC_TITLES: dict[ReviewTopic, str] = {
    ReviewTopic.CANCER_TYPE: "Cancer type and diagnosis",
    ReviewTopic.STAGE: "Disease extent",
    ReviewTopic.PRIOR_THERAPY: "Prior therapy",
    ReviewTopic.LABS: "Lab requirements",
    ReviewTopic.CARDIAC: "Cardiac",
    ReviewTopic.BIOMARKERS: "Biomarkers",
    ReviewTopic.PERFORMANCE: "Performance status",
    ReviewTopic.CNS: "Brain and CNS",
    ReviewTopic.INFECTIONS: "Infections",
    ReviewTopic.REPRODUCTION: "Pregnancy and contraception",
    ReviewTopic.CONSENT: "Consent and study procedures",
    ReviewTopic.OTHER: "Other conditions",
}

_I = re.IGNORECASE
_WORDS: tuple[tuple[ReviewTopic, re.Pattern[str]], ...] = (
    (
        ReviewTopic.CNS,
        re.compile(r"\bbrain\b|\bCNS\b|central nervous|leptomening|intracranial|spinal cord", _I),
    ),
    (
        ReviewTopic.INFECTIONS,
        re.compile(r"\bHIV\b|hepatitis|\bHBV\b|\bHCV\b|infection|tuberculosis|COVID", _I),
    ),
    (
        ReviewTopic.REPRODUCTION,
        re.compile(r"pregnan|breast-?feeding|lactat|contracept|childbearing|\bfertil", _I),
    ),
    (
        ReviewTopic.CARDIAC,
        re.compile(
            r"cardi|heart|\bQTc?\b|myocardial|arrhythm|angina|\bLVEF\b|ejection fraction|"
            r"hypertension|stroke|thrombo|embolism",
            _I,
        ),
    ),
    (ReviewTopic.PERFORMANCE, re.compile(r"\bECOG\b|Karnofsky|performance status|life expect", _I)),
    (
        ReviewTopic.LABS,
        re.compile(
            r"neutrophil|platelet|ha?emoglobin|creatinine|bilirubin|\bAST\b|\bALT\b|\bULN\b|"
            r"organ function|marrow function|\bINR\b|albumin|laboratory",
            _I,
        ),
    ),
    (
        ReviewTopic.PRIOR_THERAPY,
        re.compile(
            r"\bprior\b|previous(?:ly)? (?:treat|receiv)|therapy|treatment|chemotherapy|"
            r"radiotherapy|radiation|surgery|inhibitor|antibod|\bmab\b|washout|investigational",
            _I,
        ),
    ),
    (
        ReviewTopic.BIOMARKERS,
        re.compile(
            r"mutation|fusion|amplification|express|\bPD-?L1\b|\bHER2\b|\bEGFR\b|"
            r"\bALK\b|\bKRAS\b|\bBRAF\b|biomarker|positive for|negative for",
            _I,
        ),
    ),
    (
        ReviewTopic.STAGE,
        re.compile(r"metasta|measurable|RECIST|stage|advanced|unresectable|recurren", _I),
    ),
    (
        ReviewTopic.CANCER_TYPE,
        re.compile(r"histolog|cytolog|carcinoma|tumou?r|cancer|lymphoma|leukemia|malignan", _I),
    ),
    (
        ReviewTopic.CONSENT,
        re.compile(r"consent|comply|complian|willing|able to|follow-up|visits|swallow", _I),
    ),
)


def review_topic(text: str) -> ReviewTopic:
    """The topic of one item's text (`OTHER` when no topic's words occur)."""
    for topic, words in _WORDS:
        if words.search(text):
            return topic
    return ReviewTopic.OTHER
