"""The curation pages over HTTP: who may reach them, CSRF on every POST, the draft's edits, the
preview, publishing (the hook's card follows), versions, restore and the registry sync flag."""

from __future__ import annotations

import pytest

from cds_service.staff.audit import recent_actions
from tests.cds_service.curation.pages_testkit import (
    ADMIN,
    COORDINATOR,
    CURATOR,
    IMPORTED,
    SEED,
    CurationSite,
    draft_of,
)
from tests.cds_service.staff.staff_testkit import csrf_token
from tests.cds_service.web.web_testkit import visible_text

PAGES = [
    "/curation",
    f"/curation/{SEED}",
    f"/curation/{SEED}/versions",
    f"/curation/{SEED}/versions/compare?a=1&b=1",
    f"/curation/{SEED}/versions/1",
]
POSTS = [
    f"/curation/{SEED}",
    f"/curation/{SEED}/publish",
    f"/curation/{SEED}/reviewed",
    f"/curation/{SEED}/versions/1/restore",
]


# --- who may come in -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_without_a_session_a_browser_is_sent_to_sign_in(site: CurationSite, path: str) -> None:
    response = site.client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/staff/login?next=%2Fcuration")


@pytest.mark.parametrize("path", POSTS)
def test_without_a_session_a_post_is_refused(site: CurationSite, path: str) -> None:
    response = site.client.post(path, data={"csrf_token": "x"}, follow_redirects=False)
    assert response.status_code == 401


@pytest.mark.parametrize("path", PAGES)
def test_a_coordinator_is_told_the_curator_role_is_needed(site: CurationSite, path: str) -> None:
    site.as_member(COORDINATOR)
    response = site.client.get(path)
    assert response.status_code == 403
    assert "needs the curator role" in visible_text(response.text)


def test_a_coordinator_cannot_publish_even_with_a_good_token(site: CurationSite) -> None:
    site.as_member(CURATOR)
    page = site.open()
    site.as_member(COORDINATOR)
    token = site.page_token("/staff")
    response = site.client.post(
        f"/curation/{SEED}/publish",
        data={"csrf_token": token, "draft": draft_of(page), "note": "sneaky"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert site.curation.store.current(SEED) is None


def test_an_admin_may_curate(site: CurationSite) -> None:
    site.as_member(ADMIN)
    assert "Curate NCT07188584" in site.open()


@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_every_post_needs_the_sessions_csrf_token(
    site: CurationSite, path: str, token: str | None
) -> None:
    site.as_member(CURATOR)
    page = site.open()
    form = {"draft": draft_of(page), "action": "accept:ecog", "note": "x"}
    if token is not None:
        form["csrf_token"] = token
    response = site.client.post(path, data=form, follow_redirects=False)
    assert response.status_code == 403
    assert "security token" in visible_text(response.text)
    assert site.curation.store.current(SEED) is None


# --- clear 4xx pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("nct_id", ["NCT00000000", "nct0718858", "SYN-000001", "x" * 300])
def test_an_unknown_trial_is_a_404_page(site: CurationSite, nct_id: str) -> None:
    site.as_member(CURATOR)
    response = site.client.get(f"/curation/{nct_id}")
    assert response.status_code == 404
    assert "no trial" in visible_text(response.text)
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        (f"/curation/{SEED}/versions/abc", 400, "is not a version number"),
        (f"/curation/{SEED}/versions/0", 400, "is not a version number"),
        (f"/curation/{SEED}/versions/7", 404, "has no published version 7"),
        (f"/curation/{SEED}/versions/{'9' * 5000}", 400, "is not a version number"),
        (f"/curation/{SEED}/versions/%D9%A3", 400, "is not a version number"),
        (f"/curation/{SEED}/versions/compare?a=1", 400, "second number '' is not a version"),
        (f"/curation/{SEED}/versions/compare?a=x&b=1", 400, "first number 'x' is not a"),
        (f"/curation/{SEED}/versions/compare?a=1&b=9", 404, "has no published version"),
    ],
)
def test_bad_version_numbers_say_what_is_wrong(
    site: CurationSite, path: str, status: int, words: str
) -> None:
    site.as_member(CURATOR)
    response = site.client.get(path)
    assert response.status_code == status
    assert words in visible_text(response.text)


