"""The one browser harness of the test suite: Debian's headless Chromium under Playwright, and an
app served by a real uvicorn on a free 127.0.0.1 port in a thread.

A missing Playwright or Chromium skips the test with the reason — except under CI=true, where it
fails the run (a skip there would hide that nothing was tested). Chromium is found at
$ONCOMATCH_CHROMIUM, /usr/bin/chromium, or `chromium` / `chromium-browser` on the PATH.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest
import uvicorn
from fastapi import FastAPI

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Nothing may leave the machine: no update checks, no sync, no background fetches.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").strip().lower() == "true"
SERVER_START_SECONDS = 15


def unavailable(reason: str, *, in_ci: bool = IN_CI) -> None:
    """Skip the test saying why the browser can't run, or fail it under CI=true."""
    message = f"browser tests not run: {reason}"
    if in_ci:
        pytest.fail(f"{message} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(message)


def chromium_path() -> str | None:
    candidates = [
        os.environ.get("ONCOMATCH_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium under Playwright, closed afterwards."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the Python package 'playwright' is not installed")
    path = chromium_path()
    if path is None:
        unavailable("no Chromium found (apt-get install chromium, or set ONCOMATCH_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def bound_socket() -> tuple[socket.socket, str]:
    """A listening address picked by the system, and its base URL (the app is told it before it
    is made, for its public links and the JWT audience)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock, f"http://127.0.0.1:{sock.getsockname()[1]}"


@contextmanager
def served(app: FastAPI, sock: socket.socket) -> Iterator[None]:
    """`app` under uvicorn on `sock` until the block ends."""
    config = uvicorn.Config(app, log_level="warning", ws="none", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the uvicorn test server did not start")
        time.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
