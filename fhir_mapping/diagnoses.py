"""Cancer diagnoses from Condition resources, placed on the cancer-type taxonomy.

Which Conditions are cancer diagnoses and where they sit on the taxonomy (codes, text, ICD-O-3
morphology with `bodySite`, the unplaced ones): rule DX-PLACE in docs/clinical-rules.md.
Secondary malignancies are returned apart, for the metastatic status (`staging`) and brain
metastases (`comorbidities`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from eligibility.codes import ICDO3, Code
from eligibility.facts import DISOWNED_VERIFICATION, UNCONFIRMED_VERIFICATION, CancerDiagnosis
from eligibility.taxonomy import default_taxonomy
from fhir_mapping.chronology import date_in_words, period_bounds, to_date
from fhir_mapping.diagnosis_words import (
    DENIED,
    TREATMENT_ENCOUNTER,
    UNCONFIRMED,
    a_relatives,
    affirmed_words,
    cancer_not_ruled_out,
    cancer_or_benign,
    confirmed_in_words,
    other_findings_hedges_aside,
    spread_or_primary,
)
from fhir_mapping.elements import coded, get, items, status_code
from fhir_mapping.node_spread import node_regions, nodes_distant
from fhir_mapping.parsing import Parsed
from fhir_mapping.radiotherapy_words import after_multimodal_treatment
from fhir_mapping.recurrence_words import says_recurred
from fhir_mapping.spread_words import (
    SECONDARY,
    SECONDARY_BRAIN,
    SECONDARY_NODES,
    leaned_against_spread,
    names_spread_in_doubt_only,
    read_spread,
    spread_phrases,
)
from fhir_mapping.terminology import (
    HISTOLOGY_CARCINOMA,
    TEXT,
    WITHIN,
    CodedText,
    body_site_table,
    cancer_concepts,
    cancer_history_table,
    cancer_table,
    histology_sites,
    mass_concepts,
    names_malignancy,
    names_parotid_metastasis,
    node_region_table,
    spread_extent_table,
    spread_site_table,
    spread_whole_site_table,
    tumour_concepts,
)
from fhir_mapping.text_patterns import text_pattern

INACTIVE_CLINICAL = frozenset({"inactive", "remission", "resolved"})
ACTIVE = "active"
SECONDARY_KINDS = frozenset({SECONDARY, SECONDARY_NODES, SECONDARY_BRAIN})
# DX-WORDS: not a diagnosis of the patient's cancer: a relative's or a denied one
# (`diagnosis_words`), screening. Suspected or to be ruled out, it is read, unconfirmed
# (`_verification`).
_NOT_A_DIAGNOSIS = re.compile(r"screening", re.IGNORECASE)
# DX-WORDS: a personal "history of" a cancer is a prior malignancy (comorbidities); of the
# cancer the chart records, it is that cancer's earlier record, read as "鼻咽癌病史" is.
# A survivor of a cancer has a personal history of it ("Cancer survivor", "Breast cancer
# survivor", "survivorship"): twenty-seventh session (cancers10), before which "Cancer survivor"
# was a current cancer of no known site.
_HISTORY_OF = re.compile(r"\bhistory of\b|\bsurvivors?(?:hip)?\b", re.IGNORECASE)
# The Chinese past-history words ("喉癌病史", "既往鼻咽癌"): a history too, but alone in the chart
# the chart's cancer, as they were read before they were told apart (DX-WORDS).
_HISTORY_OF_CN = re.compile(r"病史|既往")
# DX-WORDS: an entry opening with the words that rule out what follows ("已排除鼻咽癌"): no
# diagnosis, as every denied entry, but a work-up's refutation of the cancer it names.
_RULED_OUT_OPENING = text_pattern(r"^\W*已排除")
MORPHOLOGY = "morphology:"
# ICD-O-3 behaviour code 3: malignant, primary site. /6 (metastatic site), /2 (in situ) and
# below are not a primary invasive cancer.
_PRIMARY_MALIGNANT_MORPHOLOGY = re.compile(r"^\d{4}/?3$")


@dataclass(frozen=True, slots=True)
class SecondaryMalignancy:
    reference: str
    kind: str  # one of SECONDARY_KINDS (`spread_words`)
    onset: date | None
    active: bool
    # False when the record holds it open (provisional, differential, unconfirmed): a suspected
    # metastasis, not a documented one (STG-SUSPECTED).
    confirmed: bool = True
    # Distant spread: True for an organ or the brain; for lymph nodes, what their regions are
    # for the cancer (STG-NODES: None when they may be either, False when regional or unsaid).
    distant: bool | None = True
    regions: frozenset[str] = frozenset()  # the lymph-node regions named (STG-NODES)
    # `recordedDate`: when the entry was made, for one without an onset (LOT-RECURRENCE-UNDATED).
    recorded: date | None = None


@dataclass(frozen=True, slots=True)
class DiagnosisReading:
    diagnoses: tuple[CancerDiagnosis, ...]
    secondaries: tuple[SecondaryMalignancy, ...]
    metastatic_text: tuple[str, ...]  # primary diagnoses described as metastatic
    cancer_type_by_condition: dict[str, str | None]  # every primary diagnosis Condition
    # DX-WORDS: the personal histories of a cancer of another type than the chart's own cancers:
    # prior malignancies, no diagnosis (RT-OTHER-HEAD-AND-NECK-CANCER reads their cancer).
    other_histories: tuple[CancerDiagnosis, ...] = ()
    # MAL-OTHER (twenty-eighth session): an organ's tumour named with no malignant or benign
    # word ("Breast tumor") beside a cancer of another organ: no cancer, no benign tumour
    # either — whether it is another malignancy is asked (its histology).
    uncertain_tumours: tuple[CancerDiagnosis, ...] = ()


def usable_condition(condition: Parsed) -> bool:
    return status_code(get(condition.model, "verificationStatus")) not in DISOWNED_VERIFICATION


def _dated(model: Any, element: str, end: int) -> date | None:
    """`<element>DateTime`, else the start (`end` 0) or end (1) of `<element>Period`."""
    found = to_date(get(model, f"{element}DateTime"))
    return found if found is not None else period_bounds(get(model, f"{element}Period"))[end]


def condition_onset(condition: Parsed) -> date | None:
    """`onsetDateTime`, else `onsetPeriod`'s start, else an `onsetString` that is a date in
    words ("2023年2月": GEN-ONSET-TEXT)."""
    model = condition.model
    return _dated(model, "onset", 0) or date_in_words(get(model, "onsetString"))


# GEN-ONSET-TEXT: an age in years (UCUM "a", as forms write it).
_YEARS = frozenset({"a", "yr", "yrs", "year", "years", "y", "岁"})


def _years(quantity: Any) -> int | None:
    value = get(quantity, "value")
    unit = get(quantity, "code") or get(quantity, "unit")
    if value is None or not isinstance(unit, str) or unit.strip().lower() not in _YEARS:
        return None
    return int(value) if float(value) == int(value) and value >= 0 else None


def _aged(birth: date, years: int) -> date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # born on 29 February
        return date(birth.year + years, 3, 1)


def onset_by_age(condition: Parsed, birth: tuple[date, date] | None) -> tuple[date, date] | None:
    """GEN-ONSET-TEXT: the first and last day of an onset recorded as an age (`onsetAge`: 51
    years is from the 51st birthday to the day before the 52nd) or an age range (`onsetRange`,
    both ends in years), from the birth date's first and last possible days."""
    if birth is None:
        return None
    model = condition.model
    age = get(model, "onsetAge")
    span = get(model, "onsetRange")
    low = _years(age) if age is not None else _years(get(span, "low"))
    high = _years(age) if age is not None else _years(get(span, "high"))
    if low is None or high is None or high < low:
        return None
    first, last = birth
    return _aged(first, low), _aged(last, high + 1) - timedelta(days=1)


