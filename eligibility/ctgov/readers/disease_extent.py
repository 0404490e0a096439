"""Whether the disease must be metastatic or not, and required stage groups."""

from __future__ import annotations

import re
from collections.abc import Callable

from eligibility.criteria import Criterion, MetastaticCriterion, StageCriterion
from eligibility.ctgov.readers.reading import HEDGES, Reading, negated_before, span_of

_I = re.IGNORECASE

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


def read_metastatic(reading: Reading) -> None:
    text = reading.text
    non = _NON_METASTATIC.search(text)
    if non is not None and not reading.excludes:
        if HEDGES.search(text):
            reading.unsure.add("metastatic")
            return
        reading.add("metastatic", _metastatic(False, text), span_of(non))
        return
    met = _METASTATIC.search(text)
    if met is None:
        return
    if _METASTATIC_DOUBT.search(text) or HEDGES.search(text) or non is not None:
        reading.unsure.add("metastatic")
        return
    if negated_before(text, met.start(), 30):
        if reading.excludes:
            reading.unsure.add("metastatic")
            return
        reading.add("metastatic", _metastatic(False, text), span_of(met))
        return
    reading.add("metastatic", _metastatic(not reading.excludes, text), span_of(met))


def _metastatic(required: bool, text: str) -> Callable[[str], Criterion]:
    def build(cid: str) -> Criterion:
        return MetastaticCriterion(
            id=cid,
            label="Metastatic disease" if required else "No distant metastases",
            required=required,
            source_text=text,
        )

    return build


def read_stage(reading: Reading) -> None:
    text = reading.text
    lists = list(_STAGE_LIST.finditer(text))
    if not lists:
        return
    if (
        reading.excludes
        or HEDGES.search(text)
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

    reading.add("stage", build, *(span_of(m) for m in lists))
