"""Assistants, threads, messages, runs and run steps.

A run answers the last user message with ``Echo: <text>``. When the run (or its assistant)
has a function tool and no tool outputs were submitted yet, it stops in
``requires_action`` with one call of the first function; the outputs it is given come
back as ``Tool said: <outputs>``. Without streaming, a run moves along the server's clock
(``queued`` 1 s, ``in_progress`` 1 s, then ``requires_action`` or ``completed``; each
retrieve moves the clock a second). With ``stream: true`` it goes through the same
statuses at once and sends an event for each: run created, queued, in progress, step
created, message created, message deltas (a word each), message completed, step
completed, run completed (or ``requires_action``), then ``done``.

A run with the file search tool answers with the best chunk of the vector stores of its
assistant and thread (word overlap with the last user message), cited as ``[1]`` by a
``file_citation`` annotation, after a ``file_search`` step with the results. A message's
attachments for ``file_search`` go into the thread's vector store, made for it if the thread
has none (as the API does), and are processed along the clock as any vector store file. A run with the
code interpreter writes ``squares.csv`` (purpose ``assistants_output``) after a
``code_interpreter`` step with logs, and links it with a ``file_path`` annotation; when the
last user message asks for a png, graph, plot or chart it also makes ``graph.png``, shown by an
``image_file`` part before the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..clock import StatusMachine, Step
from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record
from ..wire import json_response, read_json, require, sse_event, start_sse
from .files import new_file
from .images import image_bytes
from .vector_stores import VectorStoreRecord, attach_file, search_store

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = [
    "AssistantRecord",
    "MessageRecord",
    "RunRecord",
    "StepRecord",
    "ThreadRecord",
    "next_status",
    "routes",
    "run_machine",
]

routes = RouteGroup("assistants")

FINAL = frozenset({"completed", "failed", "cancelled", "expired", "incomplete"})


@dataclass(kw_only=True, slots=True)
class AssistantRecord(Record):
    fields: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "object": "assistant", "created_at": self.created_at, **self.fields}


@dataclass(kw_only=True, slots=True)
class ThreadRecord(Record):
    metadata: dict[str, Any] = field(default_factory=dict)
    tool_resources: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "object": "thread", "created_at": self.created_at,
                "metadata": self.metadata, "tool_resources": self.tool_resources}


@dataclass(kw_only=True, slots=True)
class MessageRecord(Record):
    thread_id: str
    role: str
    content: list[dict[str, Any]]
    status: str = "completed"
    assistant_id: str | None = None
    run_id: str | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    completed_at: int | None = None

    def text(self) -> str:
        return " ".join(p["text"]["value"] if isinstance(p.get("text"), dict) else str(p.get("text", ""))
                        for p in self.content if p.get("type") == "text")

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "object": "thread.message", "created_at": self.created_at,
                "thread_id": self.thread_id, "status": self.status, "incomplete_details": None,
                "completed_at": self.completed_at, "incomplete_at": None, "role": self.role,
                "content": self.content, "assistant_id": self.assistant_id, "run_id": self.run_id,
                "attachments": self.attachments, "metadata": self.metadata}


@dataclass(kw_only=True, slots=True)
class StepRecord(Record):
    thread_id: str
    run_id: str
    assistant_id: str
    type: str
    details: dict[str, Any]
    status: str = "in_progress"
    completed_at: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "object": "thread.run.step", "created_at": self.created_at,
                "assistant_id": self.assistant_id, "thread_id": self.thread_id, "run_id": self.run_id,
                "type": self.type, "status": self.status, "step_details": self.details,
                "last_error": None, "expired_at": None, "cancelled_at": None, "failed_at": None,
                "completed_at": self.completed_at, "metadata": {},
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
                if self.status == "completed" else None}


@dataclass(kw_only=True, slots=True)
class RunRecord(Record):
    thread_id: str
    assistant_id: str
    model: str
    instructions: str
    tools: list[dict[str, Any]]
    metadata: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    """The request's other fields echoed back (temperature, tool_choice and the like)."""
    status: str = "queued"
    status_since: float = 0.0
    stamps: dict[str, int] = field(default_factory=dict)
    required_action: dict[str, Any] | None = None
    tool_outputs: list[dict[str, Any]] | None = None
    events: list[tuple[str, dict[str, Any]]] | None = None
    """While a run streams: the events its moves produced, to send (never on the wire)."""

    def function(self) -> str | None:
        for tool in self.tools:
            if tool.get("type") == "function":
                return str(tool["function"]["name"])
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "object": "thread.run", "created_at": self.created_at,
            "thread_id": self.thread_id, "assistant_id": self.assistant_id, "status": self.status,
            "required_action": self.required_action if self.status == "requires_action" else None,
            "last_error": None, "expires_at": None if self.status in FINAL else self.created_at + 600,
            "started_at": self.stamps.get("started_at"), "cancelled_at": self.stamps.get("cancelled_at"),
            "failed_at": None, "completed_at": self.stamps.get("completed_at"),
            "incomplete_details": None, "model": self.model, "instructions": self.instructions,
            "tools": self.tools, "metadata": self.metadata,
            "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}
            if self.status == "completed" else None,
            "temperature": self.extra.get("temperature", 1.0), "top_p": self.extra.get("top_p", 1.0),
            "max_prompt_tokens": self.extra.get("max_prompt_tokens"),
            "max_completion_tokens": self.extra.get("max_completion_tokens"),
            "truncation_strategy": self.extra.get("truncation_strategy",
                                                  {"type": "auto", "last_messages": None}),
            "tool_choice": self.extra.get("tool_choice", "auto"),
            "parallel_tool_calls": self.extra.get("parallel_tool_calls", True),
            "response_format": self.extra.get("response_format", "auto"),
        }


