"""Stage (TNM categories and stage group) and the metastatic status, per cancer.

Which records are stages and how their values read (codes, Chinese and TNM text, editions): rule
STG-TEXT; which cancer a stage belongs to: STG-OWNER; what a stage group says about M per cancer
and edition: STG-EDITION (table `eligibility/data/stage_groups.csv`); the metastatic status and
`metastatic_since`: STG-METASTATIC; a retreatment stage (rTNM): STG-RESTAGED-RECURRENCE. All in
docs/clinical-rules.md. Stages dated after `as_of` are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from eligibility.facts import (
    DE_NOVO_DAYS,
    RECURRED_STATUS,
    UNCONFIRMED_VERIFICATION,
    CancerDiagnosis,
    MetastaticStatus,
    Stage,
)
from eligibility.stage_groups import implied_m
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import StageKind
from fhir_mapping.chronology import to_date
from fhir_mapping.diagnoses import (
    DiagnosisReading,
    SecondaryMalignancy,
    condition_onset,
    only_cancer,
    usable_condition,
)
from fhir_mapping.diagnosis_words import UNCONFIRMED
from fhir_mapping.elements import coded, get, items
from fhir_mapping.lines import Restart
from fhir_mapping.observations import IGNORED_STATUS, observation_date
from fhir_mapping.parsing import Parsed
from fhir_mapping.recurrence_words import says_recurred, says_where_it_recurred
from fhir_mapping.spread_words import SECONDARY_NODES
from fhir_mapping.terminology import CodedText, observation_table

# AJCC's retreatment classification: "rT0N0M1", "rcM1", "rTNM" (STG-RESTAGED-RECURRENCE).
_RESTAGED = re.compile(r"(?<![A-Za-z])r[cpy]?[TNM](?:is|[0-4X])|\brTNM\b")
_ROMAN = {"0": "0", "1": "I", "2": "II", "3": "III", "4": "IV"}
_PREFIX = r"(?<![A-Za-z])([cpyra]{1,2})?"
_CATEGORY = {
    "t": re.compile(_PREFIX + r"T(is|X|x|[0-4])([a-d])?(?=[NM]|[^A-Za-z]|$)"),
    "n": re.compile(_PREFIX + r"N(X|x|[0-3])([a-c])?(?=M|[^A-Za-z]|$)"),
    "m": re.compile(_PREFIX + r"M(X|x|[01])([a-d])?(?=[^A-Za-z]|$)"),
}
# A category written straight after one ending in a letter ("TXNXM1", "cTxN2M1", "T4N3bM1",
# "T4bN3M1"): the next starts where the last ends (STG-TEXT), though a letter precedes it.
_JOINED = re.compile(
    r"(?:(?<=T[xX])|(?<=Tis)|(?<=N[xX])|(?<=[0-4][a-d]))(?=[cpyra]{0,2}[NM][0-4xX])"
)
_BARE_CATEGORY = re.compile(r"^([cpyra]{1,2})?(is|X|x|[0-4])([a-d])?$")
# A group's letter may follow a hyphen, as typed stage fields write it: "Stage IV-B", "IV–A"
# (STG-TEXT, twenty-eighth session).
_GROUP_CODE = re.compile(
    r"^(?:stage\s*)?([cpyra]{1,2})?\s*(IV|III|II|I|0|[1-4])\s*(?:[-–]\s*)?([ABC][12]?)?$", re.I
)
_GROUP_TEXT = re.compile(
    r"(?:stage|分期)\s*[:：]?\s*([cpyra]{1,2})?(IV|III|II|I|0|[1-4])\s*(?:[-–]\s*)?([ABC][12]?)?"
    r"(?![A-Za-z0-9])",
    re.I,
)
# "IVB期", and with a space or hyphen before the letter: "Ⅳ B期", "IV-B期" (STG-TEXT).
_GROUP_CN = re.compile(r"(IV|III|II|I|[1-4])(?:[\s-]?([ABC]))?\s*期", re.I)
# STG-EDITION: "8th edition", "7th ed", "ninth version", "第8版", "7版", and as staging software
# abbreviates it beside the system's name: "AJCC 7th", "7th AJCC/UICC", "AJCC7", "AJCC v7",
# "AJCC/UICC 8", "UICC TNM 7", "TNM8", "AJCC seventh", or numbers it as a version, "AJCC 8.0",
# "UICC 8.0", "8.0版" (only ".0": "8.5" is no edition, and a number's decimals are never an
# edition of their own). A year after AJCC names the edition only where it is the manual's own
# (`_EDITION_YEARS`). The Chinese NPC staging systems are named by their year
# (`_CHINESE_SYSTEMS`).
_SYSTEM = r"(?:(?:AJCC|UICC)(?:\s*/\s*(?:AJCC|UICC))?(?:\s*TNM)?|(?<![A-Za-z])TNM)"
_WORD = r"fifth|sixth|seventh|eighth|ninth"
_EDITION = re.compile(
    r"(?<![0-9])(?P<ordinal>\d{1,2})(?:st|nd|rd|th)\s*"
    r"(?:(?P<ordinal_system>" + _SYSTEM + r")|ed\b|edition|version)"
    r"|(?<![A-Za-z])(?P<word>" + _WORD + r")\s*"
    r"(?:(?P<word_system>" + _SYSTEM + r")|ed\b|edition|version)"
    r"|第?\s*(?<![0-9.])(?P<chinese>[0-9]{1,2}(?=(?:\.0)?\s*版)|[一二三四五六七八九十]+)(?:\.0)?\s*版"
    r"|(?P<system>" + _SYSTEM + r")[\s:：-]*(?:v\.?\s*|version\s*)?"
    r"(?:(?P<abbreviated>\d{1,2})(?:\.0)?(?:st|nd|rd|th)?(?![0-9]|\.[0-9])"
    r"|(?P<system_word>" + _WORD + r")(?![A-Za-z]))"
    r"|AJCC[\s:：-]*\(?(?P<year>20[0-9]{2})\)?(?![0-9])"
    r"|(?:中国|China|Chinese)[^0-9。；;]{0,12}?(?P<chinese_system>1992|2008|2017)(?![0-9])"
    r"|(?<![0-9])(?P<system_year>1992|92|2008|08|2017)\s*年?\s*版?\s*"
    r"(?:中国|China|Chinese)?\s*(?:鼻咽癌)?\s*(?:分期|staging)"
    r"|(?P<fuzhou>福州分期|Fuzhou)",
    re.I,
)
_CN_DIGITS = {
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
    "十": "10",
}
_WORDS = {"fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9"}
# The AJCC Cancer Staging Manual's year: 7th edition 2010 (Edge SB et al.), 8th 2017 (Amin MB et
# al.). Any other year (when the stage was recorded, perhaps) names no edition.
_EDITION_YEARS = {"2010": "7", "2017": "8"}
# The Chinese NPC staging systems, by year: 1992 (Fuzhou) and 2008 are editions of their own,
# whose groups `stage_groups.csv` does not verify (they decide nothing); the 2017 Chinese
# edition is the AJCC/UICC 8th.
_CHINESE_SYSTEMS = {
    "1992": "CN1992",
    "92": "CN1992",
    "2008": "CN2008",
    "08": "CN2008",
    "2017": "8",
}
# A number beside no staging system's name is an edition only when it is one of the editions
# that have staged NPC as its own system (the 5th, 1997) up to the current 9th: "第1版" is a
# protocol's version, and a version after a year or a document's name ("2023年第1版",
# "诊疗规范（第5版）") is the document's.
_BARE_EDITIONS = frozenset({"5", "6", "7", "8", "9"})
_SYSTEM_BEFORE = re.compile(_SYSTEM + r"[\s:：/-]*$", re.I)
_DOCUMENT_BEFORE = re.compile(r"(?:年|规范|指南|方案|共识|路径|手册)\s*[（(]?\s*$")
_KIND_WORDS = (
    (re.compile(r"patholog|病理", re.I), StageKind.PATHOLOGICAL),
    (re.compile(r"clinical|临床", re.I), StageKind.CLINICAL),
)


# STG-TEXT: a staging form's M item answered in words: present ("有（骨）", "yes: liver") is M1,
# absent ("无", "no") M0; anything else says nothing.
_M_ANSWER = (
    (re.compile(r"^\W*(?:有|是|yes|present|positive)(?:\W.*)?$", re.I), "M1"),
    (re.compile(r"^\W*(?:无|否|no|none|absent|negative)\W*$", re.I), "M0"),
)


def _m_answered(concept: CodedText) -> str | None:
    for text in concept.texts():
        for pattern, m in _M_ANSWER:
            if pattern.match(text):
                return m
    return None


def _kind_from_prefix(prefix: str | None) -> StageKind | None:
    if prefix and "p" in prefix:
        return StageKind.PATHOLOGICAL
    if prefix and "c" in prefix:
        return StageKind.CLINICAL
    return None


def _normal(text: str) -> str:
    # "Ⅳb期" (Roman numeral characters) and full-width letters read as "IVb期".
    return unicodedata.normalize("NFKC", text) if not text.isascii() else text


# STG-TEXT: a stage whose words doubt it ("T3N2M1？", "IVB期（骨转移待排）", DX-WORDS' doubt) or
# leave M between two values ("M0-1", "M0/M1") records no M and no group: the distant spread it
# would decide is not established (STG-SUSPECTED), nor ruled out.
_M_RANGE = re.compile(
    r"(?<![A-Za-z])[cpyra]{0,2}M[01][a-d]?\s*(?:-|/|～|~|或|\bor\b)\s*(?:[cpyra]{0,2}M)?[01]"
)


# STG-TEXT: a group written between two ("IVA/B", "IVa-b", "IVA-IVB", "IVA或IVB期", "III-IVA")
# records no group; with a stage IV end it may be M0 or M1 (NPC 8th edition: IVA M0, IVB M1),
# so, unless the text gives the M category itself, its M is in doubt. "IV-B" is one group.
_GROUP_RANGE = re.compile(
    r"(?<![A-Za-z])(?:(?:IV|III|II|I)\s*[ABC]\s*(?:/|-|–|~|～|或|\bor\b|\bto\b|至)\s*"
    r"(?:(?:IV|III|II|I)\s*)?[ABC]"
    r"|(?:IV|III|II|I)\s*[ABC]?\s*(?:/|-|–|~|～|或|\bor\b|\bto\b|至)\s*(?:IV|III|II|I)\s*[ABC]?)"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)
_RANGE_JOINS = ("/", "-", "–", "~", "～", "或", "or", "to", "至")


def _group_range(text: str) -> str | None:
    """STG-TEXT: the group range a (normalised) text writes ("IVA/B"), else None."""
    if not any(join in text for join in _RANGE_JOINS):  # most stage texts: no regex run
        return None
    found = _GROUP_RANGE.search(text)
    return found.group(0) if found is not None else None


def _m_in_doubt(text: str) -> bool:
    if UNCONFIRMED.search(text) or _M_RANGE.search(text):
        return True
    span = _group_range(text)
    return (
        span is not None
        and "IV" in span.upper()
        and _CATEGORY["m"].search(_JOINED.sub(" ", text)) is None
    )


def _doubts_m(concept: CodedText) -> bool:
    return any(_m_in_doubt(text) for text in map(_normal, concept.texts()))


def parse_category(axis: str, concept: CodedText) -> tuple[str, StageKind | None] | None:
    """The normalised T/N/M category (e.g. "M1a") named by a value's codes or texts."""
    if axis == "m" and _doubts_m(concept):
        return None
    letter = axis.upper()
    codes = {c.code for c in concept.codings if c.code}
    for candidate in [c.code for c in concept.codings if c.code] + list(concept.texts()):
        bare = _BARE_CATEGORY.match(candidate.strip())
        if bare and candidate in codes:
            prefix, core, sub = bare.groups()
            return letter + _core(core) + (sub or ""), _kind_from_prefix(prefix)
        for segment in _by_advance(_normal(candidate)):
            match = _CATEGORY[axis].search(_JOINED.sub(" ", segment))
            if match:
                prefix, core, sub = match.groups()
                return letter + _core(core) + (sub or ""), _kind_from_prefix(prefix)
    return None


