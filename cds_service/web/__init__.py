"""Server-rendered pages for people: the trial catalog, trial pages with "Check if I qualify",
the JSON check API and the checklist behind a card's link.

`create_app` mounts them with `app.include_router(web_router)` and `mount_static(app)`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from cds_service.web.pages import web_router

STATIC_PATH = "/static"


def mount_static(app: FastAPI) -> None:
    """Serve the pages' stylesheet from the package (no CDN: hospital networks are closed)."""
    directory = Path(str(resources.files("cds_service.web").joinpath("static")))
    app.mount(STATIC_PATH, StaticFiles(directory=directory), name="static")


__all__ = ["STATIC_PATH", "mount_static", "web_router"]
