"""Bitmaps of trial positions, and the set-at-a-time match built on them.

The matcher decides each rule once for every candidate trial holding it; these tests hold it to
the plain reading of the verdict rule (evaluate each trial's full checklist, then
`results.verdict_of`) on catalogs generated to include duplicate criteria in one trial, nested
combinators, unknowns and open (basket) trials.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eligibility_factories import ANC_1_5, ECOG_0, ECOG_0_1, cancer_type, seed_patient, trial
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.bitmaps import CatalogBitmaps, UnknownCounts, bitmap, positions
from eligibility.catalog import Catalog
from eligibility.compilation import Rule
from eligibility.index import CancerTypeIndex
from eligibility.matching import Matcher
from eligibility.results import CriterionStatus, Verdict, verdict_of
from eligibility.trial import Trial


@given(st.sets(st.integers(min_value=0, max_value=3000)))
def test_bitmap_and_positions_round_trip(found: set[int]) -> None:
    bits = bitmap(found, 3001)
    assert bits == sum(1 << p for p in found)
    assert list(positions(bits)) == sorted(found)


@given(st.lists(st.sets(st.integers(min_value=0, max_value=200)), max_size=40))
def test_unknown_counts_group_trials_by_count(additions: list[set[int]]) -> None:
    counts = UnknownCounts()
    for added in additions:
        counts.add(bitmap(added, 201))
    expected: dict[int, set[int]] = {}
    for position in range(201):
        expected.setdefault(sum(position in a for a in additions), set()).add(position)
    every = bitmap(range(201), 201)
    groups = list(counts.by_count(every))
    assert [count for count, _ in groups] == sorted(expected)
    assert {count: set(positions(group)) for count, group in groups} == expected


DAY = date(2026, 6, 1)


def test_duplicate_rules_are_counted_per_copy() -> None:
    first, second = Rule(lambda _: None), Rule(lambda _: None)  # type: ignore[arg-type,return-value]
    bitmaps = CatalogBitmaps(
        [[first, first, second], [first], []],
        CancerTypeIndex([None, frozenset({"x"}), None]),
        [DAY] * 3,
    )
    by_rule = {entry.rule: entry.occurrences for entry in bitmaps.rules}
    assert by_rule[first] == (0b011, 0b001)
    assert by_rule[second] == (0b001,)
    assert bitmaps.rules[0].rule is first  # the most widely held rule is decided first
    assert bitmaps.candidates([]) == 0b101
    assert bitmaps.candidates(["x"]) == 0b111


def test_reachable_rules_are_those_some_candidate_holds() -> None:
    shared, elsewhere, local = (Rule(lambda _: None) for _ in range(3))  # type: ignore[arg-type,return-value]
    bitmaps = CatalogBitmaps(
        [[shared], [shared, elsewhere], [local]],
        CancerTypeIndex([frozenset({"lung"}), frozenset({"breast"}), None]),
        [DAY] * 3,
    )
    reach = bitmaps.reachable(frozenset({"lung"}))
    assert reach.positions == (0, 2)  # the lung trial and the open one, renumbered 0 and 1
    assert reach.everyone == 0b11
    assert [entry.rule for entry in reach.rules] == [shared, local]  # catalog order
    assert [entry.occurrences for entry in reach.rules] == [(0b01,), (0b10,)]
    assert bitmaps.reachable(frozenset({"lung"})) is reach  # remembered per node set
    assert [e.rule for e in bitmaps.reachable(frozenset({"breast"})).rules] == [
        shared,
        elsewhere,
        local,
    ]


def test_a_reach_numbers_copies_criteria_and_dates_over_its_candidates() -> None:
    first, second = Rule(lambda _: None), Rule(lambda _: None)  # type: ignore[arg-type,return-value]
    old, new = date(2026, 5, 1), date(2026, 7, 1)
    bitmaps = CatalogBitmaps(
        [[first], [first, first, second], [], [second]],
        CancerTypeIndex([frozenset({"x"}), None, frozenset({"y"}), frozenset({"x"})]),
        [old, new, new, old],
    )
    reach = bitmaps.reachable(frozenset({"x"}))
    assert reach.positions == (0, 1, 3)
    by_rule = {entry.rule: entry.occurrences for entry in reach.rules}
    assert by_rule[first] == (0b011, 0b010)
    assert by_rule[second] == (0b110,)
    assert reach.with_criteria == 0b111
    assert reach.by_date == ((new, 0b010), (old, 0b101))
    empty = bitmaps.reachable(frozenset({"y"}))
    assert empty.positions == (1, 2)
    assert empty.with_criteria == 0b01


# --- the set-at-a-time match against trial-by-trial evaluation -----------------------------------

_OLD = {"type": "age", "id": "age80", "label": "Age ≥ 80", "min_years": 80}
_ADULT = {"type": "age", "id": "age18", "label": "Age ≥ 18", "min_years": 18}
# Met, not met and unknown for the seed patient (ECOG 1, no labs, adult, NPC).
CRITERIA: list[dict[str, Any]] = [
    ECOG_0,
    ECOG_0_1,
    ANC_1_5,
    _OLD,
    _ADULT,
    {"type": "any_of", "id": "either", "label": "ANC or age", "criteria": [ANC_1_5, _ADULT]},
    {"type": "not", "id": "not-old", "label": "Not ≥ 80", "criterion": _OLD},
    {"type": "all_of", "id": "both", "label": "ECOG and ANC", "criteria": [ECOG_0_1, ANC_1_5]},
    cancer_type("nasopharyngeal_carcinoma"),
    cancer_type("breast_cancer"),
    cancer_type("solid_tumor"),
]


def _with_ids(chosen: list[int]) -> list[dict[str, Any]]:
    # Criterion ids are unique within a trial (nested ones too); the content (and so the rule)
    # may repeat.
    counter = iter(range(1000))

    def renamed(criterion: dict[str, Any]) -> dict[str, Any]:
        copy = {**criterion, "id": f"c{next(counter)}"}
        if "criteria" in copy:
            copy["criteria"] = [renamed(child) for child in copy["criteria"]]
        if "criterion" in copy:
            copy["criterion"] = renamed(copy["criterion"])
        return copy

    return [renamed(CRITERIA[index]) for index in chosen]


catalogs = st.lists(
    st.lists(st.integers(min_value=0, max_value=len(CRITERIA) - 1), max_size=6),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(catalogs)
def test_match_agrees_with_evaluating_each_trial(chosen: list[list[int]]) -> None:
    catalog = Catalog(
        [trial(f"NCT000000{n:02d}", _with_ids(picks)) for n, picks in enumerate(chosen)]
    )
    matcher = Matcher(catalog)
    facts = seed_patient()
    reachable = {c.trial.nct_id for c in catalog.candidates(facts)}
    plain = []
    for candidate in catalog.trials:
        if candidate.nct_id not in reachable:
            continue
        match = matcher.evaluate(candidate, facts)
        assert match.verdict is verdict_of(match.results)
        unknown = sum(r.status is CriterionStatus.UNKNOWN for r in match.results)
        plain.append((match.verdict, unknown, candidate.nct_id, match.results))
    rank = {Verdict.ELIGIBLE: 0, Verdict.POSSIBLY_ELIGIBLE: 1, Verdict.NOT_ELIGIBLE: 2}
    plain.sort(key=lambda entry: (rank[entry[0]], entry[1], entry[2]))
    for minimum in Verdict:
        got = [
            (m.verdict, m.unknown_count, m.trial.nct_id, m.results)
            for m in matcher.match(facts, minimum_verdict=minimum)
        ]
        assert got == [entry for entry in plain if rank[entry[0]] <= rank[minimum]]


@settings(max_examples=60, deadline=None)
@given(catalogs, st.sets(st.integers(min_value=0, max_value=30)))
def test_a_catalog_of_some_trials_decides_them_as_the_whole_catalog(
    chosen: list[list[int]], kept: set[int]
) -> None:
    """Why pre-screening's `--trial` may load those trials alone (`load_catalog_source(only=)`):
    compiled in a rule book of their own, they decide every patient as in the whole catalog."""

    def trials() -> list[Trial]:  # made anew per catalog: compiling interns their criteria
        return [trial(f"NCT000000{n:02d}", _with_ids(picks)) for n, picks in enumerate(chosen)]

    asked = {f"NCT000000{n:02d}" for n in kept}
    whole = Matcher(Catalog(trials()))
    part = Matcher(Catalog([t for t in trials() if t.nct_id in asked]))
    facts = seed_patient()
    for minimum in Verdict:
        expected = [
            (m.verdict, m.unknown_count, m.trial.nct_id, m.results)
            for m in whole.match(facts, minimum_verdict=minimum)
            if m.trial.nct_id in asked
        ]
        got = [
            (m.verdict, m.unknown_count, m.trial.nct_id, m.results)
            for m in part.match(facts, minimum_verdict=minimum)
        ]
        assert got == expected
