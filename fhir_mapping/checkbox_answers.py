"""CMB-WORDS: a history form's checkboxes, exported as text, written as the answer a template
writes after its question ("Atrial fibrillation [ ] yes [x] no" → "Atrial fibrillation: no"),
so that one reading of template answers (`diagnosis_words`) serves both.

Only the ticked box answers: the words beside an unticked one are the form's, not the
patient's, and read as an answer they turn "[ ] yes [x] no" into a yes. Both boxes ticked, or
neither, answer nothing: the question is unanswered (possible), never present. A
tick-all-that-apply list ("Hypertension [x] AF [ ] Diabetes [ ]") is written item by item
("Hypertension: yes；AF: no；Diabetes: no"): an unticked item is no once the list was filled in.
Circles alone (● ○) are bullets as often as a form's options: a hollow one never answers no.
A list's own "none" ticked ("☑无 ☐高血压 ☐房颤") answers no for every item; boxes after a disease
that choose its type ("房颤 ☑阵发性 ☐持续性") answer which type, the disease present; grade
boxes ("房颤 ☐1级 ☑2级") answer its grade (CMB-GRADE-OWNER).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from fhir_mapping.terminology import checkbox_subtype_table
from fhir_mapping.text_patterns import text_pattern

# Ballot boxes ticked and not, as forms, word processors and Chinese templates print them
# (☑ ☒ ■ ▣, ✓ ✔ √ alone, [x] [√] (x) 【√】; ☐ □ ○, [ ] ( ) 【 】).
_TICKED = r"[☑☒■▣●◉✓✔√]|[\[(【]\s*[x×✓✔√■●*]\s*[\])】]"
_UNTICKED = r"[☐□○◯]|[\[(【]\s*[\])】]"
_BOX = rf"(?:{_TICKED}|{_UNTICKED})"
# The options: yes, no, and a form's unknown. A Latin option is a whole word; a Chinese one
# ends where the next box, a space or punctuation begins ("■无症状" is no option).
_YES = r"yes|y|是|有"
_NO = r"no|none|n|否|无|没有"
_NOT_KNOWN = r"unknown|unk|不详|不清楚?|未知"
_OPTION = rf"(?:{_YES}|{_NO}|{_NOT_KNOWN})(?![a-z])(?=\s|$|[,;，；、/。)）]|{_BOX})"
_GAP = r"[\s,;，；、/]*"
# A question's separator before its boxes is the answer's: "Atrial fibrillation: [ ] yes [x] no".
_LEAD = r"\s*[:：\-–—=?？]?\s*"
# Each box before its option ("[ ] yes [x] no", "☐是 ☑否"), or after it ("Yes ☐ No ☒"): two
# options at least.
_FIRST = rf"{_BOX}\s*{_OPTION}"
_AFTER = rf"(?<![a-z]){_OPTION}\s*[:：]?\s*{_BOX}"
_BOXES_FIRST = text_pattern(rf"{_LEAD}{_FIRST}(?:{_GAP}{_FIRST})+")
_BOXES_AFTER = text_pattern(rf"{_LEAD}{_AFTER}(?:{_GAP}{_AFTER})+")
_PAIR_FIRST = text_pattern(rf"(?P<box>{_BOX})\s*(?P<option>{_OPTION})")
_PAIR_AFTER = text_pattern(rf"(?<![a-z])(?P<option>{_OPTION})\s*[:：]?\s*(?P<box>{_BOX})")
_TICKED_BOX = text_pattern(rf"^(?:{_TICKED})$")
_CIRCLE = text_pattern(r"^[●◉○◯]$")
_YES_OPTION = text_pattern(rf"^(?:{_YES})$")
_NO_OPTION = text_pattern(rf"^(?:{_NO})$")


def _answer(group: str, pair: re.Pattern[str]) -> str:
    """The answer a group of boxes gives: the one ticked option's, else unknown."""
    ticked = [m.group("option") for m in pair.finditer(group) if _TICKED_BOX.match(m.group("box"))]
    if len(ticked) == 1 and _YES_OPTION.match(ticked[0]):
        return "yes"
    if len(ticked) == 1 and _NO_OPTION.match(ticked[0]):
        return "no"
    return "unknown"


