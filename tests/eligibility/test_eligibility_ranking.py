"""`RankedMatches`: the matcher's bitmap ranking reads exactly like the plain list of matches.

The reference is independent of the matcher's set-at-a-time walk: every reachable trial is
evaluated on its own (`Matcher.evaluate`), filtered by verdict and put in display order with
`RankedMatches.of`. Generated catalogs mix verdicts, unknown counts, trials without criteria and
several catalog dates, so that every group boundary, `after`, `card_worthy` and
`newest_data_as_of` is exercised.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from eligibility_factories import ANC_1_5, ECOG_0, ECOG_0_1, cancer_type, seed_patient, trial
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.catalog import Catalog
from eligibility.matching import Matcher
from eligibility.ranking import RankedMatches, display_order
from eligibility.results import Verdict
from eligibility.trial_match import TrialMatch

_PLATELETS = {
    "type": "lab",
    "id": "plt",
    "label": "Platelets ≥ 100",
    "analyte": "platelets",
    "comparator": ">=",
    "value": 100,
}
_ADULT = {"type": "age", "id": "age18", "label": "Age ≥ 18", "min_years": 18}
# For the seed patient (ECOG 1, adult, NPC, no labs): met, not met, unknown, unknown, met.
CRITERIA: list[dict[str, Any]] = [
    ECOG_0_1,
    ECOG_0,
    ANC_1_5,
    _PLATELETS,
    _ADULT,
    cancer_type("nasopharyngeal_carcinoma"),
]
DATES = ["2026-05-01", "2026-06-01", "2026-07-15"]

trials = st.lists(
    st.tuples(
        st.lists(st.integers(min_value=0, max_value=len(CRITERIA) - 1), max_size=4, unique=True),
        st.sampled_from(DATES),
    ),
    min_size=1,
    max_size=30,
)
verdict_sets = st.sets(st.sampled_from(list(Verdict)))


def _catalog(chosen: list[tuple[list[int], str]]) -> Catalog:
    return Catalog(
        [
            trial(f"NCT000000{n:02d}", [CRITERIA[i] for i in picks], data_as_of=day)
            for n, (picks, day) in enumerate(chosen)
        ]
    )


def _plain(matcher: Matcher, minimum: Verdict) -> RankedMatches:
    """Trial by trial, then ranked: what the bitmap ranking must read like."""
    rank = {Verdict.NOT_ELIGIBLE: 0, Verdict.POSSIBLY_ELIGIBLE: 1, Verdict.ELIGIBLE: 2}
    facts = seed_patient()
    reachable = matcher.selected.candidates(facts)
    evaluated = [matcher.evaluate(compiled.trial, facts) for compiled in reachable]
    return RankedMatches.of(m for m in evaluated if rank[m.verdict] >= rank[minimum])


def _read(ranked: RankedMatches) -> list[tuple[str, Verdict, int, Any]]:
    return [(m.trial.nct_id, m.verdict, m.unknown_count, m.results) for m in ranked]


def _assert_same(got: RankedMatches, expected: RankedMatches) -> None:
    assert len(got) == len(expected)
    assert bool(got) is bool(expected)
    assert _read(got) == _read(expected)
    assert got.newest_data_as_of() == expected.newest_data_as_of()


@settings(max_examples=80, deadline=None)
@given(trials, st.sampled_from([Verdict.POSSIBLY_ELIGIBLE, Verdict.ELIGIBLE]), verdict_sets)
def test_bitmap_ranking_reads_like_trial_by_trial_evaluation(
    chosen: list[tuple[list[int], str]], minimum: Verdict, shown: set[Verdict]
) -> None:
    matcher = Matcher(_catalog(chosen))
    ranked = matcher.rank(seed_patient(), minimum_verdict=minimum)
    expected = _plain(matcher, minimum)
    assert type(ranked) is not type(expected)  # the bitmap ranking, not a list in disguise
    _assert_same(ranked, expected)
    size = len(expected)
    for index in range(-size, size):
        assert _read(RankedMatches.of([ranked[index]])) == _read(
            RankedMatches.of([expected[index]])
        )
    for cut in range(size + 2):
        _assert_same(ranked.after(cut), expected.after(cut))
        assert _read(RankedMatches.of(ranked[cut : cut + 3])) == _read(
            RankedMatches.of(expected[cut : cut + 3])
        )
    worthy, expected_worthy = ranked.card_worthy(shown), expected.card_worthy(shown)
    _assert_same(worthy, expected_worthy)
    for cut in (0, 1, 5):
        _assert_same(worthy.after(cut), expected_worthy.after(cut))
    assert [m.trial.nct_id for m in ranked] == [
        m.trial.nct_id for m in sorted(ranked, key=display_order)
    ]


def test_a_match_is_made_once_and_shared_by_derived_rankings() -> None:
    matcher = Matcher(_catalog([([0], DATES[0]), ([2], DATES[1]), ([0, 5], DATES[2])]))
    ranked = matcher.rank(seed_patient())
    assert [m.trial.nct_id for m in ranked] == ["NCT00000000", "NCT00000002", "NCT00000001"]
    first = ranked[0]
    assert ranked[0] is first
    assert ranked.after(1)[0] is ranked[1]
    assert ranked.card_worthy([Verdict.ELIGIBLE])[0] is first


def test_trials_without_criteria_are_matches_but_not_card_worthy() -> None:
    matcher = Matcher(_catalog([([], DATES[2]), ([0], DATES[0])]))
    ranked = matcher.rank(seed_patient())
    assert [m.trial.nct_id for m in ranked] == ["NCT00000000", "NCT00000001"]
    assert ranked.newest_data_as_of() == date(2026, 7, 15)
    worthy = ranked.card_worthy([Verdict.ELIGIBLE, Verdict.POSSIBLY_ELIGIBLE])
    assert [m.trial.nct_id for m in worthy] == ["NCT00000001"]
    assert worthy.newest_data_as_of() == date(2026, 5, 1)


def test_empty_ranking() -> None:
    matcher = Matcher(_catalog([([1], DATES[0])]))  # ECOG 0: not met by the seed patient
    ranked = matcher.rank(seed_patient())
    assert len(ranked) == 0
    assert not ranked
    assert list(ranked) == []
    assert ranked[0:5] == []
    assert ranked.newest_data_as_of() is None
    assert len(ranked.after(3)) == 0
    with pytest.raises(IndexError):
        ranked[0]


def test_ranking_any_matches_sorts_them_in_display_order() -> None:
    matcher = Matcher(_catalog([([2], DATES[0]), ([0], DATES[0]), ([2, 3], DATES[0])]))
    facts = seed_patient()
    shuffled: list[TrialMatch] = [
        matcher.evaluate(t, facts) for t in reversed(matcher.catalog.trials)
    ]
    ranked = RankedMatches.of(shuffled)
    assert [(m.trial.nct_id, m.unknown_count) for m in ranked] == [
        ("NCT00000001", 0),
        ("NCT00000000", 1),
        ("NCT00000002", 2),
    ]
    assert matcher.match(facts) == list(matcher.rank(facts))
