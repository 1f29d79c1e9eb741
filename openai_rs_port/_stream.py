"""What ``Stream`` and ``AsyncStream`` share: the parser's loop, and releasing the connection.

Each mode adds only the lines that read bytes; everything else is decided here.
"""

from __future__ import annotations

from typing import Any, Generic, NoReturn, TypeVar

from ._request import HttpResponse
from ._sse import END, EventStreamParser, StreamSpec
from .error import StreamError, StreamTimeoutError

__all__ = ["StreamCore"]

T = TypeVar("T")


class StreamCore(Generic[T]):
    """The state of one open event stream."""

    __slots__ = ("__weakref__", "_closed", "_parser", "_response", "headers")

    def __init__(self, response: HttpResponse, spec: StreamSpec) -> None:
        self._response: Any = response.stream
        self.headers = response.headers
        """The answer's headers, there before the first event."""
        self._parser = EventStreamParser(spec)
        self._closed = False

    def _next(self) -> Any:
        """The next item, ``NEED_DATA`` or ``END``; an error closes the stream first."""
        if self._closed:
            return END
        try:
            item = self._parser.next_item()
        except BaseException:
            self._release()
            raise
        if item is END:
            self._release()
        return item

    def _feed(self, chunk: bytes) -> None:
        if chunk:
            self._parser.feed(chunk)
        else:
            self._parser.feed_eof()

    def _broke(self, e: BaseException, timed_out: bool) -> NoReturn:
        self._release()
        if timed_out:
            raise StreamTimeoutError(f"the event stream stalled: nothing read within the read timeout "
                                     f"({type(e).__name__})") from None
        raise StreamError(f"the event stream broke: {type(e).__name__}: {e}") from None

    def _release(self) -> None:
        if not self._closed:
            self._closed = True
            self._release_connection(self._parser.done)

    def _release_connection(self, clean: bool) -> None:
        # requests' close() hands a fully read connection back to its pool itself.
        self._response.close()

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            self._release()
