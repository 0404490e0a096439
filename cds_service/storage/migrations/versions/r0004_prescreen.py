"""Pre-screening worklists: runs, the trials each run made a worklist for, and the entries
(see `cds_service.prescreen.worklists`).

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "prescreen_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("export_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("summary_json", sa.Text, nullable=False),
    )
    op.create_index("ix_prescreen_runs_saved_at", "prescreen_runs", ["saved_at"])
    op.create_table(
        "prescreen_run_trials",
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("prescreen_runs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("nct_id", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("eligible", sa.Integer, nullable=False),
        sa.Column("possibly_eligible", sa.Integer, nullable=False),
    )
    op.create_table(
        "prescreen_entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("prescreen_runs.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("nct_id", sa.String(32), nullable=False),
        sa.Column("patient_id", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(32), nullable=False),
        sa.Column("unknowns_json", sa.Text, nullable=False),
        sa.Column("data_date", sa.Date, nullable=True),
    )
    op.create_index("ix_prescreen_entries_run_trial", "prescreen_entries", ["run_id", "nct_id"])


def downgrade() -> None:
    op.drop_index("ix_prescreen_entries_run_trial", table_name="prescreen_entries")
    op.drop_table("prescreen_entries")
    op.drop_table("prescreen_run_trials")
    op.drop_index("ix_prescreen_runs_saved_at", table_name="prescreen_runs")
    op.drop_table("prescreen_runs")
