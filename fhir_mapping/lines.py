"""Lines of systemic therapy, per cancer and per setting, from dated antineoplastic exposures.

The rules (regimen window, drop, substitution, maintenance, progression, new agent, gap,
supportive drugs, attribution to a cancer, setting, unresolved and blinded drugs) are LOT-* and
EXP-* in docs/clinical-rules.md; this module holds them, with the data tables in
`line_tables`. Exposures without a start date make no dated line: a possible line of no known
place (EXP-UNDATED), unless their end places them before all other therapy (`_placed_by_end`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypedDict

from eligibility.facts import (
    DE_NOVO_DAYS,
    RECURRED_STATUS,
    UNCONFIRMED_VERIFICATION,
    CancerDiagnosis,
    DiseaseProgression,
    LineReason,
    LineSetting,
    RadiotherapyCourse,
    Stage,
    TherapyExposure,
    TherapyLine,
)
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import DrugClass, RadiotherapySite
from fhir_mapping.chemotherapy_procedures import SOURCE as CHEMOTHERAPY_PROCEDURE
from fhir_mapping.diagnoses import entered_again_of
from fhir_mapping.line_claims import LineClaim
from fhir_mapping.line_tables import line_tables
from fhir_mapping.nodal_disease import UnownedNodes
from fhir_mapping.node_spread import nodes_distant
from fhir_mapping.therapy import named_anticancer

REGIMEN_WINDOW_DAYS = 28  # LOT-REGIMEN
GAP_DAYS = 180  # LOT-GAP
# LOT-RESTART: a break in all of a cancer's therapy longer than this, then chemotherapy of the line
# given again, may have followed a progression not recorded.
RESTART_DAYS = 90
# LOT-CANCER: therapy may start this long before the diagnosis date a chart records (the
# diagnosis is often entered after the first cycle).
DIAGNOSIS_LEAD_DAYS = 30
# LOT-CANCER-NEW-DIAGNOSIS: how long before a therapy another cancer must have been diagnosed,
# and left without recurrence, metastasis, progression or therapy recorded, for therapy begun
# just after a new cancer's diagnosis to be the new cancer's.
QUIET_DAYS = 365
_ONGOING_STATUS = frozenset({"active", "in-progress", "on-hold"})


@dataclass(frozen=True, slots=True)
class Disease:
    """What lines read of the disease: the cancers (with their abatement dates and, per cancer,
    the date it became metastatic), the dated progressions, and the first date distant
    metastasis was documented anywhere in the chart."""

    diagnoses: tuple[CancerDiagnosis, ...] = ()
    abatement: dict[str, date] = field(default_factory=dict)  # Condition reference -> date
    progressions: tuple[DiseaseProgression, ...] = ()
    metastasis: date | None = None
    # LOT-CANCER-NEW-DIAGNOSIS: the lymph-node metastases no cancer owns (a chart with several
    # cancers), and the cancer Conditions documented with nodes of their own.
    nodes: tuple[UnownedNodes, ...] = ()
    node_positive: frozenset[str] = frozenset()
    # LOT-SETTING: the cancer Conditions staged M0 at diagnosis, and the radiotherapy courses
    # given: a first course of chemoradiotherapy of such a cancer is curative.
    m0_at_diagnosis: frozenset[str] = frozenset()
    radiotherapy: tuple[RadiotherapyCourse, ...] = ()
    # LOT-RECURRENCE-UNDATED: a distant metastasis is documented in the chart, dated or not.
    spread_documented: bool = False

    def metastasis_of(self, cancer: _Cancer) -> date | None:
        """LOT-SETTING's date for this cancer: its own `metastatic_since` (STG-OWNER: a stage
        or metastasis of another cancer never sets it); the chart's date only when the chart
        holds no other cancer it could belong to."""
        own = [
            d.metastatic_since
            for d in self.diagnoses
            if d.metastatic_since is not None and _cancer_key(d) == cancer.key
        ]
        if own:
            return min(own)
        kinds = {_cancer_key(d) for d in self.diagnoses}
        return self.metastasis if len(kinds) <= 1 else None

    def recurred_undated(self, cancer: _Cancer) -> bool:
        """LOT-RECURRENCE-UNDATED: the cancer recurred after its first course, when not
        recorded."""
        return any(d.recurred_undated and _cancer_key(d) == cancer.key for d in self.diagnoses)

    def staged_m0(self, cancer: _Cancer) -> bool:
        """LOT-SETTING: the cancer was staged M0 within the de novo window of its diagnosis."""
        return any(
            d.evidence and d.evidence[0] in self.m0_at_diagnosis and _cancer_key(d) == cancer.key
            for d in self.diagnoses
        )

    def recurrence_of(self, cancer: _Cancer) -> date | None:
        """LOT-SETTING's date for this cancer: when it was first documented metastatic, or to
        have recurred (LOT-RECURRENCE), whichever came first."""
        relapsed = [
            d.relapsed_since
            for d in self.diagnoses
            if d.relapsed_since is not None and _cancer_key(d) == cancer.key
        ]
        dates = [*relapsed, self.metastasis_of(cancer)]
        return min((d for d in dates if d is not None), default=None)


def _cancer_key(diagnosis: CancerDiagnosis) -> str:
    """A cancer's key: its taxonomy node, else its Condition reference (`_Cancer.key`)."""
    return diagnosis.cancer_type or (diagnosis.evidence[0] if diagnosis.evidence else "")


def metastasis_date(stages: Iterable[Stage], distant: Iterable[date | None]) -> date | None:
    """The first date distant metastasis was documented: an M1 category, or the onset of a
    documented distant secondary malignancy (`distant`)."""
    dates = [s.date for s in stages if s.date is not None and (s.m or "").startswith("M1")]
    dates += [onset for onset in distant if onset is not None]
    return min(dates, default=None)


class _LeftOpen(TypedDict):
    unnamed: tuple[str, ...]
    may_be: tuple[str, ...]
    may_be_classes: frozenset[DrugClass]


@dataclass(frozen=True, slots=True)
class _Cancer:
    key: str  # the taxonomy node, else the Condition reference; "" when no cancer is recorded
    cancer_type: str | None
    unattributed: bool = False
    candidates: tuple[str | None, ...] = ()
    diagnosed: date | None = None


def _related(a: str | None, b: str | None) -> bool:
    taxonomy = default_taxonomy()
    if a is None or b is None or a not in taxonomy or b not in taxonomy:
        return a == b
    return taxonomy.related(a, b)


def _of_diagnoses(found: Sequence[CancerDiagnosis]) -> _Cancer:
    first = found[0]
    dates = [d.diagnosed for d in found if d.diagnosed is not None]
    return _Cancer(_cancer_key(first), first.cancer_type, diagnosed=min(dates, default=None))


def attribute(
    exposure: TherapyExposure,
    disease: Disease,
    lead_days: int = DIAGNOSIS_LEAD_DAYS,
    given: Sequence[TherapyExposure] = (),
    *,
    chained: bool = True,
) -> _Cancer:
    """LOT-CANCER: `reasonReference`, else `reasonCode`, else the only cancer diagnosed (allowing
    `lead_days`) and not abated when the exposure started, else the cancer its agent was begun
    for when given on since (`chained`: not when already asking that), else the one newly
    diagnosed beside old quiet ones (LOT-CANCER-NEW-DIAGNOSIS, read against the chart's other
    therapy, `given`); otherwise unattributed."""
    diagnoses = disease.diagnoses
    if not diagnoses:
        return _Cancer("", None)
    for reference in exposure.reason_references:
        cancer = _named(reference, diagnoses)
        if cancer is not None:
            return cancer
    node = exposure.reason_cancer_type
    if node is not None:
        named = [d for d in diagnoses if _related(d.cancer_type, node)]
        return _of_diagnoses(named) if named else _Cancer(node, node)
    start = exposure.start
    if start is None:  # EXP-UNDATED: any cancer of the chart may be the one it treated
        candidates = list(diagnoses)
    else:
        lead = start + timedelta(days=lead_days)
        known = [d for d in diagnoses if d.diagnosed is None or d.diagnosed <= lead]
        if not known:
            return _before_every_diagnosis(exposure, disease, lead_days, given, chained)
        candidates = [
            d
            for d in known
            if not _abated_by(d, start, disease)
            or _abatement_undone(d, known, start, lead_days, disease, given)
        ]
        if not candidates:
            # Every cancer then known had abated: anticancer therapy after a remission treats its
            # relapse, or the abatement was never undone — unless its cycles run on into another
            # cancer's diagnosis, which then decides with that cycle.
            later = [d.diagnosed for d in diagnoses if d not in known and d.diagnosed]
            run_on = _run_on(exposure, min(later), lead_days, given) if later else None
            if run_on is not None:
                return attribute(run_on, disease, lead_days, given, chained=chained)
            candidates = known
    candidates = _entered_vaguely_dropped(candidates, disease)
    # LOT-CANCER: an agent given on since before a cancer was known goes on treating the cancer
    # it was begun for.
    first = _given_on_since(exposure, given) if chained and len(candidates) > 1 else exposure
    if first is not exposure:
        owner = attribute(first, disease, lead_days, given, chained=False)
        if not owner.unattributed and any(_cancer_key(d) == owner.key for d in candidates):
            return owner
    # LOT-CANCER: an agent given only for some cancers (letrozole) treats none of the others,
    # nor do the agents begun with it as one regimen (R-CHOP: rituximab is a lymphoma's).
    candidates = _may_treat(exposure, candidates, given)
    # DX-WORDS: a cancer still to be confirmed is the one treated only when no confirmed one is.
    confirmed = [d for d in candidates if d.verification_status not in UNCONFIRMED_VERIFICATION]
    if start is not None and confirmed:
        new = _newly_diagnosed(confirmed, start, lead_days, disease, given)
        confirmed = new or confirmed
    return _among(confirmed or candidates)


