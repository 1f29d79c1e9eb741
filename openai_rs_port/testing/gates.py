"""Gates: named one-way latches shared by the test thread and the server's loop thread.

They replace sleeps that order events. The server waits on a gate the test opens
(a scripted stream sends its first events, then ``{"wait": "more"}`` holds it until
``server.gate("more").open()``), or the server opens a gate the test waits on
(``{"open": "sent"}`` in a script, then ``server.wait_for("sent")``).

A gate, once open, stays open until ``reset()``: opening before the other side waits is
not a race.
"""

from __future__ import annotations

import asyncio
import threading

__all__ = ["Gate", "Gates"]


def _release(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)


class Gate:
    """One latch. ``open()`` from any thread; ``wait()`` blocks a thread that is not the
    server's; ``await wait_async()`` suspends a coroutine on the server's loop."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._event = threading.Event()
        self._waiters: list[asyncio.Future[None]] = []

    @property
    def is_open(self) -> bool:
        return self._event.is_set()

    def open(self) -> None:
        """Open the gate and wake every waiter, in threads and on event loops."""
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            waiters, self._waiters = self._waiters, []
        for fut in waiters:
            try:
                fut.get_loop().call_soon_threadsafe(_release, fut)
            except RuntimeError:  # that loop is closed: its waiter went with it
                pass

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the gate opens (or ``timeout`` seconds pass); whether it is open."""
        return self._event.wait(timeout)

    async def wait_async(self, timeout: float | None = None) -> bool:
        """Suspend until the gate opens (or ``timeout`` passes); whether it is open.

        Cancelling the waiting task (the client hung up) is clean.
        """
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._event.is_set():
                return True
            fut: asyncio.Future[None] = loop.create_future()
            self._waiters.append(fut)
        try:
            await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            return False
        finally:
            with self._lock:
                if fut in self._waiters:
                    self._waiters.remove(fut)
        return True

    def __repr__(self) -> str:
        return f"Gate({self.name!r}, {'open' if self.is_open else 'closed'})"


class Gates:
    """Gates by name, made on first use by either side."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._gates: dict[str, Gate] = {}

    def __call__(self, name: str) -> Gate:
        with self._lock:
            gate = self._gates.get(name)
            if gate is None:
                gate = self._gates[name] = Gate(name)
            return gate

    def names(self) -> list[str]:
        with self._lock:
            return list(self._gates)

    def clear(self) -> None:
        """Forget every gate. A handler still waiting on one waits on until its own timeout
        or until its client hangs up (which cancels it)."""
        with self._lock:
            self._gates.clear()
