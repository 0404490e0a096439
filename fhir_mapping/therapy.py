"""Therapy exposures from MedicationStatement, MedicationRequest, MedicationAdministration and
MedicationDispense.

The agent is recognised from RxNorm and ATC codes (`data/drug_codes.csv`) and from names
(`data/drugs.csv`), regimen acronyms (`data/regimens.csv`) and class names
(`data/drug_class_names.csv`) in `medicationCodeableConcept` or the referenced Medication (a
Bundle entry or a contained resource, with its ingredients); a record naming several agents
gives one exposure per agent. Which records count as given, and what an unreadable, blinded or
class-only drug becomes: EXP-GIVEN, EXP-NOTED-NOT-GIVEN, EXP-UNRESOLVED, EXP-BLINDED,
EXP-REGIMEN, EXP-CLASS-NAMED, EXP-STOPPED-EARLY in docs/clinical-rules.md.
Dates: Statement and Administration `effective[x]`; Request the dosage's `boundsPeriod`, else
`dispenseRequest.validityPeriod`, else `authoredOn`; Dispense `whenHandedOver`, else
`whenPrepared`, until the days it supplies have passed (`daysSupply`: EXP-DISPENSED).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from eligibility.caches import BoundedMemo
from eligibility.facts import TherapyExposure
from eligibility.vocabulary import DrugClass
from fhir_mapping.blinding import BLINDED_STUDY_DRUG, is_blinded, supportive_study
from fhir_mapping.chronology import period_bounds, to_date
from fhir_mapping.class_named_drugs import class_names
from fhir_mapping.diagnoses import SECONDARY_KINDS, most_specific
from fhir_mapping.elements import coded, get, items
from fhir_mapping.intrathecal import DOSAGE_ELEMENT
from fhir_mapping.noted_not_given import note_texts, noted_not_given
from fhir_mapping.parsing import Parsed
from fhir_mapping.regimens import OpenAgent, listed_agents, regimen_table
from fhir_mapping.selection import medication_code, medication_key
from fhir_mapping.terminology import (
    MEMO_LIMIT,
    CodedText,
    cancer_concepts,
    drug_code_table,
    drug_table,
)
from fhir_mapping.unlisted_drugs import unclassed_agent, unlisted_anticancer_name

IGNORED_STATUS = {
    "MedicationStatement": frozenset({"entered-in-error", "not-taken", "intended"}),
    "MedicationRequest": frozenset({"cancelled", "entered-in-error", "draft"}),
    "MedicationAdministration": frozenset({"not-done", "entered-in-error"}),
    # EXP-DISPENSED: not handed over (still being prepared, held, cancelled, declined).
    "MedicationDispense": frozenset(
        {"preparation", "on-hold", "cancelled", "declined", "entered-in-error"}
    ),
}
# EXP-GIVEN: an order set's alternative (`option`) is no order.
IGNORED_INTENT = frozenset({"proposal", "plan", "option"})
# EXP-DISPENSED: ready for pickup, not recorded as picked up: maybe never taken.
NOT_HANDED_OVER = "ready for pickup, not recorded as handed over"
# EXP-GIVEN: FHIR R4 `unknown`, "the authoring system does not know which status applies": the
# record does not say its drug was given (as EXP-CHEMO-PROCEDURE's Procedure of that status).
# Worded as the record's own value, so a card does not read as "we do not know its status".
UNKNOWN_STATUS_GIVEN = 'record status "unknown"'
# Statuses of records that may never have been given (EXP-DISPENSED, EXP-GIVEN's order on hold:
# given before the hold, or never; any record of status `unknown`), and what the unknown drug is
# called for it.
MAYBE_NOT_GIVEN = {
    ("MedicationDispense", "in-progress"): NOT_HANDED_OVER,
    ("MedicationRequest", "on-hold"): "order on hold",
    **{
        (kind, "unknown"): UNKNOWN_STATUS_GIVEN
        for kind in (
            "MedicationAdministration",
            "MedicationStatement",
            "MedicationRequest",
            "MedicationDispense",
        )
    },
}
# EXP-NOTED-NOT-GIVEN: records whose note may say their drug was not given (an order's status
# is the order's, a history's often its default); an administration or dispense records the act.
NOTED = frozenset({"MedicationRequest", "MedicationStatement"})
_DAY_UNITS = frozenset({"d", "day", "days", "天"})
STATUS_REASON = {"MedicationDispense": "statusReasonCodeableConcept"}


# The readers below get validated R4B models (MedicationStatement, MedicationRequest,
# MedicationAdministration and their elements: every attribute read here is a field of its
# model), so they read attributes directly rather than through `elements.get`: a heavy chart has
# a thousand medication records, each read a dozen times.


def _medication_concept(
    model: Any, medications: Mapping[str, Any], read: dict[int, CodedText] | None = None
) -> tuple[CodedText, str | None]:
    """The record's drug as coded text, and the Medication reference it could not resolve."""
    source = model.medicationCodeableConcept
    if read is None or source is None:
        concept = coded(source)
    else:
        # Records naming the same drug share one validated medicationCodeableConcept (see
        # parsing's shared parts): read it once per call. Keyed by identity, which is stable
        # because the caller holds every record (and so every concept) for the whole call.
        known = read.get(id(source))
        concept = known if known is not None else read.setdefault(id(source), coded(source))
    medication_reference = model.medicationReference
    reference = None if medication_reference is None else medication_reference.reference
    dangling = None
    if isinstance(reference, str):
        key = medication_key(reference)
        medication = medications.get(key)
        if medication is None and key.startswith("#"):
            medication = next(
                (c for c in items(model, "contained") if f"#{get(c, 'id')}" == key), None
            )
        if medication is not None:
            concept = concept + medication_code(medication, medications)
        else:
            dangling = reference
        display = medication_reference.display
        if isinstance(display, str):
            concept = concept + CodedText(text=display)
    return concept, dangling


