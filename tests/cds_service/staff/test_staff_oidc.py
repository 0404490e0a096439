"""Sign-in through an OpenID Connect provider (a real one on loopback, `fake_identity_provider`):
the round trip, and each way its answer is refused — state, nonce, audience, expiry, a foreign
key, an account that is unknown or disabled, a provider that says no or is unreachable."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from cds_service.staff.access import SESSION_COOKIE
from cds_service.staff.audit import recent_actions
from cds_service.staff.oidc import PENDING_COOKIE
from cds_service.staff.roles import Role
from tests.cds_service.auth.auth_testkit import make_key
from tests.cds_service.staff.fake_identity_provider import CLIENT_ID, CLIENT_SECRET, FakeProvider
from tests.cds_service.staff.staff_testkit import (
    MovableClock,
    StaffSite,
    staff_app,
    staff_settings,
)
from tests.support.uvicorn_server import serving

BASE = "http://oncomatch.test"


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    fake = FakeProvider(clock=MovableClock())
    with serving(fake.app()) as live:
        fake.issuer = live.base_url
        yield fake


def _site(tmp_path: Path, provider: FakeProvider, **overrides: Any) -> Iterator[StaffSite]:
    clock = provider.clock
    assert isinstance(clock, MovableClock)
    settings = staff_settings(
        tmp_path / "data",
        public_base_url=BASE,
        staff_oidc_issuer=provider.issuer,
        staff_oidc_client_id=CLIENT_ID,
        staff_oidc_client_secret=CLIENT_SECRET,
        staff_oidc_label="St Example's account",
        **overrides,
    )
    app = staff_app(settings, clock)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        yield StaffSite(app, client, clock)


@pytest.fixture
def site(tmp_path: Path, provider: FakeProvider) -> Iterator[StaffSite]:
    yield from _site(tmp_path, provider)


def through_provider(site: StaffSite, next_path: str = "/staff") -> httpx.Response:
    """Start, let the provider sign in its user, and bring its answer back to OncoMatch."""
    start = site.client.get("/staff/oidc/start", params={"next": next_path}, follow_redirects=False)
    assert start.status_code == 303, start.text
    to_provider = start.headers["location"]
    answer = httpx.get(to_provider, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["location"])
    assert f"{BASE}{callback.path}" == f"{BASE}/staff/oidc/callback"
    return site.client.get(f"{callback.path}?{callback.query}", follow_redirects=False)


def test_the_round_trip_opens_a_staff_session(site: StaffSite, provider: FakeProvider) -> None:
    site.add("alice", Role.CURATOR)
    form = site.client.get("/staff/login?next=/curation")
    assert 'href="/staff/oidc/start?next=/curation">Sign in with St Example&#39;s account' in (
        form.text
    )

    start = site.client.get("/staff/oidc/start?next=/curation", follow_redirects=False)
    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert query["redirect_uri"] == [f"{BASE}/staff/oidc/callback"]
    assert query["code_challenge_method"] == ["S256"]
    assert {"state", "nonce", "code_challenge"} <= set(query)
    cookie = start.headers["set-cookie"]
    assert cookie.startswith(PENDING_COOKIE)
    assert "HttpOnly" in cookie
    assert "Path=/staff/oidc" in cookie

    answer = through_provider(site, "/curation")
    assert (answer.status_code, answer.headers["location"]) == (303, "/curation")
    assert SESSION_COOKIE in site.client.cookies
    home = site.client.get("/staff")
    assert "Welcome, alice" in home.text
    (entry,) = [e for e in recent_actions(site.services.engine) if e.action == "staff.sign_in"]
    assert entry.detail == "via oidc from testclient"


def test_an_answer_for_another_browser_is_refused(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    start = site.client.get("/staff/oidc/start", follow_redirects=False)
    answer = httpx.get(start.headers["location"], follow_redirects=False)
    callback = urlsplit(answer.headers["location"])
    with TestClient(site.app, base_url=BASE) as other_browser:
        refused = other_browser.get(f"{callback.path}?{callback.query}")
    assert refused.status_code == 400
    assert "began in another browser" in refused.text
    forged_state = callback.query.replace("state=", "state=x")
    assert site.client.get(f"{callback.path}?{forged_state}").status_code == 400


def test_a_sign_in_left_too_long_is_refused(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    start = site.client.get("/staff/oidc/start", follow_redirects=False)
    answer = httpx.get(start.headers["location"], follow_redirects=False)
    site.clock.advance(timedelta(minutes=11))
    callback = urlsplit(answer.headers["location"])
    refused = site.client.get(f"{callback.path}?{callback.query}")
    assert refused.status_code == 400
    assert "took longer than ten minutes" in refused.text


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"nonce": "another sign-in's nonce"}, "nonce is not this sign-in's"),
        ({"aud": "another-client"}, "Audience"),
        ({"iss": "https://elsewhere.example"}, "issuer"),
        ({"exp": 1}, "has expired"),
    ],
)
def test_an_id_token_that_does_not_hold_is_refused(
    site: StaffSite, provider: FakeProvider, overrides: dict[str, Any], why: str
) -> None:
    site.add("alice", Role.CURATOR)
    provider.overrides = overrides
    refused = through_provider(site)
    assert refused.status_code == 401
    assert "could not be verified" in refused.text
    assert SESSION_COOKIE not in site.client.cookies
    (entry,) = recent_actions(site.services.engine)
    assert entry.action == "staff.sign_in_failed"
    assert why.lower() in (entry.detail or "").lower()


def test_an_id_token_signed_with_another_key_is_refused(
    site: StaffSite, provider: FakeProvider
) -> None:
    site.add("alice", Role.CURATOR)
    # The published key's id, but a key the provider never published.
    provider.signing_key = make_key("RS256", kid=provider.key.kid)
    refused = through_provider(site)
    assert refused.status_code == 401
    (entry,) = recent_actions(site.services.engine)
    assert "Signature verification failed" in (entry.detail or "")
    provider.signing_key = make_key("RS256")  # an unknown key id: refetched once, then refused
    through_provider(site)
    assert "not among the provider's keys" in (recent_actions(site.services.engine)[0].detail or "")


def test_an_unknown_or_disabled_account_gets_no_session(
    site: StaffSite, provider: FakeProvider
) -> None:
    provider.user = {"preferred_username": "mallory"}
    refused = through_provider(site)
    assert refused.status_code == 401
    assert "(mallory) has no active OncoMatch staff account" in refused.text
    site.add("mallory", Role.CURATOR)
    site.services.accounts.disable("mallory")
    assert through_provider(site).status_code == 401
    provider.user = {"preferred_username": "Rosa@Hospital.example"}  # e-mail style, any case
    site.add("rosa@hospital.example", Role.COORDINATOR)
    assert through_provider(site).status_code == 303
    site.client.cookies.clear()
    provider.user = {"email": "no-name@example.org"}
    assert "(no name given)" in through_provider(site).text
    assert SESSION_COOKIE not in site.client.cookies


def test_a_provider_that_says_no_is_shown_and_audited(site: StaffSite) -> None:
    start = site.client.get("/staff/oidc/start", follow_redirects=False)
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    refused = site.client.get(
        "/staff/oidc/callback", params={"state": state, "error": "access_denied"}
    )
    assert refused.status_code == 401
    assert "did not sign you in (the provider answered access_denied)" in refused.text
    (entry,) = recent_actions(site.services.engine)
    assert (entry.actor, entry.action) == ("(oidc)", "staff.sign_in_failed")


def test_an_unreachable_provider_is_a_clear_502(tmp_path: Path) -> None:
    fake = FakeProvider(clock=MovableClock(), issuer="http://127.0.0.1:1")
    for site in _site(tmp_path, fake):
        answer = site.client.get("/staff/oidc/start")
        assert answer.status_code == 502
        assert "The hospital sign-in service could not be used" in answer.text
        assert "Traceback" not in answer.text


def test_with_password_sign_in_off_only_the_provider_is_offered(
    tmp_path: Path, provider: FakeProvider
) -> None:
    for site in _site(tmp_path, provider, staff_password_sign_in=False):
        site.add("alice", Role.CURATOR)
        form = site.client.get("/staff/login")
        assert 'type="password"' not in form.text
        assert "Sign in with St Example" in form.text
        refused = site.client.post("/staff/login", data={"username": "alice", "password": "x"})
        assert refused.status_code == 403
        assert "Password sign-in is turned off here" in refused.text
        assert through_provider(site).status_code == 303


def test_without_a_provider_its_routes_are_404(tmp_path: Path) -> None:
    app = staff_app(staff_settings(tmp_path / "plain"), MovableClock())
    with TestClient(app) as client:
        assert client.get("/staff/oidc/start").status_code == 404
        assert client.get("/staff/oidc/callback?code=x&state=y").status_code == 404
        assert "/staff/oidc/start" not in client.get("/staff/login").text