# STG-TEXT: a change kept in one text ("cT3N2M0→cT3N2M1", "IVA期→IVB期", "cT3N2M1 IVB期→ycT1N0M0")
# is read at its most advanced point: distant metastasis does not un-happen, and a stage after
# treatment (yc, yp) does not restage the cancer (STG-METASTATIC, STG-RESTAGED).
_CHANGE = re.compile(r"→|->|⇒|➔|⟶|转为|变为|改为")
_ROMAN_ORDER = {"0": 0, "I": 1, "II": 2, "III": 3, "IV": 4}


def _advance(segment: str) -> tuple[bool, int]:
    """How advanced the stage a segment names is: an M1 first, then the higher group."""
    m = _CATEGORY["m"].search(_JOINED.sub(" ", segment))
    found = _group_in(segment)
    rank = 0
    if found is not None:
        numeral, letter = found
        rank = _ROMAN_ORDER.get(_ROMAN.get(numeral, numeral.upper()), 0) * 4
        rank += " ABC".find(letter.upper()) if letter else 0
    return (m is not None and m.group(2) == "1", rank)


def _advance_order(segments: Sequence[str]) -> list[int]:
    """The segments' indexes, the most advanced first (of equals, the later)."""
    return sorted(range(len(segments)), key=lambda i: (_advance(segments[i]), i), reverse=True)


