"""DX-WORDS: a pathology report that confirms a suspected cancer the problem list left as first
entered (`fhir_mapping/pathology.py`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fhir_mapping import ValidationCache, build_facts
from tests.fhir_mapping.conftest import AS_OF

NPC = "nasopharyngeal_carcinoma"
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1970-01-01"}
SECTIONS = "http://terminology.hl7.org/CodeSystem/v2-0074"
SUSPECTED = {
    "resourceType": "Condition",
    "id": "npc",
    "code": {"text": "鼻咽癌待排（病理待回报）"},
    "subject": {"reference": "Patient/p1"},
    "onsetDateTime": "2026-03-18",
}


def _report(
    conclusion: str,
    day: str = "2026-03-24",
    *,
    code: str = "鼻咽活检病理诊断报告",
    section: str | None = "SP",
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "resourceType": "DiagnosticReport",
        "id": "report",
        "status": "final",
        "code": {"text": code},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": day,
        "conclusion": conclusion,
    }
    if section is not None:
        report["category"] = [{"coding": [{"system": SECTIONS, "code": section}]}]
    return report


def _read(*resources: dict[str, Any]) -> list[tuple[str | None, str | None, tuple[str, ...]]]:
    facts = build_facts(
        [PATIENT, *resources], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    return [(d.cancer_type, d.verification_status, d.evidence) for d in facts.diagnoses]


@pytest.mark.parametrize(
    "report",
    [
        _report("（鼻咽）非角化性未分化型癌。免疫组化：CK(+)，EBER(+)。"),
        # Known by its words alone, no category.
        _report("鼻咽活检：非角化性未分化型癌", code="病理报告", section=None),
        _report(
            "Nasopharynx, biopsy: non-keratinizing undifferentiated carcinoma",
            code="Surgical pathology report",
            section=None,
        ),
        # Cytopathology of a neck node naming the nasopharynx as the source.
        _report("（左颈部淋巴结穿刺）转移性非角化性癌，符合鼻咽癌转移", section="CP"),
        # The clinical details above the pathologist's diagnosis do not hide it.
        _report("临床诊断：鼻咽肿物。病理诊断：（鼻咽）非角化性未分化型癌。"),
    ],
)
def test_dx_words_a_pathology_report_confirms_the_suspected_cancer(
    report: dict[str, Any],
) -> None:
    """DX-WORDS: the pathology the entry waited for came back naming the cancer: confirmed, the
    report cited beside the entry."""
    assert _read(SUSPECTED, report) == [
        (NPC, "confirmed", ("Condition/npc", "DiagnosticReport/report"))
    ]


@pytest.mark.parametrize(
    "report",
    [
        # Before the suspicion: not what settled it (a suspected recurrence, an old biopsy).
        _report("（鼻咽）非角化性未分化型癌", day="2026-03-10"),
        # No cancer found, or hedged.
        _report("（鼻咽）黏膜慢性炎症，未见癌"),
        _report("（鼻咽）考虑非角化性癌，待免疫组化"),
        _report("（鼻咽）倾向非角化性癌"),
        _report("Nasopharynx, biopsy: suspicious for carcinoma", code="Pathology report"),
        # Another cancer.
        _report("（鼻咽）弥漫大B细胞淋巴瘤"),
        # Not a pathology report: an imaging study's impression.
        _report("鼻咽癌侵犯颅底", code="鼻咽部MRI增强", section="RAD"),
        # The requisition's clinical diagnosis printed above a negative pathological one.
        _report("临床诊断：鼻咽癌。病理诊断：（鼻咽）黏膜慢性炎伴淋巴组织增生。"),
        _report(
            "Clinical history: nasopharyngeal carcinoma. Diagnosis: reactive lymphoid "
            "hyperplasia, no malignancy.",
            code="Pathology report",
        ),
        _report("Clinical diagnosis: NPC; Nasopharynx, biopsy: chronic inflammation"),
    ],
)
def test_dx_words_a_pathology_report_that_does_not_confirm_leaves_the_suspicion(
    report: dict[str, Any],
) -> None:
    """DX-WORDS: a report before the suspicion, one that finds no cancer or hedges, one naming
    another cancer, or a report that is not pathology confirms nothing."""
    found = _read(SUSPECTED, report)
    assert (NPC, "unconfirmed", ("Condition/npc",)) in found


@pytest.mark.parametrize(
    ("report", "named"),
    [
        (_report("（鼻咽）黏膜慢性炎，未见肿瘤"), True),
        (_report("临床诊断：鼻咽癌。病理诊断：（鼻咽）黏膜慢性炎伴淋巴组织增生。"), True),
        (_report("（鼻咽）考虑非角化性癌，待免疫组化"), True),
        (_report("（鼻咽）黏膜慢性炎，未见肿瘤", day="2026-03-10"), False),  # before it
        (_report("（鼻咽）非角化性未分化型癌"), False),  # confirms it
    ],
)
def test_dx_words_a_pathology_report_that_does_not_confirm_is_named(
    report: dict[str, Any], named: bool
) -> None:
    """DX-WORDS: a pathology report of the suspicion's day or later that does not confirm it
    leaves it suspected and is named on it (`pathology_not_confirming`), so the card can ask
    for the repeat biopsy (chart `rw_npc_to_be_ruled_out_biopsy_no_tumour`)."""
    facts = build_facts(
        [PATIENT, SUSPECTED, report], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    (npc,) = facts.diagnoses
    expected = (date(2026, 3, 24), "DiagnosticReport/report") if named else None
    assert npc.pathology_not_confirming == expected
