"""The caller in control of every call, in both modes over real sockets to the local server:
per-call options, the server's retry hint, raw responses, auto-pagination and ``_byot`` twins."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import TEST_KEY, Harness, free_port
from local_server import CHAT, chat_chunk, chat_request, sse

from openai_rs_port import Backoff, OpenAIConfig
from openai_rs_port._pagination import AsyncPager
from openai_rs_port._response import RateLimits, RawResponse, parse_duration
from openai_rs_port.error import (
    APIConnectionError,
    InternalServerError,
    InvalidArgument,
    NoNextPage,
    RateLimitError,
)
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types.chat import CreateChatCompletionResponse, CreateChatCompletionStreamResponse
from openai_rs_port.types.file import CreateFileRequest, FilePurpose, ListFilesResponse, OpenAIFile
from openai_rs_port.types.model import ListModelResponse, Model

pytest_plugins = ["local_server"]

FILES = "/v1/files"
MODELS = "/v1/models"


def upload(h: Harness, n: int) -> list[str]:
    ids = []
    for i in range(n):
        req = CreateFileRequest(file=(f"f{i}.jsonl", b"{}\n"), purpose=FilePurpose.BATCH)
        ids.append(h.call(h.client.files().create(req)).id)
    return ids


def gets(server: MockOpenAIServer) -> list[Any]:
    """The list requests the server saw (uploads left out)."""
    return [r for r in server.requests(FILES) if r.method == "GET"]


def collect(h: Harness, pager: Any) -> list[Any]:
    """Every item of ``async for`` / ``for`` over a list call's result."""
    if h.is_async:
        assert isinstance(pager, AsyncPager)

        async def run() -> list[Any]:
            return [x async for x in pager]

        return h.call(run())  # type: ignore[no-any-return]
    return list(pager)


# ---------------------------------------------------------------- per-call options


def test_with_options_adds_headers_query_and_body(local: Harness, local_server: MockOpenAIServer) -> None:
    c = local.client.with_options(
        headers={"X-Trace": "t1", "OpenAI-Beta": "mine"},
        query={"tenant": "a b"},
        extra_body={"top_k": 5, "model": "overridden", "guided_json": {"type": "object"}},
    )
    answer = local.call(c.chat().create(chat_request("hi")))
    assert answer.choices[0].message.content == "Echo: hi"
    [rec] = local_server.requests(CHAT)
    assert rec.headers["x-trace"] == "t1"
    assert rec.headers["openai-beta"] == "mine"  # wins over the config's header
    assert rec.headers["authorization"] == f"Bearer {TEST_KEY}"
    assert ("tenant", "a b") in rec.query
    body = rec.json()
    assert body["top_k"] == 5 and body["guided_json"] == {"type": "object"}
    assert body["model"] == "overridden"  # extra_body wins over the request's own keys
    assert body["messages"] == [{"role": "user", "content": "hi"}]


