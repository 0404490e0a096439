"""LOT-OTHER-INDICATION's drugs and the diseases that are not cancers they are also given for
(`data/other_indications.csv`, twenty-eighth session), apart from its reader so that the
selection can ask them without importing the mapper's readers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from eligibility.caches import BoundedMemo
from eligibility.codes import ICD10, ICD10CM
from fhir_mapping.elements import coded, plain_key
from fhir_mapping.errors import TerminologyTableError
from fhir_mapping.terminology import MEMO_LIMIT, CodedText, _read_rows, drug_table


@dataclass(frozen=True, slots=True)
class OtherIndication:
    """One drug's diseases that are not cancers: by comorbidity kind, words or ICD-10-CM."""

    kinds: frozenset[str]
    words: tuple[str, ...]
    icd10cm: tuple[str, ...]


@cache
def tables() -> tuple[dict[str, OtherIndication], dict[str, float]]:
    """The drugs and their diseases that are not cancers; the drugs given at a low weekly oral
    dose for them, and that dose's ceiling (methotrexate 25 mg: the table's sources)."""
    columns = ("agent", "disease", "comorbidity", "words", "icd10cm", "weekly_oral_mg", "source")
    rows = _read_rows("other_indications.csv", columns)
    kinds: dict[str, set[str]] = {}
    words: dict[str, list[str]] = {}
    codes: dict[str, list[str]] = {}
    ceilings: dict[str, float] = {}
    for number, row in enumerate(rows, 2):
        agent = row["agent"]
        if agent not in drug_table().drugs or not row["source"]:
            raise TerminologyTableError(
                "other_indications.csv", number, "unknown drug or no source"
            )
        kinds.setdefault(agent, set()).update([row["comorbidity"]] if row["comorbidity"] else [])
        words.setdefault(agent, []).extend(w for w in row["words"].split("|") if w)
        codes.setdefault(agent, []).extend(_icd(c) for c in row["icd10cm"].split("|") if c)
        if row["weekly_oral_mg"]:
            ceiling = float(row["weekly_oral_mg"])
            ceilings[agent] = max(ceiling, ceilings.get(agent, 0.0))
    table = {
        agent: OtherIndication(frozenset(kinds[agent]), tuple(words[agent]), tuple(codes[agent]))
        for agent in kinds
    }
    return table, ceilings


def treats(agent: str, concept: CodedText, kinds: Iterable[str]) -> bool:
    """Whether a Condition's or a reason's concept (with its comorbidity kinds) names a disease
    that is not a cancer the table says the agent is also given for."""
    found = tables()[0].get(agent)
    if found is None:
        return False
    if any(getattr(kind, "value", kind) in found.kinds for kind in kinds):
        return True
    return _names(concept, found.words, found.icd10cm)


def names_other_indication(concept: CodedText) -> bool:
    """Whether a Condition names a disease of the table by its words or code (the selection
    keeps it): a literal test, memoised by content."""
    key = (concept.codings, concept.text)
    found = _named_memo.get(key)
    if found is None:
        found = _named_memo.put(key, _names(concept, _all_words(), _all_codes()))
    return found


_named_memo: BoundedMemo[tuple[Any, ...], bool] = BoundedMemo(
    "fhir_mapping.other_indication.named", MEMO_LIMIT
)


def _names(concept: CodedText, words: tuple[str, ...], codes: tuple[str, ...]) -> bool:
    if words and any(word in text.lower() for text in concept.texts() for word in words):
        return True
    return bool(codes) and any(
        c.system in _ICD_SYSTEMS and _icd(c.code).startswith(codes) for c in concept.codings
    )


_ICD_SYSTEMS = frozenset({ICD10CM, ICD10})


def _icd(code: str) -> str:
    """ICD codes arrive both as "M31.7" and "M317": compared without the dot."""
    return code.strip().replace(".", "").upper()


@cache
def _all_words() -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for found in tables()[0].values() for w in found.words))


@cache
def _all_codes() -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for found in tables()[0].values() for c in found.icd10cm))


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
        agent in tables()[1] for text in texts for agent in drug_table().agents_in(text)
    )
    return found if key is None else _pattern_drug_memo.put(key, found)


_pattern_drug_memo: BoundedMemo[tuple[Any, ...], bool] = BoundedMemo(
    "fhir_mapping.other_indication.pattern_drug", MEMO_LIMIT
)


@cache
def _pattern_drug_names() -> tuple[str, ...]:
    drugs = drug_table().drugs
    return tuple(name for agent in tables()[1] for name in drugs[agent].names)
