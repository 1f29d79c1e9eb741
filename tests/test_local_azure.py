"""The local server's Azure OpenAI REST shape, through ``AzureConfig`` on both clients.

``/openai/deployments/{deployment}/<tail>?api-version=...`` is answered by the ``/v1/<tail>``
handler, with the key in the ``api-key`` header.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import aiohttp
import pytest
import requests
from conftest import Harness, make_harness

from openai_rs_port import AzureConfig, Backoff
from openai_rs_port.error import AuthenticationError, BadRequestError
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types import (
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionRequest,
    CreateChatCompletionRequestArgs,
    CreateEmbeddingRequestArgs,
    CreateFileRequestArgs,
    FilePurpose,
)

KEY = "azure-key-0123"
DEPLOYMENT = "gpt-4o-mini-deployment"
VERSION = "2024-10-21"


@pytest.fixture(scope="module")
def server() -> Iterator[MockOpenAIServer]:
    with MockOpenAIServer(api_key=KEY) as s:
        yield s


def azure(server: MockOpenAIServer, mode: str, *, key: str = KEY, version: str = VERSION) -> Harness:
    cfg = AzureConfig(api_key=key, api_base=server.url, deployment_id=DEPLOYMENT, api_version=version)
    return make_harness(mode, cfg, Backoff.disabled())  # type: ignore[arg-type]


@pytest.fixture
def h(server: MockOpenAIServer, mode: str) -> Iterator[Harness]:
    server.reset()
    harness = azure(server, mode)
    try:
        yield harness
    finally:
        harness.close()


def chat_request(text: str) -> CreateChatCompletionRequest:
    return (CreateChatCompletionRequestArgs.default().model("gpt-4o-mini")
            .messages([ChatCompletionRequestUserMessageArgs.default().content(text).build()]).build())


def test_chat_create_and_stream(h: Harness, server: MockOpenAIServer) -> None:
    reply = h.call(h.client.chat().create(chat_request("hello azure")))
    assert reply.choices[0].message.content == "Echo: hello azure"
    stream = h.call(h.client.chat().create_stream(chat_request("streamed")))
    text = "".join(c.choices[0].delta.content or "" for c in h.collect(stream) if c.choices)
    assert text == "Echo: streamed"
    recs = server.requests()
    assert [r.path for r in recs] == [f"/openai/deployments/{DEPLOYMENT}/chat/completions"] * 2
    assert all(("api-version", VERSION) in r.query for r in recs)
    assert all(r.headers.get("api-key") == KEY and "authorization" not in r.headers for r in recs)


def test_embeddings(h: Harness, server: MockOpenAIServer) -> None:
    request = (CreateEmbeddingRequestArgs.default().model("text-embedding-3-small")
               .input(["one", "two"]).build())
    response = h.call(h.client.embeddings().create(request))
    assert len(response.data) == 2 and len(response.data[0].embedding) > 0
    assert server.requests()[0].path == f"/openai/deployments/{DEPLOYMENT}/embeddings"


def test_files_upload_list_content_delete(h: Harness) -> None:
    request = (CreateFileRequestArgs.default().file(("notes.txt", b"azure file body"))
               .purpose(FilePurpose.ASSISTANTS).build())
    created = h.call(h.client.files().create(request))
    assert created.filename == "notes.txt" and created.bytes == len(b"azure file body")
    listed = h.call(h.client.files().list())
    assert [f.id for f in listed.data] == [created.id]
    assert h.call(h.client.files().content(created.id)) == b"azure file body"
    assert h.call(h.client.files().delete(created.id)).deleted is True


def test_a_script_for_the_v1_path_answers_the_azure_path(h: Harness, server: MockOpenAIServer) -> None:
    server.script("/v1/chat/completions", {"status": 400, "json": {"error": {
        "message": "scripted", "type": "invalid_request_error", "param": None, "code": None}}})
    with pytest.raises(BadRequestError, match="scripted"):
        h.call(h.client.chat().create(chat_request("x")))


def test_missing_api_version_is_400(server: MockOpenAIServer, mode: str) -> None:
    harness = azure(server, mode, version="")
    try:
        with pytest.raises(BadRequestError) as info:
            harness.call(harness.client.chat().create(chat_request("x")))
        assert info.value.status == 400 and "api-version" in str(info.value)
    finally:
        harness.close()


def test_wrong_key_is_401(server: MockOpenAIServer, mode: str) -> None:
    harness = azure(server, mode, key="wrong")
    try:
        with pytest.raises(AuthenticationError) as info:
            harness.call(harness.client.embeddings().create(
                CreateEmbeddingRequestArgs.default().model("m").input("x").build()))
        assert info.value.status == 401
    finally:
        harness.close()


def test_api_key_header_is_azure_only(server: MockOpenAIServer) -> None:
    body = {"model": "m", "input": "x"}
    v1 = requests.post(f"{server.base_url}/embeddings", json=body, headers={"api-key": KEY}, timeout=10)
    assert v1.status_code == 401
    ok = requests.post(f"{server.url}/openai/deployments/d/embeddings?api-version={VERSION}", json=body,
                       headers={"api-key": KEY}, timeout=10)
    assert ok.status_code == 200 and ok.json()["object"] == "list"


def test_azure_realtime_socket_takes_the_api_key_header(server: MockOpenAIServer) -> None:
    async def first_event(key: str) -> str | int:
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(f"{server.url}/openai/realtime", headers={"api-key": key},
                                              params={"api-version": VERSION, "deployment": "rt"}) as ws:
                    return str((await ws.receive_json())["type"])
            except aiohttp.WSServerHandshakeError as e:
                return e.status

    assert asyncio.run(first_event(KEY)) == "session.created"
    assert asyncio.run(first_event("wrong")) == 401
