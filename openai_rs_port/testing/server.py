"""``MockOpenAIServer``: the local server's app, its middleware, and its lifecycle.

It serves a predictable slice of the API under ``/v1`` from a background thread, records
every request byte for byte, and can be scripted to answer with faults::

    with MockOpenAIServer() as server:
        client = Client(OpenAIConfig(api_key="sk-x", api_base=server.base_url))
        server.script("/v1/chat/completions", {"status": 500}, {"pass": True})
        client.chat().create(request)          # retried, then answered normally
        assert len(server.requests()) == 2

The same controls exist over HTTP for out-of-process use (``routes/control.py``).
"""

from __future__ import annotations

import asyncio
import itertools
import math
import socket
import threading
from collections.abc import Awaitable, Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from . import routes
from .clock import Clock
from .errors import ApiFailure
from .gates import Gate
from .ratelimits import LIMITED_PATHS, RateLimits
from .routing import RouteGroup, azure_to_v1
from .scripting import play
from .state import RecordedRequest, ServerState

__all__ = ["MockOpenAIServer", "build_app"]

_MAX_BODY = 1 << 30
_REQUEST_ID = web.RequestKey("request_id", str)
_DEFAULT_LIMITS = RateLimits()

Next = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _middleware(state: ServerState, record: bool) -> Any:
    counter = itertools.count(1)

    @web.middleware
    async def middleware(request: web.Request, handler: Next) -> web.StreamResponse:
        request[_REQUEST_ID] = f"req_mock{next(counter):06d}"
        if request.path.startswith("/_control/"):
            try:
                return await handler(request)
            except ApiFailure as e:
                return e.response()
        # An Azure deployment path is the /v1 path it stands for, to rate limits and scripts.
        v1_path = azure_to_v1(request.path)
        api_path = request.path if v1_path is None else v1_path
        if api_path.startswith("/v1/"):
            state.served()
        if record:
            body = await request.read()
            state.record(RecordedRequest(
                method=request.method,
                path=request.path,
                raw_path=request.rel_url.raw_path,
                query=tuple(request.query.items()),
                headers={k.lower(): v for k, v in request.headers.items()},
                body=bytes(body),
            ))
        try:
            if v1_path is not None and not request.query.get("api-version"):
                raise ApiFailure(400, "Missing required query parameter: 'api-version'.",
                                 param="api-version", code="missing_api_version")
            paths = {request.path, request.rel_url.raw_path}
            # A test can also name a route by its template: ids are made up by the server.
            resource = request.match_info.route.resource
            if resource is not None:
                paths.add(resource.canonical)
            if v1_path is not None:
                paths.update(p for p in map(azure_to_v1, list(paths)) if p is not None)
            if request.method == "POST" and api_path in LIMITED_PATHS:
                wait = state.admit()
                if wait is not None:
                    raise ApiFailure(
                        429, "Rate limit reached: please try again later.",
                        type="requests", code="rate_limit_exceeded",
                        headers={"retry-after": str(math.ceil(wait)),
                                 "retry-after-ms": str(math.ceil(wait * 1000))})
            scripted = state.scripts.take(request.method, paths)
            if scripted is not None:
                return await play(request, scripted, state.gates, handler)
            if state.api_key is not None and not _authorized(request, state.api_key) and not (
                request.path == "/v1/realtime" and _ephemeral(request, state)
            ):
                raise ApiFailure(401, "Incorrect API key provided.", code="invalid_api_key")
            return await handler(request)
        except ApiFailure as e:
            return e.response()
        except web.HTTPException as e:
            if e.status == 404:
                return ApiFailure(404, f"Unknown request URL: {request.method} {request.path}.",
                                  code="unknown_url").response()
            if e.status == 405:
                return ApiFailure(405, f"Method {request.method} not allowed on {request.path}.",
                                  ).response()
            raise

    return middleware


def _stamp(state: ServerState) -> Callable[[web.Request, web.StreamResponse], Awaitable[None]]:
    # Runs as every answer's head is sent (streams too): scripted headers win.
    async def stamp(request: web.Request, response: web.StreamResponse) -> None:
        headers = response.headers
        if "x-request-id" not in headers and _REQUEST_ID in request:
            headers["x-request-id"] = request[_REQUEST_ID]
        if request.path.startswith("/v1/") or azure_to_v1(request.path) is not None:
            for name, value in state.rate_limit_headers().items():
                headers.setdefault(name, value)

    return stamp


def _authorized(request: web.Request, api_key: str) -> bool:
    if request.headers.get("Authorization") == f"Bearer {api_key}":
        return True
    # Azure's paths (REST and realtime) take the key in the api-key header.
    return request.path.startswith("/openai/") and request.headers.get("api-key") == api_key


def _ephemeral(request: web.Request, state: ServerState) -> bool:
    # The Realtime WebSocket also takes the ephemeral key of a session made over REST (its
    # route then checks that the key has not expired).
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    return token in state.realtime_sessions


