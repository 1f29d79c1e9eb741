"""A deterministic OpenAI-compatible server (aiohttp.web) for demos and offline tests.

``MockOpenAIServer`` serves a small, predictable slice of the API under ``/v1`` from a
background thread, records every request byte for byte, and can be scripted to
answer with faults (error statuses, broken or stalled streams, delays, resets)::

    with MockOpenAIServer() as server:
        client = Client(OpenAIConfig(api_key="sk-x", api_base=server.base_url))
        server.script("/v1/chat/completions", {"status": 500}, {"pass": True})
        client.chat().create(request)          # retried, then answered normally
        assert len(server.requests()) == 2

The same controls exist over HTTP for out-of-process use: ``POST /_control/script``,
``GET /_control/requests``, ``POST /_control/reset``.

Route groups are plain functions ``add_x_routes(router, state)``; another module adds
its own with ``register_route_group`` before the server starts.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import importlib
import itertools
import json
import math
import os
import pkgutil
import socket
import struct
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from email.message import Message
from types import TracebackType
from typing import Any, Self

from aiohttp import web

__all__ = [
    "CREATED",
    "ControlError",
    "MockOpenAIServer",
    "RecordedRequest",
    "RouteGroup",
    "ServerState",
    "StoredFile",
    "error_response",
    "json_response",
    "load_route_modules",
    "read_json",
    "read_multipart",
    "register_route_group",
]

CREATED = 1_700_000_000
"""The fixed ``created`` timestamp of every generated object: answers are reproducible."""

_MAX_BODY = 1 << 30
_REQUEST_ID = web.RequestKey("request_id", str)


# State ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as it reached the server. Header names are lower-cased."""

    method: str
    path: str
    raw_path: str
    query: tuple[tuple[str, str], ...]
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "raw_path": self.raw_path,
            "query": [list(p) for p in self.query],
            "headers": dict(self.headers),
            "body": base64.b64encode(self.body).decode("ascii"),
        }


@dataclass(slots=True)
class StoredFile:
    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "file",
            "bytes": len(self.data),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
            "status_details": None,
        }


class ControlError(ValueError):
    """A scripted response that the server cannot play."""


_RESPONSE_KEYS = frozenset(
    {"status", "headers", "json", "body", "raw_bytes_b64", "content_type", "sse", "then",
     "stall_seconds", "chunk_delay", "delay", "disconnect", "pass"}
)


