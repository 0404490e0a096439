"""Selection on raw JSON: only relevant resources of this patient are validated."""

from __future__ import annotations

from typing import Any

import pytest

from eligibility.codes import RXNORM
from fhir_mapping import NoPatientError, ValidationCache, build_facts
from fhir_mapping.elements import coded
from fhir_mapping.selection import _concept_names_a_drug, names_a_drug, project
from tests.fhir_mapping import chart_factory
from tests.fhir_mapping.conftest import AS_OF


def test_300_resource_chart_validates_only_the_relevant_resources() -> None:
    resources = chart_factory.chart()
    assert len(resources) == 301
    cache = ValidationCache()
    result = build_facts(resources, patient_id=chart_factory.PATIENT, as_of=AS_OF, cache=cache)
    assert result.seen == 301
    # Selection keeps the 66 relevant resources, but of the 20 lab results (4 analytes x 5
    # draws) only the newest of each analyte is validated: 4, not 20.
    assert chart_factory.RELEVANT == 66
    assert result.validated == chart_factory.RELEVANT - 20 + 4 == 50
    assert result.warnings == ()
    facts = result.facts
    assert [d.cancer_type for d in facts.diagnoses] == ["nasopharyngeal_carcinoma"]
    assert [line.agents for line in facts.lines] == [("cisplatin", "gemcitabine", "toripalimab")]
    assert facts.metastatic.value is True
    assert len(facts.radiotherapy) == 1  # three daily fractions, one course

    reopened = build_facts(resources, patient_id=chart_factory.PATIENT, as_of=AS_OF, cache=cache)
    assert (reopened.validated, reopened.cached) == (0, 50)
    assert reopened.facts == facts


def test_the_lru_is_bounded() -> None:
    cache = ValidationCache(maxsize=10)
    build_facts(chart_factory.chart(), patient_id=chart_factory.PATIENT, as_of=AS_OF, cache=cache)
    assert len(cache) == 10


def _patient(pid: str = "p1") -> dict[str, Any]:
    return {"resourceType": "Patient", "id": pid, "gender": "male", "birthDate": "1970-01-01"}


def _ecog(oid: str, reference: str | None, value: int = 1) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "89247-1"}]},
        "effectiveDateTime": "2026-11-01",
        "valueInteger": value,
    }
    if reference is not None:
        resource["subject"] = {"reference": reference}
    return resource


@pytest.mark.parametrize(
    "reference",
    [
        "Patient/p1",
        "urn:uuid:p1",
        "https://ehr.example.org/fhir/Patient/p1",
        "Patient/p1/_history/3",
    ],
)
def test_references_to_the_patient_are_accepted(reference: str) -> None:
    result = build_facts([_patient(), _ecog("o1", reference)], patient_id="p1", as_of=AS_OF)
    assert [p.score for p in result.facts.performance] == [1]


@pytest.mark.parametrize(
    "reference",
    [
        "Patient/p2",
        "Patient/p10",
        "urn:uuid:p2",
        "https://ehr.example.org/fhir/Patient/p1x",
        "Group/p1",
    ],
)
def test_other_subjects_are_ignored_with_a_warning(reference: str) -> None:
    result = build_facts([_patient(), _ecog("o1", reference, 4)], patient_id="p1", as_of=AS_OF)
    assert result.facts.performance == ()
    assert result.validated + result.cached == 1  # the Patient only
    (warning,) = result.warnings
    assert (warning.resource_type, warning.resource_id) == ("Observation", "o1")


def test_gen_one_patient_a_record_without_subject_in_a_chart_of_no_one_else_is_theirs() -> None:
    result = build_facts([_patient(), _ecog("o1", None, 4)], patient_id="p1", as_of=AS_OF)
    assert [p.score for p in result.facts.performance] == [4]
    assert [p.evidence for p in result.facts.performance] == [("Observation/o1",)]
    (warning,) = result.warnings
    assert (warning.resource_type, warning.resource_id) == ("Observation", "o1")
    assert "read as the patient's" in warning.message


@pytest.mark.parametrize(
    "someone_else",
    [
        [_ecog("o2", "Patient/p2", 0)],  # a record of another patient
        [_patient("p2")],  # another patient, no record of theirs
    ],
)
def test_gen_one_patient_not_when_the_chart_holds_someone_else(
    someone_else: list[dict[str, Any]],
) -> None:
    resources = [_patient(), _ecog("o1", None, 4), *someone_else]
    result = build_facts(resources, patient_id="p1", as_of=AS_OF)
    assert result.facts.performance == ()
    assert ("Observation", "o1") in [(w.resource_type, w.resource_id) for w in result.warnings]


