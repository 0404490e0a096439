"""`Chart`: one synthetic patient's FHIR resources, built call by call, emitted as a Bundle or as
a CDS Hooks patient-view request with prefetch.

Ids are deterministic (`SequentialIds`), so the same calls give the same JSON: the committed
bundles and the benchmark's charts are compared byte for byte. Each method returns the resource
it added, for the few callers that need a field the method does not offer; `add` takes a raw
resource (a deliberately broken one, another patient's).
"""

from __future__ import annotations

import base64
import copy
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from fhir_mapping.bundle_request import PREFETCH_TYPES
from tools.charts.codes import (
    ACTIVE,
    CONFIRMED,
    MRN_SYSTEM,
    PROBLEM_LIST_ITEM,
    Concept,
    DateLike,
    Quantity,
    iso,
)

Resource: TypeAlias = dict[str, Any]
MedicationKind: TypeAlias = Literal[
    "MedicationRequest", "MedicationAdministration", "MedicationStatement"
]
# (start, end or None): an effectivePeriod; a single date or dateTime is an effectiveDateTime.
Period: TypeAlias = tuple[DateLike, DateLike | None]


# FHIR R4 `id`: [A-Za-z0-9\-\.]{1,64}. An integration engineer loads these bundles into a FHIR
# server, which rejects a longer id.
FHIR_ID_MAX = 64


@dataclass
class SequentialIds:
    """`<prefix>-<type>-<n>` (or `<prefix>-<n>` when not `typed`), n counting up from
    `next_number` across all resource types. An id that would pass R4's 64 characters keeps its
    `<type>-<n>` and shortens the prefix, told apart from others' by a digest of it."""

    prefix: str
    typed: bool = True
    next_number: int = 1

    def __call__(self, resource_type: str) -> str:
        number = self.next_number
        self.next_number += 1
        tail = f"{resource_type.lower()}-{number}" if self.typed else str(number)
        made = f"{self.prefix}-{tail}"
        return made if len(made) <= FHIR_ID_MAX else _fitted(self.prefix, tail)


def _fitted(prefix: str, tail: str) -> str:
    digest = hashlib.sha256(prefix.encode()).hexdigest()[:8]
    room = FHIR_ID_MAX - len(tail) - len(digest) - 2
    return f"{prefix[:room].rstrip('-')}-{digest}-{tail}"


@dataclass(frozen=True)
class Why:
    """Why a medication record exists or has its status: `reason_reference` (resources of
    this chart, e.g. the cancer treated), `reason_code`, `status_reason` (e.g. a toxicity that
    stopped a drug) and a free-text `note`. The default adds nothing to the record."""

    reason_reference: Sequence[Resource] = ()
    reason_code: Concept | None = None
    status_reason: Concept | None = None
    note: str | None = None

    def apply(self, resource: Resource) -> None:
        if self.status_reason is not None:
            # MedicationRequest.statusReason is 0..1; the other two records' are 0..*.
            single = resource["resourceType"] == "MedicationRequest"
            resource["statusReason"] = self.status_reason if single else [self.status_reason]
        if self.reason_code is not None:
            resource["reasonCode"] = [self.reason_code]
        if self.reason_reference:
            resource["reasonReference"] = [reference(r) for r in self.reason_reference]
        if self.note is not None:
            resource["note"] = [{"text": self.note}]


NO_WHY = Why()


@dataclass(frozen=True)
class Component:
    """One component of a panel Observation (an ECG's QTc, a blood pressure's systolic)."""

    code: Concept
    value_quantity: Quantity | None = None
    value_integer: int | None = None
    value_string: str | None = None

    def to_fhir(self) -> dict[str, Any]:
        values = {
            "valueQuantity": self.value_quantity,
            "valueInteger": self.value_integer,
            "valueString": self.value_string,
        }
        return {"code": self.code} | {k: v for k, v in values.items() if v is not None}


