"""Where a sign-in may send the browser: local paths only."""

from __future__ import annotations

import pytest

from cds_service.staff.next_path import safe_next


@pytest.mark.parametrize(
    "raw",
    ["/curation", "/curation/NCT07188584?tab=criteria#ecog", "/worklists", "/staff"],
)
def test_local_paths_are_followed(raw: str) -> None:
    assert safe_next(raw) == raw


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "curation",
        "https://evil.example/curation",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "/curation\\..\\evil",
        "/\t/evil.example",
        "/\n/evil.example",
        "/ /evil.example",
        "/\x7f",
        "javascript:alert(1)",
        "/staff/login?next=/staff/login",
        "/staff/logout",
        "/" + "a" * 2048,
    ],
)
def test_anything_else_goes_to_the_staff_home(raw: str | None) -> None:
    assert safe_next(raw) == "/staff"


def test_under_a_root_path_only_paths_under_it_are_followed() -> None:
    assert safe_next("/oncomatch/curation", "/oncomatch") == "/oncomatch/curation"
    assert safe_next("/other-app/admin", "/oncomatch") == "/oncomatch/staff"
    assert safe_next("/oncomatchx/admin", "/oncomatch") == "/oncomatch/staff"