def _check_script(resp: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(resp, Mapping):
        raise ControlError(f"a scripted response must be an object, not {type(resp).__name__}")
    unknown = set(resp) - _RESPONSE_KEYS
    if unknown:
        raise ControlError(f"unknown keys in scripted response: {sorted(unknown)}")
    then = resp.get("then", "end")
    if then not in ("end", "disconnect", "stall"):
        raise ControlError(f"'then' must be end, disconnect or stall, not {then!r}")
    bodies = [k for k in ("json", "body", "raw_bytes_b64", "sse") if k in resp]
    if len(bodies) > 1:
        raise ControlError(f"a scripted response has one body, got {bodies}")
    return dict(resp)


class ServerState:
    """Everything the server remembers; shared by the loop thread and test threads."""

    def __init__(self, api_key: str | None = None) -> None:
        self.lock = threading.Lock()
        self.api_key = api_key
        self._scripts: dict[tuple[str, str], deque[dict[str, Any]]] = {}
        self._records: list[RecordedRequest] = []
        self.files: dict[str, StoredFile] = {}
        self.deleted_models: set[str] = set()
        self._ids = itertools.count(1)

    def next_id(self, prefix: str) -> str:
        with self.lock:
            n = next(self._ids)
        return f"{prefix}-mock{n:06d}"

    def add_script(self, method: str, path: str, responses: Iterable[Mapping[str, Any]]) -> None:
        checked = [_check_script(r) for r in responses]
        with self.lock:
            self._scripts.setdefault((method.upper(), path), deque()).extend(checked)

    def take_script(self, method: str, paths: Iterable[str]) -> dict[str, Any] | None:
        with self.lock:
            for m in (method.upper(), "*"):
                for p in paths:
                    queue = self._scripts.get((m, p))
                    if queue:
                        return queue.popleft()
        return None

    def pending_scripts(self) -> int:
        with self.lock:
            return sum(len(q) for q in self._scripts.values())

    def record(self, rec: RecordedRequest) -> None:
        with self.lock:
            self._records.append(rec)

    def records(self) -> list[RecordedRequest]:
        with self.lock:
            return list(self._records)

    def reset(self, *, files: bool = False) -> None:
        """Forget scripts and recorded requests (and stored files when ``files``)."""
        with self.lock:
            self._scripts.clear()
            self._records.clear()
            if files:
                self.files.clear()
                self.deleted_models.clear()


# Helpers for route modules -------------------------------------------------------------


def json_response(
    obj: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    """A JSON answer, compact and UTF-8."""
    body = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()
    return web.Response(
        body=body, status=status, headers=dict(headers or {}), content_type="application/json"
    )


def error_response(
    status: int, message: str, type: str = "invalid_request_error",
    param: str | None = None, code: str | None = None,
) -> web.Response:
    """OpenAI's error object with an HTTP status."""
    return json_response(
        {"error": {"message": message, "type": type, "param": param, "code": code}}, status
    )


class _BadRequest(Exception):
    def __init__(self, response: web.Response) -> None:
        super().__init__("bad request")
        self.response = response


async def read_json(request: web.Request) -> dict[str, Any]:
    """The request body as a JSON object; answers 400 (via an exception) otherwise."""
    try:
        obj = json.loads(await request.read())
    except ValueError:
        msg = "We could not parse the JSON body of your request."
        raise _BadRequest(error_response(400, msg)) from None
    if not isinstance(obj, dict):
        raise _BadRequest(error_response(400, "The request body must be a JSON object."))
    return obj


def _require(body: Mapping[str, Any], *names: str) -> None:
    for name in names:
        if body.get(name) is None:
            raise _BadRequest(
                error_response(400, f"Missing required parameter: '{name}'.", param=name,
                               code="missing_required_parameter")
            )


def _header_params(name: str, value: str) -> Message:
    msg = Message()
    msg[name] = value
    return msg


async def read_multipart(request: web.Request) -> dict[str, tuple[str | None, bytes]]:
    """A multipart/form-data body as ``{field: (filename or None, bytes)}``, parsed exactly.

    The middleware has already read the body (to record it), so this parses bytes
    rather than the request stream; answers 400 (via an exception) when malformed.
    """
    ctype = request.headers.get("Content-Type", "")
    boundary = _header_params("content-type", ctype).get_param("boundary")
    if not ctype.startswith("multipart/form-data") or not isinstance(boundary, str):
        raise _BadRequest(error_response(400, "Expected a multipart/form-data body."))
    body = b"\r\n" + await request.read()
    parts = body.split(b"\r\n--" + boundary.encode())
    if len(parts) < 2 or not parts[-1].startswith(b"--"):
        raise _BadRequest(error_response(400, "The multipart body is not terminated."))
    form: dict[str, tuple[str | None, bytes]] = {}
    for part in parts[1:-1]:
        head, sep, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            raise _BadRequest(error_response(400, "A multipart part has no header end."))
        disposition = ""
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            if key.strip().lower() == "content-disposition":
                disposition = value.strip()
        params = _header_params("content-disposition", disposition)
        name = params.get_param("name", header="content-disposition")
        filename = params.get_param("filename", header="content-disposition")
        if isinstance(name, str):
            form[name] = (filename if isinstance(filename, str) else None, content)
    return form


RouteGroup = Callable[[web.UrlDispatcher, ServerState], None]
_EXTRA_GROUPS: list[RouteGroup] = []


def register_route_group(group: RouteGroup) -> RouteGroup:
    """Add routes to every server started afterwards; usable as a decorator.

    ``group(router, state)`` adds handlers under ``/v1`` with ``router.add_get`` etc.;
    handlers may keep their own data in ``state`` (an attribute of their own).
    """
    if group not in _EXTRA_GROUPS:
        _EXTRA_GROUPS.append(group)
    return group


# Text helpers --------------------------------------------------------------------------


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text"
        )
    return ""


def _last_user_text(messages: Any) -> str:
    if isinstance(messages, list):
        for m in reversed(messages):
            if isinstance(m, dict) and m.get("role") == "user":
                return _text_of(m.get("content"))
    return ""


def _prompt_text(prompt: Any) -> str:
    if isinstance(prompt, str):
        return prompt
    if isinstance(prompt, list) and prompt:
        first = prompt[0]
        if isinstance(first, str):
            return first
        if isinstance(first, int):
            return " ".join(str(t) for t in prompt)
        if isinstance(first, list):
            return " ".join(str(t) for t in first)
    return ""


def _tokens(text: str) -> int:
    return max(1, len(text.split())) if text else 0


def _pieces(text: str, n: int = 4) -> list[str]:
    """``text`` in ``n`` (or fewer) consecutive non-empty pieces."""
    if not text:
        return []
    size = max(1, math.ceil(len(text) / n))
    return [text[i : i + size] for i in range(0, len(text), size)]


def _usage(prompt: str, completion: str) -> dict[str, int]:
    p, c = _tokens(prompt), _tokens(completion)
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}