def _groups(text: str) -> list[tuple[int, int, str]]:
    """Each group of boxes in `text`, with its answer. Where the boxes read both ways, the
    reading that takes in more of them stands ("[ ] yes [x] no [ ] unknown" is boxes first);
    boxes that read both ways as well ("[ ] yes [x] no [ ]": is [x] yes's or no's?) answer
    nothing."""
    found = [
        (m.start(), m.end(), _answer(m.group(), pair))
        for boxes, pair in ((_BOXES_FIRST, _PAIR_FIRST), (_BOXES_AFTER, _PAIR_AFTER))
        for m in boxes.finditer(text)
    ]
    groups: list[tuple[int, int, str]] = []
    for start, end, answer in sorted(found):
        if not groups or start >= groups[-1][1]:
            groups.append((start, end, answer))
            continue
        held_start, held_end, _ = groups[-1]
        if end - start == held_end - held_start:
            groups[-1] = (held_start, max(held_end, end), "unknown")
        elif end - start > held_end - held_start:
            groups[-1] = (start, end, answer)
    return groups


# A question with one box, before its option, closing the entry's clause ("房颤：☑无", "AF [x]
# No"): the box answers it.
_LONE = text_pattern(
    rf"(?<=[^\W_]|[)）]){_LEAD}(?P<box>{_BOX})\s*(?P<option>{_OPTION})(?=\s*(?:[，,；;。|]|$))"
)


def _lone_answer(text: str) -> str | None:
    """CMB-WORDS: `text` with its one box, after a question and before its option, written as
    the answer: the option ticked ("房颤：☑无" → "房颤: no"), else unknown. None where the entry
    holds more boxes than one (a list's: "☐高血压 ☐房颤 ☑无") or its box is no such answer."""
    if len(_ANY_BOX.findall(text)) != 1 or (match := _LONE.search(text)) is None:
        return None
    answer = _answer(match.group(), _PAIR_FIRST)
    return f"{text[: match.start()]}: {answer}{text[match.end() :]}"


