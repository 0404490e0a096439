"""How many prior lines of therapy are required or allowed, and in which setting.

"At least 1 but no more than 2 prior lines of systemic therapy for metastatic/advanced disease
(adjuvant and maintenance therapy do not count)" is 1–2 lines in the advanced setting
(LOT-ADVANCED): curative-intent (adjuvant) lines are not counted, and maintenance continues its
line (LOT-MAINTENANCE). A count scoped in a way the criterion cannot say — lines of one drug
("2 lines of platinum-based chemotherapy"), of one disease ("regimen for Richter
transformation"), counting rules ("hormonal therapy alone is not a line"), alternatives or
permissions next to the count — leaves the item for review.
"""

from __future__ import annotations

import re

from eligibility.criteria import Comparator, Criterion, LineScope, PriorLinesCriterion
from eligibility.ctgov.numbers import negate, words_to_digits
from eligibility.ctgov.readers.reading import HEDGES, Reading, negated_before, span_of
from eligibility.ctgov.readers.settings import Setting, inside, settings

_I = re.IGNORECASE

_LINE_NOUN = r"(?:prior |previous |systemic |standard |treatment |therapy )*(?:lines?|regimens?)\b"
_LINES_PATTERNS: tuple[tuple[re.Pattern[str], Comparator], ...] = (
    (re.compile(r"at least (\d),? but", _I), ">="),
    (
        re.compile(
            rf"(?:no more than|not more than|at most|≤|<=|up to|a maximum of|maximum of|"
            rf"maximum)\s*(\d)\s*{_LINE_NOUN}",
            _I,
        ),
        "<=",
    ),
    (re.compile(rf"(\d)\s*or (?:fewer|less)\s*{_LINE_NOUN}", _I), "<="),
    (re.compile(rf"(?<!no )(?<!not )(?:<|less than|fewer than)\s*(\d)\s*{_LINE_NOUN}", _I), "<"),
    (
        re.compile(rf"(?:at least|≥|>=|a minimum of|minimum of|minimum)\s*(\d)\s*{_LINE_NOUN}", _I),
        ">=",
    ),
    (re.compile(rf"(\d)\s*or more\s*{_LINE_NOUN}", _I), ">="),
    (re.compile(rf"(?<!no )(?<!not )(?:>|more than|greater than)\s*(\d)\s*{_LINE_NOUN}", _I), ">"),
)
# "should not have received more than 3 lines": the count is a maximum.
_NOT_RECEIVED = re.compile(
    r"\b(?:not|n't|never)\s+(?:have\s+|had\s+|be\s+|been\s+)*(?:received|had|treated\s+with|"
    r"undergone)\s*$",
    _I,
)
# What a count of lines is "of": therapy in general, or something the criterion cannot scope.
_OF_THERAPY = re.compile(
    r"\s*(?:of\s+(?:prior\s+|previous\s+)?(?:systemic\s+|standard\s+|anti-?cancer\s+|"
    r"anti-?neoplastic\s+)*(?:therapy|therapies|treatments?)\b)?",
    _I,
)
_OF_ONE_KIND = re.compile(
    r"\b(?:of|containing|contained|including|included|includes|with(?!\s+the\s+following)|"
    r"based)\b",
    _I,
)
# "at least 1 prior line that included platinum": the line includes the drug, so at least one
# line is said, and the drug is the prior-therapy reader's.
_INCLUDING = re.compile(
    r"^\s*(?:,\s*)?(?:that\s+)?(?:included|includes|including|containing)\b", _I
)
_TREATMENT_NAIVE = re.compile(
    r"\btreatment[- ]na[iï]ve\b|\bno prior systemic (?:anti-?cancer )?(?:therapy|treatment|"
    r"chemotherapy)\b",
    _I,
)
# "(adjuvant and maintenance therapy do not count towards the limit)": what the advanced or
# recurrent/metastatic setting already leaves out (LOT-SETTING, LOT-MAINTENANCE).
_SETTING_NOT_COUNTED = re.compile(
    r"\b(?:neo-?)?adjuvant\b(?:[^.;()]{0,40}\bmaintenance\b)?[^.;()]{0,40}?"
    r"\b(?:do(?:es)?\s+not|don't|will\s+not|are\s+not|is\s+not|not\s+be)\s+(?:be\s+)?count",
    _I,
)
_COUNTING_RULE = re.compile(
    r"\bcount(?:s|ed|ing)?\b|\bconsidered\s+(?:as\s+)?(?:a\s+)?(?:separate\s+)?line", _I
)

