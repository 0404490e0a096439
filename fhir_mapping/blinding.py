"""EXP-BLINDED: a record naming a drug "or placebo", or a blinded study drug, does not show the
drug was given (docs/clinical-rules.md)."""

from __future__ import annotations

import re

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
