"""Retries over real sockets to the local server, in both modes.

Timing is only ever checked from below (a wait did happen); never from above.
"""

from __future__ import annotations

import email.utils
import os
import time
from pathlib import Path

import pytest
from conftest import TEST_KEY, Harness, free_port
from local_server import (
    CHAT,
    chat_request,
)

from openai_rs_port import Backoff, OpenAIConfig
from openai_rs_port.error import (
    APIConnectionError,
    ApiError,
    InternalServerError,
    RateLimitError,
)
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types.file import CreateFileRequestArgs

pytest_plugins = ["local_server"]  # fixtures: local_server, local

MODELS = "/v1/models"


def list_models(h: Harness, client: object = None) -> object:
    c = client if client is not None else h.client
    return h.call(c.models().list())  # type: ignore[attr-defined]


def rate_limited(headers: dict[str, str]) -> dict[str, object]:
    return {
        "status": 429,
        "headers": headers,
        "json": {"error": {"message": "slow down", "type": "requests", "code": "rate_limit_exceeded"}},
    }


@pytest.mark.parametrize(
    "headers",
    [{"retry-after-ms": "400"}, {"retry-after": "0.4"}, {"retry-after-ms": "400", "retry-after": "0"}],
    ids=["retry-after-ms", "retry-after-seconds", "ms-wins"],
)
def test_retry_after_is_honoured(
    local: Harness, local_server: MockOpenAIServer, headers: dict[str, str]
) -> None:
    local_server.script(MODELS, rate_limited(headers), method="GET")
    start = time.monotonic()
    models = list_models(local)
    elapsed = time.monotonic() - start
    assert models.data  # type: ignore[attr-defined]
    assert len(local_server.requests(MODELS)) == 2
    # The client's own backoff waits at most 0.05 s * 1.25 jitter here.
    assert elapsed >= 0.35


def test_retry_after_http_date_is_honoured(local: Harness, local_server: MockOpenAIServer) -> None:
    when = email.utils.formatdate(time.time() + 2, usegmt=True)  # whole seconds: 1 to 2 s away
    local_server.script(MODELS, rate_limited({"retry-after": when}), method="GET")
    start = time.monotonic()
    list_models(local)
    elapsed = time.monotonic() - start
    assert len(local_server.requests(MODELS)) == 2
    assert elapsed >= 0.9


@pytest.mark.parametrize("where", ["type", "code"])
def test_insufficient_quota_is_not_retried(
    local: Harness, local_server: MockOpenAIServer, where: str
) -> None:
    error = {"message": "You exceeded your current quota", "type": "x", "code": "y"}
    error[where] = "insufficient_quota"
    local_server.script(MODELS, *[{"status": 429, "json": {"error": error}}] * 3, method="GET")
    with pytest.raises(RateLimitError) as e:
        list_models(local)
    assert getattr(e.value, where) == "insufficient_quota"
    assert len(local_server.requests(MODELS)) == 1


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried(
    local: Harness, local_server: MockOpenAIServer, status: int
) -> None:
    local_server.script(MODELS, {"status": status, "body": "transient"}, method="GET")
    models = list_models(local)
    assert [m.id for m in models.data][:1] == ["gpt-4o-mini"]  # type: ignore[attr-defined]
    assert len(local_server.requests(MODELS)) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(
    local: Harness, local_server: MockOpenAIServer, status: int
) -> None:
    body = {"error": {"message": "no", "type": "invalid_request_error"}}
    local_server.script(MODELS, *[{"status": status, "json": body}] * 3, method="GET")
    with pytest.raises(ApiError) as e:
        list_models(local)
    assert e.value.status == status
    assert len(local_server.requests(MODELS)) == 1


