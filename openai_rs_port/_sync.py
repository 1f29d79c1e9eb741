"""The synchronous transport: requests, a blocking driver for the call flow, and ``Stream``."""

from __future__ import annotations

import asyncio
import http.client
import inspect
import ssl
import time
from collections.abc import Awaitable, Callable, Generator, Iterator
from types import TracebackType
from typing import Any, Self, TypeVar

import requests
import requests.adapters
import urllib3

from ._base_client import BaseClient
from ._flow import Send, Sleep, call_flow
from ._network import (
    Verify,
    check_network_args,
    check_proxy,
    hide_secret,
    proxy_password,
    resolve_verify,
    tls_failure,
)
from ._request import (
    ApiRequest,
    HttpRequest,
    HttpResponse,
    MultipartBody,
    Timeout,
    scrub_secrets,
)
from ._resource import Invoke, Plan
from ._sse import END, NEED_DATA, StreamSpec
from ._stream import StreamCore
from .error import APIConnectionError, APITimeoutError, OpenAIError

__all__ = ["Client", "RawClient", "RequestsTransport", "Stream"]

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


class _ContextAdapter(requests.adapters.HTTPAdapter):
    # Connects over the caller's ssl.SSLContext, which requests cannot take itself. The two
    # hooks are the ones requests documents for this; without them requests would load
    # certifi into the caller's context on every new connection.

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context
        super().__init__()

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: Any, cert: Any = None
    ) -> Any:
        host, given = super().build_connection_pool_key_attributes(request, verify, cert)
        pool: dict[str, Any] = dict(given)
        pool.pop("ca_certs", None)
        pool.pop("ca_cert_dir", None)
        pool["ssl_context"] = self._context
        pool["cert_reqs"] = self._context.verify_mode  # else urllib3 overwrites the context's
        if not self._context.check_hostname:
            pool["assert_hostname"] = False  # as aiohttp: the context decides
        return host, pool

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        conn.cert_reqs = self._context.verify_mode
        conn.ca_certs = conn.ca_cert_dir = None


class RequestsTransport:
    """Sends an ``HttpRequest`` over a ``requests.Session``; returns status, headers, body.

    A session it opens gets ``proxy`` and ``verify`` (see ``_network``); a caller's session
    is used as the caller configured it.
    """

    def __init__(
        self, session: requests.Session | None = None, *, proxy: str | None = None,
        verify: Verify = None,
    ) -> None:
        check_network_args(session is not None, proxy, verify)
        self._owned = session is None
        # Passed on every request, so that neither a variable nor a session default that
        # requests would prefer (REQUESTS_CA_BUNDLE over session.verify, HTTP_PROXY over
        # session.proxies) can override them. None: requests' own defaults.
        self._verify: bool | str | None = None
        self._proxies: dict[str, str] | None = None
        self._secrets: tuple[str, ...] = ()
        if session is None:
            session = requests.Session()
            tls = resolve_verify(verify)
            if isinstance(tls, ssl.SSLContext):
                session.mount("https://", _ContextAdapter(tls))
                tls = True
            self._verify = tls
            if (url := check_proxy(proxy)) is not None:
                self._proxies = {"http": url, "https": url}
                self._secrets = proxy_password(proxy)
        self.session = session

    def send(self, request: HttpRequest) -> HttpResponse:
        t: Timeout = request.timeout
        err: OpenAIError
        body: Any = request.body
        if isinstance(body, MultipartBody):
            body = _SizedBody(body)
        proxies = self._proxies
        try:
            r = self.session.request(
                request.method,
                request.url,
                headers=request.headers,
                data=body,
                timeout=(t.connect, t.read),
                stream=request.stream,
                allow_redirects=False,
                verify=self._verify,
                # A copy: requests adds the environment's entries to the dict it is given.
                proxies=proxies.copy() if proxies is not None else None,
            )
            # requests' headers are already case-insensitive: no copy per response.
            if request.stream and r.status_code < 300:
                return HttpResponse(r.status_code, r.headers, b"", r)
            return HttpResponse(r.status_code, r.headers, r.content)
        except requests.Timeout as e:
            err = APITimeoutError(self._message(f"request timed out: {e}", request))
        except requests.RequestException as e:
            text = tls_failure(e, request.url) or f"connection failed: {type(e).__name__}: {e}"
            err = APIConnectionError(self._message(text, request))
        # Raised outside the handler so the library exception (which may hold headers)
        # is not chained as __context__.
        raise err

    def _message(self, text: str, request: HttpRequest) -> str:
        return hide_secret(scrub_secrets(text, request), self._secrets)

    def close(self) -> None:
        if self._owned:
            self.session.close()