def test_gen_one_patient_a_merged_record_is_no_one_else() -> None:
    retired = _patient("p1-old") | {
        "link": [{"other": {"reference": "Patient/p1"}, "type": "replaced-by"}]
    }
    resources = [_patient(), retired, _ecog("o1", None, 4)]
    result = build_facts(resources, patient_id="p1", as_of=AS_OF)
    assert [p.score for p in result.facts.performance] == [4]


def test_bundle_fullurl_of_the_patient_is_an_alias() -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:7f1c", "resource": _patient()},
            {"resource": _ecog("o1", "urn:uuid:7f1c")},
        ],
    }
    result = build_facts([bundle], patient_id="p1", as_of=AS_OF)
    assert [p.score for p in result.facts.performance] == [1]


def test_patient_must_have_the_requested_id() -> None:
    with pytest.raises(NoPatientError):
        build_facts([_patient("p2"), _ecog("o1", "Patient/p2")], patient_id="p1", as_of=AS_OF)
    with pytest.raises(NoPatientError):
        build_facts([], patient_id="p1", as_of=AS_OF)


def test_nested_bundles_and_duplicates() -> None:
    inner = {
        "resourceType": "Bundle",
        "type": "message",
        "entry": [{"resource": _ecog("o1", "Patient/p1")}],
    }
    outer = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": _patient()},
            {"resource": inner},
            {"resource": _ecog("o1", "Patient/p1", 3)},
        ],
    }
    result = build_facts([outer], patient_id="p1", as_of=AS_OF)
    assert result.seen == 3
    # The first copy of Observation/o1 wins; the duplicate is not read again.
    assert [p.score for p in result.facts.performance] == [1]


def test_irrelevant_types_and_codes_are_not_validated() -> None:
    resources = [
        _patient(),
        {
            "resourceType": "Encounter",
            "id": "e1",
            "status": "finished",
            "subject": {"reference": "Patient/p1"},
        },
        {
            "resourceType": "Observation",
            "id": "bp",
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
            "subject": {"reference": "Patient/p1"},
        },
    ]
    result = build_facts(resources, patient_id="p1", as_of=AS_OF, cache=ValidationCache())
    assert (result.seen, result.validated) == (3, 1)


@pytest.mark.parametrize(
    "concept",
    [
        {"coding": [{"system": RXNORM, "code": "40048"}], "text": "carboplatin"},
        {"text": "Keytruda 200 mg"},
        {"text": "paracetamol"},
        {"system": RXNORM, "code": "40048"},  # a bare Coding
        {"coding": [{"system": RXNORM, "code": 40048}]},  # not plain JSON strings: not memoised
        {"coding": ({"system": RXNORM, "code": "40048"},)},
        {"coding": [None, {"display": "cisplatin"}]},
        None,
        "cisplatin",
    ],
)
def test_memoised_drug_naming_of_received_json_is_that_of_coded(concept: object) -> None:
    for _ in range(2):  # a miss, then a hit
        assert _concept_names_a_drug(concept) == names_a_drug(coded(concept))


def _request(rid: str, reference: str, **fields: Any) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "id": rid,
        "status": "completed",
        "intent": "order",
        "subject": {"reference": "Patient/p1"},
        "medicationReference": {"reference": reference},
        "authoredOn": "2026-01-10",
        **fields,
    }


def test_medications_named_by_reference_and_contained_ones_are_read() -> None:
    cisplatin = {"coding": [{"system": RXNORM, "code": "2555"}]}
    resources = [
        _patient(),
        _request("r1", "Medication/m1"),
        {"resourceType": "Medication", "id": "m1", "code": {"text": "Toripalimab"}},
        _request(
            "r2",
            "#c1",
            contained=[None, {"resourceType": "Medication", "id": "c1", "code": cisplatin}],
        ),
        _request("r3", "#c1"),  # the contained Medication is another resource's: not read
        _request("r4", "Medication/unknown"),
    ]
    result = build_facts(resources, patient_id="p1", as_of=AS_OF, cache=ValidationCache())
    exposures = sorted((e.evidence, e.agent, e.resolved) for e in result.facts.exposures)
    # EXP-UNRESOLVED: a Medication the data does not hold (or another record's contained one)
    # leaves a record of an unknown drug, which rules read as "cannot tell", never "none".
    assert exposures == [
        (("MedicationRequest/r1",), "toripalimab", True),
        (("MedicationRequest/r2",), "cisplatin", True),
        (("MedicationRequest/r3",), "a medication the chart does not hold (#c1)", False),
        (
            ("MedicationRequest/r4",),
            "a medication the chart does not hold (Medication/unknown)",
            False,
        ),
    ]


