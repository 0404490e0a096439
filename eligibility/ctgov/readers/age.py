"""Age limits stated in the text, and the label shared with the API's age fields.

The age is read where it is stated, also inside a longer item ("Patient is at least 18 years of
age, regardless of gender. Patient has ...", "All Parts: Age ≥ 18 years, ECOG ≤ 1, ..."), in the
usual wordings ("Age 18+", "18 years and older", "aged between 18 and 75 years"). Other ages in
the item must agree with it: a subgroup inside the range ("Patients 12-17 years of age must be
> 40 kg") or the excluded children ("no dosing data ... in patients < 18 years of age, children
are excluded") keep it, with the item for review; any other age makes the item unsure.
"""

from __future__ import annotations

import re

from eligibility.criteria import AgeCriterion, Criterion
from eligibility.ctgov.numbers import Stated, find_constraint, negate
from eligibility.ctgov.readers.reading import Reading

_I = re.IGNORECASE


def age_label(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"Age {low}–{high} years"
    if low is not None:
        return f"Age ≥ {low} years"
    return f"Age ≤ {high} years"


_ANCHOR = re.compile(
    r"\bage[ds]?\b|\byears? old\b|\byears? of age\b|\d\s*\+|"
    r"\byears? (?:or|and) (?:older|above|over)\b",
    _I,
)
_SENTENCE_BREAK = re.compile(r"(?<=\.)\s+")
_CLAUSE_BREAK = re.compile(r";\s*|,\s+(?!inclusive\b)|\s+with\s+|\s+who\s+", _I)
# A limit that is not the age, in the clause stating it.
_NOT_THE_AGE = re.compile(
    r"\d\s*(?:month|week|day)s?\b|karnofsky|lansky|\bECOG\b|\bkg\b|\bweigh|mg/dL|µmol", _I
)
# A sentence that makes the age limit hold for some patients only.
_SOME_PATIENTS = re.compile(
    r"\bif\b|^\W*for\b|\bfor (?:patients|participants|subjects|those)\b|pediatric|paediatric|"
    r"\bchild|\bexcept|\bcohort|\bpart [A-Z0-9]\b|\barm\b|\bat (?:the time of )?diagnosis\b",
    _I,
)
_SEX_PAIR = re.compile(
    r"\b(?:male|men|female|women)\s*(?:or|and|/)\s*(?:female|women|male|men)\b", _I
)
_ALTERNATIVE = re.compile(r"\bor\b(?!\s+(?:older|over|above|more|greater|younger|less))", _I)
_CHILDREN_EXCLUDED = re.compile(
    r"\bchildren\b[^.]*\bexcluded\b|\bno dosing or adverse event data\b|\bnot (?:be )?eligible\b",
    _I,
)
_LEGAL_AGE = re.compile(
    r"\bor (?:the )?(?:minimum )?(?:legal|local)(?: adult)? age\b[^.;]*|\bage of (?:legal )?"
    r"(?:majority|consent)\b[^.;]*|\bwhichever is (?:greater|higher|older)\b",
    _I,
)


def _statement(clause: str) -> Stated | None:
    """The age constraint a clause states, or None."""
    text = re.sub(r"(\d+)\s*\+", r"≥ \1", clause)
    stated = find_constraint(text, allow_bare=False)
    if stated is None:
        return None
    near = text[max(0, stated.start - 30) : stated.end + 16]
    if not re.search(r"year|yrs|\bage", near, _I):
        return None
    return stated


def _limits(stated: Stated, excludes: bool) -> tuple[int | None, int | None]:
    if stated.kind == "range" and not excludes:
        return int(stated.low), int(stated.high)
    if stated.kind == "cmp" and stated.op is not None:
        op = negate(stated.op) if excludes else stated.op
        value = int(stated.value)
        # Age is continuous: "> 18 years" admits everyone past the 18th birthday, whose age in
        # whole years is 18; "< 85 years" stops at 84.
        low = value if op in {">=", ">"} else None
        high = value if op == "<=" else value - 1 if op == "<" else None
        return low, high
    return None, None


def read_age(reading: Reading) -> None:
    text = reading.text
    if not _ANCHOR.search(text) or (reading.excludes and len(text) > 120):
        return
    plain = _LEGAL_AGE.sub(" ", text)
    stated_in = [
        (sentence, clause)
        for sentence in _SENTENCE_BREAK.split(plain)
        for clause in _CLAUSE_BREAK.split(sentence)
        if re.search(r"\d", clause)
        and (_ANCHOR.search(clause) or re.search(r"\d\s*years?\b", clause, _I))
    ]
    if not stated_in:
        if re.search(r"\d", text):
            reading.unsure.add("age")
        return
    (sentence, main), others = (
        stated_in[0],
        [
            clause if not _CHILDREN_EXCLUDED.search(whole) else whole
            for whole, clause in stated_in[1:]
        ],
    )
    # The rest of the sentence, without a clause that only says children are excluded.
    around = " ".join(
        c for c in _CLAUSE_BREAK.split(sentence) if c != main and not _CHILDREN_EXCLUDED.search(c)
    )
    stated = _statement(main)
    limits = _limits(stated, reading.excludes) if stated is not None else (None, None)
    second = _second_bound(main, stated)
    if second is not None:
        # "Age ≥ 18 years and < 85 years": one range; anything else is not read.
        low2, high2 = _limits(second, reading.excludes)
        one_each = low2 is None and high2 is not None and limits == (limits[0], None)
        one_each = one_each or (high2 is None and low2 is not None and limits == (None, limits[1]))
        if reading.excludes or not one_each:
            limits = (None, None)
        else:
            limits = (limits[0] if low2 is None else low2, limits[1] if high2 is None else high2)
    low, high = limits
    if (
        stated is None
        or _NOT_THE_AGE.search(main)
        or _SOME_PATIENTS.search(main)
        or _SOME_PATIENTS.search(around)
        or _ALTERNATIVE.search(_SEX_PAIR.sub(" ", main))
        or re.search(r"\bor\s*$|;\s*\S*\d", sentence, _I)
        or (low is None and high is None)
        or any(v is not None and v > 120 for v in limits)
        or not all(_agrees(other, low, high) for other in others)
    ):
        reading.unsure.add("age")
        return
    if others or plain != text:
        reading.unsure.add("age_detail")  # kept, and the item stays for review

    def build(cid: str) -> Criterion:
        return AgeCriterion(
            id=cid,
            label=age_label(low, high),
            min_years=low,
            max_years=high,
            source_text=text,
        )

    start = text.find(main)
    reading.add("age", build, *([(start, start + len(main))] if start >= 0 else []))


def _second_bound(clause: str, first: Stated | None) -> Stated | None:
    """A second limit in the clause of the first ("≥18 years and <85 years old")."""
    if first is None or first.kind != "cmp":
        return None
    rest = re.sub(r"(\d+)\s*\+", r"≥ \1", clause)[first.end :]
    if not re.search(r"\d", rest):
        return None
    return find_constraint(rest, allow_bare=False) or Stated("set")


def _agrees(clause: str, low: int | None, high: int | None) -> bool:
    """Another age in the item that leaves the limit as read."""
    numbers = [int(n) for n in re.findall(r"\b(\d{1,3})\b", clause)]
    if not numbers:
        return True
    inside = all(
        (low is None or n >= low) and (high is None or n <= high) for n in numbers
    )  # a subgroup of the allowed ages
    below = low is not None and all(n <= low for n in numbers) and _CHILDREN_EXCLUDED.search(clause)
    return inside or bool(below)
