"""The synchronous transport: requests, a blocking driver for the call flow, and ``Stream``."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Generator, Iterator
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import requests

from ._base_client import BaseClient
from ._flow import Send, Sleep, call_flow
from ._request import (
    ApiRequest,
    HttpRequest,
    HttpResponse,
    MultipartBody,
    Timeout,
    scrub_secrets,
)
from ._resource import Plan
from ._sse import EventStreamParser
from .error import APIConnectionError, APITimeoutError, OpenAIError, StreamError

__all__ = ["Client", "RequestsTransport", "Stream"]

T = TypeVar("T")


class _SizedBody:
    """Gives requests a length (so no chunked encoding) and an iterator of blocks."""

    __slots__ = ("_body",)

    def __init__(self, body: MultipartBody) -> None:
        self._body = body

    def __len__(self) -> int:
        return self._body.length

    def __iter__(self) -> Iterator[bytes]:
        return self._body.chunks()


class RequestsTransport:
    """Sends an ``HttpRequest`` over a ``requests.Session``; returns status, headers, body."""

    def __init__(self, session: requests.Session | None = None) -> None:
        self._owned = session is None
        self.session = session if session is not None else requests.Session()

    def send(self, request: HttpRequest) -> HttpResponse:
        t: Timeout = request.timeout
        err: OpenAIError
        body: Any = request.body
        if isinstance(body, MultipartBody):
            body = _SizedBody(body)
        try:
            r = self.session.request(
                request.method,
                request.url,
                headers=request.headers,
                data=body,
                timeout=(t.connect, t.read),
                stream=request.stream,
                allow_redirects=False,
            )
            # requests' headers are already case-insensitive: no copy per response.
            if request.stream and r.status_code < 300:
                return HttpResponse(r.status_code, r.headers, b"", r)
            return HttpResponse(r.status_code, r.headers, r.content)
        except requests.Timeout as e:
            err = APITimeoutError(scrub_secrets(f"request timed out: {e}", request))
        except requests.RequestException as e:
            err = APIConnectionError(scrub_secrets(f"connection failed: {type(e).__name__}: {e}", request))
        # Raised outside the handler so the library exception (which may hold headers)
        # is not chained as __context__.
        raise err

    def close(self) -> None:
        if self._owned:
            self.session.close()


def run_sync(flow: Generator[Send | Sleep, HttpResponse, T], transport: RequestsTransport) -> T:
    """Drive a call-flow generator with blocking I/O."""
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            action = flow.throw(error) if error is not None else flow.send(value)
        except StopIteration as stop:
            result: T = stop.value
            return result
        value = error = None
        if type(action) is Send:
            try:
                value = transport.send(action.request)
            except APIConnectionError as e:
                error = e
        else:
            time.sleep(action.seconds)  # type: ignore[union-attr]


class Stream(Generic[T]):
    """An iterator of typed stream items; closing it (or leaving ``with``) frees the connection."""

    def __init__(self, response: HttpResponse, decode_item: Callable[[Any], T]) -> None:
        self._response: requests.Response = response.stream
        self.headers = response.headers
        self._parser = EventStreamParser(decode_item)
        self._pending: deque[T] = deque()
        raw = self._response.raw
        self._read: Callable[[int], bytes] = raw.read1 if hasattr(raw, "read1") else raw.read
        self._closed = False

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        pending = self._pending
        while not pending:
            if self._parser.error is not None:
                self.close()
                raise self._parser.error
            if self._parser.done or self._closed:
                self.close()
                raise StopIteration
            try:
                chunk = self._read(65536)
            except Exception as e:  # urllib3/requests/socket errors while reading
                self.close()
                err = StreamError(f"the event stream broke: {type(e).__name__}: {e}")
            else:
                if not chunk:
                    self.close()
                    self._parser.finish()
                    raise StopIteration
                try:
                    pending.extend(self._parser.feed(chunk))
                except BaseException:
                    self.close()
                    raise
                continue
            raise err
        return pending.popleft()

    def close(self) -> None:
        """Stop the stream and free its connection; items already buffered are dropped."""
        self._pending.clear()
        if not self._closed:
            self._closed = True
            self._response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            self.close()


class Client(BaseClient[requests.Session]):
    """The synchronous client, over requests. ``with Client() as c: c.chat().create(req)``."""

    _transport: RequestsTransport
    _transport_type = RequestsTransport

    def _invoke(
        self, fn: Callable[..., ApiRequest[Any]], resource: Any, /, *args: Any, **kwargs: Any
    ) -> Any:
        api = fn(resource, *args, **kwargs)
        result = run_sync(call_flow(api, self._settings), self._transport)
        if api.stream_item is not None:
            return Stream(result, api.stream_item)
        return result

    def _run_plan(
        self, fn: Callable[..., Plan[T]], resource: Any, /, *args: Any, **kwargs: Any
    ) -> T:
        plan = fn(resource, *args, **kwargs)
        sent: Any = None
        error: OpenAIError | None = None
        while True:
            try:
                step = plan.throw(error) if error is not None else plan.send(sent)
            except StopIteration as stop:
                result: T = stop.value
                return result
            sent = error = None
            try:
                sent = [self._plan_call(api, step.return_exceptions) for api in step.requests]
            except OpenAIError as e:
                error = e

    def _plan_call(self, api: ApiRequest[Any], return_exceptions: bool) -> Any:
        try:
            return run_sync(call_flow(api, self._settings), self._transport)
        except OpenAIError as e:
            if return_exceptions:
                return e
            raise

    def close(self) -> None:
        """Close the connections this client opened (not a session passed in)."""
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
