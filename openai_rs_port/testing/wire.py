"""Reading requests and writing answers: JSON bodies, multipart forms, server-sent events."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.message import Message
from typing import Any

from aiohttp import web

from .errors import ApiFailure

__all__ = [
    "Form",
    "FormPart",
    "json_response",
    "parse_form",
    "read_form",
    "read_json",
    "require",
    "send_sse",
    "sse_event",
    "start_sse",
]


def json_response(
    obj: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    """A JSON answer, compact and UTF-8."""
    body = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()
    return web.Response(
        body=body, status=status, headers=dict(headers or {}), content_type="application/json"
    )


async def read_json(request: web.Request) -> dict[str, Any]:
    """The request body as a JSON object; raises ``ApiFailure`` (400) otherwise."""
    try:
        obj = json.loads(await request.read())
    except ValueError:
        raise ApiFailure(400, "We could not parse the JSON body of your request.") from None
    if not isinstance(obj, dict):
        raise ApiFailure(400, "The request body must be a JSON object.")
    return obj


def require(body: Mapping[str, Any], *names: str) -> None:
    """Raise ``ApiFailure.missing`` for the first of ``names`` that ``body`` lacks (or has as null)."""
    for name in names:
        if body.get(name) is None:
            raise ApiFailure.missing(name)


# Multipart -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormPart:
    """One part of a multipart/form-data body."""

    name: str
    filename: str | None
    content_type: str
    data: bytes


class Form(list[FormPart]):
    """The parts of a form in order, repeated names kept, with lookups by name."""

    def text(self, name: str, *, required: bool = False) -> str | None:
        """The first non-file field ``name``, decoded; ``ApiFailure.missing`` when required."""
        for part in self:
            if part.name == name and part.filename is None:
                return part.data.decode()
        if required:
            raise ApiFailure.missing(name)
        return None

    def texts(self, name: str) -> list[str]:
        """Every non-file field ``name`` (``include[]`` and the like)."""
        return [p.data.decode() for p in self if p.name == name and p.filename is None]

    def files(self, *names: str) -> list[FormPart]:
        """Every file part whose field is one of ``names``."""
        return [p for p in self if p.name in names and p.filename is not None]


def _params(header: str, value: str) -> Message:
    msg = Message()
    msg[header] = value
    return msg


def parse_form(content_type: str, body: bytes) -> Form:
    """A multipart/form-data body split exactly (binary parts are kept byte for byte).

    Raises ``ApiFailure`` (400) when it is not a terminated multipart body.
    """
    boundary = _params("content-type", content_type).get_param("boundary")
    if not content_type.startswith("multipart/form-data") or not isinstance(boundary, str):
        raise ApiFailure(400, "Expected a multipart/form-data body.")
    parts = (b"\r\n" + body).split(b"\r\n--" + boundary.encode())
    if len(parts) < 2 or not parts[-1].startswith(b"--"):
        raise ApiFailure(400, "The multipart body is not terminated.")
    form = Form()
    for part in parts[1:-1]:
        head, sep, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            raise ApiFailure(400, "A multipart part has no header end.")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        disposition = _params("content-disposition", headers.get("content-disposition", ""))
        name = disposition.get_param("name", header="content-disposition")
        filename = disposition.get_param("filename", header="content-disposition")
        if isinstance(name, str):
            ctype = headers.get("content-type", "").partition(";")[0].strip().lower()
            form.append(FormPart(name, filename if isinstance(filename, str) else None,
                                 ctype or "text/plain", content))
    return form


async def read_form(request: web.Request) -> Form:
    """The request's multipart/form-data body (``parse_form`` of its bytes)."""
    return parse_form(request.headers.get("Content-Type", ""), await request.read())


# Server-sent events --------------------------------------------------------------------


def sse_event(obj: Any, event: str | None = None) -> bytes:
    """One SSE event whose data is ``obj`` as compact JSON (with an ``event:`` line if named)."""
    data = b"data: " + json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()
    return (f"event: {event}\n".encode() + data if event else data) + b"\n\n"


async def start_sse(request: web.Request, status: int = 200,
                    headers: Mapping[str, str] | None = None) -> web.StreamResponse:
    """Send the head of an event stream; write events to the returned response."""
    resp = web.StreamResponse(status=status, headers=dict(headers or {}))
    resp.content_type = "text/event-stream"
    resp.headers["Cache-Control"] = "no-cache"
    resp.enable_chunked_encoding()
    await resp.prepare(request)
    return resp


async def send_sse(request: web.Request, events: Iterable[bytes], *,
                   done: bool = True) -> web.StreamResponse:
    """A whole event stream: ``events``, then ``data: [DONE]`` unless ``done`` is false."""
    resp = await start_sse(request)
    for event in events:
        await resp.write(event)
    if done:
        await resp.write(b"data: [DONE]\n\n")
    await resp.write_eof()
    return resp
