"""Uploads and Batches routes for the local server.

Importing this module registers both groups (``register_route_group``) for every
server started afterwards.

Uploads behave as OpenAI's: parts of at most 64 MB, completion checks the part ids,
the byte count and the optional md5, and yields a File stored with the Files routes.
Only uploads of at most ``KEEP_LIMIT`` bytes keep their bytes; larger ones keep each
part's size and sha256 only (memory stays flat however much is sent), so their File
is answered by ``complete`` but not stored, and their md5 is not checked.

Batches move one status further on every retrieve (``validating``, ``in_progress``,
``finalizing``, ``completed``), so polling is exercised. Each line of the input file
is answered like the local server answers it live: chat and completions echo the
last user text, embeddings return the deterministic vectors.

Scripts (``server.script``) given for a route's template path, such as
``/v1/uploads/{upload_id}/parts``, apply to every upload.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from .server import (
    CREATED,
    ServerState,
    StoredFile,
    embedding_vector,
    error_response,
    json_response,
    read_json,
    read_multipart,
    register_route_group,
)

__all__ = [
    "KEEP_LIMIT",
    "MAX_PART",
    "BatchStore",
    "UploadStore",
    "add_batch_routes",
    "add_upload_routes",
    "batches_of",
    "uploads_of",
]

MAX_PART = 64 * 1024 * 1024
MAX_UPLOAD = 8 * 1024 * 1024 * 1024
KEEP_LIMIT = 64 * 1024 * 1024
"""Uploads up to this size keep their bytes (and become downloadable Files)."""

UPLOAD_PURPOSES = ("assistants", "batch", "fine-tune", "vision")
PARTS_TEMPLATE = "/v1/uploads/{upload_id}/parts"



# Uploads -------------------------------------------------------------------------------


@dataclass(slots=True)
class Part:
    id: str
    size: int
    sha256: str
    data: bytes | None


@dataclass(slots=True)
class UploadRecord:
    id: str
    filename: str
    purpose: str
    bytes: int
    mime_type: str
    created_at: int
    status: str = "pending"
    parts: dict[str, Part] = field(default_factory=dict)
    file: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "object": "upload", "bytes": self.bytes, "created_at": self.created_at,
            "filename": self.filename, "purpose": self.purpose, "status": self.status,
            "expires_at": self.created_at + 3600, "file": self.file,
        }


class UploadStore:
    """The uploads a server holds, plus knobs and counters for tests.

    ``part_delay`` holds every part request that long (inside the handler), and
    ``max_in_flight`` is the most part requests handled at the same time.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.uploads: dict[str, UploadRecord] = {}
        self.part_delay = 0.0
        self.in_flight = 0
        self.max_in_flight = 0

    def reset(self) -> None:
        self.uploads.clear()
        self.part_delay = 0.0
        self.in_flight = self.max_in_flight = 0


def uploads_of(state: ServerState) -> UploadStore:
    """The upload store of a server's state (created on first use)."""
    store = getattr(state, "uploads", None)
    if store is None:
        store = UploadStore()
        state.uploads = store  # type: ignore[attr-defined]
    return store


def _upload_error(message: str, status: int = 400, param: str | None = None) -> web.Response:
    return error_response(status, message, param=param)


async def _read_part(request: web.Request, keep: bool) -> tuple[int, str, bytes | None] | web.Response:
    """Size, sha256 and (when ``keep``) the bytes of the ``data`` field of a part."""
    missing = _upload_error("Missing required parameter: 'data'.", param="data")
    too_big = _upload_error("A part can be at most 64 MB.", param="data")
    if request.content.at_eof():
        # The recording middleware has read the whole body already: parse those bytes.
        form = await read_multipart(request)
        if "data" not in form:
            return missing
        data = form["data"][1]
        if len(data) > MAX_PART:
            return too_big
        return len(data), hashlib.sha256(data).hexdigest(), data if keep else None
    # Unread (an app without the middleware): stream it, holding one block at a time.
    reader = await request.multipart()
    while (field := await reader.next()) is not None:
        if not isinstance(field, BodyPartReader) or field.name != "data":
            await field.release()
            continue
        digest = hashlib.sha256()
        size = 0
        blocks: list[bytes] = []
        while block := await field.read_chunk(1 << 20):
            size += len(block)
            if size > MAX_PART:
                return too_big
            digest.update(block)
            if keep:
                blocks.append(block)
        return size, digest.hexdigest(), b"".join(blocks) if keep else None
    return missing


