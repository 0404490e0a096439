"""The staff pages, and the roles that reach each (an admin reaches all): the staff home lists
them and the staff header links them, from this one table."""

from __future__ import annotations

from dataclasses import dataclass

from cds_service.staff.roles import Role, role_allows


@dataclass(frozen=True, slots=True)
class StaffPage:
    path: str  # under the app's root path
    title: str
    about: str
    roles: tuple[Role, ...]


STAFF_PAGES = (
    StaffPage(
        "/curation",
        "Trial curation",
        "Review and publish the structured eligibility criteria of trials.",
        (Role.CURATOR,),
    ),
    StaffPage(
        "/worklists",
        "Pre-screening worklists",
        "Patients pre-screened against each trial, for the study team.",
        (Role.COORDINATOR,),
    ),
)


def pages_for(role: Role) -> list[StaffPage]:
    return [page for page in STAFF_PAGES if role_allows(role, page.roles)]
