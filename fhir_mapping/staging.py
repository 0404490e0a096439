"""Stage (TNM categories and stage group) and the metastatic status.

Sources:
- Observations coded as TNM T/N/M categories or stage groups (LOINC 21905-5/21906-3/21907-1/
  21908-9 clinical, 21899-0/21900-6/21901-4/21902-2 pathological, the SNOMED codes current mCODE
  uses, or the same words in the code's text), valued with `http://cancerstaging.org` codes
  ("cM1", "4B", "IVB"), SNOMED AJCC qualifier values (read from their display,
  "American Joint Committee on Cancer cT3") or text. Parts recorded on the same date with the
  same kind (clinical / pathological) form one `Stage`.
- `Condition.stage`: the summary (coded or text, e.g. "Stage IVB (T3N2M1)") and its type
  (clinical / pathological).
Values are normalised: categories to "T3", "N2", "M1", "M1a", "Tis", "NX"; groups to Roman
numerals with their letter ("4B" -> "IVB", "3A" -> "IIIA"). The edition is read from the text of
`method` / `stage.type` ("AJCC 8th edition", "第九版") when recorded. Stages dated after `as_of`
are ignored.

Metastatic status (`decide_metastatic`):
- True when any of: an M1 category (M1, M1a, ...) on any stage; a secondary malignancy Condition
  of a distant site (ICD-10-CM C78, C79, C7B; SNOMED / text "secondary ... of liver" etc.) that is
  not inactive; a primary diagnosis described as "metastatic"; or a stage group that implies M1
  for the diagnosis it belongs to (table below). Metastases do not un-happen, so positive evidence
  wins over an earlier or later M0.
- C77 (secondary malignancy of lymph nodes) is NOT proof of distant spread: nodal disease is
  usually regional (N, not M), so it never sets True on its own.
- Stage group -> M1, conservatively, only where the group is defined by M1 in AJCC 8th/9th:
  nasopharyngeal carcinoma IVB (8th: any T any N M1; 9th: M1b) and IVC (7th edition M1);
  NPC IVA is NOT metastatic in the 8th edition (T4 or N3) although the 9th calls M1a IVA, so IVA
  never decides; a recorded edition of 7 or older makes NPC IVB non-deciding (7th: N3 M0);
  other head and neck squamous cell carcinomas IVC; breast, lung, colorectal, pancreatic cancer
  and melanoma any group IV. Any other cancer: group IV alone decides nothing.
  The cancer a stage belongs to is its Condition (for `Condition.stage`, or an Observation's
  `focus`); otherwise the patient's only cancer type when there is exactly one.
- False when an M0 is recorded and nothing above is found. Otherwise unknown (None).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from eligibility.facts import MetastaticStatus, Stage
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import StageKind
from fhir_mapping.chronology import to_date
from fhir_mapping.diagnoses import DiagnosisReading, condition_onset, usable_condition
from fhir_mapping.elements import coded, get, items
from fhir_mapping.observations import IGNORED_STATUS, observation_date
from fhir_mapping.parsing import Parsed
from fhir_mapping.terminology import CodedText, observation_table

_ROMAN = {"0": "0", "1": "I", "2": "II", "3": "III", "4": "IV"}
_PREFIX = r"(?<![A-Za-z])([cpyra]{1,2})?"
_CATEGORY = {
    "t": re.compile(_PREFIX + r"T(is|X|x|[0-4])([a-d])?(?=[NM]|[^A-Za-z]|$)"),
    "n": re.compile(_PREFIX + r"N(X|x|[0-3])([a-c])?(?=M|[^A-Za-z]|$)"),
    "m": re.compile(_PREFIX + r"M(X|x|[01])([a-d])?(?=[^A-Za-z]|$)"),
}
_BARE_CATEGORY = re.compile(r"^([cpyra]{1,2})?(is|X|x|[0-4])([a-d])?$")
_GROUP_CODE = re.compile(
    r"^(?:stage\s*)?([cpyra]{1,2})?\s*(IV|III|II|I|0|[1-4])\s*([ABC][12]?)?$", re.I
)
_GROUP_TEXT = re.compile(
    r"(?:stage|分期)\s*[:：]?\s*([cpyra]{1,2})?(IV|III|II|I|0|[1-4])\s*([ABC][12]?)?(?![A-Za-z0-9])",
    re.I,
)
_GROUP_CN = re.compile(r"(IV|III|II|I|[1-4])([ABC])?期")
_EDITION = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)\s*(?:ed\b|edition)|第\s*([0-9一二三四五六七八九十]+)\s*版", re.I
)
_CN_DIGITS = {"五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "十": "10"}
_KIND_WORDS = (
    (re.compile(r"patholog|病理", re.I), StageKind.PATHOLOGICAL),
    (re.compile(r"clinical|临床", re.I), StageKind.CLINICAL),
)


def _kind_from_prefix(prefix: str | None) -> StageKind | None:
    if prefix and "p" in prefix:
        return StageKind.PATHOLOGICAL
    if prefix and "c" in prefix:
        return StageKind.CLINICAL
    return None


def parse_category(axis: str, concept: CodedText) -> tuple[str, StageKind | None] | None:
    """The normalised T/N/M category (e.g. "M1a") named by a value's codes or texts."""
    letter = axis.upper()
    candidates = [c.code for c in concept.codings if c.code] + list(concept.texts())
    for candidate in candidates:
        bare = _BARE_CATEGORY.match(candidate.strip())
        if bare and candidate in {c.code for c in concept.codings}:
            prefix, core, sub = bare.groups()
            return letter + _core(core) + (sub or ""), _kind_from_prefix(prefix)
        match = _CATEGORY[axis].search(candidate)
        if match:
            prefix, core, sub = match.groups()
            return letter + _core(core) + (sub or ""), _kind_from_prefix(prefix)
    return None


