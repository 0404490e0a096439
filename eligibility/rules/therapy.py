"""Rules on treatment history: how many prior lines of systemic therapy, and whether a drug
class or agent was received (at all, or within a given line).

An empty history is "not recorded", not "never treated": treatment given elsewhere is common,
so a prior line the trial requires is unknown without one. A history that is recorded is taken
at its word (line 1 recorded without anti-PD-1 -> not met).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import NamedTuple

from eligibility.criteria import PriorLinesCriterion, PriorTherapyCriterion
from eligibility.facts import (
    INDICATIONS_NOT_RECORDED,
    Evidence,
    LineSetting,
    PatientFacts,
    TherapyExposure,
    TherapyLine,
)
from eligibility.patient_index import PerFacts, exposure_index
from eligibility.phrasing import DRUG_CLASS_LABELS, bounds, join, plural, without_article
from eligibility.rules.decision import (
    MET,
    NOT_MET,
    UNKNOWN,
    Decision,
    LeafRule,
    alike_or_ask,
    distinct,
)
from eligibility.taxonomy import CancerTaxonomy


def _describe_line(line: TherapyLine, position: int | None = None, counted_in: str = "") -> str:
    """'line 2: cisplatin, gemcitabine from … to …'; where a criterion counts the line under
    another number (`position`: a curative line before it is not counted), that number, so that
    a card never says "line 2" of what the trial calls line 1: 'line 1 for recurrent/metastatic
    disease: …'."""
    period = ""
    if line.start is not None:
        period = f" since {line.start.isoformat()}" if line.ongoing else f" from {line.start}"
        if line.start_not_recorded:  # EXP-UNDATED: placed by the end of its first records
            period = f" begun by {line.start.isoformat()}"
        if line.end is not None and not line.ongoing:
            period += f" to {line.end.isoformat()}"
    state = ", ongoing" if line.ongoing else ""
    if line.continued_past_metastasis:
        return f"{join(line.agents)}{period}{state}, continued from the curative course"
    if line.after_doubtful_progression:
        return f"{join(line.agents)}{period}{state}, after {line.after_doubtful_progression}"
    if line.class_switch:
        return f"{join(line.agents)}{period}{state}, a switch from {line.class_switch}"
    if line.claimed:
        return f'a line "{line.claimed}" counts that the chart does not record'
    if line.undated:
        return f"{join([*line.agents, *line.unresolved])}, date not recorded"
    if line.possible:
        return f"{join(line.unresolved)}{period}{state}, counted in no line"
    named = f"line {line.number}"
    if position is not None and position != line.number:
        named = f"line {position}{counted_in}"
    return f"{named}: {join(line.agents) or 'agents not named'}{period}{state}"


def _regimen(line: TherapyLine) -> str:
    """'cisplatin, gemcitabine from 2024-01-24 to 2024-05-13' (a line not counted)."""
    period = f" from {line.start}" if line.start is not None else ""
    if line.start is not None and line.start_not_recorded:
        period = f" begun by {line.start}"
    if line.end is not None and not line.ongoing:
        period += f" to {line.end}"
    return f"{join(line.agents) or 'agents not named'}{period}"


# How a criterion's setting qualifies the lines it counts ("line 1 for advanced disease").
_COUNTED_IN = {
    "recurrent_metastatic": " for recurrent/metastatic disease",
    "advanced": " for advanced disease",
}


# EXP-GIVEN, EXP-DISPENSED, VAL-UNREADABLE: a patient's records that may never have been given,
# by the name their drug carries among the drugs not known ("cisplatin (record status
# "unknown")").
_UNCONFIRMED: PerFacts[dict[str, TherapyExposure]] = PerFacts(
    lambda facts: {e.agent: e for e in facts.exposures if e.unconfirmed}
)
# EXP-UNLISTED: the agents known by name but placed in no class ("cadonilimab"), by the name
# their records carry among the drugs not known.
_UNCLASSED: PerFacts[dict[str, str]] = PerFacts(
    lambda facts: {
        e.agent: e.unclassed_agent for e in facts.exposures if e.unclassed_agent and not e.resolved
    }
)


def _ask_study_team(facts: PatientFacts, names: Iterable[str], target: str) -> str:
    """EXP-UNLISTED: when every one of `names` is an agent placed in no class, 'Ask the study
    team whether cadonilimab counts as anti-PD-1 therapy'; else "". The drug is known: there is
    nothing to record."""
    known = _UNCLASSED(facts)
    names = list(names)
    agents = list(dict.fromkeys(known[name] for name in names if name in known))
    if not names or not all(name in known for name in names):
        return ""
    counts = "count" if len(agents) > 1 else "counts"
    return f"Ask the study team whether {join(agents)} {counts} as {target}"


