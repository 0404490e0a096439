"""Words that may stay unread in an item without sending it to review.

Filler and the topic words the readers look for: an item with more than two other words left
over gets a free_text criterion (`extraction.extract_item`), so nothing is dropped; so does one
whose unread words name a condition of their own (CT-LEFTOVER-CONDITION), or qualify what was
read (CT-LEFTOVER-QUALIFIER), however few.
"""

from __future__ import annotations

import re

FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "as",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "has",
        "have",
        "had",
        "must",
        "should",
        "will",
        "shall",
        "can",
        "may",
        "any",
        "all",
        "each",
        "either",
        "both",
        "than",
        "that",
        "this",
        "these",
        "those",
        "who",
        "which",
        "patient",
        "patients",
        "subject",
        "subjects",
        "participant",
        "participants",
        "person",
        "people",
        "individual",
        "individuals",
        "woman",
        "women",
        "man",
        "men",
        "male",
        "female",
        "males",
        "females",
        "he",
        "she",
        "his",
        "her",
        "their",
        "they",
        "them",
        "known",
        "history",
        "evidence",
        "presence",
        "documented",
        "confirmed",
        "current",
        "currently",
        "active",
        "untreated",
        "symptomatic",
        "clinically",
        "significant",
        "uncontrolled",
        "adequate",
        "organ",
        "function",
        "functions",
        "defined",
        "following",
        "follows",
        "value",
        "values",
        "level",
        "levels",
        "laboratory",
        "lab",
        "test",
        "tests",
        "serum",
        "plasma",
        "blood",
        "count",
        "counts",
        "score",
        "status",
        "performance",
        "scale",
        "eastern",
        "cooperative",
        "oncology",
        "group",
        "ecog",
        "who",
        "kps",
        "karnofsky",
        "zubrod",
        "upper",
        "limit",
        "limits",
        "normal",
        "uln",
        "iuln",
        "institutional",
        "times",
        "equal",
        "less",
        "greater",
        "more",
        "higher",
        "lower",
        "least",
        "most",
        "than",
        "no",
        "not",
        "without",
        "none",
        "prior",
        "previous",
        "previously",
        "receipt",
        "received",
        "receive",
        "therapy",
        "therapies",
        "treatment",
        "treatments",
        "agent",
        "agents",
        "drug",
        "drugs",
        "regimen",
        "regimens",
        "line",
        "lines",
        "systemic",
        "infection",
        "infected",
        "positive",
        "negative",
        "disease",
        "diseases",
        "stage",
        "metastatic",
        "measurable",
        "lesion",
        "lesions",
        "recist",
        "version",
        "metastases",
        "metastasis",
        "distant",
        "years",
        "year",
        "old",
        "age",
        "aged",
        "ms",
        "msec",
        "milliseconds",
        "mg",
        "dl",
        "ml",
        "min",
        "mm3",
        "mmol",
        "umol",
        "µmol",
        "per",
        "cells",
        "cell",
        "defined",
        "within",
        "days",
        "day",
        "weeks",
        "week",
        "prior",
        "registration",
        "enrollment",
        "enrolment",
        "randomization",
        "randomisation",
        "screening",
        "baseline",
        "study",
        "entry",
        "first",
        "dose",
        "start",
        "also",
        "including",
        "include",
        "includes",
        "such",
        "e",
        "g",
        "i",
        "e",
        "etc",
        "ie",
        "eg",
        "based",
        "chemotherapy",
        "inhibitor",
        "inhibitors",
        "antibody",
        "antibodies",
        "interval",
        "qt",
        "qtc",
        "qtcf",
        "corrected",
        "fridericia",
        "formula",
        "hepatitis",
        "virus",
        "hiv",
        "hbv",
        "hcv",
        "brain",
        "cns",
        "central",
        "nervous",
        "system",
        "evidence",
        "pregnant",
        "pregnancy",
        "test",
        "tests",
        "calculated",
        "estimated",
        "measured",
        "using",
        "method",
        "either",
    ]
)