# "at least one prior platinum-based regimen": the drug received, which the prior-therapy
# reader says; no count of lines beyond it.
_ONE_DRUG_REGIMEN = re.compile(
    r"\b(?:at least (?:1|one)|one or more|1 or more|≥\s*1)\s+(?:prior\s+|previous\s+)?"
    r"[\w/-]+[- ](?:based|containing)\s+(?:regimen|line)(?:\s+of\s+(?:therapy|treatment))?\b",
    _I,
)
# "Up to 2 prior lines are allowed": the permission is the maximum itself.
_MAXIMUM_ALLOWED = re.compile(
    r"\b(?:is|are|will\s+be)\s+(?:allowed|permitted)\b(?!\s+(?:if|when|for|provided|unless))",
    _I,
)

_Bounds = tuple[int | None, int | None]  # (at least, at most) prior lines


def read_prior_lines(reading: Reading) -> None:
    text = words_to_digits(reading.text)
    phrases = settings(text)
    stated = _stated_bounds(reading, text, phrases)
    if stated is None:
        reading.unsure.add("prior_lines")  # lines of one kind of therapy, or of one disease
        return
    (low, high), spans, scopes = stated
    if re.search(r"\d\s*(?:-|–|to)\s*\d\s*(?:prior\s+|previous\s+)?(?:lines?|regimens?)", text, _I):
        reading.unsure.add("prior_lines")  # "1 to 3 prior lines for X, up to 4 for Y"
        return
    naive = _TREATMENT_NAIVE.search(text)
    if naive is not None and not reading.excludes and not spans:
        high = 0
        spans.append(span_of(naive))
    if not spans:
        if re.search(r"\blines?\b|\bregimens?\b", _ONE_DRUG_REGIMEN.sub("", text), _I):
            reading.unsure.add("prior_lines")
        return
    named = _setting(text, scopes)
    setting: LineScope | None = None
    if named in ("recurrent_metastatic", "advanced", "any"):
        setting = named  # type: ignore[assignment]
    if named == "unsure" or _doubtful(reading, text, (low, high), spans, phrases):
        reading.unsure.add("prior_lines")
        return

    def build(cid: str) -> Criterion:
        return PriorLinesCriterion(
            id=cid,
            label=_label(low, high, setting),
            min_lines=low,
            max_lines=high,
            setting=setting,
            source_text=reading.text,
        )

    reading.add("prior_lines", build, *spans)


def _stated_bounds(
    reading: Reading, text: str, phrases: list[Setting]
) -> tuple[_Bounds, list[tuple[int, int]], list[LineScope | None]] | None:
    """The bounds every line count in `text` sets, their spans and the setting each names;
    None when a count is of lines of one kind of therapy ("2 lines of platinum-based
    chemotherapy") or of one disease ("a regimen for Richter transformation")."""
    low: int | None = None
    high: int | None = None
    spans: list[tuple[int, int]] = []
    scopes: list[LineScope | None] = []
    for pattern, written in _LINES_PATTERNS:
        for match in pattern.finditer(text):
            end = match.end() + (_OF_THERAPY.match(text, match.end()) or match).end() - match.end()
            scope, end = _scope_after(text, end, phrases)
            clause_end = min(
                (i for i in (text.find(c, end) for c in ",;.") if i >= 0), default=len(text)
            )
            value = int(match.group(1))
            # "at least 1 but no more than 2 lines ...": the second count says what follows.
            if text[match.end() - 3 : match.end()] != "but" and _qualified(
                text[end:clause_end], end, phrases, single=written == ">=" and value == 1
            ):
                return None
            op: Comparator = written
            if written in (">", ">=") and _NOT_RECEIVED.search(text[: match.start()]):
                op = negate(written)  # "should not have received more than 3 lines"
            if reading.excludes:
                op = negate(op)
            if op == ">=":
                low = max(low or 0, value)
            elif op == ">":
                low = max(low or 0, value + 1)
            elif op == "<=":
                high = value if high is None else min(high, value)
            else:
                high = value - 1 if high is None else min(high, value - 1)
            spans.append((match.start(), end))
            scopes.append(scope)
    for index, (_, end) in enumerate(spans):
        # "at least 1 but | no more than 2 lines for metastatic disease": one count, one setting.
        joined = [k for k, (start, _) in enumerate(spans) if 0 <= start - end <= 1]
        if scopes[index] is None and joined:
            scopes[index] = scopes[joined[0]]
    return (low, high), spans, scopes


def _qualified(following: str, start: int, phrases: list[Setting], *, single: bool) -> bool:
    """Whether the words after a count make it a count of something the criterion cannot say:
    "for RT", "of platinum-based chemotherapy", "with a PARPi", a setting further on ("1 line
    of endocrine therapy for advanced disease": whose setting?)."""
    return bool(
        re.match(r"\s*for\b", following, _I)
        or any(inside(i, phrases) for i in range(start, start + len(following)))
        or (_OF_ONE_KIND.search(following) and not (single and _INCLUDING.match(following)))
    )


