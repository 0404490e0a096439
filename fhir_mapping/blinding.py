"""EXP-BLINDED: a record naming a drug "or placebo", or a blinded study drug, does not show the
drug was given (docs/clinical-rules.md)."""

from __future__ import annotations

import re
from collections.abc import Iterable

_PLACEBO = re.compile(r"placebo|安慰剂", re.IGNORECASE)
_STUDY_DRUG = re.compile(
    r"\bblind(ed)?\b|double-blind|study drug|investigational product|盲法|研究药物|试验药物",
    re.IGNORECASE,
)
# An open-label study's drug is the one its record names.
_OPEN_LABEL = re.compile(r"open[- ]label|开放标签|非盲", re.IGNORECASE)


# The name a blinded study drug naming no drug is given (EXP-UNRESOLVED): the agent its lines
# read (LOT-NEW-AGENT's study drug begun during a line, `fhir_mapping.lines`).
BLINDED_STUDY_DRUG = "blinded study drug"


def is_blinded(text: str) -> bool:
    """A placebo named, or a study drug not said to be open-label."""
    if _PLACEBO.search(text):
        return True
    return _STUDY_DRUG.search(text) is not None and _OPEN_LABEL.search(text) is None


# EXP-BLINDED, LOT-SUPPORTIVE (7 December 2026, twenty-seventh session (red-team review)): a
# blinded study of supportive care — a supportive drug against placebo ("奥氮平/安慰剂",
# "Olanzapine 5 mg or placebo": whichever arm, no anticancer drug), or a study drug given to the
# mouth or the skin (a mouthwash, a cream: an oral mucositis or a dermatitis study) — gives no
# anticancer drug, so no line to ask about. Before it such a record, begun mid-line, was a
# possible second line (`lines._study_drug_begun`), prior lines unknown. Coordinator's practice.
_SUPPORTIVE_FORM = re.compile(
    r"mouth\s*wash|mouth\s*rinse|oral\s+rinse|\bgargle|\btopical|\bcream\b|\bointment\b|\bgel\b"
    r"|漱口|含漱|外用|乳膏|软膏|凝胶",
    re.IGNORECASE,
)


def supportive_study(texts: Iterable[str], named_supportive: bool) -> bool:
    """Whether a blinded record is of a supportive-care study: a placebo beside drugs named
    that are all supportive (`named_supportive`), or a study drug in a form for the mouth or
    the skin."""
    joined = " ".join(texts)
    if named_supportive and _PLACEBO.search(joined):
        return True
    return _SUPPORTIVE_FORM.search(joined) is not None
