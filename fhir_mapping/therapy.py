"""Therapy exposures from MedicationStatement, MedicationRequest and MedicationAdministration.

The agent is recognised from RxNorm and ATC codes (`data/drug_codes.csv`) and from names
(generic, brand and Chinese; `data/drugs.csv`) in the coding displays and text of
`medicationCodeableConcept` or of the referenced Medication (a Bundle entry or a contained
resource, including its ingredients). A record naming several agents gives one exposure per
agent. An ATC class code without a known agent (e.g. L01XA only) still gives an exposure, named
by its text, with the class's drug classes.

Records that are not exposures are ignored:
- MedicationStatement `entered-in-error`, `not-taken`, `intended` (a plan, not a received drug);
- MedicationRequest `cancelled`, `entered-in-error`, `draft`; intent `proposal` / `plan`;
  `doNotPerform: true`;
- MedicationAdministration `not-done`, `entered-in-error`;
- anything starting after `as_of`.

Dates: Statement and Administration `effective[x]` (a dateTime is the start); Request the
`dosageInstruction.timing.repeat.boundsPeriod`, else `dispenseRequest.validityPeriod`, else
`authoredOn` as the start.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from eligibility.facts import TherapyExposure
from eligibility.vocabulary import DrugClass
from fhir_mapping.chronology import period_bounds, to_date
from fhir_mapping.elements import coded, get, items
from fhir_mapping.parsing import Parsed
from fhir_mapping.selection import medication_code, medication_key
from fhir_mapping.terminology import CodedText, drug_code_table, drug_table

IGNORED_STATUS = {
    "MedicationStatement": frozenset({"entered-in-error", "not-taken", "intended"}),
    "MedicationRequest": frozenset({"cancelled", "entered-in-error", "draft"}),
    "MedicationAdministration": frozenset({"not-done", "entered-in-error"}),
}
IGNORED_INTENT = frozenset({"proposal", "plan"})


# The readers below get validated R4B models (MedicationStatement, MedicationRequest,
# MedicationAdministration and their elements: every attribute read here is a field of its
# model), so they read attributes directly rather than through `elements.get`: a heavy chart has
# a thousand medication records, each read a dozen times.


def _medication_concept(
    model: Any, medications: Mapping[str, Any], read: dict[int, CodedText] | None = None
) -> CodedText:
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
    if isinstance(reference, str):
        key = medication_key(reference)
        medication = medications.get(key)
        if medication is None and key.startswith("#"):
            medication = next(
                (c for c in items(model, "contained") if f"#{get(c, 'id')}" == key), None
            )
        if medication is not None:
            concept = concept + medication_code(medication)
        display = medication_reference.display
        if isinstance(display, str):
            concept = concept + CodedText(text=display)
    return concept


def _dates(resource_type: str, model: Any) -> tuple[date | None, date | None]:
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
    return start or to_date(model.effectiveDateTime), end


def _agents(concept: CodedText) -> list[tuple[str, frozenset[DrugClass], bool]]:
    table = drug_table()
    agents: list[str] = []
    class_hint: set[DrugClass] = set()
    for row in drug_code_table().code_rows(concept):
        if row.concept.startswith("class:"):
            class_hint.update(DrugClass(c) for c in row.concept.removeprefix("class:").split(";"))
        elif row.concept not in agents:
            agents.append(row.concept)
    for text in concept.texts():
        for agent in table.agents_in(text):
            if agent not in agents:
                agents.append(agent)
    found = []
    for agent in agents:
        drug = table.drugs[agent]
        classes = frozenset(DrugClass(c) for c in drug.classes)
        found.append(
            (
                agent,
                classes | frozenset(class_hint) if drug.antineoplastic else classes,
                drug.antineoplastic,
            )
        )
    if not found and class_hint:
        name = (
            concept.text or next(iter(concept.texts()), "")
        ).strip().lower() or "unspecified agent"
        found.append((name, frozenset(class_hint), True))
    return found


def read_exposures(
    medication_records: list[tuple[str, Parsed]], medications: Mapping[str, Any], as_of: date
) -> tuple[TherapyExposure, ...]:
    exposures: list[TherapyExposure] = []
    read: dict[int, CodedText] = {}
    agents: dict[CodedText, list[tuple[str, frozenset[DrugClass], bool]]] = {}
    for resource_type, record in medication_records:
        model = record.model
        status = model.status
        if status in IGNORED_STATUS[resource_type]:
            continue
        if resource_type == "MedicationRequest" and (
            model.intent in IGNORED_INTENT or model.doNotPerform is True
        ):
            continue
        start, end = _dates(resource_type, model)
        if start is not None and start > as_of:
            continue
        concept = _medication_concept(model, medications, read)
        found = agents.get(concept)
        if found is None:
            found = agents[concept] = _agents(concept)  # a pure function of the concept
        for agent, classes, antineoplastic in found:
            exposures.append(
                TherapyExposure(
                    evidence=(record.reference,),
                    agent=agent,
                    classes=classes,
                    antineoplastic=antineoplastic,
                    start=start,
                    end=end,
                    status=status if isinstance(status, str) else None,
                    source=resource_type,
                )
            )
    exposures.sort(key=lambda e: (e.start is None, e.start or date.min, e.agent))
    return tuple(exposures)