def test_with_options_leaves_the_original_client_alone(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    local.client.with_options(headers={"X-Trace": "t1"}, extra_body={"top_k": 5})
    local.call(local.client.chat().create(chat_request()))
    [rec] = local_server.requests(CHAT)
    assert "x-trace" not in rec.headers and "top_k" not in rec.json()


def test_options_stack_and_work_on_a_group_chain(local: Harness, local_server: MockOpenAIServer) -> None:
    chat = local.client.with_options(headers={"X-A": "1"}).chat().with_options(
        headers={"X-B": "2"}, query=[("q", 1)])
    local.call(chat.create(chat_request()))
    [rec] = local_server.requests(CHAT)
    assert (rec.headers["x-a"], rec.headers["x-b"]) == ("1", "2")
    assert ("q", "1") in rec.query


def test_extra_body_adds_form_fields_on_multipart(local: Harness, local_server: MockOpenAIServer) -> None:
    c = local.client.with_options(extra_body={"expires_after": "3600"})
    req = CreateFileRequest(file=("a.jsonl", b"{}\n"), purpose=FilePurpose.BATCH)
    local.call(c.files().create(req))
    [rec] = local_server.requests(FILES)
    assert b'name="expires_after"\r\n\r\n3600\r\n' in rec.body
    assert b'name="purpose"\r\n\r\nbatch\r\n' in rec.body


@pytest.mark.parametrize("bad", ["a\r\nInjected: 1", "a\nb", "a\0b"])
def test_header_value_with_cr_lf_or_nul_is_refused(local: Harness, bad: str) -> None:
    with pytest.raises(InvalidArgument, match="CR, LF or NUL") as e:
        local.client.with_options(headers={"X-Bad": bad})
    assert bad not in str(e.value)


def test_with_options_shares_the_connection_pool(local: Harness) -> None:
    copy = local.client.with_options(headers={"X-N": "1"})
    # The copy sends over the same transport: same pool, same session, closed with the original.
    assert copy._transport is local.client._transport
    assert local.call(copy.models().list()).data


def test_max_retries_overrides_the_backoff(local: Harness, local_server: MockOpenAIServer) -> None:
    fail = {"status": 500, "json": {"error": {"message": "boom"}}}
    local_server.script(MODELS, fail, fail, fail, fail, method="GET")
    with pytest.raises(InternalServerError):
        local.call(local.client.with_options(max_retries=0).models().list())
    assert len(local_server.requests(MODELS)) == 1
    local_server.reset()
    local_server.script(MODELS, fail, fail, fail, method="GET")
    assert local.call(local.client.with_options(max_retries=3).models().list()).data
    assert len(local_server.requests(MODELS)) == 4


def test_timeout_option_applies(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(MODELS, {"delay": 2.0}, method="GET")
    with pytest.raises(APIConnectionError):
        local.call(local.client.with_options(timeout=0.2, max_retries=0).models().list())


@pytest.mark.parametrize("status", [400, 500])
def test_x_should_retry_overrides_the_status_rule(
    local: Harness, local_server: MockOpenAIServer, status: int
) -> None:
    hint = "true" if status == 400 else "false"
    answer = {"status": status, "headers": {"x-should-retry": hint}, "json": {"error": {"message": "m"}}}
    local_server.script(MODELS, answer, method="GET")
    if status == 400:
        assert local.call(local.client.models().list()).data  # retried, then served
        assert len(local_server.requests(MODELS)) == 2
    else:
        with pytest.raises(InternalServerError):
            local.call(local.client.models().list())
        assert len(local_server.requests(MODELS)) == 1


# ---------------------------------------------------------------- raw responses


RATE_HEADERS = {
    "x-request-id": "req_123",
    "x-ratelimit-limit-requests": "60",
    "x-ratelimit-limit-tokens": "150000",
    "x-ratelimit-remaining-requests": "59",
    "x-ratelimit-remaining-tokens": "149984",
    "x-ratelimit-reset-requests": "1s",
    "x-ratelimit-reset-tokens": "6m0s",
}


def test_raw_response_has_status_headers_and_parses(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(CHAT, {"pass": True, "headers": RATE_HEADERS})
    raw = local.call(local.client.with_raw_response().chat().create(chat_request("hi")))
    assert isinstance(raw, RawResponse)
    assert raw.status == 200
    assert raw.request_id == "req_123"
    assert raw.headers["X-RateLimit-Limit-Requests"] == "60"  # case-insensitive
    with pytest.raises(TypeError):
        raw.headers["x-new"] = "1"  # type: ignore[index]
    assert raw.elapsed > 0
    assert raw.rate_limits == RateLimits(60, 150000, 59, 149984, 1.0, 360.0)
    parsed = raw.parse()
    assert type(parsed) is CreateChatCompletionResponse
    assert parsed.choices[0].message.content == "Echo: hi"
    assert raw.parse() is parsed


def test_raw_stream_gives_headers_before_the_first_event(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    local_server.script(CHAT, {"headers": {"x-request-id": "req_s"},
                               "sse": [sse(chat_chunk("a")), sse(chat_chunk("b")), "data: [DONE]\n\n"]})
    raw = local.call(local.client.with_raw_response().chat().create_stream(chat_request()))
    assert raw.request_id == "req_s" and raw.status == 200
    stream = raw.parse()
    items = local.collect(stream)
    assert [type(i) for i in items] == [CreateChatCompletionStreamResponse] * 2
    assert "".join(i.choices[0].delta.content for i in items) == "ab"


def test_malformed_rate_limit_headers_are_none(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(MODELS, {"pass": True, "headers": {
        "x-ratelimit-limit-requests": "lots", "x-ratelimit-reset-tokens": "soon"}}, method="GET")
    raw = local.call(local.client.with_raw_response().models().list())
    limits = raw.rate_limits
    assert limits.limit_requests is None and limits.reset_tokens is None
    assert type(raw.parse()) is ListModelResponse


@pytest.mark.parametrize(("text", "seconds"), [
    ("1s", 1.0), ("6m0s", 360.0), ("20ms", 0.02), ("1h2m3.5s", 3723.5), ("0.5", 0.5),
    ("", None), ("1x", None), ("s", None), (None, None),
])
def test_parse_duration(text: str | None, seconds: float | None) -> None:
    assert parse_duration(text) == seconds


def test_api_error_carries_headers(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(MODELS, {"status": 429, "headers": RATE_HEADERS,
                                 "json": {"error": {"message": "slow", "code": "rate_limit_exceeded"}}},
                        method="GET")
    with pytest.raises(RateLimitError) as e:
        local.call(local.client.with_options(max_retries=0).models().list())
    assert e.value.headers["X-RateLimit-Remaining-Requests"] == "59"
    assert e.value.request_id == "req_123"


# ---------------------------------------------------------------- pagination


def test_iterating_a_list_walks_every_page(local: Harness, local_server: MockOpenAIServer) -> None:
    ids = upload(local, 5)
    items = collect(local, local.client.files().list({"limit": 2, "purpose": "batch"}))
    assert [f.id for f in items] == sorted(ids, reverse=True)
    assert all(type(f) is OpenAIFile for f in items)
    recs = gets(local_server)
    assert len(recs) == 3  # 2 + 2 + 1
    for rec in recs:  # the caller's query is kept on every page
        assert ("limit", "2") in rec.query and ("purpose", "batch") in rec.query
    assert [dict(r.query).get("after") for r in recs] == [None, items[1].id, items[3].id]


def test_pages_are_fetched_only_when_needed(local: Harness, local_server: MockOpenAIServer) -> None:
    upload(local, 4)
    page = local.call(local.client.files().list({"limit": 2}))
    assert type(page) is ListFilesResponse and len(page.data) == 2
    assert page.has_more and page.has_next_page()
    assert len(gets(local_server)) == 1
    second = local.call(page.next_page())
    assert [f.id for f in second.data] != [f.id for f in page.data]
    assert not second.has_next_page()
    with pytest.raises(NoNextPage, match="no next page"):
        second.next_page()


def test_a_failed_page_is_retried(local: Harness, local_server: MockOpenAIServer) -> None:
    upload(local, 6)
    local_server.script(FILES, {"pass": True}, {"status": 500, "json": {"error": {"message": "x"}}},
                        method="GET")
    items = collect(local, local.client.files().list({"limit": 2}))
    assert len(items) == 6
    assert len(gets(local_server)) == 4  # 3 pages, one of them sent twice


def test_a_page_that_keeps_failing_raises_its_error(local: Harness, local_server: MockOpenAIServer) -> None:
    upload(local, 3)
    fail = {"status": 500, "json": {"error": {"message": "down"}}}
    local_server.script(FILES, {"pass": True}, fail, fail, fail, method="GET")
    with pytest.raises(InternalServerError, match="down"):
        collect(local, local.client.files().list({"limit": 2}))


def test_a_list_that_is_not_paginated_iterates_its_data(local: Harness) -> None:
    models = collect(local, local.client.models().list())
    assert models and all(type(m) is Model for m in models)
    page = local.call(local.client.models().list())
    assert not page.has_next_page()
    assert [m.id for m in page] == [m.id for m in models]


def test_raw_list_parses_to_a_page_that_paginates(local: Harness) -> None:
    upload(local, 3)
    raw = local.call(local.client.with_raw_response().files().list({"limit": 2}))
    page = raw.parse()
    assert type(page) is ListFilesResponse and page.has_next_page()
    nxt = local.call(page.next_page())
    assert type(nxt) is ListFilesResponse and len(nxt.data) == 1  # plain pages after the first


# ---------------------------------------------------------------- bring your own types


@dataclass
class Reply:
    id: str
    choices: list[Any]


def test_create_byot_sends_a_dict_and_returns_a_dict(local: Harness, local_server: MockOpenAIServer) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "vendor_field": {"a": 1}}
    answer = local.call(local.client.chat().create_byot(body))
    assert type(answer) is dict and answer["choices"][0]["message"]["content"] == "Echo: hi"
    assert local_server.requests(CHAT)[0].json() == body


def test_byot_cast_to_a_model_or_a_dataclass(local: Harness) -> None:
    body = chat_request("x")  # any model is a body too
    typed = local.call(local.client.chat().create_byot(body, cast_to=CreateChatCompletionResponse))
    assert type(typed) is CreateChatCompletionResponse
    mine = local.call(local.client.chat().create_byot(body.to_dict(), cast_to=Reply))
    assert type(mine) is Reply and mine.id


def test_byot_keeps_the_call_time_guards(local: Harness) -> None:
    with pytest.raises(InvalidArgument, match="create_stream"):
        local.call(local.client.chat().create_byot({"model": "m", "messages": [], "stream": True}))
    with pytest.raises(InvalidArgument, match=r"chat\(\)\.create"):
        local.call(local.client.chat().create_stream_byot({"model": "m", "messages": [], "stream": False}))


def test_stream_byot_yields_dicts_with_extra_fields(local: Harness, local_server: MockOpenAIServer) -> None:
    chunk = chat_chunk("a", reasoning_content="thinking")
    local_server.script(CHAT, {"sse": [sse(chunk), "data: [DONE]\n\n"]})
    stream = local.call(local.client.chat().create_stream_byot({"model": "m", "messages": []}))
    [item] = local.collect(stream)
    assert item["choices"][0]["delta"]["reasoning_content"] == "thinking"
    assert local_server.requests(CHAT)[0].json()["stream"] is True


def test_retrieve_and_list_byot(local: Harness) -> None:
    model = local.call(local.client.models().retrieve_byot("gpt-4o-mini"))
    assert model["id"] == "gpt-4o-mini"
    upload(local, 3)
    page = local.call(local.client.files().list_byot({"limit": 2}))
    assert type(page) is dict and len(page["data"]) == 2 and page["has_more"] is True


def test_a_dict_where_a_request_is_expected_points_to_byot(local: Harness) -> None:
    with pytest.raises(InvalidArgument, match="create_byot") as e:
        local.call(local.client.chat().create({"model": "m", "messages": []}))
    assert "from_dict" in str(e.value)


def test_no_byot_twin_for_multipart_or_binary_endpoints(local: Harness) -> None:
    assert not hasattr(local.client.files(), "create_byot")
    assert not hasattr(local.client.files(), "content_byot")
    assert hasattr(local.client.files(), "retrieve_byot")


# ---------------------------------------------------------------- discoverability


def test_bound_endpoints_carry_their_signature_and_docs(local: Harness) -> None:
    create = local.client.chat().create
    assert create.__name__ == "create"
    assert "conversation" in (create.__doc__ or "")
    sig = inspect.signature(create)
    assert list(sig.parameters) == ["request"]
    assert sig.return_annotation == "CreateChatCompletionResponse"
    assert inspect.signature(local.client.chat().create_stream).return_annotation == (
        "Stream[CreateChatCompletionStreamResponse]")
    assert "cast_to" in inspect.signature(local.client.chat().create_byot).parameters


def test_missing_key_for_openai_raises_before_io(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import make_harness

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    h = make_harness(mode, OpenAIConfig(api_key=""))
    try:
        with pytest.raises(InvalidArgument, match="OPENAI_API_KEY"):
            h.call(h.client.models().list())
    finally:
        h.close()


def test_an_empty_key_is_fine_for_other_servers(local_server: MockOpenAIServer, mode: str) -> None:
    from conftest import make_harness

    h = make_harness(mode, OpenAIConfig(api_key="", api_base=local_server.base_url))
    try:
        assert h.call(h.client.models().list()).data
    finally:
        h.close()


def test_redaction_only_touches_the_key(mode: str) -> None:
    from conftest import make_harness

    h = make_harness(mode, OpenAIConfig(api_key="x", api_base=f"http://127.0.0.1:{free_port()}/v1"),
                     Backoff.disabled())
    try:
        with pytest.raises(APIConnectionError) as e:
            h.call(h.client.models().list())
        text = str(e.value)
        assert "[REDACTED]" not in text
        assert "connection failed" in text
    finally:
        h.close()


def test_scrubbing_replaces_only_whole_key_tokens() -> None:
    from openai_rs_port._request import HttpRequest, Timeout, scrub_secrets

    def req(key: str) -> HttpRequest:
        return HttpRequest("GET", "http://h/", {"Authorization": f"Bearer {key}"}, None, Timeout())

    text = "Max retries exceeded with url: http://ollama.invalid/v1/models"
    assert scrub_secrets(text, req("x")) == text
    assert scrub_secrets(text, req("ollama")) == text
    assert scrub_secrets("url: http://h/?key=sk-abc123&x=1", req("sk-abc123")) == (
        "url: http://h/?key=[REDACTED]&x=1")
    assert scrub_secrets("see http://h/sk-abc1234/x", req("sk-abc123")) == "see http://h/sk-abc1234/x"


def test_the_raw_twin_is_made_once_per_client(local: Harness) -> None:
    raw = local.client.with_raw_response()
    assert raw is local.client.with_raw_response()
    assert raw.with_raw_response() is not local.client  # a raw client's twin is raw too
    assert local.call(raw.models().list()).status == 200
