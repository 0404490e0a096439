"""Staff sign-in over HTTP, as a browser and a script meet it: every refusal a session, a role,
a CSRF token or the throttle can cause, and what stays as it was (hooks, public pages)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs, urlsplit

import pytest
from argon2 import PasswordHasher
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from cds_service.settings import AuthMode
from cds_service.staff.access import SESSION_COOKIE, StaffMember, require_staff
from cds_service.staff.audit import recent_actions
from cds_service.staff.csrf import LOGIN_CSRF_COOKIE, csrf_input, verify_csrf
from cds_service.staff.passwords import PasswordBook
from cds_service.staff.roles import Role
from tests.cds_service.auth.auth_testkit import jwks_of, make_key
from tests.cds_service.staff.staff_testkit import (
    PASSWORD,
    MovableClock,
    StaffSite,
    csrf_token,
    staff_app,
    staff_settings,
)

# A staff page and a staff form as the curation and worklist pages declare them.
probe = APIRouter()


@probe.get("/probe/curators")
def curators_page(
    request: Request, member: Annotated[StaffMember, Depends(require_staff(Role.CURATOR))]
) -> HTMLResponse:
    return HTMLResponse(f"<p>hello {member.name}</p><form>{csrf_input(request)}</form>")


@probe.post("/probe/curators/act", dependencies=[Depends(verify_csrf)])
def curators_act(
    member: Annotated[StaffMember, Depends(require_staff(Role.CURATOR, Role.COORDINATOR))],
) -> dict[str, str]:
    return {"done by": member.name}


@probe.post("/probe/curators/note", dependencies=[Depends(verify_csrf)])
def curators_note(
    member: Annotated[StaffMember, Depends(require_staff(Role.CURATOR))],
    note: Annotated[str, Form()],
) -> dict[str, str]:
    return {member.name: note}


@pytest.fixture(autouse=True)
def _probe_routes(site: StaffSite) -> None:
    site.app.include_router(probe)


def signed_in(site: StaffSite, name: str = "alice", role: Role = Role.CURATOR) -> None:
    site.add(name, role)
    answer = site.sign_in(name)
    assert answer.status_code == 303, answer.text


def replace_session_cookie(site: StaffSite, value: str) -> None:
    site.client.cookies.clear()
    site.client.cookies.set(SESSION_COOKIE, value)


def action_count(site: StaffSite, action: str) -> int:
    return sum(1 for entry in recent_actions(site.services.engine, 500) if entry.action == action)


# --- no session ---------------------------------------------------------------------------


def test_a_browser_without_a_session_is_sent_to_sign_in_with_next(site: StaffSite) -> None:
    answer = site.client.get("/probe/curators?tab=open", follow_redirects=False)
    assert answer.status_code == 303
    location = urlsplit(answer.headers["location"])
    assert location.path == "/staff/login"
    assert parse_qs(location.query) == {"next": ["/probe/curators?tab=open"]}
    home = site.client.get("/staff", follow_redirects=False)
    assert home.headers["location"] == "/staff/login?next=%2Fstaff"


def test_without_a_session_a_script_and_a_post_get_401(site: StaffSite) -> None:
    script = site.client.get("/staff", headers={"Accept": "application/json"})
    assert script.status_code == 401
    assert script.json() == {"error": "Please sign in to reach the staff pages."}
    post = site.client.post("/probe/curators/act", data={"csrf_token": "x"})
    assert post.status_code == 401
    assert "Please sign in" in post.text
    assert "Traceback" not in post.text
    logout = site.client.post("/staff/logout", follow_redirects=False)
    assert logout.status_code == 401


# --- signing in -----------------------------------------------------------------------------


def test_sign_in_sets_a_signed_httponly_lax_cookie_with_an_expiry(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    answer = site.sign_in("alice", next_path="/probe/curators")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/probe/curators"
    cookie = next(
        c for c in answer.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE + "=")
    )
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "max-age", "path"} <= attributes
    assert "samesite=lax" in cookie.lower()
    assert "max-age=28800" in cookie.lower()
    assert "secure" not in attributes  # plain http: the browser would drop a Secure cookie
    page = site.client.get("/probe/curators")
    assert page.status_code == 200
    assert "hello alice" in page.text


def test_the_name_is_read_without_case_or_surrounding_space(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    assert site.sign_in("  Alice ").status_code == 303


def test_over_https_or_when_told_the_cookie_is_secure(site: StaffSite, tmp_path: Path) -> None:
    site.add("alice", Role.CURATOR)
    with TestClient(site.app, base_url="https://testserver") as https:
        answer = site.sign_in("alice", client=https)
    assert "; secure" in answer.headers["set-cookie"].lower()
    told = staff_app(staff_settings(tmp_path / "told", staff_cookie_secure=True), MovableClock())
    with TestClient(told) as client:
        form = client.get("/staff/login")
    assert "; secure" in form.headers["set-cookie"].lower()


def test_the_staff_home_lists_what_the_role_reaches(site: StaffSite) -> None:
    signed_in(site, "carol", Role.COORDINATOR)
    home = site.client.get("/staff")
    assert home.status_code == 200
    assert "Signed in as <strong>carol</strong> (coordinator)" in home.text
    assert 'href="/worklists"' in home.text
    assert 'href="/curation"' not in home.text
    assert "Recent staff activity" not in home.text  # the audit is for admins
    site.client.cookies.clear()
    signed_in(site, "root", Role.ADMIN)
    admin_home = site.client.get("/staff")
    assert 'href="/worklists"' in admin_home.text
    assert 'href="/curation"' in admin_home.text
    assert "staff.sign_in" in admin_home.text


def test_a_signed_in_member_asking_for_the_form_goes_on(site: StaffSite) -> None:
    signed_in(site)
    answer = site.client.get("/staff/login?next=/probe/curators", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/probe/curators")


def test_a_form_with_a_field_left_empty_is_400(site: StaffSite) -> None:
    token = site.login_form()
    answer = site.client.post(
        "/staff/login", data={"username": "alice", "password": "", "csrf_token": token}
    )
    assert answer.status_code == 400
    assert "Enter both your name and your password." in answer.text


# --- no user enumeration --------------------------------------------------------------------


class CountingHasher(PasswordHasher):
    """A real hasher that counts its verifications (the work a wrong sign-in costs)."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verified += 1
        return super().verify(hash, password)


