"""What the chart says about brain metastases beyond their diagnosis: treated, stable, on
corticosteroids (rule CNS-METASTASES, facts `BrainMetastasisStatus`).

- Treated: a radiotherapy course with a brain site (whole-brain, stereotactic radiosurgery; read
  by `radiotherapy`) or brain surgery (`data/brain_procedures.csv`: craniotomy, resection),
  dated no earlier than `TREATMENT_BEFORE_ONSET_DAYS` before the metastases' onset (a
  prophylactic cranial irradiation is not a treatment of them). The last one dates it.
- Stable: brain imaging (an Observation or a DiagnosticReport coded or named as brain MRI / CT,
  `imaging:brain` in `data/observation_concepts.csv`) whose value or conclusion says stable or
  progressing. Only imaging after the last treatment counts; the newest decides, and stable
  since the treatment, or since a later scan that showed progression.
- Steroids: a systemic corticosteroid (`data/drug_roles.csv`) current at as_of; for the brain
  when its reason names the brain metastases (their Condition, or words such as cerebral
  oedema), not at all when it names another use (the antiemetic, a premedication), otherwise
  only listed (dexamethasone is also an antiemetic).
Nothing recorded leaves each field None: silence is never "untreated" or "off steroids".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from eligibility.facts import (
    BrainMetastasisStatus,
    ComorbidityFact,
    RadiotherapyCourse,
    TherapyExposure,
)
from eligibility.vocabulary import Comorbidity, RadiotherapySite
from fhir_mapping.brain_imaging_words import (
    BrainImagingSays,
    brain_imaging_says,
    diagnosis_rules_out_brain_metastases,
    names_meningeal_spread,
)
from fhir_mapping.chronology import period_bounds, to_date
from fhir_mapping.comorbidity_drugs import local_reference
from fhir_mapping.diagnoses import condition_date, usable_condition
from fhir_mapping.elements import coded, coded_all, get, status_code
from fhir_mapping.infections import current
from fhir_mapping.observations import observation_date, usable
from fhir_mapping.parsing import Parsed
from fhir_mapping.procedures import PREPARATION, STATUS_UNKNOWN
from fhir_mapping.reports import findings
from fhir_mapping.spread_words import names_leptomeningeal
from fhir_mapping.terminology import (
    CodedText,
    brain_procedure_table,
    drug_role_table,
    names_brain_metastases,
    observation_table,
)

TREATMENT_BEFORE_ONSET_DAYS = 30
# A corticosteroid dose or record this recent is still taken: dexamethasone for brain oedema
# is often recorded dose by dose, or as a completed prescription being tapered.
STEROID_RECENT_DAYS = 3
IMAGING = "imaging:brain"
# CNS-EHR: spine MRI, read only for leptomeningeal spread of the spinal meninges (脊膜转移):
# a vertebral metastasis or a stable spine says nothing of the brain.
SPINE_IMAGING = "imaging:spine"
# CNS-EHR: brain surgery not done, in error, being prepared, or of status `unknown` (the record
# does not know whether it took place) treated nothing known: whether the metastases were
# treated stays open, never "treated".
_IGNORED_STATUS = frozenset(
    {"not-done", "entered-in-error", PREPARATION, "cancelled", STATUS_UNKNOWN}
)

# "No progression" and "no new lesions" say stable; they are removed before looking for
# progression words.
_NEGATED = re.compile(
    r"\bno (evidence of |signs? of |interval |radiographic )*(progression|(new|enlarging)"
    r"( or (new|enlarging))?( enhancing)? (lesions?|metastas\w*))|without (progression|new "
    r"lesions?)|(?:未见|未发现|无)(?:明显|明确)?(?:进展|新发|新增|新见|新出现|新病灶)",
    re.IGNORECASE,
)
# CNS-EHR: a lesion newly seen (新增, 新见, 新出现) is a new lesion, as 新发 is.
_PROGRESSING = re.compile(
    r"progress|enlarg|increas\w* in (size|number)|\bnew\b[^.;,]{0,40}\b(lesion|metastas)|"
    r"\bpd\b|进展|增大|增多|新发|新增|新见|新出现",
    re.IGNORECASE,
)
# CNS-EHR: the Chinese report's words for no change (相仿, 大致同前, 变化不大) and for better
# (好转, 缓解, 消失) say stable or better, as "unchanged" and "resolved" do.
_STABLE = re.compile(
    r"\bstable\b|unchanged|no (significant |interval )?change|decreas|smaller|regress|resolv|"
    r"response|\bsd\b|\bpr\b|\bcr\b|稳定|缩小|无明显变化|变化不大|相仿|同前|好转|缓解|消失",
    re.IGNORECASE,
)
_FOR_THE_BRAIN = re.compile(
    r"brain|cerebr|intracranial|vasogenic|o?edema|\bcns\b|脑|颅", re.IGNORECASE
)
# CNS-EHR: a reason naming another use of the corticosteroid — the antiemetic given with
# chemotherapy, a premedication against hypersensitivity — says it is not for the metastases
# (read after `_FOR_THE_BRAIN`: "颅内压增高致呕吐" is theirs).
_FOR_SOMETHING_ELSE = re.compile(
    r"nause|vomit|emesis|emetic|\bcinv\b|premedicat|pre-medicat|hypersensitivity|allerg"
    r"|恶心|呕吐|止吐|预处理|过敏",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Steroids:
    """What the chart says of corticosteroids: for the brain metastases (`on`), the current
    ones' names, since when the current dose is unchanged, and the records read."""

    on: bool | None = None
    names: tuple[str, ...] = ()
    dose_since: date | None = None
    stopped_on: date | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BrainScan:
    when: date
    stable: bool  # False: progressing
    reference: str


