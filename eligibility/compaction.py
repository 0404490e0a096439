"""Share the repeated parts of loaded trials, so a large catalog fits in memory.

Every pydantic model carries its own `__pydantic_fields_set__`, identical for almost every
criterion of one type; one set per distinct content is shared, safe because pydantic never
mutates a frozen model's fields set in place (`model_copy` copies it first). With a table,
`compact` also replaces each top-level criterion by the first equal one loaded (same class,
values and set fields): equal by value, and nothing in the service keys on a criterion's identity.
"""

from __future__ import annotations

from collections.abc import Hashable, MutableMapping

from pydantic import BaseModel

from eligibility.caches import BoundedMemo
from eligibility.criteria import Criterion, walk
from eligibility.trial import Trial

# A few dozen distinct field sets in practice; one evicted only stops being shared.
_shared_field_sets: BoundedMemo[frozenset[str], set[str]] = BoundedMemo(
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
