"""ECOG and Karnofsky performance status."""

from __future__ import annotations

import functools
import math
import re

from eligibility.criteria import (
    AgeCriterion,
    AllOfCriterion,
    AnyOfCriterion,
    Comparator,
    Criterion,
    FreeTextCriterion,
    PerformanceStatusCriterion,
)
from eligibility.ctgov.numbers import Stated, find_constraint, negate, words_to_digits
from eligibility.ctgov.readers.reading import Found, Reading, limit_unless, window_after

_I = re.IGNORECASE

_ECOG = re.compile(
    r"\b(?:ECOG|Eastern Cooperative Oncology Group|WHO performance status|WHO PS|Zubrod)\b"
    r"(?:\s*\(ECOG\))?(?:\s*(?:performance status|performance score|PS|score|scale|grade))*"
    r"(?:\s*\((?:PS|ECOG PS)\))?",
    _I,
)
_KARNOFSKY = re.compile(
    r"\b(?:Karnofsky|KPS)\b(?:\s*(?:performance status|performance score|performance|status|"
    r"score|scale|index|\(KPS\)))*",
    _I,
)


def read_performance(reading: Reading) -> None:
    text = reading.text
    if re.search(r"lansky|\bfor (?:patients|participants|subjects)\b|\byears of age\b", text, _I):
        if (_ECOG.search(text) or _KARNOFSKY.search(text)) and not _read_age_bands(reading):
            reading.unsure.add("performance_status")  # a scale or limit that depends on age
        return
    ecog = _read_ecog(reading)
    kps = _read_karnofsky(reading)
    if ecog and kps and not reading.excludes:
        between = text[ecog.spans[-1][1] : kps.spans[0][0]]
        if re.search(r"\b(?:for|in|if|with)\b", between, _I):
            # "ECOG 0-1 or for GBM a Karnofsky >= 70": the Karnofsky alternative is for some
            # patients only; ECOG holds unless the patient is one of them.
            _add_with_exception(reading, ecog, text[ecog.spans[-1][1] :])
            return
        # "ECOG 0-1 or KPS >= 70" and "ECOG 0-1 (Karnofsky >= 70)" both accept either score.
        alternatives = [ecog, kps]

        def build_any(cid: str) -> Criterion:
            children = tuple(
                alt.build(f"{cid}{letter}") for alt, letter in zip(alternatives, "ab", strict=True)
            )
            return AnyOfCriterion(
                id=cid,
                label=" or ".join(child.label for child in children),
                criteria=children,
                source_text=reading.text,
            )

        reading.add("performance_status", build_any, *ecog.spans, *kps.spans)
        return
    if ecog and not kps and not reading.excludes and _allows_more(text[ecog.spans[-1][1] :]):
        # CT-PS-ALLOWANCE: "ECOG 0-1 (ECOG 2 allowed if due to bone pain)": the limit holds
        # unless a person finds the patient in the allowance (never not met on the number).
        _add_with_exception(reading, ecog, text[ecog.spans[-1][1] :])
        return
    for found in (ecog, kps):
        if found:
            reading.add(found.field, found.build, *found.spans)


# CT-PS-ALLOWANCE (twenty-seventh session): after the limit, another score (a digit 0-5) with
# words that allow it ("ECOG 2 allowed if ...", "or 2 with investigator approval", "Patients
# with ECOG 2 are eligible if ...", "ECOG 2 permitted after discussion with the sponsor").
_MORE_ALLOWED = re.compile(
    r"\b(?:allowed|permitted|eligible|acceptable|accepted|may|can|if|unless|except\w*|"
    r"approv\w*|discretion|discussion)\b",
    _I,
)


# CT-PS-ALLOWANCE (7 December 2026, twenty-seventh session (red-team review)): another score is
# a digit named as one — after ECOG, PS, "score", "status" or "or" ("ECOG 2 allowed", "or 2 with
# investigator approval") — not a count of days ("within 3 days ... if ..."); and words that
# forbid it ("ECOG 2 is not allowed", "patients with ECOG 2 are not eligible", "not permitted")
# allow nothing: before it, each read as an allowance, so an ECOG 2 patient was unknown, a card
# where the protocol excludes him.
_ANOTHER_SCORE = re.compile(
    r"(?:\bECOG|\bPS|\bscores?|\bstatus|\bor)\s*(?:of\s+)?(?:[≤≥<>]=?\s*)?(?<![\d.])[0-5](?![\d.])",
    _I,
)
_MORE_FORBIDDEN = re.compile(
    r"\b(?:not|never|no\s+longer)\s+(?:be\s+)?(?:allowed|permitted|eligible|acceptable|accepted)\b"
    r"|\b(?:ineligible|excluded|exclusion)\b",
    _I,
)


