"""Batches: a JSONL file of requests in, an output (and error) file out.

A batch moves along the server's clock, one status a second (``validating``, then
``in_progress`` or ``failed``, ``finalizing``, ``completed``; ``cancelling``, then
``cancelled``). Each retrieve moves the clock a second (``Clock.poll_step``), so a client
that polls sees one status per retrieve. Each line of the input file is answered as the
live route answers it: chat and completions echo the last user text, embeddings return
the deterministic vectors.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..clock import StatusMachine, Step
from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record
from ..wire import json_response, read_json, require
from .chat import chat_completion
from .completions import completion
from .embeddings import embedding_list
from .files import new_file
from .responses import _response as response_answer

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["BATCH_ENDPOINTS", "Batch", "batch_machine", "routes"]

routes = RouteGroup("batches")

BATCH_ENDPOINTS = ("/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/responses")
FINAL = frozenset({"completed", "failed", "expired", "cancelled"})
_WINDOW = 86_400


@dataclass(kw_only=True, slots=True)
class Batch(Record):
    endpoint: str
    input_file_id: str
    completion_window: str
    metadata: dict[str, str] | None = None
    status: str = "validating"
    status_since: float = 0.0
    errors: list[dict[str, Any]] | None = None
    output_file_id: str | None = None
    error_file_id: str | None = None
    stamps: dict[str, int] = field(default_factory=dict)
    """``in_progress_at`` and the like, set as the batch enters each status."""
    request_counts: dict[str, int] = field(
        default_factory=lambda: {"total": 0, "completed": 0, "failed": 0})
    lines: list[dict[str, Any]] = field(default_factory=list)
    """The validated input lines (not on the wire)."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "object": "batch", "endpoint": self.endpoint,
            "input_file_id": self.input_file_id, "completion_window": self.completion_window,
            "status": self.status, "created_at": self.created_at,
            "expires_at": self.created_at + _WINDOW, **self.stamps,
            "request_counts": dict(self.request_counts), "metadata": self.metadata,
        }
        # The spec has no null for these: an unset one is left out.
        if self.errors is not None:
            out["errors"] = {"object": "list", "data": self.errors}
        if self.output_file_id is not None:
            out["output_file_id"] = self.output_file_id
        if self.error_file_id is not None:
            out["error_file_id"] = self.error_file_id
        return out


def _error(exc: ApiFailure) -> tuple[int, dict[str, Any]]:
    return exc.status, exc.to_json()


def _answer(state: ServerState, url: str, body: Any, n: int) -> tuple[int, dict[str, Any]]:
    # What the live route would answer: (status, body).
    if not isinstance(body, dict):
        return _error(ApiFailure(400, "The request body must be a JSON object."))
    try:
        if url == "/v1/embeddings":
            return 200, embedding_list(body)
        if url == "/v1/completions":
            require(body, "model", "prompt")
            return 200, completion(body, f"cmpl-batch{n:06d}")
        if url == "/v1/chat/completions":
            require(body, "model", "messages")
            return 200, chat_completion(body, f"chatcmpl-batch{n:06d}")
        if url == "/v1/responses":
            return 200, response_answer(state, body).body
    except ApiFailure as e:
        return _error(e)
    return _error(ApiFailure(404, f"Unknown request URL: POST {url}.", code="unknown_url"))


