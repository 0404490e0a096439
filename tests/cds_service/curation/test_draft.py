"""The draft a curation page carries: validated on every post, edits that keep it a trial."""

from __future__ import annotations

import pytest

from cds_service.curation.draft import Draft, DraftEditError, DraftError
from eligibility.catalog import load_curated_catalog
from eligibility.criteria import (
    AgeCriterion,
    AnyOfCriterion,
    FreeTextCriterion,
    PerformanceStatusCriterion,
)
from eligibility.taxonomy import default_taxonomy
from eligibility.trial import Trial

TAXONOMY = default_taxonomy()
SEED = "NCT07188584"
ITEM = "Signed informed consent; ECOG 0-2"


def seed() -> Trial:
    trial = load_curated_catalog().get(SEED)
    assert trial is not None
    return trial


def draft_with_item() -> Draft:
    review = FreeTextCriterion(id="inc9-text", label="Review", text=ITEM, source_text=ITEM)
    return Draft.of(seed(), base_version=2, registry_hash="abc").saved(review, replacing=None)


def test_a_draft_round_trips_through_its_hidden_field() -> None:
    draft = draft_with_item().accepting("ecog")
    assert Draft.decode(draft.encode(), nct_id=SEED, taxonomy=TAXONOMY) == draft


def test_a_tampered_draft_is_refused_naming_the_field() -> None:
    text = draft_with_item().encode().replace('"ecog_max":1', '"ecog_max":9')
    with pytest.raises(DraftError, match=r"criteria\.3\.performance_status\.ecog_max"):
        Draft.decode(text, nct_id=SEED, taxonomy=TAXONOMY)
    with pytest.raises(DraftError, match="not valid"):
        Draft.decode("{", nct_id=SEED, taxonomy=TAXONOMY)
    with pytest.raises(DraftError, match="is for NCT07188584, not NCT00000001"):
        Draft.decode(draft_with_item().encode(), nct_id="NCT00000001", taxonomy=TAXONOMY)


def test_an_unknown_taxonomy_node_in_the_draft_is_refused() -> None:
    text = draft_with_item().encode().replace("nasopharyngeal_carcinoma", "no_such_node", 1)
    with pytest.raises(DraftError, match="unknown cancer-type node"):
        Draft.decode(text, nct_id=SEED, taxonomy=TAXONOMY)


def test_saving_replaces_in_place_and_drops_the_acceptance() -> None:
    draft = Draft.of(seed(), base_version=None, registry_hash=None).accepting("ecog")
    edited = PerformanceStatusCriterion(id="ecog", label="ECOG 0–2", ecog_max=2)
    saved = draft.saved(edited, replacing="ecog")
    assert saved.ids() == draft.ids()
    assert saved.find("ecog") == edited
    assert "ecog" not in saved.accepted
    assert saved.trial(seed()).criteria[3] == edited


def test_renaming_keeps_the_position_and_a_taken_id_is_refused_at_the_id_field() -> None:
    draft = Draft.of(seed(), base_version=None, registry_hash=None)
    renamed = draft.saved(
        AgeCriterion(id="age-70", label="Age ≤ 70", max_years=70), replacing="age"
    )
    assert renamed.ids().index("age-70") == draft.ids().index("age")
    with pytest.raises(DraftEditError) as caught:
        draft.saved(AgeCriterion(id="ecog", label="x", max_years=70), replacing="age")
    assert caught.value.field == "id"
    nested = AnyOfCriterion(
        id="either",
        label="x",
        criteria=(AgeCriterion(id="qtc", label="x", max_years=70),),
    )
    with pytest.raises(DraftEditError, match="nested criterion id 'qtc'") as clash:
        draft.saved(nested, replacing=None)
    assert clash.value.field == "json"


def test_removing_and_accepting_need_a_known_id() -> None:
    draft = Draft.of(seed(), base_version=None, registry_hash=None)
    assert "qtc" not in draft.removed("qtc").ids()
    assert draft.accepting("qtc").accepted == ("qtc",)
    assert draft.accepting("qtc").accepting("qtc").accepted == ("qtc",)
    with pytest.raises(DraftEditError, match="no criterion 'nope'"):
        draft.removed("nope")


def test_an_item_is_marked_encoded_only_once_a_criterion_quotes_it() -> None:
    draft = draft_with_item()
    with pytest.raises(DraftEditError, match="add the structured criterion"):
        draft.marked_encoded("inc9-text")
    encoded = draft.saved(
        PerformanceStatusCriterion(id="inc9-1", label="ECOG 0–2", ecog_max=2, source_text=ITEM),
        replacing=None,
    ).marked_encoded("inc9-text")
    assert "inc9-text" not in encoded.ids()
    assert "inc9-1" in encoded.ids()
    assert encoded.needs_person() == ()


def test_an_item_marked_not_checkable_stays_but_no_longer_needs_a_person() -> None:
    draft = draft_with_item()
    assert [c.id for c in draft.needs_person()] == ["inc9-text"]
    marked = draft.marked_not_checkable("inc9-text")
    item = marked.find("inc9-text")
    assert isinstance(item, FreeTextCriterion)
    assert item.not_checkable_from_chart
    assert marked.needs_person() == ()
    assert marked.marked_not_checkable("inc9-text", value=False).needs_person() != ()
    with pytest.raises(DraftEditError, match="not an item left for manual review"):
        draft.marked_not_checkable("ecog")