def test_unknown_name_disabled_account_and_wrong_password_look_alike(site: StaffSite) -> None:
    import dataclasses

    hasher = CountingHasher()
    site.app.state.staff = dataclasses.replace(site.services, passwords=PasswordBook(hasher))
    site.add("alice", Role.CURATOR)
    site.add("dora", Role.CURATOR)
    site.services.accounts.disable("dora")
    answers = []
    for name, password in [("alice", "wrong password!!"), ("nobody", PASSWORD), ("dora", PASSWORD)]:
        before = hasher.verified
        answer = site.sign_in(name, password)
        answers.append((answer.status_code, hasher.verified - before))
        assert "That name and password do not match an active staff account." in answer.text
        assert SESSION_COOKIE not in answer.cookies
    # Same status, and one argon2 verification each: the same answer in the same time class.
    assert answers == [(401, 1), (401, 1), (401, 1)]


# --- expiry, tampering, sign-out, disabling -------------------------------------------------


def test_a_session_expires_after_its_lifetime(site: StaffSite) -> None:
    signed_in(site)
    site.clock.advance(timedelta(hours=8) - timedelta(seconds=1))
    assert site.client.get("/probe/curators").status_code == 200
    site.clock.advance(timedelta(seconds=1))
    answer = site.client.get("/probe/curators", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/staff/login?next=")


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda v: v[:-2] + ("AA" if not v.endswith("AA") else "BB"), id="signature"),
        pytest.param(lambda v: "X" + v[1:] if v[0] != "X" else "Y" + v[1:], id="token"),
        pytest.param(lambda v: v.rpartition(".")[0], id="unsigned token"),
        pytest.param(lambda v: "", id="empty"),
    ],
)
def test_a_tampered_cookie_is_refused_and_cleared(site: StaffSite, tamper: object) -> None:
    signed_in(site)
    value = site.client.cookies[SESSION_COOKIE]
    replace_session_cookie(site, tamper(value))  # type: ignore[operator]
    answer = site.client.get("/probe/curators", follow_redirects=False)
    assert answer.status_code == 303
    if tamper(value):  # type: ignore[operator]
        assert f'{SESSION_COOKIE}=""' in answer.headers["set-cookie"]


