"""The trial page: everything the seed page showed, generated from the structured trial."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_testkit import (
    RICH_CRITERIA,
    SEED,
    settings_for,
    trial_json,
    visible_text,
    web_app,
    write_catalog,
)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    catalog = write_catalog(
        tmp_path / "catalog",
        [
            trial_json("NCT00000061", criteria=RICH_CRITERIA, title="Rich <b>criteria</b> trial"),
            trial_json("NCT00000062", criteria=[], status="COMPLETED"),
        ],
    )
    app = web_app(settings_for(tmp_path, catalog_dir=catalog)).app
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_seed_trial_page_has_what_the_seed_page_had(client: TestClient) -> None:
    response = client.get(f"/trials/{SEED}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    text = visible_text(response.text)
    assert "Reduced-Target vs. Full-Target IMRT" in text
    for fact in ("Recruiting", "Phase 3", "Ming-Yuan Chen", SEED, "Data as of Jun 2026", "China"):
        assert fact in text
    assert "Check if I qualify" in text
    assert "2-year PFS" in text  # primary endpoints
    assert f'href="https://clinicaltrials.gov/study/{SEED}"' in response.text
    # A catalog file: a person curated the criteria, and the page says so.
    assert "Structured criteria were curated by a person and may still contain errors." in text
    assert "Verify them against the official protocol" in text


def test_criteria_are_grouped_by_topic_in_order_without_empty_groups(client: TestClient) -> None:
    page = client.get(f"/trials/{SEED}").text
    headings = re.findall(r'<h3 id="topic-[a-z-]+">([^<]+)</h3>', page)
    assert headings == [
        "Cancer type",
        "Disease stage",
        "Performance status",
        "Demographics",
        "Prior therapy",
        "Cardiac function",
    ]
    # The seed page showed an empty "Lab requirements" heading; this trial has no lab criterion.
    assert "Lab requirements" not in page


def test_criterion_details_are_worded_from_structure(client: TestClient) -> None:
    text = visible_text(client.get(f"/trials/{SEED}").text)
    assert "Required: distant metastasis category M1, stage IVB (AJCC 9th edition)." in text
    assert "Required: ECOG 0–1." in text
    assert "Age ≤ 70 years." in text
    assert "Must have received anti-PD-1 therapy in the first line." in text
    assert "Excluded: grade 2 or higher heart failure." in text
    # The shared registry sentence of the four cardiac criteria is quoted once, not four times.
    assert text.count("no grade ≥ ii coronary heart disease") == 1


def test_faq_answers_are_generated_from_the_criteria(client: TestClient) -> None:
    text = visible_text(client.get(f"/trials/{SEED}").text)
    assert f"Is {SEED} recruiting? Yes: the registry lists it as recruiting as of Jun 2026." in text
    assert (
        "Is prior treatment required? Yes. Prior lines of systemic therapy: exactly 1. Patients "
        "must have received platinum-based chemotherapy in the first line and anti-PD-1 therapy "
        "in the first line." in text
    )
    assert (
        "What disease stage is eligible? Distant metastasis (M1) — stage IVB (AJCC 9th edition). "
        "Metastatic disease is required." in text
    )
    assert "Is there an age limit? Yes. Patients must be 70 years old or younger." in text


def test_check_form_asks_only_what_the_criteria_need(client: TestClient) -> None:
    page = client.get(f"/trials/{SEED}").text
    form = page[page.index('<form method="post"') :]
    names = set(re.findall(r'name="([a-z0-9_]+)"', form))
    assert names == {
        "cancer_type",
        "m_category",
        "stage_group",
        "stage_edition",
        "metastatic",
        "ecog",
        "age",
        "sex",
        "prior_lines",
        "line_1",
        "comorbidity_coronary_heart_disease",
        "comorbidity_arrhythmia",
        "comorbidity_heart_failure",
        "qtc_ms",
        "radiotherapy_nasopharynx_neck",
    }
    # No biomarker question: the seed page asked for biomarkers this trial never reads.
    assert "biomarker" not in page.lower().replace("biomarkers", "")


def test_every_form_control_has_a_label(client: TestClient) -> None:
    page = client.get(f"/trials/{SEED}").text
    form = page[page.index('<form method="post"') :]
    for control_id in re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', form):
        assert f'<label for="{control_id}"' in form, control_id
    # Checkboxes are labelled by wrapping, their group by a legend.
    assert "<legend>The first line included</legend>" in form


def test_other_trial_types_get_their_own_questions_and_topics(client: TestClient) -> None:
    page = client.get("/trials/NCT00000061").text
    text = visible_text(page)
    for heading in ("Demographics", "Performance status", "Lab requirements", "Biomarkers"):
        assert f">{heading}</h3>" in page
    assert "From the exclusion criteria" in text
    for name in ("sex", "karnofsky", "lab_anc", "lab_alt", "lab_alt_uln", "biomarker_her2"):
        assert f'name="{name}"' in page
    assert 'name="ecog"' in page  # a Karnofsky minimum still accepts an ECOG score
    assert 'name="prior_lines"' not in page  # "never received" needs no line count
    assert "Is there an age limit? Yes. Patients must be 18 years old or older." in text
    assert "No prior treatment is required by the structured criteria." in text


def test_titles_and_texts_are_escaped(client: TestClient) -> None:
    page = client.get("/trials/NCT00000061").text
    assert "Rich &lt;b&gt;criteria&lt;/b&gt; trial" in page
    assert "<b>criteria</b>" not in page


def test_a_trial_without_criteria_still_has_a_page(client: TestClient) -> None:
    response = client.get("/trials/NCT00000062")
    assert response.status_code == 200
    text = visible_text(response.text)
    assert "No: the registry lists it as completed as of May 2026." in text
    assert "no structured criteria to check against" in text


def test_the_nct_id_is_matched_case_insensitively(client: TestClient) -> None:
    assert client.get(f"/trials/{SEED.lower()}").status_code == 200


def test_unknown_trial_is_an_html_404_page(client: TestClient) -> None:
    response = client.get("/trials/NCT00000000")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    text = visible_text(response.text)
    assert "Trial not found" in text
    assert "NCT00000000" in text
    assert 'href="/trials"' in response.text


def test_hostile_trial_id_is_escaped_on_the_404_page(client: TestClient) -> None:
    response = client.get("/trials/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert response.status_code == 404
    assert "<script>" not in response.text


def test_pages_load_nothing_from_outside_and_set_security_headers(client: TestClient) -> None:
    response = client.get(f"/trials/{SEED}")
    page = response.text
    # Only same-origin stylesheets; no scripts, fonts or CDNs.
    assert re.findall(r'<link[^>]+href="([^"]+)"', page) == ["/static/oncomatch.css"]
    assert "<script" not in page
    assert "@import" not in client.get("/static/oncomatch.css").text
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "style-src 'self'" in csp
    assert response.headers["referrer-policy"] == "no-referrer"


def test_stylesheet_is_served_and_has_focus_and_narrow_screen_rules(client: TestClient) -> None:
    response = client.get("/static/oncomatch.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert ":focus-visible" in response.text
    assert "@media (max-width" in response.text


def test_page_structure_is_accessible(client: TestClient) -> None:
    page = client.get(f"/trials/{SEED}").text
    assert '<html lang="en">' in page
    assert page.count("<h1") == 1
    assert 'class="skip-link" href="#main"' in page
    assert 'id="main"' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_links_follow_the_root_path_behind_a_proxy(tmp_path: Path) -> None:
    app = web_app(settings_for(tmp_path)).app
    with TestClient(app, root_path="/oncomatch") as client:
        page = client.get(f"/trials/{SEED}").text
        assert 'href="/oncomatch/static/oncomatch.css"' in page
        assert f'action="/oncomatch/trials/{SEED}/check#result"' in page
        assert 'href="/trials' not in page
        redirect = client.get(f"/trials/{SEED}/check", follow_redirects=False)
        assert redirect.headers["location"] == f"/oncomatch/trials/{SEED}#check"


def test_a_short_title_is_shown_under_the_full_title(tmp_path: Path) -> None:
    trial = trial_json("NCT00000069", title="A long registry title")
    trial["short_title"] = "Short <name>"
    catalog = write_catalog(tmp_path / "c", [trial])
    app = web_app(settings_for(tmp_path, catalog_dir=catalog)).app
    with TestClient(app) as client:
        page = client.get("/trials/NCT00000069").text
        listed = client.get("/trials?q=NCT00000069").text
    assert '<h1>A long registry title</h1>\n<p class="subtitle">Short &lt;name&gt;</p>' in page
    assert ">Short &lt;name&gt;</a></h2>" in listed
