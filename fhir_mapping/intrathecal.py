"""CNS-METASTASES, LOT-SUPPORTIVE: what is given into the CSF — an intrathecal route or
treatment, by its codes and words (`data/intrathecal_concepts.csv`). A leaf module: selection
reads a dosage's route on the received JSON with it, the readers on validated models."""

from __future__ import annotations

from typing import Any

from fhir_mapping.elements import coded, get
from fhir_mapping.terminology import CodedText, intrathecal_table

INTRATHECAL = "intrathecal"


def intrathecal(concept: CodedText) -> bool:
    """Whether the concept names the intrathecal route or an intrathecal treatment."""
    return INTRATHECAL in intrathecal_table().concepts(concept)


def by_the_intrathecal_route(dosage: Any) -> bool:
    """Whether a dosage (validated, or the received JSON) gives its drug intrathecally: its
    route's code or words, or its own words (鞘内注射, 鞘注, "intrathecal")."""
    text = get(dosage, "text")
    route = coded(get(dosage, "route"))
    if isinstance(text, str):
        route = route + CodedText(text=text)
    return intrathecal(route)
