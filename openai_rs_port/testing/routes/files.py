"""Files: upload (multipart), list (paginated, by purpose), retrieve, delete, content."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record
from ..wire import json_response, read_form

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["FILE_PURPOSES", "File", "routes"]

routes = RouteGroup("files")

FILE_PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")
"""The purposes a client may upload with; the server itself writes the ``*_output`` and
``fine-tune-results`` ones."""


@dataclass(kw_only=True, slots=True)
class File(Record):
    filename: str
    purpose: str
    data: bytes
    size: int | None = None
    """The byte count, when ``data`` was not kept (an upload too large to hold)."""

    @property
    def bytes(self) -> int:
        return len(self.data) if self.size is None else self.size

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "object": "file", "bytes": self.bytes, "created_at": self.created_at,
            "filename": self.filename, "purpose": self.purpose, "status": "processed",
        }


def new_file(state: ServerState, filename: str, purpose: str, data: bytes) -> File:
    """Store a file (as the server does for batch outputs and fine-tuning results)."""
    return state.files.add(File(id=state.files.new_id(), created_at=state.now(),
                                filename=filename, purpose=purpose, data=data))


@routes.post("/v1/files")
async def upload(request: web.Request, state: ServerState) -> web.StreamResponse:
    form = await read_form(request)
    files = form.files("file")
    if not files:
        raise ApiFailure.missing("file")
    purpose = form.text("purpose", required=True) or ""
    if not purpose:
        raise ApiFailure.missing("purpose")
    if purpose not in FILE_PURPOSES:
        raise ApiFailure.invalid("purpose", f"Invalid purpose: {purpose!r}.")
    stored = new_file(state, files[0].filename or "file", purpose, files[0].data)
    return json_response(stored.to_json())


@routes.get("/v1/files")
async def list_files(request: web.Request, state: ServerState) -> web.StreamResponse:
    purpose = request.query.get("purpose")
    page = state.files.page(
        request.query, where=None if purpose is None else lambda f: f.purpose == purpose,
        default_limit=10_000, max_limit=10_000,
    )
    return json_response(page.to_json())


@routes.get("/v1/files/{file_id}")
async def retrieve(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.files.get(request.match_info["file_id"]).to_json())


@routes.delete("/v1/files/{file_id}")
async def delete(request: web.Request, state: ServerState) -> web.StreamResponse:
    f = state.files.delete(request.match_info["file_id"])
    return json_response({"id": f.id, "object": "file", "deleted": True})


@routes.get("/v1/files/{file_id}/content")
async def content(request: web.Request, state: ServerState) -> web.StreamResponse:
    return web.Response(body=state.files.get(request.match_info["file_id"]).data,
                        content_type="application/octet-stream")
