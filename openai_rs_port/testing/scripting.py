"""Scripted answers: what the next requests to a route get instead of the normal answer.

A scripted response is a JSON-like dict (so the HTTP control API takes the same ones):

* ``status``, ``headers``, and one body: ``json``, ``body`` (text) + ``content_type``,
  ``raw_bytes_b64`` + ``content_type``, or ``sse``;
* ``sse``: a list of steps, each a raw chunk (str or bytes) written as is, or a control
  step: ``{"wait": "name"}`` holds the stream until the gate opens (``"timeout"``
  seconds at most, 30 by default, after which the connection is dropped) and
  ``{"open": "name"}`` opens a gate (the test's "this was sent" signal);
* ``then`` after ``sse``: ``"end"`` (default), ``"disconnect"``, or ``"stall"`` (silence
  for ``stall_seconds``, then a drop); ``chunk_delay``: seconds between chunks, to pace
  a stream in real time (tests of timeouts; order events with gates instead);
* ``open``: a gate opened as the request arrives; ``wait``: a gate the answer waits for;
  ``delay``: seconds before answering (a stall, for timeout tests);
* ``disconnect``: drop the connection without answering;
* ``pass``: the normal answer (with ``headers`` added); with only ``open``/``wait``/
  ``delay``/``headers`` the normal answer follows too.
"""

from __future__ import annotations

import asyncio
import base64
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from aiohttp import web

from .errors import ApiFailure
from .gates import Gates
from .wire import json_response, start_sse

__all__ = ["GATE_TIMEOUT", "Scripts", "check_script", "play"]

GATE_TIMEOUT = 30.0
"""How long a scripted ``wait`` holds at most: a test that never opens its gate fails
(the connection drops) instead of hanging."""

_KEYS = frozenset({
    "status", "headers", "json", "body", "raw_bytes_b64", "content_type", "sse", "then",
    "stall_seconds", "chunk_delay", "delay", "disconnect", "pass", "open", "wait",
})
_BODIES = ("json", "body", "raw_bytes_b64", "sse")


def _bad(message: str) -> ApiFailure:
    return ApiFailure(400, message, param="responses")


def _check_step(step: Any) -> None:
    if isinstance(step, str | bytes):
        return
    if not isinstance(step, Mapping):
        raise _bad(f"an sse step is a chunk or a control object, not {type(step).__name__}")
    if set(step) == {"open"} or set(step) - {"timeout"} == {"wait"}:
        if isinstance(step.get("open", step.get("wait")), str):
            return
    raise _bad(f"an sse control step is {{'wait': name[, 'timeout': s]}} or {{'open': name}}, "
               f"not {dict(step)!r}")


def check_script(resp: Any) -> dict[str, Any]:
    """The scripted response, checked; ``ApiFailure`` (400) when it cannot be played."""
    if not isinstance(resp, Mapping):
        raise _bad(f"a scripted response must be an object, not {type(resp).__name__}")
    unknown = set(resp) - _KEYS
    if unknown:
        raise _bad(f"unknown keys in scripted response: {sorted(unknown)}")
    then = resp.get("then", "end")
    if then not in ("end", "disconnect", "stall"):
        raise _bad(f"'then' must be end, disconnect or stall, not {then!r}")
    bodies = [k for k in _BODIES if k in resp]
    if len(bodies) > 1:
        raise _bad(f"a scripted response has one body, got {bodies}")
    for key in ("open", "wait"):
        if key in resp and not isinstance(resp[key], str):
            raise _bad(f"'{key}' names a gate: a string")
    if "sse" in resp:
        if not isinstance(resp["sse"], list):
            raise _bad("'sse' is a list of steps")
        for step in resp["sse"]:
            _check_step(step)
    return dict(resp)


class Scripts:
    """Queues of scripted responses by (method, path); thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[tuple[str, str], deque[dict[str, Any]]] = {}

    def add(self, method: str, path: str, responses: Iterable[Any]) -> None:
        checked = [check_script(r) for r in responses]
        with self._lock:
            self._queues.setdefault((method.upper(), path), deque()).extend(checked)

    def take(self, method: str, paths: Iterable[str]) -> dict[str, Any] | None:
        """The next response for a request to any of ``paths`` (its path, raw path and
        route template); one scripted for method ``*`` matches any method."""
        with self._lock:
            for m in (method.upper(), "*"):
                for p in paths:
                    queue = self._queues.get((m, p))
                    if queue:
                        return queue.popleft()
        return None

    def pending(self) -> int:
        with self._lock:
            return sum(len(q) for q in self._queues.values())

    def clear(self) -> None:
        with self._lock:
            self._queues.clear()


async def _sleep(request: web.Request, seconds: float) -> None:
    # Sleep, but stop early once the client has gone away.
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    transport = request.transport
    while (left := end - loop.time()) > 0:
        if transport is None or transport.is_closing():
            return
        await asyncio.sleep(min(0.05, left))


def _abort(request: web.Request) -> None:
    transport = request.transport
    if transport is not None:
        # abort(), not close(): no graceful end of the chunked body reaches the client.
        transport.abort()


async def play(
    request: web.Request, resp: Mapping[str, Any], gates: Gates,
    handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
) -> web.StreamResponse:
    """Answer ``request`` as the scripted ``resp`` says (``handler`` gives the normal answer)."""
    if "open" in resp:
        gates(resp["open"]).open()
    if "wait" in resp and not await gates(resp["wait"]).wait_async(GATE_TIMEOUT):
        _abort(request)
        return web.Response(status=499)
    if resp.get("delay"):
        await _sleep(request, float(resp["delay"]))
    if resp.get("disconnect"):
        _abort(request)
        return web.Response(status=499)
    headers = {str(k): str(v) for k, v in (resp.get("headers") or {}).items()}
    status = int(resp.get("status", 200))
    if "sse" in resp:
        return await _play_sse(request, resp, gates, status, headers)
    if "json" in resp:
        return json_response(resp["json"], status, headers)
    if "body" in resp:
        raw = resp["body"]
        out = web.Response(body=raw if isinstance(raw, bytes) else str(raw).encode(),
                           status=status, headers=headers)
        out.content_type = resp.get("content_type", "text/plain")
        return out
    if "raw_bytes_b64" in resp:
        out = web.Response(body=base64.b64decode(resp["raw_bytes_b64"]), status=status,
                           headers=headers)
        out.content_type = resp.get("content_type", "application/octet-stream")
        return out
    if "status" in resp:
        return web.Response(status=status, headers=headers)
    answer = await handler(request)
    for k, v in headers.items():
        answer.headers[k] = v
    return answer


async def _play_sse(request: web.Request, resp: Mapping[str, Any], gates: Gates, status: int,
                    headers: dict[str, str]) -> web.StreamResponse:
    stream = await start_sse(request, status, headers)
    delay = float(resp.get("chunk_delay", 0))
    wrote = False
    for step in resp["sse"]:
        if isinstance(step, Mapping):
            if "open" in step:
                gates(step["open"]).open()
            elif not await gates(step["wait"]).wait_async(float(step.get("timeout", GATE_TIMEOUT))):
                _abort(request)
                return stream
            continue
        if wrote and delay:
            await _sleep(request, delay)
        await stream.write(step if isinstance(step, bytes) else str(step).encode())
        wrote = True
    then = resp.get("then", "end")
    if then == "stall":
        await _sleep(request, float(resp.get("stall_seconds", 30.0)))
    if then in ("disconnect", "stall"):
        _abort(request)
        return stream
    await stream.write_eof()
    return stream