def condition_date(condition: Parsed) -> date | None:
    """GEN-AS-OF: when the Condition began — its onset, else its recorded date (clinical time
    first, as an Observation's effective date before its issued one); a partial date is its
    earliest day."""
    return condition_onset(condition) or to_date(get(condition.model, "recordedDate"))


def present_on(condition: Parsed, as_of: date) -> bool:
    """GEN-AS-OF: the Condition had begun by `as_of` (an undated one may have: it is read)."""
    began = condition_date(condition)
    return began is None or began <= as_of


def abatement_date(condition: Parsed) -> date | None:
    return _dated(condition.model, "abatement", 1)


def abatement_dates(conditions: list[Parsed]) -> dict[str, date]:
    """When each abated Condition abated (LOT-CANCER: therapy after it is not for it)."""
    found = {}
    for condition in conditions:
        abated = abatement_date(condition)
        if abated is not None:
            found[condition.reference] = abated
    return found


def _verification(model: Any, concept: CodedText, primary: bool = False) -> str | None:
    """The verification status, `unconfirmed` when the diagnosis's words say it is suspected or
    still to be ruled out ("鼻咽癌待排") and the status does not already hold it open, unless a
    later clause of the same words confirms it ("鼻咽癌待排，鼻咽活检病理证实非角化性癌",
    "Suspected NPC, biopsy-proven") (DX-WORDS). A `primary`'s words are read without its spread
    and the doubt that spread carries: "鼻咽癌（骨转移待排）" doubts the metastasis, not the NPC
    (STG-SUSPECTED)."""
    status = status_code(get(model, "verificationStatus"))
    if status in UNCONFIRMED_VERIFICATION or status in DISOWNED_VERIFICATION:
        return status
    # DX-WORDS (twenty-eighth session): a differential between a spread and a primary ("Lung
    # metastasis or second primary lung cancer"), or between a cancer and a benign finding
    # ("Breast cancer or fibroadenoma"), establishes neither.
    if any(spread_or_primary(t) or cancer_or_benign(t) for t in concept.texts()):
        return "differential"
    texts = [read_spread(t).rest for t in concept.texts()] if primary else concept.texts()
    # DX-WORDS (twenty-eighth session): a clause holding another finding in doubt ("骨转移，
    # 考虑病理性骨折可能") doubts that finding, not the diagnosis.
    doubting = [
        t
        for t in texts
        if UNCONFIRMED.search(t) and UNCONFIRMED.search(other_findings_hedges_aside(t))
    ]
    return "unconfirmed" if not all(map(_confirmed_later, doubting)) else status