def _by_advance(text: str) -> list[str]:
    """A text's segments, the most advanced first; a text of one segment: as is."""
    segments = _CHANGE.split(text)
    if len(segments) == 1:
        return segments
    return [segments[i] for i in _advance_order(segments)]


def _earlier_in_a_change(texts: Iterable[str]) -> bool:
    """Whether a text reads its stage from a segment a later one follows: the record's date is
    that of the change, not of the stage read (the cM1 before a ycM0 was found earlier)."""
    for text in map(_normal, texts):
        segments = _CHANGE.split(text)
        if len(segments) > 1 and _advance_order(segments)[0] != len(segments) - 1:
            return True
    return False


def _core(core: str) -> str:
    return "X" if core in {"X", "x"} else core


def parse_group(concept: CodedText) -> tuple[str, StageKind | None] | None:
    """The normalised stage group (e.g. "IVB") named by a value's codes or texts."""
    if _doubts_m(concept):
        return None
    for coding in concept.codings:
        match = _GROUP_CODE.match(coding.code.strip()) if coding.code else None
        if match:
            return _group(match.group(2), match.group(3)), _kind_from_prefix(match.group(1))
    for text in map(_normal, concept.texts()):
        if _group_range(text) is not None:  # a group between two records none (STG-TEXT)
            continue
        for segment in _by_advance(text):
            match = _GROUP_TEXT.search(segment) or _GROUP_CODE.match(segment.strip())
            if match:
                return _group(match.group(2), match.group(3)), _kind_from_prefix(match.group(1))
            cn = _GROUP_CN.search(segment)
            if cn:
                return _group(cn.group(1), cn.group(2)), None
    return None


def _group_in(text: str) -> tuple[str, str | None] | None:
    """The numeral and letter of a group written in one segment of text."""
    match = _GROUP_TEXT.search(text) or _GROUP_CODE.match(text.strip())
    if match is not None:
        return match.group(2), match.group(3)
    cn = _GROUP_CN.search(text)
    return (cn.group(1), cn.group(2)) if cn is not None else None


def _group(numeral: str, letter: str | None) -> str:
    roman = _ROMAN.get(numeral, numeral.upper())
    return roman + (letter.upper() if letter else "")


def parse_edition(texts: Iterable[str]) -> str | None:
    """STG-EDITION: the staging edition the texts name ("8", "CN2008"), the first that is one."""
    for text in map(_normal, texts):
        for match in _EDITION.finditer(text):
            edition = _edition_of(match, text)
            if edition is not None:
                return edition
    return None


def _edition_of(match: re.Match[str], text: str) -> str | None:
    found = match.groupdict()
    if found["year"] is not None:
        return _EDITION_YEARS.get(found["year"])
    system_year = found["chinese_system"] or found["system_year"]
    if system_year is not None:
        return _CHINESE_SYSTEMS[system_year]
    if found["fuzhou"] is not None:
        return _CHINESE_SYSTEMS["1992"]
    word = found["word"] or found["system_word"]
    chinese = found["chinese"]
    number = (
        found["ordinal"]
        or found["abbreviated"]
        or (_WORDS[word.lower()] if word else None)
        or (_CN_DIGITS.get(chinese, chinese) if chinese else None)
    )
    if number is None:
        return None
    before = text[: match.start()]
    if found["ordinal_system"] or found["word_system"] or found["system"]:
        return number
    if _SYSTEM_BEFORE.search(before):
        return number  # "AJCC第8版"
    if number not in _BARE_EDITIONS or _DOCUMENT_BEFORE.search(before):
        return None
    return number


def _kind_from_words(texts: Iterable[str]) -> StageKind | None:
    for text in texts:
        for pattern, kind in _KIND_WORDS:
            if pattern.search(text):
                return kind
    return None


@dataclass
class _Draft:
    kind: StageKind
    date: date | None
    evidence: list[str]
    diagnosis: str | None = None
    cancer_type: str | None = None
    t: str | None = None
    n: str | None = None
    m: str | None = None
    group: str | None = None
    edition: str | None = None
    text: str | None = None
    restaged: bool = False

    def set(self, axis: str, value: str) -> None:
        if getattr(self, axis) is None:
            setattr(self, axis, value)

    def fact(self) -> Stage:
        return Stage(
            evidence=tuple(self.evidence),
            t=self.t,
            n=self.n,
            m=self.m,
            group=self.group,
            kind=self.kind,
            edition=self.edition,
            date=self.date,
            text=self.text,
            diagnosis=self.diagnosis,
            restaged=self.restaged,
        )


_QUOTED = 80  # the longest stage text a card quotes whole


@dataclass(frozen=True, slots=True)
class DoubtedStage:
    """STG-TEXT: a stage whose words doubt its M ("T3N2M1？", "IVB期（骨转移待排）"): it records no
    M and no group, and a card says what it doubts rather than "no stage recorded"."""

    diagnosis: str | None  # the cancer Condition it stages (STG-OWNER), when known
    date: date | None
    text: str
    evidence: tuple[str, ...]

    def words(self) -> str:
        """'"T3N2M1？" on 2026-03-25'; a long text (a diagnosis's whole name) shortened, as a
        card quotes it twice."""
        text = self.text if len(self.text) <= _QUOTED else self.text[: _QUOTED - 1] + "…"
        return f'"{text}"' + (f" on {self.date}" if self.date else "")