def add_upload_routes(router: web.UrlDispatcher, state: ServerState) -> None:
    store = uploads_of(state)

    def find(request: web.Request) -> UploadRecord | web.Response:
        upload_id = request.match_info["upload_id"]
        with store.lock:
            upload = store.uploads.get(upload_id)
        if upload is None:
            return _upload_error(f"No such upload: '{upload_id}'", 404)
        return upload

    async def create(request: web.Request) -> web.Response:
        body = await read_json(request)
        for name in ("filename", "purpose", "bytes", "mime_type"):
            if body.get(name) is None:
                return _upload_error(f"Missing required parameter: '{name}'.", param=name)
        size = body["bytes"]
        if type(size) is not int or not 0 <= size <= MAX_UPLOAD:
            return _upload_error("'bytes' must be an integer between 0 and 8 GB.", param="bytes")
        if body["purpose"] not in UPLOAD_PURPOSES:
            return _upload_error(f"Invalid purpose: {body['purpose']!r}.", param="purpose")
        upload = UploadRecord(
            id=state.next_id("upload"), filename=str(body["filename"]), purpose=body["purpose"],
            bytes=size, mime_type=str(body["mime_type"]), created_at=CREATED,
        )
        with store.lock:
            store.uploads[upload.id] = upload
        return json_response(upload.to_json())

    async def add_part(request: web.Request) -> web.Response:
        store.in_flight += 1
        store.max_in_flight = max(store.max_in_flight, store.in_flight)
        try:
            if store.part_delay:
                await asyncio.sleep(store.part_delay)
            found = find(request)
            if isinstance(found, web.Response):
                return found
            got = await _read_part(request, keep=found.bytes <= KEEP_LIMIT)
            if isinstance(got, web.Response):
                return got
            part = Part(state.next_id("part"), *got)
            with store.lock:
                if found.status != "pending":
                    return _upload_error(f"Upload {found.id} is already {found.status}.")
                found.parts[part.id] = part
            return json_response({"id": part.id, "object": "upload.part", "created_at": CREATED,
                                  "upload_id": found.id})
        finally:
            store.in_flight -= 1

    async def complete(request: web.Request) -> web.Response:
        found = find(request)
        if isinstance(found, web.Response):
            return found
        body = await read_json(request)
        part_ids = body.get("part_ids")
        if not isinstance(part_ids, list) or not all(isinstance(p, str) for p in part_ids):
            return _upload_error("'part_ids' must be a list of part ids.", param="part_ids")
        fid = state.next_id("file")
        with store.lock:
            if found.status != "pending":
                return _upload_error(f"Upload {found.id} is already {found.status}.")
            unknown = [p for p in part_ids if p not in found.parts]
            if unknown:
                return _upload_error(f"Unknown part id(s) for this upload: {unknown}.",
                                     param="part_ids")
            if len(set(part_ids)) != len(part_ids):
                return _upload_error("A part id is listed twice.", param="part_ids")
            parts = [found.parts[p] for p in part_ids]
            total = sum(p.size for p in parts)
            if total != found.bytes:
                return _upload_error(
                    f"The parts hold {total} bytes but the upload was created for {found.bytes}.",
                    param="part_ids")
            data = b"".join(p.data or b"" for p in parts) if found.bytes <= KEEP_LIMIT else None
            md5 = body.get("md5")
            if md5 is not None and data is not None and hashlib.md5(data).hexdigest() != md5:
                return _upload_error("The md5 checksum does not match the uploaded bytes.",
                                     param="md5")
            if data is not None:
                stored = StoredFile(fid, found.filename, found.purpose, data, CREATED + int(fid[-6:]))
                with state.lock:
                    state.files[fid] = stored
                found.file = stored.to_json()
            else:
                found.file = {
                    "id": fid, "object": "file", "bytes": found.bytes, "created_at": CREATED,
                    "filename": found.filename, "purpose": found.purpose, "status": "processed",
                    "status_details": None,
                }
            found.status = "completed"
            for p in parts:
                p.data = None
        return json_response(found.to_json())

    async def cancel(request: web.Request) -> web.Response:
        found = find(request)
        if isinstance(found, web.Response):
            return found
        with store.lock:
            if found.status == "completed":
                return _upload_error(f"Upload {found.id} is already completed.")
            found.status = "cancelled"
            found.parts.clear()
        return json_response(found.to_json())

    router.add_post("/v1/uploads", create)
    router.add_post(PARTS_TEMPLATE, add_part)
    router.add_post("/v1/uploads/{upload_id}/complete", complete)
    router.add_post("/v1/uploads/{upload_id}/cancel", cancel)


# Batches -------------------------------------------------------------------------------

BATCH_ENDPOINTS = ("/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/responses")
_STEPS = {"validating": "in_progress", "in_progress": "finalizing", "finalizing": "completed",
          "cancelling": "cancelled"}
_FINAL = ("completed", "failed", "expired", "cancelled")


