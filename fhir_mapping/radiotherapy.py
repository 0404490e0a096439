"""Radiotherapy courses from Procedure resources, and from diagnoses that say it was given: the
state after it, its history, or a diagnosis that implies it (RT-IN-DIAGNOSIS,
`radiotherapy_words`).

A Procedure is radiotherapy when its code or text says so (`data/radiotherapy_concepts.csv`).
Status `not-done` and `entered-in-error` are ignored, as is anything starting after `as_of`; a
step before a course (simulation, planning: RT-PLANNING), a course being prepared (status
`preparation`) and one whose record does not know its status (`unknown`) are courses whose
delivery is not known (`given` None). Fractions are often recorded one Procedure each:
Procedures at the same body site (or both without one) less than `COURSE_GAP_DAYS` (14) apart
are merged into one course. Where
it was given (`sites`) is read from `bodySite` and the procedure's own text
(`data/radiotherapy_sites.csv`; rule TRIAL-NO-PRIOR-LOCOREGIONAL-RT), and when they name none,
from the head and neck sites its note names while speaking of the course.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import NamedTuple

from eligibility.facts import RadiotherapyCourse
from eligibility.vocabulary import RadiotherapySite
from fhir_mapping.diagnoses import usable_condition
from fhir_mapping.elements import coded, coded_all, get, items
from fhir_mapping.noted_not_given import note_texts
from fhir_mapping.parsing import Parsed
from fhir_mapping.procedures import PREPARATION, STATUS_UNKNOWN, performed_of
from fhir_mapping.radiotherapy_words import (
    implied_by_diagnosis,
    planned_only,
    radiation_injury_in_report,
    radiotherapy_in_report,
    radiotherapy_in_words,
)
from fhir_mapping.reports import findings
from fhir_mapping.terminology import (
    CodedText,
    ConceptTable,
    radiotherapy_site_table,
    radiotherapy_table,
)

COURSE_GAP_DAYS = 14


# The cancer by its abbreviation, a whole Latin word ("NPC放化疗后" too; not "NPCs" or "SNPC").
_NPC_WORD = r"(?-i:(?<![A-Za-z0-9])NPC(?![A-Za-z0-9]))"
_NPC = re.compile(_NPC_WORD)
# The cancer's own name in a course's text names the disease, not the field: "鼻咽癌骨转移姑息放疗"
# irradiated bone metastases, "鼻咽癌调强放疗" or "IMRT for NPC" (no other target) the NPC
# itself, the nasopharynx.
_CANCER_NAME = re.compile(
    r"鼻咽(?:癌|恶性肿瘤|未分化癌|非角化|鳞)|nasopharyngeal (?:carcinoma|cancer|malignan\w*)|"
    + _NPC_WORD,
    re.IGNORECASE,
)
_METASTASIS = re.compile(r"转移|metasta|\bmets?\b", re.IGNORECASE)
_PRIMARY = re.compile(r"原发(?:病)?灶|\bprimary\b", re.IGNORECASE)  # the NPC's own site


def _fields(table: ConceptTable, site: CodedText, procedure: CodedText) -> set[RadiotherapySite]:
    """The sites `bodySite` and the procedure's words name (TRIAL-NO-PRIOR-LOCOREGIONAL-RT);
    a nasopharynx named only by the cancer's name is left out when the words name another
    target, a site or a metastasis."""
    found = {RadiotherapySite(s) for s in table.every_concept(site + procedure)}
    if any(_NPC.search(t) for t in procedure.texts()):
        found.add(RadiotherapySite.NASOPHARYNX)  # the cancer's own field, as 鼻咽癌 names it
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


# TRIAL-NO-PRIOR-LOCOREGIONAL-RT: a course whose record names no field may name it in its note
# ("鼻咽+颈部 70Gy/33F"). A note is free text -- a symptom, a plan, a side effect may name a site
# beside the field ("颈部皮肤红肿") -- so only a clause that speaks of the course (its
# radiotherapy words or dose, or a field's label) is read, not one that denies a site, and only
# for the head and neck sites: a note naming another site cannot say the nasopharynx and neck
# were spared, and the site stays not recorded (asked for, never "not locoregional").
_NOTE_CLAUSES = re.compile(r"[，,；;。\n]+")
_FIELD_LABEL = re.compile(
    r"照射(?:野|部位|范围)|放疗(?:部位|范围)|部位\s*[:：]|靶区|\b(?:fields?|sites?|targets?)\b",
    re.IGNORECASE,
)
_SPARED = re.compile(r"未|无|不|除外|\b(?:no|not|without|spar(?:ed|ing)|except)\b", re.IGNORECASE)
_LOCOREGIONAL = frozenset(
    {RadiotherapySite.NASOPHARYNX, RadiotherapySite.NECK, RadiotherapySite.HEAD_AND_NECK}
)
# A denial of the course's side effects ("无明显不良反应", "未诉不适", "without significant
# toxicity") denies no field: it is left out before the clause is read for one, so that
# "鼻咽+颈部 70Gy/33F 无明显不良反应" names its field while "颈部未照射" still spares the neck.
_NO_SIDE_EFFECTS = re.compile(
    r"(?:无|未见|未出现|未诉|未述|没有|否认)(?:明显|明确|严重|特殊|显著|急性|晚期|其他|\s)*"
    r"(?:(?:[1-5１-５一二三四五]|[≥>]\s*[1-5])\s*级(?:及?以上)?)?的?(?:放疗)?"
    r"(?:毒副反应|毒副作用|毒性反应|不良反应|副反应|副作用|反应|并发症|不适)"
    r"|\b(?:no|without)\s+(?:(?:significant|major|notable|serious|severe|acute|late|obvious"
    r"|apparent|unexpected|grade\s*[≥>]?\s*[1-5]\+?)\s+)*(?:side[- ]effects?"
    r"|adverse (?:events?|effects?|reactions?)|toxicit(?:y|ies)|complications?)\b",
    re.IGNORECASE,
)


def _noted_fields(table: ConceptTable, notes: list[str]) -> set[RadiotherapySite]:
    found: set[RadiotherapySite] = set()
    for clause in (c for note in notes for c in _NOTE_CLAUSES.split(note)):
        words = CodedText(text=clause)
        if _SPARED.search(_NO_SIDE_EFFECTS.sub(" ", clause)) or not (
            _FIELD_LABEL.search(clause) or radiotherapy_table().concepts(words)
        ):
            continue
        found |= _fields(table, CodedText(), words) & _LOCOREGIONAL
    return found


@dataclass
class _Course:
    start: date | None
    end: date | None
    site: str | None
    text: str | None
    evidence: list[str] = field(default_factory=list)
    sites: set[RadiotherapySite] = field(default_factory=set)
    given: bool | None = True  # None: a step before the course, its delivery not recorded


# RT-PLANNING: FHIR R4 Procedure.status `preparation` ("the core event has not started yet, but
# some staging activities have begun") and `unknown` ("the authoring system does not know which
# of the status values currently applies"): whether the course was given is not known.
_NOT_KNOWN_GIVEN = frozenset({PREPARATION, STATUS_UNKNOWN})


def read_radiotherapy(procedures: list[Parsed], as_of: date) -> tuple[RadiotherapyCourse, ...]:
    fractions: list[_Course] = []
    table = radiotherapy_site_table()
    for done in performed_of(procedures, radiotherapy_table(), as_of, also=_NOT_KNOWN_GIVEN):
        concept = done.code
        site_concept = coded_all(items(done.procedure.model, "bodySite"))
        site = site_concept.text or next(iter(site_concept.texts()), None)
        text = concept.text or next(iter(concept.texts()), None)
        sites = _fields(table, site_concept, concept) or _noted_fields(
            table, note_texts(items(done.procedure.model, "note"))
        )
        reference = done.procedure.reference
        # RT-PLANNING: a simulation or plan irradiated nothing; whether the course followed
        # is not recorded by it.
        given = None if planned_only(concept) or done.status in _NOT_KNOWN_GIVEN else True
        fractions.append(
            _Course(done.start, done.end or done.start, site, text, [reference], sites, given)
        )
    fractions.sort(key=lambda c: (c.start is None, c.start or date.min))
    courses: list[_Course] = []
    gap = timedelta(days=COURSE_GAP_DAYS)
    for fraction in fractions:
        previous = courses[-1] if courses else None
        if (
            previous is not None
            and previous.site == fraction.site
            and previous.given == fraction.given  # a simulation is no fraction of its course
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
            given=c.given,
        )
        for c in courses
    )


class _Said(NamedTuple):
    """A course a diagnosis or a report says was given; `temporal_lobe` when all it says of the
    field is a radiation injury or post-radiation change of the temporal lobe
    (RT-IN-DIAGNOSIS: the nasopharynx, unless brain radiotherapy may have caused it)."""

    course: RadiotherapyCourse
    temporal_lobe: bool = False


def _said_in_diagnoses(conditions: list[Parsed]) -> list[_Said]:
    """RT-IN-DIAGNOSIS: a course for each diagnosis whose words say radiotherapy was given
    ("鼻咽癌放化疗后", "既往鼻咽癌放疗史", "Hx of XRT to neck"), undated, at the sites its words
    name (none: site unknown); else for each diagnosis that implies it (a late toxicity, an
    encounter for radiotherapy, a history code), at the field it implies."""
    said = []
    table = radiotherapy_site_table()
    for condition in conditions:
        if not usable_condition(condition):
            continue
        concept = coded(get(condition.model, "code"))
        found = next(
            ((t, w) for t in concept.texts() if (w := radiotherapy_in_words(t)) is not None), None
        )
        if found is not None:
            text, words = found
            # The words that name the field: after radiotherapy, those before it ("肝转移" after
            # it is what came since, not a field).
            irradiated = CodedText(concept.codings, words.field)
            sites = frozenset(_irradiated(table, irradiated, words.said))
            temporal = not sites and _temporal_lobe_only(words.field)
        elif implied := implied_by_diagnosis(concept):
            text = concept.text or next(iter(concept.texts()), "")
            body_site = coded_all(items(condition.model, "bodySite"))
            sites = frozenset(_implied_fields(table, implied, concept, body_site))
            temporal = _TEMPORAL_LOBE in implied
        else:
            continue
        if temporal:
            sites = frozenset({RadiotherapySite.NASOPHARYNX})
        course = RadiotherapyCourse(evidence=(condition.reference,), text=text, sites=sites)
        said.append(_Said(course, temporal))
    return said


def _said_in_reports(reports: list[Parsed], as_of: date) -> list[_Said]:
    """RT-IN-REPORT: a course for each sentence of a report's conclusion (by `as_of`) that says
    the site was irradiated ("鼻咽癌放疗后改变": the radiologist sees the nasopharynx after
    radiotherapy), undated, given (whoever gave it), at the sites its words name; and for each
    clause naming an injury of radiotherapy ("双侧颞叶放射性脑病"), at the field it implies, not
    known to be given when the radiologist holds it open ("考虑放射性脑病可能")."""
    said = []
    table = radiotherapy_site_table()
    for report in reports:
        read = findings(report, as_of)
        if read is None:
            continue
        for text in read.texts:
            for words in radiotherapy_in_report(text):
                sites = frozenset(_irradiated(table, CodedText((), words.field), words.said))
                # "双侧颞叶放疗后改变", "Post-radiation changes in the temporal lobes": no field
                # the site table knows, the temporal lobes changed as by their injury.
                temporal = not sites and _temporal_lobe_only(words.field)
                course = RadiotherapyCourse(
                    evidence=(report.reference,),
                    text=words.field[-120:],
                    sites=frozenset({RadiotherapySite.NASOPHARYNX}) if temporal else sites,
                )
                said.append(_Said(course, temporal))
            # An injury the radiologist names ("双侧颞叶放射性脑病") says its field was
            # irradiated, as on the problem list; one held open does not say it was.
            for injury in radiation_injury_in_report(text):
                clause = CodedText(text=injury.clause)
                sites = frozenset(_implied_fields(table, injury.implied, clause, CodedText()))
                course = RadiotherapyCourse(
                    evidence=(report.reference,),
                    text=injury.clause[-120:],
                    sites=sites,
                    given=None if injury.held_open else True,
                )
                said.append(_Said(course, _TEMPORAL_LOBE in injury.implied))
    return said


def read_prior_radiotherapy(
    courses: tuple[RadiotherapyCourse, ...],
    conditions: list[Parsed],
    reports: list[Parsed],
    as_of: date,
    *,
    brain_metastases: bool,
) -> tuple[RadiotherapyCourse, ...]:
    """Every radiotherapy course the chart records: its Procedures (`courses`, as
    `read_radiotherapy` reads them), the diagnoses that say it
    was given (RT-IN-DIAGNOSIS) and the reports' conclusions (RT-IN-REPORT). A radiation injury
    of the temporal lobe is the nasopharyngeal fields' late injury, unless the chart holds brain
    metastases (`brain_metastases`, recorded ever) or radiotherapy to the brain: radiosurgery
    and whole-brain radiotherapy injure the temporal lobe too, and which course caused it is
    not recorded (its field unknown, never the nasopharynx)."""
    said = _said_in_diagnoses(conditions) + _said_in_reports(reports, as_of)
    brain = brain_metastases or any(
        RadiotherapySite.BRAIN in c.sites for c in (*courses, *(s.course for s in said))
    )
    return courses + tuple(
        _not_attributed(s.course) if brain and s.temporal_lobe else s.course for s in said
    )


def _not_attributed(course: RadiotherapyCourse) -> RadiotherapyCourse:
    return course.model_copy(
        update={
            "sites": frozenset(),
            "text": f"{course.text or 'a radiation injury of the temporal lobe'}: brain "
            "metastases or brain radiotherapy recorded, so the field of the radiotherapy that "
            "caused it is not known",
        }
    )


# RT-IN-DIAGNOSIS: the temporal lobe named, and no tumour in it ("颞叶转移瘤放疗后" is a brain
# metastasis irradiated, not a lobe in the nasopharyngeal fields).
_TEMPORAL_LOBE_WORDS = re.compile(r"颞叶|\btemporal lobes?\b", re.IGNORECASE)
_TUMOUR = re.compile(r"转移|瘤|灶|占位|metasta|\bmets?\b|\btumou?r|\blesion|\bnodul", re.IGNORECASE)


def _temporal_lobe_only(words: str) -> bool:
    return bool(_TEMPORAL_LOBE_WORDS.search(words)) and not _TUMOUR.search(words)


_READ_THE_WORDS = "radiotherapy"  # radiotherapy_diagnoses.csv: the words name the field
_UNRECORDED = "unrecorded"  # radiotherapy_diagnoses.csv: the field is not recorded
# radiotherapy_diagnoses.csv: the nasopharynx, unless brain radiotherapy may have caused it.
_TEMPORAL_LOBE = "temporal_lobe"


def _implied_fields(
    table: ConceptTable, implied: tuple[str, ...], concept: CodedText, body_site: CodedText
) -> set[RadiotherapySite]:
    """The field a diagnosis that implies radiotherapy says was irradiated (RT-IN-DIAGNOSIS):
    the site its table row names ("放射性颞叶坏死": the nasopharynx), else the sites its words
    and `bodySite` name ("放射性皮炎（颈部）", L58.0 at the neck: the skin the beam crossed;
    "恶性肿瘤放射治疗": none, not recorded)."""
    named = {
        RadiotherapySite.NASOPHARYNX if c == _TEMPORAL_LOBE else RadiotherapySite(c)
        for c in implied
        if c not in (_READ_THE_WORDS, _UNRECORDED)
    }
    if named or _READ_THE_WORDS not in implied:
        return named
    return _fields(table, body_site, concept)


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
        if any(_NPC.search(t) for t in words.texts()):
            named.add(RadiotherapySite.NASOPHARYNX)  # "NPC s/p chemoradiation": its own field
        cancer = any(_CANCER_NAME.search(t) for t in words.texts())
        if cancer and named - {RadiotherapySite.NASOPHARYNX}:
            return set()  # the cancer or the other target: which, the words do not say
        return named
    for phrase in reversed(_PHRASE_GAP.split(words.text or "")):
        if phrase:
            sites = _fields(table, CodedText(), CodedText((), phrase))
            if sites:
                return sites
    return {RadiotherapySite(s) for s in table.every_concept(words)}