def status_reason(record: Any, element: str = "statusReason") -> str | None:
    """EXP-STOPPED-EARLY: the recorded reason a drug was stopped or not given (of a model, or
    of a projection read leniently), in `element` (a dispense's `statusReasonCodeableConcept`)."""
    reasons = get(record, element)
    if reasons is None:
        return None
    texts = [
        t for r in (reasons if isinstance(reasons, list) else [reasons]) for t in coded(r).texts()
    ]
    return texts[0] if texts else None


def reasons_of(model: Any) -> tuple[tuple[str, ...], str | None]:
    """LOT-CANCER: the Conditions a record names as its reason, and the cancer its reasonCode
    places on the taxonomy (the most specific primary cancer named)."""
    references = tuple(
        r.reference for r in model.reasonReference or () if isinstance(r.reference, str)
    )
    return references, reason_cancer(model.reasonCode or ())


def reason_cancer(concepts: Iterable[Any]) -> str | None:
    """The most specific primary cancer the first reason code placing one names."""
    node = None
    for concept in concepts:
        candidates = [c for c in cancer_concepts(coded(concept)) if c not in SECONDARY_KINDS]
        node = node or most_specific(candidates)
    return node


def supplied_until(start: date | None, days_supply: Any) -> date | None:
    """EXP-DISPENSED: the last day a dispense handed over on `start` supplies, by its
    `daysSupply` in days; None when it gives none."""
    value = get(days_supply, "value")
    units = {str(u).strip().lower() for u in (get(days_supply, "code"), get(days_supply, "unit"))}
    if start is None or value is None or not units & _DAY_UNITS:
        return None
    try:
        days = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return start + timedelta(days=days - 1) if 1 <= days <= 366 else None


def _dates(
    resource_type: str, model: Any, as_of: date | None = None
) -> tuple[date | None, date | None]:
    if resource_type == "MedicationDispense":
        start = to_date(model.whenHandedOver) or to_date(model.whenPrepared)
        return start, supplied_until(start, model.daysSupply)
    if resource_type == "MedicationRequest":
        # A validated list of elements holds no nulls (R4B rejects them).
        for dosage in model.dosageInstruction or ():
            timing = dosage.timing
            repeat = None if timing is None else timing.repeat
            start, end = period_bounds(None if repeat is None else repeat.boundsPeriod)
            if start is not None:
                return start, end
        dispense = model.dispenseRequest
        start, end = period_bounds(None if dispense is None else dispense.validityPeriod)
        return start or to_date(model.authoredOn), end
    start, end = period_bounds(model.effectivePeriod)
    if start is None and end is None:
        return _month_or_day(model.effectiveDateTime, as_of)
    return start or to_date(model.effectiveDateTime), end


