"""SQLite hands out pre-screening run ids from a table of its own (`prescreen_run_ids`).

A run's worklist entries are copied into SQLite in many short transactions, so that its one
writer is not held for minutes while a hook call waits to store its cards' links; they are
copied under the run's id before the run is saved. That id must be reserved first and never
given again (AUTOINCREMENT), not taken as the largest saved id plus one. The sequence starts
after every id in use: saved runs', and those of rows a stopped copy left behind. PostgreSQL
reserves from `prescreen_runs`' own sequence and leaves the table empty.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "prescreen_run_ids",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sqlite_autoincrement=True,
    )
    if op.get_bind().dialect.name == "sqlite":
        # One row at the largest id in use: AUTOINCREMENT continues after it.
        op.execute(
            "INSERT INTO prescreen_run_ids (id) SELECT max(id) FROM ("
            "SELECT max(id) AS id FROM prescreen_runs "
            "UNION ALL SELECT max(run_id) FROM prescreen_entries "
            "UNION ALL SELECT max(run_id) FROM prescreen_unknown_sets"
            ") HAVING max(id) IS NOT NULL"
        )


def downgrade() -> None:
    op.drop_table("prescreen_run_ids")