def test_a_bad_draft_an_unknown_action_or_type_is_a_400_page(site: CurationSite) -> None:
    site.as_member(CURATOR)
    page = site.open()
    token = csrf_token(page)
    post = site.client.post
    tampered = draft_of(page).replace('"ecog_max":1', '"ecog_max":"one"')
    bad_draft = post(f"/curation/{SEED}", data={"csrf_token": token, "draft": tampered})
    assert bad_draft.status_code == 400
    assert "ecog_max" in visible_text(bad_draft.text)
    other = draft_of(page).replace(SEED, "NCT00000002")
    assert post(f"/curation/{SEED}", data={"csrf_token": token, "draft": other}).status_code == 400
    assert site.act(page, "explode:ecog").status_code == 400
    claimed = draft_of(page).replace('"base_version":null', '"base_version":4')
    made_up = post(
        f"/curation/{SEED}/publish", data={"csrf_token": token, "draft": claimed, "note": ""}
    )
    assert made_up.status_code == 400
    assert "started from version 4, which NCT07188584 does not have" in visible_text(made_up.text)
    unknown_type = site.act(page, "add", new_type="horoscope")
    assert unknown_type.status_code == 400
    assert "'horoscope' is not a criterion type" in visible_text(unknown_type.text)
    stale = site.act(page, "edit:no-such-id")
    assert stale.status_code == 400
    assert "The draft has no criterion 'no-such-id'" in visible_text(stale.text)
    assert stale.headers["content-type"].startswith("text/html")


# --- the workbench -------------------------------------------------------------------------------


def test_the_curation_page_shows_the_criteria_and_the_test_patients(site: CurationSite) -> None:
    site.as_member(CURATOR)
    text = visible_text(site.open())
    assert "No registry eligibility text is stored for this trial" in text
    assert "ECOG 0–1" in text
    # Every committed chart of the seed trial (the count grows as bundles are added).
    count = len(site.curation.patients.for_trial(SEED))
    assert count > 100
    assert f"{count} test patients are given to this trial" in text
    assert "No curated version published yet" in text


def test_an_imported_trial_is_shown_item_by_item_with_its_review_items(
    site: CurationSite,
) -> None:
    site.import_study()
    site.as_member(CURATOR)
    page = site.open(IMPORTED)
    text = visible_text(page)
    assert "Inclusion items" in text
    assert "Exclusion items" in text
    assert "Absolute neutrophil count >= 1,500/µL" in text  # the registry's escape undone
    assert "Needs a person" in text
    assert 'id="item-exclusion-6"' in page
    assert "This trial has no test patients" in text


def test_a_validation_error_lands_at_the_field_and_nothing_is_lost(site: CurationSite) -> None:
    site.as_member(CURATOR)
    page = site.act(site.open(), "edit:ecog").text
    assert 'name="c.ecog_max"' in page
    fields = {"editing": "ecog", "editing_type": "performance_status"}
    form = {
        **fields,
        "c.id": "ecog",
        "c.label": "ECOG 0–2",
        "c.section": "inclusion",
        "c.source_text": "ECOG 0–1(Restricted strenuous activity)",
        "c.ecog_min": "0",
        "c.ecog_max": "two",
        "c.karnofsky_min": "",
        "c.within_days": "",
    }
    refused = site.act(page, "save", **form)
    assert refused.status_code == 400
    assert 'id="c-ecog_max-error"' in refused.text
    assert "Input should be a valid integer" in visible_text(refused.text)
    assert 'value="two"' in refused.text  # what was typed is shown again
    assert 'value="ECOG 0–2"' in refused.text
    assert '"ecog_max":1' in draft_of(refused.text)  # the draft is as it was
    saved = site.act(refused.text, "save", **{**form, "c.ecog_max": "2"})
    assert saved.status_code == 200
    assert "saved in the draft" in visible_text(saved.text)
    assert '"ecog_max":2' in draft_of(saved.text)
    assert "The draft differs from the criteria in force" in visible_text(saved.text)


