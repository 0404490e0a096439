"""What changed between two versions of a trial: criteria added, removed and changed (matched
by criterion id, each change down to the field), and the trial's other fields that changed.

Values are shown as compact JSON, so a reader sees exactly what a `trials/*.json` file holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from eligibility.criteria import Criterion
from eligibility.trial import Trial

# Provenance and record-keeping, not content: a version differs from another by what it says.
_NOT_COMPARED = frozenset({"criteria", "curation"})


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class FieldChange(_Frozen):
    """One value that differs; `path` is a field path ("ecog_max", "locations.0.city"), and a
    value missing on one side is None."""

    path: str
    before: str | None
    after: str | None

    def line(self) -> str:
        return f"{self.path}: {self.before or '(none)'} → {self.after or '(none)'}"


class CriterionSummary(_Frozen):
    id: str
    type: str
    label: str


class CriterionChange(_Frozen):
    id: str
    label_before: str
    label_after: str
    fields: tuple[FieldChange, ...]

    def lines(self) -> list[str]:
        title = (
            f"~ {self.id}: {self.label_after}"
            if self.label_before == self.label_after
            else f"~ {self.id}: {self.label_before} → {self.label_after}"
        )
        return [title, *(f"    {change.line()}" for change in self.fields)]


class VersionDiff(_Frozen):
    nct_id: str
    a: int
    b: int
    added: tuple[CriterionSummary, ...]
    removed: tuple[CriterionSummary, ...]
    changed: tuple[CriterionChange, ...]
    trial_fields: tuple[FieldChange, ...]

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed or self.trial_fields)

    def lines(self) -> list[str]:
        """The diff for a person: a header, then one block per kind of change."""
        out = [f"{self.nct_id}: version {self.a} → version {self.b}"]
        if self.unchanged:
            return [*out, "no differences"]
        out.extend(f"+ {c.id}: {c.label} ({c.type})" for c in self.added)
        out.extend(f"- {c.id}: {c.label} ({c.type})" for c in self.removed)
        for change in self.changed:
            out.extend(change.lines())
        out.extend(f"* {change.line()}" for change in self.trial_fields)
        return out


def compare_trials(nct_id: str, a: int, old: Trial, b: int, new: Trial) -> VersionDiff:
    before = {c.id: c for c in old.criteria}
    after = {c.id: c for c in new.criteria}
    changed = [
        CriterionChange(
            id=criterion_id,
            label_before=before[criterion_id].label,
            label_after=criterion.label,
            fields=_changes(_json(before[criterion_id]), _json(criterion)),
        )
        for criterion_id, criterion in after.items()
        if criterion_id in before and before[criterion_id] != criterion
    ]
    fields = list(
        _changes(
            _json(old, exclude=_NOT_COMPARED),
            _json(new, exclude=_NOT_COMPARED),
        )
    )
    kept_before = [i for i in before if i in after]
    kept_after = [i for i in after if i in before]
    if kept_before != kept_after:
        fields.append(
            FieldChange(path="criteria order", before=_order(kept_before), after=_order(kept_after))
        )
    return VersionDiff(
        nct_id=nct_id,
        a=a,
        b=b,
        added=tuple(_summary(c) for i, c in after.items() if i not in before),
        removed=tuple(_summary(c) for i, c in before.items() if i not in after),
        changed=tuple(changed),
        trial_fields=tuple(fields),
    )


def _summary(criterion: Criterion) -> CriterionSummary:
    return CriterionSummary(id=criterion.id, type=criterion.type, label=criterion.label)


def _order(ids: list[str]) -> str:
    return ", ".join(ids)


def _json(model: BaseModel, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    dumped: dict[str, Any] = model.model_dump(mode="json", exclude=set(exclude))
    return dumped


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    old = dict(_flatten(before))
    new = dict(_flatten(after))
    return tuple(
        FieldChange(
            path=path, before=_shown(old.get(path, _MISSING)), after=_shown(new.get(path, _MISSING))
        )
        for path in sorted(old.keys() | new.keys(), key=_path_key)
        if old.get(path, _MISSING) != new.get(path, _MISSING)
    )


_MISSING = object()


def _shown(value: Any) -> str | None:
    if value is _MISSING:
        return None
    return json.dumps(value, ensure_ascii=False)


def _flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Leaves by path. An empty list or dict is a leaf, so emptying a list shows."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from _flatten(item, f"{prefix}.{index}" if prefix else str(index))
    else:
        yield prefix, value


def _path_key(path: str) -> tuple[tuple[int, int | str], ...]:
    # Numeric parts in numeric order: locations.10 after locations.9.
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in path.split("."))
