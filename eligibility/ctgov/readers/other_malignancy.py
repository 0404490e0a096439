"""Another malignancy (MAL-OTHER): "History of another malignancy within 3 years before the
first dose, except adequately treated basal or squamous cell skin cancer or carcinoma in situ".

Read only when every part of the item is understood: the mention, a window, what the window is
counted from, and exceptions the criterion can hold. An exception it cannot hold ("localized
prostate cancer", "Stage I uterine cancer", "low risk per the investigator") would turn into a
wrong exclusion of exactly the patients the trial meant to admit: such items stay for review.
"""

from __future__ import annotations

import re
from typing import Literal

from eligibility.criteria import OtherMalignancyCriterion, OtherMalignancyException
from eligibility.ctgov.leftover import unread_text
from eligibility.ctgov.readers.reading import Reading
from eligibility.phrasing import other_malignancy

_I = re.IGNORECASE

_MENTION = re.compile(
    r"\b(?:(?:a\s+|any\s+|known\s+|personal\s+)*history\s+of\s+)?(?:an?\s+|any\s+)?"
    r"(?:known\s+)?(?P<active_first>active\s+)?"
    r"(?P<other>other|another|additional|second|prior|previous|concurrent)\s+"
    r"(?:(?:or|and/or|and)\s+(?:concurrent|prior|previous|other)\s+)?"
    r"(?P<active>active\s+)?(?:(?:primary|(?P<invasive>invasive)|second)\s+)*"
    r"(?:malignan(?:cy|cies|t\s+(?:diseases?|tumou?rs?|neoplasms?))|cancers?)\b"
    # "prior cancer therapy", "other cancer-related drugs": treatment, not a cancer.
    r"(?![\s-]+(?:therap|treat|agent|drug|medic|related|care|direct))",
    _I,
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
_YEARS = r"(?P<years>\d{1,2}|one|two|three|four|five|ten)\s*(?:years?|yrs?)\b"
_WINDOW = re.compile(
    r"\s*(?:(?:with)?in\s+(?:the\s+)?(?:(?:past|last|previous|preceding)\s+)?"
    rf"|in\s+the\s+(?:past|last|previous)\s+|(?:≤|<=|\\?<)\s*){_YEARS}",
    _I,
)
_FROM = re.compile(
    r"\s*(?:of|before|prior\s+to)\s+(?:the\s+)?(?:"
    r"(?:first|initial)\s+(?:dose|administration)(?:\s+of\s+(?:the\s+)?(?:study\s+)?"
    r"(?:drugs?|treatment|intervention|therapy))?|"
    r"start(?:ing)?(?:\s+(?:of\s+)?(?:the\s+)?(?:study\s+)?(?:drugs?|treatment|therapy))?|"
    r"randomi[sz]ation|enrol(?:l)?ment|entry|registration|screening|"
    r"(?:study\s+)?(?:entry|enrol(?:l)?ment|treatment|drug))",
    _I,
)
# MAL-TREATED, the KEYNOTE template: "additional malignancy that is progressing or has required
# active treatment within the past 3 years" (a window from the last treatment); "… or requires
# active treatment" with no window is an active one (`active_only`).
_PROGRESSING_OR_TREATED = re.compile(
    r"\s*,?\s*(?:that|which)\s+(?:is|are)\s+progressing\s+or\s+(?:"
    r"(?P<past>(?:has|have)\s+(?:required|needed|received)|required)|"
    r"(?P<present>requires?|needs?|is\s+requiring))\s+(?:active\s+)?(?:treatment|therapy)",
    _I,
)
# The template's second sentence: "Patients with basal cell carcinoma of the skin, … or
# carcinoma in situ (e.g., …) that have undergone potentially curative therapy are not excluded."
_NOT_EXCLUDED_LEAD = re.compile(
    r"\s*\.\s*(?:patients|participants|subjects)\s+with\s+(?:a\s+history\s+of\s+)?", _I
)
_NOT_EXCLUDED_TAIL = re.compile(
    r"\s+(?:that|who)\s+ha(?:ve|s)\s+(?:undergone|received)\s+(?:potentially\s+)?curative\s+"
    r"(?:therapy|treatment)\s+are\s+not\s+excluded\s*\.?\s*$",
    _I,
)
_EXCEPT = re.compile(
    r"\s*,?\s*(?:except(?:\s+for)?|other\s+than|with\s+the\s+exception\s+of)\s+", _I
)
_TREATED = (
    r"(?:(?:adequately|appropriately|curatively|completely|definitively)\s+)?"
    r"(?:treated|resected|excised)\s+"
)
_SKIN = re.compile(
    rf"(?:{_TREATED})?(?:localized\s+)?(?:"
    r"non-?melanoma(?:tous)?\s+(?:skin\s+(?:cancers?|carcinomas?)|carcinomas?\s+of\s+the\s+skin)|"
    r"basal[- ]cell(?:\s+(?:carcinoma|cancer))?(?:\s+(?:or|and)\s+squamous[- ]cell)?"
    r"(?:\s+(?:skin\s+)?(?:carcinomas?|cancers?))(?:\s+of\s+the\s+skin)?|"
    r"basal\s+(?:or|and)\s+squamous[- ]cell\s+(?:skin\s+)?(?:carcinomas?|cancers?)"
    r"(?:\s+of\s+the\s+skin)?|"
    r"squamous[- ]cell\s+(?:carcinomas?|cancers?)\s+of\s+the\s+skin|"
    r"squamous[- ]cell\s+skin\s+(?:carcinomas?|cancers?))",
    _I,
)
# Carcinoma in situ of any site: a site named ("of the cervix", "ductal") is narrower than the
# criterion's exception, and stays for review.
_IN_SITU = re.compile(
    rf"(?:{_TREATED})?(?:carcinomas?\s+in[- ]situ(?!\s+of\b)|in[- ]situ\s+carcinomas?"
    r"(?!\s+of\b)|non-?invasive\s+(?:malignancies|cancers))"
    # Examples of the general kind do not narrow it: "carcinoma in situ (e.g., breast cancer)".
    r"(?:\s*\((?:e\.g\.|for\s+example|such\s+as)[^()]*\))?",
    _I,
)
_CURATIVE = re.compile(
    r"(?:other\s+)?(?:(?:adequately|appropriately|curatively|definitively)\s+treated|cured)\s+"
    r"(?:cancers?|malignanc(?:y|ies)|(?:solid\s+)?tumou?rs?)(?!\s+of\b)"
    r"(?:\s*\((?:e\.g\.|for\s+example|such\s+as)[^()]*\))?",
    _I,
)
# The only words an item may hold besides what was read: the general leftover list of the
# extractor also lets "active", "untreated", "systemic" or "without" pass, and each of those
# changes which cancers this criterion means.
_MAY_STAY = frozenset(
    {
        *("a", "an", "the", "any", "of", "with", "or", "and", "who", "is", "are"),
        *("has", "have", "had", "having", "known", "history", "documented"),
        *("patient", "patients", "participant", "participants", "subject", "subjects"),
        "individuals",
    }
)
_JOINER = re.compile(r"\s*(?:,|;|\bor\b|\band\b|\band/or\b)\s*", _I)


def read_other_malignancy(reading: Reading) -> None:
    text = reading.text
    mention = _MENTION.search(text)
    if mention is None or not reading.excludes:
        return
    spans = [(mention.start(), mention.end())]
    end = mention.end()
    progressing = _PROGRESSING_OR_TREATED.match(text, end)
    if progressing is not None:
        spans.append((progressing.start(), progressing.end()))
        end = progressing.end()
    years, end = _window(text, end, spans)
    excepted = _excepted(text, end, spans)
    if excepted is None:
        reading.unsure.add("other_malignancy")
        return
    if mention.group("invasive") and "in_situ" not in excepted:
        excepted.append("in_situ")  # "invasive malignancy": a carcinoma in situ is not one
    # "An active second malignancy": only an active one excludes. With a window ("other active
    # malignancy within 3 years") the window says when it was active.
    active = mention.group("active") or mention.group("active_first")
    active_only = bool(active) and years is None
    counted_from: Literal["diagnosis", "treatment"] = "diagnosis"
    if progressing is not None:
        # Past tense with a window: treated within it; present tense alone: active now.
        if progressing.group("past") and years is not None:
            counted_from = "treatment"
        elif progressing.group("present") and years is None:
            active_only = True
        else:
            reading.unsure.add("other_malignancy")
            return
    if years is not None and not 1 <= years <= 30:
        reading.unsure.add("other_malignancy")
        return
    # Anything left unread ("that may interfere with ...", "or any evidence of residual
    # disease", a second sentence of exceptions) is a condition the criterion cannot hold.
    unread = unread_text(text, spans)
    if re.search(r"\d", unread) or any(
        word.casefold() not in _MAY_STAY for word in re.findall(r"[^\W\d_]+", unread)
    ):
        reading.unsure.add("other_malignancy")
        return
    label = f"No {other_malignancy(years, excepted, active_only, counted_from)}"
    reading.add(
        "other_malignancy",
        lambda cid: OtherMalignancyCriterion(
            id=cid,
            label=label,
            within_years=years,
            counted_from=counted_from,
            excepted=tuple(excepted),
            active_only=active_only,
        ),
        *spans,
    )


def _window(text: str, start: int, spans: list[tuple[int, int]]) -> tuple[int | None, int]:
    """The window's years ("within the past 3 years", "≤ 2 years before the first dose") and
    where it ends; its spans added to `spans`."""
    window = _WINDOW.match(text, start)
    if window is None:
        return None, start
    word = window.group("years").casefold()
    spans.append((window.start(), window.end()))
    end = window.end()
    counted_from = _FROM.match(text, end)
    if counted_from is not None:
        spans.append((counted_from.start(), counted_from.end()))
        end = counted_from.end()
    return (int(word) if word.isdigit() else _NUMBERS[word]), end


def _excepted(
    text: str, start: int, spans: list[tuple[int, int]]
) -> list[OtherMalignancyException] | None:
    """The exceptions after `start` ("except …", or a following "Patients with … are not
    excluded."), their spans added to `spans`; None when one is not understood."""
    exception = _EXCEPT.match(text, start)
    if exception is None:
        second = _second_sentence(text, start)
        if second is None:
            return []
        excepted, sentence = second
        spans.append(sentence)
        return excepted
    spans.append((exception.start(), exception.end()))
    read = _exceptions(text, exception.end())
    if read is None:
        return None
    excepted, end = read
    spans.append((exception.end(), end))
    return excepted


def _second_sentence(
    text: str, start: int
) -> tuple[list[OtherMalignancyException], tuple[int, int]] | None:
    """The exceptions of a following "Patients with … that have undergone potentially curative
    therapy are not excluded." and its span, every one understood; None otherwise."""
    lead = _NOT_EXCLUDED_LEAD.match(text, start)
    if lead is None:
        return None
    tail = _NOT_EXCLUDED_TAIL.search(text, lead.end())
    if tail is None:
        return None
    found = _exception_kinds(text, lead.end(), tail.start())
    return None if found is None else (found, (start, tail.end()))


def _exceptions(text: str, start: int) -> tuple[list[OtherMalignancyException], int] | None:
    """The exceptions from `start` to the end of the sentence, every one understood; None when
    one is not."""
    stop = re.search(r"(?<!e\.g)(?<!i\.e)\.(?:\s|$)|;|$", text[start:])
    end = start + (stop.start() if stop else len(text) - start)
    found = _exception_kinds(text, start, end)
    return None if found is None else (found, end)


def _exception_kinds(text: str, start: int, end: int) -> list[OtherMalignancyException] | None:
    """The kinds of exception listed from `start` to `end`, every one understood; None when one
    is not, or none is listed."""
    found: list[OtherMalignancyException] = []
    position = start
    kinds: tuple[tuple[re.Pattern[str], OtherMalignancyException], ...] = (
        (_SKIN, "non_melanoma_skin"),
        (_IN_SITU, "in_situ"),
        (_CURATIVE, "curatively_treated"),
    )
    while position < end:
        joiner = _JOINER.match(text, position)
        if joiner is not None and joiner.end() > position:
            position = joiner.end()
            continue
        for pattern, kind in kinds:
            match = pattern.match(text, position)
            if match is not None and match.end() <= end:
                if kind not in found:
                    found.append(kind)
                position = match.end()
                break
        else:
            return None
    return found or None
