"""Documented disease progression (LOT-PROGRESSION): an assessment Observation (LOINC 97509-4
"Cancer disease progression", or a response evaluation such as 疗效评价) whose value says the
disease progressed (SNOMED CT 271299001 "worsened", RECIST "PD", 疾病进展), dated, and about the
cancer its `focus` names. An assessment saying stable, improved or "no progression" is not one.
A problem-list Condition saying a cancer progressed ("鼻咽癌疾病进展") is one too, dated by its
onset: the progression of the cancer it names, or of no particular cancer.
"""

from __future__ import annotations

from datetime import date

from eligibility.facts import UNCONFIRMED_VERIFICATION, DiseaseProgression, TherapyExposure
from fhir_mapping.diagnoses import condition_date, usable_condition
from fhir_mapping.elements import coded, concepts_of, get, items, status_code
from fhir_mapping.observations import observation_date, usable
from fhir_mapping.parsing import Parsed
from fhir_mapping.progression_words import (
    DISEASE_PROGRESSION,
    progression_in,
    report_progression,
)
from fhir_mapping.reports import findings
from fhir_mapping.terminology import cancer_concepts, observation_table
from fhir_mapping.therapy import Withheld

SNOMED = "http://snomed.info/sct"
WORSENED = "271299001"  # Patient's condition worsened (finding), the mCODE value for progression


def _progressed(model: object) -> bool | None:
    """True when the value says the disease progressed, None when it says it may have
    (LOT-NEW-LESION's doubt), False otherwise."""
    value = get(model, "valueCodeableConcept")
    concept = coded(value)
    if any(c.system == SNOMED and c.code == WORSENED for c in concept.codings):
        return True
    texts = list(concept.texts())
    value_string = get(model, "valueString")
    if isinstance(value_string, str):
        texts.append(value_string)
    certain, doubtful = progression_in(texts)
    if certain:
        return True
    return None if doubtful else False


def read_progressions(observations: list[Parsed], as_of: date) -> tuple[DiseaseProgression, ...]:
    table = observation_table()
    found = []
    for observation in observations:
        model = observation.model
        if "progression" not in concepts_of(table, get(model, "code")):
            continue
        when = observation_date(model)
        progressed = _progressed(model)
        if when is None or not usable(observation, as_of) or progressed is False:
            continue  # an undated progression cannot order lines
        focus = next(
            (
                r
                for f in items(model, "focus")
                if isinstance(r := get(f, "reference"), str) and r.startswith("Condition/")
            ),
            None,
        )
        value = get(model, "valueString")
        text = value if isinstance(value, str) else coded(get(model, "valueCodeableConcept")).text
        found.append(
            DiseaseProgression(
                evidence=(observation.reference,),
                date=when,
                condition=focus,
                text=text,
                doubtful=progressed is None,
            )
        )
    found.sort(key=lambda p: p.date)
    return tuple(found)


def read_condition_progressions(
    conditions: list[Parsed], as_of: date
) -> tuple[DiseaseProgression, ...]:
    """Problem-list entries saying a cancer progressed, dated (an undated one cannot order
    lines); a provisional one, or one whose words doubt it, is a doubtful progression
    (LOT-NEW-LESION), not documented progression."""
    found = []
    for condition in conditions:
        model = condition.model
        if not usable_condition(condition):
            continue
        concept = coded(get(model, "code"))
        certain, doubtful_words = progression_in(concept.texts())
        said = certain or doubtful_words
        if not said:
            continue
        doubtful = not certain or (
            status_code(get(model, "verificationStatus")) in UNCONFIRMED_VERIFICATION
        )
        names_cancer = bool(cancer_concepts(concept))
        if not names_cancer and not any(DISEASE_PROGRESSION.search(t) for t in said):
            continue
        when = condition_date(condition)
        if when is None or when > as_of:
            continue
        found.append(
            DiseaseProgression(
                evidence=(condition.reference,),
                date=when,
                # The Condition is read as the cancer it names (its own reference is that
                # cancer's); naming none, it is about no particular cancer.
                condition=condition.reference if names_cancer else None,
                text=said[0],
                doubtful=doubtful,
            )
        )
    return tuple(found)


def read_report_progressions(reports: list[Parsed], as_of: date) -> tuple[DiseaseProgression, ...]:
    """LOT-PROGRESSION in a report: an imaging or response-evaluation report whose conclusion
    says the cancer progressed ("疗效评价：PD"), dated (an undated one cannot order lines);
    about no particular cancer, as a report names none."""
    found = []
    for report in reports:
        read = findings(report, as_of)
        if read is None or read.when is None:
            continue
        said = report_progression(read.texts)
        if said is not None:
            found.append(
                DiseaseProgression(
                    evidence=(report.reference,),
                    date=read.when,
                    condition=None,
                    text=said[0],
                    doubtful=said[1],
                )
            )
    return tuple(found)


def read_therapy_progressions(
    medication_records: list[tuple[str, Parsed]],
    exposures: tuple[TherapyExposure, ...],
    withheld: tuple[Withheld, ...] = (),
) -> tuple[DiseaseProgression, ...]:
    """LOT-THERAPY-REASON: a drug stopped or not given because the disease progressed (its
    statusReason, on a record given or `withheld`), dated by its end, else its start; a drug
    given for progression (its reasonCode), dated by its start. About the cancer the record's
    reasonReference names."""
    found: list[DiseaseProgression] = []
    said: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}  # a cycle's records repeat

    def add(
        evidence: tuple[str, ...], references: tuple[str, ...], texts: tuple[str, ...], when: object
    ) -> None:
        read = said.get(texts)
        if read is None:
            read = said[texts] = progression_in(texts)
        certain, doubtful = read
        if (certain or doubtful) and isinstance(when, date):
            found.append(
                DiseaseProgression(
                    evidence=evidence,
                    date=when,
                    condition=references[0] if references else None,
                    text=(certain or doubtful)[0],
                    doubtful=not certain,
                )
            )

    stopped: set[tuple[str, ...]] = set()  # a record's agents share its reasons: read once
    for exposure in exposures:
        if exposure.status_reason and exposure.evidence not in stopped:
            stopped.add(exposure.evidence)
            add(
                exposure.evidence,
                exposure.reason_references,
                (exposure.status_reason,),
                exposure.end or exposure.start,
            )
    for record in withheld:
        add(record.evidence, record.reason_references, (record.status_reason,), record.when)
    # A dispense has no reasonCode (R4).
    reasoned = [
        (record.reference, reasons)
        for _, record in medication_records
        if (reasons := getattr(record.model, "reasonCode", None))
    ]
    if reasoned:
        by_record: dict[str, TherapyExposure] = {}
        for exposure in exposures:
            if exposure.evidence:
                by_record.setdefault(exposure.evidence[0], exposure)
        for reference, reasons in reasoned:
            given = by_record.get(reference)
            if given is not None:
                texts = tuple(t for concept in reasons for t in coded(concept).texts())
                add(given.evidence, given.reason_references, texts, given.start)
    return tuple(found)