class _NotShownGiven(NamedTuple):
    """Drugs whose records may never have been given, as a card names them: 'cisplatin' (or
    'gemcitabine and platinum of GP'), and why ('record status "unknown"')."""

    drugs: str
    why: str
    several: bool
    # LOT-OTHER-INDICATION: given, but perhaps for another disease than the cancer.
    indication: bool = False

    def confirm(self, when: str) -> str:
        """'Confirm whether cisplatin was given in line 1 (record status "unknown"), and
        update the status on its records'; 'Record what methotrexate given from 2026-09-16 was
        prescribed for (…)'."""
        if self.indication:
            return f"Record what {self.drugs} given{when} {self.verb} prescribed for ({self.why})"
        their = "their" if self.several else "its"
        return (
            f"Confirm whether {self.drugs} {self.verb} given{when} ({self.why}), and update the "
            f"status on {their} records"
        )

    @property
    def subject(self) -> str:
        return "they" if self.several else "it"

    @property
    def verb(self) -> str:
        return "were" if self.several else "was"


def _not_shown_given(facts: PatientFacts, names: Iterable[str]) -> _NotShownGiven | None:
    """EXP-GIVEN, EXP-DISPENSED, VAL-UNREADABLE: when every one of `names` (drugs not known) is
    a drug whose records may never have been given, those drugs: a card asks to confirm them,
    not to name them, as their drug is known. None otherwise."""
    known = _UNCONFIRMED(facts)
    names = list(names)
    found = [known[name] for name in names if name in known]
    if not names or len(found) != len(names):
        return None
    drugs = list(dict.fromkeys(e.unconfirmed_drug or e.agent for e in found))
    why = join(dict.fromkeys(e.unconfirmed_why or "status not recorded" for e in found))
    listed = join(drugs[:-1]) + f" and {drugs[-1]}" if len(drugs) > 1 else drugs[0]
    indication = all(e.unconfirmed_why in INDICATIONS_NOT_RECORDED for e in found)
    return _NotShownGiven(listed, why, len(drugs) > 1, indication)


def _period(line: TherapyLine) -> str:
    """' from 2026-09-02 to 2026-11-24', ' on 2026-09-02' (a single day)."""
    if line.start is None:
        return ""
    if line.end is None or line.end == line.start:
        return f" on {line.start}" if line.end == line.start else f" from {line.start}"
    return f" from {line.start} to {line.end}"


# --- the line history ----------------------------------------------------------------------------

# FHIR statuses saying an exposure is over, whatever its end date says.
_STOPPED = frozenset({"completed", "stopped", "not-taken", "cancelled", "entered-in-error"})
# LOT-IN-PROGRESS: statuses saying a drug is still given, whatever its dates say (an order left
# `active` past its end): they keep its line ongoing (fhir_mapping.lines), so they keep the
# agent continuing here too, and a line is never ongoing with every agent over.
_CONTINUING = frozenset({"active", "in-progress", "on-hold"})


def _maintenance(line: TherapyLine, facts: PatientFacts) -> tuple[list[str], list[str]] | None:
    """For an ongoing line: (stopped agents, continuing agents) when part of the regimen has
    stopped and the rest continues — induction done, maintenance under way — else None."""
    stopped: list[str] = []
    continuing: list[str] = []
    index = exposure_index(facts)
    for agent in line.agents:
        exposures = [
            e
            for e in index.agent(agent).exposures
            if line.start is None or e.start is None or e.start >= line.start
        ]
        over = bool(exposures) and all(
            e.status in _STOPPED
            or (e.status not in _CONTINUING and e.end is not None and e.end <= facts.as_of)
            for e in exposures
        )
        (stopped if over else continuing).append(agent)
    # EXP-BLINDED, EXP-UNRESOLVED (twenty-seventh session): a drug not known the line holds,
    # still given (a blinded study drug's maintenance after the doublet), continues it.
    for agent in line.unresolved:
        if agent not in continuing and any(
            e.agent == agent
            and (line.start is None or e.start is None or e.start >= line.start)
            and not e.unconfirmed
            and (
                e.status in _CONTINUING
                or (e.status not in _STOPPED and (e.end is None or e.end > facts.as_of))
            )
            for e in index.uncertain
        ):
            continuing.append(agent)
    return (stopped, continuing) if stopped and continuing else None


@dataclass(frozen=True, slots=True)
class _LineHistory:
    """A patient's lines as every prior-lines rule reads them: counted, described and cited
    once per patient (`_line_history`), as they depend on the facts alone."""

    started: int
    received: int  # started, less the ongoing lines still in their first cycles
    in_progress: tuple[int, ...]  # the numbers of those lines
    described: str
    evidence: Evidence


def _count_lines(
    facts: PatientFacts,
    lines: tuple[TherapyLine, ...],
    counted_in: str,
    left_out: tuple[TherapyLine, ...] = (),
) -> _LineHistory:
    notes: list[str] = []
    in_progress: list[int] = []
    for position, line in enumerate(lines, start=1):
        if not line.ongoing:
            continue
        maintenance = _maintenance(line, facts)
        if maintenance is None:
            in_progress.append(position)
        else:
            stopped, continuing = maintenance
            notes.append(
                f"line {position} counts: {join(continuing)} continuing as maintenance after "
                f"{join(stopped)} stopped"
            )
    started = len(lines)
    listed = "; ".join(
        _describe_line(line, position, counted_in) for position, line in enumerate(lines, start=1)
    )
    described = (
        f"{plural(started, 'line')} recorded ({listed})"
        if started
        else "No dated line of therapy recorded"
    )
    if left_out:
        # LOT-SETTING: said, so that a reader sees the curative course was read, not missed.
        described += f"; curative therapy not counted ({'; '.join(map(_regimen, left_out))})"
    if notes:
        described += f"; {'; '.join(notes)}"
    return _LineHistory(
        started,
        started - len(in_progress),
        tuple(in_progress),
        described,
        distinct(ref for line in lines for ref in line.evidence),
    )


