"""`screen_patient`'s entries, which read each rule and criterion once per patient
(`MatchDigests`) and date evidence by a walk of the facts' values, equal the entries read the
slow way: every line of every match's built checklist, and a generic walk of the facts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date
from typing import Any

import pytest
from pydantic import BaseModel

from cds_service.hooks.pipeline import map_and_match
from cds_service.prescreen.data_dates import DATING_FIELDS, evidence_dates
from cds_service.prescreen.patient_job import (
    WORKLIST_VERDICT,
    TrialEntry,
    Unknown,
    screen_patient,
)
from cds_service.prescreen.worker_catalog import fresh_catalog, worker_catalog
from cds_service.service import open_database
from cds_service.settings import Settings
from eligibility.facts import Fact, PatientFacts, Stage
from eligibility.matching import Matcher
from eligibility.results import CriterionStatus
from fhir_mapping import ValidationCache, build_facts
from tests.cds_service.prescreen.conftest import FIXED_NOW
from tools.population.export import DEFAULT_SEED as POPULATION_SEED
from tools.population.patients import POPULATION_AS_OF, population_chart

Chart = tuple[str, list[dict[str, Any]], date]  # patient id, resources, as of


def facts_in(value: object) -> Iterator[Fact]:
    """Every fact, by the model fields and `getattr` (the walk `evidence_dates` replaced)."""
    if isinstance(value, Fact):
        yield value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from facts_in(getattr(value, name))
    elif isinstance(value, tuple):
        for item in value:
            yield from facts_in(item)


def slow_dates(facts: PatientFacts) -> dict[str, date]:
    dates: dict[str, date] = {}
    for fact in facts_in(facts):
        dated = [v for name in DATING_FIELDS if isinstance(v := getattr(fact, name, None), date)]
        for reference in fact.evidence if dated else ():
            dates[reference] = max(dates.get(reference, date.min), *dated)
    return dates


def slow_entries(chart: Chart, matcher: Matcher) -> tuple[TrialEntry, ...]:
    """Each match's entry from its built checklist, line by line."""
    patient_id, resources, as_of = chart
    found = map_and_match(
        resources,
        patient_id=patient_id,
        as_of=as_of,
        matcher=matcher,
        minimum_verdict=WORKLIST_VERDICT,
        cache=ValidationCache(),
        zone=UTC,
    )
    dates = slow_dates(found.mapping.facts)
    entries = []
    for match in found.matches:
        results = match.results
        met = [
            dates[reference]
            for r in results
            if r.status is CriterionStatus.MET
            for reference in r.evidence
            if reference in dates
        ]
        unknowns = tuple(
            Unknown(r.id, r.label, r.to_settle, r.manual_review)
            for r in results
            if r.status is CriterionStatus.UNKNOWN
        )
        entries.append(
            TrialEntry(
                match.trial.nct_id, patient_id, match.verdict, unknowns, max(met, default=None)
            )
        )
    return tuple(entries)


@pytest.fixture
def matcher(make_settings: Callable[..., Settings]) -> Matcher:
    settings = make_settings()
    open_database(settings).dispose()  # the schema the catalog loader reads
    return fresh_catalog(settings).holder.matcher


def charts(bundles: dict[str, dict[str, Any]]) -> list[Chart]:
    """The test bundles (as of the fixed clock) and population charts: varied cancers, stages,
    lines, labs, comorbidities, so entries with and without unknowns and dates."""
    found: list[Chart] = [
        (patient_id, [entry["resource"] for entry in bundle["entry"]], FIXED_NOW.date())
        for patient_id, bundle in bundles.items()
    ]
    for number in range(1, 13):
        chart = population_chart(number, POPULATION_SEED)
        found.append((chart.pid, list(chart.resources), POPULATION_AS_OF))
    return found


