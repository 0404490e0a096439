"""What a brain imaging conclusion says of brain metastases (CNS-EHR, CNS-METASTASES).

A radiologist's conclusion of brain metastases is brain metastases, though no diagnosis was
entered: "Multiple enhancing lesions …, consistent with brain metastases", "脑内多发转移瘤".
On a brain scan a metastasis named without its site ("右额叶结节样强化灶，考虑转移瘤可能",
"Multiple enhancing lesions, consistent with metastases") is the brain's when the nearest
clause of its sentence that names a site or a finding names a part of the brain or a lesion
seen (强化灶, "enhancing lesions"), and not a site outside it (the skull, the skull base and
nasopharynx, the orbit, the neck and its nodes: a head MRI also sees the NPC's own territory).
Words that only say the patient's cancer has spread — the scan's indication or history
("Indication: metastatic NPC", "History of metastatic disease", "Stage IV NPC with
metastases", "转移性鼻咽癌治疗后复查") — are no finding in the brain. Held open
in its own clause — DX-WORDS' doubt (可能, 不除外, "suspicious for", "?"), the working diagnosis
考虑, a differential, "likely", "concerning for" — it is possible only. Leptomeningeal disease
read on imaging alone ("consistent with LMD") is possible too: imaging without CSF cytology or
the clinical picture does not establish it (EANO–ESMO 2017). Denied ("颅内未见转移", "No
intracranial metastasis") it is none; "No new metastases" denies only new ones, and "No
measurable metastases" none. A metastasis held open with no site after a meningeal finding
("Meningeal enhancement, metastases not excluded") also makes leptomeningeal spread possible.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum

from fhir_mapping.diagnosis_words import UNCONFIRMED, WORKING_DIAGNOSIS, denied_phrases
from fhir_mapping.spread_words import (
    SECONDARY,
    SECONDARY_BRAIN,
    denies_spread,
    names_leptomeningeal,
    read_spread,
    without_absence_of_a_kind,
)
from fhir_mapping.text_patterns import text_pattern


class BrainImagingSays(Enum):
    STATED = "stated"
    HELD_OPEN = "held_open"
    DENIED = "denied"


# Sentences: parted at 。；; ! and a full stop not in a number ("1.2cm"); not at "?", which
# holds a finding open ("脑转移?").
_SENTENCES = re.compile(r"[。；;!！\n]+|\.(?!\d)")
# A sentence's clauses, where a radiologist's doubt stands beside what it doubts.
_CLAUSES = re.compile(r"[，,]+")
# Beyond DX-WORDS' doubt and 考虑: a differential, a leaning, or a reading offered as one.
_HELD_OPEN = text_pattern(
    r"鉴别|倾向|\bv(?:ersus|s)\b|\bdifferential\b|\blikely\b|\bfavou?r|\bconcerning for\b"
    r"|\bworrisome for\b|\b(?:may|might|could) (?:represent|reflect|be)\b|\bequivocal\b"
    r"|\bindeterminate\b"
)
_NEW = text_pattern(r"新发|新增|新见|新出现|\bnew\b")
# A part of the brain, naming where a metastasis named without its site lies.
_BRAIN_PART = text_pattern(
    r"脑|颅内|[额顶颞枕]叶|小脑|脑干|丘脑|基底节|半卵圆|幕[上下]|侧脑室"
    r"|\bbrain\b|\bcerebr\w*|\bcerebell\w*|\bbrain ?stem\b|\bintracranial\b|\bhemispher\w*"
    r"|\b(?:frontal|parietal|temporal|occipital)\b|\b(?:supra|infra)tentorial\b|\bpons\b"
    r"|\bthalam\w*|\bbasal ganglia\b|\bperiventricular\b|\bintra-axial\b"
)
# Outside the brain: bone (the skull, the vertebrae), the skull base and nasopharynx, the
# orbit, the scalp, the neck and its nodes.
_ELSEWHERE = text_pattern(
    r"骨|颅底|鼻咽|眼眶|眶|头皮|颈|淋巴结|椎|硬膜外|斜坡|蝶"
    r"|\bbone|\bosseous\b|\bskull\b|\bcalvari\w*|\bclivus\b|\bsphenoid\b|\bnasopharyn\w*"
    r"|\borbit\w*|\bscalp\b|\bneck\b|\bnod(?:e|es|al)\b|\bvertebra\w*|\bepidural\b|\bextra-axial\b"
)


# A finding seen on the scan, which a metastasis named without its site may be.
_LESION = text_pattern(
    r"病灶|病变|结节|强化|占位|肿块|\blesions?\b|\bnodul\w*|\bmass(?:es)?\b|\benhanc\w*"
    r"|\bfoc(?:us|i|al)\b|\bfindings?\b"
)
# A cancer named by its primary or its stage: "metastatic NPC", "肺癌多发转移", "Stage IV"
# say where the cancer is from and that it spread, not that the brain holds it. A metastatic
# carcinoma named bare ("考虑转移癌", "consistent with metastatic carcinoma") is the finding.
_A_CANCER = text_pattern(
    r"(?<!转移)癌|\bNPC\b|\b(?:nasopharyngeal|breast|lung|colorectal|gastric|thyroid"
    r"|hepatocellular|renal|prostate)\b|\bstage\b|[IVⅠⅡⅢⅣ]+\s*期|分期"
)


def brain_imaging_says(text: str) -> tuple[BrainImagingSays, str] | None:
    """What a brain imaging conclusion says of brain metastases, with the sentence that says
    it: stated in any sentence, else held open, else denied; None when it says nothing of them."""
    held: str | None = None
    denied: str | None = None
    for sentence in (s.strip() for s in _SENTENCES.split(text)):
        said = _sentence_says(sentence) if sentence else None
        if said is BrainImagingSays.STATED:
            return said, sentence
        if said is BrainImagingSays.HELD_OPEN:
            held = held or sentence
        if said is BrainImagingSays.DENIED:
            denied = denied or sentence
    if held is not None:
        return BrainImagingSays.HELD_OPEN, held
    if denied is not None:
        return BrainImagingSays.DENIED, denied
    return None


def _sentence_says(sentence: str) -> BrainImagingSays | None:
    clauses = [c for c in _CLAUSES.split(sentence) if c.strip()]
    found = [c for i, c in enumerate(clauses) if _names_brain_metastases(clauses, i)]
    if not found:
        if any(_denies(c) for c in clauses):
            return BrainImagingSays.DENIED
        return None
    if any(not _held_open(c) and not names_leptomeningeal(c) for c in found):
        return BrainImagingSays.STATED
    return BrainImagingSays.HELD_OPEN


def _names_brain_metastases(clauses: list[str], index: int) -> bool:
    """Whether the clause affirms a brain metastasis: so named, or a metastasis named without
    its site ("考虑转移瘤可能", "consistent with metastases") where the nearest clause naming a
    site or a finding, up to this one, names a part of the brain or a lesion seen; never where
    the clause names the cancer itself ("metastatic NPC", "NPC with metastases")."""
    reading = read_spread(clauses[index])
    # A metastasis the radiologist leans against ("转移可能性小", "metastasis unlikely") is no
    # denial: named, and held open by its words (STG-SPREAD-WORDS; twenty-seventh session).
    kinds = reading.kinds + reading.leaned_against
    if SECONDARY_BRAIN in kinds:
        return True
    # A metastasis of no site held open ("Meningeal enhancement, metastases not excluded") is
    # read as one named so, then held open (twenty-sixth session: before it, no finding).
    if SECONDARY not in kinds and not (reading.metastatic or reading.metastatic_doubted):
        return False
    if _A_CANCER.search(clauses[index]):
        return False
    for clause in reversed(clauses[: index + 1]):
        if _ELSEWHERE.search(clause):
            return False
        if _BRAIN_PART.search(clause) or _LESION.search(clause):
            return True
    return False


# The meninges, whose layer the words do not name (脑膜, 脊膜, "meningeal"), or the
# leptomeninges named: not the dura (硬脑膜, "dural", "pachymeningeal"), nor a meningioma
# (脑膜瘤, 脊膜瘤), a benign dural tumour that names no meningeal spread (twenty-sixth
# session: before it, "左额部脑膜瘤可能，转移瘤不除外" made leptomeningeal disease possible).
_MENINGES_SEEN = text_pattern(r"(?<!硬)[脑脊]膜(?!瘤)|\b(?:lepto)?mening(?!ioma)\w*")


def names_meningeal_spread(text: str) -> bool:
    """CNS-METASTASES, CNS-EHR: whether a brain imaging conclusion names a metastasis, stated or
    held open, whose nearest site or finding is the meninges ("Meningeal enhancement, metastases
    not excluded", "脑膜强化，转移不除外"): leptomeningeal spread read on imaging, possible."""
    for sentence in (s.strip() for s in _SENTENCES.split(text)):
        clauses = [c for c in _CLAUSES.split(sentence) if c.strip()]
        for index in range(len(clauses)):
            if _names_brain_metastases(clauses, index) and _meninges_nearest(clauses[: index + 1]):
                return True
    return False


def _meninges_nearest(clauses: list[str]) -> bool:
    for clause in reversed(clauses):
        if _MENINGES_SEEN.search(clause):
            return True
        if _ELSEWHERE.search(clause) or _BRAIN_PART.search(clause) or _LESION.search(clause):
            return False
    return False


def _denies(clause: str) -> bool:
    """A clause denying brain metastases: not ones elsewhere, and not only new ones ("No new
    metastases", 未见新发转移灶: the treated ones may remain)."""
    return denies_spread(clause) and not _ELSEWHERE.search(clause) and not _NEW.search(clause)


def diagnosis_rules_out_brain_metastases(
    text: str, names_brain_metastases: Callable[[str], bool]
) -> bool:
    """CNS-EHR: whether a diagnosis's words deny brain metastases (`names_brain_metastases`
    reads what the denial reaches: "No brain metastases", "颅内转移已排除（MRI）", "疑似脑转移，
    已排除"), as a brain scan's conclusion is read: not only new ones ("No new brain
    metastases", "颅内未见新发脑转移": the ones already seen, treated or held open, may remain)
    and not only those of a kind ("no measurable brain metastases": STG-SPREAD-WORDS)
    (twenty-sixth session: before it, both ruled the known ones out)."""
    return any(
        names_brain_metastases(phrase) and not _NEW.search(phrase)
        for phrase in denied_phrases(without_absence_of_a_kind(text))[1]
    )


def _held_open(clause: str) -> bool:
    return any(p.search(clause) for p in (UNCONFIRMED, WORKING_DIAGNOSIS, _HELD_OPEN))


__all__ = [
    "BrainImagingSays",
    "brain_imaging_says",
    "diagnosis_rules_out_brain_metastases",
    "names_meningeal_spread",
]