def next_status(run: RunRecord) -> str:
    """Where a run in progress goes: it waits for tool outputs once if it has a function."""
    return "requires_action" if run.function() and run.tool_outputs is None else "completed"


def run_machine(state: ServerState) -> StatusMachine[RunRecord]:
    """How runs move: ``queued``, ``in_progress``, then ``requires_action`` or ``completed``."""

    def emit(run: RunRecord, name: str, obj: dict[str, Any]) -> None:
        if run.events is not None:
            run.events.append((name, obj))

    def entered(run: RunRecord, at: int) -> None:
        emit(run, f"thread.run.{run.status}", run.to_json())

    def started(run: RunRecord, at: int) -> None:
        run.stamps.setdefault("started_at", at)
        entered(run, at)

    def wants_tools(run: RunRecord, at: int) -> None:
        name = run.function() or ""
        call: dict[str, Any] = {"id": state.next_id("call"), "type": "function",
                "function": {"name": name, "arguments": json.dumps({"question": _last_user(state, run)})}}
        run.required_action = {"type": "submit_tool_outputs", "submit_tool_outputs": {"tool_calls": [call]}}
        step = state.run_steps.add(StepRecord(
            id=state.run_steps.new_id(), created_at=at, thread_id=run.thread_id, run_id=run.id,
            assistant_id=run.assistant_id, type="tool_calls",
            details={"type": "tool_calls", "tool_calls": [
                {"id": call["id"], "type": "function", "function": {
                    "name": name, "arguments": call["function"]["arguments"], "output": None}}]}))
        emit(run, "thread.run.step.created", step.to_json())
        emit(run, "thread.run.step.delta", {"id": step.id, "object": "thread.run.step.delta", "delta": {
            "step_details": {"type": "tool_calls", "tool_calls": [
                {"index": 0, "id": call["id"], "type": "function", "function": call["function"]}]}}})
        entered(run, at)

    def completed(run: RunRecord, at: int) -> None:
        run.stamps["completed_at"] = at
        for step in state.run_steps.values(lambda s: s.run_id == run.id and s.status != "completed"):
            outputs = {o.get("tool_call_id"): o.get("output") for o in run.tool_outputs or []}
            for call in step.details.get("tool_calls", []):
                call["function"]["output"] = outputs.get(call["id"])
            step.status, step.completed_at = "completed", at
            emit(run, "thread.run.step.completed", step.to_json())
        if run.tool_outputs is not None:
            answer = "Tool said: " + "; ".join(str(o.get("output")) for o in run.tool_outputs)
        else:
            answer = "Echo: " + _last_user(state, run)
        annotations: list[dict[str, Any]] = []
        kinds = {t.get("type") for t in run.tools}
        if "file_search" in kinds:
            answer, annotations = _file_search(state, run, at, emit, answer)
        images: list[dict[str, Any]] = []
        if "code_interpreter" in kinds:
            answer, annotations = _code_interpreter(state, run, at, emit, answer, annotations)
            if _WANTS_IMAGE.search(_last_user(state, run)):
                graph = new_file(state, "graph.png", "assistants_output", image_bytes(answer, 0))
                images.append({"type": "image_file", "image_file": {"file_id": graph.id}})
        msg = state.messages.add(MessageRecord(
            id=state.messages.new_id(), created_at=at, thread_id=run.thread_id, role="assistant",
            content=[], status="in_progress", assistant_id=run.assistant_id, run_id=run.id))
        step = state.run_steps.add(StepRecord(
            id=state.run_steps.new_id(), created_at=at, thread_id=run.thread_id, run_id=run.id,
            assistant_id=run.assistant_id, type="message_creation",
            details={"type": "message_creation", "message_creation": {"message_id": msg.id}}))
        emit(run, "thread.run.step.created", step.to_json())
        emit(run, "thread.run.step.in_progress", step.to_json())
        emit(run, "thread.message.created", msg.to_json())
        emit(run, "thread.message.in_progress", msg.to_json())
        words = answer.split(" ")
        for i, word in enumerate(words):
            piece = word if i == 0 else " " + word
            emit(run, "thread.message.delta", {"id": msg.id, "object": "thread.message.delta", "delta": {
                "content": [{"index": 0, "type": "text", "text": {"value": piece, "annotations": []}}]}})
        msg.content = [*images, {"type": "text", "text": {"value": answer, "annotations": annotations}}]
        msg.status, msg.completed_at = "completed", at
        emit(run, "thread.message.completed", msg.to_json())
        step.status, step.completed_at = "completed", at
        emit(run, "thread.run.step.completed", step.to_json())
        entered(run, at)

    def cancelled(run: RunRecord, at: int) -> None:
        run.stamps["cancelled_at"] = at
        entered(run, at)

    return StatusMachine(
        {"queued": Step("in_progress"), "in_progress": Step(next_status)},
        {"queued": entered, "in_progress": started, "requires_action": wants_tools,
         "completed": completed, "cancelled": cancelled},
        clock=state.clock.time,
    )


