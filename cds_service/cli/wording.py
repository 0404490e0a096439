"""How the command line says a count: "1 trial", "2 trials", "1 study", "3 studies"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"
