"""Timeouts over real sockets to the local server, in both modes.

A stalled server answer is scripted with ``delay``; a client whose timeout does not
apply would wait it out and then succeed, so the tests need no upper time bound.
"""

from __future__ import annotations

import time

import pytest
from conftest import Harness
from local_server import (
    CHAT,
    DONE,
    chat_chunk,
    chat_request,
    sse,
)

from openai_rs_port import Backoff, Timeout
from openai_rs_port.error import APIConnectionError, APITimeoutError
from openai_rs_port.testing import MockOpenAIServer

pytest_plugins = ["local_server"]  # fixtures: local_server, local

MODELS = "/v1/models"
STALL = {"delay": 30}


def test_default_timeouts(local: Harness) -> None:
    assert local.client.timeout == Timeout(connect=5.0, read=600.0)
    assert local.make().timeout == Timeout(connect=5.0, read=600.0)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ((1, 0.5), Timeout(connect=1, read=0.5)),
        (Timeout(connect=2, read=None), Timeout(connect=2, read=None)),
        (0.5, Timeout(connect=0.5, read=0.5)),
        (30, Timeout(connect=5.0, read=30.0)),
    ],
)
def test_timeout_forms(local: Harness, given: object, expected: Timeout) -> None:
    assert local.make(timeout=given).timeout == expected
    assert local.client.with_timeout(given).timeout == expected
    assert local.client.timeout == Timeout()  # with_timeout made a copy


def test_per_client_timeout_applies(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(MODELS, STALL, method="GET")
    client = local.make(timeout=Timeout(connect=1, read=0.5), backoff=Backoff.disabled())
    with pytest.raises(APITimeoutError) as e:
        local.call(client.models().list())
    assert isinstance(e.value, APIConnectionError)
    assert len(local_server.requests(MODELS)) == 1


def test_per_call_timeout_applies(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(CHAT, STALL)
    quick = local.client.with_backoff(Backoff.disabled()).with_timeout((1, 0.5))
    with pytest.raises(APITimeoutError):
        local.call(quick.chat().create(chat_request()))
    # The original client (and its connections) still work with its own settings.
    r = local.call(local.client.chat().create(chat_request("after")))
    assert r.choices[0].message.content == "Echo: after"


def test_timed_out_attempt_is_retried(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(CHAT, STALL)
    r = local.call(local.client.with_timeout(0.5).chat().create(chat_request("again")))
    assert r.choices[0].message.content == "Echo: again"
    recs = local_server.requests(CHAT)
    assert len(recs) == 2 and recs[0].body == recs[1].body


def test_read_timeout_is_between_bytes_not_total(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    # Six chunks 0.25 s apart: 1.25 s in all, but never 0.75 s without a byte. Here the
    # pace is what is tested (real time passing), not a way to order events.
    chunks = [sse(chat_chunk(str(i))) for i in range(6)] + [DONE]
    local_server.script(CHAT, {"sse": chunks, "chunk_delay": 0.25})
    client = local.client.with_timeout((1, 0.75)).with_backoff(Backoff.disabled())
    start = time.monotonic()
    items = local.collect(local.call(client.chat().create_stream(chat_request())))
    assert [c.choices[0].delta.content for c in items] == ["0", "1", "2", "3", "4", "5"]
    # The stream outlasted the read timeout, so the timeout cannot have been a total.
    assert time.monotonic() - start > 0.75
