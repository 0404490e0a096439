"""Pre-screening entries keep their run's id without a foreign key to `prescreen_runs`.

A run saves millions of entries in one statement, and the key was checked for each: on
PostgreSQL its trigger was half of copying a run (20,000 patients' 7.9 million entries: 50 s
with it, 24 s without, docs/performance.md), on SQLite ~14 % of it. What the key guarded is
held by the one writer instead: `WorklistStore` writes a run's entries in the transaction that
inserts the run, never deletes a run, and deletes an old run's entries itself (the key's
`ON DELETE CASCADE` never fired). Entries' `set_id` went without a key for the same reason
(revision 0005).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

_TABLE = "prescreen_entries"
# SQLite keeps the key unnamed (revision 0004 named none): batch mode names it by this
# convention when it reflects the table, so that it can be dropped by name.
_NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s"}
_SQLITE_NAME = "fk_prescreen_entries_run_id"
# The name PostgreSQL gave the key; the one the downgrade gives it back on both.
_POSTGRES_NAME = "prescreen_entries_run_id_fkey"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(_TABLE, naming_convention=_NAMES) as batch:
            batch.drop_constraint(_SQLITE_NAME, type_="foreignkey")
    else:
        for key in sa.inspect(op.get_bind()).get_foreign_keys(_TABLE):
            if key["referred_table"] == "prescreen_runs" and key["name"]:
                op.drop_constraint(key["name"], _TABLE, type_="foreignkey")


def downgrade() -> None:
    with op.batch_alter_table(_TABLE) as batch:
        batch.create_foreign_key(
            _POSTGRES_NAME, "prescreen_runs", ["run_id"], ["id"], ondelete="CASCADE"
        )
