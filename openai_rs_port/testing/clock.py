"""The server's clock, and the status machine that moves jobs along it.

Time on the local server is Unix seconds that move only when told: by the test
(``server.clock.advance(seconds)``) or by a client polling a job (each retrieve of a job
moves the clock ``poll_step`` seconds, so a client that polls sees progress with no test
driving it). Every timestamp the server writes comes from this clock, so answers are
reproducible.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

__all__ = ["CREATED", "Clock", "Job", "StatusMachine", "Step"]

CREATED = 1_700_000_000
"""The clock's start: the ``created`` time of everything made before it moves."""


class Clock:
    """Unix time that moves only when told; thread-safe."""

    def __init__(self, start: float = CREATED, *, poll_step: float = 1.0) -> None:
        self._lock = threading.Lock()
        self._start = start
        self._now = float(start)
        self._default_step = poll_step
        self.poll_step = poll_step
        """Seconds that one retrieve of a job moves the clock; 0 moves it only by ``advance``."""

    def time(self) -> float:
        with self._lock:
            return self._now

    def now(self) -> int:
        """The current time in whole seconds (what timestamps on the wire carry)."""
        return int(self.time())

    def advance(self, seconds: float) -> int:
        """Move time forward; jobs catch up the next time they are read. Returns ``now()``."""
        if seconds < 0:
            raise ValueError("the clock does not go back")
        with self._lock:
            self._now += seconds
            return int(self._now)

    def poll(self) -> int:
        """Called when a client polls a job: moves time ``poll_step`` seconds."""
        return self.advance(self.poll_step)

    def reset(self) -> None:
        """Back to the start, with the ``poll_step`` given to the constructor."""
        with self._lock:
            self._now = float(self._start)
            self.poll_step = self._default_step


class Job(Protocol):
    """A record that a ``StatusMachine`` moves: its status and when it entered it."""

    status: str
    status_since: float


J = TypeVar("J", bound=Job)


@dataclass(frozen=True, slots=True)
class Step(Generic[J]):
    """Leave a status ``after`` seconds, for ``to``: a status, or a function of the job
    that picks one (a batch whose input is invalid goes to ``failed``, not ``in_progress``).
    """

    to: str | Callable[[J], str]
    after: float = 1.0


class StatusMachine(Generic[J]):
    """Moves jobs through their statuses as the clock passes. Written once for every job
    kind (batches and fine-tuning jobs now; runs, responses and vector-store files later).

    ``steps[status]`` says when and where a job leaves ``status``; a status without a
    step is final (or waits for an explicit ``move``, as ``requires_action`` would).
    ``on_enter[status](job, at)`` runs when a job enters ``status``, with the clock time it
    did so (the time its step was due, not the time someone looked), so timestamps are
    the same however often the job is polled.
    """

    def __init__(
        self, steps: Mapping[str, Step[J]],
        on_enter: Mapping[str, Callable[[J, int], None]] | None = None,
        *, clock: Callable[[], float],
    ) -> None:
        self.steps = dict(steps)
        self.on_enter = dict(on_enter or {})
        self._clock = clock

    def start(self, job: J, status: str) -> None:
        """Put a new job in its first status, now (runs that status's ``on_enter``)."""
        self._enter(job, status, self._clock())

    def settle(self, job: J) -> None:
        """Take every step that is due by now (a store calls this on each read)."""
        now = self._clock()
        while (step := self.steps.get(job.status)) is not None:
            due = job.status_since + step.after
            if due > now:
                return
            to = step.to if isinstance(step.to, str) else step.to(job)
            self._enter(job, to, due)

    def move(self, job: J, status: str) -> None:
        """Move a job now, whatever its steps say (``cancel``, ``submit_tool_outputs``)."""
        self.settle(job)
        self._enter(job, status, self._clock())

    def _enter(self, job: J, status: str, at: float) -> None:
        job.status = status
        job.status_since = at
        hook = self.on_enter.get(status)
        if hook is not None:
            hook(job, int(at))
