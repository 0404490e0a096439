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
    # Exact types: the input is `model_dump(mode="json")` output, plain dicts, lists and
    # scalars, and this runs over every node of every response (~1,000 per hook call).
    kind = type(value)
    if kind is dict:
        pruned_dict = {}
        for key, item in value.items():
            item = prune_empty(item)
            if item is not None and item != _EMPTY_STR and (type(item) not in _CONTAINERS or item):
                pruned_dict[key] = item
        return pruned_dict
    if kind is list:
        pruned_list = []
        for item in value:
            item = prune_empty(item)
            if item is not None and item != _EMPTY_STR and (type(item) not in _CONTAINERS or item):
                pruned_list.append(item)
        return pruned_list
    if isinstance(value, dict):
        return prune_empty(dict(value))
    if isinstance(value, list):
        return prune_empty(list(value))
    return value


_EMPTY_STR = ""
_CONTAINERS = (dict, list)
