"""Immutable descriptions of a call and of HTTP traffic: the narrow transport contract."""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any, Generic, NamedTuple, TypeVar, Union

from ._codec import DecodeError, decoder_for, encode
from ._sse import Framing, StreamSpec
from .error import FileReadError, InvalidArgument, JSONDeserialize

__all__ = [
    "ApiRequest",
    "FilePart",
    "HttpRequest",
    "HttpResponse",
    "Multipart",
    "MultipartBody",
    "Query",
    "Timeout",
    "WireBody",
    "json_body",
    "json_decoder",
    "path_param",
    "query_pairs",
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


_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class FilePart:
    """One file in a multipart body, streamed in blocks (never held whole in memory).

    A path is reopened, and a seekable file object re-read from its start, on every
    attempt; ``offset``/``length`` select a slice of a path (for many-part uploads).
    """

    field: str
    filename: str
    source: Any
    content_type: str = "application/octet-stream"
    offset: int = 0
    length: int | None = None

    @classmethod
    def of(
        cls,
        field: str,
        source: Any,
        filename: str | None = None,
        content_type: str = "application/octet-stream",
        offset: int = 0,
        length: int | None = None,
    ) -> FilePart:
        if isinstance(source, (bytes, bytearray, memoryview)):
            if not filename:
                raise FileReadError(f"{field}: a filename is required with bytes content")
            source = bytes(source)
        elif isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            if not path:
                raise FileReadError(f"{field}: the file path is empty")
            filename = filename or os.path.basename(path)
            source = path
        elif hasattr(source, "read"):
            name = getattr(source, "name", None)
            filename = filename or (os.path.basename(name) if isinstance(name, str) else None)
            if not filename:
                # The official SDK's name for an unnamed file object (a BytesIO, a pipe).
                filename = "upload"
                logging.getLogger("openai_rs_port").debug(
                    "%s: the file object has no name; sending it as %r", field, filename
                )
            try:
                seekable = bool(source.seekable())
                offset = source.tell() if seekable else 0
            except (OSError, AttributeError, ValueError):
                seekable = False
            if not seekable:
                # Read once so that every attempt can send the same bytes again.
                try:
                    data = source.read()
                except (OSError, ValueError) as e:
                    raise FileReadError(f"cannot read {filename!r}: {e}") from None
                source = data.encode() if isinstance(data, str) else bytes(data)
                offset = 0
        else:
            raise FileReadError(f"{field}: unsupported file source {type(source).__name__}")
        return cls(field, filename or "file", source, content_type, offset, length)

    def size(self) -> int:
        src = self.source
        if isinstance(src, bytes):
            total = len(src)
        elif isinstance(src, str):
            try:
                total = os.stat(src).st_size
            except OSError as e:
                err = FileReadError(f"cannot read {src!r}: {e.strerror or e}")
                raise err from None
        else:
            try:
                total = src.seek(0, os.SEEK_END)
            except (OSError, ValueError) as e:
                raise FileReadError(f"cannot read {self.filename!r}: {e}") from None
        avail = max(0, total - self.offset)
        return avail if self.length is None else min(self.length, avail)

    def chunks(self) -> Iterator[bytes]:
        """The content in blocks of at most 1 MiB."""
        src = self.source
        remaining = self.size()
        if isinstance(src, bytes):
            view = memoryview(src)[self.offset : self.offset + remaining]
            for i in range(0, remaining, _BLOCK):
                yield bytes(view[i : i + _BLOCK])
            return
        try:
            f = open(src, "rb") if isinstance(src, str) else None
        except OSError as e:
            err = FileReadError(f"cannot read {src!r}: {e.strerror or e}")
            raise err from None
        reader = f if f is not None else src
        try:
            reader.seek(self.offset)
            while remaining > 0:
                block = reader.read(min(_BLOCK, remaining))
                if not block:
                    raise FileReadError(f"{self.filename!r} ended before its expected size")
                remaining -= len(block)
                yield block
        except OSError as e:
            raise FileReadError(f"cannot read {self.filename!r}: {e}") from None
        finally:
            if f is not None:
                f.close()

    def read(self) -> bytes:
        return b"".join(self.chunks())


@dataclass(frozen=True, slots=True)
class MultipartBody:
    """An encoded multipart body of known length, produced block by block."""

    segments: tuple[bytes | FilePart, ...]
    length: int

    def chunks(self) -> Iterator[bytes]:
        for seg in self.segments:
            if isinstance(seg, bytes):
                yield seg
            else:
                yield from seg.chunks()

    def __bytes__(self) -> bytes:
        return b"".join(self.chunks())


@dataclass(frozen=True, slots=True)
class Multipart:
    """A multipart/form-data body, encoded anew for every attempt."""

    fields: tuple[tuple[str, str], ...] = ()
    files: tuple[FilePart, ...] = ()

    def encode(self) -> tuple[str, MultipartBody]:
        boundary = uuid.uuid4().hex
        segments: list[bytes | FilePart] = []
        length = 0
        head = bytearray()
        for name, value in self.fields:
            head += (
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"{_q(name)}\"\r\n\r\n"
            ).encode()
            head += value.encode()
            head += b"\r\n"
        for part in self.files:
            head += (
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"{_q(part.field)}\"; "
                f"filename=\"{_q(part.filename)}\"\r\nContent-Type: {part.content_type}\r\n\r\n"
            ).encode()
            segments.append(bytes(head))
            length += len(head)
            head = bytearray(b"\r\n")
            segments.append(part)
            length += part.size()
        head += f"--{boundary}--\r\n".encode()
        segments.append(bytes(head))
        length += len(head)
        return f"multipart/form-data; boundary={boundary}", MultipartBody(tuple(segments), length)


def _q(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


class ApiRequest(NamedTuple, Generic[T]):
    """What an endpoint method describes: the call, and how to decode its answer.

    ``stream`` set means the answer is a server-sent event stream, framed and
    decoded as it says. (Immutable values; tuples because they are built on every call.)
    """

    method: str
    path: str
    decode: Callable[[bytes], T]
    query: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    multipart: Multipart | None = None
    stream: StreamSpec | None = None
    headers: tuple[tuple[str, str], ...] = ()


class HttpRequest(NamedTuple):
    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes | MultipartBody | None
    timeout: Timeout
    stream: bool = False


class HttpResponse(NamedTuple):
    """Status, headers (a case-insensitive mapping), body. ``stream`` is the open SSE response."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    stream: Any = None


def json_decoder(tp: Any) -> Callable[[bytes], Any]:
    """Decode a JSON answer as ``tp`` (leniently, see ``_codec.decoder_for``).

    ``JSONDeserialize`` says why a body does not decode: not JSON, or a value of the wrong
    shape at a path such as ``choices[0].index``.
    """
    dec = decoder_for(tp)
    name = getattr(tp, "__name__", str(tp))

    def _decode(body: bytes) -> Any:
        try:
            data = json.loads(body)
        except ValueError as e:
            err = JSONDeserialize(f"{name}: the body is not JSON: {e}", body)
        else:
            try:
                return dec(data)
            except DecodeError as e:
                err = JSONDeserialize(f"{name}: {e}", body)
        raise err

    return _decode


_encode_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


class WireBody:
    """A request given in wire form (a dict, or any model), for the ``_byot`` twins.

    Attribute reads answer from the dict, so the endpoints' guards (``stream``,
    ``encoding_format``) apply to it as to a typed request.
    """

    __slots__ = ("data",)

    def __init__(self, value: Any) -> None:
        data = encode(value)
        if not isinstance(data, dict):
            raise InvalidArgument(f"a request body must be a dict or a model, not {type(value).__name__}")
        self.data: dict[str, Any] = data

    def __getattr__(self, name: str) -> Any:
        return self.data.get(name)


def json_body(request: Any, **override: Any) -> bytes:
    data = dict(request.data) if type(request) is WireBody else encode(request)
    if override:
        data.update(override)
    return _encode_json(data).encode()


def path_param(value: str, name: str = "id") -> str:
    """Percent-encode one path segment; refuse what would change the path's meaning."""
    from urllib.parse import quote

    if not isinstance(value, str):
        raise InvalidArgument(f"{name} must be a str, not {type(value).__name__}")
    if value in ("", ".", ".."):
        raise InvalidArgument(f"{name} must be a non-empty id other than '.' and '..'")
    return quote(value, safe="")


_TOKEN = "A-Za-z0-9._~+-"
# Shorter values are placeholders ("ollama", "x") that also occur in ordinary words.
_MIN_SECRET = 8


def scrub_secrets(text: str, request: HttpRequest) -> str:
    """Hide a credential that a library message quoted, touching nothing but whole tokens.

    Messages are never built from headers; this only guards against a library quoting a
    URL that carries a key. A short key must not garble other words, so only a whole
    token equal to a key of real length is replaced.
    """
    for name, value in request.headers.items():
        if name.lower() in ("authorization", "api-key") and value:
            secret = value.removeprefix("Bearer ")
            if len(secret) >= _MIN_SECRET and secret in text:
                text = re.sub(f"(?<![{_TOKEN}]){re.escape(secret)}(?![{_TOKEN}])", "[REDACTED]", text)
    return text


def _no_body(body: bytes) -> Any:
    raise AssertionError("a stream request has no single body to decode")


def sse_request(
    method: str, path: str, item: Any, body: bytes | None = None,
    query: tuple[tuple[str, str], ...] = (), framing: Framing = Framing.DONE,
    terminal: frozenset[str] = frozenset(),
) -> ApiRequest[Any]:
    """Describe a call answered by a server-sent event stream of ``item``."""
    return ApiRequest(method, path, _no_body, query=query, body=body,
                      stream=StreamSpec(decoder_for(item), framing, terminal))


# Values are sent as str(value), so any value is accepted (enums give their wire value).
Query = Mapping[str, object] | Iterable[tuple[str, object]]


def query_pairs(query: Query | None) -> tuple[tuple[str, str], ...]:
    """Query parameters as ``(name, str)`` pairs; None values are left out."""
    if query is None:
        return ()
    if isinstance(query, (str, bytes)):
        raise InvalidArgument("query must be a mapping or (name, value) pairs, not a string")
    pairs = query.items() if isinstance(query, Mapping) else query
    out = []
    for pair in pairs:
        if isinstance(pair, (str, bytes)) or len(pair) != 2:
            raise InvalidArgument(f"query items must be (name, value) pairs, not {pair!r}")
        name, value = pair
        if value is None:
            continue
        # JSON spelling for booleans, as serde_urlencoded does.
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        out.append((str(name), text))
    return tuple(out)