# CMB-GRADE-OWNER: a form's grade boxes after a disease ("房颤 ☐1级 ☑2级", "AF grade [x]1 [ ]2
# [ ]3", "房颤 1级☐ 2级☑"): a grade is a numeral 1–5 or I–V (the Unicode Roman numerals and
# full-width digits a Chinese input method types too), with "grade", "G" or CTCAE before it or
# 级 after it.
_GRADE_OPTION = (
    r"(?:(?:ctcae\s*)?(?:grade|gr\.?|g)\s*)?(?:[1-5１-５]|iv|v|iii|ii|i|[ⅠⅡⅢⅣⅤ])(?:\s*级)?"
    r"(?![a-z0-9\u4e00-\u9fff])"
)
_GRADE_FIRST = rf"{_BOX}\s*{_GRADE_OPTION}"
_GRADE_AFTER = rf"(?<![a-z0-9]){_GRADE_OPTION}\s*{_BOX}"
_GRADES_FIRST = text_pattern(rf"{_LEAD}{_GRADE_FIRST}(?:{_GAP}{_GRADE_FIRST})+")
_GRADES_AFTER = text_pattern(rf"{_LEAD}{_GRADE_AFTER}(?:{_GAP}{_GRADE_AFTER})+")
_GRADE_PAIR_FIRST = text_pattern(rf"(?P<box>{_BOX})\s*(?P<option>{_GRADE_OPTION})")
_GRADE_PAIR_AFTER = text_pattern(rf"(?<![a-z0-9])(?P<option>{_GRADE_OPTION})\s*(?P<box>{_BOX})")
_GRADE_WORD_BEFORE = text_pattern(r"\b(?:grade|gr\.?|ctcae)\s*$")
# CMB-GRADE-OWNER: a grade row of one box, the entry's only box ("房颤 ☑2级", "AF [x] grade 2",
# "房颤 2级☑"): its grade must say it is one (级 after it, or "grade" before it) — a bare numeral
# beside one box may count anything ("AF [x] 1").
_WORDED_GRADE = (
    r"(?:(?:ctcae\s*)?(?:grade|gr\.?|g)\s*(?:[1-5１-５]|iv|v|iii|ii|i|[ⅠⅡⅢⅣⅤ])(?:\s*级)?"
    r"|(?:[1-5１-５]|iv|v|iii|ii|i|[ⅠⅡⅢⅣⅤ])\s*级)(?![a-z0-9\u4e00-\u9fff])"
)
_LONE_GRADE_FIRST = text_pattern(rf"{_LEAD}{_BOX}\s*{_WORDED_GRADE}")
_LONE_GRADE_AFTER = text_pattern(rf"(?<![a-z0-9]){_WORDED_GRADE}\s*{_BOX}")
# A grade row's own words before its boxes ("AF, grade:", "心功能分级："), and the separators
# around them: what a row none of whose boxes is ticked leaves of its question.
_GRADE_QUESTION_TAIL = text_pattern(
    r"(?:[\s,，:：;；-]*(?:(?:ctcae\s*)?(?:grade|gr\.?)|分级|级别|nyha(?:\s*class)?|心功能(?:分级)?))*"
    r"[\s,，:：;；-]*$"
)
_NUMERAL = text_pattern(r"(?:[1-5]|iv|v|iii|ii|i)(?=\s*级?$)")
# Where one row of a form ends and the next begins: the row a grade group belongs to.
_ROW_BREAK = re.compile(r"[；;。\n]")
_OPENING = re.compile(r"\s*[(（【\[]\s*$")
_CLOSING = re.compile(r"\s*[)）】\]]")


def _ticked_grade(group: str, pair: re.Pattern[str]) -> str:
    """The grade a group of grade boxes gives, written " N级": the one ticked; none where no
    box or several are ticked."""
    ticked = [m.group("option") for m in pair.finditer(group) if _TICKED_BOX.match(m.group("box"))]
    if len(ticked) != 1:
        return ""
    numeral = _NUMERAL.search(unicodedata.normalize("NFKC", ticked[0]))
    return f" {numeral.group().upper()}级" if numeral is not None else ""


# CMB-CODES, CMB-GRADE-OWNER: a form's severity boxes after a disease, each box before its word
# ("房颤 ☐轻度 ☑中度 ☐重度") or after it ("Heart failure: mild [ ] moderate [x] severe [ ]").
# The boxes rate the disease, they do not deny it: one ticked is the disease, rated; none
# ticked leaves the row unanswered. A rating is the clinician's impression, no CTCAE grade:
# only severe says a grade, at least 2 (CTCAE grade 1 is asymptomatic or mild, without
# intervention), read as severe's 3 as a coded severity Severe is (twenty-seventh session).
_SEVERITY_OPTION = r"(?:轻度|中度|重度|mild|moderate|severe)(?![a-z])"
_SEVERITY_FIRST = rf"{_BOX}\s*{_SEVERITY_OPTION}"
_SEVERITY_AFTER = rf"(?<![a-z]){_SEVERITY_OPTION}\s*{_BOX}"
_SEVERITIES_FIRST = text_pattern(rf"{_LEAD}{_SEVERITY_FIRST}(?:{_GAP}{_SEVERITY_FIRST})+")
_SEVERITIES_AFTER = text_pattern(rf"{_LEAD}{_SEVERITY_AFTER}(?:{_GAP}{_SEVERITY_AFTER})+")
_SEVERITY_PAIR_FIRST = text_pattern(rf"(?P<box>{_BOX})\s*(?P<option>{_SEVERITY_OPTION})")
_SEVERITY_PAIR_AFTER = text_pattern(rf"(?<![a-z])(?P<option>{_SEVERITY_OPTION})\s*(?P<box>{_BOX})")
_SEVERITY_WORD = text_pattern(_SEVERITY_OPTION)
_SEVERE = text_pattern(r"^(?:重度|severe)$")


