"""The words that say a cancer came back (LOT-RECURRENCE): 复发, "recurrence", "relapsed" — not
denied ("未见复发", "no recurrence"), nor its risk or prevention ("复发风险", "risk of
recurrence"). Doubt ("复发待排") is read apart, as every diagnosis's is
(DX-WORDS)."""

from __future__ import annotations

from fhir_mapping.text_patterns import text_pattern

_RECURRED = text_pattern(r"复发|\brecurren(?:ce|t)\b|\brelapsed?\b")
_NOT_RECURRED = text_pattern(
    r"(?:未见|未发现|无|未|没有|排除)(?:明显|明确)?(?:局部|区域)?复发"
    r"|\b(?:no|without|free of)\b(?:[ -][a-z]+){0,3}?[ -](?:recurren\w*|relapse\w*)"
    r"|\bnon-?recurren"
    # The risk of a recurrence, or its prevention, is no recurrence: "复发风险分层：中危" (the
    # thyroid cancer's recurrence-risk class), "预防复发", "risk of recurrence".
    r"|复发(?:风险|危险|率)|(?:预防|防止)复发"
    r"|\b(?:risk|prevention) of (?:recurren|relapse)|\b(?:recurrence|relapse)[- ](?:risk|free)"
)


# STG-RECURRED: a recurrence said to be local or regional, which leaves an older M0 standing.
_WHERE = text_pattern(
    r"局部|区域|原位|原发灶|原发部位|吻合口|瘤床|\blocal(?:ly)?\b|\b(?:loco-?)?regional\b"
)


def says_recurred(text: str) -> bool:
    return bool(_RECURRED.search(text)) and not _NOT_RECURRED.search(text)


def says_where_it_recurred(text: str) -> bool:
    """Whether the words place the recurrence short of distant spread: "鼻咽癌局部复发",
    "locoregional recurrence"."""
    return bool(_WHERE.search(text))
