"""Deterministic criteria extraction from ClinicalTrials.gov eligibility data.

Two sources:

- API fields (`eligibilityModule`): minimumAge/maximumAge ("18 Years", "6 Months"), sex.
- The free text, item by item (`splitting.split_eligibility`): ECOG/Karnofsky, age, metastatic
  and stage requirements, number of prior lines, prior drug classes or agents, QTc, common lab
  thresholds, brain metastases, HIV, hepatitis B/C and pregnancy.

Rules of the game:

- Every criterion is phrased as something the patient must satisfy. An exclusion item states
  what must NOT hold, so its constraint is turned around: exclusion "ECOG ≥ 2" gives the same
  ECOG 0–1 as inclusion "ECOG ≤ 1"; exclusion "ANC < 1.5" gives ANC ≥ 1.5.
- Every structured criterion carries the item's exact text in `source_text`.
- Precision over recall: an extractor that sees its topic but cannot read it for sure (a
  conditional threshold, a washout period, a double negation) gives up, and the item becomes a
  `free_text` criterion for manual review. An item that yields structure but has words left
  that no extractor accounted for also gets a `free_text` criterion, so nothing is dropped.
"""

from __future__ import annotations

import csv
import functools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from eligibility.criteria import (
    AgeCriterion,
    AnyOfCriterion,
    ComorbidityCriterion,
    Comparator,
    Criterion,
    FreeTextCriterion,
    LabCriterion,
    MetastaticCriterion,
    PerformanceStatusCriterion,
    PriorLinesCriterion,
    PriorTherapyCriterion,
    QTcCriterion,
    SexCriterion,
    StageCriterion,
)
from eligibility.ctgov.numbers import Stated, find_constraint, negate, words_to_digits
from eligibility.ctgov.splitting import EligibilityItem, split_eligibility
from eligibility.vocabulary import CANONICAL_UNITS, Analyte, Comorbidity, DrugClass, Sex

FIELDS = (
    "age",
    "sex",
    "performance_status",
    "metastatic",
    "stage",
    "prior_lines",
    "prior_therapy",
    "qtc",
    "lab",
    "brain_metastases",
    "hiv",
    "hepatitis",
    "pregnancy",
)
"""Structured fields this module extracts (the measurement script reports each)."""

_I = re.IGNORECASE


@dataclass(slots=True)
class _Found:
    """What one extractor read from one item."""

    field: str
    build: Callable[[str], Criterion]  # id -> criterion
    spans: list[tuple[int, int]]


@dataclass(slots=True)
class _Reading:
    text: str
    excludes: bool
    found: list[_Found] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    unsure: set[str] = field(default_factory=set)  # fields seen but not read

    def add(self, name: str, build: Callable[[str], Criterion], *spans: tuple[int, int]) -> None:
        self.found.append(_Found(name, build, list(spans)))
        self.spans.extend(spans)


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """How one item of the text was handled (for explanations and measurement)."""

    item: EligibilityItem
    criteria: tuple[Criterion, ...]
    fields: tuple[str, ...]  # structured fields read from the item
    unsure: tuple[str, ...]  # fields the item talks about but that were not read
    free_text: bool  # a free_text criterion was emitted for the item


@dataclass(frozen=True, slots=True)
class Extraction:
    criteria: tuple[Criterion, ...]
    items: tuple[ItemOutcome, ...]
    api_fields: tuple[str, ...]  # structured fields read from the API's eligibility fields

    @property
    def fields(self) -> frozenset[str]:
        found = set(self.api_fields)
        for outcome in self.items:
            found.update(outcome.fields)
        return frozenset(found)


# --- API fields ----------------------------------------------------------------------------------

_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\s*$", _I)
_UNIT_YEARS = {"year": 1.0, "month": 1 / 12, "week": 7 / 365.25, "day": 1 / 365.25}


def age_in_years(value: str | None) -> float | None:
    """ "18 Years" -> 18.0, "6 Months" -> 0.5; None for absent or unreadable values."""
    if not value:
        return None
    match = _AGE.match(value)
    if match is None:
        return None
    unit = match.group(2).lower()
    return float(match.group(1)) * _UNIT_YEARS.get(unit, 0.0)


def api_criteria(module: Mapping[str, Any]) -> list[Criterion]:
    """Criteria from `eligibilityModule`'s structured fields."""
    found: list[Criterion] = []
    minimum = age_in_years(module.get("minimumAge"))
    maximum = age_in_years(module.get("maximumAge"))
    # Whole years: a minimum below one year admits every adult; a maximum is floored.
    min_years = math.ceil(minimum) if minimum is not None and minimum >= 1 else None
    max_years = math.floor(maximum) if maximum is not None else None
    if min_years is not None or max_years is not None:
        source = "; ".join(
            f"{key}: {module[key]}" for key in ("minimumAge", "maximumAge") if module.get(key)
        )
        found.append(
            AgeCriterion(
                id="api-age",
                label=_age_label(min_years, max_years),
                min_years=min_years,
                max_years=max_years,
                source_text=source,
            )
        )
    sex = str(module.get("sex") or "ALL").upper()
    if sex in {"FEMALE", "MALE"}:
        allowed = Sex.FEMALE if sex == "FEMALE" else Sex.MALE
        found.append(
            SexCriterion(
                id="api-sex",
                label=f"Sex: {allowed.value}",
                allowed=(allowed,),
                source_text=f"sex: {sex}",
            )
        )
    return found


