"""Chat completions: ``Echo: <last user text>``, whole or streamed in a few deltas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..clock import CREATED
from ..echo import last_user_text, pieces, usage
from ..routing import RouteGroup
from ..wire import json_response, read_json, require, send_sse, sse_event

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["chat_completion", "routes"]

routes = RouteGroup("chat")


def chat_completion(body: dict[str, Any], completion_id: str) -> dict[str, Any]:
    """The ``chat.completion`` answered for a (checked) request body."""
    prompt = last_user_text(body["messages"])
    answer = f"Echo: {prompt}"
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": CREATED,
        "model": str(body["model"]),
        "system_fingerprint": "fp_mock",
        "choices": [
            {
                "index": i,
                "message": {"role": "assistant", "content": answer, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
            for i in range(body.get("n") or 1)
        ],
        "usage": usage(prompt, answer),
    }


@routes.post("/v1/chat/completions")
async def create(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "model", "messages")
    whole = chat_completion(body, state.next_id("chatcmpl"))
    state.use_tokens(whole["usage"]["total_tokens"])
    if not body.get("stream"):
        return json_response(whole)
    include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
    n = len(whole["choices"])

    def chunk(choices: list[dict[str, Any]], **extra: Any) -> bytes:
        obj: dict[str, Any] = {
            "id": whole["id"], "object": "chat.completion.chunk", "created": CREATED,
            "model": whole["model"], "system_fingerprint": "fp_mock", "choices": choices,
        }
        if include_usage:
            obj["usage"] = None
        obj.update(extra)
        return sse_event(obj)

    def choice(i: int, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"index": i, "delta": delta, "logprobs": None, "finish_reason": finish}

    out = [chunk([choice(i, {"role": "assistant", "content": ""}) for i in range(n)])]
    for piece in pieces(whole["choices"][0]["message"]["content"]):
        out.extend(chunk([choice(i, {"content": piece})]) for i in range(n))
    out.append(chunk([choice(i, {}, "stop") for i in range(n)]))
    if include_usage:
        out.append(chunk([], usage=whole["usage"]))
    return await send_sse(request, out)
