"""Thousands of concurrent feedback posts against the real service (a uvicorn subprocess),
on SQLite (WAL) and on PostgreSQL: every distinct report is stored exactly once, every
repeat (across requests, or twice in one request) is counted as a duplicate, nothing is lost.
"""

from __future__ import annotations

import queue
import random
import threading
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
import requests
from sqlalchemy import create_engine, func, select, text

from cds_service.storage.feedback import FeedbackRecord
from tools.service_process import running_service

DISTINCT = 1500
REPEATS = 500  # posts that repeat an earlier report; every 5th carries it twice
THREADS = 16
URL = "/cds-services/oncomatch-trials/feedback"


def report(n: int) -> dict[str, Any]:
    item: dict[str, Any] = {
        "card": f"card-{n:05d}",
        "outcome": "accepted" if n % 2 else "overridden",
        "outcomeTimestamp": f"2026-11-25T09:{n // 60 % 60:02d}:{n % 60:02d}Z",
    }
    if n % 2 == 0:
        item["overrideReason"] = {
            "reason": {"system": "http://example.org/reasons", "code": f"r{n % 7}"},
            "userComment": f"comment {n}",
        }
    return item


def posts() -> list[list[dict[str, Any]]]:
    bodies = [[report(n)] for n in range(DISTINCT)]
    rng = random.Random(20261125)
    for k in range(REPEATS):
        again = report(rng.randrange(DISTINCT))
        bodies.append([again, again] if k % 5 == 0 else [again])
    rng.shuffle(bodies)
    return bodies


def post_all(base_url: str, bodies: list[list[dict[str, Any]]]) -> list[tuple[int, Any]]:
    work: queue.Queue[list[dict[str, Any]]] = queue.Queue()
    for body in bodies:
        work.put(body)
    results: list[tuple[int, Any]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + 120

    def worker() -> None:
        with requests.Session() as session:
            while time.monotonic() < stop_at:
                try:
                    body = work.get_nowait()
                except queue.Empty:
                    return
                response = session.post(
                    base_url + URL,
                    data=orjson.dumps({"feedback": body}),
                    headers={"Content-Type": "application/json"},
                    timeout=30,
                )
                parsed = response.json() if response.status_code == 200 else response.text
                with lock:
                    results.append((response.status_code, parsed))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=150)
    return results


@pytest.mark.slow
def test_concurrent_feedback_is_stored_exactly_once(tmp_path: Path, database_url: str) -> None:
    bodies = posts()
    items = sum(len(body) for body in bodies)
    assert len(bodies) == DISTINCT + REPEATS
    with running_service(tmp_path / "data", database_url=database_url) as server:
        started = time.monotonic()
        results = post_all(server.base_url, bodies)
        elapsed = time.monotonic() - started
        log = server.log_tail()
    print(f"{len(bodies)} feedback posts over {THREADS} threads in {elapsed:.1f} s")
    failures = [(status, body) for status, body in results if status != 200]
    assert failures == [], f"{failures[:3]}\n{log}"
    assert len(results) == len(bodies)
    assert sum(body["stored"] for _, body in results) == DISTINCT
    assert sum(body["duplicates"] for _, body in results) == items - DISTINCT

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                mode = connection.execute(text("PRAGMA journal_mode")).scalar()
                assert str(mode).lower() == "wal"
            rows = connection.execute(
                select(FeedbackRecord.card_uuid, func.count()).group_by(FeedbackRecord.card_uuid)
            ).all()
            fingerprints = connection.execute(
                select(func.count(func.distinct(FeedbackRecord.fingerprint)))
            ).scalar()
    finally:
        engine.dispose()
    assert len(rows) == DISTINCT
    assert {card for card, _ in rows} == {f"card-{n:05d}" for n in range(DISTINCT)}
    assert all(count == 1 for _, count in rows)
    assert fingerprints == DISTINCT
