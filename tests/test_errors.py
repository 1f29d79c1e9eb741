"""Error mapping and secret hygiene over real sockets to the local server, in both modes."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable
from typing import Any

import pytest
from conftest import TEST_KEY, Harness, free_port
from local_server import (
    CHAT,
    chat_chunk,
    chat_request,
    sse,
)

from openai_rs_port import AzureConfig, Backoff, OpenAIConfig
from openai_rs_port.error import (
    APIConnectionError,
    ApiError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    JSONDeserialize,
    NotFoundError,
    OpenAIError,
    PermissionDeniedError,
    RateLimitError,
    StreamError,
    UnprocessableEntityError,
)
from openai_rs_port.testing import MockOpenAIServer

pytest_plugins = ["local_server"]  # fixtures: local_server, local

MODELS = "/v1/models"


def no_retry(h: Harness) -> Any:
    return h.client.with_backoff(Backoff.disabled())


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (418, ApiError),
    ],
)
def test_status_maps_to_class(
    local: Harness, local_server: MockOpenAIServer, status: int, cls: type[ApiError]
) -> None:
    error = {"message": f"failed with {status}", "type": "invalid_request_error",
             "param": "model", "code": "some_code"}
    local_server.script(
        MODELS,
        {"status": status, "headers": {"x-request-id": f"req_{status}abc"}, "json": {"error": error}},
        method="GET",
    )
    with pytest.raises(ApiError) as e:
        local.call(no_retry(local).models().list())
    err = e.value
    assert type(err) is cls
    assert err.status == status
    assert err.request_id == f"req_{status}abc"
    assert err.headers["x-request-id"] == f"req_{status}abc"
    assert err.body is not None and json.loads(err.body) == {"error": error}
    assert (err.message, err.type, err.param, err.code) == (
        f"failed with {status}", "invalid_request_error", "model", "some_code"
    )
    assert f"failed with {status}" in str(err) and f"status={status}" in str(err)


def test_numeric_error_code_decodes(local: Harness, local_server: MockOpenAIServer) -> None:
    body = {"error": {"message": "bad", "type": None, "param": None, "code": 1234}}
    local_server.script(MODELS, {"status": 400, "json": body}, method="GET")
    with pytest.raises(BadRequestError) as e:
        local.call(local.client.models().list())
    assert e.value.code == "1234"
    assert e.value.type is None and e.value.param is None
    assert e.value.message == "bad"


def test_non_json_error_body_keeps_raw_text(local: Harness, local_server: MockOpenAIServer) -> None:
    html = "<html><body>502 Bad Gateway \u2014 upstream</body></html>"
    local_server.script(
        MODELS, {"status": 502, "body": html, "content_type": "text/html"}, method="GET"
    )
    with pytest.raises(InternalServerError) as e:
        local.call(no_retry(local).models().list())
    assert e.value.status == 502
    assert e.value.body == html.encode()
    assert e.value.message == html
    assert e.value.type is None and e.value.code is None
    assert e.value.request_id is not None and e.value.request_id.startswith("req_mock")


@pytest.mark.parametrize(
    "raw",
    ['{"object": "list", "data": [', "not json at all", '{"object": "list", "data": "x"}'],
    ids=["truncated", "text", "wrong-shape"],
)
def test_malformed_success_body_raises_json_deserialize(
    local: Harness, local_server: MockOpenAIServer, raw: str
) -> None:
    local_server.script(
        MODELS, {"status": 200, "body": raw, "content_type": "application/json"}, method="GET"
    )
    with pytest.raises(JSONDeserialize) as e:
        local.call(local.client.models().list())
    got = e.value.raw
    assert (got.decode() if isinstance(got, bytes) else got) == raw
    assert len(local_server.requests(MODELS)) == 1  # not retried


# Secrets ---------------------------------------------------------------------------


def _texts(exc: BaseException) -> list[str]:
    out: list[str] = []
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        out += [str(e), repr(e), repr(e.args), repr(getattr(e, "__dict__", {}))]
        stack += [e.__cause__, e.__context__]
    out.append("".join(traceback.format_exception(exc)))
    return out


def _assert_clean(text: str) -> None:
    assert TEST_KEY not in text
    assert TEST_KEY[8:] not in text  # no partial leak either


Scenario = Callable[[Harness, MockOpenAIServer], Any]


def _status_401(h: Harness, s: MockOpenAIServer) -> Any:
    s.script(MODELS, {"status": 401, "json": {"error": {"message": "Incorrect API key provided",
                                                         "type": "invalid_request_error",
                                                         "code": "invalid_api_key"}}},
             method="GET")
    return h.call(h.client.models().list())


def _status_500(h: Harness, s: MockOpenAIServer) -> Any:
    s.script(MODELS, *[{"status": 500, "body": "oops"}] * 3, method="GET")
    return h.call(h.client.models().list())


def _refused(h: Harness, s: MockOpenAIServer) -> Any:
    cfg = OpenAIConfig(api_key=TEST_KEY, api_base=f"http://127.0.0.1:{free_port()}/v1")
    return h.call(h.make(config=cfg, backoff=Backoff.disabled()).chat().create(chat_request()))


def _dropped(h: Harness, s: MockOpenAIServer) -> Any:
    s.script(CHAT, *[{"disconnect": True}] * 3)
    return h.call(h.client.chat().create(chat_request()))


def _timeout(h: Harness, s: MockOpenAIServer) -> Any:
    s.script(MODELS, {"delay": 30}, method="GET")
    client = h.client.with_timeout((1, 0.3)).with_backoff(Backoff.disabled())
    return h.call(client.models().list())


def _cut_stream(h: Harness, s: MockOpenAIServer) -> Any:
    s.script(CHAT, {"sse": [sse(chat_chunk("a"))], "then": "disconnect"})
    return h.collect(h.call(h.client.chat().create_stream(chat_request())))


def _error_in_stream(h: Harness, s: MockOpenAIServer) -> Any:
    s.script(CHAT, {"sse": [sse({"error": {"message": "boom", "type": "server_error"}})]})
    return h.collect(h.call(h.client.chat().create_stream(chat_request())))


def _bad_json(h: Harness, s: MockOpenAIServer) -> Any:
    s.script(MODELS, {"body": "{nope", "content_type": "application/json"}, method="GET")
    return h.call(h.client.models().list())


SCENARIOS: dict[str, tuple[Scenario, type[OpenAIError]]] = {
    "401": (_status_401, AuthenticationError),
    "500": (_status_500, InternalServerError),
    "refused": (_refused, APIConnectionError),
    "dropped": (_dropped, APIConnectionError),
    "timeout": (_timeout, APITimeoutError),
    "cut-stream": (_cut_stream, StreamError),
    "error-in-stream": (_error_in_stream, ApiError),
    "bad-json": (_bad_json, JSONDeserialize),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_api_key_never_leaks_from_errors_or_logs(
    local: Harness, local_server: MockOpenAIServer, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    scenario, expected = SCENARIOS[name]
    caplog.set_level(logging.DEBUG)
    with pytest.raises(expected) as e:
        scenario(local, local_server)
    for text in _texts(e.value):
        _assert_clean(text)
    records = caplog.records
    if not local.is_async:
        assert records  # urllib3 logs at DEBUG: the capture works
    for rec in records:
        _assert_clean(rec.getMessage())
        _assert_clean(repr(rec.args))
        if rec.exc_info:
            _assert_clean("".join(traceback.format_exception(*rec.exc_info)))
    _assert_clean(caplog.text)
    # The key did go out, where it belongs (except when nothing connected).
    if name != "refused":
        assert local_server.requests()[0].headers["authorization"] == f"Bearer {TEST_KEY}"


def test_api_key_never_shows_in_config_or_client(local: Harness) -> None:
    client = local.client
    azure = AzureConfig(api_key=TEST_KEY, api_base="https://x.example", deployment_id="d",
                        api_version="2024-10-21")
    objects = [
        client, client.with_timeout(3), client.with_backoff(Backoff.disabled()), client.config(),
        local.config, local.config.api_key, local.config.with_org_id("org-1"), azure,
        azure.api_key,
    ]
    for obj in objects:
        _assert_clean(repr(obj))
        _assert_clean(str(obj))
        _assert_clean(f"{obj}")
    assert local.config.api_key.expose_secret() == TEST_KEY


def test_credentials_are_not_sent_to_another_host_on_redirect(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    # Same server, other host name: "localhost" is not "127.0.0.1".
    elsewhere = f"http://localhost:{local_server.port}/v1/models"
    local_server.script(MODELS, {"status": 307, "headers": {"location": elsewhere}}, method="GET")
    models = local.call(local.client.models().list())
    assert models.data
    first, second = local_server.requests(MODELS)
    assert first.headers["authorization"] == f"Bearer {TEST_KEY}"
    assert second.headers["host"].startswith("localhost:")
    assert "authorization" not in second.headers
    assert all(TEST_KEY not in v for v in second.headers.values())


def test_credentials_kept_on_same_host_redirect(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    local_server.script(MODELS, {"status": 308, "headers": {"location": "/v1/models?x=1"}},
                        method="GET")
    local.call(local.client.models().list())
    first, second = local_server.requests(MODELS)
    assert first.query == () and second.query == (("x", "1"),)
    assert second.headers["authorization"] == f"Bearer {TEST_KEY}"
