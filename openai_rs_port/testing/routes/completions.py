"""Legacy completions: ``Echo: <prompt>``, whole or streamed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..clock import CREATED
from ..echo import pieces, prompt_text, usage
from ..routing import RouteGroup
from ..wire import json_response, read_json, require, send_sse, sse_event

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["completion", "routes"]

routes = RouteGroup("completions")


def _object(completion_id: str, model: str, text: str, finish: str | None,
            **extra: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "id": completion_id, "object": "text_completion", "created": CREATED, "model": model,
        "system_fingerprint": "fp_mock",
        "choices": [{"text": text, "index": 0, "logprobs": None, "finish_reason": finish}],
    }
    obj.update(extra)
    return obj


def completion(body: dict[str, Any], completion_id: str) -> dict[str, Any]:
    """The ``text_completion`` answered for a (checked) request body."""
    prompt = prompt_text(body["prompt"])
    answer = f"Echo: {prompt}"
    return _object(completion_id, str(body["model"]), answer, "stop", usage=usage(prompt, answer))


@routes.post("/v1/completions")
async def create(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "model", "prompt")
    whole = completion(body, state.next_id("cmpl"))
    state.use_tokens(whole["usage"]["total_tokens"])
    if not body.get("stream"):
        return json_response(whole)
    cid, model = whole["id"], whole["model"]
    out = [sse_event(_object(cid, model, piece, None))
           for piece in pieces(whole["choices"][0]["text"])]
    out.append(sse_event(_object(cid, model, "", "stop")))
    if (body.get("stream_options") or {}).get("include_usage"):
        last = _object(cid, model, "", None, usage=whole["usage"])
        last["choices"] = []
        out.append(sse_event(last))
    return await send_sse(request, out)