def test_a_new_id_that_is_taken_is_refused_at_the_id_field(site: CurationSite) -> None:
    site.as_member(CURATOR)
    page = site.act(site.open(), "add", new_type="age").text
    form = {"editing": "", "editing_type": "age", "c.id": "ecog", "c.label": "Adult"}
    refused = site.act(page, "save", **form, **{"c.min_years": "18", "c.section": "inclusion"})
    assert refused.status_code == 400
    assert 'id="c-id-error"' in refused.text
    assert "already used in this trial" in visible_text(refused.text)


def test_remove_accept_and_review_marks_change_the_draft(site: CurationSite) -> None:
    site.import_study()
    site.as_member(CURATOR)
    page = site.open(IMPORTED)
    removed = site.act(page, "remove:inc2-1", IMPORTED).text
    assert '"inc2-1"' not in draft_of(removed)
    accepted = site.act(removed, "accept:inc3-1", IMPORTED).text
    assert '"accepted":["inc3-1"]' in draft_of(accepted)
    marked = site.act(accepted, "not_checkable:exc6-text", IMPORTED).text
    assert '"not_checkable_from_chart":true' in draft_of(marked)
    # exc6 ("any other condition ... opinion of the investigator") has no structured criterion.
    refused = site.act(marked, "encoded:exc6-text", IMPORTED)
    assert refused.status_code == 400
    assert "Add the structured criterion for this item first" in visible_text(refused.text)
    assert draft_of(refused.text) == draft_of(marked)
    # inc1-1 reads the same item, so its free text may go.
    encoded = site.act(marked, "encoded:inc1-text", IMPORTED)
    assert encoded.status_code == 200
    assert '"inc1-text"' not in draft_of(encoded.text)
    assert '"inc1-1"' in draft_of(encoded.text)


def _draft_allowing_ecog_2(site: CurationSite) -> str:
    """The page after saving ECOG 0–2 (the seed trial says 0–1) in the draft."""
    page = site.act(site.open(), "edit:ecog").text
    form = {
        "editing": "ecog",
        "editing_type": "performance_status",
        "c.id": "ecog",
        "c.label": "ECOG 0–2",
        "c.section": "inclusion",
        "c.ecog_min": "0",
        "c.ecog_max": "2",
    }
    return site.act(page, "save", **form).text


def test_preview_shows_the_verdict_the_edit_changes(site: CurationSite) -> None:
    site.as_member(CURATOR)
    saved = _draft_allowing_ecog_2(site)
    preview = site.act(saved, "preview")
    text = visible_text(preview.text)
    assert preview.status_code == 200
    count = len(site.curation.patients.for_trial(SEED))
    assert f"of {count} test patients would get a different verdict with the draft" in text
    assert "npc_ecog_2 not eligible eligible" in text


def test_publishing_puts_the_draft_in_force_for_the_hook(site: CurationSite) -> None:
    site.as_member(CURATOR)
    assert site.hook_card_for("npc_ecog_2") is None  # ECOG 2 against 0–1: not eligible
    saved = _draft_allowing_ecog_2(site)
    published = site.publish(saved, note="ECOG 2 allowed by amendment 3")
    assert published.status_code == 303
    assert published.headers["location"] == f"/curation/{SEED}?published=1"
    version = site.curation.store.current(SEED)
    assert version is not None
    assert version.number == 1
    assert version.published_by == CURATOR
    assert version.note == "ECOG 2 allowed by amendment 3"
    card = site.hook_card_for("npc_ecog_2")
    assert card is not None
    assert card["extension"]["oncomatch.trial-match"]["verdict"] == "eligible"
    after = visible_text(site.client.get(published.headers["location"]).text)
    assert "Version in force: 1 , published by cora" in after
    # Said plainly: other worker processes only take it in at their next catalog refresh.
    assert (
        "Version 1 published; it is in force now in this server process, and in every other "
        "one within 30 s (at its next catalog refresh)."
    ) in after
    assert "other processes within 30 s (at their next catalog refresh)" in after
    actions = [(a.actor, a.action, a.target) for a in recent_actions(site.services.engine, 20)]
    assert (CURATOR, "curation.published", SEED) in actions
    assert (CURATOR, "curation.save", SEED) in actions


