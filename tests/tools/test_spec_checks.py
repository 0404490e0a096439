"""`spec_violations` / `extension_violations` catch each rule they claim to, and every deck we
build — including from hostile and extreme data — passes them."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cards import (
    CardSettings,
    HookResponse,
    build_cards,
)
from eligibility.results import CriterionStatus
from tests.cards.card_fixtures import (
    PATIENT_ID,
    CountingUuids,
    make_trial,
    match_of,
    result,
    token_link,
)
from tools.spec_checks import extension_violations, spec_violations

GOLDEN = Path(__file__).resolve().parents[1] / "cards" / "golden" / "eligible_seed_card.json"


def golden() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return loaded


def broken(edit: Any) -> dict[str, Any]:
    response = copy.deepcopy(golden())
    edit(response["cards"][0])
    return response


def test_empty_cards_is_the_one_allowed_empty_value() -> None:
    assert spec_violations({"cards": []}) == []
    assert spec_violations({}) == ["cards: required (use [] for no guidance)"]
    assert spec_violations([]) == ["$: a hook response must be a JSON object"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda c: c.update(detail=None), "cards[0].detail: null is prohibited"),
        (lambda c: c.update(links=[]), "cards[0].links: empty list is prohibited"),
        (lambda c: c.update(extension={}), "cards[0].extension: empty dict is prohibited"),
        (
            lambda c: c["source"].update(label=""),
            "cards[0].source.label: empty str is prohibited",
        ),
        (
            lambda c: c["suggestions"][0]["actions"][0]["resource"].update(note=[{}]),
            "cards[0].suggestions[0].actions[0].resource.note[0]: empty dict is prohibited",
        ),
        (lambda c: c.update(summary="x" * 140), "cards[0].summary: 140 characters; must be < 140"),
        (lambda c: c.pop("summary"), "cards[0].summary: required text"),
        (lambda c: c.update(indicator="urgent"), "cards[0].indicator: must be one of"),
        (lambda c: c.pop("source"), "cards[0].source: required object"),
        (
            lambda c: c.pop("selectionBehavior"),
            "cards[0].selectionBehavior: required with suggestions",
        ),
        (lambda c: c.update(selectionBehavior="one"), "cards[0].selectionBehavior: required"),
        (lambda c: c["links"][0].pop("type"), "cards[0].links[0].type: required"),
        (lambda c: c.update(links="x"), "cards[0].links: must be an array"),
        (
            lambda c: c.update(overrideReasons={"a": 1}),
            "cards[0].overrideReasons: must be an array",
        ),
        (
            lambda c: c["suggestions"][0].update(actions="x"),
            "cards[0].suggestions[0].actions: must be an array",
        ),
        (
            lambda c: c["links"][1].update(url="/match/abc"),
            "cards[0].links[1].url: an absolute link needs an absolute URL",
        ),
        (
            lambda c: c["links"][0].update(appContext="x"),
            "cards[0].links[0].appContext: only valid on smart links",
        ),
        (
            lambda c: c["overrideReasons"][2].pop("display"),
            "cards[0].overrideReasons[2].display: required for override reasons",
        ),
        (
            lambda c: c["suggestions"][0]["actions"][0].pop("resource"),
            "cards[0].suggestions[0].actions[0].resource: a create action needs a FHIR resource",
        ),
        (
            lambda c: c["suggestions"][0]["actions"][0].update(type="order"),
            "cards[0].suggestions[0].actions[0].type: must be one of",
        ),
        (lambda c: c["suggestions"][0].pop("label"), "cards[0].suggestions[0].label: required"),
        (lambda c: c.update(priority=1), "cards[0].priority: not a spec attribute"),
        (
            lambda c: c["source"].update(url="oncomatch"),
            "cards[0].source.url: must be an absolute URL",
        ),
        (lambda c: c["source"]["topic"].pop("code"), "cards[0].source.topic.code: required"),
    ],
)
def test_each_spec_rule_is_caught(edit: Any, expected: str) -> None:
    violations = spec_violations(broken(edit))
    assert any(v.startswith(expected) for v in violations), violations


def test_duplicate_card_uuids_are_caught() -> None:
    response = golden()
    response["cards"].append(copy.deepcopy(response["cards"][0]))
    assert "cards[1].uuid: duplicates cards[0].uuid" in spec_violations(response)


def test_patient_data_in_a_url_is_caught() -> None:
    response = broken(lambda c: c["links"][1].update(url=f"http://h/match?patient={PATIENT_ID}"))
    assert spec_violations(response, forbidden_in_urls=[PATIENT_ID]) == [
        "cards[0].links[1].url: URL contains forbidden data"
    ]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda c: c.pop("extension"), "cards[0].extension: every OncoMatch card"),
        (
            lambda c: c["extension"].update({"oncomatch.more-matches": {"count": 2}}),
            "cards[0].extension: needs exactly one of",
        ),
        (
            lambda c: c["extension"].update(
                {
                    "oncomatch.trial-match": dict(
                        reversed(c["extension"]["oncomatch.trial-match"].items())
                    )
                }
            ),
            "cards[0].extension['oncomatch.trial-match']: keys must be exactly",
        ),
        (
            lambda c: c["extension"]["oncomatch.trial-match"].update(verdict="not_eligible"),
            "cards[0].extension['oncomatch.trial-match'].verdict: a card is only shown",
        ),
        (
            lambda c: c["extension"]["oncomatch.trial-match"].update(catalogAsOf="Jun 2026"),
            "cards[0].extension['oncomatch.trial-match'].catalogAsOf: must be a YYYY-MM-DD",
        ),
        (
            lambda c: c["extension"]["oncomatch.trial-match"]["criteria"][0].update(status="ok"),
            "cards[0].extension['oncomatch.trial-match'].criteria[0].status",
        ),
        (
            lambda c: c["extension"]["oncomatch.trial-match"]["criteria"][3].update(
                status="unknown"
            ),
            "cards[0].extension['oncomatch.trial-match'].verdict: 'eligible' but its criteria",
        ),
        (
            lambda c: c["extension"]["oncomatch.trial-match"]["criteria"][0].update(
                evidence=["npc-dx"]
            ),
            "cards[0].extension['oncomatch.trial-match'].criteria[0].evidence[0]: must be a FHIR",
        ),
        (
            lambda c: c["extension"]["oncomatch.trial-match"]["criteria"][0].update(toSettle="x"),
            "cards[0].extension['oncomatch.trial-match'].criteria[0]: keys must be",
        ),
    ],
)
def test_each_extension_rule_is_caught(edit: Any, expected: str) -> None:
    violations = extension_violations(broken(edit))
    assert any(v.startswith(expected) for v in violations), violations


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=300).map(
    lambda s: s + "x"
)  # never blank: the models require text where the registry does
_status = st.sampled_from(list(CriterionStatus))


@st.composite
def _matches(draw: st.DrawFn) -> list[Any]:
    matches = []
    for i in range(draw(st.integers(min_value=0, max_value=9))):
        statuses = draw(st.lists(_status, min_size=1, max_size=6))
        matches.append(
            match_of(
                make_trial(
                    f"NCT{i:08d}",
                    title=draw(_text),
                    short_title=draw(st.none() | _text),
                    phase=draw(st.none() | _text),
                    sponsor=draw(st.none() | _text),
                ),
                [
                    result(
                        f"c{j}",
                        status,
                        label=draw(_text),
                        reason=draw(_text),
                        to_settle=draw(st.none() | _text),
                        manual_review=draw(st.booleans()) and status is CriterionStatus.UNKNOWN,
                        source_text=draw(st.none() | _text),
                        evidence=tuple(f"Observation/o{k}" for k in range(draw(st.integers(0, 2)))),
                    )
                    for j, status in enumerate(statuses)
                ],
            )
        )
    return matches


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matches=_matches(), cap=st.integers(min_value=1, max_value=6))
def test_every_deck_we_build_is_spec_valid(matches: list[Any], cap: int) -> None:
    deck = build_cards(
        matches,
        patient_id=PATIENT_ID,
        settings=CardSettings(max_trial_cards=cap),
        new_uuid=CountingUuids(),
        match_link=token_link,
    )
    wire = HookResponse(cards=deck.cards).to_wire()
    assert spec_violations(wire, forbidden_in_urls=[PATIENT_ID]) == []
    assert extension_violations(wire) == []
    assert all(len(card["summary"]) < 140 for card in wire["cards"])
