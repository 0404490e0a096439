"""Errors raised by the eligibility package.

Hierarchy:
    EligibilityError
    ├── UnknownTaxonomyNodeError   a cancer-type id not in the taxonomy
    └── CatalogError               the trial catalog cannot be loaded
        └── CatalogFileError       one file is invalid (names the file and the field)
"""

from __future__ import annotations


class EligibilityError(Exception):
    """Base of every error this package raises."""


class UnknownTaxonomyNodeError(EligibilityError, KeyError):
    def __init__(self, node_id: str, where: str | None = None) -> None:
        self.node_id = node_id
        self.where = where
        suffix = f" ({where})" if where else ""
        super().__init__(f"unknown cancer-type node {node_id!r}{suffix}")

    def __str__(self) -> str:
        return str(self.args[0])


class CatalogError(EligibilityError):
    """The catalog as a whole cannot be loaded."""


class CatalogFileError(CatalogError):
    """One catalog file is invalid; the message names the file and the field."""

    def __init__(self, path: str, field: str, problem: str) -> None:
        self.path = path
        self.field = field
        self.problem = problem
        super().__init__(f"{path}: {field}: {problem}")
