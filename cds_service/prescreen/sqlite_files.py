"""Opening the run's SQLite files (medications, previous hashes, result files' shards) for
reading only, the same way wherever a task or the command reads them."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_read_only(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """`path` read-only, by URI (percent-encoded by `as_uri`, so a folder named with `?` or `#`
    still opens). `immutable`: nobody writes the file while it is read, so SQLite takes no lock
    on it, which also suits a file on a cluster's network storage."""
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)