def drive(gen: Generator[Any, Any, T], perform: Callable[[Any], Any]) -> T:
    """Run a generator that yields actions (a call flow or a plan) with blocking I/O.

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
            value = perform(action)
        except OpenAIError as e:
            error = e


# Errors urllib3/requests/http.client/the socket raise while a body is read.
_READ_ERRORS = (OSError, ValueError, urllib3.exceptions.HTTPError, http.client.HTTPException,
                requests.RequestException)
_READ_TIMEOUTS = (TimeoutError, urllib3.exceptions.TimeoutError, requests.Timeout)


class Stream(StreamCore[T]):
    """An iterator of typed stream items; closing it (or leaving ``with``) frees the connection."""

    __slots__ = ("_read",)

    def __init__(self, response: HttpResponse, spec: StreamSpec) -> None:
        super().__init__(response, spec)
        raw = self._response.raw
        self._read: Callable[[int], bytes] = raw.read1 if hasattr(raw, "read1") else raw.read

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        while (item := self._next()) is NEED_DATA:
            try:
                chunk = self._read(65536)
            except _READ_ERRORS as e:
                self._broke(e, isinstance(e, _READ_TIMEOUTS))
            self._feed(chunk)
        if item is END:
            raise StopIteration
        result: T = item
        return result

    def close(self) -> None:
        """Stop the stream and free its connection; items already buffered are dropped."""
        self._release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._release()


class Client(BaseClient[requests.Session]):
    """The synchronous client, over requests. ``with Client() as c: c.chat().create(req)``."""

    _transport: RequestsTransport
    _transport_type = RequestsTransport

    _stream_type = Stream

    def _perform(self, action: Any) -> Any:
        if type(action) is Send:
            return self._transport.send(action.request)
        if type(action) is Sleep:
            time.sleep(action.seconds)
            return None
        if type(action) is Invoke:
            return [_invoke_one(fn) for fn in action.callables]
        runner = self._copy(raw=True) if action.raw else self
        return [runner._plan_call(api, action.return_exceptions) for api in action.requests]

    def _call(self, api: ApiRequest[Any]) -> Any:
        return self._finish(api, drive(call_flow(api, self._settings), self._perform))

    def _invoke(
        self, fn: Callable[..., ApiRequest[Any]], resource: Any, /, *args: Any, **kwargs: Any
    ) -> Any:
        api = fn(resource, *args, **kwargs)
        return self._finish(api, drive(call_flow(api, self._settings), self._perform))

    def _fetch_page(self, api: ApiRequest[Any]) -> Any:
        return self._bound_page(api, self._call(api))

    def _invoke_page(
        self, fn: Callable[..., ApiRequest[Any]], resource: Any, /, *args: Any, **kwargs: Any
    ) -> Any:
        return self._fetch_page(fn(resource, *args, **kwargs))

    def _run_plan(
        self, fn: Callable[..., Plan[T]], resource: Any, /, *args: Any, **kwargs: Any
    ) -> T:
        # A plan's steps get plain values, whatever the client's options.
        runner = self._copy(raw=False) if self._settings.raw else self
        return drive(fn(resource, *args, **kwargs), runner._perform)

    def _plan_call(self, api: ApiRequest[Any], return_exceptions: bool) -> Any:
        try:
            return self._call(api)
        except OpenAIError as e:
            if return_exceptions:
                return e
            raise

    def with_raw_response(self) -> RawClient:
        """A client whose every endpoint returns ``RawResponse[T]`` (status, headers, ``parse()``)."""
        # One raw twin per client: making it per call would cost a client and its groups.
        try:
            twin: RawClient = self._groups[RawClient]
        except KeyError:
            twin = self._groups[RawClient] = self._copy(RawClient, raw=True)
        return twin

    def close(self) -> None:
        """Close the connections this client opened (not a session passed in)."""
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class RawClient(Client):
    """``Client.with_raw_response()``: endpoints return ``RawResponse[T]``."""


def _invoke_one(fn: Callable[[], Any]) -> Any:
    try:
        value = fn()
        if inspect.isawaitable(value):
            # A coroutine function called from sync code: run it on a loop of its own.
            return asyncio.run(_awaited(value))
        return value
    except Exception as e:
        return e


async def _awaited(value: Awaitable[Any]) -> Any:
    return await value


def run_detached(plan: Plan[T]) -> T:
    """Run a plan of absolute-URL calls (downloads) with no client, over a transport of its own."""
    from ._flow import Backoff, CallSettings
    from .config import OpenAIConfig

    settings = CallSettings.of(OpenAIConfig(api_key="", api_base="http://unused.invalid"),
                               Backoff(), Timeout())
    transport = RequestsTransport()

    def perform(action: Any) -> Any:
        results = []
        for api in action.requests:
            try:
                results.append(drive(call_flow(api, settings), lambda a: _send_or_sleep(transport, a)))
            except OpenAIError as e:
                if not action.return_exceptions:
                    raise
                results.append(e)
        return results

    try:
        return drive(plan, perform)
    finally:
        transport.close()


def _send_or_sleep(transport: RequestsTransport, action: Any) -> Any:
    if type(action) is Send:
        return transport.send(action.request)
    time.sleep(action.seconds)
    return None
