"""Nested resources: a sub-resource holds its encoded path prefix; options and ``new`` keep it."""

from __future__ import annotations

from typing import TypeVar

from conftest import Harness
from local_server import chat_request

from openai_rs_port._request import ApiRequest, json_decoder
from openai_rs_port._resource import Resource, binary_endpoint, endpoint
from openai_rs_port.chat import Chat
from openai_rs_port.error import NotFoundError
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types.file import CreateFileRequest, FilePurpose, OpenAIFile

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