def _confirmed_later(text: str) -> bool:
    """DX-WORDS: a clause of `text` confirms the cancer its words doubt: one with a confirming
    word that names the same cancer, or that names no malignancy right after the clause naming
    it. A confirmation naming another malignancy, placed or not ("鼻咽癌待排，病理证实肺腺癌"),
    confirms nothing of this one."""
    doubted = cancer_concepts(CodedText((), text))
    if not doubted:
        return False

    def names(clause: str) -> bool:
        found = cancer_concepts(CodedText((), clause))
        return any(_at_or_below(a, b) for a in found for b in doubted)

    return confirmed_in_words(text, names, names_malignancy)


def _at_or_below(a: str, b: str) -> bool:
    """The cancer `a` is `b` or a kind of it (a confirmed "head and neck cancer" does not
    confirm a suspected NPC); other concepts (a secondary's kind) only themselves."""
    taxonomy = default_taxonomy()
    if a in taxonomy and b in taxonomy:
        return taxonomy.is_a(a, b)
    return a == b


def _abated_by(condition: Parsed, as_of: date) -> date | None:
    """GEN-AS-OF: the abatement date, when it had come by `as_of`."""
    abated = abatement_date(condition)
    return abated if abated is not None and abated <= as_of else None


def clinical_status_on(condition: Parsed, as_of: date) -> str | None:
    """GEN-AS-OF: the clinical status on `as_of`. The record's status is the one of the day it
    was exported: inactive, remission or resolved with an abatement after `as_of` had not yet
    come, so the Condition was active then. Without an abatement date the status stands."""
    status = status_code(get(condition.model, "clinicalStatus"))
    if status in INACTIVE_CLINICAL:
        abated = abatement_date(condition)
        if abated is not None and abated > as_of:
            return ACTIVE
    return status


def condition_active(condition: Parsed, as_of: date) -> bool:
    return clinical_status_on(condition, as_of) not in INACTIVE_CLINICAL


def most_specific(candidates: Sequence[str]) -> str | None:
    taxonomy = default_taxonomy()
    nodes = [c for c in candidates if c in taxonomy]
    if not nodes:
        return None
    chosen = nodes[0]
    for other in nodes[1:]:
        if other != chosen and taxonomy.is_a(other, chosen):
            chosen = other
    return chosen


def _site_nodes(condition: Parsed) -> list[str]:
    """Taxonomy nodes the Condition's `bodySite` names (ICD-O-3 / ICD-10 topography, SNOMED CT
    body structures, site names)."""
    taxonomy = default_taxonomy()
    found: list[str] = []
    for site in items(condition.model, "bodySite"):
        concept = coded(site)
        rows = cancer_table().code_rows(concept)
        found += [r.concept for r in rows if r.concept in taxonomy]
        found += [c for c in body_site_table().concepts(concept) if c in taxonomy]
    return found


def _has_primary_morphology(concept: CodedText) -> bool:
    return any(
        _PRIMARY_MALIGNANT_MORPHOLOGY.match(c.code.strip())
        for c in concept.codings
        if c.system == ICDO3 and c.code
    )


def place(
    candidates: Sequence[str], sites: Sequence[str], morphology_ok: bool
) -> tuple[str | None, str | None]:
    """(cancer_type, within) of a diagnosis per DX-PLACE: a node that is certain, else None and
    the most specific node certain to hold it (None: any cancer)."""
    taxonomy = default_taxonomy()
    placed = [c for c in candidates if c in taxonomy]
    withins = [c.removeprefix(WITHIN) or None for c in candidates if c.startswith(WITHIN)]
    if HISTOLOGY_CARCINOMA in candidates:
        withins.append("solid_tumor")  # a carcinoma named by its histology alone
    if any(c.startswith(MORPHOLOGY) for c in candidates) and morphology_ok:
        # A carcinoma of a site is that site's cancer (as ICD-10 site codes read); without a
        # site it is some solid tumour.
        withins.append("solid_tumor")
        placed += sites
    elif withins and sites:
        placed += [s for s in sites if all(w is None or taxonomy.is_a(s, w) for w in withins)]
    node = most_specific(placed)
    if not withins:
        return node, None
    within = most_specific([w for w in withins if w is not None])  # None: could be any
    if node is not None and (within is None or (node != within and taxonomy.is_a(node, within))):
        return node, None  # a more specific reading than the vague code: it holds
    return None, within


# STG-NODES: a body site that is lymph nodes, in words (coded: node_regions.csv structures).
_LYMPH_NODES = text_pattern(r"淋巴结|\blymph[ -]?nodes?\b|\bnodal\b")


def _names_nodes(site: CodedText) -> bool:
    return bool(node_region_table().code_rows(site)) or any(
        _LYMPH_NODES.search(t) for t in site.texts()
    )


