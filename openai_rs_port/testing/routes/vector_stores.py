"""Vector stores, their files and file batches, and search.

An attached file is processed along the server's clock (``in_progress`` 1 s, then
``completed``; a file with no text, or not found, ``failed``); a batch completes when its
files do. Each retrieve of a file or batch moves the clock a second. Search ranks the
chunks of completed files (one chunk per paragraph) by the share of the query's words they
contain, and filters on file attributes (``eq``, ``ne``, ``gt``, ``gte``, ``lt``, ``lte``,
``and``, ``or``). A file is attached to one vector store at a time here: its id is the file's.
A PDF's text is its uncompressed content streams' strings (``(...) Tj`` or ``'``), one line
each, an empty string a paragraph break; any other file is read as UTF-8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..clock import StatusMachine, Step
from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record
from ..wire import json_response, read_json, require

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = [
    "VectorStoreBatchRecord",
    "VectorStoreFileRecord",
    "VectorStoreRecord",
    "attach_file",
    "routes",
    "vector_store_file_machine",
]

routes = RouteGroup("vector_stores")

_AUTO = {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}}
_WORD = re.compile(r"\w+")


def _counts(files: list[VectorStoreFileRecord]) -> dict[str, int]:
    out = {s: sum(f.status == s for f in files) for s in ("in_progress", "completed", "failed", "cancelled")}
    out["total"] = len(files)
    return out


@dataclass(kw_only=True, slots=True)
class VectorStoreRecord(Record):
    name: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    expires_after: dict[str, Any] | None = None
    files: list[VectorStoreFileRecord] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        counts = _counts(self.files)
        return {"id": self.id, "object": "vector_store", "created_at": self.created_at,
                "name": self.name, "usage_bytes": sum(f.usage_bytes for f in self.files),
                "file_counts": counts,
                "status": "in_progress" if counts["in_progress"] else "completed",
                "expires_after": self.expires_after,
                "expires_at": None if self.expires_after is None
                else self.created_at + 86_400 * int(self.expires_after.get("days", 1)),
                "last_active_at": self.created_at, "metadata": self.metadata}


@dataclass(kw_only=True, slots=True)
class VectorStoreFileRecord(Record):
    vector_store_id: str
    text: str
    chunking_strategy: dict[str, Any]
    attributes: dict[str, Any] = field(default_factory=dict)
    filename: str = ""
    batch_id: str | None = None
    status: str = "in_progress"
    status_since: float = 0.0
    last_error: dict[str, Any] | None = None

    @property
    def usage_bytes(self) -> int:
        return len(self.text.encode()) if self.status == "completed" else 0

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "object": "vector_store.file", "usage_bytes": self.usage_bytes,
                "created_at": self.created_at, "vector_store_id": self.vector_store_id,
                "status": self.status, "last_error": self.last_error,
                "chunking_strategy": self.chunking_strategy, "attributes": self.attributes}


@dataclass(kw_only=True, slots=True)
class VectorStoreBatchRecord(Record):
    vector_store_id: str
    files: list[VectorStoreFileRecord]
    cancelled: bool = False

    def to_json(self) -> dict[str, Any]:
        counts = _counts(self.files)
        status = ("cancelled" if self.cancelled else "in_progress" if counts["in_progress"]
                  else "failed" if counts["failed"] == counts["total"] and counts["total"] else "completed")
        return {"id": self.id, "object": "vector_store.files_batch", "created_at": self.created_at,
                "vector_store_id": self.vector_store_id, "status": status, "file_counts": counts}


def vector_store_file_machine(state: ServerState) -> StatusMachine[VectorStoreFileRecord]:
    """How attached files move: ``in_progress`` 1 s, then ``completed`` or ``failed``."""

    def processed(f: VectorStoreFileRecord) -> str:
        if not f.text.strip():
            f.last_error = {"code": "invalid_file", "message": "The file has no text to index."}
            return "failed"
        return "completed"

    return StatusMachine({"in_progress": Step(processed)}, clock=state.clock.time)


def _chunking(body: dict[str, Any]) -> dict[str, Any]:
    strategy = body.get("chunking_strategy")
    if strategy is None or strategy.get("type") == "auto":
        return dict(_AUTO)
    if strategy.get("type") == "static" and isinstance(strategy.get("static"), dict):
        return {"type": "static", "static": dict(strategy["static"])}
    raise ApiFailure.invalid("chunking_strategy", "'chunking_strategy.type' must be 'auto' or 'static'.")


# A PDF string literal (balanced parentheses, backslash escapes) shown by Tj or '.
_PDF_SHOW = re.compile(rb"\(((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*)\)\s*(?:Tj|')")
_PDF_ESCAPE = re.compile(rb"\\(.)", re.S)


def _file_text(data: bytes) -> str:
    # What search indexes: a PDF's shown strings, one per line, else the bytes as UTF-8.
    if not data.startswith(b"%PDF"):
        return data.decode("utf-8", "replace")
    lines = [_PDF_ESCAPE.sub(rb"\1", m.group(1)).decode("latin-1") for m in _PDF_SHOW.finditer(data)]
    return "\n".join(lines)


def _attach(state: ServerState, store: VectorStoreRecord, file_id: Any, body: dict[str, Any],
            batch_id: str | None = None) -> VectorStoreFileRecord:
    stored = state.files.get(str(file_id))
    if stored.id in state.vector_store_files:
        raise ApiFailure.invalid("file_id", f"File {stored.id} is already attached to a vector store.")
    rec = VectorStoreFileRecord(
        id=stored.id, created_at=state.now(), vector_store_id=store.id,
        text=_file_text(stored.data), chunking_strategy=_chunking(body),
        attributes=dict(body.get("attributes") or {}), filename=stored.filename, batch_id=batch_id)
    state.vector_store_files.add(rec)
    state.vector_store_file_machine.start(rec, "in_progress")
    store.files.append(rec)
    return rec


def attach_file(state: ServerState, store: VectorStoreRecord, file_id: str) -> VectorStoreFileRecord:
    """Attach an uploaded file to ``store`` with the auto chunking, processed along the clock."""
    return _attach(state, store, file_id, {})


def _store(request: web.Request, state: ServerState) -> VectorStoreRecord:
    store = state.vector_stores.get(request.match_info["vector_store_id"])
    for f in store.files:
        state.vector_store_file_machine.settle(f)
    return store


@routes.post("/v1/vector_stores")
async def create_store(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    with state.lock:
        store = state.vector_stores.add(VectorStoreRecord(
            id=state.vector_stores.new_id(), created_at=state.now(), name=body.get("name"),
            metadata=dict(body.get("metadata") or {}), expires_after=body.get("expires_after")))
        for file_id in body.get("file_ids") or []:
            _attach(state, store, file_id, body)
    return json_response(store.to_json())


@routes.get("/v1/vector_stores")
async def list_stores(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.vector_stores.page(request.query).to_json())


@routes.get("/v1/vector_stores/{vector_store_id}")
async def retrieve_store(request: web.Request, state: ServerState) -> web.StreamResponse:
    state.clock.poll()
    return json_response(_store(request, state).to_json())


@routes.post("/v1/vector_stores/{vector_store_id}")
async def modify_store(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    with state.lock:
        store = _store(request, state)
        if "name" in body:
            store.name = body["name"]
        if "metadata" in body:
            store.metadata = dict(body["metadata"] or {})
        if "expires_after" in body:
            store.expires_after = body["expires_after"]
    return json_response(store.to_json())


@routes.delete("/v1/vector_stores/{vector_store_id}")
async def delete_store(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        store = state.vector_stores.delete(request.match_info["vector_store_id"])
        for f in store.files:
            state.vector_store_files.delete(f.id)
    return json_response({"id": store.id, "object": "vector_store.deleted", "deleted": True})


def _matches(flt: Any, attributes: dict[str, Any]) -> bool:
    kind = flt.get("type") if isinstance(flt, dict) else None
    if kind in ("and", "or"):
        results = [_matches(f, attributes) for f in flt.get("filters") or []]
        return all(results) if kind == "and" else any(results)
    if kind not in ("eq", "ne", "gt", "gte", "lt", "lte"):
        raise ApiFailure.invalid("filters", f"Unknown filter type: {kind!r}.")
    have, want = attributes.get(flt.get("key")), flt.get("value")
    if kind == "eq":
        return bool(have == want)
    if kind == "ne":
        return bool(have != want)
    try:
        return bool({"gt": have > want, "gte": have >= want, "lt": have < want,
                     "lte": have <= want}[kind])
    except TypeError:
        return False


def search_store(state: ServerState, store: VectorStoreRecord, queries: list[str], filters: Any = None,
                 threshold: float = 0.0) -> list[dict[str, Any]]:
    """The store's completed files that share words with ``queries``, best first: each with
    its score (the share of the query's words in its best chunk) and matching chunks."""
    words = {w.lower() for q in queries for w in _WORD.findall(q)}
    hits: list[dict[str, Any]] = []
    for f in store.files:
        state.vector_store_file_machine.settle(f)
        if f.status != "completed":
            continue
        if filters and not _matches(filters, f.attributes):
            continue
        chunks = [c.strip() for c in f.text.split("\n\n") if c.strip()]
        scored = [(len(words & {w.lower() for w in _WORD.findall(c)}) / max(1, len(words)), c)
                  for c in chunks]
        best = sorted(((s, c) for s, c in scored if s > 0 and s >= threshold), key=lambda x: -x[0])
        if best:
            hits.append({"file_id": f.id, "filename": f.filename, "score": round(best[0][0], 4),
                         "attributes": f.attributes,
                         "content": [{"type": "text", "text": c} for _, c in best]})
    hits.sort(key=lambda h: -h["score"])
    return hits


@routes.post("/v1/vector_stores/{vector_store_id}/search")
async def search(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "query")
    queries = body["query"] if isinstance(body["query"], list) else [body["query"]]
    limit = int(body.get("max_num_results") or 10)
    threshold = float((body.get("ranking_options") or {}).get("score_threshold") or 0.0)
    with state.lock:
        hits = search_store(state, _store(request, state), [str(q) for q in queries],
                            body.get("filters"), threshold)
    return json_response({"object": "vector_store.search_results.page",
                          "search_query": [str(q) for q in queries], "data": hits[:limit],
                          "has_more": len(hits) > limit, "next_page": None})


# ---------------------------------------------------------------- files


def _file(request: web.Request, state: ServerState) -> VectorStoreFileRecord:
    store = _store(request, state)
    f = state.vector_store_files.get(request.match_info["file_id"])
    if f.vector_store_id != store.id:
        raise ApiFailure(404, f"No file found with id '{f.id}' in vector store '{store.id}'.")
    return f


def _status_filter(request: web.Request) -> str | None:
    wanted = request.query.get("filter")
    if wanted is not None and wanted not in ("in_progress", "completed", "failed", "cancelled"):
        raise ApiFailure.invalid("filter", f"Invalid 'filter': {wanted!r}.")
    return wanted


@routes.post("/v1/vector_stores/{vector_store_id}/files")
async def create_file(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "file_id")
    with state.lock:
        return json_response(_attach(state, _store(request, state), body["file_id"], body).to_json())


@routes.get("/v1/vector_stores/{vector_store_id}/files")
async def list_files(request: web.Request, state: ServerState) -> web.StreamResponse:
    store = _store(request, state)
    wanted = _status_filter(request)
    page = state.vector_store_files.page(request.query, where=lambda f: f.vector_store_id == store.id and (
        wanted is None or f.status == wanted))
    return json_response(page.to_json())


@routes.get("/v1/vector_stores/{vector_store_id}/files/{file_id}")
async def retrieve_file(request: web.Request, state: ServerState) -> web.StreamResponse:
    state.clock.poll()
    return json_response(_file(request, state).to_json())


@routes.delete("/v1/vector_stores/{vector_store_id}/files/{file_id}")
async def delete_file(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        f = _file(request, state)
        state.vector_store_files.delete(f.id)
        store = state.vector_stores.get(f.vector_store_id)
        store.files = [x for x in store.files if x.id != f.id]
    return json_response({"id": f.id, "object": "vector_store.file.deleted", "deleted": True})


@routes.get("/v1/vector_stores/{vector_store_id}/files/{file_id}/content")
async def file_content(request: web.Request, state: ServerState) -> web.StreamResponse:
    f = _file(request, state)
    return json_response({"object": "vector_store.file_content.page",
                          "data": [{"type": "text", "text": f.text}], "has_more": False, "next_page": None})


# ---------------------------------------------------------------- file batches


def _batch(request: web.Request, state: ServerState) -> VectorStoreBatchRecord:
    store = _store(request, state)
    batch = state.vector_store_batches.get(request.match_info["batch_id"])
    if batch.vector_store_id != store.id:
        raise ApiFailure(404, f"No file batch found with id '{batch.id}'.")
    return batch


@routes.post("/v1/vector_stores/{vector_store_id}/file_batches")
async def create_batch(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "file_ids")
    if not isinstance(body["file_ids"], list) or not body["file_ids"]:
        raise ApiFailure.invalid("file_ids", "'file_ids' must be a list of 1 to 500 file ids.")
    with state.lock:
        store = _store(request, state)
        batch_id = state.vector_store_batches.new_id()
        files = [_attach(state, store, fid, body, batch_id) for fid in body["file_ids"]]
        batch = state.vector_store_batches.add(VectorStoreBatchRecord(
            id=batch_id, created_at=state.now(), vector_store_id=store.id, files=files))
    return json_response(batch.to_json())


@routes.get("/v1/vector_stores/{vector_store_id}/file_batches/{batch_id}")
async def retrieve_batch(request: web.Request, state: ServerState) -> web.StreamResponse:
    state.clock.poll()
    with state.lock:
        batch = _batch(request, state)
        for f in batch.files:
            state.vector_store_file_machine.settle(f)
        return json_response(batch.to_json())


@routes.post("/v1/vector_stores/{vector_store_id}/file_batches/{batch_id}/cancel")
async def cancel_batch(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        batch = _batch(request, state)
        batch.cancelled = True
        for f in batch.files:
            state.vector_store_file_machine.settle(f)
            if f.status == "in_progress":
                state.vector_store_file_machine.move(f, "cancelled")
    return json_response(batch.to_json())


@routes.get("/v1/vector_stores/{vector_store_id}/file_batches/{batch_id}/files")
async def list_batch_files(request: web.Request, state: ServerState) -> web.StreamResponse:
    batch = _batch(request, state)
    wanted = _status_filter(request)
    page = state.vector_store_files.page(request.query, where=lambda f: f.batch_id == batch.id and (
        wanted is None or f.status == wanted))
    return json_response(page.to_json())