@dataclass(frozen=True, slots=True)
class StageReading:
    stages: tuple[Stage, ...]
    cancer_types: tuple[str | None, ...]  # parallel to stages: the cancer each belongs to
    doubted: tuple[DoubtedStage, ...] = ()  # the newest first


def _fill_from_text(draft: _Draft, texts: Iterable[str]) -> None:
    for text in texts:
        concept = CodedText(text=text)
        for axis in ("t", "n", "m"):
            found = parse_category(axis, concept)
            if found:
                draft.set(axis, found[0])
        group = parse_group(concept)
        if group:
            draft.set("group", group[0])


Part = tuple[str, StageKind, str, StageKind | None]


def _stage_parts(element: Any) -> list[Part]:
    """(axis, kind from the code, value, kind from the value prefix) of an Observation or of
    one of its components. A stage group's value may carry the categories too ("IVB期
    (T2N3M1)", or a "TNM分期" string "T4N3M1"): STG-TEXT."""
    for concept in observation_table().concepts(coded(get(element, "code"))):
        if not concept.startswith("stage:"):
            continue
        _, axis, kind_name = concept.split(":")
        kind = StageKind(kind_name)
        value = coded(get(element, "valueCodeableConcept"))
        string = get(element, "valueString")
        if isinstance(string, str):
            value = value + CodedText(text=string)
        if axis != "group":
            found = parse_category(axis, value)
            if (
                found is None
                and axis == "m"
                and not _doubts_m(value)
                and (answered := _m_answered(value))
            ):
                return [(axis, kind, answered, None)]
            return [(axis, kind, found[0], found[1])] if found else []
        parts: list[Part] = []
        group = parse_group(value)
        if group:
            parts.append(("group", kind, group[0], group[1]))
        joined = CodedText(text=" ".join(value.texts()))
        for category in ("t", "n", "m") if value.texts() else ():
            found = parse_category(category, joined)
            if found:
                parts.append((category, kind, found[0], found[1]))
        # "ypT2N0M0": the prefix of the first category is the whole string's.
        prefix_kind = next((p[3] for p in parts if p[3] is not None), None)
        return [(axis, k, v, prefix_kind) for axis, k, v, _ in parts]
    return []


def _observation_parts(observation: Parsed) -> list[Part]:
    """The stage parts of one Observation: its own value, and T/N/M/group components (some
    systems send a TNM panel as one Observation with components)."""
    model = observation.model
    return [
        part for element in (model, *items(model, "component")) for part in _stage_parts(element)
    ]


def read_stages(
    observations: list[Parsed], conditions: list[Parsed], reading: DiagnosisReading, as_of: date
) -> StageReading:
    results = _observation_drafts(observations, conditions, reading, as_of)
    results += _condition_drafts(conditions, reading, as_of)
    results.sort(key=lambda d: (d.date is not None, d.date or date.min), reverse=True)
    merged: list[_Draft] = []
    for draft in results:
        twin = next((m for m in merged if _same_stage(m, draft)), None)
        if twin is None:
            merged.append(draft)
        else:
            twin.evidence.extend(e for e in draft.evidence if e not in twin.evidence)
            twin.restaged = twin.restaged or draft.restaged
    doubted = sorted(
        _doubted_stages(observations, conditions, reading, as_of),
        key=lambda d: (d.date is not None, d.date or date.min),
        reverse=True,
    )
    return StageReading(
        tuple(d.fact() for d in merged), tuple(d.cancer_type for d in merged), tuple(doubted)
    )


def _doubting_value(element: Any) -> str | None:
    """The text of a staging element's value (an Observation's or a component's) that doubts
    its M (STG-TEXT), else None."""
    concepts = observation_table().concepts(coded(get(element, "code")))
    if not any(concept.startswith("stage:") for concept in concepts):
        return None
    value = coded(get(element, "valueCodeableConcept"))
    string = get(element, "valueString")
    if isinstance(string, str):
        value = value + CodedText(text=string)
    if not _doubts_m(value):
        return None
    return next((text for text in value.texts() if text.strip()), None)


def _doubted_stages(
    observations: list[Parsed], conditions: list[Parsed], reading: DiagnosisReading, as_of: date
) -> list[DoubtedStage]:
    """STG-TEXT: the staging Observations and the cancer Conditions' stages (their summaries, or
    their names: STG-IN-DIAGNOSIS) whose words doubt the M."""
    found: list[tuple[Parsed, str]] = []
    for observation in observations:
        model = observation.model
        if get(model, "status") in IGNORED_STATUS:
            continue
        for element in (model, *items(model, "component")):
            text = _doubting_value(element)
            if text is not None:
                found.append((observation, text))
                break
    doubted: list[DoubtedStage] = []
    if found:
        owners = _owners([o for o, _ in found], reading, _assessed(conditions, reading))
        default_owner = only_diagnosis(reading)
        for observation, text in found:
            when = observation_date(observation.model)
            if when is None or when <= as_of:
                owner = owners.get(observation.reference, default_owner)
                doubted.append(DoubtedStage(owner, when, text, (observation.reference,)))
    for condition, when in _staged_conditions(conditions, reading, as_of):
        model = condition.model
        texts = [
            text for stage in items(model, "stage") for text in coded(get(stage, "summary")).texts()
        ]
        texts += [text for text in coded(get(model, "code")).texts() if _NAMES_A_STAGE.search(text)]
        text = next((t for t in texts if _doubts_m(CodedText(text=t))), None)
        if text is not None:
            doubted.append(DoubtedStage(condition.reference, when, text, (condition.reference,)))
    return doubted


def only_diagnosis(reading: DiagnosisReading) -> str | None:
    """STG-OWNER: the Condition that stands for the chart's one cancer (`only_cancer`)."""
    only = only_cancer(reading.diagnoses)
    return only.evidence[0] if only is not None and only.evidence else None


def _linked(model: Any, reading: DiagnosisReading) -> str | None:
    """The cancer Condition a staging Observation names in `focus` or `derivedFrom`."""
    for key in ("focus", "derivedFrom"):
        for target in items(model, key):
            reference = get(target, "reference")
            if isinstance(reference, str) and reference in reading.cancer_type_by_condition:
                return reference
    return None


