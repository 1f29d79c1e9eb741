"""Resources: nested ones hold their encoded path prefix; ``new``; the three stream framings."""

from __future__ import annotations

from typing import Any, TypeVar

import pytest
from conftest import Harness
from local_server import CHAT, chat_request

from openai_rs_port._request import ApiRequest, json_decoder, sse_request
from openai_rs_port._resource import (
    Calls,
    Plan,
    Resource,
    Sleep,
    binary_endpoint,
    endpoint,
    plan_endpoint,
    stream_endpoint,
)
from openai_rs_port._sse import Framing
from openai_rs_port.chat import Chat
from openai_rs_port.error import NotFoundError, StreamError
from openai_rs_port.model import Models
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types.file import CreateFileRequest, FilePurpose, OpenAIFile
from openai_rs_port.types.model import Model

pytest_plugins = ["local_server"]

C = TypeVar("C")


class Content(Resource[C]):
    @binary_endpoint
    def get(self) -> ApiRequest[bytes]:
        return ApiRequest("GET", f"{self._prefix}/content", bytes)


class Item(Resource[C]):
    def content(self) -> Content[C]:
        return self._sub(Content, "")

    @endpoint
    def retrieve(self) -> ApiRequest[OpenAIFile]:
        return ApiRequest("GET", self._prefix, json_decoder(OpenAIFile))


class MyFiles(Resource[C]):
    def item(self, file_id: str) -> Item[C]:
        return self._sub(Item, "/files/{file_id}", file_id=file_id)


def test_a_nested_resource_calls_under_its_prefix(local: Harness) -> None:
    req = CreateFileRequest(file=("n.jsonl", b"{}\n"), purpose=FilePurpose.BATCH)
    created = local.call(local.client.files().create(req))
    item = MyFiles.new(local.client).item(created.id)
    assert local.call(item.retrieve()).id == created.id
    assert local.call(item.content().get()) == b"{}\n"
    # Options on a nested group keep its prefix.
    assert local.call(item.with_options(headers={"X-A": "1"}).retrieve()).id == created.id


def test_the_prefix_is_encoded_once(local: Harness, local_server: MockOpenAIServer) -> None:
    item = MyFiles.new(local.client).item("a/b c%")
    try:
        local.call(item.content().get())
    except NotFoundError:
        pass
    [rec] = local_server.requests()
    assert rec.raw_path == "/v1/files/a%2Fb%20c%25/content"


def test_new_binds_a_group_to_a_client(local: Harness) -> None:
    chat = Chat.new(local.client)
    assert type(chat) is Chat and chat.client is local.client
    assert local.call(chat.create(chat_request("x"))).choices[0].message.content == "Echo: x"


# Streams of the three framings, end to end through Stream and AsyncStream ----------------


class Events(Resource[C]):
    @stream_endpoint
    def named(self) -> ApiRequest[dict[str, Any]]:
        return sse_request("POST", "/chat/completions", dict[str, Any], framing=Framing.NAMED)

    @stream_endpoint
    def typed(self) -> ApiRequest[dict[str, Any]]:
        return sse_request("POST", "/chat/completions", dict[str, Any], framing=Framing.TYPED,
                           terminal=frozenset({"response.completed"}))


NAMED = [
    'event: thread.created\ndata: {"id": "t1"}\n\n',
    'event: thread.message.delta\ndata: {"delta": "hi"}\n\n',
    "event: done\ndata: [DONE]\n\n",
]
TYPED = [
    'event: response.created\ndata: {"type": "response.created"}\n\n',
    'event: response.completed\ndata: {"type": "response.completed"}\n\n',
]


def test_named_events_end_at_done(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(CHAT, {"sse": NAMED})
    items = local.collect(local.call(Events.new(local.client).named()))
    assert [i["event"] for i in items] == ["thread.created", "thread.message.delta"]
    assert items[1]["data"] == {"delta": "hi"}


def test_named_events_cut_before_done_raise(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(CHAT, {"sse": NAMED[:2], "then": "disconnect"})
    stream = local.call(Events.new(local.client).named())
    with pytest.raises(StreamError):
        local.collect(stream)


def test_typed_events_end_with_the_connection(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(CHAT, {"sse": TYPED})
    items = local.collect(local.call(Events.new(local.client).typed()))
    assert [i["type"] for i in items] == ["response.created", "response.completed"]


def test_typed_events_without_a_terminal_event_raise(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(CHAT, {"sse": TYPED[:1]})
    stream = local.call(Events.new(local.client).typed())
    assert local.next(stream)["type"] == "response.created"
    with pytest.raises(StreamError, match="terminal event"):
        local.next(stream)


# Plans that wait between calls and read headers ------------------------------------------


class Poller(Resource[C]):
    @plan_endpoint
    def poll(self, times: int) -> Plan[list[str | None]]:
        ids: list[str | None] = []
        for _ in range(times):
            [raw] = yield Calls((Models.retrieve.describe(self, "gpt-4o-mini"),), raw=True)
            assert type(raw.parse()) is Model
            ids.append(raw.request_id)
            yield Sleep(0.001)
        return ids


def test_a_plan_sleeps_between_raw_calls(local: Harness, local_server: MockOpenAIServer) -> None:
    ids = local.call(Poller.new(local.client).poll(3))
    assert len(ids) == 3 and len(set(ids)) == 3 and all(ids)
    assert [r.path for r in local_server.requests()] == ["/v1/models/gpt-4o-mini"] * 3