# --- the lines a criterion counts (LOT-CANCER, LOT-SETTING, LOT-UNATTRIBUTED) ------------------


@dataclass(frozen=True, slots=True)
class _Scope:
    """The lines of the trial's cancer in the criterion's setting, in order of start (`lines`),
    the lines that may be among them (`uncertain`: unattributed lines, LOT-UNATTRIBUTED, and
    for the `advanced` setting the curative-setting lines, LOT-ADVANCED, also in `curative`),
    and their history."""

    lines: tuple[TherapyLine, ...]
    uncertain: tuple[TherapyLine, ...]
    history: _LineHistory
    curative: tuple[TherapyLine, ...] = ()
    counted_in: str = ""  # how the setting qualifies its lines (`_COUNTED_IN`)
    left_out: tuple[TherapyLine, ...] = ()  # the trial's cancer's curative lines, not counted

    def nothing_counted(self, decision: Decision) -> Decision:
        """`decision` (no line recorded), or, when curative lines were left out, the same saying
        so: therapy is recorded, none for the setting counted (LOT-SETTING)."""
        if not self.left_out:
            return decision
        return Decision(
            decision.status,
            decision.reason.replace(
                "No systemic therapy recorded",
                f"No systemic therapy{self.counted_in} recorded; curative therapy not counted "
                f"({'; '.join(map(_regimen, self.left_out))})",
                1,
            ),
            distinct(r for li in self.left_out for r in li.evidence),
            decision.to_settle,
        )

    def describe(self, line: TherapyLine, position: int) -> str:
        """Line `position` of `lines`, under the number the criterion counts it by."""
        return _describe_line(line, position, self.counted_in)

    def why_uncertain(self, facts: PatientFacts) -> str:
        """What makes the uncertain lines so: '2 lines not attributed to a cancer (...)'."""
        parts = []
        continued = [li for li in self.uncertain if li.continued_past_metastasis]
        if continued:
            parts.append(
                f"curative therapy continued after distant metastasis was documented, which may "
                f"have ended that course or been a first treatment of the metastatic disease "
                f"({'; '.join(map(_regimen, continued))})"
            )
        doubted = [li for li in self.uncertain if li.after_doubtful_progression]
        if doubted:
            parts.append(
                f"therapy started after a progression the record leaves in doubt, which may have "
                f"begun a line of its own ({'; '.join(map(_describe_line, doubted))})"
            )
        switched = [li for li in self.uncertain if li.class_switch]
        if switched:
            parts.append(
                f"a drug switched for another of its class mid-regimen with no progression "
                f"recorded, for toxicity (the same line) or for progression (a line of its own) "
                f"({'; '.join(map(_describe_line, switched))})"
            )
        undated = [li for li in self.uncertain if li.undated]
        if undated:
            parts.append(
                f"therapy recorded without a date, possibly a line before or after the others "
                f"({'; '.join(map(_describe_line, undated))})"
            )
        claimed = [li for li in self.uncertain if li.claimed]
        if claimed:
            parts.append(_claimed_words(claimed))
        possible = [
            li
            for li in self.uncertain
            if li.possible
            and not (
                li.continued_past_metastasis
                or li.undated
                or li.claimed
                or li.after_doubtful_progression
                or li.class_switch
            )
        ]
        not_shown = [_not_shown_given(facts, li.unresolved) for li in possible]
        if possible and all(not_shown):
            # EXP-GIVEN, VAL-UNREADABLE: 'capecitabine from … to …, counted in no line and not
            # known to have been given (record status "unknown"): a line of its own if it was'.
            # Not "outside every line": a drug begun in a line's maintenance is dated inside it.
            for line, shown in zip(possible, not_shown, strict=True):
                assert shown is not None
                given = "given for the cancer" if shown.indication else "given"
                parts.append(
                    f"{shown.drugs}{_period(line)}, counted in no line and not known to have been "
                    f"{given} ({shown.why}): a line of its own if {shown.subject} {shown.verb}"
                )
        elif possible:
            unknown = (
                "a drug not known to have been given"
                if all(li.unconfirmed for li in possible)
                else "a drug not known"
            )
            parts.append(
                f"records of {unknown} counted in no line, possibly "
                f"{plural(len(possible), 'line')} of its own "
                f"({'; '.join(map(_describe_line, possible))})"
            )
        unattributed = [li for li in self.uncertain if li not in self.curative and not li.possible]
        if unattributed:
            parts.append(
                f"{plural(len(unattributed), 'line')} not attributed to a cancer "
                f"({'; '.join(map(_describe_line, unattributed))})"
            )
        if self.curative:
            parts.append(
                f"{plural(len(self.curative), 'line')} given as curative therapy or for locally "
                f"advanced disease ({'; '.join(map(_describe_line, self.curative))})"
            )
        return "; ".join(parts)

    def settle_attribution(self, facts: PatientFacts) -> str:
        continued = [li for li in self.uncertain if li.continued_past_metastasis]
        if continued:
            return (
                f"Record whether {join(continued[0].agents)} given from {continued[0].start}, "
                "after distant metastasis was documented, treated the metastatic disease or "
                "ended the curative course"
            )
        doubted = [li for li in self.uncertain if li.after_doubtful_progression]
        if doubted:
            # LOT-RESTART, LOT-MAINTENANCE-ASKED: every question a line asks, not only the
            # first (twenty-seventh session).
            return "Record whether the disease had progressed " + ", and ".join(
                f"before {join(li.agents)} was started on {li.start} "
                f"({li.after_doubtful_progression})"
                for li in sorted(doubted, key=lambda li: li.start or date.min)
            )
        switched = [li for li in self.uncertain if li.class_switch]
        if switched:
            return (
                f"Record whether the switch from {switched[0].class_switch} on "
                f"{switched[0].start} was made for toxicity (the same line) or for progression "
                "(a new line)"
            )
        undated = [li for li in self.uncertain if li.undated]
        if undated:
            return _record_when([*undated[0].agents, *undated[0].unresolved])
        claimed = [li for li in self.uncertain if li.claimed]
        if claimed:
            return _record_claimed(claimed)
        possible = [li for li in self.uncertain if li.possible]
        shown = _not_shown_given(facts, possible[0].unresolved) if possible else None
        if shown is not None:  # EXP-GIVEN, EXP-DISPENSED, VAL-UNREADABLE
            return shown.confirm(_period(possible[0]))
        if possible:
            return (
                f"Record the drug given as {join(possible[0].unresolved)} from {possible[0].start}"
            )
        unattributed = [li for li in self.uncertain if li not in self.curative]
        if not unattributed:
            first = self.curative[0]
            return (
                f"Record whether {join(first.agents) or 'the therapy'} from {first.start} was "
                "given with curative intent or for advanced disease"
            )
        agents = join(dict.fromkeys(a for li in unattributed for a in li.agents))
        return (
            f"Record which cancer {agents} from {unattributed[0].start} treated "
            "(as the reason on its orders or administrations)"
        )


