"""CNS-METASTASES: what only leptomeningeal disease has, recorded apart from its diagnosis.

Meninges named with no layer ("脑膜转移", "Meningeal metastases", "脊膜转移", C79.32) leave
leptomeningeal disease possible; the chart establishes it elsewhere when it records
- cancer cells in the CSF: a CSF cytology result (an Observation, `csf:cytology` in
  `data/observation_concepts.csv`) or report whose words say they were found
  ("脑脊液细胞学：找到癌细胞", "CSF cytology: malignant cells present"; EANO-ESMO 2017: CSF
  cytology confirms leptomeningeal metastasis);
- intrathecal chemotherapy given: an anticancer drug administered, ordered or taken as a
  history by the intrathecal route (a dosage's `route`, SNOMED CT 72607000 or its words, or the
  dosage's words: 鞘内注射, 鞘注, "12 mg IT"; `data/intrathecal_concepts.csv`; since the
  twenty-seventh session also into the ventricles through an Ommaya reservoir or by lumbar
  puncture, and by the name of a referenced Medication or the reference's display), or a
  Procedure so named ("腰椎穿刺+鞘内注射", "Lumbar puncture with intrathecal chemotherapy") — but
  not on a chart holding a haematological malignancy, whose CNS prophylaxis (lymphomas, acute
  lymphoblastic leukaemia) is intrathecal too: there it proves nothing of a solid tumour's
  meninges.
Which of them is the entry's proof (dated near it) is `comorbidities`' to decide. A drug given
intrathecally is also no systemic line (LOT-SUPPORTIVE: `given_intrathecally`, `systemic`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from eligibility.facts import TherapyExposure
from eligibility.taxonomy import default_taxonomy
from fhir_mapping.chronology import period_bounds, to_date
from fhir_mapping.diagnoses import DiagnosisReading
from fhir_mapping.elements import coded, get, items
from fhir_mapping.intrathecal import DOSAGE_ELEMENT, by_an_intrathecal_dosage, into_the_csf
from fhir_mapping.observations import observation_date, usable
from fhir_mapping.parsing import Parsed
from fhir_mapping.procedures import PREPARATION, STATUS_UNKNOWN
from fhir_mapping.reports import findings
from fhir_mapping.selection import medication_key
from fhir_mapping.spread_words import csf_cancer_cells_found
from fhir_mapping.terminology import CSF_CYTOLOGY, names_csf_cytology, observation_table

HAEMATOLOGICAL = "hematologic_malignancy"
# A Procedure not done, in error, being prepared or of unknown status gave nothing known.
_NOT_GIVEN = frozenset({"not-done", "entered-in-error", PREPARATION, "cancelled", STATUS_UNKNOWN})


@dataclass(frozen=True, slots=True)
class Shown:
    """A record showing leptomeningeal disease: when, which, and what it is."""

    when: date | None
    reference: str
    what: str  # "CSF cytology" | "intrathecal chemotherapy"


def read_leptomeninges_shown(
    *,
    medication_records: Sequence[tuple[str, Parsed]],
    exposures: Sequence[TherapyExposure],
    procedures: Sequence[Parsed],
    observations: Sequence[Parsed],
    reports: Sequence[Parsed],
    reading: DiagnosisReading,
    as_of: date,
    medications: Mapping[str, Any] | None = None,
) -> tuple[Shown, ...]:
    """Every record of the chart showing leptomeningeal disease by `as_of`, oldest first."""
    shown = [*_cytologies(observations, reports, as_of)]
    if not _haematological(reading):
        shown += _intrathecal_drugs(medication_records, exposures, as_of, medications)
        shown += _intrathecal_procedures(procedures, as_of)
    return tuple(sorted(shown, key=lambda s: (s.when is None, s.when or date.min, s.reference)))


def _haematological(reading: DiagnosisReading) -> bool:
    taxonomy = default_taxonomy()
    return any(
        d.cancer_type is not None
        and d.cancer_type in taxonomy
        and taxonomy.is_a(d.cancer_type, HAEMATOLOGICAL)
        for d in (*reading.diagnoses, *reading.other_histories)
    )


def _cytologies(
    observations: Sequence[Parsed], reports: Sequence[Parsed], as_of: date
) -> list[Shown]:
    found = []
    table = observation_table()
    for observation in observations:
        model = observation.model
        if CSF_CYTOLOGY not in table.concepts(coded(get(model, "code"))):
            continue
        if not usable(observation, as_of):
            continue
        string = get(model, "valueString")
        texts = [*coded(get(model, "valueCodeableConcept")).texts()]
        if isinstance(string, str):
            texts.append(string)
        if any(csf_cancer_cells_found(text) for text in texts):
            found.append(Shown(observation_date(model), observation.reference, "CSF cytology"))
    for report in reports:
        read = findings(report, as_of)
        if read is None:
            continue
        named = CSF_CYTOLOGY in table.concepts(coded(get(report.model, "code")))
        # A report of another name (a pathology report) whose conclusion gives the cytology:
        # "脑脊液细胞学：找到腺癌细胞".
        said = read.texts if named else [t for t in read.texts if names_csf_cytology(t)]
        if any(csf_cancer_cells_found(text) for text in said):
            found.append(Shown(read.when, report.reference, "CSF cytology"))
    return found


def given_intrathecally(
    medication_records: Sequence[tuple[str, Parsed]],
    medications: Mapping[str, Any] | None = None,
) -> frozenset[str]:
    """The medication records given by the intrathecal route (a dosage's route, or its words;
    with no dosage saying a route, the drug's name: "Methotrexate intrathecal", 甲氨蝶呤（鞘注））:
    a MedicationAdministration's `dosage`, a MedicationRequest's `dosageInstruction` and a
    MedicationStatement's `dosage` (twenty-sixth session: an order, and an outside hospital's
    history, say it as a dose given does). Into the CSF, not the body — no systemic line
    (LOT-SUPPORTIVE) — and what only leptomeningeal disease is treated with in a solid tumour
    (CNS-METASTASES). Whether the record gave its drug is EXP-GIVEN's (`read_exposures`).
    The drug's name is the record's medicationCodeableConcept or, referenced, its Medication's
    code in `medications` (by `Medication/<id>`) or among the record's contained resources: a
    pharmacy item "Methotrexate 12 mg intrathecal injection" says the route as a name typed
    into the record does (7 December 2026, twenty-seventh session)."""
    found = set()
    for kind, record in medication_records:
        element = DOSAGE_ELEMENT.get(kind)
        if element is None:
            continue
        dosages = get(record.model, element)
        if by_an_intrathecal_dosage(dosages, _drug_name(record.model, medications or {})):
            found.add(record.reference)
    return frozenset(found)


def _drug_name(model: Any, medications: Mapping[str, Any]) -> Any:
    """The CodeableConcept naming a record's drug: its own, or its referenced Medication's —
    with the reference's `display`, the EHR's name of the item, when it has one ("Methotrexate
    12 mg intrathecal"; 7 December 2026, twenty-seventh session): a tuple of both."""
    concept = get(model, "medicationCodeableConcept")
    if concept is not None:
        return concept
    medication_reference = get(model, "medicationReference")
    display = get(medication_reference, "display")
    shown = ({"text": display},) if isinstance(display, str) and display.strip() else ()
    reference = get(medication_reference, "reference")
    if not isinstance(reference, str):
        return shown or None
    key = medication_key(reference)
    medication = medications.get(key)
    if medication is None and key.startswith("#"):
        medication = next((c for c in items(model, "contained") if f"#{get(c, 'id')}" == key), None)
    code = get(medication, "code")
    if not shown:
        return code
    return shown if code is None else (code, *shown)


def systemic(
    exposures: tuple[TherapyExposure, ...], intrathecal: frozenset[str]
) -> tuple[TherapyExposure, ...]:
    """LOT-SUPPORTIVE: the exposures that are systemic therapy, those of records given
    intrathecally left out."""
    if not intrathecal:
        return exposures
    return tuple(e for e in exposures if not set(e.evidence) <= intrathecal)


def _intrathecal_drugs(
    medication_records: Sequence[tuple[str, Parsed]],
    exposures: Sequence[TherapyExposure],
    as_of: date,
    medications: Mapping[str, Any] | None = None,
) -> list[Shown]:
    """Records by the intrathecal route of an anticancer drug given — administered, ordered or
    taken as history (its exposure read: EXP-GIVEN has judged the record's status; an order
    cancelled, on hold or a plan gives none) — dated as their exposure is."""
    intrathecally = given_intrathecally(medication_records, medications)
    if not intrathecally:
        return []
    given: dict[str, date | None] = {}
    for exposure in exposures:
        if not (exposure.antineoplastic and exposure.resolved and not exposure.unconfirmed):
            continue
        for reference in exposure.evidence:
            if reference in intrathecally:
                given[reference] = exposure.start
    return [
        Shown(when, reference, "intrathecal chemotherapy")
        for reference, when in sorted(given.items())
        if when is None or when <= as_of
    ]


def _intrathecal_procedures(procedures: Sequence[Parsed], as_of: date) -> list[Shown]:
    found = []
    for procedure in procedures:
        model = procedure.model
        if get(model, "status") in _NOT_GIVEN or not into_the_csf(coded(get(model, "code"))):
            continue
        start, _ = period_bounds(get(model, "performedPeriod"))
        when = start or to_date(get(model, "performedDateTime"))
        if when is not None and when > as_of:
            continue
        found.append(Shown(when, procedure.reference, "intrathecal chemotherapy"))
    return found