def _age_label(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"Age {low}–{high} years"
    if low is not None:
        return f"Age ≥ {low} years"
    return f"Age ≤ {high} years"


# --- helpers -------------------------------------------------------------------------------------


def _span_of(match: re.Match[str], offset: int = 0) -> tuple[int, int]:
    return (match.start() + offset, match.end() + offset)


def _window(text: str, start: int, length: int, stops: str | None = None) -> str:
    window = text[start : start + length]
    cut = re.search(r";|\.\s|\.$" + (f"|{stops}" if stops else ""), window, _I)
    return window[: cut.start()] if cut else window


def _negated_before(text: str, position: int, reach: int = 60) -> bool:
    before = text[max(0, position - reach) : position]
    before = re.split(r"[;.]", before)[-1]
    return bool(
        re.search(
            r"\b(?:no|not|without|absence of|free of|negative for|never|none|lack of)\b",
            before,
            _I,
        )
    )


_HEDGES = re.compile(
    r"\b(?:unless|except|excluding|allowed|permitted|eligible|acceptable|may be|can be|"
    r"are allowed|is allowed)\b",
    _I,
)


# --- performance status --------------------------------------------------------------------------

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


def _read_performance(reading: _Reading) -> None:
    text = reading.text
    if re.search(r"lansky|\bfor (?:patients|participants|subjects)\b|\byears of age\b", text, _I):
        if _ECOG.search(text) or _KARNOFSKY.search(text):
            reading.unsure.add("performance_status")  # a scale or limit that depends on age
        return
    ecog_found: list[_Found] = []
    for match in _ECOG.finditer(text):
        window = _window(text, match.end(), 60, r"Karnofsky|KPS|Lansky|\bor\s+(?:WHO|KPS)")
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

        ecog_found.append(_Found("performance_status", build, [span]))
        break
    kps_found: list[_Found] = []
    for match in _KARNOFSKY.finditer(text):
        window = _window(text, match.end(), 50, r"ECOG|Lansky")
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

        kps_found.append(_Found("performance_status", build_kps, [span]))
        break
    if ecog_found and kps_found and not reading.excludes:
        # "ECOG 0-1 or KPS >= 70" and "ECOG 0-1 (Karnofsky >= 70)" both accept either score.
        alternatives = [ecog_found[0], kps_found[0]]

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

        reading.add("performance_status", build_any, *ecog_found[0].spans, *kps_found[0].spans)
        return
    for found in (*ecog_found, *kps_found):
        reading.add(found.field, found.build, *found.spans)


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


# --- age -----------------------------------------------------------------------------------------

_AGE_WORD = re.compile(r"\b(?:age[ds]?|years? old|years? of age)\b", _I)


def _read_age(reading: _Reading) -> None:
    text = reading.text
    if not _AGE_WORD.search(text) or len(text) > 120:
        return
    if re.search(
        r"\b(?:month|week|day)s?\b|\bif\b|\bwith\b|\bfor\b|pediatric|child|karnofsky|lansky|ecog",
        text,
        _I,
    ):
        reading.unsure.add("age")
        return
    stated = find_constraint(text, allow_bare=False)
    if stated is None or not re.search(r"year|yrs|\bage", text[stated.start : stated.end + 12]):
        reading.unsure.add("age")
        return
    rest = text[: stated.start] + text[stated.end :]
    if re.search(r"\d|;|\bor\b(?!\s+(?:older|over|above|more|greater|younger|less))", rest, _I):
        reading.unsure.add("age")  # other numbers or an alternative: not a plain age range
        return
    low: int | None = None
    high: int | None = None
    if stated.kind == "range" and not reading.excludes:
        low, high = int(stated.low), int(stated.high)
    elif stated.kind == "cmp" and stated.op is not None:
        op = negate(stated.op) if reading.excludes else stated.op
        value = int(stated.value)
        low = value if op == ">=" else value + 1 if op == ">" else None
        high = value if op == "<=" else value - 1 if op == "<" else None
    if (low is None and high is None) or any(v is not None and v > 120 for v in (low, high)):
        reading.unsure.add("age")
        return

    def build(cid: str) -> Criterion:
        return AgeCriterion(
            id=cid,
            label=_age_label(low, high),
            min_years=low,
            max_years=high,
            source_text=text,
        )

    reading.add(
        "age", build, (stated.start, stated.end), *(_span_of(m) for m in _AGE_WORD.finditer(text))
    )


# --- metastatic and stage ------------------------------------------------------------------------

_NON_METASTATIC = re.compile(
    r"\bnon[- ]?metastatic\b|\bno (?:evidence of )?distant metastas[ie]s\b|"
    r"\bwithout (?:evidence of )?distant metastas[ie]s\b|\bM0\b",
    _I,
)
_METASTATIC = re.compile(r"\bmetastatic\b|\bdistant metastas[ie]s\b", _I)
_METASTATIC_DOUBT = re.compile(
    r"locally advanced|unresectable|inoperable|recurrent|advanced\s+(?:and/or|or|and)|"
    r"(?:or|and/or)\s+metastatic|metastatic\s+(?:or|and/or)|brain|\bcns\b|central nervous|"
    r"leptomening|liver metasta|bone metasta|hepatic metasta|site|lesion|oligometasta|"
    r"previous|prior|history|biopsy|tissue|specimen|setting|for metastatic|after|following|"
    r"\bif\b|\bmay\b|allowed|permitted|treated|symptomatic|untreated|measurable|"
    r"advanced\s*/|/\s*metastatic|metastatic\s*/|\b(?:extra\w*|visceral|nodal|osseous|peritoneal|"
    r"pulmonary|lung)\s+metasta|metastatic disease to|metastas[ie]s to|\bULN\b",
    _I,
)
_STAGE_LIST = re.compile(
    r"\b(?i:stage)\s+(?:IV|I{1,3})[ABC]?\d?(?:(?:\s*(?:,|or|and|and/or|/))+\s*(?i:stage\s+)?(?:IV|I{1,3})"
    r"[ABC]?\d?)*"
)


def _read_metastatic(reading: _Reading) -> None:
    text = reading.text
    non = _NON_METASTATIC.search(text)
    if non is not None and not reading.excludes:
        if _HEDGES.search(text):
            reading.unsure.add("metastatic")
            return
        reading.add("metastatic", _metastatic(False, text), _span_of(non))
        return
    met = _METASTATIC.search(text)
    if met is None:
        return
    if _METASTATIC_DOUBT.search(text) or _HEDGES.search(text) or non is not None:
        reading.unsure.add("metastatic")
        return
    if _negated_before(text, met.start(), 30):
        if reading.excludes:
            reading.unsure.add("metastatic")
            return
        reading.add("metastatic", _metastatic(False, text), _span_of(met))
        return
    reading.add("metastatic", _metastatic(not reading.excludes, text), _span_of(met))


def _metastatic(required: bool, text: str) -> Callable[[str], Criterion]:
    def build(cid: str) -> Criterion:
        return MetastaticCriterion(
            id=cid,
            label="Metastatic disease" if required else "No distant metastases",
            required=required,
            source_text=text,
        )

    return build


def _read_stage(reading: _Reading) -> None:
    text = reading.text
    lists = list(_STAGE_LIST.finditer(text))
    if not lists:
        return
    if (
        reading.excludes
        or _HEDGES.search(text)
        or re.search(r"\b(?:not|no|or\s+(?:metastatic|recurrent)|recurren|relapse)\b", text, _I)
        or any(re.match(r"\s*(?:-|–|—|to\b|through\b)", text[m.end() :]) for m in lists)
        or re.search(r"\bT\d|\bN\d", text)
    ):
        reading.unsure.add("stage")
        return
    groups: list[str] = []
    for found in lists:
        for match in re.finditer(r"(IV|I{1,3})([ABC]?\d?)", found.group(0)[5:]):
            group = match.group(0)
            if group not in groups:
                groups.append(group)
    edition = re.search(r"AJCC[^.;]{0,20}?(\d)(?:th)?|(\d)(?:th)? edition", text, _I)
    edition_value = (edition.group(1) or edition.group(2)) if edition else None

    def build(cid: str) -> Criterion:
        return StageCriterion(
            id=cid,
            label="Stage " + " or ".join(groups),
            stage_groups=tuple(groups),
            edition=edition_value,
            source_text=text,
        )

    reading.add("stage", build, *(_span_of(m) for m in lists))


# --- prior lines ---------------------------------------------------------------------------------

_LINE_NOUN = r"(?:prior |previous |systemic |standard |treatment |therapy )*(?:lines?|regimens?)\b"
_LINE_OF_SOMETHING = re.compile(
    r"^\s*(?:of|containing|including|with|that included)\s+(?!(?:prior\s+|previous\s+)?"
    r"(?:systemic\s+|standard\s+|anti-?cancer\s+|of\s+)*(?:therapy|therapies|treatments?)\b)",
    _I,
)
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
_TREATMENT_NAIVE = re.compile(
    r"\btreatment[- ]na[iï]ve\b|\bno prior systemic (?:anti-?cancer )?(?:therapy|treatment|"
    r"chemotherapy)\b",
    _I,
)


def _read_prior_lines(reading: _Reading) -> None:
    text = words_to_digits(reading.text)  # same length: the words replaced are digits
    low: int | None = None
    high: int | None = None
    spans: list[tuple[int, int]] = []
    for pattern, written in _LINES_PATTERNS:
        for match in pattern.finditer(text):
            following = text[match.end() : match.end() + 60]
            if _LINE_OF_SOMETHING.match(following) or re.search(
                r"\b(?:with|containing|including|included|based)\b", following, _I
            ):
                reading.unsure.add("prior_lines")  # lines of one kind of therapy only
                return
            op: Comparator = negate(written) if reading.excludes else written
            value = int(match.group(1))
            if op == ">=":
                low = max(low or 0, value)
            elif op == ">":
                low = max(low or 0, value + 1)
            elif op == "<=":
                high = value if high is None else min(high, value)
            else:
                high = value - 1 if high is None else min(high, value - 1)
            spans.append(_span_of(match))
    if re.search(r"\d\s*(?:-|–|to)\s*\d\s*(?:prior\s+|previous\s+)?(?:lines?|regimens?)", text, _I):
        reading.unsure.add("prior_lines")  # "1 to 3 prior lines for X, up to 4 for Y"
        return
    naive = _TREATMENT_NAIVE.search(text)
    if naive is not None and not reading.excludes and not spans:
        high = 0
        spans.append(_span_of(naive))
    if not spans:
        if re.search(r"\blines?\b|\bregimens?\b", text, _I):
            reading.unsure.add("prior_lines")
        return
    if (
        _HEDGES.search(text)
        or (high is not None and high < 0)
        or (low is not None and high is not None and high < low)
        or re.search(r"\bif\b|\bexcept\b|\bunless\b", text, _I)
        or (reading.excludes and _negated_before(text, spans[0][0], 40))
        or (len(spans) > 1 and (low is None or high is None))
        or (not reading.excludes and re.search(r"\bor\b", text, _I))
    ):
        reading.unsure.add("prior_lines")
        return

    def build(cid: str) -> Criterion:
        if low is not None and high is not None:
            label = f"{low}–{high} prior lines" if low != high else f"Exactly {low} prior line(s)"
        elif low is not None:
            label = f"At least {low} prior line(s)"
        else:
            label = "No prior systemic therapy" if high == 0 else f"At most {high} prior lines"
        return PriorLinesCriterion(
            id=cid, label=label, min_lines=low, max_lines=high, source_text=reading.text
        )

    reading.add("prior_lines", build, *spans)


# --- prior therapy -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DrugTerm:
    pattern: re.Pattern[str]
    drug_class: DrugClass | None
    agent: str | None


def _term_pattern(term: str) -> str:
    parts = [re.escape(part) for part in re.split(r"[\s-]+", term)]
    return r"(?<![\w-])" + r"[\s-]*".join(parts) + r"(?:s\b|\b)"


@cache
def drug_terms() -> tuple[_DrugTerm, ...]:
    text = (
        resources.files("eligibility.ctgov")
        .joinpath("data/drug_class_terms.csv")
        .read_text("utf-8")
    )
    terms: list[_DrugTerm] = []
    for row in sorted(csv.DictReader(text.splitlines()), key=lambda r: -len(r["term"])):
        pattern = re.compile(_term_pattern(row["term"]), _I)
        if row["source"] == "generic name":
            terms.append(_DrugTerm(pattern, None, row["term"]))
        else:
            terms.append(_DrugTerm(pattern, DrugClass(row["drug_class"]), None))
    # "anti-PD-1/PD-L1", "PD-1 or PD-L1 inhibitors": both classes.
    both = re.compile(
        r"(?:anti[\s-]*)?PD[\s-]*1\s*(?:/|or|and/or|,)\s*(?:anti[\s-]*)?PD[\s-]*L[\s-]*1"
        r"(?=[\s-]*(?:inhibitor|antibod|blockade|blocking|target|directed|therap|agent|mab|"
        r"monoclonal|immunotherapy|treatment|\)))",
        _I,
    )
    terms.insert(0, _DrugTerm(both, DrugClass.ANTI_PD1, None))
    terms.insert(1, _DrugTerm(both, DrugClass.ANTI_PDL1, None))
    return tuple(terms)


_EXPOSURE = re.compile(
    r"\b(?:prior(?!\s+to\b)|previous(?:ly)?|received|receiving|treated|treatment with|therapy with|"
    r"exposure|exposed|pre-?treated|progress(?:ed|ion)|refractory|failed|failure|relapsed|"
    r"na[iï]ve)\b",
    _I,
)
_WASHOUT = re.compile(
    r"\bwithin\b|\d+\s*(?:days?|weeks?|months?|years?)\b|last dose|washout|concurrent|"
    r"concomitant|currently|ongoing|during|allerg|hypersensitiv|intoleran|contraindicat|"
    r"ineligible|unfit|unable|refus|adjuvant|neoadjuvant|maintenance|investigational|toxicit|"
    r"discontinu|associated|adverse|reaction|related|more than (?:\d|one|two|three)|\bif\b|"
    r"\bmay\b|\bavailable\b",
    _I,
)
_QUALIFIED_DRUG = re.compile(
    r"^[\s-]*(?:resistan|refractory|sensitiv|free|ineligible|eligible|deruxtecan|emtansine|"
    r"duocarmazine|biosimilar|govitecan)",
    _I,
)


def _read_prior_therapy(reading: _Reading) -> None:
    text = reading.text
    hits: list[tuple[int, int, DrugClass | None, str | None]] = []
    taken: list[tuple[int, int]] = []
    for term in drug_terms():
        for match in term.pattern.finditer(text):
            start, end = match.span()
            overlaps = any(start < e and s < end for s, e in taken)
            is_pair_second = term.drug_class is DrugClass.ANTI_PDL1 and (start, end) in taken
            if overlaps and not is_pair_second:
                continue
            if _QUALIFIED_DRUG.match(text[end:]):
                reading.unsure.add("prior_therapy")
                return
            taken.append((start, end))
            hits.append((start, end, term.drug_class, term.agent))
    if not hits:
        return
    first = min(start for start, _, _, _ in hits)
    near = text[max(0, first - 80) : first + 40]
    if (
        not _EXPOSURE.search(near)
        or _WASHOUT.search(text)
        or _HEDGES.search(text)
        or re.search(
            r"\bsetting\b|\bfor (?:the )?(?:treatment of )?(?:metastatic|advanced|recurrent|"
            r"locally advanced|early)",
            text,
            _I,
        )
    ):
        # A washout, a permission or a disease setting: not a plain "ever received".
        reading.unsure.add("prior_therapy")
        return
    negated = _negated_before(text, first, 80) or bool(re.search(r"na[iï]ve", text, _I))
    if reading.excludes and negated:
        reading.unsure.add("prior_therapy")  # "patients who have not received ..."
        return
    received = not (reading.excludes or negated)
    targets: list[tuple[DrugClass | None, str | None]] = []
    for _, _, drug_class, agent in sorted(hits):
        if (drug_class, agent) not in targets:
            targets.append((drug_class, agent))
    has_or = bool(re.search(r"\bor\b|/|,", text))
    has_and = bool(re.search(r"\band\b|\+|\bplus\b|\bwith\b", text, _I))
    spans = [(start, end) for start, end, _, _ in hits]
    if received and len(targets) == 1 and re.search(r"\bor\b|\beither\b", text, _I):
        reading.unsure.add("prior_therapy")  # an alternative we may not have recognised
        return
    if len(targets) > 1 and not (has_or or has_and):
        reading.unsure.add("prior_therapy")
        return
    if len(targets) > 1 and not received and has_and and not has_or:
        reading.unsure.add("prior_therapy")  # "not both" cannot be said with these models
        return
    if len(targets) > 1 and received and has_or and has_and:
        reading.unsure.add("prior_therapy")
        return

    def one(cid: str, drug_class: DrugClass | None, agent: str | None) -> PriorTherapyCriterion:
        name = agent if agent is not None else _CLASS_LABELS.get(drug_class, str(drug_class))
        label = f"Prior {name} therapy" if received else f"No prior {name} therapy"
        return PriorTherapyCriterion(
            id=cid,
            label=label,
            drug_class=drug_class,
            agent=agent,
            received=received,
            source_text=text,
        )

    if received and len(targets) > 1 and has_or:

        def build_any(cid: str) -> Criterion:
            children = tuple(
                one(f"{cid}{chr(ord('a') + i)}", dc, ag) for i, (dc, ag) in enumerate(targets)
            )
            return AnyOfCriterion(
                id=cid,
                label=" or ".join(child.label for child in children),
                criteria=children,
                source_text=text,
            )

        reading.add("prior_therapy", build_any, *spans)
        return
    for drug_class, agent in targets:
        reading.add(
            "prior_therapy", functools.partial(_one_therapy, one, drug_class, agent), *spans
        )


def _one_therapy(
    one: Callable[[str, DrugClass | None, str | None], PriorTherapyCriterion],
    drug_class: DrugClass | None,
    agent: str | None,
    cid: str,
) -> Criterion:
    return one(cid, drug_class, agent)


def _with_id(criterion: LabCriterion, cid: str) -> Criterion:
    return criterion.model_copy(update={"id": cid})


_CLASS_LABELS: dict[DrugClass | None, str] = {
    DrugClass.PLATINUM: "platinum-based",
    DrugClass.ANTI_PD1: "anti-PD-1",
    DrugClass.ANTI_PDL1: "anti-PD-L1",
    DrugClass.ANTI_CTLA4: "anti-CTLA-4",
    DrugClass.IMMUNE_CHECKPOINT_INHIBITOR: "immune checkpoint inhibitor",
    DrugClass.TAXANE: "taxane",
    DrugClass.ANTHRACYCLINE: "anthracycline",
    DrugClass.CDK46_INHIBITOR: "CDK4/6 inhibitor",
    DrugClass.PARP_INHIBITOR: "PARP inhibitor",
    DrugClass.EGFR_TKI: "EGFR TKI",
    DrugClass.ANTI_HER2: "anti-HER2",
    DrugClass.ANTI_VEGF: "anti-VEGF",
}


# --- QTc -----------------------------------------------------------------------------------------

_QTC = re.compile(r"\bQTc[FB]?\b|\bQT[cC]?\s*interval\b|\bcorrected QT\b|\bQT\s*\(QTc[FB]?\)", _I)
_MS_VALUE = re.compile(
    r"(?:(?P<le>≤|<=|=<)|(?P<ge>≥|>=|=>)|(?P<lt><|less than|below)|"
    r"(?P<gt>>|greater than|more than|longer than|above|exceeding|exceeds|over))\s*"
    r"(?P<value>\d{3})\s*(?:ms|msec|milliseconds?)?",
    _I,
)
_MALE = re.compile(r"\b(?:males?|men)\b", _I)
_FEMALE = re.compile(r"\b(?:females?|women)\b", _I)


def _read_qtc(reading: _Reading) -> None:
    text = reading.text
    match = _QTC.search(text)
    if match is None:
        return
    window_start = match.start()
    window = text[window_start : window_start + 160]
    limits: list[tuple[int, float]] = []  # (position, allowed maximum)
    for value_match in _MS_VALUE.finditer(window):
        value = float(value_match.group("value"))
        if not 300 <= value <= 700:
            continue
        written: Comparator = (
            "<="
            if value_match.group("le")
            else ">="
            if value_match.group("ge")
            else "<"
            if value_match.group("lt")
            else ">"
        )
        op = negate(written) if reading.excludes else written
        if op not in {"<=", "<"}:
            reading.unsure.add("qtc")
            return
        limits.append((value_match.start(), value if op == "<=" else value - 1))
    if (
        not limits
        or len(limits) > 2
        or _HEDGES.search(text)
        or re.search(
            r"\bonly\b|\bif\b|to be treated|receiving|treated with|\bfor (?:patients|participants|"
            r"subjects)\b|\bin (?:patients|participants|subjects)\b|\bappl(?:y|ies)\b",
            text,
            _I,
        )
    ):
        reading.unsure.add("qtc")
        return
    if len(limits) == 1:
        male = female = limits[0][1]
    else:
        words = sorted(
            [(m.start(), "male") for m in _MALE.finditer(window)]
            + [(m.start(), "female") for m in _FEMALE.finditer(window)]
        )
        assigned: dict[str, float] = {}
        for position, limit in limits:
            # "> 450 ms for males" names the sex after the value; "males: > 450 ms" before it.
            after = [sex for start, sex in words if position < start <= position + 25]
            before = [sex for start, sex in words if start < position]
            sex = after[0] if after else before[-1] if before else None
            if sex is None:
                reading.unsure.add("qtc")
                return
            assigned[sex] = limit
        if len(assigned) != 2:
            reading.unsure.add("qtc")
            return
        male, female = assigned["male"], assigned["female"]

    def build(cid: str) -> Criterion:
        label = (
            f"QTc ≤ {male:g} ms"
            if male == female
            else f"QTc ≤ {male:g} ms (men), ≤ {female:g} ms (women)"
        )
        return QTcCriterion(
            id=cid, label=label, max_ms_male=male, max_ms_female=female, source_text=text
        )

    reading.add("qtc", build, (window_start, window_start + len(window)))


# --- labs ----------------------------------------------------------------------------------------

_ANALYTE_WORDS: tuple[tuple[Analyte | None, str], ...] = (
    (Analyte.ANC, r"absolute neutrophil count|\bANC\b|neutrophils?(?: count)?|granulocytes?"),
    (Analyte.PLATELETS, r"platelets?(?: count)?|\bPLT\b|thrombocytes?"),
    (Analyte.HEMOGLOBIN, r"ha?emoglobin|\bHgb\b|\bHb\b"),
    (
        Analyte.CREATININE_CLEARANCE,
        r"(?:calculated |measured |estimated )?creatinine clearance|\bCrCl\b|\bCLcr\b",
    ),
    (Analyte.EGFR, r"\beGFR\b|(?:estimated )?glomerular filtration rate|\bGFR\b"),
    (Analyte.CREATININE, r"(?:serum )?creatinine(?!\s*clearance)|\bsCr\b|\bCr\b"),
    (Analyte.TOTAL_BILIRUBIN, r"(?:total |serum )?bilirubin|\bTBIL\b"),
    (Analyte.AST, r"aspartate\s*(?:amino\s*)?trans(?:fer|amin)ase|\bAST\b|\bSGOT\b"),
    (Analyte.ALT, r"alanine\s*(?:amino\s*)?trans(?:fer|amin)ase|\bALT\b|\bSGPT\b"),
    # Words that end a lab's window but are not read.
    (
        None,
        r"(?:direct|conjugated|indirect) bilirubin|albumin|\bINR\b|\bPT\b|\baPTT\b|\bPTT\b|"
        r"alkaline phosphatase|\bALP\b|lipase|amylase|potassium|magnesium|calcium|sodium|"
        r"proteinuria|urine protein|white blood cells?|\bWBC\b|lymphocytes?|leukocytes?|GGT|"
        r"troponin|\bLVEF\b|ejection fraction|glucose|HbA1c|transaminases|liver enzymes|"
        r"\bTSH\b|testosterone|\bPSA\b|\bLDH\b",
    ),
)
_ANALYTE = re.compile(
    "|".join(f"(?P<a{i}>{words})" for i, (_, words) in enumerate(_ANALYTE_WORDS)), _I
)
_CONDITIONAL = re.compile(
    r"\bif\b|\bfor (?:patients|subjects|participants)\b|\bin (?:patients|subjects|"
    r"participants|the presence|case)\b|\bunless\b|\bexcept\b|\bwith (?:liver|hepatic|bone|"
    r"known|documented)\b|gilbert|metasta|\bwithout\b|transfus|growth factor|\bG-?CSF\b|"
    r"\bsupport\b|\bwith\b|\bfor (?!age\b)|\bonly\b|\ballowed\b|\bpermitted\b|\bmay\b|"
    r"\bcorrected\b|\badjusted\b|\blikely\b|\bexpected\b|\banticipated\b",
    _I,
)
_ULN = re.compile(
    r"^\s*(?:x|×|\*|times|fold)\s*(?:the\s+)?(?:institutional\s+|upper\s+)?"
    r"(?:ULN|IULN|UNL|upper limit(?:s)? of (?:the )?normal|upper normal limit|the upper limit)",
    _I,
)
_BARE_ULN = re.compile(
    r"(?:(?P<le>≤|<=|=<|less than or equal to|within|not? (?:more|greater|higher) than)|"
    r"(?P<gt>>|greater than|above|exceeding)|(?P<lt><|less than|below))\s*(?:the\s+)?"
    r"(?:institutional\s+)?(?:ULN|IULN|UNL|upper limits? of (?:the )?normal)",
    _I,
)
_PER_UL = re.compile(
    r"^\s*(?:cells?\s*)?(?:/|per\s*)\s*(?:µ|μ|u|mc)L|^\s*(?:cells?\s*)?(?:/|per\s*)\s*mm\s*(?:3|³|\^3)|^\s*/\s*cu\.?\s*mm",
    _I,
)
_PER_NL = re.compile(
    r"^\s*(?:x|×|\*)?\s*10\s*(?:\^|e|\*\*)?\s*(?:3|³)\s*(?:cells?\s*)?/\s*(?:µ|μ|u|mc)?L|"
    r"^\s*(?:x|×|\*)?\s*10\s*(?:\^|e|\*\*)?\s*(?:9|⁹)\s*(?:cells?\s*)?/\s*L|^\s*K\s*/\s*(?:µ|μ|u)L|"
    r"^\s*G\s*/\s*L|^\s*(?:x|×)\s*10\s*(?:3|³)\s*/\s*mm\s*(?:3|³)",
    _I,
)
_G_DL = re.compile(r"^\s*g\s*/\s*dL", _I)
_G_L = re.compile(r"^\s*g\s*/\s*L", _I)
_MMOL_L = re.compile(r"^\s*mmol\s*/\s*L", _I)
_MG_DL = re.compile(r"^\s*mg\s*/\s*dL", _I)
_UMOL_L = re.compile(r"^\s*(?:µ|μ|u|mc)mol\s*/\s*L", _I)
_ML_MIN = re.compile(r"^\s*m[lL]\s*/\s*min", _I)
_U_L = re.compile(r"^\s*(?:U|IU)\s*/\s*L", _I)


def _convert(analyte: Analyte, value: float, after: str) -> tuple[float | None, float | None]:
    """(value in the canonical unit, None) or (None, times ULN); (None, None) when unsure."""
    if re.match(r"\s*(?:%|percent|days?|weeks?|months?|hours?|years?)\b|\s*%", after, _I):
        return None, None
    uln = _ULN.match(after)
    if uln is not None:
        if (
            analyte
            in {
                Analyte.CREATININE,
                Analyte.TOTAL_BILIRUBIN,
                Analyte.AST,
                Analyte.ALT,
            }
            and 0 < value <= 20
        ):
            return None, value
        return None, None
    if analyte in {Analyte.ANC, Analyte.PLATELETS}:
        if _PER_NL.match(after):
            return value, None
        if _PER_UL.match(after):
            return value / 1000, None
        if re.match(r"^\s*(?:x|×|\*|/)", after):
            return None, None  # some other unit
        if analyte is Analyte.ANC:
            return (
                (value / 1000, None)
                if value >= 100
                else (value, None)
                if value <= 20
                else (None, None)
            )
        return (
            (value / 1000, None)
            if value >= 10000
            else (value, None)
            if 10 <= value <= 1000
            else (None, None)
        )
    if analyte is Analyte.HEMOGLOBIN:
        if _G_DL.match(after):
            return value, None
        if _G_L.match(after):
            return value / 10, None
        if _MMOL_L.match(after):
            return round(value * 1.611, 1), None
        if re.match(r"^\s*[a-zµμ/]", after, _I):
            return None, None
        return (
            (value, None)
            if 5 <= value <= 20
            else (value / 10, None)
            if 50 <= value <= 200
            else (None, None)
        )
    if analyte in {Analyte.CREATININE, Analyte.TOTAL_BILIRUBIN}:
        if _MG_DL.match(after):
            return value, None
        if _UMOL_L.match(after):
            factor = 88.42 if analyte is Analyte.CREATININE else 17.1
            return round(value / factor, 2), None
        if re.match(r"^\s*[a-zµμ/]", after, _I):
            return None, None
        return (value, None) if 0 < value <= 5 else (None, None)
    if analyte in {Analyte.CREATININE_CLEARANCE, Analyte.EGFR}:
        if _ML_MIN.match(after) or not re.match(r"^\s*[a-zµμ/%]", after, _I):
            return (value, None) if 10 <= value <= 200 else (None, None)
        return None, None
    if _U_L.match(after):
        return value, None
    return None, None


_PLAUSIBLE: dict[Analyte, tuple[float, float]] = {
    Analyte.ANC: (0.1, 10),
    Analyte.PLATELETS: (5, 500),
    Analyte.HEMOGLOBIN: (4, 18),
    Analyte.CREATININE: (0.2, 6),
    Analyte.CREATININE_CLEARANCE: (10, 150),
    Analyte.EGFR: (10, 150),
    Analyte.TOTAL_BILIRUBIN: (0.1, 10),
    Analyte.AST: (5, 1000),
    Analyte.ALT: (5, 1000),
}
"""Thresholds outside these ranges (canonical units) are typos or misreadings: not used."""

_LAB_NAMES = {
    Analyte.ANC: "ANC",
    Analyte.PLATELETS: "Platelets",
    Analyte.HEMOGLOBIN: "Haemoglobin",
    Analyte.CREATININE: "Creatinine",
    Analyte.CREATININE_CLEARANCE: "Creatinine clearance",
    Analyte.EGFR: "eGFR",
    Analyte.TOTAL_BILIRUBIN: "Total bilirubin",
    Analyte.AST: "AST",
    Analyte.ALT: "ALT",
}
_SYMBOLS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def _read_labs(reading: _Reading) -> None:
    text = reading.text
    mentions: list[tuple[int, int, Analyte | None]] = []
    for match in _ANALYTE.finditer(text):
        index = int(next(name for name, value in match.groupdict().items() if value)[1:])
        mentions.append((match.start(), match.end(), _ANALYTE_WORDS[index][0]))
    if not mentions:
        return
    # Group mentions joined by connectors only: "AST/ALT", "AST (SGOT) and ALT (SGPT)".
    groups: list[list[tuple[int, int, Analyte | None]]] = []
    for mention in mentions:
        if groups:
            gap = text[groups[-1][-1][1] : mention[0]]
            if re.fullmatch(r"[\s/,()&]*(?:and|or|and/or)?[\s/,()&]*", gap, _I):
                groups[-1].append(mention)
                continue
        groups.append([mention])
    # A threshold relaxed elsewhere in the item ("≤ 5 × ULN with liver metastases", Gilbert's
    # syndrome) is not one threshold: those analytes are left for review.
    blocked: set[Analyte] = set()
    if re.search(r"\b(?:likely|expected|anticipated)\b", text, _I):
        blocked |= set(Analyte)  # a lab value the patient is expected to reach, not has
    if re.search(r"(?:liver|hepatic)\s+(?:metasta|involvement|lesion)", text, _I):
        blocked |= {Analyte.AST, Analyte.ALT, Analyte.TOTAL_BILIRUBIN}
    if re.search(r"gilbert", text, _I):
        blocked.add(Analyte.TOTAL_BILIRUBIN)
    if re.search(r"bone marrow (?:involvement|infiltration)|marrow involvement", text, _I):
        blocked |= {Analyte.ANC, Analyte.PLATELETS, Analyte.HEMOGLOBIN}
    results: list[tuple[int, int, list[LabCriterion] | None]] = []  # (start, end, criteria)
    for index, group in enumerate(groups):
        analytes = [a for _, _, a in group if a is not None]
        if not analytes:
            continue
        if blocked.intersection(analytes):
            reading.unsure.add("lab")
            results.append((group[0][0], group[-1][1], None))
            continue
        start = group[-1][1]
        end = groups[index + 1][0][0] if index + 1 < len(groups) else len(text)
        window = text[start:end]
        cut = re.search(r"\.\s|\.$", window)
        window = window[: cut.start()] if cut else window
        # The clause before the lab name: "for participants with creatinine above ULN".
        clause = re.split(r"[,;.:]\s", text[: group[0][0]])[-1]
        criteria: list[LabCriterion] | None = None
        consumed = 0
        if (
            not any(a is None for _, _, a in group)
            and not _CONDITIONAL.search(window)
            and not _CONDITIONAL.search(clause)
        ):
            read = _lab_criteria(sorted(set(analytes), key=analytes.index), window, reading)
            if read is not None:
                criteria, consumed = read
        if criteria is None:
            reading.unsure.add("lab")
        results.append((group[0][0], start + (consumed or len(window)), criteria))
    # Groups joined by "or" form one chain: alternatives in an inclusion item (any of them),
    # each excluded in an exclusion item. A chain with an unreadable member is not read at all.
    chains: list[list[tuple[int, int, list[LabCriterion] | None]]] = []
    for position, result in enumerate(results):
        gap = text[results[position - 1][1] : result[0]] if position else ""
        if chains and re.search(r"\bor\b", gap, _I):
            chains[-1].append(result)
        else:
            chains.append([result])
    for chain in chains:
        if any(criteria is None for _, _, criteria in chain):
            continue
        readable = [(start, end, criteria) for start, end, criteria in chain if criteria]
        spans = [(start, end) for start, end, _ in readable]
        members = [criterion for _, _, criteria in readable for criterion in criteria]
        if len(chain) > 1 and not reading.excludes:

            def build_any(cid: str, members: list[LabCriterion] = members) -> Criterion:
                children = tuple(
                    member.model_copy(update={"id": f"{cid}{chr(97 + offset)}"})
                    for offset, member in enumerate(members)
                )
                return AnyOfCriterion(
                    id=cid,
                    label=" or ".join(child.label for child in children),
                    criteria=children,
                    source_text=text,
                )

            reading.add("lab", build_any, *spans)
            continue
        for criterion in members:
            reading.add("lab", functools.partial(_with_id, criterion), *spans)


def _lab_criteria(
    analytes: list[Analyte], window: str, reading: _Reading
) -> tuple[list[LabCriterion], int] | None:
    """The criteria for `analytes` from the threshold that follows them, and where it ends."""
    bare = _BARE_ULN.search(window)
    stated = find_constraint(window, allow_bare=False)
    if stated is not None and (bare is None or stated.start <= bare.start()):
        if stated.kind != "cmp" or stated.op is None:
            return None
        op: Comparator = negate(stated.op) if reading.excludes else stated.op
        value: float = stated.value
        after = window[stated.end :]
        consumed = stated.end
    elif bare is not None:
        written: Comparator = "<=" if bare.group("le") else ">" if bare.group("gt") else "<"
        op = negate(written) if reading.excludes else written
        value, after = 1.0, " x ULN"
        consumed = bare.end()
    else:
        return None
    criteria: list[LabCriterion] = []
    for analyte in analytes:
        canonical, times_uln = _convert(analyte, value, after)
        if canonical is None and times_uln is None:
            return None
        if (
            canonical is not None
            and not _PLAUSIBLE[analyte][0] <= canonical <= _PLAUSIBLE[analyte][1]
        ):
            return None
        if canonical is not None:
            label = f"{_LAB_NAMES[analyte]} {_SYMBOLS[op]} {canonical:g} {CANONICAL_UNITS[analyte]}"
        else:
            label = f"{_LAB_NAMES[analyte]} {_SYMBOLS[op]} {times_uln:g} × ULN"
        criteria.append(
            LabCriterion(
                id="lab",
                label=label,
                analyte=analyte,
                comparator=op,
                value=canonical,
                unit=CANONICAL_UNITS[analyte] if canonical is not None else None,
                times_uln=times_uln,
                source_text=reading.text,
            )
        )
    return criteria, consumed


# --- comorbidities -------------------------------------------------------------------------------

_COMORBIDITIES: tuple[tuple[str, Comorbidity, re.Pattern[str], str], ...] = (
    (
        "brain_metastases",
        Comorbidity.BRAIN_METASTASES,
        re.compile(
            r"\b(?:brain|cns|central nervous system|intracranial|cerebral)\s+"
            r"(?:metastas[ie]s|mets|metastatic disease|metastatic lesions?)|"
            r"\bmetasta\w*\s+(?:disease\s+)?(?:to|in|of|involving)\s+(?:the\s+)?"
            r"(?:brain|cns|central nervous system)\b",
            _I,
        ),
        "No brain metastases",
    ),
    (
        "hiv",
        Comorbidity.HIV,
        re.compile(r"\bHIV\b|human immunodeficiency virus|\bAIDS\b", _I),
        "No HIV infection",
    ),
    (
        "hepatitis",
        Comorbidity.HEPATITIS_B,
        re.compile(r"\bhepatitis\s*B\b|\bHBV\b|\bHBsAg\b", _I),
        "No hepatitis B infection",
    ),
    (
        "hepatitis",
        Comorbidity.HEPATITIS_C,
        re.compile(r"\bhepatitis\s*C\b|\bHCV\b|\bhepatitis\s*B\s*(?:or|and|and/or|/|,)\s*C\b", _I),
        "No hepatitis C infection",
    ),
)
_PREGNANT = re.compile(r"\bpregnan(?:t|cy)\b", _I)
_PREGNANCY_EXCLUSION = re.compile(
    r"\bpregnant (?:or|and|and/or|/)\s*(?:breast|lactat|nursing)|"
    r"\b(?:are|is|be|currently|being)\s+pregnant\b|\bpregnant (?:women|females|patients)\b|"
    r"^\s*pregnan(?:t|cy)\b|\bpregnancy (?:or|and|and/or|/)\s*(?:breast|lactat|nursing)",
    _I,
)
_PREGNANCY_TEST = re.compile(
    r"\bnegative (?:serum |urine |urinary |blood )*(?:or urine |or serum )?"
    r"(?:β-?hCG |beta-?hCG |b-?hCG |hCG )?pregnancy test\b|\bmust not be pregnant\b",
    _I,
)


_COMORBIDITY_DOUBT = re.compile(
    r"with or without|and/or|larger|greater than|\d\s*(?:cm|mm)\b|exception|seizure|"
    r"uncontrolled|poorly controlled|not controlled|viral load|\bCD4\b|AIDS-defining|"
    r"opportunistic|must be|may\b|provided|\bif\b",
    _I,
)


def _read_comorbidities(reading: _Reading) -> None:
    text = reading.text
    first_sentence = re.split(r"\.\s", text, maxsplit=1)[0]
    for name, condition, pattern, label in _COMORBIDITIES:
        match = pattern.search(text)
        if match is None:
            continue
        negated = _negated_before(text, match.start(), 60 if reading.excludes else 25)
        # Brain metastases: "Active brain metastases. Treated, stable ones are allowed." keeps
        # its meaning (the criterion is about active disease); an infection allowed under
        # conditions anywhere in the item ("HIV ... can enroll if CD4 >= 350") does not.
        scope = (
            first_sentence
            if name == "brain_metastases"
            else " ".join(
                sentence for sentence in re.split(r"\.\s", text) if pattern.search(sentence)
            )
        )
        if (
            _COMORBIDITY_DOUBT.search(scope)
            or _HEDGES.search(scope)
            or re.search(r"can enrol", scope, _I)
        ):
            reading.unsure.add(name)
            continue
        if reading.excludes == negated:
            # Inclusion without "no ..." (HIV-positive patients are eligible) or exclusion with a
            # negation ("patients without ...") is not a plain "must not have".
            reading.unsure.add(name)
            continue
        if (
            reading.excludes
            and re.search(r"\b(?:eligible|allowed|permitted)\b", text, _I)
            and name != "brain_metastases"
        ):
            reading.unsure.add(name)
            continue
        reading.add(name, _comorbidity(condition, label, text), _span_of(match))
    pregnant = _PREGNANT.search(text)
    if pregnant is None:
        return
    planning_only = re.search(r"become pregnant", text, _I) and not re.search(
        r"\b(?:are|is|currently)\s+pregnant|^\s*pregnan|pregnant (?:women|females)", text, _I
    )
    if reading.excludes and _PREGNANCY_EXCLUSION.search(text) and not planning_only:
        reading.add(
            "pregnancy",
            _comorbidity(Comorbidity.PREGNANCY, "Not pregnant", text),
            _span_of(pregnant),
        )
    elif not reading.excludes and (test := _PREGNANCY_TEST.search(text)):
        reading.add(
            "pregnancy", _comorbidity(Comorbidity.PREGNANCY, "Not pregnant", text), _span_of(test)
        )
    else:
        reading.unsure.add("pregnancy")


def _comorbidity(condition: Comorbidity, label: str, text: str) -> Callable[[str], Criterion]:
    def build(cid: str) -> Criterion:
        return ComorbidityCriterion(id=cid, label=label, condition=condition, source_text=text)

    return build


# --- items ---------------------------------------------------------------------------------------

_READERS: tuple[Callable[[_Reading], None], ...] = (
    _read_performance,
    _read_age,
    _read_metastatic,
    _read_stage,
    _read_prior_lines,
    _read_prior_therapy,
    _read_qtc,
    _read_labs,
    _read_comorbidities,
)
_FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "as",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "has",
        "have",
        "had",
        "must",
        "should",
        "will",
        "shall",
        "can",
        "may",
        "any",
        "all",
        "each",
        "either",
        "both",
        "than",
        "that",
        "this",
        "these",
        "those",
        "who",
        "which",
        "patient",
        "patients",
        "subject",
        "subjects",
        "participant",
        "participants",
        "person",
        "people",
        "individual",
        "individuals",
        "woman",
        "women",
        "man",
        "men",
        "male",
        "female",
        "males",
        "females",
        "he",
        "she",
        "his",
        "her",
        "their",
        "they",
        "them",
        "known",
        "history",
        "evidence",
        "presence",
        "documented",
        "confirmed",
        "current",
        "currently",
        "active",
        "untreated",
        "symptomatic",
        "clinically",
        "significant",
        "uncontrolled",
        "adequate",
        "organ",
        "function",
        "functions",
        "defined",
        "following",
        "follows",
        "value",
        "values",
        "level",
        "levels",
        "laboratory",
        "lab",
        "test",
        "tests",
        "serum",
        "plasma",
        "blood",
        "count",
        "counts",
        "score",
        "status",
        "performance",
        "scale",
        "eastern",
        "cooperative",
        "oncology",
        "group",
        "ecog",
        "who",
        "kps",
        "karnofsky",
        "zubrod",
        "upper",
        "limit",
        "limits",
        "normal",
        "uln",
        "iuln",
        "institutional",
        "times",
        "equal",
        "less",
        "greater",
        "more",
        "higher",
        "lower",
        "least",
        "most",
        "than",
        "no",
        "not",
        "without",
        "none",
        "prior",
        "previous",
        "previously",
        "receipt",
        "received",
        "receive",
        "therapy",
        "therapies",
        "treatment",
        "treatments",
        "agent",
        "agents",
        "drug",
        "drugs",
        "regimen",
        "regimens",
        "line",
        "lines",
        "systemic",
        "infection",
        "infected",
        "positive",
        "negative",
        "disease",
        "diseases",
        "stage",
        "metastatic",
        "metastases",
        "metastasis",
        "distant",
        "years",
        "year",
        "old",
        "age",
        "aged",
        "ms",
        "msec",
        "milliseconds",
        "mg",
        "dl",
        "ml",
        "min",
        "mm3",
        "mmol",
        "umol",
        "µmol",
        "per",
        "cells",
        "cell",
        "defined",
        "within",
        "days",
        "day",
        "weeks",
        "week",
        "prior",
        "registration",
        "enrollment",
        "enrolment",
        "randomization",
        "randomisation",
        "screening",
        "baseline",
        "study",
        "entry",
        "first",
        "dose",
        "start",
        "also",
        "including",
        "include",
        "includes",
        "such",
        "e",
        "g",
        "i",
        "e",
        "etc",
        "ie",
        "eg",
        "based",
        "chemotherapy",
        "inhibitor",
        "inhibitors",
        "antibody",
        "antibodies",
        "interval",
        "qt",
        "qtc",
        "qtcf",
        "corrected",
        "fridericia",
        "formula",
        "hepatitis",
        "virus",
        "hiv",
        "hbv",
        "hcv",
        "brain",
        "cns",
        "central",
        "nervous",
        "system",
        "evidence",
        "pregnant",
        "pregnancy",
        "test",
        "tests",
        "calculated",
        "estimated",
        "measured",
        "using",
        "method",
        "either",
    ]
)