def stability_said(texts: Iterable[str]) -> bool | None:
    """True when the texts say stable (or better), False when progressing, None when they say
    neither or both."""
    stable = progressing = False
    for text in texts:
        if _NEGATED.search(text):
            stable = True
        remainder = _NEGATED.sub(" ", text)
        progressing = progressing or bool(_PROGRESSING.search(remainder))
        stable = stable or bool(_STABLE.search(remainder))
    if stable == progressing:
        return None
    return stable


def _imaging(concept: CodedText, kind: str = IMAGING) -> bool:
    return kind in observation_table().concepts(concept)


def _brain_imaging_said(
    observations: Sequence[Parsed], reports: Sequence[Parsed], as_of: date
) -> Iterator[tuple[date | None, list[str], str]]:
    """(date, words, reference) of each brain imaging Observation or report read by `as_of`."""
    for when, texts, reference, _ in _imaging_said(observations, reports, as_of, IMAGING):
        yield when, texts, reference


def _imaging_said(
    observations: Sequence[Parsed], reports: Sequence[Parsed], as_of: date, kind: str
) -> Iterator[tuple[date | None, list[str], str, str]]:
    """(date, words, reference, what imaging it is: `_imaging_name`) of each imaging
    Observation or report of `kind` read by `as_of`."""
    for observation in observations:
        model = observation.model
        code = coded(get(model, "code"))
        if not _imaging(code, kind) or not usable(observation, as_of):
            continue
        said = coded(get(model, "valueCodeableConcept"))
        string = get(model, "valueString")
        texts = [*said.texts(), *([string] if isinstance(string, str) else [])]
        yield observation_date(model), texts, observation.reference, _imaging_name(code, kind)
    for report in reports:
        code = coded(get(report.model, "code"))
        if not _imaging(code, kind):
            continue
        read = findings(report, as_of)
        if read is not None:
            yield read.when, list(read.texts), report.reference, _imaging_name(code, kind)


# Letters on either side, not a word boundary: "头颅MRI", "头颅CT平扫" have none.
_MRI = re.compile(r"(?<![a-z])mri?(?![a-z])|magnetic resonance|磁共振", re.IGNORECASE)
_CT = re.compile(r"(?<![a-z])ct(?![a-z])|computed tomography", re.IGNORECASE)


