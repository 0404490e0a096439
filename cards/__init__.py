"""CDS Hooks cards from trial matches.

Public API: `build_cards` and `reissue_cards` (with `CardSettings`, `CardDeck`,
`IssuedTrialCard`), the response models in `cards.models`, and the codes in
`cards.codings`. No FastAPI, no FHIR library: a card is plain data.
"""

from cards.codings import (
    OVERRIDE_REASON_SYSTEM,
    OVERRIDE_REASONS,
    TOPIC_SYSTEM,
    TRIAL_MATCH_TOPIC,
    OverrideReason,
)
from cards.deck import CardDeck, IssuedTrialCard, build_cards, display_order, reissue_cards
from cards.errors import CardBuildError, CardError, CardSettingsError
from cards.extension import MORE_MATCHES_KEY, TRIAL_MATCH_KEY
from cards.models import (
    Action,
    ActionType,
    Card,
    Coding,
    HookResponse,
    Indicator,
    Link,
    LinkType,
    SelectionBehavior,
    Source,
    Suggestion,
)
from cards.settings import CardSettings

__all__ = [
    "MORE_MATCHES_KEY",
    "OVERRIDE_REASONS",
    "OVERRIDE_REASON_SYSTEM",
    "TOPIC_SYSTEM",
    "TRIAL_MATCH_KEY",
    "TRIAL_MATCH_TOPIC",
    "Action",
    "ActionType",
    "Card",
    "CardBuildError",
    "CardDeck",
    "CardError",
    "CardSettings",
    "CardSettingsError",
    "Coding",
    "HookResponse",
    "Indicator",
    "IssuedTrialCard",
    "Link",
    "LinkType",
    "OverrideReason",
    "SelectionBehavior",
    "Source",
    "Suggestion",
    "build_cards",
    "display_order",
    "reissue_cards",
]
