"""Chat completions: ``Echo: <last user text>``, whole or streamed in a few deltas.

A request that offers function ``tools`` (or the deprecated ``functions``), with no tool or
function result after its last user message, is answered with a call of the first one (its
arguments as the Responses route makes them: ``echo.function_arguments``), finish reason
``tool_calls`` (``function_call``); once results follow the user message the answer is
``Function result: <their contents>``. A ``json_schema`` response format is answered with a
value of that schema (``echo.sample_json``). With ``web_search_options`` the echo ends with a
markdown link to a made-up search result, cited by a ``url_citation`` annotation (whole answers).

With ``store: true`` a completion is kept (with its request's messages and metadata) and
served by retrieve, update (metadata), delete, list (by ``model`` and ``metadata[key]``) and
its messages' list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..clock import CREATED
from ..echo import function_arguments, last_user_text, pieces, sample_json, text_of, usage
from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record
from ..wire import json_response, read_json, require, send_sse, sse_event

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["StoredChatCompletion", "chat_completion", "routes"]

routes = RouteGroup("chat")


@dataclass(kw_only=True, slots=True)
class StoredChatCompletion(Record):
    body: dict[str, Any]
    messages: list[dict[str, Any]]
    metadata: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {**self.body, "metadata": self.metadata}


def _message(completion_id: str, index: int, message: dict[str, Any]) -> dict[str, Any]:
    content = message.get("content")
    if isinstance(content, list):
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return {"id": f"{completion_id}-{index}", "role": message.get("role"), "content": content,
            "refusal": None}


def _answer(body: dict[str, Any], completion_id: str, prompt: str) -> tuple[dict[str, Any], str, str]:
    # (message, finish_reason, the text its tokens are counted on)
    messages = [m for m in body["messages"] if isinstance(m, dict)]
    last_user = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)
    results = [text_of(m.get("content")) for m in messages[last_user + 1:]
               if m.get("role") in ("tool", "function")]
    tools = [t["function"] for t in body.get("tools") or []
             if isinstance(t, dict) and t.get("type") == "function" and isinstance(t.get("function"), dict)]
    functions = [f for f in body.get("functions") or [] if isinstance(f, dict)]
    message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
    if results:
        message["content"] = f"Function result: {'; '.join(results)}"
    elif tools and body.get("tool_choice") != "none":
        arguments = json.dumps(function_arguments(tools[0].get("parameters"), prompt))
        call_id = "call_" + completion_id.rsplit("-", 1)[-1]
        message["tool_calls"] = [{"id": call_id, "type": "function",
                                  "function": {"name": tools[0]["name"], "arguments": arguments}}]
        return message, "tool_calls", arguments
    elif functions and body.get("function_call") != "none":
        arguments = json.dumps(function_arguments(functions[0].get("parameters"), prompt))
        message["function_call"] = {"name": functions[0]["name"], "arguments": arguments}
        return message, "function_call", arguments
    elif (body.get("response_format") or {}).get("type") == "json_schema":
        schema = (body["response_format"].get("json_schema") or {}).get("schema") or {}
        message["content"] = json.dumps(sample_json(schema, prompt))
    else:
        message["content"] = f"Echo: {prompt}"
        if isinstance(body.get("web_search_options"), dict):
            _cite_search_result(message)
    return message, "stop", message["content"]


_SEARCH_RESULT = "https://example.com/search-result"


def _cite_search_result(message: dict[str, Any]) -> None:
    # As the search models do: the source linked in the text, its span annotated.
    link = f"[example.com]({_SEARCH_RESULT})"
    start = len(message["content"]) + 2
    message["content"] += f" ({link})"
    message["annotations"] = [{"type": "url_citation", "url_citation": {
        "start_index": start, "end_index": start + len(link), "url": _SEARCH_RESULT,
        "title": "Search result"}}]


def chat_completion(body: dict[str, Any], completion_id: str) -> dict[str, Any]:
    """The ``chat.completion`` answered for a (checked) request body."""
    prompt = last_user_text(body["messages"])
    message, finish, answer = _answer(body, completion_id, prompt)
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": CREATED,
        "model": str(body["model"]),
        "system_fingerprint": "fp_mock",
        "choices": [
            {"index": i, "message": message, "logprobs": None, "finish_reason": finish}
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
    if body.get("store"):
        messages = [_message(whole["id"], i, m) for i, m in enumerate(body["messages"])
                    if isinstance(m, dict)]
        state.chat_completions.add(StoredChatCompletion(
            id=whole["id"], created_at=state.now(), body=whole, messages=messages,
            metadata=dict(body.get("metadata") or {})))
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

    message = whole["choices"][0]["message"]
    finish = whole["choices"][0]["finish_reason"]
    if "tool_calls" in message:
        # The call's id, type and name come first, then its arguments in pieces.
        call = message["tool_calls"][0]
        first: dict[str, Any] = {"role": "assistant", "content": None, "tool_calls": [
            {"index": 0, "id": call["id"], "type": "function",
             "function": {"name": call["function"]["name"], "arguments": ""}}]}
        deltas: list[dict[str, Any]] = [{"tool_calls": [{"index": 0, "function": {"arguments": p}}]}
                  for p in pieces(call["function"]["arguments"])]
    elif "function_call" in message:
        first = {"role": "assistant", "content": None,
                 "function_call": {"name": message["function_call"]["name"], "arguments": ""}}
        deltas = [{"function_call": {"arguments": p}} for p in pieces(message["function_call"]["arguments"])]
    else:
        first = {"role": "assistant", "content": ""}
        deltas = [{"content": p} for p in pieces(message["content"])]
    out = [chunk([choice(i, first) for i in range(n)])]
    for delta in deltas:
        out.extend(chunk([choice(i, delta)]) for i in range(n))
    out.append(chunk([choice(i, {}, finish) for i in range(n)]))
    if include_usage:
        out.append(chunk([], usage=whole["usage"]))
    return await send_sse(request, out)


def _stored(request: web.Request, state: ServerState) -> StoredChatCompletion:
    return state.chat_completions.get(request.match_info["completion_id"])


@routes.get("/v1/chat/completions")
async def list_stored(request: web.Request, state: ServerState) -> web.StreamResponse:
    model = request.query.get("model")
    wanted = {k[len("metadata["):-1]: v for k, v in request.query.items()
              if k.startswith("metadata[") and k.endswith("]")}

    def where(c: StoredChatCompletion) -> bool:
        return (model is None or c.body["model"] == model) and all(
            c.metadata.get(k) == v for k, v in wanted.items())

    query = {k: v for k, v in request.query.items() if k in ("after", "before", "limit", "order")}
    return json_response(state.chat_completions.page(query, where=where, default_order="asc").to_json())


@routes.get("/v1/chat/completions/{completion_id}")
async def retrieve(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(_stored(request, state).to_json())


@routes.post("/v1/chat/completions/{completion_id}")
async def update(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "metadata")
    record = _stored(request, state)
    record = state.chat_completions.update(record.id, metadata=dict(body["metadata"] or {}))
    return json_response(record.to_json())


@routes.delete("/v1/chat/completions/{completion_id}")
async def delete(request: web.Request, state: ServerState) -> web.StreamResponse:
    record = state.chat_completions.delete(request.match_info["completion_id"])
    return json_response({"object": "chat.completion.deleted", "id": record.id, "deleted": True})


@routes.get("/v1/chat/completions/{completion_id}/messages")
async def messages(request: web.Request, state: ServerState) -> web.StreamResponse:
    record = _stored(request, state)
    ordered = record.messages if request.query.get("order", "asc") == "asc" else record.messages[::-1]
    start = 0
    after = request.query.get("after")
    if after is not None:
        ids = [m["id"] for m in ordered]
        if after not in ids:
            raise ApiFailure.invalid("after", f"No message found with id '{after}'.")
        start = ids.index(after) + 1
    limit = int(request.query.get("limit") or state.page_size or 20)
    data = ordered[start:start + limit]
    return json_response({"object": "list", "data": data,
                          "first_id": data[0]["id"] if data else None,
                          "last_id": data[-1]["id"] if data else None,
                          "has_more": start + limit < len(ordered)})
