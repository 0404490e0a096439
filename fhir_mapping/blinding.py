"""EXP-BLINDED: a record naming a drug "or placebo", or a blinded study drug, does not show the
drug was given (docs/clinical-rules.md)."""

from __future__ import annotations

import re

BLINDED = re.compile(
    r"placebo|\bblind(ed)?\b|double-blind|study drug|investigational product"
    r"|安慰剂|盲法|研究药物|试验药物",
    re.IGNORECASE,
)