def _allows_more(rest: str) -> bool:
    """CT-PS-ALLOWANCE: the words after the ECOG limit allow another score."""
    return (
        _ANOTHER_SCORE.search(rest) is not None
        and bool(_MORE_ALLOWED.search(rest))
        and not _MORE_FORBIDDEN.search(rest)
    )


# CT-PS-AGE-BANDS: "ECOG ≤ 2 for participants ≥ 16 years of age, Lansky ≥ 50% if < 16 years of
# age": the adults' scale and limit, with the younger patients' scale as their own band.
_ADULT_BAND = re.compile(
    r"\s*\(?\s*(?:for|in)?\s*(?:patients|participants|subjects)?\s*(?:aged\s*)?"
    r"(?P<op>≥|>=|=>|>|at least|over)\s*(?P<age>\d{1,2})\s*(?:years?|yrs?)"
    r"(?:\s+of\s+age|\s+old)?\s*\)?\s*(?:,|;|\bor\b|\band\b)",
    _I,
)
_BAND_AGE = re.compile(r"(?P<op>≤|<=|=<|<|≥|>=|=>|>)?\s*(?P<age>\d{1,2})\s*(?:years?|yrs?)\b", _I)


def _read_age_bands(reading: Reading) -> bool:
    """CT-PS-AGE-BANDS: an inclusion item that gives the ECOG (or Karnofsky) limit for patients
    from an age on, and another scale (Lansky, Karnofsky) for every band below it, in one
    sentence: the limit holds from that age, and a younger patient is judged on the other
    scale by a person — "any of (the limit, younger than the age and the other scale)". Any
    other words (a second sentence, a band that reaches the adults' ages) leave it unread."""
    if reading.excludes:
        return False
    text = re.sub(r"\(\s*see [^()]*\)", " ", reading.text, flags=_I).strip(" .")
    if re.search(r"\.\s", text):
        return False
    scale = _ECOG.search(text) or _KARNOFSKY.search(text)
    band = _ADULT_BAND.search(text, scale.end()) if scale else None
    if (
        scale is None
        or band is None
        or re.search(r"\d|lansky|karnofsky", text[: scale.start()], _I)
    ):
        return False
    adult_from = int(band.group("age")) + (1 if band.group("op") in (">", "over") else 0)
    younger = text[band.end() :].strip(" ,;")
    if not re.search(r"lansky|karnofsky|\bKPS\b", younger, _I) or _ECOG.search(younger):
        return False
    for age in _BAND_AGE.finditer(younger):
        op, years = age.group("op") or "", int(age.group("age"))
        below = (op in ("<",) and years <= adult_from) or (
            op in ("≤", "<=", "=<") and years < adult_from
        )
        if not below:
            return False
    head = Reading(text[: band.start()], excludes=False)
    found = _read_ecog(head) if scale.re is _ECOG else _read_karnofsky(head)
    if (
        found is None
        or head.unsure
        or text[found.spans[-1][1] : band.start()].strip(" %")  # the limit, then the band
        or not reading.text.startswith(head.text)  # spans are the item's own positions
    ):
        return False

    def build(cid: str) -> Criterion:
        limit = found.build(f"{cid}a")
        note = FreeTextCriterion(
            id=f"{cid}c",
            label=f"Younger than {adult_from}: {younger}",
            text=younger,
            source_text=reading.text,
        )
        child = AllOfCriterion(
            id=f"{cid}b",
            label=f"Age ≤ {adult_from - 1} years and {younger}",
            criteria=(
                AgeCriterion(
                    id=f"{cid}b1",
                    label=f"Age ≤ {adult_from - 1} years",
                    max_years=adult_from - 1,
                    source_text=reading.text,
                ),
                note,
            ),
            source_text=reading.text,
        )
        return AnyOfCriterion(
            id=cid,
            label=f"{limit.label} (age ≥ {adult_from}); younger: {younger}",
            criteria=(limit, child),
            source_text=reading.text,
        )

    reading.add("performance_status", build, *found.spans)
    reading.unsure.add("performance_exception")  # the younger band is checked by a person
    return True


