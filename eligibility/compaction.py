"""Share the repeated parts of loaded trials, so a large catalog fits in memory.

A 25,000-trial catalog is some 350,000 small pydantic models, and each carries its own
`__pydantic_fields_set__`: a 216-byte set, identical for almost every criterion of one type.
Sharing one set per distinct content nearly halves the catalog's memory (measured on a 25k
synthetic catalog: peak RSS 435 MB -> 245 MB, for about 0.5 s more load time). Short strings
need no such help: pydantic already caches them when parsing JSON.

Safe because the models are frozen: pydantic never mutates the fields set of a frozen model in
place (`model_copy` copies it first). Done right after each trial is validated, so the freed
memory is reused by the next trial instead of raising the peak.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from eligibility.criteria import walk
from eligibility.trial import Trial

_shared_field_sets: dict[frozenset[str], set[str]] = {}


def _share(model: BaseModel) -> None:
    fields = frozenset(model.__pydantic_fields_set__)
    shared = _shared_field_sets.setdefault(fields, set(fields))
    object.__setattr__(model, "__pydantic_fields_set__", shared)


def compact(trial: Trial) -> Trial:
    """The same trial with its repeated parts shared (in place; returned for chaining)."""
    parts: Iterable[BaseModel] = (
        trial,
        trial.source,
        *trial.locations,
        *trial.investigators,
        *(criterion for top in trial.criteria for criterion in walk(top)),
    )
    for part in parts:
        _share(part)
    return trial