def _record_when(agents: list[str]) -> str:
    """EXP-UNDATED: 'Record when docetaxel was given', 'when gemcitabine and … were given'."""
    if len(agents) < 2:
        return f"Record when {join(agents)} was given"
    return f"Record when {join(agents[:-1])} and {agents[-1]} were given"


def _claimed_words(claimed: list[TherapyLine]) -> str:
    """LOT-CLAIMED: 'the diagnosis says "二线治疗后": 1 line more than the chart records, its
    drugs and dates not recorded'."""
    words = join(dict.fromkeys(f'"{li.claimed}"' for li in claimed))
    return (
        f"the diagnosis says {words}: {plural(len(claimed), 'line')} more than the chart "
        "records, drugs and dates not recorded"
    )


def _record_claimed(claimed: list[TherapyLine]) -> str:
    words = join(dict.fromkeys(f'"{li.claimed}"' for li in claimed))
    return (
        f"Record every line of therapy the diagnosis counts ({words}), with its drugs and "
        "dates, including treatment given elsewhere"
    )


def _related(taxonomy: CancerTaxonomy, node: str | None, allowed: tuple[str, ...]) -> bool:
    """Whether a cancer could be one of the trial's: a cancer not placed could be any; one
    placed above or below an allowed node may be it (the cancer-type rule says whether)."""
    if node is None or node not in taxonomy:
        return True
    return any(taxonomy.related(node, a) for a in allowed)


class _Place(Enum):
    """Where a criterion's scope puts a line."""

    CERTAIN = "certain"  # counted
    UNCERTAIN = "uncertain"  # may be counted (LOT-UNATTRIBUTED, EXP-UNRESOLVED, ...)
    CURATIVE = "curative"  # may be counted: before metastasis, for the advanced setting
    LEFT_OUT = "left out"  # the trial's cancer, but curative: not counted, and said so
    OTHER = "other"  # another cancer's


def _place(
    line: TherapyLine,
    setting: str | None,
    trials: Callable[[str | None], bool],
    names_cancer: bool,
) -> _Place:
    """LOT-CANCER, LOT-SETTING, LOT-ADVANCED, LOT-UNATTRIBUTED and the possible lines
    (EXP-UNRESOLVED, EXP-UNLISTED, LOT-CONTINUED-PAST-METASTASIS). A criterion naming no
    cancer takes an unattributed line as certain: `_scoped` asks when the cancers differ."""
    is_curative = line.setting is LineSetting.CURATIVE
    candidates = line.candidate_cancer_types if line.unattributed else (line.cancer_type,)
    if not any(map(trials, candidates)):
        return _Place.OTHER
    if setting == "recurrent_metastatic" and is_curative:
        return _Place.OTHER if line.unattributed or line.possible else _Place.LEFT_OUT
    if setting == "advanced" and is_curative and not line.possible:
        # LOT-ADVANCED: a line before metastasis may have been for locally advanced disease,
        # which the setting counts, or curative, which it does not.
        return _Place.CURATIVE
    if line.possible or (line.unattributed and names_cancer):
        return _Place.UNCERTAIN
    return _Place.CERTAIN


