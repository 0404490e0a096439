"""Roles: an admin passes every check; the 403 page names what is needed."""

from __future__ import annotations

from cds_service.staff.roles import Role, role_allows, role_words


def test_who_passes_which_check() -> None:
    assert role_allows(Role.CURATOR, (Role.CURATOR,))
    assert not role_allows(Role.COORDINATOR, (Role.CURATOR,))
    assert role_allows(Role.COORDINATOR, (Role.CURATOR, Role.COORDINATOR))
    assert all(role_allows(Role.ADMIN, (role,)) for role in Role)
    assert all(role_allows(role, ()) for role in Role)  # any member


def test_the_roles_needed_in_words() -> None:
    assert role_words((Role.CURATOR,)) == "the curator role"
    assert role_words((Role.CURATOR, Role.COORDINATOR)) == "the curator or coordinator role"
    assert role_words(tuple(Role)) == "the curator, coordinator or admin role"