def _entered_vaguely_dropped(
    candidates: Sequence[CancerDiagnosis], disease: Disease
) -> list[CancerDiagnosis]:
    """LOT-CANCER: a cancer not placed (DX-PLACE: "Squamous cell carcinoma" naming no organ)
    that is a placed candidate entered again (`entered_again_of`: within 30 days of it, its node
    and its histology holding it; an adenocarcinoma is no NPC) is not a candidate of its own.
    Whether it is another cancer is asked where it matters (MAL-OTHER)."""
    placed = {d.cancer_type for d in candidates if d.cancer_type is not None}
    if not placed or len(placed) == len(candidates):
        return list(candidates)
    return [d for d in candidates if entered_again_of(d, placed, disease.diagnoses) is None]


def _before_every_diagnosis(
    exposure: TherapyExposure,
    disease: Disease,
    lead_days: int,
    given: Sequence[TherapyExposure],
    chained: bool = True,
) -> _Cancer:
    """LOT-CANCER: therapy begun before every cancer the chart records was diagnosed (beyond the
    lead). Cycles that run on (each within LOT-REGIMEN's window of the last) to one given once
    a cancer was known are that cycle's cancer's: the diagnosis was entered late. Therapy that
    stopped before may have treated a recorded cancer entered late (a transfer, an outside
    course) or a cancer the chart does not hold: unattributed among them."""
    first = min((d.diagnosed for d in disease.diagnoses if d.diagnosed), default=None)
    later = _run_on(exposure, first, lead_days, given) if first is not None else None
    if later is not None:
        return attribute(later, disease, lead_days, given, chained=chained)
    kinds = [d.cancer_type for d in disease.diagnoses]
    return _Cancer(
        "unattributed",
        None,
        unattributed=True,
        candidates=tuple(dict.fromkeys([*kinds, None])),
    )


def _given_on_since(exposure: TherapyExposure, given: Sequence[TherapyExposure]) -> TherapyExposure:
    """LOT-CANCER: the first record of the run of the agent's records that leads to `exposure`,
    each begun within LOT-REGIMEN's window of the last (toripalimab maintenance every three
    weeks since the first cycle): `exposure` itself when none came before."""
    began = exposure.start
    if began is None:
        return exposure
    before = sorted(
        (
            e
            for e in given
            if e.agent == exposure.agent and e.antineoplastic and e.start is not None
            if e.start < began
        ),
        key=lambda e: e.start or began,
        reverse=True,
    )
    window = timedelta(days=REGIMEN_WINDOW_DAYS)
    first = exposure
    for earlier in before:
        if (first.start or began) - (earlier.end or earlier.start or began) > window:
            break
        first = earlier
    return first


def _may_treat(
    exposure: TherapyExposure,
    candidates: Sequence[CancerDiagnosis],
    given: Sequence[TherapyExposure],
) -> list[CancerDiagnosis]:
    """LOT-CANCER: the candidates the exposure's agent, and each agent begun with it as one
    regimen, may treat (all of them when an agent may treat none)."""
    kept = list(candidates)
    # Only an agent begun with chemotherapy as one regimen (R-CHOP's rituximab) draws the agents
    # begun with it: goserelin begun with another cancer's chemotherapy protects the ovaries.
    regimen = line_tables().with_chemotherapy
    begun = _begun_with(exposure, given) if len(kept) > 1 else ()
    for agent in (exposure, *(e for e in begun if e.agent in regimen)):
        kept = [d for d in kept if not _confined_away(agent, d.cancer_type)] or kept
    return kept


def _begun_with(
    exposure: TherapyExposure, given: Sequence[TherapyExposure]
) -> tuple[TherapyExposure, ...]:
    """LOT-CANCER: the other agents begun on the day `exposure` was first given (LOT-REGIMEN's
    run) with no reason recorded, none of them given before: one new regimen with it."""
    first = _given_on_since(exposure, given)
    if first.start is None or exposure.reason_references or exposure.reason_cancer_type:
        return ()
    return tuple(
        e
        for e in given
        if e.start == first.start
        and e.agent != exposure.agent
        and not e.reason_references
        and e.reason_cancer_type is None
        and _given_on_since(e, given) is e
    )


def _run_on(
    exposure: TherapyExposure, diagnosed: date, lead_days: int, given: Sequence[TherapyExposure]
) -> TherapyExposure | None:
    """LOT-CANCER: the first cycle of the therapy `exposure` runs on to (each cycle within
    LOT-REGIMEN's window of the last) given once a cancer diagnosed on `diagnosed` was known
    (with the lead); None when the therapy stopped before."""
    start = exposure.start or date.min
    course = sorted(
        (e for e in given if (e.antineoplastic or not e.resolved) and (e.start or start) > start),
        key=lambda e: e.start or start,
    )
    last = exposure.end or start
    for later in course:
        began = later.start or start
        if began - last > timedelta(days=REGIMEN_WINDOW_DAYS):
            return None
        if diagnosed <= began + timedelta(days=lead_days):
            return later
        last = max(last, later.end or began)
    return None


def _newly_diagnosed(
    candidates: Sequence[CancerDiagnosis],
    start: date,
    lead_days: int,
    disease: Disease,
    given: Sequence[TherapyExposure],
) -> list[CancerDiagnosis]:
    """LOT-CANCER-NEW-DIAGNOSIS: the diagnoses of the one cancer first diagnosed within
    LOT-SETTING's de novo window before the therapy began (or `lead_days` after), when every
    other candidate was diagnosed more than QUIET_DAYS before and is recorded as nothing since;
    else none. The therapy began with the course `start` is part of: a later cycle is the
    course's, whenever it was given."""
    kinds: dict[str, list[CancerDiagnosis]] = {}
    for diagnosis in candidates:
        kinds.setdefault(_cancer_key(diagnosis), []).append(diagnosis)
    if len(kinds) < 2:  # the common chart: one cancer, nothing to choose
        return []
    # Every Condition of a cancer dates it, not only the candidates: a recurrence entered since
    # is a Condition of the old cancer too.
    recorded = {key: [d for d in disease.diagnoses if _cancer_key(d) == key] for key in kinds}
    # An agent that cannot treat one of the cancers (tamoxifen beside an NPC) is that other
    # cancer's therapy: it runs beside the course, not in it.
    start = _course_start(
        start, [e for e in given if not any(_confined_away(e, key) for key in recorded)]
    )
    new = [
        key
        for key, found in recorded.items()
        if all(d.diagnosed is not None for d in found)
        and start - timedelta(days=DE_NOVO_DAYS)
        <= min(d.diagnosed for d in found if d.diagnosed is not None)
        <= start + timedelta(days=lead_days)
    ]
    if len(new) != 1:
        return []
    key = new[0]
    first = min(d.diagnosed for d in recorded[key] if d.diagnosed is not None)
    quiet_since = start - timedelta(days=QUIET_DAYS)
    others = [d for other, found in recorded.items() if other != key for d in found]
    if not all(_quiet(d, quiet_since, disease) for d in others):
        return []
    if _unexplained(disease, recorded[key], first, start, lead_days):
        return []
    other_references = {r for d in others for r in d.evidence}
    if any(
        _treats_other(e, recorded[key], other_references, first, quiet_since, start, lead_days)
        for e in given
    ):
        return []
    return kinds[key]


def _course_start(start: date, given: Sequence[TherapyExposure]) -> date:
    """The start of the course of therapy (anticancer or unknown drugs, no gap longer than
    LOT-GAP's) that is running on `start`."""
    spans = sorted(
        (began, exposure.end or began)
        for exposure in given
        if exposure.antineoplastic or not exposure.resolved
        if (began := exposure.start or exposure.end) is not None and began <= start
    )
    course, last = start, None
    for began, ended in spans:
        if last is None or began - last > timedelta(days=GAP_DAYS):
            course, last = began, ended
        else:
            last = max(last, ended)
    if last is None or start - last > timedelta(days=GAP_DAYS):
        return start
    return course


def _quiet(diagnosis: CancerDiagnosis, since: date, disease: Disease) -> bool:
    """LOT-CANCER-NEW-DIAGNOSIS: an old cancer's Condition dated before `since`, recording no
    recurrence (in its status or its words, whenever: the onset of "喉癌术后复发" is often the
    first diagnosis's) or metastasis, and no progression recorded about it."""
    return (
        diagnosis.diagnosed is not None
        and diagnosis.diagnosed < since
        and diagnosis.metastatic_since is None
        and diagnosis.relapsed_since is None
        and not diagnosis.recurred_undated
        and not diagnosis.recurrence_written
        and diagnosis.clinical_status not in RECURRED_STATUS
        and not any(p.condition in diagnosis.evidence for p in disease.progressions)
    )