def _scoper(
    setting: str | None, cancer_types: tuple[str, ...], taxonomy: CancerTaxonomy
) -> Callable[[PatientFacts], _Scope]:
    counted_in = _COUNTED_IN.get(setting or "", "")

    def trials(node: str | None) -> bool:
        return not cancer_types or _related(taxonomy, node, cancer_types)

    def scope(facts: PatientFacts) -> _Scope:
        placed: dict[_Place, list[TherapyLine]] = {place: [] for place in _Place}
        uncertain: list[TherapyLine] = []
        for line in facts.lines:
            place = _place(line, setting, trials, bool(cancer_types))
            placed[place].append(line)
            if place is _Place.UNCERTAIN or place is _Place.CURATIVE:
                uncertain.append(line)
        certain, curative, left_out = (
            placed[_Place.CERTAIN],
            placed[_Place.CURATIVE],
            placed[_Place.LEFT_OUT],
        )
        # Scopes of many trials select the same lines: their history is worked out once.
        key = (
            counted_in,
            tuple(map(id, certain)),
            tuple(map(id, uncertain)),
            tuple(map(id, curative)),
            tuple(map(id, left_out)),
        )
        selected = _SELECTED(facts)
        found = selected.get(key)
        if found is None:
            ordered = tuple(sorted(certain, key=lambda li: li.start or date.min))
            found = selected[key] = _Scope(
                ordered,
                tuple(uncertain),
                _count_lines(facts, ordered, counted_in, tuple(left_out)),
                tuple(curative),
                counted_in,
                tuple(left_out),
            )
        return found

    memo: PerFacts[_Scope] = PerFacts(scope)
    return memo


# A patient's scopes by the lines they select (see `_scoper`).
_SELECTED: PerFacts[dict[tuple[str | tuple[int, ...], ...], _Scope]] = PerFacts(lambda _facts: {})


def _scoped(
    setting: str | None,
    cancer_types: tuple[str, ...],
    taxonomy: CancerTaxonomy,
    build: Callable[[Callable[[PatientFacts], _Scope]], LeafRule],
    requirement: str,
) -> LeafRule:
    """The rule over the lines `cancer_types` names (LOT-CANCER); for a criterion naming no
    cancer (imported and synthetic trials), over the patient's lines when they belong to one
    cancer, and with several, decided only when each cancer's lines decide alike — otherwise it
    asks which cancer the trial means. One rule for every trial whatever its cancer: a rule per
    trial cancer made the catalog's rules and a patient's decisions several times as many."""
    if cancer_types:
        return build(_scoper(setting, cancer_types, taxonomy))
    every = build(_scoper(setting, (), taxonomy))
    per_cancer: dict[str, LeafRule] = {}

    def evaluate(facts: PatientFacts) -> Decision:
        kinds = sorted(
            {li.cancer_type for li in facts.lines if li.cancer_type and not li.unattributed}
        )
        if len(kinds) < 2:
            return every(facts)
        decisions = []
        for kind in kinds:
            leaf = per_cancer.get(kind)
            if leaf is None:
                leaf = per_cancer[kind] = build(_scoper(setting, (kind,), taxonomy))
            decisions.append(leaf(facts))
        return alike_or_ask(
            decisions,
            f"The patient's lines of therapy belong to more than one cancer, and the answer "
            f"differs between them; {requirement}",
            "Confirm which of the patient's cancers the trial is for",
        )

    return evaluate


# --- prior lines ---------------------------------------------------------------------------------


