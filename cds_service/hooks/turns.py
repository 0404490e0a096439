"""A hook call's turn at the CPU.

Calls take turns (`Runtime.hook_limiter`, first come first served): a worker process runs one
thread of Python at a time, so calls worked on together only interleave. A turn covers the CPU
part only: fetching missing prefetch before it and the commit after it wait on I/O. The worker
thread answering the call (see `Runtime.answer_call`) ends the turn and takes it if it was busy
on arrival; a free turn is taken on the event loop, saving the worker two trips through it.
"""

from __future__ import annotations

from anyio import CapacityLimiter, WouldBlock, from_thread


class Turn:
    """One call's turn. `take_if_free` and `release` run on the event loop; `take` and `end` in
    the worker thread answering the call, which the loop awaits (so the two never overlap)."""

    __slots__ = ("_borrower", "_limiter", "held")

    def __init__(self, limiter: CapacityLimiter) -> None:
        self._limiter = limiter
        # The turn belongs to this call, not to whichever task takes or gives it back.
        self._borrower = object()
        self.held = False

    def take_if_free(self) -> bool:
        try:
            self._limiter.acquire_on_behalf_of_nowait(self._borrower)
        except WouldBlock:
            return False
        self.held = True
        return True

    def take(self) -> None:
        """Wait for the turn (first come first served), from the worker thread."""
        from_thread.run(self._limiter.acquire_on_behalf_of, self._borrower)
        self.held = True

    def end(self) -> None:
        """Give the turn back, if held, from the worker thread."""
        if self.held:
            self.held = False
            from_thread.run_sync(self._limiter.release_on_behalf_of, self._borrower)

    def release(self) -> None:
        """Give the turn back, if held, on the event loop."""
        if self.held:
            self.held = False
            self._limiter.release_on_behalf_of(self._borrower)