def _unexplained(
    disease: Disease,
    new: Sequence[CancerDiagnosis],
    first: date,
    start: date,
    lead_days: int,
) -> bool:
    """LOT-CANCER-NEW-DIAGNOSIS: disease the chart records that may be an old cancer's: a
    progression about no cancer, in the year before `start`; a distant metastasis (owned by no
    cancer when the chart holds several, STG-OWNER) unless the new cancer is itself documented
    metastatic and the metastasis was found no earlier than its diagnosis (with the lead)."""
    owned = {r for d in disease.diagnoses for r in d.evidence}
    latest = start + timedelta(days=lead_days)
    since = start - timedelta(days=QUIET_DAYS)
    if any(
        (p.condition is None or p.condition not in owned) and since <= p.date <= latest
        for p in disease.progressions
    ):
        return True
    own = [d.metastatic_since for d in new if d.metastatic_since is not None]
    metastasis = disease.metastasis
    if metastasis is not None and (not own or metastasis < first - timedelta(days=lead_days)):
        return True
    return any(not _own_nodes(n, new, bool(own), first, latest, disease) for n in disease.nodes)


def _own_nodes(
    nodes: UnownedNodes,
    new: Sequence[CancerDiagnosis],
    metastatic: bool,
    first: date,
    latest: date,
    disease: Disease,
) -> bool:
    """LOT-CANCER-NEW-DIAGNOSIS: a lymph-node metastasis no cancer owns that the new cancer
    explains, or that says nothing of what the course began for: found after it began (with the
    lead); found with an old cancer's first diagnosis (its extent then, not a recurrence); or
    found no earlier than the new cancer's diagnosis (with the lead) — or not dated — when the
    new cancer's own record shows nodal disease (N1–N3, its words), or it is metastatic and
    the nodes' region is distant for it (STG-NODES). Neck nodes beside an NPC staged N0, or
    found months before it, may be an old cancer's regional recurrence."""
    found = nodes.found
    lead = timedelta(days=DIAGNOSIS_LEAD_DAYS)
    if found is not None and found > latest:
        return True
    firsts: dict[str, date] = {}
    for d in disease.diagnoses:
        if d not in new and d.diagnosed is not None:
            key = _cancer_key(d)
            firsts[key] = min(firsts.get(key, d.diagnosed), d.diagnosed)
    old = firsts.values()
    window = timedelta(days=DE_NOVO_DAYS)
    if found is not None and any(day - lead <= found <= day + window for day in old):
        return True
    if found is not None and found < first - lead:
        return False
    positive = any(r in disease.node_positive for d in new for r in d.evidence)
    distant = metastatic and nodes_distant(new[0].cancer_type, nodes.regions) is True
    return positive or distant


def _treats_other(
    exposure: TherapyExposure,
    new: Sequence[CancerDiagnosis],
    others: set[str],
    first: date,
    since: date,
    start: date,
    lead_days: int,
) -> bool:
    """LOT-CANCER-NEW-DIAGNOSIS: anticancer therapy (or a drug not known) given in the year
    before `start` that the new cancer cannot own: its reason names another cancer (`others`:
    the old cancers' Conditions; a reason code of another type; undated: any time), or it
    started before the new cancer could have been known. A reason naming a Condition of no
    cancer (a metastasis) names none, as LOT-CANCER reads it."""
    if not exposure.antineoplastic and exposure.resolved:
        return False
    references = {r for d in new for r in d.evidence}
    node = new[0].cancer_type
    other = any(r in others for r in exposure.reason_references) or (
        exposure.reason_cancer_type is not None and not _related(exposure.reason_cancer_type, node)
    )
    began = exposure.start or exposure.end
    if began is None:
        return other
    ended = exposure.end or (date.max if exposure.status in _ONGOING_STATUS else began)
    if ended < since or began > start + timedelta(days=lead_days):
        return False
    # Still given when the course began, or paused (`on-hold`) or left `active` whatever its
    # period says (LOT-IN-PROGRESS): not stopped, so no switch to the course.
    running_on = ended >= start or exposure.status in _ONGOING_STATUS
    if running_on and node is not None and _confined_away(exposure, node):
        return False
    if other:
        return True
    named = any(r in references for r in exposure.reason_references)
    return not named and began < first - timedelta(days=lead_days)


def _confined_away(exposure: TherapyExposure, node: str | None) -> bool:
    """LOT-CANCER-NEW-DIAGNOSIS: a known agent given only for other cancers than the new one
    (`line_confined_agents.csv`: tamoxifen, an aromatase inhibitor, imatinib beside an NPC).
    Still given when the course began, it is an old cancer's therapy running on beside it, not
    a sign that the old cancer came back and the course is its own."""
    return (
        exposure.resolved
        and not exposure.blinded
        and not exposure.may_be
        and line_tables().cannot_treat(exposure.agent, node)
    )


def _abatement(diagnosis: CancerDiagnosis, disease: Disease) -> date | None:
    return min(
        (disease.abatement[r] for r in diagnosis.evidence if r in disease.abatement),
        default=None,
    )


def _abated_by(diagnosis: CancerDiagnosis, start: date, disease: Disease) -> bool:
    abated = _abatement(diagnosis, disease)
    return abated is not None and abated <= start


def _abatement_undone(
    diagnosis: CancerDiagnosis,
    known: Sequence[CancerDiagnosis],
    start: date,
    lead_days: int,
    disease: Disease,
    given: Sequence[TherapyExposure],
) -> bool:
    """LOT-CANCER: an abated cancer the chart shows came back after its abatement, by the time
    the exposure started (with the lead), so that it stays a candidate beside a cancer newly
    diagnosed (LOT-CANCER-NEW-DIAGNOSIS decides between them): a progression about it, its
    recurrence or metastasis dated since; anticancer therapy (or a drug not known) begun since
    whose reason names it, or names no cancer and began before every other cancer then known
    could have been its cause (more than the lead before its diagnosis); a distant metastasis
    found then. A status left `resolved` is rarely undone when a cancer recurs."""
    abated = _abatement(diagnosis, disease)
    if abated is None:
        return False
    latest = start + timedelta(days=lead_days)
    key = _cancer_key(diagnosis)
    own = [d for d in disease.diagnoses if _cancer_key(d) == key]
    references = {r for d in own for r in d.evidence}
    if any(p.condition in references and abated < p.date <= latest for p in disease.progressions):
        return True
    dates = [day for d in own for day in (d.relapsed_since, d.metastatic_since) if day]
    if any(abated < day <= latest for day in dates):
        return True
    others = [
        d.diagnosed
        for d in known
        if _cancer_key(d) != key and not _abated_by(d, start, disease) and d.diagnosed
    ]
    if not others:
        return False
    before = min(others) - timedelta(days=DIAGNOSIS_LEAD_DAYS)
    if disease.metastasis is not None and abated < disease.metastasis < before:
        return True
    return any(
        _treats_abated(e, diagnosis, references, (abated, latest), before, disease) for e in given
    )


def _treats_abated(
    exposure: TherapyExposure,
    diagnosis: CancerDiagnosis,
    references: set[str],
    span: tuple[date, date],
    before: date,
    disease: Disease,
) -> bool:
    """LOT-CANCER: anticancer therapy (or a drug not known) begun within `span` (after the
    abatement, by the exposure's start with the lead) that names the abated cancer, or names
    none and began before `before`."""
    if not exposure.antineoplastic and exposure.resolved:
        return False
    began = exposure.start or exposure.end
    if began is None or not span[0] < began <= span[1]:
        return False
    if any(r in references for r in exposure.reason_references):
        return True
    node = exposure.reason_cancer_type
    if node is not None:
        return _related(node, diagnosis.cancer_type)
    if any(_named(r, disease.diagnoses) for r in exposure.reason_references):
        return False  # another cancer's
    return began < before


def _named(reference: str, diagnoses: Sequence[CancerDiagnosis]) -> _Cancer | None:
    """The cancer a Condition reference names: every diagnosis of its type is that cancer."""
    named = [d for d in diagnoses if reference in d.evidence]
    if not named:
        return None
    same = [d for d in diagnoses if d.cancer_type == named[0].cancer_type]
    return _of_diagnoses(same if named[0].cancer_type is not None else named)


def _among(candidates: Sequence[CancerDiagnosis]) -> _Cancer:
    """The one cancer `candidates` are diagnoses of, else unattributed among them."""
    kinds = list(dict.fromkeys(d.cancer_type or d.evidence[0] for d in candidates))
    if len(kinds) == 1:
        return _of_diagnoses(candidates)
    return _Cancer(
        "unattributed",
        None,
        unattributed=True,
        candidates=tuple(dict.fromkeys(d.cancer_type for d in candidates)),
    )


