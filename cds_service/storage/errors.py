"""Errors of the database schema, raised before the service answers anything.

Hierarchy:
    SchemaError                  the database cannot be used by this version as it is
        SchemaBehindError        behind this version, and ONCOMATCH_AUTO_MIGRATE is off
        UnknownRevisionError     at a revision this version does not know (a newer one migrated it)
        UnexpectedTablesError    tables with our names but not the columns today's code made

They are operator problems, not request errors: `cds_service.app` and the `oncomatch` commands
print the message on one line and exit 2; nothing maps them to an HTTP answer.
"""

from __future__ import annotations


class SchemaError(Exception):
    """The database's schema does not fit this version of OncoMatch; the message says what to do."""


class SchemaBehindError(SchemaError):
    def __init__(self, current: str | None, head: str) -> None:
        at = f"at revision {current}" if current else "not initialised"
        super().__init__(
            f"the database schema is {at}, this version needs {head}, and "
            "ONCOMATCH_AUTO_MIGRATE is off: run `oncomatch db upgrade`"
        )
        self.current = current
        self.head = head


class UnknownRevisionError(SchemaError):
    def __init__(self, current: str) -> None:
        super().__init__(
            f"the database schema is at revision {current}, which this version of OncoMatch "
            "does not know (was it migrated by a newer version?)"
        )
        self.current = current


class UnexpectedTablesError(SchemaError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "the database has OncoMatch's tables but not as any version made them, so it is "
            "left alone: " + "; ".join(problems)
        )
        self.problems = problems
