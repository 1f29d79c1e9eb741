"""Fixtures for tests against the project's own local server (real sockets, scriptable faults).

Registered from tests/conftest.py with ``pytest_plugins = ["local_server"]``.

* ``local_server``: one ``MockOpenAIServer`` for the whole session.
* ``local``: a ``Harness`` (in each ``mode``) whose client talks to it, with fast retries;
  the server is reset first and after (no scripts, records, gates or stored objects, the
  clock at its start, its settings as constructed: see docs/local-server.md).

Test modules also import helpers from here, possibly before pytest loads it as a plugin,
so it opts out of assertion rewriting (it has no asserts): PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import TEST_KEY, Harness, make_harness

from openai_rs_port import Backoff, OpenAIConfig
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types.chat import (
    ChatCompletionRequestUserMessage,
    ChatCompletionStreamOptions,
    CreateChatCompletionRequest,
)
from openai_rs_port.types.completion import CreateCompletionRequest

__all__ = [
    "CHAT",
    "DONE",
    "FAST",
    "chat_chunk",
    "chat_request",
    "completion_request",
    "local",
    "local_server",
    "sse",
]

CHAT = "/v1/chat/completions"
DONE = "data: [DONE]\n\n"

FAST = Backoff(max_retries=2, initial_delay=0.01, max_delay=0.05)
"""Retries as the client does them, with tiny waits."""

_SERVER: MockOpenAIServer | None = None


@pytest.fixture(scope="session")
def local_server(request: pytest.FixtureRequest) -> MockOpenAIServer:
    """The session's local server (one per process, however many modules import this)."""
    global _SERVER
    if _SERVER is None:
        server = MockOpenAIServer()
        server.start()

        def stop() -> None:
            global _SERVER
            server.stop()
            _SERVER = None

        request.config.add_cleanup(stop)
        _SERVER = server
    return _SERVER


@pytest.fixture
def local(local_server: MockOpenAIServer, mode: str) -> Iterator[Harness]:
    """A harness on the local server with fast retries, on a freshly reset server."""
    local_server.reset()
    cfg = OpenAIConfig(api_key=TEST_KEY, api_base=local_server.base_url)
    h = make_harness(mode, cfg, FAST)
    try:
        yield h
    finally:
        h.close()
        local_server.reset()


def chat_request(text: str = "hello", *, include_usage: bool | None = None) -> CreateChatCompletionRequest:
    """A one-message chat request (the local server answers ``Echo: <text>``)."""
    return CreateChatCompletionRequest(
        model="gpt-4o-mini",
        messages=[ChatCompletionRequestUserMessage(content=text)],
        stream_options=(
            ChatCompletionStreamOptions(include_usage=include_usage)
            if include_usage is not None
            else None
        ),
    )


def completion_request(prompt: str = "hello") -> CreateCompletionRequest:
    return CreateCompletionRequest(model="gpt-3.5-turbo-instruct", prompt=prompt)


def sse(obj: Any) -> str:
    """One ``data:`` event carrying ``obj`` as JSON."""
    return f"data: {json.dumps(obj)}\n\n"


def chat_chunk(content: str | None = None, finish: str | None = None, **delta: Any) -> dict[str, Any]:
    """A chat.completion.chunk object with one choice."""
    if content is not None:
        delta["content"] = content
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