def _leftover_words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    kept = []
    last = 0
    for start, end in sorted(spans):
        if start > last:
            kept.append(text[last:start])
        last = max(last, end)
    kept.append(text[last:])
    words = re.findall(r"[A-Za-z][A-Za-z'-]+", " ".join(kept))
    return [w for w in words if len(w) > 2 and w.casefold().strip("'-") not in _FILLER]


_COHORT_SPECIFIC = re.compile(
    r"(?<!all )(?<!All )\b(?:[Pp]arts?|[Cc]ohorts?|[Aa]rms?|[Gg]roups?|[Ss]ubstud(?:y|ies))\s+"
    r"(?:[A-Z]\d{0,2}[a-z]?|\d{1,2}[A-Za-z]?|I{1,3}V?[A-Z]?)"
    r"(?:\s*(?:and|or|,|&|/|-)\s*(?:[A-Z]\d{0,2}|\d{1,2}))*\s*(?::|only\b|\)|,)|"
    r"(?i:\b(?:cohorts?|sub-?stud(?:y|ies)|dose[- ]expansion|expansion|dose[- ]escalation|"
    r"escalation)\b)|"
    r"(?i:^\s*phase\s+(?:I{1,3}|\d)[ab]?\s*:)|"
    r"(?i:^\s*(?:for\s+)?(?:patients|participants|subjects)\s+(?:with|without|who|in)\b[^:]{0,80}:)"
)


