"""The app under a real uvicorn server in this process, on a free loopback port: for tests that
need real sockets (logs of a real server, a client that hangs up)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI


@dataclass(frozen=True)
class LiveServer:
    port: int
    server: uvicorn.Server

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def open_connections(self) -> int:
        """Client connections uvicorn still holds (a hung-up one leaves once it is noticed)."""
        return len(self.server.server_state.connections)


@contextmanager
def serving(app: FastAPI) -> Iterator[LiveServer]:
    """uvicorn in this process (so its loggers are ours)."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_config=None, log_level="debug", access_log=True
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        assert thread.is_alive(), "uvicorn exited"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield LiveServer(port, server)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