@dataclass
class _Line:
    start: date
    reason: LineReason
    setting: LineSetting
    agents: list[str] = field(default_factory=list)
    # LOT-AUGMENTATION: the agents started within the regimen window (its opening regimen).
    regimen: set[str] = field(default_factory=set)
    classes: set[DrugClass] = field(default_factory=set)
    blinded_agents: list[str] = field(default_factory=list)
    blinded_classes: set[DrugClass] = field(default_factory=set)
    exposures: list[TherapyExposure] = field(default_factory=list)
    last: date = date.min  # the latest start or end of its exposures
    last_given: dict[str, date] = field(default_factory=dict)  # per agent, as `last`
    # LOT-CONTINUED-PAST-METASTASIS: a curative line's exposures given on after metastasis.
    given_on: list[TherapyExposure] = field(default_factory=list)
    # LOT-NEW-LESION: agents new to the line started after a doubtful progression (`doubt`).
    after_doubt: list[TherapyExposure] = field(default_factory=list)
    doubt: DiseaseProgression | None = None
    # LOT-RESTART, LOT-MAINTENANCE-ASKED: each day from which the line's records may be a line of
    # their own (a progression the chart does not record), and the words saying why — one
    # question a day, every one asked (twenty-seventh session); were it a line, this one keeps
    # what was given before that day.
    asked: dict[date, str] = field(default_factory=dict)
    # LOT-CLASS-SWITCH: agents that took the place of one of their class mid-regimen (their first
    # records), and the agents they replaced.
    switched: list[TherapyExposure] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    agent_classes: dict[str, frozenset[DrugClass]] = field(default_factory=dict)
    # LOT-REGIMEN's window; none for a line placed by its end (EXP-UNDATED): what follows that
    # day was not started with it.
    window: timedelta = timedelta(days=REGIMEN_WINDOW_DAYS)

    def add(self, exposure: TherapyExposure) -> None:
        if exposure.agent not in self.agents:
            self.agents.append(exposure.agent)
        if not exposure.blinded:
            self.agent_classes[exposure.agent] = exposure.classes
        start = exposure.start or self.start
        if start - self.start <= self.window:
            self.regimen.add(exposure.agent)
        given = exposure.end or exposure.start or self.start
        self.last_given[exposure.agent] = max(self.last_given.get(exposure.agent, given), given)
        if exposure.blinded:
            # EXP-BLINDED: an agent the line also gave open-label is known (`agent_classes`).
            known = exposure.agent in self.agent_classes
            if not known and exposure.agent not in self.blinded_agents:
                self.blinded_agents.append(exposure.agent)
            self.blinded_classes.update(exposure.classes)
        else:
            if exposure.agent in self.blinded_agents:
                self.blinded_agents.remove(exposure.agent)
            self.classes.update(exposure.classes)
        self.exposures.append(exposure)
        self.last = max(self.last, exposure.end or exposure.start or self.start)


def _setting(
    start: date, cancer: _Cancer, disease: Disease, restarted: date | None = None
) -> LineSetting:
    """LOT-SETTING: curative when started before the metastasis (or nodal recurrence) date of a
    cancer diagnosed well before it (not de novo metastatic); recurrent/metastatic on or after
    that date. `restarted`: where LOT-RECURRENCE-UNDATED places an undated recurrence."""
    dates = [d for d in (disease.recurrence_of(cancer), restarted) if d is not None]
    metastasis = min(dates, default=None)
    if metastasis is None:
        return LineSetting.NOT_DETERMINED
    if start >= metastasis:
        return LineSetting.RECURRENT_METASTATIC
    diagnosed = cancer.diagnosed
    if diagnosed is not None and metastasis > diagnosed + timedelta(days=DE_NOVO_DAYS):
        return LineSetting.CURATIVE
    return LineSetting.RECURRENT_METASTATIC


# LOT-SETTING: the fields of a head and neck cancer's locoregional radiotherapy.
_LOCOREGIONAL_FIELDS = frozenset(
    {RadiotherapySite.NASOPHARYNX, RadiotherapySite.NECK, RadiotherapySite.HEAD_AND_NECK}
)


def _settled(line: _Line, cancer: _Cancer, disease: Disease) -> LineSetting:
    """LOT-SETTING: a line whose setting no metastasis or recurrence date decides is curative
    when it is the chemoradiotherapy of a head and neck cancer staged M0 at diagnosis — begun
    within the de novo window of the diagnosis, a platinum given during radiotherapy to the
    head and neck: the curative treatment of locoregionally advanced disease, whatever
    followed."""
    if line.setting is not LineSetting.NOT_DETERMINED or not _chemoradiotherapy(
        line, cancer, disease
    ):
        return line.setting
    return LineSetting.CURATIVE


def _chemoradiotherapy(line: _Line, cancer: _Cancer, disease: Disease) -> bool:
    diagnosed = cancer.diagnosed
    if (
        diagnosed is None
        or cancer.unattributed
        or not default_taxonomy().is_head_and_neck(cancer.cancer_type)
        or line.start > diagnosed + timedelta(days=DE_NOVO_DAYS)
    ):
        return False
    staged_m0 = disease.staged_m0(cancer)
    fields = [
        (course.start, course.end or course.start)
        for course in disease.radiotherapy
        if course.given is True and course.start is not None and course.sites & _LOCOREGIONAL_FIELDS
    ]
    return staged_m0 and any(
        begun <= (e.end or e.start) and e.start <= ended
        for e in line.exposures
        if e.start is not None and DrugClass.PLATINUM in e.classes
        for begun, ended in fields
    )


def _progressed(cancer: _Cancer, disease: Disease) -> list[DiseaseProgression]:
    """The progressions of this cancer, by date: assessments about it, or about no particular
    cancer."""
    keys = {
        ref: d.cancer_type or ref for d in disease.diagnoses for ref in d.evidence if d.evidence
    }
    return sorted(
        (
            p
            for p in disease.progressions
            if p.condition is None or p.condition not in keys or keys[p.condition] == cancer.key
        ),
        key=lambda p: p.date,
    )


def _derive(
    exposures: list[TherapyExposure],
    cancer: _Cancer,
    disease: Disease,
    ended: frozenset[int] = frozenset(),
    as_of: date = date.max,
) -> list[_Line]:
    """The lines of one cancer's exposures (by start); `ended`: the ids of those placed by their
    end (`_placed_by_end`), whose line has no regimen window past that day."""
    window = timedelta(days=REGIMEN_WINDOW_DAYS)
    gap = timedelta(days=GAP_DAYS)
    progressed = _progressed(cancer, disease)
    undated = _undated_progressions(progressed, exposures[0].start if exposures else None)
    progressed = [p for p in progressed if p not in undated]
    progressions = [p.date for p in progressed if not p.doubtful]
    doubts = [p for p in progressed if p.doubtful]
    metastasis = disease.metastasis_of(cancer)
    maintenance_for = (cancer.cancer_type,) if not cancer.unattributed else cancer.candidates
    given = _given_by_agent(exposures)
    restarted = _undated_recurrence(exposures, cancer, disease) or _late_first_course(
        exposures, cancer, disease
    )
    before_recurrence = restarted is None and _first_course_only(exposures, cancer, disease, as_of)
    lines: list[_Line] = []
    before = _GivenBefore(exposures)  # LOT-RESTART: `exposures` are in order of start
    for exposure in exposures:
        start = exposure.start
        assert start is not None
        current = lines[-1] if lines else None
        reason: LineReason | None = None
        given_on = False
        switch: list[str] = []  # LOT-CLASS-SWITCH: the agents the exposure replaced
        asked = False  # LOT-MAINTENANCE-ASKED
        if current is None:
            reason = LineReason.FIRST
        elif start - max(li.last for li in lines) > gap:
            reason = LineReason.GAP
        elif (
            current.setting is LineSetting.CURATIVE
            and metastasis is not None
            and start >= metastasis
        ):
            # Metastasis after curative therapy is progression: a new agent, or one given again
            # after a break, starts a line; one given on stays (LOT-CONTINUED-PAST-METASTASIS).
            given_on = _given_on(current, exposure, window)
            reason = None if given_on else LineReason.PROGRESSION
        elif _after_progression(current, exposure, progressions, window):
            reason = LineReason.PROGRESSION
        elif _taken_in(current, exposure, maintenance_for, given):
            reason = None
        else:
            switch = _class_switch(current, exposure, given)
            asked = not switch and _maintenance_asked(current, exposure, maintenance_for)
            reason = None if switch or asked else LineReason.NEW_AGENT
        if reason is not None:
            setting = (
                LineSetting.CURATIVE
                if before_recurrence
                else _setting(start, cancer, disease, restarted)
            )
            current = _Line(start, reason, setting)
            current.window = _regimen_window(exposure, ended)
            lines.append(current)
        assert current is not None
        if reason is None and not given_on:
            _ask(current, start, _restart(current, before, exposure, disease))
        new = reason is None and not given_on and exposure.agent not in current.agents
        # A switch after a doubtful progression is asked about once, as that doubt.
        doubted = new and _joined_after_doubt(current, exposure, doubts, undated)
        if new and not doubted and switch:
            current.switched.append(exposure)
            current.replaced += [a for a in switch if a not in current.replaced]
        if asked and not doubted:
            _ask(current, start, _maintenance_words(current, exposure))
        current.add(exposure)
        if given_on:
            current.given_on.append(exposure)
    return lines


def _maintenance_asked(
    line: _Line, exposure: TherapyExposure, maintenance_for: tuple[str | None, ...]
) -> bool:
    """LOT-MAINTENANCE-ASKED: an agent of a class `line_maintenance_asked.csv` lists for the
    cancer (an anti-PD-1 for NPC), new to a line of platinum chemotherapy that holds none of
    its class, begun with no progression recorded once the rest had stopped: maintenance of the
    line or a line of its own, which the chart does not say. Asked beside a restart of the line
    (LOT-RESTART): each may have followed a progression of its own (twenty-seventh session).
    EXP-BLINDED: so is any blinded drug begun there ("toripalimab or placebo"), whatever its
    class — a maintenance study or a later line's, its drug perhaps none."""
    if line.setting is LineSetting.CURATIVE:
        return False
    if exposure.blinded:
        return True
    classes = line_tables().maintenance_asked(exposure.classes, maintenance_for)
    return bool(classes) and DrugClass.PLATINUM in line.classes and not (classes & line.classes)


def _ask(line: _Line, day: date, words: str | None) -> None:
    """LOT-RESTART, LOT-MAINTENANCE-ASKED: the line asks whether the disease had progressed
    before `day` (`words`: why), once a day (twenty-seventh session)."""
    if words is not None:
        line.asked.setdefault(day, words)


