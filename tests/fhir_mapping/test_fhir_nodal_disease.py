"""LOT-CANCER-NEW-DIAGNOSIS: lymph-node metastases no cancer owns, and the cancers documented
with nodes of their own, read from the chart."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eligibility.facts import CancerDiagnosis, Stage
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.nodal_disease import node_positive
from tools.charts.codes import ICD10CM

AS_OF = date(2026, 11, 25)
NPC = CancerDiagnosis(
    evidence=("Condition/npc",), cancer_type="nasopharyngeal_carcinoma", text="鼻咽癌"
)


@pytest.mark.parametrize(
    ("n", "positive"),
    [("cN2", True), ("N1", True), ("ypN3b", True), ("cN0", False), ("NX", False), (None, False)],
)
def test_lot_cancer_new_diagnosis_node_positive_by_the_cancers_own_n(
    n: str | None, positive: bool
) -> None:
    stage = Stage(n=n, diagnosis="Condition/npc")
    assert (node_positive([NPC], [stage]) == {"Condition/npc"}) is positive
    unlinked = Stage(n=n)  # staging no cancer owns (STG-OWNER) shows no cancer's nodes
    assert node_positive([NPC], [unlinked]) == frozenset()


def test_lot_cancer_new_diagnosis_node_positive_by_the_cancers_own_words() -> None:
    worded = NPC.model_copy(update={"text": "鼻咽癌 颈部淋巴结转移"})
    assert node_positive([worded], []) == {"Condition/npc"}
    assert node_positive([NPC], []) == frozenset()


def _condition(cid: str, code: str, text: str, onset: str) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": cid,
        "code": {"text": text, "coding": [{"system": ICD10CM, "code": code}]},
        "subject": {"reference": "Patient/p1"},
        "onsetDateTime": onset,
    }


@pytest.mark.parametrize("larynx", [True, False])
def test_lot_cancer_new_diagnosis_unowned_nodes_only_beside_several_cancers(larynx: bool) -> None:
    """With the NPC alone the neck nodes are its own (STG-OWNER); beside a laryngeal cancer
    of 2015 they are owned by no cancer, and the line waits for the NPC's N category."""
    resources: list[dict[str, Any]] = [
        {"resourceType": "Patient", "id": "p1", "gender": "male"},
        _condition("npc", "C11.9", "鼻咽癌", "2026-03-18"),
        _condition("nodes", "C77.0", "颈部淋巴结转移", "2026-03-20"),
        {
            "resourceType": "MedicationAdministration",
            "id": "ddp",
            "status": "completed",
            "medicationCodeableConcept": {"text": "Cisplatin 顺铂"},
            "subject": {"reference": "Patient/p1"},
            "effectiveDateTime": "2026-04-08",
        },
    ]
    if larynx:
        larynx_2015 = _condition("larynx", "C32.9", "Malignant neoplasm of larynx", "2015-03-10")
        resources.append(larynx_2015)
    facts = build_facts(resources, patient_id="p1", as_of=AS_OF, cache=ValidationCache()).facts
    (line,) = facts.lines
    assert line.unattributed is larynx
