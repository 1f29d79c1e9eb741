"""Server-sent event streams over real sockets to the local server, in both modes."""

from __future__ import annotations

import gc
import json
import time
from typing import Any

import pytest
from conftest import Harness
from local_server import (
    CHAT,
    DONE,
    chat_chunk,
    chat_request,
    completion_request,
    sse,
)

from openai_rs_port.error import (
    ApiError,
    BadRequestError,
    InternalServerError,
    StreamError,
)
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types.chat import CreateChatCompletionStreamResponse
from openai_rs_port.types.completion import CreateCompletionResponse

pytest_plugins = ["local_server"]  # fixtures: local_server, local


def chat_stream(h: Harness, text: str = "hello", **kw: Any) -> Any:
    return h.call(h.client.chat().create_stream(chat_request(text, **kw)))


def test_chat_stream_is_typed_and_reassembles(local: Harness, local_server: MockOpenAIServer) -> None:
    stream = chat_stream(local, "stream me please", include_usage=True)
    assert stream.headers["content-type"].startswith("text/event-stream")
    assert stream.headers["x-request-id"].startswith("req_mock")
    items = local.collect(stream)
    assert items and all(type(c) is CreateChatCompletionStreamResponse for c in items)
    assert items[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in items if c.choices)
    assert text == "Echo: stream me please"
    # The server splits the answer: more than one content delta arrived.
    assert sum(1 for c in items if c.choices and c.choices[0].delta.content) > 1
    finish = [c.choices[0].finish_reason for c in items if c.choices]
    assert finish[-1] == "stop" and all(f is None for f in finish[:-1])
    assert items[-1].choices == [] and items[-1].usage is not None
    assert items[-1].usage.total_tokens == items[-1].usage.prompt_tokens + items[-1].usage.completion_tokens

    (rec,) = local_server.requests(CHAT)
    assert rec.json()["stream"] is True
    assert rec.json()["stream_options"] == {"include_usage": True}
    assert rec.headers["accept"] == "text/event-stream"


def test_completion_stream_is_typed_and_reassembles(local: Harness) -> None:
    stream = local.call(local.client.completions().create_stream(completion_request("say it")))
    items = local.collect(stream)
    assert len(items) > 2 and all(type(c) is CreateCompletionResponse for c in items)
    assert "".join(c.choices[0].text for c in items) == "Echo: say it"
    assert items[-1].choices[0].finish_reason == "stop"
    # Exhausted streams stay exhausted.
    with pytest.raises(StopIteration):
        local.next(stream)


def test_stream_ends_at_done(local: Harness, local_server: MockOpenAIServer) -> None:
    after = sse(chat_chunk("never seen"))
    local_server.script(CHAT, {"sse": [sse(chat_chunk("a")), DONE, after, after], "then": "end"})
    items = local.collect(chat_stream(local))
    assert [c.choices[0].delta.content for c in items] == ["a"]