def _secondary(
    condition: Parsed, concept: CodedText, kind: str, as_of: date
) -> SecondaryMalignancy:
    """A secondary malignancy; one whose code names no site (128462008, C79.9, C77.9, 转移瘤:
    `spread_extent.csv`) takes its lymph nodes and their regions from `bodySite` (STG-NODES)."""
    model = condition.model
    regions = node_regions(concept) if kind == SECONDARY_NODES else frozenset()
    if not regions and "unsited" in spread_extent_table().concepts(concept):
        sites = [coded(site) for site in items(model, "bodySite")]
        nodal = sites if kind == SECONDARY_NODES else [s for s in sites if _names_nodes(s)]
        if nodal:
            kind = SECONDARY_NODES
            regions = frozenset(region for site in nodal for region in node_regions(site))
    return SecondaryMalignancy(
        condition.reference,
        kind,
        condition_onset(condition),
        condition_active(condition, as_of),
        _verification(model, concept) not in UNCONFIRMED_VERIFICATION
        and not any(map(names_spread_in_doubt_only, concept.texts())),
        kind != SECONDARY_NODES,
        regions,
        to_date(get(model, "recordedDate")),
    )


def _primary(
    condition: Parsed,
    concept: CodedText,
    candidates: Sequence[str],
    as_of: date,
    birth: tuple[date, date] | None,
) -> CancerDiagnosis | None:
    """A primary cancer diagnosis placed per DX-PLACE; None for one not invasive."""
    model = condition.model
    node, within = place(candidates, _site_nodes(condition), _has_primary_morphology(concept))
    if candidates == (MORPHOLOGY + "carcinoma",) and not _has_primary_morphology(concept):
        return None  # in situ, benign or uncertain behaviour: not an invasive cancer
    codes = tuple(
        Code(system=c.system, code=c.code) for c in concept.codings if c.system and c.system != TEXT
    )
    onset = condition_onset(condition)
    aged = onset_by_age(condition, birth) if onset is None else None
    return CancerDiagnosis(
        evidence=(condition.reference,),
        cancer_type=node,
        within=within,
        histology_may_be=histology_sites(concept) if node is None else (),
        codes=codes,
        text=concept.text or next(iter(concept.texts()), None),
        onset=aged[0] if aged else onset,
        onset_latest=aged[1] if aged else None,
        recorded=to_date(get(model, "recordedDate")),
        clinical_status=clinical_status_on(condition, as_of),
        verification_status=_verification(model, concept, primary=True),
        abated=_abated_by(condition, as_of),
        after_multimodal=any(after_multimodal_treatment(t) for t in concept.texts()),
        recurrence_written=any(says_recurred(t) for t in (*concept.texts(), *_notes(model))),
    )


def _tumour(
    condition: Parsed,
    concept: CodedText,
    candidates: Sequence[str],
    as_of: date,
    birth: tuple[date, date] | None,
) -> list[CancerDiagnosis]:
    """DX-PLACE (twenty-seventh session, cancers11): a tumour of an organ named with no
    malignant word ("Breast tumor", "Nasopharyngeal tumor", 鼻咽肿瘤) is no documented cancer —
    most such entries are benign or not yet known. Read as that organ's cancer held open
    (`unconfirmed`: its histology to be recorded), for a chart that records no cancer at all
    (`read_diagnoses`); before the session a text's "tumor" made most organs' cancers certain,
    and 肿瘤 only the nasopharynx's."""
    nodes = tuple(c for c in tumour_concepts(concept) if c not in SECONDARY_KINDS)
    if candidates or not nodes:
        return []
    diagnosis = _primary(condition, concept, nodes, as_of, birth)
    if diagnosis is None or diagnosis.cancer_type is None:
        return []
    held_open = diagnosis.verification_status in DISOWNED_VERIFICATION
    return (
        [] if held_open else [diagnosis.model_copy(update={"verification_status": "unconfirmed"})]
    )


def _mass(
    condition: Parsed, concept: CodedText, as_of: date, birth: tuple[date, date] | None
) -> list[CancerDiagnosis]:
    """MAL-OTHER, DX-PLACE (twenty-eighth session, cancers13): an organ's tumour or mass named
    with no malignant or benign word that no cancer row places (乳腺肿瘤, 甲状腺肿物, 肺占位,
    "Renal mass"): that organ's cancer held open (`unconfirmed`), for `_tumours_alone` to hand
    MAL-OTHER beside a cancer of another organ. Never a chart's cancer of its own: a mass alone
    is a finding."""
    nodes = mass_concepts(concept)
    if not nodes:
        return []
    diagnosis = _primary(condition, concept, nodes[:1], as_of, birth)
    if diagnosis is None or diagnosis.cancer_type is None:
        return []
    if diagnosis.verification_status in DISOWNED_VERIFICATION:
        return []
    return [diagnosis.model_copy(update={"verification_status": "unconfirmed"})]