def _assessed(conditions: list[Parsed], reading: DiagnosisReading) -> dict[str, str]:
    """STG-OWNER: the Observations a cancer Condition's `stage.assessment` names as its own."""
    owners: dict[str, str] = {}
    for condition in conditions:
        if condition.reference not in reading.cancer_type_by_condition:
            continue
        for stage in items(condition.model, "stage"):
            for target in items(stage, "assessment"):
                reference = get(target, "reference")
                if isinstance(reference, str):
                    owners.setdefault(reference, condition.reference)
    return owners


def _owners(
    observations: list[Parsed], reading: DiagnosisReading, assessed: dict[str, str]
) -> dict[str, str]:
    """STG-OWNER for Observations linked to a cancer directly (their `focus` or `derivedFrom`,
    or the cancer's `stage.assessment`), or as a member of (or derived from) a staging panel
    that is."""
    owners: dict[str, str] = {}
    for observation in observations:
        if observation.reference in assessed:
            owners[observation.reference] = assessed[observation.reference]
            continue
        owner = _linked(observation.model, reading)
        if owner is not None:
            owners[observation.reference] = owner
    for observation in observations:
        model = observation.model
        owner = owners.get(observation.reference)
        if owner is not None:
            for member in items(model, "hasMember"):
                reference = get(member, "reference")
                if isinstance(reference, str):
                    owners.setdefault(reference, owner)
    for observation in observations:
        if observation.reference in owners:
            continue
        for source in items(observation.model, "derivedFrom"):
            owner = owners.get(str(get(source, "reference")))
            if owner is not None:
                owners[observation.reference] = owner
                break
    return owners


def _value_texts(model: Any) -> tuple[str, ...]:
    """The texts of an Observation's value and of its components' values."""
    texts: tuple[str, ...] = ()
    for element in (model, *items(model, "component")):
        string = get(element, "valueString")
        texts += coded(get(element, "valueCodeableConcept")).texts()
        texts += (string,) if isinstance(string, str) else ()
    return texts


def _edition_texts(model: Any) -> tuple[str, ...]:
    """STG-EDITION: where an Observation names its edition: `method`, the code's text, the
    value's text ("Stage IVB (AJCC 7th edition)", "IVA期（AJCC第8版）") or string."""
    string = get(model, "valueString")
    return (
        coded(get(model, "method")).texts()
        + coded(get(model, "code")).texts()
        + coded(get(model, "valueCodeableConcept")).texts()
        + ((string,) if isinstance(string, str) else ())
    )


def _written_restaged(concept: CodedText) -> bool:
    """STG-RESTAGED-RECURRENCE: a value written as a retreatment classification (rTNM)."""
    words = concept.texts() + tuple(c.code for c in concept.codings if c.code)
    return any(map(_RESTAGED.search, words))


def _restaged(model: Any) -> bool:
    """Whether a staging record's value, or one of its components' values, is rTNM."""
    for element in (model, *items(model, "component")):
        string = get(element, "valueString")
        value = coded(get(element, "valueCodeableConcept"))
        if isinstance(string, str):
            value = value + CodedText(text=string)
        if _written_restaged(value):
            return True
    return False


def _observation_drafts(
    observations: list[Parsed], conditions: list[Parsed], reading: DiagnosisReading, as_of: date
) -> list[_Draft]:
    """One draft per date, kind and cancer, gathering the staging Observations' parts."""
    default_owner = only_diagnosis(reading)
    staged = [
        (observation, parts)
        for observation in observations
        if get(observation.model, "status") not in IGNORED_STATUS
        and (parts := _observation_parts(observation))
    ]
    owners = (
        _owners([o for o, _ in staged], reading, _assessed(conditions, reading)) if staged else {}
    )
    drafts: dict[tuple[date | None, StageKind, str | None], _Draft] = {}
    for observation, parts in staged:
        model = observation.model
        when = observation_date(model)
        if when is not None and when > as_of:
            continue
        if _earlier_in_a_change(_value_texts(model)):
            when = None
        owner = owners.get(observation.reference, default_owner)
        cancer_type = reading.cancer_type_by_condition.get(owner) if owner else None
        edition = parse_edition(_edition_texts(model))
        restaged = _restaged(model)
        for axis, code_kind, value, value_kind in parts:
            kind = (
                code_kind if code_kind is not StageKind.UNSPECIFIED else (value_kind or code_kind)
            )
            key = (when, kind, owner)
            draft = drafts.setdefault(
                key,
                _Draft(kind=kind, date=when, evidence=[], diagnosis=owner, cancer_type=cancer_type),
            )
            draft.set(axis, value)
            draft.edition = draft.edition or edition
            draft.restaged = draft.restaged or restaged
            if observation.reference not in draft.evidence:
                draft.evidence.append(observation.reference)
    return list(drafts.values())


# What a diagnosis's name must hold to carry a stage: most hold none, and are not parsed.
_NAMES_A_STAGE = re.compile(r"期|stage|(?<![A-Za-z])[cpyra]{0,2}[TNM](?:is|[0-4Xx])", re.I)


def _staged_conditions(
    conditions: list[Parsed], reading: DiagnosisReading, as_of: date
) -> Iterator[tuple[Parsed, date | None]]:
    """The usable cancer Conditions recorded by `as_of` (their recorded date, else onset;
    undated ones kept), with that date: the ones whose stages and names are read."""
    for condition in conditions:
        if (
            not usable_condition(condition)
            or condition.reference not in reading.cancer_type_by_condition
        ):
            continue
        when = to_date(get(condition.model, "recordedDate")) or condition_onset(condition)
        if when is None or when <= as_of:
            yield condition, when


def _condition_drafts(
    conditions: list[Parsed], reading: DiagnosisReading, as_of: date
) -> list[_Draft]:
    """A draft per stage of a usable cancer Condition that says something."""
    drafts: list[_Draft] = []
    for condition, when in _staged_conditions(conditions, reading, as_of):
        model = condition.model
        summaries = [
            (coded(get(stage, "summary")), coded(get(stage, "type")).texts())
            for stage in items(model, "stage")
        ]
        # STG-IN-DIAGNOSIS: the stage written into the diagnosis's own name.
        summaries += [
            (CodedText(text=text), ())
            for text in coded(get(model, "code")).texts()
            if _NAMES_A_STAGE.search(text)
        ]
        for summary, type_texts in summaries:
            draft = _stage_draft(summary, type_texts, condition, reading, when)
            if any(getattr(draft, axis) for axis in ("t", "n", "m", "group")):
                drafts.append(draft)
    return drafts


