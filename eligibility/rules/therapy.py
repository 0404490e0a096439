"""Rules on treatment history: how many prior lines of systemic therapy, and whether a drug
class or agent was received (at all, or within a given line).

An empty history is "not recorded", not "never treated": treatment given elsewhere is common,
so a prior line the trial requires is unknown without one. A history that is recorded is taken
at its word (line 1 recorded without anti-PD-1 -> not met).
"""

from __future__ import annotations

from dataclasses import dataclass

from eligibility.criteria import PriorLinesCriterion, PriorTherapyCriterion
from eligibility.facts import Evidence, PatientFacts, TherapyLine
from eligibility.patient_index import PerFacts, exposure_index
from eligibility.phrasing import DRUG_CLASS_LABELS, bounds, join, plural, without_article
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.taxonomy import CancerTaxonomy


def _describe_line(line: TherapyLine) -> str:
    period = ""
    if line.start is not None:
        period = f" since {line.start.isoformat()}" if line.ongoing else f" from {line.start}"
        if line.end is not None and not line.ongoing:
            period += f" to {line.end.isoformat()}"
    state = ", ongoing" if line.ongoing else ""
    return f"line {line.number}: {join(line.agents) or 'agents not named'}{period}{state}"


# --- the line history ----------------------------------------------------------------------------

# FHIR statuses saying an exposure is over, whatever its end date says.
_STOPPED = frozenset({"completed", "stopped", "not-taken", "cancelled", "entered-in-error"})


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
            e.status in _STOPPED or (e.end is not None and e.end <= facts.as_of) for e in exposures
        )
        (stopped if over else continuing).append(agent)
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


def _count_lines(facts: PatientFacts) -> _LineHistory:
    lines = facts.lines
    notes: list[str] = []
    in_progress: list[int] = []
    for line in lines:
        if not line.ongoing:
            continue
        maintenance = _maintenance(line, facts)
        if maintenance is None:
            in_progress.append(line.number)
        else:
            stopped, continuing = maintenance
            notes.append(
                f"line {line.number} counts: {join(continuing)} continuing as maintenance after "
                f"{join(stopped)} stopped"
            )
    started = len(lines)
    described = f"{plural(started, 'line')} recorded ({'; '.join(map(_describe_line, lines))})"
    if notes:
        described += f"; {'; '.join(notes)}"
    return _LineHistory(
        started,
        started - len(in_progress),
        tuple(in_progress),
        described,
        distinct(ref for line in lines for ref in line.evidence),
    )


_line_history: PerFacts[_LineHistory] = PerFacts(_count_lines)


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
    requirement = f"trial requires {bounds(min_lines, max_lines)} {noun}"
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

    def evaluate(facts: PatientFacts) -> Decision:
        if not facts.lines:
            return no_lines
        history = _line_history(facts)
        started = history.started
        if inside(history.received) and inside(started):
            return Decision(MET, f"{history.described}; {requirement}", history.evidence)
        too_many = max_lines is not None and started > max_lines
        too_few = min_lines is not None and started < min_lines
        if too_many or too_few:
            return Decision(NOT_MET, f"{history.described}; {requirement}", history.evidence)
        return Decision(
            UNKNOWN,
            f"{history.described}; {requirement}, and a line still in progress counts once "
            "completed",
            history.evidence,
            f"Confirm line {join(map(str, history.in_progress))} is completed before referral",
        )

    return evaluate


# --- prior therapy -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Wording:
    """A prior-therapy criterion phrased once: what it names, and what it requires."""

    bare: str  # "taxane": reads after "No" ("No taxane recorded", not "No a taxane recorded")
    capitalised: str
    requirement: str


def _wording(c: PriorTherapyCriterion) -> _Wording:
    target = DRUG_CLASS_LABELS[c.drug_class] if c.drug_class is not None else str(c.agent)
    scope = f" in line {c.line}" if c.line is not None else ""
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
        return _prior_therapy_in_line(c, c.line)
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
        if not received:
            return not_recorded
        anticancer = index.antineoplastic
        if not anticancer.exposures and not facts.lines:
            return no_anticancer
        recorded = anticancer.agents or "recorded lines"
        return Decision(NOT_MET, f"No {bare} among {recorded}; {requirement}", anticancer.evidence)

    return evaluate


def _prior_therapy_in_line(c: PriorTherapyCriterion, number: int) -> LeafRule:
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

    def evaluate(facts: PatientFacts) -> Decision:
        numbered = exposure_index(facts).line(number)
        if numbered is None:
            return unrecorded if not facts.lines else no_such_line
        line, evidence = numbered
        described = _describe_line(line)
        included = drug_class in line.classes if drug_class is not None else agent in line.agents
        if included:
            return Decision(found, f"{capitalised} in {described}; {requirement}", evidence)
        return Decision(absent, f"No {bare} in {described}; {requirement}", evidence)

    return evaluate