def _sse(obj: Any) -> bytes:
    return b"data: " + json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode() + b"\n\n"


async def _start_sse(request: web.Request, status: int = 200,
                     headers: Mapping[str, str] | None = None) -> web.StreamResponse:
    resp = web.StreamResponse(status=status, headers=dict(headers or {}))
    if "x-request-id" not in resp.headers and _REQUEST_ID in request:
        resp.headers["x-request-id"] = request[_REQUEST_ID]
    resp.content_type = "text/event-stream"
    resp.headers["Cache-Control"] = "no-cache"
    resp.enable_chunked_encoding()
    await resp.prepare(request)
    return resp


async def _send_sse(request: web.Request, chunks: Iterable[bytes]) -> web.StreamResponse:
    resp = await _start_sse(request)
    for chunk in chunks:
        await resp.write(chunk)
    await resp.write(b"data: [DONE]\n\n")
    await resp.write_eof()
    return resp


# Models --------------------------------------------------------------------------------

MODELS = (
    ("gpt-4o-mini", "system"),
    ("gpt-4o", "system"),
    ("gpt-3.5-turbo-instruct", "system"),
    ("text-embedding-3-small", "system"),
    ("omni-moderation-latest", "system"),
    ("ft:gpt-4o-mini:mock-org::mock001", "mock-org"),
)


def _model_obj(model_id: str, owner: str) -> dict[str, Any]:
    return {"id": model_id, "object": "model", "created": CREATED, "owned_by": owner}


def add_model_routes(router: web.UrlDispatcher, state: ServerState) -> None:
    owners = dict(MODELS)

    def live() -> list[tuple[str, str]]:
        with state.lock:
            gone = set(state.deleted_models)
        return [(m, o) for m, o in MODELS if m not in gone]

    async def list_models(request: web.Request) -> web.Response:
        return json_response({"object": "list", "data": [_model_obj(m, o) for m, o in live()]})

    def not_found(model: str) -> web.Response:
        return error_response(404, f"The model '{model}' does not exist", param="model",
                              code="model_not_found")

    async def retrieve(request: web.Request) -> web.Response:
        model = request.match_info["model"]
        for m, o in live():
            if m == model:
                return json_response(_model_obj(m, o))
        return not_found(model)

    async def delete(request: web.Request) -> web.Response:
        model = request.match_info["model"]
        if model not in dict(live()):
            return not_found(model)
        if owners[model] == "system":
            return error_response(403, "You do not have permission to delete this model.",
                                  code="model_not_deletable")
        with state.lock:
            state.deleted_models.add(model)
        return json_response({"id": model, "object": "model", "deleted": True})

    router.add_get("/v1/models", list_models)
    router.add_get("/v1/models/{model}", retrieve)
    router.add_delete("/v1/models/{model}", delete)