def _stage_draft(
    summary: CodedText,
    type_texts: tuple[str, ...],
    condition: Parsed,
    reading: DiagnosisReading,
    when: date | None,
) -> _Draft:
    kind = _kind_from_words(type_texts) or StageKind.UNSPECIFIED
    draft = _Draft(
        kind=kind,
        date=None if _earlier_in_a_change(summary.texts()) else when,
        evidence=[condition.reference],
        diagnosis=condition.reference,
        cancer_type=reading.cancer_type_by_condition[condition.reference],
        text=summary.text,
        edition=parse_edition(type_texts + summary.texts()),
        restaged=_written_restaged(summary),
    )
    group = parse_group(summary)
    if group:
        draft.group = group[0]
        if kind is StageKind.UNSPECIFIED and group[1] is not None:
            draft.kind = group[1]
    _fill_from_text(draft, summary.texts())
    return draft


def _same_stage(a: _Draft, b: _Draft) -> bool:
    fields = ("t", "n", "m", "group", "kind", "date", "diagnosis")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


# --- metastatic status (STG-METASTATIC) ----------------------------------------------------------


def stage_m(stage: Stage, cancer_type: str | None) -> str | None:
    """The stage's M category: recorded (not MX), else implied by its group for its cancer and
    edition (STG-EDITION); None when neither tells."""
    if stage.m and not stage.m.upper().startswith("MX"):
        return stage.m
    if stage.group:
        return implied_m(stage.group, cancer_type, stage.edition, default_taxonomy())
    return None


def _documented(secondaries: Iterable[SecondaryMalignancy]) -> list[SecondaryMalignancy]:
    """The distant metastases the record establishes (STG-METASTATIC), resolved ones too: a
    metastasis that responded to treatment was one, and the cancer stays metastatic. Lymph
    nodes only where their region is distant for the cancer (STG-NODES)."""
    return [s for s in secondaries if s.distant is True and s.confirmed]


def _suspected(secondaries: Iterable[SecondaryMalignancy]) -> list[SecondaryMalignancy]:
    """The active metastases that may be distant and that the record leaves open: held open
    (STG-SUSPECTED), or lymph nodes of a region that may be regional or distant (STG-NODES).
    One no longer active raises no question."""
    return [
        s
        for s in secondaries
        if s.active and ((s.distant is True and not s.confirmed) or s.distant is None)
    ]


def _suspicion(suspected: Sequence[SecondaryMalignancy]) -> str:
    nodes = sorted({region for s in suspected if s.distant is None for region in s.regions})
    if nodes and all(s.distant is None for s in suspected):
        return (
            f"lymph node metastasis recorded in the {' and '.join(nodes)} nodes, which may be "
            "regional or distant for this cancer"
        )
    return (
        "distant metastasis suspected but not confirmed, recorded as a provisional or "
        "differential diagnosis or in words that doubt it"
    )


@dataclass(frozen=True, slots=True)
class _Recurrence:
    when: date | None  # None: a clinical status, which carries no date of its own
    words: str
    evidence: tuple[str, ...]
    # A recurrence placed at therapy given again after a break (LOT-RECURRENCE-UNDATED): it came
    # back during the break, so an M0 staged after this day (the last therapy before the break)
    # may be its restaging, and stands; one staged by then described the disease before it.
    since: date | None = None


def _recurrences(diagnoses: Iterable[CancerDiagnosis]) -> tuple[_Recurrence, ...]:
    """STG-RECURRED: the recurrences the diagnoses record without saying where: a diagnosis
    whose words say the cancer recurred ("鼻咽癌复发"), dated by it, or a recurrence or relapse
    clinical status, undated."""
    found = []
    for d in diagnoses:
        text = d.text or ""
        status = d.clinical_status in RECURRED_STATUS
        if not (status or (text and says_recurred(text))):
            continue
        if d.verification_status in UNCONFIRMED_VERIFICATION or says_where_it_recurred(text):
            continue
        if status:
            found.append(_Recurrence(None, f'clinical status "{d.clinical_status}"', d.evidence))
        else:
            when = f" ({d.diagnosed})" if d.diagnosed else ""
            found.append(_Recurrence(d.diagnosed, f'"{text}"{when}', d.evidence))
    return tuple(found)


def _restarted(restarts: Iterable[Restart], relapses: Sequence[date]) -> tuple[_Recurrence, ...]:
    """STG-RECURRED: the recurrences LOT-RECURRENCE-UNDATED places at therapy given again after
    LOT-GAP's break, each with the last day of therapy before it; not where the break holds a
    documented recurrence (LOT-RECURRENCE's `relapses`): that one is what the therapy treats,
    and it says what it says (a local recurrence leaves the M0 standing)."""
    return tuple(
        _Recurrence(r.start, r.words(), r.evidence, since=r.after)
        for r in restarts
        if not any(r.after < day <= r.start for day in relapses)
    )


def _recurred_since_m0(
    m0: Sequence[Stage], recurrences: Sequence[_Recurrence]
) -> _Recurrence | None:
    """The recurrence documented after the newest M0 (STG-RECURRED): an undated one follows
    every M0, and an undated M0 precedes every recurrence. A diagnosis whose name gives both
    ("鼻咽癌 T3N1M0 III期 放化疗后复发") names the stage at diagnosis, unless restaged (rTNM).
    A recurrence placed at a restart follows an M0 staged by the last therapy before the
    break."""
    staged = max((stage.date for stage in m0 if stage.date is not None), default=None)

    def follows(recurrence: _Recurrence) -> bool:
        if recurrence.since is not None:
            return staged is None or staged <= recurrence.since
        if recurrence.when is None or staged is None or recurrence.when > staged:
            return True
        return recurrence.when == staged and any(
            stage.date == staged
            and set(stage.evidence) & set(recurrence.evidence)
            and not stage.restaged
            for stage in m0
        )

    return next((r for r in recurrences if follows(r)), None)


