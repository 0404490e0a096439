"""The match-token store: facts stored once by content, tokens that outlive the first answer's
facts row, and purging that never strands a live token. On SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from cds_service.storage.db import write_transaction
from cds_service.storage.match_tokens import MatchFacts, MatchToken, MatchTokenStore
from eligibility.facts import Demographics, PatientFacts
from eligibility.vocabulary import Sex
from tests.support.database import migrated_engine

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TTL = timedelta(hours=24)


def facts(age: int) -> PatientFacts:
    return PatientFacts(
        as_of=NOW.date(),
        patient="Patient/p1",
        demographics=Demographics(age_years=age, sex=Sex.MALE, evidence=("Patient/p1",)),
    )


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    with migrated_engine(database_url) as engine:
        yield engine


def store_on(engine: Engine) -> MatchTokenStore:
    numbers = itertools.count(1)
    return MatchTokenStore(engine, TTL, new_token=lambda: f"token-{next(numbers)}")


def rows(engine: Engine, model: type[MatchFacts] | type[MatchToken]) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(model)) or 0)


def issue(store: MatchTokenStore, engine: Engine, chart: PatientFacts, at: datetime) -> str:
    pending = store.prepare(chart, ["NCT07188584"], at)
    with write_transaction(engine) as connection:
        pending.write(connection)
    return pending.tokens["NCT07188584"]


def test_the_same_facts_are_stored_once_and_other_facts_apart(engine: Engine) -> None:
    store = store_on(engine)
    first = issue(store, engine, facts(51), NOW)
    again = issue(store, engine, facts(51), NOW + timedelta(minutes=5))  # the chart re-opened
    other = issue(store, engine, facts(52), NOW)
    assert rows(engine, MatchFacts) == 2
    assert rows(engine, MatchToken) == 3
    for token, age in ((first, 51), (again, 51), (other, 52)):
        stored = store.get(token, NOW + timedelta(minutes=10))
        assert stored is not None
        assert stored.facts.demographics.age_years == age
        assert stored.facts.patient == "Patient/anonymous"


def test_a_token_outliving_its_facts_rows_first_answer_keeps_the_row(engine: Engine) -> None:
    store = store_on(engine)
    issue(store, engine, facts(51), NOW)
    later = issue(store, engine, facts(51), NOW + timedelta(hours=20))
    issue(store, engine, facts(60), NOW)  # no later answer: its row goes with its token
    # Past the first answer's expiry, before the later one's.
    assert store.purge_expired(NOW + TTL + timedelta(hours=1)) == 2
    assert rows(engine, MatchFacts) == 1
    stored = store.get(later, NOW + TTL + timedelta(hours=1))
    assert stored is not None
    assert stored.facts.demographics.age_years == 51
    # Once the later token is gone too, so are the facts.
    assert store.purge_expired(NOW + timedelta(hours=20) + TTL) == 1
    assert rows(engine, MatchFacts) == 0
    assert rows(engine, MatchToken) == 0