def test_the_criteria_a_curator_accepted_are_audited_with_the_version(site: CurationSite) -> None:
    site.as_member(CURATOR)
    page = site.act(site.act(site.open(), "accept:ecog").text, "accept:age").text
    assert site.publish(page, note="checked").status_code == 303
    entries = [(a.action, a.detail) for a in recent_actions(site.services.engine, 5)]
    assert ("curation.accepted", "version 1: ecog, age") in entries


def test_a_query_string_cannot_put_words_on_the_page(site: CurationSite) -> None:
    site.as_member(CURATOR)
    spoofed = site.client.get(f"/curation/{SEED}", params={"published": "9; call 555"}).text
    assert "call 555" not in spoofed
    huge = site.client.get(f"/curation/{SEED}", params={"published": "9" * 5000})
    assert huge.status_code == 200
    listed = site.client.get(f"/curation/{SEED}/versions", params={"restored": "x<b>"}).text
    assert "x<b>" not in listed
    assert "published as a restore" not in visible_text(listed)


def test_publishing_over_a_newer_version_is_refused(site: CurationSite) -> None:
    site.as_member(CURATOR)
    first = site.open()
    second = site.open()
    assert site.publish(first, note="one").status_code == 303
    edited = site.act(second, "remove:qtc").text
    conflict = site.publish(edited, note="two")
    assert conflict.status_code == 409
    assert "cora published version 1 of NCT07188584 after this draft was opened" in (
        visible_text(conflict.text)
    )
    assert '"qtc"' not in draft_of(conflict.text)  # the edit is kept
    assert site.curation.store.current(SEED).number == 1  # type: ignore[union-attr]
    # Knowingly, the second time: the kept draft now counts from version 1.
    assert site.publish(conflict.text, note="two").status_code == 303
    assert site.curation.store.current(SEED).number == 2  # type: ignore[union-attr]


def test_versions_compare_and_restore(site: CurationSite) -> None:
    site.as_member(CURATOR)
    assert site.publish(site.open(), note="as shipped").status_code == 303
    page = site.act(site.open(), "remove:qtc").text
    assert site.publish(page, note="QTc dropped").status_code == 303
    versions = visible_text(site.client.get(f"/curation/{SEED}/versions").text)
    assert "QTc dropped" in versions
    assert "as shipped" in versions
    diff = site.client.get(f"/curation/{SEED}/versions/compare?a=1&b=2")
    assert diff.status_code == 200
    assert "Criteria removed" in visible_text(diff.text)
    assert "qtc" in visible_text(diff.text)
    one = site.client.get(f"/curation/{SEED}/versions/1")
    token = csrf_token(one.text)
    restored = site.client.post(
        f"/curation/{SEED}/versions/1/restore",
        data={"csrf_token": token, "note": "QTc back"},
        follow_redirects=False,
    )
    assert restored.status_code == 303
    assert restored.headers["location"] == f"/curation/{SEED}/versions?restored=3"
    current = site.curation.store.current(SEED)
    assert current is not None
    assert current.restored_from == 1
    assert any(c.id == "qtc" for c in current.trial.criteria)
    assert site.app.state.runtime.catalog.catalog.get(SEED).criteria == current.trial.criteria
    missing = site.client.post(f"/curation/{SEED}/versions/8/restore", data={"csrf_token": token})
    assert missing.status_code == 404


def test_the_sync_flag_shows_the_registry_diff_until_reviewed(site: CurationSite) -> None:
    site.import_study()
    site.as_member(CURATOR)
    assert site.publish(site.open(IMPORTED), nct_id=IMPORTED).status_code == 303
    assert "registry text changed" not in visible_text(site.open(IMPORTED))
    record = site.curation.store.registry_text(IMPORTED).text
    assert record is not None
    site.import_study(record.replace("ECOG performance status 0-1.", "ECOG 0-2."))
    page = site.open(IMPORTED)
    text = visible_text(page)
    assert "The registry text changed since version 1 was curated" in text
    assert "+* ECOG 0-2." in text
    assert "-* ECOG performance status 0-1." in text
    listed = visible_text(site.client.get("/curation?changed=yes").text)
    assert IMPORTED in listed
    reviewed = site.client.post(
        f"/curation/{IMPORTED}/reviewed",
        data={"csrf_token": csrf_token(page)},
        follow_redirects=False,
    )
    assert reviewed.status_code == 303
    assert "registry text changed" not in visible_text(site.open(IMPORTED))