def _maintenance_words(line: _Line, exposure: TherapyExposure) -> str:
    chemotherapy = [a for a in line.agents if a != exposure.agent]
    return f"{exposure.agent} begun after {', '.join(chemotherapy)}, no progression recorded"


@dataclass
class _GivenBefore:
    """LOT-RESTART: what a cancer's records started before a day give — the latest start or end
    of any, the latest end, whether any is left open — folded once per record as `_derive` walks
    them in order of start (a line of many cycles is read in linear time, not once per record)."""

    exposures: Sequence[TherapyExposure]
    folded: int = 0
    last: date | None = None
    latest_end: date | None = None
    left_open: bool = False

    def until(self, day: date) -> _GivenBefore:
        """Fold every record started before `day` (the records are in order of start)."""
        while self.folded < len(self.exposures):
            exposure = self.exposures[self.folded]
            start = exposure.start
            assert start is not None
            if start >= day:
                break
            ended = exposure.end or start
            self.last = ended if self.last is None else max(self.last, ended)
            if exposure.end is not None:
                end = exposure.end
                self.latest_end = end if self.latest_end is None else max(self.latest_end, end)
            self.left_open = self.left_open or exposure.status in _ONGOING_STATUS
            self.folded += 1
        return self

    def still_given(self, day: date) -> bool:
        """Whether a record started before `day` is still given on it (`_still_given`)."""
        return self.left_open or (self.latest_end is not None and self.latest_end > day)


def _restart(
    line: _Line, before: _GivenBefore, exposure: TherapyExposure, disease: Disease
) -> str | None:
    """LOT-RESTART: chemotherapy of the line given again, with no progression recorded, after a
    break in all of the cancer's therapy longer than `RESTART_DAYS` (and no longer than LOT-GAP's,
    which begins a line): the words of the question (the break's first and last days).
    Locoregional radiotherapy given in the break fills it (chemotherapy, radiotherapy of the
    primary and neck, then the rest of the chemotherapy: de novo metastatic NPC's planned first
    line; twenty-sixth session's second red-team review). `before`: the cancer's records started
    before the exposure's day (not what began with it, in whatever order)."""
    start = exposure.start
    assert start is not None
    if (
        start in line.asked  # asked already (LOT-MAINTENANCE-ASKED's day, or this restart's)
        or line.setting is LineSetting.CURATIVE
        or exposure.agent not in line.agents
        or exposure.blinded
        or DrugClass.CHEMOTHERAPY not in exposure.classes
    ):
        return None
    # The break's length first: most courses go on within weeks, and then nothing else need be
    # read (radiotherapy only fills a break, never lengthens it).
    given = before.until(start)
    last = given.last or start
    if start - last <= timedelta(days=RESTART_DAYS):
        return None
    fields = [
        course.end or course.start
        for course in disease.radiotherapy
        if course.given is True
        and course.start is not None
        and last <= (course.end or course.start)
        and course.start < start
        and course.sites & _LOCOREGIONAL_FIELDS
    ]
    last = max([last, *(min(day, start) for day in fields if day is not None)])
    if start - last <= timedelta(days=RESTART_DAYS):
        return None
    if given.still_given(start):
        return None  # something was still being given (an order left open, a long supply)
    return f"a break in all therapy from {last} to {start}, no progression recorded"


def _taken_in(
    line: _Line,
    exposure: TherapyExposure,
    maintenance_for: tuple[str | None, ...],
    given: dict[str, list[tuple[date, date]]],
) -> bool:
    """Whether the line takes the exposure in, with no progression since it began: the regimen
    (LOT-REGIMEN), an agent continued (LOT-MAINTENANCE), a substitute (LOT-SUBSTITUTION), a
    maintenance agent (LOT-MAINTENANCE) or an addition to the running regimen
    (LOT-AUGMENTATION)."""
    start = exposure.start
    assert start is not None
    tables = line_tables()
    return (
        start <= line.start + line.window
        or exposure.agent in line.agents
        or tables.substitutes(exposure.agent, line.agents)
        or tables.maintains(exposure.agent, maintenance_for)
        or _regimen_running(line, start, given, timedelta(days=REGIMEN_WINDOW_DAYS))
    )


def _class_switch(
    line: _Line, exposure: TherapyExposure, given: dict[str, list[tuple[date, date]]]
) -> list[str]:
    """LOT-CLASS-SWITCH: the agents of the line the exposure took the place of — of a class of
    `line_class_switches.csv` it has, not given again within the regimen window — while the
    rest of the opening regimen is still being given; none when it is no such switch. The
    switch keeps the line (as for an infusion reaction), and may have been made for
    progression."""
    start = exposure.start
    assert start is not None
    classes = exposure.classes & line_tables().switch_classes
    if not classes or exposure.blinded:
        return []
    same = [a for a in line.agents if line.agent_classes.get(a, frozenset()) & classes]
    window = timedelta(days=REGIMEN_WINDOW_DAYS)
    # Replaced: not given again with it (a later line may use it again).
    replaced = [a for a in same if not any(start <= b <= start + window for b, _ in given[a])]
    rest = line.regimen - set(same)
    if not replaced or not rest or not all(_running(given[a], start, window) for a in rest):
        return []
    return replaced


def _regimen_window(first: TherapyExposure, ended: frozenset[int]) -> timedelta:
    """LOT-REGIMEN's window of the line `first` begins: none when it is placed by its end."""
    return timedelta(0) if id(first) in ended else timedelta(days=REGIMEN_WINDOW_DAYS)


def _undated_recurrence(
    exposures: list[TherapyExposure], cancer: _Cancer, disease: Disease
) -> date | None:
    """LOT-RECURRENCE-UNDATED: the restart after LOT-GAP's break that follows a first course
    begun within the de novo window of diagnosis, for a cancer that recurred after it; or that
    was staged M0 at diagnosis, no distant metastasis documented (its first course treated
    locoregional disease, and therapy given again after a long break treats the disease come
    back, as STG-RECURRED reads it) — or whose spread or recurrence was documented only after
    that restart (found on the restaging during the renewed therapy); None when the chart does
    not place the recurrence so."""
    staged_m0 = disease.staged_m0(cancer)
    came_back = disease.recurred_undated(cancer) or (staged_m0 and not disease.spread_documented)
    if not exposures or cancer.diagnosed is None or not (came_back or staged_m0):
        return None
    first = exposures[0].start
    assert first is not None
    if first > cancer.diagnosed + timedelta(days=DE_NOVO_DAYS):
        return None
    gap = timedelta(days=GAP_DAYS)
    last = first
    for exposure in exposures:
        start = exposure.start
        assert start is not None
        if start - last > gap:
            spread = disease.recurrence_of(cancer)
            return start if came_back or (spread is not None and start < spread) else None
        last = max(last, exposure.end or start)
    return None


def _late_first_course(
    exposures: list[TherapyExposure], cancer: _Cancer, disease: Disease
) -> date | None:
    """LOT-SETTING: the start of a head and neck cancer's first recorded therapy when it began
    more than QUIET_DAYS after the diagnosis of a cancer staged M0 at diagnosis — no curative
    course of such a cancer begins a year after it was found, so this therapy treats the
    disease come back (its first course is not recorded); None otherwise."""
    diagnosed = cancer.diagnosed
    if not exposures or diagnosed is None or cancer.unattributed:
        return None
    first = exposures[0].start
    assert first is not None
    late = first > diagnosed + timedelta(days=QUIET_DAYS)
    if not late or not default_taxonomy().is_head_and_neck(cancer.cancer_type):
        return None
    return first if disease.staged_m0(cancer) else None


def _first_course_only(
    exposures: list[TherapyExposure], cancer: _Cancer, disease: Disease, as_of: date
) -> bool:
    """LOT-RECURRENCE-UNDATED: a cancer staged M0 at diagnosis, recorded as recurred or spread
    with no date, whose every therapy is its first course (begun within the de novo window of
    the diagnosis) and ended more than LOT-GAP's break before `as_of`: the recurrence came after
    that course, which treated locoregional disease (curative), and nothing since treated it."""
    diagnosed = cancer.diagnosed
    if not exposures or diagnosed is None or not disease.recurred_undated(cancer):
        return False
    window = diagnosed + timedelta(days=DE_NOVO_DAYS)
    if any(e.start is None or e.start > window or _still_given(e, as_of) for e in exposures):
        return False
    last = max(e.end or e.start or diagnosed for e in exposures)
    return as_of - last > timedelta(days=GAP_DAYS)


@dataclass(frozen=True, slots=True)
class Restart:
    """LOT-RECURRENCE-UNDATED: therapy given again after LOT-GAP's break treats a recurrence.
    A line LOT-GAP began, with the last day of its cancer's therapy before the break: a stage
    recorded by then described the disease before it came back (STG-RECURRED)."""

    cancer_type: str | None
    unattributed: bool
    start: date
    after: date  # the last day of the cancer's therapy before the break
    agents: tuple[str, ...]
    evidence: tuple[str, ...]

    def words(self) -> str:
        """'cisplatin, gemcitabine begun on 2026-04-08, 743 days after the last therapy on
        2024-03-26'."""
        days = (self.start - self.after).days
        return (
            f"{', '.join(self.agents)} begun on {self.start}, {days} days after the last "
            f"therapy on {self.after}"
        )


