"""Images: generations, edits and variations, and the generated files they link to.

* ``POST /v1/images/generations`` draws ``n`` small PNGs from the prompt
  (``image_bytes(prompt, i)``). ``response_format=url`` (the default, except for
  gpt-image-1) answers URLs that point back at this server, ``/media/images/{name}``,
  where ``GET`` serves them.
* ``POST /v1/images/edits`` and ``/v1/images/variations`` answer the uploaded images
  themselves (``image``, or each ``image[]`` in turn), ``n`` of them: a saved result
  must equal what was sent.
"""

from __future__ import annotations

import base64
import hashlib
import struct
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..clock import CREATED
from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record
from ..wire import json_response, read_form, read_json

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["Image", "image_bytes", "routes"]

routes = RouteGroup("images")


@dataclass(kw_only=True, slots=True)
class Image(Record):
    """A generated image served at ``/media/images/{id}``."""

    data: bytes

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "bytes": len(self.data)}


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def image_bytes(prompt: str, index: int, size: int = 8) -> bytes:
    """The PNG generated for ``prompt`` (the ``index``-th of a request): a valid image file."""
    seed = hashlib.sha256(f"{index}:{prompt}".encode()).digest()
    rows = b"".join(
        b"\x00" + bytes(seed[(x + y) % 32] ^ (c * 85) for x in range(size) for c in range(3))
        for y in range(size)
    )
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows, 9)) + _png_chunk(b"IEND", b""))


def _count(value: Any) -> int:
    try:
        n = int(value) if value is not None else 1
    except (TypeError, ValueError):
        raise ApiFailure.invalid("n", "'n' must be an integer.") from None
    if not 1 <= n <= 10:
        raise ApiFailure.invalid("n", "'n' must be between 1 and 10.")
    return n


def _default_format(model: str | None) -> str:
    return "b64_json" if model == "gpt-image-1" else "url"


def _image_list(request: web.Request, state: ServerState, blobs: list[bytes], fmt: str,
                prompt: str | None, model: str | None) -> web.Response:
    if fmt not in ("url", "b64_json"):
        raise ApiFailure.invalid("response_format", f"Invalid response_format: {fmt!r}.")
    origin = f"{request.scheme}://{request.host}"
    data = []
    for blob in blobs:
        item: dict[str, Any] = {}
        if fmt == "url":
            name = f"img-{hashlib.sha256(blob).hexdigest()[:16]}.png"
            with state.lock:
                if name not in state.images:
                    state.images.add(Image(id=name, created_at=state.now(), data=blob))
            item["url"] = f"{origin}/media/images/{name}"
        else:
            item["b64_json"] = base64.b64encode(blob).decode("ascii")
        if prompt is not None and model == "dall-e-3":
            item["revised_prompt"] = prompt
        data.append(item)
    out: dict[str, Any] = {"created": CREATED, "data": data}
    if model == "gpt-image-1":
        text = len((prompt or "").split())
        out["usage"] = {"total_tokens": text + 100 * len(blobs), "input_tokens": text,
                        "output_tokens": 100 * len(blobs),
                        "input_tokens_details": {"text_tokens": text, "image_tokens": 0}}
    return json_response(out)


@routes.post("/v1/images/generations")
async def generations(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    prompt = body.get("prompt")
    if not isinstance(prompt, str):
        raise ApiFailure.missing("prompt")
    model = body.get("model")
    n = _count(body.get("n"))
    fmt = body.get("response_format") or _default_format(model)
    return _image_list(request, state, [image_bytes(prompt, i) for i in range(n)], fmt,
                       prompt, model)


@routes.post("/v1/images/edits")
async def edits(request: web.Request, state: ServerState) -> web.StreamResponse:
    form = await read_form(request)
    prompt = form.text("prompt", required=True)
    uploads = form.files("image", "image[]")
    if not uploads:
        raise ApiFailure.missing("image")
    model = form.text("model")
    n = _count(form.text("n"))
    fmt = form.text("response_format") or _default_format(model)
    blobs = [uploads[i % len(uploads)].data for i in range(n)]
    return _image_list(request, state, blobs, fmt, prompt, model)


@routes.post("/v1/images/variations")
async def variations(request: web.Request, state: ServerState) -> web.StreamResponse:
    form = await read_form(request)
    uploads = form.files("image")
    if len(uploads) != 1:
        raise ApiFailure.invalid("image", "Expected exactly one 'image' file.")
    n = _count(form.text("n"))
    fmt = form.text("response_format") or "url"
    return _image_list(request, state, [uploads[0].data] * n, fmt, None, form.text("model"))


@routes.get("/media/images/{name}")
async def serve_image(request: web.Request, state: ServerState) -> web.StreamResponse:
    image = state.images.find(request.match_info["name"])
    if image is None:
        raise ApiFailure(404, "No such image.", code="not_found")
    return web.Response(body=image.data, content_type="image/png")