class Chart:
    """One patient's resources, in the order they were added."""

    def __init__(self, patient_id: str, ids: SequentialIds | None = None) -> None:
        self.pid = patient_id
        self.ids = ids or SequentialIds(patient_id)
        self.resources: list[Resource] = []

    @property
    def subject(self) -> dict[str, str]:
        return {"reference": f"Patient/{self.pid}"}

    def add(self, resource: Resource) -> Resource:
        self.resources.append(resource)
        return resource

    def _new(self, resource_type: str) -> Resource:
        return {"resourceType": resource_type, "id": self.ids(resource_type)}

    def patient(
        self,
        gender: str,
        birth_date: DateLike | None = None,
        *,
        mrn: str | None = None,
        name: tuple[str, str] | None = None,  # (family, given)
        address: dict[str, str] | None = None,
        deceased: DateLike | None = None,
    ) -> Resource:
        """`deceased` (a date or dateTime) becomes deceasedDateTime."""
        resource: Resource = {"resourceType": "Patient", "id": self.pid}
        if mrn is not None:
            resource["identifier"] = [{"system": MRN_SYSTEM, "value": mrn}]
        if name is not None:
            resource["name"] = [{"family": name[0], "given": [name[1]]}]
        resource["gender"] = gender
        if birth_date is not None:
            resource["birthDate"] = iso(birth_date)
        if address is not None:
            resource["address"] = [address]
        if deceased is not None:
            resource["deceasedDateTime"] = iso(deceased)
        return self.add(resource)

    def condition(
        self,
        code: Concept,
        onset: DateLike | None = None,
        *,
        clinical_status: Concept | None = ACTIVE,
        verification_status: Concept | None = CONFIRMED,
        category: Concept | None = PROBLEM_LIST_ITEM,
        severity: Concept | None = None,
        stage: Sequence[dict[str, Any]] = (),
        body_site: Sequence[Concept] = (),
        abatement: DateLike | None = None,
    ) -> Resource:
        """A Condition; `onset` is also its recordedDate. Pass None for the statuses and the
        category to get the bare Condition some EHRs send."""
        resource = self._new("Condition")
        if clinical_status is not None:
            resource["clinicalStatus"] = copy.deepcopy(clinical_status)
        if verification_status is not None:
            resource["verificationStatus"] = copy.deepcopy(verification_status)
        if category is not None:
            resource["category"] = [copy.deepcopy(category)]
        resource["code"] = code
        if body_site:
            resource["bodySite"] = list(body_site)
        resource["subject"] = self.subject
        if onset is not None:
            resource["onsetDateTime"] = iso(onset)
        if abatement is not None:
            resource["abatementDateTime"] = iso(abatement)
        if onset is not None:
            resource["recordedDate"] = iso(onset)
        if severity is not None:
            resource["severity"] = severity
        if stage:
            resource["stage"] = list(stage)
        return self.add(resource)

    def observation(
        self,
        code: Concept,
        when: DateLike,
        *,
        category: Concept | None = None,
        issued: str | None = None,
        value_quantity: Quantity | None = None,
        value_integer: int | None = None,
        value_string: str | None = None,
        value_concept: Concept | None = None,
        reference_high: Quantity | None = None,
        method: Concept | None = None,
        components: Sequence[Component] = (),
        focus: Sequence[Resource] = (),
        has_member: Sequence[Resource] = (),
        body_site: Concept | None = None,
        status: str = "final",
        interpretation: Concept | None = None,
    ) -> Resource:
        """An Observation with at most one value; `reference_high` is its referenceRange.
        `focus` and `has_member` take resources of this chart and refer to them."""
        resource = self._new("Observation")
        resource["status"] = status
        if category is not None:
            resource["category"] = [category]
        resource["code"] = code
        resource["subject"] = self.subject
        if focus:
            resource["focus"] = [reference(r) for r in focus]
        resource["effectiveDateTime"] = iso(when)
        if issued is not None:
            resource["issued"] = issued
        values = {
            "valueQuantity": value_quantity,
            "valueInteger": value_integer,
            "valueString": value_string,
            "valueCodeableConcept": value_concept,
        }
        resource.update({key: value for key, value in values.items() if value is not None})
        if interpretation is not None:
            resource["interpretation"] = [interpretation]
        if reference_high is not None:
            resource["referenceRange"] = [{"high": reference_high}]
        if body_site is not None:
            resource["bodySite"] = body_site
        if method is not None:
            resource["method"] = method
        if has_member:
            resource["hasMember"] = [reference(r) for r in has_member]
        if components:
            resource["component"] = [component.to_fhir() for component in components]
        return self.add(resource)

    def medication(self, code: Concept, *, form: Concept | None = None) -> Resource:
        """A Medication of this chart, for records to refer to (pass it as their `drug`)."""
        return self.add(_medication(self.ids("Medication"), code, form))

    def medication_request(
        self,
        drug: Concept | Resource,
        start: DateLike,
        end: DateLike | None = None,
        *,
        status: str = "completed",
        dosage_text: str | None = None,
        intent: str = "order",
        do_not_perform: bool = False,
        route: Concept | None = None,
        why: Why = NO_WHY,
    ) -> Resource:
        """An order authored on `start` whose dosage is bounded by start..end."""
        resource = self._medication_record("MedicationRequest", drug, status)
        resource["intent"] = intent
        if do_not_perform:
            resource["doNotPerform"] = True
        resource["authoredOn"] = iso(start)
        dosage: dict[str, Any] = {} if dosage_text is None else {"text": dosage_text}
        dosage["timing"] = {"repeat": {"boundsPeriod": _period((start, end))}}
        if route is not None:
            dosage["route"] = route
        resource["dosageInstruction"] = [dosage]
        why.apply(resource)
        return self.add(resource)

    def medication_administration(
        self,
        drug: Concept | Resource,
        when: DateLike | Period,
        *,
        status: str = "completed",
        route: Concept | None = None,
        dosage_text: str | None = None,
        why: Why = NO_WHY,
    ) -> Resource:
        resource = self._medication_record("MedicationAdministration", drug, status)
        _effective(resource, when)
        if route is not None or dosage_text is not None:
            dosage: dict[str, Any] = {} if route is None else {"route": route}
            if dosage_text is not None:
                dosage["text"] = dosage_text
            resource["dosage"] = dosage
        why.apply(resource)
        return self.add(resource)

    def medication_statement(
        self,
        drug: Concept | Resource,
        when: DateLike | Period,
        *,
        status: str = "completed",
        route: Concept | None = None,
        dosage_text: str | None = None,
        why: Why = NO_WHY,
    ) -> Resource:
        resource = self._medication_record("MedicationStatement", drug, status)
        _effective(resource, when)
        if route is not None or dosage_text is not None:
            dosage: dict[str, Any] = {} if route is None else {"route": route}
            if dosage_text is not None:
                dosage["text"] = dosage_text
            resource["dosage"] = [dosage]
        why.apply(resource)
        return self.add(resource)

    def medication_dispense(
        self,
        drug: Concept | Resource,
        handed_over: DateLike,
        *,
        days_supply: int | None = None,
        status: str = "completed",
    ) -> Resource:
        """A pharmacy's dispense, handed over on `handed_over`, supplying `days_supply` days."""
        resource = self._medication_record("MedicationDispense", drug, status)
        resource["whenHandedOver"] = iso(handed_over)
        if days_supply is not None:
            resource["daysSupply"] = {
                "value": days_supply,
                "unit": "days",
                "system": "http://unitsofmeasure.org",
                "code": "d",
            }
        return self.add(resource)

    def medication_use(
        self,
        kind: MedicationKind,
        drug: Concept | Resource,
        start: DateLike,
        end: DateLike | None,
        status: str,
    ) -> Resource:
        """Any of the three medication records over start..end, for scenarios that vary which
        one the EHR sends."""
        if kind == "MedicationRequest":
            return self.medication_request(drug, start, end, status=status)
        if kind == "MedicationAdministration":
            return self.medication_administration(drug, (start, end), status=status)
        return self.medication_statement(drug, (start, end), status=status)

    def _medication_record(
        self,
        kind: MedicationKind | Literal["MedicationDispense"],
        drug: Concept | Resource,
        status: str,
    ) -> Resource:
        """`drug` as medicationCodeableConcept (a concept), as a reference to a Medication of
        this chart, or as a contained Medication (one from `contained_medication`)."""
        resource = self._new(kind)
        resource["status"] = status
        if drug.get("resourceType") != "Medication":
            resource["medicationCodeableConcept"] = drug
        elif any(drug is r for r in self.resources):
            resource["medicationReference"] = {"reference": f"Medication/{drug['id']}"}
        else:
            resource["contained"] = [drug]
            resource["medicationReference"] = {"reference": f"#{drug['id']}"}
        resource["subject"] = self.subject
        return resource

    def procedure(
        self,
        code: Concept,
        when: DateLike | Period,
        *,
        status: str = "completed",
        body_site: Sequence[Concept] = (),
        reason_reference: Sequence[Resource] = (),
        note: str | None = None,
    ) -> Resource:
        """A Procedure performed on a day or over a period (a radiotherapy course)."""
        resource = self._new("Procedure")
        resource["status"] = status
        resource["code"] = code
        resource["subject"] = self.subject
        if isinstance(when, tuple):
            resource["performedPeriod"] = _period(when)
        else:
            resource["performedDateTime"] = iso(when)
        if body_site:
            resource["bodySite"] = list(body_site)
        if reason_reference:
            resource["reasonReference"] = [reference(r) for r in reason_reference]
        if note is not None:
            resource["note"] = [{"text": note}]
        return self.add(resource)

    def diagnostic_report(
        self,
        code: Concept,
        when: DateLike,
        *,
        conclusion: str | None,
        category: Concept | None = None,
        status: str = "final",
        presented: tuple[str, str] | None = None,
    ) -> Resource:
        """A report (an imaging study's) whose findings are its `conclusion` text, or only the
        whole report's text as `presented` says (content type, text), inline in `presentedForm`
        as EHRs export it."""
        resource = self._new("DiagnosticReport")
        resource["status"] = status
        if category is not None:
            resource["category"] = [category]
        resource["code"] = code
        resource["subject"] = self.subject
        resource["effectiveDateTime"] = iso(when)
        if conclusion is not None:
            resource["conclusion"] = conclusion
        if presented is not None:
            content_type, text = presented
            data = base64.b64encode(text.encode("utf-8")).decode("ascii")
            resource["presentedForm"] = [{"contentType": content_type, "data": data}]
        return self.add(resource)

    def bundle(self) -> dict[str, Any]:
        """A collection Bundle of every resource, as an EHR export; its id is the patient's."""
        return {
            "resourceType": "Bundle",
            "id": self.pid,
            "type": "collection",
            "entry": [{"fullUrl": _full_url(r), "resource": r} for r in self.resources],
        }

    def patient_view_request(self, hook_instance: str, user_id: str) -> dict[str, Any]:
        """The patient-view call with every prefetch key filled, each a searchset Bundle.

        Medication resources that records refer to ride along in the same Bundle with search
        mode `include`, as a FHIR server answers `_include=...:medication`.
        """
        patient = next(r for r in self.resources if r["resourceType"] == "Patient")
        prefetch: dict[str, Any] = {"patient": patient}
        for key, resource_type in PREFETCH_TYPES.items():
            matches = [r for r in self.resources if r["resourceType"] == resource_type]
            prefetch[key] = _searchset(matches, self._referenced_medications(matches))
        return {
            "hook": "patient-view",
            "hookInstance": hook_instance,
            "context": {"userId": user_id, "patientId": self.pid},
            "prefetch": prefetch,
        }

    def _referenced_medications(self, records: Sequence[Resource]) -> list[Resource]:
        wanted = {
            r["medicationReference"]["reference"] for r in records if "medicationReference" in r
        }
        return [
            r
            for r in self.resources
            if r["resourceType"] == "Medication" and f"Medication/{r['id']}" in wanted
        ]


