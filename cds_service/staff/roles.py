"""Staff roles. Each page names the roles it needs; an admin passes every check."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CURATOR = "curator"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


def role_allows(held: Role, needed: tuple[Role, ...]) -> bool:
    """True when a member holding `held` may pass a check naming `needed` (none: any member)."""
    return not needed or held is Role.ADMIN or held in needed


def role_words(needed: tuple[Role, ...]) -> str:
    """ "the curator role", "the curator or coordinator role": for the 403 page."""
    names = [role.value for role in needed]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"the {listed} role"