class BatchStore:
    """The batches a server holds, in creation order."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.batches: dict[str, dict[str, Any]] = {}


def batches_of(state: ServerState) -> BatchStore:
    """The batch store of a server's state (created on first use)."""
    store = getattr(state, "batches", None)
    if store is None:
        store = BatchStore()
        state.batches = store  # type: ignore[attr-defined]
    return store


def _user_text(messages: Any) -> str:
    for m in reversed(messages if isinstance(messages, list) else []):
        if isinstance(m, dict) and m.get("role") == "user":
            content = m.get("content")
            if isinstance(content, list):
                return "".join(p.get("text", "") for p in content if isinstance(p, dict))
            return content if isinstance(content, str) else ""
    return ""


def _answer(url: str, body: Any, n: int) -> tuple[int, dict[str, Any]]:
    """What the live route would answer: (status, body)."""
    if not isinstance(body, dict) or not body.get("model"):
        return 400, {"error": {"message": "Missing required parameter: 'model'.",
                               "type": "invalid_request_error", "param": "model", "code": None}}
    model = body["model"]
    if url == "/v1/embeddings":
        inputs = body.get("input")
        texts = [inputs] if isinstance(inputs, str) else inputs if isinstance(inputs, list) else []
        dims = body.get("dimensions") or 8
        return 200, {"object": "list", "model": model,
                     "data": [{"object": "embedding", "index": i,
                               "embedding": embedding_vector(str(t), dims)}
                              for i, t in enumerate(texts)],
                     "usage": {"prompt_tokens": len(texts), "total_tokens": len(texts)}}
    if url == "/v1/completions":
        prompt = body.get("prompt")
        text = prompt if isinstance(prompt, str) else ""
        return 200, {"id": f"cmpl-batch{n:06d}", "object": "text_completion", "created": CREATED,
                     "model": model, "choices": [{"text": f"Echo: {text}", "index": 0,
                                                  "logprobs": None, "finish_reason": "stop"}]}
    if url == "/v1/chat/completions":
        if not isinstance(body.get("messages"), list):
            return 400, {"error": {"message": "Missing required parameter: 'messages'.",
                                   "type": "invalid_request_error", "param": "messages",
                                   "code": None}}
        answer = f"Echo: {_user_text(body['messages'])}"
        return 200, {"id": f"chatcmpl-batch{n:06d}", "object": "chat.completion",
                     "created": CREATED, "model": model,
                     "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                                  "message": {"role": "assistant", "content": answer,
                                              "refusal": None}}]}
    return 404, {"error": {"message": f"Unknown request URL: POST {url}.",
                           "type": "invalid_request_error", "param": None, "code": "unknown_url"}}


