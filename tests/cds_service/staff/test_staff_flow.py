"""One member's day on both databases: sign in, the home page, a failed attempt counted, a
throttled name, sign-out, and the account disabled while a session is open."""

from __future__ import annotations

from datetime import timedelta

from cds_service.staff.access import SESSION_COOKIE
from cds_service.staff.audit import recent_actions
from cds_service.staff.roles import Role
from tests.cds_service.staff.staff_testkit import StaffSite


def test_sign_in_work_sign_out_and_disable(site_any_database: StaffSite) -> None:
    site = site_any_database
    site.add("alice", Role.CURATOR)
    site.add("root", Role.ADMIN)

    assert site.sign_in("alice", "not the password").status_code == 401
    assert site.sign_in("alice").headers["location"] == "/staff"
    home = site.client.get("/staff")
    assert "Welcome, alice" in home.text
    site.clock.advance(timedelta(minutes=5))
    logout = site.client.post("/staff/logout", data={"csrf_token": site.page_token()})
    assert logout.url.path == "/staff/login"
    assert SESSION_COOKIE not in site.client.cookies

    for _ in range(5):
        site.sign_in("root", "not the password")
    assert site.sign_in("root").status_code == 429
    site.clock.advance(timedelta(minutes=15))
    assert site.sign_in("root").status_code == 303
    assert site.client.get("/staff").status_code == 200
    site.services.accounts.disable("root")
    assert site.client.get("/staff", follow_redirects=False).status_code == 303

    actions = [(e.actor, e.action) for e in reversed(recent_actions(site.services.engine))]
    assert actions[:4] == [
        ("alice", "staff.sign_in_failed"),
        ("alice", "staff.sign_in"),
        ("alice", "staff.sign_out"),
        ("root", "staff.sign_in_failed"),
    ]
    assert actions[-2:] == [("root", "staff.sign_in_throttled"), ("root", "staff.sign_in")]
