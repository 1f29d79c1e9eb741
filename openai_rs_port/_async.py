"""The asynchronous transport: aiohttp, an asyncio driver for the call flow, and ``AsyncStream``."""

from __future__ import annotations

import asyncio
import functools
from collections import deque
from collections.abc import AsyncIterator, Callable, Generator
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import aiohttp

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
from ._resource import Calls, Plan
from ._sse import EventStreamParser
from .error import APIConnectionError, APITimeoutError, OpenAIError, StreamError

__all__ = ["AiohttpTransport", "AsyncClient", "AsyncStream"]

T = TypeVar("T")


@functools.lru_cache(maxsize=64)
def _client_timeout(t: Timeout) -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(total=None, sock_connect=t.connect, sock_read=t.read)


async def _blocks(body: MultipartBody) -> AsyncIterator[bytes]:
    for block in body.chunks():
        yield block


class AiohttpTransport:
    """Sends an ``HttpRequest`` over an ``aiohttp.ClientSession`` created on first use."""

    def __init__(self, session: aiohttp.ClientSession | None = None) -> None:
        self._owned = session is None
        self._session = session

    def _get_session(self) -> aiohttp.ClientSession:
        session = self._session
        if session is None or (self._owned and session.closed):
            connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300)
            session = self._session = aiohttp.ClientSession(
                connector=connector, auto_decompress=True, skip_auto_headers=("User-Agent",)
            )
            # aiohttp resends an idempotent request once after a dropped connection (a
            # private switch, no public one); our Backoff alone decides on attempts, so
            # both clients send the same number of requests.
            if hasattr(session, "_retry_connection"):
                session._retry_connection = False
        return session

    async def send(self, request: HttpRequest) -> HttpResponse:
        t: Timeout = request.timeout
        err: OpenAIError
        body: Any = request.body
        headers = request.headers
        if isinstance(body, MultipartBody):
            headers = {**headers, "Content-Length": str(body.length)}
            body = _blocks(body)
        try:
            r = await self._get_session().request(
                request.method,
                request.url,
                headers=headers,
                data=body,
                timeout=_client_timeout(t),
                allow_redirects=False,
            )
            # aiohttp's headers are already case-insensitive: no copy per response.
            if request.stream and r.status < 300:
                return HttpResponse(r.status, r.headers, b"", r)
            try:
                data = await r.read()
            finally:
                r.release()
            return HttpResponse(r.status, r.headers, data)
        except (TimeoutError, aiohttp.ServerTimeoutError) as e:
            err = APITimeoutError(scrub_secrets(f"request timed out: {type(e).__name__} {e}", request))
        except aiohttp.ClientError as e:
            # str(), never repr(): aiohttp's repr can include request headers.
            err = APIConnectionError(
                scrub_secrets(f"connection failed: {type(e).__name__}: {e}", request)
            )
        raise err

    async def close(self) -> None:
        if self._owned and self._session is not None:
            await self._session.close()
            self._session = None


async def run_async(
    flow: Generator[Send | Sleep, HttpResponse, T], transport: AiohttpTransport
) -> T:
    """Drive a call-flow generator on asyncio."""
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
                value = await transport.send(action.request)
            except APIConnectionError as e:
                error = e
        else:
            await asyncio.sleep(action.seconds)  # type: ignore[union-attr]


class AsyncStream(Generic[T]):
    """An async iterator of typed stream items; ``aclose()`` or ``async with`` frees the connection."""

    def __init__(self, response: HttpResponse, decode_item: Callable[[Any], T]) -> None:
        self._response: aiohttp.ClientResponse = response.stream
        self.headers = response.headers
        self._parser = EventStreamParser(decode_item)
        self._pending: deque[T] = deque()
        self._closed = False

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        pending = self._pending
        content = self._response.content
        while not pending:
            if self._parser.error is not None:
                self._close()
                raise self._parser.error
            if self._parser.done or self._closed:
                self._close()
                raise StopAsyncIteration
            try:
                # readany(), never readline(): aiohttp rejects lines over its limit.
                chunk = await content.readany()
            except (aiohttp.ClientError, TimeoutError) as e:
                self._close()
                err = StreamError(f"the event stream broke: {type(e).__name__}: {e}")
            else:
                if not chunk:
                    self._close()
                    self._parser.finish()
                    raise StopAsyncIteration
                try:
                    pending.extend(self._parser.feed(chunk))
                except BaseException:
                    self._close()
                    raise
                continue
            raise err
        return pending.popleft()

    def _close(self) -> None:
        self._pending.clear()
        if not self._closed:
            self._closed = True
            if self._parser.done:
                self._response.release()
            else:
                self._response.close()

    async def aclose(self) -> None:
        self._close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._close()

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            self._close()


class AsyncClient(BaseClient[aiohttp.ClientSession]):
    """The asyncio client, over aiohttp. ``async with AsyncClient() as c: await c.chat().create(req)``."""

    _transport: AiohttpTransport
    _transport_type = AiohttpTransport

    async def _invoke(
        self, fn: Callable[..., ApiRequest[Any]], resource: Any, /, *args: Any, **kwargs: Any
    ) -> Any:
        api = fn(resource, *args, **kwargs)
        result = await run_async(call_flow(api, self._settings), self._transport)
        if api.stream_item is not None:
            return AsyncStream(result, api.stream_item)
        return result

    async def _run_plan(
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
                sent = await self._gather(step)
            except OpenAIError as e:
                error = e

    async def _gather(self, step: Calls) -> list[Any]:
        limit = asyncio.Semaphore(max(1, step.concurrency))

        async def one(api: ApiRequest[Any]) -> Any:
            async with limit:
                try:
                    return await run_async(call_flow(api, self._settings), self._transport)
                except OpenAIError as e:
                    if step.return_exceptions:
                        return e
                    raise

        tasks = [asyncio.ensure_future(one(api)) for api in step.requests]
        try:
            return list(await asyncio.gather(*tasks))
        finally:
            # On the first failure stop the other calls, and leave no task pending.
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def close(self) -> None:
        """Close the connections this client opened (not a session passed in)."""
        await self._transport.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