def clean(text: str) -> str:
    """Undo the registry's Markdown escapes ("\\>=" is ">="); the text read, not the quote."""
    return re.sub(r"\\([<>*_\[\]()#+.!-])", r"\1", text)


def _requote(criterion: Criterion, source: str) -> Criterion:
    update: dict[str, Any] = {"source_text": source}
    if isinstance(criterion, AnyOfCriterion):
        update["criteria"] = tuple(_requote(child, source) for child in criterion.criteria)
    return criterion.model_copy(update=update)


def extract_item(item: EligibilityItem, id_prefix: str) -> ItemOutcome:
    """Read one item: its structured criteria, plus a free_text criterion when needed."""
    reading = _Reading(clean(item.text), item.excludes)
    if _COHORT_SPECIFIC.search(reading.text) or (
        item.context is not None
        and (
            _COHORT_SPECIFIC.search(item.context)
            or _HEDGES.search(item.context)
            or re.search(r"\bif\b|provided|exception", item.context, _I)
        )
    ):
        reading.unsure.add("cohort")  # "Part C: ...", "Cohort 2 only": not for every patient
    else:
        for reader in _READERS:
            reader(reading)
    criteria: list[Criterion] = []
    for index, found in enumerate(reading.found, start=1):
        criteria.append(_requote(found.build(f"{id_prefix}-{index}"), item.text))
    leftover = _leftover_words(reading.text, reading.spans)
    needs_review = not criteria or bool(reading.unsure) or len(leftover) > 2
    if needs_review:
        criteria.append(
            FreeTextCriterion(
                id=f"{id_prefix}-text",
                label=_review_label(item),
                section=item.section,
                text=item.text if item.context is None else f"{item.context} {item.text}",
                source_text=item.text,
            )
        )
    criteria = [
        c.model_copy(update={"section": item.section}) if c.section != item.section else c
        for c in criteria
    ]
    return ItemOutcome(
        item=item,
        criteria=tuple(criteria),
        fields=tuple(dict.fromkeys(found.field for found in reading.found)),
        unsure=tuple(sorted(reading.unsure)),
        free_text=needs_review,
    )


