"""Pre-screening entries refer to their set of undecided criteria instead of each holding its
JSON: `prescreen_unknown_sets` keeps each distinct set once per run, and `prescreen_entries`
trades `unknowns_json` for `set_id` (see `cds_service.prescreen.worklists`).

The JSON was most of an entry's bytes (a 100,000-patient run against the synthetic catalog:
~40 million entries, 23.9 GB of SQLite database), and a few thousand distinct sets are shared
by all of a run's entries. Existing entries are converted, not dropped: each run's distinct
texts become its sets, numbered in text order.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

# Only while converting: finds an entry's set by its text (one lookup per entry, not a scan).
_BY_TEXT = "ix_prescreen_unknown_sets_by_text"


def upgrade() -> None:
    op.create_table(
        "prescreen_unknown_sets",
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("prescreen_runs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("set_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("unknowns_json", sa.Text, nullable=False),
    )
    with op.batch_alter_table("prescreen_entries") as batch:
        batch.add_column(sa.Column("set_id", sa.Integer, nullable=True))
    op.execute(
        "INSERT INTO prescreen_unknown_sets (run_id, set_id, unknowns_json) "
        "SELECT run_id, ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY unknowns_json), "
        "unknowns_json FROM (SELECT DISTINCT run_id, unknowns_json FROM prescreen_entries) AS d"
    )
    op.create_index(_BY_TEXT, "prescreen_unknown_sets", ["run_id", "unknowns_json"])
    op.execute(
        "UPDATE prescreen_entries SET set_id = (SELECT s.set_id FROM prescreen_unknown_sets AS s "
        "WHERE s.run_id = prescreen_entries.run_id "
        "AND s.unknowns_json = prescreen_entries.unknowns_json)"
    )
    op.drop_index(_BY_TEXT, table_name="prescreen_unknown_sets")
    with op.batch_alter_table("prescreen_entries") as batch:
        batch.alter_column("set_id", existing_type=sa.Integer, nullable=False)
        batch.drop_column("unknowns_json")


def downgrade() -> None:
    with op.batch_alter_table("prescreen_entries") as batch:
        batch.add_column(sa.Column("unknowns_json", sa.Text, nullable=True))
    op.execute(
        "UPDATE prescreen_entries SET unknowns_json = (SELECT s.unknowns_json "
        "FROM prescreen_unknown_sets AS s "
        "WHERE s.run_id = prescreen_entries.run_id AND s.set_id = prescreen_entries.set_id)"
    )
    with op.batch_alter_table("prescreen_entries") as batch:
        batch.alter_column("unknowns_json", existing_type=sa.Text, nullable=False)
        batch.drop_column("set_id")
    op.drop_table("prescreen_unknown_sets")