def _core(core: str) -> str:
    return "X" if core in {"X", "x"} else core


def parse_group(concept: CodedText) -> tuple[str, StageKind | None] | None:
    """The normalised stage group (e.g. "IVB") named by a value's codes or texts."""
    for coding in concept.codings:
        match = _GROUP_CODE.match(coding.code.strip()) if coding.code else None
        if match:
            return _group(match.group(2), match.group(3)), _kind_from_prefix(match.group(1))
    for text in concept.texts():
        match = _GROUP_TEXT.search(text) or _GROUP_CODE.match(text.strip())
        if match:
            return _group(match.group(2), match.group(3)), _kind_from_prefix(match.group(1))
        cn = _GROUP_CN.search(text)
        if cn:
            return _group(cn.group(1), cn.group(2)), None
    return None


def _group(numeral: str, letter: str | None) -> str:
    roman = _ROMAN.get(numeral, numeral.upper())
    return roman + (letter.upper() if letter else "")


def parse_edition(texts: Iterable[str]) -> str | None:
    for text in texts:
        match = _EDITION.search(text)
        if match:
            number = match.group(1) or match.group(2)
            return _CN_DIGITS.get(number, number)
    return None


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
    cancer_type: str | None = None
    t: str | None = None
    n: str | None = None
    m: str | None = None
    group: str | None = None
    edition: str | None = None
    text: str | None = None

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
        )


@dataclass(frozen=True, slots=True)
class StageReading:
    stages: tuple[Stage, ...]
    cancer_types: tuple[str | None, ...]  # parallel to stages: the cancer each belongs to


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


def _stage_part(element: Any) -> tuple[str, StageKind, str, StageKind | None] | None:
    """(axis, kind from the code, value, kind from the value prefix) of an Observation or of
    one of its components."""
    for concept in observation_table().concepts(coded(get(element, "code"))):
        if not concept.startswith("stage:"):
            continue
        _, axis, kind_name = concept.split(":")
        value = coded(get(element, "valueCodeableConcept"))
        string = get(element, "valueString")
        if isinstance(string, str):
            value = value + CodedText(text=string)
        found = parse_group(value) if axis == "group" else parse_category(axis, value)
        return (axis, StageKind(kind_name), found[0], found[1]) if found else None
    return None


def _observation_parts(observation: Parsed) -> list[tuple[str, StageKind, str, StageKind | None]]:
    """The stage parts of one Observation: its own value, and T/N/M/group components (some
    systems send a TNM panel as one Observation with components)."""
    model = observation.model
    parts = [
        part for element in (model, *items(model, "component")) if (part := _stage_part(element))
    ]
    return parts


def read_stages(
    observations: list[Parsed], conditions: list[Parsed], reading: DiagnosisReading, as_of: date
) -> StageReading:
    results = _observation_drafts(observations, reading, as_of)
    results += _condition_drafts(conditions, reading, as_of)
    results.sort(key=lambda d: (d.date is not None, d.date or date.min), reverse=True)
    merged: list[_Draft] = []
    for draft in results:
        twin = next((m for m in merged if _same_stage(m, draft)), None)
        if twin is None:
            merged.append(draft)
        else:
            twin.evidence.extend(e for e in draft.evidence if e not in twin.evidence)
    return StageReading(tuple(d.fact() for d in merged), tuple(d.cancer_type for d in merged))


def _observation_drafts(
    observations: list[Parsed], reading: DiagnosisReading, as_of: date
) -> list[_Draft]:
    """One draft per date, kind and cancer type, gathering the staging Observations' parts."""
    only_type = _only_cancer_type(reading)
    drafts: dict[tuple[date | None, StageKind, str | None], _Draft] = {}
    for observation in observations:
        model = observation.model
        if get(model, "status") in IGNORED_STATUS:
            continue
        parts = _observation_parts(observation)
        if not parts:
            continue
        when = observation_date(model)
        if when is not None and when > as_of:
            continue
        focus = next((get(f, "reference") for f in items(model, "focus")), None)
        cancer_type = (
            reading.cancer_type_by_condition.get(focus) or only_type
            if isinstance(focus, str)
            else only_type
        )
        edition = parse_edition(
            coded(get(model, "method")).texts() + coded(get(model, "code")).texts()
        )
        for axis, code_kind, value, value_kind in parts:
            kind = (
                code_kind if code_kind is not StageKind.UNSPECIFIED else (value_kind or code_kind)
            )
            key = (when, kind, cancer_type)
            draft = drafts.setdefault(
                key, _Draft(kind=kind, date=when, evidence=[], cancer_type=cancer_type)
            )
            draft.set(axis, value)
            draft.edition = draft.edition or edition
            if observation.reference not in draft.evidence:
                draft.evidence.append(observation.reference)
    return list(drafts.values())