def _month_or_day(value: Any, as_of: date | None = None) -> tuple[date | None, date | None]:
    """LOT-REGIMEN (twenty-seventh session): a drug given on a day recorded with only its month
    ("2026-03": a cycle another hospital gave, entered as history) was given some day of that
    month — from its first day to its last, not on the first: the regimen window and the gaps
    are read against the whole month. A full date, or a year alone, is read as before.
    GEN-AS-OF (twenty-eighth session): a record read as of `as_of` was given by then, so the
    month of `as_of` ends for it on `as_of` — not after it, which would make a `completed` cycle
    of the current month a line still running (LOT-IN-PROGRESS)."""
    day = to_date(value)
    if day is None or not (isinstance(value, str) and len(value) == 7 and value[4] == "-"):
        return day, None
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    last = following - timedelta(days=1)
    if as_of is not None and day <= as_of < last:
        return day, as_of
    return day, last


class NamedAgent(NamedTuple):
    """What a record's drug concept gives: an agent, or a drug named by class only (by a
    regimen's acronym, a class name or a group code: EXP-REGIMEN, EXP-CLASS-NAMED; `agent` a
    label, `may_be` the agents it may be, `may_be_classes` the classes it may have besides)."""

    agent: str
    classes: frozenset[DrugClass]
    antineoplastic: bool
    may_be: tuple[str, ...] = ()
    may_be_classes: frozenset[DrugClass] = frozenset()


def _named_by_regimen_or_class(
    concept: CodedText, chemotherapy: bool
) -> tuple[list[str], list[OpenAgent]]:
    """The agents regimen acronyms fix (EXP-REGIMEN), and the drugs they or class names
    (EXP-CLASS-NAMED) leave open within a class."""
    regimens = [
        regimen
        for text in concept.texts()
        for regimen in regimen_table().named_in(text, chemotherapy=chemotherapy)
    ]
    fixed: list[str] = []
    open_agents: list[OpenAgent] = []
    for regimen in dict.fromkeys(regimens):
        fixed.extend(regimen.agents)
        open_agents.extend(regimen.open_agents)
    for text in concept.texts():
        open_agents.extend(a for a in class_names().named_in(text) if a not in open_agents)
    return fixed, open_agents


# Charts name the same few drugs, and so do the charts of one hospital: read each concept once.
_agents_memo: BoundedMemo[tuple[CodedText, bool], tuple[NamedAgent, ...]] = BoundedMemo(
    "fhir_mapping.therapy.agents_named", MEMO_LIMIT
)


def agents_named(concept: CodedText, *, chemotherapy: bool = False) -> tuple[NamedAgent, ...]:
    """The agents a drug concept names: by code, name, regimen acronym or class (`chemotherapy`:
    the concept is a record of chemotherapy, whose acronyms need no other context); memoised."""
    key = (concept, chemotherapy)
    found = _agents_memo.get(key)
    if found is None:
        found = _agents_memo.put(key, tuple(_read_agents(concept, chemotherapy)))
    return found


