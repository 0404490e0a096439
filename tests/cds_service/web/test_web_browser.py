"""The web pages in a real browser: Playwright driving Debian's headless Chromium against a
real uvicorn server on 127.0.0.1.

Skipped, with a message saying why, when Playwright or Chromium is missing — except under
CI=true, where that fails the run (the rule and the harness: tests/support/browser.py).

Screenshots go to test-artifacts/screenshots/. With ONCOMATCH_UPDATE_SCREENSHOTS=1 the two
README screenshots in docs/screenshots/ are rewritten too.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest
from web_testkit import SEED, MovableClock, settings_for, web_app
from worklist_fixtures import SEED_WORKLIST, saved_run

from cds_service.prescreen.worklists import WorklistStore
from cds_service.staff.roles import Role
from fhir_mapping.bundle_request import bundle_to_hook_request
from tests.support.browser import bound_socket, chromium, served, unavailable

# Real Chromium and a real uvicorn: seconds per test.
pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
DOCS = REPO / "docs" / "screenshots"


@dataclass
class LiveServer:
    base_url: str
    clock: MovableClock


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The whole service (hooks and pages) on a loopback port, with a fixed clock."""
    sock, base_url = bound_socket()
    data = tmp_path_factory.mktemp("browser")
    web = web_app(settings_for(data, public_base_url=base_url))
    with served(web.app, sock):
        yield LiveServer(base_url, web.clock)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@dataclass
class Session:
    context: BrowserContext
    page: Page
    requested: list[str]


def _session(browser: Browser, live_server: LiveServer, **options: Any) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, **options)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        yield Session(context, page, requested)
    finally:
        context.close()
    # Hospital networks are closed: every request the pages make stays on our server.
    outside = [url for url in requested if not url.startswith(live_server.base_url)]
    assert outside == []


@pytest.fixture
def no_js(browser: Browser, live_server: LiveServer) -> Iterator[Session]:
    """JavaScript off: the pages must work without it."""
    yield from _session(browser, live_server, java_script_enabled=False)


@pytest.fixture
def with_js(browser: Browser, live_server: LiveServer) -> Iterator[Session]:
    yield from _session(browser, live_server)


