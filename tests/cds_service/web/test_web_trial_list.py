"""`/trials`: search and filters (text, cancer type, phase, status, country) and pagination."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_testkit import SEED, settings_for, trial_json, visible_text, web_app, write_catalog


def _ids(page: str) -> list[str]:
    return re.findall(r'<h2><a href="/trials/(NCT\d{8})">', page)


def _cancer(node: str) -> list[dict[str, object]]:
    return [{"type": "cancer_type", "id": "ct", "label": node, "allowed": [node]}]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    trials = [
        trial_json(
            f"NCT{n:08d}",
            phase="Phase 2" if n % 2 else "Phase 1",
            status="RECRUITING" if n % 3 else "NOT_YET_RECRUITING",
            countries=("France",) if n % 5 == 0 else ("United States",),
        )
        for n in range(1, 26)
    ]
    trials += [
        trial_json(
            "NCT00000081",
            title="Solid tumour basket with <em>markup</em>",
            criteria=_cancer("solid_tumor"),
            countries=("Japan",),
        ),
        trial_json(
            "NCT00000082", title="Oropharynx trial", criteria=_cancer("oropharyngeal_cancer")
        ),
        trial_json("NCT00000083", title="Any cancer", criteria=[], status="COMPLETED"),
    ]
    app = web_app(settings_for(tmp_path, catalog_dir=write_catalog(tmp_path / "c", trials))).app
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_the_list_shows_the_whole_catalog_paginated(client: TestClient) -> None:
    first = client.get("/trials")
    assert first.status_code == 200
    assert "29 trials in the catalog" in visible_text(first.text)
    assert len(_ids(first.text)) == 20
    assert "Page 1 of 2" in first.text
    assert 'href="/trials?page=2" rel="next"' in first.text
    second = client.get("/trials?page=2").text
    assert len(_ids(second)) == 9
    assert 'href="/trials" rel="prev"' in second
    assert set(_ids(first.text)).isdisjoint(_ids(second))


def test_a_page_number_that_is_not_one_is_the_first_page(client: TestClient) -> None:
    assert _ids(client.get("/trials?page=abc").text) == _ids(client.get("/trials").text)
    assert "Page 2 of 2" in client.get("/trials?page=99").text


def test_text_search_matches_title_conditions_ids_and_investigators(client: TestClient) -> None:
    assert _ids(client.get("/trials?q=nasopharyngeal").text) == [SEED]
    assert _ids(client.get("/trials?q=ming-yuan").text) == [SEED]
    assert _ids(client.get("/trials?q=nct00000082").text) == ["NCT00000082"]
    assert _ids(client.get("/trials?q=oropharynx+trial").text) == ["NCT00000082"]
    empty = client.get("/trials?q=zzzz-nothing").text
    assert _ids(empty) == []
    assert "No trials match." in visible_text(empty)


def test_cancer_type_filter_includes_baskets_subtypes_and_open_trials(client: TestClient) -> None:
    found = _ids(client.get("/trials?cancer_type=head_and_neck_cancer").text)
    # NPC and oropharynx are kinds of head and neck cancer; the basket and the open trial admit it.
    assert found == ["NCT00000081", "NCT00000082", "NCT00000083", SEED]
    found = _ids(client.get("/trials?cancer_type=nasopharyngeal_carcinoma").text)
    assert found == ["NCT00000081", "NCT00000083", SEED]


def test_phase_status_and_country_filters_combine(client: TestClient) -> None:
    found = _ids(client.get("/trials?phase=Phase+3").text)
    assert found == [SEED]
    found = _ids(client.get("/trials?status=completed").text)
    assert found == ["NCT00000083"]
    found = _ids(client.get("/trials?country=france&phase=Phase+1").text)
    assert found == ["NCT00000010", "NCT00000020"]
    found = _ids(client.get("/trials?country=China&status=RECRUITING").text)
    assert found == [SEED]


def test_filters_are_kept_in_the_form_and_the_page_links(client: TestClient) -> None:
    page = client.get("/trials?country=United+States&status=RECRUITING").text
    assert '<option value="United States" selected>' in page
    assert '<option value="RECRUITING" selected>' in page
    assert "Clear filters" in page
    ids = _ids(page)
    assert len(ids) == 14  # 13 generated US trials recruiting, and the oropharynx one


def test_filter_options_come_from_the_catalog(client: TestClient) -> None:
    page = client.get("/trials").text
    assert '<option value="Japan">' in page
    assert '<option value="nasopharyngeal_carcinoma">Nasopharyngeal carcinoma</option>' in page
    assert '<option value="melanoma">' not in page  # no trial for it
    assert '<option value="Phase 3">' in page


def test_list_items_show_status_phase_and_escape_titles(client: TestClient) -> None:
    page = client.get("/trials?q=basket").text
    assert "Solid tumour basket with &lt;em&gt;markup&lt;/em&gt;" in page
    text = visible_text(page)
    assert "Recruiting Phase 2 NCT00000081" in text
    assert "Where: Japan" in text


def test_the_search_form_works_without_javascript(client: TestClient) -> None:
    page = client.get("/trials").text
    assert '<form class="search" method="get" action="/trials"' in page
    for name in ("q", "cancer_type", "phase", "status", "country"):
        assert f'<label for="{name}">' in page
