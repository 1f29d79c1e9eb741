"""Server-sent events, decoded without I/O: feed bytes, get events.

sseclient-py fails cases we need (quadratic on large events fed in small
chunks, dispatches a half-received event at EOF, merges events around a
``\\n`` + ``\\r\\n`` boundary, leaks ``UnicodeDecodeError``); see docs/sse.md.
"""

from __future__ import annotations

import enum
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .error import ApiError, StreamError, api_error_from_response

__all__ = ["END", "NEED_DATA", "EventStreamParser", "Framing", "SSEDecoder", "ServerSentEvent", "StreamSpec"]


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


class Framing(enum.Enum):
    """How an event stream is framed, and so how it ends."""

    DONE = "done"
    """Data-only events that end at ``data: [DONE]`` (chat, completions)."""
    NAMED = "named"
    """``event:`` names the variant; the ``done`` event ends the stream (Assistants)."""
    TYPED = "typed"
    """Events typed by their ``type`` field; the stream ends when the connection closes
    after a terminal event, with no ``[DONE]`` (Responses)."""


@dataclass(frozen=True, slots=True)
class StreamSpec:
    """What an ``ApiRequest`` says about its event stream: framing and item decoder.

    For ``NAMED`` streams the decoder receives ``{"event": name, "data": payload}``.
    ``terminal`` names the ``type`` values (``TYPED``) after which a closed
    connection is a clean end.
    """

    decode: Callable[[Any], Any]
    framing: Framing = Framing.DONE
    terminal: frozenset[str] = frozenset()
    error_events: frozenset[str] = frozenset({"error"})


class _Sentinel:
    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


NEED_DATA: Any = _Sentinel("NEED_DATA")
"""``next_item()``: feed more bytes (or ``feed_eof()``) first."""
END: Any = _Sentinel("END")
"""``next_item()``: the stream ended cleanly; no item follows."""


class EventStreamParser:
    """OpenAI's framings over SSE, in h11's shape: ``feed()`` bytes, then ``next_item()``.

    ``next_item()`` returns a decoded item, ``NEED_DATA`` or ``END``, and raises the
    stream's error (an ``ApiError`` sent in the stream, a ``StreamError`` for a
    malformed or cut-off stream) once the items before it have been taken.
    """

    __slots__ = ("_decode", "_decoder", "_eof", "_error", "_framing", "_items", "_spec",
                 "_terminal_seen", "done")

    def __init__(self, spec: StreamSpec | Callable[[Any], Any]) -> None:
        if not isinstance(spec, StreamSpec):
            spec = StreamSpec(spec)
        self._spec = spec
        self._framing = spec.framing
        self._decode = spec.decode
        self._decoder = SSEDecoder()
        self._items: deque[Any] = deque()
        self._error: BaseException | None = None
        self._eof = False
        self._terminal_seen = False
        self.done = False
        """True once the stream's end marker (or terminal event) has been read."""

    def feed(self, data: bytes) -> None:
        """Give the parser the next bytes read from the connection."""
        if self.done or self._error is not None or not data:
            return
        try:
            for ev in self._decoder.feed(data):
                self._event(ev)
                if self.done:
                    return
        except (StreamError, ApiError) as e:
            self._error = e

    def feed_eof(self) -> None:
        """The connection closed: a stream cut off before its end becomes an error."""
        self._eof = True
        if self.done or self._error is not None:
            return
        if self._framing is Framing.TYPED and self._terminal_seen and not self._decoder.pending():
            self.done = True
            return
        what = "a terminal event" if self._framing is Framing.TYPED else (
            "[DONE]" if self._framing is Framing.DONE else "its done event")
        self._error = StreamError(f"the event stream ended before {what}: the connection was cut off")

    def next_item(self) -> Any:
        """The next item, ``NEED_DATA`` or ``END``; raises the stream's error in its turn."""
        items = self._items
        if items:
            return items.popleft()
        if self._error is not None:
            raise self._error
        if self.done or self._eof:
            return END
        return NEED_DATA

    def _event(self, ev: ServerSentEvent) -> None:
        data = ev.data
        framing = self._framing
        if framing is Framing.DONE and data == "[DONE]":
            self.done = True
            return
        if framing is Framing.NAMED and ev.event == "done":
            self.done = True
            return
        try:
            obj = json.loads(data)
        except ValueError:
            err = StreamError(f"malformed JSON in event stream: {data[:200]!r}")
            raise err from None
        kind = obj.get("type") if type(obj) is dict else None
        if ev.event in self._spec.error_events or kind in self._spec.error_events or (
            type(obj) is dict and obj.get("error") is not None and framing is not Framing.TYPED
        ):
            raise api_error_from_response(None, {}, data.encode())
        if framing is Framing.NAMED:
            obj = {"event": ev.event, "data": obj}
        try:
            item = self._decode(obj)
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise StreamError(f"cannot decode stream item: {type(e).__name__}: {e}") from None
        self._items.append(item)
        if framing is Framing.TYPED and kind in self._spec.terminal:
            self._terminal_seen = True