def _tumours_alone(
    found: _Found, tumours: Sequence[CancerDiagnosis], masses: Sequence[CancerDiagnosis] = ()
) -> tuple[CancerDiagnosis, ...]:
    """DX-PLACE: a chart that records no cancer but an organ's tumour ("Nasopharyngeal tumor",
    staged and treated) has that tumour as its cancer, its histology to be confirmed; beside a
    cancer it is no cancer of its own. Returned: those beside a cancer of no related organ
    ("Breast tumor" beside an NPC), whose histology MAL-OTHER asks about (twenty-eighth
    session); one of the cancer's own organ ("鼻咽肿瘤" beside an NPC) is that cancer named
    again."""
    if not found.diagnoses:
        for tumour in tumours:
            found.add(tumour)
        return ()
    if not tumours and not masses:
        return ()
    taxonomy = default_taxonomy()
    nodes = [d.cancer_type or d.within for d in found.diagnoses]
    return tuple(
        t
        for t in (*tumours, *masses)
        if not any(n is None or taxonomy.related(str(t.cancer_type), n) for n in nodes)
    )


def _notes(model: Any) -> list[str]:
    return [n for n in (get(note, "text") for note in items(model, "note")) if isinstance(n, str)]


def _own_spread(
    condition: Parsed, concept: CodedText, diagnosis: CancerDiagnosis, as_of: date
) -> bool | SecondaryMalignancy:
    """What a primary's own words say of its spread: True when distant ("鼻咽癌肝转移"); the
    nodes they name when these may be regional or distant (STG-NODES); a suspected distant
    metastasis when they name it only in doubt ("鼻咽癌（骨转移待排）", STG-SUSPECTED); else
    False."""
    # DX-PLACE: a metastasis found in the parotid names no distant spread of the chart's cancer.
    spreads = [read_spread(t) for t in concept.texts() if not names_parotid_metastasis(t)]
    # STG-NODES: the nodes the primary's own words say it spread to, read for it.
    named = any(SECONDARY_NODES in s.kinds for s in spreads)
    regions = node_regions(concept) if named else frozenset()
    nodes = nodes_distant(diagnosis.cancer_type, regions)
    sure_nodes = any(SECONDARY_NODES in s.affirmed for s in spreads)
    if (nodes is True and sure_nodes) or any(s.distant for s in spreads):
        return True
    doubted = nodes is True or any(s.distant_doubted for s in spreads)
    if (
        doubted or nodes is None
    ):  # "鼻咽癌纵隔淋巴结转移": regional or distant, the words do not say
        return SecondaryMalignancy(
            condition.reference,
            SECONDARY if doubted else SECONDARY_NODES,
            diagnosis.onset,
            condition_active(condition, as_of),
            not doubted
            and sure_nodes
            and diagnosis.verification_status not in UNCONFIRMED_VERIFICATION,
            True if doubted else None,
            frozenset() if doubted else regions,
        )
    return False


def _not_a_diagnosis(concept: CodedText) -> bool:
    return any(
        _NOT_A_DIAGNOSIS.search(t)
        or a_relatives(t)  # DX-WORDS: a relative's cancer, named in the first clause
        or DENIED.search(t)
        or TREATMENT_ENCOUNTER.search(t)  # DX-WORDS: an admission for treatment
        for t in concept.texts()
    )


@dataclass
class _Found:
    diagnoses: list[CancerDiagnosis]
    secondaries: list[SecondaryMalignancy]
    metastatic_text: list[str]
    by_condition: dict[str, str | None]

    def add(self, diagnosis: CancerDiagnosis) -> None:
        self.diagnoses.append(diagnosis)
        self.by_condition[diagnosis.evidence[0]] = diagnosis.cancer_type


