"""Pre-screening runs record whether they matched the whole catalog (`whole_catalog`).

A `--trial` run matches, and makes worklists for, its listed trials only. The staff pages read
each trial's worklist from the newest run that matched it (`WorklistStore`), so a run for one
trial no longer hides every other trial's worklist until the next whole run. Runs saved before
this revision read as whole, which is how the pages read them until now.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


# In place, never in batch mode: on SQLite a batch copies `prescreen_runs` and drops the old
# table, and with foreign keys on, dropping it deletes every run's trials and sets (their keys
# cascade). SQLite adds a column with a constant default in place, and drops one since 3.35.


def upgrade() -> None:
    op.add_column(
        "prescreen_runs",
        sa.Column("whole_catalog", sa.Boolean, nullable=False, server_default=sa.true()),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE prescreen_runs DROP COLUMN whole_catalog")