def _read_agents(concept: CodedText, chemotherapy: bool) -> list[NamedAgent]:
    table = drug_table()
    agents: list[str] = []
    class_hint: set[DrugClass] = set()
    group_code = ""
    for coding in concept.codings:
        row = drug_code_table().row_for_code(coding)
        if row is None:
            continue
        if row.concept.startswith("class:"):
            class_hint.update(DrugClass(c) for c in row.concept.removeprefix("class:").split(";"))
            atc = "ATC " if "atc" in str(coding.system).lower() else ""
            group_code = group_code or f"{atc}{coding.code}"
        elif row.concept not in agents:
            agents.append(row.concept)
    for text in concept.texts():
        agents.extend(agent for agent in table.agents_in(text) if agent not in agents)
    fixed, open_agents = _named_by_regimen_or_class(concept, chemotherapy)
    agents.extend(agent for agent in fixed if agent not in agents)
    found = []
    for agent in agents:
        drug = table.drugs[agent]
        classes = frozenset(DrugClass(c) for c in drug.classes)
        found.append(
            NamedAgent(
                agent,
                classes | frozenset(class_hint) if drug.antineoplastic else classes,
                drug.antineoplastic,
            )
        )
    for open_agent in open_agents:
        # An agent it may be, named in the record, is the one the acronym or class meant.
        if not any(given.agent in open_agent.may_be for given in found):
            found.append(
                NamedAgent(
                    open_agent.label,
                    open_agent.classes,
                    True,
                    open_agent.may_be,
                    open_agent.may_be_classes,
                )
            )
    if not found and class_hint:
        # A code of a drug group (ATC L01FF): the group proven, the agent open among its
        # members (EXP-CLASS-NAMED), which may have classes the group does not say. Without a
        # text it is named by its code, as a card asks which drug it was.
        name = (concept.text or next(iter(concept.texts()), "")).strip().lower() or (
            f"drug group {group_code} (agent not named)"
        )
        group = frozenset(class_hint)
        open_agent = OpenAgent.among(name, group, listed_agents(all_of=group))
        found.append(NamedAgent(name, group, True, open_agent.may_be, open_agent.may_be_classes))
    return found


# EXP-UNRESOLVED: how a record whose drug cannot be read at all is named: it may be any drug,
# a supportive one too (unlike a blinded study drug or an unlisted anticancer name).
NOT_HELD = "a medication the chart does not hold"
NOT_NAMED = "a medication recorded with no code or text"


def named_anticancer(exposure: TherapyExposure) -> bool:
    """EXP-BLINDED, EXP-UNLISTED: a drug not known whose record names it as anticancer — a
    blinded study drug, an unlisted name with an antineoplastic stem or a development code —
    and shows it given; not a Medication the chart does not hold, nor one with no code or text."""
    return (
        not exposure.resolved
        and not exposure.unconfirmed
        and not exposure.agent.startswith((NOT_HELD, NOT_NAMED))
    )


def unresolved_agent(concept: CodedText, dangling: str | None) -> str | None:
    """EXP-UNRESOLVED: what to call a record whose drug cannot be read, or None when it can be
    (its codes or text name a drug, or name something that is not one we track)."""
    # Named as a card shows them: what a clinician can look up, not how OncoMatch failed.
    if dangling is not None:  # the drug is in a Medication the data does not hold
        return f"{NOT_HELD} ({dangling})"
    if not concept.texts() and not concept.codings:
        return NOT_NAMED
    if any(map(is_blinded, concept.texts())):
        return BLINDED_STUDY_DRUG
    return unlisted_anticancer_name(concept.texts())  # EXP-UNLISTED


@dataclass(frozen=True, slots=True)
class Recorded:
    """What one record of therapy given (a medication record, a chemotherapy Procedure) says
    besides its drug, shared by its agents' exposures."""

    evidence: tuple[str, ...]
    start: date | None
    end: date | None
    status: str | None
    source: str
    status_reason: str | None
    reason_references: tuple[str, ...]
    reason_cancer_type: str | None

    def exposure(
        self,
        agent: str,
        classes: frozenset[DrugClass] = frozenset(),
        antineoplastic: bool = True,
        *,
        resolved: bool = True,
        blinded: bool = False,
        may_be: tuple[str, ...] = (),
        may_be_classes: frozenset[DrugClass] = frozenset(),
    ) -> TherapyExposure:
        exposure = TherapyExposure(
            evidence=self.evidence,
            agent=agent,
            classes=classes,
            antineoplastic=antineoplastic,
            start=self.start,
            end=self.end,
            status=self.status,
            source=self.source,
            status_reason=self.status_reason,
            reason_references=self.reason_references,
            reason_cancer_type=self.reason_cancer_type,
            resolved=resolved,
            blinded=blinded,
        )
        if not may_be:
            return exposure
        # Rare (a drug named by class only): the common record is not made to validate them.
        return exposure.model_copy(update={"may_be": may_be, "may_be_classes": may_be_classes})


def order_key(reference: str) -> str:
    """`MedicationRequest/<id>` for a relative or absolute reference, or a Bundle's
    `urn:uuid:<id>`."""
    if reference.startswith("urn:uuid:"):
        return "MedicationRequest/" + reference.removeprefix("urn:uuid:")
    return (
        "MedicationRequest/" + reference.rsplit("MedicationRequest/", 1)[-1].split("/_history/")[0]
    )