def _add_with_exception(reading: Reading, ecog: Found, rest: str) -> None:
    exception = re.sub(r"^\W*(?:or|unless|except)\b\W*", "", rest.strip(" ,;.()"), flags=_I)

    build = functools.partial(limit_unless, ecog.build, exception, reading.text)
    reading.add("performance_status", build, *ecog.spans)
    reading.unsure.add("performance_exception")  # the item stays for review


def _read_ecog(reading: Reading) -> Found | None:
    """The first readable ECOG range; unreadable mentions before it make the field unsure."""
    text = reading.text
    for match in _ECOG.finditer(text):
        window = words_to_digits(
            window_after(text, match.end(), 60, r"Karnofsky|KPS|Lansky|\bor\s+(?:WHO|KPS)")
        )
        stated = find_constraint(window)
        if stated is None or not _small_ints(stated, 5) or _off_topic(window, stated):
            reading.unsure.add("performance_status")
            continue
        allowed = stated.allowed_ints(0, 5)
        if reading.excludes:
            allowed = set(range(6)) - allowed
        if not allowed or allowed == set(range(6)) or not _contiguous(allowed):
            reading.unsure.add("performance_status")
            continue
        low, high = min(allowed), max(allowed)
        if low == 0 and high == 5:
            continue
        span = (match.start(), match.end() + stated.end)

        def build(cid: str, low: int = low, high: int = high) -> Criterion:
            label = f"ECOG {low}–{high}" if low != high else f"ECOG {low}"
            return PerformanceStatusCriterion(
                id=cid, label=label, ecog_min=low, ecog_max=high, source_text=reading.text
            )

        return Found("performance_status", build, [span])
    return None


def _read_karnofsky(reading: Reading) -> Found | None:
    """The first readable Karnofsky minimum, as `_read_ecog`."""
    text = reading.text
    for match in _KARNOFSKY.finditer(text):
        window = window_after(text, match.end(), 50, r"ECOG|Lansky")
        stated = find_constraint(window, allow_bare=False)
        minimum = _karnofsky_min(stated, reading.excludes) if stated else None
        if minimum is None or stated is None or _off_topic(window, stated):
            reading.unsure.add("performance_status")
            continue
        span = (match.start(), match.end() + stated.end)

        def build_kps(cid: str, minimum: int = minimum) -> Criterion:
            return PerformanceStatusCriterion(
                id=cid,
                label=f"Karnofsky ≥ {minimum}",
                karnofsky_min=minimum,
                source_text=reading.text,
            )

        return Found("performance_status", build_kps, [span])
    return None


def _off_topic(window: str, stated: Stated) -> bool:
    """The number found is not the score: "(KPS) for patients > 16 years", "over 2 weeks"."""
    before = window[: stated.start]
    after = window[stated.end :]
    return bool(
        re.search(
            r"\b(?:for|if|with|in|over|within|previous|age[ds]?|years?|weeks?|days?|patients?|"
            r"participants?|no|not)\b",
            before,
            _I,
        )
        or re.match(r"\s*(?:years?|weeks?|days?|months?|hours?)\b", after, _I)
    )


def _small_ints(stated: Stated, highest: int) -> bool:
    values = (
        stated.values
        if stated.kind == "set"
        else (stated.low, stated.high)
        if stated.kind == "range"
        else (stated.value,)
    )
    return all(float(v).is_integer() and 0 <= v <= highest for v in values)


def _contiguous(values: set[int]) -> bool:
    return max(values) - min(values) + 1 == len(values)


def _karnofsky_min(stated: Stated, excludes: bool) -> int | None:
    if stated.kind == "range":
        if excludes or not (0 <= stated.low <= 100 and stated.high == 100):
            return None
        return int(stated.low)
    if stated.kind != "cmp" or stated.op is None or not 0 <= stated.value <= 100:
        return None
    op: Comparator = negate(stated.op) if excludes else stated.op
    if op == ">=":
        return math.ceil(stated.value)
    if op == ">":
        return int(stated.value // 10 * 10 + 10)  # Karnofsky moves in steps of ten
    return None