def _imaging_name(code: CodedText, kind: str) -> str:
    """How a card names the imaging: brain (or spine) MRI or CT, or brain imaging when its
    name does not say which."""
    region = "spine" if kind == SPINE_IMAGING else "brain"
    texts = code.texts()
    if any(_MRI.search(text) for text in texts):
        return f"{region} MRI"
    if any(_CT.search(text) for text in texts):
        return f"{region} CT"
    return f"{region} imaging"


def read_brain_scans(
    observations: Sequence[Parsed], reports: Sequence[Parsed], as_of: date
) -> list[BrainScan]:
    """Brain imaging that says stable or progressing, with its date, oldest first."""
    scans: list[BrainScan] = []
    for when, texts, reference in _brain_imaging_said(observations, reports, as_of):
        _add_scan(scans, when, texts, reference)
    scans.sort(key=lambda scan: scan.when)
    return scans


def read_leptomeningeal_on_imaging(
    observations: Sequence[Parsed], reports: Sequence[Parsed], as_of: date
) -> tuple[ComorbidityFact, ...]:
    """CNS-METASTASES: the newest brain imaging, and the newest spine MRI, whose words name
    leptomeningeal spread, seen or suspected ("suspicious for leptomeningeal disease",
    脑膜转移不除外, 考虑脊膜转移), make it possible: the radiologist's reading is not the
    clinician's diagnosis, and beside treated, stable lesions it is what a coordinator asks
    about. An older scan the newest of its kind does not repeat says nothing now."""
    found = (
        _leptomeningeal_on_newest(observations, reports, as_of, IMAGING),
        _leptomeningeal_on_newest(observations, reports, as_of, SPINE_IMAGING),
    )
    return tuple(
        ComorbidityFact(
            evidence=(reference,),
            kind=Comorbidity.LEPTOMENINGEAL_DISEASE,
            onset=when,
            text=text,
            confirmed=False,
        )
        for when, text, reference, _ in filter(None, found)
    )


def _leptomeningeal_on_newest(
    observations: Sequence[Parsed], reports: Sequence[Parsed], as_of: date, kind: str
) -> tuple[date, str, str, str] | None:
    """(date, words, reference, imaging name) of the newest imaging of `kind` when its words
    name leptomeningeal spread."""
    dated = [
        (when, texts, reference, name)
        for when, texts, reference, name in _imaging_said(observations, reports, as_of, kind)
        if when is not None and texts
    ]
    if not dated:
        return None
    when, texts, reference, name = max(dated, key=lambda scan: scan[0])
    named = [text for text in texts if names_leptomeningeal(text) or names_meningeal_spread(text)]
    return (when, named[0], reference, name) if named else None


def _names_brain_metastases(text: str) -> bool:
    return names_brain_metastases(CodedText(text=text))


def _ruled_out(conditions: Sequence[Parsed], as_of: date) -> list[tuple[date, str]]:
    """CNS-EHR: (date, reference) of each diagnosis ruling brain metastases out — refuted, or
    its words deny them ("颅内转移已排除（MRI）", "No brain metastases"; not only new ones, nor
    only of a kind: `diagnosis_rules_out_brain_metastases`); an undated one as of `as_of` (it
    stands in the chart now)."""
    found = []
    for condition in conditions:
        concept = coded(get(condition.model, "code"))
        refuted = status_code(get(condition.model, "verificationStatus")) == "refuted"
        if (refuted and names_brain_metastases(concept)) or any(
            diagnosis_rules_out_brain_metastases(text, _names_brain_metastases)
            for text in concept.texts()
        ):
            found.append((condition_date(condition) or as_of, condition.reference))
    return found


