"""EXP-CHEMO-PROCEDURE: chemotherapy recorded as a Procedure, read as therapy given.

Day wards often record each cycle as a Procedure ("GP方案化疗 第3周期", SNOMED 367336001
Chemotherapy) while only the pharmacy's drugs (an antibody) come as medication records; an
outside course may be a Procedure with the regimen in a note (the HL7 example f201: "TPF").
Read from medication records alone, such a first line was an anti-PD-1 line without platinum:
a wrong exclusion. A chemotherapy Procedure gives the drugs its code text and notes name (drug
names, regimen acronyms: EXP-REGIMEN); naming none, it is chemotherapy of unknown drugs
(EXP-UNRESOLVED), which `lines` leaves out of a line that already holds chemotherapy (it is
that line's record of it, in another form). One of status `unknown` (the record does not know
whether it took place) is chemotherapy maybe never given: it builds no line, and what it could
change (a line's drugs, the line count) is unknown.
"""

from __future__ import annotations

from datetime import date

from eligibility.facts import TherapyExposure
from fhir_mapping.elements import get, items
from fhir_mapping.parsing import Parsed
from fhir_mapping.procedures import STATUS_UNKNOWN, performed_of
from fhir_mapping.terminology import CodedText, chemotherapy_procedure_table
from fhir_mapping.therapy import (
    UNKNOWN_STATUS_GIVEN,
    Recorded,
    agents_named,
    maybe_not_given,
    reasons_of,
)

SOURCE = "Procedure"


def read_chemotherapy_procedures(
    procedures: list[Parsed], as_of: date
) -> tuple[TherapyExposure, ...]:
    exposures: list[TherapyExposure] = []
    for done in performed_of(procedures, chemotherapy_procedure_table(), as_of):
        procedure, code, model = done.procedure, done.code, done.procedure.model
        status = get(model, "status")
        notes = [n.text for n in items(model, "note") if isinstance(n.text, str) and n.text]
        said = code + CodedText(text=" ; ".join(notes) or None)
        references, reason_node = reasons_of(model)
        recorded = Recorded(
            (procedure.reference,),
            done.start,
            done.end,
            status if isinstance(status, str) else None,
            SOURCE,
            None,
            references,
            reason_node,
        )
        named = agents_named(said, chemotherapy=True)
        given = [
            recorded.exposure(
                agent, classes, antineoplastic, may_be=may_be, may_be_classes=may_be_classes
            )
            for agent, classes, antineoplastic, may_be, may_be_classes in named
        ]
        if not named:
            what = code.text or next(iter(code.texts()), None) or "chemotherapy"
            given = [recorded.exposure(f"{what[:80]} (drugs not recorded)", resolved=False)]
        # Not known to have taken place: maybe never given (as a dose of no status is).
        exposures.extend(
            maybe_not_given(given, UNKNOWN_STATUS_GIVEN) if status == STATUS_UNKNOWN else given
        )
    return tuple(exposures)
