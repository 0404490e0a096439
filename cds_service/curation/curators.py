"""Who may publish from the command line: an enabled staff account holding the curator role
(an admin passes too), the rule the /curation pages apply through `require_staff`."""

from __future__ import annotations

from sqlalchemy import Engine

from cds_service.curation.errors import NotACuratorError
from cds_service.staff.access import StaffMember
from cds_service.staff.accounts import AccountStore, normalise_name
from cds_service.staff.roles import Role, role_allows

CURATION_ROLES = (Role.CURATOR,)


def curator(engine: Engine, name: str) -> StaffMember:
    """The staff member `name` names, or `NotACuratorError` saying why they may not curate."""
    account = normalise_name(name)
    credentials = AccountStore(engine).credentials(account)
    if credentials is None:
        raise NotACuratorError(f"no staff account named {account!r} (see `oncomatch staff add`)")
    if not credentials.enabled:
        raise NotACuratorError(f"the staff account {account!r} is disabled")
    if not role_allows(credentials.role, CURATION_ROLES):
        raise NotACuratorError(
            f"the staff account {account!r} has the {credentials.role.value} role; "
            "publishing needs the curator (or admin) role"
        )
    return StaffMember(credentials.name, credentials.role)