def read_brain_metastases_on_imaging(
    observations: Sequence[Parsed],
    reports: Sequence[Parsed],
    as_of: date,
    recorded: Sequence[ComorbidityFact],
    conditions: Sequence[Parsed] = (),
) -> tuple[ComorbidityFact, ...]:
    """CNS-EHR: brain metastases the radiologist concludes on brain imaging, for a chart whose
    diagnoses do not establish them. Stated on a scan since the last scan or diagnosis (of
    `conditions`, `_ruled_out`) that denies them: established; only held open there
    (考虑…可能, "suspicious for"), or leptomeningeal disease read on imaging alone: possible;
    stated before a later denial: possible (resolved, or never there: ask); only held open
    before it: none (ruled out).
    The earliest such scan dates them. With nothing read on brain imaging, the newest spine
    MRI naming leptomeningeal spread (考虑脊膜转移) makes them possible."""
    if any(f.kind is Comorbidity.BRAIN_METASTASES and f.active and f.confirmed for f in recorded):
        return ()
    on_brain_imaging = _brain_metastases_on_brain_imaging(observations, reports, as_of, conditions)
    if on_brain_imaging:
        return on_brain_imaging
    # CNS-METASTASES: leptomeningeal spread of the spinal meninges on a spine MRI is a CNS
    # metastasis the brain imaging cannot deny: possible, as leptomeningeal spread read on
    # imaging alone is.
    spinal = _leptomeningeal_on_newest(observations, reports, as_of, SPINE_IMAGING)
    if spinal is None:
        return ()
    when, text, reference, name = spinal
    return (
        ComorbidityFact(
            evidence=(reference,),
            kind=Comorbidity.BRAIN_METASTASES,
            onset=when,
            text=text,
            confirmed=False,
            seen_on=f"{name} of {when.isoformat()}",
        ),
    )


def without_suspicions_imaging_ruled_out(
    comorbidities: Sequence[ComorbidityFact],
    observations: Sequence[Parsed],
    reports: Sequence[Parsed],
    as_of: date,
) -> tuple[ComorbidityFact, ...]:
    """CNS-EHR: the comorbidities less brain metastases a diagnosis holds only possible
    ("脑转移待排", a provisional C79.31) when the newest brain imaging that says anything of
    them, dated on or after the diagnosis, denies them ("颅内未见转移征象"): the work-up ended,
    as DX-WORDS reads a suspected cancer refuted since. An undated diagnosis, and one naming
    leptomeningeal spread (a brain MRI may miss it; CSF cytology settles it), stay."""
    suspected = [
        f
        for f in comorbidities
        if f.kind is Comorbidity.BRAIN_METASTASES
        and not f.confirmed
        and f.seen_on is None
        and f.onset is not None
    ]
    if not suspected:
        return tuple(comorbidities)
    said = [
        (when, found[0])
        for when, texts, _ in _brain_imaging_said(observations, reports, as_of)
        if when is not None and (found := _scan_says(texts)) is not None
    ]
    if not said:
        return tuple(comorbidities)
    newest_on, newest = max(said, key=lambda reading: reading[0])
    if newest is not BrainImagingSays.DENIED:
        return tuple(comorbidities)
    leptomeningeal = {
        ref
        for f in comorbidities
        if f.kind is Comorbidity.LEPTOMENINGEAL_DISEASE
        for ref in f.evidence
    }
    dropped = [
        f
        for f in suspected
        if f.onset is not None and f.onset <= newest_on and not set(f.evidence) & leptomeningeal
    ]
    return tuple(f for f in comorbidities if not any(f is d for d in dropped))


