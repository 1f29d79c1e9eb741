"""A Realtime API connection over WebSocket (``client.realtime().connect(model=...)``).

The protocol lives once, in ``AsyncRealtimeConnection`` (aiohttp's WebSocket client).
``Client`` runs that same object on a background event loop thread and waits for each of its
calls (``RealtimeConnection``), so both modes send and receive exactly the same frames.

A server close or a dropped socket ends the connection with ``RealtimeConnectionClosed``
(never a hang: aiohttp's heartbeat pings an idle connection and gives up on a silent peer);
leaving the ``with`` block closes the socket.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from collections.abc import Coroutine, Iterator
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import aiohttp

from ._codec import decoder_for, to_json_bytes
from .config import AzureConfig, Config
from .error import APIConnectionError, JSONDeserialize
from .types.realtime.events import (
    RealtimeClientEvent,
    RealtimeClientEventConversationItemCreate,
    RealtimeClientEventInputAudioBufferAppend,
    RealtimeClientEventInputAudioBufferCommit,
    RealtimeClientEventResponseCreate,
    RealtimeClientEventSessionUpdate,
    RealtimeContentPart,
    RealtimeConversationItem,
    RealtimeResponseCreateParams,
    RealtimeServerEvent,
    RealtimeServerItem,
    RealtimeUnknownServerEvent,
)
from .types.realtime.session import RealtimeClientSecret, RealtimeSessionCreateRequest

__all__ = [
    "DEFAULT_HEARTBEAT",
    "AsyncRealtimeConnection",
    "AsyncRealtimeConnectionManager",
    "RealtimeConnection",
    "RealtimeConnectionClosed",
    "RealtimeConnectionManager",
    "RealtimeHandshakeError",
]

T = TypeVar("T")

DEFAULT_HEARTBEAT = 20.0
"""Seconds between pings on an idle connection (a peer that misses a pong is dropped)."""

# A socket cut without a close frame: RFC 6455's "abnormal closure".
_ABNORMAL = 1006

_KNOWN_EVENT = decoder_for(RealtimeServerEvent)


class RealtimeConnectionClosed(APIConnectionError):
    """The connection ended while the client still used it: the server closed it (``code``
    and ``reason`` from its close frame) or the socket was cut (``code`` 1006)."""

    def __init__(self, message: str, *, code: int | None, reason: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason


class RealtimeHandshakeError(APIConnectionError):
    """The server refused the WebSocket upgrade (``status``: 401 for a bad key, ...)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


def _server_event(value: Any) -> RealtimeServerItem:
    event = _KNOWN_EVENT(value)
    if type(event) is dict:
        # The tagged decoder keeps an unknown ``type`` as raw JSON; wrap it to stay typed.
        return RealtimeUnknownServerEvent(type=str(event.get("type")), data=event)
    return event  # type: ignore[no-any-return]


