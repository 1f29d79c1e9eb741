"""The Responses API: stored responses chained by ``previous_response_id``, and a scripted stream.

A response answers the last user text with ``Echo: <text>``, or, when the request offers a
function tool and has not yet sent that call's output, calls the first function: each string
parameter gets the first value of its enum, or else the text (``{"input": <text>}`` when it
has none). A ``function_call_output`` item must answer a ``function_call`` of the
conversation (the chain of earlier responses, or this input): the answer is then
``Function result: <output>``. ``usage.input_tokens`` counts the whole conversation, so a
chained call costs more than its own input. Streams go ``response.created``,
``response.in_progress``, ``response.output_item.added``, then text deltas (with the content
part events) or function-call-argument deltas, their done events, ``response.output_item.done``
and ``response.completed``; the connection then closes (no ``[DONE]``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..echo import function_arguments, pieces, tokens
from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record
from ..wire import json_response, read_json, require, send_sse, sse_event

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["InputItemRecord", "StoredResponse", "routes"]

routes = RouteGroup("responses")

# Request fields a response echoes back as they were sent (or the API's defaults).
_ECHOED: dict[str, Any] = {
    "instructions": None, "max_output_tokens": None, "metadata": {}, "parallel_tool_calls": True,
    "previous_response_id": None, "temperature": 1.0, "tool_choice": "auto", "tools": [],
    "top_p": 1.0, "truncation": "disabled",
}


@dataclass(kw_only=True, slots=True)
class StoredResponse(Record):
    body: dict[str, Any]
    """The response object as it was answered."""
    context: list[dict[str, Any]] = field(default_factory=list)
    """Every item of the conversation up to and with this response's output."""

    def to_json(self) -> dict[str, Any]:
        return self.body


@dataclass(kw_only=True, slots=True)
class InputItemRecord(Record):
    response_id: str
    item: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return self.item


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content
                       if isinstance(p, dict) and p.get("type") in ("input_text", "output_text"))
    return ""


def _items(body: dict[str, Any]) -> list[dict[str, Any]]:
    raw = body["input"]
    if isinstance(raw, str):
        return [{"type": "message", "role": "user", "content": raw}]
    if not isinstance(raw, list) or not all(isinstance(i, dict) for i in raw):
        raise ApiFailure.invalid("input", "'input' must be a string or a list of items.")
    return [dict(i, type=i.get("type", "message")) for i in raw]


def _stored_item(state: ServerState, item: dict[str, Any]) -> dict[str, Any]:
    # As input_items lists it: every item has an id and a status; message text is parts.
    out = dict(item)
    kind = out["type"]
    if kind == "message":
        content = out.get("content")
        if isinstance(content, str):
            out["content"] = [{"type": "input_text", "text": content}]
    prefix = {"message": "msg", "function_call_output": "fco", "computer_call_output": "cuo"}
    out.setdefault("id", state.next_id(prefix.get(kind, "item")))
    out.setdefault("status", "completed")
    return out