def _condition_drafts(
    conditions: list[Parsed], reading: DiagnosisReading, as_of: date
) -> list[_Draft]:
    """A draft per stage of a usable cancer Condition that says something."""
    drafts: list[_Draft] = []
    for condition in conditions:
        if (
            not usable_condition(condition)
            or condition.reference not in reading.cancer_type_by_condition
        ):
            continue
        model = condition.model
        when = to_date(get(model, "recordedDate")) or condition_onset(condition)
        if when is not None and when > as_of:
            continue
        for stage in items(model, "stage"):
            draft = _stage_draft(stage, condition, reading, when)
            if any(getattr(draft, axis) for axis in ("t", "n", "m", "group")):
                drafts.append(draft)
    return drafts


def _stage_draft(
    stage: Any, condition: Parsed, reading: DiagnosisReading, when: date | None
) -> _Draft:
    summary = coded(get(stage, "summary"))
    type_texts = coded(get(stage, "type")).texts()
    kind = _kind_from_words(type_texts) or StageKind.UNSPECIFIED
    draft = _Draft(
        kind=kind,
        date=when,
        evidence=[condition.reference],
        cancer_type=reading.cancer_type_by_condition[condition.reference],
        text=summary.text,
        edition=parse_edition(type_texts + summary.texts()),
    )
    group = parse_group(summary)
    if group:
        draft.group = group[0]
        if kind is StageKind.UNSPECIFIED and group[1] is not None:
            draft.kind = group[1]
    _fill_from_text(draft, summary.texts())
    return draft


def _same_stage(a: _Draft, b: _Draft) -> bool:
    fields = ("t", "n", "m", "group", "kind", "date")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def _only_cancer_type(reading: DiagnosisReading) -> str | None:
    types = {d.cancer_type for d in reading.diagnoses if d.cancer_type}
    return types.pop() if len(types) == 1 else None


def _npc_rule(group: str, edition: str | None) -> bool:
    if group == "IVC":
        return True
    return group == "IVB" and (edition is None or (edition.isdigit() and int(edition) >= 8))


_GROUP_RULES: tuple[tuple[str, Callable[[str, str | None], bool]], ...] = (
    ("nasopharyngeal_carcinoma", _npc_rule),
    ("head_and_neck_squamous_cell_carcinoma", lambda group, _: group == "IVC"),
    ("breast_cancer", lambda group, _: group.startswith("IV")),
    ("lung_cancer", lambda group, _: group.startswith("IV")),
    ("colorectal_cancer", lambda group, _: group.startswith("IV")),
    ("pancreatic_cancer", lambda group, _: group.startswith("IV")),
    ("melanoma", lambda group, _: group.startswith("IV")),
)


def group_implies_m1(group: str, cancer_type: str | None, edition: str | None) -> bool:
    if cancer_type is None or cancer_type not in default_taxonomy():
        return False
    for node, rule in _GROUP_RULES:
        if default_taxonomy().is_a(cancer_type, node):
            return rule(group, edition)
    return False


def decide_metastatic(stages: StageReading, reading: DiagnosisReading) -> MetastaticStatus:
    for stage in stages.stages:
        if stage.m and stage.m.startswith("M1"):
            return MetastaticStatus(
                value=True, reason=f"{stage.m} recorded", evidence=stage.evidence
            )
    distant = [s for s in reading.secondaries if s.kind != "secondary_regional_nodes" and s.active]
    if distant:
        return MetastaticStatus(
            value=True,
            reason="secondary malignancy of a distant site recorded",
            evidence=tuple(s.reference for s in distant),
        )
    if reading.metastatic_text:
        return MetastaticStatus(
            value=True, reason="diagnosis recorded as metastatic", evidence=reading.metastatic_text
        )
    for stage, cancer_type in zip(stages.stages, stages.cancer_types, strict=True):
        if stage.group and group_implies_m1(stage.group, cancer_type, stage.edition):
            reason = f"stage {stage.group} implies M1 for {cancer_type}"
            return MetastaticStatus(value=True, reason=reason, evidence=stage.evidence)
    for stage in stages.stages:
        if stage.m == "M0":
            return MetastaticStatus(value=False, reason="M0 recorded", evidence=stage.evidence)
    if stages.stages:
        return MetastaticStatus(value=None, reason="stage recorded without M category that decides")
    return MetastaticStatus(value=None, reason="no staging or metastasis recorded")