def _ws_url(config: Config, model: str) -> tuple[str, dict[str, str]]:
    if isinstance(config, AzureConfig):
        # Azure's form: {base}/openai/realtime?api-version=...&deployment=...
        url = f"{config.api_base}/openai/realtime"
        query = {**config.query(), "deployment": config.deployment_id or model}
    else:
        url = config.url("/realtime")
        query = {**config.query(), "model": model}
    parts = urlsplit(url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    return urlunsplit((scheme, *parts[1:])), query


def _headers(config: Config, client_secret: str | RealtimeClientSecret | None) -> dict[str, str]:
    headers = dict(config.headers())
    if client_secret is not None:
        secret = client_secret.value if isinstance(client_secret, RealtimeClientSecret) else client_secret
        # An ephemeral key stands in for the API key, in the header each service reads.
        headers.pop("api-key", None)
        headers["Authorization"] = f"Bearer {secret}"
    headers["OpenAI-Beta"] = "realtime=v1"
    return headers


class AsyncRealtimeConnection:
    """An open Realtime session: ``send`` client events, iterate server events."""

    def __init__(self, session: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._session = session
        self._ws = ws
        self._closing = False
        self._reason = ""

    @classmethod
    async def open(
        cls,
        config: Config,
        *,
        model: str,
        client_secret: str | RealtimeClientSecret | None = None,
        heartbeat: float | None = DEFAULT_HEARTBEAT,
        timeout: float = 30.0,
    ) -> AsyncRealtimeConnection:
        """Connects to the Realtime API for ``model`` (an Azure deployment for ``AzureConfig``)."""
        url, query = _ws_url(config, model)
        # ``timeout`` bounds the handshake; the open socket has no read timeout (the heartbeat
        # finds a dead peer instead, since a session may rightly stay quiet for minutes).
        session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None, connect=timeout))
        try:
            ws = await session.ws_connect(
                url, params=query, headers=_headers(config, client_secret), heartbeat=heartbeat,
                timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=timeout),
                # Audio frames are large: 1 MiB of PCM is about 1.4 MiB of base64 JSON.
                max_msg_size=16 * 1024 * 1024,
            )
        except aiohttp.WSServerHandshakeError as e:
            await session.close()
            raise RealtimeHandshakeError(
                f"the Realtime WebSocket upgrade was refused ({e.status} {e.message})", status=e.status
            ) from e
        except (TimeoutError, aiohttp.ClientError, OSError) as e:
            await session.close()
            raise APIConnectionError(f"cannot connect to the Realtime API: {e}") from e
        except BaseException:
            await session.close()
            raise
        return cls(session, ws)

    @property
    def closed(self) -> bool:
        return self._ws.closed

    async def send(self, event: RealtimeClientEvent) -> None:
        """Sends one client event."""
        if self._ws.closed:
            raise self._closed_error()
        try:
            await self._ws.send_str(to_json_bytes(event).decode())
        except (ConnectionResetError, aiohttp.ClientError) as e:
            raise self._closed_error() from e

    async def recv(self) -> RealtimeServerItem:
        """The next server event; ``RealtimeConnectionClosed`` once the connection is gone."""
        while True:
            msg = await self._ws.receive()
            if msg.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
                try:
                    value = json.loads(msg.data)
                except ValueError as e:
                    raise JSONDeserialize(f"a Realtime server frame is not JSON: {e}", msg.data) from e
                return _server_event(value)
            if msg.type in (aiohttp.WSMsgType.PING, aiohttp.WSMsgType.PONG):
                continue
            if msg.type is aiohttp.WSMsgType.CLOSE and isinstance(msg.extra, str):
                self._reason = msg.extra  # the close frame's reason text
            raise self._closed_error()

    def _closed_error(self) -> RealtimeConnectionClosed:
        code = self._ws.close_code
        if self._closing:
            return RealtimeConnectionClosed("the Realtime connection was closed by the client", code=code)
        if code is None or code == _ABNORMAL:
            return RealtimeConnectionClosed(
                "the Realtime connection was lost (socket closed without a close frame)", code=_ABNORMAL
            )
        reason = self._reason
        return RealtimeConnectionClosed(
            f"the Realtime server closed the connection (code {code}{': ' + reason if reason else ''})",
            code=code, reason=reason,
        )

    def __aiter__(self) -> AsyncRealtimeConnection:
        return self

    async def __anext__(self) -> RealtimeServerItem:
        # Iteration ends quietly only after the client's own close; a server close raises.
        if self._closing:
            raise StopAsyncIteration
        try:
            return await self.recv()
        except RealtimeConnectionClosed:
            if self._closing:  # closed by another task (or thread) while this one waited
                raise StopAsyncIteration from None
            raise

    async def update_session(self, session: RealtimeSessionCreateRequest) -> None:
        """``session.update``: new settings for the rest of the session."""
        await self.send(RealtimeClientEventSessionUpdate(session=session))

    async def create_text_item(self, text: str, *, role: str = "user") -> None:
        """``conversation.item.create``: a message of ``role`` holding ``text``."""
        kind = "text" if role == "assistant" else "input_text"
        item = RealtimeConversationItem(
            type="message", role=role, content=[RealtimeContentPart(type=kind, text=text)]
        )
        await self.send(RealtimeClientEventConversationItemCreate(item=item))

    async def append_audio(self, pcm: bytes) -> None:
        """``input_audio_buffer.append`` of raw audio bytes (base64 is done here)."""
        await self.send(RealtimeClientEventInputAudioBufferAppend(audio=base64.b64encode(pcm).decode()))

    async def commit_audio(self) -> None:
        """``input_audio_buffer.commit``: the appended audio becomes a user item."""
        await self.send(RealtimeClientEventInputAudioBufferCommit())

    async def create_response(self, response: RealtimeResponseCreateParams | None = None) -> None:
        """``response.create``: asks the model to answer, optionally with these settings."""
        await self.send(RealtimeClientEventResponseCreate(response=response))

    async def close(self) -> None:
        """Closes the socket (a normal close, code 1000); safe to call twice."""
        self._closing = True
        try:
            await self._ws.close()
        finally:
            await self._session.close()


