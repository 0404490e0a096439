"""Helpers of the staff sign-in tests: an app with a movable clock and a cheap password hasher,
accounts made through the real store, and the form round trips a browser makes."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cds_service.service import create_app
from cds_service.settings import AuthMode, Settings
from cds_service.staff.passwords import PasswordBook
from cds_service.staff.roles import Role
from cds_service.staff.services import StaffServices

FIXED_NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
# Argon2 at its smallest: the tests check the flow, not the cost (which `test_passwords` does).
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
CSRF_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class MovableClock:
    now: datetime = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def staff_settings(data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"data_dir": data_dir, "auth": AuthMode.OFF}
    values.update(overrides)
    return Settings(**values)


def staff_app(settings: Settings, clock: MovableClock) -> FastAPI:
    app = create_app(settings, clock=clock)
    app.state.staff = dataclasses.replace(app.state.staff, passwords=PasswordBook(CHEAP_HASHER))
    return app


def csrf_token(html: str) -> str:
    found = CSRF_PATTERN.search(html)
    assert found, "no csrf_token field on the page"
    return found.group(1)


@dataclass
class StaffSite:
    app: FastAPI
    client: TestClient
    clock: MovableClock

    @property
    def services(self) -> StaffServices:
        services: StaffServices = self.app.state.staff
        return services

    def add(self, name: str, role: Role, password: str = PASSWORD) -> None:
        self.services.accounts.add(name, role, self.services.passwords.hash(password), FIXED_NOW)

    def login_form(self, client: TestClient | None = None, query: str = "") -> str:
        page = (client or self.client).get(f"/staff/login{query}")
        assert page.status_code == 200, page.text
        return csrf_token(page.text)

    def sign_in(
        self,
        name: str,
        password: str = PASSWORD,
        *,
        next_path: str | None = None,
        client: TestClient | None = None,
        token: str | None = None,
    ) -> httpx.Response:
        """Open the sign-in form (unless `token`, from a form opened before, is given) and
        send it."""
        client = client or self.client
        form = {
            "username": name,
            "password": password,
            "csrf_token": token or self.login_form(client),
        }
        if next_path is not None:
            form["next"] = next_path
        return client.post("/staff/login", data=form, follow_redirects=False)

    def page_token(self, path: str = "/staff") -> str:
        page = self.client.get(path)
        assert page.status_code == 200, page.text
        return csrf_token(page.text)
