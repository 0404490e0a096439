"""LOT-OTHER-INDICATION's drugs (twenty-eighth session), apart from its reader so that the
selection can ask them without importing the mapper's readers."""

from __future__ import annotations

from functools import cache
from typing import Any

from eligibility.caches import BoundedMemo
from fhir_mapping.elements import coded, plain_key
from fhir_mapping.terminology import MEMO_LIMIT, drug_table

# The drugs given at a low weekly oral dose for autoimmune diseases, and that dose's ceiling:
# methotrexate 7.5–25 mg once a week (US label, Trexall / Otrexup: rheumatoid arthritis,
# polyarticular juvenile idiopathic arthritis, psoriasis; ACR 2021 rheumatoid arthritis
# guideline: oral methotrexate up to 25 mg weekly).
LOW_DOSE_WEEKLY_MG = {"methotrexate": 25.0}


def dosed_by_pattern(concept: Any) -> bool:
    """Whether a record's drug (received JSON: a CodeableConcept, or a Medication's `code`) is
    one this rule reads by its dosage (methotrexate): the selection then keeps the dosage's
    route, words and timing, whatever the record (twenty-eighth session). A literal test on the
    drug's words first (most records name another drug), then the drug table; memoised."""
    key = plain_key(concept)
    if key is not None:
        found = _pattern_drug_memo.get(key)
        if found is not None:
            return found
    texts = coded(concept).texts()
    maybe = any(name in text.lower() for text in texts for name in _pattern_drug_names())
    found = maybe and any(
        agent in LOW_DOSE_WEEKLY_MG for text in texts for agent in drug_table().agents_in(text)
    )
    return found if key is None else _pattern_drug_memo.put(key, found)


_pattern_drug_memo: BoundedMemo[tuple[Any, ...], bool] = BoundedMemo(
    "fhir_mapping.other_indication.pattern_drug", MEMO_LIMIT
)


@cache
def _pattern_drug_names() -> tuple[str, ...]:
    drugs = drug_table().drugs
    return tuple(name for agent in LOW_DOSE_WEEKLY_MG for name in drugs[agent].names)