# CMB-CODES: the row's own answer before its severity boxes, a box ticked since the row began
# ("心力衰竭 ☑无 ☐有 ☐轻度…", "Heart failure: No [x] Yes [ ]  If yes: mild [ ]…"), and the
# "if yes" that leads a yes's follow-up boxes.
_ROW_ANSWERED = text_pattern(rf"(?:{_TICKED})[^\n;；。]*$")
_IF_YES_LEAD = text_pattern(
    r"[\s,;，；]*(?:\bif (?:yes|present)|如(?:有|是)|若(?:有|是))\s*[:：]?\s*$"
)


def _answered_before(text: str, start: int) -> bool:
    """Whether the row holding the severity boxes at `start` ticked an answer before them."""
    row_start = max(text.rfind(mark, 0, start) for mark in ("\n", ";", "；", "。")) + 1
    return bool(_ROW_ANSWERED.search(text, row_start, start))


def severity_answers(text: str, graded: bool) -> str:
    """CMB-CODES: `text` with each group of a form's severity boxes written as the rating
    ticked, in brackets after the disease ("房颤 ☐轻度 ☑中度 ☐重度" → "房颤（中度）"), or, `graded`,
    as the grade it says: severe " 3级", mild or moderate none. None ticked: unanswered
    (": unknown"). Where the boxes read both ways, the reading taking in more of them stands;
    as many either way, or several ticked: rated, the rating not told."""
    if not _ANY_BOX.search(text) or not _SEVERITY_WORD.search(text):
        return text
    readings = (
        (_SEVERITIES_FIRST, _SEVERITY_PAIR_FIRST),
        (_SEVERITIES_AFTER, _SEVERITY_PAIR_AFTER),
    )
    found = sorted(
        (
            (m.start(), m.end(), len(_ANY_BOX.findall(m.group())), m.group(), pair)
            for boxes, pair in readings
            for m in boxes.finditer(text)
        ),
        key=lambda group: group[:3],
    )
    groups: list[tuple[int, int, int, list[str] | None]] = []
    for start, end, count, group, pair in found:
        ticked = [m.group("option") for m in pair.finditer(group) if _ticks(m)]
        if not groups or start >= groups[-1][1]:
            groups.append((start, end, count, ticked))
        elif count == groups[-1][2]:
            both = ticked or groups[-1][3]
            groups[-1] = (groups[-1][0], max(end, groups[-1][1]), count, [] if not both else None)
        elif count > groups[-1][2]:
            groups[-1] = (start, end, count, ticked)
    kept, last = [], 0
    for start, end, _, rated in groups:
        kept.append(text[last:start])
        last = end
        if rated is not None and not rated and _answered_before(text, start):
            # Blank after the row's own answer ("心力衰竭 ☑无 ☐有 ☐轻度 ☐中度 ☐重度"): the
            # severity a yes would fill, left blank, asks nothing; the answer stands
            # (7 December 2026, twenty-seventh session (red-team review): before it, the
            # blank boxes wrote ": unknown" over the ticked no, a needless unknown).
            kept[-1] = _IF_YES_LEAD.sub("", kept[-1])
            if kept[-1].endswith(("(", "（")) and text.startswith((")", "）"), end):
                kept[-1], last = kept[-1][:-1], end + 1
        elif rated is not None and not rated:
            kept.append(": unknown")
        elif rated is not None and len(rated) == 1:
            rating = rated[0].lower()
            kept.append((" 3级" if _SEVERE.match(rating) else "") if graded else f"（{rating}）")
    kept.append(text[last:])
    return "".join(kept)