def compile_prior_lines(c: PriorLinesCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    """Counting prior lines, and the decision on ongoing ones.

    Against a maximum, every line started counts: a patient who has begun a second line has had
    two. Against a minimum, only lines received count: completed ones, and an ongoing line in
    maintenance — some agents stopped, the rest continuing (platinum doublet done, anti-PD-1
    maintenance continuing is still the first line, and it has been received; the seed trial is
    written for exactly these patients). A line with nothing stopped yet is still in its first
    cycles: whether it will count is open, so a minimum it alone could satisfy is unknown, and
    the hint says what to confirm.
    """
    min_lines, max_lines = c.min_lines, c.max_lines
    noun = "prior line" if max_lines == 1 else "prior lines"
    # LOT-ADVANCED: said, as curative-intent lines are not counted (recurrent_metastatic lines
    # read as the trial's own setting, as they always have).
    where = " for advanced disease" if c.setting == "advanced" else ""
    requirement = f"trial requires {bounds(min_lines, max_lines)} {noun}{where}"
    if min_lines:
        no_lines = Decision(
            UNKNOWN,
            f"No systemic therapy recorded; {requirement}",
            (),
            "Record prior systemic therapy, including treatment given elsewhere",
        )
    else:
        no_lines = Decision(MET, f"No prior systemic therapy recorded; {requirement}")

    def inside(count: int) -> bool:
        return (min_lines is None or count >= min_lines) and (
            max_lines is None or count <= max_lines
        )

    def counted(scope_of: Callable[[PatientFacts], _Scope]) -> LeafRule:
        return lambda facts: evaluate(scope_of(facts), facts)

    def evaluate(scope: _Scope, facts: PatientFacts) -> Decision:
        if not scope.lines and not scope.uncertain:
            return scope.nothing_counted(no_lines)
        history = scope.history
        started = history.started
        # LOT-UNATTRIBUTED, LOT-ADVANCED: lines that may count.
        more = len(scope.uncertain)
        if inside(history.received) and inside(started + more):
            return Decision(MET, f"{history.described}; {requirement}", history.evidence)
        too_many = max_lines is not None and started > max_lines
        too_few = min_lines is not None and started + more < min_lines
        if too_many or too_few:
            return Decision(NOT_MET, f"{history.described}; {requirement}", history.evidence)
        if more:
            return Decision(
                UNKNOWN,
                f"{history.described}; {scope.why_uncertain(facts)}; {requirement}",
                distinct([*history.evidence, *(r for li in scope.uncertain for r in li.evidence)]),
                scope.settle_attribution(facts),
            )
        return Decision(
            UNKNOWN,
            f"{history.described}; {requirement}, and a line still in progress counts once "
            "completed",
            history.evidence,
            f"Confirm line {join(map(str, history.in_progress))} is completed before referral",
        )

    return _scoped(c.setting, c.cancer_types, taxonomy, counted, requirement)


# --- prior therapy -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Wording:
    """A prior-therapy criterion phrased once: what it names, and what it requires."""

    bare: str  # "taxane": reads after "No" ("No taxane recorded", not "No a taxane recorded")
    capitalised: str
    requirement: str


_SETTING_WORDS = {
    "recurrent_metastatic": "for recurrent/metastatic disease",
    "advanced": "for advanced disease",
}


def _wording(c: PriorTherapyCriterion) -> _Wording:
    target = DRUG_CLASS_LABELS[c.drug_class] if c.drug_class is not None else str(c.agent)
    scope = f" in line {c.line}" if c.line is not None else ""
    if c.line is None and c.setting in _SETTING_WORDS:
        scope = f" {_SETTING_WORDS[c.setting]}"
    requirement = (
        f"trial requires {target}{scope}" if c.received else f"trial excludes {target}{scope}"
    )
    return _Wording(without_article(target), f"{target[0].upper()}{target[1:]}", requirement)


def compile_prior_therapy(c: PriorTherapyCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    """Everything that depends on the criterion alone is phrased here, once per catalog; the
    patient's exposures and lines are read through their `ExposureIndex` (one dict lookup per
    rule, not a scan of every exposure). The index's evidence is distinct already (and runs to
    hundreds of references on a heavy chart): it is passed on as it is."""
    if c.line is not None:
        number = c.line
        return _scoped(
            c.setting,
            c.cancer_types,
            taxonomy,
            lambda scope_of: _prior_therapy_in_line(c, number, scope_of),
            _wording(c).requirement,
        )
    if c.setting in _SETTING_WORDS:
        # LOT-SETTING, LOT-ADVANCED: received in that setting, read from the lines.
        every_setting = _received_ever(c.model_copy(update={"setting": None}))
        return _scoped(
            c.setting,
            c.cancer_types,
            taxonomy,
            lambda scope_of: _prior_therapy_in_setting(c, every_setting, scope_of),
            _wording(c).requirement,
        )
    return _received_ever(c)


def _received_ever(c: PriorTherapyCriterion) -> LeafRule:
    """Whether the drug was received at all, from every exposure recorded."""
    wording = _wording(c)
    bare, requirement, received = wording.bare, wording.requirement, c.received
    # Found: met when the trial requires it, not met when it excludes it.
    found = MET if received else NOT_MET
    drug_class, agent = c.drug_class, c.agent
    not_recorded = Decision(MET, f"No {bare} recorded; {requirement}")
    no_anticancer = Decision(
        UNKNOWN,
        f"No anticancer therapy recorded; {requirement}",
        (),
        f"Record prior {bare}, including treatment given elsewhere",
    )

    def evaluate(facts: PatientFacts) -> Decision:
        index = exposure_index(facts)
        if drug_class is not None:
            exposed = index.drug_class(drug_class)
        else:
            assert agent is not None  # the criterion names exactly one of the two
            exposed = index.agent(agent)
        if exposed.exposures or exposed.lines:
            # Name the agents that matched; a line only says which classes it contained.
            named = exposed.agents or join(_describe_line(li) for li in exposed.lines)
            return Decision(found, f"Received {named}; {requirement}", exposed.evidence)
        # EXP-UNRESOLVED, EXP-BLINDED: a record whose drug cannot be known may be this one.
        unknowable = [
            e
            for e in index.uncertain
            if not e.resolved
            or (
                drug_class in e.classes or drug_class in e.may_be_classes
                if drug_class is not None
                else e.agent == agent or agent in e.may_be
            )
        ]
        if unknowable:
            return _unknowable(facts, unknowable, requirement)
        if index.claimed:  # LOT-CLAIMED: a line not recorded may have given it
            claimed = list(index.claimed)
            return Decision(
                UNKNOWN,
                f"No {bare} recorded, but {_claimed_words(claimed)}; {requirement}",
                distinct(r for li in claimed for r in li.evidence),
                _record_claimed(claimed),
            )
        if not received:
            return not_recorded
        anticancer = index.antineoplastic
        if not anticancer.exposures and not facts.lines:
            return no_anticancer
        recorded = anticancer.agents or "recorded lines"
        return Decision(NOT_MET, f"No {bare} among {recorded}; {requirement}", anticancer.evidence)

    return evaluate


def _unknowable(
    facts: PatientFacts, exposures: list[TherapyExposure], requirement: str
) -> Decision:
    names = list(dict.fromkeys(e.agent for e in exposures))
    blinded = [e.agent for e in exposures if e.blinded]
    shown = None if blinded else _not_shown_given(facts, names)
    settle = (
        f"Confirm whether {join(dict.fromkeys(blinded))} was given (blinded study drug)"
        if blinded
        else shown.confirm("")
        if shown is not None
        else "Record the drug these records gave"
    )
    reason = (
        f"Drug not known: {join(names)}"
        if shown is None
        else f"{shown.drugs[0].upper()}{shown.drugs[1:]} recorded, not known to have been given "
        f"({shown.why})"
    )
    return Decision(
        UNKNOWN,
        f"{reason}; {requirement}",
        distinct(r for e in exposures for r in e.evidence),
        settle,
    )


def _names(line: TherapyLine, agent: str | None) -> bool:
    """Whether the line is known to hold `agent`: listed, and not only blinded (EXP-BLINDED,
    twenty-seventh session: before, "toripalimab or placebo" held toripalimab for a criterion
    naming the agent, though not for one naming its class)."""
    return agent in line.agents and agent not in line.blinded_agents


def _may_be(line: TherapyLine, c: PriorTherapyCriterion) -> bool:
    """EXP-REGIMEN, EXP-CLASS-NAMED: whether a drug of the line named by class only may be the
    criterion's agent, or of its class."""
    if c.drug_class is not None:
        return c.drug_class in line.may_be_classes
    return c.agent in line.may_be


def _prior_therapy_in_setting(
    c: PriorTherapyCriterion, every_setting: LeafRule, scope_of: Callable[[PatientFacts], _Scope]
) -> LeafRule:
    """Received in the criterion's setting (LOT-SETTING, LOT-ADVANCED): never received at all
    decides as it does without a setting; received decides by the lines of that setting that
    hold it — a line that may or may not be of the setting, an exposure that makes no line
    (no start date), or a drug that cannot be known leaves it unknown."""
    wording = _wording(c)
    capitalised, requirement = wording.capitalised, wording.requirement
    found, absent = (MET, NOT_MET) if c.received else (NOT_MET, MET)
    drug_class, agent = c.drug_class, c.agent

    def holds(line: TherapyLine) -> bool:
        return drug_class in line.classes if drug_class is not None else _names(line, agent)

    def may_hold(line: TherapyLine) -> bool:
        blinded = (
            drug_class in line.blinded_classes
            if drug_class is not None
            else agent in line.blinded_agents
        )
        return blinded or bool(line.unresolved or line.claimed) or _may_be(line, c)

    def evaluate(facts: PatientFacts) -> Decision:
        ever = every_setting(facts)
        if ever.status is not found:
            return ever  # not received at all, or not known: the setting changes nothing
        scope = scope_of(facts)
        certain = [(n, li) for n, li in enumerate(scope.lines, start=1) if holds(li)]
        if certain:
            position, holder = certain[0]
            return Decision(
                found,
                f"{capitalised} in {scope.describe(holder, position)}; {requirement}",
                distinct(holder.evidence),
            )
        open_lines = [li for li in (*scope.uncertain, *scope.lines) if holds(li) or may_hold(li)]
        index = exposure_index(facts)
        exposed = (
            index.drug_class(drug_class) if drug_class is not None else index.agent(str(agent))
        )
        undated = [e for e in exposed.exposures if e.start is None]
        if open_lines or undated:
            settle = (
                _record_when(list(dict.fromkeys(e.agent for e in undated)))
                if undated
                else scope.settle_attribution(facts)
                if scope.uncertain
                else "Record the drugs of the lines of that setting"
            )
            return Decision(
                UNKNOWN,
                f"{ever.reason.split(';')[0]}, not known to be in that setting; {requirement}",
                ever.evidence,
                settle,
            )
        return Decision(
            absent,
            f"{ever.reason.split(';')[0]}, not in that setting; {requirement}",
            ever.evidence,
        )

    return evaluate


def _held_only_by_a_possible_line(
    line: TherapyLine, scope: _Scope, holds: Callable[[TherapyLine], bool]
) -> bool:
    """LOT-MAINTENANCE-ASKED: a possible line that, were it one, would take out of `line` what
    the criterion asks for (the line without it, `split_agents` / `split_classes`)."""
    return any(
        u.split_start is not None
        and u.split_start == line.start
        and u.cancer_type == line.cancer_type
        and not holds(
            line.model_copy(update={"agents": u.split_agents, "classes": u.split_classes})
        )
        for u in scope.uncertain
    )


def _candidates_for_line(scope: _Scope, number: int) -> tuple[TherapyLine, ...]:
    """LOT-UNATTRIBUTED: every line that could be line `number` when uncertain lines may be among
    the counted ones — a counted line up to it, or an uncertain line started no later than it
    (or of no known date). Uncertain lines only add lines before it, so line `number` is one of
    these; none when fewer lines are counted (line `number` may then not exist)."""
    if len(scope.lines) < number:
        return ()
    last = scope.lines[number - 1].start or date.min
    earlier = (u for u in scope.uncertain if u.start is None or u.start <= last)
    return (*scope.lines[:number], *earlier)


def _prior_therapy_in_line(
    c: PriorTherapyCriterion, number: int, scope_of: Callable[[PatientFacts], _Scope]
) -> LeafRule:
    wording = _wording(c)
    bare, capitalised, requirement = wording.bare, wording.capitalised, wording.requirement
    # Found: met when the trial requires it, not met when it excludes it; absent: the reverse.
    found, absent = (MET, NOT_MET) if c.received else (NOT_MET, MET)
    drug_class, agent = c.drug_class, c.agent
    no_history = Decision(
        UNKNOWN,
        f"No systemic therapy recorded; {requirement}",
        (),
        f"Record the agents of line {number}, including treatment elsewhere",
    )
    no_such_line = Decision(absent, f"No line {number} recorded; {requirement}")
    unrecorded = no_history if c.received else no_such_line

    def holds(line: TherapyLine) -> bool:
        return drug_class in line.classes if drug_class is not None else _names(line, agent)

    def evaluate(facts: PatientFacts) -> Decision:
        scope = scope_of(facts)
        lines = scope.lines
        line = lines[number - 1] if len(lines) >= number else None
        # LOT-UNATTRIBUTED: an unattributed line before it (or in its place) may be line N.
        if scope.uncertain and (
            line is None
            or any((u.start or date.min) <= (line.start or date.min) for u in scope.uncertain)
        ):
            candidates = _candidates_for_line(scope, number)
            if candidates and all(map(holds, candidates)):
                return Decision(
                    found,
                    f"{capitalised} in every line that could be line {number} "
                    f"({'; '.join(map(_describe_line, candidates))}); {requirement}",
                    distinct(r for li in candidates for r in li.evidence),
                )
            return Decision(
                UNKNOWN,
                f"Line {number} cannot be identified: {scope.why_uncertain(facts)}; {requirement}",
                distinct(r for li in scope.uncertain for r in li.evidence),
                scope.settle_attribution(facts),
            )
        if line is None:
            return scope.nothing_counted(unrecorded) if not lines else no_such_line
        evidence = distinct(line.evidence)
        described = scope.describe(line, number)
        if line.stopped_early:
            described += f" ({'; '.join(line.stopped_early)})"
        if holds(line) and _held_only_by_a_possible_line(line, scope, holds):
            # LOT-MAINTENANCE-ASKED: the line holds it only if a drug begun after its
            # chemotherapy was its maintenance, not a line of its own.
            return Decision(
                UNKNOWN,
                f"{capitalised} in {described} only if what began later was part of it: "
                f"{scope.why_uncertain(facts)}; {requirement}",
                distinct([*evidence, *(r for li in scope.uncertain for r in li.evidence)]),
                scope.settle_attribution(facts),
            )
        if holds(line):
            return Decision(found, f"{capitalised} in {described}; {requirement}", evidence)
        # EXP-BLINDED, EXP-UNRESOLVED: the line may hold it in a drug that cannot be known.
        blinded = (
            drug_class in line.blinded_classes
            if drug_class is not None
            else agent in line.blinded_agents
        )
        unnamed = _may_be(line, c)  # EXP-REGIMEN, EXP-CLASS-NAMED
        if blinded or line.unresolved or unnamed:
            unknown = join(
                [*line.blinded_agents, *line.unresolved, *(line.unnamed if unnamed else ())]
            )
            # EXP-GIVEN, VAL-UNREADABLE: records that may never have been given are confirmed,
            # not named: their drug is known.
            shown = None if blinded else _not_shown_given(facts, line.unresolved)
            ask = "" if blinded else _ask_study_team(facts, line.unresolved, bare)
            settle = (
                f"Confirm whether {join(line.blinded_agents)} was given (blinded study drug)"
                if blinded
                else shown.confirm(f" in line {number}")
                if shown is not None
                else ask or f"Record the drug given as {join(line.unresolved)}"
                if line.unresolved
                else f"Record which drug was given as {join(line.unnamed)}"
            )
            holds_words = (
                f"; {shown.drugs} recorded in it, not known to have been given ({shown.why})"
                if shown is not None and not unnamed
                else f", which includes {unknown}"
            )
            return Decision(
                UNKNOWN,
                f"No {bare} known in {described}{holds_words}; {requirement}",
                evidence,
                settle,
            )
        return Decision(absent, f"No {bare} in {described}; {requirement}", evidence)

    return evaluate