def unread_text(text: str, spans: list[tuple[int, int]]) -> str:
    """The text outside the spans the readers read."""
    kept = []
    last = 0
    for start, end in sorted(spans):
        if start > last:
            kept.append(text[last:start])
        last = max(last, end)
    kept.append(text[last:])
    return " ".join(kept)


def leftover_words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z'-]+", unread_text(text, spans))
    return [w for w in words if len(w) > 2 and w.casefold().strip("'-") not in FILLER]


def unread_number(text: str, spans: list[tuple[int, int]]) -> bool:
    """A number no reader accounted for: a limit that was not read ("life expectancy ≥ 12
    weeks" beside "Age ≥ 18 years"), however few its words."""
    return re.search(r"\d", _UNIT_NUMBERS.sub(" ", unread_text(text, spans))) is not None


# Digits that belong to a unit, not to a limit: "x 10^9/L", "/mm3", "per 1.73 m2".
_UNIT_NUMBERS = re.compile(
    r"(?:[x×*]\s*)?10\s*(?:\^|\*\*|e)?\s*[39⁹³]\s*(?:cells?\s*)?/\s*(?:µ|μ|u|mc|m)?[lL]\b|"
    r"(?:/|per)\s*(?:cu\.?\s*)?mm\s*(?:\^?3|³)|1\.73\s*m\s*(?:\^?2|²)|\bm\s*(?:\^2|²)",
    re.IGNORECASE,
)


# CT-LEFTOVER-CONDITION: nouns that name a condition on their own ("or active infection").
_CONDITION = re.compile(
    r"\b(?:infections?|tuberculosis|illness(?:es)?|diseases?|disorders?|syndromes?|failure|"
    r"pneumonitis|fibrosis|cirrhosis|bleeding|ha?emorrhages?|thrombos[ie]s|embol(?:ism|i)|"
    r"ulcers?|fistula[es]?|perforations?|obstructions?|effusions?|ascites|seizures?|epilepsy|"
    r"strokes?|infarctions?|transplant\w*|allerg\w*|hypersensitivity|neuropath\w*|colitis|"
    r"pancreatitis|diabetes|hypertension|prolong(?:ed|ation)|long\s+QT|torsades?|"
    r"immuno-?compromised|immuno-?suppress\w*|immuno-?deficien(?:t|cy|cies))\b",
    re.IGNORECASE,
)
# What parts one condition from the next: a conjunction or a list's punctuation.
# So does a preposition that joins a second condition to the first: "Hepatitis B with
# cirrhosis" is no "hepatitis B infection", the cirrhosis a condition of its own.
_PARTS = re.compile(
    r"\b(?:or|and|nor|plus|with|without|from|due\s+to|secondary\s+to|causing|after)\b|[,;/]",
    re.IGNORECASE,
)


def names_a_condition(text: str) -> bool:
    """Whether the words name a condition of their own (CT-LEFTOVER-CONDITION's nouns)."""
    return _CONDITION.search(text) is not None


def unread_condition(text: str, spans: list[tuple[int, int]]) -> bool:
    """CT-LEFTOVER-CONDITION: a condition noun outside the spans read, other than one ending
    the phrase a reader read ("HIV infection") or heading it ("QTc prolongation (defined as QTcF
    > 470 ms)"): only that phrase's words between."""
    for found in _CONDITION.finditer(text):
        start, end = found.span()
        if any(a <= start < b for a, b in spans):
            continue
        before = [stop for _, stop in spans if stop <= start]
        if before and not _PARTS.search(text[max(before) : start]):
            continue  # the read condition's own noun
        after = [begin for begin, _ in spans if begin >= end]
        if after and not _PARTS.search(text[end : min(after)]):
            continue
        return True
    return False


# CT-LEFTOVER-QUALIFIER: a hedge or a time window no reader read changes what the read words
# mean ("Received anti-PD-1 therapy in the last year" is no exclusion of every anti-PD-1
# therapy), and "year", "within", "prior" are filler words, so the count of words left misses it.
_QUALIFIER = re.compile(
    r"\b(?:unless|except(?:ion)?|excluding|other\s+than|provided|only\s+if|within|since|"
    r"(?:in|during|over)\s+the\s+(?:last|past|previous|preceding)|before|prior\s+to|after)\b",
    re.IGNORECASE,
)