def reference(resource: Resource) -> dict[str, str]:
    """A Reference to a resource of the chart, by type and id."""
    return {"reference": f"{resource['resourceType']}/{resource['id']}"}


def contained_medication(
    code: Concept, *, local_id: str = "med", form: Concept | None = None
) -> Resource:
    """A Medication for one record to contain (pass it as the record's `drug`)."""
    return _medication(local_id, code, form)


def _medication(resource_id: str, code: Concept, form: Concept | None) -> Resource:
    resource: Resource = {"resourceType": "Medication", "id": resource_id, "code": code}
    if form is not None:
        resource["form"] = form
    return resource


def _period(period: Period) -> dict[str, str]:
    start, end = period
    return {"start": iso(start)} | ({"end": iso(end)} if end is not None else {})


def _effective(resource: Resource, when: DateLike | Period) -> None:
    if isinstance(when, tuple):
        resource["effectivePeriod"] = _period(when)
    else:
        resource["effectiveDateTime"] = iso(when)


# The FHIR server the charts' resources are said to live on. A Bundle entry's fullUrl is an
# absolute URL that agrees with the resource's id (R4 Bundle.entry.fullUrl), and the records'
# relative references ("Condition/x") resolve against its base (R4 2.36.4.1). A "urn:uuid:"
# fullUrl needs a real UUID, which an id made of the chart's name is not.
FHIR_BASE = "https://ehr.example.org/fhir"


def _full_url(resource: Resource) -> str:
    return f"{FHIR_BASE}/{resource['resourceType']}/{resource['id']}"


def _searchset(matches: Sequence[Resource], included: Sequence[Resource]) -> dict[str, Any]:
    entries = [(r, "match") for r in matches] + [(r, "include") for r in included]
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(matches),
        "entry": [
            {"fullUrl": _full_url(r), "resource": r, "search": {"mode": mode}}
            for r, mode in entries
        ],
    }
