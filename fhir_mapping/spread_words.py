"""The words that say where a cancer spread (STG-SPREAD-WORDS).

Problem lists and discharge diagnoses name a metastasis by its site, anywhere in the entry
("双肺多发转移", "骨继发恶性肿瘤", "Lung metastases"), often beside the primary it came from
("鼻咽癌肝转移"). `read_spread` finds those phrases, says what spread each affirms, and returns
the entry without them: what is left is what may name a primary cancer. So "Lung metastases" is
a metastasis and no lung cancer, and "鼻咽癌肝转移" is a nasopharyngeal carcinoma that spread.

Denied spread ("未见远处转移", "不考虑转移", "no distant metastasis", "non-metastatic", "metastasis
not favoured") and words that are not about cancer (转移酶, a transferase) are taken out first,
and affirm nothing. A metastasis negative after its treatment ("Bone metastases: negative on PET
after radiotherapy") responded and is affirmed; no metastasis of a kind ("no measurable
metastases", 未见残留转移灶) neither denies nor affirms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eligibility.caches import BoundedMemo
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

# Leptomeningeal spread, named by what it is rather than by a metastasis word; "LMD" is how
# oncology notes and radiology impressions abbreviate leptomeningeal disease.
_EN_LEPTOMENINGEAL = (
    r"(?:leptomeningeal (?:disease|spread|involvement|carcinomatosis)|meningeal carcinomatosis"
    r"|(?:carcinomatous|neoplastic|malignant) meningitis|LMD)"
)
_ZH_LEPTOMENINGEAL = r"(?:软)?脑膜癌病|癌性脑膜炎"
# CNS-METASTASES: the primary growing through the skull base ("Metastatic NPC with intracranial
# extension" is T4 and metastatic elsewhere), not a metastasis in the brain.
_EN_INVADING = r"invad\w*|invasion|extension|extending|infiltrat\w*|erosion|eroding"
# CNS-METASTASES: a brain metastasis named by its lobe ("Right frontal lobe metastasis",
# 右额叶转移瘤), the brain left unsaid; a temporal bone is not a lobe.
_EN_LOBE = r"(?:frontal|parietal|temporal|occipital|frontoparietal|temporoparietal) lobes?"
# CNS-METASTASES: a brain site followed by a finding of its own ("bone metastases and bilateral
# temporal lobe radiation necrosis") is named for that finding, not as the metastases' site.
_EN_SITE_OF_ANOTHER_FINDING = (
    r"radiation|radiation-induced|post-?radiation|radionecrosis|necrosis|injury|changes?|damage"
    r"|infarct\w*|isch(?:a)?emi\w*|ha?emorrhage|o?edema|atrophy|encephalopathy"
)
# Not about cancer: a transferase (γ-谷氨酰转移酶), transfer factor (a drug), metastatic
# calcification or abscess, migrating pain (转移性右下腹痛, appendicitis).
_NOT_SPREAD = text_pattern(
    r"转移酶|转移因子|转移性(?:钙化|脓肿|(?:右下)?腹痛)|\bmetastatic (?:calcification|abscess)"
)
# What a negation before a metastasis may deny instead of it: its treatment (不考虑手术切除肝转移灶:
# surgery not considered; "no radiotherapy to bone metastases"), its course as a noun (no change
# in, no progression of, 较前无明显变化的): the metastasis is there (twenty-fifth session).
# Not an adjective of new spread ("no new or progressive metastases", "未见新发或增大的转移灶"),
# nor a symptom review ("无头痛、呕吐等颅内转移症状"): those still deny. 无症状 and 无痛性
# (asymptomatic, painless) are adjectives, no negation ("无症状骨转移").
_ZH_NOT_THE_SPREAD = r"手术|切除|放疗|化疗|治疗|处理|消融|介入|变化"
_EN_NOT_THE_SPREAD = (
    r"(?!(?:change|changes|progression|growth|increase|enlargement|treatment|treated|surgery"
    r"|resection|resected|radiotherapy|radiation|irradiation|irradiated|biopsy|biopsied)\b)"
)
# After "not considered": a judgement of its treatment ("not considered resectable", "not
# considered for surgery", "not considered amenable to resection"), not of whether it is there.
_JUDGES_TREATMENT = (
    r"(?!\s+(?:for|to|as|amenable|resectable|unresectable|operable|inoperable|suitable"
    r"|candidates?|eligible|appropriate|treatable|curable)\b)"
)
# STG-SPREAD-WORDS: a metastasis set aside for another reading, after "rather than", "instead
# of", or "more likely ... than" (twenty-seventh session, red-team review).
_SET_ASIDE = (
    r"|\b(?:rather than|instead of|more likely\b[^;,.，；。]{0,40}?\bthan) (?:(?:an?|the) )?"
    r"(?:[a-z-]+ ){0,2}?(?:" + _EN_SPREAD + r"|metastatic\b|metastases\b)"
)
# Denied: a negation, then within the phrase the spread ("未见明确远处转移征象"), or the
# radiologist's verdict against it (不考虑转移, 不支持转移: not considered, not supported).
_DENIED = text_pattern(
    # 未 is not a negation in 未分化 (undifferentiated: "鼻咽未分化癌肝转移"), nor is one across
    # a cancer word; 非 is one right before 转移 only ("非转移性病变"; 非角化性 is a subtype).
    # Not (yet) ruled out, or a work-up asked for to rule it out, is no denial: 不排除, 无法排除,
    # 未(能)除外, 待除外, 需排除, 以排除 (STG-SUSPECTED: `_DOUBT_WORDS`).
    r"(?:无(?!法|症状|痛)|未见|未发现|未(?!分化|能?(?:排除|除外))|没有"
    r"|(?<![不未待需以为拟法])(?<!不能)(?<!不可)(?<!难以)(?<!未能)(?:排除|除外)"
    r"|否认|非(?=转移)|不考虑|不支持|不倾向|不符合)"
    r"(?:(?!癌|瘤|" + _ZH_NOT_THE_SPREAD + r")[^\s，,。;；:：]){0,8}?"
    r"(?:转移(?:征象|迹象|灶|病灶|瘤)?|" + _ZH_LEPTOMENINGEAL + r")"
    r"|\b(?:no|without|negative for|free of|not)\b(?:[ -]" + _EN_NOT_THE_SPREAD + r"[a-z]+){0,3}?"
    r"[ -](?:" + _EN_SPREAD + r"|" + _EN_LEPTOMENINGEAL + r")\b"
    r"|\bnon-?metastatic\b|\bno\b[^;,.]{0,20}\bmetastatic\b"
    # The radiologist's firm read negated, its site words after it ("not in keeping with osseous
    # metastases", "not compatible with multiple bone metastases"; twenty-seventh session: before
    # it, more words than the negation's three, and the metastasis affirmed).
    r"|\bnot (?:in keeping|consistent|compatible) with (?:"
    + _EN_SITE
    + r" ){0,3}"
    + _EN_SPREAD
    + r"\b"
    # A symptom review, however many symptoms it lists before the metastasis ("No headache or
    # other symptoms of brain metastases"): read as the Chinese one is (twenty-fifth session).
    r"|\bno\b(?:(?!\b(?:but|however|though|although|yet)\b)[^;.]){0,60}?\bsymptoms? "
    r"(?:of|suggestive of|concerning for|attributable to) (?:"
    + _EN_SITE
    + r" ){0,3}"
    + _EN_SPREAD
    + r"\b"
    # "no convincing evidence of bone metastasis": the evidence qualified, the site named.
    # (twenty-seventh session, red-team review) So are findings, features or signs, and what
    # they suggest ("no scintigraphic findings to suggest osseous metastases": before it, a
    # suspicion, which held an M0 open, a card for a locoregional patient).
    r"|\bno (?:[a-z-]+ ){0,2}?(?:evidence|findings?|features?|signs?) (?:of|for|to suggest"
    r"|suggest(?:ive|ing) of|suspicious for|concerning for|worrisome for|to indicate) (?:"
    + _EN_NOT_THE_SPREAD
    + r"[a-z-]+ ){0,3}?"
    + _EN_SPREAD
    + r"\b"
    # The radiologist's verdict for another reading: "likely degenerative rather than
    # metastasis", "more likely degenerative than metastatic" (twenty-seventh session, red-team
    # review: before it, a suspected or an affirmed metastasis over an M0).
    + _SET_ASIDE
)
# Denied after the spread: ruled out ("骨转移已排除", "bone metastases ruled out"), judged
# against ("metastasis not favoured") or a negative result ("骨转移(-)", "骨转移：阴性"). Read
# only where its verdict words are (`_VERDICT_AFTER`): the site before them is costly to seek.
# A negative result the words then say came after its treatment ("Bone metastases: negative on
# PET after radiotherapy", "骨转移：阴性（放疗后）") is the metastasis's response, not its
# absence: it was there and was treated, and a response does not restage the cancer (M1 stands;
# twenty-sixth session).
# The treatment words are the metastasis's in its own clause, or opening the next one ("Bone
# metastases: negative, after radiotherapy"), never where they describe another finding's
# change ("骨转移（-），右颈部淋巴结活检术后改变", "negative, post-treatment changes in the
# nasopharynx": a biopsy's or the primary's; twenty-sixth session's red-team review: before it,
# those read as a treated metastasis, M1 affirmed over an M0).
# A treatment named with another site is not the metastasis's: the primary's or its field's
# (鼻咽癌放疗后, "chemoradiotherapy to the nasopharynx", "after NPC treatment"), so the result is
# a post-treatment check of the primary, and negative for the metastasis (twenty-sixth session:
# before it, "骨转移（-）（鼻咽癌放疗后3月复查）" read as a treated metastasis, M1 over an M0).
# 颈椎 (the cervical spine) is a bone metastasis's site, not the neck's field.
_ZH_PRIMARY_FIELD = r"癌|鼻咽|原发|颈(?!椎)|口咽|喉"
# A "tumour" alone is not the primary's: "Liver metastasis: negative on MRI after SBRT to the
# tumour" names the metastasis treated (twenty-seventh session: before it, that read as the
# primary's post-treatment check, a denial); "the primary tumour", "the nasopharyngeal tumour"
# name the primary by their other word.
_EN_PRIMARY_FIELD = r"nasopharyn\w*|npc|primary|neck|head|carcinoma|cancer|oropharyn\w*|laryn\w*"
# Systemic therapy treats every site: "after chemotherapy for NPC" names the cancer, not a field,
# and its metastases were treated with it (twenty-seventh session, spread11: before it, "Bone
# metastases: negative on PET after chemotherapy for NPC" read as the primary's check, a denial,
# while "after 6 cycles of chemotherapy for NPC" read as a response). Not chemoradiotherapy, or
# chemotherapy with radiotherapy: the primary's locoregional course.
_SYSTEMIC = (
    r"(?:chemo(?:therapy|therapies)?|(?:chemo)?immunotherapy|immunochemotherapy"
    r"|systemic (?:therapy|treatment)|targeted therapy)\b(?![-/]?radio)"
    r"(?!\s*(?:and|plus|with|\+|&)\s*(?:concurrent |concomitant )?"
    r"(?:radio\w*|RT|IMRT|irradiation|radiation)\b)"
)
_TREATED = (
    r"(?:\b(?:after|post|following|since|s/p|status post)[ -]"
    r"(?:(?!(?:" + _EN_PRIMARY_FIELD + r")\b)[a-z0-9/-]+ ){0,3}?"
    r"(?:" + _SYSTEMIC + r"|(?:(?!chemo(?!-?radio))[a-z]*therap\w*|treatment|radiation|irradiation"
    r"|RT|SBRT|SRS|cycles?|surgery|resection|ablation|chemo-?radio\w*)\b"
    r"(?! (?:to|of|for|at) (?:the )?(?:(?:left|right|bilateral) )?(?:"
    + _EN_PRIMARY_FIELD
    + r")\b))"
    r"|(?:放疗|放化疗|化疗|治疗|手术|术|消融|介入|靶向)后)"
    r"(?!\s*(?:改变|变化|纤维化|瘢痕|水肿|反应)|\s+(?:changes?|fibrosis|appearances?|effects?"
    r"|scarring|inflammation|o?edema|findings?)\b)"
)
# Between the result and its treatment words, no other site's treatment: the primary named.
_NOT_THE_PRIMARY = r"(?:(?!" + _ZH_PRIMARY_FIELD + r")[^;；。.\n，,])"
_AFTER_TREATMENT = (
    r"(?!"
    + _NOT_THE_PRIMARY
    + r"{0,40}?"
    + _TREATED
    + r"|"
    + _NOT_THE_PRIMARY
    + r"{0,40}?[，,]\s*[(（]?"
    + _NOT_THE_PRIMARY
    + r"{0,40}?"
    + _TREATED
    + ")"
)
_DENIED_AFTER = text_pattern(
    _ZH_SITE + r"{0,10}?转移(?:瘤|灶|病灶)?\s*(?:(?<!不)(?:已|可|均)(?:排除|除外)"
    # ... the verdict against it after it, as before it ("骨转移暂不考虑", "转移不支持"), not of
    # its treatment ("骨转移不考虑手术"; twenty-fifth session's review).
    r"|(?:暂|目前|暂时)?不(?:考虑|支持)(?!" + _ZH_NOT_THE_SPREAD + r")"
    r"|(?:[:：]?\s*阴性|[(（]\s*(?:[-－−—]|阴性)\s*[)）])" + _AFTER_TREATMENT + r")"
    r"|(?:\b"
    + _EN_SITE
    + r" ){0,3}"
    + _EN_SPREAD
    + r"(?:(?: (?:is|are|was|were|has been|have been))?"
    r" (?:not (?:favou?red|considered|suspected|supported)\b" + _JUDGES_TREATMENT + r"|ruled out\b"
    r"|excluded\b(?! from\b))"
    r"|\s*[:：-]\s*neg(?:ative)?\b" + _AFTER_TREATMENT + r")"
)
_VERDICT_AFTER = text_pattern(
    r"排除|除外|阴性|不考虑|不支持|[(（]\s*[-－−—]"
    r"|\bnot (?:favou?red|considered|suspected|supported)\b"
    r"|\bruled out\b|\bexcluded\b|\bneg(?:ative)?\b"
)

# A radiologist leaning against a metastasis — "unlikely", "less likely", "low suspicion for",
# 可能性小, 可能性不大, 不太可能 — before or after it: not a metastasis documented,
# nor one held in question over an M0 (the staging's M0 stands), and no denial either — not
# proof that there is none: taken out of the text, it says nothing of spread, so with nothing
# else the M category stays unknown, and a brain scan so worded stays held open (CNS-EHR reads
# `SpreadReading.leaned_against` with its own doubt words; `denies_spread` does not count it).
# Twenty-seventh session: before it, "bone metastases are unlikely" and "unlikely to represent
# metastasis" affirmed the metastasis, an unsafe M1, and "骨转移可能性小" after a cM0 was a
# suspicion holding the M0 open, a card for a locoregional patient. "Not unlikely" leans to it
# (`_DOUBT_WORDS`).
# STG-SPREAD-WORDS, DX-WORDS: "unlikely to be resectable", "unlikely to benefit from surgery",
# 手术切除可能性小: what is judged unlikely is an outcome or a treatment of the metastasis, which
# is stated, not doubted (7 December 2026, twenty-seventh session (red-team review): before it,
# "MDT: liver metastases are unlikely to be resectable" after a cM0 leaned against the
# metastasis, so the M0 stood, a wrong exclusion; and the entry's "unlikely" or 可能 held the
# metastasis in doubt, a needless unknown). Read after "unlikely" (English) and before 可能
# (Chinese) here and in `diagnosis_words.UNCONFIRMED`.
NOT_OF_AN_OUTCOME = (
    r"(?!\s+to\s+(?:be\s+)?(?:resect|operab|curab|cured?\b|benefit|respond|tolerat|control"
    r"|amenable|salvage|achiev|surviv|improv|ablat|irradiat|treat))"
)
ZH_NOT_OF_AN_OUTCOME = r"(?<!切除)(?<!手术)(?<!根治)(?<!治愈)(?<!获益)(?<!缓解)(?<!耐受)"
_EN_LEANS_AGAINST = (
    r"(?<!\bnot )(?:\bunlikely|\bless likely|\blow (?:suspicion|probability|likelihood))"
)
_LEANS_AGAINST = text_pattern(
    _ZH_SITE + r"{0,10}?转移(?:瘤|灶|病灶)?\s*的?可能性?(?:较|很|极)?(?:小|低|不大)"
    r"|不[太大]可能(?:为|是)?(?:(?!癌|瘤|" + _ZH_NOT_THE_SPREAD + r")[^\s，,。;；:：]){0,8}?"
    r"转移(?:灶|病灶|瘤)?"
    r"|" + _EN_LEANS_AGAINST + r"\b(?: to (?:represent|be|reflect|indicate))?(?: (?:for|of))?"
    r"(?: an?)? (?:" + _EN_SITE + r" ){0,3}(?:" + _EN_SPREAD + r"|metastatic)\b"
    r"|(?:\b" + _EN_SITE + r" ){0,3}" + _EN_SPREAD + r"(?: (?:is|are|was|were|appears?|seems?))?"
    r"(?: (?:felt|thought|considered|deemed))?(?: to be)? (?:unlikely|less likely)\b"
    + NOT_OF_AN_OUTCOME
)
_LEAN_WORDS = text_pattern(
    r"可能性?(?:较|很|极)?(?:小|低|不大)|不[太大]可能"
    r"|\b(?:unlikely|less likely|low (?:suspicion|probability|likelihood))\b"
)


# Neither denied nor affirmed: no metastasis of a kind — measurable (RECIST's target lesions:
# "no measurable metastases", 无可测量转移灶), residual, active or viable ("no FDG-avid bone
# metastases", 未见残留转移灶) — says nothing of the others: non-measurable (bone-only disease
# mostly is), treated or inactive metastases may be there. Taken out of the text like a
# denial, it denies nothing (twenty-sixth session: before it, "No measurable metastases" on a
# brain MRI ruled out a suspected brain metastasis).
_ABSENT_OF_A_KIND = text_pattern(
    r"\b(?:no|without|free of)\b(?:[ -](?!(?:and|or|but)\b)[a-z]+){0,2}?[ -]"
    r"(?:measurable|residual|active|viable|target|evaluable|(?:FDG|PET)[ -]?avid|avid)"
    r"(?:[ -](?!(?:and|or|but)\b)[a-z-]+){0,3}?[ -]" + _EN_SPREAD + r"\b"
    r"|(?:无|未见|未发现|没有)(?:明显|明确)?(?:可测量|可评估|可评价|残留|残存|活性|活动性|代谢活跃)"
    r"的?[^\s，,。;；:：]{0,4}?转移(?:瘤|灶|病灶)?"
)


def without_absence_of_a_kind(text: str) -> str:
    """STG-SPREAD-WORDS: `text` without the words saying no metastasis of a kind is there ("no
    measurable brain metastases", 无可测量转移灶): they deny nothing, so a reading of denials
    other than this module's (CNS-EHR's diagnoses) must not see a negation in them."""
    return _ABSENT_OF_A_KIND.sub(" ", text)


def _undenied(text: str) -> str:
    """`text` without the spread it denies, leans against or says is absent only of a kind
    (STG-SPREAD-WORDS)."""
    if _LEAN_WORDS.search(text):
        text = _LEANS_AGAINST.sub(" ", text)
    text = _DENIED.sub(" ", _ABSENT_OF_A_KIND.sub(" ", text))
    return _DENIED_AFTER.sub(" ", text) if _VERDICT_AFTER.search(text) else text


def without_denied_spread(text: str) -> str:
    """STG-SPREAD-WORDS: `text` without the spread it denies ("No bone metastases seen on PET
    after radiotherapy" keeps "seen on PET after radiotherapy"): what is left names no site
    of a metastasis that is not there."""
    return _undenied(_as_lung_spread(text)) if _NOTHING.search(text) else text


def _denies(text: str) -> bool:
    text = _ABSENT_OF_A_KIND.sub(" ", text)
    return bool(
        _DENIED.search(text) or (_VERDICT_AFTER.search(text) and _DENIED_AFTER.search(text))
    )


# STG-NODES (twenty-eighth session): a head and neck nodal region named without the word "lymph
# node" is its nodes all the same — the neck, the supraclavicular fossa, the retropharyngeal and
# parapharyngeal spaces, the submandibular and submental triangles, the parotid ("鼻咽癌右腮腺转移",
# "Metastatic carcinoma to right neck", "left supraclavicular metastasis", "bilateral
# retropharyngeal metastases"): an NPC's N category (AJCC), not distant spread. Not the cervical
# spine, cord or oesophagus ("metastasis to the cervical spine" is a bone).
_EN_NODE_REGION = (
    r"(?:neck|cervical|supraclavicular|retropharyngeal|parapharyngeal|submandibular|submental"
    r"|(?:intra-?|peri-?)?parotid)\b"
    r"(?![ -](?:spine|spinal|vertebra\w*|cord|canal|o?esophag\w*|trachea\w*))"
)
_EN_SIDE = r"(?:(?:right|left|bilateral|rt|lt|ipsilateral|contralateral)\.?[ -])?"
# After nodes "metastatic" is read as naming, no further site in a list ("…neck nodes and bone",
# "…nodes, liver"): those keep the old reading, the cancer called metastatic.
_NO_MORE_SITES = r"(?! *(?:[,&+/]|and\b|or\b))"
# Lymph nodes, with the region said before them.
_NODES = text_pattern(
    _ZH_SITE + r"{0,12}?淋巴结(?:多发)?(?:转移(?:癌|灶|瘤)?|继发性?" + _ZH_NEOPLASM + r"+)"
    r"|" + _ZH_SITE + r"{0,4}?(?:颈部?|锁骨上|咽后|腮腺|颌下|颏下)(?:多发)?转移(?:癌|灶)?"
    r"|(?:\b"
    + _EN_SITE
    + r"[ -]){0,3}(?:lymph[ -]?nodes?|nodal|node|\bLNs?)[ -]"
    + _EN_SPREAD
    + r"\b"
    r"|\b(?:secondary|metasta\w*)\b[^;,]*?\blymph[ -]?nodes?\b"
    r"|\b" + _EN_SIDE + _EN_NODE_REGION + r"[ -]" + _EN_SPREAD + r"\b"
    r"|\b(?:metastas[ie]s|metastasis|metastatic (?:malignant )?(?:neoplasm|tumou?r|disease"
    r"|carcinoma|lesions?|deposits?)) (?:to|of|in|involving) (?:the )?"
    + _EN_SIDE
    + _EN_NODE_REGION
    + r"(?: (?:fossa|region|area|space|triangle|gland))?"
    # "metastatic (cervical) lymphadenopathy": "metastatic" names the nodes, not the cancer's
    # distant spread (twenty-eighth session: before it, "NPC with metastatic cervical
    # lymphadenopathy" was an NPC recorded as metastatic, M1 over a cM0).
    r"|\bmetastatic (?:" + _EN_SIDE + _EN_NODE_REGION + r"[ -])?(?:(?:lymph[ -]?)?adenopathy"
    r"|nodes?)\b"
    + _NO_MORE_SITES
    # "Metastatic NPC to neck nodes", "NPC, metastatic to cervical nodes": the spread named is to
    # nodes ("nodes" without "lymph"), so "metastatic" is theirs and the rest keeps the primary
    # (twenty-eighth session, spread13: before it, the NPC was read as metastatic, M1 over a cM0).
    # Not when another site shares the "to" ("to bone and neck nodes": the bone is M1).
    + r"|\bmetastatic\b(?=(?: (?!to\b)[\w-]+){0,3} to (?:the )?"
    + _EN_SIDE
    + r"(?:"
    + _EN_NODE_REGION
    + r"[ -])?(?:lymph[ -]?)?nodes?\b"
    + _NO_MORE_SITES
    + r")"
)
# CNS-METASTASES: between the brain and its 转移, a character of a site phrase that is not a word
# of the primary growing into the skull (颅内侵犯, 脑膜受累: T4, no metastasis) or of another
# finding joined to it (伴, 合并: "鼻咽癌颅内侵犯伴骨转移" is bone metastases).
_ZH_BRAIN_GAP = r"(?:(?!癌|瘤|恶性|肿瘤|侵|累|伴|合并)[^\s，,。.;；:：、/（）()\[\]【】])"
# The brain named after an invasion word is the primary's extension ("鼻咽癌侵犯颅内伴肝转移").
_ZH_INVADED = r"(?<!侵犯)(?<!侵及)(?<!侵入)(?<!侵达)(?<!侵至)(?<!累及)"
# Other sites listed after the brain before one 转移 ("脑、骨多发转移"), named one by one: a
# list of anything would join an unrelated finding ("脑梗死、肝转移").
_ZH_LISTED_SITE = (
    r"[、及和与](?:骨|多处骨|全身骨|肝|肺|双肺|胸膜|腹膜|肾上腺|脾|皮肤|软组织|纵隔|淋巴结)"
)
_BRAIN = text_pattern(
    _ZH_SITE
    + r"{0,6}?"
    + _ZH_INVADED
    + r"(?:脑|颅内|脑膜|(?<!硬)脊膜|[额顶颞枕岛]叶)(?:"
    + _ZH_LISTED_SITE
    + r"){0,4}"
    + _ZH_BRAIN_GAP
    + r"{0,4}?(?:转移(?:瘤|癌|灶)?|继发性?"
    + _ZH_NEOPLASM
    + r"+)"
    r"|转移性(?:脑|颅内)" + _ZH_NEOPLASM + r"+"
    r"|" + _ZH_LEPTOMENINGEAL + r"|\b" + _EN_LEPTOMENINGEAL + r"\b"
    r"|\b(?:secondary|metasta\w*)\b(?:(?!" + _EN_INVADING + r")[^;,])*?"
    r"\b(?:cerebral meninges|brain|cerebr\w*|cerebell\w*|brain ?stem|intracranial|meninges"
    r"|dura|" + _EN_LOBE + r")\b"
    r"(?! (?:" + _EN_INVADING + r"))"
    r"(?!\s+(?:" + _EN_SITE_OF_ANOTHER_FINDING + r")\b)"
    r"|\b(?:brain|cerebral|cerebellar|brain ?stem|intracranial|(?:lepto)?meningeal"
    r"|dural(?:[ -]based)?|" + _EN_LOBE + r")[ -]" + _EN_SPREAD + r"\b"
)
# CNS-METASTASES: which of those phrases are leptomeningeal spread — the meninges named, the
# spinal ones too (脊膜转移, 软脊膜), but not the dura (硬脑膜转移, "dural-based metastasis": a
# brain metastasis treated as one is; 硬脊膜外, epidural, is the spine's bone disease).
_MENINGES = re.compile(
    r"(?<!硬)[脑脊]膜|脑膜癌病|癌性脑膜炎|leptomening|(?<!dural )meninge|meningitis|\bLMD\b",
    re.IGNORECASE,
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
# Lymphangitic carcinomatosis, a cancer's spread through the lungs' lymphatics, named by what it
# is rather than by a metastasis word (双肺癌性淋巴管炎, "pulmonary lymphangitic
# carcinomatosis", "lymphangitis carcinomatosa"): distant spread to the lungs (twenty-seventh
# session, cancers10: before it, a second cancer of no known site). Read as the lung metastasis
# it is before anything else is read (`_as_lung_spread`), so the negations, doubts and leanings
# of a metastasis read it too: 7 December 2026, twenty-seventh session (red-team review): before
# it, "CT chest: no evidence of lymphangitic carcinomatosis" and "未见癌性淋巴管炎" affirmed a
# metastasis the report denies, an M1 over the staging's M0, an unsafe eligible.
_LYMPHANGITIC = text_pattern(
    r"癌性淋巴管炎"
    r"|(?:\b(?:pulmonary|lung|bilateral)\s+)?\blymphangitic\s+(?:carcinomatosis|spread"
    r"|(?:tumou?r|cancer)\s+spread|metastas[ie]s)\b|\blymphangitis\s+carcinomatosa\b"
)
_LYMPHANGITIC_WORDS = re.compile(r"淋巴管炎|lymphangit", re.IGNORECASE)


def _as_lung_spread(text: str) -> str:
    """`text` with lymphangitic carcinomatosis written as the lung metastasis it is."""
    if not _LYMPHANGITIC_WORDS.search(text):
        return text
    return _LYMPHANGITIC.sub(
        lambda found: "肺转移" if found.group(0) == "癌性淋巴管炎" else "lung metastases", text
    )


# Nodes first, then the brain: "脑转移" and "淋巴结转移" are also "<site>转移".
_PHRASES = ((_NODES, SECONDARY_NODES), (_BRAIN, SECONDARY_BRAIN), (_DISTANT, SECONDARY))
# What calls a named primary metastatic without a site ("metastatic NPC", "NPC with metastases").
_METASTATIC = text_pattern(r"\bmetasta\w*|\bmets\b")


@dataclass(frozen=True, slots=True)
class SpreadReading:
    """What one text says of spread: the kinds it names (in the order found), the text
    without its spread phrases, and whether that rest still calls the cancer metastatic.
    `affirmed` holds the kinds some phrase names without doubt; `doubted` those a phrase holds
    in doubt ("骨转移待排", "?bone mets", "possible liver metastases": STG-SUSPECTED);
    `leaned_against` those a radiologist leans against ("骨转移可能性小", "metastasis unlikely"),
    a metastasis of no site as `SECONDARY`: neither affirmed nor doubted, nor denied."""

    kinds: tuple[str, ...]
    rest: str
    metastatic: bool
    affirmed: tuple[str, ...] = ()
    doubted: tuple[str, ...] = ()
    metastatic_doubted: bool = False
    leaned_against: tuple[str, ...] = ()

    @property
    def distant(self) -> bool:
        """Spread beyond the regional nodes is affirmed."""
        return self.metastatic or any(k != SECONDARY_NODES for k in self.affirmed)

    @property
    def distant_doubted(self) -> bool:
        """Spread beyond the regional nodes is named, but only in doubt."""
        return self.metastatic_doubted or any(k != SECONDARY_NODES for k in self.doubted)


_LEANING = r"(?<!不)倾向|\blikely\b"
# "may be" of its treatment is no hedge ("Bone metastases may be treated with radiotherapy").
_HEDGES = (
    r"\b(?:concerning|worrisome) for\b|\b(?:may|might|could) (?:well )?(?:represent|reflect|be)\b"
    r"(?! (?:treated|managed|irradiated|resected|ablated|controlled|palliated|targeted)\b)"
)
_CONSIDERED = r"考虑(?![^，,；;。]{0,12}?(?:手术|切除|放疗|化疗|治疗|消融|介入|予|给予|加用))"
# STG-SUSPECTED: the doubt a spread phrase carries, in it ("疑似骨转移", "possible liver
# metastases") or right after it ("骨转移待排", "骨转移？", "bone mets (?)", "liver metastases
# not excluded"), or an English question mark or hedge right before it ("?bone mets"). Its own
# words, so the primary named beside it stays as recorded ("鼻咽癌（骨转移待排）": NPC confirmed).
# The word list is DX-WORDS' (`diagnosis_words.UNCONFIRMED`, which cannot be imported here).
_DOUBT_WORDS = (
    # 考虑 (considered) puts a working diagnosis, probable and not confirmed, as CMB-WORDS reads
    # it and a brain imaging conclusion holds it open (CNS-EHR): "骨扫描：…，考虑骨转移" asks
    # for the metastasis to be confirmed — never 考虑 before the metastasis's treatment, in its
    # clause ("考虑行骨转移灶放疗": there, and treated) (twenty-sixth session).
    _CONSIDERED + r"|"
    # 不可除外 is 不能除外, 尚 (yet) before either too (twenty-fifth session's review).
    r"待排除?|待查|疑似|可疑|可能|尚?不(?:能|可)?(?:除外|排除)|(?:无法|难以|未能)除外"
    r"|(?:无法|难以|尚未|未能|未)排除"
    # Neither shown nor ruled out: unclear (不明确, 不确定), short of evidence (依据不足), a
    # suspected diagnosis (疑诊), not (yet) excluded (未除外, 待除外), or a work-up asked for to
    # rule it out (需排除, 以排除: "建议MRI以排除转移").
    r"|不明确|不确定|(?:证据|依据)不足|疑诊|(?:未|尚未|未能|待)除外|(?:需要?|以|为|拟)(?:排除|除外)"
    # Awaiting its proof ("骨转移（待病理证实）"), or read as equivocal.
    r"|待(?:病理|活检|穿刺)?(?:证实|确诊)|\bequivocal\b"
    # A radiologist's leaning, short of a conclusion: 倾向 (not 不倾向, a verdict against it),
    # "likely", "suggestive of" (twenty-sixth session: before it, "倾向骨转移" and "Findings likely
    # represent osseous metastases" were metastases documented, M1 for a trial requiring it, an
    # unsafe eligible). "Consistent with" and "compatible with" are the radiologist's firm read,
    # as CNS-EHR reads a brain scan's: a metastasis stated.
    r"|" + _LEANING + r"|\bsuggest(?:ive|s|ing)?\b"
    # Radiology's other hedges, as CNS-EHR holds a brain scan open on them: "concerning for",
    # "worrisome for", "may represent", "could be", "favour(ed)", "in favour of" (twenty-seventh
    # session: before it, "…, concerning for bone metastases" was M1 documented, an unsafe
    # eligible). "Not favoured" after it is a verdict against it (`_DENIED_AFTER`, read first).
    r"|" + _HEDGES + r"|\bfavou?r(?:s|ed)?\b"
    r"|\bsuspect\w*|\bsuspicio\w*|\bpossibl[ey]\b|\bprobabl[ey]\b|\bquery\b"
    r"|\b(?:rule[ds]? out|r/o)\b|\bto be (?:ruled out|excluded)\b"
    r"|\bnot (?:yet )?(?:ruled out|excluded)\b"
    r"|\bcannot (?:be )?(?:excluded|ruled out)\b|\bunlikely\b"
    + NOT_OF_AN_OUTCOME
    # "Not unlikely" leans to it: held open, never denied (twenty-seventh session).
    + r"|\bnot unlikely\b"
)
_DOUBT_IN = text_pattern(r"[?？]|" + _DOUBT_WORDS)
# After a phrase a leaning word doubts it only where it closes the clause ("bone metastases,
# likely", "骨转移（倾向）"): "osseous metastases likely from the known NPC", "多发骨转移 倾向鼻咽癌
# 来源", "liver metastases suggesting progression" state the metastasis and lean on its origin
# or course (twenty-seventh session, red-team review: before it, a suspicion, an unknown M).
_LEANING_AFTER = text_pattern(
    r"\s*[（(]?\s*(?:" + _LEANING + r"|\bsuggest(?:ive|s|ing)?\b)"
    r"(?!\s*[)）]?\s*(?:$|[,，;；。.:：?？]))"
)
_DOUBT_AFTER = text_pattern(r"\s*[（(]?\s*(?:" + _DOUBT_WORDS + r")[)）]?|\s*[（(]?\s*[?？][)）]?")
# Before a phrase only the words that open what they doubt: a hedge ("疑似骨转移", "possible
# liver mets", "不除外骨转移") or a question mark that opens a word ("NPC with ?bone mets").
# 待排, 待查 and a question mark run on from a word close that word: "鼻咽癌待排 肝转移" and
# "鼻咽癌？肝转移" doubt the NPC, and the metastasis stands.
_DOUBT_BEFORE = text_pattern(
    r"(?:(?:^|(?<=[\s,，;；:：(（]))[?？]|(?:"
    + _CONSIDERED
    + r"为?|疑似|可疑|疑诊|不(?:能|可)?除外|不(?:能|可)?排除"
    r"|(?:无法|难以|尚未|未能|未|待)(?:排除|除外)|(?:需要?|以|为|拟)(?:排除|除外)|\bequivocal"
    r"|\bsuspect\w*"
    r"|\bsuspicio\w*|\bpossibl[ey]|\bprobabl[ey]|\bquery|\br/o|\brule out"
    r"|" + _LEANING + r"于?|\bsuggest(?:ive|s|ing)?"
    # "may" with its verb only: "PET-CT 12 May bone metastases" names a month.
    r"|\b(?:concerning|worrisome)|\b(?:may|might|could)(?:\s+well)?"
    r"(?:\s+be|(?=\s+(?:represent|reflect)))"
    r"|\b(?:in )?favou?r(?:s|ed)?)"
    # What a hedge's verb says the finding is ("likely represent", "probably reflects"), with
    # "to" and "be" ("likely to be metastases", "suspected to represent bone metastases",
    # "could be consistent with metastases": the words no site is read in; twenty-seventh
    # session, spread11: before it, the phrase began after them and the metastasis stood).
    r"(?:\s+well)?(?:\s+to)?(?:\s+(?:be|represents?|reflects?|indicates?))?"
    r"(?:\s+(?:consistent|compatible|in keeping) with)?\s*(?:of\s+|for\s+)?"
    # the primary's name between ("考虑鼻咽癌骨转移": the metastasis is the working diagnosis;
    # twenty-sixth session's second red-team review)
    r"(?P<primary>[\u4e00-\u9fff]{0,8}?癌|\bNPC\s*)?)$"
)
_CLOSES_BEFORE = text_pattern(r"^(?:待排除?|待查|[?？])+")
# 考虑 found before a phrase is read again where it stands in the whole text, so its lookahead
# sees the treatment after the phrase across a typed space ("考虑 骨转移放疗": the radiotherapy
# is what is considered; twenty-seventh session: before it, the search saw only "考虑 " and
# held the metastasis in doubt, a needless unknown).
_CONSIDERED_AT = text_pattern(_CONSIDERED)


def _doubt_before(text: str, last: int, start: int) -> re.Match[str] | None:
    """The doubt words right before the phrase at `start` (`_DOUBT_BEFORE`), none when they are
    a 考虑 of the metastasis's treatment."""
    before = _DOUBT_BEFORE.search(text[last:start])
    if before is None:
        return None
    considered = before.group(0).find("考虑")
    if considered >= 0 and not _CONSIDERED_AT.match(text, last + before.start() + considered):
        return None
    return before


def _take(pattern: re.Pattern[str], text: str, keep: bool = False) -> tuple[str, list[bool]]:
    """`text` without `pattern`'s phrases (kept with `keep`) and the doubt words each carries,
    and for each phrase whether it is held in doubt."""
    parts: list[str] = []
    doubted: list[bool] = []
    last = 0
    for found in pattern.finditer(text):
        start, end = found.span()
        if start < last:
            continue
        lead = _CLOSES_BEFORE.match(found.group(0))
        start += lead.end() if lead else 0
        before = _doubt_before(text, last, start)
        after = _DOUBT_AFTER.match(text, end)
        if after and (
            _opens_the_next(pattern, text, end, after.end()) or _LEANING_AFTER.match(text, end)
        ):
            after = None
        # Read in the whole text, so a word's lookahead sees past the phrase ("考虑行骨转移灶放疗").
        inside = _DOUBT_IN.search(text, start)
        doubted.append(bool(before or after or (inside and inside.start() < end)))
        # A primary named between keeps its words, doubt and all ("考虑鼻咽癌骨转移", "疑似肺癌
        # 脑转移": the primary is read as its words have it, not as confirmed).
        cut = before.start() + last if before and not before.group("primary") else start
        parts.append(text[last:cut])
        last = after.end() if after else end
        parts.append(found.group(0) if keep else " ")
    parts.append(text[last:])
    return "".join(parts), doubted


def _opens_the_next(pattern: re.Pattern[str], text: str, end: int, after: int) -> bool:
    """Whether a doubt word after a phrase, past a space, opens the next phrase instead
    ("鼻咽癌肝转移 倾向骨转移", "liver metastases likely bone metastases": the liver's stand)
    (twenty-sixth session)."""
    if not text[end:after][:1].isspace():
        return False
    rest = text[after:]
    return pattern.match(rest, len(rest) - len(rest.lstrip())) is not None


# Leptomeningeal spread may be named with no metastasis word ("Leptomeningeal carcinomatosis").
_NOTHING = re.compile(
    r"转移|继发|脑膜癌病|癌性脑膜炎|metasta|\bmets\b|secondary|meningeal|meningitis|\bLMD\b"
    r"|癌性淋巴管炎|lymphangit",
    re.IGNORECASE,
)


# CNS-METASTASES: ICD-10-CM C79.32's title names the cerebral meninges, which the Table of
# Neoplasms gives the dura, arachnoid and pia alike: a dural or a leptomeningeal metastasis,
# the title does not say which — in English or as Chinese EHRs title the code (脑膜继发恶性肿瘤,
# the meninges named neither 软 nor 硬).
_MENINGES_TITLE = text_pattern(
    r"\bsecondary (?:malignant )?(?:neoplasm|tumou?r|malignancy) of (?:the )?(?:cerebral )?"
    r"meninges\b|(?<![软硬])脑膜继发性?恶性肿瘤"
)


def names_meninges_title(text: str) -> bool:
    """CNS-METASTASES: whether `text` holds the meninges' ICD-10 title, English or Chinese."""
    return _MENINGES_TITLE.search(text) is not None


def names_leptomeningeal(text: str) -> bool:
    """CNS-METASTASES: whether `text` affirms leptomeningeal spread (脑膜转移, 脑膜癌病,
    "leptomeningeal disease", "meningeal carcinomatosis"), a dural metastasis aside, and the
    meninges' ICD-10-CM title (dura or leptomeninges) aside."""
    if not _NOTHING.search(text):
        return False
    rest = _undenied(_NOT_SPREAD.sub(" ", _NODES.sub(" ", _MENINGES_TITLE.sub(" ", text))))
    return any(_MENINGES.search(found.group(0)) for found in _BRAIN.finditer(rest))


def read_spread(text: str) -> SpreadReading:
    """STG-SPREAD-WORDS: the spread `text` names, and the text left to name a primary; the
    spread held in doubt apart (STG-SUSPECTED)."""
    if not _NOTHING.search(text):
        return SpreadReading((), text, False)
    text = _NOT_SPREAD.sub(" ", _as_lung_spread(text))
    rest = _undenied(text)
    kinds: list[str] = []
    affirmed: list[str] = []
    doubted: list[str] = []
    for pattern, kind in _PHRASES:
        rest, found = _take(pattern, rest)
        kinds += [kind] * bool(found)
        affirmed += [kind] * (not all(found))
        doubted += [kind] * any(found)
    # "Metastatic NPC" keeps its word: the rest still names the primary with it.
    rest, called = _take(_METASTATIC, rest, keep=True)
    return SpreadReading(
        tuple(kinds),
        rest,
        not all(called),
        tuple(affirmed),
        tuple(doubted),
        any(called),
        _leaned_against(text),
    )


def leans_against_brain_metastases(text: str) -> bool:
    """CNS-METASTASES: whether `text` names brain metastases only to lean against them ("脑转移
    可能性小", "brain metastases unlikely"): no denial, so their presence stays for CMB-WORDS'
    doubt words to hold open, as before the twenty-seventh session."""
    return bool(_LEAN_WORDS.search(text)) and SECONDARY_BRAIN in _leaned_against(text)


def _leaned_against(text: str) -> tuple[str, ...]:
    """The kinds of spread `text` leans against (`_LEANS_AGAINST`), a metastasis of no site as
    `SECONDARY`; read only where the leaning words are."""
    if not _LEAN_WORDS.search(text):
        return ()
    kinds: list[str] = []
    for found in _LEANS_AGAINST.finditer(text):
        phrase = found.group(0)
        kind = next((k for pattern, k in _PHRASES if pattern.search(phrase)), SECONDARY)
        kinds += [kind] * (kind not in kinds)
    return tuple(kinds)


# A hedge's verb at the start of a spread phrase, not a site ("represent metastasis").
_LEADING_VERB = text_pattern(r"^(?:(?:to|be|represents?|reflects?|indicates?)\s+)+")


def leaned_against_spread(text: str) -> tuple[tuple[str, str], ...]:
    """STG-SUSPECTED: the spread `text` leans against ("胸椎MRI：T8椎体血管瘤，骨转移可能性小",
    "bone metastasis unlikely"), each as its kind and the words naming it ("骨转移", "bone
    metastasis"; "" where no site is named): a suspicion of it raised before is settled, the
    work-up ended on the radiologist's lean against it (twenty-seventh session)."""
    if not _LEAN_WORDS.search(text) or not _NOTHING.search(text):
        return ()
    found: list[tuple[str, str]] = []
    for lean in _LEANS_AGAINST.finditer(_NOT_SPREAD.sub(" ", text)):
        phrase = lean.group(0)
        spread = next(
            ((kind, m.group(0)) for pattern, kind in _PHRASES if (m := pattern.search(phrase))),
            (SECONDARY, ""),
        )
        found.append((spread[0], _LEADING_VERB.sub("", spread[1].strip())))
    return tuple(found)


_doubted_memo: BoundedMemo[str, bool] = BoundedMemo("fhir_mapping.spread_words.doubted", 4096)


def names_spread_in_doubt_only(text: str) -> bool:
    """STG-SUSPECTED: whether `text` names a spread only in doubt ("骨转移不明确", "肝转移待排"),
    none affirmed: a metastasis entered so is suspected, whatever its verification status."""
    found = _doubted_memo.get(text)
    if found is None:
        reading = read_spread(text)
        # A metastasis of no site held open ("metastasis not excluded") is doubted too.
        unsited = reading.metastatic_doubted and not (reading.metastatic or reading.kinds)
        found = _doubted_memo.put(text, bool(reading.doubted or unsited) and not reading.affirmed)
    return found


def spread_phrases(text: str) -> tuple[str, ...]:
    """STG-SUSPECTED: the phrases of `text` that name a spread ("肝转移" in "CT：肺结节，肝转移
    待排"), its denied and not-spread words aside: where the spread is, not the other organs the
    entry names."""
    if not _NOTHING.search(text):
        return ()
    rest = _undenied(_NOT_SPREAD.sub(" ", _as_lung_spread(text)))
    return tuple(found.group(0) for pattern, _ in _PHRASES for found in pattern.finditer(rest))


def denies_spread(text: str) -> bool:
    """STG-SPREAD-WORDS: whether `text` denies a metastasis ("颅内未见明确转移征象", "No
    intracranial metastasis", "no evidence of LMD")."""
    return bool(_NOTHING.search(text)) and _denies(_NOT_SPREAD.sub(" ", _as_lung_spread(text)))


# CNS-METASTASES: the leptomeninges named themselves (软脑膜, 软脊膜, "leptomeningeal", LMD, and
# the names of the disease: 脑膜癌病, 癌性脑膜炎, carcinomatosis, meningitis), or what only
# leptomeningeal disease has: cancer cells in the CSF (no negation between: "脑脊液未找到癌细胞"
# shows nothing) and intrathecal treatment (鞘注, 鞘内, "intrathecal"). "脑膜转移", "脊膜转移"
# and "meningeal metastases" alone name the meninges, dura or leptomeninges, not which
# (twenty-fifth session: 脊膜 was read as the leptomeninges before).
_LEPTOMENINGES_SHOWN = text_pattern(
    # Another organ's carcinomatosis (peritoneal, pleural) or an infection's meningitis is not
    # the leptomeninges', nor is a CSF test other than its cytology (潘氏试验, protein) positive
    # (twenty-fifth session's review).
    r"软脑膜|软脊膜|leptomening|\bLMD\b|脑膜癌病|癌性脑膜炎"
    r"|\b(?:meningeal|carcinomatous|neoplastic) carcinomatosis"
    r"|carcinomatosis of the (?:lepto)?meninges"
    r"|\b(?:carcinomatous|neoplastic|malignant|cancerous|lymphomatous) meningitis"
    r"|鞘注|鞘内|\bintrathecal\b"
    r"|脑脊液(?:(?![未无没阴否])[^，,。;；]){0,16}?(?:(?:癌|肿瘤|异型|恶性|转移性?)细胞"
    r"|细胞学(?:(?![未无没阴否])[^，,。;；]){0,6}?阳性)"
    r"|\b(?:CSF|cerebrospinal fluid)(?: cytology)?(?: (?:was|is))? positive\b"
    r"|\bpositive (?:CSF|cerebrospinal fluid)\b"
    r"|\b(?:malignant|tumou?r|cancer|carcinoma) cells in (?:the )?(?:CSF|cerebrospinal fluid)\b"
)


def names_the_leptomeninges(text: str) -> bool:
    """CNS-METASTASES: whether `text` names the leptomeninges themselves, or what only
    leptomeningeal disease has (cancer cells in the CSF, intrathecal treatment): meningeal
    spread `names_leptomeningeal` reads is leptomeningeal disease established only so."""
    return _LEPTOMENINGES_SHOWN.search(text) is not None


# CNS-METASTASES: a CSF cytology's result or conclusion saying cancer cells were found
# ("找到癌细胞", "Malignant cells present", "positive"); any negation, doubt or a
# suspicious finding ("未找到", "阴性", "No malignant cells", "atypical cells, suspicious")
# is no proof.
_CSF_CELLS = text_pattern(
    r"(?:癌|肿瘤|恶性|转移性?)细胞|阳性|\bpositive\b|\bmalignant\b|\b(?:adeno)?carcinoma\b"
    r"|\btumou?r cells\b"
)
_CSF_NOT_SHOWN = text_pattern(
    r"未|无|没有|阴性|不除外|可疑|疑似|异型|\b(?:no|not|negative|without|none|suspicious|atypical"
    r"|equivocal|indeterminate|possible)\b"
)


def csf_cancer_cells_found(text: str) -> bool:
    """CNS-METASTASES: whether a CSF cytology's words say cancer cells were found in it."""
    return _CSF_CELLS.search(text) is not None and _CSF_NOT_SHOWN.search(text) is None
