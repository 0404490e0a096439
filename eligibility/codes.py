"""Terminology value objects shared by every layer.

A code is never a bare string: the same "C11.9" means different things in different systems.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Code(BaseModel):
    """A `(system, code)` pair, e.g. `Code(system=ICD10CM, code="C11.9")`."""

    model_config = ConfigDict(frozen=True)

    system: str
    code: str

    def __str__(self) -> str:
        return f"{self.system}|{self.code}"


LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ATC = "http://www.whocc.no/atc"
UCUM = "http://unitsofmeasure.org"
AJCC = "http://cancerstaging.org"
