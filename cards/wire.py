"""Serialising CDS Hooks JSON: the spec forbids null and empty values anywhere.

"JSON elements SHALL NOT be null ... `null`, `""`, `[]`, or `{}` are prohibited" (spec, Use of
JSON). Models are dumped by alias without None, then pruned of empty strings and collections.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class WireModel(BaseModel):
    """Base of every CDS Hooks object we emit: camelCase on the wire, snake_case in Python."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        frozen=True,
        extra="forbid",
        use_enum_values=True,
    )

    def to_wire(self) -> dict[str, Any]:
        pruned = prune_empty(self.model_dump(mode="json", by_alias=True, exclude_none=True))
        assert isinstance(pruned, dict)
        return pruned


def prune_empty(value: Any) -> Any:
    """Drop None, "", [] and {} recursively (after pruning children)."""
    if isinstance(value, dict):
        pruned_dict = {}
        for key, item in value.items():
            item = prune_empty(item)
            if not _is_empty(item):
                pruned_dict[key] = item
        return pruned_dict
    if isinstance(value, list):
        pruned_list = []
        for item in value:
            item = prune_empty(item)
            if not _is_empty(item):
                pruned_list.append(item)
        return pruned_list
    return value


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)