_WANTS_IMAGE = re.compile(r"\b(png|graph|plot|chart)s?\b", re.I)


def _tool_step(state: ServerState, run: RunRecord, at: int, emit: Callable[..., None],
               call: dict[str, Any]) -> None:
    step = state.run_steps.add(StepRecord(
        id=state.run_steps.new_id(), created_at=at, thread_id=run.thread_id, run_id=run.id,
        assistant_id=run.assistant_id, type="tool_calls",
        details={"type": "tool_calls", "tool_calls": [call]}))
    emit(run, "thread.run.step.created", step.to_json())
    step.status, step.completed_at = "completed", at
    emit(run, "thread.run.step.completed", step.to_json())


def _file_search(state: ServerState, run: RunRecord, at: int, emit: Callable[..., None],
                 answer: str) -> tuple[str, list[dict[str, Any]]]:
    # The best chunk of the vector stores of the assistant and the thread, cited as [1].
    ids: list[str] = []
    for owner in (state.assistants.get(run.assistant_id).fields, state.threads.get(run.thread_id).to_json()):
        ids += ((owner.get("tool_resources") or {}).get("file_search") or {}).get("vector_store_ids") or []
    hits = [h for vs in ids if vs in state.vector_stores
            for h in search_store(state, state.vector_stores.get(vs), [_last_user(state, run)])]
    hits.sort(key=lambda h: -h["score"])
    _tool_step(state, run, at, emit, {"id": state.next_id("call"), "type": "file_search", "file_search": {
        "ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.0},
        "results": [{"file_id": h["file_id"], "file_name": h["filename"], "score": h["score"],
                     "content": h["content"][:1]} for h in hits]}})
    if not hits:
        return answer, []
    text = f"{hits[0]['content'][0]['text']} [1]"
    return text, [{"type": "file_citation", "text": "[1]", "start_index": len(text) - 3,
                   "end_index": len(text), "file_citation": {"file_id": hits[0]["file_id"]}}]


