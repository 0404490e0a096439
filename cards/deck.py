"""`build_cards`: match results -> the cards of one hook response, and what was issued.

Pure and deterministic: uuids come only from `new_uuid`, match-page URLs only from `match_link`,
and no clock is read, so the same matches always give byte-identical JSON (golden tests rely on
it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import BaseModel, ConfigDict

from cards.models import Card
from cards.more_card import ALL_MATCHES, more_card, more_links
from cards.referral import check_patient_id
from cards.settings import CardSettings
from cards.trial_card import trial_card, trial_links
from eligibility.ranking import RankedMatches, display_order
from eligibility.results import Verdict
from eligibility.trial_match import TrialMatch

__all__ = ["CardDeck", "IssuedTrialCard", "build_cards", "display_order", "reissue_cards"]


class IssuedTrialCard(BaseModel):
    """A trial card as issued: feedback arrives with only the card uuid, and this ties it back to
    the trial and the verdict the clinician saw."""

    model_config = ConfigDict(frozen=True)

    card_uuid: str
    nct_id: str
    verdict: Verdict


class CardDeck(BaseModel):
    """The cards to return, in display order, plus the trial cards to record for feedback.

    `more_card_uuid` is the uuid of the "N more matches" card when there is one; feedback on it
    concerns no single trial.
    """

    model_config = ConfigDict(frozen=True)

    cards: tuple[Card, ...] = ()
    issued: tuple[IssuedTrialCard, ...] = ()
    more_card_uuid: str | None = None


def build_cards(
    matches: Sequence[TrialMatch],
    *,
    patient_id: str,
    settings: CardSettings,
    new_uuid: Callable[[], str],
    match_link: Callable[[str], str | None],
) -> CardDeck:
    """The cards for `matches`. `match_link(nct_id)` gives the URL of that trial's checklist
    page for this answer, and `match_link(ALL_MATCHES)` the patient's full list (None: no such
    link)."""
    check_patient_id(patient_id)
    # The matcher's own ranking is read as far as the cards go (five matches of ~800 for a
    # typical chart); any other sequence is ranked here.
    ranked = matches if isinstance(matches, RankedMatches) else RankedMatches.of(matches)
    # Card-worthy: a verdict the settings show, and a non-empty checklist (a match with no
    # evaluated criteria is vacuously "eligible" but says nothing about this patient and would
    # break the extension contract).
    shown = ranked.card_worthy([verdict for verdict in Verdict if settings.shows(verdict)])
    top, rest = shown[: settings.max_trial_cards], shown.after(settings.max_trial_cards)

    cards: list[Card] = []
    issued: list[IssuedTrialCard] = []
    for match in top:
        card = trial_card(
            match,
            patient_id=patient_id,
            settings=settings,
            new_uuid=new_uuid,
            match_link=match_link,
        )
        assert card.uuid is not None  # trial_card always sets one
        cards.append(card)
        issued.append(
            IssuedTrialCard(card_uuid=card.uuid, nct_id=match.trial.nct_id, verdict=match.verdict)
        )

    more_uuid = None
    if rest:
        extra = more_card(rest, settings=settings, new_uuid=new_uuid, match_link=match_link)
        more_uuid = extra.uuid
        cards.append(extra)
    return CardDeck(cards=tuple(cards), issued=tuple(issued), more_card_uuid=more_uuid)


def reissue_cards(
    deck: CardDeck,
    *,
    new_uuid: Callable[[], str],
    match_link: Callable[[str], str | None],
    settings: CardSettings,
) -> CardDeck:
    """`deck` as `build_cards` would make it again for the same matches: the same cards with
    new uuids (drawn in the same order) and this answer's checklist links.

    A clinician re-opening an unchanged chart gets the same matches; rendering their checklists
    again was ~40 % of answering such a call.
    """
    issued_by_uuid = {issued.card_uuid: issued for issued in deck.issued}
    cards: list[Card] = []
    issued: list[IssuedTrialCard] = []
    more_uuid = None
    for card in deck.cards:
        trial = issued_by_uuid.get(card.uuid) if card.uuid is not None else None
        if trial is None:  # the "more matches" card
            more_uuid = new_uuid()
            links = more_links(settings, match_link(ALL_MATCHES))
            cards.append(card.model_copy(update={"uuid": more_uuid, "links": links}))
            continue
        card_uuid = new_uuid()
        suggestions = tuple(s.model_copy(update={"uuid": new_uuid()}) for s in card.suggestions)
        record = card.links[0]
        links = trial_links(trial.nct_id, record.url, match_link(trial.nct_id))
        cards.append(
            card.model_copy(update={"uuid": card_uuid, "suggestions": suggestions, "links": links})
        )
        issued.append(trial.model_copy(update={"card_uuid": card_uuid}))
    return CardDeck(cards=tuple(cards), issued=tuple(issued), more_card_uuid=more_uuid)
