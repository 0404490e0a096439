"""`MatchDigests`: a match's unknown lines and its met lines' newest evidence date, read once per
rule and criterion of a patient's matches, equal to reading every line of every match."""

from __future__ import annotations

from datetime import date
from typing import Any

from eligibility_factories import (
    ANC_1_5,
    ECOG_0,
    ECOG_0_1,
    ONE_OF_EACH_TYPE,
    cancer_type,
    ecog,
    seed_patient,
    trial,
)

from eligibility.catalog import Catalog
from eligibility.facts import Evidence, PatientFacts
from eligibility.match_digests import MatchDigest, MatchDigests, UnknownReadings
from eligibility.matching import Matcher
from eligibility.ranking import RankedMatches
from eligibility.results import CriterionStatus, Verdict
from eligibility.rules import Decision
from eligibility.trial_match import TrialMatch

# Dates by evidence reference, as a reader would find them in the facts (a test's stand-in).
DATES = {
    "Observation/ecog": date(2026, 10, 30),
    "Observation/stage": date(2026, 2, 20),
    "Condition/npc": date(2026, 2, 10),
    "Observation/qtc": date(2026, 10, 28),
    "MedicationAdministration/c1": date(2026, 7, 20),
}


def dated(evidence: Evidence) -> date | None:
    found = [DATES[reference] for reference in evidence if reference in DATES]
    return max(found) if found else None


def unknown(
    criterion_id: str, label: str, to_settle: str | None, manual_review: bool
) -> tuple[str, str, str | None, bool]:
    return (criterion_id, label, to_settle, manual_review)


def line_by_line(match: TrialMatch) -> MatchDigest[tuple[str, str, str | None, bool]]:
    """The digest the slow way: every line of the built checklist, one at a time."""
    results = match.results
    met_dates = [
        day
        for r in results
        if r.status is CriterionStatus.MET and (day := dated(r.evidence)) is not None
    ]
    return MatchDigest(
        tuple(
            (r.id, r.label, r.to_settle, r.manual_review)
            for r in results
            if r.status is CriterionStatus.UNKNOWN
        ),
        max(met_dates, default=None),
    )


_NESTING = ("all_of", "any_of", "not")  # they nest criteria the trial has, by the same ids

# Trials sharing criteria (same content, different ids and labels, and the very same ones), so
# digests meet a rule and a criterion again: met, unknown and (for the checklists) not met.
TRIALS = [
    trial("NCT00000001", [ECOG_0_1, cancer_type("nasopharyngeal_carcinoma"), ANC_1_5]),
    trial("NCT00000002", [ECOG_0_1, ANC_1_5, {**ANC_1_5, "id": "anc2", "label": "ANC"}]),
    trial("NCT00000003", [c for c in ONE_OF_EACH_TYPE if c["type"] not in _NESTING]),
    trial("NCT00000007", [c for c in ONE_OF_EACH_TYPE if c["type"] in ("all_of", "stage")]),
    trial("NCT00000004", [ECOG_0, ANC_1_5]),
    trial("NCT00000005", [cancer_type("nasopharyngeal_carcinoma")]),
    trial("NCT00000006", []),
]


def patient() -> PatientFacts:
    return seed_patient(
        performance=(ecog(1).model_copy(update={"evidence": ("Observation/ecog",)}),)
    )


CATALOG = Catalog(TRIALS)


def checklists(facts: PatientFacts) -> list[TrialMatch]:
    # Not-eligible matches too: their not-met lines must count neither as unknown nor as dated.
    return Matcher(CATALOG).match(facts, minimum_verdict=Verdict.NOT_ELIGIBLE)


def test_digests_equal_reading_every_line_of_every_match() -> None:
    matches = checklists(patient())
    digests = MatchDigests(unknown, dated)
    got = {m.trial.nct_id: m.digest(digests) for m in matches}
    expected = {m.trial.nct_id: line_by_line(m) for m in matches}
    assert got == expected
    # Not vacuous: every kind of line, and digests with unknowns, dates, both and neither.
    statuses = {r.status for m in matches for r in m.results}
    assert statuses == set(CriterionStatus)
    assert any(d.unknown and d.decided_on for d in got.values())
    assert any(not d.unknown and d.decided_on for d in got.values())
    assert got["NCT00000006"] == MatchDigest((), None)
    # Read after the checklists were built: the same, line by line.
    assert {m.trial.nct_id: m.digest(MatchDigests(unknown, dated)) for m in matches} == expected


