"""VAL-UNREADABLE: the exposures of a medication record that R4 validation rejects.

Such a record was skipped, and the line it recorded lost: a patient with a second line read as
having one. It is read here from its cleaned projection, leniently: each element the readers
use, when it has the JSON type R4 gives it and (a date) an R4 value; the rest is left out. What
cannot be read makes what depends on it unknown, never absent:
- no readable date: the record is undated (EXP-UNDATED);
- no readable status (or, for an order, intent): it may not have been given, so it is a record
  of a drug not known (EXP-UNRESOLVED), named for the drug it names;
- a reason it cannot read: unattributed (LOT-CANCER).
A status, intent or `doNotPerform` saying it was not given, or a drug that is not anticancer,
leaves it out as the valid record would be (EXP-GIVEN).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from eligibility.facts import TherapyExposure
from fhir_mapping.chronology import to_date
from fhir_mapping.elements import coded, get, items
from fhir_mapping.parsing import Unreadable
from fhir_mapping.selection import medication_code, medication_key
from fhir_mapping.terminology import CodedText
from fhir_mapping.therapy import (
    IGNORED_INTENT,
    IGNORED_STATUS,
    MAYBE_NOT_GIVEN,
    STATUS_REASON,
    Recorded,
    agents_named,
    exposures_of,
    maybe_not_given,
    reason_cancer,
    said_not_given,
    status_reason,
    supplied_until,
)

# R4's date and dateTime (datatypes page): a value that is no date ("0000-00-00", "2026-13-01",
# "unknown") reads as none. A day past the month's end ("2026-02-30") is caught by `to_date`.
_R4_DATE = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
    r"(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"
    r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?"
)
NO_STATUS = "no status recorded"
NO_INTENT = "no intent recorded"


def read_unreadable_records(
    records: Sequence[Unreadable], medications: Mapping[str, Any], as_of: date
) -> tuple[TherapyExposure, ...]:
    exposures: list[TherapyExposure] = []
    for record in records:
        exposures.extend(_exposures(record, medications, as_of))
    return tuple(exposures)


def _exposures(
    record: Unreadable, medications: Mapping[str, Any], as_of: date
) -> list[TherapyExposure]:
    raw, resource_type = record.projection, record.resource_type
    status = _text(raw, "status")
    if status in IGNORED_STATUS[resource_type]:
        return []
    unsure = NO_STATUS if status is None else None
    if resource_type == "MedicationRequest":
        intent = _text(raw, "intent")
        if intent in IGNORED_INTENT or raw.get("doNotPerform") is True:
            return []
        unsure = unsure or (NO_INTENT if intent is None else None)
    start, end = _dates(resource_type, raw)
    if start is not None and start > as_of:
        return []
    concept, dangling = _medication_concept(raw, medications)
    references = tuple(
        reference
        for r in items(raw, "reasonReference")
        if isinstance(reference := get(r, "reference"), str)
    )
    reason = status_reason(raw, STATUS_REASON.get(resource_type, "statusReason"))
    recorded = Recorded(
        (record.reference,),
        start,
        end,
        status,
        resource_type,
        reason,
        references,
        reason_cancer(items(raw, "reasonCode")),
    )
    found = agents_named(concept)
    if said_not_given(resource_type, raw, reason, found):
        return []
    given = exposures_of(recorded, concept, dangling, found, raw)
    unsure = unsure or MAYBE_NOT_GIVEN.get((resource_type, status or ""))
    # Maybe never given: it builds no line, and a line count it could change is unknown.
    return maybe_not_given(given, unsure) if unsure else given


def _text(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) and value else None


def _day(value: Any) -> date | None:
    """The day of an R4 date or dateTime; None for anything else."""
    if not isinstance(value, str) or _R4_DATE.fullmatch(value) is None:
        return None
    return to_date(value)


def _period(period: Any) -> tuple[date | None, date | None]:
    return _day(get(period, "start")), _day(get(period, "end"))


def _dates(resource_type: str, raw: Mapping[str, Any]) -> tuple[date | None, date | None]:
    """As `therapy`'s reading of a valid record: Statement and Administration `effective[x]`;
    Request the dosage's `boundsPeriod`, else `dispenseRequest.validityPeriod`, else
    `authoredOn`; Dispense `whenHandedOver`, else `whenPrepared`, with its `daysSupply`."""
    if resource_type == "MedicationDispense":
        start = _day(raw.get("whenHandedOver")) or _day(raw.get("whenPrepared"))
        return start, supplied_until(start, raw.get("daysSupply"))
    if resource_type == "MedicationRequest":
        for dosage in items(raw, "dosageInstruction"):
            start, end = _period(get(get(get(dosage, "timing"), "repeat"), "boundsPeriod"))
            if start is not None:
                return start, end
        start, end = _period(get(raw.get("dispenseRequest"), "validityPeriod"))
        return start or _day(raw.get("authoredOn")), end
    start, end = _period(raw.get("effectivePeriod"))
    return start or _day(raw.get("effectiveDateTime")), end


def _medication_concept(
    raw: Mapping[str, Any], medications: Mapping[str, Any]
) -> tuple[CodedText, str | None]:
    """As `therapy`'s: the drug's coded text, and a Medication reference it cannot resolve."""
    concept = coded(raw.get("medicationCodeableConcept"))
    reference = get(raw.get("medicationReference"), "reference")
    if not isinstance(reference, str) or not reference:
        return concept, None
    key = medication_key(reference)
    medication = medications.get(key)
    if medication is None and key.startswith("#"):
        medication = next((c for c in items(raw, "contained") if f"#{get(c, 'id')}" == key), None)
    display = get(raw.get("medicationReference"), "display")
    if isinstance(display, str) and display:
        concept = concept + CodedText(text=display)
    if medication is None:
        return concept, reference
    return concept + medication_code(medication, medications), None