def test_dropped_connections_are_retried(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(MODELS, {"disconnect": True}, {"disconnect": True}, method="GET")
    assert list_models(local).data  # type: ignore[attr-defined]
    assert len(local_server.requests(MODELS)) == 3


def test_dropped_connections_give_up_with_connection_error(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    local_server.script(CHAT, *[{"disconnect": True}] * 4)
    with pytest.raises(APIConnectionError):
        local.call(local.client.chat().create(chat_request()))
    assert len(local_server.requests(CHAT)) == 3


def test_disabled_backoff_makes_one_attempt_on_a_dropped_get(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    # aiohttp on its own retries an idempotent request once after a dropped connection;
    # the Backoff policy alone must decide.
    local_server.script(MODELS, {"disconnect": True}, method="GET")
    with pytest.raises(APIConnectionError):
        list_models(local, local.client.with_backoff(Backoff.disabled()))
    assert len(local_server.requests(MODELS)) == 1


def test_connection_refused_is_retried_then_raises(local: Harness) -> None:
    closed = OpenAIConfig(api_key=TEST_KEY, api_base=f"http://127.0.0.1:{free_port()}/v1")
    # No jitter: the two waits (0.2 s, then 0.4 s) are a lower bound on the elapsed time.
    slow = Backoff(max_retries=2, initial_delay=0.2, max_delay=1.0, jitter=None)
    client = local.make(config=closed, backoff=slow)
    start = time.monotonic()
    with pytest.raises(APIConnectionError) as e:
        list_models(local, client)
    assert time.monotonic() - start >= 0.55
    assert "connection failed" in str(e.value)


@pytest.mark.parametrize("retries", [0, 1, 3])
def test_max_retries_is_respected(
    local: Harness, local_server: MockOpenAIServer, retries: int
) -> None:
    local_server.script(MODELS, *[{"status": 500, "body": "down"}] * 10, method="GET")
    client = local.make(backoff=Backoff(max_retries=retries, initial_delay=0.01, max_delay=0.02))
    with pytest.raises(InternalServerError):
        list_models(local, client)
    assert len(local_server.requests(MODELS)) == retries + 1


def test_disabled_backoff_makes_one_attempt(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(MODELS, {"status": 503}, method="GET")
    with pytest.raises(InternalServerError):
        list_models(local, local.client.with_backoff(Backoff.disabled()))
    assert len(local_server.requests(MODELS)) == 1


def test_every_attempt_sends_the_same_bytes(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(CHAT, {"status": 500}, {"status": 429, "headers": {"retry-after-ms": "1"}})
    r = local.call(local.client.chat().create(chat_request("same \u00e9 bytes")))
    assert r.choices[0].message.content == "Echo: same \u00e9 bytes"
    recs = local_server.requests(CHAT)
    assert len(recs) == 3
    assert recs[0].body == recs[1].body == recs[2].body
    assert recs[0].json()["messages"] == [{"role": "user", "content": "same \u00e9 bytes"}]
    for rec in recs:
        assert rec.headers["authorization"] == f"Bearer {TEST_KEY}"
        assert rec.headers["content-type"] == "application/json"
        assert rec.headers["content-length"] == str(len(rec.body))


def test_multipart_upload_is_rebuilt_for_each_attempt(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    data = os.urandom(3 * (1 << 20) + 123)  # more than the transport's 1 MiB blocks
    path = tmp_path / "train.jsonl"
    path.write_bytes(data)
    local_server.script("/v1/files", {"status": 500}, {"status": 502})
    req = CreateFileRequestArgs().file(path).purpose("fine-tune").build()
    f = local.call(local.client.files().create(req))
    assert f.bytes == len(data) and f.filename == "train.jsonl"
    recs = local_server.requests("/v1/files")
    assert len(recs) == 3
    for rec in recs:
        assert rec.headers["content-type"].startswith("multipart/form-data; boundary=")
        assert rec.headers["content-length"] == str(len(rec.body))
        assert rec.body.count(data) == 1
        assert b'name="purpose"\r\n\r\nfine-tune\r\n' in rec.body
    assert local.call(local.client.files().content(f.id)) == data
