"""The control API under ``/_control``: the test helpers of ``MockOpenAIServer`` over HTTP,
for a server in another process (``python -m openai_rs_port.testing``).

* ``POST /_control/script`` ``{"path", "method" (default POST), "responses": [...]}``
* ``GET /_control/requests``: ``{"data": [recorded request, ...]}`` (bodies in base64)
* ``POST /_control/reset``
* ``POST /_control/gates/{name}/open``; ``GET /_control/gates/{name}?timeout=s`` waits
  up to ``timeout`` seconds (default 0) and answers ``{"name", "open"}``
* ``POST /_control/clock`` ``{"advance": seconds, "poll_step": seconds}`` (both optional)
  answers ``{"now", "poll_step"}``
* ``POST /_control/settings`` ``{"page_size": n or null, "rate_limits": {...} or null}``
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..errors import ApiFailure
from ..ratelimits import RateLimits
from ..routing import RouteGroup
from ..wire import json_response, read_json

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["routes"]

routes = RouteGroup("control")


@routes.post("/_control/script")
async def script(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    path = body.get("path")
    responses = body.get("responses")
    if not isinstance(path, str) or not isinstance(responses, list):
        raise ApiFailure(400, "expected {'path': str, 'responses': [...]}")
    state.scripts.add(str(body.get("method", "POST")), path, responses)
    return json_response({"ok": True, "pending": state.scripts.pending()})


@routes.get("/_control/requests")
async def requests(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response({"data": [r.to_json() for r in state.records()]})


@routes.post("/_control/reset")
async def reset(request: web.Request, state: ServerState) -> web.StreamResponse:
    state.reset()
    return json_response({"ok": True})


@routes.post("/_control/gates/{name}/open")
async def open_gate(request: web.Request, state: ServerState) -> web.StreamResponse:
    gate = state.gates(request.match_info["name"])
    gate.open()
    return json_response({"name": gate.name, "open": True})


@routes.get("/_control/gates/{name}")
async def gate_status(request: web.Request, state: ServerState) -> web.StreamResponse:
    gate = state.gates(request.match_info["name"])
    try:
        timeout = float(request.query.get("timeout", "0"))
    except ValueError:
        raise ApiFailure.invalid("timeout", "'timeout' is a number of seconds.") from None
    is_open = await gate.wait_async(timeout) if timeout > 0 else gate.is_open
    return json_response({"name": gate.name, "open": is_open})


def _number(body: dict[str, Any], name: str) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ApiFailure.invalid(name, f"'{name}' is a number of seconds, at least 0.")
    return float(value)


@routes.post("/_control/clock")
async def clock(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    step = _number(body, "poll_step")
    if step is not None:
        state.clock.poll_step = step
    seconds = _number(body, "advance")
    if seconds is not None:
        state.clock.advance(seconds)
    return json_response({"now": state.clock.now(), "poll_step": state.clock.poll_step})


@routes.post("/_control/settings")
async def settings(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    if "page_size" in body:
        size = body["page_size"]
        if size is not None and (type(size) is not int or size < 1):
            raise ApiFailure.invalid("page_size", "'page_size' is a positive integer or null.")
        state.page_size = size
    if "rate_limits" in body:
        limits = body["rate_limits"]
        names = {f.name for f in fields(RateLimits)}
        if limits is not None and (not isinstance(limits, dict) or set(limits) - names):
            raise ApiFailure.invalid("rate_limits", f"'rate_limits' takes {sorted(names)} or null.")
        state.rate_limits = None if limits is None else RateLimits(**limits)
    return json_response({
        "page_size": state.page_size,
        "rate_limits": None if state.rate_limits is None else asdict(state.rate_limits),
    })
