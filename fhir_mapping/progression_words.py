"""The words that say a disease progressed (LOT-PROGRESSION), in an assessment's value or on
a problem-list entry: "PD", progression, 进展, 恶化 — not negated ("no progression", stable,
无进展, 未见…进展)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from fhir_mapping.diagnosis_words import UNCONFIRMED
from fhir_mapping.terminology import CodedText

# "PD" the RECIST category, not "PD-1" / "PD-L1" the target; "进展", not "进展期" (advanced,
# as in 进展期胃癌: a stage, not an event).
PROGRESSED = re.compile(
    r"(?<![a-z])pd(?![a-z0-9]|-(?:l?1|l))|progress|worsen|进展(?!期)|恶化", re.IGNORECASE
)
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


# LOT-NEW-LESION: a new lesion is progression (RECIST 1.1), when the text states one: "肝内新发
# 多发转移灶", "新见骨转移", a new nodule the sentence calls a metastasis ("新发结节，考虑转移"),
# more metastases than before ("较前增多"), "new hepatic metastases". 新增诊断 is a diagnosis
# newly added to a list, not a lesion.
_NEW = r"(?:新发|新见|新出现|新增(?!诊断))"
_NEW_LESION = re.compile(
    _NEW + r"[^。；;，,]{0,12}?(?:转移|病灶|占位)"
    # A new nodule the sentence calls a metastasis, not one it says is none ("未见明显转移").
    r"|" + _NEW + r"[^。；;]{0,16}?(?<!未见)(?<!无)(?<!未发现)(?<!排除)(?<!明显)(?<!明确)转移"
    # More lesions than before are new ones: "转移灶较前增多", "metastases increased in number".
    r"|(?:转移|病灶|结节)[^。；;，,]{0,8}?(?:增多|数目增加|数量增加)"
    r"|\bmetasta\w*[^.;,]{0,30}?\b(?:increased in number|more numerous)\b"
    r"|\bnew(?:ly)?\b(?:[ -][a-z-]+){0,4}?[ -](?:metasta\w*|lesions?|deposits?|mets)\b"
    r"|\bnew(?:ly)?\b[^.;]{0,40}?(?<!\bnot )(?<!\bno )\bmetasta\w*",
    re.IGNORECASE,
)
# Denied ("未见新发病灶", "no new lesions") or left in doubt ("转移待排", DX-WORDS), it is not.
_NO_NEW_LESION = re.compile(
    r"(?:未见|未发现|未出现|无|没有)(?:明显|明确|确切)?"
    + _NEW
    + r"|\b(?:no|without|not)\b(?:[ -][a-z]+){0,3}?[ -]new\b",
    re.IGNORECASE,
)


# What a text must hold to say a new lesion at all: most texts hold none of it, and this plain
# alternation rules them out before the patterns above are tried.
_NEW_WORDS = re.compile(
    r"新发|新见|新出现|新增|增多|数目增加|数量增加|new|more numerous", re.IGNORECASE
)


# LOT-GROWTH: a lesion larger than before ("肝内转移灶较前增大", "interval enlargement of the
# hepatic metastases") may have progressed; RECIST asks for a measured 20 % first. The lesion is
# named before its growth, and compared ("淋巴结增大" alone is also an enlarged node, a size), so
# "颈部增大淋巴结较前缩小" (an enlarged node, now smaller) is none.
_LESION = r"(?:转移|病灶|结节|肿块|占位|淋巴结|肿瘤|瘤体|癌灶|原发灶)"
_COMPARED = r"(?:较前|较上次|较\d|与前|比前|进行性|逐渐|持续)"
_GROWTH = re.compile(
    _LESION + r"[^。；;，,]{0,16}?" + _COMPARED + r"[^。；;，,]{0,6}?"
    r"(?<!未见)(?<!未)(?<!无)(?<!没有)(?<!不)(?<!明显)(?:增大|长大|扩大)"
    r"|(?:代谢|suv\w*)[^。；;，,]{0,6}?较前[^。；;，,]{0,4}?(?:增高|升高|增强|增加)"
    r"|\binterval (?:increase|enlargement|growth)\b"
    r"|\bincreas(?:ed|ing|e) in (?:size|diameter)\b|\benlarging\b"
    r"|\b(?:has|have) (?:grown|enlarged)\b"
    r"|\b(?:larger|bigger)\b[^.;,]{0,20}?\b(?:than|compared|previous|prior)\b",
    re.IGNORECASE,
)
_NO_GROWTH = re.compile(
    r"(?:未见|未|无|没有|不)(?:明显|明确|确切)?(?:增大|长大|扩大)"
    r"|\b(?:no|not|without|nor)\b(?:[ -][a-z]+){0,3}?[ -]"
    r"(?:increas\w*|enlarg\w*|growth|grown|larger|bigger)\b",
    re.IGNORECASE,
)
_GROWTH_WORDS = re.compile(r"增大|长大|扩大|较前|larger|bigger|enlarg|increas|grow", re.IGNORECASE)
# A response category the evaluator gave (RECIST): growth it names was measured and judged.
_RESPONSE_NOT_PROGRESSED = re.compile(
    r"(?<![a-z])(?:sd|pr|cr)(?![a-z])|疾病稳定|部分缓解|完全缓解|"
    r"stable disease|partial response|complete response",
    re.IGNORECASE,
)
_PHRASE_END = re.compile(r"[。，,；;\n]")


def _says_growth(text: str) -> bool:
    """A phrase of the text says a lesion of the cancer grew, not denied: "肝转移灶较前增大，
    骨转移灶未见增大" says it of the liver; "interval enlargement of the spleen" of no lesion."""
    return bool(_GROWTH_WORDS.search(text)) and any(
        _GROWTH.search(phrase) and not _NO_GROWTH.search(phrase) and _about_the_cancer(phrase)
        for phrase in _PHRASE_END.split(text)
    )


