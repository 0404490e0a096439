"""Alembic revisions, oldest first. A package only so that mypy and ruff check them; Alembic
reads the files itself (and skips this one)."""
