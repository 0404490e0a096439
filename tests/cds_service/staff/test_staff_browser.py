"""Staff sign-in in a real browser: Playwright driving Debian's headless Chromium against a
real uvicorn server on 127.0.0.1 — sign in, the staff home, sign out, back at the form.

Skipped with the reason when Playwright or Chromium is missing, except under CI=true, where that
fails the run (as in tests/cds_service/web/test_web_browser.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn

from cds_service.staff.access import SESSION_COOKIE
from cds_service.staff.roles import Role
from tests.cds_service.staff.staff_testkit import (
    PASSWORD,
    MovableClock,
    StaffSite,
    staff_app,
    staff_settings,
)

pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").strip().lower() == "true"


def _unavailable(reason: str) -> None:
    message = f"browser tests not run: {reason}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(message)


def _chromium() -> str | None:
    candidates = [
        os.environ.get("ONCOMATCH_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


@pytest.fixture
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package 'playwright' is not installed")
    path = _chromium()
    if path is None:
        _unavailable("no Chromium found (apt-get install chromium, or set ONCOMATCH_CHROMIUM)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def live_site(tmp_path: Path) -> Iterator[tuple[str, StaffSite]]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    clock = MovableClock()
    app = staff_app(staff_settings(tmp_path / "data", public_base_url=base_url), clock)
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", ws="none", lifespan="on", access_log=False)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the uvicorn test server did not start")
        time.sleep(0.02)
    try:
        from fastapi.testclient import TestClient

        yield base_url, StaffSite(app, TestClient(app), clock)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


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
