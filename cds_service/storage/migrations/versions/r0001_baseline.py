"""The schema before migrations: feedback, issued cards, match facts and links, the JWT replay
cache and imported trials (see `cds_service.storage.migrations.baseline`).

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

from cds_service.storage.migrations.baseline import baseline_metadata

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # checkfirst=False: under the migration lock an existing table here is a real problem.
    baseline_metadata().create_all(op.get_bind(), checkfirst=False)


def downgrade() -> None:
    baseline_metadata().drop_all(op.get_bind(), checkfirst=False)
