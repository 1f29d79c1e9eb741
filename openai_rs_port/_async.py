"""The asynchronous transport: aiohttp, an asyncio driver for the call flow, and ``AsyncStream``."""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator
from functools import partial
from types import TracebackType
from typing import Any, Self, TypeVar

import aiohttp
from yarl import URL

from ._base_client import BaseClient
from ._flow import Send, Sleep, call_flow
from ._network import (
    Verify,
    check_network_args,
    check_proxy,
    env_has_proxy,
    env_proxy,
    hide_secret,
    proxy_password,
    resolve_verify,
    ssl_context,
    tls_failure,
)
from ._pagination import AsyncPager
from ._request import (
    ApiRequest,
    HttpRequest,
    HttpResponse,
    MultipartBody,
    Timeout,
    scrub_secrets,
)
from ._resource import Calls, Invoke, Plan
from ._sse import END, NEED_DATA
from ._stream import StreamCore
from .error import APIConnectionError, APITimeoutError, EventLoopMismatch, OpenAIError

__all__ = ["AiohttpTransport", "AsyncClient", "AsyncRawClient", "AsyncStream"]

T = TypeVar("T")


@functools.lru_cache(maxsize=64)
def _client_timeout(t: Timeout) -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(total=None, sock_connect=t.connect, sock_read=t.read)


async def _blocks(body: MultipartBody) -> AsyncIterator[bytes]:
    for block in body.chunks():
        yield block


async def _closed_with_loop(session: aiohttp.ClientSession) -> AsyncGenerator[None, None]:
    # Held suspended at its yield while the session is open. asyncio.run() (and
    # asyncio.Runner, so pytest-asyncio too) finalizes async generators before it closes
    # the loop, and that runs the finally: the session closes on its own loop, even if
    # nobody closed the client. An async generator rather than a task, so that nothing
    # shows in asyncio.all_tasks().
    try:
        yield
    finally:
        await session.close()


def _route(proxy: str | None) -> URL | None:
    # Credentials stay in the URL: aiohttp sends them as Proxy-Authorization both on a
    # plain request and on CONNECT (its proxy_auth= is deprecated, and proxy_headers=
    # reach CONNECT only).
    return URL(proxy) if proxy else None


