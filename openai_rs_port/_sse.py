"""Server-sent events, decoded without I/O: feed bytes, get events.

sseclient-py fails cases we need (quadratic on large events fed in small
chunks, dispatches a half-received event at EOF, merges events around a
``\\n`` + ``\\r\\n`` boundary, leaks ``UnicodeDecodeError``); see docs/sse.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .error import StreamError, api_error_from_response

__all__ = ["EventStreamParser", "SSEDecoder", "ServerSentEvent"]


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    event: str
    data: str
    id: str | None = None


class SSEDecoder:
    """Incremental decoder; linear in the input whatever the chunking and line endings."""

    __slots__ = ("_cr", "_data", "_event", "_id", "_partial")

    def __init__(self) -> None:
        self._partial = bytearray()
        self._cr = False
        self._data: list[bytes] = []
        self._event: bytes = b""
        self._id: bytes | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        if not chunk:
            return []
        if self._cr:
            self._cr = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
        if b"\r" in chunk:
            # A trailing CR may be the first half of a CRLF split across chunks.
            self._cr = chunk[-1:] == b"\r"
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        idx = chunk.find(b"\n")
        if idx < 0:
            self._partial += chunk
            return []
        if self._partial:
            first = bytes(self._partial) + chunk[:idx]
        else:
            first = chunk[:idx]
        rest = chunk[idx + 1 :].split(b"\n")
        self._partial = bytearray(rest.pop())
        events: list[ServerSentEvent] = []
        self._lines(first, events)
        for line in rest:
            self._lines(line, events)
        return events

    def _lines(self, line: bytes, events: list[ServerSentEvent]) -> None:
        if not line:
            if self._data:
                events.append(self._dispatch())
            else:
                self._event = b""
            return
        if line.startswith(b"data:"):
            value = line[5:]
            if value[:1] == b" ":
                value = value[1:]
            self._data.append(value)
            return
        if line[:1] == b":":
            return
        name, sep, value = line.partition(b":")
        if sep and value[:1] == b" ":
            value = value[1:]
        if name == b"data":
            self._data.append(value)
        elif name == b"event":
            self._event = value
        elif name == b"id":
            if b"\0" not in value:
                self._id = value

    def _dispatch(self) -> ServerSentEvent:
        raw = b"\n".join(self._data)
        self._data = []
        event, self._event = self._event, b""
        try:
            return ServerSentEvent(
                event.decode() if event else "message",
                raw.decode(),
                self._id.decode() if self._id is not None else None,
            )
        except UnicodeDecodeError as e:
            err = StreamError(f"invalid UTF-8 in event stream at byte {e.start}")
        raise err

    def pending(self) -> bool:
        """True when bytes of an unfinished event are buffered."""
        return bool(self._partial or self._data)


class EventStreamParser:
    """OpenAI's framing over SSE: JSON items, ``[DONE]``, and error payloads."""

    __slots__ = ("_decode", "_decoder", "done", "error", "require_done")

    def __init__(self, decode_item: Callable[[Any], Any], require_done: bool = True) -> None:
        self._decoder = SSEDecoder()
        self._decode = decode_item
        self.done = False
        self.require_done = require_done
        # An error met after some items of the same chunk waits until those are consumed.
        self.error: Exception | None = None

    def feed(self, chunk: bytes) -> list[Any]:
        out: list[Any] = []
        if self.done or self.error is not None:
            return out
        try:
            self._feed(chunk, out)
        except Exception as e:
            if not out:
                raise
            self.error = e
        return out

    def _feed(self, chunk: bytes, out: list[Any]) -> None:
        loads = json.loads
        decode = self._decode
        for ev in self._decoder.feed(chunk):
            data = ev.data
            if data == "[DONE]":
                self.done = True
                return
            try:
                obj = loads(data)
            except ValueError:
                err = StreamError(f"malformed JSON in event stream: {data[:200]!r}")
                raise err from None
            if ev.event == "error" or (type(obj) is dict and obj.get("error") is not None):
                raise api_error_from_response(None, {}, data.encode())
            try:
                out.append(decode(obj))
            except (KeyError, TypeError, ValueError, AttributeError) as e:
                raise StreamError(f"cannot decode stream item: {type(e).__name__}: {e}") from None

    def finish(self) -> None:
        """Called at end of input: a stream cut off before its end raises."""
        if self.done:
            return
        if self.require_done or self._decoder.pending():
            raise StreamError("the event stream ended before [DONE]: the connection was cut off")
        self.done = True
