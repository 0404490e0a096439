"""`build_facts`: the resolved resources of one hook call -> `PatientFacts` as of a date.

Select on the raw JSON (selection), validate each selected projection (parsing), then read each
fact family from the validated models. Observations only the newest-value readers need (labs,
QTc, biomarkers) are validated lazily, newest first, so older results cost nothing (see
observations). Nothing a single resource contains fails the call: the only error is
`NoPatientError`, when the patient's own Patient resource is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from functools import cache
from typing import Any

from eligibility.facts import BrainMetastasisStatus, PatientFacts
from eligibility.vocabulary import Comorbidity
from fhir_mapping.biomarkers import read_biomarkers
from fhir_mapping.brain_metastases import (
    read_brain_metastases_on_imaging,
    read_brain_metastasis_status,
    read_brain_scans,
    read_brain_surgery,
    read_brain_surgery_in_diagnoses,
    read_leptomeningeal_on_imaging,
    read_steroids,
    without_suspicions_imaging_ruled_out,
)
from fhir_mapping.chemotherapy_procedures import read_chemotherapy_procedures
from fhir_mapping.chronology import hospital_calendar
from fhir_mapping.comorbidities import read_comorbidities
from fhir_mapping.comorbidity_drugs import read_drug_comorbidities
from fhir_mapping.demographics import birth_bounds, read_demographics
from fhir_mapping.diagnoses import abatement_dates, present_on, read_diagnoses
from fhir_mapping.ejection_fraction import read_ejection_fraction
from fhir_mapping.errors import NoPatientError
from fhir_mapping.infections import read_infection_control, read_lab_infections, read_results
from fhir_mapping.leptomeninges_shown import (
    given_intrathecally,
    read_leptomeninges_shown,
    systemic,
)
from fhir_mapping.line_claims import read_line_claims
from fhir_mapping.lines import (
    Disease,
    claimed_lines,
    derive_lines,
    metastasis_date,
    restarts,
    settle_open_agents,
)
from fhir_mapping.mapping_warnings import MappingWarning, Warnings
from fhir_mapping.measurements import read_labs, read_qtc
from fhir_mapping.nodal_disease import node_positive, unowned_nodes
from fhir_mapping.observations import Candidate, Glanced, deferrable, validated, with_glances
from fhir_mapping.other_indication import not_shown_for_the_cancer, with_other_indications
from fhir_mapping.parsing import Deferred, ParseCounter, Parsed, Unreadable, parse
from fhir_mapping.pathology import confirmed_by_pathology
from fhir_mapping.performance import read_performance
from fhir_mapping.progression import (
    read_condition_progressions,
    read_progressions,
    read_report_progressions,
    read_therapy_progressions,
)
from fhir_mapping.radiotherapy import (
    read_prior_radiotherapy,
    read_radiotherapy,
)
from fhir_mapping.reference_ranges import Subject
from fhir_mapping.selection import MEDICATION_TYPES, select
from fhir_mapping.specimens import Samples, of_urine
from fhir_mapping.staging import (
    decide_metastatic,
    metastatic_by_diagnosis,
    read_stages,
    staged_m0_at_diagnosis,
    with_metastatic_since,
)
from fhir_mapping.therapy import read_exposures, read_withheld
from fhir_mapping.unreadable_records import read_unreadable_records
from fhir_mapping.validation_cache import DEFAULT_CACHE, ValidationCache


@dataclass(frozen=True, slots=True)
class MappingResult:
    """The facts, what was skipped (warnings), and how much work it took.

    `seen` counts the resources received (Bundles unpacked), `validated` the ones that went
    through fhir.resources validation in this call (whole, or only their varying elements into
    a template: `templated` of them; see `templates`), `cached` the ones whose validated
    projection came from the cache. Deferred Observations that no reader needed are in neither
    count.
    """

    facts: PatientFacts
    warnings: tuple[MappingWarning, ...]
    validated: int
    seen: int
    cached: int = 0
    templated: int = 0


def build_facts(
    resources: Iterable[Mapping[str, Any]],
    *,
    patient_id: str,
    as_of: date,
    cache: ValidationCache | None = None,
    zone: tzinfo | None = None,
) -> MappingResult:
    """`zone`: the hospital's, whose calendar `as_of` is a day of and instants are dated on
    (GEN-LOCAL-DAY); None dates each instant in its own offset."""
    with hospital_calendar(zone):
        return _mapped(resources, patient_id, as_of, DEFAULT_CACHE if cache is None else cache)


def _mapped(
    resources: Iterable[Mapping[str, Any]], patient_id: str, as_of: date, cache: ValidationCache
) -> MappingResult:
    warnings = Warnings()
    counter = ParseCounter()
    selection = select(resources, patient_id, warnings)

    def parse_all(resource_type: str, unreadable: list[Unreadable] | None = None) -> list[Parsed]:
        parsed = []
        for index, resource in enumerate(selection.of(resource_type)):
            result = parse(resource, index, cache, counter, warnings, unreadable)
            if result is not None:
                parsed.append(result)
        return parsed

    if selection.patient is None:
        raise NoPatientError(patient_id)
    patient = parse(selection.patient, 0, cache, counter, warnings)
    if patient is None:
        # The patient is there but an element is malformed (e.g. a birthDate in another
        # format): map everything else with unknown demographics rather than fail the call.
        bare = {"resourceType": "Patient", "id": patient_id}
        patient = parse(bare, 0, cache, counter, warnings)
    if patient is None:
        raise NoPatientError(patient_id)
    conditions = parse_all("Condition")
    observations: list[Candidate] = []
    for index, resource in enumerate(selection.of("Observation")):
        seen = deferrable(resource)
        if seen is not None:
            deferred = Deferred(resource, index, cache, counter, warnings)
            observations.append(Glanced(seen, deferred))
        elif (parsed := parse(resource, index, cache, counter, warnings)) is not None:
            observations.append(parsed)
    procedures = parse_all("Procedure")
    reports = parse_all("DiagnosticReport")
    # VAL-LAB-PANEL: the urine samples (selection keeps no other Specimen), and every sample held.
    samples = Samples(
        held=frozenset(selection.specimens),
        urine=frozenset(p.reference for p in parse_all("Specimen") if of_urine(p.model)),
    )
    medications = {p.reference: p.model for p in parse_all("Medication")}
    # VAL-UNREADABLE: a medication record validation rejects is read leniently, not lost.
    unreadable: list[Unreadable] = []
    medication_records = [(t, p) for t in MEDICATION_TYPES for p in parse_all(t, unreadable)]

    facts = assemble_facts(
        patient,
        conditions=conditions,
        observations=observations,
        procedures=procedures,
        reports=reports,
        medications=medications,
        medication_records=medication_records,
        unreadable_records=unreadable,
        samples=samples,
        patient_id=patient_id,
        as_of=as_of,
        warnings=warnings,
    )
    return MappingResult(
        facts=facts,
        warnings=warnings.freeze(),
        validated=counter.validated,
        seen=selection.seen,
        cached=counter.cached,
        templated=counter.templated,
    )


def assemble_facts(
    patient: Parsed,
    *,
    conditions: list[Parsed],
    observations: Sequence[Candidate],
    procedures: list[Parsed],
    medications: dict[str, Any],
    reports: Sequence[Parsed] = (),
    medication_records: list[tuple[str, Parsed]],
    unreadable_records: Sequence[Unreadable] = (),
    samples: Samples = Samples(),  # noqa: B008 (frozen)
    patient_id: str,
    as_of: date,
    warnings: Warnings,
) -> PatientFacts:
    """PatientFacts from validated resources, however they were selected and validated (the
    benchmark's naive baseline validates everything and then reads facts through this too).

    Deferred observations are read only by the newest-value readers (labs, QTc, biomarkers),
    which validate them as needed; staging and performance read the validated ones, which are
    all of theirs (`observations.deferrable`)."""
    # GEN-AS-OF: a Condition that began after the day is not yet in the chart for any reader.
    conditions = [condition for condition in conditions if present_on(condition, as_of)]
    demographics = read_demographics(patient, as_of, conditions)
    reading = confirmed_by_pathology(
        read_diagnoses(conditions, as_of, birth_bounds(demographics)), reports, as_of
    )
    observations_read = validated(observations)
    candidates = with_glances(observations)
    stages = read_stages(observations_read, conditions, reading, as_of)
    exposures = read_exposures(medication_records, medications, as_of)
    added = read_chemotherapy_procedures(procedures, as_of) + read_unreadable_records(
        unreadable_records, medications, as_of
    )
    if added:  # all in the order read_exposures gives its own
        exposures = tuple(
            sorted(exposures + added, key=lambda e: (e.start is None, e.start or date.min, e.agent))
        )
    exposures = settle_open_agents(exposures)
    progressions = tuple(
        sorted(
            read_progressions(observations_read, as_of)
            + read_condition_progressions(conditions, as_of)
            + read_report_progressions(list(reports), as_of)
            + read_therapy_progressions(
                medication_records, exposures, read_withheld(medication_records, as_of, medications)
            ),
            key=lambda p: p.date,
        )
    )
    diagnoses = with_metastatic_since(stages, reading)
    courses = read_radiotherapy(procedures, as_of)
    disease = Disease(
        diagnoses=diagnoses,
        abatement=abatement_dates(conditions),
        progressions=progressions,
        metastasis=metastasis_date(
            stages.stages,
            (s.onset for s in reading.secondaries if s.confirmed and s.distant is True),
        ),
        nodes=unowned_nodes(reading),
        node_positive=node_positive(diagnoses, stages.stages),
        m0_at_diagnosis=staged_m0_at_diagnosis(stages, reading),
        radiotherapy=courses,
        spread_documented=any(s.confirmed and s.distant is True for s in reading.secondaries),
    )
    # LOT-SUPPORTIVE: a drug given into the CSF (intrathecal) is no systemic line;
    # LOT-OTHER-INDICATION: nor one given for a disease that is not a cancer.
    for_lines = with_other_indications(
        systemic(exposures, given_intrathecally(medication_records, medications)),
        medication_records,
        conditions,
    )
    lines = derive_lines(for_lines, as_of, disease)
    exposures = not_shown_for_the_cancer(exposures, for_lines)
    restarted = restarts(lines)
    claims = read_line_claims(
        conditions,
        {*reading.cancer_type_by_condition, *(s.reference for s in reading.secondaries)},
    )
    results = read_results(candidates, as_of)
    # CNS-METASTASES: read only when an entry names the meninges with no layer (few charts).
    recorded = read_comorbidities(
        conditions,
        reading,
        as_of,
        cache(
            lambda: read_leptomeninges_shown(
                medication_records=medication_records,
                medications=medications,
                exposures=exposures,
                procedures=procedures,
                observations=observations_read,
                reports=reports,
                reading=reading,
                as_of=as_of,
            )
        ),
    )
    comorbidities = (
        recorded
        + read_drug_comorbidities(exposures, medication_records, recorded, as_of)
        + read_lab_infections(results, recorded)
        + read_ejection_fraction(candidates, recorded, as_of)
    )
    # CNS-EHR: a suspicion of brain metastases the brain imaging done since denies was ruled out.
    comorbidities = without_suspicions_imaging_ruled_out(
        comorbidities, observations_read, reports, as_of
    )
    # CNS-EHR: a radiologist's conclusion of brain metastases where no diagnosis establishes them.
    comorbidities += read_brain_metastases_on_imaging(
        observations_read,
        reports,
        as_of,
        comorbidities,
        conditions,
    )
    radiotherapy = read_prior_radiotherapy(
        courses,
        conditions,
        list(reports),
        as_of,
        # RT-IN-DIAGNOSIS: brain metastases ever recorded, active or not, possible or not.
        brain_metastases=any(f.kind is Comorbidity.BRAIN_METASTASES for f in comorbidities),
    )
    brain = [f for f in comorbidities if f.kind is Comorbidity.BRAIN_METASTASES and f.active]
    # Treatment, imaging and steroids are read only for a patient with brain metastases: the
    # rule reads them only then (CNS-METASTASES), and most charts have none.
    brain_status = (
        read_brain_metastasis_status(
            brain,
            radiotherapy,
            [*read_brain_surgery(procedures, as_of), *read_brain_surgery_in_diagnoses(conditions)],
            read_brain_scans(observations_read, reports, as_of),
            read_steroids(
                exposures, medication_records, {r for f in brain for r in f.evidence}, as_of
            ),
        )
        if brain
        else BrainMetastasisStatus()
    )
    if brain:
        comorbidities += read_leptomeningeal_on_imaging(observations_read, reports, as_of)
    qtcs = read_qtc(candidates, reports, as_of)
    demographics = read_demographics(patient, as_of, conditions)
    return PatientFacts(
        as_of=as_of,
        patient=f"Patient/{patient_id}",
        demographics=demographics,
        diagnoses=diagnoses,
        stages=stages.stages,
        metastatic=decide_metastatic(stages, reading, restarted),
        metastatic_by_diagnosis=metastatic_by_diagnosis(stages, reading, restarted),
        performance=read_performance(observations_read, as_of),
        labs=read_labs(
            candidates,
            as_of,
            warnings,
            Subject(demographics.sex, birth_bounds(demographics)),
            samples,
        ),
        qtc=qtcs[0] if qtcs else None,
        qtc_same_day=qtcs[1:],
        exposures=exposures,
        lines=lines + claimed_lines(claims, lines, disease),
        radiotherapy=radiotherapy,
        progressions=progressions,
        comorbidities=comorbidities,
        biomarkers=read_biomarkers(candidates, as_of),
        brain_metastasis_status=brain_status,
        infection_control=read_infection_control(results, exposures, as_of),
    )
