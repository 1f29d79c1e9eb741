"""Realtime: sessions made over REST, whose ephemeral client secret lets a browser or device
connect to the Realtime API directly."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, json_body, json_decoder
from ._resource import Resource, endpoint
from .types.realtime.session import (
    RealtimeSessionCreateRequest,
    RealtimeSessionCreateResponse,
    RealtimeTranscriptionSessionCreateRequest,
    RealtimeTranscriptionSessionCreateResponse,
)

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