def read_diagnoses(
    conditions: list[Parsed], as_of: date, birth: tuple[date, date] | None = None
) -> DiagnosisReading:
    """The cancer diagnoses and secondary malignancies of `conditions`, with their clinical
    status on `as_of` (GEN-AS-OF; the mapper passes the Conditions present on that day);
    `birth` (`birth_bounds`) dates an onset recorded as an age (GEN-ONSET-TEXT)."""
    found = _Found([], [], [], {})
    disseminated: list[tuple[Parsed, CancerDiagnosis]] = []
    metastatic: list[_Metastatic] = []
    histories: list[_History] = []
    refutations: list[_Refutation] = []
    spread_words: dict[str, tuple[str, ...]] = {}  # each secondary's words
    tumours: list[CancerDiagnosis] = []  # an organ's tumour named with no malignant word
    masses: list[CancerDiagnosis] = []  # ... or its mass: asked about beside a cancer only
    for condition in conditions:
        concept = coded(get(condition.model, "code"))
        refutations += _refutations(condition, concept)
        if not usable_condition(condition) or _not_a_diagnosis(concept):
            continue
        # DX-WORDS: a cancer the entry's words rule out ("鼻咽癌已排除") is none.
        concept = affirmed_words(concept, cancer_not_ruled_out)
        history_of = _history_sites(concept)
        if history_of:  # DX-WORDS: a history code names its sites, with words or without
            history = _primary(condition, concept, history_of, as_of, birth)
            if history is not None:
                histories.append(_History(history, (*cancer_concepts(concept), *history_of)))
            continue
        candidates = cancer_concepts(concept)
        kind = next((c for c in candidates if c in SECONDARY_KINDS), None)
        # An ICD code for a primary site outranks a "metastatic" word in the text; a secondary
        # code (C77-C79) or a text that only names a secondary site makes it a secondary.
        if kind is not None and candidates[0] in SECONDARY_KINDS:
            found.secondaries.append(_secondary(condition, concept, kind, as_of))
            spread_words[condition.reference] = concept.texts()
            continue
        diagnosis = _primary(condition, concept, candidates, as_of, birth) if candidates else None
        if diagnosis is None:
            tumour = _tumour(condition, concept, candidates, as_of, birth)
            tumours += tumour
            if not tumour and not candidates:
                masses += _mass(condition, concept, as_of, birth)
            continue
        if diagnosis.cancer_type is None and "disseminated" in spread_extent_table().concepts(
            concept
        ):
            disseminated.append((condition, diagnosis))
        elif (
            diagnosis.cancer_type is None
            and HISTOLOGY_CARCINOMA in candidates
            and kind
            and _spread_sited(condition, concept)
        ):
            # DX-PLACE: "颈部淋巴结转移性鳞癌", a histology alone named with its spread.
            metastatic.append(_Metastatic(condition, concept, diagnosis, kind))
        elif any(_HISTORY_OF.search(t) for t in concept.texts()):
            histories.append(_History(diagnosis, candidates))
        elif any(_HISTORY_OF_CN.search(t) for t in concept.texts()):
            histories.append(_History(diagnosis, candidates, alone_is_the_cancer=True))
        else:
            _add_primary(found, condition, concept, diagnosis, as_of)
    found.diagnoses[:] = [d for d in found.diagnoses if not _refuted_since(d, refutations)]
    found.secondaries[:] = [
        s for s in found.secondaries if not _spread_refuted_since(s, spread_words, refutations)
    ]
    _spread_or_primary(found, metastatic, as_of)
    others = _set_aside(found, disseminated, histories, as_of)
    uncertain = _tumours_alone(found, tumours, masses)
    return DiagnosisReading(
        tuple(found.diagnoses),
        _nodes_resolved(found.secondaries, found.diagnoses),
        tuple(found.metastatic_text),
        found.by_condition,
        others,
        uncertain,
    )


# DX-WORDS: a cancer (or a metastasis's kind) a record refutes, its date, and the words that
# refute it.
_Refutation = tuple[str, date | None, str]


def _refutations(condition: Parsed, concept: CodedText) -> list[_Refutation]:
    """DX-WORDS: the cancers a Condition refutes, with its date: its own, recorded `refuted`
    (entered-in-error says the record was a mistake, not the cancer), or those its words rule
    out, after the cancer or before it ("鼻咽癌已排除", "已排除鼻咽癌": an entry opening with the
    words is no diagnosis, and refutes); none for an entry that is no diagnosis of the patient's
    (a relative's, screening, an admission for treatment) or a denied history ("否认鼻咽癌病史":
    the patient's word, no work-up's).
    """
    if any(
        _NOT_A_DIAGNOSIS.search(t)
        or a_relatives(t)
        or TREATMENT_ENCOUNTER.search(t)
        or (DENIED.search(t) and not _RULED_OUT_OPENING.search(t))
        for t in concept.texts()
    ):
        return []
    day = condition_date(condition)
    if status_code(get(condition.model, "verificationStatus")) == "refuted":
        words = " ".join(concept.texts())
        return [(node, day, words) for node in cancer_concepts(concept)]
    phrases = [p for t in concept.texts() for p in cancer_not_ruled_out(t)[1]]
    # STG-SUSPECTED: a metastasis the radiologist leans against ("骨转移可能性小", "bone
    # metastasis unlikely") is the work-up's verdict on a suspicion of it raised before.
    # One naming no site ("metastasis less likely") settles none: which organ it leans on is
    # the report's, not the words' (as an English refutation naming no site).
    leaned = [
        (kind, day, words)
        for t in concept.texts()
        for kind, words in leaned_against_spread(t)
        if _SPREAD_WORDS.sub("", words)
    ]
    return [
        *((node, day, p) for p in phrases for node in cancer_concepts(CodedText((), p))),
        *leaned,
    ]


def _refuted_since(diagnosis: CancerDiagnosis, refutations: Sequence[_Refutation]) -> bool:
    """DX-WORDS: a suspected cancer (unconfirmed) that a record of the same day or later refutes,
    naming it or a cancer it is a kind of; the work-up ended, it is no diagnosis. A confirmed
    one stays (a refutation does not undo a confirmation), and so does a suspicion raised
    again after an earlier refutation, or one either record leaves undated."""
    suspected = diagnosis.diagnosed
    node = diagnosis.cancer_type
    if diagnosis.verification_status not in UNCONFIRMED_VERIFICATION or not suspected or not node:
        return False
    return any(
        day is not None and day >= suspected and _at_or_below(node, refuted)
        for refuted, day, _ in refutations
    )


