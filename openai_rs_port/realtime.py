"""Realtime: sessions made over REST, whose ephemeral client secret lets a browser or device
connect to the Realtime API directly."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, overload

from ._request import ApiRequest, json_body, json_decoder
from ._resource import Resource, endpoint
from .realtime_ws import DEFAULT_HEARTBEAT, AsyncRealtimeConnectionManager, RealtimeConnectionManager
from .types.realtime.session import (
    RealtimeClientSecret,
    RealtimeSessionCreateRequest,
    RealtimeSessionCreateResponse,
    RealtimeTranscriptionSessionCreateRequest,
    RealtimeTranscriptionSessionCreateResponse,
)

if TYPE_CHECKING:
    from ._async import AsyncClient
    from ._sync import Client

__all__ = ["Realtime"]

C = TypeVar("C")

_SESSION = json_decoder(RealtimeSessionCreateResponse)
_TRANSCRIPTION_SESSION = json_decoder(RealtimeTranscriptionSessionCreateResponse)


class Realtime(Resource[C]):
    """Realtime sessions (``client.realtime()``); the client secret stays out of ``repr``."""

    __slots__ = ()

    @endpoint
    def create_session(
        self, request: RealtimeSessionCreateRequest
    ) -> ApiRequest[RealtimeSessionCreateResponse]:
        """Creates an ephemeral key for a realtime session with these settings."""
        return ApiRequest("POST", "/realtime/sessions", _SESSION, body=json_body(request))

    @endpoint
    def create_transcription_session(
        self, request: RealtimeTranscriptionSessionCreateRequest
    ) -> ApiRequest[RealtimeTranscriptionSessionCreateResponse]:
        """Creates an ephemeral key for a realtime transcription session."""
        return ApiRequest(
            "POST", "/realtime/transcription_sessions", _TRANSCRIPTION_SESSION, body=json_body(request)
        )

    @overload
    def connect(
        self: Realtime[AsyncClient], *, model: str,
        client_secret: str | RealtimeClientSecret | None = None,
        heartbeat: float | None = DEFAULT_HEARTBEAT,
    ) -> AsyncRealtimeConnectionManager: ...

    @overload
    def connect(
        self: Realtime[Client], *, model: str,
        client_secret: str | RealtimeClientSecret | None = None,
        heartbeat: float | None = DEFAULT_HEARTBEAT,
    ) -> RealtimeConnectionManager: ...

    def connect(
        self, *, model: str, client_secret: str | RealtimeClientSecret | None = None,
        heartbeat: float | None = DEFAULT_HEARTBEAT,
    ) -> Any:
        """A Realtime WebSocket session with ``model``: ``async with`` on ``AsyncClient``,
        ``with`` on ``Client`` (the same connection, run on a background event loop).

        It authenticates with the client's key, or with ``client_secret`` (the ephemeral key
        of ``create_session``); ``heartbeat`` is the ping interval in seconds (None: no pings).
        """
        from ._async import AsyncClient

        client: Any = self._client
        is_async = isinstance(client, AsyncClient)
        manager = AsyncRealtimeConnectionManager if is_async else RealtimeConnectionManager
        return manager(client.config(), model=model, client_secret=client_secret, heartbeat=heartbeat)
