"""The staff security cases as a member meets them in a real browser: Playwright driving
Debian's headless Chromium against the whole service under uvicorn, on SQLite and on PostgreSQL.

No session (sign in, then back where they were going), an expired session, the wrong role, a
publish whose CSRF token was removed or altered (refused, nothing published), an account disabled
while its session is open, and five wrong passwords (throttled, even the right one, until the
window passes). One server per database for the module, its accounts made once; every test has a
fresh browser context (no cookies) and leaves the server's clock past any window it opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from fastapi import FastAPI

from cds_service.curation.pages import CurationServices
from cds_service.staff.roles import Role
from cds_service.staff.services import StaffServices
from tests.cds_service.curation.pages_testkit import BUNDLES, SEED
from tests.cds_service.staff.staff_testkit import (
    FIXED_NOW,
    PASSWORD,
    MovableClock,
    staff_app,
    staff_settings,
)
from tests.conftest import throwaway_schema
from tests.support.browser import bound_socket, chromium, served

pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CURATOR, COORDINATOR, TO_DISABLE, GUESSED = "cora", "colin", "dora", "tess"
ACCOUNTS = {
    CURATOR: Role.CURATOR,
    COORDINATOR: Role.COORDINATOR,
    TO_DISABLE: Role.CURATOR,
    GUESSED: Role.CURATOR,
}
SESSION_ENDED = "Your session has ended"
NO_MATCH = "That name and password do not match an active staff account."


@dataclass
class LiveSite:
    base_url: str
    app: FastAPI
    clock: MovableClock

    @property
    def staff(self) -> StaffServices:
        services: StaffServices = self.app.state.staff
        return services

    @property
    def curation(self) -> CurationServices:
        services: CurationServices = self.app.state.curation
        return services

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveSite]:
    with ExitStack() as stack:
        url = None
        if request.param == "postgresql":
            url = stack.enter_context(throwaway_schema(request.getfixturevalue("postgres_url")))
        sock, base_url = bound_socket()
        settings = staff_settings(
            tmp_path_factory.mktemp("security") / "data",
            database_url=url,
            test_bundles_dir=BUNDLES,
            public_base_url=base_url,
        )
        clock = MovableClock()
        app = staff_app(settings, clock)
        staff: StaffServices = app.state.staff
        for name, role in ACCOUNTS.items():
            staff.accounts.add(name, role, staff.passwords.hash(PASSWORD), FIXED_NOW)
        stack.enter_context(served(app, sock))
        yield LiveSite(base_url, app, clock)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, live: LiveSite) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()
        # Failed sign-ins count against 127.0.0.1, every test's address: the next test starts
        # once they have left the window.
        live.clock.advance(live.staff.throttle.window)


def _fill_sign_in(page: Page, name: str, password: str = PASSWORD) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def _sign_in_at(page: Page, live: LiveSite, path: str, name: str) -> None:
    """Open `path` without a session, and sign in on the form it leads to."""
    page.goto(live.url(path))
    assert page.url.startswith(live.url("/staff/login?next="))
    _fill_sign_in(page, name)


def test_no_session_leads_to_sign_in_and_back(page: Page, live: LiveSite) -> None:
    answer = page.goto(live.url("/curation"))
    assert answer is not None
    assert page.url == live.url("/staff/login?next=%2Fcuration")
    assert page.get_by_role("heading", level=1).inner_text() == "Staff sign-in"
    assert page.locator("#sign-in-notice").count() == 0  # nothing ended: never signed in
    _fill_sign_in(page, CURATOR)
    assert page.url == live.url("/curation")
    assert page.get_by_role("heading", level=1).inner_text() == "Trial curation"


def test_an_expired_session_asks_to_sign_in_again(page: Page, live: LiveSite) -> None:
    _sign_in_at(page, live, f"/curation/{SEED}", CURATOR)
    # The sign-in's redirect loaded before the reload: reloading a page still being replaced
    # failed now and then in Chromium ("Not attached to an active page").
    page.wait_for_url(live.url(f"/curation/{SEED}"))
    live.clock.advance(live.staff.sessions.lifetime - timedelta(seconds=1))
    page.reload()
    assert page.url == live.url(f"/curation/{SEED}")  # a second before the end: still in
    live.clock.advance(timedelta(seconds=1))
    page.reload()
    assert page.url.startswith(live.url("/staff/login?next="))
    notice = page.locator("#sign-in-notice")
    assert SESSION_ENDED in notice.inner_text()
    assert "Please sign in again." in notice.inner_text()
    _fill_sign_in(page, CURATOR)
    assert page.url == live.url(f"/curation/{SEED}")


def test_a_coordinator_opening_curation_sees_the_role_needed(page: Page, live: LiveSite) -> None:
    _sign_in_at(page, live, "/curation", COORDINATOR)
    assert page.url == live.url("/curation")
    assert page.get_by_role("heading", level=1).inner_text() == "Not allowed"
    lead = page.locator("p.lead").inner_text()
    assert "This page needs the curator role." in lead
    assert "colin, who has the coordinator role" in lead
    answer = page.goto(live.url("/curation"))
    assert answer is not None
    assert answer.status == 403
    page.get_by_role("link", name="Back to the staff home page").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, colin"


# What a script on the page (or a hand in the developer tools) does to the form before it is sent.
TAMPER = """(mode) => {
  const field = document.querySelector("#bench input[name=csrf_token]");
  if (mode === "remove") { field.remove(); return; }
  const tail = field.value.endsWith("AAAA") ? "BBBB" : "AAAA";  // always a different token
  field.value = field.value.slice(0, -4) + tail;
}"""


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        pytest.param("remove", "security token is missing", id="removed"),
        pytest.param("alter", "security token does not match this sign-in", id="altered"),
    ],
)
def test_a_publish_with_a_tampered_csrf_token_is_refused(
    page: Page, live: LiveSite, tamper: str, reason: str
) -> None:
    _sign_in_at(page, live, f"/curation/{SEED}", CURATOR)
    before = live.curation.store.versions(SEED)
    publish = f"Publish version {len(before) + 1}"
    page.get_by_label("Note for the version history").fill("should never be published")
    page.evaluate(TAMPER, tamper)
    with page.expect_response(live.url(f"/curation/{SEED}/publish")) as sent:
        page.get_by_role("button", name=publish).click()
    assert sent.value.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Form expired"
    lead = page.locator("p.lead").inner_text()
    assert reason in lead
    assert "Reload the page and submit it again." in lead
    assert live.curation.store.versions(SEED) == before  # nothing published

    # Done as the page says, the same publish goes through: the refusal was the token's.
    page.go_back()
    page.reload()
    page.get_by_label("Note for the version history").fill("published with its token")
    page.get_by_role("button", name=publish).click()
    assert f"Version {len(before) + 1} published" in page.locator("#bench-message").inner_text()
    assert len(live.curation.store.versions(SEED)) == len(before) + 1


def test_an_account_disabled_while_signed_in_is_signed_out(page: Page, live: LiveSite) -> None:
    _sign_in_at(page, live, "/curation", TO_DISABLE)
    assert page.get_by_role("heading", level=1).inner_text() == "Trial curation"
    try:
        assert live.staff.accounts.disable(TO_DISABLE)
        page.get_by_role("link", name=SEED).click()
        assert page.url.startswith(live.url("/staff/login?next="))
        assert SESSION_ENDED in page.locator("#sign-in-notice").inner_text()
        _fill_sign_in(page, TO_DISABLE)
        assert NO_MATCH in page.get_by_role("alert").inner_text()
    finally:
        live.staff.accounts.enable(TO_DISABLE)


def test_five_wrong_passwords_throttle_even_the_right_one(page: Page, live: LiveSite) -> None:
    page.goto(live.url("/staff/login"))
    for _ in range(live.staff.throttle.max_failures):
        _fill_sign_in(page, GUESSED, "not the password")
        assert NO_MATCH in page.get_by_role("alert").inner_text()
    _fill_sign_in(page, GUESSED)  # the right password, not even tried
    assert page.get_by_role("heading", level=1).inner_text() == "Too many failed sign-ins"
    assert "Try again in 15 minutes" in page.locator("p.lead").inner_text()

    live.clock.advance(timedelta(minutes=10))
    page.get_by_role("link", name="Go to the sign-in page").click()
    _fill_sign_in(page, GUESSED)
    assert "Try again in 5 minutes" in page.locator("p.lead").inner_text()

    live.clock.advance(timedelta(minutes=5))
    page.get_by_role("link", name="Go to the sign-in page").click()
    _fill_sign_in(page, GUESSED)
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, tess"