def _review_label(item: EligibilityItem) -> str:
    prefix = "Exclusion" if item.section == "exclusion" else "Inclusion"
    text = " ".join(item.text.split())
    short = text if len(text) <= 90 else text[:89].rstrip() + "…"
    return f"{prefix} (review): {short}"


def extract(
    eligibility_module: Mapping[str, Any] | None, *, include_api_fields: bool = True
) -> Extraction:
    """All criteria for one study's `eligibilityModule` (API fields first, then the text)."""
    module = eligibility_module or {}
    api = api_criteria(module) if include_api_fields else []
    api_fields = tuple(c.type for c in api)
    api_age = next((c for c in api if isinstance(c, AgeCriterion)), None)
    outcomes: list[ItemOutcome] = []
    criteria: list[Criterion] = list(api)
    for item in split_eligibility(module.get("eligibilityCriteria")):
        prefix = f"{'inc' if item.section == 'inclusion' else 'exc'}{item.number}"
        outcome = extract_item(item, prefix)
        kept = tuple(c for c in outcome.criteria if not _same_age(c, api_age))
        if api_age is not None and kept != outcome.criteria:
            # The text only repeats minimumAge/maximumAge: quote the sentence on that criterion.
            quoted = api_age.model_copy(update={"source_text": item.text})
            criteria[criteria.index(api_age)] = quoted
            api_age = quoted
        outcomes.append(
            ItemOutcome(outcome.item, kept, outcome.fields, outcome.unsure, outcome.free_text)
        )
        criteria.extend(kept)
    return Extraction(tuple(criteria), tuple(outcomes), api_fields)


def _same_age(criterion: Criterion, api_age: AgeCriterion | None) -> bool:
    """An age read from the text that only repeats the API's minimumAge/maximumAge."""
    if api_age is None or not isinstance(criterion, AgeCriterion):
        return False
    return all(
        mine is None or mine == theirs
        for mine, theirs in (
            (criterion.min_years, api_age.min_years),
            (criterion.max_years, api_age.max_years),
        )
    )


__all__ = [
    "FIELDS",
    "Extraction",
    "ItemOutcome",
    "age_in_years",
    "api_criteria",
    "extract",
    "extract_item",
]