def _brain_metastases_on_brain_imaging(
    observations: Sequence[Parsed],
    reports: Sequence[Parsed],
    as_of: date,
    conditions: Sequence[Parsed],
) -> tuple[ComorbidityFact, ...]:
    """CNS-EHR: what brain imaging, and the diagnoses ruling them out, say of brain
    metastases (`read_brain_metastases_on_imaging`)."""
    readings: list[tuple[date, BrainImagingSays, str, str]] = []
    names: dict[str, str] = {}
    for when, texts, reference, name in _imaging_said(observations, reports, as_of, IMAGING):
        said = _scan_says(texts)
        if when is None or said is None:
            continue
        kind, sentence = said
        readings.append((when, kind, sentence, reference))
        names[reference] = name
    if all(r[1] is BrainImagingSays.DENIED for r in readings):
        return ()
    # The diagnoses' denials are read only for a chart whose imaging affirms them (most none).
    readings = [
        (when, BrainImagingSays.DENIED, "", reference)
        for when, reference in _ruled_out(conditions, as_of)
    ] + readings
    readings.sort(key=lambda reading: reading[0])
    affirming = [r for r in readings if r[1] is not BrainImagingSays.DENIED]
    denied_on = max((r[0] for r in readings if r[1] is BrainImagingSays.DENIED), default=None)
    since = [r for r in affirming if denied_on is None or r[0] > denied_on]
    if (
        not since
        and all(_only_suspected(r[1], r[2]) for r in affirming)
        and not _mri_doubt_only_ct_denies(readings, names)
    ):
        # Only ever suspected, and a later scan or diagnosis denies them: the work-up ended
        # (DX-WORDS reads a suspected cancer refuted since the same way). Once stated, a later
        # denial may be a response to treatment: possible.
        return ()
    stated = [r for r in since if r[1] is BrainImagingSays.STATED]
    deciding = (stated or since or affirming)[-1]
    evidence = [deciding[3]]
    if not since:  # a later scan denies them
        evidence.append(next(r[3] for r in reversed(readings) if r[0] == denied_on))
    return (
        ComorbidityFact(
            evidence=tuple(evidence),
            kind=Comorbidity.BRAIN_METASTASES,
            onset=(since or affirming)[0][0],
            text=deciding[2],
            confirmed=bool(stated),
            seen_on=f"{names[deciding[3]]} of {deciding[0].isoformat()}",
        ),
    )


# A scan's strongest word decides what it says: one sentence stating them outweighs another's
# doubt, and either outweighs a denial (of another finding: "未见新发转移" beside the lesion).
_STRENGTH = (BrainImagingSays.STATED, BrainImagingSays.HELD_OPEN, BrainImagingSays.DENIED)


def _mri_doubt_only_ct_denies(
    readings: Sequence[tuple[date, BrainImagingSays, str, str]], names: dict[str, str]
) -> bool:
    """CNS-EHR: whether an MRI's doubt is denied since by CT alone: a CT misses the small
    metastases a contrast MRI shows, so its denial does not end the MRI's work-up. A diagnosis
    ruling them out, an MRI, or imaging of no named kind still does."""
    answered_on = max(
        (
            when
            for when, said, _, reference in readings
            if said is BrainImagingSays.DENIED and not names.get(reference, "").endswith(" CT")
        ),
        default=None,
    )
    return any(
        names.get(reference, "").endswith(" MRI") and (answered_on is None or when > answered_on)
        for when, said, _, reference in readings
        if said is not BrainImagingSays.DENIED
    )


def _only_suspected(said: BrainImagingSays, sentence: str) -> bool:
    """Held open by the radiologist's doubt, not as leptomeningeal spread is however plainly
    written (imaging alone does not establish it; a later clean MRI may be its response to
    intrathecal treatment, not its absence)."""
    return said is BrainImagingSays.HELD_OPEN and not names_leptomeningeal(sentence)


def _scan_says(texts: Sequence[str]) -> tuple[BrainImagingSays, str] | None:
    """What a brain scan's words say of brain metastases, by its strongest word, with the
    sentence that says it; None when they say nothing of them."""
    said = [found for text in texts if (found := brain_imaging_says(text)) is not None]
    return min(said, key=lambda found: _STRENGTH.index(found[0]), default=None)


def _add_scan(scans: list[BrainScan], when: date | None, texts: list[str], ref: str) -> None:
    stable = stability_said(texts)
    if when is not None and stable is not None:
        scans.append(BrainScan(when, stable, ref))