def _answer(state: ServerState, body: dict[str, Any], context: list[dict[str, Any]],
            items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    calls = {i.get("call_id"): i for i in context if i.get("type") == "function_call"}
    outputs = [i for i in items if i.get("type") == "function_call_output"]
    for o in outputs:
        if o.get("call_id") not in calls:
            raise ApiFailure.invalid(
                "input", f"No tool call found for function call output with call_id {o.get('call_id')}.")
    user_texts = [_text(i.get("content")) for i in context
                  if i.get("type") == "message" and i.get("role") == "user"]
    prompt = user_texts[-1] if user_texts else ""
    functions = [t for t in body.get("tools") or [] if isinstance(t, dict) and t.get("type") == "function"]
    if outputs:
        text = f"Function result: {outputs[-1].get('output', '')}"
    elif functions and body.get("tool_choice") != "none":
        return [{"type": "function_call", "id": state.next_id("fc"), "call_id": state.next_id("call"),
                 "name": functions[0]["name"],
                 "arguments": json.dumps(function_arguments(functions[0].get("parameters"), prompt)),
                 "status": "completed"}]
    else:
        text = f"Echo: {prompt}"
    return [{"type": "message", "id": state.next_id("msg"), "role": "assistant", "status": "completed",
             "content": [{"type": "output_text", "text": text, "annotations": []}]}]


def _response(state: ServerState, body: dict[str, Any]) -> StoredResponse:
    require(body, "model", "input")
    items = _items(body)
    previous = body.get("previous_response_id")
    earlier = state.responses.get(previous).context if previous else []
    stored_items = [_stored_item(state, i) for i in items]
    context = [*earlier, *stored_items]
    output = _answer(state, body, context, items)
    context = [*context, *output]
    in_tokens = sum(tokens(_text(i.get("content")) or i.get("output", "") or i.get("arguments", ""))
                    for i in context[: len(context) - len(output)])
    out_tokens = sum(tokens(_text(i.get("content")) or i.get("arguments", "")) for i in output)
    response_id = state.responses.new_id()
    answer: dict[str, Any] = {
        "id": response_id, "object": "response", "created_at": state.now(), "status": "completed",
        "error": None, "incomplete_details": None, "model": str(body["model"]), "output": output,
        "reasoning": body.get("reasoning") or {"effort": None, "summary": None},
        "store": body.get("store", True),
        "text": body.get("text") or {"format": {"type": "text"}},
        "usage": {
            "input_tokens": in_tokens, "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": out_tokens, "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": in_tokens + out_tokens,
        },
    }
    for name, default in _ECHOED.items():
        answer[name] = body.get(name, default)
    if body.get("user") is not None:
        answer["user"] = body["user"]
    state.use_tokens(in_tokens + out_tokens)
    record = StoredResponse(id=response_id, created_at=state.now(), body=answer, context=context)
    if answer["store"] is not False:
        state.responses.add(record)
        for item in stored_items:
            # The item's own id is the list's cursor; an item sent again (a replayed call)
            # keeps its id on the wire and gets a fresh one in the store.
            key = item["id"] if item["id"] not in state.response_items else state.response_items.new_id()
            state.response_items.add(InputItemRecord(
                id=key, created_at=state.now(), response_id=response_id, item=item))
    return record


def _events(answer: dict[str, Any]) -> list[bytes]:
    start = {k: v for k, v in answer.items() if k != "usage"} | {"status": "in_progress", "output": []}
    out = [sse_event({"type": "response.created", "response": start}),
           sse_event({"type": "response.in_progress", "response": start})]
    for index, item in enumerate(answer["output"]):
        if item["type"] == "function_call":
            out.append(sse_event({"type": "response.output_item.added", "output_index": index,
                                  "item": dict(item, arguments="", status="in_progress")}))
            out += [sse_event({"type": "response.function_call_arguments.delta", "item_id": item["id"],
                               "output_index": index, "delta": piece})
                    for piece in pieces(item["arguments"])]
            out.append(sse_event({"type": "response.function_call_arguments.done", "item_id": item["id"],
                                  "output_index": index, "arguments": item["arguments"]}))
        else:
            text = item["content"][0]["text"]
            ids = {"item_id": item["id"], "output_index": index, "content_index": 0}
            out.append(sse_event({"type": "response.output_item.added", "output_index": index,
                                  "item": dict(item, content=[], status="in_progress")}))
            out.append(sse_event({"type": "response.content_part.added", **ids,
                                  "part": {"type": "output_text", "text": "", "annotations": []}}))
            out += [sse_event({"type": "response.output_text.delta", **ids, "delta": piece})
                    for piece in pieces(text)]
            out.append(sse_event({"type": "response.output_text.done", **ids, "text": text}))
            out.append(sse_event({"type": "response.content_part.done", **ids,
                                  "part": item["content"][0]}))
        out.append(sse_event({"type": "response.output_item.done", "output_index": index, "item": item}))
    out.append(sse_event({"type": "response.completed", "response": answer}))
    return out


@routes.post("/v1/responses")
async def create(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    record = _response(state, body)
    if not body.get("stream"):
        return json_response(record.body)
    # Typed events end with the terminal one and the connection's close: no [DONE].
    return await send_sse(request, _events(record.body), done=False)


@routes.get("/v1/responses/{response_id}")
async def retrieve(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.responses.get(request.match_info["response_id"]).body)


@routes.delete("/v1/responses/{response_id}")
async def delete(request: web.Request, state: ServerState) -> web.StreamResponse:
    response_id = request.match_info["response_id"]
    state.responses.delete(response_id)
    for item in state.response_items.values(where=lambda r: r.response_id == response_id):
        state.response_items.delete(item.id)
    # The spec answers 200 with no body.
    return web.Response(status=200)


@routes.get("/v1/responses/{response_id}/input_items")
async def input_items(request: web.Request, state: ServerState) -> web.StreamResponse:
    response_id = request.match_info["response_id"]
    state.responses.get(response_id)
    page = state.response_items.page(request.query, where=lambda r: r.response_id == response_id,
                                     default_order="asc")
    return json_response(page.to_json())
