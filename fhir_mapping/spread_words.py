"""The words that say where a cancer spread (STG-SPREAD-WORDS).

Problem lists and discharge diagnoses name a metastasis by its site, anywhere in the entry
("双肺多发转移", "骨继发恶性肿瘤", "Lung metastases"), often beside the primary it came from
("鼻咽癌肝转移"). `read_spread` finds those phrases, says what spread each affirms, and returns
the entry without them: what is left is what may name a primary cancer. So "Lung metastases" is
a metastasis and no lung cancer, and "鼻咽癌肝转移" is a nasopharyngeal carcinoma that spread.

Denied spread ("未见远处转移", "no distant metastasis", "non-metastatic") and words that are not
about cancer (转移酶, a transferase) are taken out first, and affirm nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fhir_mapping.text_patterns import text_pattern

SECONDARY = "secondary"  # a distant site
SECONDARY_BRAIN = "secondary_brain"
SECONDARY_NODES = "secondary_regional_nodes"  # lymph nodes: regional unless shown distant

# A character of a Chinese site phrase: not a cancer word (so "鼻咽癌肝转移" yields "肝转移",
# and leaves "鼻咽癌"), not punctuation or space (a phrase ends there).
_ZH_SITE = r"(?:(?!癌|瘤|恶性|肿瘤)[^\s，,。.;；:：、/（）()\[\]【】])"
# An English site word: not a word that joins, or names the primary or the spread itself.
_EN_SITE = (
    r"(?:(?!(?:from|with|and|or|of|in|to|the|due|secondary|cancer|carcinoma|npc|nsclc|sclc"
    r"|neoplasm|tumou?r|malignan\w*|metasta\w*|mets|lymph|nodes?|nodal|no|non|without)\b)"
    r"[a-z][a-z-]*)"
)
_ZH_NEOPLASM = r"(?:恶性肿瘤|恶性|肿瘤|癌|瘤)"
_EN_SPREAD = r"(?:metastas[ie]s|metastasis|mets|metastatic (?:disease|lesions?|deposits?))"

# Not about cancer: a transferase (γ-谷氨酰转移酶), transfer factor (a drug), metastatic
# calcification or abscess, migrating pain (转移性右下腹痛, appendicitis).
_NOT_SPREAD = text_pattern(
    r"转移酶|转移因子|转移性(?:钙化|脓肿|(?:右下)?腹痛)|\bmetastatic (?:calcification|abscess)"
)
# Denied: a negation, then within the phrase the spread ("未见明确远处转移征象").
_DENIED = text_pattern(
    # 未 is not a negation in 未分化 (undifferentiated: "鼻咽未分化癌肝转移"), nor is one across
    # a cancer word.
    r"(?:无|未见|未发现|未(?!分化)|没有|排除|(?<![不能])除外|否认)(?:(?!癌|瘤)[^\s，,。;；:：]){0,8}?"
    r"转移(?:征象|迹象|灶|病灶)?"
    r"|\b(?:no|without|negative for|free of|not)\b(?:[ -][a-z]+){0,3}?[ -]" + _EN_SPREAD + r"\b"
    r"|\bnon-?metastatic\b|\bno\b[^;,.]{0,20}\bmetastatic\b"
)
# Lymph nodes, with the region said before them.
_NODES = text_pattern(
    _ZH_SITE + r"{0,12}?淋巴结(?:多发)?(?:转移(?:癌|灶|瘤)?|继发性?" + _ZH_NEOPLASM + r"+)"
    r"|" + _ZH_SITE + r"{0,4}?(?:颈部?|锁骨上|咽后)(?:多发)?转移(?:癌|灶)?"
    r"|(?:\b" + _EN_SITE + r"[ -]){0,3}(?:lymph[ -]?nodes?|nodal|node)[ -]" + _EN_SPREAD + r"\b"
    r"|\b(?:secondary|metasta\w*)\b[^;,]*?\blymph[ -]?nodes?\b"
)
_BRAIN = text_pattern(
    _ZH_SITE + r"{0,6}?(?:脑|颅内|脑膜)" + _ZH_SITE + r"{0,4}?"
    r"(?:转移(?:瘤|癌|灶)?|继发性?" + _ZH_NEOPLASM + r"+)"
    r"|转移性(?:脑|颅内)" + _ZH_NEOPLASM + r"+"
    r"|\b(?:secondary|metasta\w*)\b[^;,]*?\b(?:brain|cerebr\w*|intracranial)\b"
    r"|\b(?:brain|cerebral|intracranial)[ -]" + _EN_SPREAD + r"\b"
)
_DISTANT = text_pattern(
    r"转移性(?:肝|骨|肺)" + _ZH_NEOPLASM + r"+"
    r"|" + _ZH_SITE + r"{0,10}?继发性?" + _ZH_SITE + r"{0,6}?" + _ZH_NEOPLASM + r"+"
    r"|" + _ZH_SITE + r"{0,10}?转移(?:瘤|癌|灶|性病变|病灶)?"
    r"|\bsecondary (?:malignant )?(?:neoplas\w*|tumou?r|carcinoma|cancer|malignancy|deposits?)\b"
    r"(?: (?:of|in|to) (?:the )?" + _EN_SITE + r"(?: " + _EN_SITE + r"){0,2})?"
    r"|\b(?:metastas[ie]s|metastasis|metastatic (?:malignant )?(?:neoplasm|tumou?r|disease"
    r"|carcinoma|lesions?|deposits?)) (?:to|of|in|involving) (?:the )?"
    + _EN_SITE
    + r"(?: "
    + _EN_SITE
    + r"){0,2}"
    r"|(?:\b" + _EN_SITE + r" ){1,3}" + _EN_SPREAD + r"\b"
    # "Metastatic disease" on its own: spread beyond the regional nodes (AJCC M1).
    r"|\bmetastatic disease\b"
)
# Nodes first, then the brain: "脑转移" and "淋巴结转移" are also "<site>转移".
_PHRASES = ((_NODES, SECONDARY_NODES), (_BRAIN, SECONDARY_BRAIN), (_DISTANT, SECONDARY))
# What calls a named primary metastatic without a site ("metastatic NPC", "NPC with metastases").
_METASTATIC = text_pattern(r"\bmetasta\w*|\bmets\b")


@dataclass(frozen=True, slots=True)
class SpreadReading:
    """What one text says of spread: the kinds it affirms (in the order found), the text
    without its spread phrases, and whether that rest still calls the cancer metastatic."""

    kinds: tuple[str, ...]
    rest: str
    metastatic: bool

    @property
    def distant(self) -> bool:
        """Spread beyond the regional nodes is affirmed."""
        return self.metastatic or any(k != SECONDARY_NODES for k in self.kinds)


_NOTHING = re.compile(r"转移|继发|metasta|\bmets\b|secondary", re.IGNORECASE)


def read_spread(text: str) -> SpreadReading:
    """STG-SPREAD-WORDS: the spread `text` affirms, and the text left to name a primary."""
    if not _NOTHING.search(text):
        return SpreadReading((), text, False)
    rest = _DENIED.sub(" ", _NOT_SPREAD.sub(" ", text))
    kinds: list[str] = []
    for pattern, kind in _PHRASES:
        rest, found = pattern.subn(" ", rest)
        kinds += [kind] * bool(found)
    return SpreadReading(tuple(kinds), rest, bool(_METASTATIC.search(rest)))
