"""The running service follows catalog imports and syncs without a restart.

A background task polls the imported-trials fingerprint (one aggregate query) every
ONCOMATCH_CATALOG_REFRESH_SECONDS and swaps in a rebuilt catalog when it moved. Hook calls
never wait on it: a call holds the matcher it started with (see `eligibility.holder`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi.concurrency import run_in_threadpool

from cds_service.catalog.source import CatalogSource
from eligibility.errors import EligibilityError

logger = logging.getLogger("oncomatch.catalog")


async def refresh_once(source: CatalogSource) -> bool:
    try:
        changed = await run_in_threadpool(source.refresh)
    except (EligibilityError, OSError, ValueError) as error:
        # A bad import must not take the service down: the current catalog stays in service.
        logger.error("catalog refresh failed, keeping the current catalog: %s", error)
        return False
    if changed:
        logger.info("catalog reloaded: %d trials", len(source.holder.catalog))
    return changed


async def _poll(source: CatalogSource, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        await refresh_once(source)


@asynccontextmanager
async def catalog_refresher(source: CatalogSource, interval: float) -> AsyncIterator[None]:
    task = asyncio.create_task(_poll(source, interval), name="catalog-refresh")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
