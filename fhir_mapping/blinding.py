"""EXP-BLINDED: a record naming a drug "or placebo", or a blinded study drug, does not show the
drug was given (docs/clinical-rules.md)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from eligibility.caches import BoundedMemo
from fhir_mapping.terminology import MEMO_LIMIT

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


# EXP-BLINDED, LOT-SUPPORTIVE (7 December 2026, twenty-eighth session): what a blinded study
# drug is for, in its dosage's words or its name — an antiemetic ("for nausea", 止吐), the
# liver's protection (保肝, 护肝), the stomach's (护胃), the blood counts (升白), diarrhoea, pain,
# mucositis: a supportive-care study, no anticancer drug in either arm. Not where the words say
# it is given beside the drug (an antiemetic premedication, "after antiemetics", 止吐预处理后):
# then the study drug may be the anticancer one. Coordinator's practice, unverified.
_SUPPORTIVE_PURPOSE = re.compile(
    r"止吐|镇吐|预防呕吐|防吐|保肝|护肝|护胃|升白|止泻|止痛|镇痛|口腔黏膜炎"
    r"|\bantiemetics?\b|\bhepatoprotect\w*|\bliver protection\b"
    r"|\bfor (?:the )?(?:prevention of )?"
    r"(?:nausea|vomiting|emesis|cinv|mucositis|diarrh\w*|pain)\b",
    re.IGNORECASE,
)
_GIVEN_BESIDE = re.compile(
    r"预处理|预防用药|之前|之后|[前后]予|[前后]给药|止吐[后前]"
    r"|\bpre-?medicat\w*|\bpre-?med\b|\bafter\b|\bbefore\b|\bfollowing\b|\bprior to\b",
    re.IGNORECASE,
)
# The literal test before the regular expressions: most dosage words name no purpose at all.
_PURPOSE_LITERALS = (
    "止",
    "吐",
    "保肝",
    "护",
    "升白",
    "痛",
    "黏膜",
    "antiemetic",
    "hepato",
    "liver",
    "for ",
)


def supportive_study(
    texts: Iterable[str], named_supportive: bool, dosage_words: Iterable[str] = ()
) -> bool:
    """Whether a blinded record is of a supportive-care study: a placebo beside drugs named
    that are all supportive (`named_supportive`), or a study drug in a form for the mouth or
    the skin, or (twenty-eighth session) one whose name or dosage's words say it is for a
    supportive purpose ("2粒 口服 tid 保肝", "1 capsule po bid for nausea")."""
    names = tuple(texts)
    joined = " ".join(names)
    if named_supportive and _PLACEBO.search(joined):
        return True
    if _SUPPORTIVE_FORM.search(joined) is not None:
        return True
    return any(_for_supportive_care(text) for text in (*names, *dosage_words))


def _for_supportive_care(text: str) -> bool:
    """Whether one text says a supportive form or purpose and nothing given beside the drug;
    memoised by the text (a study drug is given the same way visit after visit)."""
    found = _purpose_memo.get(text)
    if found is None:
        found = _purpose_memo.put(text, _read_purpose(text))
    return found


def _read_purpose(text: str) -> bool:
    if _SUPPORTIVE_FORM.search(text) is not None:
        return True
    lowered = text.lower()
    if not any(literal in lowered for literal in _PURPOSE_LITERALS):
        return False
    return _SUPPORTIVE_PURPOSE.search(text) is not None and _GIVEN_BESIDE.search(text) is None


_purpose_memo: BoundedMemo[str, bool] = BoundedMemo(
    "fhir_mapping.blinding.supportive_study", MEMO_LIMIT
)
