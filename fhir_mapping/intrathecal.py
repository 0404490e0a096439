"""CNS-METASTASES, LOT-SUPPORTIVE: what is given into the CSF — an intrathecal route or
treatment, by its codes and words (`data/intrathecal_concepts.csv`). A leaf module: selection
reads a dosage's route on the received JSON with it, the readers on validated models."""

from __future__ import annotations

from typing import Any

from eligibility.caches import BoundedLru
from fhir_mapping.elements import coded, get, plain_key
from fhir_mapping.terminology import MEMO_LIMIT, CodedText, intrathecal_table

INTRATHECAL = "intrathecal"


def intrathecal(concept: CodedText) -> bool:
    """Whether the concept names the intrathecal route or an intrathecal treatment."""
    return INTRATHECAL in intrathecal_table().concepts(concept)


def by_the_intrathecal_route(dosage: Any) -> bool:
    """Whether a dosage (validated, or the received JSON) gives its drug intrathecally: its
    route's code or words, or its own words (鞘内注射, 鞘注, "intrathecal"). Memoised by content
    for received JSON: a chart gives the same few drugs the same way, cycle after cycle, and
    selection asks of every administration."""
    text = get(dosage, "text")
    route = get(dosage, "route")
    key = plain_key(route) if text is None or type(text) is str else None
    if key is None:
        return _by_route(text, route)
    found = _route_memo.get((text, key))
    if found is None:
        found = _route_memo.put((text, key), _by_route(text, route))
    return found


def _by_route(text: Any, route: Any) -> bool:
    concept = coded(route)
    if isinstance(text, str):
        concept = concept + CodedText(text=text)
    return intrathecal(concept)


_route_memo: BoundedLru[tuple[Any, ...], bool] = BoundedLru(
    "fhir_mapping.intrathecal.by_the_intrathecal_route", MEMO_LIMIT
)
