"""LOT-CLAIMED: how many lines of systemic therapy a diagnosis's own words say the patient had.

Chinese discharge and problem-list diagnoses carry the treatment history in their text
("鼻咽癌IVB期 二线治疗后": stage IVB NPC, after second-line therapy), as English notes do
("s/p 2 lines of systemic therapy"). The words are read as the number of lines started; a line
named as planned or not given ("拟行二线治疗", "candidate for second-line") as one fewer. What
a claim does to the lines is `fhir_mapping.lines.claimed_lines`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from fhir_mapping.diagnoses import usable_condition
from fhir_mapping.elements import coded, get
from fhir_mapping.parsing import Parsed

# Claims past this are not a count a chart is held to (and no text says "十二线").
MOST_LINES = 9

_CHINESE_NUMBERS = {
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "多": 2, "后": 2,  # 多线 (several lines), 后线 (lines after the first): two at least
}  # fmt: skip
_ENGLISH_NUMBERS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "multiple": 2, "several": 2,
}  # fmt: skip

# "二线" followed by what makes it a line of treatment (治疗, 化疗, 免疫, 靶向, 方案, 后, 中,
# 失败, 进展, 维持, 及以上), or ending the phrase: not "中线" (the midline), "X线" or "射线",
# whose first character is no number, nor "二线抗结核药物" (tuberculosis).
_CHINESE_LINE = re.compile(
    r"(?P<n>[一二两三四五六七八九多后1-9])\s*线"
    r"(?=\s*(?:及以上|以上)?\s*(?:治疗|化疗|免疫|靶向|系统|全身|方案|用药|维持|进展|失败|后|中"
    r"|$|[\s，,。；;、:：)）]))"
)
_CHINESE_NOT_GIVEN = re.compile(
    r"(?:拟|计划|准备|建议|待|考虑|欲|未|尚未|无|不宜|不适合|不能耐受|拒绝|放弃)"
    r"[行予接受做进入给]*\s*$"
)
# "二线治疗前" (before second-line therapy): the line has not begun.
_CHINESE_BEFORE = re.compile(
    r"\s*(?:及以上|以上)?\s*(?:治疗|化疗|免疫治疗|靶向治疗|系统治疗|全身治疗|方案|用药)?\s*前"
)
_ORDINAL_LINE = re.compile(
    r"(?<![A-Za-z0-9])(?P<n>first|second|third|fourth|fifth|sixth|[1-6](?:st|nd|rd|th))"
    r"[\s-]+line(?![A-Za-z])",
    re.IGNORECASE,
)
# "2 lines of systemic therapy", "two prior lines", "multiple lines" after "s/p" or "failed".
_COUNTED_LINES = re.compile(
    r"(?<![A-Za-z0-9.])(?P<n>one|two|three|four|five|six|multiple|several|[1-6])\s+"
    r"(?P<prior>(?:prior|previous|preceding)\s+)?lines?(?![A-Za-z])(?P<of>\s+of\b)?",
    re.IGNORECASE,
)
_GIVEN_BEFORE = re.compile(
    r"(?:s/p|status post|after|failed|failure of|following|post|received|completed|"
    r"progressed (?:on|after)|progression (?:on|after))\s*$",
    re.IGNORECASE,
)
_ENGLISH_NOT_GIVEN = re.compile(
    r"(?<![A-Za-z])(?:no|not|never|without|plan|planned|planning|candidate for|"
    r"consider(?:ed|ing)?(?: for)?|awaiting|referred for|eligible for|to (?:start|begin|receive)"
    r"|declined|refused|before|prior to|for)\s+(?:a |the )?$",
    re.IGNORECASE,
)
# A claim's words are read within their clause: "一线治疗后，拟行二线治疗" is two claims.
_CLAUSE_END = re.compile(r"[，,。；;：:]")
_LONGEST_QUOTE = 40


@dataclass(frozen=True, slots=True)
class LineClaim:
    """A diagnosis (`reference`) whose words (`words`) say `lines` lines were started."""

    reference: str
    lines: int
    words: str


def _clause_start(text: str, start: int) -> int:
    ends = list(_CLAUSE_END.finditer(text, 0, start))
    return ends[-1].end() if ends else 0


def _phrase(text: str, start: int) -> str:
    """The words from `start` to the clause's end, as a card quotes them."""
    rest = text[start:]
    end = _CLAUSE_END.search(rest)
    phrase = (rest[: end.start()] if end else rest).strip().rstrip(")）]】")
    return phrase if len(phrase) <= _LONGEST_QUOTE else f"{phrase[:_LONGEST_QUOTE].rstrip()}…"


def _read(
    text: str,
    match: re.Match[str],
    count: int,
    not_given: re.Pattern[str],
    before: re.Pattern[str] | None = None,
) -> tuple[int, str]:
    """(lines started, the words): one fewer for a line named as not given ("拟行二线治疗",
    quoted from its first word) or not yet begun ("二线治疗前")."""
    clause = _clause_start(text, match.start())
    planned = not_given.search(text, clause, match.start())
    if planned is not None:
        return count - 1, _phrase(text, planned.start())
    if before is not None and before.match(text, match.end()):
        return count - 1, _phrase(text, match.start())
    return count, _phrase(text, match.start())


def _chinese(text: str) -> Iterator[tuple[int, str]]:
    for match in _CHINESE_LINE.finditer(text):
        number = match["n"]
        yield _read(
            text,
            match,
            int(number) if number.isdigit() else _CHINESE_NUMBERS[number],
            _CHINESE_NOT_GIVEN,
            _CHINESE_BEFORE,
        )


def _english(text: str) -> Iterator[tuple[int, str]]:
    for match in _ORDINAL_LINE.finditer(text):
        yield _read(text, match, _ENGLISH_NUMBERS[match["n"].lower()], _ENGLISH_NOT_GIVEN)
    for match in _COUNTED_LINES.finditer(text):
        clause = _clause_start(text, match.start())
        if not (match["prior"] or match["of"] or _GIVEN_BEFORE.search(text, clause, match.start())):
            continue
        if _ENGLISH_NOT_GIVEN.search(text, clause, match.start()):
            continue  # "no two lines" says nothing of a count given
        number = match["n"].lower()
        count = int(number) if number.isdigit() else _ENGLISH_NUMBERS[number]
        yield count, _phrase(text, match.start())


def lines_said(text: str) -> tuple[int, str] | None:
    """The most lines `text` says were started, with the words that say it; None when it
    names no line, or only planned ones."""
    said = [found for found in (*_chinese(text), *_english(text)) if found[0] > 0]
    if not said:
        return None
    count, words = max(said, key=lambda found: found[0])
    return min(count, MOST_LINES), words


def read_line_claims(conditions: list[Parsed], cancers: Collection[str]) -> tuple[LineClaim, ...]:
    """The claims of the cancer and secondary-malignancy Conditions (`cancers`: references)
    among `conditions`: the oncologist's diagnoses, where a line count is written."""
    claims = []
    for condition in conditions:
        if condition.reference not in cancers or not usable_condition(condition):
            continue
        said = [
            found
            for text in coded(get(condition.model, "code")).texts()
            if (found := lines_said(text)) is not None
        ]
        if said:
            count, words = max(said, key=lambda found: found[0])
            claims.append(LineClaim(condition.reference, count, words))
    return tuple(claims)