def growth_in(texts: Iterable[str]) -> list[str]:
    """The texts that say a lesion grew (LOT-GROWTH), unless one of them gives a response
    category other than progression: a progression the record leaves in doubt."""
    texts = list(texts)
    grown = [t for t in texts if _says_growth(t)]
    if grown and any(_RESPONSE_NOT_PROGRESSED.search(t) for t in texts):
        return []
    return grown


def _in_words(text: str) -> bool:
    """Progression in words, not negated ("PD", 进展, not "no progression", 稳定)."""
    return bool(PROGRESSED.search(text) and not NOT_PROGRESSED.search(text))


def _says_progression(text: str) -> bool:
    """In words not negated, or by a new lesion not denied (doubt aside)."""
    if _in_words(text):
        return True
    return bool(
        _NEW_WORDS.search(text) and _NEW_LESION.search(text) and not _NO_NEW_LESION.search(text)
    )


def progression_in(texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """The texts that say the disease progressed without doubt (in words, LOT-PROGRESSION, or
    by a new lesion, LOT-NEW-LESION), and those that say it may have: with DX-WORDS' doubt
    ("转移待排", "进展可能", "possible progression"), or, when none says either, by a lesion
    larger than before (LOT-GROWTH)."""
    certain: list[str] = []
    doubtful: list[str] = []
    texts = list(texts)
    for text in texts:
        if _says_progression(text):
            (doubtful if UNCONFIRMED.search(text) else certain).append(text)
    if not certain and not doubtful:
        doubtful = growth_in(texts)
    return certain, doubtful


def names_disease_progression(concept: CodedText) -> bool:
    """A Condition that says the disease progressed, or may have, without naming a cancer
    ("病情进展"): selection keeps it, as it keeps the cancers' Conditions."""
    return any(DISEASE_PROGRESSION.search(t) and _says_progression(t) for t in concept.texts())


# LOT-PROGRESSION in a report's conclusion: a sentence about the cancer — a response evaluation
# ("疗效评价：PD", RECIST), the disease ("疾病进展"), or a tumour, lesion or metastasis ("肝转移灶较
# 前进展") — not "肺炎症较前进展" (pneumonia) in the same report.
_ABOUT_THE_CANCER = re.compile(
    r"疗效评[价估]|评效|recist|response|疾病|病情|肿瘤|癌|转移|病灶|占位|淋巴结|"
    r"metasta|tumou?r|lesion|malignan|cancer|carcinoma|disease",
    re.IGNORECASE,
)
# Sentences, and the numbered items of a conclusion ("1. … 2. 疗效评价：PD"), not "RECIST 1.1";
# within a sentence, the clauses a semicolon joins.
_SENTENCE_END = re.compile(r"[。\n]|\.(?=\s|$)|(?<=\D)\s+\d+[.、](?!\d)\s*")
_CLAUSE_END = re.compile(r"[；;]")


# A sentence about an infection or inflammation ("右肺炎性病灶较前进展") speaks of that, whatever
# lesion it names.
_ABOUT_SOMETHING_ELSE = re.compile(r"炎|感染|结核|pneumon|infect|inflamm|tubercul", re.IGNORECASE)


def _about_the_cancer(clause: str) -> bool:
    return bool(_ABOUT_THE_CANCER.search(clause) and not _ABOUT_SOMETHING_ELSE.search(clause))


def _progression_clauses(sentence: str) -> list[tuple[str, bool]]:
    """The clauses of one sentence that say the cancer progressed, each with whether it is left
    in doubt. A new lesion is also doubtful when a clause beside it doubts without stating a
    progression of its own: "New liver lesion; metastasis cannot be excluded", "肝内新发病灶；
    转移不除外" — the radiologist's semicolon joins the lesion and its doubt. Progression in words
    ("疗效评价：PD") is a conclusion of its own, doubted only in its own clause."""
    clauses = [c.strip() for c in _CLAUSE_END.split(sentence)]
    about = [c for c in clauses if _about_the_cancer(c)]
    said = [c for c in about if _says_progression(c)]
    if not said:
        return []
    sibling_doubt = any(UNCONFIRMED.search(c) for c in about if c not in said)
    read: list[tuple[str, bool]] = []
    for clause in said:
        if UNCONFIRMED.search(clause):
            read.append((clause, True))
        elif sibling_doubt and not _in_words(clause):
            read.append((sentence.strip(), True))  # quoted with the doubt beside it
        else:
            read.append((clause, False))
    return read


def report_progression(texts: Iterable[str]) -> tuple[str, bool] | None:
    """The clause of a report's conclusion that says the cancer progressed, and whether it
    leaves that in doubt: the first that says so in words without doubt ("疗效评价：PD"), else
    the first that states a new lesion without doubt, else the first that says either in doubt
    ("右肺新发小结节，转移待排"); None when none does."""
    said = [
        clause
        for text in texts
        for sentence in _SENTENCE_END.split(text)
        for clause in _progression_clauses(sentence)
    ]
    certain = [c for c, doubtful in said if not doubtful]
    in_words = [c for c in certain if _in_words(c)]
    if certain:
        return (in_words or certain)[0], False
    if said:
        return said[0][0], True
    grown = growth_in(
        clause
        for text in texts
        for sentence in _SENTENCE_END.split(text)
        for clause in _CLAUSE_END.split(sentence)
    )
    return (grown[0].strip(), True) if grown else None