# Chat and completions ------------------------------------------------------------------


def add_chat_routes(router: web.UrlDispatcher, state: ServerState) -> None:
    async def create(request: web.Request) -> web.StreamResponse:
        body = await read_json(request)
        _require(body, "model", "messages")
        model = str(body["model"])
        prompt = _last_user_text(body["messages"])
        answer = f"Echo: {prompt}"
        n = body.get("n") or 1
        cid = state.next_id("chatcmpl")
        usage = _usage(prompt, answer)
        if not body.get("stream"):
            return json_response({
                "id": cid,
                "object": "chat.completion",
                "created": CREATED,
                "model": model,
                "system_fingerprint": "fp_mock",
                "choices": [
                    {
                        "index": i,
                        "message": {"role": "assistant", "content": answer, "refusal": None},
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                    for i in range(n)
                ],
                "usage": usage,
            })
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))

        def chunk(choices: list[dict[str, Any]], **extra: Any) -> bytes:
            obj: dict[str, Any] = {
                "id": cid, "object": "chat.completion.chunk", "created": CREATED,
                "model": model, "system_fingerprint": "fp_mock", "choices": choices,
            }
            if include_usage:
                obj["usage"] = None
            obj.update(extra)
            return _sse(obj)

        def choice(i: int, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {"index": i, "delta": delta, "logprobs": None, "finish_reason": finish}

        out = [chunk([choice(i, {"role": "assistant", "content": ""}) for i in range(n)])]
        for piece in _pieces(answer):
            out.extend(chunk([choice(i, {"content": piece})]) for i in range(n))
        out.append(chunk([choice(i, {}, "stop") for i in range(n)]))
        if include_usage:
            out.append(chunk([], usage=usage))
        return await _send_sse(request, out)

    router.add_post("/v1/chat/completions", create)


def add_completion_routes(router: web.UrlDispatcher, state: ServerState) -> None:
    async def create(request: web.Request) -> web.StreamResponse:
        body = await read_json(request)
        _require(body, "model", "prompt")
        model = str(body["model"])
        prompt = _prompt_text(body["prompt"])
        answer = f"Echo: {prompt}"
        cid = state.next_id("cmpl")
        usage = _usage(prompt, answer)

        def obj(text: str, finish: str | None, **extra: Any) -> dict[str, Any]:
            o: dict[str, Any] = {
                "id": cid, "object": "text_completion", "created": CREATED, "model": model,
                "system_fingerprint": "fp_mock",
                "choices": [{"text": text, "index": 0, "logprobs": None, "finish_reason": finish}],
            }
            o.update(extra)
            return o

        if not body.get("stream"):
            return json_response(obj(answer, "stop", usage=usage))
        out = [_sse(obj(piece, None)) for piece in _pieces(answer)]
        out.append(_sse(obj("", "stop")))
        if (body.get("stream_options") or {}).get("include_usage"):
            last = obj("", None, usage=usage)
            last["choices"] = []
            out.append(_sse(last))
        return await _send_sse(request, out)

    router.add_post("/v1/completions", create)


# Embeddings and moderations ------------------------------------------------------------


def embedding_vector(text: str, dimensions: int) -> list[float]:
    """The deterministic unit vector the server returns for ``text``."""
    raw = b""
    counter = 0
    while len(raw) < 4 * dimensions:
        raw += hashlib.sha256(f"{counter}:{text}".encode()).digest()
        counter += 1
    ints = struct.unpack(f"<{dimensions}I", raw[: 4 * dimensions])
    vec = [i / 0xFFFFFFFF * 2.0 - 1.0 for i in ints]
    norm = math.sqrt(sum(v * v for v in vec)) or 1.0
    # Rounded through float32 so float and base64 answers agree exactly.
    return [struct.unpack("<f", struct.pack("<f", v / norm))[0] for v in vec]


def _embedding_inputs(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        if not value:
            return []
        if all(isinstance(v, str) for v in value):
            return list(value)
        if all(isinstance(v, int) for v in value):
            return [" ".join(map(str, value))]
        if all(isinstance(v, list) for v in value):
            return [" ".join(map(str, v)) for v in value]
    raise _BadRequest(error_response(400, "'input' is not a valid embedding input.", param="input"))


def add_embedding_routes(router: web.UrlDispatcher, state: ServerState) -> None:
    async def create(request: web.Request) -> web.Response:
        body = await read_json(request)
        _require(body, "model", "input")
        dims = body.get("dimensions") or 8
        if not isinstance(dims, int) or dims < 1:
            return error_response(400, "'dimensions' must be a positive integer.",
                                  param="dimensions")
        fmt = body.get("encoding_format") or "float"
        if fmt not in ("float", "base64"):
            return error_response(400, f"Invalid encoding_format: {fmt!r}.",
                                  param="encoding_format")
        inputs = _embedding_inputs(body["input"])
        data = []
        for i, text in enumerate(inputs):
            vec = embedding_vector(text, dims)
            emb: Any = vec
            if fmt == "base64":
                emb = base64.b64encode(struct.pack(f"<{dims}f", *vec)).decode("ascii")
            data.append({"object": "embedding", "index": i, "embedding": emb})
        tokens = sum(_tokens(t) for t in inputs)
        return json_response({
            "object": "list", "data": data, "model": body["model"],
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        })

    router.add_post("/v1/embeddings", create)


MODERATION_CATEGORIES = (
    "hate", "hate/threatening", "harassment", "harassment/threatening", "illicit",
    "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual",
    "sexual/minors", "violence", "violence/graphic",
)


# The categories the spec lets apply to images.
_IMAGE_CATEGORIES = frozenset({
    "self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "violence",
    "violence/graphic",
})


def _moderation_inputs(value: Any) -> list[tuple[str, bool]]:
    """(text, has_image) per result: a list of strings gives one result each."""
    if isinstance(value, str):
        return [(value, False)]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [(v, False) for v in value]
    if isinstance(value, list):
        text = _text_of(value)
        image = any(isinstance(p, dict) and p.get("type") == "image_url" for p in value)
        return [(text, image)]
    raise _BadRequest(
        error_response(400, "'input' is not a valid moderation input.", param="input")
    )


def add_moderation_routes(router: web.UrlDispatcher, state: ServerState) -> None:
    async def create(request: web.Request) -> web.Response:
        body = await read_json(request)
        _require(body, "input")
        results = []
        for text, image in _moderation_inputs(body["input"]):
            # A category is flagged when its name appears in the text: easy to trigger in demos.
            lowered = text.lower()
            flags = {c: c in lowered for c in MODERATION_CATEGORIES}
            results.append({
                "flagged": any(flags.values()),
                "categories": flags,
                "category_scores": {c: 0.99 if f else 0.0001 for c, f in flags.items()},
                "category_applied_input_types": {
                    c: ["text", "image"] if image and c in _IMAGE_CATEGORIES else ["text"]
                    for c in MODERATION_CATEGORIES
                },
            })
        return json_response({
            "id": state.next_id("modr"),
            "model": body.get("model") or "omni-moderation-latest",
            "results": results,
        })

    router.add_post("/v1/moderations", create)


# Files ---------------------------------------------------------------------------------


def add_file_routes(router: web.UrlDispatcher, state: ServerState) -> None:
    def get(request: web.Request) -> StoredFile:
        file_id = request.match_info["file_id"]
        with state.lock:
            f = state.files.get(file_id)
        if f is None:
            raise _BadRequest(
                error_response(404, f"No such File object: {file_id}", param="id")
            )
        return f

    async def upload(request: web.Request) -> web.Response:
        form = await read_multipart(request)
        purpose = form.get("purpose", (None, b""))[1].decode()
        file = form.get("file")
        if file is None:
            return error_response(400, "Missing required parameter: 'file'.", param="file")
        filename, data = file
        if not purpose:
            return error_response(400, "Missing required parameter: 'purpose'.", param="purpose")
        fid = state.next_id("file")
        # Ids grow with time, so created_at (and the default ordering) follows upload order.
        stored = StoredFile(fid, filename or "file", purpose, data, CREATED + int(fid[-6:]))
        with state.lock:
            state.files[fid] = stored
        return json_response(stored.to_json())

    async def list_files(request: web.Request) -> web.Response:
        q = request.query
        with state.lock:
            files = list(state.files.values())
        if "purpose" in q:
            files = [f for f in files if f.purpose == q["purpose"]]
        order = q.get("order", "desc")
        if order not in ("asc", "desc"):
            return error_response(400, f"Invalid order: {order!r}.", param="order")
        files.sort(key=lambda f: (f.created_at, f.id), reverse=order == "desc")
        if "after" in q:
            ids = [f.id for f in files]
            if q["after"] in ids:
                files = files[ids.index(q["after"]) + 1 :]
        try:
            limit = int(q.get("limit", "10000"))
        except ValueError:
            return error_response(400, "'limit' must be an integer.", param="limit")
        page = files[: max(limit, 0)]
        data = [f.to_json() for f in page]
        return json_response({
            "object": "list", "data": data,
            "first_id": page[0].id if page else None,
            "last_id": page[-1].id if page else None,
            "has_more": len(files) > len(page),
        })

    async def retrieve(request: web.Request) -> web.Response:
        return json_response(get(request).to_json())

    async def delete(request: web.Request) -> web.Response:
        f = get(request)
        with state.lock:
            state.files.pop(f.id, None)
        return json_response({"id": f.id, "object": "file", "deleted": True})

    async def content(request: web.Request) -> web.Response:
        return web.Response(body=get(request).data, content_type="application/octet-stream")

    router.add_post("/v1/files", upload)
    router.add_get("/v1/files", list_files)
    router.add_get("/v1/files/{file_id}", retrieve)
    router.add_delete("/v1/files/{file_id}", delete)
    router.add_get("/v1/files/{file_id}/content", content)


DEFAULT_GROUPS: tuple[RouteGroup, ...] = (
    add_model_routes,
    add_chat_routes,
    add_completion_routes,
    add_embedding_routes,
    add_moderation_routes,
    add_file_routes,
)


# Control API and fault injection -------------------------------------------------------


def add_control_routes(router: web.UrlDispatcher, state: ServerState) -> None:
    async def script(request: web.Request) -> web.Response:
        body = await read_json(request)
        path = body.get("path")
        responses = body.get("responses")
        if not isinstance(path, str) or not isinstance(responses, list):
            return error_response(400, "expected {'path': str, 'responses': [...]}")
        try:
            state.add_script(str(body.get("method", "POST")), path, responses)
        except ControlError as e:
            return error_response(400, str(e))
        return json_response({"ok": True, "pending": state.pending_scripts()})

    async def requests(request: web.Request) -> web.Response:
        return json_response({"data": [r.to_json() for r in state.records()]})

    async def reset(request: web.Request) -> web.Response:
        state.reset(files=request.query.get("files") == "true")
        return json_response({"ok": True})

    router.add_post("/_control/script", script)
    router.add_get("/_control/requests", requests)
    router.add_post("/_control/reset", reset)


async def _wait(request: web.Request, seconds: float) -> None:
    """Sleep, but stop early once the client has gone away."""
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


async def _play(
    request: web.Request, resp: dict[str, Any],
    handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
) -> web.StreamResponse:
    if resp.get("delay"):
        await _wait(request, float(resp["delay"]))
    if resp.get("disconnect"):
        _abort(request)
        return web.Response(status=499)
    headers = {str(k): str(v) for k, v in (resp.get("headers") or {}).items()}
    status = int(resp.get("status", 200))
    if "sse" in resp:
        stream = await _start_sse(request, status, headers)
        delay = float(resp.get("chunk_delay", 0))
        for i, chunk in enumerate(resp["sse"]):
            if i and delay:
                await _wait(request, delay)
            await stream.write(chunk if isinstance(chunk, bytes) else str(chunk).encode())
        then = resp.get("then", "end")
        if then == "stall":
            await _wait(request, float(resp.get("stall_seconds", 30.0)))
        if then in ("disconnect", "stall"):
            _abort(request)
            return stream
        await stream.write_eof()
        return stream
    if "json" in resp:
        return json_response(resp["json"], status, headers)
    if "body" in resp:
        body = resp["body"]
        data = body if isinstance(body, bytes) else str(body).encode()
        out = web.Response(body=data, status=status, headers=headers)
        out.content_type = resp.get("content_type", "text/plain")
        return out
    if "raw_bytes_b64" in resp:
        out = web.Response(body=base64.b64decode(resp["raw_bytes_b64"]), status=status,
                           headers=headers)
        out.content_type = resp.get("content_type", "application/octet-stream")
        return out
    if "status" in resp:
        return web.Response(status=status, headers=headers)
    # Only a delay (or "pass"): answer normally.
    answer = await handler(request)
    for k, v in headers.items():
        answer.headers[k] = v
    return answer


def _middleware(state: ServerState) -> Any:
    counter = itertools.count(1)

    @web.middleware
    async def middleware(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        request_id = request[_REQUEST_ID] = f"req_mock{next(counter):06d}"
        if request.path.startswith("/_control/"):
            return await handler(request)
        body = await request.read()
        state.record(RecordedRequest(
            method=request.method,
            path=request.path,
            raw_path=request.rel_url.raw_path,
            query=tuple(request.query.items()),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=bytes(body),
        ))
        try:
            paths = {request.path, request.rel_url.raw_path}
            # A test can also name a route by its template: ids are made up by the server.
            resource = request.match_info.route.resource
            if resource is not None:
                paths.add(resource.canonical)
            scripted = state.take_script(request.method, paths)
            if scripted is not None:
                resp = await _play(request, scripted, handler)
            elif state.api_key is not None and (
                request.headers.get("Authorization") != f"Bearer {state.api_key}"
            ):
                resp = error_response(401, "Incorrect API key provided.",
                                      code="invalid_api_key")
            else:
                resp = await handler(request)
        except _BadRequest as e:
            resp = e.response
        except web.HTTPException as e:
            if e.status == 404:
                resp = error_response(404, f"Unknown request URL: {request.method} {request.path}.",
                                      code="unknown_url")
            elif e.status == 405:
                resp = error_response(
                    405, f"Method {request.method} not allowed on {request.path}."
                )
            else:
                raise
        if not resp.prepared and "x-request-id" not in resp.headers:
            resp.headers["x-request-id"] = request_id
        return resp

    return middleware


def load_route_modules() -> None:
    """Import every ``*_routes`` module of this package; each registers its groups.

    So every server (the CLI's too) serves every API group, whatever the caller imported.
    """
    package = __name__.rpartition(".")[0]
    for info in pkgutil.iter_modules([os.path.dirname(__file__)]):
        if info.name.endswith("_routes"):
            importlib.import_module(f"{package}.{info.name}")


def build_app(state: ServerState, groups: Iterable[RouteGroup] | None = None) -> web.Application:
    """The aiohttp application: control routes, then ``groups`` (default: every group).

    Every group is the built-in ones plus those of the ``*_routes`` modules and any other
    ``register_route_group`` call.
    """
    app = web.Application(middlewares=[_middleware(state)], client_max_size=_MAX_BODY)
    add_control_routes(app.router, state)
    if groups is None:
        load_route_modules()
        groups = (*DEFAULT_GROUPS, *_EXTRA_GROUPS)
    for group in groups:
        group(app.router, state)
    return app


# The server ----------------------------------------------------------------------------


class MockOpenAIServer:
    """The app served from a background thread with its own event loop.

    ``start()`` returns ``base_url`` (``http://127.0.0.1:<port>/v1``); ``stop()`` or leaving
    ``with`` shuts it down. Safe to use from sync code and from any event loop.
    """

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, *, api_key: str | None = None,
        groups: Iterable[RouteGroup] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.state = ServerState(api_key)
        self._groups = None if groups is None else tuple(groups)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._sock: socket.socket | None = None

    @property
    def url(self) -> str:
        """``http://host:port`` (no ``/v1``)."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The ``api_base`` for a client: ``http://host:port/v1``."""
        return self.url + "/v1"

    def _bind(self) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            raise
        self.port = int(sock.getsockname()[1])
        return sock

    async def _serve(self, sock: socket.socket) -> web.AppRunner:
        app = build_app(self.state, self._groups)
        # handler_cancellation: a client that hangs up stops its (possibly stalled) handler.
        runner = web.AppRunner(app, handler_cancellation=True, access_log=None,
                               shutdown_timeout=0.5)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        return runner

    def start(self) -> str:
        """Start serving in a background thread; returns ``base_url``."""
        if self._thread is not None:
            return self.base_url
        self._sock = sock = self._bind()
        loop = self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                self._runner = loop.run_until_complete(self._serve(sock))
            except BaseException as e:  # reported to start()'s caller
                failure.append(e)
                ready.set()
                return
            ready.set()
            loop.run_forever()

        self._thread = threading.Thread(target=run, name=f"mock-openai-{self.port}", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            loop.close()
            sock.close()
            raise failure[0]
        return self.base_url

    def stop(self) -> None:
        """Stop serving and free the port and the thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), loop).result(30)
            self._runner = None
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)

        async def _drain() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        loop.run_until_complete(_drain())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        self._loop = self._thread = None

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (``python -m openai_rs_port.testing``)."""
        sock = self._bind()

        async def main() -> None:
            runner = await self._serve(sock)
            try:
                await asyncio.Event().wait()
            finally:
                await runner.cleanup()

        try:
            asyncio.run(main())
        except KeyboardInterrupt:
            pass
        finally:
            sock.close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # Test helpers: the same process, so they use the state directly. -----------------

    def script(self, path: str, *responses: Mapping[str, Any], method: str = "POST") -> None:
        """Answer the next requests to ``method path`` with ``responses``, one each, in order.

        ``path`` is the full path (``/v1/chat/completions``); ``method="*"`` matches any.
        Keys of a response: ``status``, ``headers``, one body (``json``, ``body`` (text),
        ``raw_bytes_b64`` + ``content_type``, or ``sse``: a list of raw chunks, str or bytes),
        ``then`` for ``sse`` (``"end"``, ``"disconnect"``, ``"stall"`` + ``stall_seconds``),
        ``chunk_delay``, ``delay`` (seconds before answering; alone, the normal answer
        follows), ``disconnect`` (drop the connection without answering), ``pass`` (the
        normal answer; use it to let one request through).
        """
        self.state.add_script(method, path, responses)

    def requests(self, path: str | None = None) -> list[RecordedRequest]:
        """Requests received since the last reset (only those to ``path`` when given)."""
        recs = self.state.records()
        return recs if path is None else [r for r in recs if r.path == path]

    def reset(self, *, files: bool = False) -> None:
        """Drop scripts and records (and stored files with ``files=True``)."""
        self.state.reset(files=files)
