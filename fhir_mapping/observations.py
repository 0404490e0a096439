"""What every Observation-based mapper shares: which Observations count, their date, their value.

Which count and their date: docs/clinical-rules.md, "Values as systems send them". Labs, QTc and
biomarkers keep only the newest usable value per key, so the Observations only they read are
deferred (`deferrable`) and validated lazily, newest first (`latest_per_key`); performance status
and staging read theirs all, always validated. A deferred Observation no reader reaches is never
validated: it gives no warning, even when invalid, and is not in `MappingResult.validated`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from fhir_mapping.chronology import to_date
from fhir_mapping.elements import concepts_of, concepts_of_keyed, get, items, plain_key
from fhir_mapping.parsing import Deferred, Parsed
from fhir_mapping.qtc_words import form_gives_qtc
from fhir_mapping.terminology import observation_table

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

IGNORED_STATUS = frozenset({"registered", "cancelled", "entered-in-error"})


def observation_date(model: Any) -> date | None:
    when = to_date(get(model, "effectiveDateTime")) or to_date(get(model, "effectiveInstant"))
    if when is None:
        when = to_date(get(get(model, "effectivePeriod"), "start"))
    return when or to_date(get(model, "issued"))


def observation_instant(model: Any) -> datetime | None:
    """When an Observation or report was taken, where its effective element gives the time of
    day (an instant with its offset); None for a date alone. `issued` is when it was released,
    not taken: never read here."""
    for value in (
        get(model, "effectiveDateTime"),
        get(model, "effectiveInstant"),
        get(get(model, "effectivePeriod"), "start"),
    ):
        if value is not None:
            return value if isinstance(value, datetime) and value.tzinfo is not None else None
    return None


def usable(observation: Parsed, as_of: date) -> bool:
    model = observation.model
    if get(model, "status") in IGNORED_STATUS:
        return False
    when = observation_date(model)
    return when is None or when <= as_of


def number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    return None


def newest_first(dated: list[tuple[date | None, int, Any]]) -> list[Any]:
    """Sort (date, input order, item) newest first; undated items last, input order kept."""
    dated.sort(
        key=lambda entry: (entry[0] is not None, entry[0] or date.min, -entry[1]), reverse=True
    )
    return [entry[2] for entry in dated]


@dataclass(frozen=True, slots=True)
class Glance:
    """What the newest-value readers group and order an Observation by, read before validation:
    its date (`observation_date`) and the concepts of its code and of its components' codes."""

    date: date | None
    concepts: tuple[str, ...]
    component_concepts: tuple[str, ...]


# VAL-QTC-TEXT: the concept of a form whose words give the QTc (`form_gives_qtc`).
FORM_QTC = "qtc-form"


def glance(source: Any) -> Glance:
    """The `Glance` of a validated model or of the received JSON (the same rules for both)."""
    code = get(source, "code")
    return _glance(source, code, plain_key(code))


def _glance(source: Any, code: Any, code_key: tuple[Any, ...] | None) -> Glance:
    """`glance`, given the code (`get(source, "code")`) and its `plain_key`."""
    table = observation_table()
    components = tuple(
        concept
        for component in items(source, "component")
        for concept in concepts_of(table, get(component, "code"))
    )
    concepts = concepts_of_keyed(table, code, code_key)
    if form_gives_qtc(source):
        concepts = (*concepts, FORM_QTC)
    return Glance(observation_date(source), concepts, components)


@dataclass(frozen=True, slots=True)
class Glanced:
    """An Observation with its `Glance` read once: deferred (validated only if a newest-value
    reader gets to it), or validated already."""

    glance: Glance
    observation: Deferred | Parsed


# An Observation as the readers receive it: validated, or with its glance (see `Glanced`).
Candidate = Parsed | Glanced


def glance_of(candidate: Candidate) -> Glance:
    if isinstance(candidate, Glanced):
        return candidate.glance
    return glance(candidate.model)


