"""Which trials get cards, in what order, the cap and the "more matches" card, what is issued."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from card_fixtures import (
    PATIENT_ID,
    SETTINGS,
    CountingUuids,
    make_trial,
    match_of,
    match_with,
    no_link,
    seed_match,
    token_link,
)
from pydantic import ValidationError

from cards import (
    MORE_MATCHES_KEY,
    TRIAL_MATCH_KEY,
    CardBuildError,
    CardDeck,
    CardSettings,
    HookResponse,
    IssuedTrialCard,
    build_cards,
    reissue_cards,
)
from eligibility.matching import TrialMatch
from eligibility.results import Verdict
from eligibility.trial import TrialSource
from tools.spec_checks import extension_violations, spec_violations


def deck_of(
    matches: list[TrialMatch], settings: CardSettings = SETTINGS, link=token_link
) -> CardDeck:
    return build_cards(
        matches,
        patient_id=PATIENT_ID,
        settings=settings,
        new_uuid=CountingUuids(),
        match_link=link,
    )


def nct_ids(deck: CardDeck) -> list[str]:
    return [
        card.extension[TRIAL_MATCH_KEY]["nctId"]
        for card in deck.cards
        if card.extension and TRIAL_MATCH_KEY in card.extension
    ]


def assert_valid(deck: CardDeck) -> None:
    wire = HookResponse(cards=deck.cards).to_wire()
    assert spec_violations(wire, forbidden_in_urls=[PATIENT_ID]) == []
    assert extension_violations(wire) == []


def test_no_matches_gives_no_cards() -> None:
    deck = deck_of([])
    assert deck == CardDeck()
    assert HookResponse(cards=deck.cards).to_wire() == {"cards": []}


def test_not_eligible_trial_gets_no_card() -> None:
    deck = deck_of([match_with("NCT00000001", not_met=1, unknowns=1)])
    assert deck.cards == ()
    assert deck.issued == ()


def test_match_without_any_evaluated_criterion_gets_no_card() -> None:
    empty = match_of(make_trial("NCT00000008"), [])
    assert empty.verdict is Verdict.ELIGIBLE  # vacuously
    assert deck_of([empty]).cards == ()


def test_sorted_eligible_first_then_fewest_unknowns_then_nct_id() -> None:
    matches = [
        match_with("NCT00000005", unknowns=3),
        match_with("NCT00000004", unknowns=1),
        match_with("NCT00000009"),
        match_with("NCT00000003", unknowns=1),
        match_with("NCT00000002", not_met=1),
        match_with("NCT00000001"),
    ]
    deck = deck_of(matches)
    assert nct_ids(deck) == [
        "NCT00000001",
        "NCT00000009",
        "NCT00000003",
        "NCT00000004",
        "NCT00000005",
    ]
    assert [issued.verdict for issued in deck.issued] == [
        Verdict.ELIGIBLE,
        Verdict.ELIGIBLE,
        Verdict.POSSIBLY_ELIGIBLE,
        Verdict.POSSIBLY_ELIGIBLE,
        Verdict.POSSIBLY_ELIGIBLE,
    ]
    assert_valid(deck)


def test_order_does_not_depend_on_input_order() -> None:
    matches = [match_with(f"NCT0000000{i}", unknowns=i % 3) for i in range(1, 8)]
    assert nct_ids(deck_of(matches)) == nct_ids(deck_of(list(reversed(matches))))


def test_cap_adds_one_more_card_with_count_and_full_list_link() -> None:
    matches = [match_with(f"NCT0000001{i}", unknowns=1) for i in range(8)]
    deck = deck_of(matches, CardSettings(max_trial_cards=3))

    assert len(deck.cards) == 4
    assert len(deck.issued) == 3
    more = deck.cards[-1]
    assert more.uuid == deck.more_card_uuid
    assert more.extension == {MORE_MATCHES_KEY: {"count": 5}}
    assert more.summary.startswith("5 more possible clinical trials")
    # This patient's whole list, behind the answer's token for it.
    assert [(link.label, link.url) for link in more.links] == [
        ("All this patient's matching trials", "http://127.0.0.1:8080/match/tok-all")
    ]
    # The NCT ids behind the count are named, so a clinician need not click to know them.
    assert more.detail is not None
    for nct in ("NCT00000013", "NCT00000017"):
        assert nct in more.detail
    assert "NCT00000010" not in more.detail
    assert more.suggestions == ()
    assert_valid(deck)


def test_the_more_cards_caveat_follows_how_the_listed_trials_were_made() -> None:
    matches = [match_with(f"NCT0000001{i}", unknowns=1) for i in range(4)]
    curated_only = deck_of(matches, CardSettings(max_trial_cards=1)).cards[-1].detail
    assert curated_only is not None
    assert curated_only.endswith(
        "_Structured criteria were curated by a person and may still"
        " contain errors — verify them against the official protocol before referring._"
    )
    read = matches[-1].trial.model_copy(update={"source": TrialSource(kind="imported")})
    mixed = [*matches[:-1], match_of(read, matches[-1].results)]
    detail = deck_of(mixed, CardSettings(max_trial_cards=1)).cards[-1].detail
    assert detail is not None
    assert detail.endswith(
        "_Structured criteria were curated by a person for some of these trials and read"
        " automatically from the registry record for the others, and may contain errors —"
        " verify them against the official protocol before referring._"
    )


def test_exactly_n_matches_gives_no_more_card() -> None:
    deck = deck_of([match_with(f"NCT0000002{i}") for i in range(5)])
    assert len(deck.cards) == 5
    assert deck.more_card_uuid is None
    assert all(TRIAL_MATCH_KEY in (card.extension or {}) for card in deck.cards)


def test_one_more_is_singular_and_full_list_url_is_a_setting() -> None:
    settings = CardSettings(
        max_trial_cards=1, base_url="https://oncomatch.example.org/", full_list_url=None
    )
    # Without a token for the patient's list (no store behind the answer), the setting decides.
    deck = deck_of([match_with("NCT00000031"), match_with("NCT00000032")], settings, no_link)
    more = deck.cards[-1]
    assert more.summary == "1 more possible clinical trial — see the full list in OncoMatch"
    assert more.links[0].url == "https://oncomatch.example.org/trials"
    custom = CardSettings(max_trial_cards=1, full_list_url="https://ehr.example.org/trials/x")
    matches = [match_with("NCT00000031"), match_with("NCT00000032")]
    more = deck_of(matches, custom, no_link).cards[-1]
    assert more.links[0].url == "https://ehr.example.org/trials/x"


def test_minimum_verdict_eligible_hides_possible_matches() -> None:
    matches = [match_with("NCT00000041", unknowns=1), match_with("NCT00000042")]
    deck = deck_of(matches, CardSettings(min_verdict=Verdict.ELIGIBLE))
    assert nct_ids(deck) == ["NCT00000042"]
    # Hidden by the setting, not "more": they are not counted on a more card either.
    assert deck.more_card_uuid is None


def test_minimum_verdict_can_never_show_not_eligible() -> None:
    with pytest.raises(ValidationError, match="not eligible"):
        CardSettings(min_verdict=Verdict.NOT_ELIGIBLE)


@pytest.mark.parametrize("url", ["/relative", "127.0.0.1:8080", "ftp://x.example", "http:///x"])
def test_settings_urls_must_be_absolute(url: str) -> None:
    with pytest.raises(ValidationError, match="absolute"):
        CardSettings(base_url=url)


def test_issued_ties_each_card_uuid_to_trial_and_verdict() -> None:
    deck = deck_of([seed_match(), match_with("NCT00000051", unknowns=2)])
    assert deck.issued == (
        IssuedTrialCard(
            card_uuid="00000000-0000-4000-8000-000000000001",
            nct_id="NCT07188584",
            verdict=Verdict.ELIGIBLE,
        ),
        IssuedTrialCard(
            card_uuid="00000000-0000-4000-8000-000000000003",
            nct_id="NCT00000051",
            verdict=Verdict.POSSIBLY_ELIGIBLE,
        ),
    )
    assert [card.uuid for card in deck.cards] == [i.card_uuid for i in deck.issued]


def test_every_card_and_suggestion_has_a_distinct_uuid() -> None:
    matches = [match_with(f"NCT0000006{i}") for i in range(7)]
    deck = deck_of(matches)
    uuids = [card.uuid for card in deck.cards]
    uuids += [s.uuid for card in deck.cards for s in card.suggestions]
    assert None not in uuids
    assert len(uuids) == len(set(uuids)) == 5 + 1 + 5


def test_same_input_gives_identical_json() -> None:
    matches = [seed_match(), match_with("NCT00000071", unknowns=1)]
    first = HookResponse(cards=deck_of(matches).cards).to_wire()
    assert HookResponse(cards=deck_of(matches).cards).to_wire() == first


def test_without_match_link_only_the_registry_link() -> None:
    card = deck_of([seed_match()], link=no_link).cards[0]
    assert [(link.label, link.url, link.type) for link in card.links] == [
        (
            "ClinicalTrials.gov record NCT07188584",
            "https://clinicaltrials.gov/study/NCT07188584",
            "absolute",
        )
    ]


def test_relative_match_link_is_refused() -> None:
    with pytest.raises(CardBuildError, match="absolute"):
        deck_of([seed_match()], link=lambda nct_id: "/match/abc")


@pytest.mark.parametrize("patient_id", ["", "a/b", "x" * 65, "name with spaces"])
def test_malformed_patient_id_is_refused_without_echoing_it(patient_id: str) -> None:
    with pytest.raises(CardBuildError) as caught:
        build_cards(
            [seed_match()],
            patient_id=patient_id,
            settings=SETTINGS,
            new_uuid=CountingUuids(),
            match_link=token_link,
        )
    assert patient_id not in str(caught.value) or patient_id == ""


class PrefixedUuids:
    """Uuids of another answer: none of them may survive a reissue."""

    def __init__(self) -> None:
        self.issued = 0

    def __call__(self) -> str:
        self.issued += 1
        return f"99999999-0000-4000-8000-{self.issued:012d}"


@pytest.mark.parametrize(
    ("matches", "settings"),
    [
        ([seed_match()], SETTINGS),
        ([match_with(f"NCT0000003{i}", unknowns=i % 3) for i in range(8)], SETTINGS),
        (
            [match_with(f"NCT0000004{i}", unknowns=1) for i in range(6)],
            CardSettings(max_trial_cards=2),
        ),
        ([match_with("NCT00000050", not_met=1)], SETTINGS),
    ],
)
@pytest.mark.parametrize("link", [token_link, no_link])
def test_a_reissued_deck_is_the_deck_built_afresh(
    matches: list[TrialMatch], settings: CardSettings, link: Callable[[str], str | None]
) -> None:
    first = build_cards(
        matches,
        patient_id=PATIENT_ID,
        settings=settings,
        new_uuid=PrefixedUuids(),
        match_link=lambda nct_id: f"http://127.0.0.1:8080/match/old-{nct_id}",
    )
    uuids = CountingUuids()
    again = reissue_cards(first, new_uuid=uuids, match_link=link, settings=SETTINGS)
    fresh = build_cards(
        matches, patient_id=PATIENT_ID, settings=settings, new_uuid=CountingUuids(), match_link=link
    )
    assert again == fresh
    assert HookResponse(cards=again.cards).to_wire() == HookResponse(cards=fresh.cards).to_wire()
    assert "99999999" not in str(HookResponse(cards=again.cards).to_wire())
    assert uuids.issued == CountingUuids().issued + sum(
        1 + len(card.suggestions) for card in fresh.cards
    )


def test_reissuing_refuses_a_relative_match_link() -> None:
    deck = deck_of([seed_match()])
    with pytest.raises(CardBuildError, match="absolute"):
        reissue_cards(
            deck,
            new_uuid=CountingUuids(),
            match_link=lambda nct_id: "/match/abc",
            settings=SETTINGS,
        )
