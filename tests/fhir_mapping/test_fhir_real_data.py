"""The mapper over every third-party FHIR file in ../shared/reference/fhir-real.

The files are never copied into the repository; without ../shared these tests skip.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eligibility.vocabulary import Comorbidity, DrugClass, PerformanceScale, StageKind
from fhir_mapping import MappingResult, NoPatientError, ValidationCache, build_facts
from fhir_mapping.selection import flatten
from tests.fhir_mapping.conftest import AS_OF

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "fhir-real"
FILES = sorted(REAL.rglob("*.json")) if REAL.is_dir() else []
needs_real_data = pytest.mark.skipif(not FILES, reason="../shared/reference/fhir-real is absent")


def _load(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def _first_patient_id(document: Any) -> str | None:
    for resource, _ in flatten([document]):
        if resource.get("resourceType") == "Patient" and isinstance(resource.get("id"), str):
            return str(resource["id"])
    return None


def _map(relative: str, cache: ValidationCache | None = None) -> MappingResult:
    document = _load(REAL / relative)
    patient_id = _first_patient_id(document)
    assert patient_id is not None
    return build_facts(
        [document], patient_id=patient_id, as_of=AS_OF, cache=cache or ValidationCache()
    )


def _ids(paths: list[Path]) -> Iterator[str]:
    for path in paths:
        yield str(path.relative_to(REAL))


@needs_real_data
@pytest.mark.parametrize("path", FILES, ids=list(_ids(FILES)))
def test_no_exception_escapes(path: Path) -> None:
    document = _load(path)
    patient_id = _first_patient_id(document) or "no-patient-in-this-file"
    try:
        result = build_facts(
            [document], patient_id=patient_id, as_of=AS_OF, cache=ValidationCache()
        )
    except NoPatientError:
        assert _first_patient_id(document) is None, "only files without a Patient may lack one"
        return
    assert result.seen >= 1
    assert result.validated <= result.seen
    for warning in result.warnings:
        assert warning.resource_type
        assert warning.message


@needs_real_data
def test_mcode_trial_matching_patient_01() -> None:
    facts = _map("mcode_mitre/ctma_TrialMatching_Patient01.json").facts
    assert facts.demographics.age_years == 67
    assert [d.cancer_type for d in facts.diagnoses] == ["breast_cancer"]
    performance = facts.latest_performance()
    assert performance is not None
    assert (performance.scale, performance.score, performance.date) == (
        PerformanceScale.ECOG,
        1,
        date(2019, 4, 1),
    )
    stage = facts.latest_stage()
    assert stage is not None
    assert stage.group == "IV"
    assert stage.kind is StageKind.CLINICAL
    assert facts.metastatic.value is True
    agents = {e.agent for e in facts.exposures}
    assert agents == {"leuprolide", "fulvestrant", "abemaciclib", "ribociclib"}
    markers = {b.name: b.positive for b in facts.biomarkers}
    assert markers == {"ER": True, "PR": True, "HER2": False, "MSI": True}


@needs_real_data
def test_mcode_trial_matching_patient_02_radiotherapy_and_lines() -> None:
    facts = _map("mcode_mitre/ctma_TrialMatching_Patient02.json").facts
    performance = facts.latest_performance()
    assert performance is not None
    assert performance.ecog == 1
    assert facts.latest_stage() is not None
    assert facts.radiotherapy, "radiation Procedures become courses"
    assert "gemcitabine" in {e.agent for e in facts.exposures}
    # zoledronic acid is supportive: recorded, never a line.
    assert not any("zoledronic acid" in line.agents for line in facts.lines)


@needs_real_data
def test_mcode_eom_patient_snomed_tnm_and_ecog_3() -> None:
    facts = _map("mcode_mitre/ctms_eom_patient_1.json").facts
    performance = facts.latest_performance()
    assert performance is not None
    assert (performance.score, performance.date) == (3, date(2022, 1, 2))
    newest, older = facts.stages
    assert (newest.group, newest.date) == ("IV", date(2022, 1, 2))
    assert (older.t, older.n, older.m, older.kind) == ("T3", "N3", "M0", StageKind.CLINICAL)
    assert facts.metastatic.value is True  # "Metastatic malignant neoplasm to lung"


@needs_real_data
def test_another_patients_ecog_is_not_used() -> None:
    # In this mCODE file the ECOG/Karnofsky Observations name a different patient.
    result = _map("mcode_mitre/ctms_patient_data.json")
    assert result.facts.performance == ()
    ignored = {w.resource_id for w in result.warnings if "different patient" in w.message}
    assert {
        "mCODEECOGPerformanceStatusExample",
        "mCODEKarnofskyPerformanceStatusExample",
    } <= ignored
    assert result.facts.latest_stage() is not None
    assert [line.agents for line in result.facts.lines] == [("paclitaxel",)]


@needs_real_data
def test_missing_birth_date() -> None:
    facts = _map(
        "mcode_mitre/ctms_patient_data_missing_birthdate_invalid_ecog_karnofsky.json"
    ).facts
    assert facts.demographics.age_years is None
    assert facts.demographics.birth_date is None
    assert facts.performance == ()


@needs_real_data
def test_synthea_cisplatin_exposure_and_lines() -> None:
    cache = ValidationCache()
    result = _map("synthea_onco_patient_bundle.json", cache)
    facts = result.facts
    cisplatin = [e for e in facts.exposures if e.agent == "cisplatin"]
    assert len(cisplatin) == 221
    assert all(
        DrugClass.PLATINUM in e.classes and e.source == "MedicationRequest" for e in cisplatin
    )
    assert len([e for e in facts.exposures if e.agent == "paclitaxel"]) == 221
    # Continuous cisplatin + paclitaxel from 1984 to 1989: one line (continuation, no new agent).
    assert len(facts.lines) == 1
    (line,) = facts.lines
    assert line.agents == ("cisplatin", "paclitaxel")
    assert {DrugClass.PLATINUM, DrugClass.TAXANE} <= line.classes
    assert line.start == date(1984, 11, 1)
    assert line.ongoing is False
    # "Suspected lung cancer (situation)" is read, not yet confirmed (DX-WORDS).
    assert [(d.cancer_type, d.verification_status) for d in facts.diagnoses] == [
        ("non_small_cell_lung_cancer", "confirmed"),
        ("non_small_cell_lung_cancer", "confirmed"),
        ("lung_cancer", "unconfirmed"),
        ("breast_cancer", "confirmed"),
    ]
    assert facts.demographics.deceased is True
    assert facts.radiotherapy
    # Every resource of this chart is relevant (cancer, chemo, chemoradiation): all validated,
    # and a re-opened chart is served from the cache.
    assert (result.seen, result.validated) == (668, 668)
    again = _map("synthea_onco_patient_bundle.json", cache)
    assert (again.validated, again.cached) == (0, 668)
    assert again.facts == facts


@needs_real_data
def test_icare_message_bundle_nested_and_icd_beats_unverified_snomed() -> None:
    # A message Bundle inside a Bundle; the primary Condition carries SNOMED 254637007 beside
    # ICD-10-CM C50.211: the verified ICD row decides (breast), not the unverified SNOMED row.
    facts = _map("icaredata/icare_exampleR4Message.json").facts
    assert [d.cancer_type for d in facts.diagnoses] == ["breast_cancer"]
    assert facts.metastatic.value is True  # C79.81 secondary malignancy


@needs_real_data
def test_several_patients_in_one_bundle() -> None:
    result = _map("hl7_r4_spec/patient-examples-general.json")
    assert result.validated == 1
    assert len([w for w in result.warnings if w.resource_type == "Patient"]) == 11


@needs_real_data
def test_icare_secondary_coded_brain_and_breast_is_possible_brain_metastases() -> None:
    """CNS-METASTASES: the secondary Condition carries SNOMED CT 94225005 (secondary malignant
    neoplasm of brain) beside ICD-10-CM C79.81 (of breast): the codings disagree, so brain
    metastases are possible, not established (a rule asks rather than excludes)."""
    facts = _map("icaredata/icare_exampleR4Message.json").facts
    brain = [c for c in facts.comorbidities if c.kind is Comorbidity.BRAIN_METASTASES]
    assert [(c.active, c.confirmed) for c in brain] == [(True, False)]
    assert facts.brain_metastasis_status.treated is None


# Split once at collection, so that no case skips: a chart's check differs from a patient-less
# file's (a terminology bundle, a lone Observation example).
WITH_PATIENT = [path for path in FILES if _first_patient_id(_load(path)) is not None]
WITHOUT_PATIENT = [path for path in FILES if path not in WITH_PATIENT]


@needs_real_data
@pytest.mark.parametrize("path", WITH_PATIENT, ids=list(_ids(WITH_PATIENT)))
def test_no_infection_is_read_from_charts_without_one(path: Path) -> None:
    """None of the third-party charts records HIV, hepatitis or a viral load: nothing is read."""
    document = _load(path)
    patient_id = _first_patient_id(document)
    assert patient_id is not None
    facts = build_facts(
        [document], patient_id=patient_id, as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert facts.infection_control == ()
    infections = {Comorbidity.HIV, Comorbidity.HEPATITIS_B, Comorbidity.HEPATITIS_C}
    assert not [c for c in facts.comorbidities if c.kind in infections]


@needs_real_data
@pytest.mark.parametrize("path", WITHOUT_PATIENT, ids=list(_ids(WITHOUT_PATIENT)))
def test_a_file_without_a_patient_gives_no_facts_but_a_typed_error(path: Path) -> None:
    """No Patient, no facts about one: the mapper says so (NoPatientError, a 4xx over the
    hook) rather than reading an infection, or anything else, into nobody's chart."""
    with pytest.raises(NoPatientError):
        build_facts([_load(path)], patient_id="anyone", as_of=AS_OF, cache=ValidationCache())


@needs_real_data
def test_the_real_files_include_charts_and_patient_less_files() -> None:
    assert WITH_PATIENT
    assert WITHOUT_PATIENT
