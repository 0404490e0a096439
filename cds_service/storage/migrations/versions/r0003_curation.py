"""Curation: published curated versions of trials (append-only, numbered per NCT id) and the
reviews of registry text that changed since (`cds_service.curation.versions`).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "curated_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("nct_id", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("trial_json", sa.Text(), nullable=False),
        sa.Column("published_by", sa.String(length=120), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("registry_text_hash", sa.String(length=64), nullable=True),
        sa.Column("registry_text", sa.Text(), nullable=True),
        sa.Column("restored_from", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nct_id", "number", name="uq_curated_versions_number"),
    )
    with op.batch_alter_table("curated_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_curated_versions_nct_id"), ["nct_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_curated_versions_published_at"), ["published_at"], unique=False
        )

    op.create_table(
        "curation_reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("nct_id", sa.String(length=16), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=120), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registry_text_hash", sa.String(length=64), nullable=True),
        sa.Column("registry_text", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("curation_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_curation_reviews_nct_id"), ["nct_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("curation_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_curation_reviews_nct_id"))

    op.drop_table("curation_reviews")
    with op.batch_alter_table("curated_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_curated_versions_published_at"))
        batch_op.drop_index(batch_op.f("ix_curated_versions_nct_id"))

    op.drop_table("curated_versions")
