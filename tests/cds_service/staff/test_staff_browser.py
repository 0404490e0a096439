"""Staff sign-in in a real browser: Playwright driving Debian's headless Chromium against a
real uvicorn server on 127.0.0.1 — sign in, the staff home, sign out, back at the form.

Skipped with the reason when Playwright or Chromium is missing, except under CI=true, where that
fails the run (the rule and the harness: tests/support/browser.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from cds_service.staff.access import SESSION_COOKIE
from cds_service.staff.roles import Role
from tests.cds_service.staff.staff_testkit import (
    PASSWORD,
    MovableClock,
    StaffSite,
    staff_app,
    staff_settings,
)
from tests.support.browser import bound_socket, chromium, served

pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def live_site(tmp_path: Path) -> Iterator[tuple[str, StaffSite]]:
    sock, base_url = bound_socket()
    clock = MovableClock()
    app = staff_app(staff_settings(tmp_path / "data", public_base_url=base_url), clock)
    with served(app, sock):
        yield base_url, StaffSite(app, TestClient(app), clock)


def test_sign_in_see_the_staff_home_and_sign_out(
    browser: Browser, live_site: tuple[str, StaffSite]
) -> None:
    base_url, site = live_site
    site.add("alice", Role.ADMIN)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{base_url}/staff")
        assert page.url == f"{base_url}/staff/login?next=%2Fstaff"
        page.get_by_label("Name", exact=True).fill("alice")
        page.get_by_label("Password", exact=True).fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        assert "do not match an active staff account" in page.get_by_role("alert").inner_text()

        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        assert page.url == f"{base_url}/staff"
        assert page.get_by_role("heading", level=1).inner_text() == "Welcome, alice"
        for reachable in ("Trial curation", "Pre-screening worklists"):
            assert page.get_by_role("main").get_by_role("link", name=reachable).count() == 1
            assert page.get_by_role("navigation").get_by_role("link", name=reachable).count() == 1
        (cookie,) = [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
        assert cookie["httpOnly"]
        assert cookie["sameSite"] == "Lax"

        page.get_by_role("button", name="Sign out").click()
        assert page.url == f"{base_url}/staff/login"
        assert page.get_by_role("heading", level=1).inner_text() == "Staff sign-in"
        assert [c for c in context.cookies() if c["name"] == SESSION_COOKIE] == []
        page.goto(f"{base_url}/staff")
        assert page.url.startswith(f"{base_url}/staff/login")
    finally:
        context.close()
