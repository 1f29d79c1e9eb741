"""An OpenAI-compatible local server for demos and offline tests.

``MockOpenAIServer`` answers deterministically, records every request, and can be
scripted to fail in precise ways; see ``openai_rs_port.testing.server``. More API groups
live in ``*_routes`` modules of this package, loaded by every server it starts.
Run one in the foreground with ``python -m openai_rs_port.testing --port 8080``.
"""

from __future__ import annotations

from .server import (
    CREATED,
    ControlError,
    MockOpenAIServer,
    RecordedRequest,
    RouteGroup,
    ServerState,
    StoredFile,
    error_response,
    json_response,
    load_route_modules,
    read_json,
    read_multipart,
    register_route_group,
)

__all__ = [
    "CREATED",
    "ControlError",
    "MockOpenAIServer",
    "RecordedRequest",
    "RouteGroup",
    "ServerState",
    "StoredFile",
    "error_response",
    "json_response",
    "load_route_modules",
    "read_json",
    "read_multipart",
    "register_route_group",
]