class AiohttpTransport:
    """Sends an ``HttpRequest`` over an ``aiohttp.ClientSession`` created on first use.

    A session it opens gets ``proxy`` and ``verify`` (see ``_network``) and lives on one
    event loop: used on another loop (a second ``asyncio.run()``), the transport opens a
    new one there. A caller's session is used as the caller configured it, on its loop.
    """

    def __init__(
        self, session: aiohttp.ClientSession | None = None, *, proxy: str | None = None,
        verify: Verify = None,
    ) -> None:
        check_network_args(session is not None, proxy, verify)
        self._owned = session is None
        self._session = session
        # The loop the session belongs to (aiohttp keeps a caller's session's loop only
        # privately; without it the first loop the session is used on counts).
        self._loop: asyncio.AbstractEventLoop | None = getattr(session, "_loop", None)
        self._guard: AsyncGenerator[None, None] | None = None
        self._verify = resolve_verify(verify) if session is None else True
        # Not aiohttp's trust_env: it costs two thread-pool round trips per request (the
        # netrc and proxy look-ups; 2,400 -> 800 req/s at concurrency 100). The
        # environment's proxy for each origin is looked up once instead.
        self._proxy: URL | None = None
        self._env_routes: dict[str, URL | None] | None = None
        self._secrets: tuple[str, ...] = ()
        if session is None:
            if check_proxy(proxy) is not None:
                self._proxy = _route(proxy)
                self._secrets = proxy_password(proxy)
            elif env_has_proxy():
                self._env_routes = {}

    async def _open(self) -> aiohttp.ClientSession:
        # The session for the running loop: a new one if ours is closed or on another loop.
        loop = asyncio.get_running_loop()
        session = self._session
        if not self._owned:
            assert session is not None
            if self._loop is not None and self._loop is not loop:
                raise EventLoopMismatch(
                    "the aiohttp session given to this AsyncClient was created on another event "
                    "loop (a previous asyncio.run(), for example), and a session cannot move "
                    "between loops: create it inside the loop that uses it, or let the client "
                    "open its own"
                )
            self._loop = loop
            return session
        if session is not None and not session.closed:
            await self._forget(loop)
            if self._session is not None and self._loop is loop:
                return self._session  # another task opened one meanwhile
        connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300, ssl=ssl_context(self._verify))
        session = self._session = aiohttp.ClientSession(
            connector=connector, auto_decompress=True, skip_auto_headers=("User-Agent",)
        )
        self._loop = loop
        # aiohttp resends an idempotent request once after a dropped connection (a
        # private switch, no public one); our Backoff alone decides on attempts, so
        # both clients send the same number of requests.
        if hasattr(session, "_retry_connection"):
            session._retry_connection = False
        guard = self._guard = _closed_with_loop(session)
        await guard.__anext__()
        return session

    async def _forget(self, loop: asyncio.AbstractEventLoop) -> None:
        # Let go of an open session of another loop, closing it where that can be done.
        old_loop, guard = self._loop, self._guard
        if old_loop is not None and old_loop.is_running():
            raise EventLoopMismatch(
                "this AsyncClient is in use on an event loop running in another thread; "
                "use one AsyncClient per event loop"
            )
        self._session = self._guard = None
        if guard is not None and (old_loop is None or old_loop.is_closed()):
            # Its connections died with their loop: closing only marks the session
            # closed (no "Unclosed client session" later), with no I/O.
            await guard.aclose()
        # A loop that is still open gets the guard back through its async-generator
        # finalizer, and closes the session the next time it runs.

    def _env_route(self, url: str) -> URL | None:
        end = url.find("/", 8)  # past "https://"
        key = url if end < 0 else url[:end]
        routes = self._env_routes
        assert routes is not None
        try:
            return routes[key]
        except KeyError:
            pass
        if len(routes) >= 256:
            routes.clear()
        proxy = env_proxy(key)
        route = routes[key] = _route(proxy)
        if proxy:
            self._secrets = tuple({*self._secrets, *proxy_password(proxy)})
        return route

    async def send(self, request: HttpRequest) -> HttpResponse:
        t: Timeout = request.timeout
        err: OpenAIError
        body: Any = request.body
        headers = request.headers
        if isinstance(body, MultipartBody):
            headers = {**headers, "Content-Length": str(body.length)}
            body = _blocks(body)
        session = self._session
        if (
            session is None
            or self._loop is not asyncio.get_running_loop()
            or (self._owned and session.closed)
        ):
            session = await self._open()
        proxy = self._proxy if self._env_routes is None else self._env_route(request.url)
        try:
            r = await session.request(
                request.method,
                request.url,
                headers=headers,
                data=body,
                timeout=_client_timeout(t),
                allow_redirects=False,
                proxy=proxy,
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
            err = APITimeoutError(self._message(f"request timed out: {type(e).__name__} {e}", request))
        except aiohttp.ClientError as e:
            # str(), never repr(): aiohttp's repr can include request headers.
            text = tls_failure(e, request.url) or f"connection failed: {type(e).__name__}: {e}"
            err = APIConnectionError(self._message(text, request))
        raise err

    def _message(self, text: str, request: HttpRequest) -> str:
        return hide_secret(scrub_secrets(text, request), self._secrets)

    async def close(self) -> None:
        if not self._owned or self._session is None:
            return
        loop, guard = self._loop, self._guard
        self._session = self._guard = None
        if guard is not None and (
            loop is None or loop.is_closed() or loop is asyncio.get_running_loop()
        ):
            await guard.aclose()  # its finally closes the session


async def drive(gen: Generator[Any, Any, T], perform: Callable[[Any], Awaitable[Any]]) -> T:
    """Run a generator that yields actions (a call flow or a plan) on asyncio.

    ``perform`` does one action; an ``OpenAIError`` it raises is thrown into the generator.
    """
    value: Any = None
    error: OpenAIError | None = None
    while True:
        try:
            action = gen.throw(error) if error is not None else gen.send(value)
        except StopIteration as stop:
            result: T = stop.value
            return result
        value = error = None
        try:
            value = await perform(action)
        except OpenAIError as e:
            error = e


_READ_ERRORS = (aiohttp.ClientError, OSError, asyncio.TimeoutError)
_READ_TIMEOUTS = (TimeoutError, aiohttp.ServerTimeoutError)


class AsyncStream(StreamCore[T]):
    """An async iterator of typed stream items; ``aclose()`` or ``async with`` frees the connection."""

    __slots__ = ()

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        while (item := self._next()) is NEED_DATA:
            try:
                # readany(), never readline(): aiohttp rejects lines over its limit.
                chunk = await self._response.content.readany()
            except _READ_ERRORS as e:
                self._broke(e, isinstance(e, _READ_TIMEOUTS))
            self._feed(chunk)
        if item is END:
            raise StopAsyncIteration
        result: T = item
        return result

    def _release_connection(self, clean: bool) -> None:
        if clean:
            self._response.release()
        else:
            self._response.close()

    async def aclose(self) -> None:
        """Stop the stream and free its connection; items already buffered are dropped."""
        self._release()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._release()


async def _invoke_all(step: Invoke) -> list[Any]:
    """Call each callable in order, then await the awaitables among the results together."""
    results: list[Any] = []
    pending: dict[int, Awaitable[Any]] = {}
    for i, fn in enumerate(step.callables):
        try:
            value = fn()
        except Exception as e:
            value = e
        if inspect.isawaitable(value):
            pending[i] = value
        results.append(value)
    if pending:
        done = await asyncio.gather(*pending.values(), return_exceptions=True)
        for i, value in zip(pending, done, strict=True):
            if isinstance(value, BaseException) and not isinstance(value, Exception):
                raise value  # cancellation goes on up
            results[i] = value
    return results


class AsyncClient(BaseClient[aiohttp.ClientSession]):
    """The asyncio client, over aiohttp. ``async with AsyncClient() as c: await c.chat().create(req)``."""

    _transport: AiohttpTransport
    _transport_type = AiohttpTransport

    _stream_type = AsyncStream

    async def _perform(self, action: Any) -> Any:
        if type(action) is Send:
            return await self._transport.send(action.request)
        if type(action) is Sleep:
            await asyncio.sleep(action.seconds)
            return None
        if type(action) is Invoke:
            return await _invoke_all(action)
        runner = self._copy(raw=True) if action.raw else self
        return await runner._gather(action)

    async def _call(self, api: ApiRequest[Any]) -> Any:
        return self._finish(api, await drive(call_flow(api, self._settings), self._perform))

    async def _invoke(
        self, fn: Callable[..., ApiRequest[Any]], resource: Any, /, *args: Any, **kwargs: Any
    ) -> Any:
        api = fn(resource, *args, **kwargs)
        return self._finish(api, await drive(call_flow(api, self._settings), self._perform))

    async def _fetch_page(self, api: ApiRequest[Any]) -> Any:
        return self._bound_page(api, await self._call(api))

    def _invoke_page(
        self, fn: Callable[..., ApiRequest[Any]], resource: Any, /, *args: Any, **kwargs: Any
    ) -> AsyncPager[Any]:
        api = fn(resource, *args, **kwargs)
        return AsyncPager(partial(self._fetch_page, api))

    async def _run_plan(
        self, fn: Callable[..., Plan[T]], resource: Any, /, *args: Any, **kwargs: Any
    ) -> T:
        # A plan's steps get plain values, whatever the client's options.
        runner = self._copy(raw=False) if self._settings.raw else self
        return await drive(fn(resource, *args, **kwargs), runner._perform)

    async def _gather(self, step: Calls) -> list[Any]:
        limit = asyncio.Semaphore(max(1, step.concurrency))

        async def one(api: ApiRequest[Any]) -> Any:
            async with limit:
                try:
                    return await self._call(api)
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

    def with_raw_response(self) -> AsyncRawClient:
        """A client whose every endpoint returns ``RawResponse[T]`` (status, headers, ``parse()``)."""
        # One raw twin per client: making it per call would cost a client and its groups.
        try:
            twin: AsyncRawClient = self._groups[AsyncRawClient]
        except KeyError:
            twin = self._groups[AsyncRawClient] = self._copy(AsyncRawClient, raw=True)
        return twin

    async def close(self) -> None:
        """Close the connections this client opened (not a session passed in)."""
        await self._transport.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


class AsyncRawClient(AsyncClient):
    """``AsyncClient.with_raw_response()``: endpoints return awaitables of ``RawResponse[T]``."""
