"""Share the repeated parts of loaded trials, so a large catalog fits in memory.

A large catalog is hundreds of thousands of small pydantic models, and each carries its own
`__pydantic_fields_set__`, identical for almost every criterion of one type: sharing one set per
distinct content nearly halves the catalog's memory. Short strings need no such help: pydantic
already caches them when parsing JSON.

Safe because the models are frozen: pydantic never mutates the fields set of a frozen model in
place (`model_copy` copies it first). Done right after each trial is validated, so the freed
memory is reused by the next trial instead of raising the peak.

Whole criteria repeat too: ids are short and positional ("c1", "c2", ...) and a catalog says
"Age ≥ 18" or "ECOG 0–1" thousands of times. Given a table (the catalog's
`RuleBook` keeps one), `compact` replaces each top-level criterion of a trial by the first one
loaded with the same class, field values and set fields: equal by value, so nothing that
compares, hashes or serialises a criterion can tell (the models are frozen; nothing in the
service keys on a criterion's identity).
"""

from __future__ import annotations

from collections.abc import Hashable, MutableMapping

from pydantic import BaseModel

from eligibility.caches import BoundedLru
from eligibility.criteria import Criterion, walk
from eligibility.trial import Trial

# A few dozen distinct field sets in practice; one evicted only stops being shared.
_shared_field_sets: BoundedLru[frozenset[str], set[str]] = BoundedLru(
    "eligibility.compaction.field_sets", 4_096
)


def _share(model: BaseModel) -> None:
    fields = frozenset(model.__pydantic_fields_set__)
    shared = _shared_field_sets.get(fields)
    if shared is None:
        shared = _shared_field_sets.put(fields, set(fields))
    object.__setattr__(model, "__pydantic_fields_set__", shared)


def _shared_criterion(
    criterion: Criterion, table: MutableMapping[Hashable, Criterion]
) -> Criterion:
    try:
        key = (
            type(criterion),
            tuple(criterion.__dict__.values()),
            frozenset(criterion.__pydantic_fields_set__),
        )
        return table.setdefault(key, criterion)
    except TypeError:  # an unhashable field value: keep this one as it is
        return criterion


def compact(trial: Trial, criteria: MutableMapping[Hashable, Criterion] | None = None) -> Trial:
    """The same trial with its repeated parts shared (in place; returned for chaining); with a
    `criteria` table, its criteria shared with the equal ones already in the table."""
    for part in (trial, trial.source, *trial.locations, *trial.investigators):
        _share(part)
    if criteria is None or not trial.criteria:
        for top in trial.criteria:
            _share_all(top)
        return trial
    shared = []
    replaced = False
    for top in trial.criteria:
        kept = _shared_criterion(top, criteria)
        if kept is top:
            # New content: its models stay in the catalog. A replaced one is dropped, so
            # sharing its fields sets would be wasted work (most criteria are replaced).
            _share_all(top)
        else:
            replaced = True
        shared.append(kept)
    if replaced:
        # Frozen model: set the field's value directly (equal by value, see above).
        trial.__dict__["criteria"] = tuple(shared)
    return trial


def _share_all(top: Criterion) -> None:
    for criterion in walk(top):
        _share(criterion)
