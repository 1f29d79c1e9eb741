"""Stored chat completions (``store: true``): retrieve, update, delete, list and messages.

Through Prism (requests checked against the spec) and on the local server, in both modes.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Harness

from openai_rs_port._pagination import AsyncPager
from openai_rs_port.chat import Chat, ChatMessages
from openai_rs_port.error import InvalidArgument, NotFoundError
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types import (
    ChatCompletionDeleted,
    ChatCompletionList,
    ChatCompletionMessageList,
    ChatCompletionRequestUserMessageArgs,
    ChatCompletionStoredMessage,
    CreateChatCompletionRequestArgs,
    CreateChatCompletionResponse,
    UpdateChatCompletionRequest,
)

pytest_plugins = ["local_server"]


def collect(h: Harness, pager: Any) -> list[Any]:
    if h.is_async:
        assert isinstance(pager, AsyncPager)

        async def run() -> list[Any]:
            return [x async for x in pager]

        return h.call(run())  # type: ignore[no-any-return]
    return list(pager)


def test_requests_on_the_wire(prism: Harness) -> None:
    chat = prism.client.chat()
    api = Chat.update.fn(chat, "cc/1", UpdateChatCompletionRequest(metadata={"k": "v"}))
    assert (api.method, api.path, api.body) == ("POST", "/chat/completions/cc%2F1", b'{"metadata":{"k":"v"}}')
    api = Chat.list.fn(chat, {"model": "gpt-4o", "metadata[topic]": "x", "limit": 2})
    assert (api.method, api.path) == ("GET", "/chat/completions")
    assert api.query == (("model", "gpt-4o"), ("metadata[topic]", "x"), ("limit", "2"))
    messages = chat.messages("cc_1")
    assert type(messages) is ChatMessages
    api = ChatMessages.list.fn(messages, {"order": "desc"})
    assert (api.path, api.query) == ("/chat/completions/cc_1/messages", (("order", "desc"),))
    assert UpdateChatCompletionRequest(metadata={}).to_dict() == {"metadata": {}}


def test_through_prism(prism: Harness) -> None:
    chat = prism.client.chat()
    got = prism.call(chat.retrieve("chatcmpl_1"))
    assert type(got) is CreateChatCompletionResponse and got.object == "chat.completion"
    updated = prism.call(chat.update("chatcmpl_1", UpdateChatCompletionRequest(metadata={"a": "b"})))
    assert type(updated) is CreateChatCompletionResponse
    deleted = prism.call(chat.delete("chatcmpl_1"))
    assert type(deleted) is ChatCompletionDeleted and deleted.object == "chat.completion.deleted"
    page = prism.call(chat.list({"limit": 1}))
    assert type(page) is ChatCompletionList and all(
        type(c) is CreateChatCompletionResponse for c in page.data)
    messages = prism.call(chat.messages("chatcmpl_1").list())
    assert type(messages) is ChatCompletionMessageList
    assert messages.data and all(type(m) is ChatCompletionStoredMessage and m.id for m in messages.data)


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_ids_are_checked(prism: Harness, bad: str) -> None:
    chat = prism.client.chat()
    for call in (lambda: chat.retrieve(bad), lambda: chat.delete(bad), lambda: chat.messages(bad).list(),
                 lambda: chat.update(bad, UpdateChatCompletionRequest(metadata={}))):
        with pytest.raises(InvalidArgument):
            prism.call(call())


def stored(text: str, *, store: bool = True, model: str = "gpt-4o-mini",
           metadata: dict[str, str] | None = None) -> Any:
    args = (CreateChatCompletionRequestArgs().model(model).store(store)
            .messages([ChatCompletionRequestUserMessageArgs().content(text).build()]))
    if metadata is not None:
        args.metadata(metadata)
    return args.build()


def test_stored_completions_on_the_local_server(local: Harness, local_server: MockOpenAIServer) -> None:
    chat = local.client.chat()
    kept = [local.call(chat.create(stored(f"q{i}", metadata={"topic": "even" if i % 2 == 0 else "odd"})))
            for i in range(4)]
    local.call(chat.create(stored("not kept", store=False)))
    other = local.call(chat.create(stored("other model", model="gpt-4o")))
    local_server.state.page_size = 2
    everything = collect(local, chat.list())
    assert [c.id for c in everything] == [c.id for c in kept] + [other.id]
    assert [c.id for c in collect(local, chat.list({"model": "gpt-4o"}))] == [other.id]
    evens = collect(local, chat.list({"metadata[topic]": "even"}))
    assert [c.id for c in evens] == [kept[0].id, kept[2].id]

    got = local.call(chat.retrieve(kept[1].id))
    assert got.choices[0].message.content == "Echo: q1"
    updated = local.call(chat.update(kept[1].id, UpdateChatCompletionRequest(metadata={"topic": "even"})))
    assert updated.id == kept[1].id
    assert len(collect(local, chat.list({"metadata[topic]": "even"}))) == 3

    [message] = collect(local, chat.messages(kept[1].id).list())
    assert type(message) is ChatCompletionStoredMessage
    assert (message.role, message.content) == ("user", "q1") and message.id

    deleted = local.call(chat.delete(kept[1].id))
    assert deleted == ChatCompletionDeleted(id=kept[1].id, deleted=True)
    with pytest.raises(NotFoundError):
        local.call(chat.retrieve(kept[1].id))
    with pytest.raises(NotFoundError):
        local.call(chat.messages(kept[1].id).list())


def test_messages_paginate(local: Harness, local_server: MockOpenAIServer) -> None:
    chat = local.client.chat()
    texts = [f"m{i}" for i in range(5)]
    req = (CreateChatCompletionRequestArgs().model("gpt-4o-mini").store(True)
           .messages([ChatCompletionRequestUserMessageArgs().content(t).build() for t in texts]).build())
    c = local.call(chat.create(req))
    local_server.state.page_size = 2
    assert [m.content for m in collect(local, chat.messages(c.id).list())] == texts
    first = local.call(chat.messages(c.id).list({"order": "desc"}))
    assert first.has_more and [m.content for m in first.data] == ["m4", "m3"]


def test_local_server_cites_a_search_result_for_web_search_options(local: Harness) -> None:
    """A web search request's echo ends with a linked source, its span annotated as a url_citation."""
    from openai_rs_port.types import (
        ChatCompletionAnnotationUrlCitation,
        ChatCompletionRequestUserMessageArgs,
        CreateChatCompletionRequestArgs,
        WebSearchContextSize,
        WebSearchOptions,
    )

    base = (CreateChatCompletionRequestArgs.default().model("gpt-4o-mini-search-preview")
            .messages([ChatCompletionRequestUserMessageArgs.default().content("news?").build()]))
    plain = local.call(local.client.chat().create(base.build())).choices[0].message
    assert plain.content == "Echo: news?" and not plain.annotations
    request = base.web_search_options(WebSearchOptions(search_context_size=WebSearchContextSize.LOW)).build()
    message = local.call(local.client.chat().create(request)).choices[0].message
    [note] = message.annotations or []
    assert isinstance(note, ChatCompletionAnnotationUrlCitation)
    cited = message.content[note.url_citation.start_index:note.url_citation.end_index]
    assert cited == f"[example.com]({note.url_citation.url})"
    assert message.content.startswith("Echo: news? (")
