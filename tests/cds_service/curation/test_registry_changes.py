"""The registry text a version was curated against, and what a later import changed: the
version stays in force, flagged with a diff, until reviewed or published again."""

from __future__ import annotations

import pytest
from curation_testkit import IMPORTED, NEW_ITEM, reimport_with_new_item
from sqlalchemy import Engine

from cds_service.curation.errors import StaleRegistryTextError
from cds_service.curation.registry_text import registry_text_hash
from cds_service.curation.versions import CurationStore
from eligibility.trial import Trial


def test_the_version_records_the_registry_text_read(
    curation: CurationStore, extracted: Trial
) -> None:
    shown = curation.registry_text(IMPORTED)
    assert shown.text == extracted.eligibility_text
    assert shown.hash == registry_text_hash(extracted.eligibility_text)
    version = curation.publish(extracted, by="ana", registry_text_hash=shown.hash)
    assert version.registry_text_hash == shown.hash
    assert curation.registry_changes(IMPORTED) is None
    assert curation.flagged_ids() == set()


def test_changed_registry_text_flags_the_version_with_a_diff_until_reviewed(
    engine: Engine, curation: CurationStore, extracted: Trial
) -> None:
    curation.publish(extracted, by="ana")
    new_text = reimport_with_new_item(engine)

    change = curation.registry_changes(IMPORTED)
    assert change is not None
    assert change.version == 1
    assert change.read_text == extracted.eligibility_text
    assert change.current_text == new_text
    assert f"+{NEW_ITEM}" in change.diff
    assert not any(line.startswith("-*") for line in change.diff)
    assert curation.flagged_ids() == {IMPORTED}
    # Still in force: the version is not touched.
    current = curation.current(IMPORTED)
    assert current is not None
    assert current.number == 1

    assert curation.mark_reviewed(IMPORTED, "ben") is True
    assert curation.registry_changes(IMPORTED) is None
    assert curation.mark_reviewed(IMPORTED, "ben") is False


def test_publishing_again_clears_the_flag(
    engine: Engine, curation: CurationStore, extracted: Trial
) -> None:
    curation.publish(extracted, by="ana")
    reimport_with_new_item(engine)
    assert curation.registry_changes(IMPORTED) is not None
    now = curation.registry_text(IMPORTED)
    curation.publish(extracted, by="ana", registry_text_hash=now.hash)
    assert curation.registry_changes(IMPORTED) is None


def test_restoring_a_version_keeps_the_text_it_was_curated_against(
    engine: Engine, curation: CurationStore, extracted: Trial
) -> None:
    curation.publish(extracted, by="ana")
    reimport_with_new_item(engine)
    curation.publish(extracted, by="ana")  # read the new text
    curation.restore(IMPORTED, 1, by="ben")
    change = curation.registry_changes(IMPORTED)
    assert change is not None
    assert change.version == 3


def test_publishing_against_text_a_sync_replaced_is_refused(
    engine: Engine, curation: CurationStore, extracted: Trial
) -> None:
    read = curation.registry_text(IMPORTED)
    reimport_with_new_item(engine)
    with pytest.raises(StaleRegistryTextError, match="changed since it was read"):
        curation.publish(extracted, by="ana", registry_text_hash=read.hash)
    assert curation.current(IMPORTED) is None


def test_a_trial_never_imported_has_no_registry_text_to_follow(
    curation: CurationStore, extracted: Trial
) -> None:
    other = extracted.model_copy(update={"nct_id": "NCT00000002"})
    curation.publish(other, by="ana")
    assert curation.registry_text("NCT00000002").text is None
    assert curation.registry_changes("NCT00000002") is None
