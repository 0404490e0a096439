"""Golden JSON for the eligible seed-trial card: any change to card wording or shape shows up as
a reviewable diff of `golden/eligible_seed_card.json`.

Regenerate after an intended change with `ONCOMATCH_REGENERATE_GOLDEN=1 pytest tests/cards`,
then read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from card_fixtures import PATIENT_ID, SETTINGS, CountingUuids, seed_match, token_link

from cards import HookResponse, build_cards
from tools.spec_checks import extension_violations, spec_violations

GOLDEN = Path(__file__).parent / "golden" / "eligible_seed_card.json"


def seed_response() -> dict[str, object]:
    deck = build_cards(
        [seed_match()],
        patient_id=PATIENT_ID,
        settings=SETTINGS,
        new_uuid=CountingUuids(),
        match_link=token_link,
    )
    return HookResponse(cards=deck.cards).to_wire()


def test_eligible_seed_card_matches_golden() -> None:
    actual = json.dumps(seed_response(), indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("ONCOMATCH_REGENERATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
        pytest.skip(f"regenerated {GOLDEN.name}; review the diff before committing")
    assert actual == GOLDEN.read_text(encoding="utf-8")


def test_golden_file_is_itself_spec_valid() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert spec_violations(golden, forbidden_in_urls=[PATIENT_ID]) == []
    assert extension_violations(golden) == []
