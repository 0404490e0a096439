"""The words that say a disease progressed (LOT-PROGRESSION), in an assessment's value or on
a problem-list entry: "PD", progression, 进展, 恶化 — not negated ("no progression", stable,
无进展, 未见…进展)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from fhir_mapping.terminology import CodedText

PROGRESSED = re.compile(r"(?<![a-z])pd(?![a-z])|progress|worsen|进展|恶化", re.IGNORECASE)
NOT_PROGRESSED = re.compile(
    r"\b(no|not|without|non)\b[^.;,]*progress|non-?progress|stable|improv|无进展|未见[^。；，]*进展"
    r"|未进展|非进展|稳定|缓解",
    re.IGNORECASE,
)

# What a Condition's text must say, when it names no cancer, to be the cancer progressing (not
# "progressive supranuclear palsy" or a worsening kidney function).
DISEASE_PROGRESSION = re.compile(
    r"疾病进展|肿瘤进展|病情进展|病灶进展|disease progression|progressive disease|"
    r"tumou?r progression|cancer progression",
    re.IGNORECASE,
)


def progressed_in(texts: Iterable[str]) -> list[str]:
    """The texts that say the disease progressed."""
    return [t for t in texts if PROGRESSED.search(t) and not NOT_PROGRESSED.search(t)]


def says_progressed(concept: CodedText) -> list[str]:
    return progressed_in(concept.texts())


def names_disease_progression(concept: CodedText) -> bool:
    """A Condition that says the disease progressed without naming a cancer ("病情进展"):
    selection keeps it, as it keeps the cancers' Conditions."""
    return any(DISEASE_PROGRESSION.search(t) for t in says_progressed(concept))