def build_app(state: ServerState, groups: Iterable[RouteGroup] | None = None, *,
              record: bool = True) -> web.Application:
    """The aiohttp application: the control API, then ``groups`` (default: ``routes.ALL``).

    ``record=False`` keeps no request bodies (and leaves them unread for handlers that
    stream them, as uploads do): for benchmarks that send gigabytes.
    """
    app = web.Application(middlewares=[_middleware(state, record)], client_max_size=_MAX_BODY)
    app.on_response_prepare.append(_stamp(state))
    for group in (routes.CONTROL, *(routes.ALL if groups is None else groups)):
        group.install(app.router, state)
    return app


class MockOpenAIServer:
    """The app served from a background thread with its own event loop.

    ``start()`` returns ``base_url`` (``http://127.0.0.1:<port>/v1``); ``stop()`` or leaving
    ``with`` shuts it down. Safe to use from sync code and from any event loop.

    ``page_size`` is the default ``limit`` of every paginated list (``None``: the spec's
    default of each list); ``rate_limits`` the ``x-ratelimit-*`` headers on ``/v1``
    answers (``None``: none); ``poll_step`` the seconds each retrieve of a job moves the
    clock (0: only ``clock.advance`` moves it). ``reset()`` restores all three.
    """

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, *, api_key: str | None = None,
        groups: Iterable[RouteGroup] | None = None, page_size: int | None = None,
        rate_limits: RateLimits | None = _DEFAULT_LIMITS, poll_step: float = 1.0,
    ) -> None:
        self.host = host
        self.port = port
        self.state = ServerState(api_key, page_size=page_size, rate_limits=rate_limits,
                                 poll_step=poll_step)
        self._groups = None if groups is None else tuple(groups)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._sock: socket.socket | None = None

    @property
    def url(self) -> str:
        """``http://host:port`` (no ``/v1``)."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The ``api_base`` for a client: ``http://host:port/v1``."""
        return self.url + "/v1"

    @property
    def clock(self) -> Clock:
        """The server's clock: ``advance(seconds)`` moves every job along."""
        return self.state.clock

    # Lifecycle -----------------------------------------------------------------------

    def _bind(self) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            raise
        self.port = int(sock.getsockname()[1])
        return sock

    async def _serve(self, sock: socket.socket) -> web.AppRunner:
        app = build_app(self.state, self._groups)
        # handler_cancellation: a client that hangs up stops its (possibly stalled) handler.
        runner = web.AppRunner(app, handler_cancellation=True, access_log=None,
                               shutdown_timeout=0.5)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        return runner

    def start(self) -> str:
        """Start serving in a background thread; returns ``base_url``."""
        if self._thread is not None:
            return self.base_url
        self._sock = sock = self._bind()
        loop = self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                self._runner = loop.run_until_complete(self._serve(sock))
            except BaseException as e:  # reported to start()'s caller
                failure.append(e)
                ready.set()
                return
            ready.set()
            loop.run_forever()

        self._thread = threading.Thread(target=run, name=f"mock-openai-{self.port}", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            loop.close()
            sock.close()
            raise failure[0]
        return self.base_url

    def stop(self) -> None:
        """Stop serving and free the port and the thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), loop).result(30)
            self._runner = None
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)

        async def _drain() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        loop.run_until_complete(_drain())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        self._loop = self._thread = None

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (``python -m openai_rs_port.testing``)."""
        sock = self._bind()

        async def main() -> None:
            runner = await self._serve(sock)
            try:
                await asyncio.Event().wait()
            finally:
                await runner.cleanup()

        try:
            asyncio.run(main())
        except KeyboardInterrupt:
            pass
        finally:
            sock.close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # Test helpers: the same process, so they use the state directly. -----------------

    def script(self, path: str, *responses: Mapping[str, Any], method: str = "POST") -> None:
        """Answer the next requests to ``method path`` with ``responses``, one each, in order.

        ``path`` is the full path (``/v1/chat/completions``) or a route's template
        (``/v1/files/{file_id}``); ``method="*"`` matches any. The keys of a response are
        listed in ``openai_rs_port.testing.scripting``: ``status``, ``headers``, a body
        (``json``, ``body``, ``raw_bytes_b64``, ``sse``), ``then``, gates (``open``,
        ``wait``, and ``{"wait": ...}``/``{"open": ...}`` steps in ``sse``), ``delay``,
        ``disconnect``, ``pass``. Raises ``ApiFailure`` for one it cannot play.
        """
        self.state.scripts.add(method, path, responses)

    def requests(self, path: str | None = None) -> list[RecordedRequest]:
        """Requests received since the last reset (only those to ``path`` when given)."""
        recs = self.state.records()
        return recs if path is None else [r for r in recs if r.path == path]

    def gate(self, name: str) -> Gate:
        """The gate ``name`` (made on first use): ``open()`` it to release a scripted
        ``wait``; ``wait(timeout)`` for one a script opens."""
        return self.state.gates(name)

    def wait_for(self, name: str, timeout: float = 10.0) -> None:
        """Block until gate ``name`` is opened (by a script's ``open``); ``TimeoutError``
        after ``timeout`` seconds."""
        if not self.state.gates(name).wait(timeout):
            raise TimeoutError(f"gate {name!r} was not opened within {timeout} s")

    def reset(self) -> None:
        """Back to a fresh start: drop scripts, records, gates and every stored object,
        put the clock back, and restore ``page_size``, ``rate_limits`` and ``poll_step``."""
        self.state.reset()
