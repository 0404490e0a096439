"""Where a sign-in may send the browser afterwards: a path on this site, never another site.

`next=` comes from the query string, so anyone can craft it; only a local absolute path is
followed ("/curation?x=1"), never "//evil.example", "/\\evil.example", "https://...", or a path
with control characters (browsers drop some, turning "/\\t/evil" into "//evil").
"""

from __future__ import annotations

from urllib.parse import urlsplit

HOME = "/staff"
MAX_LENGTH = 2048


def safe_next(raw: str | None, root: str = "") -> str:
    """`raw` when it is a local path (under `root`, the app's prefix), else the staff home."""
    home = f"{root}{HOME}"
    if not raw or len(raw) > MAX_LENGTH or not raw.startswith("/"):
        return home
    if raw.startswith(("//", "/\\")) or "\\" in raw:
        return home
    if any(ord(character) < 0x21 or ord(character) == 0x7F for character in raw):
        return home
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc:
        return home
    if root and not (parts.path == root or parts.path.startswith(root + "/")):
        return home
    if parts.path.startswith(f"{root}/staff/log"):  # login and logout: no loops
        return home
    return raw
