"""EXP-NOTED-NOT-GIVEN: an order or a medication history whose own note, or the reason for its
status, says its drug was not given ("患者拒绝化疗，未用", "recommended elsewhere, not taken").

An order's status says what became of the order, not whether the drug reached the patient, and a
history entered at a clinic visit often keeps its default status: the note is the record's most
specific word. It is read only where it speaks of the whole record: a note about one cycle, day
or dose ("第6周期未用") tells of a dose withheld, and a note naming another drug ("未用顺铂，
改用卡铂") may be about that drug; either leaves the record given, as it was before.
"""

from __future__ import annotations

from collections.abc import Iterable

from fhir_mapping.terminology import drug_table
from fhir_mapping.text_patterns import text_pattern

# Not given: 未用 (not used; not 未用完 "not used up", 未用足 "not at full dose"), 未使用,
# 未给药, 未输注, 未执行 (an order not carried out), 拒用; and in English. A refusal (拒绝,
# refused, declined) only of the drug: alone, or of the treatment ("患者拒绝化疗"), and not of
# something else ("患者拒绝住院，门诊化疗": refused admission, treated as an outpatient).
_REFUSED_WHAT = r"(?:用药|使用|治疗|化疗|免疫治疗|靶向治疗|该药|此药|注射|输注|服用|服药)?"
_REFUSED_EN = r"(?:\s+(?:it|the\s+drug|treatment|therapy|chemotherapy|chemo|infusion|medication))?"
_NOT_GIVEN = text_pattern(
    r"未(?:使)?用(?![完足满])|未给药|未输注|未执行|拒用"
    rf"|拒绝{_REFUSED_WHAT}(?=[，。；、,.;:：\s)）]|$)"
    r"|\bnot\s+(?:given|administered|taken|started)\b|\bnever\s+(?:given|started|taken)\b"
    rf"|\b(?:declined|refused){_REFUSED_EN}(?=\s*(?:[,.;:)]|by\b|$))"
)
# A cycle, day or dose: the note is about part of the record (第6周期, 第2次, C3, D8, cycle 3);
# or what was left after some was given (拒绝继续化疗, "refused further cycles").
_PART = text_pattern(
    r"第\s*[0-9一二三四五六七八九十]+\s*(?:周期|次|程|疗程|天|日|剂|针)"
    r"|\b[CD][0-9]+\b|\bcycles?\b|\bdoses?\b|\bday\s*[0-9]+|剂量|本次|此次"
    r"|继续|后续|剩余|再次|\bfurther\b|\bcontinu|\bremaining\b|\bmore\b"
)


def noted_not_given(notes: Iterable[str], agents: Iterable[str]) -> bool:
    """Whether a note of a record of `agents` says the record's drug was not given."""
    own = set(agents)
    for note in notes:
        if _NOT_GIVEN.search(note) is None or _PART.search(note) is not None:
            continue
        if set(drug_table().agents_in(note)) <= own:
            return True
    return False


def note_texts(notes: Iterable[object]) -> list[str]:
    """The texts of a record's `note` Annotations (of a model, or of raw JSON)."""
    texts = []
    for note in notes:
        text = note.get("text") if isinstance(note, dict) else getattr(note, "text", None)
        if isinstance(text, str) and text:
            texts.append(text)
    return texts