def _status(
    stages: Iterable[tuple[Stage, str | None]],
    secondaries: list[SecondaryMalignancy],
    metastatic_text: tuple[str, ...],
    diagnosis: str | None,
    suspected: Sequence[SecondaryMalignancy] = (),
    recurrences: Sequence[_Recurrence] = (),
    doubts: Sequence[DoubtedStage] = (),
) -> MetastaticStatus | None:
    """Positive evidence wins (metastases do not un-happen), then a suspected metastasis no M0
    staged after it has ruled out (STG-SUSPECTED), then a stage doubting its M that no M0 staged
    after it has settled (STG-TEXT), then an M0 unless the cancer recurred since
    (STG-RECURRED); None when nothing."""
    pairs = list(stages)
    for stage, cancer_type in pairs:
        m = stage_m(stage, cancer_type)
        if m and m.upper().startswith("M1"):
            reason = f"{stage.m} recorded" if stage.m == m else f"stage {stage.group} means {m}"
            return MetastaticStatus(
                value=True, reason=reason, evidence=stage.evidence, diagnosis=diagnosis
            )
    if secondaries:
        return MetastaticStatus(
            value=True,
            reason="secondary malignancy of a distant site recorded",
            evidence=tuple(s.reference for s in secondaries),
            diagnosis=diagnosis,
        )
    if metastatic_text:
        return MetastaticStatus(
            value=True,
            reason="diagnosis recorded as metastatic",
            evidence=metastatic_text,
            diagnosis=diagnosis,
        )
    m0 = [(stage, ct) for stage, ct in pairs if stage_m(stage, ct) == "M0"]
    if suspected and not _ruled_out(suspected, [stage for stage, _ in m0]):
        return MetastaticStatus(
            value=None,
            reason=_suspicion(suspected),
            evidence=tuple(s.reference for s in suspected),
            diagnosis=diagnosis,
            suspected=True,
        )
    doubt = _doubt_standing(doubts, [stage for stage, _ in m0])
    if doubt is not None:
        return _no_m_status(doubt, diagnosis)
    for stage, _ in m0:
        reason = "M0 recorded" if stage.m == "M0" else f"stage {stage.group} means M0"
        recurred = _recurred_since_m0([stage for stage, _ in m0], recurrences)
        if recurred is not None:
            on = f" on {stage.date}" if stage.date else ""
            return MetastaticStatus(
                value=None,
                reason=f"{reason}{on}, before the cancer recurred ({recurred.words}); where "
                "it recurred is not recorded",
                evidence=(*stage.evidence, *recurred.evidence),
                diagnosis=diagnosis,
                recurred=recurred.words,
            )
        return MetastaticStatus(
            value=False, reason=reason, evidence=stage.evidence, diagnosis=diagnosis
        )
    return None


def _no_m_status(doubt: DoubtedStage | None, diagnosis: str | None) -> MetastaticStatus:
    """Nothing decides the M: said as such, or, where a stage's words doubt it (STG-TEXT), as
    that stage, so that a card names what to settle."""
    if doubt is None:
        return MetastaticStatus(
            value=None, reason="no M category or metastasis recorded", diagnosis=diagnosis
        )
    return MetastaticStatus(
        value=None,
        reason=f"the stage recorded as {doubt.words()} leaves distant metastasis in doubt",
        evidence=doubt.evidence,
        diagnosis=diagnosis,
        m_doubted=doubt.words(),
    )


def _doubt_standing(doubts: Sequence[DoubtedStage], m0: Sequence[Stage]) -> DoubtedStage | None:
    """STG-TEXT: the newest stage doubting its M that the M0 stages leave open: one staged after
    every M0 ("T3N2M1？" in October over a March cM0: the M0 no longer describes the disease), or
    undated; an M0 staged after it settled the doubt. Without an M0, None: nothing to set
    aside."""
    staged = [stage.date for stage in m0 if stage.date is not None]
    if not m0:
        return None
    return next((d for d in doubts if d.date is None or not staged or d.date >= max(staged)), None)


def _ruled_out(suspected: Sequence[SecondaryMalignancy], m0: Sequence[Stage]) -> bool:
    """An M0 staged after every suspicion was raised: the work-up found none. An undated
    suspicion, or an undated M0, rules nothing out."""
    staged = [stage.date for stage in m0 if stage.date is not None]
    onsets = [s.onset for s in suspected]
    if not staged or any(onset is None for onset in onsets):
        return False
    return max(staged) > max(onset for onset in onsets if onset is not None)


def decide_metastatic(
    stages: StageReading, reading: DiagnosisReading, restarts: Sequence[Restart] = ()
) -> MetastaticStatus:
    """The whole patient's status: any cancer's evidence counts. `restarts`: the lines LOT-GAP
    began (STG-RECURRED)."""
    pairs = zip(stages.stages, stages.cancer_types, strict=True)
    found = _status(
        pairs,
        _documented(reading.secondaries),
        reading.metastatic_text,
        None,
        _suspected(reading.secondaries),
        _recurrences(reading.diagnoses)
        + _restarted(restarts, [day for d in reading.diagnoses for day in _relapses(d, reading)]),
        stages.doubted,
    )
    if found is not None:
        return found
    if stages.doubted:
        return _no_m_status(stages.doubted[0], None)
    if stages.stages:
        return MetastaticStatus(value=None, reason="stage recorded without M category that decides")
    return MetastaticStatus(value=None, reason="no staging or metastasis recorded")


def metastatic_by_diagnosis(
    stages: StageReading, reading: DiagnosisReading, restarts: Sequence[Restart] = ()
) -> tuple[MetastaticStatus, ...]:
    """STG-OWNER: one status per primary diagnosis from its own evidence, and one (diagnosis
    None) for evidence no diagnosis can be told to own. Distant-metastasis Conditions carry no
    link to their primary in the data read, so they are the only cancer's, else unowned; a
    restart (STG-RECURRED) is the cancer's its line is attributed to."""
    owner = only_diagnosis(reading)
    distant = _documented(reading.secondaries)
    suspected = _suspected(reading.secondaries)
    statuses: list[MetastaticStatus] = []
    pairs = list(zip(stages.stages, stages.cancer_types, strict=True))
    for diagnosis in reading.diagnoses:
        reference = diagnosis.evidence[0] if diagnosis.evidence else None
        if reference is None:
            continue
        own = [(s, c) for s, c in pairs if s.diagnosis == reference]
        texts = tuple(r for r in reading.metastatic_text if r == reference)
        mine = reference == owner
        same = (d for d in reading.diagnoses if d.cancer_type == diagnosis.cancer_type)
        doubts = [d for d in stages.doubted if d.diagnosis == reference]
        own_restarts = (
            r for r in restarts if not r.unattributed and r.cancer_type == diagnosis.cancer_type
        )
        status = _status(
            own,
            distant if mine else [],
            texts,
            reference,
            suspected if mine else (),
            _recurrences(same) + _restarted(own_restarts, _relapses(diagnosis, reading, mine)),
            doubts,
        )
        doubt = next(iter(doubts), None)
        statuses.append(status or _no_m_status(doubt, reference))
    unowned = [(s, c) for s, c in pairs if s.diagnosis is None]
    status = _status(
        unowned,
        distant if owner is None else [],
        (),
        None,
        suspected if owner is None else (),
        doubts=[d for d in stages.doubted if d.diagnosis is None],
    )
    if status is not None:
        statuses.append(status.model_copy(update={"reason": status.reason + ", for no one cancer"}))
    return tuple(statuses)


