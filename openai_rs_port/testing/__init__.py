"""An OpenAI-compatible local server for demos and offline tests.

``MockOpenAIServer`` answers deterministically, records every request, and can be
scripted to fail in precise ways; see ``openai_rs_port.testing.server``.
Run one in the foreground with ``python -m openai_rs_port.testing --port 8080``.
"""

from __future__ import annotations

from .server import (
    ControlError,
    MockOpenAIServer,
    RecordedRequest,
    RouteGroup,
    ServerState,
    StoredFile,
    error_response,
    json_response,
    read_json,
    read_multipart,
    register_route_group,
)

__all__ = [
    "ControlError",
    "MockOpenAIServer",
    "RecordedRequest",
    "RouteGroup",
    "ServerState",
    "StoredFile",
    "error_response",
    "json_response",
    "read_json",
    "read_multipart",
    "register_route_group",
]