def first_handed_over(medication_records: list[tuple[str, Parsed]]) -> dict[str, date]:
    """EXP-DISPENSED: the day each order was first handed over, by the dated dispenses that name
    it (`authorizingPrescription`) and were handed over."""
    first: dict[str, date] = {}
    for resource_type, record in medication_records:
        if resource_type != "MedicationDispense":
            continue
        model = record.model
        status = model.status
        if status in IGNORED_STATUS[resource_type] or (resource_type, status) in MAYBE_NOT_GIVEN:
            continue
        start, _ = _dates(resource_type, model)
        if start is None:
            continue
        for order in model.authorizingPrescription or ():
            if isinstance(order.reference, str):
                key = order_key(order.reference)
                first[key] = min(start, first.get(key, start))
    return first


def read_exposures(
    medication_records: list[tuple[str, Parsed]], medications: Mapping[str, Any], as_of: date
) -> tuple[TherapyExposure, ...]:
    exposures: list[TherapyExposure] = []
    read: dict[int, CodedText] = {}
    agents: dict[CodedText, tuple[NamedAgent, ...]] = {}
    handed_over = first_handed_over(medication_records)
    for resource_type, record in medication_records:
        model = record.model
        status = model.status
        if status in IGNORED_STATUS[resource_type]:
            continue
        if resource_type == "MedicationRequest" and (
            model.intent in IGNORED_INTENT or model.doNotPerform is True
        ):
            continue
        start, end = _dates(resource_type, model, as_of)
        dispensed_from = handed_over.get(record.reference) if handed_over else None
        if dispensed_from is not None and (start is None or start < dispensed_from):
            # EXP-DISPENSED: an order and the dispenses that fill it are one course, and the
            # drug reached the patient when first handed over, not when it was prescribed.
            start, end = dispensed_from, None if end is None else max(end, dispensed_from)
        if start is not None and start > as_of:
            continue
        concept, dangling = _medication_concept(model, medications, read)
        found = agents.get(concept)
        if found is None:  # each record of a cycle names the drug its siblings do
            found = agents[concept] = agents_named(concept)
        reason = status_reason(model, STATUS_REASON.get(resource_type, "statusReason"))
        if said_not_given(resource_type, model, reason, found):
            continue
        dispensed = resource_type == "MedicationDispense"  # no reason elements in R4
        references, reason_node = ((), None) if dispensed else reasons_of(model)
        recorded = Recorded(
            (record.reference,),
            start,
            end,
            status if isinstance(status, str) else None,
            resource_type,
            reason,
            references,
            reason_node,
        )
        given = exposures_of(recorded, concept, dangling, found, model)
        unsure = MAYBE_NOT_GIVEN.get((resource_type, status))
        if unsure is not None:
            given = maybe_not_given(given, unsure)
        exposures.extend(given)
    exposures.sort(key=lambda e: (e.start is None, e.start or date.min, e.agent))
    return tuple(exposures)


class Withheld(NamedTuple):
    """LOT-THERAPY-REASON: a record of a drug not given (a dose `not-done`, a statement
    `not-taken`, an order `cancelled`), with the reason it was not: it gives no exposure, but its
    reason may say the disease progressed."""

    evidence: tuple[str, ...]
    status_reason: str
    when: date
    reason_references: tuple[str, ...]


def said_not_given(
    resource_type: str, record: Any, reason: str | None, found: Iterable[NamedAgent]
) -> bool:
    """EXP-NOTED-NOT-GIVEN: whether an order's or a history's note, or the reason for its
    status, says its drug (`found`) was not given (of a model, or of raw JSON read leniently)."""
    if resource_type not in NOTED:
        return False
    texts = note_texts(items(record, "note"))
    if reason:
        texts.append(reason)
    return bool(texts) and noted_not_given(texts, (a.agent for a in found))


