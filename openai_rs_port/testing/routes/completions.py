"""Legacy completions: ``Echo: <prompt>``, one choice per prompt, whole or streamed."""

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


def _object(completion_id: str, model: str, text: str, finish: str | None, index: int = 0,
            **extra: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "id": completion_id, "object": "text_completion", "created": CREATED, "model": model,
        "system_fingerprint": "fp_mock",
        "choices": [{"text": text, "index": index, "logprobs": None, "finish_reason": finish}],
    }
    obj.update(extra)
    return obj


def _prompts(prompt: Any) -> list[str]:
    # A list of strings (or of token lists) is a batch of prompts, each answered by a choice.
    if isinstance(prompt, list) and prompt and isinstance(prompt[0], (str, list)):
        return [prompt_text([p]) for p in prompt]
    return [prompt_text(prompt)]


def completion(body: dict[str, Any], completion_id: str) -> dict[str, Any]:
    """The ``text_completion`` answered for a (checked) request body."""
    prompts = _prompts(body["prompt"])
    answers = [f"Echo: {p}" for p in prompts]
    obj = _object(completion_id, str(body["model"]), answers[0], "stop",
                  usage=usage(" ".join(prompts), " ".join(answers)))
    obj["choices"] = [{"text": a, "index": i, "logprobs": None, "finish_reason": "stop"}
                      for i, a in enumerate(answers)]
    return obj


@routes.post("/v1/completions")
async def create(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "model", "prompt")
    whole = completion(body, state.next_id("cmpl"))
    state.use_tokens(whole["usage"]["total_tokens"])
    if not body.get("stream"):
        return json_response(whole)
    cid, model = whole["id"], whole["model"]
    out = []
    for choice in whole["choices"]:
        out += [sse_event(_object(cid, model, piece, None, choice["index"]))
                for piece in pieces(choice["text"])]
        out.append(sse_event(_object(cid, model, "", "stop", choice["index"])))
    if (body.get("stream_options") or {}).get("include_usage"):
        last = _object(cid, model, "", None, usage=whole["usage"])
        last["choices"] = []
        out.append(sse_event(last))
    return await send_sse(request, out)