def restarts(lines: Sequence[TherapyLine]) -> tuple[Restart, ...]:
    """LOT-RECURRENCE-UNDATED: the dated lines LOT-GAP began (not possible ones), each with the
    last day of the same cancer's therapy before it."""
    dated = [line for line in lines if line.start is not None and not line.possible]
    found: list[Restart] = []
    for line in dated:
        if line.reason is not LineReason.GAP:
            continue
        assert line.start is not None
        before = [
            earlier.end or earlier.start
            for earlier in dated
            if earlier.cancer_type == line.cancer_type
            and earlier.unattributed == line.unattributed
            and earlier.start is not None
            and earlier.start < line.start
        ]
        after = max((day for day in before if day is not None), default=None)
        if after is None:
            continue
        found.append(
            Restart(
                line.cancer_type,
                line.unattributed,
                line.start,
                after,
                line.agents,
                line.evidence[:1],
            )
        )
    return tuple(found)


def _documented_progressions(cancer: _Cancer, disease: Disease, first: date | None) -> list[date]:
    """The dates of this cancer's documented progressions (LOT-PROGRESSION), as `_derive` reads
    them: neither doubtful (LOT-GROWTH) nor dating the cancer (LOT-PROGRESSION-UNDATED)."""
    progressed = _progressed(cancer, disease)
    undated = _undated_progressions(progressed, first)
    return [p.date for p in progressed if p not in undated and not p.doubtful]


def _undated_progressions(
    progressed: list[DiseaseProgression], first: date | None
) -> list[DiseaseProgression]:
    """LOT-PROGRESSION-UNDATED: a cancer's diagnosis saying it progressed, dated no later than
    its first therapy: the date is the cancer's, not the progression's."""
    if first is None:
        return []
    return [
        p
        for p in progressed
        if p.date <= first
        and p.condition is not None
        and any(ref.startswith("Condition/") for ref in p.evidence)
    ]


def _joined_after_doubt(
    line: _Line,
    exposure: TherapyExposure,
    doubts: list[DiseaseProgression],
    undated: list[DiseaseProgression],
) -> bool:
    """LOT-NEW-LESION: an agent the line takes in, started after a progression the record leaves
    in doubt, may have begun a line of its own; so may one started past the regimen's window
    when the record says the disease progressed but not when (LOT-PROGRESSION-UNDATED).
    Whether it is such an agent."""
    start = exposure.start
    assert start is not None
    doubt = next((p for p in doubts if line.start < p.date <= start), None)
    if doubt is None and undated and start > line.start + timedelta(days=REGIMEN_WINDOW_DAYS):
        doubt = undated[0]
    if doubt is None:
        return False
    line.after_doubt.append(exposure)
    line.doubt = line.doubt or doubt
    return True


def _given_by_agent(exposures: list[TherapyExposure]) -> dict[str, list[tuple[date, date]]]:
    """Each agent's records as (start, end or start), for looking ahead of the one at hand."""
    given: dict[str, list[tuple[date, date]]] = {}
    for exposure in exposures:
        start = exposure.start
        assert start is not None
        given.setdefault(exposure.agent, []).append((start, exposure.end or start))
    return given


def _regimen_running(
    line: _Line, day: date, given: dict[str, list[tuple[date, date]]], window: timedelta
) -> bool:
    """LOT-AUGMENTATION: every agent of the line's opening regimen is still being given on
    `day`: a record of it spans the day, or it was given within the regimen window before the
    day and is given again on it or within the window after (a drug restarted after a break is
    not running)."""
    return bool(line.regimen) and all(_running(given[a], day, window) for a in line.regimen)


def _running(records: list[tuple[date, date]], day: date, window: timedelta) -> bool:
    """An agent's records span `day`, or give it within the window before and again on it or
    within the window after."""
    spans = any(start < day <= end for start, end in records)
    before = any(day - window <= end < day for _, end in records)
    after = any(day <= start <= day + window for start, _ in records)
    return spans or (before and after)


def _after_progression(
    line: _Line, exposure: TherapyExposure, progressions: list[date], window: timedelta
) -> bool:
    """LOT-PROGRESSION: the exposure follows a progression during the line and is a new agent,
    or an agent of the line given again past the window of its previous dose (a re-challenge);
    an agent given on across the progression stays in the line."""
    start = exposure.start
    assert start is not None
    previous = line.last_given.get(exposure.agent)
    if previous is None:
        return any(line.start < p <= start for p in progressions)
    return start - previous > window and any(previous < p <= start for p in progressions)


def _given_on(line: _Line, exposure: TherapyExposure, window: timedelta) -> bool:
    """LOT-CONTINUED-PAST-METASTASIS: the exposure gives an agent of the line on, within the
    regimen window of that agent's previous dose or supply (not restarted after a break)."""
    previous = line.last_given.get(exposure.agent)
    start = exposure.start
    assert start is not None
    return previous is not None and start - previous <= window


def _stopped_early(line: _Line) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(
            f"{e.agent} stopped early: {e.status_reason}"
            for e in line.exposures
            if e.status_reason and e.status == "stopped"
        )
    )


def settle_open_agents(exposures: Sequence[TherapyExposure]) -> tuple[TherapyExposure, ...]:
    """EXP-REGIMEN: a drug a regimen's acronym gives by class only is a named drug it may be,
    given over the same period (within the regimen window): "GP方案" beside cisplatin
    administrations was cisplatin, so no other platinum is left open. Such exposures are
    dropped; the others are kept, in order."""
    if not any(e.may_be for e in exposures):
        return tuple(exposures)
    window = timedelta(days=REGIMEN_WINDOW_DAYS)
    named = [e for e in exposures if e.resolved and not e.blinded and not e.may_be and e.start]

    def covered(open_agent: TherapyExposure) -> bool:
        start = open_agent.start
        if start is None:
            return False
        until = (open_agent.end or start) + window
        return any(
            e.agent in open_agent.may_be
            and e.start is not None
            and start - window <= e.start <= until
            for e in named
        )

    return tuple(e for e in exposures if not (e.may_be and covered(e)))


def derive_lines(
    exposures: tuple[TherapyExposure, ...], as_of: date, disease: Disease | None = None
) -> tuple[TherapyLine, ...]:
    """Lines numbered within each cancer, in order of start (first cancer's lines first)."""
    disease = disease or Disease()
    placed_by_end = _placed_by_end(exposures)
    ended = frozenset(id(placed) for _, placed in placed_by_end)
    dated = sorted(
        [
            *(e for e in exposures if e.antineoplastic and e.start is not None and e.resolved),
            *(placed for _, placed in placed_by_end),
        ],
        key=lambda e: (e.start or date.min, e.agent),
    )
    by_cancer: dict[str, tuple[_Cancer, list[TherapyExposure]]] = {}
    # A chart repeats the same dates and reasons cycle after cycle: attribute each once.
    attributed: dict[tuple[object, ...], _Cancer] = {}
    for exposure in dated:
        by_end = id(exposure) in ended
        key = (
            exposure.start,
            exposure.agent,
            exposure.reason_references,
            exposure.reason_cancer_type,
            by_end,
        )
        cancer = attributed.get(key)
        if cancer is None:
            # Placed by its end: begun before it, so of a cancer diagnosed by then.
            lead = 0 if by_end else DIAGNOSIS_LEAD_DAYS
            cancer = attributed[key] = attribute(exposure, disease, lead, exposures)
        by_cancer.setdefault(cancer.key, (cancer, []))[1].append(exposure)
    unresolved = [e for e in exposures if not e.resolved and e.start is not None]
    window = timedelta(days=REGIMEN_WINDOW_DAYS)
    result: list[TherapyLine] = []
    placed: set[int] = set()  # the unresolved records a line holds (by id)
    for cancer, group in by_cancer.values():
        lines = _derive(group, cancer, disease, ended, as_of)
        progressions = _documented_progressions(cancer, disease, group[0].start)
        for number, line in enumerate(lines, start=1):
            end = max((e.end or e.start or line.start) for e in line.exposures)
            last = number == len(lines)
            ongoing = last and any(_still_given(e, as_of) for e in line.exposures)
            # EXP-UNRESOLVED: a record of an unknown drug given during the line.
            until = as_of if ongoing else max(end, line.start + window)
            # EXP-GIVEN: a drug not known started after a progression during the line may be
            # the next line's (a known new drug there starts it): it is a possible line.
            during = [
                e
                for e in unresolved
                if e.start is not None
                and line.start <= e.start <= until
                and not any(line.start < p <= e.start for p in progressions)
            ]
            placed.update(map(id, during))
            # EXP-BLINDED, EXP-UNRESOLVED: a drug not known the line holds, given on past its
            # other drugs (a study drug's maintenance), runs the line on to its last dose.
            following = lines[number].start if not last else None
            carried = _carried_on(
                line,
                [e for e in during if named_anticancer(e)],
                unresolved,
                until,
                following,
                progressions,
            )
            placed.update(map(id, carried))
            # Only a drug named as anticancer: a Medication not held may be a supportive drug
            # (MAL-TREATED reads a line's end; it must not read one as treatment).
            held = [e for e in (*during, *carried) if named_anticancer(e)]
            end = max([end, *(e.end or e.start or end for e in held)])
            ongoing = ongoing or (last and any(_still_given(e, as_of) for e in held))
            # EXP-CHEMO-PROCEDURE: a chemotherapy Procedure naming no drug, in a line that holds
            # chemotherapy, records that chemotherapy.
            charted = DrugClass.CHEMOTHERAPY in line.classes
            unknown = [e for e in during if not (charted and e.source == CHEMOTHERAPY_PROCEDURE)]
            result.append(
                TherapyLine(
                    evidence=tuple(
                        dict.fromkeys(
                            ref for e in (*line.exposures, *during, *carried) for ref in e.evidence
                        )
                    ),
                    number=number,
                    agents=tuple(line.agents),
                    classes=frozenset(line.classes),
                    start=line.start,
                    end=None if ongoing else end,
                    ongoing=ongoing,
                    cancer_type=cancer.cancer_type,
                    unattributed=cancer.unattributed,
                    candidate_cancer_types=cancer.candidates,
                    setting=_settled(line, cancer, disease),
                    reason=line.reason,
                    unresolved=tuple(dict.fromkeys(e.agent for e in unknown)),
                    blinded_agents=tuple(line.blinded_agents),
                    blinded_classes=frozenset(line.blinded_classes),
                    **_left_open(line.exposures),
                    stopped_early=_stopped_early(line),
                    start_not_recorded=id(line.exposures[0]) in ended,
                )
            )
            # Its records given on past the line's other drugs are its own too.
            named = {e.agent for e in unknown}
            begun = [*unknown, *(e for e in carried if e.agent in named)]
            result += _unknown_drug_begun(line, begun, unresolved, cancer, as_of)
            if line.given_on:
                result.append(_given_on_line(line.given_on, cancer, as_of))
            if line.doubt is not None:  # set with the first agent after it
                result.append(_after_doubt_line(line, cancer, as_of))
            if line.switched:
                result.append(_switch_line(line, cancer, as_of))
            result += [
                _asked_line(line, day, words, cancer, as_of) for day, words in line.asked.items()
            ]
    outside = _continuations_dropped(unresolved, placed)
    end_placed = {id(original) for original, _ in placed_by_end}
    undated = _undated_line(tuple(e for e in exposures if id(e) not in end_placed), result, disease)
    return tuple(result) + _possible_lines(outside, disease, exposures, as_of) + undated


