"""Choosing what to validate, on the raw JSON.

Validation is the expensive step, and most of a chart (vitals, unrelated problems, supportive
medications) is never read. So before it: Bundles are unpacked, duplicates dropped (by
`Type/id`, first copy wins), resources about another patient dropped with a warning (their data
must never reach the facts), those about no one read as the patient's when the chart holds no
one else (GEN-ONE-PATIENT), and of the types the mapper reads only the resources whose codes or
text name something it looks for are kept, each projected onto the elements it reads
(`PROJECTIONS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from eligibility.caches import BoundedMemo
from fhir_mapping.blinding import is_blinded
from fhir_mapping.class_named_drugs import class_names
from fhir_mapping.death import records_death
from fhir_mapping.diagnosis_words import cancer_not_ruled_out
from fhir_mapping.elements import (
    coded,
    coded_all,
    concepts_of,
    get,
    items,
    plain_key,
    reference_of,
)
from fhir_mapping.intrathecal import (
    by_an_intrathecal_name,
    into_the_csf,
    may_say_the_csf,
)
from fhir_mapping.mapping_warnings import Warnings
from fhir_mapping.merged_records import MergedRecords
from fhir_mapping.other_indication_drugs import dosed_by_pattern, names_other_indication
from fhir_mapping.pathology import is_pathology
from fhir_mapping.progression_words import names_disease_progression, report_progression
from fhir_mapping.qtc_words import form_gives_qtc, qtc_in_words
from fhir_mapping.radiotherapy_words import (
    names_radiotherapy,
    radiation_injury_in_report,
    radiotherapy_in_report,
)
from fhir_mapping.regimens import regimen_table
from fhir_mapping.report_text import impression
from fhir_mapping.reports import conclusion_texts
from fhir_mapping.specimens import contained_sample, of_urine
from fhir_mapping.spread_words import leaned_against_spread, names_leptomeningeal
from fhir_mapping.terminology import (
    MEMO_LIMIT,
    CodedText,
    brain_procedure_table,
    cancer_concepts,
    cardiac_sign_table,
    chemotherapy_procedure_table,
    comorbidity_table,
    drug_code_table,
    drug_table,
    mass_concepts,
    names_comorbidity_drug,
    names_csf_cytology,
    names_malignancy,
    observation_table,
    radiotherapy_table,
    tumour_concepts,
)
from fhir_mapping.unlisted_drugs import unlisted_anticancer_name

MEDICATION_TYPES = (
    "MedicationStatement",
    "MedicationRequest",
    "MedicationAdministration",
    "MedicationDispense",
)

# The elements each mapper reads, plus what R4B requires to validate. Everything else is dropped
# before validation: less to validate, and less patient data held in memory and in the cache.
PROJECTIONS: dict[str, tuple[str, ...]] = {
    "Patient": ("id", "gender", "birthDate", "deceasedBoolean", "deceasedDateTime"),
    "Condition": (
        "id",
        "subject",
        "code",
        "bodySite",
        "clinicalStatus",
        "verificationStatus",
        "severity",
        "onsetDateTime",
        "onsetPeriod",
        "onsetString",
        "onsetAge",
        "onsetRange",
        "recordedDate",
        "abatementDateTime",
        "abatementPeriod",
        "stage",
        "note",
    ),
    "Observation": (
        "id",
        "status",
        "subject",
        "code",
        "method",
        # VAL-LAB-PANEL: a result on urine (its display) is no serum analyte's.
        "specimen",
        "focus",
        "hasMember",
        "derivedFrom",
        "effectiveDateTime",
        "effectivePeriod",
        "effectiveInstant",
        "issued",
        "valueQuantity",
        "valueCodeableConcept",
        "valueInteger",
        "valueString",
        # INF-EHR: a presence test answered yes or no.
        "valueBoolean",
        "dataAbsentReason",
        "interpretation",
        "referenceRange",
        "component",
    ),
    # VAL-LAB-PANEL: a urine sample's results are no serum analyte's (fhir_mapping/specimens.py).
    "Specimen": ("id", "subject", "type"),
    "MedicationStatement": (
        "id",
        "contained",
        "status",
        "subject",
        "medicationCodeableConcept",
        "medicationReference",
        "effectiveDateTime",
        "effectivePeriod",
        "dateAsserted",
        "statusReason",
        # EXP-NOTED-NOT-GIVEN: a note saying the drug was not given.
        "note",
        "reasonReference",
        "reasonCode",
        # CNS-METASTASES, LOT-SUPPORTIVE: the routes and their words only (`project`):
        # intrathecal chemotherapy given elsewhere.
        "dosage",
    ),
    "MedicationRequest": (
        "id",
        "contained",
        "status",
        "intent",
        "doNotPerform",
        "subject",
        "medicationCodeableConcept",
        "medicationReference",
        "authoredOn",
        "dosageInstruction",
        "dispenseRequest",
        "statusReason",
        # EXP-NOTED-NOT-GIVEN: a note saying the drug was not given.
        "note",
        "reasonReference",
        "reasonCode",
    ),
    "MedicationAdministration": (
        "id",
        "contained",
        "status",
        "subject",
        "medicationCodeableConcept",
        "medicationReference",
        "effectiveDateTime",
        "effectivePeriod",
        "statusReason",
        "reasonReference",
        "reasonCode",
        # CNS-METASTASES: the route and its words only (`project`): intrathecal chemotherapy.
        "dosage",
    ),
    "MedicationDispense": (
        "id",
        "contained",
        "status",
        "subject",
        "medicationCodeableConcept",
        "medicationReference",
        "whenPrepared",
        "whenHandedOver",
        "daysSupply",
        "statusReasonCodeableConcept",
        # EXP-DISPENSED: the order a dispense fills (one course with it).
        "authorizingPrescription",
    ),
    "Medication": ("id", "code", "ingredient"),
    "Procedure": (
        "id",
        "status",
        "subject",
        "code",
        "bodySite",
        "performedDateTime",
        "performedPeriod",
        # EXP-CHEMO-PROCEDURE: a chemotherapy Procedure's regimen, and the cancer it treated.
        "note",
        "reasonReference",
        "reasonCode",
    ),
    # CNS-METASTASES: brain imaging reports, read for their conclusion; DX-WORDS: pathology
    # reports, known by their category too.
    "DiagnosticReport": (
        "id",
        "status",
        "subject",
        "code",
        "category",
        "effectiveDateTime",
        "effectivePeriod",
        "issued",
        "conclusion",
        "conclusionCode",
    ),
}


_OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


def project(resource: Mapping[str, Any]) -> dict[str, Any]:
    keep = PROJECTIONS[resource["resourceType"]]
    projected = {key: resource[key] for key in keep if key in resource}
    projected["resourceType"] = resource["resourceType"]
    if "dosage" in projected:
        # CNS-METASTASES, LOT-SUPPORTIVE: a MedicationAdministration's dosage (a
        # MedicationStatement's dosages) is kept only when it says intrathecal, and then only
        # its route and words (not its dose or rate): what no reader needs is neither validated
        # nor held. A MedicationRequest's dosageInstruction is kept whole (its timing dates it).
        # An administration's dosage is one (0..1), a statement's a list (0..*): one of the
        # other shape is dropped as before, not kept to fail the record's validation.
        # A drug whose name says intrathecal ("Methotrexate intrathecal") keeps its dosages'
        # route and words too: one naming another route makes the record systemic. So does one
        # saying "IT injection" (intrathecal for a drug given into the CSF: twenty-eighth session).
        kept = _dosage_kept(resource, projected.pop("dosage"))
        if kept is not None:
            projected["dosage"] = kept
    if "category" in resource and "valueString" in projected and form_gives_qtc(resource):
        # VAL-QTC-TEXT: a form's category is kept only when its words give the QTc.
        projected["category"] = [{"coding": [{"system": _OBSERVATION_CATEGORY, "code": "survey"}]}]
    if "contained" in resource and resource["resourceType"] == "Observation":
        # VAL-LAB-PANEL: a sample sent inside its result ("#<id>"); nothing else it holds.
        sample = contained_sample(resource)
        if sample is not None:
            projected["contained"] = [sample]
    if (
        "presentedForm" in resource
        and "conclusion" not in projected
        and "conclusionCode" not in projected
    ):
        # LOT-REPORT-TEXT: the report's inline text is not kept (it may be large); its
        # impression is what a conclusion would have said.
        said = impression(resource)
        if said is not None:
            projected["conclusion"] = said
    return projected


def _dosage_kept(resource: Mapping[str, Any], dosage: Any) -> Any:
    """`project`'s dosage of an administration or a statement: its route and words (and timing)
    where a reader needs them, else None."""
    one = resource["resourceType"] == "MedicationAdministration"
    medication = resource.get("medicationCodeableConcept")
    named = isinstance(resource, NamedIntrathecal) or (
        medication is not None and by_an_intrathecal_name(medication)
    )
    words = _route_and_words
    # EXP-BLINDED (twenty-eighth session): a blinded study drug's dosage words may say what it
    # is for ("2粒 口服 tid 保肝": a supportive-care study); kept as an intrathecal one is.
    if named or may_say_the_csf(dosage) or (medication is not None and _blinded(medication)):
        pass
    elif isinstance(resource, NamedByPattern) or (
        medication is not None and dosed_by_pattern(medication)
    ):
        # LOT-OTHER-INDICATION (twenty-eighth session): a drug read by its dosage pattern
        # (methotrexate 15 mg by mouth once a week) keeps its route, words and timing in a
        # history or an administration, as an order's dosage is kept.
        words = _route_words_timing
    else:
        return None
    if one and isinstance(dosage, Mapping):
        return words(dosage)
    if not one and isinstance(dosage, list):
        return [d for d in (words(d) for d in dosage if isinstance(d, Mapping)) if d]
    return None


def _route_and_words(dosage: Mapping[str, Any]) -> dict[str, Any]:
    return {key: dosage[key] for key in ("route", "text") if key in dosage}


def _route_words_timing(dosage: Mapping[str, Any]) -> dict[str, Any]:
    return {key: dosage[key] for key in ("route", "text", "timing") if key in dosage}


def flatten(
    resources: Iterable[Any], depth: int = 0
) -> Iterator[tuple[Mapping[str, Any], str | None]]:
    """Every non-Bundle resource with its entry fullUrl, Bundles unpacked (nested ones too)."""
    # `type(x) is dict` first: received JSON is dicts, and the Mapping ABC check costs more than
    # reading the entry (a chart has thousands of entries).
    for item in resources:
        if type(item) is not dict:
            if isinstance(item, list | tuple) and depth < 8:
                yield from flatten(item, depth + 1)
                continue
            if not isinstance(item, Mapping):
                continue
        if item.get("resourceType") == "Bundle":
            if depth >= 8:
                continue
            entries = item.get("entry")
            if not isinstance(entries, list):
                continue
            for entry in entries:
                if type(entry) is not dict and not isinstance(entry, Mapping):
                    continue
                resource = entry.get("resource")
                if type(resource) is not dict and not isinstance(resource, Mapping):
                    continue
                if resource.get("resourceType") == "Bundle":
                    yield from flatten([resource], depth + 1)
                else:
                    full_url = entry.get("fullUrl")
                    yield resource, full_url if isinstance(full_url, str) else None
        else:
            yield item, None


class PatientMatcher:
    """Whether a reference names our patient: one of their records (theirs, and those merged
    into it, `add_record`).

    Accepted: `Patient/<id>` (optionally with a base URL or `/_history/n`), `urn:uuid:<id>`, and the
    `fullUrl` of the entry holding one of the Patients. A resource with no subject reference at
    all is `select`'s to attribute (GEN-ONE-PATIENT).
    """

    def __init__(self, patient_id: str) -> None:
        self.patient_id = patient_id
        self.records = [patient_id]
        self.aliases = {f"Patient/{patient_id}", f"urn:uuid:{patient_id}", patient_id}

    def add_alias(self, full_url: str) -> None:
        self.aliases.add(full_url)

    def add_record(self, record_id: str) -> None:
        self.records.append(record_id)
        self.aliases.update((f"Patient/{record_id}", f"urn:uuid:{record_id}", record_id))

    def matches(self, reference: str) -> bool:
        if reference in self.aliases:
            return True
        head, _, tail = reference.partition("/_history/")
        if tail and head in self.aliases:
            return True
        return any(head.endswith(f"/Patient/{record}") for record in self.records)


def subject_of(resource: Mapping[str, Any]) -> str | None:
    # Received JSON first, read directly: this runs on every resource of a chart.
    if type(resource) is dict:
        subject = resource.get("subject")
        if type(subject) is dict:
            reference = subject.get("reference")
            if type(reference) is str and reference:
                return reference
    return reference_of(resource, "subject") or reference_of(resource, "patient")


@dataclass
class Selection:
    """Raw resources chosen for validation, by type."""

    patient: Mapping[str, Any] | None = None
    by_type: dict[str, list[Mapping[str, Any]]] = field(default_factory=dict)
    seen: int = 0
    # VAL-LAB-PANEL: every Specimen of the patient, by `Specimen/<id>`, kept or not: a result on
    # one the data does not hold is of an unknown sample (specimens.py).
    specimens: set[str] = field(default_factory=set)

    def add(self, resource: Mapping[str, Any]) -> None:
        self.by_type.setdefault(resource["resourceType"], []).append(resource)

    def of(self, resource_type: str) -> list[Mapping[str, Any]]:
        return self.by_type.get(resource_type, [])


def _medication_concept(
    resource: Mapping[str, Any], medications: Mapping[str, Mapping[str, Any]]
) -> CodedText:
    concept = coded(get(resource, "medicationCodeableConcept"))
    reference = reference_of(resource, "medicationReference")
    if reference is not None:
        medication = medications.get(medication_key(reference))
        if medication is not None:
            concept = concept + medication_code(medication, medications)
        display = get(get(resource, "medicationReference"), "display")
        if isinstance(display, str):
            concept = concept + CodedText(text=display)
    return concept


def medication_key(reference: str) -> str:
    """`Medication/<id>` for any reference form (relative, absolute URL); `#id` stays as is."""
    if reference.startswith("#"):
        return reference
    return "Medication/" + reference.rsplit("Medication/", 1)[-1].split("/_history/")[0]


def medication_code(medication: Any, medications: Mapping[str, Any] | None = None) -> CodedText:
    """A Medication's drug: its code and its ingredients' (EXP-REGIMEN), an ingredient given by
    reference read from the Medication it names in `medications` (one level: a drug's own
    Medication has no regimen under it)."""
    ingredients = []
    for ingredient in items(medication, "ingredient"):
        concept = get(ingredient, "itemCodeableConcept")
        if concept is None and medications:
            reference = get(get(ingredient, "itemReference"), "reference")
            if isinstance(reference, str):
                concept = get(medications.get(medication_key(reference)), "code")
        ingredients.append(concept)
    return coded(get(medication, "code")) + coded_all(ingredients)


def names_a_drug(concept: CodedText) -> bool:
    """Whether the concept names a drug the tables list: by code, name, regimen (EXP-REGIMEN)
    or class (EXP-CLASS-NAMED)."""
    if drug_code_table().code_rows(concept):
        return True
    table, regimens, classes = drug_table(), regimen_table(), class_names()
    return any(
        table.agents_in(text) or regimens.named_in(text) or classes.named_in(text)
        for text in concept.texts()
    )


_drug_memo: BoundedMemo[tuple[Any, ...], bool] = BoundedMemo(
    "fhir_mapping.selection.names_a_drug", MEMO_LIMIT
)


def _concept_names_a_drug(concept: Any) -> bool:
    """`names_a_drug(coded(concept))`, memoised by content for received JSON (`plain_key`): a
    chart orders the same few drugs cycle after cycle."""
    key = plain_key(concept)
    if key is None:
        return names_a_drug(coded(concept))
    found = _drug_memo.get(key)
    if found is None:
        found = _drug_memo.put(key, names_a_drug(coded(concept)))
    return found


def _observation_relevant(resource: Mapping[str, Any]) -> bool:
    # `resource.get` is `get(resource, ...)` for the Mappings selection reads; most Observations
    # of a chart (vitals) have neither a known code nor components.
    table = observation_table()
    if concepts_of(table, resource.get("code")):
        return True
    if resource.get("component") is None:
        # VAL-QTC-TEXT: a form's words giving the QTc ("QTc 478ms (自查)").
        return form_gives_qtc(resource)
    return any(concepts_of(table, get(c, "code")) for c in items(resource, "component"))


def _condition_relevant(resource: Mapping[str, Any]) -> bool:
    concept = coded(get(resource, "code"))
    return bool(
        cancer_concepts(concept)
        or tumour_concepts(concept)  # DX-PLACE: "Nasopharyngeal tumor", a chart's only tumour
        or mass_concepts(concept)  # MAL-OTHER: 肺占位, "Renal mass" beside a cancer
        or comorbidity_table().concepts(concept)
        or cardiac_sign_table().concepts(concept)  # CMB-SIGNS: 高血压性心脏病, LVEF 45%
        or names_comorbidity_drug(concept)  # CMB-MEDS: "心悸，口服胺碘酮"
        or names_disease_progression(concept)  # LOT-PROGRESSION on the problem list
        or names_radiotherapy(concept)  # RT-IN-DIAGNOSIS: "Hx of XRT to neck", 放射性颞叶坏死
        or _rules_out_cancer(concept)
        or records_death(concept)  # PAT-DECEASED: a death recorded as a Condition
        # LOT-OTHER-INDICATION: a disease an anticancer drug is also given for (银屑病).
        or names_other_indication(concept)
    )


def _rules_out_cancer(concept: CodedText) -> bool:
    """DX-WORDS, STG-SUSPECTED: an entry whose words rule out a cancer or a metastasis names
    none ("肝脏MRI：血管瘤，排除转移"), and may refute a suspicion; so may one leaning against a
    metastasis ("骨转移可能性小": twenty-seventh session)."""
    return any(
        cancer_concepts(CodedText((), phrase))
        for text in concept.texts()
        for phrase in cancer_not_ruled_out(text)[1]
    ) or any(leaned_against_spread(text) for text in concept.texts())


def _procedure_relevant(resource: Mapping[str, Any]) -> bool:
    concept = coded(get(resource, "code"))
    return bool(
        radiotherapy_table().concepts(concept)
        or brain_procedure_table().concepts(concept)
        or chemotherapy_procedure_table().concepts(concept)
        # CNS-METASTASES: intrathecal chemotherapy ("腰椎穿刺+鞘内注射"), or chemotherapy into the
        # ventricles ("经Ommaya囊脑室内化疗"), shows the leptomeninges.
        or into_the_csf(concept)
    )


def _report_relevant(resource: Mapping[str, Any]) -> bool:
    # Brain imaging is read from reports (CNS-METASTASES), an ECG's QTc (VAL-QTC-TEXT), a
    # conclusion saying the cancer progressed (LOT-PROGRESSION) or a site was irradiated
    # (RT-IN-REPORT); lab reports are read through their Observations.
    concepts = concepts_of(observation_table(), resource.get("code"))
    if "imaging:brain" in concepts or "csf:cytology" in concepts:  # CNS-METASTASES: CSF cells
        return True
    texts = conclusion_texts(resource)
    # CNS-METASTASES: a report of another name whose conclusion gives a CSF cytology.
    if any(names_csf_cytology(text) for text in texts):
        return True
    # CNS-EHR: a spine MRI naming leptomeningeal spread of the spinal meninges (考虑脊膜转移).
    if "imaging:spine" in concepts and any(names_leptomeningeal(text) for text in texts):
        return True
    if "ecg" in concepts and any(qtc_in_words(text) is not None for text in texts):
        return True
    # RT-IN-REPORT: a conclusion saying the site was irradiated ("鼻咽癌放疗后改变"), or naming
    # an injury of radiotherapy ("双侧颞叶放射性脑病").
    if any(radiotherapy_in_report(text) or radiation_injury_in_report(text) for text in texts):
        return True
    # DX-WORDS: a pathology report naming a malignancy may confirm a suspected cancer.
    if is_pathology(resource) and any(names_malignancy(text) for text in texts):
        return True
    return report_progression(texts) is not None


_RELEVANT = {
    "Condition": _condition_relevant,
    "Observation": _observation_relevant,
    "Procedure": _procedure_relevant,
    "DiagnosticReport": _report_relevant,
    "Specimen": of_urine,
}


def _medication_relevant(
    resource: Mapping[str, Any],
    medications: Mapping[str, Mapping[str, Any]],
    wanted_medications: set[str],
) -> bool:
    """Whether a medication record names a known drug; the Medication it references is then
    wanted too."""
    medication_reference = reference_of(resource, "medicationReference")
    if medication_reference is None:
        # What `_medication_concept` reads without a reference: the concept alone.
        return _concept_kept(get(resource, "medicationCodeableConcept"))
    key = medication_key(medication_reference)
    concept = _medication_concept(resource, medications)
    keep = names_a_drug(concept) or unlisted_anticancer_name(concept.texts()) is not None
    if keep:
        wanted_medications.add(key)
        # A regimen's ingredients given by reference are read from their own Medications.
        for ingredient in items(medications.get(key), "ingredient"):
            part = get(get(ingredient, "itemReference"), "reference")
            if isinstance(part, str):
                wanted_medications.add(medication_key(part))
    # EXP-UNRESOLVED: a drug in a Medication the data does not hold cannot be read, but the
    # record still says something was given.
    return keep or (key not in medications and not key.startswith("#"))


_kept_memo: BoundedMemo[tuple[Any, ...], bool] = BoundedMemo(
    "fhir_mapping.selection.concept_kept", MEMO_LIMIT
)


def _concept_kept(concept: Any) -> bool:
    """Whether a record with this concept (and no Medication reference) is read: it names a
    drug, or what it gave cannot be known; memoised by content like `_concept_names_a_drug`."""
    key = plain_key(concept)
    if key is None:
        return _concept_names_a_drug(concept) or _unknowable(concept)
    found = _kept_memo.get(key)
    if found is None:
        found = _kept_memo.put(key, _concept_names_a_drug(concept) or _unknowable(concept))
    return found


_BLINDED_LITERALS = ("placebo", "blind", "study drug", "investigational", "安慰剂", "盲", "药物")


def _blinded(concept: Any) -> bool:
    """EXP-BLINDED: whether a record's drug (received JSON) is blinded, memoised by content; a
    literal test first, as most records name an ordinary drug."""
    key = plain_key(concept)
    if key is None:
        return any(map(is_blinded, coded(concept).texts()))
    found = _blinded_memo.get(key)
    if found is None:
        texts = coded(concept).texts()
        maybe = any(word in text.lower() for text in texts for word in _BLINDED_LITERALS)
        found = _blinded_memo.put(key, maybe and any(map(is_blinded, texts)))
    return found


_blinded_memo: BoundedMemo[tuple[Any, ...], bool] = BoundedMemo(
    "fhir_mapping.selection.blinded", MEMO_LIMIT
)


def _unknowable(concept: Any) -> bool:
    """EXP-UNRESOLVED / EXP-BLINDED / EXP-UNLISTED: a record with no drug code or text, a
    blinded study drug, or a drug no table lists that is named like an anticancer drug, is
    kept: what it gave cannot be known, which a rule must say."""
    if concept is None:
        return True
    found = coded(concept)
    texts = found.texts()
    return (
        (not texts and not found.codings)
        or any(map(is_blinded, texts))
        or unlisted_anticancer_name(texts) is not None
    )


def select(resources: Iterable[Any], patient_id: str, warnings: Warnings) -> Selection:
    selection = Selection()
    matcher = PatientMatcher(patient_id)
    # Medications by `Medication/<id>`, and contained ones by `#<id>` (the two never collide),
    # gathered in the same pass.
    medications: dict[str, Mapping[str, Any]] = {}
    unique, someone_else = _unique(resources, selection, matcher, medications, warnings)
    wanted_medications: set[str] = set()
    unowned: list[Mapping[str, Any]] = []
    for resource in unique:
        resource_type = resource["resourceType"]
        if resource_type not in PROJECTIONS or resource_type == "Medication":
            continue
        subject = subject_of(resource)
        if subject is None:
            unowned.append(resource)
            continue
        if not matcher.matches(subject):
            someone_else = True
            _warn_not_about_patient(resource, resource_type, subject, warnings)
            continue
        _keep_relevant(resource, selection, medications, wanted_medications)
    for resource in unowned:
        if someone_else:
            _warn_not_about_patient(resource, resource["resourceType"], None, warnings)
            continue
        # GEN-ONE-PATIENT: a chart of no one else is the answer to the patient's own searches.
        warnings.add(
            resource["resourceType"],
            resource.get("id"),
            "subject",
            "no subject reference; read as the patient's (the chart holds no one else)",
        )
        owned = {**resource, "subject": {"reference": f"Patient/{matcher.patient_id}"}}
        _keep_relevant(owned, selection, medications, wanted_medications)
    for reference in sorted(wanted_medications):
        if reference in medications and not reference.startswith("#"):
            selection.add(medications[reference])
    return selection


def _keep_relevant(
    resource: Mapping[str, Any],
    selection: Selection,
    medications: Mapping[str, Mapping[str, Any]],
    wanted_medications: set[str],
) -> None:
    if resource["resourceType"] == "Specimen" and isinstance(resource.get("id"), str):
        selection.specimens.add(f"Specimen/{resource['id']}")
    relevant = _RELEVANT.get(resource["resourceType"])
    if relevant is not None:
        keep = relevant(resource)
    else:
        keep = _medication_relevant(resource, medications, wanted_medications)
        if keep and _named_intrathecal_by_reference(resource, medications):
            resource = NamedIntrathecal(resource)
        elif keep and _named_by_pattern_by_reference(resource, medications):
            resource = NamedByPattern(resource)
    if keep:
        selection.add(resource)


class NamedIntrathecal(dict[str, Any]):
    """A medication record whose referenced Medication's name says intrathecal ("Methotrexate
    12 mg intrathecal injection" as the pharmacy item): `project` keeps its dosages' route and
    words, as for a record whose own medicationCodeableConcept says so, so a dosage naming
    another route is still read (LOT-SUPPORTIVE; 7 December 2026, twenty-seventh session)."""


class NamedByPattern(dict[str, Any]):
    """A medication record whose referenced Medication names a drug LOT-OTHER-INDICATION reads
    by its dosage pattern (methotrexate): `project` keeps its dosages' route, words and timing
    (twenty-eighth session)."""


def _named_by_pattern_by_reference(
    resource: Mapping[str, Any], medications: Mapping[str, Mapping[str, Any]]
) -> bool:
    if "dosage" not in resource:
        return False
    reference = reference_of(resource, "medicationReference")
    if reference is None:
        return False
    code = get(medications.get(medication_key(reference)), "code")
    return code is not None and dosed_by_pattern(code)


def _named_intrathecal_by_reference(
    resource: Mapping[str, Any], medications: Mapping[str, Mapping[str, Any]]
) -> bool:
    if "dosage" not in resource:
        return False  # an order's dosageInstruction is kept whole; no dosage, nothing to keep
    reference = reference_of(resource, "medicationReference")
    if reference is None:
        return False
    medication = medications.get(medication_key(reference))
    code = get(medication, "code")
    # The reference's display names the item too (twenty-seventh session).
    display = get(get(resource, "medicationReference"), "display")
    names = (() if code is None else (code,)) + (
        ({"text": display},) if isinstance(display, str) and display.strip() else ()
    )
    return bool(names) and by_an_intrathecal_name(names)


def _unique(
    resources: Iterable[Any],
    selection: Selection,
    matcher: PatientMatcher,
    medications: dict[str, Mapping[str, Any]],
    warnings: Warnings,
) -> tuple[list[Mapping[str, Any]], bool]:
    """The resources other than Patients, the first copy of each `Type/id`, and whether a
    Patient other than ours (and the records merged into it) is among them; our Patient goes to
    `selection.patient`, and the Medications (contained ones too) to `medications`."""
    unique: list[Mapping[str, Any]] = []
    seen_refs: set[str] = set()
    others: list[tuple[Mapping[str, Any], str | None]] = []  # Patients of other records
    for resource, full_url in flatten(resources):
        selection.seen += 1
        resource_type = resource.get("resourceType")
        resource_id = resource.get("id")
        if not isinstance(resource_type, str):
            warnings.add("(unknown)", resource_id, "resourceType", "no resourceType; skipped")
            continue
        if isinstance(resource_id, str):
            reference = f"{resource_type}/{resource_id}"
            if reference in seen_refs:
                continue
            seen_refs.add(reference)
        if resource_type == "Patient":
            if resource_id == matcher.patient_id and selection.patient is None:
                selection.patient = resource
                if full_url:
                    matcher.add_alias(full_url)
            else:
                others.append((resource, full_url))
            continue
        unique.append(resource)
        if resource_type == "Medication" or resource.get("contained") is not None:
            _gather_medications(resource, resource_type, resource_id, medications)
    if others or (selection.patient is not None and "link" in selection.patient):
        _take_merged_records(others, selection, matcher, warnings)
    someone_else = any(patient.get("id") not in matcher.records for patient, _ in others)
    return unique, someone_else


def _take_merged_records(
    others: list[tuple[Mapping[str, Any], str | None]],
    selection: Selection,
    matcher: PatientMatcher,
    warnings: Warnings,
) -> None:
    """Records merged into our patient's are theirs (PAT-MERGED-RECORD): their resources are
    read as the patient's. Any other Patient is someone else's, and ignored."""
    merges = MergedRecords()
    present = {matcher.patient_id}
    for patient in [selection.patient, *(resource for resource, _ in others)]:
        if patient is not None:
            merges.add(patient)
            if isinstance(patient.get("id"), str):
                present.add(patient["id"])
    survivors = merges.survivors(present)
    ours = {retired for retired, survivor in survivors.items() if survivor == matcher.patient_id}
    for record in sorted(ours):
        matcher.add_record(record)
    ambiguous = merges.ambiguous()
    for resource, full_url in others:
        resource_id = resource.get("id")
        if resource_id in ours:
            if full_url:
                matcher.add_alias(full_url)
        elif resource_id in ambiguous:
            warnings.add(
                "Patient",
                resource_id,
                "link",
                "merge links that disagree (two survivors, or a cycle); ignored",
            )
        else:
            warnings.add("Patient", resource_id, "id", "a different patient; ignored")


def _gather_medications(
    resource: Mapping[str, Any],
    resource_type: str,
    resource_id: Any,
    medications: dict[str, Mapping[str, Any]],
) -> None:
    if resource_type == "Medication" and isinstance(resource_id, str):
        medications[f"Medication/{resource_id}"] = resource
    if resource.get("contained") is not None:
        for contained in items(resource, "contained"):
            if isinstance(contained, Mapping) and contained.get("resourceType") == "Medication":
                medications[f"#{contained.get('id')}"] = contained


def _warn_not_about_patient(
    resource: Mapping[str, Any], resource_type: str, subject: str | None, warnings: Warnings
) -> None:
    path = "subject" if "subject" in resource or "patient" not in resource else "patient"
    problem = "no subject reference" if subject is None else "about a different patient"
    warnings.add(resource_type, resource.get("id"), path, f"{problem}; ignored")
