"""Uploads: create, add parts, complete into a File, cancel.

They behave as OpenAI's: parts of at most 64 MB, completion checks the part ids, the
byte count and the optional md5, and yields a File in the files store. Only uploads of
at most ``KEEP_LIMIT`` bytes keep their bytes; larger ones keep each part's size and
sha256 only (memory stays flat however much is sent), so their File is answered by
``complete`` but not stored, and their md5 is not checked. A pending upload expires an
hour (of the server's clock) after it was created.

A script given for a route's template path, such as ``PARTS_TEMPLATE``, applies to
every upload.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record, Store, StoreHost
from ..wire import json_response, read_form, read_json, require
from .files import File, new_file

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = [
    "KEEP_LIMIT",
    "MAX_PART",
    "PARTS_TEMPLATE",
    "Part",
    "Upload",
    "UploadStore",
    "routes",
]

routes = RouteGroup("uploads")

MAX_PART = 64 * 1024 * 1024
MAX_UPLOAD = 8 * 1024 * 1024 * 1024
KEEP_LIMIT = 64 * 1024 * 1024
"""Uploads up to this size keep their bytes (and become downloadable Files)."""

UPLOAD_PURPOSES = ("assistants", "batch", "fine-tune", "vision")
PARTS_TEMPLATE = "/v1/uploads/{upload_id}/parts"
_LIFETIME = 3600


@dataclass(slots=True)
class Part:
    id: str
    size: int
    sha256: str
    data: bytes | None


@dataclass(kw_only=True, slots=True)
class Upload(Record):
    filename: str
    purpose: str
    bytes: int
    mime_type: str
    status: str = "pending"
    parts: dict[str, Part] = field(default_factory=dict)
    file: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "object": "upload", "bytes": self.bytes, "created_at": self.created_at,
            "filename": self.filename, "purpose": self.purpose, "status": self.status,
            "expires_at": self.created_at + _LIFETIME, "file": self.file,
        }


class UploadStore(Store[Upload]):
    """The uploads, plus knobs and counters for tests.

    ``part_delay`` holds every part request that long (inside the handler), and
    ``max_in_flight`` is the most part requests handled at the same time; ``clear()``
    (the server's reset) zeroes them.
    """

    def __init__(self, host: StoreHost) -> None:
        super().__init__(host, "upload", "No such upload: '{id}'", on_read=self._expire)
        self._now = host.now
        self.part_delay = 0.0
        self.in_flight = 0
        self.max_in_flight = 0

    def _expire(self, upload: Upload) -> None:
        if upload.status == "pending" and self._now() >= upload.created_at + _LIFETIME:
            upload.status = "expired"
            upload.parts.clear()

    def clear(self) -> None:
        super().clear()
        self.part_delay = 0.0
        self.in_flight = self.max_in_flight = 0


def _not_pending(upload: Upload) -> ApiFailure:
    return ApiFailure(400, f"Upload {upload.id} is already {upload.status}.")


async def _read_part(request: web.Request, keep: bool) -> tuple[int, str, bytes | None]:
    # Size, sha256 and (when ``keep``) the bytes of the ``data`` field of a part.
    too_big = ApiFailure.invalid("data", "A part can be at most 64 MB.")
    if request.content.at_eof():
        # The recording middleware has read the whole body already: parse those bytes.
        parts = [p for p in await read_form(request) if p.name == "data"]
        if not parts:
            raise ApiFailure.missing("data")
        data = parts[0].data
        if len(data) > MAX_PART:
            raise too_big
        return len(data), hashlib.sha256(data).hexdigest(), data if keep else None
    # Unread (a server that does not record): stream it, holding one block at a time.
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name != "data":
            await part.release()
            continue
        digest = hashlib.sha256()
        size = 0
        blocks: list[bytes] = []
        while block := await part.read_chunk(1 << 20):
            size += len(block)
            if size > MAX_PART:
                raise too_big
            digest.update(block)
            if keep:
                blocks.append(block)
        return size, digest.hexdigest(), b"".join(blocks) if keep else None
    raise ApiFailure.missing("data")


@routes.post("/v1/uploads")
async def create(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "filename", "purpose", "bytes", "mime_type")
    size = body["bytes"]
    if type(size) is not int or not 0 <= size <= MAX_UPLOAD:
        raise ApiFailure.invalid("bytes", "'bytes' must be an integer between 0 and 8 GB.")
    if body["purpose"] not in UPLOAD_PURPOSES:
        raise ApiFailure.invalid("purpose", f"Invalid purpose: {body['purpose']!r}.")
    upload = state.uploads.add(Upload(
        id=state.uploads.new_id(), created_at=state.now(), filename=str(body["filename"]),
        purpose=body["purpose"], bytes=size, mime_type=str(body["mime_type"]),
    ))
    return json_response(upload.to_json())


@routes.post(PARTS_TEMPLATE)
async def add_part(request: web.Request, state: ServerState) -> web.StreamResponse:
    store = state.uploads
    store.in_flight += 1
    store.max_in_flight = max(store.max_in_flight, store.in_flight)
    try:
        if store.part_delay:
            await asyncio.sleep(store.part_delay)
        upload = store.get(request.match_info["upload_id"])
        size, sha256, data = await _read_part(request, keep=upload.bytes <= KEEP_LIMIT)
        part = Part(state.next_id("part"), size, sha256, data)
        with state.lock:
            if upload.status != "pending":
                raise _not_pending(upload)
            upload.parts[part.id] = part
        return json_response({"id": part.id, "object": "upload.part",
                              "created_at": state.now(), "upload_id": upload.id})
    finally:
        store.in_flight -= 1


@routes.post("/v1/uploads/{upload_id}/complete")
async def complete(request: web.Request, state: ServerState) -> web.StreamResponse:
    upload = state.uploads.get(request.match_info["upload_id"])
    body = await read_json(request)
    part_ids = body.get("part_ids")
    if not isinstance(part_ids, list) or not all(isinstance(p, str) for p in part_ids):
        raise ApiFailure.invalid("part_ids", "'part_ids' must be a list of part ids.")
    with state.lock:
        if upload.status != "pending":
            raise _not_pending(upload)
        unknown = [p for p in part_ids if p not in upload.parts]
        if unknown:
            raise ApiFailure.invalid("part_ids", f"Unknown part id(s) for this upload: {unknown}.")
        if len(set(part_ids)) != len(part_ids):
            raise ApiFailure.invalid("part_ids", "A part id is listed twice.")
        parts = [upload.parts[p] for p in part_ids]
        total = sum(p.size for p in parts)
        if total != upload.bytes:
            raise ApiFailure.invalid(
                "part_ids",
                f"The parts hold {total} bytes but the upload was created for {upload.bytes}.")
        data = b"".join(p.data or b"" for p in parts) if upload.bytes <= KEEP_LIMIT else None
        md5 = body.get("md5")
        if md5 is not None and data is not None and hashlib.md5(data).hexdigest() != md5:
            raise ApiFailure.invalid("md5", "The md5 checksum does not match the uploaded bytes.")
        if data is not None:
            stored = new_file(state, upload.filename, upload.purpose, data)
        else:
            stored = File(id=state.files.new_id(), created_at=state.now(),
                          filename=upload.filename, purpose=upload.purpose, data=b"",
                          size=upload.bytes)
        upload.file = stored.to_json()
        upload.status = "completed"
        for p in parts:
            p.data = None
    return json_response(upload.to_json())


@routes.post("/v1/uploads/{upload_id}/cancel")
async def cancel(request: web.Request, state: ServerState) -> web.StreamResponse:
    upload = state.uploads.get(request.match_info["upload_id"])
    with state.lock:
        if upload.status == "completed":
            raise ApiFailure(400, f"Upload {upload.id} is already completed.")
        upload.status = "cancelled"
        upload.parts.clear()
    return json_response(upload.to_json())