def _placed_by_end(
    exposures: Sequence[TherapyExposure],
) -> list[tuple[TherapyExposure, TherapyExposure]]:
    """EXP-UNDATED: anticancer drugs recorded with only their end (an outside course entered as
    history, `effectivePeriod.end`), all ended within LOT-REGIMEN's window of one another and no
    later than the start of every dated record of therapy (or of an unknown drug): one course,
    begun before it ended and so before anything given since. Each such exposure (with the
    original) is placed as started on the first of those ends, the latest day the course can have
    begun. Ends further apart (a first and a second line, in an order not known), or therapy
    dated before an end, leave them undated."""
    ended = [
        e
        for e in exposures
        if e.start is None and e.end is not None and e.antineoplastic and e.resolved
    ]
    if not ended:
        return []
    first = min(e.end for e in ended if e.end is not None)
    last = max(e.end for e in ended if e.end is not None)
    dated = [
        e.start for e in exposures if e.start is not None and (e.antineoplastic or not e.resolved)
    ]
    if last - first > timedelta(days=REGIMEN_WINDOW_DAYS) or any(day < last for day in dated):
        return []
    return [(e, e.model_copy(update={"start": first})) for e in ended]


def _undated_line(
    exposures: tuple[TherapyExposure, ...], lines: list[TherapyLine], disease: Disease
) -> tuple[TherapyLine, ...]:
    """EXP-UNDATED: anticancer drugs (or unknown drugs) recorded without a date, other than
    those a dated line gives: a possible line whose place in the sequence is not known."""
    dated_agents = {agent for line in lines for agent in line.agents}
    undated = [
        e
        for e in exposures
        if e.start is None
        and ((e.antineoplastic and e.agent not in dated_agents) or not e.resolved)
    ]
    if not undated:
        return ()
    cancer = attribute(undated[0], disease)
    classes: set[DrugClass] = set()
    for exposure in undated:
        if exposure.resolved and not exposure.blinded:
            classes.update(exposure.classes)
    return (
        TherapyLine(
            evidence=tuple(dict.fromkeys(ref for e in undated for ref in e.evidence)),
            number=0,
            agents=tuple(dict.fromkeys(e.agent for e in undated if e.resolved)),
            classes=frozenset(classes),
            cancer_type=cancer.cancer_type,
            unattributed=cancer.unattributed,
            candidate_cancer_types=cancer.candidates,
            unresolved=tuple(dict.fromkeys(e.agent for e in undated if not e.resolved)),
            blinded_agents=tuple(dict.fromkeys(e.agent for e in undated if e.blinded)),
            **_left_open(undated),
            possible=True,
            undated=True,
        ),
    )


def _left_open(exposures: Iterable[TherapyExposure]) -> _LeftOpen:
    """EXP-REGIMEN, EXP-CLASS-NAMED: a line's drugs given without their agent (labels), the
    agents they may be and the classes they may have besides."""
    given = [e for e in exposures if e.may_be]
    return {
        "unnamed": tuple(dict.fromkeys(e.agent for e in given)),
        "may_be": tuple(dict.fromkeys(a for e in given for a in e.may_be)),
        "may_be_classes": frozenset(c for e in given for c in e.may_be_classes),
    }


def _still_given(exposure: TherapyExposure, as_of: date) -> bool:
    """Active, in progress or on hold, or ending after `as_of`."""
    return exposure.status in _ONGOING_STATUS or (exposure.end is not None and exposure.end > as_of)


def _possible_line(
    given: list[TherapyExposure],
    cancer: _Cancer,
    as_of: date,
    setting: LineSetting,
    evidence: tuple[str, ...] = (),
    *,
    continued_past_metastasis: bool = False,
    after_doubtful_progression: str = "",
    class_switch: str = "",
) -> TherapyLine:
    """A possible line of `given` (ordered by start): agents that may have begun a line of
    their own, for the reason the LOT rule's field says."""
    start = given[0].start
    assert start is not None
    ongoing = any(_still_given(e, as_of) for e in given)
    # EXP-BLINDED: a blinded drug's classes are not known to have been given (twenty-seventh
    # session: before, "toripalimab or placebo" asked about read as anti-PD-1 received).
    classes = {c for e in given if not e.blinded for c in e.classes}
    blinded = [e for e in given if e.blinded]
    return TherapyLine(
        evidence=tuple(dict.fromkeys([*evidence, *(r for e in given for r in e.evidence)])),
        number=0,
        agents=tuple(dict.fromkeys(e.agent for e in given)),
        classes=frozenset(classes),
        start=start,
        end=None if ongoing else max(e.end or e.start or start for e in given),
        ongoing=ongoing,
        cancer_type=cancer.cancer_type,
        unattributed=cancer.unattributed,
        candidate_cancer_types=cancer.candidates,
        setting=setting,
        reason=LineReason.PROGRESSION,
        blinded_agents=tuple(dict.fromkeys(e.agent for e in blinded)),
        blinded_classes=frozenset(c for e in blinded for c in e.classes),
        possible=True,
        continued_past_metastasis=continued_past_metastasis,
        after_doubtful_progression=after_doubtful_progression,
        class_switch=class_switch,
    )


def _given_on_line(given: list[TherapyExposure], cancer: _Cancer, as_of: date) -> TherapyLine:
    """LOT-CONTINUED-PAST-METASTASIS: what a curative line gave on after the metastasis, which
    may have been the first treatment of the metastatic disease."""
    return _possible_line(
        given, cancer, as_of, LineSetting.RECURRENT_METASTATIC, continued_past_metastasis=True
    )


def _after_doubt_line(line: _Line, cancer: _Cancer, as_of: date) -> TherapyLine:
    """LOT-NEW-LESION: the agents new to a line started after a progression the record leaves in
    doubt, which may have begun a line of their own."""
    doubt = line.doubt
    assert doubt is not None
    return _possible_line(
        line.after_doubt,
        cancer,
        as_of,
        line.setting,
        doubt.evidence,
        # Dated before the line it may have ended: its date is the cancer's, not its own.
        after_doubtful_progression=(
            f'"{doubt.text or "progression in doubt"}" '
            f"({'undated' if doubt.date <= line.start else doubt.date})"
        ),
    )


def _switch_line(line: _Line, cancer: _Cancer, as_of: date) -> TherapyLine:
    """LOT-CLASS-SWITCH: the agents that took the place of one of their class mid-regimen, every
    record of them from the switch on, which may have begun a line of their own."""
    first = line.switched[0].start
    assert first is not None
    agents = {e.agent for e in line.switched}
    given = [e for e in line.exposures if e.agent in agents and (e.start or first) >= first]
    replaced = ", ".join(line.replaced)
    switched = ", ".join(dict.fromkeys(e.agent for e in line.switched))
    return _possible_line(
        given, cancer, as_of, line.setting, class_switch=f"{replaced} to {switched}"
    )


def _asked_line(line: _Line, day: date, words: str, cancer: _Cancer, as_of: date) -> TherapyLine:
    """LOT-RESTART, LOT-MAINTENANCE-ASKED: every record of the line from `day`, when it may have
    begun a line of its own (chemotherapy given again after a break in all therapy; an anti-PD-1
    begun after the chemotherapy), a re-challenge or later line at a progression not recorded;
    were it one, the line would hold only what was given before (`split_*`: what a restart brought
    that the line had not given, as for an anti-PD-1 begun after the chemotherapy)."""
    given = [e for e in line.exposures if (e.start or day) >= day]
    possible = _possible_line(given, cancer, as_of, line.setting, after_doubtful_progression=words)
    before = [e for e in line.exposures if (e.start or day) < day]
    classes = frozenset(c for e in before if not e.blinded for c in e.classes)
    return possible.model_copy(
        update={
            "split_start": line.start,
            "split_agents": tuple(dict.fromkeys(e.agent for e in before)),
            "split_classes": classes,
        }
    )


