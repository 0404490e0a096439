"""Which samples are urine (rule VAL-LAB-PANEL): a result whose `specimen` refers to a Specimen
of type urine is a urinalysis line, never a serum analyte's result, whatever the test is named
(a laboratory system may name the urine creatinine 肌酐 as it names the serum's).

A Specimen's type is read through the Observation concepts table, as an Observation's
`specimen.display` is: SNOMED CT 122575003 Urine specimen, or words naming urine (urine, 尿液,
随机尿, 晨尿). Only the Specimens the data holds can be read; a reference to one it does not hold
leaves the result's sample unknown (`Samples.unheld`): the result may be the urine's under the
serum's name, so it is read as neither (measurements.py). The hook fetches the Specimens a
chart's results refer to when no prefetch brought them (specimen_need.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fhir_mapping.elements import coded, get, items
from fhir_mapping.terminology import observation_table

URINE = "lab-other:urine_panel"
# `Specimen/x`, `Specimen/x/_history/2`, or an absolute URL ending in one of them.
_SPECIMEN_REFERENCE = re.compile(r"(?:^|/)Specimen/([A-Za-z0-9\-.]{1,64})(?:/_history/[^/]+)?$")


def of_urine(specimen: Any) -> bool:
    """Whether a Specimen's type says urine."""
    return URINE in observation_table().concepts(coded(get(specimen, "type")))


def specimen_key(reference: object) -> str | None:
    """`Specimen/<id>` of a reference to a Specimen, or None for anything else."""
    if not isinstance(reference, str):
        return None
    found = _SPECIMEN_REFERENCE.search(reference.strip())
    return None if found is None else f"Specimen/{found.group(1)}"


def contained_id(reference: object) -> str | None:
    """The id of a reference to a resource contained in the referrer ("#<id>"), else None."""
    if not isinstance(reference, str) or not reference.startswith("#") or len(reference) < 2:
        return None
    return reference[1:]


def contained_specimen(result: Any) -> Any | None:
    """The Specimen a result (raw or validated) contains and names as its sample
    (`specimen.reference` "#<id>", as some interfaces send a sample with its result), else
    None."""
    wanted = contained_id(get(get(result, "specimen"), "reference"))
    if wanted is None:
        return None
    for resource in items(result, "contained"):
        kind = (
            resource.get("resourceType")
            if isinstance(resource, Mapping)
            else resource.get_resource_type()
        )
        if kind == "Specimen" and get(resource, "id") == wanted:
            return resource
    return None


def contained_sample(result: Mapping[str, Any]) -> dict[str, Any] | None:
    """What is read of a result's contained Specimen (its type), for the result's projection:
    the rest of what a result contains is never read, so never validated."""
    specimen = contained_specimen(result)
    if not isinstance(specimen, Mapping):
        return None
    kept = {"resourceType": "Specimen", "id": specimen.get("id")}
    if "type" in specimen:
        kept["type"] = specimen["type"]
    return kept


@dataclass(frozen=True, slots=True)
class Samples:
    """The patient's Specimens the data holds, by `Specimen/<id>`, and those of type urine."""

    held: frozenset[str] = frozenset()
    urine: frozenset[str] = frozenset()

    def of_urine(self, reference: object) -> bool:
        return bool(self.urine) and specimen_key(reference) in self.urine

    def unheld(self, reference: object) -> str | None:
        """`Specimen/<id>` of a reference to a Specimen the data does not hold, else None."""
        key = specimen_key(reference)
        return None if key is None or key in self.held else key