def test_a_cookie_signed_with_another_key_is_refused(site: StaffSite, tmp_path: Path) -> None:
    other = staff_app(staff_settings(tmp_path / "other"), MovableClock())
    signed_in(site)
    token = site.client.cookies[SESSION_COOKIE].rpartition(".")[0]
    forged = other.state.staff.signer.sign(token, "staff-session")
    replace_session_cookie(site, forged)
    assert site.client.get("/probe/curators", follow_redirects=False).status_code == 303


def test_sign_out_ends_the_session_even_for_a_copied_cookie(site: StaffSite) -> None:
    signed_in(site)
    copied = site.client.cookies[SESSION_COOKIE]
    answer = site.client.post(
        "/staff/logout", data={"csrf_token": site.page_token()}, follow_redirects=False
    )
    assert (answer.status_code, answer.headers["location"]) == (303, "/staff/login")
    assert f'{SESSION_COOKIE}=""' in answer.headers["set-cookie"]
    replace_session_cookie(site, copied)
    assert site.client.get("/staff", follow_redirects=False).status_code == 303


def test_disabling_an_account_ends_its_open_session_at_once(site: StaffSite) -> None:
    signed_in(site)
    assert site.client.get("/probe/curators").status_code == 200
    site.services.accounts.disable("alice")
    assert site.client.get("/probe/curators", follow_redirects=False).status_code == 303
    assert site.sign_in("alice").status_code == 401


def test_signing_in_again_replaces_the_session(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    form = site.login_form()  # a second tab's form, opened before signing in
    assert site.sign_in("alice", token=form).status_code == 303
    first = site.client.cookies[SESSION_COOKIE]
    assert site.sign_in("alice", token=form).status_code == 303
    second = site.client.cookies[SESSION_COOKIE]
    assert first != second
    replace_session_cookie(site, first)
    assert site.client.get("/staff", follow_redirects=False).status_code == 303


# --- roles ----------------------------------------------------------------------------------


def test_a_wrong_role_gets_403_naming_the_role_needed(site: StaffSite) -> None:
    signed_in(site, "carol", Role.COORDINATOR)
    answer = site.client.get("/probe/curators")
    assert answer.status_code == 403
    assert "This page needs the curator role." in answer.text
    assert "Signed in as <strong>carol</strong>" in answer.text
    script = site.client.get("/probe/curators", headers={"Accept": "application/json"})
    assert script.status_code == 403
    assert "curator role" in script.json()["error"]


def test_an_admin_passes_every_role_check(site: StaffSite) -> None:
    signed_in(site, "root", Role.ADMIN)
    assert site.client.get("/probe/curators").status_code == 200


# --- CSRF -----------------------------------------------------------------------------------


def test_a_staff_post_with_its_token_is_done(site: StaffSite) -> None:
    signed_in(site)
    token = site.page_token("/probe/curators")
    assert site.client.post("/probe/curators/act", data={"csrf_token": token}).json() == {
        "done by": "alice"
    }
    by_header = site.client.post("/probe/curators/act", headers={"X-CSRF-Token": token})
    assert by_header.status_code == 200
    # A route reading its own form fields: the token is read from the same parsed form.
    note = site.client.post("/probe/curators/note", data={"csrf_token": token, "note": "ok"})
    assert note.json() == {"alice": "ok"}
    refused = site.client.post("/probe/curators/note", data={"csrf_token": "x", "note": "ok"})
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("form", "reason"),
    [
        ({}, "the form's security token is missing"),
        ({"csrf_token": ""}, "the form's security token is missing"),
        ({"csrf_token": "not-the-token"}, "the form's security token does not match"),
    ],
)
def test_a_staff_post_without_its_token_is_403(
    site: StaffSite, form: dict[str, str], reason: str
) -> None:
    signed_in(site)
    answer = site.client.post("/probe/curators/act", data=form)
    assert answer.status_code == 403
    assert reason in html.unescape(answer.text)
    assert action_count(site, "staff.sign_out") == 0