def test_entries_equal_the_ones_read_line_by_line(
    matcher: Matcher, bundles: dict[str, dict[str, Any]]
) -> None:
    every: list[TrialEntry] = []
    for chart in charts(bundles):
        patient_id, resources, as_of = chart
        got = screen_patient(
            resources, patient_id=patient_id, as_of=as_of, matcher=matcher, zone=UTC
        )
        assert got == slow_entries(chart, matcher), patient_id
        every.extend(got)
    # Not vacuous: entries with unknowns and without, dated and not, manual-review lines.
    assert any(e.unknowns for e in every)
    assert any(not e.unknowns for e in every)
    assert any(e.data_date is not None for e in every)
    assert any(e.data_date is None for e in every)
    assert any(u.manual_review for e in every for u in e.unknowns)


def test_evidence_dates_equal_a_walk_of_every_field(bundles: dict[str, dict[str, Any]]) -> None:
    dated = 0
    for patient_id, resources, as_of in charts(bundles):
        facts = build_facts(resources, patient_id=patient_id, as_of=as_of).facts
        dates = evidence_dates(facts)
        assert dates == slow_dates(facts), patient_id
        dated += len(dates)
    assert dated > 100  # not vacuous


class _Workup(BaseModel):
    """A model of no fact type holding facts, deeper than `PatientFacts` nests them."""

    stages: tuple[tuple[Stage, ...], ...] = ()
    notes: tuple[str, ...] = ()
    workup: _Workup | None = None


class _FactsWithWorkups(PatientFacts):
    workups: tuple[_Workup, ...] = ()
    anything: Any = None


def test_evidence_is_dated_by_facts_however_deep_the_facts_sit() -> None:
    """`evidence_dates` walks only the fields whose type can hold a fact: one nested in tuples
    and in models of other kinds, in a model holding itself or behind `Any`, is still read."""
    staged = Stage(group="IVB", date=date(2026, 3, 18), evidence=("Observation/stage",))
    restaged = Stage(group="IVB", date=date(2026, 9, 2), evidence=("Observation/stage",))
    deepest = Stage(m="M1", date=date(2026, 10, 1), evidence=("Observation/deep",))
    loose = Stage(n="N2", date=date(2026, 4, 1), evidence=("Observation/loose",))
    facts = _FactsWithWorkups(
        as_of=date(2026, 11, 25),
        patient="Patient/p",
        workups=(
            _Workup(stages=((staged,), (restaged,)), notes=("Observation/not-a-fact",)),
            _Workup(workup=_Workup(stages=((deepest,),))),
        ),
        anything=(loose,),
    )

    assert (
        evidence_dates(facts)
        == slow_dates(facts)
        == {
            "Observation/stage": date(2026, 9, 2),
            "Observation/deep": date(2026, 10, 1),
            "Observation/loose": date(2026, 4, 1),
        }
    )


def test_entries_for_some_trials_are_the_full_entries_of_those_trials(
    make_settings: Callable[..., Settings], bundles: dict[str, dict[str, Any]]
) -> None:
    """What a `--trial` run's workers make (a catalog of the asked trials alone,
    `worker_catalog`): a full run's entries of the asked trials, undecided criteria and dates
    included, and none of another trial."""
    settings = make_settings()
    open_database(settings).dispose()
    loaded = fresh_catalog(settings)
    every = [trial.nct_id for trial in loaded.holder.matcher.selected.trials]
    asked = tuple(every[::3])
    some = worker_catalog(settings, asked)
    assert worker_catalog(settings, asked) is some  # loaded once per process and list
    assert [trial.nct_id for trial in some.holder.catalog] == list(asked)
    part = some.matcher
    kept = 0
    for patient_id, resources, as_of in charts(bundles):
        full = screen_patient(
            resources,
            patient_id=patient_id,
            as_of=as_of,
            matcher=loaded.holder.matcher,
            zone=UTC,
        )
        got = screen_patient(resources, patient_id=patient_id, as_of=as_of, matcher=part, zone=UTC)
        assert got == tuple(e for e in full if e.nct_id in asked), patient_id
        kept += len(got)
    assert kept > 100  # not vacuous
