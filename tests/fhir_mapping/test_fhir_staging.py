"""Stage assembly and the metastatic status, through build_facts."""

from __future__ import annotations

from typing import Any

from eligibility.vocabulary import StageKind
from fhir_mapping import ValidationCache, build_facts
from tests.fhir_mapping.conftest import AS_OF

LOINC = "http://loinc.org"
AJCC = "http://cancerstaging.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1970-01-01"}


def _condition(cid: str, code: str, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": cid,
        "code": {"coding": [{"system": ICD10CM, "code": code}], "text": text},
        "subject": {"reference": "Patient/p1"},
        **extra,
    }


def _stage_obs(oid: str, loinc: str, value: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": loinc}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2026-01-05",
        "valueCodeableConcept": {"coding": [{"system": AJCC, "code": value}]},
        **extra,
    }


def _facts(*resources: Any) -> Any:
    return build_facts(
        [PATIENT, *resources], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts


NPC = _condition("npc", "C11.9", "Nasopharyngeal carcinoma")


def test_tnm_panel_with_components() -> None:
    panel = _stage_obs(
        "panel",
        "21908-9",
        "4B",
        component=[
            {
                "code": {"coding": [{"system": LOINC, "code": code}]},
                "valueCodeableConcept": {"coding": [{"system": AJCC, "code": value}]},
            }
            for code, value in (("21905-5", "cT1"), ("21906-3", "cN3"), ("21907-1", "cM1"))
        ],
    )
    facts = _facts(NPC, panel)
    (stage,) = facts.stages
    assert (stage.t, stage.n, stage.m, stage.group, stage.kind) == (
        "T1",
        "N3",
        "M1",
        "IVB",
        StageKind.CLINICAL,
    )
    assert stage.evidence == ("Observation/panel",)
    assert facts.metastatic.value is True


def test_npc_ivb_without_m_category_implies_metastasis() -> None:
    facts = _facts(NPC, _stage_obs("g", "21908-9", "IVB"))
    assert facts.metastatic.value is True
    assert "IVB" in facts.metastatic.reason


def test_npc_iva_without_m_category_is_unknown() -> None:
    facts = _facts(NPC, _stage_obs("g", "21908-9", "4A"))
    assert facts.metastatic.value is None


def test_regional_nodes_only_are_not_distant_metastasis() -> None:
    nodes = _condition(
        "nodes", "C77.0", "Secondary malignant neoplasm of lymph nodes of head, face and neck"
    )
    facts = _facts(NPC, nodes)
    assert facts.metastatic.value is None
    assert facts.diagnoses[0].cancer_type == "nasopharyngeal_carcinoma"


def test_m0_then_secondary_liver_is_metastatic() -> None:
    liver = _condition("liver", "C78.7", "Secondary malignant neoplasm of liver")
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), liver)
    assert facts.metastatic.value is True
    assert facts.metastatic.evidence == ("Condition/liver",)


def test_m0_alone_is_not_metastatic() -> None:
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"))
    assert facts.metastatic.value is False


def test_refuted_and_inactive_secondaries() -> None:
    refuted = _condition(
        "bone",
        "C79.51",
        "Secondary malignant neoplasm of bone",
        verificationStatus={"coding": [{"code": "refuted"}]},
    )
    facts = _facts(NPC, refuted)
    assert facts.metastatic.value is None


def test_metastatic_in_the_diagnosis_text() -> None:
    facts = _facts(_condition("npc", "C11.9", "Metastatic nasopharyngeal carcinoma"))
    assert facts.diagnoses[0].cancer_type == "nasopharyngeal_carcinoma"
    assert facts.metastatic.value is True


def test_future_staging_is_ignored() -> None:
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM1", effectiveDateTime="2027-01-01"))
    assert facts.stages == ()


def test_pathological_stage_and_observation_focus() -> None:
    breast = _condition("breast", "C50.911", "Breast cancer")
    group = _stage_obs("g", "21902-2", "p4", focus=[{"reference": "Condition/breast"}])
    facts = _facts(NPC, breast, group)
    (stage,) = facts.stages
    assert (stage.group, stage.kind) == ("IV", StageKind.PATHOLOGICAL)
    # The stage belongs to the breast cancer (focus), where group IV means M1.
    assert facts.metastatic.value is True
