"""The curated-version store on SQLite and PostgreSQL: numbering, history, restore, compare,
validation with field locations, and publishers racing."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from curation_testkit import IMPORTED, SteppingClock
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from cds_service.curation.errors import (
    InvalidTrialError,
    NotCuratedError,
    VersionNotFoundError,
)
from cds_service.curation.versions import CuratedVersionRow, CurationStore
from cds_service.staff.audit import recent_actions
from cds_service.storage.db import make_engine
from eligibility.criteria import FreeTextCriterion, PerformanceStatusCriterion
from eligibility.trial import Trial


def corrected(trial: Trial) -> Trial:
    """What a curator does to the extracted trial: ECOG widened to 0-2, free text dropped."""
    criteria = []
    for criterion in trial.criteria:
        if isinstance(criterion, FreeTextCriterion):
            continue
        if isinstance(criterion, PerformanceStatusCriterion):
            criterion = criterion.model_copy(update={"ecog_max": 2, "label": "ECOG 0–2"})
        criteria.append(criterion)
    return trial.model_copy(update={"criteria": tuple(criteria)})


def test_publish_numbers_versions_from_one_and_keeps_them_all(
    curation: CurationStore, extracted: Trial
) -> None:
    assert curation.current(IMPORTED) is None
    assert curation.versions(IMPORTED) == []
    first = curation.publish(extracted, by="ana", note="first look")
    second = curation.publish(corrected(extracted), by="ben")

    assert (first.number, second.number) == (1, 2)
    assert first.published_by == "ana"
    assert first.note == "first look"
    assert second.published_at > first.published_at
    assert second.published_at.tzinfo is not None
    assert curation.current(IMPORTED) == second
    assert [v.number for v in curation.versions(IMPORTED)] == [2, 1]
    assert curation.version(IMPORTED, 1) == first
    assert curation.curated_ids() == {IMPORTED}
    # Published criteria were checked by a person: the trial is recorded as curated.
    assert second.trial.source.kind == "curated"
    assert second.trial.source.url == extracted.source.url
    assert second.trial.criteria == corrected(extracted).criteria


def test_numbers_are_per_trial(curation: CurationStore, extracted: Trial) -> None:
    other = extracted.model_copy(update={"nct_id": "NCT00000002"})
    curation.publish(extracted, by="ana")
    assert curation.publish(other, by="ana").number == 1
    assert curation.publish(extracted, by="ana").number == 2
    assert [v.nct_id for v in curation.current_versions()] == [IMPORTED, "NCT00000002"]


def test_restore_adds_a_new_version_equal_to_the_old_one(
    curation: CurationStore, extracted: Trial
) -> None:
    curation.publish(extracted, by="ana")
    curation.publish(corrected(extracted), by="ben")
    restored = curation.restore(IMPORTED, 1, by="cleo", note="the correction was wrong")

    assert restored.number == 3
    assert restored.restored_from == 1
    assert restored.published_by == "cleo"
    assert restored.trial == curation.version(IMPORTED, 1).trial
    assert [v.number for v in curation.versions(IMPORTED)] == [3, 2, 1]
    # History is never rewritten.
    assert curation.version(IMPORTED, 2).trial.criteria == corrected(extracted).criteria
    assert curation.compare(IMPORTED, 1, 3).unchanged


def test_missing_versions_are_typed_errors(curation: CurationStore, extracted: Trial) -> None:
    with pytest.raises(VersionNotFoundError, match="NCT00000001 has no curated version 1"):
        curation.version(IMPORTED, 1)
    curation.publish(extracted, by="ana")
    with pytest.raises(VersionNotFoundError):
        curation.restore(IMPORTED, 7, by="ana")
    with pytest.raises(NotCuratedError):
        curation.mark_reviewed("NCT00000002", "ana")


def test_compare_lists_criteria_added_removed_changed_and_trial_fields(
    curation: CurationStore, extracted: Trial
) -> None:
    curation.publish(extracted, by="ana")
    edited = corrected(extracted)
    added = FreeTextCriterion(id="consent", label="Signed informed consent", text="Consent.")
    edited = edited.model_copy(
        update={"criteria": (*edited.criteria, added), "title": "A corrected title"}
    )
    curation.publish(edited, by="ben")

    diff = curation.compare(IMPORTED, 1, 2)
    removed = {c.id for c in diff.removed}
    free_text_ids = {c.id for c in extracted.criteria if isinstance(c, FreeTextCriterion)}
    assert removed == free_text_ids
    assert removed
    assert [c.id for c in diff.added] == ["consent"]
    [ecog] = diff.changed
    assert ecog.label_before.startswith("ECOG 0")
    assert ecog.label_after == "ECOG 0–2"
    assert {(f.path, f.before, f.after) for f in ecog.fields} >= {("ecog_max", "1", "2")}
    assert [(f.path, f.after) for f in diff.trial_fields] == [("title", '"A corrected title"')]
    text = "\n".join(diff.lines())
    assert "version 1 → version 2" in text
    assert "+ consent: Signed informed consent (free_text)" in text
    assert "    ecog_max: 1 → 2" in text
    assert '* title: "' in text
    # The other way round, the same changes mirrored.
    back = curation.compare(IMPORTED, 2, 1)
    assert [c.id for c in back.removed] == ["consent"]


def invalid_payloads(extracted: Trial) -> list[tuple[dict[str, Any] | str, str]]:
    good = extracted.model_dump(mode="json")
    bad_ecog = dict(good)
    bad_ecog["criteria"] = [
        {**c, "ecog_max": "two"} if c["type"] == "performance_status" else c
        for c in good["criteria"]
    ]
    ecog_index = next(
        i for i, c in enumerate(good["criteria"]) if c["type"] == "performance_status"
    )
    bad_node = dict(good)
    bad_node["criteria"] = [
        {"id": "ct", "label": "Cancer", "type": "cancer_type", "allowed": ["no_such_cancer"]}
    ]
    return [
        (bad_ecog, f"criteria.{ecog_index}.performance_status.ecog_max"),
        (bad_node, "criteria.0.cancer_type.allowed"),
        ({**good, "nct_id": "NCT123"}, "(trial)"),
        ({**good, "title": ""}, "title"),
        ('{"nct_id": "NCT00000001",', "(JSON)"),
    ]


def test_an_invalid_trial_is_refused_with_field_locations(
    curation: CurationStore, extracted: Trial
) -> None:
    for payload, location in invalid_payloads(extracted):
        with pytest.raises(InvalidTrialError) as caught:
            curation.publish(payload, by="ana")
        assert location in [p.location for p in caught.value.problems], caught.value
    assert curation.current(IMPORTED) is None


def test_a_synthetic_trial_cannot_be_curated(curation: CurationStore, extracted: Trial) -> None:
    data = extracted.model_dump(mode="json")
    data.update(nct_id="SYN-000001", source={"kind": "synthetic"})
    with pytest.raises(InvalidTrialError, match=r"source\.kind"):
        curation.publish(data, by="ana")


def test_a_trial_as_json_text_publishes(curation: CurationStore, extracted: Trial) -> None:
    version = curation.publish(extracted.model_dump_json(), by="ana")
    assert version.trial.criteria == extracted.criteria


def test_the_fingerprint_moves_with_every_publish(
    curation: CurationStore, extracted: Trial
) -> None:
    empty = curation.fingerprint()
    curation.publish(extracted, by="ana")
    once = curation.fingerprint()
    curation.restore(IMPORTED, 1, by="ana")
    assert len({empty, once, curation.fingerprint()}) == 3


def test_publishers_racing_never_share_a_number(
    engine: Engine, database_url: str, extracted: Trial
) -> None:
    """Separate engines, like separate processes: on SQLite they do not share the in-process
    write lock, so the unique constraint and the retry are what keep numbers apart."""
    publishers, each = 4, 3
    start = threading.Barrier(publishers)
    failures: list[BaseException] = []

    def publish_some(name: str) -> None:
        own = make_engine(database_url)
        try:
            store = CurationStore(own, clock=SteppingClock())
            start.wait()
            for _ in range(each):
                store.publish(extracted, by=name)
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)
        finally:
            own.dispose()

    threads = [threading.Thread(target=publish_some, args=(f"p{i}",)) for i in range(publishers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    numbers = [v.number for v in CurationStore(engine, clock=SteppingClock()).versions(IMPORTED)]
    assert sorted(numbers) == list(range(1, publishers * each + 1))


def test_publish_restore_and_review_are_audited_with_the_change(
    engine: Engine, curation: CurationStore, extracted: Trial
) -> None:
    first = curation.publish(extracted, by="ana", note="first look")
    curation.restore(IMPORTED, 1, by="ben")
    curation.mark_reviewed(IMPORTED, "cleo")
    entries = [
        (e.actor, e.action, e.target, e.detail) for e in reversed(recent_actions(engine, 10))
    ]
    assert entries == [
        ("ana", "curation.published", IMPORTED, "version 1: first look"),
        ("ben", "curation.restored", IMPORTED, "version 2, equal to version 1"),
        (
            "cleo",
            "curation.registry_text_reviewed",
            IMPORTED,
            "version 2 kept; registry text unchanged",
        ),
    ]
    assert recent_actions(engine, 10)[-1].at == first.published_at


def test_a_refused_publish_leaves_no_audit_row(
    engine: Engine, curation: CurationStore, extracted: Trial
) -> None:
    with pytest.raises(InvalidTrialError):
        curation.publish({**extracted.model_dump(mode="json"), "title": ""}, by="ana")
    assert recent_actions(engine, 10) == []


def test_restoring_a_version_the_catalog_can_no_longer_load_is_refused(
    engine: Engine, curation: CurationStore, extracted: Trial
) -> None:
    """A version stored before the taxonomy lost a node (written here as it would be stored)."""
    curation.publish(extracted, by="ana")
    data = extracted.model_dump(mode="json")
    data["criteria"] = [
        {"id": "ct", "label": "Cancer", "type": "cancer_type", "allowed": ["retired_node"]}
    ]
    with Session(engine) as session, session.begin():
        row = session.scalars(select(CuratedVersionRow)).one()
        row.trial_json = json.dumps(data)
    with pytest.raises(InvalidTrialError, match="retired_node"):
        curation.restore(IMPORTED, 1, by="ana")
    assert [v.number for v in curation.versions(IMPORTED)] == [1]