def read_brain_surgery(procedures: Sequence[Parsed], as_of: date) -> list[tuple[date, str]]:
    """(date, reference) of each brain surgery done by `as_of`."""
    surgeries = []
    for procedure in procedures:
        model = procedure.model
        if get(model, "status") in _IGNORED_STATUS:
            continue
        if not brain_procedure_table().concepts(coded(get(model, "code"))):
            continue
        start, end = period_bounds(get(model, "performedPeriod"))
        when = end or start or to_date(get(model, "performedDateTime"))
        if when is not None and when <= as_of:
            surgeries.append((when, procedure.reference))
    return surgeries


# CNS-EHR: a brain metastasis's own words saying it was operated on ("脑转移瘤切除术后",
# "brain metastasis s/p resection"), after the words that name it, in the same phrase.
_OPERATED = re.compile(
    r"(?:切除|手术|开颅)?术后|(?<![A-Za-z])(?:s/p|status post|post)[- ]?(?:surgical )?"
    r"(?:resection|craniotomy|excision|surgery|neurosurgery)(?![A-Za-z])",
    re.IGNORECASE,
)
_QUALIFIES = re.compile(r"(?:s/p|status post|post)\b", re.IGNORECASE)
_PHRASES = re.compile(r"[，,、；;。]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def read_brain_surgery_in_diagnoses(conditions: Sequence[Parsed]) -> list[tuple[None, str]]:
    """CNS-EHR: an undated brain surgery for each brain-metastasis diagnosis whose words say
    the metastasis was operated on; the operation of another organ named beside it is not."""
    operated: list[tuple[None, str]] = []
    for condition in conditions:
        if not usable_condition(condition):
            continue
        concept = coded(get(condition.model, "code"))
        if not names_brain_metastases(concept):
            continue
        if any(_operated_after_brain(phrase) for t in concept.texts() for phrase in _phrases(t)):
            operated.append((None, condition.reference))
    return operated


def _phrases(text: str) -> list[str]:
    """The phrases of a diagnosis; one that opens with "s/p" or "status post" qualifies the
    phrase before it ("Brain metastases, status post craniotomy")."""
    phrases: list[str] = []
    for phrase in (p.strip() for p in _PHRASES.split(text)):
        if phrases and _QUALIFIES.match(phrase):
            phrases[-1] = f"{phrases[-1]} {phrase}"
        elif phrase:
            phrases.append(phrase)
    return phrases


def _operated_after_brain(phrase: str) -> bool:
    surgery = _OPERATED.search(phrase)
    if surgery is None:
        return False
    return names_brain_metastases(CodedText(text=phrase[: surgery.start()]))


def read_brain_metastasis_status(
    comorbidities: Sequence[ComorbidityFact],
    radiotherapy: Sequence[RadiotherapyCourse],
    surgeries: Sequence[tuple[date | None, str]],
    scans: Sequence[BrainScan],
    steroids: Steroids,
) -> BrainMetastasisStatus:
    present = [f for f in comorbidities if f.kind is Comorbidity.BRAIN_METASTASES and f.active]
    if not present:
        return BrainMetastasisStatus()
    onsets = [f.onset for f in present if f.onset is not None]
    earliest = min(onsets) - timedelta(days=TREATMENT_BEFORE_ONSET_DAYS) if onsets else None
    # A course not known to be given (a plan, one in preparation or of unknown status:
    # RT-PLANNING) treated nothing yet: whether they were treated stays open.
    treatments = [
        (course.end or course.start, ref)
        for course in radiotherapy
        if RadiotherapySite.BRAIN in course.sites and course.given
        for ref in course.evidence[-1:]
    ] + list(surgeries)
    # An undated treatment still treats them (its date, and so the window, stay unknown).
    counted = [
        (when, ref)
        for when, ref in treatments
        if when is None or earliest is None or when >= earliest
    ]
    evidence = [ref for _, ref in counted]
    treated_on = max((when for when, _ in counted if when is not None), default=None)
    stable, stable_days, scan_refs = _stability(scans, treated_on)
    return BrainMetastasisStatus(
        evidence=tuple(dict.fromkeys([*evidence, *scan_refs, *steroids.evidence])),
        treated=True if counted else None,
        treated_on=treated_on,
        stable=stable,
        stable_days=stable_days,
        on_steroids=steroids.on,
        steroids=steroids.names,
        steroid_dose_since=steroids.dose_since,
        steroids_stopped_on=steroids.stopped_on,
    )


def _stability(
    scans: Sequence[BrainScan], treated_on: date | None
) -> tuple[bool | None, int | None, list[str]]:
    after = [s for s in scans if treated_on is None or s.when > treated_on]
    if not after:
        return None, None, []
    newest = after[-1]
    if not newest.stable:
        return False, None, [newest.reference]
    if treated_on is None:
        return True, None, [newest.reference]
    progressed = [s.when for s in after if not s.stable]
    since = max(progressed, default=treated_on)
    return True, (newest.when - since).days, [newest.reference]


def read_steroids(
    exposures: Sequence[TherapyExposure],
    medication_records: Sequence[tuple[str, Parsed]],
    brain_conditions: set[str],
    as_of: date,
) -> Steroids:
    roles = drug_role_table()
    steroids = [e for e in exposures if "corticosteroid" in roles.get(e.agent, frozenset())]
    if not steroids:
        return Steroids()
    records = {record.reference: record.model for _, record in medication_records}
    for_brain = [e for e in steroids if _for_the_brain(e, records, brain_conditions)]
    # One whose reason names another use is neither for them nor a question to ask.
    elsewhere = [e for e in steroids if e not in for_brain and _for_something_else(e, records)]
    ongoing = [e for e in steroids if current(e, as_of, STEROID_RECENT_DAYS) and e not in elsewhere]
    ongoing_for_brain = [e for e in ongoing if e in for_brain]
    if ongoing_for_brain:
        return Steroids(
            on=True,
            dose_since=_dose_since(ongoing_for_brain),
            evidence=_references(ongoing_for_brain),
        )
    if ongoing:
        names = tuple(dict.fromkeys(e.agent for e in ongoing))
        return Steroids(names=names, dose_since=_dose_since(ongoing), evidence=_references(ongoing))
    if for_brain:  # given for the brain metastases, and stopped
        return Steroids(
            on=False, stopped_on=_stopped_on(for_brain), evidence=_references(for_brain)
        )
    return Steroids()


def _stopped_on(stopped: Sequence[TherapyExposure]) -> date | None:
    """The last day any of them was taken; None when one of them has no end (it may have run
    on until recently)."""
    ends = [e.end for e in stopped]
    if any(end is None for end in ends):
        return None
    return max(end for end in ends if end is not None)


def _dose_since(ongoing: Sequence[TherapyExposure]) -> date | None:
    """The newest current record's start: a dose change is a new order. Administrations are
    dose by dose, so they cannot show a dose unchanged over days."""
    if any(e.source == "MedicationAdministration" or e.start is None for e in ongoing):
        return None
    return max(e.start for e in ongoing if e.start is not None)


def _references(exposures: Sequence[TherapyExposure]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ref for e in exposures for ref in e.evidence))


def _for_the_brain(
    exposure: TherapyExposure, records: dict[str, Any], brain_conditions: set[str]
) -> bool:
    if any(local_reference(ref) in brain_conditions for ref in exposure.reason_references):
        return True
    return any(_FOR_THE_BRAIN.search(text) for text in _reason_texts(exposure, records))


def _for_something_else(exposure: TherapyExposure, records: dict[str, Any]) -> bool:
    return any(_FOR_SOMETHING_ELSE.search(text) for text in _reason_texts(exposure, records))


def _reason_texts(exposure: TherapyExposure, records: dict[str, Any]) -> list[str]:
    """The words of the `reasonCode`s of the records behind an exposure."""
    texts: list[str] = []
    for reference in exposure.evidence:
        model = records.get(reference)
        if model is not None:
            texts += coded_all(getattr(model, "reasonCode", None) or ()).texts()
    return texts