def _unknown_drug_begun(
    line: _Line,
    unknown: list[TherapyExposure],
    unresolved: list[TherapyExposure],
    cancer: _Cancer,
    as_of: date,
) -> list[TherapyLine]:
    """EXP-BLINDED, EXP-UNRESOLVED, EXP-UNLISTED, LOT-NEW-AGENT (twenty-seventh session): a drug
    not known — a blinded study drug naming no drug, a development code no table lists, a
    Medication the chart does not hold — first given in a line after its regimen window with no
    progression recorded between (`unknown`: the line's records of drugs not known, less the
    chemotherapy Procedures that record its own chemotherapy) may be a maintenance drug or study
    (the same line), a supportive drug, or a later line's drug begun at a progression the chart
    does not record. Its records stay the line's (line 1 may hold anything through them) and are
    also a possible line of their own, one for each such drug. One begun with the line is part of
    its regimen; one given on from before the line (`unresolved`: every dated record of a drug
    not known) was not begun in it; a curative line's is its course's (an adjuvant study)."""
    if line.setting is LineSetting.CURATIVE:
        return []
    opened = line.start + line.window
    by_drug: dict[str, list[TherapyExposure]] = {}
    for exposure in sorted(unknown, key=lambda e: e.start or date.min):
        if not exposure.unconfirmed or _new_if_given(exposure, line, cancer):
            by_drug.setdefault(exposure.agent, []).append(exposure)
    found: list[TherapyLine] = []
    for drug, records in by_drug.items():
        first = records[0].start
        if first is None or first <= opened or _given_on_before(drug, first, unresolved):
            continue
        # A named drug not shown given: whether it was given is the question, not a progression.
        words = (
            ""
            if records[0].unconfirmed
            else f"{drug} begun after {', '.join(line.agents)}, no progression recorded"
        )
        possible = _possible_line(
            records, cancer, as_of, line.setting, after_doubtful_progression=words
        )
        found.append(possible.model_copy(update={"unresolved": (drug,)}))
    return found


def _new_if_given(exposure: TherapyExposure, line: _Line, cancer: _Cancer) -> bool:
    """EXP-GIVEN (twenty-eighth session): whether a record of a named anticancer drug not shown
    given (status `unknown`, an order on hold, a supply not picked up) would, had it been given,
    bring a drug the line does not take in — not one of its agents, a substitute for one
    (LOT-SUBSTITUTION) or a maintenance agent of the cancer (LOT-MAINTENANCE). Begun after the
    regimen window with no progression between, it is then a possible line: given, a new agent's
    line (LOT-NEW-AGENT); not given, none. Before it, docetaxel of status `unknown` begun during
    the maintenance left one certain line (its own question asked only what line 1 held)."""
    drug = exposure.unconfirmed_drug
    if not drug or drug in line.agents:
        return False
    tables = line_tables()
    cancers = (cancer.cancer_type,) if not cancer.unattributed else cancer.candidates
    return not (tables.substitutes(drug, line.agents) or tables.maintains(drug, cancers))


def _given_on_before(drug: str, first: date, unresolved: list[TherapyExposure]) -> bool:
    """Whether the drug not known was given within LOT-GAP's break before `first` (given on,
    not begun there)."""
    gap = timedelta(days=GAP_DAYS)
    return any(
        e.agent == drug and e.start is not None and first - gap <= e.start < first
        for e in unresolved
    )


def _carried_on(
    line: _Line,
    during: list[TherapyExposure],
    unresolved: list[TherapyExposure],
    until: date,
    following: date | None,
    progressions: list[date],
) -> list[TherapyExposure]:
    """EXP-BLINDED, EXP-UNRESOLVED (twenty-seventh session): the records of the drugs not known
    a line holds (`during`) given on after the last day the line reaches (`until`) — each within
    LOT-GAP's break of that drug's last record, before the cancer's next line (`following`) and
    any progression recorded since the line began: a blinded study drug's maintenance after the
    doublet stopped. The line runs on to them (its end, whether it is ongoing): before, it ended
    with its last known drug, and a study drug still given read as therapy over."""
    last: dict[str, date] = {}
    for exposure in during:
        given = exposure.end or exposure.start or until
        last[exposure.agent] = max(last.get(exposure.agent, given), given)
    carried: list[TherapyExposure] = []
    gap = timedelta(days=GAP_DAYS)
    for exposure in sorted(unresolved, key=lambda e: e.start or date.min):
        start = exposure.start
        previous = last.get(exposure.agent)
        if start is None or previous is None or start <= until:
            continue
        if (following is not None and start >= following) or start - previous > gap:
            continue
        if any(line.start < p <= start for p in progressions):
            break
        carried.append(exposure)
        last[exposure.agent] = max(previous, exposure.end or start)
    return carried


def _continuations_dropped(
    unresolved: list[TherapyExposure], placed: set[int]
) -> list[TherapyExposure]:
    """The unresolved records outside every line, less those that continue a drug a line holds
    (the same unknown drug given on, with no gap longer than LOT-GAP's: its maintenance, as
    LOT-MAINTENANCE reads a known drug given on)."""
    last_given: dict[str, date] = {}
    outside: list[TherapyExposure] = []
    for exposure in sorted(unresolved, key=lambda e: e.start or date.min):
        start = exposure.start
        assert start is not None
        previous = last_given.get(exposure.agent)
        if id(exposure) in placed or (
            previous is not None and start - previous <= timedelta(days=GAP_DAYS)
        ):
            last_given[exposure.agent] = max(previous or start, exposure.end or start)
            continue
        outside.append(exposure)
    return outside


def _possible_lines(
    unknown: list[TherapyExposure],
    disease: Disease,
    given: Sequence[TherapyExposure],
    as_of: date,
) -> tuple[TherapyLine, ...]:
    """EXP-UNRESOLVED, EXP-UNLISTED: records of unknown drugs dated outside every line, as runs
    with no gap longer than LOT-GAP's: each may be a line of its own (`possible`), in the
    setting of its start, of the cancer its first record is attributed to. A run with a record
    still given (and shown given) is ongoing, with no end: not "from its start to its start"."""
    runs: list[list[TherapyExposure]] = []
    for exposure in sorted(unknown, key=lambda e: e.start or date.min):
        assert exposure.start is not None
        last = runs[-1][-1] if runs else None
        if last is None or exposure.start - (last.end or last.start or exposure.start) > timedelta(
            days=GAP_DAYS
        ):
            runs.append([])
        runs[-1].append(exposure)
    lines = []
    for run in runs:
        start = run[0].start
        assert start is not None
        cancer = attribute(run[0], disease, given=given)
        # A record not known to have been given (VAL-UNREADABLE, EXP-GIVEN) goes on no longer.
        ongoing = any(_still_given(e, as_of) and not e.unconfirmed for e in run)
        lines.append(
            TherapyLine(
                evidence=tuple(dict.fromkeys(ref for e in run for ref in e.evidence)),
                number=0,
                agents=(),
                classes=frozenset(),
                start=start,
                end=None if ongoing else max(e.end or e.start or start for e in run),
                ongoing=ongoing,
                cancer_type=cancer.cancer_type,
                unattributed=cancer.unattributed,
                candidate_cancer_types=cancer.candidates,
                setting=_setting(start, cancer, disease),
                unresolved=tuple(dict.fromkeys(e.agent for e in run)),
                possible=True,
                unconfirmed=all(e.unconfirmed for e in run),
            )
        )
    return tuple(lines)


def claimed_lines(
    claims: Sequence[LineClaim], lines: Sequence[TherapyLine], disease: Disease
) -> tuple[TherapyLine, ...]:
    """LOT-CLAIMED: the lines a cancer's diagnoses say were given beyond those the chart holds
    for it (every line that is or may be that cancer's, of any setting: a clinician may number
    the curative course as line 1), each a possible line of no known date or drug."""
    claimed: dict[str, tuple[LineClaim, _Cancer]] = {}
    for claim in claims:
        cancer = (
            (_named(claim.reference, disease.diagnoses) or _among(disease.diagnoses))
            if disease.diagnoses
            else _Cancer("", None)  # a secondary malignancy's words, of no primary recorded
        )
        held = claimed.get(cancer.key)
        if held is None or claim.lines > held[0].lines:
            claimed[cancer.key] = (claim, cancer)
    missing: list[TherapyLine] = []
    for claim, cancer in claimed.values():
        recorded = sum(1 for line in lines if _may_be_of(line, cancer))
        missing += [
            TherapyLine(
                evidence=(claim.reference,),
                number=0,
                agents=(),
                classes=frozenset(),
                cancer_type=cancer.cancer_type,
                unattributed=cancer.unattributed,
                candidate_cancer_types=cancer.candidates,
                possible=True,
                claimed=claim.words,
            )
            for _ in range(claim.lines - recorded)
        ]
    return tuple(missing)


def _may_be_of(line: TherapyLine, cancer: _Cancer) -> bool:
    """Whether a line is, or may be, of `cancer` (LOT-CANCER, LOT-UNATTRIBUTED)."""
    if cancer.unattributed or (line.cancer_type is None and not line.unattributed):
        return True
    if line.unattributed:
        return any(
            _related(candidate, cancer.cancer_type) for candidate in line.candidate_cancer_types
        )
    return _related(line.cancer_type, cancer.cancer_type)