def _shoot(page: Page, name: str, *, readme: bool = False, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    page.screenshot(path=str(target), full_page=full_page)
    if readme and os.environ.get("ONCOMATCH_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, DOCS / name)


def test_find_a_trial_and_check_if_i_qualify_without_javascript(
    no_js: Session, live_server: LiveServer
) -> None:
    page = no_js.page
    page.goto(f"{live_server.base_url}/trials")
    page.get_by_label("Search", exact=True).fill("nasopharyngeal")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("list", name="Trials")
    assert results.get_by_role("listitem").count() == 1
    results.get_by_role("link").click()
    assert page.url == f"{live_server.base_url}/trials/{SEED}"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Phase III")
    page.set_viewport_size({"width": 1100, "height": 1600})
    _shoot(page, "trial-page.png", readme=True, full_page=False)
    page.set_viewport_size({"width": 1100, "height": 900})
    _shoot(page, "trial-page-full.png")

    page.get_by_role("link", name="Check if I qualify").click()
    assert page.url.endswith("#check")
    page.get_by_label("Primary cancer", exact=True).select_option("nasopharyngeal_carcinoma")
    page.get_by_label("Distant metastasis (M category)", exact=True).select_option("M1")
    page.get_by_label("Stage group", exact=True).fill("IVB")
    page.get_by_label("ECOG performance status", exact=True).select_option("1")
    page.get_by_label("Age (years)", exact=True).fill("52")
    page.get_by_label("Sex", exact=True).select_option("male")
    page.get_by_label("Prior lines of systemic therapy", exact=True).fill("1")
    page.get_by_label("Platinum-based chemotherapy", exact=True).check()
    page.get_by_label("Anti-PD-1 therapy", exact=True).check()
    page.get_by_label("QTc (latest ECG) (ms)", exact=True).fill("430")
    page.get_by_label(
        "Ever received radiotherapy to the nasopharynx or neck", exact=True
    ).select_option("no")
    # Each condition the trial excludes is answered: left as "Not known" it would stay open.
    for condition in ("Coronary heart disease", "Arrhythmia", "Heart failure"):
        page.get_by_label(condition, exact=True).select_option("none")
    page.get_by_role("button", name="Check eligibility").click()

    assert page.url == f"{live_server.base_url}/trials/{SEED}/check#result"
    result = page.locator("#result")
    assert "Eligible on every structured criterion" in result.inner_text()
    assert result.locator("li.check-met").count() == 13
    assert result.locator("li.check-not_met, li.check-unknown").count() == 0
    # The answers stay in the form for another try.
    assert page.get_by_label("Age (years)", exact=True).input_value() == "52"
    _shoot(page, "check-result.png")


def test_an_invalid_answer_is_shown_at_its_field(no_js: Session, live_server: LiveServer) -> None:
    page = no_js.page
    page.goto(f"{live_server.base_url}/trials/{SEED}#check")
    page.get_by_label("Age (years)", exact=True).fill("fifty")
    page.get_by_label("ECOG performance status", exact=True).select_option("2")
    with page.expect_response(f"**/trials/{SEED}/check") as answer:
        page.get_by_role("button", name="Check eligibility").click()
    assert answer.value.status == 400
    alert = page.get_by_role("alert")
    assert "Age: 'fifty' is not a number" in alert.inner_text()
    assert page.get_by_label("Age (years)", exact=True).get_attribute("aria-invalid") == "true"
    alert.get_by_role("link").first.click()
    assert page.url.endswith("#age")
    _shoot(page, "check-error.png")


def _card_link(session: Session, live_server: LiveServer, bundle_name: str) -> tuple[str, Any]:
    """Post a real patient-view call built from a test bundle; the card's /match/ link."""
    bundle = json.loads((REPO / "test_bundles" / bundle_name).read_text())
    hook = session.context.request.post(
        f"{live_server.base_url}/cds-services/oncomatch-trials",
        data=json.dumps(bundle_to_hook_request(bundle, hook_instance=f"browser-{bundle_name}")),
        headers={"Content-Type": "application/json"},
    )
    assert hook.status == 200
    links = [link["url"] for card in hook.json()["cards"] for link in card.get("links", [])]
    match_link = next(url for url in links if url.startswith(f"{live_server.base_url}/match/"))
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    return match_link, patient


def _assert_no_identifiers(page: Page, patient: dict[str, Any]) -> None:
    body = page.locator("body").text_content() or ""
    assert f"Patient/{patient['id']}" not in body
    assert patient["birthDate"] not in body
    for identifier in patient.get("identifier", []):
        assert identifier["value"] not in body
    for name in patient.get("name", []):
        assert " ".join(name.get("given", [])) not in body


def test_a_card_link_from_a_hook_response_opens_the_checklist(
    with_js: Session, live_server: LiveServer
) -> None:
    match_link, patient = _card_link(with_js, live_server, "npc_eligible.json")
    page = with_js.page
    page.goto(match_link)
    assert page.get_by_role("heading", level=1).inner_text() == "Eligibility checklist"
    verdict = page.get_by_role("status")
    assert "Eligible on every structured criterion" in verdict.inner_text()
    checks = page.locator("li.check")
    assert checks.count() == 13
    assert page.locator("li.check-met").count() == 13
    ecog = checks.filter(has_text="ECOG 0–1")
    assert "ECOG 1 on 2026-11-10" in ecog.inner_text()
    assert "Evidence: Observation/" in ecog.inner_text()
    body = page.locator("body").text_content() or ""
    assert "Patient data as of" in body
    assert "Link expires" in body
    _assert_no_identifiers(page, patient)
    _shoot(page, "checklist-eligible.png")

    page.set_viewport_size({"width": 375, "height": 800})
    no_horizontal_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_horizontal_scroll
    _shoot(page, "checklist-narrow.png")


def test_a_possibly_eligible_card_link_says_what_to_record(
    with_js: Session, live_server: LiveServer
) -> None:
    match_link, patient = _card_link(with_js, live_server, "npc_no_qtc.json")
    page = with_js.page
    page.goto(match_link)
    assert "Possibly eligible" in page.get_by_role("status").inner_text()
    qtc = page.locator("li.check").filter(has_text="QTc ≤ 450 ms")
    assert "Unknown" in qtc.inner_text()
    assert "To settle: Record a 12-lead ECG with QTc" in qtc.inner_text()
    assert page.locator("li.check-met").count() == 12
    _assert_no_identifiers(page, patient)
    _shoot(page, "checklist.png", readme=True)


def test_an_unknown_link_is_a_clear_not_found_page(no_js: Session, live_server: LiveServer) -> None:
    response = no_js.page.goto(f"{live_server.base_url}/match/no-such-token")
    assert response is not None
    assert response.status == 404
    heading = no_js.page.get_by_role("heading", level=1).inner_text()
    assert heading == "Checklist link expired or unknown"
    _shoot(no_js.page, "match-not-found.png")


def test_keyboard_reaches_the_skip_link_and_focus_is_visible(
    with_js: Session, live_server: LiveServer
) -> None:
    page = with_js.page
    page.goto(f"{live_server.base_url}/trials/{SEED}")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    # The fragment navigation lands after the key press returns: wait for it (bounded).
    page.wait_for_url(lambda url: url.endswith("#main"), timeout=5_000)


def test_pages_fit_a_narrow_screen(no_js: Session, live_server: LiveServer) -> None:
    page = no_js.page
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/trials", f"/trials/{SEED}"):
        page.goto(f"{live_server.base_url}{path}")
        fits = page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        assert fits, path
    _shoot(page, "trial-page-narrow.png")


def test_a_missing_browser_skips_locally_but_fails_under_ci() -> None:
    with pytest.raises(pytest.skip.Exception, match="browser tests not run: no Chromium"):
        unavailable("no Chromium found", in_ci=False)
    with pytest.raises(pytest.fail.Exception, match="CI=true: the browser tests must run"):
        unavailable("no Chromium found", in_ci=True)


# --- the pre-screening worklists (staff pages) ---------------------------------------------

COORDINATOR = ("carol", "a long coordinator passphrase")


@pytest.fixture(scope="module")
def worklist_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The service with a coordinator account and a saved pre-screening run."""
    sock, base_url = bound_socket()
    web = web_app(settings_for(tmp_path_factory.mktemp("worklists"), public_base_url=base_url))
    staff = web.app.state.staff
    name, password = COORDINATOR
    staff.accounts.add(name, Role.COORDINATOR, staff.passwords.hash(password), web.clock())
    saved_run(WorklistStore(staff.engine, clock=web.clock))
    with served(web.app, sock):
        yield LiveServer(base_url, web.clock)


def test_a_coordinator_filters_a_worklist_and_downloads_it(
    browser: Browser, worklist_server: LiveServer, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{worklist_server.base_url}/worklists")
        assert urlsplit(page.url).path == "/staff/login"  # no session: sign in first
        name, password = COORDINATOR
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        assert urlsplit(page.url).path == "/worklists"
        assert page.get_by_role("heading", level=1).inner_text() == "Pre-screening worklists"

        page.get_by_role("link", name=SEED_WORKLIST).click()
        rows = page.locator("table.worklist tbody tr")
        assert rows.count() == 3
        page.get_by_label("Verdict").select_option("possibly_eligible")
        page.get_by_label("Undecided criterion").select_option("qtc")
        page.get_by_role("button", name="Filter").click()
        assert parse_qs(urlsplit(page.url).query) == {
            "verdict": ["possibly_eligible"],
            "unknown": ["qtc"],
        }
        assert rows.count() == 1
        assert "pt-possible-3" in rows.first.inner_text()
        assert "Record the QTc of an ECG." in rows.first.inner_text()
        _shoot(page, "worklist.png")

        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download CSV").click()
        download = download_info.value
        assert download.suggested_filename == f"worklist-{SEED_WORKLIST}-2026-11-01.csv"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        lines = target.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("patient_id,verdict,")
        assert [line.split(",")[0] for line in lines[1:]] == ["pt-possible-3"]

        page.get_by_role("link", name="Checklist for pt-possible-3").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Pre-screening checklist"
        assert "pt-possible-3" not in page.url
    finally:
        context.close()
