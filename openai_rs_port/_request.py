"""Immutable descriptions of a call and of HTTP traffic: the narrow transport contract."""

from __future__ import annotations

import io
import json
import os
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, Generic, TypeVar, Union

from ._codec import decoder_for, encode
from .error import FileReadError, InvalidArgument, JSONDeserialize

__all__ = [
    "ApiRequest",
    "FilePart",
    "HttpRequest",
    "HttpResponse",
    "Multipart",
    "Timeout",
    "json_body",
    "json_decoder",
    "path_param",
    "scrub_secrets",
    "sse_request",
]

T = TypeVar("T")

FileSource = Union[bytes, str, "os.PathLike[str]", IO[bytes]]


@dataclass(frozen=True, slots=True)
class Timeout:
    """Seconds to connect and to wait between bytes while reading (None: no limit)."""

    connect: float | None = 5.0
    read: float | None = 600.0


@dataclass(frozen=True, slots=True)
class FilePart:
    """One file in a multipart body. A path is reopened and a file object re-read on each attempt."""

    field: str
    filename: str
    source: Any
    content_type: str = "application/octet-stream"
    _start: int | None = None

    @classmethod
    def of(cls, field: str, source: Any, filename: str | None = None,
           content_type: str = "application/octet-stream") -> FilePart:
        start = None
        if isinstance(source, (bytes, bytearray, memoryview)):
            if not filename:
                raise FileReadError(f"{field}: a filename is required with bytes content")
            source = bytes(source)
        elif isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            if not path:
                raise FileReadError(f"{field}: the file path is empty")
            filename = filename or os.path.basename(path)
        elif hasattr(source, "read"):
            name = getattr(source, "name", None)
            filename = filename or (os.path.basename(name) if isinstance(name, str) else None)
            if not filename:
                raise FileReadError(f"{field}: a filename is required with a file object")
            try:
                start = source.tell() if source.seekable() else None
            except (OSError, AttributeError, ValueError):
                start = None
        else:
            raise FileReadError(f"{field}: unsupported file source {type(source).__name__}")
        return cls(field, filename or "file", source, content_type, start)

    def read(self) -> bytes:
        src = self.source
        if isinstance(src, bytes):
            return src
        if isinstance(src, (str, os.PathLike)):
            try:
                with open(src, "rb") as f:
                    return f.read()
            except OSError as e:
                err = FileReadError(f"cannot read {os.fspath(src)!r}: {e.strerror or e}")
            raise err
        try:
            if self._start is not None:
                src.seek(self._start)
            data = src.read()
        except (OSError, ValueError) as e:
            raise FileReadError(f"cannot read {self.filename!r}: {e}") from None
        if isinstance(data, str):
            data = data.encode()
        return bytes(data)


@dataclass(frozen=True, slots=True)
class Multipart:
    """A multipart/form-data body, encoded anew for every attempt."""

    fields: tuple[tuple[str, str], ...] = ()
    files: tuple[FilePart, ...] = ()

    def encode(self) -> tuple[str, bytes]:
        boundary = uuid.uuid4().hex
        out = io.BytesIO()
        w = out.write
        for name, value in self.fields:
            w(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{_q(name)}\"\r\n\r\n".encode())
            w(value.encode())
            w(b"\r\n")
        for part in self.files:
            w(
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"{_q(part.field)}\"; "
                f"filename=\"{_q(part.filename)}\"\r\nContent-Type: {part.content_type}\r\n\r\n".encode()
            )
            w(part.read())
            w(b"\r\n")
        w(f"--{boundary}--\r\n".encode())
        return f"multipart/form-data; boundary={boundary}", out.getvalue()


def _q(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


@dataclass(frozen=True, slots=True)
class ApiRequest(Generic[T]):
    """What an endpoint method describes: the call, and how to decode its answer.

    ``stream_item`` set means the answer is a server-sent event stream of that item.
    """

    method: str
    path: str
    decode: Callable[[bytes], T]
    query: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    multipart: Multipart | None = None
    stream_item: Callable[[Any], Any] | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class HttpRequest:
    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes | None
    timeout: Timeout
    stream: bool = False


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """Status, lower-cased headers, body. ``stream`` is the transport's open response for SSE."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    stream: Any = field(default=None, compare=False)


def json_decoder(tp: Any) -> Callable[[bytes], Any]:
    dec = decoder_for(tp)
    name = getattr(tp, "__name__", str(tp))

    def _decode(body: bytes) -> Any:
        try:
            return dec(json.loads(body))
        except KeyError as e:
            err = JSONDeserialize(f"{name}: missing field {e.args[0]!r}", body)
        except (ValueError, TypeError, AttributeError) as e:
            err = JSONDeserialize(f"{name}: {type(e).__name__}: {e}", body)
        raise err

    return _decode


def json_body(request: Any, **override: Any) -> bytes:
    data = encode(request)
    if override:
        data.update(override)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def path_param(value: str, name: str = "id") -> str:
    """Percent-encode one path segment; refuse what would change the path's meaning."""
    from urllib.parse import quote

    if not isinstance(value, str):
        raise InvalidArgument(f"{name} must be a str, not {type(value).__name__}")
    if value in ("", ".", ".."):
        raise InvalidArgument(f"{name} must be a non-empty id other than '.' and '..'")
    return quote(value, safe="")


def scrub_secrets(text: str, request: HttpRequest) -> str:
    for name, value in request.headers.items():
        if name.lower() in ("authorization", "api-key") and value:
            text = text.replace(value, "[REDACTED]")
            text = text.replace(value.removeprefix("Bearer "), "[REDACTED]")
    return text


def _no_body(body: bytes) -> Any:
    raise AssertionError("a stream request has no single body to decode")


def sse_request(
    method: str, path: str, item: type[T], body: bytes | None = None,
    query: tuple[tuple[str, str], ...] = (),
) -> ApiRequest[T]:
    """Describe a call answered by a server-sent event stream of ``item``."""
    return ApiRequest(method, path, _no_body, query=query, body=body, stream_item=decoder_for(item))