def grade_answers(text: str) -> str:
    """CMB-GRADE-OWNER: `text` with each group of a form's grade boxes written as the grade
    ticked ("房颤 ☐1级 ☑2级" → "房颤 2级"): they answer the disease's grade, not whether it is
    there. Several ticked leave its grade unknown: the boxes are taken out, the question stays
    ("AF grade [x]1 [x]2" → "AF grade"). None ticked answer nothing, not even that the disease
    is there: the row is written unanswered ("AF grade [ ]1 [ ]2" → "AF: unknown"). Where the
    boxes read both ways, the reading that takes in more of them stands."""
    if not _ANY_BOX.search(text):
        return text
    text = severity_answers(text, graded=True)
    patterns = [(_GRADES_FIRST, _GRADE_PAIR_FIRST), (_GRADES_AFTER, _GRADE_PAIR_AFTER)]
    if len(_ANY_BOX.findall(text)) == 1:
        # A grade row of one box (twenty-sixth session: "房颤 ☑2级" read as a list left
        # unanswered, the AF possible).
        patterns += [(_LONE_GRADE_FIRST, _GRADE_PAIR_FIRST), (_LONE_GRADE_AFTER, _GRADE_PAIR_AFTER)]
    found = sorted(
        (m.start(), m.end(), len(_ANY_BOX.findall(m.group())), _ticked_grade(m.group(), pair))
        for boxes, pair in patterns
        for m in boxes.finditer(text)
    )
    if not found:
        return text
    groups: list[tuple[int, int, int, str]] = []
    for start, end, count, grade in found:
        if not groups or start >= groups[-1][1]:
            groups.append((start, end, count, grade))
        elif count == groups[-1][2]:
            # "AF ☐ 1级 ☑ 2级 ☐": is the tick 1级's or 2级's? Not told: no grade.
            groups[-1] = (groups[-1][0], max(end, groups[-1][1]), count, "")
        elif count > groups[-1][2]:
            groups[-1] = (start, end, count, grade)
    kept, last = [], 0
    for start, end, _, grade in groups:
        before = text[last:start]
        if not any(_TICKED_BOX.match(box) for box in _ANY_BOX.findall(text, start, end)):
            # No box ticked: the row was not filled in, so it does not say the disease is
            # there — unanswered, as "AF: unknown" is (not "AF grade: unknown", an AF whose
            # grade is not known, which a form's default severity would then grade). Where
            # the row's own boxes answer it ("AF: [x] no [ ] yes, grade [ ]1 [ ]2"), the
            # grade left blank asks nothing more: that answer stands (twenty-fifth session's
            # red-team review: the row read as an AF recorded without a grade).
            question = _GRADE_QUESTION_TAIL.sub("", before)
            answered = _ANY_BOX.search(_ROW_BREAK.split(question)[-1])
            last = end
            if answered:
                # The bracket the blank grade stood in goes too: "房颤：☑无 ☐有（☐1级 ☐2级）".
                closing = _CLOSING.match(text, end) if _OPENING.search(question) else None
                question = _OPENING.sub("", question) if closing else question
                last = closing.end() if closing else end
            kept.append(question if answered else f"{question}: unknown")
            continue
        # After "grade" the numeral alone: "AF, grade: [ ] 1 [x] 2" → "AF, grade 2".
        if grade and _GRADE_WORD_BEFORE.search(text, 0, start):
            grade = grade.removesuffix("级")
        kept.append(f"{before}{grade}")
        last = end
    kept.append(text[last:])
    return "".join(kept)


def checkbox_answers(text: str) -> str:
    """CMB-WORDS: `text` with each group of boxes written as its answer after a colon: "no",
    "yes", or "unknown" where both or neither are ticked; a form's grade boxes as the grade
    (`grade_answers`); a question's one box (`_lone_answer`); then each item of a
    tick-all-that-apply list (`_ticked_lists`)."""
    if not _ANY_BOX.search(text):
        return text
    text = grade_answers(severity_answers(text, graded=False))
    if not _ANY_BOX.search(text):
        return text
    text = _NEXT_QUESTION.sub("；", _NOT_APPLICABLE_TICKED.sub("", text))
    if (lone := _lone_answer(text)) is not None:
        return lone
    if _BOXES_FIRST.search(text) or _BOXES_AFTER.search(text):
        kept, last = [], 0
        for start, end, answer in _groups(text):
            kept.append(f"{text[last:start]}: {answer}")
            last = end
        kept.append(text[last:])
        text = "".join(kept)
    return _ticked_lists(text)


