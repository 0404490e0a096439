"""Reading FHIR elements the same way from raw JSON dicts and from validated models.

Selection reads raw JSON (before validation) and the mappers read validated R4B models; both go
through these helpers so a concept is recognised identically on either side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from eligibility.caches import BoundedMemo
from fhir_mapping.terminology import MEMO_LIMIT, CodedText, Coding, ConceptTable

# Whether a type is a Mapping, by type: the ABC check costs more than the read itself, and the
# readers call `get` on validated models thousands of times per chart.
_IS_MAPPING: dict[type, bool] = {}


def get(obj: Any, key: str) -> Any:
    if obj is None:
        return None
    kind = type(obj)
    if kind is dict:  # the common case, without any check
        return obj.get(key)
    is_mapping = _IS_MAPPING.get(kind)
    if is_mapping is None:
        is_mapping = _IS_MAPPING.setdefault(kind, isinstance(obj, Mapping))
    return obj.get(key) if is_mapping else getattr(obj, key, None)


def items(obj: Any, key: str) -> list[Any]:
    value = get(obj, key)
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [v for v in value if v is not None]
    return [value]


# Names and codes longer than this carry no more meaning for matching, and capping them keeps
# the text patterns linear on hostile input (a megabyte of "secondary secondary ...").
MAX_TEXT = 500


def text_of(value: Any) -> str | None:
    return value[:MAX_TEXT] if isinstance(value, str) and value.strip() else None


def coded(concept: Any) -> CodedText:
    """A CodeableConcept (or a bare Coding) as `CodedText`; anything else reads as empty."""
    if concept is None:
        return CodedText()
    codings: list[Coding] = []
    for coding in items(concept, "coding"):
        system, code = get(coding, "system"), text_of(get(coding, "code"))
        display = text_of(get(coding, "display"))
        if isinstance(system, str) and isinstance(code, str) and code:
            codings.append(Coding(system, code, display))
        elif display:
            codings.append(Coding("", "", display))
    if not codings and isinstance(get(concept, "code"), str):
        # A bare Coding where a CodeableConcept was expected.
        codings.append(
            Coding(
                str(get(concept, "system") or ""),
                get(concept, "code"),
                text_of(get(concept, "display")),
            )
        )
    return CodedText(tuple(codings), text_of(get(concept, "text")))


_PLAIN = frozenset({str, type(None)})
_concepts_memo: BoundedMemo[tuple[str, tuple[Any, ...]], tuple[str, ...]] = BoundedMemo(
    "fhir_mapping.elements.concepts_of", MEMO_LIMIT
)


def plain_key(concept: Any) -> tuple[Any, ...] | None:
    """Everything `coded` reads from a received CodeableConcept (or bare Coding), when it is a
    JSON object whose read values are all strings or absent; None for anything else."""
    if type(concept) is not dict:
        return None
    codings = concept.get("coding")
    parts: list[tuple[Any, Any, Any]] = []
    if type(codings) is list:
        for coding in codings:
            if type(coding) is not dict:
                return None
            system, code, display = coding.get("system"), coding.get("code"), coding.get("display")
            if not (type(system) in _PLAIN and type(code) in _PLAIN and type(display) in _PLAIN):
                return None
            parts.append((system, code, display))
    elif codings is not None:
        return None
    text, code, system, display = (
        concept.get("text"),
        concept.get("code"),
        concept.get("system"),
        concept.get("display"),
    )
    if not (
        type(text) in _PLAIN
        and type(code) in _PLAIN
        and type(system) in _PLAIN
        and type(display) in _PLAIN
    ):
        return None
    return (tuple(parts), text, code, system, display)


def concepts_of(table: ConceptTable, concept: Any) -> tuple[str, ...]:
    """`table.concepts(coded(concept))`, memoised by content for received JSON: selection reads
    every code of a chart, and a chart repeats the same few codes (vitals, a lab panel) hundreds
    of times; the key is cheaper to build than `CodedText`."""
    return concepts_of_keyed(table, concept, plain_key(concept))


def concepts_of_keyed(
    table: ConceptTable, concept: Any, key: tuple[Any, ...] | None
) -> tuple[str, ...]:
    """`concepts_of` with the concept's `plain_key` already in hand."""
    if key is None:
        return table.concepts(coded(concept))
    memo_key = (table.name, key)
    found = _concepts_memo.get(memo_key)
    if found is None:
        found = _concepts_memo.put(memo_key, table.concepts(coded(concept)))
    return found


def coded_all(concepts: Iterable[Any]) -> CodedText:
    result = CodedText()
    for concept in concepts:
        result = result + coded(concept)
    return result


def status_code(concept: Any) -> str | None:
    """The code of a status CodeableConcept (clinicalStatus, verificationStatus)."""
    for coding in items(concept, "coding"):
        code = get(coding, "code")
        if isinstance(code, str) and code:
            return code
    return None


def reference_of(obj: Any, key: str) -> str | None:
    value = get(get(obj, key), "reference")
    return value if isinstance(value, str) and value else None


# `Patient/x`, `Patient/x/_history/2`, or an absolute URL ending in one of them (FHIR `id`: 1-64
# of these characters).
_PATIENT_REFERENCE = re.compile(r"(?:^|/)Patient/([A-Za-z0-9\-.]{1,64})(?:/_history/[^/]+)?$")


def patient_named(reference: str) -> str | None:
    """The id of the Patient a reference names, or None (`urn:uuid:...`, `Group/x`, ...)."""
    match = _PATIENT_REFERENCE.search(reference)
    return match.group(1) if match else None
