"""The words that make a diagnosis on a problem list not (yet) the patient's: one list for the
cancer diagnoses (DX-WORDS) and the comorbidities (CMB-WORDS).

`\\b` bounds Latin words only (`text_patterns`, TEXT-LATIN-BOUNDARY): "疑似房颤" and "suspected房颤"
both read."""

from __future__ import annotations

from fhir_mapping.text_patterns import text_pattern

# Suspected, or still to be ruled out.
UNCONFIRMED = text_pattern(
    r"待排|待查|疑似|可疑|可能|不除外|不能除外|(?:无法|难以|未能)除外|[?？]|\bsuspect|\bsuspicio|\bpossibl[ey]\b"
    r"|\bprobabl[ey]\b|\brule[- ]out\b|\br/o\b|\bquery\b|\bcannot (?:be )?(?:exclude|rule)"
)
# A relative's disease.
A_RELATIVES = text_pattern(r"家族史|\bfamily history\b")
# Opening the entry, and denying it ("否认冠心病史"); later in the entry a denial is about
# something else ("脑转移，否认头痛").
DENIED = text_pattern(
    r"^\W*(?:既往史\W*)?(?:否认|已排除|(?:patient )?den(?:y|ies|ied)\b"
    r"|no (?:known |prior |past )?history of\b)"
)
# An admission for treatment of a malignancy, as Chinese discharge diagnoses title it (ICD-10
# Z51.x: "恶性肿瘤维持性化学治疗", "恶性肿瘤放射治疗", "恶性肿瘤免疫治疗") or ICD-10-CM names it
# ("Encounter for antineoplastic chemotherapy"): an encounter, not a cancer of its own. The whole
# entry is the title: "鼻咽恶性肿瘤化疗" names the NPC.
TREATMENT_ENCOUNTER = text_pattern(
    r"^\W*恶性肿瘤(?:维持性|姑息性?|辅助|新辅助|术后)?"
    r"(?:化学治疗|化疗|放射治疗|放疗|放化疗|免疫治疗|靶向治疗|内分泌治疗|生物治疗)后?\W*$"
    r"|\bencounter for (?:antineoplastic )?(?:chemotherapy|immunotherapy|radiation therapy)\b"
    r"|\b(?:chemotherapy|radiotherapy) session\b"
)
# CMB-WORDS: words inside an entry that deny what follows them, to the end of its clause
# ("高血压性心脏病（不伴心力衰竭）", "未见心包积液，房颤", "Hypertensive heart disease without heart
# failure"). 无 denies only opening a clause, and never where it begins a name: 无症状性心肌缺血
# (silent ischaemia), 无痛性 (painless), 无脉性 (pulseless), 无Q波 (non-Q-wave), 无法除外
# (cannot be excluded), 无创 (non-invasive), 无复流 (no-reflow).
_DENYING_WORD = (
    r"不伴有?|否认|未见|未发现|未提示|未闻及|未查见"
    r"|(?<![\u4e00-\u9fff])无(?!症状|痛|脉|q波|法|创|复流|效|力)"
    r"|\bwithout\b|\bw/o\b|\bwith no\b|\bno evidence of\b|\bnegative for\b|\bden(?:y|ies|ied)\b"
    r"|\bno\b"
)
# A clause ends at punctuation, at a space between two Chinese words (as CMB-GRADE-OWNER parts
# diagnoses), or where the entry turns to what is present: 但 / 伴 / 合并 / "but" / "with".
_CLAUSE_END = (
    r"[，,；;。:：|()（）\[\]【】]|\.(?!\d)|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
    r"|但|(?<!不)伴|合并|\bbut\b|\bwith\b"
)
_DENIED_PHRASE = text_pattern(rf"(?:{_DENYING_WORD})(?P<phrase>(?:(?!{_CLAUSE_END}).)*)")


def denied_phrases(text: str) -> tuple[str, tuple[str, ...]]:
    """CMB-WORDS: `text` with every phrase a word inside it denies taken out, and those phrases.
    What stays is what the entry affirms: "未见心包积液，房颤" keeps the AF."""
    phrases = tuple(m.group("phrase") for m in _DENIED_PHRASE.finditer(text))
    if not phrases:
        return text, ()
    return _DENIED_PHRASE.sub(" ", text), phrases
