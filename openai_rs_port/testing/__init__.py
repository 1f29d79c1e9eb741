"""An OpenAI-compatible local server for demos and offline tests (the emulator).

``MockOpenAIServer`` answers deterministically, records every request, and can be
scripted to fail in precise ways. Its parts, each in a module of its own:

* ``ServerState`` (``state``): typed ``Store``s (``store``) of every kind of object, with
  CRUD and cursor pagination; ``reset()`` clears them all;
* ``RouteGroup`` (``routing``): the one way to add routes; one module per API group in
  ``routes``;
* ``ApiFailure`` (``errors``): the one error type; raise it and the client gets OpenAI's
  error object;
* ``Clock`` and ``StatusMachine`` (``clock``): jobs move through statuses on a clock the
  test drives;
* ``Gate`` (``gates``): signals between the test thread and the server, instead of sleeps;
* ``RateLimits`` (``ratelimits``): the ``x-ratelimit-*`` headers, and limits it enforces (429).

Run one in the foreground with ``python -m openai_rs_port.testing --port 8080``; see
docs/local-server.md.
"""

from __future__ import annotations

from .clock import CREATED, Clock, StatusMachine, Step
from .errors import ApiFailure
from .gates import Gate
from .ratelimits import RateLimits
from .routing import RouteGroup
from .server import MockOpenAIServer, build_app
from .state import RecordedRequest, ServerState
from .store import Page, Record, Store

__all__ = [
    "CREATED",
    "ApiFailure",
    "Clock",
    "Gate",
    "MockOpenAIServer",
    "Page",
    "RateLimits",
    "Record",
    "RecordedRequest",
    "RouteGroup",
    "ServerState",
    "StatusMachine",
    "Step",
    "Store",
    "build_app",
]