def unread_qualifier(text: str, spans: list[tuple[int, int]]) -> bool:
    """CT-LEFTOVER-QUALIFIER: a hedge or a time window outside the spans the readers read."""
    return _QUALIFIER.search(unread_text(text, spans)) is not None


# CT-LEFTOVER-QUALIFIER (twenty-seventh session): a state that narrows the read condition to some
# of its patients — "Hepatitis C, untreated", "HIV-positive patients on antiretroviral therapy",
# "Prior anti-PD-1 monotherapy", "Pregnancy planned", "Age > 75 years with comorbidities" —
# in words the count misses (few, or filler: "untreated"). Not where a brain-metastasis
# criterion was read: the CNS reader reads treatment and progression words itself.
_STATE = re.compile(
    r"\b(?:untreated|treated|on\s+(?:\w+\s+)?(?:treatment|therapy)|antiretroviral|progressive|"
    r"progressing|monotherapy|plann(?:ed|ing)|trimesters?|due\s+to|comorbidit(?:y|ies))\b",
    re.IGNORECASE,
)


def unread_state(text: str, spans: list[tuple[int, int]], fields: set[str]) -> bool:
    """CT-LEFTOVER-QUALIFIER: a state word outside the spans, where the CNS reader read nothing."""
    return "brain_metastases" not in fields and _STATE.search(unread_text(text, spans)) is not None


def unread_narrowing_state(text: str, spans: list[tuple[int, int]], fields: set[str]) -> bool:
    """CT-LEFTOVER-QUALIFIER (twenty-seventh session): an unread state that narrows the read
    condition to some of its patients; a plan ("or planning to become pregnant") adds a
    condition of its own instead, and the read one stands."""
    if "brain_metastases" in fields:
        return False
    unread = list(text)  # the read spans blanked, positions kept
    for start, end in spans:
        unread[start:end] = " " * (end - start)
    return any(
        not m.group(0).lower().startswith("plann") and _in_a_read_sentence(text, m.start(), spans)
        for m in _STATE.finditer("".join(unread))
    )


# Where the stretch a state qualifies ends: a sentence, or an alternative ("... hepatitis C virus
# (HCV) or untreated HIV infection": "untreated" is the unread HIV's, not the read hepatitis').
_STRETCH_END = re.compile(r"\.\s|;|\b(?:and/)?or\b", re.IGNORECASE)


def _in_a_read_sentence(text: str, at: int, spans: list[tuple[int, int]]) -> bool:
    """The stretch at `at` holds words a reader read: a state in a sentence of its own ("Known
    HIV infection. Participants with treated HIV infection may be included ...") or in another
    alternative is another statement (an allowance, a note, another condition), which the
    item's review holds."""
    begin = max((m.end() for m in _STRETCH_END.finditer(text, 0, at)), default=0)
    after = _STRETCH_END.search(text, at)
    end = after.start() if after is not None else len(text)
    return any(start < end and stop > begin for start, stop in spans)


# CT-LEFTOVER-CONDITION (twenty-seventh session): "adequate organ function" is filler where a lab
# of the item defines it ("Adequate renal function: creatinine clearance ≥ 30 mL/min"), and a
# requirement of its own where none does ("ECOG ≤ 1 and adequate organ function", NCT04104776).
_ORGAN_FUNCTION = re.compile(
    r"\b(?:adequate|normal|sufficient)\s+(?:(?:organ|bone\s+marrow|marrow|ha?ematolog\w*|"
    r"renal|kidney|hepatic|liver)\s*(?:,|/|and|or)?\s*)+functions?\b",
    re.IGNORECASE,
)


def unread_organ_function(text: str, fields: set[str]) -> bool:
    """CT-LEFTOVER-CONDITION: an organ function required where no lab of the item defines it."""
    return "lab" not in fields and _ORGAN_FUNCTION.search(text) is not None
