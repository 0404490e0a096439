"""The disease extents a trial allows ("locally advanced, unresectable, or metastatic"), whether
the disease must be metastatic or not, and required stage groups.

An extent list is read only where it states what the disease must be: the same words as the
setting of prior therapy ("for metastatic disease") are the prior-lines reader's. The criterion
allows any extent listed (EXT-EXTENT); wording it cannot say more narrowly — two extents joined
("locally advanced unresectable"), "incurable" — still gives that list, which every eligible
patient meets, and sends the item to review for the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eligibility.criteria import (
    Criterion,
    DiseaseExtent,
    DiseaseExtentCriterion,
    MetastaticCriterion,
    StageCriterion,
)
from eligibility.ctgov.readers.reading import HEDGES, Reading, negated_before, span_of
from eligibility.ctgov.readers.settings import inside, settings
from eligibility.phrasing import EXTENT_LABELS, either

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


_RESECTION = r"(?:unresectable|non-?resectable|not\s+resectable|inoperable)"
_TERM = (
    rf"(?:locally[\s-]+advanced|locally[\s-]+recurrent|{_RESECTION}|recurrent|metastatic|"
    r"advanced)"
)
_SEPARATOR = r"(?:\s*,\s*(?:and/or\s+|or\s+)?|\s*/\s*|\s+(?:and/or|or)\s+|\s*\(\s*|\s+)"
_EXTENT_LIST = re.compile(rf"(?<![\w-]){_TERM}\)?(?:{_SEPARATOR}{_TERM}\)?)*(?![\w-])", _I)
_TERM_ONLY = re.compile(rf"(?<![\w-]){_TERM}(?![\w-])", _I)
_EXTENT_OF: tuple[tuple[re.Pattern[str], DiseaseExtent | None], ...] = (
    (re.compile(r"locally[\s-]+advanced", _I), "locally_advanced"),
    (re.compile(r"(?:locally[\s-]+)?recurrent", _I), "recurrent"),
    (re.compile(_RESECTION, _I), "unresectable"),
    (re.compile(r"metastatic", _I), "metastatic"),
    (re.compile(r"advanced", _I), None),
)
# In the clause of an extent list, words that make it something else than the disease's extent:
# a site of spread, a specimen, a condition or permission.
_EXTENT_DOUBT = re.compile(
    r"brain|\bcns\b|central nervous|leptomening|(?:liver|bone|hepatic|lung|nodal|visceral|"
    r"osseous|peritoneal|pulmonary)\s+metasta|metastatic disease to|metastas[ie]s to|"
    r"oligometasta|\bsites?\b|\blesions?\b|biopsy|tissue|specimen|archival|\bif\b|\bmay\b|"
    r"\bonly\b|\bULN\b|stage\s+(?:IV|I{1,3})|\bM[01]\b|\bdeems?\b|"
    r"\b(?:groups?|arms?|cohorts?)\b|newly diagnosed|\([a-z]\)|^\s*for\s+[^,]{1,60},",
    _I,
)
# "High Grade Serous Ovarian Cancer - ...; metastatic or unresectable; ...": the rule of one
# tumour type's cohort, not of every patient.
_TUMOUR_HEADING = re.compile(
    r"^[^;:.]{0,100}?\b(?:cancer|carcinoma|tumou?rs?|sarcoma|melanoma|lymphoma|leuka?emia|"
    r"cohort|part|arm|group)\b[^;:.]{0,40}?\s[-–—]\s",
    _I,
)
# "recurrent/relapsed or progressive disease": the extents are one alternative of several.
_ALTERNATIVE_BEFORE = re.compile(r"(?:\bor|\band/or|/)\s*$", _I)
_ALTERNATIVE_AFTER = re.compile(r"^\s*(?:,\s*)?(?:or\b|and/or\b|/)", _I)
_NARROWER = re.compile(r"\bincurable\b|\bnot amenable\b|\bcurative\b(?! therap)", _I)


def _clause(text: str, start: int, end: int) -> str:
    """The sentence or semicolon clause around text[start:end]."""
    left = max(text.rfind(";", 0, start), text.rfind(". ", 0, start))
    right = min((i for i in (text.find(";", end), text.find(". ", end)) if i >= 0), default=-1)
    return text[left + 1 : right if right >= 0 else len(text)]


def _extents(words: str) -> tuple[list[DiseaseExtent], bool] | None:
    """The extents an extent list names, and whether two are joined (narrower than either);
    None when it names "advanced" on its own, which no extent says."""
    terms = list(_TERM_ONLY.finditer(words))
    kinds = [
        next(kind for pattern, kind in _EXTENT_OF if pattern.fullmatch(t.group(0))) for t in terms
    ]
    joined = False
    found: list[DiseaseExtent] = []
    for index, (term, kind) in enumerate(zip(terms, kinds, strict=True)):
        before = words[terms[index - 1].end() : term.start()] if index else ""
        after = words[term.end() : terms[index + 1].start()] if index + 1 < len(terms) else ""
        if kind is None:
            # "unresectable advanced", "advanced/unresectable", "advanced (unresectable)": the
            # unresectable extent; "advanced" alone is not one.
            near = (
                index and kinds[index - 1] == "unresectable" and not re.search(r",|\bor\b", before)
            ) or (
                index + 1 < len(terms)
                and kinds[index + 1] == "unresectable"
                and not re.search(r",|\bor\b", after)
            )
            if not near:
                return None
            continue
        if index and kinds[index - 1] is not None and not re.search(r",|/|\bor\b", before):
            joined = True  # "locally advanced unresectable", "locally advanced (unresectable)"
        if (
            index
            and re.fullmatch(r"\s*/\s*", before)
            and kinds[index - 1] not in (None, "metastatic")
            and kind != "metastatic"
        ):
            return None  # "locally advanced/recurrent": and, or or? (trials write both)
        if kind not in found:
            found.append(kind)
    return found, joined


def _hedged(clause: str, words: str) -> bool:
    """A permission or exception near the list ("... are eligible if ..."); one far down a long
    list of tumour types ("mixed histology allowed") is about that tumour, one in brackets about
    prior lines is about lines, and "clinically acceptable therapy" permits nothing."""
    start = clause.find(words)
    near = clause[max(0, start - 80) : start + len(words) + 120]
    # "(any number of previous lines of therapy is allowed)" permits lines, not extents.
    near = re.sub(r"\([^()]*\b(?:lines?|therap\w*|regimens?)\b[^()]*\)", "", near, flags=_I)
    return any(
        not re.match(r"\s+(?:standard\s+)?(?:therap|treatment)", near[m.end() :], _I)
        for m in HEDGES.finditer(near)
    )


def _conditional(clause: str, words: str) -> bool:
    """ "Patients with locally advanced disease must have ...": a condition, not a requirement."""
    before, _, after = clause.partition(words)
    if not re.search(r"[a-z]", before, _I) and re.search(r"\b(?:must|should)\s+be\b", after, _I):
        return True  # "Recurrent cancer must be isolated to the abdomen": said of such disease
    return bool(
        re.search(
            r"\b(?:patients|participants|subjects|those|individuals)\s+(?:with|who|whose)\b",
            before,
            _I,
        )
        and re.search(r"\b(?:must|should|need|requires?|required)\b", after, _I)
    )


def _read_extent_list(reading: Reading) -> bool:
    """Reads an extent list stated as a requirement; True when the item had one (read, or left
    for review), so the single "metastatic" reading is not tried."""
    text = reading.text
    phrases = settings(text)
    lists = []
    for match in _EXTENT_LIST.finditer(text):
        if inside(match.start(), phrases):
            continue
        terms = _TERM_ONLY.findall(match.group(0))
        if len(terms) == 1 and (reading.excludes or terms[0].lower() == "advanced"):
            # "advanced" says no extent; one word in an exclusion is as often about something
            # else ("recurrent infections").
            continue
        lists.append(match)
    if all(
        _TERM_ONLY.fullmatch(m.group(0).lower()) and "metasta" in m.group(0).lower() for m in lists
    ):
        return False  # "metastatic" alone, maybe said twice: the single reading's
    if len(lists) > 1 or reading.excludes:
        reading.unsure.add("disease_extent")
        return True
    match = lists[0]
    clause = _clause(text, match.start(), match.end())
    read = _extents(match.group(0))
    if (
        read is None
        or _hedged(clause, match.group(0))
        or _EXTENT_DOUBT.search(clause)
        or negated_before(text, match.start(), 25)
        or re.search(r"\b(?:prior|previous|history of|non)[\s-]*$", text[: match.start()], _I)
        or _conditional(clause, match.group(0))
        or _TUMOUR_HEADING.match(text)
        or _ALTERNATIVE_BEFORE.search(text[: match.start()])
        or _ALTERNATIVE_AFTER.match(text[match.end() :])
    ):
        reading.unsure.add("disease_extent")
        return True
    allowed, joined = read
    if joined or _NARROWER.search(clause):
        reading.unsure.add("disease_extent")  # the list holds; the rest is for review

    def build(cid: str) -> Criterion:
        return DiseaseExtentCriterion(
            id=cid,
            label=f"{either(EXTENT_LABELS[e] for e in allowed).capitalize()} disease",
            allowed=tuple(allowed),
            source_text=text,
        )

    reading.add("disease_extent", build, span_of(match))
    return True


def read_metastatic(reading: Reading) -> None:
    if _read_extent_list(reading):
        return
    text = reading.text
    phrases = settings(text)
    if phrases and all(inside(m.start(), phrases) for m in re.finditer(r"metasta", text, _I)):
        return  # only the setting of prior therapy: the prior-lines reader's
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