def _scope_after(text: str, end: int, phrases: list[Setting]) -> tuple[LineScope | None, int]:
    """The setting phrase right after a count ("... lines for metastatic disease"), if any, and
    where the count's words end."""
    for phrase in phrases:
        if end <= phrase.start <= end + 3:
            return phrase.scope, phrase.end
    anywhere = re.match(r"\s*in\s+any\s+setting\b", text[end:], _I)
    if anywhere is not None:
        return "any", end + anywhere.end()
    return None, end


def _setting(text: str, scopes: list[LineScope | None]) -> LineScope | str | None:
    """The setting the counts name; "unsure" when they name different ones, or when the text
    sets a counting rule the setting does not already hold."""
    named = set(scopes)
    if len(named) > 1:
        return "unsure"
    setting = next(iter(named))
    rest = _SETTING_NOT_COUNTED.sub("", text)
    if _COUNTING_RULE.search(rest):
        return "unsure"  # "hormonal therapy alone will not be counted as a line"
    if _SETTING_NOT_COUNTED.search(text) and setting is None:
        return "advanced"  # adjuvant lines left out: LOT-ADVANCED keeps them apart
    return setting


# "Participants with PROC will have had no more than 5 prior lines": the count of a subgroup.
_SUBGROUP = re.compile(
    r"\b(?:patients|participants|subjects|those)\s+(?:with|who\s+(?:have|had|are))\b[^.;]*?\b"
    r"(?:must|should|will|may|can)\b",
    _I,
)


def _sentence_before(text: str, position: int) -> str:
    start = max(text.rfind(". ", 0, position), text.rfind(";", 0, position))
    return text[start + 1 : position]


def _line_sentences(text: str, spans: list[tuple[int, int]]) -> str:
    """The sentences of the item that speak of lines: those with a count, and those after it
    that speak of lines or their number ("No limitation on number of prior therapies")."""
    sentences = re.split(r"(?<=[.;])\s+", text)
    kept = []
    position = 0
    for sentence in sentences:
        start = text.find(sentence, position)
        position = start + len(sentence)
        has_count = any(start <= s < position for s, _ in spans)
        if has_count or re.search(r"\blines?\b|\bregimens?\b|\bnumber of\b", sentence, _I):
            kept.append(sentence)
    return " ".join(kept)


def _clauses(text: str, spans: list[tuple[int, int]], phrases: list[Setting]) -> str:
    """The comma-delimited clauses holding a count, without their setting phrases (whose "or",
    as in "advanced or metastatic", joins settings, not alternatives)."""
    found = []
    for start, end in spans:
        left = max(text.rfind(c, 0, start) for c in ",;.(")
        rights = [i for i in (text.find(c, end) for c in ",;.)") if i >= 0]
        clause_end = min(rights, default=len(text))
        found.append(
            "".join(
                ch if not inside(i, phrases) else " "
                for i, ch in enumerate(text[left + 1 : clause_end], start=left + 1)
            )
        )
    return " ".join(found)


def _doubtful(
    reading: Reading,
    text: str,
    bounds: _Bounds,
    spans: list[tuple[int, int]],
    phrases: list[Setting],
) -> bool:
    """Hedged, conditional, contradictory or alternative counts are left for review."""
    low, high = bounds
    about_lines = _line_sentences(text, spans)
    if low is None and high is not None and len(spans) == 1:
        about_lines = _MAXIMUM_ALLOWED.sub("", about_lines)
    return bool(
        HEDGES.search(about_lines)
        or (high is not None and high < 0)
        or (low is not None and high is not None and high < low)
        or re.search(r"\bif\b|\bexcept\b|\bunless\b", about_lines, _I)
        or (reading.excludes and negated_before(text, spans[0][0], 40))
        or (len(spans) > 1 and (low is None or high is None))
        or _SUBGROUP.search(_sentence_before(text, spans[0][0]))
        or (not reading.excludes and re.search(r"\bor\b", _clauses(text, spans, phrases), _I))
    )


def _label(low: int | None, high: int | None, setting: LineScope | None) -> str:
    if low is not None and high is not None:
        text = f"{low}–{high} prior lines" if low != high else f"Exactly {low} prior line(s)"
    elif low is not None:
        text = f"At least {low} prior line(s)"
    else:
        text = "No prior systemic therapy" if high == 0 else f"At most {high} prior lines"
    where = {
        "recurrent_metastatic": " for recurrent/metastatic disease",
        "advanced": " for advanced disease",
    }
    return text + (where.get(setting, "") if setting else "")