def test_error_payload_in_stream_raises_api_error(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    error = {"error": {"message": "overloaded mid-way", "type": "server_error", "code": "busy",
                       "param": None}}
    # The gate holds the error until the item before it has been read: it arrives in a
    # later read.
    local_server.script(
        CHAT, {"sse": [sse(chat_chunk("partial")), {"wait": "error"}, sse(error), DONE]}
    )
    stream = chat_stream(local)
    assert local.next(stream).choices[0].delta.content == "partial"
    local_server.gate("error").open()
    with pytest.raises(ApiError) as e:
        local.next(stream)
    assert type(e.value) is ApiError
    assert e.value.message == "overloaded mid-way"
    assert e.value.type == "server_error"
    assert e.value.code == "busy"
    assert e.value.status is None
    assert len(local_server.requests(CHAT)) == 1


def test_items_before_an_error_in_the_same_read_are_delivered(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    # One write: the item and the error reach the client in the same read.
    error = {"error": {"message": "late failure", "type": "server_error"}}
    local_server.script(CHAT, {"sse": [sse(chat_chunk("kept")) + sse(error) + DONE]})
    stream = chat_stream(local)
    assert local.next(stream).choices[0].delta.content == "kept"
    with pytest.raises(ApiError, match="late failure"):
        local.next(stream)


def test_cut_off_mid_stream_raises_stream_error_and_is_not_retried(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    # A partial event is in flight when the connection drops. The gate: aiohttp raises a
    # payload error before handing out data still buffered, so "one" must be read first.
    local_server.script(
        CHAT,
        {"sse": [sse(chat_chunk("one")), {"wait": "cut"}, 'data: {"id": "chatcm'],
         "then": "disconnect"},
    )
    stream = chat_stream(local)
    assert local.next(stream).choices[0].delta.content == "one"
    local_server.gate("cut").open()
    with pytest.raises(StreamError):
        local.next(stream)
    # Events had flowed: never retried, although the client retries up to 2 times.
    assert len(local_server.requests(CHAT)) == 1
    assert local.client.backoff.max_retries == 2


def test_stream_ending_without_done_raises_stream_error(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    local_server.script(CHAT, {"sse": [sse(chat_chunk("a")), sse(chat_chunk("b"))], "then": "end"})
    stream = chat_stream(local)
    got = [local.next(stream).choices[0].delta.content for _ in range(2)]
    assert got == ["a", "b"]
    with pytest.raises(StreamError, match=r"\[DONE\]"):
        local.next(stream)
    assert len(local_server.requests(CHAT)) == 1


def test_stall_longer_than_read_timeout_raises(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    local_server.script(
        CHAT, {"sse": [sse(chat_chunk("a"))], "then": "stall", "stall_seconds": 60}
    )
    client = local.client.with_timeout((1, 0.5))
    start = time.monotonic()
    stream = local.call(client.chat().create_stream(chat_request()))
    assert local.next(stream).choices[0].delta.content == "a"
    with pytest.raises(StreamError) as e:
        local.next(stream)
    elapsed = time.monotonic() - start
    # The read timeout fired (not the server giving up after its 60 s stall).
    assert "timeout" in str(e.value).lower() or "timed out" in str(e.value).lower()
    assert elapsed < 60
    print(f"stall detected after {elapsed:.2f}s")


@pytest.mark.parametrize(
    ("status", "cls"), [(400, BadRequestError), (500, InternalServerError)]
)
def test_error_status_raises_at_call_time(
    local: Harness, local_server: MockOpenAIServer, status: int, cls: type[ApiError]
) -> None:
    body = {"error": {"message": f"no stream ({status})", "type": "t", "param": None,
                      "code": None}}
    # Enough answers for every attempt: the 500 is retried, the 400 is not.
    local_server.script(CHAT, *[{"status": status, "json": body}] * 3)
    with pytest.raises(cls) as e:
        chat_stream(local)
    assert not isinstance(e.value, StreamError)
    assert e.value.status == status and e.value.message == f"no stream ({status})"
    assert len(local_server.requests(CHAT)) == (1 if status == 400 else 3)


def test_error_status_before_events_is_retried(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    local_server.script(CHAT, {"status": 500, "body": "try again"}, {"status": 503})
    items = local.collect(chat_stream(local, "retry me"))
    assert "".join(c.choices[0].delta.content or "" for c in items) == "Echo: retry me"
    recs = local_server.requests(CHAT)
    assert len(recs) == 3
    assert recs[0].body == recs[1].body == recs[2].body


@pytest.mark.timeout(300)
def test_eight_mib_event_arrives_intact(local: Harness, local_server: MockOpenAIServer) -> None:
    unit = "0123456789abcdef\u00e9\u4e2d"  # multi-byte characters too
    content = unit * ((8 << 20) // len(unit.encode()) + 1)
    event = sse(chat_chunk(content)).encode()
    assert len(event) > 8 << 20
    local_server.script(CHAT, {"sse": [event, sse(chat_chunk("tail")), DONE]})
    items = local.collect(chat_stream(local))
    assert len(items) == 2
    assert items[0].choices[0].delta.content == content
    assert items[1].choices[0].delta.content == "tail"


def _long_stream(local_server: MockOpenAIServer) -> None:
    # The server holds the rest of the stream for a minute, on a gate nobody opens: closing
    # must not wait for it. The first read yields "first" alone.
    local_server.script(
        CHAT,
        {"sse": [sse(chat_chunk("first")), {"wait": "second", "timeout": 60},
                 sse(chat_chunk("second"))]},
    )


def _still_works(local: Harness) -> None:
    items = local.collect(chat_stream(local, "after"))
    assert "".join(c.choices[0].delta.content or "" for c in items) == "Echo: after"
    r = local.call(local.client.chat().create(chat_request("plain")))
    assert r.choices[0].message.content == "Echo: plain"


def test_close_releases_connection(local: Harness, local_server: MockOpenAIServer) -> None:
    _long_stream(local_server)
    stream = chat_stream(local)
    assert local.next(stream).choices[0].delta.content == "first"
    local.close_stream(stream)
    with pytest.raises(StopIteration):
        local.next(stream)
    local.close_stream(stream)  # closing twice is harmless
    _still_works(local)


def test_no_items_after_close(local: Harness, local_server: MockOpenAIServer) -> None:
    # Both items in one write, so both are decoded by the read that yields the first.
    local_server.script(
        CHAT,
        {"sse": [sse(chat_chunk("first")) + sse(chat_chunk("second"))], "then": "stall",
         "stall_seconds": 60},
    )
    stream = chat_stream(local)
    assert local.next(stream).choices[0].delta.content == "first"
    local.close_stream(stream)
    with pytest.raises(StopIteration):
        local.next(stream)


def test_context_manager_exit_releases_connection(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    _long_stream(local_server)
    stream = chat_stream(local)
    if local.is_async:

        async def use() -> str:
            async with stream as s:
                item = await s.__anext__()
            return str(item.choices[0].delta.content)

        assert local.run(use()) == "first"
    else:
        with stream as s:
            assert next(s).choices[0].delta.content == "first"
    with pytest.raises(StopIteration):
        local.next(stream)
    _still_works(local)


def test_breaking_out_and_dropping_releases_connection(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    _long_stream(local_server)
    stream = chat_stream(local)
    assert local.next(stream).choices[0].delta.content == "first"
    # Abandoned without close(): the garbage collector frees it, without a ResourceWarning
    # (pytest turns one into an error).
    del stream
    gc.collect()
    _still_works(local)


def test_full_stream_then_more_requests(local: Harness, local_server: MockOpenAIServer) -> None:
    for i in range(3):
        items = local.collect(chat_stream(local, f"n{i}"))
        assert "".join(c.choices[0].delta.content or "" for c in items) == f"Echo: n{i}"
    assert [json.loads(r.body)["messages"][0]["content"] for r in local_server.requests(CHAT)] == [
        "n0", "n1", "n2"
    ]