def _validate(batch: Batch, text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    # The input lines, and the errors that fail the batch.
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
        elif line.get("method") != "POST" or line.get("url") != batch.endpoint:
            errors.append({"code": "invalid_url", "line": number, "param": "url",
                           "message": f"The url must be {batch.endpoint} with method POST."})
        else:
            seen.add(line["custom_id"])
            lines.append(line)
    return lines, errors


def batch_machine(state: ServerState) -> StatusMachine[Batch]:
    """How batches move: the store of batches settles each one with it when read."""

    def validated(batch: Batch) -> str:
        stored = state.files.find(batch.input_file_id)
        lines, errors = _validate(batch, stored.data.decode("utf-8") if stored else "")
        if errors:
            batch.errors = errors
            return "failed"
        batch.lines = lines
        batch.request_counts = {"total": len(lines), "completed": 0, "failed": 0}
        return "in_progress"

    def jsonl(rows: list[dict[str, Any]]) -> bytes:
        return "".join(json.dumps(x, separators=(",", ":")) + "\n" for x in rows).encode()

    def finish(batch: Batch, at: int) -> None:
        outputs: list[dict[str, Any]] = []
        failures: list[dict[str, Any]] = []
        for n, line in enumerate(batch.lines, 1):
            status, body = _answer(state, batch.endpoint, line.get("body"), n)
            out = {"id": f"batch_req_{batch.id}_{n}", "custom_id": line["custom_id"],
                   "response": {"status_code": status, "request_id": f"req_batch{n:06d}",
                                "body": body},
                   "error": None}
            (outputs if status == 200 else failures).append(out)
        if outputs:
            batch.output_file_id = new_file(state, f"{batch.id}_output.jsonl", "batch_output",
                                            jsonl(outputs)).id
        if failures:
            batch.error_file_id = new_file(state, f"{batch.id}_error.jsonl", "batch_output",
                                           jsonl(failures)).id
        batch.request_counts = {"total": len(batch.lines), "completed": len(outputs),
                                "failed": len(failures)}
        stamp(batch, at, "completed")

    def stamp(batch: Batch, at: int, status: str) -> None:
        batch.stamps[f"{status}_at"] = at

    def stamper(status: str) -> Callable[[Batch, int], None]:
        return lambda batch, at: stamp(batch, at, status)

    return StatusMachine(
        {
            "validating": Step(validated),
            "in_progress": Step("finalizing"),
            "finalizing": Step("completed"),
            "cancelling": Step("cancelled"),
        },
        {
            "in_progress": stamper("in_progress"),
            "finalizing": stamper("finalizing"),
            "completed": finish,
            "failed": stamper("failed"),
            "cancelling": stamper("cancelling"),
            "cancelled": stamper("cancelled"),
        },
        clock=state.clock.time,
    )


@routes.post("/v1/batches")
async def create(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "input_file_id", "endpoint", "completion_window")
    if body["endpoint"] not in BATCH_ENDPOINTS:
        raise ApiFailure.invalid("endpoint", f"Invalid endpoint: {body['endpoint']!r}.")
    if body["completion_window"] != "24h":
        raise ApiFailure.invalid("completion_window", "completion_window must be '24h'.")
    stored = state.files.find(body["input_file_id"])
    if stored is None or stored.purpose != "batch":
        raise ApiFailure.invalid(
            "input_file_id",
            f"Invalid input_file_id: {body['input_file_id']!r} is not a file of purpose 'batch'.")
    batch = Batch(id=state.batches.new_id(), created_at=state.now(), endpoint=body["endpoint"],
                  input_file_id=body["input_file_id"], completion_window="24h",
                  metadata=body.get("metadata"))
    state.batch_machine.start(batch, "validating")
    state.batches.add(batch)
    return json_response(batch.to_json())


@routes.get("/v1/batches")
async def list_batches(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.batches.page(request.query).to_json())


@routes.get("/v1/batches/{batch_id}")
async def retrieve(request: web.Request, state: ServerState) -> web.StreamResponse:
    state.clock.poll()
    return json_response(state.batches.get(request.match_info["batch_id"]).to_json())


@routes.post("/v1/batches/{batch_id}/cancel")
async def cancel(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        batch = state.batches.get(request.match_info["batch_id"])
        if batch.status in FINAL:
            raise ApiFailure(409, f"Cannot cancel a batch with status '{batch.status}'.")
        state.batch_machine.move(batch, "cancelling")
    return json_response(batch.to_json())