def test_a_token_of_another_session_is_refused(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    form = site.login_form()
    assert site.sign_in("alice", token=form).status_code == 303
    old_token = site.page_token()
    assert site.sign_in("alice", token=form).status_code == 303  # a new session, a new token
    answer = site.client.post("/probe/curators/act", data={"csrf_token": old_token})
    assert answer.status_code == 403


def test_sign_out_needs_the_token_too(site: StaffSite) -> None:
    signed_in(site)
    answer = site.client.post("/staff/logout", data={"csrf_token": "forged"})
    assert answer.status_code == 403
    assert site.client.get("/staff").status_code == 200  # still signed in


def test_the_sign_in_form_is_protected_by_its_own_cookie(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    token = site.login_form()
    form = {"username": "alice", "password": PASSWORD}
    wrong = site.client.post("/staff/login", data={**form, "csrf_token": token + "x"})
    assert wrong.status_code == 403
    assert "does not match" in wrong.text
    site.client.cookies.delete(LOGIN_CSRF_COOKIE, path="/staff/login")
    without_cookie = site.client.post("/staff/login", data={**form, "csrf_token": token})
    assert without_cookie.status_code == 403
    assert "security cookie is missing or damaged" in without_cookie.text
    without_anything = site.client.post("/staff/login", data=form)
    assert without_anything.status_code == 403
    assert "token is missing" in without_anything.text
    # A cookie of the right name whose value was not signed by this server is refused too.
    site.client.cookies.set(LOGIN_CSRF_COOKIE, "planted", path="/staff/login")
    planted = site.client.post("/staff/login", data={**form, "csrf_token": "planted"})
    assert planted.status_code == 403
    assert SESSION_COOKIE not in site.client.cookies


# --- throttling -----------------------------------------------------------------------------


def test_failed_sign_ins_of_a_name_are_throttled_then_let_go(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    for _ in range(5):
        assert site.sign_in("alice", "wrong password!!").status_code == 401
    throttled = site.sign_in("alice")  # even the right password is not tried
    assert throttled.status_code == 429
    assert throttled.headers["retry-after"] == str(15 * 60)
    assert "Too many failed sign-ins" in throttled.text
    assert "15 minutes" in throttled.text
    assert SESSION_COOKIE not in site.client.cookies
    site.clock.advance(timedelta(minutes=10))
    assert site.sign_in("alice").headers["retry-after"] == str(5 * 60)
    site.clock.advance(timedelta(minutes=5))
    assert site.sign_in("alice").status_code == 303
    assert action_count(site, "staff.sign_in_throttled") == 2


def test_failures_of_one_name_from_many_addresses_count_together(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    for number in range(5):
        with TestClient(site.app, client=(f"10.0.0.{number}", 5000)) as elsewhere:
            assert site.sign_in("alice", "wrong password!!", client=elsewhere).status_code == 401
    assert site.sign_in("alice").status_code == 429


def test_failures_from_one_address_count_across_names(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    for number in range(5):
        assert site.sign_in(f"guess{number}", "wrong password!!").status_code == 401
    assert site.sign_in("alice").status_code == 429
    with TestClient(site.app, client=("10.9.9.9", 5000)) as other_desk:
        assert site.sign_in("alice", client=other_desk).status_code == 303


def test_a_sign_in_clears_the_names_failures(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    for _ in range(4):
        site.sign_in("alice", "wrong password!!")
    assert site.sign_in("alice").status_code == 303
    with TestClient(site.app, client=("10.1.1.1", 5000)) as other_desk:
        for _ in range(4):
            assert site.sign_in("alice", "wrong password!!", client=other_desk).status_code == 401
        assert site.sign_in("alice", client=other_desk).status_code == 303


# --- next= ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "next_path",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/staff/logout",
    ],
)
def test_next_never_leaves_the_site(site: StaffSite, next_path: str) -> None:
    site.add("alice", Role.CURATOR)
    answer = site.sign_in("alice", next_path=next_path)
    assert answer.headers["location"] == "/staff"


def test_the_form_carries_a_local_next_through(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    evil = site.client.get("/staff/login", params={"next": "//evil.example"})
    assert 'name="next" value="/staff"' in evil.text
    form = site.client.get("/staff/login", params={"next": "/probe/curators?tab=2"})
    assert 'name="next" value="/probe/curators?tab=2"' in form.text
    token = csrf_token(form.text)
    answer = site.client.post(
        "/staff/login",
        data={
            "username": "alice",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/probe/curators?tab=2",
        },
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/probe/curators?tab=2"


# --- audit ----------------------------------------------------------------------------------


def test_sign_in_failure_and_sign_out_are_audited_without_the_password(site: StaffSite) -> None:
    site.add("alice", Role.CURATOR)
    site.sign_in("alice", "my secret guess 1")
    site.sign_in("nobody-here", "my secret guess 2")
    site.sign_in("alice")
    site.clock.advance(timedelta(minutes=1))
    site.client.post("/staff/logout", data={"csrf_token": site.page_token()})
    entries = list(reversed(recent_actions(site.services.engine)))
    assert [(e.actor, e.action) for e in entries] == [
        ("alice", "staff.sign_in_failed"),
        ("nobody-here", "staff.sign_in_failed"),
        ("alice", "staff.sign_in"),
        ("alice", "staff.sign_out"),
    ]
    assert entries[0].detail == "from testclient"
    assert entries[-1].at == site.clock.now
    assert "secret guess" not in json.dumps([vars_of(e) for e in entries])
    (account,) = site.services.accounts.accounts()
    assert account.last_sign_in_at == entries[2].at


def vars_of(entry: object) -> dict[str, str]:
    return {name: str(getattr(entry, name)) for name in entry.__slots__}  # type: ignore[attr-defined]


# --- what stays as it was -------------------------------------------------------------------


@pytest.fixture
def jwt_site(tmp_path: Path) -> Iterator[StaffSite]:
    key = make_key("ES384")
    issuers = tmp_path / "issuers.json"
    issuers.write_text(
        json.dumps({"issuers": [{"iss": "https://ehr.example.org/", "jwks": jwks_of(key)}]})
    )
    clock = MovableClock()
    settings = staff_settings(tmp_path / "jwt", auth=AuthMode.JWT, trusted_issuers=issuers)
    app = staff_app(settings, clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield StaffSite(app, client, clock)


def test_a_staff_session_is_no_key_to_the_hooks_and_trial_pages_stay_public(
    jwt_site: StaffSite,
) -> None:
    assert jwt_site.client.get("/trials").status_code == 200
    assert jwt_site.client.get("/trials/NCT07188584").status_code == 200
    signed_in(jwt_site, "root", Role.ADMIN)
    hook = jwt_site.client.post("/cds-services/oncomatch-trials", json={})
    assert hook.status_code == 401
    assert hook.headers["www-authenticate"] == "Bearer"
    assert jwt_site.client.get("/cds-services").status_code == 401
    assert jwt_site.client.get("/staff").status_code == 200


def test_the_hook_service_answers_without_any_staff_session(site: StaffSite) -> None:
    # Auth off (make run): the discovery document needs no staff session either.
    discovery = site.client.get("/cds-services")
    assert discovery.status_code == 200
    assert discovery.json()["services"][0]["id"] == "oncomatch-trials"