def test_each_rule_and_criterion_is_read_once_per_patient() -> None:
    matches = checklists(patient())
    read_unknown: list[str] = []
    read_dated: list[Evidence] = []

    def counting_unknown(*line: Any) -> tuple[str, str, str | None, bool]:
        read_unknown.append(line[0])
        return unknown(*line)

    def counting_dated(evidence: Evidence) -> date | None:
        read_dated.append(evidence)
        return dated(evidence)

    digests = MatchDigests(counting_unknown, counting_dated)
    for match in matches:
        match.digest(digests)
    met_rules, met_lines = set(), 0
    for match in matches:
        compiled = CATALOG.compiled(match.trial.nct_id)
        assert compiled is not None
        for entry, result in zip(compiled.criteria, match.results, strict=True):
            if result.status is CriterionStatus.MET:
                met_rules.add(entry.rule)
                met_lines += 1
    # ANC is met in four trials (twice, under two ids, in one), ECOG 0-1 in three: each rule's
    # evidence is dated once.
    assert len(read_dated) == len(met_rules) < met_lines
    # Unknown lines are read once per criterion (id and label: what the reading may name).
    unknown_lines = [
        r.id for m in matches for r in m.results if r.status is CriterionStatus.UNKNOWN
    ]
    assert read_unknown
    assert len(read_unknown) == len(set(read_unknown)) < len(unknown_lines)


def test_digests_of_another_patients_decisions_start_again() -> None:
    digests = MatchDigests(unknown, dated)
    first = checklists(patient())
    # ECOG 0 met now: the first patient's reading of that rule (not met) must not be reused.
    second = checklists(
        seed_patient(performance=(ecog(0).model_copy(update={"evidence": ("Observation/ecog",)}),))
    )
    for matches in (first, second):
        got = {m.trial.nct_id: m.digest(digests) for m in matches}
        assert got == {m.trial.nct_id: line_by_line(m) for m in matches}
    verdicts = {m.trial.nct_id: m.verdict for m in second}
    assert verdicts["NCT00000004"] is not Verdict.NOT_ELIGIBLE


def test_a_ranking_digests_its_matches_in_display_order_without_making_them() -> None:
    facts = patient()
    ranked = Matcher(CATALOG).rank(facts, minimum_verdict=Verdict.NOT_ELIGIBLE)
    got = list(ranked.digested(MatchDigests(unknown, dated)))
    expected = [(m.trial, m.verdict, line_by_line(m)) for m in checklists(facts)]
    assert sorted(got, key=lambda g: g[0].nct_id) == sorted(expected, key=lambda e: e[0].nct_id)
    assert [trial.nct_id for trial, _, _ in got] == [m.trial.nct_id for m in ranked]
    # Matches already made (a ranking of any matches) digest the same.
    made = RankedMatches.of(checklists(facts))
    assert list(made.digested(MatchDigests(unknown, dated))) == got


def test_a_rules_hints_stay_one_object_while_they_stay_the_same() -> None:
    read: list[tuple[str, str, str | None, bool]] = []

    def counting_unknown(*line: Any) -> tuple[str, str, str | None, bool]:
        read.append(line)
        return unknown(*line)

    readings = UnknownReadings(counting_unknown)
    compiled = CATALOG.compiled("NCT00000001")
    assert compiled is not None
    entry = compiled.criteria[0]
    record_ecog = Decision(CriterionStatus.UNKNOWN, "no ECOG", (), "Record an ECOG score")
    same_hint = Decision(CriterionStatus.UNKNOWN, "no ECOG yet", (), "Record an ECOG score")
    by_hand = Decision(CriterionStatus.UNKNOWN, "unclear", (), "Record an ECOG score", True)

    first = readings.hints(entry.rule, record_ecog)
    assert readings.hints(entry.rule, same_hint) is first  # another patient, the same hints
    kept = readings.read(entry, first)
    assert readings.by_criterion[id(entry)] is kept
    assert kept[:2] == (first, (entry.criterion.id, entry.criterion.label, *first))
    other = readings.hints(entry.rule, by_hand)
    assert other is not first
    assert other == ("Record an ECOG score", True)
    # Equal hints again after others: equal, but a new object, so kept readings are read again.
    again = readings.hints(entry.rule, same_hint)
    assert again == first
    assert again is not first
    assert len(read) == 1


def test_digests_sharing_readings_across_patients_equal_reading_every_line() -> None:
    readings = UnknownReadings(unknown)
    first = checklists(patient())
    # ECOG 0 met now, and the rest as before: readings of the first patient serve the second
    # only where the hints are the same.
    second = checklists(
        seed_patient(performance=(ecog(0).model_copy(update={"evidence": ("Observation/ecog",)}),))
    )
    for matches in (first, second, first):
        digests = MatchDigests(readings, dated)
        got = {m.trial.nct_id: m.digest(digests) for m in matches}
        assert got == {m.trial.nct_id: line_by_line(m) for m in matches}
    assert len(readings) > 0
