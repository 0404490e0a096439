"""VAL-REPAIR: a resource R4 validation rejects, repaired where its shape says what it means.

Skipping the whole record loses what it says: a heart failure whose statuses are bare codes read
as none recorded, and the patient as eligible. Each rejected element is repaired from the error
pydantic reports for it (`repaired`):
- a string where R4 wants an object (`json_invalid`): a Condition status written as its bare code
  ("active", as STU3 wrote it) is that code of its R4 code system; any other string is the
  concept's text ("2级");
- a Coding where R4 wants a CodeableConcept (its `system` / `code` / `display` extra): the
  concept's coding;
- one value where R4 wants a list (`list_type`): a list of it; a list of one where R4 wants
  one value: that value;
- a required status missing: `unknown` (Observation, Procedure, DiagnosticReport: the value is
  still recorded; a medication record is read leniently instead, VAL-UNREADABLE);
- anything else: the element is left out (a date that is no date: the record is undated), except
  a verification status, which becomes `unconfirmed`: left out, the diagnosis would read as
  confirmed (GEN-UNKNOWN).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from fhir_mapping.cleaning import clean
from fhir_mapping.elements import get, items

CLINICAL_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
_STATUS_CODES = {
    "clinicalStatus": (
        CLINICAL_SYSTEM,
        frozenset({"active", "recurrence", "relapse", "inactive", "remission", "resolved"}),
    ),
    "verificationStatus": (
        VERIFICATION_SYSTEM,
        frozenset(
            {
                "unconfirmed",
                "provisional",
                "differential",
                "confirmed",
                "refuted",
                "entered-in-error",
            }
        ),
    ),
}
# Where `unknown` is an R4 status code and the record's value stands without a status.
_UNKNOWN_STATUS = frozenset({"Observation", "Procedure", "DiagnosticReport"})
_CODING_KEYS = frozenset({"system", "code", "display", "version", "userSelected"})
ROUNDS = 3


def repaired(
    projection: Mapping[str, Any], error: ValidationError, resource_type: str
) -> dict[str, Any] | None:
    """A copy of `projection` with every element `error` names repaired or left out; None when
    no error can be repaired (a choice R4 requires, an element that is not there)."""
    fixed: dict[str, Any] = copy.deepcopy(dict(projection))
    changed = verification = False
    for detail in error.errors(include_url=False, include_input=False):
        loc = tuple(detail.get("loc", ()))
        if loc and _repair(fixed, loc, str(detail.get("type", "")), resource_type):
            changed = True
            verification = verification or loc[0] == "verificationStatus"
    if not changed:
        return None
    # Left out as None, so that the other errors' positions in a list still hold; cleaning then
    # drops the Nones and the lists and objects left empty.
    cleaned = clean(fixed)
    if not isinstance(cleaned, dict):
        return None
    if verification:
        _unconfirmed_unless_coded(cleaned, projection.get("verificationStatus"))
    return cleaned


def _unconfirmed_unless_coded(fixed: dict[str, Any], received: Any) -> None:
    """A verification status repaired into no R4 code is `unconfirmed`, with the words it had:
    left out, the diagnosis would read as confirmed."""
    system, codes = _STATUS_CODES["verificationStatus"]
    concept = fixed.get("verificationStatus")
    if any(
        get(coding, "system") == system and get(coding, "code") in codes
        for coding in items(concept, "coding")
    ):
        return
    text = received if isinstance(received, str) else get(concept, "text")
    fixed["verificationStatus"] = {
        "coding": [{"system": VERIFICATION_SYSTEM, "code": "unconfirmed"}],
        **({"text": text} if isinstance(text, str) else {}),
    }


def _repair(root: dict[str, Any], loc: tuple[Any, ...], kind: str, resource_type: str) -> bool:
    if kind == "missing" or kind.endswith(".missing"):
        if loc == ("status",) and resource_type in _UNKNOWN_STATUS:
            root["status"] = "unknown"
            return True
        return False
    # pydantic names a value that is not an object by a last "root" step it does not have.
    if loc[-1] == "root" and not _holds(_container(root, loc[:-1]), "root"):
        loc = loc[:-1]
    parent = _container(root, loc[:-1])
    key = loc[-1]
    if parent is None or not _holds(parent, key):
        return False
    value = parent[key]
    if kind == "extra_forbidden" and isinstance(parent, dict) and parent.keys() <= _CODING_KEYS:
        return _coding_as_concept(root, loc[:-1], parent)
    if kind == "json_invalid" and isinstance(value, str):
        parent[key] = _concept_from_text(loc, value)
        return True
    if kind == "list_type" and value is not None and not isinstance(value, list):
        parent[key] = [value]
        return True
    if isinstance(value, list) and len(value) == 1:  # one value wanted, a list of one given
        parent[key] = value[0]
        return True
    parent[key] = None
    return True


def _concept_from_text(loc: tuple[Any, ...], text: str) -> dict[str, Any]:
    if len(loc) == 1 and loc[0] in _STATUS_CODES:
        system, codes = _STATUS_CODES[loc[0]]
        if text.strip().lower() in codes:
            return {"coding": [{"system": system, "code": text.strip().lower()}]}
    return {"text": text}


def _coding_as_concept(
    root: dict[str, Any], where: tuple[Any, ...], coding: dict[str, Any]
) -> bool:
    """A bare Coding (nothing but a Coding's keys) in a CodeableConcept's place: the concept's
    one coding."""
    if not where or "coding" in coding:
        return False
    holder = _container(root, where[:-1])
    if holder is None or not _holds(holder, where[-1]) or holder[where[-1]] is not coding:
        return False
    holder[where[-1]] = {"coding": [coding]}
    return True


def _container(root: Any, path: tuple[Any, ...]) -> Any:
    node = root
    for step in path:
        if not _holds(node, step):
            return None
        node = node[step]
    return node if isinstance(node, dict | list) else None


def _holds(node: Any, step: Any) -> bool:
    if isinstance(node, dict):
        return step in node
    return isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
