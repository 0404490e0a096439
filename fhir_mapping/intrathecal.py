"""CNS-METASTASES, LOT-SUPPORTIVE: what is given into the CSF — an intrathecal route or
treatment, by its codes and words (`data/intrathecal_concepts.csv`). A leaf module: selection
reads a dosage's route on the received JSON with it, the readers on validated models.

The dosages of a record: a MedicationAdministration's `dosage` (one), a MedicationRequest's
`dosageInstruction` and a MedicationStatement's `dosage` (lists)."""

from __future__ import annotations

from typing import Any

from eligibility.caches import BoundedLru
from fhir_mapping.elements import coded, get, plain_key
from fhir_mapping.terminology import MEMO_LIMIT, CodedText, intrathecal_table

INTRATHECAL = "intrathecal"
# The element holding each medication record's dosages (a list but for an administration's).
DOSAGE_ELEMENT = {
    "MedicationAdministration": "dosage",
    "MedicationRequest": "dosageInstruction",
    "MedicationStatement": "dosage",
}


def intrathecal(concept: CodedText) -> bool:
    """Whether the concept names the intrathecal route or an intrathecal treatment."""
    return INTRATHECAL in intrathecal_table().concepts(concept)


def by_the_intrathecal_route(dosage: Any) -> bool:
    """Whether a dosage (validated, or the received JSON) gives its drug intrathecally: its
    route's code or words, or its own words (鞘内注射, 鞘注, "intrathecal", "IT"). Memoised by
    content for received JSON: a chart gives the same few drugs the same way, cycle after cycle,
    and selection asks of every administration."""
    text = get(dosage, "text")
    route = get(dosage, "route")
    if text is None and route is None:  # an order's dosage of timing and dose only
        return False
    if text is not None and type(text) is not str:
        return _by_route(text, route)
    # An order's dosage has words and often no route ("1 tablet daily", validated or not):
    # memoised by its words (`plain_key` is never the empty tuple).
    key = () if route is None else plain_key(route)
    if key is None:
        return _by_route(text, route)
    found = _route_memo.get((text, key))
    if found is None:
        found = _route_memo.put((text, key), _by_route(text, route))
    return found


def by_an_intrathecal_dosage(dosages: Any) -> bool:
    """Whether a record's dosages (one, or a list) give its drug intrathecally: one says so and
    none names another route (an order of methotrexate 12 mg 鞘注 and 3 g/m² by a vein is also
    systemic). A dosage with no route element does not contradict one that says intrathecal."""
    if not isinstance(dosages, list | tuple):
        return dosages is not None and by_the_intrathecal_route(dosages)
    said = False
    for dosage in dosages:
        if by_the_intrathecal_route(dosage):
            said = True
        elif get(dosage, "route") is not None:
            return False
    return said


def _by_route(text: Any, route: Any) -> bool:
    concept = coded(route)
    if isinstance(text, str):
        concept = concept + CodedText(text=text)
    return intrathecal(concept)


_route_memo: BoundedLru[tuple[Any, ...], bool] = BoundedLru(
    "fhir_mapping.intrathecal.by_the_intrathecal_route", MEMO_LIMIT
)