# STG-SUSPECTED: the words of a metastasis that name no site: what is left of a refutation
# without them is the site it rules out ("排除肝转移": 肝; "排除转移": any).
_SPREAD_WORDS = text_pattern(
    r"远处|多发|继发性?|恶性肿瘤|转移(?:瘤|灶|癌)?(?:表现|征象)?|肿瘤|\bsecondary\b|\bmalignant\b|\bneoplasms?\b"
    r"|\bdistant\b|\bmetasta\w*|\bmets\b|\b(?:of|to|in|the)\b|[\s:：,，;；.。()（）-]"
)


def _spread_refuted_since(
    secondary: SecondaryMalignancy,
    words: dict[str, tuple[str, ...]],
    refutations: Sequence[_Refutation],
) -> bool:
    """STG-SUSPECTED, DX-WORDS: a suspected metastasis ("肝转移待排") that a record of the same
    day or later rules out — the same kind of spread, naming no site ("肝脏MRI：血管瘤，排除转移")
    or a site the suspicion's words name ("排除肝转移") — is none: the work-up ended. Another
    site's refutation leaves it suspected."""
    suspected = secondary.onset or secondary.recorded
    if secondary.confirmed or suspected is None:
        return False
    texts = words.get(secondary.reference, ())
    organs = _organs([phrase for t in texts for phrase in spread_phrases(t)])
    for kind, day, refuting in refutations:
        if kind != secondary.kind or day is None or day < suspected:
            continue
        site = _SPREAD_WORDS.sub("", refuting)
        if not site:
            return True
        ruled_out = _whole_organs(site)
        if organs and ruled_out:
            # Compared by organ, not by word: "排除肝脏转移" rules out "肝转移待排"; every organ
            # the suspicion names must be ruled out ("排除肝转移" leaves "肝、肺转移待排" open),
            # and named whole: the sternum ruled out is not the skeleton.
            if organs <= ruled_out:
                return True
        elif any(site.lower() in t.lower() for t in texts):
            return True
    return False


def _organs(texts: Sequence[str]) -> frozenset[str]:
    """STG-SUSPECTED: the organs a metastasis's words name (`spread_sites.csv`)."""
    return frozenset(spread_site_table().every_concept(CodedText((), " ".join(texts))))


def _whole_organs(site: str) -> frozenset[str]:
    """STG-SUSPECTED: the organ a refutation's site names whole (`spread_whole_sites.csv`);
    none for a part of one (胸骨, 肝左叶) or a site no row names."""
    return frozenset(spread_whole_site_table().every_concept(CodedText((), site)))


def _history_sites(concept: CodedText) -> tuple[str, ...]:
    """DX-WORDS: the cancers a code of a personal history of malignancy may name (Z85.818: any
    cancer of the lip, oral cavity or pharynx); none for a code of no such history."""
    return tuple(
        node for found in cancer_history_table().concepts(concept) for node in found.split(";")
    )


@dataclass(frozen=True, slots=True)
class _History:
    """A personal history of a cancer (DX-WORDS), with the cancers its code or words name."""

    diagnosis: CancerDiagnosis
    candidates: Sequence[str]
    alone_is_the_cancer: bool = False  # the Chinese words, in a chart of no other cancer


def _add_primary(
    found: _Found, condition: Parsed, concept: CodedText, diagnosis: CancerDiagnosis, as_of: date
) -> None:
    """A primary diagnosis, with the spread its own words name."""
    found.add(diagnosis)
    spread = _own_spread(condition, concept, diagnosis, as_of)
    if spread is True:
        found.metastatic_text.append(condition.reference)
    elif isinstance(spread, SecondaryMalignancy):
        found.secondaries.append(spread)


@dataclass(frozen=True, slots=True)
class _Metastatic:
    """A carcinoma named by its histology alone whose words name its spread (DX-PLACE)."""

    condition: Parsed
    concept: CodedText
    diagnosis: CancerDiagnosis
    kind: str  # the secondary kind its words name


def _spread_sited(condition: Parsed, concept: CodedText) -> bool:
    """DX-PLACE: a carcinoma named by its histology alone and called metastatic names where it
    spread ("颈部淋巴结转移性鳞癌"), or its `bodySite` does; "转移性鳞癌" alone names no site,
    and may be another primary's metastasis as well as the placed cancer's (twenty-sixth
    session: as "Metastatic squamous cell carcinoma" was already read, a cancer not placed)."""
    return "unsited" not in spread_extent_table().concepts(concept) or bool(
        items(condition.model, "bodySite")
    )


def _spread_or_primary(found: _Found, metastatic: Sequence[_Metastatic], as_of: date) -> None:
    """DX-PLACE: a histology alone named with its spread ("颈部淋巴结转移性鳞癌") is, beside a
    primary its histology may be (an SCC may be the NPC; an adenocarcinoma never), that
    cancer's spread, read as the secondary its words name; otherwise a cancer not placed, with
    its spread."""
    placed = {d.cancer_type for d in found.diagnoses if d.cancer_type is not None}
    for entry in metastatic:
        if any(_may_be(entry.diagnosis, node) for node in placed):
            found.secondaries.append(_secondary(entry.condition, entry.concept, entry.kind, as_of))
        else:
            _add_primary(found, entry.condition, entry.concept, entry.diagnosis, as_of)