# CMB-WORDS: a box ticked beside a form's N/A ("房颤：☑不适用", "AF [x] N/A") is the N/A alone,
# which answers nothing (twenty-fifth session's review: it read as the disease present).
_NOT_APPLICABLE_TICKED = text_pattern(
    rf"(?:{_TICKED})\s*(?=(?:不适用|n/a|not applicable)(?![a-z]))"
)
# CMB-WORDS: a form's next question run on after a list on the same line, a Chinese word and a
# colon before its box ("☐房颤 饮酒：☑无"): a clause of its own, no part of the item before it
# (twenty-fifth session's review: "房颤 饮酒" was one item, the AF read outside the list).
_NEXT_QUESTION = text_pattern(rf"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff]+\s*[:：]\s*{_BOX})")


# CMB-WORDS: a tick-all-that-apply list, each item with its own box, after it ("Hypertension [x]
# AF [ ] Diabetes [ ]", "高血压 ☑ 房颤 ☐") or before it ("☑高血压 ☐房颤"). An item is words
# holding no box and no list punctuation, and beginning with no option ("■无症状" is no item).
_ANY_BOX = text_pattern(_BOX)
_ITEM = (
    rf"(?!(?:{_YES}|{_NO}|{_NOT_KNOWN})(?![a-z]))"
    rf"(?:(?!{_BOX})[^\s,;，；、:：。|/])(?:(?!{_BOX})[^,;，；、:：。|/])*"
)
# A list's own "none" option ("☑无 ☐高血压 ☐房颤", "[x] None [ ] Hypertension [ ] AF"): ticked,
# the form was filled in and answered none. A whole word: "■无症状" is no option.
_NONE = r"(?:以上)?(?:均|皆)?无|没有|none(?: of the above)?|nil"
_NONE_ITEM = rf"(?:{_NONE})(?![a-z])(?=\s|$|[,;，；、/。)）]|{_BOX})"
_TOKEN = text_pattern(rf"(?P<box>{_BOX})|(?P<none>{_NONE_ITEM})|(?P<item>{_ITEM})")
# What may stand between two tokens of one list: spaces, commas, semicolons.
_LIST_GAP = re.compile(r"[\s,;，；、]*")
_WORD_AFTER = re.compile(r"\s*[^\W_]")


def _runs(text: str) -> list[list[re.Match[str]]]:
    """The runs of tokens in `text` that alternate item and box, with a box among them: one
    list each. Two items or two boxes in a row, or other words between, part two runs."""
    tokens = list(_TOKEN.finditer(text))
    starts = {t.start() for t in tokens}
    runs: list[list[re.Match[str]]] = []
    run: list[re.Match[str]] = []
    for token in tokens:
        apart = bool(run) and not _LIST_GAP.fullmatch(text[run[-1].end() : token.start()])
        if run and (apart or bool(token.group("box")) == bool(run[-1].group("box"))):
            runs.append(run)
            run = []
        if token.group("box") and _attached(text, token.end(), starts):
            # "房颤 ■无症状": the box is the words' after it, which are no item.
            runs.append(run)
            run = []
            continue
        run.append(token)
    runs.append(run)
    return [r for r in runs if any(t.group("box") for t in r) and any(t.group("item") for t in r)]


@cache
def _subtypes() -> re.Pattern[str]:
    """CMB-WORDS: the words a form's boxes after a disease qualify it by (its types: 阵发性,
    "persistent"), from `data/checkbox_subtypes.csv`."""
    words = "|".join(row.code for row in checkbox_subtype_table().rows)
    return text_pattern(rf"(?:{words})")