def with_metastatic_since(
    stages: StageReading, reading: DiagnosisReading
) -> tuple[CancerDiagnosis, ...]:
    """The diagnoses with `metastatic_since`: the earliest dated M1 stage of the cancer, distant
    metastasis Condition (when the cancer is the chart's only one) or, for a diagnosis recorded
    as metastatic, its onset or recorded date."""
    owner = only_diagnosis(reading)
    distant = [s.onset for s in _documented(reading.secondaries) if s.onset]
    result: list[CancerDiagnosis] = []
    for diagnosis in reading.diagnoses:
        reference = diagnosis.evidence[0] if diagnosis.evidence else None
        dates = [
            stage.date
            for stage, cancer_type in zip(stages.stages, stages.cancer_types, strict=True)
            if stage.diagnosis == reference
            and stage.date is not None
            and (stage_m(stage, cancer_type) or "").upper().startswith("M1")
        ]
        if reference is not None and reference == owner:
            dates += distant
        if reference in reading.metastatic_text:
            dates += [diagnosis.diagnosed] if diagnosis.diagnosed else []
        # A recurrence / relapse clinical status carries no date of its own (the onset is the
        # first diagnosis'): it gives no date here; lines read `clinical_status` for the fact.
        if dates:
            diagnosis = diagnosis.model_copy(update={"metastatic_since": min(dates)})
        relapsed = _relapse(diagnosis, reading) if reference == owner else None
        if relapsed is not None:
            diagnosis = diagnosis.model_copy(update={"relapsed_since": relapsed})
        elif not dates and (
            _recurred_after_m0(diagnosis, stages, reference)
            or (reference == owner and _spread_undated(diagnosis, reading, stages, reference))
        ):
            diagnosis = diagnosis.model_copy(update={"recurred_undated": True})
        result.append(diagnosis)
    return tuple(result)


def staged_m0_at_diagnosis(stages: StageReading, reading: DiagnosisReading) -> frozenset[str]:
    """LOT-SETTING: the cancer Conditions staged M0 within the de novo window of their
    diagnosis (lines read their chemoradiotherapy as curative)."""
    return frozenset(
        d.evidence[0]
        for d in reading.diagnoses
        if d.evidence and _m0_at_diagnosis(d, stages, d.evidence[0])
    )


def _recurred_after_m0(
    diagnosis: CancerDiagnosis, stages: StageReading, reference: str | None
) -> bool:
    """LOT-RECURRENCE-UNDATED: a recurrence or relapse clinical status, on a cancer staged M0
    within LOT-SETTING's de novo window of its diagnosis."""
    if diagnosis.clinical_status not in RECURRED_STATUS:
        return False
    return _m0_at_diagnosis(diagnosis, stages, reference)


def _spread_undated(
    diagnosis: CancerDiagnosis,
    reading: DiagnosisReading,
    stages: StageReading,
    reference: str | None,
) -> bool:
    """LOT-RECURRENCE-UNDATED: a documented distant metastasis without an onset (a problem-list
    entry whose recorded date says when it was entered, not when it was found), entered after
    LOT-SETTING's de novo window of a cancer staged M0 within it, or of no date at all (nothing
    in it gainsays the M0). One entered within the window may have been there at diagnosis:
    the setting stays not determined."""
    if not _m0_at_diagnosis(diagnosis, stages, reference) or diagnosis.diagnosed is None:
        return False
    window = diagnosis.diagnosed + timedelta(days=DE_NOVO_DAYS)
    return any(
        s.onset is None and (s.recorded is None or s.recorded > window)
        for s in _documented(reading.secondaries)
    )


def _m0_at_diagnosis(
    diagnosis: CancerDiagnosis, stages: StageReading, reference: str | None
) -> bool:
    """The cancer was staged M0 within LOT-SETTING's de novo window of its diagnosis."""
    if diagnosis.diagnosed is None:
        return False
    window = diagnosis.diagnosed + timedelta(days=DE_NOVO_DAYS)
    return any(
        stage.diagnosis == reference
        and stage.date is not None
        and stage.date <= window
        and stage_m(stage, cancer_type) == "M0"
        for stage, cancer_type in zip(stages.stages, stages.cancer_types, strict=True)
    )


def _relapse(diagnosis: CancerDiagnosis, reading: DiagnosisReading) -> date | None:
    """LOT-RECURRENCE: the first recurrence documented (`_relapses`)."""
    return min(_relapses(diagnosis, reading), default=None)


def _relapses(
    diagnosis: CancerDiagnosis, reading: DiagnosisReading, nodes: bool = True
) -> list[date]:
    """LOT-RECURRENCE: the dates of the recurrences documented more than LOT-SETTING's de novo
    window after the cancer was first diagnosed: a diagnosis of the same cancer whose words say
    it recurred ("鼻咽癌局部复发"), or (`nodes`: the chart's only cancer) a lymph-node metastasis
    short of distant spread (STG-NODES), not the disease's extent when it was found."""
    same = [d for d in reading.diagnoses if d.cancer_type == diagnosis.cancer_type]
    first = min((d.diagnosed for d in same if d.diagnosed), default=None)
    if first is None:
        return []
    after = first + timedelta(days=DE_NOVO_DAYS)
    found = [
        s.onset
        for s in reading.secondaries
        if nodes and s.kind == SECONDARY_NODES and s.distant is not True and s.confirmed and s.onset
    ]
    recurred = [
        d.diagnosed
        for d in same
        if d.text
        and says_recurred(d.text)
        and d.verification_status not in UNCONFIRMED_VERIFICATION
    ]
    return [when for when in found + recurred if when and when > after]