def _set_aside(
    found: _Found,
    disseminated: Sequence[tuple[Parsed, CancerDiagnosis]],
    histories: Sequence[_History],
    as_of: date,
) -> tuple[CancerDiagnosis, ...]:
    """DX-PLACE: widespread malignancy beside a primary is that cancer's distant spread; alone
    it is a cancer not placed. DX-WORDS: a history of the cancer the chart records is its
    earlier record (any cancer its words name: "History of nasopharyngeal carcinoma" coded Z85.818,
    whose title names the oral cavity and pharynx); of another, a prior malignancy
    (comorbidities), no diagnosis here: returned. A Chinese history ("鼻咽癌病史") in a chart of no
    other cancer is the chart's cancer."""
    for condition, diagnosis in disseminated:
        if found.diagnoses:
            concept = coded(get(condition.model, "code"))
            found.secondaries.append(_secondary(condition, concept, SECONDARY, as_of))
        else:
            found.add(diagnosis)
    placed = {d.cancer_type for d in found.diagnoses if d.cancer_type is not None}
    others: list[CancerDiagnosis] = []
    for history in histories:
        same = next((c for c in history.candidates if c in placed), None)
        if same is not None:
            update = {"cancer_type": same, "within": None}
            found.add(history.diagnosis.model_copy(update=update))
        elif history.alone_is_the_cancer and not found.diagnoses:
            found.add(history.diagnosis)
        else:
            others.append(history.diagnosis)
    return tuple(others)


# LOT-CANCER, STG-OWNER (DX-PLACE): a cancer not placed entered within this many days of a
# Condition of a placed cancer it may be is that cancer entered again (LOT-CANCER's 30-day lead,
# reused).
ENTERED_AGAIN_DAYS = 30


def entered_again_of(
    diagnosis: CancerDiagnosis, placed: Collection[str], diagnoses: Sequence[CancerDiagnosis]
) -> str | None:
    """DX-PLACE, LOT-CANCER, STG-OWNER: the placed cancer a diagnosis not placed ("Squamous
    cell carcinoma", no organ) is that cancer entered again — the one node of `placed` its own
    node and its histology may be, a Condition of which (`diagnoses`) is dated within
    ENTERED_AGAIN_DAYS of it (most often its biopsy's histology); None otherwise."""
    day = diagnosis.diagnosed
    if diagnosis.cancer_type is not None or day is None:
        return None
    may_be = [node for node in placed if _may_be(diagnosis, node)]
    if len(may_be) != 1:
        return None
    near = timedelta(days=ENTERED_AGAIN_DAYS)
    dates = [d.diagnosed for d in diagnoses if d.cancer_type == may_be[0]]
    return may_be[0] if any(o is not None and abs(o - day) <= near for o in dates) else None


def _may_be(diagnosis: CancerDiagnosis, node: str) -> bool:
    """A cancer not placed may be `node`: its node (`within`, None: any) holds it, and its
    histology may be it (`histology_may_be`, empty: any; "腺癌" is never an NPC)."""
    taxonomy = default_taxonomy()
    within = diagnosis.within
    if node not in taxonomy or (within is not None and not _at_or_below(node, within)):
        return False
    groups = [group for group in diagnosis.histology_may_be if group in taxonomy]
    return not diagnosis.histology_may_be or any(taxonomy.related(node, g) for g in groups)


def only_cancer(diagnoses: Sequence[CancerDiagnosis]) -> CancerDiagnosis | None:
    """STG-OWNER: the chart's one cancer, to which records linked to none belong: every primary
    diagnosis placed at the same node (the same cancer recorded twice), or a single one; a
    diagnosis not placed that is that cancer entered again (`entered_again_of`) is no other.
    The first such diagnosis stands for it; None when there are several cancers or none."""
    placed = {d.cancer_type for d in diagnoses if d.cancer_type is not None}
    diagnoses = [d for d in diagnoses if entered_again_of(d, placed, diagnoses) is None]
    if not diagnoses:
        return None
    first = diagnoses[0]
    if len(diagnoses) > 1 and (
        first.cancer_type is None or any(d.cancer_type != first.cancer_type for d in diagnoses)
    ):
        return None
    return first


def _nodes_resolved(
    secondaries: list[SecondaryMalignancy], diagnoses: list[CancerDiagnosis]
) -> tuple[SecondaryMalignancy, ...]:
    """STG-NODES: a nodal metastasis recorded on its own is the chart's one cancer's (as every
    metastasis linked to none, STG-OWNER): its regions are read for that cancer. With several
    cancers, or none, nodes are no proof of distant spread."""
    only = only_cancer(diagnoses)
    owner = only.cancer_type if only is not None else None
    return tuple(
        replace(s, distant=nodes_distant(owner, s.regions))
        if s.kind == SECONDARY_NODES and s.distant is False
        else s
        for s in secondaries
    )