def _code_interpreter(state: ServerState, run: RunRecord, at: int, emit: Callable[..., None],
                      answer: str, annotations: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    # The code "runs" and writes a CSV file, linked from the answer by a file_path annotation.
    data = "n,square\n" + "".join(f"{n},{n * n}\n" for n in range(1, 6))
    out = new_file(state, "squares.csv", "assistants_output", data.encode())
    _tool_step(state, run, at, emit, {"id": state.next_id("call"), "type": "code_interpreter",
                                      "code_interpreter": {
        "input": "import csv\n# squares of 1..5 to /mnt/data/squares.csv",
        "outputs": [{"type": "logs", "logs": "wrote /mnt/data/squares.csv"}]}})
    link = "sandbox:/mnt/data/squares.csv"
    text = f"{answer} Download: {link}"
    return text, [*annotations, {"type": "file_path", "text": link, "start_index": len(text) - len(link),
                                 "end_index": len(text), "file_path": {"file_id": out.id}}]


def _last_user(state: ServerState, run: RunRecord) -> str:
    users = state.messages.values(lambda m: m.thread_id == run.thread_id and m.role == "user")
    return users[-1].text() if users else ""


# ---------------------------------------------------------------- assistants

_ASSISTANT_FIELDS = ("name", "description", "model", "instructions", "tools", "tool_resources",
                     "metadata", "temperature", "top_p", "response_format")


def _assistant_fields(body: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for name in _ASSISTANT_FIELDS:
        if name in body:
            out[name] = body[name]
    return out


@routes.post("/v1/assistants")
async def create_assistant(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "model")
    defaults: dict[str, Any] = {"name": None, "description": None, "instructions": None, "tools": [],
                "tool_resources": None, "metadata": {}, "temperature": 1.0, "top_p": 1.0,
                "response_format": "auto"}
    rec = state.assistants.add(AssistantRecord(id=state.assistants.new_id(), created_at=state.now(),
                                               fields=_assistant_fields(body, defaults)))
    return json_response(rec.to_json())


@routes.get("/v1/assistants")
async def list_assistants(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.assistants.page(request.query).to_json())


@routes.get("/v1/assistants/{assistant_id}")
async def retrieve_assistant(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.assistants.get(request.match_info["assistant_id"]).to_json())


@routes.post("/v1/assistants/{assistant_id}")
async def modify_assistant(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    with state.lock:
        rec = state.assistants.get(request.match_info["assistant_id"])
        rec.fields = _assistant_fields(body, rec.fields)
    return json_response(rec.to_json())


@routes.delete("/v1/assistants/{assistant_id}")
async def delete_assistant(request: web.Request, state: ServerState) -> web.StreamResponse:
    rec = state.assistants.delete(request.match_info["assistant_id"])
    return json_response({"id": rec.id, "object": "assistant.deleted", "deleted": True})


# ---------------------------------------------------------------- threads and messages


def _content(content: Any) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "text": {"value": content, "annotations": []}}]
    if not isinstance(content, list):
        raise ApiFailure.invalid("content", "'content' must be a string or a list of parts.")
    out = []
    for part in content:
        if isinstance(part, dict) and part.get("type") == "text":
            out.append({"type": "text", "text": {"value": str(part.get("text", "")), "annotations": []}})
        elif isinstance(part, dict) and part.get("type") in ("image_file", "image_url"):
            out.append(part)
        else:
            raise ApiFailure.invalid("content", f"Invalid content part: {part!r}.")
    return out


def _add_message(state: ServerState, thread_id: str, body: dict[str, Any]) -> MessageRecord:
    require(body, "role", "content")
    if body["role"] not in ("user", "assistant"):
        raise ApiFailure.invalid("role", "'role' must be 'user' or 'assistant'.")
    msg = state.messages.add(MessageRecord(
        id=state.messages.new_id(), created_at=state.now(), thread_id=thread_id, role=body["role"],
        content=_content(body["content"]), attachments=list(body.get("attachments") or []),
        metadata=dict(body.get("metadata") or {}), completed_at=state.now()))
    for attachment in msg.attachments:
        if any(t.get("type") == "file_search" for t in attachment.get("tools") or []):
            _thread_store_add(state, state.threads.get(thread_id), str(attachment.get("file_id")))
    return msg


def _thread_store_add(state: ServerState, thread: ThreadRecord, file_id: str) -> None:
    resources = thread.tool_resources = dict(thread.tool_resources or {})
    search = resources["file_search"] = dict(resources.get("file_search") or {})
    ids = search["vector_store_ids"] = list(search.get("vector_store_ids") or [])
    if ids and ids[0] in state.vector_stores:
        store = state.vector_stores.get(ids[0])
    else:
        # The API's thread stores expire a week after their last use.
        store = state.vector_stores.add(VectorStoreRecord(
            id=state.vector_stores.new_id(), created_at=state.now(),
            expires_after={"anchor": "last_active_at", "days": 7}))
        ids[:1] = [store.id]
    if all(f.id != file_id for f in store.files):
        attach_file(state, store, file_id)


def _new_thread(state: ServerState, body: dict[str, Any]) -> ThreadRecord:
    thread = state.threads.add(ThreadRecord(
        id=state.threads.new_id(), created_at=state.now(), metadata=dict(body.get("metadata") or {}),
        tool_resources=body.get("tool_resources")))
    for m in body.get("messages") or []:
        _add_message(state, thread.id, m)
    return thread


def _thread(request: web.Request, state: ServerState) -> ThreadRecord:
    return state.threads.get(request.match_info["thread_id"])


@routes.post("/v1/threads")
async def create_thread(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    with state.lock:
        return json_response(_new_thread(state, body).to_json())


@routes.get("/v1/threads/{thread_id}")
async def retrieve_thread(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(_thread(request, state).to_json())


@routes.post("/v1/threads/{thread_id}")
async def modify_thread(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    with state.lock:
        rec = _thread(request, state)
        if "metadata" in body:
            rec.metadata = dict(body["metadata"] or {})
        if "tool_resources" in body:
            rec.tool_resources = body["tool_resources"]
    return json_response(rec.to_json())


@routes.delete("/v1/threads/{thread_id}")
async def delete_thread(request: web.Request, state: ServerState) -> web.StreamResponse:
    rec = state.threads.delete(request.match_info["thread_id"])
    return json_response({"id": rec.id, "object": "thread.deleted", "deleted": True})


@routes.post("/v1/threads/{thread_id}/messages")
async def create_message(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    with state.lock:
        return json_response(_add_message(state, _thread(request, state).id, body).to_json())


@routes.get("/v1/threads/{thread_id}/messages")
async def list_messages(request: web.Request, state: ServerState) -> web.StreamResponse:
    thread = _thread(request, state)
    run_id = request.query.get("run_id")
    page = state.messages.page(request.query, where=lambda m: m.thread_id == thread.id and (
        run_id is None or m.run_id == run_id))
    return json_response(page.to_json())


def _message(request: web.Request, state: ServerState) -> MessageRecord:
    thread = _thread(request, state)
    msg = state.messages.get(request.match_info["message_id"])
    if msg.thread_id != thread.id:
        raise ApiFailure(404, f"No message found with id '{msg.id}'.")
    return msg


@routes.get("/v1/threads/{thread_id}/messages/{message_id}")
async def retrieve_message(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(_message(request, state).to_json())


@routes.post("/v1/threads/{thread_id}/messages/{message_id}")
async def modify_message(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    with state.lock:
        msg = _message(request, state)
        msg.metadata = dict(body.get("metadata") or {})
    return json_response(msg.to_json())


@routes.delete("/v1/threads/{thread_id}/messages/{message_id}")
async def delete_message(request: web.Request, state: ServerState) -> web.StreamResponse:
    msg = state.messages.delete(_message(request, state).id)
    return json_response({"id": msg.id, "object": "thread.message.deleted", "deleted": True})


# ---------------------------------------------------------------- runs and steps

_RUN_EXTRA = ("temperature", "top_p", "max_prompt_tokens", "max_completion_tokens",
              "truncation_strategy", "tool_choice", "parallel_tool_calls", "response_format")


def _new_run(state: ServerState, thread_id: str, body: dict[str, Any]) -> RunRecord:
    require(body, "assistant_id")
    assistant = state.assistants.get(str(body["assistant_id"]))
    a = assistant.fields
    for m in body.get("additional_messages") or []:
        _add_message(state, thread_id, m)
    instructions = body.get("instructions") or a.get("instructions") or ""
    if body.get("additional_instructions"):
        instructions = f"{instructions}\n{body['additional_instructions']}".strip()
    run = RunRecord(
        id=state.runs.new_id(), created_at=state.now(), thread_id=thread_id, assistant_id=assistant.id,
        model=str(body.get("model") or a["model"]), instructions=instructions,
        tools=list(body["tools"] if body.get("tools") is not None else a.get("tools") or []),
        metadata=dict(body.get("metadata") or {}),
        extra={k: body[k] for k in _RUN_EXTRA if body.get(k) is not None},
        events=[] if body.get("stream") else None)
    state.runs.add(run)
    if run.events is not None:
        run.events.append(("thread.run.created", run.to_json()))
    state.run_machine.start(run, "queued")
    return run


async def _answer(request: web.Request, state: ServerState, run: RunRecord) -> web.StreamResponse:
    if run.events is None:
        return json_response(run.to_json())
    # Streaming: the run goes as far as it can now, an event for each change.
    with state.lock:
        while run.status in ("queued", "in_progress"):
            state.run_machine.move(run, "in_progress" if run.status == "queued" else next_status(run))
        events, run.events = run.events, None
    resp = await start_sse(request)
    for name, obj in events:
        await resp.write(sse_event(obj, name))
    await resp.write(b"event: done\ndata: [DONE]\n\n")
    await resp.write_eof()
    return resp


@routes.post("/v1/threads/runs")
async def create_thread_and_run(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    with state.lock:
        require(body, "assistant_id")
        state.assistants.get(str(body["assistant_id"]))
        thread = _new_thread(state, dict(body.get("thread") or {}))
        run = _new_run(state, thread.id, body)
        if run.events is not None:
            run.events.insert(0, ("thread.created", thread.to_json()))
    return await _answer(request, state, run)


@routes.post("/v1/threads/{thread_id}/runs")
async def create_run(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    with state.lock:
        run = _new_run(state, _thread(request, state).id, body)
    return await _answer(request, state, run)


@routes.get("/v1/threads/{thread_id}/runs")
async def list_runs(request: web.Request, state: ServerState) -> web.StreamResponse:
    thread = _thread(request, state)
    return json_response(state.runs.page(request.query, where=lambda r: r.thread_id == thread.id).to_json())


def _run(request: web.Request, state: ServerState) -> RunRecord:
    thread = _thread(request, state)
    run = state.runs.get(request.match_info["run_id"])
    if run.thread_id != thread.id:
        raise ApiFailure(404, f"No run found with id '{run.id}'.")
    return run


@routes.get("/v1/threads/{thread_id}/runs/{run_id}")
async def retrieve_run(request: web.Request, state: ServerState) -> web.StreamResponse:
    state.clock.poll()
    return json_response(_run(request, state).to_json())


@routes.post("/v1/threads/{thread_id}/runs/{run_id}")
async def modify_run(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    with state.lock:
        run = _run(request, state)
        run.metadata = dict(body.get("metadata") or {})
    return json_response(run.to_json())


@routes.post("/v1/threads/{thread_id}/runs/{run_id}/cancel")
async def cancel_run(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        run = _run(request, state)
        if run.status in FINAL:
            raise ApiFailure(400, f"Cannot cancel run with status '{run.status}'.")
        state.run_machine.move(run, "cancelled")
    return json_response(run.to_json())


@routes.post("/v1/threads/{thread_id}/runs/{run_id}/submit_tool_outputs")
async def submit_tool_outputs(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "tool_outputs")
    with state.lock:
        run = _run(request, state)
        if run.status != "requires_action":
            raise ApiFailure(400, f"Runs in status '{run.status}' do not accept tool outputs.")
        assert run.required_action is not None
        wanted = {c["id"] for c in run.required_action["submit_tool_outputs"]["tool_calls"]}
        given = {o.get("tool_call_id") for o in body["tool_outputs"]}
        if given != wanted:
            raise ApiFailure.invalid("tool_outputs", f"Expected tool outputs for call ids {sorted(wanted)}.")
        run.tool_outputs = list(body["tool_outputs"])
        run.events = [] if body.get("stream") else None
        state.run_machine.move(run, "queued")
    return await _answer(request, state, run)


@routes.get("/v1/threads/{thread_id}/runs/{run_id}/steps")
async def list_steps(request: web.Request, state: ServerState) -> web.StreamResponse:
    run = _run(request, state)
    return json_response(state.run_steps.page(request.query, where=lambda s: s.run_id == run.id).to_json())


@routes.get("/v1/threads/{thread_id}/runs/{run_id}/steps/{step_id}")
async def retrieve_step(request: web.Request, state: ServerState) -> web.StreamResponse:
    run = _run(request, state)
    step = state.run_steps.get(request.match_info["step_id"])
    if step.run_id != run.id:
        raise ApiFailure(404, f"No step found with id '{step.id}'.")
    return json_response(step.to_json())