def read_withheld(
    medication_records: list[tuple[str, Parsed]],
    as_of: date,
    medications: Mapping[str, Any] | None = None,
) -> tuple[Withheld, ...]:
    """The records `read_exposures` drops as never given that say why — by their status, or
    by their own words (EXP-NOTED-NOT-GIVEN: "疾病进展，未用" still dates a progression) — dated
    by their end, else their start; never one entered in error, nor one dated after `as_of`."""
    withheld: list[Withheld] = []
    for resource_type, record in medication_records:
        model = record.model
        status = model.status
        ignored = status in IGNORED_STATUS[resource_type]
        if status == "entered-in-error" or not (ignored or resource_type in NOTED):
            continue
        reason = status_reason(model, STATUS_REASON.get(resource_type, "statusReason"))
        if reason is None:
            continue
        if not ignored:
            concept, _ = _medication_concept(model, medications or {})
            if not said_not_given(resource_type, model, reason, agents_named(concept)):
                continue
        start, end = _dates(resource_type, model)
        when = end or start
        if when is None or (start or when) > as_of:
            continue
        references = () if resource_type == "MedicationDispense" else reasons_of(model)[0]
        withheld.append(Withheld((record.reference,), reason, min(when, as_of), references))
    return tuple(withheld)


def exposures_of(
    recorded: Recorded,
    concept: CodedText,
    dangling: str | None,
    found: tuple[NamedAgent, ...],
    record: Any = None,
) -> list[TherapyExposure]:
    """The exposures one record gives: one per agent it names (`found`), or one of a drug not
    known (EXP-UNRESOLVED, EXP-UNLISTED, EXP-BLINDED), or none (a drug that is not one). The
    `record` (its model or JSON) gives a blinded drug's dosage words (twenty-eighth session)."""
    blinded = any(map(is_blinded, concept.texts()))
    anticancer = any(given.antineoplastic for given in found)
    if (
        blinded
        and not anticancer
        and supportive_study(concept.texts(), bool(found), dosage_words(recorded.source, record))
    ):
        return []  # EXP-BLINDED: a supportive-care study's drug, no anticancer drug
    if not found or (blinded and not anticancer):
        unresolved = unresolved_agent(concept, dangling)
        if unresolved is None:
            return []
        exposure = recorded.exposure(unresolved, resolved=False)
        unclassed = None if dangling is not None or blinded else unclassed_agent(concept.texts())
        if unclassed is not None:
            exposure = exposure.model_copy(update={"unclassed_agent": unclassed})
        return [exposure]
    return [
        recorded.exposure(
            agent,
            classes,
            antineoplastic,
            blinded=blinded and antineoplastic,
            may_be=may_be,
            may_be_classes=may_be_classes,
        )
        for agent, classes, antineoplastic, may_be, may_be_classes in found
    ]


def dosage_words(resource_type: str, record: Any) -> tuple[str, ...]:
    """The words of a medication record's dosages (`DOSAGE_ELEMENT`): what a blinded study drug
    is for may be written there ("2粒 口服 tid 保肝"; EXP-BLINDED, twenty-eighth session)."""
    element = DOSAGE_ELEMENT.get(resource_type)
    if record is None or element is None:
        return ()
    dosages = get(record, element)
    if dosages is None:
        return ()
    listed = dosages if isinstance(dosages, list | tuple) else (dosages,)
    return tuple(text for d in listed if isinstance(text := get(d, "text"), str) and text)


def maybe_not_given(given: list[TherapyExposure], why: str) -> list[TherapyExposure]:
    """The exposures of a record that may never have been given (VAL-UNREADABLE's missing
    status, EXP-DISPENSED's supply not picked up): an unconfirmed record of a drug not known,
    named for the drug and why, that builds no line; a line count it could change is unknown.
    Drugs that are not anticancer change nothing."""
    return [unconfirmed(e, why) for e in given if e.antineoplastic or not e.resolved]


def unconfirmed(exposure: TherapyExposure, why: str) -> TherapyExposure:
    """EXP-GIVEN's unconfirmed record of `exposure`'s drug, named for it and `why`: it builds no
    line, and a line count it could change is unknown."""
    return exposure.model_copy(
        update={
            "agent": f"{exposure.agent} ({why})",
            "resolved": False,
            "unconfirmed": True,
            "unconfirmed_drug": exposure.agent,
            "unconfirmed_why": why,
            "classes": frozenset(),
            "blinded": False,
            "may_be": (),
            "may_be_classes": frozenset(),
        }
    )