def resolve(candidate: Candidate) -> Parsed | None:
    observation = candidate.observation if isinstance(candidate, Glanced) else candidate
    return observation.parsed() if isinstance(observation, Deferred) else observation


def with_glances(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates with every glance read, once for all the newest-value readers."""
    return [c if isinstance(c, Glanced) else Glanced(glance(c.model), c) for c in candidates]


def validated(candidates: Sequence[Candidate]) -> list[Parsed]:
    """The candidates that are validated already (the ones read in full by every reader)."""
    observations = (c.observation if isinstance(c, Glanced) else c for c in candidates)
    return [o for o in observations if isinstance(o, Parsed)]


_DATE_ELEMENTS = ("effectiveDateTime", "effectiveInstant", "issued")
# CNS-METASTASES: a CSF cytology is read beside a meningeal metastasis (leptomeninges_shown).
_EAGER_CONCEPTS = ("stage:", "performance:", "progression", "imaging:", "csf:")


def _strings(value: Mapping[str, Any], keys: tuple[str, ...]) -> bool:
    return all(isinstance(value.get(key), str | None) for key in keys)


def _plain_concept(concept: Any) -> bool:
    """A CodeableConcept whose read parts (`coded`) are JSON strings, in the shape R4B expects."""
    if concept is None:
        return True
    if not isinstance(concept, dict) or not _strings(concept, ("text",)):
        return False
    codings = concept.get("coding")
    if codings is None:
        return True
    return isinstance(codings, list) and all(
        isinstance(c, dict) and _strings(c, ("system", "code", "display")) for c in codings
    )


# Deferring is exact: a deferred Observation's order and grouping (`Glance`: its date and its
# code's concepts) are read from the received JSON by the same rules as from the model. Its code
# and dates are JSON strings (or absent), which R4B validation keeps as they are (a date or
# dateTime becomes a `date`/`datetime` with the same calendar date, or stays the string) and
# cleaning (`cleaning.clean`) changes only in ways these rules ignore (blank strings dropped; a
# local time given the hospital's offset, the date it says on the hospital's calendar; an
# exported form written the R4 way, which `to_date` reads alike: `chronology.r4_text`).
# Anything else (a number where a date belongs, a code that is not an object of strings) is
# validated eagerly.
def deferrable(resource: Mapping[str, Any]) -> Glance | None:
    """The `Glance` of a received Observation that may be deferred, or None when it must be
    validated now: a staging, performance, progression or imaging concept in its code or
    components, or a code or a date that might read differently after validation (see the
    comment above)."""
    if not _strings(resource, _DATE_ELEMENTS):
        return None
    period = resource.get("effectivePeriod")
    if period is not None and not (isinstance(period, dict) and _strings(period, ("start",))):
        return None
    components = resource.get("component")
    if components is not None and not (
        isinstance(components, list)
        and all(isinstance(c, dict) and _plain_concept(c.get("code")) for c in components)
    ):
        return None
    code = resource.get("code")
    # A code with a `plain_key` (exact JSON objects and strings) is plain; the key is the
    # concept memo's too, so it is built once here.
    code_key = plain_key(code)
    if code_key is None and not _plain_concept(code):
        return None
    seen = _glance(resource, code, code_key)
    if any(c.startswith(_EAGER_CONCEPTS) for c in seen.concepts + seen.component_concepts):
        return None
    return seen


def latest_per_key(
    candidates: Sequence[Candidate],
    key: Callable[[Glance], K | None],
    read: Callable[[Parsed], T | None],
) -> list[tuple[int, T]]:
    """For each key (an analyte, a biomarker name), the fact read from its newest candidate that
    gives one, as `(position, fact)` in the order of the keys' first candidates (the position
    of the first candidate with that key, whether or not it gives a fact: read from the
    glances, so the order costs no validation).

    `key` reads a candidate's `Glance`; `read` reads the validated model and returns None when it
    gives no fact (not usable, no value, unknown unit, ...). Candidates are validated one at a
    time, newest first (`newest_first` order on the glance's date), stopping as soon as one
    gives a fact; the rest are never validated. Each candidate is read at most once.
    """

    def keys(seen: Glance) -> tuple[K, ...]:
        found = key(seen)
        return () if found is None else (found,)

    return latest_per_keys(candidates, keys, lambda parsed, _: read(parsed))


def latest_per_keys(
    candidates: Sequence[Candidate],
    keys: Callable[[Glance], Iterable[K]],
    read: Callable[[Parsed, K], T | None],
) -> list[tuple[int, T]]:
    """`latest_per_key` where one candidate may give a fact for several keys (a lab panel's
    components: its neutrophils, haemoglobin and platelets): `keys` gives every key the
    candidate may hold, and `read` reads the fact of one key, or None when the candidate gives
    none for it (the next older candidate of that key is read then). A candidate is validated at
    most once, and read at most once per key."""
    groups = _grouped(candidates, keys)
    newest: dict[K, T] = {}
    for found, entries in groups.items():
        # A copy: `newest_first` sorts in place, and the input order gives the key's position.
        for candidate in newest_first(list(entries)):
            parsed = resolve(candidate)
            fact = None if parsed is None else read(parsed, found)
            if fact is not None:
                newest[found] = fact
                break
    # Each group lists its candidates in input order: its first is the key's position.
    latest = [(groups[found][0][1], fact_found) for found, fact_found in newest.items()]
    latest.sort(key=lambda pair: pair[0])
    return latest


def _grouped(
    candidates: Sequence[Candidate], keys: Callable[[Glance], Iterable[K]]
) -> dict[K, list[tuple[date | None, int, Candidate]]]:
    """Per key, its candidates as (glance date, position, candidate), in input order."""
    groups: dict[K, list[tuple[date | None, int, Candidate]]] = {}
    for position, candidate in enumerate(candidates):
        seen = glance_of(candidate)
        for found in keys(seen):
            groups.setdefault(found, []).append((seen.date, position, candidate))
    return groups


def newest_day_per_keys(
    candidates: Sequence[Candidate],
    keys: Callable[[Glance], Iterable[K]],
    read: Callable[[Parsed, K], Sequence[T]],
) -> list[tuple[int, tuple[T, ...]]]:
    """`latest_per_keys`, but per key the facts of the newest day (VAL-SAME-DAY): those of
    the newest candidate that gives any, then those of every other candidate of its day (by the
    glance's date), newest first; older days' candidates are never validated. An undated
    newest stands alone."""
    groups = _grouped(candidates, keys)
    newest: dict[K, tuple[T, ...]] = {}
    for found, entries in groups.items():
        day: list[T] = []
        when_found: date | None = None
        for when, candidate in newest_first([(w, p, (w, c)) for w, p, c in entries]):
            if day and when != when_found:
                break
            parsed = resolve(candidate)
            facts = () if parsed is None else read(parsed, found)
            if not facts:
                continue
            day.extend(facts)
            when_found = when
            if when is None:
                break
        if day:
            newest[found] = tuple(day)
    latest = [(groups[found][0][1], facts) for found, facts in newest.items()]
    latest.sort(key=lambda pair: pair[0])
    return latest


def newest_day(
    candidates: Sequence[Candidate],
    wanted: Callable[[Glance], bool],
    read: Callable[[Parsed], T | None],
    day: Callable[[T], date | None],
) -> list[T]:
    """The facts of the newest day (VAL-SAME-DAY): the newest candidate's that gives one, then
    those of every other candidate of that day that give one, newest first; the older ones are
    never validated. An undated newest fact stands alone."""
    entries = [
        (seen.date, position, candidate)
        for position, candidate in enumerate(candidates)
        if wanted(seen := glance_of(candidate))
    ]
    found: list[T] = []
    for candidate in newest_first(entries):
        parsed = resolve(candidate)
        fact = None if parsed is None else read(parsed)
        if fact is None:
            continue
        if found and day(fact) != day(found[0]):
            break
        found.append(fact)
        if day(fact) is None:
            break
    return found