# Cytarabine, a drug given into the CSF: methotrexate's dosage words are kept whatever the route
# since LOT-OTHER-INDICATION reads its weekly pattern (twenty-eighth session).
_ADMINISTRATION = {
    "resourceType": "MedicationAdministration",
    "id": "ma",
    "status": "completed",
    "subject": {"reference": "Patient/p"},
    "medicationCodeableConcept": {"text": "Cytarabine"},
    "effectiveDateTime": "2026-10-09",
}


@pytest.mark.parametrize(
    ("dosage", "kept"),
    [
        (
            {
                "text": "10mg 鞘内注射",
                "route": {"coding": [{"system": "http://snomed.info/sct", "code": "72607000"}]},
                "dose": {"value": 10, "unit": "mg"},
            },
            {
                "text": "10mg 鞘内注射",
                "route": {"coding": [{"system": "http://snomed.info/sct", "code": "72607000"}]},
            },
        ),
        (
            {"route": {"text": "Intrathecal"}, "rateQuantity": {"value": 1}},
            {"route": {"text": "Intrathecal"}},
        ),
        ({"route": {"text": "静脉滴注"}, "dose": {"value": 1000, "unit": "mg"}}, None),
        ({"text": "1 g/m2 IV over 24 h"}, None),
    ],
)
def test_cns_metastases_selection_keeps_only_an_intrathecal_dosage(
    dosage: dict[str, Any], kept: dict[str, Any] | None
) -> None:
    """CNS-METASTASES, LOT-SUPPORTIVE: a MedicationAdministration's dosage is kept only when it
    gives the drug intrathecally, and then only its route and words: every chemotherapy dose of
    a 20,000-patient pre-screen is neither validated nor held for them."""
    projected = project({**_ADMINISTRATION, "dosage": dosage})
    assert projected.get("dosage") == kept


_STATEMENT = {**_ADMINISTRATION, "resourceType": "MedicationStatement", "id": "ms"}
_IT_ROUTE = {"text": "Intrathecal"}


@pytest.mark.parametrize(
    ("dosage", "kept"),
    [
        (
            [{"text": "12 mg IT", "doseAndRate": [{"doseQuantity": {"value": 12}}]}],
            [{"text": "12 mg IT"}],
        ),
        ([{"route": _IT_ROUTE, "sequence": 1}, {"timing": {}}], [{"route": _IT_ROUTE}]),
        # Another route beside it: systemic too, and nothing of it is kept.
        ([{"route": _IT_ROUTE}, {"route": {"text": "静脉滴注"}}], None),
        ([{"text": "1 g/m2 IV over 24 h"}], None),
        ([], None),
        # Not a list (R4: 0..*): dropped, as before, not kept to fail validation.
        ({"route": _IT_ROUTE}, None),
    ],
)
def test_cns_metastases_selection_keeps_only_an_intrathecal_statement_dosage(
    dosage: Any, kept: list[dict[str, Any]] | None
) -> None:
    """CNS-METASTASES, LOT-SUPPORTIVE (twenty-sixth session): a MedicationStatement's dosages
    (an outside hospital's intrathecal cytarabine) are kept only when they give the drug
    intrathecally, and then only their routes and words; before, a statement's dosage was not
    kept at all, and its intrathecal route never read."""
    projected = project({**_STATEMENT, "dosage": dosage})
    assert projected.get("dosage") == kept
    # An administration's dosage is one: a list there is dropped.
    assert "dosage" not in project({**_ADMINISTRATION, "dosage": [{"route": _IT_ROUTE}]})


@pytest.mark.parametrize(
    ("resource", "kept"),
    [
        ({**_ADMINISTRATION, "dosage": {"text": "3 g/m2 IV over 4 h", "rateQuantity": {}}}, True),
        ({**_STATEMENT, "dosage": [{"text": "3 g/m2 ivgtt", "sequence": 1}]}, True),
    ],
)
def test_lot_supportive_selection_keeps_the_dosages_of_a_drug_named_intrathecal(
    resource: dict[str, Any], kept: bool
) -> None:
    """LOT-SUPPORTIVE (twenty-sixth session): a drug whose name says intrathecal ("Methotrexate
    intrathecal") keeps its dosages' route and words, so that one naming another route ("3 g/m2
    IV over 4 h") makes the record systemic; dropped, the name alone would read intrathecal and
    the systemic line be lost. A drug not so named keeps none of them (as before)."""
    named = {**resource, "medicationCodeableConcept": {"text": "Methotrexate intrathecal"}}
    projected = project(named)
    dosage = projected.get("dosage")
    assert (dosage is not None) is kept
    assert "rateQuantity" not in str(dosage)
    assert "sequence" not in str(dosage)
    assert "dosage" not in project(resource)
