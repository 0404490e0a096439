"""Radiotherapy courses from Procedure resources, and from diagnoses written as the state after
radiotherapy (RT-IN-DIAGNOSIS).

A Procedure is radiotherapy when its code or text says so (`data/radiotherapy_concepts.csv`).
Status `not-done`, `entered-in-error` and `preparation` are ignored, as is anything starting
after `as_of`. Fractions are often recorded one Procedure each: Procedures at the same body site
(or both without one) less than `COURSE_GAP_DAYS` (14) apart are merged into one course. Where
it was given (`sites`) is read from `bodySite` and the procedure's own text
(`data/radiotherapy_sites.csv`; rule TRIAL-NO-PRIOR-LOCOREGIONAL-RT).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from eligibility.facts import RadiotherapyCourse
from eligibility.vocabulary import RadiotherapySite
from fhir_mapping.diagnoses import usable_condition
from fhir_mapping.elements import coded, coded_all, get, items
from fhir_mapping.parsing import Parsed
from fhir_mapping.procedures import performed_of
from fhir_mapping.terminology import (
    CodedText,
    ConceptTable,
    radiotherapy_site_table,
    radiotherapy_table,
)

COURSE_GAP_DAYS = 14
# RT-IN-DIAGNOSIS: "鼻咽癌放化疗后肝转移", "NPC s/p chemoradiation": the diagnosis says the site
# was irradiated, whoever gave it and whenever. English "s/p RT" and "s/p CRT" are left out:
# "RT" is also "right" ("s/p RT knee replacement") and CRT cardiac resynchronisation therapy.
_AFTER_RADIOTHERAPY = re.compile(
    r"(?:放疗|放化疗|放射治疗|调强放疗|根治性放疗|IMRT|TOMO"
    # RT-NAMES: radiotherapy by its technique.
    r"|质子(?!泵)(?:重离子)?(?:治疗|放疗)|重离子(?:治疗|放疗)|碳离子(?:治疗|放疗)|后装(?:治疗|放疗)"
    r"|近距离(?:放射)?治疗|粒子植入"
    # Stereotactic radiotherapy by its machines and names ("脑转移瘤伽玛刀治疗后").
    r"|伽[玛马]刀|γ刀|射波刀|立体定向放疗|立体定向放射外科|SRS|SBRT|全脑放疗|WBRT)\s*(?:术|治疗)?后|"
    r"(?<![A-Za-z])(?:s/p|status post|post)[- ]?(?:chemo-?)?(?:radiation|radiotherapy|"
    r"irradiation|chemoradiation|chemoradiotherapy|IMRT|proton(?: beam)? therapy|"
    r"brachytherapy|SRS|SBRT|WBRT|stereotactic radiosurgery|gamma knife|"
    r"whole[- ]brain (?:radiotherapy|radiation|irradiation))(?![A-Za-z])|"
    r"\bafter (?:chemo-?)?(?:radiotherapy|radiation|irradiation)\b",
    re.IGNORECASE,
)


# The cancer's own name in a course's text names the disease, not the field: "鼻咽癌骨转移姑息放疗"
# irradiated bone metastases, "鼻咽癌调强放疗" (no other target) the NPC itself.
_CANCER_NAME = re.compile(
    r"鼻咽(?:癌|恶性肿瘤|未分化癌|非角化|鳞)|nasopharyngeal (?:carcinoma|cancer|malignan\w*)",
    re.IGNORECASE,
)
_METASTASIS = re.compile(r"转移|metasta|\bmets?\b", re.IGNORECASE)
_NPC = re.compile(r"\bNPC\b")  # the cancer by its abbreviation, not a site
_PRIMARY = re.compile(r"原发(?:病)?灶|\bprimary\b", re.IGNORECASE)  # the NPC's own site


def _fields(table: ConceptTable, site: CodedText, procedure: CodedText) -> set[RadiotherapySite]:
    """The sites `bodySite` and the procedure's words name (TRIAL-NO-PRIOR-LOCOREGIONAL-RT);
    a nasopharynx named only by the cancer's name is left out when the words name another
    target, a site or a metastasis."""
    found = {RadiotherapySite(s) for s in table.every_concept(site + procedure)}
    if RadiotherapySite.NASOPHARYNX not in found or not any(
        _CANCER_NAME.search(t) for t in procedure.texts()
    ):
        return found
    unnamed = CodedText(
        tuple(
            replace(c, display=_CANCER_NAME.sub(" ", c.display)) if c.display else c
            for c in procedure.codings
        ),
        _CANCER_NAME.sub(" ", procedure.text) if procedure.text else None,
    )
    rest = {RadiotherapySite(s) for s in table.every_concept(site + unnamed)}
    words = unnamed.texts()
    if (
        RadiotherapySite.NASOPHARYNX in rest
        or any(_PRIMARY.search(t) for t in words)
        or not (rest or any(_METASTASIS.search(t) for t in words))
    ):
        return found
    return rest


@dataclass
class _Course:
    start: date | None
    end: date | None
    site: str | None
    text: str | None
    evidence: list[str] = field(default_factory=list)
    sites: set[RadiotherapySite] = field(default_factory=set)


def read_radiotherapy(procedures: list[Parsed], as_of: date) -> tuple[RadiotherapyCourse, ...]:
    fractions: list[_Course] = []
    table = radiotherapy_site_table()
    for done in performed_of(procedures, radiotherapy_table(), as_of):
        concept = done.code
        site_concept = coded_all(items(done.procedure.model, "bodySite"))
        site = site_concept.text or next(iter(site_concept.texts()), None)
        text = concept.text or next(iter(concept.texts()), None)
        sites = _fields(table, site_concept, concept)
        reference = done.procedure.reference
        fractions.append(
            _Course(done.start, done.end or done.start, site, text, [reference], sites)
        )
    fractions.sort(key=lambda c: (c.start is None, c.start or date.min))
    courses: list[_Course] = []
    gap = timedelta(days=COURSE_GAP_DAYS)
    for fraction in fractions:
        previous = courses[-1] if courses else None
        if (
            previous is not None
            and previous.site == fraction.site
            and previous.end is not None
            and fraction.start is not None
            and fraction.start - previous.end < gap
        ):
            previous.end = max(previous.end, fraction.end or fraction.start)
            previous.evidence.extend(fraction.evidence)
            previous.sites |= fraction.sites
            continue
        courses.append(fraction)
    return tuple(
        RadiotherapyCourse(
            evidence=tuple(c.evidence),
            start=c.start,
            end=c.end,
            site=c.site,
            text=c.text,
            sites=frozenset(c.sites),
        )
        for c in courses
    )


def read_radiotherapy_in_diagnoses(
    conditions: list[Parsed],
) -> tuple[RadiotherapyCourse, ...]:
    """RT-IN-DIAGNOSIS: a course for each diagnosis whose words say radiotherapy was given
    ("鼻咽癌放化疗后"), undated, at the sites its words up to there name (none: site unknown)."""
    courses = []
    table = radiotherapy_site_table()
    for condition in conditions:
        if not usable_condition(condition):
            continue
        concept = coded(get(condition.model, "code"))
        found = next(
            ((t, m) for t in concept.texts() if (m := _AFTER_RADIOTHERAPY.search(t))), None
        )
        if found is None:
            continue
        text, after = found
        # The words up to "after radiotherapy" say what was irradiated; those after it, what
        # came since ("肝转移": the relapse, not a field).
        irradiated = CodedText(concept.codings, text[: after.end()])
        sites = frozenset(_irradiated(table, irradiated, after.group()))
        courses.append(RadiotherapyCourse(evidence=(condition.reference,), text=text, sites=sites))
    return tuple(courses)


_PHRASE_GAP = re.compile(r"[\s，,、；;：:]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")  # "放疗后": the Chinese words of RT-IN-DIAGNOSIS


def _irradiated(table: ConceptTable, words: CodedText, after: str) -> set[RadiotherapySite]:
    """The field of a diagnosis's "after radiotherapy" words (RT-IN-DIAGNOSIS). In Chinese, the
    nearest phrase before them that names one: "鼻咽癌IVB期 骨转移放疗后" irradiated the bone
    metastases. English phrases are not told apart: words naming the cancer and another target
    ("NPC with bone metastases, s/p radiotherapy") leave the site unknown; otherwise every site
    their words name."""
    if not _CJK.search(after):
        named = {RadiotherapySite(s) for s in table.every_concept(words)}
        cancer = any(_CANCER_NAME.search(t) or _NPC.search(t) for t in words.texts())
        if cancer and named - {RadiotherapySite.NASOPHARYNX}:
            return set()  # the cancer or the other target: which, the words do not say
        return named
    for phrase in reversed(_PHRASE_GAP.split(words.text or "")):
        if phrase:
            sites = _fields(table, CodedText(), CodedText((), phrase))
            if sites:
                return sites
    return {RadiotherapySite(s) for s in table.every_concept(words)}