def test_publishing_after_the_registry_text_moved_is_refused(site: CurationSite) -> None:
    site.import_study()
    site.as_member(CURATOR)
    page = site.open(IMPORTED)
    record = site.curation.store.registry_text(IMPORTED).text
    assert record is not None
    site.import_study(record + "\n* Life expectancy of at least 12 weeks.")
    refused = site.publish(page, nct_id=IMPORTED)
    assert refused.status_code == 409
    text = visible_text(refused.text)
    assert "stored new eligibility text for NCT00000001 after this page was opened" in text
    assert "Life expectancy of at least 12 weeks." in text  # the new item is shown
    assert site.curation.store.current(IMPORTED) is None
    assert site.publish(refused.text, nct_id=IMPORTED).status_code == 303


def test_the_trials_table_lists_and_filters(site: CurationSite) -> None:
    site.import_study()
    site.as_member(CURATOR)
    every = visible_text(site.client.get("/curation").text)
    assert SEED in every
    assert IMPORTED in every
    imported_only = visible_text(
        site.client.get("/curation", params={"source": "imported + extracted"}).text
    )
    assert IMPORTED in imported_only
    assert SEED not in imported_only
    found = visible_text(site.client.get("/curation?q=nasopharyngeal+cancer").text)
    assert SEED in found
    needing = visible_text(site.client.get("/curation?needs=person").text)
    assert IMPORTED in needing


def test_the_whole_flow_on_each_database(site_any_database: CurationSite) -> None:
    site = site_any_database
    site.as_member(CURATOR)
    page = site.act(site.open(), "remove:age").text
    assert site.publish(page, note="no age limit").status_code == 303
    assert site.publish(site.open(), note="again").status_code == 303
    diff = visible_text(site.client.get(f"/curation/{SEED}/versions/compare?a=1&b=2").text)
    assert "The two versions say the same" in diff
    versions = site.curation.store.versions(SEED)
    assert [v.number for v in versions] == [2, 1]
    assert site.hook_card_for("npc_age_71") is not None  # 71, and no age limit any more


def test_a_combinator_is_added_as_json_and_its_error_names_the_path(site: CurationSite) -> None:
    site.as_member(CURATOR)
    page = site.act(site.open(), "add", new_type="any_of").text
    assert 'name="c.json"' in page
    bad = (
        '{"type": "any_of", "id": "ps", "label": "ECOG 0-1 or KPS 70", "criteria": ['
        '{"type": "performance_status", "id": "ps-ecog", "label": "ECOG", "ecog_max": 1},'
        '{"type": "performance_status", "id": "ps-kps", "label": "KPS", "karnofsky_min": "x"}]}'
    )
    fields = {"editing": "", "editing_type": "any_of"}
    refused = site.act(page, "save", **fields, **{"c.json": bad})
    assert refused.status_code == 400
    assert "$.criteria[1].karnofsky_min: Input should be a valid integer" in visible_text(
        refused.text
    )
    assert 'id="c-json-error"' in refused.text
    good = bad.replace('"karnofsky_min": "x"', '"karnofsky_min": 70')
    saved = site.act(refused.text, "save", **fields, **{"c.json": good})
    assert saved.status_code == 200
    assert '"ps-kps"' in draft_of(saved.text)


def test_encoding_an_item_opens_a_criterion_quoting_it(site: CurationSite) -> None:
    site.import_study()
    site.as_member(CURATOR)
    page = site.open(IMPORTED)
    opened = site.act(page, "add_for:exc6-text", IMPORTED, **{"type_for.exc6-text": "comorbidity"})
    assert opened.status_code == 200
    assert "New comorbidity criterion" in visible_text(opened.text)
    quote = "Any other condition that in the opinion of the investigator would interfere"
    assert quote in opened.text  # the source text field holds the item's words
    assert '<option value="exclusion" selected>' in opened.text
