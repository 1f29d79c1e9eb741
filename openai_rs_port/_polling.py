"""Polling written once for runs, vector-store files and file batches: plans that retrieve
an object until it settles, waiting as the server asks."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from ._request import ApiRequest
from ._resource import Calls, Plan, Sleep
from .error import APITimeoutError, InvalidArgument

__all__ = ["POLL_AFTER_HEADER", "deadline", "poll_after", "poll_until"]

POLL_AFTER_HEADER = "openai-poll-after-ms"


def deadline(poll_interval: float, timeout: float | None) -> float | None:
    """When a poll started now must give up (None: never); checks both values."""
    if poll_interval < 0 or (timeout is not None and timeout < 0):
        raise InvalidArgument("poll_interval and timeout must not be negative")
    return None if timeout is None else time.monotonic() + timeout


def poll_after(headers: Mapping[str, str], default: float) -> float:
    """The wait the server asks for (``openai-poll-after-ms``), else ``default`` seconds."""
    text = headers.get(POLL_AFTER_HEADER)
    try:
        return max(0.0, int(text) / 1000) if text is not None else default
    except ValueError:
        return default


def poll_until(get: ApiRequest[Any], settled: Callable[[Any], bool], poll_interval: float,
               until: float | None, first: Any = None, wait: float | None = None) -> Plan[Any]:
    """Retrieves with ``get`` until ``settled`` says yes; ``first`` is a value already read
    (then ``wait`` is the wait its answer asked for). Raises ``APITimeoutError`` rather than
    sleep past ``until``."""
    obj = first
    pause = poll_interval if wait is None else wait
    while obj is None or not settled(obj):
        if obj is not None:
            if until is not None and time.monotonic() + pause > until:
                raise APITimeoutError(f"{get.path} did not settle in time")
            yield Sleep(pause)
        [raw] = yield Calls((get,), raw=True)
        obj = raw.parse()
        pause = poll_after(raw.headers, poll_interval)
    return obj
