"""The schema as it was before migrations: revision 0001 creates it, and a database created by
that code (`create_all` at startup, no `alembic_version`) is checked against it and adopted.

Frozen on purpose: later revisions change the models and add their own steps, never this file.
It is Core `Table`s rather than `op.create_table` calls because adoption needs it as data too:
a database from before may lack some tables (`oncomatch catalog import` created only
`imported_trials`; one Docker release never created `jwt_replay`), and those are created from
here before the database is stamped.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

REVISION = "0001"


def baseline_metadata() -> MetaData:
    """A fresh `MetaData` holding the six tables of revision 0001."""
    metadata = MetaData()
    Table(
        "imported_trials",
        metadata,
        Column("nct_id", String(16), primary_key=True),
        Column("overall_status", String(40), nullable=False, index=True),
        Column("last_update", Date, nullable=True, index=True),
        Column("retrieved", Date, nullable=False),
        Column("raw_json", Text, nullable=False),
        Column("eligibility_text", Text, nullable=True),
        Column("trial_json", Text, nullable=False),
        Column("first_seen", DateTime(timezone=True), nullable=False),
        Column("changed", DateTime(timezone=True), nullable=False, index=True),
    )
    Table(
        "jwt_replay",
        metadata,
        Column("iss", String(512), primary_key=True),
        Column("jti", String(256), primary_key=True),
        Column("expires_at", BigInteger, nullable=False, index=True),
    )
    Table(
        "issued_cards",
        metadata,
        Column("card_uuid", String(64), primary_key=True),
        Column("nct_id", String(32), nullable=False, index=True),
        Column("verdict", String(32), nullable=False),
        Column("hook_instance", String(256), nullable=False),
        Column("issued_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "feedback",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("fingerprint", String(64), nullable=False, unique=True),
        Column("card_uuid", String(256), nullable=False),
        Column("outcome", String(16), nullable=False),
        Column("accepted_suggestions", Text, nullable=True),
        Column("override_system", Text, nullable=True),
        Column("override_code", Text, nullable=True),
        Column("override_display", Text, nullable=True),
        Column("user_comment", Text, nullable=True),
        Column("outcome_timestamp", DateTime(timezone=True), nullable=False),
        Column("received_at", DateTime(timezone=True), nullable=False),
        Index("ix_feedback_card", "card_uuid"),
    )
    Table(
        "match_facts",
        metadata,
        Column("id", String(64), primary_key=True),
        Column("facts_json", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
    )
    Table(
        "match_links",
        metadata,
        Column("token", String(64), primary_key=True),
        Column("nct_id", String(32), nullable=False),
        Column("facts_id", String(64), ForeignKey("match_facts.id"), nullable=False, index=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
    )
    return metadata