def _validate(batch: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """The input lines, or raises ValueError with the batch errors."""
    lines: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except ValueError:
            errors.append({"code": "invalid_json_line", "line": number, "param": None,
                           "message": "This line is not parseable as valid JSON."})
            continue
        if not isinstance(line, dict) or not isinstance(line.get("custom_id"), str):
            errors.append({"code": "missing_required_parameter", "line": number,
                           "param": "custom_id", "message": "Missing 'custom_id'."})
        elif line["custom_id"] in seen:
            errors.append({"code": "duplicate_custom_id", "line": number, "param": "custom_id",
                           "message": f"The custom_id {line['custom_id']!r} is not unique."})
        elif line.get("method") != "POST" or line.get("url") != batch["endpoint"]:
            errors.append({"code": "invalid_url", "line": number, "param": "url",
                           "message": f"The url must be {batch['endpoint']} with method POST."})
        else:
            seen.add(line["custom_id"])
            lines.append(line)
    if errors:
        raise ValueError(errors)
    return lines


def add_batch_routes(router: web.UrlDispatcher, state: ServerState) -> None:
    store = batches_of(state)

    def store_file(filename: str, purpose: str, lines: list[dict[str, Any]]) -> str:
        fid = state.next_id("file")
        data = "".join(json.dumps(x, separators=(",", ":")) + "\n" for x in lines).encode()
        with state.lock:
            state.files[fid] = StoredFile(fid, filename, purpose, data, CREATED + int(fid[-6:]))
        return fid

    def finish(batch: dict[str, Any], lines: list[dict[str, Any]]) -> None:
        outputs: list[dict[str, Any]] = []
        failures: list[dict[str, Any]] = []
        for n, line in enumerate(lines, 1):
            status, body = _answer(batch["endpoint"], line.get("body"), n)
            out = {"id": f"batch_req_{batch['id']}_{n}", "custom_id": line["custom_id"],
                   "response": {"status_code": status, "request_id": f"req_batch{n:06d}",
                                "body": body},
                   "error": None}
            (outputs if status == 200 else failures).append(out)
        if outputs:
            batch["output_file_id"] = store_file(f"{batch['id']}_output.jsonl", "batch_output",
                                                 outputs)
        if failures:
            batch["error_file_id"] = store_file(f"{batch['id']}_error.jsonl", "batch_output",
                                                failures)
        batch["request_counts"] = {"total": len(lines), "completed": len(outputs),
                                   "failed": len(failures)}

    def step(batch: dict[str, Any]) -> None:
        status = batch["status"]
        new = _STEPS.get(status)
        if new is None:
            return
        batch["_steps"] = stamp = batch.get("_steps", CREATED) + 1
        if status == "validating":
            with state.lock:
                stored = state.files.get(batch["input_file_id"])
            try:
                lines = _validate(batch, stored.data.decode("utf-8") if stored else "")
            except ValueError as e:
                batch.update(status="failed", failed_at=stamp,
                             errors={"object": "list", "data": e.args[0]})
                return
            batch["_lines"] = lines
            batch["request_counts"] = {"total": len(lines), "completed": 0, "failed": 0}
        if new == "completed":
            finish(batch, batch["_lines"])
        batch["status"] = new
        batch[f"{new}_at"] = stamp

    def public(batch: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in batch.items() if not k.startswith("_")}

    def find(request: web.Request) -> dict[str, Any] | web.Response:
        batch_id = request.match_info["batch_id"]
        batch = store.batches.get(batch_id)
        if batch is None:
            return error_response(404, f"No batch found with id '{batch_id}'.")
        return batch

    async def create(request: web.Request) -> web.Response:
        body = await read_json(request)
        for name in ("input_file_id", "endpoint", "completion_window"):
            if body.get(name) is None:
                return error_response(400, f"Missing required parameter: '{name}'.", param=name)
        if body["endpoint"] not in BATCH_ENDPOINTS:
            return error_response(400, f"Invalid endpoint: {body['endpoint']!r}.", param="endpoint")
        if body["completion_window"] != "24h":
            return error_response(400, "completion_window must be '24h'.",
                                  param="completion_window")
        with state.lock:
            stored = state.files.get(body["input_file_id"])
        if stored is None or stored.purpose != "batch":
            return error_response(
                400, f"Invalid input_file_id: {body['input_file_id']!r} is not a file of "
                "purpose 'batch'.", param="input_file_id")
        bid = state.next_id("batch")
        with store.lock:
            batch: dict[str, Any] = {
                "id": bid, "object": "batch", "endpoint": body["endpoint"], "errors": None,
                "input_file_id": body["input_file_id"], "completion_window": "24h",
                "status": "validating", "output_file_id": None, "error_file_id": None,
                "created_at": CREATED, "in_progress_at": None, "expires_at": CREATED + 86400,
                "finalizing_at": None, "completed_at": None, "failed_at": None,
                "expired_at": None, "cancelling_at": None, "cancelled_at": None,
                "request_counts": {"total": 0, "completed": 0, "failed": 0},
                "metadata": body.get("metadata"),
            }
            store.batches[bid] = batch
            return json_response(public(batch))

    async def retrieve(request: web.Request) -> web.Response:
        with store.lock:
            found = find(request)
            if isinstance(found, web.Response):
                return found
            step(found)
            return json_response(public(found))

    async def cancel(request: web.Request) -> web.Response:
        with store.lock:
            found = find(request)
            if isinstance(found, web.Response):
                return found
            if found["status"] in _FINAL:
                return error_response(
                    409, f"Cannot cancel a batch with status '{found['status']}'.")
            found["status"] = "cancelling"
            found["cancelling_at"] = CREATED + 1
            return json_response(public(found))

    async def list_batches(request: web.Request) -> web.Response:
        q = request.query
        with store.lock:
            batches = [public(b) for b in reversed(store.batches.values())]
        if "after" in q:
            ids = [b["id"] for b in batches]
            batches = batches[ids.index(q["after"]) + 1:] if q["after"] in ids else []
        try:
            limit = int(q.get("limit", "20"))
        except ValueError:
            return error_response(400, "'limit' must be an integer.", param="limit")
        page = batches[: max(1, min(limit, 100))]
        return json_response({
            "object": "list", "data": page,
            "first_id": page[0]["id"] if page else None,
            "last_id": page[-1]["id"] if page else None,
            "has_more": len(batches) > len(page),
        })

    router.add_post("/v1/batches", create)
    router.add_get("/v1/batches", list_batches)
    router.add_get("/v1/batches/{batch_id}", retrieve)
    router.add_post("/v1/batches/{batch_id}/cancel", cancel)


register_route_group(add_upload_routes)
register_route_group(add_batch_routes)
