"""Typed CDS Hooks 2.0 response objects (spec sections "CDS Service Response" and "Data Types").

Enums hold every closed value set; validators enforce the spec's conditional rules (summary
< 140 characters, suggestions need selectionBehavior, override reasons need a display,
appContext only on smart links).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator, model_validator

from cards.wire import WireModel


class Indicator(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class SelectionBehavior(StrEnum):
    AT_MOST_ONE = "at-most-one"
    ANY = "any"


class LinkType(StrEnum):
    ABSOLUTE = "absolute"
    SMART = "smart"


class ActionType(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class Coding(WireModel):
    system: str = Field(min_length=1)
    code: str = Field(min_length=1)
    display: str | None = None


class Source(WireModel):
    label: str = Field(min_length=1)
    url: str | None = None
    icon: str | None = None
    topic: Coding | None = None


class Link(WireModel):
    label: str = Field(min_length=1)
    url: str = Field(min_length=1)
    type: LinkType
    app_context: str | None = None
    autolaunchable: bool | None = None

    @model_validator(mode="after")
    def _app_context_only_for_smart(self) -> Link:
        if self.app_context is not None and self.type != LinkType.SMART:
            raise ValueError("appContext is only valid on smart links")
        return self


class Action(WireModel):
    type: ActionType
    description: str = Field(min_length=1)
    resource: dict[str, Any] | None = None
    resource_id: str | None = None

    @model_validator(mode="after")
    def _resource_for_type(self) -> Action:
        if self.type in (ActionType.CREATE, ActionType.UPDATE) and not self.resource:
            raise ValueError(f"a {self.type} action needs a resource")
        return self


class Suggestion(WireModel):
    label: str = Field(min_length=1)
    uuid: str | None = None
    is_recommended: bool | None = None
    actions: tuple[Action, ...] = ()


class Card(WireModel):
    uuid: str | None = None
    summary: str = Field(min_length=1, max_length=139)
    detail: str | None = None
    indicator: Indicator
    source: Source
    suggestions: tuple[Suggestion, ...] = ()
    selection_behavior: SelectionBehavior | None = None
    override_reasons: tuple[Coding, ...] = ()
    links: tuple[Link, ...] = ()
    # The spec allows an `extension` object on cards; ours carries "oncomatch.trial-match".
    extension: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _spec_rules(self) -> Card:
        if self.suggestions and self.selection_behavior is None:
            raise ValueError("selectionBehavior is required when suggestions are present")
        for reason in self.override_reasons:
            if not reason.display:
                raise ValueError("every override reason needs a display")
        return self


class HookResponse(WireModel):
    cards: tuple[Card, ...] = ()
    system_actions: tuple[Action, ...] = ()

    def to_wire(self) -> dict[str, Any]:
        body = super().to_wire()
        # The one empty value the spec requires: "no guidance" is `"cards": []`.
        body.setdefault("cards", [])
        return body

    @field_validator("cards")
    @classmethod
    def _unique_uuids(cls, cards: tuple[Card, ...]) -> tuple[Card, ...]:
        uuids = [card.uuid for card in cards if card.uuid]
        if len(uuids) != len(set(uuids)):
            raise ValueError("card uuids must be unique within a response")
        return cards