def _subtype_answers(run: list[re.Match[str]]) -> list[tuple[str, str]] | None:
    """A disease followed by its types, each with a box before it ("房颤 ☑阵发性 ☐持续性",
    "AF [x] paroxysmal [ ] persistent"): the boxes answer which type, not whether — a type
    ticked is the disease, of that type; none ticked leaves it unanswered. None where the run
    is not one disease and its types."""
    if run[0].group("box") or len(run) % 2 == 0 or not all(t.group("box") for t in run[1::2]):
        return None
    question = run[0].group("item").strip()
    types = [t.group("item") for t in run[2::2]]
    if any(t is None or not _subtypes().fullmatch(t.strip()) for t in types):
        return None
    ticked = [t.strip() for t, box in zip(types, run[1::2], strict=True) if _ticks(box)]
    if not ticked:
        return [(question, "unknown")]
    return [(f"{question}（{'、'.join(ticked)}）", "yes")]


def _ticks(box: re.Match[str]) -> bool:
    return bool(_TICKED_BOX.match(box.group("box")))


def _attached(text: str, end: int, starts: set[int]) -> bool:
    """Whether the words right after a box (spaces between) are no token: the box is theirs."""
    following = _WORD_AFTER.match(text, end)
    return following is not None and following.end() - 1 not in starts


def _list_answers(run: list[re.Match[str]]) -> list[tuple[str, str]]:
    """Each item of a list with its answer. The boxes go with their items after them when the
    list begins with a box, before them when it ends with one; a list that does both, or
    neither ("[x] HTN [ ] AF [ ]", "HTN [x] AF [ ] DM"), pairs no box surely: every item is
    unanswered. A list with a box ticked was filled in: its unticked items are no; a list with
    none ticked may not have been, and answers nothing. A list of circles alone ("● 心血管疾病
    ○ 高血压 ○ 房颤") may be bullets: its filled items are yes, its hollow ones unanswered.
    The list's "none" option ticked ("☑无 ☐高血压 ☐房颤") fills it in, every item no; ticked
    beside an item, the form says both: every item unanswered. A disease and its types
    (`_subtype_answers`) is no list of diseases."""
    first_box, last_box = bool(run[0].group("box")), bool(run[-1].group("box"))
    subtypes = _subtype_answers(run)
    if subtypes is not None:
        return subtypes
    # The list's "none" option is no disease: it answers for the others.
    entries = [t for t in run if not t.group("box")]
    nones = [bool(t.group("none")) for t in entries]
    items = [t.group("item").strip() for t in entries if t.group("item")]
    if first_box == last_box:
        return [(item, "unknown") for item in items]
    boxes = [t.group("box") for t in run if t.group("box")]
    ticks = [bool(_TICKED_BOX.match(box)) for box in boxes]
    none_ticked = any(tick for tick, none in zip(ticks, nones, strict=True) if none)
    ticked = [tick for tick, none in zip(ticks, nones, strict=True) if not none]
    # Circles alone (● ○) are a word processor's bullets, two levels of them, as often as a
    # form's options: a hollow one is no answer no.
    circles = all(_CIRCLE.match(box) for box in boxes)
    if none_ticked and any(ticked):
        # "☑无 ☑房颤": the form says none and a disease — unanswered.
        return [(item, "unknown") for item in items]
    if not any(ticked) and not (none_ticked and not circles):
        return [(item, "unknown") for item in items]
    unticked = "unknown" if circles else "no"
    return [(item, "yes" if tick else unticked) for item, tick in zip(items, ticked, strict=True)]


def _ticked_lists(text: str) -> str:
    """CMB-WORDS: `text` with each tick-all-that-apply list written as its items' answers, as a
    template writes them ("Hypertension: yes；AF: no；Diabetes: no")."""
    kept, last = [], 0
    for run in _runs(text):
        answers = "；".join(f"{item}: {answer}" for item, answer in _list_answers(run))
        kept.append(f"{text[last : run[0].start()]}{answers}")
        last = run[-1].end()
    kept.append(text[last:])
    return "".join(kept)
