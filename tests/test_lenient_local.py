"""What an OpenAI-compatible server really sends, through both clients: omitted required fields
decode (None, or [] for a list), and a value of the wrong shape fails naming its path."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from conftest import Harness

from openai_rs_port import Backoff
from openai_rs_port.error import JSONDeserialize
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types.audio import (
    CreateTranscriptionRequestArgs,
    CreateTranscriptionResponseVerboseJson,
)
from openai_rs_port.types.chat import (
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionRequestArgs,
    CreateChatCompletionResponse,
)

pytest_plugins = ["local_server"]  # fixtures: local_server, local

CHAT = "/v1/chat/completions"
REQUEST = (CreateChatCompletionRequestArgs().model("m")
           .messages([ChatCompletionRequestUserMessageArgs().content("hi").build()]).build())


def answer(local_server: MockOpenAIServer, path: str, body: Any) -> None:
    local_server.script(path, {"status": 200, "json": body})


def test_a_chat_answer_without_created_or_index_decodes(
    local: Harness, local_server: MockOpenAIServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="openai_rs_port")
    answer(local_server, CHAT, {"id": "c", "object": "chat.completion", "model": "m",
                                "choices": [{"message": {"role": "assistant", "content": "ok"},
                                             "finish_reason": "stop"}]})
    r = local.call(local.client.chat().create(REQUEST))
    assert type(r) is CreateChatCompletionResponse
    assert r.created is None and r.choices[0].index is None  # type: ignore[comparison-overlap]
    assert r.choices[0].message.content == "ok"
    logged = " ".join(rec.getMessage() for rec in caplog.records if rec.levelno == logging.DEBUG)
    assert "'created'" in logged and "choices[0].index" in logged


def test_a_value_of_the_wrong_shape_names_its_path(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    answer(local_server, CHAT, {"id": "c", "object": "chat.completion", "model": "m", "created": 1,
                                "choices": [{"index": "0", "finish_reason": "stop",
                                             "message": {"role": "assistant", "content": "ok"}}]})
    client = local.make(backoff=Backoff.disabled())
    with pytest.raises(JSONDeserialize) as e:
        local.call(client.chat().create(REQUEST))
    assert "choices[0].index: expected int, got str '0'" in str(e.value)


def test_a_plain_transcript_decodes_as_verbose_json(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    answer(local_server, "/v1/audio/transcriptions", {"text": "hello"})
    req = (CreateTranscriptionRequestArgs().file(("a.wav", b"RIFF")).model("whisper-1")
           .response_format("verbose_json").build())
    r = local.call(local.client.audio().transcribe_verbose_json(req))
    assert type(r) is CreateTranscriptionResponseVerboseJson
    assert r.text == "hello" and r.language is None and r.segments is None


def test_an_empty_file_list_has_no_cursors(local: Harness) -> None:
    page = local.call(local.client.files().list())
    assert type(page).__name__ == "ListFilesResponse"
    assert page.data == [] and page.first_id is None and page.last_id is None
    assert page.has_more is False