class AsyncRealtimeConnectionManager:
    """``async with client.realtime().connect(model=...) as conn``: connects on entry, closes on exit."""

    def __init__(self, config: Config, **options: Any) -> None:
        self._config = config
        self._options = options
        self._conn: AsyncRealtimeConnection | None = None

    async def __aenter__(self) -> AsyncRealtimeConnection:
        self._conn = await AsyncRealtimeConnection.open(self._config, **self._options)
        return self._conn

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            await conn.close()


class _LoopThread:
    """An event loop on a daemon thread, for the sync client to run the async connection on."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="realtime-ws", daemon=True)
        self._thread.start()

    @property
    def stopped(self) -> bool:
        return self.loop.is_closed()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()


class RealtimeConnection:
    """The sync face of ``AsyncRealtimeConnection``: each call runs it on a background loop."""

    def __init__(self, conn: AsyncRealtimeConnection, runner: _LoopThread) -> None:
        self._conn = conn
        self._runner = runner

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        if self._runner.stopped:
            # Left its ``with`` block: the loop is gone with the socket.
            coro.close()
            raise self._conn._closed_error()
        return self._runner.run(coro)

    @property
    def closed(self) -> bool:
        return self._conn.closed

    def send(self, event: RealtimeClientEvent) -> None:
        """Sends one client event."""
        self._run(self._conn.send(event))

    def recv(self) -> RealtimeServerItem:
        """The next server event; ``RealtimeConnectionClosed`` once the connection is gone."""
        return self._run(self._conn.recv())

    def __iter__(self) -> Iterator[RealtimeServerItem]:
        return self

    def __next__(self) -> RealtimeServerItem:
        if self._runner.stopped:
            raise StopIteration
        try:
            return self._run(self._conn.__anext__())
        except StopAsyncIteration:
            raise StopIteration from None

    def update_session(self, session: RealtimeSessionCreateRequest) -> None:
        """``session.update``: new settings for the rest of the session."""
        self._run(self._conn.update_session(session))

    def create_text_item(self, text: str, *, role: str = "user") -> None:
        """``conversation.item.create``: a message of ``role`` holding ``text``."""
        self._run(self._conn.create_text_item(text, role=role))

    def append_audio(self, pcm: bytes) -> None:
        """``input_audio_buffer.append`` of raw audio bytes (base64 is done here)."""
        self._run(self._conn.append_audio(pcm))

    def commit_audio(self) -> None:
        """``input_audio_buffer.commit``: the appended audio becomes a user item."""
        self._run(self._conn.commit_audio())

    def create_response(self, response: RealtimeResponseCreateParams | None = None) -> None:
        """``response.create``: asks the model to answer, optionally with these settings."""
        self._run(self._conn.create_response(response))

    def close(self) -> None:
        """Closes the socket (a normal close, code 1000); safe to call twice."""
        if not self._runner.stopped:
            self._run(self._conn.close())


class RealtimeConnectionManager:
    """``with client.realtime().connect(model=...) as conn``: connects on entry, closes on exit."""

    def __init__(self, config: Config, **options: Any) -> None:
        self._config = config
        self._options = options
        self._runner: _LoopThread | None = None
        self._conn: RealtimeConnection | None = None

    def __enter__(self) -> RealtimeConnection:
        runner = _LoopThread()
        try:
            conn = runner.run(AsyncRealtimeConnection.open(self._config, **self._options))
        except BaseException:
            runner.stop()
            raise
        self._runner = runner
        self._conn = RealtimeConnection(conn, runner)
        return self._conn

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        conn, runner = self._conn, self._runner
        self._conn = self._runner = None
        try:
            if conn is not None:
                conn.close()
        finally:
            if runner is not None:
                runner.stop()

